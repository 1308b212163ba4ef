/*
 * ocop_register.h - the public OCOP register: the products that hold a
 * certificate valid today, searched and filtered, one product's public
 * page, and the statistics of the same set (docs/OCOP.md section 7;
 * issue 16).
 *
 * "In the register" on a day: the product's newest certificate (the
 * latest issue date, then the latest recorded) is neither revoked nor past
 * its last valid day (status valid or expiring, ocop_certificates.h).  A
 * product whose newest certificate is expired or revoked is not listed,
 * even if an older one would still run: the newer one replaced it.
 *
 * The set is read into memory once per change of the OCOP records (the
 * version token every OCOP write bumps, OCOP_META_VERSION) or of the
 * units, and shared by the server's threads, so a search over tens of
 * thousands of products is a scan of memory, not a query: the list, the
 * product page and the statistics read the same copy and so add up.
 *
 * Search (q) is diacritic-insensitive (text_fold) and ranked like the
 * unit search: 0 the product's name exactly, 1 the name starts with q,
 * 2 a later word of the name starts with q, 3 the producer's name or one
 * of its words starts with q, 4 every word of q starts a word of the
 * name, the producer, the commune or the province.  Within a rank: more
 * stars first, then by name.  Without q, every product in that order.
 */
#ifndef NTM_DOMAIN_OCOP_REGISTER_H
#define NTM_DOMAIN_OCOP_REGISTER_H

#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "db/db.h"

struct ocop_reg_filter {
	const char *province;	/* a 2025 province's code ("01"); NULL: all */
	int stars, group;	/* 0: any */
	const char *unit;	/* a commune, "STRUCTURE:CODE"; NULL: any */
	const char *q;		/* NULL or "": no search */
	int64_t limit, offset;
};

/* {"items":[{id, name, group, group_name, stars, producer, commune,
 * province, province_code, href, certificate:{code, number, level,
 * issued_on, expires_on, status, status_name, verify_href}}], "total",
 * "date"} of the products in the register today ($NTM_TODAY moves it). */
enum err ocop_register_list(struct db *db, const struct ocop_reg_filter *f,
    const char *lang, json_t **out, struct errinfo *ei);

/* One product of the register: an item of the list plus description,
 * subgroup, standards and photos:[{id, thumb_href}].  ERR_NOTFOUND
 * "ocop.not_in_register" when the product is not in the register today
 * (unknown, never certified, expired, revoked). */
enum err ocop_register_product(struct db *db, int64_t id, const char *lang,
    json_t **out, struct errinfo *ei);

/* Is product id in the register today?  (Its photos are public then.) */
bool ocop_register_holds(struct db *db, int64_t id, struct errinfo *ei);

/* The statistics of the register today: {date, total, by_province:
 * [{code, name, count}] (every province of the 2025 structure, zeros
 * included, by code), unplaced (products whose commune is no 2025 commune:
 * carried-over records), by_stars:[{stars, count}] (3 to 5), by_group:
 * [{group, name, count}] (the six groups)}.  Each list adds up to total
 * (by_province with unplaced). */
enum err ocop_register_statistics(struct db *db, const char *lang,
    json_t **out, struct errinfo *ei);

#endif
