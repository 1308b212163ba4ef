/*
 * cache_test.c - unit tests of the response cache's bodies (src/web/cache.c):
 * a body is served for its own version only, except to an anonymous reader
 * (stale_ok), who is given the previous body while it is younger than the
 * stale window or while one other reader (the flight) builds the new one;
 * exactly one reader at a time is told to build, and the flight ends when
 * the new body is stored or its builder gives up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "web/cache.h"

static const char KEY[] = "J|vi|/units/2025/VN/dashboard?";

static void
put(const char *version, const char *body)
{
	char etag[24];

	web_cache_release(web_cache_put(KEY, version, body, strlen(body),
	    etag));
}

/* What a reader at version is given: 'H'it, 'S'tale or 'M'iss; the body's
 * first byte in *body ('-' when none); *flight as web_cache_lookup sets it. */
static char
look(const char *version, bool stale_ok, char *body, uint64_t *flight)
{
	const struct web_cached *c = NULL;
	enum web_cache_found f = web_cache_lookup(KEY, version, stale_ok, &c,
	    flight);

	*body = c != NULL ? c->body[0] : '-';
	web_cache_release(c);
	return f == WEB_CACHE_HIT ? 'H' : f == WEB_CACHE_STALE ? 'S' : 'M';
}

static int
fresh(void **state)
{
	(void)state;
	web_cache_clear();
	return 0;
}

static void
no_window_one_builder_at_a_time(void **state)
{
	uint64_t first, second, none;
	char body;

	(void)state;
	web_cache_set_stale(0);
	put("v1", "1");
	assert_int_equal(look("v1", true, &body, &none), 'H');
	assert_int_equal(body, '1');
	/* A write moved the token: the first anonymous reader builds... */
	assert_int_equal(look("v2", true, &body, &first), 'M');
	assert_true(first != 0);
	/* ...the others are answered with the previous body meanwhile, */
	assert_int_equal(look("v2", true, &body, &second), 'S');
	assert_int_equal(body, '1');
	assert_int_equal(second, 0);
	/* but never a signed-in user, who builds without taking the flight. */
	assert_int_equal(look("v2", false, &body, &none), 'M');
	assert_int_equal(none, 0);
	/* The new body ends the flight; it is current for everyone. */
	put("v2", "2");
	web_cache_flight_end(KEY, first);
	assert_int_equal(look("v2", true, &body, &none), 'H');
	assert_int_equal(body, '2');
	assert_int_equal(look("v2", false, &body, &none), 'H');
}

static void
a_builder_that_gives_up_lets_the_next_build(void **state)
{
	uint64_t first, next, none;
	char body;

	(void)state;
	web_cache_set_stale(0);
	put("v1", "1");
	assert_int_equal(look("v2", true, &body, &first), 'M');
	web_cache_flight_end(KEY, first);	/* failed, stored nothing */
	assert_int_equal(look("v2", true, &body, &next), 'M');
	assert_true(next != 0 && next != first);
	/* An old builder's end does not end the new flight. */
	web_cache_flight_end(KEY, first);
	assert_int_equal(look("v2", true, &body, &none), 'S');
}

static void
within_the_window_no_one_builds(void **state)
{
	uint64_t flight;
	char body;

	(void)state;
	web_cache_set_stale(60);
	put("v1", "1");
	assert_int_equal(look("v2", true, &body, &flight), 'S');
	assert_int_equal(flight, 0);
	assert_int_equal(body, '1');
	assert_int_equal(look("v3", true, &body, &flight), 'S');
	assert_int_equal(look("v3", false, &body, &flight), 'M');
}

static void
after_the_window_the_next_reader_builds(void **state)
{
	struct timespec wait = { 1, 50 * 1000 * 1000 };
	uint64_t flight;
	char body;

	(void)state;
	web_cache_set_stale(1);
	put("v1", "1");
	assert_int_equal(look("v2", true, &body, &flight), 'S');
	nanosleep(&wait, NULL);
	assert_int_equal(look("v2", true, &body, &flight), 'M');
	assert_true(flight != 0);
	web_cache_flight_end(KEY, flight);
}

static void
no_body_no_stale(void **state)
{
	uint64_t flight;
	char body;

	(void)state;
	web_cache_set_stale(60);
	assert_int_equal(look("v1", true, &body, &flight), 'M');
	assert_int_equal(body, '-');
	assert_int_equal(flight, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(no_window_one_builder_at_a_time, fresh),
		cmocka_unit_test_setup(a_builder_that_gives_up_lets_the_next_build,
		    fresh),
		cmocka_unit_test_setup(within_the_window_no_one_builds, fresh),
		cmocka_unit_test_setup(after_the_window_the_next_reader_builds,
		    fresh),
		cmocka_unit_test_setup(no_body_no_stale, fresh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
