'use strict';
/*
 * dossiers.js - helpers for the tests of recognition dossiers (issue 7):
 * the accounts a dossier needs at every level, indicator values that meet
 * (or fail) a criteria set, a closed satisfaction campaign that met its
 * threshold, files that are (and are not) PDFs, and one call per step.
 *
 *   const d = require('../lib/dossiers');
 *   const ctx = await d.setup(ntm);     // after startDemo()
 *   const unit = await d.freshCommune(ctx);   // a pre-2025 Sóc Sơn commune
 *   await d.passValues(ctx, unit, 'ntm-xa-2021-2025', 2025);
 *
 * Accounts are created through the API as the admin (robust whatever
 * the demo holds): a commune officer per pre-2025 commune used
 * (xa<code>), the appraiser of the old Sóc Sơn district (tdhuyen, level
 * "district" of the 2021-2025 procedure) and two more council members of
 * Hà Nội (hdong2, hdong3) beside the demo's thamdinh; hanoi is the
 * province officer who chairs the council and decides.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Client, DEMO_PASSWORD } = require('./accounts');
const { E2E_DIR } = require('./ntm');
const { ok, refused } = require('./http');

const API = '/api/v1';
const SET_OLD = 'ntm-xa-2021-2025';
const SET_NEW = 'ntm-xa-2026-2030';
const DISTRICT = 'pre2025:016';		/* Huyện Sóc Sơn (before 1/7/2025) */
const PROCEDURES = path.resolve(E2E_DIR, '../../procedures');

const day = (offset = 0) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

/* A small but real PDF (libmagic: application/pdf), distinct per label. */
function pdf(label = 'ho so') {
	const body = `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n` +
	    `2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n% ${label}\ntrailer <</Root 1 0 R>>\n%%EOF\n`;
	return Buffer.from(body, 'utf8');
}

/* A 1x1 PNG. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

/*
 * An account with one binding, created by the admin unless it exists.
 * A binding the accounts module does not grant yet (an appraiser of a
 * pre-2025 district, which the 2021-2025 procedure needs) is made at a
 * commune of that district and moved there in the database (ntm.sql).
 */
async function ensureUser(admin, username, role, unit, ntm = null) {
	const create = (u) => admin.post(`${API}/users`, { json: { username, full_name: `E2E ${username}`,
		password: DEMO_PASSWORD, role, unit: u } });
	let r = await create(unit);
	if (r.status !== 200 && r.json?.error?.code === 'users.bad_unit' && ntm && unit === DISTRICT) {
		r = await create('pre2025:00400');
		assert.equal(r.status, 200, `${username}: ${r.text}`);
		ntm.sql(`UPDATE user_role SET structure = 'pre2025', unit_code = '016' WHERE user_id = ${r.json.created.id}`);
	} else if (r.status !== 200)
		assert.equal(r.json?.error?.code, 'users.username_taken', `${username}: ${r.text}`);
	return Client.login(admin.base, username);
}

/* The procedures shipped in procedures/, imported if init did not. */
async function ensureProcedures(admin) {
	const have = ok(await admin.get(`${API}/procedures`));
	const ids = new Set(have.items.map((p) => p.id));
	for (const f of fs.readdirSync(PROCEDURES).filter((x) => x.endsWith('.json')).sort()) {
		const text = fs.readFileSync(path.join(PROCEDURES, f), 'utf8');
		if (ids.has(JSON.parse(text).id))
			continue;
		const r = await admin.send('POST', `${API}/procedures?change_note=e2e`, {
			headers: { 'content-type': 'application/json' }, json: JSON.parse(text) });
		assert.equal(r.status, 200, `import ${f}: ${r.text}`);
	}
}

