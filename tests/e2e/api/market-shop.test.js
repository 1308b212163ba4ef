'use strict';
/*
 * The producer's shop (issue 17, docs/MARKET.md section 3): a producer
 * lists a certified product; an uncertified one is refused with its reason
 * in words; every problem of a bad listing at once and nothing written;
 * numbers as people write them ("120.000 đ", "1,5 kg"); texts with HTML
 * stored as typed and escaped on the page; another producer's shop and
 * listing are 403 (read and write); a revoked certificate hides the
 * listing (certificate_revoked) and the shop's page says why; an expired
 * one (the calendar moved with $NTM_TODAY on a second server) is
 * certificate_expired; a stale row_version is 409; shipping rules refuse
 * an unknown province, a zero step and a province twice; photos are
 * checked by content and served publicly with a long cache.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startDemo, Client, uniqueName, auditLatest } = require('../lib/accounts');
const { ok, refused } = require('../lib/http');
const { rawUpload } = require('../lib/dossiers');
const { mainOf } = require('../lib/ntm');
const { listedProduct, certifiedProduct, openShop, createListing } = require('../lib/market');

const SHOP = '/api/v1/market/shop';
const OCOP = '/api/v1/ocop';
const SOCSON = '2025:00376';
let ntm, admin, htx, listed;

before(async () => {
	ntm = await startDemo();
	admin = await Client.login(ntm.base, 'admin');
	htx = await Client.login(ntm.base, 'htx');
	listed = await listedProduct(ntm.base, { price: 150000, stock: 20, weight: 750 });
});
after(() => ntm && ntm.stop());

async function page(client, p) {
	const r = await client.get(p);
	assert.equal(r.status, 200, `${p}: ${r.status} ${r.text.slice(0, 300)}`);
	return mainOf(r.text);
}

test('a producer lists a certified product: its shop, rules, counts and the audit', async () => {
	const c = listed.producerClient;
	const mine = ok(await c.get(`${SHOP}/listings?producer_id=${listed.producerId}`));
	assert.equal(mine.items.length, 1);
	const l = mine.items[0];
	assert.equal(l.id, listed.listingId);
	assert.equal(l.sellable, 'sells');
	assert.equal(l.selling, true);
	assert.equal(l.reason, 'Đang bán');
	assert.equal(l.price_vnd, 150000);
	assert.equal(l.price_text, '150.000\u00a0₫');
	assert.equal(l.stock, 20);
	assert.equal(l.weight_grams, 750);
	assert.equal(l.certificate.code, listed.certificateCode);
	assert.equal(l.certificate.stars, 4);
	assert.match(l.certificate.expires_on, /^\d{4}-\d{2}-\d{2}$/);
	const shop = ok(await c.get(`${SHOP}?producer_id=${listed.producerId}`));
	assert.equal(shop.open, true);
	assert.equal(shop.bank_bin, '970436');
	assert.equal(shop.accepts_transfer, true);
	assert.deepEqual(shop.counts, { listings: 1, selling: 1, hidden: 0, paused: 0, closed: 0, sold_out: 0 });
	assert.equal(shop.shipping_rules.length, 1);
	assert.equal(shop.shipping_rules[0].province_code, null);
	const audit = await auditLatest(admin, 20);
	for (const a of ['market.shop_put', 'market.shipping_rules_put', 'market.listing_create'])
		assert.ok(audit.some((x) => x.action === a), a);
	/* the commune's officer reads it; the numbers as people write them */
	const socson = await Client.login(ntm.base, 'socson');
	ok(await socson.get(`${SHOP}/listings?producer_id=${listed.producerId}`));
	refused(await socson.post(`${SHOP}/listings`, { json: { product_id: listed.productId } }), 403);
	const second = await createListing(c, listed.productId, { price: '120.000 đ', stock: '1.200',
		weight: '1,5 kg', variant: 'Thùng 6 hộp', unitName: 'thùng' });
	assert.equal(second.price_vnd, 120000);
	assert.equal(second.stock, 1200);
	assert.equal(second.weight_grams, 1500);
	assert.equal(second.weight_text, '1,5 kg');
});

