'use strict';
/* The command line: exit codes and one-line errors, init, import units,
 * backup, and the server's clean stop on SIGTERM.  The imports go into the
 * database the test server is serving, and are checked through the API. */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const { startNtm, get, pgUrl, pgDatabaseExists } = require('../lib/ntm');

let ntm;
before(async () => { ntm = await startNtm(); });
after(async () => { if (ntm) await ntm.stop(); });

/* A real 2025 rural commune of Hà Nội (Xã ... from communes_3321_2025.csv). */
const COMMUNE = '00376';
const GENERIC_HEADER = 'structure,code,name,full_name,level,unit_type,parent_code';

async function unitCount() {
	const a = await get(ntm.base, '/api/v1/units?structure=2025&limit=1');
	const b = await get(ntm.base, '/api/v1/units?structure=pre2025&limit=1');
	return a.json.total + b.json.total;
}

async function status(p) {
	return (await get(ntm.base, p)).status;
}

/* stderr is exactly one line. */
function oneLine(stderr) {
	assert.match(stderr, /^[^\n]+\n$/, `expected one line on stderr, got ${JSON.stringify(stderr)}`);
	return stderr.trim();
}

function writeCsv(name, lines) {
	const p = ntm.file(name);
	fs.writeFileSync(p, lines.join('\n') + '\n');
	return p;
}

describe('exit codes and messages', () => {
	test('ntm version prints the version of ntm and its libraries, exit 0', () => {
		const r = ntm.run(['version']);
		assert.equal(r.code, 0);
		assert.match(r.stdout, /^ntm \d+\.\d+\.\d+/);
		assert.match(r.stdout, /sqlite/i);
		assert.equal(r.stderr, '');
	});

	test('ntm help lists every command, exit 0', () => {
		const r = ntm.run(['help']);
		assert.equal(r.code, 0);
		for (const c of ['init', 'serve', 'import', 'backup', 'version', 'help'])
			assert.match(r.stdout, new RegExp(`^\\s+${c}\\s`, 'm'), c);
	});

	for (const c of ['init', 'demo', 'serve', 'import', 'backup', 'version', 'help']) {
		test(`ntm ${c} --help prints its usage on stdout, exit 0`, () => {
			const r = ntm.run([c, '--help']);
			assert.equal(r.code, 0);
			assert.match(r.stdout, c === 'help' ? /^usage: ntm COMMAND/m : new RegExp(`^usage: ntm ${c}\\b`));
			assert.equal(r.stderr, '');
		});
	}

	test('ntm help import shows the import usage, exit 0', () => {
		const r = ntm.run(['help', 'import']);
		assert.equal(r.code, 0);
		assert.match(r.stdout, /^usage: ntm import/m);
	});

	test('an unknown command is a usage error: exit 2, naming the command on stderr', () => {
		const r = ntm.run(['bogus']);
		assert.equal(r.code, 2);
		assert.equal(r.stdout, '');
		assert.match(r.stderr.split('\n')[0], /bogus/);
	});

	test('ntm help of an unknown command is a usage error: exit 2', () => {
		const r = ntm.run(['help', 'bogus']);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /bogus/);
	});

	for (const c of ['init', 'serve', 'import', 'backup']) {
		test(`ntm ${c} with a bad option is a usage error: exit 2, naming the option`, () => {
			const r = ntm.run([c, '--bogus-option', '--db', ntm.file('x.db')]);
			assert.equal(r.code, 2);
			assert.match(r.stderr, /--bogus-option/);
			assert.equal(fs.existsSync(ntm.file('x.db')), false, 'nothing created');
		});
	}

	test('import and backup with missing arguments are usage errors: exit 2', () => {
		assert.equal(ntm.run(['import', '--db', ntm.dbPath]).code, 2);
		assert.equal(ntm.run(['import', 'units', '--db', ntm.dbPath]).code, 2);
		assert.equal(ntm.run(['import', 'nonsense', 'x.csv', '--db', ntm.dbPath]).code, 2);
		assert.equal(ntm.run(['backup', '--db', ntm.dbPath]).code, 2);
	});

	test('serve with a bad --listen is an error naming the address', () => {
		const r = ntm.run(['serve', '--db', ntm.dbPath, '--listen', '127.0.0.1:notaport']);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /notaport/);
	});

	test('import of a missing file is a user error: exit 1, one line naming the file', () => {
		const r = ntm.run(['import', 'units', ntm.file('missing.csv'), '--db', ntm.dbPath]);
		assert.equal(r.code, 1);
		assert.match(oneLine(r.stderr), /missing\.csv/);
	});

	test('commands on a database that was never initialised fail with exit 1 and create no file', () => {
		const csv = writeCsv('never.csv', [GENERIC_HEADER]);
		if (ntm.backend === 'postgresql') {
			/* PostgreSQL: an empty database (created, never initialised)
			 * is refused naming init and gets no table; a database that
			 * does not exist is refused and not created. */
			const empty = ntm.newDatabase();
			for (const args of [['import', 'units', csv], ['backup', ntm.file('never-out.dump')]]) {
				const r = ntm.run([...args, '--db', empty.target]);
				assert.equal(r.code, 1, args[0]);
				assert.match(oneLine(r.stderr), /init/, 'the message says to run init');
				assert.equal(tableCount(empty), 0, `ntm ${args[0]} created tables in an uninitialised database`);
				const missing = `ntm_e2e_missing_${process.pid}_${args[0]}`;
				const m = ntm.run([...args, '--db', pgUrl(missing)]);
				assert.equal(m.code, 1, `${args[0]} on a missing database`);
				oneLine(m.stderr);
				assert.equal(pgDatabaseExists(missing), false, `ntm ${args[0]} created the database ${missing}`);
			}
			assert.equal(fs.existsSync(ntm.file('never-out.dump')), false);
			return;
		}
		for (const args of [['import', 'units', csv], ['backup', ntm.file('never-out.db')]]) {
			const db = ntm.file(`never-${args[0]}.db`);
			const r = ntm.run([...args, '--db', db]);
			assert.equal(r.code, 1, args[0]);
			assert.match(oneLine(r.stderr), /init/, 'the message says to run init');
			assert.equal(fs.existsSync(db), false, `ntm ${args[0]} left an empty ${db} behind`);
		}
		assert.equal(fs.existsSync(ntm.file('never-out.db')), false);
	});
});

