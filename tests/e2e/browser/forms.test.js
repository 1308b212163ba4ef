'use strict';
/* Every form outside the dossier pages, refused in Chromium on a 360 px
 * phone (issue 14, "forms in the officer's words"): the criteria forms
 * (a national threshold, a province's threshold, a commune's attributes,
 * indicator values, a values import, a new set from a table or a
 * document) and the account forms (sign-in, a new account, a token, the
 * password).  For each: every problem is listed at once at the top, each
 * a link that lands on - focuses - an input of the page that exists,
 * in words (no field path, no role key), and what was typed is kept.
 * Saves screenshots/forms-<form>-360.png. */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo, Client, DEMO_PASSWORD } = require('../lib/accounts');
const { launchBrowser, phonePage, SHOTS } = require('../lib/browser');
const { problemsListed } = require('../lib/forms');

const SET = 'ntm-xa-2026-2030';
/* A small set whose indicator 2.1 is delegated to the provinces (no
 * shipped set has one yet): the province's threshold form. */
const DELEGATED = 'e2e-forms-xa';
const delegatedSet = {
	format: 'ntm-criteria/1', id: DELEGATED, version: 1, name: 'Bộ tiêu chí thử biểu mẫu', kind: 'custom',
	applies_to: { structure: '2025', level: 'commune', unit_class: ['rural'] },
	years: { from: 2026, to: 2030 }, variant_by: 'commune_group', pass_rule: { type: 'all' },
	legal_basis: [{ document: 'QĐ thử nghiệm', date: '2026-01-01' }],
	criteria: [
		{ id: '1', name: 'Quy hoạch', indicators: [
			{ id: '1.1', name: 'Có quy hoạch chung xã được phê duyệt', type: 'boolean', status: 'verified' }] },
		{ id: '2', name: 'Môi trường', indicators: [
			{ id: '2.1', name: 'Tỷ lệ chất thải rắn được thu gom', type: 'number', unit: '%', op: '>=',
			  delegated_to: 'province', status: 'recalled',
			  thresholds: [{ variant: '1', value: null }, { variant: '2', value: null }, { variant: '3', value: null }] }] },
	],
};
/* What a person must never read in a message: a field's machine name or
 * path, a role key. */
const MACHINE = /\b(source_document|commune_group|ethnic_area|year_from|year_to|variant_by|legal_basis|unit_class|change_note|full_name|old_password|new_password|dry_run)\b|\bvalues\.\d|\bv\.\d|\banswers\.|_officer\b|\bcoordinator\b|request\.|criteria\./;

let ntm;
let browser;
const problems = [];
const pages = {};

before(async () => {
	ntm = await startDemo();
	const admin = await Client.login(ntm.base, 'admin');
	const r = await admin.post('/api/v1/criteria-sets', { json: delegatedSet });
	assert.ok(r.status < 300, r.text);
	browser = await launchBrowser();
});

after(async () => {
	if (browser)
		await browser.close();
	if (ntm)
		await ntm.stop();
});

/* A signed-in phone page of user (one per user, kept). */
async function as(user) {
	if (pages[user])
		return pages[user];
	const { page } = await phonePage(browser, problems, /status of 4\d\d/);
	if (user) {
		await page.goto(`${ntm.base}/login`);
		await page.locator('main').getByLabel('Tên đăng nhập').fill(user);
		await page.locator('main').getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
		await Promise.all([page.waitForNavigation(),
		    page.locator('main').getByRole('button', { name: 'Đăng nhập' }).click()]);
	}
	pages[user] = page;
	return page;
}

/* Submit the form (a locator) as a browser would, its own checks off
 * (what an old browser or a hand-made request sends); the status. */
async function submit(page, form) {
	await form.evaluate((f) => { f.noValidate = true; });
	const [resp] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST'),
		form.locator('button[type=submit]').last().click(),
	]);
	await page.waitForLoadState();
	if (process.env.FORMS_DEBUG)
		console.log(resp.url(), resp.status(), (await resp.text()).slice(0, 300));
	return resp.status();
}

/* The summary lists n problems; each a link to an input of the page that
 * clicking focuses; each in words.  Returns the texts. */
