/*
 * reporting_editable_test.c - whether a report may be written is decided
 * in one place (rep_report_editable): by the procedure's "editable" flag
 * of its instance's state when it has one, by its store state otherwise;
 * the writer's 409s follow it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/reporting/rep_approval.h"
#include "domain/reporting/rep_report.h"
#include "domain/workflow/workflow.h"
#include "reptestdb.h"

#define FORM	"ntm-tien-do-thang"
#define COMMUNE	"00376"

static int
setup(void **state)
{
	struct errinfo ei;
	int n;

	if (rep_fx_setup(state, "rep_editable", NULL, false) != 0)
		return -1;
	return wf_import_dir(((struct fx *)*state)->db, "procedures", NULL,
	    &n, &ei) == ERR_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	wf_cache_free();
	return rep_fx_teardown(state);
}

static enum err
put(struct fx *f, const char *period, struct errinfo *ei)
{
	json_t *v = json_pack("{s:i}", "works_started", 3), *out = NULL;
	enum err e = rep_report_put(f->db, &officer, FORM, "2025", COMMUNE,
	    period, v, "vi", &out, NULL, ei);

	json_decref(v);
	json_decref(out);
	return e;
}

/* The shipped procedure under another id, its "submitted" state made
 * editable (a procedure whose unit may still correct under review). */
static void
import_lenient(struct fx *f)
{
	json_error_t je;
	json_t *doc = json_load_file("procedures/report-approval.json", 0, &je);
	struct errinfo ei;
	size_t i;
	json_t *s;
	char *text;
	int version;
	bool created;

	assert_non_null(doc);
	json_object_set_new(doc, "id", json_string("t-lenient"));
	json_array_foreach(json_object_get(doc, "states"), i, s)
		if (strcmp(json_string_value(json_object_get(s, "id")),
		    "submitted") == 0)
			json_object_set_new(s, "editable", json_true());
	text = json_dumps(doc, 0);
	assert_int_equal(wf_import(f->db, &officer, text, strlen(text), NULL,
	    &version, &created, &ei), ERR_OK);
	free(text);
	json_decref(doc);
}

/* Tie the report of period to an instance of procedure id in state. */
static int64_t
move_to(struct fx *f, const char *id, const char *period, const char *state)
{
	const struct wf_procedure *proc;
	struct errinfo ei;
	int64_t in;
	char sql[512];

	assert_int_equal(wf_load(f->db, id, 0, &proc, &ei), ERR_OK);
	assert_int_equal(wf_start(f->db, &officer, proc, "report", "2025",
	    COMMUNE, NULL, &in, &ei), ERR_OK);
	snprintf(sql, sizeof(sql), "UPDATE wf_instance SET state = '%s' "
	    "WHERE id = %lld; UPDATE rep_report SET state = '%s', "
	    "wf_instance_id = %lld WHERE form_id = '" FORM "' AND code = '"
	    COMMUNE "' AND period = '%s';", state, (long long)in,
	    strcmp(state, "approved") == 0 ? "approved" : "submitted",
	    (long long)in, period);
	assert_int_equal(db_exec_script(f->db, sql, &ei), ERR_OK);
	return in;
}

/* The report's view: may it be written (state_editable), its state. */
static bool
editable_of(struct fx *f, const char *period, const char **state)
{
	struct errinfo ei;
	json_t *out;
	bool ed;

	assert_int_equal(rep_report_get(f->db, FORM, "2025", COMMUNE, period,
	    "vi", &out, &ei), ERR_OK);
	*state = strcmp(json_string_value(json_object_get(out, "state")),
	    "approved") == 0 ? "approved" : "submitted";
	ed = json_is_true(json_object_get(out, "state_editable"));
	json_decref(out);
	return ed;
}

static void
test_flag_decides(void **state)
{
	struct fx *f = *state;
	struct errinfo ei;
	const char *st;

	import_lenient(f);
	/* a new report may be written */
	assert_int_equal(put(f, "2026-01", &ei), ERR_OK);
	assert_int_equal(put(f, "2026-02", &ei), ERR_OK);
	assert_int_equal(put(f, "2026-03", &ei), ERR_OK);

	/* under review in the shipped procedure: refused, 409 submitted */
	move_to(f, "report-approval", "2026-01", "submitted");
	assert_false(editable_of(f, "2026-01", &st));
	assert_int_equal(put(f, "2026-01", &ei), ERR_CONFLICT);
	assert_string_equal(ei.code, "reporting.submitted");

	/* under review where the procedure says editable: written */
	move_to(f, "t-lenient", "2026-02", "submitted");
	assert_true(editable_of(f, "2026-02", &st));
	assert_int_equal(put(f, "2026-02", &ei), ERR_OK);

	/* settled: refused, 409 approved */
	move_to(f, "t-lenient", "2026-03", "approved");
	assert_false(editable_of(f, "2026-03", &st));
	assert_string_equal(st, "approved");
	assert_int_equal(put(f, "2026-03", &ei), ERR_CONFLICT);
	assert_string_equal(ei.code, "reporting.approved");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_flag_decides, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
