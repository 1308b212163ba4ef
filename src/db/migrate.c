/*
 * migrate.c - applies the numbered files schema/migrations/NNNN_slug.sql
 * (compiled into the binary, in name order) that the database has not yet
 * seen, each in its own transaction together with its schema_version row.
 * Backend-neutral: it uses only db.h.
 */
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "db/db.h"

#define MIGRATION_DIR "schema/migrations/"

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

int
db_schema_version(struct db *db)
{
	struct db_stmt *st = db_stmt_try(db, STMT_SCHEMA_VERSION_MAX, NULL);
	int v = 0;

	if (st != NULL && db_step(st, NULL) == 1)
		v = (int)db_col_int(st, 0);
	return v;
}

enum err
db_migrate(struct db *db, int *applied, struct errinfo *ei)
{
	const struct embedded_file *f;
	int n = 0;
	enum err e;

	if ((e = db_exec_script(db, schema_version_ddl, ei)) != ERR_OK)
		return e;
	for (f = embedded_files; f->path != NULL; f++) {
		long num;
		int have;

		if (strncmp(f->path, MIGRATION_DIR, strlen(MIGRATION_DIR)) != 0)
			continue;
		if ((num = migration_number(f->path)) < 0)
			return err_set(ei, ERR_SYS, "db.migration", NULL,
			    "tên tệp migration không hợp lệ: %s", f->path);
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
		if ((e = db_exec_script(db, f->data, ei)) != ERR_OK) {
			db_rollback(db);
			return err_set(ei, e, "db.migration", NULL,
			    "migration %s thất bại: %s", f->path, ei->message);
		}
		{
			struct db_stmt *st = db_stmt(db, STMT_SCHEMA_VERSION_ADD);

			db_bind_int(st, 1, num);
			db_bind_text(st, 2, f->path + strlen(MIGRATION_DIR));
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