async function checkSummary(page, n, label) {
	const listed = await problemsListed(page);
	assert.equal(listed.length, n, `${label}: ${JSON.stringify(listed)}`);
	for (const p of listed) {
		assert.ok(p.href && p.href.startsWith('#'), `${label}: "${p.text}" is a link`);
		assert.doesNotMatch(p.text, MACHINE, `${label}: "${p.text}" names a field by its machine name`);
		const id = decodeURIComponent(p.href.slice(1));
		const tag = await page.evaluate((x) => {
			const el = document.getElementById(x);
			return el ? el.tagName : null;
		}, id);
		assert.ok(/^(INPUT|SELECT|TEXTAREA|FIELDSET)$/.test(tag || ''), `${label}: "${p.text}" links to #${id}, which is ${tag}`);
		await page.locator('.error-summary a').filter({ hasText: p.text }).first().click();
		const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
		assert.equal(focused, id, `${label}: the link of "${p.text}" focuses its input`);
	}
	const w = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(w <= 360, `${label}: the page is ${w} px wide`);
	return listed.map((p) => p.text);
}

const long = 'x'.repeat(1200);

/* Type text into a field, its own length limit off. */
async function typeLong(locator, text) {
	await locator.evaluate((el, t) => { el.removeAttribute('maxlength'); el.value = t; }, text);
}

describe('the criteria forms list every problem at once, each linked to its input', () => {
	test('a national threshold (the set\'s page): a value that is no number and no source', async () => {
		const page = await as('admin');
		await page.goto(`${ntm.base}/criteria-sets/${SET}`);
		const form = page.locator(`form[action="/criteria-sets/${SET}/thresholds"]`);
		await form.locator('select[name=indicator]').selectOption({ index: 2 });
		const chosen = await form.locator('select[name=indicator]').inputValue();
		await form.locator('input[name=value]').fill('khoảng tám');
		await typeLong(form.locator('input[name=note]'), long);
		assert.equal(await submit(page, form), 422);
		const texts = await checkSummary(page, 3, 'threshold');
		assert.ok(texts.some((t) => /Giá trị/.test(t)), texts.join(' | '));
		assert.equal(await page.locator('input[name=value]').inputValue(), 'khoảng tám', 'what was typed is kept');
		assert.equal(await page.locator('select[name=indicator]').inputValue(), chosen, 'the indicator chosen is kept');
		await page.screenshot({ path: path.join(SHOTS, 'forms-threshold-360.png'), fullPage: true });
	});

	test('a province\'s own threshold: a value that is no number and a source too long', async () => {
		const page = await as('hanoi');
		await page.goto(`${ntm.base}/units/2025/01/overrides/${DELEGATED}`);
		const form = page.locator(`form[action$="/overrides/${DELEGATED}"]`);
		assert.equal(await form.count(), 1, 'the province officer may set a threshold');
		await form.locator('select[name=variant]').selectOption('2');
		await form.locator('input[name=value]').fill('mười hai');
		await typeLong(form.locator('input[name=source_document]'), long);
		assert.equal(await submit(page, form), 422);
		await checkSummary(page, 2, 'override');
		assert.equal(await page.locator('input[name=value]').inputValue(), 'mười hai');
		assert.equal(await page.locator('select[name=variant]').inputValue(), '2', 'the group chosen is kept');
		/* a threshold with no decision: the decision named as the form names it */
		await page.locator('input[name=value]').fill('75');
		await page.locator('input[name=source_document]').fill('');
		assert.equal(await submit(page, page.locator(`form[action$="/overrides/${DELEGATED}"]`)), 422);
		await checkSummary(page, 1, 'override without its decision');
		await page.screenshot({ path: path.join(SHOTS, 'forms-override-360.png'), fullPage: true });
	});

	test('a commune\'s attributes: a year that is no number and a source too long', async () => {
		const page = await as('hanoi');
		await page.goto(`${ntm.base}/units/2025/00376/attributes`);
		const form = page.locator('form[action$="/attributes"]');
		await form.locator('input[name=year]').fill('20a6');
		await form.locator('select[name=commune_group]').selectOption('2');
		await typeLong(form.locator('input[name=source_document]'), long);
		assert.equal(await submit(page, form), 422);
		const texts = await checkSummary(page, 2, 'attributes');
		assert.ok(texts.some((t) => /Năm/.test(t)), texts.join(' | '));
		assert.equal(await page.locator('input[name=year]').inputValue(), '20a6');
		assert.equal(await page.locator('select[name=commune_group]').inputValue(), '2', 'the group chosen is kept');
		await page.screenshot({ path: path.join(SHOTS, 'forms-attributes-360.png'), fullPage: true });
	});

	test('indicator values: two bad values, each linked and named by its indicator', async () => {
		const page = await as('socson');
		const entry = `/units/2025/00376/indicators/${SET}/2026`;
		await page.goto(`${ntm.base}${entry}`);
		await page.locator('input[name="v.3.1"]').fill('nhiều');
		await page.locator('input[name="v.8.1"]').fill('chín mươi');
		assert.equal(await submit(page, page.locator('form.entry')), 422);
		const texts = await checkSummary(page, 2, 'entry');
		assert.ok(texts.some((t) => /3\.1 /.test(t)) && texts.some((t) => /8\.1 /.test(t)), texts.join(' | '));
	});

	test('an import of values with nothing to import', async () => {
		const page = await as('socson');
		await page.goto(`${ntm.base}/indicators/import`);
		assert.equal(await submit(page, page.locator('form[action="/indicators/import"]')), 422);
		await checkSummary(page, 1, 'import');
	});

	test('an import of values with bad rows: the table named as the form names it, the link to the box it was pasted in', async () => {
		const page = await as('socson');
		await page.goto(`${ntm.base}/indicators/import`);
		const csv = `structure,code,set_id,year,indicator,value\n2025,00376,${SET},2026,3.1,nhiều\n2025,00376,${SET},2026,8.1,mười\n`;
		await page.locator('textarea[name=csv]').fill(csv);
		assert.equal(await submit(page, page.locator('form[action="/indicators/import"]')), 422);
		const [text] = await checkSummary(page, 1, 'import rows');
		assert.match(text, /^Bảng CSV: 2 dòng lỗi/);
		assert.equal(await page.locator('table.list tbody tr').count(), 2, 'every bad row listed');
		assert.equal(await page.locator('textarea[name=csv]').inputValue(), csv, 'what was pasted is kept');
	});

	test('a new set from a table: every missing field at once', async () => {
		const page = await as('admin');
		await page.goto(`${ntm.base}/criteria-sets`);
		const form = page.locator('form[action="/criteria-sets/from-table"]');
		await form.locator('input[name=name]').fill('Bộ thử');
		await form.locator('input[name=year_from]').fill('hai nghìn');
		await form.locator('select[name=level]').selectOption('district');
		await form.locator('select[name=variant_by]').selectOption('region7');
		assert.equal(await submit(page, form), 422);
		/* id, version, year_from (not a number), year_to, the table */
		await checkSummary(page, 5, 'from-table');
		const again = page.locator('form[action="/criteria-sets/from-table"]');
		assert.equal(await again.locator('input[name=name]').inputValue(), 'Bộ thử');
		assert.equal(await again.locator('select[name=level]').inputValue(), 'district', 'the level chosen is kept');
		assert.equal(await again.locator('select[name=variant_by]').inputValue(), 'region7', 'and the variants');
		await page.screenshot({ path: path.join(SHOTS, 'forms-from-table-360.png'), fullPage: true });
	});

	test('a set document that is not one: the problem links to the document', async () => {
		const page = await as('admin');
		await page.goto(`${ntm.base}/criteria-sets`);
		const form = page.locator('form[action="/criteria-sets"]');
		await form.locator('textarea[name=document]').fill('{"id": "thu"');
		const status = await submit(page, form);
		assert.ok(status === 400 || status === 422, `status ${status}`);
		await checkSummary(page, 1, 'document');
		assert.equal(await page.locator('textarea[name=document]').inputValue(), '{"id": "thu"');
	});
});

