'use strict';
/*
 * Recognition dossiers over time (issue 7): deadlines and the overdue
 * list for the level above (a second server on the same database whose
 * clock, NTM_TODAY, is months ahead), and continuous compliance: a
 * recognised 2021-2025 commune whose later evaluation fails at least half
 * of the criteria appears on /recognitions/watch; a revocation case goes
 * through the council and the decision, and the public register shows the
 * title revoked.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client } = require('../lib/accounts');
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

const text = (html) => unescapeHtml(mainOf(html)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/* A second `ntm serve` on the same database whose today is `today`. */
async function serverAt(today) {
	const saved = process.env.NTM_TODAY;
	process.env.NTM_TODAY = today;
	try {
		return await ntm.serve(ntm.dbPath);
	} finally {
		if (saved === undefined)
			delete process.env.NTM_TODAY;
		else
			process.env.NTM_TODAY = saved;
	}
}

describe('deadlines', () => {
	test('a dossier past its state\'s deadline is listed as overdue for the level above', async (t) => {
		const x = await d.oldDossier(ctx, 'district_appraisal');
		const now = await d.get(ctx.hanoi, x.id);
		assert.equal(now.state.overdue, false);
		assert.equal(now.state.days_left, 20);
		const today = ok(await ctx.hanoi.get(`${API}/dossiers?overdue=1`));
		assert.ok(!today.items.some((y) => y.id === x.id), 'not overdue today');

		const later = new Date(Date.now() + 60 * 86400000).toISOString().slice(0, 10);
		const future = await serverAt(later);
		t.after(() => future.stop());
		const hanoi = await Client.login(future.base, 'hanoi');
		const list = ok(await hanoi.get(`${API}/dossiers?overdue=1`));
		const it = list.items.find((y) => y.id === x.id);
		assert.ok(it, `overdue on ${later}: ${JSON.stringify(list.items.map((y) => y.id))}`);
		assert.equal(it.state.overdue, true);
		assert.equal(it.state.days_left, 20 - 60);
		assert.ok(list.items.every((y) => y.state.overdue), 'only overdue dossiers');
		const page = await hanoi.get('/dossiers?overdue=1');
		assert.equal(page.status, 200);
		assert.match(text(page.text), /quá hạn 40 ngày/);
		const one = await hanoi.get(`/dossiers/${x.id}`);
		assert.match(one.text, /dos-state late/);
		/* a draft has no deadline and is never overdue */
		const draft = await d.oldDossier(ctx, 'draft');
		const dd = ok(await hanoi.get(`${API}/dossiers/${draft.id}`));
		assert.equal(dd.state.due_on, null);
		assert.equal(dd.state.overdue, false);
		await future.stop();
	});
});

