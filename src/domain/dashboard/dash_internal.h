/*
 * dash_internal.h - what the panel builders share (dash_*.c): a panel's
 * JSON made the same way by every module, so the page can render any of
 * them generically (the shape is dashboard.h's).
 */
#ifndef NTM_DOMAIN_DASH_INTERNAL_H
#define NTM_DOMAIN_DASH_INTERNAL_H

#include "domain/dashboard/dashboard.h"

/* A new panel {"key", "title" (msg title_key in c->lang), "link"}. */
json_t *dash_panel_new(const struct dash_ctx *c, const char *key,
    const char *title_key, const char *link);

/* Append a figure to panel's "figures": value (NAN: not known, shown
 * "—"), display as people read it (numfmt in c->lang), of (< 0: none),
 * note (NULL: none). */
void dash_figure(json_t *panel, const char *key, const char *label,
    double value, const char *display, double of, const char *note);

/* Set panel's "empty" to the message empty_key (no data to show). */
void dash_empty(const struct dash_ctx *c, json_t *panel,
    const char *empty_key);

/* A table {"columns": [{key, label}], "rows": []} set on panel; the
 * caller appends rows ({key: text}, plus "href" for a row's link). */
json_t *dash_table(json_t *panel, const char *const *keys,
    const char *const *labels, size_t n);

/* The dashboard address of a unit ("/units/S/C/dashboard"), new string. */
json_t *dash_href(const char *structure, const char *code);

/* The builders of this branch (dash_panels.c lists them). */
enum err dash_ntm_status(const struct dash_ctx *c, json_t **panel,
    struct errinfo *ei);
enum err dash_ntm_distribution(const struct dash_ctx *c, json_t **panel,
    struct errinfo *ei);
enum err dash_ntm_missed(const struct dash_ctx *c, json_t **panel,
    struct errinfo *ei);
enum err dash_ntm_close(const struct dash_ctx *c, json_t **panel,
    struct errinfo *ei);
enum err dash_dossiers(const struct dash_ctx *c, json_t **panel,
    struct errinfo *ei);

#endif
