/*
 * web_chart.h - the one bar chart of ntm's statistics pages (web_chart.c).
 */
#ifndef NTM_WEB_CHART_H
#define NTM_WEB_CHART_H

#include <jansson.h>

struct req;
struct web;

/* The chart of rows [{label_key: text, value_key: integer}] titled title,
 * as SVG text in r's arena ("" if it could not be drawn); id: unique in
 * the page (the title's element). */
const char *web_bar_chart(struct req *r, struct web *w, const char *id,
    const char *title, json_t *rows, const char *label_key,
    const char *value_key);

#endif
