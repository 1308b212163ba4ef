'use strict';
/*
 * The satisfaction survey's result cannot be inflated, and open mode keeps
 * no address (issue 13).  Before: codes were not capped at the households
 * (a campaign of 2,400 households reached 4,681 responses, coverage
 * 195 %, a zero-width interval) and a dossier accepted that result; open
 * mode stored the client's IP address with the hour, and `ntm copy`
 * carried it.
 *
 * Proven here, on a `ntm demo` database: the live codes never exceed the
 * households (a 422 naming count that says how many remain); a lost code
 * is cancelled and replaced in one action, audited, the cancelled code
 * refused like an unknown one, whether or not it had been used (the answer
 * is the same either way); no response beyond the households in either
 * mode, so coverage stays at most 100 %; a dossier refuses a campaign whose
 * numbers cannot be (legacy data written straight into the database), in
 * both languages, and no justification overrides it; the rate table of
 * open mode holds a keyed hash, never an address, loses its past hours,
 * and is not copied.  The bad-input catalogue goes through count, code and
 * reason.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client, auditLatest } = require('../lib/accounts');
const { badInputs, BACKEND } = require('../lib/ntm');
const d = require('../lib/dossiers');
const { ok, refused } = require('../lib/http');

const API = '/api/v1';
const SOCSON = '2025:00376';

let ntm, ctx, admin, observer, socson, anon, surveyId;

const day = (offset = 0) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

const answers = (q1 = 5) => ({ q1 });

async function campaign(over = {}) {
	return ok(await observer.post(`${API}/surveys/${surveyId}/campaigns`, { json: {
		unit: SOCSON, title: `Đợt toàn vẹn ${Math.random().toString(36).slice(2, 7)}`, households: 10,
		min_coverage: 50, threshold: 50, opens_on: day(), closes_on: day(10), posting_days: 1, mode: 'codes',
		...over } })).created;
}

const issue = (id, count) => observer.post(`${API}/campaigns/${id}/codes`, { json: { count } });
const replace = (client, id, code, reason) =>
	client.post(`${API}/campaigns/${id}/codes/replace`, { json: { code, reason } });
const answer = (id, code, q1 = 5) => anon.post(`${API}/s/${id}`, { json: code ? { code, answers: answers(q1) } : { answers: answers(q1) } });
const counts = async (id) => ok(await observer.get(`${API}/campaigns/${id}`));
/* The newest audit entries of action on campaign id, their values parsed. */
const auditOf = async (action, id) => (await auditLatest(admin, 200))
	.filter((e) => e.action === action && e.object === `survey_campaign:${id}`)
	.map((e) => ({ ...e, detail: JSON.parse(e.after) }));

