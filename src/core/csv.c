/*
 * csv.c - a streaming RFC 4180 reader; see csv.h.
 *
 * The reader keeps its own input buffer over the FILE (so it can look at
 * the first three bytes for a byte order mark, and one byte past a CR or a
 * closing quote, without ungetc) and scans runs of ordinary bytes with a
 * table, appending each run to the record at once.  The fields of the
 * current record live one after another, each NUL-terminated, in one
 * bounded buffer; pointers into it are handed out only when the record is
 * complete, because the buffer may move while it grows.
 *
 * Choices RFC 4180 leaves open, and ours:
 * - LF, CRLF and a lone CR all end a line (also inside quotes, for the
 *   line count; the bytes inside quotes are kept as they are).
 * - A blank line (nothing between two line ends) is not a record, so a
 *   file ending in a line break, or in several, has no empty last record.
 *   A line holding only "" is a record with one empty field.
 * - A quote in the middle of an unquoted field, or anything but a comma
 *   or a line end after a closing quote, is an error, not data.
 * - A NUL byte is refused as invalid text: it cannot be in a
 *   NUL-terminated field, and it is the mark of a UTF-16 export.
 * - Errors are sticky: once csv_read fails, it fails the same way again,
 *   since there is no safe place to resume after, say, an unclosed quote.
 * Line numbers in errors are those of the start of the record, columns
 * the 1-based field number, as csv.h says.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/err.h"
#include "core/text.h"
#include "core/xalloc.h"

#define CSV_INBUF	8192

/* Bytes that end a run inside an unquoted field, and inside quotes. */
static const unsigned char csv_stop_plain[256] = {
	[','] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1,
};
static const unsigned char csv_stop_quoted[256] = {
	['"'] = 1, ['\n'] = 1, ['\r'] = 1,
};

struct csv_reader {
	FILE *f;
	char *name;
	unsigned char in[CSV_INBUF];
	size_t pos, end;	/* unread input is in[pos..end) */
	bool eof;		/* the FILE has nothing more */
	bool ioerr;		/* ... because reading it failed */
	bool started;		/* the byte order mark was looked for */
	long line;		/* physical line of in[pos], 1-based */
	struct buf data;	/* the fields of the current record */
	size_t offs[CSV_MAX_FIELDS];
	size_t lens[CSV_MAX_FIELDS];
	bool failed;
	struct errinfo err;	/* the sticky error once failed */
	long err_line, err_col;
	char sep;		/* ',' unless csv_reader_set_sep */
	unsigned char stop_plain[256];	/* csv_stop_plain with sep */
};

/*
 * Create a reader over f (not owned) that names itself name in errors.
 * Never fails (out of memory aborts).
 */
struct csv_reader *
csv_reader_new(FILE *f, const char *name)
{
	struct csv_reader *r = xcalloc(1, sizeof(*r));

	r->f = f;
	r->name = xstrdup(name != NULL ? name : "CSV");
	r->line = 1;
	r->sep = ',';
	memcpy(r->stop_plain, csv_stop_plain, sizeof r->stop_plain);
	/* Every field plus its NUL: the field limits are checked first. */
	buf_init(&r->data, (size_t)CSV_MAX_FIELDS * (CSV_MAX_FIELD + 1));
	return r;
}

void
csv_reader_set_sep(struct csv_reader *r, char sep)
{
	r->stop_plain[(unsigned char)r->sep] = 0;
	r->sep = sep;
	r->stop_plain[(unsigned char)sep] = 1;
}

void
csv_reader_free(struct csv_reader *r)
{
	if (r == NULL)
		return;
	buf_free(&r->data);
	free(r->name);
	free(r);
}

long
csv_line(const struct csv_reader *r)
{
	return r->err_line;
}

long
csv_col(const struct csv_reader *r)
{
	return r->err_col;
}

const char *
csv_name(const struct csv_reader *r)
{
	return r->name;
}

/*
 * Make sure unread input is buffered.  Returns 1 if there is some, 0 at
 * end of input, -1 on a read error.
 */
static int
csv_fill(struct csv_reader *r)
{
	size_t n;

	if (r->pos < r->end)
		return 1;
	if (r->eof)
		return r->ioerr ? -1 : 0;
	n = fread(r->in, 1, sizeof(r->in), r->f);
	r->pos = 0;
	r->end = n;
	if (n < sizeof(r->in)) {
		/* fread only comes back short at end of file or on error. */
		r->eof = true;
		r->ioerr = ferror(r->f) != 0;
	}
	if (n > 0)
		return 1;
	return r->ioerr ? -1 : 0;
}

/* The next byte without consuming it, EOF at the end, -2 on error. */
static int
csv_peek(struct csv_reader *r)
{
	int rc;

	if ((rc = csv_fill(r)) <= 0)
		return rc == 0 ? EOF : -2;
	return r->in[r->pos];
}

