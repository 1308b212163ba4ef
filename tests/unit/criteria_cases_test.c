/*
 * criteria_cases_test.c - the data-driven rule cases of the criteria
 * engine: every *.json file of tests/criteria-cases/ (or $NTM_CASES_DIR)
 * is one case, run in name order.
 *
 * A case is an object:
 *   "description"  what it proves (free text)
 *   "set"          a whole criteria document (crit_set_from_json), or
 *   "set_text"     the same as raw text (crit_set_parse: malformed input)
 *   "unit"         {"variant": "2" | null, "recognised": true}
 *   "year"         the evaluation year (default: the set's first year)
 *   "values"       {"<id>": JSON value} through crit_value_from_json
 *   "set_file"     instead of "set": a shipped document, by its path from
 *                  the repository's root (criteria/dx-xa-2026-2030.json)
 *   "values_text"  {"<id>": "text"} through crit_value_from_text
 *   "observed"     {"<id>": number | true | false}: an observed
 *                  indicator's value as the store supplies it (measured by
 *                  the platform, so not through crit_value_from_json)
 *   "overrides"    {"<id>": 8} or {"<id>": {"value": 8, "source": "…"}}
 *   "lang"         "vi" (default) or "en" for crit_result_json
 *   "expect"       keys of crit_result_json's output to compare, plus
 *                  "criteria_failed"/"criteria_unknown" (counts),
 *                  "indicators": {"<id>": {<keys of the indicator>}},
 *                  "criteria": {"<id>": met | {<keys of the criterion>}}
 *   "expect_score" keys of crit_score_json's output ("score", "total",
 *                  "unscored", "complete", "to_next"), and "level" /
 *                  "next_level": the level's id (null: none), "lifts":
 *                  [ids in order], "pillars": {"<criterion id>": points};
 *                  the score is also checked against crit_result_json's
 *                  "score" (the same object)
 *   "expect_error" {"field", "code", "err"?}: the first error of the
 *                  pipeline (parse, values, overrides, evaluate)
 * NTM_CASES_DUMP=1 prints every evaluated result (to write a new case).
 * Numbers compare within 1e-9; other values with json_equal.  A failing
 * case prints its file name and the first key that differs; the test
 * fails if any case does (all are run).
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
#include "domain/criteria/criteria.h"

#define WHY_MAX 512

struct ctx {
	const char *file;
	char why[WHY_MAX];
};

static int
failf(struct ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
failf(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

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
	if (got == NULL)
		return false;
	return json_equal(got, want);
}

static char *
show(json_t *v)
{
	static char bufs[2][200];
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

/* Compare every key of want with obj's; label names obj in messages. */
static int
compare_keys(struct ctx *c, const char *label, json_t *obj, json_t *want)
{
	const char *k;
	json_t *v;

	json_object_foreach(want, k, v) {
		if (!same(json_object_get(obj, k), v))
			return failf(c, "%s.%s: expected %s, got %s", label, k,
			    show(v), show(json_object_get(obj, k)));
	}
	return 0;
}

static json_t *
find_by_id(json_t *arr, const char *id)
{
	size_t i;
	json_t *o;

	json_array_foreach(arr, i, o) {
		if (strcmp(json_string_value(json_object_get(o, "id")), id) == 0)
			return o;
	}
	return NULL;
}

static int
check_error(struct ctx *c, json_t *want, const struct errinfo *ei,
    enum err e)
{
	json_t *f = json_object_get(want, "field");
	json_t *code = json_object_get(want, "code");
	json_t *en = json_object_get(want, "err");

	if (want == NULL)
		return failf(c, "unexpected error %s %s at “%s”: %s",
		    err_name(e), ei->code, ei->field, ei->message);
	if (f != NULL && strcmp(json_string_value(f), ei->field) != 0)
		return failf(c, "expect_error.field: expected %s, got “%s” "
		    "(%s: %s)", show(f), ei->field, ei->code, ei->message);
	if (code != NULL && strcmp(json_string_value(code), ei->code) != 0)
		return failf(c, "expect_error.code: expected %s, got %s "
		    "(%s: %s)", show(code), ei->code, ei->field, ei->message);
	if (en != NULL && strcmp(json_string_value(en), err_name(e)) != 0)
		return failf(c, "expect_error.err: expected %s, got %s",
		    show(en), err_name(e));
	/* Every message is there in Vietnamese and, for the engine's own
	 * refusals (text that is not JSON is core/jdoc's), in English. */
	if (ei->message[0] == '\0')
		return failf(c, "error without a message");
	if (e == ERR_INVALID && (ei->message_en[0] == '\0' ||
	    strcmp(ei->message, ei->message_en) == 0))
		return failf(c, "error without an English message (%s: %s)",
		    ei->code, ei->message);
	return 0;
}

/* The id of a level object, or null. */
static json_t *
id_of(json_t *o)
{
	json_t *id = json_object_get(o, "id");

	return id != NULL ? json_incref(id) : json_null();
}

