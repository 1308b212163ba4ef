'use strict';
/*
 * The row count of every table of a database, read by the database's own
 * client (sqlite3 or psql), not by ntm: what `ntm copy` must reproduce.
 *
 *   const { sqliteCounts, pgCounts, fillEmptyTables } = require('../lib/tables');
 *   sqliteCounts(file)   -> { table: rows, ... } every table of the file
 *   pgCounts(url)        -> the same for a PostgreSQL database
 *   fillEmptyTables(base) writes, through the API of a demo installation
 *   served at base, a row into the tables the demo leaves empty
 */
const assert = require('node:assert/strict');
const { sqlite, psql } = require('./ntm');
const { Client } = require('./accounts');

function counts(tables, count) {
	const out = {};
	for (const t of tables)
		out[t] = count(t);
	return out;
}

function sqliteCounts(file) {
	const tables = sqlite(file, "SELECT name FROM sqlite_master WHERE type = 'table' " +
		"AND name NOT LIKE 'sqlite_%' ORDER BY name").stdout.split('\n').filter(Boolean);
	assert.ok(tables.length > 20, `tables of ${file}: ${tables}`);
	return counts(tables, (t) => Number(sqlite(file, `SELECT count(*) FROM "${t}"`).stdout.trim()));
}

function pgCounts(url) {
	const tables = psql(url, "SELECT table_name FROM information_schema.tables WHERE " +
		"table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")
		.stdout.split('\n').map((s) => s.trim()).filter(Boolean);
	assert.ok(tables.length > 20, `tables of ${url}: ${tables}`);
	return counts(tables, (t) => Number(psql(url, `SELECT count(*) FROM "${t}"`).stdout.trim()));
}

/* Tables `ntm demo` plus fillEmptyTables() still leave empty, and why:
 * each must be named here, so that a new table the copy forgets cannot
 * hide behind an empty demo. */
const EMPTY_IN_DEMO = {
	audit_checkpoint: 'a checkpoint is signed with a key kept outside the database, which the demo does not have; ' +
		'audit-checkpoint.test.js copies one with ntm copy',
	criteria_override: 'no shipped criteria set delegates a threshold to the province',
	outbox: 'the demo sends nothing: no webhook subscription, no e-mail address (webhooks.test.js and notices.test.js fill it)',
	survey_rate: 'never copied (open mode\'s hourly counters, keyed by a hash only the serving process can compute), and the demo has no open-mode campaign',
};

/* A session, an API token, a failed login and a dossier comment: rows in
 * tables the demo itself leaves empty. */
async function fillEmptyTables(base) {
	const socson = await Client.login(base, 'socson');
	await socson.makeTokenClient('copied-token-of-socson');
	const bad = await fetch(`${base}/api/v1/session`, {
		method: 'POST', headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ username: 'socson', password: 'not-the-password' }),
	});
	assert.equal(bad.status, 401);
	const list = await socson.get('/api/v1/dossiers');
	assert.equal(list.status, 200, list.text);
	assert.ok(list.json.items.length > 0, 'the demo has a dossier of Sóc Sơn');
	const c = await socson.post(`/api/v1/dossiers/${list.json.items[0].id}/comments`,
		{ json: { body: 'Ý kiến để kiểm tra ntm copy' } });
	assert.equal(c.status, 200, c.text);
	/* an OCOP product photo (the demo ships no photo file) */
	const htx = await Client.login(base, 'htx');
	const mine = await htx.get('/api/v1/ocop/products?unit=2025:00376&q=mat ong');
	assert.equal(mine.status, 200, mine.text);
	const photo = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', 'fixtures', 'ocop-photo.jpg'));
	const up = await fetch(`${base}/api/v1/ocop/products/${mine.json.items[0].id}/photos?filename=mat-ong.jpg`, {
		method: 'POST', headers: htx.headers({ 'content-type': 'image/jpeg', 'x-csrf-token': htx.csrf }), body: photo });
	assert.equal(up.status, 200, await up.text());
	/* a paper certificate recorded by the province (the demo has none) */
	const hanoi = await Client.login(base, 'hanoi');
	const cert = await hanoi.post(`/api/v1/ocop/products/${mine.json.items[0].id}/certificates`,
		{ json: { number: '25/GCN-UBND', level: 'province', stars: 3, issued_on: '2025-03-01' } });
	assert.equal(cert.status, 200, cert.text);
	/* an evaluation round with a product and a member's draft sheet (the
	 * demo opens none) */
	const ocop = require('./ocop');
	const pid = await ocop.registerCheckedProduct(base, 'Sản phẩm của kỳ đánh giá để kiểm tra ntm copy');
	const evs = await ocop.evaluators(base, 1);
	const rid = await ocop.provincialRound(base, evs, [pid]);
	const draft = await evs[0].client.post(`/api/v1/ocop/rounds/${rid}/products/${pid}/sheets`,
		{ json: { scores: { A: 30, B: 20, C: 25.5 } } });
	assert.equal(draft.status, 200, draft.text);
	/* socson signed in again above, which clears its failed logins: one more */
	const again = await fetch(`${base}/api/v1/session`, {
		method: 'POST', headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ username: 'socson', password: 'not-the-password' }),
	});
	assert.equal(again.status, 401);
}

/* Every table of `from` has the same number of rows in `to` (tables only
 * the target has - none expected - fail too), and the only empty ones are
 * those EMPTY_IN_DEMO names. */
function assertSameCounts(from, to) {
	assert.deepEqual(Object.keys(to).sort(), Object.keys(from).sort(), 'the same tables');
	for (const [t, n] of Object.entries(from))
		assert.equal(to[t], n, `table ${t}: ${n} rows in the source, ${to[t]} in the copy`);
	const empty = Object.keys(from).filter((t) => from[t] === 0).sort();
	assert.deepEqual(empty, Object.keys(EMPTY_IN_DEMO).sort(),
		'only the tables EMPTY_IN_DEMO names are empty in the source (a new table needs demo rows or a reason)');
}

module.exports = { sqliteCounts, pgCounts, fillEmptyTables, assertSameCounts, EMPTY_IN_DEMO };
