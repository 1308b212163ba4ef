'use strict';
/* The answers table (src/web/cache.c): a repeated anonymous GET is answered
 * before routing with the response an identical earlier request got.  It
 * must be indistinguishable from the full path: the same headers and body
 * every time, HEAD as GET, the language of the query and then of the
 * cookie, never an anonymous answer for a caller with credentials, and a
 * change through another process seen at once (pages as well as JSON). */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { startNtm, get, rawRequest, mainOf } = require('../lib/ntm');

let ntm, second;
before(async () => {
	ntm = await startNtm();
	second = await ntm.serve(ntm.dbPath);
});
after(async () => {
	if (second) await second.stop();
	if (ntm) await ntm.stop();
});

const JSON_PATH = '/api/v1/units/2025/01';
const PAGE = '/units/2025/01/rollup/ntm-xa-2026-2030/2026';

/* The headers of a response but its Date, as one comparable list. */
function headersOf(h) {
	return [...h.entries()].filter(([k]) => k !== 'date').sort();
}

test('repeated anonymous answers are the first one again, headers and bytes', async () => {
	for (const p of [JSON_PATH, PAGE, '/static/style.css', `${JSON_PATH}?limit=3&x=%C3%A1`]) {
		const first = await get(ntm.base, p);
		assert.equal(first.status, 200, p);
		for (let i = 0; i < 3; i++) {
			const again = await get(ntm.base, p);
			assert.equal(again.status, 200, p);
			assert.deepEqual(headersOf(again.headers), headersOf(first.headers), p);
			assert.equal(again.text, first.text, p);
		}
		assert.match(first.headers.get('content-security-policy'), /frame-ancestors 'none'/);
		assert.equal(first.headers.get('x-content-type-options'), 'nosniff');
		/* HEAD: the same headers, no body (asked as fetch asks: gzip
		 * accepted, which changes a static file's answer). */
		const head = await rawRequest(ntm.base, { method: 'HEAD', path: p,
			headers: { 'accept-encoding': 'gzip, deflate, br' } });
		assert.equal(head.status, 200, p);
		assert.equal(head.text, '');
		assert.equal(head.headers['content-length'], first.headers.get('content-length'), p);
		assert.equal(head.headers['content-type'], first.headers.get('content-type'), p);
	}
});

test('the language comes from the query, then the cookie, and answers never mix them', async () => {
	const label = async (p, headers = {}) => {
		const r = await get(ntm.base, p, { headers });
		assert.equal(r.status, 200);
		return r.json.level_label;
	};
	for (let i = 0; i < 2; i++) {
		assert.equal(await label(JSON_PATH), 'Tỉnh, thành phố');
		assert.equal(await label(JSON_PATH, { cookie: 'lang=en' }), 'Province');
		assert.equal(await label(`${JSON_PATH}?lang=en`), 'Province');
		assert.equal(await label(`${JSON_PATH}?lang=vi`, { cookie: 'lang=en' }), 'Tỉnh, thành phố');
		/* "?lang" without "=" is no language at all: the cookie decides;
		 * "?lang=" is a language that is not English. */
		assert.equal(await label(`${JSON_PATH}?lang`, { cookie: 'lang=en' }), 'Province');
		assert.equal(await label(`${JSON_PATH}?lang=`, { cookie: 'lang=en' }), 'Tỉnh, thành phố');
	}
	for (let i = 0; i < 2; i++) {
		const en = await get(ntm.base, PAGE, { headers: { cookie: 'lang=en' } });
		const vi = await get(ntm.base, PAGE);
		assert.match(en.text, /<html lang="en">/);
		assert.match(vi.text, /<html lang="vi">/);
	}
});

test('the page and its JSON at one address stay apart (Accept: application/json)', async () => {
	for (let i = 0; i < 2; i++) {
		const page = await get(ntm.base, PAGE);
		const json = await get(ntm.base, PAGE, { headers: { accept: 'application/json' } });
		assert.match(page.headers.get('content-type'), /^text\/html/);
		assert.match(json.headers.get('content-type'), /^application\/json/);
		assert.ok(json.json !== undefined);
	}
});

test('credentials and If-None-Match always take the full path', async () => {
	await get(ntm.base, JSON_PATH);
	await get(ntm.base, JSON_PATH);
	const bad = await get(ntm.base, JSON_PATH, { headers: { authorization: 'Bearer ntm_nothing' } });
	assert.equal(bad.status, 401, 'a bad token is refused even on a public, answered page');
	const stale = await get(ntm.base, JSON_PATH, { headers: { cookie: 'ntm_session=stale' } });
	assert.equal(stale.status, 200, 'a stale session is just anonymous');
	const tag = (await get(ntm.base, JSON_PATH)).headers.get('etag');
	const nm = await get(ntm.base, JSON_PATH, { headers: { 'if-none-match': tag } });
	assert.equal(nm.status, 304);
	assert.equal(nm.text, '');
	const css = await get(ntm.base, '/static/style.css');
	const cssNm = await get(ntm.base, '/static/style.css',
	    { headers: { 'if-none-match': css.headers.get('etag') } });
	assert.equal(cssNm.status, 304);
});

test('a page answered from the table follows an import through another process at once', async () => {
	for (const base of [ntm.base, second.base]) {
		await get(base, PAGE);
		await get(base, PAGE);
	}
	const before = mainOf((await get(second.base, PAGE)).text);
	const csv = ntm.file('values.csv');
	fs.writeFileSync(csv, 'structure,code,set_id,year,indicator,value\n' +
		'2025,00376,ntm-xa-2026-2030,2026,1.1,false\n');
	const r = ntm.run(['import', 'indicators', csv, '--db', ntm.dbPath]);
	assert.equal(r.code, 0, r.stderr);
	for (const base of [ntm.base, second.base]) {
		const now = mainOf((await get(base, PAGE)).text);
		assert.notEqual(now, before, 'the roll-up counts the new evaluation');
		assert.equal(mainOf((await get(base, PAGE)).text), now);
	}
});
