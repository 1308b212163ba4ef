/*
 * buf_test.c - unit tests of src/core/buf.c: appending, formatting, the
 * hard maximum (reaching it exactly works, passing it is ERR_LIMIT and
 * leaves the buffer as it was), NUL termination after every operation,
 * reset, free and detach.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"

/* The buffer holds exactly the n bytes of want, followed by a NUL. */
static void
expect_at(const struct buf *b, const char *want, size_t n, const char *file,
    int line)
{
	_assert_int_equal(b->len, n, file, line);
	if (n > 0) {
		_assert_true(b->data != NULL, "data", file, line);
		_assert_memory_equal(b->data, want, n, file, line);
	}
	if (b->data != NULL) {
		/* Room for the contents and the NUL was really allocated. */
		_assert_true(b->cap > b->len, "cap > len", file, line);
		_assert_int_equal(b->data[b->len], '\0', file, line);
	}
	_assert_true(b->len <= b->max, "len <= max", file, line);
	_assert_int_equal(buf_cstr(b)[n], '\0', file, line);
}
#define expect(b, want) expect_at(b, want, strlen(want), __FILE__, __LINE__)

static void
test_init_is_empty(void **state)
{
	struct buf b;

	(void)state;
	memset(&b, 0xa5, sizeof(b));
	buf_init(&b, 100);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 100);
	assert_string_equal(buf_cstr(&b), "");
	buf_free(&b);
}

static void
test_append_puts_putc(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 1000);
	assert_int_equal(buf_append(&b, "abc", 3), ERR_OK);
	expect(&b, "abc");
	assert_int_equal(buf_puts(&b, "-Xã-"), ERR_OK);
	expect(&b, "abc-Xã-");
	assert_int_equal(buf_putc(&b, '!'), ERR_OK);
	expect(&b, "abc-Xã-!");
	assert_int_equal(buf_append(&b, "zzz", 0), ERR_OK);
	expect(&b, "abc-Xã-!");
	/* Embedded NULs are data like any other byte. */
	assert_int_equal(buf_append(&b, "\0x", 2), ERR_OK);
	expect_at(&b, "abc-Xã-!\0x", 11, __FILE__, __LINE__);
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
}

static void
test_empty_append_terminates(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_append(&b, "", 0), ERR_OK);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	assert_int_equal(buf_putc(&b, 'x'), ERR_LIMIT);
	expect(&b, "");
	buf_free(&b);
}

static void
test_limit_exact_fit_then_refuse(void **state)
{
	struct buf b;
	char *before;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "12345"), ERR_OK);
	assert_int_equal(buf_puts(&b, "6789"), ERR_LIMIT);
	expect(&b, "12345");
	assert_int_equal(buf_puts(&b, "678"), ERR_OK);
	expect(&b, "12345678");
	before = b.data;
	assert_int_equal(buf_putc(&b, 'x'), ERR_LIMIT);
	assert_int_equal(buf_append(&b, "x", 1), ERR_LIMIT);
	assert_int_equal(buf_printf(&b, "%d", 1), ERR_LIMIT);
	assert_ptr_equal(b.data, before);
	expect(&b, "12345678");
	/* The allocation never exceeds max + 1. */
	assert_true(b.cap <= b.max + 1);
	buf_free(&b);
}

static void
test_huge_lengths_do_not_overflow(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 16);
	assert_int_equal(buf_puts(&b, "ab"), ERR_OK);
	assert_int_equal(buf_append(&b, "x", SIZE_MAX), ERR_LIMIT);
	assert_int_equal(buf_append(&b, "x", SIZE_MAX - 1), ERR_LIMIT);
	assert_int_equal(buf_append(&b, "x", 15), ERR_LIMIT);
	expect(&b, "ab");
	buf_free(&b);

	/* A buffer with no practical maximum grows normally and still
	 * rejects a length that would wrap around. */
	buf_init(&b, SIZE_MAX);
	assert_int_equal(buf_puts(&b, "ab"), ERR_OK);
	assert_int_equal(buf_append(&b, "x", SIZE_MAX - 1), ERR_LIMIT);
	expect(&b, "ab");
	buf_free(&b);
}

