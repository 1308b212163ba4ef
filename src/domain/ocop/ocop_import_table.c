/*
 * ocop_import_table.c - a province's OCOP list read into rows of text
 * (ocop_import_table.h).  CSV goes through the one streaming reader
 * (core/csv.h), XLSX through the one workbook reader (xlsxread.h, as the
 * reports' uploads do); nothing here unzips or parses XML.  What a
 * spreadsheet does to typed cells is undone where it is unambiguous: a
 * commune code typed as a number loses its leading zeros (376 is "00376"),
 * and a date cell is a day number (45658 is "2025-01-01").
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/text.h"
#include "domain/ocop/ocop_import_table.h"
#include "domain/xlsxfile/xlsxread.h"

const char *const oi_col_names[OI__COLS] = { "product_name",
	"producer_name", "producer_type", "structure", "commune_code", "group",
	"stars", "certificate_no", "issued", "expires" };

#define COMMUNE_DIGITS	5	/* a commune code: "00376" */
#define EXCEL_EPOCH	25569	/* Excel's day number of 1970-01-01 */

/* s without the spaces around it, in NFC (what ntm stores: a keyboard
 * may have typed it decomposed), in a. */
static const char *
trimmed(struct arena *a, const char *s)
{
	const char *out;
	struct buf b;
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	buf_init(&b, 4 * n + 16);
	if (n == 0 || text_nfc(s, n, &b) != ERR_OK || b.data == NULL)
		out = arena_strndup(a, s, n);	/* the readers checked UTF-8 */
	else
		out = arena_strndup(a, b.data, b.len);
	buf_free(&b);
	return out;
}

/* Is the trimmed header cell h the column name (any case)? */
static bool
names(const char *h, const char *name)
{
	return strcasecmp(h, name) == 0;
}

/* Map the header's cells (n of them, by get) to the columns; every missing
 * column is named in one refusal. */
static enum err
map_header(struct arena *a, const char *name, size_t n,
    const char *(*get)(const void *, size_t), const void *src, int *idx,
    struct oi_table *t, struct errinfo *ei)
{
	char missing[256] = "";
	size_t m = 0;

	for (int c = 0; c < OI__COLS; c++) {
		idx[c] = -1;
		for (size_t i = 0; i < n && idx[c] < 0; i++) {
			const char *h = trimmed(a, get(src, i));

			if (names(h, oi_col_names[c])) {
				idx[c] = (int)i;
				t->header[c] = h;
			}
		}
		if (idx[c] < 0)
			m += (size_t)snprintf(missing + m, m < sizeof missing ?
			    sizeof missing - m : 0, "%s%s", m ? ", " : "",
			    oi_col_names[c]);
		if (m >= sizeof missing)
			m = sizeof missing - 1;
	}
	if (missing[0] == '\0')
		return ERR_OK;
	return err_set(ei, ERR_INVALID, "ocop.import_header", "file",
	    "%s: dòng 1 thiếu cột %s (dòng tiêu đề cần: product_name, "
	    "producer_name, producer_type, structure, commune_code, group, "
	    "stars, certificate_no, issued, expires)",
	    "%s: row 1 lacks the column %s (the header row needs: product_name, "
	    "producer_name, producer_type, structure, commune_code, group, "
	    "stars, certificate_no, issued, expires)", name, missing);
}

static bool
blank_row(const struct oi_row *r)
{
	for (int c = 0; c < OI__COLS; c++)
		if (r->cell[c][0] != '\0')
			return false;
	return true;
}

static enum err
too_many(const char *name, struct errinfo *ei)
{
	return err_set(ei, ERR_LIMIT, "ocop.import_too_large", "file",
	    "%s: quá %d dòng", "%s: more than %d rows", name, OI_ROWS_MAX);
}

/* ---- CSV ------------------------------------------------------------------ */

static const char *
csv_get(const void *src, size_t i)
{
	return ((const struct csv_record *)src)->fields[i];
}

/* The CSV reader's own errors (invalid UTF-8, an unclosed quote) leave
 * the field empty: they are about the uploaded file, so name it (found by
 * fuzz_ocop_import_table, issue 21). */
static enum err
csv_failed(struct errinfo *ei)
{
	if (ei && !ei->field[0])
		snprintf(ei->field, sizeof ei->field, "%s", "file");
	return ei ? ei->err : ERR_INVALID;
}

static enum err
read_csv(struct arena *a, const void *data, size_t len, const char *name,
    struct oi_table *t, struct errinfo *ei)
{
	/* fmemopen reads a copy: its buffer is not const */
	char *copy = arena_strndup(a, data, len);
	struct csv_record rec;
	struct csv_reader *r;
	int idx[OI__COLS], rc;
	size_t cap = 0;
	FILE *f;
	enum err e = ERR_OK;

