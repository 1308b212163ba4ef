/*
 * ocop-sheet.js - the provisional result of the OCOP scoring sheet
 * (templates/ocop/sheet.html) as one types: the members' part scores are
 * sent to the preview (POST /api/v1/ocop/scorecards/{id}/preview, which
 * stores nothing) a moment after the last key, and the mean, the stars,
 * the disagreement flag or the first problems are shown in the live box.
 * Without JavaScript the form posts to the same preview and the page
 * shows the same result: this only saves the round trip.  The words come
 * from the form's data-* attributes (the message table), numbers are
 * formatted in the page's language.
 */
(function () {
	'use strict';
	var form = document.querySelector('form.ocs-sheet');
	var box = document.getElementById('ocs-live');
	if (!form || !box || !window.fetch)
		return;
	var lang = document.documentElement.lang || 'vi';
	var fmt = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 });
	var timer = null, seq = 0;

	function num(v) {
		var t = v.trim().replace(',', '.');
		return t !== '' && /^-?[0-9]+(\.[0-9]+)?$/.test(t) ? Number(t) : v;
	}

	function body() {
		var members = [], last = -1;
		form.querySelectorAll('fieldset').forEach(function (fs, i) {
			var m = {}, any = false;
			fs.querySelectorAll('input[data-part]').forEach(function (inp) {
				if (inp.value.trim() !== '') {
					m[inp.getAttribute('data-part')] = num(inp.value);
					any = true;
				}
			});
			members.push(m);
			if (any)
				last = i;
		});
		return { members: members.slice(0, last + 1) };
	}

	function show(lines, warn) {
		box.textContent = '';
		lines.forEach(function (l) {
			var p = document.createElement('p');
			p.textContent = l;
			if (warn)
				p.className = 'warn';
			box.appendChild(p);
		});
	}

	function run() {
		var b = body(), mine = ++seq;
		if (b.members.length === 0) {
			show([]);
			return;
		}
		var csrf = form.querySelector('input[name=_csrf]');
		fetch(form.getAttribute('data-api'), {
			method: 'POST', credentials: 'same-origin',
			headers: { 'content-type': 'application/json', 'x-csrf-token': csrf ? csrf.value : '' },
			body: JSON.stringify(b),
		}).then(function (r) { return r.json(); }).then(function (j) {
			if (mine !== seq)
				return;
			if (j.error) {
				var ps = j.error.problems || [j.error];
				show(ps.slice(0, 5).map(function (p) { return p.message; }), true);
				return;
			}
			var lines = [form.getAttribute('data-t-mean') + ': ' + fmt.format(j.mean) + ' · ' +
			    '★★★★★'.slice(0, j.stars)];
			if (j.flagged)
				lines.push(form.getAttribute('data-t-flagged') + ' (' + fmt.format(j.spread) + ')');
			if (j.band_note)
				lines.push(j.band_note);
			show(lines, false);
		}).catch(function () {});
	}

	form.addEventListener('input', function () {
		clearTimeout(timer);
		timer = setTimeout(run, 300);
	});
})();
