'use strict';
/*
 * Sortable columns (issue 14, "Exports where people expect them") on a
 * `ntm demo` database: the public register /recognitions (5,467 titles)
 * and the compliance watch /recognitions/watch.
 *  - ?sort=<column>&dir=asc|desc orders the whole list in the database
 *    (the register) or before the page is cut (the watch), names the
 *    Vietnamese way search folds them (case and marks ignored, đ as d);
 *  - the column headers are links (no script) that keep every filter,
 *    go back to the first page and reverse the sorted column; the sorted
 *    header has aria-sort and an arrow;
 *  - next/previous and the total keep working in that order; the CSV and
 *    XLSX downloads follow it;
 *  - a column that is not sortable is a 422 naming "sort" (or "dir");
 *  - the roll-up's "close to the standard" list (up to 100 communes) sorts
 *    by the roll-up's name and criteria columns too.
 * Each fails on the code before: the register ignored ?sort (or refused
 * it) and its headers were plain text.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo } = require('../lib/accounts');
const { mainOf, unescapeHtml, badInputs } = require('../lib/ntm');
const d = require('../lib/dossiers');

let ntm, ctx, hanoi;

before(async () => {
	ntm = await startDemo();
	ctx = await d.setup(ntm);
	hanoi = ctx.hanoi;
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

async function get(p) {
	const res = await fetch(ntm.base + p, { redirect: 'manual' });
	const buf = Buffer.from(await res.arrayBuffer());
	return { status: res.status, headers: res.headers, buf, text: buf.toString('utf8') };
}

async function json(p) {
	const r = await get(`/api/v1${p}`);
	assert.equal(r.status, 200, r.text.slice(0, 300));
	return JSON.parse(r.text);
}

/* The name a list sorts by: the unit's name without its kind, folded. */
const KIND = /^(Xã|Phường|Thị trấn|Đặc khu|Huyện|Thị xã|Thành phố|Quận|Tỉnh) /;
const fold = (s) => s.replace(KIND, '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
	.replace(/[đĐ]/g, 'd').toLowerCase();
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function assertOrdered(values, dir, what) {
	for (let i = 1; i < values.length; i++) {
		const c = cmp(values[i - 1], values[i]);
		assert.ok(dir === 'asc' ? c <= 0 : c >= 0,
			`${what}: ${JSON.stringify(values[i - 1])} then ${JSON.stringify(values[i])} (${dir})`);
	}
}

/* The header cells of the page's list: { aria, href, text }. */
function headers(html, cls) {
	const m = new RegExp(`<table class="list ${cls}">[\\s\\S]*?<thead>([\\s\\S]*?)</thead>`).exec(mainOf(html));
	assert.ok(m, `a ${cls} table`);
	return [...m[1].matchAll(/<th([^>]*)>([\s\S]*?)<\/th>/g)].map((t) => {
		const a = /<a[^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/.exec(t[2]);
		const aria = /aria-sort="([^"]*)"/.exec(t[1]);
		return { aria: aria ? aria[1] : null, href: a ? unescapeHtml(a[1]) : null,
			text: unescapeHtml((a ? a[2] : t[2]).replace(/<[^>]+>/g, '')).trim() };
	});
}

/* The data rows of a CSV (BOM and heading dropped), cells split naively
 * (the names of the demo have no comma). */
