/*
 * docstore.c - versioned documents (docstore.h): finding a version,
 * loading and caching its parse, storing a new one, showing one with the
 * list of versions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/files.h"
#include "core/stamp.h"
#include "core/xalloc.h"
#include "domain/docstore/docstore.h"

/* An error of ds's kind: code "<ds->code>.<reason>", the messages written
 * from vi and en, each a format taking (the kind's name, id, n). */
static enum err
fail(const struct docstore *ds, struct errinfo *ei, enum err e,
    const char *reason, const char *field, const char *id, int n,
    const char *vi, const char *en)
{
	char code[64], m[2][320];

	snprintf(code, sizeof(code), "%s.%s", ds->code, reason);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	/* vi and en are literals of this file's callers below. */
	snprintf(m[0], sizeof(m[0]), vi, ds->name_vi, id, n);
	snprintf(m[1], sizeof(m[1]), en, ds->name_en, id, n);
#pragma GCC diagnostic pop
	return err_set_texts(ei, e, code, field, m[0], m[1]);
}

enum err
docstore_version(struct docstore *ds, struct db *db, const char *id,
    int version, int *v_out, char sha[65], struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, ds->versions);
	int rc, found = 0;

	/* Stepped to the end (few rows): db_end_reads would also end a
	 * statement the caller may be iterating. */
	db_bind_text(st, 1, id);
	while ((rc = db_step(st, ei)) == 1) {
		int v = (int)db_col_int(st, 0);

		if (found == 0 && (version == 0 || v == version)) {
			found = v;
			snprintf(sha, 65, "%s", db_col_text(st, 1));
		}
	}
	if (rc < 0)
		return ei->err;
	if (found != 0) {
		*v_out = found;
		return ERR_OK;
	}
	if (version == 0)
		return fail(ds, ei, ERR_NOTFOUND, "not_found", ds->id_field, id, 0,
		    "Không có %s '%s'", "There is no %s '%s'");
	return fail(ds, ei, ERR_NOTFOUND, "not_found", "version", id, version,
	    "%s '%s' không có phiên bản %d", "The %s '%s' has no version %d");
}

enum err
docstore_show(struct docstore *ds, struct db *db, const char *id,
    int version, const char *key, json_t *doc, json_t **out,
    struct errinfo *ei)
{
	struct db_stmt *st;
	json_t *versions;
	char sha[65];
	int v = 0, rc;
	enum err e;

	if ((e = docstore_version(ds, db, id, version, &v, sha, ei)) != ERR_OK)
		return e;
	versions = json_array();
	st = db_stmt(db, ds->versions);
	db_bind_text(st, 1, id);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(versions, json_pack("{s:I, s:s?, s:s}",
		    "version", (json_int_t)db_col_int(st, 0),
		    "change_note", db_col_text(st, 2),
		    "created_at", db_col_text(st, 3)));
	if (rc < 0) {
		json_decref(versions);
		return ei->err;
	}
	*out = json_pack("{s:O, s:i, s:o, s:s}", key, doc, "version", v,
	    "versions", versions, "sha256", sha);
	return ERR_OK;
}

enum err
docstore_load(struct docstore *ds, struct db *db, const char *id,
    int version, const void **out, struct errinfo *ei)
{
	struct db_stmt *st;
	char sha[65];
	void *obj;
	int v, rc;
	enum err e;

	if ((e = docstore_version(ds, db, id, version, &v, sha, ei)) != ERR_OK)
		return e;
	if ((*out = shacache_find(&ds->cache, sha)) != NULL)
		return ERR_OK;
	st = db_stmt(db, ds->document);
	db_bind_text(st, 1, id);
	db_bind_int(st, 2, v);
	if ((rc = db_step(st, ei)) != 1)
		return rc < 0 ? ei->err : fail(ds, ei, ERR_NOTFOUND, "not_found",
		    ds->id_field, id, 0, "Không có %s '%s'", "There is no %s '%s'");
	obj = ds->parse(db_col_text(st, 0), strlen(db_col_text(st, 0)), ei);
	while (db_step(st, NULL) == 1)
		;
	if (obj == NULL) {
		err_prefix(ei, "%s '%s' v%d lưu trong CSDL không hợp lệ: ",
		    "%s '%s' v%d as stored is not valid: ", ds->name_vi, id, v);
		ei->err = ERR_DB;
		snprintf(ei->code, sizeof(ei->code), "%s.stored_invalid",
		    ds->code);
		return ERR_DB;
	}
	*out = shacache_add(&ds->cache, sha, obj);
	return ERR_OK;
}

