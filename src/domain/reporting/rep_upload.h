/*
 * rep_upload.h - report forms as files for the web (docs/REPORTING.md,
 * section 9): a unit's report, or the reports of a province's communes,
 * as the Excel template of rep_xlsx.h or as CSV, filled with the stored
 * values; and a filled workbook uploaded back, stored all or nothing.
 *
 * Downloads read; an upload is ONE transaction: every report of the file
 * goes through rep_report_put_in (the same checks, history, maintained
 * aggregates and audit entry as a save through the API), or nothing is
 * stored and every problem is listed, each bad cell by sheet, cell, row,
 * column and unit.  Who may store what is the caller's to say (allow):
 * this module never decides access, it asks for every unit of the file
 * before anything is written.
 */
#ifndef NTM_DOMAIN_REP_UPLOAD_H
#define NTM_DOMAIN_REP_UPLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/audit/audit.h"
#include "domain/reporting/rep_xlsx.h"
#include "domain/units/units.h"

/* What a file of a form for a period holds: the form (newest version),
 * the unit of the request, and its value columns (the unit itself, or
 * with communes each commune directly below it, in code order). */
struct rep_file {
	const struct rep_form *f;
	struct unit unit;
	struct rep_period period;
	char period_text[REP_PERIOD_TEXT];
	bool communes;
	struct rep_xlsx_unit *units;	/* n, in the arena */
	size_t n;
	/* "bao-cao-tien-do-thang-2026-07-xa-soc-son": the file name without
	 * its extension, ASCII (Vietnamese folded), for Content-Disposition */
	const char *name;
};

/*
 * Load what the file of form_id for (structure, code) and period holds.
 * ERR_NOTFOUND naming "form" or "code"; ERR_INVALID naming "period" (not
 * one of the form's) or "code" (another structure; a level that does not
 * fill the form; with communes, a unit without communes that fill it).
 */
enum err rep_file_load(struct db *db, struct arena *a, const char *form_id,
    const char *structure, const char *code, const char *period,
    bool communes, struct rep_file *out, struct errinfo *ei);

/* The workbook (rep_xlsx_write) appended to out. */
enum err rep_file_xlsx(const struct rep_file *rf, const char *lang,
    struct buf *out, struct errinfo *ei);

/*
 * The CSV (rep_csv.c) appended to out: UTF-8 with a BOM (Excel then reads
 * Vietnamese right), CRLF lines, RFC 4180 quoting.  Columns: slot, label,
 * category, value - with communes, unit and unit_name first.  One line
 * per slot the unit's level fills (totals and computed figures included);
 * numbers plain ("1500000000", "91.5": no grouping, a decimal point),
 * yes/no as 1/0, texts as typed, an empty value empty.  Labels in lang.
 */
enum err rep_file_csv(const struct rep_file *rf, const char *lang,
    struct buf *out, struct errinfo *ei);

/*
 * Who may store the report of (structure, code): true with *actor set to
 * the binding that admits it (the audit trail names it), false when the
 * unit is outside the uploader's scope.
 */
typedef bool (*rep_upload_allow_fn)(void *ctx, const char *structure,
    const char *code, struct audit_actor *actor);

/* Problems an upload may list (beyond the cap they are counted). */
#define REP_UPLOAD_PROBLEMS_MAX	1000

/*
 * Store the workbook data[0..len) of form_id: every report in it, or none.
 * period (may be NULL): every column must be of that period.  On success
 * *out (new reference) is {form: {id, version}, stored, reports: [{unit:
 * {structure, code, name}, period, changed: {slot: value}, warnings}]}.
 * On any problem nothing is stored; the first is in ei, every one in pr
 * (field "file", the message naming the sheet and the cell, and the unit
 * when a cell belongs to one) and, when a cell is known, in *cells (new
 * reference or NULL): [{sheet, cell, row, column, unit: {ref, name} or
 * null, period, code, message}], message in lang.  Kinds: what xlsxread
 * refuses (415 not a workbook, 413 past a limit, 422 bad content), 422
 * for bad cells and markers or a file of another form or period, 403
 * (auth.out_of_scope) for a unit outside the uploader's scope, 409
 * (reporting.approved) for an approved report.
 */
enum err rep_upload_store(struct db *db, const char *form_id,
    const char *period, const void *data, size_t len,
    rep_upload_allow_fn allow, void *allow_ctx, const char *lang,
    json_t **out, json_t **cells, struct rep_problems *pr,
    struct errinfo *ei);

#endif
