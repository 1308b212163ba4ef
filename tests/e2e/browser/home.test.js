'use strict';
/* The main journey in Chromium on a 360 px phone: home page, search
 * "da nang", open Đà Nẵng, read the province page.  Also without
 * JavaScript.  Saves screenshots/province-360.png. */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startNtm } = require('../lib/ntm');
const { launchBrowser, SHOTS, VIEWPORT, ACTION_TIMEOUT_MS } = require('../lib/browser');
const { openMenu } = require('../lib/header');

let ntm;
let browser;
let jsContext;		/* shared by the tests, a fresh page each (contexts are slow to make) */
let noJsContext;

before(async () => {
	ntm = await startNtm();
	browser = await launchBrowser();
	jsContext = await browser.newContext({ viewport: VIEWPORT, locale: 'vi-VN' });
	noJsContext = await browser.newContext({ viewport: VIEWPORT, locale: 'vi-VN', javaScriptEnabled: false });
});

after(async () => {
	if (browser)
		await browser.close();
	if (ntm)
		await ntm.stop();
});

/* A new page with no cookies; problems collects failed loads and errors
 * (the favicon apart: api/http.test.js checks it). */
async function newPage({ javaScriptEnabled = true } = {}) {
	const context = javaScriptEnabled ? jsContext : noJsContext;
	await context.clearCookies();
	const page = await context.newPage();
	page.setDefaultTimeout(ACTION_TIMEOUT_MS);
	const problems = [];
	const favicon = (url) => /\/favicon\.ico$/.test(url || '');
	page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() === 'error' && !favicon(m.location().url))
			problems.push(`console: ${m.text()} ${m.location().url}`);
	});
	page.on('response', (r) => { if (r.status() >= 400 && !favicon(r.url())) problems.push(`${r.status()} ${r.url()}`); });
	page.on('requestfailed', (r) => { if (!favicon(r.url())) problems.push(`failed ${r.url()}`); });
	return { context, page, problems, close: () => page.close() };
}

/* Home → search "da nang" → click Đà Nẵng. */
async function searchDaNang(page) {
	await page.goto(`${ntm.base}/`);
	await page.getByRole('searchbox').fill('da nang');
	await Promise.all([
		page.waitForURL(/\/units\?/),
		page.getByRole('searchbox').press('Enter'),
	]);
	const result = page.locator('ul.results a', { hasText: 'Thành phố Đà Nẵng' }).first();
	await Promise.all([
		page.waitForURL(/\/units\/2025\/48$/),
		result.click(),
	]);
}

async function noHorizontalScroll(page) {
	const w = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(w <= VIEWPORT.width, `page is ${w} px wide at ${VIEWPORT.width} px`);
}

