'use strict';
/*
 * The access matrix, generated from the route table the binary declares
 * (`ntm routes`), so that a new route joins it without editing this file.
 *
 * For every route × every caller (anonymous, each demo account signed in
 * with a cookie, each demo account with an API token) × inside/outside the
 * caller's scope (for routes with a scope rule), one request, and the
 * outcome the declaration implies:
 *
 *   anonymous on a route that is not public   401 (JSON, HTML writes) or
 *                                             303 to /login?next= (HTML GET)
 *   a role not in the route's roles           403
 *   a cookie write without the CSRF token     403 (missing and wrong)
 *   a unit, user or record outside the        403 (a route with scope_soft:
 *   caller's scope                            admitted, it decides what an
 *                                             outsider sees)
 *   otherwise                                 neither 401 nor 403 (and for
 *                                             the routes this file knows how
 *                                             to call: 2xx or 303)
 *
 * Every refused write is followed by a check that nothing changed: the
 * accounts (ids, disabled flags, roles) and the number of audit entries as
 * an admin sees them, plus the object the request aimed at (the target
 * user's state, the token, the session).
 *
 * Path parameters are real: {structure}/{code} a unit inside or outside the
 * caller's scope, {id} a user (for /users/{id}/…) or one of the caller's
 * own tokens (for /tokens/{id}).  Routes this file has no recipe for get a
 * generic body ({} or the scope's unit) and the weaker "not 401/403" check.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const {
	DEMO, DEMO_PASSWORD, startDemo, routeTable, Client, allUsers, auditTotal, uniqueName,
} = require('../lib/accounts');

/* The demo's own reports (some approved) would make the report writes
 * refuse for their state, not for access: left out. */
process.env.NTM_DEMO_REPORTS = 'none';

const API = '/api/v1';
const ROUTES = routeTable();

/* Which side of the country each demo binding is on: the commune a
 * producer can be created in, the other province, the victim account. */
const HN = { commune: '2025:00376', otherCommune: '2025:20308', otherProvince: '2025:48', victim: 'v_hn', otherVictim: 'v_dn' };
const DN = { commune: '2025:20308', otherCommune: '2025:00376', otherProvince: '2025:01', victim: 'v_dn', otherVictim: 'v_hn' };
const SIDE = {
	hanoi: HN, socson: HN, thon1: HN, thamdinh: HN, ocop: HN, htx: HN,
	danang: DN, bana: DN,
	/* the country: everything is inside; a coordinator cannot manage an admin */
	admin: { commune: '2025:00376', otherCommune: null, otherProvince: null, victim: 'v_hn', otherVictim: null },
	dieuphoi: { commune: '2025:00376', otherCommune: null, otherProvince: null, victim: 'v_hn', otherVictim: 'v_admin' },
};
const BUYER_PHONE = '0912000111';
const BUYER_SIDE = { commune: '2025:00376', otherCommune: null, otherProvince: null, victim: 'v_hn', otherVictim: null };
const ANON_SIDE = { commune: '2025:00376', otherCommune: null, otherProvince: null, victim: 'v_hn', otherVictim: null };

let ntm;
let observer;		/* an admin API token: reads the state before and after */
const callers = [];	/* { label, client, username, roles, side, unit } */
const victims = {};	/* name -> user id */
let anonTokenId;	/* an admin token for anonymous revoke attempts */
let anonToken;
let cases = 0;
const tally = { allowed: 0, 401: 0, 303: 0, 403: 0 };

