'use strict';
/*
 * The dossier forms in the officer's words (issue 14), over HTTP on a
 * `ntm demo` database: the list's unit filter is a commune chosen by name
 * (the picker, without JavaScript) and the province a choice by name; the
 * new-dossier form offers the criteria sets that apply and the unit's
 * survey campaigns by name (closed ones first, "none yet" allowed) with
 * the default set chosen by the domain, while the API still takes set_id
 * and campaign_id; messages name what the page shows, never a code, a
 * role key or a field path; every dossier form (new dossier, a
 * transition, a comment, the upload, the update) lists every problem at
 * the top, each linked to its input, and keeps what was typed; and the
 * re-recognition rule: a commune holding a title is refused a new dossier
 * under the same set (409 naming the decision) but may start one under a
 * later period's set through the procedure that names it.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startDemo } = require('../lib/accounts');
const { mainOf, unescapeHtml, badInputs, E2E_DIR } = require('../lib/ntm');
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
/* Codes people must never read: unit refs, set and procedure ids, role
 * keys, field paths. */
const CODES = /\b(pre2025|2025):\d|ntm-xa-|commune-ntm-|commune_officer|province_officer|\b(set_id|campaign_id|row_version)\b|attachments\.|criteria\.\d|values\.\d|CẤU_TRÚC/;

/* The page's text without the titles the tests gave their campaigns
 * (which name the unit by its code). */
const shown = (html) => text(html).replace(/(Đợt e2e|Đợt đang mở|Hài lòng e2e) (pre2025|2025):\d+/g, '');

function form(client, urlPath, fields) {
	return client.post(urlPath, { form: fields });
}

