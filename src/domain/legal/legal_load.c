/*
 * legal_load.c - the library file (legal/documents.json, ntm-legal/1)
 * checked and loaded into legal_document by `ntm init` (legal.h).  The
 * file is the truth: a changed file replaces every row in one
 * transaction; the same file again (its SHA-256 kept in meta) is a no-op.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/files.h"
#include "core/jdoc.h"
#include "core/jval.h"
#include "core/stamp.h"
#include "core/text.h"
#include "domain/legal/legal.h"

#define SHA_KEY		"legal_documents_sha256"
#define PROBLEMS_MAX	2048

static const char *const kinds[] = { "decision", "resolution", "decree",
	"circular", "letter", NULL };
static const char *const in_force_values[] = { "yes", "no", "not_known",
	NULL };
static const char *const verifications[] = { "verified", "recalled", NULL };

static bool
one_of(const char *s, const char *const *list)
{
	for (; s != NULL && *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

/* A problem of entry i (its number when it has one), both languages. */
static void
problem(struct buf *vi, struct buf *en, size_t i, const char *what_vi,
    const char *what_en)
{
	if (buf_printf(vi, "%svăn bản thứ %zu: %s", vi->len ? "; " : "", i + 1,
	    what_vi) != ERR_OK || buf_printf(en, "%sdocument %zu: %s",
	    en->len ? "; " : "", i + 1, what_en) != ERR_OK)
		return;		/* the list is long enough to act on */
}

