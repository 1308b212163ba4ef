'use strict';
/*
 * The home's dossiers counted by the database, not from a truncated list
 * (issue 14: "a cheaper home").  The home used to load up to 200 open
 * dossiers (each whole, dos_get) to find those at the caller's step, so
 * with more than 200 open in a province it listed and counted at most
 * 200.  Here 250 more dossiers wait at the province's appraisal in Hà Nội
 * (written straight into the demo database: making 250 through the API
 * would take minutes), every one with a later deadline than the demo's
 * Sóc Sơn dossier: the province officer and the province appraiser have
 * 251 at their step, the home lists the 10 nearest deadlines first and
 * links to the whole list (/dossiers?at_step=1), which has the 251.  On
 * the code before, the count was 200.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client } = require('../lib/accounts');
const { mainOf, unescapeHtml, badInputs } = require('../lib/ntm');

const MORE = 250;
let ntm;

before(async () => {
	ntm = await startDemo();
	/* copies of the demo's dossier 1 (Xã Sóc Sơn, at the province's
	 * appraisal), one per other commune of Hà Nội (of either map: the
	 * province's scope holds the old communes too), due in 2099 */
	ntm.sql(`INSERT INTO wf_instance (procedure_id, procedure_version, subject, structure, code, state,
	    row_version, state_since, due_on, terminal, created_at)
	  SELECT i.procedure_id, i.procedure_version, 'dossier', u.structure, u.code, i.state, 1, i.state_since,
	    '2099-12-31', 0, i.created_at
	  FROM wf_instance i, (SELECT structure, code FROM unit_scope WHERE scope_structure = '2025'
	    AND scope_code = '01' AND unit_level = 'commune' AND code <> '00376'
	    ORDER BY structure, code LIMIT ${MORE}) u
	  WHERE i.id = (SELECT instance_id FROM dossier WHERE id = 1);
	INSERT INTO dossier (kind, instance_id, structure, code, set_id, year, title, created_at)
	  SELECT 'recognition', i.id, i.structure, i.code, 'ntm-xa-2026-2030', 2026, 'ntm', i.created_at
	  FROM wf_instance i WHERE i.due_on = '2099-12-31';`);
	const n = Number(ntm.sql("SELECT COUNT(*) FROM dossier WHERE created_by IS NULL AND year = 2026").trim());
	assert.equal(n, MORE, 'the communes of Hà Nội to copy the dossier to');
});

after(async () => { if (ntm) await ntm.stop(); });

const atStep = (h) => h.items.find((i) => i.kind === 'dossiers.at_step');

test(`${MORE + 1} dossiers at the province's step: counted in full, the 10 nearest deadlines listed, the list linked`, async () => {
	for (const u of ['hanoi', 'thamdinh']) {
		const c = await Client.login(ntm.base, u);
		const r = await c.get('/api/v1/home');
		assert.equal(r.status, 200, r.text);
		const item = atStep(r.json);
		assert.ok(item, `${u}: ${JSON.stringify(r.json.items)}`);
		assert.equal(item.count, MORE + 1, `${u} has every dossier at the province step`);
		assert.equal(item.entries.length, 10);
		assert.equal(item.entries[0].href, '/dossiers/1', 'the nearest deadline first');
		assert.equal(item.href, '/dossiers?at_step=1');
		const list = await c.get('/api/v1/dossiers?at_step=1&limit=500');
		assert.equal(list.status, 200, list.text);
		assert.equal(list.json.total, MORE + 1);
		assert.ok(list.json.items.every((d) => d.state.id === 'province_appraisal'));
		const page = await c.get('/home');
		assert.equal(page.status, 200);
		assert.ok(unescapeHtml(mainOf(page.text)).includes('href="/dossiers?at_step=1"'), 'the home links the whole list');
	}
});

test('nobody else gains them: the commune of Sóc Sơn has none at its step; the admin still sees only the overdue Bà Nà dossier below', async () => {
	const socson = await Client.login(ntm.base, 'socson');
	const s = await socson.get('/api/v1/home');
	assert.equal(atStep(s.json), undefined);
	const none = await socson.get('/api/v1/dossiers?at_step=1');
	assert.equal(none.json.total, 0);
	const admin = await Client.login(ntm.base, 'admin');
	const a = await admin.get('/api/v1/home');
	const late = a.json.items.find((i) => i.kind === 'dossiers.overdue_below');
	assert.equal(late.count, 1);
	assert.equal(late.entries[0].href, '/dossiers/3');
	assert.equal(atStep(a.json), undefined);
	const bad = await admin.get('/api/v1/dossiers?at_step=2');
	assert.equal(bad.status, 422);
	assert.equal(bad.json.error.field, 'at_step');
	/* the bad-input catalogue through the new filter: a 4xx naming it, never a 5xx */
	const cat = badInputs();
	const values = [...cat.html_script, ...cat.sql, ...cat.numbers.filter((v) => typeof v === 'string')];
	for (const v of values) {
		const r = await admin.get(`/api/v1/dossiers?at_step=${encodeURIComponent(v)}`);
		assert.ok(r.status < 500, `at_step=${JSON.stringify(v)}: ${r.status}`);
		if (r.status >= 400 && r.status !== 414)
			assert.equal(r.json.error.field, 'at_step', `at_step=${JSON.stringify(v)}`);
	}
});
