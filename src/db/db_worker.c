/*
 * db_worker.c - a background thread's own connection (db_worker.h): the
 * group-commit writers of survey responses and of checkouts and the
 * outbox's sender open theirs here, so a statement that does not match
 * the schema stops the start, never a batch.
 */
#include <stddef.h>

#include "db/db_worker.h"

enum err
db_open_worker(const char *target, struct db **out, struct errinfo *ei)
{
	enum err e;

	if ((e = db_open(target, DB_EXISTING, out, ei)) != ERR_OK)
		return e;
	if ((e = db_prepare_all(*out, ei)) != ERR_OK) {
		db_close(*out);
		*out = NULL;
	}
	return e;
}
