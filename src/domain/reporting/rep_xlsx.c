/*
 * rep_xlsx.c - report forms as Excel workbooks both ways (rep_xlsx.h):
 * the template a unit or a province downloads, and the reading of a filled
 * copy back into values, every bad cell listed.
 *
 * The writer uses domain/xlsxfile (libxlsxwriter in constant-memory mode:
 * rows are written in order, top to bottom, left to right).  The reader
 * uses only domain/xlsxfile/xlsxread.h and trusts the hidden markers (A1,
 * rows 1-3, column A), never the visible rows: the layout may change
 * without breaking uploads of older templates, and a person who moves a
 * heading cannot make a value land on another element.
 *
 * Values go through the engine (rep_value_from_text for typed text,
 * rep_values_from_json for the whole column, rep_values_compute and
 * rep_validate), so a spreadsheet is held to exactly the rules of the
 * entry page; this file only says where each problem is.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "core/msg.h"
#include "core/numfmt.h"
#include "core/text.h"
#include "domain/reporting/rep_internal.h"
#include "domain/reporting/rep_xlsx.h"
#include "domain/xlsxfile/xlsxfile.h"

#define ROW_TITLE	4	/* 1-based rows of the visible layout */
#define ROW_UNIT	5
#define ROW_PERIOD	6
#define ROW_LEGEND	7
#define ROW_HEAD	9
#define ROW_HEAD2	10
#define ROW_FIRST	11	/* the first element row */
#define COL_SLOT	1	/* A: the hidden slot markers */
#define COL_STT		2
#define COL_NAME	3
#define COL_UNIT	4
#define FORMULA_MAX	8000	/* Excel takes 8,192 characters */

/* ==== writing ========================================================== */

/* The number format classes of a cell. */
enum cls { CLS_INT, CLS_NUM, CLS_PCT, CLS_TEXT, CLS_YES, CLS__MAX };
/* Input (unlocked), computed or automatic (locked, grey), not for the
 * unit's level (locked, darker). */
enum use { USE_INPUT, USE_LOCKED, USE_NA, USE__MAX };

/* A row of the sheet: a group's heading, an element (its first slot), or
 * a category of a broken-down element. */
struct row {
	const char *group;	/* a heading row: its text */
	long el;		/* -1 for a heading */
	size_t slot;
	long cat;		/* -1: the element's own row (its total) */
};

struct writer {
	const struct rep_form *f;
	const char *lang;
	lxw_worksheet *ws;
	lxw_error first;
	struct arena *a;
	lxw_format *title, *bold, *italic, *head, *group, *label, *label_cat,
	    *stt, *mark;
	lxw_format *fmt[CLS__MAX][USE__MAX];
	struct row *rows;
	size_t nrows;
	uint32_t *slot_row;	/* 1-based sheet row of each slot */
	const struct rep_xlsx_unit *units;
	size_t n;
};

static void
wnote(struct writer *w, lxw_error e)
{
	xlsxfile_note(&w->first, e);
}

static enum cls
cls_of(const struct rep_element *el)
{
	switch (el->kind) {
	case REP_MONEY:
		return CLS_INT;
	case REP_NUMBER:
		return el->integer ? CLS_INT : CLS_NUM;
	case REP_PERCENT:
		return CLS_PCT;
	case REP_TEXT:
		return CLS_TEXT;
	default:
		return CLS_YES;
	}
}

/* The formats: "#,##0" groups digits as the reader's Excel is set to
 * (1.234.567 on a Vietnamese system), percentages are figures 0-100. */
static void
make_formats(struct writer *w, lxw_workbook *wb)
{
	static const char *const numfmt[CLS__MAX] = { "#,##0", "General",
		"#,##0.0", "@", "General" };

	w->title = workbook_add_format(wb);
	format_set_bold(w->title);
	format_set_font_size(w->title, 14);
	w->bold = workbook_add_format(wb);
	format_set_bold(w->bold);
	w->italic = workbook_add_format(wb);
	format_set_italic(w->italic);
	w->head = workbook_add_format(wb);
	format_set_bold(w->head);
	format_set_text_wrap(w->head);
	format_set_align(w->head, LXW_ALIGN_CENTER);
	format_set_align(w->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(w->head, LXW_BORDER_THIN);
	format_set_bg_color(w->head, 0xDDE8D5);
	w->group = workbook_add_format(wb);
	format_set_bold(w->group);
	format_set_border(w->group, LXW_BORDER_THIN);
	format_set_text_wrap(w->group);
	w->label = workbook_add_format(wb);
	format_set_text_wrap(w->label);
	format_set_border(w->label, LXW_BORDER_THIN);
	format_set_align(w->label, LXW_ALIGN_VERTICAL_TOP);
	w->label_cat = workbook_add_format(wb);
	format_set_text_wrap(w->label_cat);
	format_set_border(w->label_cat, LXW_BORDER_THIN);
	format_set_indent(w->label_cat, 2);
	format_set_italic(w->label_cat);
	w->stt = workbook_add_format(wb);
	format_set_border(w->stt, LXW_BORDER_THIN);
	format_set_align(w->stt, LXW_ALIGN_CENTER);
	format_set_align(w->stt, LXW_ALIGN_VERTICAL_TOP);
	w->mark = workbook_add_format(wb);
	format_set_hidden(w->mark);
	for (int c = 0; c < CLS__MAX; c++)
		for (int u = 0; u < USE__MAX; u++) {
			lxw_format *x = workbook_add_format(wb);

			format_set_num_format(x, numfmt[c]);
			format_set_border(x, LXW_BORDER_THIN);
			format_set_align(x, LXW_ALIGN_VERTICAL_TOP);
			if (c == CLS_TEXT)
				format_set_text_wrap(x);
			if (c == CLS_YES)
				format_set_align(x, LXW_ALIGN_CENTER);
			if (u == USE_INPUT)
				format_set_unlocked(x);
			else
				format_set_bg_color(x, u == USE_LOCKED ?
				    0xEEEEEE : 0xC8C8C8);
			w->fmt[c][u] = x;
		}
}

/* The rows: groups in the order they first appear, each with its
 * elements in the form's order; a broken-down element's categories
 * below it.  Elements without a group come first, without a heading. */
static void
plan_rows(struct writer *w)
{
	const struct rep_form *f = w->f;
	size_t max = f->n_slots + f->n_elements + 1, i, j, k;
	const char **groups = arena_alloc(w->a, (f->n_elements + 1) *
	    sizeof(*groups));
	size_t ng = 0;
	uint32_t r = ROW_FIRST;

	w->rows = arena_alloc(w->a, max * sizeof(*w->rows));
	w->slot_row = arena_alloc(w->a, f->n_slots * sizeof(*w->slot_row));
	groups[ng++] = NULL;
	for (i = 0; i < f->n_elements; i++) {
		const char *g = f->elements[i].group;

		for (j = 0; j < ng; j++)
			if ((g == NULL && groups[j] == NULL) || (g != NULL &&
			    groups[j] != NULL && strcmp(g, groups[j]) == 0))
				break;
		if (j == ng)
			groups[ng++] = g;
	}
	for (j = 0; j < ng; j++) {
		bool headed = false;

		for (i = 0; i < f->n_elements; i++) {
			const struct rep_element *el = &f->elements[i];
			const char *g = el->group;

			if (!((g == NULL && groups[j] == NULL) || (g != NULL &&
			    groups[j] != NULL && strcmp(g, groups[j]) == 0)))
				continue;
			if (!headed && groups[j] != NULL) {
				w->rows[w->nrows++] = (struct row){ groups[j],
				    -1, 0, -1 };
				r++;
			}
			headed = true;
			for (k = 0; k < el->n_slots; k++) {
				w->rows[w->nrows++] = (struct row){ NULL,
				    (long)i, el->slot + k, (long)k - 1 };
				w->slot_row[el->slot + k] = r++;
			}
		}
	}
}

/* "I", "II", ... for group headings (1..3999). */
static const char *
roman(char out[16], size_t n)
{
	static const char *const s[] = { "M", "CM", "D", "CD", "C", "XC", "L",
		"XL", "X", "IX", "V", "IV", "I" };
	static const size_t v[] = { 1000, 900, 500, 400, 100, 90, 50, 40, 10,
		9, 5, 4, 1 };
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < 13 && n > 0 && n < 4000; i++)
		while (n >= v[i] && len + 3 < 16) {
			memcpy(out + len, s[i], strlen(s[i]) + 1);
			len += strlen(s[i]);
			n -= v[i];
		}
	return out;
}

