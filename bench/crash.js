'use strict';
/*
 * bench/crash.js - N crash trials of `ntm serve` (tests/e2e/lib/crash.js)
 * on a fresh `ntm demo` database: SQLite, or PostgreSQL when NTM_TEST_PG
 * is set (as in the e2e suite).  Run by bench/crash.sh; prints one line
 * of figures per 50 trials, then a summary and `RESULT key=value` lines.
 * Exit status 1 when a write was lost, the audit failed or the database
 * did not open.
 *
 *   node bench/crash.js TRIALS [MAX_KILL_MS]
 *   (env BENCH_CRASH_SECONDS, BENCH_CRASH_PG_TEMPLATE, BENCH_CRASH_JOBS:
 *   below)
 *
 * BENCH_CRASH_JOBS=J (default 1): J workers, each a node process of its
 * own with its own `ntm demo` database and its own server, share the
 * trials; within a worker the trials stay sequential on one database, so
 * every trial is still one kill -9 at a random moment under load.  The
 * databases share nothing, so J of them fill the machine's idle moments
 * (a server starting, a child process) without one's crash touching
 * another's proof.  The report adds the workers' trials up.
 */
const path = require('node:path');
const E2E = path.resolve(__dirname, '../tests/e2e');
const { spawn } = require('node:child_process');
const { startNtm, serveNtm, runNtm, psql, pgUrl, BACKEND } = require(path.join(E2E, 'lib/ntm'));
const crash = require(path.join(E2E, 'lib/crash'));

const TRIALS = Number(process.argv[2] || 1000);
const MAX_MS = Number(process.argv[3] || 600);
/* BENCH_CRASH_SECONDS: no trial starts after that many seconds of trials
 * (the run is then reported with the trials done, verdict MISSED). */
const BUDGET_S = Number(process.env.BENCH_CRASH_SECONDS || 0);
const JOBS = Math.max(1, Number(process.env.BENCH_CRASH_JOBS || 1));
/* Set in a worker's environment: its number (1..JOBS). */
const WORKER = process.env.BENCH_CRASH_WORKER || '';

function pct(a, p) {
	const s = [...a].sort((x, y) => x - y);
	return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : NaN;
}

/* BENCH_CRASH_PG_TEMPLATE=DBNAME (PostgreSQL): the trials run on a copy
 * (CREATE DATABASE … TEMPLATE) of that `ntm demo` database on the
 * NTM_TEST_PG server instead of a new demo (which takes minutes there). */
async function fromTemplate(tpl) {
	const name = `crash_${process.pid}_${Date.now()}`;
	psql(pgUrl('postgres'), `CREATE DATABASE ${name} TEMPLATE ${tpl}`);
	const url = pgUrl(name);
	const server = await serveNtm(url, { startTimeout: 120000 });
	return {
		backend: 'postgresql', dbPath: url, base: server.base, proc: server.proc,
		serve: (t, o) => serveNtm(t, o),
		run: (args, o) => runNtm(args, o),
		sql: (q) => psql(url, q).stdout,
		stop: async () => { await server.stop(); psql(pgUrl('postgres'), `DROP DATABASE ${name} WITH (FORCE)`); },
	};
}

/* One worker's trials on its own database: { r (lib/crash.js run's
 * record), backend, setupS, runS }. */
async function trials(count) {
	const t0 = Date.now();
	const tpl = process.env.BENCH_CRASH_PG_TEMPLATE;
	const ntm = tpl && BACKEND === 'postgresql' ? await fromTemplate(tpl)
		: await startNtm({ command: 'demo', prefix: 'ntm-bench-crash-', timeout: 3600000, startTimeout: 120000 });
	const setupS = (Date.now() - t0) / 1000;
	const who = WORKER ? `${ntm.backend} worker ${WORKER}` : ntm.backend;
	let n = 0;
	const tRun = Date.now();
	let r;
	try {
		r = await crash.run({
			trials: count, maxMs: MAX_MS, until: BUDGET_S > 0 ? tRun + BUDGET_S * 1000 : Infinity,
			serve: () => (n++ === 0 ? Promise.resolve({ base: ntm.base, proc: ntm.proc, stop: async () => {} })
				: ntm.serve(ntm.dbPath, { extraArgs: ['--threads', '2'], startTimeout: 120000 })),
			audit: () => ntm.run(['audit', 'verify', '--db', ntm.dbPath], { timeout: 120000 }),
			sql: (q) => ntm.sql(q),
			progress: (i) => {
				if (i % 50 === 0 || i === count)
					console.log(`crash: ${who}: ${i}/${count} trials, ${((Date.now() - tRun) / 1000).toFixed(0)} s`);
			},
		});
	} finally {
		await ntm.stop();
	}
	/* The audit check walks the whole chain, which grows ~45 entries a
	 * trial: its first and last tenth show what that growth costs. */
	const au = r.phases.audit || [];
	const tenth = Math.max(1, Math.floor(au.length / 10));
	r.auditEarly = au.slice(0, tenth);
	r.auditLate = au.slice(-tenth);
	return { r, backend: ntm.backend, setupS, runS: (Date.now() - tRun) / 1000 };
}

/* JOBS workers (this script again, BENCH_CRASH_WORKER set), their
 * trials shared out; their progress passed through, their records
 * (a `DATA json` line each) added up. */
