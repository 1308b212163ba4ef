'use strict';
/*
 * The producer's shop on a 360×800 phone (issue 17, docs/MARKET.md
 * section 3): a producer account opens /cua-hang (the listings with their
 * state in words, what waits), the new-listing form (an uncertified
 * product shown disabled with why; a refused form lists every problem at
 * the top, each link focusing its input, and keeps what was typed), lists
 * a product and reads it back - no page wider than the screen, links and
 * fields of at least 44 px, no machine words.  Saves
 * screenshots/market-shop-360.png, market-shop-new-360.png and
 * market-shop-form-problems-360.png.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo, Client, DEMO_PASSWORD } = require('../lib/accounts');
const { launchBrowser, phonePage, SHOTS, VIEWPORT } = require('../lib/browser');
const { listedProduct } = require('../lib/market');

let ntm, browser, listed, uncertified;
const problems = [];

before(async () => {
	ntm = await startDemo();
	browser = await launchBrowser();
	listed = await listedProduct(ntm.base, { name: 'Mật ong hoa nhãn Sóc Sơn', price: 185000, stock: 0 });
	const htx = await Client.login(ntm.base, 'htx');
	const p = await htx.post(`/api/v1/ocop/producers/${listed.producerId}/products`,
		{ json: { name: 'Mứt gừng chưa chứng nhận', group: 1 } });
	assert.equal(p.status, 200, p.text);
	uncertified = p.json.created.id;
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

async function noHorizontalScroll(page) {
	const w = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(w <= VIEWPORT.width, `${page.url()} is ${w} px wide at ${VIEWPORT.width} px`);
}

async function tapTargets(page, selector) {
	const small = await page.evaluate((sel) => [...document.querySelectorAll(sel)]
		.filter((e) => e.getBoundingClientRect().height < 44)
		.map((e) => `${e.tagName} ${e.textContent.trim().slice(0, 40)} ${e.getBoundingClientRect().height}`), selector);
	assert.deepEqual(small, [], `${page.url()}: tap targets under 44 px`);
}

const MACHINE = /\b(producer_id|product_id|price_vnd|weight_grams|sellable|certificate_\w+|market\.|active|paused)\b/;

test('a producer reads its shop and lists a product on a phone', async () => {
	const page = await as('htx');
	/* the navigation leads to the shop; htx represents several producers */
	await page.goto(`${ntm.base}/home`);
	await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Cửa hàng' }).first().click()]);
	assert.match(await page.locator('main').innerText(), /Chọn cơ sở sản xuất của cửa hàng/);
	await page.goto(`${ntm.base}/cua-hang?producer_id=${listed.producerId}`);
	const main = await page.locator('main').innerText();
	assert.match(main, /Mật ong hoa nhãn Sóc Sơn/);
	assert.match(main, /185\.000\s₫/);
	assert.match(main, /Đang bán/);
	assert.match(main, /Tin bán đã hết hàng/);
	assert.doesNotMatch(main, MACHINE);
	await noHorizontalScroll(page);
	await tapTargets(page, 'main table a, main .links a, main input, main select, main button');
	await page.screenshot({ path: path.join(SHOTS, 'market-shop-360.png'), fullPage: true });

	await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Đăng tin bán mới' }).click()]);
	const disabled = page.locator(`input[name="product_id"][value="${uncertified}"]`);
	assert.equal(await disabled.isDisabled(), true, 'an uncertified product cannot be chosen');
	assert.match(await page.locator('main').innerText(), /chưa có giấy chứng nhận OCOP/);
	await noHorizontalScroll(page);
	await tapTargets(page, 'main input:not([type=hidden]):not([type=radio]), main label.choice, main select, main button, main textarea');
	await page.screenshot({ path: path.join(SHOTS, 'market-shop-new-360.png'), fullPage: true });

	/* a refused form: every problem at the top, each link focusing its input */
	await page.locator(`input[name="product_id"][value="${listed.productId}"]`).check();
	await page.locator('#f-variant').fill('Hũ <b>250 g</b>');
	await page.locator('#f-price_vnd').fill('0');
	await page.locator('#f-stock').fill('-2');
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Đăng tin bán' }).click()]);
	const summary = page.locator('.error-summary');
	const text = await summary.innerText();
	assert.match(text, /Cần điền đơn vị bán/);
	assert.match(text, /giá bán lớn hơn 0/);
	assert.match(text, /số lượng còn âm/);
	assert.match(text, /khối lượng một đơn vị/);
	assert.doesNotMatch(text, MACHINE);
	assert.equal(await page.locator('#f-variant').inputValue(), 'Hũ <b>250 g</b>', 'what was typed is kept');
	for (const a of await summary.locator('a').all()) {
		const href = await a.getAttribute('href');
		await a.click();
		const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
		assert.equal(`#${focused}`, href, `the link ${href} focuses its input`);
	}
	await noHorizontalScroll(page);
	await page.screenshot({ path: path.join(SHOTS, 'market-shop-form-problems-360.png'), fullPage: true });

	await page.locator('#f-unit_name').fill('hũ');
	await page.locator('#f-price_vnd').fill('95.000');
	await page.locator('#f-stock').fill('12');
	await page.locator('#f-weight_grams').fill('0,3 kg');
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Đăng tin bán' }).click()]);
	assert.equal(await page.locator('h1').innerText(), 'Mật ong hoa nhãn Sóc Sơn · Hũ <b>250 g</b>', 'HTML as text');
	const listing = await page.locator('main').innerText();
	assert.match(listing, /95\.000\s₫ \/ hũ/);
	assert.match(listing, /Đã lưu/);
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Tạm ngừng bán' }).click()]);
	assert.match(await page.locator('main').innerText(), /Tạm ngừng bán theo lựa chọn của cơ sở/);
	assert.deepEqual(problems, []);
});

test('the shop reads without JavaScript', async () => {
	const context = await browser.newContext({ viewport: VIEWPORT, locale: 'vi-VN', javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto(`${ntm.base}/login`);
	await page.locator('main').getByLabel('Tên đăng nhập').fill('htx');
	await page.locator('main').getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
	await Promise.all([page.waitForNavigation(), page.locator('main').getByRole('button', { name: 'Đăng nhập' }).click()]);
	await page.goto(`${ntm.base}/cua-hang/van-chuyen?producer_id=${listed.producerId}`);
	assert.match(await page.locator('main').innerText(), /Các tỉnh, thành phố còn lại/);
	await noHorizontalScroll(page);
	await context.close();
});
