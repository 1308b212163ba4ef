'use strict';
/*
 * Reports over HTTP (issue 15, first part): saving a unit's monthly
 * progress report (PUT /api/v1/reports/{form}/{structure}/{code}/{period}),
 * reading it back with its flags, previous period, warnings and history,
 * and the aggregates kept up to date on every write
 * (…/{period}/aggregate): several communes of Hà Nội and one of Đà Nẵng
 * save a month, the province's and the nation's aggregates equal the sums;
 * a second write moves them by the difference; a violated blocking rule is
 * 422 naming the rule and writes nothing; an officer outside the unit is
 * 403; bad periods, forms and values are a 4xx naming their field (the
 * bad-input catalogue through the path and the body).
 *
 * On a `ntm demo` database without its demo reports (NTM_DEMO_REPORTS=none):
 * every figure here is the test's own.  Runs on SQLite and, with NTM_TEST_PG, on PostgreSQL.
 * That the maintained aggregates equal those rebuilt from the raw values
 * after many writes is tests/unit/reporting_report_test.c.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client, auditTotal } = require('../lib/accounts');
const { badInputs } = require('../lib/ntm');
const { ok, refused } = require('../lib/http');

/* The demo's own reports (src/cli/demo_reports.c) would add to every sum
 * this file checks: left out. */
process.env.NTM_DEMO_REPORTS = 'none';

const API = '/api/v1';
const FORM = 'ntm-tien-do-thang';
const MONTH = '2026-03';
const HN = ['2025', '01'];
const VN = ['2025', 'VN'];
/* Communes of Hà Nội: socson's own, and three only the province writes. */
const SOCSON = ['2025', '00376'];
const HN_OTHERS = [['2025', '00382'], ['2025', '00385'], ['2025', '00430']];
const BANA = ['2025', '20308'];		/* Xã Bà Nà, Đà Nẵng */

let ntm, admin, hanoi, danang, socson, bana, observer;

const reportPath = (form, [s, c], period) => `${API}/reports/${form}/${s}/${c}/${period}`;
const aggPath = (u, period = MONTH) => `${reportPath(FORM, u, period)}/aggregate`;

/* A commune's month: allocated and disbursed by source, works. */
function month(k) {
	return {
		capital_mobilised: { central: 3000000000 + k, local: 900000000 },
		capital_allocated: { central: 2000000000 + k * 1000, local: 500000000 + k },
		capital_disbursed: { central: 1000000000 + k * 7, local: 200000000 },
		works_started: 3 + k,
		works_completed: 1,
		difficulties: `Khó khăn ${k}`,
	};
}

const put = (client, unit, values, period = MONTH, form = FORM) =>
	client.send('PUT', reportPath(form, unit, period), { json: { values } });

const agg = async (unit, period = MONTH) => ok(await observer.get(aggPath(unit, period)));

/* The sum of one figure over months written (by slot path a.b). */
const pick = (values, slot) => slot.split('.').reduce((o, k) => (o == null ? undefined : o[k]), values);

