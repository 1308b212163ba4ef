'use strict';
/*
 * Webhooks over HTTP (docs/EXCHANGE.md section 4), on a `ntm demo`
 * database: a province officer registers a receiver for the changes of
 * her province; every change is POSTed, signed, to a receiver on
 * 127.0.0.1 that refuses the first two attempts of each delivery and
 * checks the signature and the timestamp like a real receiving system;
 * the outbox retries (NTM_OUTBOX_RETRY_S=1 makes its first wait one
 * second instead of 30) until each is delivered.  The server is then
 * killed with SIGKILL while deliveries are queued and started again:
 * every change is still delivered.  A URL to the platform's own network,
 * plain http to a host the operator did not allow, a bad kind, someone
 * without the role or outside the scope: refused naming the field, with
 * nothing written.
 */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client, auditTotal } = require('../lib/accounts');
const { ok, refused } = require('../lib/http');
const { startReceiver } = require('../lib/receiver');

const API = '/api/v1';
const SET = 'dx-xa-2026-2030';
const SOCSON = '/units/2025/00376';	/* Xã Sóc Sơn, in Hà Nội */
const BANA = '/units/2025/20308';	/* in Đà Nẵng */
const entry = (u, year) => `${API}${u}/indicators/${SET}/${year}`;

let ntm, server, admin, hanoi, danang, dieuphoi, socson, bana, rx;

