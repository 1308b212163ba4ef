/*
 * market_orders.c - an order after its checkout (market_orders.h;
 * docs/MARKET.md section 5): read by its private token or by its
 * producer, moved along procedures/market-order.json by the buyer (cancel
 * while placed, receive when shipped) or the producer (confirm, ship,
 * deliver, return, cancel), and reviewed line by line once delivered.
 *
 * The workflow engine checks the state and who may take each step; this
 * file adds the producer's own-order rule (market.not_yours) and the
 * step's effects in the same transaction: the state copied onto the
 * order, the stock given back on a cancellation or a return, the day of
 * delivery.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/jval.h"
#include "core/numfmt.h"
#include "core/stamp.h"
#include "domain/audit/audit.h"
#include "domain/market/market_orders.h"
#include "domain/market/market_orders_internal.h"
#include "domain/market/market_vietqr.h"
#include "domain/workflow/workflow.h"

const struct principal *
market_buyer_principal(void)
{
	static const struct principal buyer = {
		.user_id = 0, .username = "buyer", .full_name = "Người mua",
		.nroles = 1,
		.roles = { { ROLE_ADMIN, "2025", "VN" } },
	};

	return &buyer;
}

void
market_buyer_actor(const char *reference, int64_t buyer_id,
    struct audit_actor *out)
{
	static __thread char name[32];

	snprintf(name, sizeof(name), "buyer:%s", reference);
	out->user_id = buyer_id;
	out->username = name;
	out->role = "buyer";
	out->structure = "2025";
	out->unit_code = "VN";
}

/* An order read whole (mo_order_get / mo_order_by_hash columns). */
struct mo_order {
	int64_t id, producer_id, instance_id, goods, shipping, total, fee,
	    paid, weight, row_version;
	const char *reference, *checkout, *buyer_name, *buyer_phone, *address,
	    *structure, *code, *province_code, *payment, *state, *note,
	    *placed_at, *updated_at, *delivered_at, *producer, *commune_name,
	    *province_name, *bank_bin, *bank_account, *account_name,
	    *producer_phone;
};

static const char *
dup(struct arena *a, struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);

	return s != NULL ? arena_strdup(a, s) : NULL;
}

/* Characters (code points) of UTF-8 text already checked by the web
 * layer: every byte but continuation bytes. */
static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static enum err
no_order(struct errinfo *ei)
{
	return err_set(ei, ERR_NOTFOUND, "market.no_order", "token",
	    "Không có đơn hàng này", "There is no such order");
}

/* The order of the token (by_token) or of id, into o. */
static enum err
order_read(struct db *db, struct arena *a, const char *token, int64_t id,
    struct mo_order *o, struct errinfo *ei)
{
	struct db_stmt *st;
	int rc;

	if (token != NULL) {
		char hash[STAMP_SHA256_HEX];

		if (strlen(token) != MARKET_TOKEN_LEN - 1)
			return no_order(ei);
		stamp_sha256_hex(token, strlen(token), hash);
		st = db_stmt(db, STMT_MO_ORDER_BY_HASH);
		db_bind_text(st, 1, hash);
	} else {
		st = db_stmt(db, STMT_MO_ORDER_GET);
		db_bind_int(st, 1, id);
	}
	if ((rc = db_step(st, ei)) == 1) {
		o->id = db_col_int(st, 0);
		o->reference = dup(a, st, 1);
		o->checkout = dup(a, st, 2);
		o->producer_id = db_col_int(st, 3);
		o->buyer_name = dup(a, st, 4);
		o->buyer_phone = dup(a, st, 5);
		o->address = dup(a, st, 6);
		o->structure = dup(a, st, 7);
		o->code = dup(a, st, 8);
		o->province_code = dup(a, st, 9);
		o->payment = dup(a, st, 10);
		o->state = dup(a, st, 11);
		o->instance_id = db_col_int(st, 12);
		o->weight = db_col_int(st, 13);
		o->goods = db_col_int(st, 14);
		o->shipping = db_col_int(st, 15);
		o->total = db_col_int(st, 16);
		o->fee = db_col_int(st, 17);
		o->paid = db_col_int(st, 18);
		o->note = dup(a, st, 19);
		o->placed_at = dup(a, st, 20);
		o->updated_at = dup(a, st, 21);
		o->delivered_at = dup(a, st, 22);
		o->row_version = db_col_int(st, 23);
		o->producer = dup(a, st, 24);
		o->commune_name = dup(a, st, 25);
		o->province_name = dup(a, st, 26);
		o->bank_bin = dup(a, st, 27);
		o->bank_account = dup(a, st, 28);
		o->account_name = dup(a, st, 29);
		o->producer_phone = dup(a, st, 30);
	}
	db_end_reads(db);
	if (rc < 0)
		return ei->err;
	return rc == 1 ? ERR_OK : no_order(ei);
}

