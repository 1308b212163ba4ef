/*
 * web_dashboard.h - the map web_dashboard.c draws in a panel
 * (web_dashboard_draw.c); its chart is web_chart_json's.
 */
#ifndef NTM_WEB_DASHBOARD_H
#define NTM_WEB_DASHBOARD_H

#include <jansson.h>

struct req;
struct web;

/* The provinces' map of indicator (maps.h) for structure in year, as SVG
 * in r's arena, province highlight (NULL: none) outlined; "" if there is
 * none (no data that year). */
const char *web_dash_map(struct req *r, struct web *w, const char *structure,
    const char *indicator, int year, const char *highlight);

#endif
