'use strict';
/*
 * The OCOP scorecard and its scoring sheet in Chromium on a 360 px phone
 * (issue 16, the scorecard slice; docs/OCOP.md section 3): the scorecard
 * page fits the screen and shows the star bands with their "carried over"
 * note; an evaluator fills three members' part scores on the sheet (a
 * plain form), gets the mean, the stars and each member's total with the
 * note; a refused sheet lists every problem at the top, each link focusing
 * its input, keeping what was typed.  No page shows a field path or a
 * status key.  Every tap target is at least 44 x 44 px and nothing
 * scrolls sideways.  With JavaScript the result follows the typing.
 * Saves screenshots/ocop-scorecard-360.png, ocop-sheet-live-360.png,
 * ocop-sheet-360.png (the result) and ocop-sheet-refused-360.png.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo, DEMO_PASSWORD } = require('../lib/accounts');
const { launchBrowser, phonePage, SHOTS } = require('../lib/browser');

const ID = 'ocop-148-2023';
let ntm, browser, page;
const problems = [];

before(async () => {
	ntm = await startDemo();
	browser = await launchBrowser();
	({ page } = await phonePage(browser, problems, /status of 4\d\d/));
	await page.goto(`${ntm.base}/login`);
	await page.locator('main').getByLabel('Tên đăng nhập').fill('ocop');
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

/* Width and tap targets, measured in the page. */
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

const INTERNAL = /members\[|carried_over|to_complete|\bverified\b|ocop_scorecard\./;

test('the scorecard page: parts, bands with the carried-over note, at 360 px', async () => {
	const r = await page.goto(`${ntm.base}/ocop/scorecards/${ID}`);
	assert.equal(r.status(), 200);
	const text = await page.locator('main').innerText();
	assert.match(text, /Sản phẩm và sức mạnh cộng đồng/);
	assert.match(text, /chưa xác nhận cho Quyết định 148\/QĐ-TTg/);
	assert.doesNotMatch(text, INTERNAL);
	await fits();
	await page.screenshot({ path: path.join(SHOTS, 'ocop-scorecard-360.png'), fullPage: true });
});

test('the scoring sheet: three members scored, the provisional result with its note', async () => {
	await Promise.all([page.waitForNavigation(), page.locator('main a.button').click()]);
	assert.match(page.url(), /\/sheet$/);
	await fits();
	const scores = [['35', '20', '30'], ['36', '21', '31,5'], ['34', '19', '29']];
	for (let m = 0; m < scores.length; m++)
		for (const [k, part] of ['A', 'B', 'C'].entries())
			await page.locator(`#f-members-${m}--${part}`).fill(scores[m][k]);
	const [resp] = await Promise.all([page.waitForNavigation(),
	    page.locator('main').getByRole('button', { name: 'Tính điểm' }).click()]);
	assert.equal(resp.status(), 200);
	const result = await page.locator('.ocs-result').innerText();
	assert.match(result, /Điểm trung bình: 85,2/);
	assert.match(result, /★★★★(?!★)/);
	assert.match(result, /Thành viên 2: 88,5/);
	assert.match(result, /chưa xác nhận cho Quyết định 148/);
	assert.equal(await page.locator('#f-members-1--C').inputValue(), '31,5', 'what was typed stays');
	assert.doesNotMatch(await page.locator('main').innerText(), INTERNAL);
	await fits();
	await page.screenshot({ path: path.join(SHOTS, 'ocop-sheet-360.png'), fullPage: true });
	await page.screenshot({ path: path.join(SHOTS, 'ocop-sheet-360-top.png') });
});

test('a refused sheet lists every problem at the top, each link focusing its input', async () => {
	await page.locator('#f-members-0--A').fill('41');
	await page.locator('#f-members-1--B').fill('hai mươi');
	const [resp] = await Promise.all([page.waitForNavigation(),
	    page.locator('main').getByRole('button', { name: 'Tính điểm' }).click()]);
	assert.equal(resp.status(), 422);
	const links = page.locator('.error-summary a');
	assert.equal(await links.count(), 2);
	assert.match(await links.nth(0).innerText(), /Thành viên 1: A Sản phẩm và sức mạnh cộng đồng: 41 điểm vượt điểm tối đa 40/);
	assert.match(await links.nth(1).innerText(), /Thành viên 2: B Khả năng tiếp thị: điểm phải là một số/);
	await links.nth(1).click();
	assert.equal(await page.evaluate(() => document.activeElement.id), 'f-members-1--B');
	assert.equal(await page.locator('#f-members-1--B').inputValue(), 'hai mươi');
	assert.doesNotMatch(await page.locator('main').innerText(), INTERNAL);
	await fits();
	await page.screenshot({ path: path.join(SHOTS, 'ocop-sheet-refused-360.png'), fullPage: true });
});

test('with JavaScript the provisional result follows the typing (the preview, nothing stored)', async () => {
	await page.goto(`${ntm.base}/ocop/scorecards/${ID}/sheet`);
	await page.locator('#f-members-0--A').fill('39,9');
	await page.locator('#f-members-0--B').fill('25');
	await page.locator('#f-members-0--C').fill('25');
	await page.locator('#f-members-1--A').fill('40');
	await page.locator('#f-members-1--B').fill('25');
	await page.locator('#f-members-1--C').fill('25');
	/* (89.9 + 90) / 2 = 89.95: half-up to 90.0, five stars */
	await page.locator('#ocs-live').getByText(/Điểm trung bình: 90 · ★★★★★/).waitFor();
	assert.match(await page.locator('#ocs-live').innerText(), /chưa xác nhận cho Quyết định 148/);
	await page.locator('#f-members-1--A').fill('45');
	await page.locator('#ocs-live').getByText(/45 điểm vượt điểm tối đa 40/).waitFor();
	await fits();
	await page.screenshot({ path: path.join(SHOTS, 'ocop-sheet-live-360.png') });
});
