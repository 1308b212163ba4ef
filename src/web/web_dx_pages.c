/*
 * web_dx_pages.c - the pages of digital readiness (issue 19,
 * docs/DIGITAL.md section 4):
 *
 *   GET /units/{structure}/{code}/digital?year=&set=&sort=&dir=&map=&limit=&offset=
 *       a commune: its score and level, the pillars, every indicator with
 *       its value (typed and observed side by side, observed ones with
 *       how the platform computed them), the gap to the next level and
 *       what would lift it most, its ranks, its trend, links to entry;
 *       a province or the nation: the communes by level (per province
 *       for the nation), the provinces' map, the ranking (sort, pages)
 *   GET /chuyen-doi-so            the nation, for the current set and year
 *   GET …/digital/export.csv|xlsx the table the page shows (?list=)
 *
 * The JSON of the same addresses under /api/v1 is web_dx_api.c's (the
 * dxstore branch): the pages render dx_commune_json / dx_rollup_json and
 * add only what a logic-less template needs (numbers as people read
 * them, names for levels, links).  Every figure comes from the national
 * picture (dx.h), the one snapshot the maps and the dashboards read.
 * The pages are public and depend on the version tokens (DX_META_VERSION)
 * and today (the default year) alone, so their bodies are cached.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "domain/criteria/criteria_store.h"
#include "domain/dashboard/dashboard.h"
#include "domain/dx/dx.h"
#include "domain/units/units.h"
#include "web/web.h"
#include "web/web_chart.h"
#include "web/web_criteria_internal.h"
#include "web/web_dashboard.h"
#include "web/web_internal.h"

#define DXP_LIMIT	50	/* communes of the ranking on a page */

static enum err dxp_page(struct req *, struct web *, json_t *,
    struct errinfo *);
static enum err dxp_national(struct req *, struct web *, json_t *,
    struct errinfo *);
static enum err dxp_csv(struct req *, struct web *, json_t *,
    struct errinfo *);
static enum err dxp_xlsx(struct req *, struct web *, json_t *,
    struct errinfo *);

static const char *const sort_choices[] = { "rank", "name", "province",
	"score", NULL };
static const char *const dir_choices[] = { "asc", "desc", NULL };
static const char *const map_choices[] = { "dx_score", "dx_advanced_share",
	NULL };
static const char *const list_choices[] = { "ranking", "provinces",
	"indicators", NULL };

#define DXP_QUERY \
	{ "year", Q_INT, CRITW_YEAR_MIN, CRITW_YEAR_MAX, 0, NULL }, \
	{ "set", Q_TEXT, 0, 0, CRIT_ID_MAX, NULL }, \
	{ "sort", Q_CHOICE, 0, 0, 0, sort_choices }, \
	{ "dir", Q_CHOICE, 0, 0, 0, dir_choices }

static const struct qfield page_query[] = { DXP_QUERY,
	{ "map", Q_CHOICE, 0, 0, 0, map_choices }, QF_LIMIT, QF_OFFSET };
static const struct qfield export_query[] = { DXP_QUERY,
	{ "map", Q_CHOICE, 0, 0, 0, map_choices }, QF_LIMIT, QF_OFFSET,
	{ "list", Q_CHOICE, 0, 0, 0, list_choices } };

#define DIGITAL_PATH "/units/{structure}/{code}/digital"

const struct route dx_page_routes[] = {
	{ .method = "GET", .pattern = DIGITAL_PATH, .flags = ROUTE_HTML |
	  ROUTE_PAGE_CACHE | ROUTE_DATED, .tmpl = "dx/digital",
	  .fn = dxp_page, QUERY(page_query), .version_key = DX_META_VERSION,
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/chuyen-doi-so", .flags = ROUTE_HTML |
	  ROUTE_PAGE_CACHE | ROUTE_DATED, .tmpl = "dx/digital",
	  .fn = dxp_national, QUERY(page_query),
	  .version_key = DX_META_VERSION, .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = DIGITAL_PATH "/export.csv",
	  .flags = ROUTE_RAW, .fn = dxp_csv, QUERY(export_query),
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = DIGITAL_PATH "/export.xlsx",
	  .flags = ROUTE_RAW, .fn = dxp_xlsx, QUERY(export_query),
	  .roles = ROLES_PUBLIC },
	{ .method = NULL }
};

/* What a page is about: the unit, the set and the year. */
struct dxp_ctx {
	const char *structure, *code;
	struct unit unit;
	bool commune;
	int year;
	char set[CRIT_ID_MAX + 1];
	const struct crit_set *s;
};

/* The unit the path names. */
static enum err
ctx_resolve(struct req *r, struct web *w, struct dxp_ctx *c,
    struct errinfo *ei)
{
	enum err e;

