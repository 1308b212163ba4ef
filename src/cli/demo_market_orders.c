/*
 * demo_market_orders.c - orders of the OCOP marketplace in "ntm demo"
 * (docs/MARKET.md section 5), after the shop demo: checkouts through the
 * domain (market_checkout) on the listings the shop demo opened, by
 * buyers of Hà Nội, Đà Nẵng, Lào Cai, An Giang, Thái Nguyên and Quảng
 * Ngãi, cash on delivery and bank transfer, then moved as the producer's
 * account and the buyer would: one order in each state (placed,
 * confirmed, shipped, delivered with a review, cancelled by the buyer
 * with its stock given back, returned).  The producer's steps are taken
 * as the shop demo acts for the producers ("ntm demo", no account: the
 * workflow's role and level, not an account's own-producer rule).
 * Running the demo again keeps what exists (any order: skip); without
 * listings (the shop demo not there) it writes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/auth/auth_internal.h"
#include "domain/market/market_orders.h"
#include "domain/market/market_orders_internal.h"

struct demo_buyer {
	const char *name, *phone, *address, *province;
	const char *payment;		/* asked for; cod when not taken */
	const char *to;			/* the state it is moved to */
};

static const struct demo_buyer buyers[] = {
	{ "Nguyễn Thị Hoa", "0912 345 678", "Số 8, thôn Đông", "01", "cod",
	  "placed" },
	{ "Trần Văn Bình", "0905 123 456", "Tổ 3, khu phố 2", "48", "transfer",
	  "confirmed" },
	{ "Lò Thị Mai", "0388 765 432", "Bản Pom Hán", "15", "cod", "shipped" },
	{ "Phạm Minh Châu", "0987 111 222", "Ấp Mỹ Thạnh", "91", "transfer",
	  "delivered" },
	{ "Hoàng Văn Đức", "0208 385 1234", "Xóm Trại", "19", "cod",
	  "cancelled" },
	{ "Võ Thị Lan", "0355 246 810", "Thôn An Phú", "51", "cod",
	  "returned" },
};

/* The producer's steps from placed to a state (the buyer's receipt for
 * delivered, the buyer's cancellation for cancelled). */
static const char *const *
path_to(const char *to)
{
	static const char *const confirmed[] = { "confirm", NULL };
	static const char *const shipped[] = { "confirm", "ship", NULL };
	static const char *const delivered[] = { "confirm", "ship", NULL };
	static const char *const returned[] = { "confirm", "ship", "return",
		NULL };
	static const char *const none[] = { NULL };

	if (strcmp(to, "confirmed") == 0)
		return confirmed;
	if (strcmp(to, "shipped") == 0)
		return shipped;
	if (strcmp(to, "delivered") == 0)
		return delivered;
	if (strcmp(to, "returned") == 0)
		return returned;
	return none;
}

struct demo_listing {
	int64_t id, price, producer_id;
	const char *structure, *code;	/* the producer's commune */
	bool transfer;
};

static size_t
listings(struct db *db, struct arena *a, struct demo_listing *out, size_t max)
{
	struct db_stmt *st = db_stmt(db, STMT_MO_DEMO_LISTINGS);
	size_t n = 0;

	while (n < max && db_step(st, NULL) == 1) {
		out[n].id = db_col_int(st, 0);
		out[n].price = db_col_int(st, 1);
		out[n].producer_id = db_col_int(st, 2);
		out[n].structure = arena_strdup(a, db_col_text(st, 3));
		out[n].code = arena_strdup(a, db_col_text(st, 4));
		out[n].transfer = db_col_int(st, 5) == 1;
		n++;
	}
	db_end_reads(db);
	return n;
}

static const char *
commune_of(struct db *db, struct arena *a, const char *province)
{
	struct db_stmt *st = db_stmt(db, STMT_MO_DEMO_COMMUNE);
	const char *code = NULL;

	db_bind_text(st, 1, province);
	if (db_step(st, NULL) == 1)
		code = arena_printf(a, "2025:%s", db_col_text(st, 0));
	db_end_reads(db);
	return code;
}

