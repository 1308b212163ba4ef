/*
 * rep_upload.c - report forms as files: what a downloaded template or CSV
 * holds (the form, the unit or a province's communes, their stored
 * values), and a filled workbook stored back all or nothing.  See
 * rep_upload.h and docs/REPORTING.md section 9.
 *
 * The upload reads the file once (xlsxread under its limits), learns the
 * form and version it names, reads every cell against that version
 * (rep_xlsx_read_book: every bad cell at once), checks each column's unit
 * (exists, of the level the column says, in the uploader's scope, of the
 * period asked), then stores every report through rep_report_put_in in
 * ONE transaction.  Any problem, in the file or in the store, rolls the
 * whole transaction back: nothing of the file is kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/msg.h"
#include "core/text.h"
#include "domain/reporting/rep_internal.h"
#include "domain/reporting/rep_report.h"
#include "domain/reporting/rep_store.h"
#include "domain/reporting/rep_upload.h"

#define FILE_UNITS_LIMIT	(REP_XLSX_UNITS_MAX + 1)

/* ---- downloads ---- */

/* The stored values of one unit's report (computed) into vals: each
 * literal read as an entered one; a slot the form (its newest version)
 * no longer has is left out. */
static enum err
unit_values(struct db *db, struct arena *a, const struct rep_form *f,
    const char *structure, const char *code, const char *period,
    struct rep_value *vals, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_REP_FILE_VALUES);

	db_bind_text(st, 1, f->id);
	db_bind_text(st, 2, structure);
	db_bind_text(st, 3, code);
	db_bind_text(st, 4, period);
	return rep_report_read_values(db, st, a, f, vals, ei);
}

/* s folded to ASCII words joined by '-' ("Xã Sóc Sơn" -> "xa-soc-son"),
 * at most max bytes, appended to b. */
static enum err
slug_add(struct buf *b, const char *s, size_t max)
{
	struct buf f;
	size_t start = b->len, i;
	bool dash = b->len > 0;
	enum err e;

	buf_init(&f, 4096);
	if ((e = text_fold(s, strlen(s), &f)) != ERR_OK) {
		buf_free(&f);
		return e;
	}
	for (i = 0; i < f.len && b->len - start < max; i++) {
		unsigned char c = (unsigned char)f.data[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && b->len > 0 && (e = buf_putc(b, '-')) !=
			    ERR_OK)
				break;
			dash = false;
			if ((e = buf_putc(b, (char)c)) != ERR_OK)
				break;
		} else if (c >= 'A' && c <= 'Z') {
			if (dash && b->len > 0 && (e = buf_putc(b, '-')) !=
			    ERR_OK)
				break;
			dash = false;
			if ((e = buf_putc(b, (char)(c - 'A' + 'a'))) != ERR_OK)
				break;
		} else
			dash = true;
	}
	buf_free(&f);
	return e;
}

/* "bao-cao-<form id without ntm->-<period>-<unit>[-cac-xa]" */
static const char *
file_name(struct arena *a, const struct rep_file *rf)
{
	const char *id = rf->f->id;
	const char *name;
	struct buf b;

	if (strncmp(id, "ntm-", 4) == 0)
		id += 4;
	if (strncmp(id, "bao-cao-", 8) == 0)
		id += 8;
	buf_init(&b, 1024);
	if (buf_puts(&b, "bao-cao") != ERR_OK ||
	    slug_add(&b, id, 64) != ERR_OK ||
	    slug_add(&b, rf->period_text, 16) != ERR_OK ||
	    slug_add(&b, rf->unit.full_name, 80) != ERR_OK ||
	    (rf->communes && buf_puts(&b, "-cac-xa") != ERR_OK))
		name = "bao-cao";
	else
		name = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return name;
}