test('an uncertified product is refused with its reason; a shop must be open first', async () => {
	const producerId = ok(await htx.post(`${OCOP}/producers`, { json: { unit: SOCSON,
		name: `Hợp tác xã ${uniqueName('m')}`, kind: 'cooperative' } })).created.id;
	const p = ok(await htx.post(`${OCOP}/producers/${producerId}/products`,
		{ json: { name: 'Mật ong chưa chứng nhận', group: 1 } }));
	const body = { product_id: p.created.id, unit_name: 'chai', price_vnd: 90000, stock: 5, weight_grams: 500 };
	refused(await htx.post(`${SHOP}/listings`, { json: body }), 409, 'product_id', 'market.no_shop');
	await openShop(htx, producerId, { accepts_transfer: false });
	const e = refused(await htx.post(`${SHOP}/listings`, { json: body }), 409, 'product_id', 'market.not_certified');
	assert.match(e.message, /chưa có giấy chứng nhận OCOP/);
	const mine = ok(await htx.get(`${SHOP}/listings?producer_id=${producerId}`));
	assert.equal(mine.items.length, 0, 'nothing written');
	/* the new listing's page shows it disabled, with why */
	const m = await page(htx, `/cua-hang/tin-ban/moi?producer_id=${producerId}`);
	assert.ok(m.includes('Mật ong chưa chứng nhận'));
	assert.match(m, /disabled/);
	assert.ok(m.includes('chưa có giấy chứng nhận OCOP'));
});

test('every problem of a bad listing at once, nothing written; HTML stored as typed, escaped on the page', async () => {
	const c = listed.producerClient;
	const before = ok(await c.get(`${SHOP}/listings?producer_id=${listed.producerId}`)).items.length;
	const bad = await c.post(`${SHOP}/listings`, { json: { product_id: listed.productId, price_vnd: 0,
		stock: -1, weight_grams: 1e12, unit_name: '', variant: 'x'.repeat(300) } });
	const err = refused(bad, 422);
	assert.deepEqual(err.problems.map((p) => p.field).sort(),
		['price_vnd', 'stock', 'unit_name', 'variant', 'weight_grams']);
	for (const p of err.problems)
		assert.doesNotMatch(p.message, /price_vnd|weight_grams|unit_name/, 'words, not field names');
	refused(await c.post(`${SHOP}/listings`, { json: { product_id: listed.productId, price_vnd: -5,
		stock: 1, weight_grams: 100, unit_name: 'hộp' } }), 422, 'price_vnd', 'market.not_positive');
	refused(await c.post(`${SHOP}/listings`, { json: { product_id: listed.productId, price_vnd: 5e12,
		stock: 1, weight_grams: 100, unit_name: 'hộp' } }), 422, 'price_vnd', 'market.too_large');
	refused(await c.post(`${SHOP}/listings`, { json: { product_id: listed.productId, price_vnd: 'một trăm',
		stock: 1, weight_grams: 100, unit_name: 'hộp' } }), 422, 'price_vnd', 'market.bad_number');
	refused(await c.post(`${SHOP}/listings`, { json: { product_id: listed.productId, price_vnd: 1000,
		stock: 1, weight_grams: 100 } }), 422, 'unit_name', 'market.required');
	assert.equal(ok(await c.get(`${SHOP}/listings?producer_id=${listed.producerId}`)).items.length, before);
	const html = '<script>alert(1)</script> & <b>đậm</b>';
	const l = await createListing(c, listed.productId, { variant: '<i>Hộp</i> 1 kg', description: html });
	assert.equal(l.description, html, 'stored as typed');
	const m = await page(c, `/cua-hang/tin-ban/${l.id}`);
	assert.ok(!m.includes('<script>alert(1)</script>'));
	assert.ok(m.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;'), m);
	const home = await page(c, `/cua-hang?producer_id=${listed.producerId}`);
	assert.ok(home.includes('&lt;i&gt;Hộp&lt;/i&gt; 1 kg'));
	assert.ok(!home.includes('<i>Hộp</i>'));
});

test("another producer's shop and listing are 403, read and write", async () => {
	const username = uniqueName('nsx');
	ok(await admin.post('/api/v1/users', { json: { username, full_name: `Chủ thể ${username}`,
		password: 'ntm-demo-2026', role: 'producer', unit: SOCSON } }));
	const other = await Client.login(ntm.base, username);
	const id = listed.listingId;
	refused(await other.get(`${SHOP}/listings/${id}`), 403, 'id', 'market.not_yours');
	refused(await other.send('PATCH', `${SHOP}/listings/${id}`, { json: { price_vnd: 1000 } }), 403, 'id',
		'market.not_yours');
	refused(await other.get(`${SHOP}?producer_id=${listed.producerId}`), 403, 'producer_id', 'market.not_yours');
	refused(await other.send('PUT', `${SHOP}?producer_id=${listed.producerId}`, { json: { accepts_cod: true } }),
		403, 'producer_id', 'market.not_yours');
	refused(await other.get(`${SHOP}/listings?producer_id=${listed.producerId}`), 403);
	refused(await other.post(`${SHOP}/listings`, { json: { product_id: listed.productId, unit_name: 'hộp',
		price_vnd: 1000, stock: 1, weight_grams: 100 } }), 403, 'producer_id', 'market.not_yours');
	const jpeg = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'ocop-photo.jpg'));
	refused(await rawUpload(other, `${SHOP}/listings/${id}/photos?filename=a.jpg`, jpeg, 'image/jpeg'), 403);
	/* a producer of Đà Nẵng is outside the account's commune */
	const danang = await Client.login(ntm.base, 'danang');
	refused(await danang.get(`${SHOP}/listings/${id}`), 403);
	assert.equal(ok(await listed.producerClient.get(`${SHOP}/listings/${id}`)).price_vnd, 150000, 'unchanged');
});