/*
 * Consume a line end (LF, CRLF or a lone CR) at in[pos], appending its
 * bytes to the field if keep.  Returns ERR_OK, ERR_LIMIT if the field
 * would grow past CSV_MAX_FIELD, or ERR_SYS on a read error.
 */
static enum err
csv_eol(struct csv_reader *r, bool keep, size_t *flen)
{
	unsigned char c = r->in[r->pos++];
	int next;

	if (keep) {
		if (*flen + 1 > CSV_MAX_FIELD ||
		    buf_append(&r->data, &c, 1) != ERR_OK)
			return ERR_LIMIT;
		(*flen)++;
	}
	if (c == '\r') {
		if ((next = csv_peek(r)) == -2)
			return ERR_SYS;
		if (next == '\n') {
			r->pos++;
			if (keep) {
				if (*flen + 1 > CSV_MAX_FIELD ||
				    buf_append(&r->data, "\n", 1) != ERR_OK)
					return ERR_LIMIT;
				(*flen)++;
			}
		}
	}
	r->line++;
	return ERR_OK;
}

/*
 * Append the run of bytes at in[pos] up to the next byte marked in stop
 * (or the end of the buffered input) to the field.  Returns ERR_OK or
 * ERR_LIMIT.
 */
static enum err
csv_run(struct csv_reader *r, const unsigned char *stop, size_t *flen)
{
	size_t i = r->pos, n;

	while (i < r->end && !stop[r->in[i]])
		i++;
	n = i - r->pos;
	if (n == 0)
		return ERR_OK;
	if (n > CSV_MAX_FIELD - *flen ||
	    buf_append(&r->data, r->in + r->pos, n) != ERR_OK)
		return ERR_LIMIT;
	*flen += n;
	r->pos = i;
	return ERR_OK;
}

/* How reading a field can end, and what each failure is called. */
enum csv_status {
	CSV_OK = 0,
	CSV_UNCLOSED,
	CSV_JUNK,
	CSV_STRAY,
	CSV_UTF8,
	CSV_NUL,
	CSV_TOOLONG,
	CSV_TOOMANY,
	CSV_IO,
	CSV__MAX
};

static const struct {
	enum err err;
	const char *code;
	const char *what, *what_en;
} csv_errors[CSV__MAX] = {
	[CSV_UNCLOSED] = { ERR_INVALID, "csv.syntax",
	    "dấu ngoặc kép không đóng", "unclosed double quote" },
	[CSV_JUNK] = { ERR_INVALID, "csv.syntax",
	    "ký tự sau dấu ngoặc kép đóng không hợp lệ",
	    "invalid character after a closing double quote" },
	[CSV_STRAY] = { ERR_INVALID, "csv.syntax",
	    "dấu ngoặc kép không hợp lệ trong ô không có ngoặc kép",
	    "invalid double quote in an unquoted field" },
	[CSV_UTF8] = { ERR_INVALID, "csv.utf8", "UTF-8 không hợp lệ",
	    "invalid UTF-8" },
	[CSV_NUL] = { ERR_INVALID, "csv.utf8",
	    "UTF-8 không hợp lệ (có byte NUL)", "invalid UTF-8 (a NUL byte)" },
	[CSV_TOOLONG] = { ERR_LIMIT, "csv.limit", "ô quá dài",
	    "field too long" },
	[CSV_TOOMANY] = { ERR_LIMIT, "csv.limit", "quá nhiều cột",
	    "too many fields" },
	[CSV_IO] = { ERR_SYS, "csv.io", "lỗi đọc tệp", "read error" },
};

/*
 * Record error st at field col of the record starting on line, make it
 * sticky and copy it to ei (may be NULL).  Always returns -1.
 */
static int
csv_fail(struct csv_reader *r, struct errinfo *ei, long line, long col,
    enum csv_status st)
{
	r->failed = true;
	r->err_line = line;
	r->err_col = col;
	err_set(&r->err, csv_errors[st].err, csv_errors[st].code, NULL,
	    "%s: dòng %ld, cột %ld: %s%.0s", "%s: line %ld, column %ld: %.0s%s",
	    r->name, line, col, csv_errors[st].what, csv_errors[st].what_en);
	if (ei != NULL)
		*ei = r->err;
	return -1;
}

/* Map a csv_eol/csv_run result to a status. */
static enum csv_status
csv_status_of(enum err e)
{
	return e == ERR_OK ? CSV_OK : e == ERR_LIMIT ? CSV_TOOLONG : CSV_IO;
}

/*
 * Read a quoted field whose opening quote is at in[pos], appending its
 * text to the record.  On CSV_OK, *endc is the byte after the closing
 * quote (a comma, a line end byte or EOF), not consumed.
 */
