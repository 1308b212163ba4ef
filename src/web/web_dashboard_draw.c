/*
 * web_dashboard_draw.c - a dashboard panel's pictures: its chart
 * (web_dash_chart) and its map (web_dash_map), each SVG text in the
 * request's arena.  Bars are drawn by the statistics pages' bar chart;
 * the other kinds wait for core/chart.h (web_chart_json) and show their
 * table alone until then.
 */
#include <string.h>

#include "core/jval.h"
#include "http/http.h"
#include "web/web.h"
#include "web/web_chart.h"
#include "web/web_dashboard.h"

const char *
web_dash_chart(struct req *r, struct web *w, const char *id,
    const char *title, const json_t *chart)
{
	const char *kind = jval_str(chart, "kind");

	if (kind != NULL && strcmp(kind, "bars") == 0)
		return web_bar_chart(r, w, id, title, json_object_get(chart,
		    "bars"), "label", "value");
	return "";
}

const char *
web_dash_map(struct req *r, struct web *w, const char *indicator, int year)
{
	(void)r;
	(void)w;
	(void)indicator;
	(void)year;
	return "";
}
