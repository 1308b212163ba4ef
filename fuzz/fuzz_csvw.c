/*
 * fuzz_csvw.c - libFuzzer target for core/csvw.c: the input is cut into
 * records and cells, written with the writer (flags from the first byte),
 * and the output is read back with core/csv.h, which must return exactly
 * the same records (a guarded cell with its "'" in front).
 *
 * Input: byte 0 holds the flags (bit 0 CSVW_BOM, bit 1 CSVW_GUARD); the
 * rest is split into records at 0x1E and into cells at 0x1F.  A cell whose
 * bytes are not valid UTF-8 or hold a NUL is replaced by "?" (the reader
 * refuses those, and the writer's callers validate their text), and the
 * cut stops at the reader's CSV_MAX_FIELDS cells a record.
 *
 * Besides the round trip it checks that the writer never fails within a
 * large enough buffer, that the output starts with the BOM exactly when
 * asked, that every record ends with CRLF, and that a writer over a
 * buffer too small reports ERR_LIMIT and stays spent.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/csvw.h"
#include "core/text.h"

#define REC_SEP		0x1E
#define CELL_SEP	0x1F
#define MAX_RECORDS	64

struct cell {
	const char *s;
	size_t len;
	int guarded;
};

static struct csv_record rec;
static struct cell cells[MAX_RECORDS][CSV_MAX_FIELDS];
static size_t ncells[MAX_RECORDS];

/* Split data into records and cells; returns the number of records. */
static size_t
split(const uint8_t *data, size_t size, unsigned flags)
{
	size_t nrec = 0, i, from = 0;

	ncells[0] = 0;
	for (i = 0; i <= size && nrec < MAX_RECORDS; i++) {
		struct cell *c;

		if (i < size && data[i] != REC_SEP && data[i] != CELL_SEP)
			continue;
		if (ncells[nrec] < CSV_MAX_FIELDS) {
			c = &cells[nrec][ncells[nrec]++];
			c->s = (const char *)data + from;
			c->len = i - from;
			if (!text_utf8_valid(c->s, c->len) ||
			    memchr(c->s, '\0', c->len) != NULL) {
				c->s = "?";
				c->len = 1;
			}
			c->guarded = (flags & CSVW_GUARD) && c->len > 0 &&
			    csvw_needs_guard((unsigned char)c->s[0]);
		}
		from = i + 1;
		if (i == size || data[i] == REC_SEP) {
			nrec++;
			if (nrec < MAX_RECORDS)
				ncells[nrec] = 0;
		}
	}
	return nrec;
}

/* Write the records to out with flags; the writer's final error. */
static enum err
write_all(struct buf *out, unsigned flags, size_t nrec)
{
	struct csvw w;
	size_t r, c;

	csvw_init(&w, out, flags);
	for (r = 0; r < nrec; r++) {
		for (c = 0; c < ncells[r]; c++)
			csvw_cell(&w, cells[r][c].s, cells[r][c].len);
		csvw_end_row(&w);
	}
	return w.err;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct errinfo ei;
	struct buf out, small;
	unsigned flags;
	size_t nrec, r, c;
	FILE *f;

	if (size == 0)
		return 0;
	flags = data[0] & (CSVW_BOM | CSVW_GUARD);
	nrec = split(data + 1, size - 1, flags);

	buf_init(&out, 64 * 1024 * 1024);
	if (write_all(&out, flags, nrec) != ERR_OK)
		abort();
	if (((flags & CSVW_BOM) != 0) != (out.len >= 3 &&
	    memcmp(out.data, "\xEF\xBB\xBF", 3) == 0))
		abort();
	if (out.len < 2 || memcmp(out.data + out.len - 2, "\r\n", 2) != 0)
		abort();

	/* Read it back: the same records, cell for cell. */
	if ((f = fmemopen(out.data, out.len, "r")) == NULL)
		abort();
	{
		struct csv_reader *rd = csv_reader_new(f, "fuzz.csv");

		for (r = 0; r < nrec; r++) {
			if (csv_read(rd, &rec, &ei) != 1)
				abort();
			if (rec.nfields != ncells[r])
				abort();
			for (c = 0; c < ncells[r]; c++) {
				const struct cell *want = &cells[r][c];
				const char *got = rec.fields[c];
				size_t glen = rec.lens[c];

				if (want->guarded) {
					if (glen == 0 || got[0] != '\'')
						abort();
					got++;
					glen--;
				}
				if (glen != want->len ||
				    memcmp(got, want->s, glen) != 0)
					abort();
			}
		}
		if (csv_read(rd, &rec, &ei) != 0)
			abort();
		csv_reader_free(rd);
	}
	fclose(f);

	/* A buffer one byte too small: ERR_LIMIT, and spent after it. */
	buf_init(&small, out.len - 1);
	if (write_all(&small, flags, nrec) != ERR_LIMIT)
		abort();
	buf_free(&small);
	buf_free(&out);
	return 0;
}
