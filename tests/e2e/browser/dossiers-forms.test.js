'use strict';
/*
 * A commune officer opens a recognition dossier on a 360 px phone (issue
 * 14), in Chromium with JavaScript on and off: the unit, the criteria set
 * and the satisfaction survey are chosen by name - no code is typed or
 * shown - a refused form lists every problem at the top, each a link to
 * its input, with what was chosen and typed kept, and the corrected form
 * opens the dossier.  Saves screenshots/dossiers-new-form-360-js-{on,off}.png
 * (the form; docs/img/phone-dossier-new-360.png is the one without
 * JavaScript), dossiers-new-refused-360-js-{on,off}.png and
 * dossiers-new-360-js-{on,off}.png.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo, DEMO_PASSWORD } = require('../lib/accounts');
const { launchBrowser, SHOTS, VIEWPORT, ACTION_TIMEOUT_MS } = require('../lib/browser');
const { problemsListed } = require('../lib/forms');
const d = require('../lib/dossiers');

/* Visible text that only a developer should read (as phone.test.js). */
const INTERNAL = [
	[/\b(province_officer|commune_officer|village_officer|coordinator)\b/, 'a role key'],
	[/\b(2025|pre2025):[0-9A-Za-z][0-9A-Za-z-]*/, 'a unit reference'],
	[/\b(values|answers|attachments|criteria)\.[A-Za-z0-9_]+/, 'a field path'],
	[/\b(ntm-xa-[0-9a-z-]+|commune-ntm-[0-9-]+|set_id|campaign_id|row_version)\b/, 'an identifier'],
];

let ntm;
let ctx;
let browser;
const problems = [];

before(async () => {
	ntm = await startDemo();
	ctx = await d.setup(ntm);
	browser = await launchBrowser();
});

after(async () => {
	if (browser)
		await browser.close();
	if (ntm)
		await ntm.stop();
});

async function noInternal(page, label) {
	const seen = await page.locator('main').innerText();
	for (const [re, what] of INTERNAL) {
		const hit = re.exec(seen);
		assert.equal(hit, null, `${label}: ${what} in the visible text: "${hit && hit[0]}"`);
	}
}

async function noHorizontalScroll(page) {
	const w = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(w <= VIEWPORT.width, `${page.url()} is ${w} px wide at ${VIEWPORT.width} px`);
}

/* Controls of scope smaller than 44 x 44 px (radios through their label). */
async function smallTargets(page, scope) {
	return page.evaluate((sel) => {
		const out = [];
		for (const e of document.querySelectorAll(`${sel} button, ${sel} select, ${sel} textarea, ` +
		    `${sel} input:not([type=hidden]):not([type=radio]), ${sel} label.choice, ${sel} a`)) {
			const b = e.getBoundingClientRect();
			if (b.width > 0 && (b.width < 43.5 || b.height < 43.5))
				out.push(`${e.tagName.toLowerCase()}#${e.id} ${Math.round(b.width)}x${Math.round(b.height)}`);
		}
		return out;
	}, scope);
}

/* The text of the option of select whose label matches re. */
async function optionLabel(select, re) {
	const labels = await select.locator('option').allInnerTexts();
	const hit = labels.find((l) => re.test(l));
	assert.ok(hit, `an option matching ${re} among ${labels.join(' | ')}`);
	return hit;
}