	if ((e = units_get(w->db, r->arena, c->structure, c->code, &c->unit,
	    ei)) != ERR_OK)
		return e;
	c->commune = strcmp(c->unit.level, "commune") == 0;
	if (!c->commune && strcmp(c->unit.level, "country") != 0 &&
	    strcmp(c->unit.level, "province") != 0)
		return err_set(ei, ERR_NOTFOUND, "dx.not_scored_level", "code",
		    "Chỉ số chuyển đổi số chỉ đánh giá cấp xã, tổng hợp theo "
		    "tỉnh và cả nước",
		    "Digital readiness is assessed for communes and summed "
		    "by province and for the nation");
	return ERR_OK;
}

/* The set and year the picture answered for (the query's, else the set
 * in force and this year within its years: dx_json.c decides), and a
 * set the query names that is not stored as the query's fault (422
 * naming "set", as the API says). */
static enum err
ctx_answered(struct web *w, struct dxp_ctx *c, enum err e, const json_t *out,
    struct errinfo *ei)
{
	const char *set = web_qtext(w, "set");

	if (e == ERR_NOTFOUND && set != NULL && strcmp(ei->field, "set") != 0 &&
	    strncmp(ei->code, "criteria.", 9) == 0)
		return err_set(ei, ERR_INVALID, "dx.unknown_set", "set",
		    "Không có bộ tiêu chí %s", "No criteria set %s", set);
	if (e != ERR_OK)
		return e;
	snprintf(c->set, sizeof c->set, "%s", jval_str(json_object_get(out,
	    "set"), "id") ? jval_str(json_object_get(out, "set"), "id") : "");
	c->year = (int)jval_int(out, "year", 0);
	if ((e = crit_store_load(w->db, c->set, 0, &c->s, ei)) != ERR_OK)
		return e;
	/* the picture is of the set's structure: a unit of another (an old
	 * province sharing a code) has no readiness */
	if (c->s->structure != NULL && strcmp(c->s->structure, c->structure) !=
	    0)
		return err_set(ei, ERR_NOTFOUND, "dx.not_scored_level", "code",
		    "Chỉ số chuyển đổi số chỉ đánh giá các xã của cấu trúc %s",
		    "Digital readiness is assessed for the communes of the %s "
		    "structure", c->s->structure);
	return ERR_OK;
}

/* A JSON member that is a text, or an object with a "name". */
static const char *
name_of(const json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	return jval_str(v, "name");
}

static json_t *
num_text(struct req *r, struct web *w, const json_t *v)
{
	if (!json_is_number(v))
		return json_string("—");
	return json_string(numfmt_num_a(r->arena, json_number_value(v),
	    w->lang));
}

/* The address of a unit's digital page for the page's set and year. */
static const char *
digital_href(struct req *r, const struct dxp_ctx *c, const char *code,
    int year)
{
	return arena_printf(r->arena, "/units/%s/%s/digital?year=%d&set=%s",
	    c->structure, code, year, c->set);
}

/* The years of the set, each a link, the page's marked. */
static json_t *
year_links(struct req *r, const struct dxp_ctx *c)
{
	json_t *ys = json_array();

	for (int y = c->s->year_from; y <= c->s->year_to; y++)
		json_array_append_new(ys, json_pack("{s:i, s:s, s:b}", "year",
		    y, "href", digital_href(r, c, c->code, y), "current",
		    y == c->year));
	return ys;
}

/* The set's levels in lang, lowest first, with their minimum score. */
static json_t *
levels_view(struct req *r, struct web *w, const struct crit_set *s)
{
	json_t *ls = json_array();

	for (size_t i = 0; i < s->n_levels; i++)
		json_array_append_new(ls, json_pack("{s:s, s:s, s:s}", "id",
		    s->levels[i].id, "name", msg_pick(w->lang, s->levels[i].name,
		    s->levels[i].name_en), "min_text", numfmt_num_a(r->arena,
		    s->levels[i].min, w->lang)));
	return ls;
}

/* "Cơ bản ≥ 0; Khá ≥ 40; ..." */
static const char *
levels_text(struct req *r, struct web *w, const struct crit_set *s)
{
	const char *t = "";

	for (size_t i = 0; i < s->n_levels; i++)
		t = arena_printf(r->arena, "%s%s%s ≥ %s", t, i ? "; " : "",
		    msg_pick(w->lang, s->levels[i].name, s->levels[i].name_en),
		    numfmt_num_a(r->arena, s->levels[i].min, w->lang));
	return t;
}

/* ---- a commune ---- */

/* The observed entry of indicator id in the commune's JSON, or NULL. */
static const json_t *
observed_of(const json_t *view, const char *id)
{
	const json_t *o;
	size_t i;

	json_array_foreach(json_object_get(view, "observed"), i, o)
		if (jval_str(o, "id") != NULL && strcmp(jval_str(o, "id"), id) ==
		    0)
			return o;
	return NULL;
}

