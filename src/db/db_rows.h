/*
 * db_rows.h - the end of a read that gathered its rows into a JSON array.
 *
 * A list read steps its statement until db_step answers 0 (done) or < 0
 * (failed), appending one JSON value a row.  Its end is always the same:
 * the reads are ended (a statement left open would hold a later commit),
 * a failure releases what was gathered and returns the error, a success
 * hands the array on.  These functions are that end, once.
 *
 * Ownership: items is stolen in every case.
 */
#ifndef NTM_DB_DB_ROWS_H
#define NTM_DB_DB_ROWS_H

#include <stdint.h>

#include <jansson.h>

#include "db/db.h"

/* rc is the last db_step's answer: *out is items itself on success. */
enum err db_rows_done(struct db *db, int rc, json_t *items, json_t **out,
    struct errinfo *ei);
/* The same, *out being {"items": items}, with "total": total where
 * total >= 0 (a paged list says how many there are in all). */
enum err db_rows_done_object(struct db *db, int rc, json_t *items,
    int64_t total, json_t **out, struct errinfo *ei);

#endif
