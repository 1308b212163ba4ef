'use strict';
/* The audit trail's head, verifiable from outside the database (issue 13).
 *
 * The hash chain alone shows a change only to someone who knows what the
 * chain was: whoever can write the database can rewrite an entry and
 * recompute every later hash, or delete the newest entries, and
 * `ntm audit verify` still says "intact".  Each tampering test below first
 * shows exactly that (the plain check PASSES on the tampered trail, the
 * stored checkpoints deleted as an attacker would) and then that the
 * checkpoint kept outside (`ntm audit checkpoint`'s printed line, checked
 * with `ntm audit verify --against FILE --pubkey KEY`) catches it.
 *
 * Tampering writes the database directly (sqlite3 or psql), recomputing
 * the hashes as src/domain/audit/audit.c describes, so it runs on both
 * backends.  Each scenario uses a fresh database of its own. */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const { startNtm, badInputs } = require('../lib/ntm');

let ntm;
before(async () => { ntm = await startNtm(); });
after(async () => { if (ntm) await ntm.stop(); });

const FIELDS = ['seq', 'at', 'user_id', 'username', 'role', 'actor_structure',
	'actor_unit_code', 'action', 'object', 'structure', 'unit_code', 'before_summary',
	'after_summary', 'prev_hash'];
const GENESIS = '0'.repeat(64);

/* The hash of an entry, as audit.c's header paragraph defines it. */
function entryHash(row) {
	const h = crypto.createHash('sha256');
	const field = (v) => {
		if (v === null || v === undefined)
			return h.update('-');
		const s = String(v);
		h.update(`${Buffer.byteLength(s, 'utf8')}:`);
		h.update(s, 'utf8');
		h.update(',');
	};
	field('ntm.audit.v1');
	for (const f of FIELDS)
		field(row[f]);
	return h.digest('hex');
}

/* Every entry of db as objects, in seq order (one JSON text from the
 * database's own client). */
function entries(db) {
	const cols = [...FIELDS, 'hash'];
	const q = db.backend === 'postgresql'
		? `SELECT json_agg(json_build_array(${cols.join(', ')}) ORDER BY seq) FROM audit_log`
		: `SELECT json_group_array(json_array(${cols.join(', ')})) FROM (SELECT * FROM audit_log ORDER BY seq)`;
	const rows = JSON.parse(db.sql(q).trim() || '[]') || [];
	return rows.map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i]])));
}

const lit = (s) => (s === null ? 'NULL' : `'${String(s).replace(/'/g, "''")}'`);

/* Rewrite entry seq with change(row) and recompute its hash and every
 * later link and hash: the chain stays self-consistent. */
function rewrite(db, seq, change) {
	const rows = entries(db);
	let prev = seq > 1 ? rows[seq - 2].hash : GENESIS;
	const sql = [];
	for (const row of rows.slice(seq - 1)) {
		if (row.seq === seq)
			change(row);
		row.prev_hash = prev;
		row.hash = entryHash(row);
		prev = row.hash;
		sql.push(`UPDATE audit_log SET action = ${lit(row.action)}, after_summary = ` +
			`${lit(row.after_summary)}, prev_hash = ${lit(row.prev_hash)}, hash = ` +
			`${lit(row.hash)} WHERE seq = ${row.seq};`);
	}
	db.sql(sql.join('\n'));
}

/* A fresh initialised database with n more entries (accounts added). */
function freshDb(name, n = 3) {
	const db = ntm.newDatabase(name);
	const r = ntm.run(['init', '--db', db.target], { timeout: 60000 });
	assert.equal(r.code, 0, r.stderr);
	for (let i = 0; i < n; i++)
		addUser(db, `${name}-user-${i}`);
	return db;
}

function addUser(db, username) {
	const r = ntm.run(['user', 'add', '--db', db.target, '--username', username.slice(0, 30),
		'--role', 'admin', '--unit', '2025:VN'], { input: 'mat-khau-du-dai-2026\n' });
	assert.equal(r.code, 0, r.stderr);
}

/* A new key in the test's directory: { file, pub }. */
function keygen(name) {
	const file = ntm.file(name);
	const r = ntm.run(['audit', 'keygen', '--key', file]);
	assert.equal(r.code, 0, r.stderr);
	const pub = r.stdout.trim();
	assert.match(pub, /^[0-9a-f]{64}$/);
	return { file, pub };
}

/* `ntm audit checkpoint`: the printed line, also written to a file kept
 * "elsewhere" (outside the database). */
