'use strict';
/* Signing in and managing accounts in Chromium on a 360 px phone, as the
 * commune officer of Xã Sóc Sơn (demo account socson): the login form,
 * /me, the header, /users with only the accounts of Sóc Sơn, creating a
 * village officer through the form, a refused creation in Đà Nẵng, and
 * signing out.  Saves screenshots/login-360.png (and users-360.png). */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startDemo, Client, DEMO_PASSWORD, allUsers } = require('../lib/accounts');
const { launchBrowser, phonePage, SHOTS, VIEWPORT } = require('../lib/browser');
const { chooseUnit } = require('../lib/forms');
const { openMenu } = require('../lib/header');

let ntm;
let browser;
let context;		/* one signed-in journey: the tests run in order */
let page;
let observer;		/* an admin API token, to check what the pages did */
const problems = [];

before(async () => {
	ntm = await startDemo();
	const admin = await Client.login(ntm.base, 'admin');
	observer = await admin.makeTokenClient('observer');
	browser = await launchBrowser();
	({ context, page } = await phonePage(browser, problems, /status of 403/));
});

after(async () => {
	if (browser)
		await browser.close();
	if (ntm)
		await ntm.stop();
});

async function noHorizontalScroll(p = page) {
	const w = await p.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(w <= VIEWPORT.width, `${p.url()} is ${w} px wide at ${VIEWPORT.width} px`);
}

const header = () => page.locator('header.top');
/* At 360 px the header's links are in its "Menu": open it, then the header. */
async function headerMenu() {
	await openMenu(page);
	return header();
}
const usernamesListed = async () => (await page.locator('table.list tbody tr td:first-child code').allInnerTexts()).map((s) => s.trim());

