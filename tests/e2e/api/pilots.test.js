'use strict';
/*
 * Pilot models of smart villages and communes (issue 19, docs/DIGITAL.md
 * section 6): a commune officer registers a pilot with its indicators
 * before and after, adds two progress notes (one with a photo checked by
 * its content), and anyone reads it, searches the lessons without
 * diacritics, compares pilots and downloads the register; another
 * province's officer is refused and nothing is written; a bad pilot is
 * refused naming every field at once.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startDemo, Client } = require('../lib/accounts');
const { ok, refused } = require('../lib/http');

let ntm, socson, danang, anon, id;

const pilot = {
	unit: '2025:00376-02', kind: 'smart_village', status: 'running',
	title: 'Thôn thông minh <b>số 2</b>: chuyển đổi số ở thôn',
	deployed: 'Wifi công cộng và tổ công nghệ số cộng đồng',
	cost: '350.000.000', funding: 'local',
	start_date: '2026-03-01', review_date: '2026-12-01',
	resp_unit: 'UBND xã Sóc Sơn', resp_person: 'Lê Văn Thử',
	worked: 'Tổ công nghệ số hướng dẫn từng hộ',
	not_worked: 'Sóng yếu ở cuối thôn', advice: 'Khảo sát sóng trước',
	indicators: [
		{ name: 'Hộ dùng dịch vụ công trực tuyến', unit: '%', before: '20', before_date: '2026-02-15',
			after: '45,5', after_date: '2026-10-15' },
		{ name: 'Camera an ninh', unit: 'chiếc', before: 0, before_date: '2026-02-15' },
	],
};

before(async () => {
	ntm = await startDemo();
	socson = await Client.login(ntm.base, 'socson');
	danang = await Client.login(ntm.base, 'danang');
	anon = Client.anonymous(ntm.base);
	const r = ok(await socson.post('/api/v1/pilots', { json: pilot }));
	id = r.created.id;
});
after(() => ntm && ntm.stop());

/* What a reader sees of a page: its text without the tags. */
function visible(html) {
	return html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]*>/g, ' ');
}

/* A photo sent as the body itself to a note of the pilot. */
function upload(client, noteId, bytes, type, filename) {
	return fetch(`${ntm.base}/api/v1/pilots/${id}/notes/${noteId}/photos?filename=${encodeURIComponent(filename)}`, {
		method: 'POST', body: bytes,
		headers: client.headers({ 'content-type': type, 'x-csrf-token': client.csrf }),
	});
}

test('a pilot with two progress notes (one with a photo) and its indicators before and after', async () => {
	const first = ok(await socson.post(`/api/v1/pilots/${id}/notes`, { json: { date: '2026-04-01',
		body: 'Lắp xong wifi ở nhà văn hóa' } }));
	assert.ok(first.created.id > 0);
	/* the page's form: multipart, the photo in "file" */
	const jpeg = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'ocop-photo.jpg'));
	const fd = new FormData();
	fd.append('_csrf', socson.csrf);
	fd.append('date', '2026-09-30');
	fd.append('body', 'Tỷ lệ hộ dùng dịch vụ công trực tuyến lên 45,5 %');
	fd.append('file', new Blob([jpeg], { type: 'image/jpeg' }), 'tien-do.jpg');
	const res = await fetch(`${ntm.base}/pilots/${id}/notes`, { method: 'POST', body: fd, redirect: 'manual',
		headers: { cookie: `ntm_session=${socson.cookie}` } });
	assert.equal(res.status, 303, await res.text());
	const p = ok(await anon.get(`/api/v1/pilots/${id}`));
	assert.equal(p.notes.length, 2);
	assert.deepEqual(p.notes.map((n) => n.date), ['2026-04-01', '2026-09-30']);
	assert.equal(p.notes[0].photos.length, 0);
	assert.equal(p.notes[1].photos.length, 1);
	assert.equal(p.cost_vnd, 350000000);
	assert.equal(p.funding_name, 'Ngân sách địa phương');
	assert.equal(p.indicators.length, 2);
	assert.equal(p.indicators[0].before, 20);
	assert.equal(p.indicators[0].after, 45.5);
	assert.equal(p.indicators[0].change_text, '+25,5');
	assert.equal(p.indicators[1].after, null);
	assert.equal(p.indicators[1].after_text, '—');
	/* the photo is the bytes sent, for everyone */
	const photo = await fetch(`${ntm.base}${p.notes[1].photos[0].href}`);
	assert.equal(photo.status, 200);
	assert.equal(photo.headers.get('content-type'), 'image/jpeg');
	assert.ok(Buffer.from(await photo.arrayBuffer()).equals(jpeg));
	/* the page: words, escaped, no unit code */
	const page = await anon.get(`/pilots/${id}`);
	assert.equal(page.status, 200);
	assert.match(page.text, /Thôn thông minh &lt;b&gt;số 2&lt;\/b&gt;/);
	assert.doesNotMatch(page.text, /<b>số 2<\/b>/);
	assert.match(page.text, /350\.000\.000 đ/);
	assert.match(page.text, /Lắp xong wifi ở nhà văn hóa/);
	assert.match(page.text, /45,5/);
	assert.doesNotMatch(visible(page.text), /00376|2025:|smart_village|funding|local\b/, 'no unit code or key on the page');
	assert.doesNotMatch(page.text, /action="\/pilots\/\d+\/notes"/, 'an anonymous reader is offered no form');
	const mine = await socson.get(`/pilots/${id}`);
	assert.match(mine.text, new RegExp(`action="/pilots/${id}/notes"`), 'the commune officer is offered the note form');
});

