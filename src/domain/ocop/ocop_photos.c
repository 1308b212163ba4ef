/*
 * ocop_photos.c - photos of an OCOP product: the content decides what a
 * file is (libmagic through dos_sniff, never its name or claimed type),
 * only JPEG and PNG are kept, and each gets a PNG thumbnail at most
 * OCOP_THUMB_PX on its longer side for lists and phones.
 *
 * Decoding: PNG with cairo (already linked for the printouts), JPEG with
 * libjpeg(-turbo), which scales by 1/2, 1/4 or 1/8 while decoding so a
 * 12-megapixel photo never needs its full size in memory; cairo draws
 * the final size with a good filter and writes the PNG.  A file that does
 * not decode is refused (ERR_MEDIA) - bytes that only look like a JPEG to
 * libmagic do not get in.  The bytes and the thumbnail are stored once per
 * SHA-256 in attachment_blob, like dossier attachments.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <jpeglib.h>

#include "core/buf.h"
#include "core/stamp.h"
#include "db/db_rows.h"
#include "domain/dossiers/dossiers.h"
#include "domain/ocop/ocop_internal.h"

/* ---- decoding and the thumbnail ------------------------------------------- */

struct jerr {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
};

static void
jerr_exit(j_common_ptr c)
{
	longjmp(((struct jerr *)c->err)->jump, 1);
}

static void
jerr_silent(j_common_ptr c, int level)
{
	(void)c;
	(void)level;
}

/* A JPEG as a cairo surface at least min_side on its shorter side where
 * the photo allows (scaled while decoding); NULL if it does not decode. */
static cairo_surface_t *
jpeg_surface(const void *data, size_t len, int min_side, int *w, int *h)
{
	struct jpeg_decompress_struct ci;
	struct jerr je;
	cairo_surface_t *volatile s = NULL;
	JSAMPROW row;
	unsigned char *volatile line = NULL;

	memset(&ci, 0, sizeof(ci));
	ci.err = jpeg_std_error(&je.pub);
	je.pub.error_exit = jerr_exit;
	je.pub.emit_message = jerr_silent;
	if (setjmp(je.jump)) {
		jpeg_destroy_decompress(&ci);
		free(line);
		if (s != NULL)
			cairo_surface_destroy(s);
		return NULL;
	}
	jpeg_create_decompress(&ci);
	jpeg_mem_src(&ci, (const unsigned char *)data, (unsigned long)len);
	if (jpeg_read_header(&ci, TRUE) != JPEG_HEADER_OK)
		longjmp(je.jump, 1);
	*w = (int)ci.image_width;
	*h = (int)ci.image_height;
	if (*w <= 0 || *h <= 0 || *w > 20000 || *h > 20000)
		longjmp(je.jump, 1);
	ci.out_color_space = JCS_RGB;
	ci.scale_num = 1;
	ci.scale_denom = 1;
	while (ci.scale_denom < 8 && (int)(ci.image_width < ci.image_height ?
	    ci.image_width : ci.image_height) / (int)(ci.scale_denom * 2) >=
	    min_side)
		ci.scale_denom *= 2;
	jpeg_start_decompress(&ci);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    (int)ci.output_width, (int)ci.output_height);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		longjmp(je.jump, 1);
	if ((line = malloc((size_t)ci.output_width * 3)) == NULL)
		abort();
	{
		unsigned char *px = cairo_image_surface_get_data(s);
		int stride = cairo_image_surface_get_stride(s);

		cairo_surface_flush(s);
		while (ci.output_scanline < ci.output_height) {
			uint32_t *out = (uint32_t *)(void *)(px +
			    (size_t)ci.output_scanline * (size_t)stride);

			row = line;
			jpeg_read_scanlines(&ci, &row, 1);
			for (JDIMENSION x = 0; x < ci.output_width; x++)
				out[x] = (uint32_t)line[3 * x] << 16 |
				    (uint32_t)line[3 * x + 1] << 8 |
				    line[3 * x + 2];
		}
		cairo_surface_mark_dirty(s);
	}
	jpeg_finish_decompress(&ci);
	jpeg_destroy_decompress(&ci);
	free(line);
	return s;
}

struct rd {
	const unsigned char *p;
	size_t len, at;
};

static cairo_status_t
png_read(void *closure, unsigned char *data, unsigned int n)
{
	struct rd *r = closure;

	if (r->len - r->at < n)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->p + r->at, n);
	r->at += n;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
