/*
 * csvw.h - a small CSV writer for exports that people open in Excel or
 * LibreOffice (the reader for imports is core/csv.h).
 *
 * RFC 4180: fields separated by commas, records ended by CRLF; a field is
 * quoted when it holds a comma, a double quote (doubled inside), CR or LF,
 * when it starts with a byte order mark (core/csv.h would skip one at the
 * start of a file), and when it is the only, empty, field of a record ("":
 * a blank line is no record to a reader).  Optional UTF-8 byte order mark
 * first, so Excel reads the file as UTF-8.
 *
 * The formula-injection guard (CSVW_GUARD, on for every export of ntm):
 * a text cell starting with '=', '+', '-', '@', TAB or CR is written with
 * a "'" in front, so a spreadsheet shows it as text instead of running it
 * (OWASP "CSV injection").  Cells written with csvw_int/csvw_num are
 * numbers the program produced and are not guarded ("-3" stays -3).
 *
 * The writer does not check UTF-8: the caller writes text it validated.
 *
 * Ownership: the writer borrows out; it appends to it and never frees it.
 * Once an append fails with ERR_LIMIT the writer is spent: every later
 * call returns ERR_LIMIT too (the caller discards the buffer).
 */
#ifndef NTM_CORE_CSVW_H
#define NTM_CORE_CSVW_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

#define CSVW_BOM	0x1u	/* start with EF BB BF */
#define CSVW_GUARD	0x2u	/* the formula-injection guard on text cells */
#define CSVW_EXCEL	(CSVW_BOM | CSVW_GUARD)

struct csvw {
	struct buf *out;
	unsigned flags;
	size_t ncells;		/* cells in the current record so far */
	size_t row_start;	/* out->len where the current record began */
	enum err err;		/* sticky: the first failure */
};

/* Start writing to out (the BOM, if asked, goes out now). */
enum err csvw_init(struct csvw *w, struct buf *out, unsigned flags);
/* A text cell of len bytes (s may be NULL when len is 0: an empty cell). */
enum err csvw_cell(struct csvw *w, const char *s, size_t len);
/* A NUL-terminated text cell; NULL is an empty cell. */
enum err csvw_cellz(struct csvw *w, const char *s);
/* Number cells, never guarded: v in decimal, x with %.15g ("" if not
 * finite). */
enum err csvw_int(struct csvw *w, int64_t v);
enum err csvw_num(struct csvw *w, double x);
/* End the record with CRLF.  A record without cells is written as "". */
enum err csvw_end_row(struct csvw *w);

/* 1 if the guard would prefix a cell starting with byte c. */
int csvw_needs_guard(unsigned char c);

#endif
