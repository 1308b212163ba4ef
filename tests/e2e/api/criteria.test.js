'use strict';
/*
 * The criteria module over HTTP, on a `ntm demo` database (the shipped
 * sets, the demo threshold profiles and the sample values of Hà Nội and
 * Đà Nẵng): the sets (list, page, import, conflicts, bad documents with the
 * JSON path of the problem, a set from a table, national thresholds), a
 * province's attributes and delegated thresholds, indicator values (API
 * PUT, the HTML form, scope refusals, bad values naming their field), the
 * evaluation and the roll-ups moving after every write, and the bulk CSV
 * upload (all or nothing, every bad row reported).
 *
 * The tests run in order on one server: later ones build on the set
 * e2e-xa imported by the earlier ones, and compare with what was there
 * before rather than with the demo's numbers.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client, auditTotal, request } = require('../lib/accounts');
const zlib = require('node:zlib');
const { mainOf, unescapeHtml, badInputs } = require('../lib/ntm');
const { ok, refused } = require('../lib/http');

const API = '/api/v1';
const SET = 'e2e-xa';
const SOCSON = ['2025', '00376'];	/* Xã Sóc Sơn, Hà Nội: socson's commune */
const BANA = ['2025', '20308'];		/* Xã Bà Nà, Đà Nẵng: bana's commune */
const OLD = ['pre2025', '00400'];	/* a pre-2025 commune of Sóc Sơn district, merged into 2025:00376 */

let ntm;
let anon, admin, dieuphoi, hanoi, socson, bana, observer;

const unitPath = ([s, c], rest = '') => `/units/${s}/${c}${rest}`;
const evalPath = (u, set, year) => unitPath(u, `/evaluation/${set}/${year}`);
const entryPath = (u, set, year) => unitPath(u, `/indicators/${set}/${year}`);
const rollupPath = (u, set, year) => unitPath(u, `/rollup/${set}/${year}`);

/* The small set the tests own: 3 criteria, one delegated to the province. */
function testSet(over = {}) {
	return {
		format: 'ntm-criteria/1',
		id: SET,
		version: 1,
		name: 'Bộ tiêu chí thử nghiệm e2e',
		kind: 'custom',
		applies_to: { structure: '2025', level: 'commune', unit_class: ['rural'] },
		years: { from: 2026, to: 2030 },
		variant_by: 'commune_group',
		pass_rule: { type: 'all' },
		legal_basis: [{ document: 'QĐ thử nghiệm e2e', date: '2026-01-01' }],
		criteria: [
			{ id: '1', name: 'Quy hoạch', indicators: [
				{ id: '1.1', name: 'Có quy hoạch chung xã được phê duyệt', type: 'boolean', status: 'verified' }] },
			{ id: '2', name: 'Nước sạch', indicators: [
				{ id: '2.1', name: 'Tỷ lệ hộ dùng nước sạch', type: 'number', unit: '%', op: '>=', status: 'verified',
				  thresholds: [
					{ variant: '1', value: 80, status: 'verified', source: 'QĐ thử nghiệm e2e' },
					{ variant: '2', value: 70, status: 'verified', source: 'QĐ thử nghiệm e2e' },
					{ variant: '3', value: 60, status: 'verified', source: 'QĐ thử nghiệm e2e' }] }] },
			{ id: '3', name: 'Môi trường', indicators: [
				{ id: '3.1', name: 'Tỷ lệ chất thải rắn được thu gom', type: 'number', unit: '%', op: '>=',
				  delegated_to: 'province', status: 'recalled',
				  thresholds: [{ variant: '1', value: null }, { variant: '2', value: null }, { variant: '3', value: null }] }] },
		],
		...over,
	};
}

/* The value entered for one indicator of a unit (null if none). */
async function storedValue(u, set, year, id) {
	const v = ok(await observer.get(`${API}${entryPath(u, set, year)}`));
	return id in v.values ? v.values[id] : null;
}

function indicator(evaluation, id) {
	for (const c of evaluation.criteria)
		for (const i of c.indicators)
			if (i.id === id)
				return i;
	throw new Error(`no indicator ${id}`);
}

