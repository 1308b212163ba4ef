/*
 * dos_files.c - attachments of a dossier: reports, minutes, photographs.
 *
 * The content decides what a file is: libmagic reads the bytes (never the
 * name or the type the browser claimed), and only PDF, JPEG and PNG are
 * kept.  The bytes go into attachment_blob once per SHA-256 (so every ntm
 * server behind a load balancer sees them, a backup holds them, and the
 * same report attached to two dossiers is stored once); the name the user
 * gave is kept for display only, cleaned: the part after the last path
 * separator, NFC, no control characters or leading dots, cut to
 * DOS_FILENAME_MAX bytes at a character boundary.  Nothing here touches
 * the file system.
 *
 * libmagic's handle is not thread-safe: one handle for the process, opened
 * on first use with the default database, used under a mutex (a check
 * takes microseconds; uploads are rare).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <magic.h>
#include <sodium.h>

#include "core/stamp.h"
#include "core/text.h"
#include "domain/dossiers/dos_internal.h"

static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t magic_handle;

/* The MIME type of data into out ("" when libmagic cannot tell). */
static enum err
sniff(const void *data, size_t len, char *out, size_t size,
    struct errinfo *ei)
{
	const char *m;
	enum err e = ERR_OK;

	pthread_mutex_lock(&magic_lock);
	if (magic_handle == NULL) {
		magic_handle = magic_open(MAGIC_MIME_TYPE);
		if (magic_handle != NULL && magic_load(magic_handle, NULL) != 0) {
			magic_close(magic_handle);
			magic_handle = NULL;
		}
	}
	if (magic_handle == NULL)
		e = err_set(ei, ERR_SYS, "dossiers.magic", NULL,
		    "Không kiểm tra được loại tệp (libmagic)",
		    "The type of the file cannot be checked (libmagic)");
	else {
		m = magic_buffer(magic_handle, data, len);
		snprintf(out, size, "%s", m != NULL ? m : "");
	}
	pthread_mutex_unlock(&magic_lock);
	return e;
}

/* The same check for other modules' uploads (OCOP photos: dossiers.h). */
enum err
dos_sniff(const void *data, size_t len, char *out, size_t size,
    struct errinfo *ei)
{
	return sniff(data, len, out, size, ei);
}

/*
 * A file name fit for display: the part after the last '/' or '\', valid
 * NFC UTF-8 (invalid bytes become '?'), control characters dropped,
 * leading dots and spaces and trailing spaces dropped, at most
 * DOS_FILENAME_MAX bytes cut at a character boundary; "tep" if nothing is
 * left.  In a.
 */
static const char *
clean_name(struct arena *a, const char *raw)
{
	const char *base = raw != NULL ? raw : "";
	char *scrub, *out;
	struct buf nfc;
	size_t n, len, k = 0;

	for (const char *s = base; *s; s++)
		if (*s == '/' || *s == '\\')
			base = s + 1;
	len = strlen(base);
	if (len > 4 * DOS_FILENAME_MAX)
		len = 4 * DOS_FILENAME_MAX;
	scrub = arena_alloc(a, len + 1);
	memcpy(scrub, base, len);
	scrub[len] = '\0';
	out = arena_alloc(a, len + 8);	/* the scrubber keeps 5 spare */
	text_utf8_scrub(scrub, out, len + 8);
	buf_init(&nfc, 8 * DOS_FILENAME_MAX + 64);
	if (text_nfc(out, strlen(out), &nfc) == ERR_OK)
		scrub = arena_strdup(a, buf_cstr(&nfc));
	else
		scrub = out;
	buf_free(&nfc);
	/* Drop control characters: C0, DEL and the C1 range (U+0080..9F,
	 * encoded C2 80..C2 9F). */
	out = arena_alloc(a, strlen(scrub) + 1);
	for (size_t i = 0; scrub[i]; i++) {
		unsigned char c = (unsigned char)scrub[i];

		if (c < 0x20 || c == 0x7f)
			continue;
		if (c == 0xc2 && (unsigned char)scrub[i + 1] >= 0x80 &&
		    (unsigned char)scrub[i + 1] <= 0x9f) {
			i++;
			continue;
		}
		out[k++] = (char)c;
	}
	out[k] = '\0';
	/* And the bidirectional controls: "faktura\u202Efdp.exe" would
	 * show as "fakturaexe.pdf". */
	text_strip_bidi(out);
	while (*out == '.' || *out == ' ')
		out++;
	n = text_utf8_cut(out, DOS_FILENAME_MAX);
	out[n] = '\0';
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
	return n > 0 ? out : "tep";
}


