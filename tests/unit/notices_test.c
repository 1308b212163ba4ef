/*
 * notices_test.c - unit tests of the notices' field rules
 * (src/domain/notices/notices.c): the e-mail address a person gives
 * (trimmed, domain lower-cased, nothing that could end a header or an
 * SMTP command), the preference and the language of the mail.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/notices/notices.h"

static void
test_email(void **state)
{
	struct arena *a = arena_new(4096);
	struct errinfo ei;
	const char *out;

	(void)state;
	assert_int_equal(notices_email_check(a, "  Ten.Can.Bo@XA.Gov.VN ", &out,
	    &ei), ERR_OK);
	assert_string_equal(out, "Ten.Can.Bo@xa.gov.vn");
	assert_int_equal(notices_email_check(a, "", &out, &ei), ERR_OK);
	assert_null(out);
	assert_int_equal(notices_email_check(a, NULL, &out, &ei), ERR_OK);
	assert_null(out);
	/* an internationalised local part is an address too */
	assert_int_equal(notices_email_check(a, "cán.bộ@example.vn", &out, &ei),
	    ERR_OK);
	static const char *const bad[] = {
		"không phải địa chỉ", "a@b", "@example.vn", "a@@example.vn",
		"a@example.", "a..b@example.vn", "a@.example.vn",
		"a@example.vn\r\nBcc: x@evil.example", "<a@example.vn>",
		"\"a\"@example.vn", "a@exa mple.vn", "a,b@example.vn",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(notices_email_check(a, bad[i], &out, &ei),
		    ERR_INVALID);
		assert_string_equal(ei.field, "email");
	}
	arena_free(a);
}

static void
test_pref_and_lang(void **state)
{
	struct errinfo ei;
	const char *out;

	(void)state;
	assert_int_equal(notices_pref_check("immediate", &out, &ei), ERR_OK);
	assert_string_equal(out, "immediate");
	assert_int_equal(notices_pref_check("weekly", &out, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "pref");
	assert_int_equal(notices_pref_check(NULL, &out, &ei), ERR_INVALID);
	assert_int_equal(notices_lang_check(NULL, &out, &ei), ERR_OK);
	assert_string_equal(out, "vi");
	assert_int_equal(notices_lang_check("en", &out, &ei), ERR_OK);
	assert_int_equal(notices_lang_check("fr", &out, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "lang");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_pref_and_lang),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
