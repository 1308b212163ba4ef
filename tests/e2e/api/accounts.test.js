'use strict';
/*
 * Accounts, sessions, CSRF, API tokens, throttling and the audit trail,
 * over the JSON API and the command line, on a `ntm demo` database.
 *
 * The tests run in order and share one server: the last ones check that
 * every write made by the earlier ones is in the audit trail, that
 * `ntm audit verify` finds the trail intact, and then tamper with it.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const {
	DEMO_PASSWORD, startDemo, request, Client, sessionCookieOf, setCookies, parseSetCookie,
	allUsers, auditTotal, uniqueName,
} = require('../lib/accounts');

let ntm;
let admin;		/* admin signed in with a cookie */
let observer;		/* an admin API token, to read the state */
const expectedAudit = [];	/* { action, object } every write made here */

function audited(action, object) {
	expectedAudit.push({ action, object });
}

async function login(username, password = DEMO_PASSWORD, headers = {}) {
	const c = await Client.login(ntm.base, username, password, headers);
	audited('session.create', `user:${c.user.id}`);
	return c;
}

/* An account made by the admin: { id, username, password }. */
async function makeUser(role, unit, prefix = 'acc') {
	const username = uniqueName(prefix);
	const password = `pw-${username}-secret`;
	const r = await admin.post('/api/v1/users', { json: { username, full_name: `Test ${username}`, password, role, unit } });
	assert.equal(r.status, 200, r.text);
	audited('user.create', `user:${r.json.created.id}`);
	return { id: r.json.created.id, username, password };
}

const loginRaw = (username, password, headers = {}) =>
	request(ntm.base, 'POST', '/api/v1/session', { json: { username, password }, headers });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

