/*
 * csv_test.c - unit tests for core/csv.c: records and fields, quoting,
 * line ends, the byte order mark, line numbers across multi-line
 * records, every error with its line, column, code and message, the
 * limits, and input that straddles the reader's 8 KiB buffer.
 *
 * Input goes through tmpfile() so the reader sees a real FILE, empty
 * files included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/csv.h"

struct fixture {
	FILE *f;
	struct csv_reader *r;
	struct csv_record rec;
	struct errinfo ei;
};

/* A reader named "test.csv" over the n bytes at s. */
static struct fixture *
open_mem(const char *s, size_t n)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	assert_non_null(fx->f = tmpfile());
	if (n > 0)
		assert_int_equal(fwrite(s, 1, n, fx->f), n);
	rewind(fx->f);
	assert_non_null(fx->r = csv_reader_new(fx->f, "test.csv"));
	return fx;
}

#define OPEN(lit) open_mem(lit, sizeof(lit) - 1)

static void
close_mem(struct fixture *fx)
{
	csv_reader_free(fx->r);
	fclose(fx->f);
	free(fx);
}

/* Read one record and check it has the given line and fields (NULL-ended). */
static void
expect_rec(struct fixture *fx, long line, ...)
{
	va_list ap;
	const char *want;
	size_t i = 0;
	int rc;

	rc = csv_read(fx->r, &fx->rec, &fx->ei);
	if (rc != 1)
		print_error("csv_read = %d: %s\n", rc, fx->ei.message);
	assert_int_equal(rc, 1);
	assert_int_equal(fx->rec.line, line);
	va_start(ap, line);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_true(i < fx->rec.nfields);
		assert_int_equal(fx->rec.lens[i], strlen(want));
		assert_string_equal(fx->rec.fields[i], want);
		i++;
	}
	va_end(ap);
	assert_int_equal(fx->rec.nfields, i);
}

static void
expect_eof(struct fixture *fx)
{
	assert_int_equal(csv_read(fx->r, &fx->rec, &fx->ei), 0);
	/* And it stays at the end. */
	assert_int_equal(csv_read(fx->r, &fx->rec, &fx->ei), 0);
}

/* Read and expect an error at line, col with this code and message tail. */
static void
expect_err(struct fixture *fx, long line, long col, enum err e,
    const char *code, const char *what)
{
	char msg[320], msg_en[320];

	assert_int_equal(csv_read(fx->r, &fx->rec, &fx->ei), -1);
	assert_int_equal(csv_line(fx->r), line);
	assert_int_equal(csv_col(fx->r), col);
	assert_int_equal(fx->ei.err, e);
	assert_string_equal(fx->ei.code, code);
	snprintf(msg, sizeof(msg), "test.csv: dòng %ld, cột %ld: %s", line,
	    col, what);
	assert_string_equal(fx->ei.message, msg);
	/* The same place in English, with an English reason (no letter of
	 * the Vietnamese alphabet beyond ASCII). */
	snprintf(msg_en, sizeof(msg_en), "test.csv: line %ld, column %ld: ",
	    line, col);
	assert_memory_equal(fx->ei.message_en, msg_en, strlen(msg_en));
	assert_true(strlen(fx->ei.message_en) > strlen(msg_en));
	for (const char *c = fx->ei.message_en; *c != '\0'; c++)
		assert_true((unsigned char)*c < 0x80);
	/* Errors are sticky. */
	memset(&fx->ei, 0, sizeof(fx->ei));
	assert_int_equal(csv_read(fx->r, &fx->rec, &fx->ei), -1);
	assert_string_equal(fx->ei.message, msg);
	assert_int_equal(csv_line(fx->r), line);
	assert_int_equal(csv_col(fx->r), col);
}

static void
test_simple(void **state)
{
	struct fixture *fx = OPEN("ma,ten,cap\n01,Hà Nội,tinh\n02,Hà Giang,tinh\n");

	(void)state;
	assert_string_equal(csv_name(fx->r), "test.csv");
	expect_rec(fx, 1, "ma", "ten", "cap", NULL);
	expect_rec(fx, 2, "01", "Hà Nội", "tinh", NULL);
	expect_rec(fx, 3, "02", "Hà Giang", "tinh", NULL);
	expect_eof(fx);
	assert_int_equal(csv_line(fx->r), 0);
	close_mem(fx);
}

