/*
 * xlsxread.h - the cells of an uploaded XLSX workbook, read without trusting it.
 *
 * An XLSX file is a zip (libzip) of XML parts (expat): the workbook names
 * its sheets, the relationships say which part holds each, the shared
 * strings hold the texts, and each sheet part lists its cells.  Every part
 * is streamed from the zip into expat in chunks, so memory holds the cells
 * and strings read, never a whole part; every count and size is bounded by
 * struct xlsx_limits, and a file past a bound is refused whole (a zip bomb
 * stops at max_part uncompressed bytes, a million empty rows at max_rows).
 * A DOCTYPE is refused (no entity can expand), and nothing is fetched.
 *
 *	struct xlsx_book b;
 *	struct xlsx_limits lim = XLSX_LIMITS_DEFAULT;
 *	if ((e = xlsx_read(data, len, &lim, &b, ei)) != ERR_OK)
 *		return e;	(415 not an XLSX, 413 past a limit, 422 bad content)
 *	const struct xlsx_cell *c = xlsx_cell(&b.sheets[0], 7, 2);	(B7)
 *	...
 *	xlsx_free(&b);
 *
 * What a cell holds is reported as written, not judged: a formula is read
 * (with the value Excel cached) and flagged, so the caller decides whether
 * a formula may stand where it is; a number keeps the text of the file
 * ("1500000", "0.25", "1E-3"), checked to be a finite number.  Styles,
 * dates, merged cells and comments are not read.
 *
 * Error codes: "xlsx.not_xlsx" (ERR_MEDIA: not a zip, or a zip without a
 * workbook), "xlsx.too_large" (ERR_LIMIT: a part, the total, the rows, the
 * columns, the cells, the strings or the sheets past their limit),
 * "xlsx.bad_xml", "xlsx.dtd", "xlsx.bad_cell", "xlsx.bad_string",
 * "xlsx.bad_number", "xlsx.encrypted" (ERR_INVALID or ERR_MEDIA), each
 * message naming the sheet and the cell ("trang “Xã”, ô B7") when there is
 * one; the field of every error is lim->field.
 */
#ifndef NTM_DOMAIN_XLSXREAD_H
#define NTM_DOMAIN_XLSXREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct xlsx_limits {
	size_t max_part;	/* uncompressed bytes of one XML part */
	size_t max_total;	/* uncompressed bytes of all parts read */
	size_t max_sheets;
	uint32_t max_rows;	/* the highest row number a sheet may use */
	uint32_t max_cols;	/* the highest column number (16384 = XFD) */
	size_t max_cells;	/* cells with a value, all sheets */
	size_t max_strings;	/* entries of the shared-string table */
	const char *field;	/* the field named by every error ("file") */
};

/* Far above any report a province sends (100 communes x a few hundred
 * cells), far below what would hurt the server. */
#define XLSX_LIMITS_DEFAULT { \
	.max_part = 32u << 20, .max_total = 64u << 20, .max_sheets = 256, \
	.max_rows = 100000, .max_cols = 16384, .max_cells = 1000000, \
	.max_strings = 1000000, .field = "file" }

enum xlsx_kind {
	XLSX_NUMBER,	/* text: the number as written in the file */
	XLSX_TEXT,	/* text: the string (shared, inline or a formula's) */
	XLSX_BOOL,	/* text: "0" or "1" */
	XLSX_ERROR,	/* text: the error value ("#DIV/0!") */
};

struct xlsx_cell {
	uint32_t row, col;	/* 1-based: B7 is row 7, col 2 */
	enum xlsx_kind kind;
	bool formula;		/* the cell has a formula; text is its cached value */
	const char *text;	/* NUL-terminated UTF-8, never NULL */
};

struct xlsx_sheet {
	const char *name;
	struct xlsx_cell *cells;	/* sorted by row, then column */
	size_t ncells;
	uint32_t max_row, max_col;	/* of the cells with a value; 0 if none */
};

struct xlsx_book {
	struct xlsx_sheet *sheets;	/* in the workbook's order */
	size_t nsheets;
	struct arena *arena;		/* names and texts */
};

/* Read the workbook in data[0..len).  On success *out holds every sheet
 * (free with xlsx_free); on an error *out is empty and needs no free. */
enum err xlsx_read(const void *data, size_t len, const struct xlsx_limits *lim,
    struct xlsx_book *out, struct errinfo *ei);
void xlsx_free(struct xlsx_book *b);

/* The sheet named name, or NULL. */
const struct xlsx_sheet *xlsx_sheet(const struct xlsx_book *b, const char *name);
/* The cell at (row, col), or NULL when it holds nothing. */
const struct xlsx_cell *xlsx_cell(const struct xlsx_sheet *s, uint32_t row,
    uint32_t col);
/* "B7" for (7, 2): out must hold 16 bytes. */
void xlsx_cell_ref(uint32_t row, uint32_t col, char out[16]);

#endif
