/*
 * web_dashboard.h - what web_dashboard.c draws for a panel
 * (web_dashboard_draw.c): its chart and its map as SVG text.
 */
#ifndef NTM_WEB_DASHBOARD_H
#define NTM_WEB_DASHBOARD_H

#include <jansson.h>

struct req;
struct web;

/* A panel's "chart" object (dashboard.h) as SVG in r's arena, "" if it
 * cannot be drawn (the numbers are in the table under it anyway). */
const char *web_dash_chart(struct req *r, struct web *w, const char *id,
    const char *title, const json_t *chart);

/* The provinces' map of indicator (maps.h) for structure in year, as SVG
 * in r's arena; "" if there is none (no data that year). */
const char *web_dash_map(struct req *r, struct web *w, const char *structure,
    const char *indicator, int year);

#endif
