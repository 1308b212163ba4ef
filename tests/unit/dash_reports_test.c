/*
 * dash_reports_test.c - the dashboards' reporting panel (dash_reports.c):
 * for an officer, the completeness of the progress form's newest period
 * past its due date and the capital disbursed against the year's plan
 * equal what the completeness page (rep_completeness) and the period's
 * aggregate (rep_aggregate_get) say, for a commune, its province and the
 * nation; a visitor gets no such panel (the aggregates sum drafts, and
 * the reporting pages are the officers'); before any period of the form
 * falls due the panel says so.  Today is fixed with $NTM_TODAY.
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

#include "core/jval.h"
#include "domain/dashboard/dash_modules.h"
#include "domain/reporting/rep_completeness.h"
#include "domain/reporting/rep_report.h"
#include "domain/workflow/workflow.h"
#include "reptestdb.h"

#define FORM	"ntm-tien-do-thang"

static const char *const communes[] = { "00376", "00382" };

static int
setup(void **state)
{
	struct errinfo ei;
	int n;

	if (rep_fx_setup(state, "dashrep", NULL, true) != 0)
		return -1;
	return wf_import_dir(((struct fx *)*state)->db, "procedures", NULL,
	    &n, &ei) == ERR_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	wf_cache_free();
	unsetenv("NTM_TODAY");
	return rep_fx_teardown(state);
}

static void
put(struct fx *f, const char *form, const char *code, const char *period,
    json_t *values)
{
	struct errinfo ei;
	json_t *out = NULL;

	assert_int_equal(rep_report_put(f->db, &officer, form, "2025", code,
	    period, values, "vi", &out, NULL, &ei), ERR_OK);
	json_decref(values);
	json_decref(out);
}

/* The panel of (2025, code) at level for staff or a visitor. */
static json_t *
panel(struct fx *f, const char *code, enum dash_level level, bool staff)
{
	struct dash_ctx c = { .db = f->db, .structure = "2025", .code = code,
		.name = code, .level = level, .year = 2026, .lang = "vi",
		.staff = staff };
	struct errinfo ei;
	json_t *p = NULL;

	assert_int_equal(dash_reports(&c, &p, &ei), ERR_OK);
	db_end_reads(f->db);
	return p;
}

/* The figure of key of p, asserted present. */
static json_t *
figure(json_t *p, const char *key)
{
	json_t *it;
	size_t i;

	json_array_foreach(json_object_get(p, "figures"), i, it)
		if (strcmp(jval_str(it, "key"), key) == 0)
			return it;
	fail_msg("no figure %s", key);
	return NULL;
}

/* The plan-versus-actual item of slot in an aggregate. */
static json_t *
plan_item(json_t *agg, const char *slot)
{
	json_t *it;
	size_t i;

	json_array_foreach(json_object_get(agg, "plan_actual"), i, it)
		if (strcmp(jval_str(it, "slot"), slot) == 0)
			return it;
	fail_msg("no plan item %s", slot);
	return NULL;
}

/* The panel of code equals the completeness and the aggregate of
 * period. */
