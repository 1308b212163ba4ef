'use strict';
/*
 * Buyer accounts of the marketplace (issue 17; docs/MARKET.md section 5,
 * "Buyer accounts"): a repeat customer registers with its phone, signs in
 * with the ordinary login, checks out (the order carries the account) and
 * finds the order in its list and on /cho/tai-khoan; another buyer does
 * not see it; a buyer reaches no staff route; a phone registered twice is
 * 409, bad input 422 naming every field.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client } = require('../lib/accounts');
const { ok, refused } = require('../lib/http');
const { shopListing, BUYER } = require('../lib/market-orders');

const PASSWORD = 'mua-hang-2026';
let ntm, anon, listing, first, second;

before(async () => {
	ntm = await startDemo();
	anon = new Client(ntm.base);
	listing = await shopListing(ntm, { price: 120000, stock: 10, weight: 600 });
});
after(() => ntm && ntm.stop());

test('register with a phone, sign in with it, check out: the order is the account\'s', async () => {
	const r = ok(await anon.post('/api/v1/market/buyers', { json: {
		name: 'Trần Thị Khách', phone: '+84 903 111 222', password: PASSWORD } }));
	assert.equal(r.username, '0903111222');
	first = await Client.login(ntm.base, '0903 111 222'.replace(/ /g, ''), PASSWORD);
	/* the checkout page starts from the account's name and phone */
	const page = await first.get('/cho/dat-hang?province=2025:01&commune=2025:00376', { headers: {
		cookie: `ntm_session=${first.cookie}; cho_gio=${listing.listingId}.1.120000` } });
	assert.equal(page.status, 200);
	assert.match(page.text, /value="Trần Thị Khách"/);
	assert.match(page.text, /value="0903111222"/);

	const c = ok(await first.post('/api/v1/market/checkout', { json: {
		lines: [{ listing_id: listing.listingId, quantity: 1, price_vnd: 120000 }],
		buyer: { ...BUYER, name: 'Trần Thị Khách', phone: '0903111222' }, payment: 'cod' } }));
	const order = c.orders[0];
	assert.equal(ntm.sql(`SELECT buyer_id FROM market_order WHERE id = ${order.id};`).trim(),
		String(r.id));

	const mine = ok(await first.get('/api/v1/market/my/orders'));
	assert.equal(mine.total, 1);
	assert.equal(mine.items[0].reference, order.reference);
	assert.equal(mine.items[0].state, 'placed');
	assert.ok(mine.items[0].state_name.length > 0 && mine.items[0].state_name !== 'placed');
	assert.equal(mine.items[0].total_vnd, order.total_vnd);
	const one = ok(await first.get(`/api/v1/market/my/orders/${order.id}`));
	assert.equal(one.order.reference, order.reference);

	const html = await first.get('/cho/tai-khoan');
	assert.equal(html.status, 200);
	assert.ok(html.text.includes(order.reference));
	assert.ok(html.text.includes(`href="/cho/tai-khoan/don/${order.id}"`));
	assert.equal((await first.get(`/cho/tai-khoan/don/${order.id}`)).status, 200);
	/* the private link still works for whoever holds it */
	ok(await anon.get(`/api/v1/market/orders/${order.token}`));
	/* a second order, placed later, comes first */
	const c2 = ok(await first.post('/api/v1/market/checkout', { json: {
		lines: [{ listing_id: listing.listingId, quantity: 2, price_vnd: 120000 }],
		buyer: { ...BUYER, phone: '0903111222' }, payment: 'cod' } }));
	ntm.sql(`UPDATE market_order SET placed_at = '2099-01-01T00:00:00Z' WHERE id = ${c2.orders[0].id};`);
	const both = ok(await first.get('/api/v1/market/my/orders'));
	assert.deepEqual(both.items.map((o) => o.id), [c2.orders[0].id, order.id]);
	/* home leads a buyer to its orders */
	const home = await first.get('/home');
	assert.equal(home.status, 303);
	assert.equal(home.headers.get('location'), '/cho/tai-khoan');
});