/* A file to attach: not empty, not too large. */
static enum err
check_size(size_t len, struct errinfo *ei)
{
	if (len == 0)
		return err_set(ei, ERR_INVALID, "dossiers.empty_file", "file",
		    "Tệp rỗng", "The file is empty");
	if (len > DOS_ATTACHMENT_MAX)
		return err_set(ei, ERR_LIMIT, "dossiers.file_too_large", "file",
		    "Tệp lớn quá %u MB", "The file is larger than %u MB",
		    DOS_ATTACHMENT_MAX / (1024 * 1024));
	return ERR_OK;
}

/* Room for one more live attachment on dossier id. */
static enum err
check_room(struct db *db, int64_t id, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_DOS_ATTACHMENT_LIVE_COUNT);
	int64_t n = 0;
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) == 1)
		n = db_col_int(st, 0);
	db_end_reads(db);
	if (rc < 0)
		return ei->err;
	if (n >= DOS_ATTACHMENTS_MAX)
		return err_set(ei, ERR_LIMIT, "dossiers.too_many_files", "file",
		    "Hồ sơ đã có %d tệp: hãy gỡ bớt tệp không cần",
		    "The dossier has %d files already: remove those it does "
		    "not need", DOS_ATTACHMENTS_MAX);
	return ERR_OK;
}

