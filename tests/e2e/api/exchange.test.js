'use strict';
/*
 * Bulk exchange and the one upload page (issue 20, docs/EXCHANGE.md
 * sections 5 and 6), on the demo:
 *
 *   - every data set the documentation lists (its column tables, read
 *     from docs/EXCHANGE.md here) is in the catalog with the same columns,
 *     and downloads as CSV (BOM, header = the documented columns, CRLF)
 *     and as JSON (the same columns, the same rows) for a province (the
 *     Hà Nội officer, unit=2025:01) and a commune (Sóc Sơn's officer, its
 *     own unit by default) - through an API token as well;
 *   - a unit outside the caller's scope is refused before anything is
 *     read; a period narrows the rows; a bad bound is named;
 *   - nothing private travels: no draft report, no buyer, no signer;
 *   - a bad file of each kind (units, indicator values, a report
 *     workbook, an OCOP list) is refused whole with one error report
 *     {row, column, field, code, message}, the same on the API and the
 *     page (a table, and its CSV download), and nothing is written.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startDemo, Client } = require('../lib/accounts');
const { rawUpload } = require('../lib/dossiers');
const { Book } = require('../lib/xlsxedit');
const { ok } = require('../lib/http');

const DOC = path.join(__dirname, '..', '..', '..', 'docs', 'EXCHANGE.md');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let ntm, admin, hanoi, danang, socson, token, catalog;

/* docs/EXCHANGE.md section 5: dataset -> documented column names. */
function documented() {
	const text = fs.readFileSync(DOC, 'utf8');
	const s5 = text.slice(text.indexOf('## 5.'), text.indexOf('## 6.'));
	const out = {};
	let cur = null;
	for (const line of s5.split('\n')) {
		const h = /^### `([a-z_0-9]+)`/.exec(line);
		if (h) {
			cur = h[1];
			out[cur] = [];
			continue;
		}
		const c = /^\| `([a-z_0-9]+)` \| (text|integer|number) \|/.exec(line);
		if (c && cur)
			out[cur].push(c[1]);
	}
	return out;
}

/* RFC 4180 records of CSV text (no BOM). */
function csvRows(text) {
	const rows = [];
	let row = [], cell = '', i = 0, quoted = false;
	while (i < text.length) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
			if (c === '"') { quoted = false; i++; continue; }
			cell += c; i++; continue;
		}
		if (c === '"') { quoted = true; i++; continue; }
		if (c === ',') { row.push(cell); cell = ''; i++; continue; }
		if (c === '\r' && text[i + 1] === '\n') {
			row.push(cell); rows.push(row); row = []; cell = ''; i += 2; continue;
		}
		assert.notEqual(c, '\n', 'records end with CRLF');
		cell += c; i++;
	}
	assert.equal(cell, '', 'the last record ends with CRLF');
	return rows;
}

async function download(client, urlPath) {
	const res = await fetch(client.base + urlPath, { headers: client.headers(), redirect: 'manual' });
	const bytes = Buffer.from(await res.arrayBuffer());
	return { status: res.status, headers: res.headers, bytes, text: bytes.toString('utf8') };
}

/* A data set as CSV and JSON; both parsed and checked against each other. */
async function both(client, dataset, q = '') {
	const csv = await download(client, `/exchange/${dataset}.csv${q}`);
	assert.equal(csv.status, 200, `${dataset}.csv${q}: ${csv.text.slice(0, 300)}`);
	assert.match(csv.headers.get('content-type'), /^text\/csv/);
	assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM first');
	const rows = csvRows(csv.text.slice(1));
	const js = await download(client, `/exchange/${dataset}.json${q}`);
	assert.equal(js.status, 200, `${dataset}.json${q}: ${js.text.slice(0, 300)}`);
	const json = JSON.parse(js.text);
	assert.equal(json.dataset, dataset);
	assert.equal(json.rows.length, rows.length - 1, `${dataset}${q}: as many rows in both`);
	assert.equal(Number(csv.headers.get('x-rows')), json.rows.length);
	return { header: rows[0], rows: rows.slice(1), json };
}

const count = (table) => Number(ntm.sql(`SELECT count(*) FROM ${table};`).trim());

before(async () => {
	ntm = await startDemo();
	admin = await Client.login(ntm.base, 'admin');
	hanoi = await Client.login(ntm.base, 'hanoi');
	danang = await Client.login(ntm.base, 'danang');
	socson = await Client.login(ntm.base, 'socson');
	token = await hanoi.makeTokenClient('exchange-test');
	catalog = ok(await socson.get('/api/v1/exchange')).datasets;
});
after(() => ntm && ntm.stop());

