'use strict';
/* Every error is a 4xx with {"error":{"code","message","field"}} naming the
 * parameter at fault; hostile inputs never produce a 500. */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { startNtm, get, rawRequest, badInputs } = require('../lib/ntm');

let ntm;
before(async () => { ntm = await startNtm(); });
after(async () => { if (ntm) await ntm.stop(); });

/* Assert the error envelope and return it. */
function assertError(r, status, field, codeRe) {
	assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text.slice(0, 300)}`);
	const body = typeof r.json === 'object' ? r.json : JSON.parse(r.text);
	assert.ok(body.error, 'an "error" object');
	assert.equal(typeof body.error.code, 'string');
	assert.match(body.error.code, /^[a-z0-9_]+\.[a-z0-9_]+$/, 'code is module.reason');
	assert.equal(typeof body.error.message, 'string');
	assert.ok(body.error.message.length > 0);
	assert.equal(body.error.field, field);
	if (codeRe)
		assert.match(body.error.code, codeRe);
	return body.error;
}

describe('400 malformed input', () => {
	for (const [param, value] of [['limit', 'abc'], ['limit', '1.5'], ['limit', '0x10'],
	    ['limit', '1e309'], ['limit', '+7'], ['limit', ' 42 '], ['offset', 'x'],
	    ['offset', 'NaN'], ['limit', '١٢'], ['limit', '１２３']]) {
		test(`${param}=${JSON.stringify(value)} is 400 naming ${param}`, async () => {
			const r = await get(ntm.base, `/api/v1/units?${param}=${encodeURIComponent(value)}`);
			assertError(r, 400, param);
		});
	}

	test('every non-integer from bad-inputs.json numbers is 400 or 422 naming limit, never 500', async () => {
		for (const v of badInputs().numbers) {
			if (v === '')
				continue;	/* an empty parameter is an absent one (below) */
			const r = await get(ntm.base, `/api/v1/units?limit=${encodeURIComponent(v)}`);
			assert.ok(r.status === 400 || r.status === 422, `limit=${JSON.stringify(v)} -> ${r.status}`);
			assertError(r, r.status, 'limit');
		}
	});

	test('an empty limit, offset or structure means the default, as an empty form field does', async () => {
		const r = await get(ntm.base, '/api/v1/units?structure=&level=&limit=&offset=&q=');
		assert.equal(r.status, 200);
		assert.equal(r.json.limit, 50);
		assert.equal(r.json.offset, 0);
		assert.equal(r.json.items[0].structure, '2025');
		assert.equal(r.json.total, 3356);
	});

	test('invalid UTF-8 in q is 400 naming q', async () => {
		for (const hex of badInputs().invalid_utf8_hex) {
			const enc = hex.split(' ').map((h) => `%${h}`).join('');
			const r = await get(ntm.base, `/api/v1/units?q=${enc}`);
			assertError(r, 400, 'q', /utf8/);
		}
	});

	test('invalid UTF-8 in the unit path is 400 naming the path', async () => {
		const r = await get(ntm.base, '/api/v1/units/2025/%C3%28');
		assertError(r, 400, 'path', /utf8/);
	});

	test('legacy TCVN3 bytes in q are refused with 400, not stored as mojibake', async () => {
		const enc = badInputs().legacy_vietnamese_encodings.tcvn3_ha_noi_hex
			.split(' ').map((h) => `%${h}`).join('');
		assertError(await get(ntm.base, `/api/v1/units?q=${enc}`), 400, 'q');
	});

	test('a NUL byte inside q is refused with 400 naming q, not silently truncated', async () => {
		const r = await get(ntm.base, '/api/v1/units?q=ha%00noi');
		assertError(r, 400, 'q');
	});

	test('a NUL byte inside a unit code is refused with 400, not looked up truncated', async () => {
		/* "0%001" would otherwise be looked up as "0" (or 2025/01 as "01") */
		const r = await get(ntm.base, '/api/v1/units/2025/01%00x');
		assert.notEqual(r.status, 200, '2025/01\\0x must not be served as 2025/01');
		assert.ok(r.status === 400 || r.status === 404, `got ${r.status}`);
		assertError(r, r.status, r.status === 400 ? 'path' : 'code');
	});
});

describe('404 not found', () => {
	test('an unknown structure is 404 naming structure', async () => {
		assertError(await get(ntm.base, '/api/v1/units/1999/01'), 404, 'structure');
	});

	test('an unknown code is 404 naming code', async () => {
		assertError(await get(ntm.base, '/api/v1/units/2025/99999'), 404, 'code', /not_found/);
	});

	test('a pre2025-only code is 404 in 2025 (structures are separate)', async () => {
		/* 001 is the old district Quận Ba Đình; 2025 has no districts */
		assert.equal((await get(ntm.base, '/api/v1/units/pre2025/001')).status, 200);
		assertError(await get(ntm.base, '/api/v1/units/2025/001'), 404, 'code');
	});

	test('codes are exact: "1", " 01", "01 ", "vn", "pre2025:00004" are 404, never 500', async () => {
		for (const c of badInputs().codes) {
			const r = await get(ntm.base, `/api/v1/units/2025/${encodeURIComponent(c)}`);
			if (c === '01' || c === 'VN') {
				assert.equal(r.status, 200, c);
				continue;
			}
			assert.ok(r.status === 404 || r.status === 400, `${JSON.stringify(c)} -> ${r.status}`);
			assertError(r, r.status, r.status === 404 ? 'code' : r.json.error.field);
		}
	});

	test('an unknown API path is 404 with field null', async () => {
		assertError(await get(ntm.base, '/api/v1/nope'), 404, null);
		assertError(await get(ntm.base, '/api/v1/units/2025/01/extra'), 404, null);
	});

	test('an unknown HTML path is a 404 HTML page (JSON when Accept: application/json)', async () => {
		const h = await get(ntm.base, '/nope');
		assert.equal(h.status, 404);
		assert.match(h.headers.get('content-type'), /^text\/html/);
		const j = await get(ntm.base, '/nope', { headers: { accept: 'application/json' } });
		assertError(j, 404, null);
	});

	test('path traversal attempts never escape: 404 and no /etc/passwd content', async () => {
		for (const p of badInputs().paths) {
			for (const prefix of ['/static/', '/api/v1/units/2025/', '/units/2025/']) {
				const r = await rawRequest(ntm.base, { path: prefix + p.replace(/\u0000/g, '%00') });
				assert.ok(r.status >= 400 && r.status < 500, `${prefix}${p} -> ${r.status}`);
				assert.doesNotMatch(r.text, /root:.*:0:0:/);
			}
		}
	});
});

describe('422 failed validation', () => {
	for (const [qs, field] of [['limit=0', 'limit'], ['limit=501', 'limit'], ['limit=-1', 'limit'],
	    ['limit=99999999999999999999999', 'limit'], ['offset=-1', 'offset'],
	    ['structure=1999', 'structure'], ['level=planet', 'level'],
	    ['level=PROVINCE', 'level'], ['parent=99999', 'parent']]) {
		test(`${qs} is 422 naming ${field}`, async () => {
			assertError(await get(ntm.base, `/api/v1/units?${qs}`), 422, field);
		});
	}

	test('a parent from the other structure is 422 naming parent (001 is pre2025 only)', async () => {
		assertError(await get(ntm.base, '/api/v1/units?structure=2025&parent=001'), 422, 'parent');
	});

	test('a q longer than the limit is refused naming q', async () => {
		const long = 'a'.repeat(5000);
		const r = await get(ntm.base, `/api/v1/units?q=${long}`);
		assert.ok(r.status === 422 || r.status === 400 || r.status === 414, `got ${r.status}`);
		if (r.status !== 414)
			assertError(r, r.status, 'q');
	});

	test('limit and offset on a unit page are validated too', async () => {
		assertError(await get(ntm.base, '/api/v1/units/2025/01?limit=0'), 422, 'limit');
		assertError(await get(ntm.base, '/api/v1/units/2025/01?offset=x'), 400, 'offset');
	});
});

describe('405 and 413', () => {
	for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
		test(`${method} on a read-only resource is 405 with Allow: GET, HEAD`, async () => {
			const r = await get(ntm.base, '/api/v1/units/2025/01', { method, body: method === 'DELETE' ? undefined : '{}' });
			assertError(r, 405, null, /method/);
			assert.match(r.headers.get('allow'), /GET/);
			assert.match(r.headers.get('allow'), /HEAD/);
		});
	}

	test('405 on an HTML page is an HTML error page', async () => {
		const r = await get(ntm.base, '/units/2025/01', { method: 'POST', body: 'x=1' });
		assert.equal(r.status, 405);
		assert.match(r.headers.get('content-type'), /^text\/html/);
	});

	test('a declared body over 1 MB is refused with 413 request.too_large before it is sent', async () => {
		const r = await rawRequest(ntm.base, {
			method: 'GET', path: '/api/v1/units?limit=1',
			headers: { 'content-type': 'application/octet-stream', expect: '100-continue' },
			body: Buffer.alloc(1024 * 1024 + 1, 0x61),
		});
		assert.equal(r.status, 413);
		assertError({ ...r, json: JSON.parse(r.text) }, 413, null, /too_large/);
	});

	test('a client sending a body over 1 MB in one go receives the 413, not a connection reset', async () => {
		/* Most clients do not wait for 100 Continue.  The server must let
		 * them read its 413 (drain or linger before closing) instead of
		 * resetting the connection under them.  Five tries, all must see it. */
		for (let i = 0; i < 5; i++) {
			const r = await rawRequest(ntm.base, {
				method: 'GET', path: '/api/v1/units?limit=1',
				body: Buffer.alloc(1024 * 1024 + 1 + i * 100000, 0x61),
			}).catch((e) => ({ status: e.code || e.message }));
			assert.equal(r.status, 413, `try ${i + 1}: got ${r.status}`);
		}
	});

	test('a body of exactly 1 MB is accepted', async () => {
		const r = await rawRequest(ntm.base, {
			method: 'GET', path: '/api/v1/units?limit=1',
			body: Buffer.alloc(1024 * 1024, 0x61),
		});
		assert.equal(r.status, 200);
	});

	test('an oversized chunked body (no Content-Length) is 413 too', async () => {
		const r = await rawRequest(ntm.base, {
			method: 'GET', path: '/api/v1/units?limit=1',
			headers: { 'transfer-encoding': 'chunked' },
			body: Buffer.alloc(2 * 1024 * 1024, 0x61),
		});
		assert.equal(r.status, 413);
	});

	test('the server still answers after refusing a large body', async () => {
		const r = await get(ntm.base, '/healthz');
		assert.equal(r.status, 200);
	});
});

/* An address over the HTTP layer's limit (8 KB; the 30 KB input of the
 * catalogue) is 414 before any parameter is read (security.test.js). */
function tooLong(v, r) {
	if (encodeURIComponent(v).length <= 8192)
		return false;
	assert.equal(r.status, 414, `a ${encodeURIComponent(v).length}-byte parameter -> ${r.status}`);
	return true;
}

describe('hostile inputs through q and path parameters never cause a 500', () => {
	function allHostile() {
		const b = badInputs();
		return [...b.html_script, ...b.sql, ...b.paths, ...Object.values(b.unicode),
		    ...b.csv_formula, ...b.codes];
	}

	test('every hostile q gives 200 or a 4xx JSON error, never 5xx', async () => {
		for (const v of allHostile()) {
			const r = await get(ntm.base, `/api/v1/units?q=${encodeURIComponent(v)}`);
			assert.ok(r.status < 500, `q=${JSON.stringify(v).slice(0, 60)} -> ${r.status}`);
			if (tooLong(v, r))
				continue;
			if (r.status === 200)
				assert.ok(Array.isArray(r.json.items));
			else
				assertError(r, r.status, 'q');
		}
	});

	test('every hostile unit code gives a 4xx JSON error, never 5xx', async () => {
		for (const v of allHostile()) {
			const r = await get(ntm.base, `/api/v1/units/2025/${encodeURIComponent(v)}`);
			if (v === '01' || v === 'VN')
				continue;
			assert.ok(r.status >= 400 && r.status < 500, `code=${JSON.stringify(v).slice(0, 60)} -> ${r.status}`);
		}
	});

	test('every hostile structure and parent gives a 4xx naming the parameter', async () => {
		for (const v of allHostile()) {
			const e = encodeURIComponent(v);
			const s = await get(ntm.base, `/api/v1/units?structure=${e}`);
			if (tooLong(v, s) && tooLong(v, await get(ntm.base, `/api/v1/units?parent=${e}`)))
				continue;
			assert.ok(s.status === 422 || s.status === 400, `structure=${JSON.stringify(v).slice(0, 60)} -> ${s.status}`);
			assertError(s, s.status, 'structure');
			const p = await get(ntm.base, `/api/v1/units?parent=${e}`);
			if (v === '01' || v === 'VN')	/* real parents */
				continue;
			assert.ok(p.status === 422 || p.status === 400, `parent=${JSON.stringify(v).slice(0, 60)} -> ${p.status}`);
			assertError(p, p.status, 'parent');
		}
	});

	test('SQL-looking q does not match everything and the data is intact afterwards', async () => {
		for (const v of badInputs().sql) {
			const r = await get(ntm.base, `/api/v1/units?q=${encodeURIComponent(v)}&limit=1`);
			if (r.status === 422) {	/* no letter or digit to search for */
				assertError(r, 422, 'q');
				continue;
			}
			assert.equal(r.status, 200);
			assert.ok(r.json.total < 3356, `${v} matched ${r.json.total}`);
		}
		const all = await get(ntm.base, '/api/v1/units?structure=2025&limit=1');
		assert.equal(all.json.total, 3356);
	});

	test('a q with no letter or digit is 422 naming q', async () => {
		for (const v of ['%', '--', '!!', ' ', '🍚']) {
			const r = await get(ntm.base, `/api/v1/units?q=${encodeURIComponent(v)}`);
			assertError(r, 422, 'q');
		}
	});

	test('the server is still healthy after all hostile requests', async () => {
		assert.equal((await get(ntm.base, '/healthz')).status, 200);
	});
});

/* The message is written in both languages where the error arises; the
 * request's language (?lang=, the lang cookie) picks one.  Same status,
 * code and field in both. */
describe('error messages in the request language', () => {
	const JSON_HDR = { 'content-type': 'application/json' };
	const cases = [
		['unknown unit', '/api/v1/units/2025/nope', {}, 404, 'code',
		    /không tìm thấy đơn vị hành chính 2025\/nope/, /^administrative unit 2025\/nope not found$/],
		['unknown structure', '/api/v1/units/2031/01', {}, 404, 'structure',
		    /không có cấu trúc/, /^there is no administrative structure '2031'/],
		['bad level', '/api/v1/units?level=hamlet', {}, 422, 'level',
		    /tham số level không hợp lệ/, /^the value of parameter level is not one of its choices$/],
		['bad parent', '/api/v1/units?parent=99999', {}, 422, 'parent',
		    /không có đơn vị cấp trên '99999' trong cấu trúc 2025/, /^there is no parent unit '99999' in structure 2025$/],
		['no such route', '/api/v1/nowhere', {}, 404, null,
		    /không tìm thấy trang/, /^page or resource not found$/],
		['bad JSON body', '/api/v1/session', { method: 'POST', headers: JSON_HDR, body: '{"username": ' }, 400, null,
		    /^JSON không hợp lệ \(dòng 1, cột \d+\)/, /^invalid JSON \(line 1, column \d+\)/],
		['missing field', '/api/v1/session', { method: 'POST', headers: JSON_HDR, body: '{"username": "x"}' }, 422, 'password',
		    /^Cần điền “Mật khẩu”$/, /^“Password” is required$/],
	];
	for (const [name, p, init, status, field, vi, en] of cases) {
		test(`${name}: Vietnamese by default, English with ?lang=en`, async () => {
			const sep = p.includes('?') ? '&' : '?';
			const a = assertError(await get(ntm.base, p, init), status, field);
			const b = assertError(await get(ntm.base, `${p}${sep}lang=en`, init), status, field);
			assert.equal(a.code, b.code);
			assert.match(a.message, vi);
			assert.match(b.message, en);
			/* An English message holds no Vietnamese letter. */
			assert.doesNotMatch(b.message, /[À-ỹđĐ]/u);
		});
	}

	test('the lang=en cookie asks for English too', async () => {
		const r = await get(ntm.base, '/api/v1/units/2025/nope', { headers: { cookie: 'lang=en' } });
		assert.match(assertError(r, 404, 'code').message, /not found/);
	});
});
