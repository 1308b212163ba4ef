/*
 * changes.h - the change feed: what changed, in commit order, for other
 * systems (GET /api/v1/changes, the webhooks).  Issue 20; docs/EXCHANGE.md.
 *
 * Every write already appends an audit entry inside its own transaction,
 * and the audit chain's order is the order of commits on both backends
 * (SQLite's write lock; PostgreSQL's transaction-scoped advisory lock that
 * db_begin takes, held until the commit is visible).  So the feed is fed
 * from there: audit_append calls changes_note_audit, which looks the
 * action up in the table of published kinds (changes.c) and, when it is
 * one, inserts one row into `changes` with the audit entry's seq.  A row
 * is visible exactly when its write is; seq grows in commit order; a
 * reader that asks for seq > cursor therefore never skips a change that
 * commits later with a smaller seq (there is none) and never sees one
 * twice.  What is not a published kind (logins, drafts, private survey
 * answers) never enters the feed.
 *
 * A change names what changed, never its content: kind, unit, the
 * record's id, time, and a link to the full resource (which answers with
 * its own access checks).
 */
#ifndef NTM_DOMAIN_CHANGES_H
#define NTM_DOMAIN_CHANGES_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/auth/auth.h"

/* The published kinds, as the API names them ("unit", "indicator_values",
 * "evaluation", "report", "report_approval", "dossier_decision",
 * "ocop_certificate", "survey_results"...): changes_kind_names[] is
 * NULL-terminated; a mask bit per kind in that order. */
extern const char *const changes_kind_names[];
/* The mask of a comma-separated list of kinds ("" or NULL: every kind);
 * ERR_INVALID "changes.bad_kind" naming field "kinds" for an unknown one. */
enum err changes_kinds_mask(const char *list, uint64_t *mask,
    struct errinfo *ei);

struct change {
	int64_t seq;		/* the cursor: the audit entry's seq */
	const char *kind;
	const char *action;	/* the audit action it came from */
	const char *structure, *code;	/* its unit; NULL for none */
	int64_t id;		/* the record's id, 0 when the unit is the record */
	const char *at;		/* ISO 8601 UTC */
	const char *href;	/* "/api/v1/..." the full resource */
	const char *unit_name;	/* its unit's full name; NULL for none */
	const char *json;	/* changes_write_json's text, as stored */
};

/* Called by audit_append inside the writer's transaction with the entry
 * it is appending: one row in `changes` when ev->action is published. */
struct audit_event;
enum err changes_note_audit(struct db *db, int64_t seq, const char *at,
    const struct audit_event *ev, struct errinfo *ei);

/*
 * One page of the feed for a reader: changes with seq > since whose kind
 * is in mask and whose unit lies inside unit (NULL: anywhere) and inside
 * the scope of one of the reader's bindings (the national bindings see
 * all), oldest first, at most limit.  *next is the cursor to continue
 * from: the last seq examined (which may be past the last returned, when
 * rows outside the scope were skipped - they are not the reader's), and
 * `since` itself when nothing newer exists.  Strings in the arena.
 */
enum err changes_page(struct db *db, struct arena *a,
    const struct role_binding *bindings, size_t nbindings, int64_t since,
    uint64_t mask, const char *unit_structure, const char *unit_code,
    size_t limit, struct change **out, size_t *n, int64_t *next,
    struct errinfo *ei);

/*
 * The same walk as changes_page, handing each change the reader may see
 * to fn (its strings valid only during the call: nothing is copied, so a
 * page of 1,000 costs one statement and no allocation per row).  fn's
 * error stops the walk and is returned.  *more is false when the walk
 * reached the end of the feed, true when the limit or the examining cap
 * cut it (ask again from *next).  json_only: fn reads c->json (and seq,
 * kind, unit) only, the other columns are not fetched.
 */
typedef enum err (*changes_fn)(void *ctx, const struct change *c,
    struct errinfo *ei);
enum err changes_each(struct db *db, struct arena *a,
    const struct role_binding *bindings, size_t nbindings, int64_t since,
    uint64_t mask, const char *unit_structure, const char *unit_code,
    size_t limit, bool json_only, changes_fn fn, void *ctx, size_t *n,
    int64_t *next, bool *more, struct errinfo *ei);

/* A change as JSON text, the same object as changes_json, appended to b
 * (the feed's page is written this way, without a jansson tree). */
enum err changes_write_json(struct buf *b, const struct change *c);

/* Is there any change after seq (whoever may read it)?  The feed's
 * "more": a page that ends short of its limit at the end of the feed says
 * no; one cut by the limit, or by how much it may examine, says yes. */
enum err changes_more(struct db *db, int64_t seq, bool *more,
    struct errinfo *ei);

/* A change as the feed and the webhooks send it:
 * {seq, kind, unit: {structure, code, name}, id, at, href}. */
json_t *changes_json(struct db *db, const struct change *c);

#endif
