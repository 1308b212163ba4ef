/*
 * maps_modules.c - the indicators of the other modules, each read
 * through its module's own function:
 *   ocop_products      the public register's statistics today
 *                      (ocop_register_statistics: valid certificates, 3
 *                      stars or more, by 2025 province) - this year only
 *   satisfaction_rate  the overall rate of the closed campaigns of each
 *                      province in a year, weighted by their responses
 *                      (surv_campaign_outcome: the maintained tallies,
 *                      never the responses)
 *   market_sales       goods value of the marketplace's orders delivered
 *                      in a year, by the delivery address's province
 *                      (market_stats: the statistics page's own figures)
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "db/db.h"
#include "domain/maps/maps_internal.h"
#include "domain/market/market_money.h"
#include "domain/ocop/ocop_register.h"
#include "domain/surveys/surveys_store.h"

static int
this_year(void)
{
	char today[DATE_LEN];

	date_today(today);
	return (int)strtol(today, NULL, 10);
}

enum err
map_ocop_years(struct db *db, const char *structure, int *out, size_t *n,
    struct errinfo *ei)
{
	(void)db;
	(void)ei;
	*n = 0;
	/* the register is today's, and by 2025 province */
	if (strcmp(structure, "2025") == 0)
		out[(*n)++] = this_year();
	return ERR_OK;
}

enum err
map_read_ocop(struct map_read *m, struct errinfo *ei)
{
	json_t *st, *p;
	size_t i, k;
	enum err e;

	if ((e = ocop_register_statistics(m->db, "vi", &st, ei)) != ERR_OK)
		return e;
	for (k = 0; k < m->n; k++)
		m->value[k] = 0;
	json_array_foreach(json_object_get(st, "by_province"), i, p) {
		const char *code = json_string_value(json_object_get(p, "code"));

		for (k = 0; code != NULL && k < m->n; k++)
			if (strcmp(m->codes[k], code) == 0)
				m->value[k] = (double)json_integer_value(
				    json_object_get(p, "count"));
	}
	json_decref(st);
	return ERR_OK;
}

/* Each closed campaign of the structure: its id, province, year. */
struct campaign {
	int64_t id;
	char province[16];
	int year;
};

static enum err
closed_campaigns(struct db *db, const char *structure, struct campaign **out,
    size_t *n, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MAPS_CAMPAIGNS_CLOSED);
	char today[DATE_LEN];
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, date_today(today));
	while ((rc = db_step(st, ei)) == 1) {
		const char *p = db_col_text(st, 1);

		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			if ((*out = realloc(*out, cap * sizeof **out)) == NULL)
				abort();
		}
		(*out)[*n].id = db_col_int(st, 0);
		snprintf((*out)[*n].province, sizeof (*out)[*n].province, "%s",
		    p ? p : "");
		(*out)[*n].year = (int)db_col_int(st, 2);
		(*n)++;
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		return ei->err;
	}
	return ERR_OK;
}

enum err
map_survey_years(struct db *db, const char *structure, int *out, size_t *n,
    struct errinfo *ei)
{
	struct campaign *c;
	size_t nc;
	enum err e;

	*n = 0;
	if ((e = closed_campaigns(db, structure, &c, &nc, ei)) != ERR_OK)
		return e;
	for (size_t i = 0; i < nc; i++) {
		size_t k = 0;

		while (k < *n && out[k] < c[i].year)
			k++;
		if ((k < *n && out[k] == c[i].year) || *n == MAP_YEARS_MAX)
			continue;
		memmove(out + k + 1, out + k, (*n - k) * sizeof *out);
		out[k] = c[i].year;
		(*n)++;
	}
	free(c);
	return ERR_OK;
}

enum err
map_read_satisfaction(struct map_read *m, struct errinfo *ei)
{
	double *sum = calloc(m->n + 1, sizeof *sum), *resp = calloc(m->n + 1, sizeof *resp);
	struct campaign *c = NULL;
	size_t nc = 0;
	enum err e;

	if (sum == NULL || resp == NULL)
		abort();
	if ((e = closed_campaigns(m->db, m->structure, &c, &nc, ei)) != ERR_OK)
		goto out;
	for (size_t i = 0; i < nc; i++) {
		struct surv_outcome o;

		if (c[i].year != m->year)
			continue;
		for (size_t k = 0; k < m->n; k++) {
			if (strcmp(m->codes[k], c[i].province) != 0)
				continue;
			if ((e = surv_campaign_outcome(m->db, c[i].id, &o, ei)) != ERR_OK)
				goto out;
			if (o.closed && o.responses > 0) {
				sum[k] += o.rate * (double)o.responses;
				resp[k] += (double)o.responses;
			}
		}
	}
	for (size_t k = 0; k < m->n; k++)
		m->value[k] = resp[k] > 0 ? map_round1(sum[k] / resp[k]) : NAN;
out:
	free(c);
	free(sum);
	free(resp);
	return e;
}

enum err
map_market_years(struct db *db, const char *structure, int *out, size_t *n,
    struct errinfo *ei)
{
	struct db_stmt *st;
	int rc;

	*n = 0;
	if (strcmp(structure, "2025") != 0)	/* sales began after 2025-07 */
		return ERR_OK;
	st = db_stmt(db, STMT_MAPS_MARKET_YEARS);
	while ((rc = db_step(st, ei)) == 1)
		if (*n < MAP_YEARS_MAX)
			out[(*n)++] = (int)db_col_int(st, 0);
	return rc < 0 ? ei->err : ERR_OK;
}

enum err
map_read_market(struct map_read *m, struct errinfo *ei)
{
	char from[16], to[16];
	json_t *st, *p;
	size_t i, k;
	enum err e;

	snprintf(from, sizeof(from), "%04d-01-01", m->year);
	snprintf(to, sizeof(to), "%04d-12-31", m->year);
	if ((e = market_stats(m->db, from, to, NULL, "vi", &st, ei)) != ERR_OK)
		return e;
	for (k = 0; k < m->n; k++)
		m->value[k] = 0;
	json_array_foreach(json_object_get(st, "by_province"), i, p) {
		const char *code = json_string_value(json_object_get(p, "key"));

		for (k = 0; code != NULL && k < m->n; k++)
			if (strcmp(m->codes[k], code) == 0)
				m->value[k] = (double)json_integer_value(
				    json_object_get(p, "goods_vnd"));
	}
	json_decref(st);
	return ERR_OK;
}
