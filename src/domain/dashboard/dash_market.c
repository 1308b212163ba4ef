/*
 * dash_market.c - the marketplace panel of a dashboard: the orders
 * delivered in the last twelve months and the value of their goods, for
 * the nation or a 2025 province, month by month, linking to the
 * marketplace's statistics page for the same period and province.
 *
 * The figures are market_stats' (market_money.h), the function behind
 * /cho/thong-ke, over the period that page shows by default (from the
 * first day of the month eleven months before today's, to today); the
 * link names the period, so the page shows the same numbers even if
 * its default changes.  The marketplace places orders in the 34
 * provinces of 2025 only: no commune or old unit has this panel.
 */
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "domain/dashboard/dash_internal.h"
#include "domain/dashboard/dash_modules.h"
#include "domain/market/market_money.h"

/* The twelve months to today, as /cho/thong-ke's default: from the first
 * of the month 334 days before today (web_market_stats.c). */
static void
twelve_months(char from[DATE_LEN], char to[DATE_LEN])
{
	long d = 0;

	date_parse(date_today(to), &d);
	date_format(d - 334, from);
	memcpy(from + 8, "01", 3);
}

/* The month "2026-07" as people read it: "07/2026", or as it is in
 * English (the statistics page writes them so). */
static const char *
month_label(struct arena *a, const char *m, const char *lang)
{
	return msg_is_en(lang) ? arena_strdup(a, m) :
	    arena_printf(a, "%.2s/%.4s", m + 5, m);
}

/* The goods of each month, over every province's row (an order counts
 * once, in its province). */
static json_t *
month_values(const json_t *st)
{
	size_t nm = json_array_size(json_object_get(st, "months")), i, j;
	json_t *vals = json_array(), *row, *m;

	for (i = 0; i < nm; i++) {
		json_int_t sum = 0;

		json_array_foreach(json_object_get(st, "by_province"), j, row) {
			m = json_array_get(json_object_get(row, "months"), i);
			sum += jval_int(m, "goods_vnd", 0);
		}
		json_array_append_new(vals, json_integer(sum));
	}
	return vals;
}

enum err
dash_market(const struct dash_ctx *c, json_t **panel, struct errinfo *ei)
{
	char from[DATE_LEN], to[DATE_LEN];
	const char *province, *args[2], *link;
	struct arena *a;
	json_t *st, *p, *x, *m;
	size_t i;
	enum err e;

	*panel = NULL;
	if (strcmp(c->structure, "2025") != 0 ||
	    (c->level != DASH_NATION && c->level != DASH_PROVINCE))
		return ERR_OK;
	province = c->level == DASH_PROVINCE ? c->code : NULL;
	twelve_months(from, to);
	if ((e = market_stats(c->db, from, to, province, c->lang, &st, ei)) !=
	    ERR_OK)
		return e;
	a = arena_new(2048);
	link = province != NULL ? arena_printf(a, "/cho/thong-ke?from=%s&to="
	    "%s&province=%s", from, to, province) : arena_printf(a,
	    "/cho/thong-ke?from=%s&to=%s", from, to);
	p = dash_panel_new(c, "market", "dp_market_title", link);
	if (jval_int(st, "orders", 0) == 0) {
		dash_empty(c, p, "dp_market_empty");
		goto out;
	}
	args[0] = date_display(a, from, c->lang);
	args[1] = date_display(a, to, c->lang);
	dash_figure(p, "orders", msg_get(c->lang, "dp_market_orders"),
	    (double)jval_int(st, "orders", 0), numfmt_int_a(a, jval_int(st,
	    "orders", 0), c->lang), -1, msg_formata(a, c->lang,
	    "dp_market_period", args, 2));
	dash_figure(p, "goods_vnd", msg_get(c->lang, "dp_market_goods"),
	    (double)jval_int(st, "goods_vnd", 0), numfmt_vnd_a(a, jval_int(st,
	    "goods_vnd", 0), c->lang), -1, NULL);
	x = json_array();
	json_array_foreach(json_object_get(st, "months"), i, m)
		json_array_append_new(x, json_string(month_label(a,
		    json_string_value(m), c->lang)));
	json_object_set_new(p, "chart", json_pack("{s:s, s:s, s:i, s:s, s:o, "
	    "s:[{s:s, s:o}]}", "kind", "line", "unit", "₫", "decimals", 0,
	    "caption", msg_get(c->lang, "dp_market_chart"), "x", x, "series",
	    "name", msg_get(c->lang, "dp_market_goods"), "values",
	    month_values(st)));
out:
	json_decref(st);
	arena_free(a);
	json_object_set_new(p, "map_link", json_string("market_sales"));
	*panel = p;
	return ERR_OK;
}