static void
test_empty_fields(void **state)
{
	struct fixture *fx = OPEN(",a,,\n,\nx\n\"\"\n");

	(void)state;
	expect_rec(fx, 1, "", "a", "", "", NULL);
	expect_rec(fx, 2, "", "", NULL);
	expect_rec(fx, 3, "x", NULL);
	/* A quoted empty field is a record; a blank line is not. */
	expect_rec(fx, 4, "", NULL);
	expect_eof(fx);
	close_mem(fx);
}

static void
test_quotes(void **state)
{
	struct fixture *fx = OPEN("\"a,b\",\"say \"\"hi\"\"\",\"\",\"\"\"\"\n"
	    "\" spaced \",plain\n");

	(void)state;
	expect_rec(fx, 1, "a,b", "say \"hi\"", "", "\"", NULL);
	expect_rec(fx, 2, " spaced ", "plain", NULL);
	expect_eof(fx);
	close_mem(fx);
}

static void
test_embedded_newline(void **state)
{
	struct fixture *fx = OPEN("id,ghi chu\n"
	    "1,\"dòng một\ndòng hai\"\n"
	    "2,x\n"
	    "3,\"a\r\nb\r\n\"\n"
	    "\"4\n\n\n\",y\n"
	    "5,z\n");

	(void)state;
	expect_rec(fx, 1, "id", "ghi chu", NULL);
	expect_rec(fx, 2, "1", "dòng một\ndòng hai", NULL);
	expect_rec(fx, 4, "2", "x", NULL);
	expect_rec(fx, 5, "3", "a\r\nb\r\n", NULL);
	expect_rec(fx, 8, "4\n\n\n", "y", NULL);
	expect_rec(fx, 12, "5", "z", NULL);
	expect_eof(fx);
	close_mem(fx);
}

static void
test_bom(void **state)
{
	struct fixture *fx = OPEN("\xEF\xBB\xBFma,ten\n1,\xEF\xBB\xBFx\n");

	(void)state;
	expect_rec(fx, 1, "ma", "ten", NULL);
	/* Only the one at the start of the file is skipped. */
	expect_rec(fx, 2, "1", "\xEF\xBB\xBFx", NULL);
	expect_eof(fx);
	close_mem(fx);

	fx = OPEN("\xEF\xBB\xBF");
	expect_eof(fx);
	close_mem(fx);

	fx = OPEN("\xEF\xBB\xBF\"q\"\n");
	expect_rec(fx, 1, "q", NULL);
	expect_eof(fx);
	close_mem(fx);

	/* Half a BOM is just invalid text. */
	fx = OPEN("\xEF\xBB");
	expect_err(fx, 1, 1, ERR_INVALID, "csv.utf8", "UTF-8 không hợp lệ");
	close_mem(fx);
}

static void
test_crlf(void **state)
{
	struct fixture *fx = OPEN("a,b\r\n\"c\",\"d\"\r\n\r\ne,\r\n");

	(void)state;
	expect_rec(fx, 1, "a", "b", NULL);
	expect_rec(fx, 2, "c", "d", NULL);
	expect_rec(fx, 4, "e", "", NULL);
	expect_eof(fx);
	close_mem(fx);

	/* Lone CRs end lines too. */
	fx = OPEN("a\rb,\"c\rd\"\re\r");
	expect_rec(fx, 1, "a", NULL);
	expect_rec(fx, 2, "b", "c\rd", NULL);
	expect_rec(fx, 4, "e", NULL);
	expect_eof(fx);
	close_mem(fx);
}

static void
test_empty_file(void **state)
{
	struct fixture *fx = open_mem("", 0);

	(void)state;
	expect_eof(fx);
	close_mem(fx);

	fx = OPEN("\n\r\n\n");
	expect_eof(fx);
	close_mem(fx);
}

