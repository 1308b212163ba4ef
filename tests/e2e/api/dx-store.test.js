'use strict';
/*
 * Digital readiness (issue 19; src/domain/dx, docs/DIGITAL.md §2-3): the
 * JSON at /api/v1/units/{structure}/{code}/digital.
 *
 *   - an assessment typed for a commune (PUT of the dx set's values) gives
 *     the score, level and gap the set's weights and levels say;
 *   - a typed value for an observed indicator is refused 422 naming it,
 *     and nothing of the request is written;
 *   - the province's and the nation's roll-up and ranking carry the
 *     communes' own scores and levels, and add up;
 *   - observed values appear after the commune uses the platform: a
 *     report submitted on time, an OCOP producer certified then selling,
 *     an order delivered, survey responses collected online - and the
 *     entry form shows them with how they were measured.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client } = require('../lib/accounts');
const { ok, refused } = require('../lib/http');
const { certifiedProduct, openShop, setShipping, createListing } = require('../lib/market');
const { placedOrder, moveOrder } = require('../lib/market-orders');

/* The demo's reports would already fill Sóc Sơn's reporting record: left
 * out, so the first report submitted here is the one counted. */
process.env.NTM_DEMO_REPORTS = 'none';

const API = '/api/v1';
const SET = 'dx-xa-2026-2030';
const YEAR = new Date().getUTCFullYear() < 2026 ? 2026 : Math.min(new Date().getUTCFullYear(), 2030);
const SOCSON = ['2025', '00376'];
const MONTHLY = 'ntm-tien-do-thang';

let ntm, anon, admin, socson;
let doc;		/* the dx set's document */
let fresh;		/* a commune of Tuyên Quang with nothing assessed */

const digital = (client, [s, c], q = '') => client.get(`${API}/units/${s}/${c}/digital${q}`);
const indicators = () => doc.criteria.flatMap((c) => c.indicators);
const observedOf = (j, id) => j.observed.find((o) => o.id === id);

before(async () => {
	ntm = await startDemo();
	anon = Client.anonymous(ntm.base);
	admin = await Client.login(ntm.base, 'admin');
	socson = await Client.login(ntm.base, 'socson');
	doc = ok(await anon.get(`${API}/criteria-sets/${SET}`)).set;
	const tq = ok(await anon.get(`${API}/units/2025/08`));
	for (const u of tq.children.items) {
		const j = ok(await digital(anon, ['2025', u.code], `?year=${YEAR}`));
		if (!j.assessed) {
			fresh = ['2025', u.code];
			break;
		}
	}
	assert.ok(fresh, 'a Tuyên Quang commune without any value');
});

after(async () => {
	if (ntm)
		await ntm.stop();
});

/* The threshold of a number indicator for YEAR. */
function threshold(ind) {
	const t = (ind.thresholds || []).find((x) => (x.from_year || 0) <= YEAR &&
		(!x.to_year || x.to_year >= YEAR) && !x.variant);
	return t ? t.value : null;
}

