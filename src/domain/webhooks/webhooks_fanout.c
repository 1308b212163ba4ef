/*
 * webhooks_fanout.c - the outbox job "webhooks": every active
 * subscription's new changes become outbox rows (webhooks.h).
 *
 * For each active subscription the feed is read from its cursor with its
 * owner's bindings of a webhook role (so a subscription never hears what
 * its owner may not read, and stops hearing when the owner loses the
 * role), its kinds and its unit; one outbox row per change (key
 * "<sub id>:<seq>", so a page read twice queues nothing twice) and the
 * cursor moved, in one transaction per page.  A crash between pages
 * loses nothing: the cursor and the rows commit together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "domain/changes/changes.h"
#include "domain/outbox/outbox.h"
#include "domain/webhooks/webhooks.h"

#define FANOUT_PAGE		500	/* changes a transaction */
#define FANOUT_PAGES		4	/* pages a subscription a round: a
					 * backlog drains 2,000 changes a
					 * second, and people's writes get the
					 * lock between its transactions */
#define FANOUT_SUBS		100	/* subscriptions read at once */

struct fan_sub {
	int64_t id, owner, cursor;
	char structure[32], code[64], kinds[WEBHOOK_KINDS_MAX + 1];
};

/* One page of sub's feed queued; *more when a next page may follow. */
static enum err
fanout_page(struct db *db, struct arena *a, struct fan_sub *s,
    const struct role_binding *b, size_t nb, uint64_t mask, bool *more,
    struct errinfo *ei)
{
	struct change *ch;
	size_t n, i;
	int64_t next;
	struct db_stmt *st;
	enum err e;

	*more = false;
	if ((e = changes_page(db, a, b, nb, s->cursor, mask, s->structure,
	    s->code, FANOUT_PAGE, &ch, &n, &next, ei)) != ERR_OK)
		return e;
	for (i = 0; i < n; i++) {
		json_t *j = changes_json(db, &ch[i]);
		char *payload = json_dumps(j, JSON_COMPACT);
		char key[48];

		json_decref(j);
		if (payload == NULL)
			abort();
		snprintf(key, sizeof(key), "%lld:%lld", (long long)s->id,
		    (long long)ch[i].seq);
		e = outbox_put(db, "webhook", key, s->id, payload, 0, NULL,
		    ei);
		free(payload);
		if (e != ERR_OK)
			return e;
	}
	if (next > s->cursor) {
		st = db_stmt(db, STMT_WEBHOOKS_CURSOR_SET);
		db_bind_int(st, 1, next);
		db_bind_int(st, 2, s->id);
		db_bind_int(st, 3, next);
		if ((e = db_exec(st, ei)) != ERR_OK)
			return e;
		*more = true;	/* until a page moves nothing */
		s->cursor = next;
	}
	return ERR_OK;
}

/* The owner's bindings of a webhook role into b; their number. */
static size_t
owner_bindings(struct db *db, struct arena *a, int64_t owner,
    struct role_binding *b)
{
	struct user_info u;
	struct errinfo ei;
	size_t n = 0;

	if (auth_user_get(db, a, owner, &u, &ei) != ERR_OK || u.disabled)
		return 0;
	for (size_t i = 0; i < u.nroles; i++)
		if (ROLE_BIT(u.roles[i].role) & WEBHOOK_ROLES)
			b[n++] = u.roles[i];
	return n;
}

/* Fan out one subscription: pages until caught up (at most
 * FANOUT_PAGES), each its own transaction unless the caller holds one. */
static enum err
fanout_sub(struct db *db, struct fan_sub *s, struct errinfo *ei)
{
	struct role_binding b[AUTH_MAX_ROLES];
	struct arena *a = arena_new(64 * 1024);
	bool own = !db_in_transaction(db), more = true;
	uint64_t mask;
	size_t nb;
	enum err e = ERR_OK;

	nb = owner_bindings(db, a, s->owner, b);
	db_end_reads(db);
	if (nb == 0 || changes_kinds_mask(s->kinds, &mask, ei) != ERR_OK) {
		/* Nobody may read for it (or its kinds were retired): it
		 * waits, its cursor kept, until that changes. */
		err_clear(ei);
		goto out;
	}
	for (int p = 0; more && p < FANOUT_PAGES && e == ERR_OK; p++) {
		if (own && (e = db_begin(db, ei)) != ERR_OK)
			break;
		e = fanout_page(db, a, s, b, nb, mask, &more, ei);
		if (own)
			e = db_finish(db, e, ei);
		else
			more = false;	/* the caller commits this one */
	}
out:
	arena_free(a);
	return e;
}

static enum err
fanout_run(struct db *db, struct errinfo *ei)
{
	struct fan_sub *subs = calloc(FANOUT_SUBS, sizeof(*subs));
	int64_t after = 0;
	size_t n, i;
	enum err e = ERR_OK;

	if (subs == NULL)
		abort();
	do {
		struct db_stmt *st = db_stmt(db, STMT_WEBHOOKS_ACTIVE_AFTER);
		int rc;

		db_bind_int(st, 1, after);
		db_bind_int(st, 2, FANOUT_SUBS);
		for (n = 0; (rc = db_step(st, ei)) == 1; n++) {
			subs[n].id = db_col_int(st, 0);
			subs[n].owner = db_col_int(st, 1);
			snprintf(subs[n].structure, sizeof(subs[n].structure),
			    "%s", db_col_text(st, 2));
			snprintf(subs[n].code, sizeof(subs[n].code), "%s",
			    db_col_text(st, 3));
			snprintf(subs[n].kinds, sizeof(subs[n].kinds), "%s",
			    db_col_text(st, 4));
			subs[n].cursor = db_col_int(st, 5);
		}
		db_end_reads(db);
		if (rc < 0) {
			e = ERR_DB;
			break;
		}
		for (i = 0; i < n && e == ERR_OK; i++)
			e = fanout_sub(db, &subs[i], ei);
		after = n > 0 ? subs[n - 1].id : after;
	} while (n == FANOUT_SUBS && e == ERR_OK);
	free(subs);
	return e;
}

const struct outbox_job outbox_job_webhooks = { "webhooks", 1, fanout_run };