/* A value column for unit u, its stored values read. */
static enum err
column_of(struct db *db, struct arena *a, struct rep_file *rf,
    const struct unit *u, struct rep_xlsx_unit *col, struct errinfo *ei)
{
	struct rep_value *vals = rep_values_new(rf->f, a);

	col->name = u->full_name;
	col->ref = arena_printf(a, "%s:%s", u->structure, u->code);
	col->level = u->level;
	col->period = rf->period;
	col->vals = vals;
	return unit_values(db, a, rf->f, u->structure, u->code,
	    rf->period_text, vals, ei);
}

enum err
rep_file_load(struct db *db, struct arena *a, const char *form_id,
    const char *structure, const char *code, const char *period,
    bool communes, struct rep_file *rf, struct errinfo *ei)
{
	struct unit_query q = { 0 };
	struct unit_list kids = { 0 };
	size_t n = strspn(form_id, "abcdefghijklmnopqrstuvwxyz0123456789._-");
	enum err e;

	memset(rf, 0, sizeof(*rf));
	rf->communes = communes;
	if ((e = rep_period_parse(period, "period", &rf->period, ei)) !=
	    ERR_OK)
		return e;
	rep_period_format(&rf->period, rf->period_text);
	if (form_id[n] != '\0' || n == 0 || n > REP_ID_MAX ||
	    (e = rep_form_load(db, form_id, 0, &rf->f, ei)) == ERR_NOTFOUND)
		return err_set(ei, ERR_NOTFOUND, "reporting.unknown_form",
		    "form", "không có biểu mẫu báo cáo này",
		    "there is no such report form");
	if (e != ERR_OK)
		return e;
	if ((e = units_get(db, a, structure, code, &rf->unit, ei)) != ERR_OK)
		return e;
	if ((e = rep_form_period_check(rf->f, &rf->period, "period", ei)) !=
	    ERR_OK)
		return e;
	if (strcmp(rf->unit.structure, rf->f->structure) != 0)
		return err_set(ei, ERR_INVALID, "reporting.wrong_structure",
		    "code", "biểu mẫu '%s' dành cho đơn vị theo cấu trúc %s, "
		    "không phải %s", "the form '%s' is for units of the %s "
		    "structure, not %s", rf->f->title, rf->f->structure,
		    rf->unit.structure);
	if (!communes) {
		if (!rep_form_filled_by(rf->f, rf->unit.level))
			return err_set(ei, ERR_INVALID, "reporting.wrong_level",
			    "code", "%s không lập biểu mẫu '%s' (cấp %s)",
			    "%s does not fill the form '%s' (%s level)",
			    rf->unit.full_name, rf->f->title, rf->unit.level);
		rf->units = arena_alloc(a, sizeof(*rf->units));
		rf->n = 1;
		if ((e = column_of(db, a, rf, &rf->unit, rf->units, ei)) !=
		    ERR_OK)
			return e;
		rf->name = file_name(a, rf);
		return ERR_OK;
	}
	q.structure = rf->unit.structure;
	q.parent = rf->unit.code;
	q.level = "commune";
	q.limit = FILE_UNITS_LIMIT;
	if (!rep_form_filled_by(rf->f, "commune") ||
	    (e = units_list(db, a, &q, &kids, ei)) != ERR_OK || kids.n == 0)
		return e != ERR_OK ? e : err_set(ei, ERR_INVALID,
		    "reporting.no_communes", "code", "%s không có xã, phường "
		    "nào lập biểu mẫu '%s'", "%s has no communes that fill the "
		    "form '%s'", rf->unit.full_name, rf->f->title);
	if (kids.n > REP_XLSX_UNITS_MAX)
		return err_set(ei, ERR_LIMIT, "reporting.xlsx_units", "code",
		    "%s có quá %d xã, phường cho một tệp",
		    "%s has more than %d communes for one file",
		    rf->unit.full_name, REP_XLSX_UNITS_MAX);
	rf->units = arena_alloc(a, kids.n * sizeof(*rf->units));
	rf->n = kids.n;
	for (size_t i = 0; i < kids.n; i++)
		if ((e = column_of(db, a, rf, &kids.items[i], &rf->units[i],
		    ei)) != ERR_OK)
			return e;
	rf->name = file_name(a, rf);
	return ERR_OK;
}

