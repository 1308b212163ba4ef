/*
 * db.c - the public db.h calls, dispatched to the backend the target
 * names: "postgresql://..." (or "postgres://...") is PostgreSQL through
 * libpq, anything else a SQLite file.  See db_backend.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/hash.h"
#include "db/db_backend.h"

bool
db_target_is_pg(const char *target)
{
	return strncmp(target, "postgresql://", 13) == 0 ||
	    strncmp(target, "postgres://", 11) == 0;
}

const char *
db_target_safe(const char *target)
{
	static _Thread_local char buf[512];
	const char *scheme_end, *at, *colon;

	if (!db_target_is_pg(target) || (scheme_end = strstr(target, "://")) == NULL)
		return target;
	scheme_end += 3;
	/* The last '@' of the authority: a password may hold '@' itself. */
	at = NULL;
	for (const char *p = scheme_end; *p != '\0' && *p != '/' && *p != '?'; p++)
		if (*p == '@')
			at = p;
	colon = at ? memchr(scheme_end, ':', (size_t)(at - scheme_end)) : NULL;
	if (at == NULL || colon == NULL)
		return target;
	snprintf(buf, sizeof(buf), "%.*s%s", (int)(colon - target), target, at);
	return buf;
}

enum err
db_open(const char *target, enum db_open_mode mode, struct db **out,
    struct errinfo *ei)
{
	*out = NULL;
	if (db_target_is_pg(target))
		return db_pg_open(target, mode, out, ei);
	return db_sqlite_open(target, mode, out, ei);
}

void
db_close(struct db *db)
{
	if (db != NULL)
		db->ops->close(db);
}

const char *
db_backend(const struct db *db)
{
	return db->ops->name;
}

enum err
db_prepare_all(struct db *db, struct errinfo *ei)
{
	return db->ops->prepare_all(db, ei);
}

enum err
db_exec_script(struct db *db, const char *sql, struct errinfo *ei)
{
	return db->ops->exec_script(db, sql, ei);
}

enum err
db_begin(struct db *db, struct errinfo *ei)
{
	return db->ops->begin(db, ei);
}

bool
db_in_transaction(struct db *db)
{
	return db->ops->in_transaction(db);
}

enum err
db_commit(struct db *db, struct errinfo *ei)
{
	return db->ops->commit(db, ei);
}

void
db_rollback(struct db *db)
{
	db->ops->rollback(db);
}

struct db_stmt *
db_stmt(struct db *db, enum stmt_id id)
{
	struct errinfo ei;
	struct db_stmt *st;

	if (id < 0 || id >= STMT__MAX)
		abort();
	/* db_prepare_all at start-up makes a failure here a programming
	 * error, except on a lost connection, which the backend reports at
	 * the next step. */
	if ((st = db->ops->stmt(db, id, &ei)) == NULL)
		abort();
	return st;
}

struct db_stmt *
db_stmt_try(struct db *db, enum stmt_id id, struct errinfo *ei)
{
	if (id < 0 || id >= STMT__MAX)
		return NULL;
	return db->ops->stmt(db, id, ei);
}

void
db_bind_text(struct db_stmt *st, int i, const char *s)
{
	st->db->ops->bind_text(st, i, s);
}

void
db_bind_int(struct db_stmt *st, int i, int64_t v)
{
	st->db->ops->bind_int(st, i, v);
}

void
db_bind_null(struct db_stmt *st, int i)
{
	st->db->ops->bind_null(st, i);
}

void
db_bind_blob(struct db_stmt *st, int i, const void *p, size_t n)
{
	st->db->ops->bind_blob(st, i, p, n);
}

const void *
db_col_blob(struct db_stmt *st, int i, size_t *n)
{
	return st->db->ops->col_blob(st, i, n);
}

int
db_step(struct db_stmt *st, struct errinfo *ei)
{
	return st->db->ops->step(st, ei);
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
	return st->db->ops->col_text(st, i);
}

int64_t
db_col_int(struct db_stmt *st, int i)
{
	return st->db->ops->col_int(st, i);
}

bool
db_col_null(struct db_stmt *st, int i)
{
	return st->db->ops->col_null(st, i);
}

int64_t
db_changes(struct db *db)
{
	return db->ops->changes(db);
}

void
db_end_reads(struct db *db)
{
	db->ops->end_reads(db);
}

void
db_done(struct db_stmt *st)
{
	(void)db_stmt(st->db, st->id);	/* reset: its read ends */
}

enum err
db_backup(struct db *db, const char *path, struct errinfo *ei)
{
	return db->ops->backup(db, path, ei);
}

enum err
db_meta_bump(struct db *db, const char *key, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_META_SET);
	struct timespec ts;
	char token[64];

	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(token, sizeof(token), "%lld.%09ld.%ld", (long long)ts.tv_sec,
	    ts.tv_nsec, (long)getpid());
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, token);
	return db_exec(st, ei);
}

int
db_meta_read(struct db *db, const char *key, char *out, size_t outlen,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_META_GET);
	const char *v;
	int rc;

	db_bind_text(st, 1, key);
	rc = db_step(st, ei);
	v = rc == 1 ? db_col_text(st, 0) : NULL;
	snprintf(out, outlen, "%s", v != NULL ? v : "");
	/* Stepped to its end: no read left open by a single-row lookup. */
	if (rc == 1 && db_step(st, ei) < 0)
		return -1;
	return rc;
}

static int
meta_get_one(struct db *db, const char *key, char *out, size_t outlen,
    struct errinfo *ei)
{
	if (db->ops->meta_get != NULL)
		return db->ops->meta_get(db, key, out, outlen, ei);
	return db_meta_read(db, key, out, outlen, ei);
}

int
db_meta_get(struct db *db, const char *key, char *out, size_t outlen,
    struct errinfo *ei)
{
	char one[64], part[64];
	const char *p, *plus;
	uint64_t h = HASH_FNV1A_INIT;
	int found = 0, rc;

	if (strchr(key, '+') == NULL)
		return meta_get_one(db, key, out, outlen, ei);
	/* "a+b": a digest of the tokens of a and b, as short as one token
	 * (the caches keep tokens of up to 63 bytes): the version of a view
	 * that depends on both, e.g. the catalog on the market and OCOP. */
	for (p = key; p != NULL; p = plus != NULL ? plus + 1 : NULL) {
		size_t n;

		plus = strchr(p, '+');
		n = plus != NULL ? (size_t)(plus - p) : strlen(p);
		if (n >= sizeof(part))
			n = sizeof(part) - 1;
		memcpy(part, p, n);
		part[n] = '\0';
		if ((rc = meta_get_one(db, part, one, sizeof(one), ei)) < 0)
			return -1;
		found |= rc;
		h = hash_fnv1a_str(h, rc == 1 ? one : "");
	}
	snprintf(out, outlen, "%016llx", (unsigned long long)h);
	return found;
}

enum err
db_finish(struct db *db, enum err e, struct errinfo *ei)
{
	if (e == ERR_OK)
		e = db_commit(db, ei);
	if (e != ERR_OK)
		db_rollback(db);
	db_end_reads(db);
	return e;
}

enum err
db_defer_writes(struct db *db, bool on, struct errinfo *ei)
{
	if (db->ops->defer_writes == NULL)
		return ERR_OK;
	return db->ops->defer_writes(db, on, ei);
}
