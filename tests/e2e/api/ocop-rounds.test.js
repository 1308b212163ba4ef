'use strict';
/*
 * OCOP evaluation rounds over HTTP (issue 16, docs/OCOP.md section 6): a
 * producer registers a product, the commune forwards it, Hà Nội's officer
 * opens a provincial round with three evaluators and adds it (the product
 * takes open_provincial); each member scores independently - one cannot
 * see another's sheet before submitting their own, a non-member is
 * refused (403), a score above a part's maximum is 422 naming the part
 * and saves nothing, a submitted sheet no longer changes (409); closing
 * with a product nobody scored is 409 naming it; only the chair closes;
 * the mean of the members' totals gives the stars (up to 4 at the
 * province) and the product is rated, then certified with a certificate;
 * after the close scoring is 409.  The 5-star path: a product scoring 90
 * or more goes to a central round opened by the coordinator (a product
 * below 90 is refused there), whose close certifies it as 5 stars.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client } = require('../lib/accounts');
const { ok, refused } = require('../lib/http');
const { registerCheckedProduct, evaluators, certifyThroughRound } = require('../lib/ocop');

const API = '/api/v1/ocop';
let ntm, hanoi, dieuphoi, socson, members, outsider, p1, p2, roundId;

before(async () => {
	ntm = await startDemo();
	hanoi = await Client.login(ntm.base, 'hanoi');
	dieuphoi = await Client.login(ntm.base, 'dieuphoi');
	socson = await Client.login(ntm.base, 'socson');
	members = await evaluators(ntm.base, 3);
	[outsider] = await evaluators(ntm.base, 1);
	p1 = await registerCheckedProduct(ntm.base, 'Mật ong hoa nhãn <b>Sóc Sơn</b>');
	p2 = await registerCheckedProduct(ntm.base, 'Trà hoa vàng Sóc Sơn', 2);
});
after(() => ntm && ntm.stop());

const sheet = (rid, pid) => `${API}/rounds/${rid}/products/${pid}`;

test('the province opens a round; bad input is named, outsiders refused', async () => {
	const bad = await hanoi.post(`${API}/rounds`, { json: { level: 'district', unit: '2025:00376', name: '',
		chair_id: socson.user.id } });
	refused(bad, 422);
	assert.deepEqual(bad.json.error.problems.map((p) => p.field).sort(), ['chair_id', 'level', 'name', 'unit']);
	/* a commune officer is not a manager of rounds */
	refused(await socson.post(`${API}/rounds`, { json: { level: 'province', unit: '2025:01', name: 'X',
		chair_id: members[0].id } }), 403);
	/* Đà Nẵng's officer may not open Hà Nội's round */
	const danang = await Client.login(ntm.base, 'danang');
	refused(await danang.post(`${API}/rounds`, { json: { level: 'province', unit: '2025:01', name: 'X',
		chair_id: members[0].id } }), 403);
	const r = ok(await hanoi.post(`${API}/rounds`, { json: { level: 'province', unit: '2025:01',
		name: 'Kỳ đánh giá OCOP Hà Nội 2026 đợt 1', chair_id: members[0].id } }));
	roundId = r.created.id;
	assert.equal(r.created.state, 'open');
	assert.equal(r.created.scorecard_id, 'ocop-148-2023');
	assert.deepEqual(r.created.members.map((m) => m.id), [members[0].id]);
	for (const m of members.slice(1))
		ok(await hanoi.post(`${API}/rounds/${roundId}/members`, { json: { user_id: m.id } }));
	/* a commune officer cannot sit on the council */
	refused(await hanoi.post(`${API}/rounds/${roundId}/members`, { json: { user_id: socson.user.id } }),
		422, 'user_id', 'ocop.not_evaluator');
	for (const p of [p1, p2])
		ok(await hanoi.post(`${API}/rounds/${roundId}/products`, { json: { product_id: p } }));
	/* the evaluator's own rounds */
	const mine = ok(await members[1].client.get(`${API}/rounds/mine`));
	assert.deepEqual(mine.items.map((x) => x.id), [roundId]);
	const got = ok(await members[0].client.get(`${API}/rounds/${roundId}`));
	assert.equal(got.members.length, 3);
	assert.equal(got.is_chair, true);
	assert.deepEqual(got.products.map((p) => p.state), ['provincial_round', 'provincial_round']);
	/* the product is in an open round: not twice */
	refused(await hanoi.post(`${API}/rounds/${roundId}/products`, { json: { product_id: p1 } }), 409,
		'product_id', 'ocop.in_round');
	/* the round steps are the round's, not the cycle's actions route */
	refused(await hanoi.post(`${API}/products/${p1}/actions/rate`, { json: {} }), 409, undefined,
		'ocop.round_step');
});

