// nginx.test.js - the production path end to end: a private nginx running
// deploy/nginx.conf (TLS parts taken out, paths and ports made private) in
// front of a fresh `ntm serve`.  Proves that nginx passes the API through
// unchanged with ntm's security headers, and that it - not ntm - refuses
// oversized bodies, malformed request lines and login floods.
//
// Env: NTM_BIN (default ../../../build/ntm from here), NGINX_BIN (default
// `nginx` on PATH or /usr/sbin/nginx).  Skipped, with a message, only when
// nginx is not installed.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
// The database of the run's backend (SQLite, or PostgreSQL with $NTM_TEST_PG).
const { newDatabase } = require('../lib/ntm');

const ROOT = path.resolve(__dirname, '../../..');
// As in tests/e2e/lib/ntm.js: a relative $NTM_BIN is taken from tests/e2e.
const NTM_BIN = path.resolve(__dirname, '..', process.env.NTM_BIN || '../../build/ntm');
const DEPLOY_CONF = path.join(ROOT, 'deploy/nginx.conf');

function findNginx() {
	const cands = [process.env.NGINX_BIN, 'nginx', '/usr/sbin/nginx'].filter(Boolean);
	for (const c of cands) {
		const r = spawnSync(c, ['-v'], { stdio: 'ignore' });
		if (!r.error && r.status === 0)
			return c;
	}
	return null;
}
const NGINX = findNginx();
const SKIP = NGINX ? false : 'nginx is not installed (apt-get install nginx, or scripts/install-deps.sh)';

// ---- a small nginx config parser, enough for deploy/nginx.conf ----------
// A config is a list of directives { name, args, block? }.  Comments are
// dropped; quoted strings are kept with their quotes.

function tokenize(text) {
	const toks = [];
	let i = 0;
	while (i < text.length) {
		const c = text[i];
		if (/\s/.test(c)) { i++; continue; }
		if (c === '#') { while (i < text.length && text[i] !== '\n') i++; continue; }
		if (c === ';' || c === '{' || c === '}') { toks.push(c); i++; continue; }
		let j = i;
		if (c === '"' || c === "'") {
			j++;
			while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
			j++;
		} else {
			while (j < text.length && !/[\s;{}]/.test(text[j])) j++;
		}
		toks.push(text.slice(i, j));
		i = j;
	}
	return toks;
}

function parseConf(text) {
	const toks = tokenize(text);
	let p = 0;
	function block(top) {
		const list = [];
		for (;;) {
			if (p >= toks.length) {
				if (!top) throw new Error('nginx.conf: unclosed block');
				return list;
			}
			if (toks[p] === '}') {
				if (top) throw new Error('nginx.conf: stray }');
				p++;
				return list;
			}
			const words = [];
			while (p < toks.length && toks[p] !== ';' && toks[p] !== '{' && toks[p] !== '}')
				words.push(toks[p++]);
			if (words.length === 0 || p >= toks.length || toks[p] === '}')
				throw new Error(`nginx.conf: bad directive near '${words.join(' ')}'`);
			const d = { name: words[0], args: words.slice(1) };
			if (toks[p++] === '{')
				d.block = block(false);
			list.push(d);
		}
	}
	return block(true);
}

function serialize(list, indent = '') {
	return list.map((d) => {
		const head = indent + [d.name, ...d.args].join(' ');
		return d.block
			? `${head} {\n${serialize(d.block, indent + '\t')}${indent}}\n`
			: `${head};\n`;
	}).join('');
}

const find = (list, name) => list.filter((d) => d.name === name);
function one(list, name, pred = () => true) {
	const hits = find(list, name).filter(pred);
	assert.equal(hits.length, 1, `deploy/nginx.conf: expected exactly one '${name}' here, found ${hits.length}`);
	return hits[0];
}
const drop = (list, pred) => list.filter((d) => !pred(d));

// The site server: the one that listens on 443 with TLS and is not the
// catch-all default server.
const isSite = (d) => d.name === 'server' && d.block &&
	find(d.block, 'listen').some((l) => /(^|:)443$/.test(l.args[0]) && l.args.includes('ssl')) &&
	!find(d.block, 'listen').some((l) => l.args.includes('default_server'));

