/*
 * units_internal.h - what the files of domain/units share, not for callers.
 */
#ifndef NTM_DOMAIN_UNITS_INTERNAL_H
#define NTM_DOMAIN_UNITS_INTERNAL_H

#include "domain/units/units.h"

/* Search by a folded query (units_search.c); see units_list. */
enum err units_search(struct db *db, struct arena *a,
    const struct unit_query *q, const char *folded, struct unit_list *out,
    struct errinfo *ei);
/* Drop the in-memory index (tests; the next search rebuilds it). */
void units_search_reset(void);

#endif
