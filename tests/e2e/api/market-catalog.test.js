'use strict';
/*
 * The marketplace's public catalog (issue 17, docs/MARKET.md section 4),
 * read with no account: a buyer finds a listed product by typing without
 * diacritics ("mat ong" finds "Mật ong"), a name match before a
 * description match; the filters (province, group, stars as a minimum),
 * totals and paging; every bad parameter named at once (422); the product
 * page with what search engines and chat apps read (Open Graph, the
 * schema.org Product JSON-LD), the link to the certificate's verification
 * page, the stock, the add-to-cart form, a listing's HTML escaped; the
 * sitemap lists the listing's canonical address; a listing whose
 * certificate is revoked leaves the catalog at once, one whose
 * certificate expired leaves it the day after its last valid day (a
 * second server whose today is moved with NTM_TODAY).
 *
 * Each product's name carries a word of its own (tag), so the demo's
 * listings never change what a search here finds.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { startDemo, Client, uniqueName } = require('../lib/accounts');
const { ok, okResponse, refused } = require('../lib/http');
const { listedProduct } = require('../lib/market');

const API = '/api/v1/market';
let ntm, anon, tag, honey, tea, html;

const search = async (query) => ok(await anon.get(`${API}/search?${query}`));
const dayAfter = (d) => new Date(Date.parse(`${d}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);

/* The head's <meta property=...> and <meta name=...> values. */
function metas(page) {
	const out = {};
	for (const m of page.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)">/g))
		out[m[1]] = m[2];
	return out;
}

function jsonLd(page) {
	const m = page.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/);
	assert.ok(m, 'the page carries JSON-LD');
	return JSON.parse(m[1]);
}

before(async () => {
	ntm = await startDemo();
	anon = Client.anonymous(ntm.base);
	tag = uniqueName('cho');
	/* the name starts with the words searched */
	honey = await listedProduct(ntm.base, { name: `Mật ong ${tag}`, price: 120000, stock: 12,
		unitName: 'hộp', variant: 'Hộp 500 g', description: 'Mật ong rừng nguyên chất', stars: 3 });
	/* the words only in the description, and more stars (a province's
	 * certificate: 3 or 4) */
	tea = await listedProduct(ntm.base, { name: `Chè ${tag}`, price: 80000, stock: 5,
		unitName: 'gói', variant: 'Gói 200 g', description: 'Pha cùng mật ong hoa nhãn', stars: 4 });
	/* HTML in a listing's texts */
	html = await listedProduct(ntm.base, { name: `Bánh </script><b>${tag}</b>`, price: 50000,
		stock: 0, unitName: 'hộp', variant: '<i>Hộp</i>',
		description: '<img src=x onerror=alert(1)> ngon', stars: 3 });
});
after(() => ntm && ntm.stop());

test('a search without diacritics finds the product; a name match ranks before a description match', async () => {
	const r = await search(`q=${encodeURIComponent(`mat ong ${tag}`)}`);
	assert.deepEqual(r.items.map((i) => i.id), [honey.listingId, tea.listingId]);
	assert.equal(r.total, 2);
	const withMarks = await search(`q=${encodeURIComponent(`MẬT ONG ${tag}`)}`);
	assert.deepEqual(withMarks.items.map((i) => i.id), [honey.listingId, tea.listingId],
		'case and diacritics do not matter');
	const it = r.items[0];
	assert.equal(it.name, `Mật ong ${tag}`);
	assert.equal(it.variant, 'Hộp 500 g');
	assert.equal(it.unit, 'hộp');
	assert.equal(it.price_vnd, 120000);
	assert.equal(it.price_text, '120.000\u00a0₫');
	assert.equal(it.stars, 3);
	assert.equal(it.group, 1);
	assert.ok(it.group_name.length > 0);
	assert.equal(it.province, 'Hà Nội');
	assert.equal(it.province_code, '01');
	assert.ok(it.commune.length > 0 && it.producer.length > 0);
	assert.equal(it.stock, 12);
	assert.equal(it.in_stock, true);
	assert.match(it.href, new RegExp(`^/cho/san-pham/${honey.listingId}-mat-ong-${tag}-hop-500-g$`));
	assert.equal(it.certificate.verify_href, `/ocop/verify/${honey.certificateCode}`);
	/* the sold-out one is still shown, marked so */
	const sold = await search(`q=banh+${tag}`);
	assert.equal(sold.total, 1);
	assert.equal(sold.items[0].in_stock, false);
	assert.equal((await search('q=zzzqqq')).total, 0);
});

