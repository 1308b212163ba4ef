/*
 * dx.h - digital transformation (issue 19): every commune's digital
 * readiness, scored on a criteria set of kind dx_readiness (the format's
 * "scoring" and "observed", criteria.h), the province and national
 * pictures, rankings and trends.  docs/DIGITAL.md says what is measured
 * and how.
 *
 * Two kinds of value feed a commune's readiness:
 *   typed     - entered by officers through the criteria store, like any
 *               indicator value (crit_store_put_values; the entry page);
 *   observed  - computed by the platform from what the commune did on it
 *               (dx_observe: reports and dossiers handled on time, OCOP
 *               producers selling on the marketplace, online orders,
 *               survey responses collected online, smart villages met);
 *               never typed (the engine refuses: criteria.observed).
 *
 * The national picture (dx_picture) is computed from one read of the
 * typed values and one grouped query per observed source, then every
 * commune is evaluated in memory (3,321 communes in a few milliseconds).
 * It is kept per (set, version, year) and rebuilt only when one of the
 * version tokens it read has moved (DX_META_VERSION), so the national
 * roll-up page, the rankings, the map and the dashboards' digital panel
 * all read one snapshot and nothing is recomputed on a read that finds it
 * current.  Results (json_t) are new references the caller releases.
 */
#ifndef NTM_DOMAIN_DX_H
#define NTM_DOMAIN_DX_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/criteria/criteria.h"

/* What the picture reads: typed values and sets (criteria), units, and
 * each observed source's module ("market": listings and shops;
 * "workflow_version": a report submitted or a dossier moved, which bump
 * no token of their own module).  A report or a step falls due at
 * midnight, so a view of the picture is also dated (ROUTE_DATED) and the
 * picture itself is kept per day. */
#define DX_META_VERSION	"criteria_version+units_version+reporting_version+" \
	"dossiers_version+ocop_version+market+market_sales_version+" \
	"surveys_version+workflow_version"

/* The newest dx_readiness set that applies to the 2025 communes in year
 * (its id into id, size >= CRIT_ID_MAX + 1); ERR_NOTFOUND
 * "dx.no_set" when none does. */
enum err dx_current_set(struct db *db, int year, char *id, size_t size,
    struct errinfo *ei);

/* One observed value of a unit and year: how it was computed, for the
 * page ("5 / 6 kỳ báo cáo nộp đúng hạn năm 2026").  present false: the
 * platform has nothing to count (no report due yet ...): the indicator
 * stays unknown, never 0. */
struct dx_observation {
	bool present;
	double value;
	/* What was counted: a share is 100 * numerator / denominator; a
	 * count has the count in numerator and denominator -1, or, for
	 * smart_villages_met, the villages evaluated. */
	long numerator, denominator;
};

/* The observed values of the unit (structure, code) in year for every
 * indicator of s with "observed": obs[i] for indicator i (n_indicators
 * entries, zeroed first; indicators not observed stay absent).  Used by
 * the criteria store when it builds a unit's evaluation and entry form. */
enum err dx_observe(struct db *db, const struct crit_set *s,
    const char *structure, const char *code, int year,
    struct dx_observation *obs, struct errinfo *ei);
/* The same into a new array of a; *obs NULL (nothing read) when s has no
 * observed indicator. */
enum err dx_observe_set(struct db *db, struct arena *a,
    const struct crit_set *s, const char *structure, const char *code,
    int year, struct dx_observation **obs, struct errinfo *ei);

/* The method of an observed source in lang, with its numbers:
 * "Kỳ báo cáo nộp đúng hạn trên nền tảng: 5/6 (năm 2026)".  Into buf. */
const char *dx_observation_text(const char *source,
    const struct dx_observation *o, int year, const char *lang, char *buf,
    size_t size);

/* One commune in the picture. */
struct dx_commune {
	const char *code, *name, *province;	/* province code */
	double score;
	bool complete;		/* every indicator scored */
	int level;		/* index into set->levels, -1 none */
	int rank;		/* 1 = best in the nation (ties share a rank) */
	int province_rank;
};

/* A scope's summary: a province, or the nation (code "VN"). */
struct dx_scope {
	const char *code, *name;
	long communes, assessed;	/* assessed: any value, typed or observed */
	double score_avg;		/* over assessed communes; NAN if none */
	long *by_level;			/* set->n_levels counts (assessed only) */
};

struct dx_picture {
	const struct crit_set *set;
	int year;
	struct dx_commune *communes;	/* code order */
	size_t n_communes;
	struct dx_scope nation;
	struct dx_scope *provinces;	/* code order */
	size_t n_provinces;
	double build_ms;		/* time the last rebuild took */
	double eval_ms;			/* of which scoring in memory */
};

/* The picture of set (version 0: newest) in year, current as of the
 * tokens of DX_META_VERSION; shared and immutable: the caller releases it
 * with dx_picture_release.  ERR_NOTFOUND for an unknown set, ERR_INVALID
 * "year" outside its years, "set" for a set that is not scored. */
enum err dx_picture_get(struct db *db, const char *set_id, int version,
    int year, const struct dx_picture **out, struct errinfo *ei);
void dx_picture_release(const struct dx_picture *p);
void dx_cache_free(void);	/* at exit */

/*
 * JSON for the pages and the API (docs/API.md, "Digital readiness"):
 *
 * dx_rollup_json - scope "VN" or a province code:
 *   {"set": {id, version, name, levels:[{id, name, min}]}, "year",
 *    "scope": {code, name, level}, "communes", "assessed", "score_avg",
 *    "by_level": [{id, name, count, share}],
 *    "children": [{code, name, communes, assessed, score_avg, by_level:[n..],
 *                  href}]              (the nation: its provinces)
 *    "ranking": [{rank, code, name, province, score, level, complete,
 *                 href}]               (communes of the scope, best first;
 *                                       limit/offset as the route passes)
 *    "ranking_total", "years": [years with any assessment]}
 * dx_commune_json - one commune:
 *   {"unit": {...}, "set": {...}, "year", "evaluation": crit_result_json,
 *    "score": crit_score_json, "rank", "province_rank",
 *    "observed": [{id, name, source, value, numerator, denominator,
 *                  method}],
 *    "trend": [{year, score, level, complete}] (every year of the set's
 *              range with any value)}
 */
enum err dx_rollup_json(struct db *db, const char *set_id, int year,
    const char *scope, const char *lang, long limit, long offset,
    json_t **out, struct errinfo *ei);
enum err dx_commune_json(struct db *db, const char *set_id, int year,
    const char *code, const char *lang, json_t **out, struct errinfo *ei);

#endif
