/*
 * legal_index.c - the library with what cites each document (legal.h):
 * built once per LEGAL_VERSION from legal_document and the newest
 * version of every stored criteria set, procedure, report form and
 * scorecard, shared by the server's threads (core/vcopy.h), and read by
 * the list, the document page and the pages that link to their sources.
 * Readers copy what they return (json_deep_copy), so the shared index
 * is never changed after it is built.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/jval.h"
#include "core/text.h"
#include "core/vcopy.h"
#include "domain/legal/legal.h"

#define FOLD_MAX	4096

/* A kind of record that cites: its statement, the arrays of its
 * document whose elements are items of their own (a set's criteria), and
 * its public page ("" : none). */
static const struct cite_kind {
	const char *kind;
	enum stmt_id stmt;
	const char *items[3];
	const char *page;
} cite_kinds[] = {
	{ "criteria_set", STMT_LEGAL_SRC_CRITERIA, { "criteria" },
	  "/criteria-sets/" },
	{ "procedure", STMT_LEGAL_SRC_PROCEDURES, { NULL }, "/procedures/" },
	{ "form", STMT_LEGAL_SRC_FORMS, { "breakdowns", "elements" }, "" },
	{ "scorecard", STMT_LEGAL_SRC_SCORECARDS, { "parts" },
	  "/ocop/scorecards/" },
};

/* The keys under which a document names its sources. */
static const char *const source_keys[] = { "source", "sources",
	"legal_basis", "document", "decision", "replaces", NULL };

static bool
is_source_key(const char *k)
{
	for (const char *const *s = source_keys; *s != NULL; s++)
		if (strcmp(k, *s) == 0)
			return true;
	return false;
}

/* Could c sit next to a document number without being part of it? */
static bool
number_edge(unsigned char c, bool before)
{
	if (c >= 0x80 || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '/' || c == '-')
		return false;
	return !before || (c != ':' && c != '.');
}

/* Does s hold number as a whole token ("318/QĐ-TTg" is not in
 * "1318/QĐ-TTg" nor in "18/2022/QĐ-TTg"'s neighbours)? */
static bool
cites_number(const char *s, const char *number)
{
	size_t n = strlen(number);

	for (const char *p = strstr(s, number); p != NULL && n > 0;
	    p = strstr(p + 1, number))
		if ((p == s || number_edge((unsigned char)p[-1], true)) &&
		    (p[n] == '\0' || number_edge((unsigned char)p[n], false)))
			return true;
	return false;
}

/* Add the index of every library document v's strings cite (in_src: v
 * is under a source key) to hits (a set of integers). */
static void
scan_value(const json_t *v, bool in_src, const json_t *docs, json_t *hits)
{
	const char *k;
	const json_t *x, *d;
	size_t i, j;

	if (json_is_string(v) && in_src) {
		json_array_foreach(docs, i, d) {
			bool seen = false;

			if (!cites_number(json_string_value(v), jval_str(d,
			    "number")))
				continue;
			json_array_foreach(hits, j, x)
				seen |= json_integer_value(x) == (json_int_t)i;
			if (!seen)
				json_array_append_new(hits, json_integer(
				    (json_int_t)i));
		}
	} else if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, x)
			scan_value(x, in_src || is_source_key(k), docs, hits);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			scan_value(x, in_src, docs, hits);
	}
}

static bool
is_item_array(const struct cite_kind *ck, const char *key)
{
	for (size_t i = 0; i < 3 && ck->items[i] != NULL; i++)
		if (strcmp(ck->items[i], key) == 0)
			return true;
	return false;
}

/* An item's id as text: "id", else "code" (a scorecard's part). */
static char *
item_id(const json_t *it, char buf[32])
{
	const json_t *v = json_object_get(it, "id");

	if (v == NULL)
		v = json_object_get(it, "code");
	if (json_is_string(v))
		return (char *)json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, 32, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	return NULL;
}

/* The record's own legal basis into hits: "legal_basis" as a text, or
 * the "document" of each of its entries that plays no other role (an
 * amending decision is "role": "amended_by"). */
