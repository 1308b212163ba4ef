'use strict';
/*
 * The checkout under load (issue 17; docs/MARKET.md section 5): stock is
 * taken by one conditional UPDATE per line inside the checkout's one
 * transaction, so of 32 buyers racing for the last 5 units exactly 5
 * succeed and the stock never goes below zero; and an order the server
 * acknowledged survives a kill -9 of the server (synchronous=FULL on
 * SQLite, a committed transaction on PostgreSQL) with its lines, the
 * stock adding up.  Behaviour, not timings.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client } = require('../lib/accounts');
const { shopListing, BUYER } = require('../lib/market-orders');

let ntm, restarted = null;

before(async () => { ntm = await startDemo(); });
after(async () => {
	if (restarted)
		await restarted.stop();
	if (ntm)
		await ntm.stop();
});

const count = (q) => Number(ntm.sql(q).trim());

function checkout(client, l, quantity = 1) {
	return client.post('/api/v1/market/checkout', { json: {
		lines: [{ listing_id: l.listingId, quantity, price_vnd: l.price }], buyer: BUYER } });
}

test('32 buyers for the last 5 units: exactly 5 orders, the others 409 market.out_of_stock, stock 0', async () => {
	const l = await shopListing(ntm, { price: 50000, stock: 5, weight: 200 });
	const anon = new Client(ntm.base);
	const all = await Promise.all(Array.from({ length: 32 }, () => checkout(anon, l)));
	const won = all.filter((r) => r.status === 200);
	const lost = all.filter((r) => r.status === 409);
	assert.equal(won.length, 5, all.map((r) => `${r.status} ${r.text.slice(0, 120)}`).join('\n'));
	assert.equal(lost.length, 27);
	for (const r of lost)
		assert.equal(r.json.error.code, 'market.out_of_stock');
	assert.equal(count(`SELECT stock FROM market_listing WHERE id = ${l.listingId};`), 0);
	assert.equal(count(`SELECT COALESCE(SUM(quantity), 0) FROM market_order_line WHERE listing_id = ${l.listingId};`), 5);
	assert.equal(count(`SELECT COUNT(*) FROM market_listing WHERE stock < 0;`), 0);
});

test('kill -9 during a burst of checkouts: every acknowledged order is there after the restart', async () => {
	const STOCK = 1000;
	const l = await shopListing(ntm, { price: 30000, stock: STOCK, weight: 100 });
	const anon = new Client(ntm.base);
	const acked = [];
	let killed = false;
	/* 8 buyers ordering again and again until the server dies under them */
	const buyer = async () => {
		for (let i = 0; i < 100 && !killed; i++) {
			let r;
			try { r = await checkout(anon, l, 1 + (i % 3)); } catch { return; }
			if (r.status === 200)
				acked.push({ token: r.json.orders[0].token, id: r.json.orders[0].id, quantity: 1 + (i % 3) });
			if (acked.length >= 40 && !killed) {
				killed = true;
				ntm.proc.kill('SIGKILL');
			}
		}
	};
	await Promise.all(Array.from({ length: 8 }, buyer));
	assert.ok(killed, 'the server was killed during the burst');
	await new Promise((res) => (ntm.proc.exitCode !== null || ntm.proc.signalCode !== null ?
		res() : ntm.proc.once('exit', res)));
	restarted = await ntm.serve(ntm.dbPath);
	const again = new Client(restarted.base);
	for (const o of acked) {
		const r = await again.get(`/api/v1/market/orders/${o.token}`);
		assert.equal(r.status, 200, `acknowledged order ${o.id} is there`);
		assert.equal(r.json.lines.length, 1);
		assert.equal(r.json.lines[0].quantity, o.quantity);
	}
	/* the stock adds up: what is left and what the orders took */
	const left = count(`SELECT stock FROM market_listing WHERE id = ${l.listingId};`);
	const taken = count(`SELECT COALESCE(SUM(quantity), 0) FROM market_order_line WHERE listing_id = ${l.listingId};`);
	assert.equal(left + taken, STOCK);
	assert.ok(taken >= acked.reduce((s, o) => s + o.quantity, 0));
	/* and the server takes orders again */
	assert.equal((await checkout(again, l)).status, 200);
});
