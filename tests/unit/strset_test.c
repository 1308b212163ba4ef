/*
 * strset_test.c - unit tests of src/core/strset.c: a set that says "seen
 * before" exactly once per string across many growths of its table, and
 * the values it carries as a small map (what the units import knows of a
 * unit): absent, put, replaced, and a key added without a value.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/strset.h"

static void
test_add_once(void **state)
{
	struct strset s;
	char key[32];

	(void)state;
	strset_init(&s);
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "2025/%05d", i);
		assert_true(strset_add(&s, key));
	}
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "2025/%05d", i);
		assert_false(strset_add(&s, key));
	}
	assert_int_equal(s.n, 5000);
	strset_free(&s);
	assert_int_equal(s.n, 0);
}

static void
test_values(void **state)
{
	struct strset s;
	char key[32], value[32];

	(void)state;
	strset_init(&s);
	assert_null(strset_get(&s, "2025/01"));
	strset_put(&s, "2025/01", "province\t3");
	assert_string_equal(strset_get(&s, "2025/01"), "province\t3");
	strset_put(&s, "2025/01", "commune");
	assert_string_equal(strset_get(&s, "2025/01"), "commune");
	assert_int_equal(s.n, 1);
	assert_true(strset_add(&s, "2025/02"));
	assert_string_equal(strset_get(&s, "2025/02"), "");
	assert_false(strset_add(&s, "2025/01"));	/* put keys count as seen */
	assert_null(strset_get(&s, "2025/0"));		/* no prefix match */
	for (int i = 0; i < 3000; i++) {
		snprintf(key, sizeof(key), "pre2025/%05d", i);
		snprintf(value, sizeof(value), "v%d", i * 7);
		strset_put(&s, key, value);
	}
	for (int i = 0; i < 3000; i++) {
		snprintf(key, sizeof(key), "pre2025/%05d", i);
		snprintf(value, sizeof(value), "v%d", i * 7);
		assert_string_equal(strset_get(&s, key), value);
	}
	assert_int_equal(s.n, 3002);
	strset_free(&s);
	assert_null(strset_get(&s, "2025/01"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_once),
		cmocka_unit_test(test_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
