'use strict';
/*
 * Survey anonymity against the survey's own owner (issue 13,
 * docs/SURVEYS.md "Who may see what"): the officials who run a
 * satisfaction survey are the ones it rates, so they must not be able to
 * tell how a household answered.
 *
 *  - An owner who polls every endpoint it can read - the campaign (JSON and
 *    page, with ?batch=), its results (JSON, page, CSV, XLSX, through the
 *    survey too), the individual responses, the comments' moderation, the
 *    paper-entry page, the code sheets (PDF), the questionnaire, the
 *    public form's code check of every code it printed - just before and
 *    just after one household answers sees nothing change but counts.
 *  - After the close, the individual responses come in a random order with
 *    no id and no time, grouped so that no group has fewer than 5
 *    responses: small villages pooled into one group said to be pooled.
 *  - The paper-entry answer for a used code says it is used, and not when.
 *  - Free text lives in the comments alone: a response row stored before
 *    (with its text) is moved by migration 0008, nothing lost, and a
 *    hidden comment is then hidden everywhere.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { startDemo, Client } = require('../lib/accounts');
const { BACKEND } = require('../lib/ntm');
const { ok } = require('../lib/http');

const API = '/api/v1';
const SOCSON = '2025:00376';
const THON1 = '2025:00376-01';
const THON2 = '2025:00376-02';

let ntm, anon, socson, observer;
let surveyId;

const day = (offset = 0) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

const questionnaire = {
	format: 'ntm-survey/1', title: 'Khảo sát ẩn danh e2e',
	questions: [
		{ id: 'q1', type: 'scale5', text: 'Mức độ hài lòng', required: true, satisfied_from: 4 },
		{ id: 'q2', type: 'yesno', text: 'Có nước sạch không?', satisfied: 'yes' },
		{ id: 'q3', type: 'single', text: 'Đánh giá chung', options: [{ id: 't', text: 'Tốt' }, { id: 'x', text: 'Chưa tốt' }], satisfied: ['t'] },
		{ id: 'q4', type: 'text', text: 'Ý kiến khác' },
	],
};

async function newCampaign(title, households = 40) {
	return ok(await socson.post(`${API}/surveys/${surveyId}/campaigns`, { json: {
		unit: SOCSON, title, households, min_coverage: 50, threshold: 50, opens_on: day(),
		closes_on: day(20), posting_days: 10, mode: 'codes' } })).created.id;
}

async function issue(id, count, village) {
	return ok(await socson.post(`${API}/campaigns/${id}/codes`, { json: village ? { count, village } : { count } }));
}

async function answer(id, code, answers) {
	ok(await anon.post(`${API}/s/${id}`, { json: { code, answers } }));
}

async function download(client, path) {
	const res = await fetch(ntm.base + path, { headers: client.headers(), redirect: 'manual' });
	return { status: res.status, type: res.headers.get('content-type'), buf: Buffer.from(await res.arrayBuffer()) };
}

before(async () => {
	ntm = await startDemo();
	anon = Client.anonymous(ntm.base);
	socson = await Client.login(ntm.base, 'socson');
	const admin = await Client.login(ntm.base, 'admin');
	observer = await admin.makeTokenClient('anonymity-observer');
	surveyId = ok(await socson.post(`${API}/surveys`, { json: { unit: SOCSON, document: questionnaire } })).created.id;
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

/* Every path at which two JSON values differ ("villages.0.responses"). */
function diffPaths(a, b, at = '', out = []) {
	if (a === b)
		return out;
	if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
		for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
			diffPaths(a[k], b[k], at ? `${at}.${k}` : k, out);
		return out;
	}
	out.push(at);
	return out;
}

/* The counts an owner may see move: the responses and what follows from
 * them (coverage, codes spent, unused, the public form's counter if any). */
const COUNT = /(^|\.)(responses|spent|coverage|coverage_met|coverage_text|codes_unused|total)$/;

/* A page with its numbers masked: what is left must not change. */
const masked = (html) => html.replace(/\d+([.,]\d+)?/g, '#');

