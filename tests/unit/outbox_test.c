/*
 * outbox_test.c - the durable outbox: one row per key, a failure retried
 * with a growing wait, a permanent refusal parked, a delivered item never
 * sent again, a parked one sent again by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "domain/outbox/outbox.h"
#include "testdb.h"

static int calls, fail_first;
static bool refuse;

static enum err
test_send(struct db *db, const struct outbox_item *it, bool *permanent,
    struct errinfo *ei)
{
	(void)db;
	calls++;
	if (refuse) {
		*permanent = true;
		return err_set(ei, ERR_INVALID, "test.refused", NULL, "từ chối",
		    "refused");
	}
	if (it->attempts < fail_first)
		return err_set(ei, ERR_UNAVAILABLE, "test.down", NULL,
		    "máy nhận không trả lời", "the receiver did not answer");
	return ERR_OK;
}

static bool channel_down;

static bool
test_ready(void)
{
	return !channel_down;
}

static const struct outbox_channel test_channel = { "test", test_send, NULL,
    test_ready };
static const struct outbox_channel *const test_channels[] = { &test_channel,
    NULL };

static char dbpath[128];

/* The state of the item of key, read beside the connection under test. */
static void
assert_state(const char *key, const char *want)
{
	sqlite3 *s;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_open(dbpath, &s), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(s,
	    "SELECT state FROM outbox WHERE key = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), want);
	sqlite3_finalize(st);
	sqlite3_close(s);
}

static struct db *
fresh(char dir[64])
{
	struct db *db;

	assert_int_equal(testdb_open("outbox", dir, dbpath, &db), 0);
	outbox_channels_for_test(test_channels);
	calls = 0;
	fail_first = 0;
	refuse = false;
	channel_down = false;
	return db;
}

static void
put(struct db *db, const char *key, bool expect_created)
{
	struct errinfo ei;
	bool created = !expect_created;

	assert_int_equal(db_begin(db, &ei), ERR_OK);
	assert_int_equal(outbox_put(db, "test", key, 7, "{}", 0, &created,
	    &ei), ERR_OK);
	assert_int_equal(db_commit(db, &ei), ERR_OK);
	assert_int_equal(created, expect_created);
}

static void
one_row_per_key_and_sent_once(void **state)
{
	char dir[64];
	struct db *db = fresh(dir);
	struct errinfo ei;
	size_t sent, failed;

	(void)state;
	put(db, "a", true);
	put(db, "a", false);	/* the same notice twice: one row */
	put(db, "b", true);
	assert_int_equal(outbox_run_once(db, 10, &sent, &failed, &ei), ERR_OK);
	assert_int_equal(sent, 2);
	assert_int_equal(failed, 0);
	assert_int_equal(calls, 2);
	assert_int_equal(outbox_run_once(db, 10, &sent, &failed, &ei), ERR_OK);
	assert_int_equal(sent, 0);	/* delivered is never sent again */
	assert_int_equal(calls, 2);
	put(db, "a", false);	/* nor queued again after delivery */
	/* a channel that cannot send (no mail server configured): its item
	 * is not tried, counts no attempt, and waits */
	channel_down = true;
	put(db, "c", true);
	assert_int_equal(outbox_run_once(db, 10, &sent, &failed, &ei), ERR_OK);
	assert_int_equal(sent + failed, 0);
	assert_int_equal(calls, 2);
	assert_state("c", "queued");
	outbox_channels_for_test(NULL);
	testdb_remove(db, dir);
}

static void
failure_waits_then_parks(void **state)
{
	char dir[64];
	struct db *db = fresh(dir);
	struct errinfo ei;
	size_t sent, failed;

	(void)state;
	setenv("NTM_OUTBOX_RETRY_S", "1000", 1);
	fail_first = 1;
	put(db, "a", true);
	assert_int_equal(outbox_run_once(db, 10, &sent, &failed, &ei), ERR_OK);
	assert_int_equal(failed, 1);
	/* not due again before its wait */
	assert_int_equal(outbox_run_once(db, 10, &sent, &failed, &ei), ERR_OK);
	assert_int_equal(sent + failed, 0);
	assert_int_equal(calls, 1);
	/* by hand: sent now, and this time it goes through */
	assert_int_equal(db_begin(db, &ei), ERR_OK);
	assert_int_equal(outbox_retry(db, 1, &ei), ERR_OK);
	assert_int_equal(db_commit(db, &ei), ERR_OK);
	assert_int_equal(outbox_run_once(db, 10, &sent, &failed, &ei), ERR_OK);
	assert_int_equal(sent, 1);
	/* a delivered item cannot be retried */
	assert_int_equal(db_begin(db, &ei), ERR_OK);
	assert_int_equal(outbox_retry(db, 1, &ei), ERR_NOTFOUND);
	db_rollback(db);
	assert_state("a", "sent");
	/* a permanent refusal is parked at once */
	refuse = true;
	put(db, "c", true);
	assert_int_equal(outbox_run_once(db, 10, &sent, &failed, &ei), ERR_OK);
	assert_int_equal(failed, 1);
	assert_state("c", "parked");
	/* a wait that would end past a day of retries: parked */
	refuse = false;
	fail_first = 100;
	setenv("NTM_OUTBOX_RETRY_S", "90000", 1);
	put(db, "d", true);
	assert_int_equal(outbox_run_once(db, 10, &sent, &failed, &ei), ERR_OK);
	assert_int_equal(failed, 1);	/* d; the parked c is not tried */
	assert_state("d", "parked");
	/* a parked item is sent again by hand */
	fail_first = 0;
	assert_int_equal(db_begin(db, &ei), ERR_OK);
	assert_int_equal(outbox_retry(db, 3, &ei), ERR_OK);
	assert_int_equal(db_commit(db, &ei), ERR_OK);
	assert_int_equal(outbox_run_once(db, 10, &sent, &failed, &ei), ERR_OK);
	assert_int_equal(sent, 1);
	assert_state("d", "sent");
	assert_state("c", "parked");
	unsetenv("NTM_OUTBOX_RETRY_S");
	outbox_channels_for_test(NULL);
	testdb_remove(db, dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_row_per_key_and_sent_once),
		cmocka_unit_test(failure_waits_then_parks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
