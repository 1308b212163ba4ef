/*
 * rep_store.h - the reporting module's store: report form versions in
 * the database (table rep_form, through domain/docstore), loaded parsed
 * and cached per process.  The reports themselves (rep_report, rep_value
 * and its history, migration 0011) get their writers with the entry and
 * approval of issue 15; this is what `ntm init`, `ntm forms` and every
 * later reader use to get a form.
 *
 * Writes are one transaction with their audit entry ("reporting.import"
 * on "rep_form:<id>") and bump REP_META_VERSION; a stored version never
 * changes (the same text again is a no-op, other text under a stored or
 * lower version is ERR_CONFLICT naming "version").
 */
#ifndef NTM_DOMAIN_REPORTING_STORE_H
#define NTM_DOMAIN_REPORTING_STORE_H

#include <stdbool.h>

#include <jansson.h>

#include "db/db.h"
#include "domain/audit/audit.h"
#include "domain/reporting/reporting.h"

#define REP_META_VERSION	"reporting_version"	/* bumped by writes */

/* Import a form document (text of len bytes) as a new version, inside
 * the caller's transaction or in its own.  Every fault of a refused
 * document in pr (may be NULL), the first in ei.  *version (may be NULL)
 * the document's version, *created (may be NULL) false when that very
 * text was stored already. */
enum err rep_forms_import(struct db *db, const struct audit_actor *who,
    const char *text, size_t len, const char *change_note, int *version,
    bool *created, struct rep_problems *pr, struct errinfo *ei);
/* Import every *.json of dir (forms/ at ntm init), in name order; errors
 * name the file.  *imported counts the versions stored. */
enum err rep_forms_import_dir(struct db *db, const char *dir,
    const char *note, int *imported, struct errinfo *ei);
/* Version version (0: the newest) of form id, parsed, cached for the life
 * of the process: never freed by the caller.  ERR_NOTFOUND naming
 * "form_id" or "version". */
enum err rep_form_load(struct db *db, const char *id, int version,
    const struct rep_form **out, struct errinfo *ei);
/* The newest version of every form: [{id, version, versions, title,
 * title_en, period_type, levels, years, due_days, elements, rules,
 * created_at}], total} (new reference). */
enum err rep_forms_list(struct db *db, json_t **out, struct errinfo *ei);
/* One version (0: newest): {form: its document, version, versions:
 * [{version, change_note, created_at}], sha256}. */
enum err rep_form_get(struct db *db, const char *id, int version,
    json_t **out, struct errinfo *ei);
/* Free the cached forms (at exit, when no thread may use one). */
void rep_cache_free(void);

#endif
