'use strict';
/* Entering indicator values in Chromium on a 360 px phone, as the commune
 * officer of Xã Sóc Sơn (demo account socson), against the 2026–2030 set
 * (its demo threshold profile): the login sends the officer to the entry
 * form, the values are typed and saved, the page comes back with the
 * met / not-met marks, a bad value is refused next to its field, and the
 * evaluation and the province roll-up show the result.  Saves
 * screenshots/criteria-entry-360.png, criteria-evaluation-360.png,
 * criteria-evaluation-desktop.png and criteria-rollup-desktop.png. */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startDemo, Client, DEMO_PASSWORD } = require('../lib/accounts');
const { launchBrowser, phonePage, SHOTS, VIEWPORT, ACTION_TIMEOUT_MS } = require('../lib/browser');

const SET = 'ntm-xa-2026-2030';
const ENTRY = `/units/2025/00376/indicators/${SET}/2026`;
const EVAL = `/units/2025/00376/evaluation/${SET}/2026`;
const ROLLUP = `/units/2025/01/rollup/${SET}/2026`;
const DESKTOP = { width: 1280, height: 900 };

let ntm;
let browser;
let context;
let page;
let observer;		/* an admin API token, to check what the pages did */
let form;		/* the entry form as the API sees it before the journey */
const problems = [];

/* The indicator of the entry form's JSON. */
function indicatorOf(view, id) {
	for (const c of view.criteria)
		for (const i of c.indicators)
			if (i.id === id)
				return i;
	throw new Error(`no indicator ${id}`);
}

/* A number as typed in Vietnamese (decimal comma). */
const vi = (x) => String(x).replace('.', ',');

async function noHorizontalScroll(p = page, width = VIEWPORT.width) {
	const w = await p.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(w <= width, `${p.url()} is ${w} px wide at ${width} px`);
}

/* The block (div.ind) of one indicator on the entry page. */
const block = (id) => page.locator('div.ind', { has: page.locator(`[name="v.${id}"]`) });

before(async () => {
	ntm = await startDemo();
	const admin = await Client.login(ntm.base, 'admin');
	observer = await admin.makeTokenClient('observer');
	/* the commune group decides the thresholds: make it known */
	const hanoi = await Client.login(ntm.base, 'hanoi');
	const r = await hanoi.post('/api/v1/units/2025/00376/attributes',
	    { json: { year: 2026, commune_group: '1', source_document: 'QĐ e2e' } });
	assert.equal(r.status, 200, r.text);
	const f = await observer.get(`/api/v1${ENTRY}`);
	assert.equal(f.status, 200, f.text);
	form = f.json;
	browser = await launchBrowser();
	({ context, page } = await phonePage(browser, problems, /status of 422/));
});

after(async () => {
	if (browser)
		await browser.close();
	if (ntm)
		await ntm.stop();
});

