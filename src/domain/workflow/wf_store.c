/*
 * wf_store.c - procedure versions in the database: import (one version
 * never changes; an amendment is a new version), the per-process cache of
 * parsed versions, list, get and pick (the procedure that applies to a
 * unit, a title and a criteria set).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/files.h"
#include "core/xalloc.h"
#include "domain/docstore/docstore.h"
#include "domain/workflow/wf_internal.h"

/* Procedure versions (domain/docstore): parsed once per process. */
static void
free_procedure(void *p)
{
	wf_procedure_free(p);
}

static void *
parse_procedure(const char *text, size_t len, struct errinfo *ei)
{
	struct wf_procedure *p;

	return wf_procedure_parse(text, len, &p, ei) == ERR_OK ? p : NULL;
}

static struct docstore procedures = {
	.code = "workflow", .id_field = "id",
	.name_vi = "quy trình", .name_en = "procedure",
	.object_kind = "wf_procedure", .action = "workflow.import",
	.versions = STMT_WF_PROC_VERSIONS, .document = STMT_WF_PROC_DOCUMENT,
	.insert = STMT_WF_PROC_INSERT,
	.parse = parse_procedure, .free_obj = free_procedure,
	.cache = DOCSTORE_CACHE(free_procedure),
};

void
wf_cache_free(void)
{
	docstore_cache_free(&procedures);
}

enum err
wf_bump_version(struct db *db, struct errinfo *ei)
{
	return db_meta_bump(db, WF_META_VERSION, ei);
}

enum err
wf_load(struct db *db, const char *id, int version,
    const struct wf_procedure **out, struct errinfo *ei)
{
	const void *p;
	enum err e = docstore_load(&procedures, db, id, version, &p, ei);

	*out = e == ERR_OK ? p : NULL;
	return e;
}

/* The columns of wf_procedure beyond the store's own (docstore.h). */
static void
bind_procedure(struct db_stmt *st, int i, const void *obj)
{
	const struct wf_procedure *p = obj;

	db_bind_text(st, i, p->name.vi);
	db_bind_text(st, i + 1, p->kind);
}

enum err
wf_import(struct db *db, const struct audit_actor *who, const char *text,
    size_t len, const char *change_note, int *version, bool *created,
    struct errinfo *ei)
{
	struct wf_procedure *p;
	struct docstore_put put;
	enum err e;

	if (created != NULL)
		*created = false;
	if ((e = wf_procedure_parse(text, len, &p, ei)) != ERR_OK)
		return e;
	if (version != NULL)
		*version = p->version;
	put = (struct docstore_put){ .id = p->id, .version = p->version,
	    .text = text, .len = len, .change_note = change_note, .obj = p,
	    .bind_extra = bind_procedure };
	e = docstore_store(&procedures, db, who, &put, WF_META_VERSION,
	    created, ei);
	wf_procedure_free(p);
	return e;
}

enum err
wf_import_dir(struct db *db, const char *dir, const char *note,
    int *imported, struct errinfo *ei)
{
	return docstore_import_dir(&procedures, db, dir, WF_DOC_MAX, wf_import,
	    note, imported, ei);
}

static json_t *
str_array(const char *const *s, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(s[i]));
	return a;
}

/* The newest versions (of kind, or all): ids into an arena-free list. */
/* The newest version of every procedure (kind NULL) or of one kind. */
static struct db_stmt *
newest_stmt(struct db *db, const char *kind)
{
	struct db_stmt *st = db_stmt(db, STMT_WF_PROC_NEWEST);

	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, kind);
	return st;
}

/* One procedure of the list: its newest version in short. */
static json_t *
describe_procedure(const void *obj, const struct docstore_newest *row)
{
	const struct wf_procedure *p = obj;

	return json_pack("{s:s, s:i, s:i, s:s, s:s, s:s, s:s, s:{s:o, s:s, s:o, "
	    "s:o}, s:s}", "id", p->id, "version", p->version, "versions",
	    row->versions, "name", p->name.vi, "name_en", p->name.en, "kind",
	    p->kind, "legal_basis", p->legal_basis, "applies_to",
	    "structures", str_array(p->structures, p->nstructures), "level",
	    p->level, "titles", str_array(p->titles, p->ntitles), "sets",
	    str_array(p->sets, p->nsets), "created_at", row->created_at);
}

enum err
wf_list(struct db *db, json_t **out, struct errinfo *ei)
{
	return docstore_list(&procedures, db, newest_stmt(db, NULL),
	    describe_procedure, out, ei);
}

enum err
wf_get(struct db *db, const char *id, int version, json_t **out,
    struct errinfo *ei)
{
	const struct wf_procedure *p;
	enum err e;

	if ((e = wf_load(db, id, version, &p, ei)) != ERR_OK)
		return e;
	return docstore_show(&procedures, db, id, version, "procedure", p->doc,
	    out, ei);
}

static bool
in_list(const char *const *list, size_t n, const char *s)
{
	/* No filter asked, or the procedure names none. */
	if (s == NULL || n == 0)
		return true;
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

enum err
wf_pick(struct db *db, const char *kind, const char *structure,
    const char *level, const char *title, const char *set_id,
    const struct wf_procedure **out, struct errinfo *ei)
{
	struct docstore_newest *rows;
	size_t n;
	enum err e;

	*out = NULL;
	if ((e = docstore_newest(db, newest_stmt(db, kind), &rows, &n, ei)) !=
	    ERR_OK)
		return e;
	for (size_t i = 0; i < n && *out == NULL; i++) {
		const struct wf_procedure *p;

		if ((e = wf_load(db, rows[i].id, rows[i].version, &p, ei)) !=
		    ERR_OK)
			break;
		if (structure != NULL && (p->nstructures == 0 ||
		    !in_list(p->structures, p->nstructures, structure)))
			continue;
		if (level != NULL && strcmp(p->level, level) != 0 &&
		    strcmp(p->level, "any") != 0)
			continue;
		if (in_list(p->titles, p->ntitles, title) &&
		    in_list(p->sets, p->nsets, set_id))
			*out = p;
	}
	docstore_newest_free(rows, n);
	if (e != ERR_OK)
		return e;
	if (*out == NULL)
		return err_set(ei, ERR_NOTFOUND, "workflow.no_procedure",
		    "title", "Không có quy trình %s nào áp dụng cho %s cấp "
		    "%s, danh hiệu %s, bộ tiêu chí %s", "No %s procedure "
		    "applies to %s, level %s, title %s, criteria set %s",
		    kind ? kind : "",
		    structure ? structure : "*", level ? level : "*",
		    title ? title : "*", set_id ? set_id : "*");
	return ERR_OK;
}