/* Each pillar (criterion) with its points and its indicators: value,
 * threshold, weight, met, and where the value comes from. */
static void
pillars_view(struct req *r, struct web *w, const struct dxp_ctx *c,
    json_t *view)
{
	const json_t *eval = json_object_get(view, "evaluation");
	const json_t *score = json_object_get(view, "score");
	json_t *pillars = json_array(), *crit, *ind, *pl;
	size_t i, j;

	json_array_foreach(json_object_get(eval, "criteria"), i, crit) {
		json_t *inds = json_array();

		pl = json_array_get(json_object_get(score, "pillars"), i);
		json_array_foreach(json_object_get(crit, "indicators"), j,
		    ind) {
			const char *id = jval_str(ind, "id");
			const json_t *obs = id ? observed_of(view, id) : NULL;
			long slot = id ? crit_slot(c->s, id) : -1;
			const char *unit = jval_str(ind, "unit");
			json_t *v = json_object_get(ind, "value"), *row;
			const char *value;

			if (json_is_boolean(v))
				value = msg_get(w->lang, json_is_true(v) ?
				    "dxp_yes" : "dxp_no");
			else if (json_is_number(v))
				value = arena_printf(r->arena, "%s%s%s",
				    numfmt_num_a(r->arena, json_number_value(v),
				    w->lang), unit ? "\u00a0" : "", unit ? unit :
				    "");
			else if (json_is_string(v))
				value = json_string_value(v);
			else
				value = "—";
			row = json_pack("{s:s?, s:s?, s:s, s:s?, s:b, s:b, s:b}",
			    "id", id, "name", jval_str(ind, "name"), "value_text",
			    value, "explanation", jval_str(ind, "explanation"),
			    "met", json_is_true(json_object_get(ind, "met")),
			    "failed", json_is_false(json_object_get(ind, "met")),
			    "observed", obs != NULL || json_is_string(
			    json_object_get(ind, "observed")));
			if (json_is_number(json_object_get(ind, "threshold")))
				json_object_set_new(row, "threshold_text",
				    json_string(arena_printf(r->arena, "%s %s%s%s",
				    critw_op_sign(jval_str(ind, "op")),
				    numfmt_num_a(r->arena, json_number_value(
				    json_object_get(ind, "threshold")),
				    w->lang), unit ? "\u00a0" : "", unit ? unit :
				    "")));
			if (slot >= 0 && (size_t)slot < c->s->n_indicators)
				json_object_set_new(row, "weight_text",
				    json_string(numfmt_num_a(r->arena,
				    c->s->indicators[slot].weight, w->lang)));
			if (obs != NULL)
				json_object_set_new(row, "method", jval_string(
				    jval_str(obs, "method")));
			json_array_append_new(inds, row);
		}
		json_array_append_new(pillars, json_pack(
		    "{s:s?, s:s?, s:o, s:o, s:o}", "id", jval_str(crit, "id"),
		    "name", jval_str(crit, "name"), "points_text", num_text(r, w,
		    json_object_get(pl, "points")), "weight_text", num_text(r,
		    w, json_object_get(pl, "weight")), "indicators", inds));
	}
	json_object_set_new(view, "pillars_view", pillars);
}

/* The score, level, gap and lifts as the page reads them. */
static void
score_view(struct req *r, struct web *w, json_t *view)
{
	json_t *score = json_object_get(view, "score"), *lift;
	json_t *lifts = json_array();
	const json_t *next = json_object_get(score, "next_level");
	size_t i;

	json_object_set_new(view, "score_text", num_text(r, w,
	    json_object_get(score, "score")));
	json_object_set_new(view, "total_text", num_text(r, w,
	    json_object_get(score, "total")));
	json_object_set_new(view, "level_name", jval_string(name_of(
	    json_object_get(score, "level"))));
	json_object_set_new(view, "complete", json_boolean(json_is_true(
	    json_object_get(score, "complete"))));
	if (json_is_object(next))
		json_object_set_new(view, "next", json_pack("{s:s?, s:o}",
		    "name", jval_str(next, "name"), "to_next_text", num_text(r,
		    w, json_object_get(score, "to_next"))));
	/* a lift worth less than the 0.1 the page shows says nothing */
	json_array_foreach(json_object_get(score, "lifts"), i, lift) {
		if (!json_is_number(json_object_get(lift, "gain")) ||
		    json_number_value(json_object_get(lift, "gain")) < 0.05)
			continue;
		json_object_set_new(lift, "gain_text", num_text(r, w,
		    json_object_get(lift, "gain")));
		if (json_object_get(lift, "needs") != NULL)
			json_object_set_new(lift, "needs_text", num_text(r, w,
			    json_object_get(lift, "needs")));
		json_array_append(lifts, lift);
	}
	json_object_set_new(view, "lifts", lifts);
	json_object_set_new(view, "rank_text", num_text(r, w,
	    json_object_get(view, "rank")));
	json_object_set_new(view, "province_rank_text", num_text(r, w,
	    json_object_get(view, "province_rank")));
	if (json_is_integer(json_object_get(view, "ranked")))
		json_object_set_new(view, "ranked_text", json_string(msg_formata(
		    r->arena, w->lang, "dxp_of_ranked", (const char *[]){
		    numfmt_int_a(r->arena, jval_int(view, "ranked", 0),
		    w->lang) }, 1)));
	if (json_is_integer(json_object_get(view, "province_ranked")))
		json_object_set_new(view, "province_ranked_text", json_string(
		    msg_formata(r->arena, w->lang, "dxp_of_ranked",
		    (const char *[]){ numfmt_int_a(r->arena, jval_int(view,
		    "province_ranked", 0), w->lang) }, 1)));
}

