/*
 * reporting_test.c - the reporting engine where a table of cases does not
 * fit (tests/reporting-cases/ holds the rules, periods and aggregations):
 * every shipped form parses and its stored document parses again to the
 * same form; a form with more faults than the list holds counts the rest;
 * messages name elements as people read them; values survive a JSON round
 * trip; and an aggregate maintained through many edits (add, take back,
 * add the new values) equals one rebuilt from the final values.
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

#include "core/buf.h"
#include "domain/reporting/reporting.h"

static struct rep_form *
load(const char *path)
{
	struct rep_problems pr;
	struct rep_form *f = NULL;
	struct arena *a = arena_new(4096);
	struct errinfo ei;
	struct buf b;

	buf_init(&b, REP_DOC_MAX);
	assert_int_equal(buf_read_file(&b, path), ERR_OK);
	rep_problems_init(&pr, a, 50);
	if (rep_form_parse(buf_cstr(&b), b.len, &f, &pr, &ei) != ERR_OK)
		fail_msg("%s: %s", path, ei.message);
	buf_free(&b);
	arena_free(a);
	return f;
}

/* Every file of forms/ parses; its kept document parses again to the
 * same shape; every element reads in both languages. */
static void
test_shipped_forms(void **state)
{
	DIR *d = opendir("forms");
	struct dirent *de;
	int n = 0;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		char path[512], *text;
		struct rep_form *f, *g = NULL;
		struct errinfo ei;
		size_t len = strlen(de->d_name), i;

		if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		snprintf(path, sizeof(path), "forms/%s", de->d_name);
		f = load(path);
		assert_true(f->n_legal > 0);
		for (i = 0; i < f->n_elements; i++) {
			assert_non_null(f->elements[i].name);
			assert_non_null(f->elements[i].name_en);
		}
		text = json_dumps(f->doc, JSON_COMPACT);
		assert_int_equal(rep_form_parse(text, strlen(text), &g, NULL,
		    &ei), ERR_OK);
		assert_string_equal(g->id, f->id);
		assert_int_equal(g->n_slots, f->n_slots);
		assert_int_equal(g->n_rules, f->n_rules);
		free(text);
		rep_form_free(g);
		rep_form_free(f);
		n++;
	}
	closedir(d);
	assert_int_equal(n, 5);	/* the plan 1-2, the progress form 1-3 */
}

/* More faults than the list holds: the first cap are kept, the rest
 * counted, the first is in ei. */
static void
test_problems_cap(void **state)
{
	struct arena *a = arena_new(4096);
	struct rep_problems pr;
	struct rep_form *f = NULL;
	struct errinfo ei;
	json_t *doc = json_pack("{s:s, s:[], s:[]}", "format", "x",
	    "elements", "rules"), *els = json_object_get(doc, "elements"), *arr;
	int i;

	(void)state;
	for (i = 0; i < 30; i++)
		json_array_append_new(els, json_pack("{s:s, s:s}", "id", "Bad",
		    "kind", "nope"));
	rep_problems_init(&pr, a, 10);
	assert_int_equal(rep_form_from_json(doc, &f, &pr, &ei), ERR_INVALID);
	assert_null(f);
	assert_int_equal(pr.n, 10);
	assert_true(pr.more > 50);
	assert_string_equal(ei.field, pr.items[0].field);
	arr = rep_problems_json(&pr);
	assert_int_equal(json_array_size(arr), 10);
	assert_non_null(json_object_get(json_array_get(arr, 0), "message_en"));
	json_decref(arr);
	json_decref(doc);
	arena_free(a);
}

/* A value's message names the element and category as people read
 * them, in each language, never the path. */
static void
test_messages_name_elements(void **state)
{
	struct rep_form *f = load("forms/ntm-tien-do-thang.json");
	struct arena *a = arena_new(4096);
	struct rep_value *vals = rep_values_new(f, a);
	struct rep_problems pr;
	struct errinfo ei;
	json_t *v = json_pack("{s:{s:f}}", "capital_disbursed", "central",
	    12.5);

	(void)state;
	rep_problems_init(&pr, a, 10);
	assert_int_equal(rep_values_from_json(f, NULL, v, a, vals, &pr, &ei),
	    ERR_INVALID);
	assert_string_equal(ei.field, "values.capital_disbursed.central");
	assert_string_equal(ei.code, "reporting.not_whole");
	assert_non_null(strstr(ei.message,
	    "Vốn đã giải ngân — Ngân sách trung ương:"));
	assert_non_null(strstr(ei.message_en,
	    "Capital disbursed — Central budget:"));
	assert_null(strstr(ei.message, "values."));
	assert_string_equal(rep_slot_label(f, (size_t)rep_slot(f,
	    "capital_disbursed.local"), "en", a),
	    "Capital disbursed — Local budget");
	json_decref(v);
	arena_free(a);
	rep_form_free(f);
}

