'use strict';
/*
 * browser.js - Debian's Chromium through playwright-core, set up the one
 * way this machine allows: headless, no sandbox (root), and none of the
 * background connections a closed network refuses.  Browser tests share
 * the phone viewport and the screenshots folder from here.
 */
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { E2E_DIR } = require('./ntm');

const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const SHOTS = path.join(E2E_DIR, 'screenshots');
const VIEWPORT = { width: 360, height: 800 };
const ACTION_TIMEOUT_MS = 5000;

async function launchBrowser() {
	fs.mkdirSync(SHOTS, { recursive: true });
	return chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
		    '--no-first-run', '--disable-background-networking',
		    '--disable-component-update', '--disable-sync'],
	});
}

/* A phone-sized page in a new context of browser, whose page errors and
 * console errors are pushed to problems (the favicon, and console lines
 * matching `expected` - e.g. /status of 422/ for a refused form - left
 * out): a test ends by asserting problems is empty. */
async function phonePage(browser, problems, expected = null) {
	const context = await browser.newContext({ viewport: VIEWPORT, locale: 'vi-VN' });
	const page = await context.newPage();
	page.setDefaultTimeout(ACTION_TIMEOUT_MS);
	const favicon = (url) => /\/favicon\.(ico|svg)$/.test(url || '');
	page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() === 'error' && !favicon(m.location().url) &&
		    !(expected && expected.test(m.text())))
			problems.push(`console: ${m.text()} ${m.location().url}`);
	});
	return { context, page };
}

module.exports = { launchBrowser, phonePage, SHOTS, VIEWPORT, ACTION_TIMEOUT_MS };
