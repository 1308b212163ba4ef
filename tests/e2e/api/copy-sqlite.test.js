'use strict';
/* `ntm copy` between two SQLite files: every table arrives with as many
 * rows as the source has (counted by sqlite3 itself, table by table, so a
 * table the copy forgets fails here), the audit chain verifies on the
 * copy, accounts log in on it, and a target that already holds data is
 * refused with nothing changed.  (The PostgreSQL round trip is in
 * pg-scaleout.test.js.) */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { startNtm, get } = require('../lib/ntm');
const { sqliteCounts, fillEmptyTables, assertSameCounts } = require('../lib/tables');

let ntm;
before(async () => { ntm = await startNtm(); });
after(async () => { if (ntm) await ntm.stop(); });

test('copy into an empty database keeps everything and the audit chain', async () => {
	if (ntm.backend === 'postgresql')
		return;	/* this file is about SQLite files; see pg-scaleout */
	const src = ntm.file('src.db'), dst = ntm.file('dst.db');
	assert.equal(ntm.run(['demo', '--db', src]).code, 0);
	const filler = await ntm.serve(src);
	try {
		await fillEmptyTables(filler.base);
	} finally {
		await filler.stop();
	}
	const r = ntm.run(['copy', '--from', src, '--to', dst]);
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stderr, /unit\s+14153 rows/);
	assert.match(r.stderr, /audit_log\s+\d+ rows/);
	assertSameCounts(sqliteCounts(src), sqliteCounts(dst));
	const v = ntm.run(['audit', 'verify', '--db', dst]);
	assert.equal(v.code, 0, v.stderr);
	assert.match(v.stdout, /audit trail intact: \d+ entries/);
	const server = await ntm.serve(dst);
	try {
		const res = await fetch(`${server.base}/api/v1/session`, {
			method: 'POST', headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ username: 'socson', password: 'ntm-demo-2026' }),
		});
		assert.equal(res.status, 200);
		const units = await get(server.base, '/api/v1/units/2025/01');
		assert.equal(units.json.children.total, 126);
	} finally {
		await server.stop();
	}
});

test('copy refuses a target that already has data, and changes nothing', () => {
	if (ntm.backend === 'postgresql')
		return;
	const src = ntm.file('src2.db'), dst = ntm.file('dst2.db');
	assert.equal(ntm.run(['demo', '--db', src]).code, 0);
	assert.equal(ntm.run(['init', '--db', dst]).code, 0);
	const before = fs.statSync(dst).size;
	const r = ntm.run(['copy', '--from', src, '--to', dst]);
	assert.equal(r.code, 1);
	assert.match(r.stderr, /^ntm copy: .*trống\n$/);
	assert.equal(fs.statSync(dst).size, before);
	assert.equal(ntm.run(['copy', '--from', src]).code, 2);
});
