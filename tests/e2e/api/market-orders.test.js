'use strict';
/*
 * The marketplace's checkout and orders (issue 17; docs/MARKET.md section
 * 5): a buyer without an account orders from two producers in one
 * checkout (two orders, shipping per producer, every amount computed by
 * the server), pays one by bank transfer (its VietQR payload decoded
 * here, CRC included), the producers confirm and ship, the buyer receives
 * and reviews; bad input, a price change, another producer's order and a
 * review too early are refused.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client, uniqueName } = require('../lib/accounts');
const { ok, refused } = require('../lib/http');
const { shopListing, BUYER, SOCSON } = require('../lib/market-orders');

let ntm, anon, a, b;

before(async () => {
	ntm = await startDemo();
	anon = new Client(ntm.base);
	a = await shopListing(ntm, { price: 120000, stock: 10, weight: 600 });
	b = await shopListing(ntm, { price: 45000, stock: 10, weight: 300 });
});
after(() => ntm && ntm.stop());

/* The EMVCo TLV fields of s: {tag: value}. */
function tlv(s) {
	const out = {};
	for (let i = 0; i < s.length;) {
		const tag = s.slice(i, i + 2), len = Number(s.slice(i + 2, i + 4));
		out[tag] = s.slice(i + 4, i + 4 + len);
		i += 4 + len;
	}
	return out;
}

function crc16(s) {
	let crc = 0xffff;
	for (const byte of Buffer.from(s, 'utf8')) {
		crc ^= byte << 8;
		for (let k = 0; k < 8; k++)
			crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
	}
	return crc.toString(16).toUpperCase().padStart(4, '0');
}

const stock = (id) => Number(ntm.sql(`SELECT stock FROM market_listing WHERE id = ${id};`).trim());

