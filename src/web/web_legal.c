/*
 * web_legal.c - the legal library over HTTP (domain/legal/legal.h), for
 * everyone, signed in or not:
 *   GET /van-ban, /api/v1/legal-documents            the library (?q=)
 *   GET /van-ban/{slug}, /api/v1/legal-documents/{slug}  one document and
 *                                   what in the platform cites it
 * The JSON is the domain's; the pages add the words people read (kinds,
 * status, dates, the language's title) and mark every RECALLED fact.
 * Both depend only on LEGAL_VERSION, so they are cached by it.
 */
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/legal/legal.h"
#include "web/web_internal.h"

static enum err legw_list(struct req *, struct web *, json_t *,
    struct errinfo *);
static enum err legw_get(struct req *, struct web *, json_t *,
    struct errinfo *);

static const struct qfield list_query[] = {
	{ "q", Q_TEXT, 0, 0, LEGAL_QUERY_MAX, NULL },
};

const struct route legal_routes[] = {
	{ .method = "GET", .pattern = "/van-ban",
	  .flags = ROUTE_HTML | ROUTE_PAGE_CACHE, .tmpl = "legal/list",
	  .fn = legw_list, QUERY(list_query), .version_key = LEGAL_VERSION,
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/legal-documents", .flags = ROUTE_API,
	  .fn = legw_list, QUERY(list_query), .version_key = LEGAL_VERSION,
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/van-ban/{slug}",
	  .flags = ROUTE_HTML | ROUTE_PAGE_CACHE, .tmpl = "legal/document",
	  .fn = legw_get, .version_key = LEGAL_VERSION,
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/legal-documents/{slug}",
	  .flags = ROUTE_API, .fn = legw_get, .version_key = LEGAL_VERSION,
	  .roles = ROLES_PUBLIC },
	{ .method = NULL }
};

/* msg_get of prefix + value ("leg_kind_" "decision"). */
static const char *
label(struct req *r, struct web *w, const char *prefix, const char *value)
{
	return msg_get(w->lang, arena_printf(r->arena, "%s%s", prefix,
	    value != NULL ? value : ""));
}

/* Is field one of d's RECALLED facts? */
static bool
recalled(const json_t *d, const char *field)
{
	const json_t *x;
	size_t i;

	json_array_foreach(json_object_get(d, "recalled"), i, x)
		if (json_is_string(x) && strcmp(json_string_value(x), field) == 0)
			return true;
	return false;
}

/* The host of an http(s) address, what a link to it shows (NULL: not
 * one). */
static const char *
url_host(struct req *r, const char *url)
{
	const char *p = url != NULL ? strstr(url, "://") : NULL;

	if (p == NULL)
		return NULL;
	p += 3;
	return arena_printf(r->arena, "%.*s", (int)strcspn(p, "/?#"), p);
}

/* The words of one entry people read, added to it. */
static void
entry_display(struct req *r, struct web *w, json_t *d)
{
	static const char *const marks[] = { "title", "issuer", "date",
		"replaced_by", "summary", NULL };
	const char *date = jval_str(d, "date");

	json_object_set_new(d, "href", jval_string(arena_printf(r->arena,
	    "/van-ban/%s", jval_str(d, "slug"))));
	json_object_set_new(d, "kind_label", jval_string(label(r, w,
	    "leg_kind_", jval_str(d, "kind"))));
	json_object_set_new(d, "title_text", jval_string(msg_pick(w->lang,
	    jval_str(d, "title"), jval_str(d, "title_en"))));
	json_object_set_new(d, "issuer_text", jval_string(msg_pick(w->lang,
	    jval_str(d, "issuer"), jval_str(d, "issuer_en"))));
	json_object_set_new(d, "summary_text", jval_string(msg_pick(w->lang,
	    jval_str(d, "summary"), jval_str(d, "summary_en"))));
	json_object_set_new(d, "in_force_note_text", jval_string(msg_pick(
	    w->lang, jval_str(d, "in_force_note"),
	    jval_str(d, "in_force_note_en"))));
	json_object_set_new(d, "date_text", jval_string(date != NULL ?
	    date_display(r->arena, date, w->lang) : msg_get(w->lang,
	    "leg_date_unknown")));
	/* every key present (null when none), so that a template never
	 * finds an outer key of the same name instead */
	json_object_set_new(d, "effective_text", jval_string(jval_str(d,
	    "effective") != NULL ? date_display(r->arena, jval_str(d,
	    "effective"), w->lang) : NULL));
	json_object_set_new(d, "url_host", jval_string(url_host(r,
	    jval_str(d, "url"))));
	json_object_set_new(d, "url", jval_string(jval_str(d, "url")));
	json_object_set_new(d, "replaced_by", jval_string(jval_str(d,
	    "replaced_by")));
	json_object_set_new(d, "status_label", jval_string(label(r, w,
	    "leg_in_force_", jval_str(d, "in_force"))));
	json_object_set_new(d, "in_force_yes", json_boolean(strcmp(
	    jval_str(d, "in_force") ? jval_str(d, "in_force") : "", "yes") ==
	    0));
	json_object_set_new(d, "is_recalled", json_boolean(strcmp(
	    jval_str(d, "verification") ? jval_str(d, "verification") : "",
	    "recalled") == 0));
	for (const char *const *m = marks; *m != NULL; m++)
		json_object_set_new(d, arena_printf(r->arena, "recalled_%s", *m),
		    json_boolean(recalled(d, *m)));
	json_object_set_new(d, "uses_text", jval_string(arena_printf(r->arena,
	    "%lld %s", (long long)jval_int(d, "cited_by_count", 0),
	    msg_get(w->lang, "leg_used_count"))));
}