test('a photo is what its content is: an HTML file named .jpg is refused, nothing written', async () => {
	const before = ok(await anon.get(`/api/v1/pilots/${id}`));
	const noteId = before.notes[0].id;
	const r = await upload(socson, noteId, Buffer.from('<html><body>x</body></html>'), 'image/jpeg', 'anh.jpg');
	assert.equal(r.status, 415);
	const body = await r.json();
	assert.equal(body.error.field, 'photo');
	const png = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'ocop-photo.jpg'));
	const good = await upload(socson, noteId, png, 'image/jpeg', 'them.jpg');
	assert.equal(good.status, 200, await good.text());
	const afterAdd = ok(await anon.get(`/api/v1/pilots/${id}`));
	assert.equal(afterAdd.notes[0].photos.length, 1, 'only the good photo was stored');
});

test('the lessons are searched without diacritics: "thon thong minh" finds "thôn thông minh"', async () => {
	const l = ok(await anon.get('/api/v1/pilots/lessons?q=thon%20thong%20minh'));
	assert.ok(l.items.some((p) => p.id === id), JSON.stringify(l.items.map((p) => p.title)));
	assert.ok(l.items.every((p) => p.has_lessons));
	const w = ok(await anon.get('/api/v1/pilots/lessons?q=khao%20sat%20song'));
	assert.ok(w.items.some((p) => p.id === id), 'a word of the advice finds it');
	const none = ok(await anon.get('/api/v1/pilots/lessons?q=khong%20co%20bai%20hoc%20nay'));
	assert.equal(none.total, 0);
	const page = await anon.get('/pilots/lessons?q=thon+thong+minh');
	assert.match(page.text, /Sóng yếu ở cuối thôn/);
	/* the register filters by province, kind and status */
	const hn = ok(await anon.get('/api/v1/pilots?province=2025:01&kind=smart_village&q=THON%20THONG%20MINH'));
	assert.ok(hn.items.some((p) => p.id === id));
	const dn = ok(await anon.get('/api/v1/pilots?province=2025:48&q=thon%20thong%20minh%20so%202'));
	assert.equal(dn.total, 0);
});

test('another province\'s officer is refused and nothing is written', async () => {
	const before = ok(await anon.get(`/api/v1/pilots/${id}`));
	refused(await danang.post(`/api/v1/pilots/${id}/notes`, { json: { date: '2026-05-01', body: 'không được' } }), 403);
	refused(await danang.post(`/api/v1/pilots/${id}`, { json: { ...pilot, title: 'Đổi tên' } }), 403);
	refused(await danang.post('/api/v1/pilots', { json: { ...pilot, title: 'Ở Hà Nội' } }), 403);
	refused(await anon.post(`/api/v1/pilots/${id}/notes`, { json: { date: '2026-05-01', body: 'x' } }), 401);
	const afterTry = ok(await anon.get(`/api/v1/pilots/${id}`));
	assert.deepEqual(afterTry, before);
	const all = ok(await anon.get('/api/v1/pilots?q=o%20ha%20noi'));
	assert.equal(all.items.filter((p) => p.title === 'Ở Hà Nội').length, 0);
	/* the province's own officer may */
	const hanoi = await Client.login(ntm.base, 'hanoi');
	ok(await hanoi.post(`/api/v1/pilots/${id}`, { json: { ...pilot, status: 'finished' } }));
	assert.equal(ok(await anon.get(`/api/v1/pilots/${id}`)).status, 'finished');
});

