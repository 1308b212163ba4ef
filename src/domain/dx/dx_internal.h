/*
 * dx_internal.h - what the files of src/domain/dx share: the observed
 * sources read for every commune at once (the picture) and a few helpers
 * of the JSON views.  Not for other modules (they use dx.h).
 */
#ifndef NTM_DOMAIN_DX_INTERNAL_H
#define NTM_DOMAIN_DX_INTERNAL_H

#include "domain/dx/dx.h"

/* Called for each commune the grouped query of a source answers. */
typedef void (*dx_obs_fn)(void *ctx, const char *code,
    const struct dx_observation *o);

/* The observed values of source for every unit of structure in year, in
 * one grouped query; fn is called for each unit with something counted
 * (o->present).  ERR_INVALID for a name not in crit_observed_names. */
enum err dx_observe_all(struct db *db, const char *source,
    const char *structure, int year, dx_obs_fn fn, void *ctx,
    struct errinfo *ei);

/* Whether source is a count (market_online_orders, smart_villages_met)
 * rather than a share of something. */
bool dx_source_is_count(const char *source);

/* The set's summary {id, version, name, levels:[{id, name, min}]} in lang. */
json_t *dx_set_json(const struct crit_set *s, const char *lang);

/* x rounded to 0.1, as scores are shown. */
double dx_round1(double x);

#endif
