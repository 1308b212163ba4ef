'use strict';
/*
 * The small checks of an HTTP answer every e2e test file makes (one copy,
 * instead of one per file):
 *
 *   const { ok, okResponse, refused } = require('../lib/http');
 *   const j = ok(await client.get('/api/v1/me'));            // 200, its JSON
 *   const page = okResponse(await client.get('/reports'));   // 200, the answer
 *   refused(await client.post(path, { json }), 422, 'values.x', 'reporting.bad_value');
 */
const assert = require('node:assert/strict');

/* The answer has the status (200 unless told); its JSON body. */
function ok(r, status = 200) {
	return okResponse(r, status).json;
}

/* The answer has the status (200 unless told); the answer itself (a page,
 * a download). */
function okResponse(r, status = 200) {
	assert.equal(r.status, status, `${r.status}: ${r.text.slice(0, 800)}`);
	return r;
}

/* An error answer: the status, optionally the field and the code; the JSON
 * body is {error: {code, message, field}}, with a message.  Returns the
 * error. */
function refused(r, status, field, code) {
	assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text.slice(0, 600)}`);
	assert.ok(r.json && r.json.error, `an error body: ${r.text.slice(0, 200)}`);
	if (field !== undefined)
		assert.equal(r.json.error.field, field, `field of ${JSON.stringify(r.json.error)}`);
	if (code !== undefined)
		assert.equal(r.json.error.code, code, `code of ${JSON.stringify(r.json.error)}`);
	assert.equal(typeof r.json.error.message, 'string');
	assert.ok(r.json.error.message.length > 0);
	return r.json.error;
}

module.exports = { ok, okResponse, refused };
