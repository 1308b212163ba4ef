/*
 * market_catalog.c - one listing's public view (market_catalog.h): the
 * entry of the catalog's copy plus what is read live - stock, photos, the
 * shop, its shipping rules and the reviews.
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/msg.h"
#include "domain/market/market_catalog.h"
#include "domain/market/market_search.h"
#include "domain/ocop/ocop_registry.h"

static enum err
not_sold(struct db *db, int64_t id, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MARKET_CATALOG_EXISTS);
	bool existed;

	db_bind_int(st, 1, id);
	existed = db_step(st, ei) == 1;
	db_end_reads(db);
	if (existed)
		return err_set(ei, ERR_NOTFOUND, "market.not_sold", "id",
		    "Sản phẩm này hiện không còn được bán trên Chợ OCOP",
		    "This product is no longer sold on the OCOP market");
	return err_set(ei, ERR_NOTFOUND, "market.no_listing", "id",
	    "Không có sản phẩm này trên Chợ OCOP",
	    "There is no such product on the OCOP market");
}

static json_t *
photos_of(struct db *db, const struct mks_entry *en)
{
	json_t *out = json_array();
	struct db_stmt *st = db_stmt(db, STMT_MARKET_CATALOG_PHOTOS);
	char url[96], thumb[112];

	db_bind_int(st, 1, en->id);
	while (db_step(st, NULL) == 1) {
		long long pid = (long long)db_col_int(st, 0);

		snprintf(url, sizeof(url), "/api/v1/market/photos/%lld", pid);
		snprintf(thumb, sizeof(thumb), "%s/thumb", url);
		json_array_append_new(out, json_pack("{s:s, s:s, s:I, s:I}",
		    "url", url, "thumb", thumb, "width", (json_int_t)
		    db_col_int(st, 1), "height", (json_int_t)db_col_int(st, 2)));
	}
	db_end_reads(db);
	/* The product's photos: public as thumbnails while it is in the
	 * OCOP register (which a listing that sells is). */
	st = db_stmt(db, STMT_MARKET_CATALOG_PRODUCT_PHOTOS);
	db_bind_int(st, 1, en->product_id);
	while (db_step(st, NULL) == 1) {
		snprintf(thumb, sizeof(thumb),
		    "/ocop/register/%lld/photos/%lld/thumb",
		    (long long)en->product_id, (long long)db_col_int(st, 0));
		json_array_append_new(out, json_pack("{s:s, s:s, s:I, s:I}",
		    "url", thumb, "thumb", thumb, "width", (json_int_t)
		    db_col_int(st, 1), "height", (json_int_t)db_col_int(st, 2)));
	}
	db_end_reads(db);
	return out;
}

static json_t *
shop_of(struct db *db, int64_t producer_id, json_t **shipping)
{
	struct db_stmt *st = db_stmt(db, STMT_MARKET_CATALOG_SHOP);
	json_t *shop = json_null(), *rules = json_array();

	db_bind_int(st, 1, producer_id);
	if (db_step(st, NULL) == 1)
		shop = json_pack("{s:s?, s:b, s:b}", "intro", db_col_text(st, 0),
		    "cod", db_col_int(st, 1) != 0, "transfer",
		    db_col_int(st, 2) != 0);
	db_end_reads(db);
	st = db_stmt(db, STMT_MARKET_CATALOG_SHIPPING);
	db_bind_int(st, 1, producer_id);
	while (db_step(st, NULL) == 1)
		json_array_append_new(rules, json_pack("{s:s?, s:s?, s:I, s:I,"
		    " s:I, s:I}", "province_code", db_col_text(st, 0),
		    "province", db_col_text(st, 1),
		    "first_grams", (json_int_t)db_col_int(st, 2),
		    "first_fee_vnd", (json_int_t)db_col_int(st, 3),
		    "step_grams", (json_int_t)db_col_int(st, 4),
		    "step_fee_vnd", (json_int_t)db_col_int(st, 5)));
	db_end_reads(db);
	*shipping = rules;
	return shop;
}

static json_t *
reviews_of(struct db *db, int64_t id, json_t **rating)
{
	struct db_stmt *st = db_stmt(db, STMT_MARKET_CATALOG_RATING);
	json_t *list = json_array();
	int64_t n = 0, sum = 0;

	*rating = json_null();
	db_bind_int(st, 1, id);
	if (db_step(st, NULL) == 1) {
		n = db_col_int(st, 0);
		sum = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
	}
	db_end_reads(db);
	if (n == 0)
		return list;
	/* One decimal, as a person reads an average of stars. */
	*rating = json_pack("{s:I, s:f}", "count", (json_int_t)n, "average",
	    (double)((sum * 20 + n) / (2 * n)) / 10.0);
	st = db_stmt(db, STMT_MARKET_CATALOG_REVIEWS);
	db_bind_int(st, 1, id);
	while (db_step(st, NULL) == 1)
		json_array_append_new(list, json_pack("{s:I, s:s?, s:s, s:s}",
		    "rating", (json_int_t)db_col_int(st, 0), "body",
		    db_col_text(st, 1), "author", db_col_text(st, 2),
		    "created_at", db_col_text(st, 3)));
	db_end_reads(db);
	return list;
}

enum err
market_catalog_listing(struct db *db, int64_t id, const char *lang,
    json_t **out, struct errinfo *ei)
{
	struct vcopy_ref *ref;
	const struct mks_entry *en;
	char today[DATE_LEN];
	json_t *item, *shipping, *rating;
	enum err e;

	if ((e = mks_acquire(db, &ref, ei)) != ERR_OK)
		return e;
	en = mks_find(ref->data, id, mks_today(today));
	if (en == NULL) {
		mks_release(ref);
		return not_sold(db, id, ei);
	}
	item = mks_item(db, en, lang);
	json_object_set_new(item, "description", json_string(en->description));
	json_object_set_new(item, "slug", json_string(en->slug));
	json_object_set_new(item, "updated_at", json_string(en->updated_at));
	json_object_set_new(item, "photos", photos_of(db, en));
	json_object_set_new(item, "shop", shop_of(db, en->producer_id,
	    &shipping));
	mks_release(ref);
	json_object_set_new(item, "shipping", shipping);
	json_object_set_new(item, "reviews", reviews_of(db, id, &rating));
	json_object_set_new(item, "rating", rating);
	json_object_set_new(item, "date", json_string(today));
	*out = item;
	return ERR_OK;
}