static const char *
money(struct arena *a, int64_t n, const char *lang)
{
	return numfmt_vnd_a(a, n, lang);
}

/* The lines of an order with their reviews. */
static enum err
lines_of(struct db *db, struct arena *a, int64_t order_id, const char *lang,
    json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MO_LINES_OF);
	json_t *items = json_array();
	int rc;

	db_bind_int(st, 1, order_id);
	while ((rc = db_step(st, ei)) == 1) {
		json_t *l = json_pack("{s:I, s:I, s:s, s:s, s:I, s:I, s:I, s:I,"
		    " s:s, s:s}", "listing_id", (json_int_t)db_col_int(st, 0),
		    "product_id", (json_int_t)db_col_int(st, 1), "name",
		    db_col_text(st, 2), "unit_name", db_col_text(st, 3),
		    "price_vnd", (json_int_t)db_col_int(st, 4), "quantity",
		    (json_int_t)db_col_int(st, 5), "weight_grams",
		    (json_int_t)db_col_int(st, 6), "amount_vnd",
		    (json_int_t)db_col_int(st, 7), "price_text",
		    money(a, db_col_int(st, 4), lang), "amount_text",
		    money(a, db_col_int(st, 7), lang));

		if (!db_col_null(st, 8))
			json_object_set_new(l, "review", json_pack("{s:I, s:s?}",
			    "rating", (json_int_t)db_col_int(st, 8), "body",
			    db_col_text(st, 9)));
		json_array_append_new(items, l);
	}
	db_end_reads(db);
	if (rc < 0) {
		json_decref(items);
		return ei->err;
	}
	*out = items;
	return ERR_OK;
}

json_t *
market_vietqr_of(const char *bin, const char *account,
    const char *account_name, int64_t amount_vnd, const char *reference)
{
	char *payload = bin != NULL && account != NULL ?
	    market_vietqr_payload(bin, account, amount_vnd, reference) : NULL;
	json_t *o = json_pack("{s:s?, s:s?, s:s?, s:I, s:s, s:s?}", "bank_bin",
	    bin, "account", account, "account_name", account_name,
	    "amount_vnd", (json_int_t)amount_vnd, "reference", reference,
	    "payload", payload);

	free(payload);
	return o;
}

/* The whole view of an order (the buyer's page; the producer's adds the
 * actions). */
