/*
 * webhooks_feed_standin.c - weak stand-ins for the change feed this
 * branch reads before its owner's code is merged (issue 20: domain/changes,
 * branch feed).  Weak symbols: the real definitions replace them at link time
 * once merged, and this file can then be deleted.  They do nothing: no
 * change is ever read.
 */
#include <stddef.h>

#include "domain/changes/changes.h"

__attribute__((weak)) const char *const changes_kind_names[] = { NULL };

__attribute__((weak)) enum err
changes_kinds_mask(const char *list, uint64_t *mask, struct errinfo *ei)
{
	(void)list;
	(void)ei;
	*mask = ~(uint64_t)0;
	return ERR_OK;
}

__attribute__((weak)) enum err
changes_page(struct db *db, struct arena *a,
    const struct role_binding *bindings, size_t nbindings, int64_t since,
    uint64_t mask, const char *unit_structure, const char *unit_code,
    size_t limit, struct change **out, size_t *n, int64_t *next,
    struct errinfo *ei)
{
	(void)db; (void)a; (void)bindings; (void)nbindings; (void)mask;
	(void)unit_structure; (void)unit_code; (void)limit; (void)ei;
	*out = NULL;
	*n = 0;
	*next = since;
	return ERR_OK;
}

__attribute__((weak)) json_t *
changes_json(struct db *db, const struct change *c)
{
	(void)db;
	return json_pack("{s:I, s:s}", "seq", (json_int_t)c->seq, "kind",
	    c->kind);
}
