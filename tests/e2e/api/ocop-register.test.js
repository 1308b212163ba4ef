'use strict';
/*
 * The public OCOP register and its statistics (issue 16, docs/OCOP.md
 * section 7), read with no account: only products whose newest
 * certificate is valid today are listed (the demo's expired one is not;
 * a certificate recorded here leaves the register the day after its last
 * valid day, seen through a second server whose today is moved with
 * NTM_TODAY); filters by province, stars and group; a search without
 * diacritics ranked like the unit search (the exact name first, before a
 * product with more stars); the statistics add up to the register's
 * total, with every province of 2025 and an SVG chart whose title and
 * table say the same; names are escaped; a product's photos are public
 * only while it is in the register.
 *
 * A revoked certificate leaves the register at once (the revocation bumps
 * the OCOP version token the register's copy follows).
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startDemo, Client } = require('../lib/accounts');
const { ok, okResponse, refused } = require('../lib/http');

const API = '/api/v1/ocop';
let ntm, anon, hanoi, htx, ids = {};

/* A product of the demo's Sóc Sơn cooperative by name (the producer's
 * list). */
async function sosonProduct(name) {
	const list = ok(await htx.get(`${API}/products?unit=2025:00376&limit=100`));
	const p = list.items.find((i) => i.name === name);
	assert.ok(p, `the demo product ${name}`);
	return p.id;
}

