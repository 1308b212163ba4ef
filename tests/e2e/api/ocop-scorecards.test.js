'use strict';
/*
 * OCOP scorecards over HTTP (issue 16, the scorecard slice; docs/OCOP.md
 * section 3): the shipped 148/QĐ-TTg scorecard listed and read by anyone,
 * a coordinator's new version (PUT) and every fault of a bad one with its
 * JSON path, the preview's totals, mean, stars and disagreement flag, and
 * every bad score named by its member and part; who may put and preview
 * (a producer or an anonymous caller may not); the scorecard page shows
 * the "carried over" note of the star bands, and the scoring sheet works
 * as a plain form.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startDemo, Client, auditTotal } = require('../lib/accounts');

const API = '/api/v1';
const ID = 'ocop-148-2023';
const SHIPPED = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../scorecards/ocop-148-2023.json'), 'utf8'));

let ntm, anon, admin, coordinator, evaluator, producer, province;

function ok(r, status = 200) {
	assert.equal(r.status, status, `${r.status}: ${r.text.slice(0, 600)}`);
	return r.json;
}

function refused(r, status, field, code) {
	assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text.slice(0, 600)}`);
	assert.ok(r.json && r.json.error, r.text.slice(0, 200));
	if (field !== undefined)
		assert.equal(r.json.error.field, field, JSON.stringify(r.json.error));
	if (code !== undefined)
		assert.equal(r.json.error.code, code, JSON.stringify(r.json.error));
	return r.json.error;
}

const fields = (err) => (err.problems || []).map((p) => p.field);
const put = (client, doc, id = ID) => client.send('PUT', `${API}/ocop/scorecards/${id}?change_note=test`, { json: doc });
const preview = (client, body, id = ID) => client.post(`${API}/ocop/scorecards/${id}/preview`, { json: body });

/* Version 2: the sections of part B entered, group 1 with sub-criteria. */
function version2() {
	const d = JSON.parse(JSON.stringify(SHIPPED));
	d.version = 2;
	d.parts[1].sections[0].max = 15;
	d.parts[1].sections[1].max = 10;
	d.groups[0].items = [
		{ no: 'A.1', name: 'Tổ chức sản xuất', part: 'A', section: 1, max: 15 },
		{ no: 'A.2', name: 'Phát triển sản phẩm', part: 'A', section: 2, max: 15 },
		{ no: 'A.3', name: 'Sức mạnh cộng đồng', part: 'A', section: 3, max: 10 },
		{ no: 'B.1', name: 'Tiếp thị', part: 'B', section: 1, max: 15 },
		{ no: 'B.2', name: 'Câu chuyện về sản phẩm', part: 'B', section: 2, max: 10 },
		{ no: 'C.1', name: 'Chất lượng <b>sản phẩm</b>', part: 'C', max: 35 },
	];
	return d;
}

