/*
 * db_rows.c - the end of a list read (db_rows.h): reads ended, the
 * gathered array released on a failed step or handed on.
 */
#include "db/db_rows.h"

enum err
db_rows_done(struct db *db, int rc, json_t *items, json_t **out,
    struct errinfo *ei)
{
	db_end_reads(db);
	if (rc < 0) {
		json_decref(items);
		return ei->err;
	}
	*out = items;
	return ERR_OK;
}

enum err
db_rows_done_object(struct db *db, int rc, json_t *items, int64_t total,
    json_t **out, struct errinfo *ei)
{
	enum err e;

	if ((e = db_rows_done(db, rc, items, &items, ei)) != ERR_OK)
		return e;
	*out = total >= 0 ? json_pack("{s:o, s:I}", "items", items, "total",
	    (json_int_t)total) : json_pack("{s:o}", "items", items);
	return ERR_OK;
}