/* "expect_score": crit_score through crit_score_json, and the same object
 * in the evaluation's JSON. */
static int
check_score(struct ctx *c, const struct crit_set *s,
    const struct crit_result *r, json_t *res, json_t *want, const char *lang,
    struct arena *a)
{
	struct crit_score sc;
	struct errinfo ei;
	json_t *got, *v, *g = NULL, *o;
	const char *k;
	size_t i;
	int rc = 0;

	memset(&ei, 0, sizeof(ei));
	if (crit_score(s, r, a, &sc, &ei) != ERR_OK)
		return failf(c, "crit_score: %s: %s", ei.code, ei.message);
	got = crit_score_json(s, r, &sc, lang);
	if (!json_equal(got, json_object_get(res, "score")))
		rc = failf(c, "crit_result_json's score differs from "
		    "crit_score_json's");
	json_object_foreach(want, k, v) {
		if (rc)
			break;
		if (strcmp(k, "level") == 0 || strcmp(k, "next_level") == 0)
			g = id_of(json_object_get(got, k));
		else if (strcmp(k, "lifts") == 0) {
			g = json_array();
			json_array_foreach(json_object_get(got, k), i, o)
				json_array_append(g, json_object_get(o, "id"));
		} else if (strcmp(k, "pillars") == 0) {
			g = json_object();
			json_array_foreach(json_object_get(got, k), i, o)
				json_object_set(g, json_string_value(
				    json_object_get(o, "id")),
				    json_object_get(o, "points"));
		} else
			g = json_incref(json_object_get(got, k));
		if (strcmp(k, "pillars") == 0) {
			rc = compare_keys(c, "expect_score.pillars", g, v);
		} else if (!same(g, v))
			rc = failf(c, "expect_score.%s: expected %s, got %s", k,
			    show(v), show(g));
		json_decref(g);
	}
	json_decref(got);
	return rc;
}

