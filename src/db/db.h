/*
 * db.h - the one database interface of ntm, neutral between backends.
 *
 * Domain code reads and writes through statements declared by name in
 * src/db/sql/<feature>.sql ("-- name: units_get" blocks) and addressed by
 * the generated enum stmt_id (STMT_UNITS_GET).  Every statement is prepared
 * once per connection by db_prepare_all, so a statement that no longer
 * matches the schema stops start-up rather than a request.  Parameters are
 * always bound ("?" placeholders, 1-based); SQL is never built from input.
 *
 * A connection belongs to one thread at a time (the server keeps one per
 * worker thread).  One user action is one transaction: db_begin ..
 * db_commit, db_rollback on any error.
 *
 * Backends: SQLite (a file path, WAL mode, foreign keys on).  The interface
 * is what a libpq backend implements for "postgresql://" targets; SQL stays
 * portable (no backend-specific syntax outside dialect variants).
 *
 * Ownership: db_open returns a connection the caller closes with db_close;
 * statements belong to their connection.  Text returned by db_col_text is
 * valid until the next db_step or db_stmt on that statement.
 */
#ifndef NTM_DB_DB_H
#define NTM_DB_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "stmt_ids.h"

struct db;
struct db_stmt;

enum db_open_mode {
	DB_CREATE,	/* create the database if it does not exist (init) */
	DB_EXISTING,	/* ERR_INVALID "db.missing" if it does not exist */
};

/* Open a connection to target (a SQLite path, or a postgresql:// URL).
 * Does not migrate. */
enum err db_open(const char *target, enum db_open_mode mode, struct db **out,
    struct errinfo *ei);
void db_close(struct db *db);
const char *db_backend(const struct db *db);	/* "sqlite", "postgresql" */
bool db_target_is_pg(const char *target);
/* target fit for messages and logs: a URL's password removed
 * ("postgresql://ntm:secret@h/db" -> "postgresql://ntm@h/db").  The
 * result lives in a per-thread buffer until the next call. */
const char *db_target_safe(const char *target);

/* Apply the embedded schema/migrations/NNNN_*.sql not yet applied, each in
 * its own transaction, recording them in schema_version.  *applied (may be
 * NULL) receives how many ran. */
enum err db_migrate(struct db *db, int *applied, struct errinfo *ei);
/* The highest migration applied: 0 for a database never initialised (no
 * schema table), -1 with ei filled when the question itself failed (a lost
 * connection, a pooler that refuses named statements). */
int db_schema_version(struct db *db, struct errinfo *ei);

/* Prepare every named statement; ERR_DB naming the statement on failure. */
enum err db_prepare_all(struct db *db, struct errinfo *ei);

enum err db_begin(struct db *db, struct errinfo *ei);
/* Is a transaction begun with db_begin still open on db?  (A function
 * that may run inside its caller's transaction or on its own.) */
bool db_in_transaction(struct db *db);
enum err db_commit(struct db *db, struct errinfo *ei);
void db_rollback(struct db *db);

/* The prepared statement id, reset with its bindings cleared.  Aborts if
 * it cannot be prepared (db_prepare_all at start-up makes that impossible);
 * db_stmt_try returns NULL with ei filled instead. */
struct db_stmt *db_stmt(struct db *db, enum stmt_id id);
struct db_stmt *db_stmt_try(struct db *db, enum stmt_id id, struct errinfo *ei);
void db_bind_text(struct db_stmt *st, int i, const char *s);	/* NULL: NULL */
void db_bind_int(struct db_stmt *st, int i, int64_t v);
void db_bind_null(struct db_stmt *st, int i);
/* Bytes (BLOB in SQLite, bytea in PostgreSQL), copied at once. */
void db_bind_blob(struct db_stmt *st, int i, const void *p, size_t n);
/* 1: a row is ready; 0: done; -1: error (ei filled, ERR_DB or ERR_CONFLICT
 * for a constraint violation). */
int db_step(struct db_stmt *st, struct errinfo *ei);
/* Step to completion (for writes); ERR_OK or the error of db_step. */
enum err db_exec(struct db_stmt *st, struct errinfo *ei);
const char *db_col_text(struct db_stmt *st, int i);	/* NULL for NULL */
int64_t db_col_int(struct db_stmt *st, int i);
bool db_col_null(struct db_stmt *st, int i);
/* A BLOB/bytea column: the bytes and *n, valid like db_col_text's text
 * (NULL and *n = 0 for SQL NULL). */