before(async () => {
	ntm = await startDemo();
	anon = Client.anonymous(ntm.base);
	[admin, dieuphoi, hanoi, socson, bana] = await Promise.all(
	    ['admin', 'dieuphoi', 'hanoi', 'socson', 'bana'].map((u) => Client.login(ntm.base, u)));
	observer = await admin.makeTokenClient('criteria-observer');
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

describe('criteria sets', () => {
	test('GET /api/v1/criteria-sets lists the shipped sets to anyone, newest version each', async () => {
		const r = ok(await anon.get(`${API}/criteria-sets`));
		assert.equal(r.total, r.items.length);
		const ids = r.items.map((s) => s.id);
		for (const id of ['ntm-xa-2021-2025', 'ntm-xa-2026-2030', 'ntm-xa-kieu-mau-2021-2025',
		    'ntm-huyen-2021-2025', 'ntm-tinh-2026-2030'])
			assert.ok(ids.includes(id), `${id} listed (${ids.join(', ')})`);
		const xa = r.items.find((s) => s.id === 'ntm-xa-2021-2025');
		assert.deepEqual(xa.years, { from: 2021, to: 2025 });
		assert.equal(xa.structure, 'pre2025');
		assert.equal(xa.level, 'commune');
		assert.ok(xa.version >= 1 && xa.versions >= 1);
		const html = await anon.get('/criteria-sets');
		assert.equal(html.status, 200);
		assert.match(mainOf(html.text), /href="\/criteria-sets\/ntm-xa-2026-2030"/);
	});

	test('GET /api/v1/criteria-sets/{id}: the document, its versions; ?version=1; unknown set or version is 404, a bad version 400', async () => {
		const r = ok(await anon.get(`${API}/criteria-sets/ntm-xa-2026-2030`));
		assert.equal(r.id, 'ntm-xa-2026-2030');
		assert.equal(r.set.id, 'ntm-xa-2026-2030');
		assert.equal(r.set.format, 'ntm-criteria/1');
		assert.equal(r.version, r.set.version);
		assert.match(r.sha256, /^[0-9a-f]{64}$/);
		assert.ok(r.versions.some((v) => v.version === 1));
		const v1 = ok(await anon.get(`${API}/criteria-sets/ntm-xa-2026-2030?version=1`));
		assert.equal(v1.version, 1);
		assert.equal(v1.set.version, 1);
		assert.ok(v1.set.profile === undefined || v1.set.profile === null, 'version 1 is the official one');
		refused(await anon.get(`${API}/criteria-sets/no-such-set`), 404);
		refused(await anon.get(`${API}/criteria-sets/ntm-xa-2026-2030?version=999`), 404, 'version');
		refused(await anon.get(`${API}/criteria-sets/ntm-xa-2026-2030?version=abc`), 400, 'version');
		refused(await anon.get(`${API}/criteria-sets/ntm-xa-2026-2030?version=0`), 422, 'version');
	});

	test('the set page shows null thresholds as "chưa cấu hình", wording badges, the legal basis and the history; a demo profile is labelled "minh họa"', async () => {
		const official = await anon.get('/criteria-sets/ntm-xa-2026-2030?version=1');
		assert.equal(official.status, 200);
		const main = unescapeHtml(mainOf(official.text));
		assert.match(main, /<h1>Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2026–2030<\/h1>/);
		assert.match(main, /chưa cấu hình/);
		assert.match(main, /không chính thức/, 'unofficial wording is shown as such');
		assert.match(main, /51\/2025\/QĐ-TTg/, 'the legal basis');
		assert.match(main, /Chưa có chỉ tiêu nào được nhập cho tiêu chí này/, 'criteria without indicators are marked');
		assert.doesNotMatch(main, /NGƯỠNG MINH HỌA\./, 'no demo banner on the official version');
		const sets = ok(await anon.get(`${API}/criteria-sets`));
		const xa = sets.items.find((s) => s.id === 'ntm-xa-2026-2030');
		if (xa.profile === 'demo') {
			const demo = unescapeHtml(mainOf((await anon.get('/criteria-sets/ntm-xa-2026-2030')).text));
			assert.match(demo, /NGƯỠNG MINH HỌA\./, 'the demo banner');
			assert.match(demo, /<span class="badge demo">minh họa<\/span>/, 'demo thresholds are labelled');
		}
		/* no form for the public */
		assert.doesNotMatch(main, /action="\/criteria-sets\/ntm-xa-2026-2030\/thresholds"/);
	});

	test('POST /api/v1/criteria-sets: a coordinator imports a set; the same text again is not a new version; other content under the same version is 409', async () => {
		const doc = testSet();
		const r = ok(await dieuphoi.post(`${API}/criteria-sets`, { json: doc }));
		assert.deepEqual(r, { id: SET, version: 1, created: true });
		const again = ok(await dieuphoi.post(`${API}/criteria-sets`, { json: doc }));
		assert.deepEqual(again, { id: SET, version: 1, created: false });
		const audit = await auditTotal(observer);
		const clash = refused(await dieuphoi.post(`${API}/criteria-sets`,
		    { json: testSet({ name: 'Một tên khác' }) }), 409, 'version', 'criteria.version_exists');
		assert.match(clash.message, /phiên bản/);
		assert.equal(await auditTotal(observer), audit, 'nothing recorded');
		const got = ok(await anon.get(`${API}/criteria-sets/${SET}`));
		assert.equal(got.set.name, 'Bộ tiêu chí thử nghiệm e2e');
		assert.equal(got.versions.length, 1);
	});

	test('importing is for admins and coordinators: a province officer gets 403, the anonymous 401', async () => {
		const doc = testSet({ id: 'e2e-not-allowed' });
		refused(await hanoi.post(`${API}/criteria-sets`, { json: doc }), 403, undefined, 'auth.forbidden');
		refused(await socson.post(`${API}/criteria-sets`, { json: doc }), 403);
		refused(await anon.post(`${API}/criteria-sets`, { json: doc }), 401);
		refused(await anon.get(`${API}/criteria-sets/e2e-not-allowed`), 404);
	});

	test('a bad document is 422 naming the JSON path: duplicate id, unknown type, unknown variant, unknown formula input, a cycle', async () => {
		const ind = (over) => ({ id: '1.1', name: 'Chỉ tiêu', type: 'number', op: '>=', thresholds: [], ...over });
		const cases = [
			['duplicate indicator id', testSet({ id: 'e2e-bad', criteria: [
				{ id: '1', name: 'A', indicators: [ind({ type: 'boolean', op: undefined, thresholds: undefined })] },
				{ id: '2', name: 'B', indicators: [ind({ id: '2.1', type: 'boolean', op: undefined, thresholds: undefined }),
					ind({ type: 'boolean', op: undefined, thresholds: undefined })] }] }),
			 'criteria[1].indicators[1].id', 'criteria.duplicate_id'],
			['unknown type', testSet({ id: 'e2e-bad', criteria: [
				{ id: '1', name: 'A', indicators: [{ id: '1.1', name: 'x', type: 'text' }] }] }),
			 'criteria[0].indicators[0].type', 'criteria.unknown_type'],
			['unknown variant', testSet({ id: 'e2e-bad', criteria: [
				{ id: '1', name: 'A', indicators: [ind({ thresholds: [{ variant: '4', value: 1 }] })] }] }),
			 'criteria[0].indicators[0].thresholds[0].variant', 'criteria.unknown_variant'],
			['formula with an unknown input', testSet({ id: 'e2e-bad', inputs: [{ id: 'a', name: 'A' }], criteria: [
				{ id: '1', name: 'A', indicators: [ind({ formula: '[a] + [b]' })] }] }),
			 'criteria[0].indicators[0].formula', 'criteria.unknown_reference'],
			['formula cycle', testSet({ id: 'e2e-bad', criteria: [
				{ id: '1', name: 'A', indicators: [ind({ id: '1.0' }), ind({ id: 'a', formula: '[b] + 1' }),
					ind({ id: 'b', formula: '[a] * 2' })] }] }),
			 'criteria[0].indicators[1].formula', 'criteria.cycle'],
		];
		const audit = await auditTotal(observer);
		for (const [what, doc, field, code] of cases) {
			const r = await dieuphoi.post(`${API}/criteria-sets`, { json: doc });
			assert.equal(r.status, 422, `${what}: ${r.status} ${r.text}`);
			assert.equal(r.json.error.field, field, what);
			assert.equal(r.json.error.code, code, what);
		}
		refused(await request(ntm.base, 'POST', `${API}/criteria-sets`, { body: '{"format": ',
			headers: dieuphoi.headers({ 'content-type': 'application/json', 'x-csrf-token': dieuphoi.csrf }) }),
		    400, null, 'request.bad_json');
		assert.equal(await auditTotal(observer), audit, 'nothing recorded');
		refused(await anon.get(`${API}/criteria-sets/e2e-bad`), 404, undefined, 'criteria.not_found');
	});

	test('the HTML import form (multipart, field "document") imports and sends the browser to the set; a refused one shows the message with the form', async () => {
		const doc = JSON.stringify(testSet({ id: 'e2e-form', name: 'Bộ nhập qua biểu mẫu <b>x</b>' }));
		const fd = new FormData();
		fd.append('_csrf', dieuphoi.csrf);
		fd.append('document', '');
		fd.append('file', new Blob([doc], { type: 'application/json' }), 'set.json');
		fd.append('change_note', 'nhập thử');
		const res = await fetch(`${ntm.base}/criteria-sets`, { method: 'POST', body: fd, redirect: 'manual',
			headers: { cookie: `ntm_session=${dieuphoi.cookie}` } });
		assert.equal(res.status, 303, await res.text());
		assert.equal(res.headers.get('location'), '/criteria-sets/e2e-form?version=1');
		const page = await anon.get('/criteria-sets/e2e-form');
		assert.match(page.text, /Bộ nhập qua biểu mẫu &lt;b&gt;x&lt;\/b&gt;/, 'the name is escaped');
		assert.doesNotMatch(page.text, /<b>x<\/b>/);
		assert.match(page.text, /nhập thử/, 'the change note is in the history');
		const bad = await dieuphoi.post('/criteria-sets', { form: { document: '{"format": "ntm-criteria/1"}' } });
		assert.equal(bad.status, 422);
		assert.match(bad.text, /role="alert"/);
		assert.match(bad.text, /<textarea id="f-document" name="document" rows="6">\{&quot;format&quot;/, 'the document is shown again');
	});

	test('POST /api/v1/criteria-sets/from-table: a set from an annex-style CSV; a bad row is 422 naming its line', async () => {
		const meta = { id: 'e2e-table', version: 1, name: 'Bộ từ bảng', kind: 'custom',
			applies_to: { structure: '2025', level: 'commune', unit_class: ['rural'] },
			years: { from: 2026, to: 2030 }, variant_by: 'commune_group',
			legal_basis: [{ document: 'QĐ bảng e2e' }] };
		const csv = 'criterion,indicator,name,type,unit,op,1,2,3\n' +
		    '1,,Thu nhập,,,,,,\n' +
		    '1,1.1,Thu nhập bình quân,number,triệu đồng/người/năm,>=,"70,5",60,\n' +
		    '1,1.2,Có kế hoạch OCOP,boolean,,,Đạt,Đạt,Đạt\n';
		const r = ok(await dieuphoi.post(`${API}/criteria-sets/from-table`, { json: { meta, csv } }));
		assert.deepEqual(r, { id: 'e2e-table', version: 1, created: true });
		const got = ok(await anon.get(`${API}/criteria-sets/e2e-table`));
		const t = got.set.criteria[0].indicators[0].thresholds;
		assert.deepEqual(t.map((x) => [x.variant, x.value]), [['1', 70.5], ['2', 60], ['3', null]]);
		const bad = refused(await dieuphoi.post(`${API}/criteria-sets/from-table`,
		    { json: { meta: { ...meta, id: 'e2e-table-bad' }, csv: csv + '1,1.3,Sai,text,,,1,2,3\n' } }), 422, 'line 5');
		assert.match(bad.message, /dòng 5/);
		refused(await dieuphoi.post(`${API}/criteria-sets/from-table`, { json: { csv } }), 422, 'meta');
		refused(await hanoi.post(`${API}/criteria-sets/from-table`, { json: { meta, csv } }), 403);
	});
});

describe('attributes, provincial thresholds, values and evaluation', () => {
	test('the province officer of Hà Nội sets the commune group of Xã Sóc Sơn from 2026; outside Hà Nội and for a commune officer it is 403', async () => {
		const before = await auditTotal(observer);
		const r = ok(await hanoi.post(`${API}${unitPath(SOCSON, '/attributes')}`,
		    { json: { year: 2026, commune_group: '1', source_document: 'QĐ 1/2026/QĐ-UBND (e2e)' } }));
		assert.equal(r.in_force.commune_group, '1');
		assert.equal(r.in_force.year, 2026);
		assert.equal(r.unit.code, '00376');
		assert.equal(await auditTotal(observer), before + 1);
		const got = ok(await socson.get(`${API}${unitPath(SOCSON, '/attributes')}?year=2026`));
		assert.equal(got.in_force.commune_group, '1');
		assert.equal(got.in_force.source_document, 'QĐ 1/2026/QĐ-UBND (e2e)');
		refused(await hanoi.post(`${API}${unitPath(BANA, '/attributes')}`,
		    { json: { year: 2026, commune_group: '2' } }), 403, 'code', 'auth.out_of_scope');
		refused(await socson.post(`${API}${unitPath(SOCSON, '/attributes')}`,
		    { json: { year: 2026, commune_group: '2' } }), 403, undefined, 'auth.forbidden');
		refused(await hanoi.post(`${API}${unitPath(SOCSON, '/attributes')}`,
		    { json: { year: 2026, commune_group: '7' } }), 422, 'commune_group');
		refused(await hanoi.post(`${API}${unitPath(SOCSON, '/attributes')}`,
		    { json: { commune_group: '2' } }), 422, 'year');
		refused(await hanoi.post(`${API}${unitPath(['2025', '01'], '/attributes')}`,
		    { json: { year: 2026, commune_group: '2' } }), 422, 'unit');
		refused(await anon.get(`${API}${unitPath(SOCSON, '/attributes')}`), 401);
		assert.equal(await auditTotal(observer), before + 1, 'the refusals wrote nothing');
	});

	test('socson enters values for Xã Sóc Sơn (PUT) and sees the evaluation; the delegated 3.1 waits for the province', async () => {
		const r = ok(await socson.send('PUT', `${API}${entryPath(SOCSON, SET, 2026)}`,
		    { json: { values: { '1.1': true, '2.1': 85, '3.1': 50 } } }));
		assert.deepEqual(r.values, { '1.1': true, '2.1': 85, '3.1': 50 });
		assert.equal(r.variant, '1');
		const ev = ok(await anon.get(`${API}${evalPath(SOCSON, SET, 2026)}`));
		assert.equal(ev.set_id, SET);
		assert.equal(ev.criteria_total, 3);
		assert.equal(ev.criteria_met, 2);
		assert.equal(ev.status, 'incomplete');
		const i21 = indicator(ev, '2.1');
		assert.equal(i21.met, true);
		assert.equal(i21.threshold, 80);
		assert.equal(i21.op, '>=');
		const i31 = indicator(ev, '3.1');
		assert.equal(i31.met, null);
		assert.equal(i31.reason, 'not_configured');
		assert.equal(ev.revocation_flag, false);
		assert.ok(ev.history.some((h) => h.year === 2026 && h.criteria_met === 2), JSON.stringify(ev.history));
	});

	test('Hà Nội fills the delegated threshold of 3.1 for group 1 with its decision: the commune meets the set; Đà Nẵng and non-delegated indicators are refused', async () => {
		const path = `${API}${unitPath(['2025', '01'], `/overrides/${SET}`)}`;
		const r = ok(await hanoi.post(path, { json: { indicator: '3.1', variant: '1', value: 40,
			source_document: 'QĐ 5/2026/QĐ-UBND Hà Nội (e2e)' } }));
		assert.deepEqual(r.items.map((x) => [x.indicator, x.variant, x.value]), [['3.1', '1', 40]]);
		assert.deepEqual(r.delegated.map((d) => d.id), ['3.1']);
		const ev = ok(await anon.get(`${API}${evalPath(SOCSON, SET, 2026)}`));
		assert.equal(ev.status, 'met');
		assert.equal(ev.criteria_met, 3);
		const i31 = indicator(ev, '3.1');
		assert.equal(i31.met, true);
		assert.equal(i31.threshold, 40);
		assert.equal(i31.threshold_status, 'province');
		const danang = await Client.login(ntm.base, 'danang');
		refused(await danang.post(path, { json: { indicator: '3.1', variant: '1', value: 40, source_document: 'x' } }),
		    403, 'code', 'auth.out_of_scope');
		refused(await hanoi.post(path, { json: { indicator: '2.1', variant: '1', value: 90, source_document: 'x' } }),
		    422, 'indicator', 'criteria.not_delegated');
		refused(await hanoi.post(path, { json: { indicator: '3.1', variant: '1', value: 40 } }), 422, 'source_document');
		refused(await hanoi.post(path, { json: { indicator: '3.1', variant: '9', value: 40, source_document: 'x' } }), 422, 'variant');
		refused(await hanoi.post(`${API}${unitPath(SOCSON, `/overrides/${SET}`)}`,
		    { json: { indicator: '3.1', variant: '1', value: 40, source_document: 'x' } }), 422, 'unit');
		const list = ok(await socson.get(path));
		assert.equal(list.total, 1);
	});

	test('a national threshold amended by the coordinator is a new version with its source; the evaluation follows it', async () => {
		const r = ok(await dieuphoi.post(`${API}/criteria-sets/${SET}/thresholds`, { json: {
			changes: { '2.1': [{ variant: '1', value: 90 }, { variant: '2', value: 75 }, { variant: '3', value: 60 }] },
			source_document: 'QĐ 2/2026/QĐ-TTg (e2e)', note: 'nâng ngưỡng nhóm 1' } }));
		assert.deepEqual(r, { id: SET, version: 2 });
		const set = ok(await anon.get(`${API}/criteria-sets/${SET}`));
		assert.equal(set.version, 2);
		const t = set.set.criteria[1].indicators[0].thresholds.find((x) => x.variant === '1');
		assert.equal(t.value, 90);
		assert.equal(t.source, 'QĐ 2/2026/QĐ-TTg (e2e)');
		assert.ok(set.set.legal_basis.some((b) => b.document === 'QĐ 2/2026/QĐ-TTg (e2e)'));
		assert.deepEqual(set.versions.map((v) => v.version), [2, 1]);
		const ev = ok(await anon.get(`${API}${evalPath(SOCSON, SET, 2026)}`));
		assert.equal(ev.set_version, 2);
		assert.equal(ev.status, 'not_met');
		const i21 = indicator(ev, '2.1');
		assert.equal(i21.met, false);
		assert.equal(i21.threshold, 90);
		assert.equal(i21.gap, 5);
		assert.match(i21.explanation, /thiếu 5/);
		/* the old version still evaluates as it did */
		const old = ok(await anon.get(`${API}${evalPath(SOCSON, SET, 2026)}?version=1`));
		assert.equal(old.set_version, 1);
		assert.equal(old.status, 'met');
		refused(await dieuphoi.post(`${API}/criteria-sets/${SET}/thresholds`, { json: {
			changes: { '2.1': [{ variant: '1', value: 95 }] } } }), 422, 'source_document');
		refused(await dieuphoi.post(`${API}/criteria-sets/${SET}/thresholds`, { json: {
			changes: { '9.9': [{ variant: '1', value: 95 }] }, source_document: 'x' } }), 422, 'changes.9.9');
		refused(await hanoi.post(`${API}/criteria-sets/${SET}/thresholds`, { json: {
			changes: { '2.1': [{ variant: '1', value: 1 }] }, source_document: 'x' } }), 403);
		assert.equal(ok(await anon.get(`${API}/criteria-sets/${SET}`)).version, 2, 'no version from the refusals');
	});

	test('the threshold form posts one (indicator, variant, value): the other variants are kept', async () => {
		const r = await dieuphoi.post(`/criteria-sets/${SET}/thresholds`, { form: {
			indicator: '2.1', variant: '2', value: '72,5', source_document: 'QĐ 3/2026/QĐ-TTg (e2e)', note: '' } });
		assert.equal(r.status, 303, r.text.slice(0, 300));
		assert.equal(r.headers.get('location'), `/criteria-sets/${SET}?version=3`);
		const set = ok(await anon.get(`${API}/criteria-sets/${SET}`));
		const t = set.set.criteria[1].indicators[0].thresholds;
		assert.deepEqual(t.map((x) => [x.variant, x.value]).sort(), [['1', 90], ['2', 72.5], ['3', 60]]);
		const bad = await dieuphoi.post(`/criteria-sets/${SET}/thresholds`, { form: {
			indicator: '2.1', variant: '2', value: 'nhiều', source_document: 'x' } });
		assert.equal(bad.status, 422);
		assert.match(bad.text, /<div class="error-summary" role="alert"[^>]*>.*<a href="#f-value">/, "the problem listed at the top, linked to its field");
		assert.match(bad.text, /value="nhiều"/, 'the value is shown again');
		const page = await dieuphoi.get(`/criteria-sets/${SET}`);
		assert.match(page.text, /action="\/criteria-sets\/e2e-xa\/thresholds"/, 'the coordinator sees the form');
		assert.match(unescapeHtml(page.text), /QĐ 3\/2026\/QĐ-TTg \(e2e\)/);
	});

	test('socson cannot write the commune of Bà Nà (Đà Nẵng): 403 and nothing written', async () => {
		const before = await storedValue(BANA, SET, 2026, '2.1');
		const audit = await auditTotal(observer);
		refused(await socson.send('PUT', `${API}${entryPath(BANA, SET, 2026)}`,
		    { json: { values: { '2.1': 12 } } }), 403, 'code', 'auth.out_of_scope');
		const form = await socson.post(entryPath(BANA, SET, 2026), { form: { 'v.2.1': '12' } });
		assert.equal(form.status, 403);
		assert.match(form.text, /ngoài phạm vi/);
		assert.equal(await storedValue(BANA, SET, 2026, '2.1'), before);
		assert.equal(await auditTotal(observer), audit);
		/* bana may */
		ok(await bana.send('PUT', `${API}${entryPath(BANA, SET, 2026)}`, { json: { values: { '2.1': 12 } } }));
		assert.equal(await storedValue(BANA, SET, 2026, '2.1'), 12);
	});

	test('bad values are 422 naming the field, and nothing is written', async () => {
		const put = (values, u = SOCSON, year = 2026, set = SET, who = socson) =>
			who.send('PUT', `${API}${entryPath(u, set, year)}`, { json: { values } });
		const before = ok(await observer.get(`${API}${entryPath(SOCSON, SET, 2026)}`)).values;
		const audit = await auditTotal(observer);
		refused(await put({ '2.1': 'abc' }), 422, 'values.2.1');
		refused(await put({ '2.1': 120 }), 422, 'values.2.1');
		refused(await put({ '2.1': -1 }), 422, 'values.2.1');
		refused(await put({ '1.1': 'có lẽ' }), 422, 'values.1.1');
		refused(await put({ '2.1': 50, '9.9': 1 }), 422, 'values.9.9');
		refused(await put({ '2.1': 50 }, SOCSON, 2025), 422, 'year');
		refused(await put({ '2.1': 50 }, SOCSON, 2031), 422, 'year');
		refused(await put({ '2.1': 50 }, SOCSON, 3000), 422, 'year');
		refused(await socson.send('PUT', `${API}${unitPath(SOCSON, `/indicators/${SET}/20x6`)}`,
		    { json: { values: { '2.1': 50 } } }), 400, 'year');
		refused(await socson.send('PUT', `${API}${entryPath(SOCSON, SET, 2026)}`, { json: { value: {} } }), 422, 'values');
		refused(await put({ '2.1': 50 }, ['2025', '01'], 2026, SET, hanoi), 422, 'unit');
		refused(await put({ '2.1': 50 }, ['pre2025', '00379'], 2026, SET, hanoi), 422, 'unit');
		refused(await put({ '2.1': 50 }, SOCSON, 2026, 'no-such-set'), 404);
		assert.deepEqual(ok(await observer.get(`${API}${entryPath(SOCSON, SET, 2026)}`)).values, before);
		assert.equal(await auditTotal(observer), audit, 'nothing recorded');
	});

	test('a cookie PUT needs the CSRF token; an API token needs none', async () => {
		refused(await socson.send('PUT', `${API}${entryPath(SOCSON, SET, 2026)}`,
		    { json: { values: { '2.1': 86 } }, csrf: false }), 403, '_csrf', 'auth.csrf');
		const token = await socson.makeTokenClient('criteria-put');
		const r = ok(await token.send('PUT', `${API}${entryPath(SOCSON, SET, 2026)}`,
		    { json: { values: { '2.1': 86 } } }));
		assert.equal(r.values['2.1'], 86);
	});

	test('the entry form: a refused value comes back next to its field with what was typed; a good one redirects to the page with its marks', async () => {
		const page = await socson.get(entryPath(SOCSON, SET, 2026));
		assert.equal(page.status, 200);
		assert.match(page.text, /name="v\.2\.1"/);
		assert.match(page.text, /<select id="v\.1\.1" name="v\.1\.1">/);
		const bad = await socson.post(entryPath(SOCSON, SET, 2026), { form: { 'v.1.1': 'true', 'v.2.1': 'chín mươi', 'v.3.1': '50' } });
		assert.equal(bad.status, 422);
		const html = bad.text;
		const at = html.indexOf('name="v.2.1"');
		assert.ok(at > 0);
		const block = html.slice(html.lastIndexOf('<div class="ind', at), html.indexOf('</div>', at));
		assert.match(block, /has-error/, 'the field is marked');
		assert.match(block, /value="chín mươi"/, 'what was typed is shown again');
		assert.match(block, /<p class="error" role="alert">/, 'the message is next to the field');
		assert.equal(await storedValue(SOCSON, SET, 2026, '2.1'), 86, 'nothing written');

		const good = await socson.post(entryPath(SOCSON, SET, 2026), { form: { 'v.1.1': 'true', 'v.2.1': '91,5', 'v.3.1': '' } });
		assert.equal(good.status, 303, good.text.slice(0, 300));
		assert.equal(good.headers.get('location'), entryPath(SOCSON, SET, 2026));
		assert.equal(await storedValue(SOCSON, SET, 2026, '2.1'), 91.5);
		assert.equal(await storedValue(SOCSON, SET, 2026, '3.1'), null, 'an empty field clears');
		const after = await socson.get(entryPath(SOCSON, SET, 2026));
		assert.match(after.text, /value="91,5"/);
		assert.match(after.text, /<span class="mark ok">✓ Đạt<\/span>/);
		assert.match(after.text, /<span class="mark unk">\? Chưa rõ<\/span>/);
		/* a signed-in user without the right sees the values, no form */
		const viewer = await Client.login(ntm.base, 'thamdinh');
		const ro = await viewer.get(entryPath(SOCSON, SET, 2026));
		assert.equal(ro.status, 200);
		assert.doesNotMatch(ro.text, /name="v\.2\.1"/);
		assert.equal((await anon.get(entryPath(SOCSON, SET, 2026))).status, 303, 'anonymous: to the login');
	});

	test('the evaluation page: the status, criteria met, each indicator with threshold and explanation, the history, the links', async () => {
		ok(await socson.send('PUT', `${API}${entryPath(SOCSON, SET, 2026)}`, { json: { values: { '2.1': 85, '3.1': 50 } } }));
		const r = await anon.get(evalPath(SOCSON, SET, 2026));
		assert.equal(r.status, 200);
		const main = unescapeHtml(mainOf(r.text));
		assert.match(main, /<p class="big">Chưa đạt<\/p>/);
		assert.match(main, /2\/3 tiêu chí đạt/);
		assert.match(main, /Cần ≥ 90 %, có 85: thiếu 5/);
		assert.match(main, /ngưỡng của tỉnh/, 'the provincial threshold is labelled');
		assert.match(main, new RegExp(`href="${entryPath(SOCSON, SET, 2026)}"`));
		assert.match(main, new RegExp(`href="${rollupPath(['2025', '01'], SET, 2026)}"`));
		const en = unescapeHtml(mainOf((await anon.get(`${evalPath(SOCSON, SET, 2026)}?lang=en`)).text));
		assert.match(en, /<p class="big">Not met<\/p>/);
		assert.match(en, /Needs ≥ 90 %, has 85: short by 5/);
	});

	test('the evaluation JSON is cached with an ETag and changes with every criteria write', async () => {
		const url = `${API}${evalPath(SOCSON, SET, 2026)}`;
		const a = await anon.get(url);
		const etag = a.headers.get('etag');
		assert.ok(etag);
		const b = await anon.get(url, { headers: { 'if-none-match': etag } });
		assert.equal(b.status, 304);
		ok(await socson.send('PUT', `${API}${entryPath(SOCSON, SET, 2026)}`, { json: { values: { '2.1': 95 } } }));
		const c = await anon.get(url, { headers: { 'if-none-match': etag } });
		assert.equal(c.status, 200, 'a write invalidates it');
		assert.equal(c.json.status, 'met');
		assert.notEqual(c.headers.get('etag'), etag);
	});
});

describe('roll-ups', () => {
	const count = async (u, set, year) => ok(await anon.get(`${API}${rollupPath(u, set, year)}`));

	test('the province and country roll-ups of the test set move with a commune that stops meeting it', async () => {
		const prov = await count(['2025', '01'], SET, 2026);
		const nation = await count(['2025', 'VN'], SET, 2026);
		assert.equal(prov.scope.code, '01');
		assert.equal(prov.set.id, SET);
		assert.ok(prov.units_in_scope > 50, `${prov.units_in_scope} rural communes in Hà Nội`);
		assert.ok(prov.met >= 1, 'Sóc Sơn meets the set');
		assert.ok(prov.units.some((u) => u.code === '00376' && u.status === 'met'));
		assert.ok(nation.children.some((c) => c.code === '01' && c.met === prov.met));
		ok(await socson.send('PUT', `${API}${entryPath(SOCSON, SET, 2026)}`, { json: { values: { '1.1': false } } }));
		const prov2 = await count(['2025', '01'], SET, 2026);
		const nation2 = await count(['2025', 'VN'], SET, 2026);
		assert.equal(prov2.met, prov.met - 1);
		assert.equal(nation2.met, nation.met - 1);
		assert.equal(prov2.evaluated, prov.evaluated);
		assert.ok(prov2.close_to_standard.some((u) => u.code === '00376' && u.missing === 1 &&
		    u.failed.some((f) => f.id === '1')), 'Sóc Sơn is close to the standard, missing criterion 1');
		const crit1 = prov2.criteria.find((c) => c.id === '1');
		assert.equal(crit1.failed, (prov.criteria.find((c) => c.id === '1').failed) + 1);
		ok(await socson.send('PUT', `${API}${entryPath(SOCSON, SET, 2026)}`, { json: { values: { '1.1': true } } }));
		assert.equal((await count(['2025', '01'], SET, 2026)).met, prov.met);
	});

	test('pre-2025 data rolls up into the old district and province, and through the lineage into the 2025 province and the country', async () => {
		const sets = ['pre2025:016', 'pre2025:01', '2025:01', '2025:VN'].map((x) => x.split(':'));
		const ev = ok(await anon.get(`${API}${evalPath(OLD, 'ntm-xa-2021-2025', 2025)}`));
		const before = await Promise.all(sets.map((u) => count(u, 'ntm-xa-2021-2025', 2025)));
		const country = before[3];
		assert.ok(country.children.some((c) => c.structure === '2025' && c.code === '01' && c.evaluated > 0),
		    'the 2025 province of Hà Nội has the pre-2025 communes');
		/* one boolean indicator the commune meets, made to fail */
		const entry = ok(await observer.get(`${API}${entryPath(OLD, 'ntm-xa-2021-2025', 2025)}`));
		let target = null;
		for (const c of entry.criteria)
			for (const i of c.indicators)
				if (!target && i.type === 'boolean' && i.met === true && !i.derived)
					target = i.id;
		const wasMet = ev.status === 'met';
		if (target === null)	/* nothing met yet: one failing value will do */
			target = entry.criteria[0].indicators.find((i) => i.type === 'boolean').id;
		const original = target in entry.values ? entry.values[target] : null;
		ok(await hanoi.send('PUT', `${API}${entryPath(OLD, 'ntm-xa-2021-2025', 2025)}`, { json: { values: { [target]: false } } }));
		const ev2 = ok(await anon.get(`${API}${evalPath(OLD, 'ntm-xa-2021-2025', 2025)}`));
		assert.equal(ev2.status === 'met', false);
		const after = await Promise.all(sets.map((u) => count(u, 'ntm-xa-2021-2025', 2025)));
		for (let k = 0; k < sets.length; k++) {
			assert.equal(after[k].met, before[k].met - (wasMet ? 1 : 0), `met in ${sets[k].join(':')}`);
			assert.ok(after[k].evaluated >= before[k].evaluated, `evaluated in ${sets[k].join(':')}`);
		}
		/* the country page lists the 2025 provinces with links to their roll-ups */
		const page = await anon.get(rollupPath(['2025', 'VN'], 'ntm-xa-2021-2025', 2025));
		assert.equal(page.status, 200);
		assert.match(page.text, /href="\/units\/2025\/01\/rollup\/ntm-xa-2021-2025\/2025"/);
		assert.match(page.text, /<svg class="hbar"/);
		ok(await hanoi.send('PUT', `${API}${entryPath(OLD, 'ntm-xa-2021-2025', 2025)}`,
		    { json: { values: { [target]: original } } }));
		assert.equal((await count(['2025', 'VN'], 'ntm-xa-2021-2025', 2025)).met, country.met, 'restored');
	});

	test('the roll-up page is cached for everyone but its header is each user\'s own, and a write shows at once', async () => {
		const page = rollupPath(['2025', '01'], SET, 2026);
		const first = await anon.get(page);
		const again = await anon.get(page);
		assert.equal(again.text, first.text, 'the same page twice');
		const mine = await socson.get(page);
		assert.equal(mine.status, 200);
		assert.match(mine.text, /href="\/me"[^>]*><bdi>socson<\/bdi></, 'socson sees their own name');
		assert.doesNotMatch(first.text, /href="\/me">/, 'the anonymous page names nobody');
		const theirs = await hanoi.get(page);
		assert.match(theirs.text, /href="\/me"[^>]*><bdi>hanoi<\/bdi></);
		assert.doesNotMatch(theirs.text, /socson</, 'no trace of the previous user');
		/* the body is the same for both; only the layout differs */
		const main = (html) => mainOf(html);
		assert.equal(main(theirs.text), main(mine.text));
		const before = ok(await anon.get(`${API}${page}`)).met;
		ok(await socson.send('PUT', `${API}${entryPath(SOCSON, SET, 2026)}`, { json: { values: { '1.1': false } } }));
		const changed = await anon.get(page);
		assert.notEqual(main(changed.text), main(first.text), 'the page follows the write');
		assert.equal(ok(await anon.get(`${API}${page}`)).met, before - 1);
		ok(await socson.send('PUT', `${API}${entryPath(SOCSON, SET, 2026)}`, { json: { values: { '1.1': true } } }));
	});

	test('a roll-up of a commune is 422 (unit); a year outside the set 422 (year); an unknown unit 404', async () => {
		refused(await anon.get(`${API}${rollupPath(SOCSON, SET, 2026)}`), 422, 'unit');
		refused(await anon.get(`${API}${rollupPath(['2025', '01'], SET, 2020)}`), 422, 'year');
		refused(await anon.get(`${API}${rollupPath(['2025', '01'], SET, 1900)}`), 422, 'year');
		refused(await anon.get(`${API}${rollupPath(['2025', '99999'], SET, 2026)}`), 404);
		refused(await anon.get(`${API}${evalPath(['2025', '99999'], SET, 2026)}`), 404);
	});

	test('the unit pages link to the evaluation, entry and roll-up pages of the default set of their structure', async () => {
		const c25 = mainOf((await anon.get('/units/2025/00376')).text);
		assert.match(c25, /href="\/units\/2025\/00376\/evaluation\/ntm-xa-2026-2030\/2026"/);
		assert.match(c25, /href="\/units\/2025\/00376\/indicators\/ntm-xa-2026-2030\/2026"/);
		const old = mainOf((await anon.get('/units/pre2025/00400')).text);
		assert.match(old, /href="\/units\/pre2025\/00400\/evaluation\/ntm-xa-2021-2025\/2025"/);
		const prov = mainOf((await anon.get('/units/2025/01')).text);
		assert.match(prov, /href="\/units\/2025\/01\/rollup\/ntm-xa-2026-2030\/2026"/);
		assert.match(prov, /href="\/units\/2025\/01\/rollup\/ntm-xa-2021-2025\/2025"/);
		const nation = mainOf((await anon.get('/units/2025/VN')).text);
		assert.match(nation, /href="\/units\/2025\/VN\/rollup\/ntm-xa-2021-2025\/2025"/);
		const ward = mainOf((await anon.get('/units/2025/00004')).text);
		assert.doesNotMatch(ward, /\/evaluation\//, 'an urban ward has no NTM evaluation');
	});
});

/* ---- issue 14: the pages as people read them ---- */

/* A file as bytes (no text decoding: the BOM and the zip stay). */
async function download(path) {
	const res = await fetch(ntm.base + path, { redirect: 'manual' });
	return { status: res.status, headers: res.headers, buf: Buffer.from(await res.arrayBuffer()) };
}

/* RFC 4180 rows of a CSV (after its BOM). */
function csvRows(buf) {
	assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
	const text = buf.subarray(3).toString('utf8');
	const rows = [];
	let row = [], cell = '', q = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (q) {
			if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
			else if (ch === '"') q = false;
			else cell += ch;
		} else if (ch === '"') q = true;
		else if (ch === ',') { row.push(cell); cell = ''; }
		else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
		else cell += ch;
	}
	if (cell !== '' || row.length)
		rows.push([...row, cell]);
	return rows;
}

/* One member of a zip (through its central directory), inflated. */
function unzipMember(buf, name) {
	for (let i = buf.length - 22; i >= 0; i--) {
		if (buf.readUInt32LE(i) !== 0x06054b50)
			continue;
		let p = buf.readUInt32LE(i + 16);
		for (let n = buf.readUInt16LE(i + 10); n > 0; n--) {
			const method = buf.readUInt16LE(p + 10), csize = buf.readUInt32LE(p + 20);
			const nlen = buf.readUInt16LE(p + 28), xlen = buf.readUInt16LE(p + 30), clen = buf.readUInt16LE(p + 32);
			const off = buf.readUInt32LE(p + 42), fname = buf.toString('utf8', p + 46, p + 46 + nlen);
			if (fname === name) {
				const data = off + 30 + buf.readUInt16LE(off + 26) + buf.readUInt16LE(off + 28);
				const raw = buf.subarray(data, data + csize);
				return (method === 8 ? zlib.inflateRawSync(raw) : raw).toString('utf8');
			}
			p += 46 + nlen + xlen + clen;
		}
	}
	throw new Error(`no ${name} in the zip`);
}

/* The rows of a table of a page: the text of each cell. */
function tableRows(html, id) {
	const m = new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
	assert.ok(m, `a table #${id}`);
	const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(m[1])[1];
	return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((tr) =>
	    [...tr[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((td) =>
		unescapeHtml(td[1].replace(/<br>[\s\S]*$/, '').replace(/<[^>]+>/g, '')).trim()));
}

describe('issue 14: the 2026–2030 set explains what it lacks; close list, sort and exports', () => {
	const XA = 'ntm-xa-2026-2030';

	test('a criterion without indicators says they are not issued yet, with the set\'s legal source; the status line counts the criteria the set can evaluate', async () => {
		const api = ok(await observer.get(`${API}${evalPath(SOCSON, XA, 2026)}?version=1`));
		assert.equal(api.set.criteria_total, 10);
		assert.equal(api.set.criteria_pending, 5, 'criteria 4, 5, 7, 9, 10 have no indicator');
		assert.equal(api.set.criteria_evaluable, 2, 'version 1: only the two yes/no criteria have what they need');
		assert.equal(api.set.watch.document, '51/2025/QĐ-TTg');
		assert.deepEqual(api.criteria.filter((c) => c.pending).map((c) => c.id), ['4', '5', '7', '9', '10']);
		const newest = ok(await observer.get(`${API}${evalPath(SOCSON, XA, 2026)}`));
		const evaluable = newest.set.criteria_evaluable;
		for (const path of [entryPath(SOCSON, XA, 2026), evalPath(SOCSON, XA, 2026), rollupPath(['2025', '01'], XA, 2026)]) {
			const page = unescapeHtml(mainOf((await socson.get(path)).text).replace(/<[^>]+>/g, ''));
			assert.match(page, new RegExp(`${evaluable}/10 tiêu chí đánh giá được với bộ tiêu chí hiện hành`), path);
			assert.match(page, /5 tiêu chí chưa có chỉ tiêu được ban hành trong bộ này/, path);
			assert.match(page, /Phụ lục I, Quyết định 51\/2025\/QĐ-TTg/, `${path} names the legal source`);
			if (!path.includes('/rollup/'))
				assert.match(page, /4\. Đào tạo nguồn nhân lực nông thôn\s*– Chưa đánh giá được\s*[\s\S]*?Chỉ tiêu chưa được ban hành trong bộ tiêu chí này/, path);
		}
		const entry = mainOf((await socson.get(entryPath(SOCSON, XA, 2026))).text);
		const crit4 = /<legend>4\.[\s\S]*?<\/fieldset>/.exec(entry)[0];
		assert.doesNotMatch(crit4, /\? Chưa rõ|mark unk">\?/, 'no unexplained question mark');
	});

	test('the close-to-the-standard list holds only units missing 1–2 criteria (failed or without data)', async () => {
		for (const [u, set, year] of [[['2025', '01'], XA, 2026], [['2025', 'VN'], XA, 2026],
		    [['2025', 'VN'], 'ntm-xa-2021-2025', 2025], [['2025', '01'], SET, 2026]]) {
			const r = ok(await anon.get(`${API}${rollupPath(u, set, year)}`));
			for (const c of r.close_to_standard) {
				assert.notEqual(c.status, 'met');
				assert.ok(c.criteria_total - c.criteria_met >= 1 && c.criteria_total - c.criteria_met <= 2,
				    `${c.full_name}: ${c.criteria_met}/${c.criteria_total} is not close (${set})`);
				assert.equal(c.missing, c.criteria_total - c.criteria_met);
				assert.equal(c.failed.length, c.missing, 'every missing criterion is named');
			}
			assert.ok(r.close_to_standard_total >= r.close_to_standard.length);
		}
		/* 5 of 10 criteria have no indicator: nobody is within 2 of the standard */
		const xa = ok(await anon.get(`${API}${rollupPath(['2025', 'VN'], XA, 2026)}`));
		assert.equal(xa.close_to_standard.length, 0);
		assert.equal(xa.close_to_standard_total, 0);
		const page = mainOf((await anon.get(rollupPath(['2025', 'VN'], XA, 2026))).text);
		assert.match(page, /Không có đơn vị nào chỉ còn thiếu 1–2 tiêu chí/);
	});

	test('the roll-up lists sort on the server by ?sort=&dir=, the headers are links, bad values are refused naming the field', async () => {
		const base = rollupPath(['2025', '01'], XA, 2026);
		const byName = ok(await anon.get(`${API}${base}?sort=name&dir=desc`)).units;
		assert.ok(byName.length > 20, 'a list longer than a screen');
		const fold = (x) => x.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase();
		for (let i = 1; i < byName.length; i++)
			assert.ok(fold(byName[i - 1].full_name) >= fold(byName[i].full_name), `${byName[i - 1].full_name} before ${byName[i].full_name}`);
		const byMet = ok(await anon.get(`${API}${base}?sort=criteria&dir=desc`)).units;
		for (let i = 1; i < byMet.length; i++)
			assert.ok(byMet[i - 1].criteria_met >= byMet[i].criteria_met);
		const rank = { met: 0, not_met: 1, incomplete: 2 };
		const byResult = ok(await anon.get(`${API}${base}?sort=result&dir=asc`)).units;
		for (let i = 1; i < byResult.length; i++)
			assert.ok(rank[byResult[i - 1].status] <= rank[byResult[i].status], 'met, then not met, then not enough data');
		assert.ok(!('status_rank' in byResult[0]));
		const asc = ok(await anon.get(`${API}${base}?sort=criteria&dir=asc`)).units;
		assert.ok(asc[0].criteria_met <= asc[asc.length - 1].criteria_met);
		const country = ok(await anon.get(`${API}${rollupPath(['2025', 'VN'], 'ntm-xa-2021-2025', 2025)}?sort=share&dir=desc`)).children;
		for (let i = 1; i < country.length; i++)
			assert.ok(country[i - 1].met_share >= country[i].met_share);
		const html = unescapeHtml((await anon.get(`${base}?sort=name&dir=asc`)).text);
		assert.match(html, /<a href="\/units\/2025\/01\/rollup\/ntm-xa-2026-2030\/2026\?sort=name&dir=desc#list">Tên ▲<\/a>/, 'the current column reverses');
		assert.match(html, /href="\/units\/2025\/01\/rollup\/ntm-xa-2026-2030\/2026\?sort=criteria&dir=asc#list"/);
		assert.match(html, /aria-sort="ascending"/);
		for (const [k, v] of [['sort', 'code'], ['sort', 'NAME'], ['dir', 'up'], ['sort', ''.padEnd(300, 'x')]]) {
			const r = await anon.get(`${API}${base}?${k}=${encodeURIComponent(v)}`);
			refused(r, r.status === 400 ? 400 : 422, k);
		}
		for (const v of [...badInputs().sql, ...badInputs().html_script].slice(0, 12)) {
			const r = await anon.get(`${API}${base}?sort=${encodeURIComponent(v)}`);
			assert.ok(r.status === 400 || r.status === 422, `sort=${JSON.stringify(v)} -> ${r.status}`);
			assert.equal(r.json.error.field, 'sort');
		}
	});

	test('every roll-up list downloads as CSV and XLSX holding exactly the rows the page shows, in its order', async () => {
		const page = rollupPath(['2025', '01'], XA, 2026);
		const html = unescapeHtml((await anon.get(`${page}?sort=name&dir=desc`)).text);
		const shown = tableRows(html, 'units-table');
		assert.ok(shown.length > 20);
		const href = /href="([^"]*export\.csv\?list=units[^"]*)"/.exec(html);
		assert.ok(href, 'the page links its CSV');
		const csv = await download(href[1]);
		assert.equal(csv.status, 200);
		assert.match(csv.headers.get('content-type'), /^text\/csv; charset=utf-8/);
		assert.match(csv.headers.get('content-disposition'), /^attachment; filename="[\x20-\x7e]+\.csv"$/);
		const rows = csvRows(csv.buf);
		assert.deepEqual(rows[0], ['Tên', 'Kết quả', 'Tiêu chí đạt', 'Tổng số tiêu chí']);
		assert.deepEqual(rows.slice(1).map((r) => [r[0], r[1], `${r[2]}/${r[3]}`]),
		    shown.map((r) => [r[0], r[1], r[2]]), 'the CSV is the page\'s table');
		const xlsx = await download(/href="([^"]*export\.xlsx\?list=units[^"]*)"/.exec(html)[1]);
		assert.equal(xlsx.status, 200);
		assert.equal(xlsx.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		const sheet = unzipMember(xlsx.buf, 'xl/worksheets/sheet1.xml');
		const cells = [...sheet.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => unescapeHtml(m[1]));
		const names = shown.map((r) => r[0]);
		const inSheet = cells.filter((c) => names.includes(c));
		assert.deepEqual(inSheet, names, 'the workbook lists the same units in the same order');
		/* the close list, the pass rates and the country's provinces too */
		for (const list of ['close', 'criteria', 'distribution']) {
			const r = await download(`${page}/export.csv?list=${list}`);
			assert.equal(r.status, 200, list);
			assert.ok(csvRows(r.buf).length >= (list === 'close' ? 1 : 2), list);
		}
		const nation = unescapeHtml((await anon.get(`${rollupPath(['2025', 'VN'], 'ntm-xa-2021-2025', 2025)}?sort=met&dir=desc`)).text);
		const provinces = tableRows(nation, 'children-table');
		const pcsv = csvRows((await download(/href="([^"]*export\.csv\?list=children[^"]*)"/.exec(nation)[1])).buf);
		assert.deepEqual(pcsv.slice(1).map((r) => [r[0], r[1], r[2]]), provinces.map((r) => [r[0], r[1], r[2]]));
		const bad = await anon.get(`${page}/export.csv?list=secret`);
		assert.ok(bad.status === 400 || bad.status === 422, `list=secret -> ${bad.status}`);
		assert.match(bad.text, /list/, 'the refusal names the field');
	});

	test('the evaluation downloads as CSV and XLSX: one row per indicator as the page shows it, the formula guard on text', async () => {
		const r = await download(`${evalPath(SOCSON, XA, 2026)}/export.csv`);
		assert.equal(r.status, 200);
		const rows = csvRows(r.buf);
		assert.deepEqual(rows[0], ['Tiêu chí', 'Chỉ tiêu', 'Giá trị', 'Ngưỡng', 'Kết quả', 'Giải thích']);
		const ev = ok(await anon.get(`${API}${evalPath(SOCSON, XA, 2026)}`));
		const indicators = ev.criteria.flatMap((c) => c.indicators.length ? c.indicators : [null]);
		assert.equal(rows.length - 1, indicators.length);
		assert.ok(rows.some((x) => x[0] === '4. Đào tạo nguồn nhân lực nông thôn' && x[4] === 'Chưa đánh giá được'));
		for (const row of rows)
			for (const c of row)
				assert.ok(!/^[=+\-@]/.test(c), `a text cell starting ${c.slice(0, 10)} is guarded`);
		const x = await download(`${evalPath(SOCSON, XA, 2026)}/export.xlsx`);
		assert.equal(x.status, 200);
		assert.match(unzipMember(x.buf, 'xl/worksheets/sheet1.xml'), /Đào tạo nguồn nhân lực nông thôn/);
	});

	test('a refused entry lists every problem at once at the top, each linked to its field and naming the indicator as the page shows it, never the field path (the API keeps field)', async () => {
		const before = ok(await observer.get(`${API}${entryPath(SOCSON, XA, 2026)}`)).values;
		const r = await socson.post(entryPath(SOCSON, XA, 2026), { form: { 'v.8.1': 'khoảng chín mươi', 'v.3.1': '120%', 'v.1.1': 'true' } });
		assert.equal(r.status, 422);
		const main = unescapeHtml(mainOf(r.text));
		const text = main.replace(/<[^>]+>/g, '');
		/* the one summary of every form (partials/errors): both problems, at the top */
		const summary = main.match(/<div class="error-summary"[^>]*>[\s\S]*?<\/div>/);
		assert.ok(summary, 'the summary of problems at the top');
		assert.equal((summary[0].match(/<li><a href="#v\./g) || []).length, 2, 'both problems listed');
		assert.match(main, /<a href="#v\.8\.1">8\.1 Tỷ lệ hộ được sử dụng nước sạch theo quy chuẩn: “khoảng chín mươi” không phải một số/);
		assert.match(main, /<a href="#v\.3\.1">3\.1 Tốc độ tăng thu nhập bình quân đầu người: /);
		assert.doesNotMatch(text, /values\.\d/, 'no field path in what a person reads');
		assert.equal(await storedValue(SOCSON, XA, 2026, '1.1'), '1.1' in before ? before['1.1'] : null, 'nothing written');
		const api = await socson.send('PUT', `${API}${entryPath(SOCSON, XA, 2026)}`, { json: { values: { '8.1': 'x' } } });
		const e = refused(api, 422, 'values.8.1');
		assert.doesNotMatch(e.message, /values\./);
		assert.match(e.message, /^8\.1 Tỷ lệ hộ/);
	});
});

describe('bulk upload of values', () => {
	const header = 'structure,code,set_id,year,indicator,value\n';

	test('one bad row refuses the whole file: every bad row reported by line, nothing written', async () => {
		const before = ok(await observer.get(`${API}${entryPath(SOCSON, SET, 2027)}`)).values;
		const audit = await auditTotal(observer);
		const csv = header +
		    `2025,00376,${SET},2027,2.1,77\n` +
		    `2025,00376,${SET},2027,2.1,abc\n` +
		    `2025,00376,${SET},2027,9.9,1\n` +
		    `2025,00376,${SET},2040,2.1,50\n` +
		    `2025,00376,${SET},2027,1.1,true\n` +
		    `2025,20308,${SET},2027,2.1,50\n` +
		    `2025,00376,no-such-set,2027,2.1,50\n`;
		const r = await socson.post(`${API}/indicators/import`, { json: { csv } });
		const err = refused(r, 422, 'file', 'criteria.import_rows');
		assert.ok(Array.isArray(err.rows), 'the JSON error carries the rows');
		assert.deepEqual(err.rows.map((x) => [x.line, x.field]),
		    [[3, 'value'], [4, 'indicator'], [5, 'year'], [7, 'code'], [8, 'set_id']]);
		for (const row of err.rows)
			assert.ok(row.message.length > 0);
		assert.match(err.rows[3].message, /^Không có quyền nhập số liệu cho /, 'a unit outside the caller\'s scope is a bad row');
		assert.match(err.message, /^Bảng CSV: 5 dòng lỗi, không ghi dòng nào \(dòng 3: /);
		/* The rows and the summary in the caller's language. */
		const en = refused(await socson.post(`${API}/indicators/import?lang=en`, { json: { csv } }), 422, 'file',
		    'criteria.import_rows');
		assert.deepEqual(en.rows.map((x) => [x.line, x.field]), err.rows.map((x) => [x.line, x.field]));
		assert.match(en.rows[3].message, /^You may not enter values for /);
		assert.match(en.message, /^CSV table: 5 bad rows, nothing written \(line 3: /);
		assert.deepEqual(ok(await observer.get(`${API}${entryPath(SOCSON, SET, 2027)}`)).values, before);
		assert.equal(await auditTotal(observer), audit, 'nothing recorded');
		/* the page lists them too */
		const page = await socson.post('/indicators/import', { form: { csv } });
		assert.equal(page.status, 422);
		assert.match(page.text, /<td class="num">7<\/td><td><code>code<\/code><\/td>/);
	});

	test('a good file is written, a dry run is not', async () => {
		const csv = header + `2025,00376,${SET},2027,2.1,77\n2025,00376,${SET},2027,1.1,có\n`;
		const dry = ok(await socson.post(`${API}/indicators/import`, { json: { csv, dry_run: true } }));
		assert.deepEqual(dry, { rows: 2, units: 1, evaluations: dry.evaluations, dry_run: true });
		assert.equal(await storedValue(SOCSON, SET, 2027, '2.1'), null, 'a dry run writes nothing');
		const r = ok(await socson.post(`${API}/indicators/import`, { json: { csv } }));
		assert.equal(r.rows, 2);
		assert.equal(r.units, 1);
		assert.equal(r.dry_run, false);
		assert.equal(await storedValue(SOCSON, SET, 2027, '2.1'), 77);
		assert.equal(await storedValue(SOCSON, SET, 2027, '1.1'), true);
		const form = await socson.post('/indicators/import', { form: { csv: header + `2025,00376,${SET},2027,2.1,78\n` } });
		assert.equal(form.status, 200);
		assert.match(form.text, /<p class="notice" role="status">Đã nhập: 1 dòng/);
		assert.equal(await storedValue(SOCSON, SET, 2027, '2.1'), 78);
		refused(await socson.post(`${API}/indicators/import`, { json: {} }), 422, 'csv');
		refused(await anon.post(`${API}/indicators/import`, { json: { csv } }), 401);
		const producer = await Client.login(ntm.base, 'htx');
		refused(await producer.post(`${API}/indicators/import`, { json: { csv } }), 403);
	});
});