enum err
docstore_put(struct docstore *ds, struct db *db,
    const struct audit_actor *who, const struct docstore_put *p,
    bool *created, struct errinfo *ei)
{
	struct db_stmt *st;
	char sha[65], newest_sha[65], same_sha[65], now[32];
	int newest = 0, same = 0;
	enum err e;

	*created = false;
	stamp_sha256_hex(p->text, p->len, sha);
	e = docstore_version(ds, db, p->id, 0, &newest, newest_sha, ei);
	if (e != ERR_OK && e != ERR_NOTFOUND)
		return e;
	err_clear(ei);
	if (e == ERR_OK) {
		if ((e = docstore_version(ds, db, p->id, p->version, &same,
		    same_sha, ei)) == ERR_OK) {
			if (strcmp(same_sha, sha) == 0)
				return ERR_OK;
			return fail(ds, ei, ERR_CONFLICT, "version_exists",
			    "version", p->id, newest, "%s '%s' đã có phiên bản "
			    "này với nội dung khác; một phiên bản đã lưu không "
			    "được sửa tại chỗ: hãy tăng version (mới nhất: %d)",
			    "The %s '%s' already has this version with other "
			    "content; a stored version is never changed: raise "
			    "the version (the newest is %d)");
		}
		if (e != ERR_NOTFOUND)
			return e;
		err_clear(ei);
		if (p->version <= newest)
			return fail(ds, ei, ERR_CONFLICT, "version_exists",
			    "version", p->id, newest, "Phiên bản mới của %s "
			    "'%s' phải lớn hơn phiên bản mới nhất (%d)",
			    "A new version of the %s '%s' must be above the "
			    "newest (%d)");
	}
	stamp_now(now);
	st = db_stmt(db, ds->insert);
	db_bind_text(st, 1, p->id);
	db_bind_int(st, 2, p->version);
	db_bind_text(st, 3, p->text);
	db_bind_text(st, 4, sha);
	db_bind_text(st, 5, p->change_note);
	db_bind_text(st, 6, now);
	audit_bind_actor(st, 7, who);
	if (p->bind_extra != NULL)
		p->bind_extra(st, 8, p->obj);
	if ((e = db_exec(st, ei)) != ERR_OK ||
	    (e = audit_record(db, who, ds->action, "2025", "VN", json_pack(
	    "{s:i, s:s%}", "version", p->version, "sha256", sha, (size_t)16),
	    ei, "%s:%s", ds->object_kind, p->id)) != ERR_OK)
		return e;
	*created = true;
	return ERR_OK;
}

enum err
docstore_store(struct docstore *ds, struct db *db,
    const struct audit_actor *who, const struct docstore_put *p,
    const char *meta_key, bool *created, struct errinfo *ei)
{
	bool own = !db_in_transaction(db), made = false;
	enum err e;

	if (created != NULL)
		*created = false;
	if (own && (e = db_begin(db, ei)) != ERR_OK)
		return e;
	e = docstore_put(ds, db, who, p, &made, ei);
	if (e == ERR_OK && made && meta_key != NULL)
		e = db_meta_bump(db, meta_key, ei);
	if (own)
		e = db_finish(db, e, ei);
	if (created != NULL)
		*created = e == ERR_OK && made;
	return e;
}

