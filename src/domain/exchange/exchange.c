/*
 * exchange.c - the table of bulk exchange files, their period, and the
 * writer turning rows into CSV or JSON on a FILE (exchange.h).
 *
 * The column lists below ARE the documented ones (docs/EXCHANGE.md
 * section 5 repeats them, tests/e2e/api/exchange.test.js compares the
 * two): a column keeps its name and place for ever; a new column is
 * appended at the end of its list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csvw.h"
#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/exchange/exchange.h"
#include "domain/exchange/exchange_internal.h"

#define T(n, u, m)	{ n, 't', u, m }
#define I(n, u, m)	{ n, 'i', u, m }
#define N(n, u, m)	{ n, 'n', u, m }
#define END		{ NULL, 0, NULL, NULL }

static const struct xc_column units_cols[] = {
	T("structure", "", "2025 (units since 1 July 2025) or pre2025"),
	T("code", "", "the statistics office's unit code"),
	T("name", "", "short name"),
	T("full_name", "", "name with its type (Xã ..., Tỉnh ...)"),
	T("level", "", "country, province, district, commune or village"),
	T("unit_type", "", "the unit's type as named (Xã, Phường, Tỉnh ...)"),
	T("unit_class", "", "rural, urban or special_zone"),
	T("parent_code", "", "code of the unit above, in the same structure"),
	T("region7_code", "", "code of one of the seven socio-economic regions"),
	I("is_rural", "0/1", "1 when the unit is rural"),
	END
};

static const struct xc_column lineage_cols[] = {
	T("old_structure", "", "pre2025"),
	T("old_code", "", "code of the unit before 1 July 2025"),
	T("old_name", "", "its name"),
	T("new_structure", "", "2025"),
	T("new_code", "", "code of the 2025 unit it went into"),
	T("new_name", "", "full name of the 2025 unit"),
	T("relation", "", "full (all of it) or partial"),
	T("qa_flag", "", "a note of the source on a doubtful pair, or empty"),
	END
};

static const struct xc_column values_cols[] = {
	T("set_id", "", "criteria set id"),
	I("year", "year", "the year the value is for"),
	T("structure", "", "unit structure"),
	T("code", "", "unit code"),
	T("unit_name", "", "unit full name"),
	T("indicator_id", "", "indicator (or formula input) id of the set"),
	T("value", "", "the value as typed: a number (dot decimal), yes/no, "
	  "or a choice id"),
	T("updated_at", "UTC time", "when it was last written"),
	END
};

static const struct xc_column evaluations_cols[] = {
	T("set_id", "", "criteria set id"),
	I("set_version", "", "version of the set evaluated"),
	I("year", "year", "the year evaluated"),
	T("structure", "", "unit structure"),
	T("code", "", "unit code"),
	T("unit_name", "", "unit full name"),
	T("level", "", "unit level"),
	T("status", "", "met, not_met or incomplete"),
	I("criteria_met", "criteria", "criteria met"),
	I("criteria_failed", "criteria", "criteria not met"),
	I("criteria_unknown", "criteria", "criteria without data"),
	I("criteria_total", "criteria", "criteria of the set"),
	T("computed_at", "UTC time", "when the evaluation was computed"),
	END
};

static const struct xc_column reports_cols[] = {
	I("report_id", "", "report id"),
	T("form_id", "", "report form id"),
	I("form_version", "", "version of the form"),
	T("form_title", "", "the form's title"),
	T("period", "", "2026-07 (month), 2026-Q3, 2026-H2 or 2026"),
	T("structure", "", "reporting unit structure"),
	T("code", "", "reporting unit code"),
	T("unit_name", "", "reporting unit full name"),
	T("state", "", "submitted, returned or approved (drafts are never "
	  "exported)"),
	T("submitted_at", "UTC time", "when it was last submitted"),
	T("approved_at", "UTC time", "when it was approved, or empty"),
	T("slot", "", "the figure: element or element.category"),
	{ "element", 'e', "", "the form's element id" },
	{ "category", 'c', "", "the element's category id, or empty" },
	T("value", "", "the value (a number with a dot decimal, or text)"),
	I("automatic", "0/1", "1 when the platform filled it"),
	END
};

static const struct xc_column dossiers_cols[] = {
	I("dossier_id", "", "dossier id"),
	T("kind", "", "recognition or revocation"),
	T("title", "", "ntm, advanced, model or modern"),
	T("set_id", "", "criteria set id"),
	I("year", "year", "the year of the title"),
	T("structure", "", "unit structure"),
	T("code", "", "unit code"),
	T("unit_name", "", "unit full name"),
	T("state", "", "the procedure's state"),
	I("is_open", "0/1", "1 while the dossier is in progress"),
	T("state_since", "UTC time", "since when it is in that state"),
	T("due_on", "date", "when the current step is due, or empty"),
	T("decision_no", "", "number of the decision, or empty"),
	T("decision_date", "date", "date of the decision, or empty"),
	I("revokes", "", "the dossier a revocation revokes, or empty"),
	T("created_at", "UTC time", "when the dossier was opened"),
	END
};

static const struct xc_column producers_cols[] = {
	I("producer_id", "", "producer id"),
	T("name", "", "producer name"),
	T("kind", "", "cooperative, enterprise, business_household or "
	  "cooperative_group"),
	T("structure", "", "unit structure of its commune"),
	T("code", "", "its commune's code"),
	T("commune_name", "", "its commune's full name"),
	T("address", "", "its business address"),
	T("tax_code", "", "its tax code, or empty"),
	T("created_at", "UTC time", "when it was registered"),
	T("updated_at", "UTC time", "when it was last changed"),
	END
};

static const struct xc_column products_cols[] = {
	I("product_id", "", "product id"),
	I("producer_id", "", "its producer's id"),
	T("producer_name", "", "its producer's name"),
	T("name", "", "product name"),
	I("product_group", "", "OCOP group 1 to 6"),
	T("subgroup", "", "subgroup, or empty"),
	T("structure", "", "unit structure of its commune"),
	T("code", "", "its commune's code"),
	T("commune_name", "", "its commune's full name"),
	T("state", "", "the state of its OCOP procedure"),
	I("stars", "stars", "stars rated, or empty"),
	N("score", "points", "score rated (of 100), or empty"),
	T("created_at", "UTC time", "when it was registered"),
	T("updated_at", "UTC time", "when it was last changed"),
	END
};

static const struct xc_column certificates_cols[] = {
	I("certificate_id", "", "certificate id"),
	T("certificate_code", "", "the code its QR check reads"),
	T("number", "", "the decision number printed on it"),
	I("product_id", "", "product id"),
	T("product_name", "", "product name"),
	T("producer_name", "", "producer name"),
	T("structure", "", "unit structure of the product's commune"),
	T("code", "", "the product's commune code"),
	T("commune_name", "", "the product's commune full name"),
	T("level", "", "district, province or central"),
	I("stars", "stars", "stars certified"),
	N("score", "points", "score, or empty"),
	T("issued_on", "date", "day of issue"),
	T("expires_on", "date", "day it expires"),
	T("issuer_structure", "", "issuing unit structure"),
	T("issuer_code", "", "issuing unit code"),
	T("source", "", "round, record or import"),
	I("replaces_id", "", "the certificate it renews, or empty"),
	T("revoked_on", "date", "day it was revoked, or empty"),
	END
};

static const struct xc_column surveys_cols[] = {
	I("campaign_id", "", "survey campaign id"),
	T("structure", "", "unit structure"),
	T("unit_code", "", "the surveyed unit's code"),
	T("unit_name", "", "the surveyed unit's full name"),
	T("title", "", "campaign title"),
	T("opens_on", "date", "first day of the campaign"),
	T("closes_on", "date", "last day of the campaign"),
	I("households", "households", "households of the unit"),
	I("responses", "responses", "responses counted"),
	N("coverage_pct", "%", "responses per household"),
	N("rate_pct", "%", "share satisfied"),
	N("ci_low_pct", "%", "95% confidence interval of the rate, low"),
	N("ci_high_pct", "%", "95% confidence interval of the rate, high"),
	N("threshold_pct", "%", "the rate the title needs"),
	T("met", "", "true or false: coverage and rate reached"),
	END
};

static const struct xc_column market_cols[] = {
	I("producer_id", "", "producer id"),
	T("producer_name", "", "producer name"),
	T("structure", "", "unit structure of its commune"),
	T("code", "", "its commune's code"),
	T("commune_name", "", "its commune's full name"),
	T("month", "YYYY-MM", "month the orders were placed"),
	I("orders", "orders", "orders placed"),
	I("orders_delivered", "orders", "of which delivered"),
	I("goods_delivered_vnd", "VND", "goods value of the delivered orders "
	  "(no shipping)"),
	I("goods_placed_vnd", "VND", "goods value of every order placed"),
	END
};

static const struct xc_column dx_cols[] = {
	T("set_id", "", "the readiness set (kind dx_readiness)"),
	I("year", "year", "the year assessed"),
	T("province_code", "", "2025 province code"),
	T("code", "", "2025 commune code"),
	T("unit_name", "", "commune full name"),
	N("score", "points", "readiness score of the commune"),
	T("level", "", "the set's level reached (its id), or empty"),
	T("complete", "", "true when every indicator is scored"),
	I("rank", "", "rank in the nation (1 best; ties share)"),
	T("indicator_id", "", "indicator id, or empty on the commune's own row"),
	T("source", "", "typed (entered by officers) or observed (computed "
	  "from the platform)"),
	T("value", "", "the indicator's value (number with a dot decimal)"),
	END
};

const struct xc_dataset xc_datasets[] = {
	{ "units", "xc_units", XC_PERIOD_NONE, NULL, units_cols,
	  STMT_XC_UNITS, 3, NULL },
	{ "unit_lineage", "xc_lineage", XC_PERIOD_NONE, NULL, lineage_cols,
	  STMT_XC_LINEAGE, 2, NULL },
	{ "indicator_values", "xc_values", XC_PERIOD_YEAR, "year",
	  values_cols, STMT_XC_INDICATOR_VALUES, 2, NULL },
	{ "evaluations", "xc_evaluations", XC_PERIOD_YEAR, "year",
	  evaluations_cols, STMT_XC_EVALUATIONS, 2, NULL },
	{ "reports", "xc_reports", XC_PERIOD_YEAR, "the period's year",
	  reports_cols, STMT_XC_REPORTS, 2, NULL },
	{ "recognition_dossiers", "xc_dossiers", XC_PERIOD_YEAR,
	  "the title's year", dossiers_cols, STMT_XC_DOSSIERS, 2, NULL },
	{ "ocop_producers", "xc_producers", XC_PERIOD_NONE, NULL,
	  producers_cols, STMT_XC_OCOP_PRODUCERS, 2, NULL },
	{ "ocop_products", "xc_products", XC_PERIOD_NONE, NULL,
	  products_cols, STMT_XC_OCOP_PRODUCTS, 2, NULL },
	{ "ocop_certificates", "xc_certificates", XC_PERIOD_DATE,
	  "issued_on", certificates_cols, STMT_XC_OCOP_CERTIFICATES, 2, NULL },
	{ "survey_results", "xc_surveys", XC_PERIOD_DATE, "closes_on",
	  surveys_cols, STMT_XC_CAMPAIGNS, 0, xc_write_surveys },
	{ "market_orders_monthly", "xc_market", XC_PERIOD_DATE,
	  "the day each order was placed", market_cols,
	  STMT_XC_MARKET_ORDERS, 2, NULL },
	{ "digital_readiness", "xc_dx", XC_PERIOD_YEAR, "year", dx_cols, STMT_XC_DX_TYPED, 0,
	  xc_write_dx },
	{ NULL, NULL, XC_PERIOD_NONE, NULL, NULL, STMT_XC_UNITS, 0, NULL }
};

const struct xc_dataset *
xc_find(const char *slug)
{
	for (const struct xc_dataset *d = xc_datasets; d->slug != NULL; d++)
		if (strcmp(d->slug, slug) == 0)
			return d;
	return NULL;
}

/* ---- the period ------------------------------------------------------- */

