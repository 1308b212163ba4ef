'use strict';
/*
 * PostgreSQL only: what one PostgreSQL gives that one SQLite file cannot.
 *
 *  - Scale-out: two `ntm serve` processes on ONE database behave as one
 *    system.  A session made through one works on the other (and a logout
 *    on one ends it on both), login throttling counts the failures made on
 *    both, and an import through the CLI is seen at once by both caches.
 *  - Outage: PostgreSQL stopped under the running servers (pg_ctl stop -m
 *    fast, through scripts/pg-cluster.sh) → every request that needs the
 *    database is a 503 JSON server.unavailable, /healthz is 503, the
 *    processes stay up, and a write refused then is not half-made; started
 *    again → the same processes answer 200 again on every worker.
 *  - `ntm copy` from a SQLite file (a demo installation with writes made
 *    through the API) into an empty PostgreSQL database: the audit chain
 *    verifies, the same accounts and API token work, new rows get new ids;
 *    a target that already holds data is refused with nothing changed.
 *
 * Runs with $NTM_TEST_PG (`make test-e2e-pg`); the outage part also needs
 * $NTM_TEST_PG_DIR (the cluster's directory, which make sets).
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const {
	BACKEND, PG_DIR, startNtm, get, runNtm, pgPause, pgResume, serveNtm,
} = require('../lib/ntm');
const {
	DEMO_PASSWORD, Client, request, sessionCookieOf, allUsers, uniqueName,
} = require('../lib/accounts');
const { sqliteCounts, pgCounts, fillEmptyTables, assertSameCounts } = require('../lib/tables');

const SKIP = BACKEND === 'postgresql' ? false
	: 'PostgreSQL only: set NTM_TEST_PG to a PostgreSQL base URL (make test-e2e-pg starts a private cluster)';
const SKIP_OUTAGE = SKIP || (PG_DIR ? false
	: 'NTM_TEST_PG_DIR is not set: the test cannot stop and restart that PostgreSQL (make test-e2e-pg sets it)');

const COMMUNE = '/api/v1/units/2025/20308';	/* Xã Bà Nà, Đà Nẵng: no villages in the demo */
const REQ_TIMEOUT_MS = 15000;

/* The same credential, sent to another server. */
function via(client, base) {
	return Object.assign(Object.create(Object.getPrototypeOf(client)), client, { base });
}

async function waitFor(what, fn, ms = 20000, step = 100) {
	const t0 = Date.now();
	let last;
	for (;;) {
		try {
			last = await fn();
			if (last)
				return last;
		} catch (e) {
			last = e;
		}
		if (Date.now() - t0 > ms)
			throw new Error(`timed out after ${ms} ms waiting for ${what}; last: ${last && last.message ? last.message : JSON.stringify(last)}`);
		await new Promise((r) => setTimeout(r, step));
	}
}

const loginRaw = (base, username, password) =>
	request(base, 'POST', '/api/v1/session', { json: { username, password } });

/* ---- two servers on one database ----------------------------------------- */

