/*
 * rep_plan.h - plan versus actual (docs/REPORTING.md section 9): an
 * element of a periodic form may name the element of a yearly form it is
 * measured against ("plan": {"form": "ntm-ke-hoach-nam", "element":
 * "capital_plan"}).  Slot by slot: the element's total against the plan
 * element's total, a category against the plan's category of the same id
 * (both broken down by categories of the same ids), nothing else.
 *
 * The plan of a report is the unit's own report of the plan form for the
 * period's year; the plan of an aggregate is the maintained aggregate of
 * the plan form for the unit and that year (the sum of its communes'
 * plans).  The share achieved is 100 * actual / plan, absent when the plan
 * is 0 or missing, or the actual is missing.
 */
#ifndef NTM_DOMAIN_REPORTING_PLAN_H
#define NTM_DOMAIN_REPORTING_PLAN_H

#include <stdbool.h>

#include <jansson.h>

#include "db/db.h"
#include "domain/reporting/reporting.h"

/* The slot of plan that slot of f is measured against, or -1 (the
 * element names no plan, or names another form or an element plan does
 * not have, or a category plan's element does not have). */
long rep_plan_slot(const struct rep_form *f, size_t slot,
    const struct rep_form *plan);

/* The share achieved: 100 * actual / plan into *share; false (share
 * unset) when either is absent or the plan is 0. */
bool rep_plan_share(const struct rep_value *plan,
    const struct rep_value *actual, double *share);

/*
 * Plan versus actual of the values vals of f for unit u and period p
 * into view: "plan_actual": [{slot, label, plan_form, plan_slot, plan,
 * actual, share}] (one per slot measured against a plan, of the slots
 * units of u's level fill - a category only when it has a plan or an
 * actual; plan, actual, share null when absent) and
 * "plan_method" (in lang).  aggregate: the plan is the maintained
 * aggregate of the plan form, else the unit's own plan report.  A form
 * without a "plan" element adds an empty list.
 */
enum err rep_plan_json(struct db *db, struct arena *a,
    const struct rep_form *f, const struct unit *u,
    const struct rep_period *p, const struct rep_value *vals,
    bool aggregate, const char *lang, json_t *view, struct errinfo *ei);

#endif
