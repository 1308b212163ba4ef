'use strict';
/*
 * The whole OCOP cycle of one product, as issue 16 asks (docs/OCOP.md
 * sections 2, 4 and 6): the producer registers a product, the commune
 * forwards it, a provincial round of three members scores it, the chair
 * closes it and the province certifies it; anyone verifies the
 * certificate by its public link; the calendar (NTM_TODAY, `ntm ocop
 * expire`) expires it, and the verification page says so; the product is
 * evaluated again in a later round and renewed: the new certificate is
 * valid and the old page says it was replaced by it.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client } = require('../lib/accounts');
const { ok } = require('../lib/http');
const ocop = require('../lib/ocop');

const API = '/api/v1/ocop';
let ntm, productId, first;

function withEnv(vars, fn) {
	const saved = {};
	for (const k of Object.keys(vars)) {
		saved[k] = process.env[k];
		process.env[k] = vars[k];
	}
	const restore = () => {
		for (const k of Object.keys(vars))
			if (saved[k] === undefined)
				delete process.env[k];
			else
				process.env[k] = saved[k];
	};
	try {
		const r = fn();
		if (r && typeof r.then === 'function')
			return r.finally(restore);
		restore();
		return r;
	} catch (e) {
		restore();
		throw e;
	}
}

async function verifyPage(base, code) {
	const r = await fetch(`${base}/ocop/verify/${encodeURIComponent(code)}`);
	return { status: r.status, text: await r.text() };
}

before(async () => {
	ntm = await startDemo();
});
after(() => ntm && ntm.stop());

test('registered, scored by three members, certified and verified by its public link', async () => {
	const r = await ocop.certifyThroughRound(ntm.base, { name: 'Trà hoa vàng <b>Sóc Sơn</b>' });
	productId = r.productId;
	const hanoi = await Client.login(ntm.base, 'hanoi');
	const product = ok(await hanoi.get(`${API}/products/${productId}`));
	assert.equal(product.state, 'certified');
	assert.equal(product.stars, 4, 'about 80 points: 4 stars');
	const certs = ok(await hanoi.get(`${API}/products/${productId}/certificates`)).items;
	assert.equal(certs.length, 1);
	first = certs[0];
	assert.match(first.number, /^OCOP-01-\d{4}-\d{5}$/, 'the platform numbers it for the province');
	assert.equal(first.status, 'valid');
	const page = await verifyPage(ntm.base, first.code);
	assert.equal(page.status, 200);
	assert.match(page.text, /CÒN HIỆU LỰC/);
	assert.match(page.text, /Trà hoa vàng &lt;b&gt;Sóc Sơn&lt;\/b&gt;/);
});

test('the calendar expires it; evaluated again, it is renewed and the old page says so', async () => {
	/* the day after its last valid day */
	const d = new Date(`${first.expires_on}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + 1);
	const later = d.toISOString().slice(0, 10);
	const swept = withEnv({ NTM_TODAY: later }, () => ntm.run(['ocop', 'expire', '--db', ntm.dbPath]));
	assert.equal(swept.code, 0, swept.stderr);
	await withEnv({ NTM_TODAY: later, NTM_OCOP_SWEEP_INTERVAL: '0' }, async () => {
		const s = await ntm.serve(ntm.dbPath);
		try {
			const hanoi = await Client.login(s.base, 'hanoi');
			assert.equal(ok(await hanoi.get(`${API}/products/${productId}`)).state, 'expired');
			assert.match((await verifyPage(s.base, first.code)).text, /ĐÃ HẾT HẠN/);
			/* the producer submits its plan again, the commune forwards,
			 * a new round scores it, the province certifies */
			const htx = await Client.login(s.base, 'htx');
			const socson = await Client.login(s.base, 'socson');
			ok(await htx.post(`${API}/products/${productId}/actions/submit_plan`, { json: {} }));
			ok(await socson.post(`${API}/products/${productId}/actions/forward`, { json: { assessments:
				{ origin: 'met', labour: 'met', idea: 'met', identity: 'met' } } }));
			const members = await ocop.evaluators(s.base, 3);
			const roundId = await ocop.provincialRound(s.base, members, [productId]);
			await ocop.submitAll(members, roundId, productId, [{ A: 33, B: 21, C: 30 }]);
			ok(await members[0].client.post(`${API}/rounds/${roundId}/close`, { json: {} }));
			ok(await hanoi.post(`${API}/products/${productId}/actions/certify`, { json: {} }));
			const certs = ok(await hanoi.get(`${API}/products/${productId}/certificates`)).items;
			assert.equal(certs.length, 2);
			const renewed = certs[0];
			assert.notEqual(renewed.code, first.code);
			assert.equal(renewed.issued_on, later);
			assert.equal(renewed.status, 'valid');
			assert.match((await verifyPage(s.base, renewed.code)).text, /CÒN HIỆU LỰC/);
			const old = await verifyPage(s.base, first.code);
			assert.match(old.text, /ĐÃ ĐƯỢC THAY THẾ/);
			assert.ok(old.text.includes(`/ocop/verify/${renewed.code}`), 'the old page links to the new one');
		} finally { await s.stop(); }
	});
});