describe('two ntm serve processes on one PostgreSQL database', { skip: SKIP }, () => {
	let ntm;		/* server A (startNtm: demo database) */
	let b;			/* server B, same database */
	let admin;		/* admin signed in through A */
	let observer;		/* admin API token */

	before(async () => {
		ntm = await startNtm({ command: 'demo', prefix: 'ntm-e2e-pgso-' });
		b = await ntm.serve(ntm.dbPath, { extraArgs: ['--threads', '4'] });
		admin = await Client.login(ntm.base, 'admin');
		observer = await admin.makeTokenClient('pg-scaleout-observer');
	});
	after(async () => {
		if (b) await b.stop();
		if (ntm) await ntm.stop();
	});

	test('a login made through one server is valid on the other; a logout on the other ends it on both', async () => {
		const onA = await Client.login(ntm.base, 'socson');
		const onB = via(onA, b.base);
		for (const c of [onA, onB]) {
			const me = await c.get('/api/v1/me');
			assert.equal(me.status, 200, `${c.base}: ${me.text}`);
			assert.equal(me.json.user.username, 'socson');
			assert.equal(me.json.csrf_token, onA.csrf, 'one session, one CSRF token');
		}
		/* a write through B with the cookie and CSRF token made on A */
		const tok = await onB.post('/api/v1/tokens', { json: { name: 'made-on-b' } });
		assert.ok(tok.status === 200 || tok.status === 201, tok.text);
		const list = await onA.get('/api/v1/tokens');
		assert.ok(list.json.items.some((t) => t.name === 'made-on-b'), 'A sees the token made through B');

		const out = await onB.delete('/api/v1/session');
		assert.ok(out.status === 200 || out.status === 204, `logout through B: ${out.status} ${out.text}`);
		for (const c of [onA, onB])
			assert.equal((await c.get('/api/v1/me')).status, 401, `${c.base}: the session ended on both`);
	});

	test('an API token made through one server works on the other', async () => {
		const onB = via(observer, b.base);
		assert.equal((await observer.get('/api/v1/me')).status, 200);
		const me = await onB.get('/api/v1/me');
		assert.equal(me.status, 200, me.text);
		assert.equal(me.json.user.username, 'admin');
	});

	test('login throttling counts across both servers: 3 failures on A + 2 on B → 429 on both', async () => {
		const username = uniqueName('pgthr');
		const password = `pw-${username}-secret`;
		const made = await admin.post('/api/v1/users', { json: { username, full_name: `Test ${username}`, password, role: 'producer', unit: '2025:00376' } });
		assert.equal(made.status, 200, made.text);
		const bases = [ntm.base, b.base, ntm.base, b.base, ntm.base];
		for (const [i, base] of bases.entries()) {
			const r = await loginRaw(base, username, `wrong-${i}`);
			assert.equal(r.status, 401, `failure ${i + 1} (${base})`);
		}
		for (const base of [b.base, ntm.base]) {
			const r = await loginRaw(base, username, password);
			assert.equal(r.status, 429, `${base}: the right password after 5 failures split over two servers: ${r.text}`);
			assert.equal(r.json.error.code, 'auth.throttled');
			assert.equal(sessionCookieOf(r.headers), null);
		}
		/* an unknown username too (nothing tells which usernames exist) */
		const ghost = uniqueName('pgghost');
		for (const [i, base] of [b.base, ntm.base, b.base, ntm.base, b.base].entries())
			assert.equal((await loginRaw(base, ghost, `wrong-${i}`)).status, 401);
		assert.equal((await loginRaw(ntm.base, ghost, 'anything')).status, 429);
		/* and one auth.throttled audit entry for the account, not one per server */
		const entries = (await observer.get('/api/v1/audit?limit=500')).json.items;
		assert.equal(entries.filter((e) => e.action === 'auth.throttled' && e.object === `login:${username}`).length, 1);
	});

	test('an account made through A logs in through B', async () => {
		const username = uniqueName('pgacc');
		const password = `pw-${username}-secret`;
		const made = await admin.post('/api/v1/users', { json: { username, full_name: `Test ${username}`, password, role: 'producer', unit: '2025:00376' } });
		assert.equal(made.status, 200, made.text);
		const c = await Client.login(b.base, username, password);
		assert.equal(c.user.id, made.json.created.id);
		assert.ok((await allUsers(via(observer, b.base))).some((u) => u.username === username));
	});

	test('an import through the CLI is seen at once by both servers (their caches too)', async () => {
		const before = {};
		for (const base of [ntm.base, b.base]) {
			/* twice: the second answer comes from the cache */
			assert.equal((await get(base, COMMUNE)).json.children.total, 0);
			const p = await get(base, COMMUNE);
			assert.equal(p.json.children.total, 0);
			before[base] = p.headers.get('etag');
			assert.equal((await get(base, '/api/v1/units?q=thon%20bac%20son')).json.total, 0);
		}
		const csv = ntm.file('villages.csv');
		fs.writeFileSync(csv, 'structure,code,name,full_name,level,unit_type,parent_code\n' +
			'2025,20308-PG1,Bắc Sơn,Thôn Bắc Sơn,village,Thôn,20308\n');
		const r = ntm.run(['import', 'units', csv, '--db', ntm.dbPath]);
		assert.equal(r.code, 0, r.stderr);
		for (const base of [ntm.base, b.base]) {
			const page = await get(base, COMMUNE);
			assert.equal(page.json.children.total, 1, base);
			assert.equal(page.json.children.items[0].code, '20308-PG1');
			assert.notEqual(page.headers.get('etag'), before[base]);
			const found = (await get(base, '/api/v1/units?q=thon%20bac%20son')).json;
			assert.equal(found.total, 1, `${base}: searchable without diacritics`);
		}
	});

	describe('PostgreSQL stopped under the running servers, then started again', { skip: SKIP_OUTAGE }, () => {
		let socson;
		let paused = false;
		const servers = () => [{ name: 'A', base: ntm.base, s: ntm }, { name: 'B', base: b.base, s: b }];
		const exitedOf = (x) => (x.s === ntm ? (ntm.proc.exitCode ?? ntm.proc.signalCode) : b.exited());

		before(async () => {
			socson = await Client.login(ntm.base, 'socson');
			/* every worker of both servers has its connection open */
			for (const { base } of servers())
				await Promise.all(Array.from({ length: 12 }, () => via(socson, base).get('/api/v1/me')));
		});
		after(() => {
			if (paused)
				pgResume();
		});

		test('stopped: requests that need the database are 503 server.unavailable JSON, /healthz 503, no crash', async () => {
			pgPause();
			paused = true;
			for (const x of servers()) {
				const c = via(socson, x.base);
				/* several rounds, in parallel: every worker meets the lost connection */
				for (let round = 0; round < 3; round++) {
					const rs = await Promise.all([
						c.get('/api/v1/me'),
						c.get('/api/v1/me'),
						request(x.base, 'POST', '/api/v1/session', { json: { username: 'hanoi', password: DEMO_PASSWORD } }),
						c.get(`/api/v1/units?q=son&limit=${round + 3}`),
						c.post('/api/v1/tokens', { json: { name: `during-outage-${x.name}-${round}` } }),
						via(observer, x.base).get('/api/v1/me'),
					].map((p) => Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error('no answer in time')), REQ_TIMEOUT_MS))])));
					for (const r of rs) {
						assert.equal(r.status, 503, `${x.name} round ${round}: ${r.status} ${r.text.slice(0, 300)}`);
						assert.match(r.headers.get('content-type') || '', /^application\/json/, `${x.name}: JSON`);
						assert.equal(r.json.error.code, 'server.unavailable', `${x.name}: ${r.text.slice(0, 300)}`);
						/* a client knows when to try again (a failover takes seconds) */
						assert.equal(r.headers.get('retry-after'), '1', `${x.name}: Retry-After`);
					}
				}
				/* a signed-in browser gets an error page, not sent to /login */
				const page = await c.get('/me', { headers: { accept: 'text/html' } });
				assert.equal(page.status, 503, `${x.name} GET /me (HTML): ${page.status} ${page.headers.get('location') || ''}`);
				assert.match(page.headers.get('content-type') || '', /^text\/html/);
				const h = await get(x.base, '/healthz');
				assert.equal(h.status, 503, `${x.name} /healthz: ${h.status} ${h.text}`);
				assert.equal(h.json.status, 'unavailable');
				assert.equal(h.headers.get('retry-after'), '1', `${x.name} /healthz: Retry-After`);
				/* what needs no database still works */
				assert.equal((await get(x.base, '/static/style.css')).status, 200);
				assert.equal(exitedOf(x), null, `${x.name} is still running`);
			}
		});

		test('started again: the same processes recover and answer 200 on every worker', async () => {
			pgResume();
			paused = false;
			for (const x of servers()) {
				await waitFor(`${x.name} /healthz 200`, async () => (await get(x.base, '/healthz')).status === 200);
				const c = via(socson, x.base);
				/* the session made before the outage is still valid, on every worker */
				const rs = await Promise.all(Array.from({ length: 16 }, () => c.get('/api/v1/me')));
				assert.deepEqual(rs.map((r) => r.status), rs.map(() => 200), `${x.name}: ${rs.map((r) => r.status).join(',')}`);
				const l = await loginRaw(x.base, 'hanoi', DEMO_PASSWORD);
				assert.equal(l.status, 200, `${x.name} login: ${l.text}`);
				assert.equal(exitedOf(x), null, `${x.name} is the same process`);
			}
			/* the writes refused during the outage were not made */
			const tokens = (await socson.get('/api/v1/tokens')).json.items;
			assert.deepEqual(tokens.filter((t) => t.name.startsWith('during-outage')), []);
			/* and the audit trail is whole */
			const v = ntm.run(['audit', 'verify', '--db', ntm.dbPath]);
			assert.equal(v.code, 0, v.stderr);
			assert.match(v.stdout, /audit trail intact: \d+ entries/);
			const crash = (ntm.stderr() + b.stderr()).split('\n').filter((l) => /abort|assert|segmentation|sanitizer/i.test(l));
			assert.deepEqual(crash, []);
		});
	});
});