/* "2026" or "2026-03-31" into a year and a date (first or last day). */
static bool
period_bound(const char *s, bool last, int *year, char date[11])
{
	long d;

	if (s == NULL || s[0] == '\0') {
		*year = 0;
		date[0] = '\0';
		return true;
	}
	if (strlen(s) == 4 && strspn(s, "0123456789") == 4) {
		*year = (int)strtol(s, NULL, 10);
		snprintf(date, 11, "%s-%s", s, last ? "12-31" : "01-01");
		return *year >= 1900 && *year <= 2200;
	}
	if (strlen(s) != 10 || !date_parse(s, &d))
		return false;
	memcpy(date, s, 11);
	*year = (int)strtol(s, NULL, 10);	/* the digits before '-' */
	return true;
}

enum err
xc_request_check(struct xc_request *q, struct errinfo *ei)
{
	bool f = period_bound(q->from, false, &q->year_from, q->date_from),
	    t = period_bound(q->to, true, &q->year_to, q->date_to);

	if (!f || !t)
		return err_set(ei, ERR_INVALID, "exchange.bad_period",
		    f ? "to" : "from", "kỳ phải là năm (2026) hoặc ngày "
		    "(2026-03-31)", "a period bound is a year (2026) or a "
		    "date (2026-03-31)");
	if (q->date_from[0] != '\0' && q->date_to[0] != '\0' &&
	    strcmp(q->date_from, q->date_to) > 0)
		return err_set(ei, ERR_INVALID, "exchange.bad_period", "to",
		    "ngày kết thúc đứng trước ngày bắt đầu",
		    "the period ends before it starts");
	return ERR_OK;
}

