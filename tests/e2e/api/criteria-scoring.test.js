'use strict';
/*
 * Scored criteria sets over HTTP (docs/CRITERIA.md §9), on a `ntm demo`
 * database: the shipped readiness index (criteria/dx-xa-2026-2030.json)
 * scores a commune's typed values with partial credit and a level; a typed
 * value for an observed indicator is refused naming it, with nothing
 * written; a document whose weights do not add up, or whose levels are out
 * of order, is refused naming the field.  The observed values themselves
 * (dx_observe) are tested in dx-*.test.js.
 *
 * Year 2028 keeps clear of the demo's readiness values (2026).
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client, auditTotal } = require('../lib/accounts');
const { ok, refused } = require('../lib/http');

const API = '/api/v1';
const SET = 'dx-xa-2026-2030';
const YEAR = 2028;
const SOCSON = '/units/2025/00376';	/* Xã Sóc Sơn: socson's commune */
const entry = `${API}${SOCSON}/indicators/${SET}/${YEAR}`;
const evaluation = `${API}${SOCSON}/evaluation/${SET}/${YEAR}`;

let ntm, admin, dieuphoi, socson, observer;

before(async () => {
	ntm = await startDemo();
	[admin, dieuphoi, socson] = await Promise.all(
	    ['admin', 'dieuphoi', 'socson'].map((u) => Client.login(ntm.base, u)));
	observer = await admin.makeTokenClient('scoring-observer');
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

const indicators = (ev) => Object.fromEntries(
    ev.criteria.flatMap((c) => c.indicators).map((i) => [i.id, i]));

describe('the readiness index scores a commune', () => {
	test('the shipped set is a scored set: weights add up to 100, four levels from 0, observed indicators marked', async () => {
		const r = ok(await observer.get(`${API}/criteria-sets/${SET}`));
		const doc = r.set;
		assert.equal(doc.kind, 'dx_readiness');
		assert.equal(doc.scoring.total, 100);
		assert.deepEqual(doc.scoring.levels.map((l) => l.min), [0, 40, 60, 80]);
		const inds = doc.criteria.flatMap((c) => c.indicators);
		assert.equal(inds.reduce((s, i) => s + i.weight, 0), 100);
		assert.deepEqual(inds.filter((i) => i.observed).map((i) => i.observed).sort(), [
			'dossiers_on_time_share', 'market_online_orders', 'ocop_producers_selling_share',
			'reports_on_time_share', 'survey_online_share']);
		/* Only the 924/QĐ-TTg target is verified; every other number is a proposal. */
		const statuses = inds.flatMap((i) => (i.thresholds || []).map((t) => [i.id, t.status]));
		assert.deepEqual(statuses.filter(([, s]) => s === 'verified'), [['cq.1', 'verified']]);
		assert.ok(statuses.every(([id, s]) => id === 'cq.1' || s === 'proposal'));
	});

	test('typed values give points, partial credit below a target, a level and the points to the next', async () => {
		/* ht: 90 % fibre (7), 100 % 4G (6), 40 % broadband of 80 (3 of 6),
		 * 80 % smartphones (6) = 22; cq.1 45 % of the 60 % target: 6 of 8. */
		ok(await socson.send('PUT', entry, { json: { values: {
			'ht.1': 90, 'ht.2': 100, 'ht.3': 40, 'ht.4': 80, 'cq.1': 45, 'cq.5': true } } }));
		const ev = ok(await observer.get(evaluation));
		const sc = ev.score;
		assert.equal(sc.total, 100);
		const ht = sc.pillars.find((p) => p.id === 'ht');
		assert.deepEqual([ht.points, ht.weight], [22, 25]);
		const ind = indicators(ev);
		assert.equal(ind['cq.1'].met, false);
		assert.equal(ind['cq.1'].threshold, 60);
		assert.equal(ind['cq.1'].threshold_status, 'verified');
		assert.equal(ind['cq.3'].observed, 'reports_on_time_share');
		assert.equal(ind['ht.1'].observed, undefined, 'a typed indicator carries no "observed"');
		/* 22 + 6 + 5 typed; observed ones add what the platform measured. */
		assert.ok(sc.score >= 33, `score ${sc.score}`);
		assert.equal(sc.complete, false, 'typed kt and xh indicators are still empty');
		assert.ok(sc.unscored > 0);
		const levels = [['khoi-dong', 0], ['co-ban', 40], ['phat-trien', 60], ['tien-tien', 80]];
		const reached = levels.filter(([, min]) => sc.score >= min).pop();
		assert.equal(sc.level.id, reached[0]);
		if (sc.next_level)
			assert.ok(Math.abs(sc.to_next - (sc.next_level.min - sc.score)) < 0.11);
		/* The lifts: scored indicators short of their weight, biggest gain first. */
		const ids = sc.lifts.map((l) => l.id);
		assert.ok(ids.includes('ht.3') && ids.includes('cq.1'), JSON.stringify(ids));
		assert.ok(ids.indexOf('ht.3') < ids.indexOf('cq.1'), 'a gain of 3 before a gain of 2');
		const cq1 = sc.lifts.find((l) => l.id === 'cq.1');
		assert.deepEqual([cq1.points, cq1.weight, cq1.gain, cq1.needs], [6, 8, 2, 60]);
	});

	test('the English evaluation names the levels in English', async () => {
		const ev = ok(await observer.get(`${evaluation}?lang=en`));
		assert.ok(['Starting', 'Basic', 'Developing', 'Advanced'].includes(ev.score.level.name),
		    ev.score.level.name);
	});
});

describe('refusals name the field and write nothing', () => {
	test('a typed value for an observed indicator is 422 naming it; the other values of the request are not written either', async () => {
		const before = ok(await observer.get(entry)).values;
		const audit = await auditTotal(observer);
		const err = refused(await socson.send('PUT', entry,
		    { json: { values: { 'ht.1': 10, 'cq.3': 95 } } }), 422, 'values.cq.3', 'criteria.observed');
		assert.match(err.message, /nền tảng/);
		refused(await socson.send('PUT', entry, { json: { values: { 'kt.2': null } } }),
		    422, 'values.kt.2', 'criteria.observed');
		assert.deepEqual(ok(await observer.get(entry)).values, before);
		assert.equal(await auditTotal(observer), audit, 'nothing recorded');
	});

	test('a scored document whose weights do not add up, or whose levels are out of order, is 422 naming the field', async () => {
		const doc = ok(await observer.get(`${API}/criteria-sets/${SET}`));
		const base = JSON.parse(JSON.stringify(doc.set));
		base.id = 'e2e-dx';
		base.version = 1;
		const heavier = JSON.parse(JSON.stringify(base));
		heavier.criteria[0].indicators[0].weight += 5;
		const e1 = refused(await dieuphoi.post(`${API}/criteria-sets`, { json: heavier }),
		    422, 'scoring.total', 'criteria.bad_weights');
		assert.match(e1.message, /105/);
		const unordered = JSON.parse(JSON.stringify(base));
		unordered.scoring.levels[2].min = 30;
		refused(await dieuphoi.post(`${API}/criteria-sets`, { json: unordered }),
		    422, 'scoring.levels[2].min', 'criteria.bad_levels');
		const typedFormula = JSON.parse(JSON.stringify(base));
		typedFormula.criteria[1].indicators[2].formula = '[cq.1]';
		refused(await dieuphoi.post(`${API}/criteria-sets`, { json: typedFormula }),
		    422, 'criteria[1].indicators[2].observed', 'criteria.unexpected_field');
		refused(await observer.get(`${API}/criteria-sets/e2e-dx`), 404);
	});
});
