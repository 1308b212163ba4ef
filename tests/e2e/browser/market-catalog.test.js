'use strict';
/*
 * The marketplace's catalog on a 360-px phone with no account
 * (docs/MARKET.md section 4): /cho, a search typed without diacritics into
 * its form and sent (a GET form, no script needed), a product's page -
 * none wider than the screen, links, fields and buttons of at least 44 px.
 * Saves screenshots/market-catalog-360.png and
 * market-catalog-product-360.png.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo, uniqueName } = require('../lib/accounts');
const { launchBrowser, phonePage, SHOTS, VIEWPORT } = require('../lib/browser');
const { listedProduct } = require('../lib/market');

let ntm, browser, tag;
const problems = [];

before(async () => {
	ntm = await startDemo();
	browser = await launchBrowser();
	tag = uniqueName('cho');
	await listedProduct(ntm.base, { name: `Mật ong hoa nhãn ${tag}`, price: 185000, stock: 12,
		unitName: 'hộp', variant: 'Hộp 500 g', description: 'Mật ong hoa nhãn nguyên chất, thu hoạch tháng 3.' });
	await listedProduct(ntm.base, { name: `Chè búp ${tag}`, price: 120000, stock: 3, unitName: 'gói',
		variant: 'Gói 200 g' });
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
		.filter((e) => e.getBoundingClientRect().height < 44)
		.map((e) => `${e.tagName} ${e.textContent.trim().slice(0, 40)} ${e.getBoundingClientRect().height}`), selector);
	assert.deepEqual(small, [], `${page.url()}: tap targets under 44 px`);
}

test('a buyer searches the catalog without diacritics and opens a product on a phone', async () => {
	const { page } = await phonePage(browser, problems);
	await page.goto(`${ntm.base}/cho`);
	await noHorizontalScroll(page);
	await tapTargets(page, 'main .mkt-card a, main .mkt-chip, main .pager a, main input, main button');
	await page.screenshot({ path: path.join(SHOTS, 'market-catalog-360.png'), fullPage: true });
	await page.locator('main').getByLabel('Tìm sản phẩm').fill(`mat ong ${tag}`);
	await Promise.all([page.waitForNavigation(), page.locator('main').getByRole('button', { name: 'Tìm' }).click()]);
	const cards = page.locator('main .mkt-card');
	assert.equal(await cards.count(), 1);
	assert.match(await cards.first().textContent(), /185\.000\s₫/);
	await noHorizontalScroll(page);
	await Promise.all([page.waitForNavigation(), cards.first().locator('a').first().click()]);
	assert.match(await page.locator('h1').textContent(), new RegExp(`Mật ong hoa nhãn ${tag}`));
	assert.match(await page.locator('#mkt-stock').textContent(), /Còn 12 hộp/);
	const verify = await page.locator('#mkt-verify').getAttribute('href');
	assert.match(verify, /^\/ocop\/verify\//);
	await noHorizontalScroll(page);
	await tapTargets(page, 'main .mkt-chip, main input:not([type=hidden]), main button');
	await page.screenshot({ path: path.join(SHOTS, 'market-catalog-product-360.png'), fullPage: true });
	assert.deepEqual(problems, []);
});
