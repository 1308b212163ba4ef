/*
 * dos_export.c - the public register of titles and the compliance watch
 * list as downloads: CSV
 * (core/csvw.h: UTF-8 with a byte order mark, CRLF, the formula-injection
 * guard on every text cell) and XLSX (libxlsxwriter, one sheet, labels
 * in the language asked for; worksheet_write_string never makes a
 * formula).  Both take the JSON of dos_register (or dos_watch) - the
 * entries the page shows, with the page's filters - and write the same
 * columns, one table each (register_cols, watch_cols).
 *
 * libxlsxwriter writes a file: domain/xlsxfile makes it in a temporary
 * file and reads it back into out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "core/csvw.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/dossiers/dos_internal.h"
#include "domain/xlsxfile/xlsxfile.h"

#define MAXCOLS	12

/* One column: its heading (a message key), and whether it is a number
 * (the entry's integer at key) or a text (from cells()). */
struct col {
	const char *head;
	const char *num;	/* the integer's key, NULL: text */
};

struct table {
	const struct col *cols;
	size_t ncols;
	const char *sheet;	/* the sheet's name (a message key) */
	void (*cells)(const char *lang, json_t *it, const char *c[MAXCOLS]);
};

static const char *
title_label(const char *lang, const char *title)
{
	char key[40];

	if (title == NULL || strlen(title) > 20)
		return title;
	snprintf(key, sizeof(key), "dos_title_%s", title);
	return msg_get(lang, key);
}

/* The register: unit, the unit above it, title, year, decision number,
 * date and signer, revocation number and date. */
static const struct col register_cols[] = { { "dos_unit", NULL },
	{ "dos_x_parent", NULL }, { "dos_title", NULL }, { "dos_year", "year" },
	{ "dos_decision", NULL }, { "dos_x_decision_date", NULL },
	{ "dos_x_signer", NULL }, { "dos_x_revocation", NULL },
	{ "dos_x_revoked_at", NULL } };

static void
register_cells(const char *lang, json_t *it, const char *c[MAXCOLS])
{
	json_t *u = json_object_get(it, "unit"), *rv = json_object_get(it,
	    "revoked");

	c[0] = jval_str(u, "name");
	c[1] = jval_str(u, "parent");
	c[2] = title_label(lang, jval_str(it, "title"));
	c[3] = NULL;
	c[4] = jval_str(it, "decision_no");
	c[5] = jval_str(it, "decision_date");
	c[6] = jval_str(it, "signer");
	c[7] = json_is_object(rv) ? jval_str(rv, "no") : NULL;
	c[8] = json_is_object(rv) ? jval_str(rv, "at") : NULL;
}

static const struct table register_table = { register_cols,
	sizeof(register_cols) / sizeof(register_cols[0]), "dos_x_sheet",
	register_cells };

/* The watch list: unit, the unit above it, title, decision, year
 * recognised, year evaluated, criteria failed, criteria in all. */
static const struct col watch_cols[] = { { "dos_unit", NULL },
	{ "dos_x_parent", NULL }, { "dos_title", NULL },
	{ "dos_decision", NULL }, { "dos_recognised_year", "recognised_year" },
	{ "dos_eval_year", "year" }, { "dos_x_failed", "criteria_failed" },
	{ "dos_x_total", "criteria_total" } };

static void
watch_cells(const char *lang, json_t *it, const char *c[MAXCOLS])
{
	json_t *u = json_object_get(it, "unit");

	c[0] = jval_str(u, "name");
	c[1] = jval_str(u, "parent");
	c[2] = title_label(lang, jval_str(it, "title"));
	c[3] = jval_str(it, "decision_no");
}

static const struct table watch_table = { watch_cols,
	sizeof(watch_cols) / sizeof(watch_cols[0]), "dos_x_watch_sheet",
	watch_cells };

static enum err
table_csv(const struct table *t, json_t *list, const char *lang,
    struct buf *out, struct errinfo *ei)
{
	struct csvw w;
	size_t i, start = out->len;
	json_t *it;