static enum csv_status
csv_field_quoted(struct csv_reader *r, size_t *flen, int *endc)
{
	enum err e = ERR_OK;
	int c;

	r->pos++;
	for (;;) {
		if ((c = csv_peek(r)) == EOF)
			return CSV_UNCLOSED;
		if (c == -2)
			return CSV_IO;
		if (c == '"') {
			r->pos++;
			if ((c = csv_peek(r)) != '"')
				break;
			/* "" is one quote. */
			r->pos++;
			if (*flen + 1 > CSV_MAX_FIELD ||
			    buf_append(&r->data, "\"", 1) != ERR_OK)
				return CSV_TOOLONG;
			(*flen)++;
		} else if (c == '\n' || c == '\r')
			e = csv_eol(r, true, flen);
		else
			e = csv_run(r, csv_stop_quoted, flen);
		if (e != ERR_OK)
			return csv_status_of(e);
	}
	if (c == -2)
		return CSV_IO;
	if (c != r->sep && c != '\n' && c != '\r' && c != EOF)
		return CSV_JUNK;
	*endc = c;
	return CSV_OK;
}

/*
 * Read an unquoted field starting at in[pos].  On CSV_OK, *endc is the
 * comma, line end byte or EOF that ends it, not consumed.
 */
static enum csv_status
csv_field_plain(struct csv_reader *r, size_t *flen, int *endc)
{
	enum err e;
	int c;

	while ((c = csv_peek(r)) >= 0 && !r->stop_plain[c])
		if ((e = csv_run(r, r->stop_plain, flen)) != ERR_OK)
			return csv_status_of(e);
	if (c == -2)
		return CSV_IO;
	if (c == '"')
		return CSV_STRAY;
	*endc = c;
	return CSV_OK;
}

/*
 * Check the field of flen bytes just read (at offs[nf]) and terminate it
 * with a NUL.
 */
static enum csv_status
csv_field_end(struct csv_reader *r, size_t nf, size_t flen)
{
	/* data.data is still NULL if every field so far is empty. */
	const char *fp = flen > 0 ? r->data.data + r->offs[nf] : "";

	if (!text_utf8_valid(fp, flen))
		return CSV_UTF8;
	if (memchr(fp, '\0', flen) != NULL)
		return CSV_NUL;
	/* The buffer's maximum reserves a byte per field for the NUL. */
	if (buf_append(&r->data, "", 1) != ERR_OK)
		return CSV_TOOLONG;
	r->lens[nf] = flen;
	return CSV_OK;
}

/*
 * Skip the byte order mark on the first call, then blank lines.  Returns
 * CSV_OK with *eof set at the end of input, or CSV_IO.
 */
static enum csv_status
csv_skip(struct csv_reader *r, bool *eof)
{
	int c;

	if (!r->started) {
		r->started = true;
		if (csv_fill(r) < 0)
			return CSV_IO;
		if (r->end - r->pos >= 3 &&
		    memcmp(r->in + r->pos, "\xEF\xBB\xBF", 3) == 0)
			r->pos += 3;
	}
	for (;;) {
		if ((c = csv_peek(r)) == -2)
			return CSV_IO;
		*eof = c == EOF;
		if (c != '\n' && c != '\r')
			return CSV_OK;
		if (csv_eol(r, false, NULL) != ERR_OK)
			return CSV_IO;
	}
}

/*
 * Read the next record into rec (see csv.h).  Returns 1 with a record, 0
 * at the end of input, -1 on an error described in ei (may be NULL) and
 * by csv_line/csv_col.
 */
int
csv_read(struct csv_reader *r, struct csv_record *rec, struct errinfo *ei)
{
	enum csv_status st;
	long start;
	size_t nf, flen, i;
	bool eof;
	int c;

	if (r->failed) {
		if (ei != NULL)
			*ei = r->err;
		return -1;
	}
	if ((st = csv_skip(r, &eof)) != CSV_OK)
		return csv_fail(r, ei, r->line, 1, st);
	if (eof)
		return 0;

	start = r->line;
	buf_reset(&r->data);
	for (nf = 0;; nf++) {
		if (nf == CSV_MAX_FIELDS)
			return csv_fail(r, ei, start, (long)nf + 1,
			    CSV_TOOMANY);
		r->offs[nf] = r->data.len;
		flen = 0;
		if (csv_peek(r) == '"')
			st = csv_field_quoted(r, &flen, &c);
		else
			st = csv_field_plain(r, &flen, &c);
		if (st == CSV_OK)
			st = csv_field_end(r, nf, flen);
		if (st != CSV_OK)
			return csv_fail(r, ei, start, (long)nf + 1, st);
		if (c != r->sep)
			break;
		r->pos++;
	}
	/* c ends the record: a line end (consumed here) or EOF. */
	if (c != EOF && csv_eol(r, false, NULL) != ERR_OK)
		return csv_fail(r, ei, start, (long)nf + 1, CSV_IO);

	rec->nfields = nf + 1;
	rec->line = start;
	for (i = 0; i <= nf; i++) {
		rec->fields[i] = r->data.data + r->offs[i];
		rec->lens[i] = r->lens[i];
	}
	return 1;
}
