'use strict';
/*
 * The digital-readiness pages (issue 19, docs/DIGITAL.md section 4), read
 * with no account on the demo (typed values of the readiness set for the
 * communes of a few provinces): every page shows what the JSON of the
 * same address says (the national picture), in words - no unit code, set
 * id or key as text; the ranking sorts and pages by links; the exports
 * hold the page's table; the maps and the dashboard's digital panel give
 * the same figures; the entry form shows an observed indicator read-only
 * with its method and no field; an unknown unit is 404, a year outside
 * the set 422 naming it.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client } = require('../lib/accounts');
const { mainOf, unescapeHtml } = require('../lib/ntm');
const { ok, okResponse, refused } = require('../lib/http');
const { assessCommunes } = require('../lib/dx');

let ntm, anon, nation, year, setId;

const YEAR = 2026;

before(async () => {
	ntm = await startDemo();
	anon = Client.anonymous(ntm.base);
	await assessCommunes(ntm.base, YEAR);
	nation = ok(await anon.get(`/api/v1/units/2025/VN/digital?year=${YEAR}`));
	year = nation.year;
	setId = nation.set.id;
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

/* A number as the Vietnamese pages write it (up to one decimal here). */
function vi(x) {
	if (x === null || x === undefined)
		return '—';
	const [i, d] = String(x).split('.');
	return i.replace(/\B(?=(\d{3})+(?!\d))/g, '.') + (d ? `,${d}` : '');
}

/* The visible text of a page's main part (no SVG, no tags). */
function textOf(html) {
	return unescapeHtml(mainOf(html).replace(/<svg[\s\S]*?<\/svg>/g, ' ').replace(/<[^>]*>/g, ' '));
}

/* The cells of a table's body rows, as text. */
function tableRows(html, id) {
	const t = new RegExp(`<table[^>]*id="${id}"[\\s\\S]*?<tbody>([\\s\\S]*?)</tbody>`).exec(html);
	assert.ok(t, `table ${id}`);
	return [...t[1].matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) =>
		[...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => unescapeHtml(c[1].replace(/<[^>]*>/g, '').trim())));
}

/* A CSV download: its rows of cells (quotes as RFC 4180). */
/* Names in the platform's order: by their folded form (no diacritics,
 * đ as d, lower case), as the unit search and every sorted list. */
function fold(s) {
	return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}
function byFolded(a, b) {
	const x = fold(a), y = fold(b);
	return x < y ? -1 : x > y ? 1 : 0;
}

async function csvRows(url) {
	const res = await fetch(`${ntm.base}${url}`);
	assert.equal(res.status, 200, url);
	assert.match(res.headers.get('content-type'), /^text\/csv/);
	const text = Buffer.from(await res.arrayBuffer()).subarray(3).toString('utf8');
	const rows = [];
	let row = [], cell = '', q = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (q) {
			if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') q = false; else cell += ch;
		} else if (ch === '"') q = true;
		else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; } else cell += ch;
	}
	if (cell !== '' || row.length)
		rows.push([...row, cell]);
	return rows;
}

function noCodes(text, what) {
	assert.doesNotMatch(text, /2025:\d|\bdx[-_][a-z]|\b(reports|dossiers)_on_time_share\b|\bcommune_officer\b/, `${what}: no code, id or key as text`);
}

test('the national picture holds the assessed communes of several provinces', () => {
	assert.ok(nation.assessed > 0, 'communes assessed');
	assert.ok(nation.children.filter((c) => c.assessed > 0).length >= 3, 'in three provinces or more');
	assert.ok(nation.ranking.length > 0);
});

