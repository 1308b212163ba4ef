'use strict';
/*
 * crash.js - crash-durability trials of `ntm serve` (issue 21): mixed
 * writes through the API, `kill -9` of the server at a random moment,
 * restart, and every acknowledged write (a 2xx answer) found again.
 * Shared by tests/e2e/api/crash.test.js (20 trials) and bench/crash.js
 * (1,000).
 *
 *   const crash = require('../lib/crash');
 *   const st = await crash.prepare(base, sql);   // on a `ntm demo` database
 *   const t = await crash.trial(st, base, proc); // load, kill -9 at random
 *   const missing = await crash.verify(st, base2, t); // after the restart
 *
 * Four writers run at once, each one request at a time, so that after a
 * crash the state of what it wrote is "its last acknowledged write, or the
 * one in flight" and nothing else:
 *   indicator  PUT of indicator 3.1 of Xã Sóc Sơn, ntm-xa-2026-2030, 2027
 *              (a new value each time): the value read back must be the
 *              last acknowledged one or the one in flight;
 *   survey     one household's response with a fresh code of a campaign
 *              made here (the code is the receipt): the campaign's count
 *              of responses is at least the acknowledged ones, and each
 *              acknowledged code is refused as spent (never unmasked);
 *   dossier    demo dossier 1 returned by the province and resubmitted by
 *              the commune, over and over: the row version read back is
 *              at least the acknowledged one, and equal only with the
 *              acknowledged state;
 *   order      a marketplace checkout: each acknowledged order's token
 *              opens the order.
 * Nothing here depends on timing: the kill moment is random (within
 * maxMs of the writers' first answers), and any outcome of the request in
 * flight is accepted.
 */
const PASSWORD = 'ntm-demo-2026';
const SET = 'ntm-xa-2026-2030';
const IND_PATH = `/api/v1/units/2025/00376/indicators/${SET}/2027`;
const EVAL_PATH = `/api/v1/units/2025/00376/evaluation/${SET}/2027`;
const INDICATOR = '3.1';
const DOSSIER = 1;
const LISTING = 1;
const BUYER = { name: 'Nguyễn Văn Mua', phone: '0912 345 678', address: 'Số 5, thôn Đông', commune: '2025:00376' };
const CODES_LOW = 300;	/* issue more codes when fewer are left */
const CODES_BATCH = 2000;

async function call(base, method, path, { token, json } = {}) {
	const headers = {};
	if (token)
		headers.authorization = `Bearer ${token}`;
	if (json !== undefined)
		headers['content-type'] = 'application/json';
	const res = await fetch(base + path, { method, headers, redirect: 'manual',
		body: json === undefined ? undefined : JSON.stringify(json) });
	const text = await res.text();
	let body = null;
	try { body = JSON.parse(text); } catch { /* not JSON */ }
	return { status: res.status, text, json: body };
}

function ok(r, what) {
	if (r.status < 200 || r.status > 299)
		throw new Error(`${what}: ${r.status} ${r.text.slice(0, 400)}`);
	return r.json;
}