static void
scan_basis(const json_t *basis, const json_t *docs, json_t *hits)
{
	const json_t *b;
	size_t i;

	if (json_is_string(basis))
		scan_value(basis, true, docs, hits);
	json_array_foreach(basis, i, b)
		if (json_object_get(b, "role") == NULL)
			scan_value(json_object_get(b, "document"), true, docs,
			    hits);
}

/*
 * What doc cites: {"whole": [index], "basis": [index], "items": [{id,
 * name, hits: [index]}]} (new reference).  The record cites through its
 * own source fields ("basis": those of its legal basis); an item (a
 * criterion and its indicators, a breakdown) through its own.
 */
static json_t *
scan_doc(const struct cite_kind *ck, const json_t *doc, const json_t *docs)
{
	json_t *whole = json_array(), *items = json_array(), *x,
	    *basis = json_array();
	const char *k;
	size_t i;

	json_object_foreach((json_t *)doc, k, x) {
		const json_t *it;

		if (strcmp(k, "legal_basis") == 0)
			scan_basis(x, docs, basis);
		if (!is_item_array(ck, k) || !json_is_array(x)) {
			scan_value(x, is_source_key(k), docs, whole);
			continue;
		}
		json_array_foreach(x, i, it) {
			json_t *hits = json_array();
			char buf[32];
			const char *id = item_id(it, buf);

			scan_value(it, false, docs, hits);
			if (json_array_size(hits) == 0 || id == NULL) {
				json_decref(hits);
				continue;
			}
			json_array_append_new(items, json_pack("{s:s, s:s?, s:o}",
			    "id", id, "name", jval_str(it, "name"), "hits",
			    hits));
		}
	}
	return json_pack("{s:o, s:o, s:o}", "whole", whole, "basis", basis,
	    "items", items);
}

static bool
has_hit(const json_t *hits, size_t idx)
{
	const json_t *x;
	size_t i;

	json_array_foreach(hits, i, x)
		if (json_integer_value(x) == (json_int_t)idx)
			return true;
	return false;
}

/* Add to every cited document of docs the record (kind, id, version,
 * title) with what of it cites the document. */
static void
record_citations(const struct cite_kind *ck, const char *id, int64_t version,
    const char *title, const json_t *found, json_t *docs)
{
	const json_t *whole = json_object_get(found, "whole"), *it;
	json_t *d;
	size_t i, j;

	json_array_foreach(docs, i, d) {
		json_t *items = json_array(), *href = json_null();
		bool w = has_hit(whole, i);

		json_array_foreach(json_object_get(found, "items"), j, it) {
			if (!has_hit(json_object_get(it, "hits"), i))
				continue;
			json_array_append_new(items, json_pack("{s:s, s:s?, s:o}",
			    "id", jval_str(it, "id"), "name", jval_str(it, "name"),
			    "href", *ck->page ? json_sprintf("%s%s#c-%s", ck->page,
			    id, jval_str(it, "id")) : json_null()));
		}
		if (!w && json_array_size(items) == 0) {
			json_decref(items);
			continue;
		}
		if (*ck->page)
			href = json_sprintf("%s%s", ck->page, id);
		json_array_append_new(json_object_get(d, "cited_by"), json_pack(
		    "{s:s, s:s, s:I, s:s?, s:o, s:b, s:o}", "kind", ck->kind,
		    "id", id, "version", (json_int_t)version, "title", title,
		    "href", href, "whole", w, "items", items));
	}
}

/* The library's entries, each with an empty "cited_by", into docs. */
static enum err
read_library(struct db *db, json_t *docs, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_LEGAL_LIST);
	int rc;

	while ((rc = db_step(st, ei)) == 1) {
		json_t *d = json_loads(db_col_text(st, 1), 0, NULL);

		if (!json_is_object(d)) {
			json_decref(d);
			continue;	/* written by legal_load_file: never */
		}
		json_object_set_new(d, "cited_by", json_array());
		json_array_append_new(docs, d);
	}
	return rc < 0 ? ei->err : ERR_OK;
}

