/*
 * docstore.h - versioned documents: the one store behind every kind of
 * rule that is data (criteria sets, workflow procedures; OCOP scorecards
 * and report forms next).
 *
 * A document kind keeps its versions in its own table, one row per (id,
 * version) with the document's text and its SHA-256; a stored version
 * never changes, an amendment is a new, higher version, and storing the
 * same text again is a no-op.  Parsed versions are cached per process by
 * content hash (core/shacache.h), so a reader pays for parsing once.
 *
 * The module describes its kind once (struct docstore, a static) with its
 * three statements, which take their parameters in this order:
 *   versions (id)                 -> version, sha256, ...  newest first
 *   document (id, version)        -> document, sha256
 *   insert   (id, version, document, sha256, change_note, created_at,
 *             created_by, then the kind's own columns bound by bind_extra)
 */
#ifndef NTM_DOMAIN_DOCSTORE_H
#define NTM_DOMAIN_DOCSTORE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/err.h"
#include "core/shacache.h"
#include "db/db.h"
#include "domain/audit/audit.h"

struct docstore {
	const char *code;		/* error codes' prefix: "criteria" */
	const char *id_field;		/* the field naming the id: "set_id" */
	const char *name_vi, *name_en;	/* "bộ tiêu chí", "criteria set" */
	const char *object_kind;	/* audit object "criteria_set:<id>" */
	const char *action;		/* audit action: "criteria.import" */
	enum stmt_id versions, document, insert;
	/* Parse a stored text into a new object, or NULL with ei set. */
	void *(*parse)(const char *text, size_t len, struct errinfo *ei);
	void (*free_obj)(void *obj);
	struct shacache cache;
};
#define DOCSTORE_CACHE(free_fn)	SHACACHE_INIT(free_fn)

/* The number and SHA-256 of id's version (0: the newest): ERR_NOTFOUND
 * naming the id or the version. */
enum err docstore_version(struct docstore *ds, struct db *db, const char *id,
    int version, int *v_out, char sha[65], struct errinfo *ei);

/* The parsed version (0: newest), cached for the life of the process. */
enum err docstore_load(struct docstore *ds, struct db *db, const char *id,
    int version, const void **out, struct errinfo *ei);

/* A version to store: the parsed object's id and version, its text, and
 * how to bind the kind's own columns (from parameter first on). */
struct docstore_put {
	const char *id;
	int version;
	const char *text;
	size_t len;
	const char *change_note;
	const void *obj;
	void (*bind_extra)(struct db_stmt *st, int first, const void *obj);
};

/*
 * Store a version inside the caller's transaction, with its audit entry
 * (object "<object_kind>:<id>", unit VN, after {version, sha256}).
 * *created false when the same text is already stored under that version;
 * ERR_CONFLICT naming "version" when that version holds another text or is
 * not above the newest.
 */
enum err docstore_put(struct docstore *ds, struct db *db,
    const struct audit_actor *who, const struct docstore_put *p,
    bool *created, struct errinfo *ei);

/*
 * docstore_put in a transaction of its own, or inside the caller's when
 * one is open (ntm init imports with the rest of its work), then
 * meta_key bumped (NULL: none) when a version was stored: what every
 * kind's import does once its document is parsed.
 */
enum err docstore_store(struct docstore *ds, struct db *db,
    const struct audit_actor *who, const struct docstore_put *p,
    const char *meta_key, bool *created, struct errinfo *ei);

/* The newest version of one document, as a kind's list statement gives
 * it: (id, version, created_at, versions). */
struct docstore_newest {
	const char *id, *created_at;
	int version, versions;
};

/* The newest versions a statement newest (prepared and bound by the
 * caller) yields, into *rows (n of them; free with free()): what a list
 * and a pick of a kind read. */
enum err docstore_newest(struct db *db, struct db_stmt *newest,
    struct docstore_newest **rows, size_t *n, struct errinfo *ei);
void docstore_newest_free(struct docstore_newest *rows, size_t n);

/* {"items": [describe(object, row)...], "total"}: every row of newest,
 * its version loaded (cached), described by the kind (new reference). */
enum err docstore_list(struct docstore *ds, struct db *db,
    struct db_stmt *newest,
    json_t *(*describe)(const void *obj, const struct docstore_newest *row),
    json_t **out, struct errinfo *ei);

/* Version version (0: the newest) of id as {key: doc, "version",
 * "versions": [{version, change_note, created_at}] newest first,
 * "sha256"} (new reference; doc, the parsed version's document, is not
 * stolen): what a kind's show command and page print.  ERR_NOTFOUND as
 * docstore_version. */
enum err docstore_show(struct docstore *ds, struct db *db, const char *id,
    int version, const char *key, json_t *doc, json_t **out,
    struct errinfo *ei);

/* A kind's own import of one document (parse, check, store in one
 * transaction): crit_store_import, wf_import and the like. */
typedef enum err (*docstore_import_fn)(struct db *db,
    const struct audit_actor *who, const char *text, size_t len,
    const char *change_note, int *version, bool *created,
    struct errinfo *ei);

/*
 * Import every *.json of dir in name order with import (files of at most
 * max bytes), as ntm init loads criteria/, procedures/ and forms/; the
 * first refused file stops it, its error prefixed with the path.
 * *imported (may be NULL): how many were new.  ERR_INVALID "<code>.read"
 * for a file that cannot be read, "<code>.no_dir" (field "dir") for a
 * folder that cannot be opened.
 */
enum err docstore_import_dir(const struct docstore *ds, struct db *db,
    const char *dir, size_t max, docstore_import_fn import,
    const char *change_note, int *imported, struct errinfo *ei);

/* Free the cached parses (at exit, when no thread may use one). */
void docstore_cache_free(struct docstore *ds);

#endif
