/*
 * picker.js - the unit picker (templates/partials/unit_picker.html) without
 * a page load: as one types a name, the matching units come from
 * /api/v1/units and are offered as radio buttons in place.  Without this
 * script the picker's own GET form does the same through the server.
 * Loaded by the layout (defer); no inline script (the CSP allows none).
 */
(function () {
	'use strict';
	var LIMIT = 8, WAIT_MS = 250;

	function text(tag, cls, s) {
		var e = document.createElement(tag);
		if (cls) e.className = cls;
		e.textContent = s;
		return e;
	}

	function choice(name, unit) {
		var label = document.createElement('label'), input = document.createElement('input'),
		    span = document.createElement('span');
		label.className = 'choice';
		input.type = 'radio';
		input.name = name;
		input.value = unit.structure + ':' + unit.code;
		span.appendChild(document.createTextNode(unit.full_name));
		if (unit.parent_name)
			span.appendChild(text('span', 'muted small', ' · ' + unit.parent_name));
		label.appendChild(input);
		label.appendChild(document.createTextNode(' '));
		label.appendChild(span);
		return label;
	}

	function setup(box) {
		var name = box.getAttribute('data-picker'), level = box.getAttribute('data-level'),
		    q = box.querySelector('[data-picker-q]'), list = box.querySelector('.picker-choices'),
		    form = q && q.form, timer = null, asked = 0;
		if (!q || !list || !form)
			return;

		function render(items, typed) {
			var keep = list.querySelector('input:checked'), seen = {};
			/* The chosen unit stays first and chosen. */
			while (list.firstChild)
				list.removeChild(list.firstChild);
			if (keep) {
				list.appendChild(keep.closest('label'));
				seen[keep.value] = true;
			}
			items.forEach(function (u) {
				if (!seen[u.structure + ':' + u.code])
					list.appendChild(choice(name, u));
			});
			if (typed && items.length === 0)
				list.appendChild(text('p', 'muted small', box.getAttribute('data-none') || ''));
		}

		function search() {
			var typed = q.value.trim(), n = ++asked, url;
			if (typed === '') {
				render([], '');
				return;
			}
			url = '/api/v1/units?structure=2025&limit=' + LIMIT + '&q=' + encodeURIComponent(typed) +
			    (level ? '&level=' + encodeURIComponent(level) : '');
			fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
			    .then(function (r) { return r.ok ? r.json() : { items: [] }; })
			    .then(function (d) { if (n === asked) render(d.items || [], typed); })
			    .catch(function () { /* the Find button still works */ });
		}

		q.addEventListener('input', function () {
			clearTimeout(timer);
			timer = setTimeout(search, WAIT_MS);
		});
		/* Find (or Enter in the search box) searches in place: what was
		 * typed in the rest of the form stays. */
		form.addEventListener('submit', function (ev) {
			ev.preventDefault();
			clearTimeout(timer);
			search();
		});
	}

	document.addEventListener('DOMContentLoaded', function () {
		Array.prototype.forEach.call(document.querySelectorAll('[data-picker]'), setup);
	});
}());