async function workers() {
	const data = [];
	const runs = [];
	for (let j = 1; j <= JOBS; j++) {
		const count = Math.floor(TRIALS / JOBS) + (j <= TRIALS % JOBS ? 1 : 0);
		const child = spawn(process.execPath, [__filename, String(count), String(MAX_MS)], {
			env: { ...process.env, BENCH_CRASH_WORKER: String(j) }, stdio: ['ignore', 'pipe', 'inherit'] });
		let buf = '';
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk) => {
			buf += chunk;
			let k;
			while ((k = buf.indexOf('\n')) >= 0) {
				const line = buf.slice(0, k);
				buf = buf.slice(k + 1);
				if (line.startsWith('DATA '))
					data.push(JSON.parse(line.slice(5)));
				else if (!/^(RESULT|PHASE) /.test(line))
					console.log(line);
			}
		});
		runs.push(new Promise((res) => child.on('exit', res)));
		/* Stopped from outside: the workers stop too (and their servers). */
		process.on('exit', () => { if (child.exitCode === null) child.kill('SIGTERM'); });
	}
	await Promise.all(runs);
	if (data.length !== JOBS)
		throw new Error(`${JOBS - data.length} of ${JOBS} workers gave no record`);
	const r = { trials: 0, lost: [], audits: [], opens: [], ms: [], killMs: [], auditEarly: [], auditLate: [], phases: {}, acks: {} };
	for (const d of data) {
		for (const k of ['trials'])
			r[k] += d.r[k];
		for (const k of ['lost', 'audits', 'opens', 'ms', 'killMs', 'auditEarly', 'auditLate'])
			r[k].push(...d.r[k]);
		for (const [k, v] of Object.entries(d.r.phases))
			(r.phases[k] ||= []).push(...v);
		for (const [k, v] of Object.entries(d.r.acks))
			r.acks[k] = (r.acks[k] || 0) + v;
	}
	return { r, backend: data[0].backend, setupS: Math.max(...data.map((d) => d.setupS)),
		runS: Math.max(...data.map((d) => d.runS)) };
}

function report({ r, backend, setupS, runS }) {
	const acked = Object.values(r.acks).reduce((a, b) => a + b, 0);
	const jobs = JOBS > 1 ? ` (${JOBS} workers, a database each)` : '';
	for (const m of [...r.opens, ...r.audits, ...r.lost].slice(0, 50))
		console.log(`crash: ${m}`);
	console.log(`crash: ${backend}: ${r.trials} trials in ${runS.toFixed(0)} s${jobs} (demo database ${setupS.toFixed(0)} s), ` +
	    `per trial median ${pct(r.ms, 50)} ms, p99 ${pct(r.ms, 99)} ms, ${(runS * 1000 / Math.max(1, r.trials)).toFixed(0)} ms of wall time a trial; ` +
	    `acknowledged writes ${acked} ` +
	    `(${Object.entries(r.acks).map(([k, v]) => `${k} ${v}`).join(', ')}); lost ${r.lost.length}, ` +
	    `audit failures ${r.audits.length}, failed opens ${r.opens.length}`);
	/* Where a trial's time goes (issue 21: 1,000 trials in 30 minutes). */
	const total = r.ms.reduce((a, b) => a + b, 0) || 1;
	for (const [k, v] of Object.entries(r.phases)) {
		const sum = v.reduce((a, b) => a + b, 0);
		console.log(`PHASE backend=${backend} phase=${k} p50_ms=${pct(v, 50)} p90_ms=${pct(v, 90)} ` +
		    `mean_ms=${(sum / v.length).toFixed(0)} share=${((100 * sum) / total).toFixed(0)}%`);
	}
	const mean = (a) => (a.length ? (a.reduce((x, y) => x + y, 0) / a.length).toFixed(0) : 'NaN');
	console.log(`PHASE backend=${backend} phase=audit_first_tenth mean_ms=${mean(r.auditEarly)}`);
	console.log(`PHASE backend=${backend} phase=audit_last_tenth mean_ms=${mean(r.auditLate)}`);
	console.log(`RESULT backend=${backend} trials=${r.trials} seconds=${runS.toFixed(0)} jobs=${JOBS} acked=${acked} ` +
	    `indicator=${r.acks.indicator} survey=${r.acks.survey} dossier=${r.acks.dossier} order=${r.acks.order} ` +
	    `lost=${r.lost.length} audit_failures=${r.audits.length} open_failures=${r.opens.length} ` +
	    `trial_ms_p50=${pct(r.ms, 50)} trial_ms_p99=${pct(r.ms, 99)}`);
	process.exitCode = r.lost.length || r.audits.length || r.opens.length || r.trials !== TRIALS ? 1 : 0;
}

async function main() {
	if (JOBS > 1 && !WORKER)
		return report(await workers());
	const w = await trials(TRIALS);
	if (WORKER)
		console.log(`DATA ${JSON.stringify(w)}`);
	else
		report(w);
}

/* Stopped from outside (bench/crash.sh's trap, ^C): exit through
 * process.exit, whose handler in lib/ntm.js kills the servers. */
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
	process.on(sig, () => process.exit(130));

main().catch((e) => { console.error(`crash: ${e.stack || e}`); process.exit(2); });
