'use strict';
/*
 * OCOP producers, products and the early OCOP cycle over HTTP (issue 16,
 * docs/OCOP.md sections 1 and 2): a producer registered by the commune
 * officer of Sóc Sơn and linked to the demo producer account (htx); a
 * product registered by htx, every bad field at once, HTML kept as text;
 * the business plan submitted, the commune's check returned with a reason
 * and forwarded with its four assessments; another commune's officer and
 * another producer refused (403); the list by unit (a 2025 commune, its
 * province, the pre-2025 district it came from through the lineage),
 * group and a name typed without diacritics; the history of every change.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client } = require('../lib/accounts');
const { ok, refused } = require('../lib/http');
const { rawUpload } = require('../lib/dossiers');

const API = '/api/v1/ocop';
const SOCSON = '2025:00376';
let ntm, admin, socson, htx, other, otherProducer, producerId, productId;

async function account(username, role, unit) {
	const r = await admin.post('/api/v1/users', { json: { username, full_name: `E2E ${username}`,
		password: 'ntm-demo-2026', role, unit } });
	if (r.status !== 200)
		assert.equal(r.json?.error?.code, 'users.username_taken', r.text);
	return Client.login(ntm.base, username);
}

before(async () => {
	ntm = await startDemo();
	admin = await Client.login(ntm.base, 'admin');
	socson = await Client.login(ntm.base, 'socson');
	htx = await Client.login(ntm.base, 'htx');
	other = await account('ocop-e2e-dn', 'commune_officer', '2025:20194');
	otherProducer = await account('ocop-e2e-htx2', 'producer', SOCSON);
});
after(() => ntm && ntm.stop());

test('a producer is registered with every problem named at once', async () => {
	const bad = await socson.post(`${API}/producers`, { json: { unit: SOCSON, name: '',
		kind: 'nonsense', tax_code: 'abc' } });
	const e = refused(bad, 422, 'name');
	const fields = bad.json.error.problems.map((p) => p.field).sort();
	assert.deepEqual(fields, ['kind', 'name', 'tax_code']);
	assert.ok(e.message.length > 0);
	/* the producer account registers its own producer: linked to it */
	const r = ok(await htx.post(`${API}/producers`, { json: { unit: SOCSON,
		name: 'Hợp tác xã Mật ong <b>Sóc Sơn</b>', kind: 'cooperative', phone: '0912345678' } }));
	producerId = r.created.id;
	assert.equal(r.created.kind_name, 'Hợp tác xã');
	assert.deepEqual(r.created.users.map((u) => u.username), ['htx']);
	/* another commune's officer cannot write it */
	refused(await other.post(`${API}/producers/${producerId}`, { json: { name: 'X' } }), 403);
});

test('a product is registered, edited, and its HTML stays text', async () => {
	const bad = await htx.post(`${API}/producers/${producerId}/products`, { json: { name: '', group: 9 } });
	refused(bad, 422, 'name');
	assert.deepEqual(bad.json.error.problems.map((p) => p.field).sort(), ['group', 'name']);
	const r = ok(await htx.post(`${API}/producers/${producerId}/products`, { json: {
		name: 'Mật ong rừng tràm <script>alert(1)</script>', group: 1, subgroup: 'Thực phẩm thô, sơ chế',
		ingredients: 'Mật ong nguyên chất', standards: 'TCVN 5267-1:2008' } }));
	productId = r.created.id;
	assert.equal(r.created.state, 'registered');
	assert.equal(r.created.group_name, 'Thực phẩm');
	assert.equal(r.created.name, 'Mật ong rừng tràm <script>alert(1)</script>');
	assert.ok(r.created.actions.some((a) => a.id === 'submit_plan'));
	/* another producer of the same commune may not touch it */
	refused(await otherProducer.post(`${API}/products/${productId}`, { json: { name: 'Y', group: 1 } }),
		403, undefined, 'ocop.not_yours');
	refused(await otherProducer.post(`${API}/producers/${producerId}/products`, { json: { name: 'Z', group: 2 } }),
		403, undefined, 'ocop.not_yours');
	/* an officer of another commune: refused by the router */
	refused(await other.get(`${API}/products/${productId}`), 403);
	const u = ok(await htx.post(`${API}/products/${productId}`, { json: { name: 'Mật ong rừng tràm Sóc Sơn',
		group: 1, description: 'Thu hoạch tháng 3', row_version: r.created.row_version } }));
	assert.equal(u.name, 'Mật ong rừng tràm Sóc Sơn');
	refused(await htx.post(`${API}/products/${productId}`, { json: { name: 'Cũ', group: 1,
		row_version: r.created.row_version } }), 409, 'row_version', 'ocop.stale');
});