/* The day n days before today, as the API writes dates. */
const daysAgo = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);
const dayAfter = (d) => new Date(Date.parse(`${d}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);

async function record(id, body) {
	return ok(await hanoi.post(`${API}/products/${id}/certificates`, { json: body })).certificate;
}

before(async () => {
	ntm = await startDemo();
	anon = Client.anonymous(ntm.base);
	hanoi = await Client.login(ntm.base, 'hanoi');
	htx = await Client.login(ntm.base, 'htx');
	const producers = ok(await htx.get(`${API}/producers?unit=2025:00376`));
	const coop = producers.items.find((p) => p.name === 'Hợp tác xã Nông nghiệp Sóc Sơn');
	/* two new products of the cooperative: one named exactly "Mật ong",
	 * one with HTML in its name */
	for (const [key, name] of [['exact', 'Mật ong'], ['html', 'Nem <b>chua</b> Sóc Sơn']]) {
		const c = ok(await htx.post(`${API}/producers/${coop.id}/products`,
			{ json: { name, group: 1, description: 'Sản phẩm <i>thử</i>' } }));
		ids[key] = c.created.id;
	}
	ids.honey = await sosonProduct('Mật ong hoa nhãn Sóc Sơn');
	ids.chicken = await sosonProduct('Gà đồi Sóc Sơn');
	/* issued some months ago: valid today, whatever today is */
	await record(ids.exact, { number: '31/QĐ-UBND', level: 'province', stars: 3, issued_on: daysAgo(30) });
	await record(ids.html, { number: '32/QĐ-UBND', level: 'province', stars: 3, issued_on: daysAgo(30) });
	ids.honeyExpires = (await record(ids.honey,
		{ number: '12/QĐ-UBND', level: 'province', stars: 4, issued_on: daysAgo(200) })).expires_on;
	/* a photo of the honey (in the register) */
	const photo = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'ocop-photo.jpg'));
	const up = await fetch(`${ntm.base}${API}/products/${ids.honey}/photos?filename=mat-ong.jpg`, {
		method: 'POST', headers: htx.headers({ 'content-type': 'image/jpeg', 'x-csrf-token': htx.csrf }), body: photo });
	const upText = await up.text();
	assert.equal(up.status, 200, upText);
	ids.photo = JSON.parse(upText).created.id;
	const up2 = await fetch(`${ntm.base}${API}/products/${ids.chicken}/photos?filename=ga.jpg`, {
		method: 'POST', headers: htx.headers({ 'content-type': 'image/jpeg', 'x-csrf-token': htx.csrf }), body: photo });
	const up2Text = await up2.text();
	assert.equal(up2.status, 200, up2Text);
	ids.chickenPhoto = JSON.parse(up2Text).created.id;
});
after(() => ntm && ntm.stop());

const all = async (query = '') => ok(await anon.get(`${API}/register?limit=500${query}`));

test('only products holding a certificate valid today are listed, with no account', async () => {
	const r = await all();
	const names = r.items.map((i) => i.name);
	/* the demo's ten recorded certificates but its expired one, the two
	 * its first evaluation round certified, and ours */
	assert.equal(r.total, 14);
	assert.ok(names.includes('Chè xanh Minh Phú'), 'certified after a round');
	assert.ok(!names.includes('Chè đinh Minh Phú hộp quà'), 'waiting for the central round: no certificate yet');
	assert.ok(!names.includes('Bột chè xanh Minh Phú'), 'rated 2 stars: no certificate');
	assert.ok(names.includes('Sâm Ngọc Linh tươi'));
	assert.ok(!names.includes('Bộ ấm chén men lam Bát Tràng'), 'the expired demo certificate is not listed');
	assert.ok(!names.includes('Gà đồi Sóc Sơn'), 'never certified');
	for (const it of r.items) {
		assert.ok(['valid', 'expiring'].includes(it.certificate.status), it.name);
		assert.equal(it.certificate.verify_href, `/ocop/verify/${it.certificate.code}`);
	}
	const expiring = r.items.filter((i) => i.certificate.status === 'expiring').map((i) => i.name).sort();
	assert.deepEqual(expiring, ['Mật ong rừng Bà Nà', 'Nước mắm cá cơm Phú Quốc 40 độ đạm']);
	/* the page per product, public; one not in the register is 404 */
	const honey = ok(await anon.get(`${API}/register/${ids.honey}`));
	assert.equal(honey.certificate.number, '12/QĐ-UBND');
	assert.equal(honey.certificate.expires_on, ids.honeyExpires);
	assert.equal(honey.province, 'Hà Nội');
	assert.match(honey.band_note, /1048\/QĐ-TTg/, 'the stars carry the band note');
	refused(await anon.get(`${API}/register/${ids.chicken}`), 404, 'id', 'ocop.not_in_register');
	const expired = (await all('&q=bo am chen')).items;
	assert.equal(expired.length, 0);
});

test('a certificate leaves the register the day after its last valid day', async () => {
	const on = async (today) => {
		const saved = process.env.NTM_TODAY;
		process.env.NTM_TODAY = today;
		let s;
		try {
			s = await ntm.serve(ntm.dbPath);
		} finally {
			if (saved === undefined)
				delete process.env.NTM_TODAY;
			else
				process.env.NTM_TODAY = saved;
		}
		try {
			const list = await (await fetch(`${s.base}${API}/register?q=mat ong hoa nhan`)).json();
			const stats = await (await fetch(`${s.base}${API}/statistics`)).json();
			const page = await fetch(`${s.base}${API}/register/${ids.honey}`);
			return { list, stats, page: page.status };
		} finally { await s.stop(); }
	};
	const last = await on(ids.honeyExpires);
	assert.equal(last.list.total, 1);
	assert.equal(last.list.items[0].certificate.status, 'expiring');
	assert.equal(last.page, 200);
	const after = await on(dayAfter(ids.honeyExpires));
	assert.equal(after.list.total, 0);
	assert.equal(after.page, 404);
	assert.equal(after.stats.total, last.stats.total - 1, 'the statistics follow the same day');
});

test('a revoked certificate leaves the register at once, its page and figures too', async () => {
	const id = await sosonProduct('Rượu nếp cái hoa vàng');
	const cert = await record(id, { number: '33/QĐ-UBND', level: 'province', stars: 3, issued_on: daysAgo(60) });
	const before = ok(await anon.get(`${API}/statistics`)).total;
	assert.equal((await all('&q=ruou nep')).total, 1);
	ok(await anon.get(`${API}/register/${id}`));
	ok(await hanoi.post(`${API}/products/${id}/certificates/${cert.code}/revoke`,
		{ json: { reason: 'Sản phẩm không còn đáp ứng tiêu chuẩn đã công bố' } }));
	assert.equal((await all('&q=ruou nep')).total, 0);
	refused(await anon.get(`${API}/register/${id}`), 404, 'id', 'ocop.not_in_register');
	assert.equal(ok(await anon.get(`${API}/statistics`)).total, before - 1);
});

test('filters: a 2025 province, stars, group', async () => {
	const dn = await all('&province=48');
	assert.deepEqual(dn.items.map((i) => i.name).sort(), ['Bánh tráng nướng Túy Loan', 'Mật ong rừng Bà Nà']);
	assert.equal((await all('&province=2025:48')).total, 2, 'the form of the unit pickers too');
	assert.equal((await all('&province=04')).total, 0, 'a province with none');
	const five = await all('&stars=5');
	assert.deepEqual(five.items.map((i) => [i.name, i.certificate.level]), [['Sâm Ngọc Linh tươi', 'central']]);
	const drinks = await all('&group=2');
	assert.ok(drinks.total >= 3);
	assert.ok(drinks.items.every((i) => i.group === 2 && /^Chè/.test(i.name)));
	const hn4 = await all('&province=01&stars=4');
	assert.deepEqual(hn4.items.map((i) => i.name).sort(),
		['Bình hút lộc men rạn Bát Tràng', 'Chè xanh Minh Phú', 'Mật ong hoa nhãn Sóc Sơn']);
	refused(await anon.get(`${API}/register?stars=9`), 422, 'stars');
	/* paging */
	const p1 = ok(await anon.get(`${API}/register?limit=5`));
	const p2 = ok(await anon.get(`${API}/register?limit=5&offset=5`));
	assert.equal(p1.items.length, 5);
	assert.equal(p2.total, p1.total);
	assert.equal(new Set([...p1.items, ...p2.items].map((i) => i.id)).size, 10);
});

test('search without diacritics, ranked: the exact name first, then prefixes by stars, then later words', async () => {
	const r = await all('&q=mat ong');
	assert.deepEqual(r.items.map((i) => i.name),
		['Mật ong', 'Mật ong hoa nhãn Sóc Sơn', 'Mật ong rừng Bà Nà']);
	/* a later word of the name; the producer's name; words anywhere */
	assert.deepEqual((await all('&q=tuyet')).items.map((i) => i.name), ['Chè Shan tuyết Bản Liền']);
	assert.deepEqual((await all('&q=hung thinh')).items.map((i) => i.name), ['Nước mắm cá cơm Phú Quốc 40 độ đạm']);
	assert.deepEqual((await all('&q=che thai nguyen')).items.map((i) => i.name).sort(),
		['Chè búp Tân Cương', 'Chè móc câu đặc biệt Tân Cương']);
	assert.equal((await all('&q=CHÈ BÚP')).items[0].name, 'Chè búp Tân Cương', 'case and marks do not matter');
	assert.equal((await all('&q=zzz')).total, 0);
});

test('the statistics add up to the register\'s total; every 2025 province, zeros shown', async () => {
	const reg = await all();
	const s = ok(await anon.get(`${API}/statistics`));
	assert.equal(s.total, reg.total);
	assert.equal(s.by_province.length, 34);
	assert.ok(s.by_province.some((p) => p.count === 0));
	const sum = (a) => a.reduce((n, x) => n + x.count, 0);
	assert.equal(sum(s.by_province) + s.unplaced, s.total);
	assert.equal(sum(s.by_stars), s.total);
	assert.equal(sum(s.by_group), s.total);
	assert.deepEqual(s.by_stars.map((x) => x.stars), [5, 4, 3]);
	assert.equal(s.by_group.length, 6);
	const hn = s.by_province.find((p) => p.code === '01');
	assert.equal(hn.count, (await all('&province=01')).total);
});

test('the statistics page: SVG charts with their titles, and the same numbers in tables', async () => {
	const page = okResponse(await anon.get('/ocop/statistics')).text;
	for (const id of ['chart-province', 'chart-stars', 'chart-group']) {
		assert.match(page, new RegExp(`<svg [^>]*role="img" aria-labelledby="${id}"`));
		assert.match(page, new RegExp(`<title id="${id}">[^<]+</title>`));
	}
	assert.match(page, /Nguồn: hồ sơ trên nền tảng này/);
	const s = ok(await anon.get(`${API}/statistics`));
	const table = page.slice(page.indexOf('id="table-province"'));
	for (const p of s.by_province)
		assert.match(table, new RegExp(`<tr><td>${p.name}</td><td class="num">${p.count}</td></tr>`));
	assert.match(page, new RegExp(`id="stats-total">${s.total}<`));
	assert.doesNotMatch(page, /<script/);
});

test('names are escaped on the pages; no machine words shown', async () => {
	const list = okResponse(await anon.get('/ocop/register?q=nem+chua')).text;
	assert.match(list, /Nem &lt;b&gt;chua&lt;\/b&gt; Sóc Sơn/);
	assert.doesNotMatch(list, /<b>chua/);
	const page = okResponse(await anon.get(`/ocop/register/${ids.html}`)).text;
	assert.match(page, /<h1>Nem &lt;b&gt;chua&lt;\/b&gt; Sóc Sơn<\/h1>/);
	assert.match(page, /Sản phẩm &lt;i&gt;thử&lt;\/i&gt;/);
	assert.match(page, /href="\/ocop\/verify\/01-32-QD-UBND"/);
	const main = page.slice(page.indexOf('<main'));
	assert.doesNotMatch(main.replace(/<[^>]+>/g, ' '), /\b(province|central|expiring|valid)\b/);
});

test('a product\'s thumbnails are public while it is in the register, not otherwise', async () => {
	const honey = ok(await anon.get(`${API}/register/${ids.honey}`));
	assert.equal(honey.photos.length, 1);
	const thumb = await fetch(`${ntm.base}${honey.photos[0].thumb_href}`);
	assert.equal(thumb.status, 200);
	assert.equal(thumb.headers.get('content-type'), 'image/png');
	const hidden = await fetch(`${ntm.base}/ocop/register/${ids.chicken}/photos/${ids.chickenPhoto}/thumb`);
	assert.equal(hidden.status, 404);
	/* a photo of another product through a listed one */
	const other = await fetch(`${ntm.base}/ocop/register/${ids.honey}/photos/${ids.chickenPhoto}/thumb`);
	assert.equal(other.status, 404);
});
