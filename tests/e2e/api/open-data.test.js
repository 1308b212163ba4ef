'use strict';
/*
 * Open data (issue 18, docs/OPEN-DATA.md), with no account: /du-lieu-mo
 * and /api/v1/open-data list every data set with its licence, date and
 * files; every listed file downloads and parses, as CSV (UTF-8 BOM, a
 * header row) and as JSON ({dataset, title, licence, source, as_of,
 * columns, rows}), with the same rows in both; a cell starting with "="
 * (an OCOP product named like a formula) is guarded in the CSV and kept
 * as typed in the JSON; the numbers are those of the pages they
 * summarise (the national roll-up, the register of titles, the OCOP
 * register and statistics, a survey's published results, the market's
 * statistics); and nothing in any file is a household code, an
 * account's user name or full name, or a survey comment (hidden or not).
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client } = require('../lib/accounts');
const { ok, okResponse, refused } = require('../lib/http');

let ntm, anon, list;
const files = {};		/* slug -> {csv: rows (header first), json, raw} */
const FORMULA = '=HYPERLINK("http://example.invalid","Mật ong")';
const daysAgo = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);

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
	assert.equal(row.length, 0);
	return rows;
}

async function download(href) {
	const res = await fetch(ntm.base + href);
	const bytes = Buffer.from(await res.arrayBuffer());
	assert.equal(res.status, 200, `${href}: ${bytes.toString('utf8', 0, 300)}`);
	return { res, bytes };
}

before(async () => {
	ntm = await startDemo();
	anon = Client.anonymous(ntm.base);
	const hanoi = await Client.login(ntm.base, 'hanoi');
	const htx = await Client.login(ntm.base, 'htx');
	/* a certified product whose name a spreadsheet would run */
	const producers = ok(await htx.get('/api/v1/ocop/producers?unit=2025:00376'));
	const coop = producers.items.find((p) => p.name === 'Hợp tác xã Nông nghiệp Sóc Sơn');
	const c = ok(await htx.post(`/api/v1/ocop/producers/${coop.id}/products`,
		{ json: { name: FORMULA, group: 1, description: 'Sản phẩm thử' } }));
	ok(await hanoi.post(`/api/v1/ocop/products/${c.created.id}/certificates`,
		{ json: { number: '77/QĐ-UBND', level: 'province', stars: 3, issued_on: daysAgo(30) } }));
	list = ok(await anon.get('/api/v1/open-data'));
	for (const d of list.datasets) {
		const csvHref = d.files.find((f) => f.format === 'csv').href;
		const jsonHref = d.files.find((f) => f.format === 'json').href;
		const csv = await download(csvHref);
		const json = await download(jsonHref);
		files[d.dataset] = { csvBytes: csv.bytes, csvRes: csv.res, jsonRes: json.res,
			csvText: csv.bytes.toString('utf8'), jsonText: json.bytes.toString('utf8'),
			json: JSON.parse(json.bytes.toString('utf8')) };
	}
});
after(() => ntm && ntm.stop());

