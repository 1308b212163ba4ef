'use strict';
/* The home of each demo role (GET /api/v1/home): what waits for them, each
 * item a link with a count, the criteria status of their unit, and a
 * navigation of what they may do; the citizens' list of surveys (/s)
 * without a login; sign-in lands on /home.  Each fails on the code before
 * issue 14 (no /home, no /s, login went to /me). */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client, DEMO_PASSWORD, request } = require('../lib/accounts');
const { badInputs } = require('../lib/ntm');

let ntm;
const homes = {};

before(async () => {
	ntm = await startDemo();
	for (const u of ['socson', 'hanoi', 'huyen', 'thamdinh', 'htx', 'thon1', 'admin']) {
		const c = await Client.login(ntm.base, u);
		const r = await c.get('/api/v1/home');
		assert.equal(r.status, 200, `${u}: ${r.text}`);
		homes[u] = r.json;
	}
});

after(async () => { if (ntm) await ntm.stop(); });

const kinds = (h) => Object.fromEntries(h.items.map((i) => [i.kind, i]));
/* Role keys, unit codes ("2025:00376", "00376"), field paths: never in a label. */
const INTERNAL = /\b(commune_officer|province_officer|village_officer|appraiser|producer|admin|coordinator)\b|\b\d{4}:\w+|\b\d{5}\b|answers\.|values\./;

function visibleTexts(h) {
	const out = [];
	for (const i of h.items) {
		out.push(i.label);
		for (const e of i.entries) out.push(e.label, e.detail || '');
	}
	for (const g of h.glance) out.push(g.unit_name, g.label, g.set_name);
	for (const r of h.user.roles) out.push(r.role_name, r.unit_name);
	return out;
}

test('every item is a link with a count, and no label carries an internal identifier', () => {
	for (const [u, h] of Object.entries(homes)) {
		for (const i of h.items) {
			assert.ok(i.count > 0, `${u}: ${i.kind} count`);
			assert.match(i.href, /^\/[a-z]/, `${u}: ${i.kind} href`);
			for (const e of i.entries) assert.match(e.href, /^\/[a-z]/);
		}
		for (const t of visibleTexts(h))
			assert.doesNotMatch(t, INTERNAL, `${u}: "${t}"`);
		assert.equal(h.total, h.items.reduce((s, i) => s + i.count, 0));
	}
});

test('socson (commune officer): the open campaign of Sóc Sơn and its criteria status', () => {
	const k = kinds(homes.socson);
	assert.ok(k['surveys.open_campaigns'], JSON.stringify(homes.socson.items));
	assert.equal(k['surveys.open_campaigns'].entries[0].href, '/campaigns/1');
	assert.match(k['surveys.open_campaigns'].entries[0].detail, /31\/12\/\d{4}/);
	const g = homes.socson.glance;
	assert.equal(g.length, 1);
	assert.equal(g[0].unit_name, 'Xã Sóc Sơn');
	assert.ok(g[0].total > 0 && g[0].met <= g[0].total);
	assert.match(g[0].href, /^\/units\/2025\/00376\/evaluation\/ntm-xa-2026-2030\/\d{4}$/);
	assert.equal(homes.socson.user.roles[0].role_name, 'Cán bộ xã');
	/* the demo's OCOP product waiting for the commune's check */
	assert.equal(k['ocop.to_check'].href, '/ocop/products?state=business_plan');
	assert.equal(k['ocop.to_check'].entries[0].label, 'Gà đồi Sóc Sơn');
});