test('edits: stale row_version 409; pause, activate; sold out', async () => {
	const c = listed.producerClient;
	const id = listed.listingId;
	const l = ok(await c.get(`${SHOP}/listings/${id}`));
	const changed = ok(await c.send('PATCH', `${SHOP}/listings/${id}`, { json: { row_version: l.row_version,
		price_vnd: 155000, stock: 0 } }));
	assert.equal(changed.price_vnd, 155000);
	assert.equal(changed.sold_out, true);
	assert.equal(changed.row_version, l.row_version + 1);
	refused(await c.send('PATCH', `${SHOP}/listings/${id}`, { json: { row_version: l.row_version,
		price_vnd: 1 } }), 409, 'row_version', 'market.stale');
	const paused = ok(await c.send('PATCH', `${SHOP}/listings/${id}`, { json: { status: 'paused' } }));
	assert.equal(paused.sellable, 'paused');
	assert.equal(paused.selling, false);
	const active = ok(await c.send('PATCH', `${SHOP}/listings/${id}`, { json: { status: 'active', stock: 20 } }));
	assert.equal(active.sellable, 'sells');
	refused(await c.send('PATCH', `${SHOP}/listings/${id}`, { json: { status: 'gone' } }), 422, 'status');
	/* a listing without variant or description edits as well */
	const bare = await createListing(c, listed.productId, { variant: '', description: '' });
	assert.equal(bare.description, null);
	assert.equal(ok(await c.send('PATCH', `${SHOP}/listings/${bare.id}`, { json: { status: 'closed' } })).status,
		'closed');
	refused(await c.send('PATCH', `${SHOP}/listings/${id}`, { json: { stock: -3 } }), 422, 'stock');
});

test('a revoked certificate hides the listing with its reason; it cannot be activated again', async () => {
	const x = await listedProduct(ntm.base, { name: 'Trà thu hồi' });
	ok(await x.officer.post(`${OCOP}/products/${x.productId}/certificates/${x.certificateCode}/revoke`,
		{ json: { reason: 'Vi phạm ghi nhãn' } }));
	const l = ok(await x.producerClient.get(`${SHOP}/listings/${x.listingId}`));
	assert.equal(l.sellable, 'certificate_revoked');
	assert.equal(l.selling, false);
	assert.match(l.reason, /thu hồi/);
	const shop = ok(await x.producerClient.get(`${SHOP}?producer_id=${x.producerId}`));
	assert.equal(shop.counts.hidden, 1);
	const m = await page(x.producerClient, `/cua-hang?producer_id=${x.producerId}`);
	assert.match(m, /Ẩn: giấy chứng nhận bị thu hồi ngày \d{2}\/\d{2}\/\d{4}/);
	ok(await x.producerClient.send('PATCH', `${SHOP}/listings/${x.listingId}`, { json: { status: 'paused' } }));
	refused(await x.producerClient.send('PATCH', `${SHOP}/listings/${x.listingId}`, { json: { status: 'active' } }),
		409, 'product_id', 'market.not_certified');
	refused(await x.producerClient.post(`${SHOP}/listings`, { json: { product_id: x.productId, unit_name: 'hộp',
		price_vnd: 1000, stock: 1, weight_grams: 100 } }), 409, 'product_id', 'market.not_certified');
});