/* A period in words: "Tháng 7 năm 2026", "Quý III năm 2026". */
static const char *
period_words(struct writer *w, const struct rep_period *p)
{
	char y[16], i[16];
	const char *args[2] = { i, y };

	snprintf(y, sizeof(y), "%d", p->year);
	snprintf(i, sizeof(i), "%d", p->index);
	switch (p->type) {
	case REP_MONTH:
		return msg_formata(w->a, w->lang, "rep_x_month", args, 2);
	case REP_QUARTER:
		roman(i, (size_t)p->index);
		return msg_formata(w->a, w->lang, "rep_x_quarter", args, 2);
	case REP_HALF_YEAR:
		return msg_formata(w->a, w->lang, p->index == 1 ?
		    "rep_x_half1" : "rep_x_half2", args + 1, 1);
	default:
		return msg_formata(w->a, w->lang, "rep_x_year", args + 1, 1);
	}
}

static void
put_str(struct writer *w, uint32_t row, uint32_t col, const char *s,
    lxw_format *fmt)
{
	if (s != NULL && s[0] != '\0')
		wnote(w, worksheet_write_string(w->ws, row - 1,
		    (lxw_col_t)(col - 1), s, fmt));
	else if (fmt != NULL)
		wnote(w, worksheet_write_blank(w->ws, row - 1,
		    (lxw_col_t)(col - 1), fmt));
}

/* A value (or an empty cell in its format). */
static void
put_value(struct writer *w, uint32_t row, uint32_t col,
    const struct rep_element *el, const struct rep_value *v, lxw_format *fmt)
{
	if (v == NULL || !v->present) {
		put_str(w, row, col, NULL, fmt);
		return;
	}
	if (el->kind == REP_TEXT)
		put_str(w, row, col, v->text, fmt);
	else if (el->kind == REP_YES_NO)
		put_str(w, row, col, msg_get(w->lang, v->num != 0 ? "yes" :
		    "no"), fmt);
	else
		wnote(w, worksheet_write_number(w->ws, row - 1,
		    (lxw_col_t)(col - 1), v->num, fmt));
}

/* Does the formula of el reference a yes/no slot (a cell holding "Có"
 * that Excel cannot compute with), or is it too long to be sure to fit
 * Excel's 8,192 characters once its references are cells (a reference of
 * 3 bytes, "[a]", becomes at most 18: the cell twice, once guarded)?
 * Such a cell gets the computed value and is not compared on upload: the
 * reader decides it from the form alone, as the writer did. */
static bool
formula_static(const struct rep_form *f, const struct rep_element *el)
{
	const char *p = el->formula, *q;
	char name[REP_SLOT_NAME];
	enum rep_kind k;
	long s;

	if (p != NULL && strlen(p) > FORMULA_MAX / 6 - 64)
		return true;
	while (p != NULL && (p = strchr(p, '[')) != NULL) {
		if ((q = strchr(p, ']')) == NULL ||
		    (size_t)(q - p - 1) >= sizeof(name))
			return true;
		memcpy(name, p + 1, (size_t)(q - p - 1));
		name[q - p - 1] = '\0';
		if ((s = rep_slot(f, name)) < 0)
			return true;
		k = rep_slot_element(f, (size_t)s, NULL)->kind;
		if (k != REP_NUMBER && k != REP_MONEY && k != REP_PERCENT)
			return true;
		p = q + 1;
	}
	return false;
}

/* el's formula as an Excel formula over column col: "" when an input is
 * empty (as the engine leaves it absent) or on an error (division by
 * zero).  NULL when it cannot be one. */