// deploy/nginx.conf made private: TLS off, everything under dir, nginx on
// 127.0.0.1:port in front of ntm on 127.0.0.1:ntmPort.  Every other setting
// (limits, timeouts, rate zones, gzip, proxy headers, locations) is kept.
function deriveConf(text, { dir, port, ntmPort, staticDir }) {
	let main = parseConf(text);
	main = drop(main, (d) => ['user', 'pid', 'error_log', 'worker_rlimit_nofile', 'daemon'].includes(d.name));
	one(main, 'worker_processes').args = ['1'];
	main.unshift({ name: 'error_log', args: [path.join(dir, 'error.log'), 'info'] });
	// A root master would hand the workers to `nobody`, who cannot enter
	// the private temp dir.
	if (process.getuid && process.getuid() === 0)
		main.unshift({ name: 'user', args: ['root'] });

	const http = one(main, 'http').block;
	for (const al of find(http, 'access_log'))
		al.args[0] = path.join(dir, 'access.log');
	for (const t of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
		http.push({ name: `${t}_temp_path`, args: [path.join(dir, `${t}_temp`)] });

	const up = one(http, 'upstream', (d) => d.args[0] === 'ntm').block;
	one(up, 'server').args[0] = `127.0.0.1:${ntmPort}`;

	const site = one(http, 'server', isSite);
	let sb = drop(site.block, (d) => d.name === 'listen' || d.name.startsWith('ssl_'));
	sb.unshift({ name: 'listen', args: [`127.0.0.1:${port}`] });
	for (const loc of find(sb, 'location'))
		for (const a of find(loc.block, 'alias'))
			a.args[0] = staticDir.endsWith('/') ? staticDir : staticDir + '/';
	site.block = sb;
	const httpOut = drop(http, (d) => d.name === 'server' && d !== site);
	one(main, 'http').block = httpOut;
	return serialize(main);
}

// ---- processes -----------------------------------------------------------

function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

function waitFor(pred, ms, what) {
	const end = Date.now() + ms;
	return new Promise((resolve, reject) => {
		(async function poll() {
			try {
				const v = await pred();
				if (v) return resolve(v);
			} catch { /* not yet */ }
			if (Date.now() > end) return reject(new Error(`timed out waiting for ${what}`));
			setTimeout(poll, 25);
		})();
	});
}

function canConnect(port) {
	return new Promise((resolve) => {
		const s = net.connect(port, '127.0.0.1');
		s.once('connect', () => { s.destroy(); resolve(true); });
		s.once('error', () => resolve(false));
	});
}

function stop(child) {
	if (!child || child.exitCode !== null || child.signalCode !== null)
		return Promise.resolve();
	return new Promise((resolve) => {
		const t = setTimeout(() => child.kill('SIGKILL'), 5000);
		child.once('exit', () => { clearTimeout(t); resolve(); });
		child.kill('SIGTERM');
	});
}

// Send raw bytes on one connection; resolve with everything the server
// sent until it closed (or 3 s passed).  halfClose ends our side after the
// bytes (no more body is coming), so that nginx's lingering close ends at
// once; not for proxied requests, which nginx would treat as abandoned.
function rawRequest(port, data, { halfClose = false } = {}) {
	return new Promise((resolve, reject) => {
		const s = net.connect(port, '127.0.0.1');
		const chunks = [];
		s.setTimeout(3000, () => s.destroy());
		s.on('connect', () => (halfClose ? s.end(data) : s.write(data)));
		s.on('data', (c) => chunks.push(c));
		s.on('error', (e) => (chunks.length ? resolve(Buffer.concat(chunks).toString('latin1')) : reject(e)));
		s.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
	});
}
const statusOf = (raw) => Number((/^HTTP\/1\.[01] (\d{3})/.exec(raw) || [])[1]);

let tmp, dbh, ntm, nginx, ntmPort, port, base, ntmLog = '';

// Paths that reached ntm, from its access log (one JSON line per request).
function ntmPaths() {
	return ntmLog.split('\n').filter(Boolean).map((l) => {
		try { return JSON.parse(l).path; } catch { return null; }
	});
}

before(async () => {
	if (SKIP) return;
	assert.ok(fs.existsSync(NTM_BIN), `${NTM_BIN} missing: run make first`);
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-nginx-'));
	dbh = newDatabase(tmp);
	const db = dbh.target;
	const init = spawnSync(NTM_BIN, ['init', '--db', db], { cwd: ROOT, encoding: 'utf8' });
	assert.equal(init.status, 0, `ntm init failed: ${init.stderr}`);

	// ntm, access log on: it tells which requests got past nginx.
	ntm = spawn(NTM_BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2'],
		{ cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
	let err = '';
	ntm.stdout.setEncoding('utf8').on('data', (c) => { ntmLog += c; });
	ntm.stderr.setEncoding('utf8').on('data', (c) => { err += c; });
	ntmPort = await waitFor(() => {
		if (ntm.exitCode !== null) throw new Error(`ntm serve exited: ${err}`);
		const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
		return m && Number(m[1]);
	}, 10000, 'ntm serve to listen').catch((e) => { throw new Error(`${e.message}\n${err}`); });

	port = await freePort();
	const conf = deriveConf(fs.readFileSync(DEPLOY_CONF, 'utf8'),
		{ dir: tmp, port, ntmPort, staticDir: path.join(ROOT, 'static') });
	fs.writeFileSync(path.join(tmp, 'nginx.conf'), conf);
	const check = spawnSync(NGINX, ['-p', tmp, '-c', path.join(tmp, 'nginx.conf'), '-t',
		'-g', `pid ${path.join(tmp, 'nginx.pid')};`], { encoding: 'utf8' });
	assert.equal(check.status, 0, `nginx -t on the derived config failed:\n${check.stderr}\n${conf}`);
	nginx = spawn(NGINX, ['-p', tmp, '-c', path.join(tmp, 'nginx.conf'),
		'-g', `daemon off; pid ${path.join(tmp, 'nginx.pid')};`], { stdio: ['ignore', 'ignore', 'pipe'] });
	let nerr = '';
	nginx.stderr.setEncoding('utf8').on('data', (c) => { nerr += c; });
	await waitFor(async () => {
		if (nginx.exitCode !== null) {
			const log = fs.existsSync(path.join(tmp, 'error.log')) ? fs.readFileSync(path.join(tmp, 'error.log'), 'utf8') : '';
			throw new Error(`nginx exited: ${nerr}\n${log}`);
		}
		return canConnect(port);
	}, 10000, 'nginx to listen');
	base = `http://127.0.0.1:${port}`;
});

after(async () => {
	await stop(nginx);
	await stop(ntm);
	if (dbh && !process.env.KEEP_TMP)
		dbh.drop();
	if (tmp && !process.env.KEEP_TMP)
		fs.rmSync(tmp, { recursive: true, force: true });
});

test('deploy/nginx.conf keeps the proxy settings production relies on', { skip: SKIP }, () => {
	const main = parseConf(fs.readFileSync(DEPLOY_CONF, 'utf8'));
	const http = one(main, 'http').block;
	const site = one(http, 'server', isSite).block;
	const all = [...http, ...site];
	const val = (name) => find(all, name).map((d) => d.args.join(' '));
	assert.deepEqual(val('client_max_body_size'), ['2m']);
	assert.deepEqual(val('proxy_http_version'), ['1.1']);
	const headers = val('proxy_set_header');
	for (const h of ['Connection ""', 'Host $host', 'X-Forwarded-For $proxy_add_x_forwarded_for',
		'X-Forwarded-Proto $scheme'])
		assert.ok(headers.includes(h), `proxy_set_header ${h} missing`);
	const up = one(http, 'upstream', (d) => d.args[0] === 'ntm').block;
	assert.equal(one(up, 'server').args[0], '127.0.0.1:8080');
	assert.ok(find(up, 'keepalive').length === 1, 'upstream keepalive missing');
	assert.ok(find(site, 'listen').some((l) => l.args.join(' ') === '443 ssl http2'));
	const redirect = find(http, 'server').filter((s) =>
		find(s.block, 'listen').some((l) => l.args[0] === '80' && !l.args.includes('default_server')));
	assert.equal(redirect.length, 1, 'one port-80 server that redirects to https');
	assert.ok(serialize(redirect[0].block).includes('return 301 https://$host$request_uri'));
	for (const t of ['client_header_timeout', 'client_body_timeout', 'send_timeout', 'keepalive_timeout'])
		assert.equal(val(t).length, 1, `${t} missing`);
	assert.equal(find(http, 'limit_req_zone').length >= 2, true, 'general and login limit_req zones');
	assert.equal(val('gzip')[0], 'on');
});

test('the units API answers through nginx with the same data as ntm', { skip: SKIP }, async () => {
	const viaNginx = await fetch(`${base}/api/v1/units/2025/01`);
	assert.equal(viaNginx.status, 200);
	assert.match(viaNginx.headers.get('content-type'), /^application\/json/);
	assert.equal(viaNginx.headers.get('server'), 'nginx', 'answered by nginx, version hidden');
	const body = await viaNginx.json();
	assert.equal(body.code, '01');
	assert.equal(body.name, 'Hà Nội');
	assert.equal(body.level, 'province');
	assert.equal(body.children_count, 126);

	const direct = await (await fetch(`http://127.0.0.1:${ntmPort}/api/v1/units/2025/01`)).json();
	assert.deepEqual(body, direct, 'nginx must not alter the body');

	const search = await fetch(`${base}/api/v1/units?q=da%20nang`);
	assert.equal(search.status, 200);
	const s = await search.json();
	assert.ok(s.items.some((u) => u.code === '48' && u.name === 'Đà Nẵng'), 'Đà Nẵng found through nginx');
	assert.ok(ntmPaths().includes('/api/v1/units'), 'the search reached ntm');
});

test("ntm's security headers pass through nginx", { skip: SKIP }, async () => {
	for (const p of ['/api/v1/units/2025/01', '/', '/units/2025/01', '/api/v1/no-such-thing']) {
		const direct = await fetch(`http://127.0.0.1:${ntmPort}${p}`);
		const r = await fetch(`${base}${p}`);
		await direct.arrayBuffer();
		await r.arrayBuffer();
		assert.equal(r.status, direct.status, p);
		for (const h of ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy']) {
			assert.ok(direct.headers.get(h), `ntm sets ${h} on ${p}`);
			assert.equal(r.headers.get(h), direct.headers.get(h), `${h} on ${p} through nginx`);
		}
		assert.match(r.headers.get('strict-transport-security') || '', /max-age=\d+/, `HSTS from nginx on ${p}`);
	}
});

test('JSON is gzipped by nginx for clients that accept it', { skip: SKIP }, async () => {
	const raw = await rawRequest(port, 'GET /api/v1/units/2025/01 HTTP/1.1\r\nHost: localhost\r\n' +
		'Accept-Encoding: gzip\r\nConnection: close\r\n\r\n');
	assert.equal(statusOf(raw), 200);
	assert.match(raw, /\r\nContent-Encoding: gzip\r\n/i);
	assert.match(raw, /\r\nVary: Accept-Encoding\r\n/i);
	assert.match(raw, /\r\nTransfer-Encoding: chunked\r\n/i);
	// De-chunk and gunzip: the same JSON again.
	let rest = Buffer.from(raw.slice(raw.indexOf('\r\n\r\n') + 4), 'latin1');
	const parts = [];
	for (;;) {
		const eol = rest.indexOf('\r\n');
		const n = parseInt(rest.subarray(0, eol).toString(), 16);
		if (!n) break;
		parts.push(rest.subarray(eol + 2, eol + 2 + n));
		rest = rest.subarray(eol + 2 + n + 2);
	}
	const gz = Buffer.concat(parts);
	const json = JSON.parse(zlib.gunzipSync(gz).toString('utf8'));
	assert.equal(json.name, 'Hà Nội');
	assert.ok(gz.length * 3 < Buffer.byteLength(JSON.stringify(json)), 'compressed well');
});

test('static files come from nginx (disk, long cache), not from ntm', { skip: SKIP }, async () => {
	const r = await fetch(`${base}/static/style.css`);
	assert.equal(r.status, 200);
	assert.match(r.headers.get('content-type'), /^text\/css/);
	const body = await r.text();
	assert.equal(body, fs.readFileSync(path.join(ROOT, 'static/style.css'), 'utf8'));
	const maxAge = Number((/max-age=(\d+)/.exec(r.headers.get('cache-control') || '') || [])[1]);
	assert.ok(maxAge >= 7 * 86400, `long cache (got ${r.headers.get('cache-control')})`);
	assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
	assert.ok(!ntmPaths().includes('/static/style.css'), 'ntm never saw /static/style.css');
});

test('an oversized body gets 413 from nginx and never reaches ntm', { skip: SKIP }, async () => {
	const big = Buffer.alloc(3 * 1024 * 1024, 0x61);	// 3 MB > client_max_body_size 2m
	const r = await fetch(`${base}/api/v1/probe-413`, {
		method: 'POST', body: big, headers: { 'content-type': 'application/octet-stream' },
	});
	assert.equal(r.status, 413);
	const text = await r.text();
	assert.match(text, /413 Request Entity Too Large/);
	assert.match(text, /<center>nginx<\/center>/, "nginx's own error page");
	assert.equal(r.headers.get('content-security-policy'), null, 'not an ntm answer');

	// Declared only (no body sent): refused on the header alone.
	const raw = await rawRequest(port, 'POST /api/v1/probe-413b HTTP/1.1\r\nHost: localhost\r\n' +
		`Content-Length: ${5 * 1024 * 1024}\r\nContent-Type: application/json\r\n\r\n`,
		{ halfClose: true });
	assert.equal(statusOf(raw), 413);

	// Just under the limit goes through to ntm (whatever ntm then answers).
	const ok = await fetch(`${base}/api/v1/probe-small`, { method: 'POST', body: Buffer.alloc(1000, 0x61) });
	await ok.arrayBuffer();
	assert.notEqual(ok.status, 413);
	await waitFor(() => ntmPaths().includes('/api/v1/probe-small'), 2000, 'ntm to log the small POST');
	assert.ok(!ntmPaths().some((p) => p.startsWith('/api/v1/probe-413')), 'ntm never saw the big bodies');
});

test('a report workbook upload may be larger than 2 MB: nginx passes it to ntm', { skip: SKIP }, async () => {
	const big = Buffer.alloc(3 * 1024 * 1024, 0x61);	// > 2m, < the route's 11m
	const r = await fetch(`${base}/api/v1/reports/ntm-tien-do-thang/upload`, {
		method: 'POST', body: big, headers: { 'content-type': 'application/octet-stream' } });
	await r.arrayBuffer();
	assert.equal(r.status, 401, 'ntm answers (no session), not nginx with 413');
	await waitFor(() => ntmPaths().includes('/api/v1/reports/ntm-tien-do-thang/upload'), 2000,
		'ntm to log the upload');
});

test('malformed request lines get 400 from nginx and never reach ntm', { skip: SKIP }, async () => {
	const bad = [
		'GET /probe-400-a HTTP/1.1 extra\r\n',			// a fourth field
		'GET /probe-400-b c HTTP/1.1\r\n',			// space in the target
		'GET /probe-400-c\x00 HTTP/1.1\r\n',			// NUL in the target
		'GE(T /probe-400-d HTTP/1.1\r\n',			// not a method token
		'GET /probe-400-e HTTP/1.x\r\n',			// not a version
		'GET probe-400-f HTTP/1.1\r\n',			// not origin-form
	];
	for (const line of bad) {
		const raw = await rawRequest(port, `${line}Host: localhost\r\nConnection: close\r\n\r\n`);
		assert.equal(statusOf(raw), 400, `${JSON.stringify(line)} -> ${raw.split('\r\n')[0]}`);
		assert.match(raw, /<center>nginx<\/center>/, `nginx's own 400 for ${JSON.stringify(line)}`);
	}
	// Smuggling-style framing: both Content-Length and Transfer-Encoding.
	const smuggle = await rawRequest(port, 'POST /probe-400-g HTTP/1.1\r\nHost: localhost\r\n' +
		'Content-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n');
	assert.equal(statusOf(smuggle), 400, smuggle.split('\r\n')[0]);

	// A well-formed request on a fresh connection still works, and ntm has
	// seen none of the probes.
	const r = await fetch(`${base}/healthz`);
	await r.arrayBuffer();
	assert.equal(r.status, 200);
	await waitFor(() => ntmPaths().includes('/healthz'), 2000, 'ntm to log /healthz');
	assert.ok(!ntmPaths().some((p) => p && p.includes('probe-400')), 'no probe reached ntm');
});

test('a login posted from another site is refused by ntm behind nginx; the site\'s own passes', { skip: SKIP }, async () => {
	const form = { 'content-type': 'application/x-www-form-urlencoded' };
	const foreign = await fetch(`${base}/login`, { method: 'POST', redirect: 'manual',
		headers: { ...form, origin: 'https://evil.example' }, body: 'username=nobody&password=x' });
	await foreign.arrayBuffer();
	assert.equal(foreign.status, 403, 'a foreign Origin');
	assert.equal(foreign.headers.get('set-cookie'), null);
	// nginx passes Host without the port; the browser's Origin has it.
	const own = await fetch(`${base}/login`, { method: 'POST', redirect: 'manual',
		headers: { ...form, origin: base }, body: 'username=nobody&password=x' });
	await own.arrayBuffer();
	assert.notEqual(own.status, 403, 'the site\'s own Origin (wrong password: not 403)');
});

test('the access log never holds a survey code, nor a Referer\'s query', { skip: SKIP }, async () => {
	const secret = 'KQ7PX2MZ';
	for (const p of [`/s/1?code=${secret}`, `/s/1/thanks?code=${secret}`,
		`/lang/en?next=${encodeURIComponent(`/s/1?code=${secret}`)}`, '/api/v1/units?q=ha%20noi&limit=2']) {
		const r = await fetch(`${base}${p}`, { redirect: 'manual',
			headers: { referer: `${base}/s/1?code=${secret}` } });
		await r.arrayBuffer();
	}
	const logFile = path.join(tmp, 'access.log');
	const log = await waitFor(() => {
		const t = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
		return t.includes('/api/v1/units?q=ha%20noi') && t;
	}, 3000, 'the access log lines');
	assert.ok(!log.includes(secret), `no code in the log:\n${log}`);
	assert.match(log, /"GET \/s\/1 HTTP\/1\.1" /, 'the survey path is logged without its query');
	assert.match(log, /"GET \/lang\/en HTTP\/1\.1" /, 'so is a request that carries a code elsewhere');
	assert.match(log, new RegExp(`"${base.replace(/[.]/g, '\\.')}/s/1" `), 'the Referer without its query');
	assert.match(log, /"GET \/api\/v1\/units\?q=ha%20noi&limit=2 HTTP\/1\.1" 200/, 'other queries are kept');
	// ntm's own access log has paths only.
	assert.ok(!ntmLog.includes(secret), 'ntm\'s access log has no code either');
});

test('login attempts are rate-limited by nginx; other methods are not', { skip: SKIP }, async () => {
	const codes = [];
	for (let i = 0; i < 10; i++) {
		const r = await fetch(`${base}/api/v1/session`, {
			method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
		});
		await r.arrayBuffer();
		codes.push(r.status);
	}
	assert.notEqual(codes[0], 429, `first login attempt passes (${codes})`);
	assert.ok(codes.slice(6).every((c) => c === 429), `attempts past the burst get 429 (${codes})`);
	const gets = [];
	for (let i = 0; i < 10; i++) {
		const r = await fetch(`${base}/api/v1/session`);
		await r.arrayBuffer();
		gets.push(r.status);
	}
	assert.ok(!gets.includes(429), `GET is not counted as a login (${gets})`);
});

test('the login form is rate-limited like the API login (one budget); GET /login is not', { skip: SKIP }, async () => {
	const codes = [];
	for (let i = 0; i < 10; i++) {
		const r = await fetch(`${base}/login`, { method: 'POST', redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=nobody&password=x' });
		await r.arrayBuffer();
		codes.push(r.status);
	}
	assert.ok(codes.slice(6).every((c) => c === 429), `POST /login past the burst gets 429 (${codes})`);
	const gets = [];
	for (let i = 0; i < 10; i++) {
		const r = await fetch(`${base}/login`);
		await r.arrayBuffer();
		gets.push(r.status);
	}
	assert.ok(!gets.includes(429), `GET /login is not counted as a login (${gets})`);
	const conf = parseConf(fs.readFileSync(DEPLOY_CONF, 'utf8'));
	const site = one(one(conf, 'http').block, 'server', isSite).block;
	for (const l of ['/login', '/api/v1/session']) {
		const loc = one(site, 'location', (d) => d.args.join(' ') === `= ${l}`).block;
		assert.ok(find(loc, 'limit_req').some((d) => d.args.includes('zone=ntm_login')), `${l} in the login zone`);
	}
});
