'use strict';
/*
 * The charts of core/chart.h on a 360-px phone, measured with the
 * browser's own fonts (the layout only estimates text by counting
 * characters): on the OCOP statistics, the marketplace statistics and a
 * published survey's results, every text of every chart lies inside its
 * SVG, no chart is wider than the screen, and no text is shrunk under
 * 11 px; each chart names itself (role="img" and a title).  The same
 * survey chart at 1366 px is drawn at its own size, not blown up.
 * Saves screenshots/charts-ocop-360.png, charts-market-360.png,
 * charts-survey-360.png and charts-survey-1366.png.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo } = require('../lib/accounts');
const { launchBrowser, phonePage, SHOTS, VIEWPORT } = require('../lib/browser');

let ntm, browser, surveyResults;
const problems = [];

before(async () => {
	ntm = await startDemo();
	browser = await launchBrowser();
	/* the demo's closed campaign with public results (Xã Bà Nà) */
	for (let id = 1; id <= 10 && !surveyResults; id++) {
		const r = await fetch(`${ntm.base}/api/v1/campaigns/${id}/results`);
		if (r.status === 200 && (await r.json()).published === true)
			surveyResults = `/campaigns/${id}/results`;
	}
});
after(async () => {
	if (browser)
		await browser.close();
	if (ntm)
		await ntm.stop();
});

/* Every chart of main: its box, its scale, the texts outside it. */
async function measure(page) {
	return page.evaluate(() => [...document.querySelectorAll('main svg[role="img"]')].map((svg) => {
		const box = svg.getBoundingClientRect();
		const vb = svg.viewBox.baseVal;
		const scale = box.width / vb.width;
		const texts = [...svg.querySelectorAll('text')];
		const outside = texts.filter((t) => {
			const r = t.getBoundingClientRect();
			return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 ||
			    r.top < box.top - 1 || r.bottom > box.bottom + 1);
		}).map((t) => t.textContent);
		const smallest = Math.min(...texts.map((t) =>
			parseFloat(getComputedStyle(t).fontSize) * scale));
		const title = svg.querySelector('title');
		return { width: box.width, right: box.right, scale, texts: texts.length, outside, smallest,
			named: !!title && svg.getAttribute('aria-labelledby') === title.id && title.textContent.length > 0 };
	}));
}

async function checkCharts(page, url, want, shot) {
	await page.goto(`${ntm.base}${url}`);
	const charts = await measure(page);
	assert.equal(charts.length, want, `${url}: ${want} charts`);
	for (const c of charts) {
		assert.ok(c.texts > 0, `${url}: a chart with words`);
		assert.deepEqual(c.outside, [], `${url}: texts outside their chart`);
		assert.ok(c.right <= VIEWPORT.width, `${url}: a chart ends at ${c.right} px`);
		assert.ok(c.smallest >= 11, `${url}: text of ${c.smallest.toFixed(1)} px`);
		assert.ok(c.named, `${url}: the chart names itself`);
	}
	const w = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(w <= VIEWPORT.width, `${url} is ${w} px wide`);
	await page.screenshot({ path: path.join(SHOTS, shot), fullPage: true });
}

test('the statistics charts fit a 360-px phone, every word readable', async () => {
	const { context, page } = await phonePage(browser, problems);
	await checkCharts(page, '/ocop/statistics', 3, 'charts-ocop-360.png');
	const market = await fetch(`${ntm.base}/cho/thong-ke`);
	assert.equal(market.status, 200);
	const n = ((await market.text()).match(/<svg [^>]*role="img"/g) || []).length;
	assert.ok(n >= 1, 'the market statistics draw charts');
	await checkCharts(page, '/cho/thong-ke', n, 'charts-market-360.png');
	await context.close();
	assert.deepEqual(problems, []);
});

test('the survey chart: long questions wrapped inside it, the interval and threshold drawn', async () => {
	assert.ok(surveyResults, 'the demo has a published campaign');
	const { context, page } = await phonePage(browser, problems);
	await checkCharts(page, surveyResults, 1, 'charts-survey-360.png');
	const svg = page.locator('figure.chart svg');
	assert.match(await svg.locator('title').first().textContent(), /Tỷ lệ hài lòng/);
	assert.ok(await svg.locator('path[stroke-dasharray]').count() > 0, 'the threshold');
	assert.match(await svg.textContent(), /ngưỡng \d+,\d\u00a0%/);
	await context.close();
	const wide = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
	const desk = await wide.newPage();
	await desk.goto(`${ntm.base}${surveyResults}`);
	const [c] = await measure(desk);
	assert.ok(c.scale <= 1.01, `drawn at its own size on a wide screen (×${c.scale.toFixed(2)})`);
	assert.deepEqual(c.outside, []);
	await desk.screenshot({ path: path.join(SHOTS, 'charts-survey-1366.png'), fullPage: true });
	await wide.close();
	assert.deepEqual(problems, []);
});
