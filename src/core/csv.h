/*
 * csv.h - a streaming RFC 4180 reader for imports.
 *
 * Reads one record at a time from a FILE: comma-separated fields, optional
 * double quotes ("" inside quotes is one quote; quoted fields may hold
 * commas and line breaks), CRLF or LF line ends, a UTF-8 byte order mark
 * at the start of the file skipped.  Every field must be valid UTF-8.
 * Limits: CSV_MAX_FIELDS fields per record and CSV_MAX_FIELD bytes per field.
 *
 * Errors name the place: csv_read returns -1 and fills ei (code
 * "csv.syntax", "csv.utf8" or "csv.limit", err ERR_INVALID or ERR_LIMIT)
 * with a message like "FILE: dòng 12, cột 3: ..." (line of the record
 * start, 1-based field number), and sets csv_line()/csv_col().
 *
 * Ownership: the reader does not own the FILE.  Field pointers returned in
 * struct csv_record stay valid until the next csv_read or csv_reader_free.
 */
#ifndef NTM_CORE_CSV_H
#define NTM_CORE_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

#define CSV_MAX_FIELDS	256
#define CSV_MAX_FIELD	(64 * 1024)

struct csv_reader;

struct csv_record {
	size_t nfields;
	const char *fields[CSV_MAX_FIELDS];	/* NUL-terminated */
	size_t lens[CSV_MAX_FIELDS];
	long line;				/* line where the record starts */
};

/* name is used in error messages (the file name). */
struct csv_reader *csv_reader_new(FILE *f, const char *name);
void csv_reader_free(struct csv_reader *r);
/* Fields separated by sep instead of ',' (';' of a spreadsheet saved in
 * a locale whose decimal mark is the comma).  Before the first csv_read;
 * sep is neither '"' nor a line end. */
void csv_reader_set_sep(struct csv_reader *r, char sep);
/* 1: a record was read into rec; 0: end of input; -1: error (see ei). */
int csv_read(struct csv_reader *r, struct csv_record *rec, struct errinfo *ei);
long csv_line(const struct csv_reader *r);	/* of the last error */
long csv_col(const struct csv_reader *r);	/* of the last error */
const char *csv_name(const struct csv_reader *r);

#endif
