'use strict';
/*
 * The OCOP product pages on a 360-px phone (docs/OCOP.md section 1): the
 * demo producer account (htx) opens its cooperative, registers a product
 * with a field left empty (every problem listed at the top, what was typed
 * kept), then with HTML in its name (shown as text), adds a photo and
 * submits the business plan; the commune officer (socson) returns it with
 * a reason and the product page shows the history by names, never state
 * keys.  Saves screenshots/ocop-product-form-360.png and
 * ocop-product-360.png.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo, DEMO_PASSWORD } = require('../lib/accounts');
const { launchBrowser, phonePage, SHOTS } = require('../lib/browser');

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

async function as(user) {
	const { page } = await phonePage(browser, problems, /status of 4\d\d/);
	await page.goto(`${ntm.base}/login`);
	await page.locator('main').getByLabel('Tên đăng nhập').fill(user);
	await page.locator('main').getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
	await Promise.all([page.waitForNavigation(),
	    page.locator('main').getByRole('button', { name: 'Đăng nhập' }).click()]);
	return page;
}

const MACHINE = /\b(business_plan|commune_checked|registered|submit_plan|producer_id|not_met|ocop\.)\b/;

test('a producer registers a product on a phone; the commune returns it', async () => {
	const page = await as('htx');
	await page.goto(`${ntm.base}/ocop/products`);
	await page.getByRole('link', { name: 'Hợp tác xã Nông nghiệp Sóc Sơn' }).first().click();
	const form = page.locator('form[action$="/products"]');
	await form.getByLabel('Mô tả').fill('Mật ong thu hoạch tháng ba');
	await form.evaluate((f) => { f.noValidate = true; });
	await Promise.all([page.waitForNavigation(), form.getByRole('button', { name: 'Đăng ký sản phẩm' }).click()]);
	const summary = await page.locator('.error-summary').innerText();
	assert.match(summary, /Cần điền tên sản phẩm/);
	assert.match(summary, /nhóm sản phẩm/);
	assert.equal(await page.locator('#f-description').inputValue(), 'Mật ong thu hoạch tháng ba', 'what was typed is kept');
	await page.screenshot({ path: path.join(SHOTS, 'ocop-product-form-360.png'), fullPage: true });
	const again = page.locator('form[action$="/products"]');
	await again.getByLabel('Tên sản phẩm').fill('Mật ong <b>bạc hà</b>');
	await again.getByLabel('Nhóm sản phẩm').selectOption({ label: 'Thực phẩm' });
	await Promise.all([page.waitForNavigation(), again.getByRole('button', { name: 'Đăng ký sản phẩm' }).click()]);
	assert.equal(await page.locator('h1').innerText(), 'Mật ong <b>bạc hà</b>', 'HTML shown as text');
	const url = page.url().replace(/\?.*$/, '');
	await page.locator('#f-file').setInputFiles(path.join(__dirname, '..', 'fixtures', 'ocop-photo.jpg'));
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Tải ảnh lên' }).click()]);
	assert.equal(await page.locator('.photos img').count(), 1);
	await Promise.all([page.waitForNavigation(),
	    page.getByRole('button', { name: 'Nộp phương án sản xuất kinh doanh' }).click()]);
	assert.match(await page.locator('main').innerText(), /Đã nộp phương án sản xuất kinh doanh/);

	const officer = await as('socson');
	await officer.goto(url);
	const ret = officer.locator('form[action$="/actions/return"]');
	await ret.getByLabel('Lý do').fill('Bổ sung giấy chứng nhận an toàn thực phẩm');
	await Promise.all([officer.waitForNavigation(), ret.getByRole('button').click()]);
	const main = await officer.locator('main').innerText();
	assert.match(main, /Xã trả lại để bổ sung/);
	assert.match(main, /Bổ sung giấy chứng nhận an toàn thực phẩm/);
	assert.doesNotMatch(main, MACHINE, 'no machine words');
	const width = await officer.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(width <= 360, `fits 360 px (${width})`);
	await officer.screenshot({ path: path.join(SHOTS, 'ocop-product-360.png'), fullPage: true });
	assert.deepEqual(problems, []);
});
