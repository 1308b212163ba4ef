/*
 * web_static.c - the stylesheet and other static files, compiled into the
 * binary from static/.  Served with their type, an ETag from their content
 * (computed once) and a day of caching; in production nginx serves them
 * itself.  A repeated anonymous request is answered before routing, from
 * the answers table (web/cache.h), with the response made here the first
 * time.
 *   GET /static/{name}
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/embed.h"
#include "core/hash.h"
#include "web/web.h"

static enum err static_file(struct req *, struct web *, json_t *, struct errinfo *);

const struct route static_routes[] = {
	{ .method = "GET", .pattern = "/static/{name}",
	  .flags = ROUTE_RAW | ROUTE_NODB, .fn = static_file },
	{ .method = NULL }
};

static const struct {
	const char *ext, *type;
} types[] = {
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".json", "application/json" },
	{ ".txt", "text/plain; charset=utf-8" },
};

static const char *
content_type(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t e = strlen(types[i].ext);

		if (n > e && strcmp(name + n - e, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

/* FNV-1a of the content: stable across builds of the same file. */
static unsigned long long
content_hash(const char *p, size_t n)
{
	return (unsigned long long)hash_fnv1a(HASH_FNV1A_INIT, p, n);
}

/* The files of static/ with their ETags, found once. */
#define STATIC_MAX 64
static struct static_entry {
	const struct embedded_file *f;
	const char *name;	/* after "static/" */
	char etag[24];
} files[STATIC_MAX];
static size_t nfiles;
static pthread_once_t files_once = PTHREAD_ONCE_INIT;

static void
files_index(void)
{
	for (const struct embedded_file *f = embedded_files; f->path != NULL;
	    f++) {
		if (strncmp(f->path, "static/", 7) != 0 || nfiles >= STATIC_MAX)
			continue;
		files[nfiles].f = f;
		files[nfiles].name = f->path + 7;
		snprintf(files[nfiles].etag, sizeof(files[nfiles].etag),
		    "\"%016llx\"", content_hash(f->data, f->size));
		nfiles++;
	}
}

static enum err
static_file(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *name = http_param(r, "name");
	const struct static_entry *se = NULL;
	const struct embedded_file *f;
	const char *inm, *etag;
	char path[256];

	(void)w;
	(void)view;
	pthread_once(&files_once, files_index);
	for (size_t i = 0; i < nfiles && se == NULL; i++)
		if (strcmp(files[i].name, name) == 0)
			se = &files[i];
	if (se != NULL) {
		f = se->f;
		etag = se->etag;
	} else {
		/* Names are single path segments from a fixed table: ".."
		 * or "/" can never reach the file system. */
		snprintf(path, sizeof(path), "static/%s", name);
		if ((f = embed_find(path)) == NULL)
			return err_set(ei, ERR_NOTFOUND, "static.not_found",
			    NULL, "không tìm thấy tệp", "no such file");
		etag = arena_printf(r->arena, "\"%016llx\"",
		    content_hash(f->data, f->size));
	}
	http_add_header(r, "ETag", etag);
	http_add_header(r, "Cache-Control", "public, max-age=86400");
	inm = http_header(r, "If-None-Match");
	/* "*", a list of tags, weak W/"…" forms: any that names ours. */
	if (inm != NULL && (strcmp(inm, "*") == 0 || strstr(inm, etag) != NULL)) {
		r->status = 304;
		return ERR_OK;
	}
	r->content_type = content_type(name);
	r->out_static = f->data;
	r->out_static_len = f->size;
	return ERR_OK;
}
