/*
 * opendata_sql.c - the open data sets that are one statement over the
 * platform's tables (src/db/sql/opendata.sql): the units of both
 * structures, the lineage between them, the maintained roll-ups of the
 * nation and the provinces, each commune's evaluation, and the titles
 * granted.  The column names below are the statement's columns in order
 * (od_rows_from reads them by position).
 */
#include "domain/opendata/opendata_internal.h"

/* Columns as "name:type" (type i: integer, t: text). */
static void
columns(json_t *table, const char *const *spec)
{
	for (; *spec != NULL; spec++) {
		const char *s = *spec;
		char name[64];
		size_t n = 0;

		while (s[n] != ':' && s[n] != '\0' && n < sizeof(name) - 1) {
			name[n] = s[n];
			n++;
		}
		name[n] = '\0';
		od_column(table, name, s[n] == ':' && s[n + 1] == 'i' ?
		    "integer" : "text");
	}
}

static enum err
run(struct db *db, enum stmt_id id, const char *arg, json_t *table,
    const char *const *spec, struct errinfo *ei)
{
	struct db_stmt *st;

	columns(table, spec);
	if ((st = db_stmt_try(db, id, ei)) == NULL)
		return ei->err;
	if (arg != NULL)
		db_bind_text(st, 1, arg);
	return od_rows_from(st, table, ei);
}

static const char *const unit_cols[] = { "code:t", "name:t", "full_name:t",
	"level:t", "unit_type:t", "unit_class:t", "parent_code:t",
	"region7_code:t", "is_rural:i", NULL };

OD_BUILDER(od_build_units_2025)
{
	(void)lang;
	return run(db, STMT_OD_UNITS, "2025", table, unit_cols, ei);
}

OD_BUILDER(od_build_units_pre2025)
{
	(void)lang;
	return run(db, STMT_OD_UNITS, "pre2025", table, unit_cols, ei);
}

OD_BUILDER(od_build_lineage)
{
	static const char *const cols[] = { "old_code:t", "old_name:t",
		"new_code:t", "new_name:t", "relation:t", "qa_flag:t", NULL };

	(void)lang;
	return run(db, STMT_OD_LINEAGE, NULL, table, cols, ei);
}

OD_BUILDER(od_build_rollups)
{
	static const char *const cols[] = { "set_id:t", "year:i",
		"structure:t", "code:t", "name:t", "level:t", "evaluated:i",
		"met:i", "not_met:i", "incomplete:i", "revocation:i",
		"criteria_met_sum:i", NULL };

	(void)lang;
	return run(db, STMT_OD_ROLLUPS, NULL, table, cols, ei);
}

OD_BUILDER(od_build_evaluations)
{
	static const char *const cols[] = { "set_id:t", "year:i",
		"structure:t", "code:t", "name:t", "province_code:t",
		"province_name:t", "status:t", "criteria_met:i",
		"criteria_total:i", NULL };

	(void)lang;
	return run(db, STMT_OD_EVALUATIONS, NULL, table, cols, ei);
}

OD_BUILDER(od_build_recognitions)
{
	static const char *const cols[] = { "structure:t", "code:t",
		"name:t", "parent_name:t", "title:t", "set_id:t", "year:i",
		"decision_no:t", "decision_date:t", "revoked_at:t",
		"revocation_no:t", NULL };

	(void)lang;
	return run(db, STMT_OD_RECOGNITIONS, NULL, table, cols, ei);
}