/* The trend over the years as a line (the chart module) and its numbers
 * as a table under it. */
static void
trend_view(struct req *r, struct web *w, const struct dxp_ctx *c,
    json_t *view)
{
	const json_t *trend = json_object_get(view, "trend"), *t;
	json_t *x = json_array(), *vals = json_array(), *chart;
	size_t i;

	if (json_array_size(trend) == 0)
		return;
	json_array_foreach(trend, i, t) {
		json_array_append_new(x, json_string(arena_printf(r->arena,
		    "%lld", (long long)jval_int(t, "year", 0))));
		json_array_append_new(vals, json_is_number(json_object_get(t,
		    "score")) ? json_real(json_number_value(json_object_get(t,
		    "score"))) : json_null());
	}
	chart = json_pack("{s:s, s:i, s:f, s:o, s:[{s:s, s:o}]}", "kind",
	    "line", "decimals", 1, "max", c->s->score_total > 0 ?
	    c->s->score_total : 100.0, "x", x, "series", "name",
	    msg_get(w->lang, "dxp_score"), "values", vals);
	json_object_set_new(view, "trend_svg", json_string(web_chart_json(r,
	    w, "chart-trend", msg_get(w->lang, "dxp_trend"), chart)));
	json_object_set_new(view, "trend_table", dash_chart_numbers(chart,
	    w->lang));
	json_decref(chart);
}

static enum err
commune_page(struct req *r, struct web *w, struct dxp_ctx *c,
    json_t *view, struct errinfo *ei)
{
	json_t *out;
	enum err e;

	e = dx_commune_json(w->db, web_qtext(w, "set"), (int)web_qint(w,
	    "year", 0), c->code, w->lang, &out, ei);
	if ((e = ctx_answered(w, c, e, out, ei)) != ERR_OK) {
		json_decref(out);
		return e;
	}
	jval_merge(view, out);
	json_object_set_new(view, "is_commune", json_true());
	pillars_view(r, w, c, view);
	score_view(r, w, view);
	trend_view(r, w, c, view);
	json_object_set_new(view, "links", json_pack("{s:s, s:s, s:s}",
	    "entry", arena_printf(r->arena, "/units/%s/%s/indicators/%s/%d",
	    c->structure, c->code, c->set, c->year),
	    "evaluation", arena_printf(r->arena,
	    "/units/%s/%s/evaluation/%s/%d", c->structure, c->code, c->set,
	    c->year),
	    "dashboard", arena_printf(r->arena, "/units/%s/%s/dashboard",
	    c->structure, c->code)));
	return ERR_OK;
}

/* ---- a province or the nation ---- */

/* The ranking in the order the query asks: the store's rank order
 * (already paged), or every commune sorted here and then paged. */
static bool
sorted_here(struct web *w)
{
	const char *sort = web_qtext(w, "sort"), *dir = web_qtext(w, "dir");

	return (sort != NULL && strcmp(sort, "rank") != 0) ||
	    (dir != NULL && strcmp(dir, "desc") == 0);
}

static void
ranking_sort(struct web *w, json_t *view, long limit, long offset)
{
	const char *sort = web_qtext(w, "sort"), *dir = web_qtext(w, "dir");
	json_t *rk = json_object_get(view, "ranking"), *page;
	bool desc = dir != NULL && strcmp(dir, "desc") == 0;

	if (sort == NULL || strcmp(sort, "rank") == 0)
		crit_rows_sort(rk, "rank", desc);
	else if (strcmp(sort, "score") == 0)
		crit_rows_sort(rk, "score", dir == NULL || desc);
	else
		crit_rows_sort(rk, strcmp(sort, "name") == 0 ? "name" :
		    "province_name", desc);
	if (limit <= 0)
		return;
	page = json_array();
	for (size_t i = (size_t)offset; i < json_array_size(rk) &&
	    i < (size_t)(offset + limit); i++)
		json_array_append(page, json_array_get(rk, i));
	json_object_set_new(view, "ranking", page);
}

