/*
 * reporting_cases_test.c - the data-driven cases of the reporting engine:
 * every *.json file of tests/reporting-cases/ (or $NTM_REP_CASES_DIR) is
 * one case, run in name order.  A case is an object with "description"
 * (what it proves) and "kind":
 *
 *   "period"     "period": the text; "field" (default "period").
 *                "expect": {"text", "type", "start", "end", "prev",
 *                "next", "per_year", "within": {"<type>": [texts]},
 *                "started": {"<date>": bool}, "cmp": {"<text>": -1|0|1}}
 *                or "expect_error": {"code", "field"}.
 *   "form"       "form" (a document), "form_text" (raw text) or
 *                "form_file" (a path from the repository's root).
 *                "expect_problems": [{"field", "code"}] - every fault,
 *                in order (an empty list: the form parses);
 *                "expect": {"slots": n, "elements": n, "rules": n,
 *                "due": {"<period>": "<date>"},
 *                "period_ok": {"<period>": true | "<error code>"}}.
 *   "values"     a form as above; "values": JSON through
 *                rep_values_from_json, or "values_text": {"<slot>":
 *                "text"} through rep_value_from_text; "for_submit";
 *                "level": the filling unit's level (default: any).
 *                "expect_problems" (every fault of reading, then of
 *                validating); "expect": {"values": {<rep_values_json
 *                keys>}, "absent": [element ids], "rules": {"<id>":
 *                "ok"|"violated"|"skipped"}, "warnings": [{"field",
 *                "code"}]}.
 *   "aggregate"  a form; "units": [{"values": {...}, "share": 1}] added
 *                one by one; "remove": [indexes of units taken back with
 *                -share]; "expect": {"values": {...}, "absent": [...]}.
 *                The same aggregate is also built by merging one
 *                accumulator per unit, and must agree.
 *   "over_time"  a form; "periods": [values object | null], in order;
 *                "expect" as for aggregate.
 *   "over_time_units"  a form; "periods": [[units' values objects] |
 *                null]: each period's units aggregated (share 1), then
 *                the periods by over_time - what the store does for a
 *                year of a monthly form; "expect" as for aggregate.
 *   "plan"       a form (the periodic one) and "plan": {"form" or
 *                "form_file"} (the yearly one); "values" and
 *                "plan_values"; "expect": {"<slot>": {"plan_slot":
 *                name | null, "share": number | null}} (rep_plan.h).
 *   "shares"     "successors": ["full"|"partial", ...], "known":
 *                [number | null, ...] (optional); "expect": {"shares":
 *                [...]} or "expect_error": {"code"}.
 *
 * Every problem's message must exist in both languages and differ.
 * Numbers compare within 1e-9 relative.  A failing case prints its file
 * and what differs; the test fails if any case does (all are run).
 */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/date.h"
#include "domain/reporting/rep_plan.h"
#include "domain/reporting/reporting.h"

#define WHY_MAX 600

struct ctx {
	const char *file;
	char why[WHY_MAX];
	struct arena *a;
};

static int
failf(struct ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
failf(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->why[0] != '\0')
		return 1;	/* the first reason is kept */
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	return 1;
}

static bool
same(json_t *got, json_t *want)
{
	double g, w;

	if (json_is_number(got) && json_is_number(want)) {
		g = json_number_value(got);
		w = json_number_value(want);
		return fabs(g - w) <= 1e-9 * fmax(1.0, fmax(fabs(g), fabs(w)));
	}
	if (json_is_object(got) && json_is_object(want)) {
		const char *k;
		json_t *v;

		if (json_object_size(got) != json_object_size(want))
			return false;
		json_object_foreach(want, k, v)
			if (!same(json_object_get(got, k), v))
				return false;
		return true;
	}
	return got != NULL && json_equal(got, want);
}

static const char *
show(json_t *v)
{
	static char bufs[2][240];
	static int k;
	char *s;

	k ^= 1;
	if (v == NULL) {
		snprintf(bufs[k], sizeof(bufs[k]), "(absent)");
		return bufs[k];
	}
	s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	snprintf(bufs[k], sizeof(bufs[k]), "%s", s != NULL ? s : "?");
	free(s);
	return bufs[k];
}

