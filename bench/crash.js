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
 *   (env BENCH_CRASH_SECONDS, BENCH_CRASH_PG_TEMPLATE: below)
 */
const path = require('node:path');
const E2E = path.resolve(__dirname, '../tests/e2e');
const { startNtm, serveNtm, runNtm, psql, pgUrl, BACKEND } = require(path.join(E2E, 'lib/ntm'));
const crash = require(path.join(E2E, 'lib/crash'));

const TRIALS = Number(process.argv[2] || 1000);
const MAX_MS = Number(process.argv[3] || 600);
/* BENCH_CRASH_SECONDS: no trial starts after that many seconds of trials
 * (the run is then reported with the trials done, verdict MISSED). */
const BUDGET_S = Number(process.env.BENCH_CRASH_SECONDS || 0);
const tRunStart = () => Date.now();

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

async function main() {
	const t0 = Date.now();
	const tpl = process.env.BENCH_CRASH_PG_TEMPLATE;
	const ntm = tpl && BACKEND === 'postgresql' ? await fromTemplate(tpl)
		: await startNtm({ command: 'demo', prefix: 'ntm-bench-crash-', timeout: 3600000, startTimeout: 120000 });
	const setupS = (Date.now() - t0) / 1000;
	let n = 0;
	const tRun = Date.now();
	let r;
	try {
		r = await crash.run({
			trials: TRIALS, maxMs: MAX_MS, until: BUDGET_S > 0 ? tRunStart() + BUDGET_S * 1000 : Infinity,
			serve: () => (n++ === 0 ? Promise.resolve({ base: ntm.base, proc: ntm.proc, stop: async () => {} })
				: ntm.serve(ntm.dbPath, { extraArgs: ['--threads', '2'], startTimeout: 120000 })),
			audit: () => ntm.run(['audit', 'verify', '--db', ntm.dbPath], { timeout: 120000 }),
			sql: (q) => ntm.sql(q),
			progress: (i) => {
				if (i % 50 === 0 || i === TRIALS)
					console.log(`crash: ${ntm.backend}: ${i}/${TRIALS} trials, ${((Date.now() - tRun) / 1000).toFixed(0)} s`);
			},
		});
	} finally {
		await ntm.stop();
	}
	const runS = (Date.now() - tRun) / 1000;
	const acked = Object.values(r.acks).reduce((a, b) => a + b, 0);
	for (const m of [...r.opens, ...r.audits, ...r.lost].slice(0, 50))
		console.log(`crash: ${m}`);
	console.log(`crash: ${ntm.backend}: ${r.trials} trials in ${runS.toFixed(0)} s (demo database ${setupS.toFixed(0)} s), ` +
	    `per trial median ${pct(r.ms, 50)} ms, p99 ${pct(r.ms, 99)} ms; acknowledged writes ${acked} ` +
	    `(${Object.entries(r.acks).map(([k, v]) => `${k} ${v}`).join(', ')}); lost ${r.lost.length}, ` +
	    `audit failures ${r.audits.length}, failed opens ${r.opens.length}`);
	console.log(`RESULT backend=${ntm.backend} trials=${r.trials} seconds=${runS.toFixed(0)} acked=${acked} ` +
	    `indicator=${r.acks.indicator} survey=${r.acks.survey} dossier=${r.acks.dossier} order=${r.acks.order} ` +
	    `lost=${r.lost.length} audit_failures=${r.audits.length} open_failures=${r.opens.length} ` +
	    `trial_ms_p50=${pct(r.ms, 50)} trial_ms_p99=${pct(r.ms, 99)}`);
	process.exitCode = r.lost.length || r.audits.length || r.opens.length || r.trials !== TRIALS ? 1 : 0;
}

/* Stopped from outside (bench/crash.sh's trap, ^C): exit through
 * process.exit, whose handler in lib/ntm.js kills the servers. */
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
	process.on(sig, () => process.exit(130));

main().catch((e) => { console.error(`crash: ${e.stack || e}`); process.exit(2); });