test('filters, totals and paging', async () => {
	const q = `q=${tag}`;
	assert.equal((await search(q)).total, 3);
	assert.equal((await search(`${q}&province=01`)).total, 3);
	assert.equal((await search(`${q}&province=2025:01`)).total, 3, 'the form of the unit pickers too');
	assert.equal((await search(`${q}&province=48`)).total, 0);
	assert.equal((await search(`${q}&group=1`)).total, 3);
	assert.equal((await search(`${q}&group=2`)).total, 0);
	/* stars is a minimum */
	assert.deepEqual((await search(`${q}&stars=4`)).items.map((i) => i.id), [tea.listingId]);
	assert.equal((await search(`${q}&stars=3`)).total, 3);
	assert.equal((await search(`${q}&stars=5`)).total, 0);
	const pages = [];
	for (let offset = 0; offset < 3; offset++) {
		const p = await search(`${q}&limit=1&offset=${offset}`);
		assert.equal(p.total, 3);
		assert.equal(p.items.length, 1);
		pages.push(p.items[0].id);
	}
	assert.equal(new Set(pages).size, 3);
	assert.equal((await search(`${q}&offset=3`)).items.length, 0);
	/* the catalog's page shows the same, without JavaScript */
	const page = okResponse(await anon.get(`/cho?q=${encodeURIComponent(`mat ong ${tag}`)}`)).text;
	assert.ok(page.indexOf(`/cho/san-pham/${honey.listingId}-`) < page.indexOf(`/cho/san-pham/${tea.listingId}-`));
	assert.match(page, /120\.000\u00a0₫/);
	const none = okResponse(await anon.get('/cho?q=zzzqqq')).text;
	assert.match(none, /id="mkt-none"/);
	assert.match(none, /Không tìm thấy sản phẩm nào/);
});

test('bad parameters: 422 naming every one at once', async () => {
	const r = await anon.get(`${API}/search?province=99&group=9&stars=0&limit=101&offset=-1`);
	const e = refused(r, 422);
	const fields = r.json.error.problems.map((p) => p.field).sort();
	assert.deepEqual(fields, ['group', 'limit', 'offset', 'province', 'stars']);
	assert.ok(e.message.length > 0);
	refused(await anon.get(`${API}/search?stars=abc`), 422, 'stars');
	refused(await anon.get(`${API}/search?limit=0`), 422, 'limit');
	assert.equal((await anon.get('/cho?group=7')).status, 422);
});

