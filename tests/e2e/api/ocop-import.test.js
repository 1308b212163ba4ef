'use strict';
/*
 * The import of a province's existing OCOP list (issue 16, docs/OCOP.md
 * section 5): Hà Nội's list of Sóc Sơn products, some under today's
 * communes and some under the communes before 1 July 2025 (Phù Linh went
 * into Xã Sóc Sơn, Minh Phú into Xã Kim Anh, Thanh Xuân into Xã Nội Bài;
 * Quang Tiến was split between Xã Sóc Sơn and Xã Nội Bài).
 *
 * The bad list (fixtures/ocop-import-bad.csv, with a byte order mark and
 * CRLF) has an unknown commune, an unknown group, the split commune, a
 * certificate number given twice and a Đà Nẵng row: every one is listed
 * by row and column, and nothing is stored.  The fixed list
 * (fixtures/ocop-import.xlsx, written from fixtures/ocop-import.csv by
 * fixtures/make-ocop-import-xlsx.js, with numbers and date cells as Excel
 * types them) is stored: products placed in their 2025 communes,
 * certified with the certificate of the file (3 stars before July 2025
 * under a pre-2025 commune: the district's), 2 stars recorded without a
 * certificate, the rest registered; the counts by province and stars;
 * the audit entry.  The same list again is refused row by row.  The
 * command line: exit code and output, the importer's province; the
 * coordination (no --as) registers products but records no certificate.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startDemo, Client, auditLatest } = require('../lib/accounts');
const { rawUpload } = require('../lib/dossiers');
const { ok, okResponse, refused } = require('../lib/http');

const API = '/api/v1/ocop';
const FIX = path.join(__dirname, '..', 'fixtures');
const BAD_CSV = fs.readFileSync(path.join(FIX, 'ocop-import-bad.csv'));
const GOOD_CSV = fs.readFileSync(path.join(FIX, 'ocop-import.csv'));
const GOOD_XLSX = fs.readFileSync(path.join(FIX, 'ocop-import.xlsx'));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let ntm, admin, hanoi, danang, socson;

const hanoiTotal = async () => ok(await hanoi.get(`${API}/products?unit=2025:01&limit=1`)).total;
const productNamed = async (q) => ok(await hanoi.get(`${API}/products?unit=2025:01&q=${encodeURIComponent(q)}`)).items;
const certificate = (code) => fetch(`${ntm.base}${API}/certificates/${code}`);

/* A multipart form with the file, as the page's form sends it. */
async function formUpload(client, urlPath, bytes, filename, accept = 'application/json') {
	const fd = new FormData();
	fd.append('_csrf', client.csrf);
	fd.append('file', new Blob([bytes]), filename);
	const res = await fetch(client.base + urlPath, {
		method: 'POST', headers: client.headers({ accept }), body: fd, redirect: 'manual',
	});
	const text = await res.text();
	const json = (res.headers.get('content-type') || '').startsWith('application/json') ? JSON.parse(text) : undefined;
	return { status: res.status, text, json };
}

before(async () => {
	ntm = await startDemo();
	admin = await Client.login(ntm.base, 'admin');
	hanoi = await Client.login(ntm.base, 'hanoi');
	danang = await Client.login(ntm.base, 'danang');
	socson = await Client.login(ntm.base, 'socson');
});
after(() => ntm && ntm.stop());

