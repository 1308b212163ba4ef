/*
 * csvw.c - the CSV writer of exports; see csvw.h for the format and the
 * formula-injection guard.  Every append goes through cw_put, which
 * records the first failure so the writer stays spent after it.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/csvw.h"

static enum err
cw_put(struct csvw *w, const void *p, size_t n)
{
	if (w->err != ERR_OK)
		return w->err;
	if (buf_append(w->out, p, n) != ERR_OK)
		w->err = ERR_LIMIT;
	return w->err;
}

enum err
csvw_init(struct csvw *w, struct buf *out, unsigned flags)
{
	w->out = out;
	w->flags = flags;
	w->ncells = 0;
	w->err = ERR_OK;
	if (flags & CSVW_BOM)
		cw_put(w, "\xEF\xBB\xBF", 3);
	w->row_start = out->len;
	return w->err;
}

int
csvw_needs_guard(unsigned char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	    c == '\r';
}

/* The separator before every cell but the first of a record. */
static enum err
cw_sep(struct csvw *w)
{
	if (w->ncells++ > 0)
		return cw_put(w, ",", 1);
	return w->err;
}

/*
 * One text cell: quoted when a reader needs it (see csvw.h), guarded when
 * the writer guards.  Inside quotes every '"' is doubled; the runs between
 * quotes are appended whole.
 */
enum err
csvw_cell(struct csvw *w, const char *s, size_t len)
{
	int guard, quote;
	size_t i, from;

	if (cw_sep(w) != ERR_OK)
		return w->err;
	if (len == 0)
		return ERR_OK;	/* an empty cell; "" only for a lone one */
	guard = (w->flags & CSVW_GUARD) && csvw_needs_guard((unsigned char)s[0]);
	quote = len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
	for (i = 0; i < len && !quote; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			quote = 1;
	if (quote)
		cw_put(w, "\"", 1);
	if (guard)
		cw_put(w, "'", 1);
	if (!quote)
		return cw_put(w, s, len);
	for (from = 0, i = 0; i < len; i++) {
		if (s[i] != '"')
			continue;
		cw_put(w, s + from, i + 1 - from);	/* up to the quote */
		from = i;				/* which goes again */
	}
	cw_put(w, s + from, len - from);
	return cw_put(w, "\"", 1);
}

enum err
csvw_cellz(struct csvw *w, const char *s)
{
	return csvw_cell(w, s, s != NULL ? strlen(s) : 0);
}

enum err
csvw_int(struct csvw *w, int64_t v)
{
	char num[32];
	int n;

	if (cw_sep(w) != ERR_OK)
		return w->err;
	n = snprintf(num, sizeof(num), "%" PRId64, v);
	return cw_put(w, num, (size_t)n);
}

enum err
csvw_num(struct csvw *w, double x)
{
	char num[40];
	int n;

	if (cw_sep(w) != ERR_OK)
		return w->err;
	if (!isfinite(x))
		return ERR_OK;
	n = snprintf(num, sizeof(num), "%.15g", x);
	return cw_put(w, num, (size_t)n);
}

enum err
csvw_end_row(struct csvw *w)
{
	/* No cells, or one empty cell: a blank line would be no record. */
	if (w->out->len == w->row_start)
		cw_put(w, "\"\"", 2);
	cw_put(w, "\r\n", 2);
	w->ncells = 0;
	w->row_start = w->out->len;
	return w->err;
}
