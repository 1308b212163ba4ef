'use strict';
/*
 * The dashboards' module panels (issue 18): satisfaction surveys,
 * progress reporting, OCOP and the marketplace.  Each panel's numbers are
 * those of the module page it summarises and links to, read here from
 * that page's JSON on the demo data:
 *
 *   surveys  - the results of each published campaign (/campaigns/{id}/
 *              results): the unit's own rate, the campaigns in scope, the
 *              responses; nothing of a campaign still open;
 *   reports  - officers holding the unit only, as the reporting pages
 *              are (its numbers: tests/unit/dash_reports_test.c);
 *   ocop     - the register's products by stars (/ocop/statistics for the
 *              nation, /ocop/register?province= for a province);
 *   market   - orders delivered and their value (/cho/thong-ke for the
 *              period and province the panel's link names).
 *
 * A campaign closed after the dashboard was first read shows at once (the
 * dashboard follows the surveys' version token).
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { startDemo, Client } = require('../lib/accounts');
const { ok } = require('../lib/http');
const { shopListing, placedOrder, moveOrder } = require('../lib/market-orders');

let ntm, anon, admin, socson, hanoi;

before(async () => {
	ntm = await startDemo();
	anon = Client.anonymous(ntm.base);
	admin = await Client.login(ntm.base, 'admin');
	socson = await Client.login(ntm.base, 'socson');
	hanoi = await Client.login(ntm.base, 'hanoi');
});
after(() => ntm && ntm.stop());

const dashboard = async (client, unit) =>
	ok(await client.get(`/api/v1/units/${unit.replace(':', '/')}/dashboard`));

/* The panel of key, or undefined. */
async function panelOf(client, unit, key) {
	return (await dashboard(client, unit)).panels.find((p) => p.key === key);
}

/* The figure of key of a panel (asserted present). */
function figure(panel, key) {
	const f = (panel.figures || []).find((x) => x.key === key);
	assert.ok(f, `${panel.key}: figure ${key} in ${JSON.stringify(panel.figures)}`);
	return f;
}

/* The panel's link as a URL (its query read by the tests). */
const linkOf = (panel) => new URL(panel.link, 'http://x');

test('the OCOP panel counts the register by stars as /ocop/statistics does, for the nation', async () => {
	const stats = ok(await anon.get('/api/v1/ocop/statistics'));
	const p = await panelOf(anon, '2025:VN', 'ocop_products');
	assert.ok(p, 'the nation has an OCOP panel');
	assert.equal(p.link, '/ocop/statistics');
	assert.equal(figure(p, 'total').value, stats.total);
	assert.ok(stats.total > 0, 'the demo has certified products');
	for (const s of stats.by_stars)
		assert.equal(figure(p, `stars_${s.stars}`).value, s.count, `${s.stars} stars`);
	assert.equal(p.chart.kind, 'bars');
	assert.deepEqual(p.chart.bars.map((b) => b.value), stats.by_stars.map((s) => s.count));
});

test('a province\'s OCOP panel equals the register filtered to it, star by star', async () => {
	const p = await panelOf(anon, '2025:01', 'ocop_products');
	assert.equal(p.link, '/ocop/register?province=01');
	const all = ok(await anon.get('/api/v1/ocop/register?province=01'));
	assert.equal(figure(p, 'total').value, all.total);
	assert.ok(all.total > 0, 'Hà Nội has products in the register');
	for (const s of [3, 4, 5]) {
		const one = ok(await anon.get(`/api/v1/ocop/register?province=01&stars=${s}`));
		assert.equal(figure(p, `stars_${s}`).value, one.total, `${s} stars`);
	}
	/* and the province's line of the national statistics */
	const stats = ok(await anon.get('/api/v1/ocop/statistics'));
	assert.equal(figure(p, 'total').value, stats.by_province.find((x) => x.code === '01').count);
	/* a commune: its own products of the register, each linked; a commune
	 * with none has no panel */
	const hanoiList = ok(await anon.get('/api/v1/ocop/register?province=01&limit=100'));
	const mine = hanoiList.items.filter((i) => i.commune === 'Xã Sóc Sơn');
	assert.ok(mine.length > 0, 'the demo certified products of Sóc Sơn');
	const c = await panelOf(anon, '2025:00376', 'ocop_products');
	assert.equal(figure(c, 'total').value, mine.length);
	assert.deepEqual(c.table.rows.map((r) => r.href).sort(), mine.map((i) => i.href).sort());
	assert.equal(await panelOf(anon, '2025:00433', 'ocop_products'), undefined, 'Nội Bài has none');
});

