/*
 * opendata_modules.c - the open data sets read through a module's own
 * public function, so they show exactly what its public page shows:
 *
 *   ket-qua-khao-sat   surv_results of each campaign whose results are
 *                      published (rates only: no question, no comment,
 *                      no village, nothing under the disclosure rule)
 *   san-pham-ocop      ocop_register_list: the register today
 *   thong-ke-ocop      ocop_register_statistics
 *   thong-ke-cho-ocop  market_stats over the period /cho/thong-ke shows
 *                      by default (twelve months to today)
 *   tieu-chi-ntm       the newest version of each criteria set: every
 *                      criterion and indicator with its verification
 *                      status and source (never a threshold: a RECALLED
 *                      one must not look official out of its page)
 *   van-ban-phap-ly    legal_list: the library of legal documents, each
 *                      with its verification status, the facts still
 *                      unverified named, and how many records cite it
 */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/jval.h"
#include "domain/legal/legal.h"
#include "domain/market/market_money.h"
#include "domain/ocop/ocop_register.h"
#include "domain/opendata/opendata_internal.h"
#include "domain/surveys/surveys_store.h"

static void
cols(json_t *table, const char *const *names, const char *types)
{
	for (size_t i = 0; names[i] != NULL; i++)
		od_column(table, names[i], types[i] == 'i' ? "integer" :
		    types[i] == 'n' ? "number" : "text");
}

static void
add_row(json_t *table, json_t *row)
{
	json_array_append_new(json_object_get(table, "rows"), row);
}

/* A number of a view as a cell: null when absent or null. */
static json_t *
num(const json_t *v)
{
	if (json_is_integer(v))
		return json_integer(json_integer_value(v));
	if (json_is_real(v))
		return json_real(json_real_value(v));
	return json_null();
}

json_t *
od_survey_results_row(json_int_t campaign, const json_t *res)
{
	const json_t *c = json_object_get(res, "campaign");
	const json_t *ci = json_object_get(res, "ci");
	const json_t *met = json_object_get(res, "met");

	return json_pack("[I, o, o, o, o, o, o, o, o, o, o, o, o, o, o]",
	    campaign, jval_string(jval_str(c, "structure")),
	    jval_string(jval_str(c, "unit_code")),
	    jval_string(jval_str(c, "unit_name")),
	    jval_string(jval_str(c, "title")),
	    jval_string(jval_str(c, "opens_on")),
	    jval_string(jval_str(c, "closes_on")),
	    num(json_object_get(c, "households")),
	    num(json_object_get(res, "responses")),
	    num(json_object_get(res, "coverage")),
	    num(json_object_get(res, "rate")),
	    num(json_array_get(ci, 0)), num(json_array_get(ci, 1)),
	    num(json_object_get(c, "threshold")),
	    json_is_boolean(met) ? jval_string(json_is_true(met) ? "true" :
	    "false") : json_null());
}

/*
 * The one reading of published survey results, shared by the open data
 * set and the exchange file: the campaigns st names (its first column)
 * are read first, as surv_results runs statements of its own; then fn
 * gets each one's results, in st's order, when they are published.
 */
enum err
od_each_published_survey(struct db *db, struct db_stmt *st, const char *lang,
    od_survey_fn fn, void *ctx, struct errinfo *ei)
{
	json_t *ids = json_array(), *id;
	enum err e = ERR_OK;
	size_t i;
	int rc;

	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(ids, json_integer(db_col_int(st, 0)));
	if (rc < 0) {
		json_decref(ids);
		return ei->err;
	}
	json_array_foreach(ids, i, id) {
		json_t *res;

		if ((e = surv_results(db, json_integer_value(id), false, lang,
		    &res, ei)) != ERR_OK)
			break;
		if (json_is_true(json_object_get(res, "published")))
			e = fn(ctx, json_integer_value(id), res, ei);
		json_decref(res);
		if (e != ERR_OK)
			break;
	}
	json_decref(ids);
	return e;
}

/* od_each_published_survey's fn of the open data set: table gets the row. */
static enum err
add_survey_row(void *table, json_int_t campaign, const json_t *res,
    struct errinfo *ei)
{
	(void)ei;
	add_row(table, od_survey_results_row(campaign, res));
	return ERR_OK;
}

OD_BUILDER(od_build_surveys)
{
	static const char *const names[] = { "campaign_id", "structure",
		"unit_code", "unit_name", "title", "opens_on", "closes_on",
		"households", "responses", "coverage_pct", "rate_pct",
		"ci_low_pct", "ci_high_pct", "threshold_pct", "met", NULL };
	struct db_stmt *st;

	cols(table, names, "ittttttiinnnnnt");
	if ((st = db_stmt_try(db, STMT_OD_CAMPAIGNS, ei)) == NULL)
		return ei->err;
	return od_each_published_survey(db, st, lang, add_survey_row, table,
	    ei);
}

