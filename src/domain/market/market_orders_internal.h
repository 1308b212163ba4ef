/* market_orders_internal.h - what the checkout and the orders share
 * (market_checkout.c, market_orders.c). */
#ifndef NTM_DOMAIN_MARKET_ORDERS_INTERNAL_H
#define NTM_DOMAIN_MARKET_ORDERS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "db/db.h"

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

/* The producer's step taken by ntm demo as a producer with no account
 * (p: user 0, role producer at the producer's commune): the workflow's
 * checks, not the account's own-producer rule. */
enum err market_order_demo_act(struct db *db, const struct principal *p,
    int64_t id, const char *transition, struct errinfo *ei);

/* The order id as the buyer's page shows it (market_order_by_token's
 * view, without the token's actions): for a buyer account's own order
 * (market_buyers.c checks it is theirs).  ERR_NOTFOUND "market.no_order". */
enum err market_order_by_id(struct db *db, int64_t id, const char *lang,
    json_t **out, struct errinfo *ei);

/* ---- the checkout's group commit (market_checkout_queue.c) ---- */
struct checkout;
struct market_problems;
/* The checkout's work inside an open write transaction (market_checkout.c):
 * ERR_OK with *out, or the refusal (nothing of it must be kept: the
 * caller rolls back, the whole transaction or the checkout's savepoint). */
enum err market_checkout_in_tx(struct db *db, struct checkout *c,
    json_t *in, int64_t buyer_id, json_t **out, json_t **quote,
    struct market_problems *probs, struct errinfo *ei);
/* When the writer runs: hand the checkout to it, wait for the commit of
 * its batch, *e and the outputs as market_checkout_in_tx gave them (the
 * commit's error if the batch failed), and true.  false when the writer
 * does not run (commands, tests of the domain): the caller writes. */
bool market_checkout_queued(struct checkout *c, json_t *in,
    int64_t buyer_id, json_t **out, json_t **quote,
    struct market_problems *probs, struct errinfo *ei, enum err *e);

#endif