/* What a refused file is, as its sender knows it (never a MIME type). */
static const struct {
	const char *mime, *vi, *en;
} known_kinds[] = {
	{ "text/html", "một trang web", "a web page" },
	{ "text/plain", "văn bản thường", "plain text" },
	{ "application/msword", "tài liệu Word", "a Word document" },
	{ "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	  "tài liệu Word", "a Word document" },
	{ "application/vnd.ms-excel", "bảng tính Excel", "an Excel workbook" },
	{ "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	  "bảng tính Excel", "an Excel workbook" },
	{ "application/zip", "tệp nén", "a compressed archive" },
	{ "image/gif", "ảnh GIF", "a GIF image" },
	{ "image/webp", "ảnh WebP", "a WebP image" },
	{ "image/heic", "ảnh HEIC của điện thoại", "a phone's HEIC image" },
	{ NULL, NULL, NULL }
};

/* What the content of data is (mime, 128 bytes): PDF, JPEG or PNG, else
 * ERR_MEDIA saying what it is in words when that is known. */
static enum err
check_type(const void *data, size_t len, char mime[128],
    struct errinfo *ei)
{
	enum err e;

	if ((e = sniff(data, len, mime, 128, ei)) != ERR_OK)
		return e;
	if (strcmp(mime, "application/pdf") == 0 ||
	    strcmp(mime, "image/jpeg") == 0 || strcmp(mime, "image/png") == 0)
		return ERR_OK;
	for (size_t i = 0; known_kinds[i].mime != NULL; i++)
		if (strcmp(mime, known_kinds[i].mime) == 0)
			return err_set(ei, ERR_MEDIA, "dossiers.bad_type", "file",
			    "Tệp này là %s%.0s, không phải PDF, ảnh JPEG hay PNG: hãy "
			    "lưu hoặc quét tài liệu thành PDF",
			    "This file is %.0s%s, not a PDF, JPEG or PNG: save or "
			    "scan the document as a PDF", known_kinds[i].vi,
			    known_kinds[i].en);
	return err_set(ei, ERR_MEDIA, "dossiers.bad_type", "file",
	    "Tệp này không phải PDF, ảnh JPEG hay PNG: hãy lưu hoặc quét tài "
	    "liệu thành PDF", "This file is not a PDF, JPEG or PNG: save or "
	    "scan the document as a PDF");
}

/* Store the bytes (once per SHA-256) and the attachment row of d. */
static enum err
store(struct db *db, const struct dos *d, const char *kind, const char *name,
    const char *mime, const void *data, size_t len,
    const struct audit_actor *who, int64_t *attachment_id,
    struct errinfo *ei)
{
	struct db_stmt *st;
	char sha[65], now[32];
	enum err e;
	int rc;

	stamp_sha256_hex(data, len, sha);
	stamp_now(now);
	st = db_stmt(db, STMT_DOS_BLOB_INSERT);
	db_bind_text(st, 1, sha);
	db_bind_int(st, 2, (int64_t)len);
	db_bind_blob(st, 3, data, len);
	if ((e = db_exec(st, ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_DOS_ATTACHMENT_INSERT);
	db_bind_int(st, 1, d->id);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, mime);
	db_bind_int(st, 5, (int64_t)len);
	db_bind_text(st, 6, sha);
	db_bind_text(st, 7, now);
	audit_bind_actor(st, 8, who);
	rc = db_step(st, ei);
	if (rc == 1 && attachment_id != NULL)
		*attachment_id = db_col_int(st, 0);
	db_end_reads(db);
	if (rc != 1)
		return rc < 0 ? ei->err : err_set(ei, ERR_DB, "dossiers.insert",
		    NULL, "Không lưu được tệp", "The file was not stored");
	return dos_written(db, who, "dossier.attach", d, d->id, json_pack(
	    "{s:s, s:s, s:s, s:I, s:s}", "kind", kind, "filename", name,
	    "mime", mime, "size", (json_int_t)len, "sha256", sha), ei);
}

/* ERR_FORBIDDEN "dossiers.forbidden": the procedure does not let the
 * caller attach files at d's step. */
static enum err
not_at_this_step(const struct dos *d, struct errinfo *ei)
{
	char vi[256], en[256];

	snprintf(vi, sizeof(vi), "Ở bước \"%s\", tài khoản này không được "
	    "đính kèm tài liệu", d->state->name.vi);
	snprintf(en, sizeof(en), "At the step \"%s\", this account may not "
	    "attach documents", d->state->name.en);
	return err_set_texts(ei, ERR_FORBIDDEN, "dossiers.forbidden", NULL, vi,
	    en);
}

enum err
dos_attach(struct db *db, const struct principal *p, int64_t id,
    const char *kind, const char *filename, const void *data, size_t len,
    int64_t *attachment_id, struct errinfo *ei)
{
	struct arena *a = arena_new(8192);
	const struct role_binding *b;
	struct audit_actor who;
	struct dos d;
	char mime[128];
	enum err e;

	if ((e = check_size(data != NULL ? len : 0, ei)) != ERR_OK ||
	    (e = dos_begin_on(db, a, id, &d, ei)) != ERR_OK)
		goto done;
	if (dos_kind_text(d.proc, kind) == NULL) {
		e = err_set(ei, ERR_INVALID, "dossiers.bad_kind", "kind",
		    "Hãy chọn loại tài liệu trong danh sách của quy trình",
		    "Choose the kind of document from the procedure's list");
		goto out;
	}
	/* Who may attach at this step is the procedure's (data). */
	if ((b = dos_may_attach(db, p, &d)) == NULL) {
		e = not_at_this_step(&d, ei);
		goto out;
	}
	auth_actor(p, b, &who);
	if ((e = check_room(db, id, ei)) == ERR_OK &&
	    (e = check_type(data, len, mime, ei)) == ERR_OK)
		e = store(db, &d, kind, clean_name(a, filename), mime, data, len,
		    &who, attachment_id, ei);
out:
	e = db_finish(db, e, ei);
done:
	arena_free(a);
	return e;
}

/* The row of attachment aid of dossier id: statement stepped onto it, or
 * ERR_NOTFOUND "dossiers.no_attachment" (reads ended). */
static enum err
attachment_row(struct db *db, int64_t id, int64_t aid, struct db_stmt **out,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_DOS_ATTACHMENT_GET);
	int rc;

	db_bind_int(st, 1, aid);
	db_bind_int(st, 2, id);
	if ((rc = db_step(st, ei)) == 1) {
		*out = st;
		return ERR_OK;
	}
	db_end_reads(db);
	return rc < 0 ? ei->err : err_set(ei, ERR_NOTFOUND,
	    "dossiers.no_attachment", "attachment_id",
	    "Hồ sơ số %lld không có tệp này (có thể đã bị gỡ)",
	    "The dossier %lld has no such file (it may have been removed)",
	    (long long)id);
}

enum err
dos_attachment_get(struct db *db, struct arena *a, int64_t id,
    int64_t attachment_id, struct dos_file *out, struct errinfo *ei)
{
	struct db_stmt *st;
	const void *data;
	enum err e;

	memset(out, 0, sizeof(*out));
	if ((e = attachment_row(db, id, attachment_id, &st, ei)) != ERR_OK)
		return e;
	out->filename = arena_strdup(a, db_col_text(st, 0));
	out->mime = arena_strdup(a, db_col_text(st, 1));
	out->sha256 = arena_strdup(a, db_col_text(st, 2));
	data = db_col_blob(st, 3, &out->len);
	if (out->len > 0) {
		void *copy = arena_alloc(a, out->len);

		memcpy(copy, data, out->len);
		out->data = copy;
	}
	db_end_reads(db);
	return ERR_OK;
}

enum err
dos_attachment_remove(struct db *db, const struct principal *p, int64_t id,
    int64_t attachment_id, struct errinfo *ei)
{
	struct arena *a = arena_new(8192);
	const struct role_binding *b;
	struct audit_actor who;
	struct db_stmt *st;
	struct dos d;
	int64_t by;
	char now[32];
	bool removed;
	enum err e;

	if ((e = dos_begin_on(db, a, id, &d, ei)) != ERR_OK)
		goto done;
	if ((e = attachment_row(db, id, attachment_id, &st, ei)) != ERR_OK)
		goto out;
	by = db_col_null(st, 4) ? 0 : db_col_int(st, 4);
	removed = !db_col_null(st, 5);
	db_end_reads(db);
	if (removed) {
		e = err_set(ei, ERR_CONFLICT, "dossiers.removed",
		    "attachment_id", "Tệp này đã được gỡ",
		    "This file has been removed already");
		goto out;
	}
	/* Only whoever attached it, and only while the procedure still lets
	 * them attach (the unit while editable, the holder while it holds). */
	if (p == NULL || by != p->user_id ||
	    (b = dos_may_attach(db, p, &d)) == NULL) {
		e = err_set(ei, ERR_FORBIDDEN, "dossiers.forbidden", NULL,
		    "Chỉ người đã đính kèm được gỡ tệp, khi hồ sơ còn ở bước "
		    "của họ", "Only whoever attached a file may remove it, "
		    "while the dossier is still at their step");
		goto out;
	}
	stamp_now(now);
	st = db_stmt(db, STMT_DOS_ATTACHMENT_REMOVE);
	db_bind_text(st, 1, now);
	db_bind_int(st, 2, p->user_id);
	db_bind_int(st, 3, attachment_id);
	db_bind_int(st, 4, id);
	if ((e = db_exec(st, ei)) != ERR_OK)
		goto out;
	auth_actor(p, b, &who);
	e = dos_written(db, &who, "dossier.detach", &d, id, json_pack("{s:I}",
	    "attachment_id", (json_int_t)attachment_id), ei);
out:
	e = db_finish(db, e, ei);
done:
	arena_free(a);
	return e;
}