test('the catalog and the documentation name the same data sets and columns', () => {
	const doc = documented();
	assert.ok(Object.keys(doc).length >= 12, 'every module documented');
	assert.deepEqual(catalog.map((d) => d.dataset).sort(), Object.keys(doc).sort());
	for (const d of catalog) {
		assert.deepEqual(d.columns.map((c) => c.name), doc[d.dataset], d.dataset);
		assert.deepEqual(d.formats, ['csv', 'json']);
		assert.ok(d.title, d.dataset);
		for (const c of d.columns) {
			assert.match(c.name, /^[a-z][a-z0-9_]*$/, 'snake_case');
			assert.ok(c.meaning, `${d.dataset}.${c.name} has a meaning`);
		}
	}
	for (const s of ['units', 'unit_lineage', 'indicator_values', 'evaluations', 'reports',
		'recognition_dossiers', 'ocop_producers', 'ocop_products', 'ocop_certificates',
		'survey_results', 'market_orders_monthly', 'digital_readiness'])
		assert.ok(doc[s], s);
});

test('every data set in both formats for a province and a commune, columns as documented', async () => {
	const doc = documented();
	const seen = {};
	for (const [who, client, q] of [['province', hanoi, '?unit=2025:01'], ['commune', socson, '']]) {
		for (const d of catalog) {
			const f = await both(client, d.dataset, q);
			assert.deepEqual(f.header, doc[d.dataset], `${who} ${d.dataset}: CSV header`);
			assert.deepEqual(f.json.columns, doc[d.dataset], `${who} ${d.dataset}: JSON columns`);
			for (const r of f.json.rows)
				assert.deepEqual(Object.keys(r), doc[d.dataset]);
			for (const r of f.rows)
				assert.equal(r.length, doc[d.dataset].length);
			seen[`${who}:${d.dataset}`] = f;
		}
	}
	/* the demo has data of every module in Hà Nội */
	for (const d of ['units', 'unit_lineage', 'indicator_values', 'evaluations', 'reports',
		'recognition_dossiers', 'ocop_producers', 'ocop_products', 'ocop_certificates',
		'market_orders_monthly', 'digital_readiness'])
		assert.ok(seen[`province:${d}`].json.rows.length > 0, `province ${d} has rows`);
	/* the commune's file is its part of the province's */
	const units = seen['commune:units'].json;
	assert.equal(units.unit, '2025:00376', 'the caller\'s own unit by default');
	assert.ok(units.rows.some((r) => r.code === '00376' && r.level === 'commune'));
	assert.ok(units.rows.every((r) => r.code === '00376' || r.parent_code === '00376'));
	assert.ok(seen['province:units'].json.rows.some((r) => r.code === '00376'));
	assert.ok(seen['province:units'].json.rows.some((r) => r.structure === 'pre2025'),
		'the pre-2025 units whose area went into the province');
	const pv = seen['province:indicator_values'].json.rows.filter((r) => r.code === '00376');
	assert.equal(pv.length, seen['commune:indicator_values'].json.rows.length);
	/* numbers are numbers in JSON, text keeps its guard in CSV only */
	const ev = seen['province:evaluations'].json.rows[0];
	assert.equal(typeof ev.criteria_met, 'number');
	assert.equal(typeof ev.year, 'number');
	/* nothing private */
	assert.ok(seen['province:reports'].json.rows.every((r) => r.state !== 'draft'));
	for (const f of Object.values(seen)) {
		const text = JSON.stringify(f.json);
		assert.doesNotMatch(text, /ntm-demo|buyer_phone|decision_signer/);
	}
	/* an API token reads the same file */
	const t = await both(token, 'ocop_products', '?unit=2025:01');
	assert.equal(t.json.rows.length, seen['province:ocop_products'].json.rows.length);
});

test('a unit outside the caller\'s scope is refused; anonymous callers too', async () => {
	let r = await download(socson, '/api/v1/exchange/units.csv?unit=2025:01');
	assert.equal(r.status, 403);
	let e = JSON.parse(r.text).error;
	assert.equal(e.code, 'auth.out_of_scope');
	assert.equal(e.field, 'unit');
	r = await download(danang, '/api/v1/exchange/indicator_values.json?unit=2025:00376');
	assert.equal(r.status, 403);
	r = await download(hanoi, '/exchange/reports.csv?unit=2025:48');
	assert.equal(r.status, 403);
	assert.doesNotMatch(r.text, /capital_plan/);
	/* a producer of the commune reads less than its officers: refused */
	const htx = await Client.login(ntm.base, 'htx');
	r = await download(htx, '/api/v1/exchange/reports.json');
	assert.equal(r.status, 403);
	r = await download(Client.anonymous(ntm.base), '/api/v1/exchange/units.json?unit=2025:00376');
	assert.equal(r.status, 401);
	r = await download(hanoi, '/api/v1/exchange/nothing.csv');
	assert.equal(r.status, 404);
	r = await download(hanoi, '/api/v1/exchange/units.csv?unit=2025:zz');
	assert.ok([404, 422].includes(r.status), String(r.status));
});