static enum err
order_view(struct db *db, struct arena *a, const struct mo_order *o,
    const char *lang, bool for_producer, json_t **out, struct errinfo *ei)
{
	const struct wf_procedure *proc;
	const struct wf_state *s;
	json_t *lines = NULL, *history = NULL, *order, *v;
	bool delivered = strcmp(o->state, "delivered") == 0;
	enum err e;

	if ((e = wf_load(db, MARKET_ORDER_PROCEDURE, 0, &proc, ei)) != ERR_OK ||
	    (e = lines_of(db, a, o->id, lang, &lines, ei)) != ERR_OK ||
	    (e = wf_events(db, proc, o->instance_id, lang, &history, ei)) !=
	    ERR_OK) {
		json_decref(lines);
		return e;
	}
	{
		json_t *ev;
		size_t i;

		json_array_foreach(history, i, ev)
			json_object_set_new(ev, "at_text", json_string(
			    date_display(a, jval_str(ev, "at"), lang)));
	}
	s = wf_state_find(proc, o->state);
	order = json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s,"
	    " s:s?, s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s?, s:s?,"
	    " s:s, s:s}",
	    "id", (json_int_t)o->id, "reference", o->reference, "checkout",
	    o->checkout, "producer_id", (json_int_t)o->producer_id, "producer",
	    o->producer, "buyer_name", o->buyer_name, "address", o->address,
	    "commune", o->commune_name, "province", o->province_name ?
	    o->province_name : "", "payment", o->payment, "note", o->note,
	    "goods_vnd", (json_int_t)o->goods, "shipping_vnd",
	    (json_int_t)o->shipping, "total_vnd", (json_int_t)o->total,
	    "paid_vnd", (json_int_t)o->paid, "weight_grams",
	    (json_int_t)o->weight, "goods_text", money(a, o->goods, lang),
	    "shipping_text", money(a, o->shipping, lang), "total_text",
	    money(a, o->total, lang), "placed_at", o->placed_at,
	    "delivered_at", o->delivered_at, "producer_phone", o->producer_phone,
	    "state", o->state, "state_name", s ? wf_text(&s->name, lang) :
	    o->state);
	json_object_set_new(order, "placed_text", json_string(date_display(a,
	    o->placed_at, lang)));
	json_object_set_new(order, "transfer",
	    json_boolean(strcmp(o->payment, "transfer") == 0));
	if (strcmp(o->payment, "transfer") == 0)
		json_object_set_new(order, "vietqr", market_vietqr_of(
		    o->bank_bin, o->bank_account, o->account_name, o->total,
		    o->reference));
	if (for_producer) {
		json_object_set_new(order, "buyer_phone",
		    json_string(o->buyer_phone));
		json_object_set_new(order, "fee_vnd", json_integer(o->fee));
	}
	v = json_pack("{s:o, s:o, s:o, s:b, s:b, s:b}", "order", order,
	    "lines", lines, "history", history, "can_cancel",
	    strcmp(o->state, "placed") == 0, "can_receive",
	    strcmp(o->state, "shipped") == 0, "can_review", delivered);
	json_object_set_new(v, "row_version", json_integer(0));
	*out = v;
	return ERR_OK;
}

/* The instance's row version into the view (what a transition sends). */
static enum err
set_row_version(struct db *db, struct arena *a, const struct mo_order *o,
    json_t *v, struct errinfo *ei)
{
	struct wf_instance in;
	enum err e;

	if ((e = wf_instance_get(db, a, o->instance_id, &in, ei)) != ERR_OK)
		return e;
	db_end_reads(db);
	json_object_set_new(v, "row_version", json_integer(in.row_version));
	return ERR_OK;
}

enum err
market_order_by_token(struct db *db, const char *token, const char *lang,
    json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	struct mo_order o;
	enum err e;

	*out = NULL;
	if ((e = order_read(db, a, token, 0, &o, ei)) == ERR_OK &&
	    (e = order_view(db, a, &o, lang, false, out, ei)) == ERR_OK &&
	    (e = set_row_version(db, a, &o, *out, ei)) != ERR_OK) {
		json_decref(*out);
		*out = NULL;
	}
	arena_free(a);
	return e;
}

enum err
market_order_by_id(struct db *db, int64_t id, const char *lang, json_t **out,
    struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	struct mo_order o;
	enum err e;

	*out = NULL;
	if ((e = order_read(db, a, NULL, id, &o, ei)) == ERR_OK)
		e = order_view(db, a, &o, lang, false, out, ei);
	arena_free(a);
	return e;
}

/* Take transition tid on order o (read in this transaction) as p, named
 * who; the effects of the step with it. */
static enum err
step(struct db *db, struct arena *a, const struct principal *p,
    const struct audit_actor *who_or_null, const struct mo_order *o,
    const char *tid, int64_t row_version, const char *note,
    struct errinfo *ei)
{
	const struct wf_procedure *proc;
	const struct wf_transition *t;
	const struct role_binding *b;
	struct wf_instance in;
	struct audit_actor who;
	char now[STAMP_TIME_LEN];
	struct db_stmt *st;
	enum err e;

