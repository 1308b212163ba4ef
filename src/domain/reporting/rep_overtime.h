/*
 * rep_overtime.h - the aggregate of a longer period (a year, a half, a
 * quarter) of a form filled for shorter ones (a monthly form), made from
 * the maintained aggregates of its periods (at most 12 rows a slot, one
 * indexed range read) by each element's over_time (rep_over_time):
 * "last" takes the latest period in which the unit's aggregate has a
 * value, "sum" adds the periods, "none" leaves it out; formulas and
 * totals are recomputed.  docs/REPORTING.md section 9.
 */
#ifndef NTM_DOMAIN_REPORTING_OVERTIME_H
#define NTM_DOMAIN_REPORTING_OVERTIME_H

#include <jansson.h>

#include "db/db.h"
#include "domain/reporting/reporting.h"

/*
 * Into vals (from rep_values_new) the values of unit (structure, code)
 * for period p, longer than f's period type, from the maintained
 * aggregates of the periods of f's type within p.  periods gets [{period,
 * reports}] for each of them (reports: the most any slot counts, 0 for a
 * period without one), counted {slot: the most reports counted in one
 * period}; *most the largest of those.
 */
enum err rep_overtime_aggregate(struct db *db, struct arena *a,
    const struct rep_form *f, const char *structure, const char *code,
    const struct rep_period *p, struct rep_value *vals, json_t *periods,
    json_t *counted, long *most, struct errinfo *ei);

#endif
