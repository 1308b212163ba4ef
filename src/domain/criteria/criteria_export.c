/*
 * criteria_export.c - what the criteria pages need beyond an evaluation:
 * how many criteria the current set can evaluate, the legal source to
 * watch for the indicators it lacks, the sort of a list, and the CSV and
 * XLSX of a table exactly as a page shows it (criteria.h).
 *
 * A table is {title, columns: [text], rows: [[cell]]}: the web layer
 * builds it from the view the page renders, so the file holds the rows
 * and columns the person sees, in the order they see them.  The CSV is
 * written with core/csvw.h (CSVW_EXCEL: a byte order mark, and the
 * formula-injection guard on every text cell); the XLSX by libxlsxwriter,
 * whose worksheet_write_string never makes a formula, in a temporary
 * file read back into out (domain/xlsxfile).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "core/buf.h"
#include "core/csvw.h"
#include "core/jval.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "domain/criteria/criteria.h"
#include "domain/xlsxfile/xlsxfile.h"

/* ---- what the set can evaluate ---- */

bool
crit_criterion_evaluable(const struct crit_set *s, size_t k)
{
	const struct crit_criterion *c;

	if (k >= s->n_criteria)
		return false;
	c = &s->criteria[k];
	if (c->n == 0)
		return false;
	for (size_t i = c->first; i < c->first + c->n; i++) {
		const struct crit_indicator *x = &s->indicators[i];
		bool any = false;

		if (x->type == CRIT_BOOLEAN || x->type == CRIT_ENUM)
			continue;
		for (size_t t = 0; t < x->n_thresholds && !any; t++)
			any = x->thresholds[t].configured;
		if (!any)
			return false;
	}
	return true;
}

size_t
crit_criteria_evaluable(const struct crit_set *s)
{
	size_t n = 0;

	for (size_t k = 0; k < s->n_criteria; k++)
		n += crit_criterion_evaluable(s, k);
	return n;
}

size_t
crit_criteria_pending(const struct crit_set *s)
{
	size_t n = 0;

	for (size_t k = 0; k < s->n_criteria; k++)
		n += s->criteria[k].n == 0;
	return n;
}

json_t *
crit_watch_source(const struct crit_set *s)
{
	const json_t *lb = json_array_get(json_object_get(s->doc,
	    "legal_basis"), 0);
	const char *doc = jval_str(lb, "document");

	if (doc == NULL || doc[0] == '\0')
		return NULL;
	return json_pack("{s:s, s:s?, s:s?, s:s?}", "document", doc, "annex",
	    jval_str(lb, "annex"), "date", jval_str(lb, "date"), "url",
	    jval_str(lb, "url"));
}

/* ---- sorting a list ---- */

struct sort_row {
	json_t *row;
	size_t pos;
	bool has;		/* the row has the key */
	bool num;
	bool desc;		/* the order asked (the same in every row) */
	double x;
	char *text;		/* folded */
	const char *code;
};

static int
sort_cmp(const void *pa, const void *pb)
{
	const struct sort_row *a = pa, *b = pb;
	int c = 0;

	if (a->has != b->has)
		return a->has ? -1 : 1;		/* without the key: last */
	if (a->has && a->num && b->num)
		c = a->x < b->x ? -1 : a->x > b->x ? 1 : 0;
	else if (a->has)
		c = strcmp(a->text ? a->text : "", b->text ? b->text : "");
	if (a->desc)
		c = -c;
	if (c == 0)
		c = strcmp(a->code ? a->code : "", b->code ? b->code : "");
	if (c == 0)
		c = a->pos < b->pos ? -1 : a->pos > b->pos;
	return c;
}

void
crit_rows_sort(json_t *rows, const char *key, bool desc)
{
	size_t n = json_array_size(rows), i;
	struct sort_row *v;
	struct buf fold;
	json_t *row;

	if (n < 2 || key == NULL)
		return;
	v = xcalloc(n, sizeof(*v));
	buf_init(&fold, 4096);
	json_array_foreach(rows, i, row) {
		json_t *x = json_object_get(row, key);

		v[i].row = json_incref(row);
		v[i].pos = i;
		v[i].desc = desc;
		v[i].code = jval_str(row, "code");
		v[i].has = x != NULL && !json_is_null(x);
		v[i].num = json_is_number(x) || json_is_boolean(x);
		v[i].x = json_is_number(x) ? json_number_value(x) :
		    json_is_true(x) ? 1 : 0;
		if (json_is_string(x)) {
			buf_reset(&fold);
			if (text_fold(json_string_value(x), json_string_length(x),
			    &fold) == ERR_OK)
				v[i].text = xstrdup(buf_cstr(&fold));
			else
				v[i].text = xstrdup(json_string_value(x));
		}
	}
	buf_free(&fold);
	qsort(v, n, sizeof(*v), sort_cmp);
	json_array_clear(rows);
	for (i = 0; i < n; i++) {
		json_array_append_new(rows, v[i].row);
		free(v[i].text);
	}
	free(v);
}

