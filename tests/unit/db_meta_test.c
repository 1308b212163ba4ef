/*
 * db_meta_test.c - db_meta_get, the version-token read of the response
 * caches (src/db): on SQLite it answers from the connection's memory while
 * the WAL index shows no commit since its last read, so these tests check
 * that every kind of commit is seen at once by the next call: another
 * connection's, another process's, the connection's own, and its own
 * uncommitted writes inside a transaction (seen there, gone after a
 * rollback).  Also db_end_reads, which now visits only the statements
 * stepped since the last call.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "db/db.h"
#include "testdb.h"

struct fix {
	char dir[64];
	char path[128];
	struct db *a, *b;	/* two connections to one file */
};

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));
	struct errinfo ei;

	if (f == NULL || testdb_open("dbmeta", f->dir, f->path, &f->a) != 0 ||
	    db_open(f->path, DB_EXISTING, &f->b, &ei) != ERR_OK ||
	    db_prepare_all(f->b, &ei) != ERR_OK)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	db_close(f->b);
	testdb_remove(f->a, f->dir);
	free(f);
	return 0;
}

/* The value through db_meta_get, checked against a plain read. */
static const char *
get(struct db *db, const char *key, int *rc)
{
	static char v[128];
	char plain[128];
	struct errinfo ei;
	struct db_stmt *st;
	int prc;

	*rc = db_meta_get(db, key, v, sizeof(v), &ei);
	assert_true(*rc >= 0);
	st = db_stmt(db, STMT_META_GET);
	db_bind_text(st, 1, key);
	prc = db_step(st, &ei);
	snprintf(plain, sizeof(plain), "%s", prc == 1 ? db_col_text(st, 0) : "");
	db_end_reads(db);
	assert_int_equal(*rc, prc);
	assert_string_equal(v, plain);
	return v;
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
test_other_connection(void **state)
{
	struct fix *f = *state;
	char want[32];
	int rc;

	set(f->b, "t_version", "v0");
	/* The first reads open the WAL index; later ones may be memory. */
	for (int i = 0; i < 3; i++)
		assert_string_equal(get(f->a, "t_version", &rc), "v0");
	for (int i = 1; i <= 200; i++) {
		snprintf(want, sizeof(want), "v%d", i);
		set(f->b, "t_version", want);
		assert_string_equal(get(f->a, "t_version", &rc), want);
		assert_int_equal(rc, 1);
		assert_string_equal(get(f->a, "t_version", &rc), want);
	}
}

static void
test_absent_then_set(void **state)
{
	struct fix *f = *state;
	int rc;

	for (int i = 0; i < 3; i++) {
		assert_string_equal(get(f->a, "t_absent", &rc), "");
		assert_int_equal(rc, 0);
	}
	set(f->b, "t_absent", "now");
	assert_string_equal(get(f->a, "t_absent", &rc), "now");
	assert_int_equal(rc, 1);
}

static void
test_other_process(void **state)
{
	struct fix *f = *state;
	char want[32];
	int rc;

	set(f->a, "t_proc", "p0");
	for (int i = 0; i < 3; i++)
		assert_string_equal(get(f->a, "t_proc", &rc), "p0");
	for (int i = 1; i <= 20; i++) {
		pid_t pid;
		int status;

		snprintf(want, sizeof(want), "p%d", i);
		if ((pid = fork()) == 0) {
			struct errinfo ei;
			struct db *c;

			/* The child's own connection (never the parent's). */
			if (db_open(f->path, DB_EXISTING, &c, &ei) != ERR_OK ||
			    db_prepare_all(c, &ei) != ERR_OK)
				_exit(1);
			if (i % 2)
				db_meta_bump(c, "t_proc", &ei);
			else
				set(c, "t_proc", want);
			db_close(c);
			_exit(0);
		}
		assert_true(pid > 0);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		/* get() compares with a plain read: a bump is checked too. */
		get(f->a, "t_proc", &rc);
		if (i % 2 == 0)
			assert_string_equal(get(f->a, "t_proc", &rc), want);
	}
}

static void
test_own_writes(void **state)
{
	struct fix *f = *state;
	struct errinfo ei;
	int rc;

	set(f->a, "t_own", "o0");
	for (int i = 0; i < 3; i++)
		assert_string_equal(get(f->a, "t_own", &rc), "o0");
	set(f->a, "t_own", "o1");	/* committed by the reader itself */
	assert_string_equal(get(f->a, "t_own", &rc), "o1");
	/* Inside a transaction the connection sees what it wrote... */
	assert_int_equal(db_begin(f->a, &ei), ERR_OK);
	set(f->a, "t_own", "o2");
	assert_string_equal(get(f->a, "t_own", &rc), "o2");
	db_rollback(f->a);
	/* ...and after the rollback it is gone. */
	assert_string_equal(get(f->a, "t_own", &rc), "o1");
	assert_string_equal(get(f->b, "t_own", &rc), "o1");
}

static void
test_end_reads_releases_snapshot(void **state)
{
	struct fix *f = *state;
	struct errinfo ei;
	struct db_stmt *st;
	int rc;

	set(f->b, "t_snap_1", "x");
	set(f->b, "t_snap_2", "y");
	/* A statement left after its first row holds a read snapshot. */
	st = db_stmt(f->a, STMT_META_GET);
	db_bind_text(st, 1, "t_snap_1");
	assert_int_equal(db_step(st, &ei), 1);
	set(f->b, "t_snap_1", "z");
	db_end_reads(f->a);
	assert_string_equal(get(f->a, "t_snap_1", &rc), "z");
	/* Twice in a row, and with nothing stepped in between. */
	db_end_reads(f->a);
	db_end_reads(f->a);
	assert_string_equal(get(f->a, "t_snap_2", &rc), "y");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_other_connection, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_absent_then_set, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_other_process, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_own_writes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_end_reads_releases_snapshot,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