test('the market panel equals /cho/thong-ke for the period and province its link names', async () => {
	for (const unit of ['2025:VN', '2025:91', '2025:01']) {
		const p = await panelOf(anon, unit, 'market');
		assert.ok(p, `${unit} has a market panel`);
		const link = linkOf(p);
		assert.equal(link.pathname, '/cho/thong-ke');
		const q = new URLSearchParams(link.search);
		const stats = ok(await anon.get(`/api/v1/market/stats?${q}`));
		assert.equal(q.get('province'), unit === '2025:VN' ? null : unit.slice(5));
		if (stats.orders === 0) {
			assert.ok(p.empty, `${unit}: no delivered order, an empty panel`);
			continue;
		}
		assert.equal(figure(p, 'orders').value, stats.orders, unit);
		assert.equal(figure(p, 'goods_vnd').value, stats.goods_vnd, unit);
		/* the months of the chart add up to the total */
		assert.equal(p.chart.series[0].values.reduce((a, b) => a + b, 0), stats.goods_vnd);
		assert.equal(p.chart.x.length, stats.months.length);
	}
	/* the demo's delivered order is An Giang's */
	assert.equal(figure(await panelOf(anon, '2025:91', 'market'), 'orders').value, 1);
	assert.ok((await panelOf(anon, '2025:01', 'market')).empty);
});

/* Hà Nội's goods on the market sales map of year, or 0 without that year. */
async function hanoiOnMap(year) {
	const r = await anon.get(`/api/v1/maps/2025/market_sales/${year}`);
	return r.status === 200 ? r.json.provinces.find((x) => x.code === '01').value : 0;
}

test('an order delivered after the dashboard was read counts at once, on the map too; one shipped does not', async () => {
	assert.ok((await panelOf(anon, '2025:01', 'market')).empty);
	const year = new Date().getUTCFullYear();
	const before = await hanoiOnMap(year);
	const l = await shopListing(ntm, { price: 150000 });
	/* a buyer in Xã Sóc Sơn, Hà Nội */
	const o = await placedOrder(ntm.base, { ntm, listing: l, quantity: 2 });
	await moveOrder(ntm.base, o, 'shipped');
	assert.ok((await panelOf(anon, '2025:01', 'market')).empty, 'shipped is not sold yet');
	ok(await l.producerClient.post(`/api/v1/market/shop/orders/${o.orderId}/transitions`,
		{ json: { transition: 'deliver' } }));
	const p = await panelOf(anon, '2025:01', 'market');
	const stats = ok(await anon.get(`/api/v1/market/stats?${new URLSearchParams(linkOf(p).search)}`));
	assert.equal(stats.orders, 1);
	assert.equal(figure(p, 'orders').value, 1);
	assert.equal(figure(p, 'goods_vnd').value, stats.goods_vnd);
	assert.equal(figure(await panelOf(anon, '2025:VN', 'market'), 'orders').value, 2);
	/* the map of market sales (read before, cached) follows the delivery,
	 * and the national panel links to it */
	assert.equal(await hanoiOnMap(year), before + figure(p, 'goods_vnd').value);
	const nation = await panelOf(anon, '2025:VN', 'market');
	assert.equal(nation.map_link, 'market_sales');
	const page = await anon.get('/units/2025/VN/dashboard');
	assert.ok(page.text.includes(`href="/maps/2025/market_sales/${year}"`), 'the page links the map');
});

