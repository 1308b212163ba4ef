/*
 * web_opendata.c - open data (docs/OPEN-DATA.md), public:
 *
 *   GET /du-lieu-mo                   every data set: what it holds, its
 *                                     licence, date and files
 *   GET /api/v1/open-data             the same list as JSON
 *   GET /du-lieu-mo/{dataset}.csv     a data set as CSV (BOM, formula guard)
 *   GET /du-lieu-mo/{dataset}.json    the same rows as JSON
 *
 * The files are built by domain/opendata/ and cached here, whole, per
 * process: a file is kept with the token it was made under (the data
 * set's version tokens and today: its "as_of" date), and served again,
 * shared by reference, until the token reads differently.  The response
 * cache's slots hold 128 KB; the units of 2025 alone are ten times that,
 * hence this small table of its own (one slot per data set, format and
 * language).  A data set without a token is built on every request.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/opendata/opendata.h"
#include "http/http.h"
#include "web/web.h"
#include "web/web_internal.h"

/* ---- the files' cache ---------------------------------------------------- */

#define ODW_SLOTS	64	/* > data sets x 2 formats x 2 languages */

struct odw_body {
	int refs;		/* under odw_lock */
	size_t len;
	char etag[24];
	char data[];
};

struct odw_slot {
	char key[96];
	char version[128];
	struct odw_body *body;
};

static pthread_mutex_t odw_lock = PTHREAD_MUTEX_INITIALIZER;
static struct odw_slot odw_slots[ODW_SLOTS];

static void
odw_release(void *arg)
{
	struct odw_body *b = arg;
	bool last;

	pthread_mutex_lock(&odw_lock);
	last = --b->refs == 0;
	pthread_mutex_unlock(&odw_lock);
	if (last)
		free(b);
}

static struct odw_slot *
odw_slot(const char *key)
{
	uint32_t h = 2166136261u;

	for (const char *p = key; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return &odw_slots[h % ODW_SLOTS];
}

/* The body kept for key at version, with a reference for the caller. */
static struct odw_body *
odw_get(const char *key, const char *version)
{
	struct odw_slot *s = odw_slot(key);
	struct odw_body *b = NULL;

	pthread_mutex_lock(&odw_lock);
	if (s->body != NULL && strcmp(s->key, key) == 0 &&
	    strcmp(s->version, version) == 0) {
		b = s->body;
		b->refs++;
	}
	pthread_mutex_unlock(&odw_lock);
	return b;
}

/* Keep a copy of data for key at version; its reference for the caller
 * (NULL when it cannot be kept). */
static struct odw_body *
odw_put(const char *key, const char *version, const char *data, size_t len)
{
	struct odw_slot *s = odw_slot(key);
	struct odw_body *b, *old = NULL;
	uint64_t h = 1469598103934665603ull;

	if (strlen(key) >= sizeof(s->key) ||
	    strlen(version) >= sizeof(s->version) ||
	    (b = malloc(sizeof(*b) + len)) == NULL)
		return NULL;
	memcpy(b->data, data, len);
	b->len = len;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)data[i]) * 1099511628211ull;
	snprintf(b->etag, sizeof(b->etag), "\"%016llx\"",
	    (unsigned long long)h);
	b->refs = 2;		/* the slot's and the caller's */
	pthread_mutex_lock(&odw_lock);
	if (s->body != NULL && --s->body->refs == 0)
		old = s->body;
	memcpy(s->key, key, strlen(key) + 1);
	memcpy(s->version, version, strlen(version) + 1);
	s->body = b;
	pthread_mutex_unlock(&odw_lock);
	free(old);
	return b;
}

/* ---- the list ------------------------------------------------------------ */

static enum err
odw_list(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *items = json_array();

	(void)ei;
	for (const struct od_dataset *d = od_datasets; d->slug != NULL; d++) {
		char today[DATE_LEN];

		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s,"
		    " s:s, s:s, s:s, s:o, s:[{s:s, s:s}, {s:s, s:s}]}",
		    "dataset", d->slug, "title", msg_get(w->lang, d->title_key),
		    "description", msg_get(w->lang, d->desc_key),
		    "licence", d->licence, "licence_url", d->licence_url,
		    "source", msg_get(w->lang, d->source_key),
		    "as_of", date_today(today),
		    "page", jval_string(d->page), "files",
		    "format", "csv", "href", arena_printf(r->arena,
		    "/du-lieu-mo/%s.csv", d->slug),
		    "format", "json", "href", arena_printf(r->arena,
		    "/du-lieu-mo/%s.json", d->slug)));
	}
	if (!w->json) {
		json_t *it, *f;
		size_t i, j;

		json_array_foreach(items, i, it) {
			json_object_set_new(it, "as_of_text", jval_string(
			    date_display(r->arena, jval_str(it, "as_of"),
			    w->lang)));
			json_array_foreach(json_object_get(it, "files"), j, f)
				json_object_set_new(f, "label", json_string(
				    strcmp(jval_str(f, "format"), "csv") == 0 ?
				    "CSV" : "JSON"));
		}
	}
	json_object_set_new(view, "datasets", items);
	json_object_set_new(view, "licence", json_string("CC BY 4.0"));
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "od_title")));
	return ERR_OK;
}

