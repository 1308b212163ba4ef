/*
 * rep_overtime.c - the aggregate of a longer period from the maintained
 * aggregates of its periods (rep_overtime.h): one range read of at most 12
 * rows a slot, each period's figures made by rep_acc_values, then the
 * periods combined by each element's over_time (rep_over_time).
 */
#include <stdlib.h>
#include <string.h>

#include "domain/reporting/rep_overtime.h"

#define SLOT_NAME_MAX	(2 * REP_ID_MAX + 2)

enum err
rep_overtime_aggregate(struct db *db, struct arena *a,
    const struct rep_form *f, const char *structure, const char *code,
    const struct rep_period *p, struct rep_value *vals, json_t *periods,
    json_t *counted, long *most, struct errinfo *ei)
{
	struct rep_period in[12];
	char text[12][REP_PERIOD_TEXT], name[SLOT_NAME_MAX];
	struct rep_acc *acc[12];
	const struct rep_value *pv[12];
	long *maxn = arena_alloc(a, f->n_slots * sizeof(*maxn));
	struct db_stmt *st;
	int n, rc;

	*most = 0;
	memset(maxn, 0, f->n_slots * sizeof(*maxn));
	n = rep_periods_within(p, f->period_type, in);
	for (int i = 0; i < n; i++) {
		rep_period_format(&in[i], text[i]);
		acc[i] = rep_acc_new(f, a);
	}
	if (n == 0) {
		rep_over_time(f, pv, 0, vals);
		return ERR_OK;
	}
	st = db_stmt(db, STMT_RAUTO_AGG_RANGE);
	db_bind_text(st, 1, f->id);
	db_bind_text(st, 2, structure);
	db_bind_text(st, 3, code);
	db_bind_text(st, 4, text[0]);
	db_bind_text(st, 5, text[n - 1]);
	while ((rc = db_step(st, ei)) == 1) {
		const char *per = db_col_text(st, 0);
		long slot = rep_slot(f, db_col_text(st, 1));
		int i;

		for (i = 0; i < n && strcmp(text[i], per) != 0; i++)
			;
		if (i == n || slot < 0)
			continue;	/* another period type, an old slot */
		acc[i][slot].num = strtod(db_col_text(st, 2), NULL);
		acc[i][slot].den = strtod(db_col_text(st, 3), NULL);
		acc[i][slot].n = (long)db_col_int(st, 4);
	}
	db_end_reads(db);
	if (rc < 0)
		return ei->err;
	for (int i = 0; i < n; i++) {
		struct rep_value *v = rep_values_new(f, a);
		long reports = 0;

		for (size_t s = 0; s < f->n_slots; s++) {
			if (acc[i][s].n > reports)
				reports = acc[i][s].n;
			if (acc[i][s].n > maxn[s])
				maxn[s] = acc[i][s].n;
		}
		rep_acc_values(f, acc[i], v);
		pv[i] = reports > 0 ? v : NULL;
		json_array_append_new(periods, json_pack("{s:s, s:I}", "period",
		    text[i], "reports", (json_int_t)reports));
	}
	rep_over_time(f, pv, (size_t)n, vals);
	for (size_t s = 0; s < f->n_slots; s++) {
		if (maxn[s] <= 0)
			continue;
		json_object_set_new(counted, rep_slot_name(f, s, name,
		    sizeof(name)), json_integer(maxn[s]));
		if (maxn[s] > *most)
			*most = maxn[s];
	}
	return ERR_OK;
}
