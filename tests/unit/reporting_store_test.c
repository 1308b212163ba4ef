/*
 * reporting_store_test.c - report form versions in the database
 * (rep_store.h, migration 0011): the shipped forms import from forms/
 * and a second import stores nothing; a version is loaded parsed; other
 * text under a stored version is refused and changes nothing; a refused
 * document stores nothing and reports every fault; each stored version
 * has its audit entry.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/audit/audit.h"
#include "domain/reporting/rep_store.h"
#include "testdb.h"

struct fx {
	char dir[64];
	struct db *db;
	struct arena *a;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL || testdb_open("reporting", f->dir, NULL, &f->db) != 0)
		return -1;
	f->a = arena_new(4096);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	rep_cache_free();
	arena_free(f->a);
	testdb_remove(f->db, f->dir);
	free(f);
	return 0;
}

static int64_t
audit_count(struct fx *f, const char *action)
{
	struct audit_query q = { .limit = 100 };
	struct audit_list l;
	struct errinfo ei;
	int64_t n = 0;

	assert_int_equal(audit_list(f->db, f->a, &q, &l, &ei), ERR_OK);
	for (size_t i = 0; i < l.n; i++)
		n += strcmp(l.items[i].action, action) == 0;
	return n;
}

static void
test_import_dir(void **state)
{
	struct fx *f = *state;
	const struct rep_form *form;
	struct errinfo ei;
	json_t *list;
	int n = -1;

	assert_int_equal(rep_forms_import_dir(f->db, "forms", NULL, &n, &ei),
	    ERR_OK);
	assert_int_equal(n, 5);	/* the plan in two versions, the progress
				 * form in three */
	assert_int_equal(rep_forms_import_dir(f->db, "forms", NULL, &n, &ei),
	    ERR_OK);
	assert_int_equal(n, 0);		/* the same versions: nothing new */
	assert_int_equal(audit_count(f, "reporting.import"), 5);
	assert_int_equal(rep_form_load(f->db, "ntm-tien-do-thang", 0, &form,
	    &ei), ERR_OK);
	assert_int_equal(form->version, 3);
	assert_int_equal(form->period_type, REP_MONTH);
	/* version 3 gives the groups and units in English too */
	assert_string_equal(rep_slot_element(form, (size_t)rep_slot(form,
	    "capital_disbursed"), NULL)->unit_en, "VND");
	assert_true(rep_slot(form, "capital_disbursed.central") >= 0);
	/* since version 2 it names the plan each figure is measured
	 * against ... */
	assert_string_equal(rep_slot_element(form, (size_t)rep_slot(form,
	    "capital_disbursed"), NULL)->plan_element, "capital_plan");
	/* ... and version 1 stays loadable as it was, without */
	assert_int_equal(rep_form_load(f->db, "ntm-tien-do-thang", 1, &form,
	    &ei), ERR_OK);
	assert_int_equal(form->version, 1);
	for (size_t i = 0; i < form->n_elements; i++)
		assert_null(form->elements[i].plan_form);
	assert_int_equal(rep_forms_list(f->db, &list, &ei), ERR_OK);
	assert_int_equal(json_array_size(json_object_get(list, "items")), 2);
	json_decref(list);
	assert_int_equal(rep_form_load(f->db, "nope", 0, &form, &ei),
	    ERR_NOTFOUND);
}

/* Other text under version 1 is refused; version 2 is a new version and
 * the newest; the old one stays loadable as it was. */
static void
test_versions(void **state)
{
	struct fx *f = *state;
	const struct rep_form *form;
	struct errinfo ei;
	json_t *doc = json_load_file("forms/ntm-ke-hoach-nam.json", 0, NULL),
	    *got;
	char *text;
	bool created;
	int v;

	assert_non_null(doc);
	text = json_dumps(doc, JSON_COMPACT);
	assert_int_equal(rep_forms_import(f->db, NULL, text, strlen(text), NULL,
	    &v, &created, NULL, &ei), ERR_OK);
	assert_true(created);
	free(text);
	json_object_set_new(doc, "due_days", json_integer(20));
	text = json_dumps(doc, JSON_COMPACT);
	assert_int_equal(rep_forms_import(f->db, NULL, text, strlen(text), NULL,
	    &v, &created, NULL, &ei), ERR_CONFLICT);
	assert_string_equal(ei.field, "version");
	free(text);
	json_object_set_new(doc, "version", json_integer(2));
	text = json_dumps(doc, JSON_COMPACT);
	assert_int_equal(rep_forms_import(f->db, NULL, text, strlen(text),
	    "hạn nộp 20 ngày", &v, &created, NULL, &ei), ERR_OK);
	assert_int_equal(v, 2);
	free(text);
	assert_int_equal(rep_form_load(f->db, "ntm-ke-hoach-nam", 0, &form,
	    &ei), ERR_OK);
	assert_int_equal(form->due_days, 20);
	assert_int_equal(rep_form_load(f->db, "ntm-ke-hoach-nam", 1, &form,
	    &ei), ERR_OK);
	assert_int_equal(form->due_days, 31);
	assert_int_equal(rep_form_get(f->db, "ntm-ke-hoach-nam", 0, &got, &ei),
	    ERR_OK);
	assert_int_equal(json_array_size(json_object_get(got, "versions")), 2);
	json_decref(got);
	json_decref(doc);
}

/* A refused document: every fault, nothing stored. */
static void
test_refused(void **state)
{
	struct fx *f = *state;
	static const char bad[] = "{\"format\":\"ntm-form/1\",\"id\":\"x\","
	    "\"version\":1,\"title\":\"T\",\"period_type\":\"week\","
	    "\"elements\":[]}";
	struct rep_problems pr;
	struct errinfo ei;
	json_t *list;

	rep_problems_init(&pr, f->a, 50);
	assert_int_equal(rep_forms_import(f->db, NULL, bad, sizeof(bad) - 1,
	    NULL, NULL, NULL, &pr, &ei), ERR_INVALID);
	assert_true(pr.n >= 6);	/* legal_basis, period_type, levels, ... */
	assert_int_equal(rep_forms_list(f->db, &list, &ei), ERR_OK);
	assert_int_equal(json_array_size(json_object_get(list, "items")), 0);
	json_decref(list);
	assert_int_equal(audit_count(f, "reporting.import"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_dir, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