/* The shared context of a test file: clients of every level. */
async function setup(ntm) {
	const ctx = { ntm, base: ntm.base, used: new Set() };
	ctx.admin = await Client.login(ntm.base, 'admin');
	ctx.observer = await ctx.admin.makeTokenClient('dossiers-observer');
	await ensureProcedures(ctx.observer);
	[ctx.hanoi, ctx.danang, ctx.socson, ctx.bana, ctx.thamdinh, ctx.htx] = await Promise.all(
	    ['hanoi', 'danang', 'socson', 'bana', 'thamdinh', 'htx'].map((u) => Client.login(ntm.base, u)));
	ctx.anon = Client.anonymous(ntm.base);
	ctx.huyen = await ensureUser(ctx.observer, 'tdhuyen', 'appraiser', DISTRICT, ntm);
	ctx.hd2 = await ensureUser(ctx.observer, 'hdong2', 'appraiser', '2025:01');
	ctx.hd3 = await ensureUser(ctx.observer, 'hdong3', 'appraiser', '2025:01');
	/* the pre-2025 communes of Sóc Sơn district and which hold a title */
	const units = ok(await ctx.anon.get(`${API}/units?structure=pre2025&parent=016&level=commune&limit=100`));
	const reg = ok(await ctx.anon.get(`${API}/recognitions?limit=500`));
	ctx.recognised = new Set(reg.items.map((x) => `${x.unit.structure}:${x.unit.code}`));
	/* units with a dossier already (the demo's) are not "fresh" */
	const all = ok(await ctx.observer.get(`${API}/dossiers?limit=500`));
	for (const x of all.items)
		ctx.used.add(`${x.unit.structure}:${x.unit.code}`);
	ctx.communes = units.items.map((u) => `${u.structure}:${u.code}`);
	return ctx;
}

/*
 * Close every open recognition dossier of unit (the demo has some): the
 * province returns one it holds, the commune withdraws it.  commune and
 * province are clients of the unit's commune officer and province officer.
 */
async function clearOpen(observer, unit, commune, province) {
	const list = ok(await observer.get(`${API}/dossiers?unit=${encodeURIComponent(unit)}&kind=recognition&limit=500`));
	for (const it of list.items.filter((x) => !x.state.terminal)) {
		let now = ok(await commune.get(`${API}/dossiers/${it.id}`));
		if (!now.actions.some((a) => a.id === 'withdraw')) {
			const p = ok(await province.get(`${API}/dossiers/${it.id}`));
			const back = ['return', 'council_return'].find((t) => p.actions.some((a) => a.id === t));
			assert.ok(back, `dossier ${it.id} (${it.state.id}) can be returned to the commune`);
			ok(await act(province, it.id, back, { note: 'Thử nghiệm: trả lại để rút hồ sơ' }));
		}
		ok(await act(commune, it.id, 'withdraw', { note: 'Thử nghiệm: rút hồ sơ' }));
		now = ok(await commune.get(`${API}/dossiers/${it.id}`));
		assert.equal(now.state.id, 'withdrawn');
	}
}

/* A pre-2025 Sóc Sơn commune no earlier test used, holding no title
 * (recognised: true for one that does), with its commune officer. */
async function freshCommune(ctx, { recognised = false } = {}) {
	const unit = ctx.communes.find((u) => !ctx.used.has(u) && ctx.recognised.has(u) === recognised &&
	    u !== 'pre2025:00376');
	assert.ok(unit, 'a free commune');
	ctx.used.add(unit);
	const officer = await ensureUser(ctx.observer, `xa${unit.split(':')[1]}`, 'commune_officer', unit);
	return { unit, officer, path: unit.replace(':', '/') };
}

/* Values making every indicator of set meet (or fail) its threshold in
 * year, entered by the observer (admin). */
async function setValues(ctx, unit, set, year, pass = true) {
	const [s, c] = unit.split(':');
	const ev = ok(await ctx.observer.get(`${API}/units/${s}/${c}/evaluation/${set}/${year}`));
	const values = {};
	for (const cr of ev.criteria)
		for (const i of cr.indicators) {
			if (i.type === 'boolean')
				values[i.id] = pass;
			else if (i.type === 'number') {
				const t = typeof i.threshold === 'number' ? i.threshold : 50;
				const up = i.op === '>=' || i.op === '>';
				values[i.id] = pass ? (up ? t + 1 : Math.max(0, t - 1)) : (up ? Math.max(0, t - 50) : t + 50);
				if (i.unit === '%' && values[i.id] > 100)
					values[i.id] = pass ? 100 : 100;
			} else if (i.value !== undefined && i.value !== null)
				values[i.id] = i.value;
		}
	ok(await ctx.observer.send('PUT', `${API}/units/${s}/${c}/indicators/${set}/${year}`, { json: { values } }));
	return ok(await ctx.observer.get(`${API}/units/${s}/${c}/evaluation/${set}/${year}`));
}

/* A closed satisfaction campaign of unit that met its threshold: 10
 * households, 8 answered, all satisfied; title: what the pages show. */