	if ((e = wf_instance_get(db, a, o->instance_id, &in, ei)) != ERR_OK ||
	    (e = wf_load(db, in.procedure_id, in.procedure_version, &proc,
	    ei)) != ERR_OK ||
	    (e = wf_check(db, p, proc, &in, tid, &t, &b, ei)) != ERR_OK)
		return e;
	if (row_version >= 0)
		in.row_version = row_version;
	if (who_or_null != NULL)
		who = *who_or_null;
	else
		auth_actor(p, b, &who);
	if ((e = wf_advance(db, &who, proc, &in, t, arena_printf(a,
	    "market_order:%lld", (long long)o->id), note, NULL, NULL, ei)) !=
	    ERR_OK || t->to == NULL)
		return e;
	stamp_now(now);
	st = db_stmt(db, STMT_MO_ORDER_SET_STATE);
	db_bind_text(st, 1, t->to);
	db_bind_text(st, 2, now);
	if (strcmp(t->to, "delivered") == 0)
		db_bind_text(st, 3, now);
	else
		db_bind_null(st, 3);
	db_bind_int(st, 4, o->id);
	if ((e = db_exec(st, ei)) != ERR_OK)
		return e;
	if ((strcmp(t->to, "delivered") == 0 || strcmp(o->state,
	    "delivered") == 0) &&
	    (e = db_meta_bump(db, MARKET_SALES_VERSION, ei)) != ERR_OK)
		return e;
	/* Cancelled before shipping, or returned: the goods are for sale
	 * again. */
	if (strcmp(t->to, "cancelled") == 0 || strcmp(t->to, "returned") == 0) {
		json_t *lines, *l;
		size_t i;

		if ((e = lines_of(db, a, o->id, "vi", &lines, ei)) != ERR_OK)
			return e;
		json_array_foreach(lines, i, l) {
			st = db_stmt(db, STMT_MO_STOCK_GIVE);
			db_bind_int(st, 1, jval_int(l, "quantity", 0));
			db_bind_int(st, 2, jval_int(l, "listing_id", 0));
			if ((e = db_exec(st, ei)) != ERR_OK)
				break;
		}
		json_decref(lines);
	}
	return e;
}

enum err
market_order_buyer_act(struct db *db, const char *token,
    const char *transition, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	struct audit_actor who;
	struct mo_order o;
	enum err e;

	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	if ((e = order_read(db, a, token, 0, &o, ei)) == ERR_OK) {
		market_buyer_actor(o.reference, 0, &who);
		e = step(db, a, market_buyer_principal(), &who, &o, transition,
		    -1, NULL, ei);
	}
	e = db_finish(db, e, ei);
done:
	arena_free(a);
	return e;
}

