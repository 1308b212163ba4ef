/*
 * rep_report.h - reports in the database: one unit's values of a form for
 * a period (rep_report, rep_value, rep_value_history of migration 0011)
 * and the aggregates kept up to date on every write (rep_aggregate,
 * migration 0012).  Built on the pure engine (reporting.h) and the form
 * versions of rep_store.h; docs/REPORTING.md says what each rule means.
 *
 * A write is one transaction: the report row, each changed value with
 * its history row (old -> new, who, when, the report's state), the
 * aggregates of every scope the unit counts in (its own, its ancestors',
 * and for a pre-2025 unit its 2025 successors' by the lineage shares and
 * theirs) adjusted by new - old, and the audit entry.  Reading an
 * aggregate is one indexed read of its running sums.
 *
 * Errors: ERR_NOTFOUND naming "form" or "code"; ERR_INVALID naming
 * "period" (not the form's, or not started), "code" (a unit of another
 * structure or level), "values" or "values.<slot>"; ERR_CONFLICT naming
 * "state" for an approved report.  Every value problem at once in pr.
 */
#ifndef NTM_DOMAIN_REPORTING_REPORT_H
#define NTM_DOMAIN_REPORTING_REPORT_H

#include <jansson.h>

#include "db/db.h"
#include "domain/audit/audit.h"
#include "domain/reporting/reporting.h"

#define REP_HISTORY_MAX	500	/* history entries a report's view lists */

/*
 * Save values (a JSON object as rep_values_from_json reads it; slots not
 * named keep their value, null clears) into the report of form_id for
 * unit (structure, code) and period (text), creating it as a draft.  The
 * form version is the report's own, or the newest for a new report.  A
 * draft may be incomplete (required elements are checked at submission).
 * Every problem of the values and every violated blocking rule in pr
 * (may be NULL; the first in ei): nothing is written.  On success *out
 * (new reference) is the report's view as rep_report_get gives it, with
 * "changed" (the slots written) and the non-blocking rules violated in
 * "warnings".  out may be NULL: the view is not read (a bulk writer,
 * the demo).  Inside a transaction the caller began (db_begin: several
 * saves as one, the demo's), the save joins it and the caller commits,
 * or rolls back on an error; otherwise the save is its own transaction.
 */
enum err rep_report_put(struct db *db, const struct audit_actor *who,
    const char *form_id, const char *structure, const char *code,
    const char *period, json_t *values, const char *lang, json_t **out,
    struct rep_problems *pr, struct errinfo *ei);

/*
 * Where a save's aggregate adjustments go instead of the database: add
 * gets each scope's change (acc, n_slots of f; borrowed for the call) and
 * keeps it.  An upload of many reports adds them up and writes each
 * scope's sums once (rep_upload.c).
 */
struct rep_agg_sink {
	enum err (*add)(struct rep_agg_sink *sink, const struct rep_form *f,
	    const char *structure, const char *code, const char *period,
	    const struct rep_acc *acc, struct errinfo *ei);
};

/*
 * The same inside the caller's transaction (db_begin ... db_finish are the
 * caller's, who rolls back on any error): checks, values, history,
 * aggregates (to sink when not NULL) and the audit entry; the slots
 * written are added to changed (an object).  An upload of many reports
 * stores them all or none.
 */
enum err rep_report_put_in(struct db *db, const struct audit_actor *who,
    const char *form_id, const char *structure, const char *code,
    const char *period, json_t *values, const char *lang, json_t *changed,
    struct rep_agg_sink *sink, struct rep_problems *pr, struct errinfo *ei);

/*
 * The report (new reference): {form: {id, version, title}, unit:
 * {structure, code, name, level}, period, due, state ("new" before the
 * first save), updated_at, values (as rep_values_json), slots: [{slot,
 * label, value, entered, computed, automatic}] of the unit's level,
 * previous: {period, state, values} or null, plans: [{form: {id, title},
 * period, state, values}] (the unit's reports of the yearly forms for the
 * period's year, when the form is not yearly), warnings: [{code, field,
 * rule, message}], rules: [{id, state}], history: [{slot, old, new, at,
 * username, role, state}], history_total}.  Words in lang.
 */
enum err rep_report_get(struct db *db, const char *form_id,
    const char *structure, const char *code, const char *period,
    const char *lang, json_t **out, struct errinfo *ei);

/*
 * The maintained aggregate of unit (structure, code) for period under the
 * newest version of form_id (new reference): {form, unit, period, values
 * (as rep_values_json: sums, averages, formulas recomputed), counted:
 * {slot: reports counted}, reports (the most any slot counts), method
 * (the lineage rule, in lang)}.  One indexed read; no recomputation of
 * the units below.
 */
enum err rep_aggregate_get(struct db *db, const char *form_id,
    const char *structure, const char *code, const char *period,
    const char *lang, json_t **out, struct errinfo *ei);

/* Adjust the maintained aggregates of every scope unit u's report of f
 * and period (text) counts in by its values old -> new (old NULL: a new
 * report), inside the caller's transaction (rep_auto_fill uses it). */
enum err rep_report_agg_adjust(struct db *db, struct arena *a,
    const struct rep_form *f, const struct unit *u, const char *period,
    const struct rep_value *old, const struct rep_value *new,
    struct errinfo *ei);

/* The finest level f is filled at (enum unit_level; -1: none): only its
 * reports count in aggregates. */
int rep_finest_level(const struct rep_form *f);

/* *share: how much of unit u's report counts in scope (structure, code) -
 * 1 for an ancestor, a lineage share for a pre-2025 unit's 2025 scopes,
 * 0 for none - as the maintained aggregates count it. */
enum err rep_report_share_in(struct db *db, struct arena *a,
    const struct unit *u, const char *structure, const char *code,
    double *share, struct errinfo *ei);

/* Rebuild the aggregates of form_id and period from the stored values
 * (one transaction: cleared, then every report added as a write adds
 * it).  *reports (may be NULL) counts the reports added. */
enum err rep_aggregates_rebuild(struct db *db, const char *form_id,
    const char *period, long *reports, struct errinfo *ei);

/* Every aggregate row of form_id and period: [{structure, code, slot,
 * num, den, n}] in key order (new reference); what the tests compare
 * before and after a rebuild. */
enum err rep_aggregates_dump(struct db *db, const char *form_id,
    const char *period, json_t **out, struct errinfo *ei);

/* The stored values of report report_id read into vals (n_slots of f,
 * from rep_values_new) and computed, as the writer reads them (the
 * approval checks them on submission: rep_approval.c). */
enum err rep_report_load_values(struct db *db, struct arena *a,
    const struct rep_form *f, int64_t report_id, struct rep_value *vals,
    struct errinfo *ei);
/* The same from a statement the caller prepared and bound, whose rows
 * are (slot, stored literal, automatic): a report found another way (an
 * upload's unit and period). */
enum err rep_report_read_values(struct db *db, struct db_stmt *st,
    struct arena *a, const struct rep_form *f, struct rep_value *vals,
    struct errinfo *ei);
/* The stored literal of a slot's value (compact JSON, in a), or NULL
 * when absent: what rep_value and its history hold. */
const char *rep_value_literal(const struct rep_form *f, size_t slot,
    const struct rep_value *v, struct arena *a);

#endif
