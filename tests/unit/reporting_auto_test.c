/*
 * reporting_auto_test.c - the automatic figures of reports (rep_auto.h)
 * in the database: a commune's figures come from its evaluation and the
 * titles decided in the period, a province's from the criteria roll-up;
 * a save stores them (automatic = 1, with history); a decision recorded
 * later changes the figure when rep_auto_fill runs (the submit path), and
 * the maintained aggregates move with it - equal to those rebuilt from the
 * stored values; a submitted report keeps what it stored (the view and a
 * later save do not refresh it); a value typed for one is refused.
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

#include "domain/criteria/criteria_store.h"
#include "domain/reporting/rep_auto.h"
#include "domain/reporting/rep_report.h"
#include "domain/reporting/rep_store.h"
#include "domain/units/units.h"
#include "reptestdb.h"

#define FORM	"ntm-tien-do-thang"

static int
setup(void **state)
{
	return rep_fx_setup(state, "repauto", NULL, true);
}

static int
teardown(void **state)
{
	return rep_fx_teardown(state);
}

static void
sql(struct fx *f, const char *q)
{
	struct errinfo ei;

	assert_int_equal(db_exec_script(f->db, q, &ei), ERR_OK);
}

/* Save values; the view in *out (may be NULL). */
static enum err
put(struct fx *f, const char *code, const char *period, json_t *values,
    json_t **out, struct errinfo *ei)
{
	json_t *o = NULL;
	enum err e = rep_report_put(f->db, &officer, FORM, "2025", code, period,
	    values, "vi", &o, NULL, ei);

	json_decref(values);
	if (out != NULL)
		*out = o;
	else
		json_decref(o);
	return e;
}

static json_t *
get(struct fx *f, const char *code, const char *period)
{
	struct errinfo ei;
	json_t *out = NULL;

	assert_int_equal(rep_report_get(f->db, FORM, "2025", code, period,
	    "vi", &out, &ei), ERR_OK);
	return out;
}

static double
agg_value(struct fx *f, const char *code, const char *period,
    const char *slot)
{
	struct errinfo ei;
	json_t *out = NULL;
	json_t *v;
	double x;

	assert_int_equal(rep_aggregate_get(f->db, FORM, "2025", code, period,
	    "vi", &out, &ei), ERR_OK);
	v = json_object_get(json_object_get(out, "values"), slot);
	x = v != NULL ? json_number_value(v) : -1;
	json_decref(out);
	return x;
}

static double
value(json_t *view, const char *slot)
{
	json_t *v = json_object_get(json_object_get(view, "values"), slot);

	return v != NULL ? json_number_value(v) : -1;
}

/* Maintained rows equal rebuilt ones (num, den, n by key). */
static void
assert_rebuilt(struct fx *f, const char *period)
{
	struct errinfo ei;
	json_t *kept, *again;

	assert_int_equal(rep_aggregates_dump(f->db, FORM, period, &kept, &ei),
	    ERR_OK);
	assert_int_equal(rep_aggregates_rebuild(f->db, FORM, period, NULL,
	    &ei), ERR_OK);
	assert_int_equal(rep_aggregates_dump(f->db, FORM, period, &again,
	    &ei), ERR_OK);
	for (size_t i = 0, j = 0; i < json_array_size(kept); i++) {
		json_t *x = json_array_get(kept, i), *y;

		if (json_integer_value(json_object_get(x, "n")) == 0)
			continue;	/* emptied rows: a rebuild has none */
		y = json_array_get(again, j++);
		assert_non_null(y);
		assert_string_equal(json_string_value(json_object_get(x,
		    "slot")), json_string_value(json_object_get(y, "slot")));
		assert_string_equal(json_string_value(json_object_get(x,
		    "code")), json_string_value(json_object_get(y, "code")));
		assert_true(fabs(json_real_value(json_object_get(x, "num")) -
		    json_real_value(json_object_get(y, "num"))) < 1e-6);
		assert_int_equal(json_integer_value(json_object_get(x, "n")),
		    json_integer_value(json_object_get(y, "n")));
	}
	json_decref(kept);
	json_decref(again);
}