/* ---- the writer ------------------------------------------------------- */

#define XC_FLUSH	(64 * 1024)

static enum err
flush(struct xc_writer *w, bool all)
{
	if (w->out.len == 0 || (!all && w->out.len < XC_FLUSH))
		return ERR_OK;
	if (fwrite(w->out.data, 1, w->out.len, w->f) != w->out.len)
		return ERR_SYS;
	buf_reset(&w->out);
	w->csv.row_start = 0;
	return ERR_OK;
}

static enum err
json_append(const char *s, size_t n, void *arg)
{
	return buf_append(arg, s, n);
}

static int
json_cb(const char *s, size_t n, void *arg)
{
	return json_append(s, n, arg) == ERR_OK ? 0 : -1;
}

/* The part of a slot "element.category" a column asks for. */
static json_t *
slot_part(const char *slot, char type)
{
	const char *dot = slot != NULL ? strchr(slot, '.') : NULL;

	if (slot == NULL)
		return json_null();
	if (type == 'e')
		return dot != NULL ? json_stringn(slot, (size_t)(dot - slot)) :
		    jval_string(slot);
	return dot != NULL ? jval_string(dot + 1) : json_null();
}

enum err
xc_write_row(struct xc_writer *w, json_t *cells)
{
	const struct xc_column *c = w->d->cols;
	json_t *cell;
	size_t i;
	enum err e = ERR_OK;

	if (w->fmt == XC_CSV) {
		json_array_foreach(cells, i, cell) {
			if (json_is_integer(cell))
				csvw_int(&w->csv, json_integer_value(cell));
			else if (json_is_real(cell))
				csvw_num(&w->csv, json_real_value(cell));
			else
				csvw_cellz(&w->csv, json_string_value(cell));
		}
		csvw_end_row(&w->csv);
		e = w->csv.err;
	} else {
		json_t *o = json_object();

		json_array_foreach(cells, i, cell)
			json_object_set(o, c[i].name, cell);
		if ((w->rows > 0 && buf_puts(&w->out, ",") != ERR_OK) ||
		    json_dump_callback(o, json_cb, &w->out,
		    JSON_COMPACT | JSON_PRESERVE_ORDER) != 0)
			e = ERR_LIMIT;
		json_decref(o);
	}
	json_decref(cells);
	w->rows++;
	return e != ERR_OK ? e : flush(w, false);
}