test('the commune checks: return with a reason, forward with the four assessments', async () => {
	ok(await htx.post(`${API}/products/${productId}/actions/submit_plan`, { json: {} }));
	/* the producer cannot check its own product */
	refused(await htx.post(`${API}/products/${productId}/actions/forward`, { json: {} }), 403);
	refused(await other.post(`${API}/products/${productId}/actions/return`, { json: { note: 'x' } }), 403);
	refused(await socson.post(`${API}/products/${productId}/actions/return`, { json: {} }), 422, 'note');
	let p = ok(await socson.post(`${API}/products/${productId}/actions/return`,
		{ json: { note: 'Thiếu phương án sản xuất' } }));
	assert.equal(p.state, 'returned');
	/* returned: the producer edits and submits again */
	ok(await htx.post(`${API}/products/${productId}`, { json: { name: 'Mật ong rừng tràm Sóc Sơn', group: 1,
		business_plan: 'Mở rộng 200 đàn ong' } }));
	ok(await htx.post(`${API}/products/${productId}/actions/submit_plan`, { json: {} }));
	refused(await socson.post(`${API}/products/${productId}/actions/forward`,
		{ json: { assessments: { origin: 'met', labour: 'met' } } }), 422, 'idea', 'ocop.assessment_missing');
	p = ok(await socson.post(`${API}/products/${productId}/actions/forward`,
		{ json: { assessments: { origin: 'met', labour: 'met', idea: 'met', identity: 'not_met' } } }));
	assert.equal(p.state, 'commune_checked');
	/* no edit now */
	refused(await htx.post(`${API}/products/${productId}`, { json: { name: 'X', group: 1 } }), 409, 'state');
	const h = ok(await socson.get(`${API}/products/${productId}/history`));
	const fields = h.items.map((i) => i.field);
	for (const f of ['name', 'group', 'state', 'description', 'business_plan', 'note', 'assessments'])
		assert.ok(fields.includes(f), `history has ${f}: ${fields}`);
	const states = h.items.filter((i) => i.field === 'state').map((i) => i.new);
	assert.deepEqual(states, ['registered', 'business_plan', 'returned', 'business_plan', 'commune_checked']);
	assert.equal(JSON.parse(h.items.find((i) => i.field === 'assessments').new).identity, 'not_met');
	/* people by name: the commune's check by its officer's full name, on the page too */
	const check = h.items.find((i) => i.field === 'assessments');
	assert.equal(check.username, 'socson');
	assert.ok(check.full_name && check.full_name !== 'socson', check.full_name);
	const page = await socson.get(`/ocop/products/${productId}`);
	assert.equal(page.status, 200);
	assert.ok(page.text.includes(`<td>${check.full_name}</td>`), 'the history names the officer');
	assert.ok(!/<td>socson<\/td>/.test(page.text), 'no login name in the history');
});

test('the list filters by unit through the lineage, group and name', async () => {
	ok(await htx.post(`${API}/producers/${producerId}/products`, { json: { name: 'Rượu ngô men lá', group: 2 } }));
	const list = (q) => admin.get(`${API}/products?${q}`);
	let r = ok(await list(`unit=${SOCSON}`));
	assert.ok(r.total >= 2);
	assert.ok(r.items.every((i) => i.unit === SOCSON));
	r = ok(await list('unit=2025:01&group=2'));
	assert.ok(r.items.some((i) => i.name === 'Rượu ngô men lá'));
	assert.ok(r.items.every((i) => i.group === 2));
	/* the pre-2025 district of Sóc Sơn and its old town, through the lineage */
	r = ok(await list('unit=pre2025:016&q=mat ong rung'));
	assert.deepEqual(r.items.map((i) => i.id), [productId]);
	r = ok(await list('unit=pre2025:00376&q=MẬT ONG RỪNG'));
	assert.equal(r.total, 1);
	r = ok(await list('unit=2025:48'));
	assert.ok(r.items.every((i) => i.unit !== SOCSON));
	/* an officer of Đà Nẵng cannot list Hà Nội's */
	refused(await other.get(`${API}/products?unit=${SOCSON}`), 403);
	refused(await list('group=7'), 422, 'group');
});

test('photos: a JPEG by content with its thumbnail; an HTML file named .jpg refused', async () => {
	const fs = require('node:fs');
	const path = require('node:path');
	const jpeg = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'ocop-photo.jpg'));
	const p = ok(await htx.post(`${API}/producers/${producerId}/products`, { json: { name: 'Chè búp Sóc Sơn', group: 2 } }));
	const id = p.created.id;
	const up = (client, bytes, filename, type) => rawUpload(client,
		`${API}/products/${id}/photos?filename=${encodeURIComponent(filename)}`, bytes, type);
	const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>\n');
	refused(await up(htx, html, 'anh.jpg', 'image/jpeg'), 415, 'file', 'ocop.bad_photo');
	/* looks like a JPEG to libmagic, but does not decode */
	refused(await up(htx, Buffer.concat([jpeg.subarray(0, 200)]), 'hong.jpg', 'image/jpeg'), 415, 'file', 'ocop.bad_photo');
	refused(await up(otherProducer, jpeg, 'x.jpg', 'image/jpeg'), 403, undefined, 'ocop.not_yours');
	const c = ok(await up(htx, jpeg, 'che-bup.jpg', 'application/octet-stream')).created;
	const list = ok(await socson.get(`${API}/products/${id}/photos`));
	assert.equal(list.items.length, 1);
	assert.equal(list.items[0].mime, 'image/jpeg');
	assert.equal(list.items[0].width, 640);
	const full = await fetch(`${ntm.base}${API}/products/${id}/photos/${c.id}`, { headers: socson.headers() });
	assert.equal(full.status, 200);
	assert.equal(full.headers.get('content-type'), 'image/jpeg');
	assert.ok(Buffer.from(await full.arrayBuffer()).equals(jpeg));
	const th = await fetch(`${ntm.base}${API}/products/${id}/photos/${c.id}/thumb`, { headers: socson.headers() });
	assert.equal(th.status, 200);
	assert.equal(th.headers.get('content-type'), 'image/png');
	const png = Buffer.from(await th.arrayBuffer());
	assert.equal(png.readUInt32BE(16), 320, 'thumbnail width');
	assert.equal(png.readUInt32BE(20), 240, 'thumbnail height');
	const none = await fetch(`${ntm.base}${API}/products/${id}/photos/${c.id}`, { headers: other.headers() });
	assert.equal(none.status, 403);
	const h = ok(await htx.get(`${API}/products/${id}/history`));
	assert.ok(h.items.some((i) => i.field === 'photo' && i.new === 'che-bup.jpg'));
});
