'use strict';
/* The HTML pages served without /api/v1: what they show, and that hostile
 * input comes back escaped. */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { startNtm, get, badInputs, mainOf, unescapeHtml } = require('../lib/ntm');

let ntm;
before(async () => { ntm = await startNtm(); });
after(async () => { if (ntm) await ntm.stop(); });

async function page(p, status = 200, headers = {}) {
	const r = await get(ntm.base, p, { headers });
	assert.equal(r.status, status, `${p} -> ${r.status}`);
	assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
	return r.text;
}

/* The text of the first element matching tag[.class], tags stripped. */
function textOf(html, re) {
	const m = re.exec(html);
	return m ? unescapeHtml(m[1].replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim() : null;
}

/* The section after an <h2> whose text starts with heading, up to the next <h2>. */
function section(html, heading) {
	const i = html.indexOf(`<h2>${heading}`);
	if (i < 0)
		return null;
	const j = html.indexOf('<h2>', i + 4);
	return html.slice(i, j < 0 ? undefined : j);
}

const links = (html) => [...html.matchAll(/<a href="([^"]+)">([^<]*)<\/a>/g)]
	.map((m) => ({ href: unescapeHtml(m[1]), text: unescapeHtml(m[2]) }));

describe('home page', () => {
	test('the home page shows the national counts of both structures', async () => {
		const main = mainOf(await page('/'));
		/* counts the Vietnamese way: thousands grouped with a dot */
		for (const [n, what] of [['34', 'tỉnh, thành phố'], ['3.321', 'xã, phường, đặc khu'],
		    ['63', 'tỉnh, thành phố'], ['696', 'huyện, quận, thị xã'], ['10.035', 'xã, phường, thị trấn']])
			assert.match(main, new RegExp(`<strong>${n.replace('.', '\\.')}</strong> ${what}`), `${n} ${what}`);
		assert.match(main, /href="\/units\/2025\/VN"/);
		assert.match(main, /href="\/units\/pre2025\/VN"/);
	});

	test('every page has one search form (GET /units, field q) and the stylesheet', async () => {
		const html = await page('/');
		assert.match(html, /<form class="wrap search" action="\/units" method="get" role="search">/);
		assert.match(html, /<input id="q" name="q" type="search"/);
		assert.match(html, /<label for="q"/);
		assert.match(html, /<link rel="stylesheet" href="\/static\/style.css">/);
		assert.doesNotMatch(html, /<script/i, 'no JavaScript is needed');
	});
});

describe('unit pages', () => {
	test('Đà Nẵng 2025/48 shows its h1, title, breadcrumb and facts', async () => {
		const html = await page('/units/2025/48');
		assert.equal(textOf(html, /<h1>([\s\S]*?)<\/h1>/), 'Thành phố Đà Nẵng');
		assert.match(html, /<title>Thành phố Đà Nẵng · /);
		const crumbs = /<nav class="crumbs" aria-label="breadcrumb">([\s\S]*?)<\/nav>/.exec(html)[1];
		assert.deepEqual(links(crumbs), [{ href: '/units/2025/VN', text: 'Việt Nam' }]);
		assert.match(crumbs, /<span>Đà Nẵng<\/span>/);
		assert.match(html, /<dd><code>48<\/code><\/dd>/);
		assert.match(html, /Duyên hải Nam Trung Bộ/);
	});

	test('Đà Nẵng 2025/48 lists its 94 communes in the children table, each linked', async () => {
		const html = await page('/units/2025/48');
		const sec = section(html, 'Đơn vị trực thuộc');
		assert.ok(sec, 'a "Đơn vị trực thuộc" section');
		assert.match(sec, /<h2>Đơn vị trực thuộc: 94 /);
		const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(sec);
		assert.ok(tbody, 'a table body');
		const rows = tbody[1].match(/<tr>/g) || [];
		assert.equal(rows.length, 94);
		const hrefs = links(tbody[1]).map((l) => l.href);
		assert.equal(hrefs.length, 94);
		assert.ok(hrefs.every((h) => /^\/units\/2025\/\d{5}$/.test(h)));
	});

	test('Đà Nẵng 2025/48 shows it was formed from the old Đà Nẵng and Quảng Nam, linked', async () => {
		const sec = section(await page('/units/2025/48'), 'Hình thành từ');
		assert.ok(sec, 'a "Hình thành từ" (predecessors) section');
		const l = links(sec);
		assert.ok(l.some((x) => x.href === '/units/pre2025/48' && x.text === 'Thành phố Đà Nẵng'));
		assert.ok(l.some((x) => x.href === '/units/pre2025/49' && x.text === 'Tỉnh Quảng Nam'));
	});

	test('old Phường Trúc Bạch pre2025/00004 shows breadcrumb VN › Hà Nội › Ba Đình and its successor', async () => {
		const html = await page('/units/pre2025/00004');
		assert.equal(textOf(html, /<h1>([\s\S]*?)<\/h1>/), 'Phường Trúc Bạch');
		const crumbs = /<nav class="crumbs"[^>]*>([\s\S]*?)<\/nav>/.exec(html)[1];
		assert.deepEqual(links(crumbs).map((l) => l.href),
		    ['/units/pre2025/VN', '/units/pre2025/01', '/units/pre2025/001']);
		const sec = section(html, 'Đã sáp nhập vào');
		assert.ok(sec, 'a successors section');
		assert.ok(links(sec).some((x) => x.href === '/units/2025/00004' && x.text === 'Phường Ba Đình'));
		assert.doesNotMatch(sec, /một phần/, 'a full relation is not marked partial');
	});

	test('new Phường Ba Đình 2025/00004 lists Trúc Bạch as predecessor and marks Ngọc Hà as partial', async () => {
		const sec = section(await page('/units/2025/00004'), 'Hình thành từ');
		assert.ok(sec, 'a predecessors section');
		const items = sec.split('<li>').slice(1);
		const truc = items.find((li) => li.includes('href="/units/pre2025/00004"'));
		assert.ok(truc, 'Trúc Bạch linked');
		assert.match(truc, /Phường Trúc Bạch/);
		assert.doesNotMatch(truc, /một phần/);
		const ngoc = items.find((li) => li.includes('href="/units/pre2025/00016"'));
		assert.ok(ngoc, 'Ngọc Hà linked');
		assert.match(ngoc, /\(một phần\)/);
	});

	test('a dissolved predecessor code is shown unlinked and flagged for checking', async () => {
		const sec = section(await page('/units/2025/07210'), 'Hình thành từ');
		assert.ok(sec, 'a predecessors section');
		const li = sec.split('<li>').find((x) => x.includes('Xã Nham Sơn'));
		assert.ok(li);
		assert.doesNotMatch(li, /href="\/units\/pre2025\/07732"/, 'no link to a unit that does not exist');
		assert.match(li, /cần kiểm tra/);
	});

	test('the 2025 country page lists the 34 provinces', async () => {
		const sec = section(await page('/units/2025/VN'), 'Đơn vị trực thuộc');
		assert.ok(sec, 'a children section');
		assert.equal((/<tbody>([\s\S]*?)<\/tbody>/.exec(sec)[1].match(/<tr>/g) || []).length, 34);
	});

	test('the structure switch links to the other structure', async () => {
		assert.match(await page('/units/2025/48'), /<strong>Từ 1\/7\/2025<\/strong> · <a href="\/units\/pre2025\/VN">/);
		assert.match(await page('/units/pre2025/48'), /<a href="\/units\/2025\/VN">Từ 1\/7\/2025<\/a> · <strong>/);
	});

	test('an unknown unit is a 404 HTML page naming it, with the layout', async () => {
		const html = await page('/units/2025/99999', 404);
		assert.match(mainOf(html), /2025\/99999/);
		assert.match(html, /<form class="wrap search"/);
	});
});

describe('search pages', () => {
	test('/units?q=da+nang lists Thành phố Đà Nẵng first, linked to /units/2025/48', async () => {
		const main = mainOf(await page('/units?q=da+nang'));
		assert.match(main, /<h1>Kết quả tìm kiếm cho “da nang”<\/h1>/);
		const ul = /<ul class="results">([\s\S]*?)<\/ul>/.exec(main);
		assert.ok(ul, 'a results list');
		const l = links(ul[1]);
		assert.deepEqual(l[0], { href: '/units/2025/48', text: 'Thành phố Đà Nẵng' });
		assert.match(main, /Hiển thị 1–1 trên 1/);
	});

	test('the search box keeps the query typed', async () => {
		const html = await page(`/units?q=${encodeURIComponent('Đà Nẵng')}`);
		assert.match(html, /<input id="q" name="q" type="search" value="Đà Nẵng"/);
	});

	test('a search with no match says so', async () => {
		const main = mainOf(await page('/units?q=zzzzqqqq'));
		assert.match(main, /Không tìm thấy đơn vị nào\./);
		assert.doesNotMatch(main, /<ul class="results">/);
	});

	test('the next-page link keeps the query and leads to the second page', async () => {
		const html = await page('/units?q=an&limit=20');
		const m = /<a rel="next" href="([^"]+)"/.exec(html);
		assert.ok(m, 'a next link');
		const href = unescapeHtml(m[1]);
		const u = new URL(href, ntm.base);
		assert.equal(u.searchParams.get('q'), 'an');
		assert.equal(u.searchParams.get('offset'), '20');
		assert.equal(u.searchParams.get('limit'), '20');
		const p2 = await get(ntm.base, href);
		assert.equal(p2.status, 200);
		const api2 = await get(ntm.base, '/api/v1/units?q=an&limit=20&offset=20');
		const first = api2.json.items[0];
		assert.ok(p2.text.includes(`href="/units/${first.structure}/${first.code}"`), 'page 2 shows the 21st match');
	});

	test('a query with & = # and spaces survives the pager links', async () => {
		const q = 'an & b=c #d';
		const html = await page(`/units?q=${encodeURIComponent(q)}&limit=1`);
		const m = /<a rel="next" href="([^"]+)"/.exec(html);
		if (m) {
			const u = new URL(unescapeHtml(m[1]), ntm.base);
			assert.equal(u.searchParams.get('q'), q);
		}
		assert.ok(mainOf(html).includes('“an &amp; b=c #d”') || mainOf(html).includes('“an &amp; b&#61;c #d”'));
	});

	test('invalid parameters on an HTML page give an HTML 4xx page, not JSON', async () => {
		const html = await page('/units?limit=abc', 400);
		assert.match(mainOf(html), /limit/);
		await page('/units?level=planet', 422);
	});
});

