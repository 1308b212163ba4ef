/*
 * pilots_internal.h - what the files of src/domain/pilots/ share.
 */
#ifndef NTM_DOMAIN_PILOTS_INTERNAL_H
#define NTM_DOMAIN_PILOTS_INTERNAL_H

#include "domain/pilots/pilots.h"

/* The unit of a pilot, checked: a commune or village of the 2025
 * structure, its province's code. */
struct pilot_place {
	const char *structure, *code, *province_code;
};
/* in->unit as a place: ERR_INVALID naming "unit" if it is not one. */
enum err pilot_place_of(struct db *db, struct arena *a, const char *unit,
    struct pilot_place *out, struct errinfo *ei);
/* The name of funding source id in lang, NULL if the plan form has no
 * such source. */
const char *pilot_funding_name(struct db *db, const char *id,
    const char *lang);
/* A decimal as people write it ("91,5") into *v: false if not one. */
bool pilot_decimal(const char *s, double *v);
/* in with its picked readiness indicators filled in (a copy in a when
 * anything was filled, else in itself). */
const struct pilot_in *pilot_resolved(struct db *db, struct arena *a,
    const struct pilot_in *in);
/* s folded for search (lower case, no marks, đ as d) into a. */
const char *pilot_fold(struct arena *a, const char *s);

#endif