void
docstore_cache_free(struct docstore *ds)
{
	shacache_clear(&ds->cache);
}

struct import_dir {
	const struct docstore *ds;
	struct db *db;
	size_t max;
	docstore_import_fn import;
	const char *change_note;
	int imported;
};

static enum err
import_file(void *ctx, const char *path, struct errinfo *ei)
{
	struct import_dir *im = ctx;
	size_t len = 0;
	char *text = file_text(path, im->max, &len);
	char code[64];
	bool created = false;
	enum err e;

	if (text == NULL) {
		snprintf(code, sizeof(code), "%s.read", im->ds->code);
		return err_set(ei, ERR_INVALID, code, "file",
		    "Không đọc được %s", "%s could not be read", path);
	}
	e = im->import(im->db, NULL, text, len, im->change_note, NULL,
	    &created, ei);
	free(text);
	if (e != ERR_OK)
		err_prefix(ei, "%s: ", "%s: ", path);
	im->imported += created;
	return e;
}

enum err
docstore_import_dir(const struct docstore *ds, struct db *db,
    const char *dir, size_t max, docstore_import_fn import,
    const char *change_note, int *imported, struct errinfo *ei)
{
	struct import_dir im = { ds, db, max, import, change_note, 0 };
	enum err e = files_each(dir, ".json", import_file, &im, ei);
	char code[64];

	if (imported != NULL)
		*imported = im.imported;
	if (e == ERR_NOTFOUND) {
		snprintf(code, sizeof(code), "%s.no_dir", ds->code);
		return err_set(ei, ERR_INVALID, code, "dir",
		    "Không mở được thư mục %s%.0s %s", "The %.0s%s folder %s "
		    "could not be opened", ds->name_vi, ds->name_en, dir);
	}
	return e;
}

enum err
docstore_newest(struct db *db, struct db_stmt *newest,
    struct docstore_newest **rows, size_t *n, struct errinfo *ei)
{
	size_t cap = 0;
	int rc;

	(void)db;
	*rows = NULL;
	*n = 0;
	while ((rc = db_step(newest, ei)) == 1) {
		struct docstore_newest *r;

		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*rows = xrealloc(*rows, cap * sizeof(**rows));
		}
		r = &(*rows)[(*n)++];
		r->id = xstrdup(db_col_text(newest, 0));
		r->version = (int)db_col_int(newest, 1);
		r->created_at = xstrdup(db_col_text(newest, 2) ?
		    db_col_text(newest, 2) : "");
		r->versions = (int)db_col_int(newest, 3);
	}
	if (rc < 0) {
		docstore_newest_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return ei->err;
	}
	return ERR_OK;
}

void
docstore_newest_free(struct docstore_newest *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)rows[i].id);
		free((char *)rows[i].created_at);
	}
	free(rows);
}

enum err
docstore_list(struct docstore *ds, struct db *db, struct db_stmt *newest,
    json_t *(*describe)(const void *obj, const struct docstore_newest *row),
    json_t **out, struct errinfo *ei)
{
	struct docstore_newest *rows;
	json_t *items;
	size_t n;
	enum err e;

	*out = NULL;
	if ((e = docstore_newest(db, newest, &rows, &n, ei)) != ERR_OK)
		return e;
	items = json_array();
	for (size_t i = 0; i < n && e == ERR_OK; i++) {
		const void *obj;

		if ((e = docstore_load(ds, db, rows[i].id, rows[i].version, &obj,
		    ei)) == ERR_OK)
			json_array_append_new(items, describe(obj, &rows[i]));
	}
	docstore_newest_free(rows, n);
	if (e != ERR_OK) {
		json_decref(items);
		return e;
	}
	*out = json_pack("{s:o, s:I}", "items", items, "total",
	    (json_int_t)json_array_size(items));
	return ERR_OK;
}
