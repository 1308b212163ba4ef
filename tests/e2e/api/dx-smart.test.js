'use strict';
/*
 * A province's own smart-village and modern-commune sets (issue 19;
 * docs/DIGITAL.md section 5): the shipped templates are listed for every
 * province and never evaluated; a province copies one as its own and
 * revises its thresholds; its set is evaluated on its villages and
 * refused on another province's units; another province's officer is
 * refused (403) on the path, on a set and on a document's id, and a
 * document naming another province is refused (422), nothing written;
 * the model commune's dossier shows the platform's evaluation of the
 * commune's villages (through the lineage for a pre-2025 commune).
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client } = require('../lib/accounts');
const { ok, refused } = require('../lib/http');
const { ensureUser } = require('../lib/dossiers');

const API = '/api/v1';
const VILLAGE_TEMPLATE = 'thon-thong-minh-2026-2030';
const MODERN_TEMPLATE = 'xa-ntm-hien-dai-2026-2030';
const HANOI_SET = `${VILLAGE_TEMPLATE}-01`;	/* the demo's copy */

let ntm, anon, admin, hanoi, danang;

const evaluation = (c, unit, set, year = 2026) =>
	c.get(`${API}/units/2025/${unit}/evaluation/${set}/${year}`);
const setOf = async (id) => ok(await anon.get(`${API}/criteria-sets/${id}`));

