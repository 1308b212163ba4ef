'use strict';
/*
 * Citizen satisfaction surveys over HTTP, on a `ntm demo` database: a
 * questionnaire designed (JSON, the page's add-question form, a template
 * copied, exported), a campaign started, household codes issued (API and
 * PDF sheets), responses from citizens (JSON and the plain HTML form) and
 * from the village team's data entry, results and their exports (CSV with
 * its BOM and guarded formulas, XLSX, the chart), closing, and what must
 * be refused: spent and unknown codes, missing or oversized answers,
 * answers to hidden questions, HTML in free text, answers after closing,
 * callers outside the scope.  Then the promises of the design: many
 * clients racing to spend the same codes store each code once and lose
 * nothing; nothing a caller can read (or the database holds) links a
 * response to a code or to a time finer than the day.
 *
 * The tests run in order on one server and share the survey and campaign
 * the first ones make.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { startDemo, Client } = require('../lib/accounts');
const { mainOf, unescapeHtml, rawRequest, BACKEND } = require('../lib/ntm');
const { ok, refused } = require('../lib/http');

const API = '/api/v1';
const SOCSON = '2025:00376';	/* socson's commune (Hà Nội) */
const BANA = '2025:20308';	/* bana's commune (Đà Nẵng) */
const VILLAGE = '2025:00376-01';	/* a demo village of Sóc Sơn */

let ntm;
let anon, admin, hanoi, socson, bana, thon1, htx, observer;
let surveyId, campaignId;
const issued = [];	/* every code issued in the main campaign */
let nextCode = 0;
let hiddenMarker;	/* an answer to a hidden question: never stored */
const code = () => issued[nextCode++];

const day = (offset = 0) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

/* The questionnaire the tests own. */
function questionnaire(title = 'Khảo sát e2e về nông thôn mới') {
	return {
		format: 'ntm-survey/1',
		title,
		description: 'Phiếu thử nghiệm của bộ kiểm thử',
		questions: [
			{ id: 'q1', type: 'scale5', text: 'Mức độ hài lòng về đường giao thông', required: true, satisfied_from: 4 },
			{ id: 'q2', type: 'yesno', text: 'Gia đình có nước sạch không?', required: true, satisfied: 'yes' },
			{ id: 'q3', type: 'text', text: 'Vì sao chưa có nước sạch?', max_length: 200,
			  show_if: { question: 'q2', equals: 'no' } },
			{ id: 'q4', type: 'multi', text: 'Cần cải thiện gì?', options: [
				{ id: 'a', text: 'Đường' }, { id: 'b', text: 'Nước' }, { id: 'c', text: 'Chợ' }] },
			{ id: 'q5', type: 'single', text: 'Đánh giá <i>chung</i>', options: [
				{ id: 't', text: 'Tốt' }, { id: 'x', text: 'Chưa tốt' }], satisfied: ['t'] },
			{ id: 'q6', type: 'number', text: 'Số người trong hộ', min: 1, max: 30 },
			{ id: 'q7', type: 'text', text: 'Ý kiến khác' },
		],
	};
}

const good = (over = {}) => ({ q1: 5, q2: 'yes', q4: ['a'], q5: 't', q6: 4, ...over });

async function results(client = observer, id = campaignId) {
	return ok(await client.get(`${API}/campaigns/${id}/results`));
}

async function responseCount(id = campaignId) {
	return (await results(observer, id)).responses;
}

/* The raw bytes of a download: { status, headers, buf }. */
async function download(client, path) {
	const res = await fetch(ntm.base + path, { headers: client.headers(), redirect: 'manual' });
	return { status: res.status, headers: res.headers, buf: Buffer.from(await res.arrayBuffer()) };
}

async function newCampaign(client, over = {}) {
	const r = await client.post(`${API}/surveys/${surveyId}/campaigns`, { json: {
		unit: SOCSON, title: `Đợt e2e ${Math.random().toString(36).slice(2, 7)}`, households: 120,
		min_coverage: 70, threshold: 90, opens_on: day(), closes_on: day(20), posting_days: 10, mode: 'codes', ...over } });
	return ok(r).created;
}

async function issue(id, count, village) {
	const r = ok(await observer.post(`${API}/campaigns/${id}/codes`, { json: village ? { count, village } : { count } }));
	return r.codes;
}

