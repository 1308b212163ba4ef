'use strict';
/*
 * The legal library (issue 18; domain/legal/legal.h): every document cited
 * by a stored criteria set, procedure, report form or OCOP scorecard is
 * in the library, found by the test's own reading of the records' source
 * fields, and its page lists the record (and the criteria) citing it; a
 * RECALLED fact is marked, never shown as official; anyone reads the
 * library, searches it without diacritics, and follows each criterion
 * and procedure to its source; `ntm init` loads it once.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startDemo, Client } = require('../lib/accounts');
const { mainOf, unescapeHtml } = require('../lib/ntm');

const API = '/api/v1';
const ROOT = path.join(__dirname, '../../..');

let ntm, anon;

before(async () => {
	ntm = await startDemo();
	anon = Client.anonymous(ntm.base);
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

function ok(r, status = 200) {
	assert.equal(r.status, status, `${r.status}: ${r.text.slice(0, 600)}`);
	return r.json;
}

/* The keys under which a record names its sources (legal.h); notes only
 * mention documents for context. */
const SOURCE_KEYS = new Set(['source', 'sources', 'legal_basis', 'document', 'decision', 'replaces']);
/* A Vietnamese document number: "318/QĐ-TTg", "18/2022/QĐ-TTg",
 * "257/2025/QH15", "3688/BTTTT-KHTC" (not "45:2012/BGTVT", a standard,
 * nor a web address's path). */
const NUMBER = /(?<![\p{L}\p{N}:/.-])\d+(?:\/\d{4})?\/[A-ZĐ][A-ZĐa-z0-9]*(?:-[A-ZĐ][A-ZĐa-z0-9]*)*(?![\p{L}\p{N}/])/gu;

/* Every document number under v's source keys. */
function citedNumbers(v, inSource = false, out = new Set()) {
	if (typeof v === 'string') {
		if (inSource)
			for (const m of v.matchAll(NUMBER))
				out.add(m[0]);
	} else if (Array.isArray(v)) {
		for (const x of v)
			citedNumbers(x, inSource, out);
	} else if (v && typeof v === 'object') {
		for (const [k, x] of Object.entries(v))
			citedNumbers(x, inSource || SOURCE_KEYS.has(k), out);
	}
	return out;
}

/* The newest version of every shipped report form (forms/): what
 * `ntm init` stored; the forms' API gives no source fields. */
function shippedForms() {
	const newest = new Map();
	for (const f of fs.readdirSync(path.join(ROOT, 'forms')).filter((n) => n.endsWith('.json'))) {
		const d = JSON.parse(fs.readFileSync(path.join(ROOT, 'forms', f), 'utf8'));
		if (!newest.has(d.id) || newest.get(d.id).version < d.version)
			newest.set(d.id, d);
	}
	return [...newest.values()];
}

/* Every stored record that may cite: {kind, id, doc}. */
async function storedRecords() {
	const out = [];
	for (const s of ok(await anon.get(`${API}/criteria-sets`)).items)
		out.push({ kind: 'criteria_set', id: s.id, doc: ok(await anon.get(`${API}/criteria-sets/${s.id}`)).set });
	for (const p of ok(await anon.get(`${API}/procedures`)).items)
		out.push({ kind: 'procedure', id: p.id, doc: ok(await anon.get(`${API}/procedures/${p.id}`)).procedure });
	for (const c of ok(await anon.get(`${API}/ocop/scorecards`)).items)
		out.push({ kind: 'scorecard', id: c.id, doc: ok(await anon.get(`${API}/ocop/scorecards/${c.id}`)).scorecard });
	for (const f of shippedForms())
		out.push({ kind: 'form', id: f.id, doc: f });
	return out;
}

