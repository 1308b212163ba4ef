'use strict';
/*
 * The province maps (issue 18; docs/ARCHITECTURE.md "Maps"), read with no
 * account on the demo: every province's value is the figure of its own
 * roll-up page (the share of communes meeting the standard, the average
 * of criteria met), for the 34 provinces and the 63 before 2025; the
 * classes hold the numbers they say; the SVG is one small image naming
 * both archipelagos with every province a link to its dashboard; the
 * table of the page and the CSV give the same numbers; an unknown
 * indicator or year is 422 naming it, an unknown structure 404.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client } = require('../lib/accounts');
const { mainOf, unescapeHtml } = require('../lib/ntm');
const { ok, okResponse, refused } = require('../lib/http');

let ntm, anon;

before(async () => {
	ntm = await startDemo();
	anon = Client.anonymous(ntm.base);
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

/* The value of a province on its roll-up page (null: nothing evaluated). */
async function rollupFigure(structure, code, set, year, key) {
	const r = ok(await anon.get(`/api/v1/units/${structure}/${code}/rollup/${set}/${year}`));
	return r.evaluated > 0 ? r[key] : null;
}

/* Every province's class holds its value; the counts add up. */
function checkClasses(m) {
	const withValue = m.provinces.filter((p) => p.value !== null);
	assert.ok(m.classes.length >= 1 && m.classes.length <= 5);
	assert.equal(m.classes.reduce((s, c) => s + c.count, 0), withValue.length);
	for (let k = 1; k < m.classes.length; k++) {
		assert.equal(m.classes[k].lo, m.classes[k - 1].hi, 'classes follow each other');
		assert.notEqual(m.classes[k].colour, m.classes[k - 1].colour);
	}
	for (const p of m.provinces) {
		if (p.value === null) {
			assert.equal(p.class, null, `${p.name} has no class without a value`);
			assert.equal(p.display, '—');
			continue;
		}
		const c = m.classes[p.class];
		const last = p.class === m.classes.length - 1;
		assert.ok(p.value >= c.lo && (p.value < c.hi || (last && p.value <= c.hi)),
		    `${p.name}: ${p.value} in [${c.lo}, ${c.hi})`);
	}
	m.classes.forEach((c, k) => assert.equal(c.count, m.provinces.filter((p) => p.class === k).length));
}

test('/maps lists each indicator with its years by name, linking to each map', async () => {
	const j = ok(await anon.get('/api/v1/maps'));
	const share = j.indicators.find((i) => i.indicator === 'ntm_met_share');
	assert.ok(share, 'ntm_met_share is offered');
	assert.ok(j.indicators.find((i) => i.indicator === 'criteria_avg'));
	const s2025 = share.structures.find((s) => s.structure === '2025');
	assert.ok(s2025.years.includes(2025) && s2025.years.includes(2026));
	const page = okResponse(await anon.get('/maps'));
	const main = mainOf(page.text);
	assert.match(main, /href="\/maps\/2025\/ntm_met_share\/2025"/);
	assert.match(main, /Tỷ lệ xã đạt chuẩn nông thôn mới/);
	assert.doesNotMatch(unescapeHtml(main).replace(/<[^>]*>/g, ''), /ntm_met_share|pre2025/,
	    'no key shows as text');
});

test('the 34 provinces: each share is the one of its roll-up page, the classes hold them', async () => {
	const m = ok(await anon.get('/api/v1/maps/2025/ntm_met_share/2025'));
	assert.equal(m.indicator, 'ntm_met_share');
	assert.equal(m.year, 2025);
	assert.equal(m.provinces.length, 34);
	assert.match(m.as_of, /^\d{4}-\d{2}-\d{2}$/);
	for (const p of m.provinces) {
		assert.equal(p.value, await rollupFigure('2025', p.code, 'ntm-xa-2021-2025', 2025, 'met_share'),
		    p.name);
		assert.equal(p.href, `/units/2025/${p.code}/dashboard`);
	}
	assert.ok(m.provinces.some((p) => p.value !== null));
	checkClasses(m);
	/* year 0 is not a year: the newest is asked by /maps' links */
	refused(await anon.get('/api/v1/maps/2025/ntm_met_share/0'), 422, 'year');
});

