'use strict';
/*
 * The report entry form in Chromium on a 360 px phone (issue 15): the page
 * of a commune's month fits the screen (no horizontal overflow), every tap
 * target is at least 44 x 44 px, typing a bad value shows the check at
 * once (static/report-entry.js: not a number, below the bound), money
 * typed as "1.234.567" is read and the breakdown's total follows; saving
 * works (the values read back through the API); a value refused by the
 * server lists the problem at the top, its link focusing the field.
 * The list of a province with its communes, and the print view (A4).
 * Saves screenshots/reports-entry-360.png (and -top, -refused),
 * reports-list-province-360.png, reports-print-a4.png.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo, Client, DEMO_PASSWORD } = require('../lib/accounts');

/* The demo's own reports (src/cli/demo_reports.c) would add to the sums
 * and states this file checks: left out. */
process.env.NTM_DEMO_REPORTS = 'none';
const { launchBrowser, phonePage, SHOTS } = require('../lib/browser');

const PATH = '/reports/ntm-tien-do-thang/2025/00376/2026-04';
let ntm, browser, page, socson;
const problems = [];

before(async () => {
	ntm = await startDemo();
	socson = await Client.login(ntm.base, 'socson');
	browser = await launchBrowser();
	({ page } = await phonePage(browser, problems, /status of 4\d\d/));
	await page.goto(`${ntm.base}/login`);
	await page.locator('main').getByLabel('Tên đăng nhập').fill('socson');
	await page.locator('main').getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
	await Promise.all([page.waitForNavigation(),
	    page.locator('main').getByRole('button', { name: 'Đăng nhập' }).click()]);
});

after(async () => {
	if (browser)
		await browser.close();
	if (ntm)
		await ntm.stop();
});

/* Width and tap targets, measured in the page. */
function measure() {
	const out = { scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth, small: [] };
	const targets = 'button, input:not([type=hidden]), select, textarea, nav a, table a, .crumbs a, ' +
	    '.error-summary a, .warn-summary a, .rep-list a, summary, a.button';
	for (const el of document.querySelectorAll(targets)) {
		const r = el.getBoundingClientRect();
		const s = getComputedStyle(el);
		if (r.width === 0 || r.height === 0 || s.display === 'none' || s.visibility === 'hidden' ||
		    el.closest('.vh, .skip, [hidden]'))
			continue;
		if (r.height < 43.5 || r.width < 43.5)
			out.small.push(`${el.tagName.toLowerCase()}#${el.id} "${(el.innerText || el.value || '').trim().slice(0, 30)}" ` +
			    `${Math.round(r.width)}x${Math.round(r.height)}`);
	}
	return out;
}

/* A new phone page signed in as user. */
async function signedIn(user) {
	const { page: p } = await phonePage(browser, problems, /status of 4\d\d/);
	await p.goto(`${ntm.base}/login`);
	await p.locator('main').getByLabel('Tên đăng nhập').fill(user);
	await p.locator('main').getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
	await Promise.all([p.waitForNavigation(),
	    p.locator('main').getByRole('button', { name: 'Đăng nhập' }).click()]);
	return p;
}

