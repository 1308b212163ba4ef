/*
 * criteria_score.c - the weighted score and level of a scored set
 * (issue 19: digital readiness).  Contract in criteria.h (crit_score,
 * crit_score_json); the rules are in docs/CRITERIA.md, "Scoring, weights,
 * levels, observed indicators".
 *
 * The score is a pure function of an evaluation (crit_result): met / not
 * met and the value used are decided once, by crit_evaluate, and the score
 * only turns them into points, so a page's "met" and its points can never
 * disagree.  Partial credit is linear between a floor (the indicator's
 * min, else 0 for "at least" targets; its max for "at most" targets) and
 * the threshold: a commune at 45 % of a 60 % target earns 3/4 of the
 * weight, which is what tells it how far it is, while met / not met alone
 * would not.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/msg.h"
#include "domain/criteria/criteria_internal.h"

const char *const crit_observed_names[] = {
	"reports_on_time_share", "dossiers_on_time_share",
	"ocop_producers_selling_share", "market_online_orders",
	"survey_online_share", "smart_villages_met", NULL
};

#define LIFTS_MAX	5	/* indicators crit_score_json lists as lifts */

/* The share of the weight (0..1) a failed number earns: linear from the
 * floor to the threshold; 0 when there is no floor to measure from. */
static double
partial(const struct crit_indicator *ind, const struct crit_ind_result *r)
{
	double x = r->value.num, t = r->threshold, lo, f;

	switch (ind->op) {
	case CRIT_GE:
	case CRIT_GT:
		lo = ind->has_min ? ind->min : 0;
		if (!(t > lo))
			return 0;
		f = (x - lo) / (t - lo);
		break;
	case CRIT_LE:
	case CRIT_LT:
		if (!ind->has_max || !(ind->max > t))
			return 0;
		f = (ind->max - x) / (ind->max - t);
		break;
	default:
		return 0;
	}
	if (!(f > 0))
		return 0;
	/* A strict comparison failed exactly at its threshold. */
	return f < 1 ? f : 1;
}

/* Points of indicator i; false when it cannot be scored. */
static bool
points_of(const struct crit_set *s, const struct crit_result *r, size_t i,
    double *out)
{
	const struct crit_indicator *ind = &s->indicators[i];
	const struct crit_ind_result *ir = &r->indicators[i];

	*out = 0;
	if (ir->met < 0)
		return false;
	if (ir->met > 0)
		*out = ind->weight;
	else if ((ind->type == CRIT_NUMBER ||
	    ind->type == CRIT_CHILDREN_SHARE) && ir->value.present &&
	    ir->has_threshold)
		*out = ind->weight * partial(ind, ir);
	return true;
}

enum err
crit_score(const struct crit_set *s, const struct crit_result *r,
    struct arena *a, struct crit_score *out, struct errinfo *ei)
{
	size_t i, k;

	memset(out, 0, sizeof(*out));
	out->level = out->next_level = -1;
	if (!s->scored || s->n_levels == 0)
		return err_set(ei, ERR_INVALID, "criteria.not_scored", "set",
		    "set: bộ tiêu chí “%s” không tính điểm (không có scoring)",
		    "set: the criteria set “%s” is not scored (it has no "
		    "scoring)", s->id);
	out->indicators = arena_alloc(a, (s->n_indicators + 1) *
	    sizeof(*out->indicators));
	out->criterion_points = arena_alloc(a, (s->n_criteria + 1) *
	    sizeof(double));
	out->criterion_weights = arena_alloc(a, (s->n_criteria + 1) *
	    sizeof(double));
	for (i = 0; i < s->n_indicators; i++) {
		struct crit_ind_score *is = &out->indicators[i];
		double w = s->indicators[i].weight;
		size_t c = s->indicators[i].criterion;

		is->scored = points_of(s, r, i, &is->points);
		out->weight_total += w;
		out->criterion_weights[c] += w;
		if (!is->scored)
			out->unscored += w;
		out->score += is->points;
		out->criterion_points[c] += is->points;
	}
	out->complete = !(out->unscored > 0);
	for (k = 0; k < s->n_levels; k++)
		if (out->score >= s->levels[k].min ||
		    crit_near(out->score, s->levels[k].min))
			out->level = (int)k;
	if (out->level >= 0 && (size_t)out->level + 1 < s->n_levels) {
		out->next_level = out->level + 1;
		out->to_next = s->levels[out->next_level].min - out->score;
	}
	return ERR_OK;
}

/* ---- JSON ---- */

