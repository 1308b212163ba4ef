/*
 * cache.h - a per-process cache of finished JSON responses for routes
 * whose view depends only on reference data that carries a version token
 * in the database (e.g. "units_version", changed by every unit import).
 *
 * It is a cache, not state: each lookup compares the token read from the
 * database on this request, so a change made through any process is seen
 * by all.  Entries are keyed by language, path and the route's validated
 * query parameters; bodies over WEB_CACHE_MAX_BODY are not kept, and the
 * table is direct-mapped with WEB_CACHE_SLOTS slots, so memory stays
 * bounded (slots x max body) whatever the traffic.
 */
#ifndef NTM_WEB_CACHE_H
#define NTM_WEB_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

#define WEB_CACHE_SLOTS		512
#define WEB_CACHE_MAX_BODY	(128 * 1024)

/* On a hit append the body to out, copy its ETag (quoted) into etag
 * and return true. */
bool web_cache_get(const char *key, const char *version, struct buf *out,
    char etag[24]);
/* Store a body (copied) for key at version; its ETag goes into etag. */
void web_cache_put(const char *key, const char *version, const char *body,
    size_t len, char etag[24]);
void web_cache_clear(void);

#endif
