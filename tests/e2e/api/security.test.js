'use strict';
/*
 * The smaller security findings of issue 13, each as it was found:
 *   - login CSRF: a foreign page could sign a browser in (POST /login);
 *   - the HTTP layer's limits: ~1,000 query parameters hung the connection
 *     30 s and closed it without an answer; every limit answers at once;
 *   - signed-in answers were "no-cache" (kept by caches): "private, no-store";
 *   - dates far in the future (9999-12-31) printed "10000-01-": every date
 *     a user gives is 2000-2100, else 422 naming the field;
 *   - bidirectional control characters in attachment names were kept and
 *     shown raw: stripped, and user text is isolated in pages.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { rawRequest, badInputs } = require('../lib/ntm');
const { startDemo, Client, request, sessionCookieOf, DEMO_PASSWORD } = require('../lib/accounts');

let ntm;
before(async () => { ntm = await startDemo(); });
after(async () => { if (ntm) await ntm.stop(); });

const FOREIGN = 'https://evil.example';

function loginForm(headers = {}) {
	return request(ntm.base, 'POST', '/login', {
		form: { username: 'socson', password: DEMO_PASSWORD, next: '/me' }, headers,
	});
}

function refusedCsrf(r, field) {
	assert.equal(r.status, 403, `${r.status} ${r.text.slice(0, 200)}`);
	assert.equal(sessionCookieOf(r.headers), null, 'no session cookie');
	if (r.json) {
		assert.equal(r.json.error.code, 'auth.csrf');
		assert.equal(r.json.error.field, field);
	}
}

describe('login CSRF: a login posted from another site is refused', () => {
	test('POST /login with a foreign Origin: 403, no session', async () => {
		const r = await loginForm({ origin: FOREIGN });
		refusedCsrf(r, 'Origin');
		assert.match(r.text, /CSRF/);
	});

	test('POST /api/v1/session (JSON or a form) with a foreign Origin: 403 naming Origin', async () => {
		refusedCsrf(await request(ntm.base, 'POST', '/api/v1/session', {
			json: { username: 'socson', password: DEMO_PASSWORD }, headers: { origin: FOREIGN },
		}), 'Origin');
		refusedCsrf(await request(ntm.base, 'POST', '/api/v1/session', {
			form: { username: 'socson', password: DEMO_PASSWORD },
			headers: { origin: FOREIGN, accept: 'application/json' },
		}), 'Origin');
	});

	test('Origin "null" (a sandboxed or privacy-stripped page) is refused', async () => {
		refusedCsrf(await loginForm({ origin: 'null' }), 'Origin');
	});

	test('without Origin, a foreign Referer is refused', async () => {
		refusedCsrf(await request(ntm.base, 'POST', '/api/v1/session', {
			json: { username: 'socson', password: DEMO_PASSWORD },
			headers: { referer: `${FOREIGN}/phish.html` },
		}), 'Referer');
	});

	test('a look-alike host is foreign too', async () => {
		const host = new URL(ntm.base).hostname;
		for (const o of [`http://${host}.evil.example`, `http://evil${host}`, `http://${host}@evil.example`])
			refusedCsrf(await loginForm({ origin: o }), 'Origin');
	});

	test('the site\'s own page (any port, any case), and a program with neither header, sign in', async () => {
		const u = new URL(ntm.base);
		for (const h of [{ origin: u.origin }, { origin: `http://${u.hostname.toUpperCase()}:1` },
			{ referer: `${u.origin}/login?next=/me` }, {}]) {
			const r = await loginForm(h);
			assert.equal(r.status, 303, `${JSON.stringify(h)}: ${r.status}`);
			assert.ok(sessionCookieOf(r.headers), 'a session cookie');
		}
	});

	test('a signed-in write with the right CSRF token from a foreign Origin is refused; an API token is not a browser', async () => {
		const socson = await Client.login(ntm.base, 'socson');
		const r = await socson.post('/api/v1/tokens', { json: { name: 'from-evil' }, headers: { origin: FOREIGN } });
		assert.equal(r.status, 403);
		assert.equal(r.json.error.code, 'auth.csrf');
		const tok = await socson.makeTokenClient();
		const t = await tok.post('/api/v1/tokens', { json: { name: 'tok-foreign' }, headers: { origin: FOREIGN } });
		assert.ok(t.status === 200 || t.status === 201, `${t.status} ${t.text}`);
	});
});

/* A raw request with its time; every limit must answer at once. */
async function timed(opts) {
	const t0 = Date.now();
	const r = await rawRequest(ntm.base, opts);
	r.ms = Date.now() - t0;
	assert.ok(r.ms < 3000, `answered in ${r.ms} ms`);
	return r;
}