before(async () => {
	ntm = await startDemo();
	ctx = await d.setup(ntm);
	admin = ctx.admin;
	observer = ctx.observer;
	anon = Client.anonymous(ntm.base);
	socson = await Client.login(ntm.base, 'socson');
	surveyId = ok(await observer.post(`${API}/surveys`, { json: { unit: SOCSON, document: {
		format: 'ntm-survey/1', title: 'Khảo sát toàn vẹn e2e',
		questions: [{ id: 'q1', type: 'scale5', text: 'Ông/bà có hài lòng không?', required: true, satisfied_from: 4 }] } } })).created.id;
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

describe('codes issued never exceed the households', () => {
	test('asking for more codes than the households left is a 422 naming count that says how many remain', async () => {
		const c = await campaign({ households: 10 });
		assert.equal(ok(await issue(c.id, 6)).codes.length, 6);
		const e = refused(await issue(c.id, 5), 422, 'count', 'surveys.codes_cap');
		assert.match(e.message, /\b4\b/, `the message says 4 remain: ${e.message}`);
		const en = refused(await observer.post(`${API}/campaigns/${c.id}/codes?lang=en`, { json: { count: 5 } }), 422, 'count');
		assert.match(en.message, /Only 4 more codes/);
		assert.equal(ok(await issue(c.id, 4)).codes.length, 4);
		const none = refused(await issue(c.id, 1), 422, 'count', 'surveys.codes_cap');
		assert.match(none.message, /10/);
		const now = await counts(c.id);
		assert.deepEqual([now.codes.issued, now.codes.live, now.codes.cancelled], [10, 10, 0]);
		const issued = await auditOf('survey.codes_issue', c.id);
		assert.deepEqual(issued.map((x) => x.detail.count).sort(), [4, 6], 'each issuance is in the audit trail, the refused ones are not');
	});

	test('the page form refuses too, naming the field, and the counts stay', async () => {
		const c = await campaign({ households: 3 });
		const page = await socson.post(`/campaigns/${c.id}/codes`, { form: { count: '4' } });
		assert.equal(page.status, 422);
		assert.match(page.text, /Chỉ còn cấp được 3 mã/);
		assert.equal((await counts(c.id)).codes.issued, 0);
	});

	test('bad counts from the catalogue are 400 or 422 naming count, never 500', async () => {
		const c = await campaign({ households: 5 });
		for (const v of badInputs().numbers) {
			const r = await observer.post(`${API}/campaigns/${c.id}/codes`, { json: { count: v } });
			assert.ok(r.status === 400 || r.status === 422 || (r.status === 200 && Number(String(v).trim()) > 0),
				`count=${JSON.stringify(v)} -> ${r.status}`);
			if (r.status !== 200)
				refused(r, r.status, 'count');
		}
		assert.ok((await counts(c.id)).codes.live <= 5);
	});
});

describe('a lost code is cancelled and replaced', () => {
	let c, codes;

	before(async () => {
		c = await campaign({ households: 4 });
		codes = ok(await issue(c.id, 4)).codes;
		ok(await answer(c.id, codes[0]));	/* codes[0] has answered */
	});

	test('used or not, the cancellation answers alike; the cancelled code is then unknown; live codes unchanged', async () => {
		const used = ok(await replace(observer, c.id, codes[0], 'Hộ làm mất phiếu'));
		const unused = ok(await replace(observer, c.id, `${codes[1].slice(0, 4)}-${codes[1].slice(4)}`, 'Phiếu bị rách'));
		assert.deepEqual(Object.keys(used).sort(), Object.keys(unused).sort(), 'no field tells a used code from an unused one');
		assert.deepEqual(Object.keys(used).sort(), ['batch', 'cancelled', 'code']);
		assert.equal(used.cancelled, codes[0]);
		assert.equal(unused.cancelled, codes[1]);
		assert.match(used.code, /^[2-9A-HJKMNP-Z]{8}$/);
		assert.ok(!codes.includes(used.code) && !codes.includes(unused.code));
		const unknown = refused(await answer(c.id, '2222-2222'), 404, 'code', 'surveys.code_unknown');
		for (const k of [codes[0], codes[1]]) {
			const e = refused(await answer(c.id, k), 404, 'code', 'surveys.code_unknown');
			assert.equal(e.message, unknown.message, 'a cancelled code is refused like an unknown one');
		}
		refused(await replace(observer, c.id, codes[1], 'Lần nữa'), 404, 'code', 'surveys.code_unknown');
		const now = await counts(c.id);
		assert.deepEqual([now.codes.issued, now.codes.cancelled, now.codes.live], [6, 2, 4]);
		assert.equal(now.responses, 1, 'the answer of the used code stays counted');
		ok(await answer(c.id, unused.code));
		assert.equal((await counts(c.id)).responses, 2);
	});

	test('every cancellation is in the audit trail with its reason, never with the new code', async () => {
		const entries = await auditOf('survey.code_replace', c.id);
		assert.equal(entries.length, 2);
		assert.deepEqual(entries.map((x) => x.detail.reason).sort(), ['Hộ làm mất phiếu', 'Phiếu bị rách']);
		assert.deepEqual(entries.map((x) => x.detail.cancelled).sort(), [codes[0], codes[1]].sort());
		const text = JSON.stringify(entries);
		assert.ok(!/"spent"|"used"/.test(text), 'the entry does not say whether the code was used');
		const live = ok(await observer.get(`${API}/campaigns/${c.id}?batch=1`));
		for (const it of (live.batch && live.batch.codes) || [])
			assert.ok(!text.includes(it.code), 'no live code is written in the audit trail');
	});

	test('the campaign page has the form; a replacement through it shows the new code once', async () => {
		const page = await socson.get(`/campaigns/${c.id}`);
		assert.equal(page.status, 200);
		assert.match(page.text, new RegExp(`action="/campaigns/${c.id}/codes/replace"`));
		const r = await socson.post(`/campaigns/${c.id}/codes/replace`, { form: { code: codes[2], reason: 'Hộ chuyển nhà, mất phiếu' } });
		assert.equal(r.status, 200, r.text.slice(0, 300));
		const m = /mã thay thế, hãy giao cho hộ: <strong><code>([2-9A-Z]{4}-[2-9A-Z]{4})<\/code>/.exec(r.text);
		assert.ok(m, 'the new code is shown');
		ok(await answer(c.id, m[1]));
		const form = await socson.post(`/campaigns/${c.id}/codes/replace`, { form: { code: codes[3], reason: '' } });
		assert.equal(form.status, 422);
		assert.match(form.text, /reason|Lý do/);
	});

	test('bad codes and reasons from the catalogue are refused naming their field, never 500', async () => {
		const bad = badInputs();
		const codeValues = [...bad.html_script, ...bad.sql, ...bad.paths, ...bad.codes, ...bad.numbers,
			...Object.values(bad.unicode), '', '2222-222', 12345678, null, ['2222-2222']];
		for (const v of codeValues) {
			const r = await replace(observer, c.id, v, 'Lý do hợp lệ');
			assert.ok([400, 404, 422].includes(r.status), `code=${JSON.stringify(v)} -> ${r.status}`);
			/* a NUL inside a JSON string is refused with the body */
			refused(r, r.status, r.json.error.code === 'request.bad_json' ? null : 'code');
		}
		/* a well-formed code no campaign issued: a reason that passes is
		 * then refused for the code (404), one that does not for itself */
		const reasons = [...bad.html_script, ...bad.sql, ...bad.csv_formula, ...Object.values(bad.unicode),
			'', '   ', 'x'.repeat(501), 'dòng 1\ndòng 2', 42, null, ['a']];
		for (const v of reasons) {
			const r = await replace(observer, c.id, '2222-2222', v);
			assert.ok([400, 404, 422].includes(r.status), `reason=${JSON.stringify(v).slice(0, 40)} -> ${r.status}`);
			refused(r, r.status, r.json.error.code === 'request.bad_json' ? null : r.status === 404 ? 'code' : 'reason');
		}
		for (const v of ['\u202eabc', 'a\u2066b', '\u0007bell'])
			refused(await replace(observer, c.id, '2222-2222', v), 422, 'reason');
		const now = await counts(c.id);
		assert.equal(now.codes.live, 4, 'nothing was issued or cancelled by the refused requests');
	});

	test('only the campaign\'s officials may cancel: another province is refused, anonymous is 401', async () => {
		refused(await replace(ctx.bana, c.id, codes[3], 'Không được'), 403);
		refused(await replace(anon, c.id, codes[3], 'Không được'), 401);
	});

	test('an open campaign has no codes to cancel (409)', async () => {
		const o = await campaign({ mode: 'open' });
		refused(await replace(observer, o.id, '2222-2222', 'Không có mã'), 409);
	});
});

describe('responses never exceed the households', () => {
	test('codes mode: a code replaced after it was used cannot add an answer beyond the households; coverage 100 %', async () => {
		const c = await campaign({ households: 3 });
		const codes = ok(await issue(c.id, 3)).codes;
		for (const k of codes)
			ok(await answer(c.id, k));
		const again = ok(await replace(observer, c.id, codes[0], 'Thử thổi phồng kết quả'));
		const e = refused(await answer(c.id, again.code), 409, undefined, 'surveys.full');
		assert.match(e.message, /3/);
		const res = ok(await observer.get(`${API}/campaigns/${c.id}/results`));
		assert.equal(res.responses, 3);
		assert.ok(res.coverage <= 100, `coverage ${res.coverage}`);
		assert.equal(res.coverage, 100);
		/* the code is still there, unused: the answer is refused, not the code spent */
		const en = await anon.post(`${API}/s/${c.id}?lang=en`, { json: { code: again.code, answers: answers() } });
		assert.match(refused(en, 409).message, /as many as there are households/);
	});

	test('paper entry obeys the same cap', async () => {
		const c = await campaign({ households: 1 });
		const [k] = ok(await issue(c.id, 1)).codes;
		ok(await observer.post(`${API}/campaigns/${c.id}/entry`, { json: { code: k, answers: answers() } }));
		const again = ok(await replace(observer, c.id, k, 'Phiếu giấy nhập hai lần'));
		refused(await observer.post(`${API}/campaigns/${c.id}/entry`, { json: { code: again.code, answers: answers() } }),
			409, undefined, 'surveys.full');
	});

	test('open mode: once the responses reach the households, no more (409)', async () => {
		const c = await campaign({ households: 2, mode: 'open' });
		ok(await answer(c.id));
		ok(await answer(c.id));
		refused(await answer(c.id), 409, undefined, 'surveys.full');
		const res = ok(await observer.get(`${API}/campaigns/${c.id}/results`));
		assert.equal(res.responses, 2);
		assert.equal(res.coverage, 100);
	});

	test('concurrent answers with more codes than slots left still stop at the households', async () => {
		const c = await campaign({ households: 20 });
		const codes = ok(await issue(c.id, 20)).codes;
		for (const k of codes.slice(0, 10))
			ok(await answer(c.id, k));
		/* ten used codes replaced: 20 unused codes for 10 remaining households */
		const fresh = [];
		for (const k of codes.slice(0, 10))
			fresh.push(ok(await replace(observer, c.id, k, 'Thử đồng thời')).code);
		const out = await Promise.all([...codes.slice(10), ...fresh].map((k) => answer(c.id, k)));
		const by = {};
		for (const r of out)
			by[r.status] = (by[r.status] || 0) + 1;
		assert.deepEqual(by, { 200: 10, 409: 10 });
		assert.equal((await counts(c.id)).responses, 20);
	});
});

describe('a dossier refuses a survey result whose numbers cannot be', () => {
	let commune, campaignId, dossierId;

	before(async () => {
		commune = await d.freshCommune(ctx);
		await d.setValues(ctx, commune.unit, d.SET_OLD, 2025, true);
		campaignId = await d.closedCampaign(ctx, commune.unit);	/* 10 households, 8 answered */
		const created = ok(await commune.officer.post(`${API}/dossiers`, { json: { unit: commune.unit, set_id: d.SET_OLD,
			year: 2025, title: 'ntm', campaign_id: campaignId, note: 'Hồ sơ toàn vẹn e2e' } })).created;
		dossierId = created.id;
		ok(await d.upload(commune.officer, dossierId, 'self_assessment', d.pdf('tu danh gia')));
		ok(await d.upload(commune.officer, dossierId, 'satisfaction_minutes', d.pdf('mttq')));
		/* Legacy data, as before the cap: 2,400 households, 4,681 codes
		 * and responses (coverage 195 %, a zero-width interval). */
		ntm.sql(`UPDATE survey_campaign SET households = 2400, codes_issued = 4681 WHERE id = ${campaignId}`);
		ntm.sql(`UPDATE survey_tally SET n = n * 4681 / 8 WHERE campaign_id = ${campaignId} AND village_code = ''`);
	});

	test('the campaign reads as impossible: 4,681 responses of 2,400 households', async () => {
		const res = ok(await ctx.observer.get(`${API}/campaigns/${campaignId}/results`));
		assert.equal(res.responses, 4681);
		assert.ok(res.coverage > 100, 'the legacy numbers are what the test meant to write');
	});

	test('submitting the dossier is refused with the reason, in both languages, naming the check; no justification overrides it', async () => {
		const vi = refused(await d.act(commune.officer, dossierId, 'submit', { note: 'Trình huyện' }),
			422, 'checks.satisfaction_met', 'dossiers.impossible_survey');
		assert.match(vi.message, /không thể có.*4681.*2400/);
		const en = refused(await commune.officer.post(`${API}/dossiers/${dossierId}/actions/submit?lang=en`, { json: {
			row_version: (await d.get(commune.officer, dossierId)).row_version, note: 'Submit',
			justification: 'Chúng tôi giải trình rằng kết quả khảo sát là đúng, đề nghị chấp nhận.' } }),
			422, 'checks.satisfaction_met', 'dossiers.impossible_survey');
		assert.match(en.message, /impossible.*responses.*4681.*households.*2400/);
		const view = await d.get(commune.officer, dossierId);
		assert.equal(view.state.id, 'draft');
	});

	test('a new dossier naming that campaign is refused at creation, naming campaign_id', async () => {
		const e = refused(await commune.officer.post(`${API}/dossiers?lang=en`, { json: { unit: commune.unit,
			set_id: d.SET_OLD, year: 2025, title: 'ntm', campaign_id: campaignId, note: 'x' } }),
			422, 'campaign_id', 'dossiers.impossible_survey');
		assert.match(e.message, /impossible.*4681.*2400/);
	});

	test('more live codes than households, and more responses than codes, are refused too', async () => {
		ntm.sql(`UPDATE survey_campaign SET households = 5000, codes_issued = 6000, codes_cancelled = 0 WHERE id = ${campaignId}`);
		const codes = refused(await d.act(commune.officer, dossierId, 'submit', { note: 'x' }), 422, 'checks.satisfaction_met');
		assert.match(codes.message, /6000 mã hộ đang dùng được/);
		ntm.sql(`UPDATE survey_campaign SET households = 5000, codes_issued = 4000 WHERE id = ${campaignId}`);
		const more = refused(await d.act(commune.officer, dossierId, 'submit', { note: 'x' }), 422, 'checks.satisfaction_met');
		assert.match(more.message, /4681 phiếu.*4000 mã/);
	});

	test('with its numbers put right the dossier goes on', async () => {
		ntm.sql(`UPDATE survey_campaign SET households = 10, codes_issued = 10 WHERE id = ${campaignId}`);
		ntm.sql(`UPDATE survey_tally SET n = n * 8 / 4681 WHERE campaign_id = ${campaignId} AND village_code = ''`);
		ok(await d.act(commune.officer, dossierId, 'submit', { note: 'Trình huyện' }));
	});
});

describe('open mode keeps no address', () => {
	let c;

	before(async () => {
		c = await campaign({ households: 100, mode: 'open' });
	});

	test('the rate table holds a keyed hash of 32 hex digits per client and hour, never an address', async () => {
		ok(await answer(c.id));
		ok(await answer(c.id));
		const rows = ntm.sql(`SELECT client_hash || '|' || hour || '|' || n FROM survey_rate WHERE campaign_id = ${c.id}`)
			.split('\n').map((s) => s.trim()).filter(Boolean);
		assert.equal(rows.length, 1, `one client: ${rows}`);
		const [hash, hour, n] = rows[0].split('|');
		assert.match(hash, /^[0-9a-f]{32}$/);
		assert.match(hour, /^\d{4}-\d\d-\d\dT\d\d$/);
		assert.equal(n, '2');
		const all = ntm.sql('SELECT * FROM survey_rate');
		assert.ok(!/127\.0\.0\.1|::1|localhost/.test(all), `no address stored: ${all}`);
		const cols = BACKEND === 'postgresql'
			? ntm.sql("SELECT column_name FROM information_schema.columns WHERE table_name = 'survey_rate'")
			: ntm.sql("SELECT name FROM pragma_table_info('survey_rate')");
		assert.ok(!/client_key|addr|ip\b/.test(cols), `columns: ${cols}`);
	});

	test('the rows of hours that have passed are deleted by the next open-mode answer', async () => {
		ntm.sql(`INSERT INTO survey_rate (campaign_id, client_hash, hour, n) VALUES (${c.id}, '${'ab'.repeat(16)}', '2026-01-01T00', 3)`);
		assert.equal(ntm.sql("SELECT count(*) FROM survey_rate WHERE hour = '2026-01-01T00'").trim(), '1');
		ok(await answer(c.id));
		assert.equal(ntm.sql("SELECT count(*) FROM survey_rate WHERE hour = '2026-01-01T00'").trim(), '0');
		assert.equal(ntm.sql(`SELECT n FROM survey_rate WHERE campaign_id = ${c.id}`).trim(), '3', 'this hour is kept');
	});

	test('ntm copy carries no rate row, and keeps the cancelled codes count', async () => {
		const to = ntm.newDatabase('copy');
		const r = ntm.run(['copy', '--from', ntm.dbPath, '--to', to.target], { timeout: 120000 });
		assert.equal(r.code, 0, r.stderr);
		assert.ok(Number(ntm.sql('SELECT count(*) FROM survey_rate').trim()) > 0, 'the source has rows');
		assert.equal(to.sql('SELECT count(*) FROM survey_rate').trim(), '0');
		assert.equal(to.sql('SELECT sum(codes_cancelled) FROM survey_campaign').trim(),
			ntm.sql('SELECT sum(codes_cancelled) FROM survey_campaign').trim());
	});
});
