/*
 * db_backend.h - what a database backend implements behind db.h.
 *
 * Each backend's connection struct starts with a struct db (whose ops
 * point to the backend's table) and its statement struct with a struct
 * db_stmt; db.c dispatches every public call through the table.  Only
 * db.c, db_sqlite.c and db_pg.c include this file.
 */
#ifndef NTM_DB_BACKEND_H
#define NTM_DB_BACKEND_H

#include "db/db.h"

struct db_ops {
	const char *name;
	void (*close)(struct db *db);
	enum err (*prepare_all)(struct db *db, struct errinfo *ei);
	enum err (*exec_script)(struct db *db, const char *sql,
	    struct errinfo *ei);
	enum err (*begin)(struct db *db, struct errinfo *ei);
	enum err (*commit)(struct db *db, struct errinfo *ei);
	void (*rollback)(struct db *db);
	bool (*in_transaction)(struct db *db);
	/* NULL with ei filled if the statement cannot be prepared. */
	struct db_stmt *(*stmt)(struct db *db, enum stmt_id id,
	    struct errinfo *ei);
	void (*bind_text)(struct db_stmt *st, int i, const char *s);
	void (*bind_int)(struct db_stmt *st, int i, int64_t v);
	void (*bind_null)(struct db_stmt *st, int i);
	void (*bind_blob)(struct db_stmt *st, int i, const void *p, size_t n);
	int (*step)(struct db_stmt *st, struct errinfo *ei);
	const char *(*col_text)(struct db_stmt *st, int i);
	int64_t (*col_int)(struct db_stmt *st, int i);
	bool (*col_null)(struct db_stmt *st, int i);
	const void *(*col_blob)(struct db_stmt *st, int i, size_t *n);
	int64_t (*changes)(struct db *db);
	void (*end_reads)(struct db *db);
	enum err (*backup)(struct db *db, const char *path, struct errinfo *ei);
	/* db_meta_get; NULL: read through STMT_META_GET every time. */
	int (*meta_get)(struct db *db, const char *key, char *out,
	    size_t outlen, struct errinfo *ei);
	/* db_defer_writes; NULL: writes always run at once. */
	enum err (*defer_writes)(struct db *db, bool on, struct errinfo *ei);
};

/* db_meta_get's read of the meta table itself (db.c). */
int db_meta_read(struct db *db, const char *key, char *out, size_t outlen,
    struct errinfo *ei);

struct db {
	const struct db_ops *ops;
};

struct db_stmt {
	struct db *db;
	enum stmt_id id;
};

enum err db_sqlite_open(const char *target, enum db_open_mode mode,
    struct db **out, struct errinfo *ei);
enum err db_pg_open(const char *target, enum db_open_mode mode,
    struct db **out, struct errinfo *ei);

#endif
