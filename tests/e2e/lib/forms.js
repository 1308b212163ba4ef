'use strict';
/*
 * forms.js - browser helpers for the form patterns of docs/DEVELOPING.md
 * ("Pages people read"): the unit picker, the error summary.
 */

/* In the form (a playwright locator), choose the unit whose radio label
 * matches name after searching typed: works with JavaScript on (the
 * list comes in place) and off (the picker's GET reloads the page; fill
 * the other fields after choosing then). */
async function chooseUnit(form, typed, name) {
	const box = form.locator('fieldset.picker');
	await box.getByLabel(/Tìm theo tên|Search by name/).fill(typed);
	await box.getByRole('button', { name: /^(Tìm|Find)$/ }).click();
	const radio = form.page().locator('fieldset.picker').getByRole('radio', { name });
	await radio.first().waitFor();
	await radio.first().check();
}

/* The problems listed at the top of a refused form: [{text, href}]. */
async function problemsListed(page) {
	return page.locator('.error-summary li').evaluateAll((lis) => lis.map((li) => {
		const a = li.querySelector('a');
		return { text: li.textContent.trim(), href: a ? a.getAttribute('href') : null };
	}));
}

module.exports = { chooseUnit, problemsListed };
