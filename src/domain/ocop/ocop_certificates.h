/*
 * ocop_certificates.h - OCOP certificates: issue, record, status, the
 * public view (docs/OCOP.md section 4; issue 16).
 *
 * A certificate proves a product's stars (3 to 5: a product rated 1 or 2
 * stars holds none) for 36 months (VERIFIED: ntm-ocop-facts.md §5).  The
 * province issues 3 and 4 stars, the central level (the ministry) 5; a
 * pre-2025 district's certificate is recorded with its province as issuer.
 * A certificate comes from one of three sources:
 *   round  - issued by the platform when a product's cycle takes certify
 *            or certify_central after an evaluation round;
 *   record - a paper certificate a province issued before the product was
 *            registered here, recorded on one product (the cycle's
 *            transition record_certificate, procedure version 2);
 *   import - the same for a province's list (ntm import ocop).
 * A renewal is a new certificate that names the one it replaces; only
 * revocation changes a certificate once written.
 *
 * number is what is printed (the platform's "OCOP-PP-YYYY-NNNNN", where PP
 * is the issuer's code, TW for the central level; or a province's own
 * number); code is what the verification link /ocop/verify/{code} and the
 * QR code carry, unique in the country: the number itself for the
 * platform's numbers, else the issuer's code, '-' and the number folded to
 * A-Z, 0-9 and '-' (a province's "15/QĐ-UBND" becomes "01-15-QD-UBND").
 */
#ifndef NTM_DOMAIN_OCOP_CERTIFICATES_H
#define NTM_DOMAIN_OCOP_CERTIFICATES_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/auth/auth.h"

#define OCOP_CERT_MONTHS	36	/* validity (VERIFIED) */
#define OCOP_CERT_WARN_DAYS	90	/* "expiring": a platform default */
#define OCOP_CERT_NUMBER_MAX	60	/* bytes */
#define OCOP_CERT_CODE_MAX	80	/* bytes */

/* What a certificate is on a day.  Its expires_on is the last day it is
 * valid: expired the day after; expiring within OCOP_CERT_WARN_DAYS of it;
 * revoked from its revocation on, whatever its dates. */
enum ocop_cert_status {
	OCOP_CERT_VALID, OCOP_CERT_EXPIRING, OCOP_CERT_EXPIRED,
	OCOP_CERT_REVOKED
};
enum ocop_cert_status ocop_cert_status_on(const char *expires_on,
    const char *revoked_on, const char *today);
/* "valid", "expiring", "expired", "revoked". */
const char *ocop_cert_status_key(enum ocop_cert_status s);
/* As people read it: "Còn hiệu lực", ... in lang. */
const char *ocop_cert_status_name(enum ocop_cert_status s, const char *lang);

/* The last valid day of a certificate issued on issued_on ("YYYY-MM-DD"):
 * 36 months later, less a day (a day that does not exist in that month
 * becomes its last day).  false when issued_on is not a date. */
bool ocop_cert_default_expiry(const char *issued_on, char out[11]);

struct ocop_cert_in {
	const char *number;	/* NULL: the platform's next number */
	const char *level;	/* "province", "central" or "district" */
	int stars;		/* 3-5 */
	double score;		/* 0-100; NAN: not known */
	const char *issued_on;	/* NULL: today */
	const char *expires_on;	/* NULL: ocop_cert_default_expiry */
	const char *source;	/* "round", "record" or "import" */
	int64_t round_id;	/* 0: none */
};

/* Every problem of in at once (field: number, level, stars, score,
 * issued_on, expires_on): at most max into out; returns how many. */
size_t ocop_cert_problems(const struct ocop_cert_in *in, struct errinfo *out,
    size_t max);

/* Issue a certificate for product_id inside the caller's transaction (the
 * caller has checked the problems and who may): the issuer is the product's
 * province (level province or district) or the country (central); the
 * number is generated when in->number is NULL; the product's stars and
 * score are set (history rows); a newer certificate replaces the product's
 * newest unrevoked one (replaces_id).  ERR_CONFLICT
 * "ocop.certificate_exists" (field number) when the issuer has used the
 * number.  *id, *code (in a; either may be NULL) on success. */
enum err ocop_certificate_issue(struct db *db, struct arena *a,
    const struct principal *p, int64_t product_id,
    const struct ocop_cert_in *in, int64_t *id, const char **code,
    struct errinfo *ei);

/* One user action: record a paper certificate on a product (source
 * "record"): the cycle's transition record_certificate (role, level,
 * state checked by the workflow), then the certificate, in one
 * transaction.  Problems of in: ERR_INVALID with every one in
 * ei->details.  *code (malloc'd, may be NULL) on success. */
enum err ocop_certificate_record(struct db *db, const struct principal *p,
    int64_t product_id, const struct ocop_cert_in *in, char **code,
    struct errinfo *ei);

/* The public view of the certificate with this code (the verification page
 * and its JSON): {code, number, level, level_name, stars, score,
 * issued_on, expires_on, status, status_name, revoked_on, revoked_reason,
 * source, replaced_by (code or null), product:{id, name, group,
 * group_name}, producer, commune, province, issuer}.  ERR_NOTFOUND
 * "ocop.no_certificate" when there is none. */
enum err ocop_certificate_get(struct db *db, const char *code,
    const char *lang, json_t **out, struct errinfo *ei);
/* A product's certificates, newest first: {"items":[{code, number, level,
 * level_name, stars, issued_on, expires_on, status, status_name}]}. */
enum err ocop_certificate_list(struct db *db, int64_t product_id,
    const char *lang, json_t **out, struct errinfo *ei);

#endif