static const char *
excel_formula(struct writer *w, const struct rep_element *el, uint32_t col)
{
	struct buf expr, guard;
	const char *p = el->formula, *q, *res = NULL;
	char name[REP_SLOT_NAME], ref[16];
	long s;
	bool any = false;

	if (formula_static(w->f, el))
		return NULL;
	buf_init(&expr, FORMULA_MAX);
	buf_init(&guard, FORMULA_MAX);
	for (; *p != '\0'; p++) {
		if (*p != '[') {
			if (buf_append(&expr, p, 1) != ERR_OK)
				goto out;
			continue;
		}
		q = strchr(p, ']');
		memcpy(name, p + 1, (size_t)(q - p - 1));
		name[q - p - 1] = '\0';
		s = rep_slot(w->f, name);
		xlsx_cell_ref(w->slot_row[s], col, ref);
		if (buf_append(&expr, ref, strlen(ref)) != ERR_OK ||
		    buf_append(&guard, any ? "," : "", any ? 1 : 0) != ERR_OK ||
		    buf_append(&guard, ref, strlen(ref)) != ERR_OK ||
		    buf_append(&guard, "=\"\"", 3) != ERR_OK)
			goto out;
		any = true;
		p = q;
	}
	res = any ? arena_printf(w->a, "=IF(OR(%s),\"\",IFERROR(%s,\"\"))",
	    buf_cstr(&guard), buf_cstr(&expr)) : arena_printf(w->a,
	    "=IFERROR(%s,\"\")", buf_cstr(&expr));
	if (strlen(res) > FORMULA_MAX)
		res = NULL;
out:
	buf_free(&expr);
	buf_free(&guard);
	return res;
}

/* A computed cell: a breakdown total or a formula, locked. */
static void
put_computed(struct writer *w, uint32_t row, uint32_t col,
    const struct rep_element *el, const struct rep_value *v, lxw_format *fmt)
{
	const char *formula = NULL;
	char a[16], b[16];
	lxw_row_t r = row - 1;
	lxw_col_t c = (lxw_col_t)(col - 1);

	if (el->formula != NULL)
		formula = excel_formula(w, el, col);
	else {
		xlsx_cell_ref(row + 1, col, a);
		xlsx_cell_ref(row + (uint32_t)el->breakdown->n_categories, col,
		    b);
		formula = arena_printf(w->a, "=IF(COUNT(%s:%s)=0,\"\",SUM(%s:%s))",
		    a, b, a, b);
	}
	if (formula == NULL)
		put_value(w, row, col, el, v, fmt);
	else if (v != NULL && v->present)
		wnote(w, worksheet_write_formula_num(w->ws, r, c, formula, fmt,
		    v->num));
	else
		wnote(w, worksheet_write_formula_str(w->ws, r, c, formula, fmt,
		    ""));
}

/* Excel's own check of typed numbers and yes/no, a help only (the
 * upload checks again). */
static void
validation(struct writer *w, uint32_t row, const struct rep_element *el)
{
	lxw_data_validation dv = { 0 };
	char *list[3] = { (char *)msg_get(w->lang, "yes"),
		(char *)msg_get(w->lang, "no"), NULL };

	dv.ignore_blank = LXW_VALIDATION_ON;
	dv.show_error = LXW_VALIDATION_ON;
	dv.error_title = (char *)msg_get(w->lang, "rep_x_dv_title");
	if (el->kind == REP_YES_NO) {
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = list;
		dv.error_message = (char *)msg_get(w->lang, "rep_x_dv_yes");
	} else if (el->kind != REP_TEXT && el->has_min) {
		dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
		dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
		dv.minimum_number = el->min;
		dv.maximum_number = el->has_max ? el->max : (el->kind ==
		    REP_MONEY ? REP_MONEY_MAX : REP_NUMBER_MAX);
		dv.error_message = (char *)msg_get(w->lang, "rep_x_dv_number");
	} else
		return;
	wnote(w, worksheet_data_validation_range(w->ws, row - 1,
	    REP_XLSX_FIRST_COL - 1, row - 1,
	    (lxw_col_t)(REP_XLSX_FIRST_COL - 2 + w->n), &dv));
}

/* The marker rows 1-3 (hidden). */
static void
write_markers(struct writer *w)
{
	lxw_row_col_options hidden = { .hidden = 1 };
	char per[REP_PERIOD_TEXT];
	size_t i;

	/* constant memory: a row's options before its cells, rows in order */
	wnote(w, worksheet_set_row_opt(w->ws, 0, LXW_DEF_ROW_HEIGHT, NULL,
	    &hidden));
	put_str(w, 1, 1, REP_XLSX_FORMAT, w->mark);
	put_str(w, 1, 2, w->f->id, w->mark);
	wnote(w, worksheet_write_number(w->ws, 0, 2, w->f->version, w->mark));
	for (i = 0; i < w->n; i++)
		put_str(w, 1, REP_XLSX_FIRST_COL + (uint32_t)i, w->units[i].ref,
		    w->mark);
	wnote(w, worksheet_set_row_opt(w->ws, 1, LXW_DEF_ROW_HEIGHT, NULL,
	    &hidden));
	put_str(w, 2, 1, "period", w->mark);
	for (i = 0; i < w->n; i++)
		put_str(w, 2, REP_XLSX_FIRST_COL + (uint32_t)i,
		    rep_period_format(&w->units[i].period, per), w->mark);
	wnote(w, worksheet_set_row_opt(w->ws, 2, LXW_DEF_ROW_HEIGHT, NULL,
	    &hidden));
	put_str(w, 3, 1, "level", w->mark);
	for (i = 0; i < w->n; i++)
		put_str(w, 3, REP_XLSX_FIRST_COL + (uint32_t)i,
		    w->units[i].level, w->mark);
}

