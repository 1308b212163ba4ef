'use strict';
/*
 * PostgreSQL point-in-time restore (issue 21, docs/DEPLOY.md "Backups and
 * restore"): a base backup plus the archived WAL bring back the database as
 * it was at a restore point - every write acknowledged before the point is
 * there, the one after it is not, and `ntm audit verify` passes.  Runs in
 * the PostgreSQL suite only (NTM_TEST_PG set), on a private cluster of its
 * own (scripts/pg-cluster.sh; archiving turned on by scripts/pg-pitr.sh),
 * stopped and removed afterwards, also on failure.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { runNtm, serveNtm, psql, E2E_DIR, PG_BASE } = require('../lib/ntm');
const { putValue, valueOf } = require('../lib/indicator31');

const ROOT = path.resolve(E2E_DIR, '../..');
const PASSWORD = 'mật-khẩu-phục-hồi-2026';
const skip = PG_BASE ? false : 'PostgreSQL only (NTM_TEST_PG)';

let dir, pgDir, bkDir, dbUrl, server, token;
const servers = [];

function sh(script, ...args) {
	const r = spawnSync('sh', [path.join(ROOT, 'scripts', script), ...args], { encoding: 'utf8', timeout: 120000 });
	if (r.error || r.status !== 0)
		throw new Error(`${script} ${args.join(' ')}: ${r.error ? r.error.message : r.stderr}`);
	return r.stdout.trim();
}

function cleanup() {
	if (!dir)
		return;
	for (const s of servers)
		try { s.proc.kill('SIGKILL'); } catch { /* gone */ }
	try { sh('pg-pitr.sh', 'stop', bkDir); } catch { /* removed below */ }
	try { sh('pg-cluster.sh', 'stop', pgDir); } catch { /* removed below */ }
	fs.rmSync(dir, { recursive: true, force: true });
	dir = null;
}
process.on('exit', cleanup);

/* With the test's API token. */
const put = (base, year, v) => putValue(base, token, year, v);

before(async () => {
	if (skip)
		return;
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-e2e-pitr-'));
	fs.chmodSync(dir, 0o711);	/* the cluster's owner (postgres) reaches in */
	pgDir = path.join(dir, 'pg');
	bkDir = path.join(dir, 'backup');
	const base = sh('pg-cluster.sh', 'start', pgDir);
	sh('pg-pitr.sh', 'archive', pgDir);
	psql(`${base}/postgres`, 'CREATE DATABASE ntm');
	dbUrl = `${base}/ntm`;
	let r = runNtm(['init', '--db', dbUrl], { cwd: dir, timeout: 600000 });	/* a ceiling, not an expectation */
	assert.equal(r.code, 0, r.stderr);
	r = runNtm(['user', 'add', '--db', dbUrl, '--username', 'socson', '--role', 'commune_officer',
		'--unit', '2025:00376'], { cwd: dir, input: `${PASSWORD}\n` });
	assert.equal(r.code, 0, r.stderr);
	server = await serveNtm(dbUrl, { cwd: dir, extraArgs: ['--threads', '2'], startTimeout: 60000 });
	servers.push(server);
	const s = await fetch(`${server.base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username: 'socson', password: PASSWORD }) });
	assert.equal(s.status, 200);
	const cookie = /ntm_session=([^;]*)/.exec(s.headers.get('set-cookie'))[1];
	const csrf = (await s.json()).csrf_token;
	const t = await fetch(`${server.base}/api/v1/tokens`, { method: 'POST', headers: { 'content-type': 'application/json',
		cookie: `ntm_session=${cookie}`, 'x-csrf-token': csrf }, body: JSON.stringify({ name: 'phuc-hoi' }) });
	token = (await t.json()).created.token;
});
after(async () => {
	for (const s of servers)
		await s.stop();
	cleanup();
});

test('a base backup and the archived WAL restore to a point: every write acknowledged before it, none after', { skip }, async () => {
	sh('pg-pitr.sh', 'basebackup', pgDir, bkDir);
	/* acknowledged after the base backup: only the archived WAL has them */
	const kept = { 2026: 11.5, 2027: 22.25, 2028: 33 };
	for (const [y, v] of Object.entries(kept))
		assert.equal(await put(server.base, y, v), 200);
	psql(`${dbUrl}`, "SELECT pg_create_restore_point('truoc-khi-sua-nham')");
	/* the mistake the operator wants to undo */
	assert.equal(await put(server.base, 2027, 99), 200);
	assert.equal(await put(server.base, 2030, 44), 200);
	sh('pg-pitr.sh', 'switch', pgDir);

	const restored = sh('pg-pitr.sh', 'restore', pgDir, bkDir, 'truoc-khi-sua-nham');
	const target = `${restored}/ntm`;
	const audit = runNtm(['audit', 'verify', '--db', target], { cwd: dir });
	assert.equal(audit.code, 0, `ntm audit verify on the restored database: ${audit.stderr}`);
	const copy = await serveNtm(target, { cwd: dir, extraArgs: ['--threads', '2'], startTimeout: 60000 });
	servers.push(copy);
	for (const [y, v] of Object.entries(kept))
		assert.equal(await valueOf(copy.base, y), v, `the value of ${y} acknowledged before the restore point`);
	assert.equal(await valueOf(copy.base, 2030), null, 'the write after the restore point is not there');
	/* the restored database is a primary: it takes writes */
	assert.equal(await put(copy.base, 2030, 55), 200);
	await copy.stop();
});