/* Every record of one kind scanned into docs' "cited_by". */
static enum err
read_kind(struct db *db, const struct cite_kind *ck, json_t *docs,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, ck->stmt);
	int rc;

	while ((rc = db_step(st, ei)) == 1) {
		json_t *doc = json_loads(db_col_text(st, 3), 0, NULL), *found;

		if (doc == NULL)
			continue;	/* stored by its kind's parser: never */
		found = scan_doc(ck, doc, docs);
		record_citations(ck, db_col_text(st, 0), db_col_int(st, 1),
		    db_col_text(st, 2), found, docs);
		json_decref(found);
		json_decref(doc);
	}
	return rc < 0 ? ei->err : ERR_OK;
}

static void
index_free(void *data)
{
	json_decref(data);
}

static struct vcopy copy = VCOPY_INIT(index_free);

static enum err
index_build(void *ctx, struct vcopy_ref *ref, struct errinfo *ei)
{
	struct db *db = ctx;
	json_t *docs = json_array();
	enum err e = read_library(db, docs, ei);

	for (size_t i = 0; e == ERR_OK && i < sizeof(cite_kinds) /
	    sizeof(cite_kinds[0]); i++)
		e = read_kind(db, &cite_kinds[i], docs, ei);
	db_end_reads(db);
	if (e != ERR_OK) {
		json_decref(docs);
		return e;
	}
	ref->data = docs;
	return ERR_OK;
}

/* The index for the data's current version; release it after reading. */
static enum err
index_acquire(struct db *db, struct vcopy_ref **ref, struct errinfo *ei)
{
	char version[VCOPY_VERSION_MAX];

	if (db_meta_get(db, LEGAL_VERSION, version, sizeof(version), ei) < 0)
		return ei->err;
	return vcopy_acquire(&copy, version, index_build, db, ref, ei);
}

void
legal_index_free(void)
{
	vcopy_reset(&copy);
}

/* s folded for search into b ("" when it cannot be). */
static const char *
folded(const char *s, struct buf *b)
{
	buf_reset(b);
	if (s == NULL || text_fold(s, strlen(s), b) != ERR_OK)
		buf_reset(b);
	return buf_cstr(b);
}

/* Does entry d hold every word of the folded query q? */
static bool
matches(const json_t *d, const char *q)
{
	static const char *const keys[] = { "number", "title", "title_en",
		"issuer", NULL };
	struct buf hay, one;
	char word[LEGAL_QUERY_MAX * 4 + 1];
	const char *p = q;
	bool ok = true;

	buf_init(&hay, FOLD_MAX * 4);
	buf_init(&one, FOLD_MAX);
	for (const char *const *k = keys; *k != NULL; k++)
		if (buf_puts(&hay, folded(jval_str(d, *k), &one)) != ERR_OK ||
		    buf_putc(&hay, '\n') != ERR_OK)
			break;
	while (ok && *p != '\0') {
		size_t n = strcspn(p, " \t");

		if (n > 0 && n < sizeof(word)) {
			memcpy(word, p, n);
			word[n] = '\0';
			ok = strstr(buf_cstr(&hay), word) != NULL;
		}
		p += n;
		p += strspn(p, " \t");
	}
	buf_free(&hay);
	buf_free(&one);
	return ok;
}

/* The entry as readers get it: a copy, "cited_by" replaced by its
 * count when with_cites is false. */
static json_t *
entry_copy(const json_t *d, bool with_cites)
{
	json_t *c = json_deep_copy(d);

	json_object_set_new(c, "cited_by_count", json_integer((json_int_t)
	    json_array_size(json_object_get(d, "cited_by"))));
	if (!with_cites)
		json_object_del(c, "cited_by");
	return c;
}

enum err
legal_list(struct db *db, const char *q, json_t **out, struct errinfo *ei)
{
	struct vcopy_ref *ref;
	struct buf fq;
	json_t *items;
	const json_t *d;
	size_t i;
	enum err e;

	*out = NULL;
	if ((e = index_acquire(db, &ref, ei)) != ERR_OK)
		return e;
	buf_init(&fq, FOLD_MAX);
	folded(q != NULL ? q : "", &fq);
	items = json_array();
	json_array_foreach((const json_t *)ref->data, i, d)
		if (fq.len == 0 || matches(d, buf_cstr(&fq)))
			json_array_append_new(items, entry_copy(d, false));
	*out = json_pack("{s:I, s:I, s:o}", "total", (json_int_t)
	    json_array_size(ref->data), "count", (json_int_t)
	    json_array_size(items), "items", items);
	vcopy_release(&copy, ref);
	buf_free(&fq);
	return ERR_OK;
}

