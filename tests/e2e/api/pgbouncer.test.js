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
 * "was never initialised".  In the unnamed mode each SELECT runs through a
 * function of the schema ntm_stmt, whose plans the server keeps
 * (src/db/db_pg_wrap.h): the answers are those of named statements, the
 * functions are what runs, and a role that may not create them still
 * serves, planning every run.
 *
 * Runs with $NTM_TEST_PG (`make test-e2e-pg`) when pgbouncer is installed.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { BACKEND, PG_BASE, pgUrl, psql, startNtm } = require('../lib/ntm');
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
		/* counts the calls of PL/pgSQL functions in sessions opened from
		 * now on: the pooler's server connections */
		psql(pgUrl(ntm.dbName), `ALTER DATABASE ${ntm.dbName} SET track_functions = 'pl'`);
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

	/* The same reads as a server with named statements gives. */
	const READS = ['/api/v1/units/2025/20308', '/api/v1/units/2025/01',
		'/api/v1/units?structure=2025&level=province', '/api/v1/units?q=hoan%20kiem&limit=5'];

	async function answers(base) {
		const out = [];
		for (const p of READS) {
			const r = await fetch(base + p);
			assert.equal(r.status, 200, p);
			out.push(await r.json());
		}
		return out;
	}

	test('reads through the pooler run as plan-keeping functions and answer as named statements do', async () => {
		const mode = process.env.NTM_PG_STATEMENTS;
		process.env.NTM_PG_STATEMENTS = 'named';
		let named;
		try {
			named = await ntm.serve(ntm.dbPath);
		} finally {
			process.env.NTM_PG_STATEMENTS = mode;
		}
		try {
			assert.deepEqual(await answers(a.base), await answers(named.base));
		} finally {
			await named.stop();
		}
		const fns = psql(pgUrl(ntm.dbName), `SELECT count(*), count(*) FILTER (WHERE p.proname LIKE 'units\\_get\\_%')
		    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'ntm_stmt'`).stdout.trim();
		const [all, unitsGet] = fns.split('|').map(Number);
		assert.ok(all > 100, `functions in ntm_stmt: ${fns}`);
		assert.equal(unitsGet, 1, 'one function for the one text of units_get');
		/* the function is what ran: its calls are counted (a server
		 * connection reports them when idle, within 10 s) */
		let calls = 0;
		for (let i = 0; i < 100 && calls === 0; i++) {
			await new Promise((r) => setTimeout(r, 200));
			calls = Number(psql(pgUrl(ntm.dbName), `SELECT coalesce(sum(calls), 0) FROM pg_stat_user_functions
			    WHERE schemaname = 'ntm_stmt' AND funcname LIKE 'units\\_get\\_%'`).stdout.trim());
		}
		assert.ok(calls > 0, 'units_get ran as its function');
	});

	test('every function ntm made runs: its body fits the types it declares', () => {
		/* Each with NULL for every parameter, in a transaction rolled
		 * back: a body whose columns differ from its RETURNS TABLE
		 * fails as soon as it runs, whatever rows it finds. */
		const out = psql(pgUrl(ntm.dbName), `BEGIN;
		    SET LOCAL statement_timeout = '30s';
		    DO $$
		    DECLARE f record; n bigint; bad text := ''; total int := 0;
		    BEGIN
		        FOR f IN SELECT p.proname, p.pronargs FROM pg_proc p
		            JOIN pg_namespace ns ON ns.oid = p.pronamespace
		            WHERE ns.nspname = 'ntm_stmt' LOOP
		            total := total + 1;
		            BEGIN
		                EXECUTE format('SELECT count(*) FROM ntm_stmt.%I(%s)', f.proname,
		                    (SELECT coalesce(string_agg('NULL', ', '), '')
		                     FROM generate_series(1, f.pronargs))) INTO n;
		            EXCEPTION WHEN OTHERS THEN
		                bad := bad || f.proname || ': ' || SQLERRM || E'\\n';
		            END;
		        END LOOP;
		        RAISE NOTICE 'ran % failed %', total, bad;
		    END $$;
		    ROLLBACK;`);
		const m = /ran (\d+) failed (.*)/s.exec(out.stderr);
		assert.ok(m, out.stderr);
		assert.ok(Number(m[1]) > 100, `functions run: ${m[1]}`);
		assert.equal(m[2].trim(), '', 'functions that failed');
	});

	test('a role that may not create the functions serves all the same, planning every run', async () => {
		const role = `ntm_e2e_nofn_${process.pid}`;
		const db = pgUrl(ntm.dbName);
		psql(db, `CREATE ROLE ${role} LOGIN;
		    GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role};
		    GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
		const u = new URL(db);
		u.username = role;
		let s;
		try {
			s = await ntm.serve(u.toString());
			assert.deepEqual(await answers(s.base), await answers(a.base));
			assert.match(s.stderr(), /planned on every run/, s.stderr());
		} finally {
			if (s) await s.stop();
			psql(db, `DROP OWNED BY ${role}; DROP ROLE ${role}`);
		}
	});
});