function args(n) {
	return Array.from({ length: n }, (_, i) => `a${i}=b`).join('&');
}

describe('every limit of the HTTP layer answers at once', () => {
	test('1,000 query parameters: 414 at once (it hung 30 s without an answer)', async () => {
		const r = await timed({ path: `/api/v1/units?${args(1000)}` });
		assert.equal(r.status, 414);
		assert.equal(JSON.parse(r.text).error.code, 'request.uri_too_long');
		assert.equal(r.headers['x-content-type-options'], 'nosniff');
	});

	test('100 query parameters pass; 101 are 414; so are 3,000 empty ones', async () => {
		assert.equal((await timed({ path: `/api/v1/units?${args(99)}&limit=1` })).status, 200);
		assert.equal((await timed({ path: `/api/v1/units?${args(101)}` })).status, 414);
		assert.equal((await timed({ path: `/api/v1/units?${'&'.repeat(3000)}` })).status, 414);
		assert.equal((await timed({ method: 'POST', path: `/login?${args(500)}`, body: '' })).status, 414);
	});

	test('a page address over 16 KB is 414 (a page, too); 16 KB with a long value is read', async () => {
		const r = await timed({ path: `/units?q=${'a'.repeat(17000)}` });
		assert.equal(r.status, 414);
		assert.match(r.headers['content-type'], /^text\/html/);
		const ok = await timed({ path: `/api/v1/units?q=${'a'.repeat(16000)}` });
		assert.ok(ok.status === 422 || ok.status === 200, `${ok.status}`);
		assert.equal((await timed({ path: `/api/v1/units?q=${'%C6%AF'.repeat(5000)}` })).status, 414);
	});

	test('headers: 100 pass, 500 and one of 40 KB are 431 at once', async () => {
		const many = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`x-h${i}`, 'v']));
		assert.equal((await timed({ path: '/healthz', headers: many(100) })).status, 200);
		for (const n of [400, 500, 1000])
			assert.equal((await timed({ path: '/healthz', headers: many(n) })).status, 431, `${n} headers`);
		assert.equal((await timed({ path: '/healthz', headers: { 'x-big': 'a'.repeat(40000) } })).status, 431);
		const cookies = Array.from({ length: 1000 }, (_, i) => `c${i}=v`).join('; ');
		assert.equal((await timed({ path: '/healthz', headers: { cookie: cookies } })).status, 431);
	});

	test('forms: more than 160 fields is 400, a 2 MB field or body is 413', async () => {
		const form = { 'content-type': 'application/x-www-form-urlencoded' };
		const r = await timed({ method: 'POST', path: '/login', headers: form, body: args(161) });
		assert.equal(r.status, 400);
		assert.equal((await timed({ method: 'POST', path: '/login', headers: form,
			body: `username=${'a'.repeat(2 * 1024 * 1024)}` })).status, 413);
		assert.equal((await timed({ method: 'POST', path: '/api/v1/session',
			headers: { 'content-type': 'application/json' },
			body: `{"username":"${'a'.repeat(1024 * 1024)}"}` })).status, 413);
	});

	test('the server still serves after all of it', async () => {
		assert.equal((await timed({ path: '/healthz' })).status, 200);
	});
});

describe('caching: what a signed-in caller gets is private, no-store', () => {
	test('pages, JSON, errors and files for a session or a token: private, no-store', async () => {
		const socson = await Client.login(ntm.base, 'socson');
		const tok = await socson.makeTokenClient();
		for (const c of [socson, tok])
			for (const p of ['/api/v1/me', '/api/v1/units/2025/01', '/units/2025/01', '/me',
				'/api/v1/units/2025/99999', '/api/v1/dossiers']) {
				const r = await c.get(p);
				assert.equal(r.headers.get('cache-control'), 'private, no-store', `${c.kind} ${p} (${r.status})`);
			}
	});

	test('anonymous answers keep theirs, even when the same address was just answered to a signed-in caller', async () => {
		const socson = await Client.login(ntm.base, 'socson');
		const anon = Client.anonymous(ntm.base);
		for (const p of ['/api/v1/units/2025/01', '/units/2025/01']) {
			const a = await anon.get(p);
			assert.equal(a.headers.get('cache-control'), 'no-cache', p);
			assert.equal((await socson.get(p)).headers.get('cache-control'), 'private, no-store', p);
			const b = await anon.get(p);
			assert.equal(b.headers.get('cache-control'), 'no-cache', p);
			assert.equal(b.text, a.text);
		}
		const s = await socson.get('/static/style.css');
		assert.match(s.headers.get('cache-control'), /max-age=\d+/);
	});
});
