/*
 * reptestdb.h - the fixture the reporting unit tests share: a fresh
 * database (testdb.h) with the national units and the shipped forms
 * (forms/), optionally the criteria scopes and one more form document;
 * a province officer of Hà Nội as the actor of their saves.
 */
#ifndef NTM_TESTS_REPTESTDB_H
#define NTM_TESTS_REPTESTDB_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/criteria/criteria_store.h"
#include "domain/reporting/rep_store.h"
#include "domain/units/units.h"
#include "testdb.h"

struct fx {
	char dir[64];
	struct db *db;
};

static const struct audit_actor officer = { 0, "t", "province_officer",
	"2025", "01" };

/* cmocka setup: *state a struct fx; extra_form (NULL: none) is imported
 * after the shipped forms; scopes builds the criteria scopes too. */
static inline int
rep_fx_setup(void **state, const char *name, const char *extra_form,
    bool scopes)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct units_import_stats st;
	struct errinfo ei;
	int n;

	if (f == NULL || testdb_open(name, f->dir, NULL, &f->db) != 0)
		return -1;
	if (units_import_national(f->db, "data/admin", &st, &ei) != ERR_OK ||
	    (scopes && crit_store_build_scopes(f->db, &ei) != ERR_OK) ||
	    rep_forms_import_dir(f->db, "forms", NULL, &n, &ei) != ERR_OK ||
	    (extra_form != NULL && rep_forms_import(f->db, NULL, extra_form,
	    strlen(extra_form), NULL, NULL, NULL, NULL, &ei) != ERR_OK)) {
		fprintf(stderr, "setup: %s\n", ei.message);
		return -1;
	}
	*state = f;
	return 0;
}

static inline int
rep_fx_teardown(void **state)
{
	struct fx *f = *state;

	rep_cache_free();
	testdb_remove(f->db, f->dir);
	free(f);
	return 0;
}

#endif
