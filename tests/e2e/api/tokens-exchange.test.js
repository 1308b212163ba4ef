'use strict';
/*
 * API tokens for exchange (issue 20, docs/EXCHANGE.md section 2): a token
 * may be limited to reading (its every write refused 403
 * auth.token_read_only, nothing written) and to one unit inside its
 * user's scope (its bindings narrowed to it: outside, refused as any
 * outsider is).  The limits are set at creation (API and the /tokens
 * page, which picks the unit by its name) and shown in the list.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client, routeTable, auditTotal } = require('../lib/accounts');
const { ok, refused } = require('../lib/http');

let ntm, hanoi, admin;

before(async () => {
	ntm = await startDemo();
	hanoi = await Client.login(ntm.base, 'hanoi');
	admin = await Client.login(ntm.base, 'admin');
});

after(() => ntm && ntm.stop());

async function makeToken(owner, body) {
	const c = ok(await owner.post('/api/v1/tokens', { json: body })).created;
	return new Client(owner.base, { kind: 'token', username: owner.username, token: c.token, tokenId: c.id });
}

const tokenCount = async (c) => (await c.get('/api/v1/tokens')).json.items.length;

test('a read-only token reads (the change feed too) and every write of it is refused 403 auth.token_read_only, nothing written', async () => {
	const reader = await makeToken(hanoi, { name: 'statistics office', read_only: true });
	const listed = ok(await hanoi.get('/api/v1/tokens')).items.find((t) => t.id === reader.tokenId);
	assert.deepEqual([listed.read_only, listed.unit], [true, null]);
	const me = ok(await reader.get('/api/v1/me'));
	assert.equal(me.user.username, 'hanoi');
	assert.deepEqual(me.token, { read_only: true, unit: null });
	ok(await reader.get('/api/v1/ocop/producers?unit=2025:01'));
	if (routeTable().some((r) => r.api && r.path === '/api/v1/changes')) {
		const feed = ok(await reader.get('/api/v1/changes?limit=5'));
		assert.ok(Array.isArray(feed.changes) && feed.changes.length > 0,
			'the change feed reads: the demo\'s changes in Hà Nội');
	}
	const n0 = await tokenCount(hanoi);
	const a0 = await auditTotal(admin);
	refused(await reader.post('/api/v1/tokens', { json: { name: 'more' } }), 403, null, 'auth.token_read_only');
	refused(await reader.delete(`/api/v1/tokens/${reader.tokenId}`), 403, null, 'auth.token_read_only');
	refused(await reader.post('/api/v1/ocop/producers', { json: { unit: '2025:00376', name: 'HTX mới' } }),
		403, null, 'auth.token_read_only');
	assert.equal(await tokenCount(hanoi), n0, 'no token made');
	assert.equal(await auditTotal(admin), a0, 'nothing written');
	assert.ok(await reader.alive(), 'still valid: its own revocation was refused');
	/* the same user's unlimited token still writes */
	const writer = await makeToken(hanoi, { name: 'full' });
	ok(await writer.post('/api/v1/tokens', { json: { name: 'by token' } }));
});

test('a token limited to a commune sees only inside it: the province around it and another province are refused', async () => {
	const t = await makeToken(hanoi, { name: 'Sóc Sơn only', unit: '2025:00376' });
	const listed = ok(await hanoi.get('/api/v1/tokens')).items.find((x) => x.id === t.tokenId);
	assert.deepEqual([listed.read_only, listed.unit], [false, '2025:00376']);
	assert.match(listed.unit_name, /Sóc Sơn/);
	ok(await t.get('/api/v1/ocop/producers?unit=2025:00376'));
	refused(await t.get('/api/v1/ocop/producers?unit=2025:01'), 403);
	refused(await t.get('/api/v1/ocop/producers?unit=2025:48'), 403);
	/* the user's own session is not narrowed */
	ok(await hanoi.get('/api/v1/ocop/producers?unit=2025:01'));
	/* its bindings as the API shows them */
	const me = ok(await t.get('/api/v1/me'));
	assert.deepEqual(me.user.roles.map((r) => `${r.structure}:${r.unit_code}`), ['2025:00376']);
	assert.deepEqual(me.token, { read_only: false, unit: '2025:00376' });
});

test('the unit of a token must exist and be inside the user\'s scope; every problem named at once; nothing made', async () => {
	const n0 = await tokenCount(hanoi);
	refused(await hanoi.post('/api/v1/tokens', { json: { name: 'x', unit: '2025:48' } }), 403, 'unit',
		'tokens.unit_outside_scope');
	refused(await hanoi.post('/api/v1/tokens', { json: { name: 'x', unit: '2025:NOPE' } }), 422, 'unit', 'tokens.bad_unit');
	const e = refused(await hanoi.post('/api/v1/tokens', { json: { name: '', unit: 'nonsense', read_only: 'yes' } }), 422);
	assert.deepEqual(e.problems.map((p) => p.field).sort(), ['name', 'read_only', 'unit']);
	assert.equal(await tokenCount(hanoi), n0);
});

test('the /tokens page picks the unit by its name, makes a read-only token and lists its limits in words', async () => {
	const search = await hanoi.get(`/tokens?unit_q=${encodeURIComponent('Sóc Sơn')}`);
	assert.equal(search.status, 200);
	assert.match(search.text, /name="unit" value="2025:00376"/);
	assert.match(search.text, /name="read_only"/);
	const r = await hanoi.post('/tokens', { form: { name: 'page token', read_only: '1', unit: '2025:00376' } });
	assert.equal(r.status, 200, r.text.slice(0, 400));
	assert.match(r.text, /class="secret">ntm_/);
	const row = r.text.split('<tr>').find((x) => x.includes('page token')).split('</tr>')[0];
	assert.match(row, /Chỉ đọc · Xã Sóc Sơn|Chỉ đọc · .*Sóc Sơn/);
	assert.doesNotMatch(row, /2025:00376/, 'no unit code in visible text');
	const listed = ok(await hanoi.get('/api/v1/tokens')).items.find((x) => x.name === 'page token');
	assert.deepEqual([listed.read_only, listed.unit], [true, '2025:00376']);
});
