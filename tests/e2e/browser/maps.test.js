'use strict';
/*
 * The province maps in a browser, with no account and no JavaScript
 * (issue 18): /maps chooses an indicator and year by name, the map page
 * shows the map - every province a link to its dashboard, both
 * archipelagos named, the legend - and the same numbers as a table, at
 * 360 px (nothing wider than the screen, tap targets of 44 px) and at
 * 1366 px (no wider than 28rem, so that its text stays readable and the
 * country fits a laptop's screen when scrolled to).  Saves
 * screenshots/maps-360.png, maps-index-360.png and maps-1366.png (the map).
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo } = require('../lib/accounts');
const { launchBrowser, SHOTS, ACTION_TIMEOUT_MS } = require('../lib/browser');

let ntm, browser;

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

async function visitor(viewport) {
	const context = await browser.newContext({ viewport, locale: 'vi-VN', javaScriptEnabled: false });
	const page = await context.newPage();
	page.setDefaultTimeout(ACTION_TIMEOUT_MS);
	return { context, page };
}

async function noHorizontalScroll(page, width) {
	const w = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(w <= width, `${page.url()} is ${w} px wide at ${width} px`);
}

test('on a phone: a map chosen by name, read as a picture and as a table', async () => {
	const { context, page } = await visitor({ width: 360, height: 800 });
	await page.goto(`${ntm.base}/maps`);
	await noHorizontalScroll(page, 360);
	const small = await page.evaluate(() => [...document.querySelectorAll('main a.chip')]
		.filter((a) => a.getBoundingClientRect().height < 44 || a.getBoundingClientRect().width < 44)
		.map((a) => a.textContent));
	assert.deepEqual(small, [], 'year links of 44 px');
	await page.screenshot({ path: path.join(SHOTS, 'maps-index-360.png'), fullPage: true });
	const section = page.locator('main section', { hasText: 'Tỷ lệ xã đạt chuẩn nông thôn mới' });
	await Promise.all([page.waitForNavigation(),
		section.locator('p', { hasText: '34 tỉnh' }).getByRole('link', { name: '2025', exact: true }).click()]);
	assert.match(page.url(), /\/maps\/2025\/ntm_met_share\/2025$/);
	const svg = page.locator('main figure.map svg');
	const box = await svg.boundingBox();
	assert.ok(box.width > 300 && box.width <= 360, `the map is ${box.width} px wide`);
	assert.equal(await svg.locator('a').count(), 34, 'every province a link');
	assert.equal(await svg.locator('a').first().getAttribute('href'), '/units/2025/91/dashboard');
	const words = await svg.textContent();
	assert.match(words, /Quần đảo Hoàng Sa/);
	assert.match(words, /Quần đảo Trường Sa/);
	assert.equal(await page.locator('#map-table tbody tr').count(), 34);
	await noHorizontalScroll(page, 360);
	await page.screenshot({ path: path.join(SHOTS, 'maps-360.png'), fullPage: true });
	await context.close();
});

test('on a laptop: the map at a readable size, with the 63 provinces before 2025', async () => {
	const { context, page } = await visitor({ width: 1366, height: 768 });
	await page.goto(`${ntm.base}/maps/pre2025/ntm_met_share/2024`);
	const svg = page.locator('main figure.map svg');
	const box = await svg.boundingBox();
	assert.ok(box.width <= 450 && box.height <= 700, `the map is ${box.width} x ${box.height} px`);
	assert.equal(await svg.locator('a').count(), 63);
	assert.equal(await page.locator('#map-table tbody tr').count(), 63);
	await noHorizontalScroll(page, 1366);
	await page.locator('main figure.map').screenshot({ path: path.join(SHOTS, 'maps-1366.png') });
	await context.close();
});
