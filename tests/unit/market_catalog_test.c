/*
 * market_catalog_test.c - unit tests of what the market's catalog rests
 * on: core/vcopy.c (the versioned copy shared by threads: one build per
 * version, the replaced copy freed by its last holder, a failed build
 * leaves the current one), db_meta_get of a composite key "a+b" (a
 * digest that moves when either token moves), and market_slug (the
 * readable part of a listing's address).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/vcopy.h"
#include "db/db.h"
#include "domain/market/market_catalog.h"
#include "testdb.h"

static int builds, frees;
static bool fail_next;

static void
data_free(void *p)
{
	frees++;
	free(p);
}

static enum err
build(void *ctx, struct vcopy_ref *ref, struct errinfo *ei)
{
	(void)ctx;
	if (fail_next) {
		fail_next = false;
		return err_set(ei, ERR_DB, "test.fail", NULL, "hỏng", "failed");
	}
	builds++;
	ref->data = strdup(ref->version);
	return ERR_OK;
}

static void
test_vcopy(void **state)
{
	static struct vcopy vc = VCOPY_INIT(data_free);
	struct vcopy_ref *a, *b, *c, *d;
	struct errinfo ei;

	(void)state;
	assert_int_equal(vcopy_acquire(&vc, "v1", build, NULL, &a, &ei), ERR_OK);
	assert_int_equal(vcopy_acquire(&vc, "v1", build, NULL, &b, &ei), ERR_OK);
	assert_ptr_equal(a, b);
	assert_int_equal(builds, 1);
	assert_string_equal(a->data, "v1");
	/* a new version: built once, the old one kept for its holders */
	assert_int_equal(vcopy_acquire(&vc, "v2", build, NULL, &c, &ei), ERR_OK);
	assert_int_equal(builds, 2);
	assert_string_equal(c->data, "v2");
	assert_string_equal(a->data, "v1");
	vcopy_release(&vc, a);
	assert_int_equal(frees, 0);
	vcopy_release(&vc, b);
	assert_int_equal(frees, 1);	/* its last holder freed it */
	/* a failed build: the error, the current copy stays */
	fail_next = true;
	assert_int_equal(vcopy_acquire(&vc, "v3", build, NULL, &d, &ei), ERR_DB);
	assert_int_equal(vcopy_acquire(&vc, "v2", build, NULL, &d, &ei), ERR_OK);
	assert_ptr_equal(c, d);
	assert_int_equal(builds, 2);
	vcopy_release(&vc, d);
	/* reset: the holder keeps it, the next acquire builds again */
	vcopy_reset(&vc);
	assert_int_equal(frees, 1);
	vcopy_release(&vc, c);
	assert_int_equal(frees, 2);
	assert_int_equal(vcopy_acquire(&vc, "v2", build, NULL, &d, &ei), ERR_OK);
	assert_int_equal(builds, 3);
	vcopy_reset(&vc);
	vcopy_release(&vc, d);
	assert_int_equal(frees, 3);
}

static void
set(struct db *db, const char *key, const char *value)
{
	struct errinfo ei;
	struct db_stmt *st = db_stmt(db, STMT_META_SET);

	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	assert_int_equal(db_exec(st, &ei), ERR_OK);
}

static void
test_meta_composite(void **state)
{
	char dir[64], path[128], v1[64], v2[64], v3[64], one[64];
	struct db *db;
	struct errinfo ei;

	(void)state;
	assert_int_equal(testdb_open("mcat", dir, path, &db), 0);
	assert_int_equal(db_meta_get(db, "t_a+t_b", v1, sizeof(v1), &ei), 0);
	assert_int_equal(strlen(v1), 16);
	set(db, "t_a", "1");
	assert_int_equal(db_meta_get(db, "t_a+t_b", v2, sizeof(v2), &ei), 1);
	assert_string_not_equal(v1, v2);
	set(db, "t_b", "7");
	assert_int_equal(db_meta_get(db, "t_a+t_b", v3, sizeof(v3), &ei), 1);
	assert_string_not_equal(v2, v3);
	/* the same tokens, the same digest; the tokens' boundaries count */
	assert_int_equal(db_meta_get(db, "t_a+t_b", v2, sizeof(v2), &ei), 1);
	assert_string_equal(v2, v3);
	set(db, "t_a", "17");
	set(db, "t_b", "");
	assert_int_equal(db_meta_get(db, "t_a+t_b", v2, sizeof(v2), &ei), 1);
	assert_string_not_equal(v2, v3);
	/* a plain key is untouched */
	assert_int_equal(db_meta_get(db, "t_a", one, sizeof(one), &ei), 1);
	assert_string_equal(one, "17");
	db_end_reads(db);
	testdb_remove(db, dir);
}

static void
test_slug(void **state)
{
	char *s;

	(void)state;
	s = market_slug("Mật ong hoa nhãn Sóc Sơn", "Hộp 500 g");
	assert_string_equal(s, "mat-ong-hoa-nhan-soc-son-hop-500-g");
	free(s);
	s = market_slug("Bánh </script><b>đa</b>", NULL);
	assert_string_equal(s, "banh-script-b-da-b");
	free(s);
	s = market_slug("!!!", "");
	assert_string_equal(s, "");
	free(s);
	s = market_slug("Chè Shan tuyết cổ thụ Bản Liền Bắc Hà Lào Cai thượng hạng "
	    "đặc biệt", "Hộp quà 12 gói");
	assert_true(strlen(s) <= 60);
	assert_true(s[strlen(s) - 1] != '-');
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vcopy),
		cmocka_unit_test(test_meta_composite),
		cmocka_unit_test(test_slug),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
