/*
 * opendata.h - the open data sets: every public table of the platform as
 * one rectangular table (columns and rows) that the web layer serves as
 * CSV and JSON at /du-lieu-mo/{dataset}.csv|.json and lists at
 * /du-lieu-mo and /api/v1/open-data (docs/OPEN-DATA.md).
 *
 * A data set is an entry of od_datasets[] (opendata.c): its slug (the
 * address), its title and description (message keys), the licence, the
 * source, the version token(s) whose change makes its table change, and
 * a build function reading the maintained tables or the module's own
 * public function (the OCOP register, the market statistics, a survey's
 * published results) - never what is hidden from an anonymous visitor:
 * no household code, no account or user name, no comment.
 *
 * The table, as JSON (the body of the .json file without its header):
 *   {"columns": [{"name", "type": "text"|"integer"|"number"}...],
 *    "rows": [[cell...]...]}
 * a cell being a string, an integer, a real or null, by its column type.
 *
 * Ownership: *out of opendata_build belongs to the caller (json_decref).
 */
#ifndef NTM_DOMAIN_OPENDATA_H
#define NTM_DOMAIN_OPENDATA_H

#include <stdbool.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"

struct od_dataset {
	const char *slug;	/* "don-vi-hanh-chinh-2025": the file name */
	const char *title_key;	/* message keys: title, what it holds, */
	const char *desc_key;	/* where it comes from */
	const char *source_key;
	const char *licence;	/* "CC BY 4.0", "MIT" ...: as data/ says */
	const char *licence_url;
	/* The meta token(s) ("a+b") its rows depend on; with today (the
	 * as_of date) the version of a cached file.  NULL: read on every
	 * request (a module with no token for what the set shows). */
	const char *version_key;
	/* A page of the platform showing the same numbers (a link). */
	const char *page;
	enum err (*build)(struct db *db, const char *lang, json_t *table,
	    struct errinfo *ei);
};

extern const struct od_dataset od_datasets[];	/* ends with slug NULL */

/* The data set named slug, or NULL. */
const struct od_dataset *opendata_find(const char *slug);

/*
 * The whole file of d as JSON: {"dataset", "title", "licence",
 * "licence_url", "source", "as_of" (today, YYYY-MM-DD), "columns",
 * "rows"} with the words in lang.
 */
enum err opendata_build(struct db *db, const struct od_dataset *d,
    const char *lang, json_t **out, struct errinfo *ei);

/* The file (opendata_build's) as CSV: UTF-8 with a BOM, a header row of
 * the column names, then the rows; text cells guarded against formulas
 * (core/csvw.h CSVW_EXCEL), numbers as numbers. */
enum err opendata_csv(const json_t *file, struct buf *out,
    struct errinfo *ei);

/* Helpers of the build functions (opendata.c). */
void od_column(json_t *table, const char *name, const char *type);
/* One row of the published survey results (surv_results' answer res of
 * campaign), in the columns of the open data set and of the exchange's
 * survey_results: campaign, structure, unit_code, unit_name, title,
 * opens_on, closes_on, households, responses, coverage, rate, ci low,
 * ci high, threshold, met ("true"/"false"/null). */
json_t *od_survey_results_row(json_int_t campaign, const json_t *res);
/* What od_each_published_survey calls with one campaign's results res
 * (surv_results' answer): ERR_OK to go on, else the error (in ei). */
typedef enum err (*od_survey_fn)(void *ctx, json_int_t campaign,
    const json_t *res, struct errinfo *ei);
/* For each campaign of st (its first column: an id; st is bound, not yet
 * stepped) whose results are published: fn(ctx, id, results, ei), in st's
 * order, results in lang. Stops at, and returns, the first error. */
enum err od_each_published_survey(struct db *db, struct db_stmt *st,
    const char *lang, od_survey_fn fn, void *ctx, struct errinfo *ei);
/* Read every row of st into table: column i of the statement is the
 * table's column i, read by that column's type (NULL stays null). */
enum err od_rows_from(struct db_stmt *st, json_t *table,
    struct errinfo *ei);

#endif
