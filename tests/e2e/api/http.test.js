'use strict';
/* HTTP behaviour shared by every route: health, HEAD, security headers,
 * static files with ETag, content negotiation, the language switch. */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const zlib = require('node:zlib');
const { startNtm, get, rawRequest, E2E_DIR } = require('../lib/ntm');

let ntm;
before(async () => { ntm = await startNtm(); });
after(async () => { if (ntm) await ntm.stop(); });

describe('healthz and HEAD', () => {
	test('GET /healthz is 200 {"status":"ok"} and not cached', async () => {
		const r = await get(ntm.base, '/healthz');
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^application\/json/);
		assert.deepEqual(r.json, { status: 'ok' });
		assert.match(r.headers.get('cache-control') || '', /no-store|no-cache/);
	});

	test('HEAD on an API resource has the GET status, type and length but no body', async () => {
		const g = await get(ntm.base, '/api/v1/units/2025/01');
		const h = await rawRequest(ntm.base, { method: 'HEAD', path: '/api/v1/units/2025/01' });
		assert.equal(h.status, 200);
		assert.equal(h.text, '');
		assert.equal(h.headers['content-type'], g.headers.get('content-type'));
		assert.equal(Number(h.headers['content-length']), Buffer.byteLength(g.text));
	});

	test('HEAD on an HTML page is 200 text/html with no body', async () => {
		const h = await rawRequest(ntm.base, { method: 'HEAD', path: '/units/2025/48' });
		assert.equal(h.status, 200);
		assert.match(h.headers['content-type'], /^text\/html/);
		assert.equal(h.text, '');
	});

	test('HEAD on an unknown unit is 404', async () => {
		const h = await rawRequest(ntm.base, { method: 'HEAD', path: '/api/v1/units/2025/99999' });
		assert.equal(h.status, 404);
		assert.equal(h.text, '');
	});
});

describe('security headers on every response', () => {
	const paths = [
		['/', 200], ['/healthz', 200], ['/api/v1/units?limit=1', 200],
		['/api/v1/units/2025/01', 200], ['/units/2025/01', 200], ['/units?q=ha+noi', 200],
		['/static/style.css', 200], ['/nope', 404], ['/api/v1/units?limit=x', 400],
		['/api/v1/units?limit=0', 422], ['/lang/en?next=/', 303],
	];
	for (const [p, status] of paths) {
		test(`${p} (${status}) has CSP, nosniff, frame and referrer protection`, async () => {
			const r = await get(ntm.base, p);
			assert.equal(r.status, status);
			const csp = r.headers.get('content-security-policy');
			assert.ok(csp, 'Content-Security-Policy present');
			assert.match(csp, /default-src 'self'/);
			assert.match(csp, /object-src 'none'/);
			assert.match(csp, /frame-ancestors 'none'/);
			assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
			assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
			assert.equal(r.headers.get('x-frame-options'), 'DENY');
			assert.ok(r.headers.get('referrer-policy'));
		});
	}

	test('a 405 and a 413 carry the security headers too', async () => {
		const a = await get(ntm.base, '/api/v1/units', { method: 'POST', body: '{}' });
		assert.equal(a.status, 405);
		assert.equal(a.headers.get('x-content-type-options'), 'nosniff');
		assert.ok(a.headers.get('content-security-policy'));
		const b = await rawRequest(ntm.base, {
			path: '/api/v1/units', headers: { expect: '100-continue' },
			body: Buffer.alloc(1024 * 1024 + 10),
		});
		assert.equal(b.status, 413);
		assert.equal(b.headers['x-content-type-options'], 'nosniff');
		assert.ok(b.headers['content-security-policy']);
	});
});