describe('continuous compliance and revocation', () => {
	let c, caseId;

	test('a recognised commune whose later values fail half the criteria is on the watch list', async () => {
		c = await d.freshCommune(ctx, { recognised: true });
		const reg = ok(await ctx.anon.get(`${API}/recognitions?limit=500`));
		const title = reg.items.find((x) => `${x.unit.structure}:${x.unit.code}` === c.unit);
		assert.ok(title, 'the demo records its title');
		assert.equal(title.set_id, d.SET_OLD);
		const ev = await d.setValues(ctx, c.unit, d.SET_OLD, 2024, false);
		assert.ok(ev.criteria_met * 2 <= ev.criteria_total, `${ev.criteria_met}/${ev.criteria_total} met`);
		const w = ok(await ctx.hanoi.get(`${API}/recognitions/watch?limit=500`));
		const it = w.items.find((x) => `${x.unit.structure}:${x.unit.code}` === c.unit);
		assert.ok(it, `on the watch list: ${JSON.stringify(w.items.map((x) => x.unit.code))}`);
		assert.equal(it.year, 2024);
		assert.ok(it.criteria_failed * 2 >= it.criteria_total);
		assert.equal(it.open_case, null);
		const page = await ctx.hanoi.get('/recognitions/watch');
		assert.equal(page.status, 200);
		assert.match(page.text, /action="\/recognitions\/revocations"/);
		/* the list as CSV and XLSX, linked from the page (issue 14), for its readers only */
		assert.match(page.text, /<a href="\/recognitions\/watch\.csv">CSV<\/a>/);
		assert.match(page.text, /<a href="\/recognitions\/watch\.xlsx">/);
		assert.match(page.text, new RegExp(`1–${w.total} / ${w.total}`), 'the range and the total');
		const csv = await ctx.hanoi.get('/recognitions/watch.csv');
		assert.equal(csv.status, 200);
		const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n').filter((l) => l !== '');
		assert.equal(lines.length - 1, w.total, 'one line per unit watched');
		assert.ok(lines.some((l) => l.startsWith(`${it.unit.name},`)), lines.slice(0, 3).join(' | '));
		const xlsx = await ctx.hanoi.get('/recognitions/watch.xlsx');
		assert.equal(xlsx.status, 200);
		assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
		assert.ok([401, 403].includes((await ctx.socson.get('/recognitions/watch.csv')).status), 'not for a commune');
		/* the other province does not see it; a commune cannot watch */
		const dn = ok(await ctx.danang.get(`${API}/recognitions/watch?limit=500`));
		assert.ok(!dn.items.some((x) => `${x.unit.structure}:${x.unit.code}` === c.unit));
		refused(await ctx.socson.get(`${API}/recognitions/watch`), 403);
	});

	test('the province opens a revocation case; the council reviews; the decision ends the title', async () => {
		refused(await ctx.danang.post(`${API}/recognitions/revocations`, { json: { unit: c.unit, title: 'ntm' } }), 403);
		const f = await ctx.hanoi.post('/recognitions/revocations', { form: { unit: c.unit, title: 'ntm',
			note: 'Kết quả năm 2024 không đạt phần lớn tiêu chí' } });
		assert.equal(f.status, 303, f.text.slice(0, 300));
		caseId = Number(/\/dossiers\/(\d+)/.exec(f.headers.get('location'))[1]);
		const r = await d.get(ctx.hanoi, caseId);
		assert.equal(r.kind, 'revocation');
		assert.equal(r.procedure.id, 'commune-revocation');
		assert.equal(r.state.id, 'proposed');
		refused(await ctx.hanoi.post(`${API}/recognitions/revocations`, { json: { unit: c.unit, title: 'ntm' } }), 409);
		const w = ok(await ctx.hanoi.get(`${API}/recognitions/watch?limit=500`));
		assert.equal(w.items.find((x) => `${x.unit.structure}:${x.unit.code}` === c.unit).open_case, caseId);
		ok(await d.upload(ctx.hanoi, caseId, 'proposal', d.pdf('de nghi thu hoi')));
		assert.equal(ok(await d.act(ctx.hanoi, caseId, 'submit_review', { note: 'Trình Hội đồng' })).state.id, 'council_review');
		for (const m of [ctx.thamdinh, ctx.hd2, ctx.hd3])
			ok(await d.act(m, caseId, 'vote', { vote: 'approve', opinion: 'Đồng ý thu hồi' }));
		ok(await d.act(ctx.hanoi, caseId, 'close_review'));
		const done = ok(await d.act(ctx.hanoi, caseId, 'decide', { decision_no: '77/QĐ-UBND', decision_date: d.day(),
			decision_signer: 'Chủ tịch UBND thành phố Hà Nội' }));
		assert.equal(done.state.id, 'revoked');
		const reg = ok(await ctx.anon.get(`${API}/recognitions?limit=500`));
		const it = reg.items.find((x) => `${x.unit.structure}:${x.unit.code}` === c.unit);
		assert.ok(it.revoked, 'the register shows the title revoked');
		assert.equal(it.revoked.no, '77/QĐ-UBND');
		const page = await ctx.anon.get('/recognitions');
		assert.match(text(page.text), /77\/QĐ-UBND/);
		const after = ok(await ctx.hanoi.get(`${API}/recognitions/watch?limit=500`));
		assert.ok(!after.items.some((x) => `${x.unit.structure}:${x.unit.code}` === c.unit), 'no longer watched');
	});
});
