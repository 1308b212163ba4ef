'use strict';
/* A PostgreSQL server that cannot be reached at start: every command
 * stops with one clear line naming the server (never its password) and
 * exit code 1, and `serve` does not start listening.  Needs no running
 * PostgreSQL: port 1 on loopback refuses at once. */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const BIN = path.resolve(__dirname, '..', process.env.NTM_BIN || '../../build/ntm');
const URL = 'postgresql://ntm:hunter2-secret@127.0.0.1:1/ntm';

for (const args of [['serve', '--listen', '127.0.0.1:0'], ['init'], ['audit', 'verify'],
	['backup', `/tmp/ntm-unreachable-${process.pid}.dump`], ['import', 'units', '/dev/null']]) {
	test(`ntm ${args[0]} on an unreachable PostgreSQL: exit 1, one line, no password`, () => {
		const r = spawnSync(BIN, [...args, '--db', URL], { encoding: 'utf8', timeout: 20000 });
		assert.equal(r.status, 1, r.stderr);
		assert.match(r.stderr, /^ntm [a-z]+: [^\n]*127\.0\.0\.1[^\n]*\n$/);
		assert.doesNotMatch(r.stderr + r.stdout, /hunter2/);
		assert.doesNotMatch(r.stderr, /listening on/);
	});
}