test('a period changes the rows; a bad bound is named', async () => {
	const all = (await both(hanoi, 'evaluations', '?unit=2025:01')).json.rows;
	const years = [...new Set(all.map((r) => r.year))].sort();
	assert.ok(years.length >= 2, `several years in the demo (${years})`);
	const y = years[years.length - 1];
	const one = (await both(hanoi, 'evaluations', `?unit=2025:01&from=${y}&to=${y}`)).json.rows;
	assert.ok(one.length > 0 && one.length < all.length);
	assert.ok(one.every((r) => r.year === y));
	assert.equal(one.length, all.filter((r) => r.year === y).length);
	/* dates: the certificates issued from a day on */
	const certs = (await both(hanoi, 'ocop_certificates', '?unit=2025:01')).json.rows;
	const days = certs.map((c) => c.issued_on).sort();
	const later = (await both(hanoi, 'ocop_certificates',
		`?unit=2025:01&from=${days[days.length - 1]}`)).json.rows;
	assert.ok(later.length >= 1 && later.every((c) => c.issued_on >= days[days.length - 1]));
	assert.ok(later.length < certs.length || days[0] === days[days.length - 1]);
	let r = await download(hanoi, '/api/v1/exchange/evaluations.csv?from=2026-13-01');
	assert.equal(r.status, 422);
	assert.equal(JSON.parse(r.text).error.field, 'from');
	r = await download(hanoi, '/api/v1/exchange/evaluations.csv?from=2027&to=2026');
	assert.equal(r.status, 422);
	assert.equal(JSON.parse(r.text).error.field, 'to');
});

test('the page picks a data set, a unit and a period, and leads to the file', async () => {
	let r = await hanoi.get('/trao-doi');
	assert.equal(r.status, 200);
	assert.match(r.text, /Trao đổi dữ liệu/);
	assert.match(r.text, /Số liệu chỉ tiêu/);
	assert.match(r.text, /\/nhap-du-lieu/);
	r = await hanoi.get('/trao-doi?dataset=evaluations&unit=2025:00376&from=2026&to=2026&format=json&download=1');
	assert.equal(r.status, 303);
	const loc = r.headers.get('location');
	assert.match(loc, /^\/exchange\/evaluations\.json\?unit=2025%3A00376&from=2026&to=2026$/);
	const f = await download(hanoi, loc);
	assert.equal(f.status, 200);
	assert.equal(JSON.parse(f.text).unit, '2025:00376');
	r = await socson.get('/trao-doi?dataset=units&unit=2025:01&download=1');
	assert.equal(r.status, 403);
});

/* A multipart POST of the upload page (the browser's form). */
async function pagePost(client, urlPath, fields, file, name, type) {
	const fd = new FormData();
	fd.append('_csrf', client.csrf);
	for (const [k, v] of Object.entries(fields))
		fd.append(k, v);
	fd.append('file', new Blob([file], { type }), name);
	const res = await fetch(client.base + urlPath, { method: 'POST', body: fd,
		headers: client.headers(), redirect: 'manual' });
	return { status: res.status, text: await res.text() };
}

function checkProblems(r, n) {
	assert.equal(r.status, 422, r.text.slice(0, 400));
	const e = r.json.error;
	assert.ok(Array.isArray(e.problems) && e.problems.length >= n, JSON.stringify(e).slice(0, 400));
	for (const p of e.problems) {
		assert.deepEqual(Object.keys(p).sort(), ['code', 'column', 'field', 'message', 'row']);
		assert.ok(p.message && p.code);
	}
	return e.problems;
}

