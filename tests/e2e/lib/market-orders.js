'use strict';
/*
 * Orders of the marketplace through the API, for tests that need one
 * (issue 17; docs/MARKET.md section 5):
 *
 *   const { shopListing, placedOrder, moveOrder } = require('../lib/market-orders');
 *   const l = await shopListing(ntm, { price: 120000, stock: 10, weight: 500 });
 *   const o = await placedOrder(ntm.base, { ntm, listing: l, payment: 'transfer' });
 *   await moveOrder(ntm.base, o, 'delivered');
 *
 * shopListing: a product certified through a provincial round
 * (lib/ocop.js), its producer's shop (COD and transfer to Vietcombank, BIN
 * 970436), a rule shipping to every province (first 1,000 g 30,000 đ,
 * then 5,000 đ a started 500 g) and an active listing - through the shop
 * API of the market-shop branch when lib/market.js exists, else written
 * with ntm.sql (transfer: false, a shop taking cash on delivery only, with
 * no bank account).  Returns { listingId, productId, producerId, price,
 * producerClient (htx, who represents the producer) }.
 * placedOrder: one checkout of quantity units of the listing by a buyer
 * in Xã Sóc Sơn; { token, reference, orderId, totalVnd, order, checkout,
 * listing }.
 * moveOrder: the producer's (and for "delivered" by the buyer's receipt
 * when told) steps from placed to 'confirmed', 'shipped', 'delivered',
 * 'cancelled' or 'returned'.
 */
const assert = require('node:assert/strict');
const { Client } = require('./accounts');
const { certifyThroughRound } = require('./ocop');

const SOCSON = '2025:00376';
const BUYER = { name: 'Nguyễn Văn Mua', phone: '0912 345 678',
	address: 'Số 5, thôn Đông', commune: SOCSON };

function check(r, what, status = 200) {
	assert.equal(r.status, status, `${what}: ${r.status} ${r.text.slice(0, 600)}`);
	return r.json;
}

function one(ntm, q) {
	return ntm.sql(q).trim().split('\n').pop().trim();
}

async function shopListing(ntm, { price = 120000, stock = 20, weight = 500, name, transfer = true } = {}) {
	let market = null;
	try { market = require('./market'); } catch { /* the shop branch is not merged */ }
	if (market && market.listedProduct && transfer) {
		const l = await market.listedProduct(ntm.base, { price, stock, weight, name });
		return { price, ...l };
	}
	const { productId } = await certifyThroughRound(ntm.base, { name });
	const producerId = Number(one(ntm, `SELECT producer_id FROM ocop_product WHERE id = ${productId};`));
	const now = new Date().toISOString().slice(0, 19) + 'Z';
	ntm.sql(`INSERT INTO market_shop (producer_id, intro, bank_bin, bank_account, account_name,
		accepts_cod, accepts_transfer, created_at, updated_at) VALUES (${producerId}, 'Cửa hàng thử',
		${transfer ? "'970436', '0011001234567', 'HTX THU', 1, 1" : 'NULL, NULL, NULL, 1, 0'}, '${now}', '${now}');
		INSERT INTO market_shipping_rule (producer_id, province_code, first_grams, first_fee_vnd,
		step_grams, step_fee_vnd, created_at, updated_at) VALUES (${producerId}, NULL, 1000, 30000,
		500, 5000, '${now}', '${now}');
		INSERT INTO market_listing (product_id, producer_id, variant, unit_name, price_vnd, stock,
		weight_grams, status, structure, code, province_code, created_at, updated_at)
		VALUES (${productId}, ${producerId}, 'Hộp 500 g', 'hộp', ${price}, ${stock}, ${weight},
		'active', '2025', '00376', '01', '${now}', '${now}');`);
	const listingId = Number(one(ntm, `SELECT MAX(id) FROM market_listing WHERE producer_id = ${producerId};`));
	const producerClient = await Client.login(ntm.base, 'htx');
	return { listingId, productId, producerId, price, producerClient };
}

async function placedOrder(base, { ntm, listing, quantity = 1, payment = 'cod', buyer = BUYER } = {}) {
	const l = listing || await shopListing(ntm);
	const anon = new Client(base);
	const r = check(await anon.post('/api/v1/market/checkout', { json: {
		lines: [{ listing_id: l.listingId, quantity, price_vnd: l.price }], buyer, payment } }), 'checkout');
	const order = r.orders[0];
	return { token: order.token, reference: order.reference, orderId: order.id, totalVnd: order.total_vnd,
		order, checkout: r, listing: l, producerClient: l.producerClient };
}

const PATHS = {
	confirmed: ['confirm'], shipped: ['confirm', 'ship'], delivered: ['confirm', 'ship', 'deliver'],
	cancelled: ['cancel'], returned: ['confirm', 'ship', 'return'],
};

async function moveOrder(base, o, to, { producerClient } = {}) {
	const p = producerClient || o.producerClient || await Client.login(base, 'htx');
	let last;
	for (const t of PATHS[to])
		last = check(await p.post(`/api/v1/market/shop/orders/${o.orderId}/transitions`,
			{ json: { transition: t } }), t);
	return last;
}

module.exports = { shopListing, placedOrder, moveOrder, BUYER, SOCSON };
