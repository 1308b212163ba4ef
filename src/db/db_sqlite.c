/*
 * db_sqlite.c - the SQLite backend of db.h.
 *
 * One connection per thread; WAL so readers never wait for the writer;
 * synchronous=FULL so an acknowledged write survives power loss; foreign
 * keys on; a busy timeout so short write transactions queue rather than
 * fail.  Statements are prepared lazily on first use and eagerly by
 * db_prepare_all at start-up.
 *
 * db.c dispatches db.h's calls here through sqlite_ops (db_backend.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/xalloc.h"
#include "db/db_backend.h"

/*
 * The WAL index header: the first 48 bytes of the -shm file, kept twice
 * (at offsets 0 and 48).  A commit, by any connection of any process,
 * rewrites it (its change counter, frame count and checksums change):
 * the second copy first, then a memory barrier, then the first.  Its
 * layout is SQLite's documented WAL-index format (walformat.html), read
 * here exactly as SQLite's own readers do (walIndexTryHdr), through the
 * connection's own mapping of region 0 (the VFS's xShmMap).
 */
#define WAL_HDR_SIZE		48
#define WAL_INDEX_REGION	32768	/* WALINDEX_PGSZ: SQLite's region size */
#define WAL_INDEX_VERSION	3007000u
#define META_MEMO_MAX		8

struct sqlite_stmt {
	struct db_stmt base;	/* first: db.c sees this */
	sqlite3_stmt *st;
	bool stepped;		/* in stepped[] until the next end_reads */
};

struct sqlite_db {
	struct db base;		/* first: db.c sees this */
	sqlite3 *conn;
	struct sqlite_stmt stmts[STMT__MAX];
	/* The statements stepped since the last end_reads: only these can
	 * have a read open, so end_reads visits them instead of all
	 * STMT__MAX (a cached answer steps one statement of ~250). */
	int nstepped;
	enum stmt_id stepped[STMT__MAX];

	/* db_meta_get's memory: values read while the WAL index header was
	 * `seen` (copied before the reads).  While the header is unchanged
	 * nothing has been committed since, so they are still current. */
	bool wal;		/* the database is in WAL mode */
	bool shm_ready;		/* a read has mapped the WAL index */
	unsigned char seen[WAL_HDR_SIZE];
	int nmemo;
	struct meta_memo {
		char key[32];
		char value[64];
		int rc;		/* db_meta_get's: 1 found, 0 absent */
	} memo[META_MEMO_MAX];
};

static const struct db_ops sqlite_ops;

#define SDB(d)	((struct sqlite_db *)(d))
#define SST(s)	((struct sqlite_stmt *)(s))

static enum err
sqlite_error(struct sqlite_db *db, struct errinfo *ei, const char *what)
{
	int code = sqlite3_extended_errcode(db->conn);

	if ((code & 0xff) == SQLITE_CONSTRAINT)
		return err_set(ei, ERR_CONFLICT, "db.constraint", NULL,
		    "%s: %s", "%s: %s", what, sqlite3_errmsg(db->conn));
	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		return err_set(ei, ERR_UNAVAILABLE, "db.busy", NULL,
		    "%s: cơ sở dữ liệu đang bận", "%s: the database is busy",
		    what);
	return err_set(ei, ERR_DB, "db.error", NULL, "%s: %s", "%s: %s", what,
	    sqlite3_errmsg(db->conn));
}

static enum err sqlite_exec_script(struct db *, const char *, struct errinfo *);
static void sqlite_close(struct db *);

/* The answer of "PRAGMA journal_mode=...": the mode now in force. */
static int
journal_mode_cb(void *arg, int ncol, char **vals, char **names)
{
	bool *wal = arg;

	(void)names;
	*wal = ncol == 1 && vals[0] != NULL && strcmp(vals[0], "wal") == 0;
	return 0;
}

enum err
db_sqlite_open(const char *target, enum db_open_mode mode, struct db **out,
    struct errinfo *ei)
{
	struct sqlite_db *db;
	int rc;
	enum err e;

