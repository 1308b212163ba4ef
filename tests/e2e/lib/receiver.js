'use strict';
/*
 * receiver.js - a webhook receiver on 127.0.0.1 for the tests and the
 * benchmark: it checks every POST the way docs/EXCHANGE.md section 4 tells
 * a receiving system to (HMAC-SHA256 of "<timestamp>.<body>" with the
 * subscription's secret, a timestamp no older than 5 minutes, the delivery
 * id of the header equal to the body's) and answers as the test asks.
 *
 *   const rx = await startReceiver({ failFirst: 2 });
 *   rx.secret = created.secret;              // before deliveries arrive
 *   rx.url                                   // http://127.0.0.1:PORT/hook
 *   rx.delivered                             // Map id -> body (2xx answered)
 *   rx.attempts                              // Map id -> attempts seen
 *   rx.bad                                   // requests that failed a check
 *   rx.down = true                           // answer 503 to everything
 *   await rx.close();
 */
const http = require('node:http');
const crypto = require('node:crypto');

const MAX_AGE_S = 300;

/* The check a receiver makes: true when the signature and the timestamp
 * are good. */
function verify(secret, headers, raw) {
	const ts = headers['x-ntm-timestamp'];
	const sig = headers['x-ntm-signature'] || '';
	if (!/^\d+$/.test(ts || '') || Math.abs(Date.now() / 1000 - Number(ts)) > MAX_AGE_S)
		return false;
	const want = 'sha256=' + crypto.createHmac('sha256', secret).update(`${ts}.`).update(raw).digest('hex');
	return sig.length === want.length && crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(want));
}

function startReceiver({ failFirst = 0, quiet = false } = {}) {
	const rx = {
		secret: null, secrets: new Map(), failFirst, down: false,
		delivered: new Map(), attempts: new Map(), bad: [], count: 0,
	};
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
			rx.count++;
			let body = null;
			try { body = JSON.parse(raw.toString('utf8')); } catch { /* bad below */ }
			const secret = body && rx.secrets.get(body.subscription) || rx.secret;
			if (req.method !== 'POST' || body === null || secret === null ||
			    !verify(secret, req.headers, raw) ||
			    String(body.id) !== req.headers['x-ntm-delivery'] ||
			    req.headers['content-type'] !== 'application/json') {
				rx.bad.push({ headers: req.headers, raw: raw.toString('utf8') });
				res.writeHead(401).end('bad signature');
				return;
			}
			const n = (rx.attempts.get(body.id) || 0) + 1;
			rx.attempts.set(body.id, n);
			if (rx.down || n <= rx.failFirst) {
				res.writeHead(500).end('not now');
				return;
			}
			rx.delivered.set(body.id, body);
			res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
		});
	});
	server.keepAliveTimeout = 30000;
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
		rx.url = `http://127.0.0.1:${server.address().port}/hook`;
		rx.close = () => new Promise((r) => { server.closeAllConnections(); server.close(r); });
		if (!quiet)
			rx.server = server;
		resolve(rx);
	}));
}

module.exports = { startReceiver, verify };
