/*
 * rep_upload_test.c - a filled workbook stored back (rep_upload.h): the
 * province's template of a month filled for several communes, some with
 * reports already, is stored in one transaction, and the aggregates it
 * leaves (added up per scope by the upload, rep_agg_sink) equal those
 * rebuilt from the raw values; a file with one unit outside the
 * uploader's scope (403) or one approved report (409) stores nothing.
 * The routes, the file checks and the bad cells over HTTP are
 * tests/e2e/api/reports-xlsx.test.js.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/reporting/rep_report.h"
#include "domain/reporting/rep_store.h"
#include "domain/reporting/rep_upload.h"
#include "domain/units/units.h"
#include "reptestdb.h"

#define FORM	"ntm-tien-do-thang"
#define MONTH	"2026-05"

static int
setup(void **state)
{
	return rep_fx_setup(state, "repupload", NULL, false);
}

static int
teardown(void **state)
{
	return rep_fx_teardown(state);
}

/* Everything allowed but the unit named by ctx (NULL: none). */
static bool
allow(void *ctx, const char *structure, const char *code,
    struct audit_actor *actor)
{
	(void)structure;
	*actor = officer;
	return ctx == NULL || strcmp(code, ctx) != 0;
}

/* A commune's month, k varying it. */
static json_t *
month(int k)
{
	return json_pack("{s:{s:I, s:I}, s:{s:I, s:I}, s:{s:I}, s:i, s:s}",
	    "capital_mobilised", "central", (json_int_t)3000000000 + k, "local",
	    (json_int_t)900000000, "capital_allocated", "central",
	    (json_int_t)2000000000 + 1000 * k, "local", (json_int_t)500000000 +
	    k, "capital_disbursed", "central", (json_int_t)1000000000 + 7 * k,
	    "works_started", 3 + k, "difficulties", "Thiếu mặt bằng");
}

/* Hà Nội's all-communes template of MONTH with the first n communes
 * filled with month(k0 + i), into out. */
static void
workbook(struct fx *f, size_t n, int k0, struct buf *out)
{
	struct arena *a = arena_new(64 * 1024);
	struct rep_file rf;
	struct errinfo ei;

	assert_int_equal(rep_file_load(f->db, a, FORM, "2025", "01", MONTH,
	    true, &rf, &ei), ERR_OK);
	assert_true(rf.n > n);
	for (size_t i = 0; i < n; i++) {
		struct rep_value *v = rep_values_new(rf.f, a);
		json_t *j = month(k0 + (int)i);

		assert_int_equal(rep_values_from_json(rf.f, "commune", j, a, v,
		    NULL, &ei), ERR_OK);
		rep_values_compute(rf.f, v);
		rf.units[i].vals = v;
		json_decref(j);
	}
	assert_int_equal(rep_file_xlsx(&rf, "vi", out, &ei), ERR_OK);
	arena_free(a);
}

static enum err
store(struct fx *f, const struct buf *file, const char *deny, json_t **out,
    struct errinfo *ei)
{
	json_t *cells = NULL;
	enum err e;

	e = rep_upload_store(f->db, FORM, MONTH, file->data, file->len, allow,
	    (void *)deny, "vi", out, &cells, NULL, ei);
	json_decref(cells);
	return e;
}

static json_t *
dump(struct fx *f)
{
	struct errinfo ei;
	json_t *all, *kept = json_array(), *row;
	size_t i;

	assert_int_equal(rep_aggregates_dump(f->db, FORM, MONTH, &all, &ei),
	    ERR_OK);
	json_array_foreach(all, i, row)
		if (json_integer_value(json_object_get(row, "n")) != 0 ||
		    fabs(json_real_value(json_object_get(row, "num"))) > 1e-6 ||
		    fabs(json_real_value(json_object_get(row, "den"))) > 1e-6)
			json_array_append(kept, row);
	json_decref(all);
	return kept;
}

static void
assert_same(json_t *a, json_t *b)
{
	assert_int_equal(json_array_size(a), json_array_size(b));
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *x = json_array_get(a, i), *y = json_array_get(b, i);
		double xn = json_real_value(json_object_get(x, "num"));
		double yn = json_real_value(json_object_get(y, "num"));

		assert_string_equal(json_string_value(json_object_get(x,
		    "code")), json_string_value(json_object_get(y, "code")));
		assert_string_equal(json_string_value(json_object_get(x,
		    "slot")), json_string_value(json_object_get(y, "slot")));
		assert_int_equal(json_integer_value(json_object_get(x, "n")),
		    json_integer_value(json_object_get(y, "n")));
		assert_true(fabs(xn - yn) <= 1e-6 * fmax(1, fabs(yn)));
	}
}

