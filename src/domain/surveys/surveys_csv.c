/*
 * surveys_csv.c - the responses of a campaign as CSV for spreadsheets
 * (surv_responses_csv, surveys_export.h), written with core/csvw.h: UTF-8
 * with a byte order mark, CRLF, RFC 4180 quoting and the
 * formula-injection guard on every text cell.
 *
 * The columns are "village" and one per question of the results, in
 * the questionnaire's order, whatever the order of keys in a row (no
 * time: the rows come from surv_responses, which has none), and no column
 * for a text question: free text is in the comments alone.  A cell
 * holds the stored answer: the option id of a single choice, the option
 * ids of a multiple choice joined with "; ", the grade of a scale, "yes"
 * or "no", the number, the text (the option texts are in the XLSX and on
 * the results page).  A question a response did not answer is empty.
 */
#include <string.h>

#include "core/csvw.h"
#include "domain/surveys/surveys_export_internal.h"

/* One JSON value as a cell: strings guarded, numbers not; an array (a
 * multiple choice) joined with "; " as one text cell. */
static enum err
csv_value(struct csvw *w, json_t *v, struct buf *tmp)
{
	size_t i;
	json_t *e;

	if (v == NULL)
		return csvw_cell(w, NULL, 0);
	switch (json_typeof(v)) {
	case JSON_STRING:
		return csvw_cell(w, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		return csvw_int(w, json_integer_value(v));
	case JSON_REAL:
		return csvw_num(w, json_real_value(v));
	case JSON_TRUE:
		return csvw_cellz(w, "yes");
	case JSON_FALSE:
		return csvw_cellz(w, "no");
	case JSON_ARRAY:
		buf_reset(tmp);
		json_array_foreach(v, i, e) {
			if (i > 0 && buf_puts(tmp, "; ") != ERR_OK)
				return ERR_LIMIT;
			if (json_is_string(e)) {
				if (buf_append(tmp, json_string_value(e),
				    json_string_length(e)) != ERR_OK)
					return ERR_LIMIT;
			} else if (json_is_integer(e)) {
				if (buf_printf(tmp, "%" JSON_INTEGER_FORMAT,
				    json_integer_value(e)) != ERR_OK)
					return ERR_LIMIT;
			}
		}
		return csvw_cell(w, tmp->data, tmp->len);
	default:
		return csvw_cell(w, NULL, 0);
	}
}

/*
 * results: the JSON of surv_results (its "questions" give the columns);
 * rows: the responses; out: appended to.  ERR_INVALID when results has no
 * "questions" array or rows is not an array of objects; ERR_LIMIT when out
 * (or a joined multiple choice over out's maximum) is full.  On an
 * error out is as it was.
 */
enum err
surv_responses_csv(json_t *results, json_t *rows, struct buf *out,
    struct errinfo *ei)
{
	json_t *questions, *q, *row;
	struct csvw w;
	struct buf tmp;
	size_t i, j, start = out->len;
	enum err e = ERR_OK;

	if ((e = surv_export_check(results, true, rows, ei)) != ERR_OK)
		return e;
	questions = json_object_get(results, "questions");
	buf_init(&tmp, out->max);
	csvw_init(&w, out, CSVW_EXCEL);
	csvw_cellz(&w, "village");
	json_array_foreach(questions, j, q)
		if (!surv_export_is_text(q))
			csvw_cellz(&w, json_string_value(json_object_get(q,
			    "id")));
	csvw_end_row(&w);
	json_array_foreach(rows, i, row) {
		if (!json_is_object(row)) {
			e = err_set(ei, ERR_INVALID, "surveys.bad_rows",
			    "rows", "Phiếu thứ %zu không hợp lệ",
			    "Response %zu is not valid", i + 1);
			goto out;
		}
		csv_value(&w, json_object_get(row, "village"), &tmp);
		json_array_foreach(questions, j, q) {
			const char *id = json_string_value(json_object_get(q, "id"));
			json_t *v = id != NULL ? json_object_get(row, id) : NULL;

			if (surv_export_is_text(q))
				continue;
			if (csv_value(&w, v, &tmp) != ERR_OK && w.err == ERR_OK)
				w.err = ERR_LIMIT;	/* the joined cell */
		}
		if (csvw_end_row(&w) != ERR_OK)
			break;
	}
	if (w.err != ERR_OK)
		e = err_set(ei, ERR_LIMIT, "surveys.export_too_large", NULL,
		    "Tệp xuất vượt quá giới hạn kích thước",
		    "The export is larger than allowed");
out:
	buf_free(&tmp);
	if (e != ERR_OK)
		surv_export_undo(out, start);
	return e;
}
