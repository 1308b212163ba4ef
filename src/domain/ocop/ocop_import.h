/*
 * ocop_import.h - a province's existing OCOP list imported in one
 * transaction (docs/OCOP.md section 5; issue 16, "Import of existing
 * lists"): `ntm import ocop FILE` and the upload page /ocop/import.
 *
 * The file (CSV or XLSX, ocop_import_table.h) has one row a product:
 * product_name, producer_name, producer_type, structure, commune_code,
 * group, stars, certificate_no, issued, expires.  Each row is placed in
 * its 2025 commune (a pre-2025 commune through the lineage; one split
 * among several 2025 communes is refused naming them, for a person to
 * choose), its producer found by folded name in that commune or created,
 * the product registered under it with its cycle started, and then
 *   stars 3-5: a certificate (source "import"; level central for 5 stars,
 *              district for a pre-2025 row of 3 stars issued before
 *              2025-07-01, else province) and the cycle's
 *              record_certificate: the product starts certified;
 *   stars 1-2: the stars recorded on the product (history "stars"), no
 *              certificate (1 and 2 stars hold none), state registered;
 *   no stars:  a registered product.
 * All or nothing: every problem of every row is listed (row, column as
 * the file names it, message), and nothing is stored when one row is bad.
 * A row whose product (same name, same producer, same commune) or whose
 * certificate number (same issuer) is already recorded is refused, so
 * the same file imported twice is refused row by row.
 */
#ifndef NTM_DOMAIN_OCOP_IMPORT_H
#define NTM_DOMAIN_OCOP_IMPORT_H

#include <stddef.h>

#include <jansson.h>

#include "core/err.h"
#include "db/db.h"
#include "domain/auth/auth.h"

/* Who imports: a province officer (the rows of its province) or a
 * coordinator (any province).  A row of 3-5 stars also needs the importer
 * to be one the procedure lets take record_certificate there (wf_may):
 * else it is listed ("ocop.import_not_recorder"). */
#define OCOP_IMPORT_ROLES	(ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
	ROLE_BIT(ROLE_COORDINATOR))
#define OCOP_IMPORT_MAX		(10u << 20)	/* bytes: the web's upload limit */
#define OCOP_IMPORT_PROBLEMS_MAX 2000	/* rows' problems listed */

/*
 * Import data[0..len) (name: the file as errors name it) as p, whose
 * bindings with OCOP_IMPORT_ROLES must hold every row's 2025 commune.
 * On success *result is {rows, producers_created, products, certificates,
 * rated, registered, provinces:[{province, products, stars5, stars4,
 * stars3, stars2, stars1, unrated}]} (province by name, in the order
 * first seen).  A bad file: ERR_INVALID / ERR_MEDIA / ERR_LIMIT naming it;
 * bad rows: ERR_INVALID "ocop.import_rows" (field "file") and *errors =
 * [{row, column, field, code, message}] (column as the file names it,
 * field the column's standard name, message in lang), nothing stored.
 * *errors is NULL or an array the caller releases.
 */
enum err ocop_import(struct db *db, const struct principal *p,
    const void *data, size_t len, const char *name, const char *lang,
    json_t **result, json_t **errors, struct errinfo *ei);

#endif
