/*
 * db_pg_wrap.c - read statements as PL/pgSQL functions (see db_pg_wrap.h).
 *
 * Three steps, on one connection, each a few round trips:
 *   1. describe every SELECT (pipelined): the types the server infers for
 *      its parameters and columns, which name its function;
 *   2. list the functions the database has (one query);
 *   3. if any is missing, create it in one transaction, under an advisory
 *      lock that makes creators take turns, each function under a
 *      savepoint so that one refusal costs only that statement its
 *      wrapping.
 * Only step 1 runs on every connection once the functions exist.
 *
 * The texts given to the server here are built from the registry's
 * statements and the type names the server itself returned, never from
 * a user's input; DDL takes no parameters.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/hash.h"
#include "core/strset.h"
#include "core/xalloc.h"
#include "db/db_pg_wrap.h"

#define WRAP_SCHEMA	"ntm_stmt"
#define WRAP_BATCH	256	/* statements described per round trip */
#define BODY_QUOTE	"$ntm_body$"
#define TEXT_MAX	(1024 * 1024)	/* the longest text built here */
/* The key of the advisory lock creators take ("ntm.fn" in ASCII; the write
 * lock of db_pg.c is "ntm.wr"). */
#define WRAP_LOCK	"110116109046102110"

/* What the server inferred for one statement, and its function's name. */
struct shape {
	int nparams, ncols;
	Oid *types;		/* nparams parameter types, then ncols columns */
	char name[64];		/* "" until described */
	bool wrapped;		/* its function exists */
};

/* One result of a pipeline, and the NULL that ends it (a Sync's result
 * has none). */
static PGresult *
take(PGconn *conn)
{
	PGresult *res = PQgetResult(conn), *extra;

	if (res == NULL || PQresultStatus(res) == PGRES_PIPELINE_SYNC)
		return res;
	while ((extra = PQgetResult(conn)) != NULL)
		PQclear(extra);
	return res;
}

static void
name_function(struct shape *sh, const char *sql, const char *stmt_name)
{
	uint64_t h = hash_fnv1a_str(HASH_FNV1A_INIT, sql);
	char oid[16];

	for (int i = 0; i < sh->nparams + sh->ncols; i++) {
		snprintf(oid, sizeof(oid), "%u", (unsigned)sh->types[i]);
		h = hash_fnv1a_str(h, oid);
	}
	snprintf(sh->name, sizeof(sh->name), "%.46s_%016" PRIx64, stmt_name,
	    h);
}

/* Step 1 for the n statements at idx: prepare unnamed and describe, all in
 * one pipeline.  False if the connection failed under it. */
static bool
describe_batch(PGconn *conn, const int *idx, int n, const char *const *sql,
    const char *const *names, struct shape *shapes)
{
	int sent = 0;
	PGresult *res;
	bool ok = true;

	if (PQenterPipelineMode(conn) != 1)
		return false;
	while (sent < n && PQsendPrepare(conn, "", sql[idx[sent]], 0, NULL) == 1 &&
	    PQsendDescribePrepared(conn, "") == 1)
		sent++;
	if (PQpipelineSync(conn) != 1)
		return false;
	for (int i = 0; i < sent; i++) {
		struct shape *sh = &shapes[idx[i]];
		PGresult *prep = take(conn);

		res = take(conn);
		if (PQresultStatus(prep) == PGRES_COMMAND_OK &&
		    PQresultStatus(res) == PGRES_COMMAND_OK) {
			sh->nparams = PQnparams(res);
			sh->ncols = PQnfields(res);
			sh->types = xcalloc((size_t)(sh->nparams + sh->ncols) + 1,
			    sizeof(Oid));
			for (int p = 0; p < sh->nparams; p++)
				sh->types[p] = PQparamtype(res, p);
			for (int c = 0; c < sh->ncols; c++)
				sh->types[sh->nparams + c] = PQftype(res, c);
			name_function(sh, sql[idx[i]], names[idx[i]]);
		}
		ok = ok && prep != NULL && res != NULL;
		PQclear(prep);
		PQclear(res);
	}
	res = take(conn);
	ok = ok && sent == n && PQresultStatus(res) == PGRES_PIPELINE_SYNC;
	PQclear(res);
	return PQexitPipelineMode(conn) == 1 && ok;
}

/* Step 2: mark the shapes whose function the database has and this role
 * may run (another role may have made them). */
