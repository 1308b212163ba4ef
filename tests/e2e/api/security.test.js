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

	test('a page address over 8 KB is 414 (a page, too); 8 KB with a long value is read', async () => {
		const r = await timed({ path: `/units?q=${'a'.repeat(8500)}` });
		assert.equal(r.status, 414);
		assert.match(r.headers['content-type'], /^text\/html/);
		const ok = await timed({ path: `/api/v1/units?q=${'a'.repeat(8000)}` });
		assert.ok(ok.status === 422 || ok.status === 200, `${ok.status}`);
		assert.equal((await timed({ path: `/api/v1/units?q=${'%C6%AF'.repeat(2500)}` })).status, 414);
		/* longer than the connection's whole memory (16 KiB): libmicrohttpd's own 414 */
		assert.equal((await timed({ path: `/units?q=${'a'.repeat(17000)}` })).status, 414);
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

describe('dates a user gives are 2000-2100, else 422 naming the field', () => {
	const d = require('../lib/dossiers');
	let ctx, survey;
	const CAMPAIGN = { title: 'Đợt kiểm tra ngày', households: 10, min_coverage: 70, threshold: 80,
		posting_days: 30, mode: 'codes' };
	const hostile = () => {
		const b = badInputs();
		return [...b.dates_periods, '1999-12-31', '2101-01-01', '1900-01-01', '1950-06-01',
			...b.html_script.slice(0, 3), ...b.sql.slice(0, 3), ...Object.values(b.unicode),
			...b.numbers.map(String)]
			/* a NUL cannot travel in JSON: the body is refused whole
			 * (400 request.bad_json) before any field is read */
			.filter((v) => !v.includes('\u0000'));
	};
	before(async () => {
		ctx = await d.setup(ntm);
		const doc = { format: 'ntm-survey/1', title: 'Hài lòng (ngày)', questions: [
			{ id: 'q1', type: 'scale5', text: 'Ông/bà có hài lòng?', required: true, satisfied_from: 4 }] };
		survey = d.ok(await ctx.observer.post(`${d.API}/surveys`, { json: { unit: '2025:00376', document: doc } })).created.id;
	});
	const campaign = (over) => ctx.observer.post(`${d.API}/surveys/${survey}/campaigns`, {
		json: { unit: '2025:00376', ...CAMPAIGN, opens_on: d.day(), closes_on: d.day(10), ...over } });

	test('a campaign closing on 9999-12-31 is 422 naming closes_on (it printed posted_until "10000-01-")', async () => {
		d.refused(await campaign({ closes_on: '9999-12-31' }), 422, 'closes_on', 'surveys.bad_date');
		d.refused(await campaign({ opens_on: '1999-12-31' }), 422, 'opens_on', 'surveys.bad_date');
		const e = d.refused(await campaign({ closes_on: '2101-01-01' }), 422, 'closes_on');
		assert.match(e.message, /2000.2100/);
	});

	test('the last day allowed is taken, and what is computed from it stays a date', async () => {
		const c = d.ok(await campaign({ closes_on: '2100-12-31', posting_days: 365 }));
		const got = d.ok(await ctx.observer.get(`${d.API}/campaigns/${c.created.id}`));
		const item = got.campaign || got;
		assert.equal(item.closes_on, '2100-12-31');
		assert.equal(item.posted_until, '2101-12-31');
	});

	test('the bad-input catalogue through opens_on and closes_on: 422 naming each', async () => {
		for (const v of hostile()) {
			for (const f of ['opens_on', 'closes_on']) {
				const r = await campaign({ [f]: v });
				assert.ok(r.status === 422 || r.status === 400, `${f}=${JSON.stringify(v).slice(0, 40)} -> ${r.status}`);
				assert.equal(r.json.error.field, f, `${f}=${JSON.stringify(v).slice(0, 40)}`);
			}
		}
	});

	test('a dossier decision dated 1950 (or any date out of 2000-2100, or the catalogue) is 422 naming decision_date', async () => {
		const x = await d.oldDossier(ctx, 'council_review');
		for (const m of [ctx.thamdinh, ctx.hd2, ctx.hd3])
			d.ok(await d.act(m, x.id, 'vote', { vote: 'approve', opinion: 'Đồng ý' }));
		d.ok(await d.act(ctx.hanoi, x.id, 'close_review', { note: 'Thống nhất' }));
		const decide = (date) => d.act(ctx.hanoi, x.id, 'decide', { decision_no: '9/QĐ-UBND', decision_date: date,
			decision_signer: 'Chủ tịch UBND' });
		const e = d.refused(await decide('1950-06-01'), 422, 'decision_date', 'dossiers.decision_date');
		assert.match(e.message, /2000.2100/);
		for (const v of hostile()) {
			const r = await decide(v);
			assert.equal(r.status, 422, `decision_date=${JSON.stringify(v).slice(0, 40)} -> ${r.status}`);
			assert.equal(r.json.error.field, 'decision_date');
		}
		assert.equal(d.ok(await decide(d.day())).state.id, 'recognised');
	});
});

describe('bidirectional controls: stripped from attachment names, user text isolated in pages', () => {
	const d = require('../lib/dossiers');
	const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
	let ctx, x;
	before(async () => {
		ctx = await d.setup(ntm);
		x = await d.oldDossier(ctx, 'draft');
	});

	test('an attachment named "bien-ban\\u202Efdp.exe" is stored as "bien-banfdp.exe" (it was kept and shown raw)', async () => {
		for (const name of ['bien-ban\u202Efdp.exe', '\u2066\u200Fhop-le\u061C\u202A.pdf\u2069\u202C'])
			d.ok(await d.upload(x.officer, x.id, 'self_assessment', d.pdf(name), { filename: name }));
		const names = (await d.get(x.officer, x.id)).attachments.map((a) => a.filename);
		assert.ok(names.includes('bien-banfdp.exe'), names.join(', '));
		assert.ok(names.includes('hop-le.pdf'), names.join(', '));
		for (const n of names)
			assert.doesNotMatch(n, BIDI, JSON.stringify(n));
		/* a multipart upload's file name too */
		const fd = new FormData();
		fd.append('kind', 'self_assessment');
		fd.append('file', new Blob([d.pdf('multipart')], { type: 'application/pdf' }), 'mau\u202Efdp.exe');
		fd.append('_csrf', x.officer.csrf);
		const res = await fetch(`${ntm.base}/dossiers/${x.id}/attachments`, { method: 'POST', body: fd, redirect: 'manual',
			headers: x.officer.headers() });
		assert.ok(res.status === 303 || res.status === 200, `${res.status}`);
		const again = (await d.get(x.officer, x.id)).attachments.map((a) => a.filename);
		assert.ok(again.includes('maufdp.exe'), again.join(', '));
	});

	test('the dossier page isolates names and comments in <bdi> and shows no override', async () => {
		d.ok(await x.officer.post(`${d.API}/dossiers/${x.id}/comments`, { json: { body: 'Ý kiến \u202Eđảo ngược\u202C và שלום 3' } }));
		const page = await x.officer.get(`/dossiers/${x.id}`);
		assert.equal(page.status, 200);
		assert.match(page.text, /<a href="[^"]+"><bdi>bien-banfdp\.exe<\/bdi><\/a>/);
		assert.match(page.text, /<bdi>Ý kiến đảo ngược và שלום 3<\/bdi>/);
		assert.doesNotMatch(page.text, /[\u202A-\u202E\u2066-\u2069]/);
		const me = await x.officer.get('/me');
		assert.match(me.text, /<h1><bdi>[^<]*<\/bdi><\/h1>/);
	});
});