test('the product page: canonical address, Open Graph, JSON-LD, the verification link, stock and the cart form', async () => {
	const short = await anon.get(`/cho/san-pham/${honey.listingId}`);
	assert.equal(short.status, 303);
	const canonical = short.headers.get('location');
	assert.match(canonical, new RegExp(`^/cho/san-pham/${honey.listingId}-mat-ong-`));
	assert.equal((await anon.get(`/cho/san-pham/${honey.listingId}-wrong-slug`)).headers.get('location'),
		canonical, 'any slug goes to the canonical one');
	const page = okResponse(await anon.get(canonical)).text;
	const m = metas(page);
	const abs = `${ntm.base}${canonical}`;
	assert.equal(m['og:type'], 'product');
	assert.equal(m['og:url'], abs);
	assert.match(m['og:title'], new RegExp(`Mật ong ${tag}`));
	assert.equal(m['og:description'], 'Mật ong rừng nguyên chất');
	assert.equal(m.description, 'Mật ong rừng nguyên chất');
	assert.match(m['og:image'], /^https?:\/\//, 'an absolute image address');
	assert.ok(page.includes(`<link rel="canonical" href="${abs}">`));
	assert.match(page, new RegExp(`<title>Mật ong ${tag}`));
	const ld = jsonLd(page);
	assert.equal(ld['@type'], 'Product');
	assert.equal(ld.name, `Mật ong ${tag}`);
	assert.equal(ld.offers.price, '120000');
	assert.equal(ld.offers.priceCurrency, 'VND');
	assert.equal(ld.offers.availability, 'https://schema.org/InStock');
	assert.equal(ld.offers.url, abs);
	assert.ok(ld.brand.name.length > 0);
	assert.ok(Array.isArray(ld.image) && /^https?:\/\//.test(ld.image[0]));
	assert.equal(ld.aggregateRating, undefined, 'no rating before a review');
	assert.ok(page.includes(`href="/ocop/verify/${honey.certificateCode}"`), 'the verification link');
	assert.match(page, /120\.000\u00a0₫/);
	assert.match(page, /Còn 12 hộp/);
	assert.match(page, /<form class="mkt-cart" method="post" action="\/cho\/gio-hang">/);
	assert.ok(page.includes(`name="listing_id" value="${honey.listingId}"`));
	assert.match(page, /name="quantity"/);
	assert.match(page, /30\.000\u00a0₫/, 'the shipping summary from the producer\'s rule');
	/* the public JSON of the same listing */
	const j = ok(await anon.get(`${API}/listings/${honey.listingId}`));
	assert.equal(j.price_vnd, 120000);
	assert.equal(j.stock, 12);
	assert.equal(j.shipping.length, 1);
	assert.equal(j.shop.cod, true);
	refused(await anon.get(`${API}/listings/999999999`), 404, 'id', 'market.no_listing');
	assert.equal((await anon.get('/cho/san-pham/999999999')).status, 404);
});

test('a listing\'s HTML is escaped in the page and cannot leave the JSON-LD', async () => {
	const j = ok(await anon.get(`${API}/listings/${html.listingId}`));
	const page = okResponse(await anon.get(j.href)).text;
	const main = page.slice(page.indexOf('<main'));
	assert.ok(!main.includes('<b>'), 'no tag from the name');
	assert.ok(!page.includes('<img src=x'), 'no tag from the description');
	assert.ok(!main.includes('<i>Hộp'), 'no tag from the variant');
	assert.match(main, /&lt;b&gt;/);
	/* one </script> only: the JSON-LD's own end */
	const head = page.slice(0, page.indexOf('</head>'));
	assert.equal(head.split('</script>').length - 1, 1);
	const ld = jsonLd(page);
	assert.equal(ld.name, `Bánh </script><b>${tag}</b>`, 'the name intact once parsed');
	assert.equal(ld.offers.availability, 'https://schema.org/OutOfStock');
	assert.match(page, /Hết hàng/);
	assert.ok(!page.includes('action="/cho/gio-hang"'), 'nothing to add when sold out');
});

test('sitemap.xml lists the catalog and the listing\'s canonical page, as valid XML; robots.txt points to it', async () => {
	const r = okResponse(await anon.get('/sitemap.xml'));
	assert.match(r.headers.get('content-type'), /xml/);
	const xml = r.text;
	assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
	const j = ok(await anon.get(`${API}/listings/${honey.listingId}`));
	assert.ok(xml.includes(`<loc>${ntm.base}${j.href}</loc><lastmod>`), 'the listing, canonical');
	assert.ok(xml.includes(`<loc>${ntm.base}/cho</loc>`));
	assert.ok(xml.includes(`<loc>${ntm.base}/cho?province=01</loc>`));
	assert.ok(xml.trimEnd().endsWith('</urlset>'));
	/* well formed: every <url> closed, no bare & */
	assert.equal(xml.split('<url>').length, xml.split('</url>').length);
	assert.ok(!/&(?!amp;|lt;|gt;|quot;|apos;)/.test(xml));
	try {
		execFileSync('xmllint', ['--noout', '-'], { input: xml, stdio: ['pipe', 'ignore', 'pipe'] });
	} catch (e) {
		if (e.code !== 'ENOENT')
			throw new Error(`xmllint: ${e.stderr}`);
	}
	const robots = okResponse(await anon.get('/robots.txt')).text;
	assert.ok(robots.includes(`Sitemap: ${ntm.base}/sitemap.xml`));
});

test('a revoked certificate takes the listing out of the catalog at once: search, page, JSON, sitemap', async () => {
	const t2 = uniqueName('rv');
	const p = await listedProduct(ntm.base, { name: `Mật ong ${t2}` });
	assert.equal((await search(`q=${t2}`)).total, 1);
	const href = ok(await anon.get(`${API}/listings/${p.listingId}`)).href;
	okResponse(await anon.get(href));
	ok(await p.officer.post(`/api/v1/ocop/products/${p.productId}/certificates/${p.certificateCode}/revoke`,
		{ json: { reason: 'Sản phẩm không còn đáp ứng tiêu chuẩn đã công bố' } }));
	assert.equal((await search(`q=${t2}`)).total, 0);
	refused(await anon.get(`${API}/listings/${p.listingId}`), 404, 'id', 'market.not_sold');
	const page = await anon.get(href);
	assert.equal(page.status, 404);
	assert.match(page.text, /không còn được bán/);
	assert.ok(!(await anon.get('/sitemap.xml')).text.includes(href));
	assert.ok(!(await anon.get(`/cho?q=${t2}`)).text.includes(href), 'the cached catalog page follows');
});

test('an expired certificate hides the listing the day after its last valid day', async () => {
	const j = ok(await anon.get(`${API}/listings/${honey.listingId}`));
	const last = j.certificate.expires_on;
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
			const list = await (await fetch(`${s.base}${API}/search?q=${tag}`)).json();
			const page = await fetch(`${s.base}${j.href}`, { redirect: 'manual' });
			const api = await fetch(`${s.base}${API}/listings/${honey.listingId}`);
			return { ids: list.items.map((i) => i.id), page: page.status, api: api.status };
		} finally { await s.stop(); }
	};
	const lastDay = await on(last);
	assert.ok(lastDay.ids.includes(honey.listingId));
	assert.equal(lastDay.page, 200);
	const after = await on(dayAfter(last));
	assert.ok(!after.ids.includes(honey.listingId));
	assert.equal(after.page, 404);
	assert.equal(after.api, 404);
});
