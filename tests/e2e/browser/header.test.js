'use strict';
/* The signed-in header on a 360 px phone (issue 14): at most two rows
 * (the brand and a "Menu", then the search) for every role - a citizen
 * (no account), the producer, the commune officer, the province officer,
 * the appraiser and the administrator - its controls tap targets of
 * 44 × 44 px; the menu opens without JavaScript and holds the
 * navigation, the account, sign-out and the language; at 1366 px the
 * navigation sits in the bar, no menu to open.  Saves
 * screenshots/header-<who>-360.png, header-<who>-360-open.png and
 * header-<who>-1366.png. */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo, DEMO_PASSWORD } = require('../lib/accounts');
const { launchBrowser, SHOTS, VIEWPORT, ACTION_TIMEOUT_MS } = require('../lib/browser');

const WIDE = { width: 1366, height: 768 };
const WHO = [
	['citizen', null],
	['producer', 'htx'],
	['commune officer', 'socson'],
	['province officer', 'hanoi'],
	['appraiser', 'thamdinh'],
	['admin', 'admin'],
];

let ntm;
let browser;
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

async function pageAs(user, viewport, javaScriptEnabled) {
	const context = await browser.newContext({ viewport, locale: 'vi-VN', javaScriptEnabled });
	const page = await context.newPage();
	page.setDefaultTimeout(ACTION_TIMEOUT_MS);
	page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	if (user) {
		await page.goto(`${ntm.base}/login`);
		await page.locator('main').getByLabel('Tên đăng nhập').fill(user);
		await page.locator('main').getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
		await Promise.all([page.waitForURL(`${ntm.base}/home`),
		    page.locator('main').getByRole('button', { name: 'Đăng nhập' }).click()]);
	} else {
		await page.goto(`${ntm.base}/`);
	}
	return page;
}

/* The header's visible controls: their rows (distinct tops, to the px),
 * the header's height, and the controls under 44 × 44 px. */
async function measure(page) {
	return page.locator('header.top').evaluate((h) => {
		const els = [...h.querySelectorAll('a[href], button, input:not([type=hidden]), summary')]
			.filter((el) => el.checkVisibility({ visibilityProperty: true }) && el.getBoundingClientRect().width > 0);
		const boxes = els.map((el) => ({ el, r: el.getBoundingClientRect() }));
		/* a row: controls whose vertical spans overlap */
		const rows = [];
		for (const { r } of boxes.sort((a, b) => a.r.top - b.r.top)) {
			const row = rows.find((x) => r.top < x.bottom - 4 && r.bottom > x.top + 4);
			if (row) {
				row.top = Math.min(row.top, r.top);
				row.bottom = Math.max(row.bottom, r.bottom);
			} else {
				rows.push({ top: r.top, bottom: r.bottom });
			}
		}
		return {
			rows: rows.length,
			height: Math.round(h.getBoundingClientRect().height),
			small: boxes.filter(({ r }) => r.width < 43.5 || r.height < 43.5)
				.map(({ el, r }) => `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`),
			texts: boxes.map(({ el }) => el.textContent.trim()).filter((t) => t),
		};
	});
}

describe('the header at 360 px: two rows for every role, the menu holds the rest', () => {
	for (const [who, user] of WHO) {
		for (const js of [true, false]) {
			test(`${who}${js ? '' : ', JavaScript off'}: two rows, 44 px targets, sign-out and language in the menu`, async () => {
				const page = await pageAs(user, VIEWPORT, js);
				try {
					const m = await measure(page);
					assert.ok(m.rows <= 2, `${who}: the header takes ${m.rows} rows (${m.texts.join(' | ')})`);
					assert.ok(m.height <= 140, `${who}: the header is ${m.height} px high`);
					assert.deepEqual(m.small, [], `${who}: header targets under 44 px`);
					const fold = await page.locator('header.top').screenshot();
					assert.ok(fold.length > 500);
					if (js)
						await page.screenshot({ path: path.join(SHOTS, `header-${user || 'citizen'}-360.png`) });
					/* the menu opens with a tap, no script needed */
					const menu = page.locator('header.top details.menu > summary');
					assert.equal(await menu.innerText(), 'Menu');
					await menu.click();
					const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
					if (user) {
						assert.equal(await nav.getByRole('button', { name: 'Đăng xuất' }).count(), 1, 'sign-out in the menu');
						assert.equal(await nav.getByRole('link', { name: user }).count(), 1, 'the account in the menu');
					} else {
						assert.equal(await nav.getByRole('link', { name: 'Đăng nhập' }).count(), 1, 'sign-in in the menu');
					}
					assert.equal(await nav.getByRole('link', { name: 'English' }).count(), 1, 'the language in the menu');
					assert.ok(await nav.getByRole('link').count() >= 3);
					const open = await measure(page);
					assert.deepEqual(open.small, [], `${who}: menu targets under 44 px`);
					const w = await page.evaluate(() => document.documentElement.scrollWidth);
					assert.ok(w <= VIEWPORT.width, `${who}: the page is ${w} px wide with the menu open`);
					if (js)
						await page.screenshot({ path: path.join(SHOTS, `header-${user || 'citizen'}-360-open.png`) });
					/* the language switch works from the menu */
					await Promise.all([page.waitForNavigation(), nav.getByRole('link', { name: 'English' }).click()]);
					assert.equal(await page.locator('header.top details.menu > summary').innerText(), 'Menu');
					assert.equal(await page.locator('html').getAttribute('lang'), 'en');
				} finally {
					await page.context().close();
				}
			});
		}
	}
});

describe('the header at 1366 px: the navigation in the bar, as before', () => {
	for (const [who, user] of WHO) {
		test(`${who}: no menu to open, every link and sign-out visible`, async () => {
			const page = await pageAs(user, WIDE, true);
			try {
				assert.equal(await page.locator('header.top details.menu > summary').isVisible(), false, 'no Menu button');
				const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
				assert.ok(await nav.getByRole('link', { name: 'English' }).isVisible());
				if (user)
					assert.ok(await nav.getByRole('button', { name: 'Đăng xuất' }).isVisible());
				else
					assert.ok(await nav.getByRole('link', { name: 'Đăng nhập' }).isVisible());
				const m = await measure(page);
				assert.ok(m.rows <= 3, `${who}: ${m.rows} rows at 1366 px`);
				assert.deepEqual(m.small, [], `${who}: header targets under 44 px`);
				await page.screenshot({ path: path.join(SHOTS, `header-${user || 'citizen'}-1366.png`) });
			} finally {
				await page.context().close();
			}
		});
	}

	test('no page error on the way', () => {
		assert.deepEqual(problems, []);
	});
});
