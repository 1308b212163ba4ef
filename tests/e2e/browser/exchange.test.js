'use strict';
/*
 * Data exchange on a 360-px phone (docs/EXCHANGE.md sections 5 and 6):
 * the Hà Nội officer opens "Trao đổi dữ liệu" from the menu, finds Sóc Sơn
 * by its name, picks the criteria evaluations of 2026 and downloads the
 * CSV; then, on the upload page, picks the OCOP list, chooses a bad file,
 * sees every problem in one table (row, column, problem) and downloads
 * that table as CSV.  Both pages fit the phone's width.  Saves
 * screenshots/exchange-360.png and exchange-import-problems-360.png.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startDemo, DEMO_PASSWORD } = require('../lib/accounts');
const { launchBrowser, phonePage, SHOTS } = require('../lib/browser');
const { chooseUnit } = require('../lib/forms');

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

const width = (page) => page.evaluate(() => document.documentElement.scrollWidth);

test('a province officer downloads a commune\'s data and reads a refused file\'s problems, on a phone', async () => {
	const { page } = await phonePage(browser, problems, /status of 4\d\d/);
	await page.goto(`${ntm.base}/login`);
	await page.locator('main').getByLabel('Tên đăng nhập').fill('hanoi');
	await page.locator('main').getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
	await Promise.all([page.waitForNavigation(),
	    page.locator('main').getByRole('button', { name: 'Đăng nhập' }).click()]);

	/* the menu leads to the page */
	await page.locator('summary', { hasText: 'Menu' }).click();
	await Promise.all([page.waitForNavigation(),
	    page.locator('nav.main-nav').getByRole('link', { name: 'Trao đổi dữ liệu' }).click()]);
	assert.match(page.url(), /\/trao-doi$/);
	const form = page.locator('main form.form');
	await chooseUnit(form, 'soc son', /Xã Sóc Sơn/);
	await form.getByLabel('Bộ dữ liệu').selectOption('evaluations');
	await form.getByLabel(/^Từ/).fill('2026');
	await form.getByLabel(/^Đến/).fill('2026');
	await form.getByRole('radio', { name: /CSV/ }).check();
	assert.ok(await width(page) <= 360, `fits 360 px (${await width(page)})`);
	await page.screenshot({ path: path.join(SHOTS, 'exchange-360.png'), fullPage: true });
	const [dl] = await Promise.all([page.waitForEvent('download'),
	    form.getByRole('button', { name: 'Tải về' }).click()]);
	const text = fs.readFileSync(await dl.path(), 'utf8');
	assert.equal(text.charCodeAt(0), 0xfeff, 'a BOM for Excel');
	const lines = text.slice(1).split('\r\n').filter((l) => l !== '');
	assert.match(lines[0], /^set_id,set_version,year,structure,code,unit_name/);
	assert.ok(lines.length > 1, 'Sóc Sơn has an evaluation in 2026');
	assert.ok(lines.slice(1).every((l) => l.includes(',2026,2025,00376,')), lines.slice(0, 3).join('\n'));
	assert.match(dl.suggestedFilename(), /^evaluations-2025-00376\.csv$/);

	/* the one upload page: the OCOP list, a bad file */
	await page.goto(`${ntm.base}/trao-doi`);
	await Promise.all([page.waitForNavigation(),
	    page.getByRole('link', { name: 'Nhập dữ liệu từ tệp' }).click()]);
	await page.getByRole('radio', { name: /Danh sách sản phẩm OCOP/ }).check();
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Chọn' }).click()]);
	await page.locator('#f-file').setInputFiles(path.join(FIX, 'ocop-import-bad.csv'));
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Nhập', exact: true }).click()]);
	const main = await page.locator('main').innerText();
	assert.match(main, /không ghi gì/);
	const table = await page.locator('main table').innerText();
	assert.match(table, /Dòng\s+Lỗi\s+Cột\s+Trường/);
	assert.match(table, /commune_code/);
	assert.match(table, /ngoài tỉnh, thành phố của bạn/);
	assert.doesNotMatch(main, /\b(ocop\.import|auth\.|out_of_scope|province_officer)/, 'no codes');
	assert.ok(await width(page) <= 360, `fits 360 px (${await width(page)})`);
	await page.screenshot({ path: path.join(SHOTS, 'exchange-import-problems-360.png'), fullPage: true });
	const rows = await page.locator('main table tbody tr').count();
	const [report] = await Promise.all([page.waitForEvent('download'),
	    page.getByRole('button', { name: 'Tải bảng lỗi (CSV)' }).click()]);
	const csv = fs.readFileSync(await report.path(), 'utf8').slice(1).split('\r\n').filter((l) => l !== '');
	assert.equal(csv[0], 'row,column,field,code,message');
	assert.equal(csv.length - 1, rows, 'every problem of the table');
	assert.deepEqual(problems, []);
});
