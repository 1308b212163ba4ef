/*
 * maps_dx.c - the digital-readiness indicators of the province maps
 * (issue 19, docs/DIGITAL.md section 4), read from the national picture
 * (dx_picture_get: every commune evaluated in memory, provinces summed,
 * kept per version tokens), so the map adds up exactly as the digital
 * pages and the dashboards' digital panel do:
 *   dx_score           the average readiness score of a province's
 *                      assessed communes (points of the set's total)
 *   dx_advanced_share  the share of its assessed communes at the two top
 *                      levels of the set (%)
 * The set is the current dx_readiness set of each year (dx_current_set);
 * the picture knows only the 2025 communes, so only the 2025 structure
 * has these maps; a year has data when any commune is assessed.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

#include "domain/criteria/criteria_store.h"
#include "domain/dx/dx.h"
#include "domain/maps/maps_internal.h"

enum err map_dx_years(struct db *db, const char *structure, int *out,
    size_t *n, struct errinfo *ei);
enum err map_read_dx_score(struct map_read *m, struct errinfo *ei);
enum err map_read_dx_advanced(struct map_read *m, struct errinfo *ei);

/* The picture of year's current set; *p NULL (ERR_OK) when no set
 * applies in that year. */
static enum err
picture_of(struct db *db, int year, const struct dx_picture **p,
    struct errinfo *ei)
{
	char id[CRIT_ID_MAX + 1];
	enum err e;

	*p = NULL;
	e = dx_current_set(db, year, id, sizeof id, ei);
	if (e == ERR_NOTFOUND)
		return ERR_OK;
	if (e != ERR_OK)
		return e;
	return dx_picture_get(db, id, 0, year, p, ei);
}

/* The set whose years the maps offer: the one in force this year, else
 * the first one found from 2020 on (into id). */
static enum err
set_of_maps(struct db *db, char *id, size_t size, struct errinfo *ei)
{
	char today[DATE_LEN];
	int now;
	enum err e;

	now = (int)strtol(date_today(today), NULL, 10);
	if ((e = dx_current_set(db, now, id, size, ei)) != ERR_NOTFOUND)
		return e;
	for (int y = 2020; y <= now + 10; y++)
		if ((e = dx_current_set(db, y, id, size, ei)) != ERR_NOTFOUND)
			return e;
	return ERR_NOTFOUND;
}

enum err
map_dx_years(struct db *db, const char *structure, int *out, size_t *n,
    struct errinfo *ei)
{
	char id[CRIT_ID_MAX + 1];
	const struct crit_set *s;
	const struct dx_picture *p;
	enum err e;

	*n = 0;
	if (strcmp(structure, "2025") != 0)
		return ERR_OK;
	if ((e = set_of_maps(db, id, sizeof id, ei)) == ERR_NOTFOUND)
		return ERR_OK;
	if (e != ERR_OK || (e = crit_store_load(db, id, 0, &s, ei)) != ERR_OK)
		return e;
	for (int year = s->year_from; year <= s->year_to &&
	    *n < MAP_YEARS_MAX; year++) {
		if ((e = picture_of(db, year, &p, ei)) != ERR_OK)
			return e;
		if (p != NULL && p->nation.assessed > 0)
			out[(*n)++] = year;
		if (p != NULL)
			dx_picture_release(p);
	}
	return ERR_OK;
}

/* The value of each province of the picture by f, NAN where none of its
 * communes is assessed. */
static enum err
read_with(struct map_read *m, double (*f)(const struct dx_picture *,
    const struct dx_scope *), struct errinfo *ei)
{
	const struct dx_picture *p;
	enum err e;

	for (size_t k = 0; k < m->n; k++)
		m->value[k] = NAN;
	if ((e = picture_of(m->db, m->year, &p, ei)) != ERR_OK || p == NULL)
		return e;
	for (size_t k = 0; k < m->n; k++)
		for (size_t i = 0; i < p->n_provinces; i++)
			if (strcmp(p->provinces[i].code, m->codes[k]) == 0 &&
			    p->provinces[i].assessed > 0)
				m->value[k] = f(p, &p->provinces[i]);
	dx_picture_release(p);
	return ERR_OK;
}

static double
score_of(const struct dx_picture *p, const struct dx_scope *sc)
{
	(void)p;
	return map_round1(sc->score_avg);
}

/* The two top levels of the set (the only one when it has one). */
static double
advanced_of(const struct dx_picture *p, const struct dx_scope *sc)
{
	size_t n = p->set->n_levels;
	long top = 0;

	for (size_t l = n >= 2 ? n - 2 : 0; l < n; l++)
		top += sc->by_level[l];
	return map_share(top, sc->assessed);
}

enum err
map_read_dx_score(struct map_read *m, struct errinfo *ei)
{
	return read_with(m, score_of, ei);
}

enum err
map_read_dx_advanced(struct map_read *m, struct errinfo *ei)
{
	return read_with(m, advanced_of, ei);
}