png_write(void *closure, const unsigned char *data, unsigned int n)
{
	return buf_append(closure, data, n) == ERR_OK ?
	    CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

enum err
ocop_thumbnail(const void *data, size_t len, const char *mime, int *width,
    int *height, struct buf *png, struct errinfo *ei)
{
	cairo_surface_t *src = NULL, *dst;
	cairo_t *cr;
	double k;
	int tw, th, sw, sh;
	enum err e = ERR_OK;

	if (strcmp(mime, "image/jpeg") == 0)
		src = jpeg_surface(data, len, OCOP_THUMB_PX, width, height);
	else {
		struct rd r = { data, len, 0 };

		src = cairo_image_surface_create_from_png_stream(png_read, &r);
		if (cairo_surface_status(src) != CAIRO_STATUS_SUCCESS) {
			cairo_surface_destroy(src);
			src = NULL;
		} else {
			*width = cairo_image_surface_get_width(src);
			*height = cairo_image_surface_get_height(src);
		}
	}
	if (src == NULL)
		return err_set(ei, ERR_MEDIA, "ocop.bad_photo", "file",
		    "Ảnh bị hỏng, không đọc được", "The photo is damaged and "
		    "cannot be read");
	sw = cairo_image_surface_get_width(src);
	sh = cairo_image_surface_get_height(src);
	k = (double)OCOP_THUMB_PX / (sw > sh ? sw : sh);
	if (k > 1)
		k = 1;
	tw = (int)(sw * k + 0.5);
	th = (int)(sh * k + 0.5);
	if (tw < 1)
		tw = 1;
	if (th < 1)
		th = 1;
	dst = cairo_image_surface_create(CAIRO_FORMAT_RGB24, tw, th);
	cr = cairo_create(dst);
	cairo_set_source_rgb(cr, 1, 1, 1);	/* a transparent PNG on white */
	cairo_paint(cr);
	cairo_scale(cr, k, k);
	cairo_set_source_surface(cr, src, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
	cairo_paint(cr);
	cairo_destroy(cr);
	if (cairo_surface_write_to_png_stream(dst, png_write, png) !=
	    CAIRO_STATUS_SUCCESS)
		e = err_set(ei, ERR_SYS, "ocop.thumbnail", "file",
		    "Không tạo được ảnh thu nhỏ",
		    "The thumbnail could not be made");
	cairo_surface_destroy(dst);
	cairo_surface_destroy(src);
	return e;
}

/* ---- storing and reading ---------------------------------------------------- */

enum err
ocop_photo_check(const void *data, size_t len, char mime[128], struct errinfo *ei)
{
	enum err e;

	if (len == 0)
		return err_set(ei, ERR_INVALID, "ocop.no_photo", "file",
		    "Hãy chọn một ảnh (JPEG hoặc PNG)",
		    "Choose a photo (JPEG or PNG)");
	if (len > OCOP_PHOTO_MAX)
		return err_set(ei, ERR_LIMIT, "ocop.photo_too_big", "file",
		    "Ảnh lớn quá %d MB", "The photo is larger than %d MB",
		    OCOP_PHOTO_MAX / (1024 * 1024));
	if ((e = dos_sniff(data, len, mime, 128, ei)) != ERR_OK)
		return e;
	if (strcmp(mime, "image/jpeg") != 0 && strcmp(mime, "image/png") != 0)
		return err_set(ei, ERR_MEDIA, "ocop.bad_photo", "file",
		    "Tệp này không phải ảnh JPEG hay PNG",
		    "This file is not a JPEG or PNG photo");
	return ERR_OK;
}

enum err
ocop_blob_put(struct db *db, const void *data, size_t len, char sha[65],
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_BLOB_INSERT);

	stamp_sha256_hex(data, len, sha);
	db_bind_text(st, 1, sha);
	db_bind_int(st, 2, (int64_t)len);
	db_bind_blob(st, 3, data, len);
	return db_exec(st, ei);
}

/* A photo received, checked and thumbnailed (photo_prepare). */
struct upload {
	const char *filename;	/* as given, or "anh.jpg" / "anh.png" */
	const void *data;	/* the caller's, not copied */
	size_t len;
	char mime[128], sha[65], tsha[65];	/* tsha: the thumbnail's */
	int width, height;
	struct buf png;		/* the thumbnail (the caller's buf_init) */
};

static enum err
photo_prepare(struct upload *u, const char *filename, const void *data,
    size_t len, struct errinfo *ei)
{
	enum err e;

	u->data = data;
	u->len = len;
	if ((e = ocop_photo_check(data, len, u->mime, ei)) != ERR_OK ||
	    (e = ocop_thumbnail(data, len, u->mime, &u->width, &u->height,
	    &u->png, ei)) != ERR_OK)
		return e;
	if (filename == NULL || filename[0] == '\0')
		filename = strcmp(u->mime, "image/png") == 0 ? "anh.png" :
		    "anh.jpg";
	u->filename = filename;
	return ERR_OK;
}

/* Room for one more photo of o?  The position one past the highest
 * into *next. */
static enum err
photo_room(struct db *db, const struct ocop_photo_owner *o, int64_t *next,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, o->count);
	int64_t n = 0;

	*next = 1;
	db_bind_int(st, 1, o->id);
	if (db_step(st, ei) == 1) {
		n = db_col_int(st, 0);
		if (o->positioned)
			*next = db_col_int(st, 1) + 1;
	}
	db_end_reads(db);
	return n >= o->max ? o->too_many(ei) : ERR_OK;
}