	*out = NULL;
	db = xcalloc(1, sizeof(*db));
	db->base.ops = &sqlite_ops;
	rc = sqlite3_open_v2(target, &db->conn, SQLITE_OPEN_READWRITE |
	    (mode == DB_CREATE ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc == SQLITE_CANTOPEN && mode == DB_EXISTING) {
		sqlite3_close(db->conn);
		free(db);
		return err_set(ei, ERR_INVALID, "db.missing", "db",
		    "không có cơ sở dữ liệu %s; chạy 'ntm init --db %s' trước",
		    "there is no database %s; run 'ntm init --db %s' first",
		    target, target);
	}
	if (rc != SQLITE_OK) {
		e = err_set(ei, ERR_SYS, "db.open", "db",
		    "không mở được cơ sở dữ liệu %s: %s",
		    "cannot open the database %s: %s", target,
		    db->conn ? sqlite3_errmsg(db->conn) : sqlite3_errstr(rc));
		sqlite3_close(db->conn);
		free(db);
		return e;
	}
	sqlite3_busy_timeout(db->conn, 5000);
	sqlite3_extended_result_codes(db->conn, 1);
	e = sqlite_exec_script(&db->base,
	    "PRAGMA synchronous=FULL;"
	    "PRAGMA foreign_keys=ON;"
	    "PRAGMA temp_store=MEMORY;", ei);
	/* WAL (it stays set in the file); the mode the database is in
	 * afterwards tells db_meta_get whether it has a WAL index to read. */
	if (e == ERR_OK && sqlite3_exec(db->conn, "PRAGMA journal_mode=WAL",
	    journal_mode_cb, &db->wal, NULL) != SQLITE_OK)
		e = err_set(ei, ERR_DB, "db.error", NULL, "%s", "%s",
		    sqlite3_errmsg(db->conn));
	if (e != ERR_OK) {
		/* Copied first: the new message is written where the cause
		 * (the failed pragma) is, and keeps it in both languages. */
		struct errinfo cause = { 0 };

		if (ei != NULL)
			cause = *ei;
		sqlite_close(&db->base);
		return err_set(ei, ERR_SYS, "db.open", "db",
		    "không mở được cơ sở dữ liệu %s: %.150s%.0s",
		    "cannot open the database %s: %.0s%.150s", target,
		    cause.message, cause.message_en);
	}
	for (int i = 0; i < STMT__MAX; i++) {
		db->stmts[i].base.db = &db->base;
		db->stmts[i].base.id = (enum stmt_id)i;
	}
	*out = &db->base;
	return ERR_OK;
}

static void
sqlite_close(struct db *d)
{
	struct sqlite_db *db = SDB(d);

	for (int i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(db->stmts[i].st);
	sqlite3_close(db->conn);
	free(db);
}

static enum err
stmt_prepare(struct sqlite_db *db, enum stmt_id id, struct errinfo *ei)
{
	const char *sql = db_stmt_sql(id);

	if (sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &db->stmts[id].st, NULL) != SQLITE_OK) {
		return err_set(ei, ERR_DB, "db.prepare", NULL,
		    "câu lệnh %s không khớp lược đồ: %s",
		    "statement %s does not match the schema: %s",
		    db_stmt_name(id),
		    sqlite3_errmsg(db->conn));
	}
	return ERR_OK;
}

static enum err
sqlite_prepare_all(struct db *d, struct errinfo *ei)
{
	struct sqlite_db *db = SDB(d);

	for (int i = 0; i < STMT__MAX; i++) {
		if (db->stmts[i].st != NULL)
			continue;
		if (stmt_prepare(db, (enum stmt_id)i, ei) != ERR_OK)
			return ei ? ei->err : ERR_DB;
	}
	return ERR_OK;
}

static enum err
sqlite_exec_script(struct db *d, const char *sql, struct errinfo *ei)
{
	struct sqlite_db *db = SDB(d);
	char *msg = NULL;

	if (sqlite3_exec(db->conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int code = sqlite3_extended_errcode(db->conn) & 0xff;
		/* BEGIN IMMEDIATE refused for a lock (another writer past the
		 * busy timeout, or this connection's read snapshot gone stale)
		 * is "busy, try again" like a statement's, not a failure. */
		enum err e = code == SQLITE_BUSY || code == SQLITE_LOCKED ?
		    sqlite_error(db, ei, "script") :
		    err_set(ei, ERR_DB, "db.error", NULL, "%s", "%s",
		    msg ? msg : sqlite3_errmsg(db->conn));

		sqlite3_free(msg);
		return e;
	}
	return ERR_OK;
}

static enum err
sqlite_begin(struct db *db, struct errinfo *ei)
{
	/* IMMEDIATE: take the write lock now, so a transaction never fails
	 * half-way with SQLITE_BUSY on its first write. */
	return sqlite_exec_script(db, "BEGIN IMMEDIATE", ei);
}

static enum err
sqlite_commit(struct db *db, struct errinfo *ei)
{
	return sqlite_exec_script(db, "COMMIT", ei);
}

static void
sqlite_rollback(struct db *d)
{
	struct sqlite_db *db = SDB(d);

	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
}

static bool
sqlite_in_transaction(struct db *d)
{
	return !sqlite3_get_autocommit(SDB(d)->conn);
}

static struct db_stmt *
sqlite_stmt(struct db *d, enum stmt_id id, struct errinfo *ei)
{
	struct sqlite_db *db = SDB(d);
	struct sqlite_stmt *s = &db->stmts[id];

	if (s->st == NULL && stmt_prepare(db, id, ei) != ERR_OK)
		return NULL;
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
	return &s->base;
}

static void
sqlite_bind_text(struct db_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(SST(st)->st, i);
	else
		sqlite3_bind_text(SST(st)->st, i, s, -1, SQLITE_TRANSIENT);
}

static void
sqlite_bind_int(struct db_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(SST(st)->st, i, v);
}

static void
sqlite_bind_null(struct db_stmt *st, int i)
{
	sqlite3_bind_null(SST(st)->st, i);
}

static void
sqlite_bind_blob(struct db_stmt *st, int i, const void *p, size_t n)
{
	sqlite3_bind_blob64(SST(st)->st, i, n ? p : "", (sqlite3_uint64)n,
	    SQLITE_TRANSIENT);
}

static const void *
sqlite_col_blob(struct db_stmt *st, int i, size_t *n)
{
	const void *p = sqlite3_column_blob(SST(st)->st, i);

	*n = (size_t)sqlite3_column_bytes(SST(st)->st, i);
	return p;
}

static int
sqlite_step(struct db_stmt *st, struct errinfo *ei)
{
	struct sqlite_db *db = SDB(st->db);
	int rc;

	if (!SST(st)->stepped) {
		SST(st)->stepped = true;
		db->stepped[db->nstepped++] = st->id;
	}
	rc = sqlite3_step(SST(st)->st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	sqlite_error(SDB(st->db), ei, db_stmt_name(st->id));
	sqlite3_reset(SST(st)->st);
	return -1;
}

static const char *
sqlite_col_text(struct db_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(SST(st)->st, i);
}

static int64_t
sqlite_col_int(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(SST(st)->st, i);
}

static bool
sqlite_col_null(struct db_stmt *st, int i)
{
	return sqlite3_column_type(SST(st)->st, i) == SQLITE_NULL;
}

static void
sqlite_end_reads(struct db *d)
{
	struct sqlite_db *db = SDB(d);

	for (int i = 0; i < db->nstepped; i++) {
		struct sqlite_stmt *s = &db->stmts[db->stepped[i]];

		s->stepped = false;
		if (sqlite3_stmt_busy(s->st))
			sqlite3_reset(s->st);
	}
	db->nstepped = 0;
}

static int64_t
sqlite_changes(struct db *d)
{
	return sqlite3_changes64(SDB(d)->conn);
}

static enum err
sqlite_backup(struct db *d, const char *path, struct errinfo *ei)
{
	struct sqlite_db *db = SDB(d);
	sqlite3 *dst;
	sqlite3_backup *bk;
	int rc;

	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		enum err e = err_set(ei, ERR_SYS, "backup.open", "file",
		    "không tạo được tệp sao lưu %s: %s",
		    "cannot create the backup file %s: %s", path,
		    sqlite3_errmsg(dst));

		sqlite3_close(dst);
		return e;
	}
	/* The online backup API copies a consistent snapshot while other
	 * connections keep reading and writing. */
	bk = sqlite3_backup_init(dst, "main", db->conn, "main");
	if (bk == NULL) {
		enum err e = err_set(ei, ERR_DB, "backup.init", NULL,
		    "sao lưu thất bại: %s", "the backup failed: %s",
		    sqlite3_errmsg(dst));

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
		    "sao lưu thất bại: %s", "the backup failed: %s",
		    sqlite3_errstr(rc));

		sqlite3_close(dst);
		return e;
	}
	/* The copy is a standalone file: no WAL beside it. */
	sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	sqlite3_close(dst);
	return ERR_OK;
}

/*
 * A consistent copy of the WAL index header into hdr; false when there is
 * none to trust (not in WAL mode, not mapped yet, a writer half-way
 * through rewriting it, or not a header this code knows): the caller then
 * reads the database.
 */
static bool
wal_header(struct sqlite_db *db, unsigned char hdr[WAL_HDR_SIZE])
{
	sqlite3_file *f = NULL;
	volatile void *region = NULL;
	unsigned char second[WAL_HDR_SIZE];
	uint32_t version;

	if (!db->wal || !db->shm_ready ||
	    sqlite3_file_control(db->conn, "main", SQLITE_FCNTL_FILE_POINTER,
	    &f) != SQLITE_OK || f == NULL || f->pMethods == NULL ||
	    f->pMethods->iVersion < 2 || f->pMethods->xShmMap == NULL ||
	    f->pMethods->xShmBarrier == NULL ||
	    f->pMethods->xShmMap(f, 0, WAL_INDEX_REGION, 0, &region) !=
	    SQLITE_OK || region == NULL)
		return false;
	/* As walIndexTryHdr: the first copy, a barrier, the second. */
	memcpy(hdr, (const void *)region, WAL_HDR_SIZE);
	f->pMethods->xShmBarrier(f);
	memcpy(second, (const unsigned char *)region + WAL_HDR_SIZE,
	    WAL_HDR_SIZE);
	memcpy(&version, hdr, sizeof(version));	/* iVersion, native order */
	return memcmp(hdr, second, WAL_HDR_SIZE) == 0 &&
	    version == WAL_INDEX_VERSION && hdr[12] == 1;	/* isInit */
}

static int
sqlite_meta_get(struct db *d, const char *key, char *out, size_t outlen,
    struct errinfo *ei)
{
	struct sqlite_db *db = SDB(d);
	unsigned char hdr[WAL_HDR_SIZE];
	struct meta_memo *m;
	bool memo;
	int rc;

