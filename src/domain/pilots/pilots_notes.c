/*
 * pilots_notes.c - a pilot's periodic progress notes and their photos.
 * A photo is what its content is (libmagic through dos_sniff: JPEG or PNG
 * only, whatever its name says), at most PILOT_PHOTO_MAX bytes; its bytes
 * go into attachment_blob once per SHA-256, like dossier files, so every
 * server behind a load balancer and every backup has them.  A note and
 * its photos are one transaction: a refused photo stores no note.
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/stamp.h"
#include "core/text.h"
#include "domain/dossiers/dossiers.h"
#include "domain/pilots/pilots_internal.h"

#define ADD(...) do { if (n < max) err_set(&out[n], __VA_ARGS__); n++; \
	} while (0)

/* The problems of one photo (its position i from 1, 0 for the only
 * one); mime filled when it is fine. */
static size_t
photo_problems(const struct pilot_file *f, char mime[128],
    struct errinfo *out, size_t n, size_t max)
{
	struct errinfo sys;

	mime[0] = '\0';
	if (f->data == NULL || f->len == 0)
		ADD(ERR_INVALID, "pilots.empty_file", "photo", "Tệp ảnh rỗng",
		    "The photo file is empty");
	else if (f->len > PILOT_PHOTO_MAX)
		ADD(ERR_LIMIT, "pilots.file_too_large", "photo",
		    "Ảnh lớn quá %u MB", "The photo is larger than %u MB",
		    PILOT_PHOTO_MAX / (1024 * 1024));
	else if (dos_sniff(f->data, f->len, mime, 128, &sys) != ERR_OK) {
		if (n < max)
			out[n] = sys;
		n++;
	} else if (strcmp(mime, "image/jpeg") != 0 &&
	    strcmp(mime, "image/png") != 0) {
		mime[0] = '\0';
		ADD(ERR_MEDIA, "pilots.bad_photo", "photo",
		    "Tệp này không phải ảnh JPEG hay PNG",
		    "This file is not a JPEG or PNG image");
	}
	return n;
}

/* A file name fit to show: after the last separator, valid UTF-8, no
 * controls, at most 100 bytes; "anh" if nothing is left. */
static const char *
clean_name(struct arena *a, const char *raw)
{
	const char *base = raw != NULL ? raw : "";
	char *s;
	size_t k = 0;

	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	if (!text_utf8_valid(base, strlen(base)))
		return "anh";
	s = arena_strndup(a, base, text_utf8_cut(base, 100));
	for (size_t i = 0; s[i]; i++)
		if ((unsigned char)s[i] >= 0x20 && s[i] != 0x7f)
			s[k++] = s[i];
	s[k] = '\0';
	text_strip_bidi(s);
	return s[0] != '\0' ? s : "anh";
}

static enum err
store_photo(struct db *db, struct arena *a, int64_t note_id,
    const struct pilot_file *f, const char *mime, int64_t *photo_id,
    struct errinfo *ei)
{
	struct db_stmt *st;
	char sha[STAMP_SHA256_HEX], now[STAMP_TIME_LEN];
	enum err e;
	int rc;

	stamp_sha256_hex(f->data, f->len, sha);
	stamp_now(now);
	st = db_stmt(db, STMT_PILOTS_BLOB_INSERT);
	db_bind_text(st, 1, sha);
	db_bind_int(st, 2, (int64_t)f->len);
	db_bind_blob(st, 3, f->data, f->len);
	if ((e = db_exec(st, ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_PILOTS_PHOTO_INSERT);
	db_bind_int(st, 1, note_id);
	db_bind_text(st, 2, clean_name(a, f->name));
	db_bind_text(st, 3, mime);
	db_bind_int(st, 4, (int64_t)f->len);
	db_bind_text(st, 5, sha);
	db_bind_text(st, 6, now);
	rc = db_step(st, ei);
	if (rc == 1 && photo_id != NULL)
		*photo_id = db_col_int(st, 0);
	db_end_reads(db);
	if (rc != 1)
		return rc < 0 ? ei->err : err_set(ei, ERR_DB, "pilots.insert",
		    NULL, "Không lưu được ảnh", "The photo was not stored");
	return ERR_OK;
}

/* A count of statement id bound to one or two ids. */
static int64_t
count(struct db *db, enum stmt_id id, int64_t a1, int64_t a2,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, id);
	int64_t n = -1;

	db_bind_int(st, 1, a1);
	if (a2 != 0)
		db_bind_int(st, 2, a2);
	if (db_step(st, ei) == 1)
		n = db_col_int(st, 0);
	db_end_reads(db);
	return n;
}

enum err
pilot_note_add(struct db *db, struct arena *a, const struct audit_actor *who,
    int64_t id, const char *date, const char *body,
    const struct pilot_file *files, size_t nfiles, int64_t *note_id,
    struct errinfo *out, size_t max, size_t *nproblems, struct errinfo *ei)
{
	const char *structure, *code;
	char (*mimes)[128] = arena_alloc(a, (nfiles + 1) * 128);
	struct db_stmt *st;
	char now[STAMP_TIME_LEN];
	size_t n = 0;
	long days;
	enum err e;
	int rc;