test('a bad pilot is refused naming every field at once, nothing written', async () => {
	const before = ok(await anon.get('/api/v1/pilots?limit=500')).total;
	const r = await socson.post('/api/v1/pilots', { json: { unit: '2025:00376', kind: 'robot', title: '',
		deployed: 'x', cost: 'nhiều tiền', funding: 'ngoai_hanh_tinh', start_date: '2026-13-01',
		review_date: '2026-01-01', resp_unit: 'UBND', resp_person: '',
		indicators: [{ name: 'Chỉ số', unit: '%', before: 'abc', before_date: '2026-01-01', after: '5' }] } });
	refused(r, 422);
	const fields = r.json.error.problems.map((p) => p.field).sort();
	assert.deepEqual(fields, ['cost', 'funding', 'indicators.1.after_date', 'indicators.1.before', 'kind',
		'resp_person', 'start_date', 'title'].sort());
	assert.equal(ok(await anon.get('/api/v1/pilots?limit=500')).total, before);
	/* the page's form: the problems at the top, each a link, what was typed shown again */
	const page = await socson.post('/pilots', { form: { unit: '2025:00376', kind: 'smart_commune', title: '',
		deployed: 'Một cửa số', cost: '1.000', funding: 'local', start_date: '2026-01-01',
		review_date: '2026-06-01', resp_unit: 'UBND xã', resp_person: 'A',
		'indicators.1.name': 'Hồ sơ trực tuyến', 'indicators.1.unit': '%', 'indicators.1.before': 'x' } });
	assert.equal(page.status, 422);
	assert.match(page.text, /href="#f-title"/);
	assert.match(page.text, /href="#f-indicators-1-before"/);
	assert.match(page.text, /href="#f-indicators-1-before_date"/);
	assert.match(page.text, /value="Hồ sơ trực tuyến"/, 'the indicator typed is shown again');
	assert.match(page.text, /Một cửa số/);
});

test('pilots side by side, and the register as CSV and XLSX', async () => {
	const list = ok(await anon.get('/api/v1/pilots?limit=500'));
	assert.ok(list.total >= 3, 'the two demo pilots and this one');
	assert.ok(list.items.some((p) => /Bà Nà/.test(p.place)), 'the demo pilot of Đà Nẵng');
	const ids = list.items.slice(0, 3).map((p) => p.id);
	const c = ok(await anon.get(`/api/v1/pilots/compare?ids=${ids.join(',')}`));
	assert.equal(c.pilots.length, 3);
	assert.ok(c.rows.every((row) => row.values.length === 3));
	const page = await anon.get(`/pilots/compare?ids=${ids[0]}&ids=${ids[1]}`);
	assert.equal(page.status, 200);
	assert.match(page.text, /Kinh phí/);
	refused(await anon.get(`/api/v1/pilots/compare?ids=${ids[0]}`), 422, 'ids', 'pilots.compare_count');
	const csv = await fetch(`${ntm.base}/pilots/export.csv`);
	assert.equal(csv.status, 200);
	assert.match(csv.headers.get('content-type'), /text\/csv/);
	const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
	assert.equal(lines.length, list.total + 1, 'a row per pilot of the page, and the heading');
	assert.match(lines[0], /^Tên mô hình,Nơi thí điểm/);
	const xlsx = await fetch(`${ntm.base}/pilots/export.xlsx`);
	assert.equal(xlsx.status, 200);
	assert.equal(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString(), 'PK');
	const html = await anon.get('/pilots');
	assert.match(html.text, /Thôn thông minh/);
	assert.doesNotMatch(visible(html.text), /smart_village|smart_commune|2025:|00376/);
});

