'use strict';
/*
 * The national dashboard in a browser with no account (issue 18): at
 * 360 px (a phone: no horizontal scroll, charts as SVG no wider than the
 * screen, tap targets of 44 px, the year chosen without JavaScript) and at
 * 1366 px (panels side by side), and a province's from the nation's link.
 * Saves screenshots/dashboard-nation-360.png, dashboard-nation-1366.png,
 * dashboard-province-360.png and dashboard-commune-360.png.
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

async function noHorizontalScroll(page, width) {
	const w = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(w <= width, `${page.url()} is ${w} px wide at ${width} px`);
}

/* No panel's table wider than its box: it reads without scrolling
 * sideways (short cells on one line, a row's note under its name). */
async function tablesFit(page) {
	const wide = await page.evaluate(() => [...document.querySelectorAll('.dash-panel .scroll')]
		.filter((s) => s.scrollWidth > s.clientWidth + 1)
		.map((s) => `${s.closest('.dash-panel').id}: ${s.scrollWidth} > ${s.clientWidth}`));
	assert.deepEqual(wide, [], `${page.url()}: tables wider than their panel`);
}

async function tapTargets(page, selector) {
	const small = await page.evaluate((sel) => [...document.querySelectorAll(sel)]
		.filter((e) => e.getBoundingClientRect().height < 44)
		.map((e) => `${e.tagName} ${e.textContent.trim().slice(0, 40)} ${e.getBoundingClientRect().height}`), selector);
	assert.deepEqual(small, [], `${page.url()}: tap targets under 44 px`);
}

test('the nation on a 360-px phone, then a province', async () => {
	const { page } = await phonePage(browser, problems);
	await page.goto(`${ntm.base}/units/2025/VN/dashboard`);
	assert.match(await page.locator('h1').textContent(), /^Tổng quan/);
	assert.ok(await page.locator('main section.dash-panel').count() >= 5);
	const svgs = page.locator('main svg[role="img"]');
	assert.ok(await svgs.count() >= 3, 'the trend and the bar charts');
	for (const box of await svgs.evaluateAll((l) => l.map((e) => e.getBoundingClientRect().right)))
		assert.ok(box <= VIEWPORT.width, `a chart ends at ${box} px`);
	await noHorizontalScroll(page, VIEWPORT.width);
	await tablesFit(page);
	await tapTargets(page, 'main .links a, main select, main button, main summary, main table a');
	await page.screenshot({ path: path.join(SHOTS, 'dashboard-nation-360.png'), fullPage: true });
	await page.selectOption('#f-year', '2025');
	await Promise.all([page.waitForNavigation(), page.locator('main').getByRole('button', { name: 'Xem' }).click()]);
	assert.match(page.url(), /year=2025$/);
	assert.match(await page.locator('#ntm_status').textContent(), /2021–2025/);
	await noHorizontalScroll(page, VIEWPORT.width);
	await page.goto(`${ntm.base}/units/2025/01`);
	await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Xem trang tổng quan' }).click()]);
	assert.match(await page.locator('h1').textContent(), /Hà Nội/);
	await noHorizontalScroll(page, VIEWPORT.width);
	await tablesFit(page);
	await page.screenshot({ path: path.join(SHOTS, 'dashboard-province-360.png'), fullPage: true });
	/* a commune with titles of its predecessors and its criteria in words */
	for (const code of ['00433', '00376']) {
		await page.goto(`${ntm.base}/units/2025/${code}/dashboard`);
		await noHorizontalScroll(page, VIEWPORT.width);
		await tablesFit(page);
	}
	await page.screenshot({ path: path.join(SHOTS, 'dashboard-commune-360.png'), fullPage: true });
	assert.deepEqual(problems, []);
});

test('the nation at 1366 px: panels side by side', async () => {
	const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
	const page = await context.newPage();
	await page.goto(`${ntm.base}/units/2025/VN/dashboard`);
	const tops = await page.locator('main section.dash-panel').evaluateAll((l) =>
		l.map((e) => Math.round(e.getBoundingClientRect().top)));
	assert.ok(new Set(tops).size < tops.length, `two panels share a row: ${tops}`);
	await noHorizontalScroll(page, 1366);
	await page.screenshot({ path: path.join(SHOTS, 'dashboard-nation-1366.png'), fullPage: true });
	await context.close();
});

test('the year is chosen without JavaScript', async () => {
	const context = await browser.newContext({ viewport: VIEWPORT, locale: 'vi-VN', javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto(`${ntm.base}/units/2025/VN/dashboard`);
	await page.selectOption('#f-year', '2024');
	await Promise.all([page.waitForNavigation(), page.locator('main').getByRole('button', { name: 'Xem' }).click()]);
	assert.match(page.url(), /year=2024$/);
	assert.equal(await page.locator('#f-year').inputValue(), '2024');
	await context.close();
});
