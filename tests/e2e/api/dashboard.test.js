'use strict';
/*
 * The dashboards (issue 18), /units/{s}/{c}/dashboard and its JSON, on a
 * `ntm demo` database:
 *  - the criteria panels give the numbers of the roll-up page they link to
 *    (status, share, evaluated, the trend year by year, the distribution,
 *    the criteria most often missed, the close-to-standard count and list),
 *    for the nation and a province, in the newest year and in 2025 (the
 *    2021-2025 set carried into the 2025 provinces through the lineage);
 *    a commune's status is its evaluation's;
 *  - the dossiers panel counts what the officers' list and the public
 *    register count (open, overdue, titles), and names no dossier to an
 *    anonymous visitor, while the PDF of a signed-in officer does;
 *  - 404 for a unit that does not exist (and a village), 422 naming
 *    `year` (400 when it is not a number); anonymous answers carry no user's name or username;
 *  - the page shows every panel with its link, and the unit page links to
 *    the dashboard.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client, DEMO, allUsers } = require('../lib/accounts');
const { ok, okResponse, refused } = require('../lib/http');
const { mainOf, unescapeHtml } = require('../lib/ntm');

let ntm;
let anon;
let admin;

before(async () => {
	ntm = await startDemo();
	anon = Client.anonymous(ntm.base);
	admin = await Client.login(ntm.base, 'admin');
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

const panel = (d, key) => d.panels.find((p) => p.key === key);
const figure = (p, key) => p.figures.find((f) => f.key === key);

async function dashboard(unit, year) {
	return ok(await anon.get(`/api/v1/units/${unit}/dashboard${year ? `?year=${year}` : ''}`));
}

/* The roll-up the status panel links to: its set and year from the link. */
async function rollupOf(p) {
	const m = /^\/units\/([^/]+)\/([^/]+)\/rollup\/([^/]+)\/(\d+)/.exec(p.link);
	assert.ok(m, `a roll-up link: ${p.link}`);
	return { set: m[3], year: Number(m[4]), ru: ok(await anon.get(`/api/v1${m[0]}`)) };
}

/* The criteria panels of a scope equal its roll-up. */
async function checkScope(unit, year) {
	const d = await dashboard(unit, year);
	const st = panel(d, 'ntm_status');
	const { ru, set } = await rollupOf(st);
	assert.equal(ru.year, d.year);
	assert.equal(figure(st, 'met').value, ru.met);
	assert.equal(figure(st, 'met').of, ru.units_in_scope);
	assert.equal(figure(st, 'evaluated').value, ru.evaluated);
	assert.equal(figure(st, 'met_share').value, ru.met_share);
	assert.equal(figure(st, 'avg_criteria_met').value, ru.avg_criteria_met);
	/* the trend: one line per criteria set; each year of this set is the
	 * roll-up's own year row on the line of this set, the other lines
	 * have a gap there */
	const x = st.chart.x.map(Number);
	const { years } = ok(await anon.get(`/api/v1/criteria-sets/${set}`)).set;
	const line = st.chart.series.find((s) => s.name.includes(`${years.from}–${years.to}`));
	assert.ok(line, `a line of the set ${set}: ${st.chart.series.map((s) => s.name)}`);
	for (const y of ru.years) {
		const i = x.indexOf(y.year);
		assert.ok(i >= 0, `year ${y.year} in the trend of ${unit}`);
		assert.equal(line.values[i], y.met, `${unit} ${y.year}`);
		for (const other of st.chart.series.filter((s) => s !== line))
			assert.equal(other.values[i], null, `one set a year: ${unit} ${y.year}`);
	}
	assert.deepEqual(d.years.filter((y) => x.includes(y)), x, 'the trend runs over years with data');

	const dist = panel(d, 'ntm_distribution');
	assert.deepEqual(dist.chart.bars.map((b) => b.value), ru.distribution.map((r) => r.units));

	const missed = panel(d, 'ntm_missed');
	const worst = [...ru.criteria].filter((c) => c.failed > 0)
		.sort((a, b) => b.failed - a.failed).slice(0, 5);
	if (worst.length > 0) {
		assert.deepEqual(missed.chart.bars.map((b) => b.value), worst.map((c) => c.failed));
		assert.deepEqual(missed.chart.bars.map((b) => b.label), worst.map((c) => `${c.id}. ${c.name}`));
	} else
		assert.ok(missed.empty);

	const close = panel(d, 'ntm_close');
	assert.equal(figure(close, 'close_total').value, ru.close_to_standard_total);
	if (ru.close_to_standard.length > 0) {
		const rows = close.table.rows;
		assert.equal(rows.length, Math.min(10, ru.close_to_standard.length));
		rows.forEach((r, i) => {
			const c = ru.close_to_standard[i];
			assert.ok(r.unit.startsWith(c.full_name), `${r.unit} is ${c.full_name}`);
			assert.equal(r.href, `/units/${c.structure}/${c.code}/dashboard`);
		});
	}
	return { d, set };
}

