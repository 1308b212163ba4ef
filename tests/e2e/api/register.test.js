'use strict';
/*
 * The public register of titles, /recognitions (issue 14), on a `ntm demo`
 * database (5,467 recognised communes, one of them by a dossier):
 *  - each entry links to ITS decision: only an entry made by a dossier has a
 *    link (to that dossier's decision), every other shows its decision
 *    number and date without one (the page used to give all 100 rows the
 *    first row's link);
 *  - the pages: the range and the total, next and previous;
 *  - search by name without diacritics (or with, or in capitals), filters by
 *    province (chosen by name), year and title; each unit name links to the
 *    unit's page;
 *  - CSV and XLSX of what the page shows (the same filters), the CSV with
 *    the formula-injection guard;
 *  - the bad-input catalogue through the new name parameter.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo } = require('../lib/accounts');
const { mainOf, unescapeHtml, badInputs } = require('../lib/ntm');

let ntm;

before(async () => {
	ntm = await startDemo();
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

/* The rows of the register table: { html, text, unitHref, decisionHref }. */
function rows(html) {
	const m = /<table class="list register">([\s\S]*?)<\/table>/.exec(mainOf(html));
	if (!m)
		return [];
	const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(m[1])[1];
	return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => {
		const cells = [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]);
		const unit = /<a href="([^"]+)">([^<]*)<\/a>/.exec(cells[0]);
		const dec = /<a href="([^"]+)">([^<]*)<\/a>/.exec(cells[3]);
		return {
			unitHref: unit ? unescapeHtml(unit[1]) : null,
			unitName: unit ? unescapeHtml(unit[2]) : null,
			year: unescapeHtml(cells[2]).trim(),
			decisionHref: dec ? unescapeHtml(dec[1]) : null,
			decisionText: unescapeHtml(cells[3].replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim(),
			title: unescapeHtml(cells[1].replace(/<[^>]+>/g, ' ')).trim(),
		};
	});
}

