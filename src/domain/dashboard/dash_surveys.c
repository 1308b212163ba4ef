/*
 * dash_surveys.c - the satisfaction panel of a dashboard: the published
 * results of the survey campaigns of the unit and of the units inside it
 * (a commune's own campaigns; a province's or the nation's, those of its
 * communes and its own).
 *
 * No roll-up of satisfaction over communes is maintained, and an average
 * of campaigns' rates means nothing the programme uses (each campaign
 * has its own households, questions and threshold), so the panel lists
 * the campaigns: each campaign's result is surv_results' - the one the
 * public results page shows, read from the campaign's maintained tallies
 * (constant time in its responses, never a scan of them), under the same
 * disclosure rule (published once closed; a rate only with enough
 * responses).  It reads the newest DASH_SURV_READ campaigns in scope and
 * says so when there are more.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "domain/dashboard/dash_internal.h"
#include "domain/dashboard/dash_modules.h"
#include "domain/surveys/surveys_store.h"

#define DASH_SURV_READ		100	/* newest campaigns read */
#define DASH_SURV_LISTED	10	/* in the chart and the table */

/* What the published campaigns in scope add up to. */
struct surv_sum {
	long published, rated, met, responses;
	json_t *own;		/* the unit's own newest published result */
	json_t *listed;		/* newest first, at most DASH_SURV_LISTED */
};

/* A number of o, NAN when it has none. */
static double
num_of(const json_t *o, const char *key)
{
	const json_t *r = json_object_get(o, key);

	return json_is_number(r) ? json_number_value(r) : NAN;
}

/* A result's rate, NAN when it has none (not published or too few). */
static double
rate_of(const json_t *res)
{
	return num_of(res, "rate");
}

/* Is campaign row it of the unit (structure, code) itself?  (Codes of
 * the two structures may coincide.) */
static bool
is_unit(const json_t *it, const char *structure, const char *code)
{
	const char *s = jval_str(it, "structure"), *u = jval_str(it,
	    "unit_code");

	return s != NULL && u != NULL && strcmp(s, structure) == 0 &&
	    strcmp(u, code) == 0;
}

/* Add the published results of the campaigns of list to s. */
static enum err
sum_results(const struct dash_ctx *c, json_t *list, struct surv_sum *s,
    struct errinfo *ei)
{
	json_t *it, *res;
	size_t i;
	enum err e;

	json_array_foreach(json_object_get(list, "items"), i, it) {
		const char *state = jval_str(it, "state");

		if (state == NULL || strcmp(state, "closed") != 0)
			continue;
		if ((e = surv_results(c->db, jval_int(it, "id", 0), false,
		    c->lang, &res, ei)) != ERR_OK)
			return e;
		if (!json_is_true(json_object_get(res, "published"))) {
			json_decref(res);
			continue;
		}
		s->published++;
		s->responses += (long)jval_int(res, "responses", 0);
		if (!isnan(rate_of(res))) {
			s->rated++;
			s->met += json_is_true(json_object_get(res, "met"));
		}
		if (s->own == NULL && is_unit(it, c->structure, c->code))
			s->own = json_incref(res);
		if (json_array_size(s->listed) < DASH_SURV_LISTED)
			json_array_append(s->listed, res);
		json_decref(res);
	}
	return ERR_OK;
}

/* The campaign's row of the table and its bar of the chart. */
static void
list_row(const struct dash_ctx *c, struct arena *a, const json_t *res,
    json_t *rows, json_t *bars)
{
	const json_t *cp = json_object_get(res, "campaign");
	const json_t *ci = json_object_get(res, "ci");
	double rate = rate_of(res);
	const char *href = arena_printf(a, "/campaigns/%lld/results",
	    (long long)jval_int(cp, "id", 0));
	const char *label = c->level == DASH_COMMUNE ? jval_str(cp, "title") :
	    jval_str(cp, "unit_name");
	json_t *bar;

	const char *n = numfmt_int_a(a, jval_int(res, "responses", 0),
	    c->lang);

	json_array_append_new(rows, json_pack("{s:s?, s:s?, s:s, s:s, s:s, "
	    "s:s, s:s}", "unit", jval_str(cp, "unit_name"), "campaign",
	    jval_str(cp, "title"), "responses", n, "note", arena_printf(a,
	    "%s · %s", jval_str(cp, "title") != NULL ? jval_str(cp, "title") :
	    "", msg_formata(a, c->lang, "dp_surveys_n_responses", &n, 1)),
	    "rate", isnan(rate) ? msg_get(c->lang,
	    "dp_surveys_suppressed") : numfmt_pct_a(a, rate, c->lang), "met",
	    isnan(rate) ? "—" : msg_get(c->lang, json_is_true(json_object_get(
	    res, "met")) ? "dp_yes" : "dp_no"), "href", href));
	if (isnan(rate))
		return;
	bar = json_pack("{s:s, s:f, s:s}", "label", label != NULL ? label : "",
	    "value", rate, "href", href);
	/* the whiskers of the 95 % interval, as the results page draws */
	if (json_array_size(ci) == 2) {
		json_object_set(bar, "lo", json_array_get(ci, 0));
		json_object_set(bar, "hi", json_array_get(ci, 1));
	}
	json_array_append_new(bars, bar);
}