/* ---- the table: checks ---- */

static enum err
table_check(const json_t *t, struct errinfo *ei)
{
	const json_t *cols = json_object_get(t, "columns");
	const json_t *rows = json_object_get(t, "rows"), *row;
	size_t i;

	if (!json_is_array(cols) || !json_is_array(rows))
		return err_set(ei, ERR_INVALID, "criteria.bad_table", "table",
		    "Bảng xuất không hợp lệ", "The exported table is not valid");
	json_array_foreach(rows, i, row)
		if (!json_is_array(row))
			return err_set(ei, ERR_INVALID, "criteria.bad_table",
			    "table", "Dòng %zu của bảng xuất không hợp lệ",
			    "Row %zu of the exported table is not valid", i + 1);
	return ERR_OK;
}

static enum err
too_large(struct errinfo *ei)
{
	return err_set(ei, ERR_LIMIT, "criteria.export_too_large", NULL,
	    "Tệp xuất vượt quá giới hạn kích thước",
	    "The export is larger than allowed");
}

static void
undo(struct buf *out, size_t start)
{
	out->len = start;
	if (out->data != NULL)
		out->data[start] = '\0';
}

/* ---- CSV ---- */

enum err
crit_table_csv(const json_t *table, struct buf *out, struct errinfo *ei)
{
	const json_t *row, *cell;
	size_t start = out->len, i, j;
	struct csvw w;
	enum err e;

	if ((e = table_check(table, ei)) != ERR_OK)
		return e;
	csvw_init(&w, out, CSVW_EXCEL);
	json_array_foreach(json_object_get(table, "columns"), j, cell)
		csvw_cellz(&w, json_string_value(cell));
	csvw_end_row(&w);
	json_array_foreach(json_object_get(table, "rows"), i, row) {
		json_array_foreach(row, j, cell) {
			if (json_is_string(cell))
				csvw_cell(&w, json_string_value(cell),
				    json_string_length(cell));
			else if (json_is_integer(cell))
				csvw_int(&w, json_integer_value(cell));
			else if (json_is_real(cell))
				csvw_num(&w, json_real_value(cell));
			else
				csvw_cell(&w, NULL, 0);
		}
		if (csvw_end_row(&w) != ERR_OK)
			break;
	}
	if (w.err != ERR_OK) {
		undo(out, start);
		return too_large(ei);
	}
	return ERR_OK;
}

/* ---- XLSX ---- */

/* The sheet: the title in A1, the header in row 3, the rows below. */
static lxw_error
write_sheet(lxw_workbook *wb, const json_t *t)
{
	const json_t *cols = json_object_get(t, "columns");
	const json_t *row, *cell;
	lxw_format *title, *head;
	lxw_worksheet *ws;
	lxw_error le = LXW_NO_ERROR;
	size_t i, j, ncol = json_array_size(cols);

	if ((ws = workbook_add_worksheet(wb, NULL)) == NULL)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 13);
	head = xlsxfile_head_format(wb);
	format_set_bottom(head, LXW_BORDER_THIN);
	if (ncol > 0) {
		worksheet_set_column(ws, 0, 0, 40, NULL);
		if (ncol > 1)
			worksheet_set_column(ws, 1, (lxw_col_t)(ncol - 1), 16,
			    NULL);
	}
	if (jval_str(t, "title") != NULL)
		xlsxfile_note(&le, worksheet_write_string(ws, 0, 0,
		    jval_str(t, "title"), title));
	json_array_foreach(cols, j, cell)
		if (json_is_string(cell))
			xlsxfile_note(&le, worksheet_write_string(ws, 2,
			    (lxw_col_t)j, json_string_value(cell), head));
	worksheet_freeze_panes(ws, 3, 0);
	json_array_foreach(json_object_get(t, "rows"), i, row) {
		lxw_row_t r = (lxw_row_t)(i + 3);

		if (le != LXW_NO_ERROR || i + 3 >= LXW_ROW_MAX)
			return le != LXW_NO_ERROR ? le :
			    LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE;
		json_array_foreach(row, j, cell) {
			if (json_is_string(cell) && json_string_length(cell) > 0)
				xlsxfile_note(&le, worksheet_write_string(ws, r,
				    (lxw_col_t)j, json_string_value(cell), NULL));
			else if (json_is_number(cell))
				xlsxfile_note(&le, worksheet_write_number(ws, r,
				    (lxw_col_t)j, json_number_value(cell), NULL));
		}
	}
	return le;
}

enum err
crit_table_xlsx(const json_t *table, struct buf *out, struct errinfo *ei)
{
	struct xlsxfile x;
	enum err e;

	if ((e = table_check(table, ei)) != ERR_OK ||
	    (e = xlsxfile_open(&x, "criteria", jval_str(table, "title"), ei)) !=
	    ERR_OK)
		return e;
	return xlsxfile_close(&x, write_sheet(x.wb, table), out, ei);
}