test('the list names every data set with its licence, date and both files, as JSON and as a page', async () => {
	const slugs = list.datasets.map((d) => d.dataset);
	for (const s of ['don-vi-hanh-chinh-2025', 'don-vi-hanh-chinh-truoc-2025', 'chuyen-doi-don-vi',
		'ket-qua-ntm-tinh', 'ket-qua-ntm-xa', 'danh-hieu-cong-nhan', 'ket-qua-khao-sat',
		'san-pham-ocop', 'thong-ke-ocop', 'thong-ke-cho-ocop', 'tieu-chi-ntm'])
		assert.ok(slugs.includes(s), s);
	const today = new Date().toISOString().slice(0, 10);
	for (const d of list.datasets) {
		assert.ok(d.title && d.description && d.source, d.dataset);
		assert.match(d.licence, /^(CC BY 4\.0|MIT)$/);
		assert.match(d.licence_url, /^https:\/\//);
		assert.match(d.as_of, /^\d{4}-\d{2}-\d{2}$/);
		assert.ok(Math.abs(Date.parse(d.as_of) - Date.parse(today)) <= 86400000, 'dated today');
		assert.deepEqual(d.files.map((f) => f.format), ['csv', 'json']);
	}
	const page = okResponse(await anon.get('/du-lieu-mo'));
	assert.match(page.headers.get('content-type'), /text\/html/);
	for (const d of list.datasets) {
		assert.ok(page.text.includes(`href="/du-lieu-mo/${d.dataset}.csv"`), d.dataset);
		assert.ok(page.text.includes(`href="/du-lieu-mo/${d.dataset}.json"`), d.dataset);
		assert.ok(page.text.includes(d.title), d.title);
	}
	assert.match(page.text, /CC BY 4\.0/);
	const en = okResponse(await anon.get('/du-lieu-mo?lang=en'));
	assert.match(en.text, /Open data/);
});

test('every file parses as CSV (BOM, header, guard) and JSON with the same rows', () => {
	for (const d of list.datasets) {
		const f = files[d.dataset];
		assert.match(f.csvRes.headers.get('content-type'), /^text\/csv/);
		assert.match(f.jsonRes.headers.get('content-type'), /^application\/json/);
		assert.match(f.csvRes.headers.get('content-disposition'), new RegExp(`${d.dataset}\\.csv`));
		assert.deepEqual([...f.csvBytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${d.dataset}: a BOM`);
		const rows = csvRows(f.csvText.replace(/^\uFEFF/, ''));
		const j = f.json;
		assert.equal(j.dataset, d.dataset);
		for (const k of ['title', 'licence', 'source', 'as_of'])
			assert.equal(j[k], d[k], `${d.dataset}.${k}`);
		assert.deepEqual(rows[0], j.columns.map((c) => c.name), `${d.dataset}: the header`);
		assert.equal(rows.length - 1, j.rows.length, `${d.dataset}: the same rows`);
		for (let i = 0; i < j.rows.length; i++) {
			assert.equal(rows[i + 1].length, j.columns.length);
			j.rows[i].forEach((v, k) => {
				const type = j.columns[k].type;
				if (v === null)
					assert.equal(rows[i + 1][k], '');
				else if (type === 'integer' || type === 'number') {
					assert.equal(typeof v, 'number');
					assert.equal(Number(rows[i + 1][k]), v);
				} else {
					const guarded = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
					assert.equal(rows[i + 1][k], guarded, `${d.dataset} row ${i} ${j.columns[k].name}`);
				}
			});
		}
	}
	assert.ok(files['don-vi-hanh-chinh-2025'].json.rows.length >= 1 + 34 + 3321);
	assert.ok(files['don-vi-hanh-chinh-truoc-2025'].json.rows.length >= 1 + 63 + 696 + 10035);
});

test('a cell starting with = is guarded in the CSV and kept as typed in the JSON', () => {
	const f = files['san-pham-ocop'];
	const col = f.json.columns.findIndex((c) => c.name === 'product');
	assert.ok(f.json.rows.some((r) => r[col] === FORMULA), 'the JSON keeps the name');
	const rows = csvRows(f.csvText.replace(/^\uFEFF/, ''));
	assert.ok(rows.some((r) => r[col] === `'${FORMULA}`), 'the CSV guards it');
	assert.ok(!rows.some((r) => r.some((c) => c.startsWith('='))), 'no cell starts with =');
});

test('the numbers are those of the pages they summarise', async () => {
	const col = (slug, name) => files[slug].json.columns.findIndex((c) => c.name === name);
	const rowsOf = (slug, pred) => files[slug].json.rows.filter(pred);

	/* the national roll-up and each province's (the roll-up page) */
	const roll = ok(await anon.get('/api/v1/units/2025/VN/rollup/ntm-xa-2026-2030/2026'));
	const R = (n) => col('ket-qua-ntm-tinh', n);
	const mine = rowsOf('ket-qua-ntm-tinh', (r) => r[R('set_id')] === 'ntm-xa-2026-2030' &&
		r[R('year')] === 2026 && r[R('structure')] === '2025');
	const nation = mine.find((r) => r[R('code')] === 'VN');
	assert.equal(nation[R('evaluated')], roll.evaluated);
	assert.equal(nation[R('met')], roll.met);
	assert.equal(nation[R('not_met')], roll.not_met);
	assert.equal(nation[R('incomplete')], roll.incomplete);
	for (const ch of roll.children) {
		const p = mine.find((r) => r[R('code')] === ch.code);
		assert.ok(p, ch.code);
		assert.equal(p[R('evaluated')], ch.evaluated, ch.code);
		assert.equal(p[R('met')], ch.met, ch.code);
	}
	/* the communes' evaluations add up to the national roll-up */
	const E = (n) => col('ket-qua-ntm-xa', n);
	const evals = rowsOf('ket-qua-ntm-xa', (r) => r[E('set_id')] === 'ntm-xa-2026-2030' &&
		r[E('year')] === 2026 && r[E('structure')] === '2025');
	assert.equal(evals.length, roll.evaluated);
	assert.equal(evals.filter((r) => r[E('status')] === 'met').length, roll.met);

	/* the register of titles */
	const reg = ok(await anon.get('/api/v1/recognitions?limit=1'));
	assert.equal(files['danh-hieu-cong-nhan'].json.rows.length, reg.total);

	/* the OCOP register and its statistics */
	const ocop = ok(await anon.get('/api/v1/ocop/register?limit=500'));
	assert.equal(files['san-pham-ocop'].json.rows.length, ocop.total);
	const stats = ok(await anon.get('/api/v1/ocop/statistics'));
	const S = (n) => col('thong-ke-ocop', n);
	for (const [dim, list, key] of [['stars', stats.by_stars, 'stars'], ['group', stats.by_group, 'group']]) {
		const mineDim = rowsOf('thong-ke-ocop', (r) => r[S('dimension')] === dim);
		assert.equal(mineDim.length, list.length, dim);
		for (const it of list)
			assert.equal(mineDim.find((r) => r[S('key')] === String(it[key]))[S('count')], it.count);
		assert.equal(mineDim.reduce((a, r) => a + r[S('count')], 0), stats.total);
	}

	/* a survey's published results (rates only) */
	const Q = (n) => col('ket-qua-khao-sat', n);
	const surveys = files['ket-qua-khao-sat'].json.rows;
	assert.ok(surveys.length >= 1, 'the demo has a published campaign');
	for (const s of surveys) {
		const res = ok(await anon.get(`/api/v1/campaigns/${s[Q('campaign_id')]}/results`));
		assert.equal(res.published, true);
		assert.equal(s[Q('responses')], res.responses);
		assert.equal(s[Q('rate_pct')], res.rate);
		assert.equal(s[Q('coverage_pct')], res.coverage);
	}

	/* the market's statistics over the same period */
	const M = (n) => col('thong-ke-cho-ocop', n);
	const mrows = files['thong-ke-cho-ocop'].json.rows;
	const market = ok(await anon.get(`/api/v1/market/stats?from=${mrows[0][M('from')]}&to=${mrows[0][M('to')]}`));
	const provinces = mrows.filter((r) => r[M('dimension')] === 'province' && r[M('month')] === null);
	assert.equal(provinces.reduce((a, r) => a + r[M('orders')], 0), market.orders);
	assert.equal(provinces.reduce((a, r) => a + r[M('goods_vnd')], 0), market.goods_vnd);
});

test('no file holds a household code, a user name or a survey comment', async () => {
	const admin = await Client.login(ntm.base, 'admin');
	const users = ok(await admin.get('/api/v1/users?limit=500')).items;
	assert.ok(users.length >= 10);
	assert.ok(users.some((u) => u.full_name), 'the users have full names to look for');
	/* household codes: fresh ones of a new campaign of Sóc Sơn on the
	 * demo's questionnaire (the demo's own campaign has all its codes) */
	const socson = await Client.login(ntm.base, 'socson');
	const camps = ok(await socson.get('/api/v1/campaigns?unit=2025:00376')).items;
	const day = (n = 0) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
	const id = ok(await socson.post(`/api/v1/surveys/${camps[0].survey_id}/campaigns`, { json: {
		unit: '2025:00376', title: 'Đợt mở e2e', households: 40, min_coverage: 50, threshold: 50,
		opens_on: day(), closes_on: day(20), posting_days: 10, mode: 'codes' } })).created.id;
	const issued = ok(await socson.post(`/api/v1/campaigns/${id}/codes`, { json: { count: 20 } }));
	const codes = issued.codes;
	/* and the files made after they exist */
	for (const d of list.datasets) {
		const f = files[d.dataset];
		f.csvText = (await download(`/du-lieu-mo/${d.dataset}.csv`)).bytes.toString('utf8');
		f.jsonText = (await download(`/du-lieu-mo/${d.dataset}.json`)).bytes.toString('utf8');
	}
	assert.ok(codes && codes.length >= 20, JSON.stringify(issued).slice(0, 300));
	/* the Bà Nà campaign's comments, one of them hidden */
	const bana = await Client.login(ntm.base, 'bana');
	const res = ok(await bana.get('/api/v1/campaigns/2/results'));
	assert.ok(res.comments.length > 0);
	ok(await bana.post(`/api/v1/campaigns/2/comments/${res.comments[0].id}/hide`));
	const bodies = [...new Set(res.comments.map((c) => c.body))];

	for (const d of list.datasets) {
		const f = files[d.dataset];
		const cells = f.json.rows.flat().filter((v) => typeof v === 'string');
		const text = f.csvText + f.jsonText;
		for (const code of codes) {
			assert.ok(!text.includes(code), `${d.dataset}: household code ${code}`);
			assert.ok(!text.includes(`${code.slice(0, 4)}-${code.slice(4)}`), `${d.dataset}: household code ${code}`);
		}
		for (const u of users) {
			assert.ok(!cells.includes(u.username), `${d.dataset}: user name ${u.username}`);
			if (u.full_name)
				assert.ok(!text.includes(u.full_name), `${d.dataset}: full name ${u.full_name}`);
		}
		for (const b of bodies)
			assert.ok(!text.includes(b), `${d.dataset}: comment ${b}`);
	}
});

test('an unknown data set is 404 naming it; a file is served again unchanged, with its ETag', async () => {
	const r = await anon.get('/du-lieu-mo/khong-co.csv', { headers: { accept: 'application/json' } });
	refused(r, 404, 'dataset', 'opendata.not_found');
	const a = await fetch(`${ntm.base}/du-lieu-mo/ket-qua-ntm-tinh.json`);
	const etag = a.headers.get('etag');
	const body = await a.text();
	assert.ok(etag);
	const b = await fetch(`${ntm.base}/du-lieu-mo/ket-qua-ntm-tinh.json`);
	assert.equal(await b.text(), body);
	const c = await fetch(`${ntm.base}/du-lieu-mo/ket-qua-ntm-tinh.json`, { headers: { 'if-none-match': etag } });
	assert.equal(c.status, 304);
});

test('a write is in the next file: a product certified now is in the register file at once', async () => {
	const before1 = JSON.parse((await download('/du-lieu-mo/san-pham-ocop.json')).bytes.toString('utf8'));
	const hanoi = await Client.login(ntm.base, 'hanoi');
	const htx = await Client.login(ntm.base, 'htx');
	const coop = ok(await htx.get('/api/v1/ocop/producers?unit=2025:00376')).items
		.find((p) => p.name === 'Hợp tác xã Nông nghiệp Sóc Sơn');
	const c = ok(await htx.post(`/api/v1/ocop/producers/${coop.id}/products`,
		{ json: { name: 'Bánh chưng e2e dữ liệu mở', group: 1, description: 'Thử' } }));
	ok(await hanoi.post(`/api/v1/ocop/products/${c.created.id}/certificates`,
		{ json: { number: '78/QĐ-UBND', level: 'province', stars: 4, issued_on: daysAgo(10) } }));
	const after1 = JSON.parse((await download('/du-lieu-mo/san-pham-ocop.json')).bytes.toString('utf8'));
	assert.equal(after1.rows.length, before1.rows.length + 1);
	assert.ok(after1.rows.some((r) => r.includes('Bánh chưng e2e dữ liệu mở')));
});