static const char *
str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A problem list against [{"field", "code"}] (every one, in order), and
 * both languages present in each. */
static int
check_problems(struct ctx *c, const char *what, const struct rep_problems *pr,
    json_t *want)
{
	size_t i;
	json_t *w;

	if (want == NULL)
		want = json_array();
	else
		json_incref(want);
	for (i = 0; i < pr->n; i++) {
		const struct errinfo *e = &pr->items[i];

		if (e->message[0] == '\0' || e->message_en[0] == '\0' ||
		    strcmp(e->message, e->message_en) == 0)
			failf(c, "%s[%zu] (%s %s): a message is missing in a "
			    "language: “%s” / “%s”", what, i, e->code, e->field,
			    e->message, e->message_en);
	}
	json_array_foreach(want, i, w) {
		const struct errinfo *e;

		if (i >= pr->n) {
			failf(c, "%s[%zu]: expected %s, got nothing more", what,
			    i, show(w));
			break;
		}
		e = &pr->items[i];
		if ((str(w, "field") != NULL && strcmp(str(w, "field"),
		    e->field) != 0) || (str(w, "code") != NULL &&
		    strcmp(str(w, "code"), e->code) != 0)) {
			failf(c, "%s[%zu]: expected %s, got %s at “%s”: %s",
			    what, i, show(w), e->code, e->field, e->message);
			break;
		}
	}
	if (pr->n > json_array_size(want))
		failf(c, "%s: %zu more than expected, the first: %s at “%s”: "
		    "%s", what, pr->n - json_array_size(want),
		    pr->items[json_array_size(want)].code,
		    pr->items[json_array_size(want)].field,
		    pr->items[json_array_size(want)].message);
	json_decref(want);
	return c->why[0] != '\0';
}

/* ---- periods ---- */

static const char *
day_text(struct ctx *c, long d)
{
	char buf[DATE_LEN];

	date_format(d, buf);
	return arena_strdup(c->a, buf);
}

static int
expect_text(struct ctx *c, const char *key, json_t *want, const char *got)
{
	json_t *g = got != NULL ? json_string(got) : json_null();
	int r = 0;

	if (want != NULL && !same(g, want))
		r = failf(c, "%s: expected %s, got %s", key, show(want),
		    show(g));
	json_decref(g);
	return r;
}

