/*
 * fuzz_csv.c - libFuzzer target for core/csv.c, reading the input as a
 * file through fmemopen.
 *
 * Besides memory safety it checks the reader's promises: every record has
 * 1 to CSV_MAX_FIELDS fields, each valid UTF-8, within CSV_MAX_FIELD,
 * NUL-terminated and free of NULs; records start on increasing lines; an
 * error names a line and column in range, one of the documented codes and
 * a message starting with the file name, and it is sticky.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/text.h"

static struct csv_record rec;

static int
known_code(const char *code)
{
	return strcmp(code, "csv.syntax") == 0 ||
	    strcmp(code, "csv.utf8") == 0 || strcmp(code, "csv.limit") == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader *r;
	struct errinfo ei, ei2;
	char *copy;
	FILE *f;
	long last = 0;
	size_t i;
	int rc;

	/* fmemopen wants a writable buffer, and one byte at least. */
	copy = malloc(size + 1);
	if (copy == NULL)
		return 0;
	if (size > 0)
		memcpy(copy, data, size);
	if ((f = fmemopen(copy, size > 0 ? size : 1, "r")) == NULL) {
		free(copy);
		return 0;
	}
	if (size == 0)
		fgetc(f);	/* at end of the one-byte stream: empty input */
	r = csv_reader_new(f, "fuzz.csv");
	while ((rc = csv_read(r, &rec, &ei)) == 1) {
		if (rec.nfields < 1 || rec.nfields > CSV_MAX_FIELDS)
			abort();
		if (rec.line <= last)
			abort();
		last = rec.line;
		for (i = 0; i < rec.nfields; i++) {
			if (rec.lens[i] > CSV_MAX_FIELD ||
			    strlen(rec.fields[i]) != rec.lens[i] ||
			    !text_utf8_valid(rec.fields[i], rec.lens[i]))
				abort();
		}
	}
	if (rc == -1) {
		if (csv_line(r) < 1 || csv_line(r) <= last ||
		    csv_col(r) < 1 || csv_col(r) > CSV_MAX_FIELDS + 1)
			abort();
		if (!known_code(ei.code) ||
		    (ei.err != ERR_INVALID && ei.err != ERR_LIMIT))
			abort();
		if (strncmp(ei.message, "fuzz.csv: dòng ", 16) != 0)
			abort();
		if (csv_read(r, &rec, &ei2) != -1 ||
		    strcmp(ei.message, ei2.message) != 0)
			abort();
	} else if (rc != 0)
		abort();
	else if (csv_read(r, &rec, &ei) != 0)
		abort();
	csv_reader_free(r);
	fclose(f);
	free(copy);
	return 0;
}