before(async () => {
	ntm = await startDemo();
	admin = await login('admin');
	observer = await admin.makeTokenClient('observer');
	audited('token.create', `token:${observer.tokenId}`);
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

describe('signing in and out', () => {
	test('login returns the user with its roles and a CSRF token; /api/v1/me agrees; anonymous /me is 401', async () => {
		const socson = await login('socson');
		assert.equal(socson.user.username, 'socson');
		assert.deepEqual(socson.user.roles.map((r) => [r.role, r.structure, r.unit_code]),
			[['commune_officer', '2025', '00376']]);
		assert.match(socson.user.roles[0].unit_name, /Sóc Sơn/);
		assert.equal(typeof socson.user.full_name, 'string');
		assert.ok(socson.csrf.length >= 32, 'a CSRF token of 32+ characters');

		const me = await socson.get('/api/v1/me');
		assert.equal(me.status, 200);
		assert.equal(me.json.user.id, socson.user.id);
		assert.equal(me.json.user.username, 'socson');
		assert.deepEqual(me.json.user.roles, socson.user.roles);
		assert.equal(me.json.csrf_token, socson.csrf);

		const anon = await request(ntm.base, 'GET', '/api/v1/me');
		assert.equal(anon.status, 401);
		assert.equal(anon.json.error.code, 'auth.required');
		const stale = await request(ntm.base, 'GET', '/api/v1/me', { headers: { cookie: 'ntm_session=not-a-session' } });
		assert.equal(stale.status, 401, 'an unknown session cookie is anonymous');
	});

	test('the session cookie: HttpOnly, SameSite=Lax, Path=/, Max-Age, Secure only behind X-Forwarded-Proto: https', async () => {
		const plain = await loginRaw('htx', DEMO_PASSWORD);
		assert.equal(plain.status, 200);
		const [c] = setCookies(plain.headers).filter((s) => s.startsWith('ntm_session=')).map(parseSetCookie);
		assert.ok(c, 'an ntm_session cookie');
		assert.ok(c.value.length >= 32, 'a long random session id');
		assert.equal(c.attrs.httponly, true);
		assert.equal(c.attrs.samesite, 'Lax');
		assert.equal(c.attrs.path, '/');
		assert.ok(Number(c.attrs['max-age']) > 0, `Max-Age ${c.attrs['max-age']}`);
		assert.equal(c.attrs.secure, undefined, 'no Secure over plain http');
		assert.match(plain.headers.get('cache-control') || '', /no-store/);
		audited('session.create', `user:${plain.json.user.id}`);

		const https = await loginRaw('htx', DEMO_PASSWORD, { 'x-forwarded-proto': 'https' });
		const [s] = setCookies(https.headers).filter((x) => x.startsWith('ntm_session=')).map(parseSetCookie);
		assert.equal(s.attrs.secure, true, 'Secure behind https');
		assert.equal(s.attrs.httponly, true);
		assert.equal(s.attrs.samesite, 'Lax');
		assert.notEqual(s.value, c.value, 'every login is a new session');
		audited('session.create', `user:${https.json.user.id}`);

		const http = await loginRaw('htx', DEMO_PASSWORD, { 'x-forwarded-proto': 'http' });
		const [h] = setCookies(http.headers).filter((x) => x.startsWith('ntm_session=')).map(parseSetCookie);
		assert.equal(h.attrs.secure, undefined, 'X-Forwarded-Proto: http is not https');
		audited('session.create', `user:${http.json.user.id}`);

		/* the HTML form sets the same cookie */
		const form = await request(ntm.base, 'POST', '/login', { form: { username: 'htx', password: DEMO_PASSWORD, next: '/me' } });
		assert.equal(form.status, 303);
		assert.equal(form.headers.get('location'), '/me');
		const [f] = setCookies(form.headers).filter((x) => x.startsWith('ntm_session=')).map(parseSetCookie);
		assert.equal(f.attrs.httponly, true);
		assert.equal(f.attrs.samesite, 'Lax');
		assert.equal(f.attrs.path, '/');
		assert.equal(f.attrs.secure, undefined);
		const me = await request(ntm.base, 'GET', '/api/v1/me', { headers: { cookie: `ntm_session=${f.value}` } });
		assert.equal(me.status, 200);
		audited('session.create', `user:${me.json.user.id}`);
	});

	test('POST /login goes to next only when it is a path on this site: never off-site', async () => {
		const origin = new URL(ntm.base).origin;
		const cases = [
			['/units/2025/01', '/units/2025/01'],
			['/users?offset=0', '/users?offset=0'],
			['//evil.example/', '/home'],
			['https://evil.example/', '/home'],
			['/\\evil.example/', '/home'],
			['/\t/evil.example/', '/home'],	/* a browser drops the tab: //evil.example/ */
			['', '/home'],
		];
		const htx = (await allUsers(observer)).find((u) => u.username === 'htx');
		const wrong = [];
		for (const [next, want] of cases) {
			const r = await request(ntm.base, 'POST', '/login', { form: { username: 'htx', password: DEMO_PASSWORD, next } });
			assert.equal(r.status, 303, JSON.stringify(next));
			audited('session.create', `user:${htx.id}`);
			const loc = r.headers.get('location');
			const resolved = new URL(loc, ntm.base);
			if (resolved.origin !== origin || loc !== want)
				wrong.push(`next=${JSON.stringify(next)} → Location ${JSON.stringify(loc)} (${resolved.href}), want ${want}`);
		}
		assert.deepEqual(wrong, []);
	});

	test('a page that needs a login sends an anonymous browser to /login?next= with its path and query', async () => {
		for (const p of ['/me', '/users', '/tokens', '/audit', '/audit?unit=2025%3A01&since=2026-01-01']) {
			const r = await request(ntm.base, 'GET', p);
			assert.equal(r.status, 303, p);
			const loc = new URL(r.headers.get('location'), ntm.base);
			assert.equal(loc.pathname, '/login', p);
			assert.equal(loc.searchParams.get('next'), p, `${p}: next=${loc.searchParams.get('next')}`);
		}
	});

	test('logout (DELETE /api/v1/session) ends the session and clears the cookie', async () => {
		const c = await login('thon1');
		const r = await c.delete('/api/v1/session');
		assert.equal(r.status, 200, r.text);
		audited('session.end', `user:${c.user.id}`);
		const [cleared] = setCookies(r.headers).filter((x) => x.startsWith('ntm_session=')).map(parseSetCookie);
		assert.ok(cleared, 'the cookie is cleared');
		assert.equal(cleared.value, '');
		assert.equal(cleared.attrs['max-age'], '0');
		const me = await c.get('/api/v1/me');
		assert.equal(me.status, 401, 'the old cookie no longer works');
		const again = await c.delete('/api/v1/session');
		assert.equal(again.status, 401);
	});

	test('logout from the page (POST /logout with the _csrf field) redirects home and ends the session', async () => {
		const c = await login('thon1');
		const r = await c.post('/logout', { form: {} });
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), '/');
		audited('session.end', `user:${c.user.id}`);
		assert.equal((await c.get('/api/v1/me')).status, 401);
	});

	test('an unknown user and a wrong password get the same 401 body, no cookie, and similar timing', async () => {
		const known = await makeUser('producer', '2025:00376', 'tim');
		const wrong = [];
		const unknown = [];
		let bodyWrong;
		let bodyUnknown;
		for (let i = 0; i < 3; i++) {
			let t0 = process.hrtime.bigint();
			const a = await loginRaw(known.username, 'not-the-password');
			wrong.push(Number(process.hrtime.bigint() - t0) / 1e6);
			t0 = process.hrtime.bigint();
			const b = await loginRaw('nosuchuser-timing', 'not-the-password');
			unknown.push(Number(process.hrtime.bigint() - t0) / 1e6);
			assert.equal(a.status, 401);
			assert.equal(b.status, 401);
			assert.equal(sessionCookieOf(a.headers), null);
			assert.equal(sessionCookieOf(b.headers), null);
			bodyWrong = a.text;
			bodyUnknown = b.text;
		}
		assert.equal(bodyWrong, bodyUnknown, 'the same body');
		assert.equal(JSON.parse(bodyWrong).error.code, 'auth.bad_credentials');
		const [mw, mu] = [median(wrong), median(unknown)];
		assert.ok(mw / mu < 3 && mu / mw < 3, `median ${mw.toFixed(1)} ms (wrong password) vs ${mu.toFixed(1)} ms (unknown user)`);
		assert.ok(mu > 5, `an unknown user still costs an argon2id verification (${mu.toFixed(1)} ms)`);
	});
});

