/*
 * legal.h - the legal library: every legal document the platform applies
 * (number, date, issuer, title, in force or replaced by, a summary, and
 * how far each fact is verified), and what in the platform cites each.
 *
 * The library is data shipped with the software (legal/documents.json,
 * format ntm-legal/1), loaded by `ntm init` into legal_document and
 * replaced as a whole when the file changes.  Facts the project's
 * reference material only RECALLS are listed in an entry's "recalled" and
 * never shown as official: the pages mark them.
 *
 * What cites a document is computed, not stored: the newest version of
 * every stored criteria set, workflow procedure, report form and OCOP
 * scorecard is read, and the strings under its source fields ("source",
 * "sources", "legal_basis", "document", "decision", "replaces") are
 * searched for each library document's number (whole tokens: "18/2022/
 * QĐ-TTg" is not "318/QĐ-TTg").  Notes do not cite: they mention older
 * documents for context.  The index is built once per version of the
 * data it reads (LEGAL_VERSION) and shared by the server's threads.
 */
#ifndef NTM_DOMAIN_LEGAL_H
#define NTM_DOMAIN_LEGAL_H

#include <stdbool.h>

#include <jansson.h>

#include "core/err.h"
#include "db/db.h"
#include "domain/audit/audit.h"

#define LEGAL_META_VERSION	"legal_version"	/* bumped by every load */
/* What a library page depends on: the library and every kind that cites
 * (criteria_version, workflow_version, reporting_version,
 * ocop_scorecard_version). */
#define LEGAL_VERSION	LEGAL_META_VERSION "+criteria_version+" \
	"workflow_version+reporting_version+ocop_scorecard_version"
#define LEGAL_FILE_MAX	(1024 * 1024)
#define LEGAL_QUERY_MAX	100

/*
 * Load the library file at path (ntm init; idempotent: the same file's
 * SHA-256 already loaded changes nothing, *loaded false).  Every entry is
 * checked (slug, number, kind, title, in_force, verification, dates, the
 * documents it names as replacing or amending it are in the file, no
 * slug or number twice); every problem at once in ei's message, nothing
 * written.  In one transaction: the rows replaced, the token bumped, the
 * audit entry "legal.load" by who.
 */
enum err legal_load_file(struct db *db, const struct audit_actor *who,
    const char *path, bool *loaded, struct errinfo *ei);

/*
 * The library, in the file's order, as {"items": [entry...], "total",
 * "count"} (new reference); q (NULL or "": all) keeps the entries whose
 * number or title (Vietnamese or English) holds every word of q, folded
 * (no diacritics, no case).  Each entry is the stored document with
 * "cited_by_count" (how many criteria sets, procedures, forms and
 * scorecards cite it).
 */
enum err legal_list(struct db *db, const char *q, json_t **out,
    struct errinfo *ei);

/*
 * One document by slug as {"document": entry with "replaced_by_slug" and
 * "amended_by" as [{number, slug}], "cited_by": [{kind ("criteria_set",
 * "procedure", "form", "scorecard"), id, version, title, href (the public
 * page, null for a form: forms have none), whole (the record itself
 * cites it), items: [{id, name, href}] (its criteria, breakdowns or
 * elements that cite it)}]} (new reference); ERR_NOTFOUND
 * "legal.not_found" (field "slug").
 */
enum err legal_get(struct db *db, const char *slug, json_t **out,
    struct errinfo *ei);

/*
 * The library documents doc (a criteria set, procedure, form or
 * scorecard document of kind) cites, as {"whole": [{number, slug,
 * title}], "basis": [...] (those of its "legal_basis" itself, amending
 * documents left out), "items": {item id: [...]}} (new reference): what
 * its page links each criterion or the procedure to.
 */
enum err legal_cites_in(struct db *db, const char *kind, const json_t *doc,
    json_t **out, struct errinfo *ei);

/* Free the shared index (at exit). */
void legal_index_free(void);

#endif
