'use strict';
/*
 * The producers' pages (issue 16, docs/OCOP.md section 1): the list a
 * commune officer and a province officer read (by name, kind, commune;
 * searched without diacritics; escaped), and the edit form on a
 * producer's edit page: a refused save shows every problem with what was
 * typed; a good save is kept and shown; another province's officer cannot
 * open or save it.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client } = require('../lib/accounts');
const { ok } = require('../lib/http');

let ntm, socson, hanoi, htx, producerId;

before(async () => {
	ntm = await startDemo();
	socson = await Client.login(ntm.base, 'socson');
	hanoi = await Client.login(ntm.base, 'hanoi');
	htx = await Client.login(ntm.base, 'htx');
	const r = ok(await htx.post('/api/v1/ocop/producers', { json: { unit: '2025:00376',
		name: 'Tổ hợp tác Chè <i>Minh Phú</i>', kind: 'cooperative_group' } }));
	producerId = r.created.id;
});
after(() => ntm && ntm.stop());

test('the list of producers reads by name, kind and commune, searched without diacritics', async () => {
	const page = await socson.get('/ocop/producers?q=minh phu');
	assert.equal(page.status, 200, page.text.slice(0, 300));
	assert.match(page.text, /Tổ hợp tác Chè &lt;i&gt;Minh Phú&lt;\/i&gt;/);
	assert.doesNotMatch(page.text, /<i>Minh Phú<\/i>/);
	assert.match(page.text, /Tổ hợp tác<\/td>/, 'the kind by its name');
	assert.match(page.text, new RegExp(`href="/ocop/producers/${producerId}"`));
	const none = await socson.get('/ocop/producers?q=khong co chu the nay');
	assert.match(none.text, /Chưa có chủ thể nào/);
	/* the province reads its communes' producers */
	const prov = await hanoi.get('/ocop/producers?q=minh phu');
	assert.match(prov.text, /Minh Phú/);
});

test('the edit page: every problem with what was typed, then a good save', async () => {
	const form = await htx.get(`/ocop/producers/${producerId}/edit`);
	assert.equal(form.status, 200);
	assert.match(form.text, /<option value="cooperative_group" selected>/, 'the record fills the form');
	assert.match(form.text, /value="Tổ hợp tác Chè &lt;i&gt;Minh Phú&lt;\/i&gt;"/);
	const bad = await htx.post(`/ocop/producers/${producerId}`, { form: { name: '', kind: 'nonsense',
		phone: '0912 345 678', tax_code: 'abc', address: 'Xóm Đồi' } });
	assert.equal(bad.status, 422, bad.text.slice(0, 300));
	assert.match(bad.text, /value="Xóm Đồi"/, 'what was typed is shown again');
	assert.match(bad.text, /<option value="cooperative_group">/, 'no kind chosen: the typed one does not exist');
	assert.match(bad.text, /href="#f-name"/);
	assert.match(bad.text, /href="#f-tax_code"/);
	const good = await htx.post(`/ocop/producers/${producerId}`, { form: { name: 'Tổ hợp tác Chè Minh Phú',
		kind: 'cooperative', phone: '0912345678', address: 'Xóm Đồi, xã Sóc Sơn' } });
	assert.equal(good.status, 303, good.text.slice(0, 300));
	const p = ok(await htx.get(`/api/v1/ocop/producers/${producerId}`));
	assert.equal(p.kind, 'cooperative');
	assert.equal(p.address, 'Xóm Đồi, xã Sóc Sơn');
	const page = await htx.get(`/ocop/producers/${producerId}`);
	assert.match(page.text, /Hợp tác xã · /, 'the kind saved');
	assert.match(page.text, new RegExp(`href="/ocop/producers/${producerId}/edit"`));
	const other = await Client.login(ntm.base, 'danang');
	const refused = await other.post(`/ocop/producers/${producerId}`, { form: { name: 'X' } });
	assert.equal(refused.status, 403);
	assert.equal((await other.get(`/ocop/producers/${producerId}/edit`)).status, 403);
	assert.doesNotMatch(refused.text, /Minh Phú/, 'a refused caller does not see the record');
});
