/*
 * market_rules.c - the marketplace's shared rules (market.h): when a
 * listing sells, shipping and fee arithmetic, the product's current
 * certificate.
 */
#include "domain/market/market.h"

#include <string.h>

#include "core/msg.h"
#include "domain/ocop/ocop_certificates.h"

enum market_sellable
market_sellable(const char *status, const char *cert_expires_on,
    const char *cert_revoked_on, const char *today)
{
	if (status == NULL || strcmp(status, "closed") == 0)
		return MARKET_CLOSED;
	if (strcmp(status, "active") != 0)
		return MARKET_PAUSED;
	if (cert_expires_on == NULL || cert_expires_on[0] == '\0')
		return MARKET_NO_CERTIFICATE;
	/* The certificates' own calendar: one rule for the verification page,
	 * the cycle's sweeper and the shop. */
	switch (ocop_cert_status_on(cert_expires_on,
	    cert_revoked_on != NULL && cert_revoked_on[0] != '\0' ?
	    cert_revoked_on : NULL, today)) {
	case OCOP_CERT_REVOKED:
		return MARKET_CERT_REVOKED;
	case OCOP_CERT_EXPIRED:
		return MARKET_CERT_EXPIRED;
	default:
		return MARKET_SELLS;
	}
}

static const struct {
	const char *key, *vi, *en;
} sellable_names[] = {
	[MARKET_SELLS] = { "sells", "Đang bán", "On sale" },
	[MARKET_CLOSED] = { "closed", "Đã ngừng bán",
	    "No longer sold" },
	[MARKET_PAUSED] = { "paused", "Tạm ngừng bán theo lựa chọn của cơ sở",
	    "Paused by the producer" },
	[MARKET_NO_CERTIFICATE] = { "no_certificate",
	    "Sản phẩm chưa có giấy chứng nhận OCOP: chỉ sản phẩm đã được "
	    "chứng nhận mới được bán trên sàn",
	    "The product holds no OCOP certificate: only certified products "
	    "are sold here" },
	[MARKET_CERT_REVOKED] = { "certificate_revoked",
	    "Giấy chứng nhận OCOP của sản phẩm đã bị thu hồi: tin bán bị ẩn",
	    "The product's OCOP certificate was revoked: the listing is "
	    "hidden" },
	[MARKET_CERT_EXPIRED] = { "certificate_expired",
	    "Giấy chứng nhận OCOP của sản phẩm đã hết hạn: tin bán tạm ẩn cho "
	    "đến khi sản phẩm được chứng nhận lại",
	    "The product's OCOP certificate has expired: the listing is "
	    "hidden until the product is certified again" },
};

const char *
market_sellable_key(enum market_sellable s)
{
	return sellable_names[s].key;
}

const char *
market_sellable_reason(enum market_sellable s, const char *lang)
{
	return msg_pick(lang, sellable_names[s].vi, sellable_names[s].en);
}

static void
copy_text(char *dst, size_t n, const char *src)
{
	size_t len = src == NULL ? 0 : strlen(src);

	if (len >= n)
		len = n - 1;
	if (len > 0)
		memcpy(dst, src, len);
	dst[len] = '\0';
}

bool
market_product_certificate(struct db *db, int64_t product_id,
    struct market_cert *out)
{
	struct db_stmt *st = db_stmt(db, STMT_MARKET_PRODUCT_CERTIFICATE);
	bool found;

	memset(out, 0, sizeof(*out));
	db_bind_int(st, 1, product_id);
	found = db_step(st, NULL) == 1;
	if (found) {
		copy_text(out->code, sizeof(out->code), db_col_text(st, 0));
		out->stars = (int)db_col_int(st, 1);
		copy_text(out->expires_on, sizeof(out->expires_on),
		    db_col_text(st, 2));
		copy_text(out->revoked_on, sizeof(out->revoked_on),
		    db_col_text(st, 3));
	}
	db_end_reads(db);
	return found;
}

int64_t
market_shipping_fee(const struct market_ship_rule *r, int64_t grams)
{
	int64_t steps;

	if (grams <= r->first_grams)
		return r->first_fee_vnd;
	steps = (grams - r->first_grams + r->step_grams - 1) / r->step_grams;
	return r->first_fee_vnd + steps * r->step_fee_vnd;
}

int64_t
market_fee_of(int64_t goods_vnd, int rate_bp)
{
	return (goods_vnd * rate_bp + 5000) / 10000;
}

enum err
market_fee_on(struct db *db, const char *day, int64_t goods_vnd,
    int64_t *fee_vnd, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt_try(db, STMT_MARKET_FEE_RATE, ei);
	int rc, rate = 0;

	if (st == NULL)
		return ERR_SYS;
	db_bind_text(st, 1, day);
	rc = db_step(st, ei);
	if (rc < 0)
		return ERR_SYS;
	if (rc == 1)
		rate = (int)db_col_int(st, 0);
	if (!db_in_transaction(db))
		db_end_reads(db);
	*fee_vnd = market_fee_of(goods_vnd, rate);
	return ERR_OK;
}