/* The problems listed at the top of a refused page: [{href, text}]. */
function problems(html) {
	const box = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(html);
	assert.ok(box, `a list of problems at the top: ${text(html).slice(0, 300)}`);
	return [...box[1].matchAll(/<li>(?:<a href="#([^"]+)">)?([\s\S]*?)(?:<\/a>)?<\/li>/g)]
		.map((m) => ({ href: m[1] || null, text: unescapeHtml(m[2]).trim() }));
}

/* Every link of the problems leads to an element of the page. */
function linked(html, list) {
	for (const p of list) {
		assert.ok(p.href, `"${p.text}" is a link`);
		assert.ok(html.includes(`id="${p.href}"`), `#${p.href} is on the page (${p.text})`);
	}
}

/* A campaign of unit that is still open (the closed one: d.closedCampaign). */
async function openCampaign(unit, title) {
	const doc = { format: 'ntm-survey/1', title: `Bảng hỏi ${title}`, questions: [
		{ id: 'q1', type: 'scale5', text: 'Ông/bà có hài lòng?', required: true, satisfied_from: 4 }] };
	const s = ok(await ctx.observer.post(`${API}/surveys`, { json: { unit, document: doc } })).created.id;
	return ok(await ctx.observer.post(`${API}/surveys/${s}/campaigns`, { json: { unit, title,
		households: 10, min_coverage: 70, threshold: 80, opens_on: d.day(), closes_on: d.day(20), posting_days: 1,
		mode: 'codes' } })).created.id;
}

describe('the list: a commune and a province chosen by name', () => {
	test('no code field: the unit filter is the picker, searched by name without JavaScript', async () => {
		const page = await ctx.hanoi.get('/dossiers');
		assert.equal(page.status, 200);
		const main = mainOf(page.text);
		assert.doesNotMatch(main, /placeholder="2025:00376"/, 'no unit code to type');
		assert.doesNotMatch(text(page.text), /cấu trúc:mã|structure:code/i);
		const filters = /<form class="search-inline"[^>]*id="filters">([\s\S]*?)<\/form>/.exec(main);
		assert.ok(filters, 'the filter form');
		assert.match(filters[1], /<fieldset class="picker" id="f-filter-unit" data-picker="unit"/);
		assert.match(filters[1], /<label for="q-province">Tỉnh, thành phố<\/label> <select id="q-province" name="province"><option value="">Cả nước<\/option>/);
		assert.match(filters[1], /<option value="2025:01">Thành phố Hà Nội<\/option>/);
		/* "Tìm" without JavaScript: the page again with the communes found */
		const found = await ctx.hanoi.get('/dossiers?unit_q=soc%20son');
		assert.match(mainOf(found.text), /<input type="radio" name="unit" value="2025:00376"> <span>Xã Sóc Sơn/);
		/* a filter by a commune shows it chosen by name, and filters */
		const one = await ctx.hanoi.get('/dossiers?unit=2025%3A00376');
		assert.match(mainOf(one.text), /<input type="radio" name="unit" value="2025:00376" checked> <span>Xã Sóc Sơn/);
		const j = ok(await ctx.hanoi.get(`${API}/dossiers?unit=2025%3A00376`));
		assert.ok(j.items.every((x) => x.unit.code === '00376'));
	});

	test('a unit or province that cannot be found is said in words, the field kept for programs', async () => {
		for (const [q, field, words] of [['unit=xyz', 'unit', /Không nhận ra đơn vị: hãy tìm đơn vị theo tên/],
			['province=xyz', 'province', /Không tìm thấy tỉnh đã chọn/]]) {
			const e = refused(await ctx.hanoi.get(`${API}/dossiers?${q}`), 422, field);
			assert.match(e.message, words);
			assert.doesNotMatch(e.message, /CẤU_TRÚC|2025:01|STRUCTURE/);
		}
		const w = refused(await ctx.hanoi.get(`${API}/recognitions/watch?province=xyz`), 422, 'province');
		assert.match(w.message, /Không tìm thấy tỉnh đã chọn/);
		const en = refused(await ctx.hanoi.get(`${API}/dossiers?province=xyz&lang=en`), 422, 'province');
		assert.match(en.message, /province chosen was not found/);
	});

	test('hostile filter values (bad-inputs.json) are a 4xx naming the field, never a 500 or a code shown', async () => {
		const bad = badInputs();
		for (const v of [...bad.codes, ...bad.sql, ...bad.html_script].filter((x) => typeof x === 'string' && x !== '')) {
			for (const field of ['unit', 'province']) {
				const r = await ctx.hanoi.get(`${API}/dossiers?${field}=${encodeURIComponent(v)}`);
				assert.ok(r.status < 500, `${field}=${JSON.stringify(v)}: ${r.status}`);
				if (r.status >= 400) {
					assert.equal(r.json.error.field, field, `${field}=${JSON.stringify(v)}`);
					assert.doesNotMatch(r.json.error.message, /CẤU_TRÚC/);
				}
			}
		}
	});
});

describe('the new-dossier form: sets and campaigns by name', () => {
	let c, closed, open;

	before(async () => {
		c = await d.freshCommune(ctx);
		closed = await d.closedCampaign(ctx, c.unit);
		open = await openCampaign(c.unit, `Đợt đang mở ${c.unit}`);
	});

	test('the form offers the sets that apply by name with the domain\'s default chosen, and the unit\'s campaigns by title, closed first', async () => {
		const page = await c.officer.get('/dossiers');
		const f = /<form class="form" method="post" action="\/dossiers" id="new-form">([\s\S]*?)<\/form>/.exec(mainOf(page.text));
		assert.ok(f, 'the new-dossier form');
		assert.doesNotMatch(f[1], /<input[^>]*name="(set_id|campaign_id)"/, 'no identifier to type');
		assert.match(f[1], new RegExp(`<input type="radio" name="unit" value="${c.unit}" checked> <span>`));
		const sets = [...f[1].matchAll(/<select id="f-set_id" name="set_id" required>([\s\S]*?)<\/select>/g)];
		assert.equal(sets.length, 1);
		assert.match(sets[0][1], /<option value="ntm-xa-2021-2025" selected>Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021–2025/);
		assert.match(sets[0][1], /<option value="ntm-xa-kieu-mau-2021-2025">Quy định xã nông thôn mới kiểu mẫu/);
		assert.match(f[1], /<input id="f-year" name="year"[^>]*value="2025">/, 'the set\'s period nearest to today');
		const camp = /<select id="f-campaign_id" name="campaign_id"[^>]*>([\s\S]*?)<\/select>/.exec(f[1])[1];
		const opts = [...camp.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], unescapeHtml(m[2])]);
		assert.deepEqual(opts.map((o) => o[0]), ['', String(closed), String(open)], 'none yet, then closed, then open');
		assert.match(opts[0][1], /Chưa chọn/);
		assert.match(opts[1][1], /^Đợt e2e .* · đã kết thúc \d\d\/\d\d\/\d{4}$/);
		assert.match(opts[2][1], /· đang diễn ra, đến \d\d\/\d\d\/\d{4}$/);
		assert.doesNotMatch(shown(page.text), CODES);
	});

	test('a refused form lists every problem at once, linked to its input, and keeps what was chosen and typed', async () => {
		const page = await form(c.officer, '/dossiers', { unit: c.unit, set_id: '', year: '20x5', title: 'ntm',
			campaign_id: 'abc', note: 'Ghi chú giữ lại' });
		assert.equal(page.status, 422);
		const list = problems(page.text);
		assert.deepEqual(list.map((p) => p.href), ['f-set_id', 'f-year', 'f-campaign_id']);
		assert.match(list[0].text, /Bộ tiêu chí/);
		assert.match(list[1].text, /Năm/);
		linked(page.text, list);
		assert.match(page.text, /<textarea id="f-note" name="note"[^>]*>Ghi chú giữ lại<\/textarea>/);
		assert.match(page.text, /<input id="f-year" name="year"[^>]*value="20x5">/);
		assert.doesNotMatch(shown(page.text), CODES);
		/* the API: every problem, the first in error */
		const j = await c.officer.post(`${API}/dossiers`, { json: { unit: c.unit, year: 'x', title: 'ntm' } });
		assert.equal(j.status, 422);
		assert.equal(j.json.error.field, 'set_id');
		assert.deepEqual(j.json.error.problems.map((p) => p.field), ['set_id', 'year']);
	});

	test('what the domain refuses is listed with the rest, all at once: a set that does not apply, another unit\'s survey, a bad year', async () => {
		const other = await d.freshCommune(ctx);
		const theirs = await d.closedCampaign(ctx, other.unit);
		const page = await form(c.officer, '/dossiers', { unit: c.unit, set_id: d.SET_NEW, year: '20x5', title: 'ntm',
			campaign_id: String(theirs), note: '' });
		assert.equal(page.status, 422);
		const list = problems(page.text);
		assert.deepEqual(list.map((p) => p.href), ['f-year', 'f-set_id', 'f-campaign_id']);
		assert.match(list[1].text, /“Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2026–2030.*” không áp dụng cho Xã/);
		assert.match(list[2].text, /không phải của đơn vị này/);
		linked(page.text, list);
		assert.doesNotMatch(shown(page.text), CODES);
		const j = await c.officer.post(`${API}/dossiers`, { json: { unit: c.unit, set_id: d.SET_NEW, year: 2025, title: 'ntm',
			campaign_id: theirs } });
		assert.equal(j.status, 422);
		assert.deepEqual(j.json.error.problems.map((p) => p.field), ['set_id', 'campaign_id']);
	});

	test('the domain\'s refusals name the set, campaign and title in words; a choice made on the page creates the dossier', async () => {
		const other = await d.freshCommune(ctx);
		const theirs = await d.closedCampaign(ctx, other.unit);
		for (const [fields, field, words] of [
			[{ set_id: 'khong-co' }, 'set_id', /Không tìm thấy bộ tiêu chí đã chọn/],
			[{ campaign_id: String(theirs) }, 'campaign_id', /không phải của đơn vị này/],
			[{ campaign_id: '987654321' }, 'campaign_id', /Không tìm thấy đợt khảo sát đã chọn/],
			[{ title: 'vip' }, 'title', /Hãy chọn danh hiệu trong danh sách/],
			[{ title: 'model' }, 'set_id', /Không có quy trình nào để xét danh hiệu “Xã nông thôn mới kiểu mẫu” theo “Bộ tiêu chí quốc gia/]]) {
			const body = { unit: c.unit, set_id: d.SET_OLD, year: '2025', title: 'ntm', ...fields };
			const page = await form(c.officer, '/dossiers', body);
			assert.equal(page.status, 422, JSON.stringify(fields));
			const list = problems(page.text);
			assert.equal(list.length, 1);
			assert.match(list[0].text, words);
			assert.equal(list[0].href, `f-${field}`);
			assert.doesNotMatch(list[0].text, CODES);
			assert.doesNotMatch(list[0].text, /\d{6,}|\bvip\b|khong-co/, 'no number or code typed back');
			const e = refused(await c.officer.post(`${API}/dossiers`, { json: { ...body, year: 2025 } }), 422, field);
			assert.match(e.message, words);
		}
		const created = await form(c.officer, '/dossiers', { unit: c.unit, set_id: d.SET_OLD, year: '2025', title: 'ntm',
			campaign_id: String(closed), note: '' });
		assert.equal(created.status, 303, created.text.slice(0, 300));
		const id = Number(/\/dossiers\/(\d+)/.exec(created.headers.get('location'))[1]);
		const x = await d.get(c.officer, id);
		assert.equal(x.set.id, d.SET_OLD);
		assert.equal(x.satisfaction.campaign_id, closed);
		/* the dossier page names the set and offers the campaigns by title too */
		const page = await c.officer.get(`/dossiers/${id}`);
		assert.match(mainOf(page.text), /Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021–2025/);
		const u = /<select id="u-campaign" name="campaign_id">([\s\S]*?)<\/select>/.exec(page.text);
		assert.ok(u, 'the update form offers a list');
		assert.match(u[1], new RegExp(`<option value="${closed}" selected>Đợt e2e`));
		assert.match(u[1], /<option value="none">Bỏ liên kết đợt khảo sát<\/option>/);
		assert.doesNotMatch(shown(page.text), CODES);
		/* unlinking through the list, and the API's numbers still work */
		ok(await d.act(c.officer, id, 'withdraw', { note: 'Thử nghiệm xong' }));
	});

	test('hostile values of the new fields (bad-inputs.json) are refused 4xx naming the field, never a 500', async () => {
		const bad = badInputs();
		for (const v of bad.numbers.filter((x) => x !== '' && typeof x === 'string')) {
			const r = await c.officer.post(`${API}/dossiers`, { json: { unit: c.unit, set_id: d.SET_OLD, year: 2025, title: 'ntm', campaign_id: v } });
			assert.ok(r.status >= 400 && r.status < 500, `campaign_id=${JSON.stringify(v)}: ${r.status}`);
			assert.equal(r.json.error.field, 'campaign_id', JSON.stringify(v));
		}
		for (const v of [...bad.codes, ...bad.sql, ...bad.html_script, ...bad.paths].filter((x) => typeof x === 'string' && x !== '')) {
			const r = await c.officer.post(`${API}/dossiers`, { json: { unit: c.unit, set_id: v, year: 2025, title: 'ntm' } });
			assert.ok(r.status >= 400 && r.status < 500, `set_id=${JSON.stringify(v)}: ${r.status}`);
			if (r.status !== 400)	/* 400: a body that is no JSON document (a NUL) */
				assert.equal(r.json.error.field, 'set_id', JSON.stringify(v));
			assert.ok(!r.json.error.message.includes(v) || v.length < 3, `not echoed: ${r.json.error.message}`);
		}
	});
});

