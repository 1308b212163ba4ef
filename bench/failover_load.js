// bench/failover_load.js - the write load of bench/failover.sh and of
// tests/e2e/api/failover.test.js: writes through `ntm serve` without pause
// while the database primary is killed under it, and a record of every
// write the server acknowledged.
//
//   node bench/failover_load.js BASE_URL BEARER_TOKEN OUT_FILE [TAG]
//
// Runs until SIGTERM or SIGINT, then finishes the requests in flight and
// exits.  Two kinds of write, each a transaction with an audit append:
//   tok  POST /api/v1/tokens {"name": "fo-TAG-N"} - a new row each, so
//        every acknowledged one can be looked for afterwards; one writer,
//        at most 10 a second (the answer lists all the caller's tokens:
//        it grows with them);
//   ind  PUT /api/v1/units/2025/00376 and 00382/indicators/ntm-xa-2026-2030/2026
//        {"values": {"3.1": N}} - two writers, each on its own commune, N
//        counting up: the value after the run is the last acknowledged one.
// A 503 is retried, the same request, after its Retry-After (the server
// could not tell whether the write happened: both kinds are safe to
// repeat); a refused connection likewise after 0.2 s.  Any other answer is
// a failure: printed, counted, and the exit status is 1.
// OUT_FILE gets one line per acknowledged write, in order:
//   MS_SINCE_EPOCH tok NAME | MS_SINCE_EPOCH ind STRUCTURE:CODE VALUE
// and one line per answer refused with 503: MS 503 KIND.
'use strict';

const fs = require('node:fs');

const [base, token, outFile, tag = 'x'] = process.argv.slice(2);
if (!outFile) {
	console.error('usage: node bench/failover_load.js BASE_URL TOKEN OUT_FILE [TAG]');
	process.exit(2);
}
const out = fs.openSync(outFile, 'a');
let stopping = false;
let failures = 0;
process.on('SIGTERM', () => { stopping = true; });
process.on('SIGINT', () => { stopping = true; });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const note = (line) => fs.writeSync(out, `${Date.now()} ${line}\n`);

// One write until acknowledged (2xx) or refused for good; true when acknowledged.
async function write(kind, method, path, body) {
	for (;;) {
		let res;
		try {
			res = await fetch(base + path, {
				method,
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: JSON.stringify(body),
				signal: AbortSignal.timeout(60000),
			});
		} catch (e) {
			if (stopping)
				return false;
			await sleep(200);	// ntm itself unreachable: not expected
			continue;
		}
		const text = await res.text();
		if (res.status >= 200 && res.status < 300)
			return true;
		if (res.status === 503) {
			note(`503 ${kind}`);
			const after = Number(res.headers.get('retry-after'));
			if (!(after >= 0)) {
				console.error(`failover_load: 503 without Retry-After on ${path}`);
				failures++;
			}
			await sleep(1000 * (after >= 0 ? after : 1));
			continue;	// retried even when stopping: its fate must be known
		}
		console.error(`failover_load: ${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
		failures++;
		stopping = true;	// a wrong answer ends the run
		return false;
	}
}

async function tokens() {
	for (let n = 1; !stopping; n++) {
		const name = `fo-${tag}-${n}`;
		const t0 = Date.now();
		if (await write('tok', 'POST', '/api/v1/tokens', { name }))
			note(`tok ${name}`);
		await sleep(Math.max(0, 100 - (Date.now() - t0)));
	}
}

async function indicators(code) {
	const path = `/api/v1/units/2025/${code}/indicators/ntm-xa-2026-2030/2026`;
	for (let n = 1; !stopping; n++) {
		if (await write('ind', 'PUT', path, { values: { '3.1': n } }))
			note(`ind 2025:${code} ${n}`);
	}
}

Promise.all([tokens(), indicators('00376'), indicators('00382')]).then(() => {
	fs.closeSync(out);
	process.exit(failures ? 1 : 0);
});