test('members score independently; bad scores are named and nothing is saved', async () => {
	const [a, b] = members;
	ok(await a.client.post(`${sheet(roundId, p1)}/sheets`, { json: { scores: { A: 30, B: 20, C: 28 } } }));
	/* above the part's maximum, negative, not a number: every item named, nothing saved */
	const bad = await a.client.post(`${sheet(roundId, p1)}/sheets`, { json: { scores: { A: 45, B: -1, C: 'x' } } });
	refused(bad, 422);
	assert.deepEqual(bad.json.error.problems.map((p) => p.field).sort(), ['scores.A', 'scores.B', 'scores.C']);
	assert.match(bad.json.error.problems.find((p) => p.field === 'scores.A').message, /45/);
	let mine = ok(await a.client.get(`${sheet(roundId, p1)}/sheets`));
	assert.deepEqual(mine.mine.scores, { A: 30, B: 20, C: 28 });
	assert.equal(mine.mine.submitted, false);
	/* a non-member evaluator of the province: 403 */
	refused(await outsider.client.post(`${sheet(roundId, p1)}/sheets`, { json: { scores: { A: 1, B: 1, C: 1 } } }),
		403, undefined, 'ocop.round_not_member');
	refused(await outsider.client.get(`${sheet(roundId, p1)}/sheets`), 403);
	/* b cannot see a's scores before submitting */
	let seen = ok(await b.client.get(`${sheet(roundId, p1)}/sheets`));
	assert.equal(seen.others_visible, false);
	assert.ok(seen.sheets.every((s) => s.scores === undefined && s.total === undefined), JSON.stringify(seen.sheets));
	ok(await b.client.post(`${sheet(roundId, p1)}/submit`, { json: { scores: { A: 32, B: 21, C: 30 } } }));
	seen = ok(await b.client.get(`${sheet(roundId, p1)}/sheets`));
	assert.equal(seen.others_visible, true);
	assert.deepEqual(seen.sheets.find((s) => s.user_id === a.id).scores, { A: 30, B: 20, C: 28 });
	assert.equal(seen.provisional.mean, 83);
	/* a submitted sheet no longer changes */
	refused(await b.client.post(`${sheet(roundId, p1)}/sheets`, { json: { scores: { A: 1, B: 1, C: 1 } } }),
		409, undefined, 'ocop.sheet_submitted');
	ok(await a.client.post(`${sheet(roundId, p1)}/submit`, { json: { scores: { A: 30, B: 20, C: 28 } } }));
	ok(await members[2].client.post(`${sheet(roundId, p1)}/submit`, { json: { scores: { A: 31, B: 19, C: 27.5 } } }));
	/* the evaluator's inbox lists the sheet still waiting (p2) */
	const home = ok(await members[2].client.get('/api/v1/home'));
	const waiting = JSON.stringify(home);
	assert.ok(waiting.includes('Trà hoa vàng Sóc Sơn'), waiting.slice(0, 800));
});

test('only the chair closes, not while a product has no sheet; stars follow', async () => {
	const [a, b, c] = members;
	refused(await b.client.post(`${API}/rounds/${roundId}/close`, { json: {} }), 403, undefined, 'ocop.not_chair');
	const e = refused(await a.client.post(`${API}/rounds/${roundId}/close`, { json: {} }), 409, undefined,
		'ocop.round_unscored');
	assert.match(e.message, /Trà hoa vàng Sóc Sơn/);
	/* p2 scores 90 or more: 4 stars at the province, then the central round */
	for (const [m, s] of [[a, { A: 38, B: 24, C: 33 }], [b, { A: 37, B: 23, C: 32 }], [c, { A: 36, B: 24, C: 32 }]])
		ok(await m.client.post(`${sheet(roundId, p2)}/submit`, { json: { scores: s } }));
	const closed = ok(await a.client.post(`${API}/rounds/${roundId}/close`, { json: {} }));
	assert.equal(closed.state, 'closed');
	const r1 = closed.products.find((p) => p.id === p1);
	/* (78 + 83 + 77.5) / 3 = 79.5: 4 stars */
	assert.equal(r1.mean, 79.5);
	assert.equal(r1.stars, 4);
	assert.equal(r1.outcome, 'rate');
	assert.equal(r1.flagged, false);
	const prod = ok(await hanoi.get(`${API}/products/${p1}`));
	assert.equal(prod.state, 'rated');
	assert.equal(prod.stars, 4);
	assert.equal(prod.score, 79.5);
	const r2 = closed.products.find((p) => p.id === p2);
	assert.equal(r2.mean, 93);
	assert.equal(r2.stars, 5, 'the round keeps the band');
	assert.equal(ok(await hanoi.get(`${API}/products/${p2}`)).stars, 4, 'the province rates up to 4 stars');
	/* after the close: 409 */
	refused(await c.client.post(`${sheet(roundId, p1)}/sheets`, { json: { scores: { A: 1, B: 1, C: 1 } } }),
		409, undefined, 'ocop.round_closed');
	refused(await a.client.post(`${API}/rounds/${roundId}/close`, { json: {} }), 409, undefined, 'ocop.round_closed');
	/* the history names the rating */
	const h = ok(await hanoi.get(`${API}/products/${p1}/history`));
	assert.deepEqual(h.items.filter((i) => i.field === 'state').map((i) => i.new).slice(-2), ['provincial_round', 'rated']);
	assert.ok(h.items.some((i) => i.field === 'stars' && i.new === '4'));
});

