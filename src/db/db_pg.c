/*
 * db_pg.c - the PostgreSQL backend of db.h, through libpq.
 *
 * A connection is one PGconn used by one thread at a time.  The named
 * statements of src/db/sql are the same text as on SQLite with each "?"
 * outside quoted text and comments rewritten to $1, $2...; each is prepared
 * once per connection (PQprepare, under its own name), lazily on first use
 * and all at once by db_prepare_all (in pipeline mode: a few round trips
 * for all of them).  Parameters travel in text format,
 * with their lengths (C strings, so never a NUL inside; the server converts
 * each to the type it inferred), results come back as text: db_col_int
 * parses them (strtoll), and reads booleans 't'/'f' as 1/0.
 *
 * A statement runs on its first db_step (PQexecPrepared) and its whole
 * result is held until the statement is reset, so no read keeps anything
 * open on the server; db_end_reads only frees results.
 *
 * Writes are serialised as on SQLite: db_begin opens the transaction and
 * takes one transaction-scoped advisory lock, so two ntm processes never
 * run write transactions at once (the audit chain's read-last-then-append,
 * the login throttle's count-then-add and every check-then-insert rely on
 * it), waiting at most 5 s like SQLite's busy timeout.  Reads never wait.
 *
 * A lost connection (the server restarted or went away) is reset once and
 * the statements are prepared again lazily.  A read outside a transaction
 * that failed because the connection died is run again on the new
 * connection; a write outside a transaction is not (it may have run), and
 * a transaction in progress is lost with its connection: every later call
 * in it fails with ERR_UNAVAILABLE "server.unavailable" until the caller
 * rolls back, and db_commit never reports success for it.  If the server
 * is still gone the error is the same, and the web layer answers 503
 * with Retry-After.
 *
 * Failover: given a multi-host URL (postgresql://u@h1:p1,h2:p2/db?
 * target_session_attrs=read-write, a pg_auto_failover formation), the
 * reset tries every host and keeps the one that accepts writes, so the
 * process follows a promoted standby by itself; until one is promoted
 * each user action tries once and answers 503.  A commit lost with the
 * primary is reported as lost (503), never as done: with synchronous
 * replication it may still have reached the standby, so a client retries
 * writes that are safe to repeat.
 *
 * Behind a pooler in transaction mode (pgbouncer's pool_mode=transaction)
 * a session's named statements are not there on the next server
 * connection, so NTM_PG_STATEMENTS=unnamed (read at connect) makes every
 * run send its text with its parameters (PQexecParams: the unnamed
 * statement, parsed and planned each time) instead of PQexecPrepared;
 * db_prepare_all still checks every text against the schema.  Nothing
 * else a session holds is used: the write lock and lock_timeout are
 * transaction-scoped.
 *
 * db_defer_writes (a bulk load in one transaction: ntm init's units) sends
 * the transaction's writes in libpq's pipeline mode without waiting for
 * each answer; the answers are collected (one round trip) before the next
 * read, script, commit or rollback, and every PG_PIPE_MAX writes, so
 * neither side's socket buffer fills.  A write's error surfaces then,
 * naming its statement, and the transaction is lost as always.
 *
 * db.c dispatches db.h's calls here through pg_ops (db_backend.h).
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "core/xalloc.h"
#include "db/db_backend.h"
#include "db/db_pg_wrap.h"

/* A transaction that wrote at least this many rows (an init, an import,
 * a copy) is followed by ANALYZE of the tables it wrote, so the plans of
 * every connection fit the new data at once rather than after
 * autovacuum's next round. */
#define PG_ANALYZE_ROWS	5000
/* The key of the advisory lock that serialises write transactions (any
 * fixed number; "ntm.wr" in ASCII). */
#define PG_WRITE_LOCK	"110116109046119114"
/* libpq's wait for an unreachable server (the default is forever). */
#define PG_CONNECT_TIMEOUT "10"
/* Deferred writes in flight before their answers are collected: their
 * answers (a few dozen bytes each) stay far below a socket buffer. */
#define PG_PIPE_MAX	512
/* The tables a transaction's writes name, up to this many, are the ones
 * its ANALYZE reads (more: the whole database).  Most of a database's
 * tables are untouched by any one load, and a whole-database ANALYZE
 * reads each of them. */
#define PG_ANALYZE_TABLES 16
/* PostgreSQL's NAMEDATALEN. */
#define PG_NAME_MAX	64

struct pg_stmt {
	struct db_stmt base;	/* first: db.c sees this */
	char *sql;		/* the text with $n, made on first use */
	char *call;		/* unnamed mode: its function's call (db_pg_wrap.h) */
	int nparams;
	bool readonly;		/* a SELECT: safe to run again after a reset */
	bool returns;		/* has RETURNING: its rows are read, never deferred */
	char table[PG_NAME_MAX]; /* the table a write names; "" if none found */
	bool prepared;		/* on the current connection */
	bool executed;		/* since the last reset of the statement */
	char **vals;		/* nparams bound values; NULL is SQL NULL */
	int *lens;
	int *fmts;		/* 1 for a bytea bound as bytes, else 0 */
	unsigned char *blob;	/* the last column read by pg_col_blob */
	PGresult *res;
	int row, nrows;
};

struct pg_db {
	struct db base;		/* first: db.c sees this */
	PGconn *conn;
	bool in_tx;		/* db_begin succeeded, no commit or rollback yet */
	bool tx_lost;		/* the connection died inside that transaction */
	bool revive_failed;	/* a reconnect failed since the last end_reads */
	bool down;		/* the loss has been logged, the return not yet */
	int64_t changes;
	int64_t tx_rows;	/* rows written by the current transaction */
	char tx_tables[PG_ANALYZE_TABLES][PG_NAME_MAX]; /* the tables it wrote */
	int ntx_tables;
	bool tx_all_tables;	/* one it wrote is not in tx_tables */
	bool unnamed;		/* NTM_PG_STATEMENTS=unnamed: no named statements */
	bool wrap_tried;	/* pg_wrap_reads ran on this connection */
	bool defer;		/* db_defer_writes: pipeline this transaction's writes */
	bool piped;		/* in pipeline mode, answers not yet collected */
	int *pend;		/* what was sent in it: stmt id * 2 (+1: a prepare) */
	size_t npend, pend_cap;
	struct pg_stmt stmts[STMT__MAX];
};

static const struct db_ops pg_ops;

#define PDB(d)	((struct pg_db *)(d))
#define PST(s)	((struct pg_stmt *)(s))

/* ---- helpers --------------------------------------------------------- */

static void
pg_quiet(void *arg, const char *message)
{
	/* NOTICEs ("relation already exists, skipping") are not errors. */
	(void)arg;
	(void)message;
}

/* The first line of a libpq message, without "ERROR:  " and trailing
 * space, into out. */
