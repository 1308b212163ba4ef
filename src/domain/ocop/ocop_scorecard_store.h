/*
 * ocop_scorecard_store.h - OCOP scorecard versions in the database
 * (table ocop_scorecard, migration 0015, through domain/docstore):
 * import (one document, or the folder scorecards/ at ntm init), load
 * (parsed once per process, by content hash), list and show.
 *
 * Writes are one transaction with their audit entry ("ocop_scorecard.
 * import" on "ocop_scorecard:<id>") and bump OCOP_SC_META_VERSION; a
 * stored version never changes (the same text again is a no-op, other
 * text under a stored or lower version is ERR_CONFLICT naming
 * "version").
 */
#ifndef NTM_DOMAIN_OCOP_SCORECARD_STORE_H
#define NTM_DOMAIN_OCOP_SCORECARD_STORE_H

#include <stdbool.h>

#include <jansson.h>

#include "db/db.h"
#include "domain/audit/audit.h"
#include "domain/ocop/ocop_scorecard.h"

#define OCOP_SC_META_VERSION	"ocop_scorecard_version"

/* Import a document as a new version, inside the caller's transaction or
 * in its own.  Every fault of a refused document in pr (may be NULL), the
 * first in ei; *version and *created may be NULL. */
enum err ocop_scorecards_import(struct db *db, const struct audit_actor *who,
    const char *text, size_t len, const char *change_note, int *version,
    bool *created, struct rep_problems *pr, struct errinfo *ei);
/* Every *.json of dir (scorecards/ at ntm init), in name order. */
enum err ocop_scorecards_import_dir(struct db *db, const char *dir,
    const char *note, int *imported, struct errinfo *ei);
/* Version version (0: newest) of id, parsed and cached for the life of
 * the process (never freed by the caller).  ERR_NOTFOUND naming
 * "scorecard_id" or "version". */
enum err ocop_scorecard_load(struct db *db, const char *id, int version,
    const struct ocop_scorecard **out, struct errinfo *ei);
/* {items: [{id, version, versions, title, title_en, decision, date,
 * parts, groups, bands_status, created_at}], total} (new reference). */
enum err ocop_scorecards_list(struct db *db, json_t **out,
    struct errinfo *ei);
/* {scorecard: document, version, versions, sha256} (new reference). */
enum err ocop_scorecard_get(struct db *db, const char *id, int version,
    json_t **out, struct errinfo *ei);
void ocop_scorecard_cache_free(void);

#endif
