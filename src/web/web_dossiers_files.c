/*
 * web_dossiers_files.c - a dossier's attachments and its printable pages
 * (routes in web_dossiers.c):
 *
 *   POST /dossiers/{id}/attachments            the page's multipart form
 *        (fields kind and file; works without JavaScript), or for the API
 *        the same form, or the file itself as the raw body with
 *        ?kind=…&filename=… (any Content-Type but JSON and forms)
 *   GET  /dossiers/{id}/attachments/{aid}      the download
 *   POST /dossiers/{id}/attachments/{aid}/remove, DELETE (API)
 *   GET  /dossiers/{id}/summary.pdf            the dossier summary
 *   GET  /dossiers/{id}/decision.pdf           the decision page (public
 *                                              once decided)
 *
 * The domain decides what a file is from its content (PDF, JPEG, PNG,
 * else 415) and keeps the client's file name for display only, cut and
 * without path separators: no name from a request reaches a file system,
 * the bytes are stored in the database under their SHA-256.  A download
 * is sent with the stored type, "attachment" and the name as an RFC 5987
 * filename* (plus a plain ASCII fallback), and nosniff.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/jval.h"
#include "core/url.h"
#include "web/web_dossiers_internal.h"

/* The file of an upload request: the form's "file" part, or the raw body
 * of an API request.  *kind and *filename from the form or the query. */
static enum err
upload_of(struct req *r, struct web *w, const char **kind,
    const char **filename, const void **data, size_t *len,
    struct errinfo *ei)
{
	const char *type = NULL;

	*data = NULL;
	*len = 0;
	*filename = NULL;
	if (r->is_form) {	/* both problems at once */
		struct errinfo one;

		if (web_field(r, w, "kind", 64, true, kind, &one) != ERR_OK)
			web_problem(w, &one, "kind");
		*data = http_form_file(r, "file", len, filename, &type);
		if (*data == NULL || *len == 0) {
			err_set(&one, ERR_INVALID, "request.missing", "file",
			    "Hãy chọn một tệp (PDF, JPEG hoặc PNG)",
			    "Choose a file (PDF, JPEG or PNG)");
			web_problem(w, &one, "file");
		}
		return web_problems(w, ei);
	}
	if (w->body != NULL)
		return err_set(ei, ERR_MEDIA, "dossiers.bad_upload", "file",
		    "gửi tệp bằng biểu mẫu multipart (trường kind và file) hoặc "
		    "gửi nguyên nội dung tệp với ?kind=…&filename=…",
		    "send the file as a multipart form (fields kind and file) "
		    "or as the body itself with ?kind=…&filename=…");
	*kind = web_qtext(w, "kind");
	*filename = web_qtext(w, "filename");
	if (*kind == NULL)
		return err_set(ei, ERR_INVALID, "request.missing", "kind",
		    "thiếu loại tài liệu", "the kind of document is missing");
	if (r->body.len == 0)
		return err_set(ei, ERR_INVALID, "request.missing", "file",
		    "nội dung tệp trống", "the file is empty");
	*data = r->body.data;
	*len = r->body.len;
	return ERR_OK;
}

enum err
dosw_attach(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *kind = NULL, *filename;
	const void *data;
	int64_t id, aid;
	size_t len, i;
	json_t *a, *created = NULL;
	enum err e;

	if ((e = dosw_begin_write(r, w, view, &id, ei)) != ERR_OK)
		return e;
	if ((e = upload_of(r, w, &kind, &filename, &data, &len, ei)) != ERR_OK)
		return dosw_refused(r, w, view, "attach", e, ei);
	db_end_reads(w->db);
	if ((e = dos_attach(w->db, w->who, id, kind, filename, data, len, &aid,
	    ei)) != ERR_OK)
		return dosw_refused(r, w, view, "attach", e, ei);
	if ((e = dosw_written(r, w, view, id, "attach", "#files", ei)) !=
	    ERR_OK || !w->json)
		return e;
	json_array_foreach(json_object_get(view, "attachments"), i, a)
		if (jval_int(a, "id", 0) == aid)
			created = json_incref(a);
	json_object_set_new(view, "created", created ? created :
	    json_pack("{s:I}", "id", (json_int_t)aid));
	return ERR_OK;
}