/* ---- ntm copy: SQLite → PostgreSQL ----------------------------------------- */

describe('ntm copy from a SQLite file into PostgreSQL', { skip: SKIP }, () => {
	let ntm;		/* gives the temporary directory and empty databases */
	let src;		/* the SQLite file */
	let made;		/* { username, password, id } made through the API before the copy */
	let token;		/* an API token made before the copy */
	let srcTotal;	/* audit entries in the source */
	let dst;		/* the PostgreSQL database it was copied into */

	before(async () => {
		ntm = await startNtm({ prefix: 'ntm-e2e-pgcopy-' });
		src = ntm.file('source.db');
		const d = ntm.run(['demo', '--db', src], { timeout: 60000 });
		assert.equal(d.code, 0, d.stderr);
		/* writes on the SQLite installation: an account and an API token */
		const s = await serveNtm(src, { cwd: ntm.dir });
		try {
			const admin = await Client.login(s.base, 'admin');
			const username = uniqueName('copied');
			const password = `pw-${username}-secret`;
			const r = await admin.post('/api/v1/users', { json: { username, full_name: 'Người dùng được chép', password, role: 'producer', unit: '2025:00376' } });
			assert.equal(r.status, 200, r.text);
			made = { username, password, id: r.json.created.id };
			token = await admin.makeTokenClient('copied-token');
			await fillEmptyTables(s.base);
		} finally {
			await s.stop();
		}
		const v = runNtm(['audit', 'verify', '--db', src]);
		assert.equal(v.code, 0, v.stderr);
		srcTotal = Number(/intact: (\d+) entries/.exec(v.stdout)[1]);
	});
	after(async () => { if (ntm) await ntm.stop(); });

	/* What a refused copy must not change. */
	const fingerprint = (db) => db.sql(
		"SELECT (SELECT count(*) FROM unit) || ' ' || (SELECT count(*) FROM app_user) || ' ' || " +
		"(SELECT count(*) FROM api_token) || ' ' || (SELECT count(*) FROM audit_log) || ' ' || " +
		"(SELECT coalesce(max(seq), 0) FROM audit_log) || ' ' || (SELECT count(*) FROM user_session)").trim();

	test('into an empty database: every table, the audit chain intact, the same accounts and token work', async () => {
		dst = ntm.newDatabase();
		const r = ntm.run(['copy', '--from', src, '--to', dst.target], { timeout: 120000 });
		assert.equal(r.code, 0, `ntm copy: ${r.stderr}`);
		assert.match(r.stderr, /unit\s+14153 rows/);
		assert.match(r.stderr, /audit_log\s+\d+ rows/);
		/* every table, counted by sqlite3 and psql themselves */
		assertSameCounts(sqliteCounts(src), pgCounts(dst.url));

		const v = ntm.run(['audit', 'verify', '--db', dst.target]);
		assert.equal(v.code, 0, v.stderr);
		assert.equal(v.stdout.trim(), `audit trail intact: ${srcTotal} entries`);

		const s = await serveNtm(dst.target, { cwd: ntm.dir });
		try {
			for (const [u, p] of [['admin', DEMO_PASSWORD], ['socson', DEMO_PASSWORD], [made.username, made.password]]) {
				const c = await Client.login(s.base, u, p);
				assert.equal(c.user.username, u);
			}
			const me = await via(token, s.base).get('/api/v1/me');
			assert.equal(me.status, 200, `the API token made on SQLite works on PostgreSQL: ${me.text}`);
			const admin = await Client.login(s.base, 'admin');
			const users = await allUsers(admin);
			assert.equal(users.find((u) => u.username === made.username).id, made.id, 'ids kept');
			assert.equal((await get(s.base, '/api/v1/units/2025/01')).json.children.total, 126);
			const all = (await get(s.base, '/api/v1/units?structure=2025&limit=1')).json.total +
			    (await get(s.base, '/api/v1/units?structure=pre2025&limit=1')).json.total;
			assert.equal(all, 14151 + 2, 'every unit (and the two demo villages)');
			const found = (await get(s.base, `/api/v1/units?q=${encodeURIComponent('soc son')}`)).json;
			assert.ok(found.total > 0, 'search works on the copy');
			/* new rows after the copy get new ids (sequences moved past the copied rows) */
			const again = await admin.post('/api/v1/users', { json: { username: uniqueName('aftercopy'), full_name: 'Sau khi chép', password: 'password-after-copy', role: 'producer', unit: '2025:00376' } });
			assert.equal(again.status, 200, again.text);
			assert.ok(again.json.created.id > Math.max(...users.map((u) => u.id)));
			const t2 = await admin.makeTokenClient('after-copy');
			assert.ok(t2.tokenId > token.tokenId);
		} finally {
			await s.stop();
		}
		const v2 = ntm.run(['audit', 'verify', '--db', dst.target]);
		assert.equal(v2.code, 0, v2.stderr);
	});

	test('into a database that already holds data: refused (exit 1, one line), nothing changed', () => {
		assert.ok(dst, 'the first copy ran');
		const before = fingerprint(dst);
		const r = ntm.run(['copy', '--from', src, '--to', dst.target], { timeout: 120000 });
		assert.equal(r.code, 1, r.stderr);
		assert.match(r.stderr, /^ntm copy: [^\n]+\n$/);
		assert.equal(fingerprint(dst), before);

		/* an initialised installation (units, no accounts) is not empty either */
		const inited = ntm.newDatabase();
		assert.equal(ntm.run(['init', '--db', inited.target]).code, 0);
		const b2 = fingerprint(inited);
		const r2 = ntm.run(['copy', '--from', src, '--to', inited.target], { timeout: 120000 });
		assert.equal(r2.code, 1, r2.stderr);
		assert.match(r2.stderr, /^ntm copy: [^\n]+\n$/);
		assert.equal(fingerprint(inited), b2);
	});
});