static void
test_no_final_newline(void **state)
{
	struct fixture *fx = OPEN("a,b\nc,d");

	(void)state;
	expect_rec(fx, 1, "a", "b", NULL);
	expect_rec(fx, 2, "c", "d", NULL);
	expect_eof(fx);
	close_mem(fx);

	fx = OPEN("a,\"b\"");
	expect_rec(fx, 1, "a", "b", NULL);
	expect_eof(fx);
	close_mem(fx);

	fx = OPEN("a,");
	expect_rec(fx, 1, "a", "", NULL);
	expect_eof(fx);
	close_mem(fx);
}

static void
test_blank_lines_skipped(void **state)
{
	struct fixture *fx = OPEN("a\n\nb\n\n\n");

	(void)state;
	expect_rec(fx, 1, "a", NULL);
	expect_rec(fx, 3, "b", NULL);
	expect_eof(fx);
	close_mem(fx);
}

static void
test_unterminated_quote(void **state)
{
	struct fixture *fx = OPEN("a,b\nc,\"open\nmore\nlines\n");

	(void)state;
	expect_rec(fx, 1, "a", "b", NULL);
	expect_err(fx, 2, 2, ERR_INVALID, "csv.syntax",
	    "dấu ngoặc kép không đóng");
	close_mem(fx);

	/* After a multi-line record the line is still right. */
	fx = OPEN("\"x\ny\",1\n2,3,\"");
	expect_rec(fx, 1, "x\ny", "1", NULL);
	expect_err(fx, 3, 3, ERR_INVALID, "csv.syntax",
	    "dấu ngoặc kép không đóng");
	close_mem(fx);

	/* An escaped quote at the very end does not close the field. */
	fx = OPEN("\"abc\"\"");
	expect_err(fx, 1, 1, ERR_INVALID, "csv.syntax",
	    "dấu ngoặc kép không đóng");
	close_mem(fx);
}

static void
test_junk_after_quote(void **state)
{
	struct fixture *fx = OPEN("x\n\"a\"b,c\n");

	(void)state;
	expect_rec(fx, 1, "x", NULL);
	expect_err(fx, 2, 1, ERR_INVALID, "csv.syntax",
	    "ký tự sau dấu ngoặc kép đóng không hợp lệ");
	close_mem(fx);

	fx = OPEN("1,2,\"a\" \n");
	expect_err(fx, 1, 3, ERR_INVALID, "csv.syntax",
	    "ký tự sau dấu ngoặc kép đóng không hợp lệ");
	close_mem(fx);
}

static void
test_stray_quote(void **state)
{
	static const char what[] =
	    "dấu ngoặc kép không hợp lệ trong ô không có ngoặc kép";
	struct fixture *fx = OPEN("ab\"c,d\n");

	(void)state;
	expect_err(fx, 1, 1, ERR_INVALID, "csv.syntax", what);
	close_mem(fx);

	fx = OPEN("ok\na,b\"\n");
	expect_rec(fx, 1, "ok", NULL);
	expect_err(fx, 2, 2, ERR_INVALID, "csv.syntax", what);
	close_mem(fx);

	/* A space before the opening quote makes the field unquoted. */
	fx = OPEN("a, \"b\"\n");
	expect_err(fx, 1, 2, ERR_INVALID, "csv.syntax", what);
	close_mem(fx);
}

static void
test_invalid_utf8(void **state)
{
	struct fixture *fx = OPEN("ok,fine\nx,y,\xC3\x28\n");

	(void)state;
	expect_rec(fx, 1, "ok", "fine", NULL);
	expect_err(fx, 2, 3, ERR_INVALID, "csv.utf8", "UTF-8 không hợp lệ");
	close_mem(fx);

	/* In a quoted multi-line field: the line of the record start. */
	fx = OPEN("h\n\"a\nb\",\"c\n\xED\xA0\x80\"\n");
	expect_rec(fx, 1, "h", NULL);
	expect_err(fx, 2, 2, ERR_INVALID, "csv.utf8", "UTF-8 không hợp lệ");
	close_mem(fx);

	/* Latin-1 "Hà Nội" as exported by an old spreadsheet. */
	fx = OPEN("H\xE0 N\xF4i\n");
	expect_err(fx, 1, 1, ERR_INVALID, "csv.utf8", "UTF-8 không hợp lệ");
	close_mem(fx);

	/* UTF-16 (NUL bytes). */
	fx = open_mem("a\0,\0b\0\n\0", 8);
	expect_err(fx, 1, 1, ERR_INVALID, "csv.utf8",
	    "UTF-8 không hợp lệ (có byte NUL)");
	close_mem(fx);
}

