'use strict';
/*
 * The money part of `ntm demo` (docs/MARKET.md section 6), after the
 * orders' demo: the platform's fee row is a DEMO decision at rate 0; the
 * demo's bank statements pay one transfer order in full (with a transfer
 * of no order beside it) and another in part, seen through the API by the
 * producers' shops; running the demo again adds nothing.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo } = require('../lib/accounts');

let ntm;

before(async () => {
	ntm = await startDemo();
});
after(() => ntm && ntm.stop());

const rows = (q) => ntm.sql(q).trim().split('\n').map((l) => l.trim()).filter(Boolean);

test('the demo fee is 0 and says it is a demo; the demo statements reconcile two orders', async () => {
	assert.match(ntm.sql('SELECT rate_bp, source FROM market_fee;'), /0\s*\|\s*DEMO/);
	const outcomes = rows("SELECT outcome FROM market_transfer ORDER BY outcome;");
	assert.deepEqual(outcomes.filter((o) => /^[a-z]+$/.test(o)), ['matched', 'partial', 'unmatched']);
	const full = rows("SELECT o.total_vnd - o.paid_vnd FROM market_order o JOIN market_transfer t ON t.order_id = o.id WHERE t.outcome = 'matched';");
	assert.equal(Number(full.pop()), 0, 'the matched order is paid in full');
	const part = rows("SELECT o.total_vnd - o.paid_vnd FROM market_order o JOIN market_transfer t ON t.order_id = o.id WHERE t.outcome = 'partial';");
	assert.ok(Number(part.pop()) > 0, 'the partial order still misses some');
	const uploads = rows('SELECT COUNT(*) FROM market_bank_upload;').pop();
	const again = ntm.run(['demo', '--db', ntm.dbPath]);
	assert.equal(again.code, 0, again.stderr);
	assert.equal(rows('SELECT COUNT(*) FROM market_bank_upload;').pop(), uploads, 'nothing added');
});