describe('init', () => {
	test('a second init on the same database is fast, exit 0, and changes no count', async () => {
		const before = await unitCount();
		assert.equal(before, 14151);
		const r = ntm.run(['init', '--db', ntm.dbPath]);
		assert.equal(r.code, 0, r.stderr);
		assert.ok(r.ms < ntm.initMs / 2 || r.ms < 150,
		    `second init took ${r.ms.toFixed(0)} ms, the first ${ntm.initMs.toFixed(0)} ms`);
		assert.equal(await unitCount(), before);
		assert.equal((await get(ntm.base, '/api/v1/units/2025/01')).json.children_count, 126);
	});

	/* An existing database meets a migration that rebuilds tables (0007
	 * drops and renames the survey tables): the runner must leave no read
	 * open, or SQLite refuses the DROP ("database table is locked") and
	 * no installation can upgrade.  SQLite only: the PostgreSQL variant
	 * alters in place and is not written to run twice. */
	test('a migration that rebuilds tables applies to an existing database', (t) => {
		if (ntm.backend === 'postgresql')
			return t.skip('SQLite: DROP TABLE with a pending statement');
		const db = ntm.file('upgrade.db');
		assert.equal(ntm.run(['init', '--db', db]).code, 0);
		const sqlite = (q) => spawnSync('sqlite3', [db, q], { encoding: 'utf8' });
		const newest = sqlite('SELECT max(version) FROM schema_version').stdout.trim();
		assert.equal(sqlite('DELETE FROM schema_version WHERE version = 7').status, 0);
		const r = ntm.run(['init', '--db', db]);
		assert.equal(r.code, 0, r.stderr);
		assert.equal(sqlite('SELECT max(version) FROM schema_version').stdout.trim(), newest);
		assert.equal(sqlite('SELECT count(*) FROM schema_version WHERE version = 7').stdout.trim(), '1');
	});
});

