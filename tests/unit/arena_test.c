/*
 * arena_test.c - unit tests of src/core/arena.c: 16-byte alignment,
 * zero-filled memory (also when a block is reused after garbage was written
 * next to it), allocations bigger than a block, strdup/strndup/printf, the
 * byte count, and many allocations that must never overlap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"

static int
all_zero(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

static void
test_alignment(void **state)
{
	struct arena *a = arena_new(1024);
	size_t n;
	void *p;

	(void)state;
	for (n = 0; n < 600; n++) {
		p = arena_alloc(a, n % 37 + (n % 50 == 0 ? 700 : 0));
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
	}
	assert_int_equal((uintptr_t)arena_strdup(a, "x") % 16, 0);
	assert_int_equal((uintptr_t)arena_printf(a, "%d", 1) % 16, 0);
	arena_free(a);
}

static void
test_zero_filled(void **state)
{
	struct arena *a;
	unsigned char *p;
	size_t i, n;
	int round;

	(void)state;
	/* Every allocation is dirtied after the check and the arena freed,
	 * so the second round gets recycled, dirty memory from malloc. */
	for (round = 0; round < 2; round++) {
		a = arena_new(256);
		for (i = 0; i < 2000; i++) {
			n = 1 + (i * 7919) % 300;
			if (i % 100 == 0)
				n += 1000;	/* a block of its own */
			p = arena_alloc(a, n);
			if (!all_zero(p, n))
				fail_msg("round %d: allocation %zu of %zu "
				    "bytes not zeroed", round, i, n);
			memset(p, 0xee, n);
		}
		arena_free(a);
	}
}

static void
test_used_counts_rounded_sizes(void **state)
{
	struct arena *a = arena_new(4096);

	(void)state;
	assert_int_equal(arena_used(a), 0);
	arena_alloc(a, 1);
	assert_int_equal(arena_used(a), 16);
	arena_alloc(a, 16);
	assert_int_equal(arena_used(a), 32);
	arena_alloc(a, 17);
	assert_int_equal(arena_used(a), 64);
	arena_alloc(a, 10000);
	assert_int_equal(arena_used(a), 64 + 10000);
	arena_free(a);
}

static void
test_zero_size_gets_distinct_pointers(void **state)
{
	struct arena *a = arena_new(256);
	char *p, *q;

	(void)state;
	p = arena_alloc(a, 0);
	q = arena_alloc(a, 0);
	assert_non_null(p);
	assert_non_null(q);
	assert_ptr_not_equal(p, q);
	arena_free(a);
}

static void
test_big_allocation(void **state)
{
	struct arena *a = arena_new(256);
	unsigned char *small1, *big, *small2, *huge;
	size_t i;

	(void)state;
	small1 = arena_alloc(a, 40);
	memset(small1, 1, 40);
	big = arena_alloc(a, 10000);
	assert_int_equal((uintptr_t)big % 16, 0);
	assert_true(all_zero(big, 10000));
	memset(big, 2, 10000);
	small2 = arena_alloc(a, 40);
	assert_true(all_zero(small2, 40));
	memset(small2, 3, 40);
	huge = arena_alloc(a, (size_t)8 << 20);
	assert_true(all_zero(huge, (size_t)8 << 20));
	memset(huge, 4, (size_t)8 << 20);
	/* Nothing overwrote anything else. */
	for (i = 0; i < 40; i++) {
		assert_int_equal(small1[i], 1);
		assert_int_equal(small2[i], 3);
	}
	for (i = 0; i < 10000; i++)
		if (big[i] != 2)
			fail_msg("big[%zu] overwritten", i);
	/* A big object did not waste the head block: the next small one
	 * comes from the same block as the first (just after it). */
	assert_ptr_equal(small2, small1 + 48);
	arena_free(a);
}

static void
test_block_size_minimum(void **state)
{
	struct arena *a = arena_new(1);
	unsigned char *p;

	(void)state;
	/* Blocks are at least 256 bytes, so 100 bytes are not "big". */
	p = arena_alloc(a, 100);
	memset(p, 7, 100);
	assert_int_equal(p[99], 7);
	assert_int_equal(arena_used(a), 112);
	arena_free(a);
	arena_free(NULL);
}

static void
test_strdup_strndup_printf(void **state)
{
	struct arena *a = arena_new(256);
	const char *src = "Nông thôn mới";
	char *s, *t, *u, *v;
	char longer[1000];

	(void)state;
	s = arena_strdup(a, src);
	assert_string_equal(s, src);
	assert_ptr_not_equal(s, src);
	t = arena_strndup(a, "abcdef", 3);
	assert_string_equal(t, "abc");
	t = arena_strndup(a, "ab\0cd", 5);
	assert_memory_equal(t, "ab\0cd\0", 6);
	u = arena_printf(a, "%s-%03d-%.2f", "x", 7, 2.5);
	assert_string_equal(u, "x-007-2.50");
	assert_string_equal(arena_strdup(a, ""), "");
	/* Output longer than a block. */
	memset(longer, 'z', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	v = arena_printf(a, "[%s]", longer);
	assert_int_equal(strlen(v), sizeof(longer) + 1);
	assert_int_equal(v[0], '[');
	assert_int_equal(v[sizeof(longer)], ']');
	/* Earlier strings are intact. */
	assert_string_equal(s, src);
	assert_string_equal(u, "x-007-2.50");
	arena_free(a);
}

static void
test_many_allocations_do_not_overlap(void **state)
{
	enum { N = 50000 };
	struct arena *a = arena_new(4096);
	unsigned char **ptrs = calloc(N, sizeof(*ptrs));
	size_t *sizes = calloc(N, sizeof(*sizes));
	uint32_t rnd = 12345;
	size_t i, k, total = 0;

	(void)state;
	assert_non_null(ptrs);
	assert_non_null(sizes);
	for (i = 0; i < N; i++) {
		rnd = rnd * 1103515245u + 12345u;
		sizes[i] = (rnd >> 8) % 200;
		if (i % 1000 == 0)
			sizes[i] = 5000 + i;
		ptrs[i] = arena_alloc(a, sizes[i]);
		memset(ptrs[i], (int)(i & 0xff), sizes[i]);
		total += sizes[i] == 0 ? 16 : (sizes[i] + 15) / 16 * 16;
	}
	for (i = 0; i < N; i++)
		for (k = 0; k < sizes[i]; k++)
			if (ptrs[i][k] != (unsigned char)(i & 0xff))
				fail_msg("allocation %zu byte %zu overwritten",
				    i, k);
	assert_int_equal(arena_used(a), total);
	arena_free(a);
	free(ptrs);
	free(sizes);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_zero_filled),
		cmocka_unit_test(test_used_counts_rounded_sizes),
		cmocka_unit_test(test_zero_size_gets_distinct_pointers),
		cmocka_unit_test(test_big_allocation),
		cmocka_unit_test(test_block_size_minimum),
		cmocka_unit_test(test_strdup_strndup_printf),
		cmocka_unit_test(test_many_allocations_do_not_overlap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