describe('every form of the dossier page on the shared pattern', () => {
	let x;

	before(async () => {
		x = await d.oldDossier(ctx, 'district_appraisal');
	});

	test('a transition refused for a missing document links to the upload; the note typed stays', async () => {
		const rv = (await d.get(ctx.huyen, x.id)).row_version;
		const page = await form(ctx.huyen, `/dossiers/${x.id}/actions/forward`, { row_version: String(rv), note: 'Trình hội đồng (giữ lại)' });
		assert.equal(page.status, 422);
		const list = problems(page.text);
		assert.equal(list.length, 1);
		assert.equal(list[0].href, 'files');
		assert.match(list[0].text, /Báo cáo thẩm tra/);
		linked(page.text, list);
		assert.match(page.text, /<textarea id="note-forward" name="note"[^>]*>Trình hội đồng \(giữ lại\)<\/textarea>/);
		assert.doesNotMatch(shown(page.text), CODES);
		assert.doesNotMatch(page.text, /<div class="error" role="alert" id="errors">/, 'no box of its own');
	});

	test('a stale form is linked to its own form and offers to reload', async () => {
		const page = await form(ctx.huyen, `/dossiers/${x.id}/actions/return`, { row_version: '1', note: 'Bổ sung' });
		assert.equal(page.status, 409);
		const list = problems(page.text);
		assert.equal(list[0].href, 'act-return');
		linked(page.text, list);
		assert.match(mainOf(page.text), /<a class="button secondary" href="\/dossiers\/\d+">Tải lại trang<\/a>/);
	});

	test('a comment without text and an upload without kind or file list their problems, linked', async () => {
		const page = await form(ctx.huyen, `/dossiers/${x.id}/comments`, { criterion: '', body: '' });
		assert.equal(page.status, 422);
		const list = problems(page.text);
		assert.deepEqual(list.map((p) => p.href), ['c-body']);
		assert.match(list[0].text, /Nội dung ý kiến/);
		linked(page.text, list);
		const fd = new FormData();
		fd.append('_csrf', ctx.huyen.csrf);
		const res = await fetch(`${ctx.huyen.base}/dossiers/${x.id}/attachments`, { method: 'POST',
			headers: ctx.huyen.headers(), body: fd, redirect: 'manual' });
		const html = await res.text();
		assert.equal(res.status, 422);
		const up = problems(html);
		assert.deepEqual(up.map((p) => p.href), ['kind', 'file'], 'both at once');
		assert.match(up[0].text, /Loại tài liệu/);
		linked(html, up);
		assert.doesNotMatch(shown(html), CODES);
	});

	test('an unknown document kind, criterion or vote is said in words', async () => {
		const e = refused(await d.upload(ctx.huyen, x.id, 'bien_ban_la', d.pdf('x')), 422, 'kind');
		assert.doesNotMatch(e.message, /bien_ban_la/);
		const c = refused(await ctx.huyen.post(`${API}/dossiers/${x.id}/comments`, { json: { criterion: '99', body: 'x' } }), 422, 'criterion');
		assert.doesNotMatch(c.message, CODES);
		assert.match(c.message, /không có tiêu chí số 99/);
	});
});