function csvRows(buf) {
	return buf.toString('utf8').replace(/^\uFEFF/, '').split('\r\n').filter(Boolean).slice(1)
		.map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

describe('the register', () => {
	test('by name, both ways, across pages: names folded the Vietnamese way, the total unchanged', async () => {
		const all = await json('/recognitions?limit=500');
		assert.ok(all.total >= 15, `the demo register: ${all.total}`);
		const key = (it) => [fold(it.unit.name), fold(it.unit.parent || '')];
		const expect = [...all.items].sort((a, b) => cmp(key(a)[0], key(b)[0]) || cmp(key(a)[1], key(b)[1]));
		for (const dir of ['asc', 'desc']) {
			const p1 = await json(`/recognitions?sort=name&dir=${dir}&limit=10`);
			const p2 = await json(`/recognitions?sort=name&dir=${dir}&limit=10&offset=10`);
			assert.equal(p1.total, all.total);
			assert.equal(p2.total, all.total);
			const names = [...p1.items, ...p2.items].map((it) => fold(it.unit.name));
			assertOrdered(names, dir, 'names');
			const want = (dir === 'asc' ? expect : [...expect].reverse()).slice(0, 20).map((it) => fold(it.unit.name));
			assert.deepEqual(names, want, `the first 20 by name (${dir})`);
		}
		assert.notDeepEqual(all.items.slice(0, 10).map((it) => it.unit.name),
			expect.slice(0, 10).map((it) => it.unit.name), 'the list\'s own order is another');
	});

	test('by year and by decision date, both ways; ties by name', async () => {
		for (const [key, val] of [['year', (it) => it.year], ['decided', (it) => it.decision_date]]) {
			for (const dir of ['asc', 'desc']) {
				const l = await json(`/recognitions?sort=${key}&dir=${dir}&limit=200`);
				assertOrdered(l.items.map(val), dir, key);
			}
		}
		const newest = await json('/recognitions?sort=year&dir=desc&limit=1');
		const oldest = await json('/recognitions?sort=year&dir=asc&limit=1');
		assert.ok(newest.items[0].year > oldest.items[0].year, `${newest.items[0].year} > ${oldest.items[0].year}`);
		const ties = await json('/recognitions?sort=year&dir=asc&limit=50');
		assertOrdered(ties.items.filter((it) => it.year === ties.items[0].year).map((it) => fold(it.unit.name)), 'asc',
			'names within a year');
	});

	test('the headers are links that keep the filters, go back to page 1 and reverse the sorted column; aria-sort and an arrow', async () => {
		const page = await get('/recognitions?title=ntm&year=2022&limit=5&offset=5&sort=name');
		assert.equal(page.status, 200);
		const h = headers(page.text, 'register');
		assert.equal(h.length, 4);
		for (const x of h) {
			assert.ok(x.href, `"${x.text}" is a link`);
			const u = new URL(x.href, ntm.base);
			assert.equal(u.pathname, '/recognitions');
			assert.equal(u.searchParams.get('title'), 'ntm', x.href);
			assert.equal(u.searchParams.get('year'), '2022', x.href);
			assert.equal(u.searchParams.get('limit'), '5', x.href);
			assert.equal(u.searchParams.get('offset'), null, `back to page 1: ${x.href}`);
		}
		assert.equal(h[0].aria, 'ascending');
		assert.match(h[0].text, /▲$/);
		assert.equal(new URL(h[0].href, ntm.base).searchParams.get('dir'), 'desc', 'the sorted column reverses');
		assert.deepEqual(h.slice(1).map((x) => x.aria), ['none', 'none', 'none']);
		assert.deepEqual(h.map((x) => new URL(x.href, ntm.base).searchParams.get('sort')),
			['name', 'title', 'year', 'decided']);
		/* the list's own order (newest decision first) is marked too */
		const plain = headers((await get('/recognitions')).text, 'register');
		assert.equal(plain[3].aria, 'descending');
		assert.match(plain[3].text, /▼$/);
		/* the filter form keeps the order */
		const form = /<form class="search-inline" method="get" action="\/recognitions">([\s\S]*?)<\/form>/.exec(page.text);
		assert.match(form[1], /<input type="hidden" name="sort" value="name"><input type="hidden" name="dir" value="asc">/);
		/* following a header sorts */
		const byYear = await get(h[2].href);
		assert.equal(byYear.status, 200);
		assert.equal(headers(byYear.text, 'register')[2].aria, 'ascending');
	});

	test('next and previous keep the order; the downloads follow it', async () => {
		const first = await get('/recognitions?sort=name&dir=desc&limit=10');
		assert.equal(first.status, 200);
		const next = /<a href="([^"]+)" rel="next">/.exec(first.text);
		assert.ok(next, 'a next link');
		const nu = new URL(unescapeHtml(next[1]), ntm.base);
		assert.equal(nu.searchParams.get('sort'), 'name');
		assert.equal(nu.searchParams.get('dir'), 'desc');
		assert.equal(nu.searchParams.get('offset'), '10');
		const second = await get(nu.pathname + nu.search);
		assert.match(second.text, /rel="prev"/);
		const l = await json('/recognitions?sort=name&dir=desc&limit=20');
		const csvLink = /<a href="([^"]+)">CSV<\/a>/.exec(first.text);
		assert.ok(csvLink, 'a CSV link');
		assert.match(unescapeHtml(csvLink[1]), /sort=name&dir=desc/);
		const csv = await get(unescapeHtml(csvLink[1]));
		assert.equal(csv.status, 200);
		const rows = csvRows(csv.buf);
		assert.equal(rows.length, l.total);
		assert.deepEqual(rows.slice(0, 20).map((r) => r[0]), l.items.map((it) => it.unit.name),
			'the CSV starts as the sorted page does');
		const xlsx = await get('/recognitions.xlsx?sort=name&dir=desc');
		assert.equal(xlsx.status, 200);
		assert.equal(xlsx.buf.subarray(0, 2).toString(), 'PK');
	});

	test('a column that does not sort is refused naming the field; the bad-input catalogue never gives a 5xx', async () => {
		for (const [q, field] of [['sort=province_code', 'sort'], ['sort=name;DROP', 'sort'], ['sort=name&dir=up', 'dir']]) {
			const a = await get(`/api/v1/recognitions?${q}`);
			assert.equal(a.status, 422, q);
			assert.equal(JSON.parse(a.text).error.field, field, q);
			const p = await get(`/recognitions?${q}`);
			assert.equal(p.status, 422, `the page: ${q}`);
		}
		const bad = badInputs();
		const all = [...bad.html_script, ...bad.sql, ...bad.paths, ...bad.csv_formula,
			...Object.values(bad.unicode || {}).flat().filter((s) => typeof s === 'string')];
		for (const v of all)
			for (const name of ['sort', 'dir']) {
				const r = await get(`/api/v1/recognitions?${name}=${encodeURIComponent(v)}`);
				assert.ok(r.status < 500, `${name}=${JSON.stringify(v)}: ${r.status}`);
				if (r.status >= 400 && r.status !== 414)
					assert.equal(JSON.parse(r.text).error.field, name, `${name}=${JSON.stringify(v)}`);
			}
	});
});