static void
one_line(const char *msg, char *out, size_t outlen)
{
	size_t n;

	if (msg == NULL)
		msg = "";
	if (strncmp(msg, "ERROR:  ", 8) == 0)
		msg += 8;
	else if (strncmp(msg, "FATAL:  ", 8) == 0)
		msg += 8;
	n = strcspn(msg, "\n");
	while (n > 0 && (msg[n - 1] == ' ' || msg[n - 1] == '\r'))
		n--;
	snprintf(out, outlen, "%.*s", (int)(n < 300 ? n : 300), msg);
}

/* user@host:port/dbname of a connection (never the password). */
static void
pg_where(PGconn *conn, char *out, size_t outlen)
{
	const char *u = PQuser(conn), *h = PQhost(conn), *p = PQport(conn),
	    *d = PQdb(conn);

	snprintf(out, outlen, "%.60s%s%.100s:%.10s/%.60s", u ? u : "",
	    u && *u ? "@" : "", h && *h ? h : "localhost", p && *p ? p : "5432",
	    d ? d : "");
}

/* SQLSTATEs after which the session is gone whatever PQstatus says.
 * 25006 (read-only transaction) means the server this session reached is
 * a standby now (a demoted primary): resetting the connection lets a
 * multi-host URL with target_session_attrs=read-write find the new
 * primary. */
static bool
state_lost(const char *state)
{
	return state != NULL && (strncmp(state, "08", 2) == 0 ||
	    strcmp(state, "57P01") == 0 || strcmp(state, "57P02") == 0 ||
	    strcmp(state, "57P03") == 0 || strcmp(state, "25006") == 0);
}

static bool
result_lost(struct pg_db *db, const PGresult *res)
{
	return PQstatus(db->conn) == CONNECTION_BAD ||
	    state_lost(res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL);
}

/* The connection is gone; why_vi and why_en say what was lost (a
 * statement's name, the same in both). */
static enum err
unavailable(struct errinfo *ei, const char *why_vi, const char *why_en)
{
	return err_set(ei, ERR_UNAVAILABLE, "server.unavailable", NULL,
	    "mất kết nối tới cơ sở dữ liệu (%s%.0s); hãy thử lại sau",
	    "the connection to the database was lost (%.0s%s); try again "
	    "later", why_vi, why_en);
}

static enum err
unavailable_no_answer(struct errinfo *ei)
{
	return unavailable(ei, "máy chủ cơ sở dữ liệu không trả lời",
	    "the database server does not answer");
}

static enum err
unavailable_tx_lost(struct errinfo *ei)
{
	return unavailable(ei, "giao dịch đã mất cùng kết nối",
	    "the transaction was lost with the connection");
}

/* An error the server reported for res (not a lost connection). */
static enum err
pg_error(struct pg_db *db, const PGresult *res, struct errinfo *ei,
    const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ?
	    PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char msg[320];

	one_line(primary ? primary : PQerrorMessage(db->conn), msg, sizeof(msg));
	if (state != NULL && strncmp(state, "23", 2) == 0)
		return err_set(ei, ERR_CONFLICT, "db.constraint", NULL,
		    "%s: %s", "%s: %s", what, msg);
	if (state != NULL && (strcmp(state, "40001") == 0 ||
	    strcmp(state, "40P01") == 0))
		return err_set(ei, ERR_CONFLICT, "db.conflict", NULL,
		    "%s: giao dịch xung đột với một giao dịch khác; hãy thử lại",
		    "%s: the transaction conflicts with another one; try "
		    "again", what);
	if (state != NULL && (strcmp(state, "55P03") == 0 ||
	    strcmp(state, "57014") == 0))
		return err_set(ei, ERR_UNAVAILABLE, "db.busy", NULL,
		    "%s: cơ sở dữ liệu đang bận", "%s: the database is busy",
		    what);
	return err_set(ei, ERR_DB, "db.error", NULL, "%s: %s", "%s: %s", what,
	    msg);
}

/* Forget what the old session had: its prepared statements and the
 * results read from it. */
static void
forget_session(struct pg_db *db)
{
	for (int i = 0; i < STMT__MAX; i++)
		db->stmts[i].prepared = false;
}

/*
 * Reconnect after a lost connection: once per user action (until the next
 * db_end_reads), so a request whose server is gone fails at once on its
 * later statements instead of waiting for a connect each time.  Not
 * inside a transaction: its work died with the old session, and
 * statements run on a fresh one would each commit on their own.  ERR_OK
 * if the server is back.  The operator's log gets one line when the
 * server goes and one when it is back; the client's message names no host.
 */
static enum err
pg_revive(struct pg_db *db, struct errinfo *ei)
{
	char where[256], msg[320];

	if (db->revive_failed)
		return unavailable_no_answer(ei);
	pg_where(db->conn, where, sizeof(where));
	PQreset(db->conn);
	forget_session(db);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		db->revive_failed = true;
		if (!db->down) {
			one_line(PQerrorMessage(db->conn), msg, sizeof(msg));
			fprintf(stderr, "ntm: PostgreSQL %s unavailable: %s\n",
			    where, msg);
			db->down = true;
		}
		return unavailable_no_answer(ei);
	}
	PQsetNoticeProcessor(db->conn, pg_quiet, NULL);
	/* The server reached now: after a failover, the new primary. */
	pg_where(db->conn, where, sizeof(where));
	fprintf(stderr, "ntm: PostgreSQL %s: reconnected\n", where);
	db->down = false;
	return ERR_OK;
}

/* Before sending anything: a usable session, or why not. */
static enum err
pg_ready(struct pg_db *db, struct errinfo *ei)
{
	if (db->tx_lost)
		return unavailable_tx_lost(ei);
	if (PQstatus(db->conn) == CONNECTION_OK)
		return ERR_OK;
	if (db->in_tx) {
		db->tx_lost = true;
		return unavailable_tx_lost(ei);
	}
	return pg_revive(db, ei);
}

/* The connection died under a command: lose the transaction if there is
 * one (until db_rollback), else reconnect for the next command. */
static enum err
pg_lost(struct pg_db *db, struct errinfo *ei, const char *what)
{
	if (db->in_tx) {
		db->tx_lost = true;
		return unavailable(ei, what, what);
	}
	pg_revive(db, NULL);
	return unavailable(ei, what, what);
}

/*
 * sql with every ? outside '...', "..." and comments replaced by $1, $2...
 * into out (NULL: only count); returns the number of placeholders.  out
 * must hold strlen(sql) + 11 * count + 1 bytes.
 */