test('2026 reads the 2026-2030 set; the average of criteria met matches the roll-up', async () => {
	const share = ok(await anon.get('/api/v1/maps/2025/ntm_met_share/2026'));
	const avg = ok(await anon.get('/api/v1/maps/2025/criteria_avg/2026'));
	for (const code of ['01', '48', '79']) {
		assert.equal(share.provinces.find((p) => p.code === code).value,
		    await rollupFigure('2025', code, 'ntm-xa-2026-2030', 2026, 'met_share'));
		assert.equal(avg.provinces.find((p) => p.code === code).value,
		    await rollupFigure('2025', code, 'ntm-xa-2026-2030', 2026, 'avg_criteria_met'));
	}
	checkClasses(avg);
});

test('before 2025: the 63 provinces, each with its own roll-up', async () => {
	const m = ok(await anon.get('/api/v1/maps/pre2025/ntm_met_share/2024'));
	assert.equal(m.provinces.length, 63);
	for (const code of ['01', '31', '49', '79', '89'])
		assert.equal(m.provinces.find((p) => p.code === code).value,
		    await rollupFigure('pre2025', code, 'ntm-xa-2021-2025', 2024, 'met_share'), code);
	checkClasses(m);
});

test('OCOP products: each province\'s count is the one of the OCOP statistics, this year', async () => {
	const stats = ok(await anon.get('/api/v1/ocop/statistics'));
	const year = Number(stats.date.slice(0, 4));
	const m = ok(await anon.get(`/api/v1/maps/2025/ocop_products/${year}`));
	assert.equal(m.provinces.length, 34);
	for (const p of stats.by_province)
		assert.equal(m.provinces.find((x) => x.code === p.code).value, p.count, p.name);
	checkClasses(m);
	/* counts' classes name the whole numbers they hold */
	for (const c of m.classes)
		assert.doesNotMatch(c.label, /,/);
	refused(await anon.get(`/api/v1/maps/2025/ocop_products/${year - 1}`), 422, 'year');
	refused(await anon.get(`/api/v1/maps/pre2025/ocop_products/${year}`), 422, 'year');
});

test('satisfaction: the rate of the closed campaign of Bà Nà is Đà Nẵng\'s', async () => {
	const found = ok(await anon.get('/api/v1/s?q=ba+na'));
	const res = ok(await anon.get(`/api/v1${found.results[0].href}`));
	const years = ok(await anon.get('/api/v1/maps')).indicators
	    .find((i) => i.indicator === 'satisfaction_rate').structures
	    .find((s) => s.structure === '2025').years;
	assert.ok(years.length >= 1);
	const m = ok(await anon.get(`/api/v1/maps/2025/satisfaction_rate/${years[years.length - 1]}`));
	assert.equal(m.provinces.find((p) => p.code === '48').value, res.rate);
	assert.equal(m.provinces.find((p) => p.code === '01').value, null, 'Sóc Sơn\'s survey is still open');
	checkClasses(m);
});

test('closing Sóc Sơn\'s campaign puts its rate on the cached map of Hà Nội at once', async () => {
	const year = Number(ok(await anon.get('/api/v1/ocop/statistics')).date.slice(0, 4));
	const before = await anon.get(`/api/v1/maps/2025/satisfaction_rate/${year}`);
	if (before.status === 200)
		assert.equal(before.json.provinces.find((p) => p.code === '01').value, null);
	const socson = await Client.login(ntm.base, 'socson');
	ok(await socson.post('/api/v1/campaigns/1/close', { json: {} }));
	const res = ok(await socson.get('/api/v1/campaigns/1/results'));
	const m = ok(await anon.get(`/api/v1/maps/2025/satisfaction_rate/${year}`));
	assert.equal(m.provinces.find((p) => p.code === '01').value, res.responses > 0 ? res.rate : null);
	const svg = okResponse(await anon.get(`/maps/2025/satisfaction_rate/${year}.svg`));
	if (res.responses > 0)
		assert.ok(svg.text.includes(`<title>Thành phố Hà Nội: ${m.provinces.find((p) => p.code === '01').display}</title>`));
});