test('the surveys panel of a commune gives its published campaign\'s rate and responses', async () => {
	const res = ok(await anon.get('/api/v1/campaigns/2/results'));
	assert.equal(res.published, true);
	const p = await panelOf(anon, '2025:20308', 'surveys');
	assert.equal(p.link, '/campaigns/2/results');
	assert.equal(figure(p, 'rate').value, res.rate);
	assert.equal(figure(p, 'responses').value, res.responses);
	assert.equal(figure(p, 'campaigns').value, 1);
	assert.equal(figure(p, 'met').value, res.met ? 1 : 0);
	assert.equal(figure(p, 'met').of, 1);
	assert.equal(p.chart.bars[0].value, res.rate);
	assert.deepEqual([p.chart.bars[0].lo, p.chart.bars[0].hi], res.ci);
	assert.equal(p.chart.threshold, res.campaign.threshold);
	assert.equal(p.table.rows[0].href, '/campaigns/2/results');
	/* the pre-2025 structure has its own campaigns */
	const old = ok(await anon.get('/api/v1/campaigns/3/results'));
	const po = await panelOf(anon, 'pre2025:00442', 'surveys');
	assert.equal(figure(po, 'rate').value, old.rate);
	assert.equal(figure(po, 'responses').value, old.responses);
});

/* The published results of the campaigns in scope of unit, newest
 * first, as the officers' list of campaigns (/campaigns?unit=) gives them
 * and their public results pages tell. */
async function publishedIn(unit) {
	const list = ok(await admin.get(`/api/v1/campaigns?unit=${unit}&limit=100`));
	const out = [];
	for (const c of list.items.filter((i) => i.state === 'closed'))
		out.push(ok(await anon.get(`/api/v1/campaigns/${c.id}/results`)));
	return out;
}

test('a province and the nation list the published campaigns in scope (old communes\' through the lineage)', async () => {
	for (const unit of ['2025:VN', '2025:01', '2025:48']) {
		const published = await publishedIn(unit);
		const p = await panelOf(anon, unit, 'surveys');
		assert.ok(published.length > 0, `${unit} has published campaigns in the demo`);
		assert.equal(figure(p, 'campaigns').value, published.length, unit);
		assert.equal(figure(p, 'responses').value,
			published.reduce((a, r) => a + r.responses, 0), unit);
		const rated = published.filter((r) => r.rate !== null);
		assert.equal(figure(p, 'met').of, rated.length, unit);
		assert.equal(figure(p, 'met').value, rated.filter((r) => r.met).length, unit);
		assert.deepEqual(p.table.rows.map((r) => r.href),
			published.map((r) => `/campaigns/${r.campaign.id}/results`), unit);
		assert.deepEqual(p.chart.bars.map((b) => b.value), rated.map((r) => r.rate), unit);
		assert.equal(p.figures.find((f) => f.key === 'rate'), undefined,
			`${unit} runs no campaign of its own`);
	}
	/* Hà Nội's published one is the old commune Phú Cường's (pre-2025) */
	const hn = await panelOf(anon, '2025:01', 'surveys');
	assert.deepEqual(hn.table.rows.map((r) => r.href), ['/campaigns/3/results']);
	/* Sóc Sơn's campaign is still open: nothing of it shows */
	const own = await panelOf(anon, '2025:00376', 'surveys');
	assert.ok(own.empty);
	assert.equal(JSON.stringify(own).includes('"rate"'), false, 'no rate of an open campaign');
});

test('a campaign closed after the dashboard was read shows at once', async () => {
	assert.ok((await panelOf(anon, '2025:00376', 'surveys')).empty);
	ok(await socson.post('/api/v1/campaigns/1/close', { json: {} }));
	const res = ok(await anon.get('/api/v1/campaigns/1/results'));
	const p = await panelOf(anon, '2025:00376', 'surveys');
	assert.equal(p.empty, undefined);
	assert.equal(p.link, '/campaigns/1/results');
	assert.equal(figure(p, 'responses').value, res.responses);
	const rate = p.figures.find((f) => f.key === 'rate');
	assert.equal(rate ? rate.value : null, res.rate);
	const hn = await panelOf(anon, '2025:01', 'surveys');
	assert.equal(figure(hn, 'campaigns').value, (await publishedIn('2025:01')).length);
	assert.ok(hn.table.rows.some((r) => r.href === '/campaigns/1/results'));
});

