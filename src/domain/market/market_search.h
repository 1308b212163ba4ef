/*
 * market_search.h - the catalog's copy in memory, inside the market
 * module (market_catalog.h says what it holds and when it is rebuilt).
 */
#ifndef NTM_DOMAIN_MARKET_SEARCH_H
#define NTM_DOMAIN_MARKET_SEARCH_H

#include <stdint.h>

#include <jansson.h>

#include "core/vcopy.h"
#include "core/wordsearch.h"
#include "db/db.h"
#include "domain/ocop/ocop_copy.h"

struct mks_entry {
	int64_t id, product_id, producer_id, price, photo_id;
	const char *name, *variant, *unit, *producer, *commune;
	const char *province_code, *province_name, *description;
	const char *code, *expires_on, *updated_at, *slug;
	const char *fname, *fother, *fdesc;	/* folded search keys */
	long expires_day;		/* date_parse of expires_on */
	uint64_t m[WS_MASKS];		/* ws_masks of the folded keys */
	int group, stars, province;	/* province: slot, -1 none */
	int photo_kind, tw, th;		/* 1 listing's, 2 product's, 0 none */
};

/* The current copy (rebuilt first when a version moved); release it. */
enum err mks_acquire(struct db *db, struct vcopy_ref **ref,
    struct errinfo *ei);
void mks_release(struct vcopy_ref *ref);
/* The entry of listing id selling on day (date_parse), or NULL; the
 * copy is ref->data of mks_acquire (its entries are struct mks_entry, in
 * the order stars, folded name, id). */
const struct mks_entry *mks_find(const struct ocop_copy *ix, int64_t id,
    long day);
/* The public item of an entry (market_catalog.h), stock read live. */
json_t *mks_item(struct db *db, const struct mks_entry *e,
    const char *lang);
long mks_today(char today[11]);

#endif
