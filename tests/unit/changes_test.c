/*
 * changes_test.c - the change feed (domain/changes) over a real SQLite
 * database: an audit entry of a published kind is one change with the
 * entry's seq, anything else (a login, a market order's transition) none,
 * a rolled-back write leaves none; pages follow seq with a cursor that
 * neither skips nor repeats; the kinds list names its field; the JSON
 * written by hand is the same object as the jansson one, escapes
 * included.  Scope and links end to end: tests/e2e/api/changes.test.js.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/audit/audit.h"
#include "domain/changes/changes.h"
#include "testdb.h"

struct fixture {
	char dir[64];
	struct db *db;
	struct arena *a;
};

static const struct role_binding nation = { ROLE_ADMIN, "2025", "VN" };

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (testdb_open("changes-test", f->dir, NULL, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int rc = testdb_remove(f->db, f->dir);

	arena_free(f->a);
	free(f);
	return rc;
}

/* One write transaction with one audit entry. */
static void
append(struct db *db, const char *action, const char *object, bool commit)
{
	struct audit_event ev = { .action = action, .object = object,
	    .structure = "2025", .unit_code = "01" };
	struct errinfo ei;

	assert_int_equal(db_begin(db, &ei), ERR_OK);
	assert_int_equal(audit_append(db, NULL, &ev, &ei), ERR_OK);
	if (commit)
		assert_int_equal(db_commit(db, &ei), ERR_OK);
	else
		db_rollback(db);
}

static size_t
page(struct fixture *f, int64_t since, size_t limit, const char *kinds,
    struct change **out, int64_t *next)
{
	struct errinfo ei;
	uint64_t mask;
	size_t n;

	assert_int_equal(changes_kinds_mask(kinds, &mask, &ei), ERR_OK);
	assert_int_equal(changes_page(f->db, f->a, &nation, 1, since, mask,
	    NULL, NULL, limit, out, &n, next, &ei), ERR_OK);
	return n;
}

static void
test_published_actions_only(void **state)
{
	struct fixture *f = *state;
	struct change *c;
	int64_t next;

	append(f->db, "session.create", "user:1", true);		/* seq 1 */
	append(f->db, "workflow.decide", "dossier:7", true);		/* 2 */
	append(f->db, "workflow.approve", "market_order:3", true);	/* 3 */
	append(f->db, "survey.campaign_create", "survey_campaign:1", true);
	append(f->db, "workflow.decide", "dossier:8", false);	/* rolled back */
	append(f->db, "units.import", "file:units.csv", true);		/* 5 */
	assert_int_equal(page(f, 0, 100, NULL, &c, &next), 2);
	assert_int_equal(c[0].seq, 2);
	assert_string_equal(c[0].kind, "dossier_decision");
	assert_string_equal(c[0].action, "workflow.decide");
	assert_int_equal(c[0].id, 7);
	assert_string_equal(c[0].href, "/api/v1/dossiers/7");
	assert_string_equal(c[0].structure, "2025");
	assert_string_equal(c[0].code, "01");
	/* the seq of the rolled-back entry went to the next one */
	assert_int_equal(c[1].seq, 5);
	assert_string_equal(c[1].kind, "unit");
	assert_string_equal(c[1].href, "/api/v1/units");
	assert_int_equal(next, 5);
}

static void
test_paging_neither_skips_nor_repeats(void **state)
{
	struct fixture *f = *state;
	struct change *c;
	int64_t since = 0, next, seen[16];
	size_t total = 0, n;
	char obj[32];

	for (int i = 1; i <= 10; i++) {
		snprintf(obj, sizeof(obj), "dossier:%d", i);
		append(f->db, i % 3 ? "workflow.decide" : "login.nothing", obj,
		    true);
	}
	while ((n = page(f, since, 3, "dossier_decision", &c, &next)) > 0) {
		for (size_t i = 0; i < n; i++)
			seen[total++] = c[i].seq;
		assert_true(next >= since);
		since = next;
	}
	assert_int_equal(total, 7);
	for (size_t i = 0; i < total; i++) {
		assert_true(i == 0 || seen[i] > seen[i - 1]);
		assert_true(seen[i] % 3 != 0);
	}
	/* nothing newer: the same cursor back */
	assert_int_equal(page(f, since, 3, NULL, &c, &next), 0);
	assert_int_equal(next, since);
	/* another kind only: nothing, the cursor past what was examined */
	assert_int_equal(page(f, 0, 3, "survey_results", &c, &next), 0);
	assert_int_equal(next, 10);
}

static void
test_kinds_name_their_field(void **state)
{
	struct errinfo ei;
	uint64_t all, two;

	(void)state;
	assert_int_equal(changes_kinds_mask("", &all, &ei), ERR_OK);
	assert_int_equal(changes_kinds_mask("report,unit", &two, &ei), ERR_OK);
	assert_int_equal(__builtin_popcountll(two), 2);
	assert_true((two & all) == two && all != two);
	assert_int_equal(changes_kinds_mask("report,bogus", &two, &ei),
	    ERR_INVALID);
	assert_string_equal(ei.field, "kinds");
	assert_int_equal(changes_kinds_mask("report,", &two, &ei), ERR_OK);
}

static void
test_json_by_hand_equals_jansson(void **state)
{
	struct change c = { .seq = 42, .kind = "report",
	    .action = "a \"quoted\"\n\\ \x01 action", .structure = "2025",
	    .code = "01", .id = -3, .at = "2026-12-05T04:00:00Z",
	    .href = "/api/v1/x", .unit_name = "Thành phố Hà Nội" };
	struct buf b;
	json_t *mine, *theirs;

	(void)state;
	buf_init(&b, 65536);
	assert_int_equal(changes_write_json(&b, &c), ERR_OK);
	mine = json_loads(buf_cstr(&b), 0, NULL);
	assert_non_null(mine);
	theirs = changes_json(NULL, &c);
	assert_true(json_equal(mine, theirs));
	json_decref(mine);
	json_decref(theirs);
	/* no unit: null */
	c.structure = c.code = c.unit_name = NULL;
	buf_reset(&b);
	assert_int_equal(changes_write_json(&b, &c), ERR_OK);
	mine = json_loads(buf_cstr(&b), 0, NULL);
	theirs = changes_json(NULL, &c);
	assert_true(json_is_null(json_object_get(mine, "unit")));
	assert_true(json_equal(mine, theirs));
	json_decref(mine);
	json_decref(theirs);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_published_actions_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paging_neither_skips_nor_repeats, setup, teardown),
		cmocka_unit_test(test_kinds_name_their_field),
		cmocka_unit_test(test_json_by_hand_equals_jansson),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