describe('the council member\'s vote', () => {
	test('a vote refused for its opinion comes back with the choice made and the opinion typed', async () => {
		const x = await d.oldDossier(ctx, 'council_review');
		const rv = (await d.get(ctx.thamdinh, x.id)).row_version;
		const long = 'ý'.repeat(2500);	/* 5,000 bytes: over the 4,000 an opinion may have */
		const page = await form(ctx.thamdinh, `/dossiers/${x.id}/actions/vote`, { row_version: String(rv), vote: 'reject', opinion: long });
		assert.equal(page.status, 422);
		assert.match(problems(page.text)[0].text, /Ý kiến/);
		assert.match(page.text, /<input type="radio" name="vote" value="reject" checked>/, 'the choice made stays');
		assert.doesNotMatch(page.text, /value="approve" required checked/);
		assert.ok(page.text.includes(long), 'the opinion typed stays');
	});
});

describe('the procedures as people read them', () => {
	test('the list and one procedure name kinds, levels, structures, states and steps in words, no identifier', async () => {
		const list = await ctx.anon.get('/procedures');
		assert.equal(list.status, 200);
		assert.match(text(list.text), /Xét công nhận · Phiên bản \d+/);
		assert.doesNotMatch(text(list.text), /commune-ntm-|commune-revocation|\brecognition\b|\brevocation\b/);
		const one = await ctx.anon.get('/procedures/commune-ntm-2021-2025');
		const t = text(one.text);
		assert.match(t, /Xã · đơn vị hành chính trước 1\/7\/2025/);
		assert.doesNotMatch(t, /commune-ntm-|\bpre2025\b|district_appraisal|council_review|self_assessment|\bappraise\b|\bforward\b/);
		/* the import form's inputs carry the ids its problems link to */
		const coord = await (require('../lib/accounts').Client).login(ntm.base, 'dieuphoi');
		const refusedPage = await form(coord, '/procedures', { document: '', change_note: 'x' });
		assert.equal(refusedPage.status, 422);
		linked(refusedPage.text, problems(refusedPage.text));
	});
});

