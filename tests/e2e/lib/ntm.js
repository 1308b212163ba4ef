'use strict';
/*
 * ntm.js - start the real build/ntm for an end-to-end test file.
 *
 *   const { startNtm } = require('../lib/ntm');
 *   let ntm;
 *   before(async () => { ntm = await startNtm(); });
 *   after(() => ntm.stop());
 *
 * startNtm() makes a temporary directory, runs `ntm init` there (a fresh
 * database with the real administrative units) and starts `ntm serve` on
 * 127.0.0.1 port 0, reading the chosen port from the "listening on" line.
 * It returns { base, dir, dbPath, backend, run(args), serve(dbPath), sql(q),
 * stop(), ... }.
 * stop() sends SIGTERM, waits for the exit, removes the directory and
 * returns { code, signal, stderr }; it throws (and run() too) when the
 * process printed a sanitizer report (`make sanitize`).
 *
 * The binary is $NTM_BIN (relative paths are taken from tests/e2e), by
 * default ../../build/ntm.
 *
 * Backends.  Without $NTM_TEST_PG every database is a SQLite file in the
 * temporary directory.  With $NTM_TEST_PG set to a PostgreSQL base URL
 * (postgresql://ntm@127.0.0.1:PORT, a superuser: `make test-e2e-pg` starts
 * one with scripts/pg-cluster.sh) every startNtm() creates a fresh database
 * on that server (CREATE DATABASE through psql) and stop() drops it.
 * Either way ntm.dbPath is what `--db` takes (a file path, or the database
 * URL), ntm.backend is 'sqlite' or 'postgresql', ntm.dbUrl the URL (null on
 * SQLite), and ntm.sql(query) runs SQL on the test's database (sqlite3 or
 * psql) for the tests that read or tamper with it directly.
 * $NTM_TEST_PG_DIR (the cluster's directory) lets a test stop and restart
 * the server (pgPause / pgResume).
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');

const E2E_DIR = path.resolve(__dirname, '..');
const NTM_BIN = path.resolve(E2E_DIR, process.env.NTM_BIN || '../../build/ntm');
const START_TIMEOUT_MS = 10000;
const STOP_TIMEOUT_MS = 5000;
const ROOT = path.resolve(E2E_DIR, '../..');

/* The backend every test of this run uses. */
const PG_BASE = (process.env.NTM_TEST_PG || '').trim() || null;
const PG_DIR = PG_BASE && process.env.NTM_TEST_PG_DIR ? path.resolve(process.env.NTM_TEST_PG_DIR) : null;
const BACKEND = PG_BASE ? 'postgresql' : 'sqlite';
const PSQL = process.env.PSQL || 'psql';
const PG_CLUSTER = path.join(ROOT, 'scripts', 'pg-cluster.sh');

/* Every server still running when node exits is killed (a failed before()
 * must not leave servers behind). */
const running = new Set();
/* PostgreSQL databases made and not yet dropped: dropped at exit. */
const pgDatabases = new Set();
process.on('exit', () => {
	for (const p of running)
		try { p.kill('SIGKILL'); } catch { /* already gone */ }
	for (const name of pgDatabases)
		try { pgDropDatabase(name); } catch { /* the server is gone */ }
});

/* ---- PostgreSQL ---------------------------------------------------------- */

/* The URL of database `name` on the test server (base URL with its path
 * replaced; a query string such as ?sslmode= is kept). */
function pgUrl(name, base = PG_BASE) {
	if (!base)
		throw new Error('NTM_TEST_PG is not set');
	const u = new URL(base);
	u.pathname = `/${name}`;
	return u.toString();
}

/* Run SQL through psql on a URL: { code, stdout, stderr }.  Throws on a
 * failure unless { check: false }.  Output is unaligned, tuples only. */