/* One row of a statement: its column i read by column i's type. */
static json_t *
row_of(struct db_stmt *st, const struct xc_column *cols)
{
	json_t *row = json_array();

	for (int i = 0; cols[i].name != NULL; i++) {
		json_t *v;

		if (db_col_null(st, i))
			v = json_null();
		else if (cols[i].type == 'i')
			v = json_integer(db_col_int(st, i));
		else if (cols[i].type == 'n')
			v = json_real(strtod(db_col_text(st, i), NULL));
		else if (cols[i].type == 'e' || cols[i].type == 'c')
			v = slot_part(db_col_text(st, i), cols[i].type);
		else
			v = jval_string(db_col_text(st, i));
		json_array_append_new(row, v);
	}
	return row;
}

void
xc_bind(struct db_stmt *st, int pairs, enum xc_period period,
    const struct xc_request *q)
{
	int p = 1;

	for (int i = 0; i < pairs; i++) {
		db_bind_text(st, p++, q->structure);
		db_bind_text(st, p++, q->code);
	}
	for (int k = 0; k < 2 && period == XC_PERIOD_YEAR; k++) {
		int y = k == 0 ? q->year_from : q->year_to;

		for (int j = 0; j < 2; j++) {
			if (y == 0)
				db_bind_null(st, p++);
			else
				db_bind_int(st, p++, y);
		}
	}
	for (int k = 0; k < 2 && period == XC_PERIOD_DATE; k++) {
		const char *s = k == 0 ? q->date_from : q->date_to;

		for (int j = 0; j < 2; j++)
			db_bind_text(st, p++, s[0] != '\0' ? s : NULL);
	}
}