describe('the account forms list every problem at once, each linked to its input', () => {
	test('signing in with nothing typed', async () => {
		const page = await as(null);
		await page.goto(`${ntm.base}/login`);
		assert.equal(await submit(page, page.locator('main form')), 422);
		await checkSummary(page, 2, 'login');
	});

	test('a new account with a bad username, no name and no unit', async () => {
		const page = await as('socson');
		await page.goto(`${ntm.base}/users`);
		const form = page.locator('form[action="/users"]');
		await form.locator('input[name=username]').fill('A b');
		assert.ok(await submit(page, form) >= 400);
		const texts = await checkSummary(page, await page.locator('.error-summary li').count(), 'users');
		assert.ok(texts.length >= 2, texts.join(' | '));
		assert.equal(await page.locator('form[action="/users"] input[name=username]').inputValue(), 'A b');
		await page.screenshot({ path: path.join(SHOTS, 'forms-users-360.png'), fullPage: true });
	});

	test('a token with no name', async () => {
		const page = await as('socson');
		await page.goto(`${ntm.base}/tokens`);
		const form = page.locator('main form').filter({ has: page.locator('input[name=name]') });
		assert.equal(await submit(page, form), 422);
		await checkSummary(page, 1, 'tokens');
	});

	test('a password change with nothing typed', async () => {
		const page = await as('socson');
		await page.goto(`${ntm.base}/me`);
		const form = page.locator('main form').filter({ has: page.locator('input[name=new_password]') });
		assert.equal(await submit(page, form), 422);
		await checkSummary(page, 2, 'password');
		assert.deepEqual(problems, []);
	});
});
