/*
 * replicas.h - read replicas: `ntm serve --read-db URL[,URL...]` sends
 * read-only requests to PostgreSQL hot standbys, everything else to the
 * primary (--db).
 *
 * A request is read-only when its method is GET or HEAD and its route is
 * not one of the few GETs that write (replicas.c: writing_gets).  What
 * the read path itself writes - a session's idle clock, a token's "last
 * used", an expired session's removal - goes to the primary through
 * web_db_writer.  Read-your-writes: every write request's answer carries
 * the cookie ntm_wal, the primary's WAL position after it; a request that
 * carries it goes to a standby only once that standby has replayed that
 * position (so a second server process, which shares no memory with the
 * first, decides the same).  A standby that is down, not streaming, not
 * in recovery (promoted) or lagging more than --read-lag seconds is
 * skipped; a read that fails on a standby (5xx: the standby died under
 * it, a recovery conflict, a write the list missed) is answered again from
 * the primary.  The response caches stay correct because a request reads
 * its version token and its body through the same connection (web_db
 * answers one database for the whole request).
 */
#ifndef NTM_WEB_REPLICAS_H
#define NTM_WEB_REPLICAS_H

#include <stdbool.h>

#include "core/err.h"
#include "db/db.h"
#include "http/http.h"

struct route;
struct web;

/* Parse and check the standbys (comma-separated URLs) and the lag bound
 * (seconds); a standby unreachable at start is only warned about. */
enum err web_replicas_init(const char *urls, double max_lag_s,
    struct errinfo *ei);
/* The thread that follows each standby's state (after the signal mask). */
enum err web_replicas_start(struct errinfo *ei);
void web_replicas_stop(void);
bool web_replicas_enabled(void);

/* app.c: the standby this thread's request reads from (-1: the primary),
 * and its connection. */
int web_replica_current(void);
struct db *web_replica_db(int i, struct errinfo *ei);
/* The request cannot use its standby (connection failed): the primary. */
void web_replica_fail(void);
/* The primary's connection of this thread (app.c). */
struct db *web_db_primary(struct errinfo *ei);
/* Where the read path writes: the primary when the request reads from a
 * standby, else w->db (also if the primary cannot be reached). */
struct db *web_db_writer(struct web *w, struct errinfo *ei);

/* routes.c: the route is known (before the database is opened). */
void web_replica_route(struct req *r, const struct route *rt);
/* routes.c's dispatcher; web_dispatch (replicas.c) wraps it. */
void web_route_dispatch(struct req *r, void *ctx);

#endif
