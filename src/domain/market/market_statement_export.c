/*
 * market_statement_export.c - the statement of a period and the
 * programme's statistics as downloads (market_money.h): CSV (core/csvw.h:
 * BOM, CRLF, the formula guard) and, for the statement, XLSX
 * (domain/xlsxfile).  The same columns as the page, amounts as whole
 * dong numbers so the accountant's spreadsheet sums them; the totals row
 * last, equal to the sums of the columns above it.
 */
#include <string.h>

#include <xlsxwriter.h>

#include "core/csvw.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/market/market_money.h"
#include "domain/xlsxfile/xlsxfile.h"

/* The statement's columns: heading (message key), the line's key; the
 * first three are texts. */
static const struct {
	const char *head, *key;
} cols[] = {
	{ "mm_col_date", "date" }, { "mm_col_reference", "reference" },
	{ "mm_col_payment", "payment" }, { "mm_col_goods", "goods_vnd" },
	{ "mm_col_shipping", "shipping_vnd" }, { "mm_col_sales", "sales_vnd" },
	{ "mm_col_fee", "fee_vnd" }, { "mm_col_owed", "owed_vnd" },
	{ "mm_col_transfer", "transfer_vnd" }, { "mm_col_cod", "cod_vnd" },
	{ "mm_col_outstanding", "outstanding_vnd" },
};
#define NCOLS	(sizeof cols / sizeof cols[0])
#define NTEXT	3

static const char *
payment_label(const char *lang, const char *p)
{
	return msg_get(lang, p != NULL && strcmp(p, "cod") == 0 ?
	    "mm_pay_cod" : "mm_pay_transfer");
}

static enum err
too_large(struct errinfo *ei)
{
	return err_set(ei, ERR_LIMIT, "market.export_too_large", NULL,
	    "Bảng quá lớn để tải xuống", "The table is too large to download");
}

enum err
market_statement_csv(json_t *st, const char *lang, struct buf *out,
    struct errinfo *ei)
{
	struct csvw w;
	size_t i, k, start = out->len;
	json_t *it, *tot = json_object_get(st, "totals");

	csvw_init(&w, out, CSVW_EXCEL);
	for (k = 0; k < NCOLS; k++)
		csvw_cellz(&w, msg_get(lang, cols[k].head));
	csvw_end_row(&w);
	json_array_foreach(json_object_get(st, "lines"), i, it) {
		csvw_cellz(&w, jval_str(it, "date"));
		csvw_cellz(&w, jval_str(it, "reference"));
		csvw_cellz(&w, payment_label(lang, jval_str(it, "payment")));
		for (k = NTEXT; k < NCOLS; k++)
			csvw_int(&w, jval_int(it, cols[k].key, 0));
		csvw_end_row(&w);
	}
	csvw_cellz(&w, msg_get(lang, "mm_total"));
	csvw_cellz(&w, NULL);
	csvw_cellz(&w, NULL);
	for (k = NTEXT; k < NCOLS; k++)
		csvw_int(&w, jval_int(tot, cols[k].key, 0));
	csvw_end_row(&w);
	if (w.err != ERR_OK) {
		out->len = start;
		return too_large(ei);
	}
	return ERR_OK;
}

enum err
market_statement_xlsx(json_t *st, const char *lang, struct buf *out,
    struct errinfo *ei)
{
	struct xlsxfile x;
	lxw_worksheet *ws;
	lxw_format *head, *money, *bold;
	lxw_error lerr = LXW_NO_ERROR;
	json_t *lines = json_object_get(st, "lines"), *it;
	json_t *tot = json_object_get(st, "totals");
	lxw_row_t r = 0;
	size_t i, k;
	enum err e;

	if (json_array_size(lines) + 2 >= LXW_ROW_MAX)
		return too_large(ei);
	if ((e = xlsxfile_open(&x, "market", msg_get(lang, "mm_statement"),
	    ei)) != ERR_OK)
		return e;
	head = xlsxfile_head_format(x.wb);
	money = workbook_add_format(x.wb);
	format_set_num_format(money, "#,##0");
	bold = workbook_add_format(x.wb);
	format_set_bold(bold);
	format_set_num_format(bold, "#,##0");
	if ((ws = workbook_add_worksheet(x.wb, msg_get(lang,
	    "mm_statement"))) == NULL) {
		xlsxfile_note(&lerr, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return xlsxfile_close(&x, lerr, out, ei);
	}
	worksheet_set_column(ws, 0, 2, 16, NULL);
	worksheet_set_column(ws, NTEXT, NCOLS - 1, 14, NULL);
	for (k = 0; k < NCOLS; k++)
		xlsxfile_note(&lerr, worksheet_write_string(ws, r, (lxw_col_t)k,
		    msg_get(lang, cols[k].head), head));
	json_array_foreach(lines, i, it) {
		r = (lxw_row_t)i + 1;
		xlsxfile_note(&lerr, worksheet_write_string(ws, r, 0,
		    jval_str(it, "date"), NULL));
		xlsxfile_note(&lerr, worksheet_write_string(ws, r, 1,
		    jval_str(it, "reference"), NULL));
		xlsxfile_note(&lerr, worksheet_write_string(ws, r, 2,
		    payment_label(lang, jval_str(it, "payment")), NULL));
		for (k = NTEXT; k < NCOLS; k++)
			xlsxfile_note(&lerr, worksheet_write_number(ws, r,
			    (lxw_col_t)k, (double)jval_int(it, cols[k].key, 0),
			    money));
	}
	r = (lxw_row_t)json_array_size(lines) + 1;
	xlsxfile_note(&lerr, worksheet_write_string(ws, r, 0,
	    msg_get(lang, "mm_total"), head));
	for (k = NTEXT; k < NCOLS; k++)
		xlsxfile_note(&lerr, worksheet_write_number(ws, r, (lxw_col_t)k,
		    (double)jval_int(tot, cols[k].key, 0), bold));
	return xlsxfile_close(&x, lerr, out, ei);
}

enum err
market_stats_csv(json_t *stats, const char *lang, struct buf *out,
    struct errinfo *ei)
{
	static const struct {
		const char *list, *head;
	} dims[] = { { "by_province", "mm_dim_province" },
		{ "by_group", "mm_dim_group" }, { "by_stars", "mm_dim_stars" } };
	struct csvw w;
	size_t d, i, j, start = out->len;
	json_t *row, *m;

	csvw_init(&w, out, CSVW_EXCEL);
	csvw_cellz(&w, msg_get(lang, "mm_dim"));
	csvw_cellz(&w, msg_get(lang, "mm_dim_value"));
	csvw_cellz(&w, msg_get(lang, "mm_month"));
	csvw_cellz(&w, msg_get(lang, "mm_orders"));
	csvw_cellz(&w, msg_get(lang, "mm_col_goods"));
	csvw_end_row(&w);
	for (d = 0; d < sizeof dims / sizeof dims[0]; d++)
		json_array_foreach(json_object_get(stats, dims[d].list), i,
		    row)
			json_array_foreach(json_object_get(row, "months"), j,
			    m) {
				csvw_cellz(&w, msg_get(lang, dims[d].head));
				csvw_cellz(&w, jval_str(row, "name"));
				csvw_cellz(&w, jval_str(m, "month"));
				csvw_int(&w, jval_int(m, "orders", 0));
				csvw_int(&w, jval_int(m, "goods_vnd", 0));
				csvw_end_row(&w);
			}
	if (w.err != ERR_OK) {
		out->len = start;
		return too_large(ei);
	}
	return ERR_OK;
}
