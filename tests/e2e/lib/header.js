'use strict';
/*
 * header.js - the layout's header in browser tests.  Under 52rem the
 * navigation, the account, sign-out and the language are in the header's
 * "Menu" (a <details>, templates/layout.html): openMenu opens it when it
 * is folded (a phone) and does nothing on a wide screen, where the links
 * sit in the bar.  Returns the main navigation's locator.
 */
async function openMenu(page) {
	const menu = page.locator('header.top details.menu');
	const summary = menu.locator('summary');
	if (await summary.isVisible() && !(await menu.evaluate((d) => d.open)))
		await summary.click();
	return page.locator('header.top nav.main-nav');
}

module.exports = { openMenu };
