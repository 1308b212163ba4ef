'use strict';
/*
 * The district appraiser's screen of a recognition dossier (issue 7), in
 * Chromium: a commune's dossier submitted under the 2021-2025 procedure is
 * opened by the district appraiser from the login page, every criterion is
 * marked confirmed (one with a note) and saved, the appraisal report is
 * uploaded through the plain multipart form, and the dossier is forwarded
 * to the provincial council.  Then the same screen on a 360 px phone with
 * JavaScript off, and the public register of recognised units as an
 * anonymous citizen would read it.  Saves screenshots/dossiers-appraisal-
 * desktop.png, dossiers-appraisal-360.png and dossiers-register-360.png.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startDemo, DEMO_PASSWORD } = require('../lib/accounts');
const { launchBrowser, SHOTS, VIEWPORT, ACTION_TIMEOUT_MS } = require('../lib/browser');
const d = require('../lib/dossiers');

const DESKTOP = { width: 1280, height: 900 };

let ntm;
let browser;
let ctx;
let x;		/* the dossier: { id, unit, officer } */
const problems = [];

async function newPage({ javaScriptEnabled = true, viewport = VIEWPORT } = {}) {
	const context = await browser.newContext({ viewport, locale: 'vi-VN', javaScriptEnabled });
	const page = await context.newPage();
	page.setDefaultTimeout(ACTION_TIMEOUT_MS);
	const favicon = (url) => /\/favicon\.(ico|svg)$/.test(url || '');
	page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() === 'error' && !favicon(m.location().url))
			problems.push(`console: ${m.text()} ${m.location().url}`);
	});
	page.on('response', (r) => {
		if (r.status() >= 400 && !favicon(r.url()))
			problems.push(`${r.status()} ${r.url()}`);
	});
	return { context, page };
}

async function noHorizontalScroll(page, width = VIEWPORT.width) {
	const w = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(w <= width, `${page.url()} is ${w} px wide at ${width} px`);
}

async function login(page, username, next) {
	await page.goto(`${ntm.base}${next}`);
	assert.equal(new URL(page.url()).pathname, '/login');
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
	await Promise.all([
		page.waitForURL(`${ntm.base}${next}`),
		page.locator('main').getByRole('button', { name: 'Đăng nhập' }).click(),
	]);
}

before(async () => {
	ntm = await startDemo();
	ctx = await d.setup(ntm);
	x = await d.oldDossier(ctx, 'district_appraisal');
	browser = await launchBrowser();
});

after(async () => {
	if (browser)
		await browser.close();
	if (ntm)
		await ntm.stop();
});

describe('the district appraiser appraises, uploads the report and forwards', () => {
	let page;
	let context;

	before(async () => {
		({ page, context } = await newPage({ viewport: DESKTOP }));
	});

	after(async () => {
		await context.close();
	});

	test('the dossier opens after signing in, in the district\'s hands, with the appraisal form', async () => {
		await login(page, ctx.huyen.username, `/dossiers/${x.id}`);
		assert.equal(await page.locator('#state').innerText(), 'Huyện thẩm tra');
		const form = page.locator('#act-appraise');
		assert.equal(await form.count(), 1);
		const n = await form.locator('fieldset.ap').count();
		assert.ok(n >= 19, `${n} criteria to appraise`);
		assert.equal(await page.locator('#act-forward').count(), 1);
		assert.equal(await page.locator('#act-return').count(), 1);
	});

	test('marking every criterion confirmed and saving records the appraisal', async () => {
		const form = page.locator('#act-appraise');
		const sets = form.locator('fieldset.ap');
		const n = await sets.count();
		for (let i = 0; i < n; i++)
			await sets.nth(i).getByLabel('Xác nhận đạt').check();
		await sets.nth(0).locator('input[name^="an."]').fill('Đã đối chiếu quy hoạch được phê duyệt');
		await page.screenshot({ path: path.join(SHOTS, 'dossiers-appraisal-desktop.png') });
		await Promise.all([
			page.waitForURL(new RegExp(`/dossiers/${x.id}\\?done=appraise`)),
			form.getByRole('button', { name: 'Ghi kết quả thẩm tra từng tiêu chí' }).click(),
		]);
		assert.match(await page.locator('.notice').innerText(), /Đã ghi nhận/);
		const marks = await page.locator('.crit-table tbody tr td:last-child').allInnerTexts();
		assert.ok(marks.length >= 19 && marks.every((m) => /✓ Đạt/.test(m)), marks.join(' | '));
		assert.match(await page.locator('#c-1').innerText(), /Đã đối chiếu quy hoạch/);
	});

	test('the appraisal report goes up through the plain form; forwarding moves the dossier to the council', async () => {
		const file = ntm.file('bao-cao-tham-tra.pdf');
		fs.writeFileSync(file, d.pdf('bao cao tham tra huyen'));
		await page.locator('#kind').selectOption('appraisal_report');
		await page.locator('#file').setInputFiles(file);
		await Promise.all([
			page.waitForURL(new RegExp(`/dossiers/${x.id}\\?done=attach`)),
			page.locator('#files').getByRole('button', { name: 'Tải lên' }).click(),
		]);
		assert.match(await page.locator('#files').innerText(), /bao-cao-tham-tra/);
		await page.locator('#act-forward textarea[name="note"]').fill('Đủ điều kiện trình Hội đồng thẩm định');
		await Promise.all([
			page.waitForURL(new RegExp(`/dossiers/${x.id}\\?done=forward`)),
			page.locator('#act-forward').getByRole('button').click(),
		]);
		assert.equal(await page.locator('#state').innerText(), 'Hội đồng thẩm định tỉnh xem xét');
		assert.match(await page.locator('#timeline').innerText(), /Trình Hội đồng thẩm định tỉnh/);
		assert.equal(await page.locator('#act-appraise').count(), 0, 'nothing left for the district');
		const now = await d.get(ctx.observer, x.id);
		assert.equal(now.state.id, 'council_review');
		assert.ok(now.criteria.every((c) => c.appraisal === 'confirmed'));
	});
});

