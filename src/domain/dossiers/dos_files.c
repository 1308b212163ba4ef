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
		e = err_set_vi(ei, ERR_SYS, "dossiers.magic", NULL,
		    "Không kiểm tra được loại tệp (libmagic)");
	else {
		m = magic_buffer(magic_handle, data, len);
		snprintf(out, size, "%s", m != NULL ? m : "");
	}
	pthread_mutex_unlock(&magic_lock);
	return e;
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
	while (*out == '.' || *out == ' ')
		out++;
	n = text_utf8_cut(out, DOS_FILENAME_MAX);
	out[n] = '\0';
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
	return n > 0 ? out : "tep";
}


enum err
dos_attach(struct db *db, const struct principal *p, int64_t id,
    const char *kind, const char *filename, const void *data, size_t len,
    int64_t *attachment_id, struct errinfo *ei)
{
	struct arena *a = arena_new(8192);
	const struct role_binding *b;
	struct audit_actor who;
	struct db_stmt *st;
	struct dos d;
	const char *name;
	char mime[128], sha[65], now[32];
	enum err e;
	int rc;

	if (len == 0 || data == NULL) {
		e = err_set_vi(ei, ERR_INVALID, "dossiers.empty_file", "file",
		    "Tệp rỗng");
		goto done;
	}
	if (len > DOS_ATTACHMENT_MAX) {
		e = err_set_vi(ei, ERR_LIMIT, "dossiers.file_too_large", "file",
		    "Tệp lớn quá %u MB", DOS_ATTACHMENT_MAX / (1024 * 1024));
		goto done;
	}
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	if ((e = dos_load_readable(db, a, p, id, &d, ei)) != ERR_OK)
		goto out;
	if (kind == NULL || dos_kind_name(d.proc, kind, "vi") == NULL) {
		e = err_set_vi(ei, ERR_INVALID, "dossiers.bad_kind", "kind",
		    "Loại tài liệu \"%s\" không có trong quy trình",
		    kind != NULL ? kind : "");
		goto out;
	}
	if ((b = dos_may_attach(db, p, &d)) == NULL) {
		e = err_set_vi(ei, ERR_FORBIDDEN, "dossiers.forbidden", NULL,
		    "Ở bước \"%s\", tài khoản này không được đính kèm tài liệu",
		    wf_text(&d.state->name, "vi"));
		goto out;
	}
	st = db_stmt(db, STMT_DOS_ATTACHMENT_LIVE_COUNT);
	db_bind_int(st, 1, id);
	rc = db_step(st, ei);
	if (rc == 1 && db_col_int(st, 0) >= DOS_ATTACHMENTS_MAX) {
		db_end_reads(db);
		e = err_set_vi(ei, ERR_LIMIT, "dossiers.too_many_files", "file",
		    "Hồ sơ đã có %d tệp: hãy gỡ bớt tệp không cần",
		    DOS_ATTACHMENTS_MAX);
		goto out;
	}
	db_end_reads(db);
	if (rc < 0) {
		e = ei->err;
		goto out;
	}
	if ((e = sniff(data, len, mime, sizeof(mime), ei)) != ERR_OK)
		goto out;
	if (strcmp(mime, "application/pdf") != 0 &&
	    strcmp(mime, "image/jpeg") != 0 && strcmp(mime, "image/png") != 0) {
		e = err_set_vi(ei, ERR_MEDIA, "dossiers.bad_type", "file",
		    "Tệp không phải PDF, JPEG hay PNG (nội dung là %s)",
		    mime[0] ? mime : "không xác định");
		goto out;
	}
	name = clean_name(a, filename);
	stamp_sha256_hex(data, len, sha);
	stamp_now(now);
	st = db_stmt(db, STMT_DOS_BLOB_INSERT);
	db_bind_text(st, 1, sha);
	db_bind_int(st, 2, (int64_t)len);
	db_bind_blob(st, 3, data, len);
	if ((e = db_exec(st, ei)) != ERR_OK)
		goto out;
	st = db_stmt(db, STMT_DOS_ATTACHMENT_INSERT);
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, mime);
	db_bind_int(st, 5, (int64_t)len);
	db_bind_text(st, 6, sha);
	db_bind_text(st, 7, now);
	db_bind_int(st, 8, p->user_id);
	rc = db_step(st, ei);
	if (rc == 1 && attachment_id != NULL)
		*attachment_id = db_col_int(st, 0);
	db_end_reads(db);
	if (rc != 1) {
		e = rc < 0 ? ei->err : err_set_vi(ei, ERR_DB, "dossiers.insert",
		    NULL, "Không lưu được tệp");
		goto out;
	}
	dos_actor(p, b, &who);
	e = dos_audit(db, &who, "dossier.attach", &d, id, json_pack("{s:s, "
	    "s:s, s:s, s:I, s:s}", "kind", kind, "filename", name, "mime", mime,
	    "size", (json_int_t)len, "sha256", sha), ei);
	if (e == ERR_OK)
		e = dos_bump(db, false, ei);
