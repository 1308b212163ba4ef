/*
 * dash_criteria.c - the NTM criteria's panels of a dashboard: the status
 * and its trend over the years, the distribution of criteria met, the
 * criteria most often missed, and the communes close to the standard.
 *
 * The set of a year is the communes' national set (kind "ntm_commune")
 * whose period holds it; so a 2025 province's trend runs through the
 * 2021-2025 set (the old communes' evaluations, counted in the 2025
 * province they went into through unit_scope, the lineage) and then the
 * 2026-2030 set.  A scope's figures are its maintained roll-up
 * (crit_store_rollup, the numbers of the roll-up page it links to); a
 * commune's, its own evaluation, with the old communes it was formed
 * from for the years before 2025.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "db/db.h"
#include "domain/criteria/criteria_store.h"
#include "domain/dashboard/dash_internal.h"

#define DASH_MISSED_MAX	5	/* criteria listed as most often missed */
#define DASH_CLOSE_MAX	10	/* close-to-standard communes listed */
#define DASH_ASKS_MAX	3	/* indicators named for what a criterion asks */

/* One year of the trend: the set that year and its figures. */
struct trend_year {
	int year;
	char set_id[64];
	long evaluated, met;
};

/* The communes' set whose period holds year, NULL if none: from the list
 * of sets (crit_store_list), preferring the unit's own structure. */
static const char *
set_of_year(json_t *sets, const char *structure, int year)
{
	const char *found = NULL;
	json_t *s;
	size_t i;

	json_array_foreach(json_object_get(sets, "items"), i, s) {
		json_t *y = json_object_get(s, "years");

		if (jval_str(s, "kind") == NULL ||
		    strcmp(jval_str(s, "kind"), "ntm_commune") != 0 ||
		    jval_int(y, "from", 0) > year || jval_int(y, "to", 0) < year)
			continue;
		if (found == NULL || (jval_str(s, "structure") != NULL &&
		    strcmp(jval_str(s, "structure"), structure) == 0))
			found = jval_str(s, "id");
	}
	return found;
}

/* Whether set_id is a communes' set (its rows make the trend). */
static bool
is_commune_set(json_t *sets, const char *set_id)
{
	json_t *s;
	size_t i;

	json_array_foreach(json_object_get(sets, "items"), i, s)
		if (jval_str(s, "id") != NULL && strcmp(jval_str(s, "id"),
		    set_id) == 0)
			return jval_str(s, "kind") != NULL &&
			    strcmp(jval_str(s, "kind"), "ntm_commune") == 0;
	return false;
}

/* The trend of a scope: per year, the communes' set's roll-up (evaluated,
 * met); or of a commune (stmt STMT_DASH_LINEAGE_EVALS: its old communes').
 * At most one row a year: the set of that year. */
static enum err
trend_rows(const struct dash_ctx *c, json_t *sets, enum stmt_id id,
    struct trend_year *rows, size_t max, size_t *n, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(c->db, id);
	int rc;

	*n = 0;
	db_bind_text(st, 1, c->structure);
	db_bind_text(st, 2, c->code);
	while ((rc = db_step(st, ei)) == 1) {
		const char *set_id = db_col_text(st, 0);
		int year = (int)db_col_int(st, 1);
		const char *want;
		long a = (long)db_col_int(st, 2), b = (long)db_col_int(st, 3);

		if (!is_commune_set(sets, set_id) || *n >= max)
			continue;
		want = set_of_year(sets, c->structure, year);
		if (*n > 0 && rows[*n - 1].year == year) {
			/* two sets hold the year: keep the year's own */
			if (want == NULL || strcmp(want, set_id) != 0)
				continue;
			(*n)--;
		}
		rows[*n].year = year;
		snprintf(rows[*n].set_id, sizeof(rows[*n].set_id), "%s",
		    set_id);
		rows[*n].evaluated = a;
		rows[*n].met = b;
		(*n)++;
	}
	return rc < 0 ? ei->err : ERR_OK;
}

/* The roll-up of the dashboard's year (its set), or *ru NULL when the
 * scope has none that year. */
