/*
 * web_market_catalog.h - inside the catalog's pages
 * (web_market_catalog.c, web_market_catalog_page.c).
 */
#ifndef NTM_WEB_MARKET_CATALOG_H
#define NTM_WEB_MARKET_CATALOG_H

#include <jansson.h>

#include "domain/market/market_catalog.h"
#include "web/web.h"

/* Every search parameter checked, every problem at once (422). */
enum err mcatw_filters(struct web *w, struct market_search_q *f,
    struct errinfo *ei);
/* The leading id of "{id}-{slug}", 0 if none. */
int64_t mcatw_ref_id(const char *ref);
/* "/cho?name=value..." of the non-empty values, offset when > 0. */
const char *mcatw_href(struct req *r, struct web *w,
    const char *const *names, const char *const *values, int64_t offset);
const char *mcatw_stars_mark(json_int_t n);
const char *mcatw_stars_text(struct req *r, const char *lang, json_int_t n);
/* GET /cho/san-pham/{ref}. */
enum err mcatw_product(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei);

#endif
