'use strict';
/*
 * Sorting the public register on a 360-px phone (issue 14): the column
 * headers stay on screen where the register becomes stacked rows, each a
 * link of at least 44 x 44 px; tapping one sorts the list by it (no
 * script needed: a link), back to the first page with the filters kept,
 * and marks it (aria-sort, an arrow); tapping it again reverses it.  The
 * page never scrolls sideways.  Screenshot: phone-register-sorted-360.png.
 * Fails on the code before: the headers were hidden under 30rem, and were
 * not links.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo } = require('../lib/accounts');
const { launchBrowser, SHOTS, VIEWPORT, ACTION_TIMEOUT_MS } = require('../lib/browser');

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

/* The headers as the page shows them: text, aria-sort, box. */
const headers = (page) => page.$$eval('table.register th', (ths) => ths.map((th) => {
	const a = th.querySelector('a.sort');
	const r = (a || th).getBoundingClientRect();
	const s = getComputedStyle(th);
	return { text: (a || th).innerText.trim(), aria: th.getAttribute('aria-sort'), link: a !== null,
		shown: r.width > 0 && r.height > 0 && s.display !== 'none', w: r.width, h: r.height };
}));

const names = (page) => page.$$eval('table.register tbody tr td:first-child a', (as) => as.map((a) => a.innerText.trim()));
const fold = (s) => s.replace(/^(Xã|Phường|Thị trấn) /, '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
	.replace(/[đĐ]/g, 'd').toLowerCase();

for (const js of [false, true]) {
	test(`at 360 px (JavaScript ${js ? 'on' : 'off'}) the headers sort the register, each a 44-px link`, async () => {
		const problems = [];
		const ctx = await browser.newContext({ viewport: VIEWPORT, locale: 'vi-VN', javaScriptEnabled: js });
		const p = await ctx.newPage();
		p.setDefaultTimeout(ACTION_TIMEOUT_MS);
		p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
		try {
			await p.goto(`${ntm.base}/recognitions?year=2022&limit=10&offset=10`);
			let h = await headers(p);
			assert.equal(h.length, 4);
			for (const x of h) {
				assert.ok(x.link && x.shown, `"${x.text}" is a link on screen`);
				assert.ok(x.w >= 43.5 && x.h >= 43.5, `"${x.text}" is ${Math.round(x.w)}x${Math.round(x.h)} px`);
			}
			await p.click('table.register th >> text=Đơn vị');
			await p.waitForURL(/sort=name/);
			const u = new URL(p.url());
			assert.equal(u.searchParams.get('year'), '2022', 'the filter is kept');
			assert.equal(u.searchParams.get('offset'), null, 'back to the first page');
			h = await headers(p);
			assert.equal(h[0].aria, 'ascending');
			assert.match(h[0].text, /▲$/);
			const asc = (await names(p)).map(fold);
			assert.deepEqual(asc, [...asc].sort(), `sorted by name: ${asc}`);
			await p.click('table.register th >> text=Đơn vị');
			await p.waitForURL(/dir=desc/);
			h = await headers(p);
			assert.equal(h[0].aria, 'descending');
			const desc = (await names(p)).map(fold);
			assert.deepEqual(desc, [...desc].sort().reverse(), `reversed: ${desc}`);
			const width = await p.evaluate(() => document.documentElement.scrollWidth);
			assert.ok(width <= 360, `the page is ${width} px wide`);
			if (js)
				await p.screenshot({ path: path.join(SHOTS, 'phone-register-sorted-360.png') });
			assert.deepEqual(problems, []);
		} finally {
			await ctx.close();
		}
	});
}