describe('criteria panels equal the roll-up pages', () => {
	test('the nation, newest year and 2025 (the old communes counted in the 2025 units)', async () => {
		const newest = await checkScope('2025/VN');
		assert.equal(newest.d.unit.level, 'country');
		assert.equal(newest.d.year, Math.max(...newest.d.years));
		const y2025 = await checkScope('2025/VN', 2025);
		assert.equal(y2025.set, 'ntm-xa-2021-2025');
		assert.ok(figure(panel(y2025.d, 'ntm_status'), 'met').value > 0, 'the demo has communes meeting the 2021-2025 set');
		assert.equal(panel(newest.d, 'ntm_status').map, 'ntm_met_share');
	});

	test('a province and a pre-2025 district, with the units above them', async () => {
		const { d } = await checkScope('2025/01');
		assert.equal(d.unit.level, 'province');
		assert.deepEqual(d.unit.parents.map((p) => p.href), ['/units/2025/VN/dashboard']);
		await checkScope('2025/01', 2025);
		const dist = await checkScope('pre2025/016', 2025);
		assert.equal(dist.d.unit.level, 'district');
	});

	test("a commune: its evaluation's status and criteria", async () => {
		const d = await dashboard('2025/00376');
		assert.equal(d.unit.level, 'commune');
		const st = panel(d, 'ntm_status');
		const ev = ok(await anon.get(`/api/v1${st.link}`));
		assert.equal(figure(st, 'criteria_met').value, ev.criteria_met);
		assert.equal(figure(st, 'criteria_met').of, ev.criteria_total);
		/* every criterion, its result, what it asks, its place in the set */
		const crit = panel(d, 'ntm_criteria');
		assert.deepEqual(crit.table.rows.map((r) => r.criterion), ev.criteria.map((c) => `${c.id}. ${c.name}`));
		ev.criteria.forEach((c, i) => {
			const row = crit.table.rows[i];
			assert.equal(row.result, c.met === true ? 'Đạt' : c.met === false ? 'Chưa đạt' : 'Chưa đủ dữ liệu', c.id);
			if ((c.indicators || []).length)
				assert.ok(row.note.startsWith(c.indicators[0].name), row.note);
			else
				assert.equal(row.note, '—');
			assert.equal(row.href, `/criteria-sets/${ev.set_id}#c-${c.id}`);
		});
		assert.equal(figure(crit, 'not_met').value, ev.criteria.filter((c) => c.met !== true).length);
		const set = await anon.get(`/criteria-sets/${ev.set_id}`);
		assert.ok(set.text.includes(`id="c-${ev.criteria[0].id}"`), 'the link lands on the criterion');
		const page = await anon.get('/units/2025/00376/dashboard');
		assert.ok(page.text.includes('Các tiêu chí nông thôn mới của xã'));
		assert.equal(panel(d, 'ntm_missed'), undefined, 'the full list replaces the missed ones');
		assert.equal(panel(d, 'ntm_distribution'), undefined, 'no distribution for one commune');
	});
});