test('a bad list: every problem by row and column, nothing stored', async () => {
	const before = await hanoiTotal();
	const r = await rawUpload(hanoi, `${API}/import`, BAD_CSV, 'text/csv');
	const err = refused(r, 422, 'file', 'ocop.import_rows');
	const rows = err.rows.map((x) => [x.row, x.column, x.code]);
	assert.deepEqual(rows, [
		[7, 'commune_code', 'ocop.import_commune'],
		[8, 'group', 'ocop.bad_group'],
		[9, 'commune_code', 'ocop.import_split'],
		[10, 'certificate_no', 'ocop.import_duplicate'],
		[11, 'commune_code', 'auth.out_of_scope'],
	]);
	const msg = (row) => err.rows.find((x) => x.row === row).message;
	assert.match(msg(7), /99999/);
	assert.match(msg(8), /Đồ gỗ nội thất/);
	/* the split commune names its 2025 communes for a person to choose */
	assert.match(msg(9), /Xã Quang Tiến/);
	assert.match(msg(9), /Xã Sóc Sơn, Xã Nội Bài/);
	assert.match(msg(10), /112\/QĐ-UBND/);
	assert.match(msg(11), /Đà Nẵng/);
	assert.match(err.message, /5 lỗi, không ghi dòng nào/);
	assert.equal(await hanoiTotal(), before, 'nothing stored');
	assert.equal((await certificate('01-45-QD-UBND')).status, 404);
	assert.equal((await productNamed('Gạo nếp cái hoa vàng')).length, 0);
});

test('the messages follow the language; a file without the columns is named', async () => {
	const en = await rawUpload(hanoi, `${API}/import?lang=en`, BAD_CSV, 'text/csv');
	refused(en, 422);
	const noHeader = await rawUpload(hanoi, `${API}/import`, Buffer.from('name,group\nA,1\n'), 'text/csv');
	const e = refused(noHeader, 422, 'file', 'ocop.import_header');
	assert.match(e.message, /product_name, producer_name, producer_type, structure, commune_code/);
	const empty = await rawUpload(hanoi, `${API}/import`, Buffer.from(''), 'text/csv');
	refused(empty, 422, 'file');
});

test('who imports: a province officer, not a commune; another province\'s rows are listed', async () => {
	refused(await rawUpload(socson, `${API}/import`, GOOD_CSV, 'text/csv'), 403);
	const r = await rawUpload(danang, `${API}/import`, GOOD_CSV, 'text/csv');
	const err = refused(r, 422, 'file', 'ocop.import_rows');
	assert.equal(err.rows.length, 9, 'every row of Hà Nội is outside Đà Nẵng');
	assert.ok(err.rows.every((x) => x.code === 'auth.out_of_scope' && x.column === 'commune_code'));
	assert.match(err.rows[0].message, /ngoài tỉnh, thành phố của bạn/);
});

