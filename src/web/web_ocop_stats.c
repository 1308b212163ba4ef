/*
 * web_ocop_stats.c - /ocop/statistics: the products of the public OCOP
 * register today by province (the 34 of the 2025 structure, zeros shown),
 * by stars and by product group (domain/ocop/ocop_register.h), each as a
 * table and as a bar chart drawn here as SVG (no script).
 * The charts are web_bar_chart's (web_chart.h); the table under each
 * gives the same numbers, so nothing is only in the picture.
 */
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "domain/ocop/ocop_register.h"
#include "http/template.h"
#include "web/web.h"
#include "web/web_internal.h"
#include "web/web_chart.h"
#include "web/web_ocop_internal.h"

/* Each row's count as people read it, and the list's own total. */
static void
count_texts(struct req *r, struct web *w, json_t *rows)
{
	json_t *it;
	size_t i;

	json_array_foreach(rows, i, it)
		json_object_set_new(it, "count_text", json_string(numfmt_int_a(
		    r->arena, jval_int(it, "count", 0), w->lang)));
}

enum err
ocopw_statistics(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	json_t *out, *stars, *it;
	size_t i;
	enum err e;

	if ((e = ocop_register_statistics(w->db, w->lang, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	if (w->json)
		return ERR_OK;
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "ocreg_stats_title")));
	json_object_set_new(view, "date_text", json_string(date_display(
	    r->arena, jval_str(view, "date"), w->lang)));
	json_object_set_new(view, "total_text", json_string(numfmt_int_a(
	    r->arena, jval_int(view, "total", 0), w->lang)));
	if (jval_int(view, "unplaced", 0) > 0)
		json_object_set_new(view, "unplaced_text", json_string(
		    numfmt_int_a(r->arena, jval_int(view, "unplaced", 0),
		    w->lang)));
	stars = json_object_get(view, "by_stars");
	json_array_foreach(stars, i, it)
		json_object_set_new(it, "label", json_string(arena_printf(
		    r->arena, "%lld %s", (long long)jval_int(it, "stars", 0),
		    msg_get(w->lang, "ocreg_stars_n"))));
	count_texts(r, w, json_object_get(view, "by_province"));
	count_texts(r, w, stars);
	count_texts(r, w, json_object_get(view, "by_group"));
	json_object_set_new(view, "province_svg", json_string(web_bar_chart(r, w,
	    "chart-province", msg_get(w->lang, "ocreg_chart_province"),
	    json_object_get(view, "by_province"), "name", "count")));
	json_object_set_new(view, "stars_svg", json_string(web_bar_chart(r, w,
	    "chart-stars", msg_get(w->lang, "ocreg_chart_stars"), stars,
	    "label", "count")));
	json_object_set_new(view, "group_svg", json_string(web_bar_chart(r, w,
	    "chart-group", msg_get(w->lang, "ocreg_chart_group"),
	    json_object_get(view, "by_group"), "name", "count")));
	return ERR_OK;
}
