'use strict';
/*
 * The money part of `ntm demo` (docs/MARKET.md section 6): the platform's
 * fee row is a DEMO decision at rate 0; once htx's producers have unpaid
 * transfer orders (the orders' demo, here placed through the API), running
 * the demo again uploads one bank statement that pays one order in full,
 * another in part, and has a transfer of no order; a third run adds
 * nothing.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo } = require('../lib/accounts');
const { ok } = require('../lib/http');
const { shopListing, placedOrder } = require('../lib/market-orders');

const SHOP = '/api/v1/market/shop';
let ntm;

before(async () => {
	ntm = await startDemo();
});
after(() => ntm && ntm.stop());

test('the demo fee is 0 and says it is a demo; the demo statement reconciles two orders', async () => {
	const fee = ntm.sql('SELECT rate_bp, source FROM market_fee;');
	assert.match(fee, /0\s*\|\s*DEMO/);
	const listed = await shopListing(ntm, { price: 90000 });
	const a = await placedOrder(ntm.base, { ntm, listing: listed, payment: 'transfer' });
	const b = await placedOrder(ntm.base, { ntm, listing: listed, payment: 'transfer', quantity: 2 });
	const run = ntm.run(['demo', '--db', ntm.dbPath]);
	assert.equal(run.code, 0, run.stderr);
	assert.match(run.stdout, /Market money/);
	const c = listed.producerClient;
	const t = ok(await c.get(`${SHOP}/transfers?producer_id=${listed.producerId}`)).items;
	const by = (o) => t.find((x) => x.order && x.order.reference === o.reference);
	assert.equal(by(a).outcome, 'matched');
	assert.equal(by(b).outcome, 'partial');
	assert.equal(by(b).order.missing_vnd, b.totalVnd - Math.floor(b.totalVnd / 2));
	assert.equal(t.filter((x) => x.outcome === 'unmatched').length, 1);
	assert.equal(ntm.run(['demo', '--db', ntm.dbPath]).code, 0);
	assert.equal(ok(await c.get(`${SHOP}/bank-uploads?producer_id=${listed.producerId}`)).items.length, 1);
});
