'use strict';
/*
 * Crash durability (issue 21), the short version of bench/crash.sh: 20
 * times, `ntm serve` is killed with SIGKILL at a random moment while four
 * writers (an indicator value, survey responses, a dossier's transitions,
 * marketplace orders) work on it; after each kill the database passes
 * `ntm audit verify`, the server starts again on it, and every write it
 * had acknowledged is there (lib/crash.js says how each is checked).
 * SQLite in the SQLite suite, PostgreSQL when NTM_TEST_PG is set.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startNtm } = require('../lib/ntm');
const crash = require('../lib/crash');

const TRIALS = Number(process.env.NTM_CRASH_TRIALS || 20);
let ntm;

before(async () => {
	ntm = await startNtm({ command: 'demo', prefix: 'ntm-e2e-crash-', timeout: 600000, startTimeout: 60000 });	/* ceilings */
});
after(async () => { if (ntm) await ntm.stop(); });

test(`${TRIALS} kill -9 of ntm serve under mixed writes lose no acknowledged write`, async () => {
	const first = { base: ntm.base, proc: ntm.proc, stop: async () => {} };
	let n = 0;
	const r = await crash.run({
		trials: TRIALS,
		serve: () => (n++ === 0 ? Promise.resolve(first) : ntm.serve(ntm.dbPath, { extraArgs: ['--threads', '2'], startTimeout: 60000 })),
		audit: () => ntm.run(['audit', 'verify', '--db', ntm.dbPath]),
		sql: (q) => ntm.sql(q),
	});
	assert.deepEqual(r.opens, [], 'the database opens after every kill');
	assert.deepEqual(r.audits, [], 'ntm audit verify passes after every kill');
	assert.deepEqual(r.lost, [], 'every acknowledged write is found after the restart');
	assert.equal(r.trials, TRIALS);
	/* the load did write: the trials tested something */
	assert.ok(r.acks.indicator + r.acks.survey + r.acks.dossier + r.acks.order > TRIALS,
	    `acknowledged writes: ${JSON.stringify(r.acks)}`);
});