async function bearer(base, username) {
	const res = await fetch(`${base}/api/v1/session`, { method: 'POST',
		headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
	const text = await res.text();
	if (res.status !== 200)
		throw new Error(`login ${username}: ${res.status} ${text}`);
	const cookie = /ntm_session=([^;]*)/.exec(res.headers.get('set-cookie') || '')[1];
	const csrf = JSON.parse(text).csrf_token;
	const t = await fetch(`${base}/api/v1/tokens`, { method: 'POST', headers: {
		'content-type': 'application/json', cookie: `ntm_session=${cookie}`, 'x-csrf-token': csrf },
		body: JSON.stringify({ name: `crash-${Date.now()}` }) });
	const tt = await t.text();
	if (t.status !== 200 && t.status !== 201)
		throw new Error(`token for ${username}: ${t.status} ${tt}`);
	return JSON.parse(tt).created.token;
}

const day = (d) => new Date(Date.now() + d * 86400000).toISOString().slice(0, 10);

/* A valid answer to every question of a survey document. */
function answersFor(doc) {
	const a = {};
	for (const q of doc.questions || []) {
		if (q.type === 'scale5')
			a[q.id] = 4;
		else if (q.type === 'yes_no' || q.type === 'yesno')
			a[q.id] = 'yes';
		else if (q.type === 'single' || q.type === 'choice')
			a[q.id] = (q.options || q.choices || [])[0]?.id ?? (q.options || q.choices || [])[0];
		else if (q.type === 'multiple')
			a[q.id] = [(q.options || q.choices || [])[0]?.id ?? (q.options || q.choices || [])[0]];
		else if (q.type === 'number')
			a[q.id] = 1;
		else if (q.required)
			a[q.id] = 'Ý kiến';
	}
	return a;
}

/*
 * What the trials need, made once on a `ntm demo` database served at base
 * (stored in it: tokens, a campaign; the state returned is plain JSON, so
 * a long run can keep it in a file).  sql(query) runs SQL on the database:
 * used once, to give the listing enough stock for every trial.
 */
async function prepare(base, sql) {
	const st = {
		socson: await bearer(base, 'socson'),
		hanoi: await bearer(base, 'hanoi'),
		seq: 0, codes: [], acked: { indicator: null, codes: 0, orders: [], dossier: null },
		totals: { indicator: 0, survey: 0, dossier: 0, order: 0 },
	};
	const c = ok(await call(base, 'POST', '/api/v1/surveys/1/campaigns', { token: st.socson, json: {
		unit: '2025:00376', title: 'Thử độ bền khi sập máy', households: 1000000, min_coverage: 1,
		threshold: 90, opens_on: day(-1), closes_on: day(300), posting_days: 1, mode: 'codes' } }),
	'campaign').created;
	st.campaign = c.id;
	st.answers = answersFor(c.document);
	const d = ok(await call(base, 'GET', `/api/v1/dossiers/${DOSSIER}`, { token: st.hanoi }), 'dossier');
	st.acked.dossier = { rv: d.row_version, state: d.state.id };
	const l = ok(await call(base, 'GET', `/api/v1/market/listings/${LISTING}`), 'listing');
	st.price = l.price_vnd;
	sql(`UPDATE market_listing SET stock = 100000000 WHERE id = ${LISTING};`);
	await topUpCodes(st, base);
	return st;
}

async function topUpCodes(st, base) {
	if (st.codes.length >= CODES_LOW)
		return;
	const r = ok(await call(base, 'POST', `/api/v1/campaigns/${st.campaign}/codes`, { token: st.socson,
		json: { count: CODES_BATCH } }), 'codes');
	st.codes.push(...r.codes);
}

/* One writer: do(seq) makes one request, returns the answer; on a 2xx
 * record(answer) keeps the acknowledgement.  Runs until the server is
 * gone (a network error) and returns what was in flight then. */
async function writer(st, base, t, kind, one) {
	try {
		await writerLoop(st, base, t, kind, one);
	} finally {
		t.answered[kind]();	/* a writer that stopped does not hold the kill back */
	}
}
async function writerLoop(st, base, t, kind, one) {
	for (;;) {
		const seq = ++st.seq;
		let r;
		t.inflight[kind] = seq;
		try {
			r = await one(seq);
		} catch {
			return;	/* the server was killed: the request's fate is unknown */
		}
		t.answered[kind]();
		if (r.status >= 200 && r.status <= 299)
			t.acks[kind]++;
		else if (r.status >= 500 || r.status === 0)
			continue;	/* not acknowledged: nothing is promised */
		else
			throw new Error(`${kind}: refused ${r.status} ${r.text.slice(0, 300)}`);
	}
}

/*
 * One trial: the four writers on the server at base, and kill -9 of proc
 * a random 0..maxMs ms after each writer's first answer.  Resolves to the trial's record (what was
 * acknowledged, what was in flight) once every writer has stopped.
 */
async function trial(st, base, proc, { maxMs = 600 } = {}) {
	const t = { acks: { indicator: 0, survey: 0, dossier: 0, order: 0 }, inflight: {},
		ind: { acked: st.acked.indicator, inflight: null }, codes: [], inflightCode: null,
		orders: [], dossierInflight: null, killAfterMs: Math.floor(Math.random() * maxMs), answered: {} };
	/* The kill comes a random 0..maxMs ms after every writer has had its
	 * first answer: a server just started answers its first requests
	 * slowly (on PostgreSQL each statement is prepared on first use), and
	 * a kill before any write would test nothing. */
	const firsts = ['indicator', 'survey', 'dossier', 'order'].map((k) => new Promise((res) => { t.answered[k] = res; }));
	const ind = writer(st, base, t, 'indicator', async (seq) => {
		const v = ((seq % 9000) + 1) / 100;	/* 0.01..90: exact in JSON both ways */
		t.ind.inflight = v;
		const r = await call(base, 'PUT', IND_PATH, { token: st.socson, json: { values: { [INDICATOR]: v } } });
		if (r.status === 200)
			t.ind.acked = st.acked.indicator = v;
		return r;
	});
	const survey = writer(st, base, t, 'survey', async () => {
		const code = st.codes.shift();
		if (code === undefined)
			throw new Error('survey: no codes left (topUpCodes between trials)');
		t.inflightCode = code;
		const r = await call(base, 'POST', `/api/v1/s/${st.campaign}`, { json: { code, answers: st.answers } });
		if (r.status === 200) {
			t.codes.push(code);
			st.acked.codes++;
		}
		return r;
	});
	const dossier = writer(st, base, t, 'dossier', async () => {
		const cur = st.acked.dossier;
		const [tr, token, json] = cur.state === 'returned'
			? ['submit', st.socson, { row_version: cur.rv }]
			: ['return', st.hanoi, { row_version: cur.rv, note: 'Bổ sung hồ sơ' }];
		t.dossierInflight = tr;
		const r = await call(base, 'POST', `/api/v1/dossiers/${DOSSIER}/actions/${tr}`, { token, json });
		if (r.status === 200)
			st.acked.dossier = { rv: r.json.row_version, state: r.json.state.id };
		return r;
	});
	const order = writer(st, base, t, 'order', async () => {
		const r = await call(base, 'POST', '/api/v1/market/checkout', { json: {
			lines: [{ listing_id: LISTING, quantity: 1, price_vnd: st.price }], buyer: BUYER, payment: 'cod' } });
		if (r.status === 200)
			for (const o of r.json.orders) {
				t.orders.push(o.token);
				st.acked.orders.push(o.token);
			}
		return r;
	});
	t.at = { start: Date.now() };
	await Promise.all(firsts);
	t.at.firsts = Date.now();
	await new Promise((res) => setTimeout(() => { proc.kill('SIGKILL'); res(); }, t.killAfterMs));
	t.at.kill = Date.now();
	await Promise.all([ind, survey, dossier, order]);
	t.at.stopped = Date.now();
	for (const k of Object.keys(t.acks))
		st.totals[k] += t.acks[k];
	t.dossier = st.acked.dossier;
	return t;
}

/*
 * After the restart (server at base): every write trial t acknowledged is
 * there.  Returns a list of what is missing (empty: all there).  A dossier
 * transition that was in flight may have committed: then the state the
 * next trial starts from is read here.
 */
async function verify(st, base, t) {
	const missing = [];
	/* The reads are independent: sent together, the restarted server
	 * answers them on all its threads instead of one round trip each. */
	const spent = (code) => call(base, 'POST', `/api/v1/s/${st.campaign}`, { json: { code, answers: st.answers } })
		.then((r) => (r.status !== 409 || r.json?.error?.code !== 'surveys.code_spent'
			? `survey response with code ${code}: the code is not spent (${r.status})` : null));
	const opens = (token) => call(base, 'GET', `/api/v1/market/orders/${token}`)
		.then((r) => (r.status !== 200 ? `order ${token}: ${r.status}` : null));
	/* The counts first: a lost code sent again below would count again. */
	const [evr, campr, dr] = await Promise.all([
		call(base, 'GET', EVAL_PATH),
		call(base, 'GET', `/api/v1/campaigns/${st.campaign}`, { token: st.socson }),
		call(base, 'GET', `/api/v1/dossiers/${DOSSIER}`, { token: st.hanoi })]);
	const each = await Promise.all([...t.codes.map(spent), ...t.orders.map(opens)]);
	const ev = ok(evr, 'evaluation');
	let value = null;
	for (const c of ev.criteria)
		for (const i of c.indicators)
			if (i.id === INDICATOR)
				value = i.value ?? null;
	if (t.ind.acked !== null && value !== t.ind.acked && value !== t.ind.inflight)
		missing.push(`indicator ${INDICATOR}: read ${value}, acknowledged ${t.ind.acked}`);
	if (t.ind.acked !== null && value !== t.ind.acked)
		st.acked.indicator = value;	/* the write in flight committed */
	const camp = ok(campr, 'campaign');
	if (camp.responses < st.acked.codes)
		missing.push(`survey: ${camp.responses} responses, ${st.acked.codes} acknowledged`);
	st.acked.codes = Math.max(st.acked.codes, camp.responses);
	missing.push(...each.filter((m) => m !== null));
	const d = ok(dr, 'dossier');
	const a = t.dossier;
	if (d.row_version < a.rv || (d.row_version === a.rv && d.state.id !== a.state))
		missing.push(`dossier ${DOSSIER}: read version ${d.row_version} ${d.state.id}, acknowledged ${a.rv} ${a.state}`);
	st.acked.dossier = { rv: d.row_version, state: d.state.id };
	await topUpCodes(st, base);
	return missing;
}

/* Every order acknowledged in every trial, read again (the end of a run). */
async function verifyAllOrders(st, base) {
	const missing = [];
	for (const token of st.acked.orders) {
		const r = await call(base, 'GET', `/api/v1/market/orders/${token}`);
		if (r.status !== 200)
			missing.push(`order ${token}: ${r.status}`);
	}
	return missing;
}

/*
 * N trials on one database: serve() starts `ntm serve` on it and resolves
 * to { base, proc, stop() } (lib/ntm.js serveNtm), audit() runs `ntm audit
 * verify` on it and resolves to { code, stdout, stderr }, sql(q) as
 * prepare's.
 * Each trial: load, kill -9 at random, audit verify on the dead server's
 * database, restart (the database opens), every acknowledged write found.
 * progress(i, record) is called after each trial; no trial starts after
 * the time until (ms since the epoch; a budget).  Resolves to
 *   { trials, lost: [...], audits: [...failures], opens: [...failures],
 *     acks: {kind: n}, ms: [per trial], killMs: [...] }
 * and leaves no server running.
 */
async function run({ trials, serve, audit, sql, maxMs = 600, progress = () => {}, until = Infinity }) {
	const out = { trials: 0, lost: [], audits: [], opens: [], ms: [], killMs: [], phases: {} };
	let server = await serve();
	let st;
	try {
		st = await prepare(server.base, sql);
		for (let i = 1; i <= trials && Date.now() < until; i++) {
			const t0 = Date.now();
			const gone = new Promise((res) => server.proc.once('exit', res));
			const t = await trial(st, server.base, server.proc, { maxMs });
			await gone;
			const t1 = Date.now();
			/* The audit check reads the database as the kill left it, before
			 * the restart: run beside a starting server it could find the
			 * SQLite file busy (the server's open takes the write lock a
			 * moment) and fail without any fault in the chain. */
			const a = await audit();
			const t2 = Date.now();
			const restarted = await serve().then((s) => ({ s }), (e) => ({ e }));
			const t3 = Date.now();
			if (a.code !== 0)
				out.audits.push(`trial ${i}: ntm audit verify exited ${a.code}: ${(a.stderr || a.stdout).trim()}`);
			if (restarted.e) {
				server = null;
				out.opens.push(`trial ${i}: the server did not start again: ${restarted.e.message}`);
				break;
			}
			server = restarted.s;
			for (const m of await verify(st, server.base, t))
				out.lost.push(`trial ${i} (killed after ${t.killAfterMs} ms): ${m}`);
			const t4 = Date.now();
			const ph = {
				warmup: t.at.firsts - t0,	/* until every writer's first answer */
				load: t.at.kill - t.at.firsts,	/* the random wait before the kill */
				drain: t1 - t.at.kill,	/* kill until the writers and the process are gone */
				audit: t2 - t1, serve: t3 - t2, verify: t4 - t3,
			};
			for (const [k, v] of Object.entries(ph))
				(out.phases[k] ||= []).push(v);
			if (process.env.NTM_CRASH_DEBUG)
				console.error(`trial ${i}: ${Object.entries(ph).map(([k, v]) => `${k} ${v}`).join(' ')} ms; ${JSON.stringify(t.acks)}`);
			out.trials = i;
			out.ms.push(t4 - t0);
			out.killMs.push(t.killAfterMs);
			progress(i, t);
		}
		if (server)
			for (const m of await verifyAllOrders(st, server.base))
				out.lost.push(`at the end: ${m}`);
	} finally {
		if (server)
			await server.stop();
	}
	out.acks = st ? st.totals : {};
	return out;
}

module.exports = { prepare, trial, verify, verifyAllOrders, run };