out:
	e = db_finish(db, e, ei);
done:
	arena_free(a);
	return e;
}

enum err
dos_attachment_get(struct db *db, struct arena *a, const struct principal *p,
    int64_t id, int64_t attachment_id, struct dos_file *out,
    struct errinfo *ei)
{
	struct arena *tmp = arena_new(8192);
	struct db_stmt *st;
	struct dos d;
	const void *data;
	enum err e;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((e = dos_load_readable(db, tmp, p, id, &d, ei)) != ERR_OK)
		goto out;
	st = db_stmt(db, STMT_DOS_ATTACHMENT_GET);
	db_bind_int(st, 1, attachment_id);
	db_bind_int(st, 2, id);
	if ((rc = db_step(st, ei)) != 1) {
		e = rc < 0 ? ei->err : err_set_vi(ei, ERR_NOTFOUND,
		    "dossiers.no_attachment", "attachment_id",
		    "Hồ sơ số %lld không có tệp số %lld", (long long)id,
		    (long long)attachment_id);
		goto out;
	}
	out->filename = arena_strdup(a, db_col_text(st, 0));
	out->mime = arena_strdup(a, db_col_text(st, 1));
	out->sha256 = arena_strdup(a, db_col_text(st, 2));
	data = db_col_blob(st, 3, &out->len);
	if (out->len > 0) {
		void *copy = arena_alloc(a, out->len);

		memcpy(copy, data, out->len);
		out->data = copy;
	}
out:
	db_end_reads(db);
	arena_free(tmp);
	return e;
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
	int64_t by = 0;
	char now[32];
	bool removed = false;
	enum err e;
	int rc;

	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	if ((e = dos_load_readable(db, a, p, id, &d, ei)) != ERR_OK)
		goto out;
	st = db_stmt(db, STMT_DOS_ATTACHMENT_GET);
	db_bind_int(st, 1, attachment_id);
	db_bind_int(st, 2, id);
	if ((rc = db_step(st, ei)) == 1) {
		by = db_col_null(st, 4) ? 0 : db_col_int(st, 4);
		removed = !db_col_null(st, 5);
	}
	db_end_reads(db);
	if (rc != 1) {
		e = rc < 0 ? ei->err : err_set_vi(ei, ERR_NOTFOUND,
		    "dossiers.no_attachment", "attachment_id",
		    "Hồ sơ số %lld không có tệp số %lld", (long long)id,
		    (long long)attachment_id);
		goto out;
	}
	if (removed) {
		e = err_set_vi(ei, ERR_CONFLICT, "dossiers.removed",
		    "attachment_id", "Tệp này đã được gỡ");
		goto out;
	}
	/* Only whoever attached it, and only while they may still attach
	 * (the unit while editable, the holder while it holds). */
	if (by != p->user_id || (b = dos_may_attach(db, p, &d)) == NULL) {
		e = err_set_vi(ei, ERR_FORBIDDEN, "dossiers.forbidden", NULL,
		    "Chỉ người đã đính kèm được gỡ tệp, khi hồ sơ còn ở bước "
		    "của họ");
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
	dos_actor(p, b, &who);
	if ((e = dos_audit(db, &who, "dossier.detach", &d, id, json_pack(
	    "{s:I}", "attachment_id", (json_int_t)attachment_id), ei)) ==
	    ERR_OK)
		e = dos_bump(db, false, ei);
out:
	e = db_finish(db, e, ei);
done:
	arena_free(a);
	return e;
}
