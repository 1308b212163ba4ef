/*
 * rep_completeness.h - completeness and timeliness of a form's reports
 * for a period under a unit (a province, or the nation): for every unit
 * below it that fills the form, whether its report was submitted on
 * time, late, not at all (new, draft or returned), or approved, against
 * the form's due date (rep_form_due: due_days after the period's last
 * day, or its first with "due_from": "start"); the counts; for the nation
 * a table per province; and the list of who is late at each level.
 * docs/REPORTING.md section 9.
 *
 * Computed by indexed queries (the units below a parent by
 * unit_by_parent, their reports by rep_report's unique key; the nation's
 * communes counted per province in one GROUP BY), never by walking units
 * in C.  The view depends on the reports' states (changed only by the
 * workflow, which bumps "workflow_version"), the units, and - until the
 * due date has passed - today: rep_completeness_cacheable says when it
 * may be cached.
 */
#ifndef NTM_DOMAIN_REPORTING_COMPLETENESS_H
#define NTM_DOMAIN_REPORTING_COMPLETENESS_H

#include <stdbool.h>

#include <jansson.h>

#include "db/db.h"
#include "domain/reporting/reporting.h"

/*
 * The completeness of form_id (its newest version) for period under unit
 * (structure, code), as a new reference:
 *   {form:{id, version, title}, unit:{structure, code, name, level},
 *    period, period_name, due, due_text, today, due_passed,
 *    previous, next: {period, name, href} (the pages around; next once
 *      it has started), next_open,
 *    own: {state, state_name, status, status_name, submitted_at} or null
 *      (the unit's own report when its level fills the form),
 *    levels: [{level, level_name, counts:{expected, submitted, on_time,
 *      late, missing, approved}, units:[{structure, code, name, state,
 *      state_name, status, status_name, submitted_at, approved_at,
 *      href}] (the unit's direct children of that level), late:[{code,
 *      name, href}] (who has not submitted once the due date passed)}],
 *    provinces: [{code, name, href, status, status_name, expected,
 *      submitted, on_time, late, missing, approved}] (the nation only:
 *      each province's own report and its communes' counts)}
 * status is "on_time", "late", "missing" or "approved" (approved ones
 * count as on time or late too).  Errors: 404 "reporting.unknown_form"
 * (form), the unit's 404 (unit); 422 "reporting.bad_period" /
 * "reporting.wrong_period" (period), "reporting.wrong_structure" (unit).
 */
enum err rep_completeness(struct db *db, const char *form_id,
    const char *structure, const char *code, const char *period,
    const char *lang, json_t **out, struct errinfo *ei);

/* May the view be cached until the next workflow write?  Once its due
 * date has passed and the next period (its link) has started, it no
 * longer depends on today. */
bool rep_completeness_cacheable(const json_t *view);

/* ---- reminders (the home: home_reports.c) ---- */

/*
 * The own reports of unit (structure, code) that need its officer, for the
 * forms its level fills and their periods of year that have started, as
 * a new reference [{form, form_title, period, period_name, status, due}],
 * status "returned" (sent back by the level above), "late" (due date
 * passed, not submitted) or "due" (started, not yet due, not submitted),
 * oldest first.  A few indexed reads: one per form.
 */
enum err rep_reminders_own(struct db *db, const char *structure,
    const char *code, int year, const char *lang, json_t **out,
    struct errinfo *ei);

/*
 * The reports of the children of (structure, code) waiting for approval
 * (state submitted): {total, items: [{form, form_title, period,
 * period_name, unit_name, href}]} with at most max items, oldest period
 * first.
 */
enum err rep_reminders_waiting(struct db *db, const char *structure,
    const char *code, size_t max, const char *lang, json_t **out,
    struct errinfo *ei);

/*
 * For each form the level below (structure, code) fills: the latest
 * period of year whose due date has passed and how many of its children
 * have not submitted it: [{form, form_title, period, period_name, missing,
 * href}] (forms with none missing left out).
 */
enum err rep_reminders_late_children(struct db *db, const char *structure,
    const char *code, int year, const char *lang, json_t **out,
    struct errinfo *ei);

#endif
