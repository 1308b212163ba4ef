'use strict';
/*
 * The life of an OCOP certificate after it is issued (issue 16,
 * docs/OCOP.md section 4): the public verification page a QR code leads
 * to (valid, expiring, expired, revoked, replaced, an unknown number, every
 * text escaped, no script), the QR code's SVG carrying the page's address,
 * the printable PDF and who may have it, revocation with a reason (who
 * may, 422 without a reason, the page says REVOKED at once), the
 * calendar's sweep (`ntm ocop expire`) moving the products' cycles and
 * doing nothing the second time, the reminders in the right home inboxes
 * only, and the product page's certificates with their forms.
 *
 * The calendar is moved with $NTM_TODAY on a second `ntm serve` of the same
 * database (its own sweep off), as ocop-certificates.test.js does.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { startDemo, Client, auditLatest } = require('../lib/accounts');
const { ok, refused } = require('../lib/http');
const { mainOf } = require('../lib/ntm');

const API = '/api/v1/ocop';
let ntm, hanoi, danang, socson, bana, phucthinh, htx, admin;
const ids = {};
const codes = {};

/* Run fn with $NTM_TODAY (and the sweep of `ntm serve` off) set. */
async function withEnv(vars, fn) {
	const saved = {};
	for (const k of Object.keys(vars)) {
		saved[k] = process.env[k];
		process.env[k] = vars[k];
	}
	try {
		return await fn();
	} finally {
		for (const k of Object.keys(vars))
			if (saved[k] === undefined)
				delete process.env[k];
			else
				process.env[k] = saved[k];
	}
}

/* fn(server, as) on a second server whose today is `today`; as(client)
 * is the same session on that server. */
async function onDay(today, fn) {
	const s = await withEnv({ NTM_TODAY: today, NTM_OCOP_SWEEP_INTERVAL: '0' },
		() => ntm.serve(ntm.dbPath));
	const as = (c) => Object.assign(new Client(s.base), c, { base: s.base });
	try {
		return await fn(s, as);
	} finally { await s.stop(); }
}

async function page(base, path) {
	const r = await fetch(`${base}${path}`);
	return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
}

function sweep(today) {
	const r = withEnvSync({ NTM_TODAY: today }, () => ntm.run(['ocop', 'expire', '--db', ntm.dbPath]));
	assert.equal(r.code, 0, r.stderr);
	return JSON.parse(r.stdout);
}

function withEnvSync(vars, fn) {
	const saved = {};
	for (const k of Object.keys(vars)) {
		saved[k] = process.env[k];
		process.env[k] = vars[k];
	}
	try {
		return fn();
	} finally {
		for (const k of Object.keys(vars))
			if (saved[k] === undefined)
				delete process.env[k];
			else
				process.env[k] = saved[k];
	}
}

async function record(productId, body) {
	const r = ok(await hanoi.post(`${API}/products/${productId}/certificates`, { json: body }));
	return r.certificate.code;
}

const state = async (id) => ok(await hanoi.get(`${API}/products/${id}`)).state;

before(async () => {
	/* the calendar's counts below are of this file's certificates: the
	 * demo's own (demo_ocop_certs.c, dated from today) are left out */
	ntm = await withEnv({ NTM_DEMO_OCOP_CERTS: 'none' }, () => startDemo());
	[hanoi, danang, socson, bana, phucthinh, htx, admin] = await Promise.all(
		['hanoi', 'danang', 'socson', 'bana', 'phucthinh', 'htx', 'admin'].map((u) => Client.login(ntm.base, u)));
	const list = ok(await socson.get(`${API}/products?unit=2025:00376&limit=50`)).items;
	const find = (s) => list.find((p) => p.name.includes(s)).id;
	ids.ga = find('Gà đồi');		/* htx's */
	ids.tra = find('Trà hoa cúc');		/* htx's */
	ids.ruou = find('Rượu nếp');		/* htx's */
	ids.banh = find('Bánh chưng');		/* another producer of Sóc Sơn */
	codes.ga = await record(ids.ga, { number: '<i>7</i>/QĐ-UBND', level: 'province', stars: 4,
		score: 78.5, issued_on: '2024-01-10' });		/* last valid day 2027-01-09 */
	codes.banh = await record(ids.banh, { number: '8/QĐ-UBND', level: 'province', stars: 3,
		issued_on: '2024-01-10' });
	codes.tra = await record(ids.tra, { number: '9/QĐ-UBND', level: 'province', stars: 4,
		issued_on: '2026-06-01' });		/* last valid day 2029-05-31 */
});
after(() => ntm && ntm.stop());

