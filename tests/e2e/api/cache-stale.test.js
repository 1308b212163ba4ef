'use strict';
/* The stale window of the response cache (`ntm serve --cache-stale`,
 * src/web/cache.h): after a write, an anonymous reader may be given a view
 * as it was for the window's seconds (one thread builds the new one, the
 * others keep answering), a signed-in user always gets it fresh, and when
 * the window is over everyone does.  The other tests run with no window
 * (NTM_CACHE_STALE=0, tests/e2e/lib/ntm.js). */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { startNtm, get, runNtm } = require('../lib/ntm');
const { Client } = require('../lib/accounts');

const COMMUNE = '/api/v1/units/2025/00376';	/* Xã Sóc Sơn, Hà Nội */

let ntm, wide, narrow;
before(async () => {
	ntm = await startNtm();		/* its server has no window */
	wide = await ntm.serve(ntm.dbPath, { extraArgs: ['--cache-stale', '600'] });
	narrow = await ntm.serve(ntm.dbPath, { extraArgs: ['--cache-stale', '1'] });
	const r = ntm.run(['user', 'add', '--db', ntm.dbPath, '--username', 'xem', '--role',
		'province_officer', '--unit', '2025:01', '--full-name', 'Cán bộ tỉnh'],
	{ input: 'xem-password-1\n' });
	assert.equal(r.code, 0, r.stderr);
});
after(async () => {
	for (const s of [narrow, wide, ntm])
		if (s) await s.stop();
});

const villages = async (base) => (await get(base, COMMUNE)).json.children.total;

test('after a write: anonymous readers within the window get the view as it was, signed-in users get it fresh, and after the window everyone does', async () => {
	for (const s of [ntm, wide, narrow])
		assert.equal(await villages(s.base), 0);
	const csv = ntm.file('villages.csv');
	fs.writeFileSync(csv, 'structure,code,name,full_name,level,unit_type,parent_code\n' +
		'2025,00376-01,Đông Xuân,Thôn Đông Xuân,village,Thôn,00376\n');
	const r = ntm.run(['import', 'units', csv, '--db', ntm.dbPath]);
	assert.equal(r.code, 0, r.stderr);
	const written = Date.now();

	/* No window: at once. */
	assert.equal(await villages(ntm.base), 1);
	/* A 600 s window: as it was. */
	assert.equal(await villages(wide.base), 0);
	/* A signed-in user on that server: fresh, and what they built is
	 * what anonymous readers get from then on. */
	const officer = await Client.login(wide.base, 'xem', 'xem-password-1');
	const mine = await officer.get(COMMUNE);
	assert.equal(mine.status, 200);
	assert.equal(mine.json.children.total, 1);
	assert.equal(await villages(wide.base), 1);
	/* A 1 s window: fresh once it is over. */
	const wait = 1100 - (Date.now() - written);
	if (wait > 0)
		await new Promise((res) => setTimeout(res, wait));
	assert.equal(await villages(narrow.base), 1);
});

test('a window that is not a number of seconds is refused, naming the option', () => {
	for (const bad of ['-1', 'abc', '3601', '1.5']) {
		const r = runNtm(['serve', '--db', ntm.dbPath, '--listen', '127.0.0.1:0', '--cache-stale', bad]);
		assert.equal(r.code, 2, `${bad}: ${r.stderr}`);
		assert.match(r.stderr, /--cache-stale/);
	}
});
