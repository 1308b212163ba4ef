/*
 * market_shop_photos.c - a listing's own photos (market_listings.h): the
 * OCOP product photos' checks and thumbnails (ocop_photo_check,
 * ocop_thumbnail: JPEG or PNG by content, decoded, a PNG thumbnail), the
 * bytes stored once per SHA-256 in attachment_blob.  The bytes are
 * public (a listing's photo is a shop's picture), served by id whatever
 * the listing's state.
 */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/stamp.h"
#include "domain/market/market_listings.h"
#include "domain/ocop/ocop_internal.h"

static enum err
put_blob(struct db *db, const void *data, size_t len, char sha[65],
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MARKET_BLOB_INSERT);

	stamp_sha256_hex(data, len, sha);
	db_bind_text(st, 1, sha);
	db_bind_int(st, 2, (int64_t)len);
	db_bind_blob(st, 3, data, len);
	return db_exec(st, ei);
}

enum err
market_photo_add(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t listing_id,
    const char *filename, const void *data, size_t len, int64_t *photo_id,
    struct errinfo *ei)
{
	struct arena *a = arena_new(512);
	const char *structure, *code;
	char mime[128], sha[65], tsha[65], now[STAMP_TIME_LEN];
	struct audit_actor who;
	struct db_stmt *st;
	struct buf png;
	int64_t producer_id, n = 0, pos = 0;
	int w = 0, h = 0, rc;
	enum err e;

	buf_init(&png, 4 * 1024 * 1024);
	if ((e = market_listing_unit_of(db, a, listing_id, &producer_id,
	    &structure, &code, ei)) != ERR_OK ||
	    (e = market_check_owner(db, p, acting, producer_id, "id", ei)) !=
	    ERR_OK ||
	    (e = ocop_photo_check(data, len, mime, ei)) != ERR_OK ||
	    (e = ocop_thumbnail(data, len, mime, &w, &h, &png, ei)) != ERR_OK)
		goto out;
	st = db_stmt(db, STMT_MARKET_PHOTO_COUNT);
	db_bind_int(st, 1, listing_id);
	if (db_step(st, ei) == 1) {
		n = db_col_int(st, 0);
		pos = db_col_int(st, 1);
	}
	db_end_reads(db);
	if (n >= MARKET_PHOTOS_MAX) {
		e = err_set(ei, ERR_CONFLICT, "market.too_many_photos", "file",
		    "Một tin bán có tối đa %d ảnh",
		    "A listing has at most %d photos", MARKET_PHOTOS_MAX);
		goto out;
	}
	auth_actor(p, acting, &who);
	stamp_now(now);
	if (filename == NULL || filename[0] == '\0')
		filename = strcmp(mime, "image/png") == 0 ? "anh.png" : "anh.jpg";
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto out;
	if ((e = put_blob(db, data, len, sha, ei)) != ERR_OK ||
	    (e = put_blob(db, buf_cstr(&png), png.len, tsha, ei)) != ERR_OK)
		goto fin;
	st = db_stmt(db, STMT_MARKET_PHOTO_INSERT);
	db_bind_int(st, 1, listing_id);
	db_bind_int(st, 2, pos + 1);
	db_bind_text(st, 3, filename);
	db_bind_text(st, 4, mime);
	db_bind_int(st, 5, (int64_t)len);
	db_bind_text(st, 6, sha);
	db_bind_int(st, 7, w);
	db_bind_int(st, 8, h);
	db_bind_text(st, 9, tsha);
	db_bind_text(st, 10, now);
	audit_bind_actor(st, 11, &who);
	rc = db_step(st, ei);
	if (rc == 1)
		*photo_id = db_col_int(st, 0);
	db_end_reads(db);
	if (rc != 1) {
		e = rc < 0 ? ei->err : err_set(ei, ERR_DB, "market.insert", NULL,
		    "Không lưu được ảnh", "The photo was not stored");
		goto fin;
	}
	if ((e = db_meta_bump(db, MARKET_META_VERSION, ei)) != ERR_OK)
		goto fin;
	e = audit_record(db, &who, "market.photo_add", structure, code,
	    json_pack("{s:s, s:s, s:I, s:s}", "filename", filename, "mime",
	    mime, "size", (json_int_t)len, "sha256", sha), ei,
	    "market_listing:%lld", (long long)listing_id);
fin:
	e = db_finish(db, e, ei);
out:
	buf_free(&png);
	arena_free(a);
	return e;
}

enum err
market_photo_get(struct db *db, struct arena *a, int64_t photo_id,
    bool thumb, struct market_photo *out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MARKET_PHOTO_BYTES);
	const void *p;
	int rc;

	db_bind_int(st, 1, thumb ? 1 : 0);
	db_bind_int(st, 2, thumb ? 1 : 0);
	db_bind_int(st, 3, photo_id);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1) {
		out->mime = arena_strdup(a, db_col_text(st, 0));
		p = db_col_blob(st, 1, &out->len);
		out->data = arena_alloc(a, out->len + 1);
		memcpy(out->data, p, out->len);
		out->sha256 = arena_strdup(a, db_col_text(st, 2));
	}
	db_end_reads(db);
	if (rc == 0)
		return err_set(ei, ERR_NOTFOUND, "market.photo_not_found", "id",
		    "Không tìm thấy ảnh", "No such photo");
	return ERR_OK;
}
