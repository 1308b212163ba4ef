/*
 * demo_once.c - the frame of a part of "ntm demo" that is written once:
 * a statement counts the part's rows; when there are some (the demo ran
 * before) or the part is left out, nothing is written, so running the
 * demo again keeps what exists.  Otherwise the part's run function
 * writes it with an arena of its own.
 */
#include <stdlib.h>

#include "cli/cli.h"
#include "core/arena.h"

int
demo_once(struct db *db, enum stmt_id any, bool skip, demo_run_fn *run,
    bool *wrote)
{
	struct db_stmt *st = db_stmt(db, any);
	struct arena *a;
	struct errinfo ei;
	int64_t n = 0;
	enum err e;

	*wrote = false;
	err_clear(&ei);
	if (db_step(st, &ei) == 1)
		n = db_col_int(st, 0);
	db_end_reads(db);
	if (n > 0 || skip)
		return EXIT_OK;
	a = arena_new(8192);
	e = run(db, a, &ei);
	arena_free(a);
	if (e != ERR_OK)
		return cli_fail("demo", &ei);
	*wrote = true;
	return EXIT_OK;
}
