/*
 * market_bankcsv.c - a Vietnamese bank's statement CSV read into its
 * credits (market_money.h): the encoding guessed and converted to UTF-8
 * with iconv (glibc), the separator, the header row found below the
 * account's details by the names banks give their columns, amounts and
 * dates as banks write them.  Pure: no database.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/stamp.h"
#include "core/text.h"
#include "domain/market/market_money.h"

#define HEADER_SEARCH_ROWS	40

enum col { COL_DATE, COL_CREDIT, COL_DESC, COL_REF, COL__N };

/* The names of each column, folded (text_fold: no accents, lower case,
 * punctuation as one space). */
static const char *const col_names[COL__N][12] = {
	[COL_DATE] = { "ngay giao dich", "ngay gd", "ngay hach toan", "ngay",
	    "date", "transaction date", "ngay ghi so", "ngay hieu luc",
	    "posting date", "value date", NULL },
	[COL_CREDIT] = { "so tien ghi co", "ghi co", "so tien co", "co",
	    "credit", "credit amount", "tien vao", "phat sinh co", NULL },
	[COL_DESC] = { "noi dung", "dien giai", "noi dung giao dich", "mo ta",
	    "noi dung chi tiet", "description", "details", "remark",
	    "transaction details", NULL },
	[COL_REF] = { "so tham chieu", "ma giao dich", "so giao dich",
	    "so but toan", "ma gd", "so ct", "reference", "transaction id",
	    "ref", "so chung tu", "reference number", NULL },
};

/* What the messages call each column. */
static const char *const col_vi[COL__N] = { "Ngày giao dịch",
	"Số tiền ghi có", "Nội dung", "Số tham chiếu" };
static const char *const col_en[COL__N] = { "transaction date",
	"credit amount", "description", "reference" };

/* ---- encoding ------------------------------------------------------------ */

/* in converted from code to UTF-8 into out; false if it cannot be. */
static bool
convert(const char *code, const char *in, size_t n, struct buf *out)
{
	iconv_t cd = iconv_open("UTF-8", code);
	char chunk[4096];
	char *ip = (char *)in;
	bool ok = true;

	if (cd == (iconv_t)-1)
		return false;
	while (ok && n > 0) {
		char *op = chunk;
		size_t room = sizeof chunk;

		if (iconv(cd, &ip, &n, &op, &room) == (size_t)-1 &&
		    errno != E2BIG)
			ok = false;
		if (buf_append(out, chunk, sizeof chunk - room) != ERR_OK)
			ok = false;
	}
	iconv_close(cd);
	return ok;
}

/* data as NFC UTF-8 into out, *encoding what it was. */
static enum err
decode(const unsigned char *d, size_t len, struct buf *out,
    const char **encoding, struct errinfo *ei)
{
	struct buf raw;
	enum err e = ERR_OK;
	const char *code = NULL;

	buf_init(&raw, (size_t)MARKET_BANKCSV_MAX * 3);
	if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) {
		*encoding = "utf-8";
		d += 3;
		len -= 3;
	} else if (len >= 2 && d[0] == 0xFF && d[1] == 0xFE) {
		*encoding = "utf-16le";
		code = "UTF-16LE";
		d += 2;
		len -= 2;
	} else if (len >= 2 && d[0] == 0xFE && d[1] == 0xFF) {
		*encoding = "utf-16be";
		code = "UTF-16BE";
		d += 2;
		len -= 2;
	} else if (text_utf8_valid((const char *)d, len))
		*encoding = "utf-8";
	else {
		/* Not UTF-8: Vietnamese Windows' own code page. */
		*encoding = "windows-1258";
		code = "WINDOWS-1258";
	}
	if (code == NULL) {
		if (buf_append(&raw, d, len) != ERR_OK)
			e = ERR_LIMIT;
	} else if (!convert(code, (const char *)d, len, &raw))
		e = err_set(ei, ERR_INVALID, "market.bank_encoding", "file",
		    "Không đọc được bảng mã của tệp (%s)",
		    "The file's encoding (%s) cannot be read", *encoding);
	if (e == ERR_OK && !text_utf8_valid(buf_cstr(&raw), raw.len))
		e = err_set(ei, ERR_INVALID, "market.bank_encoding", "file",
		    "Tệp có ký tự không đọc được", "The file has characters "
		    "that cannot be read");
	/* Decomposed accents (Windows-1258's tones, some Macs) composed. */
	if (e == ERR_OK && text_nfc(buf_cstr(&raw), raw.len, out) != ERR_OK)
		e = ERR_LIMIT;
	if (e == ERR_LIMIT)
		err_set(ei, ERR_LIMIT, "market.bank_too_large", "file",
		    "Tệp sao kê quá lớn", "The statement file is too large");
	buf_free(&raw);
	return e;
}