before(async () => {
	ntm = await startDemo();
	anon = Client.anonymous(ntm.base);
	admin = await Client.login(ntm.base, 'admin');
	hanoi = await Client.login(ntm.base, 'hanoi');
	danang = await Client.login(ntm.base, 'danang');
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

test('the templates are shipped, listed for every province, marked and never evaluated', async () => {
	const dn = ok(await anon.get(`${API}/units/2025/48/criteria-sets`));
	assert.deepEqual(dn.own, [], 'Đà Nẵng has no set of its own yet');
	const ids = dn.templates.map((t) => t.id).sort();
	assert.deepEqual(ids, [VILLAGE_TEMPLATE, MODERN_TEMPLATE]);
	for (const t of dn.templates) {
		assert.equal(t.profile, 'template');
		assert.equal(t.copy, null);
		const doc = (await setOf(t.id)).set;
		assert.equal(doc.template, true);
		assert.equal(doc.applies_to.province, undefined, 'a template is national');
	}
	const village = dn.templates.find((t) => t.id === VILLAGE_TEMPLATE);
	assert.equal(village.kind, 'smart_village');
	assert.equal(village.level, 'village');
	/* the modern-commune template asks for a smart village, measured */
	const modern = (await setOf(MODERN_TEMPLATE)).set;
	const inds = modern.criteria.flatMap((c) => c.indicators);
	assert.ok(inds.some((i) => i.observed === 'smart_villages_met' && i.thresholds[0].value === 1));
	/* never evaluated, nor entered */
	refused(await evaluation(anon, '00376-01', VILLAGE_TEMPLATE), 422, 'set_id', 'criteria.template');
	refused(await admin.send('PUT', `${API}/units/2025/00376-01/indicators/${VILLAGE_TEMPLATE}/2026`,
		{ json: { values: { '1.1': true } } }), 422, 'set_id', 'criteria.template');
	/* the page shows them, in words */
	const page = await anon.get('/units/2025/48/criteria-sets');
	assert.equal(page.status, 200);
	assert.match(page.text, /Bộ mẫu để sao chép/);
	assert.doesNotMatch(page.text, /smart_village|ntm_commune_modern/, 'no kind keys on the page');
});

test("a province's own set is evaluated on its villages; the demo village meets Hà Nội's", async () => {
	const hn = ok(await anon.get(`${API}/units/2025/01/criteria-sets`));
	const own = hn.own.find((s) => s.id === HANOI_SET);
	assert.ok(own, JSON.stringify(hn.own));
	assert.equal(own.derived_from, VILLAGE_TEMPLATE);
	assert.equal(hn.templates.find((t) => t.id === VILLAGE_TEMPLATE).copy, HANOI_SET);
	const doc = (await setOf(HANOI_SET)).set;
	assert.equal(doc.applies_to.province, '01');
	assert.equal(doc.template, false);
	assert.doesNotMatch(doc.name, /bộ mẫu/, 'the copy is no template');
	assert.equal(ok(await evaluation(anon, '00376-01', HANOI_SET)).status, 'met');
	assert.equal(ok(await evaluation(anon, '00376-02', HANOI_SET)).status, 'not_met');
	/* the province revises its own threshold: Thôn 1 (92 %) no longer meets 95 % */
	const before = (await setOf(HANOI_SET)).version;
	const r = ok(await hanoi.post(`${API}/units/2025/01/criteria-sets/${HANOI_SET}/thresholds`, { json: {
		changes: { '1.3': [{ value: 95 }] }, source_document: 'Quyết định số 99/QĐ-UBND (thử nghiệm)' } }));
	assert.equal(r.version, before + 1);
	const ev = ok(await evaluation(anon, '00376-01', HANOI_SET));
	assert.equal(ev.status, 'not_met');
	/* and back */
	ok(await hanoi.post(`${API}/units/2025/01/criteria-sets/${HANOI_SET}/thresholds`, { json: {
		changes: { '1.3': [{ value: 80 }] }, source_document: 'Quyết định số 100/QĐ-UBND (thử nghiệm)' } }));
	assert.equal(ok(await evaluation(anon, '00376-01', HANOI_SET)).status, 'met');
});

test('a copy of a template becomes the province\'s own; a second copy is a conflict', async () => {
	const r = ok(await danang.post(`${API}/units/2025/48/criteria-sets/from-template`, { json: { template: VILLAGE_TEMPLATE } }));
	assert.equal(r.id, `${VILLAGE_TEMPLATE}-48`);
	assert.equal(r.version, 1);
	const doc = (await setOf(r.id)).set;
	assert.equal(doc.applies_to.province, '48');
	assert.equal(doc.derived_from, VILLAGE_TEMPLATE);
	assert.equal(doc.template, false);
	assert.match(doc.name, /Đà Nẵng/);
	refused(await danang.post(`${API}/units/2025/48/criteria-sets/from-template`, { json: { template: VILLAGE_TEMPLATE } }),
		409, 'template', 'criteria.copy_exists');
	refused(await danang.post(`${API}/units/2025/48/criteria-sets/from-template`, { json: { template: 'ntm-xa-2026-2030' } }),
		422, 'template', 'criteria.not_template');
	/* Đà Nẵng's set is not for Hà Nội's village */
	refused(await evaluation(anon, '00376-01', r.id), 422, 'unit', 'criteria.other_province');
	refused(await admin.send('PUT', `${API}/units/2025/00376-01/indicators/${r.id}/2026`,
		{ json: { values: { '1.1': true } } }), 422, 'unit', 'criteria.other_province');
});

test("another province's officer is refused, and nothing is written", async () => {
	const versions = (await setOf(HANOI_SET)).versions.length;
	/* the path names Hà Nội: the router refuses Đà Nẵng's officer */
	refused(await danang.post(`${API}/units/2025/01/criteria-sets/from-template`, { json: { template: MODERN_TEMPLATE } }), 403);
	refused(await danang.post(`${API}/units/2025/01/criteria-sets/${HANOI_SET}/thresholds`, { json: {
		changes: { '1.3': [{ value: 10 }] }, source_document: 'QĐ giả' } }), 403);
	/* Đà Nẵng's own path, Hà Nội's set: the store refuses */
	refused(await danang.post(`${API}/units/2025/48/criteria-sets/${HANOI_SET}/thresholds`, { json: {
		changes: { '1.3': [{ value: 10 }] }, source_document: 'QĐ giả' } }), 403, 'id', 'criteria.not_yours');
	/* a national set is no province's to amend */
	refused(await danang.post(`${API}/units/2025/48/criteria-sets/ntm-xa-2026-2030/thresholds`, { json: {
		changes: { '1.1': [{ value: 10 }] }, source_document: 'QĐ giả' } }), 403, 'id', 'criteria.not_yours');
	/* a document of Đà Nẵng's reusing Hà Nội's id */
	const doc = (await setOf(HANOI_SET)).set;
	const hijack = { ...doc, version: doc.version + 1, applies_to: { ...doc.applies_to, province: '48' } };
	refused(await danang.post(`${API}/units/2025/48/criteria-sets`, { json: hijack }), 403, 'id', 'criteria.not_yours');
	/* a commune officer writes no province's sets */
	const socson = await Client.login(ntm.base, 'socson');
	refused(await socson.post(`${API}/units/2025/01/criteria-sets/from-template`, { json: { template: MODERN_TEMPLATE } }), 403);
	assert.equal((await setOf(HANOI_SET)).versions.length, versions, 'no new version');
	const hn = ok(await anon.get(`${API}/units/2025/01/criteria-sets`));
	assert.equal(hn.templates.find((t) => t.id === MODERN_TEMPLATE).copy, null, 'no copy made');
});

test('a document naming another province is 422 naming applies_to.province; a template is refused', async () => {
	const doc = (await setOf(`${VILLAGE_TEMPLATE}-48`)).set;
	const other = { ...doc, id: 'thon-thong-minh-da-nang-rieng', version: 1,
		applies_to: { ...doc.applies_to, province: '01' } };
	refused(await danang.post(`${API}/units/2025/48/criteria-sets`, { json: other }), 422, 'applies_to.province',
		'criteria.wrong_province');
	const national = { ...other, applies_to: { structure: '2025', level: 'village' } };
	refused(await danang.post(`${API}/units/2025/48/criteria-sets`, { json: national }), 422, 'applies_to.province');
	const tmpl = { ...other, applies_to: { ...other.applies_to, province: '48' }, template: true };
	refused(await danang.post(`${API}/units/2025/48/criteria-sets`, { json: tmpl }), 422, 'template', 'criteria.template');
	/* a province's own readiness index would rate its communes by lighter
	 * rules of its own, and could stand in for the national one */
	const own = { ...other, applies_to: { ...other.applies_to, province: '48' }, kind: 'dx_readiness' };
	refused(await danang.post(`${API}/units/2025/48/criteria-sets`, { json: own }), 422, 'kind',
		'criteria.province_kind');
	refused(await anon.get(`${API}/criteria-sets/${other.id}`), 404);
	/* a good one: a new version of its own set */
	const v2 = { ...doc, version: 2, name: `${doc.name} (sửa đổi)` };
	const r = ok(await danang.post(`${API}/units/2025/48/criteria-sets?change_note=thu`, { json: v2 }));
	assert.equal(r.version, 2);
	assert.equal(r.created, true);
});

test("the model commune's dossier shows its villages' evaluation, through the lineage", async () => {
	/* Xã Phù Linh (pre-2025) went into Xã Sóc Sơn, whose Thôn 1 meets Hà Nội's set */
	const officer = await ensureUser(admin, 'xa00400smart', 'commune_officer', 'pre2025:00400');
	const r = ok(await officer.post(`${API}/dossiers`, { json: { unit: 'pre2025:00400',
		set_id: 'ntm-xa-kieu-mau-2021-2025', year: 2025, title: 'model' } }));
	const sv = r.created.smart_villages;
	assert.ok(sv, 'the model commune shows the smart villages');
	assert.equal(sv.communes.length, 1);
	assert.equal(sv.communes[0].code, '00376');
	assert.equal(sv.communes[0].set.id, HANOI_SET);
	assert.equal(sv.met, 1);
	const met = sv.communes[0].villages.filter((v) => v.status === 'met').map((v) => v.code);
	assert.deepEqual(met, ['00376-01']);
	const page = await officer.get(`/dossiers/${r.created.id}`);
	assert.equal(page.status, 200);
	assert.match(page.text, /Thôn thông minh: đánh giá trên nền tảng/);
	assert.match(page.text, /Số thôn đạt: 1\/2/);
});

test('the modern-commune set of a province sees its smart village, measured, never typed', async () => {
	const r = ok(await hanoi.post(`${API}/units/2025/01/criteria-sets/from-template`, { json: { template: MODERN_TEMPLATE } }));
	assert.equal(r.id, `${MODERN_TEMPLATE}-01`);
	const ev = ok(await evaluation(anon, '00376', r.id));
	const ind = ev.criteria.flatMap((c) => c.indicators).find((i) => i.id === '3.1');
	assert.equal(ind.observed, 'smart_villages_met');
	assert.equal(ind.value, 1, 'Thôn 1 of Sóc Sơn meets Hà Nội\'s smart-village set');
	assert.equal(ind.met, true);
	/* a hand-typed value of it is refused, nothing written */
	refused(await hanoi.send('PUT', `${API}/units/2025/00376/indicators/${r.id}/2026`,
		{ json: { values: { '3.1': 5, '1.1': true } } }), 422, 'values.3.1', 'criteria.observed');
	const form = ok(await hanoi.get(`${API}/units/2025/00376/indicators/${r.id}/2026`));
	assert.equal(form.values['1.1'] ?? null, null, 'nothing written');
	/* Bà Nà (Đà Nẵng) is not Hà Nội's */
	refused(await evaluation(anon, '20308', r.id), 422, 'unit', 'criteria.other_province');
});