describe('static files', () => {
	test('/static/style.css is text/css, cacheable, with a strong ETag', async () => {
		const r = await get(ntm.base, '/static/style.css');
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^text\/css/);
		assert.match(r.headers.get('etag') || '', /^"[^"]+"$/);
		assert.match(r.headers.get('cache-control') || '', /max-age=\d+/);
		assert.ok(r.text.length > 100);
		assert.match(r.text, /[{}]/);
	});

	test('If-None-Match with the ETag gives 304 with no body', async () => {
		const r = await get(ntm.base, '/static/style.css');
		const etag = r.headers.get('etag');
		const n = await get(ntm.base, '/static/style.css', { headers: { 'if-none-match': etag } });
		assert.equal(n.status, 304);
		assert.equal(n.text, '');
		assert.equal(n.headers.get('etag'), etag);
	});

	test('If-None-Match with another ETag (or in a list) is answered correctly', async () => {
		const etag = (await get(ntm.base, '/static/style.css')).headers.get('etag');
		const other = await get(ntm.base, '/static/style.css', { headers: { 'if-none-match': '"nope"' } });
		assert.equal(other.status, 200);
		assert.ok(other.text.length > 100);
		const list = await get(ntm.base, '/static/style.css', { headers: { 'if-none-match': `"nope", ${etag}` } });
		assert.equal(list.status, 304);
		const star = await get(ntm.base, '/static/style.css', { headers: { 'if-none-match': '*' } });
		assert.equal(star.status, 304);
	});

	test('a favicon is available: /favicon.ico or the icon the pages link to (browsers ask on every visit)', async () => {
		const html = (await get(ntm.base, '/')).text;
		const link = /<link rel="(?:shortcut )?icon"[^>]*href="([^"]+)"/.exec(html);
		const href = link ? link[1] : '/favicon.ico';
		if (href.startsWith('data:'))
			return;
		const r = await get(ntm.base, href);
		assert.equal(r.status, 200, `${href} -> ${r.status}`);
		assert.match(r.headers.get('content-type'), /^image\//);
	});

	test('a browser gets the stylesheet gzip-compressed, a client that does not accept it gets it plain, every time', async () => {
		const css = fs.readFileSync(path.join(E2E_DIR, '../../static/style.css'));
		const ask = (ae) => new Promise((resolve, reject) => {
			const headers = ae === undefined ? {} : { 'accept-encoding': ae };
			http.get(`${ntm.base}/static/style.css`, { headers }, (res) => {
				const parts = [];
				res.on('data', (c) => parts.push(c));
				res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(parts) }));
			}).on('error', reject);
		});
		/* Twice each, alternating: the second answers come from the answers
		 * table, which must keep the two forms apart. */
		for (let i = 0; i < 2; i++) {
			for (const ae of ['gzip, deflate, br', '*', 'br, GZIP;q=0.5']) {
				const r = await ask(ae);
				assert.equal(r.headers['content-encoding'], 'gzip', ae);
				assert.equal(r.headers.vary, 'Accept-Encoding');
				assert.ok(r.body.length < css.length / 2, `${ae}: ${r.body.length} bytes`);
				assert.deepEqual(zlib.gunzipSync(r.body), css);
			}
			for (const ae of [undefined, 'identity', 'gzip;q=0, br', 'deflate', '*;q=0']) {
				const r = await ask(ae);
				assert.equal(r.headers['content-encoding'], undefined, String(ae));
				assert.equal(r.headers.vary, 'Accept-Encoding');
				assert.deepEqual(r.body, css);
			}
		}
		/* The two forms are two representations: two ETags. */
		assert.notEqual((await ask('gzip')).headers.etag, (await ask()).headers.etag);
	});

	test('an unknown static file is 404', async () => {
		assert.equal((await get(ntm.base, '/static/nope.css')).status, 404);
		assert.equal((await get(ntm.base, '/static/')).status, 404);
	});
});

