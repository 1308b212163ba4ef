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
const WIDE = { width: 1366, height: 768 };

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

/* ---- issue 14: the journeys at 360×800 and 1366×768 ---- */

/* What a person reads on the page (its main part) must not show an
 * internal identifier: a set id, a field path, a role key, a unit code. */
async function noInternalIds(p) {
	const text = await p.locator('main').innerText();
	for (const [re, what] of [[/\bntm-[a-z0-9.-]+\b/, 'a set id'], [/\bvalues\.\d/, 'a field path'],
	    [/\bv\.\d+\.\d/, 'a form field name'], [/\b[a-z]+_(officer|coordinator|admin)\b/, 'a role key'],
	    [/\b\d{5}\b/, 'a unit code'], [/\bpre2025\b/, 'a structure key']]) {
		const m = re.exec(text);
		assert.ok(!m, `${p.url()} shows ${what}: "${m && text.slice(Math.max(0, m.index - 30), m.index + 30)}"`);
	}
}

/* Every control and every link that stands alone (not inside a sentence)
 * in the main part is at least 44 × 44 px to a finger: its box, or the
 * row or cell it fills.  Returns the ones that are not. */
async function smallTargets(p) {
	return p.locator('main').evaluate((main) => {
		const out = [];
		for (const el of main.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')) {
			const r = el.getBoundingClientRect();
			if (r.width === 0 && r.height === 0)
				continue;
			/* a link inside running text is exempt (WCAG 2.5.8) */
			const parent = el.parentElement;
			if (el.tagName === 'A' && parent && /^(P|LI|SPAN|EM|STRONG|LEGEND|LABEL|NAV)$/.test(parent.tagName) &&
			    parent.textContent.trim().length > el.textContent.trim().length + 2)
				continue;
			const box = el.tagName === 'A' && parent && /^(TD|TH)$/.test(parent.tagName) ? parent.getBoundingClientRect() : r;
			if (box.height < 44 || (el.tagName !== 'A' && box.width < 44))
				out.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.name || '').trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
		}
		return out;
	});
}

/* Words of the table cells of the main part that a line break cuts in
 * the middle (a word whose range has more than one line box). */
async function brokenWords(p) {
	return p.locator('main').evaluate((main) => {
		const out = [];
		for (const cell of main.querySelectorAll('td, th')) {
			const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
			for (let n = walker.nextNode(); n; n = walker.nextNode()) {
				const re = /\S+/g;
				for (let m = re.exec(n.data); m; m = re.exec(n.data)) {
					const range = document.createRange();
					range.setStart(n, m.index);
					range.setEnd(n, m.index + m[0].length);
					const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
					if (tops.size > 1)
						out.push(m[0]);
				}
			}
		}
		return out;
	});
}

async function viewportPage(size, javaScriptEnabled = true) {
	const ctx = await browser.newContext({ viewport: size, locale: 'vi-VN', acceptDownloads: true, javaScriptEnabled });
	const p = await ctx.newPage();
	p.setDefaultTimeout(ACTION_TIMEOUT_MS);
	p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	return { ctx, p };
}

async function signIn(p, user) {
	await p.goto(`${ntm.base}/login`);
	await p.getByLabel('Tên đăng nhập').fill(user);
	await p.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
	await Promise.all([
		p.waitForNavigation(),
		p.locator('main').getByRole('button', { name: 'Đăng nhập' }).click(),
	]);
}

