'use strict';
/*
 * Recognition dossiers over HTTP (issue 7), on a `ntm demo` database: a
 * commune's dossier from creation to published decision under the
 * 2021-2025 procedure (commune -> district appraisal -> provincial council
 * -> decision) and under the 2026-2030 one (commune -> province, with the
 * written justification that lets a not-yet-met evaluation through),
 * return with reasons per criterion and resubmission, the council's vote
 * (quorum and majority), the race of two appraisers on one state, the
 * upload checks, and the refusals (role, scope, state, missing items) in
 * JSON and on the page with the same message.  Deadlines and revocation:
 * dossiers-deadlines.test.js.
 *
 * Every flow uses its own pre-2025 commune of the old Sóc Sơn district
 * (lib/dossiers.js), so the tests do not depend on one another's state.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startDemo, Client, auditTotal } = require('../lib/accounts');
const { mainOf, unescapeHtml } = require('../lib/ntm');
const d = require('../lib/dossiers');

const { API, ok, refused } = d;
let ntm;
let ctx;

before(async () => {
	ntm = await startDemo();
	ctx = await d.setup(ntm);
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');
const text = (html) => unescapeHtml(mainOf(html)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/* POST a form as a browser would (303 on success, the page on error). */
function form(client, urlPath, fields) {
	return client.post(urlPath, { form: fields });
}

