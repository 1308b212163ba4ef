/*
 * market_catalog.h - the marketplace's public catalog (docs/MARKET.md
 * section 4; issue 17): search, browse, one listing's public view, the
 * sitemap's list.
 *
 * What the catalog shows: the listings that sell today (market_sellable:
 * active, the product's newest certificate neither revoked nor expired).
 * They are read into memory once per change of the marketplace (the meta
 * key MARKET_META_VERSION every listing, photo and shop write bumps), of
 * the OCOP records or of the units, and shared by the server's threads
 * (core/vcopy.h); the certificate's expiry is checked against today at
 * each request, so nothing runs at midnight.  Stock is not in the copy:
 * it is read live for the rows returned (orders change it too often).
 *
 * Search (q) is diacritic-insensitive (text_fold: "mat ong" finds "Mật
 * ong") and ranked: 0 the product's name starts with the whole query,
 * 1 every word of the query starts a word of the name, 2 every word
 * starts a word of the name, variant, producer, commune or province,
 * 3 ... or of the description.  Within a rank: more stars first, then the
 * name, then the listing id.  Without q: every listing in that order.
 * stars is a MINIMUM (stars=4: 4 and 5 stars).
 */
#ifndef NTM_DOMAIN_MARKET_CATALOG_H
#define NTM_DOMAIN_MARKET_CATALOG_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "db/db.h"

#ifndef MARKET_META_VERSION	/* also in market_listings.h: the one key */
#define MARKET_META_VERSION	"market"
#endif
#define MARKET_SEARCH_LIMIT_MAX	100
#define MARKET_SEARCH_Q_MAX	200

struct market_search_q {
	const char *q;		/* NULL or "": every listing */
	const char *province;	/* a 2025 province's code ("01"); NULL: all */
	int group;		/* 1-6; 0: any */
	int stars;		/* minimum stars 1-5; 0: any */
	int64_t limit, offset;	/* limit 1..MARKET_SEARCH_LIMIT_MAX */
};

/* {"items":[item], "total", "date"}; item: {id, product_id, name,
 * variant, unit, price_vnd, price_text, stars, group, group_name,
 * producer, commune, province, province_code, thumb:{url, width, height}
 * or null, stock, in_stock, href, certificate:{code, expires_on,
 * verify_href}}, stock read live. */
enum err market_search(struct db *db, const struct market_search_q *q,
    const char *lang, json_t **out, struct errinfo *ei);

/* What the catalog holds today to browse by: {total, provinces:[{code,
 * name, count}] (those with listings, by name), groups:[{group, name,
 * count}] (the six), stars:[{stars, count}] (5, 4, 3: at least)}. */
enum err market_catalog_facets(struct db *db, const char *lang,
    json_t **out, struct errinfo *ei);

/* One listing that sells today: an item plus description, photos:[{url,
 * thumb, width, height}], shop:{intro, cod, transfer}, shipping:[{province,
 * first_grams, first_fee_vnd, step_grams, step_fee_vnd}], reviews:[{rating,
 * body, author, created_at}], rating:{count, average} or null, weight.
 * ERR_NOTFOUND "market.not_sold" (it existed and no longer sells today)
 * or "market.no_listing". */
enum err market_catalog_listing(struct db *db, int64_t id, const char *lang,
    json_t **out, struct errinfo *ei);

/* Every listing that sells today: [{href, lastmod}] by id; the
 * provinces and groups with listings: [{code}], [{group}]. */
enum err market_catalog_sitemap(struct db *db, json_t **out,
    struct errinfo *ei);

/* Is code a province of the 2025 structure ("01")? */
bool market_province_known(struct db *db, const char *code,
    struct errinfo *ei);

/* The readable part of a listing's address: the folded name and variant,
 * [a-z0-9] words joined by '-', at most 60 bytes ("mat-ong-hop-500-g"),
 * into out (malloc'd). */
char *market_slug(const char *name, const char *variant);

#endif
