/*
 * maps.h - choropleth maps of the provinces (issue 18): 34 provinces for
 * the 2025 structure, 63 for the years before it.
 *
 * The geometry is data/geo/ (Open Development Vietnam's province
 * boundaries, with Hoàng Sa and Trường Sa), projected and simplified once
 * before the server reads it (see docs/ARCHITECTURE.md "Maps"); a map is
 * that geometry coloured by an indicator's classes, with a legend, a
 * title, the source and date, the two archipelagos labelled, each
 * province a link to its dashboard, and the same numbers as a table.
 *
 * The indicators are the ones the dashboards show, each read from a
 * maintained aggregate (never a scan of communes on a read); built:
 *   ntm_met_share      share of communes meeting the NTM standard (%)
 *   criteria_avg       average number of criteria met per commune
 *   satisfaction_rate  residents' overall satisfaction (%), published campaigns
 *   ocop_products      OCOP products with a valid certificate (3 stars or more),
 *                      today (2025 provinces, this year only)
 *   market_sales       goods value of the marketplace's orders delivered in
 *                      a year (VND), by delivery province; its token
 *                      (market_sales_version) moves only when an order is
 *                      delivered or leaves that state
 *   dx_score           average digital-readiness score of the assessed
 *                      communes (issue 19; maps_dx.c, the national picture)
 *   dx_advanced_share  share of the assessed communes at the two top
 *                      readiness levels (%)
 * Another module adds one by adding a line to the indicator table
 * (maps.c) with its version token in MAP_META_VERSION.
 */
#ifndef NTM_DOMAIN_MAPS_H
#define NTM_DOMAIN_MAPS_H

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

struct db;

/* The version tokens the maps read (criteria, units, OCOP, surveys, market
 * sales): a map's page and file are cached per their values. */
#define MAP_META_VERSION "criteria_version+units_version+ocop_version+" \
	"surveys_version+market_sales_version" \
	"+reporting_version+dossiers_version+market+workflow_version" \
	/* the dx_* maps read the national picture (DX_META_VERSION) */

/* The indicators' keys, NULL-terminated, in the order pages list them. */
extern const char *const map_indicator_keys[];

/*
 * The values of indicator for every province of structure ("2025" or
 * "pre2025") in year (0: the newest year with data):
 *   {"indicator", "title", "unit", "year", "structure", "source", "as_of",
 *    "classes": [{"lo", "hi", "label", "colour", "count"}],
 *    "provinces": [{"code", "name", "value" (number or null),
 *                   "display" (as written in lang), "class" (index or null),
 *                   "href" (its dashboard)}]}
 * ERR_INVALID with field "indicator" for an unknown indicator, field
 * "year" for a year the indicator has no data for in that structure
 * (message in lang naming it); ERR_NOTFOUND for an unknown structure.
 */
enum err map_values(struct db *db, const char *structure,
    const char *indicator, int year, const char *lang, json_t **out,
    struct errinfo *ei);

/* The map of values (map_values' object) as one <svg> element, at most
 * 60 KB for the 34 provinces; each province links to its "href".  A
 * "highlight" member (a province's code) set on values outlines that
 * province (a province's dashboard). */
enum err map_svg(const json_t *values, const char *lang,
    struct buf *out, struct errinfo *ei);

/* The years with data of indicator in structure, ascending: a JSON array
 * of integers.  Errors as map_values. */
enum err map_years(struct db *db, const char *structure,
    const char *indicator, json_t **out, struct errinfo *ei);

/* What /maps offers: [{indicator, title, unit, structures: [{structure,
 * label, years: [...]}]}] in the order of map_indicator_keys. */
enum err map_catalog(struct db *db, const char *lang, json_t **out,
    struct errinfo *ei);

#endif