function checkpoint(db, key, kept) {
	const r = ntm.run(['audit', 'checkpoint', '--db', db.target, '--key', key.file]);
	assert.equal(r.code, 0, r.stderr);
	const line = r.stdout.trim();
	assert.equal(line.split('\n').length, 1, 'one line on stdout');
	const cp = JSON.parse(line);
	assert.equal(cp.format, 'ntm.audit.checkpoint.v1');
	assert.equal(cp.key, key.pub);
	if (kept)
		fs.appendFileSync(kept, `${line}\n`);
	return cp;
}

const verify = (db, ...args) => ntm.run(['audit', 'verify', '--db', db.target, ...args]);

/* What an attacker who can write the database does after tampering. */
const dropStoredCheckpoints = (db) => db.sql('DELETE FROM audit_checkpoint;');

test('an untampered trail verifies against its checkpoints, stored and kept outside', () => {
	const db = freshDb('intact');
	const key = keygen('intact.key');
	assert.equal(fs.statSync(key.file).mode & 0o777, 0o600, 'the key is readable by its owner only');
	const kept = ntm.file('intact.checkpoints');
	const cp = checkpoint(db, key, kept);
	assert.equal(cp.seq, entries(db).length);
	assert.equal(cp.head, entries(db).at(-1).hash);
	addUser(db, 'intact-later');	/* entries after a checkpoint are fine */
	checkpoint(db, key, kept);
	const r = verify(db, '--against', kept, '--pubkey', key.pub);
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /^audit trail intact: \d+ entries\n/);
	assert.match(r.stdout, /checkpoints: 2 stored, 2 given, all signed and on the chain/);
	/* the public key may be given as the file that holds it */
	fs.writeFileSync(ntm.file('intact.pub'), `${key.pub}\n`);
	assert.equal(verify(db, '--against', kept, '--pubkey', ntm.file('intact.pub')).code, 0);
	/* the plain check still reads the stored checkpoints */
	assert.equal(verify(db).code, 0);
});

