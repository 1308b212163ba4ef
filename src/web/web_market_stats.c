/*
 * web_market_stats.c - the marketplace's programme statistics, public
 * (docs/MARKET.md section 7, market_stats in market_money.h):
 *
 *   GET /cho/thong-ke (?from=&to=&province=)   tables and bar charts
 *   GET /cho/thong-ke.csv                       the same as CSV
 *   GET /api/v1/market/stats                    the JSON
 *
 * The period defaults to the last twelve months to today.  Charts are
 * web_bar_chart's (the OCOP register's statistics draw the same way);
 * each table under a chart gives its numbers, month by month.
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "domain/market/market_money.h"
#include "domain/units/units.h"
#include "http/http.h"
#include "web/web.h"
#include "web/web_market_money.h"
#include "web/web_chart.h"

static const struct qfield stats_query[] = {
	{ "from", Q_TEXT, 0, 0, 10, NULL }, { "to", Q_TEXT, 0, 0, 10, NULL },
	{ "province", Q_TEXT, 0, 0, 8, NULL } };

static enum err
stats_of(struct web *w, json_t **out, struct errinfo *ei)
{
	const char *f = web_qtext(w, "from"), *t = web_qtext(w, "to");
	const char *p = web_qtext(w, "province");
	char today[DATE_LEN], from[DATE_LEN];
	long d;

	date_today(today);
	if (t == NULL)
		t = today;
	if (!date_parse(t, &d))
		return err_set(ei, ERR_INVALID, "market.bad_period", "to",
		    "“Đến ngày” phải có dạng YYYY-MM-DD",
		    "“to” must be YYYY-MM-DD");
	if (f == NULL) {
		/* Twelve months: from the first day of the month a year
		 * before the month of to. */
		date_format(d - 334, from);
		memcpy(from + 8, "01", 3);
		f = from;
	}
	if (!date_parse(f, NULL))
		return err_set(ei, ERR_INVALID, "market.bad_period", "from",
		    "“Từ ngày” phải có dạng YYYY-MM-DD",
		    "“from” must be YYYY-MM-DD");
	return market_stats(w->db, f, t, p != NULL && p[0] != '\0' ? p : NULL,
	    w->lang, out, ei);
}

/* Each row's totals and months as people read them; the chart. */
static void
dimension(struct req *r, struct web *w, json_t *view, const char *list,
    const char *id, const char *title_key)
{
	json_t *rows = json_object_get(view, list), *it, *m;
	size_t i, j;

	json_array_foreach(rows, i, it) {
		json_object_set_new(it, "orders_text", json_string(numfmt_int_a(
		    r->arena, jval_int(it, "orders", 0), w->lang)));
		json_object_set_new(it, "goods_text", json_string(numfmt_vnd_a(
		    r->arena, jval_int(it, "goods_vnd", 0), w->lang)));
		json_array_foreach(json_object_get(it, "months"), j, m) {
			json_object_set_new(m, "orders_text", json_string(
			    numfmt_int_a(r->arena, jval_int(m, "orders", 0),
			    w->lang)));
			json_object_set_new(m, "goods_text", json_string(
			    numfmt_vnd_a(r->arena, jval_int(m, "goods_vnd", 0),
			    w->lang)));
		}
	}
	json_object_set_new(view, arena_printf(r->arena, "%s_svg", list),
	    json_string(web_bar_chart(r, w, id, msg_get(w->lang, title_key),
	    rows, "name", "goods_vnd")));
}

/* The chooser of a province: the 34 of 2025 by name, the chosen one
 * selected. */
