'use strict';
/*
 * One indicator value written and read back through the API, for the
 * tests that check which writes a copy of the database holds (backups,
 * point-in-time restores): indicator 3.1 of Xã Sóc Sơn (2025:00376) in the
 * 2026-2030 set, a number per year.
 */
const assert = require('node:assert/strict');
const { get } = require('./ntm');

const SET = 'ntm-xa-2026-2030';

/* PUT the value v for year with an API token; the HTTP status. */
async function putValue(base, token, year, v) {
	const r = await fetch(`${base}/api/v1/units/2025/00376/indicators/${SET}/${year}`, {
		method: 'PUT',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify({ values: { '3.1': v } }),
	});
	return r.status;
}

/* The value of indicator 3.1 for year as the server at base reads it
 * (null when none). */
async function valueOf(base, year) {
	const r = await get(base, `/api/v1/units/2025/00376/evaluation/${SET}/${year}`);
	assert.equal(r.status, 200, r.text);
	for (const c of r.json.criteria)
		for (const i of c.indicators)
			if (i.id === '3.1')
				return i.value ?? null;
	return null;
}

module.exports = { SET, putValue, valueOf };
