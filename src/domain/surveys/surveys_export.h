/*
 * surveys_export.h - what a survey campaign produces for people and other
 * programs: printable household-code sheets (A4 PDF with a QR code per
 * code, cut lines; cairo + pango for correct Vietnamese text, libqrencode
 * for the QR codes), the results as XLSX (libxlsxwriter) and CSV (UTF-8
 * with BOM for Excel, formula injection guarded), and SVG charts.
 *
 * Pure over their inputs: no database.  The store gathers the inputs
 * (surveys_store.h) and the web layer serves the bytes.  Every function
 * appends to a struct buf (core/buf.h) and returns ERR_LIMIT when the
 * buffer's maximum is reached (nothing useful is left in it then).  The
 * words an export prints are messages of the table (src/messages/
 * surveys.c) in the language it is given ("vi", "en"; NULL: Vietnamese);
 * what people typed (titles, questions, names) is printed as it is.
 */
#ifndef NTM_DOMAIN_SURVEYS_EXPORT_H
#define NTM_DOMAIN_SURVEYS_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

/* One printable code. */
struct surv_sheet_code {
	const char *code;		/* e.g. "K7M2-Q9XD" */
	const char *village;		/* village name, or NULL */
};

struct surv_sheet {
	const char *campaign_title;	/* "Khảo sát sự hài lòng ... năm 2026" */
	const char *unit_name;		/* "Xã Sóc Sơn, Thành phố Hà Nội" */
	const char *link;		/* the short link without the code,
					 * e.g. "https://ntm.gov.vn/s/42" */
	const char *closes;		/* "2026-12-31", printed as 31/12/2026 */
	const struct surv_sheet_code *codes;
	size_t n_codes;
	const char *lang;		/* of the printed words (NULL: vi) */
};

/*
 * A4 portrait PDF, SURV_SHEET_PER_PAGE codes a page (2 columns x 4 rows),
 * dashed cut lines between them.  Each cell: the campaign title, the
 * unit, the village, the code in large monospace letters, a QR code of
 * link + "?code=" + code (the form opens with the code filled in), the
 * link and the code in words for those without a camera, the closing
 * date (as date_display writes it in lang), and one line on anonymity
 * ("Mã chỉ dùng một lần; câu trả lời không gắn với mã").
 */
#define SURV_SHEET_PER_PAGE 8
/* Added: the most codes one call prints (ERR_LIMIT past it): 625 pages,
 * about 16 MB and 8 s of CPU here (a code costs ~3.1 KB and ~1.5 ms);
 * enough for a whole commune, a web handler may well ask for less. */
#define SURV_SHEET_MAX_CODES 5000
/* Errors: no codes, no link or an empty code ERR_INVALID; text that is
 * not UTF-8 ERR_MALFORMED; out full, a link too long for a QR code or over
 * SURV_SHEET_MAX_CODES codes ERR_LIMIT.  When link already has a query
 * ("?"), the QR code has "&code=" instead of "?code="; the code is
 * percent-encoded in it.  closes not of the form YYYY-MM-DD is printed as
 * it is; NULL village, unit or closes print nothing.  On any error the
 * exporters of this header leave out as it was. */
enum err surv_sheet_pdf(const struct surv_sheet *sheet, struct buf *out,
    struct errinfo *ei);

/* The QR code of text as an SVG (for pages), module size in px (1..64,
 * else ERR_INVALID); level M, a 4-module quiet zone included. */
enum err surv_qr_svg(const char *text, int module_px, struct buf *out,
    struct errinfo *ei);

/*
 * Results.  results is the JSON of surv_results (surveys_store.h):
 *   {"campaign": {"id","title","unit_name","households","min_coverage",
 *                 "threshold","state"},
 *    "responses": N, "coverage": 0..100, "rate": 0..100, "ci": [lo, hi],
 *    "coverage_met": b, "rate_met": b, "met": b,
 *    "questions": [{"id","text","type","counts","answered","satisfied",
 *                   "rate","ci":[lo,hi],
 *                   "options":[{"id","text","count"}]}],
 *    "villages": [{"code","name","codes","responses","coverage","rate"}]}
 * (percentages 0..100).  rows is a JSON array of responses, each the
 * object of surv_answers_json plus "village" (surv_responses' "items").
 */

/* CSV of the responses: UTF-8 BOM, header "village,<question ids>",
 * one line per response (multi answers joined with "; "), RFC 4180
 * quoting, cells starting with = + - @ TAB CR prefixed with ' (formula
 * injection), CRLF line ends.  Data for programs, the same in every
 * language: the header names the columns as the stored answers do (a
 * question's id, the reserved "village") and a cell is the
 * stored answer ("yes", an option id), so it takes no lang. */
enum err surv_responses_csv(json_t *results, json_t *rows, struct buf *out,
    struct errinfo *ei);

/* XLSX workbook: sheet "Tổng hợp" (the summary: responses, coverage,
 * rate with CI, per question rate and CI, thresholds met), sheet "Thôn"
 * (per village), sheet "Phiếu" (one row per response), with a native bar
 * chart of the per-question rates on the summary sheet; and, when results
 * has "comments" (surv_comments' items), sheet "Ý kiến" with the visible
 * ones (a hidden one is left out even if given). */
enum err surv_results_xlsx(json_t *results, json_t *rows, const char *lang,
    struct buf *out, struct errinfo *ei);

/* SVG horizontal bar chart of the per-question satisfaction rates with
 * their CI whiskers and the threshold as a vertical line; text escaped;
 * width in px (height follows the number of questions).  Width 200..4000
 * and results with a "questions" array, else ERR_INVALID; the overall
 * rate is the first bar, questions with "counts" false are left out.
 * Numbers are written with lang's decimal mark (core/numfmt.h). */
enum err surv_rates_svg(json_t *results, int width, const char *lang,
    struct buf *out, struct errinfo *ei);

/* The message key of the name of a campaign's state ("open" ->
 * "surv_state_open"), for msg_get; an unknown state is returned as it
 * is. */
const char *surv_state_key(const char *state);

#endif