describe('the report entry form at 360 px', () => {
	test('fits the phone, with 44 px tap targets', async () => {
		const r = await page.goto(`${ntm.base}${PATH}`);
		assert.equal(r.status(), 200);
		const m = await page.evaluate(measure);
		assert.ok(m.scrollWidth <= m.width, `the page is ${m.scrollWidth} px wide on a ${m.width} px screen`);
		assert.deepEqual(m.small, [], 'tap targets under 44 px');
	});

	test('a bad value is checked as it is typed; the total follows', async () => {
		const works = page.locator('#f-values-works_started');
		await works.fill('abc');
		await assert.doesNotReject(page.locator('#f-values-works_started-check').waitFor());
		assert.match(await page.locator('#f-values-works_started-check').innerText(), /Cần một số nguyên/);
		assert.equal(await works.getAttribute('aria-invalid'), 'true');
		await works.fill('-3');
		assert.match(await page.locator('#f-values-works_started-check').innerText(), /Không được nhỏ hơn 0/);
		await works.fill('3');
		assert.equal(await page.locator('#f-values-works_started-check').count(), 0, 'the check goes once the value is right');
		await page.locator('#f-values-capital_allocated-central').fill('1.234.567');
		await page.locator('#f-values-capital_allocated-local').fill('1.000');
		assert.equal(await page.locator('[data-total-for="f-values-capital_allocated"]').innerText(), '1.235.567');
		await page.screenshot({ path: path.join(SHOTS, 'reports-entry-360.png'), fullPage: true });
		await page.screenshot({ path: path.join(SHOTS, 'reports-entry-360-top.png') });
	});

	test('saving works: the page says so and the values are stored', async () => {
		await Promise.all([page.waitForNavigation(), page.locator('button.save').click()]);
		assert.match(page.url(), /\?saved=1$/);
		assert.match(await page.locator('main').innerText(), /Đã lưu/);
		const j = (await socson.get(`/api/v1${PATH}`)).json;
		assert.equal(j.state, 'draft');
		assert.equal(j.values.capital_allocated.central, 1234567);
		assert.equal(j.values.capital_allocated.local, 1000);
		assert.equal(j.values.works_started, 3);
		assert.equal(await page.locator('#f-values-capital_allocated-central').inputValue(), '1.234.567');
	});

	test('a value the server refuses is listed at the top, its link focusing the field', async () => {
		await page.locator('#f-values-works_completed').fill('2,5');
		const [resp] = await Promise.all([page.waitForNavigation(), page.locator('button.save').click()]);
		assert.equal(resp.status(), 422);
		const link = page.locator('.error-summary a[href="#f-values-works_completed"]');
		assert.match(await link.innerText(), /Số công trình đã hoàn thành/);
		assert.equal(await page.locator('#f-values-works_completed').inputValue(), '2,5', 'the typed value is kept');
		await link.click();
		assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'f-values-works_completed');
		const m = await page.evaluate(measure);
		assert.ok(m.scrollWidth <= m.width, `the refused page is ${m.scrollWidth} px wide`);
		assert.deepEqual(m.small, [], 'tap targets under 44 px on the refused page');
		await page.screenshot({ path: path.join(SHOTS, 'reports-entry-refused-360.png') });
		const j = (await socson.get(`/api/v1${PATH}`)).json;
		assert.equal(j.values.works_completed, undefined, 'nothing saved');
		assert.deepEqual(problems, []);
	});

	test('the list, a province\'s communes and the print view read at 360 px', async () => {
		const hanoi = await signedIn('hanoi');
		const r = await hanoi.goto(`${ntm.base}/reports?form=ntm-tien-do-thang&period=2026-04`);
		assert.equal(r.status(), 200);
		const text = await hanoi.locator('main').innerText();
		assert.match(text, /Báo cáo của các xã/);
		assert.equal(await hanoi.locator('a[href="#communes"]').count(), 1, 'a link down to the communes');
		assert.match(text, /Xã Sóc Sơn\s+Bản nháp/, 'Sóc Sơn\'s draft saved above');
		let m = await hanoi.evaluate(measure);
		assert.ok(m.scrollWidth <= m.width, `the list is ${m.scrollWidth} px wide`);
		assert.deepEqual(m.small, [], 'tap targets under 44 px on the list');
		await hanoi.screenshot({ path: path.join(SHOTS, 'reports-list-province-360.png') });
		await hanoi.goto(`${ntm.base}${PATH}/print`);
		assert.equal(await hanoi.locator('header.top').count(), 0, 'no navigation on the print view');
		assert.match(await hanoi.locator('main').innerText(), /Người lập biểu/);
		await hanoi.emulateMedia({ media: 'print' });
		m = await hanoi.evaluate(measure);
		assert.deepEqual(await hanoi.evaluate(() => [...document.querySelectorAll('.rep-print-tools')]
		    .map((e) => getComputedStyle(e).display)), ['none'], 'the link back is not printed');
		await hanoi.setViewportSize({ width: 794, height: 1123 });	/* A4 at 96 dpi */
		await hanoi.screenshot({ path: path.join(SHOTS, 'reports-print-a4.png'), fullPage: true });
		assert.deepEqual(problems, []);
	});
});