function psql(url, sql, { check = true } = {}) {
	const r = spawnSync(PSQL, ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql],
	    { encoding: 'utf8', timeout: 30000, env: { ...process.env, PGCONNECT_TIMEOUT: '5' } });
	if (r.error)
		throw new Error(`cannot run ${PSQL}: ${r.error.message}`);
	if (check && r.status !== 0)
		throw new Error(`psql ${url}: ${sql}: ${r.stderr}`);
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let pgSeq = 0;
/* A fresh empty database on the test server: its name. */
function pgCreateDatabase(prefix = 'ntm_e2e') {
	pgSeq++;
	const name = `${prefix}_${process.pid}_${pgSeq}_${Math.random().toString(36).slice(2, 8)}`
	    .toLowerCase().replace(/[^a-z0-9_]/g, '_');
	psql(pgUrl('postgres'), `CREATE DATABASE ${name}`);
	pgDatabases.add(name);
	return name;
}

/* Drop a database, ending the sessions still on it. */
function pgDropDatabase(name) {
	pgDatabases.delete(name);
	psql(pgUrl('postgres'), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

function pgDatabaseExists(name) {
	const r = psql(pgUrl('postgres'), `SELECT count(*) FROM pg_database WHERE datname = '${name.replace(/'/g, "''")}'`);
	return r.stdout.trim() === '1';
}

/* scripts/pg-cluster.sh CMD $NTM_TEST_PG_DIR (pause: pg_ctl stop -m fast,
 * the data kept; resume: start again on the same port). */
function pgCluster(cmd) {
	if (!PG_DIR)
		throw new Error('NTM_TEST_PG_DIR is not set: the test cannot stop or start the PostgreSQL server');
	const r = spawnSync('sh', [PG_CLUSTER, cmd, PG_DIR], { encoding: 'utf8', timeout: 60000 });
	if (r.error || r.status !== 0)
		throw new Error(`pg-cluster.sh ${cmd} ${PG_DIR} failed: ${r.error ? r.error.message : r.stderr}`);
	return r.stdout.trim();
}
const pgPause = () => pgCluster('pause');
const pgResume = () => pgCluster('resume');

/* SQL on a SQLite file through the sqlite3 CLI: { code, stdout, stderr }. */
function sqlite(file, sql, { check = true } = {}) {
	const r = spawnSync('sqlite3', ['-batch', '-cmd', '.timeout 10000', file, sql], { encoding: 'utf8', timeout: 30000 });
	if (r.error)
		throw new Error(`cannot run sqlite3: ${r.error.message}`);
	if (check && r.status !== 0)
		throw new Error(`sqlite3 ${file}: ${sql}: ${r.stderr}`);
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/*
 * A new, empty database for the run's backend, not initialised:
 * { backend, target (what --db takes), url (PostgreSQL) or null, name,
 *   sql(query) -> stdout, exists(), drop() }.
 * SQLite: the file `name`.db in dir (not created).  PostgreSQL: a database
 * created now, dropped by drop().
 */
function newDatabase(dir, name = 'ntm') {
	if (BACKEND === 'postgresql') {
		const db = pgCreateDatabase();
		const url = pgUrl(db);
		return {
			backend: BACKEND, target: url, url, name: db,
			sql: (q) => psql(url, q).stdout,
			exists: () => pgDatabaseExists(db),
			drop: () => pgDropDatabase(db),
		};
	}
	const file = path.join(dir, `${name}.db`);
	return {
		backend: BACKEND, target: file, url: null, name: file,
		sql: (q) => sqlite(file, q).stdout,
		exists: () => fs.existsSync(file),
		drop: () => { /* removed with the directory */ },
	};
}

function childEnv() {
	const env = { ...process.env };
	delete env.NTM_DB;	/* every test names its database */
	/* The command line speaks English under an English locale
	 * (docs/CLI.md); the tests read its default, Vietnamese. */
	delete env.LC_ALL;
	delete env.LC_MESSAGES;
	delete env.LANG;
	/* `ntm demo` fills indicator values for Hà Nội and Đà Nẵng only:
	 * the whole country takes ~15 s, too long for every test file. */
	if (env.NTM_DEMO_CRITERIA === undefined)
		env.NTM_DEMO_CRITERIA = 'sample';
	/* A view read anonymously after a write is fresh at once unless a
	 * build of it is under way (what these tests check); the stale window
	 * of production has its own test (cache-stale.test.js). */
	if (env.NTM_CACHE_STALE === undefined)
		env.NTM_CACHE_STALE = '0';
	return env;
}

/* A report of AddressSanitizer, LeakSanitizer or UBSan (`make sanitize`
 * builds ntm with them): the command or server that printed one fails its
 * test file, whatever the test itself checks, so a leak in a handler or a
 * sender thread that no assertion looks at still fails the run. */
const SANITIZER_REPORT = /^==\d+==ERROR: \w+Sanitizer|: runtime error: /m;

function refuseSanitizerReport(what, stderr) {
	const m = SANITIZER_REPORT.exec(stderr || '');
	if (m)
		throw new Error(`${what} printed a sanitizer report:\n${stderr.slice(Math.max(0, m.index - 200), m.index + 6000)}`);
}

/* Run the CLI synchronously: { code, signal, stdout, stderr, ms }. */
function runNtm(args, { cwd, input, timeout = 30000 } = {}) {
	const t0 = process.hrtime.bigint();
	const r = spawnSync(NTM_BIN, args, {
		cwd, input, timeout, encoding: 'utf8', env: childEnv(),
	});
	if (r.error)
		throw new Error(`cannot run ${NTM_BIN}: ${r.error.message}`);
	refuseSanitizerReport(`ntm ${args.join(' ')}`, r.stderr);
	return {
		code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr,
		ms: Number(process.hrtime.bigint() - t0) / 1e6,
	};
}

/* Start `ntm serve` on a free port.  Resolves to
 * { base, port, proc, stderr(), stop() }.  startTimeout (ms): a ceiling
 * for a slow start (on PostgreSQL each thread prepares its statements). */
function serveNtm(dbPath, { cwd, extraArgs = [], startTimeout } = {}) {
	startTimeout ??= START_TIMEOUT_MS;
	return new Promise((resolve, reject) => {
		const proc = spawn(NTM_BIN, ['serve', '--db', dbPath,
		    '--listen', '127.0.0.1:0', '--quiet', ...extraArgs], {
			cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'],
		});
		running.add(proc);
		let stderr = '';
		let exited = null;
		let started = false;
		const exitP = new Promise((res) => {
			proc.on('exit', (code, signal) => {
				running.delete(proc);
				exited = { code, signal };
				res(exited);
			});
		});
		const timer = setTimeout(() => {
			proc.kill('SIGKILL');
			reject(new Error(`ntm serve did not start in ${startTimeout} ms; stderr: ${stderr}`));
		}, startTimeout);
		proc.stdout.resume();
		proc.stderr.setEncoding('utf8');
		proc.stderr.on('data', (chunk) => {
			stderr += chunk;
			const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(stderr);
			if (m && !started) {
				started = true;
				clearTimeout(timer);
				resolve({
					base: m[1],
					port: Number(m[2]),
					proc,
					stderr: () => stderr,
					exited: () => exited,
					async stop() {
						if (exited === null) {
							proc.kill('SIGTERM');
							const t = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
							await exitP;
							clearTimeout(t);
						}
						refuseSanitizerReport('ntm serve', stderr);
						return { ...exited, stderr };
					},
				});
			}
		});
		proc.on('error', (e) => { clearTimeout(timer); reject(e); });
		exitP.then(({ code, signal }) => {
			if (!started) {
				clearTimeout(timer);
				reject(new Error(`ntm serve exited (${code ?? signal}) before listening: ${stderr}`));
			}
		});
	});
}

/* A fresh database and a server on it, for one test file.
 * { command: 'demo' } loads the demo accounts too (`ntm demo` instead of
 * `ntm init`); prefix names the temporary directory. */
/* timeout: a ceiling for a hung `ntm init`/`ntm demo`, not an expectation:
 * `ntm demo` on PostgreSQL takes well over a minute on two busy cores. */
async function startNtm({ command = 'init', prefix = 'ntm-e2e-', timeout = 180000, startTimeout } = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	let db;
	const cleanup = () => {
		try { if (db) db.drop(); } finally { fs.rmSync(dir, { recursive: true, force: true }); }
	};
	let init;
	try {
		db = newDatabase(dir);
		init = runNtm([command, '--db', db.target], { cwd: dir, timeout });
	} catch (e) {
		cleanup();
		throw e;
	}
	if (init.code !== 0) {
		cleanup();
		throw new Error(`ntm ${command} failed (${init.code}): ${init.stderr}`);
	}
	/* `ntm demo` reports a demo record it could not build and goes on (a
	 * person trying it still gets the rest); the tests build on all of it */
	const missing = init.stdout.split('\n').filter((l) => / left out|\(not created: /.test(l));
	if (missing.length > 0) {
		cleanup();
		throw new Error(`ntm ${command} left part of the demo data out:\n${missing.join('\n')}`);
	}
	let server;
	try {
		server = await serveNtm(db.target, { cwd: dir, startTimeout });
	} catch (e) {
		cleanup();
		throw e;
	}
	let stopped = null;
	const extra = new Set();	/* more databases made with ntm.newDatabase() */
	return {
		bin: NTM_BIN,
		backend: BACKEND,
		dir,
		/* what --db takes: the SQLite file, or the PostgreSQL database URL */
		dbPath: db.target,
		dbUrl: db.url,
		dbName: db.name,
		base: server.base,
		port: server.port,
		proc: server.proc,
		initMs: init.ms,
		initStdout: init.stdout,
		stderr: server.stderr,
		run: (args, opts = {}) => runNtm(args, { cwd: dir, ...opts }),
		serve: (target, opts = {}) => serveNtm(target, { cwd: dir, ...opts }),
		/* SQL on this test's database (sqlite3 or psql): its output */
		sql: (q) => db.sql(q),
		/* another empty database of the same backend (dropped by stop()) */
		newDatabase: (name) => {
			const d = newDatabase(dir, name);
			extra.add(d);
			return d;
		},
		/* a path inside the temporary directory */
		file: (name) => path.join(dir, name),
		async stop() {
			if (stopped === null) {
				try {
					stopped = await server.stop();
				} finally {
					for (const d of extra)
						try { d.drop(); } catch { /* dropped at exit */ }
					extra.clear();
					cleanup();
				}
			}
			return stopped;
		},
	};
}

/* fetch() with the body read: { status, headers, text, json }.  Redirects
 * are not followed. */
async function get(base, urlPath, init = {}) {
	const res = await fetch(base + urlPath, { redirect: 'manual', ...init });
	const text = await res.text();
	let json;
	if ((res.headers.get('content-type') || '').startsWith('application/json') && text !== '')
		json = JSON.parse(text);
	return { status: res.status, headers: res.headers, text, json };
}

/* A raw HTTP/1.1 request over a socket, for what fetch refuses or hides (a
 * GET with a body, a chunked body, HEAD, unnormalised paths).  A server may
 * answer an oversized body early and close: write errors are ignored when a
 * response arrived.  With an "Expect: 100-continue" header the body is sent
 * only after the server's 100 Continue.  Resolves to { status, headers (lower-case), text }. */
function rawRequest(base, { method = 'GET', path: p = '/', headers = {}, body } = {}) {
	const u = new URL(base);
	const h = { host: u.host, connection: 'close' };
	for (const [k, v] of Object.entries(headers))
		h[k.toLowerCase()] = v;
	let payload = Buffer.alloc(0);
	if (body !== undefined) {
		const b = Buffer.isBuffer(body) ? body : Buffer.from(body);
		if (h['transfer-encoding'] === 'chunked') {
			const parts = [];
			for (let i = 0; i < b.length; i += 65536) {
				const c = b.subarray(i, i + 65536);
				parts.push(Buffer.from(c.length.toString(16) + '\r\n'), c, Buffer.from('\r\n'));
			}
			parts.push(Buffer.from('0\r\n\r\n'));
			payload = Buffer.concat(parts);
		} else {
			h['content-length'] ??= String(b.length);
			payload = b;
		}
	}
	const head = `${method} ${p} HTTP/1.1\r\n` +
	    Object.entries(h).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
	return new Promise((resolve, reject) => {
		const chunks = [];
		const sock = net.connect(Number(u.port), u.hostname);
		let writeError = null;
		sock.setTimeout(10000, () => sock.destroy(new Error('rawRequest timed out')));
		const waitContinue = h.expect === '100-continue' && payload.length > 0;
		let sentBody = !waitContinue;
		sock.on('data', (c) => {
			if (!sentBody && /^HTTP\/1\.1 100 /.test(c.toString('latin1'))) {
				sentBody = true;	/* the interim 100 is not kept */
				sock.write(payload);
				return;
			}
			sentBody = true;	/* a final answer: never send the body */
			chunks.push(c);
		});
		sock.on('error', (e) => {
			if (e.code === 'EPIPE' || e.code === 'ECONNRESET')
				writeError = e;
			else
				reject(e);
		});
		sock.on('close', () => {
			const all = Buffer.concat(chunks);
			const sep = all.indexOf('\r\n\r\n');
			if (sep < 0) {
				reject(writeError || new Error(`no HTTP response (${all.length} bytes)`));
				return;
			}
			const lines = all.subarray(0, sep).toString('latin1').split('\r\n');
			const status = Number(lines[0].split(' ')[1]);
			const hs = {};
			for (const l of lines.slice(1)) {
				const i = l.indexOf(':');
				hs[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
			}
			let rest = all.subarray(sep + 4);
			if (method === 'HEAD' || status === 304 || status === 204)
				rest = rest.subarray(0, 0);
			else if (hs['content-length'] !== undefined)
				rest = rest.subarray(0, Number(hs['content-length']));
			resolve({ status, headers: hs, text: rest.toString('utf8'), raw: all });
		});
		sock.write(head);
		if (payload.length && !waitContinue)
			sock.write(payload);
	});
}

/* The shared list of hostile inputs; $NTM_BAD_INPUTS overrides the copy in
 * fixtures/. */
function badInputs() {
	const p = process.env.NTM_BAD_INPUTS || path.join(E2E_DIR, 'fixtures', 'bad-inputs.json');
	return JSON.parse(fs.readFileSync(p, 'utf8'));
}

/* The main element of an HTML page (where the view's content is). */
function mainOf(html) {
	const m = /<main\b[^>]*>([\s\S]*?)<\/main>/.exec(html);
	return m ? m[1] : '';
}

/* Decode the few entities the templates produce, for comparing text. */
function unescapeHtml(s) {
	return s.replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);/gi, (_, e) => {
		const l = e.toLowerCase();
		if (l === 'amp') return '&';
		if (l === 'lt') return '<';
		if (l === 'gt') return '>';
		if (l === 'quot') return '"';
		if (l === 'apos') return "'";
		if (l.startsWith('#x')) return String.fromCodePoint(parseInt(l.slice(2), 16));
		return String.fromCodePoint(parseInt(l.slice(1), 10));
	});
}

module.exports = {
	E2E_DIR, NTM_BIN, startNtm, serveNtm, runNtm, get, rawRequest, badInputs,
	mainOf, unescapeHtml,
	BACKEND, PG_BASE, PG_DIR, newDatabase, pgUrl, psql, sqlite, pgCreateDatabase,
	pgDropDatabase, pgDatabaseExists, pgPause, pgResume,
};