describe('throttling', () => {
	test('5 failures → 429 auth.throttled, even with the right password and in other letter case; audited; other usernames unaffected', async () => {
		const victim = await makeUser('producer', '2025:00376', 'thr');
		const other = await makeUser('producer', '2025:00376', 'thr');
		for (let i = 1; i <= 5; i++) {
			const r = await loginRaw(victim.username, `wrong-${i}`);
			assert.equal(r.status, 401, `failure ${i}`);
			assert.equal(r.json.error.code, 'auth.bad_credentials');
		}
		audited('auth.throttled', `login:${victim.username}`);
		const right = await loginRaw(victim.username, victim.password);
		assert.equal(right.status, 429, `the right password after 5 failures: ${right.text}`);
		assert.equal(right.json.error.code, 'auth.throttled');
		assert.equal(sessionCookieOf(right.headers), null);
		const upper = await loginRaw(victim.username.toUpperCase(), victim.password);
		assert.equal(upper.status, 429, 'the same username in capitals is throttled too');
		const form = await request(ntm.base, 'POST', '/login', { form: { username: victim.username, password: victim.password } });
		assert.equal(form.status, 429, 'the login form is throttled too');
		assert.equal(sessionCookieOf(form.headers), null);

		const ok = await loginRaw(other.username, other.password);
		assert.equal(ok.status, 200, 'another username is unaffected');
		audited('session.create', `user:${ok.json.user.id}`);

		const entries = (await observer.get('/api/v1/audit?limit=500')).json.items;
		const t = entries.filter((e) => e.action === 'auth.throttled' && e.object === `login:${victim.username}`);
		assert.equal(t.length, 1, 'one auth.throttled entry');
		assert.equal(t[0].username, victim.username);
	});

	test('an unknown username is throttled the same way (no way to tell which usernames exist)', async () => {
		const name = uniqueName('ghost');
		for (let i = 1; i <= 5; i++)
			assert.equal((await loginRaw(name, `wrong-${i}`)).status, 401);
		audited('auth.throttled', `login:${name}`);
		const r = await loginRaw(name, 'anything-at-all');
		assert.equal(r.status, 429);
		assert.equal(r.json.error.code, 'auth.throttled');
	});
});

