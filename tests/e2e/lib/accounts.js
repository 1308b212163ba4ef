'use strict';
/*
 * accounts.js - helpers for the tests of accounts, sessions, tokens and
 * the access rules.
 *
 *   const { startDemo, Client, DEMO } = require('../lib/accounts');
 *   const ntm = await startDemo();          // `ntm demo`, then `ntm serve`
 *   const socson = await Client.login(ntm.base, 'socson');
 *   const r = await socson.post('/api/v1/users', { json: {...} });
 *
 * A Client carries one credential: the session cookie and its CSRF token
 * (from a login), or an API token (Authorization: Bearer), or nothing
 * (anonymous).  Writes made with the cookie carry the CSRF token in the
 * X-CSRF-Token header (JSON bodies) or the _csrf field (form bodies)
 * unless told otherwise (csrf: false | 'wrong' | 'header' | 'field').
 */
const { runNtm, startNtm } = require('./ntm');

const DEMO_PASSWORD = 'ntm-demo-2026';

/* The demo accounts of `ntm demo`: role and unit (structure:code). */
const DEMO = {
	admin: { role: 'admin', unit: '2025:VN' },
	dieuphoi: { role: 'coordinator', unit: '2025:VN' },
	hanoi: { role: 'province_officer', unit: '2025:01' },
	danang: { role: 'province_officer', unit: '2025:48' },
	socson: { role: 'commune_officer', unit: '2025:00376' },
	bana: { role: 'commune_officer', unit: '2025:20308' },
	thon1: { role: 'village_officer', unit: '2025:00376-01' },
	thamdinh: { role: 'appraiser', unit: '2025:01' },
	ocop: { role: 'ocop_evaluator', unit: '2025:01' },
	htx: { role: 'producer', unit: '2025:00376' },
};

/* A fresh directory and database (SQLite, or PostgreSQL with
 * $NTM_TEST_PG: see ntm.js), `ntm demo` (init + demo accounts) and
 * `ntm serve`.  Returns the same shape as startNtm(), with demoStdout. */
async function startDemo() {
	const ntm = await startNtm({ command: 'demo', prefix: 'ntm-e2e-acc-', timeout: 60000 });
	ntm.demoStdout = ntm.initStdout;
	return ntm;
}

/* The route table the binary declares (`ntm routes`). */
function routeTable() {
	const r = runNtm(['routes']);
	if (r.code !== 0)
		throw new Error(`ntm routes failed (${r.code}): ${r.stderr}`);
	return JSON.parse(r.stdout);
}

/* The value of the ntm_session cookie in a Set-Cookie list, or null. */
function sessionCookieOf(headers) {
	for (const c of setCookies(headers)) {
		const m = /^ntm_session=([^;]*)/.exec(c);
		if (m)
			return m[1];
	}
	return null;
}

function setCookies(headers) {
	if (typeof headers.getSetCookie === 'function')
		return headers.getSetCookie();
	const v = headers.get('set-cookie');
	return v ? [v] : [];
}

/* Parse one Set-Cookie header: { name, value, attrs: {lowercase: value|true} }. */
function parseSetCookie(s) {
	const [nv, ...rest] = s.split(';').map((x) => x.trim());
	const i = nv.indexOf('=');
	const attrs = {};
	for (const a of rest) {
		const j = a.indexOf('=');
		if (j < 0)
			attrs[a.toLowerCase()] = true;
		else
			attrs[a.slice(0, j).toLowerCase()] = a.slice(j + 1);
	}
	return { name: nv.slice(0, i), value: nv.slice(i + 1), attrs };
}

/* One HTTP request, redirects not followed: { status, headers, text, json }. */
async function request(base, method, urlPath, { headers = {}, json, form, body } = {}) {
	const h = { ...headers };
	let payload = body;
	if (json !== undefined) {
		h['content-type'] = 'application/json';
		payload = JSON.stringify(json);
	} else if (form !== undefined) {
		h['content-type'] = 'application/x-www-form-urlencoded';
		payload = new URLSearchParams(form).toString();
	}
	const res = await fetch(base + urlPath, { method, headers: h, body: payload, redirect: 'manual' });
	const text = await res.text();
	let parsed;
	if ((res.headers.get('content-type') || '').startsWith('application/json') && text !== '')
		parsed = JSON.parse(text);
	return { status: res.status, headers: res.headers, text, json: parsed };
}

class Client {
	/* kind: 'anonymous' | 'cookie' | 'token' */
	constructor(base, { kind = 'anonymous', username = null, cookie = null, csrf = null,
	    token = null, tokenId = null, user = null } = {}) {
		Object.assign(this, { base, kind, username, cookie, csrf, token, tokenId, user });
	}

