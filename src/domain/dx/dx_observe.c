/*
 * dx_observe.c - observed values: what the platform measures itself of a
 * commune's use of it in a year (dx.h, docs/DIGITAL.md §2).  One entry
 * per source: its two statements in src/db/sql/dx.sql (one unit; every
 * commune in one grouped query), the order of their parameters, how its
 * rows become a value, and the message of its method.
 *
 * A share is 100 * numerator / denominator, present only when the
 * denominator is not 0: a commune with nothing to count stays unknown,
 * never 0 %.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "domain/dx/dx_internal.h"
#include "domain/reporting/rep_store.h"
#include "domain/reporting/reporting.h"
#include "domain/workflow/workflow.h"

/* How a source's rows become observations. */
enum shape {
	SHARE,		/* (code, numerator, denominator) */
	COUNT,		/* (code, count, things counted over) */
	MET_COUNT,	/* (code, met, evaluated): the count met */
	REPORTS,	/* report rows, weighed against due days */
	DOSSIERS,	/* dossier steps, weighed against deadlines */
};

struct source {
	const char *name;
	enum shape shape;
	enum stmt_id all, one;
	/* Parameters in order: s structure, c code, f/t the year's first day
	 * and the next year's (ISO dates), p/q the year and the next as text,
	 * y the year as a number, d today. */
	const char *all_params, *one_params;
	const char *msg;	/* message key of its method */
};

static const struct source sources[] = {
	{ "reports_on_time_share", REPORTS, STMT_DX_REPORTS_ALL,
	  STMT_DX_REPORTS_ONE, "spq", "scpq", "dx_obs_reports" },
	{ "dossiers_on_time_share", DOSSIERS, STMT_DX_DOSSIERS_ALL,
	  STMT_DX_DOSSIERS_ONE, "sy", "scy", "dx_obs_dossiers" },
	{ "ocop_producers_selling_share", SHARE, STMT_DX_SELLING_ALL,
	  STMT_DX_SELLING_ONE, "stf", "sctf", "dx_obs_selling" },
	{ "market_online_orders", COUNT, STMT_DX_ORDERS_ALL,
	  STMT_DX_ORDERS_ONE, "fts", "ftsc", "dx_obs_orders" },
	{ "survey_online_share", SHARE, STMT_DX_SURVEY_ALL,
	  STMT_DX_SURVEY_ONE, "sftd", "scftd", "dx_obs_survey" },
	{ "smart_villages_met", MET_COUNT, STMT_DX_SMART_ALL,
	  STMT_DX_SMART_ONE, "sy", "scy", "dx_obs_smart" },
	{ NULL, SHARE, 0, 0, NULL, NULL, NULL }
};