static void
test_printf(void **state)
{
	struct buf b;
	char big[300];

	(void)state;
	buf_init(&b, 1000);
	assert_int_equal(buf_printf(&b, "%s=%d;", "n", 42), ERR_OK);
	assert_int_equal(buf_printf(&b, "%05.1f|%x", 3.14159, 255u), ERR_OK);
	expect(&b, "n=42;003.1|ff");
	assert_int_equal(buf_printf(&b, "%s", ""), ERR_OK);
	expect(&b, "n=42;003.1|ff");
	/* Longer than the first allocation, so printf must grow first. */
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_reset(&b);
	assert_int_equal(buf_printf(&b, "<%s>", big), ERR_OK);
	assert_int_equal(b.len, 301);
	assert_int_equal(b.data[0], '<');
	assert_int_equal(b.data[299], 'q');
	assert_int_equal(b.data[300], '>');
	assert_int_equal(b.data[301], '\0');
	buf_free(&b);
}

static void
test_printf_limit(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 6);
	assert_int_equal(buf_puts(&b, "ab"), ERR_OK);
	assert_int_equal(buf_printf(&b, "%d", 12345), ERR_LIMIT);
	expect(&b, "ab");
	assert_int_equal(buf_printf(&b, "%d", 1234), ERR_OK);
	expect(&b, "ab1234");
	buf_free(&b);
}

static void
test_growth_many_appends(void **state)
{
	struct buf b;
	size_t i;

	(void)state;
	buf_init(&b, 100000);
	for (i = 0; i < 100000; i++)
		assert_int_equal(buf_putc(&b, (char)('a' + i % 26)), ERR_OK);
	assert_int_equal(b.len, 100000);
	assert_true(b.cap <= b.max + 1);
	for (i = 0; i < 100000; i++)
		if (b.data[i] != (char)('a' + i % 26))
			fail_msg("byte %zu is %c", i, b.data[i]);
	assert_int_equal(b.data[100000], '\0');
	assert_int_equal(buf_putc(&b, 'x'), ERR_LIMIT);
	assert_int_equal(b.len, 100000);
	buf_free(&b);
}

static void
test_reset_keeps_memory(void **state)
{
	struct buf b;
	char *mem;

	(void)state;
	buf_init(&b, 100);
	buf_reset(&b);			/* on an empty buffer: harmless */
	expect(&b, "");
	assert_int_equal(buf_puts(&b, "hello"), ERR_OK);
	mem = b.data;
	buf_reset(&b);
	expect(&b, "");
	assert_ptr_equal(b.data, mem);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(buf_puts(&b, "hi"), ERR_OK);
	expect(&b, "hi");
	buf_free(&b);
	/* A freed buffer keeps its maximum and can be used again. */
	assert_int_equal(buf_puts(&b, "again"), ERR_OK);
	expect(&b, "again");
	buf_free(&b);
}

static void
test_detach(void **state)
{
	struct buf b;
	char *p;
	size_t n = 99;

	(void)state;
	buf_init(&b, 100);
	assert_int_equal(buf_puts(&b, "owned"), ERR_OK);
	p = buf_detach(&b, &n);
	assert_string_equal(p, "owned");
	assert_int_equal(n, 5);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	free(p);
	/* Still usable, with the same maximum. */
	assert_int_equal(buf_puts(&b, "x"), ERR_OK);
	expect(&b, "x");
	p = buf_detach(&b, NULL);
	assert_string_equal(p, "x");
	free(p);
	/* An empty buffer detaches as a freeable "". */
	n = 99;
	p = buf_detach(&b, &n);
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(n, 0);
	free(p);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_is_empty),
		cmocka_unit_test(test_append_puts_putc),
		cmocka_unit_test(test_empty_append_terminates),
		cmocka_unit_test(test_limit_exact_fit_then_refuse),
		cmocka_unit_test(test_huge_lengths_do_not_overflow),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_printf_limit),
		cmocka_unit_test(test_growth_many_appends),
		cmocka_unit_test(test_reset_keeps_memory),
		cmocka_unit_test(test_detach),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
