/*
 * rep_store.c - report form versions in the database (rep_form) through
 * the document store: import (one document, or the folder forms/ at
 * ntm init), load (parsed once per process, by content hash), list and
 * show.  See rep_store.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/files.h"
#include "core/xalloc.h"
#include "domain/docstore/docstore.h"
#include "domain/reporting/rep_store.h"

static void
free_form(void *f)
{
	rep_form_free(f);
}

static void *
parse_form(const char *text, size_t len, struct errinfo *ei)
{
	struct rep_form *f;

	return rep_form_parse(text, len, &f, NULL, ei) == ERR_OK ? f : NULL;
}

static struct docstore forms = {
	.code = "reporting", .id_field = "form_id",
	.name_vi = "biểu mẫu báo cáo", .name_en = "report form",
	.object_kind = "rep_form", .action = "reporting.import",
	.versions = STMT_REP_FORM_VERSIONS, .document = STMT_REP_FORM_DOCUMENT,
	.insert = STMT_REP_FORM_INSERT,
	.parse = parse_form, .free_obj = free_form,
	.cache = DOCSTORE_CACHE(free_form),
};

void
rep_cache_free(void)
{
	docstore_cache_free(&forms);
}

enum err
rep_form_load(struct db *db, const char *id, int version,
    const struct rep_form **out, struct errinfo *ei)
{
	const void *f;
	enum err e = docstore_load(&forms, db, id, version, &f, ei);

	*out = e == ERR_OK ? f : NULL;
	return e;
}

/* The columns of rep_form beyond the store's own (docstore.h). */
static void
bind_form(struct db_stmt *st, int i, const void *obj)
{
	const struct rep_form *f = obj;

	db_bind_text(st, i, f->title);
	db_bind_text(st, i + 1, rep_period_type_names[f->period_type]);
}

enum err
rep_forms_import(struct db *db, const struct audit_actor *who,
    const char *text, size_t len, const char *change_note, int *version,
    bool *created, struct rep_problems *pr, struct errinfo *ei)
{
	struct rep_form *f;
	struct docstore_put put;
	enum err e;

	if (created != NULL)
		*created = false;
	if ((e = rep_form_parse(text, len, &f, pr, ei)) != ERR_OK)
		return e;
	if (version != NULL)
		*version = f->version;
	put = (struct docstore_put){ .id = f->id, .version = f->version,
	    .text = text, .len = len, .change_note = change_note, .obj = f,
	    .bind_extra = bind_form };
	e = docstore_store(&forms, db, who, &put, REP_META_VERSION, created,
	    ei);
	rep_form_free(f);
	return e;
}

/* rep_forms_import as the document store imports a folder's files
 * (every fault of a refused one in ei's message). */
static enum err
import_one(struct db *db, const struct audit_actor *who, const char *text,
    size_t len, const char *note, int *version, bool *created,
    struct errinfo *ei)
{
	return rep_forms_import(db, who, text, len, note, version, created,
	    NULL, ei);
}

enum err
rep_forms_import_dir(struct db *db, const char *dir, const char *note,
    int *imported, struct errinfo *ei)
{
	return docstore_import_dir(&forms, db, dir, REP_DOC_MAX, import_one,
	    note, imported, ei);
}

static json_t *
levels_json(unsigned levels)
{
	json_t *a = json_array();

	for (int i = 0; i < UNIT_LEVEL__MAX; i++)
		if (levels & (1u << i))
			json_array_append_new(a, json_string(
			    unit_level_names[i]));
	return a;
}

/* One form of the list: its newest version in short. */
static json_t *
describe_form(const void *obj, const struct docstore_newest *row)
{
	const struct rep_form *f = obj;

	return json_pack("{s:s, s:i, s:i, s:s, s:s?, s:s, s:o, s:{s:i, s:i}, "
	    "s:i, s:I, s:I, s:s}", "id", f->id, "version", f->version,
	    "versions", row->versions, "title", f->title, "title_en",
	    f->title_en, "period_type", rep_period_type_names[f->period_type],
	    "levels", levels_json(f->levels), "years", "from", f->year_from,
	    "to", f->year_to, "due_days", f->due_days, "elements",
	    (json_int_t)f->n_elements, "rules", (json_int_t)f->n_rules,
	    "created_at", row->created_at);
}

enum err
rep_forms_list(struct db *db, json_t **out, struct errinfo *ei)
{
	return docstore_list(&forms, db, db_stmt(db, STMT_REP_FORM_NEWEST),
	    describe_form, out, ei);
}

enum err
rep_form_get(struct db *db, const char *id, int version, json_t **out,
    struct errinfo *ei)
{
	const struct rep_form *f;
	enum err e;

	if ((e = rep_form_load(db, id, version, &f, ei)) != ERR_OK)
		return e;
	return docstore_show(&forms, db, id, version, "form", f->doc, out, ei);
}
