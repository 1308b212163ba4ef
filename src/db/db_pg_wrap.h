/*
 * db_pg_wrap.h - read statements as PL/pgSQL functions, whose plans the
 * server keeps, for connections through a pooler in transaction mode.
 *
 * Through pgbouncer in transaction mode (Debian 12's 1.18 cannot keep
 * named statements) every statement is sent unnamed, so the server plans
 * it on every run: 2.3 ms of planning per uncached unit page against
 * 0.14 ms of execution (bench/pooling.sh).  A PL/pgSQL function caches the
 * plans of its queries in the server process, whichever client calls it:
 * each SELECT becomes ntm_stmt."<name>_<hash>"(parameters) RETURNS TABLE,
 * its body the statement, and the client runs SELECT * FROM that
 * function, which is cheap to plan.
 *
 * The hash covers the text and the types the server gives its parameters
 * and columns, so a changed statement or schema gets a new function and an
 * old one is never run.  A function is created once per database, by the
 * first connection that misses it, and shared by every process and
 * version that has the same statement; old ones are left for processes of
 * an older version still running (dropping the schema ntm_stmt while no
 * server runs is safe: the next start creates what it needs).  Whatever
 * cannot be wrapped (no right to create, a standby, a type a function
 * cannot return) runs unwrapped as before.
 */
#ifndef NTM_DB_PG_WRAP_H
#define NTM_DB_PG_WRAP_H

#include <libpq-fe.h>

/*
 * For each statement i < n with sql[i] != NULL (a SELECT, its $n text;
 * names[i] its registry name), call[i] becomes the text to run instead
 * (malloc'ed), or stays NULL when the statement runs as it is.  Returns
 * how many were wrapped.  Call outside a transaction and pipeline mode;
 * leaves neither open unless the connection failed.  A failure wraps fewer
 * statements and is described in why (else "").
 */
int pg_wrap_reads(PGconn *conn, int n, const char *const *sql,
    const char *const *names, char **call, char *why, size_t whylen);

#endif