static const struct source *
source_of(const char *name)
{
	for (const struct source *s = sources; name && s->name; s++)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

bool
dx_source_is_count(const char *source)
{
	const struct source *s = source_of(source);

	return s != NULL && (s->shape == COUNT || s->shape == MET_COUNT);
}

static void
bind_params(struct db_stmt *st, const char *params, const char *structure,
    const char *code, int year)
{
	char from[32], to[32], p[16], q[16], d[DATE_LEN];

	snprintf(from, sizeof(from), "%04d-01-01", year);
	snprintf(to, sizeof(to), "%04d-01-01", year + 1);
	snprintf(p, sizeof(p), "%04d", year);
	snprintf(q, sizeof(q), "%04d", year + 1);
	date_today(d);
	for (int i = 0; params[i] != '\0'; i++)
		switch (params[i]) {
		case 's': db_bind_text(st, i + 1, structure); break;
		case 'c': db_bind_text(st, i + 1, code); break;
		case 'f': db_bind_text(st, i + 1, from); break;
		case 't': db_bind_text(st, i + 1, to); break;
		case 'p': db_bind_text(st, i + 1, p); break;
		case 'q': db_bind_text(st, i + 1, q); break;
		case 'd': db_bind_text(st, i + 1, d); break;
		default: db_bind_int(st, i + 1, year); break;
		}
}

static void
share(struct dx_observation *o, long num, long den)
{
	memset(o, 0, sizeof(*o));
	o->numerator = num;
	o->denominator = den;
	o->present = den > 0;
	o->value = den > 0 ? 100.0 * (double)num / (double)den : 0;
}

/* An aggregate source's row as an observation. */
static void
aggregate_row(const struct source *src, struct db_stmt *st,
    struct dx_observation *o)
{
	long num = (long)db_col_int(st, 1), den = (long)db_col_int(st, 2);

	if (src->shape == SHARE) {
		share(o, num, den);
		return;
	}
	memset(o, 0, sizeof(*o));
	o->present = den > 0;
	o->value = (double)num;
	o->numerator = num;
	o->denominator = src->shape == MET_COUNT ? den : -1;
}

/* The day number of an ISO date or timestamp's date; -1 when unreadable. */
static long
day_of(const char *iso)
{
	char d[11];
	long days;

	if (iso == NULL || strlen(iso) < 10)
		return -1;
	memcpy(d, iso, 10);
	d[10] = '\0';
	return date_parse(d, &days) ? days : -1;
}

static long
today(void)
{
	char t[DATE_LEN];
	long days;

	date_today(t);
	return date_parse(t, &days) ? days : 0;
}

/* One report row: counted once its due day has passed or it was
 * submitted; on time when submitted by the due day. */
static enum err
report_row(struct db *db, struct db_stmt *st, long now, long *num,
    long *den, struct errinfo *ei)
{
	const struct rep_form *f;
	struct rep_period p;
	long due, sub = day_of(db_col_text(st, 4));

	if (rep_form_load(db, db_col_text(st, 1), (int)db_col_int(st, 2), &f,
	    ei) != ERR_OK || rep_period_parse(db_col_text(st, 3), "period",
	    &p, ei) != ERR_OK) {
		err_clear(ei);	/* a form or period no longer readable */
		return ERR_OK;
	}
	due = rep_form_due(f, &p);
	if (sub < 0 && now <= due)
		return ERR_OK;	/* not due yet */
	(*den)++;
	if (sub >= 0 && sub <= due)
		(*num)++;
	return ERR_OK;
}

/* A dossier being walked step by step. */
struct walk {
	long entered;		/* the day its current step began */
	bool late;
	const struct wf_procedure *proc;
};

static void
walk_step(struct walk *w, const char *from_state, const char *at)
{
	const struct wf_state *stt;
	long left = day_of(at);

	if (from_state == NULL || left < 0)
		return;
	stt = w->proc ? wf_state_find(w->proc, from_state) : NULL;
	if (stt != NULL && stt->due_days >= 0 && w->entered >= 0 &&
	    left > w->entered + stt->due_days)
		w->late = true;
	w->entered = left;
}

/*
 * The rows of code (empty: none yet) have ended: count its last dossier
 * (inst, its lateness in w; a dossier is counted when its rows end) and
 * give fn the code's share num/den.
 */
static void
end_code(const struct source *src, int64_t inst, const struct walk *w,
    long *num, long *den, const char *code, dx_obs_fn fn, void *ctx)
{
	struct dx_observation o;

	if (src->shape == DOSSIERS && inst >= 0) {
		(*den)++;
		*num += !w->late;
	}
	if (code[0] != '\0') {
		share(&o, *num, *den);
		fn(ctx, code, &o);
	}
}

/*
 * Walk the rows of a source that weighs rows (reports, dossiers), code by
 * code, calling fn for each code with its share.  Rows come ordered by
 * code (and for dossiers by instance and step).
 */
static enum err
walk_rows(struct db *db, const struct source *src, struct db_stmt *st,
    dx_obs_fn fn, void *ctx, struct errinfo *ei)
{
	char code[64] = "";
	long num = 0, den = 0, now = today();
	int64_t inst = -1;
	struct walk w = { -1, false, NULL };
	int rc;

	while ((rc = db_step(st, ei)) == 1) {
		const char *c = db_col_text(st, 0);

		if (strcmp(c, code) != 0) {
			end_code(src, inst, &w, &num, &den, code, fn, ctx);
			snprintf(code, sizeof(code), "%s", c);
			num = den = 0;
			inst = -1;
		}
		if (src->shape == REPORTS) {
			if (report_row(db, st, now, &num, &den, ei) != ERR_OK)
				return ei->err;
			continue;
		}
		if (db_col_int(st, 1) != inst) {
			if (inst >= 0) {
				den++;
				num += !w.late;
			}
			inst = db_col_int(st, 1);
			w.entered = day_of(db_col_text(st, 4));
			w.late = false;
			if (wf_load(db, db_col_text(st, 2), (int)db_col_int(st,
			    3), &w.proc, ei) != ERR_OK) {
				err_clear(ei);
				w.proc = NULL;
			}
			/* The step it is in now: late once its due day passed. */
			if (db_col_int(st, 6) == 0 && !db_col_null(st, 5) &&
			    day_of(db_col_text(st, 5)) >= 0 &&
			    day_of(db_col_text(st, 5)) < now)
				w.late = true;
		}
		walk_step(&w, db_col_text(st, 7), db_col_text(st, 8));
	}
	if (rc < 0)
		return ei->err;
	end_code(src, inst, &w, &num, &den, code, fn, ctx);
	return ERR_OK;
}

static enum err
run(struct db *db, const struct source *src, struct db_stmt *st,
    dx_obs_fn fn, void *ctx, struct errinfo *ei)
{
	struct dx_observation o;
	enum err e = ERR_OK;
	int rc;

	if (src->shape == REPORTS || src->shape == DOSSIERS)
		e = walk_rows(db, src, st, fn, ctx, ei);
	else {
		while ((rc = db_step(st, ei)) == 1) {
			aggregate_row(src, st, &o);
			if (o.present)
				fn(ctx, db_col_text(st, 0), &o);
		}
		if (rc < 0)
			e = ei->err;
	}
	/* Stepped to the end: no db_end_reads, which would also end a read
	 * the caller may be iterating (the criteria store's). */
	return e;
}

/* A year that has not begun: the platform has measured nothing of it. */
static bool
year_to_come(int year)
{
	char t[DATE_LEN];

	date_today(t);
	return year > (int)strtol(t, NULL, 10);	/* "YYYY-MM-DD" */
}

static enum err
unknown_source(const char *source, struct errinfo *ei)
{
	return err_set(ei, ERR_INVALID, "dx.unknown_source", "observed",
	    "Không có nguồn đo %s", "No observed source %s", source);
}

enum err
dx_observe_all(struct db *db, const char *source, const char *structure,
    int year, dx_obs_fn fn, void *ctx, struct errinfo *ei)
{
	const struct source *src = source_of(source);
	struct db_stmt *st;

	if (src == NULL)
		return unknown_source(source, ei);
	if (year_to_come(year))
		return ERR_OK;
	st = db_stmt(db, src->all);
	bind_params(st, src->all_params, structure, NULL, year);
	return run(db, src, st, fn, ctx, ei);
}

static void
keep_one(void *ctx, const char *code, const struct dx_observation *o)
{
	(void)code;
	*(struct dx_observation *)ctx = *o;
}

enum err
dx_observe(struct db *db, const struct crit_set *s, const char *structure,
    const char *code, int year, struct dx_observation *obs,
    struct errinfo *ei)
{
	enum err e = ERR_OK;

	memset(obs, 0, s->n_indicators * sizeof(*obs));
	for (size_t i = 0; !year_to_come(year) && i < s->n_indicators && e == ERR_OK; i++) {
		const struct source *src = source_of(s->indicators[i].observed);
		struct db_stmt *st;

		if (s->indicators[i].observed == NULL)
			continue;
		if (src == NULL)
			return unknown_source(s->indicators[i].observed, ei);
		st = db_stmt(db, src->one);
		bind_params(st, src->one_params, structure, code, year);
		e = run(db, src, st, keep_one, &obs[i], ei);
	}
	return e;
}

const char *
dx_observation_text(const char *source, const struct dx_observation *o,
    int year, const char *lang, char *buf, size_t size)
{
	const struct source *s = source_of(source);
	char num[NUMFMT_LEN], den[NUMFMT_LEN];

	if (s == NULL || o == NULL || !o->present) {
		snprintf(buf, size, "%s", msg_get(lang, "dx_obs_none"));
		return buf;
	}
	numfmt_int(num, o->numerator >= 0 ? o->numerator : (long)o->value,
	    lang);
	if (o->denominator < 0)
		snprintf(buf, size, "%s: %s (%s %d)", msg_get(lang, s->msg),
		    num, msg_get(lang, "dx_obs_year"), year);
	else
		snprintf(buf, size, "%s: %s/%s (%s %d)", msg_get(lang, s->msg),
		    num, numfmt_int(den, o->denominator, lang),
		    msg_get(lang, "dx_obs_year"), year);
	return buf;
}

enum err
dx_observe_set(struct db *db, struct arena *a, const struct crit_set *s,
    const char *structure, const char *code, int year,
    struct dx_observation **obs, struct errinfo *ei)
{
	bool any = false;

	*obs = NULL;
	for (size_t i = 0; i < s->n_indicators && !any; i++)
		any = s->indicators[i].observed != NULL;
	if (!any)
		return ERR_OK;
	*obs = arena_alloc(a, (s->n_indicators + 1) * sizeof(**obs));
	return dx_observe(db, s, structure, code, year, *obs, ei);
}
