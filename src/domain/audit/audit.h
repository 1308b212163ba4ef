/*
 * audit.h - the tamper-evident audit trail.
 *
 * Every write in every module appends one entry, inside the same
 * transaction as the write it records: when, who (user, the role and unit
 * of the role binding they acted under), what (action such as
 * "user.create", the object such as "user:42"), the administrative unit
 * the object belongs to (for scoped reading), and short before/after
 * summaries.  Entries are numbered 1, 2, 3... and hash-chained: each entry
 * stores the SHA-256 of the previous entry's hash and its own canonical
 * fields, so changing, deleting or reordering any entry breaks every hash
 * after it.  audit_verify walks the chain and names the first broken entry.
 *
 * Strings in results are allocated in the caller's arena.
 */
#ifndef NTM_DOMAIN_AUDIT_H
#define NTM_DOMAIN_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"

#define AUDIT_SUMMARY_MAX	2000	/* bytes of a before/after summary */
#define AUDIT_HASH_HEX		64

/* Who acted.  All may be NULL/0 for the system or an anonymous actor
 * (e.g. a failed login: username only). */
struct audit_actor {
	int64_t user_id;		/* 0: none */
	const char *username;
	const char *role;
	const char *structure, *unit_code;	/* of the role binding */
};

/* What happened. action and object are required. */
struct audit_event {
	const char *action;	/* "module.verb", e.g. "user.create" */
	const char *object;	/* "kind:id", e.g. "user:42" */
	const char *structure, *unit_code;	/* the object's unit, or NULL */
	/* Short summaries as JSON values (borrowed), or NULL; stored as
	 * compact JSON text. */
	const json_t *before, *after;
};

struct audit_entry {
	int64_t seq;
	const char *at;		/* ISO 8601 UTC, "2026-11-28T21:53:31Z" */
	int64_t user_id;
	const char *username, *role, *actor_structure, *actor_unit_code;
	const char *action, *object, *structure, *unit_code, *before, *after;
	const char *prev_hash, *hash;
};

/* Append one entry; call inside the caller's write transaction (the
 * chain's order is the order of commits).  Summaries longer than
 * AUDIT_SUMMARY_MAX are cut at a UTF-8 boundary and marked with "…". */
enum err audit_append(struct db *db, const struct audit_actor *who,
    const struct audit_event *ev, struct errinfo *ei);

/*
 * The usual entry in one call: action on the object "kind:id" printed from
 * object_fmt (ERR_LIMIT past 256 bytes: never silently cut), belonging to
 * unit (structure, code) (NULL: none), with after (stolen; NULL: none) as
 * its summary.  Inside the caller's write transaction, like audit_append.
 */
enum err audit_record(struct db *db, const struct audit_actor *who,
    const char *action, const char *structure, const char *code,
    json_t *after, struct errinfo *ei, const char *object_fmt, ...)
    __attribute__((format(printf, 8, 9)));

/* Bind who's user id to parameter i of st (NULL for the system): the
 * "by" column of a module's own rows. */
void audit_bind_actor(struct db_stmt *st, int i, const struct audit_actor *who);

/* Check the whole chain.  *checked = entries verified; on a break returns
 * ERR_CONFLICT with *first_bad = the seq of the first entry whose stored
 * hash (or link to its predecessor, or number) is wrong, and ei naming it. */
enum err audit_verify(struct db *db, int64_t *checked, int64_t *first_bad,
    struct errinfo *ei);

/* libsodium ready (ERR_SYS "audit.crypto" if not); any number of times,
 * from any thread. */
enum err audit_crypto_init(struct errinfo *ei);

/* Called by audit_walk with each entry that passed (its seq and its hash,
 * 64 hex digits); another result than ERR_OK (ei filled) stops the walk. */
typedef enum err (*audit_walk_fn)(void *ctx, int64_t seq, const char *hash,
    struct errinfo *ei);

/* The check of audit_verify from entry from on (1: the whole chain; past
 * 1, the first entry's link to its predecessor is not checked: fn anchors
 * it), calling fn (may be NULL) for every entry that passed. */
enum err audit_walk(struct db *db, int64_t from, audit_walk_fn fn, void *ctx,
    int64_t *checked, int64_t *first_bad, struct errinfo *ei);

/* Visibility of an entry to the reader: called with the entry's unit
 * (structure, code; NULL for entries with no unit). */
typedef bool (*audit_visible_fn)(void *ctx, const char *structure,
    const char *unit_code);

struct audit_query {
	const char *since;	/* ISO 8601 date or time, or NULL */
	int64_t limit, offset;	/* over the visible entries, newest first */
	audit_visible_fn visible;	/* NULL: everything */
	void *ctx;
};

struct audit_list {
	struct audit_entry *items;
	size_t n;
	int64_t total;		/* visible entries matching since */
};

enum err audit_list(struct db *db, struct arena *a,
    const struct audit_query *q, struct audit_list *out, struct errinfo *ei);

#endif