describe('search journey at 360 px', () => {
	test('home page shows the national counts and a search box, without horizontal scrolling', async () => {
		const { page, problems, close } = await newPage();
		try {
			await page.goto(`${ntm.base}/`);
			assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
			const cards = await page.locator('.cards').innerText();
			/* thousands grouped with a dot, the Vietnamese way */
			for (const n of ['34', '3.321', '63', '696', '10.035'])
				assert.match(cards, new RegExp(`\\b${n.replace('.', '\\.')}\\b`), n);
			assert.ok(await page.getByRole('searchbox').isVisible());
			await noHorizontalScroll(page);
			assert.deepEqual(problems, []);
		} finally {
			await close();
		}
	});

	test('typing "da nang" and submitting lists Thành phố Đà Nẵng first', async () => {
		const { page, problems, close } = await newPage();
		try {
			await page.goto(`${ntm.base}/`);
			await page.getByRole('searchbox').fill('da nang');
			await Promise.all([page.waitForURL(/\/units\?.*q=da\+nang/), page.getByRole('button', { name: 'Tìm' }).click()]);
			assert.match(await page.locator('h1').innerText(), /da nang/);
			const first = page.locator('ul.results li a').first();
			assert.equal(await first.innerText(), 'Thành phố Đà Nẵng');
			assert.equal(await first.getAttribute('href'), '/units/2025/48');
			assert.equal(await page.getByRole('searchbox').inputValue(), 'da nang');
			await noHorizontalScroll(page);
			assert.deepEqual(problems, []);
		} finally {
			await close();
		}
	});

	test('clicking the result opens the Đà Nẵng province page: h1, breadcrumb, 94 communes; screenshot saved', async () => {
		const { page, problems, close } = await newPage();
		try {
			await searchDaNang(page);
			assert.equal(await page.locator('h1').innerText(), 'Thành phố Đà Nẵng');
			assert.match(await page.title(), /^Thành phố Đà Nẵng · /);

			const crumbs = page.getByRole('navigation', { name: 'breadcrumb' });
			assert.equal(await crumbs.locator('a').count(), 1);
			assert.equal(await crumbs.locator('a').first().innerText(), 'Việt Nam');
			assert.equal(await crumbs.locator('a').first().getAttribute('href'), '/units/2025/VN');
			assert.match(await crumbs.innerText(), /Việt Nam\s*›\s*Đà Nẵng/);

			const rows = page.locator('table.list tbody tr');
			assert.equal(await rows.count(), 94);
			assert.match(await page.locator('h2', { hasText: 'Đơn vị trực thuộc' }).innerText(), /94/);
			const firstRow = await rows.first().locator('td').allInnerTexts();
			assert.match(firstRow[0], /^\d{5}$/);
			assert.match(firstRow[1], /^(Xã|Phường|Đặc khu) /);

			const formedFrom = page.locator('h2', { hasText: 'Hình thành từ' });
			assert.equal(await formedFrom.count(), 1, 'predecessors section');
			assert.equal(await page.locator('a[href="/units/pre2025/49"]').innerText(), 'Tỉnh Quảng Nam');

			await noHorizontalScroll(page);
			await page.screenshot({ path: path.join(SHOTS, 'province-360.png') });
			await page.screenshot({ path: path.join(SHOTS, 'province-360-full.png'), fullPage: true });
			assert.ok(fs.statSync(path.join(SHOTS, 'province-360.png')).size > 1000);
			assert.deepEqual(problems, []);
		} finally {
			await close();
		}
	});

	test('a commune link in the table opens that commune with the province in its breadcrumb', async () => {
		const { page, close } = await newPage();
		try {
			await page.goto(`${ntm.base}/units/2025/48`);
			const link = page.locator('table.list tbody tr td a').first();
			const name = await link.innerText();
			await Promise.all([page.waitForURL(/\/units\/2025\/\d{5}$/), link.click()]);
			assert.equal(await page.locator('h1').innerText(), name);
			const crumbs = page.getByRole('navigation', { name: 'breadcrumb' });
			assert.deepEqual(await crumbs.locator('a').allInnerTexts(), ['Việt Nam', 'Đà Nẵng']);
			await noHorizontalScroll(page);
		} finally {
			await close();
		}
	});

	test('the English link switches the page to English and back, keeping the page', async () => {
		const { page, close } = await newPage();
		try {
			await page.goto(`${ntm.base}/units/2025/48`);
			await Promise.all([page.waitForURL(/\/units\/2025\/48$/), (await openMenu(page)).locator('a.lang').click()]);
			assert.equal(await page.locator('html').getAttribute('lang'), 'en');
			assert.equal(await page.getByRole('button', { name: 'Search' }).count(), 1);
			await noHorizontalScroll(page);
			await Promise.all([page.waitForURL(/\/units\/2025\/48$/), (await openMenu(page)).locator('a.lang').click()]);
			assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
		} finally {
			await close();
		}
	});

	test('the children table gives names room at 360 px: the name column is wider than the code column', async () => {
		const { page, close } = await newPage();
		try {
			/* 48: communes (code and name columns); VN: provinces (plus a count column) */
			for (const p of ['/units/2025/48', '/units/2025/VN']) {
				await page.goto(`${ntm.base}${p}`);
				const [code, name] = await page.locator('table.list tbody tr').first().locator('td')
					.evaluateAll((tds) => tds.slice(0, 2).map((td) => td.getBoundingClientRect().width));
				assert.ok(name > code, `${p}: name column ${Math.round(name)} px, code column ${Math.round(code)} px`);
				const lines = await page.locator('table.list tbody tr td a').first().evaluate((a) => {
					const lh = parseFloat(getComputedStyle(a).lineHeight) || 24;
					return Math.round(a.getBoundingClientRect().height / lh);
				});
				assert.ok(lines <= 2, `${p}: the first name wraps onto ${lines} lines`);
			}
		} finally {
			await close();
		}
	});

	test('the longest pages (Hà Nội, a pre2025 ward with lineage) do not scroll sideways at 360 px', async () => {
		const { page, close } = await newPage();
		try {
			for (const p of ['/units/2025/01', '/units/2025/00004', '/units/pre2025/00016', '/units?q=an', '/units/2025/VN']) {
				await page.goto(`${ntm.base}${p}`);
				const w = await page.evaluate(() => document.documentElement.scrollWidth);
				assert.ok(w <= VIEWPORT.width, `${p} is ${w} px wide`);
			}
		} finally {
			await close();
		}
	});
});

