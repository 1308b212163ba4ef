'use strict';
/*
 * phone.test.js - the pages people read (docs/DEVELOPING.md "Pages people
 * read"), walked as their people: the main page of every module, as the
 * demo account whose work it is, at 360 x 800 and 1366 x 768, JavaScript
 * on and off.  On each page, measured in the page:
 *   - the page never scrolls sideways;
 *   - no word of a table cell is cut across two lines (each word's
 *     Range.getClientRects on more than one line is a cut);
 *   - every visible tap target (buttons, fields, choices, links of
 *     navigation, tables, lists and pagers) is at least 44 x 44 px;
 *   - no internal identifier in the visible text: role keys, unit
 *     references (2025:00376, pre2025:...), field paths (values.3.1).
 * And a form with several problems lists them all at once, at the top,
 * each linked to its field, keeping what was typed; a saved form says so.
 * Screenshots: <e2e>/screenshots/phone-*-360.png, whole pages, and
 * phone-*-360-top.png, their first screen (docs/img/ keeps some of those;
 * copy them again by hand when the pages change).
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo, DEMO_PASSWORD } = require('../lib/accounts');
const { launchBrowser, SHOTS, ACTION_TIMEOUT_MS } = require('../lib/browser');
const { badInputs } = require('../lib/ntm');
const { chooseUnit, problemsListed } = require('../lib/forms');

const PHONE = { width: 360, height: 800 };
const DESKTOP = { width: 1366, height: 768 };
const SET_NEW = 'ntm-xa-2026-2030';

/* The main page of each module, as whom.  todo: a page whose fix belongs
 * to another part of issue 14, named, until it lands. */
const PAGES = [
	{ who: null, name: 'home', path: '/' },
	{ who: null, name: 'unit', path: '/units/2025/00376' },
	{ who: null, name: 'register', path: '/recognitions' },
	{ who: null, name: 'register-sorted', path: '/recognitions?sort=name&dir=desc&limit=20' },
	{ who: null, name: 'rollup', path: `/units/2025/01/rollup/${SET_NEW}/2026` },
	{ who: null, name: 'evaluation', path: `/units/2025/00376/evaluation/${SET_NEW}/2026` },
	{ who: null, name: 'survey-results', path: '/campaigns/2/results' },
	{ who: 'socson', name: 'dossiers', path: '/dossiers' },
	{ who: 'socson', name: 'indicators', path: `/units/2025/00376/indicators/${SET_NEW}/2026` },
	{ who: 'socson', name: 'surveys', path: '/surveys' },
	{ who: 'socson', name: 'campaign', path: '/campaigns/1' },
	{ who: 'socson', name: 'users', path: '/users' },
	{ who: 'hanoi', name: 'province-dossiers', path: '/dossiers' },
	{ who: 'hanoi', name: 'watch', path: '/recognitions/watch' },
	{ who: 'thamdinh', name: 'appraisal', path: '/dossiers/1' },
	{ who: 'admin', name: 'audit', path: '/audit' },
	{ who: null, name: 'legal-library', path: '/van-ban' },
	{ who: null, name: 'legal-document', path: '/van-ban/qd-18-2022-qd-ttg' },
];