describe('import units', () => {
	const good = () => writeCsv('villages.csv', [
		GENERIC_HEADER,
		`2025,${COMMUNE}-T01,Thôn Một,Thôn Một,village,Thôn,${COMMUNE}`,
		`2025,${COMMUNE}-T02,"Thôn Hai, Đông",Thôn Hai Đông,village,Thôn,${COMMUNE}`,
	]);

	test('--dry-run checks and counts two villages but writes nothing', async () => {
		const before = await unitCount();
		const r = ntm.run(['import', 'units', good(), '--dry-run', '--db', ntm.dbPath]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /2 units/);
		assert.equal(await unitCount(), before);
		assert.equal(await status(`/api/v1/units/2025/${COMMUNE}-T01`), 404);
	});

	test('a malformed CSV (unterminated quote) names file, line and column, and changes nothing', async () => {
		const before = await unitCount();
		const f = writeCsv('quote.csv', [
			GENERIC_HEADER,
			`2025,${COMMUNE}-Q1,Thôn Q,Thôn Q,village,Thôn,${COMMUNE}`,
			`2025,"${COMMUNE}-Q2,Thôn R,Thôn R,village,Thôn,${COMMUNE}`,
		]);
		const r = ntm.run(['import', 'units', f, '--db', ntm.dbPath]);
		assert.equal(r.code, 1);
		const msg = oneLine(r.stderr);
		assert.match(msg, /quote\.csv/);
		assert.match(msg, /dòng 3|line 3/);
		assert.match(msg, /cột 2|column 2/);
		assert.equal(await unitCount(), before);
		assert.equal(await status(`/api/v1/units/2025/${COMMUNE}-Q1`), 404, 'the good row before is not kept');
	});

	test('a row with a bad code names file, line, column and the column name, and changes nothing', async () => {
		const before = await unitCount();
		const f = writeCsv('badcode.csv', [
			GENERIC_HEADER,
			`2025,${COMMUNE}-C1,Thôn C,Thôn C,village,Thôn,${COMMUNE}`,
			`2025,bad code!,Thôn D,Thôn D,village,Thôn,${COMMUNE}`,
		]);
		const r = ntm.run(['import', 'units', f, '--db', ntm.dbPath]);
		assert.equal(r.code, 1);
		const msg = oneLine(r.stderr);
		assert.match(msg, /badcode\.csv/);
		assert.match(msg, /dòng 3|line 3/);
		assert.match(msg, /cột 2|column 2/);
		assert.match(msg, /\bcode\b/);
		assert.equal(await unitCount(), before);
		assert.equal(await status(`/api/v1/units/2025/${COMMUNE}-C1`), 404);
	});

	test('a parent that does not exist names file, line and the parent_code column, and changes nothing', async () => {
		const before = await unitCount();
		const f = writeCsv('parent.csv', [
			GENERIC_HEADER,
			`2025,${COMMUNE}-P1,Thôn P,Thôn P,village,Thôn,${COMMUNE}`,
			'2025,99999-P2,Thôn Q,Thôn Q,village,Thôn,99999',
		]);
		const r = ntm.run(['import', 'units', f, '--db', ntm.dbPath]);
		assert.equal(r.code, 1);
		const msg = oneLine(r.stderr);
		assert.match(msg, /parent\.csv/);
		assert.match(msg, /dòng 3|line 3/);
		assert.match(msg, /cột 7|column 7/);
		assert.match(msg, /parent_code/);
		assert.match(msg, /99999/);
		assert.equal(await unitCount(), before);
		assert.equal(await status(`/api/v1/units/2025/${COMMUNE}-P1`), 404);
	});

	test('several bad rows: each named on its own line, then how many, and nothing imported', async () => {
		const before = await unitCount();
		const f = writeCsv('several.csv', [
			GENERIC_HEADER,
			'2025,99999-S1,Thôn S,Thôn S,village,Thôn,99999',
			`2025,${COMMUNE}-S2,Thôn T,Thôn T,village,Thôn,${COMMUNE}`,
			`2025,${COMMUNE}-S3,Thôn U,Thôn U,hamlet,Thôn,${COMMUNE}`,
		]);
		const r = ntm.run(['import', 'units', f, '--db', ntm.dbPath]);
		assert.equal(r.code, 1);
		const lines = r.stderr.trim().split('\n');
		assert.equal(lines.length, 3, r.stderr);
		assert.match(lines[0], /several\.csv: (dòng|line) 2, (cột|column) 7 \(parent_code\)/);
		assert.match(lines[1], /several\.csv: (dòng|line) 4, (cột|column) 5 \(level\)/);
		assert.match(lines[2], /2 (dòng lỗi|bad row)/);
		assert.equal(await unitCount(), before);
		assert.equal(await status(`/api/v1/units/2025/${COMMUNE}-S2`), 404, 'the good row is not kept');
	});

	test('a file that is not UTF-8 (legacy TCVN3 bytes) is refused, naming line and column', async () => {
		const before = await unitCount();
		const p = ntm.file('tcvn3.csv');
		fs.writeFileSync(p, Buffer.concat([
			Buffer.from(`${GENERIC_HEADER}\n2025,${COMMUNE}-L1,`),
			Buffer.from([0x48, 0xb5, 0x20, 0x4e, 0xe9, 0x69]),
			Buffer.from(`,Thon,village,Thon,${COMMUNE}\n`),
		]));
		const r = ntm.run(['import', 'units', p, '--db', ntm.dbPath]);
		assert.equal(r.code, 1);
		const msg = oneLine(r.stderr);
		assert.match(msg, /tcvn3\.csv/);
		assert.match(msg, /dòng 2|line 2/);
		assert.match(msg, /cột 3|column 3/);
		assert.match(msg, /UTF-8/);
		assert.equal(await unitCount(), before);
	});

	test('an unrecognised header is refused naming the file and line 1', () => {
		const f = writeCsv('header.csv', ['foo,bar', '1,2']);
		const r = ntm.run(['import', 'units', f, '--db', ntm.dbPath]);
		assert.equal(r.code, 1);
		const msg = oneLine(r.stderr);
		assert.match(msg, /header\.csv/);
		assert.match(msg, /dòng 1|line 1/);
	});

	test('importing two villages under a real 2025 commune makes them visible under that parent', async () => {
		const before = await unitCount();
		const r = ntm.run(['import', 'units', good(), '--db', ntm.dbPath]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /2 units/);
		assert.equal(await unitCount(), before + 2);

		const list = await get(ntm.base, `/api/v1/units?structure=2025&level=village&parent=${COMMUNE}`);
		assert.equal(list.status, 200);
		assert.equal(list.json.total, 2);
		assert.deepEqual(list.json.items.map((i) => [i.code, i.name]),
		    [[`${COMMUNE}-T01`, 'Thôn Một'], [`${COMMUNE}-T02`, 'Thôn Hai, Đông']]);

		const parent = await get(ntm.base, `/api/v1/units/2025/${COMMUNE}`);
		assert.equal(parent.json.children_count, 2);
		assert.equal(parent.json.children.total, 2);

		const v = await get(ntm.base, `/api/v1/units/2025/${COMMUNE}-T02`);
		assert.equal(v.status, 200);
		assert.equal(v.json.level, 'village');
		assert.equal(v.json.parent_code, COMMUNE);
		assert.equal(v.json.full_name, 'Thôn Hai Đông');
		assert.deepEqual(v.json.ancestors.map((a) => a.code), ['VN', '01', COMMUNE]);
		assert.equal(v.json.region7_code, 'DBSH', 'region inherited from the parent');

		const s = await get(ntm.base, `/api/v1/units?q=${encodeURIComponent('thon hai dong')}`);
		assert.ok(s.json.items.some((i) => i.code === `${COMMUNE}-T02`), 'searchable without diacritics');
	});

	test('the villages show in the commune page and init keeps them', async () => {
		const html = (await get(ntm.base, `/units/2025/${COMMUNE}`)).text;
		assert.ok(html.includes(`href="/units/2025/${COMMUNE}-T01"`));
		const r = ntm.run(['init', '--db', ntm.dbPath]);
		assert.equal(r.code, 0);
		assert.equal((await get(ntm.base, `/api/v1/units/2025/${COMMUNE}-T01`)).status, 200);
		assert.equal(await unitCount(), 14151 + 2);
	});

	test('re-importing the same file is idempotent (updates, no duplicates)', async () => {
		const before = await unitCount();
		const r = ntm.run(['import', 'units', good(), '--db', ntm.dbPath]);
		assert.equal(r.code, 0, r.stderr);
		assert.equal(await unitCount(), before);
		assert.equal((await get(ntm.base, `/api/v1/units/2025/${COMMUNE}`)).json.children_count, 2);
	});
});

