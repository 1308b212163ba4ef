'use strict';
/*
 * Backups that restore (issue 21, docs/DEPLOY.md "Backups and restore"):
 * `ntm backup` taken while an officer keeps writing is restored (SQLite: the
 * file put in place; PostgreSQL: pg_restore of the pg_dump archive into a
 * new database), a server opens it, every write acknowledged before the
 * backup began is in it with its value, the write made after it is not,
 * and `ntm audit verify` passes on it.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { startNtm } = require('../lib/ntm');
const { SET, putValue, valueOf } = require('../lib/indicator31');

const valuesPath = (year) => `/api/v1/units/2025/00376/indicators/${SET}/${year}`;

const PASSWORD = 'mật-khẩu-sao-lưu-2026';
let ntm, token;

/* With the test's API token. */
const put = (base, year, v) => putValue(base, token, year, v);

before(async () => {
	ntm = await startNtm({ prefix: 'ntm-e2e-backup-', timeout: 600000, startTimeout: 60000 });	/* ceilings */
	const u = ntm.run(['user', 'add', '--db', ntm.dbPath, '--username', 'socson', '--role', 'commune_officer',
		'--unit', '2025:00376', '--full-name', 'Cán bộ xã Sóc Sơn'], { input: `${PASSWORD}\n` });
	assert.equal(u.code, 0, u.stderr);
	const s = await fetch(`${ntm.base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username: 'socson', password: PASSWORD }) });
	assert.equal(s.status, 200);
	const cookie = /ntm_session=([^;]*)/.exec(s.headers.get('set-cookie'))[1];
	const csrf = (await s.json()).csrf_token;
	const t = await fetch(`${ntm.base}/api/v1/tokens`, { method: 'POST', headers: { 'content-type': 'application/json',
		cookie: `ntm_session=${cookie}`, 'x-csrf-token': csrf }, body: JSON.stringify({ name: 'sao-luu' }) });
	token = (await t.json()).created.token;
});
after(async () => { if (ntm) await ntm.stop(); });

test('a backup taken under writes restores with every write acknowledged before it, and its audit chain intact', async () => {
	/* acknowledged before the backup: one value a year */
	const before = { 2026: 11.5, 2027: 22.25, 2028: 33 };
	for (const [y, v] of Object.entries(before))
		assert.equal(await put(ntm.base, y, v), 200);
	/* a writer keeps going while the backup runs (any of its writes may
	 * or may not be in the backup: it began before they were answered) */
	let stop = false, n = 0;
	const writer = (async () => {
		while (!stop)
			if (await put(ntm.base, 2029, (++n % 90) + 1) !== 200)
				throw new Error('a write during the backup was refused');
	})();
	const out = ntm.file(ntm.backend === 'postgresql' ? 'restore.dump' : 'restore.db');
	const b = ntm.run(['backup', '--db', ntm.dbPath, out], { timeout: 120000 });
	stop = true;
	await writer;
	assert.equal(b.code, 0, b.stderr);
	/* after the backup: not in it */
	assert.equal(await put(ntm.base, 2030, 44), 200);

	let target = out;
	if (ntm.backend === 'postgresql') {
		const restored = ntm.newDatabase('restored');
		const r = spawnSync('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--dbname',
			restored.target, out], { encoding: 'utf8', timeout: 120000 });
		assert.equal(r.status, 0, `pg_restore: ${r.stderr}`);
		target = restored.target;
	}
	const audit = ntm.run(['audit', 'verify', '--db', target]);
	assert.equal(audit.code, 0, `ntm audit verify on the restored copy: ${audit.stderr}`);
	const copy = await ntm.serve(target, { startTimeout: 60000 });
	try {
		for (const [y, v] of Object.entries(before))
			assert.equal(await valueOf(copy.base, y), v, `the value of ${y} acknowledged before the backup`);
		assert.equal(await valueOf(copy.base, 2030), null, 'the write made after the backup is not in it');
		assert.ok(n > 0, 'writes went on during the backup');
		/* the restored database takes writes and the officer's token works */
		const s = await fetch(copy.base + valuesPath(2030), { method: 'PUT', headers: {
			authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ values: { '3.1': 55 } }) });
		assert.equal(s.status, 200);
	} finally {
		await copy.stop();
	}
});
