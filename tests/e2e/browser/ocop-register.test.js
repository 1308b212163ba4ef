'use strict';
/*
 * The public OCOP register on a 360-px phone with no account (docs/OCOP.md
 * section 7): the register, a search typed into its form and sent (no
 * script needed: a GET form), a product's page, and the statistics with
 * their SVG charts - none wider than the screen, links and fields of at
 * least 44 px.  Saves screenshots/ocop-register-360.png,
 * ocop-register-product-360.png and ocop-statistics-360.png.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo } = require('../lib/accounts');
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

/* Every link and field in main at least 44 px high (links inside a
 * sentence are exempt: none here but the crumbs, which are styled). */
async function tapTargets(page, selector) {
	const small = await page.evaluate((sel) => [...document.querySelectorAll(sel)]
		.filter((e) => e.getBoundingClientRect().height < 44)
		.map((e) => `${e.tagName} ${e.textContent.trim().slice(0, 40)} ${e.getBoundingClientRect().height}`), selector);
	assert.deepEqual(small, [], `${page.url()}: tap targets under 44 px`);
}

test('a visitor searches the register, opens a product and the statistics on a phone', async () => {
	const { page } = await phonePage(browser, problems);
	await page.goto(`${ntm.base}/ocop/register`);
	await noHorizontalScroll(page);
	await tapTargets(page, 'main table a, main .pager a, main input, main select, main button');
	await page.screenshot({ path: path.join(SHOTS, 'ocop-register-360.png'), fullPage: true });
	await page.locator('main').getByLabel('Tìm sản phẩm, chủ thể hoặc địa phương').fill('che tan cuong');
	await Promise.all([page.waitForNavigation(), page.locator('main').getByRole('button', { name: 'Tìm' }).click()]);
	const rows = page.locator('main table.register tbody tr');
	assert.equal(await rows.count(), 2);
	await noHorizontalScroll(page);
	await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Chè búp Tân Cương' }).click()]);
	assert.equal(await page.locator('h1').textContent(), 'Chè búp Tân Cương');
	assert.match(await page.locator('main').textContent(), /Ngưỡng hạng sao lấy từ Quyết định 1048/);
	const verify = await page.getByRole('link', { name: 'Kiểm tra giấy chứng nhận' }).getAttribute('href');
	assert.equal(verify, '/ocop/verify/19-1502-QD-UBND');
	await noHorizontalScroll(page);
	await page.screenshot({ path: path.join(SHOTS, 'ocop-register-product-360.png'), fullPage: true });
	await page.goto(`${ntm.base}/ocop/statistics`);
	assert.equal(await page.locator('main svg[role="img"]').count(), 3);
	assert.equal(await page.locator('#table-province tbody tr').count(), 34);
	await noHorizontalScroll(page);
	await page.screenshot({ path: path.join(SHOTS, 'ocop-statistics-360.png'), fullPage: true });
	assert.deepEqual(problems, []);
});

test('the register reads without JavaScript', async () => {
	const context = await browser.newContext({ viewport: VIEWPORT, locale: 'vi-VN', javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto(`${ntm.base}/ocop/register?stars=5`);
	assert.match(await page.locator('main table.register').textContent(), /Sâm Ngọc Linh tươi/);
	await page.goto(`${ntm.base}/ocop/register?province=48`);
	assert.equal(await page.locator('main table.register tbody tr').count(), 2);
	await noHorizontalScroll(page);
	await context.close();
});