static enum err
year_rollup(const struct dash_ctx *c, json_t **ru, const char **set_id,
    json_t **sets_out, struct errinfo *ei)
{
	json_t *sets;
	enum err e;

	*ru = NULL;
	*set_id = NULL;
	*sets_out = NULL;
	if ((e = crit_store_list(c->db, &sets, ei)) != ERR_OK)
		return e;
	*sets_out = sets;
	if (c->year == 0 || (*set_id = set_of_year(sets, c->structure,
	    c->year)) == NULL)
		return ERR_OK;
	e = crit_store_rollup(c->db, c->structure, c->code, *set_id, c->year,
	    c->lang, ru, ei);
	if (e == ERR_NOTFOUND || e == ERR_INVALID) {
		/* the set does not reach this scope's structure */
		err_clear(ei);
		*ru = NULL;
		return ERR_OK;
	}
	return e;
}

static const char *
rollup_link(struct arena *a, const struct dash_ctx *c, const char *set_id)
{
	return arena_printf(a, "/units/%s/%s/rollup/%s/%d", c->structure,
	    c->code, set_id, c->year);
}

/* "12 tiêu chí": a bar of the distribution. */
static const char *
msgf_criteria(struct arena *a, const char *lang, int64_t k)
{
	const char *args[1] = { arena_printf(a, "%lld", (long long)k) };

	return msg_formata(a, lang, "dash_n_criteria", args, 1);
}

static const char *
year_label(struct arena *a, int year)
{
	return arena_printf(a, "%d", year);
}

/* The period of set_id ("2021–2025"), from the list of sets. */
static const char *
set_period(struct arena *a, json_t *sets, const char *set_id)
{
	json_t *s;
	size_t i;

	json_array_foreach(json_object_get(sets, "items"), i, s)
		if (jval_str(s, "id") != NULL &&
		    strcmp(jval_str(s, "id"), set_id) == 0) {
			json_t *y = json_object_get(s, "years");

			return arena_printf(a, "%lld–%lld",
			    (long long)jval_int(y, "from", 0),
			    (long long)jval_int(y, "to", 0));
		}
	return set_id;
}

/* The trend chart of rows: communes meeting the standard, year by year,
 * one line per criteria set (2021–2025, then 2026–2030): a new set's
 * stricter standard starts its own line, not a fall of the old one. */
static json_t *
trend_chart(const struct dash_ctx *c, struct arena *a, json_t *sets,
    const struct trend_year *rows, size_t n)
{
	json_t *x = json_array(), *series = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(x, json_string(year_label(a,
		    rows[i].year)));
	for (size_t i = 0; i < n; i++) {
		const char *period;
		json_t *v;

		if (i > 0 && strcmp(rows[i].set_id, rows[i - 1].set_id) == 0)
			continue;
		v = json_array();
		for (size_t j = 0; j < n; j++)
			json_array_append_new(v, strcmp(rows[j].set_id,
			    rows[i].set_id) == 0 ? json_integer(rows[j].met) :
			    json_null());
		period = set_period(a, sets, rows[i].set_id);
		json_array_append_new(series, json_pack("{s:s, s:o}", "name",
		    msg_formata(a, c->lang, "dash_series_met_set", &period, 1),
		    "values", v));
	}
	return json_pack("{s:s, s:s, s:i, s:o, s:o}", "kind", "line", "unit",
	    "", "decimals", 0, "x", x, "series", series);
}

/* The status of a scope: its roll-up's figures and the trend. */
static enum err
status_scope(const struct dash_ctx *c, struct arena *a, json_t **panel,
    struct errinfo *ei)
{
	struct trend_year rows[64];
	const char *set_id;
	json_t *ru, *sets, *p;
	size_t n;
	enum err e;