/* Visible text that only a developer should read. */
const INTERNAL = [
	[/\b(province_officer|commune_officer|village_officer|ocop_evaluator|coordinator)\b/, 'a role key'],
	[/\b(2025|pre2025):[0-9A-Za-z][0-9A-Za-z-]*/, 'a unit reference'],
	[/\b(values|answers|attachments)\.[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*/, 'a field path'],
];

let ntm;
let browser;
const contexts = {};	/* "who/w/js" -> context, signed in once */

before(async () => {
	ntm = await startDemo();
	browser = await launchBrowser();
});

after(async () => {
	for (const c of Object.values(contexts))
		await c.close();
	if (browser)
		await browser.close();
	if (ntm)
		await ntm.stop();
});

/* A context for who (null: anonymous) at viewport, with or without JS;
 * signed in through the login form. */
async function contextFor(who, viewport, js) {
	const key = `${who}/${viewport.width}/${js}`;
	if (contexts[key])
		return contexts[key];
	const context = await browser.newContext({ viewport, locale: 'vi-VN', javaScriptEnabled: js });
	if (who) {
		const page = await context.newPage();
		page.setDefaultTimeout(ACTION_TIMEOUT_MS);
		await page.goto(`${ntm.base}/login`);
		await page.getByLabel('Tên đăng nhập').fill(who);
		await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
		await page.close();
	}
	contexts[key] = context;
	return context;
}

/* The whole page (name.png) and its first screen (name-top.png: what
 * docs/img/ keeps). */
async function shoot(page, name) {
	await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
	await page.screenshot({ path: path.join(SHOTS, `${name}-top.png`) });
}

/* Everything measured in the page at once (runs in the browser). */
function measure() {
	const out = { scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth,
		cuts: [], small: [], text: document.body.innerText };
	const visible = (el) => {
		const r = el.getBoundingClientRect();
		const s = getComputedStyle(el);
		return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' &&
		    !el.closest('.vh, .skip, [hidden]');
	};
	/* Words cut across lines in table cells.  A word: a run without a
	 * space or a dash (a dash or slash is a place a line may break). */
	for (const cell of document.querySelectorAll('td, th')) {
		if (!visible(cell))
			continue;
		const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			const re = /[^\s\-–—/]+/g;
			let m;
			while ((m = re.exec(n.data)) !== null) {
				if (m[0].length < 2)
					continue;
				const range = document.createRange();
				range.setStart(n, m.index);
				range.setEnd(n, m.index + m[0].length);
				const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0)
				    .map((r) => Math.round(r.top)));
				if (tops.size > 1)
					out.cuts.push(m[0]);
			}
		}
	}
	/* Tap targets.  Radios and checkboxes are reached through their
	 * label; a link inside a sentence is not a target of its own. */
	const targets = 'button, input:not([type=hidden]):not([type=radio]):not([type=checkbox]), select, ' +
	    'textarea, nav a, table a, .pager a, .tabs a, .links a, .results a, .crumbs a, .switch a, ' +
	    '.error-summary a, label.choice, label.check, .opt';
	for (const el of document.querySelectorAll(targets)) {
		if (!visible(el) || el.closest('form.picker-find'))
			continue;
		const r = el.getBoundingClientRect();
		if (r.height < 43.5 || r.width < 43.5)
			out.small.push(`${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} ` +
			    `"${(el.innerText || el.value || el.name || '').trim().slice(0, 30)}" ` +
			    `${Math.round(r.width)}x${Math.round(r.height)}`);
	}
	return out;
}

function check(m, viewport, label) {
	assert.ok(m.scrollWidth <= viewport.width, `${label}: the page is ${m.scrollWidth} px wide`);
	assert.deepEqual(m.cuts, [], `${label}: words cut inside a table cell`);
	assert.deepEqual(m.small, [], `${label}: tap targets under 44 px`);
	for (const [re, what] of INTERNAL) {
		const hit = re.exec(m.text);
		assert.equal(hit, null, `${label}: ${what} in the visible text: "${hit && hit[0]}"`);
	}
}

for (const viewport of [PHONE, DESKTOP]) {
	for (const js of [true, false]) {
		describe(`the main pages at ${viewport.width} px, JavaScript ${js ? 'on' : 'off'}`, () => {
			for (const p of PAGES) {
				test(`${p.name} (${p.path}) as ${p.who || 'a citizen'}`, { todo: p.todo }, async () => {
					const context = await contextFor(p.who, viewport, js);
					const page = await context.newPage();
					page.setDefaultTimeout(ACTION_TIMEOUT_MS);
					try {
						const r = await page.goto(`${ntm.base}${p.path}`);
						assert.equal(r.status(), 200, `${p.path} answers`);
						if (js && viewport === PHONE)
							await shoot(page, `phone-${p.name}-360`);
						check(await page.evaluate(measure), viewport, p.path);
					} finally {
						await page.close();
					}
				});
			}
		});
	}
}

