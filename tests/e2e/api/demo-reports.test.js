'use strict';
/*
 * The demo's reports (src/cli/demo_reports.c, issue 15): what a person who
 * opens a demo installation finds.  On the "sample" demo the tests run (the
 * communes around Sóc Sơn and Bà Nà): every commune has its 2026 plan and
 * its months January-October, but Xã Thư Lâm, which has no report for
 * September and October, and Xã Phúc Thịnh, whose officer submitted its
 * October report after the due day: the completeness of October shows one
 * late and one missing; the figures keep the forms' rules month by month; the province's
 * plan counts the communes aiming at the title; the aggregates the officer
 * reads are the sums of the communes' reports; a commune's own officer wrote
 * and submitted its reports (the history names them), the province's approved.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client } = require('../lib/accounts');
const { ok } = require('../lib/http');

const API = '/api/v1';
const PROGRESS = 'ntm-tien-do-thang';
const PLAN = 'ntm-ke-hoach-nam';
const SAMPLE_HN = ['00376', '00382', '00385', '00430', '00433', '00454', '00466', '00475'];
const MISSING = '00475';	/* Xã Thư Lâm */
const LATE = '00466';		/* Xã Phúc Thịnh */
const SOURCES = ['central', 'local', 'integrated', 'credit', 'enterprises', 'community'];

let ntm, hanoi;

const path = (form, code, period) => `${API}/reports/${form}/2025/${code}/${period}`;

const sum = (o) => Object.values(o || {}).reduce((a, b) => a + b, 0);