test('an indicator picked from the readiness set by name takes its name, unit and the commune\'s values', async () => {
	const dieuphoi = await Client.login(ntm.base, 'dieuphoi');
	let got = await anon.get('/api/v1/criteria-sets/dx-xa-2026-2030');
	if (got.status === 404) {
		/* before the readiness set ships: a stand-in of the same id */
		ok(await dieuphoi.post('/api/v1/criteria-sets', { json: {
			format: 'ntm-criteria/1', id: 'dx-xa-2026-2030', version: 1, name: 'Chỉ số sẵn sàng (thử)',
			kind: 'custom', applies_to: { structure: '2025', level: 'commune' },
			years: { from: 2026, to: 2030 }, variant_by: 'none',
			criteria: [{ id: 'h', name: 'Hạ tầng số', indicators: [
				{ id: 'h.1', name: 'Tỷ lệ hộ có cáp quang', type: 'number', unit: '%', op: '>=',
					thresholds: [{ value: 80 }] }] }] } }));
		got = await anon.get('/api/v1/criteria-sets/dx-xa-2026-2030');
	}
	const doc = ok(got).set;
	const ind = doc.criteria.flatMap((c) => c.indicators)
		.find((x) => x.type === 'number' && !x.observed && !x.formula);
	assert.ok(ind, 'a typed number indicator of the set');
	ok(await socson.send('PUT', `/api/v1/units/2025/00376/indicators/dx-xa-2026-2030/2026`,
		{ json: { values: { [ind.id]: 42 } } }));
	/* the place is found by name, without JavaScript */
	const found = await socson.get('/pilots/new?unit_q=thon%201');
	assert.equal(found.status, 200);
	assert.match(found.text, /value="2025:00376-01"/);
	/* the form offers the set's indicators by name */
	const form = await socson.get('/pilots/new');
	assert.match(form.text, new RegExp(`<option value="${ind.id.replace('.', '\\.')}">`));
	const r = ok(await socson.post('/api/v1/pilots', { json: { ...pilot, title: 'Mô hình chỉ số chọn',
		indicators: [{ dx_indicator: ind.id, before: '', before_date: '2026-01-10' }] } }));
	const x = r.created.indicators[0];
	assert.equal(x.name, ind.name);
	assert.equal(x.dx_indicator, ind.id);
	assert.equal(x.before, 42, 'the village\'s commune\'s value of the year');
	refused(await socson.post('/api/v1/pilots', { json: { ...pilot,
		indicators: [{ dx_indicator: 'khong-co', before: '1', before_date: '2026-01-10' }] } }),
	422, 'indicators.1.dx_indicator', 'pilots.bad_dx_indicator');
});

test('the edit page shows the stored pilot and its indicators, and saving it as shown keeps them', async () => {
	const demo = ok(await anon.get('/api/v1/pilots?q=loa%20truyen%20thanh%20thong%20minh')).items[0];
	const p = ok(await anon.get(`/api/v1/pilots/${demo.id}`));
	assert.equal(p.indicators.length, 3);
	const page = await socson.get(`/pilots/${demo.id}/edit`);
	assert.equal(page.status, 200);
	for (const [i, x] of p.indicators.entries())
		assert.match(page.text, new RegExp(`name="indicators\\.${i + 1}\\.name" maxlength="200" value="${x.name}"`));
	assert.match(page.text, /name="indicators\.4\.name"/, 'one empty row more');
	assert.match(page.text, /<option value="local" selected>/, 'the funding source chosen');
	/* the form posted back as the page fills it */
	const form = { unit: p.unit, kind: p.kind, status: p.status, title: p.title, deployed: p.deployed,
		cost: String(p.cost_vnd), funding: p.funding, start_date: p.start_date, review_date: p.review_date,
		resp_unit: p.resp_unit, resp_person: p.resp_person, worked: p.worked, not_worked: p.not_worked,
		advice: 'Khảo sát sóng trước; giao đoàn thanh niên duy trì' };
	p.indicators.forEach((x, i) => Object.assign(form, { [`indicators.${i + 1}.name`]: x.name,
		[`indicators.${i + 1}.unit`]: x.unit, [`indicators.${i + 1}.before`]: String(x.before).replace('.', ','),
		[`indicators.${i + 1}.before_date`]: x.before_date, [`indicators.${i + 1}.after`]: String(x.after),
		[`indicators.${i + 1}.after_date`]: x.after_date }));
	form['indicators.4.name'] = '';
	const saved = await socson.post(`/pilots/${demo.id}`, { form });
	assert.equal(saved.status, 303, saved.text.slice(0, 300));
	const again = ok(await anon.get(`/api/v1/pilots/${demo.id}`));
	assert.deepEqual(again.indicators.map((x) => [x.name, x.before, x.after]),
		p.indicators.map((x) => [x.name, x.before, x.after]));
	assert.equal(again.advice, 'Khảo sát sóng trước; giao đoàn thanh niên duy trì');
	assert.equal(again.notes.length, p.notes.length, 'the notes stay');
});