test('the verification page: valid, expiring, expired, in plain words, escaped, without script', async () => {
	assert.equal(codes.ga, '01-I-7-I-QD-UBND');
	await onDay('2026-06-01', async (s) => {
		const p = await page(s.base, `/ocop/verify/${codes.ga}`);
		assert.equal(p.status, 200);
		assert.match(p.type, /text\/html/);
		const m = mainOf(p.text);
		assert.ok(m.includes('CÒN HIỆU LỰC'), m);
		assert.ok(!m.includes('SẮP HẾT HẠN'));
		for (const want of ['Gà đồi Sóc Sơn', 'Hợp tác xã Nông nghiệp Sóc Sơn', 'Xã Sóc Sơn',
			'Thành phố Hà Nội', '4 sao', '10/01/2024', '09/01/2027',
			'chưa xác nhận cho Quyết định 148/QĐ-TTg'])
			assert.ok(m.includes(want), `${want} in ${m}`);
		assert.ok(m.includes('&lt;i&gt;7&lt;/i&gt;/QĐ-UBND'), 'the number escaped');
		assert.ok(!m.includes('<i>7</i>'));
		assert.ok(!/<script/i.test(p.text), 'no script');
		assert.ok(m.includes(`src="/ocop/verify/${codes.ga}/qr.svg"`));
	});
	await onDay('2026-12-01', async (s) => {
		const m = mainOf((await page(s.base, `/ocop/verify/${codes.ga}`)).text);
		assert.ok(m.includes('SẮP HẾT HẠN'), m);
		assert.ok(m.includes('40 ngày'), 'the days left, to the day after the last valid one');
	});
	await onDay('2027-01-10', async (s) => {
		const m = mainOf((await page(s.base, `/ocop/verify/${codes.ga}`)).text);
		assert.ok(m.includes('ĐÃ HẾT HẠN'), m);
		assert.ok(!m.includes('CÒN HIỆU LỰC'));
	});
	/* English through the language mechanism */
	const en = mainOf((await page(ntm.base, `/ocop/verify/${codes.tra}?lang=en`)).text);
	assert.ok(en.includes('>VALID<') && en.includes('4 stars'), en);
});

test('an unknown number: a 404 page saying so plainly and how to check, nothing internal', async () => {
	const p = await page(ntm.base, '/ocop/verify/01-NO-SUCH-NUMBER');
	assert.equal(p.status, 404);
	const m = mainOf(p.text);
	assert.ok(m.includes('Không tìm thấy giấy chứng nhận'), m);
	assert.ok(m.includes('Không có giấy chứng nhận OCOP nào mang số này'));
	assert.ok(m.includes('Hãy kiểm tra lại số'), 'how to check');
	assert.ok(!m.includes('ocop.no_certificate') && !m.includes('<code>'), 'no machine code');
	assert.ok(m.includes('action="/ocop/verify"'), 'a box to type another number');
	/* the box: the number as typed, case and spaces forgiven */
	const r = await fetch(`${ntm.base}/ocop/verify?code=${encodeURIComponent(' 01-i-7-i-qd-ubnd ')}`, { redirect: 'manual' });
	assert.equal(r.status, 303);
	assert.equal(r.headers.get('location'), `/ocop/verify/${codes.ga}`);
	const html = await page(ntm.base, '/ocop/verify/%3Cscript%3E');
	assert.equal(html.status, 404);
	assert.ok(!html.text.includes('<script>'));
});