static int
run_period(struct ctx *c, json_t *cs)
{
	json_t *exp = json_object_get(cs, "expect"), *err =
	    json_object_get(cs, "expect_error"), *v;
	const char *field = str(cs, "field") ? str(cs, "field") : "period";
	struct rep_period p, q, list[12];
	struct errinfo ei;
	char t[REP_PERIOD_TEXT];
	const char *k;
	enum err e;
	int n, i;

	e = rep_period_parse(str(cs, "period"), field, &p, &ei);
	if (e != ERR_OK) {
		if (err == NULL)
			return failf(c, "unexpected error %s at “%s”: %s",
			    ei.code, ei.field, ei.message);
		if (strcmp(str(err, "code"), ei.code) != 0 ||
		    (str(err, "field") && strcmp(str(err, "field"),
		    ei.field) != 0))
			return failf(c, "expected error %s, got %s at “%s”",
			    show(err), ei.code, ei.field);
		if (ei.message_en[0] == '\0' || strcmp(ei.message,
		    ei.message_en) == 0)
			return failf(c, "error without both languages");
		return 0;
	}
	if (err != NULL)
		return failf(c, "expected error %s, got none", show(err));
	if (expect_text(c, "text", json_object_get(exp, "text"),
	    rep_period_format(&p, t)) ||
	    expect_text(c, "type", json_object_get(exp, "type"),
	    rep_period_type_names[p.type]) ||
	    expect_text(c, "start", json_object_get(exp, "start"),
	    day_text(c, rep_period_start(&p))) ||
	    expect_text(c, "end", json_object_get(exp, "end"),
	    day_text(c, rep_period_end(&p))) ||
	    expect_text(c, "prev", json_object_get(exp, "prev"),
	    rep_period_prev(&p, &q) ? rep_period_format(&q, t) : NULL) ||
	    expect_text(c, "next", json_object_get(exp, "next"),
	    rep_period_next(&p, &q) ? rep_period_format(&q, t) : NULL))
		return 1;
	if ((v = json_object_get(exp, "per_year")) != NULL &&
	    json_integer_value(v) != rep_periods_per_year(p.type))
		return failf(c, "per_year: expected %s, got %d", show(v),
		    rep_periods_per_year(p.type));
	if ((v = json_object_get(exp, "year_periods")) != NULL) {
		n = rep_periods_of_year(p.type, p.year, list);
		if ((size_t)n != json_array_size(v))
			return failf(c, "year_periods: %d, expected %zu", n,
			    json_array_size(v));
		for (i = 0; i < n; i++)
			if (expect_text(c, "year_periods", json_array_get(v,
			    (size_t)i), rep_period_format(&list[i], t)))
				return 1;
	}
	json_object_foreach(json_object_get(exp, "within"), k, v) {
		int ty;

		for (ty = 0; ty < REP_PERIOD_TYPE__MAX; ty++)
			if (strcmp(rep_period_type_names[ty], k) == 0)
				break;
		n = rep_periods_within(&p, (enum rep_period_type)ty, list);
		if ((size_t)n != json_array_size(v))
			return failf(c, "within.%s: %d periods, expected %zu",
			    k, n, json_array_size(v));
		for (i = 0; i < n; i++)
			if (expect_text(c, "within", json_array_get(v,
			    (size_t)i), rep_period_format(&list[i], t)))
				return 1;
	}
	json_object_foreach(json_object_get(exp, "started"), k, v) {
		long d;

		if (!date_parse(k, &d))
			return failf(c, "started: “%s” is not a date", k);
		if (rep_period_started(&p, d) != json_is_true(v))
			return failf(c, "started on %s: expected %s", k,
			    show(v));
	}
	json_object_foreach(json_object_get(exp, "cmp"), k, v) {
		if (rep_period_parse(k, "cmp", &q, &ei) != ERR_OK)
			return failf(c, "cmp: “%s”: %s", k, ei.message);
		if (rep_period_cmp(&p, &q) != json_integer_value(v))
			return failf(c, "cmp %s: expected %s, got %d", k,
			    show(v), rep_period_cmp(&p, &q));
	}
	return 0;
}

/* ---- forms ---- */

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *s;
	long n;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	s = malloc((size_t)n + 1);
	if (s != NULL && fread(s, 1, (size_t)n, fp) != (size_t)n) {
		free(s);
		s = NULL;
	}
	fclose(fp);
	if (s != NULL) {
		s[n] = '\0';
		*len = (size_t)n;
	}
	return s;
}

/* The case's form into *f; problems into pr.  1 when the case failed
 * already (a file missing). */
static int
load_form(struct ctx *c, json_t *cs, struct rep_form **f,
    struct rep_problems *pr)
{
	struct errinfo ei;
	json_t *v;
	char *text;
	size_t len;

	rep_problems_init(pr, c->a, 200);
	if ((v = json_object_get(cs, "form_text")) != NULL)
		rep_form_parse(json_string_value(v), json_string_length(v), f,
		    pr, &ei);
	else if ((v = json_object_get(cs, "form_file")) != NULL) {
		if ((text = slurp(json_string_value(v), &len)) == NULL)
			return failf(c, "cannot read %s", show(v));
		rep_form_parse(text, len, f, pr, &ei);
		free(text);
	} else
		rep_form_from_json(json_object_get(cs, "form"), f, pr, &ei);
	return 0;
}

