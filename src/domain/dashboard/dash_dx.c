/*
 * dash_dx.c - the digital-readiness panel of a dashboard (issue 19,
 * docs/DIGITAL.md section 4), for every unit of the 2025 structure:
 *   the nation, a province  communes assessed, the average score, the
 *                           share at the two top levels, and the assessed
 *                           communes by level (bars); links to the
 *                           digital page and the map of dx_score;
 *   a commune               its score, level and ranks, linking to its
 *                           digital page.
 * It reads the national picture (dx_picture_get), the one snapshot the
 * digital pages and the maps read, so the three add up the same; the
 * picture reads only tokens DASH_META_VERSION already holds (units,
 * criteria, reporting, dossiers, OCOP, market, surveys), so the cached
 * dashboard moves with it.  The year is the dashboard's when a readiness
 * set applies in it, else this year's set and year.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "domain/dashboard/dash_internal.h"
#include "domain/dashboard/dash_modules.h"
#include "domain/dx/dx.h"

/* The picture of the dashboard's year (or this year); *p NULL when no
 * readiness set applies to either. */
static enum err
picture_for(const struct dash_ctx *c, const struct dx_picture **p,
    struct errinfo *ei)
{
	char id[CRIT_ID_MAX + 1], today[DATE_LEN];
	int year = c->year;
	enum err e;

	*p = NULL;
	e = dx_current_set(c->db, year, id, sizeof id, ei);
	if (e == ERR_NOTFOUND) {
		year = (int)strtol(date_today(today), NULL, 10);
		e = dx_current_set(c->db, year, id, sizeof id, ei);
	}
	if (e == ERR_NOTFOUND)
		return ERR_OK;
	if (e != ERR_OK)
		return e;
	return dx_picture_get(c->db, id, 0, year, p, ei);
}

static const char *
level_name(const struct dash_ctx *c, const struct crit_set *s, int level)
{
	if (level < 0 || (size_t)level >= s->n_levels)
		return NULL;
	return msg_pick(c->lang, s->levels[level].name,
	    s->levels[level].name_en);
}

/* The address of a unit's digital page for the picture's set and year. */
static const char *
digital_href(struct arena *a, const struct dx_picture *p, const char *code)
{
	return arena_printf(a, "/units/2025/%s/digital?year=%d&set=%s", code,
	    p->year, p->set->id);
}

static void
commune_panel(const struct dash_ctx *c, const struct dx_picture *p,
    struct arena *a, json_t **panel)
{
	const struct dx_commune *m = NULL;
	const char *args[2];

	for (size_t i = 0; i < p->n_communes; i++)
		if (strcmp(p->communes[i].code, c->code) == 0)
			m = &p->communes[i];
	*panel = dash_panel_new(c, "digital", "dxp_panel_title",
	    digital_href(a, p, c->code));
	if (m == NULL || isnan(m->score) || m->level < 0) {
		dash_empty(c, *panel, "dxp_panel_empty_commune");
		return;
	}
	args[0] = numfmt_num_a(a, p->set->score_total > 0 ?
	    p->set->score_total : 100, c->lang);
	/* rounded to 0.1 as the pages and the API show it */
	dash_figure(*panel, "score", msg_get(c->lang, "dxp_score"),
	    round(m->score * 10) / 10, numfmt_num_a(a, round(m->score * 10) /
	    10, c->lang), -1, msg_formata(a, c->lang, "dxp_of_total", args,
	    1));
	dash_figure(*panel, "level", msg_get(c->lang, "dxp_level"), NAN,
	    level_name(c, p->set, m->level), -1, m->complete ? NULL :
	    msg_get(c->lang, "dxp_incomplete"));
	args[0] = numfmt_int_a(a, m->province_rank, c->lang);
	dash_figure(*panel, "province_rank", msg_get(c->lang,
	    "dxp_province_rank"), m->province_rank, args[0], -1, NULL);
	args[0] = numfmt_int_a(a, m->rank, c->lang);
	dash_figure(*panel, "rank", msg_get(c->lang, "dxp_nation_rank"),
	    m->rank, args[0], -1, NULL);
}

static void
scope_panel(const struct dash_ctx *c, const struct dx_picture *p,
    const struct dx_scope *sc, struct arena *a, json_t **panel)
{
	size_t n = p->set->n_levels;
	long top = 0;
	json_t *bars;
	const char *href = digital_href(a, p, c->level == DASH_NATION ? "VN" :
	    c->code);

	*panel = dash_panel_new(c, "digital", "dxp_panel_title", href);
	json_object_set_new(*panel, "map_link", json_string("dx_score"));
	if (sc == NULL || sc->assessed == 0) {
		dash_empty(c, *panel, "dxp_panel_empty");
		return;
	}
	dash_figure(*panel, "assessed", msg_get(c->lang, "dxp_assessed"),
	    (double)sc->assessed, numfmt_int_a(a, sc->assessed, c->lang),
	    (double)sc->communes, NULL);
	dash_figure(*panel, "score_avg", msg_get(c->lang, "dxp_score_avg"),
	    round(sc->score_avg * 10) / 10, numfmt_num_a(a, round(
	    sc->score_avg * 10) / 10, c->lang), -1, NULL);
	for (size_t l = n >= 2 ? n - 2 : 0; l < n; l++)
		top += sc->by_level[l];
	dash_figure(*panel, "advanced_share", msg_get(c->lang,
	    "dxp_advanced_share"), round(1000.0 * (double)top /
	    (double)sc->assessed) / 10, numfmt_pct_a(a, 100.0 * (double)top /
	    (double)sc->assessed, c->lang), -1, NULL);
	bars = json_array();
	for (size_t l = 0; l < n; l++)
		json_array_append_new(bars, json_pack("{s:s, s:I}", "label",
		    level_name(c, p->set, (int)l), "value",
		    (json_int_t)sc->by_level[l]));
	json_object_set_new(*panel, "chart", json_pack(
	    "{s:s, s:i, s:s, s:o}", "kind", "bars", "decimals", 0, "caption",
	    msg_get(c->lang, "dxp_chart_levels"), "bars", bars));
}

enum err
dash_dx(const struct dash_ctx *c, json_t **panel, struct errinfo *ei)
{
	const struct dx_picture *p;
	const struct dx_scope *sc = NULL;
	struct arena *a;
	enum err e;

	*panel = NULL;
	if (strcmp(c->structure, "2025") != 0 || c->level == DASH_DISTRICT)
		return ERR_OK;
	if ((e = picture_for(c, &p, ei)) != ERR_OK || p == NULL)
		return e;
	a = arena_new(2048);
	if (c->level == DASH_COMMUNE)
		commune_panel(c, p, a, panel);
	else {
		if (c->level == DASH_NATION)
			sc = &p->nation;
		for (size_t i = 0; sc == NULL && i < p->n_provinces; i++)
			if (strcmp(p->provinces[i].code, c->code) == 0)
				sc = &p->provinces[i];
		scope_panel(c, p, sc, a, panel);
	}
	arena_free(a);
	dx_picture_release(p);
	return ERR_OK;
}
