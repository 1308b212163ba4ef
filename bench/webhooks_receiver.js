'use strict';
/*
 * bench/webhooks_receiver.js - the receiving system of bench/webhooks.sh:
 * tests/e2e/lib/receiver.js (every signature and timestamp checked, as
 * docs/EXCHANGE.md section 4 tells a receiver) answering 200.  Prints its
 * URL on the first line; on SIGTERM prints {"delivered", "bad"} and exits.
 * Usage: node bench/webhooks_receiver.js SECRET
 */
const { startReceiver } = require('../tests/e2e/lib/receiver');

(async () => {
	const rx = await startReceiver({ quiet: true });
	rx.secret = process.argv[2];
	process.stdout.write(`${rx.url}\n`);
	process.on('SIGTERM', async () => {
		process.stdout.write(JSON.stringify({ delivered: rx.delivered.size, bad: rx.bad.length }) + '\n');
		await rx.close();
		process.exit(0);
	});
})();