static enum err
write_stmt(struct db *db, const struct xc_dataset *d,
    const struct xc_request *q, struct xc_writer *w, struct errinfo *ei)
{
	struct db_stmt *st;
	int rc;
	enum err e;

	if ((st = db_stmt_try(db, d->stmt, ei)) == NULL)
		return ei->err;
	xc_bind(st, d->unit_pairs, d->period, q);
	while ((rc = db_step(st, ei)) == 1)
		if ((e = xc_write_row(w, row_of(st, d->cols))) != ERR_OK)
			return err_set(ei, e, "exchange.write", NULL,
			    "không ghi được tệp", "the file cannot be written");
	return rc < 0 ? ei->err : ERR_OK;
}

enum err
xc_write(struct db *db, const struct xc_dataset *d,
    const struct xc_request *q, enum xc_format fmt, FILE *f, long *rows,
    struct errinfo *ei)
{
	struct xc_writer w = { .d = d, .fmt = fmt, .f = f };
	enum err e = ERR_OK;

	/* One row (and the header) at most between flushes. */
	buf_init(&w.out, 64 * 1024 * 1024);
	if (fmt == XC_CSV) {
		csvw_init(&w.csv, &w.out, CSVW_EXCEL);
		for (const struct xc_column *c = d->cols; c->name != NULL; c++)
			csvw_cellz(&w.csv, c->name);
		csvw_end_row(&w.csv);
		e = w.csv.err;
	} else {
		json_t *head = json_pack("{s:s, s:s, s:o, s:o, s:[]}",
		    "dataset", d->slug, "unit", "", "from",
		    jval_string(q->from != NULL && q->from[0] != '\0' ?
		    q->from : NULL), "to", jval_string(q->to != NULL &&
		    q->to[0] != '\0' ? q->to : NULL), "columns");
		char unit[64], *text;

		snprintf(unit, sizeof(unit), "%s:%s", q->structure, q->code);
		json_object_set_new(head, "unit", json_string(unit));
		for (const struct xc_column *c = d->cols; c->name != NULL; c++)
			json_array_append_new(json_object_get(head, "columns"),
			    json_string(c->name));
		/* The header object without its closing brace, then rows. */
		text = json_dumps(head, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(head);
		if (text == NULL || buf_append(&w.out, text,
		    strlen(text) - 1) != ERR_OK ||
		    buf_puts(&w.out, ",\"rows\":[") != ERR_OK)
			e = ERR_LIMIT;
		free(text);
	}
	if (e != ERR_OK)
		e = err_set(ei, e, "exchange.write", NULL,
		    "không ghi được tệp", "the file cannot be written");
	else
		e = d->write != NULL ? d->write(db, q, &w, ei) :
		    write_stmt(db, d, q, &w, ei);
	if (e == ERR_OK && fmt == XC_JSON && buf_puts(&w.out, "]}") != ERR_OK)
		e = err_set(ei, ERR_LIMIT, "exchange.write", NULL,
		    "không ghi được tệp", "the file cannot be written");
	if (e == ERR_OK && (flush(&w, true) != ERR_OK || fflush(f) != 0))
		e = err_set(ei, ERR_SYS, "exchange.write", NULL,
		    "không ghi được tệp", "the file cannot be written");
	buf_free(&w.out);
	*rows = w.rows;
	return e;
}

/* ---- the catalog ------------------------------------------------------ */

json_t *
xc_catalog(const char *lang)
{
	static const char *const periods[] = { "none", "year", "date" };
	json_t *items = json_array();

	for (const struct xc_dataset *d = xc_datasets; d->slug != NULL; d++) {
		json_t *cols = json_array();

		for (const struct xc_column *c = d->cols; c->name != NULL; c++)
			json_array_append_new(cols, json_pack("{s:s, s:s,"
			    " s:s, s:s}", "name", c->name, "type",
			    c->type == 'i' ? "integer" : c->type == 'n' ?
			    "number" : "text", "unit", c->unit,
			    "meaning", c->meaning));
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:o,"
		    " s:[s, s], s:o}", "dataset", d->slug,
		    "title", msg_get(lang, d->title_key),
		    "period", periods[d->period],
		    "period_of", jval_string(d->period_of),
		    "formats", "csv", "json", "columns", cols));
	}
	return items;
}