static int
rewrite_placeholders(const char *sql, char *out)
{
	enum { CODE, SQUOTE, DQUOTE, LINE, BLOCK } in = CODE;
	int n = 0;

	for (const char *p = sql; *p != '\0'; p++) {
		switch (in) {
		case CODE:
			if (*p == '?') {
				n++;
				if (out != NULL)
					out += snprintf(out, 12, "$%d", n);
				continue;
			}
			if (*p == '\'')
				in = SQUOTE;
			else if (*p == '"')
				in = DQUOTE;
			else if (p[0] == '-' && p[1] == '-')
				in = LINE;
			else if (p[0] == '/' && p[1] == '*')
				in = BLOCK;
			break;
		case SQUOTE:	/* '' inside is a close and a reopen */
			if (*p == '\'')
				in = CODE;
			break;
		case DQUOTE:
			if (*p == '"')
				in = CODE;
			break;
		case LINE:
			if (*p == '\n')
				in = CODE;
			break;
		case BLOCK:
			if (p[0] == '*' && p[1] == '/') {
				if (out != NULL)
					*out++ = *p++;
				in = CODE;
			}
			break;
		}
		if (out != NULL)
			*out++ = *p;
	}
	if (out != NULL)
		*out = '\0';
	return n;
}

/* p past space and -- comments. */
static const char *
skip_space(const char *p)
{
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (p[0] == '-' && p[1] == '-') {
			p += strcspn(p, "\n");
			continue;
		}
		return p;
	}
}

/* Does sql start with SELECT (after space and comments)? */
static bool
sql_is_select(const char *p)
{
	return strncasecmp(skip_space(p), "SELECT", 6) == 0;
}

/* p past the keyword word and the space after it, or NULL if p does not
 * start with it. */
static const char *
skip_word(const char *p, const char *word)
{
	size_t n = strlen(word);

	if (strncasecmp(p, word, n) != 0 || strchr(" \t\n\r", p[n]) == NULL ||
	    p[n] == '\0')
		return NULL;
	return skip_space(p + n);
}

/* The table an INSERT, UPDATE, DELETE or MERGE names into out ("" for
 * any other statement, or a name it cannot read). */
