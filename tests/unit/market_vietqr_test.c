/*
 * market_vietqr_test.c - VietQR payloads (market_vietqr.h): the CRC's
 * check value, the example of NAPAS's specification and codes bank apps
 * accepted rebuilt byte for byte, bad input refused, the QR image, the
 * bank list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/market/market_vietqr.h"

static void
crc_check_value(void **state)
{
	(void)state;
	/* CRC-16/CCITT-FALSE's published check value. */
	assert_int_equal(market_vietqr_crc("123456789", 9), 0x29B1);
}

static void
rebuilds_published_codes(void **state)
{
	/* The IBFT-to-account example of NAPAS QR Switching v1.5.2 part IV,
	 * and two codes bank apps accepted (a VietinBank donation QR, the
	 * vietnam-qr-pay library's README example), each with its CRC. */
	static const struct {
		const char *bin, *account, *ref;
		int64_t amount;
		const char *want;
	} v[] = {
		{ "970436", "0011001800879", "nhan tien", 100000,
		  "00020101021238570010A00000072701270006970436011300110018008"
		  "790208QRIBFTTA530370454061000005802VN62130809nhan tien"
		  "6304D1EF" },
		{ "970415", "0011001932418", "ung ho lu lut", 120000,
		  "00020101021238570010A00000072701270006970415011300110019324"
		  "180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut"
		  "6304C15C" },
		{ "970416", "257678859", "Chuyen tien", 1000,
		  "00020101021238530010A0000007270123000697041601092576788590"
		  "208QRIBFTTA5303704540410005802VN62150811Chuyen tien"
		  "6304BBB8" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		char *p = market_vietqr_payload(v[i].bin, v[i].account,
		    v[i].amount, v[i].ref);

		assert_non_null(p);
		assert_string_equal(p, v[i].want);
		/* The CRC is over everything before it, "6304" included. */
		assert_int_equal(market_vietqr_crc(p, strlen(p) - 4),
		    strtol(p + strlen(p) - 4, NULL, 16));
		free(p);
	}
}

static void
refuses_bad_input(void **state)
{
	const char *field;
	char *p;

	(void)state;
	assert_null(market_vietqr_payload("97043", "123", 1000, "A"));
	assert_null(market_vietqr_payload("97043a", "123", 1000, "A"));
	assert_null(market_vietqr_payload("970436", "", 1000, "A"));
	assert_null(market_vietqr_payload("970436", "12345678901234567890",
	    1000, "A"));
	assert_null(market_vietqr_payload("970436", "123-456", 1000, "A"));
	assert_null(market_vietqr_payload("970436", "123", 0, "A"));
	assert_null(market_vietqr_payload("970436", "123", -5, "A"));
	assert_null(market_vietqr_payload("970436", "123",
	    MARKET_VIETQR_AMOUNT_MAX + 1, "A"));
	/* Accents and punctuation: some banks drop them from descriptions,
	 * so the reference would not reach the statement. */
	assert_null(market_vietqr_payload("970436", "123", 1000,
	    "Thanh to\xc3\xa1n"));
	assert_null(market_vietqr_payload("970436", "123", 1000, "DH-123"));
	assert_null(market_vietqr_payload("970436", "123", 1000,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
	assert_false(market_vietqr_check("970436", "123", 1000, "DH#1",
	    &field));
	assert_string_equal(field, "reference");
	assert_false(market_vietqr_check("1", "123", 1000, "DH1", &field));
	assert_string_equal(field, "bin");
	/* The limits themselves are fine; no reference leaves out tag 62. */
	p = market_vietqr_payload("970436", "ABC1234567890123456",
	    MARKET_VIETQR_AMOUNT_MAX, "ABCDEFGHIJKLMNOPQRSTUVWXY");
	assert_non_null(p);
	assert_non_null(strstr(p, "54139999999999999"));
	free(p);
	p = market_vietqr_payload("970436", "123", 5, NULL);
	assert_non_null(p);
	assert_null(strstr(p, "6208"));
	assert_int_equal(market_vietqr_crc(p, strlen(p) - 4),
	    strtol(p + strlen(p) - 4, NULL, 16));
	free(p);
}

static void
svg_image(void **state)
{
	struct buf b;
	char *p = market_vietqr_payload("970436", "0011001800879", 250000,
	    "NTM1A2B3C");

	(void)state;
	buf_init(&b, 1 << 20);
	assert_int_equal(market_vietqr_svg(&b, p), ERR_OK);
	assert_int_equal(strncmp(buf_cstr(&b), "<svg ", 5), 0);
	assert_non_null(strstr(buf_cstr(&b), "<path fill=\"#000\" d=\"M"));
	assert_int_equal(market_vietqr_svg(&b, ""), ERR_INVALID);
	buf_free(&b);
	/* A buffer too small is left as it was. */
	buf_init(&b, 64);
	assert_int_equal(market_vietqr_svg(&b, p), ERR_LIMIT);
	assert_int_equal(b.len, 0);
	buf_free(&b);
	free(p);
}

static void
bank_list(void **state)
{
	struct market_bank b, all[8];

	(void)state;
	assert_true(market_bank_by_bin("970436", &b));
	assert_string_equal(b.short_name, "Vietcombank");
	assert_string_equal(b.name,
	    "Ng\xc3\xa2n h\xc3\xa0ng TMCP Ngo\xe1\xba\xa1i Th\xc6\xb0\xc6\xa1ng "
	    "Vi\xe1\xbb\x87t Nam");
	assert_true(market_bank_by_bin("970405", NULL));
	assert_false(market_bank_by_bin("999999", &b));
	assert_false(market_bank_by_bin("bin", &b));
	assert_true(market_banks(all, 8) > 50);
	assert_string_equal(all[0].short_name, "AB Bank");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crc_check_value),
		cmocka_unit_test(rebuilds_published_codes),
		cmocka_unit_test(refuses_bad_input),
		cmocka_unit_test(svg_image),
		cmocka_unit_test(bank_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