static void
test_figures(void **state)
{
	struct fx *f = *state;
	struct errinfo ei;
	json_t *v, *changed;

	/* Sóc Sơn meets the standard in 2026 with 19 criteria; Hà Nội's
	 * roll-up counts 7 communes meeting it; one title in March. */
	sql(f, "INSERT INTO evaluation (structure, code, set_id, year, "
	    "set_version, status, criteria_met, criteria_failed, "
	    "criteria_unknown, criteria_total, criteria_bits, computed_at) "
	    "VALUES ('2025', '00376', 'ntm-xa-2026-2030', 2026, 1, 'met', 19, "
	    "0, 0, 19, '', '2026-01-01');"
	    "INSERT INTO rollup (scope_structure, scope_code, set_id, year, "
	    "evaluated, met, not_met, incomplete, revocation, "
	    "criteria_met_sum, dist, passed, failed) VALUES ('2025', '01', "
	    "'ntm-xa-2026-2030', 2026, 40, 7, 33, 0, 0, 400, '', '', '');"
	    "INSERT INTO unit_recognition (structure, code, set_id, year, "
	    "decision_no, decision_date, title) VALUES ('2025', '00376', "
	    "'ntm-xa-2026-2030', 2026, '1/QĐ', '2026-03-05', 'ntm');");
	assert_int_equal(put(f, "00376", "2026-03", json_pack("{s:i}",
	    "works_started", 2), &v, &ei), ERR_OK);
	assert_true(value(v, "units_met") == 1);
	assert_true(value(v, "criteria_met") == 19);
	assert_true(value(v, "titles_granted") == 1);
	assert_true(value(v, "satisfaction") < 0);	/* no survey: absent */
	json_decref(v);
	/* April: the March decision is not April's */
	v = get(f, "00376", "2026-04");
	assert_true(value(v, "titles_granted") == 0);
	json_decref(v);
	/* the province's own report: its communes' figure (the roll-up) */
	v = get(f, "01", "2026-03");
	assert_true(value(v, "units_met") == 7);
	assert_true(value(v, "titles_granted") == 1);
	json_decref(v);
	assert_true(agg_value(f, "01", "2026-03", "titles_granted") == 1);
	assert_true(agg_value(f, "01", "2026-03", "units_met") == 1);

	/* a second decision in March: the submit path stores it */
	sql(f, "INSERT INTO unit_recognition (structure, code, set_id, year, "
	    "decision_no, decision_date, title) VALUES ('2025', '00376', "
	    "'ntm-xa-2026-2030-b', 2026, '2/QĐ', '2026-03-25', 'ntm');");
	changed = json_object();
	assert_int_equal(db_begin(f->db, &ei), ERR_OK);
	assert_int_equal(rep_auto_fill(f->db, &officer, FORM, "2025", "00376",
	    "2026-03", changed, &ei), ERR_OK);
	assert_int_equal(db_finish(f->db, ERR_OK, &ei), ERR_OK);
	assert_int_equal(json_object_size(changed), 1);
	assert_int_equal(json_integer_value(json_object_get(changed,
	    "titles_granted")), 2);
	json_decref(changed);
	assert_true(agg_value(f, "01", "2026-03", "titles_granted") == 2);
	assert_true(agg_value(f, "VN", "2026-03", "titles_granted") == 2);
	assert_rebuilt(f, "2026-03");
	/* nothing new: nothing written */
	changed = json_object();
	assert_int_equal(db_begin(f->db, &ei), ERR_OK);
	assert_int_equal(rep_auto_fill(f->db, &officer, FORM, "2025", "00376",
	    "2026-03", changed, &ei), ERR_OK);
	assert_int_equal(db_finish(f->db, ERR_OK, &ei), ERR_OK);
	assert_int_equal(json_object_size(changed), 0);
	json_decref(changed);
	/* no report: nothing to fill */
	assert_int_equal(db_begin(f->db, &ei), ERR_OK);
	assert_int_equal(rep_auto_fill(f->db, &officer, FORM, "2025", "00382",
	    "2026-03", NULL, &ei), ERR_NOTFOUND);
	db_finish(f->db, ERR_NOTFOUND, &ei);

	/* submitted: the figures stay as stored, whatever comes later */
	sql(f, "UPDATE rep_report SET state = 'submitted' WHERE code = '00376' "
	    "AND period = '2026-03';"
	    "UPDATE evaluation SET criteria_met = 18, status = 'not_met' "
	    "WHERE code = '00376';");
	v = get(f, "00376", "2026-03");
	assert_true(value(v, "criteria_met") == 19);
	assert_true(value(v, "units_met") == 1);
	assert_non_null(strstr(json_string_value(json_object_get(
	    json_array_get(json_object_get(v, "automatic"), 0), "how")),
	    "khi nộp"));
	json_decref(v);
	/* a draft shows the live figure */
	v = get(f, "00376", "2026-05");
	assert_true(value(v, "criteria_met") == 18);
	assert_true(value(v, "units_met") == 0);
	json_decref(v);
}

static void
test_refused(void **state)
{
	struct fx *f = *state;
	struct rep_problems pr;
	struct arena *a = arena_new(4096);
	struct errinfo ei;
	json_t *out = NULL, *values = json_pack("{s:i, s:i}", "works_started",
	    1, "titles_granted", 3);

	rep_problems_init(&pr, a, 20);
	assert_int_equal(rep_report_put(f->db, &officer, FORM, "2025", "00385",
	    "2026-03", values, "vi", &out, &pr, &ei), ERR_INVALID);
	json_decref(values);
	assert_null(out);
	assert_int_equal(pr.n, 1);
	assert_string_equal(pr.items[0].field, "values.titles_granted");
	assert_string_equal(pr.items[0].code, "reporting.derived");
	out = get(f, "00385", "2026-03");
	assert_string_equal(json_string_value(json_object_get(out, "state")),
	    "new");
	json_decref(out);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_figures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
