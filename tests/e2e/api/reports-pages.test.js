'use strict';
/*
 * The report pages (issue 15, "Entry" and the print view): the officer's
 * list (/reports), the entry page of one report
 * (/reports/{form}/{structure}/{code}/{period}: GET renders, POST saves
 * the draft through the same domain call as the API's PUT) and its print
 * view (…/print).  What an officer relies on: the values, labels and units
 * shown in words (no ids, unit codes or role keys in the visible text),
 * the previous period beside each value, automatic and computed figures
 * marked; a refused POST lists every problem at the top, each linked to
 * its field, keeps what was typed and saves nothing; a good POST saves
 * (checked through the API's GET), "1.234.567" read as money; the history
 * of a value shown on the page; an officer outside the unit is 403.
 *
 * On a `ntm demo` database (no report written by the demo): every figure
 * is the test's own.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client } = require('../lib/accounts');

/* The demo's own reports (src/cli/demo_reports.c) would add to the sums
 * and states this file checks: left out. */
process.env.NTM_DEMO_REPORTS = 'none';
const { mainOf, unescapeHtml } = require('../lib/ntm');
const { okResponse: ok } = require('../lib/http');

const FORM = 'ntm-tien-do-thang';
const SOCSON = ['2025', '00376'];
const page = (u, period, form = FORM) => `/reports/${form}/${u[0]}/${u[1]}/${period}`;
const api = (u, period, form = FORM) => `/api/v1${page(u, period, form)}`;

let ntm, socson, hanoi, bana, admin;