/* Rows 4-10: title, unit, period, legend, the column headings. */
static void
write_heading(struct writer *w, const struct rep_xlsx_options *opt)
{
	char count[NUMFMT_LEN];
	const char *args[2], *unit;
	bool same = true;
	size_t i;

	put_str(w, ROW_TITLE, COL_STT, msg_pick(w->lang, w->f->title,
	    w->f->title_en), w->title);
	numfmt_int(count, (long long)w->n, w->lang);
	if (w->n == 1)
		unit = w->units[0].name;
	else if (opt != NULL && opt->scope_name != NULL) {
		args[0] = opt->scope_name;
		args[1] = count;
		unit = msg_formata(w->a, w->lang, "rep_x_units_in", args, 2);
	} else {
		args[0] = count;
		unit = msg_formata(w->a, w->lang, "rep_x_units_count", args, 1);
	}
	args[0] = unit;
	put_str(w, ROW_UNIT, COL_STT, msg_formata(w->a, w->lang,
	    "rep_x_unit_line", args, 1), w->bold);
	for (i = 1; i < w->n; i++)
		same = same && rep_period_cmp(&w->units[i].period,
		    &w->units[0].period) == 0;
	if (same) {
		args[0] = period_words(w, &w->units[0].period);
		put_str(w, ROW_PERIOD, COL_STT, msg_formata(w->a, w->lang,
		    "rep_x_period_line", args, 1), w->bold);
	}
	put_str(w, ROW_LEGEND, COL_STT, msg_get(w->lang, "rep_x_legend"),
	    w->italic);
	put_str(w, ROW_HEAD, COL_STT, msg_get(w->lang, "rep_x_stt"), w->head);
	put_str(w, ROW_HEAD, COL_NAME, msg_get(w->lang, "rep_x_element"),
	    w->head);
	put_str(w, ROW_HEAD, COL_UNIT, msg_get(w->lang, "rep_x_unit_of"),
	    w->head);
	for (i = 0; i < w->n; i++)
		put_str(w, ROW_HEAD, REP_XLSX_FIRST_COL + (uint32_t)i,
		    w->units[i].name, w->head);
	for (uint32_t c = COL_STT; c <= COL_UNIT; c++)
		put_str(w, ROW_HEAD2, c, NULL, w->head);
	for (i = 0; i < w->n; i++)
		put_str(w, ROW_HEAD2, REP_XLSX_FIRST_COL + (uint32_t)i,
		    period_words(w, &w->units[i].period), w->head);
}

static void
write_rows(struct writer *w)
{
	const struct rep_form *f = w->f;
	size_t i, u, groups = 0, number = 0;
	uint32_t row = ROW_FIRST;
	char stt[32], name[REP_SLOT_NAME];

	for (i = 0; i < w->nrows; i++, row++) {
		const struct row *r = &w->rows[i];
		const struct rep_element *el;

		if (r->el < 0) {
			put_str(w, row, COL_STT, roman(stt, ++groups),
			    w->group);
			put_str(w, row, COL_NAME, r->group, w->group);
			put_str(w, row, COL_UNIT, NULL, w->group);
			for (u = 0; u < w->n; u++)
				put_str(w, row, REP_XLSX_FIRST_COL +
				    (uint32_t)u, NULL, w->group);
			continue;
		}
		el = &f->elements[r->el];
		if (el->kind == REP_TEXT)	/* room for a few lines */
			wnote(w, worksheet_set_row(w->ws, row - 1, 75, NULL));
		put_str(w, row, COL_SLOT, rep_slot_name(f, r->slot, name,
		    sizeof(name)), w->mark);
		if (r->cat < 0) {
			snprintf(stt, sizeof(stt), "%zu", ++number);
			put_str(w, row, COL_STT, stt, w->stt);
			put_str(w, row, COL_NAME, msg_pick(w->lang, el->name,
			    el->name_en), w->label);
		} else {
			const struct rep_category *c =
			    &el->breakdown->categories[r->cat];

			put_str(w, row, COL_STT, NULL, w->stt);
			put_str(w, row, COL_NAME, msg_pick(w->lang, c->name,
			    c->name_en), w->label_cat);
		}
		put_str(w, row, COL_UNIT, el->unit, w->stt);
		for (u = 0; u < w->n; u++) {
			const struct rep_xlsx_unit *un = &w->units[u];
			const struct rep_value *v = un->vals != NULL ?
			    &un->vals[r->slot] : NULL;
			uint32_t col = REP_XLSX_FIRST_COL + (uint32_t)u;
			enum cls k = cls_of(el);

			if (!rep_element_filled_by(f, el, un->level))
				put_str(w, row, col, NULL, w->fmt[k][USE_NA]);
			else if (el->formula != NULL || (el->breakdown != NULL &&
			    r->cat < 0))
				put_computed(w, row, col, el, v,
				    w->fmt[k][USE_LOCKED]);
			else if (el->auto_source != REP_AUTO_NONE)
				put_value(w, row, col, el, v,
				    w->fmt[k][USE_LOCKED]);
			else
				put_value(w, row, col, el, v,
				    w->fmt[k][USE_INPUT]);
		}
		if (el->formula == NULL && el->auto_source == REP_AUTO_NONE &&
		    (el->breakdown == NULL || r->cat >= 0))
			validation(w, row, el);
	}
}

