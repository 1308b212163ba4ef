'use strict';
/*
 * dashboard_render.js - for bench/dashboard.sh: each line "name url" of
 * stdin opened in Chromium (playwright-core, Debian's chromium) in a fresh
 * context with the cache off and the network throttled through CDP
 * (Network.emulateNetworkConditions: 400 kbit/s down and up, 400 ms
 * latency); prints "name url BYTES bytes FCP ms LOAD ms": the bytes the
 * network delivered for the page and all it loaded (encodedDataLength of
 * every response), the first contentful paint and the load event.
 */
const { chromium } = require('playwright-core');

const KBIT = 400;
const LATENCY_MS = 400;

async function measure(browser, url) {
	const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'vi-VN' });
	const page = await context.newPage();
	const cdp = await context.newCDPSession(page);
	let bytes = 0;
	await cdp.send('Network.enable');
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false, latency: LATENCY_MS,
		downloadThroughput: KBIT * 1000 / 8, uploadThroughput: KBIT * 1000 / 8,
	});
	cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
	await page.goto(url, { waitUntil: 'load', timeout: 60000 });
	/* The paint may be reported after the load event: wait for it. */
	const t = await page.evaluate(() => new Promise((resolve) => {
		const nav = performance.getEntriesByType('navigation')[0];
		const done = (fcp) => resolve({ fcp, load: nav ? nav.loadEventEnd : NaN });
		const seen = performance.getEntriesByName('first-contentful-paint')[0];
		if (seen)
			return done(seen.startTime);
		new PerformanceObserver((list) => {
			const e = list.getEntriesByName('first-contentful-paint')[0];
			if (e)
				done(e.startTime);
		}).observe({ type: 'paint', buffered: true });
		setTimeout(() => done(NaN), 10000);
	}));
	await context.close();
	return { bytes, fcp: Math.round(t.fcp), load: Math.round(t.load) };
}

async function main() {
	const lines = require('node:fs').readFileSync(0, 'utf8').split('\n').filter(Boolean);
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
		    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	try {
		for (const l of lines) {
			const [name, url] = l.split(' ');
			const m = await measure(browser, url);
			console.log(`${name} ${url} ${m.bytes} bytes ${m.fcp} ms ${m.load} ms`);
		}
	} finally {
		await browser.close();
	}
}

main().catch((e) => { console.error(e); process.exit(1); });