/* The address of the page with sort, direction and offset changed. */
static const char *
page_href(struct req *r, struct web *w, const struct dxp_ctx *c,
    const char *sort, const char *dir, long offset)
{
	const char *map = web_qtext(w, "map");
	long limit = (long)web_qint(w, "limit", 0);

	return arena_printf(r->arena, "%s&sort=%s&dir=%s%s%s%s&offset=%ld"
	    "#ranking", digital_href(r, c, c->code, c->year), sort, dir,
	    map ? "&map=" : "", map ? map : "", limit ? arena_printf(r->arena,
	    "&limit=%ld", limit) : "", offset);
}

/* Each column's sort link: the same column again flips the direction. */
static void
sort_links(struct req *r, struct web *w, const struct dxp_ctx *c,
    json_t *view)
{
	const char *sort = web_qtext(w, "sort"), *dir = web_qtext(w, "dir");
	json_t *sorts = json_object();

	if (sort == NULL)
		sort = "rank";
	for (size_t i = 0; sort_choices[i] != NULL; i++) {
		const char *k = sort_choices[i];
		bool on = strcmp(k, sort) == 0;
		bool desc = on ? (dir != NULL ? strcmp(dir, "desc") == 0 :
		    strcmp(k, "score") == 0) : false;

		json_object_set_new(sorts, k, json_pack("{s:s, s:s, s:s}",
		    "href", page_href(r, w, c, k, on && !desc ? "desc" :
		    (on || strcmp(k, "score") != 0 ? "asc" : "desc"), 0),
		    "aria", on ? (desc ? "descending" : "ascending") : "none",
		    "mark", on ? (desc ? " ▼" : " ▲") : ""));
	}
	json_object_set_new(view, "sorts", sorts);
}

/* The ranking's rows as the page reads them, and its pager. */
static void
ranking_view(struct req *r, struct web *w, const struct dxp_ctx *c,
    json_t *view, long limit, long offset)
{
	json_t *row;
	long total = (long)jval_int(view, "ranking_total", 0);
	const char *sort = web_qtext(w, "sort"), *dir = web_qtext(w, "dir");
	size_t i;

	json_array_foreach(json_object_get(view, "ranking"), i, row) {
		json_object_set_new(row, "score_text", num_text(r, w,
		    json_object_get(row, "score")));
		json_object_set_new(row, "level_name", jval_string(name_of(
		    json_object_get(row, "level"))));
		json_object_set_new(row, "page_href", json_string(digital_href(
		    r, c, jval_str(row, "code"), c->year)));
		json_object_set_new(row, "rank_text", num_text(r, w,
		    json_object_get(row, "rank")));
	}
	if (sort == NULL)
		sort = "rank";
	if (dir == NULL)
		dir = strcmp(sort, "score") == 0 ? "desc" : "asc";
	sort_links(r, w, c, view);
	json_object_set_new(view, "pager", json_pack("{s:s?, s:s?, s:s}",
	    "prev", offset > 0 ? page_href(r, w, c, sort, dir, offset > limit ?
	    offset - limit : 0) : NULL, "next", offset + limit < total ?
	    page_href(r, w, c, sort, dir, offset + limit) : NULL, "text",
	    msg_formata(r->arena, w->lang, "dxp_pager", (const char *[]){
	    numfmt_int_a(r->arena, total ? offset + 1 : 0, w->lang),
	    numfmt_int_a(r->arena, offset + (long)json_array_size(
	    json_object_get(view, "ranking")), w->lang),
	    numfmt_int_a(r->arena, total, w->lang) }, 3)));
}

/* The scope's communes by level, and each province's (the nation). */
static void
levels_tables(struct req *r, struct web *w, const struct dxp_ctx *c,
    json_t *view)
{
	json_t *bl, *ch;
	size_t i, j;

	json_array_foreach(json_object_get(view, "by_level"), i, bl) {
		json_object_set_new(bl, "count_text", json_string(numfmt_int_a(
		    r->arena, jval_int(bl, "count", 0), w->lang)));
		json_object_set_new(bl, "share_text", json_is_number(
		    json_object_get(bl, "share")) ? json_string(numfmt_pct_a(
		    r->arena, json_number_value(json_object_get(bl, "share")),
		    w->lang)) : json_string("—"));
	}
	json_array_foreach(json_object_get(view, "children"), i, ch) {
		json_t *cells = json_array(), *n;

		json_array_foreach(json_object_get(ch, "by_level"), j, n)
			json_array_append_new(cells, json_pack("{s:s}", "text",
			    numfmt_int_a(r->arena, (long long)json_integer_value(
			    n), w->lang)));
		json_object_set_new(ch, "level_cells", cells);
		json_object_set_new(ch, "score_avg_text", num_text(r, w,
		    json_object_get(ch, "score_avg")));
		json_object_set_new(ch, "communes_text", json_string(
		    numfmt_int_a(r->arena, jval_int(ch, "communes", 0),
		    w->lang)));
		json_object_set_new(ch, "assessed_text", json_string(
		    numfmt_int_a(r->arena, jval_int(ch, "assessed", 0),
		    w->lang)));
		json_object_set_new(ch, "page_href", json_string(digital_href(
		    r, c, jval_str(ch, "code"), c->year)));
	}
}