test('one checkout from two producers: two orders, shipping per producer, a transfer with its VietQR', async () => {
	const r = ok(await anon.post('/api/v1/market/checkout', { json: {
		lines: [{ listing_id: a.listingId, quantity: 2, price_vnd: 120000 },
			{ listing_id: b.listingId, quantity: 3, price_vnd: 45000 }],
		buyer: { ...BUYER, phone: '+84 912 345 678' },
		payments: { [a.producerId]: 'transfer', [b.producerId]: 'cod' } } }));
	assert.equal(r.orders.length, 2);
	const oa = r.orders.find((o) => o.producer_id === a.producerId);
	const ob = r.orders.find((o) => o.producer_id === b.producerId);
	/* 2 x 600 g = 1,200 g: 30,000 + one started 500 g step of 5,000 */
	assert.equal(oa.goods_vnd, 240000);
	assert.equal(oa.shipping_vnd, 35000);
	assert.equal(oa.total_vnd, 275000);
	assert.equal(ob.shipping_vnd, 30000);
	assert.equal(ob.total_vnd, 135000 + 30000);
	assert.equal(r.total_vnd, 275000 + 165000);
	assert.match(oa.reference, /^OCOP[2-9A-HJ-NP-Z]{8}$/);
	assert.equal(oa.link, `/cho/don/${oa.token}`);
	assert.equal(stock(a.listingId), 8);
	assert.equal(stock(b.listingId), 7);
	/* the phone kept in its national form */
	assert.equal(ntm.sql(`SELECT buyer_phone FROM market_order WHERE id = ${oa.id};`).trim(), '0912345678');
	/* only the hash of the token is stored */
	assert.equal(ntm.sql(`SELECT COUNT(*) FROM market_order WHERE access_hash = '${oa.token}';`).trim(), '0');

	/* the VietQR payload, decoded */
	const p = oa.vietqr.payload;
	const f = tlv(p);
	assert.equal(f['00'], '01');
	assert.ok(['11', '12'].includes(f['01']));
	const m = tlv(f['38']);
	assert.equal(m['00'], 'A000000727');
	const ben = tlv(m['01']);
	assert.equal(ben['00'], '970436');
	assert.equal(ben['01'], oa.vietqr.account);
	assert.match(oa.vietqr.account, /^[0-9]{6,19}$/);
	assert.equal(f['53'], '704');
	assert.equal(f['54'], String(oa.total_vnd));
	assert.equal(f['58'], 'VN');
	assert.equal(tlv(f['62'])['08'], oa.reference);
	assert.equal(f['63'], crc16(p.slice(0, -4)));
	assert.equal(ob.vietqr, undefined);

	/* the buyer's page by the token; the QR image */
	const page = ok(await anon.get(`/api/v1/market/orders/${oa.token}`));
	assert.equal(page.order.state, 'placed');
	assert.equal(page.order.total_vnd, 275000);
	assert.equal(page.lines.length, 1);
	assert.equal(page.order.buyer_phone, undefined);
	const svg = await anon.get(`/api/v1/market/orders/${oa.token}/vietqr.svg`);
	assert.equal(svg.status, 200);
	assert.match(svg.text, /<svg/);
	refused(await anon.get(`/api/v1/market/orders/${'x'.repeat(43)}`), 404, undefined, 'market.no_order');

	/* review before delivery: 409 */
	refused(await anon.post(`/api/v1/market/orders/${oa.token}/reviews`,
		{ json: { listing_id: a.listingId, rating: 5, body: 'Ngon' } }), 409, undefined, 'market.not_delivered');

	/* another producer's account: 403 */
	const admin = await Client.login(ntm.base, 'admin');
	const username = uniqueName('nsx');
	ok(await admin.post('/api/v1/users', { json: { username, full_name: 'Cơ sở khác',
		password: 'ntm-demo-2026', role: 'producer', unit: SOCSON } }));
	const other = await Client.login(ntm.base, username);
	refused(await other.get(`/api/v1/market/shop/orders/${oa.id}`), 403, undefined, 'market.not_yours');
	refused(await other.post(`/api/v1/market/shop/orders/${oa.id}/transitions`,
		{ json: { transition: 'confirm' } }), 403, undefined, 'market.not_yours');
	assert.equal(ok(await other.get('/api/v1/market/shop/orders')).total, 0);

	/* the producers confirm and ship; the buyer receives and reviews */
	const htx = a.producerClient;
	const list = ok(await htx.get('/api/v1/market/shop/orders?state=placed'));
	assert.ok(list.items.some((o) => o.id === oa.id));
	let so = ok(await htx.get(`/api/v1/market/shop/orders/${oa.id}`));
	assert.equal(so.order.buyer_phone, '0912345678');
	assert.deepEqual(so.actions.map((x) => x.id).sort(), ['cancel', 'confirm']);
	so = ok(await htx.post(`/api/v1/market/shop/orders/${oa.id}/transitions`,
		{ json: { transition: 'confirm', row_version: so.row_version } }));
	assert.equal(so.order.state, 'confirmed');
	/* a stale row version: someone moved it first */
	refused(await htx.post(`/api/v1/market/shop/orders/${oa.id}/transitions`,
		{ json: { transition: 'ship', row_version: so.row_version - 1 } }), 409, undefined, 'workflow.stale');
	/* the buyer may not cancel once confirmed */
	refused(await anon.post(`/api/v1/market/orders/${oa.token}/cancel`, { json: {} }), 409, undefined,
		'workflow.not_allowed');
	ok(await htx.post(`/api/v1/market/shop/orders/${oa.id}/transitions`, { json: { transition: 'ship' } }));
	const got = ok(await anon.post(`/api/v1/market/orders/${oa.token}/received`, { json: {} }));
	assert.equal(got.order.state, 'delivered');
	assert.ok(got.order.delivered_at);
	assert.ok(got.history.some((h) => h.transition === 'receive'));
	const rv = ok(await anon.post(`/api/v1/market/orders/${oa.token}/reviews`,
		{ json: { listing_id: a.listingId, rating: 5, body: '<b>Chè ngon</b>' } }));
	assert.equal(rv.lines[0].review.rating, 5);
	assert.equal(rv.lines[0].review.body, '<b>Chè ngon</b>');
	refused(await anon.post(`/api/v1/market/orders/${oa.token}/reviews`,
		{ json: { listing_id: a.listingId, rating: 4 } }), 409, undefined, 'market.already_reviewed');

	/* the buyer cancels the other order while placed: the stock comes back */
	const c = ok(await anon.post(`/api/v1/market/orders/${ob.token}/cancel`, { json: {} }));
	assert.equal(c.order.state, 'cancelled');
	assert.equal(stock(b.listingId), 10);
});

