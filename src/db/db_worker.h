/*
 * db_worker.h - the connection of a background thread (a writer that
 * commits in batches, a sender): its own, to an existing database, every
 * statement prepared before the thread starts.
 *
 * Ownership: the caller closes *out with db_close.
 */
#ifndef NTM_DB_DB_WORKER_H
#define NTM_DB_DB_WORKER_H

#include "core/err.h"
#include "db/db.h"

/* Opens target (DB_EXISTING) and prepares every statement into *out;
 * on failure *out is NULL (nothing left open) and the error in ei. */
enum err db_open_worker(const char *target, struct db **out,
    struct errinfo *ei);

#endif
