'use strict';
/* A JSON answer to a survey refused for several reasons lists every one
 * in error.problems (docs/API.md, docs/SURVEYS.md "Answers"), as the
 * public page does: the household code (missing, or not of this
 * campaign - never whether it was used), then each question in order,
 * named by its text, never by its field path.  `code`, `message` and
 * `field` stay the submission's own refusal.  Nothing is spent by a
 * refused answer, and a spent code is not told apart from a fresh one
 * by the list (docs/SURVEYS.md, anonymity against the owner). */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client } = require('../lib/accounts');

const today = () => new Date().toISOString().slice(0, 10);
const later = (d) => new Date(Date.now() + d * 86400000).toISOString().slice(0, 10);

let ntm;
let anon;
let doc;
let campaignId;
let codes;

before(async () => {
	ntm = await startDemo();
	anon = Client.anonymous(ntm.base);
	const socson = await Client.login(ntm.base, 'socson');
	const tpl = (await socson.get('/api/v1/surveys')).json.items.find((s) => s.is_template);
	const copy = await socson.post('/api/v1/surveys', { json: { unit: '2025:00376', template: tpl.id } });
	assert.equal(copy.status, 200, copy.text);
	doc = copy.json.created.document;
	const c = await socson.post(`/api/v1/surveys/${copy.json.created.id}/campaigns`, { json: {
		unit: '2025:00376', title: 'Khảo sát thử các lỗi', households: 100, min_coverage: 70, threshold: 90,
		opens_on: today(), closes_on: later(20), posting_days: 10 } });
	assert.equal(c.status, 200, c.text);
	campaignId = c.json.created.id;
	const k = await socson.post(`/api/v1/campaigns/${campaignId}/codes`, { json: { count: 4 } });
	assert.equal(k.status, 200, k.text);
	codes = k.json.codes;
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

/* Every answer a household could give, all valid. */
function goodAnswers() {
	const a = {};
	for (const q of doc.questions)
		if (q.type === 'scale5')
			a[q.id] = 4;
		else if (q.type === 'yesno')
			a[q.id] = 'yes';
	return a;
}

const required = () => doc.questions.filter((q) => q.required && !q.show_if);
const post = (body, lang) => anon.post(`/api/v1/s/${campaignId}${lang ? `?lang=${lang}` : ''}`, { json: body });

/* Messages in words: no field path, no machine code. */
function plain(problems) {
	for (const p of problems) {
		assert.equal(typeof p.message, 'string');
		assert.doesNotMatch(p.message, /answers\.|\bsurveys\.|request\./, `"${p.message}"`);
		assert.equal(typeof p.field, 'string');
		assert.equal(typeof p.code, 'string');
	}
}

test('no answer at all: every required question is listed, in order, each named by its text', async () => {
	const r = await post({ code: codes[0], answers: {} });
	assert.equal(r.status, 422, r.text);
	const e = r.json.error;
	assert.equal(e.code, 'surveys.required');
	assert.equal(e.field, `answers.${required()[0].id}`);
	assert.ok(Array.isArray(e.problems), `problems: ${r.text.slice(0, 300)}`);
	assert.deepEqual(e.problems.map((p) => p.field), required().map((q) => `answers.${q.id}`));
	plain(e.problems);
	const first = e.problems[0].message;
	assert.ok(first.includes(required()[0].text.slice(0, 20)), `the question's text in "${first}"`);
	/* nothing was spent: the same code answers after */
	const ok = await post({ code: codes[0], answers: goodAnswers() });
	assert.equal(ok.status, 200, ok.text);
});

test('no code and two wrong answers: the code, then each answer, in English too', async () => {
	const a = goodAnswers();
	a.thuy_loi = 9;
	a.hai_long_chung = 'có';
	for (const lang of [null, 'en']) {
		const r = await post({ answers: a }, lang);
		assert.equal(r.status, 422, r.text);
		const e = r.json.error;
		assert.equal(e.field, 'code', 'the submission\'s own refusal stays in front');
		assert.deepEqual(e.problems.map((p) => p.field), ['code', 'answers.thuy_loi', 'answers.hai_long_chung']);
		assert.deepEqual(e.problems.map((p) => p.code), ['surveys.code_required', 'surveys.out_of_range', 'surveys.bad_answer']);
		plain(e.problems);
		if (lang === 'en')
			assert.match(e.problems[1].message, /^Question/);
		else
			assert.match(e.problems[1].message, /^Câu/);
	}
});

test('a code of another campaign and a missing answer: both listed', async () => {
	const a = goodAnswers();
	delete a.dien;
	const r = await post({ code: 'ABCD-EFGH-JKLM', answers: a });
	assert.ok(r.status === 422 || r.status === 404, r.text);
	const fields = r.json.error.problems.map((p) => p.field);
	assert.deepEqual(fields, ['code', 'answers.dien']);
	plain(r.json.error.problems);
});

test('a spent code is not told apart by the list: only the answers are listed, and the code stays spent', async () => {
	const a = goodAnswers();
	delete a.giao_thong;
	const spent = await post({ code: codes[0], answers: a });
	const fresh = await post({ code: codes[1], answers: a });
	for (const r of [spent, fresh]) {
		assert.equal(r.status, 422, r.text);
		assert.deepEqual(r.json.error.problems.map((p) => p.field), ['answers.giao_thong']);
	}
	assert.deepEqual(spent.json.error, fresh.json.error, 'the same refusal for a spent and a fresh code');
	const again = await post({ code: codes[0], answers: goodAnswers() });
	assert.equal(again.status, 409, again.text);
	const once = await post({ code: codes[1], answers: goodAnswers() });
	assert.equal(once.status, 200, 'the fresh code was not spent by its refused answer');
});

test('a request no form makes (answers not an object, a code that is no string) keeps its one error', async () => {
	const r = await post({ code: codes[2], answers: [1, 2] });
	assert.ok(r.status >= 400 && r.status < 500, r.text);
	assert.equal(r.json.error.field, 'answers');
	const c = await post({ code: 12, answers: {} });
	assert.ok(c.status >= 400 && c.status < 500, c.text);
	assert.equal(c.json.error.field, 'code');
});