describe('CSRF', () => {
	let hanoi;
	let socson;
	before(async () => {
		hanoi = await login('hanoi');
		socson = await login('socson');
	});
	const tokenCount = async (c) => (await c.get('/api/v1/tokens')).json.items.length;

	test('a cookie-authenticated write without the token, with a wrong one, or with another session\'s is 403 auth.csrf and changes nothing', async () => {
		const n0 = await tokenCount(hanoi);
		const a0 = await auditTotal(observer);
		for (const [how, opts] of [
			['missing', { csrf: false, json: { name: 'x' } }],
			['wrong', { csrf: 'wrong', json: { name: 'x' } }],
			['another session\'s', { csrf: false, json: { name: 'x' }, headers: { 'x-csrf-token': socson.csrf } }],
			['missing form field', { csrf: false, form: { name: 'x' } }],
			['wrong form field', { csrf: false, form: { name: 'x', _csrf: 'nope' } }],
			['empty header', { csrf: false, json: { name: 'x' }, headers: { 'x-csrf-token': '' } }],
		]) {
			const r = await hanoi.post('/api/v1/tokens', opts);
			assert.equal(r.status, 403, `${how}: ${r.status} ${r.text}`);
			assert.equal(r.json.error.code, 'auth.csrf', how);
		}
		/* the same on other writes */
		const d = await hanoi.delete('/api/v1/session', { csrf: false });
		assert.equal(d.status, 403);
		assert.equal((await hanoi.get('/api/v1/me')).status, 200, 'still signed in');
		const u = await hanoi.post('/api/v1/users', { csrf: false, json: { username: 'csrfvictim', full_name: 'X', password: 'password-123', role: 'producer', unit: '2025:00376' } });
		assert.equal(u.status, 403);
		assert.equal(u.json.error.code, 'auth.csrf');
		const page = await hanoi.post('/tokens', { csrf: false, form: { name: 'x' } });
		assert.equal(page.status, 403, 'the HTML form too');
		assert.equal(await tokenCount(hanoi), n0, 'no token was created');
		assert.ok(!(await allUsers(observer)).some((x) => x.username === 'csrfvictim'));
		assert.equal(await auditTotal(observer), a0, 'nothing was audited');
	});

	test('the right token is accepted in the X-CSRF-Token header, the _csrf form field and the page form', async () => {
		const n0 = await tokenCount(hanoi);
		const h = await hanoi.post('/api/v1/tokens', { csrf: 'header', json: { name: 'by-header' } });
		assert.equal(h.status, 200, h.text);
		audited('token.create', `token:${h.json.created.id}`);
		const f = await hanoi.post('/api/v1/tokens', { csrf: 'field', form: { name: 'by-field' } });
		assert.equal(f.status, 200, f.text);
		audited('token.create', `token:${f.json.created.id}`);
		const p = await hanoi.post('/tokens', { form: { name: 'by-page' } });
		assert.equal(p.status, 200, 'the page shows the new token');
		assert.match(p.text, /by-page/);
		const names = (await hanoi.get('/api/v1/tokens')).json.items;
		assert.equal(names.length, n0 + 3);
		const byPage = names.find((t) => t.name === 'by-page');
		audited('token.create', `token:${byPage.id}`);
	});

	test('GET needs no CSRF token; a Bearer write needs none', async () => {
		assert.equal((await hanoi.get('/api/v1/users')).status, 200);
		const t = await hanoi.makeTokenClient('bearer-no-csrf');
		audited('token.create', `token:${t.tokenId}`);
		const r = await t.post('/api/v1/tokens', { json: { name: 'made-with-bearer' } });
		assert.equal(r.status, 200, r.text);
		audited('token.create', `token:${r.json.created.id}`);
	});
});

