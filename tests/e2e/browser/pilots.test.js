'use strict';
/*
 * Pilot models on a 360-px phone (issue 19, docs/DIGITAL.md section 6):
 * the register, one pilot's page (its indicators before and after, its
 * progress notes and photos) and two pilots side by side read without
 * scrolling the page sideways, with tap targets of 44 px and no code or
 * key in the words; a commune officer adds a progress note from the
 * pilot's page.  Saves screenshots/pilots-list-360.png,
 * pilots-pilot-360.png and pilots-compare-360.png.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo, DEMO_PASSWORD } = require('../lib/accounts');
const { launchBrowser, phonePage, SHOTS, VIEWPORT } = require('../lib/browser');

let ntm, browser;
const problems = [];

before(async () => {
	ntm = await startDemo();
	browser = await launchBrowser();
});

after(async () => {
	if (browser)
		await browser.close();
	if (ntm)
		await ntm.stop();
});

async function noHorizontalScroll(page) {
	const w = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(w <= VIEWPORT.width, `${page.url()} is ${w} px wide at ${VIEWPORT.width} px`);
}

async function tapTargets(page, selector) {
	const small = await page.evaluate((sel) => [...document.querySelectorAll(sel)]
		.filter((e) => e.getClientRects().length > 0 && e.getBoundingClientRect().height < 44)
		.map((e) => `${e.tagName} ${e.textContent.trim().slice(0, 40)} ${e.getBoundingClientRect().height}`), selector);
	assert.deepEqual(small, [], `${page.url()}: tap targets under 44 px`);
}

const MACHINE = /\b(smart_village|smart_commune|running|integrated|2025:\d+|00376)\b/;

test('the register, a pilot and two pilots side by side on a phone', async () => {
	const { page } = await phonePage(browser, problems);
	await page.goto(`${ntm.base}/pilots`);
	assert.match(await page.locator('h1').textContent(), /Mô hình thí điểm/);
	await noHorizontalScroll(page);
	await tapTargets(page, 'main table a, main button, main select, main label.check');
	assert.doesNotMatch(await page.locator('main').innerText(), MACHINE);
	await page.screenshot({ path: path.join(SHOTS, 'pilots-list-360.png'), fullPage: true });
	/* two pilots ticked, compared */
	const boxes = page.locator('main input[name="ids"]');
	assert.ok(await boxes.count() >= 2);
	await boxes.nth(0).check();
	await boxes.nth(1).check();
	await Promise.all([page.waitForNavigation(), page.locator('main').getByRole('button', { name: 'So sánh' }).click()]);
	assert.match(page.url(), /\/pilots\/compare\?ids=\d+&ids=\d+/);
	assert.match(await page.locator('h1').textContent(), /So sánh/);
	assert.equal(await page.locator('main table').first().locator('thead th').count(), 3);
	await noHorizontalScroll(page);
	assert.doesNotMatch(await page.locator('main').innerText(), MACHINE);
	await page.screenshot({ path: path.join(SHOTS, 'pilots-compare-360.png'), fullPage: true });
	/* one pilot: indicators, notes, photos */
	await page.goto(`${ntm.base}/pilots`);
	await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /Thôn thông minh: wifi công cộng/ }).click()]);
	assert.ok(await page.locator('main table tbody tr').count() >= 3, 'the indicators');
	assert.equal(await page.locator('main .photos img').count(), 2, 'a photo with each note');
	/* the photos load lazily, as they come into view */
	for (const img of await page.locator('main .photos img').all())
		await img.scrollIntoViewIfNeeded();
	await page.waitForFunction(() => [...document.querySelectorAll('main .photos img')]
		.every((i) => i.complete && i.naturalWidth > 0));
	await noHorizontalScroll(page);
	assert.doesNotMatch(await page.locator('main').innerText(), MACHINE);
	await page.screenshot({ path: path.join(SHOTS, 'pilots-pilot-360.png'), fullPage: true });
	assert.deepEqual(problems, []);
});

test('a commune officer adds a progress note from the pilot\'s page', async () => {
	const { page } = await phonePage(browser, problems, /status of 4\d\d/);
	await page.goto(`${ntm.base}/login`);
	await page.locator('main').getByLabel('Tên đăng nhập').fill('socson');
	await page.locator('main').getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
	await Promise.all([page.waitForNavigation(), page.locator('main').getByRole('button', { name: 'Đăng nhập' }).click()]);
	await page.goto(`${ntm.base}/pilots`);
	await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /Thôn thông minh: wifi công cộng/ }).click()]);
	const form = page.locator('form[action$="/notes"]');
	await form.getByLabel('Ngày').fill('2026-11-20');
	await form.getByLabel('Nội dung').fill('Tổ công nghệ số tập huấn đợt ba');
	await Promise.all([page.waitForNavigation(), form.getByRole('button', { name: 'Ghi tiến độ' }).click()]);
	assert.match(await page.locator('main').innerText(), /Tổ công nghệ số tập huấn đợt ba/);
	assert.match(await page.locator('.notice').innerText(), /Đã lưu/);
	await tapTargets(page, 'main form button, main form input, main form textarea');
	await noHorizontalScroll(page);
	assert.deepEqual(problems, []);
});
