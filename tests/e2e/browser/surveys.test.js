'use strict';
/* A citizen answers the satisfaction survey in Chromium on a 360×800
 * phone with JavaScript turned off, as from the QR code of a code sheet:
 * /s/{id}?code=… opens with the code filled in, a form sent without a
 * required answer comes back with the message next to the question and
 * what was chosen kept, the completed form ends on the thank-you page.
 * Then the campaign's owner (socson) reads the results at desktop size
 * and the owner page with its QR code on the phone.  Saves
 * screenshots/surveys-form-360.png, surveys-refused-360.png,
 * surveys-thanks-360.png, surveys-campaign-360.png and
 * surveys-results-desktop.png. */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDemo, Client } = require('../lib/accounts');
const { launchBrowser, SHOTS, VIEWPORT, ACTION_TIMEOUT_MS } = require('../lib/browser');

const DESKTOP = { width: 1280, height: 900 };
const today = () => new Date().toISOString().slice(0, 10);
const later = (d) => new Date(Date.now() + d * 86400000).toISOString().slice(0, 10);

let ntm;
let browser;
let socson;
let doc;		/* the questionnaire of the campaign */
let campaignId;
let codes;
const problems = [];

/* A context of its own (JavaScript on or off) whose page errors, console
 * errors and failed loads go to problems; expected: statuses the test
 * provokes on purpose (a refused form). */
async function newPage({ javaScriptEnabled = true, viewport = VIEWPORT, expected = [] } = {}) {
	const context = await browser.newContext({ viewport, locale: 'vi-VN', javaScriptEnabled });
	const page = await context.newPage();
	page.setDefaultTimeout(ACTION_TIMEOUT_MS);
	const favicon = (url) => /\/favicon\.(ico|svg)$/.test(url || '');
	page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() === 'error' && !favicon(m.location().url) &&
		    !expected.some((st) => m.text().includes(`status of ${st}`)))
			problems.push(`console: ${m.text()} ${m.location().url}`);
	});
	page.on('response', (r) => {
		if (r.status() >= 400 && !favicon(r.url()) && !expected.includes(r.status()))
			problems.push(`${r.status()} ${r.url()}`);
	});
	return { context, page };
}

async function noHorizontalScroll(page, width = VIEWPORT.width) {
	const w = await page.evaluate(() => document.documentElement.scrollWidth).catch(() => null);
	if (w !== null)
		assert.ok(w <= width, `${page.url()} is ${w} px wide at ${width} px`);
}

before(async () => {
	ntm = await startDemo();
	socson = await Client.login(ntm.base, 'socson');
	const list = await socson.get('/api/v1/surveys');
	const tpl = list.json.items.find((s) => s.is_template);
	assert.ok(tpl, 'the standard questionnaire is shipped');
	const copy = await socson.post('/api/v1/surveys', { json: { unit: '2025:00376', template: tpl.id } });
	assert.equal(copy.status, 200, copy.text);
	doc = copy.json.created.document;
	const c = await socson.post(`/api/v1/surveys/${copy.json.created.id}/campaigns`, { json: {
		unit: '2025:00376', title: 'Lấy ý kiến sự hài lòng năm 2026 – Xã Sóc Sơn', households: 1250,
		min_coverage: 70, threshold: 90, opens_on: today(), closes_on: later(20), posting_days: 10 } });
	assert.equal(c.status, 200, c.text);
	campaignId = c.json.created.id;
	const k = await socson.post(`/api/v1/campaigns/${campaignId}/codes`, { json: { count: 8, village: '2025:00376-01' } });
	assert.equal(k.status, 200, k.text);
	codes = k.json.codes;
	/* a few earlier answers, so that the results have something to show */
	for (let i = 1; i < 6; i++) {
		const answers = {};
		doc.questions.forEach((q, j) => {
			if (q.type === 'scale5')
				answers[q.id] = 1 + ((i + j) % 5);
			else if (q.type === 'yesno')
				answers[q.id] = i % 3 ? 'yes' : 'no';
		});
		answers.ly_do = 'Đường liên thôn còn lầy lội <mùa mưa>';
		answers.gop_y = `Góp ý số ${i}: cần thêm đèn đường`;
		const r = await Client.anonymous(ntm.base).post(`/api/v1/s/${campaignId}`, { json: { code: codes[i], answers } });
		assert.equal(r.status, 200, r.text);
	}
	browser = await launchBrowser();
});

after(async () => {
	if (browser)
		await browser.close();
	if (ntm)
		await ntm.stop();
});

