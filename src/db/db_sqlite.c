/*
 * db_sqlite.c - the SQLite backend of db.h.
 *
 * One connection per thread; WAL so readers never wait for the writer;
 * synchronous=FULL so an acknowledged write survives power loss; foreign
 * keys on; a busy timeout so short write transactions queue rather than
 * fail.  Statements are prepared lazily on first use and eagerly by
 * db_prepare_all at start-up.
 *
 * When the PostgreSQL backend arrives (db_pg.c), these functions become the
 * SQLite half of a small dispatch table; callers do not change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/xalloc.h"
#include "db/db.h"

struct db_stmt {
	struct db *db;
	sqlite3_stmt *st;
	enum stmt_id id;
};

struct db {
	sqlite3 *conn;
	struct db_stmt stmts[STMT__MAX];
};

static enum err
sqlite_error(struct db *db, struct errinfo *ei, const char *what)
{
	int code = sqlite3_extended_errcode(db->conn);

	if ((code & 0xff) == SQLITE_CONSTRAINT)
		return err_set(ei, ERR_CONFLICT, "db.constraint", NULL,
		    "%s: %s", what, sqlite3_errmsg(db->conn));
	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		return err_set(ei, ERR_UNAVAILABLE, "db.busy", NULL,
		    "%s: cơ sở dữ liệu đang bận", what);
	return err_set(ei, ERR_DB, "db.error", NULL, "%s: %s", what,
	    sqlite3_errmsg(db->conn));
}

enum err
db_open(const char *target, enum db_open_mode mode, struct db **out,
    struct errinfo *ei)
{
	struct db *db;
	int rc;
	enum err e;

	*out = NULL;
	if (strncmp(target, "postgresql://", 13) == 0 ||
	    strncmp(target, "postgres://", 11) == 0)
		return err_set(ei, ERR_INVALID, "db.backend", "db",
		    "PostgreSQL chưa được hỗ trợ trong phiên bản này: %s", target);
	db = xcalloc(1, sizeof(*db));
	rc = sqlite3_open_v2(target, &db->conn, SQLITE_OPEN_READWRITE |
	    (mode == DB_CREATE ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc == SQLITE_CANTOPEN && mode == DB_EXISTING) {
		sqlite3_close(db->conn);
		free(db);
		return err_set(ei, ERR_INVALID, "db.missing", "db",
		    "không có cơ sở dữ liệu %s; chạy 'ntm init --db %s' trước",
		    target, target);
	}
	if (rc != SQLITE_OK) {
		e = err_set(ei, ERR_SYS, "db.open", "db",
		    "không mở được cơ sở dữ liệu %s: %s", target,
		    db->conn ? sqlite3_errmsg(db->conn) : sqlite3_errstr(rc));
		sqlite3_close(db->conn);
		free(db);
		return e;
	}
	sqlite3_busy_timeout(db->conn, 5000);
	sqlite3_extended_result_codes(db->conn, 1);
	e = db_exec_script(db,
	    "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=FULL;"
	    "PRAGMA foreign_keys=ON;"
	    "PRAGMA temp_store=MEMORY;", ei);
	if (e != ERR_OK) {
		db_close(db);
		return err_set(ei, ERR_SYS, "db.open", "db",
		    "không mở được cơ sở dữ liệu %s: %s", target, ei->message);
	}
	for (int i = 0; i < STMT__MAX; i++) {
		db->stmts[i].db = db;
		db->stmts[i].id = (enum stmt_id)i;
	}
	*out = db;
	return ERR_OK;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	for (int i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(db->stmts[i].st);
	sqlite3_close(db->conn);
	free(db);
}

const char *
db_backend(const struct db *db)
{
	(void)db;
	return "sqlite";
}

static enum err
stmt_prepare(struct db *db, enum stmt_id id, struct errinfo *ei)
{
	const char *sql = db_stmt_sql(id);

	if (sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &db->stmts[id].st, NULL) != SQLITE_OK) {
		return err_set(ei, ERR_DB, "db.prepare", NULL,
		    "câu lệnh %s không khớp lược đồ: %s", db_stmt_name(id),
		    sqlite3_errmsg(db->conn));
	}
	return ERR_OK;
}

enum err
db_prepare_all(struct db *db, struct errinfo *ei)
{
	for (int i = 0; i < STMT__MAX; i++) {
		if (db->stmts[i].st != NULL)
			continue;
		if (stmt_prepare(db, (enum stmt_id)i, ei) != ERR_OK)
			return ei ? ei->err : ERR_DB;
	}
	return ERR_OK;
}

enum err
db_exec_script(struct db *db, const char *sql, struct errinfo *ei)
{
	char *msg = NULL;

	if (sqlite3_exec(db->conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
		enum err e = err_set(ei, ERR_DB, "db.error", NULL, "%s",
		    msg ? msg : sqlite3_errmsg(db->conn));

		sqlite3_free(msg);
		return e;
	}
	return ERR_OK;
}

enum err
db_begin(struct db *db, struct errinfo *ei)
{
	/* IMMEDIATE: take the write lock now, so a transaction never fails
	 * half-way with SQLITE_BUSY on its first write. */
	return db_exec_script(db, "BEGIN IMMEDIATE", ei);
}