test('bad input: every problem at once, nothing written', async () => {
	const before = stock(a.listingId);
	const orders = ntm.sql('SELECT COUNT(*) FROM market_order;').trim();
	const r = refused(await anon.post('/api/v1/market/checkout', { json: {
		lines: [{ listing_id: a.listingId, quantity: 0, price_vnd: 120000 },
			{ listing_id: b.listingId, quantity: -1, price_vnd: 45000 }],
		buyer: { name: '', phone: '0123 456 789', address: 'x', commune: '2025:01' } } }), 422);
	const fields = r.problems.map((p) => p.field);
	for (const f of ['lines[0].quantity', 'lines[1].quantity', 'buyer.name', 'buyer.phone', 'buyer.commune'])
		assert.ok(fields.includes(f), `${f} in ${fields}`);
	for (const phone of ['091234567', '09123456789', '0112345678', '+1 912 345 678', 'abc'])
		refused(await anon.post('/api/v1/market/checkout', { json: {
			lines: [{ listing_id: a.listingId, quantity: 1, price_vnd: 120000 }],
			buyer: { ...BUYER, phone } } }), 422, 'buyer.phone', 'market.bad_phone');
	/* a landline and a mobile with 84 in front are fine; a pre-2025 commune is not */
	refused(await anon.post('/api/v1/market/checkout', { json: {
		lines: [{ listing_id: a.listingId, quantity: 1, price_vnd: 120000 }],
		buyer: { ...BUYER, commune: 'pre2025:09877' } } }), 422, 'buyer.commune', 'market.bad_commune');
	/* beyond stock: 409 naming the line */
	refused(await anon.post('/api/v1/market/checkout', { json: {
		lines: [{ listing_id: a.listingId, quantity: before + 1, price_vnd: 120000 }], buyer: BUYER } }),
	409, 'lines[0].quantity', 'market.out_of_stock');
	assert.equal(stock(a.listingId), before);
	assert.equal(ntm.sql('SELECT COUNT(*) FROM market_order;').trim(), orders);
	ok(await anon.post('/api/v1/market/checkout', { json: {
		lines: [{ listing_id: b.listingId, quantity: 1, price_vnd: 45000 }],
		buyer: { ...BUYER, phone: '024 3825 1234' } } }));
});

test('a price changed since the cart: 409 with the new total, nothing written; confirmed, it is placed', async () => {
	ntm.sql(`UPDATE market_listing SET price_vnd = 130000 WHERE id = ${a.listingId};`);
	const before = stock(a.listingId);
	const lines = [{ listing_id: a.listingId, quantity: 1, price_vnd: 120000 }];
	const e = refused(await anon.post('/api/v1/market/checkout', { json: { lines, buyer: BUYER } }),
		409, undefined, 'market.price_changed');
	assert.equal(e.quote.orders[0].lines[0].price_vnd, 130000);
	assert.equal(e.quote.total_vnd, 130000 + 30000);
	assert.equal(stock(a.listingId), before);
	/* a client that sends a lower price for the new one is refused again */
	refused(await anon.post('/api/v1/market/checkout', { json: { lines: [{ ...lines[0], price_vnd: 1 }],
		buyer: BUYER } }), 409, undefined, 'market.price_changed');
	/* a confirm_total that differs is refused too */
	refused(await anon.post('/api/v1/market/checkout', { json: { lines: [{ ...lines[0], price_vnd: 130000 }],
		buyer: BUYER, confirm_total: 150000 } }), 409, undefined, 'market.price_changed');
	const r = ok(await anon.post('/api/v1/market/checkout', { json: {
		lines: [{ ...lines[0], price_vnd: 130000 }], buyer: BUYER, confirm_total: 160000 } }));
	assert.equal(r.total_vnd, 160000);
	assert.equal(stock(a.listingId), before - 1);
});

