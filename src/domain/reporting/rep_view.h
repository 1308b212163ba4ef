/*
 * rep_view.h - what the report pages show (docs/REPORTING.md section 9):
 * the officer's list of reports waiting (/reports), and the entry page
 * and print view of one report, built on the report's view of
 * rep_report_get.  Every programme rule the pages need lives here: the
 * periods that are open, when a report is late, how a value is written
 * for people, which plan value stands beside a reported one.  No HTTP.
 * Words come from the message table in lang (keys rpage_*); numbers from
 * core/numfmt.h, dates from date_display.
 */
#ifndef NTM_DOMAIN_REPORTING_VIEW_H
#define NTM_DOMAIN_REPORTING_VIEW_H

#include <jansson.h>

#include "core/arena.h"
#include "db/db.h"
#include "domain/auth/auth.h"
#include "domain/reporting/reporting.h"

#define REP_VIEW_RECENT		6	/* periods of a form listed per unit */

/*
 * Extend report (rep_report_get's view, modified in place) into the
 * model of the entry page and the print view: period_label, due_text,
 * state_label, late, groups [{heading, number, elements: [{label, unit,
 * field, anchor, input, value_text, previous_text, plan_text, flags,
 * categories [...], total_text, history [...]}]}], plans (the year's plan
 * reports, each value labelled), history_all (every change in words).
 * typed ({"values.<slot>": text}, may be NULL) is what a refused form
 * posted: shown again in place of the stored values; problems
 * ({"values.<slot>": message}, may be NULL) each beside its field.
 * editable: the caller may write (inputs rather than figures).
 */
enum err rep_view_entry(struct db *db, json_t *report, json_t *typed,
    json_t *problems, bool editable, const char *lang, struct arena *a,
    struct errinfo *ei);

/*
 * What a page's form posted ({"values.<slot>": text}, every field of the
 * form) as the values object rep_report_put takes ({"<slot>": value or
 * null}), read by the rule of typed text (rep_value_from_text: money as
 * "1.234.567", "91,5", có/không) against the form version of report
 * (rep_report_get's view).  Every problem in pr, each naming
 * "values.<slot>" and the element as the page names it, and - when some
 * value did not read - the blocking rules the others break (checked on the
 * report's values with the typed ones on top); ERR_INVALID with the first
 * in ei, *values NULL then.
 */
enum err rep_view_values_from_form(struct db *db, json_t *report,
    json_t *typed, struct arena *a, json_t **values,
    struct rep_problems *pr, struct errinfo *ei);

/*
 * The reports waiting for someone holding bindings b (n of them; the
 * caller passes those with a role that may read reports): for each unit
 * of a binding that fills a form, the form's REP_VIEW_RECENT latest
 * started periods, newest first, each with its state, due day and a
 * link (items: [{unit_name, form_title, period_label, state,
 * state_label, due_text, late, href}]).  For a binding at a province
 * (or above a commune), also "children": the communes of that unit with
 * their report of form_id (NULL: the first form communes fill) for
 * period (NULL: its latest started), with the choices of form and
 * period.  New reference in *out.
 */
enum err rep_view_list(struct db *db, const struct role_binding *b, size_t n,
    const char *form_id, const char *period, const char *lang,
    struct arena *a, json_t **out, struct errinfo *ei);

/* A period's text ("2026-07") in words ("Tháng 7 năm 2026"); the text
 * itself when it is not a period.  In a. */
const char *rep_view_period_words(struct arena *a, const char *lang,
    const char *text);

#endif