describe('the watch list', () => {
	test('by name both ways, by criteria failed; the headers sort; the CSV follows; a bad column is 422', async () => {
		/* three recognised communes whose 2024 values fail: on the watch list */
		for (let i = 0; i < 3; i++) {
			const c = await d.freshCommune(ctx, { recognised: true });
			await d.setValues(ctx, c.unit, d.SET_OLD, 2024, false);
		}
		const base = await hanoi.get('/api/v1/recognitions/watch');
		assert.equal(base.status, 200);
		assert.ok(base.json.total >= 3, `the watch list of Hà Nội: ${base.json.total}`);
		const asc = await hanoi.get('/api/v1/recognitions/watch?sort=name');
		const desc = await hanoi.get('/api/v1/recognitions/watch?sort=name&dir=desc');
		const names = (l) => l.json.items.map((it) => fold(it.unit.name));
		assertOrdered(names(asc), 'asc', 'watch names');
		assertOrdered(names(desc), 'desc', 'watch names');
		assert.deepEqual(names(desc), [...names(asc)].reverse());
		assert.equal(asc.json.total, base.json.total);
		const failed = await hanoi.get('/api/v1/recognitions/watch?sort=failed&dir=desc');
		assertOrdered(failed.json.items.map((it) => it.criteria_failed), 'desc', 'criteria failed');
		/* one per page: the pages keep the order */
		const second = await hanoi.get('/api/v1/recognitions/watch?sort=name&dir=desc&limit=1&offset=1');
		assert.equal(second.json.items[0].unit.name, desc.json.items[1].unit.name);
		const page = await hanoi.get('/recognitions/watch?sort=name&dir=desc&title=ntm');
		assert.equal(page.status, 200);
		const h = headers(page.text, 'watch').filter((x) => x.href);
		assert.equal(h.length, 5);
		assert.equal(h[0].aria, 'descending');
		assert.match(h[0].text, /▼$/);
		for (const x of h) {
			assert.equal(new URL(x.href, ntm.base).searchParams.get('title'), 'ntm', x.href);
			assert.equal(new URL(x.href, ntm.base).pathname, '/recognitions/watch');
		}
		const csv = await hanoi.get('/recognitions/watch.csv?sort=name&dir=desc');
		assert.equal(csv.status, 200);
		assert.deepEqual(csvRows(Buffer.from(csv.text)).map((r) => r[0]), desc.json.items.map((it) => it.unit.name));
		const bad = await hanoi.get('/api/v1/recognitions/watch?sort=decided');
		assert.equal(bad.status, 422);
		assert.equal(bad.json.error.field, 'sort');
	});
});