describe('creating accounts within one\'s scope', () => {
	let hanoi;
	let socson;
	before(async () => {
		hanoi = await login('hanoi');
		socson = await login('socson');
	});

	async function refused(client, body, codes, why) {
		const before = await allUsers(observer);
		const a0 = await auditTotal(observer);
		const r = await client.post('/api/v1/users', { json: { full_name: 'Refused', password: 'password-123', ...body } });
		assert.equal(r.status, 403, `${why}: ${r.status} ${r.text}`);
		assert.ok(codes.includes(r.json.error.code), `${why}: ${r.json.error.code}`);
		const after = await allUsers(observer);
		assert.equal(after.length, before.length, `${why}: no account was created`);
		assert.ok(!after.some((u) => u.username === body.username), why);
		assert.equal(await auditTotal(observer), a0, `${why}: nothing audited`);
	}

	test('a province officer cannot create an account in another province, nor an admin, coordinator or another province officer', async () => {
		await refused(hanoi, { username: 'hn-dn-producer', role: 'producer', unit: '2025:20308' }, ['auth.out_of_scope'], 'a producer in Đà Nẵng');
		await refused(hanoi, { username: 'hn-dn-commune', role: 'commune_officer', unit: '2025:20308' }, ['auth.out_of_scope'], 'a commune officer in Đà Nẵng');
		await refused(hanoi, { username: 'hn-dn-province', role: 'province_officer', unit: '2025:48' }, ['auth.out_of_scope'], 'the Đà Nẵng province officer');
		await refused(hanoi, { username: 'hn-admin', role: 'admin', unit: '2025:VN' }, ['auth.out_of_scope', 'auth.forbidden'], 'an admin');
		await refused(hanoi, { username: 'hn-coord', role: 'coordinator', unit: '2025:VN' }, ['auth.out_of_scope', 'auth.forbidden'], 'a coordinator');
		await refused(hanoi, { username: 'hn-province', role: 'province_officer', unit: '2025:01' }, ['auth.forbidden'], 'a second Hà Nội province officer');
	});

	test('a province officer can create a commune officer inside its province', async () => {
		const r = await hanoi.post('/api/v1/users', { json: { username: 'hn-new-commune', full_name: 'Cán bộ xã mới', password: 'password-123', role: 'commune_officer', unit: '2025:00376' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.created.username, 'hn-new-commune');
		assert.deepEqual(r.json.created.roles.map((x) => [x.role, x.structure, x.unit_code]), [['commune_officer', '2025', '00376']]);
		audited('user.create', `user:${r.json.created.id}`);
	});

	test('a commune officer can create a village officer under its commune, and it is listed', async () => {
		const r = await socson.post('/api/v1/users', { json: { username: 'ss-village', full_name: 'Trưởng thôn 2', password: 'password-123', role: 'village_officer', unit: '2025:00376-02' } });
		assert.equal(r.status, 200, r.text);
		audited('user.create', `user:${r.json.created.id}`);
		const list = (await socson.get('/api/v1/users')).json.items.map((u) => u.username);
		assert.ok(list.includes('ss-village'), list.join(','));
		for (const outsider of ['hanoi', 'danang', 'bana', 'admin'])
			assert.ok(!list.includes(outsider), `${outsider} is not in Sóc Sơn's list`);
		const fresh = await login('ss-village', 'password-123');
		assert.deepEqual(fresh.user.roles.map((x) => [x.role, x.unit_code]), [['village_officer', '00376-02']]);
	});

	test('a commune officer cannot grant roles above its own, nor outside its commune', async () => {
		await refused(socson, { username: 'ss-commune', role: 'commune_officer', unit: '2025:00376' }, ['auth.forbidden'], 'a second commune officer');
		await refused(socson, { username: 'ss-appraiser', role: 'appraiser', unit: '2025:00376' }, ['auth.forbidden'], 'an appraiser');
		await refused(socson, { username: 'ss-bana-village', role: 'producer', unit: '2025:20308' }, ['auth.out_of_scope'], 'a producer in Bà Nà');
		await refused(socson, { username: 'ss-hn', role: 'producer', unit: '2025:01' }, ['auth.out_of_scope'], 'an account at the province');
	});

	test('a role that does not fit the unit level is 422 naming unit; a taken username 409', async () => {
		const a = await socson.post('/api/v1/users', { json: { username: 'ss-badlevel', full_name: 'X', password: 'password-123', role: 'village_officer', unit: '2025:00376' } });
		assert.equal(a.status, 422, a.text);
		assert.equal(a.json.error.field, 'unit');
		const b = await socson.post('/api/v1/users', { json: { username: 'htx', full_name: 'X', password: 'password-123', role: 'producer', unit: '2025:00376' } });
		assert.equal(b.status, 409, b.text);
		assert.equal(b.json.error.field, 'username');
	});

});

describe('the scope rule across structures: a binding at pre2025:49 Quảng Nam', () => {
	/* pre2025:49 Quảng Nam merged with pre2025:48 Đà Nẵng into 2025:48.
	 * 2025:20335 was formed from Quảng Nam communes; 2025:20308 Bà Nà only
	 * from old Đà Nẵng city communes (pre2025:20299, 20308, district 497 of
	 * pre2025:48).  A Quảng Nam binding covers the first, not the second
	 * (pre2025:20308 itself is refused, as it should be). */
	let qnam;
	let bana;
	before(async () => {
		const r = ntm.run(['user', 'add', '--db', ntm.dbPath, '--username', 'qnam', '--role', 'province_officer',
			'--unit', 'pre2025:49', '--full-name', 'Cán bộ tỉnh Quảng Nam (cũ)'], { input: 'qnam-password-1\n' });
		assert.equal(r.code, 0, r.stderr);
		audited('user.create', `user:${Number(/id (\d+)/.exec(r.stdout)[1])}`);
		qnam = await login('qnam', 'qnam-password-1');
		bana = (await allUsers(observer)).find((u) => u.username === 'bana');
	});

	test('inside: pre2025:49 and 2025:20335 (formed from Quảng Nam communes); outside: pre2025:20308, 2025:01', async () => {
		assert.equal((await qnam.get('/api/v1/audit?unit=pre2025:49')).status, 200);
		assert.equal((await qnam.get('/api/v1/audit?unit=2025:20335')).status, 200);
		assert.equal((await qnam.get('/api/v1/audit?unit=pre2025:20308')).status, 403);
		assert.equal((await qnam.get('/api/v1/audit?unit=2025:01')).status, 403);
	});

	test('2025:20308 Bà Nà (only old Đà Nẵng city communes) is outside: the audit of that unit is 403', async () => {
		const r = await qnam.get('/api/v1/audit?unit=2025:20308');
		assert.equal(r.status, 403, r.text.slice(0, 200));
	});

	test('… it cannot create an account at 2025:20308 (403, nothing created)', async () => {
		const n0 = (await allUsers(observer)).length;
		const a0 = await auditTotal(observer);
		const r = await qnam.post('/api/v1/users', { json: { username: 'qn-bana-producer', full_name: 'X', password: 'password-123', role: 'producer', unit: '2025:20308' } });
		if (r.status === 200)
			audited('user.create', `user:${r.json.created.id}`);
		assert.equal(r.status, 403, r.text.slice(0, 200));
		assert.equal((await allUsers(observer)).length, n0);
		assert.equal(await auditTotal(observer), a0);
	});

	test('… it cannot disable bana, the commune officer of Bà Nà (403, still enabled)', async () => {
		const r = await qnam.post(`/api/v1/users/${bana.id}/disable`);
		if (r.status === 200) {	/* put it back for the rest of the file */
			audited('user.disable', `user:${bana.id}`);
			await observer.post(`/api/v1/users/${bana.id}/enable`);
			audited('user.enable', `user:${bana.id}`);
		}
		assert.equal(r.status, 403, r.text.slice(0, 200));
		assert.equal((await allUsers(observer)).find((u) => u.id === bana.id).disabled, false);
	});

	test('… and does not see bana in its list of accounts', async () => {
		const list = (await qnam.get('/api/v1/users')).json.items.map((u) => u.username);
		assert.ok(list.includes('qnam'));
		assert.ok(!list.includes('bana'), `qnam lists: ${list.join(', ')}`);
	});
});

describe('disabling and enabling', () => {
	test('a disabled account loses its session and its API tokens and cannot log in; enabling restores the login', async () => {
		const hanoi = await login('hanoi');
		const u = await makeUser('producer', '2025:00376', 'dis');
		const s = await login(u.username, u.password);
		const tok = await s.makeTokenClient('before-disable');
		audited('token.create', `token:${tok.tokenId}`);
		assert.equal((await s.get('/api/v1/me')).status, 200);

		const r = await hanoi.post(`/api/v1/users/${u.id}/disable`);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.user.disabled, true);
		audited('user.disable', `user:${u.id}`);
		const me = await s.get('/api/v1/me');
		assert.equal(me.status, 401, 'the session stopped working');
		const bearer = await tok.get('/api/v1/me');
		assert.equal(bearer.status, 401, 'the API token stopped working');
		const l = await loginRaw(u.username, u.password);
		assert.equal(l.status, 401, 'login fails');
		assert.equal(l.json.error.code, 'auth.bad_credentials');
		const listed = (await hanoi.get('/api/v1/users?limit=500')).json.items.find((x) => x.id === u.id);
		assert.equal(listed.disabled, true);

		const e = await hanoi.post(`/api/v1/users/${u.id}/enable`);
		assert.equal(e.status, 200, e.text);
		assert.equal(e.json.user.disabled, false);
		audited('user.enable', `user:${u.id}`);
		await login(u.username, u.password);
	});

	test('out of scope: a province officer cannot disable the other province\'s officer, a commune officer nor the province officer above it; nobody disables itself', async () => {
		const hanoi = await login('hanoi');
		const socson = await login('socson');
		const users = await allUsers(observer);
		const id = (name) => users.find((u) => u.username === name).id;
		const a0 = await auditTotal(observer);
		for (const [who, target] of [[hanoi, 'danang'], [hanoi, 'bana'], [hanoi, 'admin'], [socson, 'hanoi'], [socson, 'bana']]) {
			const r = await who.post(`/api/v1/users/${id(target)}/disable`);
			assert.equal(r.status, 403, `${who.username} disabling ${target}: ${r.status} ${r.text}`);
		}
		const self = await hanoi.post(`/api/v1/users/${id('hanoi')}/disable`);
		assert.equal(self.status, 409, self.text);
		const after = await allUsers(observer);
		assert.ok(after.every((u) => !u.disabled || users.find((x) => x.id === u.id).disabled), 'nobody was disabled');
		assert.equal(await auditTotal(observer), a0);
		assert.equal((await hanoi.get('/api/v1/me')).status, 200);
	});
});

describe('API tokens', () => {
	test('created once (the secret is never listed), used as Bearer, revoked → 401 auth.bad_token', async () => {
		const socson = await login('socson');
		const c = await socson.post('/api/v1/tokens', { json: { name: 'my-script' } });
		assert.equal(c.status, 200, c.text);
		const { id, name, token } = c.json.created;
		audited('token.create', `token:${id}`);
		assert.equal(name, 'my-script');
		assert.match(token, /^ntm_[A-Za-z0-9_-]{40,}$/);
		assert.match(c.headers.get('cache-control') || '', /no-store/);

		const list = await socson.get('/api/v1/tokens');
		assert.equal(list.status, 200);
		const item = list.json.items.find((t) => t.id === id);
		assert.ok(item, 'listed');
		assert.equal(item.name, 'my-script');
		assert.equal(item.active, true);
		assert.equal(item.token, undefined, 'no secret in the list');
		assert.ok(!list.text.includes(token), 'the secret is not in the list');
		const page = await socson.get('/tokens');
		assert.equal(page.status, 200);
		assert.ok(page.text.includes('my-script'));
		assert.ok(!page.text.includes(token), 'the secret is not on the tokens page');

		const bearer = new Client(ntm.base, { kind: 'token', token });
		const me = await bearer.get('/api/v1/me');
		assert.equal(me.status, 200);
		assert.equal(me.json.user.username, 'socson');
		const users = await bearer.get('/api/v1/users');
		assert.equal(users.status, 200, 'the token carries the roles of its user');

		/* another user cannot revoke it */
		const bana = await login('bana');
		const foreign = await bana.delete(`/api/v1/tokens/${id}`);
		assert.equal(foreign.status, 404, foreign.text);
		assert.equal((await bearer.get('/api/v1/me')).status, 200, 'still works');

		const rv = await socson.delete(`/api/v1/tokens/${id}`);
		assert.equal(rv.status, 200, rv.text);
		audited('token.revoke', `token:${id}`);
		const dead = await bearer.get('/api/v1/me');
		assert.equal(dead.status, 401);
		assert.equal(dead.json.error.code, 'auth.bad_token');
		const pub = await bearer.get('/api/v1/units/2025/01');
		assert.equal(pub.status, 401, 'a revoked token is refused even on a public route');
		const after = (await socson.get('/api/v1/tokens')).json.items.find((t) => t.id === id);
		assert.equal(after.active, false);
	});

	test('a malformed Authorization header or an unknown token is 401 auth.bad_token', async () => {
		for (const h of ['Bearer ntm_nope', 'Bearer ', 'Basic YWRtaW46eA==', 'Token abc']) {
			const r = await request(ntm.base, 'GET', '/api/v1/me', { headers: { authorization: h } });
			assert.equal(r.status, 401, h);
			assert.equal(r.json.error.code, 'auth.bad_token', h);
		}
	});
});

describe('changing one\'s password', () => {
	test('a wrong old password is 422 naming old_password; a short new one names new_password; then only the new one works', async () => {
		const u = await makeUser('producer', '2025:00376', 'pw');
		const c = await login(u.username, u.password);
		const a0 = await auditTotal(observer);
		const bad = await c.post('/api/v1/me/password', { json: { old_password: 'not-my-password', new_password: 'brand-new-password' } });
		assert.equal(bad.status, 422, bad.text);
		assert.equal(bad.json.error.field, 'old_password');
		const short = await c.post('/api/v1/me/password', { json: { old_password: u.password, new_password: 'short' } });
		assert.equal(short.status, 422, short.text);
		assert.equal(short.json.error.field, 'new_password');
		assert.equal(await auditTotal(observer), a0, 'nothing changed');
		const noCsrf = await c.post('/api/v1/me/password', { csrf: false, json: { old_password: u.password, new_password: 'brand-new-password' } });
		assert.equal(noCsrf.status, 403);

		const ok = await c.post('/api/v1/me/password', { json: { old_password: u.password, new_password: 'brand-new-password' } });
		assert.equal(ok.status, 200, ok.text);
		audited('user.password', `user:${u.id}`);
		const old = await loginRaw(u.username, u.password);
		assert.equal(old.status, 401, 'the old password no longer works');
		await login(u.username, 'brand-new-password');
	});
});

describe('the command line', () => {
	test('ntm user add reads the password from stdin; the account can log in with its role', async () => {
		const r = ntm.run(['user', 'add', '--db', ntm.dbPath, '--username', 'cli-village', '--role', 'village_officer',
			'--unit', '2025:00376-01', '--full-name', 'Trưởng thôn CLI'], { input: 'cli-password-1\n' });
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /cli-village/);
		assert.ok(!r.stdout.includes('cli-password-1') && !r.stderr.includes('cli-password-1'), 'the password is not echoed');
		const id = Number(/id (\d+)/.exec(r.stdout)[1]);
		audited('user.create', `user:${id}`);
		const c = await login('cli-village', 'cli-password-1');
		assert.equal(c.user.full_name, 'Trưởng thôn CLI');
		assert.deepEqual(c.user.roles.map((x) => [x.role, x.structure, x.unit_code]), [['village_officer', '2025', '00376-01']]);
	});

	test('ntm user add refuses a taken username, a role at the wrong level, a short password: exit ≠ 0, nothing created', async () => {
		const n0 = (await allUsers(observer)).length;
		for (const [args, pw] of [
			[['--username', 'cli-village', '--role', 'producer', '--unit', '2025:00376'], 'cli-password-2'],
			[['--username', 'cli-badlevel', '--role', 'province_officer', '--unit', '2025:00376'], 'cli-password-2'],
			[['--username', 'cli-short', '--role', 'producer', '--unit', '2025:00376'], 'short'],
			[['--username', 'cli-nounit', '--role', 'producer', '--unit', '2025:99999'], 'cli-password-2'],
		]) {
			const r = ntm.run(['user', 'add', '--db', ntm.dbPath, ...args], { input: `${pw}\n` });
			assert.notEqual(r.code, 0, args.join(' '));
			assert.match(r.stderr, /^ntm user: /, args.join(' '));
		}
		assert.equal((await allUsers(observer)).length, n0);
	});
});