test('every document a stored criteria set, procedure, form or scorecard cites is in the library, which lists what cites it', async () => {
	const library = ok(await anon.get(`${API}/legal-documents`));
	assert.equal(library.total, library.items.length);
	const byNumber = new Map(library.items.map((d) => [d.number, d]));
	const records = await storedRecords();
	assert.ok(records.filter((r) => r.kind === 'criteria_set').length >= 5);
	assert.ok(records.some((r) => r.kind === 'procedure'));
	assert.ok(records.some((r) => r.kind === 'scorecard'));
	assert.ok(records.some((r) => r.kind === 'form'));
	const pages = new Map();
	let citations = 0;
	for (const rec of records) {
		for (const number of citedNumbers(rec.doc)) {
			const entry = byNumber.get(number);
			assert.ok(entry, `${rec.kind} ${rec.id} cites ${number}, which the library does not hold`);
			if (!pages.has(entry.slug))
				pages.set(entry.slug, ok(await anon.get(`${API}/legal-documents/${encodeURIComponent(entry.slug)}`)));
			const page = pages.get(entry.slug);
			assert.ok(page.cited_by.some((c) => c.kind === rec.kind && c.id === rec.id),
				`${number}'s page does not list ${rec.kind} ${rec.id}: ${JSON.stringify(page.cited_by)}`);
			citations++;
		}
	}
	assert.ok(citations >= 30, `${citations} citations found`);
	/* and nothing the library lists as citing is invented */
	for (const [slug, page] of pages)
		for (const c of page.cited_by) {
			const rec = records.find((r) => r.kind === c.kind && r.id === c.id);
			assert.ok(rec, `${slug} lists ${c.kind} ${c.id}, which is not stored`);
			assert.ok(citedNumbers(rec.doc).has(page.document.number), `${c.kind} ${c.id} does not cite ${page.document.number}`);
			assert.equal(page.document.cited_by_count, page.cited_by.length);
		}
});

