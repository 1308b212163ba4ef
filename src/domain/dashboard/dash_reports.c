/*
 * dash_reports.c - the reporting panel of a dashboard, for officers: the
 * completeness of the progress form's newest period whose due date has
 * passed (who submitted, on time or late, who did not), and the capital
 * disbursed against the year's plan by source, from that period's
 * maintained aggregate.
 *
 * The figures are rep_completeness' (the page /reports/{form}/completeness
 * the panel links to) and rep_aggregate_get's plan versus actual (the
 * aggregate API), both maintained: a few indexed reads whatever the
 * level.  The reporting pages are the officers' (the readers of the
 * completeness route), so a visitor's dashboard has no such panel.  The
 * progress form fills the units of one structure (2025); others have
 * none either.
 */
#include <math.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "domain/dashboard/dash_internal.h"
#include "domain/dashboard/dash_modules.h"
#include "domain/reporting/rep_completeness.h"
#include "domain/reporting/rep_report.h"
#include "domain/reporting/rep_store.h"

/* The programme's monthly progress form (forms/ntm-tien-do-thang.json),
 * and its elements measured against the year's capital plan. */
#define PROGRESS_FORM	"ntm-tien-do-thang"
#define SLOT_DISBURSED	"capital_disbursed"
#define SLOT_MOBILISED	"capital_mobilised"

/*
 * The newest period of f whose due date has passed today (its counts are
 * final), into *p; false when none of the form's years has one yet.
 */
static bool
newest_due(const struct rep_form *f, struct rep_period *p)
{
	struct rep_period ps[12];
	char today[DATE_LEN];
	long now = 0;
	int n, year;

	date_parse(date_today(today), &now);
	year = (today[0] - '0') * 1000 + (today[1] - '0') * 100 +
	    (today[2] - '0') * 10 + (today[3] - '0');
	if (year > f->year_to)
		year = f->year_to;
	if (year < f->year_from)
		return false;
	n = rep_periods_of_year(f->period_type, year, ps);
	if (n <= 0)
		return false;
	*p = ps[n - 1];
	while (now <= rep_form_due(f, p))
		if (!rep_period_prev(p, p) || p->year < f->year_from)
			return false;
	return true;
}

/* One level's counts as four figures ("Xã, phường: đã nộp" ...). */
static void
level_figures(const struct dash_ctx *c, struct arena *a, json_t *p,
    const char *level, const char *name, const json_t *counts)
{
	static const char *const what[] = { "submitted", "on_time", "late",
		"missing" };

	for (size_t i = 0; i < sizeof(what) / sizeof(what[0]); i++) {
		long v = (long)jval_int(counts, what[i], 0);

		dash_figure(p, arena_printf(a, "%s_%s", what[i], level),
		    msg_formata(a, c->lang, arena_printf(a, "dp_reports_%s",
		    what[i]), &name, 1), (double)v, numfmt_int_a(a, v, c->lang),
		    i == 0 ? (double)jval_int(counts, "expected", 0) : -1, NULL);
	}
}

/* The completeness figures of the period (view: rep_completeness'). */
static void
completeness_figures(const struct dash_ctx *c, struct arena *a, json_t *p,
    const json_t *view)
{
	const json_t *own = json_object_get(view, "own"), *lv;
	size_t i;

	dash_figure(p, "period", msg_get(c->lang, "dp_reports_period"), NAN,
	    jval_str(view, "period_name"), -1, NULL);
	if (json_is_object(own))
		dash_figure(p, "own", msg_get(c->lang, "dp_reports_own"), NAN,
		    jval_str(own, "status_name"), -1, jval_str(own,
		    "state_name"));
	json_array_foreach(json_object_get(view, "levels"), i, lv)
		level_figures(c, a, p, jval_str(lv, "level"), jval_str(lv,
		    "level_name"), json_object_get(lv, "counts"));
}

/* The plan-versus-actual item of slot name, or NULL. */
static const json_t *
plan_item(const json_t *pa, const char *name)
{
	const json_t *it;
	size_t i;

	json_array_foreach(pa, i, it)
		if (jval_str(it, "slot") != NULL &&
		    strcmp(jval_str(it, "slot"), name) == 0)
			return it;
	return NULL;
}

/* The money of key of item as people read it ("—" when absent). */
static const char *
money(struct arena *a, const json_t *item, const char *key, const char *lang)
{
	const json_t *v = json_object_get(item, key);

	return json_is_number(v) ? numfmt_vnd_a(a, (long long)
	    json_number_value(v), lang) : "—";
}

/* A share (percent) of item as people read it. */
static const char *
share(struct arena *a, const json_t *item, const char *lang)
{
	const json_t *v = json_object_get(item, "share");

	return json_is_number(v) ? numfmt_pct_a(a, json_number_value(v), lang) :
	    "—";
}

/*
 * Capital disbursed against the plan: a figure for the total, a row a
 * source (plan, mobilised, disbursed, share) and a bar a source.  pa is
 * the aggregate's "plan_actual".
 */