describe('forms in the officer\'s words', () => {
	for (const js of [true, false]) {
		test(`a refused form lists every problem at once, each linked to its field, and keeps what was typed (JavaScript ${js ? 'on' : 'off'})`, async () => {
			const context = await contextFor('socson', PHONE, js);
			const page = await context.newPage();
			page.setDefaultTimeout(ACTION_TIMEOUT_MS);
			try {
				await page.goto(`${ntm.base}/users`);
				const form = page.locator('form[action="/users"]');
				/* The browser's own checks would stop an empty form: the
				 * server's are the ones under test. */
				await form.evaluate((f) => { f.noValidate = true; });
				await form.getByLabel('Họ và tên').fill('Cán bộ mới');
				await form.getByLabel('Mật khẩu', { exact: true }).fill('short');
				const [resp] = await Promise.all([
					page.waitForResponse((r) => r.request().method() === 'POST'),
					form.getByRole('button', { name: 'Tạo' }).click(),
				]);
				await page.waitForLoadState();
				assert.equal(resp.status(), 422);
				const listed = await problemsListed(page);
				assert.deepEqual(listed.map((p) => p.href), ['#f-username', '#f-password']);
				assert.match(listed[0].text, /Tên đăng nhập/);
				assert.match(listed[1].text, /ít nhất 8 ký tự/);
				for (const p of listed)
					assert.equal(await page.locator(p.href).count(), 1, `${p.href} is on the page`);
				assert.equal(await page.locator('#f-full_name').inputValue(), 'Cán bộ mới', 'what was typed stays');
				assert.equal(await page.locator('#f-password').inputValue(), '', 'but not a password');
				for (const [re, what] of INTERNAL)
					assert.doesNotMatch(await page.locator('.error-summary').innerText(), re, what);
				await shoot(page, `phone-form-problems-${js ? 'js' : 'nojs'}-360`);
				check(await page.evaluate(measure), PHONE, 'the refused form');
			} finally {
				await page.close();
			}
		});

		test(`a unit is chosen by its name, and a saved form says so (JavaScript ${js ? 'on' : 'off'})`, async () => {
			const context = await contextFor('socson', PHONE, js);
			const page = await context.newPage();
			page.setDefaultTimeout(ACTION_TIMEOUT_MS);
			const username = `thon1-phone-${js ? 'js' : 'nojs'}`;
			try {
				await page.goto(`${ntm.base}/users`);
				const form = page.locator('form[action="/users"]');
				/* Without JavaScript the search reloads the page: choose
				 * the unit first. */
				await chooseUnit(form, 'thon 1', /Thôn 1/);
				if (!js)
					assert.match(page.url(), /\/users\?unit_q=thon\+1/);
				else
					assert.equal(new URL(page.url()).search, '', 'static/picker.js searched in place');
				assert.equal(await form.getByRole('textbox', { name: /mã/i }).count(), 0, 'no field asks for a code');
				await form.getByLabel('Tên đăng nhập').fill(username);
				await form.getByLabel('Họ và tên').fill('Phó thôn');
				await form.getByLabel('Mật khẩu', { exact: true }).fill('village-password-1');
				await form.getByLabel('Vai trò').selectOption({ label: 'Trưởng thôn' });
				await form.locator('fieldset.picker').scrollIntoViewIfNeeded();
				await shoot(page, `phone-unit-picker-choices-${js ? 'js' : 'nojs'}-360`);
				await Promise.all([
					page.waitForURL(/\/users\?saved=1$/),
					form.getByRole('button', { name: 'Tạo' }).click(),
				]);
				assert.equal(await page.getByRole('status').innerText(), 'Đã lưu.');
				const row = page.locator('table.list tbody tr', { hasText: username });
				assert.match(await row.innerText(), /Trưởng thôn · Thôn 1/);
				await shoot(page, `phone-unit-picker-${js ? 'js' : 'nojs'}-360`);
			} finally {
				await page.close();
			}
		});
	}

	test('the picker\'s search takes every bad input of the catalogue: no 500, nothing unescaped', async () => {
		const context = await contextFor('socson', PHONE, true);
		const b = badInputs();
		const hostile = [...b.html_script, ...b.sql, ...b.paths, ...Object.values(b.unicode)];
		const raw = /<script(?! src="\/static\/picker\.js")|<img|onerror=|onload=|<\/textarea>|<!--/i;
		for (const v of hostile) {
			const r = await context.request.get(`${ntm.base}/users?unit_q=${encodeURIComponent(v)}`);
			const label = JSON.stringify(v).slice(0, 60);
			assert.ok(r.status() < 500, `${label} -> ${r.status()}`);
			if (r.status() === 200)
				assert.doesNotMatch(await r.text(), raw, `${label} appears unescaped`);
		}
	});
});
