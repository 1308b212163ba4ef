/*
 * dashboard.h - the whole picture of a unit on one page (issue 18): the
 * nation, a province, a pre-2025 district or a commune.
 *
 * A dashboard is a list of panels.  Each module that has something to
 * say about a place contributes one panel builder (a line in dash_panels[],
 * dash_panels.c); a builder reads only maintained aggregates (roll-ups,
 * statistics rows, counters), so the national dashboard costs what a
 * commune's does.  A panel is JSON, the same object the JSON API returns
 * and the page renders generically:
 *
 *   {"key": "ntm_status",                  stable, for tests and anchors
 *    "title": "Xã đạt chuẩn nông thôn mới",  in the request's language
 *    "link": "/units/2025/01/rollup/…",     the page it summarises
 *    "figures": [{"key", "label", "value" (number|null), "display",
 *                 "of" (optional denominator), "note" (optional)}],
 *    "chart": {"kind": "line" | "bars" | "stacked", "unit", "decimals",
 *              "x": [labels] (line), "series": [{"name", "values"}] (line),
 *              "bars": [{"label", "value", "href"}] (bars),
 *              "segments": [names], "rows": [{"label", "values", "href"}]
 *              (stacked)}                   optional, drawn by core/chart.h
 *    "table": {"columns": [{"key", "label"}], "rows": [{key: text,
 *              "href" (links the first cell), "note" (a line under it)}]}
 *                                           optional
 *    "map": "ntm_met_share"                 optional: a maps.h indicator,
 *                                           its map drawn in the panel
 *    "map_link": "ocop_products"            optional: a link to that
 *                                           indicator's map page
 *    "empty": "Chưa có …"}                  instead of the above when there is no data
 *
 * Nothing a visitor may not see goes into a panel when ctx->staff is
 * false: no household code, user name, or comment that moderation hid;
 * officer-only lines (e.g. the names of overdue dossiers) only for staff.
 */
#ifndef NTM_DOMAIN_DASHBOARD_H
#define NTM_DOMAIN_DASHBOARD_H

#include <stdbool.h>

#include <jansson.h>

#include "core/err.h"

struct db;

/* The version tokens a dashboard's panels read (db_meta_get of a "+"
 * list): a dashboard is cached per data version of these, and per day
 * (ROUTE_DATED: a dossier becomes overdue at midnight).  A panel that
 * reads another module's data ADDS that module's token here. */
#define DASH_META_VERSION	"units_version+criteria_version+" \
	"dossiers_version+surveys_version+reporting_version+ocop_version+market" \
	"+market_sales_version" \
	"+workflow_version"	/* the digital panel's picture (DX_META_VERSION) */

enum dash_level {
	DASH_NATION = 1 << 0,
	DASH_PROVINCE = 1 << 1,
	DASH_DISTRICT = 1 << 2,	/* pre-2025 only */
	DASH_COMMUNE = 1 << 3,
	DASH_ALL = 0xf,
};

struct dash_ctx {
	struct db *db;
	const char *structure;	/* "2025" or "pre2025" */
	const char *code;	/* "VN" for the nation */
	const char *name;	/* the unit's full name */
	const char *province_code;	/* NULL for the nation */
	enum dash_level level;
	int year;		/* the year asked, or the newest with data */
	const char *lang;	/* "vi" or "en" */
	bool staff;		/* a signed-in officer (may see officer-only lines) */
};

/* A builder sets *panel (a new object) or leaves it NULL when the panel
 * does not apply to this unit; an error fails the whole dashboard. */
typedef enum err (*dash_panel_fn)(const struct dash_ctx *c, json_t **panel,
    struct errinfo *ei);

struct dash_panel_def {
	const char *key;
	unsigned levels;	/* enum dash_level bits it applies to */
	dash_panel_fn build;
};
extern const struct dash_panel_def dash_panels[];	/* ends with {NULL} */

/*
 * The numbers of a panel's "chart" object as a table, in lang's number
 * format ("—" for a value not known): {"columns": [{"label"}] (one per
 * series, segment, or the bars' value), "rows": [{"label", "cells":
 * [{"text"}]}]} (new reference).  The page shows it under the chart (for
 * screen readers and print), the PDF under its drawing.
 */
json_t *dash_chart_numbers(const json_t *chart, const char *lang);

/*
 * The dashboard of (structure, code) for year (0: the newest year with
 * data): {"unit": {structure, code, name, level, parents: [{code, name,
 * href}]}, "year", "years": [years with data], "panels": [panel…],
 * "as_of"}.  ERR_NOTFOUND for a unit that does not exist.
 */
enum err dash_build(struct db *db, const char *structure, const char *code,
    int year, const char *lang, bool staff, json_t **out,
    struct errinfo *ei);

#endif
