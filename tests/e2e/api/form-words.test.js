'use strict';
/* The bad-input catalogue (fixtures/bad-inputs.json) through every text
 * field of the forms whose checks now list every problem at once (issue
 * 14): a national threshold, a province's threshold, a commune's
 * attributes, a new set from a table, sign-in, a new account.  Each post
 * carries one other field that is wrong, so nothing is written; the
 * answer is a 4xx page (never a 5xx) whose summary lists the problems,
 * each linked to an element of the page that exists, in words (no field
 * path or machine name), and the hostile text never comes back unescaped. */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { badInputs } = require('../lib/ntm');
const { startDemo, Client } = require('../lib/accounts');

const SET = 'ntm-xa-2026-2030';
const MACHINE = /\b(source_document|commune_group|ethnic_area|year_from|year_to|variant_by|legal_basis|unit_class|change_note|full_name|old_password|new_password)\b|\bvalues\.\d|request\.|criteria\.|trường [a-z_]+ /;

let ntm;
let admin;
let hanoi;
let socson;
let anon;

before(async () => {
	ntm = await startDemo();
	[admin, hanoi, socson] = await Promise.all(['admin', 'hanoi', 'socson'].map((u) => Client.login(ntm.base, u)));
	anon = Client.anonymous(ntm.base);
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

/* Every string of the catalogue meant for a text field. */
function hostile() {
	const b = badInputs();
	const out = [...b.html_script, ...b.sql, ...b.paths, ...b.csv_formula, ...Object.values(b.unicode)];
	for (const n of b.numbers)
		out.push(String(n));
	out.push('Hà\u0001Nội', 'x\u007f');	/* control characters */
	return out.filter((s) => typeof s === 'string');
}

/* The problems of a refused page: [{href, text}] of its summary. */
function summaryOf(html) {
	const box = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html);
	assert.ok(box, 'a summary at the top');
	return [...box[0].matchAll(/<li>(?:<a href="#([^"]*)">)?([\s\S]*?)(?:<\/a>)?<\/li>/g)]
		.map((m) => ({ id: m[1], text: m[2] }));
}

async function check(client, path, form, field, label) {
	for (const s of hostile()) {
		const r = await client.post(path, { form: { ...form, [field]: s } });
		assert.ok(r.status >= 400 && r.status < 500, `${label} ${field}=${JSON.stringify(s)}: ${r.status}`);
		const problems = summaryOf(r.text);
		assert.ok(problems.length >= 1, `${label}: a problem listed`);
		for (const p of problems) {
			assert.doesNotMatch(p.text, MACHINE, `${label} ${field}=${JSON.stringify(s)}: "${p.text}"`);
			if (p.id)
				assert.ok(r.text.includes(`id="${p.id}"`), `${label}: the link #${p.id} has a target`);
		}
		assert.doesNotMatch(r.text, /<script>alert|onerror=alert|<svg\/onload/, `${label}: ${s} comes back escaped`);
	}
}

test('a national threshold: source, note (the value wrong)', async () => {
	const path = `/criteria-sets/${SET}/thresholds`;
	const form = { indicator: '3.1', value: 'khoảng', source_document: 'QĐ 1', note: '' };
	for (const f of ['source_document', 'note'])
		await check(admin, path, form, f, 'threshold');
	await check(admin, path, { ...form, value: '5' }, 'indicator', 'threshold (indicator)');
});

test('a commune\'s attributes: the source, the group (the year wrong)', async () => {
	const path = '/units/2025/00376/attributes';
	const form = { year: '20a6', commune_group: '1', ethnic_area: '', source_document: 'QĐ' };
	for (const f of ['source_document', 'commune_group', 'ethnic_area'])
		await check(hanoi, path, form, f, 'attributes');
});

test('a new set from a table: its text fields (the table missing)', async () => {
	const form = { id: 'bo-thu', version: '1', name: 'Bộ thử', kind: 'custom', structure: '2025', level: 'commune',
		year_from: '2026', year_to: '2030', variant_by: 'none', legal_basis: '', csv: '' };
	for (const f of ['id', 'name', 'legal_basis', 'year_from'])
		await check(admin, '/criteria-sets/from-table', form, f, 'from-table');
});

test('sign-in and a new account: every field (one other wrong)', async () => {
	for (const f of ['username'])
		await check(anon, '/login', { username: 'x', password: '' }, f, 'login');
	const form = { username: 'thu.nghiem', full_name: 'Người thử', password: 'ngan', role: 'village_officer', unit: '2025:00376-01' };
	for (const f of ['username', 'full_name'])
		await check(socson, '/users', form, f, 'users');
});

test('a new account without a unit, or with one that does not exist: the form comes back with the list and the unit box its link goes to', async () => {
	const form = { username: 'thu.khong.don.vi', full_name: 'Người thử', password: 'password-123', role: 'village_officer' };
	for (const unit of [undefined, '2025:99999']) {
		const r = await socson.post('/users', { form: unit === undefined ? form : { ...form, unit } });
		assert.equal(r.status, 422, `unit ${unit}`);
		const problems = summaryOf(r.text);
		assert.ok(problems.length >= 1);
		for (const p of problems)
			if (p.id)
				assert.ok(r.text.includes(`id="${p.id}"`), `the link #${p.id} has a target (unit ${unit})`);
		assert.match(r.text, /<select[^>]*name="role"[\s\S]*?<option/, 'the roles to choose from are offered again');
		assert.match(r.text, /value="Người thử"/, 'what was typed stays');
	}
	const list = (await socson.get('/api/v1/users')).json.items.map((u) => u.username);
	assert.ok(!list.includes('thu.khong.don.vi'), 'nothing written');
});