	if ((e = year_rollup(c, &ru, &set_id, &sets, ei)) != ERR_OK)
		goto out;
	if ((e = trend_rows(c, sets, STMT_DASH_ROLLUP_YEARS, rows, 64, &n,
	    ei)) != ERR_OK)
		goto out;
	p = dash_panel_new(c, "ntm_status", "dash_ntm_status", ru != NULL ?
	    rollup_link(a, c, set_id) : NULL);
	*panel = p;
	if (ru == NULL && n == 0) {
		dash_empty(c, p, "dash_ntm_empty");
		goto out;
	}
	if (ru != NULL) {
		int64_t met = jval_int(ru, "met", 0), in = jval_int(ru,
		    "units_in_scope", 0), ev = jval_int(ru, "evaluated", 0);
		double share = json_number_value(json_object_get(ru,
		    "met_share"));
		double avg = json_number_value(json_object_get(ru,
		    "avg_criteria_met"));

		dash_figure(p, "met", msg_get(c->lang, "dash_communes_met"),
		    (double)met, arena_printf(a, "%s / %s", numfmt_int_a(a,
		    met, c->lang), numfmt_int_a(a, in, c->lang)), (double)in,
		    NULL);
		dash_figure(p, "met_share", msg_get(c->lang, "dash_met_share"),
		    share, numfmt_pct_a(a, share, c->lang), -1, NULL);
		dash_figure(p, "evaluated", msg_get(c->lang, "dash_evaluated"),
		    (double)ev, numfmt_int_a(a, ev, c->lang), (double)in, NULL);
		dash_figure(p, "avg_criteria_met", msg_get(c->lang,
		    "dash_avg_criteria"), avg, numfmt_num_a(a, avg, c->lang),
		    -1, NULL);
		json_object_set_new(p, "set", json_string(jval_str(
		    json_object_get(ru, "set"), "name")));
	}
	if (n > 1)
		json_object_set_new(p, "chart", trend_chart(c, a, sets, rows,
		    n));
	/* The provinces' map of the same indicator (2025: 34 provinces). */
	if (c->level == DASH_NATION || c->level == DASH_PROVINCE)
		json_object_set_new(p, "map", json_string("ntm_met_share"));
out:
	json_decref(ru);
	json_decref(sets);
	return e;
}

/* The status of a commune: its evaluation of the year, its own history,
 * and the old communes it was formed from before 2025. */
static enum err
status_commune(const struct dash_ctx *c, struct arena *a, json_t **panel,
    struct errinfo *ei)
{
	struct trend_year old[32];
	const char *set_id = NULL;
	json_t *sets, *ev = NULL, *p, *x = json_array(), *v = json_array();
	json_t *h;
	size_t n, i;
	enum err e;

