'use strict';
/* Notices and their e-mail (issue 20, docs/NOTIFICATIONS.md), read by a
 * real SMTP server: aiosmtpd with tests/e2e/lib/smtp_sink.py, which keeps
 * every message it receives, decoded by Python's own e-mail parser.
 *
 *   - settings: every bad field named at once, nothing saved; an admin
 *     sets another's; a commune officer may not set a province officer's
 *   - immediate: one mail a notice, to the right address, the Vietnamese
 *     subject decoded, the absolute link; a second sweep sends nothing
 *   - digest (the default once an address is set): one mail for the day
 *   - the mail server down: the mail waits in the outbox, then arrives
 *   - the home lists the notices, new ones marked once
 *   - without --smtp the pages say mail is off
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startDemo, Client } = require('../lib/accounts');

const PUBLIC = 'https://ntm.example.vn';
let ntm, smtp, mailDir, smtpPort, mailServer;

function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
		s.on('error', reject);
	});
}

async function accepts(port) {
	return new Promise((resolve) => {
		const c = net.connect(port, '127.0.0.1');
		c.on('connect', () => { c.destroy(); resolve(true); });
		c.on('error', () => resolve(false));
	});
}

/* aiosmtpd on smtpPort, keeping messages in mailDir. */
async function startSmtp() {
	const proc = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l',
		`127.0.0.1:${smtpPort}`, '-c', 'smtp_sink.Sink', mailDir], {
		env: { ...process.env, PYTHONPATH: path.join(__dirname, '..', 'lib') },
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	let err = '';
	proc.stderr.on('data', (d) => { err += d; });
	for (let i = 0; i < 200 && !(await accepts(smtpPort)); i++) {
		if (proc.exitCode !== null)
			throw new Error(`aiosmtpd exited: ${err}`);
		await new Promise((r) => setTimeout(r, 50));
	}
	return proc;
}

async function stopSmtp() {
	if (smtp && smtp.exitCode === null) {
		const gone = new Promise((r) => smtp.on('exit', r));
		smtp.kill('SIGTERM');
		await gone;
	}
	smtp = null;
}

/* The CLI with mail configured as `ntm serve --smtp` would have it. */
function run(args, env = {}) {
	const saved = {};
	const all = {
		NTM_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, NTM_SMTP_INSECURE: '1',
		NTM_PUBLIC_URL: PUBLIC, NTM_MAIL_FROM: 'thongbao@ntm.example.vn', ...env,
	};
	for (const [k, v] of Object.entries(all)) {
		saved[k] = process.env[k];
		if (v === undefined) delete process.env[k]; else process.env[k] = v;
	}
	try {
		const r = ntm.run([...args, '--db', ntm.dbPath], { timeout: 120000 });
		assert.equal(r.code, 0, `ntm ${args.join(' ')}: ${r.stderr}`);
		return r.stdout.trim() ? JSON.parse(r.stdout) : null;
	} finally {
		for (const [k, v] of Object.entries(saved))
			if (v === undefined) delete process.env[k]; else process.env[k] = v;
	}
}

const sweep = (env) => run(['notices', 'sweep'], env);
const deliver = (env) => run(['outbox', 'run'], env);

function messages(to) {
	return fs.readdirSync(mailDir).filter((f) => f.endsWith('.json')).sort()
		.map((f) => JSON.parse(fs.readFileSync(path.join(mailDir, f), 'utf8')))
		.filter((m) => to === undefined || m.rcpt_tos.includes(to));
}

function isoDay(offset) {
	return new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
}

let socson, danang, admin, danangId;

before(async () => {
	/* The sweep runs when the tests say (ntm notices sweep), not at the
	 * servers' start, before the addresses are set. */
	process.env.NTM_NO_SENDER = '1';
	ntm = await startDemo();
	mailDir = ntm.file('mail');
	smtpPort = await freePort();
	smtp = await startSmtp();
	mailServer = await ntm.serve(ntm.dbPath, { extraArgs: ['--smtp',
		`smtp://127.0.0.1:${smtpPort}`, '--smtp-insecure', '--no-sender',
		'--public-url', PUBLIC] });
	socson = await Client.login(ntm.base, 'socson');
	danang = await Client.login(ntm.base, 'danang');
	admin = await Client.login(ntm.base, 'admin');
	danangId = (await danang.get('/api/v1/me')).json.user.id;
});

