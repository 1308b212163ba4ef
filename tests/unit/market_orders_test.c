/*
 * market_orders_test.c - the checkout's phone rule (market_orders.h):
 * Vietnamese mobiles and landlines as buyers type them, read into the
 * national form, and what is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/market/market_orders.h"

static void
accepts(const char *typed, const char *national)
{
	char out[MARKET_PHONE_LEN];

	assert_true(market_phone_normalise(typed, out));
	assert_string_equal(out, national);
}

static void
refuses(const char *typed)
{
	char out[MARKET_PHONE_LEN];

	assert_false(market_phone_normalise(typed, out));
}

static void
mobiles_in_any_writing(void **state)
{
	(void)state;
	accepts("0912345678", "0912345678");
	accepts("0912 345 678", "0912345678");
	accepts("0912.345.678", "0912345678");
	accepts("+84 912 345 678", "0912345678");
	accepts("84912345678", "0912345678");
	accepts("(+84) 388-765-432", "0388765432");
	accepts("0868123456", "0868123456");
	accepts("0705123456", "0705123456");
	accepts("0599123456", "0599123456");
	/* the prefixes no network uses */
	refuses("0112345678");
	refuses("0312345678");
	refuses("0512345678");
	refuses("0712345678");
	refuses("0802345678");
	refuses("0952345678");
	/* too short, too long, not a number, another country */
	refuses("091234567");
	refuses("09123456789");
	refuses("0912abc678");
	refuses("+1 912 345 678");
	refuses("");
	refuses(NULL);
}

static void
landlines_with_their_area_code(void **state)
{
	(void)state;
	accepts("024 3825 1234", "02438251234");
	accepts("0236.3822.123", "02363822123");
	accepts("+84 24 3825 1234", "02438251234");
	/* the old 10-digit landlines (before 2017) are no more */
	refuses("04 3825 1234");
	refuses("0243825123");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mobiles_in_any_writing),
		cmocka_unit_test(landlines_with_their_area_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