/* One checkout; its order's id and token. */
static enum err
place(struct db *db, struct arena *a, const struct demo_buyer *b,
    const struct demo_listing *l, int quantity, int64_t *id,
    const char **token, struct errinfo *ei)
{
	struct market_problems probs;
	const char *commune = commune_of(db, a, b->province);
	json_t *in, *out = NULL, *quote = NULL, *order;
	enum err e;

	if (commune == NULL)
		return err_set(ei, ERR_NOTFOUND, "market.demo_commune", NULL,
		    "không có xã của tỉnh %s", "no commune of province %s",
		    b->province);
	in = json_pack("{s:[{s:I, s:i, s:I}], s:{s:s, s:s, s:s, s:s}, s:s}",
	    "lines", "listing_id", (json_int_t)l->id, "quantity", quantity,
	    "price_vnd", (json_int_t)l->price, "buyer", "name", b->name,
	    "phone", b->phone, "address", b->address, "commune", commune,
	    "payment", strcmp(b->payment, "transfer") == 0 && l->transfer ?
	    "transfer" : "cod");
	e = market_checkout(db, "vi", in, 0, &out, &quote, &probs, ei);
	json_decref(in);
	json_decref(quote);
	if (e != ERR_OK)
		return e;
	order = json_array_get(json_object_get(out, "orders"), 0);
	*id = json_integer_value(json_object_get(order, "id"));
	*token = arena_strdup(a, json_string_value(json_object_get(order,
	    "token")));
	json_decref(out);
	return ERR_OK;
}

/* The order's steps to b->to: the producer's (as the shop demo acts for
 * the producers: "ntm demo", no account), the buyer's by the token. */
static enum err
move(struct db *db, const struct demo_buyer *b, const struct demo_listing *l,
    int64_t id, const char *token, struct errinfo *ei)
{
	const char *const *steps = path_to(b->to);
	struct principal producer = {
		.user_id = 0, .username = "ntm demo", .full_name = "ntm demo",
		.nroles = 1,
		.roles = { { ROLE_PRODUCER, l->structure, l->code } },
	};
	struct market_problems probs;
	enum err e = ERR_OK;

	for (size_t i = 0; steps[i] != NULL && e == ERR_OK; i++)
		e = market_order_demo_act(db, &producer, id, steps[i], ei);
	if (e != ERR_OK)
		return e;
	if (strcmp(b->to, "cancelled") == 0)
		return market_order_buyer_act(db, token, "buyer_cancel", ei);
	if (strcmp(b->to, "delivered") == 0 &&
	    (e = market_order_buyer_act(db, token, "receive", ei)) == ERR_OK)
		e = market_order_review(db, token, l->id, 5, "Đóng gói cẩn "
		    "thận, giao nhanh, sản phẩm đúng như mô tả.", &probs, ei);
	return e;
}

int
demo_market_orders(struct db *db)
{
	struct demo_listing ls[24];
	struct arena *a;
	struct errinfo ei;
	struct db_stmt *st = db_stmt(db, STMT_MO_COUNT);
	size_t n, made = 0;
	int64_t existing = 0;

	if (db_step(st, NULL) == 1)
		existing = db_col_int(st, 0);
	db_end_reads(db);
	if (existing > 0)
		return EXIT_OK;
	a = arena_new(8192);
	if ((n = listings(db, a, ls, 24)) == 0) {
		arena_free(a);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(buyers) / sizeof(buyers[0]); i++) {
		const struct demo_listing *l = NULL;
		const char *token = NULL;
		int64_t id = 0;
		enum err e = ERR_NOTFOUND;

		/* Listings in turn, a producer each (3 apart); one that does
		 * not sell today (an expired certificate) is passed over. */
		for (size_t k = 0; k < n && e != ERR_OK; k++) {
			l = &ls[(i * 3 + k) % n];
			err_clear(&ei);
			e = place(db, a, &buyers[i], l, 1 + (int)(i % 3), &id,
			    &token, &ei);
			if (e != ERR_OK && e != ERR_INVALID)
				break;
		}
		if (e == ERR_OK)
			e = move(db, &buyers[i], l, id, token, &ei);
		if (e != ERR_OK) {
			printf("  market order of %s (not created: %s)\n",
			    buyers[i].name, err_message(&ei, cli_lang()));
			continue;
		}
		made++;
	}
	arena_free(a);
	printf("Marketplace: %zu demo orders, one in each state (placed, "
	    "confirmed, shipped, delivered and reviewed, cancelled by the "
	    "buyer, returned); cash on delivery and transfer; buyers in six "
	    "provinces.\n", made);
	return EXIT_OK;
}