	if ((e = crit_store_list(c->db, &sets, ei)) != ERR_OK)
		goto out;
	if ((e = trend_rows(c, sets, STMT_DASH_LINEAGE_EVALS, old, 32, &n,
	    ei)) != ERR_OK)
		goto out;
	if (c->year != 0)
		set_id = set_of_year(sets, c->structure, c->year);
	if (set_id != NULL) {
		e = crit_store_evaluation(c->db, c->structure, c->code, set_id,
		    c->year, 0, c->lang, &ev, ei);
		if (e == ERR_NOTFOUND || e == ERR_INVALID) {
			err_clear(ei);
			e = ERR_OK;
			ev = NULL;
		} else if (e != ERR_OK)
			goto out;
	}
	p = dash_panel_new(c, "ntm_status", "dash_ntm_status_commune",
	    ev != NULL ? arena_printf(a, "/units/%s/%s/evaluation/%s/%d",
	    c->structure, c->code, set_id, c->year) : NULL);
	*panel = p;
	if ((ev == NULL || !json_is_true(json_object_get(ev, "has_data"))) &&
	    n == 0) {
		dash_empty(c, p, "dash_ntm_empty");
		goto out;
	}
	if (ev != NULL && json_is_true(json_object_get(ev, "has_data"))) {
		const char *status = jval_str(ev, "status");
		int64_t met = jval_int(ev, "criteria_met", 0);
		int64_t total = jval_int(ev, "criteria_total", 0);

		dash_figure(p, "status", msg_get(c->lang, "dash_status"),
		    status != NULL && strcmp(status, "met") == 0 ? 1 : 0,
		    msg_get(c->lang, arena_printf(a, "crit_status_%s",
		    status != NULL ? status : "incomplete")), -1, NULL);
		dash_figure(p, "criteria_met", msg_get(c->lang,
		    "dash_criteria_met"), (double)met, arena_printf(a,
		    "%s / %s", numfmt_int_a(a, met, c->lang), numfmt_int_a(a,
		    total, c->lang)), (double)total, NULL);
		json_array_foreach(json_object_get(ev, "history"), i, h) {
			json_array_append_new(x, json_string(year_label(a,
			    (int)jval_int(h, "year", 0))));
			json_array_append_new(v, json_integer(jval_int(h,
			    "criteria_met", 0)));
		}
		/* a trend needs two years; one is the figure above */
		if (json_array_size(x) > 1)
			json_object_set_new(p, "chart", json_pack("{s:s, s:s, "
			    "s:i, s:O, s:[{s:s, s:O}]}", "kind", "line", "unit",
			    "", "decimals", 0, "x", x, "series", "name",
			    msg_get(c->lang, "dash_series_criteria"), "values",
			    v));
	}
	if (n > 0) {
		static const char *const keys[] = { "year", "met" };
		const char *labels[] = { msg_get(c->lang, "dash_col_year"),
			msg_get(c->lang, "dash_col_old_met") };
		json_t *t = dash_table(p, keys, labels, 2);

		json_object_set_new(p, "table_title", json_string(msg_get(
		    c->lang, "dash_old_communes")));
		for (i = 0; i < n; i++)
			json_array_append_new(json_object_get(t, "rows"),
			    json_pack("{s:s, s:s}", "year", year_label(a,
			    old[i].year), "met", arena_printf(a, "%s / %s",
			    numfmt_int_a(a, old[i].met, c->lang),
			    numfmt_int_a(a, old[i].evaluated, c->lang))));
	}
out:
	json_decref(x);
	json_decref(v);
	json_decref(ev);
	json_decref(sets);
	return e;
}

enum err
dash_ntm_status(const struct dash_ctx *c, json_t **panel, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	enum err e;

	e = c->level == DASH_COMMUNE ? status_commune(c, a, panel, ei) :
	    status_scope(c, a, panel, ei);
	arena_free(a);
	return e;
}

enum err
dash_ntm_distribution(const struct dash_ctx *c, json_t **panel,
    struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	const char *set_id;
	json_t *ru, *sets, *d, *bars = json_array();
	size_t i;
	enum err e;

	if ((e = year_rollup(c, &ru, &set_id, &sets, ei)) != ERR_OK ||
	    ru == NULL)
		goto out;
	*panel = dash_panel_new(c, "ntm_distribution", "dash_ntm_distribution",
	    rollup_link(a, c, set_id));
	if (jval_int(ru, "evaluated", 0) == 0) {
		dash_empty(c, *panel, "dash_ntm_empty");
		goto out;
	}
	json_array_foreach(json_object_get(ru, "distribution"), i, d) {
		int64_t k = jval_int(d, "criteria_met", 0);

		json_array_append_new(bars, json_pack("{s:s, s:I}", "label",
		    msgf_criteria(a, c->lang, k), "value",
		    (json_int_t)jval_int(d, "units", 0)));
	}
	json_object_set_new(*panel, "chart", json_pack("{s:s, s:s, s:i, s:O}",
	    "kind", "bars", "unit", "", "decimals", 0, "bars", bars));
	dash_figure(*panel, "evaluated", msg_get(c->lang, "dash_evaluated"),
	    (double)jval_int(ru, "evaluated", 0), numfmt_int_a(a, jval_int(ru,
	    "evaluated", 0), c->lang), -1, NULL);
out:
	json_decref(bars);
	json_decref(ru);
	json_decref(sets);
	arena_free(a);
	return e;
}

/* A criterion of a roll-up by how many communes fail it. */
struct missed {
	int64_t failed;
	size_t i;		/* its place in the set: the order of ties */
};

static int
by_failed(const void *x, const void *y)
{
	const struct missed *a = x, *b = y;

	if (a->failed != b->failed)
		return a->failed > b->failed ? -1 : 1;
	return a->i < b->i ? -1 : 1;
}

