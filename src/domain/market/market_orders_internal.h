/* market_orders_internal.h - what the checkout and the orders share
 * (market_checkout.c, market_orders.c). */
#ifndef NTM_DOMAIN_MARKET_ORDERS_INTERNAL_H
#define NTM_DOMAIN_MARKET_ORDERS_INTERNAL_H

#include <jansson.h>

#include "domain/audit/audit.h"
#include "domain/auth/auth.h"

#define MARKET_ORDER_PROCEDURE	"market-order"

/* The buyer of the order of reference, as the workflow sees it: the
 * platform acting for the holder of the private link (the procedure gives
 * the buyer's steps to the country's admin, which no page offers a real
 * admin), named "buyer:<reference>" with the role "buyer" in the timeline
 * and the audit trail; buyer_id the buyer's account, or 0. */
const struct principal *market_buyer_principal(void);
void market_buyer_actor(const char *reference, int64_t buyer_id,
    struct audit_actor *out);

/* What a transfer needs: {bank_bin, account, account_name, amount_vnd,
 * reference, payload (the VietQR EMVCo string, or null when the bank's
 * data is incomplete)}. */
json_t *market_vietqr_of(const char *bin, const char *account,
    const char *account_name, int64_t amount_vnd, const char *reference);

#endif