/* The provinces' map of the indicator the query picks, the scope's
 * province outlined; links to the other indicator and the map page. */
static void
map_view(struct req *r, struct web *w, const struct dxp_ctx *c,
    json_t *view)
{
	const char *ind = web_qtext(w, "map"), *svg;
	json_t *choices = json_array();

	if (ind == NULL)
		ind = "dx_score";
	svg = web_dash_map(r, w, "2025", ind, c->year, c->commune ||
	    strcmp(c->code, "VN") == 0 ? NULL : c->code);
	if (svg[0] == '\0')
		return;
	for (size_t i = 0; map_choices[i] != NULL; i++)
		json_array_append_new(choices, json_pack("{s:s, s:s, s:b}",
		    "label", msg_get(w->lang, arena_printf(r->arena, "map_ind_%s",
		    map_choices[i])), "href", arena_printf(r->arena,
		    "%s&map=%s#map", digital_href(r, c, c->code, c->year),
		    map_choices[i]), "current", strcmp(map_choices[i], ind) ==
		    0));
	json_object_set_new(view, "map", json_pack("{s:s, s:s, s:o}", "svg",
	    svg, "href", arena_printf(r->arena, "/maps/2025/%s/%d", ind,
	    c->year), "choices", choices));
}

/* Each ranked commune's province by name (the nation's children are
 * its provinces; a province's communes are all its own). */
static void
province_names(json_t *view)
{
	const json_t *scope = json_object_get(view, "scope");
	json_t *row, *ch;
	size_t i, j;

	json_array_foreach(json_object_get(view, "ranking"), i, row) {
		const json_t *p = json_object_get(row, "province");
		const char *name = json_is_object(p) ? jval_str(p, "name") : NULL;
		const char *code = json_is_string(p) ? json_string_value(p) :
		    jval_str(p, "code");

		json_array_foreach(json_object_get(view, "children"), j, ch)
			if (name == NULL && code != NULL && jval_str(ch, "code")
			    != NULL && strcmp(jval_str(ch, "code"), code) == 0)
				name = jval_str(ch, "name");
		if (name == NULL && code != NULL && jval_str(scope, "code") !=
		    NULL && strcmp(jval_str(scope, "code"), code) == 0)
			name = jval_str(scope, "name");
		if (json_object_get(row, "province_name") == NULL)
			json_object_set_new(row, "province_name",
			    jval_string(name));
	}
}

static enum err
scope_page(struct req *r, struct web *w, struct dxp_ctx *c,
    json_t *view, bool all, struct errinfo *ei)
{
	long limit = (long)web_qint(w, "limit", DXP_LIMIT);
	long offset = (long)web_qint(w, "offset", 0);
	bool here = all || sorted_here(w);
	json_t *out;
	enum err e;

	e = dx_rollup_json(w->db, web_qtext(w, "set"), (int)web_qint(w, "year",
	    0), c->code, w->lang, here ? 0 : limit, here ? 0 : offset, &out,
	    ei);
	if ((e = ctx_answered(w, c, e, out, ei)) != ERR_OK) {
		json_decref(out);
		return e;
	}
	jval_merge(view, out);
	province_names(view);
	if (here)
		ranking_sort(w, view, all ? 0 : limit, offset);
	json_object_set_new(view, "is_scope", json_true());
	json_object_set_new(view, "is_nation", json_boolean(strcmp(c->code,
	    "VN") == 0));
	json_object_set_new(view, "communes_text", json_string(numfmt_int_a(
	    r->arena, jval_int(view, "communes", 0), w->lang)));
	json_object_set_new(view, "assessed_text", json_string(numfmt_int_a(
	    r->arena, jval_int(view, "assessed", 0), w->lang)));
	json_object_set_new(view, "score_avg_text", num_text(r, w,
	    json_object_get(view, "score_avg")));
	levels_tables(r, w, c, view);
	ranking_view(r, w, c, view, limit, offset);
	if (!all)
		map_view(r, w, c, view);
	return ERR_OK;
}