test('an entry rewritten with every later hash recomputed is detected against a checkpoint', () => {
	const db = freshDb('rewrite', 4);
	const key = keygen('rewrite.key');
	const kept = ntm.file('rewrite.checkpoints');
	const cp = checkpoint(db, key, kept);
	addUser(db, 'rewrite-later');
	const target = cp.seq - 2;	/* an entry before the checkpoint's head */
	rewrite(db, target, (row) => { row.action = 'user.create'; row.after_summary = '{"username":"someone-else"}'; });

	/* The stored checkpoint catches it while it is there... */
	let r = verify(db);
	assert.equal(r.code, 1);
	assert.match(r.stderr, /^ntm audit: điểm chốt trong cơ sở dữ liệu \(mục \d+, .*viết lại tại hoặc trước mục \d+\n$/);
	/* ...but whoever can rewrite the trail can delete it: the chain alone
	 * then passes (what issue 13 found)... */
	dropStoredCheckpoints(db);
	r = verify(db);
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /audit trail intact/);
	/* ...and only the checkpoint kept outside tells. */
	r = verify(db, '--against', kept, '--pubkey', key.pub);
	assert.equal(r.code, 1);
	assert.equal(r.stdout, '');
	assert.equal(r.stderr, `ntm audit: điểm chốt ở dòng 1 của tệp (mục ${cp.seq}, lúc ${cp.at}): ` +
		`chuỗi không còn đi qua điểm chốt: mã băm của mục ${cp.seq} đã khác, nhật ký đã bị viết lại ` +
		`tại hoặc trước mục ${cp.seq}\n`);
	/* the key does not sign the rewritten trail when given the file kept
	 * outside (--append, as cron and serve do): its last line anchors the
	 * walk, although the stored checkpoints are gone */
	r = ntm.run(['audit', 'checkpoint', '--db', db.target, '--key', key.file, '--append', kept]);
	assert.equal(r.code, 1);
	assert.equal(r.stdout, '');
	assert.match(r.stderr, /^ntm audit: điểm chốt ở dòng cuối của tệp lưu ngoài \(mục \d+, .*viết lại tại hoặc trước mục \d+\n$/);
	assert.equal(fs.readFileSync(kept, 'utf8').trim().split('\n').length, 1, 'nothing appended');
	/* nor with the stored one back: nothing is signed over a chain that
	 * disagrees with the key's own last checkpoint */
	db.sql(`INSERT INTO audit_checkpoint (seq, head, at, public_key, signature) VALUES ` +
		`(${cp.seq}, ${lit(cp.head)}, ${lit(cp.at)}, ${lit(cp.key)}, ${lit(cp.sig)});`);
	r = ntm.run(['audit', 'checkpoint', '--db', db.target, '--key', key.file]);
	assert.equal(r.code, 1);
	assert.equal(r.stdout, '');
	assert.match(r.stderr, /viết lại tại hoặc trước mục/);
});

test('a cut tail is detected against a checkpoint', () => {
	const db = freshDb('cut', 3);
	const key = keygen('cut.key');
	const kept = ntm.file('cut.checkpoints');
	const cp = checkpoint(db, key, kept);
	db.sql(`DELETE FROM audit_log WHERE seq > ${cp.seq - 2};`);
	dropStoredCheckpoints(db);
	let r = verify(db);
	assert.equal(r.code, 0, 'the chain alone cannot see a cut tail');
	r = verify(db, '--against', kept, '--pubkey', key.pub);
	assert.equal(r.code, 1);
	assert.equal(r.stderr, `ntm audit: điểm chốt ở dòng 1 của tệp (mục ${cp.seq}, lúc ${cp.at}): ` +
		`nhật ký chỉ còn ${cp.seq - 2} mục nhưng điểm chốt ghi ${cp.seq} mục: 2 mục mới nhất đã bị xóa\n`);
	/* a cut followed by new entries (the count grows back) is a rewrite
	 * at the checkpoint's head: detected too */
	addUser(db, 'cut-new-1');
	addUser(db, 'cut-new-2');
	addUser(db, 'cut-new-3');
	r = verify(db, '--against', kept, '--pubkey', key.pub);
	assert.equal(r.code, 1);
	assert.match(r.stderr, /mã băm của mục \d+ đã khác/);
});

test('a forged checkpoint is refused: another key, or an altered line', () => {
	const db = freshDb('forged', 2);
	const key = keygen('forged.key');
	const kept = ntm.file('forged.checkpoints');
	const cp = checkpoint(db, key, kept);

	/* the attacker rewrites the trail and signs its own checkpoint with
	 * its own key: refused against the published public key */
	const evil = keygen('evil.key');
	rewrite(db, 2, (row) => { row.action = 'user.delete'; });
	dropStoredCheckpoints(db);
	const forged = checkpoint(db, evil, ntm.file('evil.checkpoints'));
	let r = verify(db, '--against', ntm.file('evil.checkpoints'), '--pubkey', key.pub);
	assert.equal(r.code, 1);
	assert.match(r.stderr, new RegExp(`^ntm audit: điểm chốt ở dòng 1 của tệp .*được ký bằng khóa ` +
		`${forged.key.slice(0, 16)}…, không phải khóa đã cho ${key.pub.slice(0, 16)}…\n$`));
	/* its checkpoint stored in the database is refused as well */
	r = verify(db, '--pubkey', key.pub);
	assert.equal(r.code, 1);
	assert.match(r.stderr, /^ntm audit: điểm chốt trong cơ sở dữ liệu .*không phải khóa đã cho/);

	/* a genuine line with its head, count or time changed: the signature
	 * no longer holds, even with the key taken from the line itself */
	const changed = [
		{ ...cp, head: forged.head },
		{ ...cp, seq: cp.seq + 1 },
		{ ...cp, at: '2030-01-01T00:00:00Z' },
		{ ...cp, sig: forged.sig },
	];
	for (const c of changed) {
		fs.writeFileSync(ntm.file('changed.checkpoints'), `${JSON.stringify(c)}\n`);
		r = verify(db, '--against', ntm.file('changed.checkpoints'));
		assert.equal(r.code, 1, JSON.stringify(c));
		assert.match(r.stderr, /^ntm audit: điểm chốt ở dòng 1 của tệp .*chữ ký không hợp lệ/);
	}
	/* a stored checkpoint whose row was altered is refused */
	dropStoredCheckpoints(db);
	db.sql(`INSERT INTO audit_checkpoint (seq, head, at, public_key, signature) VALUES ` +
		`(${cp.seq}, ${lit(forged.head)}, ${lit(cp.at)}, ${lit(cp.key)}, ${lit(cp.sig)});`);
	r = verify(db);
	assert.equal(r.code, 1);
	assert.match(r.stderr, /^ntm audit: điểm chốt trong cơ sở dữ liệu .*chữ ký không hợp lệ/);
});

test('keygen refuses to overwrite, and a key others can read is refused', () => {
	const key = keygen('keep.key');
	const before = fs.readFileSync(key.file, 'utf8');
	let r = ntm.run(['audit', 'keygen', '--key', key.file]);
	assert.equal(r.code, 1);
	assert.equal(r.stdout, '');
	assert.equal(r.stderr, `ntm audit: ${key.file} đã tồn tại; ntm không bao giờ ghi đè một khóa\n`);
	assert.equal(fs.readFileSync(key.file, 'utf8'), before);
	/* not even another file that happens to be there */
	fs.writeFileSync(ntm.file('notes.txt'), 'hello');
	assert.equal(ntm.run(['audit', 'keygen', '--key', ntm.file('notes.txt')]).code, 1);
	assert.equal(fs.readFileSync(ntm.file('notes.txt'), 'utf8'), 'hello');

	fs.chmodSync(key.file, 0o644);
	r = ntm.run(['audit', 'checkpoint', '--db', ntm.dbPath, '--key', key.file]);
	assert.equal(r.code, 1);
	assert.match(r.stderr, /^ntm audit: người dùng khác có quyền trên khóa .* \(chế độ 0644\); hãy chạy: chmod 600 /);
	fs.chmodSync(key.file, 0o600);
	fs.writeFileSync(ntm.file('damaged.key'), before.replace(/ [0-9a-f]{64}\n$/, ` ${'a'.repeat(64)}\n`), { mode: 0o600 });
	r = ntm.run(['audit', 'checkpoint', '--db', ntm.dbPath, '--key', ntm.file('damaged.key')]);
	assert.equal(r.code, 1);
	assert.match(r.stderr, /không phải là khóa ký do 'ntm audit keygen' tạo/);
	assert.equal(ntm.run(['audit', 'checkpoint', '--db', ntm.dbPath]).code, 2, '--key is required');
	/* hostile paths as the key: refused in one line, nothing signed */
	const stored = ntm.sql('SELECT count(*) FROM audit_checkpoint;').trim();
	for (const p of badInputs().paths.filter((x) => !x.includes('\0'))) {
		r = ntm.run(['audit', 'checkpoint', '--db', ntm.dbPath, '--key', p]);
		assert.equal(r.code, 1, p);
		assert.equal(r.stdout, '');
		assert.match(r.stderr, /^ntm audit: [^\n]*(khóa|key)[^\n]*\n$/, p);
	}
	assert.equal(ntm.sql('SELECT count(*) FROM audit_checkpoint;').trim(), stored);
});

test('bad checkpoint lines and bad --pubkey values are refused with the line and field named', () => {
	const db = { target: ntm.dbPath };
	const key = keygen('bad.key');
	const cp = checkpoint(db, key, null);
	const bad = badInputs();
	const values = [...bad.numbers, ...bad.json, ...bad.sql, ...bad.html_script,
		...Object.values(bad.unicode), ...bad.dates_periods, ...bad.codes, null, true, [], {}];
	for (const field of ['format', 'seq', 'head', 'at', 'key', 'sig']) {
		for (const v of values) {
			if (field === 'seq' && Number.isInteger(v) && v >= 0)
				continue;	/* a valid count: the signature decides */
			const file = ntm.file('bad.checkpoints');
			fs.writeFileSync(file, `# kept by the commune\n\n${JSON.stringify({ ...cp, [field]: v })}\n`);
			const r = verify(db, '--against', file);
			const what = `${field} = ${JSON.stringify(v).slice(0, 60)}: ${r.stderr.slice(0, 300)}`;
			assert.equal(r.code, 1, what);
			assert.equal(r.stderr.split('\n').length, 2, `one line: ${what}`);
			/* refused while reading the file, naming its line and the
			 * field (or, for a NUL or an oversized line, the whole line);
			 * or, well-formed, by the signature */
			const named = r.stderr.match(/^ntm audit: .*, dòng 3: (trường "(\w+)"|không phải một điểm chốt|điểm chốt dài quá)/);
			assert.ok(named || /^ntm audit: điểm chốt ở dòng 3 của tệp .*chữ ký không hợp lệ/.test(r.stderr), what);
			if (named && named[2])
				assert.equal(named[2], field, what);
		}
	}
	for (const text of ['', 'not json', '{', '[]', '"x"', JSON.stringify(cp).slice(0, -1), 'x'.repeat(5000)]) {
		fs.writeFileSync(ntm.file('bad.checkpoints'), `${text}\n`);
		const r = verify(db, '--against', ntm.file('bad.checkpoints'));
		assert.equal(r.code, 1, text);
		assert.equal(r.stderr.split('\n').length, 2, 'one line');
	}
	assert.equal(verify(db, '--against', ntm.file('does-not-exist')).code, 1);
	/* (an argument cannot hold a NUL byte) */
	for (const v of ['', 'abc', key.pub.toUpperCase(), `${key.pub}0`, ...bad.sql, ...bad.paths].filter((x) => !x.includes('\0'))) {
		const r = verify(db, '--pubkey', v);
		assert.equal(r.code, 2, v);
		assert.match(r.stderr, /--pubkey: /);
	}
});

test('ntm backup with a key signs a checkpoint first; the backup and ntm copy carry it', () => {
	const db = freshDb('backup', 2);
	const key = keygen('backup.key');
	const kept = ntm.file('backup.checkpoints');
	const out = ntm.file('backup.dump');
	let r = ntm.run(['backup', '--db', db.target, '--audit-key', key.file, '--audit-checkpoints', kept, out]);
	assert.equal(r.code, 0, r.stderr);
	const cp = JSON.parse(r.stdout.trim());
	assert.equal(cp.seq, entries(db).length);
	assert.deepEqual(JSON.parse(fs.readFileSync(kept, 'utf8').trim()), cp, 'appended to the file kept outside');
	assert.ok(fs.existsSync(out));
	if (db.backend === 'sqlite') {
		const inBackup = ntm.run(['audit', 'verify', '--db', out, '--against', kept, '--pubkey', key.pub]);
		assert.equal(inBackup.code, 0, inBackup.stderr);
		assert.match(inBackup.stdout, /checkpoints: 1 stored, 1 given/);
	}
	/* a key configured but unusable stops the backup before it writes */
	fs.chmodSync(key.file, 0o640);
	r = ntm.run(['backup', '--db', db.target, '--audit-key', key.file, ntm.file('backup2.dump')]);
	assert.equal(r.code, 1);
	assert.ok(!fs.existsSync(ntm.file('backup2.dump')));
	fs.chmodSync(key.file, 0o600);

	/* ntm copy carries the checkpoints (the copy is a SQLite file) */
	const copy = ntm.file('backup-copy.db');
	r = ntm.run(['copy', '--from', db.target, '--to', copy], { timeout: 120000 });
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stderr, /audit_checkpoint\s+1 rows/);
	r = ntm.run(['audit', 'verify', '--db', copy, '--against', kept, '--pubkey', key.pub]);
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /checkpoints: 1 stored, 1 given/);
});