/* The text a person reads: tags, attributes and comments dropped. */
function visible(html) {
	return unescapeHtml(mainOf(html).replace(/<!--[\s\S]*?-->/g, '')
	    .replace(/<(script|style)\b[\s\S]*?<\/\1>/g, '')
	    .replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ');
}

/* No id, unit code, role key, form id or field path in what is read. */
function noMachineWords(text) {
	for (const bad of [/\b2025:\d/, /\b00376\b/, /\b\d{5}\b/, /commune_officer|province_officer/,
	    /ntm-tien-do-thang|ntm-ke-hoach-nam/, /values\.[a-z]/, /capital_allocated|works_started/,
	    /\b20\d\d-(0\d|1[0-2])\b(?!-\d)/, /reporting\.[a-z]/])
		assert.doesNotMatch(text, bad, `visible text shows ${bad}`);
}

before(async () => {
	ntm = await startDemo();
	admin = await Client.login(ntm.base, 'admin');
	socson = await Client.login(ntm.base, 'socson');
	hanoi = await Client.login(ntm.base, 'hanoi');
	bana = await Client.login(ntm.base, 'bana');
	/* February, saved through the API: the previous period of March. */
	ok(await socson.send('PUT', api(SOCSON, '2026-02'), { json: { values: {
		capital_allocated: { central: 2000001000, local: 500000000 },
		capital_disbursed: { central: 1000000000 },
		works_started: 4,
		target_ntm: undefined,
	} } }));
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

describe('report pages', () => {
	test('the list shows the officer\'s reports in words, newest first, with state and due day', async () => {
		const r = ok(await socson.get('/reports'));
		const text = visible(r.text);
		assert.match(text, /Xã Sóc Sơn/);
		assert.match(text, /Tháng 2 năm 2026/);
		assert.match(text, /Bản nháp/, 'February is a draft');
		assert.match(text, /Chưa lập/, 'the other months are not started');
		assert.match(text, /Hạn nộp: \d\d\/\d\d\/2026/, 'due dates as 31/12/2026');
		noMachineWords(text);
		/* newest first: every month listed is at or before the one above */
		const months = [...text.matchAll(/Tháng (\d+) năm (\d{4})/g)].map((m) => Number(m[2]) * 12 + Number(m[1]));
		assert.ok(months.length >= 2, text.slice(0, 500));
		for (let i = 1; i < months.length; i++)
			assert.ok(months[i] <= months[i - 1], `not newest first: ${months}`);
		assert.ok(r.text.includes(`href="${page(SOCSON, '2026-02')}"`), 'each report links to its page');
	});

	test('a province officer sees its communes for a chosen form and period', async () => {
		const r = ok(await hanoi.get(`/reports?form=${FORM}&period=2026-02`));
		const text = visible(r.text);
		assert.match(text, /Báo cáo của các xã/);
		assert.match(text, /Hà Nội · Tháng 2 năm 2026/);
		assert.match(text, /Xã Sóc Sơn Bản nháp/, 'Sóc Sơn has its draft');
		assert.match(text, /1 trên \d+ xã đã gửi|0 trên \d+ xã đã gửi/);
		noMachineWords(text);
	});

	test('the entry page shows labels, units, the previous period and the marked figures', async () => {
		const r = ok(await socson.get(page(SOCSON, '2026-03')));
		const html = r.text;
		const text = visible(html);
		assert.match(text, /Xã Sóc Sơn · Tháng 3 năm 2026/);
		assert.match(text, /Chưa lập/);
		assert.match(text, /Vốn đã giao \(đồng\)/);
		assert.match(text, /Ngân sách trung ương/);
		assert.match(text, /Kỳ trước: 2\.000\.001\.000/, 'the previous period, Vietnamese format');
		assert.match(text, /Kỳ trước: 2\.500\.001\.000/, 'the previous total');
		assert.match(text, /Hệ thống tự điền/, 'automatic figures are marked');
		assert.match(text, /Tỷ lệ giải ngân \(%\) — Tự tính/, 'the formula is computed, not entered');
		assert.match(text, /I\. Tiêu chí/, 'group headings');
		assert.match(html, /<label class="rep-label" for="f-values-works_started">/);
		assert.match(html, /<label for="f-values-capital_allocated-central">Ngân sách trung ương<\/label>/);
		assert.doesNotMatch(html, /name="values\.disbursement_rate"/, 'no input for a computed value');
		assert.doesNotMatch(html, /name="values\.criteria_met"/, 'no input for an automatic value');
		assert.match(html, /id="approval-actions"/, 'the slot for the approval buttons');
		assert.match(html, /<script src="\/static\/report-entry.js" defer>/);
		noMachineWords(text);
	});

	test('in English, the same page reads in English with English number format', async () => {
		const r = ok(await socson.get(`${page(SOCSON, '2026-03')}?lang=en`));
		const text = visible(r.text);
		assert.match(text, /Xã Sóc Sơn · Month 3 of 2026/);
		assert.match(text, /Previous period: 2,000,001,000/);
		assert.match(text, /Filled by the platform/);
		assert.match(text, /Save the draft/);
		assert.match(text, /Due: 2026-04-05/, 'English dates as the house writes them');
		assert.doesNotMatch(text, /Kỳ trước|Lưu bản nháp/);
		noMachineWords(text);
	});

	test('a refused POST lists every problem linked to its field, keeps the typed values and saves nothing', async () => {
		const before = ok(await socson.get(api(SOCSON, '2026-03'))).json;
		const r = await socson.post(page(SOCSON, '2026-03'), { form: {
			'values.capital_allocated.central': 'abc',
			'values.capital_allocated.local': '1.234.567',
			'values.works_started': '-3',
			'values.difficulties': 'Thiếu vốn đối ứng',
		} });
		assert.equal(r.status, 422, r.text.slice(0, 300));
		const html = r.text;
		const text = visible(html);
		assert.match(html, /<a href="#f-values-capital_allocated-central">[^<]*Vốn đã giao — Ngân sách trung ương/);
		assert.match(html, /<a href="#f-values-works_started">[^<]*Số công trình đã khởi công/);
		assert.match(html, /id="f-values-capital_allocated-central"[^>]*value="abc"|value="abc"[^>]*id="f-values-capital_allocated-central"/, 'the bad value typed is kept');
		assert.match(html, /value="1\.234\.567"/, 'the good value typed is kept');
		assert.match(html, />Thiếu vốn đối ứng<\/textarea>/);
		noMachineWords(text);
		const after = ok(await socson.get(api(SOCSON, '2026-03'))).json;
		assert.deepEqual(after.values, before.values, 'nothing saved');
		assert.equal(after.state, 'new');
	});

	test('a violated blocking rule is refused on the page, naming the element and the rule', async () => {
		const r = await socson.post(page(SOCSON, '2026-03'), { form: {
			'values.capital_allocated.central': '100',
			'values.capital_disbursed.central': '200',
		} });
		assert.equal(r.status, 422, r.text.slice(0, 300));
		assert.match(visible(r.text), /Vốn đã giải ngân không thể lớn hơn vốn đã giao/);
		assert.equal(ok(await socson.get(api(SOCSON, '2026-03'))).json.state, 'new', 'nothing saved');
	});

	test('a value that does not read and a blocking rule broken by the others are listed together', async () => {
		const r = await socson.post(page(SOCSON, '2026-03'), { form: {
			'values.works_started': 'năm',
			'values.capital_allocated.central': '100',
			'values.capital_disbursed.central': '200',
		} });
		assert.equal(r.status, 422, r.text.slice(0, 300));
		const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(r.text)[0];
		assert.match(summary, /href="#f-values-works_started"/);
		assert.match(summary, /Vốn đã giải ngân không thể lớn hơn vốn đã giao/);
		assert.equal(ok(await socson.get(api(SOCSON, '2026-03'))).json.state, 'new', 'nothing saved');
	});

	test('a good POST saves the draft ("1.234.567" is money) and shows it, with its history', async () => {
		const r = await socson.post(page(SOCSON, '2026-03'), { form: {
			'values.capital_allocated.central': '2.000.000.000',
			'values.capital_allocated.local': '1.234.567',
			'values.capital_disbursed.central': '150.000.000',
			'values.works_started': '5',
			'values.difficulties': 'Thiếu vốn đối ứng',
		} });
		assert.equal(r.status, 303, r.text.slice(0, 300));
		assert.equal(r.headers.get('location'), `${page(SOCSON, '2026-03')}?saved=1`);
		const j = ok(await socson.get(api(SOCSON, '2026-03'))).json;
		assert.equal(j.state, 'draft');
		assert.equal(j.values.capital_allocated.local, 1234567);
		assert.equal(j.values.capital_allocated.central, 2000000000);
		assert.equal(j.values.works_started, 5);
		assert.equal(j.values.difficulties, 'Thiếu vốn đối ứng');
		const shown = ok(await socson.get(`${page(SOCSON, '2026-03')}?saved=1`));
		const text = visible(shown.text);
		assert.match(text, /Đã lưu/);
		assert.match(shown.text, /value="2\.001\.234\.567"|>2\.001\.234\.567</, 'the total computed');
		assert.match(text, /Tỷ lệ giải ngân \(%\) 7,5/, 'the rate computed: 150 000 000 / 2 001 234 567');
		assert.match(text, /Lịch sử thay đổi/);
		assert.match(text, /Cán bộ xã Sóc Sơn: Vốn đã giao — Ngân sách địa phương: — → 1\.234\.567/,
			'who changed it: the person\'s name');
		assert.doesNotMatch(text, /socson:/, 'not the login');
		noMachineWords(text);
	});

	test('in English the entry page and the print view name the groups and units in English', async () => {
		for (const url of [`${page(SOCSON, '2026-03')}?lang=en`, `${page(SOCSON, '2026-03')}/print?lang=en`]) {
			const text = visible(ok(await socson.get(url)).text);
			assert.match(text, /Capital \(cumulative since January\)/, url);
			assert.match(text, /Key works/, url);
			assert.match(text, /\bVND\b/, url);
			assert.doesNotMatch(text, /Vốn \(lũy kế từ đầu năm\)|Công trình trọng điểm|Khó khăn, kiến nghị/, url);
			assert.doesNotMatch(text, /\(đồng\)|\(công trình\)|\(tiêu chí\)/, url);
		}
		/* in Vietnamese, the form's own words */
		const vi = visible(ok(await socson.get(page(SOCSON, '2026-03'))).text);
		assert.match(vi, /Vốn \(lũy kế từ đầu năm\)/);
		assert.match(vi, /\(đồng\)/);
	});

	test('a draft\'s page shows the automatic figures as they are now, marked, and follows a change of the criteria', async () => {
		const P = '2026-07';
		ok(await socson.send('PUT', api(SOCSON, P), { json: { values: { works_started: 1 } } }));
		assert.equal(ok(await socson.get(api(SOCSON, P))).json.state, 'draft');
		const where = "structure = '2025' AND code = '00376' AND set_id = 'ntm-xa-2026-2030' AND year = 2026";
		const met = Number(ntm.sql(`SELECT criteria_met FROM evaluation WHERE ${where}`).trim());
		const shown = async () => {
			const m = visible(ok(await socson.get(page(SOCSON, P))).text)
				.match(/Số tiêu chí đã đạt \(tiêu chí\) (\d+) Hệ thống tự điền/);
			assert.ok(m, 'the figure is on the page, marked automatic');
			return Number(m[1]);
		};
		assert.equal(await shown(), met);
		/* the criteria module's evaluation moves (one more criterion met) */
		ntm.sql(`UPDATE evaluation SET criteria_met = criteria_met + 1 WHERE ${where}`);
		assert.equal(await shown(), met + 1, 'the draft follows its source');
		ntm.sql(`UPDATE evaluation SET criteria_met = criteria_met - 1 WHERE ${where}`);
	});

	test('the print view is the form on A4 without navigation', async () => {
		const r = ok(await socson.get(`${page(SOCSON, '2026-03')}/print`));
		assert.doesNotMatch(r.text, /<header class="top"/);
		assert.doesNotMatch(r.text, /<footer/);
		assert.match(r.text, /class="print-view"/);
		assert.match(r.text, /report\.css/);
		const text = visible(r.text);
		assert.match(text, /Đơn vị báo cáo: Xã Sóc Sơn/);
		assert.match(text, /Người lập biểu/);
		assert.match(text, /1\.234\.567/);
		noMachineWords(text);
	});

	test('an officer outside the unit is refused (403) and saves nothing', async () => {
		assert.equal((await bana.get(page(SOCSON, '2026-03'))).status, 403);
		assert.equal((await bana.get(`${page(SOCSON, '2026-03')}/print`)).status, 403);
		const r = await bana.post(page(SOCSON, '2026-03'), { form: { 'values.works_started': '99' } });
		assert.equal(r.status, 403);
		assert.equal(ok(await socson.get(api(SOCSON, '2026-03'))).json.values.works_started, 5);
		assert.equal((await Client.anonymous(ntm.base).get('/api/v1/reports')).status, 401);
	});

	test('a province officer may correct a commune\'s draft; an admin reads it without inputs', async () => {
		const r = await hanoi.post(page(SOCSON, '2026-03'), { form: { 'values.works_started': '6' } });
		assert.equal(r.status, 303, r.text.slice(0, 300));
		assert.equal(ok(await socson.get(api(SOCSON, '2026-03'))).json.values.works_started, 6);
		const a = ok(await admin.get(page(SOCSON, '2026-03')));
		assert.doesNotMatch(a.text, /name="values\./, 'a reader gets figures, not inputs');
		assert.match(visible(a.text), /Anh\/chị chỉ được xem báo cáo này/);
	});

	test('the approval by buttons: submit locks the page, the province returns with a reason, the commune sees why', async () => {
		const P = '2026-05';
		ok(await socson.send('PUT', api(SOCSON, P), { json: { values: { works_started: 2 } } }));
		let html = ok(await socson.get(page(SOCSON, P))).text;
		assert.match(html, new RegExp(`<form method="post" action="${page(SOCSON, P)}/submit"`), 'the officer may submit');
		assert.doesNotMatch(html, /\/approve"/, 'the commune may not approve its own report');
		const sent = await socson.post(`${page(SOCSON, P)}/submit`, { form: {} });
		assert.equal(sent.status, 303, sent.text.slice(0, 300));
		assert.match(sent.headers.get('location'), /\?done=submit$/);
		html = ok(await socson.get(sent.headers.get('location'))).text;
		let text = visible(html);
		assert.match(text, /Đã nộp báo cáo\./);
		assert.match(text, /Nộp: \d\d\/\d\d\/20\d\d/, 'who and when submitted');
		assert.doesNotMatch(html, /name="values\./, 'submitted: figures, not inputs');
		assert.match(text, /số liệu bị khóa/);
		const again = await socson.send('PUT', api(SOCSON, P), { json: { values: { works_started: 3 } } });
		assert.equal(again.status, 409, 'a submitted report is not written');
		assert.equal(again.json.error.code, 'reporting.submitted');

		html = ok(await hanoi.get(page(SOCSON, P))).text;
		assert.match(html, new RegExp(`action="${page(SOCSON, P)}/approve"`), 'the province may approve');
		assert.match(html, new RegExp(`action="${page(SOCSON, P)}/return"`), 'and return');
		const noReason = await hanoi.post(`${page(SOCSON, P)}/return`, { form: { reason: '' } });
		assert.equal(noReason.status, 422, noReason.text.slice(0, 300));
		assert.match(visible(noReason.text), /lý do|Lý do/, 'the missing reason is named on the page');
		assert.equal(ok(await socson.get(api(SOCSON, P))).json.state, 'submitted', 'the refused return changed nothing');
		const back = await hanoi.post(`${page(SOCSON, P)}/return`, { form: { reason: 'Thiếu số công trình hoàn thành' } });
		assert.equal(back.status, 303, back.text.slice(0, 300));
		text = visible(ok(await socson.get(page(SOCSON, P))).text);
		assert.match(text, /Trả lại: \d\d\/\d\d\/20\d\d · Cán bộ tỉnh Hà Nội · Thiếu số công trình hoàn thành/, 'the reason is shown to the commune');
		ok(await socson.send('PUT', api(SOCSON, P), { json: { values: { works_completed: 1 } } }));
	});

	test('the year\'s plan stands beside the value the form pairs it with', async () => {
		const BANA = ['2025', '20308'];
		ok(await bana.send('PUT', api(BANA, '2026', 'ntm-ke-hoach-nam'), { json: { values: {
			capital_plan: { central: 7000000000 }, works_planned: 9 } } }));
		const html = ok(await bana.get(page(BANA, '2026-06'))).text;
		const ctx = (anchor) => ((html.match(new RegExp(`id="${anchor}-ctx">([\\s\\S]*?)</p>`)) || [])[1] ?? '')
		    .replace(/<[^>]*>/g, '');
		assert.match(ctx('f-values-works_completed'), /Kế hoạch năm: 9\b/, 'works completed against works planned');
		assert.match(ctx('f-values-capital_mobilised-central'), /Kế hoạch năm: 7\.000\.000\.000/, 'a source against the same source of the plan');
		assert.match(ctx('f-values-works_started'), /Kế hoạch năm: —/, 'an element the form pairs with nothing shows no plan');
	});
});