describe('an owner polling every endpoint around one answer learns only counts', () => {
	let id, batchA, batchB, codesA, codesB;

	/* Everything the owner (socson, an official of the commune) can read
	 * about the campaign, and what the public form says of each code it
	 * printed. */
	async function snapshot() {
		const json = {}, html = {}, raw = {};
		const jsonPaths = [
			`/campaigns/${id}`, `/campaigns/${id}?batch=${batchA}`, `/campaigns/${id}?batch=${batchB}`,
			`/campaigns/${id}/results`, `/surveys/${surveyId}/results`, `/campaigns/${id}/responses`,
			`/campaigns/${id}/entry`, `/surveys/${surveyId}`, `/campaigns?unit=${SOCSON}`, `/s/${id}`,
		];
		for (const p of jsonPaths) {
			const r = await socson.get(API + p);
			json[p] = { status: r.status, body: r.json };
		}
		for (const k of [...codesA, ...codesB]) {
			const r = await anon.get(`${API}/s/${id}?code=${k}`);
			json[`/s/${id}?code=${k}`] = { status: r.status, body: r.json };
		}
		for (const p of [`/campaigns/${id}`, `/campaigns/${id}?batch=${batchA}`, `/campaigns/${id}/results`,
			`/campaigns/${id}/entry`, `/s/${id}?code=${codesA[0]}`]) {
			const r = await socson.get(p);
			html[p] = { status: r.status, text: masked(r.text.replace(/name="_csrf" value="[^"]*"/g, '')) };
		}
		for (const p of [`/campaigns/${id}/results.csv`, `/campaigns/${id}/results.xlsx`,
			`/campaigns/${id}/codes.pdf?batch=${batchA}`, `/surveys/${surveyId}/export`]) {
			const r = await download(socson, p);
			raw[p] = { status: r.status, type: r.type, length: p.includes('.pdf') ? r.buf.length : undefined,
				text: p.includes('.pdf') ? undefined : r.buf.toString('latin1') };
		}
		const hide = await socson.post(`${API}/campaigns/${id}/comments/${'0'.repeat(32)}/hide`);
		raw.hide = { status: hide.status, body: hide.text };
		return { json, html, raw };
	}

	before(async () => {
		id = await newCampaign('Đợt ẩn danh: trước và sau một phiếu');
		const a = await issue(id, 6, THON1), b = await issue(id, 6, THON2);
		batchA = a.batch; batchB = b.batch; codesA = a.codes; codesB = b.codes;
		/* some answers already in, in both villages */
		await answer(id, codesA[1], { q1: 5, q2: 'yes', q3: 't', q4: 'Đường đẹp' });
		await answer(id, codesA[2], { q1: 4, q2: 'yes', q3: 't' });
		await answer(id, codesB[0], { q1: 3, q2: 'no', q3: 'x', q4: 'Thiếu nước' });
	});

	test('before and after one household answers, every owner-visible endpoint differs in counts only', async () => {
		const before_ = await snapshot();
		/* the household answers unlike anyone before it */
		const marker = 'Ý kiến riêng của một hộ 7Q3Z';
		await answer(id, codesA[0], { q1: 1, q2: 'no', q3: 'x', q4: marker });
		const after_ = await snapshot();

		for (const [p, b] of Object.entries(before_.json)) {
			const a = after_.json[p];
			assert.equal(a.status, b.status, `${p}: status ${b.status} -> ${a.status}`);
			const changed = diffPaths(b.body, a.body).filter((x) => !COUNT.test(x));
			assert.deepEqual(changed, [], `${p}: more than counts changed`);
			assert.ok(!JSON.stringify(a.body).includes(marker), `${p} shows the household's text`);
		}
		for (const [p, b] of Object.entries(before_.html)) {
			assert.equal(after_.html[p].status, b.status, p);
			assert.equal(after_.html[p].text, b.text, `${p}: the page changed beyond its numbers`);
		}
		for (const [p, b] of Object.entries(before_.raw))
			assert.deepEqual(after_.raw[p], b, `${p} changed`);
		/* and the counts did move: the owner sees the campaign progress */
		assert.equal(after_.json[`/campaigns/${id}`].body.responses, before_.json[`/campaigns/${id}`].body.responses + 1);
		assert.equal(after_.json[`/campaigns/${id}/results`].body.responses, 4);
	});

	test('what the owner reads while open is counts: no rate, no answer counts, no comment, no spent code, no response', async () => {
		const c = ok(await socson.get(`${API}/campaigns/${id}?batch=${batchA}`));
		for (const k of c.batch.codes)
			assert.deepEqual(Object.keys(k).sort(), ['code', 'display', 'village'], 'a code, never whether it was spent');
		assert.equal(c.batch.total, 6);
		const r = ok(await socson.get(`${API}/campaigns/${id}/results`));
		assert.equal(r.published, false);
		assert.equal(r.rate, null);
		for (const q of r.questions)
			assert.equal(q.answered, undefined);
		assert.deepEqual(r.comments, []);
		for (const v of r.villages)
			assert.deepEqual(Object.keys(v).sort(), ['code', 'codes', 'coverage', 'name', 'responses']);
		const resp = await socson.get(`${API}/campaigns/${id}/responses`);
		assert.equal(resp.status, 409);
		assert.equal(resp.json.error.code, 'surveys.not_closed');
		assert.equal((await download(socson, `/campaigns/${id}/results.csv`)).status, 409);
		assert.equal((await download(socson, `/campaigns/${id}/results.xlsx`)).status, 409);
		/* the live result of a dossier is the same counts: no rate before the close */
		const sheet = await download(socson, `/campaigns/${id}/codes.pdf?batch=${batchA}`);
		assert.equal(sheet.status, 200, 'the sheet of a batch prints every code, spent or not');
	});
});

describe('after the close', () => {
	let id;

	before(async () => {
		id = await newCampaign('Đợt ẩn danh: sau khi kết thúc', 30);
		/* Thôn 1: 6 responses (shown alone); Thôn 2: 2 and no village: 3
		 * (each under 5: pooled, 5 together) */
		const a = await issue(id, 6, THON1), b = await issue(id, 2, THON2), n = await issue(id, 3);
		for (const [i, k] of a.codes.entries())
			await answer(id, k, { q1: 1 + (i % 5), q2: i % 2 ? 'yes' : 'no', q3: 't', q4: `Thôn 1 ý kiến ${i}` });
		for (const k of b.codes)
			await answer(id, k, { q1: 2, q2: 'no', q3: 'x' });
		for (const k of n.codes)
			await answer(id, k, { q1: 5, q2: 'yes', q3: 't' });
		ok(await socson.post(`${API}/campaigns/${id}/close`));
	});

	test('individual responses come in a random order, with no id and no time', async () => {
		const orders = new Set();
		let items;
		for (let i = 0; i < 6; i++) {
			const r = ok(await socson.get(`${API}/campaigns/${id}/responses`));
			assert.equal(r.total, 11);
			items = r.items;
			orders.add(JSON.stringify(items));
			for (const row of items) {
				for (const k of Object.keys(row))
					assert.ok(['village', 'q1', 'q2', 'q3'].includes(k), `a response carries ${k}`);
				assert.equal(row.day, undefined);
				assert.equal(row.id, undefined);
			}
		}
		assert.ok(orders.size > 1, 'the order changes from one reading to the next: it is not the order of arrival');
		/* the CSV: no day column, no free text */
		const csv = (await download(socson, `/campaigns/${id}/results.csv`)).buf.toString('utf8').replace(/^\uFEFF/, '');
		assert.equal(csv.split('\r\n')[0], 'village,q1,q2,q3');
		assert.ok(!/\d{4}-\d{2}-\d{2}/.test(csv), 'no date in the CSV');
		assert.ok(!csv.includes('ý kiến'), 'no free text in the CSV');
	});

	test('villages under 5 responses are pooled into one group said to be pooled; no group is under 5', async () => {
		const r = ok(await anon.get(`${API}/campaigns/${id}/results`));
		assert.equal(r.published, true);
		assert.equal(r.min_group, 5);
		const groups = r.villages;
		for (const g of groups)
			assert.ok(g.responses >= 5, `${g.name}: ${g.responses} responses`);
		const t1 = groups.find((g) => g.code === '00376-01');
		assert.equal(t1.responses, 6);
		assert.equal(typeof t1.rate, 'number');
		const pool = groups.find((g) => g.code === '*');
		assert.ok(pool, JSON.stringify(groups));
		assert.equal(pool.responses, 5);
		assert.match(pool.name, /gộp/);
		assert.equal(pool.members.length, 2);
		assert.ok(!groups.some((g) => g.code === '00376-02'), 'Thôn 2 (2 responses) is not shown alone');
		/* the responses carry the group, never the small village */
		const rows = ok(await socson.get(`${API}/campaigns/${id}/responses`)).items;
		assert.deepEqual([...new Set(rows.map((x) => x.village))].sort(), ['*', '00376-01']);
		/* comments likewise */
		for (const c of r.comments)
			assert.ok(['*', '00376-01'].includes(c.village), c.village);
		const page = await anon.get(`/campaigns/${id}/results`);
		assert.match(page.text, /Các thôn khác \(gộp lại\)/);
	});

	test('a campaign with fewer than 5 responses publishes counts only', async () => {
		const small = await newCampaign('Đợt ẩn danh: quá ít phiếu', 30);
		const { codes } = await issue(small, 3);
		for (const k of codes)
			await answer(small, k, { q1: 4, q2: 'yes', q3: 't', q4: 'ít phiếu' });
		ok(await socson.post(`${API}/campaigns/${small}/close`));
		const r = ok(await anon.get(`${API}/campaigns/${small}/results`));
		assert.equal(r.responses, 3);
		assert.equal(r.suppressed, true);
		assert.equal(r.rate, null);
		assert.deepEqual(r.comments, []);
		const rows = ok(await socson.get(`${API}/campaigns/${small}/responses`));
		assert.deepEqual(rows.items, []);
		assert.equal(rows.suppressed, true);
	});
});

describe('the paper entry and the code check', () => {
	test('the clerk learns a code is used, never when: no date or time in the answer', async () => {
		const id = await newCampaign('Đợt ẩn danh: nhập phiếu giấy');
		const { codes } = await issue(id, 2, THON1);
		ok(await socson.post(`${API}/campaigns/${id}/entry`, { json: { code: codes[0], answers: { q1: 4 } } }));
		const again = await socson.post(`${API}/campaigns/${id}/entry`, { json: { code: codes[0], answers: { q1: 4 } } });
		assert.equal(again.status, 409);
		assert.equal(again.json.error.code, 'surveys.code_spent');
		assert.ok(!/\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}|\d{1,2}\/\d{1,2}/.test(again.text), again.text);
		const page = await socson.post(`/campaigns/${id}/entry`, { form: { code: codes[0], 'a.q1': '4' } });
		assert.equal(page.status, 409);
		const main = page.text.slice(page.text.indexOf('<main'));
		assert.match(main, /đã được dùng/);
		/* the page's own dates (the campaign's) aside, nothing says when */
		const dates = main.match(/\d{1,2}\/\d{1,2}\/\d{4}|\d{1,2}:\d{2}/g) || [];
		const form = await socson.get(`/campaigns/${id}/entry`);
		const formDates = form.text.slice(form.text.indexOf('<main')).match(/\d{1,2}\/\d{1,2}\/\d{4}|\d{1,2}:\d{2}/g) || [];
		assert.deepEqual(dates, formDates, 'no date or time beyond the campaign\'s own');
		/* the public form's free check does not tell a spent code from an unused one */
		const spent = ok(await anon.get(`${API}/s/${id}?code=${codes[0]}`));
		const unused = ok(await anon.get(`${API}/s/${id}?code=${codes[1]}`));
		assert.equal(spent.code_check, undefined);
		assert.equal(unused.code_check, undefined);
	});
});

describe('free text in one place', () => {
	test('migration 0008 moves text out of old response rows into the comments, losing nothing', async (t) => {
		if (BACKEND === 'sqlite' && spawnSync('sqlite3', ['-version']).error) {
			t.diagnostic('sqlite3 CLI not installed: the database is not written directly');
			return;
		}
		const id = await newCampaign('Đợt ẩn danh: dữ liệu cũ');
		/* two rows as the code before 0008 wrote them: the text in the row,
		 * one of them also as a (hidden) comment, one whose comment was lost */
		ntm.sql(`INSERT INTO survey_response (campaign_id, id, village_code, day, channel, answers) VALUES
			(${id}, 'aaaa0008', '00376-01', '2026-01-05', 'web', '{"q1":4,"q4":"Cũ có ý kiến ẩn"}'),
			(${id}, 'bbbb0008', '', '2026-01-05', 'paper', '{"q1":2,"q3":"x","q4":"Cũ chưa có ý kiến"}');
			INSERT INTO survey_comment (campaign_id, id, question_id, village_code, body, hidden) VALUES
			(${id}, 'cccc0008', 'q4', '00376-01', 'Cũ có ý kiến ẩn', 1);
			DELETE FROM schema_version WHERE name LIKE '0008%';`);
		const r = ntm.run(['init', '--db', ntm.dbPath]);
		assert.equal(r.code, 0, r.stderr);
		const rows = ntm.sql(`SELECT answers FROM survey_response WHERE campaign_id = ${id}`);
		assert.ok(!rows.includes('Cũ'), `text left in the rows: ${rows}`);
		assert.match(rows, /"q1": ?4/);
		assert.match(rows, /"q3": ?"x"/);
		const comments = ntm.sql(`SELECT body, hidden FROM survey_comment WHERE campaign_id = ${id} ORDER BY body`);
		assert.match(comments, /Cũ chưa có ý kiến/, 'the text without its comment became one');
		assert.equal((comments.match(/Cũ có ý kiến ẩn/g) || []).length, 1, 'the one with its comment is not doubled');
		assert.match(ntm.sql(`SELECT hidden FROM survey_comment WHERE id = 'cccc0008'`), /1/, 'still hidden');
	});

	test('a hidden comment is hidden everywhere: results, responses, exports (the XLSX has the visible ones)', async () => {
		const id = await newCampaign('Đợt ẩn danh: ẩn ý kiến', 20);
		const { codes } = await issue(id, 5);
		const secret = 'Ý kiến bị ẩn 9XK2', shown = 'Ý kiến để đọc 4KQ1';
		for (const [i, k] of codes.entries())
			await answer(id, k, { q1: 4, q2: 'yes', q3: 't', ...(i === 0 ? { q4: secret } : i === 1 ? { q4: shown } : {}) });
		ok(await socson.post(`${API}/campaigns/${id}/close`));
		const cm = ok(await socson.get(`${API}/campaigns/${id}/results`)).comments.find((c) => c.body === secret);
		ok(await socson.post(`${API}/campaigns/${id}/comments/${cm.id}/hide`));
		const reads = [
			JSON.stringify(ok(await anon.get(`${API}/campaigns/${id}/results`))),
			JSON.stringify(ok(await socson.get(`${API}/campaigns/${id}/responses`))),
			(await anon.get(`/campaigns/${id}/results`)).text,
			(await download(anon, `/campaigns/${id}/results.csv`)).buf.toString('utf8'),
			(await download(socson, `/campaigns/${id}/results.csv`)).buf.toString('utf8'),
		];
		for (const x of reads)
			assert.ok(!x.includes(secret), 'the hidden comment is readable');
		const xlsx = await download(anon, `/campaigns/${id}/results.xlsx`);
		assert.equal(xlsx.status, 200);
		const fs = require('node:fs'), os = require('node:os'), path = require('node:path');
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ntm-anon-'));
		fs.writeFileSync(path.join(dir, 'r.xlsx'), xlsx.buf);
		const unz = spawnSync('unzip', ['-p', path.join(dir, 'r.xlsx')], { encoding: 'utf8' });
		fs.rmSync(dir, { recursive: true, force: true });
		if (!unz.error) {
			assert.ok(!unz.stdout.includes(secret), 'the hidden comment is in the XLSX');
			assert.ok(unz.stdout.includes(shown), 'the visible comments are on a sheet of the XLSX');
		}
	});
});