before(async () => {
	ntm = await startDemo();
	anon = Client.anonymous(ntm.base);
	[admin, hanoi, socson, bana, thon1, htx] = await Promise.all(
	    ['admin', 'hanoi', 'socson', 'bana', 'thon1', 'htx'].map((u) => Client.login(ntm.base, u)));
	observer = await admin.makeTokenClient('surveys-observer');
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

describe('questionnaires', () => {
	test('a commune officer creates a questionnaire from JSON; the list shows it in scope only, with the templates', async () => {
		const r = ok(await socson.post(`${API}/surveys`, { json: { unit: SOCSON, document: questionnaire() } }));
		surveyId = r.created.id;
		assert.equal(r.created.unit_code, '00376');
		assert.equal(r.created.document.questions.length, 7);
		const mine = ok(await socson.get(`${API}/surveys`));
		assert.ok(mine.items.some((s) => s.id === surveyId));
		assert.ok(mine.items.some((s) => s.is_template), 'the standard template is listed');
		assert.ok(ok(await hanoi.get(`${API}/surveys`)).items.some((s) => s.id === surveyId), 'the province sees it');
		assert.ok(!ok(await bana.get(`${API}/surveys`)).items.some((s) => s.id === surveyId), 'another province does not');
		refused(await bana.get(`${API}/surveys/${surveyId}`), 403, undefined, 'auth.out_of_scope');
		refused(await htx.get(`${API}/surveys/${surveyId}`), 403, undefined, 'auth.forbidden');
		refused(await anon.get(`${API}/surveys`), 401);
	});

	test('a bad questionnaire is refused naming the JSON path; a unit outside the scope is refused', async () => {
		const doc = questionnaire();
		doc.questions[1].type = 'bogus';
		refused(await socson.post(`${API}/surveys`, { json: { unit: SOCSON, document: doc } }), 422, 'questions[1].type');
		const fwd = questionnaire();
		fwd.questions[2].show_if = { question: 'q7', equals: 'x' };
		const e = refused(await socson.post(`${API}/surveys`, { json: { unit: SOCSON, document: fwd } }), 422);
		assert.match(e.field, /^questions\[2\]\.show_if/);
		refused(await socson.post(`${API}/surveys`, { json: { unit: BANA, document: questionnaire() } }), 403, 'unit', 'auth.out_of_scope');
		refused(await socson.post(`${API}/surveys`, { json: { unit: SOCSON } }), 422, 'document');
	});

	test('the designer page lists the questions with their conditions and satisfied answers; the form adds a question', async () => {
		const page = await socson.get(`/surveys/${surveyId}`);
		assert.equal(page.status, 200);
		const main = unescapeHtml(mainOf(page.text));
		assert.match(main, /Vì sao chưa có nước sạch\?/);
		assert.match(main, /câu 2 là «Không»/);
		assert.match(main, /Tính là hài lòng: từ mức 4 \(Hài lòng\)/);
		assert.ok(!/<script(?! src="\/static\/picker\.js" defer><\/script>)/i.test(page.text), 'no script on the page but the unit picker\'s own file');
		const add = await socson.post(`/surveys/${surveyId}`, { form: {
			action: 'add', q_type: 'single', q_text: 'Chất lượng chợ', q_required: '1',
			q_options: 'Tốt\nBình thường\nKém', q_satisfied: 'Tốt\n2', q_show_question: 'q2', q_show_value: 'Có' } });
		assert.equal(add.status, 303, add.text.slice(0, 300));
		assert.equal(add.headers.get('location'), `/surveys/${surveyId}`);
		const s = ok(await socson.get(`${API}/surveys/${surveyId}`));
		const q = s.document.questions.at(-1);
		assert.equal(q.id, 'q8');
		assert.deepEqual(q.options.map((o) => o.text), ['Tốt', 'Bình thường', 'Kém']);
		assert.deepEqual(q.satisfied, ['o1', 'o2']);
		assert.deepEqual(q.show_if, { question: 'q2', equals: 'yes' });
		/* a refused add names its field and shows the page again */
		const bad = await socson.post(`/surveys/${surveyId}`, { form: { action: 'add', q_type: 'single', q_text: 'Một lựa chọn', q_options: 'Chỉ một' } });
		assert.equal(bad.status, 422);
		assert.match(bad.text, /q_options/);
		assert.match(bad.text, /Chất lượng chợ/, 'the designer page is shown again');
	});

	test('the whole document is replaced through the API; another province and a template are refused', async () => {
		ok(await socson.post(`${API}/surveys/${surveyId}`, { json: { document: questionnaire('Khảo sát e2e (sửa)') } }));
		assert.equal(ok(await socson.get(`${API}/surveys/${surveyId}`)).title, 'Khảo sát e2e (sửa)');
		refused(await bana.post(`${API}/surveys/${surveyId}`, { json: { document: questionnaire('X') } }), 403);
		const tpl = ok(await socson.get(`${API}/surveys`)).items.find((s) => s.is_template);
		refused(await socson.post(`${API}/surveys/${tpl.id}`, { json: { document: questionnaire('X') } }), 403, undefined, 'auth.out_of_scope');
		assert.equal(ok(await socson.get(`${API}/surveys/${surveyId}`)).title, 'Khảo sát e2e (sửa)');
	});

	test('a template is shared: any official reads it and starts a campaign from it; another unit\'s questionnaire is not', async () => {
		const tpl = ok(await bana.get(`${API}/surveys`)).items.find((s) => s.is_template);
		assert.equal(ok(await bana.get(`${API}/surveys/${tpl.id}`)).id, tpl.id, 'another province reads the template');
		assert.equal((await bana.get(`/surveys/${tpl.id}`)).status, 200, 'and its designer page');
		const c = ok(await bana.post(`${API}/surveys/${tpl.id}/campaigns`, { json: { unit: BANA, title: 'Đợt e2e từ mẫu',
			households: 30, min_coverage: 70, threshold: 90, opens_on: day(), closes_on: day(5), posting_days: 10 } })).created;
		assert.equal(c.unit_code, '20308');
		assert.equal(c.mode, 'codes', 'the programme\'s default mode');
		/* the body's unit is Bà Nà's, but the questionnaire is Sóc Sơn's */
		refused(await bana.post(`${API}/surveys/${surveyId}/campaigns`, { json: { unit: BANA, title: 'x', households: 10,
			min_coverage: 70, threshold: 90, opens_on: day(), closes_on: day(3) } }), 403, 'id', 'auth.out_of_scope');
		refused(await bana.post(`${API}/surveys`, { json: { unit: BANA, template: surveyId } }), 403, 'template', 'auth.out_of_scope');
		assert.equal((await download(bana, `/surveys/${surveyId}/export`)).status, 403);
	});

	test('a refused form shows nothing of the record it aimed at', async () => {
		const page = await bana.post(`/surveys/${surveyId}`, { form: { action: 'document', document: '{}' } });
		assert.equal(page.status, 403);
		assert.ok(!page.text.includes('Vì sao chưa có nước sạch'), 'the questionnaire is not shown');
		const camp = await bana.post(`/surveys/${surveyId}/campaigns`, { form: { unit: SOCSON, title: 'x' } });
		assert.equal(camp.status, 403);
		assert.ok(!camp.text.includes('Vì sao chưa có nước sạch'), 'nor through the campaign form');
	});

	test('the designer page speaks English with ?lang=en: conditions, types, satisfied answers', async () => {
		const page = await socson.get(`/surveys/${surveyId}?lang=en`);
		assert.equal(page.status, 200);
		const main = unescapeHtml(mainOf(page.text));
		assert.match(main, /question 2 is “No”/);
		assert.match(main, /from grade 4 \(Satisfied\)/);
		assert.ok(!/câu 2 là/.test(main));
	});

	test('a template is copied; a questionnaire is exported as a JSON download', async () => {
		const tpl = ok(await socson.get(`${API}/surveys`)).items.find((s) => s.is_template);
		const copy = ok(await socson.post(`${API}/surveys`, { json: { unit: SOCSON, template: tpl.id } })).created;
		assert.notEqual(copy.id, tpl.id);
		assert.equal(copy.is_template, false);
		assert.equal(copy.title, tpl.title);
		const ex = await download(socson, `/surveys/${surveyId}/export`);
		assert.equal(ex.status, 200);
		assert.match(ex.headers.get('content-type'), /^application\/json/);
		assert.match(ex.headers.get('content-disposition'), /^attachment; filename="survey-\d+\.json"$/);
		const doc = JSON.parse(ex.buf.toString('utf8'));
		assert.equal(doc.format, 'ntm-survey/1');
		assert.equal(doc.title, 'Khảo sát e2e (sửa)');
	});
});

describe('campaigns and codes', () => {
	test('a campaign is started for the commune; bad fields are named; the list keeps to the scope', async () => {
		const c = await newCampaign(socson, { title: 'Đợt e2e chính' });
		campaignId = c.id;
		assert.equal(c.state, 'open');
		assert.equal(c.households, 120);
		assert.equal(c.link, `/s/${campaignId}`);
		refused(await socson.post(`${API}/surveys/${surveyId}/campaigns`, { json: {
			unit: SOCSON, title: 'x', households: 0, min_coverage: 70, threshold: 90, opens_on: day(), closes_on: day(3) } }), 422, 'households');
		refused(await socson.post(`${API}/surveys/${surveyId}/campaigns`, { json: {
			unit: SOCSON, title: 'x', households: 10, min_coverage: 70, threshold: 90, opens_on: day(3), closes_on: day() } }), 422, 'closes_on');
		refused(await socson.post(`${API}/surveys/${surveyId}/campaigns`, { json: {
			unit: SOCSON, title: 'x', households: 10, min_coverage: 170, threshold: 90, opens_on: day(), closes_on: day(3) } }), 422, 'min_coverage');
		refused(await socson.post(`${API}/surveys/${surveyId}/campaigns`, { json: {
			unit: BANA, title: 'x', households: 10, min_coverage: 70, threshold: 90, opens_on: day(), closes_on: day(3) } }), 403, 'unit');
		assert.ok(ok(await socson.get(`${API}/campaigns`)).items.some((x) => x.id === campaignId));
		assert.ok(ok(await hanoi.get(`${API}/campaigns`)).items.some((x) => x.id === campaignId));
		assert.ok(!ok(await bana.get(`${API}/campaigns`)).items.some((x) => x.id === campaignId));
		refused(await bana.get(`${API}/campaigns?unit=${SOCSON}`), 403, 'unit');
		refused(await bana.get(`${API}/campaigns/${campaignId}`), 403, undefined, 'auth.out_of_scope');
	});

	test('codes are issued (API returns them; the page redirects to the batch), per village too; bad counts refused', async () => {
		const r = ok(await socson.post(`${API}/campaigns/${campaignId}/codes`, { json: { count: 40 } }));
		assert.equal(r.codes.length, 40);
		assert.equal(new Set(r.codes).size, 40);
		for (const c of r.codes)
			assert.match(c, /^[0-9A-Z]{8}$/);
		issued.push(...r.codes);
		const v = ok(await socson.post(`${API}/campaigns/${campaignId}/codes`, { json: { count: 6, village: VILLAGE } }));
		issued.push(...v.codes);
		const page = await socson.post(`/campaigns/${campaignId}/codes`, { form: { count: '4' } });
		assert.equal(page.status, 303);
		assert.match(page.headers.get('location'), new RegExp(`^/campaigns/${campaignId}\\?batch=\\d+#batch$`));
		const shown = await socson.get(page.headers.get('location').replace(/#.*/, ''));
		assert.equal(shown.status, 200);
		const batchCodes = [...mainOf(shown.text).matchAll(/<code>([0-9A-Z]{4})-([0-9A-Z]{4})<\/code>/g)].map((m) => m[1] + m[2]);
		assert.equal(batchCodes.length, 4, 'the batch is listed on the page');
		issued.push(...batchCodes);
		refused(await socson.post(`${API}/campaigns/${campaignId}/codes`, { json: { count: 0 } }), 422, 'count');
		refused(await socson.post(`${API}/campaigns/${campaignId}/codes`, { json: { count: 5001 } }), 422, 'count');
		refused(await socson.post(`${API}/campaigns/${campaignId}/codes`, { json: { count: 2, village: '2025:20308' } }), 422, 'village');
		refused(await bana.post(`${API}/campaigns/${campaignId}/codes`, { json: { count: 2 } }), 403);
		const c = ok(await socson.get(`${API}/campaigns/${campaignId}`));
		assert.equal(c.codes.issued, 50);
		assert.equal(c.codes.spent, 0);
	});

	test('the owner page shows the link, its QR code and the counts; the code sheets are an A4 PDF', async () => {
		/* fetch cannot set Host: a raw request, as nginx would send it */
		const page = await rawRequest(ntm.base, { path: `/campaigns/${campaignId}`,
			headers: { host: 'ntm.example.gov.vn', cookie: `ntm_session=${socson.cookie}`, 'x-forwarded-proto': 'https' } });
		assert.equal(page.status, 200);
		const main = mainOf(page.text);
		assert.match(main, new RegExp(`https://ntm\\.example\\.gov\\.vn/s/${campaignId}`), 'the full link from the Host header');
		assert.match(main, /<div class="qr"><svg/);
		const pdf = await download(socson, `/campaigns/${campaignId}/codes.pdf?batch=1`);
		assert.equal(pdf.status, 200);
		assert.equal(pdf.headers.get('content-type'), 'application/pdf');
		assert.match(pdf.headers.get('content-disposition'), /^attachment; filename="codes-\d+-1\.pdf"$/);
		assert.equal(pdf.buf.subarray(0, 5).toString('latin1'), '%PDF-');
		const text = spawnSync('pdftotext', ['-', '-'], { input: pdf.buf, encoding: 'utf8' });
		if (text.error)
			console.log('# pdftotext not installed: the PDF text is not checked');
		else {
			assert.match(text.stdout.replace(/\s+/g, ' '), new RegExp(`${issued[0].slice(0, 4)}-${issued[0].slice(4)}`), 'the first code is printed');
			assert.match(text.stdout, /Đợt e2e chính/);
		}
		refused(await bana.get(`${API}/campaigns/${campaignId}/codes.pdf`), 404);	/* no API twin */
		const other = await download(bana, `/campaigns/${campaignId}/codes.pdf?batch=1`);
		assert.equal(other.status, 403);
	});
});

describe('responses', () => {
	test('a citizen answers through the JSON API and through the plain form; the form thanks them', async () => {
		const before_ = await responseCount();
		ok(await anon.post(`${API}/s/${campaignId}`, { json: { code: code(), answers: good() } }));
		const c = code();
		const form = await anon.post(`/s/${campaignId}`, { form: {
			code: `${c.slice(0, 4).toLowerCase()}-${c.slice(4).toLowerCase()}`, 'a.q1': '4', 'a.q2': 'no',
			'a.q3': 'Giếng khoan bị nhiễm phèn', 'a.q4': 'a', 'a.q5': 'x', 'a.q6': '5', 'a.q7': '' } });
		assert.equal(form.status, 303, form.text.slice(0, 300));
		assert.equal(form.headers.get('location'), `/s/${campaignId}/thanks`);
		const thanks = await anon.get(form.headers.get('location'));
		assert.equal(thanks.status, 200);
		assert.match(mainOf(thanks.text), /Cảm ơn ông\/bà đã góp ý!/);
		assert.equal(await responseCount(), before_ + 2);
		const c2 = ok(await socson.get(`${API}/campaigns/${campaignId}`));
		assert.equal(c2.codes.spent, 2);
	});

	test('the public form is plain HTML: every question, the scale labels, the condition marked, the code from ?code=', async () => {
		const c = issued[nextCode];
		const r = await anon.get(`/s/${campaignId}?code=${c}`);
		assert.equal(r.status, 200);
		assert.ok(!/<script/i.test(r.text));
		assert.ok(Buffer.byteLength(r.text) < 20000, `${Buffer.byteLength(r.text)} bytes`);
		const main = unescapeHtml(mainOf(r.text));
		assert.match(main, new RegExp(`name="code"[^>]*value="${c}"`));
		for (const label of ['Rất không hài lòng', 'Không hài lòng', 'Bình thường', 'Hài lòng', 'Rất hài lòng'])
			assert.ok(main.includes(label), label);
		assert.match(main, /\(chỉ trả lời nếu câu 2 là «Không»\)/);
		assert.match(main, /type="checkbox"[^>]*name="a\.q4"/);
		assert.match(main, /<textarea[^>]*name="a\.q7"[^>]*maxlength="2000"/);
		/* an unknown code from the sheet is flagged at once; a spent one is
		 * not: whoever printed the codes could ask this free check about
		 * every one of them and learn who has answered (the submission
		 * tells, and spends the code if it was not) */
		const unknown = await anon.get(`/s/${campaignId}?code=ZZZZ-ZZZZ`);
		assert.match(unescapeHtml(mainOf(unknown.text)), /Không có mã này/);
		const spent = await anon.get(`/s/${campaignId}?code=${issued[0]}`);
		assert.ok(!/đã được dùng/.test(unescapeHtml(mainOf(spent.text))), 'the free check does not tell a spent code');
		const j = ok(await anon.get(`${API}/s/${campaignId}`));
		assert.equal(j.document.questions.length, 7);
		assert.equal(j.households, undefined, 'the public JSON has no counts');
	});

	test('a spent code is 409 and an unknown code 404, with plain Vietnamese messages, nothing stored', async () => {
		const n = await responseCount();
		const e1 = refused(await anon.post(`${API}/s/${campaignId}`, { json: { code: issued[0], answers: good() } }), 409, 'code', 'surveys.code_spent');
		assert.match(e1.message, /dùng/);
		const e2 = refused(await anon.post(`${API}/s/${campaignId}`, { json: { code: 'ZZZZ-ZZZZ', answers: good() } }), 404, 'code', 'surveys.code_unknown');
		assert.match(e2.message, /mã/i);
		const page = await anon.post(`/s/${campaignId}`, { form: { code: issued[0], 'a.q1': '5', 'a.q2': 'yes' } });
		assert.equal(page.status, 409);
		assert.match(unescapeHtml(mainOf(page.text)), /đã được dùng/);
		refused(await anon.post(`${API}/s/${campaignId}`, { json: { answers: good() } }), 422, 'code');
		assert.equal(await responseCount(), n);
	});

	test('a missing required answer is 422 naming answers.<id>; the code stays usable', async () => {
		const n = await responseCount();
		const c = code();
		refused(await anon.post(`${API}/s/${campaignId}`, { json: { code: c, answers: { q2: 'yes' } } }), 422, 'answers.q1');
		const page = await anon.post(`/s/${campaignId}`, { form: { code: c, 'a.q2': 'no', 'a.q3': 'giữ lại chữ này' } });
		assert.equal(page.status, 422);
		const main = unescapeHtml(mainOf(page.text));
		assert.match(main, /<fieldset class="q has-error" id="q-q1"[ >]/, 'the message is next to question 1');
		assert.match(main, /giữ lại chữ này/, 'what was typed is kept');
		assert.match(main, /value="no" checked/);
		assert.equal(await responseCount(), n);
		const receipt = ok(await anon.post(`${API}/s/${campaignId}`, { json: { code: c, answers: good() } }));
		assert.equal(receipt.stored, true);
		assert.equal(receipt.code, c, 'the receipt names the code spent');
	});

	test('a citizen reads every refusal in the language of the page: English with ?lang=en, Vietnamese by default', async () => {
		const n = await responseCount();
		const c = code();
		const en = (r) => refused(r, r.status).message;
		assert.match(en(await anon.post(`${API}/s/${campaignId}?lang=en`, { json: { answers: good() } })),
			/^Please enter your household code/);
		assert.match(en(await anon.post(`${API}/s/${campaignId}`, { json: { answers: good() } })), /^Hãy nhập mã hộ gia đình/);
		assert.match(en(await anon.post(`${API}/s/${campaignId}?lang=en`, { json: { code: issued[0], answers: good() } })),
			/already been used/);
		assert.match(en(await anon.post(`${API}/s/${campaignId}?lang=en`, { json: { code: 'ZZZZ-ZZZZ', answers: good() } })),
			/cannot find this code/);
		const e = refused(await anon.post(`${API}/s/${campaignId}?lang=en`, { json: { code: c, answers: { q2: 'yes' } } }), 422, 'answers.q1');
		assert.equal(e.message, 'answers.q1: question “Mức độ hài lòng về đường giao thông” needs an answer: please answer it');
		const page = await anon.post(`/s/${campaignId}?lang=en`, { form: { code: c, 'a.q2': 'yes' } });
		assert.equal(page.status, 422);
		const main = unescapeHtml(mainOf(page.text));
		assert.match(main, /needs an answer/, 'the message next to the question, in English');
		assert.ok(!/câu bắt buộc/.test(main));
		const checked = ok(await anon.get(`${API}/s/${campaignId}?lang=en&code=ZZZZ-ZZZZ`));
		assert.match(checked.code_check.message, /cannot find this code/, 'the code from the sheet, checked in English');
		assert.equal(await responseCount(), n);
		nextCode--;	/* c was not spent */
	});

	test('oversized free text is 413; bad values are 422; nothing stored', async () => {
		const n = await responseCount();
		const c = code();
		refused(await anon.post(`${API}/s/${campaignId}`, { json: { code: c, answers: good({ q7: 'x'.repeat(2001) }) } }), 413, 'answers.q7');
		refused(await anon.post(`${API}/s/${campaignId}`, { json: { code: c, answers: good({ q1: 6 }) } }), 422, 'answers.q1');
		refused(await anon.post(`${API}/s/${campaignId}`, { json: { code: c, answers: good({ q5: 'zz' }) } }), 422, 'answers.q5');
		refused(await anon.post(`${API}/s/${campaignId}`, { json: { code: c, answers: good({ q6: 99 }) } }), 422, 'answers.q6');
		refused(await anon.post(`${API}/s/${campaignId}`, { json: { code: c, answers: 'q1=5' } }), 422, 'answers');
		const big = await anon.post(`${API}/s/${campaignId}`, { json: { code: c, answers: good({ q7: 'y'.repeat(1100000) }) } });
		assert.equal(big.status, 413);
		assert.equal(await responseCount(), n);
		ok(await anon.post(`${API}/s/${campaignId}`, { json: { code: c, answers: good() } }));
	});

	test('answers to hidden questions are dropped (q3 is asked only when q2 is "no")', async () => {
		const marker = `ẩn-${Math.random().toString(36).slice(2, 8)}`;
		ok(await anon.post(`${API}/s/${campaignId}`, { json: { code: code(), answers: good({ q2: 'yes', q3: marker }) } }));
		hiddenMarker = marker;	/* looked for in every response and comment after the close */
		const res = await results(socson);
		assert.ok(!JSON.stringify(res).includes(marker), 'nor shown as a comment');
	});

	test('HTML in free text is stored as typed and shown escaped on the results page', async () => {
		const evil = '<script>alert("ntm")</script><img src=x onerror=alert(1)>';
		ok(await anon.post(`${API}/s/${campaignId}`, { json: { code: code(), answers: good({ q7: evil }) } }));
		ok(await anon.post(`${API}/s/${campaignId}`, { json: { code: code(), answers: good({ q7: '=HYPERLINK("http://x","bấm")' }) } }));
		const page = await socson.get(`/campaigns/${campaignId}/results`);
		assert.equal(page.status, 200);
		assert.ok(!page.text.includes('<script>alert'), 'never raw');
		assert.ok(!page.text.includes('&lt;script&gt;alert('), 'no comment while the campaign runs (counts only)');
		assert.deepEqual((await results(socson)).comments, [], 'nor in the JSON');
		/* a question's own text (q5 has markup) is escaped on every page (the
		 * comments and the chart: after the close) */
		for (const path of [`/s/${campaignId}`, `/surveys/${surveyId}`]) {
			const p = await socson.get(path);
			assert.equal(p.status, 200, path);
			assert.ok(!p.text.includes('<i>chung</i>'), `${path} prints the question raw`);
			assert.ok(p.text.includes('&lt;i&gt;chung&lt;/i&gt;'), `${path} shows it escaped`);
		}
	});

	test('village teams type in paper questionnaires (channel paper); another province cannot', async () => {
		const n = await responseCount();
		ok(await socson.post(`${API}/campaigns/${campaignId}/entry`, { json: { code: code(), answers: good() } }));
		ok(await thon1.post(`${API}/campaigns/${campaignId}/entry`, { json: { code: code(), answers: good({ q1: 2 }) } }));
		const form = await socson.post(`/campaigns/${campaignId}/entry`, { form: { code: code(), 'a.q1': '3', 'a.q2': 'yes' } });
		assert.equal(form.status, 303);
		assert.equal(form.headers.get('location'), `/campaigns/${campaignId}/entry?saved=1`);
		const saved = await socson.get(form.headers.get('location'));
		assert.match(mainOf(saved.text), /Đã lưu phiếu/);
		const c = code();
		refused(await bana.post(`${API}/campaigns/${campaignId}/entry`, { json: { code: c, answers: good() } }), 403);
		refused(await htx.post(`${API}/campaigns/${campaignId}/entry`, { json: { code: c, answers: good() } }), 403, undefined, 'auth.forbidden');
		refused(await socson.post(`${API}/campaigns/${campaignId}/entry`, { json: { code: c, answers: good() }, csrf: false }), 403, '_csrf', 'auth.csrf');
		assert.equal(await responseCount(), n + 3);
		nextCode--;	/* c was not spent: the next test uses it */
	});
});

describe('results', () => {
	test('while open the owner reads counts only (responses, coverage, villages); others wait for the close', async () => {
		const r = await results(socson);
		const n = r.responses;
		assert.ok(n >= 10, `${n} responses`);
		assert.equal(r.campaign.id, campaignId);
		assert.equal(r.coverage, Math.round(1000 * n / 120) / 10);
		assert.equal(r.published, false);
		assert.equal(r.rate, null, 'no rate while open: it would move with each answer');
		assert.equal(r.ci, null);
		assert.equal(r.met, null);
		const q1 = r.questions.find((q) => q.id === 'q1');
		assert.deepEqual(Object.keys(q1).sort(), ['counts', 'id', 'text', 'type'], 'no count by question');
		assert.equal(r.coverage_met, false);
		const v = r.villages.find((x) => x.code === '00376-01');
		assert.ok(v, 'the village batch has its row');
		assert.equal(v.codes, 6);
		assert.equal(v.rate, undefined);
		refused(await socson.get(`${API}/campaigns/${campaignId}/responses`), 409, undefined, 'surveys.not_closed');
		assert.equal((await download(socson, `/campaigns/${campaignId}/results.csv`)).status, 409, 'no export while open');
		assert.equal(ok(await hanoi.get(`${API}/campaigns/${campaignId}/results`)).responses, n, 'the province owns it too');
		refused(await anon.get(`${API}/campaigns/${campaignId}/results`), 403, undefined, 'surveys.not_published');
		refused(await bana.get(`${API}/campaigns/${campaignId}/results`), 403, undefined, 'surveys.not_published');
		/* in the commune but not among its organisers: a producer, a village team */
		refused(await htx.get(`${API}/campaigns/${campaignId}/results`), 403, undefined, 'surveys.not_published');
		refused(await thon1.get(`${API}/campaigns/${campaignId}/results`), 403, undefined, 'surveys.not_published');
		assert.equal((await download(htx, `/campaigns/${campaignId}/results.csv`)).status, 403);
		refused(await anon.get(`${API}/surveys/${surveyId}/results`), 403, undefined, 'surveys.not_published');
		const page = await anon.get(`/campaigns/${campaignId}/results`);
		assert.equal(page.status, 403);
		assert.match(unescapeHtml(page.text), /chỉ được công bố sau khi đợt khảo sát kết thúc/);
		assert.equal((await download(anon, `/campaigns/${campaignId}/results.csv`)).status, 403);
		/* the survey's newest campaign */
		assert.equal(ok(await socson.get(`${API}/surveys/${surveyId}/results`)).campaign.id, campaignId);
	});

	test('comments are moderated after the close: hiding one while open is 409', async () => {
		refused(await socson.post(`${API}/campaigns/${campaignId}/comments/ffff/hide`), 409, undefined, 'surveys.not_closed');
	});

	test('closing: state closed, a second close 409, no more answers or codes, results public without hidden comments', async () => {
		const n = await responseCount();
		refused(await bana.post(`${API}/campaigns/${campaignId}/close`), 403);
		assert.equal(ok(await socson.get(`${API}/campaigns/${campaignId}`)).state, 'open');
		const close = await socson.post(`/campaigns/${campaignId}/close`, { form: {} });
		assert.equal(close.status, 303);
		assert.equal(ok(await socson.get(`${API}/campaigns/${campaignId}`)).state, 'closed');
		refused(await socson.post(`${API}/campaigns/${campaignId}/close`), 409);
		refused(await anon.post(`${API}/s/${campaignId}`, { json: { code: code(), answers: good() } }), 409, undefined, 'surveys.closed');
		const page = await anon.post(`/s/${campaignId}`, { form: { code: code(), 'a.q1': '5' } });
		assert.equal(page.status, 409);
		refused(await socson.post(`${API}/campaigns/${campaignId}/codes`, { json: { count: 1 } }), 409);
		assert.equal(await responseCount(), n);
		/* published: rates with 95 % intervals */
		const r = await results(socson);
		assert.equal(r.published, true);
		assert.equal(typeof r.rate, 'number');
		assert.equal(r.ci.length, 2);
		assert.ok(r.ci[0] <= r.rate && r.rate <= r.ci[1]);
		const q1 = r.questions.find((q) => q.id === 'q1');
		assert.equal(q1.answered, n);
		assert.ok(q1.ci[0] <= q1.rate && q1.rate <= q1.ci[1]);
		const evilText = '<script>alert("ntm")</script><img src=x onerror=alert(1)>';
		assert.ok(r.comments.some((c) => c.body === evilText), 'the JSON has the text as typed');
		const owner = await socson.get(`/campaigns/${campaignId}/results`);
		assert.ok(!owner.text.includes('<script>alert'), 'never raw');
		assert.ok(owner.text.includes('&lt;script&gt;alert('), 'shown escaped');
		assert.match(mainOf(owner.text), /<svg[\s\S]*&lt;i&gt;chung&lt;\/i&gt;[\s\S]*<\/svg>/, 'escaped inside the chart');
		assert.ok(!owner.text.includes('<i>chung</i>'), 'the question is never printed raw');
		for (const table of ['survey_response', 'survey_comment'])
			if (hiddenMarker && !(BACKEND === 'sqlite' && spawnSync('sqlite3', ['-version']).error))
				assert.ok(!ntm.sql(`SELECT * FROM ${table}`).includes(hiddenMarker), `the hidden answer is not stored in ${table}`);
	});

	test('the owner hides and shows comments; hidden ones are never public', async () => {
		const r = await results(socson);
		const evil = r.comments.find((c) => c.body.startsWith('<script>'));
		const hide = await socson.post(`/campaigns/${campaignId}/comments/${evil.id}/hide`, { form: {} });
		assert.equal(hide.status, 303);
		assert.equal(hide.headers.get('location'), `/campaigns/${campaignId}/results#comments`);
		assert.equal((await results(socson)).comments.find((c) => c.id === evil.id).hidden, true);
		refused(await bana.post(`${API}/campaigns/${campaignId}/comments/${evil.id}/show`), 403);
		refused(await socson.post(`${API}/campaigns/${campaignId}/comments/ffff/show`), 404);
		ok(await socson.post(`${API}/campaigns/${campaignId}/comments/${evil.id}/show`));
		ok(await socson.post(`${API}/campaigns/${campaignId}/comments/${evil.id}/hide`));
	});

	test('once closed the results are public, without hidden comments', async () => {
		const n = await responseCount();
		const pub = ok(await anon.get(`${API}/campaigns/${campaignId}/results`));
		assert.equal(pub.responses, n);
		assert.ok(!pub.comments.some((c) => c.body.startsWith('<script>')), 'the hidden comment is not public');
		const html = await anon.get(`/campaigns/${campaignId}/results`);
		assert.equal(html.status, 200);
		assert.match(mainOf(html.text), /<figure class="chart"><svg/);
		assert.ok(!html.text.includes('<script'), 'no script, hidden comment absent');
		assert.ok(!/comments\/[0-9a-f]+\/hide/.test(html.text), 'no moderation buttons for the public');
		const closedForm = await anon.get(`/s/${campaignId}`);
		assert.match(unescapeHtml(mainOf(closedForm.text)), /đã kết thúc/);
		assert.ok(!closedForm.text.includes('name="code"'), 'no form once closed');
	});

	test('exports: CSV (BOM, a header without time or free text), XLSX (zip) with ASCII file names; the JSON of the survey path', async () => {
		const csv = await download(socson, `/campaigns/${campaignId}/results.csv`);
		assert.equal(csv.status, 200);
		assert.match(csv.headers.get('content-type'), /^text\/csv; charset=utf-8/);
		assert.match(csv.headers.get('content-disposition'), /^attachment; filename="[\x20-\x7e]+\.csv"$/);
		assert.deepEqual([...csv.buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
		const text = csv.buf.subarray(3).toString('utf8');
		const lines = text.split('\r\n').filter((l) => l !== '');
		assert.equal(lines[0], 'village,q1,q2,q4,q5,q6', 'no time, no free text (that is in the comments)');
		assert.equal(lines.length - 1, await responseCount(), 'one line per response');
		assert.ok(!text.includes('HYPERLINK') && !text.includes('<script>'), 'no free text in the organisers\' copy either');
		/* the public's copy: the same, a hidden comment stays hidden */
		const pub = await download(anon, `/campaigns/${campaignId}/results.csv`);
		assert.equal(pub.status, 200);
		const pubText = pub.buf.toString('utf8');
		assert.equal(pubText.split('\r\n').filter((l) => l !== '').length, lines.length);
		assert.ok(!pubText.includes('<script>'), 'the hidden comment is not in the public CSV');
		assert.ok(!pubText.includes('HYPERLINK'), 'nor any free text');
		const xlsx = await download(anon, `/campaigns/${campaignId}/results.xlsx`);
		assert.equal(xlsx.status, 200);
		assert.equal(xlsx.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		assert.match(xlsx.headers.get('content-disposition'), /^attachment; filename="[\x20-\x7e]+\.xlsx"$/);
		assert.equal(xlsx.buf.subarray(0, 2).toString('latin1'), 'PK');
		const viaSurvey = ok(await anon.get(`${API}/surveys/${surveyId}/results`));
		assert.equal(viaSurvey.campaign.id, campaignId);
		const redirect = await anon.get(`/surveys/${surveyId}/results`);
		assert.equal(redirect.status, 303);
		assert.equal(redirect.headers.get('location'), `/campaigns/${campaignId}/results`);
	});

	test('anonymity: nothing readable names a code or a time finer than the day', async () => {
		const spent = issued.slice(0, nextCode);
		const res = JSON.stringify(await results(socson));
		const rows = ok(await socson.get(`${API}/campaigns/${campaignId}/responses`)).items;
		const csv = (await download(socson, `/campaigns/${campaignId}/results.csv`)).buf.toString('utf8');
		for (const c of spent) {
			assert.ok(!res.includes(c), `results name ${c}`);
			assert.ok(!JSON.stringify(rows).includes(c), `responses name ${c}`);
			assert.ok(!csv.includes(c), `the CSV names ${c}`);
		}
		for (const row of rows) {
			assert.equal(row.day, undefined, 'not even the day');
			for (const k of Object.keys(row))
				assert.ok(k === 'village' || /^q[12456]$/.test(k), `unexpected field ${k}`);
		}
		const xlsx = await download(socson, `/campaigns/${campaignId}/results.xlsx`);
		const dir = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'ntm-xlsx-'));
		const file = require('node:path').join(dir, 'r.xlsx');
		require('node:fs').writeFileSync(file, xlsx.buf);
		const unz = spawnSync('unzip', ['-p', file], { encoding: 'utf8' });
		require('node:fs').rmSync(dir, { recursive: true, force: true });
		if (unz.error)
			console.log('# unzip not installed: the XLSX contents are not searched');
		else
			for (const c of spent)
				assert.ok(!unz.stdout.includes(c), `the XLSX names ${c}`);
	});

	test('anonymity in the database: a response row holds no code, no user, no time; a spent code no time', async (t) => {
		if (BACKEND === 'sqlite' && spawnSync('sqlite3', ['-version']).error) {
			t.diagnostic('sqlite3 CLI not installed: the database is not read directly');
			return;
		}
		const cols = (table) => BACKEND === 'sqlite'
			? ntm.sql(`SELECT name FROM pragma_table_info('${table}')`).trim().split('\n')
			: ntm.sql(`SELECT column_name FROM information_schema.columns WHERE table_name = '${table}'`).trim().split('\n');
		assert.deepEqual(cols('survey_response').sort(), ['answers', 'campaign_id', 'channel', 'day', 'id', 'village_code']);
		for (const c of cols('survey_code'))
			assert.ok(!/(_at|time|date|day|response)/.test(c), `survey_code.${c}`);
		const dump = ntm.sql(`SELECT id, village_code, day, channel, answers FROM survey_response WHERE campaign_id = ${campaignId}`);
		for (const c of issued)
			assert.ok(!dump.includes(c), `a stored response names ${c}`);
		assert.ok(!dump.includes('HYPERLINK') && !dump.includes('<script>'), 'free text is stored in the comments alone');
		for (const d of ntm.sql(`SELECT day FROM survey_response WHERE campaign_id = ${campaignId}`).trim().split('\n'))
			assert.match(d.trim(), /^\d{4}-\d{2}-\d{2}$/);
		/* response ids are random, not in the order of arrival */
		const ids = ntm.sql(`SELECT id FROM survey_response WHERE campaign_id = ${campaignId}`).trim().split('\n');
		assert.ok(ids.every((id) => /^[0-9a-f]{16,}$/.test(id.trim())), ids[0]);
	});
});

describe('concurrency and open mode', () => {
	test('30 clients race to spend the same 5 codes: exactly 5 stored, every other attempt 409, nothing lost', async () => {
		const c = await newCampaign(observer, { title: 'Đợt e2e tranh mã' });
		const codes = await issue(c.id, 5);
		const attempts = Array.from({ length: 30 }, (_, i) => codes[i % 5]);
		const out = await Promise.all(attempts.map((k, i) => (i % 2
			? anon.post(`${API}/s/${c.id}`, { json: { code: k, answers: good({ q1: 1 + (i % 5) }) } })
			: anon.post(`/s/${c.id}`, { form: { code: k, 'a.q1': String(1 + (i % 5)), 'a.q2': 'yes' } }))));
		const won = out.filter((r) => r.status === 200 || r.status === 303);
		const lost = out.filter((r) => r.status === 409);
		assert.equal(won.length, 5, `statuses: ${out.map((r) => r.status).join(' ')}`);
		assert.equal(lost.length, 25);
		for (const r of lost.filter((x) => x.json))
			assert.equal(r.json.error.code, 'surveys.code_spent');
		assert.equal(ok(await observer.get(`${API}/campaigns/${c.id}`)).codes.spent, 5);
		ok(await observer.post(`${API}/campaigns/${c.id}/close`));
		const res = ok(await observer.get(`${API}/campaigns/${c.id}/results`));
		assert.equal(res.responses, 5);
		assert.equal(res.questions.find((q) => q.id === 'q1').answered, 5);
		assert.equal(ok(await observer.get(`${API}/campaigns/${c.id}/responses`)).total, 5);
	});

	test('100 concurrent answers with 100 codes are all stored and counted', async () => {
		const c = await newCampaign(observer, { title: 'Đợt e2e đồng thời', households: 100 });
		const codes = await issue(c.id, 100);
		const out = await Promise.all(codes.map((k, i) => anon.post(`${API}/s/${c.id}`, { json: { code: k, answers: good({ q1: 1 + (i % 5) }) } })));
		assert.deepEqual([...new Set(out.map((r) => r.status))], [200]);
		ok(await observer.post(`${API}/campaigns/${c.id}/close`));
		const res = ok(await observer.get(`${API}/campaigns/${c.id}/results`));
		assert.equal(res.responses, 100);
		assert.equal(res.coverage, 100);
		const q1 = res.questions.find((q) => q.id === 'q1');
		assert.deepEqual(q1.options.map((o) => o.count), [20, 20, 20, 20, 20]);
		assert.equal(q1.rate, 40);
		assert.deepEqual(q1.ci, [40, 40], 'every household answered: no sampling error');
	});

	test('open mode: no code needed, at most 20 answers an hour from one address (429)', async () => {
		const c = await newCampaign(observer, { title: 'Đợt e2e mở', mode: 'open' });
		refused(await observer.post(`${API}/campaigns/${c.id}/codes`, { json: { count: 1 } }), 409);
		const page = await anon.get(`/s/${c.id}`);
		assert.ok(!page.text.includes('name="code"'), 'no code field in open mode');
		for (let i = 0; i < 20; i++)
			ok(await anon.post(`${API}/s/${c.id}`, { json: { answers: good() } }));
		refused(await anon.post(`${API}/s/${c.id}`, { json: { answers: good() } }), 429);
		const form = await anon.post(`/s/${c.id}`, { form: { 'a.q1': '5', 'a.q2': 'yes' } });
		assert.equal(form.status, 429);
		assert.equal(ok(await observer.get(`${API}/campaigns/${c.id}/results`)).responses, 20);
	});

	test('a large batch is printed in parts of 500 codes: each part a PDF, past the last 404', async () => {
		const c = await newCampaign(observer, { title: 'Đợt e2e nhiều mã', households: 600 });
		const r = ok(await observer.post(`${API}/campaigns/${c.id}/codes`, { json: { count: 501 } }));
		assert.deepEqual(r.pdf, [`/campaigns/${c.id}/codes.pdf?batch=${r.batch}&part=1`,
			`/campaigns/${c.id}/codes.pdf?batch=${r.batch}&part=2`]);
		const page = ok(await observer.get(`${API}/campaigns/${c.id}?batch=${r.batch}`));
		assert.equal(page.batch.pdf.length, 2);
		assert.equal(page.batch.total, 501);
		const html = await socson.get(`/campaigns/${c.id}?batch=${r.batch}`);
		assert.equal([...mainOf(html.text).matchAll(/<li><code>/g)].length, 200, 'the page lists 200 codes');
		assert.match(mainOf(html.text), /… 301 /);
		const p2 = await download(socson, r.pdf[1]);
		assert.equal(p2.status, 200);
		assert.equal(p2.buf.subarray(0, 5).toString('latin1'), '%PDF-');
		assert.match(p2.headers.get('content-disposition'), new RegExp(`filename="codes-${c.id}-${r.batch}-2\\.pdf"`));
		const info = spawnSync('pdfinfo', ['-'], { input: p2.buf, encoding: 'utf8' });
		if (!info.error)
			assert.match(info.stdout, /Pages:\s+1\n/, 'one code, one page');
		assert.equal((await download(socson, `/campaigns/${c.id}/codes.pdf?batch=${r.batch}&part=3`)).status, 404);
	});

	test('a campaign that has not opened yet takes no answers', async () => {
		const c = await newCampaign(observer, { title: 'Đợt e2e sắp mở', opens_on: day(5), closes_on: day(25) });
		assert.equal(c.state, 'scheduled');
		const [k] = await issue(c.id, 1);
		const page = await anon.get(`/s/${c.id}`);
		assert.match(unescapeHtml(mainOf(page.text)), /chưa mở/);
		const r = await anon.post(`${API}/s/${c.id}`, { json: { code: k, answers: good() } });
		assert.equal(r.status, 409, r.text);
	});
});

describe('refusals by role and scope', () => {
	test('anonymous callers cannot design or run; unknown ids are 404', async () => {
		refused(await anon.post(`${API}/surveys`, { json: { unit: SOCSON, document: questionnaire() } }), 401);
		refused(await anon.post(`${API}/campaigns/${campaignId}/close`), 401);
		refused(await anon.get(`${API}/campaigns/${campaignId}`), 401);
		const login = await anon.get(`/campaigns/${campaignId}`);
		assert.equal(login.status, 303);
		assert.match(login.headers.get('location'), /^\/login\?next=/);
		refused(await anon.get(`${API}/s/999999`), 404);
		refused(await anon.get(`${API}/s/abc`), 404);
		refused(await socson.get(`${API}/surveys/999999`), 404);
		refused(await socson.get(`${API}/campaigns/999999`), 404);
	});

	test('roles outside the officials (producer, appraiser) are refused every official route', async () => {
		refused(await htx.post(`${API}/surveys`, { json: { unit: SOCSON, document: questionnaire() } }), 403, undefined, 'auth.forbidden');
		refused(await htx.get(`${API}/campaigns`), 403, undefined, 'auth.forbidden');
		refused(await htx.get(`${API}/campaigns/${campaignId}/responses`), 403, undefined, 'auth.forbidden');
		const thamdinh = await Client.login(ntm.base, 'thamdinh');
		refused(await thamdinh.post(`${API}/surveys/${surveyId}/campaigns`, { json: { unit: SOCSON } }), 403, undefined, 'auth.forbidden');
		/* a village officer enters data for its commune's campaigns only */
		refused(await thon1.get(`${API}/campaigns/${campaignId}`), 403, undefined, 'auth.forbidden');
	});
});