enum err
rep_xlsx_write(const struct rep_form *f, const char *lang,
    const struct rep_xlsx_unit *units, size_t n,
    const struct rep_xlsx_options *opt, struct buf *out, struct errinfo *ei)
{
	struct writer w = { .f = f, .lang = lang, .units = units, .n = n };
	struct xlsxfile x;
	lxw_row_col_options hidden = { .hidden = 1 };
	lxw_protection prot = { .format_columns = 1, .format_rows = 1 };
	enum err e;
	size_t i;

	if (n == 0 || n > REP_XLSX_UNITS_MAX)
		return err_set(ei, ERR_INVALID, "reporting.xlsx_units", "units",
		    "Một tệp Excel có từ 1 đến %d đơn vị (có %zu)",
		    "An Excel file holds 1 to %d units (%zu given)",
		    REP_XLSX_UNITS_MAX, n);
	for (i = 0; i < n; i++)
		if (units[i].ref == NULL || units[i].name == NULL ||
		    units[i].level == NULL ||
		    !rep_form_filled_by(f, units[i].level))
			return err_set(ei, ERR_INVALID, "reporting.xlsx_unit",
			    "units", "Đơn vị thứ %zu không điền biểu mẫu này",
			    "Unit %zu does not fill this form", i + 1);
	if ((e = xlsxfile_open(&x, "reporting", msg_pick(lang, f->title,
	    f->title_en), ei)) != ERR_OK)
		return e;
	w.a = arena_new(16384);
	make_formats(&w, x.wb);
	plan_rows(&w);
	if ((w.ws = workbook_add_worksheet(x.wb, msg_get(lang,
	    "rep_x_sheet"))) == NULL) {
		wnote(&w, LXW_ERROR_MEMORY_MALLOC_FAILED);
		goto close;
	}
	wnote(&w, worksheet_set_column_opt(w.ws, 0, 0, 24, NULL, &hidden));
	wnote(&w, worksheet_set_column(w.ws, 1, 1, 6, NULL));
	wnote(&w, worksheet_set_column(w.ws, 2, 2, 52, NULL));
	wnote(&w, worksheet_set_column(w.ws, 3, 3, 12, NULL));
	wnote(&w, worksheet_set_column(w.ws, REP_XLSX_FIRST_COL - 1,
	    (lxw_col_t)(REP_XLSX_FIRST_COL - 2 + n), 20, NULL));
	worksheet_freeze_panes(w.ws, ROW_FIRST - 1, REP_XLSX_FIRST_COL - 1);
	worksheet_set_landscape(w.ws);
	worksheet_set_paper(w.ws, 9);	/* A4 */
	worksheet_fit_to_pages(w.ws, 1, 0);
	wnote(&w, worksheet_repeat_rows(w.ws, ROW_HEAD - 1, ROW_HEAD2 - 1));
	worksheet_protect(w.ws, NULL, &prot);
	write_markers(&w);
	write_heading(&w, opt);
	write_rows(&w);
close:
	arena_free(w.a);
	return xlsxfile_close(&x, w.first, out, ei);
}

/* ==== reading ========================================================== */

struct reader {
	const struct rep_form *f;
	struct arena *a;
	struct rep_problems *pr;
	struct rep_problems col;	/* the engine's, one column at a time */
	size_t columns;			/* value columns met, all sheets */
	struct errinfo *ei;
	enum err first;
	struct rep_xlsx_report *reports;
	size_t n, cap;
	bool bad;
};

/* s cut to at most max bytes on a character boundary, for quoting what a
 * file holds in a message (a cut inside a character would leave the
 * message invalid UTF-8). */
static const char *
cut(struct arena *a, const char *s, size_t max)
{
	return arena_strndup(a, s, text_utf8_cut(s, max));
}

/* Note one problem (field "file"). */
static void
problem(struct reader *r, struct errinfo *one)
{
	snprintf(one->field, sizeof(one->field), "file");
	rep_problem_add(r->pr, one);
	if (r->first == ERR_OK) {
		r->first = one->err;
		if (r->ei != NULL)
			*r->ei = *one;
	}
	r->bad = true;
}

/* A problem at a cell: "trang “S”, ô E14: " before the message. */
static void
cell_problem(struct reader *r, const char *sheet, uint32_t row,
    uint32_t col, struct errinfo *one)
{
	char ref[16];

	xlsx_cell_ref(row, col, ref);
	sheet = cut(r->a, sheet, 64);
	err_prefix(one, "trang “%s”, ô %s: ", "sheet “%s”, cell %s: ", sheet,
	    ref);
	problem(r, one);
}

/* A problem about a slot at a cell: "<element label>: <what>". */
static void
slot_problem(struct reader *r, const char *sheet, uint32_t row, uint32_t col,
    size_t slot, const char *code, const char *vi, const char *en)
{
	struct errinfo one;

	err_set(&one, ERR_INVALID, code, "file", "%s%.0s: %s%.0s",
	    "%.0s%s: %.0s%s", rep_slot_label(r->f, slot, "vi", r->a),
	    rep_slot_label(r->f, slot, "en", r->a), vi, en);
	cell_problem(r, sheet, row, col, &one);
}

/* Is the cell empty (nothing, or an empty text that is not a formula)? */
static bool
blank(const struct xlsx_cell *c)
{
	return c == NULL || (c->kind == XLSX_TEXT && !c->formula &&
	    c->text[strspn(c->text, " \t\r\n")] == '\0');
}

/* The cell's number as JSON: whole numbers as integers. */
static json_t *
number_json(const char *text)
{
	double x = strtod(text, NULL);

	if (floor(x) == x && fabs(x) < 9e15)
		return json_integer((json_int_t)x);
	return json_real(x);
}

/* The JSON of one input cell for its slot, as the entry page would send
 * it; NULL after a problem (noted). */
static json_t *
cell_json(struct reader *r, const char *sheet, const struct xlsx_cell *c,
    size_t slot, bool filled)
{
	const struct rep_element *el = rep_slot_element(r->f, slot, NULL);
	struct rep_value v;
	struct errinfo one;

	if (c->formula) {
		slot_problem(r, sheet, c->row, c->col, slot,
		    "reporting.xlsx_formula", "ô nhập có công thức: hãy nhập "
		    "giá trị", "an input cell holds a formula: enter the value");
		return NULL;
	}
	if (c->kind == XLSX_ERROR) {
		char vi[96], en[96];

		const char *t = cut(r->a, c->text, 40);

		snprintf(vi, sizeof(vi), "ô có lỗi Excel %s", t);
		snprintf(en, sizeof(en), "the cell holds the Excel error %s", t);
		slot_problem(r, sheet, c->row, c->col, slot,
		    "reporting.xlsx_error", vi, en);
		return NULL;
	}
	if (!filled || el->kind == REP_TEXT)
		return json_stringn_nocheck(c->text, strlen(c->text));
	if (c->kind == XLSX_BOOL)	/* a number slot refuses it */
		return json_boolean(c->text[0] == '1');
	if (c->kind == XLSX_NUMBER && el->kind != REP_YES_NO)
		return number_json(c->text);
	/* typed text: the engine's rule for a field typed by a person */
	if (rep_value_from_text(r->f, slot, c->text, r->a, &v, &one) !=
	    ERR_OK) {
		cell_problem(r, sheet, c->row, c->col, &one);
		return NULL;
	}
	return rep_value_json(r->f, slot, &v);
}