test('the product is certified by the province: a certificate exists', async () => {
	refused(await socson.post(`${API}/products/${p1}/actions/certify`, { json: {} }), 403);
	const p = ok(await hanoi.post(`${API}/products/${p1}/actions/certify`, { json: {} }));
	assert.equal(p.state, 'certified');
	const certs = ok(await hanoi.get(`${API}/products/${p1}/certificates`));
	assert.equal(certs.items.length, 1);
	assert.equal(certs.items[0].stars, 4);
	assert.equal(certs.items[0].level, 'province');
});

test('the 5-star path: 90 or more goes to the central round, whose close certifies', async () => {
	/* the central council: evaluators of any province (Hà Nội, Đà Nẵng) */
	const central = [...await evaluators(ntm.base, 1), ...await evaluators(ntm.base, 1, '2025:48')];
	refused(await hanoi.post(`${API}/rounds`, { json: { level: 'central', unit: '2025:VN', name: 'TW',
		chair_id: central[0].id } }), 403);
	const r = ok(await dieuphoi.post(`${API}/rounds`, { json: { level: 'central', unit: '2025:VN',
		name: 'Đánh giá sản phẩm OCOP tiềm năng 5 sao 2026', chair_id: central[0].id } }));
	const cid = r.created.id;
	ok(await dieuphoi.post(`${API}/rounds/${cid}/members`, { json: { user_id: central[1].id } }));
	/* p1 (79.5 points, certified) cannot go */
	refused(await dieuphoi.post(`${API}/rounds/${cid}/products`, { json: { product_id: p1 } }), 409, 'product_id');
	const below = await certifyThroughRound(ntm.base, { name: 'Miến dong dưới 90 điểm' });
	assert.equal(below.product.state, 'certified');
	ok(await dieuphoi.post(`${API}/rounds/${cid}/products`, { json: { product_id: p2 } }));
	assert.equal(ok(await hanoi.get(`${API}/products/${p2}`)).state, 'central_round');
	for (const [m, s] of [[central[0], { A: 37, B: 23, C: 31 }], [central[1], { A: 36, B: 23, C: 32 }]])
		ok(await m.client.post(`${sheet(cid, p2)}/submit`, { json: { scores: s } }));
	const closed = ok(await central[0].client.post(`${API}/rounds/${cid}/close`, { json: {} }));
	assert.equal(closed.products[0].outcome, 'certify_central');
	const prod = ok(await hanoi.get(`${API}/products/${p2}`));
	assert.equal(prod.state, 'certified');
	assert.equal(prod.stars, 5);
	const certs = ok(await hanoi.get(`${API}/products/${p2}/certificates`));
	assert.equal(certs.items[0].stars, 5);
	assert.equal(certs.items[0].level, 'central');
});

test('the pages: the round for its chair, the scoring screen for a member', async () => {
	const page = await members[0].client.get(`/ocop/rounds/${roundId}`);
	assert.equal(page.status, 200);
	assert.ok(page.text.includes('Mật ong hoa nhãn &lt;b&gt;Sóc Sơn&lt;/b&gt;'), 'escaped');
	assert.ok(page.text.includes('★★★★'));
	assert.ok(page.text.includes('1048/QĐ-TTg'), 'the carried-over band note');
	const list = await hanoi.get('/ocop/rounds');
	assert.equal(list.status, 200);
	assert.ok(list.text.includes('Kỳ đánh giá OCOP Hà Nội 2026 đợt 1'));
	/* a refused form is the page again with its problems */
	const refusedForm = await hanoi.post('/ocop/rounds', { form: { level: 'province', unit: '2025:01', name: '' } });
	assert.equal(refusedForm.status, 422);
	assert.ok(refusedForm.text.includes('Cần tên kỳ đánh giá'), refusedForm.text.slice(0, 300));
});
