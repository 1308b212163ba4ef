'use strict';
/*
 * The evaluator's scoring screen of an OCOP evaluation round in Chromium
 * on a 360 px phone with JavaScript off (issue 16, docs/OCOP.md section
 * 6): a member opens the round from its home inbox, opens the product's
 * sheet, types a score above a part's maximum and gets the problem at the
 * top linked to its input (what was typed stays, nothing saved), saves a
 * draft, then submits; the others' sheets and the provisional result
 * with the band note show once submitted.  No page shows a field path or
 * a key; every tap target is at least 44 x 44 px and nothing scrolls
 * sideways.  Saves screenshots/ocop-round-sheet-360.png,
 * ocop-round-sheet-refused-360.png, ocop-round-sheet-submitted-360.png
 * and ocop-round-360.png.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo, DEMO_PASSWORD } = require('../lib/accounts');
const { launchBrowser, SHOTS, VIEWPORT } = require('../lib/browser');
const { registerCheckedProduct, evaluators, provincialRound } = require('../lib/ocop');

let ntm, browser, page, members, roundId, productId;
const problems = [];

before(async () => {
	ntm = await startDemo();
	productId = await registerCheckedProduct(ntm.base, 'Gạo nếp cái hoa vàng Sóc Sơn');
	members = await evaluators(ntm.base, 2);
	roundId = await provincialRound(ntm.base, members, [productId], 'Kỳ đánh giá OCOP Hà Nội 2026');
	/* the other member has submitted: shown once ours is */
	const r = await members[1].client.post(`/api/v1/ocop/rounds/${roundId}/products/${productId}/submit`,
		{ json: { scores: { A: 33, B: 21, C: 29 } } });
	assert.equal(r.status, 200, r.text);
	browser = await launchBrowser();
	const context = await browser.newContext({ viewport: VIEWPORT, locale: 'vi-VN', javaScriptEnabled: false });
	page = await context.newPage();
	page.setDefaultTimeout(5000);
	page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	await page.goto(`${ntm.base}/login`);
	await page.locator('main').getByLabel('Tên đăng nhập').fill(members[0].username);
	await page.locator('main').getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
	await Promise.all([page.waitForNavigation(),
	    page.locator('main').getByRole('button', { name: 'Đăng nhập' }).click()]);
});

after(async () => {
	if (browser)
		await browser.close();
	if (ntm)
		await ntm.stop();
});

function measure() {
	const out = { scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth, small: [] };
	const targets = 'button, input:not([type=hidden]), select, textarea, nav a, table a, .crumbs a, ' +
	    '.error-summary a, summary, a.button';
	for (const el of document.querySelectorAll(targets)) {
		const r = el.getBoundingClientRect();
		const s = getComputedStyle(el);
		if (r.width === 0 || r.height === 0 || s.display === 'none' || s.visibility === 'hidden' ||
		    el.closest('.vh, .skip, [hidden]'))
			continue;
		if (r.height < 43.5 || r.width < 43.5)
			out.small.push(`${el.tagName.toLowerCase()}#${el.id} "${(el.innerText || el.value || '').trim().slice(0, 30)}" ` +
			    `${Math.round(r.width)}x${Math.round(r.height)}`);
	}
	return out;
}

async function fits() {
	const m = await page.evaluate(measure);
	assert.ok(m.scrollWidth <= m.width, `the page is ${m.scrollWidth} px wide on a ${m.width} px screen`);
	assert.deepEqual(m.small, [], 'tap targets under 44 px');
}

const INTERNAL = /scores\.|ocop\.|provincial_round|ocop_evaluator|\bsubmitted\b/;

test('the home inbox leads to the scoring screen', async () => {
	await page.goto(`${ntm.base}/home`);
	const link = page.locator('main a', { hasText: 'Gạo nếp cái hoa vàng Sóc Sơn' }).first();
	await Promise.all([page.waitForNavigation(), link.click()]);
	assert.match(page.url(), new RegExp(`/ocop/rounds/${roundId}/products/${productId}/sheets$`));
	const text = await page.locator('main').innerText();
	assert.match(text, /Chấm độc lập/);
	assert.match(text, /Điểm của các thành viên khác hiện sau khi bạn nộp/);
	/* word bounds: the judges' generated user names may hold the digits */
	assert.doesNotMatch(text, /\b(33|83)\b/, 'the other member\'s scores stay hidden');
	assert.match(text, /đã nộp · —/, 'a submitted sheet shows no score before one\'s own');
	assert.doesNotMatch(text, INTERNAL);
	await fits();
	await page.screenshot({ path: path.join(SHOTS, 'ocop-round-sheet-360.png'), fullPage: true });
});

test('a score above the maximum is named at the top, linked to its input, nothing saved', async () => {
	await page.locator('#f-scores-A').fill('45');
	await page.locator('#f-scores-B').fill('20');
	await page.locator('#f-scores-C').fill('30,5');
	const [resp] = await Promise.all([page.waitForNavigation(),
	    page.locator('main').getByRole('button', { name: 'Lưu nháp' }).click()]);
	assert.equal(resp.status(), 422);
	const links = page.locator('.error-summary a');
	assert.equal(await links.count(), 1);
	assert.match(await links.nth(0).innerText(), /A Sản phẩm và sức mạnh cộng đồng: 45 điểm vượt điểm tối đa 40/);
	await links.nth(0).click();
	assert.equal(await page.evaluate(() => document.activeElement.id), 'f-scores-A');
	assert.equal(await page.locator('#f-scores-C').inputValue(), '30,5', 'what was typed stays');
	assert.doesNotMatch(await page.locator('main').innerText(), INTERNAL);
	await fits();
	await page.screenshot({ path: path.join(SHOTS, 'ocop-round-sheet-refused-360.png'), fullPage: true });
});

test('a draft is saved, then the sheet submitted: the others and the provisional result show', async () => {
	await page.locator('#f-scores-A').fill('35');
	await Promise.all([page.waitForNavigation(),
	    page.locator('main').getByRole('button', { name: 'Lưu nháp' }).click()]);
	assert.match(await page.locator('main').innerText(), /Đã lưu/);
	assert.equal(await page.locator('#f-scores-C').inputValue(), '30,5', 'the draft comes back');
	await Promise.all([page.waitForNavigation(),
	    page.locator('main').getByRole('button', { name: 'Nộp phiếu' }).click()]);
	const text = await page.locator('main').innerText();
	/* (85.5 + 83) / 2 = 84.25, half-up to 84.3: four stars */
	assert.match(text, /Điểm trung bình: 84,3/);
	assert.match(text, /★★★★(?!★)/);
	assert.match(text, /chưa xác nhận cho Quyết định 148/);
	assert.match(text, /\b83\b/);
	assert.equal(await page.locator('#f-scores-A').count(), 0, 'a submitted sheet has no form');
	assert.doesNotMatch(text, INTERNAL);
	await fits();
	await page.screenshot({ path: path.join(SHOTS, 'ocop-round-sheet-submitted-360.png'), fullPage: true });
});

test('the round page fits the phone', async () => {
	await page.goto(`${ntm.base}/ocop/rounds/${roundId}`);
	const text = await page.locator('main').innerText();
	assert.match(text, /Gạo nếp cái hoa vàng Sóc Sơn/);
	assert.doesNotMatch(text, INTERNAL);
	await fits();
	await page.screenshot({ path: path.join(SHOTS, 'ocop-round-360.png'), fullPage: true });
	assert.deepEqual(problems, []);
});