test('the SVG: one small image, both archipelagos named, every province a link, the numbers in its titles', async () => {
	const m = ok(await anon.get('/api/v1/maps/2025/ntm_met_share/2025'));
	const r = okResponse(await anon.get('/maps/2025/ntm_met_share/2025.svg'));
	assert.match(r.headers.get('content-type'), /^image\/svg\+xml/);
	assert.ok(Buffer.byteLength(r.text) <= 60 * 1024, `${Buffer.byteLength(r.text)} bytes`);
	assert.match(r.text, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
	assert.match(r.text, /Quần đảo Hoàng Sa/);
	assert.match(r.text, /Quần đảo Trường Sa/);
	assert.match(r.text, /Open Development Vietnam/);
	assert.doesNotMatch(r.text, /<script/);
	for (const p of m.provinces) {
		assert.ok(r.text.includes(`href="${p.href}"`), `${p.name} links to its dashboard`);
		assert.ok(r.text.includes(`<title>${p.name}: ${p.display}</title>`), `${p.name}'s figure`);
	}
	for (const c of m.classes)
		assert.ok(r.text.includes(`>${c.label}</text>`), `legend states ${c.label}`);
	const en = okResponse(await anon.get('/maps/2025/ntm_met_share/2025.svg?lang=en'));
	assert.match(en.text, /Hoàng Sa archipelago/);
	const old = okResponse(await anon.get('/maps/pre2025/criteria_avg/2025.svg'));
	assert.ok(Buffer.byteLength(old.text) <= 60 * 1024);
});

test('the page shows the map and the same numbers as a table; the CSV too', async () => {
	const m = ok(await anon.get('/api/v1/maps/2025/ntm_met_share/2025'));
	const page = okResponse(await anon.get('/maps/2025/ntm_met_share/2025'));
	const main = mainOf(page.text);
	assert.match(main, /<svg[^>]*class="map"/);
	const rows = [...main.matchAll(/<tr><td><a href="([^"]+)">([^<]+)<\/a><\/td><td class="num">([^<]+)<\/td>/g)];
	assert.equal(rows.length, 34);
	for (const p of m.provinces) {
		const row = rows.find((x) => x[1] === p.href);
		assert.ok(row, p.name);
		assert.equal(unescapeHtml(row[2]), p.name);
		assert.equal(unescapeHtml(row[3]), p.display);
	}
	assert.match(main, /href="\/maps\/2025\/ntm_met_share\/2025\.csv"/);
	const text = unescapeHtml(main.replace(/<svg[\s\S]*<\/svg>/, '').replace(/<[^>]*>/g, ' '));
	assert.doesNotMatch(text, /2025:\d|ntm_met_share/, 'no code or key as text');
	/* bytes, not text: fetch's decoding would drop the BOM */
	const res = await fetch(`${ntm.base}/maps/2025/ntm_met_share/2025.csv`);
	assert.equal(res.status, 200);
	assert.match(res.headers.get('content-type'), /^text\/csv/);
	const buf = Buffer.from(await res.arrayBuffer());
	assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark for Excel');
	const lines = buf.subarray(3).toString('utf8').trim().split(/\r?\n/);
	assert.equal(lines.length, 35);
	for (const p of m.provinces) {
		const line = lines.find((l) => l.startsWith(`${p.name},${p.code},`));
		assert.ok(line, p.name);
		const v = line.split(',')[2];
		assert.equal(v === '' ? null : Number(v), p.value);
	}
});

test('bad input: an unknown indicator or year is 422 naming it, an unknown structure 404', async () => {
	refused(await anon.get('/api/v1/maps/2025/nope/2025'), 422, 'indicator', 'maps.bad_indicator');
	refused(await anon.get('/api/v1/maps/2025/ntm_met_share/1999'), 422, 'year', 'maps.bad_year');
	refused(await anon.get('/api/v1/maps/2025/ntm_met_share/20x5'), 422, 'year');
	refused(await anon.get('/api/v1/maps/pre2025/ntm_met_share/2026'), 422, 'year');
	refused(await anon.get('/api/v1/maps/2030/ntm_met_share/2025'), 404, 'structure');
	refused(await anon.get('/api/v1/maps/2030/ntm_met_share/x'), 404);
	assert.equal((await anon.get('/maps/2025/nope/2025.svg')).status, 422);
	assert.equal((await anon.get('/maps/x/ntm_met_share/2025.csv')).status, 404);
	const page = await anon.get('/maps/2025/%3Cb%3E/2025');
	assert.equal(page.status, 422);
	assert.doesNotMatch(page.text, /<b>/, 'the name is escaped');
});
