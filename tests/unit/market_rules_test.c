/*
 * market_rules_test.c - the marketplace's shared rules (market.h): which
 * listings sell on a day, a parcel's shipping fee, the platform's fee.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/market/market.h"

static void
sells_only_while_active_and_certified(void **state)
{
	(void)state;
	assert_int_equal(market_sellable("active", "2028-02-29", NULL,
	    "2026-12-04"), MARKET_SELLS);
	/* Expiring within 90 days still sells: the certificate is valid. */
	assert_int_equal(market_sellable("active", "2027-01-31", "",
	    "2026-12-04"), MARKET_SELLS);
	/* The last valid day sells; the day after does not. */
	assert_int_equal(market_sellable("active", "2026-12-04", NULL,
	    "2026-12-04"), MARKET_SELLS);
	assert_int_equal(market_sellable("active", "2026-12-03", NULL,
	    "2026-12-04"), MARKET_CERT_EXPIRED);
	assert_int_equal(market_sellable("active", "2028-02-29", "2026-11-01",
	    "2026-12-04"), MARKET_CERT_REVOKED);
	assert_int_equal(market_sellable("active", NULL, NULL, "2026-12-04"),
	    MARKET_NO_CERTIFICATE);
	/* The producer's choice comes first. */
	assert_int_equal(market_sellable("paused", "2028-02-29", NULL,
	    "2026-12-04"), MARKET_PAUSED);
	assert_int_equal(market_sellable("closed", NULL, NULL, "2026-12-04"),
	    MARKET_CLOSED);
	assert_string_equal(market_sellable_key(MARKET_CERT_EXPIRED),
	    "certificate_expired");
	assert_string_not_equal(market_sellable_reason(MARKET_CERT_EXPIRED,
	    "vi"), market_sellable_reason(MARKET_CERT_EXPIRED, "en"));
}

static void
shipping_counts_every_started_step(void **state)
{
	struct market_ship_rule r = { 1000, 30000, 500, 5000 };

	(void)state;
	assert_int_equal(market_shipping_fee(&r, 1), 30000);
	assert_int_equal(market_shipping_fee(&r, 1000), 30000);
	assert_int_equal(market_shipping_fee(&r, 1001), 35000);
	assert_int_equal(market_shipping_fee(&r, 1500), 35000);
	assert_int_equal(market_shipping_fee(&r, 1501), 40000);
	assert_int_equal(market_shipping_fee(&r, 10000), 30000 + 18 * 5000);
}

static void
fee_rounds_half_up_to_whole_dong(void **state)
{
	(void)state;
	assert_int_equal(market_fee_of(100000, 0), 0);
	assert_int_equal(market_fee_of(100000, 250), 2500);
	assert_int_equal(market_fee_of(199, 250), 5);	/* 4.975 */
	assert_int_equal(market_fee_of(180, 250), 5);	/* 4.5 */
	assert_int_equal(market_fee_of(179, 250), 4);	/* 4.475 */
	assert_int_equal(market_fee_of(1000000000LL * 10000, 10000),
	    1000000000LL * 10000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sells_only_while_active_and_certified),
		cmocka_unit_test(shipping_counts_every_started_step),
		cmocka_unit_test(fee_rounds_half_up_to_whole_dong),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