describe('an assessment typed for a commune', () => {
	let typed, half, no, expected;

	before(() => {
		typed = indicators().filter((i) => !i.observed && (i.type === 'boolean' ||
			(i.type === 'number' && threshold(i) !== null)));
		half = typed.find((i) => i.type === 'number' && (i.op === '>=' || i.op === '>'));
		no = typed.find((i) => i.type === 'boolean');
		assert.ok(half && no, 'the set has a number and a boolean indicator typed by officers');
		/* every typed indicator met but: half at half its threshold (linear
		 * credit from 0: half the weight), no answered false (0) */
		expected = typed.reduce((s, i) => s + i.weight, 0) - half.weight / 2 - no.weight;
	});

	test('PUT the typed values: the score, the level reached, the gap to the next', async () => {
		const values = {};
		for (const i of typed)
			values[i.id] = i.type === 'boolean' ? i.id !== no.id : i.id === half.id ?
				threshold(i) / 2 : threshold(i);
		ok(await admin.send('PUT', `${API}/units/${fresh[0]}/${fresh[1]}/indicators/${SET}/${YEAR}`,
			{ json: { values } }));
		const j = ok(await digital(anon, fresh, `?year=${YEAR}`));
		assert.equal(j.assessed, true);
		assert.equal(j.set.id, SET);
		assert.equal(j.year, YEAR);
		assert.equal(j.score.score, Math.round(expected * 10) / 10);
		const levels = doc.scoring.levels;
		const reached = levels.filter((l) => l.min <= expected + 1e-9).pop();
		assert.equal(j.score.level.id, reached.id);
		const next = levels[levels.indexOf(reached) + 1];
		if (next) {
			assert.equal(j.score.next_level.id, next.id);
			assert.equal(j.score.to_next, Math.round((next.min - expected) * 10) / 10);
		}
		/* nothing observed for this commune: those indicators score 0 and
		 * the assessment is not complete */
		assert.equal(j.score.complete, false);
		assert.ok(j.observed.length > 0 && j.observed.every((o) => o.value === null),
			JSON.stringify(j.observed));
		/* the evaluation and the trend say the same */
		assert.equal(j.evaluation.set_id, SET);
		const y = j.trend.find((t) => t.year === YEAR);
		assert.equal(y.score, j.score.score);
		assert.equal(y.level.id, reached.id);
		assert.ok(j.rank >= 1 && j.province_rank >= 1);
	});

	test('a typed value for an observed indicator is refused 422 naming it; nothing is written', async () => {
		const obs = indicators().find((i) => i.observed);
		const before = ok(await digital(anon, fresh, `?year=${YEAR}`));
		refused(await admin.send('PUT', `${API}/units/${fresh[0]}/${fresh[1]}/indicators/${SET}/${YEAR}`,
			{ json: { values: { [half.id]: threshold(half), [obs.id]: 80 } } }), 422, `values.${obs.id}`,
			'criteria.observed');
		const now = ok(await digital(anon, fresh, `?year=${YEAR}`));
		assert.equal(now.score.score, before.score.score, 'the other value of the request is not written');
		assert.equal(observedOf(now, obs.id).value, null);
	});

	test('the province\'s and the nation\'s roll-up carry the commune\'s own score, level and ranks', async () => {
		const mine = ok(await digital(anon, fresh, `?year=${YEAR}`));
		const prov = ok(await digital(anon, ['2025', '08'], `?year=${YEAR}&limit=500`));
		assert.equal(prov.scope.code, '08');
		const row = prov.ranking.find((r) => r.code === fresh[1]);
		assert.ok(row, 'the commune is in its province\'s ranking');
		assert.equal(row.score, mine.score.score);
		assert.equal(row.level.id, mine.score.level.id);
		assert.equal(row.province_rank, mine.province_rank);
		assert.equal(row.rank, mine.rank);
		assert.equal(prov.ranking_total, prov.assessed);
		assert.equal(prov.by_level.reduce((s, l) => s + l.count, 0), prov.assessed);
		/* the province's average is its communes' */
		const avg = prov.ranking.reduce((s, r) => s + r.score, 0) / prov.ranking.length;
		assert.ok(Math.abs(prov.score_avg - avg) <= 0.1, `${prov.score_avg} vs ${avg}`);

		const vn = ok(await digital(anon, ['2025', 'VN'], `?year=${YEAR}&limit=500`));
		assert.equal(vn.scope.level, 'country');
		const line = vn.children.find((c) => c.code === '08');
		assert.equal(line.assessed, prov.assessed);
		assert.deepEqual(line.by_level, prov.by_level.map((l) => l.count));
		assert.equal(line.score_avg, prov.score_avg);
		/* the nation is the sum of its provinces */
		assert.equal(vn.assessed, vn.children.reduce((s, c) => s + c.assessed, 0));
		assert.equal(vn.communes, vn.children.reduce((s, c) => s + c.communes, 0));
		vn.by_level.forEach((l, k) =>
			assert.equal(l.count, vn.children.reduce((s, c) => s + c.by_level[k], 0), l.id));
		/* the national ranking, page by page, is best first with ties sharing a rank */
		const all = [...vn.ranking];
		for (let off = 500; off < vn.ranking_total; off += 500)
			all.push(...ok(await digital(anon, ['2025', 'VN'], `?year=${YEAR}&limit=500&offset=${off}`)).ranking);
		assert.equal(all.length, vn.ranking_total);
		for (let k = 1; k < all.length; k++) {
			assert.ok(all[k - 1].score >= all[k].score, `${k}: sorted`);
			assert.equal(all[k].rank, all[k].score === all[k - 1].score ? all[k - 1].rank : k + 1,
				`${k}: ties share a rank, the next one counts them`);
		}
		assert.equal(all.find((r) => r.code === fresh[1]).rank, mine.rank);
	});

	test('unknown unit 404; a year outside the set or an unknown set 422 naming them (not a number: 400)', async () => {
		refused(await digital(anon, ['2025', '99999']), 404);
		refused(await digital(anon, fresh, '?year=2020'), 422, 'year');
		refused(await digital(anon, fresh, '?year=abc'), 400, 'year');
		refused(await digital(anon, fresh, '?set=no-such-set'), 422, 'set');
		refused(await digital(anon, fresh, '?set=ntm-xa-2026-2030'), 422, 'set');
	});
});

