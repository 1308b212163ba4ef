'use strict';
/*
 * dx.js - typed digital-readiness values for the tests of the digital
 * pages (issue 19): a few rural communes of Hà Nội, Đà Nẵng and Thành phố
 * Hồ Chí Minh assessed in a year, spread over the levels, besides what
 * the demo holds.
 *
 *   const { assessCommunes, DX_SET } = require('../lib/dx');
 *   await assessCommunes(ntm.base, 2026);
 */
const assert = require('node:assert/strict');
const { Client } = require('./accounts');
const { ok } = require('./http');

const DX_SET = 'dx-xa-2026-2030';

async function assessCommunes(base, year, perProvince = 6) {
	const anon = Client.anonymous(base);
	const admin = await Client.login(base, 'admin');
	let k = 0;
	for (const prov of ['01', '48', '79']) {
		const unit = ok(await anon.get(`/api/v1/units/2025/${prov}?limit=200`));
		const communes = unit.children.items.filter((u) => u.level === 'commune' && u.is_rural).slice(0, perProvince);
		for (const u of communes) {
			const f = (k++ * 37) % 100;
			const values = { 'ht.1': Math.min(100, 40 + f * 0.6), 'ht.2': 50 + f / 2, 'ht.3': 30 + f / 2, 'ht.4': 20 + f * 0.7,
				'cq.1': 10 + f * 0.6, 'cq.2': f / 2, 'cq.5': f > 50, 'kt.3': f / 2, 'kt.4': 20 + f / 2, 'xh.1': 50 + f / 2, 'xh.2': f / 1.5 };
			ok(await admin.send('PUT', `/api/v1/units/2025/${u.code}/indicators/${DX_SET}/${year}`, { json: { values } }));
		}
	}
	assert.ok(k >= 3 * Math.min(perProvince, 3), `communes assessed: ${k}`);
	return k;
}

module.exports = { assessCommunes, DX_SET };