test('the reporting panel is on the page of an officer holding the unit, never on a visitor\'s or an outsider\'s (the aggregates sum drafts)', async () => {
	/* The page and its JSON are cached per data version in two variants
	 * (web_dashboard.c dash_variant): the officer's is keyed apart and
	 * never served to anyone else, whichever is read first.  Its numbers:
	 * tests/unit/dash_reports_test.c and the PDF test below. */
	for (const [client, unit, has] of [
		[anon, '2025:01', false], [hanoi, '2025:01', true], [anon, '2025:01', false],
		[socson, '2025:01', false], [hanoi, '2025:48', false], [admin, '2025:VN', true],
		[anon, '2025:VN', false], [socson, '2025:00376', true], [anon, '2025:00376', false],
	]) {
		const p = await panelOf(client, unit, 'reports');
		assert.equal(p !== undefined, has, `${client.username || 'visitor'} ${unit}`);
	}
	const page = await hanoi.get('/units/2025/01/dashboard');
	assert.equal(page.status, 200);
	assert.ok(page.text.includes('Báo cáo tiến độ và vốn'), 'the officer\'s page shows it');
	const pub = await anon.get('/units/2025/01/dashboard');
	assert.equal(pub.text.includes('Báo cáo tiến độ và vốn'), false, 'the visitor\'s page does not');
});

/* The text of a dashboard's PDF as client gets it, or null without
 * pdftotext (poppler-utils): then only the header is checked. */
async function pdfText(client, unit) {
	const res = await fetch(`${ntm.base}/units/${unit.replace(':', '/')}/dashboard.pdf`,
		{ headers: client.headers ? client.headers() : {} });
	assert.equal(res.status, 200);
	const bytes = Buffer.from(await res.arrayBuffer());
	assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
	try {
		return execFileSync('pdftotext', ['-', '-'], { input: bytes }).toString();
	} catch { return null; }
}

test('an officer\'s PDF of the unit has the reporting panel with the completeness page\'s counts; a visitor\'s has none', async () => {
	const text = await pdfText(hanoi, '2025:01');
	const visitor = await pdfText(anon, '2025:01');
	if (text === null)
		return;
	/* the newest month past its due date: 5 days after its last day */
	const now = new Date();
	let period;
	for (let k = 1; !period; k++) {
		const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1));
		const due = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 5));
		if (now.toISOString().slice(0, 10) > due.toISOString().slice(0, 10))
			period = first.toISOString().slice(0, 7);
	}
	const c = ok(await hanoi.get(`/api/v1/reports/ntm-tien-do-thang/completeness?unit=2025:01&period=${period}`));
	assert.equal(c.due_passed, true);
	assert.ok(text.includes('Báo cáo tiến độ và vốn'), 'the panel is in the officer\'s PDF');
	assert.ok(text.includes(c.period_name), c.period_name);
	assert.ok(text.includes('Xã, phường: nộp muộn'));
	assert.equal(visitor.includes('Báo cáo tiến độ và vốn'), false, 'not in a visitor\'s');
});

test('the module panels\' words are people\'s words, in the page\'s language', async () => {
	const d = await dashboard(admin, '2025:01');
	for (const key of ['surveys', 'ocop_products', 'market']) {
		const p = d.panels.find((x) => x.key === key);
		assert.ok(p, key);
		assert.ok(p.title && !p.title.includes('dp_'), `${key}: ${p.title}`);
		for (const f of p.figures || [])
			assert.ok(!f.label.includes('dp_') && !/\b(on_time|commune|province)\b/.test(f.label), f.label);
	}
	const en = ok(await anon.get('/api/v1/units/2025/01/dashboard?lang=en'));
	const ocop = en.panels.find((x) => x.key === 'ocop_products');
	assert.equal(ocop.title, 'OCOP products');
});
