/*
 * router_test.c - unit tests of the route matcher (src/web/routes.c): which
 * paths a pattern serves as a page and as API, what it captures, and what
 * it must refuse (extra or missing segments, empty captures, a page path
 * on an API-only route).  Also the percent-encoding of links (core/url.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/url.h"
#include "web/web_internal.h"

static enum err
nop(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)r; (void)w; (void)view; (void)ei;
	return ERR_OK;
}

static const struct route unit_route = {
	.method = "GET", .pattern = "/units/{structure}/{code}",
	.flags = ROUTE_HTML | ROUTE_API, .tmpl = "t", .fn = nop
};
static const struct route html_only = {
	.method = "GET", .pattern = "/lang/{lang}", .flags = ROUTE_RAW, .fn = nop
};
static const struct route home = {
	.method = "GET", .pattern = "/", .flags = ROUTE_HTML | ROUTE_API,
	.tmpl = "home", .fn = nop
};

static const struct route file_route = {
	.method = "GET", .pattern = "/reports/{form}/{period}.xlsx",
	.flags = ROUTE_RAW | ROUTE_API, .fn = nop
};

static struct req *
new_req(void)
{
	struct arena *a = arena_new(4096);
	struct req *r = arena_alloc(a, sizeof(*r));

	r->arena = a;
	return r;
}

/* A dated view's cache token holds today: it changes with the day (here
 * $NTM_TODAY), an undated one does not. */
static void
test_dated_token(void **state)
{
	struct req *r = new_req();
	const char *a, *b;

	(void)state;
	setenv("NTM_TODAY", "2027-01-09", 1);
	a = web_version_token(r->arena, 1, "42", true);
	assert_string_equal(a, "42|2027-01-09");
	assert_string_equal(web_version_token(r->arena, 1, "42", false), "42");
	setenv("NTM_TODAY", "2027-01-10", 1);
	b = web_version_token(r->arena, 1, "42", true);
	assert_string_not_equal(a, b);
	assert_string_equal(web_version_token(r->arena, 0, NULL, true),
	    "0|2027-01-10");
	unsetenv("NTM_TODAY");
	arena_free(r->arena);
}

static void
test_captures_both_parameters(void **state)
{
	struct req *r = new_req();

	(void)state;
	assert_true(web_route_match(r, &unit_route, "/units/2025/01", false));
	assert_int_equal(r->nparams, 2);
	assert_string_equal(http_param(r, "structure"), "2025");
	assert_string_equal(http_param(r, "code"), "01");
	assert_null(http_param(r, "other"));
	arena_free(r->arena);
}

/* A literal tail after a capture ("{period}.xlsx"): the capture is the
 * segment without it, and a segment without the tail is not matched. */
static void
test_capture_with_tail(void **state)
{
	struct req *r = new_req();

	(void)state;
	assert_true(web_route_match(r, &file_route, "/reports/f/2026-07.xlsx",
	    false));
	assert_string_equal(http_param(r, "period"), "2026-07");
	assert_true(web_route_match(r, &file_route, "/reports/f/2026-07.xlsx",
	    true));
	assert_false(web_route_match(r, &file_route, "/reports/f/2026-07",
	    false));
	assert_false(web_route_match(r, &file_route, "/reports/f/.xlsx", false));
	assert_false(web_route_match(r, &file_route, "/reports/f/2026.csv",
	    false));
	assert_false(web_route_match(r, &file_route,
	    "/reports/f/2026-07.xlsx/x", false));
	arena_free(r->arena);
}

static void
test_api_path_uses_same_pattern(void **state)
{
	struct req *r = new_req();

	(void)state;
	/* The router strips "/api/v1" before matching. */
	assert_true(web_route_match(r, &unit_route, "/units/pre2025/00004", true));
	assert_string_equal(http_param(r, "code"), "00004");
	arena_free(r->arena);
}