/* ',' or ';': whichever the first lines have more of outside quotes. */
static char
guess_sep(const char *s)
{
	long commas = 0, semis = 0, lines = 0;
	bool quoted = false;

	for (; *s != '\0' && lines < HEADER_SEARCH_ROWS; s++) {
		if (*s == '"')
			quoted = !quoted;
		else if (!quoted && *s == ',')
			commas++;
		else if (!quoted && *s == ';')
			semis++;
		else if (!quoted && *s == '\n')
			lines++;
	}
	return semis > commas ? ';' : ',';
}

/* ---- amounts and dates --------------------------------------------------- */

/* What may follow an amount. */
static const char *const currency[] = { "VND", "VNĐ", "đ", "₫", NULL };

bool
market_bankcsv_amount(const char *s, int64_t *vnd)
{
	char digits[32];
	size_t nd = 0, i, n;
	const char *dec = NULL, *p;
	int ndots = 0, ncommas = 0;
	char last = 0;
	int64_t v = 0;

	/* Spaces (also U+00A0), a leading '+' and a currency word go. */
	while (*s == ' ' || *s == '+')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	for (int k = 0; currency[k] != NULL; k++) {
		size_t c = strlen(currency[k]);

		if (n >= c && strncasecmp(s + n - c, currency[k], c) == 0) {
			n -= c;
			break;
		}
	}
	for (p = s; p < s + n; p++) {
		if (*p == '.') {
			ndots++;
			last = '.';
		} else if (*p == ',') {
			ncommas++;
			last = ',';
		} else if (!(*p >= '0' && *p <= '9') && *p != ' ' &&
		    !((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
		    && (unsigned char)*p != 0xA0)
			return false;
	}
	/* Which mark is the decimal one: the last when both are there; a
	 * lone mark followed by other than 3 digits. */
	if (ndots > 0 && ncommas > 0) {
		for (p = s + n; p > s && p[-1] != last; p--)
			;
		dec = p - 1;
	}
	else if (ndots + ncommas == 1) {
		const char *m = memchr(s, ndots ? '.' : ',', n);
		size_t after = 0;

		for (p = m + 1; p < s + n && *p >= '0' && *p <= '9'; p++)
			after++;
		if (after != 3)
			dec = m;
	}
	for (p = s; p < s + (dec != NULL ? (size_t)(dec - s) : n); p++)
		if (*p >= '0' && *p <= '9') {
			if (nd >= 15)
				return false;
			digits[nd++] = *p;
		}
	/* No xu: a decimal part is zeros. */
	for (p = dec != NULL ? dec + 1 : s + n; p < s + n; p++)
		if ((*p >= '1' && *p <= '9') || *p == '.' || *p == ',')
			return false;
	if (nd == 0)
		return n == 0 ? (*vnd = 0, true) : false;
	for (i = 0; i < nd; i++)
		v = v * 10 + (digits[i] - '0');
	*vnd = v;
	return true;
}

bool
market_bankcsv_date(const char *s, char out[11])
{
	unsigned d, m, y;
	int i;

	while (*s == ' ')
		s++;
	/* ISO: yyyy-mm-dd, maybe a time after. */
	if (strlen(s) >= 10 && s[4] == '-' && s[7] == '-' &&
	    (s[10] == '\0' || s[10] == ' ' || s[10] == 'T')) {
		memcpy(out, s, 10);
		out[10] = '\0';
		return date_parse(out, NULL);
	}
	/* dd/mm/yyyy or dd-mm-yyyy (one-digit day and month too). */
	for (i = 0, d = 0; s[i] >= '0' && s[i] <= '9' && i < 2; i++)
		d = d * 10 + (unsigned)(s[i] - '0');
	if (i == 0 || (s[i] != '/' && s[i] != '-'))
		return false;
	s += i + 1;
	for (i = 0, m = 0; s[i] >= '0' && s[i] <= '9' && i < 2; i++)
		m = m * 10 + (unsigned)(s[i] - '0');
	if (i == 0 || (s[i] != '/' && s[i] != '-'))
		return false;
	s += i + 1;
	for (i = 0, y = 0; s[i] >= '0' && s[i] <= '9' && i < 4; i++)
		y = y * 10 + (unsigned)(s[i] - '0');
	if (i != 4 || (s[i] != '\0' && s[i] != ' '))
		return false;
	if (d > 31 || m > 12)
		return false;
	snprintf(out, 11, "%04u-%02u-%02u", y % 10000, m % 100, d % 100);
	return date_parse(out, NULL);
}

/* ---- the header ---------------------------------------------------------- */

static int
col_of(const char *field)
{
	struct buf f;
	const char *s;
	size_t n;
	int c, i, found = -1;

	buf_init(&f, 512);
	if (text_fold(field, strlen(field), &f) != ERR_OK) {
		buf_free(&f);
		return -1;
	}
	s = buf_cstr(&f);
	n = strlen(s);
	/* "Số tiền ghi có (VND)" */
	if (n > 4 && strcmp(s + n - 4, " vnd") == 0)
		f.data[n - 4] = '\0';
	for (c = 0; c < COL__N && found < 0; c++)
		for (i = 0; col_names[c][i] != NULL; i++)
			if (strcmp(s, col_names[c][i]) == 0) {
				found = c;
				break;
			}
	buf_free(&f);
	return found;
}

/* The columns of rec into idx (-1: none); how many of the three needed
 * are there. */
static int
header_of(const struct csv_record *rec, int idx[COL__N])
{
	int c, have = 0;
	size_t i;

	for (c = 0; c < COL__N; c++)
		idx[c] = -1;
	for (i = 0; i < rec->nfields; i++)
		if ((c = col_of(rec->fields[i])) >= 0 && idx[c] < 0)
			idx[c] = (int)i;
	for (c = 0; c < COL_REF; c++)
		have += idx[c] >= 0;
	return have;
}

static const char *
cell(const struct csv_record *rec, int i)
{
	return i >= 0 && (size_t)i < rec->nfields ? rec->fields[i] : "";
}

static bool
blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

/* Trimmed copy in a. */
static const char *
trimmed(struct arena *a, const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return arena_strndup(a, s, n);
}

/* One data row into line; false (ei filled) when it cannot be read, true
 * with *credit false for a debit or a row without a date (a total). */
static bool
row_of(struct arena *a, const struct csv_record *rec, const int idx[COL__N],
    struct market_bankline *line, bool *credit, struct errinfo *ei)
{
	const char *d = cell(rec, idx[COL_DATE]);
	const char *amt = cell(rec, idx[COL_CREDIT]);
	char key[96], buf[64];
	struct buf k;

	*credit = false;
	/* No date ("", "Tổng cộng"): a total or a note, not a transfer. */
	if (blank(d) || blank(amt) || strpbrk(d, "0123456789") == NULL)
		return true;
	if (!market_bankcsv_amount(amt, &line->amount_vnd)) {
		err_set(ei, ERR_INVALID, "market.bank_row", "file",
		    "dòng %ld: số tiền ghi có “%s” không đọc được",
		    "line %ld: the credit amount “%s” cannot be read",
		    rec->line, text_utf8_scrub(amt, buf, sizeof buf));
		return false;
	}
	if (line->amount_vnd <= 0)
		return true;
	if (!market_bankcsv_date(d, line->booked_on)) {
		err_set(ei, ERR_INVALID, "market.bank_row", "file",
		    "dòng %ld: ngày “%s” không đọc được (dd/mm/yyyy)",
		    "line %ld: the date “%s” cannot be read (dd/mm/yyyy)",
		    rec->line, text_utf8_scrub(d, buf, sizeof buf));
		return false;
	}
	line->line = rec->line;
	line->description = trimmed(a, cell(rec, idx[COL_DESC]));
	line->bank_ref = trimmed(a, cell(rec, idx[COL_REF]));
	if (line->bank_ref[0] != '\0' && strlen(line->bank_ref) <= 64) {
		snprintf(line->line_key, sizeof line->line_key, "ref:%s",
		    line->bank_ref);
	} else {
		buf_init(&k, CSV_MAX_FIELD + 64);
		snprintf(key, sizeof key, "%s|%" PRId64 "|", line->booked_on,
		    line->amount_vnd);
		if (buf_puts(&k, key) != ERR_OK ||
		    buf_puts(&k, line->description) != ERR_OK)
			abort();	/* bounded by the field limit above */
		stamp_sha256_hex(k.data, k.len, line->line_key);
		buf_free(&k);
	}
	*credit = true;
	return true;
}

enum err
market_bankcsv_read(struct arena *a, const void *data, size_t len,
    struct market_bankfile *out, struct errinfo *ei)
{
	struct buf text;
	struct csv_reader *r = NULL;
	struct csv_record rec;
	int idx[COL__N], best[COL__N], have, best_have = -1, rc, c;
	size_t cap = 64;
	bool found = false, credit;
	enum err e = ERR_OK;
	long rows_seen = 0;
	FILE *f = NULL;

	memset(out, 0, sizeof *out);
	if (len > MARKET_BANKCSV_MAX)
		return err_set(ei, ERR_LIMIT, "market.bank_too_large", "file",
		    "Tệp sao kê quá lớn (tối đa %u MB)",
		    "The statement file is too large (at most %u MB)",
		    MARKET_BANKCSV_MAX >> 20);
	buf_init(&text, (size_t)MARKET_BANKCSV_MAX * 3);
	if ((e = decode(data, len, &text, &out->encoding, ei)) != ERR_OK)
		goto out;
	out->sep = guess_sep(buf_cstr(&text));
	if (text.len == 0 || (f = fmemopen(text.data, text.len, "r")) == NULL) {
		e = err_set(ei, ERR_INVALID, "market.bank_empty", "file",
		    "Tệp sao kê trống", "The statement file is empty");
		goto out;
	}
	r = csv_reader_new(f, "CSV");
	csv_reader_set_sep(r, out->sep);
	out->credits = arena_alloc(a, cap * sizeof *out->credits);
	while ((rc = csv_read(r, &rec, ei)) == 1) {
		if (!found) {
			if (++rows_seen > HEADER_SEARCH_ROWS)
				break;
			if ((have = header_of(&rec, idx)) > best_have) {
				best_have = have;
				memcpy(best, idx, sizeof best);
			}
			found = have == 3;
			continue;
		}
		out->rows++;
		if (out->ncredits == cap) {
			struct market_bankline *n = arena_alloc(a,
			    2 * cap * sizeof *n);

			memcpy(n, out->credits, cap * sizeof *n);
			out->credits = n;
			cap *= 2;
		}
		if (!row_of(a, &rec, idx, &out->credits[out->ncredits],
		    &credit, ei)) {
			e = ERR_INVALID;
			goto out;
		}
		if (credit)
			out->ncredits++;
	}
	if (rc < 0) {
		e = ei->err;
		goto out;
	}
	if (!found) {
		/* Name the first needed column the likeliest header lacks. */
		for (c = 0; c < COL_REF && best_have >= 0 && best[c] >= 0; c++)
			;
		if (best_have < 0)
			c = COL_DATE;
		char vi[256], en[256];

		if (c >= COL_REF)
			c = COL_DATE;
		snprintf(vi, sizeof vi, "Không thấy cột “%s” trong tệp sao kê "
		    "(tên cột nhận được: xem hướng dẫn bên dưới)", col_vi[c]);
		snprintf(en, sizeof en, "The statement has no “%s” column "
		    "(the names read: see the help below)", col_en[c]);
		e = err_set_texts(ei, ERR_INVALID, "market.bank_column", "file",
		    vi, en);
	}
out:
	csv_reader_free(r);
	if (f != NULL)
		fclose(f);
	buf_free(&text);
	return e;
}