enum err
market_order_review(struct db *db, const char *token, int64_t listing_id,
    int64_t rating, const char *body, struct market_problems *probs,
    struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	struct audit_actor who;
	struct errinfo one;
	struct mo_order o;
	char now[STAMP_TIME_LEN];
	struct db_stmt *st;
	int rc;
	enum err e;

	probs->n = 0;
	if (rating < 1 || rating > 5) {
		err_set(&one, ERR_INVALID, "market.bad_rating", "rating",
		    "Hãy chọn từ 1 đến 5 sao", "Choose 1 to 5 stars");
		probs->p[probs->n++] = one;
	}
	if (body != NULL && chars(body) > MARKET_REVIEW_MAX) {
		err_set(&one, ERR_INVALID, "market.too_long", "body",
		    "Nhận xét dài quá %d ký tự", "The review is longer than %d "
		    "characters", MARKET_REVIEW_MAX);
		probs->p[probs->n++] = one;
	}
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	if ((e = order_read(db, a, token, 0, &o, ei)) != ERR_OK)
		goto finish;
	st = db_stmt(db, STMT_MO_REVIEW_EXISTS);
	db_bind_int(st, 1, o.id);
	db_bind_int(st, 2, listing_id);
	rc = db_step(st, ei);
	db_end_reads(db);
	if (rc < 0) {
		e = ei->err;
		goto finish;
	}
	if (strcmp(o.state, "delivered") != 0) {
		e = err_set(ei, ERR_CONFLICT, "market.not_delivered", "state",
		    "Chỉ nhận xét được khi đơn hàng đã giao",
		    "A review may be written once the order is delivered");
		goto finish;
	}
	if (rc == 1) {
		e = err_set(ei, ERR_CONFLICT, "market.already_reviewed",
		    "listing_id", "Sản phẩm này của đơn đã được nhận xét",
		    "This product of the order has been reviewed already");
		goto finish;
	}
	if (probs->n > 0) {
		*ei = probs->p[0];
		e = ERR_INVALID;
		goto finish;
	}
	{
		json_t *lines, *l;
		size_t i;
		bool found = false;

		if ((e = lines_of(db, a, o.id, "vi", &lines, ei)) != ERR_OK)
			goto finish;
		json_array_foreach(lines, i, l)
			found |= jval_int(l, "listing_id", 0) == listing_id;
		json_decref(lines);
		if (!found) {
			e = err_set(ei, ERR_INVALID, "market.not_in_order",
			    "listing_id", "Sản phẩm này không có trong đơn",
			    "This product is not in the order");
			goto finish;
		}
	}
	stamp_now(now);
	st = db_stmt(db, STMT_MO_REVIEW_INSERT);
	db_bind_int(st, 1, o.id);
	db_bind_int(st, 2, listing_id);
	db_bind_int(st, 3, rating);
	db_bind_text(st, 4, body != NULL && body[0] ? body : NULL);
	db_bind_text(st, 5, o.buyer_name);
	db_bind_text(st, 6, now);
	market_buyer_actor(o.reference, 0, &who);
	if ((e = db_exec(st, ei)) == ERR_OK)
		e = audit_record(db, &who, "market.review", o.structure, o.code,
		    json_pack("{s:I, s:I}", "listing_id",
		    (json_int_t)listing_id, "rating", (json_int_t)rating), ei,
		    "market_order:%lld", (long long)o.id);
finish:
	e = db_finish(db, e, ei);
done:
	arena_free(a);
	return e;
}

/* Does p represent the order's producer?  ERR_FORBIDDEN
 * "market.not_yours" if not. */
static enum err
check_yours(struct db *db, const struct principal *p, int64_t producer_id,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MO_REPRESENTS);
	int rc;

	db_bind_int(st, 1, producer_id);
	db_bind_int(st, 2, p != NULL ? p->user_id : 0);
	rc = db_step(st, ei);
	db_end_reads(db);
	if (rc < 0)
		return ei->err;
	if (rc == 1)
		return ERR_OK;
	return err_set(ei, ERR_FORBIDDEN, "market.not_yours", "id",
	    "Tài khoản này không đại diện cho cơ sở bán đơn hàng này",
	    "This account does not represent the order's producer");
}

enum err
market_shop_orders(struct db *db, const struct principal *p,
    const char *state, int64_t limit, int64_t offset, const char *lang,
    json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	const struct wf_procedure *proc;
	struct db_stmt *st;
	json_t *items = json_array();
	int64_t total = 0;
	int rc;
	enum err e;

	*out = NULL;
	if ((e = wf_load(db, MARKET_ORDER_PROCEDURE, 0, &proc, ei)) != ERR_OK)
		goto done;
	st = db_stmt(db, STMT_MO_SHOP_ORDERS);
	db_bind_int(st, 1, p->user_id);
	db_bind_text(st, 2, state);
	db_bind_text(st, 3, state);
	db_bind_int(st, 4, limit);
	db_bind_int(st, 5, offset);
	while ((rc = db_step(st, ei)) == 1) {
		const struct wf_state *s = wf_state_find(proc,
		    db_col_text(st, 7));

		json_array_append_new(items, json_pack("{s:I, s:s, s:I, s:s, "
		    "s:s, s:s?, s:s, s:s, s:s, s:I, s:s, s:s, s:I, s:I}", "id",
		    (json_int_t)db_col_int(st, 0), "reference",
		    db_col_text(st, 1), "producer_id",
		    (json_int_t)db_col_int(st, 2), "producer", db_col_text(st, 3),
		    "buyer_name", db_col_text(st, 4), "province",
		    db_col_text(st, 5), "payment", db_col_text(st, 6), "state",
		    db_col_text(st, 7), "state_name", s ? wf_text(&s->name, lang)
		    : db_col_text(st, 7), "total_vnd",
		    (json_int_t)db_col_int(st, 8), "total_text",
		    money(a, db_col_int(st, 8), lang), "placed_at",
		    db_col_text(st, 9), "row_version",
		    (json_int_t)db_col_int(st, 10), "lines",
		    (json_int_t)db_col_int(st, 11)));
		json_object_set_new(json_array_get(items,
		    json_array_size(items) - 1), "placed_text", json_string(
		    date_display(a, db_col_text(st, 9), lang)));
	}
	db_end_reads(db);
	if (rc < 0) {
		e = ei->err;
		goto done;
	}
	st = db_stmt(db, STMT_MO_SHOP_ORDERS_COUNT);
	db_bind_int(st, 1, p->user_id);
	db_bind_text(st, 2, state);
	db_bind_text(st, 3, state);
	if ((rc = db_step(st, ei)) == 1)
		total = db_col_int(st, 0);
	db_end_reads(db);
	if (rc < 0) {
		e = ei->err;
		goto done;
	}
	*out = json_pack("{s:O, s:I}", "items", items, "total",
	    (json_int_t)total);
done:
	json_decref(items);
	arena_free(a);
	return e;
}