static int
run_case(struct ctx *c, json_t *cs)
{
	json_t *want_err = json_object_get(cs, "expect_error");
	json_t *expect = json_object_get(cs, "expect");
	json_t *unit = json_object_get(cs, "unit"), *v, *res = NULL, *o;
	struct crit_set *s = NULL;
	struct crit_value *vals = NULL;
	struct crit_override *ovs = NULL;
	struct crit_eval_input in;
	struct crit_result r;
	struct errinfo ei;
	struct arena *a = arena_new(4096);
	const char *k, *lang;
	enum err e;
	long slot;
	int rc = 0;

	memset(&ei, 0, sizeof(ei));
	memset(&in, 0, sizeof(in));
	if ((v = json_object_get(cs, "set_text")) != NULL)
		e = crit_set_parse(json_string_value(v), json_string_length(v),
		    &s, &ei);
	else if ((v = json_object_get(cs, "set_file")) != NULL) {
		json_error_t jerr;
		json_t *doc = json_load_file(json_string_value(v), 0, &jerr);

		if (doc == NULL) {
			rc = failf(c, "set_file %s: %s", json_string_value(v),
			    jerr.text);
			goto out;
		}
		e = crit_set_from_json(doc, &s, &ei);
		json_decref(doc);
	} else
		e = crit_set_from_json(json_object_get(cs, "set"), &s, &ei);
	if (e != ERR_OK) {
		rc = check_error(c, want_err, &ei, e);
		goto out;
	}
	vals = calloc(crit_slots(s) + 1, sizeof(*vals));
	ovs = calloc(s->n_indicators + 1, sizeof(*ovs));
	json_object_foreach(json_object_get(cs, "values"), k, v) {
		if ((slot = crit_slot(s, k)) < 0) {
			rc = failf(c, "values.%s: no such indicator", k);
			goto out;
		}
		if ((e = crit_value_from_json(s, (size_t)slot, v, a,
		    &vals[slot], &ei)) != ERR_OK) {
			rc = check_error(c, want_err, &ei, e);
			goto out;
		}
	}
	json_object_foreach(json_object_get(cs, "values_text"), k, v) {
		if ((slot = crit_slot(s, k)) < 0) {
			rc = failf(c, "values_text.%s: no such indicator", k);
			goto out;
		}
		if ((e = crit_value_from_text(s, (size_t)slot,
		    json_string_value(v), a, &vals[slot], &ei)) != ERR_OK) {
			rc = check_error(c, want_err, &ei, e);
			goto out;
		}
	}
	json_object_foreach(json_object_get(cs, "observed"), k, v) {
		if ((slot = crit_slot(s, k)) < 0 ||
		    (size_t)slot >= s->n_indicators ||
		    s->indicators[slot].observed == NULL) {
			rc = failf(c, "observed.%s: no such observed indicator",
			    k);
			goto out;
		}
		vals[slot].present = true;
		vals[slot].boolean = json_is_true(v);
		vals[slot].num = json_number_value(v);
	}
	json_object_foreach(json_object_get(cs, "overrides"), k, v) {
		if ((slot = crit_slot(s, k)) < 0 ||
		    (size_t)slot >= s->n_indicators) {
			rc = failf(c, "overrides.%s: no such indicator", k);
			goto out;
		}
		ovs[slot].present = true;
		if (json_is_object(v)) {
			ovs[slot].value = json_number_value(
			    json_object_get(v, "value"));
			ovs[slot].source = json_string_value(
			    json_object_get(v, "source"));
		} else
			ovs[slot].value = json_number_value(v);
	}
	in.variant = json_string_value(json_object_get(unit, "variant"));
	in.recognised = json_is_true(json_object_get(unit, "recognised"));
	in.year = (v = json_object_get(cs, "year")) != NULL ?
	    (int)json_integer_value(v) : s->year_from;
	in.values = vals;
	in.overrides = ovs;
	if ((e = crit_evaluate(s, &in, a, &r, &ei)) != ERR_OK) {
		rc = check_error(c, want_err, &ei, e);
		goto out;
	}
	if (want_err != NULL) {
		rc = failf(c, "expected error %s, got none",
		    show(json_object_get(want_err, "code")));
		goto out;
	}
	lang = json_string_value(json_object_get(cs, "lang"));
	res = crit_result_json(s, &in, &r, lang != NULL ? lang : "vi");
	if (getenv("NTM_CASES_DUMP") != NULL) {
		char *dump = json_dumps(res, JSON_INDENT(1));

		printf("%s:\n%s\n", c->file, dump);
		free(dump);
	}
	if ((v = json_object_get(cs, "expect_score")) != NULL &&
	    (rc = check_score(c, s, &r, res, v, lang != NULL ? lang : "vi",
	    a)) != 0)
		goto out;
	json_object_foreach(expect, k, v) {
		json_t *ik, *iv, *got;
		const char *id;

		if (strcmp(k, "criteria_failed") == 0 ||
		    strcmp(k, "criteria_unknown") == 0) {
			json_t *n = json_integer(k[9] == 'f' ?
			    r.criteria_failed : r.criteria_unknown);

			if (!same(n, v))
				rc = failf(c, "expect.%s: expected %s, got %s",
				    k, show(v), show(n));
			json_decref(n);
		} else if (strcmp(k, "criteria") == 0) {
			json_object_foreach(v, id, iv) {
				if ((o = find_by_id(json_object_get(res,
				    "criteria"), id)) == NULL) {
					rc = failf(c, "criteria.%s: absent", id);
					break;
				}
				if (json_is_object(iv)) {
					char label[100];

					snprintf(label, sizeof(label),
					    "criteria.%s", id);
					rc = compare_keys(c, label, o, iv);
				} else if (!same(got = json_object_get(o, "met"),
				    iv))
					rc = failf(c, "criteria.%s.met: expected "
					    "%s, got %s", id, show(iv),
					    show(got));
				if (rc)
					break;
			}
		} else if (strcmp(k, "indicators") == 0) {
			json_object_foreach(v, id, ik) {
				char label[100];
				json_t *cr;
				size_t i;

				o = NULL;
				json_array_foreach(json_object_get(res,
				    "criteria"), i, cr) {
					if (o == NULL)
						o = find_by_id(json_object_get(cr,
						    "indicators"), id);
				}
				if (o == NULL) {
					rc = failf(c, "indicators.%s: absent",
					    id);
					break;
				}
				snprintf(label, sizeof(label), "indicators.%s",
				    id);
				if ((rc = compare_keys(c, label, o, ik)) != 0)
					break;
			}
		} else if (!same(got = json_object_get(res, k), v))
			rc = failf(c, "expect.%s: expected %s, got %s", k,
			    show(v), show(got));
		if (rc)
			break;
	}
out:
	json_decref(res);
	free(vals);
	free(ovs);
	crit_set_free(s);
	arena_free(a);
	return rc;
}

static int
by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void
test_cases(void **state)
{
	const char *dir = getenv("NTM_CASES_DIR");
	char **names = NULL, path[1024];
	size_t n = 0, cap = 0, i, len;
	int failed = 0;
	struct dirent *de;
	json_error_t jerr;
	DIR *d;

	(void)state;
	if (dir == NULL)
		dir = "tests/criteria-cases";
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
		struct ctx c = { .file = names[i] };
		json_t *cs;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if ((cs = json_load_file(path, JSON_REJECT_DUPLICATES,
		    &jerr)) == NULL) {
			failf(&c, "not JSON: line %d: %s", jerr.line, jerr.text);
			failed++;
		} else if (run_case(&c, cs) != 0)
			failed++;
		if (c.why[0] != '\0')
			print_error("%s: %s\n", names[i], c.why);
		json_decref(cs);
		free(names[i]);
	}
	free(names);
	print_message("criteria cases: %zu run, %d failed\n", n, failed);
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