static enum err
legw_list(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *q = web_qtext(w, "q");
	json_t *out, *it;
	size_t i;
	enum err e;

	if ((e = legal_list(w->db, q, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	json_object_set_new(view, "title", jval_string(msg_get(w->lang,
	    "leg_title")));
	if (w->json)
		return ERR_OK;
	json_object_set_new(view, "q", jval_string(q));
	json_array_foreach(json_object_get(view, "items"), i, it)
		entry_display(r, w, it);
	json_object_set_new(view, "filtered", json_boolean(q != NULL &&
	    *q != '\0'));
	return ERR_OK;
}

/* Each record citing the document, with its kind's words. */
static void
cited_display(struct req *r, struct web *w, json_t *cited)
{
	json_t *c;
	size_t i;

	json_array_foreach(cited, i, c)
		json_object_set_new(c, "kind_label", jval_string(label(r, w,
		    "leg_cited_kind_", jval_str(c, "kind"))));
}

static enum err
legw_get(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *slug = http_param(r, "slug");
	json_t *out, *doc;
	enum err e;

	if (slug == NULL || strlen(slug) > 64)
		return err_set(ei, ERR_NOTFOUND, "legal.not_found", "slug",
		    "thư viện không có văn bản này",
		    "the library has no such document");
	if ((e = legal_get(w->db, slug, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	doc = json_object_get(view, "document");
	json_object_set_new(view, "title", jval_string(jval_str(doc,
	    "number")));
	if (w->json)
		return ERR_OK;
	entry_display(r, w, doc);
	cited_display(r, w, json_object_get(view, "cited_by"));
	return ERR_OK;
}

/* [{number, slug, title, href}]: docs with their pages' links. */
static json_t *
linked(const json_t *docs)
{
	json_t *out = json_deep_copy(docs), *d;
	size_t i;

	json_array_foreach(out, i, d)
		json_object_set_new(d, "href", json_sprintf("/van-ban/%s",
		    jval_str(d, "slug")));
	return out;
}

enum err
web_legal_sources(struct web *w, json_t *view, const char *kind,
    const json_t *doc, const char *list, struct errinfo *ei)
{
	json_t *src, *whole, *basis, *items, *it;
	size_t i;
	enum err e;

	if (doc == NULL)
		return ERR_OK;
	if ((e = legal_cites_in(w->db, kind, doc, &src, ei)) != ERR_OK)
		return e;
	whole = linked(json_object_get(src, "whole"));
	/* an item that names no source of its own comes from the record's
	 * legal basis */
	basis = linked(json_object_get(src, json_array_size(json_object_get(
	    src, "basis")) > 0 ? "basis" : "whole"));
	items = json_object_get(src, "items");
	json_array_foreach(list != NULL ? json_object_get(view, list) : NULL,
	    i, it) {
		const json_t *own = jval_str(it, "id") != NULL ?
		    json_object_get(items, jval_str(it, "id")) : NULL;

		json_object_set_new(it, "source_docs", own != NULL &&
		    json_array_size(own) > 0 ? linked(own) :
		    json_deep_copy(basis));
	}
	json_object_set_new(view, "legal_sources", json_pack("{s:o, s:o, s:O}",
	    "whole", whole, "basis", basis, "items", items));
	json_decref(src);
	return ERR_OK;
}