before(async () => {
	ntm = await startDemo();
	anon = Client.anonymous(ntm.base);
	admin = await Client.login(ntm.base, 'admin');
	coordinator = await Client.login(ntm.base, 'dieuphoi');
	evaluator = await Client.login(ntm.base, 'ocop');
	producer = await Client.login(ntm.base, 'htx');
	province = await Client.login(ntm.base, 'hanoi');
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

test('the shipped scorecard is listed and read by anyone, with verified parts and carried-over bands', async () => {
	const list = ok(await anon.get(`${API}/ocop/scorecards`));
	const item = list.items.find((i) => i.id === ID);
	assert.ok(item, JSON.stringify(list));
	assert.deepEqual(item.parts.map((p) => [p.code, p.max, p.status]), [['A', 40, 'verified'], ['B', 25, 'verified'], ['C', 35, 'verified']]);
	assert.equal(item.groups.length, 6);
	assert.equal(item.bands_status, 'carried_over');
	const one = ok(await anon.get(`${API}/ocop/scorecards/${ID}`));
	assert.equal(one.version, 1);
	assert.equal(one.scorecard.id, ID);
	assert.deepEqual(one.scorecard.bands.edges.map((e) => e.min), [90, 70, 50, 30, 0]);
	assert.equal(one.scorecard.parts[0].sections[0].max, null);
	refused(await anon.get(`${API}/ocop/scorecards/nope`), 404);
	refused(await anon.get(`${API}/ocop/scorecards/${ID}?version=9`), 404);
});

test('the scorecard page shows the parts, the bands and the carried-over note, no codes', async () => {
	const r = await anon.get(`/ocop/scorecards/${ID}`);
	assert.equal(r.status, 200);
	assert.match(r.text, /Sản phẩm và sức mạnh cộng đồng/);
	assert.match(r.text, /chưa xác nhận cho Quyết định 148\/QĐ-TTg/);
	assert.match(r.text, /chưa nhập/);
	assert.doesNotMatch(r.text, /carried_over|to_complete|ocop-148-2023<|members\[/);
});

test('a producer, a province officer and an anonymous caller may not put a version; nothing is written', async () => {
	const before = await auditTotal(admin);
	refused(await put(producer, version2()), 403);
	refused(await put(province, version2()), 403);
	refused(await put(anon, version2()), 401);
	assert.equal(await auditTotal(admin), before);
	assert.equal(ok(await anon.get(`${API}/ocop/scorecards/${ID}`)).version, 1);
});

test('a bad version is refused with every fault by its JSON path, nothing stored', async () => {
	const d = version2();
	d.parts[0].max = 41;
	d.parts[2].status = 'official';
	d.bands.edges[1].min = 95;
	d.groups[0].items[5].part = 'Z';
	d.spread.max = -3;
	const err = refused(await put(coordinator, d), 422);
	assert.deepEqual(fields(err).sort(), ['bands.edges[1]', 'groups[0].items[5].part', 'parts', 'parts[2].status', 'spread.max'].sort(), JSON.stringify(err.problems));
	for (const p of err.problems)
		assert.ok(p.message.startsWith(p.field), p.message);
	refused(await put(coordinator, { ...version2(), id: 'other' }), 422, 'id');
	const malformed = await coordinator.send('PUT', `${API}/ocop/scorecards/${ID}`, { json: [1] });
	assert.ok(malformed.status === 400 || malformed.status === 422, malformed.text);
	assert.equal(ok(await anon.get(`${API}/ocop/scorecards/${ID}`)).version, 1);
});

test('a coordinator puts version 2; the same again changes nothing; other text under it conflicts', async () => {
	const r = ok(await put(coordinator, version2()));
	assert.deepEqual([r.version, r.created], [2, true]);
	/* the same text typed with decomposed diacritics (NFD, as some
	 * editors save) is the same version: documents are stored as NFC */
	const nfd = JSON.parse(JSON.stringify(version2()).normalize('NFD'));
	assert.equal(ok(await put(coordinator, nfd)).created, false);
	assert.equal(ok(await put(coordinator, version2())).created, false);
	const other = version2();
	other.title = 'Khác';
	refused(await put(coordinator, other), 409, 'version');
	const newest = ok(await anon.get(`${API}/ocop/scorecards/${ID}`));
	assert.equal(newest.version, 2);
	assert.equal(newest.versions.length, 2);
	assert.equal(ok(await anon.get(`${API}/ocop/scorecards/${ID}?version=1`)).version, 1);
	const page = await anon.get(`/ocop/scorecards/${ID}`);
	assert.match(page.text, /6 tiêu chí chi tiết/);
});

test('the preview answers each total, the mean rounded half-up, the stars, the flag and the band note', async () => {
	const r = ok(await preview(evaluator, { members: [{ A: 35, B: 20, C: 30 }, { A: 36, B: 21, C: 31.5 }, { A: 34, B: 19, C: 29 }] }));
	assert.deepEqual(r.members.map((m) => m.total), [85, 88.5, 82]);
	assert.equal(r.mean, 85.2);
	assert.equal(r.stars, 4);
	assert.equal(r.spread, 6.5);
	assert.equal(r.flagged, false);
	assert.equal(r.bands_status, 'carried_over');
	assert.match(r.band_note, /1048\/QĐ-TTg/);
	/* 89.9 and 90: 89.95 rounds up to 90.0, five stars */
	const up = ok(await preview(province, { members: [{ A: 39.9, B: 25, C: 25 }, { A: 40, B: 25, C: 25 }] }));
	assert.deepEqual([up.mean, up.stars], [90, 5]);
	/* a wide disagreement is flagged */
	const wide = ok(await preview(coordinator, { members: [{ A: 20, B: 20, C: 20 }, { A: 40, B: 25, C: 30 }] }));
	assert.deepEqual([wide.spread, wide.flagged], [35, true]);
	/* by sub-criteria of group 1 (version 2) */
	const items = ok(await preview(evaluator, { group: 1, members: [{ items: { 'A.1': 15, 'A.2': 14, 'A.3': 9.5, 'B.1': 12, 'B.2': 8, 'C.1': 30 } }] }));
	assert.equal(items.members[0].total, 88.5);
	assert.deepEqual(items.members[0].parts, { A: 38.5, B: 20, C: 30 });
	/* ?version=1: the first version, which has no sub-criteria */
	refused(await evaluator.post(`${API}/ocop/scorecards/${ID}/preview?version=1`, { json: { group: 1, members: [{ items: { 'A.1': 1 } }] } }), 422, 'members[0].items');
});

test('every bad score is refused at once, naming the member and the part or sub-criterion; nothing stored', async () => {
	const before = await auditTotal(admin);
	const err = refused(await preview(evaluator, { members: [{ A: 41, B: -1, C: 'ba mươi' }, { A: 10, C: 10.123, D: 3 }, 7] }), 422);
	assert.deepEqual(fields(err), ['members[0].A', 'members[0].B', 'members[0].C', 'members[1].D', 'members[1].B', 'members[1].C', 'members[2]']);
	assert.match(err.problems[0].message, /Thành viên 1: A Sản phẩm và sức mạnh cộng đồng: 41 điểm vượt điểm tối đa 40/);
	const it = refused(await preview(evaluator, { group: 1, members: [{ items: { 'A.1': 16, 'A.2': 14, 'A.3': 9, 'B.1': 12, 'B.2': 8 } }] }), 422);
	assert.deepEqual(fields(it), ['members[0].items.A.1', 'members[0].items.C.1']);
	assert.match(it.problems[0].message, /A\.1 Tổ chức sản xuất/);
	refused(await preview(evaluator, { members: [] }), 422, 'members', 'ocop_scorecard.no_members');
	refused(await preview(evaluator, { members: Array(31).fill({ A: 1, B: 1, C: 1 }) }), 422, 'members', 'ocop_scorecard.too_many_members');
	refused(await preview(evaluator, { group: 9, members: [{ A: 1, B: 1, C: 1 }] }), 422, 'group');
	refused(await preview(evaluator, { members: [{ A: 1, B: 1, C: 1 }], extra: 1 }), 422, 'extra');
	refused(await preview(evaluator, { members: [{ A: 1, B: 1, C: 1 }] }, 'nope'), 404);
	assert.equal(await auditTotal(admin), before);
});

test('a producer and an anonymous caller may not preview', async () => {
	refused(await preview(producer, { members: [{ A: 1, B: 1, C: 1 }] }), 403);
	refused(await preview(anon, { members: [{ A: 1, B: 1, C: 1 }] }), 401);
	assert.equal((await producer.get(`/ocop/scorecards/${ID}/sheet`)).status, 403);
});

test('the scoring sheet works as a plain form: a result, or every problem linked to its input', async () => {
	const page = await evaluator.get(`/ocop/scorecards/${ID}/sheet`);
	assert.equal(page.status, 200);
	assert.match(page.text, /id="f-members-0--A"/);
	const res = await evaluator.post(`/ocop/scorecards/${ID}/preview`, { form: { m1_A: '35', m1_B: '20', m1_C: '30,5', m2_A: '36', m2_B: '21', m2_C: '31' } });
	assert.equal(res.status, 200, res.text.slice(0, 300));
	/* (85.5 + 88) / 2 = 86.75, half-up to one decimal: 86.8 */
	assert.match(res.text, /86,8/);
	assert.match(res.text, /85,5/);
	assert.match(res.text, /★★★★</);
	assert.match(res.text, /chưa xác nhận cho Quyết định 148/);
	assert.match(res.text, /value="30,5"/);
	const bad = await evaluator.post(`/ocop/scorecards/${ID}/preview`, { form: { m1_A: 'x', m1_B: '99', m1_C: '1' } });
	assert.equal(bad.status, 422, bad.text.slice(0, 300));
	assert.match(bad.text, /href="#f-members-0--A"/);
	assert.match(bad.text, /href="#f-members-0--B"/);
	assert.match(bad.text, /value="99"/);
	assert.doesNotMatch(bad.text, /members\[0\]/);
});
