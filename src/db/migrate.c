/*
 * migrate.c - applies the numbered files schema/migrations/NNNN_slug.sql
 * (compiled into the binary, in name order) that the database has not yet
 * seen, each in its own transaction together with its schema_version row.
 * Backend-neutral: it uses only db.h.
 *
 * Dialect variants: where PostgreSQL needs different DDL (identity ids,
 * BIGINT times, byte-order collation of codes), NNNN_slug.pg.sql sits next
 * to NNNN_slug.sql and replaces it on PostgreSQL; SQLite ignores .pg.sql
 * files.  Either way the migration is recorded under its portable name,
 * so schema_version reads the same on both backends.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/embed.h"
#include "db/db.h"

#define MIGRATION_DIR "schema/migrations/"
#define PG_SUFFIX ".pg.sql"

static const char schema_version_ddl[] =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL)";

/* The number at the start of a migration file name, or -1. */
static long
migration_number(const char *path)
{
	const char *base = path + strlen(MIGRATION_DIR);
	char *end;
	long n = strtol(base, &end, 10);

	return (end == base || *end != '_') ? -1 : n;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/*
 * The file to apply for the migration at path on this backend: path
 * itself, its .pg.sql variant on PostgreSQL, or NULL to skip path (a
 * variant, on SQLite or when it is found through its portable file).
 * *name receives the portable file name recorded in schema_version.
 */
static const struct embedded_file *
migration_pick(struct db *db, const struct embedded_file *f, char *name,
    size_t namelen, struct errinfo *ei, enum err *e)
{
	const char *base = f->path + strlen(MIGRATION_DIR);
	bool pg = strcmp(db_backend(db), "postgresql") == 0;
	char other[256];
	size_t stem;

	*e = ERR_OK;
	if (ends_with(base, PG_SUFFIX)) {
		/* Applied from its portable file, which must exist so that
		 * both backends number their migrations alike. */
		stem = strlen(f->path) - strlen(PG_SUFFIX);
		snprintf(other, sizeof(other), "%.*s.sql", (int)stem, f->path);
		if (embed_find(other) == NULL)
			*e = err_set(ei, ERR_SYS, "db.migration", NULL,
			    "%s không có tệp chung %s",
			    "%s has no portable file %s", f->path, other);
		return NULL;
	}
	snprintf(name, namelen, "%s", base);
	if (!pg)
		return f;
	stem = strlen(f->path) - strlen(".sql");
	snprintf(other, sizeof(other), "%.*s%s", (int)stem, f->path, PG_SUFFIX);
	{
		const struct embedded_file *v = embed_find(other);

		return v != NULL ? v : f;
	}
}

int
db_schema_version(struct db *db, struct errinfo *ei)
{
	struct errinfo why;
	struct db_stmt *st = db_stmt_try(db, STMT_SCHEMA_VERSION_MAX, &why);
	int v = 0;

	if (st == NULL) {
		/* A statement that does not fit: no schema table yet. */
		if (strcmp(why.code, "db.prepare") == 0)
			return 0;
		if (ei != NULL)
			*ei = why;
		return -1;
	}
	switch (db_step(st, &why)) {
	case 1:
		v = (int)db_col_int(st, 0);
		break;
	case -1:	/* behind a pooler: prepared on another connection */
		if (ei != NULL)
			*ei = why;
		return -1;
	default:
		break;
	}
	return v;
}

/*
 * Whether the database records every migration of this binary, read
 * without a transaction: then db_migrate writes nothing, so a command run
 * against a live server's database (ntm audit verify, ntm backup) never
 * waits for the write lock, which a busy server may hold past the 5 s a
 * write waits for it.  False on any doubt (no table yet, a bad name): the
 * full path below decides and reports.
 */
static bool
all_applied(struct db *db)
{
	const struct embedded_file *f;
	bool all = true;

	for (f = embedded_files; all && f->path != NULL; f++) {
		struct db_stmt *st;
		long num;

		if (strncmp(f->path, MIGRATION_DIR, strlen(MIGRATION_DIR)) != 0 ||
		    ends_with(f->path, PG_SUFFIX))
			continue;
		if ((num = migration_number(f->path)) < 0 ||
		    (st = db_stmt_try(db, STMT_SCHEMA_VERSION_HAS, NULL)) == NULL)
			all = false;
		else {
			db_bind_int(st, 1, num);
			all = db_step(st, NULL) == 1;
		}
	}
	db_end_reads(db);
	return all;
}

enum err
db_migrate(struct db *db, int *applied, struct errinfo *ei)
{
	const struct embedded_file *f;
	int n = 0;
	enum err e;

	if (applied != NULL)
		*applied = 0;
	if (all_applied(db))
		return ERR_OK;
	/* In a write transaction: two first inits at once must not race to
	 * create the table. */
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	if ((e = db_exec_script(db, schema_version_ddl, ei)) != ERR_OK ||
	    (e = db_commit(db, ei)) != ERR_OK) {
		db_rollback(db);
		return e;
	}
	for (f = embedded_files; f->path != NULL; f++) {
		const struct embedded_file *use;
		char name[128], now[32];
		long num;
		int have;
		time_t t;
		struct tm tm;

		if (strncmp(f->path, MIGRATION_DIR, strlen(MIGRATION_DIR)) != 0)
			continue;
		if ((num = migration_number(f->path)) < 0)
			return err_set(ei, ERR_SYS, "db.migration", NULL,
			    "tên tệp migration không hợp lệ: %s",
			    "invalid migration file name: %s", f->path);
		if ((use = migration_pick(db, f, name, sizeof(name), ei,
		    &e)) == NULL) {
			if (e != ERR_OK)
				return e;
			continue;
		}
		if ((e = db_begin(db, ei)) != ERR_OK)
			return e;
		/* Checked inside the transaction so two concurrent inits
		 * cannot both apply the same file. */
		{
			struct db_stmt *st = db_stmt(db, STMT_SCHEMA_VERSION_HAS);

			db_bind_int(st, 1, num);
			have = db_step(st, ei) == 1;
		}
		if (have) {
			db_rollback(db);
			continue;
		}
		/* No read may stay open on the connection: SQLite refuses to
		 * DROP a table while a statement is pending ("database table is
		 * locked"), and a migration may rebuild tables. */
		db_end_reads(db);
		if ((e = db_exec_script(db, use->data, ei)) != ERR_OK) {
			/* Copied first: the new message is written where the
			 * cause is, and keeps it in both languages. */
			struct errinfo cause = *ei;

			db_rollback(db);
			return err_set(ei, e, "db.migration", NULL,
			    "migration %s thất bại: %s%.0s",
			    "migration %s failed: %.0s%s", use->path,
			    cause.message, cause.message_en);
		}
		/* The time as SQLite's CURRENT_TIMESTAMP writes it, on every
		 * backend. */
		t = time(NULL);
		gmtime_r(&t, &tm);
		strftime(now, sizeof(now), "%Y-%m-%d %H:%M:%S", &tm);
		{
			struct db_stmt *st = db_stmt(db, STMT_SCHEMA_VERSION_ADD);

			db_bind_int(st, 1, num);
			db_bind_text(st, 2, name);
			db_bind_text(st, 3, now);
			if ((e = db_exec(st, ei)) != ERR_OK) {
				db_rollback(db);
				return e;
			}
		}
		if ((e = db_commit(db, ei)) != ERR_OK)
			return e;
		n++;
	}
	if (applied != NULL)
		*applied = n;
	return ERR_OK;
}
