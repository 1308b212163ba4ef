'use strict';
/*
 * Digital readiness in a browser with no account (issue 19): a commune's
 * readiness page and the national view with its provinces' map, on a
 * 360-px phone: no horizontal scroll (tables scroll inside their own
 * box), the map and the trend no wider than the screen, tap targets of
 * 44 px, the ranking sorted and paged by links (no script needed).
 * Saves screenshots/dx-commune-360.png and dx-nation-360.png.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo } = require('../lib/accounts');
const { assessCommunes } = require('../lib/dx');
const { launchBrowser, phonePage, SHOTS, VIEWPORT } = require('../lib/browser');

let ntm, browser;
const problems = [];

before(async () => {
	ntm = await startDemo();
	await assessCommunes(ntm.base, 2026);
	browser = await launchBrowser();
});

after(async () => {
	if (browser)
		await browser.close();
	if (ntm)
		await ntm.stop();
});

/* Names in the platform's order: by their folded form (no diacritics,
 * đ as d, lower case), as the unit search and every sorted list. */
function fold(s) {
	return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}
function byFolded(a, b) {
	const x = fold(a), y = fold(b);
	return x < y ? -1 : x > y ? 1 : 0;
}

async function noHorizontalScroll(page, width) {
	const w = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(w <= width, `${page.url()} is ${w} px wide at ${width} px`);
}

async function tapTargets(page, selector) {
	const small = await page.evaluate((sel) => [...document.querySelectorAll(sel)]
		.filter((e) => e.getBoundingClientRect().height < 44)
		.map((e) => `${e.tagName} ${e.textContent.trim().slice(0, 40)} ${e.getBoundingClientRect().height}`), selector);
	assert.deepEqual(small, [], `${page.url()}: tap targets under 44 px`);
}

async function svgsFit(page) {
	for (const right of await page.locator('main svg').evaluateAll((l) => l.map((e) => e.getBoundingClientRect().right)))
		assert.ok(right <= VIEWPORT.width, `an image ends at ${right} px`);
}

test('the national view on a 360-px phone: the map, the provinces, the ranking', async () => {
	const { page } = await phonePage(browser, problems);
	await page.goto(`${ntm.base}/chuyen-doi-so?year=2026`);
	assert.match(await page.locator('h1').textContent(), /^Mức độ sẵn sàng chuyển đổi số/);
	assert.equal(await page.locator('#map svg').count(), 1, 'the provinces\' map');
	assert.ok(await page.locator('#provinces-table tbody tr').count() >= 3);
	assert.ok(await page.locator('#ranking-table tbody tr').count() >= 1);
	await noHorizontalScroll(page, VIEWPORT.width);
	await svgsFit(page);
	await tapTargets(page, 'main table a, main .tabs a, main .pager a, main .links a');
	await page.screenshot({ path: path.join(SHOTS, 'dx-nation-360.png'), fullPage: true });
	/* the ranking by name, by a link */
	await Promise.all([page.waitForNavigation(), page.locator('#ranking-table thead a', { hasText: 'Xã' }).click()]);
	assert.match(page.url(), /sort=name&dir=asc/);
	const names = await page.locator('#ranking-table tbody tr td:nth-child(2)').allTextContents();
	const sorted = [...names].sort(byFolded);
	assert.deepEqual(names, sorted);
	await noHorizontalScroll(page, VIEWPORT.width);
	assert.deepEqual(problems, []);
});

test('a commune\'s readiness on a 360-px phone: score, level, indicators, gap', async () => {
	const { page } = await phonePage(browser, problems);
	await page.goto(`${ntm.base}/chuyen-doi-so?year=2026`);
	await Promise.all([page.waitForNavigation(), page.locator('#ranking-table tbody tr td:nth-child(2) a').first().click()]);
	assert.match(await page.locator('h1').textContent(), /^Mức độ sẵn sàng chuyển đổi số: /);
	assert.match(await page.locator('#dx-score').textContent(), /^\d+(,\d)?$/);
	assert.ok(await page.locator('table.dx-indicators tbody tr').count() >= 12, 'every indicator');
	assert.ok(await page.locator('table.dx-indicators .badge.observed').count() >= 1, 'observed ones marked');
	await noHorizontalScroll(page, VIEWPORT.width);
	await svgsFit(page);
	await tapTargets(page, 'main .links a, main .tabs a');
	await page.screenshot({ path: path.join(SHOTS, 'dx-commune-360.png'), fullPage: true });
	assert.deepEqual(problems, []);
});