test('the pages without JavaScript: cart, checkout in two steps, the order by its link, the producer\'s page', async () => {
	ntm.sql(`UPDATE market_listing SET price_vnd = 120000 WHERE id = ${a.listingId};`);
	const add = await anon.post('/cho/gio-hang', { form: { listing_id: a.listingId, quantity: 2, price_vnd: 120000 } });
	assert.equal(add.status, 303);
	const set = add.headers.getSetCookie().find((c) => c.startsWith('cho_gio='));
	assert.ok(set, 'the cart cookie');
	const cookie = set.split(';')[0];
	const cart = await anon.get('/cho/gio-hang', { headers: { cookie } });
	assert.equal(cart.status, 200);
	assert.match(cart.text, /240\.000/);
	const step1 = await anon.get('/cho/dat-hang?province=2025:01', { headers: { cookie } });
	assert.equal(step1.status, 200);
	assert.match(step1.text, /value="2025:00376"/);
	const placed = await anon.post('/cho/dat-hang', { headers: { cookie }, form: { province: '2025:01',
		name: '<script>alert(1)</script> Lê Thị Mua', phone: '0987654321', address: 'Thôn 3',
		commune: SOCSON, [`pay_${a.producerId}`]: 'transfer' } });
	assert.equal(placed.status, 200, placed.text.slice(0, 400));
	assert.ok(placed.headers.getSetCookie().some((c) => /^cho_gio=;/.test(c)), 'the cart emptied');
	const link = /href="(\/cho\/don\/[A-Za-z0-9_-]{43})"/.exec(placed.text)[1];
	const page = await anon.get(link);
	assert.equal(page.status, 200);
	assert.equal(page.headers.get('x-robots-tag'), 'noindex');
	assert.match(page.text, /vietqr\.svg/);
	assert.ok(!page.text.includes('<script>alert(1)'));
	const id = Number(ntm.sql(`SELECT MAX(id) FROM market_order;`).trim());
	const shop = await a.producerClient.get(`/cua-hang/don/${id}`);
	assert.equal(shop.status, 200);
	assert.ok(shop.text.includes('&lt;script&gt;alert(1)&lt;/script&gt; Lê Thị Mua'));
	assert.ok(!shop.text.includes('<script>alert(1)'));
	const list = await a.producerClient.get('/cua-hang/don');
	assert.equal(list.status, 200);
	const rv = /name="row_version" value="(\d+)"/.exec(shop.text)[1];
	const step = await a.producerClient.post(`/cua-hang/don/${id}`, { form: { transition: 'confirm', row_version: rv } });
	assert.equal(step.status, 303);
	assert.equal(ntm.sql(`SELECT state FROM market_order WHERE id = ${id};`).trim(), 'confirmed');
	/* the buyer's cancel button is gone once confirmed; a cancel refused shows the page again */
	const refusedCancel = await anon.post(`${link}/huy`, { form: {} });
	assert.equal(refusedCancel.status, 409);
});

test('a shop that takes cash on delivery only, with no bank account: a transfer is refused, COD placed', async () => {
	const c = await shopListing(ntm, { price: 60000, stock: 5, weight: 250, transfer: false });
	refused(await anon.post('/api/v1/market/checkout', { json: {
		lines: [{ listing_id: c.listingId, quantity: 1, price_vnd: 60000 }], buyer: BUYER,
		payments: { [c.producerId]: 'transfer' } } }), 422, `payments.${c.producerId}`, 'market.bad_payment');
	const r = ok(await anon.post('/api/v1/market/checkout', { json: {
		lines: [{ listing_id: c.listingId, quantity: 1, price_vnd: 60000 }], buyer: BUYER } }));
	assert.equal(r.orders[0].payment, 'cod');
	assert.equal(r.orders[0].vietqr, undefined);
	refused(await anon.get(`/api/v1/market/orders/${r.orders[0].token}/vietqr.svg`), 404, undefined, 'market.no_vietqr');
});