test('the QR code is an SVG of the page\'s address on the configured public URL', async () => {
	const r = await fetch(`${ntm.base}/ocop/verify/${codes.ga}/qr.svg`);
	assert.equal(r.status, 200);
	assert.equal(r.headers.get('content-type'), 'image/svg+xml');
	const svg = await r.text();
	assert.ok(svg.startsWith('<svg'), svg.slice(0, 80));
	assert.ok(svg.includes(`<title>${ntm.base}/ocop/verify/${codes.ga}</title>`), svg.slice(0, 300));
	assert.ok(/<path fill="#000" d="M\d/.test(svg), 'dark modules drawn');
	await withEnv({ NTM_PUBLIC_URL: 'https://ntm.example.vn/', NTM_OCOP_SWEEP_INTERVAL: '0' }, async () => {
		const s = await ntm.serve(ntm.dbPath);
		try {
			const t = await (await fetch(`${s.base}/ocop/verify/${codes.ga}/qr.svg`)).text();
			assert.ok(t.includes(`<title>https://ntm.example.vn/ocop/verify/${codes.ga}</title>`), t.slice(0, 300));
		} finally { await s.stop(); }
	});
	assert.equal((await fetch(`${ntm.base}/ocop/verify/01-NO-SUCH/qr.svg`)).status, 404);
});

test('the printable certificate: a PDF with the number, for the province and the producer, not the commune', async () => {
	const path = `/ocop/certificates/${codes.ga}/certificate.pdf`;
	const r = await hanoi.get(path);
	assert.equal(r.status, 200, r.text);
	assert.equal(r.headers.get('content-type'), 'application/pdf');
	const res = await fetch(`${ntm.base}${path}`, { headers: hanoi.headers() });
	const bytes = Buffer.from(await res.arrayBuffer());
	assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
	let text = null;
	try {
		text = execFileSync('pdftotext', ['-', '-'], { input: bytes }).toString();
	} catch { /* poppler-utils not installed: the header is checked */ }
	if (text !== null) {
		assert.ok(text.includes('<i>7</i>/QĐ-UBND'), text);
		assert.ok(text.includes('GIẤY CHỨNG NHẬN SẢN PHẨM OCOP'));
		assert.ok(text.includes('Gà đồi Sóc Sơn'));
		assert.ok(text.includes('09/01/2027'));
	}
	assert.equal((await htx.get(path)).status, 200, 'the producer, its own product');
	refused(await socson.get(`/api/v1${path}`), 403);
	refused(await danang.get(`/api/v1${path}`), 403);
	assert.equal((await fetch(`${ntm.base}/api/v1${path}`)).status, 401, 'no account, no PDF');
	refused(await hanoi.get('/api/v1/ocop/certificates/01-NO-SUCH/certificate.pdf'), 404);
});

test('reminders: certificates expiring within 90 days in the inboxes of the producer, the commune and the province concerned only', async () => {
	const expiring = (h) => h.items.find((i) => i.kind === 'ocop.certificate_expiring');
	await onDay('2026-11-01', async (s, as) => {
		const home = async (c) => ok(await as(c).get('/api/v1/home'));
		for (const [c, want] of [[hanoi, ['Bánh chưng Phù Linh', 'Gà đồi Sóc Sơn']],
			[socson, ['Bánh chưng Phù Linh', 'Gà đồi Sóc Sơn']], [htx, ['Gà đồi Sóc Sơn']]]) {
			const item = expiring(await home(c));
			assert.ok(item, `${c.username}: ${JSON.stringify((await home(c)).items)}`);
			assert.equal(item.count, want.length, c.username);
			assert.deepEqual(item.entries.map((e) => e.label).sort(), want, c.username);
			assert.ok(item.entries.every((e) => /^\/ocop\/products\/\d+$/.test(e.href)));
			assert.ok(item.entries.every((e) => e.detail.includes('09/01/2027')), JSON.stringify(item.entries));
			assert.ok(!item.entries.some((e) => e.label.includes('Trà')), 'not the one valid till 2029');
		}
		for (const c of [danang, bana, phucthinh])
			assert.equal(expiring(await home(c)), undefined, c.username);
	});
	await onDay('2026-06-01', async (s, as) => {
		assert.equal(expiring(ok(await as(hanoi).get('/api/v1/home'))), undefined, 'not yet');
	});
});

test('revocation: the province with a reason, in one step; the page says REVOKED at once', async () => {
	const path = `${API}/products/${ids.tra}/certificates/${codes.tra}/revoke`;
	/* the page first, so that the router's cache holds it */
	for (let i = 0; i < 2; i++)
		assert.ok(mainOf((await page(ntm.base, `/ocop/verify/${codes.tra}`)).text).includes('CÒN HIỆU LỰC'));
	refused(await socson.post(path, { json: { reason: 'x' } }), 403);
	refused(await danang.post(path, { json: { reason: 'x' } }), 403);
	refused(await htx.post(path, { json: { reason: 'x' } }), 403);
	refused(await hanoi.post(path, { json: {} }), 422, 'reason');
	refused(await hanoi.post(path, { json: { reason: '   ' } }), 422, 'reason');
	let c = ok(await hanoi.get(`${API}/certificates/${codes.tra}`));
	assert.equal(c.revoked_on, null, 'nothing written');
	assert.equal(await state(ids.tra), 'certified');
	/* the cycle's bare transition is not a way around the certificate */
	refused(await hanoi.post(`${API}/products/${ids.tra}/actions/revoke`, { json: { note: 'x' } }), 409);
	const r = ok(await hanoi.post(path, { json: { reason: 'Vi phạm <ghi nhãn> & quảng cáo' } }));
	assert.equal(r.certificate.status, 'revoked');
	c = ok(await hanoi.get(`${API}/certificates/${codes.tra}`));
	assert.equal(c.status, 'revoked');
	assert.equal(c.revoked_reason, 'Vi phạm <ghi nhãn> & quảng cáo');
	assert.equal(await state(ids.tra), 'revoked');
	const m = mainOf((await page(ntm.base, `/ocop/verify/${codes.tra}`)).text);
	assert.ok(m.includes('ĐÃ BỊ THU HỒI'), m);
	assert.ok(m.includes('Vi phạm &lt;ghi nhãn&gt; &amp; quảng cáo'), m);
	const [y, mo, d] = c.revoked_on.split('-');
	assert.ok(m.includes(`${d}/${mo}/${y}`), 'the date of revocation');
	assert.ok(!m.includes('CÒN HIỆU LỰC'));
	refused(await hanoi.post(path, { json: { reason: 'again' } }), 409);
	const audit = await auditLatest(admin, 20);
	assert.ok(audit.some((a) => a.action === 'ocop.certificate_revoke'), JSON.stringify(audit.slice(0, 3)));
});

test('the calendar: `ntm ocop expire` moves certified → expiring → expired, once', async () => {
	assert.deepEqual(sweep('2026-06-01'), { expiring: 0, expired: 0, skipped: 0 });
	assert.equal(await state(ids.ga), 'certified');
	assert.deepEqual(sweep('2026-11-01'), { expiring: 2, expired: 0, skipped: 0 });
	assert.equal(await state(ids.ga), 'expiring');
	assert.equal(await state(ids.banh), 'expiring');
	assert.equal(await state(ids.tra), 'revoked', 'a revoked product is not the calendar\'s');
	assert.deepEqual(sweep('2026-11-01'), { expiring: 0, expired: 0, skipped: 0 }, 'idempotent');
	assert.deepEqual(sweep('2027-01-09'), { expiring: 0, expired: 0, skipped: 0 }, 'the last valid day');
	assert.deepEqual(sweep('2027-01-10'), { expiring: 0, expired: 2, skipped: 0 });
	assert.equal(await state(ids.ga), 'expired');
	assert.deepEqual(sweep('2027-01-10'), { expiring: 0, expired: 0, skipped: 0 }, 'idempotent');
	const audit = await auditLatest(admin, 20);
	const moves = audit.filter((a) => a.action === 'ocop.certificate_calendar');
	assert.equal(moves.length, 4);
	assert.ok(moves.every((a) => JSON.stringify(a).includes('system')), JSON.stringify(moves[0]));
});

test('renewal: a new certificate replaces the old one, whose page says so and links to it', async () => {
	const fresh = await record(ids.ga, { number: '70/QĐ-UBND', level: 'province', stars: 4,
		issued_on: '2027-01-05' });
	assert.equal(await state(ids.ga), 'certified');
	const old = ok(await hanoi.get(`${API}/certificates/${codes.ga}`));
	assert.equal(old.replaced_by, fresh);
	const m = mainOf((await page(ntm.base, `/ocop/verify/${codes.ga}`)).text);
	assert.ok(m.includes('ĐÃ ĐƯỢC THAY THẾ'), m);
	assert.ok(m.includes(`href="/ocop/verify/${fresh}"`), m);
	/* the old one cannot be revoked: only the current one */
	refused(await hanoi.post(`${API}/products/${ids.ga}/certificates/${codes.ga}/revoke`,
		{ json: { reason: 'x' } }), 409);
});

test('the product page lists its certificates with links; the forms for who may', async () => {
	const mine = mainOf((await hanoi.get(`/ocop/products/${ids.ga}`)).text);
	assert.ok(mine.includes('id="certificates"'));
	assert.ok(mine.includes(`href="/ocop/verify/${codes.ga}"`));
	assert.ok(mine.includes(`/ocop/certificates/${codes.ga}/certificate.pdf`));
	assert.ok(mine.includes('/revoke"'), 'the province may revoke the current one');
	assert.ok(!mine.includes(`/certificates/${codes.ga}/revoke"`), 'not the replaced one');
	const commune = mainOf((await socson.get(`/ocop/products/${ids.ga}`)).text);
	assert.ok(commune.includes(`href="/ocop/verify/${codes.ga}"`));
	assert.ok(!commune.includes('/revoke"') && !commune.includes('certificate.pdf'));
	/* recording a paper certificate: a form for the province, posted as a form */
	const ruou = mainOf((await hanoi.get(`/ocop/products/${ids.ruou}`)).text);
	assert.ok(ruou.includes(`action="/ocop/products/${ids.ruou}/certificates"`), ruou);
	assert.ok(!mainOf((await socson.get(`/ocop/products/${ids.ruou}`)).text).includes('/certificates"'));
	const bad = await hanoi.post(`/ocop/products/${ids.ruou}/certificates`,
		{ form: { number: '', level: 'province', stars: '4', issued_on: '' } });
	assert.equal(bad.status, 422);
	assert.ok(bad.text.includes('href="#f-number"') && bad.text.includes('href="#f-issued_on"'), 'every problem linked');
	const good = await hanoi.post(`/ocop/products/${ids.ruou}/certificates`,
		{ form: { number: '11/QĐ-UBND', level: 'province', stars: '3', issued_on: '2026-10-01', expires_on: '' } });
	assert.equal(good.status, 303, good.text.slice(0, 500));
	assert.match(good.headers.get('location'), new RegExp(`/ocop/products/${ids.ruou}\\?saved=1`));
	assert.equal(await state(ids.ruou), 'certified');
	assert.equal(ok(await hanoi.get(`${API}/certificates/01-11-QD-UBND`)).expires_on, '2029-09-30');
});

test('`ntm serve` sweeps at start: what it serves already follows the calendar', async () => {
	await withEnv({ NTM_TODAY: '2029-08-01' }, async () => {
		const s = await ntm.serve(ntm.dbPath);
		await s.stop();
	});
	assert.equal(await state(ids.ruou), 'expiring', 'its certificate ends 2029-09-30');
	assert.equal(await state(ids.ga), 'certified', 'renewed until 2030-01-04');
	assert.equal(await state(ids.banh), 'expired');
});
