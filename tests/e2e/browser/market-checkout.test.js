'use strict';
/* The phone checkout at 360 × 800 (issue 17; docs/MARKET.md section 5):
 * the product's page in the catalog and its cart form (posted to
 * /cho/gio-hang), the cart, the checkout in two steps (the
 * province, then the commune by name; cash on delivery), and the order
 * page by its private link.  No page scrolls sideways; saves
 * screenshots/market-cart-360.png, market-checkout-360.png and
 * market-order-360.png. */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo } = require('../lib/accounts');
const { launchBrowser, phonePage, SHOTS, VIEWPORT } = require('../lib/browser');
const { shopListing } = require('../lib/market-orders');

let ntm, browser, listing;
const problems = [];

before(async () => {
	ntm = await startDemo();
	listing = await shopListing(ntm, { price: 85000, stock: 12, weight: 400 });
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
	assert.ok(w <= VIEWPORT.width, `${page.url()} is ${w} px wide`);
}

test('from the product\'s cart form to the order page on a phone', async () => {
	const { context, page } = await phonePage(browser, problems);
	/* the product's page in the catalog, and its cart form */
	await page.goto(`${ntm.base}/cho/san-pham/${listing.listingId}`);
	assert.match(page.url(), new RegExp(`/cho/san-pham/${listing.listingId}-`));
	await noHorizontalScroll(page);
	await page.fill('#mkt-qty', '2');
	await Promise.all([page.waitForResponse((r) => r.url().endsWith('/cho/gio-hang') &&
		r.request().method() === 'GET'), page.click('form.mkt-cart button[type="submit"]')]);
	await page.waitForLoadState('load');
	assert.match(await page.locator('main').textContent(), /170\.000/);
	await noHorizontalScroll(page);
	await page.screenshot({ path: path.join(SHOTS, 'market-cart-360.png'), fullPage: true });

	await Promise.all([page.waitForURL(/\/cho\/dat-hang/), page.click('a[href="/cho/dat-hang"]')]);
	await page.selectOption('#f-province', '2025:01');
	await Promise.all([page.waitForURL(/province=2025/), page.click('button:has-text("Chọn xã")')]);
	await page.fill('#f-buyer-name', 'Trần Thị Lan');
	await page.fill('#f-buyer-phone', '0987 654 321');
	await page.fill('#f-buyer-address', 'Số 12, thôn Đông');
	await page.selectOption('#f-buyer-commune', '2025:00376');
	await noHorizontalScroll(page);
	await page.screenshot({ path: path.join(SHOTS, 'market-checkout-360.png'), fullPage: true });
	await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Đặt hàng")')]);
	assert.match(await page.locator('main').textContent(), /OCOP[2-9A-HJ-NP-Z]{8}/);
	await Promise.all([page.waitForURL(/\/cho\/don\//), page.click('a:has-text("Xem đơn hàng")')]);
	const text = await page.locator('main').textContent();
	assert.match(text, /Đã đặt, chờ cơ sở xác nhận/);
	/* 2 × 400 g = 800 g: the first step's 30.000 */
	assert.match(text, /200\.000/);
	await noHorizontalScroll(page);
	await page.screenshot({ path: path.join(SHOTS, 'market-order-360.png'), fullPage: true });
	await context.close();
	assert.deepEqual(problems, []);
});