/* The province's figure of slot capital_allocated.central. */
static double
province_allocated(struct fx *f)
{
	struct errinfo ei;
	json_t *out;
	double v;

	assert_int_equal(rep_aggregate_get(f->db, FORM, "2025", "01", MONTH,
	    "vi", &out, &ei), ERR_OK);
	v = json_number_value(json_object_get(json_object_get(json_object_get(
	    out, "values"), "capital_allocated"), "central"));
	json_decref(out);
	return v;
}

static void
test_upload_equals_rebuilt(void **state)
{
	struct fx *f = *state;
	struct buf file;
	struct errinfo ei;
	json_t *out = NULL, *kept, *rebuilt, *got = NULL, *v;
	long n;

	/* two communes have reports already: the upload rewrites them */
	buf_init(&file, 16u << 20);
	workbook(f, 2, 100, &file);
	assert_int_equal(store(f, &file, NULL, &out, &ei), ERR_OK);
	assert_int_equal(json_integer_value(json_object_get(out, "stored")), 2);
	json_decref(out);
	buf_reset(&file);
	workbook(f, 12, 1, &file);
	assert_int_equal(store(f, &file, NULL, &out, &ei), ERR_OK);
	assert_int_equal(json_integer_value(json_object_get(out, "stored")), 12);
	json_decref(out);
	/* 1..12: 2e9 * 12 + 1000 * 78 */
	assert_true(fabs(province_allocated(f) - (24000000000.0 + 78000)) < 1);
	kept = dump(f);
	assert_int_equal(rep_aggregates_rebuild(f->db, FORM, MONTH, &n, &ei),
	    ERR_OK);
	assert_int_equal(n, 12);
	rebuilt = dump(f);
	assert_same(kept, rebuilt);
	json_decref(kept);
	json_decref(rebuilt);

	/* one report through the API afterwards moves the sums as usual */
	v = json_pack("{s:{s:I}}", "capital_allocated", "central",
	    (json_int_t)2100000000);
	assert_int_equal(rep_report_put(f->db, &officer, FORM, "2025", "00004",
	    MONTH, v, "vi", &got, NULL, &ei), ERR_OK);
	json_decref(v);
	json_decref(got);
	kept = dump(f);
	assert_int_equal(rep_aggregates_rebuild(f->db, FORM, MONTH, &n, &ei),
	    ERR_OK);
	rebuilt = dump(f);
	assert_same(kept, rebuilt);
	json_decref(kept);
	json_decref(rebuilt);
	buf_free(&file);
}

/* One unit outside the scope, or one approved report: nothing stored. */
static void
test_all_or_nothing(void **state)
{
	struct fx *f = *state;
	struct buf file;
	struct errinfo ei;
	json_t *out = NULL, *before, *after;
	struct arena *a = arena_new(4096);
	struct rep_file rf;
	const char *third;

	buf_init(&file, 16u << 20);
	workbook(f, 5, 500, &file);
	assert_int_equal(rep_file_load(f->db, a, FORM, "2025", "01", MONTH,
	    true, &rf, &ei), ERR_OK);
	third = strchr(rf.units[2].ref, ':') + 1;
	before = dump(f);
	assert_int_equal(store(f, &file, third, &out, &ei), ERR_FORBIDDEN);
	assert_null(out);
	assert_string_equal(ei.code, "auth.out_of_scope");
	assert_non_null(strstr(ei.message, rf.units[2].name));
	after = dump(f);
	assert_same(before, after);
	json_decref(after);

	assert_int_equal(db_exec_script(f->db, "UPDATE rep_report SET state = "
	    "'approved' WHERE code = '00004' AND period = '" MONTH "';", &ei),
	    ERR_OK);
	assert_int_equal(store(f, &file, NULL, &out, &ei), ERR_CONFLICT);
	assert_null(out);
	assert_string_equal(ei.code, "reporting.approved");
	after = dump(f);
	assert_same(before, after);
	json_decref(before);
	json_decref(after);
	buf_free(&file);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upload_equals_rebuilt),
		cmocka_unit_test(test_all_or_nothing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
