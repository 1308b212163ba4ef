/*
 * market_buyers.h - the marketplace's buyer accounts (docs/MARKET.md
 * section 5, "Buyer accounts"): a repeat customer registers with a name,
 * its phone (the username, in its national form) and a password; signed
 * in, its checkouts carry its account (market_order.buyer_id) and it sees
 * its orders.  A buyer is an app_user with the one binding (buyer, the
 * country), which opens no staff route (ROLES_STAFF, web/access.c).
 */
#ifndef NTM_DOMAIN_MARKET_BUYERS_H
#define NTM_DOMAIN_MARKET_BUYERS_H

#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "db/db.h"
#include "domain/market/market_orders.h"

/* Register a buyer: name (1-MARKET_NAME_MAX bytes), phone (as
 * market_phone_normalise reads it), password (the account rules,
 * AUTH_PASSWORD_MIN-MAX bytes, argon2id).  ERR_INVALID with every problem
 * in *probs (fields name, phone, password), nothing written;
 * ERR_CONFLICT "market.phone_registered" (field phone) when the phone
 * already is a username.  *id the new account; *username the phone in
 * its national form (what signs in), MARKET_PHONE_LEN bytes. */
enum err market_buyer_register(struct db *db, const char *name,
    const char *phone, const char *password, struct market_problems *probs,
    int64_t *id, char username[MARKET_PHONE_LEN], struct errinfo *ei);

/* The orders of buyer account buyer_id, newest first: {items:[{id,
 * reference, producer, state, state_name, total_vnd, total_text,
 * placed_at, placed_text}], total}. */
enum err market_buyer_orders(struct db *db, int64_t buyer_id, int64_t limit,
    int64_t offset, const char *lang, json_t **out, struct errinfo *ei);

/* One of them, as the order's page shows it; ERR_NOTFOUND
 * "market.no_order" when it is not buyer_id's (another's or none). */
enum err market_buyer_order(struct db *db, int64_t buyer_id, int64_t id,
    const char *lang, json_t **out, struct errinfo *ei);

#endif