describe('the commune officer of Xã Sóc Sơn enters the 2026 indicators at 360 px', () => {
	test('signing in from the entry form\'s address lands on the form', async () => {
		await page.goto(`${ntm.base}${ENTRY}`);
		assert.equal(new URL(page.url()).pathname, '/login');
		await page.getByLabel('Tên đăng nhập').fill('socson');
		await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
		await Promise.all([
			page.waitForURL(`${ntm.base}${ENTRY}`),
			page.locator('main').getByRole('button', { name: 'Đăng nhập' }).click(),
		]);
		assert.equal(await page.locator('h1').innerText(), 'Nhập số liệu: Xã Sóc Sơn');
		assert.equal(await page.getByRole('button', { name: 'Lưu số liệu' }).count(), 1);
		await noHorizontalScroll();
	});

	test('typing values and saving shows each indicator met or not met at once', async () => {
		const t31 = indicatorOf(form, '3.1');
		const t81 = indicatorOf(form, '8.1');
		assert.equal(typeof t31.threshold, 'number', 'the demo profile gives 3.1 a threshold');
		assert.equal(typeof t81.threshold, 'number', 'and 8.1');
		const low = t31.threshold - 0.5;		/* 3.1 is ">=": short by 0.5 */
		const ok81 = t81.op === '<=' ? t81.threshold - 1 : t81.threshold + 1;
		await page.locator('select[name="v.1.1"]').selectOption('true');
		await page.locator('select[name="v.1.1"]').focus();
		await page.locator('input[name="v.3.1"]').fill(vi(low));
		await page.locator('input[name="v.8.1"]').fill(vi(ok81));
		await page.screenshot({ path: path.join(SHOTS, 'criteria-entry-360.png'), fullPage: true });
		assert.ok(fs.statSync(path.join(SHOTS, 'criteria-entry-360.png')).size > 1000);
		const [resp] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === ENTRY),
			page.getByRole('button', { name: 'Lưu số liệu' }).click(),
		]);
		assert.equal(resp.status(), 303);
		await page.waitForURL(`${ntm.base}${ENTRY}`);
		assert.equal(await page.locator('p.error').count(), 0, 'no error');
		assert.match(await block('3.1').locator('.result').innerText(), /✗ Chưa đạt/);
		assert.match(await block('3.1').locator('.result').innerText(), /thiếu 0,5/);
		assert.match(await block('8.1').locator('.result').innerText(), /✓ Đạt/);
		assert.match(await block('1.1').locator('.result').innerText(), /✓ Đạt/);
		assert.equal(await page.locator('input[name="v.3.1"]').inputValue(), vi(low));
		const saved = (await observer.get(`/api/v1${ENTRY}`)).json.values;
		assert.equal(saved['3.1'], low);
		assert.equal(saved['8.1'], ok81);
		assert.equal(saved['1.1'], true);
		await noHorizontalScroll();
	});

	test('a value that is not a number is refused next to its field, with what was typed', async () => {
		await page.locator('input[name="v.8.1"]').fill('khoảng chín mươi');
		const [resp] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === ENTRY),
			page.getByRole('button', { name: 'Lưu số liệu' }).click(),
		]);
		await page.waitForLoadState();
		assert.equal(resp.status(), 422);
		const b = block('8.1');
		assert.equal(await b.getByRole('alert').count(), 1, 'the message is in the field\'s block');
		assert.equal(await page.locator('input[name="v.8.1"]').inputValue(), 'khoảng chín mươi');
		const saved = (await observer.get(`/api/v1${ENTRY}`)).json.values;
		assert.notEqual(saved['8.1'], 'khoảng chín mươi');
		assert.equal(typeof saved['8.1'], 'number', 'nothing written');
		await noHorizontalScroll();
	});

	test('the evaluation page shows the status, the criteria met and the indicator that failed', async () => {
		await page.goto(`${ntm.base}${ENTRY}`);
		await Promise.all([
			page.waitForURL(`${ntm.base}${EVAL}`),
			page.locator('p.tabs').getByRole('link', { name: 'Đánh giá' }).click(),
		]);
		const ev = (await observer.get(`/api/v1${EVAL}`)).json;
		const big = await page.locator('.status-box .big').innerText();
		assert.equal(big, { met: 'Đạt chuẩn', not_met: 'Chưa đạt', incomplete: 'Chưa đủ dữ liệu' }[ev.status]);
		assert.equal(ev.status, 'not_met', '3.1 fails');
		assert.match(await page.locator('.status-box').innerText(), new RegExp(`${ev.criteria_met}/${ev.criteria_total} tiêu chí đạt`));
		const row = page.locator('div.ind', { hasText: 'Tốc độ tăng thu nhập' });
		assert.match(await row.innerText(), /✗ Chưa đạt/);
		assert.equal(await page.locator('.demo-banner').count(), ev.set.demo ? 1 : 0, 'the demo banner when the profile is a demo');
		await noHorizontalScroll();
		await page.screenshot({ path: path.join(SHOTS, 'criteria-evaluation-360.png'), fullPage: true });
	});

	test('on a desktop screen: the evaluation and the province roll-up, Sóc Sơn listed', async () => {
		const desk = await browser.newContext({ viewport: DESKTOP, locale: 'vi-VN' });
		const p = await desk.newPage();
		p.setDefaultTimeout(ACTION_TIMEOUT_MS);
		try {
			await p.goto(`${ntm.base}${EVAL}`);
			await p.screenshot({ path: path.join(SHOTS, 'criteria-evaluation-desktop.png'), fullPage: true });
			await Promise.all([
				p.waitForURL(`${ntm.base}${ROLLUP}`),
				p.locator('p.tabs').getByRole('link', { name: 'Tổng hợp của tỉnh' }).click(),
			]);
			assert.match(await p.locator('h1').innerText(), /Tổng hợp: Thành phố Hà Nội/);
			const soc = p.locator('table.list tr', { hasText: 'Xã Sóc Sơn' });
			assert.ok(await soc.count() >= 1, 'Sóc Sơn is listed');
			assert.ok(await p.locator('svg.hbar').count() > 0, 'the distribution bars');
			await noHorizontalScroll(p, DESKTOP.width);
			await p.screenshot({ path: path.join(SHOTS, 'criteria-rollup-desktop.png'), fullPage: true });
		} finally {
			await desk.close();
		}
		await page.goto(`${ntm.base}${ROLLUP}`);
		await noHorizontalScroll();
		assert.deepEqual(problems, []);
	});
});
