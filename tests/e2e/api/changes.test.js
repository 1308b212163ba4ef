'use strict';
/*
 * The change feed, GET /api/v1/changes (docs/EXCHANGE.md §3): what another
 * system relies on to follow every change in its scope.
 *
 *  - A write of a published kind (indicator values) is one change, with its
 *    unit, time and a link that answers 200 with the full resource; every
 *    link of every kind in the demo's feed answers 200.
 *  - Paging from a cursor with a small limit gives exactly the list read in
 *    one go: strictly increasing, no gap, no duplicate; the cursor stays
 *    valid after the server restarts.
 *  - Scope: a commune officer sees its commune's changes and not another
 *    province's; ?unit= outside the caller's scope is 403 naming "unit";
 *    a login, a token, a survey response never enter the feed.
 *  - Bad input names its field: since, kinds, limit; anonymous is 401.
 *  - PostgreSQL only: three `ntm serve` on one database, several writers on
 *    all of them while a reader pages the feed with limit 7 through all of
 *    them: the reader's sequence equals the full list read afterwards, and
 *    a restarted server continues from the saved cursor.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { BACKEND, startNtm } = require('../lib/ntm');
const { Client } = require('../lib/accounts');

const SET = 'thon-thong-minh-2026-2030-01';
const VILLAGES = ['00376-01', '00376-02'];	/* Thôn 1 and 2 of Xã Sóc Sơn, Hà Nội */
const KINDS = ['unit', 'indicator_values', 'evaluation', 'report', 'report_approval',
	'dossier_decision', 'ocop_certificate', 'survey_results'];

const valuesPath = (village) => `/api/v1/units/2025/${village}/indicators/${SET}/2026`;

async function writeValue(client, village, value) {
	const r = await client.send('PUT', valuesPath(village), { json: { values: { '1.3': value } } });
	assert.equal(r.status, 200, `PUT ${village}: ${r.text}`);
}

/* Page the feed from since with limit until `more` is false; clients take
 * turns (one server each).  Asserts the reply's shape on the way. */
async function follow(clients, since, { limit = 100, query = '' } = {}) {
	const out = [];
	let cursor = since;
	for (let i = 0; ; i++) {
		const c = clients[i % clients.length];
		const r = await c.get(`/api/v1/changes?since=${cursor}&limit=${limit}${query}`);
		assert.equal(r.status, 200, r.text);
		assert.ok(Array.isArray(r.json.changes) && typeof r.json.more === 'boolean', r.text);
		assert.ok(r.json.changes.length <= limit);
		assert.ok(r.json.next >= cursor, 'the cursor never goes back');
		out.push(...r.json.changes);
		if (r.json.changes.length > 0)
			assert.equal(r.json.next >= r.json.changes.at(-1).seq, true);
		cursor = r.json.next;
		if (!r.json.more)
			return { changes: out, next: cursor };
	}
}

function assertIncreasing(list, what) {
	for (let i = 1; i < list.length; i++)
		assert.ok(list[i].seq > list[i - 1].seq, `${what}: seq ${list[i].seq} after ${list[i - 1].seq}`);
}

/* The last cursor of the feed now. */
async function head(client) {
	return (await follow([client], 0, { limit: 1000 })).next;
}