before(async () => {
	ntm = await startDemo();
	const admin = await Client.login(ntm.base, 'admin');
	observer = await admin.makeTokenClient('observer');
	/* the victims of disable/enable */
	for (const [name, role, unit] of [['v_hn', 'producer', HN.commune], ['v_dn', 'producer', DN.commune],
	    ['v_admin', 'admin', '2025:VN']]) {
		const r = await observer.post('/api/v1/users', { json: { username: name, full_name: `Victim ${name}`,
			password: 'victim-password-1', role, unit } });
		assert.equal(r.status, 200, r.text);
		victims[name] = r.json.created.id;
	}
	const t = await admin.makeTokenClient('anon-target');
	anonToken = t.token;
	anonTokenId = t.tokenId;

	callers.push({ label: 'anonymous', client: Client.anonymous(ntm.base), username: null, roles: [], side: ANON_SIDE, unit: null });
	const logins = await Promise.all(Object.keys(DEMO).map((u) => (u === 'admin' ? admin : Client.login(ntm.base, u))));
	for (const c of logins) {
		const roles = c.user.roles.map((r) => r.role);
		const unit = `${c.user.roles[0].structure}:${c.user.roles[0].unit_code}`;
		assert.equal(unit, DEMO[c.username].unit, `${c.username}'s binding`);
		callers.push({ label: `cookie:${c.username}`, client: c, username: c.username, roles, side: SIDE[c.username], unit });
	}
	for (const c of logins) {
		const tc = await c.makeTokenClient(`matrix-${c.username}`);
		const cookie = callers.find((x) => x.client === c);
		callers.push({ ...cookie, label: `token:${c.username}`, client: tc });
	}
	/* A marketplace buyer account (self-registered, bound at the country
	 * with no power over units): staff routes refuse it. */
	const reg = await Client.anonymous(ntm.base).post('/api/v1/market/buyers', { json: {
		name: 'Người mua ma trận', phone: BUYER_PHONE, password: DEMO_PASSWORD } });
	assert.equal(reg.status, 200, reg.text);
	const buyer = await Client.login(ntm.base, BUYER_PHONE);
	const bc = { label: 'cookie:buyer', client: buyer, username: BUYER_PHONE, roles: ['buyer'], side: BUYER_SIDE, unit: '2025:VN' };
	callers.push(bc, { ...bc, label: 'token:buyer', client: await buyer.makeTokenClient('matrix-buyer') });
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

const isWrite = (m) => m !== 'GET' && m !== 'HEAD';
const bare = (route) => (route.api ? route.path.slice(API.length) || '/' : route.path);
const routeKey = (route) => `${route.method} ${bare(route)}`;

/* The state a refused write must leave alone. */
async function snapshot() {
	const [users, audit] = await Promise.all([allUsers(observer), auditTotal(observer)]);
	const u = users.map((x) => ({ id: x.id, username: x.username, disabled: x.disabled, roles: x.roles }))
		.sort((a, b) => a.id - b.id);
	return { users: JSON.stringify(u), count: users.length, audit };
}

async function userById(id) {
	return (await allUsers(observer)).find((u) => u.id === id);
}

async function tokenWorks(token) {
	const c = new Client(ntm.base, { kind: 'token', token });
	return (await c.get('/api/v1/me')).status === 200;
}

/* A fresh token of the caller's own account, made with its credential. */
async function ownToken(caller) {
	const maker = caller.client.kind === 'anonymous' ? null : caller.client;
	const r = await maker.post('/api/v1/tokens', { json: { name: uniqueName('rv') } });
	assert.equal(r.status, 200, `token for ${caller.label}: ${r.text}`);
	return { id: r.json.created.id, token: r.json.created.token };
}

/* The unit of a scope rule for a variant ('inside' | 'outside' | 'n/a'). */
function scopeUnit(caller, scope, route) {
	const s = caller.side;
	if (route.scope === 'body_unit')
		return scope === 'outside' ? s.otherCommune : s.commune;
	/* path and query units: the caller's own binding, or the other province */
	if (scope === 'outside')
		return s.otherProvince;
	return caller.unit || '2025:01';
}

function targetUser(caller, scope) {
	return victims[scope === 'outside' ? caller.side.otherVictim : caller.side.victim];
}

/* ---- the criteria routes (web_criteria.c) --------------------------------- */

/* A small set of the matrix's own (2025 rural communes, 2026-2030): a
 * boolean, a number, and a number the province may set. */
const MATRIX_SET = 'matrix-xa';
function matrixSet(id) {
	return {
		format: 'ntm-criteria/1', id, version: 1, name: `Bộ ma trận ${id}`, kind: 'custom',
		applies_to: { structure: '2025', level: 'commune', unit_class: ['rural'] },
		years: { from: 2026, to: 2030 }, variant_by: 'none',
		criteria: [{ id: 'm', name: 'Ma trận', indicators: [
			{ id: 'm.1', name: 'Có', type: 'boolean' },
			{ id: 'm.2', name: 'Tỷ lệ', type: 'number', unit: '%', op: '>=', thresholds: [{ value: 50 }] },
			{ id: 'm.3', name: 'Tỷ lệ do tỉnh quy định', type: 'number', unit: '%', op: '>=',
			  delegated_to: 'province', thresholds: [{ value: null }] }] }],
	};
}
let matrixSetP = null;
function matrixSetReady() {
	matrixSetP ??= observer.post('/api/v1/criteria-sets', { json: matrixSet(MATRIX_SET) }).then((r) => {
		assert.equal(r.status, 200, `import ${MATRIX_SET}: ${r.text}`);
	});
	return matrixSetP;
}

/* A commune (or its province) inside the caller's scope, or outside it. */
function critUnit(caller, scope, level) {
	const s = caller.side;
	const commune = scope === 'outside' ? s.otherCommune : s.commune;
	if (level === 'commune')
		return commune;
	return commune === '2025:20308' ? '2025:48' : '2025:01';
}

async function storedM2(unit) {
	const [s, c] = unit.split(':');
	const r = await observer.get(`/api/v1/units/${s}/${c}/indicators/${MATRIX_SET}/2026`);
	assert.equal(r.status, 200, r.text);
	return r.json.values['m.2'] ?? null;
}

async function setExists(id) {
	return (await observer.get(`/api/v1/criteria-sets/${id}`)).status === 200;
}

async function setVersion(id) {
	return (await observer.get(`/api/v1/criteria-sets/${id}`)).json.version;
}

let m2 = 0;	/* a fresh value of m.2 for every write that sets it */

/* The recipe of a criteria route, or false if route is not one. */
async function criteriaRecipe(key, route, caller, v, params, out) {
	const unitAt = (level) => {
		const u = critUnit(caller, v.scope, level);
		[params.structure, params.code] = u.split(':');
		return u;
	};
	switch (key) {
	case 'GET /criteria-sets': case 'GET /indicators/import':
		return true;
	case 'GET /criteria-sets/{id}':
		params.id = 'ntm-xa-2026-2030';
		return true;
	case 'POST /criteria-sets': {
		const id = uniqueName('mxset');
		out.body = route.api ? matrixSet(id) : { document: JSON.stringify(matrixSet(id)) };
		out.refused = async () => assert.ok(!(await setExists(id)), `${id} was not imported`);
		out.allowed = async () => assert.ok(await setExists(id), `${id} was imported`);
		return true;
	}
	case 'POST /criteria-sets/from-table': {
		const id = uniqueName('mxtab');
		const csv = 'criterion,indicator,name,type,unit,op,value\n1,1.1,Chỉ tiêu,boolean,,,Đạt\n';
		out.body = route.api ? {
			meta: { id, version: 1, name: `Bảng ${id}`, kind: 'custom',
				applies_to: { structure: '2025', level: 'commune' }, years: { from: 2026, to: 2030 },
				variant_by: 'none' }, csv,
		} : { id, version: '1', name: `Bảng ${id}`, kind: 'custom', structure: '2025', level: 'commune',
			year_from: '2026', year_to: '2030', variant_by: 'none', csv };
		out.refused = async () => assert.ok(!(await setExists(id)), `${id} was not made`);
		out.allowed = async () => assert.ok(await setExists(id), `${id} was made`);
		return true;
	}
	case 'POST /criteria-sets/{id}/thresholds': {
		await matrixSetReady();
		params.id = MATRIX_SET;
		const v0 = await setVersion(MATRIX_SET);
		out.body = route.api ? { changes: { 'm.2': [{ value: 60 }] }, source_document: 'QĐ ma trận' }
			: { indicator: 'm.2', value: '60', source_document: 'QĐ ma trận' };
		out.refused = async () => assert.equal(await setVersion(MATRIX_SET), v0, 'no new version');
		out.allowed = async () => assert.equal(await setVersion(MATRIX_SET), v0 + 1, 'a new version');
		return true;
	}
	case 'GET /units/{structure}/{code}/attributes':
		unitAt('commune');
		return true;
	case 'POST /units/{structure}/{code}/attributes': {
		const u = unitAt('commune');
		const group = String(1 + (m2++ % 3));
		out.body = { year: '2026', commune_group: group, source_document: 'QĐ ma trận' };
		const read = async () => {
			const [s, c] = u.split(':');
			return (await observer.get(`/api/v1/units/${s}/${c}/attributes?year=2026`)).json.in_force;
		};
		const before = JSON.stringify(await read());
		out.refused = async () => assert.equal(JSON.stringify(await read()), before, 'the attributes are unchanged');
		out.allowed = async () => assert.equal((await read()).commune_group, group, 'the commune group is set');
		return true;
	}
	case 'GET /units/{structure}/{code}/overrides/{set_id}':
		await matrixSetReady();
		unitAt('province');
		params.set_id = MATRIX_SET;
		return true;
	case 'POST /units/{structure}/{code}/overrides/{set_id}': {
		await matrixSetReady();
		const u = unitAt('province');
		params.set_id = MATRIX_SET;
		const value = 51 + (m2++ % 40);
		out.body = { indicator: 'm.3', value: route.api ? value : String(value), source_document: 'QĐ tỉnh ma trận' };
		const read = async () => {
			const [s, c] = u.split(':');
			const r = await observer.get(`/api/v1/units/${s}/${c}/overrides/${MATRIX_SET}`);
			return r.json.items.find((x) => x.indicator === 'm.3')?.value ?? null;
		};
		const before = await read();
		out.refused = async () => assert.equal(await read(), before, 'the provincial threshold is unchanged');
		out.allowed = async () => assert.equal(await read(), value, 'the provincial threshold is set');
		return true;
	}
	case 'GET /units/{structure}/{code}/indicators/{set_id}/{year}':
	case 'GET /units/{structure}/{code}/evaluation/{set_id}/{year}':
	case 'GET /units/{structure}/{code}/evaluation/{set_id}/{year}/export.csv':
	case 'GET /units/{structure}/{code}/evaluation/{set_id}/{year}/export.xlsx':
		await matrixSetReady();
		unitAt('commune');
		params.set_id = MATRIX_SET;
		params.year = '2026';
		return true;
	case 'GET /units/{structure}/{code}/rollup/{set_id}/{year}':
	case 'GET /units/{structure}/{code}/rollup/{set_id}/{year}/export.csv':
	case 'GET /units/{structure}/{code}/rollup/{set_id}/{year}/export.xlsx':
		await matrixSetReady();
		unitAt('province');
		params.set_id = MATRIX_SET;
		params.year = '2026';
		return true;
	case 'PUT /units/{structure}/{code}/indicators/{set_id}/{year}':
	case 'POST /units/{structure}/{code}/indicators/{set_id}/{year}': {
		await matrixSetReady();
		const u = unitAt('commune');
		params.set_id = MATRIX_SET;
		params.year = '2026';
		const value = 1 + (m2++ % 99);
		out.body = route.api ? { values: { 'm.2': value } } : { 'v.m.2': String(value) };
		const before = await storedM2(u);
		out.refused = async () => assert.equal(await storedM2(u), before, 'the value is unchanged');
		out.allowed = async () => assert.equal(await storedM2(u), value, 'the value is written');
		return true;
	}
	case 'POST /indicators/import': {
		await matrixSetReady();
		const u = critUnit(caller, 'inside', 'commune');
		const value = 1 + (m2++ % 99);
		const [s, c] = u.split(':');
		out.body = { csv: `structure,code,set_id,year,indicator,value\n${s},${c},${MATRIX_SET},2026,m.2,${value}\n` };
		const before = await storedM2(u);
		out.refused = async () => assert.equal(await storedM2(u), before, 'the value is unchanged');
		out.allowed = async () => assert.equal(await storedM2(u), value, 'the value is written');
		return true;
	}
	default:
		return false;
	}
}

/* ---- the reports routes (web_reports.c) ----------------------------------- */

const REPORT_FORM = 'ntm-tien-do-thang';
const REPORT_PERIOD = '2026-03';
let rp = 0;	/* a fresh value of works_started for every write */

async function storedWorks(unit) {
	const [s, c] = unit.split(':');
	const r = await observer.get(`/api/v1/reports/${REPORT_FORM}/${s}/${c}/${REPORT_PERIOD}`);
	assert.equal(r.status, 200, r.text);
	return r.json.values.works_started ?? null;
}

/* The recipe of a reports route, or false if route is not one.  A report
 * is a commune's (inside or outside the caller's side); an aggregate is
 * read for the caller's own unit (the generic path unit). */
/* OCOP scorecards (docs/OCOP.md section 3): reads of the shipped one; a
 * PUT stores a new scorecard under an id of its own (refused: it does not
 * exist afterwards); the preview stores nothing. */
const OCOP_SCORECARD = 'ocop-148-2023';
const ocopScorecardDoc = (id) => ({
	...JSON.parse(require('node:fs').readFileSync(require('node:path').join(__dirname,
	    '../../../scorecards/ocop-148-2023.json'), 'utf8')), id,
});
const ocopScorecardExists = async (id) =>
	(await observer.get(`/api/v1/ocop/scorecards/${id}`)).status === 200;

async function ocopScorecardsRecipe(key, route, caller, v, params, out) {
	switch (key) {
	case 'GET /ocop/scorecards':
		return true;
	case 'GET /ocop/scorecards/{id}': case 'GET /ocop/scorecards/{id}/sheet':
		params.id = OCOP_SCORECARD;
		return true;
	case 'PUT /ocop/scorecards/{id}': {
		const id = uniqueName('mxsc');
		params.id = id;
		out.body = ocopScorecardDoc(id);
		out.refused = async () => assert.ok(!(await ocopScorecardExists(id)), `${id} was not stored`);
		out.allowed = async () => assert.ok(await ocopScorecardExists(id), `${id} was stored`);
		return true;
	}
	case 'POST /ocop/scorecards/{id}/preview':
		params.id = OCOP_SCORECARD;
		out.body = route.api ? { members: [{ A: 30, B: 20, C: 25 }] } : { m1_A: '30', m1_B: '20', m1_C: '25' };
		return true;
	}
	return false;
}

async function reportsRecipe(key, route, caller, v, params, out) {
	const communeAt = () => {
		const u = critUnit(caller, v.scope, 'commune');
		[params.structure, params.code] = u.split(':');
		return u;
	};
	switch (key) {
	case 'GET /reports/forms':
	case 'GET /reports':
		return true;
	case 'GET /reports/{form}/{structure}/{code}/{period}':
	case 'GET /reports/{form}/{structure}/{code}/{period}/print':
		params.form = REPORT_FORM;
		params.period = REPORT_PERIOD;
		communeAt();
		return true;
	case 'GET /reports/{form}/{structure}/{code}/{period}.xlsx':
	case 'GET /reports/{form}/{structure}/{code}/{period}.csv':
		/* the files are read like the report (web_reports_files.c) */
		params.form = REPORT_FORM;
		params.period = REPORT_PERIOD;
		communeAt();
		return true;
	case 'POST /reports/{form}/upload':
		/* a workbook travels as a raw body or multipart, which this
		 * matrix does not send: it checks the role refusals and that an
		 * allowed caller reaches the handler (415 for a JSON body); the
		 * units of a file, each checked against the caller's scope, are
		 * tests/e2e/api/reports-xlsx.test.js */
		params.form = REPORT_FORM;
		out.known = false;
		return true;
	case 'GET /reports/{form}/{structure}/{code}/{period}/aggregate':
		params.form = REPORT_FORM;
		params.period = REPORT_PERIOD;
		return true;
	case 'PUT /reports/{form}/{structure}/{code}/{period}':
	case 'POST /reports/{form}/{structure}/{code}/{period}': {	/* the entry page's form */
		params.form = REPORT_FORM;
		params.period = REPORT_PERIOD;
		const u = communeAt();
		const value = 1 + (rp++ % 99);
		out.body = route.api ? { values: { works_started: value } } : { 'values.works_started': String(value) };
		const before = await storedWorks(u);
		out.refused = async () => assert.equal(await storedWorks(u), before, 'the report is unchanged');
		out.allowed = async () => assert.equal(await storedWorks(u), value, 'the value is saved');
		return true;
	}
	default:
		return reportApprovalRecipe(key, route, caller, v, params, out);
	}
}

/* ---- the approval of reports and their completeness
 * (web_reports_approval.c) ----------------------------------------------------
 *
 * Each unit's report of RA_PERIOD (a month of its own, so that the saves of
 * REPORT_PERIOD above never meet a locked report) is brought to the state
 * the step needs by the unit's officer and its approver (API tokens of the
 * demo accounts), then the caller takes the step: a commune officer submits
 * its commune's report, a province officer its province's and approves,
 * returns or reopens its communes', the coordinator the province's (the
 * level above is the procedure's rule, not the router's: each caller gets
 * the report it may act on).  An outside variant aims at the other side's
 * report (403 from the router). */
const RA_PERIOD = '2026-04';
const RA_OFFICER = { '2025:00376': 'socson', '2025:20308': 'bana', '2025:01': 'hanoi', '2025:48': 'danang' };
const RA_APPROVER = { '2025:00376': 'hanoi', '2025:20308': 'danang', '2025:01': 'dieuphoi', '2025:48': 'dieuphoi' };
let raP = null;
function raReady() {
	raP ??= (async () => {
		const c = {};
		for (const u of ['socson', 'bana', 'hanoi', 'danang', 'dieuphoi'])
			c[u] = await (await Client.login(ntm.base, u)).makeTokenClient(`ra-${u}`);
		return c;
	})();
	return raP;
}

async function raState(unit) {
	const [s, c] = unit.split(':');
	const r = await observer.get(`/api/v1/reports/${REPORT_FORM}/${s}/${c}/${RA_PERIOD}`);
	assert.equal(r.status, 200, r.text);
	return r.json.state;
}

async function raStep(unit, action, who) {
	const [s, c] = unit.split(':');
	const r = await (await raReady())[who].post(`/api/v1/reports/${REPORT_FORM}/${s}/${c}/${RA_PERIOD}/${action}`,
		{ json: { reason: 'Ma trận' } });
	assert.equal(r.status, 200, `${action} ${unit}: ${r.text}`);
}

/* Bring unit's report to 'draft or returned', 'submitted' or 'approved'. */
async function raBring(unit, want) {
	let st = await raState(unit);
	if (st === 'new') {
		const [s, c] = unit.split(':');
		const r = await (await raReady())[RA_OFFICER[unit]].send('PUT',
			`/api/v1/reports/${REPORT_FORM}/${s}/${c}/${RA_PERIOD}`, { json: { values: { works_started: 1 } } });
		assert.equal(r.status, 200, r.text);
		st = 'draft';
	}
	if (st === 'approved' && want !== 'approved') {
		await raStep(unit, 'reopen', RA_APPROVER[unit]);
		st = 'returned';
	}
	if (want === 'editable') {
		if (st === 'submitted')
			await raStep(unit, 'return', RA_APPROVER[unit]);
		return;
	}
	if (st === 'draft' || st === 'returned')
		await raStep(unit, 'submit', RA_OFFICER[unit]);
	if (want === 'approved' && st !== 'approved')
		await raStep(unit, 'approve', RA_APPROVER[unit]);
}

async function reportApprovalRecipe(key, route, caller, v, params, out) {
	const step = key.match(/^POST \/reports\/\{form\}\/\{structure\}\/\{code\}\/\{period\}\/(submit|approve|return|reopen)$/);
	if (key === 'GET /reports/{form}/completeness') {
		params.form = REPORT_FORM;
		if (caller.username)
			out.query = `?unit=${encodeURIComponent(scopeUnit(caller, v.scope, route))}&period=${REPORT_PERIOD}`;
		return true;
	}
	if (!step)
		return false;
	const action = step[1];
	params.form = REPORT_FORM;
	params.period = RA_PERIOD;
	/* the report this caller may act on: its commune's or province's for a
	 * submission, the level below's for the other steps */
	const roles = caller.roles;
	let level = 'commune';
	if (action === 'submit' && !roles.includes('commune_officer'))
		level = 'province';
	if (action !== 'submit' && roles.includes('coordinator'))
		level = 'province';
	const unit = critUnit(caller, v.scope, level);
	[params.structure, params.code] = unit.split(':');
	const acting = caller.client.kind !== 'anonymous' && Array.isArray(route.roles) &&
	    roles.some((r) => route.roles.includes(r));
	if (acting && RA_OFFICER[unit]) {
		const need = { submit: 'editable', approve: 'submitted', return: 'submitted', reopen: 'approved' }[action];
		await raBring(unit, need);
	}
	out.body = { reason: 'Ma trận: lý do' };
	const to = { submit: 'submitted', approve: 'approved', return: 'returned', reopen: 'returned' }[action];
	const before = RA_OFFICER[unit] ? await raState(unit) : null;
	out.refused = async () => assert.equal(await raState(unit), before, 'the report did not move');
	out.allowed = async () => assert.equal(await raState(unit), to, `the report is ${to}`);
	return true;
}

/* ---- the surveys routes (web_surveys*.c) ---------------------------------- */

/* The matrix's own questionnaires, campaigns and codes, one set on each
 * side of the country (the unit of HN or DN), made by the observer when
 * first needed.  A questionnaire's or a campaign's unit comes from the
 * database: the routes of /surveys/{id}… and /campaigns/{id}…, /s/{id}
 * name it through the module's resolvers (scope "survey", "campaign",
 * "survey_newest_campaign"), so the matrix makes an "outside" variant for
 * each, and the recipe then gives the OTHER side's record (expected 403,
 * or - scope_soft: the public form and the published results - admitted).
 * Routes whose scope is the body's or the query's unit keep the caller's
 * own side's records (the unit sent decides).  The results routes use a
 * closed campaign on each side, so that an outsider's call is one the
 * publication rule admits. */
const svToday = () => new Date().toISOString().slice(0, 10);
const svLater = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
function svDoc(title) {
	return { format: 'ntm-survey/1', title, questions: [
		{ id: 'q1', type: 'scale5', text: 'Mức độ hài lòng', required: true, satisfied_from: 4 },
		{ id: 'q2', type: 'text', text: 'Ý kiến khác' }] };
}
const svSide = (caller) => (caller.side.commune === '2025:20308' ? 'DN' : 'HN');
const SV_UNIT = { HN: '2025:00376', DN: '2025:20308' };

async function svPost(path, json) {
	const r = await observer.post(path, { json });
	assert.equal(r.status, 200, `${path}: ${r.text}`);
	return r.json;
}

async function svCampaign(surveyId, unit, title) {
	return (await svPost(`/api/v1/surveys/${surveyId}/campaigns`, { unit, title, households: 500,
		min_coverage: 70, threshold: 90, opens_on: svToday(), closes_on: svLater(10), posting_days: 5,
		mode: 'codes' })).created.id;
}

async function svIssue(campaignId, count) {
	return svPost(`/api/v1/campaigns/${campaignId}/codes`, { count });
}

let svP = null;
function svReady() {
	svP ??= (async () => {
		const f = { survey: {}, campaign: {}, pdfBatch: {}, comment: {}, pool: { HN: [], DN: [] },
			closedSurvey: {}, closed: {} };
		for (const side of ['HN', 'DN']) {
			f.survey[side] = (await svPost('/api/v1/surveys', { unit: SV_UNIT[side], document: svDoc(`Ma trận ${side}`) })).created.id;
			f.campaign[side] = await svCampaign(f.survey[side], SV_UNIT[side], `Đợt ma trận ${side}`);
			f.pdfBatch[side] = (await svIssue(f.campaign[side], 2)).batch;
			const [k] = (await svIssue(f.campaign[side], 1)).codes;
			await svPost(`/api/v1/s/${f.campaign[side]}`, { code: k, answers: { q1: 5, q2: `Ý kiến ma trận ${side}` } });
		}
		/* a survey on each side whose newest campaign is closed: its
		 * results are public, its responses and comments readable (5
		 * responses: the smallest group shown, docs/SURVEYS.md) */
		for (const side of ['HN', 'DN']) {
			f.closedSurvey[side] = (await svPost('/api/v1/surveys', { unit: SV_UNIT[side],
				document: svDoc(`Ma trận đã đóng ${side}`) })).created.id;
			f.closed[side] = await svCampaign(f.closedSurvey[side], SV_UNIT[side], `Đợt ma trận đã đóng ${side}`);
			const ks = (await svIssue(f.closed[side], 5)).codes;
			for (const [i, k] of ks.entries())
				await svPost(`/api/v1/s/${f.closed[side]}`, { code: k, answers: i ? { q1: 4 } : { q1: 4, q2: `Ý kiến ma trận ${side}` } });
			await svPost(`/api/v1/campaigns/${f.closed[side]}/close`, {});
			const res = await observer.get(`/api/v1/campaigns/${f.closed[side]}/results`);
			f.comment[side] = res.json.comments[0].id;
		}
		return f;
	})();
	return svP;
}

/* A household code of the side's campaign no one has used. */
async function svCode(f, side) {
	if (f.pool[side].length === 0)
		f.pool[side].push(...(await svIssue(f.campaign[side], 100)).codes);
	return f.pool[side].pop();
}

async function svCampaignState(id) {
	return (await observer.get(`/api/v1/campaigns/${id}`)).json;
}

async function svResponses(id) {
	return (await observer.get(`/api/v1/campaigns/${id}/results`)).json.responses;
}

async function svCommentHidden(id, cid) {
	const r = await observer.get(`/api/v1/campaigns/${id}/results`);
	return r.json.comments.find((c) => c.id === cid).hidden;
}

/* The recipe of a surveys route, or false if route is not one. */
async function surveysRecipe(key, route, caller, v, params, out) {
	const routes = ['/surveys', '/campaigns', '/s/'];
	if (!routes.some((p) => key.slice(key.indexOf(' ') + 1).startsWith(p)))
		return false;
	const f = await svReady();
	/* The side of the records: the other one for an "outside" variant of
	 * a record's scope; the caller's own where the unit sent decides. */
	const own = svSide(caller);
	const recordScope = !['body_unit', 'query_unit', 'none'].includes(route.scope);
	const side = recordScope && v.scope === 'outside' ? (own === 'HN' ? 'DN' : 'HN') : own;
	const api = route.api;
	switch (key) {
	case 'GET /surveys':
		return true;
	case 'POST /surveys': {
		const unit = scopeUnit(caller, v.scope, route);
		const title = uniqueName('mxsv');
		out.body = api ? { unit, document: svDoc(title) } : { unit, document: JSON.stringify(svDoc(title)) };
		const has = async () => (await observer.get('/api/v1/surveys?limit=500')).json.items.some((x) => x.title === title);
		out.refused = async () => assert.ok(!(await has()), `${title} was not created`);
		out.allowed = async () => assert.ok(await has(), `${title} was created`);
		return true;
	}
	case 'GET /surveys/{id}': case 'GET /surveys/{id}/export':
		params.id = String(f.survey[side]);
		return true;
	case 'POST /surveys/{id}': {
		params.id = String(f.survey[side]);
		const title = uniqueName('mxsvu');
		out.body = api ? { document: svDoc(title) } : { action: 'document', document: JSON.stringify(svDoc(title)) };
		const titleNow = async () => (await observer.get(`/api/v1/surveys/${params.id}`)).json.title;
		out.refused = async () => assert.notEqual(await titleNow(), title, 'the questionnaire is unchanged');
		out.allowed = async () => assert.equal(await titleNow(), title, 'the questionnaire is replaced');
		return true;
	}
	case 'GET /surveys/{id}/results':
		params.id = String(f.closedSurvey[side]);
		return true;
	case 'POST /surveys/{id}/campaigns': {
		params.id = String(f.survey[side]);
		const unit = scopeUnit(caller, v.scope, route);
		const title = uniqueName('mxc');
		const b = { unit, title, households: 50, min_coverage: 70, threshold: 90, opens_on: svToday(),
			closes_on: svLater(10), posting_days: 5, mode: 'codes' };
		out.body = api ? b : Object.fromEntries(Object.entries(b).map(([k, x]) => [k, String(x)]));
		const has = async () => (await observer.get('/api/v1/campaigns?limit=500')).json.items.some((x) => x.title === title);
		out.refused = async () => assert.ok(!(await has()), `${title} was not started`);
		out.allowed = async () => assert.ok(await has(), `${title} was started`);
		return true;
	}
	case 'GET /campaigns':
		if (caller.username)
			out.query = `?unit=${encodeURIComponent(scopeUnit(caller, v.scope, route))}`;
		return true;
	case 'GET /campaigns/{id}': case 'GET /campaigns/{id}/entry':
	case 'GET /s/{id}': case 'GET /s/{id}/thanks':
		params.id = String(f.campaign[side]);
		return true;
	case 'GET /campaigns/{id}/codes.pdf':
		params.id = String(f.campaign[side]);
		if (caller.username)
			out.query = `?batch=${f.pdfBatch[side]}`;
		return true;
	case 'GET /campaigns/{id}/results': case 'GET /campaigns/{id}/results.csv': case 'GET /campaigns/{id}/results.xlsx':
	case 'GET /campaigns/{id}/responses':	/* readable once closed */
		params.id = String(f.closed[side]);
		return true;
	case 'POST /campaigns/{id}/close': {
		const id = await svCampaign(f.survey[side], SV_UNIT[side], uniqueName('mxclose'));
		params.id = String(id);
		out.refused = async () => assert.equal((await svCampaignState(id)).state, 'open', 'the campaign is still open');
		out.allowed = async () => assert.equal((await svCampaignState(id)).state, 'closed', 'the campaign is closed');
		return true;
	}
	case 'POST /campaigns/{id}/codes': {
		const id = f.campaign[side];
		params.id = String(id);
		out.body = api ? { count: 1 } : { count: '1' };
		const before = (await svCampaignState(id)).codes.issued;
		out.refused = async () => assert.equal((await svCampaignState(id)).codes.issued, before, 'no code issued');
		out.allowed = async () => assert.equal((await svCampaignState(id)).codes.issued, before + 1, 'one code issued');
		return true;
	}
	case 'POST /campaigns/{id}/codes/replace': {
		const id = f.campaign[side];
		params.id = String(id);
		out.body = { code: await svCode(f, side), reason: 'Hộ làm mất phiếu (ma trận)' };
		const before = (await svCampaignState(id)).codes.cancelled;
		out.refused = async () => assert.equal((await svCampaignState(id)).codes.cancelled, before, 'no code cancelled');
		out.allowed = async () => assert.equal((await svCampaignState(id)).codes.cancelled, before + 1, 'one code cancelled');
		return true;
	}
	case 'POST /campaigns/{id}/entry': case 'POST /s/{id}': {
		const id = f.campaign[side];
		params.id = String(id);
		const k = await svCode(f, side);
		out.body = api ? { code: k, answers: { q1: 4 } } : { code: k, 'a.q1': '4' };
		const before = await svResponses(id);
		out.refused = async () => assert.equal(await svResponses(id), before, 'no response stored');
		out.allowed = async () => assert.equal(await svResponses(id), before + 1, 'the response is stored');
		return true;
	}
	case 'POST /campaigns/{id}/comments/{cid}/hide': case 'POST /campaigns/{id}/comments/{cid}/show': {
		const id = f.closed[side], cid = f.comment[side];	/* moderated once closed */
		const hide = key.endsWith('/hide');
		params.id = String(id);
		params.cid = cid;
		/* from the other state, so that an allowed call changes it */
		await svPost(`/api/v1/campaigns/${id}/comments/${cid}/${hide ? 'show' : 'hide'}`, {});
		out.refused = async () => assert.equal(await svCommentHidden(id, cid), !hide, 'the comment is unchanged');
		out.allowed = async () => assert.equal(await svCommentHidden(id, cid), hide, 'the comment changed');
		return true;
	}
	default:
		return false;
	}
}

/* ---- the recognition dossiers routes (web_dossiers*.c) -------------------- */

/* Every route on one dossier has the scope "dossier": the router reads
 * the dossier's unit (the resolver of web_dossiers.c) and admits only a
 * caller whose binding with a role of the route holds it.  So each caller
 * gets, for the "inside" variant, objects of its own side of the country
 * in a state where its role has something to do - the side's commune's
 * draft (a commune officer withdraws it), a dossier of another commune
 * awaiting the province's appraisal (a province officer or an appraiser
 * records an appraisal, a stay; the procedure, which is data, decides who
 * may take it), a decided one (its decision page is public; a revocation
 * case can be opened on its unit and is dismissed again) - and for the
 * "outside" variant the same object of the OTHER side, which the router
 * refuses (403) unless the route is scope_soft (the decision page: public
 * once decided).  Made by the observer and the side's officials when
 * first needed (lib/dossiers.js helpers). */
const dsLib = require('../lib/dossiers');
const DS_SIDE_UNIT = { HN: '2025:00376', DN: '2025:20308' };
const DS_PROVINCE = { HN: '2025:01', DN: '2025:48' };
const dsSide = (caller) => (caller.side.commune === '2025:20308' ? 'DN' : 'HN');
const dsOther = (side) => (side === 'HN' ? 'DN' : 'HN');

async function dsOk(r, what) {
	assert.ok(r.status === 200, `${what}: ${r.status} ${r.text.slice(0, 300)}`);
	return r.json;
}

/* A dossier of unit under 2026-2030 submitted with a justification (in
 * province_appraisal), as the officer client. */
async function dsSubmitted(officer, unit) {
	const c = await dsOk(await officer.post(`${API}/dossiers`, { json: { unit, set_id: dsLib.SET_NEW, year: 2026,
		title: 'ntm' } }), `create at ${unit}`);
	const id = c.created.id;
	for (const k of ['self_assessment', 'satisfaction_minutes'])
		await dsOk(await dsLib.upload(officer, id, k, dsLib.pdf(`${k} ${unit}`)), `upload ${k}`);
	await dsOk(await dsLib.act(officer, id, 'submit', { justification: 'Ma trận: giải trình để trình thẩm tra.' }), 'submit');
	return id;
}

let dsP = null;
function dsReady() {
	dsP ??= (async () => {
		await dsLib.ensureProcedures(observer);
		const f = { draft: { HN: null, DN: null }, appraisal: {}, decided: {}, decidedUnit: {}, commune: {}, province: {} };
		for (const side of ['HN', 'DN']) {
			const [commune, province] = await Promise.all([
				Client.login(ntm.base, side === 'HN' ? 'socson' : 'bana'),
				Client.login(ntm.base, side === 'HN' ? 'hanoi' : 'danang')]);
			f.commune[side] = commune;
			f.province[side] = province;
			/* the side's commune may hold the demo's dossier: closed, so
			 * that the matrix's own draft can be made */
			await dsLib.clearOpen(observer, DS_SIDE_UNIT[side], commune, province);
			const [ps, pc] = DS_PROVINCE[side].split(':');
			const units = (await observer.get(`${API}/units?structure=${ps}&parent=${pc}&level=commune&limit=10`)).json.items
				.map((u) => `${u.structure}:${u.code}`).filter((u) => u !== DS_SIDE_UNIT[side]);
			const officers = [];
			for (const u of units.slice(0, 2))
				officers.push(await dsLib.ensureUser(observer, `mxo${u.split(':')[1]}`, 'commune_officer', u));
			const council = [];
			for (const n of [1, 2, 3])
				council.push(await dsLib.ensureUser(observer, `mxhd${side.toLowerCase()}${n}`, 'appraiser', DS_PROVINCE[side]));
			f.appraisal[side] = await dsSubmitted(officers[0], units[0]);
			/* a decided one: appraised, forwarded, voted, closed, decided */
			const id = await dsSubmitted(officers[1], units[1]);
			await dsOk(await dsLib.act(council[0], id, 'appraise', { criteria: await dsLib.appraisal(council[0], id) }), 'appraise');
			await dsOk(await dsLib.upload(council[0], id, 'appraisal_report', dsLib.pdf(`report ${units[1]}`)), 'report');
			await dsOk(await dsLib.act(council[0], id, 'forward'), 'forward');
			for (const m of council)
				await dsOk(await dsLib.act(m, id, 'vote', { vote: 'approve' }), 'vote');
			await dsOk(await dsLib.act(province, id, 'close_review'), 'close_review');
			await dsOk(await dsLib.act(province, id, 'decide', { decision_no: `MX-${side}/QĐ-UBND`,
				decision_date: svToday(), decision_signer: 'Chủ tịch UBND (ma trận)' }), 'decide');
			f.decided[side] = id;
			f.decidedUnit[side] = units[1];
		}
		return f;
	})();
	return dsP;
}

/* The side's open draft (made by its commune officer, with one file). */
async function dsDraft(f, side) {
	if (f.draft[side] === null) {
		const c = await dsOk(await f.commune[side].post(`${API}/dossiers`, { json: { unit: DS_SIDE_UNIT[side],
			set_id: dsLib.SET_NEW, year: 2026, title: 'ntm' } }), 'draft');
		f.draft[side] = c.created.id;
		await dsOk(await dsLib.upload(f.commune[side], f.draft[side], 'self_assessment', dsLib.pdf(`draft ${side}`)), 'draft file');
	}
	return f.draft[side];
}

async function dsGet(id) {
	return (await observer.get(`${API}/dossiers/${id}`)).json;
}

/* Withdraw the side's draft (before a POST /dossiers that should create
 * the next one: one open dossier per unit and title). */
async function dsWithdrawDraft(f, side) {
	if (f.draft[side] === null)
		return;
	const id = f.draft[side];
	f.draft[side] = null;
	await dsOk(await dsLib.act(f.commune[side], id, 'withdraw', { note: 'Ma trận: rút để tạo lại' }), 'withdraw');
}

async function dsOpenAt(unit, kind = 'recognition') {
	const r = await observer.get(`${API}/dossiers?unit=${encodeURIComponent(unit)}&kind=${kind}&limit=500`);
	return r.json.items.filter((x) => !x.state.terminal);
}

/* The recipe of a dossiers route, or false if route is not one. */
async function dossiersRecipe(key, route, caller, v, params, out) {
	const p = key.slice(key.indexOf(' ') + 1);
	if (!['/dossiers', '/recognitions', '/procedures'].some((x) => p === x || p.startsWith(`${x}/`)))
		return false;
	const api = route.api;
	/* a dossier of the caller's side, or of the other side (outside) */
	const side = route.scope === 'dossier' && v.scope === 'outside' ? dsOther(dsSide(caller)) : dsSide(caller);
	const roles = caller.roles;
	const willAct = (mask) => caller.client.kind !== 'anonymous' && v.csrf === true && v.scope !== 'outside' &&
	    roles.some((r) => mask.includes(r));
	switch (key) {
	case 'GET /dossiers':
		if (caller.username)
			out.query = `?unit=${encodeURIComponent(scopeUnit(caller, v.scope, route))}`;
		return true;
	case 'POST /dossiers': {
		const f = await dsReady();
		const unit = scopeUnit(caller, v.scope, route);
		if (willAct(['commune_officer']))
			await dsWithdrawDraft(f, side);
		const b = { unit, set_id: dsLib.SET_NEW, year: 2026, title: 'ntm', note: 'Ma trận' };
		out.body = api ? b : { ...b, year: '2026' };
		const before = (await dsOpenAt(unit)).length;
		out.refused = async () => assert.equal((await dsOpenAt(unit)).length, before, 'no dossier created');
		out.allowed = async () => {
			const open = await dsOpenAt(unit);
			assert.equal(open.length, 1, 'one open dossier');
			f.draft[side] = open[0].id;
		};
		return true;
	}
	case 'GET /dossiers/{id}': case 'GET /dossiers/{id}/summary.pdf':
		params.id = String(await dsDraft(await dsReady(), side));
		return true;
	case 'POST /dossiers/{id}': {
		const f = await dsReady();
		const id = await dsDraft(f, side);
		params.id = String(id);
		const just = uniqueName('mxjust');
		const rv = (await dsGet(id)).row_version;
		out.body = api ? { row_version: rv, justification: just } : { row_version: String(rv), justification: just };
		out.refused = async () => assert.notEqual((await dsGet(id)).justification, just, 'unchanged');
		out.allowed = async () => assert.equal((await dsGet(id)).justification, just, 'the justification is saved');
		return true;
	}
	case 'POST /dossiers/{id}/actions/{transition}': {
		const f = await dsReady();
		if (roles.includes('commune_officer')) {
			/* the commune withdraws its draft */
			const id = await dsDraft(f, side);
			params.id = String(id);
			params.transition = 'withdraw';
			const rv = (await dsGet(id)).row_version;
			out.body = api ? { row_version: rv, note: 'Ma trận: rút' } : { row_version: String(rv), note: 'Ma trận: rút' };
			out.refused = async () => assert.equal((await dsGet(id)).state.id, 'draft', 'still a draft');
			out.allowed = async () => {
				assert.equal((await dsGet(id)).state.id, 'withdrawn', 'withdrawn');
				f.draft[side] = null;
			};
		} else {
			/* the province (officer or appraiser) records an appraisal */
			const id = f.appraisal[side];
			params.id = String(id);
			params.transition = 'appraise';
			const d0 = await dsGet(id);
			const verdict = uniqueName('mxap');
			const crit = Object.fromEntries(d0.criteria.map((c) => [c.id, { appraisal: 'confirmed', note: verdict }]));
			out.body = api ? { row_version: d0.row_version, criteria: crit } : { row_version: String(d0.row_version),
				...Object.fromEntries(d0.criteria.flatMap((c) => [[`a.${c.id}`, 'confirmed'], [`an.${c.id}`, verdict]])) };
			out.refused = async () => assert.notEqual((await dsGet(id)).criteria[0].note, verdict, 'no appraisal recorded');
			out.allowed = async () => assert.equal((await dsGet(id)).criteria[0].note, verdict, 'the appraisal is recorded');
		}
		return true;
	}
	case 'POST /dossiers/{id}/comments': {
		const f = await dsReady();
		const id = await dsDraft(f, side);
		params.id = String(id);
		const body = uniqueName('mxcm');
		out.body = { body };
		const has = async () => (await dsGet(id)).comments.some((c) => c.body === body);
		out.refused = async () => assert.ok(!(await has()), 'no comment');
		out.allowed = async () => assert.ok(await has(), 'the comment is there');
		return true;
	}
	case 'POST /dossiers/{id}/attachments':
		/* a file travels as multipart or a raw body, which this matrix
		 * does not send: it checks the refusals and that an allowed
		 * caller reaches the handler (422/415 for the missing file) */
		params.id = String(await dsDraft(await dsReady(), side));
		out.known = false;
		return true;
	case 'GET /dossiers/{id}/attachments/{aid}': {
		const f = await dsReady();
		const id = await dsDraft(f, side);
		params.id = String(id);
		params.aid = String((await dsGet(id)).attachments.find((a) => a.removed_at === null).id);
		return true;
	}
	case 'DELETE /dossiers/{id}/attachments/{aid}': case 'POST /dossiers/{id}/attachments/{aid}/remove': {
		/* only who attached a file may remove it, at their step: the
		 * caller attaches one first (when its role may) */
		const f = await dsReady();
		const id = roles.includes('commune_officer') ? await dsDraft(f, side) : f.appraisal[side];
		params.id = String(id);
		let aid = (await dsGet(id)).attachments.find((a) => a.removed_at === null).id;
		if (caller.client.kind !== 'anonymous' && v.scope !== 'outside' &&
		    roles.some((r) => ['commune_officer', 'province_officer', 'appraiser'].includes(r))) {
			const r = await dsLib.upload(caller.client, id, 'other', dsLib.pdf(uniqueName('mxf')));
			assert.equal(r.status, 200, `upload as ${caller.label}: ${r.text}`);
			aid = r.json.created.id;
		}
		params.aid = String(aid);
		const live = async () => (await dsGet(id)).attachments.find((a) => a.id === aid).removed_at === null;
		out.refused = async () => assert.ok(await live(), 'the file is still there');
		out.allowed = async () => assert.ok(!(await live()), 'the file is removed');
		return true;
	}
	case 'GET /dossiers/{id}/decision.pdf':
		params.id = String((await dsReady()).decided[side]);
		return true;
	case 'GET /recognitions': case 'GET /recognitions/watch': case 'GET /procedures':
		return true;
	case 'GET /procedures/{id}':
		params.id = 'commune-ntm-2026-2030';
		return true;
	case 'POST /recognitions/revocations': {
		const f = await dsReady();
		const unit = v.scope === 'outside' ? scopeUnit(caller, v.scope, route) : f.decidedUnit[side];
		out.body = { unit, title: 'ntm', note: 'Ma trận: đề nghị thu hồi' };
		const open = async () => (await dsOpenAt(unit, 'revocation')).length;
		const before = await open();
		out.refused = async () => assert.equal(await open(), before, 'no case opened');
		out.allowed = async () => {
			const cases = await dsOpenAt(unit, 'revocation');
			assert.equal(cases.length, 1, 'one case open');
			/* dismissed again, so that the next caller can open one */
			await dsOk(await dsLib.act(f.province[side], cases[0].id, 'dismiss', { note: 'Ma trận: không thu hồi' }), 'dismiss');
		};
		return true;
	}
	case 'POST /procedures': {
		const id = uniqueName('mxproc').replace(/[^a-z0-9]/g, '');
		const doc = { format: 'ntm-procedure/1', id, version: 1, name: `Quy trình ma trận ${id}`, kind: 'matrix',
			legal_basis: 'Ma trận', applies_to: { structures: ['2025'], level: 'commune', titles: ['ntm'], sets: [dsLib.SET_NEW] },
			create: { roles: ['commune_officer'], level: 'unit' }, initial: 'open',
			attachment_kinds: [{ id: 'other', name: 'Khác' }],
			states: [{ id: 'open', name: 'Mở', holder: 'unit', due_days: null, editable: true },
				{ id: 'closed', name: 'Đóng', holder: 'unit', terminal: true, outcome: 'withdrawn' }],
			transitions: [{ id: 'close', name: 'Đóng', from: ['open'], to: 'closed', roles: ['commune_officer'], level: 'unit' }] };
		out.body = api ? doc : { document: JSON.stringify(doc), change_note: 'ma trận' };
		const exists = async () => (await observer.get(`${API}/procedures/${id}`)).status === 200;
		out.refused = async () => assert.ok(!(await exists()), `${id} was not imported`);
		out.allowed = async () => assert.ok(await exists(), `${id} was imported`);
		return true;
	}
	default:
		return false;
	}
}

/* ---- the OCOP registry routes (web_ocop_registry.c) ------------------------ */

/* Per side: the clients that own, check and take to the province a
 * product, the producer they act on (Hà Nội: the demo cooperative htx
 * represents; Đà Nẵng: one Bà Nà's officer registers), and a product with
 * a photo for the reads. */
let ocFix = null;
async function ocReady() {
	if (ocFix)
		return ocFix;
	const login = (u) => Client.login(ntm.base, u);
	const [htx, socson, hanoi, bana, danang, ocop] = await Promise.all(
		['htx', 'socson', 'hanoi', 'bana', 'danang', 'ocop'].map(login));
	const hnProducer = (await htx.get(`${API}/ocop/producers?unit=2025:00376&q=nong nghiep soc son`)).json.items[0].id;
	const dn = await dsOk(await bana.post(`${API}/ocop/producers`, { json: { unit: DN.commune, name: 'Hợp tác xã ma trận Bà Nà' } }), 'DN producer');
	ocFix = {
		hn: { owner: htx, commune: socson, province: hanoi, evaluator: ocop, producer: hnProducer },
		dn: { owner: bana, commune: bana, province: danang, evaluator: null, producer: dn.created.id },
	};
	const photo = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', 'fixtures', 'ocop-photo.jpg'));
	for (const side of ['hn', 'dn']) {
		const f = ocFix[side];
		f.product = await ocProduct(side, 'registered');
		const up = await dsLib.rawUpload(f.owner, `${API}/ocop/products/${f.product}/photos?filename=a.jpg`, photo, 'image/jpeg');
		f.photo = (await dsOk(up, 'photo')).created.id;
	}
	return ocFix;
}

/* A fresh product of side's producer taken to state (registered,
 * business_plan, commune_checked, provincial_round). */
async function ocProduct(side, state) {
	const f = ocFix[side];
	const c = await dsOk(await f.owner.post(`${API}/ocop/producers/${f.producer}/products`,
		{ json: { name: uniqueName('mxsp'), group: 1 } }), 'product');
	const id = c.created.id;
	const steps = [['business_plan', f.owner, 'submit_plan', {}],
		['commune_checked', f.commune, 'forward', { assessments: { origin: 'met', labour: 'met', idea: 'met', identity: 'met' } }],
		['provincial_round', f.province, 'open_provincial', {}]];
	for (const [to, client, t, body] of steps) {
		if (state === 'registered')
			break;
		await dsOk(await client.post(`${API}/ocop/products/${id}/actions/${t}`, { json: body }), t);
		if (to === state)
			break;
	}
	return id;
}

const ocGet = async (id) => (await observer.get(`${API}/ocop/products/${id}`)).json;

/* A fresh product of side certified by its province from a paper
 * certificate: { id, code }. */
async function ocCertified(side) {
	const f = ocFix[side];
	const id = await ocProduct(side, 'registered');
	const r = await dsOk(await f.province.post(`${API}/ocop/products/${id}/certificates`,
		{ json: { number: uniqueName('mxgcn'), level: 'province', stars: 4, issued_on: '2026-01-15' } }), 'certificate');
	return { id, code: r.certificate.code };
}
const ocCert = async (code) => (await observer.get(`${API}/ocop/certificates/${code}`)).json;

/* ---- the producer's shop (web_market_shop*.c) --------------------------- */

/* Per side: a producer represented by a producer account, its shop open,
 * a certified product listed (the listing's id), and another certified
 * product to list.  Hà Nội's producer is htx's; Đà Nẵng's an account of
 * the matrix's own in Bà Nà. */
let mkFix = null;
async function mkReady() {
	if (mkFix)
		return mkFix;
	const market = require('../lib/market');
	const danang = await Client.login(ntm.base, 'danang');
	const dnUser = uniqueName('mxnsx');
	await dsOk(await observer.post(`${API}/users`, { json: { username: dnUser, full_name: `Chủ thể ${dnUser}`,
		password: 'ntm-demo-2026', role: 'producer', unit: DN.commune } }), 'DN producer account');
	const dnOwner = await Client.login(ntm.base, dnUser);
	const dnProducer = (await dsOk(await dnOwner.post(`${API}/ocop/producers`, { json: { unit: DN.commune,
		name: uniqueName('Cơ sở ma trận'), kind: 'business_household' } }), 'DN producer')).created.id;
	const dnProduct = async () => {
		const p = (await dsOk(await dnOwner.post(`${API}/ocop/producers/${dnProducer}/products`,
			{ json: { name: uniqueName('mxsp'), group: 1 } }), 'DN product')).created.id;
		await dsOk(await danang.post(`${API}/ocop/products/${p}/certificates`, { json: {
			number: uniqueName('mxgcn'), level: 'province', stars: 3, issued_on: market.daysBefore(30) } }), 'DN cert');
		return p;
	};
	const hn = await market.listedProduct(ntm.base);
	const hnSpare = await market.certifiedProduct(ntm.base);
	await market.openShop(hnSpare.htx, hnSpare.producerId);
	const dnListed = await dnProduct();
	await market.openShop(dnOwner, dnProducer);
	const dnListing = await market.createListing(dnOwner, dnListed, {});
	mkFix = {
		hn: { producer: hn.producerId, listing: hn.listingId, spare: hnSpare.productId,
			spareProducer: hnSpare.producerId },
		dn: { producer: dnProducer, listing: dnListing.id, spare: await dnProduct(), spareProducer: dnProducer },
	};
	return mkFix;
}

/* The recipe of a shop route, or false if route is not one. */
async function marketShopRecipe(key, route, caller, v, params, out) {
	const p = key.slice(key.indexOf(' ') + 1);
	if (!p.startsWith('/market/') && !p.startsWith('/cua-hang'))
		return false;
	const f = await mkReady();
	const mine = caller.side && caller.side === DN ? 'dn' : 'hn';
	const side = v.scope === 'outside' ? (mine === 'hn' ? 'dn' : 'hn') : mine;
	if (route.scope === 'market_listing')
		params.id = String(f[side].listing);
	if (route.scope === 'market_shop') {
		if (route.method !== 'GET')
			out.body = { producer_id: f[side].producer };
		else if (caller.username)
			out.query = `?producer_id=${f[side].producer}`;
	}
	switch (key) {
	case 'PUT /market/shop':
		out.body = { producer_id: f[side].producer, accepts_cod: true, accepts_transfer: true, bank_bin: '970436',
			bank_account: '0071000123456', account_name: 'MA TRAN DEMO' };
		break;
	case 'PUT /market/shop/shipping-rules':
		out.body = { producer_id: f[side].producer, rules: [{ province: null, first_grams: 1000,
			first_fee_vnd: 30000, step_grams: 500, step_fee_vnd: 5000 }] };
		break;
	case 'POST /market/shop/listings':
		out.body = { product_id: f[side].spare, unit_name: 'hộp', price_vnd: 100000, stock: 5, weight_grams: 500 };
		break;
	case 'PATCH /market/shop/listings/{id}':
		out.body = { price_vnd: 100000 + (Date.now() % 1000) };
		break;
	case 'GET /market/photos/{id}': case 'GET /market/photos/{id}/thumb':
		params.id = '1';
		out.known = false;
		break;
	default:
		/* photos need bytes; the pages' forms are empty: refused as
		 * forms (422), still admitted */
		out.known = route.method === 'GET' && route.api;
	}
	return true;
}

/* ---- the marketplace's checkout and orders (web_market_orders.c,
 * web_market_checkout.c) ---------------------------------------------------- */

/* The recipe of an order's route, or false if route is not one: the
 * buyer's routes are public and reach an order only by its token (one no
 * order has: 404), the producer's keep each account to its own producers
 * (an order no producer of the caller's: 404 or 403 market.not_yours,
 * decided by the domain): the weaker "not 401/403 by the router" check. */
async function marketOrdersRecipe(key, route, caller, v, params, out) {
	const p = key.slice(key.indexOf(' ') + 1);
	if (!['/market/checkout', '/market/orders', '/market/shop/orders', '/cho/gio-hang', '/cho/dat-hang',
		'/cho/don', '/cua-hang/don'].some((x) => p === x || p.startsWith(`${x}/`)))
		return false;
	if ('token' in params || /\{token\}/.test(route.path))
		params.token = 'x'.repeat(43);
	if (/\{id\}/.test(route.path))
		params.id = '999999';
	if (isWrite(route.method))
		out.body = {};
	out.known = false;
	return true;
}

/* The recipe of a buyer account's route (web_market_buyers.c), or false:
 * the account's own orders (an id no order has: 404) and registration
 * (an empty form: 422): the weaker check. */
async function marketBuyersRecipe(key, route, caller, v, params, out) {
	const p = key.slice(key.indexOf(' ') + 1);
	if (!['/market/buyers', '/market/my/orders', '/cho/tai-khoan'].some((x) => p === x || p.startsWith(`${x}/`)))
		return false;
	if (/\{id\}/.test(route.path))
		params.id = '999999';
	if (isWrite(route.method))
		out.body = {};
	out.known = false;
	return true;
}

/* The recipe of a certificate's route by its code (web_ocop_certificates.c),
 * or false if route is not one. */
async function ocopCertificatesRecipe(key, route, caller, v, params, out) {
	const p = key.slice(key.indexOf(' ') + 1);
	if (!p.startsWith('/ocop/certificates') && !p.startsWith('/ocop/verify'))
		return false;
	await ocReady();
	const mine = caller.side && caller.side === DN ? 'dn' : 'hn';
	const side = route.scope === 'ocop_certificate' && v.scope === 'outside' ?
		(mine === 'hn' ? 'dn' : 'hn') : mine;
	if (!ocFix[side].cert)
		ocFix[side].cert = await ocCertified(side);
	if ('code' in params)
		params.code = ocFix[side].cert.code;
	return true;
}

/* ---- pilot models (web_pilots.c) ------------------------------------------ */

/* The demo's pilots of each side, as the API reads them. */
let pilFix = null;
function pilReady() {
	pilFix ??= (async () => {
		const items = (await observer.get('/api/v1/pilots?limit=500')).json.items;
		const hn = items.find((x) => x.province_unit === '2025:01');
		const dn = items.find((x) => x.province_unit === '2025:48');
		assert.ok(hn && dn, 'the demo pilots of Hà Nội and Đà Nẵng');
		const full = async (id) => (await observer.get(`/api/v1/pilots/${id}`)).json;
		return { hn: await full(hn.id), dn: await full(dn.id) };
	})();
	return pilFix;
}

/* A pilot's fields as a write sends them: JSON for the API, the page's
 * flat form fields (indicators.N.name...) otherwise. */
function pilBody(p, api) {
	const body = { unit: p.unit, kind: p.kind, status: p.status, title: p.title, deployed: p.deployed,
		cost: String(p.cost_vnd), funding: p.funding, start_date: p.start_date, review_date: p.review_date,
		resp_unit: p.resp_unit, resp_person: p.resp_person, worked: p.worked, not_worked: p.not_worked,
		advice: p.advice };
	const ind = p.indicators.map((x) => ({ name: x.name, unit: x.unit, before: String(x.before),
		before_date: x.before_date, after: x.after === null ? '' : String(x.after), after_date: x.after_date || '' }));
	if (api)
		return { ...body, indicators: ind };
	ind.forEach((x, i) => {
		for (const [k, val] of Object.entries(x))
			body[`indicators.${i + 1}.${k}`] = val;
	});
	return body;
}

/* The recipe of a pilot's route, or false if route is not one: the
 * demo's pilot of the caller's side (inside) or of the other (outside). */
async function pilotsRecipe(key, route, caller, v, params, out) {
	const p = key.slice(key.indexOf(' ') + 1);
	if (!p.startsWith('/pilots'))
		return false;
	const f = await pilReady();
	const mine = caller.side === DN ? 'dn' : 'hn';
	const target = f[v.scope === 'outside' ? (mine === 'hn' ? 'dn' : 'hn') : mine];
	if ('id' in params)
		params.id = String(target.id);
	const read = async () => (await observer.get(`/api/v1/pilots/${target.id}`)).json;
	switch (key) {
	case 'POST /pilots': {
		const title = uniqueName('pilot');
		out.body = { ...pilBody(f.hn, route.api), unit: scopeUnit(caller, v.scope, route), title };
		const count = async () => (await observer.get(`/api/v1/pilots?q=${title}`)).json.total;
		out.refused = async () => assert.equal(await count(), 0, 'no pilot was stored');
		out.allowed = async () => assert.equal(await count(), 1, 'the pilot is stored');
		break;
	}
	case 'POST /pilots/{id}': {
		const before = await read();
		out.body = pilBody(target, route.api);
		out.refused = async () => assert.equal((await read()).updated_at, before.updated_at, 'the pilot is unchanged');
		break;
	}
	case 'POST /pilots/{id}/notes': {
		const n = (await read()).notes.length;
		out.body = { date: '2026-11-01', body: 'Ghi chép của ma trận quyền' };
		out.refused = async () => assert.equal((await read()).notes.length, n, 'no note was added');
		out.allowed = async () => assert.equal((await read()).notes.length, n + 1, 'the note is added');
		break;
	}
	case 'POST /pilots/{id}/notes/{nid}/photos':
		/* a photo travels as multipart or a raw body: an empty JSON
		 * body is refused (415), still admitted */
		params.nid = String(target.notes[0].id);
		out.known = false;
		break;
	case 'GET /pilots/{id}/photos/{pid}':
		params.pid = String(target.notes[0].photos[0].id);
		break;
	case 'GET /pilots/compare':
		out.query = `?ids=${f.hn.id},${f.dn.id}`;
		break;
	default:
	}
	return true;
}

/* The recipe of an OCOP registry route, or false if route is not one. */
async function ocopRecipe(key, route, caller, v, params, out) {
	const p = key.slice(key.indexOf(' ') + 1);
	if (!p.startsWith('/ocop/producers') && !p.startsWith('/ocop/products'))
		return false;
	const f = await ocReady();
	const mine = caller.side && caller.side === DN ? 'dn' : 'hn';
	const side = (route.scope === 'ocop_product' || route.scope === 'ocop_producer') && v.scope === 'outside' ?
		(mine === 'hn' ? 'dn' : 'hn') : mine;
	const roles = caller.roles;
	switch (key) {
	case 'POST /ocop/products/{id}/certificates/{code}/revoke': {
		const c = await ocCertified(side);
		params.id = String(c.id);
		params.code = c.code;
		out.body = { reason: 'Ma trận: thu hồi' };
		out.refused = async () => assert.equal((await ocCert(c.code)).revoked_on, null, 'not revoked');
		out.allowed = async () => assert.equal((await ocCert(c.code)).status, 'revoked', 'revoked');
		return true;
	}
	case 'GET /ocop/producers': case 'GET /ocop/products':
		if (caller.username)
			out.query = `?unit=${encodeURIComponent(scopeUnit(caller, v.scope, route))}`;
		return true;
	case 'POST /ocop/producers': {
		const unit = scopeUnit(caller, v.scope, route);
		const name = uniqueName('mxcs');
		out.body = { unit, name, kind: 'cooperative' };
		const has = async () => (await observer.get(`${API}/ocop/producers?unit=${encodeURIComponent(unit)}&q=${name}`)).json.items.length;
		out.refused = async () => assert.equal(await has(), 0, 'no producer created');
		out.allowed = async () => assert.equal(await has(), 1, 'the producer is created');
		return true;
	}
	case 'GET /ocop/producers/{id}': case 'GET /ocop/producers/{id}/edit':
		params.id = String(f[side].producer);
		return true;
	case 'POST /ocop/producers/{id}': {
		params.id = String(f[side].producer);
		const phone = String(Date.now() % 1e10).padStart(10, '0');
		const cur = (await observer.get(`${API}/ocop/producers/${params.id}`)).json;
		out.body = { name: cur.name, kind: cur.kind || '', phone };
		const now = async () => (await observer.get(`${API}/ocop/producers/${params.id}`)).json.phone;
		out.refused = async () => assert.notEqual(await now(), phone, 'unchanged');
		out.allowed = async () => assert.equal(await now(), phone, 'the phone is saved');
		return true;
	}
	case 'POST /ocop/producers/{id}/products': {
		params.id = String(f[side].producer);
		const name = uniqueName('mxsp');
		out.body = { name, group: 2 };
		const has = async () => (await observer.get(`${API}/ocop/products?producer_id=${params.id}&q=${name}`)).json.total;
		out.refused = async () => assert.equal(await has(), 0, 'no product created');
		out.allowed = async () => assert.equal(await has(), 1, 'the product is created');
		return true;
	}
	case 'GET /ocop/products/{id}': case 'GET /ocop/products/{id}/history': case 'GET /ocop/products/{id}/photos':
	case 'GET /ocop/products/{id}/certificates':
		params.id = String(f[side].product);
		return true;
	case 'POST /ocop/products/{id}/certificates': {
		/* a paper certificate recorded: the product starts certified */
		const id = await ocProduct(side, 'registered');
		params.id = String(id);
		out.body = { number: uniqueName('GCN'), level: 'province', stars: 3, issued_on: '2025-03-01' };
		out.refused = async () => assert.equal((await ocGet(id)).state, 'registered', 'the state is unchanged');
		out.allowed = async () => assert.equal((await ocGet(id)).state, 'certified', 'the product is certified');
		return true;
	}
	case 'GET /ocop/products/{id}/photos/{pid}': case 'GET /ocop/products/{id}/photos/{pid}/thumb':
		params.id = String(f[side].product);
		params.pid = String(f[side].photo);
		return true;
	case 'POST /ocop/products/{id}/photos':
		/* a photo travels as multipart or a raw body, which this matrix
		 * does not send: the refusals, and that an allowed caller
		 * reaches the handler (415 for a JSON body) */
		params.id = String(f[side].product);
		out.known = false;
		return true;
	case 'POST /ocop/products/{id}': {
		const id = await ocProduct(side, 'registered');
		params.id = String(id);
		const name = uniqueName('mxsua');
		out.body = { name, group: 1 };
		out.refused = async () => assert.notEqual((await ocGet(id)).name, name, 'unchanged');
		out.allowed = async () => assert.equal((await ocGet(id)).name, name, 'the name is saved');
		return true;
	}
	case 'POST /ocop/products/{id}/actions/{transition}': {
		/* a step each role takes: the producer submits its plan, the
		 * commune returns it.  The province's and the council's steps
		 * from commune_checked are the evaluation rounds' (409
		 * ocop.round_step here; ocop-rounds.test.js takes them), and
		 * the country's need a certified product: for those roles the
		 * refusals, and that the route reaches the domain */
		let state = 'registered', t = 'submit_plan', to = 'business_plan', body = {};
		if (roles.includes('commune_officer'))
			[state, t, to, body] = ['business_plan', 'return', 'returned', { note: 'Ma trận: trả lại' }];
		else if (roles.includes('province_officer'))
			[state, t, to] = ['commune_checked', 'open_provincial', 'provincial_round'];
		else if (roles.includes('ocop_evaluator'))
			[state, t, to, body] = ['commune_checked', 'not_rate', 'not_rated', { note: 'Ma trận: chưa đạt' }];
		else if (roles.includes('admin') || roles.includes('coordinator'))
			[state, t, to] = ['registered', 'expire', 'expired'];
		if (t !== 'submit_plan' && t !== 'return')
			out.known = false;
		const id = await ocProduct(side, state);
		params.id = String(id);
		params.transition = t;
		out.body = body;
		out.refused = async () => assert.equal((await ocGet(id)).state, state, 'the state is unchanged');
		out.allowed = async () => assert.equal((await ocGet(id)).state, to, `the product is now ${to}`);
		return true;
	}
	default:
		return false;
	}
}

/* ---- the marketplace's money (web_market_money.c) ----------------------- */

/* The recipe of a route of the producer's money, or false if route is not
 * one: the producer of the caller's side (the other side's when outside)
 * named by ?producer_id=.  The upload travels as multipart or a raw body,
 * which this matrix does not send: the refusals, and that an allowed
 * caller reaches the handler. */
async function marketMoneyRecipe(key, route, caller, v, params, out) {
	if (route.scope !== 'market_producer')
		return false;
	const f = await ocReady();
	const mine = caller.side && caller.side === DN ? 'dn' : 'hn';
	const side = v.scope === 'outside' ? (mine === 'hn' ? 'dn' : 'hn') : mine;
	if (caller.username)
		out.query = `?producer_id=${f[side].producer}`;
	if (isWrite(route.method))
		out.known = false;
	return true;
}

/* ---- the OCOP evaluation rounds (web_ocop_rounds.c) --------------------- */

/* Per side: the province's officer who manages its rounds, two
 * evaluators of the province (Hà Nội: the demo's ocop chairs, Đà Nẵng: one
 * made here), and an open round with a product. */
let orFix = null;
async function orReady() {
	if (orFix)
		return orFix;
	const f = await ocReady();
	const evaluator = async (unit) => {
		const username = uniqueName('mxgk');
		await dsOk(await observer.post('/api/v1/users', { json: { username, full_name: `Giám khảo ${username}`,
			password: DEMO_PASSWORD, role: 'ocop_evaluator', unit } }), 'evaluator');
		return Client.login(ntm.base, username);
	};
	orFix = {
		hn: { province: f.hn.province, unit: '2025:01', chair: f.hn.evaluator, other: await evaluator('2025:01') },
		dn: { province: f.dn.province, unit: '2025:48', chair: await evaluator('2025:48'), other: await evaluator('2025:48') },
	};
	for (const side of ['hn', 'dn'])
		Object.assign(orFix[side], await orRound(side));
	return orFix;
}

/* An open round of side chaired by its chair, with a product. */
async function orRound(side) {
	const r = orFix[side];
	const product = await ocProduct(side, 'commune_checked');
	const c = await dsOk(await r.province.post(`${API}/ocop/rounds`, { json: { level: 'province', unit: r.unit,
		name: uniqueName('mxkdg'), chair_id: r.chair.user.id } }), 'round');
	await dsOk(await r.province.post(`${API}/ocop/rounds/${c.created.id}/products`, { json: { product_id: product } }),
		'round product');
	return { round: c.created.id, product };
}

const orGet = async (id) => (await observer.get(`${API}/ocop/rounds/${id}`)).json;

/* The recipe of an evaluation round's route, or false if route is not one. */
/* A province's own criteria sets (docs/DIGITAL.md section 5): the path
 * is the province inside or outside the caller's scope; a document is a
 * new set of that province, a threshold one of its own set.  The copy of
 * a template (once per province) keeps the generic check. */
const provSets = new Map();
function provSetReady(prov) {
	if (!provSets.has(prov)) {
		const id = `mxprov-${prov}`;
		const doc = { ...matrixSet(id), kind: 'smart_village',
			applies_to: { structure: '2025', level: 'village', province: prov } };
		provSets.set(prov, observer.post(`/api/v1/units/2025/${prov}/criteria-sets`, { json: doc }).then((r) => {
			assert.equal(r.status, 200, `import ${id}: ${r.text}`);
			return id;
		}));
	}
	return provSets.get(prov);
}

async function provinceSetsRecipe(key, route, caller, v, params, out) {
	const P = '/units/{structure}/{code}/criteria-sets';
	const at = () => {
		const u = critUnit(caller, v.scope, 'province');
		[params.structure, params.code] = u.split(':');
		return u.split(':')[1];
	};
	switch (key) {
	case `GET ${P}`:
		at();
		return true;
	case `POST ${P}`: {
		const prov = at();
		const id = uniqueName('mxprov');
		const doc = { ...matrixSet(id), kind: 'smart_village',
			applies_to: { structure: '2025', level: 'village', province: prov } };
		out.body = route.api ? doc : { document: JSON.stringify(doc) };
		out.refused = async () => assert.ok(!(await setExists(id)), `${id} was not imported`);
		out.allowed = async () => assert.ok(await setExists(id), `${id} was imported`);
		return true;
	}
	case `POST ${P}/{id}/thresholds`: {
		const id = await provSetReady(at());
		params.id = id;
		const v0 = await setVersion(id);
		const value = 50 + (m2++ % 40);
		out.body = route.api ? { changes: { 'm.2': [{ value }] }, source_document: 'QĐ ma trận' }
			: { indicator: 'm.2', value: String(value), source_document: 'QĐ ma trận' };
		out.refused = async () => assert.equal(await setVersion(id), v0, 'no new version');
		out.allowed = async () => assert.equal(await setVersion(id), v0 + 1, 'a new version');
		return true;
	}
	default:
		return false;
	}
}

async function ocopRoundsRecipe(key, route, caller, v, params, out) {
	const p = key.slice(key.indexOf(' ') + 1);
	if (!p.startsWith('/ocop/rounds'))
		return false;
	const f = await orReady();
	const mine = caller.side && caller.side === DN ? 'dn' : 'hn';
	const side = route.scope === 'ocop_round' && v.scope === 'outside' ? (mine === 'hn' ? 'dn' : 'hn') : mine;
	const r = f[side];
	switch (key) {
	case 'GET /ocop/rounds':
		return true;
	case 'POST /ocop/rounds': {
		/* the caller's own province (Hà Nội for the country) */
		const name = uniqueName('mxkdg');
		out.body = { level: 'province', unit: r.unit, name, chair_id: r.chair.user.id };
		const has = async () => (await observer.get(`${API}/ocop/rounds?limit=500`)).json.items
			.filter((x) => x.name === name).length;
		out.refused = async () => assert.equal(await has(), 0, 'no round opened');
		out.allowed = async () => assert.equal(await has(), 1, 'the round is open');
		return true;
	}
	case 'GET /ocop/rounds/{id}':
		params.id = String(r.round);
		return true;
	case 'GET /ocop/rounds/{id}/products/{pid}/sheets':
		/* the demo's evaluator chairs Hà Nội's round */
		params.id = String(r.round);
		params.pid = String(r.product);
		return true;
	case 'POST /ocop/rounds/{id}/members': {
		const { round } = await orRound(side);
		params.id = String(round);
		out.body = { user_id: r.other.user.id };
		const has = async () => (await orGet(round)).members.some((m) => m.id === r.other.user.id);
		out.refused = async () => assert.ok(!(await has()), 'not a member');
		out.allowed = async () => assert.ok(await has(), 'the member is added');
		return true;
	}
	case 'POST /ocop/rounds/{id}/products': {
		const product = await ocProduct(side, 'commune_checked');
		params.id = String(r.round);
		out.body = { product_id: product };
		out.refused = async () => assert.equal((await ocGet(product)).state, 'commune_checked', 'unchanged');
		out.allowed = async () => assert.equal((await ocGet(product)).state, 'provincial_round', 'in the round');
		return true;
	}
	case 'POST /ocop/rounds/{id}/products/{pid}/sheets': case 'POST /ocop/rounds/{id}/products/{pid}/submit': {
		/* the chair scores a fresh round's product */
		const fresh = await orRound(side);
		params.id = String(fresh.round);
		params.pid = String(fresh.product);
		/* the page posts one field a part */
		out.body = route.api ? { scores: { A: 30, B: 20, C: 25 } } : { s_A: '30', s_B: '20', s_C: '25' };
		const sheet = async () => (await orGet(fresh.round)).members[0].submitted;
		if (key.endsWith('/submit')) {
			out.refused = async () => assert.equal(await sheet(), 0, 'nothing submitted');
			out.allowed = async () => assert.equal(await sheet(), 1, 'the sheet is submitted');
		}
		return true;
	}
	case 'POST /ocop/rounds/{id}/close': {
		/* a fresh round whose product the chair has scored */
		const fresh = await orRound(side);
		await dsOk(await r.chair.post(`${API}/ocop/rounds/${fresh.round}/products/${fresh.product}/submit`,
			{ json: { scores: { A: 30, B: 20, C: 25 } } }), 'submit');
		params.id = String(fresh.round);
		out.body = {};
		out.refused = async () => assert.equal((await orGet(fresh.round)).state, 'open', 'still open');
		out.allowed = async () => assert.equal((await orGet(fresh.round)).state, 'closed', 'closed');
		return true;
	}
	default:
		return false;
	}
}

/* ---- webhooks (web_webhooks.c) ---------------------------------------------- */

/* A paused subscription of each owner (hanoi, danang, dieuphoi), put in
 * the database directly (an address on 127.0.0.1 the API would refuse,
 * and this server, not allowing private addresses, never sends to), and
 * put back when a delete took it away.  Like one registered through the
 * API it starts from the newest change (a cursor of 0 would have the
 * sender queue and fail the whole demo feed on resume, writing under the
 * matrix's own writes).  Only the owner acts on one: a
 * caller's own is inside, the other province's outside. */
function whFixture(owner, unit) {
	const url = `https://127.0.0.1:9/matrix-${owner}`;
	const find = () => ntm.sql(`SELECT id FROM webhook_sub WHERE url = '${url}'`).trim();
	if (find() === '') {
		const [s, c] = unit.split(':');
		ntm.sql(`INSERT INTO webhook_sub (owner_id, structure, code, url, kinds, state, secret, feed_cursor, created_at) ` +
		    `SELECT id, '${s}', '${c}', '${url}', '', 'paused', 'matrix', ` +
		    `(SELECT COALESCE(MAX(seq), 0) FROM changes), '2026-01-01T00:00:00Z' ` +
		    `FROM app_user WHERE username = '${owner}'`);
	}
	return find();
}

async function webhooksRecipe(key, route, caller, v, params, out) {
	const p = key.slice(key.indexOf(' ') + 1);
	if (!p.startsWith('/webhooks'))
		return false;
	const own = { hanoi: ['hanoi', '2025:01'], danang: ['danang', '2025:48'], dieuphoi: ['dieuphoi', '2025:VN'] };
	const mine = own[caller.username] || (caller.side === DN ? own.danang : own.hanoi);
	const other = caller.side === DN ? own.hanoi : own.danang;
	if ('id' in params)
		params.id = whFixture(...(v.scope === 'outside' ? other : mine));
	switch (key) {
	case 'POST /webhooks':
		/* refused for its address (422 webhooks.private), once admitted */
		out.body = { url: 'https://127.0.0.1:9/matrix-new', unit: scopeUnit(caller, v.scope, route) };
		out.known = false;
		break;
	case 'POST /webhooks/{id}/deliveries/{did}/retry':
		/* no such delivery: 404 once admitted */
		params.did = '999999';
		out.known = false;
		break;
	default:
	}
	return true;
}

/*
 * How to call a route: { path, query, body, refused(), allowed() } where
 * body is a plain object (sent as JSON to the API, as a form to a page),
 * refused() checks the aimed-at object is unchanged and allowed() that the
 * call did what it says.  known: whether a recipe matched.
 */
async function recipe(route, caller, v) {
	const key = routeKey(route);
	const params = {};
	const out = { params, query: '', body: undefined, known: true, refused: null, allowed: null };
	const who = caller.username || 'htx';
	const unit = route.scope === 'none' ? null : scopeUnit(caller, v.scope, route);

	for (const m of route.path.matchAll(/\{(\w+)\}/g))
		params[m[1]] = '1';
	if ('structure' in params || 'code' in params) {
		const [s, c] = (route.scope === 'path_unit' ? unit : '2025:01').split(':');
		params.structure = s;
		params.code = c;
	}
	if ('lang' in params)
		params.lang = 'en';
	if ('name' in params)
		params.name = 'style.css';

	switch (key) {
	case 'GET /': case 'GET /healthz': case 'GET /lang/{lang}': case 'GET /login':
	case 'GET /me': case 'GET /tokens': case 'GET /users': case 'GET /units':
	case 'GET /units/{structure}/{code}': case 'GET /static/{name}':
		break;
	case 'GET /audit':
		if (caller.username)
			out.query = `?unit=${encodeURIComponent(unit)}&since=2026-01-01`;
		break;
	case 'POST /login':
		out.body = { username: who, password: DEMO_PASSWORD, next: '/me' };
		break;
	case 'POST /session':
		out.body = { username: who, password: DEMO_PASSWORD };
		break;
	case 'DELETE /session': case 'POST /logout':
		out.refused = async () => {
			if (caller.client.kind === 'cookie')
				assert.ok(await caller.client.alive(), 'the session still works');
		};
		out.allowed = async () => {
			if (caller.client.kind === 'cookie')
				assert.ok(!(await caller.client.alive()), 'the session has ended');
		};
		break;
	case 'POST /me/password':
		/* the same password again: a real change that keeps the login */
		out.body = { old_password: DEMO_PASSWORD, new_password: DEMO_PASSWORD };
		break;
	case 'POST /tokens': {
		const name = uniqueName('tk');
		out.body = { name };
		out.allowed = async () => {
			const r = await caller.client.get('/api/v1/tokens');
			assert.ok(r.json.items.some((t) => t.name === name), 'the token is listed');
		};
		break;
	}
	case 'DELETE /tokens/{id}': case 'POST /tokens/{id}/revoke': {
		const t = caller.client.kind === 'anonymous' ? { id: anonTokenId, token: anonToken } : await ownToken(caller);
		params.id = String(t.id);
		out.refused = async () => assert.ok(await tokenWorks(t.token), 'the token still works');
		out.allowed = async () => assert.ok(!(await tokenWorks(t.token)), 'the token is revoked');
		break;
	}
	case 'POST /users': {
		const username = uniqueName('mx');
		out.body = { username, full_name: `Matrix ${username}`, password: 'matrix-password-1', role: 'producer', unit };
		out.refused = async () => assert.ok(!(await allUsers(observer)).some((u) => u.username === username), `${username} was not created`);
		out.allowed = async () => {
			const u = (await allUsers(observer)).find((x) => x.username === username);
			assert.ok(u, `${username} exists`);
			assert.equal(`${u.roles[0].structure}:${u.roles[0].unit_code}`, unit);
		};
		break;
	}
	case 'POST /users/{id}/disable': case 'POST /users/{id}/enable': {
		const id = targetUser(caller, v.scope);
		params.id = String(id);
		const beforeState = (await userById(id)).disabled;
		out.refused = async () => assert.equal((await userById(id)).disabled, beforeState, 'the target user is unchanged');
		out.allowed = async () => assert.equal((await userById(id)).disabled, key.endsWith('/disable'), 'the target user changed');
		break;
	}
	case 'POST /me/notifications': {
		/* one's own mail settings (web_notices.c); "none": nothing queued */
		const email = `${uniqueName('nt')}@example.vn`;
		out.body = { email, pref: 'none' };
		out.allowed = async () => assert.equal((await caller.client.get('/api/v1/me/notifications')).json.settings.email, email);
		break;
	}
	case 'GET /users/{id}/notifications':
		params.id = String(targetUser(caller, v.scope));
		break;
	case 'POST /users/{id}/notifications': {
		/* another account's mail settings: who may manage it */
		const id = targetUser(caller, v.scope);
		const email = `${uniqueName('nt')}@example.vn`;
		params.id = String(id);
		out.body = { email, pref: 'none' };
		const emailOf = async () => (await observer.get(`/api/v1/users/${id}/notifications`)).json.settings.email;
		out.refused = async () => assert.notEqual(await emailOf(), email, 'the settings are unchanged');
		out.allowed = async () => assert.equal(await emailOf(), email, 'the settings changed');
		break;
	}
	case 'GET /ocop/register/{id}':
		/* the public register (web_ocop_register.c): the demo's 5-star product */
		params.id = String((await observer.get('/api/v1/ocop/register?stars=5')).json.items[0].id);
		break;
	case 'GET /ocop/register/{id}/photos/{pid}/thumb':
		/* the demo's register products have no photo: public, a 404 */
		params.id = String((await observer.get('/api/v1/ocop/register?stars=5')).json.items[0].id);
		params.pid = '1';
		out.known = false;
		break;
	case 'GET /du-lieu-mo/{dataset}.csv': case 'GET /du-lieu-mo/{dataset}.json':
		/* open data (web_opendata.c): a small public data set */
		params.dataset = 'ket-qua-ntm-tinh';
		break;
	case 'GET /van-ban/{slug}': case 'GET /legal-documents/{slug}':
		/* the legal library (web_legal.c): public, a document in it */
		params.slug = 'qd-318-2022-ttg';
		break;
	default:
		if (await criteriaRecipe(key, route, caller, v, params, out) ||
		    await surveysRecipe(key, route, caller, v, params, out) ||
		    await dossiersRecipe(key, route, caller, v, params, out) ||
		    await reportsRecipe(key, route, caller, v, params, out) ||
		    await ocopScorecardsRecipe(key, route, caller, v, params, out) ||
		    await ocopCertificatesRecipe(key, route, caller, v, params, out) ||
		    await ocopRecipe(key, route, caller, v, params, out) ||
		    await ocopRoundsRecipe(key, route, caller, v, params, out) ||
		    await marketOrdersRecipe(key, route, caller, v, params, out) ||
		    await marketBuyersRecipe(key, route, caller, v, params, out) ||
		    await marketMoneyRecipe(key, route, caller, v, params, out) ||
		    await marketShopRecipe(key, route, caller, v, params, out) ||
		    await provinceSetsRecipe(key, route, caller, v, params, out) ||
		    await pilotsRecipe(key, route, caller, v, params, out) ||
		    await webhooksRecipe(key, route, caller, v, params, out))
			break;
		out.known = false;
		if (route.scope === 'target_user')
			params.id = String(targetUser(caller, v.scope));
		if (isWrite(route.method))
			out.body = route.scope === 'body_unit' ? { unit } : {};
		if (route.scope === 'query_unit' && caller.username)
			out.query = `?unit=${encodeURIComponent(unit)}`;
	}
	let path = route.path.replace(/\{(\w+)\}/g, (_, n) => encodeURIComponent(params[n]));
	out.path = path + out.query;
	return out;
}

/* What the declaration says this call should get. */
function expected(route, caller, v) {
	if (route.roles !== 'public' && caller.client.kind === 'anonymous')
		return { deny: 401, why: 'anonymous' };
	if (Array.isArray(route.roles) && !caller.roles.some((r) => route.roles.includes(r)))
		return { deny: 403, why: 'role' };
	/* signed_in is the staff's unless the route takes any account */
	if (route.roles === 'signed_in' && !route.any_account && !caller.roles.some((r) => r !== 'buyer'))
		return { deny: 403, why: 'role (a buyer account)' };
	if (isWrite(route.method) && route.csrf && caller.client.kind === 'cookie' && v.csrf !== true)
		return { deny: 403, why: 'csrf' };
	if (v.scope === 'outside' && !route.scope_soft)
		return { deny: 403, why: 'scope' };
	return { allow: true };
}

/* The variants of one (route, caller). */
function variants(route, caller) {
	if (caller.client.kind === 'anonymous')
		return [{ scope: route.scope === 'none' ? 'n/a' : 'inside', csrf: true }];
	const out = [];
	if (route.scope === 'none')
		out.push({ scope: 'n/a', csrf: true });
	else {
		out.push({ scope: 'inside', csrf: true });
		const hasOutside = route.scope === 'target_user' ? caller.side.otherVictim !== null
			: route.scope === 'body_unit' ? caller.side.otherCommune !== null
				: caller.side.otherProvince !== null;
		if (hasOutside)
			out.push({ scope: 'outside', csrf: true });
	}
	if (caller.client.kind === 'cookie' && isWrite(route.method)) {
		out.push({ scope: out[0].scope, csrf: false });
		out.push({ scope: out[0].scope, csrf: 'wrong' });
	}
	return out;
}

async function relogin(caller) {
	const fresh = await Client.login(ntm.base, caller.username);
	caller.client.cookie = fresh.cookie;
	caller.client.csrf = fresh.csrf;
}

/* One case; returns a list of problems (empty when it behaved). */
async function runCase(route, caller, v) {
	cases++;
	const label = `${route.method} ${route.path} as ${caller.label} [scope ${v.scope}, csrf ${v.csrf}]`;
	const problems = [];
	/* A password change through the same user's API token ends every
	 * session of that user (by design): sign the cookie caller in again. */
	if (caller.client.kind === 'cookie' && !(await caller.client.alive()))
		await relogin(caller);
	const exp = expected(route, caller, v);
	const rc = await recipe(route, caller, v);
	const write = isWrite(route.method);
	const snapBefore = write && exp.deny ? await snapshot() : null;

	const opts = { csrf: v.csrf };
	if (rc.body !== undefined || write) {
		if (route.api)
			opts.json = rc.body ?? {};
		else
			opts.form = rc.body ?? {};
	}
	const res = await caller.client.send(route.method, rc.path, opts);
	const code = res.json?.error?.code;
	const got = `${res.status}${code ? ` ${code}` : ''}`;

	try {
		if (exp.deny === 401) {
			if (!route.api && !write) {
				tally[303]++;
				assert.equal(res.status, 303, `expected 303 to /login, got ${got}`);
				const loc = res.headers.get('location') || '';
				assert.match(loc, /^\/login\?next=/, `Location ${loc}`);
				assert.equal(new URLSearchParams(loc.slice(loc.indexOf('?'))).get('next'), rc.path.split('?')[0]);
			} else {
				tally[401]++;
				assert.equal(res.status, 401, `expected 401, got ${got}`);
				if (route.api)
					assert.equal(code, 'auth.required');
			}
		} else if (exp.deny === 403) {
			tally[403]++;
			assert.equal(res.status, 403, `expected 403 (${exp.why}), got ${got}`);
			if (route.api) {
				if (exp.why === 'csrf')
					assert.equal(code, 'auth.csrf');
				else
					assert.ok(['auth.forbidden', 'auth.out_of_scope'].includes(code), `code ${code}`);
			}
		} else {
			tally.allowed++;
			assert.ok(res.status !== 401 && res.status !== 403, `expected to be allowed, got ${got}: ${res.text.slice(0, 200)}`);
			assert.ok(res.status < 500, `server error ${got}`);
			if (rc.known)
				assert.ok((res.status >= 200 && res.status < 300) || res.status === 303,
					`expected 2xx or 303, got ${got}: ${res.text.slice(0, 200)}`);
		}
	} catch (e) {
		problems.push(`${label}: ${e.message}`);
	}

	try {
		if (snapBefore) {
			const after = await snapshot();
			assert.equal(after.count, snapBefore.count, 'the number of accounts changed');
			assert.equal(after.users, snapBefore.users, 'an account changed');
			assert.equal(after.audit, snapBefore.audit, 'the audit trail grew');
			if (rc.refused)
				await rc.refused();
		} else if (write && exp.allow && res.status < 400 && rc.allowed)
			await rc.allowed();
	} catch (e) {
		problems.push(`${label}: ${e.message}`);
	}

	/* A write that ended the caller's session (logout): sign in again. */
	if (write && caller.client.kind === 'cookie' && !(await caller.client.alive()))
		await relogin(caller);
	if (write && caller.client.kind === 'token' && !(await caller.client.alive()))
		problems.push(`${label}: the caller's own API token stopped working`);
	return problems;
}

describe('access matrix from `ntm routes`', () => {
	test('the route table is declared and covers the accounts routes', () => {
		assert.ok(ROUTES.length > 0);
		for (const r of ROUTES) {
			assert.ok(['GET', 'POST', 'DELETE', 'PUT', 'PATCH'].includes(r.method), r.method);
			assert.ok(r.roles === 'public' || r.roles === 'signed_in' || Array.isArray(r.roles), JSON.stringify(r));
			/* the router's scopes, and the records whose unit a module's
			 * resolver reads (survey, campaign, dossier...) */
			assert.ok(typeof r.scope === 'string' && r.scope.length > 0, r.scope);
			assert.equal(typeof r.scope_soft, 'boolean');
			assert.ok(Array.isArray(r.inside_roles));
			assert.equal(typeof r.csrf, 'boolean');
			assert.equal(typeof r.form, 'boolean');
			assert.equal(typeof r.any_account, 'boolean');
			if (isWrite(r.method) && r.roles !== 'public')
				assert.ok(r.csrf, `${r.method} ${r.path}: a signed-in write must need the CSRF token`);
		}
		const have = new Set(ROUTES.map((r) => `${r.method} ${r.path}`));
		for (const p of ['POST /api/v1/session', 'DELETE /api/v1/session', 'GET /api/v1/me',
		    'POST /api/v1/me/password', 'GET /api/v1/users', 'POST /api/v1/users',
		    'POST /api/v1/users/{id}/disable', 'POST /api/v1/users/{id}/enable', 'POST /api/v1/tokens',
		    'DELETE /api/v1/tokens/{id}', 'GET /api/v1/audit', 'GET /login', 'POST /login', 'GET /users'])
			assert.ok(have.has(p), p);
	});

	for (const route of ROUTES) {
		const roles = Array.isArray(route.roles) ? route.roles.join('|') : route.roles;
		test(`${route.method} ${route.path} (${roles}; scope ${route.scope}${route.csrf ? '; csrf' : ''})`, async () => {
			const problems = [];
			for (const caller of callers)
				for (const v of variants(route, caller))
					problems.push(...await runCase(route, caller, v));
			assert.deepEqual(problems, [], `${problems.length} case(s) went wrong:\n${problems.join('\n')}`);
		});
	}

	test('matrix size', (t) => {
		t.diagnostic(`matrix: ${cases} route×caller×scope cases over ${ROUTES.length} routes and ${callers.length} callers ` +
			`(${tally.allowed} allowed, ${tally[403]} refused 403, ${tally[401]} refused 401, ${tally[303]} sent to /login)`);
		assert.ok(cases > ROUTES.length * callers.length, `${cases} cases`);
	});
});
