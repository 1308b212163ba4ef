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
 * It returns { base, dir, dbPath, run(args), serve(dbPath), stop(), ... }.
 * stop() sends SIGTERM, waits for the exit, removes the directory and
 * returns { code, signal, stderr }.
 *
 * The binary is $NTM_BIN (relative paths are taken from tests/e2e), by
 * default ../../build/ntm.
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

/* Every server still running when node exits is killed (a failed before()
 * must not leave servers behind). */
const running = new Set();
process.on('exit', () => {
	for (const p of running)
		try { p.kill('SIGKILL'); } catch { /* already gone */ }
});

function childEnv() {
	const env = { ...process.env };
	delete env.NTM_DB;	/* every test names its database */
	return env;
}

/* Run the CLI synchronously: { code, signal, stdout, stderr, ms }. */
function runNtm(args, { cwd, input, timeout = 30000 } = {}) {
	const t0 = process.hrtime.bigint();
	const r = spawnSync(NTM_BIN, args, {
		cwd, input, timeout, encoding: 'utf8', env: childEnv(),
	});
	if (r.error)
		throw new Error(`cannot run ${NTM_BIN}: ${r.error.message}`);
	return {
		code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr,
		ms: Number(process.hrtime.bigint() - t0) / 1e6,
	};
}

/* Start `ntm serve` on a free port.  Resolves to
 * { base, port, proc, stderr(), stop() }. */
function serveNtm(dbPath, { cwd, extraArgs = [] } = {}) {
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
			reject(new Error(`ntm serve did not start in ${START_TIMEOUT_MS} ms; stderr: ${stderr}`));
		}, START_TIMEOUT_MS);
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

/* A fresh database and a server on it, for one test file. */
async function startNtm() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-e2e-'));
	const dbPath = path.join(dir, 'ntm.db');
	const init = runNtm(['init', '--db', dbPath], { cwd: dir });
	if (init.code !== 0) {
		fs.rmSync(dir, { recursive: true, force: true });
		throw new Error(`ntm init failed (${init.code}): ${init.stderr}`);
	}
	let server;
	try {
		server = await serveNtm(dbPath, { cwd: dir });
	} catch (e) {
		fs.rmSync(dir, { recursive: true, force: true });
		throw e;
	}
	let stopped = null;
	return {
		bin: NTM_BIN,
		dir,
		dbPath,
		base: server.base,
		port: server.port,
		proc: server.proc,
		initMs: init.ms,
		stderr: server.stderr,
		run: (args, opts = {}) => runNtm(args, { cwd: dir, ...opts }),
		serve: (db, opts = {}) => serveNtm(db, { cwd: dir, ...opts }),
		/* a path inside the temporary directory */
		file: (name) => path.join(dir, name),
		async stop() {
			if (stopped === null) {
				stopped = await server.stop();
				fs.rmSync(dir, { recursive: true, force: true });
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
};