before(async () => {
	delete process.env.NTM_DEMO_REPORTS;
	ntm = await startDemo();
	hanoi = await Client.login(ntm.base, 'hanoi');
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

describe('the demo reports', () => {
	test('every sampled commune of Hà Nội has its months, but the missing one', async () => {
		for (const code of SAMPLE_HN) {
			for (const m of ['01', '08', '09', '10']) {
				const j = ok(await hanoi.get(path(PROGRESS, code, `2026-${m}`)));
				const absent = code === MISSING && (m === '09' || m === '10');
				/* every commune's own officer submitted (the demo
				 * makes one for each): approved to August */
				const expected = absent ? 'new' : m <= '08' ? 'approved' : 'submitted';
				assert.equal(j.state, expected, `${code} 2026-${m}: ${j.state}`);
			}
		}
		const late = ok(await hanoi.get(path(PROGRESS, LATE, '2026-10')));
		assert.ok(late.values.capital_allocated, 'the late commune\'s October values are there');
	});

	test('the approval went through the procedure, dated as on time', async () => {
		const plan = ok(await hanoi.get(path('ntm-ke-hoach-nam', '00376', '2026')));
		assert.equal(plan.approval.state, 'approved');
		assert.match(plan.approval.submitted_at, /^2026-01-/);
		const oct = ok(await hanoi.get(path(PROGRESS, '00376', '2026-10')));
		assert.equal(oct.approval.state, 'submitted');
		assert.ok(oct.approval.actions.some((a) => a.id === 'approve'), 'the province may approve October');
		const done = ok(await hanoi.get(`${API}/reports/${PROGRESS}/completeness?unit=2025:01&period=2026-08`));
		assert.ok(JSON.stringify(done).includes('Sóc Sơn'), 'the completeness view names the communes');
	});

	test('October\'s completeness shows Phúc Thịnh late and Thư Lâm missing, on the API and the page', async () => {
		const late = ok(await hanoi.get(path(PROGRESS, LATE, '2026-10')));
		assert.equal(late.approval.submitted_by, 'phucthinh');
		assert.equal(late.approval.submitted_by_name, 'Cán bộ xã Phúc Thịnh');
		const c = ok(await hanoi.get(`${API}/reports/${PROGRESS}/completeness?unit=2025:01&period=2026-10`));
		const communes = c.levels.find((l) => l.level === 'commune');
		assert.ok(communes, JSON.stringify(c.levels.map((l) => l.level)));
		const of = (code) => communes.units.find((u) => u.code === code);
		assert.equal(of(LATE).status, 'late', JSON.stringify(of(LATE)));
		assert.equal(of(MISSING).status, 'missing', JSON.stringify(of(MISSING)));
		assert.equal(of('00376').status, 'on_time');
		assert.ok(communes.counts.late >= 1);
		const html = await hanoi.get(`/reports/${PROGRESS}/completeness?unit=2025:01&period=2026-10`);
		assert.equal(html.status, 200);
		const row = (name) => {	/* its row of the table (a reminder list comes first) */
			const i = html.text.indexOf(name, html.text.indexOf('<table'));
			assert.ok(i >= 0, `${name} on the page`);
			return html.text.slice(i, html.text.indexOf('</tr>', i));
		};
		assert.match(row('Xã Phúc Thịnh'), new RegExp(of(LATE).status_name));
		assert.match(row('Xã Thư Lâm'), new RegExp(of(MISSING).status_name));
	});

	test('the figures keep the rules and only grow month by month', async () => {
		let prev = null;
		for (let m = 1; m <= 10; m++) {
			const j = ok(await hanoi.get(path(PROGRESS, '00376', `2026-${String(m).padStart(2, '0')}`)));
			const v = j.values;
			for (const s of SOURCES) {
				assert.ok(v.capital_disbursed[s] <= v.capital_allocated[s], `${m}: disbursed ${s}`);
				assert.ok(v.capital_allocated[s] <= v.capital_mobilised[s], `${m}: allocated ${s}`);
				if (prev)
					assert.ok(v.capital_disbursed[s] >= prev.capital_disbursed[s], `${m}: cumulative ${s}`);
			}
			assert.ok(v.works_completed <= v.works_started, `${m}: works`);
			assert.deepEqual(j.warnings, [], `${m}: no rule warns`);
			prev = v;
		}
	});

	test('the province\'s plan sums its communes\' and counts those aiming at the title', async () => {
		let aiming = 0;
		let capital = 0;
		for (const code of SAMPLE_HN) {
			const p = ok(await hanoi.get(path(PLAN, code, '2026'))).values;
			assert.equal(sum(p.capital_plan), p.capital_plan_total, `${code}: the sources add up`);
			aiming += p.target_ntm ? 1 : 0;
			capital += p.capital_plan_total;
		}
		const prov = ok(await hanoi.get(path(PLAN, '01', '2026'))).values;
		assert.equal(prov.communes_target_ntm, aiming);
		assert.equal(sum(prov.capital_plan), prov.capital_plan_total);
		assert.ok(prov.capital_plan_total >= capital, 'the province plans at least its communes\' capital');
	});

	test('the province\'s October aggregate is the sum of its communes\' reports', async () => {
		const agg = ok(await hanoi.get(`${path(PROGRESS, '01', '2026-10')}/aggregate`));
		assert.equal(agg.reports, SAMPLE_HN.length - 1, 'every sampled commune but the missing one');
		let disbursed = 0;
		for (const code of SAMPLE_HN.filter((c) => c !== MISSING))
			disbursed += sum(ok(await hanoi.get(path(PROGRESS, code, '2026-10'))).values.capital_disbursed);
		assert.equal(sum(agg.values.capital_disbursed), disbursed);
	});

	test('a commune\'s own officer wrote its reports', async () => {
		const j = ok(await hanoi.get(path(PROGRESS, '00376', '2026-05')));
		assert.ok(j.history.length > 0);
		assert.ok(j.history.every((h) => h.username === 'socson'), JSON.stringify(j.history[0]));
		/* a commune without a named demo account has its own officer
		 * too, who submitted; the province's officer approved */
		const other = ok(await hanoi.get(path(PROGRESS, '00382', '2026-05')));
		assert.ok(other.history.length > 0);
		assert.ok(other.history.every((h) => h.username === 'xa-00382'), JSON.stringify(other.history[0]));
		assert.equal(other.approval.submitted_by, 'xa-00382');
		assert.equal(other.approval.approved_by, 'hanoi');
	});
});

describe('the officer of a ward (a commune-level unit the commune criteria do not apply to)', () => {
	test('lands on a home page with the reports that wait, not an error', async () => {
		/* Phường Hòa Xuân, Đà Nẵng: its officer is one of the demo's
		 * xa-CODE accounts; the home's criteria part used to fail on
		 * the commune set, which is not for urban wards */
		const ward = await Client.login(ntm.base, 'xa-20314');
		const r = await ward.get('/api/v1/home');
		assert.equal(r.status, 200, JSON.stringify(r.json));
		assert.ok(!r.json.items.some((i) => i.kind === 'criteria' && i.count > 0),
			'no criteria years asked of a ward');
		const page = await ward.get('/home');
		assert.equal(page.status, 200);
	});
});
