/*
 * opendata.c - the table of open data sets, the file around a data set's
 * table (title, licence, source, date) and its CSV.
 *
 * The builders live in opendata_sql.c (tables read by one statement of
 * src/db/sql/opendata.sql) and opendata_modules.c (a module's own public
 * function: the OCOP register, the market statistics, surveys' published
 * results, the criteria sets' documents).  A new data set is one entry
 * of od_datasets[] and its builder.
 */
#include <string.h>

#include "core/csvw.h"
#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/criteria/criteria_store.h"
#include "domain/dossiers/dossiers.h"
#include "domain/legal/legal.h"
#include "domain/market/market_orders.h"
#include "domain/market/market_listings.h"
#include "domain/ocop/ocop_registry.h"
#include "domain/opendata/opendata.h"
#include "domain/opendata/opendata_internal.h"

#define CC_BY		"CC BY 4.0"
#define CC_BY_URL	"https://creativecommons.org/licenses/by/4.0/"
/* The units and the lineage are the data/ files, whose source publishes
 * them under MIT (data/README.md). */
#define MIT		"MIT"
#define MIT_URL		"https://opensource.org/licenses/MIT"

const struct od_dataset od_datasets[] = {
	{ "don-vi-hanh-chinh-2025", "od_units2025", "od_units2025_desc",
	  "od_src_units", MIT, MIT_URL, "units_version", "/units/2025/VN",
	  od_build_units_2025 },
	{ "don-vi-hanh-chinh-truoc-2025", "od_unitspre", "od_unitspre_desc",
	  "od_src_units", MIT, MIT_URL, "units_version", "/units/pre2025/VN",
	  od_build_units_pre2025 },
	{ "chuyen-doi-don-vi", "od_lineage", "od_lineage_desc",
	  "od_src_units", MIT, MIT_URL, "units_version", NULL,
	  od_build_lineage },
	{ "ket-qua-ntm-tinh", "od_rollups", "od_rollups_desc",
	  "od_src_platform", CC_BY, CC_BY_URL,
	  CRIT_META_VERSION "+units_version",
	  "/units/2025/VN/rollup/ntm-xa-2026-2030/2026", od_build_rollups },
	{ "ket-qua-ntm-xa", "od_evals", "od_evals_desc",
	  "od_src_platform", CC_BY, CC_BY_URL,
	  CRIT_META_VERSION "+units_version", NULL, od_build_evaluations },
	{ "danh-hieu-cong-nhan", "od_titles", "od_titles_desc",
	  "od_src_platform", CC_BY, CC_BY_URL,
	  DOS_META_VERSION "+" CRIT_META_VERSION "+units_version",
	  "/recognitions", od_build_recognitions },
	/* A campaign's results publish themselves on its closing day,
	 * which no token marks: read each time (a few campaigns). */
	{ "ket-qua-khao-sat", "od_surveys", "od_surveys_desc",
	  "od_src_platform", CC_BY, CC_BY_URL, NULL, "/s",
	  od_build_surveys },
	{ "san-pham-ocop", "od_ocop", "od_ocop_desc",
	  "od_src_platform", CC_BY, CC_BY_URL,
	  OCOP_META_VERSION "+units_version", "/ocop/register",
	  od_build_ocop_register },
	{ "thong-ke-ocop", "od_ocop_stats", "od_ocop_stats_desc",
	  "od_src_platform", CC_BY, CC_BY_URL,
	  OCOP_META_VERSION "+units_version", "/ocop/statistics",
	  od_build_ocop_stats },
	/* market_sales_version moves when an order is delivered (or leaves
	 * that state): the only change these figures see. */
	{ "thong-ke-cho-ocop", "od_market", "od_market_desc",
	  "od_src_platform", CC_BY, CC_BY_URL, MARKET_SALES_VERSION,
	  "/cho/thong-ke", od_build_market_stats },
	{ "tieu-chi-ntm", "od_criteria", "od_criteria_desc",
	  "od_src_criteria", CC_BY, CC_BY_URL, CRIT_META_VERSION,
	  "/criteria-sets", od_build_criteria },
	{ "van-ban-phap-ly", "od_legal", "od_legal_desc",
	  "od_src_legal", CC_BY, CC_BY_URL, LEGAL_VERSION, "/van-ban",
	  od_build_legal },
	{ NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }
};

const struct od_dataset *
opendata_find(const char *slug)
{
	for (const struct od_dataset *d = od_datasets; d->slug != NULL; d++)
		if (strcmp(d->slug, slug) == 0)
			return d;
	return NULL;
}

void
od_column(json_t *table, const char *name, const char *type)
{
	json_array_append_new(json_object_get(table, "columns"), json_pack(
	    "{s:s, s:s}", "name", name, "type", type));
}

enum err
od_rows_from(struct db_stmt *st, json_t *table, struct errinfo *ei)
{
	json_t *cols = json_object_get(table, "columns"),
	    *rows = json_object_get(table, "rows"), *row, *c;
	size_t i;
	int rc;

	while ((rc = db_step(st, ei)) == 1) {
		row = json_array();
		json_array_foreach(cols, i, c) {
			const char *type = jval_str(c, "type");

			if (db_col_null(st, (int)i))
				json_array_append_new(row, json_null());
			else if (strcmp(type, "integer") == 0)
				json_array_append_new(row, json_integer(
				    db_col_int(st, (int)i)));
			else
				json_array_append_new(row, jval_string(
				    db_col_text(st, (int)i)));
		}
		json_array_append_new(rows, row);
	}
	return rc < 0 ? ei->err : ERR_OK;
}

enum err
opendata_build(struct db *db, const struct od_dataset *d, const char *lang,
    json_t **out, struct errinfo *ei)
{
	char today[DATE_LEN];
	json_t *file, *table;
	enum err e;

	*out = NULL;
	table = json_pack("{s:[], s:[]}", "columns", "rows");
	if ((e = d->build(db, lang, table, ei)) != ERR_OK) {
		json_decref(table);
		return e;
	}
	file = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "dataset", d->slug, "title", msg_get(lang, d->title_key),
	    "description", msg_get(lang, d->desc_key),
	    "licence", d->licence, "licence_url", d->licence_url,
	    "source", msg_get(lang, d->source_key),
	    "as_of", date_today(today));
	jval_merge(file, table);
	*out = file;
	return ERR_OK;
}

enum err
opendata_csv(const json_t *file, struct buf *out, struct errinfo *ei)
{
	json_t *cols = json_object_get(file, "columns"), *row, *c;
	struct csvw w;
	size_t i, j;

	csvw_init(&w, out, CSVW_EXCEL);
	json_array_foreach(cols, i, c)
		csvw_cellz(&w, jval_str(c, "name"));
	csvw_end_row(&w);
	json_array_foreach(json_object_get(file, "rows"), i, row) {
		json_array_foreach(row, j, c) {
			if (json_is_integer(c))
				csvw_int(&w, json_integer_value(c));
			else if (json_is_real(c))
				csvw_num(&w, json_real_value(c));
			else if (json_is_true(c))
				csvw_cellz(&w, "true");
			else if (json_is_false(c))
				csvw_cellz(&w, "false");
			else
				csvw_cellz(&w, json_string_value(c));
		}
		csvw_end_row(&w);
	}
	if (w.err != ERR_OK)
		return err_set(ei, w.err, "opendata.too_large", NULL,
		    "tệp dữ liệu quá lớn", "the data file is too large");
	return ERR_OK;
}