/* The figures, the chart and the table of s on panel p. */
static void
fill(const struct dash_ctx *c, struct arena *a, const struct surv_sum *s,
    long total, json_t *p)
{
	/* the campaign and its responses are the line under the unit's
	 * name: three columns read on a 360-px phone */
	static const char *const keys[] = { "unit", "rate", "met" };
	const char *labels[3], *newest = NULL;
	json_t *table, *bars = json_array(), *it;
	double threshold = NAN;
	size_t i;

	if (total > DASH_SURV_READ) {
		const char *n = numfmt_int_a(a, DASH_SURV_READ, c->lang);

		newest = msg_formata(a, c->lang, "dp_surveys_newest", &n, 1);
	}
	if (s->own != NULL && !isnan(rate_of(s->own)))
		dash_figure(p, "rate", msg_get(c->lang, "dp_surveys_rate"),
		    rate_of(s->own), numfmt_pct_a(a, rate_of(s->own), c->lang),
		    -1, jval_str(json_object_get(s->own, "campaign"), "title"));
	dash_figure(p, "campaigns", msg_get(c->lang, "dp_surveys_campaigns"),
	    (double)s->published, numfmt_int_a(a, s->published, c->lang), -1,
	    newest);
	dash_figure(p, "met", msg_get(c->lang, "dp_surveys_met"),
	    (double)s->met, numfmt_int_a(a, s->met, c->lang), (double)s->rated,
	    NULL);
	dash_figure(p, "responses", msg_get(c->lang, "dp_surveys_responses"),
	    (double)s->responses, numfmt_int_a(a, s->responses, c->lang), -1,
	    NULL);
	labels[0] = msg_get(c->lang, "dp_surveys_unit");
	labels[1] = msg_get(c->lang, "dp_surveys_rate_col");
	labels[2] = msg_get(c->lang, "dp_surveys_met_col");
	table = dash_table(p, keys, labels, 3);
	json_array_foreach(s->listed, i, it) {
		double t = num_of(json_object_get(it, "campaign"),
		    "threshold");

		list_row(c, a, it, json_object_get(table, "rows"), bars);
		/* one dashed line when every campaign asks the same */
		threshold = i == 0 || t == threshold ? t : NAN;
	}
	if (json_array_size(bars) == 0) {
		json_decref(bars);
		return;
	}
	json_object_set_new(p, "chart", json_pack("{s:s, s:s, s:i, s:f, s:s, "
	    "s:o}", "kind", "bars", "unit", "%", "decimals", 1, "max", 100.0,
	    "caption", msg_get(c->lang, "dp_surveys_chart"), "bars", bars));
	if (!isnan(threshold))
		json_object_set_new(json_object_get(p, "chart"), "threshold",
		    json_real(threshold));
}

enum err
dash_surveys(const struct dash_ctx *c, json_t **panel, struct errinfo *ei)
{
	struct surv_sum s = { .listed = json_array() };
	struct arena *a;
	json_t *list, *p;
	const char *link = NULL;
	enum err e;

	*panel = NULL;
	if ((e = surv_campaign_list(c->db, c->structure, c->code,
	    DASH_SURV_READ, 0, &list, ei)) != ERR_OK) {
		json_decref(s.listed);
		return e;
	}
	if ((e = sum_results(c, list, &s, ei)) != ERR_OK)
		goto done;
	a = arena_new(4096);
	/* the page it summarises: the newest published result (the unit's
	 * own first) */
	if (json_array_size(s.listed) > 0)
		link = arena_printf(a, "/campaigns/%lld/results", (long long)
		    jval_int(json_object_get(s.own != NULL ? s.own :
		    json_array_get(s.listed, 0), "campaign"), "id", 0));
	p = dash_panel_new(c, "surveys", "dp_surveys_title", link);
	if (s.published == 0)
		dash_empty(c, p, "dp_surveys_empty");
	else
		fill(c, a, &s, (long)jval_int(list, "total", 0), p);
	arena_free(a);
	if (c->level == DASH_NATION || c->level == DASH_PROVINCE)
		json_object_set_new(p, "map_link", json_string(
		    "satisfaction_rate"));
	*panel = p;
done:
	json_decref(list);
	json_decref(s.own);
	json_decref(s.listed);
	return e;
}