test('/chuyen-doi-so is the nation\'s page, and it shows what the JSON says', async () => {
	const short = okResponse(await anon.get('/chuyen-doi-so'));
	const page = okResponse(await anon.get(`/units/2025/VN/digital?year=${year}&set=${setId}`));
	for (const html of [short.text, page.text]) {
		const text = textOf(html);
		assert.match(text, /Mức độ sẵn sàng chuyển đổi số: /);
		assert.match(mainOf(html), new RegExp(`id="dx-assessed">${vi(nation.assessed)}<`));
		assert.match(mainOf(html), new RegExp(`id="dx-score-avg">${vi(nation.score_avg)}<`));
		noCodes(text, 'the national page');
		/* the provinces by level: one row per province, its counts */
		const rows = tableRows(html, 'provinces-table');
		assert.equal(rows.length, nation.children.length);
		nation.children.forEach((c, k) => {
			assert.equal(rows[k][0], c.name);
			assert.equal(rows[k][2], vi(c.assessed));
			assert.deepEqual(rows[k].slice(4), c.by_level.map(vi));
		});
		/* the ranking, best first, as the JSON */
		const rk = tableRows(html, 'ranking-table');
		assert.equal(rk.length, Math.min(50, nation.ranking_total));
		nation.ranking.slice(0, rk.length).forEach((r, k) => {
			assert.equal(rk[k][0], vi(r.rank));
			assert.equal(rk[k][1], r.name);
			assert.equal(rk[k][3], vi(r.score));
		});
		assert.match(html, /<svg[^>]*class="map"/, 'the provinces\' map');
	}
	assert.match(short.text, /<a href="\/chuyen-doi-so"/, 'the navigation leads here');
	const home = okResponse(await anon.get('/'));
	assert.match(home.text, /<a href="\/chuyen-doi-so">Chuyển đổi số<\/a>/);
});