static int
run_form(struct ctx *c, json_t *cs)
{
	json_t *exp = json_object_get(cs, "expect"), *v;
	struct rep_problems pr;
	struct rep_form *f = NULL;
	struct rep_period p;
	struct errinfo ei;
	const char *k;
	int rc;

	if ((rc = load_form(c, cs, &f, &pr)) != 0)
		return rc;
	if ((rc = check_problems(c, "problems", &pr, json_object_get(cs,
	    "expect_problems"))) != 0 || f == NULL)
		goto out;
	if ((v = json_object_get(exp, "slots")) && (size_t)json_integer_value(v)
	    != f->n_slots)
		rc = failf(c, "slots: expected %s, got %zu", show(v),
		    f->n_slots);
	if ((v = json_object_get(exp, "elements")) &&
	    (size_t)json_integer_value(v) != f->n_elements)
		rc = failf(c, "elements: expected %s, got %zu", show(v),
		    f->n_elements);
	if ((v = json_object_get(exp, "rules")) &&
	    (size_t)json_integer_value(v) != f->n_rules)
		rc = failf(c, "rules: expected %s, got %zu", show(v),
		    f->n_rules);
	json_object_foreach(json_object_get(exp, "due"), k, v) {
		if (rep_period_parse(k, "due", &p, &ei) != ERR_OK)
			return failf(c, "due: %s", ei.message);
		rc |= expect_text(c, "due", v, day_text(c, rep_form_due(f,
		    &p)));
	}
	json_object_foreach(json_object_get(exp, "period_ok"), k, v) {
		enum err e;

		if (rep_period_parse(k, "period", &p, &ei) != ERR_OK)
			return failf(c, "period_ok: %s", ei.message);
		e = rep_form_period_check(f, &p, "period", &ei);
		if (json_is_true(v) ? e != ERR_OK : (e == ERR_OK ||
		    strcmp(ei.code, json_string_value(v)) != 0))
			rc = failf(c, "period_ok.%s: expected %s, got %s", k,
			    show(v), e == ERR_OK ? "ok" : ei.code);
	}
out:
	rep_form_free(f);
	return rc;
}

/* Compare computed values with expect.values (a subset of
 * rep_values_json) and expect.absent. */
static int
check_values(struct ctx *c, const struct rep_form *f,
    const struct rep_value *vals, json_t *exp)
{
	json_t *got = rep_values_json(f, vals), *v;
	const char *k;
	size_t i;
	int rc = 0;

	json_object_foreach(json_object_get(exp, "values"), k, v)
		if (!same(json_object_get(got, k), v)) {
			rc = failf(c, "values.%s: expected %s, got %s", k,
			    show(v), show(json_object_get(got, k)));
			break;
		}
	json_array_foreach(json_object_get(exp, "absent"), i, v)
		if (json_object_get(got, json_string_value(v)) != NULL) {
			rc = failf(c, "values.%s: expected absent, got %s",
			    json_string_value(v), show(json_object_get(got,
			    json_string_value(v))));
			break;
		}
	if (getenv("NTM_CASES_DUMP") != NULL)
		printf("%s: %s\n", c->file, show(got));
	json_decref(got);
	return rc;
}

static int
run_values(struct ctx *c, json_t *cs)
{
	json_t *exp = json_object_get(cs, "expect"), *v;
	struct rep_problems fp, pr, warn;
	struct rep_rule_result *res;
	struct rep_form *f = NULL;
	struct rep_value *vals;
	struct errinfo ei;
	const char *k;
	size_t i;
	int rc;

	if ((rc = load_form(c, cs, &f, &fp)) != 0)
		return rc;
	if (f == NULL)
		return failf(c, "the form does not parse: %s",
		    fp.n ? fp.items[0].message : "?");
	rep_problems_init(&pr, c->a, 200);
	rep_problems_init(&warn, c->a, 200);
	vals = rep_values_new(f, c->a);
	if ((v = json_object_get(cs, "values")) != NULL)
		rep_values_from_json(f, str(cs, "level"), v, c->a, vals, &pr,
		    &ei);
	json_object_foreach(json_object_get(cs, "values_text"), k, v) {
		long slot = rep_slot(f, k);

		if (slot < 0) {
			rc = failf(c, "values_text.%s: no such slot", k);
			goto out;
		}
		if (rep_value_from_text(f, (size_t)slot, json_string_value(v),
		    c->a, &vals[slot], &ei) != ERR_OK) {
			struct errinfo one = ei;

			if (pr.n < pr.cap)
				pr.items[pr.n++] = one;
		}
	}
	rep_values_compute(f, vals);
	res = arena_alloc(c->a, (f->n_rules + 1) * sizeof(*res));
	rep_validate(f, str(cs, "level"), vals, json_is_true(json_object_get(cs,
	    "for_submit")),
	    c->a, res, &pr, &warn, &ei);
	if ((rc = check_problems(c, "problems", &pr, json_object_get(cs,
	    "expect_problems"))) != 0)
		goto out;
	if ((rc = check_problems(c, "warnings", &warn, json_object_get(exp,
	    "warnings"))) != 0)
		goto out;
	json_object_foreach(json_object_get(exp, "rules"), k, v) {
		for (i = 0; i < f->n_rules; i++)
			if (strcmp(f->rules[i].id, k) == 0)
				break;
		if (i == f->n_rules) {
			rc = failf(c, "rules.%s: no such rule", k);
			goto out;
		}
		if (strcmp(rep_rule_state_names[res[i].state],
		    json_string_value(v)) != 0) {
			rc = failf(c, "rules.%s: expected %s, got %s (%g vs "
			    "%g)", k, show(v), rep_rule_state_names[
			    res[i].state], res[i].left, res[i].right);
			goto out;
		}
	}
	rc = check_values(c, f, vals, exp);
out:
	rep_form_free(f);
	return rc;
}