OD_BUILDER(od_build_ocop_register)
{
	static const char *const names[] = { "product_id", "product",
		"group", "stars", "producer", "commune", "province_code",
		"province", "certificate_no", "level", "issued_on",
		"expires_on", "status", NULL };
	struct ocop_reg_filter f = { 0 };
	json_t *out, *it;
	size_t i;
	enum err e;

	cols(table, names, "ittittttttttt");
	f.limit = 1000000;
	if ((e = ocop_register_list(db, &f, lang, &out, ei)) != ERR_OK)
		return e;
	json_array_foreach(json_object_get(out, "items"), i, it) {
		json_t *c = json_object_get(it, "certificate");

		add_row(table, json_pack("[o, o, o, o, o, o, o, o, o, o, o, o,"
		    " o]", num(json_object_get(it, "id")),
		    jval_string(jval_str(it, "name")),
		    jval_string(jval_str(it, "group_name")),
		    num(json_object_get(it, "stars")),
		    jval_string(jval_str(it, "producer")),
		    jval_string(jval_str(it, "commune")),
		    jval_string(jval_str(it, "province_code")),
		    jval_string(jval_str(it, "province")),
		    jval_string(jval_str(c, "number")),
		    jval_string(jval_str(c, "level")),
		    jval_string(jval_str(c, "issued_on")),
		    jval_string(jval_str(c, "expires_on")),
		    jval_string(jval_str(c, "status"))));
	}
	json_decref(out);
	return ERR_OK;
}

/* A key of a view (an integer or a string) as a text cell. */
static json_t *
key_text(const json_t *v)
{
	char n[24];

	if (json_is_integer(v)) {
		snprintf(n, sizeof(n), "%lld",
		    (long long)json_integer_value(v));
		return json_string(n);
	}
	return jval_string(json_string_value(v));
}

OD_BUILDER(od_build_ocop_stats)
{
	static const char *const names[] = { "dimension", "key", "name",
		"count", NULL };
	json_t *out, *it;
	size_t i;
	enum err e;

	cols(table, names, "ttti");
	if ((e = ocop_register_statistics(db, lang, &out, ei)) != ERR_OK)
		return e;
	json_array_foreach(json_object_get(out, "by_province"), i, it)
		add_row(table, json_pack("[s, o, o, o]", "province",
		    key_text(json_object_get(it, "code")),
		    jval_string(jval_str(it, "name")),
		    num(json_object_get(it, "count"))));
	/* Products whose commune has no 2025 province (the page's own
	 * "unplaced" row), so the province rows add up to the total. */
	if (jval_int(out, "unplaced", 0) > 0)
		add_row(table, json_pack("[s, n, n, I]", "province",
		    (json_int_t)jval_int(out, "unplaced", 0)));
	json_array_foreach(json_object_get(out, "by_stars"), i, it)
		add_row(table, json_pack("[s, o, n, o]", "stars",
		    key_text(json_object_get(it, "stars")),
		    num(json_object_get(it, "count"))));
	json_array_foreach(json_object_get(out, "by_group"), i, it)
		add_row(table, json_pack("[s, o, o, o]", "group",
		    key_text(json_object_get(it, "group")),
		    jval_string(jval_str(it, "name")),
		    num(json_object_get(it, "count"))));
	json_decref(out);
	return ERR_OK;
}

OD_BUILDER(od_build_market_stats)
{
	static const char *const names[] = { "from", "to", "dimension",
		"key", "name", "month", "orders", "goods_vnd", NULL };
	static const char *const dims[][2] = { { "by_province", "province" },
		{ "by_group", "group" }, { "by_stars", "stars" } };
	char today[DATE_LEN], from[DATE_LEN];
	json_t *out, *it, *m;
	size_t i, j, k;
	long d;
	enum err e;

	cols(table, names, "ttttttii");
	/* The period /cho/thong-ke shows by default: from the first day of
	 * the month a year before this month, to today. */
	date_today(today);
	if (!date_parse(today, &d))
		return err_set(ei, ERR_SYS, NULL, NULL, "ngày hôm nay không "
		    "đọc được", "today's date cannot be read");
	date_format(d - 334, from);
	memcpy(from + 8, "01", 3);
	if ((e = market_stats(db, from, today, NULL, lang, &out, ei)) !=
	    ERR_OK)
		return e;
	for (k = 0; k < sizeof(dims) / sizeof(dims[0]); k++)
		json_array_foreach(json_object_get(out, dims[k][0]), i, it) {
			add_row(table, json_pack("[s, s, s, o, o, n, o, o]",
			    from, today, dims[k][1],
			    key_text(json_object_get(it, "key")),
			    jval_string(jval_str(it, "name")),
			    num(json_object_get(it, "orders")),
			    num(json_object_get(it, "goods_vnd"))));
			json_array_foreach(json_object_get(it, "months"), j, m)
				add_row(table, json_pack("[s, s, s, o, o, o, o,"
				    " o]", from, today, dims[k][1],
				    key_text(json_object_get(it, "key")),
				    jval_string(jval_str(it, "name")),
				    jval_string(jval_str(m, "month")),
				    num(json_object_get(m, "orders")),
				    num(json_object_get(m, "goods_vnd"))));
		}
	json_decref(out);
	return ERR_OK;
}