const void *db_col_blob(struct db_stmt *st, int i, size_t *n);
int64_t db_changes(struct db *db);
/* End the reads of every statement left mid-result (a single-row lookup
 * is not stepped to its end).  Call after each user action: an open read
 * keeps an old snapshot, so the next action would not see newer writes
 * (and on SQLite it holds back WAL checkpoints). */
void db_end_reads(struct db *db);
/* A lookup is done with its row (copied out): end this statement's read
 * now, leaving the others' alone.  On SQLite a statement mid-result holds
 * its read snapshot, and a write transaction begun after it fails at once
 * ("busy") when another connection has committed since: the lookups a
 * write's checks make (units, scope) call this.  Its text is gone. */
void db_done(struct db_stmt *st);
/* End one user action begun with db_begin: commit when e is ERR_OK, else
 * roll back; then end the reads.  Returns e, or the commit's error. */
enum err db_finish(struct db *db, enum err e, struct errinfo *ei);

/* Set meta key to a token no other write, process or database can have
 * (time, nanoseconds, pid): the version token caches compare. */
enum err db_meta_bump(struct db *db, const char *key, struct errinfo *ei);

/*
 * The current value of meta key (a version token) into out (outlen bytes,
 * truncated; "" when the key is absent).  Returns 1 when the key exists,
 * 0 when it does not, -1 on error (ei filled).  As fresh as a read made
 * now: a commit made before the call, by any connection of any process,
 * is seen.  SQLite answers from the connection's memory of its last
 * reads while the database's WAL index shows that nothing has been
 * committed since they were made (no read transaction, no file lock: the
 * cost of a cached answer); PostgreSQL reads each time.  A key "a+b"
 * reads both and answers a digest of their tokens (1 when either
 * exists): the version of a view that depends on both.
 */
int db_meta_get(struct db *db, const char *key, char *out, size_t outlen,
    struct errinfo *ei);

/* Run a script of statements without results (migrations, maintenance). */
enum err db_exec_script(struct db *db, const char *sql, struct errinfo *ei);
/* A consistent copy of the whole database into a new file at path. */
enum err db_backup(struct db *db, const char *path, struct errinfo *ei);

/* The statement registry (parsed once from the embedded SQL files). */
const char *db_stmt_sql(enum stmt_id id);
const char *db_stmt_name(enum stmt_id id);

/*
 * A bulk load inside one transaction (on, after db_begin): the backend may
 * send the transaction's writes without waiting for each one's answer
 * (PostgreSQL's pipeline mode; SQLite runs them at once as always).  A
 * deferred write's error then surfaces at a later call (the next read,
 * db_commit, or db_defer_writes(db, false, ei), which collects every
 * answer), naming the statement, and db_changes is not known after one.
 * db_commit and db_rollback end it.  ERR_OK or a deferred write's error.
 */
enum err db_defer_writes(struct db *db, bool on, struct errinfo *ei);

/*
 * Read replicas (PostgreSQL streaming replication; web/replicas.c).
 * Positions are WAL positions (pg_lsn) as numbers: a standby that has
 * replayed position P sees every commit made before P was read.
 *
 * db_wal_position: the primary's WAL insert position now (read it after
 * a commit: it covers that commit).  0 on SQLite (no replication).
 * db_standby_state: what a standby has replayed, whether its WAL receiver
 * is streaming, and how far behind it is (seconds since the last replayed
 * commit while received WAL waits to be replayed, else 0).  Both return
 * ERR_OK or the error (ERR_UNAVAILABLE for a server gone).
 */
struct db_standby {
	bool in_recovery;	/* false: not a standby (promoted, a primary) */
	bool streaming;		/* its WAL receiver is connected */
	uint64_t replayed;
	double lag_s;
};
enum err db_wal_position(struct db *db, uint64_t *pos, struct errinfo *ei);
enum err db_standby_state(struct db *db, struct db_standby *out,
    struct errinfo *ei);

#endif