test('a province\'s ranking sorts by name and pages by links', async () => {
	const prov = nation.children.filter((c) => c.assessed > 0).sort((a, b) => b.assessed - a.assessed)[0];
	const j = ok(await anon.get(`/api/v1/units/2025/${prov.code}/digital?year=${year}&limit=500`));
	const base = `/units/2025/${prov.code}/digital?year=${year}&set=${setId}`;
	const page = okResponse(await anon.get(`${base}&sort=name&dir=asc&limit=2`));
	const rows = tableRows(page.text, 'ranking-table');
	assert.equal(rows.length, Math.min(2, j.ranking_total));
	const names = j.ranking.map((r) => r.name).sort(byFolded);
	assert.deepEqual(rows.map((r) => r[1]), names.slice(0, rows.length));
	noCodes(textOf(page.text), 'a province\'s page');
	if (j.ranking_total > 2) {
		const next = /<a class="button secondary" href="([^"]+)" rel="next"/.exec(page.text);
		assert.ok(next, 'a next page');
		const p2 = okResponse(await anon.get(unescapeHtml(next[1]).replace(/#.*$/, '')));
		assert.deepEqual(tableRows(p2.text, 'ranking-table').map((r) => r[1]), names.slice(2, 4));
	}
	/* the export is the ranking in the page's sort, every commune */
	const csv = await csvRows(`${base}&sort=name&dir=asc&list=ranking`.replace('/digital?', '/digital/export.csv?'));
	assert.deepEqual(csv[0], ['Hạng', 'Xã', 'Điểm', 'Mức']);
	assert.deepEqual(csv.slice(1).map((r) => r[1]), names);
});

test('a commune\'s page: its score, level, ranks, every indicator with typed and observed side by side', async () => {
	const top = nation.ranking[0];
	const j = ok(await anon.get(`/api/v1/units/2025/${top.code}/digital?year=${year}`));
	const page = okResponse(await anon.get(`/units/2025/${top.code}/digital?year=${year}`));
	const main = mainOf(page.text);
	assert.match(main, new RegExp(`id="dx-score">${vi(j.score.score)}<`));
	if (j.score.level)
		assert.match(main, new RegExp(`id="dx-level">${j.score.level.name}<`));
	assert.match(main, new RegExp(`id="dx-rank">${vi(j.rank)}<`));
	assert.match(main, new RegExp(`id="dx-province-rank">${vi(j.province_rank)}<`));
	const inds = j.evaluation.criteria.flatMap((c) => c.indicators);
	const rows = [...main.matchAll(/<table class="list small register dx-indicators">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/g)]
		.flatMap((t) => [...t[1].matchAll(/<tr class="([^"]*)">([\s\S]*?)<\/tr>/g)]);
	assert.equal(rows.length, inds.length, 'every indicator');
	inds.forEach((ind, k) => {
		assert.ok(unescapeHtml(rows[k][2]).includes(ind.name), ind.name);
		assert.equal(rows[k][1] === 'observed', Boolean(ind.observed), `${ind.name} observed or typed`);
		if (ind.observed)
			assert.match(rows[k][2], /Đo trên nền tảng/);
	});
	for (const l of j.score.lifts)
		assert.ok(textOf(page.text).includes(l.name), `lift ${l.name}`);
	if (j.trend.length > 0)
		assert.match(main, /<svg[^>]*role="img"/, 'the trend');
	noCodes(textOf(page.text), 'a commune\'s page');
	assert.match(main, new RegExp(`href="/units/2025/${top.code}/indicators/${setId}/${year}"`), 'a link to the entry form');
	/* its export: the indicators the page lists */
	const csv = await csvRows(`/units/2025/${top.code}/digital/export.csv?year=${year}`);
	assert.equal(csv[0][1], 'Chỉ tiêu');
	assert.deepEqual(csv.slice(1).map((r) => r[1]), inds.map((i) => i.name));
	const x = await fetch(`${ntm.base}/units/2025/${top.code}/digital/export.xlsx?year=${year}`);
	assert.equal(x.status, 200);
	assert.equal(x.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
	assert.equal(Buffer.from(await x.arrayBuffer()).subarray(0, 2).toString(), 'PK');
});

test('the national export of provinces is the page\'s table', async () => {
	const csv = await csvRows(`/units/2025/VN/digital/export.csv?year=${year}&list=provinces`);
	assert.equal(csv.length - 1, nation.children.length);
	nation.children.forEach((c, k) => {
		assert.equal(csv[k + 1][0], c.name);
		assert.equal(Number(csv[k + 1][2]), c.assessed);
	});
});

test('the maps: a province\'s average score and its share at the two top levels are its page\'s', async () => {
	const m = ok(await anon.get(`/api/v1/maps/2025/dx_score/${year}`));
	const adv = ok(await anon.get(`/api/v1/maps/2025/dx_advanced_share/${year}`));
	assert.equal(m.provinces.length, 34);
	const n = nation.set.levels.length;
	for (const c of nation.children) {
		const p = m.provinces.find((x) => x.code === c.code);
		const a = adv.provinces.find((x) => x.code === c.code);
		if (c.assessed === 0) {
			assert.equal(p.value, null, c.name);
			continue;
		}
		assert.equal(p.value, Math.round(c.score_avg * 10) / 10, c.name);
		const top = c.by_level.slice(Math.max(0, n - 2)).reduce((s, x) => s + x, 0);
		assert.equal(a.value, Math.round(1000 * top / c.assessed) / 10, c.name);
	}
	const catalog = ok(await anon.get('/api/v1/maps'));
	assert.ok(catalog.indicators.find((i) => i.indicator === 'dx_score'));
});

test('the dashboards\' digital panel: the nation\'s and a commune\'s figures are the pages\'', async () => {
	const d = ok(await anon.get(`/api/v1/units/2025/VN/dashboard?year=${year}`));
	const p = d.panels.find((x) => x.key === 'digital');
	assert.ok(p, 'a digital panel');
	assert.equal(p.figures.find((f) => f.key === 'assessed').value, nation.assessed);
	assert.deepEqual(p.chart.bars.map((b) => b.value), nation.by_level.map((b) => b.count));
	assert.match(p.link, /^\/units\/2025\/VN\/digital/);
	const top = nation.ranking[0];
	const c = ok(await anon.get(`/api/v1/units/2025/${top.code}/dashboard?year=${year}`));
	const cp = c.panels.find((x) => x.key === 'digital');
	assert.equal(cp.figures.find((f) => f.key === 'score').value, top.score);
	assert.equal(cp.figures.find((f) => f.key === 'rank').value, top.rank);
});

test('the entry form shows an observed indicator read-only, with its method, and no field for it', async () => {
	const socson = await Client.login(ntm.base, 'socson');
	const set = ok(await anon.get(`/api/v1/criteria-sets/${setId}`));
	const observed = set.set.criteria.flatMap((c) => c.indicators).filter((i) => i.observed);
	assert.ok(observed.length >= 1);
	const page = okResponse(await socson.get(`/units/2025/00376/indicators/${setId}/${year}`));
	for (const ind of observed)
		assert.doesNotMatch(page.text, new RegExp(`name="v\\.${ind.id}"`), `no field for ${ind.id}`);
	assert.match(page.text, /Đo trên nền tảng/);
	const typed = set.set.criteria.flatMap((c) => c.indicators).find((i) => !i.observed);
	assert.match(page.text, new RegExp(`name="v\\.${typed.id}"`), 'typed ones keep their field');
});

test('bad input: an unknown unit is 404; a year outside the set 422 naming it', async () => {
	const nf = await anon.get('/units/2025/99999/digital');
	assert.equal(nf.status, 404);
	const bad = await anon.get(`/units/2025/VN/digital?year=2019&set=${setId}`);
	assert.equal(bad.status, 422);
	refused(await anon.get(`/api/v1/units/2025/VN/digital?year=2019&set=${setId}`), 422, 'year');
});