/* Every visible tap target of main (links, buttons, selects, text
 * inputs, and the labels that carry a radio or a checkbox) smaller than
 * 44 x 44 px: [{what, w, h}].  An inline link inside running text is no
 * tap target of its own (WCAG 2.5.8's inline exception). */
async function smallTargets(page, scope = 'main') {
	return page.evaluate((sel) => {
		const out = [];
		const root = document.querySelector(sel);
		const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
		const inline = (e) => e.tagName === 'A' && getComputedStyle(e).display === 'inline' &&
		    e.parentElement && /^(P|LI|TD|SPAN|STRONG|EM|SMALL)$/.test(e.parentElement.tagName) &&
		    e.parentElement.textContent.trim().length > e.textContent.trim().length + 2;
		const targets = [...root.querySelectorAll('a[href], button, select, input:not([type=hidden]):not([type=radio]):not([type=checkbox]), textarea')]
		    .filter((e) => visible(e) && !inline(e));
		for (const r of root.querySelectorAll('input[type=radio], input[type=checkbox]'))
			targets.push(r.closest('label') || r);
		for (const e of targets) {
			const b = e.getBoundingClientRect();
			if (b.width < 44 || b.height < 44)
				out.push({ what: `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} ${(e.textContent || e.name || '').trim().slice(0, 30)}`,
				    w: Math.round(b.width), h: Math.round(b.height) });
		}
		return out;
	}, scope);
}

