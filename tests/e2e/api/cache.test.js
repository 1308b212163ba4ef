'use strict';
/* The per-process JSON response cache: it answers with an ETag and 304s,
 * keeps languages apart, and never serves stale data — not even when the
 * units change through another process (an `ntm import units` run while a
 * second server on the same database has the old page cached). */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { startNtm, get } = require('../lib/ntm');

let ntm, second;
before(async () => {
	ntm = await startNtm();
	second = await ntm.serve(ntm.dbPath);
});
after(async () => {
	if (second) await second.stop();
	if (ntm) await ntm.stop();
});

const COMMUNE = '/api/v1/units/2025/00376';	/* Xã Sóc Sơn, Hà Nội */

test('a cached JSON page has an ETag, and If-None-Match gets 304 with no body', async () => {
	const a = await get(ntm.base, COMMUNE);
	const b = await get(ntm.base, COMMUNE);
	assert.equal(a.status, 200);
	const tag = a.headers.get('etag');
	assert.match(tag, /^"[0-9a-f]{16}"$/);
	assert.equal(b.headers.get('etag'), tag);
	assert.equal(b.text, a.text);
	const c = await get(ntm.base, COMMUNE, { headers: { 'If-None-Match': `W/"other", ${tag}` } });
	assert.equal(c.status, 304);
	assert.equal(c.text, '');
	const d = await get(ntm.base, COMMUNE, { headers: { 'If-None-Match': '"0000000000000000"' } });
	assert.equal(d.status, 200);
});

test('the cache keeps languages and query parameters apart', async () => {
	const vi = (await get(ntm.base, '/api/v1/units/2025/01')).json;
	const en = (await get(ntm.base, '/api/v1/units/2025/01?lang=en')).json;
	assert.equal(vi.level_label, 'Tỉnh, thành phố');
	assert.equal(en.level_label, 'Province');
	const one = (await get(ntm.base, '/api/v1/units/2025/01?limit=1')).json;
	const two = (await get(ntm.base, '/api/v1/units/2025/01?limit=2')).json;
	assert.equal(one.children.items.length, 1);
	assert.equal(two.children.items.length, 2);
	assert.equal((await get(ntm.base, '/api/v1/units/2025/01')).json.children.items.length, 126);
});

test('an import by another process is seen at once by every server', async () => {
	/* Both servers have the commune cached with no villages. */
	for (const base of [ntm.base, second.base]) {
		assert.equal((await get(base, COMMUNE)).json.children.total, 0);
		assert.equal((await get(base, COMMUNE)).json.children.total, 0);
		assert.equal((await get(base, '/api/v1/units?q=thon%20dong%20xuan')).json.total, 0);
	}
	const before = (await get(ntm.base, COMMUNE)).headers.get('etag');
	const csv = ntm.file('villages.csv');
	fs.writeFileSync(csv, 'structure,code,name,full_name,level,unit_type,parent_code\n' +
		'2025,00376-01,Đông Xuân,Thôn Đông Xuân,village,Thôn,00376\n');
	const r = ntm.run(['import', 'units', csv, '--db', ntm.dbPath]);
	assert.equal(r.code, 0, r.stderr);
	for (const base of [ntm.base, second.base]) {
		const page = await get(base, COMMUNE);
		assert.equal(page.json.children.total, 1);
		assert.equal(page.json.children.items[0].code, '00376-01');
		assert.notEqual(page.headers.get('etag'), before);
		const found = (await get(base, '/api/v1/units?q=thon%20dong%20xuan')).json;
		assert.equal(found.total, 1);
	}
});
