'use strict';
/*
 * The OCOP cycle through the API, for tests that need a product at a
 * given step (issue 16; docs/OCOP.md sections 2 and 6):
 *
 *   const { certifyThroughRound } = require('../lib/ocop');
 *   const { productId, roundId } = await certifyThroughRound(ntm.base);
 *
 * registerCheckedProduct: the demo producer account (htx) registers a
 * product of its cooperative in Xã Sóc Sơn and submits its business plan;
 * the commune officer (socson) forwards it with the four assessments
 * (state commune_checked).
 * evaluators: fresh ocop_evaluator accounts (created by admin), signed in.
 * provincialRound: Hà Nội's officer (hanoi) opens a round chaired by the
 * first evaluator, adds the others and the products.
 * certifyThroughRound: all of that, every member submits its part scores,
 * the chair closes (the product is rated), and hanoi certifies it (a
 * certificate is issued).  Default scores give about 80 points: 4 stars.
 */
const assert = require('node:assert/strict');
const { Client, uniqueName } = require('./accounts');

const API = '/api/v1/ocop';
const SOCSON = '2025:00376';
const HANOI = '2025:01';

function check(r, what) {
	assert.equal(r.status, 200, `${what}: ${r.status} ${r.text.slice(0, 600)}`);
	return r.json;
}

async function registerCheckedProduct(base, name = `Sản phẩm ${uniqueName('ocop')}`, group = 1) {
	const htx = await Client.login(base, 'htx');
	const socson = await Client.login(base, 'socson');
	/* a producer of its own: htx represents the producers it registers */
	const producerId = check(await htx.post(`${API}/producers`, { json: { unit: SOCSON,
		name: `Hợp tác xã ${uniqueName('htx')}`, kind: 'cooperative' } }), 'producer').created.id;
	const p = check(await htx.post(`${API}/producers/${producerId}/products`,
		{ json: { name, group, description: 'Sản phẩm thử của kỳ đánh giá' } }), 'register');
	const id = p.created ? p.created.id : p.id;
	check(await htx.post(`${API}/products/${id}/actions/submit_plan`, { json: {} }), 'submit_plan');
	check(await socson.post(`${API}/products/${id}/actions/forward`, { json: { assessments:
		{ origin: 'met', labour: 'met', idea: 'met', identity: 'met' } } }), 'forward');
	return id;
}

/* n fresh evaluators at unit: [{client, id, username}]. */
async function evaluators(base, n, unit = HANOI) {
	const admin = await Client.login(base, 'admin');
	const out = [];
	for (let i = 0; i < n; i++) {
		const username = uniqueName('ocop-ev');
		check(await admin.post('/api/v1/users', { json: { username, full_name: `Giám khảo ${username}`,
			password: 'ntm-demo-2026', role: 'ocop_evaluator', unit } }), 'evaluator');
		const client = await Client.login(base, username);
		out.push({ client, id: client.user.id, username });
	}
	return out;
}

/* A provincial round of Hà Nội with members (the first chairs) and
 * products; returns its id. */
async function provincialRound(base, members, productIds, name = `Kỳ đánh giá ${uniqueName('r')}`) {
	const hanoi = await Client.login(base, 'hanoi');
	const r = check(await hanoi.post(`${API}/rounds`, { json: { level: 'province', unit: HANOI, name,
		chair_id: members[0].id } }), 'open round');
	const id = r.created.id;
	for (const m of members.slice(1))
		check(await hanoi.post(`${API}/rounds/${id}/members`, { json: { user_id: m.id } }), 'member');
	for (const p of productIds)
		check(await hanoi.post(`${API}/rounds/${id}/products`, { json: { product_id: p } }), 'product');
	return id;
}

async function submitAll(members, roundId, productId, sheets) {
	for (let i = 0; i < members.length; i++)
		check(await members[i].client.post(`${API}/rounds/${roundId}/products/${productId}/submit`,
			{ json: { scores: sheets[i % sheets.length] } }), `submit ${i}`);
}

/* A product certified by Hà Nội after a provincial round of three
 * members: { productId, roundId, members, product }. */
async function certifyThroughRound(base, { sheets = [{ A: 32, B: 20, C: 28 }, { A: 30, B: 21, C: 29 },
	{ A: 31, B: 19, C: 30 }], name } = {}) {
	const productId = await registerCheckedProduct(base, name);
	const members = await evaluators(base, 3);
	const roundId = await provincialRound(base, members, [productId]);
	await submitAll(members, roundId, productId, sheets);
	check(await members[0].client.post(`${API}/rounds/${roundId}/close`, { json: {} }), 'close');
	const hanoi = await Client.login(base, 'hanoi');
	const product = check(await hanoi.post(`${API}/products/${productId}/actions/certify`, { json: {} }), 'certify');
	return { productId, roundId, members, product };
}

module.exports = { registerCheckedProduct, evaluators, provincialRound, submitAll, certifyThroughRound };