/* ---- the page ---- */

/* The pages above this one: the nation's, and a commune's province's. */
static json_t *
crumbs(struct req *r, struct web *w, const struct dxp_ctx *c,
    const json_t *view)
{
	const json_t *prov = json_object_get(json_object_get(view, "unit"),
	    "province");
	json_t *list = json_array();

	if (strcmp(c->code, "VN") != 0)
		json_array_append_new(list, json_pack("{s:s, s:s}", "name",
		    msg_get(w->lang, "dxp_nation"), "href", digital_href(r, c,
		    "VN", c->year)));
	if (c->commune && jval_str(prov, "code") != NULL)
		json_array_append_new(list, json_pack("{s:s, s:s}", "name",
		    jval_str(prov, "name") ? jval_str(prov, "name") :
		    msg_get(w->lang, "dxp_province_page"), "href",
		    digital_href(r, c, jval_str(prov, "code"), c->year)));
	return list;
}

static void
page_common(struct req *r, struct web *w, const struct dxp_ctx *c,
    json_t *view)
{
	const char *q = strchr(digital_href(r, c, c->code, c->year), '?');
	const char *base = arena_printf(r->arena, "/units/%s/%s/digital",
	    c->structure, c->code);

	json_object_set_new(view, "title", json_string(arena_printf(r->arena,
	    "%s · %s", msg_get(w->lang, "dxp_title"), c->unit.full_name)));
	json_object_set_new(view, "unit_name", json_string(
	    c->unit.full_name));
	json_object_set_new(view, "set_name", json_string(msg_pick(w->lang,
	    c->s->name, c->s->name_en)));
	json_object_set_new(view, "set_href", json_string(arena_printf(
	    r->arena, "/criteria-sets/%s", c->set)));
	json_object_set_new(view, "year_links", year_links(r, c));
	json_object_set_new(view, "crumbs", crumbs(r, w, c, view));
	json_object_set_new(view, "levels", levels_view(r, w, c->s));
	json_object_set_new(view, "levels_text", json_string(levels_text(r,
	    w, c->s)));
	json_object_set_new(view, "page_year", json_integer(c->year));
	json_object_set_new(view, "exports", json_pack("{s:s, s:s}", "csv",
	    arena_printf(r->arena, "%s/export.csv%s", base, q), "xlsx",
	    arena_printf(r->arena, "%s/export.xlsx%s", base, q)));
	json_object_set_new(view, "proposal", json_boolean(c->s->status !=
	    NULL && strcmp(c->s->status, "proposal") == 0));
}

static enum err
page_of(struct req *r, struct web *w, json_t *view, const char *structure,
    const char *code, struct errinfo *ei)
{
	struct dxp_ctx c = { .structure = structure, .code = code };
	enum err e;

	if ((e = ctx_resolve(r, w, &c, ei)) != ERR_OK)
		return e;
	e = c.commune ? commune_page(r, w, &c, view, ei) :
	    scope_page(r, w, &c, view, false, ei);
	if (e != ERR_OK)
		return e;
	page_common(r, w, &c, view);
	return ERR_OK;
}

static enum err
dxp_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return page_of(r, w, view, http_param(r, "structure"), http_param(r,
	    "code"), ei);
}

/* The national view under a short address people can remember. */
static enum err
dxp_national(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return page_of(r, w, view, "2025", "VN", ei);
}

/* ---- exports: the page's tables ---- */

static json_t *
columns_of(struct web *w, const char *const *keys, size_t n)
{
	json_t *cols = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(cols, json_string(msg_get(w->lang,
		    keys[i])));
	return cols;
}

static json_t *
cell(const json_t *v)
{
	return json_is_number(v) || json_is_string(v) ? json_deep_copy(v) :
	    json_null();
}

/* The ranking (in the page's sort, every commune). */
static json_t *
ranking_table(struct web *w, const json_t *view, bool nation)
{
	static const char *const keys[] = { "dxp_col_rank", "dxp_col_commune",
		"dxp_col_province", "dxp_col_score", "dxp_col_level" };
	json_t *rows = json_array(), *row, *cols;
	size_t i;

	json_array_foreach(json_object_get(view, "ranking"), i, row) {
		json_t *cells = json_pack("[o, s?]", cell(json_object_get(row,
		    "rank")), jval_str(row, "name"));

		if (nation)
			json_array_append_new(cells, jval_string(jval_str(row,
			    "province_name")));
		json_array_append_new(cells, cell(json_object_get(row, "score")));
		json_array_append_new(cells, jval_string(name_of(
		    json_object_get(row, "level"))));
		json_array_append_new(rows, cells);
	}
	cols = json_array();
	for (i = 0; i < 5; i++)
		if (nation || i != 2)
			json_array_append_new(cols, json_string(msg_get(w->lang,
			    keys[i])));
	return json_pack("{s:o, s:o}", "columns", cols, "rows", rows);
}