enum err
rep_file_xlsx(const struct rep_file *rf, const char *lang, struct buf *out,
    struct errinfo *ei)
{
	struct rep_xlsx_options opt = { .scope_name = rf->communes ?
	    rf->unit.full_name : NULL };

	return rep_xlsx_write(rf->f, lang, rf->units, rf->n, &opt, out, ei);
}

/* ---- uploads ---- */

/* What the upload knows of one report of the file. */
struct up_report {
	struct unit u;
	struct audit_actor actor;
	const char *name;	/* the unit as people read it, or its ref */
};

struct upload {
	struct db *db;
	struct arena *a;
	const struct rep_form *f;
	const struct xlsx_book *book;
	const char *lang;
	struct rep_problems *pr;
	json_t *cells;
	enum err first;
	struct errinfo *ei;
};

/* The sheet named name, or NULL. */
static const struct xlsx_sheet *
sheet_named(const struct xlsx_book *b, const char *name)
{
	for (size_t i = 0; b != NULL && i < b->nsheets; i++)
		if (strcmp(b->sheets[i].name, name) == 0)
			return &b->sheets[i];
	return NULL;
}

/* The text of a marker cell, or NULL. */
static const char *
marker_text(const struct xlsx_sheet *s, uint32_t row, uint32_t col)
{
	const struct xlsx_cell *c = s != NULL ? xlsx_cell(s, row, col) : NULL;

	return c != NULL && c->kind == XLSX_TEXT && !c->formula ? c->text :
	    NULL;
}

