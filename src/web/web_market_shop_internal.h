/* web_market_shop_internal.h - what the shop's API and pages share
 * (web_market_shop.c, web_market_shop_pages.c). */
#ifndef NTM_WEB_MARKET_SHOP_INTERNAL_H
#define NTM_WEB_MARKET_SHOP_INTERNAL_H

#include "domain/market/market_listings.h"
#include "http/http.h"
#include "web/web.h"

/* Producers write their shop; officers read the shops in their scope. */
#define MSHOPW_WRITERS	ROLE_BIT(ROLE_PRODUCER)
#define MSHOPW_READERS	(ROLE_BIT(ROLE_PRODUCER) | ROLE_BIT(ROLE_ADMIN) | \
	ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
	ROLE_BIT(ROLE_COMMUNE_OFFICER))

/* The shop's producer (?producer_id=, the body's producer_id or
 * product_id's producer, else the only producer the account represents)
 * and the listing of the path {id}: their unit for the router. */
extern const struct scope mshopw_scope_shop;
extern const struct scope mshopw_scope_listing;
enum err mshopw_producer_of(struct req *r, struct web *w, int64_t *out,
    struct errinfo *ei);

/* A number of the body as people write it (kind: 'v' money, 'g'
 * grams, 'n' a count): a JSON integer, or text; MARKET_NUM_MISSING or
 * MARKET_NUM_BAD. */
int64_t mshopw_num(struct req *r, struct web *w, const char *name, char kind);
/* A yes/no of the body: JSON true/false, a form's checkbox (absent: no);
 * dflt for a JSON body without it. */
bool mshopw_flag(struct req *r, struct web *w, const char *name, bool dflt);
/* The fields of a listing's form or JSON into in, each refusal a
 * problem of w. */
void mshopw_listing_fields(struct req *r, struct web *w,
    struct market_listing_in *in);
/* The fields of the shop's form into in. */
void mshopw_shop_fields(struct req *r, struct web *w,
    struct market_shop_in *in);
/* A listing's photo from a form's "file" or an API body (the route's
 * target: the listing). */
enum err mshopw_photo_add(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei);
/* The rules of a JSON body ({"rules": [...]}) or of the page's form
 * (rows rules.<i>.*, the empty ones left out), at most max into in;
 * returns how many (max + 1: more than max were sent). */
size_t mshopw_rules_fields(struct req *r, struct web *w,
    struct market_rule_in *in, size_t max);
/* Every problem of a domain check as problems of w. */
void mshopw_add_problems(struct web *w, const struct errinfo *p, size_t n);

#endif
