/*
 * webhooks_test.c - unit tests of src/domain/webhooks: which URLs the
 * platform may POST to (webhooks_url_check: https only, http to the hosts
 * the operator names, never an address of its own network unless
 * allowed, the connection pinned to the address checked), the signature
 * a receiver recomputes (an HMAC-SHA256 vector computed independently,
 * with Python's hmac), and the body that names the delivery.  IP literals
 * only: no name is looked up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/webhooks/webhooks.h"

static const char *
refusal(const char *url)
{
	static struct errinfo ei;

	err_clear(&ei);
	return webhooks_url_check(url, NULL, &ei) == ERR_OK ? "" : ei.code;
}

static void
test_private_addresses_refused(void **state)
{
	static const char *const inside[] = {
		"https://127.0.0.1/x", "https://127.8.9.10:8443/", "https://10.0.0.1/",
		"https://172.16.0.1/", "https://172.31.255.255/", "https://192.168.1.1/",
		"https://169.254.169.254/latest/meta-data", "https://100.64.0.1/",
		"https://100.127.255.255/", "https://0.0.0.0/", "https://0.1.2.3/",
		"https://224.0.0.1/", "https://[::1]/", "https://[::]/",
		"https://[fc00::1]/", "https://[fd12:3456::1]/", "https://[fe80::1]/",
		"https://[::ffff:10.0.0.1]/", "https://[::ffff:127.0.0.1]/",
	};

	(void)state;
	unsetenv("NTM_WEBHOOK_ALLOW_PRIVATE");
	for (size_t i = 0; i < sizeof(inside) / sizeof(inside[0]); i++)
		assert_string_equal(refusal(inside[i]), "webhooks.private");
	/* public neighbours of the private ranges */
	assert_string_equal(refusal("https://172.32.0.1/"), "");
	assert_string_equal(refusal("https://100.128.0.1/"), "");
	assert_string_equal(refusal("https://203.0.113.7:8443/hook?x=1"), "");
	assert_string_equal(refusal("https://[2001:db8::1]/"), "");
	setenv("NTM_WEBHOOK_ALLOW_PRIVATE", "1", 1);
	assert_string_equal(refusal("https://127.0.0.1/x"), "");
	unsetenv("NTM_WEBHOOK_ALLOW_PRIVATE");
}

static void
test_schemes_and_forms(void **state)
{
	(void)state;
	unsetenv("NTM_WEBHOOK_ALLOW_HTTP");
	assert_string_equal(refusal("http://203.0.113.7/"), "webhooks.scheme");
	assert_string_equal(refusal("ftp://203.0.113.7/"), "webhooks.scheme");
	assert_string_equal(refusal("file:///etc/passwd"), "webhooks.bad_url");
	assert_string_equal(refusal("https://user:pw@203.0.113.7/"),
	    "webhooks.bad_url");
	assert_string_equal(refusal("not a url"), "webhooks.bad_url");
	assert_string_equal(refusal(""), "webhooks.bad_url");
	setenv("NTM_WEBHOOK_ALLOW_HTTP", "example.org,203.0.113.7", 1);
	assert_string_equal(refusal("http://203.0.113.7/"), "");
	assert_string_equal(refusal("http://203.0.113.8/"), "webhooks.scheme");
	unsetenv("NTM_WEBHOOK_ALLOW_HTTP");
}

static void
test_pinned_address(void **state)
{
	struct webhook_target t;
	struct errinfo ei;

	(void)state;
	assert_int_equal(webhooks_url_check("https://203.0.113.7/h", &t, &ei),
	    ERR_OK);
	assert_string_equal(t.resolve, "203.0.113.7:443:203.0.113.7");
	assert_int_equal(webhooks_url_check("https://[2001:db8::5]:8443/h", &t,
	    &ei), ERR_OK);
	assert_string_equal(t.resolve, "[2001:db8::5]:8443:[2001:db8::5]");
}

static void
test_signature(void **state)
{
	char sig[WEBHOOK_SIGNATURE_LEN + 1];
	const char *body = "{\"a\":1}";

	(void)state;
	webhooks_sign("0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef", 1700000000LL, body, strlen(body),
	    sig);
	assert_string_equal(sig, "sha256=2c362ea0cde6ec3b3f3c417d269bfba1"
	    "f15017c58e6f39c37535a01e2d694de6");
}

static void
test_body(void **state)
{
	char *b;

	(void)state;
	b = webhooks_body(81723, 4, "{\"seq\":9,\"kind\":\"unit\"}");
	assert_non_null(b);
	assert_string_equal(b, "{\"id\":81723,\"subscription\":4,"
	    "\"change\":{\"seq\":9,\"kind\":\"unit\"}}");
	free(b);
	assert_null(webhooks_body(1, 1, "not json"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_private_addresses_refused),
		cmocka_unit_test(test_schemes_and_forms),
		cmocka_unit_test(test_pinned_address),
		cmocka_unit_test(test_signature),
		cmocka_unit_test(test_body),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
