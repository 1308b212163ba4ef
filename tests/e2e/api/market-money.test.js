'use strict';
/*
 * The producer's money (issue 17, docs/MARKET.md sections 6 and 7): a
 * bank statement CSV uploaded by the producer pays a transfer order in
 * full (matched), another in part (partial, what is missing), and has a
 * line of no order (unmatched); the same file uploaded again changes
 * nothing; a file with an unreadable row writes nothing and names the
 * row; another producer's account is refused (403) on the upload and the
 * statement; the statement's totals are the sums of its lines and of the
 * orders; the programme statistics count a delivered order in its
 * province, product group and stars; the pages show it in words.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client, uniqueName } = require('../lib/accounts');
const { ok, refused, okResponse } = require('../lib/http');
const { rawUpload } = require('../lib/dossiers');
const { shopListing, placedOrder, moveOrder, SOCSON } = require('../lib/market-orders');

const SHOP = '/api/v1/market/shop';
let ntm, listed, producer, full, part, cod, statsBefore;

const today = () => new Date().toISOString().slice(0, 10);
const month = () => today().slice(0, 7);
const dmy = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
/* "NTMAB12CD" as a bank may write it: spaced, dashed, lower case. */
const mangled = (ref) => `${ref.slice(0, 3).toLowerCase()}-${ref.slice(3, 6)} ${ref.slice(6)}`;
const vnd = (n) => n.toLocaleString('de-DE');	/* 1.250.000 */

function statementCsv() {
	return [
		'SAO KÊ TÀI KHOẢN;;;;',
		'Số tài khoản: 0011001234567;;;;',
		'Ngày giao dịch;Số tham chiếu;Ghi nợ;Ghi có;Diễn giải',
		`${dmy(today())};FT${full.orderId}A;;"${vnd(full.totalVnd)}";MBVCB.1 ${mangled(full.reference)} thanh toan`,
		`${dmy(today())};FT${part.orderId}B;;"${vnd(1000)}";CK ${part.reference}`,
		`${dmy(today())};FT${part.orderId}C;"${vnd(50000)}";;phi dich vu`,
		`${dmy(today())};FT${full.orderId}D;;"${vnd(77000)}";nguoi la chuyen tien`,
		';Tổng cộng;;;',
	].join('\r\n') + '\r\n';
}

async function upload(client, text, producerId = producer) {
	return rawUpload(client, `${SHOP}/bank-uploads?producer_id=${producerId}`, Buffer.from(text, 'utf8'),
		'text/csv');
}

before(async () => {
	ntm = await startDemo();
	listed = await shopListing(ntm, { price: 100000, stock: 50, weight: 500 });
	producer = listed.producerId;
	statsBefore = ok(await new Client(ntm.base).get(`/api/v1/market/stats?from=${today()}&to=${today()}`));
	full = await placedOrder(ntm.base, { ntm, listing: listed, quantity: 2, payment: 'transfer' });
	part = await placedOrder(ntm.base, { ntm, listing: listed, quantity: 1, payment: 'transfer' });
	cod = await placedOrder(ntm.base, { ntm, listing: listed, quantity: 1, payment: 'cod' });
	for (const o of [full, part, cod])
		await moveOrder(ntm.base, o, 'delivered');
});
after(() => ntm && ntm.stop());

test('an uploaded statement pays one order in full, one in part, and shows a line of no order', async () => {
	const c = listed.producerClient;
	const r = ok(await upload(c, statementCsv()));
	assert.equal(r.credits, 3, 'the debit and the total row are not credits');
	assert.equal(r.matched, 1);
	assert.equal(r.partial, 1);
	assert.equal(r.unmatched, 1);
	assert.equal(r.known, 0);
	const byOutcome = Object.fromEntries(r.transfers.map((t) => [t.outcome, t]));
	assert.equal(byOutcome.matched.order.reference, full.reference);
	assert.equal(byOutcome.matched.order.missing_vnd, 0);
	assert.equal(byOutcome.partial.order.reference, part.reference);
	assert.equal(byOutcome.partial.order.missing_vnd, part.totalVnd - 1000);
	assert.equal(byOutcome.unmatched.order, null);
	/* the orders' paid amounts, through the producer's transfers */
	const t = ok(await c.get(`${SHOP}/transfers?producer_id=${producer}&from=${today()}&to=${today()}`));
	assert.equal(t.items.length, 3);
	/* the page lists the partial with what is missing, in words */
	const page = okResponse(await c.get(`/cua-hang/doi-soat?producer_id=${producer}`)).text;
	assert.ok(page.includes(part.reference), 'the partial order is linked');
	assert.ok(page.includes(`/cua-hang/don/${part.orderId}`));
	assert.ok(page.includes('nguoi la chuyen tien'), 'the unmatched line shows its description');
	const uploads = ok(await c.get(`${SHOP}/bank-uploads?producer_id=${producer}`));
	assert.equal(uploads.items.length, 1);
});

test('the same file uploaded again changes nothing; a bad row writes nothing and is named', async () => {
	const c = listed.producerClient;
	const st1 = ok(await c.get(`${SHOP}/statement?producer_id=${producer}&month=${month()}`));
	const r = ok(await upload(c, statementCsv()));
	assert.equal(r.known, 3);
	assert.equal(r.new, 0);
	assert.deepEqual(ok(await c.get(`${SHOP}/statement?producer_id=${producer}&month=${month()}`)).totals,
		st1.totals);
	const bad = statementCsv() + `${dmy(today())};FT9;;"một trăm";CK ${part.reference}\r\n`;
	const e = refused(await upload(c, bad), 422, 'file', 'market.bank_row');
	assert.match(e.message, /dòng 9/);
	assert.deepEqual(ok(await c.get(`${SHOP}/statement?producer_id=${producer}&month=${month()}`)).totals,
		st1.totals);
	/* no credit column: the column is named */
	const e2 = refused(await upload(c, 'Ngày giao dịch,Nội dung\n01/11/2026,x\n'), 422, 'file',
		'market.bank_column');
	assert.match(e2.message, /Số tiền ghi có/);
});

