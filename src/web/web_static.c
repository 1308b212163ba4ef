/*
 * web_static.c - the stylesheet and other static files, compiled into the
 * binary from static/.  Served with their type, an ETag from their content
 * (computed once) and a day of caching.  A text file (CSS, scripts, SVG) is
 * also compressed once at level 9 (gzip) and sent so to every client that
 * accepts it (every browser): a quarter of the bytes over slow mobile data,
 * and nothing for nginx in front to compress again per request.  A repeated
 * anonymous request is answered before routing, from the answers table
 * (web/cache.h, keyed on the encoding too), with the response made here the
 * first time.
 *   GET /static/{name}
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#include "core/embed.h"
#include "core/hash.h"
#include "core/xalloc.h"
#include "web/web.h"

static enum err static_file(struct req *, struct web *, json_t *, struct errinfo *);

const struct route static_routes[] = {
	{ .method = "GET", .pattern = "/static/{name}",
	  .flags = ROUTE_RAW | ROUTE_NODB, .fn = static_file },
	{ .method = NULL }
};

static const struct file_type {
	const char *ext, *type;
	bool text;		/* worth compressing */
} types[] = {
	{ ".css", "text/css; charset=utf-8", true },
	{ ".js", "text/javascript; charset=utf-8", true },
	{ ".svg", "image/svg+xml", true },
	{ ".png", "image/png", false },
	{ ".ico", "image/x-icon", false },
	{ ".json", "application/json", true },
	{ ".txt", "text/plain; charset=utf-8", true },
};
static const struct file_type unknown_type = {
	NULL, "application/octet-stream", false
};

static const struct file_type *
type_of(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t e = strlen(types[i].ext);

		if (n > e && strcmp(name + n - e, types[i].ext) == 0)
			return &types[i];
	}
	return &unknown_type;
}

/* Does the Accept-Encoding value ae (may be NULL) accept gzip?  gzip, or
 * "*" when gzip is not named, with a weight above 0 (RFC 9110 12.5.3). */
bool
web_accepts_gzip(const char *ae)
{
	bool star = false;

	while (ae != NULL && *ae != '\0') {
		size_t n, len = strcspn(ae, ",");
		const char *q, *end = ae + len;
		bool zero = false;

		ae += strspn(ae, " \t");
		n = strcspn(ae, " \t;,");
		/* ";q=0", "; q=0.000": refused; any other weight accepts. */
		for (q = ae + n; q < end && (q = strchr(q, ';')) != NULL &&
		    q < end; q++) {
			q += 1 + strspn(q + 1, " \t");
			if (strncasecmp(q, "q=", 2) == 0)
				zero = strtod(q + 2, NULL) <= 0.0;
		}
		if (n == 4 && strncasecmp(ae, "gzip", 4) == 0)
			return !zero;
		if (n == 1 && *ae == '*')
			star = !zero;
		ae = *end == ',' ? end + 1 : end;
	}
	return star;
}

/* FNV-1a of the content: stable across builds of the same file. */
static unsigned long long
content_hash(const char *p, size_t n)
{
	return (unsigned long long)hash_fnv1a(HASH_FNV1A_INIT, p, n);
}

/* The files of static/ with their ETags and gzip forms, made once. */
#define STATIC_MAX 64
static struct static_entry {
	const struct embedded_file *f;
	const char *name;	/* after "static/" */
	const struct file_type *type;
	char etag[24];
	unsigned char *gz;	/* the gzip form; NULL: not worth it */
	size_t gz_len;
	char gz_etag[24];	/* a representation of its own (RFC 9110 8.8.3) */
} files[STATIC_MAX];
static size_t nfiles;
static pthread_once_t files_once = PTHREAD_ONCE_INIT;

/* se's gzip form at level 9, kept when it saves a tenth or more.  The
 * files are compiled in: this runs once per process, on first use. */
static void
compress_file(struct static_entry *se)
{
	z_stream zs = { 0 };
	uLong bound;

	if (!se->type->text || deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return;
	bound = deflateBound(&zs, (uLong)se->f->size);
	se->gz = xmalloc(bound);
	zs.next_in = (Bytef *)(uintptr_t)se->f->data;
	zs.avail_in = (uInt)se->f->size;
	zs.next_out = se->gz;
	zs.avail_out = (uInt)bound;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END ||
	    zs.total_out > se->f->size - se->f->size / 10) {
		free(se->gz);
		se->gz = NULL;
	} else {
		se->gz_len = zs.total_out;
		snprintf(se->gz_etag, sizeof(se->gz_etag), "\"%016llx\"",
		    content_hash((const char *)se->gz, se->gz_len));
	}
	deflateEnd(&zs);
}

static void
files_index(void)
{
	for (const struct embedded_file *f = embedded_files; f->path != NULL;
	    f++) {
		struct static_entry *se = &files[nfiles];

		if (strncmp(f->path, "static/", 7) != 0 || nfiles >= STATIC_MAX)
			continue;
		se->f = f;
		se->name = f->path + 7;
		se->type = type_of(se->name);
		snprintf(se->etag, sizeof(se->etag), "\"%016llx\"",
		    content_hash(f->data, f->size));
		compress_file(se);
		nfiles++;
	}
}

static enum err
static_file(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *name = http_param(r, "name");
	const struct static_entry *se = NULL;
	const struct embedded_file *f;
	const char *inm, *etag, *body;
	size_t len;
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
	body = f->data;
	len = f->size;
	if (se != NULL && se->gz != NULL) {
		/* Caches keep the two forms apart. */
		http_add_header(r, "Vary", "Accept-Encoding");
		if (web_accepts_gzip(http_header(r, "Accept-Encoding"))) {
			http_add_header(r, "Content-Encoding", "gzip");
			etag = se->gz_etag;
			body = (const char *)se->gz;
			len = se->gz_len;
		}
	}
	http_add_header(r, "ETag", etag);
	http_add_header(r, "Cache-Control", "public, max-age=86400");
	inm = http_header(r, "If-None-Match");
	/* "*", a list of tags, weak W/"…" forms: any that names ours. */
	if (inm != NULL && (strcmp(inm, "*") == 0 || strstr(inm, etag) != NULL)) {
		r->status = 304;
		return ERR_OK;
	}
	r->content_type = se != NULL ? se->type->type : type_of(name)->type;
	r->out_static = body;
	r->out_static_len = len;
	return ERR_OK;
}