static void
test_refuses_wrong_shapes(void **state)
{
	struct req *r = new_req();
	static const char *const bad[] = {
		"/units/2025", "/units/2025/", "/units//01", "/units/2025/01/x",
		"/unit/2025/01", "/units/2025/01/", "units/2025/01", "",
		"/units", "//units/2025/01",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(web_route_match(r, &unit_route, bad[i], false));
	arena_free(r->arena);
}

static void
test_raw_route_is_not_api(void **state)
{
	struct req *r = new_req();

	(void)state;
	assert_true(web_route_match(r, &html_only, "/lang/en", false));
	assert_false(web_route_match(r, &html_only, "/lang/en", true));
	arena_free(r->arena);
}

static void
test_root_pattern(void **state)
{
	struct req *r = new_req();

	(void)state;
	assert_true(web_route_match(r, &home, "/", false));
	assert_false(web_route_match(r, &home, "/x", false));
	/* "/api/v1" and "/api/v1/" are the API root. */
	assert_true(web_route_match(r, &home, "", true));
	assert_true(web_route_match(r, &home, "/", true));
	assert_false(web_route_match(r, &home, "/units", true));
	arena_free(r->arena);
}

static void
test_url_encoding(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 1024);
	assert_int_equal(url_encode("/units?q=Đà Nẵng&x=<1>", true, &b), ERR_OK);
	assert_string_equal(buf_cstr(&b),
	    "/units%3Fq%3D%C4%90%C3%A0%20N%E1%BA%B5ng%26x%3D%3C1%3E");
	buf_reset(&b);
	assert_int_equal(url_encode("a/b", false, &b), ERR_OK);
	assert_string_equal(buf_cstr(&b), "a%2Fb");
	buf_reset(&b);
	assert_int_equal(url_query_add(&b, "q", "da nang"), ERR_OK);
	assert_int_equal(url_query_add(&b, "structure", "2025"), ERR_OK);
	assert_string_equal(buf_cstr(&b), "q=da%20nang&structure=2025");
	buf_reset(&b);
	assert_int_equal(url_encode_local("/units?q=da nang&s=2025", &b), ERR_OK);
	assert_string_equal(buf_cstr(&b), "/units?q=da%20nang&s=2025");
	buf_reset(&b);
	/* Escapes already present stay as they are; quotes do not. */
	assert_int_equal(url_encode_local("/u?q=%C4%90\"<x>", &b), ERR_OK);
	assert_string_equal(buf_cstr(&b), "/u?q=%C4%90%22%3Cx%3E");
	buf_free(&b);
	buf_init(&b, 5);
	assert_int_equal(url_encode("ááá", false, &b), ERR_LIMIT);
	buf_free(&b);
}

/* (db.c) Messages never carry a database password. */
static void
test_db_target_redaction(void **state)
{
	(void)state;
	assert_string_equal(db_target_safe("postgresql://ntm:s3cret@db.example:5432/ntm"),
	    "postgresql://ntm@db.example:5432/ntm");
	assert_string_equal(db_target_safe("postgres://u:p@h/d?sslmode=require"),
	    "postgres://u@h/d?sslmode=require");
	assert_string_equal(db_target_safe("postgresql://ntm@h/d"), "postgresql://ntm@h/d");
	assert_string_equal(db_target_safe("postgresql://a:p@ss@h/d"), "postgresql://a@h/d");
	assert_string_equal(db_target_safe("/var/lib/ntm/ntm.db"), "/var/lib/ntm/ntm.db");
	assert_string_equal(db_target_safe("postgresql://h:5432/d"), "postgresql://h:5432/d");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_captures_both_parameters),
		cmocka_unit_test(test_dated_token),
		cmocka_unit_test(test_capture_with_tail),
		cmocka_unit_test(test_api_path_uses_same_pattern),
		cmocka_unit_test(test_refuses_wrong_shapes),
		cmocka_unit_test(test_raw_route_is_not_api),
		cmocka_unit_test(test_root_pattern),
		cmocka_unit_test(test_url_encoding),
		cmocka_unit_test(test_db_target_redaction),
	};

	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
