/*
 * market.h - the OCOP marketplace's shared rules (docs/MARKET.md; issue
 * 17): when a listing sells, what a parcel's shipping and the platform's
 * fee cost, and the names people read for them.  The parts of the
 * marketplace each have their own contract next to this one:
 *   market_listings.h  - shops, listings, shipping rules (the producer);
 *   market_catalog.h   - the public catalog and its search;
 *   market_orders.h    - carts, checkout, orders, reviews, VietQR;
 *   market_money.h     - bank statements, reconciliation, statements.
 * Tables: migration 0019_market.  Money is whole VND (int64_t), computed
 * here on the server and never taken from a client; weights are grams.
 */
#ifndef NTM_DOMAIN_MARKET_H
#define NTM_DOMAIN_MARKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"

/* The largest price, stock, quantity and weight a form accepts: far above
 * any real OCOP product, low enough that no total overflows int64_t. */
#define MARKET_PRICE_MAX	1000000000LL	/* 1 billion VND a unit */
#define MARKET_STOCK_MAX	1000000LL
#define MARKET_QUANTITY_MAX	10000LL
#define MARKET_WEIGHT_MAX	1000000LL	/* 1 tonne a unit, in grams */
#define MARKET_PROBLEMS_MAX	24	/* problems of one form reported at once */

/* Why a listing does or does not sell today, in the order checked. */
enum market_sellable {
	MARKET_SELLS,		/* active and the certificate valid */
	MARKET_CLOSED,		/* the producer closed it for good */
	MARKET_PAUSED,		/* the producer paused it */
	MARKET_NO_CERTIFICATE,	/* the product holds none */
	MARKET_CERT_REVOKED,	/* its newest certificate was revoked */
	MARKET_CERT_EXPIRED	/* its newest certificate has expired */
};

/* The rule, in one place: a listing sells when its status is "active" and
 * its product's newest certificate (market_product_certificate) is neither
 * revoked nor expired on today ("YYYY-MM-DD").  cert_expires_on NULL: the
 * product holds no certificate.  Out of stock is not in the rule: a
 * listing without stock still shows, marked sold out. */
enum market_sellable market_sellable(const char *status,
    const char *cert_expires_on, const char *cert_revoked_on,
    const char *today);
/* "sells", "closed", "paused", "no_certificate", "certificate_revoked",
 * "certificate_expired": what the API gives. */
const char *market_sellable_key(enum market_sellable s);
/* What the producer reads about it, in lang ("Đang bán", "Giấy chứng nhận
 * OCOP đã hết hạn: tin bán tạm ẩn cho đến khi sản phẩm được chứng nhận
 * lại", ...). */
const char *market_sellable_reason(enum market_sellable s, const char *lang);

/* A product's newest certificate (issued_on, then id: the current one,
 * revoked or not): its code (for /ocop/verify/{code}), stars, expiry and
 * revocation, into the caller's buffers.  false when the product holds
 * none.  Ends its reads. */
struct market_cert {
	char code[81];
	int stars;
	char expires_on[11];
	char revoked_on[11];	/* "" when not revoked */
};
bool market_product_certificate(struct db *db, int64_t product_id,
    struct market_cert *out);

/* A producer's shipping rule (market_shipping_rule): first_fee up to
 * first_grams, then step_fee for every started step_grams beyond. */
struct market_ship_rule {
	int64_t first_grams, first_fee_vnd, step_grams, step_fee_vnd;
};
/* The fee of a parcel of grams (> 0) under rule r. */
int64_t market_shipping_fee(const struct market_ship_rule *r, int64_t grams);

/* The platform's fee on goods_vnd on day (market_fee: the newest rate from
 * a day on or before it; none: 0), rounded half up to a whole VND.
 * Inside or outside a transaction; ends its reads when outside. */
enum err market_fee_on(struct db *db, const char *day, int64_t goods_vnd,
    int64_t *fee_vnd, struct errinfo *ei);
/* goods_vnd * rate_bp / 10000, rounded half up. */
int64_t market_fee_of(int64_t goods_vnd, int rate_bp);

#endif