	if ((f = fmemopen(copy, len, "r")) == NULL)
		return err_set(ei, ERR_SYS, "ocop.import_read", "file",
		    "%s: không đọc được tệp", "%s: the file cannot be read",
		    name);
	r = csv_reader_new(f, name);
	if ((rc = csv_read(r, &rec, ei)) != 1) {
		e = rc == 0 ? err_set(ei, ERR_INVALID, "ocop.import_empty",
		    "file", "%s: tệp trống", "%s: the file is empty", name) :
		    csv_failed(ei);
		goto out;
	}
	if ((e = map_header(a, name, rec.nfields, csv_get, &rec, idx, t,
	    ei)) != ERR_OK)
		goto out;
	while ((rc = csv_read(r, &rec, ei)) == 1) {
		struct oi_row row = { .line = rec.line };

		for (int c = 0; c < OI__COLS; c++)
			row.cell[c] = (size_t)idx[c] < rec.nfields ?
			    trimmed(a, rec.fields[idx[c]]) : "";
		if (blank_row(&row))
			continue;
		if (t->n == OI_ROWS_MAX) {
			e = too_many(name, ei);
			goto out;
		}
		if (t->n == cap) {
			struct oi_row *grown;

			cap = cap ? cap * 2 : 64;
			grown = arena_alloc(a, cap * sizeof *grown);
			if (t->n > 0)
				memcpy(grown, t->rows, t->n * sizeof *grown);
			t->rows = grown;
		}
		t->rows[t->n++] = row;
	}
	if (rc < 0)
		e = csv_failed(ei);
out:
	csv_reader_free(r);
	fclose(f);
	return e;
}

/* ---- XLSX ----------------------------------------------------------------- */

struct xrow {
	const struct xlsx_sheet *s;
	uint32_t row;
};

static const char *
xlsx_get(const void *src, size_t i)
{
	const struct xrow *x = src;
	const struct xlsx_cell *c = xlsx_cell(x->s, x->row, (uint32_t)i + 1);

	return c != NULL ? c->text : "";
}

/* A whole number written by a spreadsheet ("376", "45658"): *v. */
static bool
whole(const char *s, long *v)
{
	char *end;

	if (s[0] == '\0' || !isdigit((unsigned char)s[0]))
		return false;
	*v = strtol(s, &end, 10);
	return *end == '\0' || strcmp(end, ".0") == 0;
}

/* What a typed cell meant in column c (see the top of the file). */
static const char *
xlsx_text(struct arena *a, const struct xlsx_cell *cell, int c)
{
	char day[DATE_LEN];
	long v;

	if (cell == NULL)
		return "";
	if (cell->kind != XLSX_NUMBER || !whole(cell->text, &v))
		return trimmed(a, cell->text);
	if (c == OI_COMMUNE && v >= 0 && v < 100000)
		return arena_printf(a, "%0*ld", COMMUNE_DIGITS, v);
	if ((c == OI_ISSUED || c == OI_EXPIRES) && v > 60 && v < 2958466) {
		date_format(v - EXCEL_EPOCH, day);
		return arena_strdup(a, day);
	}
	return arena_printf(a, "%ld", v);
}

static enum err
read_xlsx(struct arena *a, const void *data, size_t len, const char *name,
    struct oi_table *t, struct errinfo *ei)
{
	struct xlsx_limits lim = XLSX_LIMITS_DEFAULT;
	const struct xlsx_sheet *s;
	struct xlsx_book b;
	struct xrow hdr;
	int idx[OI__COLS];
	enum err e;

	lim.max_rows = OI_ROWS_MAX + 1;
	if ((e = xlsx_read(data, len, &lim, &b, ei)) != ERR_OK)
		return e;
	if (b.nsheets == 0 || (s = &b.sheets[0])->max_row == 0) {
		e = err_set(ei, ERR_INVALID, "ocop.import_empty", "file",
		    "%s: tệp trống", "%s: the file is empty", name);
		goto out;
	}
	hdr.s = s;
	hdr.row = 1;
	if ((e = map_header(a, name, s->max_col, xlsx_get, &hdr, idx, t,
	    ei)) != ERR_OK)
		goto out;
	t->rows = arena_alloc(a, (s->max_row + 1) * sizeof *t->rows);
	for (uint32_t r = 2; r <= s->max_row; r++) {
		struct oi_row *row = &t->rows[t->n];

		row->line = (long)r;
		for (int c = 0; c < OI__COLS; c++)
			row->cell[c] = xlsx_text(a, xlsx_cell(s, r,
			    (uint32_t)idx[c] + 1), c);
		if (!blank_row(row))
			t->n++;
	}
out:
	xlsx_free(&b);
	return e;
}

enum err
oi_table_read(struct arena *a, const void *data, size_t len,
    const char *name, struct oi_table *t, struct errinfo *ei)
{
	memset(t, 0, sizeof *t);
	if (len == 0)
		return err_set(ei, ERR_INVALID, "ocop.import_empty", "file",
		    "%s: tệp trống", "%s: the file is empty", name);
	/* a zip (an XLSX workbook) starts with its local header's signature */
	if (len >= 4 && memcmp(data, "PK\003\004", 4) == 0)
		return read_xlsx(a, data, len, name, t, ei);
	return read_csv(a, data, len, name, t, ei);
}