static void
capital(const struct dash_ctx *c, struct arena *a, json_t *p, const json_t *pa)
{
	static const char *const keys[] = { "source", "plan", "mobilised",
		"disbursed", "share" };
	const char *labels[5], *note = NULL;
	const json_t *tot = plan_item(pa, SLOT_DISBURSED), *it;
	json_t *table, *rows, *bars = json_array();
	size_t i;

	if (tot == NULL || !json_is_number(json_object_get(tot, "actual"))) {
		json_decref(bars);
		return;
	}
	if (json_is_number(json_object_get(tot, "share"))) {
		const char *s = share(a, tot, c->lang);

		note = msg_formata(a, c->lang, "dp_reports_share_note", &s, 1);
	}
	dash_figure(p, "disbursed", msg_get(c->lang, "dp_reports_disbursed"),
	    json_number_value(json_object_get(tot, "actual")), money(a, tot,
	    "actual", c->lang), json_is_number(json_object_get(tot, "plan")) ?
	    json_number_value(json_object_get(tot, "plan")) : -1, note);
	labels[0] = msg_get(c->lang, "dp_reports_source");
	labels[1] = msg_get(c->lang, "dp_reports_plan");
	labels[2] = msg_get(c->lang, "dp_reports_mobilised");
	labels[3] = msg_get(c->lang, "dp_reports_disbursed_col");
	labels[4] = msg_get(c->lang, "dp_reports_share");
	table = dash_table(p, keys, labels, 5);
	rows = json_object_get(table, "rows");
	json_array_foreach(pa, i, it) {
		const char *slot = jval_str(it, "slot"), *label, *cat, *dash;
		const json_t *mob;

		if (slot == NULL || strncmp(slot, SLOT_DISBURSED ".",
		    strlen(SLOT_DISBURSED) + 1) != 0)
			continue;
		cat = slot + strlen(SLOT_DISBURSED);	/* ".central" */
		mob = plan_item(pa, arena_printf(a, "%s%s", SLOT_MOBILISED,
		    cat));
		/* "Vốn đã giải ngân — Ngân sách trung ương": the source */
		label = jval_str(it, "label") != NULL ? jval_str(it, "label") :
		    cat + 1;
		if ((dash = strstr(label, " — ")) != NULL)
			label = dash + strlen(" — ");
		json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s}", "source", label, "plan", money(a, it, "plan",
		    c->lang), "mobilised", money(a, mob, "actual", c->lang),
		    "disbursed", money(a, it, "actual", c->lang), "share",
		    share(a, it, c->lang)));
		if (json_is_number(json_object_get(it, "share")))
			json_array_append_new(bars, json_pack("{s:s, s:O}",
			    "label", label, "value", json_object_get(it,
			    "share")));
	}
	json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:s}",
	    "source", msg_get(c->lang, "dp_reports_total"), "plan", money(a,
	    tot, "plan", c->lang), "mobilised", money(a, plan_item(pa,
	    SLOT_MOBILISED), "actual", c->lang), "disbursed", money(a, tot,
	    "actual", c->lang), "share", share(a, tot, c->lang)));
	if (json_array_size(bars) == 0) {
		json_decref(bars);
		return;
	}
	json_object_set_new(p, "chart", json_pack("{s:s, s:s, s:i, s:s, s:o}",
	    "kind", "bars", "unit", "%", "decimals", 1, "caption",
	    msg_get(c->lang, "dp_reports_chart"), "bars", bars));
}

enum err
dash_reports(const struct dash_ctx *c, json_t **panel, struct errinfo *ei)
{
	const struct rep_form *f;
	struct rep_period per;
	char pt[REP_PERIOD_TEXT];
	struct arena *a;
	json_t *view = NULL, *agg = NULL, *p;
	enum err e;

	*panel = NULL;
	if (!c->staff)
		return ERR_OK;
	if ((e = rep_form_load(c->db, PROGRESS_FORM, 0, &f, ei)) != ERR_OK)
		/* an installation without the form has no such panel */
		return e == ERR_NOTFOUND ? ERR_OK : e;
	if (strcmp(f->structure, c->structure) != 0)
		return ERR_OK;
	a = arena_new(4096);
	if (!newest_due(f, &per)) {
		p = dash_panel_new(c, "reports", "dp_reports_title", NULL);
		dash_empty(c, p, "dp_reports_empty");
		goto done;
	}
	rep_period_format(&per, pt);
	if ((e = rep_completeness(c->db, f->id, c->structure, c->code, pt,
	    c->lang, &view, ei)) != ERR_OK ||
	    (e = rep_aggregate_get(c->db, f->id, c->structure, c->code, pt,
	    c->lang, &agg, ei)) != ERR_OK) {
		json_decref(view);
		arena_free(a);
		return e;
	}
	p = dash_panel_new(c, "reports", "dp_reports_title", arena_printf(a,
	    "/reports/%s/completeness?unit=%s:%s&period=%s", f->id,
	    c->structure, c->code, pt));
	completeness_figures(c, a, p, view);
	capital(c, a, p, json_object_get(agg, "plan_actual"));
done:
	json_decref(view);
	json_decref(agg);
	arena_free(a);
	*panel = p;
	return ERR_OK;
}