describe('hostile input is shown escaped', () => {
	const b = badInputs();
	const hostile = [...b.html_script, ...b.sql, ...b.paths, ...Object.values(b.unicode)];
	const rawMarkup = /<script|<img|<svg|onerror=|onload=|<a href="javascript:|<\/textarea>|<!--/i;

	test('every html_script, sql, paths and unicode value in q: no 500, nothing unescaped', async () => {
		for (const v of hostile) {
			const r = await get(ntm.base, `/units?q=${encodeURIComponent(v)}`);
			const label = JSON.stringify(v).slice(0, 60);
			assert.ok(r.status < 500, `${label} -> ${r.status}`);
			/* An address longer than a connection's memory (16 KiB; nginx in
			 * front refuses 8 KB) gets libmicrohttpd's own 414, no page. */
			if (encodeURIComponent(v).length > 16384) {
				assert.equal(r.status, 414, label);
				continue;
			}
			assert.match(r.headers.get('content-type'), /^text\/html/);
			assert.doesNotMatch(r.text, rawMarkup, `${label} appears unescaped`);
		}
	});

	test('html_script values are echoed back exactly in the h1 and in the search box', async () => {
		for (const v of b.html_script) {
			const r = await get(ntm.base, `/units?q=${encodeURIComponent(v)}`);
			const label = JSON.stringify(v);
			if (r.status !== 200) {
				assert.equal(r.status, 422, label);	/* nothing to search for */
				continue;
			}
			const h1 = /<h1>([\s\S]*?)<\/h1>/.exec(r.text)[1];
			assert.equal(unescapeHtml(h1), `Kết quả tìm kiếm cho “${v}”`, label);
			const input = /<input id="q" name="q" type="search" value="([^"]*)"/.exec(r.text);
			assert.ok(input, `${label}: the value attribute is intact`);
			assert.equal(unescapeHtml(input[1]), v, label);
		}
	});

	test('the template syntax in input is not interpreted ({{7*7}} and {{{raw}}} stay literal)', async () => {
		const r = await get(ntm.base, `/units?q=${encodeURIComponent('{{7*7}} {{{raw}}} {{t.app_name}}')}`);
		assert.equal(r.status, 200);
		assert.ok(r.text.includes('“{{7*7}} {{{raw}}} {{t.app_name}}”'));
	});

	test('hostile unit codes and structures in the path give an escaped 404 page', async () => {
		for (const v of [...b.html_script, ...b.sql, ...b.paths]) {
			for (const p of [`/units/2025/${encodeURIComponent(v)}`, `/units/${encodeURIComponent(v)}/01`]) {
				const r = await get(ntm.base, p);
				const label = `${p.slice(0, 70)}`;
				assert.ok(r.status >= 400 && r.status < 500, `${label} -> ${r.status}`);
				assert.match(r.headers.get('content-type'), /^text\/html/);
				assert.doesNotMatch(r.text, rawMarkup, `${label} appears unescaped`);
			}
		}
	});

	test('the message of a 404 for a hostile code shows the code exactly, escaped', async () => {
		const v = '"><img src=x onerror=alert(1)>';
		const r = await get(ntm.base, `/units/2025/${encodeURIComponent(v)}`);
		assert.equal(r.status, 404);
		assert.ok(unescapeHtml(mainOf(r.text)).includes(`2025/${v}`));
	});

	test('the error page for a hostile q on the JSON API is JSON, never HTML', async () => {
		const r = await get(ntm.base, `/api/v1/units?q=${encodeURIComponent('<script>alert(1)</script>')}`);
		assert.match(r.headers.get('content-type'), /^application\/json/);
	});

	test('the NFD query is shown back in NFC (input normalised)', async () => {
		const nfd = b.unicode.nfd_da_nang;
		const r = await get(ntm.base, `/units?q=${encodeURIComponent(nfd)}`);
		assert.equal(r.status, 200);
		const h1 = unescapeHtml(/<h1>([\s\S]*?)<\/h1>/.exec(r.text)[1]);
		assert.ok(h1.includes('“Đà Nẵng”'));
		assert.ok(!h1.includes(nfd));
	});
});