/* The slug of the library document numbered number (NULL: none). */
static const char *
slug_of(const json_t *docs, const char *number)
{
	const json_t *d;
	size_t i;

	json_array_foreach(docs, i, d)
		if (number != NULL && strcmp(jval_str(d, "number"), number) == 0)
			return jval_str(d, "slug");
	return NULL;
}

enum err
legal_get(struct db *db, const char *slug, json_t **out, struct errinfo *ei)
{
	struct vcopy_ref *ref;
	const json_t *d, *found = NULL, *a;
	json_t *doc, *amended;
	size_t i;
	enum err e;

	*out = NULL;
	if ((e = index_acquire(db, &ref, ei)) != ERR_OK)
		return e;
	json_array_foreach((const json_t *)ref->data, i, d)
		if (slug != NULL && strcmp(jval_str(d, "slug"), slug) == 0)
			found = d;
	if (found == NULL) {
		vcopy_release(&copy, ref);
		return err_set(ei, ERR_NOTFOUND, "legal.not_found", "slug",
		    "thư viện không có văn bản này",
		    "the library has no such document");
	}
	doc = entry_copy(found, false);
	json_object_set_new(doc, "replaced_by_slug", jval_string(slug_of(
	    ref->data, jval_str(found, "replaced_by"))));
	amended = json_array();
	json_array_foreach(json_object_get(found, "amended_by"), i, a)
		json_array_append_new(amended, json_pack("{s:s, s:s?}", "number",
		    json_string_value(a), "slug", slug_of(ref->data,
		    json_string_value(a))));
	json_object_set_new(doc, "amended_by", amended);
	*out = json_pack("{s:o, s:o}", "document", doc, "cited_by",
	    json_deep_copy(json_object_get(found, "cited_by")));
	vcopy_release(&copy, ref);
	return ERR_OK;
}

/* [{number, slug, title}] of the indices in hits. */
static json_t *
docs_of(const json_t *docs, const json_t *hits)
{
	json_t *out = json_array();
	const json_t *x;
	size_t i;

	json_array_foreach(hits, i, x) {
		const json_t *d = json_array_get(docs, (size_t)
		    json_integer_value(x));

		json_array_append_new(out, json_pack("{s:s, s:s, s:s?}",
		    "number", jval_str(d, "number"), "slug", jval_str(d, "slug"),
		    "title", jval_str(d, "title")));
	}
	return out;
}

enum err
legal_cites_in(struct db *db, const char *kind, const json_t *doc,
    json_t **out, struct errinfo *ei)
{
	const struct cite_kind *ck = NULL;
	struct vcopy_ref *ref;
	json_t *found, *items;
	const json_t *it;
	size_t i;
	enum err e;

	*out = NULL;
	for (i = 0; i < sizeof(cite_kinds) / sizeof(cite_kinds[0]); i++)
		if (strcmp(cite_kinds[i].kind, kind) == 0)
			ck = &cite_kinds[i];
	if (ck == NULL)
		return err_set(ei, ERR_INVALID, "legal.kind", "kind",
		    "loại hồ sơ không trích dẫn văn bản",
		    "this kind of record cites no documents");
	if ((e = index_acquire(db, &ref, ei)) != ERR_OK)
		return e;
	found = scan_doc(ck, doc, ref->data);
	items = json_object();
	json_array_foreach(json_object_get(found, "items"), i, it)
		json_object_set_new(items, jval_str(it, "id"), docs_of(ref->data,
		    json_object_get(it, "hits")));
	*out = json_pack("{s:o, s:o, s:o}", "whole", docs_of(ref->data,
	    json_object_get(found, "whole")), "basis", docs_of(ref->data,
	    json_object_get(found, "basis")), "items", items);
	json_decref(found);
	vcopy_release(&copy, ref);
	return ERR_OK;
}
