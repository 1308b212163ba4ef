'use strict';
/*
 * PostgreSQL only: ntm behind pgbouncer in transaction pooling mode
 * (scripts/pgbouncer.sh, pool_mode = transaction, 2 server connections),
 * with NTM_PG_STATEMENTS=unnamed as docs/DEPLOY.md tells the operator.
 * A server connection is lent for one transaction at a time, so nothing a
 * session keeps (named statements, session settings, session locks) may be
 * relied on: two `ntm serve` processes with 4 threads each share the 2
 * server connections; logins, writes and reads made through them all
 * succeed, each write is seen through the other server at once, and the
 * audit chain verifies.  A command left in the named mode is told the
 * pooler is the cause (NTM_PG_STATEMENTS=unnamed), never that the database
 * "was never initialised".
 *
 * Runs with $NTM_TEST_PG (`make test-e2e-pg`) when pgbouncer is installed.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { BACKEND, PG_BASE, startNtm } = require('../lib/ntm');
const { Client, uniqueName } = require('../lib/accounts');

const PGBOUNCER = process.env.PGBOUNCER || '/usr/sbin/pgbouncer';
const SCRIPT = path.resolve(__dirname, '../../../scripts/pgbouncer.sh');
const SKIP = BACKEND !== 'postgresql'
	? 'PostgreSQL only: set NTM_TEST_PG to a PostgreSQL base URL (make test-e2e-pg starts a private cluster)'
	: !fs.existsSync(PGBOUNCER) ? `${PGBOUNCER} is not installed (scripts/install-deps.sh)` : false;

const PASSWORD = 'pgbouncer-test-password-1';

/* Every ntm this file starts runs in the pooler-safe mode. */
/* (NTM_PG_STATEMENTS=named shows why: the test then fails) */
if (!process.env.NTM_PG_STATEMENTS)
	process.env.NTM_PG_STATEMENTS = 'unnamed';

function pgbouncer(...args) {
	const r = spawnSync('sh', [SCRIPT, ...args], {
		encoding: 'utf8', timeout: 30000,
		env: { ...process.env, PGBOUNCER_POOL_SIZE: '2' },
	});
	if (r.error || r.status !== 0)
		throw new Error(`pgbouncer.sh ${args.join(' ')}: ${r.error ? r.error.message : r.stderr}`);
	return r.stdout.trim();
}

describe('ntm behind pgbouncer in transaction pooling mode', { skip: SKIP }, () => {
	let ntm;	/* made directly (ntm init), then serving through the pooler */
	let a, b;	/* two servers through the pooler */
	let dir;
	let pooled;	/* the test database's URL through pgbouncer */

	before(async () => {
		ntm = await startNtm({ prefix: 'ntm-e2e-pgb-' });
		for (const username of ['pgbadmin', 'pgbother']) {
			const r = ntm.run(['user', 'add', '--db', ntm.dbPath, '--username', username,
			    '--role', 'admin', '--unit', '2025:VN'], { input: `${PASSWORD}\n` });
			assert.equal(r.code, 0, r.stderr);
		}
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-e2e-pgbouncer-'));
		fs.chmodSync(dir, 0o711);
		const u = new URL(pgbouncer('start', path.join(dir, 'pgb'), PG_BASE));
		u.pathname = `/${ntm.dbName}`;
		pooled = u.toString();
		a = await ntm.serve(pooled, { extraArgs: ['--threads', '4'] });
		b = await ntm.serve(pooled, { extraArgs: ['--threads', '4'] });
	});
	after(async () => {
		try {
			if (a) await a.stop();
			if (b) await b.stop();
			if (ntm) await ntm.stop();
		} finally {
			if (dir) {
				try { pgbouncer('stop', path.join(dir, 'pgb')); } finally {
					fs.rmSync(dir, { recursive: true, force: true });
				}
			}
		}
	});

	test('logins, writes and reads through two servers sharing 2 server connections all succeed', async () => {
		const admin = await Client.login(a.base, 'pgbadmin', PASSWORD);
		const names = [];
		const work = [];
		for (let i = 0; i < 12; i++) {
			const base = i % 2 ? b.base : a.base;
			const name = uniqueName(`pgb${i}`);
			names.push(name);
			const c = Object.assign(Object.create(Object.getPrototypeOf(admin)), admin, { base });
			work.push(c.post('/api/v1/tokens', { json: { name } }));
			work.push(c.get('/api/v1/units/2025/20308'));
			work.push(c.get('/api/v1/me'));
		}
		for (const r of await Promise.all(work))
			assert.ok(r.status === 200 || r.status === 201, `${r.status} ${r.text}`);
		/* every write is seen through the other server */
		const onB = Object.assign(Object.create(Object.getPrototypeOf(admin)), admin, { base: b.base });
		const list = await onB.get('/api/v1/tokens');
		assert.equal(list.status, 200, list.text);
		for (const name of names)
			assert.ok(list.json.items.some((t) => t.name === name), `token ${name} seen through B`);
		/* a login made through B works through A */
		const other = await Client.login(b.base, 'pgbother', PASSWORD);
		const me = await Object.assign(Object.create(Object.getPrototypeOf(other)), other, { base: a.base }).get('/api/v1/me');
		assert.equal(me.status, 200, me.text);
		assert.equal(me.json.user.username, 'pgbother');
	});

	test('the audit chain written through the pooler verifies', () => {
		const r = ntm.run(['audit', 'verify', '--db', pooled]);
		assert.equal(r.code, 0, r.stderr + r.stdout);
	});

	test('named statements through the pooler are told to be the cause, never "never initialised"', () => {
		/* The first named run leaves its statements on the server
		 * connection; pgbouncer lends that connection to the next
		 * run, whose first PREPARE then finds the name taken. */
		const mode = process.env.NTM_PG_STATEMENTS;
		process.env.NTM_PG_STATEMENTS = 'named';
		let runs;
		try {
			runs = [1, 2, 3].map(() => ntm.run(['audit', 'verify', '--db', pooled]));
		} finally {
			process.env.NTM_PG_STATEMENTS = mode;
		}
		const failed = runs.filter((r) => r.code !== 0);
		assert.ok(failed.length > 0, 'a named run through the pooler reused a connection with its names');
		for (const r of failed) {
			assert.match(r.stderr, /NTM_PG_STATEMENTS=unnamed/, r.stderr);
			assert.doesNotMatch(r.stderr, /never initialised|chưa được khởi tạo/, r.stderr);
		}
	});
});