describe('without JavaScript', () => {
	test('the whole journey works with JavaScript disabled', async () => {
		const { page, problems, close } = await newPage({ javaScriptEnabled: false });
		try {
			await searchDaNang(page);
			assert.equal(await page.locator('h1').innerText(), 'Thành phố Đà Nẵng');
			assert.equal(await page.locator('table.list tbody tr').count(), 94);
			assert.match(await page.getByRole('navigation', { name: 'breadcrumb' }).innerText(), /Việt Nam\s*›\s*Đà Nẵng/);
			await noHorizontalScroll(page);
			assert.deepEqual(problems, []);
		} finally {
			await close();
		}
	});

	test('the language switch works with JavaScript disabled (plain link and cookie)', async () => {
		const { context, page, close } = await newPage({ javaScriptEnabled: false });
		try {
			await page.goto(`${ntm.base}/`);
			await Promise.all([page.waitForURL(`${ntm.base}/`), (await openMenu(page)).locator('a.lang').click()]);
			assert.equal(await page.locator('html').getAttribute('lang'), 'en');
			const cookies = await context.cookies();
			assert.ok(cookies.some((c) => c.name === 'lang' && c.value === 'en'));
		} finally {
			await close();
		}
	});
});

/* ---- issue 14: each role lands on its own page -------------------------- */

const { startDemo, DEMO_PASSWORD } = require('../lib/accounts');
const DESKTOP = { width: 1366, height: 768 };
/* Role keys, codes like 2025:00376 or a bare 5-digit code, field paths. */
const INTERNAL = /\b(commune_officer|province_officer|village_officer|appraiser|ocop_evaluator|producer|coordinator)\b|\b(2025|pre2025):\w+|\b\d{5}\b|\b(answers|values|attachments)\.\w/;