static bool
slug_ok(const char *s)
{
	if (s == NULL || *s == '\0' || strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return false;
	return true;
}

static bool
date_ok(const json_t *v)
{
	long days;

	return v == NULL || json_is_null(v) || (json_is_string(v) &&
	    date_parse(json_string_value(v), &days));
}

/* Is number the number of an entry of docs? */
static bool
known_number(const json_t *docs, const char *number)
{
	const json_t *d;
	size_t i;

	json_array_foreach(docs, i, d)
		if (number != NULL && strcmp(jval_str(d, "number"), number) == 0)
			return true;
	return false;
}

/* Every problem of the entries, into vi/en. */
static void
check_entries(const json_t *docs, struct buf *vi, struct buf *en)
{
	const json_t *d, *o, *a;
	size_t i, j, k;

	json_array_foreach(docs, i, d) {
		const char *slug = jval_str(d, "slug"), *number = jval_str(d,
		    "number");

		if (!slug_ok(slug))
			problem(vi, en, i, "“slug” phải gồm chữ thường không dấu, "
			    "số và dấu -", "“slug” must be lowercase ASCII letters, "
			    "digits and -");
		if (number == NULL || *number == '\0')
			problem(vi, en, i, "thiếu số hiệu", "no number");
		if (!one_of(jval_str(d, "kind"), kinds))
			problem(vi, en, i, "loại văn bản không hợp lệ",
			    "the kind is not valid");
		if (jval_str(d, "title") == NULL || jval_str(d, "issuer") == NULL)
			problem(vi, en, i, "thiếu trích yếu hoặc cơ quan ban hành",
			    "the title or the issuer is missing");
		if (!one_of(jval_str(d, "in_force"), in_force_values))
			problem(vi, en, i, "“in_force” phải là yes, no hoặc "
			    "not_known", "“in_force” must be yes, no or not_known");
		if (!one_of(jval_str(d, "verification"), verifications))
			problem(vi, en, i, "“verification” phải là verified hoặc "
			    "recalled", "“verification” must be verified or "
			    "recalled");
		if (!date_ok(json_object_get(d, "date")) ||
		    !date_ok(json_object_get(d, "effective")))
			problem(vi, en, i, "ngày không hợp lệ (YYYY-MM-DD)",
			    "a date is not valid (YYYY-MM-DD)");
		o = json_object_get(d, "replaced_by");
		if (o != NULL && !json_is_null(o) &&
		    !known_number(docs, json_string_value(o)))
			problem(vi, en, i, "văn bản thay thế không có trong thư viện",
			    "the replacing document is not in the library");
		json_array_foreach(json_object_get(d, "amended_by"), j, a)
			if (!known_number(docs, json_string_value(a)))
				problem(vi, en, i, "văn bản sửa đổi không có trong "
				    "thư viện", "an amending document is not in the "
				    "library");
		if (!json_is_array(json_object_get(d, "recalled")))
			problem(vi, en, i, "thiếu danh sách “recalled”",
			    "the “recalled” list is missing");
		for (k = 0; k < i; k++) {
			o = json_array_get(docs, k);
			if (slug != NULL && strcmp(jval_str(o, "slug"), slug) == 0)
				problem(vi, en, i, "slug trùng", "the slug repeats");
			if (number != NULL && strcmp(jval_str(o, "number"),
			    number) == 0)
				problem(vi, en, i, "số hiệu trùng",
				    "the number repeats");
		}
	}
}

/* The rows of docs replace the table's (inside the caller's
 * transaction). */
static enum err
store_entries(struct db *db, const json_t *docs, struct errinfo *ei)
{
	char now[STAMP_TIME_LEN];
	const json_t *d;
	size_t i;
	enum err e;

	stamp_now(now);
	if ((e = db_exec(db_stmt(db, STMT_LEGAL_DELETE_ALL), ei)) != ERR_OK)
		return e;
	json_array_foreach(docs, i, d) {
		struct db_stmt *st = db_stmt(db, STMT_LEGAL_INSERT);
		char *text = json_dumps(d, JSON_COMPACT);

		db_bind_text(st, 1, jval_str(d, "slug"));
		db_bind_text(st, 2, jval_str(d, "number"));
		db_bind_int(st, 3, (int64_t)i);
		db_bind_text(st, 4, jval_str(d, "kind"));
		db_bind_text(st, 5, jval_str(d, "title"));
		db_bind_text(st, 6, jval_str(d, "date"));
		db_bind_text(st, 7, jval_str(d, "in_force"));
		db_bind_text(st, 8, jval_str(d, "replaced_by"));
		db_bind_text(st, 9, jval_str(d, "verification"));
		db_bind_text(st, 10, text);
		db_bind_text(st, 11, now);
		e = db_exec(st, ei);
		free(text);
		if (e != ERR_OK)
			return e;
	}
	return ERR_OK;
}

/* Is sha the one already loaded? */
static bool
already_loaded(struct db *db, const char *sha)
{
	struct db_stmt *st = db_stmt(db, STMT_META_GET);
	bool same;

	db_bind_text(st, 1, SHA_KEY);
	same = db_step(st, NULL) == 1 && db_col_text(st, 0) != NULL &&
	    strcmp(db_col_text(st, 0), sha) == 0;
	db_end_reads(db);
	return same;
}

enum err
legal_load_file(struct db *db, const struct audit_actor *who,
    const char *path, bool *loaded, struct errinfo *ei)
{
	char sha[STAMP_SHA256_HEX];
	struct buf vi, en;
	json_t *root = NULL, *docs;
	struct db_stmt *st;
	size_t len = 0;
	char *text;
	enum err e;

	*loaded = false;
	if ((text = file_text(path, LEGAL_FILE_MAX, &len)) == NULL)
		return err_set(ei, ERR_INVALID, "legal.read", "file",
		    "không đọc được thư viện văn bản %s",
		    "cannot read the legal library %s", path);
	stamp_sha256_hex(text, len, sha);
	if (already_loaded(db, sha)) {
		free(text);
		return ERR_OK;
	}
	e = jdoc_load(text, len, LEGAL_FILE_MAX, "legal", "thư viện văn bản",
	    &root, ei);
	free(text);
	if (e != ERR_OK)
		return e;
	docs = json_object_get(root, "documents");
	if (strcmp(jval_str(root, "format") ? jval_str(root, "format") : "",
	    "ntm-legal/1") != 0 || !json_is_array(docs)) {
		json_decref(root);
		return err_set(ei, ERR_INVALID, "legal.bad_format", "format",
		    "%s không phải thư viện văn bản ntm-legal/1 có “documents”",
		    "%s is not an ntm-legal/1 library with “documents”", path);
	}
	buf_init(&vi, PROBLEMS_MAX);
	buf_init(&en, PROBLEMS_MAX);
	check_entries(docs, &vi, &en);
	if (vi.len > 0) {
		e = err_set_texts(ei, ERR_INVALID, "legal.bad_document",
		    "documents", buf_cstr(&vi), buf_cstr(&en));
		goto out;
	}
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto out;
	st = db_stmt(db, STMT_META_SET);
	db_bind_text(st, 1, SHA_KEY);
	db_bind_text(st, 2, sha);
	if ((e = store_entries(db, docs, ei)) == ERR_OK &&
	    (e = db_exec(st, ei)) == ERR_OK &&
	    (e = db_meta_bump(db, LEGAL_META_VERSION, ei)) == ERR_OK)
		e = audit_record(db, who, "legal.load", NULL, NULL, json_pack(
		    "{s:I, s:s}", "documents", (json_int_t)json_array_size(docs),
		    "sha256", sha), ei, "legal_library:%s", "documents.json");
	if ((e = db_finish(db, e, ei)) == ERR_OK)
		*loaded = true;
out:
	buf_free(&vi);
	buf_free(&en);
	json_decref(root);
	return e;
}