describe('the decision printout', () => {
	test('names the criteria set by its name, not its identifier', async () => {
		const { spawnSync } = require('node:child_process');
		const reg = ok(await ctx.anon.get(`${API}/recognitions?limit=500`)).items.find((x) => x.dossier_id);
		assert.ok(reg, 'the demo has a decided dossier');
		const res = await fetch(`${ntm.base}/dossiers/${reg.dossier_id}/decision.pdf`);
		assert.equal(res.status, 200);
		const pdf = spawnSync('pdftotext', ['-', '-'], { input: Buffer.from(await res.arrayBuffer()), encoding: 'utf8' });
		if (pdf.error) {
			console.log('# pdftotext not installed: the PDF text is not checked');
			return;
		}
		const t = pdf.stdout.replace(/\s+/g, ' ');
		assert.match(t, /Điều 1\. Công nhận .* \(theo Bộ tiêu chí/);
		assert.doesNotMatch(t, /ntm-xa-/);
	});
});

describe('re-recognition', () => {
	const SET_NEXT = 'e2e-ntm-xa-2031-2035';
	const PROC_NEXT = 'e2e-commune-ntm-2031-2035';
	let unit, officer;

	before(async () => {
		/* a later period's set and the procedure that names it, as a
		 * coordinator would import them */
		const set = JSON.parse(fs.readFileSync(path.resolve(E2E_DIR, '../../criteria/ntm-xa-2026-2030.json'), 'utf8'));
		set.id = SET_NEXT;
		set.name = 'Bộ tiêu chí xã nông thôn mới giai đoạn 2031–2035 (thử nghiệm)';
		set.years = { from: 2031, to: 2035 };
		ok(await ctx.observer.post(`${API}/criteria-sets`, { json: set }));
		const proc = JSON.parse(fs.readFileSync(path.resolve(E2E_DIR, '../../procedures/commune-ntm-2026-2030.json'), 'utf8'));
		proc.id = PROC_NEXT;
		proc.name = 'Xét, công nhận lại xã nông thôn mới giai đoạn 2031-2035 (thử nghiệm)';
		proc.applies_to.sets = [SET_NEXT];
		ok(await ctx.observer.send('POST', `${API}/procedures?change_note=e2e`, { json: proc }));
		/* a commune of Hà Nội (2025) with the title under 2026-2030, the
		 * decision recorded as the register's imported ones are */
		const units = ok(await ctx.anon.get(`${API}/units?structure=2025&parent=01&level=commune&limit=100`)).items;
		const u = units.find((y) => y.code !== '00376' && !ctx.used.has(`2025:${y.code}`));
		unit = `2025:${u.code}`;
		ctx.used.add(unit);
		officer = await d.ensureUser(ctx.observer, `xa${u.code}`, 'commune_officer', unit);
		ntm.sql(`INSERT INTO unit_recognition (structure, code, set_id, year, decision_no, decision_date, title, decision_signer)
			VALUES ('2025', '${u.code}', 'ntm-xa-2026-2030', 2026, '77/QĐ-UBND', '2026-03-15', 'ntm', 'Chủ tịch UBND thành phố')`);
	});

	test('a normal new dossier for the title held is 409 naming the decision; nothing is created', async () => {
		const before = ok(await ctx.observer.get(`${API}/dossiers?unit=${encodeURIComponent(unit)}&limit=500`)).total;
		const e = refused(await officer.post(`${API}/dossiers`, { json: { unit, set_id: d.SET_NEW, year: 2026, title: 'ntm' } }),
		    409, undefined, 'dossiers.already_recognised');
		assert.ok(e.message.includes('77/QĐ-UBND') && e.message.includes('15/03/2026'), e.message);
		assert.equal(ok(await ctx.observer.get(`${API}/dossiers?unit=${encodeURIComponent(unit)}&limit=500`)).total, before);
		const page = await form(officer, '/dossiers', { unit, set_id: d.SET_NEW, year: '2026', title: 'ntm' });
		assert.equal(page.status, 409);
		assert.ok(problems(page.text)[0].text.includes('77/QĐ-UBND'));
	});

	test('a re-recognition under the later period\'s set goes ahead through its procedure, offered by name', async () => {
		const page = await officer.get('/dossiers');
		assert.match(page.text, new RegExp(`<option value="${SET_NEXT}">Bộ tiêu chí xã nông thôn mới giai đoạn 2031–2035 \\(thử nghiệm\\)</option>`));
		const created = ok(await officer.post(`${API}/dossiers`, { json: { unit, set_id: SET_NEXT, year: 2031, title: 'ntm' } })).created;
		assert.equal(created.procedure.id, PROC_NEXT);
		assert.equal(created.set.id, SET_NEXT);
		assert.equal(created.state.id, 'draft');
	});
});