enum err
db_commit(struct db *db, struct errinfo *ei)
{
	return db_exec_script(db, "COMMIT", ei);
}

void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
}

struct db_stmt *
db_stmt(struct db *db, enum stmt_id id)
{
	struct db_stmt *s;

	if (id < 0 || id >= STMT__MAX)
		abort();
	s = &db->stmts[id];
	if (s->st == NULL && stmt_prepare(db, id, NULL) != ERR_OK) {
		fprintf(stderr, "ntm: cannot prepare %s: %s\n",
		    db_stmt_name(id), sqlite3_errmsg(db->conn));
		abort();
	}
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
	return s;
}

struct db_stmt *
db_stmt_try(struct db *db, enum stmt_id id, struct errinfo *ei)
{
	if (db->stmts[id].st == NULL && stmt_prepare(db, id, ei) != ERR_OK)
		return NULL;
	return db_stmt(db, id);
}

void
db_bind_text(struct db_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st->st, i);
	else
		sqlite3_bind_text(st->st, i, s, -1, SQLITE_TRANSIENT);
}

void
db_bind_int(struct db_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(st->st, i, v);
}

void
db_bind_null(struct db_stmt *st, int i)
{
	sqlite3_bind_null(st->st, i);
}

int
db_step(struct db_stmt *st, struct errinfo *ei)
{
	int rc = sqlite3_step(st->st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	sqlite_error(st->db, ei, db_stmt_name(st->id));
	sqlite3_reset(st->st);
	return -1;
}

enum err
db_exec(struct db_stmt *st, struct errinfo *ei)
{
	int rc;

	while ((rc = db_step(st, ei)) == 1)
		;
	return rc == 0 ? ERR_OK : (ei ? ei->err : ERR_DB);
}

const char *
db_col_text(struct db_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st->st, i);
}

int64_t
db_col_int(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(st->st, i);
}

bool
db_col_null(struct db_stmt *st, int i)
{
	return sqlite3_column_type(st->st, i) == SQLITE_NULL;
}

void
db_end_reads(struct db *db)
{
	for (int i = 0; i < STMT__MAX; i++)
		if (db->stmts[i].st != NULL && sqlite3_stmt_busy(db->stmts[i].st))
			sqlite3_reset(db->stmts[i].st);
}

int64_t
db_changes(struct db *db)
{
	return sqlite3_changes64(db->conn);
}

enum err
db_backup(struct db *db, const char *path, struct errinfo *ei)
{
	sqlite3 *dst;
	sqlite3_backup *bk;
	int rc;

	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		enum err e = err_set(ei, ERR_SYS, "backup.open", "file",
		    "không tạo được tệp sao lưu %s: %s", path, sqlite3_errmsg(dst));

		sqlite3_close(dst);
		return e;
	}
	/* The online backup API copies a consistent snapshot while other
	 * connections keep reading and writing. */
	bk = sqlite3_backup_init(dst, "main", db->conn, "main");
	if (bk == NULL) {
		enum err e = err_set(ei, ERR_DB, "backup.init", NULL,
		    "sao lưu thất bại: %s", sqlite3_errmsg(dst));

		sqlite3_close(dst);
		return e;
	}
	do {
		rc = sqlite3_backup_step(bk, 1024);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		enum err e = err_set(ei, ERR_DB, "backup.copy", NULL,
		    "sao lưu thất bại: %s", sqlite3_errstr(rc));

		sqlite3_close(dst);
		return e;
	}
	/* The copy is a standalone file: no WAL beside it. */
	sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	sqlite3_close(dst);
	return ERR_OK;
}
