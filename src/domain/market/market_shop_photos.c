/*
 * market_shop_photos.c - a listing's own photos (market_listings.h),
 * kept as the OCOP product photos are (ocop_photo_add_to, ocop_photo_row:
 * JPEG or PNG by content, decoded, a PNG thumbnail, the bytes stored
 * once per SHA-256 in attachment_blob).  The bytes are
 * public (a listing's photo is a shop's picture), served by id whatever
 * the listing's state.
 */
#include "domain/market/market_listings.h"
#include "domain/ocop/ocop_internal.h"

/* ocop_photo_owner.admit of a listing: its producer's own record. */
static enum err
listing_admit(struct db *db, struct arena *a, const struct principal *p,
    const struct role_binding *acting, struct ocop_photo_owner *o,
    struct errinfo *ei)
{
	int64_t producer_id;
	enum err e;

	if ((e = market_listing_unit_of(db, a, o->id, &producer_id,
	    &o->structure, &o->code, ei)) != ERR_OK)
		return e;
	return market_check_owner(db, p, acting, producer_id, "id", ei);
}

static enum err
listing_too_many(struct errinfo *ei)
{
	return err_set(ei, ERR_CONFLICT, "market.too_many_photos", "file",
	    "Một tin bán có tối đa %d ảnh", "A listing has at most %d photos",
	    MARKET_PHOTOS_MAX);
}

/* The "market" version token: the catalog shows the photo
 * (ocop_photo_owner.also). */
static enum err
listing_bump(struct db *db, const struct principal *p,
    const struct ocop_photo_owner *o, const char *filename,
    struct errinfo *ei)
{
	(void)p;
	(void)o;
	(void)filename;
	return db_meta_bump(db, MARKET_META_VERSION, ei);
}

/* A listing's photos are in order: the new one goes last. */
enum err
market_photo_add(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t listing_id,
    const char *filename, const void *data, size_t len, int64_t *photo_id,
    struct errinfo *ei)
{
	struct ocop_photo_owner o = { .id = listing_id,
	    .admit = listing_admit, .count = STMT_MARKET_PHOTO_COUNT,
	    .max = MARKET_PHOTOS_MAX, .too_many = listing_too_many,
	    .insert = STMT_MARKET_PHOTO_INSERT, .positioned = true,
	    .failed = "market.insert", .action = "market.photo_add",
	    .kind = "market_listing", .also = listing_bump };

	return ocop_photo_add_to(db, p, acting, &o, filename, data, len,
	    photo_id, ei);
}

enum err
market_photo_get(struct db *db, struct arena *a, int64_t photo_id,
    bool thumb, struct market_photo *out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MARKET_PHOTO_BYTES);

	db_bind_int(st, 1, thumb ? 1 : 0);
	db_bind_int(st, 2, thumb ? 1 : 0);
	db_bind_int(st, 3, photo_id);
	return ocop_photo_row(db, st, db_step(st, ei), a, &out->mime,
	    &out->data, &out->len, &out->sha256, "market.photo_not_found",
	    "id", ei);
}
