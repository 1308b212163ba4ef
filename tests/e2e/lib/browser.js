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

module.exports = { launchBrowser, SHOTS, VIEWPORT, ACTION_TIMEOUT_MS };
