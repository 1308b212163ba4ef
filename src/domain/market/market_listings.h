/*
 * market_listings.h - the producer's side of the marketplace (docs/MARKET.md
 * section 3; issue 17): a producer's shop (introduction, bank account for
 * transfers, the payments it accepts), where it ships and for how much
 * (shipping rules), and its listings of certified products with their
 * photos.
 *
 * Who may: the web layer's router admits the caller by role and by the
 * producer's commune; what this module adds is the own-record rule of the
 * marketplace - acting as a producer, the caller writes and reads only
 * the shops and listings of producers it represents (ERR_FORBIDDEN
 * "market.not_yours").  Officers read in their scope, never write.
 *
 * A listing is created or activated only for a product that sells
 * (market_sellable, market.h): ERR_CONFLICT "market.not_certified" with
 * the reason in words otherwise.  Every write is one transaction with its
 * audit entry, and bumps the meta key "market" that the catalog keys on
 * (stock changes by orders do not: market_orders.h).
 */
#ifndef NTM_DOMAIN_MARKET_LISTINGS_H
#define NTM_DOMAIN_MARKET_LISTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/audit/audit.h"
#include "domain/auth/auth.h"
#include "domain/market/market.h"

#define MARKET_META_VERSION	"market"
#define MARKET_INTRO_MAX	4000	/* bytes */
#define MARKET_TEXT_MAX		4000
#define MARKET_VARIANT_MAX	200
#define MARKET_UNIT_MAX		64
#define MARKET_HOLDER_MAX	200
#define MARKET_RULES_MAX	35	/* 34 provinces and the rest */

/* A number a form left out, or wrote so that it does not read as one. */
#define MARKET_NUM_MISSING	INT64_MIN
#define MARKET_NUM_BAD		(INT64_MIN + 1)

/* Money as people write it: "120000", "120.000", "120 000 đ", "120,000
 * VND" -> 120000.  MARKET_NUM_MISSING for an empty text, MARKET_NUM_BAD
 * for anything else that is not a whole number of đồng. */
int64_t market_parse_vnd(const char *text);
/* A weight as people write it: "500", "500 g", "1.000 g", "1,5 kg",
 * "2kg" -> grams (a kilogram count may have a decimal comma or point);
 * MARKET_NUM_MISSING / MARKET_NUM_BAD as above. */
int64_t market_parse_grams(const char *text);
/* A count: "12", "1.200" -> the number; as above otherwise. */
int64_t market_parse_count(const char *text);

/* The own-record rule: acting as a producer, p must represent
 * producer_id (ERR_FORBIDDEN "market.not_yours", field). */
enum err market_check_owner(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t producer_id,
    const char *field, struct errinfo *ei);
/* A producer's commune (arena strings).  ERR_NOTFOUND
 * "market.no_producer" naming field. */
enum err market_producer_unit(struct db *db, struct arena *a,
    int64_t producer_id, const char *field, const char **structure,
    const char **code, struct errinfo *ei);

/* ---- the shop ------------------------------------------------------------ */

struct market_shop_in {
	const char *intro;
	const char *bank_bin;		/* the NAPAS BIN of the bank */
	const char *bank_account, *account_name;
	bool accepts_cod, accepts_transfer;
};
/* Every problem of a shop's form at once (each with its field): at most
 * max into out; returns how many. */
size_t market_shop_problems(const struct market_shop_in *in,
    struct errinfo *out, size_t max);
/* Open or change the producer's shop. */
enum err market_shop_put(struct db *db, const struct audit_actor *who,
    int64_t producer_id, const struct market_shop_in *in,
    struct errinfo *ei);
/* {producer_id, producer, open, intro, bank_bin, bank_name, bank_account,
 * account_name, accepts_cod, accepts_transfer, row_version, created_at,
 * updated_at, shipping_rules:[...], counts:{listings, selling, hidden,
 * paused, closed, sold_out}}: open false (and no bank) when the producer
 * has no shop yet. */
enum err market_shop_get(struct db *db, int64_t producer_id,
    const char *lang, json_t **out, struct errinfo *ei);

/* ---- shipping rules -------------------------------------------------------- */

struct market_rule_in {
	const char *province;	/* "01" or "2025:01"; NULL/"": the rest */
	int64_t first_grams, first_fee_vnd, step_grams, step_fee_vnd;
};
/* Every problem of a set of rules at once, fields "rules.<i>.<name>":
 * a province that is not one of the 34 of 2025, a province twice, a
 * weight or step of zero, a fee below zero, numbers past the limits. */