describe('the change feed', () => {
	let ntm, admin, token, socson, bana, hanoi;

	before(async () => {
		ntm = await startNtm({ command: 'demo', prefix: 'ntm-e2e-changes-' });
		admin = await Client.login(ntm.base, 'admin');
		token = await admin.makeTokenClient('changes-feed-reader');
		socson = await Client.login(ntm.base, 'socson');
		bana = await Client.login(ntm.base, 'bana');
		hanoi = await Client.login(ntm.base, 'hanoi');
	});
	after(async () => {
		if (ntm) await ntm.stop();
	});

	test('an indicator value written is one change in the feed, with its unit, time and a link to the full resource', async () => {
		const since = await head(token);
		await writeValue(hanoi, VILLAGES[0], 61);
		const r = await token.get(`/api/v1/changes?since=${since}`);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.changes.length, 1, r.text);
		const c = r.json.changes[0];
		assert.equal(c.kind, 'indicator_values');
		assert.deepEqual(c.unit, { structure: '2025', code: VILLAGES[0], name: c.unit.name });
		assert.match(c.unit.name, /Thôn 1/);
		assert.match(c.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		assert.equal(c.href, valuesPath(VILLAGES[0]));
		assert.equal(r.json.next, c.seq);
		assert.equal(r.json.more, false);
		const full = await token.get(c.href);
		assert.equal(full.status, 200, full.text);
		/* nothing newer: the same cursor back, an empty page */
		const again = await token.get(`/api/v1/changes?since=${r.json.next}`);
		assert.deepEqual(again.json, { changes: [], next: r.json.next, more: false });
	});

	test('every change of the demo names a published kind, and every link answers 200', async () => {
		const all = (await follow([admin], 0, { limit: 1000 })).changes;
		assert.ok(all.length > 200, `the demo's feed: ${all.length}`);
		assertIncreasing(all, 'the whole feed');
		for (const c of all)
			assert.ok(KINDS.includes(c.kind), `kind ${c.kind}`);
		const seen = new Set(all.map((c) => c.kind));
		for (const k of ['unit', 'indicator_values', 'evaluation', 'report', 'report_approval',
			'dossier_decision', 'ocop_certificate', 'survey_results'])
			assert.ok(seen.has(k), `the demo has a change of kind ${k}`);
		/* one link per action and kind: each resource exists */
		const byAction = new Map();
		for (const c of all)
			if (!byAction.has(`${c.kind} ${c.action}`))
				byAction.set(`${c.kind} ${c.action}`, c);
		for (const [what, c] of byAction) {
			assert.match(c.href, /^\/api\/v1\//, what);
			const r = await admin.get(c.href);
			assert.equal(r.status, 200, `${what}: GET ${c.href}: ${r.status} ${r.text.slice(0, 200)}`);
		}
	});

	test('pages with a small limit give exactly the list read in one go; filters by kind', async () => {
		const one = (await follow([token], 0, { limit: 1000 })).changes;
		const small = (await follow([token], 0, { limit: 7, query: '&kinds=' })).changes.length;
		assert.equal(small, one.length);
		const paged = (await follow([token], one.length > 60 ? one.at(-60).seq : 0, { limit: 7 })).changes;
		assert.deepEqual(paged, one.slice(-59));
		const reports = (await follow([token], 0, { limit: 1000, query: '&kinds=report_approval,dossier_decision' })).changes;
		assert.ok(reports.length > 0);
		assert.deepEqual(reports, one.filter((c) => c.kind === 'report_approval' || c.kind === 'dossier_decision'));
	});

	test('scope: a commune officer sees its commune and not another province; ?unit= narrows; outside the scope is 403', async () => {
		const since = await head(token);
		await writeValue(hanoi, VILLAGES[1], 42);
		const mine = (await follow([socson], since)).changes;
		assert.deepEqual(mine.map((c) => c.unit.code), [VILLAGES[1]], 'Sóc Sơn sees its village');
		assert.deepEqual((await follow([bana], since)).changes, [], 'Bà Nà (Đà Nẵng) sees nothing of Hà Nội');
		/* the whole demo feed of a commune officer: its commune's subtree, and the units' tree */
		for (const c of (await follow([bana], 0, { limit: 1000 })).changes)
			assert.ok(c.unit === null ? c.kind === 'unit' : c.unit.code.startsWith('20308') || c.unit.code === '20308',
				`Bà Nà sees ${JSON.stringify(c)}`);
		assert.equal((await follow([token], since, { query: '&unit=2025:01' })).changes.length, 1);
		assert.equal((await follow([token], since, { query: '&unit=2025:48' })).changes.length, 0);
		const out = await socson.get('/api/v1/changes?unit=2025:48');
		assert.equal(out.status, 403, out.text);
		assert.equal(out.json.error.field, 'unit');
	});

	test('logins, tokens and survey responses never enter the feed', async () => {
		const since = await head(token);
		await Client.login(ntm.base, 'danang');
		await admin.makeTokenClient('not-a-change');
		assert.deepEqual((await follow([token], since)).changes, []);
		const all = (await follow([admin], 0, { limit: 1000 })).changes;
		for (const c of all)
			assert.ok(!/^(session|token|user|auth)\.|survey\.(respond|response)/.test(c.action), c.action);
	});

	test('bad input names its field; anonymous is 401', async () => {
		const bad = async (q, status, field) => {
			const r = await token.get(`/api/v1/changes?${q}`);
			assert.equal(r.status, status, `${q}: ${r.text}`);
			assert.equal(r.json.error.field, field, q);
		};
		await bad('since=abc', 400, 'since');
		await bad('since=-1', 422, 'since');
		await bad('kinds=report,bogus', 422, 'kinds');
		await bad('limit=1001', 422, 'limit');
		await bad('limit=0', 422, 'limit');
		await bad('unit=nope', 422, 'unit');
		const anon = await Client.anonymous(ntm.base).get('/api/v1/changes');
		assert.equal(anon.status, 401);
	});

	test('the cursor stays valid after the server restarts', async () => {
		const since = await head(token);
		await writeValue(hanoi, VILLAGES[0], 17);
		const second = await ntm.serve(ntm.dbPath);
		try {
			const r = await token.get(`/api/v1/changes?since=${since}`);
			await ntm.proc.kill('SIGTERM');
			const via = Object.assign(Object.create(Object.getPrototypeOf(token)), token, { base: second.base });
			const again = await via.get(`/api/v1/changes?since=${since}`);
			assert.equal(again.status, 200, again.text);
			assert.deepEqual(again.json, r.json);
			assert.equal(again.json.changes.length, 1);
		} finally {
			await second.stop();
		}
	});
});

/* ---- PostgreSQL: several servers, concurrent writers, one reader ---------- */

const SKIP_PG = BACKEND === 'postgresql' ? false
	: 'PostgreSQL only: set NTM_TEST_PG to a PostgreSQL base URL (make test-e2e-pg starts a private cluster)';

describe('PostgreSQL: writers on three servers while a reader pages the feed', { skip: SKIP_PG }, () => {
	let ntm, b, c;

	before(async () => {
		ntm = await startNtm({ command: 'demo', prefix: 'ntm-e2e-changes-pg-' });
		b = await ntm.serve(ntm.dbPath);
		c = await ntm.serve(ntm.dbPath);
	});
	after(async () => {
		for (const s of [c, b])
			if (s) await s.stop();
		if (ntm) await ntm.stop();
	});

	test('no gap, no duplicate, strictly increasing; a restarted server continues from the saved cursor', async () => {
		const bases = [ntm.base, b.base, c.base];
		const admin = await Client.login(ntm.base, 'admin');
		const token = await admin.makeTokenClient('pg-feed-reader');
		const readers = bases.map((base) => Object.assign(Object.create(Object.getPrototypeOf(token)), token, { base }));
		const since = await head(token);

		/* six writers (two per server), twelve writes each */
		const writers = [];
		for (let i = 0; i < 6; i++)
			writers.push(await Client.login(bases[i % 3], i % 2 ? 'hanoi' : 'socson'));
		const PER = 12;
		let done = false;
		const writing = Promise.all(writers.map(async (w, i) => {
			for (let k = 0; k < PER; k++)
				await writeValue(w, VILLAGES[(i + k) % 2], 1 + ((i * PER + k) % 99));
		})).finally(() => { done = true; });

		/* the reader pages with limit 7 through all servers while they write */
		const seen = [];
		let cursor = since;
		let turn = 0;
		for (;;) {
			const finished = done;
			const r = await readers[turn++ % 3].get(`/api/v1/changes?since=${cursor}&limit=7`);
			assert.equal(r.status, 200, r.text);
			seen.push(...r.json.changes);
			cursor = r.json.next;
			if (finished && !r.json.more)
				break;
		}
		await writing;
		assertIncreasing(seen, 'the reader during the writes');
		const full = (await follow([token], since, { limit: 1000 })).changes;
		assert.equal(full.length, 6 * PER, 'one change per write');
		assert.deepEqual(seen.map((x) => x.seq), full.map((x) => x.seq), 'no gap, no duplicate');
		assert.deepEqual(seen, full);

		/* restart server B; more writes (through A and C); the saved cursor
		 * goes on from there through the new B */
		await b.stop();
		b = await ntm.serve(ntm.dbPath);
		await writeValue(writers[0], VILLAGES[0], 5);
		await writeValue(writers[2], VILLAGES[1], 6);
		const onB = Object.assign(Object.create(Object.getPrototypeOf(token)), token, { base: b.base });
		const rest = await follow([onB], cursor, { limit: 1 });
		assert.equal(rest.changes.length, 2, JSON.stringify(rest));
		assert.ok(rest.changes[0].seq > full.at(-1).seq);
		assertIncreasing(rest.changes, 'after the restart');
	});
});