	static anonymous(base) {
		return new Client(base);
	}

	/* POST /api/v1/session; throws unless 200. */
	static async login(base, username, password = DEMO_PASSWORD, headers = {}) {
		const r = await request(base, 'POST', '/api/v1/session', { json: { username, password }, headers });
		if (r.status !== 200)
			throw new Error(`login ${username}: ${r.status} ${r.text}`);
		const cookie = sessionCookieOf(r.headers);
		if (!cookie)
			throw new Error(`login ${username}: no ntm_session cookie`);
		return new Client(base, { kind: 'cookie', username, cookie, csrf: r.json.csrf_token, user: r.json.user });
	}

	/* A Bearer client from a token created by this (signed-in) client. */
	async makeTokenClient(name = `t-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`) {
		const r = await this.post('/api/v1/tokens', { json: { name } });
		if (r.status !== 200 && r.status !== 201)
			throw new Error(`token for ${this.username}: ${r.status} ${r.text}`);
		const c = r.json.created;
		return new Client(this.base, { kind: 'token', username: this.username, token: c.token,
			tokenId: c.id, user: this.user });
	}

	headers(extra = {}) {
		const h = {};
		if (this.kind === 'cookie')
			h.cookie = `ntm_session=${this.cookie}`;
		else if (this.kind === 'token')
			h.authorization = `Bearer ${this.token}`;
		return { ...h, ...extra };
	}

	/*
	 * csrf: true (default: the header for JSON and bodiless writes, the
	 * _csrf field for forms), false (none), 'wrong', 'header', 'field'.
	 * Only a cookie client sends it.
	 */
	async send(method, urlPath, { json, form, headers = {}, csrf = true } = {}) {
		const h = this.headers(headers);
		let f = form;
		const write = method !== 'GET' && method !== 'HEAD';
		if (this.kind === 'cookie' && write && csrf !== false) {
			const value = csrf === 'wrong' ? 'x'.repeat(this.csrf.length) : this.csrf;
			const mode = csrf === 'field' || (csrf !== 'header' && form !== undefined) ? 'field' : 'header';
			if (mode === 'field') {
				if (f === undefined && json === undefined)
					f = {};
				if (f !== undefined)
					f = { ...f, _csrf: value };
				else
					json = { ...json, _csrf: value };
			} else
				h['x-csrf-token'] = value;
		}
		return request(this.base, method, urlPath, { headers: h, json, form: f });
	}

	get(urlPath, opts = {}) { return this.send('GET', urlPath, opts); }
	post(urlPath, opts = {}) { return this.send('POST', urlPath, opts); }
	delete(urlPath, opts = {}) { return this.send('DELETE', urlPath, opts); }

	/* Does the credential still work (GET /api/v1/me is 200)? */
	async alive() {
		if (this.kind === 'anonymous')
			return true;
		return (await this.get('/api/v1/me')).status === 200;
	}
}

/* Every account an admin client can list: [{id, username, disabled, roles}]. */
async function allUsers(admin) {
	const out = [];
	for (let offset = 0; ; offset += 500) {
		const r = await admin.get(`/api/v1/users?limit=500&offset=${offset}`);
		if (r.status !== 200)
			throw new Error(`list users: ${r.status} ${r.text}`);
		out.push(...r.json.items);
		if (out.length >= r.json.total || r.json.items.length === 0)
			return out;
	}
}

/* The number of audit entries an admin sees. */
async function auditTotal(admin) {
	const r = await admin.get('/api/v1/audit?limit=1');
	if (r.status !== 200)
		throw new Error(`audit: ${r.status} ${r.text}`);
	return r.json.total;
}

/* The newest audit entries (an admin sees them all). */
async function auditLatest(admin, limit = 50) {
	const r = await admin.get(`/api/v1/audit?limit=${limit}`);
	if (r.status !== 200)
		throw new Error(`audit: ${r.status} ${r.text}`);
	return r.json.items;
}

let seq = 0;
/* A fresh valid username: prefix + counter + a random tail. */
function uniqueName(prefix = 'u') {
	seq++;
	return `${prefix}${seq}${Math.random().toString(36).slice(2, 6)}`.toLowerCase().slice(0, 60);
}

module.exports = {
	DEMO, DEMO_PASSWORD, startDemo, routeTable, request, Client, sessionCookieOf,
	setCookies, parseSetCookie, allUsers, auditTotal, auditLatest, uniqueName,
};