for (const viewport of [{ width: 360, height: 800 }, { width: 1366, height: 768 }]) {
	describe(`the appraiser appraises every criterion explicitly at ${viewport.width}x${viewport.height}`, () => {
		let y;
		let page;
		let context;

		before(async () => {
			y = await d.oldDossier(ctx, 'district_appraisal');
			({ page, context } = await newPage({ viewport }));
			await login(page, ctx.huyen.username, `/dossiers/${y.id}`);
		});

		after(async () => {
			await context.close();
		});

		test('no choice is made in advance; each criterion shows its evaluation beside the choice', async () => {
			const form = page.locator('#act-appraise');
			const sets = form.locator('fieldset.ap');
			const n = await sets.count();
			assert.ok(n >= 19, `${n} criteria`);
			assert.equal(await form.locator('input[type=radio]:checked').count(), 0, 'nothing checked');
			for (let i = 0; i < n; i++)
				assert.match(await sets.nth(i).locator('.ap-eval').innerText(), /Kết quả đánh giá: .*(Đạt|Chưa đạt|Chưa có số liệu)/);
			await noHorizontalScroll(page, viewport.width);
			assert.deepEqual(await smallTargets(page, '#act-appraise'), [], 'tap targets of the appraisal form');
		});

		test('saving with criteria unchosen lists every one at the top, each linked to its field; the choices made stay', async () => {
			const form = page.locator('#act-appraise');
			const sets = form.locator('fieldset.ap');
			const n = await sets.count();
			await sets.nth(0).getByLabel('Xác nhận đạt').check();
			await sets.nth(0).locator('input[name^="an."]').fill('Đã đối chiếu');
			const seen = problems.length;
			await form.getByRole('button', { name: 'Ghi kết quả thẩm tra từng tiêu chí' }).click();
			await page.waitForLoadState();
			await page.locator('.error-summary').waitFor();
			/* the refusal is this test's 422, not a problem of the page */
			for (let i = problems.length - 1; i >= seen; i--)
				if (/422/.test(problems[i]) && /\/actions\/appraise/.test(problems[i]))
					problems.splice(i, 1);
			const links = page.locator('.error-summary li a');
			assert.equal(await links.count(), n - 1, 'every unchosen criterion is listed');
			assert.match(await links.first().innerText(), /^Chọn kết quả thẩm tra cho tiêu chí 2\. /);
			const id = (await links.first().getAttribute('href')).slice(1);
			assert.equal(await page.locator(`[id="${id}"]`).count(), 1, 'the link leads to the field');
			assert.ok(await page.locator('#act-appraise fieldset.ap').nth(0).getByLabel('Xác nhận đạt').isChecked(), 'kept');
			assert.equal(await page.locator('#act-appraise fieldset.ap').nth(0).locator('input[name^="an."]').inputValue(), 'Đã đối chiếu');
			assert.ok(!/criteria\.|attachments\./.test(await page.locator('main').innerText()), 'no field path');
			await noHorizontalScroll(page, viewport.width);
			await page.screenshot({ path: path.join(SHOTS, `dossiers-appraisal-unchosen-${viewport.width}.png`), fullPage: false });
		});

		test('choosing every criterion explicitly records the appraisal', async () => {
			const form = page.locator('#act-appraise');
			const sets = form.locator('fieldset.ap');
			const n = await sets.count();
			for (let i = 0; i < n; i++)
				await sets.nth(i).getByLabel('Xác nhận đạt').check();
			await page.screenshot({ path: path.join(SHOTS, `dossiers-appraisal-explicit-${viewport.width}.png`), fullPage: false });
			await Promise.all([
				page.waitForURL(new RegExp(`/dossiers/${y.id}\\?done=appraise`)),
				form.getByRole('button', { name: 'Ghi kết quả thẩm tra từng tiêu chí' }).click(),
			]);
			const now = await d.get(ctx.observer, y.id);
			assert.ok(now.criteria.every((c) => c.appraisal === 'confirmed'), 'every criterion confirmed');
			assert.equal(await page.locator('#act-appraise input[type=radio]:checked').count(), n, 'the page shows them chosen');
			await noHorizontalScroll(page, viewport.width);
		});
	});
}

describe('on a phone, without JavaScript', () => {
	test('the appraisal screen at 360 px', async () => {
		const y = await d.oldDossier(ctx, 'district_appraisal');
		const { page, context } = await newPage({ javaScriptEnabled: false });
		try {
			await login(page, ctx.huyen.username, `/dossiers/${y.id}`);
			await noHorizontalScroll(page);
			assert.equal(await page.locator('#act-appraise').count(), 1);
			await page.screenshot({ path: path.join(SHOTS, 'dossiers-appraisal-360.png') });
			/* the form works without scripts: a return with a reason */
			await page.locator('#act-return textarea[name="note"]').fill('Bổ sung biên bản niêm yết');
			await Promise.all([
				page.waitForURL(new RegExp(`/dossiers/${y.id}\\?done=return`)),
				page.locator('#act-return').getByRole('button').click(),
			]);
			assert.equal(await page.locator('#state').innerText(), 'Trả lại để bổ sung');
			await noHorizontalScroll(page);
		} finally {
			await context.close();
		}
	});

	test('the public register at 360 px, no sign-in', async () => {
		const { page, context } = await newPage({ javaScriptEnabled: false });
		try {
			await page.goto(`${ntm.base}/recognitions`);
			assert.equal(await page.locator('h1').innerText(), 'Danh sách đơn vị được công nhận');
			const rows = await page.locator('table.register tbody tr').count();
			assert.ok(rows > 0, 'the demo\'s recognised communes are listed');
			await noHorizontalScroll(page);
			await page.screenshot({ path: path.join(SHOTS, 'dossiers-register-360.png') });
			await page.locator('#r-year').fill('2025');
			await Promise.all([
				page.waitForURL(/\/recognitions\?(.*&)?year=2025/),
				page.getByRole('button', { name: 'Lọc' }).click(),
			]);
			const years = await page.locator('table.register tbody tr td.num').allInnerTexts();
			assert.ok(years.every((y) => y.trim() === '2025'), years.join(','));
		} finally {
			await context.close();
		}
	});

	test('no page errors, console errors or failed loads', () => {
		assert.deepEqual(problems, []);
	});
});