test('the fixed list (XLSX) is stored: placed through the lineage, certified, counted by province and stars', async () => {
	const before = await hanoiTotal();
	const r = ok(await rawUpload(hanoi, `${API}/import`, GOOD_XLSX, XLSX));
	assert.equal(r.rows, 9);
	assert.equal(r.products, 9);
	assert.equal(r.certificates, 6);
	assert.equal(r.rated, 1);
	assert.equal(r.registered, 2);
	assert.equal(r.producers_created, 8, 'Hộ kinh doanh Nguyễn Thị Hoa has two products in Xã Kim Anh');
	assert.deepEqual(r.provinces, [{ province: 'Hà Nội', products: 9, stars5: 1, stars4: 2, stars3: 3,
		stars2: 1, stars1: 0, unrated: 2 }]);
	assert.equal(await hanoiTotal(), before + 9);

	/* a pre-2025 commune is placed in its 2025 commune */
	const [tra] = await productNamed('Trà xanh Minh Phú');
	assert.equal(tra.unit, '2025:00382');
	assert.equal(tra.commune, 'Xã Kim Anh');
	const [gao] = await productNamed('Gạo nếp cái hoa vàng');
	assert.equal(gao.unit, '2025:00376');
	/* the chosen 2025 commune of the split one */
	assert.equal((await productNamed('Dưa lưới Quang Tiến'))[0].unit, '2025:00433');

	/* certified with the file's certificate: the district's 3 stars of
	 * 2023, the 36 months by default; the central level's 5 stars */
	const g = ok(await hanoi.get(`${API}/products/${gao.id}`));
	assert.equal(g.state, 'certified');
	assert.equal(g.stars, 3);
	const c = await (await certificate('01-45-QD-UBND')).json();
	assert.equal(c.number, '45/QĐ-UBND');
	assert.equal(c.level, 'district');
	assert.equal(c.source, 'import');
	assert.equal(c.issued_on, '2023-05-10');
	assert.equal(c.expires_on, '2026-05-09');
	assert.equal(c.commune, 'Xã Sóc Sơn');
	const five = await (await certificate('VN-TW-0123-2024')).json();
	assert.equal(five.level, 'central');
	assert.equal(five.stars, 5);
	const t = await (await certificate('01-112-QD-UBND')).json();
	assert.equal(t.level, 'province');
	assert.equal(t.expires_on, '2027-08-19', 'the file\'s expiry');

	/* 2 stars: recorded, no certificate; no stars: registered */
	const [banh] = await productNamed('Bánh chưng Nội Bài');
	const b = ok(await hanoi.get(`${API}/products/${banh.id}`));
	assert.equal(b.stars, 2);
	assert.equal(b.state, 'registered');
	assert.equal(ok(await hanoi.get(`${API}/products/${banh.id}/certificates`)).items.length, 0);
	const hist = ok(await hanoi.get(`${API}/products/${banh.id}/history`)).items;
	assert.ok(hist.some((h) => h.field === 'stars' && h.new === '2'), 'the stars in the history');
	const [choi] = await productNamed('Chổi chít');
	const ch = ok(await hanoi.get(`${API}/products/${choi.id}`));
	assert.equal(ch.stars, null);
	assert.equal(ch.state, 'registered');
	assert.equal(ch.group, 4, 'the group by its name without diacritics');

	/* one audit entry with the counts */
	const entry = (await auditLatest(admin, 100)).find((a) => a.action === 'ocop.import');
	assert.ok(entry, 'the audit entry');
	assert.equal(entry.username, 'hanoi');
	assert.equal(entry.unit_code, '01', 'in the province\'s trail');
	const summary = JSON.parse(entry.after);
	assert.equal(summary.products, 9);
	assert.equal(summary.certificates, 6);
	assert.equal(summary.producers_created, 8);
});

test('the same list again is refused row by row (already recorded), nothing added', async () => {
	const before = await hanoiTotal();
	const r = await formUpload(hanoi, `${API}/import`, GOOD_CSV, 'ocop-import.csv');
	const err = refused(r, 422, 'file', 'ocop.import_rows');
	const byRow = new Map();
	for (const x of err.rows)
		byRow.set(x.row, [...(byRow.get(x.row) || []), x.code]);
	assert.deepEqual([...byRow.keys()], [2, 3, 4, 5, 6, 7, 8, 9, 10], 'every row');
	assert.ok(byRow.get(2).includes('ocop.certificate_exists'));
	assert.ok(byRow.get(5).includes('ocop.import_exists'));
	assert.match(err.message, /^ocop-import\.csv: /, 'the file by its name');
	assert.equal(await hanoiTotal(), before);
});

test('the upload page: the officer\'s words, every problem, the result by province and stars', async () => {
	const page = okResponse(await hanoi.get('/ocop/import'));
	assert.match(page.text, /Nhập danh sách sản phẩm OCOP/);
	assert.match(page.text, /enctype="multipart\/form-data"/);
	const bad = await formUpload(hanoi, '/ocop/import', BAD_CSV, 'danh-sach.csv', 'text/html');
	assert.equal(bad.status, 422);
	assert.match(bad.text, /Các lỗi trong tệp/);
	assert.match(bad.text, /Xã Sóc Sơn, Xã Nội Bài/);
	assert.match(bad.text, /ngoài tỉnh, thành phố của bạn/);
	const main = bad.text.replace(/<pre class="example">[\s\S]*?<\/pre>/, '');
	assert.doesNotMatch(main, /ocop\.import|auth\.out_of_scope|2025:0|province_officer/, 'no codes or ids');
	const list = 'product_name,producer_name,producer_type,structure,commune_code,group,stars,certificate_no,issued,expires\n' +
		'Mơ muối Sóc Sơn,Hộ kinh doanh Đỗ Văn Minh,,2025,00376,1,4,130/QĐ-UBND,2025-01-15,\n';
	const good = await formUpload(hanoi, '/ocop/import', Buffer.from(list), 'mo-muoi.csv', 'text/html');
	assert.equal(good.status, 200);
	assert.match(good.text, /Đã nhập danh sách/);
	assert.match(good.text, /Theo tỉnh, thành phố và số sao/);
	assert.match(good.text, /<td>Hà Nội<\/td>/);
});