enum err
market_shop_order(struct db *db, const struct principal *p, int64_t id,
    const char *lang, json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	const struct wf_procedure *proc;
	struct wf_instance in;
	struct mo_order o;
	json_t *actions;
	enum err e;

	*out = NULL;
	if ((e = order_read(db, a, NULL, id, &o, ei)) != ERR_OK ||
	    (e = check_yours(db, p, o.producer_id, ei)) != ERR_OK ||
	    (e = order_view(db, a, &o, lang, true, out, ei)) != ERR_OK)
		goto done;
	if ((e = wf_instance_get(db, a, o.instance_id, &in, ei)) != ERR_OK ||
	    (e = wf_load(db, in.procedure_id, in.procedure_version, &proc,
	    ei)) != ERR_OK) {
		db_end_reads(db);
		json_decref(*out);
		*out = NULL;
		goto done;
	}
	actions = json_array();
	for (size_t i = 0; i < proc->ntransitions; i++) {
		const struct wf_transition *t = &proc->transitions[i];

		if (wf_transition_from(t, in.state) &&
		    wf_may(db, p, t, in.structure, in.code) != NULL)
			json_array_append_new(actions, json_pack("{s:s, s:s, "
			    "s:b}", "id", t->id, "name", wf_text(&t->name, lang),
			    "primary", t->primary));
	}
	db_end_reads(db);
	json_object_set_new(*out, "actions", actions);
	json_object_set_new(*out, "row_version", json_integer(in.row_version));
done:
	arena_free(a);
	return e;
}

/* The producer's step; mine: the account must represent the producer
 * (the demo acts as the producer with no account: false). */
static enum err
order_act(struct db *db, const struct principal *p, int64_t id,
    const char *transition, int64_t row_version, const char *note,
    bool mine, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	struct mo_order o;
	enum err e;

	if (transition == NULL || transition[0] == '\0') {
		e = err_set(ei, ERR_INVALID, "market.no_transition",
		    "transition", "Cần chọn thao tác", "Choose an action");
		goto done;
	}
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	if ((e = order_read(db, a, NULL, id, &o, ei)) == ERR_OK &&
	    (!mine || (e = check_yours(db, p, o.producer_id, ei)) == ERR_OK))
		e = step(db, a, p, NULL, &o, transition, row_version,
		    note != NULL && note[0] ? note : NULL, ei);
	e = db_finish(db, e, ei);
done:
	arena_free(a);
	return e;
}

enum err
market_shop_order_act(struct db *db, const struct principal *p, int64_t id,
    const char *transition, int64_t row_version, const char *note,
    struct errinfo *ei)
{
	return order_act(db, p, id, transition, row_version, note, true, ei);
}

enum err
market_order_demo_act(struct db *db, const struct principal *p, int64_t id,
    const char *transition, struct errinfo *ei)
{
	return order_act(db, p, id, transition, -1, NULL, false, ei);
}
