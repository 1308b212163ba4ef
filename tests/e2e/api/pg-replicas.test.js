'use strict';
/*
 * PostgreSQL only: `ntm serve --read-db` with a streaming hot standby
 * (scripts/pg-cluster.sh standby), on a private primary + standby pair.
 *
 *  - Reads reach the standby: with its replay paused, a signed-in read
 *    that does not carry the position of the caller's last write (the
 *    ntm_wal cookie) is answered from the standby, which has not seen
 *    that write - and a public read lands there too.
 *  - Read-your-writes: with the standby still paused, a login followed at
 *    once by reads that carry the cookie the login set sees its session,
 *    and a write followed by a read sees the write.
 *  - A stopped standby is skipped: every read still answers 200.
 *
 * Runs with $NTM_TEST_PG (make test-e2e-pg); the pair is its own.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { BACKEND, runNtm, serveNtm, psql } = require('../lib/ntm');
const { request } = require('../lib/accounts');

const SKIP = BACKEND === 'postgresql' ? false
	: 'PostgreSQL only: set NTM_TEST_PG (make test-e2e-pg)';
const CLUSTER = path.join(__dirname, '..', '..', '..', 'scripts', 'pg-cluster.sh');
const PASSWORD = 'replica-test-password-1';

function cluster(...args) {
	const r = spawnSync('sh', [CLUSTER, ...args], { encoding: 'utf8', timeout: 120000 });
	if (r.error || r.status !== 0)
		throw new Error(`pg-cluster.sh ${args.join(' ')}: ${r.error ? r.error.message : r.stderr}`);
	return r.stdout.trim();
}

async function waitFor(what, fn, ms = 30000, step = 50) {
	const t0 = Date.now();
	for (;;) {
		if (await fn())
			return;
		if (Date.now() - t0 > ms)
			throw new Error(`timed out after ${ms} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, step));
	}
}

/* Cookies of a response, as "a=1; b=2" for the next request. */
function cookiesOf(res, jar = {}) {
	const list = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
	for (const c of list) {
		const [nv] = c.split(';');
		const i = nv.indexOf('=');
		jar[nv.slice(0, i).trim()] = nv.slice(i + 1);
	}
	return jar;
}
const cookieHeader = (jar) => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');

describe('read replicas: ntm serve --read-db', { skip: SKIP }, () => {
	let dir, primary, standby, server;

	before(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-e2e-replicas-'));
		fs.chmodSync(dir, 0o711);	/* the postgres user goes through it */
		const p = cluster('start', path.join(dir, 'p'));
		psql(`${p}/postgres`, 'CREATE DATABASE ntm');
		const init = runNtm(['init', '--db', `${p}/ntm`], { cwd: dir, timeout: 180000 });
		assert.equal(init.code, 0, init.stderr);
		const add = runNtm(['user', 'add', '--db', `${p}/ntm`, '--username', 'rep-admin', '--role', 'admin',
			'--unit', '2025:VN'], { cwd: dir, input: `${PASSWORD}\n` });
		assert.equal(add.code, 0, add.stderr);
		const s = cluster('standby', path.join(dir, 's'), path.join(dir, 'p'));
		primary = `${p}/ntm`;
		standby = `${s}/ntm`;
		/* a generous lag bound: the paused standby stays in use */
		server = await serveNtm(primary, { cwd: dir, extraArgs: ['--read-db', standby, '--read-lag', '3600'] });
	});
	after(async () => {
		if (server)
			await server.stop();
		if (dir) {
			for (const d of ['s', 'p'])
				try { cluster('stop', path.join(dir, d)); } catch { /* already gone */ }
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	test('a paused standby serves reads; the caller\'s own writes are read from the primary', async () => {
		/* the standby has what init wrote, then stops replaying */
		await waitFor('the standby to have the account', () =>
			psql(standby, "SELECT count(*) FROM app_user WHERE username = 'rep-admin'", { check: false }).stdout.trim() === '1');
		psql(standby, 'SELECT pg_wal_replay_pause()');

		const login = await request(server.base, 'POST', '/api/v1/session', { json: { username: 'rep-admin', password: PASSWORD } });
		assert.equal(login.status, 200, login.text);
		const jar = cookiesOf(login);
		assert.ok(jar.ntm_session, 'the session cookie');
		assert.match(jar.ntm_wal || '', /^[0-9a-f]{16}$/, 'the login sets the WAL position');

		/* read-your-writes: the session made a moment ago is seen */
		const me = await request(server.base, 'GET', '/api/v1/me', { headers: { cookie: cookieHeader(jar) } });
		assert.equal(me.status, 200, me.text);
		assert.ok(me.text.includes('rep-admin'), me.text);

		/* a write, then a read carrying the new position sees it */
		const tok = await request(server.base, 'POST', '/api/v1/tokens', {
			json: { name: 'replica-check' },
			headers: { cookie: cookieHeader(jar), 'x-csrf-token': login.json.csrf_token },
		});
		assert.ok(tok.status === 200 || tok.status === 201, tok.text);
		cookiesOf(tok, jar);
		const list = await request(server.base, 'GET', '/api/v1/tokens', { headers: { cookie: cookieHeader(jar) } });
		assert.equal(list.status, 200, list.text);
		assert.ok(JSON.stringify(list.json).includes('replica-check'), 'the new token is listed at once');

		/* without the position the same read goes to the standby, which
		 * has not replayed the write */
		const sessionOnly = { cookie: `ntm_session=${jar.ntm_session}` };
		const stale = await request(server.base, 'GET', '/api/v1/tokens', { headers: sessionOnly });
		assert.equal(stale.status, 200, stale.text);
		assert.ok(!JSON.stringify(stale.json).includes('replica-check'),
		    'a read without the position is answered by the (paused) standby');

		/* public reads land on the standby */
		const units = await request(server.base, 'GET', '/api/v1/units?limit=1');
		assert.equal(units.status, 200, units.text);
		const seen = psql(standby, "SELECT count(*) FROM pg_stat_activity WHERE datname = 'ntm' AND query ILIKE '%unit%'").stdout.trim();
		assert.notEqual(seen, '0', 'a standby backend ran the units query');

		/* replay again: the standby catches up and the session is seen there */
		psql(standby, 'SELECT pg_wal_replay_resume()');
		await waitFor('the standby to replay the write', async () =>
			(await request(server.base, 'GET', '/api/v1/tokens', { headers: sessionOnly })).text.includes('replica-check'));
	});

	test('a stopped standby is skipped: every read is answered', async () => {
		cluster('pause', path.join(dir, 's'));
		for (let i = 0; i < 20; i++) {
			const r = await request(server.base, 'GET', '/api/v1/units?limit=1');
			assert.equal(r.status, 200, `read ${i}: ${r.text}`);
		}
		const w = await request(server.base, 'POST', '/api/v1/session', { json: { username: 'rep-admin', password: PASSWORD } });
		assert.equal(w.status, 200, w.text);
	});
});