describe('one handler, JSON or HTML', () => {
	test('/api/v1/units/2025/48 and /units/2025/48 with Accept: application/json give the same JSON', async () => {
		const a = await get(ntm.base, '/api/v1/units/2025/48');
		const b = await get(ntm.base, '/units/2025/48', { headers: { accept: 'application/json' } });
		assert.equal(b.status, 200);
		assert.match(b.headers.get('content-type'), /^application\/json/);
		assert.deepEqual(b.json, a.json);
	});

	test('/units/2025/48 in a browser (Accept: text/html) is an HTML page', async () => {
		const r = await get(ntm.base, '/units/2025/48', { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
		assert.match(r.text, /^<!doctype html>/i);
	});

	test('/api/v1/units returns JSON whatever the Accept header', async () => {
		const r = await get(ntm.base, '/api/v1/units?limit=1', { headers: { accept: 'text/html' } });
		assert.match(r.headers.get('content-type'), /^application\/json/);
		assert.equal(r.json.items.length, 1);
	});
});

describe('language switch', () => {
	test('pages are Vietnamese by default (html lang="vi")', async () => {
		const r = await get(ntm.base, '/units/2025/48');
		assert.match(r.text, /<html lang="vi">/);
		assert.match(r.text, /<dt>Mã<\/dt>/);
		assert.match(r.text, /href="\/lang\/en\?next=[^"]*"/);
	});

	test('/lang/en?next=/units/2025/48 sets a lang=en cookie and redirects 303 to next', async () => {
		const r = await get(ntm.base, '/lang/en?next=/units/2025/48');
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), '/units/2025/48');
		const c = r.headers.get('set-cookie');
		assert.match(c, /^lang=en;/);
		assert.match(c, /Path=\//);
		assert.match(c, /SameSite=Lax/i);
	});

	test('with the lang=en cookie the page is English and offers Tiếng Việt', async () => {
		const r = await get(ntm.base, '/units/2025/48', { headers: { cookie: 'lang=en' } });
		assert.match(r.text, /<html lang="en">/);
		assert.match(r.text, /<dt>Code<\/dt>/);
		assert.match(r.text, />Search</);
		assert.match(r.text, /href="\/lang\/vi\?next=[^"]*" hreflang="vi">Tiếng Việt</);
		/* names of units are data and stay Vietnamese */
		assert.match(r.text, /<h1>Thành phố Đà Nẵng<\/h1>/);
	});

	test('/lang/vi switches back with a lang=vi cookie', async () => {
		const r = await get(ntm.base, '/lang/vi?next=/');
		assert.equal(r.status, 303);
		assert.match(r.headers.get('set-cookie'), /^lang=vi;/);
		const p = await get(ntm.base, '/', { headers: { cookie: 'lang=vi' } });
		assert.match(p.text, /<html lang="vi">/);
	});

	test('an unknown lang cookie falls back to Vietnamese', async () => {
		const r = await get(ntm.base, '/', { headers: { cookie: 'lang=xx' } });
		assert.equal(r.status, 200);
		assert.match(r.text, /<html lang="vi">/);
	});

	test('an unknown language /lang/fr is 404 and sets no cookie', async () => {
		const r = await get(ntm.base, '/lang/fr?next=/');
		assert.equal(r.status, 404);
		assert.equal(r.headers.get('set-cookie'), null);
	});

	test('next is local only: other hosts, schemes and header injection redirect to /', async () => {
		for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example',
		    'javascript:alert(1)', '/\r\nSet-Cookie: x=1', '\t//evil.example', '']) {
			const r = await get(ntm.base, `/lang/en?next=${encodeURIComponent(next)}`);
			assert.equal(r.status, 303, JSON.stringify(next));
			assert.equal(r.headers.get('location'), '/', JSON.stringify(next));
			assert.doesNotMatch(r.headers.get('set-cookie'), /x=1/);
		}
	});

	test('next keeps a local path with its query string, as a valid URL', async () => {
		const r = await get(ntm.base, `/lang/en?next=${encodeURIComponent('/units?q=da nang&structure=2025')}`);
		assert.equal(r.status, 303);
		const loc = r.headers.get('location');
		assert.doesNotMatch(loc, /[\s\x00-\x1f]/, `Location must be a valid URI, got ${JSON.stringify(loc)}`);
		const u = new URL(loc, 'http://x');
		assert.equal(u.pathname, '/units');
		assert.equal(u.searchParams.get('q'), 'da nang');
		assert.equal(u.searchParams.get('structure'), '2025');
	});

	test('the language link on a search page returns to the same search', async () => {
		const r = await get(ntm.base, '/units?q=da+nang&structure=pre2025');
		const m = /<a class="lang" href="([^"]+)"/.exec(r.text);
		assert.ok(m, 'language link present');
		const href = m[1].replace(/&amp;/g, '&').replace(/&#61;/g, '=');
		const sw = await get(ntm.base, href);
		assert.equal(sw.status, 303);
		const u = new URL(sw.headers.get('location'), 'http://x');
		assert.equal(u.pathname, '/units');
		assert.equal(u.searchParams.get('q'), 'da nang');
		assert.equal(u.searchParams.get('structure'), 'pre2025');
	});
});