test("another producer's account is refused the upload and the statement (403)", async () => {
	const admin = await Client.login(ntm.base, 'admin');
	const username = uniqueName('nsx');
	ok(await admin.post('/api/v1/users', { json: { username, full_name: `Chủ thể ${username}`,
		password: 'ntm-demo-2026', role: 'producer', unit: SOCSON } }));
	const other = await Client.login(ntm.base, username);
	refused(await upload(other, statementCsv()), 403, 'producer_id', 'market.not_yours');
	refused(await other.get(`${SHOP}/statement?producer_id=${producer}`), 403, 'producer_id',
		'market.not_yours');
	assert.equal((await other.get(`/cua-hang/sao-ke.csv?producer_id=${producer}`)).status, 403);
	/* the commune officer reads it, and may not upload */
	const socson = await Client.login(ntm.base, 'socson');
	ok(await socson.get(`${SHOP}/statement?producer_id=${producer}`));
	refused(await upload(socson, statementCsv()), 403);
});

test("the statement's totals are the sums of its lines and of the orders", async () => {
	const c = listed.producerClient;
	const st = ok(await c.get(`${SHOP}/statement?producer_id=${producer}&from=${today()}&to=${today()}`));
	assert.equal(st.lines.length, 3);
	for (const k of ['goods_vnd', 'shipping_vnd', 'sales_vnd', 'fee_vnd', 'owed_vnd', 'transfer_vnd',
		'cod_vnd', 'outstanding_vnd'])
		assert.equal(st.totals[k], st.lines.reduce((s, l) => s + l[k], 0), k);
	for (const l of st.lines) {
		assert.equal(l.sales_vnd, l.goods_vnd + l.shipping_vnd);
		assert.equal(l.owed_vnd, l.sales_vnd - l.fee_vnd);
		assert.equal(l.outstanding_vnd, l.sales_vnd - l.cod_vnd - l.transfer_vnd);
	}
	const orders = [full, part, cod];
	assert.equal(st.totals.sales_vnd, orders.reduce((s, o) => s + o.totalVnd, 0));
	const line = (o) => st.lines.find((l) => l.reference === o.reference);
	assert.equal(line(full).transfer_vnd, full.totalVnd);
	assert.equal(line(full).outstanding_vnd, 0);
	assert.equal(line(part).outstanding_vnd, part.totalVnd - 1000);
	assert.equal(line(cod).cod_vnd, cod.totalVnd);
	assert.equal(st.unmatched.length, 1);
	assert.equal(st.unmatched_vnd, 77000);
	/* the page and the downloads */
	const page = okResponse(await c.get(`/cua-hang/sao-ke?producer_id=${producer}&month=${month()}`)).text;
	assert.ok(page.includes(full.reference));
	assert.ok(page.includes('Tổng cộng'));
	const csv = okResponse(await c.get(`/cua-hang/sao-ke.csv?producer_id=${producer}&month=${month()}`));
	assert.match(csv.headers.get('content-type'), /text\/csv/);
	assert.ok(csv.text.includes(part.reference));
	const xlsx = await fetch(`${ntm.base}/cua-hang/sao-ke.xlsx?producer_id=${producer}&month=${month()}`,
		{ headers: c.headers() });
	assert.equal(xlsx.status, 200);
	assert.equal(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString(), 'PK');
	refused(await c.get(`${SHOP}/statement?producer_id=${producer}&from=2026-13-01&to=${today()}`), 422,
		'from', 'market.bad_period');
});

test('statistics count a delivered order in its province, group and stars', async () => {
	const anon = new Client(ntm.base);
	const s = ok(await anon.get(`/api/v1/market/stats?from=${today()}&to=${today()}`));
	assert.equal(s.orders - statsBefore.orders, 3);
	const row = (list, key) => (list || []).find((r) => r.key === key) || { orders: 0, goods_vnd: 0 };
	const goods = [full, part, cod].reduce((t, o) => t + o.order.goods_vnd, 0);
	assert.equal(row(s.by_province, '01').orders - row(statsBefore.by_province, '01').orders, 3);
	assert.equal(row(s.by_province, '01').goods_vnd - row(statsBefore.by_province, '01').goods_vnd, goods);
	assert.equal(row(s.by_group, '1').orders - row(statsBefore.by_group, '1').orders, 3);
	assert.equal(row(s.by_stars, '4').orders - row(statsBefore.by_stars, '4').orders, 3);
	const one = ok(await anon.get(`/api/v1/market/stats?from=${today()}&to=${today()}&province=79`));
	assert.equal(row(one.by_province, '01').orders, 0, 'another province only');
	const page = okResponse(await anon.get('/cho/thong-ke')).text;
	assert.ok(page.includes('<svg'), 'a chart');
	assert.ok(page.includes('Thành phố Hà Nội') || page.includes('Hà Nội'));
	const csv = okResponse(await anon.get('/cho/thong-ke.csv'));
	assert.match(csv.headers.get('content-type'), /text\/csv/);
});