test('a bad file of each kind: one error report, on the API and the page, nothing written', async () => {
	const kinds = [];
	/* units: a village under a commune that does not exist, a good
	 * row, and a level that does not exist - both bad rows listed */
	const units = 'structure,code,name,full_name,level,unit_type,parent_code\n' +
		'2025,00376-91,Thôn Mới,Thôn Mới,village,Thôn,00376\n' +
		'2025,00376-92,Thôn Lạ,Thôn Lạ,village,Thôn,99999\n' +
		'2025,00376-94,Thôn Khác,Thôn Khác,village,Thôn,00376\n' +
		'2025,00376-95,Thôn Sai,Thôn Sai,hamlet,Thôn,00376\n';
	kinds.push(['units', admin, units, 'donvi.csv', 'text/csv', 'unit', {}, 2,
		(p) => p.some((x) => x.row === 3 && x.column === 'parent_code') &&
			p.some((x) => x.row === 5 && x.column === 'level') &&
			p.every((x) => !/ntm-import|\/tmp\//.test(x.message))]);
	/* indicator values: a bad value, an unknown indicator, a unit of another province */
	const values = 'structure,code,set_id,year,indicator,value\n' +
		'2025,00376,ntm-xa-2026-2030,2026,1.1,có lẽ\n' +
		'2025,00376,ntm-xa-2026-2030,2026,99.9,1\n' +
		'2025,20308,ntm-xa-2026-2030,2026,1.1,true\n';
	kinds.push(['indicator-values', socson, values, 'chitieu.csv', 'text/csv', 'indicator_value', {}, 3,
		(p) => [2, 3, 4].every((row) => p.some((x) => x.row === row))]);
	/* a report workbook with a word where a number goes */
	const tpl = await download(socson, '/reports/ntm-tien-do-thang/2025/00376/2026-07.xlsx');
	assert.equal(tpl.status, 200);
	const b = Book.from(tpl.bytes);
	const col = b.columnOf('2025:00376');
	b.set(`${col}${b.rowOf('works_started')}`, 'ba công trình');
	kinds.push(['reports', socson, b.bytes(), 'baocao.xlsx', XLSX, 'rep_value',
		{ form: 'ntm-tien-do-thang', period: '2026-07' }, 1,
		(p) => p.some((x) => x.column === col && x.row === b.rowOf('works_started'))]);
	/* an OCOP list with a commune that does not exist */
	const ocop = 'product_name,producer_name,producer_type,structure,commune_code,group,stars,' +
		'certificate_no,issued,expires\n' +
		'Mật ong thử,Hợp tác xã Thử,hợp tác xã,2025,99999,Thực phẩm,4,1/QĐ-UBND,2024-06-12,\n';
	kinds.push(['ocop', hanoi, ocop, 'ocop.csv', 'text/csv', 'ocop_product', {}, 1,
		(p) => p.some((x) => x.row === 2 && x.column === 'commune_code')]);

	for (const [kind, client, bytes, name, type, table, fields, n, where] of kinds) {
		const before = count(table);
		/* the API: the raw body */
		const q = new URLSearchParams(fields).toString();
		const r = await rawUpload(client, `/api/v1/imports/${kind}${q ? `?${q}` : ''}`,
			typeof bytes === 'string' ? Buffer.from(bytes) : bytes, type);
		const problems = checkProblems(r, n);
		assert.ok(where(problems), `${kind}: ${JSON.stringify(problems)}`);
		assert.deepEqual(r.json.error.rows, problems, `${kind}: rows are the same list`);
		/* the page: the same problems as a table, and their CSV */
		const page = await pagePost(client, `/imports/${kind}`, fields, bytes, name, type);
		assert.equal(page.status, 422, page.text.slice(0, 300));
		assert.match(page.text, /Các lỗi trong tệp/);
		for (const p of problems)
			assert.ok(page.text.includes(String(p.row === null ? '' : p.row)));
		const m = /name="problems" value="([^"]*)"/.exec(page.text);
		assert.ok(m, `${kind}: the page offers the CSV`);
		const listed = JSON.parse(m[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'")
			.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
		assert.equal(listed.length, problems.length);
		const csv = await client.send('POST', '/imports/problems.csv', { form: { problems: JSON.stringify(listed) } });
		assert.equal(csv.status, 200, csv.text.slice(0, 300));
		/* (fetch's text() drops the BOM) */
		const rows = csvRows(csv.text.replace(/^\uFEFF/, ''));
		assert.deepEqual(rows[0], ['row', 'column', 'field', 'code', 'message']);
		assert.equal(rows.length - 1, problems.length);
		assert.equal(count(table), before, `${kind}: nothing written`);
	}
	/* who may not import a kind is refused by the route */
	const r = await rawUpload(socson, '/api/v1/imports/units', Buffer.from(units), 'text/csv');
	assert.equal(r.status, 403);
	/* the page offers only what the account may import */
	const page = await socson.get('/nhap-du-lieu');
	assert.match(page.text, /Số liệu chỉ tiêu/);
	assert.doesNotMatch(page.text, /value="units"/);
	assert.doesNotMatch(page.text, /value="ocop"/);
});

test('a good file through the one page is imported, and the exchange file shows it', async () => {
	const r = await rawUpload(admin, '/api/v1/imports/units', Buffer.from(
		'structure,code,name,full_name,level,unit_type,parent_code\n' +
		'2025,00376-93,Thôn Trao Đổi,Thôn Trao Đổi,village,Thôn,00376\n'), 'text/csv');
	assert.equal(r.status, 200, r.text.slice(0, 300));
	assert.equal(r.json.result.units, 1);
	const f = await both(socson, 'units');
	assert.ok(f.json.rows.some((u) => u.code === '00376-93' && u.name === 'Thôn Trao Đổi'));
});
