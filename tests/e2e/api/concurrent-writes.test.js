'use strict';
/*
 * Officers writing at the same moment are each stored, none refused
 * "busy".  A write request's checks (the session, the unit and its
 * scope) read the database before the handler begins its transaction;
 * a read left open there held its old snapshot, and SQLite refused the
 * write at once (503 db.busy in 0.1 ms, no wait for the lock) whenever
 * another connection had committed since.  Eight officers' sessions
 * writing indicator values of eight communes in parallel: on the code
 * before, about a quarter of 200 writes were refused.  The router now
 * ends the checks' reads before a writing handler runs, and the unit and
 * scope lookups end their own (db_done).
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client } = require('../lib/accounts');

const SET = 'ntm-xa-2026-2030';
const COMMUNES = ['00376', '00382', '00385', '00430', '00433', '00454', '00466', '00475'];
const ROUNDS = 25;
let ntm;

before(async () => {
	ntm = await startDemo();
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

test('eight officers writing at once: every write stored, none refused busy', async () => {
	/* other requests first: a server that has served reads (its
	 * connections have prepared and stepped statements) */
	const admin = await Client.login(ntm.base, 'admin');
	for (let i = 0; i < 10; i++)
		assert.equal((await admin.get('/api/v1/units/2025/01')).status, 200);
	const writers = await Promise.all(COMMUNES.map(() => Client.login(ntm.base, 'hanoi')));
	const statuses = {};
	await Promise.all(COMMUNES.map(async (code, k) => {
		for (let i = 0; i < ROUNDS; i++) {
			const r = await writers[k].send('PUT',
				`/api/v1/units/2025/${code}/indicators/${SET}/2026`,
				{ json: { values: { '1.1': i % 2 === 0 } } });
			statuses[r.status] = (statuses[r.status] || 0) + 1;
			if (r.status !== 200)
				assert.fail(`${code} write ${i}: ${r.status} ${r.text.slice(0, 200)}`);
		}
	}));
	assert.deepEqual(statuses, { 200: COMMUNES.length * ROUNDS });
	/* the last value of each commune is the one stored */
	for (const code of COMMUNES) {
		const j = (await admin.get(`/api/v1/units/2025/${code}/indicators/${SET}/2026`)).json;
		const ind = j.criteria.flatMap((c) => c.indicators).find((x) => x.id === '1.1');
		assert.equal(ind.value, (ROUNDS - 1) % 2 === 0, `${code}: the last write stored`);
	}
});

test('accounts created while officers write: every one created, none refused busy', async () => {
	/* An account's checks read (the unit, the grant), then its password
	 * is hashed (a third of a second), then it is inserted.  A snapshot
	 * held over the hash was refused "busy" at once as soon as another
	 * request committed meanwhile. */
	const admin = await Client.login(ntm.base, 'admin');
	const writer = await Client.login(ntm.base, 'hanoi');
	let writing = true;
	const load = (async () => {
		for (let i = 0; writing; i++) {
			const r = await writer.send('PUT', `/api/v1/units/2025/${COMMUNES[i % 8]}/indicators/${SET}/2026`,
				{ json: { values: { '1.1': i % 2 === 0 } } });
			assert.equal(r.status, 200, r.text.slice(0, 200));
		}
	})();
	try {
		for (let i = 0; i < 6; i++) {
			const r = await admin.post('/api/v1/users', { json: {
				username: `dongthoi${i}`, full_name: `Cán bộ ${i}`, password: 'mat-khau-dong-thoi-1',
				role: 'commune_officer', unit: `2025:${COMMUNES[i]}`,
			} });
			assert.ok(r.status === 200 || r.status === 201, `account ${i}: ${r.status} ${r.text.slice(0, 200)}`);
		}
	} finally {
		writing = false;
		await load;
	}
});