test('the command line: exit code and output; --as keeps to the account\'s province', async () => {
	const file = ntm.file('danang.csv');
	fs.writeFileSync(file, 'product_name,producer_name,producer_type,structure,commune_code,group,stars,certificate_no,issued,expires\n' +
		'Nước mắm Nam Ô thượng hạng,Hợp tác xã Nước mắm Nam Ô,Hợp tác xã,2025,20194,Thực phẩm,4,15/QĐ-UBND,2024-11-20,\n' +
		'Chè Bà Nà,Tổ hợp tác chè Bà Nà,tổ hợp tác,2025,20308,Đồ uống,,,,\n');
	const refusedRun = ntm.run(['import', '--db', ntm.dbPath, '--as', 'hanoi', 'ocop', file]);
	assert.equal(refusedRun.code, 1);
	assert.match(refusedRun.stderr, /dòng 2, cột commune_code: .*ngoài tỉnh/);
	assert.match(refusedRun.stderr, /dòng 3, cột commune_code: .*ngoài tỉnh/);
	assert.match(refusedRun.stderr, /2 lỗi, không ghi dòng nào/);

	const stored = ntm.run(['import', '--db', ntm.dbPath, '--as', 'danang', 'ocop', file]);
	assert.equal(stored.code, 0, stored.stderr);
	assert.match(stored.stdout, /2 rows: 2 products \(1 certified, 0 rated 1-2 stars, 1 not yet rated\), 1 producers created/);
	assert.match(stored.stdout, /Đà Nẵng: 2 products; 5 stars 0, 4 stars 1/);
	/* the existing producer of the demo is found by its name */
	const c = await (await certificate('48-15-QD-UBND')).json();
	assert.equal(c.producer, 'Hợp tác xã Nước mắm Nam Ô');
	assert.equal(c.level, 'province');

	/* without --as the command line acts for every province as the
	 * national coordination, which registers products but records no
	 * certificate: that is the province officer's step of the cycle */
	const more = ntm.file('more.csv');
	const head = 'product_name,producer_name,producer_type,structure,commune_code,group,stars,certificate_no,issued,expires\n';
	fs.writeFileSync(more, head + 'Nấm linh chi Bà Nà,Tổ hợp tác chè Bà Nà,,2025,20308,3,3,16/QĐ-UBND,2025-02-01,\n');
	const coord = ntm.run(['import', '--db', ntm.dbPath, 'ocop', more]);
	assert.equal(coord.code, 1);
	assert.match(coord.stderr, /dòng 2, cột stars: Giấy chứng nhận OCOP do cán bộ tỉnh, thành phố \(Đà Nẵng\) ghi nhận/);
	assert.doesNotMatch(coord.stderr, /province_officer|2025:/, 'in words');
	assert.equal((await certificate('48-16-QD-UBND')).status, 404);
	fs.writeFileSync(more, head + 'Nấm linh chi Bà Nà,Tổ hợp tác chè Bà Nà,,2025,20308,3,2,,,\n');
	const plain = ntm.run(['import', '--db', ntm.dbPath, 'ocop', more]);
	assert.equal(plain.code, 0, plain.stderr);
	assert.match(plain.stdout, /1 rows: 1 products \(0 certified, 1 rated 1-2 stars, 0 not yet rated\)/);
	/* a usage error */
	assert.equal(ntm.run(['import', '--db', ntm.dbPath, '--dry-run', 'ocop', more]).code, 2);
});