/* Communes by level per province (or per level for a province). */
static json_t *
levels_table(struct web *w, const json_t *view)
{
	static const char *const keys[] = { "dxp_col_province",
		"dxp_col_communes", "dxp_col_assessed", "dxp_col_score_avg" };
	json_t *cols = columns_of(w, keys, 4), *rows = json_array(), *x, *n;
	size_t i, j;

	json_array_foreach(json_object_get(view, "by_level"), i, x)
		json_array_append_new(cols, jval_string(jval_str(x, "name")));
	json_array_foreach(json_object_get(view, "children"), i, x) {
		json_t *cells = json_pack("[s?, o, o, o]", jval_str(x, "name"),
		    cell(json_object_get(x, "communes")), cell(json_object_get(x,
		    "assessed")), cell(json_object_get(x, "score_avg")));

		json_array_foreach(json_object_get(x, "by_level"), j, n)
			json_array_append_new(cells, cell(n));
		json_array_append_new(rows, cells);
	}
	return json_pack("{s:o, s:o}", "columns", cols, "rows", rows);
}

/* A commune's indicators as its page lists them. */
static json_t *
indicators_table(struct web *w, const json_t *view)
{
	static const char *const keys[] = { "dxp_col_pillar",
		"dxp_col_indicator", "dxp_col_value", "dxp_col_threshold",
		"dxp_col_weight", "dxp_col_result", "dxp_col_source" };
	json_t *rows = json_array(), *p, *ind;
	size_t i, j;

	json_array_foreach(json_object_get(view, "pillars_view"), i, p)
		json_array_foreach(json_object_get(p, "indicators"), j, ind)
			json_array_append_new(rows, json_pack(
			    "[s?, s?, s?, s?, s?, s, s]", jval_str(p, "name"),
			    jval_str(ind, "name"), jval_str(ind, "value_text"),
			    jval_str(ind, "threshold_text"), jval_str(ind,
			    "weight_text"), msg_get(w->lang, json_is_true(
			    json_object_get(ind, "met")) ? "dxp_met" :
			    json_is_true(json_object_get(ind, "failed")) ?
			    "dxp_not_met" : "dxp_unknown"), json_is_true(
			    json_object_get(ind, "observed")) ? jval_str(ind,
			    "method") ? jval_str(ind, "method") : msg_get(
			    w->lang, "dxp_observed") : msg_get(w->lang,
			    "dxp_typed")));
	return json_pack("{s:o, s:o}", "columns", columns_of(w, keys, 7),
	    "rows", rows);
}

enum dxp_export { DXP_CSV, DXP_XLSX };

static enum err
download(struct req *r, struct web *w, json_t *view, enum dxp_export kind,
    struct errinfo *ei)
{
	struct dxp_ctx c = { .structure = http_param(r, "structure"),
		.code = http_param(r, "code") };
	const char *list = web_qtext(w, "list");
	json_t *table;
	enum err e;

	if ((e = ctx_resolve(r, w, &c, ei)) != ERR_OK)
		return e;
	e = c.commune ? commune_page(r, w, &c, view, ei) :
	    scope_page(r, w, &c, view, true, ei);
	if (e != ERR_OK)
		return e;
	if (c.commune)
		list = "indicators";
	else if (list == NULL || strcmp(list, "indicators") == 0)
		list = "ranking";
	table = strcmp(list, "indicators") == 0 ? indicators_table(w, view) :
	    strcmp(list, "provinces") == 0 ? levels_table(w, view) :
	    ranking_table(w, view, strcmp(c.code, "VN") == 0);
	json_object_set_new(table, "title", json_string(arena_printf(r->arena,
	    "%s · %s · %d", msg_get(w->lang, "dxp_title"), c.unit.full_name,
	    c.year)));
	buf_reset(&r->out);
	e = kind == DXP_CSV ? crit_table_csv(table, &r->out, ei) :
	    crit_table_xlsx(table, &r->out, ei);
	json_decref(table);
	if (e != ERR_OK)
		return e;
	r->status = 200;
	r->content_type = kind == DXP_CSV ? "text/csv; charset=utf-8" :
	    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	http_add_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"digital-%s-%d-%s.%s\"", c.code, c.year,
	    list, kind == DXP_CSV ? "csv" : "xlsx"));
	http_add_header(r, "Cache-Control", "no-store");
	return ERR_OK;
}

static enum err
dxp_csv(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return download(r, w, view, DXP_CSV, ei);
}

static enum err
dxp_xlsx(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return download(r, w, view, DXP_XLSX, ei);
}