/* "AB12" -> row 12, column 28; false if not a cell reference. */
static bool
cell_parse(const char *ref, uint32_t *row, uint32_t *col)
{
	uint32_t c = 0, r = 0;
	const char *p = ref;

	while (*p >= 'A' && *p <= 'Z' && c < 100000)
		c = c * 26 + (uint32_t)(*p++ - 'A' + 1);
	if (p == ref || *p < '1' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9' && r < 10000000)
		r = r * 10 + (uint32_t)(*p++ - '0');
	*row = r;
	*col = c;
	return *p == '\0';
}

/* The row of slot in sheet s (column A's markers), or 0. */
static uint32_t
slot_row(const struct xlsx_sheet *s, const char *slot)
{
	for (size_t i = 0; s != NULL && i < s->ncells; i++) {
		const struct xlsx_cell *c = &s->cells[i];

		if (c->col == 1 && c->row >= REP_XLSX_FIRST_ROW &&
		    c->kind == XLSX_TEXT && strcmp(c->text, slot) == 0)
			return c->row;
	}
	return 0;
}

/* The unit named by a column's marker, as people read it (or the ref). */
static json_t *
unit_of_column(struct upload *up, const struct xlsx_sheet *s, uint32_t col)
{
	const char *ref = col >= REP_XLSX_FIRST_COL ? marker_text(s, 1, col) :
	    NULL;
	const char *st, *code, *name = NULL;
	struct unit u;
	struct errinfo skip;

	if (ref == NULL)
		return json_null();
	if (units_split_ref(up->a, ref, &st, &code) &&
	    units_get(up->db, up->a, st, code, &u, &skip) == ERR_OK)
		name = u.full_name;
	return json_pack("{s:s, s:s?}", "ref", ref, "name", name);
}

/* Note one problem; with a cell, also in cells. */
static void
note(struct upload *up, struct errinfo *one, const struct xlsx_sheet *s,
    uint32_t row, uint32_t col)
{
	rep_problem_add(up->pr, one);
	if (up->first == ERR_OK) {
		up->first = one->err;
		if (up->ei != NULL)
			*up->ei = *one;
	}
	if (s != NULL && row > 0 && col > 0) {
		char ref[16], letters[16];
		size_t k = 0;
		json_t *cell;

		xlsx_cell_ref(row, col, ref);
		while (ref[k] >= 'A' && ref[k] <= 'Z' && k < sizeof(letters) - 1)
			k++;
		memcpy(letters, ref, k);
		letters[k] = '\0';
		cell = json_pack("{s:s, s:s, s:i, s:s, s:o, s:s?, s:s, s:s}",
		    "sheet", s->name, "cell", ref, "row", (int)row, "column",
		    letters, "unit", unit_of_column(up, s, col), "period",
		    col >= REP_XLSX_FIRST_COL ? marker_text(s, 2, col) : NULL,
		    "code", one->code, "message", err_message(one, up->lang));
		if (cell != NULL)
			json_array_append_new(up->cells, cell);
	}
}

/* Where a reader's problem is: its message starts "sheet “S”, cell E14: "
 * (rep_xlsx.c); the sheet and the cell, else none. */
static void
reader_problem(struct upload *up, struct errinfo *one)
{
	static const char head[] = "sheet \xe2\x80\x9c", mid[] =
	    "\xe2\x80\x9d, cell ";
	const char *m = one->message_en, *end, *c;
	char sheet[128], ref[16];
	const struct xlsx_sheet *s = NULL;
	uint32_t row = 0, col = 0;
	size_t n;

	if (strncmp(m, head, sizeof(head) - 1) == 0 &&
	    (end = strstr(m + sizeof(head) - 1, mid)) != NULL &&
	    (size_t)(end - m) - (sizeof(head) - 1) < sizeof(sheet)) {
		n = (size_t)(end - m) - (sizeof(head) - 1);
		memcpy(sheet, m + sizeof(head) - 1, n);
		sheet[n] = '\0';
		c = end + sizeof(mid) - 1;
		n = strcspn(c, ":");
		if (n < sizeof(ref)) {
			memcpy(ref, c, n);
			ref[n] = '\0';
			if (cell_parse(ref, &row, &col))
				s = sheet_named(up->book, sheet);
		}
	}
	note(up, one, s, row, col);
}

/* A problem of one report (its unit named first), at its slot's cell
 * when the field names one ("values.<slot>"). */
static void
report_problem(struct upload *up, const struct rep_xlsx_report *rp,
    const char *unit_name, struct errinfo *one)
{
	const struct xlsx_sheet *s = sheet_named(up->book, rp->sheet);
	uint32_t row = 0;
	char ref[16];

	if (strncmp(one->field, "values.", 7) == 0)
		row = slot_row(s, one->field + 7);
	else if (strcmp(one->field, "period") == 0)
		row = 2;
	else if (strcmp(one->field, "code") == 0)
		row = 1;
	if (row > 0) {
		xlsx_cell_ref(row, rp->col, ref);
		err_prefix(one, "trang “%s”, ô %s: ", "sheet “%s”, cell %s: ",
		    rp->sheet, ref);
	}
	err_prefix(one, "%s: ", "%s: ", unit_name);
	snprintf(one->field, sizeof(one->field), "file");
	note(up, one, row > 0 ? s : NULL, row, rp->col);
}

/* Is every input cell of the column empty?  Such a column (a commune of
 * a province's template that has not reported) is not stored. */
static bool
blank_report(const struct rep_xlsx_report *rp)
{
	const char *k;
	json_t *v;

	json_object_foreach(rp->values, k, v)
		if (!json_is_null(v))
			return false;
	return true;
}

/* Check every report's unit before anything is written: it exists, has
 * the column's level, is of the period asked, is in the uploader's scope.
 * Returns false after a problem (noted). */
static bool
check_units(struct upload *up, const struct rep_xlsx_result *res,
    const char *period, rep_upload_allow_fn allow, void *actx,
    struct up_report *ur)
{
	bool ok = true;

	for (size_t i = 0; i < res->n; i++) {
		const struct rep_xlsx_report *rp = &res->reports[i];
		const struct xlsx_sheet *s = sheet_named(up->book, rp->sheet);
		const char *st, *code;
		char text[REP_PERIOD_TEXT];
		struct errinfo one;

		ur[i].name = rp->unit_ref;
		if (blank_report(rp))
			continue;
		if (!units_split_ref(up->a, rp->unit_ref, &st, &code) ||
		    units_get(up->db, up->a, st, code, &ur[i].u, &one) !=
		    ERR_OK) {
			err_set(&one, ERR_INVALID, "reporting.xlsx_unit", "file",
			    "không có đơn vị %.40s", "there is no unit %.40s",
			    rp->unit_ref);
			report_problem(up, rp, rp->unit_ref, &one);
			ok = false;
			continue;
		}
		ur[i].name = ur[i].u.full_name;
		if (strcmp(ur[i].u.level, rp->level) != 0) {
			err_set(&one, ERR_INVALID, "reporting.xlsx_level",
			    "file", "cột ghi cấp %.20s nhưng đơn vị ở cấp %s",
			    "the column says level %.20s but the unit is of "
			    "level %s", rp->level, ur[i].u.level);
			note(up, &one, s, 3, rp->col);
			ok = false;
		}
		rep_period_format(&rp->period, text);
		if (period != NULL && strcmp(period, text) != 0) {
			err_set(&one, ERR_INVALID, "reporting.xlsx_period",
			    "file", "%s: cột là kỳ %s, không phải kỳ %.10s đang "
			    "tải lên", "%s: the column is for %s, not the period "
			    "%.10s being uploaded", ur[i].name, text, period);
			note(up, &one, s, 2, rp->col);
			ok = false;
		}
	}
	if (!ok)
		return false;
	/* Scope last: a unit that does not exist is a bad file, not a
	 * refusal; every unit outside the scope is named. */
	for (size_t i = 0; i < res->n; i++) {
		struct errinfo one;

		if (blank_report(&res->reports[i]) || allow(actx, ur[i].u.structure, ur[i].u.code,
		    &ur[i].actor))
			continue;
		err_set(&one, ERR_FORBIDDEN, "auth.out_of_scope", "file",
		    "%s nằm ngoài phạm vi của bạn: tệp không được lưu",
		    "%s is outside your scope: the file was not stored",
		    ur[i].name);
		note(up, &one, sheet_named(up->book, res->reports[i].sheet), 1,
		    res->reports[i].col);
		ok = false;
	}
	return ok;
}

/* The aggregate changes of an upload, added up per scope (form version,
 * unit, period) and written once each: a province's 100 communes make
 * one row per slot of the province, not 100. */
struct agg_scope {
	const struct rep_form *f;
	const char *structure, *code, *period;
	struct rep_acc *acc;
};

struct agg_batch {
	struct rep_agg_sink sink;	/* first: the callback's pointer */
	struct arena *a;
	struct agg_scope *items;
	size_t n, cap;
};

static enum err
batch_add(struct rep_agg_sink *sink, const struct rep_form *f,
    const char *structure, const char *code, const char *period,
    const struct rep_acc *acc, struct errinfo *ei)
{
	struct agg_batch *b = (struct agg_batch *)sink;
	struct agg_scope *sc = NULL;

	(void)ei;
	for (size_t i = b->n; i > 0 && sc == NULL; i--)
		if (b->items[i - 1].f == f &&
		    strcmp(b->items[i - 1].code, code) == 0 &&
		    strcmp(b->items[i - 1].structure, structure) == 0 &&
		    strcmp(b->items[i - 1].period, period) == 0)
			sc = &b->items[i - 1];
	if (sc == NULL) {
		if (b->n == b->cap) {
			size_t cap = b->cap ? 2 * b->cap : 64;
			struct agg_scope *n = arena_alloc(b->a, cap *
			    sizeof(*n));

			if (b->n > 0)
				memcpy(n, b->items, b->n * sizeof(*n));
			b->items = n;
			b->cap = cap;
		}
		sc = &b->items[b->n++];
		sc->f = f;
		sc->structure = arena_strdup(b->a, structure);
		sc->code = arena_strdup(b->a, code);
		sc->period = arena_strdup(b->a, period);
		sc->acc = rep_acc_new(f, b->a);
	}
	rep_acc_merge(f, sc->acc, acc);
	return ERR_OK;
}

/* Write every scope's added-up change (rep_agg_add: the database adds). */
static enum err
batch_flush(struct db *db, const struct agg_batch *b, struct errinfo *ei)
{
	char name[REP_SLOT_NAME], num[40], den[40];
	enum err e;

	for (size_t i = 0; i < b->n; i++) {
		const struct agg_scope *sc = &b->items[i];

		for (size_t s = 0; s < sc->f->n_slots; s++) {
			struct db_stmt *st;
			const struct rep_acc *x = &sc->acc[s];

			if (x->n == 0 && x->num == 0 && x->den == 0)
				continue;
			st = db_stmt(db, STMT_REP_AGG_ADD);
			db_bind_text(st, 1, sc->f->id);
			db_bind_text(st, 2, sc->structure);
			db_bind_text(st, 3, sc->code);
			db_bind_text(st, 4, sc->period);
			db_bind_text(st, 5, rep_slot_name(sc->f, s, name,
			    sizeof(name)));
			snprintf(num, sizeof(num), "%.17g", x->num);
			snprintf(den, sizeof(den), "%.17g", x->den);
			db_bind_text(st, 6, num);
			db_bind_text(st, 7, den);
			db_bind_int(st, 8, x->n);
			if ((e = db_exec(st, ei)) != ERR_OK)
				return e;
		}
	}
	return ERR_OK;
}

/* Store every report (the caller's transaction); problems noted. */
static enum err
store_all(struct upload *up, const struct rep_xlsx_result *res,
    const struct up_report *ur, json_t *reports, struct errinfo *ei)
{
	struct agg_batch batch = { .sink = { .add = batch_add }, .a = up->a };
	struct rep_problems one_pr;
	enum err e = ERR_OK;

	for (size_t i = 0; i < res->n; i++) {
		const struct rep_xlsx_report *rp = &res->reports[i];
		struct rep_problems warn;
		json_t *changed = json_object();
		char text[REP_PERIOD_TEXT];
		struct errinfo one;

		if (blank_report(rp)) {
			json_decref(changed);
			continue;
		}
		rep_problems_init(&one_pr, up->a, 64);
		rep_period_format(&rp->period, text);
		e = rep_report_put_in(up->db, &ur[i].actor, up->f->id,
		    ur[i].u.structure, ur[i].u.code, text, rp->values, up->lang,
		    changed, &batch.sink, &one_pr, &one);
		if (e == ERR_INVALID || e == ERR_CONFLICT ||
		    e == ERR_NOTFOUND) {
			if (one_pr.n == 0)
				rep_problem_add(&one_pr, &one);
			for (size_t k = 0; k < one_pr.n; k++)
				report_problem(up, rp, ur[i].name,
				    &one_pr.items[k]);
			json_decref(changed);
			e = ERR_OK;	/* the others are checked too */
			continue;
		}
		if (e != ERR_OK) {
			*ei = one;
			json_decref(changed);
			return e;
		}
		rep_problems_init(&warn, up->a, 32);
		rep_validate(up->f, ur[i].u.level, rp->vals, false, up->a, NULL,
		    NULL, &warn, &one);
		json_array_append_new(reports, json_pack("{s:{s:s, s:s, s:s}, "
		    "s:s, s:o, s:o}", "unit", "structure", ur[i].u.structure,
		    "code", ur[i].u.code, "name", ur[i].u.full_name, "period",
		    text, "changed", changed, "warnings",
		    rep_problems_json(&warn)));
	}
	if (e == ERR_OK && up->first == ERR_OK)
		e = batch_flush(up->db, &batch, ei);
	return e;
}

enum err
rep_upload_store(struct db *db, const char *form_id, const char *period,
    const void *data, size_t len, rep_upload_allow_fn allow, void *actx,
    const char *lang, json_t **out, json_t **cells, struct rep_problems *pr,
    struct errinfo *ei)
{
	struct xlsx_limits lim = XLSX_LIMITS_DEFAULT;
	struct xlsx_book b = { 0 };
	struct rep_xlsx_result res = { 0 };
	struct upload up = { .db = db, .lang = lang, .pr = pr, .ei = ei };
	struct up_report *ur;
	struct errinfo one;
	char id[REP_ID_MAX + 1];
	int version;
	json_t *reports = NULL;
	enum err e;

	*out = NULL;
	*cells = NULL;
	up.a = arena_new(64 * 1024);
	up.cells = json_array();
	if ((e = xlsx_read(data, len, &lim, &b, &one)) != ERR_OK) {
		note(&up, &one, NULL, 0, 0);
		goto done;
	}
	up.book = &b;
	if ((e = rep_xlsx_marker(&b, id, &version, &one)) != ERR_OK) {
		note(&up, &one, NULL, 0, 0);
		goto done;
	}
	if (strcmp(id, form_id) != 0 || (e = rep_form_load(db, id, version,
	    &up.f, &one)) == ERR_NOTFOUND) {
		err_set(&one, ERR_INVALID, "reporting.xlsx_wrong_form", "file",
		    "tệp là mẫu của biểu mẫu '%s' phiên bản %d, không phải "
		    "của biểu mẫu '%.64s' đang tải lên: hãy tải đúng mẫu",
		    "the file is a template of the form '%s' version %d, not "
		    "of the form '%.64s' being uploaded: download the right "
		    "template", id, version, form_id);
		note(&up, &one, &b.sheets[0], 1, 2);
		e = ERR_INVALID;
		goto done;
	}
	if (e != ERR_OK) {
		*ei = one;
		goto done;
	}
	{
		struct rep_problems rp;

		rep_problems_init(&rp, up.a, REP_UPLOAD_PROBLEMS_MAX);
		if ((e = rep_xlsx_read_book(up.f, &b, up.a, &res, &rp,
		    &one)) != ERR_OK) {
			for (size_t i = 0; i < rp.n; i++)
				reader_problem(&up, &rp.items[i]);
			if (pr != NULL)
				pr->more += rp.more;
			goto done;
		}
	}
	{
		size_t filled = 0;

		for (size_t i = 0; i < res.n; i++)
			filled += !blank_report(&res.reports[i]);
		if (filled == 0) {
			err_set(&one, ERR_INVALID, "reporting.xlsx_empty", "file",
			    "tệp không có số liệu nào để lưu: hãy điền vào cột "
			    "của đơn vị", "the file has no figure to store: fill "
			    "in the unit's column");
			note(&up, &one, NULL, 0, 0);
			e = ERR_INVALID;
			goto done;
		}
	}
	ur = arena_alloc(up.a, res.n * sizeof(*ur));
	if (!check_units(&up, &res, period, allow, actx, ur)) {
		e = up.first;
		goto done;
	}
	reports = json_array();
	db_end_reads(db);
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	e = store_all(&up, &res, ur, reports, ei);
	if (e == ERR_OK && up.first != ERR_OK)
		e = up.first;
	e = db_finish(db, e, ei);
	if (e == ERR_OK)
		*out = json_pack("{s:{s:s, s:i}, s:i, s:O}", "form", "id",
		    up.f->id, "version", up.f->version, "stored",
		    (int)json_array_size(reports),
		    "reports", reports);
	else if (up.first != ERR_OK)
		e = up.first;
done:
	json_decref(reports);
	rep_xlsx_result_free(&res);
	if (up.book != NULL)
		xlsx_free(&b);
	if (json_array_size(up.cells) > 0)
		*cells = up.cells;
	else
		json_decref(up.cells);
	arena_free(up.a);
	return e;
}