/* A scope: the criteria with the most communes failing them. */
static enum err
missed_scope(const struct dash_ctx *c, struct arena *a, json_t **panel,
    struct errinfo *ei)
{
	const char *set_id;
	json_t *ru, *sets, *crits, *bars = json_array();
	struct missed *m;
	size_t n, shown = 0;
	enum err e;

	if ((e = year_rollup(c, &ru, &set_id, &sets, ei)) != ERR_OK ||
	    ru == NULL)
		goto out;
	*panel = dash_panel_new(c, "ntm_missed", "dash_ntm_missed",
	    rollup_link(a, c, set_id));
	crits = json_object_get(ru, "criteria");
	n = json_array_size(crits);
	m = arena_alloc(a, (n + 1) * sizeof(*m));
	for (size_t i = 0; i < n; i++)
		m[i] = (struct missed){ jval_int(json_array_get(crits, i),
		    "failed", 0), i };
	qsort(m, n, sizeof(*m), by_failed);
	for (size_t i = 0; i < n && shown < DASH_MISSED_MAX; i++) {
		json_t *cr = json_array_get(crits, m[i].i);

		if (jval_int(cr, "failed", 0) == 0)
			break;
		json_array_append_new(bars, json_pack("{s:s, s:I}", "label",
		    arena_printf(a, "%s. %s", jval_str(cr, "id"), jval_str(cr,
		    "name")), "value", (json_int_t)jval_int(cr, "failed", 0)));
		shown++;
	}
	if (shown == 0) {
		dash_empty(c, *panel, "dash_missed_none");
		goto out;
	}
	json_object_set_new(*panel, "chart", json_pack("{s:s, s:s, s:i, s:O}",
	    "kind", "bars", "unit", "", "decimals", 0, "bars", bars));
	json_object_set_new(*panel, "note", json_string(msg_get(c->lang,
	    "dash_missed_note")));
out:
	json_decref(bars);
	json_decref(ru);
	json_decref(sets);
	return e;
}

/* What a criterion asks, in people's words: the names of its first
 * indicators ("Có quy hoạch chung xã được phê duyệt; …"). */
static const char *
criterion_asks(struct arena *a, const json_t *cr)
{
	const json_t *ind;
	const char *s = "";
	size_t i;

	json_array_foreach(json_object_get(cr, "indicators"), i, ind) {
		if (i == DASH_ASKS_MAX) {
			s = arena_printf(a, "%s; …", s);
			break;
		}
		s = arena_printf(a, "%s%s%s", s, i > 0 ? "; " : "",
		    jval_str(ind, "name") != NULL ? jval_str(ind, "name") : "");
	}
	return s[0] != '\0' ? s : "—";	/* no indicator entered yet */
}

/* A commune: every criterion of its year, what it asks and whether the
 * commune meets it, each linked to the criterion in its set (which links
 * its legal source) - the public page's "criteria met with what each
 * means". */
static enum err
missed_commune(const struct dash_ctx *c, struct arena *a, json_t **panel,
    struct errinfo *ei)
{
	static const char *const keys[] = { "criterion", "result" };
	const char *set_id = NULL, *labels[2];
	json_t *sets, *ev = NULL, *cr, *t;
	size_t i, shown = 0;
	enum err e;