/* The problems of the engine (field "values.<slot>") at their cells. */
static void
engine_problems(struct reader *r, const char *sheet, const uint32_t *slot_row,
    uint32_t col, const struct rep_problems *p)
{
	for (size_t i = 0; i < p->n; i++) {
		struct errinfo one = p->items[i];
		const char *name = strncmp(one.field, "values.", 7) == 0 ?
		    one.field + 7 : one.field;
		long s = rep_slot(r->f, name);

		if (s >= 0 && slot_row[s] != 0)
			cell_problem(r, sheet, slot_row[s], col, &one);
		else
			problem(r, &one);
	}
	if (p->more > 0 && r->pr != NULL)
		r->pr->more += p->more;
}

static bool
close_to(double a, double b)
{
	double d = fabs(a - b);

	return d <= 1e-6 || d <= 1e-9 * fmax(fabs(a), fabs(b));
}

/* Computed cells holding a plain value (not Excel's formula) must hold
 * what the engine computes from the inputs read. */
static void
check_computed(struct reader *r, const char *sheet,
    const struct xlsx_sheet *s, const uint32_t *slot_row, uint32_t col,
    const char *level, const struct rep_value *vals)
{
	const struct rep_form *f = r->f;
	char vi[320], en[320], nv[NUMFMT_LEN], ne[NUMFMT_LEN], cv[NUMFMT_LEN],
	    ce[NUMFMT_LEN];

	for (size_t slot = 0; slot < f->n_slots; slot++) {
		long cat;
		const struct rep_element *el = rep_slot_element(f, slot, &cat);
		const struct xlsx_cell *c = xlsx_cell(s, slot_row[slot], col);

		if (!(el->formula != NULL || (el->breakdown != NULL &&
		    cat < 0)) || blank(c) || c->formula ||
		    !rep_element_filled_by(f, el, level) ||
		    (el->formula != NULL && formula_static(f, el)))
			continue;
		if (c->kind == XLSX_NUMBER && vals[slot].present &&
		    close_to(strtod(c->text, NULL), vals[slot].num))
			continue;
		if (c->kind == XLSX_NUMBER) {
			numfmt_num(cv, strtod(c->text, NULL), "vi");
			numfmt_num(ce, strtod(c->text, NULL), "en");
		} else {
			const char *t = cut(r->a, c->text, 40);

			snprintf(cv, sizeof(cv), "“%s”", t);
			snprintf(ce, sizeof(ce), "“%s”", t);
		}
		if (vals[slot].present) {
			numfmt_num(nv, vals[slot].num, "vi");
			numfmt_num(ne, vals[slot].num, "en");
		} else {
			snprintf(nv, sizeof(nv), "để trống");
			snprintf(ne, sizeof(ne), "empty");
		}
		snprintf(vi, sizeof(vi), "ô tự tính (đã khóa) ghi %s, khác với "
		    "giá trị tính từ các ô nhập (%s)", cv, nv);
		snprintf(en, sizeof(en), "the computed (locked) cell holds %s, "
		    "not what its inputs give (%s)", ce, ne);
		slot_problem(r, sheet, slot_row[slot], col, slot,
		    "reporting.xlsx_computed", vi, en);
	}
}

/* One value column: the report of one unit and period. */
static void
read_column(struct reader *r, const struct xlsx_sheet *s,
    const uint32_t *slot_row, uint32_t col, const char *ref,
    const char *level, const struct rep_period *period)
{
	const struct rep_form *f = r->f;
	json_t *values = json_object(), *v;
	struct rep_value *vals;
	struct rep_problems *p = &r->col;
	struct errinfo one;
	char name[REP_SLOT_NAME];
	bool bad = false;
	size_t slot;

	for (slot = 0; slot < f->n_slots; slot++) {
		long cat;
		const struct rep_element *el = rep_slot_element(f, slot, &cat);
		const struct xlsx_cell *c = xlsx_cell(s, slot_row[slot], col);
		bool filled = rep_element_filled_by(f, el, level);

		if (slot_row[slot] == 0)	/* its marker is missing */
			continue;
		if (el->formula != NULL || el->auto_source != REP_AUTO_NONE ||
		    (el->breakdown != NULL && cat < 0))
			continue;
		rep_slot_name(f, slot, name, sizeof(name));
		if (blank(c)) {
			if (filled)
				json_object_set_new(values, name, json_null());
			continue;
		}
		if ((v = cell_json(r, s->name, c, slot, filled)) == NULL) {
			bad = true;
			continue;
		}
		json_object_set_new(values, name, v);
	}
	vals = rep_values_new(f, r->a);
	r->col.n = r->col.more = 0;
	if (rep_values_from_json(f, level, values, r->a, vals, p, &one) !=
	    ERR_OK) {
		engine_problems(r, s->name, slot_row, col, p);
		bad = true;
	}
	if (bad) {
		json_decref(values);
		return;
	}
	rep_values_compute(f, vals);
	check_computed(r, s->name, s, slot_row, col, level, vals);
	r->col.n = r->col.more = 0;
	if (rep_validate(f, level, vals, false, r->a, NULL, p, NULL, &one) !=
	    ERR_OK)
		engine_problems(r, s->name, slot_row, col, p);
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		struct rep_xlsx_report *m = arena_alloc(r->a,
		    cap * sizeof(*m));

		if (r->n > 0)
			memcpy(m, r->reports, r->n * sizeof(*m));
		r->reports = m;
		r->cap = cap;
	}
	r->reports[r->n++] = (struct rep_xlsx_report){
		.sheet = arena_strdup(r->a, s->name), .col = col,
		.unit_ref = arena_strdup(r->a, ref),
		.level = arena_strdup(r->a, level), .period = *period,
		.values = values, .vals = vals };
}

/* A marker cell's text, or NULL when it is missing or not a text. */
static const char *
marker(const struct xlsx_sheet *s, uint32_t row, uint32_t col)
{
	const struct xlsx_cell *c = xlsx_cell(s, row, col);

	return c != NULL && !c->formula && c->kind == XLSX_TEXT &&
	    c->text[0] != '\0' ? c->text : NULL;
}