test('a commune\'s titles and decisions: its own and its predecessors\', as the register holds them', async () => {
	const unit = ok(await anon.get('/api/v1/units/2025/00433'));
	const codes = new Set([unit.code, ...unit.predecessors.map((u) => u.code)]);
	const reg = ok(await anon.get('/api/v1/recognitions?province=2025:01&limit=500'));
	const mine = reg.items.filter((i) => codes.has(i.unit.code));
	assert.ok(mine.length > 0, 'the demo has titles of Nội Bài\'s predecessors');
	const p = panel(await dashboard('2025/00433'), 'dossiers');
	assert.equal(figure(p, 'titles').value, mine.filter((i) => !i.revoked).length);
	assert.deepEqual(p.table.rows.map((r) => r.unit).sort(), mine.map((i) => i.unit.name).sort());
	for (const i of mine) {
		const row = p.table.rows.find((r) => r.unit === i.unit.name);
		assert.ok(row.decision.startsWith(`Quyết định ${i.decision_no}`), row.decision);
		assert.equal(row.note, row.decision, 'the decision is the line under the name');
		assert.equal(row.href, i.dossier_id ? `/dossiers/${i.dossier_id}/decision.pdf` : undefined);
	}
	const pdf = await anon.get(p.table.rows.find((r) => r.href).href);
	assert.equal(pdf.status, 200, 'the decision opens without signing in');
});

test('a province\'s map outlines the province; the nation\'s outlines none', async () => {
	const outline = /<path d="([^"]+)" fill="none" stroke="#1b1b1b"/;
	const hn = await anon.get('/units/2025/01/dashboard');
	const m = outline.exec(hn.text);
	assert.ok(m, 'Hà Nội is outlined');
	/* the outline is Hà Nội's own shape: the path its link draws */
	const linked = new RegExp(`<a href="/units/2025/01/dashboard"><path d="([^"]+)"`).exec(hn.text);
	assert.ok(linked, 'Hà Nội links to its dashboard on the map');
	assert.equal(m[1], linked[1]);
	assert.equal(outline.test((await anon.get('/units/2025/VN/dashboard')).text), false);
});

describe('dossiers panel equals the dossiers list and the register', () => {
	for (const [unit, province] of [['2025/VN', null], ['2025/48', '2025:48'], ['2025/01', '2025:01']]) {
		test(unit, async () => {
			const d = await dashboard(unit);
			const p = panel(d, 'dossiers');
			const q = province ? `&province=${province}` : '';
			const all = ok(await admin.get(`/api/v1/dossiers?kind=recognition&limit=500${q}`));
			const late = ok(await admin.get(`/api/v1/dossiers?kind=recognition&overdue=1&limit=500${q}`));
			const reg = ok(await anon.get(`/api/v1/recognitions?limit=1${q}`));
			assert.equal(figure(p, 'open').value, all.items.filter((i) => i.is_open).length);
			assert.equal(figure(p, 'overdue').value, late.total);
			assert.equal(figure(p, 'titles').value, reg.total);
			assert.equal(p.table, undefined, 'no dossier named to a visitor');
			const open = p.chart ? p.chart.bars.reduce((s, b) => s + b.value, 0) : 0;
			assert.equal(open, figure(p, 'open').value, 'the states add up to the open dossiers');
		});
	}

	test('the overdue dossier is named in an officer\'s PDF only', async () => {
		const late = ok(await admin.get('/api/v1/dossiers?kind=recognition&overdue=1'));
		assert.ok(late.total >= 1, 'the demo has an overdue dossier');
		const a = okResponse(await anon.get('/units/2025/VN/dashboard.pdf'));
		assert.match(a.text.slice(0, 5), /%PDF-/);
		const o = okResponse(await admin.get('/units/2025/VN/dashboard.pdf'));
		assert.match(o.text.slice(0, 5), /%PDF-/);
		assert.ok(o.text.length > a.text.length, 'the officer\'s PDF has the list of overdue dossiers');
		assert.match(o.headers.get('cache-control') || '', /no-store/);
	});
});

