/*
 * surveys_xlsx.c - the results of a campaign as an Excel workbook
 * (surv_results_xlsx, surveys_export.h), written by libxlsxwriter.
 *
 * Three sheets (named here as in Vietnamese; every label is a message of
 * the table, in the language asked for):
 *  - "Tổng hợp" (Summary): the campaign, responses, coverage, the overall rate and
 *    its 95 % interval, the thresholds and whether they are met; the
 *    table of per-question rates (questions that count for satisfaction)
 *    with a native horizontal bar chart of them beside it; then the
 *    answers counted per question and option.
 *  - "Thôn" (Villages): per village: codes issued, responses, coverage, rate.
 *  - "Phiếu" (Responses): one row per response, as the CSV but for
 *    people: option texts instead of ids, "Có"/"Không" (Yes/No), grades
 *    and numbers as numbers.
 * Text goes in with worksheet_write_string, which never makes a formula,
 * so no injection guard is needed here (the CSV has one).
 *
 * libxlsxwriter writes a file: domain/xlsxfile makes it in a temporary
 * file and reads it back into the caller's buffer.  Constant-memory
 * mode: rows are written in order and flushed to libxlsxwriter's own
 * temporary files (same directory), so a million responses do not sit in
 * memory twice.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "core/jval.h"
#include "core/msg.h"
#include "domain/surveys/surveys_export_internal.h"
#include "domain/xlsxfile/xlsxfile.h"

/* Excel's most characters in a cell, as bytes of UTF-8 at most. */
#define XLSX_CELL_BYTES	(32767 * 4)

/* The workbook being written and its first failure. */
struct book {
	lxw_workbook *wb;
	lxw_format *bold, *title, *head, *pct, *wrap;
	lxw_error lerr;		/* the first libxlsxwriter error */
	const char *lang;	/* of every label */
};

/* The label of key in the workbook's language. */
static const char *
label(const struct book *b, const char *key)
{
	return msg_get(b->lang, key);
}

static void
note(struct book *b, lxw_error e)
{
	if (e != LXW_NO_ERROR && b->lerr == LXW_NO_ERROR)
		b->lerr = e;
}

static void
put_str(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
    const char *s, lxw_format *f)
{
	if (s != NULL && s[0] != '\0')
		note(b, worksheet_write_string(ws, r, c, s, f));
}

/* A number, or an empty cell when v is not one. */
static void
put_num(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
    json_t *v, lxw_format *f)
{
	if (json_is_number(v))
		note(b, worksheet_write_number(ws, r, c, json_number_value(v),
		    f));
}

static void
put_yes(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
    json_t *v)
{
	if (json_is_boolean(v))
		put_str(b, ws, r, c, label(b, json_is_true(v) ? "yes" : "no"),
		    NULL);
}

/* A labelled line of the summary: label in A, v in B. */
static void
put_line(struct book *b, lxw_worksheet *ws, lxw_row_t r, const char *label,
    json_t *v, lxw_format *f)
{
	put_str(b, ws, r, 0, label, b->bold);
	if (json_is_string(v))
		put_str(b, ws, r, 1, json_string_value(v), f);
	else if (json_is_boolean(v))
		put_yes(b, ws, r, 1, v);
	else
		put_num(b, ws, r, 1, v, f);
}

static int
counts(json_t *q)
{
	json_t *c = json_object_get(q, "counts");

	return json_is_true(c) ||
	    (c == NULL && json_is_number(json_object_get(q, "rate")));
}