describe('the audit trail', () => {
	test('every write made in this file is in GET /api/v1/audit for an admin', async () => {
		/* every page of the trail (the demo writes hundreds of entries) */
		const r = await admin.get('/api/v1/audit?limit=500');
		assert.equal(r.status, 200);
		for (let offset = 500; offset < r.json.total; offset += 500) {
			const more = await admin.get(`/api/v1/audit?limit=500&offset=${offset}`);
			assert.equal(more.status, 200);
			assert.equal(more.json.total, r.json.total);
			r.json.items.push(...more.json.items);
		}
		assert.equal(r.json.items.length, r.json.total, 'the pages hold every entry once');
		const have = new Set(r.json.items.map((e) => `${e.action} ${e.object}`));
		const missing = expectedAudit.filter((e) => !have.has(`${e.action} ${e.object}`)).map((e) => `${e.action} ${e.object}`);
		assert.deepEqual(missing, []);
		/* newest first, consecutive sequence numbers */
		const seqs = r.json.items.map((e) => e.seq);
		assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a));
		assert.equal(seqs[0], r.json.total);
		for (const e of r.json.items)
			assert.match(e.hash, /^[0-9a-f]{64}$/);
	});

	test('a province officer sees only its province\'s entries; another province\'s unit is 403; since filters', async () => {
		const hanoi = await login('hanoi');
		const mine = await hanoi.get('/api/v1/audit?limit=500');
		assert.equal(mine.status, 200);
		assert.ok(mine.json.items.length > 0);
		const codes = new Set(mine.json.items.map((e) => `${e.structure}:${e.unit_code}`));
		for (const c of codes)
			assert.ok(!/^(2025:(48|20308)|null:null)$/.test(c), `hanoi sees an entry at ${c}`);
		assert.ok(codes.has('2025:00376'), 'the Sóc Sơn accounts created here');
		const other = await hanoi.get('/api/v1/audit?unit=2025:48');
		assert.equal(other.status, 403);
		assert.equal(other.json.error.code, 'auth.out_of_scope');
		const inside = await hanoi.get('/api/v1/audit?unit=2025:00376&since=2026-01-01');
		assert.equal(inside.status, 200);
		assert.ok(inside.json.items.every((e) => e.unit_code === '00376' || e.unit_code.startsWith('00376-')));
		const future = await hanoi.get('/api/v1/audit?since=2999-01-01');
		assert.equal(future.status, 200);
		assert.equal(future.json.items.length, 0);
		const bad = await hanoi.get('/api/v1/audit?since=yesterday');
		assert.equal(bad.status, 422);
		assert.equal(bad.json.error.field, 'since');
		const danang = await login('danang');
		const dn = await danang.get('/api/v1/audit?limit=500');
		assert.ok(!dn.json.items.some((e) => e.unit_code === '00376'), 'danang does not see Sóc Sơn');
	});

	test('ntm audit verify: intact after all of that', async () => {
		const total = await auditTotal(observer);
		const r = ntm.run(['audit', 'verify', '--db', ntm.dbPath]);
		assert.equal(r.code, 0, r.stderr);
		assert.equal(r.stdout.trim(), `audit trail intact: ${total} entries`);
	});

	test('ntm audit verify: after UPDATE audit_log SET after_summary=\'x\' WHERE seq=3 it exits 1 naming entry 3', async () => {
		/* straight into the database, past ntm: sqlite3, or psql on PostgreSQL */
		ntm.sql("UPDATE audit_log SET after_summary='x' WHERE seq=3");
		const r = ntm.run(['audit', 'verify', '--db', ntm.dbPath]);
		assert.equal(r.code, 1);
		assert.match(r.stdout + r.stderr, /(mục|entry) 3\b/);
		assert.doesNotMatch(r.stdout, /intact/);
	});
});