describe('observed values come from what the commune does on the platform', () => {
	const reload = async () => ok(await digital(anon, SOCSON, `?year=${YEAR}`));

	test('a monthly report submitted before its due day counts as on time', async () => {
		const b = observedOf(await reload(), 'cq.3');
		assert.equal(b.source, 'reports_on_time_share');
		const period = new Date().toISOString().slice(0, 7);
		const path = `${API}/reports/${MONTHLY}/${SOCSON[0]}/${SOCSON[1]}/${period}`;
		ok(await socson.send('PUT', path, { json: { values: {
			capital_allocated: { central: 2000000000, local: 500000000 },
			capital_disbursed: { central: 1000000000, local: 200000000 },
			works_started: 3, difficulties: 'Không' } } }));
		ok(await socson.post(`${path}/submit`, { json: {} }));
		const a = observedOf(await reload(), 'cq.3');
		assert.equal(a.numerator, (b.numerator || 0) + 1);
		assert.equal(a.denominator, (b.denominator || 0) + 1);
		assert.ok(a.value > 0);
		assert.match(a.method, /đúng hạn/);
	});

	test('a producer certified, then selling on the marketplace, then an order delivered', async () => {
		const b = await reload();
		const c = await certifiedProduct(ntm.base);
		let a = await reload();
		assert.equal(observedOf(a, 'kt.1').denominator, (observedOf(b, 'kt.1').denominator || 0) + 1,
			'a certified producer is counted');
		assert.equal(observedOf(a, 'kt.1').numerator, observedOf(b, 'kt.1').numerator || 0,
			'not selling yet');
		await openShop(c.htx, c.producerId);
		await setShipping(c.htx, c.producerId);
		const listing = await createListing(c.htx, c.productId, {});
		a = await reload();
		assert.equal(observedOf(a, 'kt.1').numerator, (observedOf(b, 'kt.1').numerator || 0) + 1,
			'selling now');
		const before = observedOf(a, 'kt.2').value || 0;
		const o = await placedOrder(ntm.base, { ntm, listing: { listingId: listing.id, price: 120000,
			producerClient: c.htx } });
		await moveOrder(ntm.base, o, 'delivered');
		a = await reload();
		assert.equal(observedOf(a, 'kt.2').value, before + 1, 'the delivered order is counted');
		assert.equal(observedOf(a, 'kt.2').source, 'market_online_orders');
	});

	test('survey responses collected online count once the campaign is closed', async () => {
		const b = observedOf(await reload(), 'xh.3');
		const survey = ok(await socson.post(`${API}/surveys`, { json: { unit: SOCSON.join(':'), document: {
			format: 'ntm-survey/1', title: 'Khảo sát chuyển đổi số e2e',
			questions: [{ id: 'q1', type: 'yesno', text: 'Gia đình dùng dịch vụ công trực tuyến?', required: true,
				satisfied: 'yes' }] } } })).created;
		const today = new Date().toISOString().slice(0, 10);
		const camp = ok(await socson.post(`${API}/surveys/${survey.id}/campaigns`, { json: {
			unit: SOCSON.join(':'), title: 'Đợt e2e chuyển đổi số', households: 20, min_coverage: 10,
			threshold: 50, opens_on: today, closes_on: today, posting_days: 0, mode: 'codes' } })).created;
		const codes = ok(await socson.post(`${API}/campaigns/${camp.id}/codes`, { json: { count: 3 } })).codes;
		ok(await anon.post(`${API}/s/${camp.id}`, { json: { code: codes[0], answers: { q1: 'yes' } } }));
		ok(await anon.post(`${API}/s/${camp.id}`, { json: { code: codes[1], answers: { q1: 'no' } } }));
		ok(await socson.post(`${API}/campaigns/${camp.id}/entry`, { json: { code: codes[2], answers: { q1: 'yes' } } }));
		let a = observedOf(await reload(), 'xh.3');
		assert.equal(a.denominator, b.denominator, 'an open campaign is not counted yet');
		ok(await socson.post(`${API}/campaigns/${camp.id}/close`, { json: {} }));
		a = observedOf(await reload(), 'xh.3');
		assert.equal(a.numerator, (b.numerator || 0) + 2, 'two online');
		assert.equal(a.denominator, (b.denominator || 0) + 3, 'of three');
	});

	test('the entry form shows observed indicators with how they were measured, never as inputs', async () => {
		const f = ok(await socson.get(`${API}/units/${SOCSON[0]}/${SOCSON[1]}/indicators/${SET}/${YEAR}`));
		const ind = f.criteria.flatMap((c) => c.indicators).find((i) => i.id === 'cq.3');
		assert.equal(ind.observed.source, 'reports_on_time_share');
		assert.match(ind.observed.method, /\d+\/\d+/);
		assert.ok(ind.observed.denominator >= 1);
		assert.equal(ind.is_number, false);
		assert.ok(ind.value !== null);
		assert.ok(!('cq.3' in f.values), 'observed values are not typed values');
		/* the commune's page JSON and its evaluation agree */
		const j = await reload();
		assert.equal(j.evaluation.criteria.flatMap((c) => c.indicators).find((i) => i.id === 'cq.3').value,
			ind.value);
	});

	test('the national ranking follows at once (the picture is rebuilt on the new tokens)', async () => {
		const j = await reload();
		const vn = ok(await digital(anon, ['2025', 'VN'], `?year=${YEAR}&limit=5`));
		const row = vn.ranking.find((r) => r.code === SOCSON[1]) ||
			ok(await digital(anon, ['2025', '01'], `?year=${YEAR}&limit=500`)).ranking.find((r) => r.code === SOCSON[1]);
		assert.equal(row.score, j.score.score);
	});
});
