/* web_market_internal.h - what the marketplace's order routes share
 * (web_market_orders.c: JSON; web_market_checkout.c: pages). */
#ifndef NTM_WEB_MARKET_INTERNAL_H
#define NTM_WEB_MARKET_INTERNAL_H

#include "domain/market/market_orders.h"
#include "http/http.h"
#include "web/web.h"

/* The producer's accounts: each acts only for the producers it represents
 * (the domain's market.not_yours). */
#define MOW_PRODUCERS	ROLE_BIT(ROLE_PRODUCER)

/* Every problem of a domain form as the page's problems. */
void mow_problems(struct web *w, const struct market_problems *p);
/* An integer of the body (JSON number or form digits): dflt when absent,
 * -2 when not a number. */
int64_t mow_int(struct req *r, struct web *w, const char *name, int64_t dflt);
extern const struct qfield mow_shop_query[3];
/* The buyer's review of an order (the path's token): the body's rating,
 * listing_id and text; every problem of the form as the page's. */
enum err mow_review(struct req *r, struct web *w, struct errinfo *ei);
/* One order of the producer's shop (the path's id) merged into view. */
enum err mow_shop_order(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei);

extern const struct route market_order_routes[];
extern const struct route market_checkout_routes[];
extern const struct route market_buyer_routes[];

#endif