/* A member of a document's object as a text cell (a string, else null). */
static json_t *
text(const json_t *o, const char *key)
{
	return jval_string(jval_str(o, key));
}

OD_BUILDER(od_build_criteria)
{
	static const char *const names[] = { "set_id", "set_version",
		"set_name", "set_status", "set_source", "criterion_id",
		"criterion", "criterion_status", "criterion_source",
		"indicator_id", "indicator", "indicator_status",
		"indicator_source", NULL };
	struct db_stmt *st;
	int rc;

	(void)lang;
	cols(table, names, "titttttttttttt");
	if ((st = db_stmt_try(db, STMT_OD_CRITERIA_SETS, ei)) == NULL)
		return ei->err;
	while ((rc = db_step(st, ei)) == 1) {
		json_t *doc = json_loads(db_col_text(st, 2), 0, NULL), *c, *in;
		size_t i, j;

		if (doc == NULL)
			continue;	/* stored only after parsing: never */
		json_array_foreach(json_object_get(doc, "criteria"), i, c) {
			json_t *inds = json_object_get(c, "indicators");

			for (j = 0; j < json_array_size(inds) ||
			    (j == 0 && json_array_size(inds) == 0); j++) {
				in = json_array_get(inds, j);
				add_row(table, json_pack("[o, I, o, o, o, o, o,"
				    " o, o, o, o, o, o]",
				    jval_string(db_col_text(st, 0)),
				    (json_int_t)db_col_int(st, 1),
				    text(doc, "name"), text(doc, "status"),
				    text(doc, "source"), text(c, "id"),
				    text(c, "name"), text(c, "status"),
				    text(c, "source"), text(in, "id"),
				    text(in, "name"), text(in, "status"),
				    text(in, "source")));
			}
		}
		json_decref(doc);
	}
	return rc < 0 ? ei->err : ERR_OK;
}

/* A list of strings (or of objects' "number") as one cell ("a; b"), null
 * when empty. */
static json_t *
joined(const json_t *list)
{
	const json_t *it;
	json_t *out;
	struct buf b;
	enum err e = ERR_OK;
	size_t i;

	buf_init(&b, 64 * 1024);
	json_array_foreach(list, i, it) {
		const char *v = json_is_string(it) ? json_string_value(it) :
		    json_is_object(it) ? jval_str(it, "number") : NULL;

		if (v != NULL && e == ERR_OK)
			e = buf_printf(&b, "%s%s", b.len > 0 ? "; " : "", v);
	}
	out = b.len > 0 && e == ERR_OK ? jval_string(buf_cstr(&b)) :
	    json_null();
	buf_free(&b);
	return out;
}

OD_BUILDER(od_build_legal)
{
	static const char *const names[] = { "number", "kind", "issuer",
		"date", "title", "in_force", "replaced_by", "amended_by",
		"verification", "unverified_facts", "cited_by", "url", NULL };
	json_t *out, *it;
	size_t i;
	enum err e;

	(void)lang;
	cols(table, names, "ttttttttttit");
	if ((e = legal_list(db, NULL, &out, ei)) != ERR_OK)
		return e;
	json_array_foreach(json_object_get(out, "items"), i, it)
		add_row(table, json_pack("[o, o, o, o, o, o, o, o, o, o, o, o]",
		    jval_string(jval_str(it, "number")),
		    jval_string(jval_str(it, "kind")),
		    jval_string(jval_str(it, "issuer")),
		    jval_string(jval_str(it, "date")),
		    jval_string(jval_str(it, "title")),
		    jval_string(jval_str(it, "in_force")),
		    jval_string(jval_str(it, "replaced_by")),
		    joined(json_object_get(it, "amended_by")),
		    jval_string(jval_str(it, "verification")),
		    joined(json_object_get(it, "recalled")),
		    num(json_object_get(it, "cited_by_count")),
		    jval_string(jval_str(it, "url"))));
	json_decref(out);
	return ERR_OK;
}