/* One unit's values of an aggregate case, computed. */
static struct rep_value *
unit_values(struct ctx *c, const struct rep_form *f, json_t *obj)
{
	struct rep_value *vals = rep_values_new(f, c->a);
	struct rep_problems pr;
	struct errinfo ei;

	rep_problems_init(&pr, c->a, 10);
	if (rep_values_from_json(f, NULL, obj, c->a, vals, &pr, &ei) != ERR_OK) {
		failf(c, "a unit's values are refused: %s", ei.message);
		return NULL;
	}
	rep_values_compute(f, vals);
	return vals;
}

static int
run_aggregate(struct ctx *c, json_t *cs)
{
	json_t *units = json_object_get(cs, "units"), *u, *rm;
	struct rep_problems fp;
	struct rep_form *f = NULL;
	struct rep_acc *acc, *merged, *one;
	struct rep_value **uv, *out, *out2;
	size_t i, j;
	double share;
	int rc;

	if ((rc = load_form(c, cs, &f, &fp)) != 0)
		return rc;
	if (f == NULL)
		return failf(c, "the form does not parse: %s",
		    fp.n ? fp.items[0].message : "?");
	acc = rep_acc_new(f, c->a);
	merged = rep_acc_new(f, c->a);
	uv = arena_alloc(c->a, (json_array_size(units) + 1) * sizeof(*uv));
	json_array_foreach(units, i, u) {
		json_t *s = json_object_get(u, "share");

		if ((uv[i] = unit_values(c, f, json_object_get(u, "values"))) ==
		    NULL)
			goto out;
		share = s != NULL ? json_number_value(s) : 1;
		rep_acc_add(f, acc, uv[i], share);
		one = rep_acc_new(f, c->a);
		rep_acc_add(f, one, uv[i], share);
		rep_acc_merge(f, merged, one);
	}
	json_array_foreach(json_object_get(cs, "remove"), j, rm) {
		i = (size_t)json_integer_value(rm);
		u = json_array_get(units, i);
		share = json_object_get(u, "share") != NULL ?
		    json_number_value(json_object_get(u, "share")) : 1;
		rep_acc_add(f, acc, uv[i], -share);
		one = rep_acc_new(f, c->a);
		rep_acc_add(f, one, uv[i], -share);
		rep_acc_merge(f, merged, one);
	}
	out = rep_values_new(f, c->a);
	out2 = rep_values_new(f, c->a);
	rep_acc_values(f, acc, out);
	rep_acc_values(f, merged, out2);
	if ((rc = check_values(c, f, out, json_object_get(cs, "expect"))) != 0)
		goto out;
	{
		json_t *a = rep_values_json(f, out), *b = rep_values_json(f,
		    out2);

		if (!same(a, b))
			rc = failf(c, "added one by one %s, merged %s", show(a),
			    show(b));
		json_decref(a);
		json_decref(b);
	}
out:
	rep_form_free(f);
	return c->why[0] != '\0' ? 1 : rc;
}

