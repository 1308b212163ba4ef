/*
 * ocop_scorecard_store.c - OCOP scorecard versions in the database
 * (ocop_scorecard) through the document store: import (one document, or
 * the folder scorecards/ at ntm init), load (parsed once per process, by
 * content hash), list and show.  See ocop_scorecard_store.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "domain/docstore/docstore.h"
#include "domain/ocop/ocop_scorecard_store.h"

static void
free_card(void *sc)
{
	ocop_scorecard_free(sc);
}

static void *
parse_card(const char *text, size_t len, struct errinfo *ei)
{
	struct ocop_scorecard *sc;

	return ocop_scorecard_parse(text, len, &sc, NULL, ei) == ERR_OK ?
	    sc : NULL;
}

static struct docstore cards = {
	.code = "ocop_scorecard", .id_field = "scorecard_id",
	.name_vi = "bảng điểm OCOP", .name_en = "OCOP scorecard",
	.object_kind = "ocop_scorecard", .action = "ocop_scorecard.import",
	.versions = STMT_OCOP_SCORECARD_VERSIONS,
	.document = STMT_OCOP_SCORECARD_DOCUMENT,
	.insert = STMT_OCOP_SCORECARD_INSERT,
	.parse = parse_card, .free_obj = free_card,
	.cache = DOCSTORE_CACHE(free_card),
};

void
ocop_scorecard_cache_free(void)
{
	docstore_cache_free(&cards);
}

enum err
ocop_scorecard_load(struct db *db, const char *id, int version,
    const struct ocop_scorecard **out, struct errinfo *ei)
{
	const void *sc;
	enum err e = docstore_load(&cards, db, id, version, &sc, ei);

	*out = e == ERR_OK ? sc : NULL;
	return e;
}

/* The columns of ocop_scorecard beyond the store's own (docstore.h). */
static void
bind_card(struct db_stmt *st, int i, const void *obj)
{
	const struct ocop_scorecard *sc = obj;

	db_bind_text(st, i, sc->title);
	db_bind_text(st, i + 1, sc->decision);
}

enum err
ocop_scorecards_import(struct db *db, const struct audit_actor *who,
    const char *text, size_t len, const char *change_note, int *version,
    bool *created, struct rep_problems *pr, struct errinfo *ei)
{
	struct ocop_scorecard *sc;
	bool own = !db_in_transaction(db), made = false;
	struct docstore_put put = { 0 };
	enum err e;

	if (created != NULL)
		*created = false;
	if ((e = ocop_scorecard_parse(text, len, &sc, pr, ei)) != ERR_OK)
		return e;
	if (version != NULL)
		*version = sc->version;
	if (own && (e = db_begin(db, ei)) != ERR_OK) {
		ocop_scorecard_free(sc);
		return e;
	}
	put.id = sc->id;
	put.version = sc->version;
	put.text = text;
	put.len = len;
	put.change_note = change_note;
	put.obj = sc;
	put.bind_extra = bind_card;
	e = docstore_put(&cards, db, who, &put, &made, ei);
	if (e == ERR_OK && made)
		e = db_meta_bump(db, OCOP_SC_META_VERSION, ei);
	if (own)
		e = db_finish(db, e, ei);
	ocop_scorecard_free(sc);
	if (created != NULL)
		*created = e == ERR_OK && made;
	return e;
}

static enum err
import_one(struct db *db, const struct audit_actor *who, const char *text,
    size_t len, const char *note, int *version, bool *created,
    struct errinfo *ei)
{
	return ocop_scorecards_import(db, who, text, len, note, version,
	    created, NULL, ei);
}

enum err
ocop_scorecards_import_dir(struct db *db, const char *dir, const char *note,
    int *imported, struct errinfo *ei)
{
	return docstore_import_dir(&cards, db, dir, OCOP_SC_DOC_MAX,
	    import_one, note, imported, ei);
}

enum err
ocop_scorecards_list(struct db *db, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_SCORECARD_NEWEST);
	struct row {
		char id[OCOP_SC_ID_MAX + 1], created_at[40];
		int version, versions;
	} *rows = NULL;
	size_t n = 0, cap = 0, i, k;
	json_t *items;
	enum err e = ERR_OK;
	int rc;

	while ((rc = db_step(st, ei)) == 1) {
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			rows = xrealloc(rows, cap * sizeof(*rows));
		}
		snprintf(rows[n].id, sizeof(rows[n].id), "%s",
		    db_col_text(st, 0));
		rows[n].version = (int)db_col_int(st, 1);
		snprintf(rows[n].created_at, sizeof(rows[n].created_at), "%s",
		    db_col_text(st, 2));
		rows[n++].versions = (int)db_col_int(st, 3);
	}
	if (rc < 0) {
		free(rows);
		return ei->err;
	}
	items = json_array();
	for (i = 0; i < n; i++) {
		const struct ocop_scorecard *sc;
		json_t *parts, *groups;

		if ((e = ocop_scorecard_load(db, rows[i].id, rows[i].version,
		    &sc, ei)) != ERR_OK)
			break;
		parts = json_array();
		for (k = 0; k < sc->n_parts; k++)
			json_array_append_new(parts, json_pack("{s:s, s:s, s:o, "
			    "s:s}", "code", sc->parts[k].code, "name",
			    sc->parts[k].name, "max",
			    ocop_points_json(sc->parts[k].max), "status",
			    ocop_sc_status_names[sc->parts[k].status]));
		groups = json_array();
		for (k = 0; k < sc->n_groups; k++)
			json_array_append_new(groups, json_pack("{s:i, s:s, "
			    "s:I}", "code", sc->groups[k].code, "name",
			    sc->groups[k].name, "items",
			    (json_int_t)sc->groups[k].it.n_items));
		json_array_append_new(items, json_pack("{s:s, s:i, s:i, s:s, "
		    "s:s?, s:s, s:s, s:o, s:o, s:s, s:s}", "id", sc->id,
		    "version", sc->version, "versions", rows[i].versions,
		    "title", sc->title, "title_en", sc->title_en, "decision",
		    sc->decision, "date", sc->date, "parts", parts, "groups",
		    groups, "bands_status",
		    ocop_sc_status_names[sc->bands_status], "created_at",
		    rows[i].created_at));
	}
	free(rows);
	if (e != ERR_OK) {
		json_decref(items);
		return e;
	}
	*out = json_pack("{s:o, s:I}", "items", items, "total",
	    (json_int_t)json_array_size(items));
	return ERR_OK;
}

enum err
ocop_scorecard_get(struct db *db, const char *id, int version, json_t **out,
    struct errinfo *ei)
{
	const struct ocop_scorecard *sc;
	enum err e;

	if ((e = ocop_scorecard_load(db, id, version, &sc, ei)) != ERR_OK)
		return e;
	return docstore_show(&cards, db, id, version, "scorecard", sc->doc,
	    out, ei);
}
