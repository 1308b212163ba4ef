/*
 * ocop_row.c - one record by its id, its unit, and {id, name} lists
 * (ocop_row.h), shared by the OCOP registry and the marketplace, which
 * read their producers, products and listings alike.
 */
#include "domain/ocop/ocop_row.h"

enum err
ocop_row_get(struct db *db, enum stmt_id sid, int64_t id,
    const struct ocop_missing *missing, struct db_stmt **st,
    struct errinfo *ei)
{
	int rc;

	*st = db_stmt(db, sid);
	db_bind_int(*st, 1, id);
	if ((rc = db_step(*st, ei)) < 0)
		return ei->err;
	if (rc == 0) {
		db_end_reads(db);
		return err_set_texts(ei, ERR_NOTFOUND, missing->code,
		    missing->field, missing->vi, missing->en);
	}
	return ERR_OK;
}

enum err
ocop_row_unit(struct db *db, struct arena *a,
    const struct ocop_unit_cols *c, int64_t id, const char **structure,
    const char **code, int64_t *producer_id, struct errinfo *ei)
{
	struct db_stmt *st;
	enum err e;

	if ((e = ocop_row_get(db, c->stmt, id, c->missing, &st, ei)) !=
	    ERR_OK)
		return e;
	*structure = arena_strdup(a, db_col_text(st, c->structure));
	*code = arena_strdup(a, db_col_text(st, c->structure + 1));
	if (producer_id != NULL && c->producer >= 0)
		*producer_id = db_col_int(st, c->producer);
	db_end_reads(db);
	return ERR_OK;
}

enum err
ocop_rows_id_name(struct db *db, enum stmt_id sid, int64_t id,
    json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, sid);
	json_t *items = json_array();
	int rc;

	db_bind_int(st, 1, id);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(items, json_pack("{s:I, s:s}", "id",
		    (json_int_t)db_col_int(st, 0), "name", db_col_text(st, 1)));
	db_end_reads(db);
	if (rc < 0) {
		json_decref(items);
		return ei->err;
	}
	*out = items;
	return ERR_OK;
}