test('hanoi (province officer): the Sóc Sơn dossier at the province step, communes incomplete, the roll-up at a glance', () => {
	const k = kinds(homes.hanoi);
	assert.equal(k['dossiers.at_step'].count, 1);
	assert.equal(k['dossiers.at_step'].entries[0].href, '/dossiers/1');
	assert.match(k['dossiers.at_step'].entries[0].label, /^Xã Sóc Sơn · /);
	assert.ok(k['criteria.incomplete_years'].count > 0);
	assert.match(k['criteria.incomplete_years'].href, /^\/units\/2025\/01\/rollup\//);
	assert.equal(homes.hanoi.glance[0].unit_name, 'Thành phố Hà Nội');
});

test('appraisers: thamdinh (province) has the Sóc Sơn dossier and the status, not the values to enter; huyen (old district) has no dossier but its district at a glance', () => {
	assert.equal(kinds(homes.thamdinh)['dossiers.at_step'].entries[0].href, '/dossiers/1');
	assert.equal(kinds(homes.thamdinh)['criteria.incomplete_years'], undefined, 'appraisers do not enter values');
	assert.equal(homes.thamdinh.glance[0].unit_name, 'Thành phố Hà Nội');
	assert.equal(kinds(homes.huyen)['dossiers.at_step'], undefined);
	assert.match(homes.huyen.glance[0].unit_name, /^Huyện Sóc Sơn/);
	assert.match(homes.huyen.glance[0].href, /^\/units\/pre2025\/016\/rollup\/ntm-xa-2021-2025\/2025$/);
});

test('thon1 (village team) enters the paper forms of its commune\'s campaign; htx (producer) has its returned OCOP product', () => {
	const k = kinds(homes.thon1);
	assert.equal(k['surveys.open_campaigns'].entries[0].href, '/campaigns/1/entry');
	/* the demo's OCOP product the commune returned (src/cli/demo_ocop.c) */
	assert.deepEqual(homes.htx.items.map((i) => i.kind), ['ocop.returned']);
	assert.equal(homes.htx.items[0].entries[0].label, 'Trà hoa cúc Sóc Sơn');
	assert.deepEqual(homes.htx.glance, []);
});

test('admin: the overdue Bà Nà dossier below, the country at a glance', () => {
	const k = kinds(homes.admin);
	assert.equal(k['dossiers.overdue_below'].entries[0].href, '/dossiers/3');
	assert.equal(homes.admin.glance[0].unit_name, 'Cả nước');
});

test('the navigation offers each role what its routes admit, and nothing else', () => {
	const hrefs = (u) => homes[u].nav.map((n) => n.href);
	assert.deepEqual(hrefs('socson'), ['/home', '/units/2025/VN', '/reports', '/dossiers', '/surveys', '/users', '/ocop/products', '/trao-doi']);
	assert.deepEqual(hrefs('htx'), ['/home', '/units/2025/VN', '/recognitions', '/s', '/ocop/products', '/cua-hang']);
	assert.deepEqual(hrefs('thamdinh'), ['/home', '/units/2025/VN', '/dossiers', '/s']);
	for (const u of Object.keys(homes))
		for (const href of hrefs(u))
			assert.ok(href, u);
});

test('a visitor\'s navigation leads to the OCOP market; an official\'s header has no room for it', async () => {
	const anon = await request(ntm.base, 'GET', '/s');
	assert.equal(anon.status, 200);
	const nav = anon.text.match(/<nav class="main-nav"[\s\S]*?<\/nav>/)[0];
	assert.match(nav, /<a href="\/cho">Chợ OCOP<\/a>/);
	for (const u of Object.keys(homes))
		assert.ok(!homes[u].nav.some((n) => n.href === '/cho'), u);
});

test('/home needs a login; a form login lands on /home, not on the account page', async () => {
	const anon = await request(ntm.base, 'GET', '/api/v1/home');
	assert.equal(anon.status, 401);
	const r = await request(ntm.base, 'POST', '/login', { form: { username: 'socson', password: DEMO_PASSWORD } });
	assert.equal(r.status, 303);
	assert.equal(r.headers.get('location'), '/home');
});

test('citizens: /s lists open surveys and published results without a login, nationwide and by place name', async () => {
	const all = await request(ntm.base, 'GET', '/api/v1/s');
	assert.equal(all.status, 200);
	assert.ok(all.json.open.some((c) => c.href === '/s/1'));
	assert.ok(all.json.results.length >= 1);
	const bySoc = await request(ntm.base, 'GET', `/api/v1/s?q=${encodeURIComponent('soc son')}`);
	assert.equal(bySoc.json.unit.name, 'Xã Sóc Sơn');
	assert.equal(bySoc.json.open[0].href, '/s/1');
	const page = await request(ntm.base, 'GET', '/s?q=soc+son');
	assert.equal(page.status, 200);
	assert.match(page.text, /href="\/s\/1"/);
	const home = await request(ntm.base, 'GET', '/');
	assert.match(home.text, /href="\/s"/, 'the home page links the public list');
	assert.doesNotMatch(home.text, /href="\/surveys"/);
	const none = await request(ntm.base, 'GET', '/api/v1/s?q=zzqqxx');
	assert.equal(none.status, 200);
	assert.equal(none.json.unit, null);
	const bad = await request(ntm.base, 'GET', '/api/v1/s?unit=2025:99999');
	assert.equal(bad.status, 404);
	assert.equal(bad.json.error.field, 'unit');
});

test('bad inputs in the place search: a 2xx or a 4xx naming the field, never a 5xx', async () => {
	const cat = badInputs();
	const values = Object.entries(cat).filter(([k, v]) => k !== 'about' && Array.isArray(v)).flatMap(([, v]) => v)
		.filter((v) => typeof v === 'string').slice(0, 80);
	for (const v of values) {
		for (const name of ['q', 'unit']) {
			const r = await request(ntm.base, 'GET', `/api/v1/s?${name}=${encodeURIComponent(v)}`);
			assert.ok(r.status < 500, `${name}=${JSON.stringify(v)}: ${r.status}`);
			if (r.status >= 400)
				assert.equal(r.json.error.field, name, `${name}=${JSON.stringify(v)}`);
		}
	}
	const page = await request(ntm.base, 'GET', `/s?q=${encodeURIComponent('<script>alert(1)</script>')}`);
	assert.equal(page.status, 200);
	assert.ok(!page.text.includes('<script>alert(1)'), 'the typed place is escaped on the page');
});

test('the public form: no note to officials for citizens; every problem at once, in plain words', async () => {
	const anon = await request(ntm.base, 'GET', '/s/1');
	assert.doesNotMatch(anon.text, /Mẫu bảng hỏi để sao chép/);
	const socson = await Client.login(ntm.base, 'socson');
	const official = await socson.get('/s/1');
	assert.match(official.text, /Mẫu bảng hỏi để sao chép/);
	const r = await request(ntm.base, 'POST', '/s/1', { form: { 'a.giao_thong': '4' } });
	assert.equal(r.status, 422);
	const summary = r.text.match(/<div class="error error-summary"[\s\S]*?<\/div>/);
	assert.ok(summary, 'a summary at the top');
	const links = summary[0].match(/<li>/g) || [];
	assert.ok(links.length >= 10, `${links.length} problems listed`);
	assert.match(summary[0], /href="#code"/);
	assert.match(summary[0], /href="#q-thuy_loi"/);
	assert.doesNotMatch(r.text, /answers\.\w/);
	assert.ok((r.text.match(/class="q has-error"/g) || []).length >= 10, 'marked next to each question');
	assert.match(r.text, /value="4" checked/, 'what was chosen is kept');
});