describe('a citizen answers on a 360 px phone without JavaScript', () => {
	let page;

	before(async () => {
		({ page } = await newPage({ javaScriptEnabled: false, expected: [422, 409] }));
	});

	test('the link of the code sheet opens the form with the code filled in', async () => {
		await page.goto(`${ntm.base}/s/${campaignId}?code=${codes[0]}`);
		await assert.doesNotReject(page.getByRole('heading', { level: 1, name: /Lấy ý kiến sự hài lòng/ }).waitFor());
		assert.equal(await page.locator('#code').inputValue(), codes[0]);
		assert.equal(await page.locator('fieldset.q').count(), doc.questions.length);
		assert.equal(await page.locator('script').count(), 0);
		await assert.doesNotReject(page.getByText('(chỉ trả lời nếu câu 18 là «Không»)').waitFor());
		await noHorizontalScroll(page);
	});

	test('sent without the answers it needs, it comes back with the message by the question and the choices kept', async () => {
		await page.locator(`input[name="a.${doc.questions[0].id}"][value="4"]`).check();
		await Promise.all([
			page.waitForURL(new RegExp(`/s/${campaignId}$`)),
			page.getByRole('button', { name: 'Gửi ý kiến' }).click(),
		]);
		const second = page.locator(`#q-${doc.questions[1].id}`);
		assert.match(await second.getAttribute('class'), /has-error/);
		await assert.doesNotReject(second.locator('p.error').waitFor());
		assert.ok(await page.locator(`input[name="a.${doc.questions[0].id}"][value="4"]`).isChecked(), 'the first answer is kept');
		assert.equal(await page.locator('#code').inputValue(), codes[0]);
		await page.screenshot({ path: path.join(SHOTS, 'surveys-refused-360.png') });
		await noHorizontalScroll(page);
	});

	test('every question answered, the form is sent and the thank-you page says so', async () => {
		for (const [i, q] of doc.questions.entries()) {
			if (q.type === 'scale5')
				await page.locator(`input[name="a.${q.id}"][value="${i % 2 ? 5 : 4}"]`).check();
			else if (q.type === 'yesno')
				await page.locator(`input[name="a.${q.id}"][value="yes"]`).check();
		}
		await page.locator('textarea[name="a.gop_y"]').fill('Mong xã sớm làm đường điện chiếu sáng thôn 1.');
		await page.screenshot({ path: path.join(SHOTS, 'surveys-form-360.png'), fullPage: true });
		await Promise.all([
			page.waitForURL(new RegExp(`/s/${campaignId}/thanks$`)),
			page.getByRole('button', { name: 'Gửi ý kiến' }).click(),
		]);
		await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Cảm ơn ông/bà đã góp ý!' }).waitFor());
		await page.screenshot({ path: path.join(SHOTS, 'surveys-thanks-360.png') });
		await noHorizontalScroll(page);
		const c = await socson.get(`/api/v1/campaigns/${campaignId}`);
		assert.equal(c.json.responses, 6);
		assert.equal(c.json.codes.spent, 6);
	});

	test('the same code a second time is refused with a plain message when sent', async () => {
		/* the form's first step does not tell a spent code (whoever printed
		 * the codes could ask it of every one): the submission does */
		await page.goto(`${ntm.base}/s/${campaignId}?code=${codes[0]}`);
		assert.equal(await page.getByText('Mã này đã được dùng', { exact: false }).count(), 0);
		for (const q of doc.questions)
			if (q.type === 'scale5')
				await page.locator(`input[name="a.${q.id}"][value="4"]`).check();
			else if (q.type === 'yesno')
				await page.locator(`input[name="a.${q.id}"][value="yes"]`).check();
		await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
		await assert.doesNotReject(page.getByText('Mã này đã được dùng', { exact: false }).first().waitFor());
	});
});