before(async () => {
	ntm = await startDemo();
	admin = await Client.login(ntm.base, 'admin');
	observer = await admin.makeTokenClient('reports-observer');
	hanoi = await Client.login(ntm.base, 'hanoi');
	danang = await Client.login(ntm.base, 'danang');
	socson = await Client.login(ntm.base, 'socson');
	bana = await Client.login(ntm.base, 'bana');
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

describe('reports: save, read, aggregate', () => {
	const written = new Map();	/* "s:c" -> values */

	test('the forms are listed to a signed-in officer', async () => {
		const j = ok(await socson.get(`${API}/reports/forms`));
		assert.ok(j.items.some((f) => f.id === FORM), JSON.stringify(j).slice(0, 300));
		assert.equal((await Client.anonymous(ntm.base).get(`${API}/reports/forms`)).status, 401);
	});

	test('a new report reads as "new", with every slot flagged', async () => {
		const j = ok(await socson.get(reportPath(FORM, SOCSON, MONTH)));
		assert.equal(j.state, 'new');
		assert.equal(j.form.id, FORM);
		assert.equal(j.unit.code, SOCSON[1]);
		assert.equal(j.period, MONTH);
		assert.equal(j.due, '2026-04-05');
		/* nothing entered: the only values are the platform's own figures
		 * (reports-auto.test.js) */
		const autos = j.slots.filter((s) => s.automatic).map((s) => s.slot);
		assert.deepEqual(Object.keys(j.values).filter((k) => !autos.includes(k)), []);
		const rate = j.slots.find((s) => s.slot === 'disbursement_rate');
		assert.equal(rate.computed, true);
		assert.equal(rate.entered, false);
		const met = j.slots.find((s) => s.slot === 'criteria_met');
		assert.equal(met.automatic, true);
		const total = j.slots.find((s) => s.slot === 'capital_allocated');
		assert.equal(total.computed, true, 'a total is computed');
		assert.equal(j.slots.find((s) => s.slot === 'capital_allocated.central').entered, true);
		assert.equal(j.previous, null);
	});

	test('several communes of Hà Nội and one of Đà Nẵng save March: the aggregates are the sums', async () => {
		const audit0 = await auditTotal(observer);
		const t0 = Date.now();
		let j = ok(await put(socson, SOCSON, month(1)));
		const saveMs = Date.now() - t0;
		assert.equal(j.state, 'draft');
		assert.equal(j.values.capital_allocated.central, 2000001000);
		assert.ok(Object.keys(j.changed).includes('capital_allocated.central'), JSON.stringify(j.changed));
		written.set(SOCSON.join(':'), month(1));
		for (const [i, u] of HN_OTHERS.entries()) {
			j = ok(await put(hanoi, u, month(i + 2)));
			written.set(u.join(':'), month(i + 2));
		}
		ok(await put(bana, BANA, month(9)));
		written.set(BANA.join(':'), month(9));
		assert.equal(await auditTotal(observer), audit0 + 5, 'one audit entry a save');

		const sum = (units, slot) => units.reduce((s, u) => s + pick(written.get(u.join(':')), slot), 0);
		const hnUnits = [SOCSON, ...HN_OTHERS];
		const t1 = Date.now();
		const prov = await agg(HN);
		const readMs = Date.now() - t1;
		assert.equal(prov.reports, 4);
		assert.equal(prov.values.capital_allocated.central, sum(hnUnits, 'capital_allocated.central'));
		assert.equal(prov.values.capital_disbursed.local, sum(hnUnits, 'capital_disbursed.local'));
		assert.equal(prov.values.works_started, sum(hnUnits, 'works_started'));
		assert.equal(prov.counted['capital_allocated.central'], 4);
		/* the formula is recomputed from the sums, not averaged */
		const alloc = sum(hnUnits, 'capital_allocated.central') + sum(hnUnits, 'capital_allocated.local');
		const disb = sum(hnUnits, 'capital_disbursed.central') + sum(hnUnits, 'capital_disbursed.local');
		assert.ok(Math.abs(prov.values.disbursement_rate - 100 * disb / alloc) < 1e-9, `${prov.values.disbursement_rate}`);
		assert.equal(prov.values.difficulties, undefined, 'texts are not aggregated');
		assert.match(prov.method, /1\/k/);

		const nation = await agg(VN);
		const all = [...hnUnits, BANA];
		assert.equal(nation.reports, 5);
		assert.equal(nation.values.capital_allocated.central, sum(all, 'capital_allocated.central'));
		assert.equal(nation.values.works_started, sum(all, 'works_started'));
		const dn = await agg(['2025', '48']);
		assert.equal(dn.values.capital_allocated.central, sum([BANA], 'capital_allocated.central'));
		/* a commune's own aggregate is its report */
		assert.equal((await agg(SOCSON)).values.capital_allocated.central, 2000001000);
		test.diagnostic?.(`save ${saveMs} ms, aggregate read ${readMs} ms`);
		console.log(`# reports: first save ${saveMs} ms, province aggregate read ${readMs} ms (HTTP, incl. client)`);
	});

	test('a second write moves the aggregates by the difference; history keeps old → new', async () => {
		const before = await agg(HN);
		const nBefore = await agg(VN);
		const r = ok(await put(socson, SOCSON, { capital_allocated: { central: 2500000000 }, works_started: null }));
		assert.deepEqual(Object.keys(r.changed).sort(), ['capital_allocated.central', 'works_started']);
		const after = await agg(HN);
		assert.equal(after.values.capital_allocated.central - before.values.capital_allocated.central, 2500000000 - 2000001000);
		assert.equal(after.values.works_started, before.values.works_started - 4, 'a cleared value leaves the sum');
		assert.equal(after.counted.works_started, 3);
		assert.equal(after.values.capital_allocated.local, before.values.capital_allocated.local, 'untouched slots keep their value');
		const nAfter = await agg(VN);
		assert.equal(nAfter.values.capital_allocated.central - nBefore.values.capital_allocated.central, 2500000000 - 2000001000);

		const j = ok(await socson.get(reportPath(FORM, SOCSON, MONTH)));
		assert.equal(j.values.capital_allocated.local, 500000001, 'slots not named keep their value');
		assert.equal(j.values.works_started, undefined);
		const h = j.history.filter((x) => x.slot === 'capital_allocated.central');
		assert.equal(h.length, 2);
		assert.deepEqual([h[0].old, h[0].new], [null, 2000001000]);
		assert.deepEqual([h[1].old, h[1].new], [2000001000, 2500000000]);
		assert.equal(h[1].username, 'socson');
		assert.equal(h[1].role, 'commune_officer');
		assert.equal(h[1].state, 'draft');
		const cleared = j.history.filter((x) => x.slot === 'works_started');
		assert.deepEqual([cleared.at(-1).old, cleared.at(-1).new], [4, null]);
		/* the same values again change nothing and write no history */
		const again = ok(await put(socson, SOCSON, { capital_allocated: { central: 2500000000 } }));
		assert.deepEqual(again.changed, {});
		assert.equal(again.history_total, j.history_total);
	});

	test('a non-blocking rule violated is saved with a warning naming it', async () => {
		const j = ok(await put(hanoi, HN_OTHERS[0], { works_started: 1, works_completed: 5 }));
		const w = j.warnings.find((x) => x.rule === 'completed_le_started');
		assert.ok(w, JSON.stringify(j.warnings));
		assert.equal(w.field, 'values.works_completed');
		assert.match(w.message, /hoàn thành nhiều hơn/);
		assert.equal(j.rules.find((x) => x.id === 'completed_le_started').state, 'violated');
		ok(await put(hanoi, HN_OTHERS[0], { works_started: 3 + 2, works_completed: 1 }));
	});

	test('a violated blocking rule is 422 naming the rule and the element; nothing is written', async () => {
		const before = ok(await socson.get(reportPath(FORM, SOCSON, MONTH)));
		const aggBefore = await agg(HN);
		const audit0 = await auditTotal(observer);
		const r = await put(socson, SOCSON, { capital_disbursed: { central: 9000000000 }, works_started: 7 });
		const e = refused(r, 422, 'values.capital_disbursed', 'reporting.rule_violated');
		assert.match(e.message, /không thể lớn hơn/);
		const fields = r.json.error.problems.map((p) => p.field);
		assert.ok(fields.includes('values.capital_disbursed.central'), JSON.stringify(fields));
		const after = ok(await socson.get(reportPath(FORM, SOCSON, MONTH)));
		assert.deepEqual(after.values, before.values);
		assert.equal(after.history_total, before.history_total);
		assert.deepEqual(await agg(HN), aggBefore);
		assert.equal(await auditTotal(observer), audit0);
	});

	test('every bad value at once, each naming its element', async () => {
		const r = await put(socson, SOCSON, { capital_allocated: { central: -5, nowhere: 1 },
			works_started: 1.5, no_such: 1, disbursement_rate: 50, criteria_met: 3 });
		refused(r, 422);
		const fields = r.json.error.problems.map((p) => p.field).sort();
		for (const f of ['values.capital_allocated.central', 'values.capital_allocated.nowhere', 'values.works_started',
		    'values.no_such', 'values.disbursement_rate', 'values.criteria_met'])
			assert.ok(fields.includes(f), `${f} in ${fields}`);
		refused(await put(socson, SOCSON, undefined), 422, 'values');
		refused(await put(socson, SOCSON, [1, 2]), 422, 'values');
	});

	test('periods, forms and units that do not fit: 4xx naming the field', async () => {
		refused(await put(socson, SOCSON, { works_started: 1 }, '2026-13'), 422, 'period', 'reporting.bad_period');
		refused(await put(socson, SOCSON, { works_started: 1 }, '2026Q5'), 422, 'period', 'reporting.bad_period');
		refused(await put(socson, SOCSON, { works_started: 1 }, '2026Q1'), 422, 'period', 'reporting.wrong_period');
		refused(await put(socson, SOCSON, { works_started: 1 }, '2025-12'), 422, 'period', 'reporting.wrong_period');
		refused(await put(socson, SOCSON, { works_started: 1 }, '2030-12'), 422, 'period', 'reporting.not_started');
		refused(await put(socson, SOCSON, { works_started: 1 }, MONTH, 'no-such-form'), 404, 'form', 'reporting.unknown_form');
		refused(await socson.get(reportPath('no-such-form', SOCSON, MONTH)), 404, 'form');
		refused(await socson.get(aggPath(SOCSON, '2026-00')), 422, 'period');
		/* a village is not a level of the form */
		const v = await admin.get(`${API}/units?structure=2025&level=village&limit=1`);
		if (v.status === 200 && v.json.items?.length) {
			const u = v.json.items[0];
			refused(await observer.get(reportPath(FORM, [u.structure, u.code], MONTH)), 422, 'code', 'reporting.wrong_level');
		}
	});

	test('an officer outside the unit is refused 403 and nothing is written', async () => {
		const audit0 = await auditTotal(observer);
		refused(await put(socson, BANA, { works_started: 99 }), 403);
		refused(await put(bana, SOCSON, { works_started: 99 }), 403);
		refused(await put(danang, HN_OTHERS[1], { works_started: 99 }), 403);
		refused(await danang.get(aggPath(HN)), 403);
		refused(await socson.get(aggPath(HN)), 403, undefined);
		refused(await admin.send('PUT', reportPath(FORM, SOCSON, MONTH), { json: { values: { works_started: 1 } } }), 403);
		assert.equal(await auditTotal(observer), audit0);
		assert.equal(ok(await observer.get(reportPath(FORM, BANA, MONTH))).values.works_started, 12);
	});

	test('the province saves its own report: compared with, never added to, its communes\' sum', async () => {
		const before = await agg(HN);
		ok(await put(hanoi, HN, { capital_allocated: { central: 7 }, works_started: 1 }));
		assert.deepEqual(await agg(HN), before);
		assert.equal(ok(await hanoi.get(reportPath(FORM, HN, MONTH))).values.works_started, 1);
	});

	test('the next month shows the previous one, and the year\'s plan', async () => {
		ok(await put(socson, SOCSON, { works_started: 2 }, '2026-04'));
		const j = ok(await socson.get(reportPath(FORM, SOCSON, '2026-04')));
		assert.equal(j.previous.period, MONTH);
		assert.equal(j.previous.values.capital_allocated.central, 2500000000);
		assert.deepEqual(j.plans, [], 'no plan saved yet');
		/* the year's plan is shown beside the month */
		ok(await put(socson, SOCSON, { capital_plan: { central: 4000000000 }, works_planned: 6 }, '2026', 'ntm-ke-hoach-nam'));
		const withPlan = ok(await socson.get(reportPath(FORM, SOCSON, '2026-04')));
		assert.equal(withPlan.plans.length, 1);
		assert.equal(withPlan.plans[0].form.id, 'ntm-ke-hoach-nam');
		assert.equal(withPlan.plans[0].period, '2026');
		assert.equal(withPlan.plans[0].values.capital_plan.central, 4000000000);
		assert.equal(withPlan.plans[0].values.works_planned, 6);
		/* April's aggregate is April's alone */
		assert.equal((await agg(HN, '2026-04')).values.works_started, 2);
	});

	test('saves of many communes at the same moment: the province\'s sum loses none of them', async () => {
		const units = (await observer.get(`${API}/units?structure=2025&level=commune&parent=01&limit=24`)).json.items
			.map((u) => [u.structure, u.code]);
		assert.ok(units.length >= 20, `${units.length} communes`);
		const rs = await Promise.all(units.map((u, i) => put(hanoi, u, { works_started: i + 1,
			capital_allocated: { central: 1000 * (i + 1) } }, '2026-05')));
		for (const r of rs)
			ok(r);
		const a = await agg(HN, '2026-05');
		assert.equal(a.reports, units.length);
		assert.equal(a.values.works_started, units.length * (units.length + 1) / 2);
		assert.equal(a.values.capital_allocated.central, 1000 * units.length * (units.length + 1) / 2);
		assert.equal((await agg(VN, '2026-05')).values.works_started, units.length * (units.length + 1) / 2);
	});

	test('a year\'s plan opens a year ahead (drafted with the budget estimates), a month on its first day', async (t) => {
		/* a second server on the same database whose today is 20/12/2025 */
		const saved = process.env.NTM_TODAY;
		process.env.NTM_TODAY = '2025-12-20';
		let early;
		try {
			early = await ntm.serve(ntm.dbPath);
		} finally {
			if (saved === undefined)
				delete process.env.NTM_TODAY;
			else
				process.env.NTM_TODAY = saved;
		}
		t.after(() => early.stop());
		const officer = await Client.login(early.base, 'hanoi');
		const unit = HN_OTHERS[2];
		const e1 = refused(await put(officer, unit, { works_started: 1 }, '2026-01'), 422, 'period', 'reporting.not_started');
		assert.match(e1.message, /01\/01\/2026/, 'names the day it opens');
		const e2 = refused(await put(officer, unit, { works_planned: 2 }, '2027', 'ntm-ke-hoach-nam'), 422, 'period', 'reporting.not_started');
		assert.match(e2.message, /01\/01\/2026/);
		const e3 = refused(await officer.send('PUT', reportPath('ntm-ke-hoach-nam', unit, '2027') + '?lang=en',
		    { json: { values: { works_planned: 2 } } }), 422, 'period');
		assert.match(e3.message_en ?? e3.message, /2026-01-01/);
		ok(await put(officer, unit, { works_planned: 2 }, '2026', 'ntm-ke-hoach-nam'));
		const read = ok(await observer.get(reportPath('ntm-ke-hoach-nam', unit, '2026')));
		assert.equal(read.values.works_planned, 2);
	});

	test('hostile path and body values (bad-inputs.json): 4xx, never a 500', async () => {
		const bad = badInputs();
		const strings = [...bad.codes, ...bad.sql, ...bad.html_script, ...bad.paths, ...bad.dates_periods,
			...Object.values(bad.unicode)].filter((x) => typeof x === 'string' && x !== '' && !x.includes('/') && !x.includes('\0'));
		for (const v of strings) {
			const enc = encodeURIComponent(v);
			for (const [path, field] of [[`${API}/reports/${FORM}/2025/00376/${enc}`, 'period'],
			    [`${API}/reports/${enc}/2025/00376/${MONTH}`, 'form'],
			    [`${API}/reports/${FORM}/2025/00376/${enc}/aggregate`, 'period']]) {
				const r = await socson.get(path);
				assert.ok(r.status >= 400 && r.status < 500, `${path}: ${r.status}`);
				if (r.json?.error && r.status !== 400)
					assert.equal(r.json.error.field, field, `${path}: ${JSON.stringify(r.json.error)}`);
			}
			const w = await put(socson, SOCSON, { works_started: v }, MONTH);
			refused(w, 422, 'values.works_started');
			const k = await put(socson, SOCSON, { [v]: 1 }, MONTH);
			assert.ok(k.status >= 400 && k.status < 500, `key ${JSON.stringify(v)}: ${k.status}`);
		}
		for (const v of bad.numbers) {
			const r = await put(socson, SOCSON, { capital_allocated: { central: v } });
			assert.ok(r.status >= 400 && r.status < 500 || r.status === 200, `${JSON.stringify(v)}: ${r.status}`);
			if (r.status !== 200)
				assert.match(r.json.error.field, /^values/, JSON.stringify(v));
		}
		ok(await put(socson, SOCSON, { capital_allocated: { central: 2500000000 } }));
	});
});
