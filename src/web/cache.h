/*
 * cache.h - per-process caches of finished responses for routes whose view
 * depends only on reference data that carries a version token in the
 * database (e.g. "units_version", changed by every unit import).
 *
 * They are caches, not state: each use compares the token read from the
 * database on this request (db_meta_get), so a change made through any
 * process is seen by all.  Both tables are direct-mapped with a fixed
 * number of slots and a bound on what one slot holds, so memory stays
 * bounded whatever the traffic.
 *
 * 1. Bodies (web_cache_get/put): keyed by kind, language, path and the
 *    route's validated query parameters; what every caller gets after the
 *    router's checks.  A body is shared, never copied out: a hit holds a
 *    reference, which the response being sent takes over.
 *
 * 2. Answers (web_answer_get/put): the whole response (status, headers,
 *    body) given to an anonymous GET, keyed by everything of the request
 *    that response depends on (kind, language, path, every query
 *    argument).  The router consults it before anything else, so a repeated
 *    anonymous request costs a lookup, a token check and the send.
 *
 * Stale bodies (web_cache_lookup): when the token has moved since a body
 * was built (a write), an anonymous reader may be given the previous body
 * instead of building one: while it is younger than the stale window
 * (web_cache_set_stale, `ntm serve --cache-stale`, default 5 s), or while
 * another thread is building its successor (a "flight": one builder per
 * key, the others answered at once).  Without this a stream of writes
 * makes every reader of an expensive view (the nation's dashboard, ~1 s)
 * build it again, and the threads are soon all doing that.  A signed-in
 * caller is never given a stale body: an officer sees their own write.
 */
#ifndef NTM_WEB_CACHE_H
#define NTM_WEB_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "http/http.h"

struct db;

#define WEB_CACHE_SLOTS		512
#define WEB_CACHE_MAX_BODY	(128 * 1024)
#define WEB_ANSWER_SLOTS	256

/* A cached body: shared and immutable while anyone holds it. */
struct web_cached {
	const char *body;
	size_t len;
	char etag[24];		/* quoted, NUL-terminated */
};

/* On a hit, *out is the entry's body with a reference for the caller:
 * drop it with web_cache_release, or hand it to a response with
 * web_cache_respond. */
bool web_cache_get(const char *key, const char *version,
    const struct web_cached **out);

enum web_cache_found {
	WEB_CACHE_MISS,		/* build it; *flight says whether this caller
				   is the key's builder */
	WEB_CACHE_HIT,		/* *out is current */
	WEB_CACHE_STALE,	/* *out is the previous version's body */
};
/* As web_cache_get; with stale_ok (an anonymous reader) a stale body may
 * be the answer (see above).  On a miss with stale_ok, *flight is nonzero
 * when this caller took the key's flight: end it with
 * web_cache_flight_end once the body is stored or not (a put ends it too). */
enum web_cache_found web_cache_lookup(const char *key, const char *version,
    bool stale_ok, const struct web_cached **out, uint64_t *flight);
void web_cache_flight_end(const char *key, uint64_t flight);
/* The stale window in seconds (0: stale only during a flight). */
void web_cache_set_stale(unsigned seconds);
/* A flight older than this is taken as abandoned (its builder failed
 * without ending it), and the next reader builds. */
#define WEB_CACHE_FLIGHT_MAX_MS	30000
void web_cache_release(const struct web_cached *c);
/* r's response body becomes c's (no copy); the caller's reference goes
 * with it and is dropped once the response is sent. */
void web_cache_respond(struct req *r, const struct web_cached *c);
/* Store a body (copied) for key at version; its ETag goes into etag.
 * Returns the stored body with a reference for the caller (as
 * web_cache_get), or NULL when it is not kept (over WEB_CACHE_MAX_BODY). */
const struct web_cached *web_cache_put(const char *key, const char *version,
    const char *body, size_t len, char etag[24]);
void web_cache_clear(void);

/* An answer: the response, valid while the token version_key (a string
 * of the route table, NULL: no token, always valid) reads version. */
struct web_answer {
	struct http_prepared *resp;	/* a reference: http_prepared_unref */
	const char *version_key;
	bool dated;		/* today joins the token (ROUTE_DATED) */
	char version[64];
};

/*
 * The version token key of a cached view or answer: db_meta_get's result
 * (out, rc).  For an anonymous reader (fresh false) on PostgreSQL, where
 * each read is a round trip (through a pooler, two), the process reuses
 * the token it read last when that was less than WEB_TOKEN_REUSE_MS ago
 * and there is a stale window: such a reader may be given a view that old
 * anyway, and a cached answer then costs no database work.  A fresh read
 * (a signed-in user) always reads, and what it read is what anonymous
 * readers get from then on.  Without a window (--cache-stale 0) and on
 * SQLite, which answers from memory while nothing was committed, every
 * read reads.
 */
#define WEB_TOKEN_REUSE_MS	1000
int web_cache_token(struct db *db, const char *key, bool fresh, char *out,
    size_t outlen, struct errinfo *ei);

/* The answer stored for key (len bytes), with a reference to it. */
bool web_answer_get(const char *key, size_t len, struct web_answer *out);
/* Keep resp (a reference of the cache's own is taken) for key. */
void web_answer_put(const char *key, size_t len, const char *version_key,
    bool dated, const char *version, struct http_prepared *resp);

#endif