async function closedCampaign(ctx, unit, { satisfied = true, title = `Đợt e2e ${unit}` } = {}) {
	const doc = { format: 'ntm-survey/1', title: `Hài lòng e2e ${unit}`, questions: [
		{ id: 'q1', type: 'scale5', text: 'Ông/bà có hài lòng với kết quả xây dựng nông thôn mới?', required: true, satisfied_from: 4 }] };
	const s = ok(await ctx.observer.post(`${API}/surveys`, { json: { unit, document: doc } })).created.id;
	const c = ok(await ctx.observer.post(`${API}/surveys/${s}/campaigns`, { json: { unit, title,
		households: 10, min_coverage: 70, threshold: 80, opens_on: day(), closes_on: day(5), posting_days: 1,
		mode: 'codes' } })).created.id;
	const codes = ok(await ctx.observer.post(`${API}/campaigns/${c}/codes`, { json: { count: 10 } })).codes;
	for (const k of codes.slice(0, 8))
		ok(await ctx.anon.post(`${API}/s/${c}`, { json: { code: k, answers: { q1: satisfied ? 5 : 1 } } }));
	ok(await ctx.observer.post(`${API}/campaigns/${c}/close`, { json: {} }));
	return c;
}

/* The dossier as client sees it. */
async function get(client, id) {
	return ok(await client.get(`${API}/dossiers/${id}`));
}

/* Upload bytes as the raw body (the API's simple way). */
function upload(client, id, kind, bytes, { filename = `${kind}.pdf`, type = 'application/pdf' } = {}) {
	return rawUpload(client, `${API}/dossiers/${id}/attachments?kind=${encodeURIComponent(kind)}&filename=${encodeURIComponent(filename)}`,
	    bytes, type);
}

async function rawUpload(client, urlPath, bytes, type) {
	const h = client.headers({ 'content-type': type });
	if (client.kind === 'cookie')
		h['x-csrf-token'] = client.csrf;
	const res = await fetch(client.base + urlPath, { method: 'POST', headers: h, body: bytes, redirect: 'manual' });
	const text = await res.text();
	let json;
	if ((res.headers.get('content-type') || '').startsWith('application/json') && text !== '')
		json = JSON.parse(text);
	return { status: res.status, headers: res.headers, text, json };
}

/* Take transition t with the dossier's current row version (read first
 * unless body.row_version is given). */
async function act(client, id, t, body = {}) {
	let rv = body.row_version;
	if (rv === undefined)
		rv = (await get(client, id)).row_version;
	return client.post(`${API}/dossiers/${id}/actions/${t}`, { json: { ...body, row_version: rv } });
}

/* {criterion id: {appraisal, note}} for every criterion of the dossier. */
async function appraisal(client, id, verdict = 'confirmed', except = {}) {
	const d = await get(client, id);
	const out = {};
	for (const c of d.criteria)
		out[c.id] = { appraisal: except[c.id] || verdict, note: `Đã kiểm tra tiêu chí ${c.id}` };
	return out;
}

/*
 * A dossier of a fresh pre-2025 commune under the 2021-2025 procedure,
 * brought to `until`: 'draft' (created, files, values, campaign),
 * 'district_appraisal' (submitted), 'council_review' (appraised and
 * forwarded).  Returns { id, unit, officer, campaign }.
 */
async function oldDossier(ctx, until = 'district_appraisal') {
	const c = await freshCommune(ctx);
	await setValues(ctx, c.unit, SET_OLD, 2025, true);
	const campaign = await closedCampaign(ctx, c.unit);
	const created = ok(await c.officer.post(`${API}/dossiers`, { json: { unit: c.unit, set_id: SET_OLD, year: 2025,
		title: 'ntm', campaign_id: campaign, note: 'Hồ sơ e2e' } })).created;
	const id = created.id;
	ok(await upload(c.officer, id, 'self_assessment', pdf(`tu danh gia ${c.unit}`)));
	ok(await upload(c.officer, id, 'satisfaction_minutes', pdf(`mttq ${c.unit}`)));
	if (until === 'draft')
		return { id, campaign, ...c };
	ok(await act(c.officer, id, 'submit', { note: 'Trình huyện' }));
	if (until === 'district_appraisal')
		return { id, campaign, ...c };
	ok(await act(ctx.huyen, id, 'appraise', { criteria: await appraisal(ctx.huyen, id) }));
	ok(await upload(ctx.huyen, id, 'appraisal_report', pdf(`tham tra ${c.unit}`)));
	ok(await act(ctx.huyen, id, 'forward', { note: 'Đủ điều kiện' }));
	return { id, campaign, ...c };
}

module.exports = {
	API, SET_OLD, SET_NEW, DISTRICT, PNG, day, ok, refused, pdf, setup, freshCommune, setValues,
	closedCampaign, get, upload, rawUpload, act, appraisal, oldDossier, ensureUser, ensureProcedures,
	clearOpen,
};
