/*
 * maps_criteria.c - the indicators of the NTM criteria: the share of
 * communes meeting the standard and the average number of criteria met,
 * per province, read from the maintained roll-ups (criteria_store.h) -
 * the same figures as each province's roll-up page.
 *
 * Which set a year belongs to: 2021-2025 the commune set of that period
 * (its pre-2025 evaluations are carried into the 2025 provinces through
 * the lineage by the roll-ups themselves), from 2026 the 2026-2030 set.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/criteria/criteria_store.h"
/* crit_units_in_scope: the roll-up page's denominator, counted once per
 * process until the units change; the maps must divide by the same. */
#include "domain/criteria/criteria_store_internal.h"
#include "domain/maps/maps_internal.h"

static const char *
set_of_year(int year)
{
	return year <= 2025 ? "ntm-xa-2021-2025" : "ntm-xa-2026-2030";
}

enum err
map_criteria_years(struct db *db, const char *structure, int *out, size_t *n,
    struct errinfo *ei)
{
	static const char *const sets[] = { "ntm-xa-2021-2025", "ntm-xa-2026-2030" };
	enum err e = ERR_OK;

	*n = 0;
	for (size_t k = 0; k < 2 && e == ERR_OK; k++) {
		struct db_stmt *st = db_stmt(db, STMT_MAPS_ROLLUP_YEARS);
		int rc;

		db_bind_text(st, 1, structure);
		db_bind_text(st, 2, sets[k]);
		while ((rc = db_step(st, ei)) == 1) {
			int y = (int)db_col_int(st, 0);

			/* a year belongs to the set of its period only */
			if (strcmp(set_of_year(y), sets[k]) == 0 && *n < MAP_YEARS_MAX)
				out[(*n)++] = y;
		}
		if (rc < 0)
			e = ei->err;
	}
	return e;
}

/* The roll-up of every province: evaluated, met, criteria met. */
static enum err
read_rollups(struct map_read *m, long *ev, long *met, long *sum,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(m->db, STMT_MAPS_ROLLUP);
	int rc;

	db_bind_text(st, 1, m->structure);
	db_bind_text(st, 2, set_of_year(m->year));
	db_bind_int(st, 3, m->year);
	while ((rc = db_step(st, ei)) == 1) {
		const char *code = db_col_text(st, 0);

		for (size_t i = 0; i < m->n; i++)
			if (strcmp(m->codes[i], code) == 0) {
				ev[i] = (long)db_col_int(st, 1);
				met[i] = (long)db_col_int(st, 2);
				sum[i] = (long)db_col_int(st, 3);
			}
	}
	return rc < 0 ? ei->err : ERR_OK;
}

static enum err
read_both(struct map_read *m, bool share, struct errinfo *ei)
{
	long *ev = calloc(m->n + 1, sizeof *ev), *met = calloc(m->n + 1, sizeof *met);
	long *sum = calloc(m->n + 1, sizeof *sum);
	const struct crit_set *s;
	enum err e;

	if (ev == NULL || met == NULL || sum == NULL)
		abort();
	if ((e = read_rollups(m, ev, met, sum, ei)) != ERR_OK ||
	    (e = crit_store_load(m->db, set_of_year(m->year), 0, &s, ei)) != ERR_OK)
		goto out;
	for (size_t i = 0; i < m->n; i++) {
		int64_t in_scope = 0;

		m->value[i] = NAN;
		if (ev[i] <= 0)
			continue;	/* no evaluation: no figure, not 0 */
		if (!share) {
			m->value[i] = map_round1((double)sum[i] / (double)ev[i]);
			continue;
		}
		if ((e = crit_units_in_scope(m->db, s, m->structure, m->codes[i],
		    &in_scope, ei)) != ERR_OK)
			goto out;
		m->value[i] = map_share(met[i], (long)in_scope);
	}
out:
	free(ev);
	free(met);
	free(sum);
	return e;
}

enum err
map_read_met_share(struct map_read *m, struct errinfo *ei)
{
	return read_both(m, true, ei);
}

enum err
map_read_criteria_avg(struct map_read *m, struct errinfo *ei)
{
	return read_both(m, false, ei);
}