/* Wait for cond() to hold: a ceiling for a stuck outbox, not a timing. */
async function until(cond, what, ceilingMs = 60000) {
	const end = Date.now() + ceilingMs;
	for (;;) {
		const v = await cond();
		if (v)
			return v;
		if (Date.now() > end)
			throw new Error(`still waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/* Client.login against whichever server runs now. */
async function loginAll(base) {
	[admin, hanoi, danang, dieuphoi, socson, bana] = await Promise.all(
	    ['admin', 'hanoi', 'danang', 'dieuphoi', 'socson', 'bana'].map((u) => Client.login(base, u)));
}

/* A change the feed publishes: a commune's indicator values. */
async function write(who, unit, value) {
	ok(await who.send('PUT', entry(unit, 2028), { json: { values: { 'ht.1': value } } }));
}

before(async () => {
	delete process.env.NTM_WEBHOOK_ALLOW_PRIVATE;
	process.env.NTM_WEBHOOK_ALLOW_HTTP = '127.0.0.1';
	ntm = await startDemo();
	await loginAll(ntm.base);
	rx = await startReceiver({ failFirst: 2 });
});

after(async () => {
	if (server)
		await server.stop();
	if (ntm)
		await ntm.stop();
	if (rx)
		await rx.close();
});

describe('registering is checked', () => {
	test('an address of the platform\'s own network is refused unless the operator allows it', async () => {
		const audit = await auditTotal(admin);
		for (const url of [rx.url, 'https://10.1.2.3/hook', 'https://[::1]/x', 'https://169.254.169.254/latest',
		    'https://100.64.0.1/', 'https://0.0.0.0/'])
			refused(await hanoi.post(`${API}/webhooks`, { json: { url, unit: '2025:01' } }),
			    422, 'url', 'webhooks.private');
		assert.equal(await auditTotal(admin), audit, 'nothing written');
		assert.deepEqual(ok(await hanoi.get(`${API}/webhooks`)).items, []);
	});

	test('plain http only to the hosts the operator names; not a URL; every problem at once', async () => {
		refused(await hanoi.post(`${API}/webhooks`, { json: { url: 'http://example.org/hook', unit: '2025:01' } }),
		    422, 'url', 'webhooks.scheme');
		refused(await hanoi.post(`${API}/webhooks`, { json: { url: 'ftp://example.org/hook', unit: '2025:01' } }),
		    422, 'url', 'webhooks.scheme');
		refused(await hanoi.post(`${API}/webhooks`, { json: { url: 'https://user:pw@example.org/', unit: '2025:01' } }),
		    422, 'url', 'webhooks.bad_url');
		const err = refused(await hanoi.post(`${API}/webhooks`,
		    { json: { url: 'không phải địa chỉ', kinds: 'unit,no_such_kind', unit: '2025:01' } }), 422, 'url', 'webhooks.bad_url');
		assert.deepEqual(err.problems.map((p) => p.field).sort(), ['kinds', 'url']);
		refused(await hanoi.post(`${API}/webhooks`, { json: { unit: '2025:01' } }), 422, 'url');
	});

	test('only a coordinator or a province officer, inside their scope', async () => {
		refused(await socson.post(`${API}/webhooks`, { json: { url: 'https://example.org/', unit: '2025:00376' } }), 403);
		refused(await hanoi.post(`${API}/webhooks`, { json: { url: 'https://example.org/', unit: '2025:48' } }), 403);
		refused(await hanoi.post(`${API}/webhooks`, { json: { url: 'https://example.org/', unit: '2025:VN' } }), 403);
	});

	test('the page shows the form in words, without JavaScript', async () => {
		const page = await hanoi.get('/webhooks');
		assert.equal(page.status, 200);
		assert.match(page.text, /Đăng ký webhook mới/);
		assert.match(page.text, /Số liệu chỉ tiêu/);
		assert.doesNotMatch(page.text, />[^<]*indicator_values[^<]*</, 'no machine name in the text');
	});
});

describe('delivery', () => {
	let sub;

	before(async () => {
		/* The operator allows private addresses (the receiver is on
		 * 127.0.0.1) and makes time pass: the first retry after 1 s. */
		const gone = new Promise((r) => ntm.proc.once('exit', r));
		ntm.proc.kill('SIGTERM');
		await gone;
		process.env.NTM_WEBHOOK_ALLOW_PRIVATE = '1';
		process.env.NTM_OUTBOX_RETRY_S = '1';
		/* a sender killed mid-send leaves its items claimed until the
		 * lease ends: 2 s here instead of 120 */
		process.env.NTM_OUTBOX_LEASE_S = '2';
		server = await ntm.serve(ntm.dbPath);
		await loginAll(server.base);
		const r = ok(await hanoi.post(`${API}/webhooks`,
		    { json: { url: rx.url, kinds: 'indicator_values', unit: '2025:01' } }));
		sub = r.created;
		rx.secret = sub.secret;
	});

	test('the secret is shown once: 64 hex digits, never in the list or the page again', async () => {
		assert.match(sub.secret, /^[0-9a-f]{64}$/);
		const list = ok(await hanoi.get(`${API}/webhooks`));
		assert.equal(list.items.length, 1);
		assert.equal(list.items[0].url, rx.url);
		assert.equal(list.items[0].state, 'active');
		assert.equal(list.items[0].secret, undefined);
		const one = await hanoi.get(`/webhooks/${sub.id}`);
		assert.equal(one.status, 200);
		assert.ok(!one.text.includes(sub.secret));
		/* someone else's subscription is not theirs to read */
		refused(await danang.get(`${API}/webhooks/${sub.id}`), 403);
		refused(await dieuphoi.get(`${API}/webhooks/${sub.id}`), 403, 'id', 'webhooks.not_yours');
	});

	test('each change is delivered signed, after two refusals, and nothing outside the scope', async () => {
		await write(socson, SOCSON, 61);
		await write(bana, BANA, 62);	/* Đà Nẵng: not hers */
		await write(socson, SOCSON, 63);
		await until(() => rx.delivered.size >= 2 ? true : null, 'two deliveries');
		assert.deepEqual(rx.bad, [], 'every request passed the receiver\'s checks');
		const bodies = [...rx.delivered.values()];
		for (const b of bodies) {
			assert.equal(b.subscription, sub.id);
			assert.equal(b.change.kind, 'indicator_values');
			assert.equal(rx.attempts.get(b.id), 3, 'two refusals, then delivered');
			assert.ok(/^\/api\/v1\//.test(b.change.href));
		}
		assert.ok(bodies.every((b) => JSON.stringify(b.change.unit).includes('00376')),
		    'only Sóc Sơn\'s changes: ' + JSON.stringify(bodies.map((b) => b.change.unit)));
		/* the outbox records the answers once the batch is done */
		const page = await until(async () => {
			const p = ok(await hanoi.get(`${API}/webhooks/${sub.id}`));
			return p.recent.filter((d) => d.state === 'delivered').length === 2 ? p : null;
		}, 'the deliveries recorded');
		assert.equal(page.recent.length, 2);
		assert.deepEqual(page.parked, []);
		assert.ok(ok(await hanoi.get(`${API}/webhooks`)).items[0].last_delivered_at, 'the list shows when it last delivered');
	});

	test('a receiver that fails is shown on the page and on the home; a retry sends it now', async () => {
		rx.down = true;
		await write(socson, SOCSON, 64);
		const failing = await until(async () => {
			const p = ok(await hanoi.get(`${API}/webhooks/${sub.id}`));
			return p.failing.length > 0 ? p.failing : null;
		}, 'a failing delivery');
		assert.match(failing[0].error, /500/);
		assert.ok(failing[0].next_at);
		const home = ok(await hanoi.get(`${API}/home`));
		const item = home.items.find((i) => i.kind === 'webhooks.failing');
		assert.ok(item, 'the home lists the failing webhook');
		assert.equal(item.entries[0].href, `/webhooks/${sub.id}`);
		ok(await hanoi.post(`${API}/webhooks/${sub.id}/deliveries/${failing[0].id}/retry`, { json: {} }));
		refused(await danang.post(`${API}/webhooks/${sub.id}/deliveries/${failing[0].id}/retry`, { json: {} }), 403);
		refused(await hanoi.post(`${API}/webhooks/${sub.id}/deliveries/999999/retry`, { json: {} }), 404);
		const list = ok(await hanoi.get(`${API}/webhooks`));
		assert.match(list.items[0].last_failure, /500/);
	});

	test('killed with SIGKILL while deliveries wait, the server sends them all when it is back', async () => {
		await write(socson, SOCSON, 65);
		await write(socson, SOCSON, 66);
		await until(async () => {
			const p = ok(await hanoi.get(`${API}/webhooks/${sub.id}`));
			return p.failing.length >= 3 ? true : null;
		}, 'three deliveries queued');
		server.proc.kill('SIGKILL');
		await until(() => server.exited() !== null, 'the server to die');
		rx.down = false;
		rx.failFirst = 0;
		server = await ntm.serve(ntm.dbPath);
		await loginAll(server.base);
		await until(async () => {
			const p = ok(await hanoi.get(`${API}/webhooks/${sub.id}`));
			return p.failing.length === 0 && p.recent.every((d) => d.state === 'delivered') ? true : null;
		}, 'every delivery delivered');
		assert.deepEqual(rx.bad, []);
		/* at least once: every delivery id the outbox holds reached the
		 * receiver, and the five changes of Sóc Sơn are all there */
		const page = ok(await hanoi.get(`${API}/webhooks/${sub.id}`));
		for (const d of page.recent)
			assert.ok(rx.delivered.has(d.id), `delivery ${d.id} received`);
		const seqs = new Set([...rx.delivered.values()].map((b) => b.change.seq));
		assert.equal(seqs.size, 5, 'five changes, none missing');
	});

	test('the page registers without JavaScript and shows the secret once; a refused form lists its problem', async () => {
		const page = await hanoi.post('/webhooks', { form: { url: rx.url, unit: '2025:01', kind_report: '1' } });
		assert.equal(page.status, 200);
		const secret = /<code class="secret" id="secret">([0-9a-f]{64})<\/code>/.exec(page.text);
		assert.ok(secret, 'the secret is on the page');
		const list = await hanoi.get('/webhooks');
		assert.ok(!list.text.includes(secret[1]), 'and never again');
		const bad = await hanoi.post('/webhooks', { form: { url: 'http://example.org/x', unit: '2025:01' } });
		assert.equal(bad.status, 422);
		assert.match(bad.text, /href="#f-url"/);
		const id = ok(await hanoi.get(`${API}/webhooks`)).items.find((x) => x.kinds === 'report').id;
		ok(await hanoi.send('DELETE', `${API}/webhooks/${id}`));
	});

	test('pause, a new secret, delete: the owner alone', async () => {
		refused(await danang.post(`${API}/webhooks/${sub.id}/pause`, { json: {} }), 403);
		assert.equal(ok(await hanoi.post(`${API}/webhooks/${sub.id}/pause`, { json: {} })).webhook.state, 'paused');
		const before = rx.delivered.size;
		await write(socson, SOCSON, 67);
		assert.equal(ok(await hanoi.post(`${API}/webhooks/${sub.id}/resume`, { json: {} })).webhook.state, 'active');
		const rot = ok(await hanoi.post(`${API}/webhooks/${sub.id}/rotate`, { json: {} }));
		assert.match(rot.created.secret, /^[0-9a-f]{64}$/);
		assert.notEqual(rot.created.secret, sub.secret);
		rx.secret = rot.created.secret;
		/* a paused subscription keeps its place: the change made while it
		 * was paused comes after the resume, signed with the new secret */
		await until(() => rx.delivered.size > before ? true : null, 'the change made while paused');
		assert.deepEqual(rx.bad, []);
		ok(await hanoi.send('DELETE', `${API}/webhooks/${sub.id}`));
		refused(await hanoi.get(`${API}/webhooks/${sub.id}`), 404);
	});
});