/* The photo's row (ocop_photo_owner.insert); its id into *photo_id. */
static enum err
photo_insert(struct db *db, const struct upload *u,
    const struct ocop_photo_owner *o, int64_t pos,
    const struct audit_actor *who, int64_t *photo_id, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, o->insert);
	char now[STAMP_TIME_LEN];
	int n = 1, rc;

	stamp_now(now);
	db_bind_int(st, 1, o->id);
	if (o->positioned)
		db_bind_int(st, ++n, pos);
	db_bind_text(st, n + 1, u->filename);
	db_bind_text(st, n + 2, u->mime);
	db_bind_int(st, n + 3, (int64_t)u->len);
	db_bind_text(st, n + 4, u->sha);
	db_bind_int(st, n + 5, u->width);
	db_bind_int(st, n + 6, u->height);
	db_bind_text(st, n + 7, u->tsha);
	db_bind_text(st, n + 8, now);
	audit_bind_actor(st, n + 9, who);
	rc = db_step(st, ei);
	if (rc == 1)
		*photo_id = db_col_int(st, 0);
	db_end_reads(db);	/* a RETURNING row left open would hold the commit */
	if (rc != 1)
		return rc < 0 ? ei->err : err_set(ei, ERR_DB, o->failed, NULL,
		    "Không lưu được ảnh", "The photo was not stored");
	return ERR_OK;
}

/* One transaction: blobs, row, o->also, audit entry. */
static enum err
photo_store(struct db *db, const struct principal *p, struct upload *u,
    const struct ocop_photo_owner *o, int64_t pos,
    const struct audit_actor *who, int64_t *photo_id, struct errinfo *ei)
{
	enum err e;

	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	if ((e = ocop_blob_put(db, u->data, u->len, u->sha, ei)) != ERR_OK ||
	    (e = ocop_blob_put(db, buf_cstr(&u->png), u->png.len, u->tsha,
	    ei)) != ERR_OK ||
	    (e = photo_insert(db, u, o, pos, who, photo_id, ei)) != ERR_OK ||
	    (o->also != NULL && (e = o->also(db, p, o, u->filename, ei)) !=
	    ERR_OK))
		goto out;
	e = audit_record(db, who, o->action, o->structure, o->code,
	    json_pack("{s:s, s:s, s:I, s:s}", "filename", u->filename, "mime",
	    u->mime, "size", (json_int_t)u->len, "sha256", u->sha), ei,
	    "%s:%lld", o->kind, (long long)o->id);
out:
	return db_finish(db, e, ei);
}

enum err
ocop_photo_add_to(struct db *db, const struct principal *p,
    const struct role_binding *acting, struct ocop_photo_owner *o,
    const char *filename, const void *data, size_t len, int64_t *photo_id,
    struct errinfo *ei)
{
	struct arena *a = arena_new(1024);
	struct audit_actor who;
	struct upload u;
	int64_t pos;
	enum err e;

	buf_init(&u.png, 4 * 1024 * 1024);
	if ((e = o->admit(db, a, p, acting, o, ei)) == ERR_OK &&
	    (e = photo_prepare(&u, filename, data, len, ei)) == ERR_OK &&
	    (e = photo_room(db, o, &pos, ei)) == ERR_OK) {
		auth_actor(p, acting, &who);
		e = photo_store(db, p, &u, o, pos, &who, photo_id, ei);
	}
	buf_free(&u.png);
	arena_free(a);
	return e;
}