	/* Inside a transaction the connection sees its own writes: read. */
	memo = sqlite3_get_autocommit(db->conn) && strlen(key) <
	    sizeof(m->key) && wal_header(db, hdr);
	if (memo) {
		if (memcmp(hdr, db->seen, WAL_HDR_SIZE) != 0) {
			memcpy(db->seen, hdr, WAL_HDR_SIZE);
			db->nmemo = 0;	/* something was committed */
		}
		for (int i = 0; i < db->nmemo; i++) {
			m = &db->memo[i];
			if (strcmp(m->key, key) == 0 &&
			    strlen(m->value) < outlen) {
				memcpy(out, m->value, strlen(m->value) + 1);
				return m->rc;
			}
		}
	}
	/* The read starts after the header was copied: what it returns is
	 * at least as new as `seen`. */
	rc = db_meta_read(d, key, out, outlen, ei);
	if (rc < 0)
		return rc;
	if (!db->shm_ready) {
		/* The first read has opened the WAL and mapped its index;
		 * the next call starts remembering. */
		db->shm_ready = true;
		return rc;
	}
	if (memo && db->nmemo < META_MEMO_MAX && strlen(out) <
	    sizeof(m->value)) {
		m = &db->memo[db->nmemo++];
		snprintf(m->key, sizeof(m->key), "%s", key);
		memcpy(m->value, out, strlen(out) + 1);
		m->rc = rc;
	}
	return rc;
}

static const struct db_ops sqlite_ops = {
	.name = "sqlite",
	.close = sqlite_close,
	.prepare_all = sqlite_prepare_all,
	.exec_script = sqlite_exec_script,
	.begin = sqlite_begin,
	.in_transaction = sqlite_in_transaction,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.stmt = sqlite_stmt,
	.bind_text = sqlite_bind_text,
	.bind_blob = sqlite_bind_blob,
	.col_blob = sqlite_col_blob,
	.bind_int = sqlite_bind_int,
	.bind_null = sqlite_bind_null,
	.step = sqlite_step,
	.col_text = sqlite_col_text,
	.col_int = sqlite_col_int,
	.col_null = sqlite_col_null,
	.changes = sqlite_changes,
	.end_reads = sqlite_end_reads,
	.backup = sqlite_backup,
	.meta_get = sqlite_meta_get,
};
