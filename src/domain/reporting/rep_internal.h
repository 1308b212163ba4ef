/*
 * rep_internal.h - what the files of domain/reporting share, not for
 * callers: the length of a JSON path in errors, collecting problems, and
 * the slot index of a parsed form.
 */
#ifndef NTM_DOMAIN_REPORTING_INTERNAL_H
#define NTM_DOMAIN_REPORTING_INTERNAL_H

#include "domain/reporting/reporting.h"

/* A JSON path or value field as errinfo.field holds it. */
#define REP_PATH_LEN	64
/* A slot's name: "<element>.<category>". */
#define REP_SLOT_NAME	(2 * REP_ID_MAX + 2)

/* Append a copy of one to pr (NULL: nothing); past its cap, count it. */
void rep_problem_add(struct rep_problems *pr, const struct errinfo *one);

/* Build the slot index of f (its elements and breakdowns parsed): the
 * slot names, sorted, for rep_slot. */
void rep_slots_index(struct rep_form *f);

#endif