static void
write_table(const char *sql, char *out, size_t outlen)
{
	const char *p = skip_space(sql), *q;
	size_t n;

	out[0] = '\0';
	if ((q = skip_word(p, "INSERT")) != NULL ||
	    (q = skip_word(p, "MERGE")) != NULL)
		q = skip_word(q, "INTO");
	else if ((q = skip_word(p, "DELETE")) != NULL)
		q = skip_word(q, "FROM");
	else
		q = skip_word(p, "UPDATE");
	if (q == NULL)
		return;
	n = strspn(q, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.");
	if (n > 0 && n < outlen) {
		memcpy(out, q, n);
		out[n] = '\0';
	}
}

/* The $n text of a statement, made once per connection struct. */
static void
stmt_text(struct pg_stmt *s)
{
	const char *sql;
	int n;

	if (s->sql != NULL)
		return;
	sql = db_stmt_sql(s->base.id);
	n = rewrite_placeholders(sql, NULL);
	s->sql = xmalloc(strlen(sql) + 11 * (size_t)n + 1);
	rewrite_placeholders(sql, s->sql);
	s->nparams = n;
	s->readonly = sql_is_select(sql);
	s->returns = strstr(sql, "RETURNING") != NULL ||
	    strstr(sql, "returning") != NULL;
	write_table(sql, s->table, sizeof(s->table));
	if (n > 0) {
		s->vals = xcalloc((size_t)n, sizeof(*s->vals));
		s->lens = xcalloc((size_t)n, sizeof(*s->lens));
		s->fmts = xcalloc((size_t)n, sizeof(*s->fmts));
	}
}

static void
stmt_reset(struct pg_stmt *s)
{
	PQclear(s->res);
	s->res = NULL;
	s->executed = false;
	s->row = -1;
	s->nrows = 0;
	PQfreemem(s->blob);
	s->blob = NULL;
	for (int i = 0; i < s->nparams; i++) {
		free(s->vals[i]);
		s->vals[i] = NULL;
		s->lens[i] = 0;
		s->fmts[i] = 0;
	}
}

/* A named statement that another client made, or that is gone, on this
 * server session: a pooler in transaction mode hands the sessions round. */
static enum err
pooled_hint(struct errinfo *ei, const char *name, const char *msg)
{
	return err_set(ei, ERR_DB, "db.pooled", NULL,
	    "câu lệnh %s: %s (qua pgbouncer ở chế độ transaction? đặt "
	    "NTM_PG_STATEMENTS=unnamed, xem docs/DEPLOY.md)",
	    "statement %s: %s (through pgbouncer in transaction mode? set "
	    "NTM_PG_STATEMENTS=unnamed, see docs/DEPLOY.md)", name, msg);
}

/*
 * The answer res to preparing statement s (PQprepare, or one collected
 * from a pipeline): ERR_OK and s prepared; ERR_DB naming the statement if
 * the server refused it (*unfit, may be NULL, is set when the text does
 * not fit the schema: SQLSTATE class 42; 42P05, a name already taken,
 * gives the pooler hint); ERR_UNAVAILABLE if the connection failed under
 * it.
 */
static enum err
prepare_result(struct pg_db *db, struct pg_stmt *s, const PGresult *res,
    bool *unfit, struct errinfo *ei)
{
	const char *name = db_stmt_name(s->base.id);
	const char *state;
	char msg[280];

	if (unfit != NULL)
		*unfit = false;
	if (PQresultStatus(res) == PGRES_COMMAND_OK) {
		s->prepared = true;
		return ERR_OK;
	}
	if (result_lost(db, res))
		return unavailable(ei, name, name);
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (unfit != NULL)
		*unfit = state != NULL && strncmp(state, "42", 2) == 0 &&
		    strcmp(state, "42P05") != 0;
	one_line(PQresultErrorMessage(res), msg, sizeof(msg));
	if (state != NULL && strcmp(state, "42P05") == 0)
		return pooled_hint(ei, name, msg);
	return err_set(ei, ERR_DB, "db.prepare", NULL,
	    "câu lệnh %s không khớp lược đồ: %s",
	    "statement %s does not match the schema: %s", name, msg);
}

/*
 * Prepare statement s on the current session (see prepare_result).  In
 * unnamed mode this is only the check that the text fits the schema.
 */
static enum err
stmt_prepare(struct pg_db *db, struct pg_stmt *s, bool *unfit,
    struct errinfo *ei)
{
	PGresult *res;
	enum err e;

	stmt_text(s);
	res = PQprepare(db->conn, db->unnamed ? "" : db_stmt_name(s->base.id),
	    s->sql, 0, NULL);
	e = prepare_result(db, s, res, unfit, ei);
	PQclear(res);
	return e;
}

/* The transaction wrote to s's table: remember it for its ANALYZE. */
static void
note_table(struct pg_db *db, const struct pg_stmt *s)
{
	if (db->tx_all_tables)
		return;
	for (int i = 0; i < db->ntx_tables; i++)
		if (strcmp(db->tx_tables[i], s->table) == 0)
			return;
	if (s->table[0] == '\0' || db->ntx_tables == PG_ANALYZE_TABLES) {
		db->tx_all_tables = true;
		return;
	}
	snprintf(db->tx_tables[db->ntx_tables++], PG_NAME_MAX, "%s",
	    s->table);
}

/* Record the row count of a write (INSERT/UPDATE/DELETE/MERGE) result of
 * statement s. */
static void
note_changes(struct pg_db *db, const struct pg_stmt *s, PGresult *res)
{
	const char *tag = PQcmdStatus(res);

	if (strncmp(tag, "INSERT", 6) == 0 || strncmp(tag, "UPDATE", 6) == 0 ||
	    strncmp(tag, "DELETE", 6) == 0 || strncmp(tag, "MERGE", 5) == 0) {
		db->changes = strtoll(PQcmdTuples(res), NULL, 10);
		if (db->in_tx && db->changes > 0) {
			db->tx_rows += db->changes;
			note_table(db, s);
		}
	}
}

/* ---- deferred writes (pipeline mode) ----------------------------------- */

/* After a pipeline's results: whether the answer to its Sync came next
 * (anything else: the connection is not to be trusted). */
static bool
sync_answered(struct pg_db *db)
{
	PGresult *res = PQgetResult(db->conn);
	bool ok = PQresultStatus(res) == PGRES_PIPELINE_SYNC;

	PQclear(res);
	return ok;
}

static void
pend_add(struct pg_db *db, enum stmt_id id, bool prepare)
{
	if (db->npend == db->pend_cap) {
		db->pend_cap = db->pend_cap ? 2 * db->pend_cap : PG_PIPE_MAX + 2;
		db->pend = xrealloc(db->pend, db->pend_cap * sizeof(*db->pend));
	}
	db->pend[db->npend++] = (int)id * 2 + (prepare ? 1 : 0);
}

/*
 * Collect the answers of everything sent since pipeline mode began (one
 * Sync, one round trip) and leave it.  ERR_OK, or the first error the
 * server reported (the transaction has then failed), or ERR_UNAVAILABLE if
 * the connection died under it.
 */
static enum err
pipe_flush(struct pg_db *db, struct errinfo *ei)
{
	enum err e = ERR_OK;
	const char *what = "pipeline";
	bool lost;
	PGresult *res;

	if (!db->piped)
		return ERR_OK;
	lost = PQpipelineSync(db->conn) != 1;
	for (size_t i = 0; i < db->npend && !lost; i++) {
		enum stmt_id id = (enum stmt_id)(db->pend[i] / 2);
		bool prepare = db->pend[i] % 2;

		while ((res = PQgetResult(db->conn)) != NULL) {
			ExecStatusType rs = PQresultStatus(res);

			if (rs == PGRES_COMMAND_OK || rs == PGRES_TUPLES_OK) {
				if (!prepare)
					note_changes(db, &db->stmts[id], res);
			} else if (rs == PGRES_PIPELINE_ABORTED) {
				/* skipped after an earlier error */
				if (prepare)
					db->stmts[id].prepared = false;
			} else if (result_lost(db, res)) {
				lost = true;
				what = db_stmt_name(id);
			} else {
				if (prepare)
					db->stmts[id].prepared = false;
				if (e == ERR_OK)
					e = pg_error(db, res, ei, db_stmt_name(id));
			}
			PQclear(res);
		}
		lost = lost || PQstatus(db->conn) == CONNECTION_BAD;
	}
	lost = lost || !sync_answered(db);
	db->npend = 0;
	db->piped = false;
	if (lost || PQexitPipelineMode(db->conn) != 1) {
		forget_session(db);
		return pg_lost(db, ei, what);
	}
	return e;
}

/*
 * Send the write s without waiting for its answer (pipeline mode, entered
 * on the first one); an empty result stands for it.  NULL with ei filled if
 * an earlier answer collected here was an error.
 */
static PGresult *
stmt_send(struct pg_db *db, struct pg_stmt *s, struct errinfo *ei)
{
	const char *name = db_stmt_name(s->base.id);
	int ok;

	if (!db->piped) {
		if (pg_ready(db, ei) != ERR_OK)
			return NULL;
		if (PQenterPipelineMode(db->conn) != 1) {
			pg_lost(db, ei, name);
			return NULL;
		}
		db->piped = true;
	}
	if (!s->prepared && !db->unnamed) {
		if (PQsendPrepare(db->conn, name, s->sql, 0, NULL) != 1)
			goto lost;
		pend_add(db, s->base.id, true);
		s->prepared = true;
	}
	ok = db->unnamed ? PQsendQueryParams(db->conn, s->sql, s->nparams,
	    NULL, (const char *const *)s->vals, s->lens, s->fmts, 0) :
	    PQsendQueryPrepared(db->conn, name, s->nparams,
	    (const char *const *)s->vals, s->lens, s->fmts, 0);
	if (ok != 1)
		goto lost;
	pend_add(db, s->base.id, false);
	if (db->npend >= PG_PIPE_MAX && pipe_flush(db, ei) != ERR_OK)
		return NULL;
	db->changes = 0;	/* unknown until collected */
	return PQmakeEmptyPGresult(db->conn, PGRES_COMMAND_OK);
lost:
	/* The collect reports the loss (or the error that came first). */
	if (pipe_flush(db, ei) == ERR_OK)
		pg_lost(db, ei, name);
	return NULL;
}

/*
 * Run statement s with its bound parameters; its result, or NULL with ei
 * filled.  A lost connection is reset once; only a read outside a
 * transaction is then run again (a write may already have happened).
 */
static PGresult *
stmt_run(struct pg_db *db, struct pg_stmt *s, struct errinfo *ei)
{
	const char *name = db_stmt_name(s->base.id);

	if (db->defer && db->in_tx && !s->readonly && !s->returns)
		return stmt_send(db, s, ei);
	if (pipe_flush(db, ei) != ERR_OK)
		return NULL;
	for (int attempt = 0; attempt < 2; attempt++) {
		PGresult *res;
		ExecStatusType rs;
		enum err e;

		if (pg_ready(db, ei) != ERR_OK)
			return NULL;
		if (!s->prepared && !db->unnamed &&
		    (e = stmt_prepare(db, s, NULL, ei)) != ERR_OK) {
			if (e != ERR_UNAVAILABLE)
				return NULL;
			/* Nothing ran yet: outside a transaction, reconnect
			 * and try once more. */
			if (db->in_tx || attempt > 0)
				break;
			if (pg_revive(db, ei) != ERR_OK)
				return NULL;
			continue;
		}
		res = db->unnamed ? PQexecParams(db->conn,
		    s->call != NULL ? s->call : s->sql, s->nparams,
		    NULL, (const char *const *)s->vals, s->lens, s->fmts, 0) :
		    PQexecPrepared(db->conn, name, s->nparams,
		    (const char *const *)s->vals, s->lens, s->fmts, 0);
		rs = PQresultStatus(res);
		if (rs == PGRES_TUPLES_OK || rs == PGRES_COMMAND_OK) {
			note_changes(db, s, res);
			return res;
		}
		if (!result_lost(db, res)) {
			const char *state = PQresultErrorField(res,
			    PG_DIAG_SQLSTATE);
			char msg[280];

			one_line(PQresultErrorMessage(res), msg, sizeof(msg));
			if (state != NULL && strcmp(state, "26000") == 0)
				pooled_hint(ei, name, msg);
			else
				pg_error(db, res, ei, name);
			PQclear(res);
			return NULL;
		}
		PQclear(res);
		if (db->in_tx || !s->readonly || attempt > 0)
			break;
		if (pg_revive(db, ei) != ERR_OK)
			return NULL;
	}
	pg_lost(db, ei, name);
	return NULL;
}

/* Run a command without parameters (BEGIN, COMMIT, a script); its result
 * or NULL with ei filled and *lost (may be NULL) set if the connection
 * failed under it.  Never sent twice. */
static PGresult *
pg_command(struct pg_db *db, const char *sql, bool *lost, struct errinfo *ei,
    const char *what)
{
	PGresult *res;
	ExecStatusType rs;

	if (lost != NULL)
		*lost = false;
	if (pipe_flush(db, ei) != ERR_OK)
		return NULL;
	if (pg_ready(db, ei) != ERR_OK) {
		if (lost != NULL)
			*lost = true;
		return NULL;
	}
	res = PQexec(db->conn, sql);
	rs = PQresultStatus(res);
	if (rs == PGRES_COMMAND_OK || rs == PGRES_TUPLES_OK ||
	    rs == PGRES_EMPTY_QUERY)
		return res;
	if (result_lost(db, res)) {
		PQclear(res);
		if (lost != NULL)
			*lost = true;
		pg_lost(db, ei, what);
		return NULL;
	}
	pg_error(db, res, ei, what);
	PQclear(res);
	return NULL;
}

/* ---- open and close -------------------------------------------------- */

enum err
db_pg_open(const char *target, enum db_open_mode mode, struct db **out,
    struct errinfo *ei)
{
	/* Later keywords override earlier ones: the URL may set its own
	 * timeouts, but the session is always UTF-8.  Keepalives and the TCP
	 * user timeout turn a server host that vanished (no RST) into an
	 * error within about a minute rather than the kernel's quarter of an
	 * hour. */
	static const char *const keys[] = { "connect_timeout",
	    "keepalives_idle", "keepalives_interval", "keepalives_count",
	    "tcp_user_timeout", "dbname", "client_encoding",
	    "fallback_application_name", NULL };
	const char *vals[] = { PG_CONNECT_TIMEOUT, "30", "10", "3", "60000",
	    target, "UTF8", "ntm", NULL };
	struct pg_db *db;
	const char *enc;
	char where[256], msg[320];

	/* A PostgreSQL database always exists before ntm sees it (createdb);
	 * whether it is initialised is db_schema_version's question. */
	(void)mode;
	*out = NULL;
	db = xcalloc(1, sizeof(*db));
	db->base.ops = &pg_ops;
	if ((db->conn = PQconnectdbParams(keys, vals, 1)) == NULL)
		abort();	/* out of memory */
	pg_where(db->conn, where, sizeof(where));
	if (PQstatus(db->conn) != CONNECTION_OK) {
		one_line(PQerrorMessage(db->conn), msg, sizeof(msg));
		PQfinish(db->conn);
		free(db);
		return err_set(ei, ERR_UNAVAILABLE, "db.unavailable", "db",
		    "không kết nối được PostgreSQL %s: %s",
		    "cannot connect to PostgreSQL %s: %s", where, msg);
	}
	enc = PQparameterStatus(db->conn, "server_encoding");
	if (enc == NULL || strcmp(enc, "UTF8") != 0 ||
	    PQserverVersion(db->conn) < 100000) {
		enum err e = err_set(ei, ERR_INVALID, "db.unsupported", "db",
		    "PostgreSQL %s: cần phiên bản 10 trở lên và cơ sở dữ liệu "
		    "mã UTF8 (createdb -E UTF8 -T template0), có %s phiên bản %d",
		    "PostgreSQL %s: needs version 10 or later and a UTF8 "
		    "database (createdb -E UTF8 -T template0), found %s "
		    "version %d",
		    where, enc ? enc : "?", PQserverVersion(db->conn));

		PQfinish(db->conn);
		free(db);
		return e;
	}
	PQsetNoticeProcessor(db->conn, pg_quiet, NULL);
	{
		const char *how = getenv("NTM_PG_STATEMENTS");

		db->unnamed = how != NULL && strcmp(how, "unnamed") == 0;
	}
	for (int i = 0; i < STMT__MAX; i++) {
		db->stmts[i].base.db = &db->base;
		db->stmts[i].base.id = (enum stmt_id)i;
		db->stmts[i].row = -1;
	}
	*out = &db->base;
	return ERR_OK;
}

static void
pg_close(struct db *d)
{
	struct pg_db *db = PDB(d);

	for (int i = 0; i < STMT__MAX; i++) {
		struct pg_stmt *s = &db->stmts[i];

		stmt_reset(s);
		free(s->sql);
		free(s->call);
		free(s->vals);
		free(s->lens);
		free(s->fmts);
	}
	PQfinish(db->conn);
	free(db->pend);
	free(db);
}

/* ---- statements ------------------------------------------------------ */

/*
 * Collect the answers to n prepares sent in pipeline mode (ids: their
 * statements), then the Sync's, and leave pipeline mode.  The first
 * refusal is reported as stmt_prepare would; the server skipped the rest.
 */
static enum err
prepare_collect(struct pg_db *db, const int *ids, int n, struct errinfo *ei)
{
	enum err e = ERR_OK;
	const char *what = "prepare";
	bool lost = false;
	PGresult *res;

	for (int i = 0; i < n && !lost; i++) {
		struct pg_stmt *s = &db->stmts[ids[i]];

		while ((res = PQgetResult(db->conn)) != NULL) {
			if (PQresultStatus(res) != PGRES_PIPELINE_ABORTED &&
			    e == ERR_OK &&
			    (e = prepare_result(db, s, res, NULL, ei)) ==
			    ERR_UNAVAILABLE) {
				lost = true;
				what = db_stmt_name(s->base.id);
			}
			PQclear(res);
		}
		lost = lost || PQstatus(db->conn) == CONNECTION_BAD;
	}
	lost = lost || !sync_answered(db);
	if (lost || PQexitPipelineMode(db->conn) != 1)
		return pg_lost(db, ei, what);
	return e;
}

/*
 * Prepare (in unnamed mode: check) up to PG_PIPE_MAX statements from
 * *next on, those the session has not seen, in one round trip (pipeline
 * mode); *next moves past them.
 */
static enum err
prepare_batch(struct pg_db *db, int *next, struct errinfo *ei)
{
	int ids[PG_PIPE_MAX], n = 0;
	bool sent = true;
	enum err e;

	if (PQenterPipelineMode(db->conn) != 1)
		return pg_lost(db, ei, "prepare");
	for (; *next < STMT__MAX && n < PG_PIPE_MAX; (*next)++) {
		struct pg_stmt *s = &db->stmts[*next];

		if (s->prepared)
			continue;
		stmt_text(s);
		if (PQsendPrepare(db->conn, db->unnamed ? "" :
		    db_stmt_name(s->base.id), s->sql, 0, NULL) != 1) {
			sent = false;
			break;
		}
		ids[n++] = *next;
	}
	if (PQpipelineSync(db->conn) != 1)
		return pg_lost(db, ei, "prepare");
	e = prepare_collect(db, ids, n, ei);
	if (e == ERR_OK && !sent)	/* never a loop on a broken send */
		e = pg_lost(db, ei, "prepare");
	return e;
}

/*
 * Unnamed mode: run the session's SELECTs as functions whose plans the
 * server keeps (db_pg_wrap.h), unless NTM_PG_WRAP=off (bench/pooling.sh
 * measures both).  Once per connection; a refusal (no right to create,
 * a standby) is said once per process and the statements run unwrapped.
 */
static enum err
wrap_reads(struct pg_db *db, struct errinfo *ei)
{
	static bool told;
	const char *off = getenv("NTM_PG_WRAP");
	const char *sql[STMT__MAX], *names[STMT__MAX];
	char *call[STMT__MAX] = { 0 }, why[256];

	db->wrap_tried = true;
	if (off != NULL && strcmp(off, "off") == 0)
		return ERR_OK;
	for (int i = 0; i < STMT__MAX; i++) {
		stmt_text(&db->stmts[i]);
		sql[i] = db->stmts[i].readonly ? db->stmts[i].sql : NULL;
		names[i] = db_stmt_name((enum stmt_id)i);
	}
	pg_wrap_reads(db->conn, STMT__MAX, sql, names, call, why, sizeof(why));
	for (int i = 0; i < STMT__MAX; i++) {
		free(db->stmts[i].call);
		db->stmts[i].call = call[i];
	}
	if (PQstatus(db->conn) == CONNECTION_BAD ||
	    PQpipelineStatus(db->conn) != PQ_PIPELINE_OFF ||
	    PQtransactionStatus(db->conn) != PQTRANS_IDLE) {
		forget_session(db);
		return pg_lost(db, ei, "wrap");
	}
	if (why[0] != '\0' && !__atomic_exchange_n(&told, true,
	    __ATOMIC_RELAXED)) {
		char line[256];

		one_line(why, line, sizeof(line));
		fprintf(stderr, "ntm: PostgreSQL: read statements are planned "
		    "on every run (%s)\n", line);
	}
	return ERR_OK;
}

/* Every statement, all sent before any answer is awaited: a process
 * starts in a few round trips rather than one per statement. */
static enum err
pg_prepare_all(struct db *d, struct errinfo *ei)
{
	struct pg_db *db = PDB(d);
	enum err e;

	if ((e = pipe_flush(db, ei)) != ERR_OK)
		return e;
	for (int next = 0; next < STMT__MAX;) {
		if ((e = pg_ready(db, ei)) != ERR_OK)
			return e;
		if ((e = prepare_batch(db, &next, ei)) != ERR_OK)
			return e;
	}
	if (db->unnamed && !db->wrap_tried && !db->in_tx)
		return wrap_reads(db, ei);
	return ERR_OK;
}

/*
 * The statement, reset, prepared if the session has not seen it.  NULL
 * only if the server refuses the text (it does not fit the schema); with
 * the connection gone or the transaction already failed the statement is
 * returned unprepared and its db_step reports why.
 */
static struct db_stmt *
pg_stmt(struct db *d, enum stmt_id id, struct errinfo *ei)
{
	struct pg_db *db = PDB(d);
	struct pg_stmt *s = &db->stmts[id];
	bool unfit;

	stmt_text(s);
	stmt_reset(s);
	if (!s->prepared && !db->piped && pg_ready(db, NULL) == ERR_OK &&
	    PQtransactionStatus(db->conn) != PQTRANS_INERROR &&
	    stmt_prepare(db, s, &unfit, ei) != ERR_OK && unfit)
		return NULL;
	return &s->base;
}

static void
pg_bind_text(struct db_stmt *st, int i, const char *v)
{
	struct pg_stmt *s = PST(st);

	if (i < 1 || i > s->nparams)
		return;
	free(s->vals[i - 1]);
	s->vals[i - 1] = v ? xstrdup(v) : NULL;
	s->lens[i - 1] = v ? (int)strlen(v) : 0;
	s->fmts[i - 1] = 0;
}

/* Bytes go in binary format (no escaping); results come back as text, so
 * a bytea column is unescaped on reading. */
static void
pg_bind_blob(struct db_stmt *st, int i, const void *p, size_t n)
{
	struct pg_stmt *s = PST(st);

	if (i < 1 || i > s->nparams)
		return;
	free(s->vals[i - 1]);
	s->vals[i - 1] = xmalloc(n ? n : 1);
	if (n)
		memcpy(s->vals[i - 1], p, n);
	s->lens[i - 1] = (int)n;
	s->fmts[i - 1] = 1;
}

static void
pg_bind_int(struct db_stmt *st, int i, int64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%" PRId64, v);
	pg_bind_text(st, i, num);
}

static void
pg_bind_null(struct db_stmt *st, int i)
{
	pg_bind_text(st, i, NULL);
}

static int
pg_step(struct db_stmt *st, struct errinfo *ei)
{
	struct pg_stmt *s = PST(st);

	if (!s->executed) {
		if ((s->res = stmt_run(PDB(st->db), s, ei)) == NULL)
			return -1;
		s->executed = true;
		s->nrows = PQntuples(s->res);
		s->row = -1;
	}
	if (s->row + 1 < s->nrows) {
		s->row++;
		return 1;
	}
	s->row = s->nrows;
	return 0;
}

static bool
have_cell(const struct pg_stmt *s, int i)
{
	return s->res != NULL && s->row >= 0 && s->row < s->nrows && i >= 0 &&
	    i < PQnfields(s->res);
}

static const char *
pg_col_text(struct db_stmt *st, int i)
{
	struct pg_stmt *s = PST(st);

	if (!have_cell(s, i) || PQgetisnull(s->res, s->row, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

static const void *
pg_col_blob(struct db_stmt *st, int i, size_t *n)
{
	struct pg_stmt *s = PST(st);
	const char *v = pg_col_text(st, i);

	*n = 0;
	PQfreemem(s->blob);
	s->blob = NULL;
	if (v == NULL)
		return NULL;
	s->blob = PQunescapeBytea((const unsigned char *)v, n);
	return s->blob;
}

static int64_t
pg_col_int(struct db_stmt *st, int i)
{
	const char *v = pg_col_text(st, i);

	if (v == NULL)
		return 0;
	if (v[0] == 't')
		return 1;
	if (v[0] == 'f')
		return 0;
	return strtoll(v, NULL, 10);
}

static bool
pg_col_null(struct db_stmt *st, int i)
{
	return pg_col_text(st, i) == NULL;
}

static int64_t
pg_changes(struct db *d)
{
	return PDB(d)->changes;
}

static void
pg_end_reads(struct db *d)
{
	struct pg_db *db = PDB(d);

	db->revive_failed = false;	/* the next action may reconnect */
	for (int i = 0; i < STMT__MAX; i++)
		if (db->stmts[i].res != NULL) {
			PQclear(db->stmts[i].res);
			db->stmts[i].res = NULL;
			db->stmts[i].executed = false;
			db->stmts[i].row = -1;
			db->stmts[i].nrows = 0;
		}
}

/* ---- transactions and scripts ----------------------------------------- */

static enum err
pg_exec_script(struct db *d, const char *sql, struct errinfo *ei)
{
	PGresult *res = pg_command(PDB(d), sql, NULL, ei, "script");

	if (res == NULL)
		return ei ? ei->err : ERR_DB;
	PQclear(res);
	return ERR_OK;
}

static enum err
pg_begin(struct db *d, struct errinfo *ei)
{
	/* One script, one round trip: the transaction, SQLite's 5 s busy
	 * timeout for every lock it waits for, and the write lock. */
	static const char sql[] = "BEGIN; SET LOCAL lock_timeout = '5s'; "
	    "SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")";
	struct pg_db *db = PDB(d);
	PGresult *res;

	if (db->tx_lost) {	/* a caller that never rolled back */
		db->tx_lost = false;
		db->in_tx = false;
	}
	if (db->in_tx)
		return err_set(ei, ERR_DB, "db.error", NULL,
		    "BEGIN: đã ở trong một giao dịch",
		    "BEGIN: already within a transaction");
	/* Nothing has happened if BEGIN finds the connection dead: reconnect
	 * and start again once. */
	for (int attempt = 0; attempt < 2; attempt++) {
		bool lost;

		if ((res = pg_command(db, sql, &lost, ei, "BEGIN")) != NULL) {
			PQclear(res);
			db->in_tx = true;
			db->tx_rows = 0;
			db->ntx_tables = 0;
			db->tx_all_tables = false;
			return ERR_OK;
		}
		if (!lost || PQstatus(db->conn) != CONNECTION_OK)
			break;
	}
	if (PQstatus(db->conn) == CONNECTION_OK &&
	    PQtransactionStatus(db->conn) != PQTRANS_IDLE) {
		PGresult *r = PQexec(db->conn, "ROLLBACK");

		PQclear(r);
	}
	return ei ? ei->err : ERR_DB;
}

/* ANALYZE what the committed transaction wrote (best effort): one
 * ANALYZE per table, in one round trip (a list in one ANALYZE needs
 * PostgreSQL 11). */
static void
analyze_written(struct pg_db *db)
{
	char sql[PG_ANALYZE_TABLES * (PG_NAME_MAX + 10) + 1];
	size_t n = 0;

	if (db->tx_all_tables || db->ntx_tables == 0) {
		PQclear(PQexec(db->conn, "ANALYZE"));
		return;
	}
	for (int i = 0; i < db->ntx_tables; i++)
		n += (size_t)snprintf(sql + n, sizeof(sql) - n, "ANALYZE %s; ",
		    db->tx_tables[i]);
	PQclear(PQexec(db->conn, sql));
}

static enum err
pg_commit(struct db *d, struct errinfo *ei)
{
	struct pg_db *db = PDB(d);
	PGresult *res;
	enum err e = ERR_OK;

	if (!db->in_tx)
		return err_set(ei, ERR_DB, "db.error", NULL,
		    "COMMIT: không có giao dịch nào",
		    "COMMIT: there is no transaction");
	if (db->tx_lost) {
		db->tx_lost = false;
		db->in_tx = false;
		return unavailable(ei, "giao dịch đã mất cùng kết nối, "
		    "không được ghi", "the transaction was lost with the "
		    "connection, nothing was written");
	}
	db->defer = false;
	res = pg_command(db, "COMMIT", NULL, ei, "COMMIT");
	if (res == NULL) {
		/* Lost under COMMIT: the outcome is unknown, never success. */
		e = ei ? ei->err : ERR_DB;
		db->tx_lost = false;
	} else {
		/* A transaction that had failed answers COMMIT with ROLLBACK. */
		if (strcmp(PQcmdStatus(res), "COMMIT") != 0)
			e = err_set(ei, ERR_DB, "db.error", NULL,
			    "COMMIT: giao dịch đã bị hủy vì một lỗi trước đó",
			    "COMMIT: the transaction was cancelled by an "
			    "earlier error");
		PQclear(res);
	}
	db->in_tx = false;
	if (e == ERR_OK && db->tx_rows >= PG_ANALYZE_ROWS)
		analyze_written(db);
	return e;
}

static enum err
pg_defer_writes(struct db *d, bool on, struct errinfo *ei)
{
	struct pg_db *db = PDB(d);

	if (on) {
		db->defer = db->in_tx;	/* only inside a transaction */
		return ERR_OK;
	}
	db->defer = false;
	return pipe_flush(db, ei);
}

static bool
pg_in_transaction(struct db *d)
{
	return PDB(d)->in_tx;
}

static void
pg_rollback(struct db *d)
{
	struct pg_db *db = PDB(d);

	db->in_tx = false;
	db->defer = false;
	pipe_flush(db, NULL);	/* its answers no longer matter */
	if (db->tx_lost) {
		/* The server already rolled it back with the session. */
		db->tx_lost = false;
		return;
	}
	if (PQstatus(db->conn) == CONNECTION_OK &&
	    PQtransactionStatus(db->conn) != PQTRANS_IDLE)
		PQclear(PQexec(db->conn, "ROLLBACK"));
}

/* ---- backup ------------------------------------------------------------ */

/* Append " key='value'" (libpq quoting) to the conninfo in out; false if
 * it does not fit. */
static bool
conninfo_add(char *out, size_t outlen, const char *key, const char *val)
{
	size_t n = strlen(out), need = strlen(key) + 4;

	for (const char *p = val; *p != '\0'; p++)
		need += (*p == '\'' || *p == '\\') ? 2 : 1;
	if (n + need >= outlen)
		return false;
	n += (size_t)snprintf(out + n, outlen - n, "%s%s='", n ? " " : "", key);
	for (const char *p = val; *p != '\0'; p++) {
		if (*p == '\'' || *p == '\\')
			out[n++] = '\\';
		out[n++] = *p;
	}
	out[n++] = '\'';
	out[n] = '\0';
	return true;
}

/*
 * A consistent dump with PostgreSQL's own tool: pg_dump --format=custom
 * (restore with pg_restore), run directly (no shell).  The connection is
 * passed as key=value options without the password, which goes through
 * the environment so that it never shows in the process list.
 */
static enum err
pg_backup(struct db *d, const char *path, struct errinfo *ei)
{
	struct pg_db *db = PDB(d);
	PQconninfoOption *opts = PQconninfo(db->conn);
	char conninfo[4096] = "";
	const char *pass = PQpass(db->conn);
	bool fits = true;
	pid_t pid;
	int status;

	if (opts == NULL)
		abort();	/* out of memory */
	for (PQconninfoOption *o = opts; o->keyword != NULL; o++)
		if (o->val != NULL && o->val[0] != '\0' &&
		    strstr(o->keyword, "password") == NULL)
			fits = fits && conninfo_add(conninfo, sizeof(conninfo),
			    o->keyword, o->val);
	PQconninfoFree(opts);
	if (!fits)
		return err_set(ei, ERR_LIMIT, "backup.dump", NULL,
		    "tham số kết nối quá dài cho pg_dump",
		    "the connection parameters are too long for pg_dump");
	fflush(NULL);
	if ((pid = fork()) < 0)
		return err_set(ei, ERR_SYS, "backup.dump", NULL,
		    "không chạy được pg_dump: %s", "cannot run pg_dump: %s",
		    strerror(errno));
	if (pid == 0) {
		char *const argv[] = { "pg_dump", "--format=custom", "--file",
		    (char *)path, "--dbname", conninfo, NULL };

		if (pass != NULL && pass[0] != '\0')
			setenv("PGPASSWORD", pass, 1);
		execvp(argv[0], argv);
		fprintf(stderr, "ntm: pg_dump: %s\n", strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return err_set(ei, ERR_SYS, "backup.dump", NULL,
			    "pg_dump: %s", "pg_dump: %s", strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return err_set(ei, ERR_SYS, "backup.dump", NULL,
		    "không chạy được pg_dump (cần gói postgresql-client)",
		    "cannot run pg_dump (the postgresql-client package is "
		    "needed)");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return WIFEXITED(status) ?
		    err_set(ei, ERR_SYS, "backup.dump", NULL,
		    "pg_dump thất bại (mã %d)", "pg_dump failed (status %d)",
		    WEXITSTATUS(status)) :
		    err_set(ei, ERR_SYS, "backup.dump", NULL,
		    "pg_dump thất bại (tín hiệu %d)",
		    "pg_dump failed (signal %d)", WTERMSIG(status));
	return ERR_OK;
}

static const struct db_ops pg_ops = {
	.name = "postgresql",
	.close = pg_close,
	.prepare_all = pg_prepare_all,
	.exec_script = pg_exec_script,
	.begin = pg_begin,
	.in_transaction = pg_in_transaction,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.stmt = pg_stmt,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.col_blob = pg_col_blob,
	.bind_int = pg_bind_int,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_text = pg_col_text,
	.col_int = pg_col_int,
	.col_null = pg_col_null,
	.changes = pg_changes,
	.end_reads = pg_end_reads,
	.backup = pg_backup,
	.defer_writes = pg_defer_writes,
};

/* ---- replication positions (db.h: read replicas) ---------------------- */

/* "16/B374D848" (pg_lsn text) as a number; 0 if it is not one. */
static uint64_t
lsn_parse(const char *s)
{
	unsigned long hi, lo;
	char *end;

	if (s == NULL || *s == '\0')
		return 0;
	hi = strtoul(s, &end, 16);
	if (*end != '/')
		return 0;
	lo = strtoul(end + 1, &end, 16);
	if (*end != '\0' || hi > 0xffffffffUL || lo > 0xffffffffUL)
		return 0;
	return ((uint64_t)hi << 32) | lo;
}

enum err
db_wal_position(struct db *d, uint64_t *pos, struct errinfo *ei)
{
	PGresult *res;

	*pos = 0;
	if (d->ops != &pg_ops)
		return ERR_OK;
	/* The insert position, not the write one: with synchronous_commit
	 * off a commit may not be written yet, and a standby can only have
	 * replayed it once it has been. */
	res = pg_command(PDB(d), "SELECT pg_current_wal_insert_lsn()::text",
	    NULL, ei, "pg_current_wal_insert_lsn");
	if (res == NULL)
		return ei ? ei->err : ERR_DB;
	if (PQntuples(res) == 1)
		*pos = lsn_parse(PQgetvalue(res, 0, 0));
	PQclear(res);
	return ERR_OK;
}

enum err
db_standby_state(struct db *d, struct db_standby *out, struct errinfo *ei)
{
	/* Lag: received WAL not yet replayed, since the last replayed
	 * commit's time; all received WAL replayed is no lag (an idle
	 * primary sends nothing, and the replay time then only ages). */
	static const char sql[] = "SELECT pg_is_in_recovery(), "
	    "COALESCE(pg_last_wal_replay_lsn()::text, ''), "
	    "(SELECT count(*) FROM pg_stat_wal_receiver "
	    "WHERE status = 'streaming'), "
	    "CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() "
	    "THEN 0 ELSE COALESCE(EXTRACT(EPOCH FROM now() - "
	    "pg_last_xact_replay_timestamp()), 0) END";
	PGresult *res;

	memset(out, 0, sizeof(*out));
	if (d->ops != &pg_ops)
		return ERR_OK;
	res = pg_command(PDB(d), sql, NULL, ei, "pg_last_wal_replay_lsn");
	if (res == NULL)
		return ei ? ei->err : ERR_DB;
	if (PQntuples(res) == 1) {
		out->in_recovery = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
		out->replayed = lsn_parse(PQgetvalue(res, 0, 1));
		out->streaming = strtol(PQgetvalue(res, 0, 2), NULL, 10) > 0;
		out->lag_s = strtod(PQgetvalue(res, 0, 3), NULL);
	}
	PQclear(res);
	return ERR_OK;
}