test('another buyer does not see the first one\'s orders', async () => {
	ok(await anon.post('/api/v1/market/buyers', { form: {
		name: 'Lê Văn Hai', phone: '0987654321', password: PASSWORD } }));
	second = await Client.login(ntm.base, '0987654321', PASSWORD);
	const mine = ok(await second.get('/api/v1/market/my/orders'));
	assert.equal(mine.total, 0);
	const id = ok(await first.get('/api/v1/market/my/orders')).items[0].id;
	refused(await second.get(`/api/v1/market/my/orders/${id}`), 404);
	assert.equal((await second.get(`/cho/tai-khoan/don/${id}`)).status, 404);
	const page = await second.get('/cho/tai-khoan');
	assert.equal(page.status, 200);
	assert.ok(!page.text.includes(`/cho/tai-khoan/don/${id}"`));
	/* an anonymous caller is asked to sign in */
	refused(await anon.get('/api/v1/market/my/orders'), 401);
});

test('a buyer reaches no staff route, but its own account pages', async () => {
	for (const p of ['/api/v1/dossiers', '/api/v1/ocop/products', '/api/v1/market/shop',
		'/api/v1/users', '/api/v1/audit?unit=2025:VN', '/api/v1/units/2025/00376/attributes', '/api/v1/reports',
		'/api/v1/market/shop/orders'])
		refused(await first.get(p), 403);
	assert.equal((await first.get('/cua-hang')).status, 403);
	ok(await first.get('/api/v1/me'));
	assert.deepEqual(ok(await first.get('/api/v1/home')).items, []);
	ok(await first.post('/api/v1/me/password', { json: {
		old_password: PASSWORD, new_password: PASSWORD + '!' } }));
	first = await Client.login(ntm.base, '0903111222', PASSWORD + '!');
	assert.equal((await first.delete('/api/v1/session')).status < 300, true);
});

test('a phone registered twice is 409; bad input is 422 naming every field, nothing written', async () => {
	const users = ntm.sql('SELECT COUNT(*) FROM app_user;').trim();
	refused(await anon.post('/api/v1/market/buyers', { json: {
		name: 'Ai đó', phone: '0903 111 222', password: PASSWORD } }), 409, 'phone',
		'market.phone_registered');
	const r = refused(await anon.post('/api/v1/market/buyers', { json: {
		name: '', phone: '0123 456 789', password: 'short' } }), 422);
	const fields = r.problems.map((p) => p.field);
	for (const f of ['name', 'phone', 'password'])
		assert.ok(fields.includes(f), `${f} in ${fields}`);
	refused(await anon.post('/api/v1/market/buyers', { json: {
		name: 'Ai đó', phone: '12345', password: PASSWORD } }), 422, 'phone', 'market.bad_phone');
	refused(await anon.post('/api/v1/market/buyers', { json: {
		name: 'Ai đó', phone: '0911222333', password: 'short' } }), 422, 'password');
	assert.equal(ntm.sql('SELECT COUNT(*) FROM app_user;').trim(), users);
});

test('an admin may disable a buyer account like any other', async () => {
	const admin = await Client.login(ntm.base, 'admin');
	const id = Number(ntm.sql("SELECT id FROM app_user WHERE username = '0987654321';").trim());
	ok(await admin.post(`/api/v1/users/${id}/disable`, { json: {} }));
	await assert.rejects(Client.login(ntm.base, '0987654321', PASSWORD));
});

test('the registration page works without JavaScript and leads to the sign-in', async () => {
	const page = await anon.get('/cho/tai-khoan/dang-ky');
	assert.equal(page.status, 200);
	assert.match(page.text, /name="phone"/);
	const r = await anon.post('/cho/tai-khoan/dang-ky', { form: {
		name: 'Phạm Thị Ba', phone: '0355 666 777', password: PASSWORD } });
	assert.equal(r.status, 303);
	assert.match(r.headers.get('location'), /^\/login/);
	const bad = await anon.post('/cho/tai-khoan/dang-ky', { form: {
		name: 'Phạm Thị Ba', phone: '0355 666 777', password: PASSWORD } });
	assert.equal(bad.status, 409);
	assert.match(bad.text, /đã có tài khoản/);
});