test('ntm serve with --audit-key makes checkpoints at start, when entries are new, and at stop', async () => {
	const db = freshDb('serve', 1);
	const key = keygen('serve.key');
	const kept = ntm.file('serve.checkpoints');
	const count = () => Number(db.sql('SELECT count(*) FROM audit_checkpoint;').trim());
	const server = await ntm.serve(db.target, { extraArgs: ['--audit-key', key.file,
		'--audit-interval', '1', '--audit-checkpoints', kept] });
	let stopped;
	try {
		const waitFor = async (what, ok) => {
			for (let i = 0; i < 100 && !ok(); i++)
				await new Promise((res) => setTimeout(res, 100));
			assert.ok(ok(), what);
		};
		await waitFor('a checkpoint at start', () => count() === 1);
		/* no new entries: no new checkpoint (two intervals later) */
		await new Promise((res) => setTimeout(res, 2500));
		assert.equal(count(), 1);
		addUser(db, 'serve-later');
		await waitFor('a checkpoint of the new entry', () => count() === 2);
	} finally {
		stopped = await server.stop();
	}
	assert.equal(stopped.code, 0, stopped.stderr);
	assert.match(stopped.stderr, /ntm serve: audit checkpoint: entry \d+, head [0-9a-f]{16}…, key [0-9a-f]{16}…/);
	const lines = fs.readFileSync(kept, 'utf8').trim().split('\n');
	assert.equal(lines.length, 2);
	assert.equal(JSON.parse(lines[1]).seq, entries(db).length);
	const r = verify(db, '--against', kept, '--pubkey', key.pub);
	assert.equal(r.code, 0, r.stderr);
	/* a bad key stops serve at once, naming it */
	fs.chmodSync(key.file, 0o604);
	await assert.rejects(ntm.serve(db.target, { extraArgs: ['--audit-key', key.file] }),
		/người dùng khác có quyền trên khóa/);
	for (const v of ['0', '86401', ...badInputs().numbers]) {
		const r = ntm.run(['serve', '--db', db.target, '--listen', '127.0.0.1:0', '--audit-interval', v],
			{ timeout: 5000 });
		assert.equal(r.code, 2, `--audit-interval ${JSON.stringify(v)}: ${r.stderr}`);
		assert.match(r.stderr, /--audit-interval: /);
	}
});
