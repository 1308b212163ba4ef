'use strict';
/*
 * bench/report_upload.js - the time to store a province's upload of 100
 * communes over HTTP (issue 15: "a 100-commune upload stored in < 2 s").
 *
 *   (cd tests/e2e && npm ci)            # once: fflate
 *   NTM_BIN=$PWD/build/ntm node bench/report_upload.js
 *   NTM_TEST_PG=1 ... (as the e2e tests): on PostgreSQL
 *
 * `ntm demo` into a fresh database, `ntm serve` on loopback; the Hà Nội
 * officer downloads the province's all-communes workbook of a month
 * (GET …/2025/01/{period}.xlsx?communes=1), fills 100 communes (every
 * entered slot) and uploads it (POST /api/v1/reports/{form}/upload):
 * first as new reports (100 reports created, their values, history,
 * aggregates and audit entries), then again with every figure changed
 * (100 updates), then the same file again (nothing changes).  Each upload
 * is timed from the request to the answer (ms, wall clock); RUNS (3)
 * months each, the median printed.  Bounded: RUNS x 3 uploads.  Prints;
 * asserts nothing but that each upload was stored.
 */
const path = require('node:path');
const { startDemo, Client } = require(path.join(__dirname, '../tests/e2e/lib/accounts'));
const { rawUpload } = require(path.join(__dirname, '../tests/e2e/lib/dossiers'));
const { Book } = require(path.join(__dirname, '../tests/e2e/lib/xlsxedit'));

const FORM = 'ntm-tien-do-thang';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const RUNS = Number(process.env.RUNS || 3);
const N = 100;

const SLOTS = ['capital_mobilised.central', 'capital_mobilised.local', 'capital_mobilised.integrated',
	'capital_allocated.central', 'capital_allocated.local', 'capital_allocated.integrated',
	'capital_disbursed.central', 'capital_disbursed.local', 'capital_disbursed.integrated',
	'works_started', 'works_completed', 'difficulties', 'proposals'];

function fill(b, units, k) {
	const rows = b.rows();
	for (const [i, u] of units.entries()) {
		const at = (s) => `${u.col}${rows[s]}`;
		const base = 1000000 * (i + 1) + k;
		b.set(at('capital_mobilised.central'), 9 * base);
		b.set(at('capital_mobilised.local'), 3 * base);
		b.set(at('capital_mobilised.integrated'), 2 * base);
		b.set(at('capital_allocated.central'), 6 * base);
		b.set(at('capital_allocated.local'), 2 * base);
		b.set(at('capital_allocated.integrated'), base);
		b.set(at('capital_disbursed.central'), 3 * base);
		b.set(at('capital_disbursed.local'), base);
		b.set(at('capital_disbursed.integrated'), base);
		b.set(at('works_started'), 5 + k);
		b.set(at('works_completed'), 2 + k);
		b.set(at('difficulties'), `Khó khăn về mặt bằng, lần ${k}`);
		b.set(at('proposals'), `Đề nghị bổ sung vốn, lần ${k}`);
	}
	return b.bytes();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
	const ntm = await startDemo();
	try {
		const hanoi = await Client.login(ntm.base, 'hanoi');
		const times = { created: [], changed: [], same: [] };
		let bytes = 0;
		for (let run = 0; run < RUNS; run++) {
			const period = `2026-0${run + 1}`;
			const res = await fetch(`${ntm.base}/reports/${FORM}/2025/01/${period}.xlsx?communes=1`,
				{ headers: hanoi.headers() });
			if (res.status !== 200)
				throw new Error(`template: ${res.status}`);
			const tpl = Buffer.from(await res.arrayBuffer());
			const units = Book.from(tpl).units().slice(0, N);
			const files = [fill(Book.from(tpl), units, 1), fill(Book.from(tpl), units, 2)];
			bytes = files[0].length;
			for (const [what, file] of [['created', files[0]], ['changed', files[1]], ['same', files[1]]]) {
				const t0 = process.hrtime.bigint();
				const r = await rawUpload(hanoi, `/api/v1/reports/${FORM}/upload`, file, XLSX);
				const ms = Number(process.hrtime.bigint() - t0) / 1e6;
				if (r.status !== 200 || r.json.stored !== N)
					throw new Error(`${what}: ${r.status} ${r.text.slice(0, 300)}`);
				times[what].push(ms);
			}
		}
		const backend = process.env.NTM_TEST_PG ? 'PostgreSQL' : 'SQLite';
		console.log(`100-commune upload over HTTP (${backend}, ${SLOTS.length} entered slots a commune, ` +
			`file ${Math.round(bytes / 1024)} KB, ${RUNS} runs):`);
		for (const [what, xs] of Object.entries(times))
			console.log(`  ${what.padEnd(8)} median ${median(xs).toFixed(0)} ms  (${xs.map((x) => x.toFixed(0)).join(', ')})`);
	} finally {
		await ntm.stop();
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
