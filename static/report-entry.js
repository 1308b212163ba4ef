/*
 * report-entry.js - optional help on the report entry page
 * (templates/reports/entry.html): checks each value as it is typed (a
 * number, a whole number, the element's bounds) by the rule the server
 * reads typed values with (money grouped by three: 1.234.567; a decimal
 * comma: 91,5), and updates a broken-down element's total.  The page
 * works without it: the server checks everything again on save.  Loaded
 * deferred; the messages come from the form's data attributes (both
 * languages from the message table), so nothing here is a person's text.
 */
(function () {
	'use strict';
	var form = document.getElementById('rep-entry');
	if (!form)
		return;
	var lang = form.getAttribute('data-lang') || 'vi';
	var fmt = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN',
	    { maximumFractionDigits: 6 });

	/* The number typed, or NaN; null when empty. */
	function read(text, integer) {
		var t = text.replace(/^\s+|\s+$/g, '');
		if (t === '')
			return null;
		t = t.replace(/\s*%$/, '');
		if (integer) {
			/* digits grouped by three with '.', ',' or a space */
			if (!/^-?\d{1,3}([., \u00a0]\d{3})*$/.test(t) && !/^-?\d+$/.test(t))
				return NaN;
			return Number(t.replace(/[., \u00a0]/g, ''));
		}
		if (!/^-?\d+([.,]\d+)?$/.test(t))
			return NaN;
		return Number(t.replace(',', '.'));
	}

	function say(input, message) {
		var id = input.id + '-check';
		var p = document.getElementById(id);
		if (!message) {
			input.removeAttribute('aria-invalid');
			if (p)
				p.parentNode.removeChild(p);
			return;
		}
		input.setAttribute('aria-invalid', 'true');
		if (!p) {
			p = document.createElement('p');
			p.id = id;
			p.className = 'rep-check';
			p.setAttribute('role', 'status');
			input.parentNode.insertBefore(p, input.nextSibling);
		}
		p.textContent = message;
	}

	function check(input) {
		var integer = input.hasAttribute('data-integer');
		var x = read(input.value, integer);
		var min = input.getAttribute('data-min');
		var max = input.getAttribute('data-max');
		if (x === null)
			say(input, '');
		else if (isNaN(x))
			say(input, form.getAttribute(integer ? 'data-msg-whole' : 'data-msg-number'));
		else if (min !== null && x < Number(min))
			say(input, form.getAttribute('data-msg-min').replace('{1}', fmt.format(Number(min))));
		else if (max !== null && x > Number(max))
			say(input, form.getAttribute('data-msg-max').replace('{1}', fmt.format(Number(max))));
		else
			say(input, '');
		return x;
	}

	function total(anchor) {
		var out = form.querySelector('[data-total-for="' + anchor + '"]');
		if (!out)
			return;
		var parts = form.querySelectorAll('input[data-total="' + anchor + '"]');
		var sum = 0, any = false;
		for (var i = 0; i < parts.length; i++) {
			var x = read(parts[i].value, parts[i].hasAttribute('data-integer'));
			if (x !== null && !isNaN(x)) {
				sum += x;
				any = true;
			}
		}
		out.textContent = any ? fmt.format(sum) : '\u2014';
	}

	form.addEventListener('input', function (ev) {
		var t = ev.target;
		if (!t.hasAttribute || !t.hasAttribute('data-kind'))
			return;
		check(t);
		if (t.hasAttribute('data-total'))
			total(t.getAttribute('data-total'));
	});
})();