describe('signing in as the commune officer of Xã Sóc Sơn at 360 px', () => {
	test('an anonymous visit to /users is sent to the login form', async () => {
		await page.goto(`${ntm.base}/users`);
		assert.equal(new URL(page.url()).pathname, '/login');
		assert.equal(new URL(page.url()).searchParams.get('next'), '/users');
		assert.equal(await page.locator('h1').innerText(), 'Đăng nhập');
		assert.equal(await page.locator('input[name="next"]').inputValue(), '/users');
		assert.equal(await (await headerMenu()).getByRole('link', { name: 'Đăng nhập' }).count(), 1);
	});

	test('logging in through the /login form lands on /home (what waits), the username in the header; screenshot saved', async () => {
		await page.goto(`${ntm.base}/login`);
		await page.getByLabel('Tên đăng nhập').fill('socson');
		await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
		await noHorizontalScroll();
		await page.screenshot({ path: path.join(SHOTS, 'login-360.png') });
		assert.ok(fs.statSync(path.join(SHOTS, 'login-360.png')).size > 1000);
		await Promise.all([
			page.waitForURL(`${ntm.base}/home`),
			page.getByRole('button', { name: 'Đăng nhập' }).click(),
		]);
		await page.goto(`${ntm.base}/me`);
		const me = (await headerMenu()).getByRole('link', { name: 'socson' });
		assert.equal(await me.count(), 1, 'the header links to /me with the username');
		assert.equal(await me.getAttribute('href'), '/me');
		assert.equal(await (await headerMenu()).getByRole('button', { name: 'Đăng xuất' }).count(), 1, 'a logout button');
		assert.equal(await (await headerMenu()).getByRole('link', { name: 'Đăng nhập' }).count(), 0);
		/* the role by its label and the unit by name, never a key or a code */
		const account = await page.locator('main').innerText();
		assert.match(account, /Cán bộ xã · Xã Sóc Sơn/);
		assert.doesNotMatch(account, /commune_officer|2025:/);
		const cookie = (await context.cookies()).find((c) => c.name === 'ntm_session');
		assert.ok(cookie, 'the session cookie');
		assert.equal(cookie.httpOnly, true);
		assert.equal(cookie.sameSite, 'Lax');
		assert.equal(await page.evaluate(() => document.cookie.includes('ntm_session')), false, 'not readable by scripts');
		await noHorizontalScroll();
	});

	test('/users lists only the accounts of Xã Sóc Sơn, and the create form', async () => {
		await page.goto(`${ntm.base}/users`);
		assert.equal(await page.locator('h1').innerText(), 'Tài khoản');
		const names = await usernamesListed();
		for (const n of ['socson', 'thon1', 'htx'])
			assert.ok(names.includes(n), `${n} listed (got ${names.join(', ')})`);
		for (const n of ['hanoi', 'danang', 'bana', 'admin', 'dieuphoi', 'thamdinh', 'ocop'])
			assert.ok(!names.includes(n), `${n} is not listed`);
		const form = page.locator('form[action="/users"]');
		assert.equal(await form.count(), 1);
		for (const label of ['Tên đăng nhập', 'Họ và tên', 'Mật khẩu', 'Vai trò', 'Tìm theo tên'])
			assert.equal(await form.getByLabel(label, { exact: true }).count(), 1, label);
		/* the unit is chosen by its name: no field asks for a code */
		assert.equal(await form.getByRole('radio', { name: /Xã Sóc Sơn/ }).isChecked(), true);
		assert.doesNotMatch(await form.innerText(), /2025:|commune_officer|village_officer/);
		assert.equal(await form.getByRole('button', { name: 'Tạo' }).count(), 1);
	});

	test('creating a village officer for 2025:00376-01 through the form lists it', async () => {
		await page.goto(`${ntm.base}/users`);
		const form = page.locator('form[action="/users"]');
		await form.getByLabel('Tên đăng nhập').fill('thon1-pho');
		await form.getByLabel('Họ và tên').fill('Phó thôn 1');
		await form.getByLabel('Mật khẩu').fill('village-password-1');
		await form.getByLabel('Vai trò').selectOption('village_officer');
		await chooseUnit(form, 'thon 1', /Thôn 1/);
		await Promise.all([
			page.waitForURL(`${ntm.base}/users?saved=1`),
			form.getByRole('button', { name: 'Tạo' }).click(),
		]);
		assert.equal(await page.locator('.error-summary').count(), 0, 'no error');
		assert.equal(await page.getByRole('status').innerText(), 'Đã lưu.');
		const row = page.locator('table.list tbody tr', { hasText: 'thon1-pho' });
		assert.equal(await row.count(), 1, 'the new account is listed');
		assert.match(await row.innerText(), /Trưởng thôn/);
		assert.match(await row.innerText(), /Phó thôn 1/);
		const u = (await allUsers(observer)).find((x) => x.username === 'thon1-pho');
		assert.deepEqual(u.roles.map((r) => `${r.role}@${r.structure}:${r.unit_code}`), ['village_officer@2025:00376-01']);
	});

	test('creating one for 2025:20308 (Xã Bà Nà, Đà Nẵng) shows the refusal and creates nothing', async () => {
		const before = await allUsers(observer);
		await page.goto(`${ntm.base}/users`);
		const form = page.locator('form[action="/users"]');
		await form.getByLabel('Tên đăng nhập').fill('bana-thon');
		await form.getByLabel('Họ và tên').fill('Trưởng thôn Bà Nà');
		await form.getByLabel('Mật khẩu').fill('village-password-1');
		await form.getByLabel('Vai trò').selectOption('village_officer');
		await chooseUnit(form, 'ba na', /Xã Bà Nà/);
		const [resp] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/users'),
			form.getByRole('button', { name: 'Tạo' }).click(),
		]);
		await page.waitForLoadState();
		assert.equal(resp.status(), 403);
		const err = page.getByRole('alert');
		assert.equal(await err.count(), 1, 'the refusal message');
		assert.match(await err.innerText(), /ngoài phạm vi/);
		assert.match(await err.innerText(), /Bà Nà/);
		/* the form is shown again with what was typed, the password apart */
		const again = page.locator('form[action="/users"]');
		assert.equal(await again.getByLabel('Tên đăng nhập').inputValue(), 'bana-thon');
		assert.equal(await again.getByRole('radio', { name: /Xã Bà Nà/ }).isChecked(), true);
		assert.equal(await again.getByLabel('Mật khẩu').inputValue(), '');
		assert.ok(!(await usernamesListed()).includes('bana-thon'));
		const after = await allUsers(observer);
		assert.equal(after.length, before.length, 'nothing created');
		assert.ok(!after.some((u) => u.username === 'bana-thon'));
		await page.screenshot({ path: path.join(SHOTS, 'users-360.png'), fullPage: true });
	});

	test('the account pages (/login, /me, /tokens, /users, /audit) do not scroll sideways at 360 px', async () => {
		const wide = [];
		for (const p of ['/login', '/me', '/tokens', '/users', '/audit']) {
			await page.goto(`${ntm.base}${p}`);
			const w = await page.evaluate(() => document.documentElement.scrollWidth);
			if (w > VIEWPORT.width)
				wide.push(`${p} is ${w} px wide`);
		}
		assert.deepEqual(wide, [], `at ${VIEWPORT.width} px: ${wide.join('; ')}`);
	});

	test('logging out from the header ends the session: the header offers the login again, /users asks for it', async () => {
		await page.goto(`${ntm.base}/me`);
		await Promise.all([
			page.waitForURL(`${ntm.base}/`),
			(await headerMenu()).getByRole('button', { name: 'Đăng xuất' }).click(),
		]);
		assert.equal(await (await headerMenu()).getByRole('link', { name: 'Đăng nhập' }).count(), 1);
		assert.equal(await (await headerMenu()).getByRole('link', { name: 'socson' }).count(), 0);
		assert.equal((await context.cookies()).filter((c) => c.name === 'ntm_session' && c.value !== '').length, 0, 'the cookie is gone');
		await page.goto(`${ntm.base}/users`);
		assert.equal(new URL(page.url()).pathname, '/login');
		assert.deepEqual(problems, []);
	});
});

describe('the login form\'s next', () => {
	test('a next with a tab (/<TAB>/evil.example/) does not send the browser to another site after login', async () => {
		await context.clearCookies();
		let offsite = null;
		const evil = (url) => url.hostname === 'evil.example';
		await page.route(evil, (route) => {
			offsite = route.request().url();
			return route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>evil</h1>' });
		});
		try {
			await page.goto(`${ntm.base}/login?next=${encodeURIComponent('/\t/evil.example/')}`);
			await page.getByLabel('Tên đăng nhập').fill('socson');
			await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
			const failed = [];
			const onFailed = (r) => failed.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`);
			page.on('requestfailed', onFailed);
			await page.getByRole('button', { name: 'Đăng nhập' }).click();
			/* the right outcome: the server ignores such a next and sends /home */
			await page.waitForURL(`${ntm.base}/home`, { timeout: 3000 }).catch(() => {});
			page.off('requestfailed', onFailed);
			assert.equal(offsite, null, `the browser went to ${offsite}`);
			assert.equal(page.url(), `${ntm.base}/home`, `expected to be signed in on /home; failed requests: ${failed.join('; ') || 'none'}`);
		} finally {
			await page.unroute(evil);
		}
	});
});