/* Run ntm with the locale variables given in locale (and no other):
 * { code, stdout, stderr }. */
function runWithLocale(args, locale) {
	const env = { ...process.env, ...locale };
	for (const v of ['LC_ALL', 'LC_MESSAGES', 'LANG'])
		if (!(v in locale))
			delete env[v];
	delete env.NTM_DB;
	const r = spawnSync(ntm.bin, args, { cwd: ntm.dir, encoding: 'utf8', env, timeout: 30000 });
	if (r.error)
		throw r.error;
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/* docs/CLI.md: Vietnamese unless the first of LC_ALL, LC_MESSAGES, LANG
 * that is set starts with "en". */
describe('the language of messages', () => {
	const badCode = () => writeCsv('lang.csv', [
		GENERIC_HEADER,
		`2025,bad code!,Thôn D,Thôn D,village,Thôn,${COMMUNE}`,
	]);
	const VI = /^ntm import: \S*lang\.csv: dòng 2, cột 2 \(code\): mã chỉ gồm chữ, số/;
	const EN = /^ntm import: \S*lang\.csv: line 2, column 2 \(code\): the code may hold only letters, digits/;

	for (const [name, locale, want] of [
		['no locale: Vietnamese', {}, VI],
		['LANG=C.UTF-8: Vietnamese', { LANG: 'C.UTF-8' }, VI],
		['LANG=vi_VN.UTF-8: Vietnamese', { LANG: 'vi_VN.UTF-8' }, VI],
		['LANG=en_US.UTF-8: English', { LANG: 'en_US.UTF-8' }, EN],
		['LC_MESSAGES=en_GB over LANG=vi_VN: English', { LANG: 'vi_VN.UTF-8', LC_MESSAGES: 'en_GB.UTF-8' }, EN],
		['LC_ALL=C.UTF-8 over LANG=en_US: Vietnamese', { LANG: 'en_US.UTF-8', LC_ALL: 'C.UTF-8' }, VI],
		['LC_ALL=en over LC_MESSAGES=vi_VN: English', { LC_MESSAGES: 'vi_VN.UTF-8', LC_ALL: 'en' }, EN],
		['an empty LC_ALL is unset: LANG=en_US.UTF-8 speaks', { LC_ALL: '', LANG: 'en_US.UTF-8' }, EN],
	]) {
		test(`${name}`, () => {
			const r = runWithLocale(['import', 'units', badCode(), '--db', ntm.dbPath], locale);
			assert.equal(r.code, 1);
			assert.match(oneLine(r.stderr), want);
		});
	}

	/* An error that wraps another's (the file before the document's
	 * error) carries both languages. */
	test('a wrapped error reads in the language asked for', () => {
		const f = ntm.file('broken-procedure.json');
		fs.writeFileSync(f, '{"id": ');
		const vi = runWithLocale(['procedures', 'import', f, '--db', ntm.dbPath], { LANG: 'vi_VN.UTF-8' });
		const en = runWithLocale(['procedures', 'import', f, '--db', ntm.dbPath], { LANG: 'en_US.UTF-8' });
		assert.equal(vi.code, 1);
		assert.equal(en.code, 1);
		assert.match(oneLine(vi.stderr), /broken-procedure\.json: JSON không hợp lệ ở dòng 1, cột \d+/);
		assert.match(oneLine(en.stderr), /broken-procedure\.json: invalid JSON at line 1, column \d+/);
	});
});

/* The tables of an (empty or not) PostgreSQL database outside the catalogs. */
function tableCount(db) {
	return Number(db.sql("SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')").trim());
}

/* The backup file: a SQLite database, or on PostgreSQL a pg_dump archive
 * in custom format (what pg_restore reads). */
const BACKUP = () => ntm.file(ntm.backend === 'postgresql' ? 'backup.dump' : 'backup.db');

function pgRestore(args) {
	const r = spawnSync('pg_restore', args, { encoding: 'utf8', timeout: 120000 });
	if (r.error)
		throw new Error(`cannot run pg_restore: ${r.error.message}`);
	return r;
}

describe('backup', () => {
	test('backup writes a copy that ntm serve opens with every unit', async () => {
		const expected = await unitCount();
		const out = BACKUP();
		const r = ntm.run(['backup', '--db', ntm.dbPath, out]);
		assert.equal(r.code, 0, r.stderr);
		assert.ok(fs.statSync(out).size > 0);
		let target = out;
		if (ntm.backend === 'postgresql') {
			/* a pg_dump custom-format archive with the tables' data,
			 * restored into a new database */
			const list = pgRestore(['--list', out]);
			assert.equal(list.status, 0, `pg_restore --list: ${list.stderr}`);
			assert.match(list.stdout, /Format: CUSTOM/);
			for (const table of ['unit', 'app_user', 'audit_log'])
				assert.match(list.stdout, new RegExp(`TABLE DATA \\S+ ${table} `), `the data of ${table} is in the archive`);
			const restored = ntm.newDatabase();
			const rr = pgRestore(['--no-owner', '--no-privileges', '--exit-on-error', '--dbname', restored.target, out]);
			assert.equal(rr.status, 0, `pg_restore: ${rr.stderr}`);
			target = restored.target;
		}
		const copy = await ntm.serve(target);
		try {
			const a = await get(copy.base, '/api/v1/units?structure=2025&limit=1');
			const b = await get(copy.base, '/api/v1/units?structure=pre2025&limit=1');
			assert.equal(a.json.total + b.json.total, expected);
			assert.equal(expected, 14151 + 2, 'the imported villages are in the copy');
			assert.equal((await get(copy.base, '/api/v1/units/2025/01')).json.children_count, 126);
			assert.equal((await get(copy.base, `/api/v1/units/2025/${COMMUNE}-T01`)).status, 200);
		} finally {
			const s = await copy.stop();
			assert.equal(s.code, 0);
		}
	});

	test('backup refuses to overwrite an existing file: exit 1, one line naming it, file untouched', () => {
		const out = BACKUP();
		const before = fs.readFileSync(out);
		const r = ntm.run(['backup', '--db', ntm.dbPath, out]);
		assert.equal(r.code, 1);
		assert.match(oneLine(r.stderr), /backup\.(db|dump)/);
		assert.ok(fs.readFileSync(out).equals(before));
	});

	test('backup refuses to overwrite any existing file, even a non-database', () => {
		const out = ntm.file('notes.txt');
		fs.writeFileSync(out, 'keep me');
		const r = ntm.run(['backup', '--db', ntm.dbPath, out]);
		assert.equal(r.code, 1);
		assert.equal(fs.readFileSync(out, 'utf8'), 'keep me');
	});
});

describe('serve', () => {
	test('SIGTERM stops a serving server cleanly: exit 0, "stopped", no other stderr', async () => {
		const s = await ntm.serve(ntm.dbPath);
		assert.equal((await get(s.base, '/healthz')).status, 200);
		const r = await s.stop();
		assert.equal(r.signal, null, 'exited by itself, not killed by the signal');
		assert.equal(r.code, 0);
		assert.match(r.stderr, /ntm serve: stopped\n?$/);
		const unexpected = r.stderr.split('\n').filter((l) => l && !/^ntm serve: /.test(l));
		assert.deepEqual(unexpected, [], 'only ntm serve: lines on stderr');
		await assert.rejects(fetch(`${s.base}/healthz`), 'the port is closed');
	});

	test('SIGTERM during a request still lets the server exit 0', async () => {
		const s = await ntm.serve(ntm.dbPath);
		const inflight = get(s.base, '/api/v1/units?structure=pre2025&level=commune&limit=500').catch(() => null);
		await new Promise((res) => setTimeout(res, 5));
		const r = await s.stop();
		await inflight;
		assert.equal(r.code, 0);
		assert.equal(r.signal, null);
	});

	test('serve on a database that was never initialised fails with exit 1, naming init, creating no file', () => {
		if (ntm.backend === 'postgresql') {
			const empty = ntm.newDatabase();
			const r = ntm.run(['serve', '--db', empty.target, '--listen', '127.0.0.1:0', '--quiet'], { timeout: 5000 });
			assert.equal(r.code, 1);
			assert.match(r.stderr, /init/);
			assert.equal(tableCount(empty), 0, 'ntm serve created tables in an uninitialised database');
			const missing = `ntm_e2e_missing_${process.pid}_serve`;
			const m = ntm.run(['serve', '--db', pgUrl(missing), '--listen', '127.0.0.1:0', '--quiet'], { timeout: 5000 });
			assert.equal(m.code, 1, 'serve on a missing database');
			assert.equal(pgDatabaseExists(missing), false);
			return;
		}
		const db = ntm.file('empty-serve.db');
		const r = ntm.run(['serve', '--db', db, '--listen', '127.0.0.1:0', '--quiet'], { timeout: 5000 });
		assert.equal(r.code, 1);
		assert.match(r.stderr, /init/);
		assert.equal(fs.existsSync(db), false, `ntm serve left an empty ${db} behind`);
	});
});
