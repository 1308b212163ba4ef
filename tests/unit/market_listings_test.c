/*
 * market_listings_test.c - the producer's shop (market_listings.h): money,
 * weights and counts as people write them, and every problem of a
 * listing's form at once, each naming its field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/market/market_listings.h"

static void
money_as_people_write_it(void **state)
{
	(void)state;
	assert_int_equal(market_parse_vnd("120000"), 120000);
	assert_int_equal(market_parse_vnd("120.000"), 120000);
	assert_int_equal(market_parse_vnd("1.200.000 đ"), 1200000);
	assert_int_equal(market_parse_vnd("120 000 VND"), 120000);
	assert_int_equal(market_parse_vnd("120,000₫"), 120000);
	assert_int_equal(market_parse_vnd("120.000\xc2\xa0₫"), 120000);
	assert_int_equal(market_parse_vnd(" 35.000 đồng "), 35000);
	assert_int_equal(market_parse_vnd("-5"), -5);
	assert_int_equal(market_parse_vnd(""), MARKET_NUM_MISSING);
	assert_int_equal(market_parse_vnd(NULL), MARKET_NUM_MISSING);
	assert_int_equal(market_parse_vnd("12.5"), MARKET_NUM_BAD);
	assert_int_equal(market_parse_vnd("1.20.000"), MARKET_NUM_BAD);
	assert_int_equal(market_parse_vnd("một trăm"), MARKET_NUM_BAD);
	assert_int_equal(market_parse_vnd("120000 USD"), MARKET_NUM_BAD);
	/* far past every limit, refused as too large, never overflowing */
	assert_true(market_parse_vnd("99999999999999999999999") >
	    MARKET_PRICE_MAX);
	assert_int_equal(market_parse_count("1.200"), 1200);
	assert_int_equal(market_parse_count("12 hộp"), MARKET_NUM_BAD);
}

static void
weights_in_grams_or_kilograms(void **state)
{
	(void)state;
	assert_int_equal(market_parse_grams("500"), 500);
	assert_int_equal(market_parse_grams("500 g"), 500);
	assert_int_equal(market_parse_grams("500g"), 500);
	assert_int_equal(market_parse_grams("1.000 g"), 1000);
	assert_int_equal(market_parse_grams("1,5 kg"), 1500);
	assert_int_equal(market_parse_grams("1.5kg"), 1500);
	assert_int_equal(market_parse_grams("2 kg"), 2000);
	assert_int_equal(market_parse_grams("0,25 kg"), 250);
	assert_int_equal(market_parse_grams("3 ký"), 3000);
	assert_int_equal(market_parse_grams("1,2345 kg"), MARKET_NUM_BAD);
	assert_int_equal(market_parse_grams("1,5"), MARKET_NUM_BAD);
	assert_int_equal(market_parse_grams("-5 g"), -5);
	assert_int_equal(market_parse_grams("nặng"), MARKET_NUM_BAD);
	assert_int_equal(market_parse_grams(" "), MARKET_NUM_MISSING);
}

static void
every_problem_of_a_listing_at_once(void **state)
{
	struct market_listing_in in = { .product_id = 0, .unit_name = "",
		.variant = NULL, .price_vnd = 0, .stock = -1,
		.weight_grams = MARKET_WEIGHT_MAX + 1, .status = "gone" };
	struct errinfo p[MARKET_PROBLEMS_MAX];
	const char *want[] = { "product_id", "unit_name", "price_vnd", "stock",
		"weight_grams", "status" };
	size_t n;

	(void)state;
	n = market_listing_problems(&in, true, p, MARKET_PROBLEMS_MAX);
	assert_int_equal(n, 6);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(p[i].field, want[i]);
		assert_int_equal(p[i].err, ERR_INVALID);
		assert_null(strstr(p[i].message, p[i].field));	/* words */
	}
	/* an edit checks only what it changes */
	memset(&in, 0, sizeof(in));
	in.price_vnd = in.stock = in.weight_grams = MARKET_NUM_MISSING;
	in.status = "paused";
	assert_int_equal(market_listing_problems(&in, false, p,
	    MARKET_PROBLEMS_MAX), 0);
	in.price_vnd = MARKET_NUM_BAD;
	assert_int_equal(market_listing_problems(&in, false, p,
	    MARKET_PROBLEMS_MAX), 1);
	assert_string_equal(p[0].code, "market.bad_number");
}

static void
a_transfer_shop_needs_its_account(void **state)
{
	struct market_shop_in in = { .accepts_transfer = true,
		.bank_bin = "97043" };
	struct errinfo p[MARKET_PROBLEMS_MAX];
	size_t n;

	(void)state;
	n = market_shop_problems(&in, p, MARKET_PROBLEMS_MAX);
	assert_int_equal(n, 3);
	assert_string_equal(p[0].field, "bank_bin");
	assert_string_equal(p[1].field, "bank_account");
	assert_string_equal(p[2].field, "account_name");
	in.bank_bin = "970436";
	in.bank_account = "0071000123456";
	in.account_name = "NGUYEN THI DEMO";
	assert_int_equal(market_shop_problems(&in, p, MARKET_PROBLEMS_MAX), 0);
	in.accepts_transfer = false;
	assert_int_equal(market_shop_problems(&in, p, MARKET_PROBLEMS_MAX), 1);
	assert_string_equal(p[0].code, "market.no_payment");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(money_as_people_write_it),
		cmocka_unit_test(weights_in_grams_or_kilograms),
		cmocka_unit_test(every_problem_of_a_listing_at_once),
		cmocka_unit_test(a_transfer_shop_needs_its_account),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