	if ((e = crit_store_list(c->db, &sets, ei)) != ERR_OK)
		return e;
	if (c->year != 0)
		set_id = set_of_year(sets, c->structure, c->year);
	if (set_id == NULL)
		goto out;
	e = crit_store_evaluation(c->db, c->structure, c->code, set_id,
	    c->year, 0, c->lang, &ev, ei);
	if (e == ERR_NOTFOUND || e == ERR_INVALID) {
		err_clear(ei);
		e = ERR_OK;
		goto out;
	}
	if (e != ERR_OK || !json_is_true(json_object_get(ev, "has_data")))
		goto out;
	*panel = dash_panel_new(c, "ntm_criteria", "dash_ntm_criteria_commune",
	    arena_printf(a, "/units/%s/%s/evaluation/%s/%d", c->structure,
	    c->code, set_id, c->year));
	labels[0] = msg_get(c->lang, "dash_col_criterion");
	labels[1] = msg_get(c->lang, "dash_col_result");
	t = dash_table(*panel, keys, labels, 2);
	json_array_foreach(json_object_get(ev, "criteria"), i, cr) {
		json_t *met = json_object_get(cr, "met");

		json_array_append_new(json_object_get(t, "rows"), json_pack(
		    "{s:s, s:s, s:s, s:s}", "criterion", arena_printf(a,
		    "%s. %s", jval_str(cr, "id"), jval_str(cr, "name")),
		    "result", msg_get(c->lang, json_is_true(met) ?
		    "crit_met" : json_is_false(met) ?
		    "crit_status_not_met" : "crit_status_incomplete"),
		    "note", criterion_asks(a, cr), "href", arena_printf(a,
		    "/criteria-sets/%s#c-%s", set_id, jval_str(cr, "id"))));
		shown += !json_is_true(met);
	}
	dash_figure(*panel, "not_met", msg_get(c->lang, "dash_not_met_commune"),
	    (double)shown, numfmt_int_a(a, (long long)shown, c->lang), -1, NULL);
out:
	json_decref(ev);
	json_decref(sets);
	return e;
}

enum err
dash_ntm_missed(const struct dash_ctx *c, json_t **panel, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	enum err e;

	e = c->level == DASH_COMMUNE ? missed_commune(c, a, panel, ei) :
	    missed_scope(c, a, panel, ei);
	arena_free(a);
	return e;
}

/* The communes close to the standard (missing one or two criteria), each
 * linked to its evaluation: the first of the roll-up's list. */
enum err
dash_ntm_close(const struct dash_ctx *c, json_t **panel, struct errinfo *ei)
{
	static const char *const keys[] = { "unit", "missing", "failed" };
	struct arena *a = arena_new(4096);
	const char *set_id, *labels[3];
	json_t *ru, *sets, *t, *it, *f;
	size_t i, j;
	enum err e;

	if ((e = year_rollup(c, &ru, &set_id, &sets, ei)) != ERR_OK ||
	    ru == NULL)
		goto out;
	*panel = dash_panel_new(c, "ntm_close", "dash_ntm_close",
	    arena_printf(a, "%s#close", rollup_link(a, c, set_id)));
	dash_figure(*panel, "close_total", msg_get(c->lang,
	    "dash_close_total"), (double)jval_int(ru, "close_to_standard_total",
	    0), numfmt_int_a(a, jval_int(ru, "close_to_standard_total", 0),
	    c->lang), -1, NULL);
	if (json_array_size(json_object_get(ru, "close_to_standard")) == 0) {
		dash_empty(c, *panel, "dash_close_none");
		goto out;
	}
	labels[0] = msg_get(c->lang, "dash_col_commune");
	labels[1] = msg_get(c->lang, "dash_col_missing");
	labels[2] = msg_get(c->lang, "dash_col_failed");
	t = dash_table(*panel, keys, labels, 3);
	json_array_foreach(json_object_get(ru, "close_to_standard"), i, it) {
		const char *names = "";

		if (i >= DASH_CLOSE_MAX)
			break;
		json_array_foreach(json_object_get(it, "failed"), j, f)
			names = arena_printf(a, "%s%s%s", names, j > 0 ? "; " :
			    "", jval_str(f, "name"));
		json_array_append_new(json_object_get(t, "rows"), json_pack(
		    "{s:s, s:s, s:s, s:s}", "unit", jval_str(it, "parent_name")
		    != NULL && c->level == DASH_NATION ? arena_printf(a,
		    "%s, %s", jval_str(it, "full_name"), jval_str(it,
		    "parent_name")) : jval_str(it, "full_name"), "missing",
		    numfmt_int_a(a, jval_int(it, "missing", 0), c->lang),
		    "failed", names, "href", arena_printf(a,
		    "/units/%s/%s/dashboard", jval_str(it, "structure"),
		    jval_str(it, "code"))));
	}
out:
	json_decref(ru);
	json_decref(sets);
	arena_free(a);
	return e;
}