/* The slot of every row (column A); false after a problem. */
static bool
read_slot_markers(struct reader *r, const struct xlsx_sheet *s,
    uint32_t *slot_row, uint8_t *slot_rows)
{
	const struct rep_form *f = r->f;
	struct errinfo one;
	bool ok = true;
	size_t i;

	for (i = 0; i < s->ncells; i++) {
		const struct xlsx_cell *c = &s->cells[i];
		long slot;

		if (c->col != COL_SLOT || c->row < REP_XLSX_FIRST_ROW)
			continue;
		slot = c->kind == XLSX_TEXT ? rep_slot(f, c->text) : -1;
		if (slot < 0) {
			err_set(&one, ERR_INVALID, "reporting.xlsx_slot", "file",
			    "dấu nhận dạng chỉ tiêu “%s” không có trong biểu "
			    "mẫu", "the element marker “%s” is not in the form",
			    cut(r->a, c->text, 64));
		} else if (slot_row[slot] != 0) {
			err_set(&one, ERR_INVALID, "reporting.xlsx_slot", "file",
			    "dấu nhận dạng chỉ tiêu “%s” có hai lần",
			    "the element marker “%s” is there twice",
			    cut(r->a, c->text, 64));
		} else {
			slot_row[slot] = c->row;
			slot_rows[c->row / 8] |= (uint8_t)(1u << (c->row % 8));
			continue;
		}
		cell_problem(r, s->name, c->row, c->col, &one);
		ok = false;
	}
	for (i = 0; i < f->n_slots; i++)
		if (slot_row[i] == 0) {
			err_set(&one, ERR_INVALID, "reporting.xlsx_slot", "file",
			    "trang “%s”: thiếu dòng của chỉ tiêu “%s%.0s” "
			    "(dấu nhận dạng ở cột A bị xóa): hãy tải lại mẫu",
			    "sheet “%s”: the row of “%.0s%s” is missing "
			    "(its marker in column A was removed): download the "
			    "template again", cut(r->a, s->name, 64),
			    cut(r->a, rep_slot_label(f, i, "vi", r->a), 120),
			    cut(r->a, rep_slot_label(f, i, "en", r->a), 120));
			problem(r, &one);
			ok = false;
		}
	return ok;
}

/* A column marker's problem: "cột E: thiếu ..." */
static void
column_problem(struct reader *r, const struct xlsx_sheet *s, uint32_t row,
    uint32_t col, const char *code, const char *vi, const char *en)
{
	struct errinfo one;

	err_set_texts(&one, ERR_INVALID, code, "file", vi, en);
	cell_problem(r, s->name, row, col, &one);
}

static void
read_sheet(struct reader *r, const struct xlsx_sheet *s)
{
	const struct rep_form *f = r->f;
	const char *id = marker(s, 1, 2), *ref, *per, *lev, *st, *code;
	const struct xlsx_cell *vc = xlsx_cell(s, 1, 3), *c;
	uint32_t *slot_row, col;
	uint8_t *slot_rows;	/* a bit for each row with a slot marker */
	bool *is_unit;
	struct errinfo one;
	struct rep_period period;
	size_t i;

	if (id == NULL || vc == NULL || vc->kind != XLSX_NUMBER ||
	    strcmp(id, f->id) != 0 || strtod(vc->text, NULL) != f->version) {
		err_set(&one, ERR_INVALID, "reporting.xlsx_wrong_form", "file",
		    "tệp là mẫu “%s” phiên bản %s, không phải biểu mẫu "
		    "“%s” phiên bản %d: hãy tải mẫu đúng",
		    "the file is template “%s” version %s, not the form "
		    "“%s” version %d: download the right template",
		    cut(r->a, id != NULL ? id : "?", 64), cut(r->a, vc != NULL ?
		    vc->text : "?", 16), cut(r->a, f->title, 160), f->version);
		cell_problem(r, s->name, 1, 2, &one);
		return;
	}
	slot_row = arena_alloc(r->a, f->n_slots * sizeof(*slot_row));
	slot_rows = arena_alloc(r->a, (size_t)s->max_row / 8 + 1);
	/* a missing or unknown row marker is a problem; the other rows are
	 * still read, so that every problem is listed at once */
	(void)read_slot_markers(r, s, slot_row, slot_rows);
	is_unit = arena_alloc(r->a, ((size_t)s->max_col + 1) *
	    sizeof(*is_unit));
	/* the value columns: a unit, a period and a level each */
	for (col = REP_XLSX_FIRST_COL; col <= s->max_col; col++) {
		ref = marker(s, 1, col);
		per = marker(s, 2, col);
		lev = marker(s, 3, col);
		if (ref == NULL && per == NULL && lev == NULL)
			continue;
		is_unit[col] = true;
		if (++r->columns > REP_XLSX_UNITS_MAX) {
			err_set(&one, ERR_LIMIT, "reporting.xlsx_units", "file",
			    "tệp có quá %d cột đơn vị: hãy chia thành nhiều tệp",
			    "the file has more than %d unit columns: split it "
			    "into several files", REP_XLSX_UNITS_MAX);
			problem(r, &one);
			return;
		}
		if (ref == NULL || !units_split_ref(r->a, ref, &st, &code)) {
			column_problem(r, s, 1, col, "reporting.xlsx_unit",
			    "thiếu hoặc sai dấu nhận dạng đơn vị (hàng ẩn 1): "
			    "hãy tải lại mẫu", "the unit marker (hidden row 1) "
			    "is missing or wrong: download the template again");
			continue;
		}
		if (per == NULL) {
			column_problem(r, s, 2, col, "reporting.xlsx_period",
			    "thiếu dấu nhận dạng kỳ báo cáo (hàng ẩn 2): hãy tải "
			    "lại mẫu", "the period marker (hidden row 2) is "
			    "missing: download the template again");
			continue;
		}
		if (rep_period_parse(per, "file", &period, &one) != ERR_OK ||
		    rep_form_period_check(f, &period, "file", &one) != ERR_OK) {
			cell_problem(r, s->name, 2, col, &one);
			continue;
		}
		if (lev == NULL || units_level_from_name(lev) < 0 ||
		    !rep_form_filled_by(f, lev)) {
			column_problem(r, s, 3, col, "reporting.xlsx_level",
			    "thiếu hoặc sai dấu nhận dạng cấp đơn vị (hàng ẩn "
			    "3): hãy tải lại mẫu", "the level marker (hidden "
			    "row 3) is missing or wrong: download the template "
			    "again");
			continue;
		}
		/* the same unit and period twice */
		for (i = 0; i < r->n; i++)
			if (strcmp(r->reports[i].unit_ref, ref) == 0 &&
			    rep_period_cmp(&r->reports[i].period, &period) ==
			    0) {
				char at[16], vi[200], en[200];

				xlsx_cell_ref(1, r->reports[i].col, at);
				at[strcspn(at, "0123456789")] = '\0';
				snprintf(vi, sizeof(vi), "đơn vị và kỳ của cột "
				    "này đã có ở trang “%s”, cột %s",
				    cut(r->a, r->reports[i].sheet, 64), at);
				snprintf(en, sizeof(en), "this column's unit "
				    "and period are already in sheet “%s”, "
				    "column %s", cut(r->a, r->reports[i].sheet, 64),
				    at);
				column_problem(r, s, 1, col,
				    "reporting.xlsx_unit", vi, en);
				break;
			}
		if (i < r->n)
			continue;
		read_column(r, s, slot_row, col, ref, lev, &period);
	}
	/* a value in an element row of a column without markers */
	for (i = 0; i < s->ncells; i++) {
		c = &s->cells[i];
		if (c->col >= REP_XLSX_FIRST_COL && c->row <= s->max_row &&
		    (slot_rows[c->row / 8] & (1u << (c->row % 8))) != 0 &&
		    !is_unit[c->col] && !blank(c))
			column_problem(r, s, c->row, c->col,
			    "reporting.xlsx_unit", "giá trị ở cột không có dấu "
			    "nhận dạng đơn vị: hãy nhập vào cột của đơn vị",
			    "a value in a column without a unit marker: enter "
			    "it in the unit's column");
	}
}