static bool
mark_existing(PGconn *conn, int n, struct shape *shapes)
{
	PGresult *res = PQexec(conn,
	    "SELECT p.proname FROM pg_catalog.pg_proc p "
	    "JOIN pg_catalog.pg_namespace ns ON ns.oid = p.pronamespace "
	    "WHERE ns.nspname = '" WRAP_SCHEMA "' "
	    "AND pg_catalog.has_schema_privilege(ns.oid, 'USAGE') "
	    "AND pg_catalog.has_function_privilege(p.oid, 'EXECUTE')");
	struct strset have;
	bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;

	strset_init(&have);
	for (int r = 0; ok && r < PQntuples(res); r++)
		strset_add(&have, PQgetvalue(res, r, 0));
	for (int i = 0; ok && i < n; i++)
		shapes[i].wrapped = shapes[i].name[0] != '\0' &&
		    strset_get(&have, shapes[i].name) != NULL;
	strset_free(&have);
	PQclear(res);
	return ok;
}

/* The names of the types the missing functions use, as "oid\tname" in
 * types.  False (why filled) if the server did not answer. */
static bool
type_names(PGconn *conn, int n, const struct shape *shapes,
    struct strset *types, char *why, size_t whylen)
{
	struct buf oids;
	struct strset seen;
	const char *param;
	PGresult *res;
	bool ok;

	buf_init(&oids, TEXT_MAX);
	strset_init(&seen);
	ok = buf_puts(&oids, "{0") == ERR_OK;
	for (int i = 0; ok && i < n; i++) {
		if (shapes[i].name[0] == '\0' || shapes[i].wrapped)
			continue;
		for (int t = 0; ok && t < shapes[i].nparams + shapes[i].ncols;
		    t++) {
			char oid[16];

			snprintf(oid, sizeof(oid), "%u", (unsigned)shapes[i].types[t]);
			if (strset_add(&seen, oid))
				ok = buf_printf(&oids, ",%s", oid) == ERR_OK;
		}
	}
	if (!ok || buf_puts(&oids, "}") != ERR_OK) {
		snprintf(why, whylen, "too many types");
		buf_free(&oids);
		strset_free(&seen);
		return false;
	}
	param = buf_cstr(&oids);
	res = PQexecParams(conn, "SELECT t.oid::text, "
	    "pg_catalog.format_type(t.oid, NULL) FROM pg_catalog.pg_type t "
	    "WHERE t.oid = ANY($1::oid[])", 1, NULL, &param, NULL, NULL, 0);
	ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	for (int r = 0; ok && r < PQntuples(res); r++)
		strset_put(types, PQgetvalue(res, r, 0), PQgetvalue(res, r, 1));
	if (!ok)
		snprintf(why, whylen, "%.200s", PQresultErrorMessage(res));
	PQclear(res);
	buf_free(&oids);
	strset_free(&seen);
	return ok;
}

/* The statement without the comments and blank lines that follow its
 * last line, which must end in ';': its length, or 0 if it does not. */
static size_t
body_length(const char *sql)
{
	size_t end = strlen(sql);

	for (;;) {
		size_t start = end;
		const char *p;

		while (end > 0 && strchr(" \t\r\n", sql[end - 1]) != NULL)
			end--;
		start = end;
		while (start > 0 && sql[start - 1] != '\n')
			start--;
		p = sql + start;
		while (*p == ' ' || *p == '\t')
			p++;
		if (end == 0 || strncmp(p, "--", 2) != 0)
			break;
		end = start;
	}
	return end > 0 && sql[end - 1] == ';' ? end : 0;
}

/* The CREATE FUNCTION of one statement into out; false if it cannot be
 * written (a type without a name, a body that would end the quote). */
static bool
create_text(struct buf *out, const struct shape *sh, const char *sql,
    const struct strset *types)
{
	size_t len = body_length(sql);

	if (len == 0 || sh->ncols == 0 || strstr(sql, BODY_QUOTE) != NULL)
		return false;
	buf_reset(out);
	if (buf_printf(out, "SAVEPOINT ntm_wrap; CREATE FUNCTION "
	    WRAP_SCHEMA ".\"%s\"(", sh->name) != ERR_OK)
		return false;
	for (int t = 0; t < sh->nparams + sh->ncols; t++) {
		char oid[16];
		const char *type;

		snprintf(oid, sizeof(oid), "%u", (unsigned)sh->types[t]);
		if ((type = strset_get(types, oid)) == NULL || *type == '\0')
			return false;
		if (t == sh->nparams && buf_puts(out, ") RETURNS TABLE(") != ERR_OK)
			return false;
		if (t < sh->nparams ? buf_printf(out, "%s%s", t ? ", " : "",
		    type) : buf_printf(out, "%sntm_c%d %s", t > sh->nparams ?
		    ", " : "", t - sh->nparams, type) != ERR_OK)
			return false;
	}
	/* use_column: a column the query names is never taken for one of
	 * the function's output variables. */
	return buf_printf(out, ") LANGUAGE plpgsql AS " BODY_QUOTE
	    "\n#variable_conflict use_column\nBEGIN\nRETURN QUERY %.*s\nEND\n"
	    BODY_QUOTE "; RELEASE SAVEPOINT ntm_wrap", (int)len, sql) == ERR_OK;
}

