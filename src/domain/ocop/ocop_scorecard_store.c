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
	struct docstore_put put;
	enum err e;

	if (created != NULL)
		*created = false;
	if ((e = ocop_scorecard_parse(text, len, &sc, pr, ei)) != ERR_OK)
		return e;
	if (version != NULL)
		*version = sc->version;
	put = (struct docstore_put){ .id = sc->id, .version = sc->version,
	    .text = text, .len = len, .change_note = change_note, .obj = sc,
	    .bind_extra = bind_card };
	e = docstore_store(&cards, db, who, &put, OCOP_SC_META_VERSION,
	    created, ei);
	ocop_scorecard_free(sc);
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

/* One scorecard of the list: its newest version in short. */
static json_t *
describe_card(const void *obj, const struct docstore_newest *row)
{
	const struct ocop_scorecard *sc = obj;
	json_t *parts = json_array(), *groups = json_array();

	for (size_t k = 0; k < sc->n_parts; k++)
		json_array_append_new(parts, json_pack("{s:s, s:s, s:o, s:s}",
		    "code", sc->parts[k].code, "name", sc->parts[k].name, "max",
		    ocop_points_json(sc->parts[k].max), "status",
		    ocop_sc_status_names[sc->parts[k].status]));
	for (size_t k = 0; k < sc->n_groups; k++)
		json_array_append_new(groups, json_pack("{s:i, s:s, s:I}",
		    "code", sc->groups[k].code, "name", sc->groups[k].name,
		    "items", (json_int_t)sc->groups[k].it.n_items));
	return json_pack("{s:s, s:i, s:i, s:s, s:s?, s:s, s:s, s:o, s:o, s:s, "
	    "s:s}", "id", sc->id, "version", sc->version, "versions",
	    row->versions, "title", sc->title, "title_en", sc->title_en,
	    "decision", sc->decision, "date", sc->date, "parts", parts,
	    "groups", groups, "bands_status",
	    ocop_sc_status_names[sc->bands_status], "created_at",
	    row->created_at);
}

enum err
ocop_scorecards_list(struct db *db, json_t **out, struct errinfo *ei)
{
	return docstore_list(&cards, db, db_stmt(db,
	    STMT_OCOP_SCORECARD_NEWEST), describe_card, out, ei);
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