after(async () => {
	await stopSmtp();
	if (mailServer) await mailServer.stop();
	if (ntm) await ntm.stop();
});

test('a bad address and a bad preference are both named, and nothing is saved', async () => {
	const r = await socson.post('/api/v1/me/notifications', { json: {
		email: 'không phải địa chỉ', pref: 'weekly' } });
	assert.equal(r.status, 422, r.text);
	const fields = r.json.error.problems.map((p) => p.field).sort();
	assert.deepEqual(fields, ['email', 'pref']);
	const me = await socson.get('/api/v1/me/notifications');
	assert.equal(me.status, 200, me.text);
	assert.equal(me.json.settings.email, null);
});

test('without --smtp the pages say mail is off; with it they do not', async () => {
	const page = await socson.get('/me/notifications');
	assert.equal(page.status, 200);
	assert.match(page.text, /chưa được cấu hình để gửi thư/);
	assert.equal((await socson.get('/api/v1/me/notifications')).json.mail_on, false);
	const on = await Client.login(mailServer.base, 'socson');
	const r = await on.get('/api/v1/me/notifications');
	assert.equal(r.json.mail_on, true);
	const bad = ntm.run(['serve', '--db', ntm.dbPath, '--smtp', 'http://127.0.0.1:25']);
	assert.notEqual(bad.code, 0);
	assert.match(bad.stderr, /smtp:\/\/ or smtps:\/\/|smtp:\/\/ hoặc smtps:\/\//);
});

test('an admin sets another account\'s address; a commune officer may not set a province officer\'s', async () => {
	const r = await admin.post(`/api/v1/users/${danangId}/notifications`, { json: {
		email: 'DaNang@Example.VN' } });
	assert.equal(r.status, 200, r.text);
	const got = await danang.get('/api/v1/me/notifications');
	/* the domain lower-cased, the digest by default once an address is set */
	assert.equal(got.json.settings.email, 'DaNang@example.vn');
	assert.equal(got.json.settings.pref, 'digest');
	const no = await socson.post(`/api/v1/users/${danangId}/notifications`, { json: {
		email: 'x@example.vn' } });
	assert.equal(no.status, 403, no.text);
	assert.equal((await danang.get('/api/v1/me/notifications')).json.settings.email,
		'DaNang@example.vn');
});

/* A new account (everything waiting for it is new to the sweep: the
 * demo's own accounts had theirs noted by `ntm demo`). */
async function newOfficer(username, role, unit) {
	const u = await admin.post('/api/v1/users', { json: {
		username, full_name: `Cán bộ ${username}`, password: 'mat-khau-dai-2026',
		role, unit } });
	assert.equal(u.status, 200, u.text);
	return { id: u.json.created.id, client: await Client.login(ntm.base, username, 'mat-khau-dai-2026') };
}

let xa, tinh;

test('immediate: one mail a notice, to the address, subject in Vietnamese, the link absolute; a second sweep sends nothing', async () => {
	xa = await newOfficer('socson2', 'commune_officer', '2025:00376');
	tinh = await newOfficer('danang2', 'province_officer', '2025:48');
	const set = await xa.client.post('/api/v1/me/notifications', { json: {
		email: 'pho.chu.tich@xa.example.vn', pref: 'immediate' } });
	assert.equal(set.status, 200, set.text);
	/* an address only: the daily digest */
	const set2 = await admin.post(`/api/v1/users/${tinh.id}/notifications`, { json: {
		email: 'tinh@example.vn' } });
	assert.equal(set2.status, 200, set2.text);
	/* yesterday: that day's digest is due now */
	const s = sweep({ NTM_TODAY: isoDay(-1) });
	assert.ok(s.found > 0, JSON.stringify(s));
	const d = deliver();
	assert.equal(d.failed, 0, JSON.stringify(d));
	const notices = (await xa.client.get('/api/v1/me/notifications')).json.notices;
	assert.ok(notices.length > 0);
	const mails = messages('pho.chu.tich@xa.example.vn');
	assert.equal(mails.length, notices.length,
		`${mails.map((m) => m.subject).join('\n')}\n---\n${JSON.stringify(notices)}`);
	for (const n of notices) {
		const link = PUBLIC + n.href;
		/* By link and subject: on the day after a report's deadline the
		 * same page is named by two notices, "due" (yesterday's sweep)
		 * and "late" (today's), each with its own mail. */
		const subject = `${n.title}: ${n.label}`;
		const hits = mails.filter((m) => m.body.includes(link) && m.subject === subject);
		assert.equal(hits.length, 1, `${subject} ${link} in ${hits.length} mails`);
		assert.equal(hits[0].content_type, 'text/plain');
		assert.equal(hits[0].charset, 'utf-8');
		assert.equal(hits[0].mail_from, 'thongbao@ntm.example.vn');
		assert.match(hits[0].body, /^Chào Cán bộ socson2,/);
	}
	/* Vietnamese words, decoded from RFC 2047, not mojibake */
	assert.ok(mails.some((m) => /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(m.subject)));
	/* one Message-ID each, made of the outbox row */
	assert.equal(new Set(mails.map((m) => m.message_id)).size, mails.length);
	for (const m of mails)
		assert.match(m.message_id, /^<outbox-\d+@ntm\.example\.vn>$/);

	const before = messages().length;
	sweep({ NTM_TODAY: isoDay(-1) });
	deliver();
	assert.equal(messages().length, before, 'no second copy');
});

test('digest (the default once an address is set): one mail for the day, listing its notices', async () => {
	const mails = messages('tinh@example.vn');
	assert.equal(mails.length, 1, mails.map((m) => m.subject).join('\n'));
	const notices = (await tinh.client.get('/api/v1/me/notifications')).json.notices;
	assert.ok(notices.length > 0);
	assert.match(mails[0].subject, /^Bản tin ngày \d\d\/\d\d\/\d{4}: \d+ việc mới$/);
	for (const n of notices)
		assert.ok(mails[0].body.includes(PUBLIC + n.href), n.href);
});

test('the mail server down: the mail waits in the outbox, then arrives when it is up', async () => {
	const late = await newOfficer('socson3', 'commune_officer', '2025:00376');
	const set = await admin.post(`/api/v1/users/${late.id}/notifications`, { json: {
		email: 'van.phong@xa.example.vn', pref: 'immediate' } });
	assert.equal(set.status, 200, set.text);
	await stopSmtp();
	assert.ok(sweep().found > 0);
	/* the first retry at once instead of 30 s later (NTM_OUTBOX_RETRY_S) */
	const failed = deliver({ NTM_OUTBOX_RETRY_S: '0' });
	assert.ok(failed.failed > 0, JSON.stringify(failed));
	assert.equal(messages('van.phong@xa.example.vn').length, 0);
	smtp = await startSmtp();
	const sent = deliver({ NTM_OUTBOX_RETRY_S: '0' });
	assert.equal(sent.failed, 0, JSON.stringify(sent));
	assert.ok(sent.sent > 0, JSON.stringify(sent));
	const notices = (await late.client.get('/api/v1/me/notifications')).json.notices;
	assert.equal(messages('van.phong@xa.example.vn').length, notices.length);
});

test('the home lists the notices, the new ones marked once', async () => {
	const c = await Client.login(ntm.base, 'bana');
	const first = await c.get('/api/v1/home');
	assert.equal(first.status, 200, first.text);
	assert.ok(first.json.notices.length > 0);
	assert.ok(first.json.notices.every((n) => n.new));
	assert.equal(first.json.notices_new, first.json.notices.length);
	const again = await c.get('/api/v1/home');
	assert.ok(again.json.notices.every((n) => !n.new));
	const page = await c.get('/home');
	assert.match(page.text, /Thông báo/);
	assert.ok(page.text.includes(first.json.notices[0].href.replace(/&/g, '&amp;')));
});