	csvw_init(&w, out, CSVW_EXCEL);
	for (size_t k = 0; k < t->ncols; k++)
		csvw_cellz(&w, msg_get(lang, t->cols[k].head));
	csvw_end_row(&w);
	json_array_foreach(json_object_get(list, "items"), i, it) {
		const char *c[MAXCOLS] = { 0 };

		t->cells(lang, it, c);
		for (size_t k = 0; k < t->ncols; k++)
			if (t->cols[k].num != NULL)
				csvw_int(&w, jval_int(it, t->cols[k].num, 0));
			else
				csvw_cellz(&w, c[k]);
		csvw_end_row(&w);
	}
	if (w.err != ERR_OK) {
		out->len = start;
		return err_set(ei, ERR_LIMIT, "dossiers.export_too_large", NULL,
		    "Danh sách quá lớn để tải xuống",
		    "The list is too large to download");
	}
	return ERR_OK;
}

static enum err
table_xlsx(const struct table *t, json_t *list, const char *lang,
    struct buf *out, struct errinfo *ei)
{
	struct xlsxfile x;
	lxw_worksheet *ws;
	lxw_format *head;
	lxw_error lerr = LXW_NO_ERROR;
	size_t i;
	json_t *it;
	enum err e;

	if (json_array_size(json_object_get(list, "items")) >= LXW_ROW_MAX)
		return err_set(ei, ERR_LIMIT, "dossiers.export_too_large", NULL,
		    "Danh sách quá lớn để tải xuống",
		    "The list is too large to download");
	if ((e = xlsxfile_open(&x, "dossiers", msg_get(lang, "dos_register"),
	    ei)) != ERR_OK)
		return e;
	head = xlsxfile_head_format(x.wb);
	format_set_bottom(head, LXW_BORDER_THIN);
	if ((ws = workbook_add_worksheet(x.wb, msg_get(lang, t->sheet))) ==
	    NULL) {
		xlsxfile_note(&lerr, LXW_ERROR_MEMORY_MALLOC_FAILED);
	} else {
		worksheet_set_column(ws, 0, 2, 28, NULL);
		worksheet_set_column(ws, 3, (lxw_col_t)(t->ncols - 1), 18, NULL);
		for (size_t k = 0; k < t->ncols; k++)
			xlsxfile_note(&lerr, worksheet_write_string(ws, 0, (lxw_col_t)k,
			    msg_get(lang, t->cols[k].head), head));
		json_array_foreach(json_object_get(list, "items"), i, it) {
			lxw_row_t r = (lxw_row_t)i + 1;
			const char *c[MAXCOLS] = { 0 };

			t->cells(lang, it, c);
			for (size_t k = 0; k < t->ncols; k++)
				if (t->cols[k].num != NULL)
					xlsxfile_note(&lerr, worksheet_write_number(ws, r,
					    (lxw_col_t)k, (double)jval_int(it,
					    t->cols[k].num, 0), NULL));
				else if (c[k] != NULL)
					xlsxfile_note(&lerr, worksheet_write_string(ws, r,
					    (lxw_col_t)k, c[k], NULL));
		}
	}
	return xlsxfile_close(&x, lerr, out, ei);
}

enum err
dos_register_csv(json_t *list, const char *lang, struct buf *out,
    struct errinfo *ei)
{
	return table_csv(&register_table, list, lang, out, ei);
}

enum err
dos_register_xlsx(json_t *list, const char *lang, struct buf *out,
    struct errinfo *ei)
{
	return table_xlsx(&register_table, list, lang, out, ei);
}

enum err
dos_watch_csv(json_t *list, const char *lang, struct buf *out,
    struct errinfo *ei)
{
	return table_csv(&watch_table, list, lang, out, ei);
}

enum err
dos_watch_xlsx(json_t *list, const char *lang, struct buf *out,
    struct errinfo *ei)
{
	return table_xlsx(&watch_table, list, lang, out, ei);
}
