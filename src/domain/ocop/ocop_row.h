/*
 * ocop_row.h - reading one record by its id, the way the OCOP and
 * marketplace files all do it: the row or a "not found" naming the
 * record, the unit (structure, code) a record belongs to, and the short
 * {id, name} lists their forms offer.
 *
 * The statements are the callers' (one parameter: the id); these
 * functions only step them, so every lookup ends its reads and reports a
 * missing record the same way.  Strings copied out go in the caller's
 * arena; lists are new json_t references.
 */
#ifndef NTM_DOMAIN_OCOP_ROW_H
#define NTM_DOMAIN_OCOP_ROW_H

#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"

/* What a lookup reports when there is no such record (ERR_NOTFOUND). */
struct ocop_missing {
	const char *code, *field, *vi, *en;
};

/* Where a statement's row holds the unit of a record. */
struct ocop_unit_cols {
	enum stmt_id stmt;		/* one parameter: the record's id */
	int structure;			/* its column; the code is the next */
	int producer;			/* column of the producer's id, -1 none */
	const struct ocop_missing *missing;
};

/* Statement sid, its parameter bound to id, stepped to its one row:
 * ERR_OK with the row in *st to read (the caller then ends the reads),
 * else the error, ERR_NOTFOUND as missing says (reads ended). */
enum err ocop_row_get(struct db *db, enum stmt_id sid, int64_t id,
    const struct ocop_missing *missing, struct db_stmt **st,
    struct errinfo *ei);

/* The unit of record id as c says where it is, copied into a; the
 * producer's id too when producer_id is not NULL (and c has one). */
enum err ocop_row_unit(struct db *db, struct arena *a,
    const struct ocop_unit_cols *c, int64_t id, const char **structure,
    const char **code, int64_t *producer_id, struct errinfo *ei);

/* The rows of sid (its parameter bound to id) as a new array of
 * {"id": column 0, "name": column 1}. */
enum err ocop_rows_id_name(struct db *db, enum stmt_id sid, int64_t id,
    json_t **out, struct errinfo *ei);

#endif