enum err
ocop_photo_row(struct db *db, struct db_stmt *st, int rc, struct arena *a,
    const char **mime, void **data, size_t *len, const char **sha256,
    const char *code, const char *field, struct errinfo *ei)
{
	const void *p;

	if (rc < 0)
		return ei->err;
	if (rc == 1) {
		*mime = arena_strdup(a, db_col_text(st, 0));
		p = db_col_blob(st, 1, len);
		*data = arena_alloc(a, *len + 1);
		memcpy(*data, p, *len);
		*sha256 = arena_strdup(a, db_col_text(st, 2));
	}
	db_end_reads(db);
	if (rc == 0)
		return err_set(ei, ERR_NOTFOUND, code, field,
		    "Không tìm thấy ảnh", "No such photo");
	return ERR_OK;
}

/* ocop_photo_owner.admit of a product: its producer's own record. */
static enum err
product_admit(struct db *db, struct arena *a, const struct principal *p,
    const struct role_binding *acting, struct ocop_photo_owner *o,
    struct errinfo *ei)
{
	int64_t producer_id;
	enum err e;

	if ((e = ocop_product_unit_of(db, a, o->id, &o->structure, &o->code,
	    &producer_id, ei)) != ERR_OK)
		return e;
	return ocop_check_owner(db, p, acting, producer_id, ei);
}

static enum err
product_too_many(struct errinfo *ei)
{
	return err_set(ei, ERR_CONFLICT, "ocop.too_many_photos", "file",
	    "Một sản phẩm có tối đa %d ảnh", "A product has at most %d photos",
	    OCOP_PHOTOS_MAX);
}

/* The product's history line of a new photo (ocop_photo_owner.also). */
static enum err
product_history(struct db *db, const struct principal *p,
    const struct ocop_photo_owner *o, const char *filename,
    struct errinfo *ei)
{
	return ocop_history_add(db, p, o->id, "photo", NULL, filename, ei);
}

enum err
ocop_photo_add(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t product_id,
    const char *filename, const void *data, size_t len, int64_t *photo_id,
    struct errinfo *ei)
{
	struct ocop_photo_owner o = { .id = product_id,
	    .admit = product_admit, .count = STMT_OCOP_PHOTO_COUNT,
	    .max = OCOP_PHOTOS_MAX, .too_many = product_too_many,
	    .insert = STMT_OCOP_PHOTO_INSERT, .failed = "ocop.insert",
	    .action = "ocop.photo_add", .kind = "ocop_product",
	    .also = product_history };

	return ocop_photo_add_to(db, p, acting, &o, filename, data, len,
	    photo_id, ei);
}

enum err
ocop_photo_list(struct db *db, int64_t product_id, json_t **out,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_PHOTO_LIST);
	json_t *items = json_array();
	int rc;

	db_bind_int(st, 1, product_id);
	while ((rc = db_step(st, ei)) == 1) {
		int64_t id = db_col_int(st, 0);
		char href[96], thumb[104];

		snprintf(href, sizeof(href), "/ocop/products/%lld/photos/%lld",
		    (long long)product_id, (long long)id);
		snprintf(thumb, sizeof(thumb), "%s/thumb", href);
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:I, "
		    "s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)id,
		    "filename", db_col_text(st, 1), "mime", db_col_text(st, 2),
		    "size", (json_int_t)db_col_int(st, 3),
		    "width", (json_int_t)db_col_int(st, 4),
		    "height", (json_int_t)db_col_int(st, 5),
		    "created_at", db_col_text(st, 6), "href", href,
		    "thumb_href", thumb));
	}
	return db_rows_done_object(db, rc, items, -1, out, ei);
}

enum err
ocop_photo_get(struct db *db, struct arena *a, int64_t product_id,
    int64_t photo_id, bool thumb, struct ocop_photo *out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_PHOTO_BYTES);

	db_bind_int(st, 1, thumb ? 1 : 0);
	db_bind_int(st, 2, thumb ? 1 : 0);
	db_bind_int(st, 3, product_id);
	db_bind_int(st, 4, photo_id);
	return ocop_photo_row(db, st, db_step(st, ei), a, &out->mime,
	    &out->data, &out->len, &out->sha256, "ocop.photo_not_found", "pid",
	    ei);
}