describe('bad input and what a visitor sees', () => {
	test('unknown unit: 404; a village: 404; a bad year: 422 naming it', async () => {
		refused(await anon.get('/api/v1/units/2025/99/dashboard'), 404, 'code');
		refused(await anon.get('/api/v1/units/2030/VN/dashboard'), 404);
		refused(await anon.get('/api/v1/units/2025/00376-01/dashboard'), 404, 'code', 'dashboard.no_dashboard');
		refused(await anon.get('/api/v1/units/2025/VN/dashboard?year=abc'), 400, 'year');
		refused(await anon.get('/api/v1/units/2025/VN/dashboard?year=1900'), 422, 'year');
		const page = await anon.get('/units/2025/99/dashboard');
		assert.equal(page.status, 404);
	});

	test('no user name or username in anything a visitor gets', async () => {
		const users = await allUsers(admin);
		const full = await Promise.all(Object.keys(DEMO).map(async (u) => {
			const c = await Client.login(ntm.base, u);
			return c.user && c.user.full_name;
		}));
		const names = [...users.map((u) => u.username), ...full].filter((s) => s && s.length >= 4);
		/* a name as a whole word of the text people read (not inside a
		 * link's address: "ocop" is a username and a path) */
		const esc = (n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		const word = (n) => new RegExp(`(?<![\\p{L}\\p{N}_])${esc(n)}(?![\\p{L}\\p{N}_])`, 'u');
		for (const unit of ['2025/VN', '2025/01', '2025/48', '2025/00376', '2025/20308']) {
			/* the JSON's texts: every string but machine keys and addresses */
			const texts = [];
			const walk = (v, k) => {
				if (typeof v === 'string' && !['key', 'href', 'link', 'map', 'kind', 'level'].includes(k))
					texts.push(v);
				else if (v && typeof v === 'object')
					for (const [kk, vv] of Object.entries(v))
						walk(vv, Array.isArray(v) ? k : kk);
			};
			walk(ok(await anon.get(`/api/v1/units/${unit}/dashboard`)), '');
			const j = texts.join('\n');
			const h = unescapeHtml(mainOf((await anon.get(`/units/${unit}/dashboard`)).text)
				.replace(/<[^>]+>/g, ' '));
			for (const n of names) {
				assert.ok(!word(n).test(j), `${n} in the JSON of ${unit}`);
				assert.ok(!word(n).test(h), `${n} on the page of ${unit}`);
			}
		}
	});
});

describe('the page', () => {
	test('every panel with its title and link; charts drawn; the unit page links here', async () => {
		const d = await dashboard('2025/01');
		const r = okResponse(await anon.get('/units/2025/01/dashboard'));
		const html = mainOf(r.text);
		for (const p of d.panels) {
			assert.ok(html.includes(`id="${p.key}"`), p.key);
			assert.ok(unescapeHtml(html).includes(p.title), p.title);
			if (p.link)
				assert.ok(unescapeHtml(html).includes(`href="${p.link}"`), p.link);
		}
		assert.ok((html.match(/<svg/g) || []).length >= 2, 'charts drawn as SVG');
		assert.ok(html.includes('href="/units/2025/01/dashboard.pdf"'));
		const unit = okResponse(await anon.get('/units/2025/01'));
		assert.ok(mainOf(unit.text).includes('href="/units/2025/01/dashboard"'));
		const commune = okResponse(await anon.get('/units/2025/00376'));
		assert.ok(mainOf(commune.text).includes('href="/units/2025/00376/dashboard"'));
	});

	test('the year chosen is the one shown, in English too', async () => {
		const r = okResponse(await anon.get('/units/2025/VN/dashboard?year=2025'));
		assert.match(mainOf(r.text), /<option value="2025" selected>/);
		const en = ok(await anon.get('/api/v1/units/2025/VN/dashboard?year=2025&lang=en'));
		assert.equal(en.year, 2025);
		assert.equal(panel(en, 'ntm_status').title, 'Communes meeting the New Rural standard');
	});

	test('cached per data version: an ETag, and the same body again', async () => {
		const a = await anon.get('/api/v1/units/2025/VN/dashboard');
		const b = await anon.get('/api/v1/units/2025/VN/dashboard');
		assert.ok(a.headers.get('etag'));
		assert.equal(a.headers.get('etag'), b.headers.get('etag'));
		assert.equal(a.text, b.text);
	});
});