/* Step 3: create the functions still missing in one transaction.  False
 * (why filled) if none could be. */
static bool
create_missing(PGconn *conn, int n, const char *const *sql,
    struct shape *shapes, char *why, size_t whylen)
{
	struct strset types;
	struct buf text;
	bool *made = xcalloc((size_t)n + 1, sizeof(*made));
	PGresult *res;
	bool ok;

	strset_init(&types);
	buf_init(&text, TEXT_MAX);
	/* One creator at a time (every connection of every process may be
	 * starting now); the next one then finds what this one made. */
	res = PQexec(conn, "BEGIN; SELECT pg_catalog.pg_advisory_xact_lock("
	    WRAP_LOCK ")");
	ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	PQclear(res);
	ok = ok && mark_existing(conn, n, shapes);
	if (ok) {
		res = PQexec(conn, "CREATE SCHEMA IF NOT EXISTS " WRAP_SCHEMA);
		ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		if (!ok)
			snprintf(why, whylen, "%.200s",
			    PQresultErrorMessage(res));
		PQclear(res);
	}
	ok = ok && type_names(conn, n, shapes, &types, why, whylen);
	for (int i = 0; ok && i < n; i++) {
		const char *state;

		if (shapes[i].name[0] == '\0' || shapes[i].wrapped ||
		    !create_text(&text, &shapes[i], sql[i], &types))
			continue;
		res = PQexec(conn, buf_cstr(&text));
		if (PQresultStatus(res) == PGRES_COMMAND_OK) {
			made[i] = true;
		} else if (PQstatus(conn) == CONNECTION_BAD) {
			ok = false;
		} else {
			/* 42723, 23505: another process made it meanwhile. */
			state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
			shapes[i].wrapped = state != NULL &&
			    (strcmp(state, "42723") == 0 ||
			    strcmp(state, "23505") == 0);
			PQclear(res);
			res = PQexec(conn, "ROLLBACK TO SAVEPOINT ntm_wrap");
			ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		}
		PQclear(res);
	}
	res = PQexec(conn, ok ? "COMMIT" : "ROLLBACK");
	if (ok && PQresultStatus(res) != PGRES_COMMAND_OK) {
		snprintf(why, whylen, "%.200s", PQresultErrorMessage(res));
		ok = false;
	}
	PQclear(res);
	for (int i = 0; ok && i < n; i++)
		shapes[i].wrapped = shapes[i].wrapped || made[i];
	free(made);
	buf_free(&text);
	strset_free(&types);
	return ok;
}

/* "SELECT * FROM ntm_stmt."name"($1, ...)".  The rows come in the order
 * the statement gives them: a function scan reads its result in order. */
static char *
call_text(const struct shape *sh)
{
	/* 63 of name, 16 per parameter ("$" and at most 5 digits: 65535) */
	size_t cap = 96 + 16 * (size_t)sh->nparams, len;
	char *out = xmalloc(cap);

	len = (size_t)snprintf(out, cap, "SELECT * FROM " WRAP_SCHEMA
	    ".\"%s\"(", sh->name);
	for (int p = 0; p < sh->nparams; p++)
		len += (size_t)snprintf(out + len, cap - len, "%s$%d",
		    p ? ", " : "", p + 1);
	snprintf(out + len, cap - len, ")");
	return out;
}

int
pg_wrap_reads(PGconn *conn, int n, const char *const *sql,
    const char *const *names, char **call, char *why, size_t whylen)
{
	struct shape *shapes = xcalloc((size_t)n + 1, sizeof(*shapes));
	int *idx = xcalloc((size_t)n + 1, sizeof(*idx));
	int nidx = 0, wrapped = 0;
	bool ok = true, missing = false;

	why[0] = '\0';
	for (int i = 0; i < n; i++)
		if (sql[i] != NULL)
			idx[nidx++] = i;
	for (int b = 0; ok && b < nidx; b += WRAP_BATCH)
		ok = describe_batch(conn, idx + b,
		    nidx - b < WRAP_BATCH ? nidx - b : WRAP_BATCH, sql, names,
		    shapes);
	if (!ok)
		snprintf(why, whylen, "%.200s", PQerrorMessage(conn));
	ok = ok && mark_existing(conn, n, shapes);
	for (int i = 0; ok && i < n; i++)
		missing = missing || (shapes[i].name[0] != '\0' &&
		    !shapes[i].wrapped);
	if (ok && missing)
		create_missing(conn, n, sql, shapes, why, whylen);
	for (int i = 0; i < n; i++) {
		if (ok && shapes[i].wrapped) {
			call[i] = call_text(&shapes[i]);
			wrapped++;
		}
		free(shapes[i].types);
	}
	free(shapes);
	free(idx);
	return wrapped;
}
