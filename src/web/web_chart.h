/*
 * web_chart.h - charts on pages (web_chart.c), drawn by core/chart.h at
 * the width a phone shows them (340 px, text 13 px).
 */
#ifndef NTM_WEB_CHART_H
#define NTM_WEB_CHART_H

#include <jansson.h>

struct req;
struct web;

/* The width pages draw charts at: 13-px text stays above 12 px on a
 * 360-px phone. */
#define WEB_CHART_PX	340

/* The bar chart of rows [{label_key: text, value_key: integer}] titled
 * title, as SVG text in r's arena ("" if it could not be drawn); id:
 * unique in the page (the title's element). */
const char *web_bar_chart(struct req *r, struct web *w, const char *id,
    const char *title, json_t *rows, const char *label_key,
    const char *value_key);

/*
 * A dashboard panel's "chart" object (domain/dashboard/dashboard.h) as
 * SVG text in r's arena, in the page's language: {"kind": "line" |
 * "bars" | "stacked", "unit", "decimals", "x", "series", "bars",
 * "segments", "rows"}, and optionally "threshold", "max" (numbers) and
 * "caption" (a line over the chart).  A value null is "not known" (a gap,
 * "—").  "" when spec is not such an object or has nothing to draw.
 * The SVG is escaped throughout: a template prints it raw ({{{…}}}).
 */
const char *web_chart_json(struct req *r, struct web *w, const char *id,
    const char *title, const json_t *spec);

#endif
