/*
 * date_test.c - unit tests of src/core/date.c: the one date rule
 * (date_parse), the bounded years of a date a user gives
 * (date_parse_user), and formatting back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"

static void
test_parse(void **state)
{
	long d;
	char back[DATE_LEN];

	(void)state;
	assert_true(date_parse("1970-01-01", &d));
	assert_int_equal(d, 0);
	assert_true(date_parse("2024-02-29", &d));
	date_format(d, back);
	assert_string_equal(back, "2024-02-29");
	assert_false(date_parse("2025-02-29", NULL));
	assert_false(date_parse("2026-02-30", NULL));
	assert_false(date_parse("1899-12-31", NULL));
	assert_true(date_parse("1900-01-01", NULL));	/* lineage, history */
	assert_true(date_parse("9999-12-31", NULL));
	assert_false(date_parse("2026-1-01", NULL));
	assert_false(date_parse("2026-01-01 ", NULL));
	assert_false(date_parse(NULL, NULL));
}

static void
test_parse_user(void **state)
{
	long d = -1;

	(void)state;
	assert_true(date_parse_user("2000-01-01", &d));
	assert_true(d > 0);
	assert_true(date_parse_user("2100-12-31", NULL));
	assert_true(date_parse_user("2026-12-31", NULL));
	assert_false(date_parse_user("1999-12-31", NULL));
	assert_false(date_parse_user("2101-01-01", NULL));
	assert_false(date_parse_user("9999-12-31", NULL));
	assert_false(date_parse_user("1900-01-01", NULL));
	assert_false(date_parse_user("2026-02-30", NULL));
	assert_false(date_parse_user("+2026-01-0", NULL));
	assert_false(date_parse_user("", NULL));
	assert_false(date_parse_user(NULL, NULL));
}

static void
test_bounded_dates_stay_four_digits(void **state)
{
	char out[DATE_LEN];
	long d;

	(void)state;
	/* The last day a user may give plus a year of posting. */
	assert_true(date_parse_user("2100-12-31", &d));
	date_format(d + 365, out);
	assert_string_equal(out, "2101-12-31");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_user),
		cmocka_unit_test(test_bounded_dates_stay_four_digits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
