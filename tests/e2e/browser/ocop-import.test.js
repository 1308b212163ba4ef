'use strict';
/*
 * The OCOP list upload on a 360-px phone (docs/OCOP.md section 5): the
 * Hà Nội officer chooses the bad list and sees every problem in a table
 * by row and column, in words, the file's values but no codes; then the
 * fixed workbook and the counts by province and stars.  The page fits the
 * phone's width.  Saves screenshots/ocop-import-problems-360.png and
 * ocop-import-done-360.png.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo, DEMO_PASSWORD } = require('../lib/accounts');
const { launchBrowser, phonePage, SHOTS } = require('../lib/browser');

const FIX = path.join(__dirname, '..', 'fixtures');
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

const MACHINE = /\b(ocop\.|auth\.|out_of_scope|province_officer|2025:0)/;

test('a province officer uploads its list on a phone: every problem, then the counts', async () => {
	const { page } = await phonePage(browser, problems, /status of 4\d\d/);
	await page.goto(`${ntm.base}/login`);
	await page.locator('main').getByLabel('Tên đăng nhập').fill('hanoi');
	await page.locator('main').getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
	await Promise.all([page.waitForNavigation(),
	    page.locator('main').getByRole('button', { name: 'Đăng nhập' }).click()]);

	await page.goto(`${ntm.base}/ocop/import`);
	await page.locator('#f-file').setInputFiles(path.join(FIX, 'ocop-import-bad.csv'));
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Nhập danh sách' }).click()]);
	const table = await page.locator('main table').innerText();
	assert.match(table, /commune_code/);
	assert.match(table, /Xã Sóc Sơn, Xã Nội Bài/);
	assert.match(table, /ngoài tỉnh, thành phố của bạn/);
	assert.doesNotMatch(await page.locator('main').innerText(), MACHINE, 'no codes');
	let width = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(width <= 360, `fits 360 px (${width})`);
	await page.screenshot({ path: path.join(SHOTS, 'ocop-import-problems-360.png'), fullPage: true });

	await page.locator('#f-file').setInputFiles(path.join(FIX, 'ocop-import.xlsx'));
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Nhập danh sách' }).click()]);
	const main = await page.locator('main').innerText();
	assert.match(main, /Đã nhập danh sách: 9 sản phẩm/);
	assert.match(main, /Hà Nội/);
	width = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(width <= 360, `fits 360 px (${width})`);
	await page.screenshot({ path: path.join(SHOTS, 'ocop-import-done-360.png'), fullPage: true });
	assert.deepEqual(problems, []);
});