for (const [size, js] of [[VIEWPORT, true], [WIDE, true], [VIEWPORT, false]]) {
	const tag = `${size.width}${js ? '' : '-nojs'}`;

	describe(`at ${size.width}×${size.height}, JavaScript ${js ? 'on' : 'off'}`, () => {
		test('the province officer finds a commune by its name, opens its evaluation, and downloads the roll-up', async () => {
			const { ctx, p } = await viewportPage(size, js);
			try {
				await signIn(p, 'hanoi');
				await p.goto(`${ntm.base}/units`);
				await p.locator('input[name="q"]').first().fill('soc son');
				await Promise.all([p.waitForNavigation(), p.locator('input[name="q"]').first().press('Enter')]);
				await Promise.all([p.waitForNavigation(), p.locator('main').getByRole('link', { name: 'Xã Sóc Sơn' }).first().click()]);
				assert.match(await p.locator('h1').innerText(), /Sóc Sơn/);
				await Promise.all([p.waitForURL(`${ntm.base}${EVAL}`),
				    p.locator('main').locator(`a[href="${EVAL}"]`).first().click()]);
				assert.match(await p.locator('main').innerText(), /Chỉ tiêu chưa được ban hành trong bộ tiêu chí này/);
				assert.match(await p.locator('p.coverage').innerText(), /\d+\/10 tiêu chí đánh giá được với bộ tiêu chí hiện hành/);
				await noHorizontalScroll(p, size.width);
				await noInternalIds(p);
				assert.deepEqual(await smallTargets(p), [], 'every tap target of the evaluation is at least 44 px');
				assert.deepEqual(await brokenWords(p), [], 'no word cut by a line break in a table cell');
				await p.screenshot({ path: path.join(SHOTS, `criteria-evaluation-${tag}.png`), fullPage: true });
				await Promise.all([p.waitForURL(`${ntm.base}${ROLLUP}`),
				    p.locator('p.tabs').getByRole('link', { name: 'Tổng hợp của tỉnh' }).click()]);
				/* the summary first, then the sections it links to */
				const toc = p.locator('nav.toc');
				assert.ok(await toc.count() === 1, 'a list of the sections');
				assert.ok((await p.locator('#summary').boundingBox()).y < (await toc.boundingBox()).y);
				await Promise.all([p.waitForURL(/sort=name&dir=asc#list$/),
				    p.locator('#units-table thead').getByRole('link', { name: 'Tên' }).click()]);
				const names = await p.locator('#units-table tbody tr td:first-child').allInnerTexts();
				const fold = (x) => x.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase();
				assert.deepEqual(names, [...names].sort((a, b) => (fold(a) < fold(b) ? -1 : fold(a) > fold(b) ? 1 : 0)), 'sorted by name');
				const [dl] = await Promise.all([p.waitForEvent('download'),
				    p.locator('#list').getByRole('link', { name: 'Excel (XLSX)' }).click()]);
				const file = await dl.path();
				assert.equal(fs.readFileSync(file).subarray(0, 2).toString('latin1'), 'PK', 'an XLSX (zip)');
				assert.match(dl.suggestedFilename(), /\.xlsx$/);
				await noHorizontalScroll(p, size.width);
				await noInternalIds(p);
				const small = await smallTargets(p);
				assert.deepEqual(small, [], 'every tap target is at least 44 px');
				assert.deepEqual(await brokenWords(p), [], 'no word cut by a line break in a table cell');
				await p.screenshot({ path: path.join(SHOTS, `criteria-rollup-${tag}.png`), fullPage: true });
			} finally {
				await ctx.close();
			}
		});

		test('the commune officer enters indicators: every problem listed at once, each named as the page shows it', async () => {
			const { ctx, p } = await viewportPage(size, js);
			try {
				await signIn(p, 'socson');
				await p.goto(`${ntm.base}${ENTRY}`);
				const crit4 = p.locator('fieldset.crit', { hasText: '4. Đào tạo nguồn nhân lực nông thôn' });
				assert.match(await crit4.innerText(), /Chưa đánh giá được[\s\S]*Chỉ tiêu chưa được ban hành trong bộ tiêu chí này/);
				assert.doesNotMatch(await crit4.innerText(), /\?/);
				await p.locator('input[name="v.3.1"]').fill('nhiều');
				await p.locator('input[name="v.8.1"]').fill('120');
				await Promise.all([p.waitForLoadState(), p.getByRole('button', { name: 'Lưu số liệu' }).click()]);
				await p.waitForSelector('.error-summary');
				const summary = p.locator('.error-summary');
				assert.equal(await summary.locator('li').count(), 2, 'both problems listed');
				assert.equal(await summary.locator('a[href="#v.3.1"]').count(), 1);
				assert.equal(await summary.locator('a[href="#v.8.1"]').count(), 1);
				assert.match(await summary.innerText(), /3\.1 Tốc độ tăng thu nhập bình quân đầu người/);
				assert.equal(await p.locator('input[name="v.3.1"]').inputValue(), 'nhiều', 'what was typed is kept');
				await noHorizontalScroll(p, size.width);
				await noInternalIds(p);
				const small = await smallTargets(p);
				assert.deepEqual(small, [], 'every tap target is at least 44 px');
				await p.screenshot({ path: path.join(SHOTS, `criteria-entry-errors-${tag}.png`), fullPage: true });
			} finally {
				await ctx.close();
			}
			assert.deepEqual(problems, []);
		});
	});
}
