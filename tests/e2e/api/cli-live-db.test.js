'use strict';
/* Read-only commands on a live database: `ntm audit verify` and `ntm backup`
 * read, so they must not wait for the write lock a busy server holds (a
 * long import, a burst of writes).  Before, opening the database for any
 * command began a write transaction per migration, each waiting up to 5 s
 * for the lock: on a busy server the command failed with "database busy".
 * Here another connection holds the write lock for the whole test. */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const { startNtm, BACKEND } = require('../lib/ntm');

const SKIP = BACKEND !== 'sqlite' && 'the lock is held with the sqlite3 shell';
let ntm, holder;

before(async () => {
	if (SKIP)
		return;
	ntm = await startNtm();
	/* A writer that holds the lock: BEGIN IMMEDIATE, then it waits. */
	holder = spawn('sqlite3', ['-batch', ntm.dbPath], { stdio: ['pipe', 'ignore', 'inherit'] });
	holder.stdin.write('BEGIN IMMEDIATE;\n');
	/* Held once another writer is refused at once (no busy timeout). */
	for (let i = 0; ; i++) {
		const probe = spawnSync('sqlite3', ['-batch', ntm.dbPath, 'BEGIN IMMEDIATE; ROLLBACK;'],
			{ encoding: 'utf8' });
		if (/locked|busy/.test(probe.stderr))
			break;
		assert.ok(i < 100, 'the write lock was never taken');
		await new Promise((res) => setTimeout(res, 50));
	}
});
after(async () => {
	if (holder) {
		holder.stdin.end('ROLLBACK;\n');
		await new Promise((resolve) => holder.on('exit', resolve));
	}
	if (ntm) await ntm.stop();
});

test('ntm audit verify and ntm backup answer at once while another connection holds the write lock', { skip: SKIP }, () => {
	const t0 = Date.now();
	const verify = ntm.run(['audit', 'verify', '--db', ntm.dbPath]);
	assert.equal(verify.code, 0, verify.stderr);
	assert.match(verify.stdout, /audit trail intact/);
	const backup = ntm.run(['backup', ntm.file('copy.db'), '--db', ntm.dbPath]);
	assert.equal(backup.code, 0, backup.stderr);
	/* Neither waited for the lock (a wait is 5 s, then "busy"). */
	assert.ok(Date.now() - t0 < 4000, `${Date.now() - t0} ms`);
});