static void
provinces(struct req *r, struct web *w, json_t *view)
{
	struct unit_query q = { .structure = "2025", .level = "province",
		.limit = 100 };
	struct unit_list l;
	struct errinfo ei;
	const char *cur = jval_str(view, "province");
	json_t *list = json_array();

	if (units_list(w->db, r->arena, &q, &l, &ei) == ERR_OK)
		for (size_t i = 0; i < l.n; i++)
			json_array_append_new(list, json_pack("{s:s, s:s, s:b}",
			    "code", l.items[i].code, "name",
			    l.items[i].full_name, "selected", cur != NULL &&
			    strcmp(cur, l.items[i].code) == 0));
	db_end_reads(w->db);
	json_object_set_new(view, "provinces", list);
}

static enum err
stats_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *st, *it;
	size_t i;
	enum err e;

	if ((e = stats_of(w, &st, ei)) != ERR_OK)
		return e;
	jval_merge(view, st);
	if (w->json)
		return ERR_OK;
	json_object_set_new(view, "title", jval_string(msg_get(w->lang,
	    "mm_stats_title")));
	/* "11/2026" in Vietnamese, "2026-11" in English, as dates are. */
	{
		json_t *labels = json_array(), *m;

		json_array_foreach(json_object_get(view, "months"), i, m) {
			const char *s = json_string_value(m);

			json_array_append_new(labels, json_string(strcmp(w->lang,
			    "en") == 0 ? s : arena_printf(r->arena, "%.2s/%.4s",
			    s + 5, s)));
		}
		json_object_set_new(view, "month_labels", labels);
	}
	json_array_foreach(json_object_get(view, "by_stars"), i, it)
		json_object_set_new(it, "name", json_string(strcmp(jval_str(it,
		    "key"), "0") == 0 ? msg_get(w->lang, "mm_unrated") :
		    arena_printf(r->arena, "%s %s", jval_str(it, "key"),
		    msg_get(w->lang, "mm_stars"))));
	dimension(r, w, view, "by_province", "chart-province",
	    "mm_chart_province");
	dimension(r, w, view, "by_group", "chart-group", "mm_chart_group");
	dimension(r, w, view, "by_stars", "chart-stars", "mm_chart_stars");
	provinces(r, w, view);
	json_object_set_new(view, "orders_text", json_string(numfmt_int_a(
	    r->arena, jval_int(view, "orders", 0), w->lang)));
	json_object_set_new(view, "goods_text", json_string(numfmt_vnd_a(
	    r->arena, jval_int(view, "goods_vnd", 0), w->lang)));
	json_object_set_new(view, "from_text", json_string(date_display(
	    r->arena, jval_str(view, "from"), w->lang)));
	json_object_set_new(view, "to_text", json_string(date_display(
	    r->arena, jval_str(view, "to"), w->lang)));
	json_object_set_new(view, "query", json_string(arena_printf(r->arena,
	    "from=%s&to=%s%s%s", jval_str(view, "from"), jval_str(view, "to"),
	    jval_str(view, "province") ? "&province=" : "",
	    jval_str(view, "province") ? jval_str(view, "province") : "")));
	return ERR_OK;
}

static enum err
stats_csv(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *st;
	enum err e;

	(void)view;
	if ((e = stats_of(w, &st, ei)) != ERR_OK)
		return e;
	buf_reset(&r->out);
	e = market_stats_csv(st, w->lang, &r->out, ei);
	json_decref(st);
	if (e != ERR_OK)
		return e;
	r->status = 200;
	r->content_type = "text/csv; charset=utf-8";
	http_add_header(r, "Content-Disposition",
	    "attachment; filename=\"thong-ke-cho-ocop.csv\"");
	return ERR_OK;
}

const struct route market_stats_routes[] = {
	{ .method = "GET", .pattern = "/cho/thong-ke",
	  .flags = ROUTE_HTML, .tmpl = "market/money_stats",
	  .fn = stats_page, QUERY(stats_query), .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/cho/thong-ke.csv",
	  .flags = ROUTE_RAW, .fn = stats_csv, QUERY(stats_query),
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/market/stats",
	  .flags = ROUTE_API, .fn = stats_page, QUERY(stats_query),
	  .roles = ROLES_PUBLIC },
	{ .method = NULL }
};