/* A multipart upload through the page's form. */
async function formUpload(client, id, kind, bytes, filename, type = 'application/pdf') {
	const fd = new FormData();
	fd.append('_csrf', client.csrf);
	fd.append('kind', kind);
	fd.append('file', new Blob([bytes], { type }), filename);
	const res = await fetch(`${client.base}/dossiers/${id}/attachments`, { method: 'POST',
		headers: client.headers(), body: fd, redirect: 'manual' });
	return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('the 2021-2025 procedure: commune, district, council, decision', () => {
	let c, id, campaign;

	test('a commune officer creates a dossier; it starts as a draft with the live evaluation beside it', async () => {
		c = await d.freshCommune(ctx);
		const ev = await d.setValues(ctx, c.unit, d.SET_OLD, 2025, true);
		assert.equal(ev.status, 'met', 'the values meet every criterion');
		campaign = await d.closedCampaign(ctx, c.unit);
		const r = ok(await c.officer.post(`${API}/dossiers`, { json: { unit: c.unit, set_id: d.SET_OLD, year: 2025,
			title: 'ntm', campaign_id: campaign, note: 'Xã đề nghị xét công nhận năm 2025' } }));
		id = r.created.id;
		assert.equal(r.created.kind, 'recognition');
		assert.equal(r.created.procedure.id, 'commune-ntm-2021-2025');
		assert.equal(r.created.state.id, 'draft');
		assert.equal(r.created.evaluation.snapshot, null, 'nothing frozen before submission');
		assert.equal(r.created.evaluation.live.status, 'met');
		assert.ok(r.created.actions.some((a) => a.id === 'submit'), 'the officer may submit');
		/* a second open dossier for the same unit and title is refused */
		refused(await c.officer.post(`${API}/dossiers`, { json: { unit: c.unit, set_id: d.SET_OLD, year: 2025,
			title: 'ntm' } }), 409, undefined, 'dossiers.exists');
		/* the list of the commune shows it, with the counts by state */
		const list = ok(await c.officer.get(`${API}/dossiers?unit=${encodeURIComponent(c.unit)}`));
		assert.ok(list.items.some((x) => x.id === id));
		assert.equal(list.counts.draft, 1);
	});

	test('submitting without the required files is 422 naming the first, in JSON and on the page alike', async () => {
		const j = refused(await d.act(c.officer, id, 'submit'), 422, 'attachments.self_assessment');
		const page = await form(c.officer, `/dossiers/${id}/actions/submit`, { row_version: '1' });
		assert.equal(page.status, 422);
		assert.ok(text(page.text).includes(j.message), `the page says "${j.message}"`);
		assert.match(page.text, /id="act-submit"/, 'the page is the dossier again, with its forms');
	});

	test('files: raw body through the API and multipart through the page form (no JavaScript)', async () => {
		const a = ok(await d.upload(c.officer, id, 'self_assessment', d.pdf('bao cao tu danh gia'), { filename: 'bao-cao-tu-danh-gia.pdf' }));
		assert.equal(a.created.kind, 'self_assessment');
		assert.equal(a.created.mime, 'application/pdf');
		assert.equal(a.created.sha256, sha(d.pdf('bao cao tu danh gia')));
		const f = await formUpload(c.officer, id, 'satisfaction_minutes', d.pdf('mttq'), 'bien-ban-mttq.pdf');
		assert.equal(f.status, 303, f.text.slice(0, 300));
		assert.match(f.headers.get('location'), new RegExp(`^/dossiers/${id}\\b`));
		const now = await d.get(c.officer, id);
		const req = Object.fromEntries(now.required_attachments.map((x) => [x.kind, x.present]));
		assert.equal(req.self_assessment, true);
		assert.equal(req.satisfaction_minutes, true);
		assert.equal(req.appraisal_report, false);
	});

	test('submit: the evaluation and the satisfaction result are frozen, the district holds it with a deadline', async () => {
		const r = ok(await d.act(c.officer, id, 'submit', { note: 'Kính trình huyện' }));
		assert.equal(r.state.id, 'district_appraisal');
		assert.equal(r.state.holder, 'district');
		assert.match(r.state.due_on, /^\d{4}-\d{2}-\d{2}$/);
		assert.equal(r.state.days_left, 20);
		assert.equal(r.evaluation.snapshot.status, 'met');
		assert.ok(r.evaluation.snapshot_at);
		assert.equal(r.satisfaction.frozen.met, true);
		/* the commune can no longer act; the district can */
		assert.deepEqual(r.actions, []);
		const h = await d.get(ctx.huyen, id);
		assert.deepEqual(h.actions.map((a) => a.id).sort(), ['appraise', 'forward', 'return']);
	});

	test('the province cannot appraise at the district level (403), the district appraiser confirms every criterion', async () => {
		refused(await d.act(ctx.hanoi, id, 'appraise', { criteria: await d.appraisal(ctx.hanoi, id) }), 403, 'transition', 'workflow.forbidden');
		/* forward before the report: 422 naming it */
		refused(await d.act(ctx.huyen, id, 'forward'), 422, 'attachments.appraisal_report');
		const r = ok(await d.act(ctx.huyen, id, 'appraise', { criteria: await d.appraisal(ctx.huyen, id) }));
		assert.equal(r.state.id, 'district_appraisal', 'appraise is a stay');
		assert.ok(r.criteria.every((x) => x.appraisal === 'confirmed'), 'every criterion confirmed');
		ok(await d.upload(ctx.huyen, id, 'appraisal_report', d.pdf('bao cao tham tra')));
		const f = ok(await d.act(ctx.huyen, id, 'forward', { note: 'Đủ điều kiện trình Hội đồng' }));
		assert.equal(f.state.id, 'council_review');
	});

	test('three council members vote, the chair closes with the tally, the chairman decides', async () => {
		for (const [m, op] of [[ctx.thamdinh, 'Đồng ý'], [ctx.hd2, 'Đạt đủ 19 tiêu chí'], [ctx.hd3, 'Đồng ý công nhận']])
			ok(await d.act(m, id, 'vote', { vote: 'approve', opinion: op }));
		const v = await d.get(ctx.hanoi, id);
		assert.equal(v.council.tally.approve, 3);
		assert.equal(v.council.votes.length, 3);
		refused(await d.act(ctx.hanoi, id, 'decide', { decision_no: '1/QĐ-UBND', decision_date: d.day(), decision_signer: 'X' }),
		    409, 'transition', 'workflow.not_allowed');
		assert.equal(ok(await d.act(ctx.hanoi, id, 'close_review', { note: 'Hội đồng thống nhất 3/3' })).state.id, 'awaiting_decision');
		refused(await d.act(ctx.hanoi, id, 'decide', { decision_no: '', decision_date: d.day() }), 422);
		const r = ok(await d.act(ctx.hanoi, id, 'decide', { decision_no: '2345/QĐ-UBND', decision_date: d.day(),
			decision_signer: 'Chủ tịch UBND thành phố Hà Nội' }));
		assert.equal(r.state.id, 'recognised');
		assert.equal(r.decision.no, '2345/QĐ-UBND');
		const steps = r.timeline.map((e) => e.transition);
		for (const s of ['submit', 'appraise', 'forward', 'vote', 'close_review', 'decide'])
			assert.ok(steps.includes(s), `timeline has ${s}: ${steps.join(', ')}`);
	});

	test('the decision is published: the public register, its page, the decision PDF, the evaluation says recognised', async () => {
		const reg = ok(await ctx.anon.get(`${API}/recognitions?year=2025&title=ntm`));
		const it = reg.items.find((x) => `${x.unit.structure}:${x.unit.code}` === c.unit);
		assert.ok(it, 'the unit is in the register');
		assert.equal(it.decision_no, '2345/QĐ-UBND');
		assert.equal(it.revoked, null);
		const page = await ctx.anon.get('/recognitions?year=2025');
		assert.equal(page.status, 200);
		assert.ok(text(page.text).includes('2345/QĐ-UBND'));
		const pdf = await ctx.anon.get(`/dossiers/${id}/decision.pdf`);
		assert.equal(pdf.status, 200);
		assert.equal(pdf.headers.get('content-type'), 'application/pdf');
		assert.ok(pdf.text.startsWith('%PDF'));
		const ev = ok(await ctx.anon.get(`${API}/units/${c.path}/evaluation/${d.SET_OLD}/2025`));
		assert.equal(ev.recognised, true, 'the criteria module reports the title');
		const sum = await c.officer.get(`/dossiers/${id}/summary.pdf`);
		assert.equal(sum.status, 200);
		assert.ok(sum.text.startsWith('%PDF'));
		refused(await ctx.anon.get(`${API}/dossiers/${id}/summary.pdf`), 401);
	});

	test('the dossier page shows the state, the frozen and live marks, files with SHA-256, votes, decision, timeline', async () => {
		const page = await ctx.hanoi.get(`/dossiers/${id}`);
		assert.equal(page.status, 200);
		const t = text(page.text);
		for (const s of ['Đã công nhận', '2345/QĐ-UBND', 'Đồng ý công nhận', sha(d.pdf('bao cao tham tra')), 'Diễn biến hồ sơ'])
			assert.ok(t.includes(s), `the page shows ${s}`);
		assert.ok(page.text.length < 60000, `${page.text.length} bytes`);
		const en = await ctx.hanoi.get(`/dossiers/${id}?lang=en`);
		assert.match(en.text, /Recognised|Timeline/);
	});
});

describe('the 2026-2030 procedure: commune and province, with a justification', () => {
	let id;

	test('submit is refused 422 checks.evaluation_met without a justification, accepted with one', async () => {
		const unit = '2025:00376';
		await d.clearOpen(ctx.observer, unit, ctx.socson, ctx.hanoi);
		const campaign = await d.closedCampaign(ctx, unit);
		const created = ok(await ctx.socson.post(`${API}/dossiers`, { json: { unit, set_id: d.SET_NEW, year: 2026,
			title: 'ntm', campaign_id: campaign } })).created;
		id = created.id;
		assert.equal(created.procedure.id, 'commune-ntm-2026-2030');
		assert.notEqual(created.evaluation.live.status, 'met', 'the demo values do not meet the set yet');
		ok(await d.upload(ctx.socson, id, 'self_assessment', d.pdf('2026 tu danh gia')));
		ok(await d.upload(ctx.socson, id, 'satisfaction_minutes', d.PNG, { filename: 'bien-ban.png', type: 'image/png' }));
		refused(await d.act(ctx.socson, id, 'submit'), 422, 'checks.evaluation_met');
		const r = ok(await d.act(ctx.socson, id, 'submit', { justification:
			'Tiêu chí 3 và 8 đang hoàn thiện, có kế hoạch và kinh phí được phê duyệt (Nghị quyết HĐND xã số 12/NQ-HĐND).' }));
		assert.equal(r.state.id, 'province_appraisal');
		assert.equal(r.state.holder, 'province');
		assert.ok(r.justification);
	});

	test('the province appraises, forwards, the council votes, the chairman decides', async () => {
		ok(await d.act(ctx.thamdinh, id, 'appraise', { criteria: await d.appraisal(ctx.thamdinh, id) }));
		ok(await d.upload(ctx.thamdinh, id, 'appraisal_report', d.pdf('2026 tham tra')));
		assert.equal(ok(await d.act(ctx.thamdinh, id, 'forward')).state.id, 'council_review');
		for (const m of [ctx.thamdinh, ctx.hd2, ctx.hd3])
			ok(await d.act(m, id, 'vote', { vote: 'approve' }));
		ok(await d.act(ctx.hanoi, id, 'close_review'));
		const r = ok(await d.act(ctx.hanoi, id, 'decide', { decision_no: '88/QĐ-UBND', decision_date: d.day(),
			decision_signer: 'Chủ tịch UBND thành phố Hà Nội' }));
		assert.equal(r.state.id, 'recognised');
		const reg = ok(await ctx.anon.get(`${API}/recognitions?province=2025%3A01&year=2026`));
		assert.ok(reg.items.some((x) => x.unit.code === '00376' && x.decision_no === '88/QĐ-UBND'));
	});
});

describe('return with reasons per criterion, and resubmission', () => {
	test('the district returns with reasons; the commune sees them, fixes and resubmits', async () => {
		const x = await d.oldDossier(ctx, 'district_appraisal');
		refused(await d.act(ctx.huyen, x.id, 'return'), 422, 'note');
		const r = ok(await d.act(ctx.huyen, x.id, 'return', { note: 'Hồ sơ cần bổ sung',
			criteria: { 5: 'Thiếu biên bản kiểm tra trường học', 17: 'Số liệu thu gom rác chưa khớp' } }));
		assert.equal(r.state.id, 'returned');
		assert.equal(r.state.holder, 'unit');
		const c5 = r.criteria.find((c) => c.id === '5');
		assert.ok(c5.comments.some((m) => m.kind === 'return_reason' && /biên bản/.test(m.body)), JSON.stringify(c5));
		const page = await x.officer.get(`/dossiers/${x.id}`);
		assert.ok(text(page.text).includes('Thiếu biên bản kiểm tra trường học'));
		assert.match(page.text, /id="act-submit"/);
		/* a comment on a criterion, then resubmission through the page form */
		ok(await x.officer.post(`${API}/dossiers/${x.id}/comments`, { json: { criterion: '5', body: 'Đã bổ sung biên bản' } }));
		ok(await d.upload(x.officer, x.id, 'other', d.pdf('bien ban truong hoc')));
		const rv = (await d.get(x.officer, x.id)).row_version;
		const f = await form(x.officer, `/dossiers/${x.id}/actions/submit`, { row_version: String(rv), note: 'Đã bổ sung' });
		assert.equal(f.status, 303, f.text.slice(0, 300));
		assert.equal(f.headers.get('location'), `/dossiers/${x.id}?done=submit`);
		const now = await d.get(ctx.huyen, x.id);
		assert.equal(now.state.id, 'district_appraisal');
		assert.deepEqual(now.timeline.map((e) => e.transition).filter((t) => t !== 'create'), ['submit', 'return', 'submit']);
	});
});

describe('council voting', () => {
	test('closing is refused below the quorum and when the majority rejects', async () => {
		const x = await d.oldDossier(ctx, 'council_review');
		const e0 = refused(await d.act(ctx.hanoi, x.id, 'close_review'), 422);
		assert.match(e0.field, /council|quorum|votes/, JSON.stringify(e0));
		/* a province officer does not vote; an appraiser of the other province neither */
		refused(await d.act(ctx.hanoi, x.id, 'vote', { vote: 'approve' }), 403);
		ok(await d.act(ctx.thamdinh, x.id, 'vote', { vote: 'approve', opinion: 'Đạt' }));
		ok(await d.act(ctx.hd2, x.id, 'vote', { vote: 'reject', opinion: 'Tiêu chí 17 chưa vững' }));
		refused(await d.act(ctx.hanoi, x.id, 'close_review'), 422);
		refused(await d.act(ctx.hd3, x.id, 'vote', { vote: 'maybe' }), 422, 'vote');
		ok(await d.act(ctx.hd3, x.id, 'vote', { vote: 'reject', opinion: 'Chưa đồng ý' }));
		const v = await d.get(ctx.hanoi, x.id);
		assert.deepEqual([v.council.tally.approve, v.council.tally.reject], [1, 2]);
		const e = refused(await d.act(ctx.hanoi, x.id, 'close_review'), 422);
		assert.ok(e.message.length > 0);
		/* the council returns it instead */
		assert.equal(ok(await d.act(ctx.hanoi, x.id, 'council_return', { note: 'Hội đồng không thống nhất' })).state.id, 'returned');
	});
});

describe('the race of two appraisers', () => {
	test('two district appraisers act on the same state with the same row version: one 200, one 409', async () => {
		const second = await d.ensureUser(ctx.observer, 'tdhuyen2', 'appraiser', d.DISTRICT, ntm);
		const x = await d.oldDossier(ctx, 'district_appraisal');
		const rv = (await d.get(ctx.huyen, x.id)).row_version;
		const [a, b] = await Promise.all([
			d.act(ctx.huyen, x.id, 'return', { row_version: rv, note: 'Trả lại (1)' }),
			d.act(second, x.id, 'return', { row_version: rv, note: 'Trả lại (2)' }),
		]);
		assert.deepEqual([a.status, b.status].sort(), [200, 409], `${a.text.slice(0, 200)} / ${b.text.slice(0, 200)}`);
		const lost = a.status === 409 ? a : b;
		assert.match(lost.json.error.code, /^workflow\.(stale|not_allowed)$/);
		const now = await d.get(ctx.huyen, x.id);
		assert.equal(now.timeline.filter((e) => e.transition === 'return').length, 1, 'one return recorded');
		/* a stale row version from a page form: 409 with the message on the page */
		ok(await d.act(x.officer, x.id, 'submit'));
		const page = await form(ctx.huyen, `/dossiers/${x.id}/actions/return`, { row_version: String(rv), note: 'cũ' });
		assert.equal(page.status, 409);
		assert.match(text(page.text), /tải lại/);
		const j = refused(await d.act(ctx.huyen, x.id, 'return', { row_version: rv, note: 'cũ' }), 409, undefined, 'workflow.stale');
		assert.match(j.message, /tải lại/);
	});
});

describe('upload checks', () => {
	let x;

	before(async () => {
		x = await d.oldDossier(ctx, 'draft');
	});

	test('an HTML file named .pdf is 415, through the API and the page form', async () => {
		const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>\n');
		const e = refused(await d.upload(x.officer, x.id, 'other', html, { filename: 'bao-cao.pdf' }), 415, 'file');
		assert.match(e.message, /^Tệp này là một trang web, không phải PDF, ảnh JPEG hay PNG/, 'said in words');
		assert.doesNotMatch(e.message, /text\/html/, 'not as a MIME type');
		const f = await formUpload(x.officer, x.id, 'other', html, 'bao-cao.pdf');
		assert.equal(f.status, 415);
		assert.match(unescapeHtml(f.text), /một trang web, không phải PDF, ảnh JPEG hay PNG/);
	});

	test('larger than 10 MB is 413 (just over, and far over the request limit)', async () => {
		const big = Buffer.concat([d.pdf('lon'), Buffer.alloc(10 * 1024 * 1024, 0x20)]);
		refused(await d.upload(x.officer, x.id, 'other', big), 413);
		const huge = Buffer.concat([d.pdf('rat lon'), Buffer.alloc(11 * 1024 * 1024, 0x20)]);
		const r = await d.upload(x.officer, x.id, 'other', huge);
		assert.equal(r.status, 413);
	});

	test('a path name is stored as a plain name; the download returns the same bytes with safe headers', async () => {
		const bytes = d.pdf('duong dan');
		const a = ok(await d.upload(x.officer, x.id, 'other', bytes, { filename: '../../etc/x.pdf' })).created;
		assert.ok(!a.filename.includes('/') && !a.filename.includes('..'), a.filename);
		assert.ok(a.filename.length > 0);
		const res = await fetch(`${ntm.base}${API}/dossiers/${x.id}/attachments/${a.id}`, { headers: x.officer.headers() });
		const got = Buffer.from(await res.arrayBuffer());
		assert.equal(res.status, 200);
		assert.equal(sha(got), sha(bytes));
		assert.equal(sha(got), a.sha256);
		assert.equal(res.headers.get('content-type'), 'application/pdf');
		assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
		const cd = res.headers.get('content-disposition');
		assert.match(cd, /^attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8''[A-Za-z0-9%._~-]+$/, cd);
		/* a Vietnamese name travels percent-encoded */
		const v = ok(await d.upload(x.officer, x.id, 'photo', d.PNG, { filename: 'ảnh nhà văn hóa.png', type: 'image/png' })).created;
		assert.equal(v.mime, 'image/png');
		const r2 = await fetch(`${ntm.base}/dossiers/${x.id}/attachments/${v.id}`, { headers: x.officer.headers() });
		assert.equal(r2.headers.get('content-type'), 'image/png');
		assert.match(r2.headers.get('content-disposition'), /filename\*=UTF-8''%E1%BA%A3nh/);
	});

	test('an unknown kind is 422; other provinces and anonymous callers cannot upload or download; removal', async () => {
		refused(await d.upload(x.officer, x.id, 'passport', d.pdf('x')), 422, 'kind');
		refused(await d.upload(ctx.danang, x.id, 'other', d.pdf('x')), 403);
		const a = (await d.get(x.officer, x.id)).attachments[0];
		refused(await ctx.danang.get(`${API}/dossiers/${x.id}/attachments/${a.id}`), 403);
		refused(await ctx.anon.get(`${API}/dossiers/${x.id}/attachments/${a.id}`), 401);
		const before = (await d.get(x.officer, x.id)).attachments.filter((y) => y.removed_at === null).length;
		const r = ok(await x.officer.delete(`${API}/dossiers/${x.id}/attachments/${a.id}`));
		assert.equal(r.attachments.filter((y) => y.removed_at === null).length, before - 1);
	});
});

describe('refusals', () => {
	let x;

	before(async () => {
		x = await d.oldDossier(ctx, 'district_appraisal');
	});

	test('wrong role: 403 from the router (a producer) and from the procedure (a commune officer forwarding)', async () => {
		refused(await d.act(ctx.htx, x.id, 'forward', { row_version: 1 }), 403, undefined, 'auth.forbidden');
		refused(await ctx.htx.get(`${API}/dossiers/${x.id}`), 403);
		const j = refused(await d.act(x.officer, x.id, 'return', { note: 'x' }), 403, 'transition', 'workflow.forbidden');
		const page = await form(x.officer, `/dossiers/${x.id}/actions/return`, { row_version: '2', note: 'x' });
		assert.equal(page.status, 403);
		assert.ok(text(page.text).includes(j.message));
	});

	test('another province: 403 from the router on the dossier, its actions, comments, files and its list filter', async () => {
		/* the router reads the dossier's unit (scope "dossier") before any handler */
		refused(await ctx.danang.get(`${API}/dossiers/${x.id}`), 403, 'id', 'auth.out_of_scope');
		refused(await d.act(ctx.danang, x.id, 'return', { row_version: 2, note: 'x' }), 403, 'id', 'auth.out_of_scope');
		refused(await ctx.danang.post(`${API}/dossiers/${x.id}/comments`, { json: { body: 'x' } }), 403, 'id', 'auth.out_of_scope');
		refused(await ctx.danang.get(`${API}/dossiers/${x.id}/summary.pdf`), 403, 'id', 'auth.out_of_scope');
		refused(await ctx.danang.get(`${API}/dossiers?unit=${encodeURIComponent(x.unit)}`), 403, 'unit', 'auth.out_of_scope');
		const list = ok(await ctx.danang.get(`${API}/dossiers`));
		assert.ok(!list.items.some((y) => y.id === x.id), 'not in the other province\'s list');
		/* a form the router refused does not show the dossier it refused */
		const seen = await d.get(ctx.huyen, x.id);
		const page = await form(ctx.danang, `/dossiers/${x.id}/comments`, { body: 'x' });
		assert.equal(page.status, 403);
		assert.ok(!text(page.text).includes(seen.state.name), 'no dossier around the refusal');
		assert.ok(!page.text.includes(seen.timeline[0].at), 'no timeline around the refusal');
		assert.doesNotMatch(page.text, /id="act-/);
		/* a dossier that does not exist is 404 for every route on one */
		refused(await ctx.hanoi.get(`${API}/dossiers/99999999`), 404, 'id', 'dossiers.not_found');
		refused(await d.act(ctx.hanoi, 99999999, 'return', { row_version: 1, note: 'x' }), 404, 'id', 'dossiers.not_found');
	});

	test('the decision page before the decision: a reader learns it is not decided, anyone else nothing', async () => {
		refused(await ctx.huyen.get(`${API}/dossiers/${x.id}/decision.pdf`), 409, undefined, 'dossiers.not_decided');
		refused(await ctx.danang.get(`${API}/dossiers/${x.id}/decision.pdf`), 404, 'id', 'dossiers.not_found');
		refused(await ctx.anon.get(`${API}/dossiers/${x.id}/decision.pdf`), 404, 'id', 'dossiers.not_found');
	});

	test('refusals speak the request\'s language', async () => {
		const vi = refused(await d.act(ctx.huyen, x.id, 'decide', { decision_no: '1', decision_date: d.day(),
			decision_signer: 'A' }), 409, 'transition', 'workflow.not_allowed');
		const en = refused(await ctx.huyen.post(`${API}/dossiers/${x.id}/actions/decide?lang=en`, { json: {
			row_version: 2, decision_no: '1', decision_date: d.day(), decision_signer: 'A' } }), 409, 'transition',
		'workflow.not_allowed');
		assert.notEqual(en.message, vi.message);
		assert.match(en.message, /cannot be taken/);
		const ru = refused(await ctx.danang.get(`${API}/dossiers/${x.id}?lang=en`), 403, 'id', 'auth.out_of_scope');
		assert.match(ru.message, /outside your scope/);
	});

	test('a transition not allowed from the state is 409; an unknown one 404; a missing row version 422', async () => {
		const j = refused(await d.act(ctx.hanoi, x.id, 'decide', { decision_no: '1', decision_date: d.day(), decision_signer: 'A' }),
		    409, 'transition', 'workflow.not_allowed');
		const page = await form(ctx.hanoi, `/dossiers/${x.id}/actions/decide`, { row_version: '2' });
		assert.equal(page.status, 409);
		assert.ok(text(page.text).includes(j.message));
		refused(await d.act(ctx.huyen, x.id, 'fly'), 404);
		refused(await ctx.huyen.post(`${API}/dossiers/${x.id}/actions/return`, { json: { note: 'x' } }), 422, 'row_version');
	});

	test('a refused write leaves the audit trail alone', async () => {
		const n = await auditTotal(ctx.observer);
		await d.act(ctx.danang, x.id, 'return', { row_version: 2, note: 'x' });
		await d.act(x.officer, x.id, 'submit');
		assert.equal(await auditTotal(ctx.observer), n);
	});

	test('user text is escaped on the page', async () => {
		const evil = '<script>alert("x")</script><img src=x onerror=alert(1)>';
		ok(await x.officer.post(`${API}/dossiers/${x.id}/comments`, { json: { body: evil } }));
		const page = await x.officer.get(`/dossiers/${x.id}`);
		assert.ok(!page.text.includes('<script>alert'), 'no raw script');
		assert.ok(!page.text.includes('<img src=x'), 'no raw img');
		assert.ok(page.text.includes('&lt;script&gt;'));
	});
});

describe('lists, procedures and pages', () => {
	test('lists by state for each level, with filters', async () => {
		const p = ok(await ctx.hanoi.get(`${API}/dossiers?limit=100`));
		assert.ok(p.total >= 5, `hanoi sees ${p.total}`);
		assert.ok(Object.keys(p.counts).length >= 3, JSON.stringify(p.counts));
		const rec = ok(await ctx.hanoi.get(`${API}/dossiers?state=recognised`));
		assert.ok(rec.items.length >= 2 && rec.items.every((x) => x.state.id === 'recognised'));
		const y = ok(await ctx.hanoi.get(`${API}/dossiers?year=2026`));
		assert.ok(y.items.every((x) => x.year === 2026));
		const own = ok(await ctx.socson.get(`${API}/dossiers`));
		assert.ok(own.items.every((x) => x.unit.code === '00376' || x.unit.structure === 'pre2025'), 'a commune sees its own');
		refused(await ctx.hanoi.get(`${API}/dossiers?kind=other`), 422, 'kind');
		refused(await ctx.hanoi.get(`${API}/dossiers?title=king`), 422, 'title');
		const html = await ctx.hanoi.get('/dossiers?overdue=1');
		assert.equal(html.status, 200);
		const html2 = await ctx.hanoi.get('/dossiers');
		assert.match(html2.text, /href="\/dossiers\/\d+"/);
		assert.ok(html2.text.length < 60000);
		const anon = await ctx.anon.get('/dossiers');
		assert.equal(anon.status, 303);
	});

	test('procedures: the list and one procedure as readable pages and JSON; a coordinator imports a new version', async () => {
		const l = ok(await ctx.anon.get(`${API}/procedures`));
		for (const id of ['commune-ntm-2021-2025', 'commune-ntm-2026-2030', 'commune-revocation'])
			assert.ok(l.items.some((p) => p.id === id), id);
		const one = ok(await ctx.anon.get(`${API}/procedures/commune-ntm-2021-2025`));
		assert.equal(one.procedure.id, 'commune-ntm-2021-2025');
		const page = await ctx.anon.get('/procedures/commune-ntm-2021-2025');
		assert.equal(page.status, 200);
		const t = text(page.text);
		for (const s of ['Huyện thẩm tra', 'Trình Hội đồng thẩm định tỉnh', 'Thành viên thẩm định', 'Báo cáo thẩm tra của cấp huyện'])
			assert.ok(t.includes(s), `the page shows ${s}`);
		const doc = one.procedure;
		const next = { ...doc, version: one.version + 1, states: doc.states.map((s) =>
			(s.id === 'district_appraisal' ? { ...s, due_days: 25 } : s)) };
		const dieuphoi = await Client.login(ntm.base, 'dieuphoi');
		refused(await ctx.hanoi.post(`${API}/procedures`, { json: next }), 403);
		const r = ok(await dieuphoi.post(`${API}/procedures?change_note=${encodeURIComponent('Thời hạn thẩm tra 25 ngày')}`, { json: next }));
		assert.equal(r.version, one.version + 1);
		assert.equal(r.created, true);
		const bad = refused(await dieuphoi.post(`${API}/procedures`, { json: { ...next, version: one.version + 2,
			initial: 'nowhere' } }), 422);
		assert.ok(bad.message.length > 0);
		const v = ok(await ctx.anon.get(`${API}/procedures/commune-ntm-2021-2025`));
		assert.equal(v.version, one.version + 1);
		assert.ok(v.versions.length >= 2);
	});
});

/* ---- issue 14: no default appraisal, every unchosen criterion named, a
 * per-criterion conflict, no second dossier for a title held, messages
 * that name documents and criteria as the page does ---- */

/* The appraisal form of a page: its radios and hidden versions. */
function appraiseForm(html) {
	const m = /<form[^>]*id="act-appraise"[^>]*>([\s\S]*?)<\/form>/.exec(html);
	assert.ok(m, 'the appraisal form');
	return m[1];
}

describe('appraisal: an explicit choice per criterion, beside its evaluation', () => {
	let x;
	let crit;

	before(async () => {
		x = await d.oldDossier(ctx, 'district_appraisal');
		crit = (await d.get(ctx.huyen, x.id)).criteria;
	});

	test('nothing is chosen for the appraiser: each criterion shows its evaluation and two unchecked choices', async () => {
		const page = await ctx.huyen.get(`/dossiers/${x.id}`);
		assert.equal(page.status, 200);
		const f = appraiseForm(page.text);
		const sets = [...f.matchAll(/<fieldset class="ap[^"]*" id="ap-appraise-([^"]+)">([\s\S]*?)<\/fieldset>/g)];
		assert.equal(sets.length, crit.length, 'one fieldset per criterion');
		assert.ok(!/<input type="radio"[^>]* checked/.test(f), 'no choice made in advance');
		for (const [, id, body] of sets) {
			assert.match(body, /Kết quả đánh giá/, `criterion ${id} shows its evaluation`);
			assert.match(body, /Đạt|Chưa đạt|Chưa có số liệu/);
			assert.match(body, new RegExp(`name="av\\.${id}" value="[0-9a-f]{16}"`), 'the version it shows');
		}
		/* the values the evaluation read are beside the choice */
		assert.match(f, /<ul class="ap-values small"><li>/);
		/* the JSON carries each criterion's version too */
		assert.ok(crit.every((c) => /^[0-9a-f]{16}$/.test(c.version)), 'versions in JSON');
	});

	test('a form with criteria left unchosen is refused naming every one at the top, linked; what was typed stays', async () => {
		const rv = (await d.get(ctx.huyen, x.id)).row_version;
		const fields = { row_version: String(rv), 'a.1': 'confirmed', 'an.1': 'Đã đối chiếu quy hoạch (giữ lại)' };
		for (const c of crit)
			fields[`av.${c.id}`] = c.version;
		const page = await form(ctx.huyen, `/dossiers/${x.id}/actions/appraise`, fields);
		assert.equal(page.status, 422, page.text.slice(0, 300));
		const box = /<div class="error-summary" role="alert" id="problems"[^>]*>([\s\S]*?)<\/div>/.exec(page.text);
		assert.ok(box, 'the errors at the top');
		const links = [...box[1].matchAll(/<a href="#ap-appraise-([^"]+)">([^<]*)<\/a>/g)];
		assert.deepEqual(links.map((l) => l[1]), crit.slice(1).map((c) => c.id), 'every unchosen criterion, in order');
		for (const [, id, label] of links) {
			const c = crit.find((y) => y.id === id);
			assert.ok(unescapeHtml(label).includes(`${id}. ${c.name}`), `named as the page names it: ${label}`);
		}
		assert.ok(!/criteria\.\d|values\.\d|a\.\d/.test(text(page.text).replace(/\d+\.\d+/g, '')), 'no field path shown');
		const f = appraiseForm(page.text);
		assert.match(f, /name="a\.1" value="confirmed" checked/, 'the choice made is kept');
		assert.match(f, /name="an\.1"[^>]*value="Đã đối chiếu quy hoạch \(giữ lại\)"/, 'the note typed is kept');
		assert.equal((f.match(/class="ap invalid"/g) || []).length, crit.length - 1, 'each unchosen one marked');
		/* nothing was recorded */
		assert.ok((await d.get(ctx.huyen, x.id)).criteria.every((c) => c.appraisal === null));
		/* the API: the same refusal, the field for machines, the criterion named for people */
		const body = { 1: { appraisal: 'confirmed', note: null }, 2: { appraisal: null }, 3: { note: 'x' } };
		const j = refused(await d.act(ctx.huyen, x.id, 'appraise', { criteria: body }), 422, 'criteria.2', 'dossiers.unchosen');
		assert.ok(j.message.includes(`2. ${crit[1].name}`) && j.message.includes(`3. ${crit[2].name}`), j.message);
		assert.ok(!/criteria\./.test(j.message), j.message);
	});

	test('two appraisers on the same criterion: the second is told someone else changed it (409), not overwritten', async () => {
		const second = await d.ensureUser(ctx.observer, 'tdhuyen2', 'appraiser', d.DISTRICT, ntm);
		const seen = Object.fromEntries((await d.get(second, x.id)).criteria.map((c) => [c.id, c.version]));
		ok(await d.act(ctx.huyen, x.id, 'appraise', { criteria: {
			1: { appraisal: 'confirmed', note: 'Huyện 1', version: seen['1'] } } }));
		const lost = refused(await d.act(second, x.id, 'appraise', { criteria: {
			1: { appraisal: 'disputed', note: 'Huyện 2', version: seen['1'] } } }), 409, 'criteria.1',
		    'dossiers.criterion_changed');
		assert.ok(lost.message.includes(`1. ${crit[0].name}`), lost.message);
		let now = await d.get(ctx.huyen, x.id);
		assert.equal(now.criteria[0].appraisal, 'confirmed', 'the first appraisal stands');
		assert.equal(now.criteria[0].note, 'Huyện 1');
		/* another criterion at its own version is independent */
		ok(await d.act(second, x.id, 'appraise', { criteria: {
			2: { appraisal: 'confirmed', note: 'Huyện 2', version: seen['2'] } } }));
		/* the page form: the same 409 with the criterion named */
		const fields = { row_version: String(now.row_version), 'a.1': 'disputed', 'an.1': 'Không đồng ý', 'av.1': seen['1'] };
		const page = await form(second, `/dossiers/${x.id}/actions/appraise`, fields);
		assert.equal(page.status, 409);
		assert.ok(text(page.text).includes(`1. ${crit[0].name}`), 'named on the page');
		now = await d.get(ctx.huyen, x.id);
		assert.equal(now.criteria[0].appraisal, 'confirmed');
		/* read afresh, the second may change it */
		ok(await d.act(second, x.id, 'appraise', { criteria: {
			1: { appraisal: 'disputed', note: 'Huyện 2 sau khi xem', version: now.criteria[0].version } } }));
	});

	test('a missing document is named as the page names it, never by its field path', async () => {
		const rv = (await d.get(ctx.huyen, x.id)).row_version;
		const page = await form(ctx.huyen, `/dossiers/${x.id}/actions/forward`, { row_version: String(rv), note: 'Trình' });
		assert.equal(page.status, 422);
		assert.ok(!text(page.text).includes('attachments.'), 'no field path on the page');
		const j = refused(await d.act(ctx.huyen, x.id, 'forward', { note: 'Trình' }), 422);
		assert.ok(!j.message.includes('attachments.'), j.message);
	});
});

describe('no duplicate dossier for a title already held', () => {
	test('a commune recognised for the title is refused a new dossier under the same set, naming the decision', async () => {
		const c = await d.freshCommune(ctx, { recognised: true });
		const [s, code] = c.unit.split(':');
		const reg = ok(await ctx.anon.get(`${API}/recognitions?limit=500`)).items
			.find((it) => it.unit.structure === s && it.unit.code === code && it.title === 'ntm');
		assert.ok(reg, 'the register lists its title');
		const before = ok(await ctx.observer.get(`${API}/dossiers?unit=${encodeURIComponent(c.unit)}&limit=500`)).total;
		const j = refused(await c.officer.post(`${API}/dossiers`, { json: { unit: c.unit, set_id: reg.set_id, year: 2025,
			title: 'ntm' } }), 409, undefined, 'dossiers.already_recognised');
		assert.ok(j.message.includes(reg.decision_no), j.message);
		const [y, m, dd] = reg.decision_date.split('-');
		assert.ok(j.message.includes(`${dd}/${m}/${y}`), j.message);
		assert.equal(ok(await ctx.observer.get(`${API}/dossiers?unit=${encodeURIComponent(c.unit)}&limit=500`)).total, before,
		    'nothing created');
		/* the page's form: the same message */
		const page = await form(c.officer, '/dossiers', { unit: c.unit, set_id: reg.set_id, year: '2025', title: 'ntm' });
		assert.equal(page.status, 409);
		assert.ok(text(page.text).includes(reg.decision_no));
	});
});