/* A record of n fields "0".."n-1" (as text) into a malloc'd string. */
static char *
make_wide(size_t n, size_t *lenp)
{
	char *s = malloc(n * 8 + 2);
	size_t i, len = 0;

	assert_non_null(s);
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, 8, "%s%zu", i ? "," : "", i);
	s[len++] = '\n';
	s[len] = '\0';
	*lenp = len;
	return s;
}

static void
test_too_many_fields(void **state)
{
	struct fixture *fx;
	size_t len;
	char *s;

	(void)state;
	s = make_wide(CSV_MAX_FIELDS, &len);
	fx = open_mem(s, len);
	assert_int_equal(csv_read(fx->r, &fx->rec, &fx->ei), 1);
	assert_int_equal(fx->rec.nfields, CSV_MAX_FIELDS);
	assert_string_equal(fx->rec.fields[0], "0");
	assert_string_equal(fx->rec.fields[CSV_MAX_FIELDS - 1], "255");
	expect_eof(fx);
	close_mem(fx);
	free(s);

	s = make_wide(CSV_MAX_FIELDS + 1, &len);
	fx = open_mem(s, len);
	expect_err(fx, 1, CSV_MAX_FIELDS + 1, ERR_LIMIT, "csv.limit",
	    "quá nhiều cột");
	close_mem(fx);
	free(s);

	/* Empty fields count too. */
	s = calloc(1, CSV_MAX_FIELDS + 2);
	assert_non_null(s);
	memset(s, ',', CSV_MAX_FIELDS);
	fx = open_mem(s, CSV_MAX_FIELDS);
	expect_err(fx, 1, CSV_MAX_FIELDS + 1, ERR_LIMIT, "csv.limit",
	    "quá nhiều cột");
	close_mem(fx);
	free(s);
}

static void
test_field_too_long(void **state)
{
	struct fixture *fx;
	size_t n = CSV_MAX_FIELD;
	char *s = malloc(n + 16);

	(void)state;
	assert_non_null(s);
	/* Exactly the limit, unquoted, then quoted with an escaped quote. */
	s[0] = 'a';
	s[1] = ',';
	memset(s + 2, 'x', n);
	s[n + 2] = '\n';
	fx = open_mem(s, n + 3);
	assert_int_equal(csv_read(fx->r, &fx->rec, &fx->ei), 1);
	assert_int_equal(fx->rec.nfields, 2);
	assert_int_equal(fx->rec.lens[1], n);
	assert_int_equal(strlen(fx->rec.fields[1]), n);
	expect_eof(fx);
	close_mem(fx);

	s[2] = '"';
	memset(s + 3, 'x', n - 1);
	memcpy(s + n + 2, "\"\"\"\n", 4);	/* ..x"" then the close */
	fx = open_mem(s, n + 6);
	assert_int_equal(csv_read(fx->r, &fx->rec, &fx->ei), 1);
	assert_int_equal(fx->rec.lens[1], n);
	assert_int_equal(fx->rec.fields[1][n - 1], '"');
	close_mem(fx);

	/* One byte more. */
	memset(s + 2, 'x', n + 1);
	s[n + 3] = '\n';
	fx = open_mem(s, n + 4);
	expect_err(fx, 1, 2, ERR_LIMIT, "csv.limit", "ô quá dài");
	close_mem(fx);

	s[2] = '"';
	memset(s + 3, 'x', n + 1);
	memcpy(s + n + 4, "\"\n", 2);
	fx = open_mem(s, n + 6);
	expect_err(fx, 1, 2, ERR_LIMIT, "csv.limit", "ô quá dài");
	close_mem(fx);
	free(s);
}

/*
 * Line ends, escaped quotes and multibyte characters split across the
 * reader's 8192-byte buffer: the record boundaries and line numbers must
 * not change.  Each case puts the interesting bytes at offsets 8189 to
 * 8193.
 */