const text = (html) => unescapeHtml(mainOf(html).replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();

describe('each entry links to its own decision', () => {
	test('only entries made by a dossier link to a decision, each to its own; the others show number and date', async () => {
		const page = await get('/recognitions');
		assert.equal(page.status, 200);
		const list = await json('/recognitions?limit=100');
		const r = rows(page.text);
		assert.equal(r.length, list.items.length);
		assert.ok(list.total >= 20, `the demo register: ${list.total}`);
		list.items.forEach((it, i) => {
			if (it.dossier_id)
				assert.equal(r[i].decisionHref, `/dossiers/${it.dossier_id}/decision.pdf`, `row ${i}`);
			else
				assert.equal(r[i].decisionHref, null, `row ${i} (${it.unit.name}) has no dossier, so no link: ${r[i].decisionHref}`);
			assert.ok(r[i].decisionText.includes(it.decision_no), r[i].decisionText);
			const [y, m, d] = it.decision_date.split('-');
			assert.ok(r[i].decisionText.includes(`${d}/${m}/${y}`), `the date of row ${i}: ${r[i].decisionText}`);
		});
		const linked = r.filter((x) => x.decisionHref !== null).length;
		assert.equal(linked, list.items.filter((x) => x.dossier_id).length, `${linked} links`);
	});

	test('every unit name links to the unit\'s page, which answers', async () => {
		const list = await json('/recognitions?limit=20');
		const r = rows((await get('/recognitions?limit=20')).text);
		list.items.forEach((it, i) =>
			assert.equal(r[i].unitHref, `/units/${it.unit.structure}/${it.unit.code}`));
		const u = await get(r[0].unitHref);
		assert.equal(u.status, 200);
		assert.ok(text(u.text).includes(r[0].unitName), r[0].unitName);
	});
});

describe('pages, search and filters', () => {
	test('the first page shows the range and the total and links to the next; the next links back', async () => {
		const list = await json('/recognitions?limit=8');
		const first = await get('/recognitions?limit=8');
		assert.match(text(first.text), new RegExp(`1–8 / ${list.total}`));
		const next = /<a href="([^"]+)" rel="next">/.exec(first.text);
		assert.ok(next, 'a next link');
		assert.ok(!/rel="prev"/.test(first.text), 'no previous page on the first');
		const second = await get(unescapeHtml(next[1]));
		assert.equal(second.status, 200);
		assert.match(text(second.text), new RegExp(`9–16 / ${list.total}`));
		const a = rows(first.text).map((x) => x.unitHref + x.title);
		const b = rows(second.text).map((x) => x.unitHref + x.title);
		assert.equal(b.length, 8);
		assert.ok(b.every((x) => !a.includes(x)), 'another page of entries');
		const prev = /<a href="([^"]+)" rel="prev">/.exec(second.text);
		assert.ok(prev, 'a previous link');
		assert.match(unescapeHtml(prev[1]), /offset=0/);
		/* the last page has no next link */
		const last = await get(`/recognitions?limit=8&offset=${list.total - 5}`);
		assert.equal(rows(last.text).length, 5);
		assert.ok(!/rel="next"/.test(last.text));
	});

	test('a name typed without diacritics, in capitals or with them finds the same units', async () => {
		const plain = await json(`/recognitions?name=${encodeURIComponent('hoa')}&limit=500`);
		const marked = await json(`/recognitions?name=${encodeURIComponent('Hòa')}&limit=500`);
		const caps = await json(`/recognitions?name=${encodeURIComponent('HOA')}&limit=500`);
		const all = await json('/recognitions?limit=1');
		assert.ok(plain.total >= 2, `${plain.total} Hòa …`);
		assert.ok(plain.total < all.total);
		assert.equal(marked.total, plain.total);
		assert.equal(caps.total, plain.total);
		assert.ok(plain.items.every((it) => fold(it.unit.name).includes('hoa')), plain.items.map((x) => x.unit.name).join(', '));
		const page = await get(`/recognitions?name=${encodeURIComponent('hoa')}`);
		const r = rows(page.text);
		assert.equal(r.length, plain.total);
		assert.ok(r.every((x) => fold(x.unitName).includes('hoa')));
		assert.match(page.text, /id="r-name"[^>]*value="hoa"/, 'the search box keeps what was typed');
		/* nothing found: said so */
		const none = await get(`/recognitions?name=${encodeURIComponent('khong co xa nay')}`);
		assert.equal(rows(none.text).length, 0);
		assert.match(text(none.text), /Không có kết quả|Không tìm thấy|không có/i);
	});

	test('the province is chosen by name from a list; year and title filter too', async () => {
		const page = await get('/recognitions');
		const sel = /<select id="r-province"[^>]*>([\s\S]*?)<\/select>/.exec(page.text)[1];
		const opts = [...sel.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => ({ value: unescapeHtml(m[1]), label: unescapeHtml(m[2]) }));
		assert.ok(opts.length >= 34, `${opts.length} choices`);
		assert.ok(opts.every((o) => !/\d/.test(o.label)), 'names, no codes');
		const hn = opts.find((o) => /Hà Nội/.test(o.label));
		assert.ok(hn, 'Hà Nội is offered by name');
		const all = await json('/recognitions?limit=1');
		const inHn = await json(`/recognitions?province=${encodeURIComponent(hn.value)}&limit=500`);
		assert.ok(inHn.total > 0 && inHn.total < all.total, `${inHn.total} of ${all.total}`);
		const y = await json('/recognitions?year=2025&limit=500');
		assert.ok(y.total > 0 && y.items.every((it) => it.year === 2025));
		const yp = rows((await get('/recognitions?year=2025')).text);
		assert.ok(yp.length > 0 && yp.every((x) => x.year === '2025'));
		const t = await json('/recognitions?title=advanced&limit=500');
		assert.ok(t.items.every((it) => it.title === 'advanced'));
		/* all filters at once, the name too */
		const dn = opts.find((o) => /Đà Nẵng/.test(o.label));
		const both = await json(`/recognitions?province=${encodeURIComponent(dn.value)}&name=${encodeURIComponent('hoa')}&limit=500`);
		const inHnHoa = await json(`/recognitions?province=${encodeURIComponent(hn.value)}&name=${encodeURIComponent('hoa')}&limit=500`);
		assert.ok(both.total >= 1, 'Hòa … communes of Đà Nẵng');
		assert.equal(both.total + inHnHoa.total, (await json('/recognitions?name=hoa&limit=500')).total);
	});
});