/* Sheet "Tổng hợp" (Summary). */
static void
sheet_summary(struct book *b, json_t *results)
{
	lxw_worksheet *ws;
	lxw_chart *chart;
	lxw_chart_series *series;
	json_t *c = json_object_get(results, "campaign");
	json_t *questions = json_object_get(results, "questions");
	json_t *q, *opt, *ci = json_object_get(results, "ci");
	lxw_row_t r, first, last;
	size_t i, j;
	const char *sheet = label(b, "surv_x_summary");

	if ((ws = workbook_add_worksheet(b->wb, sheet)) == NULL) {
		note(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	worksheet_set_column(ws, 0, 0, 34, NULL);
	worksheet_set_column(ws, 1, 1, 52, NULL);
	worksheet_set_column(ws, 2, 6, 13, NULL);

	put_str(b, ws, 0, 0, label(b, "surv_x_title"), b->title);
	put_str(b, ws, 0, 1, jval_str(c, "title"), b->title);
	put_line(b, ws, 1, label(b, "surv_unit"), json_object_get(c,
	    "unit_name"), NULL);
	if (jval_str(c, "state") != NULL)
		put_str(b, ws, 2, 1, label(b, surv_state_key(jval_str(c,
		    "state"))), NULL);
	put_str(b, ws, 2, 0, label(b, "state"), b->bold);
	put_line(b, ws, 3, label(b, "surv_households_in_scope"),
	    json_object_get(c, "households"), NULL);
	put_line(b, ws, 4, label(b, "surv_x_responses"),
	    json_object_get(results, "responses"), NULL);
	put_line(b, ws, 5, label(b, "surv_x_coverage"),
	    json_object_get(results, "coverage"), b->pct);
	put_line(b, ws, 6, label(b, "surv_x_min_coverage"),
	    json_object_get(c, "min_coverage"), b->pct);
	put_line(b, ws, 7, label(b, "surv_x_coverage_met"),
	    json_object_get(results, "coverage_met"), NULL);
	put_line(b, ws, 8, label(b, "surv_x_rate"),
	    json_object_get(results, "rate"), b->pct);
	put_str(b, ws, 9, 0, label(b, "surv_x_ci"), b->bold);
	put_num(b, ws, 9, 1, json_array_get(ci, 0), b->pct);
	put_num(b, ws, 9, 2, json_array_get(ci, 1), b->pct);
	put_line(b, ws, 10, label(b, "surv_threshold_pct"),
	    json_object_get(c, "threshold"), b->pct);
	put_line(b, ws, 11, label(b, "surv_x_rate_met"),
	    json_object_get(results, "rate_met"), NULL);
	put_str(b, ws, 12, 0, label(b, "surv_x_result"), b->bold);
	put_str(b, ws, 12, 1, label(b, json_is_true(json_object_get(results,
	    "met")) ? "surv_x_met" : "surv_x_not_met"), b->bold);

	/* Per-question rates, and the chart of them. */
	r = 14;
	put_str(b, ws, r, 0, label(b, "surv_x_question_id"), b->head);
	put_str(b, ws, r, 1, label(b, "surv_question"), b->head);
	put_str(b, ws, r, 2, label(b, "surv_answered"), b->head);
	put_str(b, ws, r, 3, label(b, "surv_x_satisfied"), b->head);
	put_str(b, ws, r, 4, label(b, "surv_x_rate"), b->head);
	put_str(b, ws, r, 5, label(b, "surv_x_ci_from"), b->head);
	put_str(b, ws, r, 6, label(b, "surv_x_ci_to"), b->head);
	first = ++r;
	json_array_foreach(questions, i, q) {
		if (!counts(q))
			continue;
		ci = json_object_get(q, "ci");
		put_str(b, ws, r, 0, jval_str(q, "id"), NULL);
		put_str(b, ws, r, 1, jval_str(q, "text"), b->wrap);
		put_num(b, ws, r, 2, json_object_get(q, "answered"), NULL);
		put_num(b, ws, r, 3, json_object_get(q, "satisfied"), NULL);
		put_num(b, ws, r, 4, json_object_get(q, "rate"), b->pct);
		put_num(b, ws, r, 5, json_array_get(ci, 0), b->pct);
		put_num(b, ws, r, 6, json_array_get(ci, 1), b->pct);
		r++;
	}
	last = r - 1;
	if (r > first) {
		chart = workbook_add_chart(b->wb, LXW_CHART_BAR);
		if (chart == NULL) {
			note(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
			return;
		}
		series = chart_add_series(chart, NULL, NULL);
		chart_series_set_categories(series, sheet, first, 0, last, 0);
		chart_series_set_values(series, sheet, first, 4, last, 4);
		chart_series_set_labels(series);
		chart_series_set_labels_num_format(series, "0.0");
		chart_title_set_name(chart, label(b, "surv_x_chart"));
		chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
		/* Bar charts: x_axis is the horizontal (value) axis. */
		chart_axis_set_min(chart->x_axis, 0);
		chart_axis_set_max(chart->x_axis, 100);
		chart_axis_set_reverse(chart->y_axis);	/* q1 on top */
		chart_axis_set_crossing_max(chart->y_axis);
		note(b, worksheet_insert_chart(ws, 0, 8, chart));
	}

	/* The answers counted per question and option. */
	r++;
	put_str(b, ws, r, 0, label(b, "surv_x_question_id"), b->head);
	put_str(b, ws, r, 1, label(b, "surv_x_question_option"), b->head);
	put_str(b, ws, r, 2, label(b, "surv_x_count"), b->head);
	r++;
	json_array_foreach(questions, i, q) {
		put_str(b, ws, r, 0, jval_str(q, "id"), b->bold);
		put_str(b, ws, r, 1, jval_str(q, "text"), b->wrap);
		put_num(b, ws, r, 2, json_object_get(q, "answered"), b->bold);
		r++;
		json_array_foreach(json_object_get(q, "options"), j, opt) {
			put_str(b, ws, r, 0, jval_str(opt, "id"), NULL);
			put_str(b, ws, r, 1, jval_str(opt, "text"), NULL);
			put_num(b, ws, r, 2, json_object_get(opt, "count"),
			    NULL);
			r++;
		}
	}
}

/* Sheet "Thôn" (Villages). */
static void
sheet_villages(struct book *b, json_t *results)
{
	static const char *const head[] = { "surv_x_village_code",
		"surv_village", "surv_x_codes", "surv_x_responses",
		"surv_x_coverage", "surv_x_rate" };
	lxw_worksheet *ws;
	json_t *v;
	size_t i;
	lxw_col_t c;

	if ((ws = workbook_add_worksheet(b->wb, label(b, "surv_x_villages"))) ==
	    NULL) {
		note(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	worksheet_set_column(ws, 0, 0, 12, NULL);
	worksheet_set_column(ws, 1, 1, 30, NULL);
	worksheet_set_column(ws, 2, 5, 16, NULL);
	for (c = 0; c < 6; c++)
		put_str(b, ws, 0, c, label(b, head[c]), b->head);
	json_array_foreach(json_object_get(results, "villages"), i, v) {
		lxw_row_t r = (lxw_row_t)i + 1;

		put_str(b, ws, r, 0, jval_str(v, "code"), NULL);
		put_str(b, ws, r, 1, jval_str(v, "name"), NULL);
		put_num(b, ws, r, 2, json_object_get(v, "codes"), NULL);
		put_num(b, ws, r, 3, json_object_get(v, "responses"), NULL);
		put_num(b, ws, r, 4, json_object_get(v, "coverage"), b->pct);
		put_num(b, ws, r, 5, json_object_get(v, "rate"), b->pct);
	}
}

/* Sheet "Ý kiến" (Comments): the visible free-text answers of
 * results["comments"] (surv_comments: no hidden one reaches an export),
 * each with its question and its village group; none when absent. */
static void
sheet_comments(struct book *b, json_t *results)
{
	json_t *list = json_object_get(results, "comments"), *cm, *q;
	lxw_worksheet *ws;
	lxw_row_t r = 1;
	size_t i, k;

	if (!json_is_array(list))
		return;
	if ((ws = workbook_add_worksheet(b->wb, label(b, "surv_x_comments"))) ==
	    NULL) {
		note(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	worksheet_set_column(ws, 0, 0, 40, NULL);
	worksheet_set_column(ws, 1, 1, 14, NULL);
	worksheet_set_column(ws, 2, 2, 80, b->wrap);
	put_str(b, ws, 0, 0, label(b, "surv_question"), b->head);
	put_str(b, ws, 0, 1, label(b, "surv_village"), b->head);
	put_str(b, ws, 0, 2, label(b, "surv_x_comment"), b->head);
	json_array_foreach(list, i, cm) {
		const char *qid = jval_str(cm, "question_id"), *text = qid;

		if (json_is_true(json_object_get(cm, "hidden")) ||
		    b->lerr != LXW_NO_ERROR || r >= LXW_ROW_MAX)
			continue;
		json_array_foreach(json_object_get(results, "questions"), k, q)
			if (qid != NULL && jval_str(q, "id") != NULL &&
			    strcmp(jval_str(q, "id"), qid) == 0 &&
			    jval_str(q, "text") != NULL)
				text = jval_str(q, "text");
		put_str(b, ws, r, 0, text, NULL);
		put_str(b, ws, r, 1, jval_str(cm, "village"), NULL);
		put_str(b, ws, r, 2, jval_str(cm, "body"), b->wrap);
		r++;
	}
}

/* The text of option id of question q, or id itself. */
static const char *
option_text(json_t *q, const char *id)
{
	json_t *opt;
	size_t i;

	json_array_foreach(json_object_get(q, "options"), i, opt) {
		const char *oid = jval_str(opt, "id");

		if (oid != NULL && strcmp(oid, id) == 0 && jval_str(opt, "text"))
			return jval_str(opt, "text");
	}
	return id;
}

/* One answer of question q for people (see the top of the file). */
static void
put_answer(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
    json_t *q, json_t *v, struct buf *tmp)
{
	const char *type = jval_str(q, "type");
	json_t *e;
	size_t i;

	if (json_is_number(v)) {
		put_num(b, ws, r, c, v, NULL);
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);

		if (type != NULL && strcmp(type, "yesno") == 0 &&
		    (strcmp(s, "yes") == 0 || strcmp(s, "no") == 0))
			s = label(b, s);	/* the keys "yes" and "no" */
		else if (type != NULL && strcmp(type, "single") == 0)
			s = option_text(q, s);
		put_str(b, ws, r, c, s, NULL);
	} else if (json_is_array(v)) {
		buf_reset(tmp);
		json_array_foreach(v, i, e) {
			if (!json_is_string(e))
				continue;
			if ((tmp->len > 0 && buf_puts(tmp, "; ") != ERR_OK) ||
			    buf_puts(tmp, option_text(q,
			    json_string_value(e))) != ERR_OK) {
				note(b, LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED);
				return;
			}
		}
		put_str(b, ws, r, c, buf_cstr(tmp), NULL);
	} else if (json_is_boolean(v)) {
		put_yes(b, ws, r, c, v);
	}
}

/* Sheet "Phiếu" (Responses). */
static void
sheet_rows(struct book *b, json_t *results, json_t *rows)
{
	json_t *questions = json_object_get(results, "questions");
	lxw_worksheet *ws;
	json_t *q, *row;
	struct buf tmp;
	lxw_col_t col;
	size_t i, j;

	if ((ws = workbook_add_worksheet(b->wb, label(b, "surv_x_rows"))) ==
	    NULL) {
		note(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	buf_init(&tmp, XLSX_CELL_BYTES);
	worksheet_set_column(ws, 0, 0, 14, NULL);
	worksheet_set_column(ws, 1, (lxw_col_t)(1 + json_array_size(questions)),
	    24, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	put_str(b, ws, 0, 0, label(b, "surv_village"), b->head);
	col = 1;
	json_array_foreach(questions, j, q) {
		const char *id = jval_str(q, "id"), *text = jval_str(q, "text");

		if (surv_export_is_text(q))
			continue;	/* free text: the comments alone */
		buf_reset(&tmp);
		if (buf_printf(&tmp, "%s. %s", id ? id : "", text ? text : "") !=
		    ERR_OK)
			note(b, LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED);
		put_str(b, ws, 0, col++, buf_cstr(&tmp), b->head);
	}
	json_array_foreach(rows, i, row) {
		lxw_row_t r = (lxw_row_t)i + 1;

		if (b->lerr != LXW_NO_ERROR)
			break;
		put_str(b, ws, r, 0, jval_str(row, "village"), NULL);
		col = 1;
		json_array_foreach(questions, j, q) {
			const char *id = jval_str(q, "id");

			if (surv_export_is_text(q))
				continue;
			if (id != NULL)
				put_answer(b, ws, r, col, q,
				    json_object_get(row, id), &tmp);
			col++;
		}
	}
	buf_free(&tmp);
}

/*
 * results, rows: as for surv_responses_csv; lang: of the labels.
 * ERR_INVALID when results has
 * no "questions" or rows is not an array; ERR_LIMIT when out fills up, a
 * text is over Excel's 32,767 characters or there are more responses than
 * rows in a sheet; ERR_SYS when the temporary file cannot be made or
 * libxlsxwriter fails.  out is as it was on an error.
 */
enum err
surv_results_xlsx(json_t *results, json_t *rows, const char *lang,
    struct buf *out, struct errinfo *ei)
{
	struct xlsxfile x;
	struct book b = { .lang = lang };
	enum err e;

	if ((e = surv_export_check(results, true, rows, ei)) != ERR_OK)
		return e;
	if (json_array_size(rows) >= LXW_ROW_MAX)
		return err_set(ei, ERR_LIMIT, "surveys.too_many_rows", "rows",
		    "Quá nhiều phiếu cho một trang tính Excel",
		    "Too many responses for one Excel sheet");
	if ((e = xlsxfile_open(&x, "surveys", jval_str(json_object_get(
	    results, "campaign"), "title"), ei)) != ERR_OK)
		return e;
	b.wb = x.wb;
	b.bold = workbook_add_format(b.wb);
	format_set_bold(b.bold);
	b.title = workbook_add_format(b.wb);
	format_set_bold(b.title);
	format_set_font_size(b.title, 13);
	b.head = xlsxfile_head_format(b.wb);
	format_set_bottom(b.head, LXW_BORDER_THIN);
	b.pct = workbook_add_format(b.wb);
	format_set_num_format(b.pct, "0.0");
	b.wrap = workbook_add_format(b.wb);
	format_set_text_wrap(b.wrap);

	sheet_summary(&b, results);
	sheet_villages(&b, results);
	sheet_rows(&b, results, rows);
	sheet_comments(&b, results);
	return xlsxfile_close(&x, b.lerr, out, ei);
}