static int
run_over_time(struct ctx *c, json_t *cs)
{
	json_t *periods = json_object_get(cs, "periods"), *p;
	struct rep_problems fp;
	struct rep_form *f = NULL;
	const struct rep_value **pv;
	struct rep_value *out;
	size_t i;
	int rc;

	if ((rc = load_form(c, cs, &f, &fp)) != 0)
		return rc;
	if (f == NULL)
		return failf(c, "the form does not parse: %s",
		    fp.n ? fp.items[0].message : "?");
	pv = arena_alloc(c->a, (json_array_size(periods) + 1) * sizeof(*pv));
	json_array_foreach(periods, i, p)
		if (!json_is_null(p) && (pv[i] = unit_values(c, f, p)) == NULL)
			goto out;
	out = rep_values_new(f, c->a);
	rep_over_time(f, pv, json_array_size(periods), out);
	rc = check_values(c, f, out, json_object_get(cs, "expect"));
out:
	rep_form_free(f);
	return c->why[0] != '\0' ? 1 : rc;
}

static int
run_over_time_units(struct ctx *c, json_t *cs)
{
	json_t *periods = json_object_get(cs, "periods"), *p, *u;
	struct rep_problems fp;
	struct rep_form *f = NULL;
	const struct rep_value **pv;
	struct rep_value *out, *one;
	struct rep_acc *acc;
	size_t i, j;
	int rc;

	if ((rc = load_form(c, cs, &f, &fp)) != 0)
		return rc;
	if (f == NULL)
		return failf(c, "the form does not parse: %s",
		    fp.n ? fp.items[0].message : "?");
	pv = arena_alloc(c->a, (json_array_size(periods) + 1) * sizeof(*pv));
	json_array_foreach(periods, i, p) {
		struct rep_value *v;

		pv[i] = NULL;
		if (json_is_null(p))
			continue;
		acc = rep_acc_new(f, c->a);
		json_array_foreach(p, j, u) {
			if ((one = unit_values(c, f, u)) == NULL)
				goto out;
			rep_acc_add(f, acc, one, 1);
		}
		v = rep_values_new(f, c->a);
		rep_acc_values(f, acc, v);
		pv[i] = v;
	}
	out = rep_values_new(f, c->a);
	rep_over_time(f, pv, json_array_size(periods), out);
	rc = check_values(c, f, out, json_object_get(cs, "expect"));
out:
	rep_form_free(f);
	return c->why[0] != '\0' ? 1 : rc;
}

static int
run_plan(struct ctx *c, json_t *cs)
{
	struct rep_problems fp, pp;
	struct rep_form *f = NULL, *pf = NULL;
	struct rep_value *av, *pv;
	json_t *want, *ws, *wp;
	const char *k;
	char name[2 * REP_ID_MAX + 2];
	int rc;

	if ((rc = load_form(c, cs, &f, &fp)) != 0 ||
	    (rc = load_form(c, json_object_get(cs, "plan"), &pf, &pp)) != 0)
		goto out;
	if (f == NULL || pf == NULL) {
		rc = failf(c, "a form does not parse: %s", fp.n ?
		    fp.items[0].message : pp.n ? pp.items[0].message : "?");
		goto out;
	}
	if ((av = unit_values(c, f, json_object_get(cs, "values"))) == NULL ||
	    (pv = unit_values(c, pf, json_object_get(cs, "plan_values"))) ==
	    NULL)
		goto out;
	json_object_foreach(json_object_get(cs, "expect"), k, want) {
		long s = rep_slot(f, k), ps;
		double share = 0;
		bool has;

		if (s < 0) {
			rc = failf(c, "no slot %s", k);
			break;
		}
		ps = rep_plan_slot(f, (size_t)s, pf);
		wp = json_object_get(want, "plan_slot");
		if (json_is_null(wp) ? ps >= 0 : ps < 0 ||
		    strcmp(rep_slot_name(pf, (size_t)ps, name, sizeof(name)),
		    json_string_value(wp)) != 0) {
			rc = failf(c, "%s: plan slot expected %s, got %s", k,
			    show(wp), ps < 0 ? "none" : rep_slot_name(pf,
			    (size_t)ps, name, sizeof(name)));
			break;
		}
		has = rep_plan_share(ps >= 0 ? &pv[ps] : NULL, &av[s], &share);
		ws = json_object_get(want, "share");
		if (json_is_null(ws) ? has : !has) {
			rc = failf(c, "%s: share expected %s, got %s", k,
			    show(ws), has ? "one" : "none");
			break;
		}
		if (has) {
			json_t *g = json_real(share);
			int bad = !same(g, ws);

			json_decref(g);
			if (bad) {
				rc = failf(c, "%s: share expected %s, got %.17g",
				    k, show(ws), share);
				break;
			}
		}
	}
out:
	rep_form_free(f);
	rep_form_free(pf);
	return c->why[0] != '\0' ? 1 : rc;
}