static void
assert_matches(struct fx *f, const char *code, enum dash_level level,
    const char *period)
{
	json_t *p = panel(f, code, level, true), *view, *agg, *lv, *tot;
	struct errinfo ei;
	char link[128];
	size_t i;

	assert_non_null(p);
	assert_int_equal(rep_completeness(f->db, FORM, "2025", code, period,
	    "vi", &view, &ei), ERR_OK);
	assert_int_equal(rep_aggregate_get(f->db, FORM, "2025", code, period,
	    "vi", &agg, &ei), ERR_OK);
	snprintf(link, sizeof(link), "/reports/%s/completeness?unit=2025:%s&"
	    "period=%s", FORM, code, period);
	assert_string_equal(jval_str(p, "link"), link);
	assert_string_equal(jval_str(figure(p, "period"), "display"),
	    jval_str(view, "period_name"));
	json_array_foreach(json_object_get(view, "levels"), i, lv) {
		static const char *const what[] = { "submitted", "on_time",
			"late", "missing" };
		json_t *counts = json_object_get(lv, "counts");

		for (size_t k = 0; k < 4; k++) {
			char key[64];

			snprintf(key, sizeof(key), "%s_%s", what[k],
			    jval_str(lv, "level"));
			assert_int_equal(jval_int(figure(p, key), "value", -1),
			    jval_int(counts, what[k], -2));
		}
	}
	if (json_is_object(json_object_get(view, "own")))
		assert_string_equal(jval_str(figure(p, "own"), "display"),
		    jval_str(json_object_get(view, "own"), "status_name"));
	tot = plan_item(agg, "capital_disbursed");
	assert_true(fabs(json_number_value(json_object_get(figure(p,
	    "disbursed"), "value")) - json_number_value(json_object_get(tot,
	    "actual"))) < 0.5);
	assert_int_equal(jval_int(figure(p, "disbursed"), "of", -1),
	    (json_int_t)json_number_value(json_object_get(tot, "plan")));
	/* a bar a source with a plan: central and local here */
	assert_int_equal(json_array_size(json_object_get(json_object_get(p,
	    "chart"), "bars")), 2);
	assert_true(fabs(json_number_value(json_object_get(json_array_get(
	    json_object_get(json_object_get(p, "chart"), "bars"), 0),
	    "value")) - json_number_value(json_object_get(plan_item(agg,
	    "capital_disbursed.central"), "share"))) < 1e-9);
	json_decref(view);
	json_decref(agg);
	json_decref(p);
}

static void
test_officers_see_the_pages_numbers(void **state)
{
	struct fx *f = *state;

	setenv("NTM_TODAY", "2026-03-10", 1);
	for (size_t i = 0; i < 2; i++) {
		put(f, "ntm-ke-hoach-nam", communes[i], "2026", json_pack(
		    "{s:{s:I, s:I}}", "capital_plan", "central", (json_int_t)
		    1000000, "local", (json_int_t)(3000000 + i)));
		put(f, FORM, communes[i], "2026-02", json_pack("{s:{s:I, s:I}, "
		    "s:{s:I}}", "capital_disbursed", "central", (json_int_t)
		    (400000 + i), "local", (json_int_t)600000,
		    "capital_mobilised", "central", (json_int_t)800000));
	}
	/* 2026-02 was due on 5 March: the newest period past its due date */
	assert_matches(f, communes[0], DASH_COMMUNE, "2026-02");
	assert_matches(f, "01", DASH_PROVINCE, "2026-02");
	assert_matches(f, "VN", DASH_NATION, "2026-02");
	/* a visitor has none */
	assert_null(panel(f, "01", DASH_PROVINCE, false));
}

static void
test_nothing_due_yet(void **state)
{
	struct fx *f = *state;
	json_t *p;

	/* 2026-01, the form's first period, is due on 5 February */
	setenv("NTM_TODAY", "2026-02-05", 1);
	p = panel(f, "01", DASH_PROVINCE, true);
	assert_non_null(p);
	assert_non_null(jval_str(p, "empty"));
	assert_int_equal(json_array_size(json_object_get(p, "figures")), 0);
	json_decref(p);
	setenv("NTM_TODAY", "2026-02-06", 1);
	p = panel(f, "01", DASH_PROVINCE, true);
	assert_null(jval_str(p, "empty"));
	assert_string_equal(jval_str(figure(p, "period"), "display"),
	    "Tháng 1/2026");
	json_decref(p);
	/* a pre-2025 unit: the form is the 2025 structure's */
	{
		struct dash_ctx c = { .db = f->db, .structure = "pre2025",
			.code = "01", .level = DASH_PROVINCE, .lang = "vi",
			.staff = true };
		struct errinfo ei;

		p = NULL;
		assert_int_equal(dash_reports(&c, &p, &ei), ERR_OK);
		assert_null(p);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_officers_see_the_pages_numbers),
		cmocka_unit_test(test_nothing_due_yet),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