static void
test_buffer_boundaries(void **state)
{
	static const char *const tails[] = {
		"\r\nnext\r\n", "\"\"\",z\nnext\n", "Nẵng\nnext\n",
		"\r\n\r\nnext\n",
	};
	char *s;
	size_t t, pad, len, tl;
	struct fixture *fx;

	(void)state;
	s = malloc(16384);
	assert_non_null(s);
	for (t = 0; t < sizeof(tails) / sizeof(tails[0]); t++)
		for (pad = 8189; pad <= 8193; pad++) {
			tl = strlen(tails[t]);
			if (t == 1) {
				/* A quoted field ending in an escaped quote. */
				s[0] = '"';
				memset(s + 1, 'q', pad - 1);
			} else
				memset(s, 'q', pad);
			memcpy(s + pad, tails[t], tl);
			len = pad + tl;
			fx = open_mem(s, len);
			assert_int_equal(csv_read(fx->r, &fx->rec, &fx->ei),
			    1);
			assert_int_equal(fx->rec.line, 1);
			switch (t) {
			case 0:
			case 3:
				assert_int_equal(fx->rec.nfields, 1);
				assert_int_equal(fx->rec.lens[0], pad);
				break;
			case 1:
				assert_int_equal(fx->rec.nfields, 2);
				assert_int_equal(fx->rec.lens[0], pad);
				assert_int_equal(fx->rec.fields[0][pad - 1],
				    '"');
				assert_string_equal(fx->rec.fields[1], "z");
				break;
			case 2:
				assert_int_equal(fx->rec.lens[0],
				    pad + strlen("Nẵng"));
				assert_string_equal(fx->rec.fields[0] + pad,
				    "Nẵng");
				break;
			}
			expect_rec(fx, t == 3 ? 3 : 2, "next", NULL);
			expect_eof(fx);
			close_mem(fx);
		}
	free(s);
}

static void
test_vietnamese_and_null_ei(void **state)
{
	struct fixture *fx = OPEN("Xã Hòa Bình,\"Đà Nẵng, Việt Nam\"\n");

	(void)state;
	assert_int_equal(csv_read(fx->r, &fx->rec, NULL), 1);
	assert_int_equal(fx->rec.nfields, 2);
	assert_string_equal(fx->rec.fields[0], "Xã Hòa Bình");
	assert_string_equal(fx->rec.fields[1], "Đà Nẵng, Việt Nam");
	assert_int_equal(csv_read(fx->r, &fx->rec, NULL), 0);
	close_mem(fx);

	fx = OPEN("\"");
	assert_int_equal(csv_read(fx->r, &fx->rec, NULL), -1);
	assert_int_equal(csv_line(fx->r), 1);
	assert_int_equal(csv_col(fx->r), 1);
	close_mem(fx);
}

/* A reader without a name still makes messages; one over a stream that
 * cannot be read reports an I/O error rather than an empty file. */
static void
test_name_and_io_error(void **state)
{
	struct csv_reader *r;
	struct csv_record rec;
	struct errinfo ei;
	FILE *f;

	(void)state;
	assert_non_null(f = tmpfile());
	r = csv_reader_new(f, NULL);
	assert_string_equal(csv_name(r), "CSV");
	csv_reader_free(r);
	fclose(f);

	/* A write-only stream: reading it sets the error indicator. */
	assert_non_null(f = fopen("/dev/null", "w"));
	r = csv_reader_new(f, "w.csv");
	assert_int_equal(csv_read(r, &rec, &ei), -1);
	assert_int_equal(ei.err, ERR_SYS);
	assert_string_equal(ei.code, "csv.io");
	csv_reader_free(r);
	fclose(f);
	csv_reader_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_empty_fields),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_embedded_newline),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_blank_lines_skipped),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_junk_after_quote),
		cmocka_unit_test(test_stray_quote),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_too_many_fields),
		cmocka_unit_test(test_field_too_long),
		cmocka_unit_test(test_buffer_boundaries),
		cmocka_unit_test(test_vietnamese_and_null_ei),
		cmocka_unit_test(test_name_and_io_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