/* x rounded to 0.1, as an integer when it is one. */
static json_t *
pts(double x)
{
	double y = round(x * 10) / 10;

	if (y == 0)
		y = 0;	/* no "-0" */
	if (y == floor(y) && fabs(y) < 9e15)
		return json_integer((json_int_t)y);
	return json_real(y);
}

static json_t *
level_json(const struct crit_set *s, int k, bool with_min, const char *lang)
{
	const struct crit_level *l;
	json_t *o;

	if (k < 0)
		return json_null();
	l = &s->levels[k];
	o = json_pack("{s:s, s:s}", "id", l->id, "name",
	    msg_pick(lang, l->name, l->name_en));
	if (with_min)
		json_object_set_new(o, "min", pts(l->min));
	return o;
}

/* What gives indicator i its full weight: true, the passing answers, or
 * the threshold in force. */
static json_t *
needs_json(const struct crit_set *s, const struct crit_result *r, size_t i)
{
	const struct crit_indicator *ind = &s->indicators[i];
	json_t *arr;
	double x;
	size_t k;

	if (ind->type == CRIT_BOOLEAN)
		return json_true();
	if (ind->type == CRIT_ENUM) {
		arr = json_array();
		for (k = 0; k < ind->n_passing; k++)
			json_array_append_new(arr, json_string(ind->passing[k]));
		return arr;
	}
	if (!r->indicators[i].has_threshold)
		return json_null();
	x = r->indicators[i].threshold;
	if (x == floor(x) && fabs(x) < 9e15)
		return json_integer((json_int_t)x);
	return json_real(x);
}

struct lift {
	size_t i;
	double gain;
};

/* Gain descending, then document order (a stable order for equal gains). */
static int
by_gain(const void *x, const void *y)
{
	const struct lift *a = x, *b = y;

	if (a->gain != b->gain)
		return a->gain < b->gain ? 1 : -1;
	return a->i < b->i ? -1 : a->i > b->i;
}

json_t *
crit_score_json(const struct crit_set *s, const struct crit_result *r,
    const struct crit_score *sc, const char *lang)
{
	json_t *o, *pillars = json_array(), *lifts = json_array();
	struct lift *ls;
	size_t i, n = 0;

	if (!s->scored || sc == NULL || sc->indicators == NULL) {
		json_decref(pillars);
		json_decref(lifts);
		return json_null();
	}
	o = json_object();
	json_object_set_new(o, "score", pts(sc->score));
	json_object_set_new(o, "total", pts(s->score_total > 0 ?
	    s->score_total : sc->weight_total));
	json_object_set_new(o, "unscored", pts(sc->unscored));
	json_object_set_new(o, "complete", json_boolean(sc->complete));
	json_object_set_new(o, "level", level_json(s, sc->level, false, lang));
	json_object_set_new(o, "next_level",
	    level_json(s, sc->next_level, true, lang));
	json_object_set_new(o, "to_next", pts(sc->to_next));
	for (i = 0; i < s->n_criteria; i++)
		json_array_append_new(pillars, json_pack("{s:s, s:s, s:o, s:o}",
		    "id", s->criteria[i].id, "name", msg_pick(lang,
		    s->criteria[i].name, s->criteria[i].name_en),
		    "points", pts(sc->criterion_points[i]),
		    "weight", pts(sc->criterion_weights[i])));
	json_object_set_new(o, "pillars", pillars);

	/* Lifts: scored indicators short of their weight (a measured
	 * shortfall: an unknown one is reported as "unscored", not as a
	 * gain nobody can compute). */
	ls = malloc((s->n_indicators + 1) * sizeof(*ls));
	for (i = 0; ls != NULL && i < s->n_indicators; i++) {
		double gain = s->indicators[i].weight - sc->indicators[i].points;

		if (sc->indicators[i].scored && gain > 1e-9)
			ls[n++] = (struct lift){ i, gain };
	}
	if (ls != NULL)
		qsort(ls, n, sizeof(*ls), by_gain);
	for (i = 0; i < n && i < LIFTS_MAX; i++) {
		const struct crit_indicator *ind = &s->indicators[ls[i].i];

		json_array_append_new(lifts, json_pack("{s:s, s:s, s:o, s:o, "
		    "s:o, s:o}", "id", ind->id, "name", msg_pick(lang,
		    ind->name, ind->name_en),
		    "points", pts(sc->indicators[ls[i].i].points),
		    "weight", pts(ind->weight), "gain", pts(ls[i].gain),
		    "needs", needs_json(s, r, ls[i].i)));
	}
	free(ls);
	json_object_set_new(o, "lifts", lifts);
	return o;
}