test('an expired certificate: certificate_expired on the day after its last valid day', async () => {
	const l = ok(await listed.producerClient.get(`${SHOP}/listings/${listed.listingId}`));
	const last = l.certificate.expires_on;
	const next = new Date(Date.parse(`${last}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
	const onDay = async (today) => {
		const saved = { t: process.env.NTM_TODAY, s: process.env.NTM_OCOP_SWEEP_INTERVAL };
		process.env.NTM_TODAY = today;
		process.env.NTM_OCOP_SWEEP_INTERVAL = '0';
		let s;
		try {
			s = await ntm.serve(ntm.dbPath);
		} finally {
			for (const [k, v] of [['NTM_TODAY', saved.t], ['NTM_OCOP_SWEEP_INTERVAL', saved.s]])
				if (v === undefined)
					delete process.env[k];
				else
					process.env[k] = v;
		}
		try {
			const c = Object.assign(new Client(s.base), listed.producerClient, { base: s.base });
			const got = ok(await c.get(`${SHOP}/listings/${listed.listingId}`));
			const m = await page(c, `/cua-hang?producer_id=${listed.producerId}`);
			return { got, m };
		} finally { await s.stop(); }
	};
	const valid = await onDay(last);
	assert.equal(valid.got.sellable, 'sells');
	const expired = await onDay(next);
	assert.equal(expired.got.sellable, 'certificate_expired');
	assert.match(expired.got.reason, /hết hạn/);
	const [y, m, d] = last.split('-');
	assert.ok(expired.m.includes(`Ẩn: giấy chứng nhận hết hạn ngày ${d}/${m}/${y}`), expired.m);
});

test('shipping rules: the whole set; an unknown province, a zero step, a province twice refused', async () => {
	const c = listed.producerClient;
	const url = `${SHOP}/shipping-rules?producer_id=${listed.producerId}`;
	const bad = await c.send('PUT', url, { json: { rules: [
		{ province: '99', first_grams: 1000, first_fee_vnd: 20000, step_grams: 500, step_fee_vnd: 5000 },
		{ province: SOCSON, first_grams: 1000, first_fee_vnd: 20000, step_grams: 500, step_fee_vnd: 5000 },
		{ province: '2025:01', first_grams: 1000, first_fee_vnd: 20000, step_grams: 0, step_fee_vnd: 5000 },
		{ province: '01', first_grams: 1000, first_fee_vnd: -1, step_grams: 500, step_fee_vnd: 5000 },
	] } });
	const err = refused(bad, 422);
	assert.deepEqual(err.problems.map((p) => `${p.field} ${p.code}`).sort(), [
		'rules.0.province market.bad_province', 'rules.1.province market.bad_province',
		'rules.2.step_grams market.zero_weight', 'rules.3.first_fee_vnd market.not_positive',
		'rules.3.province market.duplicate_province']);
	assert.equal(ok(await c.get(url)).rules.length, 1, 'nothing written');
	const good = ok(await c.send('PUT', url, { json: { rules: [
		{ province: null, first_grams: '1 kg', first_fee_vnd: '35.000 đ', step_grams: 500, step_fee_vnd: 5000 },
		{ province: '2025:01', first_grams: 1000, first_fee_vnd: 15000, step_grams: 1000, step_fee_vnd: 3000 },
	] } }));
	assert.equal(good.rules.length, 2);
	assert.equal(good.rules[0].province_name, 'Thành phố Hà Nội');
	assert.equal(good.rules[1].province_code, null);
	assert.equal(good.rules[1].first_fee_vnd, 35000);
	refused(await c.send('PUT', url, { json: {} }), 422, 'rules');
});

test('photos: checked by content, served to anyone with a long cache, hidden listings too', async () => {
	const c = listed.producerClient;
	const jpeg = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'ocop-photo.jpg'));
	const up = (bytes, name, type) => rawUpload(c, `${SHOP}/listings/${listed.listingId}/photos?filename=${name}`,
		bytes, type);
	refused(await up(Buffer.from('<html><script>alert(1)</script></html>'), 'a.jpg', 'image/jpeg'), 415, 'file');
	const created = ok(await up(jpeg, 'hop.jpg', 'application/octet-stream')).created;
	const full = await fetch(`${ntm.base}/api/v1/market/photos/${created.id}`);
	assert.equal(full.status, 200);
	assert.equal(full.headers.get('content-type'), 'image/jpeg');
	assert.match(full.headers.get('cache-control'), /public, max-age=31536000/);
	assert.equal(Buffer.from(await full.arrayBuffer()).length, jpeg.length);
	const th = await fetch(`${ntm.base}/api/v1/market/photos/${created.id}/thumb`);
	assert.equal(th.headers.get('content-type'), 'image/png');
	const l = ok(await c.get(`${SHOP}/listings/${listed.listingId}`));
	assert.equal(l.photos.length, 1);
	assert.equal(l.photos[0].thumb_href, `/api/v1/market/photos/${created.id}/thumb`);
	ok(await c.send('PATCH', `${SHOP}/listings/${listed.listingId}`, { json: { status: 'paused' } }));
	assert.equal((await fetch(`${ntm.base}/api/v1/market/photos/${created.id}`)).status, 200);
	ok(await c.send('PATCH', `${SHOP}/listings/${listed.listingId}`, { json: { status: 'active' } }));
	assert.equal((await fetch(`${ntm.base}/api/v1/market/photos/999999`)).status, 404);
});

test('the listing page sends a photo as its form does (multipart, the form token) and goes back to the listing', async () => {
	/* The page's route takes no ?filename=: the form names its file. */
	const c = listed.producerClient;
	const jpeg = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'ocop-photo.jpg'));
	const url = `${SHOP}/listings/${listed.listingId}`;
	const before = ok(await c.get(url)).photos.length;
	const fd = new FormData();
	fd.append('_csrf', c.csrf);
	fd.append('file', new Blob([jpeg], { type: 'image/jpeg' }), 'vuon-mat-ong.jpg');
	const res = await fetch(`${ntm.base}/cua-hang/tin-ban/${listed.listingId}/anh`,
		{ method: 'POST', headers: c.headers({}), body: fd, redirect: 'manual' });
	assert.equal(res.status, 303, await res.text());
	assert.equal(res.headers.get('location'), `/cua-hang/tin-ban/${listed.listingId}?saved=1`);
	const photos = ok(await c.get(url)).photos;
	assert.equal(photos.length, before + 1);
	const full = await fetch(`${ntm.base}${photos[photos.length - 1].href}`);
	assert.equal(Buffer.from(await full.arrayBuffer()).length, jpeg.length);
});

test('a shop: every problem at once; a transfer shop needs the account', async () => {
	const c = listed.producerClient;
	const url = `${SHOP}?producer_id=${listed.producerId}`;
	const err = refused(await c.send('PUT', url, { json: { accepts_cod: false, accepts_transfer: true,
		bank_bin: '97043', bank_account: '' } }), 422);
	assert.deepEqual(err.problems.map((p) => p.field).sort(), ['account_name', 'bank_account', 'bank_bin']);
	refused(await c.send('PUT', url, { json: { accepts_cod: false, accepts_transfer: false } }), 422,
		'accepts_cod', 'market.no_payment');
	/* six digits of no bank of the VietQR list */
	refused(await c.send('PUT', url, { json: { accepts_transfer: true, bank_bin: '999999',
		bank_account: '0071000123456', account_name: 'X' } }), 422, 'bank_bin', 'market.bad_bank');
	const shown = ok(await c.get(url));
	assert.equal(shown.bank_name, 'Vietcombank');
	const m = await page(c, `/cua-hang/thanh-toan?producer_id=${listed.producerId}`);
	assert.match(m, /<option value="970436" selected>Vietcombank<\/option>/);
	assert.equal(ok(await c.get(url)).bank_bin, '970436', 'unchanged');
	const s = ok(await c.send('PUT', url, { json: { accepts_cod: true, accepts_transfer: false,
		intro: 'Mật ong rừng' } }));
	assert.equal(s.accepts_transfer, false);
	assert.equal(s.intro, 'Mật ong rừng');
	/* an account representing several producers chooses which */
	refused(await htx.get(SHOP), 422, 'producer_id', 'market.choose_producer');
});

test('certifiedProduct is reusable: a 3-star product lists', async () => {
	const c = await certifiedProduct(ntm.base, { stars: 3 });
	await openShop(c.htx, c.producerId);
	const l = await createListing(c.htx, c.productId, {});
	assert.equal(l.certificate.stars, 3);
});