size_t market_rules_problems(struct db *db, const struct market_rule_in *in,
    size_t n, struct errinfo *out, size_t max);
/* Replace the producer's whole set (n may be 0: ships nowhere). */
enum err market_rules_put(struct db *db, const struct audit_actor *who,
    int64_t producer_id, const struct market_rule_in *in, size_t n,
    struct errinfo *ei);
/* [{id, province_code, province ("2025:01"), province_name, first_grams,
 * first_fee_vnd, step_grams, step_fee_vnd, ..._text}] (the rest of the
 * country last, province_code null, its name in lang). */
enum err market_rules_get(struct db *db, int64_t producer_id,
    const char *lang, json_t **out, struct errinfo *ei);

/* ---- listings -------------------------------------------------------------- */

struct market_listing_in {
	int64_t product_id;		/* create only */
	const char *variant, *unit_name, *description;
	const char *status;		/* "active", "paused", "closed" */
	int64_t price_vnd, stock, weight_grams;	/* or MARKET_NUM_* */
};
/* Every problem of a listing's form at once (creating: product_id and
 * unit_name required; an edit checks only what it changes - absent texts
 * are NULL, absent numbers MARKET_NUM_MISSING). */
size_t market_listing_problems(const struct market_listing_in *in,
    bool create, struct errinfo *out, size_t max);
/* Create a listing of in->product_id: the product's producer must be one
 * the caller represents (when acting as a producer), its shop open
 * (ERR_CONFLICT "market.no_shop") and the product selling
 * ("market.not_certified"). */
enum err market_listing_create(struct db *db, const struct principal *p,
    const struct role_binding *acting, const struct market_listing_in *in,
    int64_t *id, struct errinfo *ei);
/* The same as listed on day ("YYYY-MM-DD", NULL: today): the product
 * must have sold that day.  The demo lists a product whose certificate
 * has since expired, as a shop that listed it before would show it. */
enum err market_listing_create_on(struct db *db, const struct principal *p,
    const struct role_binding *acting, const struct market_listing_in *in,
    const char *day, int64_t *id, struct errinfo *ei);
/* Change what in gives (NULL / MARKET_NUM_MISSING: unchanged) if the
 * listing is still at row_version (ERR_CONFLICT "market.stale"
 * otherwise; 0: any).  Activating needs the product selling. */
enum err market_listing_update(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t id,
    const struct market_listing_in *in, int64_t row_version,
    struct errinfo *ei);
/* {id, product_id, product, producer_id, variant, unit_name, price_vnd,
 * price_text, stock, stock_text, sold_out, weight_grams, weight_text,
 * description, status, status_name, sellable (market_sellable_key),
 * selling (bool), reason (words, lang), certificate {code, stars,
 * expires_on, expires_text, revoked_on, verify_href} or null, photos
 * [{id, href, thumb_href}], row_version, created_at, updated_at} */
enum err market_listing_get(struct db *db, int64_t id, const char *lang,
    json_t **out, struct errinfo *ei);
/* {"items":[listing], "total"} of a producer, newest first. */
enum err market_listing_list(struct db *db, int64_t producer_id,
    int64_t limit, int64_t offset, const char *lang, json_t **out,
    struct errinfo *ei);
/* The listing's producer and commune (for the router). */
enum err market_listing_unit_of(struct db *db, struct arena *a, int64_t id,
    int64_t *producer_id, const char **structure, const char **code,
    struct errinfo *ei);
/* [{id, name, sellable, selling, reason, stars}] the producer's products
 * as the new listing's choice: those that do not sell with why. */
enum err market_products_for_listing(struct db *db, int64_t producer_id,
    const char *lang, json_t **out, struct errinfo *ei);

/* ---- photos (market_shop_photos.c) ---------------------------------------- */

#define MARKET_PHOTOS_MAX	8
struct market_photo {
	const char *mime, *sha256;
	void *data;			/* in the arena */
	size_t len;
};
/* A JPEG or PNG checked and thumbnailed as OCOP's product photos
 * (ocop_photo_check, ocop_thumbnail); the own-record rule. */
enum err market_photo_add(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t listing_id,
    const char *filename, const void *data, size_t len, int64_t *photo_id,
    struct errinfo *ei);
/* Public bytes: a photo of any listing (hidden ones too). */
enum err market_photo_get(struct db *db, struct arena *a, int64_t photo_id,
    bool thumb, struct market_photo *out, struct errinfo *ei);

#endif