static int
run_shares(struct ctx *c, json_t *cs)
{
	json_t *succ = json_object_get(cs, "successors"), *known =
	    json_object_get(cs, "known"), *err = json_object_get(cs,
	    "expect_error"), *want = json_object_get(json_object_get(cs,
	    "expect"), "shares"), *v;
	size_t n = json_array_size(succ), i;
	struct unit_link *links = arena_alloc(c->a, (n + 1) * sizeof(*links));
	double *k = NULL, *shares = arena_alloc(c->a, (n + 1) *
	    sizeof(*shares)), sum = 0;
	struct errinfo ei;
	enum err e;

	json_array_foreach(succ, i, v)
		links[i].relation = json_string_value(v);
	if (known != NULL) {
		k = arena_alloc(c->a, (n + 1) * sizeof(*k));
		json_array_foreach(known, i, v)
			k[i] = json_is_number(v) ? json_number_value(v) : 0;
	}
	e = rep_lineage_shares(links, n, k, shares, &ei);
	if (err != NULL) {
		if (e == ERR_OK || strcmp(str(err, "code"), ei.code) != 0)
			return failf(c, "expected error %s, got %s", show(err),
			    e == ERR_OK ? "none" : ei.code);
		return 0;
	}
	if (e != ERR_OK)
		return failf(c, "unexpected error %s: %s", ei.code,
		    ei.message);
	for (i = 0; i < n; i++) {
		json_t *g = json_real(shares[i]);
		int bad = !same(g, json_array_get(want, i));

		json_decref(g);
		if (bad)
			return failf(c, "shares[%zu]: expected %s, got %.17g",
			    i, show(json_array_get(want, i)), shares[i]);
		sum += shares[i];
	}
	if (sum != 1.0)
		return failf(c, "the shares add up to %.17g, not exactly 1",
		    sum);
	return 0;
}

static int
run_case(struct ctx *c, json_t *cs)
{
	const char *kind = str(cs, "kind");

	if (kind == NULL)
		return failf(c, "no kind");
	if (strcmp(kind, "period") == 0)
		return run_period(c, cs);
	if (strcmp(kind, "form") == 0)
		return run_form(c, cs);
	if (strcmp(kind, "values") == 0)
		return run_values(c, cs);
	if (strcmp(kind, "aggregate") == 0)
		return run_aggregate(c, cs);
	if (strcmp(kind, "over_time") == 0)
		return run_over_time(c, cs);
	if (strcmp(kind, "over_time_units") == 0)
		return run_over_time_units(c, cs);
	if (strcmp(kind, "plan") == 0)
		return run_plan(c, cs);
	if (strcmp(kind, "shares") == 0)
		return run_shares(c, cs);
	return failf(c, "unknown kind “%s”", kind);
}

static int
by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void
test_cases(void **state)
{
	const char *dir = getenv("NTM_REP_CASES_DIR");
	char **names = NULL, path[1024];
	size_t n = 0, cap = 0, i, len;
	int failed = 0;
	struct dirent *de;
	json_error_t jerr;
	DIR *d;

	(void)state;
	if (dir == NULL)
		dir = "tests/reporting-cases";
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof(*names));
			assert_non_null(names);
		}
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		struct ctx c = { .file = names[i], .a = arena_new(4096) };
		json_t *cs;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if ((cs = json_load_file(path, JSON_REJECT_DUPLICATES,
		    &jerr)) == NULL) {
			failf(&c, "not JSON: line %d: %s", jerr.line, jerr.text);
			failed++;
		} else if (run_case(&c, cs) != 0 || c.why[0] != '\0')
			failed++;
		if (c.why[0] != '\0')
			print_error("%s: %s\n", names[i], c.why);
		json_decref(cs);
		arena_free(c.a);
		free(names[i]);
	}
	free(names);
	print_message("reporting cases: %zu run, %d failed\n", n, failed);
	assert_true(n > 0);
	assert_int_equal(failed, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