void
rep_xlsx_result_free(struct rep_xlsx_result *res)
{
	if (res == NULL)
		return;
	for (size_t i = 0; i < res->n; i++)
		json_decref(res->reports[i].values);
	res->reports = NULL;
	res->n = 0;
}

/* The first sheet with the marker in A1, or NULL. */
static const struct xlsx_sheet *
first_marked(const struct xlsx_book *b)
{
	for (size_t i = 0; i < b->nsheets; i++) {
		const char *m = marker(&b->sheets[i], 1, 1);

		if (m != NULL && strcmp(m, REP_XLSX_FORMAT) == 0)
			return &b->sheets[i];
	}
	return NULL;
}

static enum err
no_marker(struct errinfo *ei)
{
	return err_set(ei, ERR_INVALID, "reporting.xlsx_no_marker", "file",
	    "tệp không phải mẫu báo cáo tải từ hệ thống (không trang nào có "
	    "dấu nhận dạng ở ô A1): hãy tải mẫu và điền vào đó",
	    "the file is not a report template downloaded from the platform "
	    "(no sheet has the marker in cell A1): download the template and "
	    "fill it in");
}

enum err
rep_xlsx_marker(const struct xlsx_book *b, char *id, int *version,
    struct errinfo *ei)
{
	const struct xlsx_sheet *s = first_marked(b);
	const char *m;
	const struct xlsx_cell *v;
	double x;

	if (s == NULL || (m = marker(s, 1, 2)) == NULL ||
	    strlen(m) > REP_ID_MAX || (v = xlsx_cell(s, 1, 3)) == NULL ||
	    v->kind != XLSX_NUMBER || (x = strtod(v->text, NULL)) < 1 ||
	    x > 1000000 || floor(x) != x)
		return no_marker(ei);
	memcpy(id, m, strlen(m) + 1);
	*version = (int)x;
	return ERR_OK;
}

enum err
rep_xlsx_read_book(const struct rep_form *f, const struct xlsx_book *b,
    struct arena *a, struct rep_xlsx_result *res, struct rep_problems *pr,
    struct errinfo *ei)
{
	struct reader r = { .f = f, .a = a, .pr = pr, .ei = ei };
	struct errinfo one;
	bool found = false;

	res->reports = NULL;
	res->n = 0;
	rep_problems_init(&r.col, a, f->n_slots + f->n_rules + 4);
	for (size_t i = 0; i < b->nsheets && r.columns <= REP_XLSX_UNITS_MAX;
	    i++) {
		const char *m = marker(&b->sheets[i], 1, 1);

		if (m == NULL || strcmp(m, REP_XLSX_FORMAT) != 0)
			continue;
		found = true;
		read_sheet(&r, &b->sheets[i]);
	}
	if (!found) {
		no_marker(&one);
		problem(&r, &one);
	} else if (r.n == 0 && !r.bad) {
		err_set(&one, ERR_INVALID, "reporting.xlsx_unit", "file",
		    "tệp không có cột đơn vị nào: hãy tải lại mẫu",
		    "the file has no unit column: download the template again");
		problem(&r, &one);
	}
	if (r.bad) {
		res->reports = r.reports;
		res->n = r.n;
		rep_xlsx_result_free(res);
		return r.first;
	}
	res->reports = r.reports;
	res->n = r.n;
	return ERR_OK;
}

enum err
rep_xlsx_read(const struct rep_form *f, const void *data, size_t len,
    struct arena *a, struct rep_xlsx_result *res, struct rep_problems *pr,
    struct errinfo *ei)
{
	struct xlsx_limits lim = XLSX_LIMITS_DEFAULT;
	struct xlsx_book b;
	struct errinfo one;
	enum err e;

	res->reports = NULL;
	res->n = 0;
	if ((e = xlsx_read(data, len, &lim, &b, &one)) != ERR_OK) {
		rep_problem_add(pr, &one);
		if (ei != NULL)
			*ei = one;
		return e;
	}
	e = rep_xlsx_read_book(f, &b, a, res, pr, ei);
	xlsx_free(&b);
	return e;
}