describe('downloads of what the page shows', () => {
	test('the page links to CSV and XLSX with its filters', async () => {
		const page = await get(`/recognitions?name=${encodeURIComponent('bac son')}&year=2022`);
		const csv = /<a href="(\/recognitions\.csv[^"]*)">CSV<\/a>/.exec(page.text);
		const xlsx = /<a href="(\/recognitions\.xlsx[^"]*)">/.exec(page.text);
		assert.ok(csv && xlsx, 'two download links');
		assert.match(unescapeHtml(csv[1]), /name=bac(\+|%20)son/);
		assert.match(unescapeHtml(csv[1]), /year=2022/);
		const list = await json(`/recognitions?name=${encodeURIComponent('bac son')}&year=2022&limit=500`);
		const c = await get(unescapeHtml(csv[1]));
		assert.equal(c.status, 200);
		assert.match(c.headers.get('content-type'), /^text\/csv/);
		assert.match(c.headers.get('content-disposition'), /attachment; filename="recognitions\.csv"/);
		assert.deepEqual([...c.buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark for Excel');
		const lines = c.text.slice(1).split('\r\n').filter((l) => l !== '');
		assert.equal(lines[0].split(',')[0], 'Đơn vị');
		assert.equal(lines.length - 1, list.total, 'one line per entry');
		assert.ok(lines.slice(1).every((l) => l.startsWith('Xã Bắc Sơn,')), lines.slice(1, 3).join(' | '));
		const x = await get(unescapeHtml(xlsx[1]));
		assert.equal(x.status, 200);
		assert.equal(x.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		assert.equal(x.buf.subarray(0, 2).toString('latin1'), 'PK', 'a zip (XLSX)');
	});

	test('a decision number starting with = is written as text in the CSV (formula injection)', async () => {
		const list = await json(`/recognitions?name=${encodeURIComponent('bac son')}&limit=1`);
		const u = list.items[0].unit;
		ntm.sql(`UPDATE unit_recognition SET decision_no = '=HYPERLINK("http://x")' WHERE structure = '${u.structure}' AND code = '${u.code}'`);
		const c = await get(`/recognitions.csv?name=${encodeURIComponent('bac son')}`);
		assert.ok(c.text.includes(`"'=HYPERLINK(""http://x"")"`), c.text.slice(0, 400));
		const page = await get(`/recognitions?name=${encodeURIComponent('bac son')}`);
		assert.ok(text(page.text).includes('=HYPERLINK("http://x")'), 'shown as text on the page');
		assert.ok(!page.text.includes('HYPERLINK("'), 'escaped in the HTML');
	});
});

describe('hostile names', () => {
	test('every bad input as the name is answered (200 or a 4xx naming name), never a 500, and escaped', async () => {
		const bad = badInputs();
		const all = [...bad.html_script, ...bad.sql, ...bad.paths, ...bad.csv_formula,
		    ...Object.values(bad.unicode || {}).flat().filter((s) => typeof s === 'string')];
		for (const v of all) {
			const r = await get(`/recognitions?name=${encodeURIComponent(v)}`);
			assert.ok(r.status === 200 || (r.status >= 400 && r.status < 500), `${JSON.stringify(v)}: ${r.status}`);
			assert.ok(!r.text.includes('<script>alert(1)</script>'), `escaped: ${JSON.stringify(v)}`);
			const a = await get(`/api/v1/recognitions?name=${encodeURIComponent(v)}`);
			if (a.status !== 200 && a.status !== 414) {
				assert.ok(a.status >= 400 && a.status < 500, `${JSON.stringify(v)}: ${a.status}`);
				assert.equal(JSON.parse(a.text).error.field, 'name');
			}
			const c = await get(`/recognitions.csv?name=${encodeURIComponent(v)}`);
			assert.ok(c.status === 200 || (c.status >= 400 && c.status < 500), `csv ${JSON.stringify(v)}: ${c.status}`);
		}
	});
});