/* A file name as an ASCII token for the plain filename= fallback. */
static const char *
ascii_name(struct arena *a, const char *name)
{
	size_t n = strlen(name), j = 0;
	char *s = arena_alloc(a, n + 1);

	for (size_t i = 0; i < n && j < 120; i++) {
		unsigned char c = (unsigned char)name[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')
			s[j++] = (char)c;
		else if (c < 0x80 || (c & 0xc0) == 0xc0)
			s[j++] = '_';	/* one per character, not per byte */
	}
	s[j] = '\0';
	return j > 0 && strspn(s, "._") != j ? s : "tep";
}

/* attachment; filename="ascii"; filename*=UTF-8''percent-encoded */
static const char *
disposition(struct arena *a, const char *kind, const char *name)
{
	struct buf b;
	const char *s;

	buf_init(&b, 4096);
	url_encode(name, false, &b);
	s = arena_printf(a, "%s; filename=\"%s\"; filename*=UTF-8''%s", kind,
	    ascii_name(a, name), buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* Only the types the domain accepts are sent as themselves. */
static const char *
safe_type(const char *mime)
{
	static const char *const ok[] = { "application/pdf", "image/jpeg",
	    "image/png", NULL };

	for (size_t i = 0; mime != NULL && ok[i] != NULL; i++)
		if (strcmp(mime, ok[i]) == 0)
			return ok[i];
	return "application/octet-stream";
}

/* The download's name: the stored one, with the extension of its type
 * when it lacks it (so that the saved file opens). */
static const char *
download_name(struct arena *a, const char *name, const char *type)
{
	const char *ext = strcmp(type, "application/pdf") == 0 ? ".pdf" :
	    strcmp(type, "image/jpeg") == 0 ? ".jpg" :
	    strcmp(type, "image/png") == 0 ? ".png" : "";
	size_t n, e = strlen(ext);

	if (name == NULL || name[0] == '\0')
		name = "tep";
	n = strlen(name);
	if (e == 0 || (n >= e && strcasecmp(name + n - e, ext) == 0) ||
	    (e == 4 && strcmp(ext, ".jpg") == 0 && n >= 5 &&
	    strcasecmp(name + n - 5, ".jpeg") == 0))
		return name;
	return arena_printf(a, "%s%s", name, ext);
}

enum err
dosw_attachment_get(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct dos_file f = { 0 };
	const char *inm = http_header(r, "If-None-Match"), *etag;
	int64_t aid;
	enum err e;

	(void)view;
	if ((e = web_path_id(r, "aid", "dossiers.not_found", &aid, ei)) !=
	    ERR_OK ||
	    (e = dos_attachment_get(w->db, r->arena, w->target.id, aid, &f,
	    ei)) != ERR_OK)
		return e;
	etag = arena_printf(r->arena, "\"%.64s\"", f.sha256 ? f.sha256 : "");
	r->content_type = safe_type(f.mime);
	http_add_header(r, "Content-Disposition", disposition(r->arena,
	    "attachment", download_name(r->arena, f.filename,
	    r->content_type)));
	http_add_header(r, "Cache-Control", "private, no-cache");
	http_add_header(r, "ETag", etag);
	if (f.sha256 != NULL)
		http_add_header(r, "X-Content-SHA256", f.sha256);
	if (inm != NULL && f.sha256 != NULL && strstr(inm, f.sha256) != NULL) {
		r->status = 304;
		buf_reset(&r->out);
		return ERR_OK;
	}
	/* The bytes are in the request's arena, which lives until the
	 * response has been sent: no copy. */
	r->status = 200;
	r->out_static = f.data;
	r->out_static_len = f.len;
	return ERR_OK;
}

enum err
dosw_attachment_remove(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	int64_t id, aid;
	enum err e;

	if ((e = web_path_id(r, "aid", "dossiers.not_found", &aid, ei)) !=
	    ERR_OK || (e = dosw_begin_write(r, w, view, &id, ei)) != ERR_OK)
		return e;
	db_end_reads(w->db);
	if ((e = dos_attachment_remove(w->db, w->who, id, aid, ei)) != ERR_OK)
		return dosw_refused(r, w, view, "attach", e, ei);
	return dosw_written(r, w, view, id, "remove", "#files", ei);
}

/* Send the PDF in r->out as name-<id>.pdf with cache (a response
 * header's value). */
static void
send_pdf(struct req *r, const char *name, int64_t id, const char *cache)
{
	r->status = 200;
	r->content_type = "application/pdf";
	http_add_header(r, "Content-Disposition", arena_printf(r->arena,
	    "inline; filename=\"%s-%lld.pdf\"", name, (long long)id));
	http_add_header(r, "Cache-Control", cache);
}

enum err
dosw_summary_pdf(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	enum err e;

	(void)view;
	buf_reset(&r->out);
	if ((e = dos_pdf_summary(w->db, w->target.id, w->lang, &r->out, ei)) !=
	    ERR_OK)
		return e;
	send_pdf(r, "ho-so", w->target.id, "private, no-store");
	return ERR_OK;
}

/* Public once decided (ROUTE_SCOPE_SOFT): the domain's publication rule
 * decides what a caller outside the dossier's scope may have. */
enum err
dosw_decision_pdf(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	enum err e;

	(void)view;
	buf_reset(&r->out);
	if ((e = dos_pdf_decision(w->db, w->target.id, w->in_scope, w->lang,
	    &r->out, ei)) != ERR_OK)
		return e;
	send_pdf(r, "quyet-dinh", w->target.id, "no-cache");
	return ERR_OK;
}
