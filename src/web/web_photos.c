/*
 * web_photos.c - the photos of records in the web layer (web_photos.h):
 * reading an uploaded photo and answering with stored image bytes.  The
 * marketplace's listings, the OCOP products (their registry and the
 * public register) and the pilots' notes each kept a copy of both; the
 * differences that are on purpose (the error's code, who may cache a
 * photo) are the callers' arguments.
 */
#include <string.h>

#include "core/buf.h"
#include "web/web_photos.h"

const struct qfield web_photo_query[1] = {
	{ "filename", Q_TEXT, 0, 0, 200, NULL } };

enum err
web_photo_upload(struct req *r, struct web *w, const char *code,
    const void **data, size_t *len, const char **name, struct errinfo *ei)
{
	/* ?filename= only where the route takes it: the API's; a page's
	 * form names its file itself */
	*name = web_qhas(w, "filename") ? web_qtext(w, "filename") : NULL;
	if (web_upload_file(r, w, data, len, name) == WEB_UPLOAD_JSON)
		return err_set(ei, ERR_MEDIA, code, "file",
		    "gửi ảnh bằng biểu mẫu multipart (trường file) hoặc gửi "
		    "nguyên nội dung ảnh với ?filename=…",
		    "send the photo as a multipart form (field file) or as the "
		    "body itself with ?filename=…");
	return ERR_OK;
}

bool
web_photo_thumb(const struct web *w)
{
	const char *p = strrchr(w->route->pattern, '/');

	return p != NULL && strcmp(p, "/thumb") == 0;
}

enum err
web_photo_send(struct req *r, const char *cache_control, const char *mime,
    const char *sha256, const void *data, size_t len)
{
	const char *inm = http_header(r, "If-None-Match");

	r->content_type = mime;
	http_add_header(r, "Cache-Control", cache_control);
	http_add_header(r, "ETag", arena_printf(r->arena, "\"%.64s\"",
	    sha256));
	if (inm != NULL && strstr(inm, sha256) != NULL) {
		r->status = 304;
		buf_reset(&r->out);
		return ERR_OK;
	}
	r->status = 200;
	r->out_static = data;
	r->out_static_len = len;
	return ERR_OK;
}