test('a document lists the criteria that cite it, each linked to the criterion on the set\'s page', async () => {
	const d = ok(await anon.get(`${API}/legal-documents/qd-318-2022-ttg`));
	assert.equal(d.document.number, '318/QĐ-TTg');
	assert.equal(d.document.date, '2022-03-08');
	assert.equal(d.document.replaced_by, '51/2025/QĐ-TTg');
	assert.equal(d.document.replaced_by_slug, 'qd-51-2025-qd-ttg');
	assert.deepEqual(d.document.amended_by, [{ number: '211/QĐ-TTg', slug: 'qd-211-2024-ttg' }]);
	const set = d.cited_by.find((c) => c.kind === 'criteria_set' && c.id === 'ntm-xa-2021-2025');
	assert.ok(set, JSON.stringify(d.cited_by));
	assert.equal(set.whole, true);
	assert.equal(set.href, '/criteria-sets/ntm-xa-2021-2025');
	const doc = ok(await anon.get(`${API}/criteria-sets/ntm-xa-2021-2025`)).set;
	/* the criteria whose indicators name 318 as their source */
	const expected = doc.criteria.filter((c) => citedNumbers(c).has('318/QĐ-TTg')).map((c) => c.id);
	assert.ok(expected.length >= 10, expected.join());
	assert.deepEqual(set.items.map((i) => i.id), expected);
	const item = set.items[0];
	assert.equal(item.href, `/criteria-sets/ntm-xa-2021-2025#c-${item.id}`);
	const html = await anon.get(item.href.replace(/#.*/, ''));
	assert.equal(html.status, 200);
	const section = new RegExp(`<section class="crit" id="c-${item.id}">[\\s\\S]*?</section>`).exec(html.text);
	assert.ok(section, 'the criterion has its anchor');
	assert.match(section[0], /href="\/van-ban\/qd-318-2022-ttg"/);
});

test('each criterion of a set and each procedure links to its source document, and every link opens', async () => {
	const seen = new Set();
	for (const page of ['/criteria-sets/ntm-xa-2026-2030', '/criteria-sets/ntm-huyen-2021-2025',
		'/procedures/commune-revocation', '/procedures/ocop-product-2025']) {
		const r = await anon.get(page);
		assert.equal(r.status, 200, page);
		const links = [...r.text.matchAll(/href="(\/van-ban\/[a-z0-9-]+)"/g)].map((m) => m[1]);
		assert.ok(links.length > 0, `${page} links no legal document`);
		links.forEach((l) => seen.add(l));
	}
	/* every criterion of the 2026–2030 set: its own source, else the set's legal basis */
	const set = await anon.get('/criteria-sets/ntm-xa-2026-2030');
	const sections = [...set.text.matchAll(/<section class="crit"[\s\S]*?<\/section>/g)].map((m) => m[0]);
	assert.ok(sections.length >= 10);
	for (const s of sections)
		assert.match(s, /href="\/van-ban\/qd-51-2025-qd-ttg"/);
	const proc = ok(await anon.get(`${API}/procedures/commune-revocation`));
	assert.deepEqual(proc.legal_sources.whole.map((d) => d.number), ['18/2022/QĐ-TTg']);
	for (const link of seen) {
		const r = await anon.get(link);
		assert.equal(r.status, 200, link);
	}
});

test('anyone reads the library, searches it by number or title without diacritics', async () => {
	const page = await anon.get('/van-ban');
	assert.equal(page.status, 200);
	const main = mainOf(page.text);
	assert.match(main, /<h1>Văn bản pháp lý<\/h1>/);
	assert.match(main, /href="\/van-ban\/qd-148-2023-ttg"/);
	assert.doesNotMatch(main, /qd-148-2023-ttg<|recalled|not_known|criteria_set/, 'no slug, key or code is shown as text');
	const ocop = ok(await anon.get(`${API}/legal-documents?q=${encodeURIComponent('phan hang san pham')}`));
	assert.ok(ocop.items.some((d) => d.number === '148/QĐ-TTg'), JSON.stringify(ocop.items.map((d) => d.number)));
	assert.ok(!ocop.items.some((d) => d.number === '318/QĐ-TTg'));
	const byNumber = ok(await anon.get(`${API}/legal-documents?q=${encodeURIComponent('18/2022')}`));
	assert.deepEqual(byNumber.items.map((d) => d.number), ['18/2022/QĐ-TTg']);
	const none = await anon.get(`/van-ban?q=${encodeURIComponent('<script>khong-co</script>')}`);
	assert.equal(none.status, 200);
	assert.match(none.text, /Không có văn bản nào khớp/);
	assert.doesNotMatch(none.text, /<script>khong-co/);
	const one = await anon.get('/van-ban/qd-18-2022-qd-ttg');
	assert.equal(one.status, 200);
	assert.match(unescapeHtml(mainOf(one.text)), /Quyết định 18\/2022\/QĐ-TTg/);
	assert.match(one.text, /href="\/procedures\/commune-revocation"/);
	const missing = await anon.get(`${API}/legal-documents/khong-co`);
	assert.equal(missing.status, 404);
	assert.equal(missing.json.error.field, 'slug');
	assert.equal((await anon.get('/van-ban/khong-co')).status, 404);
	const home = await anon.get('/');
	assert.match(home.text, /<a href="\/van-ban">Văn bản<\/a>/, 'a visitor\'s navigation has the library');
	for (const href of ['/units/2025/VN/dashboard', '/maps', '/recognitions', '/van-ban', '/du-lieu-mo'])
		assert.ok(home.text.includes(`href="${href}"`), `the public portal links ${href}`);
});

test('a RECALLED fact is marked on the page, never shown as official', async () => {
	const library = ok(await anon.get(`${API}/legal-documents`)).items;
	const recalled = library.filter((d) => d.recalled.length > 0);
	assert.ok(recalled.length > 0);
	for (const d of recalled) {
		const r = await anon.get(`/van-ban/${d.slug}`);
		assert.equal(r.status, 200);
		assert.match(mainOf(r.text), /chưa kiểm chứng/, `${d.number}: its recalled ${d.recalled} is not marked`);
	}
	const verified = library.find((d) => d.number === '51/2025/QĐ-TTg');
	assert.deepEqual(verified.recalled, []);
	assert.equal(verified.verification, 'verified');
	const r = await anon.get(`/van-ban/${verified.slug}`);
	assert.doesNotMatch(mainOf(r.text), /chưa kiểm chứng/);
	const en = await anon.get(`/van-ban/${recalled[0].slug}`, { headers: { 'Accept-Language': 'en' } });
	assert.equal(en.status, 200);
});

test('ntm init loads the library once: a second run changes nothing', async () => {
	const count = () => Number(ntm.sql("SELECT count(*) FROM audit_log WHERE action = 'legal.load'").trim());
	assert.equal(count(), 1);
	const before = ok(await anon.get(`${API}/legal-documents`));
	const run = ntm.run(['init', '--db', ntm.dbPath]);
	assert.equal(run.code, 0, run.stderr);
	assert.equal(count(), 1);
	assert.equal(Number(ntm.sql('SELECT count(*) FROM legal_document').trim()), before.total);
	assert.deepEqual(ok(await anon.get(`${API}/legal-documents`)), before);
});
