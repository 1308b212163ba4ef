/*
 * pilots_export.c - the register's table as a file: the columns the page
 * shows, in the reader's language, as CSV (BOM and the formula guard, for
 * Excel) or XLSX (through domain/xlsxfile).  The cost is a number cell in
 * both, so a spreadsheet adds it up.
 */
#include "core/csvw.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/pilots/pilots.h"
#include "domain/xlsxfile/xlsxfile.h"

/* The columns: message key of the heading, field of a row. */
static const char *const columns[][2] = {
	{ "pil_name", "title" }, { "pil_place", "place" },
	{ "pil_province", "province" }, { "pil_kind", "kind_name" },
	{ "pil_status", "status_name" }, { "pil_cost", "cost_vnd" },
	{ "pil_funding", "funding_name" }, { "pil_start", "start_date" },
	{ "pil_review", "review_date" }, { "pil_resp_unit", "resp_unit" },
	{ "pil_resp_person", "resp_person" },
};
#define NCOLS (sizeof(columns) / sizeof(columns[0]))

enum err
pilot_list_csv(const json_t *items, const char *lang, struct buf *out,
    struct errinfo *ei)
{
	struct csvw w;
	const json_t *it;
	size_t i;
	enum err e;

	(void)csvw_init(&w, out, CSVW_EXCEL);
	for (size_t c = 0; c < NCOLS; c++)
		(void)csvw_cellz(&w, msg_get(lang, columns[c][0]));
	(void)csvw_end_row(&w);
	json_array_foreach(items, i, it) {
		for (size_t c = 0; c < NCOLS; c++) {
			const json_t *v = json_object_get(it, columns[c][1]);

			if (json_is_integer(v))
				(void)csvw_int(&w, json_integer_value(v));
			else
				(void)csvw_cellz(&w, json_is_string(v) ?
				    json_string_value(v) : "");
		}
		(void)csvw_end_row(&w);
	}
	if ((e = w.err) != ERR_OK)
		return err_set(ei, e, "pilots.export_too_large", NULL,
		    "Bảng quá lớn để tải về", "The table is too large to "
		    "download");
	return ERR_OK;
}

enum err
pilot_list_xlsx(const json_t *items, const char *lang, struct buf *out,
    struct errinfo *ei)
{
	struct xlsxfile x;
	lxw_worksheet *ws;
	lxw_error first = LXW_NO_ERROR;
	const json_t *it;
	size_t i;
	enum err e;

	if ((e = xlsxfile_open(&x, "pilots", msg_get(lang, "pil_title"), ei)) !=
	    ERR_OK)
		return e;
	ws = workbook_add_worksheet(x.wb, NULL);
	for (size_t c = 0; c < NCOLS; c++)
		xlsxfile_note(&first, worksheet_write_string(ws, 0,
		    (lxw_col_t)c, msg_get(lang, columns[c][0]), NULL));
	json_array_foreach(items, i, it)
		for (size_t c = 0; c < NCOLS; c++) {
			const json_t *v = json_object_get(it, columns[c][1]);
			lxw_row_t row = (lxw_row_t)i + 1;

			if (json_is_integer(v))
				xlsxfile_note(&first, worksheet_write_number(ws,
				    row, (lxw_col_t)c, (double)
				    json_integer_value(v), NULL));
			else
				xlsxfile_note(&first, worksheet_write_string(ws,
				    row, (lxw_col_t)c, json_is_string(v) ?
				    json_string_value(v) : "", NULL));
		}
	return xlsxfile_close(&x, first, out, ei);
}