/* ---- the files ----------------------------------------------------------- */

static void
odw_headers(struct req *r, const struct od_dataset *d, bool csv,
    const char *etag)
{
	r->status = 200;
	r->content_type = csv ? "text/csv; charset=utf-8" :
	    "application/json; charset=utf-8";
	http_add_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"%s.%s\"", d->slug, csv ? "csv" : "json"));
	http_add_header(r, "Cache-Control", "no-cache");
	if (etag != NULL)
		http_add_header(r, "ETag", arena_strdup(r->arena, etag));
}

static enum err
odw_file(struct req *r, struct web *w, bool csv, struct errinfo *ei)
{
	const char *slug = http_param(r, "dataset"), *token = NULL, *key;
	const struct od_dataset *d;
	struct odw_body *b;
	json_t *file;
	char *text;
	enum err e;

	if (slug == NULL || (d = opendata_find(slug)) == NULL)
		return err_set(ei, ERR_NOTFOUND, "opendata.not_found",
		    "dataset", "không có bộ dữ liệu này",
		    "there is no such data set");
	key = arena_printf(r->arena, "%s|%s|%s", csv ? "csv" : "json",
	    w->lang, d->slug);
	if (d->version_key != NULL && web_cache_enabled()) {
		char version[128];
		int rc;

		if ((rc = db_meta_get(w->db, d->version_key, version,
		    sizeof(version), ei)) < 0)
			return ei->err;
		token = web_version_token(r->arena, rc, version, true);
		if ((b = odw_get(key, token)) != NULL) {
			const char *inm = http_header(r, "If-None-Match");

			odw_headers(r, d, csv, b->etag);
			buf_reset(&r->out);
			if (inm != NULL && strstr(inm, b->etag) != NULL) {
				/* the phone has this file already */
				r->status = 304;
				odw_release(b);
				return ERR_OK;
			}
			r->out_static = b->data;
			r->out_static_len = b->len;
			r->out_release = odw_release;
			r->out_release_arg = b;
			return ERR_OK;
		}
	}
	if ((e = opendata_build(w->db, d, w->lang, &file, ei)) != ERR_OK)
		return e;
	buf_reset(&r->out);
	if (csv)
		e = opendata_csv(file, &r->out, ei);
	else if ((text = json_dumps(file, JSON_COMPACT)) == NULL)
		e = err_set(ei, ERR_SYS, NULL, NULL, "không tạo được JSON",
		    "the JSON could not be made");
	else {
		if (buf_append(&r->out, text, strlen(text)) != ERR_OK)
			e = err_set(ei, ERR_LIMIT, "opendata.too_large", NULL,
			    "tệp dữ liệu quá lớn",
			    "the data file is too large");
		free(text);
	}
	json_decref(file);
	if (e != ERR_OK)
		return e;
	b = token != NULL ? odw_put(key, token, r->out.data, r->out.len) :
	    NULL;
	odw_headers(r, d, csv, b != NULL ? b->etag : NULL);
	if (b != NULL)
		odw_release(b);
	return ERR_OK;
}

static enum err
odw_csv(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)view;
	return odw_file(r, w, true, ei);
}

static enum err
odw_json(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)view;
	return odw_file(r, w, false, ei);
}

const struct route opendata_routes[] = {
	/* The list changes with the programme's code and the day (its
	 * as_of): cached under a token that stands still and today. */
	{ .method = "GET", .pattern = "/du-lieu-mo",
	  .flags = ROUTE_HTML | ROUTE_PAGE_CACHE | ROUTE_DATED,
	  .tmpl = "opendata/list", .fn = odw_list,
	  .version_key = "units_version", .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/open-data",
	  .flags = ROUTE_API | ROUTE_DATED, .fn = odw_list,
	  .version_key = "units_version", .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/du-lieu-mo/{dataset}.csv",
	  .flags = ROUTE_RAW, .fn = odw_csv, .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/du-lieu-mo/{dataset}.json",
	  .flags = ROUTE_RAW, .fn = odw_json, .roles = ROLES_PUBLIC },
	{ .method = NULL }
};
