'use strict';
/*
 * OCOP certificates recorded from paper (issue 16, docs/OCOP.md section
 * 4): the province of Hà Nội records the certificate it issued to a Sóc
 * Sơn product before the product was registered here; every bad field is
 * named at once; the commune officer and another province are refused; the
 * product is certified with the certificate's stars; the public view needs
 * no account and follows the calendar (valid, expiring within 90 days,
 * expired the day after its last valid day); a number recorded twice by
 * the same province is a conflict; an unknown code is a 404.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client } = require('../lib/accounts');
const { ok, refused } = require('../lib/http');

const API = '/api/v1/ocop';
let ntm, hanoi, danang, socson, productId;

before(async () => {
	ntm = await startDemo();
	hanoi = await Client.login(ntm.base, 'hanoi');
	danang = await Client.login(ntm.base, 'danang');
	socson = await Client.login(ntm.base, 'socson');
	const htx = await Client.login(ntm.base, 'htx');
	const list = ok(await htx.get(`${API}/products?unit=2025:00376&q=mat ong`));
	productId = list.items[0].id;
});
after(() => ntm && ntm.stop());

test('a paper certificate is recorded by its province, every problem named at once', async () => {
	const bad = await hanoi.post(`${API}/products/${productId}/certificates`,
		{ json: { number: '', level: 'village', stars: 7, score: 120, issued_on: '2025-02-30' } });
	refused(bad, 422);
	assert.deepEqual(bad.json.error.problems.map((p) => p.field).sort(),
		['issued_on', 'level', 'number', 'score', 'stars']);
	const five = await hanoi.post(`${API}/products/${productId}/certificates`,
		{ json: { number: '12/QĐ-UBND', level: 'province', stars: 5, issued_on: '2025-03-01' } });
	refused(five, 422, 'stars');
	/* who may: not the commune, not another province */
	const good = { number: '12/QĐ-UBND', level: 'province', stars: 4, score: 78.5, issued_on: '2025-03-01' };
	refused(await socson.post(`${API}/products/${productId}/certificates`, { json: good }), 403);
	refused(await danang.post(`${API}/products/${productId}/certificates`, { json: good }), 403);
	const r = ok(await hanoi.post(`${API}/products/${productId}/certificates`, { json: good }));
	assert.equal(r.certificate.code, '01-12-QD-UBND');
	assert.equal(r.certificate.number, '12/QĐ-UBND');
	assert.equal(r.certificate.expires_on, '2028-02-29', '36 months, the last valid day');
	assert.equal(r.certificate.stars, 4);
	const product = ok(await hanoi.get(`${API}/products/${productId}`));
	assert.equal(product.state, 'certified');
	assert.equal(product.stars, 4);
	/* once certified, recording again is not a step of its cycle */
	refused(await hanoi.post(`${API}/products/${productId}/certificates`,
		{ json: { ...good, number: '13/QĐ-UBND' } }), 409);
});

test('the public view needs no account and follows the calendar', async () => {
	const anyone = await fetch(`${ntm.base}${API}/certificates/01-12-QD-UBND`);
	assert.equal(anyone.status, 200);
	const c = await anyone.json();
	assert.equal(c.product.name.length > 0, true);
	assert.equal(c.province, 'Thành phố Hà Nội');
	assert.equal(c.issuer, 'Thành phố Hà Nội');
	assert.ok(['valid', 'expiring', 'expired'].includes(c.status));
	const missing = await fetch(`${ntm.base}${API}/certificates/01-NO-SUCH`);
	assert.equal(missing.status, 404);
	assert.equal((await missing.json()).error.code, 'ocop.no_certificate');
});

test('valid, expiring within 90 days, expired the day after its last valid day', async () => {
	/* a second `ntm serve` on the same database whose today is `today` */
	const on = async (today) => {
		const saved = process.env.NTM_TODAY;
		process.env.NTM_TODAY = today;
		let s;
		try {
			s = await ntm.serve(ntm.dbPath);
		} finally {
			if (saved === undefined)
				delete process.env.NTM_TODAY;
			else
				process.env.NTM_TODAY = saved;
		}
		try {
			const r = await fetch(`${s.base}${API}/certificates/01-12-QD-UBND`);
			return (await r.json()).status;
		} finally { await s.stop(); }
	};
	assert.equal(await on('2027-06-01'), 'valid');
	assert.equal(await on('2028-01-15'), 'expiring');
	assert.equal(await on('2028-02-29'), 'expiring');
	assert.equal(await on('2028-03-01'), 'expired');
});

test('a step refused by the procedure names the role and the unit as people read them', async () => {
	const htx = await Client.login(ntm.base, 'htx');
	const list = ok(await htx.get(`${API}/products?unit=2025:00376`));
	const other = list.items.find((p) => p.id !== productId && p.state === 'registered');
	assert.ok(other, 'a registered product of the demo');
	const e = refused(await hanoi.post(`${API}/products/${other.id}/actions/submit_plan`, { json: {} }), 403,
		'transition', 'workflow.forbidden');
	assert.match(e.message, /Chủ thể sản xuất/);
	assert.match(e.message, /Cán bộ xã/);
	assert.match(e.message, /Sóc Sơn/);
	assert.doesNotMatch(e.message, /commune_officer|producer|2025:|00376/);
});