	*nproblems = 0;
	if ((e = pilot_unit_of(db, a, id, &structure, &code, ei)) != ERR_OK)
		return e;
	if (date == NULL || date[0] == '\0')
		ADD(ERR_INVALID, "pilots.required", "date",
		    "Cần điền ngày của ghi chép (năm-tháng-ngày)",
		    "The date of the note is required (year-month-day)");
	else if (!date_parse_user(date, &days))
		ADD(ERR_INVALID, "pilots.bad_date", "date",
		    "Ngày không hợp lệ (năm-tháng-ngày, ví dụ 2026-03-15)",
		    "Not a valid date (year-month-day, e.g. 2026-03-15)");
	if (body == NULL || body[0] == '\0')
		ADD(ERR_INVALID, "pilots.required", "body",
		    "Cần viết nội dung tiến độ", "Write what has progressed");
	else if (strlen(body) > PILOT_TEXT_MAX)
		ADD(ERR_INVALID, "pilots.too_long", "body",
		    "Dài quá %d byte", "Longer than %d bytes", PILOT_TEXT_MAX);
	if (nfiles > PILOT_PHOTOS_MAX)
		ADD(ERR_LIMIT, "pilots.too_many_photos", "photo",
		    "Nhiều nhất %d ảnh một lần ghi", "At most %d photos a note",
		    PILOT_PHOTOS_MAX);
	else
		for (size_t i = 0; i < nfiles; i++)
			n = photo_problems(&files[i], mimes[i], out, n, max);
	if (count(db, STMT_PILOTS_NOTE_COUNT, id, 0, ei) >= PILOT_NOTES_MAX)
		ADD(ERR_LIMIT, "pilots.too_many_notes", "body",
		    "Mô hình đã có %d ghi chép", "The pilot has %d notes already",
		    PILOT_NOTES_MAX);
	if (n > 0) {
		*nproblems = n < max ? n : max;
		*ei = out[0];
		return ei->err;
	}
	stamp_now(now);
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_PILOTS_NOTE_INSERT);
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, date);
	db_bind_text(st, 3, body);
	db_bind_text(st, 4, now);
	audit_bind_actor(st, 5, who);
	if ((rc = db_step(st, ei)) == 1)
		*note_id = db_col_int(st, 0);
	db_end_reads(db);
	if (rc != 1)
		e = rc < 0 ? ei->err : err_set(ei, ERR_DB, "pilots.insert", NULL,
		    "Không lưu được ghi chép", "The note was not stored");
	for (size_t i = 0; e == ERR_OK && i < nfiles; i++)
		e = store_photo(db, a, *note_id, &files[i], mimes[i], NULL, ei);
	if (e == ERR_OK)
		e = audit_record(db, who, "pilots.note", structure, code,
		    json_pack("{s:I, s:s, s:I}", "pilot", (json_int_t)id, "date",
		    date, "photos", (json_int_t)nfiles), ei, "pilot:%lld",
		    (long long)id);
	return db_finish(db, e, ei);
}

enum err
pilot_photo_add(struct db *db, struct arena *a, const struct audit_actor *who,
    int64_t id, int64_t note_id, const struct pilot_file *f,
    int64_t *photo_id, struct errinfo *ei)
{
	const char *structure, *code;
	struct errinfo out[1];
	char mime[128];
	size_t n = 0;
	enum err e;

	if ((e = pilot_unit_of(db, a, id, &structure, &code, ei)) != ERR_OK)
		return e;
	if (count(db, STMT_PILOTS_NOTE_OF_PILOT, note_id, id, ei) != 1)
		return err_set(ei, ERR_NOTFOUND, "pilots.no_note", "note_id",
		    "Mô hình không có ghi chép này",
		    "The pilot has no such note");
	if (photo_problems(f, mime, out, n, 1) > 0) {
		*ei = out[0];
		return ei->err;
	}
	if (count(db, STMT_PILOTS_PHOTO_COUNT, note_id, 0, ei) >=
	    PILOT_PHOTOS_MAX)
		return err_set(ei, ERR_LIMIT, "pilots.too_many_photos", "photo",
		    "Ghi chép đã có %d ảnh", "The note has %d photos already",
		    PILOT_PHOTOS_MAX);
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	e = store_photo(db, a, note_id, f, mime, photo_id, ei);
	if (e == ERR_OK)
		e = audit_record(db, who, "pilots.photo", structure, code,
		    json_pack("{s:I, s:I, s:I}", "pilot", (json_int_t)id, "note",
		    (json_int_t)note_id, "size", (json_int_t)f->len), ei,
		    "pilot:%lld", (long long)id);
	return db_finish(db, e, ei);
}

enum err
pilot_photo_get(struct db *db, struct arena *a, int64_t id, int64_t photo_id,
    const char **mime, const char **sha256, const void **data, size_t *len,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_PILOTS_PHOTO_GET);
	int rc;

	db_bind_int(st, 1, photo_id);
	db_bind_int(st, 2, id);
	if ((rc = db_step(st, ei)) == 1) {
		const void *p = db_col_blob(st, 2, len);
		void *copy = arena_alloc(a, *len + 1);

		memcpy(copy, p, *len);
		*data = copy;
		*mime = arena_strdup(a, db_col_text(st, 0));
		*sha256 = arena_strdup(a, db_col_text(st, 1));
	}
	db_end_reads(db);
	if (rc < 0)
		return ei->err;
	if (rc == 0)
		return err_set(ei, ERR_NOTFOUND, "pilots.no_photo", "photo_id",
		    "Không có ảnh này", "There is no such photo");
	return ERR_OK;
}
