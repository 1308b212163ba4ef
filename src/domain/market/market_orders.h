/*
 * market_orders.h - checkout, orders and reviews of the OCOP marketplace
 * (docs/MARKET.md section 5; issue 17).
 *
 * A checkout takes the buyer's lines (listing, quantity, the price the
 * buyer saw), recomputes every price on the server, splits the lines into
 * one order per producer (sharing one checkout id), prices each parcel's
 * shipping by the producer's rule for the buyer's province, fixes the
 * platform's fee, reserves the stock and starts each order's workflow
 * instance (procedures/market-order.json) - all orders of a checkout in
 * ONE transaction: any listing out of stock, and nothing is placed.
 *
 * An order is reached by the buyer through its private token (32 random
 * bytes, base64url; only its SHA-256 is stored, the lookup key) and by
 * the producer's accounts (ocop_producer_user).  The buyer usually has no
 * account: the buyer's steps (buyer_cancel, receive) are taken by
 * market_buyer_principal, the platform acting for the holder of the link.
 * Strings of results live in the caller's arena or in new json_t
 * references the caller owns.
 */
#ifndef NTM_DOMAIN_MARKET_ORDERS_H
#define NTM_DOMAIN_MARKET_ORDERS_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "db/db.h"
#include "domain/auth/auth.h"
#include "domain/market/market.h"

#define MARKET_CHECKOUT_LINES	50	/* lines of one checkout */
#define MARKET_NAME_MAX		200	/* bytes of the buyer's name */
/* Bumped when an order becomes delivered or stops being so: the sales
 * the programme statistics count (market_stats), as the dashboards'
 * market panel reads them; not by other steps, which are many. */
#define MARKET_SALES_VERSION	"market_sales_version"
#define MARKET_ADDRESS_MAX	500	/* bytes of the address line */
#define MARKET_NOTE_MAX		1000	/* bytes of the buyer's note */
#define MARKET_REVIEW_MAX	2000	/* characters of a review */
#define MARKET_TOKEN_LEN	44	/* base64url of 32 bytes, and the NUL */
#define MARKET_REF_LEN		13	/* "OCOP" + 8, and the NUL */
#define MARKET_PHONE_LEN	16

/* Every problem of a form at once: the caller lists them (web_problem). */
struct market_problems {
	struct errinfo p[MARKET_PROBLEMS_MAX];
	size_t n;
};

/* A Vietnamese phone number as typed ("0912 345 678", "+84912345678",
 * "024.3825.1234") into its national form ("0912345678"): a mobile is 0
 * and 9 digits with a current prefix (03[2-9], 05[25689], 07[06-9],
 * 08[1-9], 09[0-46-9]), a landline 02 and 9 digits (area code and
 * number); spaces, dots, dashes and brackets are ignored, +84 or 84 is
 * read as 0.  false when it is neither. */
bool market_phone_normalise(const char *in, char out[MARKET_PHONE_LEN]);

/* The checkout.  in is the request's JSON:
 *   {"lines":[{"listing_id","quantity","price_vnd"}],
 *    "buyer":{"name","phone","address","commune":"2025:CODE" or "CODE"},
 *    "payments":{"<producer_id>":"cod"|"transfer"} (a producer not named:
 *    cod when its shop takes it, else transfer), "payment" (the default
 *    of every producer), "note", "confirm_total"}.
 * buyer_id: the buyer's account, or 0.
 * ERR_INVALID with every problem in *probs (nothing written);
 * ERR_CONFLICT "market.price_changed" with *quote (the new lines and
 * totals, as the answer shows them) when a price the buyer saw, or
 * confirm_total, differs from the server's (nothing written);
 * ERR_CONFLICT "market.out_of_stock" naming the listing (field
 * "lines[i].quantity"), nothing written.  On success *out:
 *   {"checkout", "orders":[{id, reference, token, link, producer_id,
 *    producer, payment, lines, goods_vnd, shipping_vnd, total_vnd,
 *    fee_vnd, vietqr?:{payload, bank_bin, account, account_name,
 *    amount_vnd, reference}}], "goods_vnd", "shipping_vnd", "total_vnd"}. */
enum err market_checkout(struct db *db, const char *lang, json_t *in,
    int64_t buyer_id, json_t **out, json_t **quote,
    struct market_problems *probs, struct errinfo *ei);

/* A cart's lines (as checkout takes them) priced as they are now, grouped
 * by producer: the quote of market_checkout, nothing written; shipping
 * when commune (a 2025 commune) is given, else 0 with "shipping_known"
 * false.  Lines that do not sell (or are bad) are left out, each a
 * problem in *probs. */
enum err market_cart_quote(struct db *db, const char *lang, json_t *lines,
    const char *commune, json_t **out, struct market_problems *probs,
    struct errinfo *ei);

/* The checkout's group commit in ntm serve: one writer thread with its own
 * connection takes the checkouts waiting, each in a savepoint of one
 * transaction (a refused one is rolled back alone), commits once and then
 * answers them all - never before the commit.  Without it (commands, the
 * domain's tests) each checkout is its own transaction. */
enum err market_checkout_queue_start(const char *db_target,
    struct errinfo *ei);
void market_checkout_queue_stop(void);

/* The order of a private token, as its page shows it: {order:{...,
 * state, state_name, total_vnd, ..., vietqr?}, lines:[{..., review?}],
 * history:[...], can_cancel, can_receive, can_review}. ERR_NOTFOUND
 * "market.no_order". */
enum err market_order_by_token(struct db *db, const char *token,
    const char *lang, json_t **out, struct errinfo *ei);

/* The buyer's step on the order of token: "buyer_cancel" (while placed;
 * the stock goes back) or "receive" (when shipped), in one transaction.
 * ERR_CONFLICT "workflow.not_allowed" from another state. */
enum err market_order_buyer_act(struct db *db, const char *token,
    const char *transition, struct errinfo *ei);

/* A review of one line of the order of token: rating 1-5, body at most
 * MARKET_REVIEW_MAX characters (may be empty), stored as typed.  Only
 * once the order is delivered (else ERR_CONFLICT "market.not_delivered"),
 * once per line (ERR_CONFLICT "market.already_reviewed").  Problems of
 * the form in *probs (ERR_INVALID). */
enum err market_order_review(struct db *db, const char *token,
    int64_t listing_id, int64_t rating, const char *body,
    struct market_problems *probs, struct errinfo *ei);

/* The orders of the producers p represents, what waits first (placed,
 * confirmed, shipped, then the ends; newest first in each): {items,
 * total}.  state NULL: every state. */
enum err market_shop_orders(struct db *db, const struct principal *p,
    const char *state, int64_t limit, int64_t offset, const char *lang,
    json_t **out, struct errinfo *ei);

/* One order for its producer: the token's view plus the buyer's phone and
 * address and the actions p may take ({id, name, primary}).  ERR_NOTFOUND
 * "market.no_order"; ERR_FORBIDDEN "market.not_yours" when p does not
 * represent its producer. */
enum err market_shop_order(struct db *db, const struct principal *p,
    int64_t id, const char *lang, json_t **out, struct errinfo *ei);

/* The producer's step (confirm, ship, deliver, return, cancel) on order
 * id read at row_version (the instance's; -1: the current one), in one
 * transaction; cancel and return give the stock back, deliver sets
 * delivered_at.  ERR_FORBIDDEN "market.not_yours"; the workflow's
 * refusals (workflow.stale, workflow.not_allowed, workflow.forbidden). */
enum err market_shop_order_act(struct db *db, const struct principal *p,
    int64_t id, const char *transition, int64_t row_version,
    const char *note, struct errinfo *ei);

#endif