/* Values -> JSON -> values again gives the same JSON. */
static void
test_values_round_trip(void **state)
{
	struct rep_form *f = load("forms/ntm-tien-do-thang.json");
	struct arena *a = arena_new(4096);
	struct rep_value *v1 = rep_values_new(f, a), *v2 = rep_values_new(f, a);
	struct errinfo ei;
	json_t *in = json_pack("{s:{s:I, s:I}, s:{s:I}, s:i, s:s}",
	    "capital_allocated", "central", (json_int_t)1500000000000,
	    "community", (json_int_t)7, "capital_disbursed", "central",
	    (json_int_t)1000, "works_started", 4, "difficulties",
	    "Thiếu vốn đối ứng"), *j1, *j2;

	(void)state;
	assert_int_equal(rep_values_from_json(f, NULL, in, a, v1, NULL, &ei),
	    ERR_OK);
	rep_values_compute(f, v1);
	j1 = rep_values_json(f, v1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j1,
	    "capital_allocated"), "central")), 1500000000000);
	assert_true(json_is_number(json_object_get(j1, "disbursement_rate")));
	json_object_del(j1, "disbursement_rate");	/* computed */
	assert_int_equal(rep_values_from_json(f, NULL, j1, a, v2, NULL, &ei),
	    ERR_OK);
	rep_values_compute(f, v2);
	j2 = rep_values_json(f, v2);
	json_object_del(j2, "disbursement_rate");
	assert_true(json_equal(j1, j2));
	json_decref(in);
	json_decref(j1);
	json_decref(j2);
	arena_free(a);
	rep_form_free(f);
}

/* A small deterministic generator (the test must repeat). */
static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* One unit's random values for the progress form, computed. */
static struct rep_value *
random_values(const struct rep_form *f, struct arena *a, uint32_t *s)
{
	struct rep_value *v = rep_values_new(f, a);
	static const char *const slots[] = { "capital_allocated.central",
		"capital_allocated.local", "capital_disbursed.central",
		"capital_mobilised.community", "works_started",
		"works_completed", "satisfaction", "criteria_met", NULL };

	for (int i = 0; slots[i] != NULL; i++) {
		long k = rep_slot(f, slots[i]);

		if (rnd(s) % 4 == 0)
			continue;	/* absent now and then */
		v[k].present = true;
		v[k].num = (double)(rnd(s) % (strstr(slots[i], "capital") ?
		    5000000000u : 100u));
	}
	rep_values_compute(f, v);
	return v;
}

/* Edits to 40 units with lineage shares, maintained by taking back the
 * old contribution and adding the new one, give the aggregate a rebuild
 * from the final values gives. */
static void
test_maintained_equals_rebuilt(void **state)
{
	enum { UNITS = 40, EDITS = 2000 };
	struct rep_form *f = load("forms/ntm-tien-do-thang.json");
	struct arena *a = arena_new(1 << 16);
	struct rep_value *cur[UNITS], *m = rep_values_new(f, a),
	    *r = rep_values_new(f, a);
	struct rep_acc *kept = rep_acc_new(f, a), *fresh = rep_acc_new(f, a);
	double share[UNITS];
	uint32_t s = 2026;
	json_t *jm, *jr;
	const char *k;
	json_t *v;
	int i;

	(void)state;
	for (i = 0; i < UNITS; i++) {
		share[i] = i % 5 == 0 ? 1.0 / 3 : 1;
		cur[i] = random_values(f, a, &s);
		rep_acc_add(f, kept, cur[i], share[i]);
	}
	for (i = 0; i < EDITS; i++) {
		int u = (int)(rnd(&s) % UNITS);
		struct rep_value *nv = random_values(f, a, &s);

		rep_acc_add(f, kept, cur[u], -share[u]);
		rep_acc_add(f, kept, nv, share[u]);
		cur[u] = nv;
	}
	for (i = 0; i < UNITS; i++)
		rep_acc_add(f, fresh, cur[i], share[i]);
	rep_acc_values(f, kept, m);
	rep_acc_values(f, fresh, r);
	jm = rep_values_json(f, m);
	jr = rep_values_json(f, r);
	assert_int_equal(json_object_size(jm), json_object_size(jr));
	json_object_foreach(jr, k, v) {
		json_t *w = json_object_get(jm, k), *p;
		const char *ck;

		assert_non_null(w);
		if (!json_is_object(v)) {
			double x = json_number_value(v),
			    y = json_number_value(w);

			if (fabs(x - y) > 1e-6 * fmax(1, fabs(x)))
				fail_msg("%s: rebuilt %.17g, maintained %.17g",
				    k, x, y);
			continue;
		}
		json_object_foreach(v, ck, p) {
			double x = json_number_value(p),
			    y = json_number_value(json_object_get(w, ck));

			/* money: rounded to the đồng from sums that may differ
			 * in the last bits */
			if (fabs(x - y) > 1)
				fail_msg("%s.%s: rebuilt %.17g, maintained %.17g",
				    k, ck, x, y);
		}
	}
	json_decref(jm);
	json_decref(jr);
	arena_free(a);
	rep_form_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_forms),
		cmocka_unit_test(test_problems_cap),
		cmocka_unit_test(test_messages_name_elements),
		cmocka_unit_test(test_values_round_trip),
		cmocka_unit_test(test_maintained_equals_rebuilt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
