/*
 * rep_xlsx.h - report forms as Excel workbooks, both ways (docs/REPORTING.md,
 * "Excel").  Pure: no database, no HTTP; the store and the web layer call
 * these with a form they loaded and the units they resolved.
 *
 * Writing (rep_xlsx_write): one sheet laid out like an official report form
 * - the form's title, the reporting unit and period in words, then one row
 * per element under its group (a broken-down element's categories as
 * indented rows below its total), columns STT, chỉ tiêu, đơn vị tính and
 * one value column per unit (a commune's template has one; a province's
 * has one per commune, so a commune's column pastes into the province's).
 * Computed cells (breakdown totals, formulas) are Excel formulas, locked
 * with the automatic elements and the elements a unit's level does not
 * fill; the sheet is protected (no password) with the input cells
 * unlocked.  Hidden markers say what each row and column is, so an upload
 * is mapped back by them and never by the visible layout:
 *
 *	A1 "ntm-report/1", B1 the form id, C1 its version;
 *	row 1 from column E: the unit ref of each value column ("2025:00376"),
 *	row 2: its period ("2026-07"), row 3: its level ("commune");
 *	column A from row 4: the slot of each row ("capital_allocated.central").
 *
 * Rows 1-3 and column A are hidden and locked.
 *
 * Reading (rep_xlsx_read): every sheet whose A1 is the marker is read
 * (several sheets, each a template, may come in one workbook), through
 * domain/xlsxfile/xlsxread.h only.  For each value column: its unit ref,
 * level and period from the markers, the values of its input cells as the
 * engine reads them (rep_values_from_json), derived cells checked against
 * what the engine computes from those inputs, and the form's blocking rules.
 * EVERY bad cell is a problem naming the sheet and the cell ("trang “Báo
 * cáo”, ô E14: Vốn đã giao — Ngân sách trung ương: không thể là số âm");
 * with any problem the result is empty and the caller stores nothing.
 */
#ifndef NTM_DOMAIN_REP_XLSX_H
#define NTM_DOMAIN_REP_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "domain/reporting/reporting.h"
#include "domain/xlsxfile/xlsxread.h"

#define REP_XLSX_FORMAT		"ntm-report/1"	/* A1 of every template sheet */
#define REP_XLSX_UNITS_MAX	1000	/* value columns of one sheet */
#define REP_XLSX_FIRST_COL	5	/* E: the first value column */
#define REP_XLSX_FIRST_ROW	4	/* the first row column A may mark */

/* One value column of a template: a unit, its level, the period, and its
 * values (computed, n_slots; NULL for an empty template). */
struct rep_xlsx_unit {
	const char *name;	/* as people read it: "Xã Sóc Sơn" */
	const char *ref;	/* "2025:00376" */
	const char *level;	/* "commune", "province"... */
	struct rep_period period;
	const struct rep_value *vals;
};

struct rep_xlsx_options {
	/* The heading's unit line when there are several units (the
	 * province's name); NULL: their number only. */
	const char *scope_name;
};

/*
 * The template of form f for units[0..n) (1 to REP_XLSX_UNITS_MAX) in
 * lang, appended to out.  opt may be NULL.  ERR_INVALID
 * "reporting.xlsx_units" for n out of range, "reporting.xlsx_unit" for a
 * unit without ref or a level the form has not (field "units");
 * xlsxfile's errors (ERR_LIMIT past out's maximum, ERR_SYS).
 */
enum err rep_xlsx_write(const struct rep_form *f, const char *lang,
    const struct rep_xlsx_unit *units, size_t n,
    const struct rep_xlsx_options *opt, struct buf *out, struct errinfo *ei);

/* One report found in an upload. */
struct rep_xlsx_report {
	const char *sheet;	/* the sheet it was read from */
	uint32_t col;		/* its value column (5 = E) */
	const char *unit_ref;	/* as the marker says: the caller checks that
				 * the unit exists, has this level and is in
				 * the uploader's scope */
	const char *level;
	struct rep_period period;
	/* {"<slot>": value or null} for every input slot the level fills:
	 * the whole report as the sheet shows it (an empty cell clears);
	 * rep_values_from_json(f, level, values, ...) reads it again. */
	json_t *values;
	struct rep_value *vals;	/* the same, computed (n_slots, in the arena) */
};

struct rep_xlsx_result {
	struct rep_xlsx_report *reports;	/* in sheet, then column order */
	size_t n;
};
void rep_xlsx_result_free(struct rep_xlsx_result *r);

/*
 * The form id and version a workbook's first marked sheet names (id holds
 * REP_ID_MAX + 1 bytes), so that a caller loads that version of the form
 * before rep_xlsx_read_book.  ERR_INVALID "reporting.xlsx_no_marker"
 * (field "file") when no sheet carries the marker or it names no form.
 */
enum err rep_xlsx_marker(const struct xlsx_book *b, char *id, int *version,
    struct errinfo *ei);

/*
 * Read a workbook already read by xlsx_read against form f.  On success
 * res holds every report (free with rep_xlsx_result_free); on any problem
 * res is empty, the first problem is in ei and every one in
 * pr (may be NULL), each naming the sheet and the cell, field "file";
 * the first problem's kind is returned (ERR_INVALID, or ERR_LIMIT).
 * Codes: reporting.xlsx_no_marker (no template sheet),
 * .xlsx_units (ERR_LIMIT: more than REP_XLSX_UNITS_MAX unit columns),
 * .xlsx_wrong_form (another form or version), .xlsx_slot (a row marker
 * missing, unknown or twice), .xlsx_unit (a unit marker missing or
 * twice, a value in a column without one), .xlsx_period and .xlsx_level
 * (a period or level marker missing or not the form's), .xlsx_formula (a
 * formula in an input cell), .xlsx_error (an Excel error value),
 * .xlsx_computed (a computed cell that differs from what its inputs give),
 * and the engine's own value codes (reporting.bad_value, .bad_number,
 * .negative, .not_whole, .out_of_range, .too_long, .not_for_level,
 * .rule_violated).  Values in a is where vals and texts live.
 */
enum err rep_xlsx_read_book(const struct rep_form *f,
    const struct xlsx_book *b, struct arena *a, struct rep_xlsx_result *res,
    struct rep_problems *pr, struct errinfo *ei);

/*
 * xlsx_read (default limits, field "file") then rep_xlsx_read_book.  A
 * file that is not a workbook, past a limit or malformed keeps xlsxread's
 * error and kind (415 "xlsx.not_xlsx", 413 "xlsx.too_large", 422
 * "xlsx.bad_*"), also put in pr.
 */
enum err rep_xlsx_read(const struct rep_form *f, const void *data,
    size_t len, struct arena *a, struct rep_xlsx_result *res,
    struct rep_problems *pr, struct errinfo *ei);

#endif
