/*
 * exchange_modules.c - the exchange files read through a module's own
 * function, so they show what its pages show:
 *
 *   survey_results     surv_results of each campaign of the subtree
 *                      closing in the period whose results are published
 *                      (rates only: never a response, a comment, a
 *                      village or anything under the disclosure rule)
 *   digital_readiness  the national picture of the readiness set of each
 *                      year (dx_picture_get: score, level, rank) with each
 *                      commune's typed values and observed values
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/jval.h"
#include "domain/auth/auth.h"
#include "domain/criteria/criteria.h"
#include "domain/dx/dx.h"
#include "domain/exchange/exchange_internal.h"
#include "domain/opendata/opendata.h"

/* od_each_published_survey's fn of the exchange: w gets the row. */
static enum err
write_survey_row(void *w, json_int_t campaign, const json_t *res,
    struct errinfo *ei)
{
	enum err e;

	if ((e = xc_write_row(w, od_survey_results_row(campaign, res))) !=
	    ERR_OK)
		return err_set(ei, e, "exchange.write", NULL,
		    "không ghi được tệp", "the file cannot be written");
	return ERR_OK;
}

enum err
xc_write_surveys(struct db *db, const struct xc_request *q,
    struct xc_writer *w, struct errinfo *ei)
{
	struct db_stmt *st;

	if ((st = db_stmt_try(db, STMT_XC_CAMPAIGNS, ei)) == NULL)
		return ei->err;
	xc_bind(st, 2, XC_PERIOD_DATE, q);
	return od_each_published_survey(db, st, q->lang, write_survey_row, w,
	    ei);
}

/* Is the 2025 commune c inside the request's subtree? */
static bool
dx_in_subtree(struct db *db, const struct xc_request *q,
    const struct dx_commune *c)
{
	if (strcmp(q->structure, "2025") == 0) {
		if (strcmp(q->code, "VN") == 0 || strcmp(q->code, c->code) == 0 ||
		    (c->province != NULL && strcmp(q->code, c->province) == 0))
			return true;
	}
	return auth_unit_in_scope(db, q->structure, q->code, "2025", c->code);
}

static json_t *
dx_value(const char *indicator, const char *source, json_t *value)
{
	return json_pack("[s, s, o]", indicator, source, value);
}

/* The rows of one commune: its own, then its typed and observed values. */
static enum err
dx_commune_rows(struct db *db, struct xc_writer *w,
    const struct dx_picture *p, const struct dx_commune *c, json_t *typed,
    struct errinfo *ei)
{
	const struct crit_set *s = p->set;
	struct dx_observation *obs = NULL;
	struct arena *a = arena_new(4096);
	json_t *values = json_array(), *v;
	enum err e = ERR_OK;
	size_t i;

	json_array_extend(values, typed);
	if (dx_observe_set(db, a, s, "2025", c->code, p->year, &obs, ei) !=
	    ERR_OK) {
		arena_free(a);
		json_decref(values);
		return ei->err;
	}
	for (i = 0; obs != NULL && i < s->n_indicators; i++)
		if (s->indicators[i].observed != NULL && obs[i].present) {
			char n[40];

			snprintf(n, sizeof(n), "%.15g", obs[i].value);
			json_array_append_new(values, dx_value(
			    s->indicators[i].id, "observed", json_string(n)));
		}
	arena_free(a);
	if (json_array_size(values) == 0 && !isfinite(c->score)) {
		json_decref(values);
		return ERR_OK;	/* not assessed */
	}
	e = xc_write_row(w, json_pack("[s, i, o, s, o, o, o, o, i, n, n, n]",
	    s->id, p->year, jval_string(c->province), c->code,
	    jval_string(c->name), isfinite(c->score) ? json_real(c->score) :
	    json_null(), c->level >= 0 && (size_t)c->level < s->n_levels ?
	    json_string(s->levels[c->level].id) : json_null(),
	    json_string(c->complete ? "true" : "false"), c->rank));
	json_array_foreach(values, i, v) {
		if (e != ERR_OK)
			break;
		e = xc_write_row(w, json_pack("[s, i, o, s, o, n, n, n, n, O,"
		    " O, O]", s->id, p->year, jval_string(c->province),
		    c->code, jval_string(c->name), json_array_get(v, 0),
		    json_array_get(v, 1), json_array_get(v, 2)));
	}
	json_decref(values);
	if (e != ERR_OK)
		return err_set(ei, e, "exchange.write", NULL,
		    "không ghi được tệp", "the file cannot be written");
	return ERR_OK;
}

static enum err
dx_year(struct db *db, const struct xc_request *q, struct xc_writer *w,
    int year, struct errinfo *ei)
{
	char set[CRIT_ID_MAX + 1];
	const struct dx_picture *p;
	struct db_stmt *st;
	json_t *typed = json_object(), *list;
	enum err e;
	int rc;

	if ((e = dx_current_set(db, year, set, sizeof(set), ei)) != ERR_OK)
		return e == ERR_NOTFOUND ? ERR_OK : e;
	if ((e = dx_picture_get(db, set, 0, year, &p, ei)) != ERR_OK) {
		json_decref(typed);
		return e == ERR_INVALID || e == ERR_NOTFOUND ? ERR_OK : e;
	}
	/* The typed values of the year, by commune (one read). */
	if ((st = db_stmt_try(db, STMT_XC_DX_TYPED, ei)) == NULL) {
		e = ei->err;
		goto out;
	}
	db_bind_text(st, 1, set);
	db_bind_int(st, 2, year);
	while ((rc = db_step(st, ei)) == 1) {
		const char *code = db_col_text(st, 0);

		if ((list = json_object_get(typed, code)) == NULL) {
			list = json_array();
			json_object_set_new(typed, code, list);
		}
		json_array_append_new(list, dx_value(db_col_text(st, 1),
		    "typed", jval_string(db_col_text(st, 2))));
	}
	if (rc < 0) {
		e = ei->err;
		goto out;
	}
	for (size_t i = 0; i < p->n_communes && e == ERR_OK; i++) {
		const struct dx_commune *c = &p->communes[i];

		if (dx_in_subtree(db, q, c))
			e = dx_commune_rows(db, w, p, c,
			    json_object_get(typed, c->code), ei);
	}
out:
	dx_picture_release(p);
	json_decref(typed);
	return e;
}

enum err
xc_write_dx(struct db *db, const struct xc_request *q, struct xc_writer *w,
    struct errinfo *ei)
{
	char today[DATE_LEN];
	int y0, y1;
	enum err e = ERR_OK;

	/* Without a period: this year. */
	y0 = q->year_from != 0 ? q->year_from : q->year_to != 0 ? q->year_to :
	    (int)strtol(date_today(today), NULL, 10);
	y1 = q->year_to != 0 ? q->year_to : q->year_from != 0 ? q->year_from :
	    y0;
	if (y1 - y0 > 20)
		y1 = y0 + 20;
	for (int y = y0; y <= y1 && e == ERR_OK; y++)
		e = dx_year(db, q, w, y, ei);
	return e;
}