for (const js of [false, true]) {
	describe(`a commune officer opens a dossier by names at 360 px, JavaScript ${js ? 'on' : 'off'}`, () => {
		let c, name, survey, page, context;

		before(async () => {
			c = await d.freshCommune(ctx);
			const [s, code] = c.unit.split(':');
			name = d.ok(await ctx.anon.get(`${d.API}/units/${s}/${code}`)).full_name;
			survey = `Khảo sát sự hài lòng của người dân năm 2025 (${js ? 'có' : 'không'} JavaScript)`;
			await d.closedCampaign(ctx, c.unit, { title: survey });
			context = await browser.newContext({ viewport: VIEWPORT, locale: 'vi-VN', javaScriptEnabled: js });
			page = await context.newPage();
			page.setDefaultTimeout(ACTION_TIMEOUT_MS);
			page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
			page.on('response', (r) => {
				if (r.status() >= 500)
					problems.push(`${r.status()} ${r.url()}`);
			});
			await page.goto(`${ntm.base}/dossiers`);
			await page.getByLabel('Tên đăng nhập').fill(c.officer.username);
			await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
			await Promise.all([page.waitForURL(`${ntm.base}/dossiers`),
				page.locator('main').getByRole('button', { name: 'Đăng nhập' }).click()]);
		});

		after(async () => {
			await context.close();
		});

		test('the form offers the commune, the sets and the surveys by name; nothing to type but the year', async () => {
			const f = page.locator('#new-form');
			assert.ok(await f.getByRole('radio', { name: new RegExp(name) }).isChecked(), 'the commune, chosen');
			assert.equal(await f.locator('input[name="set_id"], input[name="campaign_id"]').count(), 0);
			const set = await f.locator('#f-set_id option:checked').innerText();
			assert.match(set, /Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021–2025/, 'the domain\'s default');
			await optionLabel(f.locator('#f-campaign_id'), new RegExp(`^${survey.replace(/[()]/g, '\\$&')} · đã kết thúc`));
			assert.equal(await f.locator('#f-year').inputValue(), '2025');
			await noInternal(page, '/dossiers');
			await noHorizontalScroll(page);
			assert.deepEqual(await smallTargets(page, '#new-form'), [], 'tap targets of the form');
			await f.screenshot({ path: path.join(SHOTS, `dossiers-new-form-360-js-${js ? 'on' : 'off'}.png`) });
		});

		test('a refused form lists its problems at the top, each a link to its input; the choices stay', async () => {
			const f = page.locator('#new-form');
			await f.locator('#f-set_id').selectOption({ label: await optionLabel(f.locator('#f-set_id'), /xã nông thôn mới giai đoạn 2021–2025/) });
			const camp = await optionLabel(f.locator('#f-campaign_id'), new RegExp(survey.replace(/[()]/g, '\\$&')));
			await f.locator('#f-campaign_id').selectOption({ label: camp });
			await f.locator('#f-year').fill('20x5');
			await f.locator('#f-note').fill('Hồ sơ năm 2025 của xã');
			await f.getByRole('button', { name: 'Tạo hồ sơ' }).click();
			await page.locator('.error-summary').waitFor();
			const listed = await problemsListed(page);
			assert.deepEqual(listed, [{ text: '“Năm” phải là một số nguyên', href: '#f-year' }]);
			for (const p of listed)
				assert.equal(await page.locator(p.href).count(), 1, `${p.href} leads to the input`);
			const top = await page.evaluate(() => document.querySelector('.error-summary').getBoundingClientRect().top + window.scrollY);
			assert.ok(top < VIEWPORT.height, `on the first screen, above the lists and forms (${top} px)`);
			assert.ok(await page.evaluate(() => document.querySelector('.error-summary').compareDocumentPosition(
			    document.querySelector('#new-form')) & Node.DOCUMENT_POSITION_FOLLOWING), 'before the form');
			assert.equal(await f.locator('#f-year').inputValue(), '20x5', 'what was typed stays');
			assert.equal(await f.locator('#f-note').inputValue(), 'Hồ sơ năm 2025 của xã');
			assert.equal(await f.locator('#f-campaign_id option:checked').innerText(), camp, 'the survey chosen stays');
			await noInternal(page, 'the refused form');
			await noHorizontalScroll(page);
			await page.screenshot({ path: path.join(SHOTS, `dossiers-new-refused-360-js-${js ? 'on' : 'off'}.png`) });
			await page.locator('.error-summary a').first().click();
			assert.match(page.url(), /#f-year$/);
		});

		test('corrected, the form opens the dossier with the survey linked, named in words', async () => {
			const f = page.locator('#new-form');
			await f.locator('#f-year').fill('2025');
			await Promise.all([page.waitForURL(/\/dossiers\/\d+$/), f.getByRole('button', { name: 'Tạo hồ sơ' }).click()]);
			assert.equal(await page.locator('h1').innerText(), name);
			assert.match(await page.locator('main').innerText(), /Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021–2025/);
			assert.equal(await page.locator('#u-campaign option:checked').innerText(),
			    await optionLabel(page.locator('#u-campaign'), new RegExp(survey.replace(/[()]/g, '\\$&'))));
			await noInternal(page, 'the new dossier');
			await noHorizontalScroll(page);
			await page.screenshot({ path: path.join(SHOTS, `dossiers-new-360-js-${js ? 'on' : 'off'}.png`) });
			const id = Number(/\/dossiers\/(\d+)$/.exec(page.url())[1]);
			const x = await d.get(ctx.observer, id);
			assert.equal(x.set.id, d.SET_OLD);
			assert.equal(x.year, 2025);
			assert.ok(x.satisfaction.campaign_id > 0);
		});
	});
}

test('no page errors or server errors', () => {
	assert.deepEqual(problems, []);
});