describe('each demo role lands on its own page after signing in', () => {
	let demo;
	let demoBrowserContexts = [];

	before(async () => { demo = await startDemo(); });
	after(async () => {
		for (const c of demoBrowserContexts) await c.close().catch(() => {});
		if (demo) await demo.stop();
	});

	/* Log in through the form (JavaScript off: the plain form). */
	async function signIn(username, viewport) {
		const context = await browser.newContext({ viewport, locale: 'vi-VN', javaScriptEnabled: false });
		demoBrowserContexts.push(context);
		const page = await context.newPage();
		page.setDefaultTimeout(ACTION_TIMEOUT_MS);
		await page.goto(`${demo.base}/login`);
		await page.getByLabel('Tên đăng nhập').fill(username);
		await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
		await Promise.all([page.waitForURL(`${demo.base}/home`), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
		return page;
	}

	/* Every link and button of the page's visible area is at least 44 px high. */
	async function smallTargets(page) {
		return page.evaluate(() => [...document.querySelectorAll('main a, main button, header nav a, header nav button')]
			.filter((el) => el.offsetParent !== null)
			.map((el) => ({ t: el.innerText.trim().slice(0, 40), h: el.getBoundingClientRect().height }))
			.filter((x) => x.h < 44));
	}

	const expected = {
		socson: { h: 'Đợt khảo sát đang mở', glance: 'Xã Sóc Sơn' },
		hanoi: { h: 'Hồ sơ chờ bạn xử lý', glance: 'Thành phố Hà Nội' },
		huyen: { h: null, glance: 'Huyện Sóc Sơn' },
		thamdinh: { h: 'Hồ sơ chờ bạn xử lý', glance: 'Thành phố Hà Nội' },
		htx: { h: null, glance: null },
		thon1: { h: 'Đợt khảo sát đang mở', glance: null },
		admin: { h: 'Hồ sơ quá hạn ở cấp dưới', glance: 'Cả nước' },
	};

	for (const [user, want] of Object.entries(expected)) {
		test(`${user}: lands on /home with what waits for them, links that work, no internal identifier`, async () => {
			for (const viewport of [VIEWPORT, DESKTOP]) {
				const page = await signIn(user, viewport);
				assert.equal(await page.locator('h1').innerText(), 'Việc của tôi');
				const main = await page.locator('main').innerText();
				/* at 360 px the navigation is in the header's Menu: open it to read it */
				const summary = page.locator('header.top details.menu > summary');
				const folded = await summary.isVisible();
				if (folded)
					await summary.click();
				const nav = await page.locator('header nav').innerText();
				if (folded)
					await summary.click();
				if (want.h)
					assert.match(main, new RegExp(want.h), `${user}: ${main}`);
				if (want.glance)
					assert.match(await page.locator('.glance').innerText(), new RegExp(want.glance));
				assert.doesNotMatch(main, INTERNAL, `${user} main`);
				assert.doesNotMatch(nav, INTERNAL, `${user} nav`);
				const w = await page.evaluate(() => document.documentElement.scrollWidth);
				assert.ok(w <= viewport.width, `${user}: ${w} px wide at ${viewport.width}`);
				assert.deepEqual(await smallTargets(page), [], `${user} at ${viewport.width}: tap targets under 44 px`);
				if (viewport === VIEWPORT)
					await page.screenshot({ path: path.join(SHOTS, `home-${user}-360.png`), fullPage: true });
				/* every link of the inbox opens a page (no error, no login) */
				const hrefs = [...new Set(await page.locator('main .inbox a, main .glance a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))))];
				for (const href of hrefs) {
					const r = await page.goto(`${demo.base}${href}`);
					assert.equal(r.status(), 200, `${user}: ${href}`);
					assert.notEqual(new URL(page.url()).pathname, '/login', `${user}: ${href}`);
				}
				await page.context().close();
			}
		});
	}

	test('the navigation offers what each role may do: the producer has no dossiers or survey design, the officer has', async () => {
		const htx = await signIn('htx', VIEWPORT);
		const links = await htx.locator('header nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		assert.ok(!links.includes('/dossiers') && !links.includes('/surveys') && !links.includes('/users'), links.join(' '));
		assert.ok(links.includes('/s') && links.includes('/recognitions'));
		const socson = await signIn('socson', VIEWPORT);
		const officer = await socson.locator('header nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		for (const h of ['/home', '/dossiers', '/surveys', '/users'])
			assert.ok(officer.includes(h), `${h} in ${officer.join(' ')}`);
	});

	test('a citizen reaches the open surveys from the home page without a login, by the commune\'s name', async () => {
		const context = await browser.newContext({ viewport: VIEWPORT, locale: 'vi-VN', javaScriptEnabled: false });
		demoBrowserContexts.push(context);
		const page = await context.newPage();
		page.setDefaultTimeout(ACTION_TIMEOUT_MS);
		await page.goto(`${demo.base}/`);
		await Promise.all([page.waitForURL(`${demo.base}/s`), page.locator('main a[href="/s"]').click()]);
		await page.getByLabel('Tìm xã, phường hoặc tỉnh của bạn').fill('soc son');
		await Promise.all([page.waitForURL(/\/s\?q=soc\+son/), page.getByRole('button', { name: 'Tìm', exact: true }).last().click()]);
		assert.match(await page.locator('main h2').first().innerText(), /Xã Sóc Sơn/);
		assert.doesNotMatch(await page.locator('main').innerText(), INTERNAL);
		assert.deepEqual(await smallTargets(page), []);
		const w = await page.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(w <= VIEWPORT.width);
		await page.screenshot({ path: path.join(SHOTS, 'surveys-public-list-360.png'), fullPage: true });
		await Promise.all([page.waitForURL(/\/s\/1$/), page.locator('main .inbox a[href="/s/1"]').click()]);
		assert.equal(new URL(page.url()).pathname, '/s/1');
		/* the first screen: the code box, not a note to officials */
		const codeBox = await page.locator('#code').boundingBox();
		assert.ok(codeBox && codeBox.y < VIEWPORT.height, `the code box is on the first screen (y=${codeBox && codeBox.y})`);
		assert.doesNotMatch(await page.locator('main').innerText(), /Mẫu bảng hỏi để sao chép/);
	});
});