describe('a citizen finds the survey from the home page, without signing in (issue 14)', () => {
	let page;

	before(async () => {
		({ page } = await newPage({ javaScriptEnabled: false, expected: [422] }));
	});

	test('home page → surveys → the commune by name → its survey: no login on the way', async () => {
		await page.goto(`${ntm.base}/`);
		await Promise.all([page.waitForURL(`${ntm.base}/s`), page.locator('main a[href="/s"]').click()]);
		await page.getByLabel('Tìm xã, phường hoặc tỉnh của bạn').fill('Sóc Sơn');
		await Promise.all([page.waitForURL(/\/s\?q=/), page.locator('form.place-search button').click()]);
		const link = page.locator('main .inbox a', { hasText: 'Lấy ý kiến sự hài lòng năm 2026 – Xã Sóc Sơn' });
		await Promise.all([page.waitForURL(new RegExp(`/s/${campaignId}$`)), link.click()]);
		/* the first screen is the code box and the questions, not the
		 * template's note to officials */
		assert.equal(await page.getByText('Mẫu bảng hỏi để sao chép', { exact: false }).count(), 0);
		const box = await page.locator('#code').boundingBox();
		assert.ok(box.y + box.height <= VIEWPORT.height, `the code box is on the first screen (bottom at ${box.y + box.height})`);
		/* every answer and link a tap target of 44 px (a radio button's
		 * target is its whole label) */
		const small = await page.evaluate(() => [...document.querySelectorAll('main a, main button, main label.opt, header a, header button')]
			.filter((el) => el.offsetParent !== null && el.getBoundingClientRect().height < 44)
			.map((el) => el.innerText.trim().slice(0, 30)));
		assert.deepEqual(small, []);
		await noHorizontalScroll(page);
	});

	test('sent empty: every problem is listed at once at the top and marked by its question, in plain words', async () => {
		await Promise.all([
			page.waitForURL(new RegExp(`/s/${campaignId}$`)),
			page.getByRole('button', { name: 'Gửi ý kiến' }).click(),
		]);
		const required = doc.questions.filter((q) => q.required && !q.show_if);
		const summary = page.locator('.error-summary');
		await assert.doesNotReject(summary.waitFor());
		const items = await summary.locator('li a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.innerText]));
		assert.equal(items.length, required.length + 1, JSON.stringify(items));
		assert.equal(items[0][0], '#code');
		for (const q of required) {
			assert.ok(items.some(([h]) => h === `#q-${q.id}`), q.id);
			assert.match(await page.locator(`#q-${q.id}`).getAttribute('class'), /has-error/);
		}
		const main = await page.locator('main').innerText();
		assert.doesNotMatch(main, /answers\.|\b(2025|pre2025):\w+/);
		await page.screenshot({ path: path.join(SHOTS, 'surveys-all-errors-360.png') });
		/* a link of the summary goes to its question */
		await summary.locator(`a[href="#q-${required[1].id}"]`).click();
		assert.match(page.url(), new RegExp(`#q-${required[1].id}$`));
		/* and takes the focus there, so a screen reader reads the question next */
		assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id),
		    `q-${required[1].id}`);
		await noHorizontalScroll(page);
	});

	test('then answered in full with the household code, it is received', async () => {
		await page.locator('#code').fill(codes[6]);
		for (const [i, q] of doc.questions.entries()) {
			if (q.type === 'scale5')
				await page.locator(`input[name="a.${q.id}"][value="${i % 2 ? 5 : 4}"]`).check();
			else if (q.type === 'yesno')
				await page.locator(`input[name="a.${q.id}"][value="yes"]`).check();
		}
		await Promise.all([
			page.waitForURL(new RegExp(`/s/${campaignId}/thanks$`)),
			page.getByRole('button', { name: 'Gửi ý kiến' }).click(),
		]);
		await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Cảm ơn ông/bà đã góp ý!' }).waitFor());
	});
});

describe('the owner reads the results', () => {
	test('the campaign page on the phone shows the link and its QR code', async () => {
		const { context, page } = await newPage();
		await context.addCookies([{ name: 'ntm_session', value: socson.cookie, url: ntm.base }]);
		await page.goto(`${ntm.base}/campaigns/${campaignId}`);
		await assert.doesNotReject(page.locator('.qr svg').waitFor());
		assert.ok((await page.locator('.qr svg').boundingBox()).width >= 100, 'the QR code is large enough to scan');
		await page.screenshot({ path: path.join(SHOTS, 'surveys-campaign-360.png'), fullPage: true });
		await noHorizontalScroll(page);
		await context.close();
	});

	test('while the campaign runs the results page shows counts only', async () => {
		const { context, page } = await newPage({ viewport: DESKTOP });
		await context.addCookies([{ name: 'ntm_session', value: socson.cookie, url: ntm.base }]);
		await page.goto(`${ntm.base}/campaigns/${campaignId}/results`);
		await assert.doesNotReject(page.getByText('chỉ có số phiếu và độ bao phủ', { exact: false }).first().waitFor());
		assert.equal(await page.locator('figure.chart svg').count(), 0);
		assert.equal(await page.getByText('Đường liên thôn còn lầy lội', { exact: false }).count(), 0);
		await context.close();
		const close = await socson.post(`/api/v1/campaigns/${campaignId}/close`);
		assert.equal(close.status, 200, close.text);
	});

	test('the results page at desktop size once closed: rate, interval, chart, villages, comments escaped', async () => {
		const { context, page } = await newPage({ viewport: DESKTOP });
		await context.addCookies([{ name: 'ntm_session', value: socson.cookie, url: ntm.base }]);
		await page.goto(`${ntm.base}/campaigns/${campaignId}/results`);
		await assert.doesNotReject(page.getByRole('heading', { level: 1, name: /Kết quả/ }).waitFor());
		await assert.doesNotReject(page.locator('figure.chart svg').waitFor());
		await assert.doesNotReject(page.getByText('Thôn 1 (dữ liệu mẫu)').first().waitFor());
		await assert.doesNotReject(page.getByText('Đường liên thôn còn lầy lội <mùa mưa>').first().waitFor());
		assert.ok(await page.getByRole('button', { name: 'Ẩn' }).count() > 0, 'the owner can hide comments');
		await page.screenshot({ path: path.join(SHOTS, 'surveys-results-desktop.png'), fullPage: true });
		await noHorizontalScroll(page, DESKTOP.width);
		await context.close();
	});

	test('no page error anywhere', () => {
		assert.deepEqual(problems, []);
	});
});
