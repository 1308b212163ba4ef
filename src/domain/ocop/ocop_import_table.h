/*
 * ocop_import_table.h - the rows of a province's OCOP list as text
 * (ocop_import_table.c), before any rule is applied: a CSV (UTF-8, with or
 * without a byte order mark, comma, quoted fields; core/csv.h) or the
 * first sheet of an XLSX workbook (domain/xlsxfile/xlsxread.h), told
 * apart by their content.  The header row names the columns in any
 * order and case; a missing column is refused, an extra one ignored.
 */
#ifndef NTM_DOMAIN_OCOP_IMPORT_TABLE_H
#define NTM_DOMAIN_OCOP_IMPORT_TABLE_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"

enum oi_col {
	OI_PRODUCT, OI_PRODUCER, OI_TYPE, OI_STRUCTURE, OI_COMMUNE, OI_GROUP,
	OI_STARS, OI_NUMBER, OI_ISSUED, OI_EXPIRES, OI__COLS
};
/* The columns' names as the issue gives them, in enum oi_col's order. */
extern const char *const oi_col_names[OI__COLS];

#define OI_ROWS_MAX	20000	/* far above a province's list (~1,000) */

struct oi_row {
	long line;			/* the file's row (CSV: its line) */
	const char *cell[OI__COLS];	/* trimmed, never NULL */
};

struct oi_table {
	const char *header[OI__COLS];	/* each column as the file names it */
	struct oi_row *rows;
	size_t n;
};

/* Read data[0..len) into t (everything in a).  A file that cannot be read
 * or lacks a column: ERR_INVALID, ERR_MEDIA or ERR_LIMIT, field "file",
 * the message naming the file (name), the line and the columns missing. */
enum err oi_table_read(struct arena *a, const void *data, size_t len,
    const char *name, struct oi_table *t, struct errinfo *ei);

#endif
