/*
 * numfmt_test.c - unit tests for core/numfmt.c: Vietnamese and English
 * grouping and decimal marks, rounding, percentages, sizes, no data.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>

#include <cmocka.h>

#include "core/numfmt.h"

#define NB "\xc2\xa0"

static void
test_int(void **state)
{
	char o[NUMFMT_LEN];

	(void)state;
	assert_string_equal(numfmt_int(o, 0, "vi"), "0");
	assert_string_equal(numfmt_int(o, 7, "vi"), "7");
	assert_string_equal(numfmt_int(o, 999, "vi"), "999");
	assert_string_equal(numfmt_int(o, 1000, "vi"), "1.000");
	assert_string_equal(numfmt_int(o, 5467, "vi"), "5.467");
	assert_string_equal(numfmt_int(o, 1234567, "vi"), "1.234.567");
	assert_string_equal(numfmt_int(o, -1234567, "vi"), "-1.234.567");
	assert_string_equal(numfmt_int(o, 1234567, "en"), "1,234,567");
	assert_string_equal(numfmt_int(o, 100000, NULL), "100.000");
	assert_string_equal(numfmt_int(o, LLONG_MAX, "vi"),
	    "9.223.372.036.854.775.807");
	assert_string_equal(numfmt_int(o, LLONG_MIN, "en"),
	    "-9,223,372,036,854,775,808");
}

static void
test_fixed(void **state)
{
	char o[NUMFMT_LEN];

	(void)state;
	assert_string_equal(numfmt_fixed(o, 1234.5, 2, "vi"), "1.234,50");
	assert_string_equal(numfmt_fixed(o, 1234.5, 2, "en"), "1,234.50");
	assert_string_equal(numfmt_fixed(o, 0.04, 1, "vi"), "0,0");
	assert_string_equal(numfmt_fixed(o, -0.04, 1, "vi"), "0,0");
	assert_string_equal(numfmt_fixed(o, -12345.678, 1, "vi"), "-12.345,7");
	assert_string_equal(numfmt_fixed(o, 999.96, 1, "vi"), "1.000,0");
	assert_string_equal(numfmt_fixed(o, 12.5, 0, "vi"), "12");
	assert_string_equal(numfmt_fixed(o, NAN, 1, "vi"), "—");
	assert_string_equal(numfmt_fixed(o, INFINITY, 1, "en"), "—");
}

static void
test_num(void **state)
{
	char o[NUMFMT_LEN];

	(void)state;
	assert_string_equal(numfmt_num(o, 3.3, "vi"), "3,3");
	assert_string_equal(numfmt_num(o, 95 - 91.7, "vi"), "3,3");
	assert_string_equal(numfmt_num(o, 12000, "vi"), "12.000");
	assert_string_equal(numfmt_num(o, 12000, "en"), "12,000");
	assert_string_equal(numfmt_num(o, 0.25, "vi"), "0,25");
	assert_string_equal(numfmt_num(o, 80, "vi"), "80");
	assert_string_equal(numfmt_num(o, -0.0, "vi"), "0");
	assert_string_equal(numfmt_num(o, 45678.125, "vi"), "45.678,125");
	assert_string_equal(numfmt_num(o, 1.0 / 3.0, "en"), "0.333333");
	assert_string_equal(numfmt_num(o, 1e12, "vi"), "1.000.000.000.000");
	assert_string_equal(numfmt_num(o, NAN, "vi"), "—");
	/* A form field's value reads back: no grouping, nothing for NaN. */
	assert_string_equal(numfmt_input(o, 12000.5, "vi"), "12000,5");
	assert_string_equal(numfmt_input(o, 12000.5, "en"), "12000.5");
	assert_string_equal(numfmt_input(o, NAN, "vi"), "");
}

static void
test_pct(void **state)
{
	char o[NUMFMT_LEN];

	(void)state;
	assert_string_equal(numfmt_pct(o, 91.5, "vi"), "91,5" NB "%");
	assert_string_equal(numfmt_pct(o, 91.5, "en"), "91.5" NB "%");
	assert_string_equal(numfmt_pct(o, 100, "vi"), "100,0" NB "%");
	assert_string_equal(numfmt_pct(o, 87.46, "vi"), "87,5" NB "%");
	assert_string_equal(numfmt_pct(o, NAN, "vi"), "—");
	assert_string_equal(numfmt_pct_figure(o, 91.54, "vi"), "91,5");
	assert_string_equal(numfmt_pct_figure(o, 1234.5, "vi"), "1.234,5");
}

static void
test_bytes(void **state)
{
	char o[NUMFMT_LEN];

	(void)state;
	assert_string_equal(numfmt_bytes(o, 512, "vi"), "512" NB "B");
	assert_string_equal(numfmt_bytes(o, 1536, "vi"), "1,5" NB "KB");
	assert_string_equal(numfmt_bytes(o, 1536, "en"), "1.5" NB "KB");
	assert_string_equal(numfmt_bytes(o, 12897484, "vi"), "12,3" NB "MB");
	assert_string_equal(numfmt_bytes(o, 3LL << 30, "vi"), "3,0" NB "GB");
}

static void
test_vnd(void **state)
{
	char o[NUMFMT_LEN];

	(void)state;
	assert_string_equal(numfmt_vnd(o, 120000, "vi"), "120.000" NB "₫");
	assert_string_equal(numfmt_vnd(o, 1250000, "en"), "1,250,000" NB "VND");
	assert_string_equal(numfmt_vnd(o, 0, "vi"), "0" NB "₫");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_num),
		cmocka_unit_test(test_pct),
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_vnd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