/* Values for every indicator of set in year meeting its threshold, but
 * the first yes/no indicator: one criterion missing, "close to the
 * standard". */
async function closeValues(unit, set, year) {
	const [st, code] = unit.split(':');
	const ev = (await ctx.observer.get(`/api/v1/units/${st}/${code}/evaluation/${set}/${year}`)).json;
	const values = {};
	let flipped = false;
	for (const cr of ev.criteria)
		for (const i of cr.indicators) {
			if (i.type === 'boolean') {
				values[i.id] = flipped;
				flipped = true;
			} else if (i.type === 'number') {
				const t = typeof i.threshold === 'number' ? i.threshold : 50;
				const up = i.op === '>=' || i.op === '>';
				values[i.id] = Math.min(up ? t + 1 : Math.max(0, t - 1), i.unit === '%' ? 100 : Infinity);
			} else if (i.value !== undefined && i.value !== null)
				values[i.id] = i.value;
		}
	const r = await ctx.observer.send('PUT', `/api/v1/units/${st}/${code}/indicators/${set}/${year}`, { json: { values } });
	assert.equal(r.status, 200, r.text);
}

describe('the roll-up\'s close-to-the-standard list', () => {
	test('sorts by name and by criteria met, its headers links back to the list; the download follows', async () => {
		for (let i = 0; i < 3; i++)
			await closeValues((await d.freshCommune(ctx)).unit, d.SET_OLD, 2024);
		const here = `/units/pre2025/01/rollup/${d.SET_OLD}/2024`;
		const plain = (await ctx.anon.get(`/api/v1${here}`)).json;
		assert.ok(plain.close_to_standard.length >= 3, `close: ${JSON.stringify(plain.close_to_standard.map((x) => x.full_name))}`);
		for (const dir of ['asc', 'desc']) {
			const l = (await ctx.anon.get(`/api/v1${here}?sort=name&dir=${dir}`)).json;
			assertOrdered(l.close_to_standard.map((x) => fold(x.full_name)), dir, 'close by name');
			const csv = await get(`${here}/export.csv?list=close&sort=name&dir=${dir}`);
			assert.equal(csv.status, 200);
			assert.deepEqual(csvRows(csv.buf).map((r) => r[0]), l.close_to_standard.map((x) => x.full_name));
		}
		const page = await get(`${here}?sort=name&dir=desc`);
		const m = /<table class="list small" id="close-table">[\s\S]*?<thead>([\s\S]*?)<\/thead>/.exec(page.text);
		assert.ok(m, 'the close list');
		const links = [...m[1].matchAll(/<th([^>]*)><a href="([^"]+)">([\s\S]*?)<\/a>/g)]
			.map((x) => ({ aria: /aria-sort="([^"]*)"/.exec(x[1])[1], href: unescapeHtml(x[2]), text: x[3] }));
		assert.equal(links.length, 2);
		assert.equal(links[0].aria, 'descending');
		assert.equal(links[0].href, `${here}?sort=name&dir=asc#close`);
		assert.equal(links[1].href, `${here}?sort=criteria&dir=asc#close`);
	});
});
