/*
 * rep_auto.h - the automatic figures of reports: the elements a form
 * marks "auto" (docs/REPORTING.md section 1) filled from the modules that
 * know them, as of the report's period, for the report's unit:
 *
 *   criteria.units_met       a commune: 1 when its evaluation of the set
 *                            for the period's year meets the standard, 0
 *                            when not; a province (any scope): how many of
 *                            its units meet it (the criteria roll-up)
 *   criteria.criteria_met    the criteria the unit meets in that evaluation
 *   surveys.satisfaction     the satisfied share of the unit's latest
 *                            satisfaction campaign closed by the period's
 *                            last day (surv_campaign_outcome), absent when
 *                            it had too few responses to be published
 *   dossiers.titles_granted  decisions granting the title (any title when
 *                            the form names none) dated inside the period,
 *                            to the unit or a unit in its scope
 *
 * A figure the source does not know (no evaluation for that year, no
 * closed survey) stays absent, and the explanation says why.
 *
 * When (docs/REPORTING.md section 9): a report that can still change
 * (state new, draft or returned) shows the live figures on every read and
 * stores them on every save (rep_report_put) - each changed one written
 * with automatic = 1 and a history row, the maintained aggregates moved by
 * the difference in the same transaction.  Submitting calls rep_auto_fill
 * so the figures are stored as they were at submission; from then on
 * (submitted, approved) the report shows what it stored, never the live
 * figures: an approved report keeps what it was approved with.
 *
 * A value for an automatic element sent by a person (PUT, upload) is
 * refused by the engine: 422 "reporting.derived" naming values.<slot>.
 */
#ifndef NTM_DOMAIN_REPORTING_AUTO_H
#define NTM_DOMAIN_REPORTING_AUTO_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "db/db.h"
#include "domain/audit/audit.h"
#include "domain/reporting/reporting.h"

/*
 * The automatic figures of form f for unit u and period p into vals (the
 * auto elements units of u's level fill): present with automatic set, or
 * absent when the source knows nothing.  Derived slots are not
 * recomputed (the caller does: rep_values_compute).  expl (may be NULL)
 * gets one entry per automatic slot: {slot, label, source, value, how}
 * ("how" in lang: what the figure is and where it comes from).
 */
enum err rep_auto_compute(struct db *db, struct arena *a,
    const struct rep_form *f, const struct unit *u,
    const struct rep_period *p, const char *lang, struct rep_value *vals,
    json_t *expl, struct errinfo *ei);

/* The explanations of stored (frozen) figures: as rep_auto_compute's,
 * with the stored values and "how" saying they are kept as submitted. */
json_t *rep_auto_frozen_json(const struct rep_form *f, const struct unit *u,
    const struct rep_value *vals, const char *lang, struct arena *a);

/* A stored automatic literal (rep_value.automatic = 1) into vals[slot];
 * false when it is not a number. */
bool rep_auto_load(const struct rep_form *f, size_t slot, const char *lit,
    struct rep_value *vals);

/*
 * Write the automatic slots whose value differs between old and vals
 * (rep_value with automatic = 1, or deleted, each with its history row
 * under the report's state), inside the caller's transaction; changed
 * (may be NULL) gets {slot: new value}.  *n (may be NULL) counts them.
 */
enum err rep_auto_write(struct db *db, const struct audit_actor *who,
    const struct rep_form *f, int64_t report_id, const char *state,
    const struct rep_value *old, const struct rep_value *vals,
    const char *now, json_t *changed, size_t *n, struct errinfo *ei);

/*
 * Store the automatic figures of the report of form_id for unit
 * (structure, code) and period as they are now - the submit path calls
 * this inside its transaction, before it changes the state, so the
 * figures are frozen with the report.  Changed figures are written with
 * their history and the maintained aggregates adjusted.  A report that
 * does not exist yet: ERR_NOTFOUND naming "period".  changed (may be
 * NULL) gets {slot: new value}.
 */
enum err rep_auto_fill(struct db *db, const struct audit_actor *who,
    const char *form_id, const char *structure, const char *code,
    const char *period, json_t *changed, struct errinfo *ei);

#endif
