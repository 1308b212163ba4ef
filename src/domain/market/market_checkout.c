/*
 * market_checkout.c - the checkout (market_orders.h; docs/MARKET.md
 * section 5): the buyer's lines priced again on the server, split into one
 * order per producer, shipping per producer by its rule for the buyer's
 * province, the platform's fee, the stock reserved and each order's
 * workflow instance started, all in one transaction.
 *
 * The form's problems are collected first, all of them (422, nothing
 * written); then the prices: a price the buyer saw that is no longer the
 * listing's (or a confirm_total that differs) answers 409 with the new
 * quote so the buyer confirms again; then the stock, taken listing by
 * listing in id order (so two checkouts never wait on each other in
 * opposite orders) with one conditional UPDATE each: 0 rows is 409
 * market.out_of_stock and the whole checkout rolls back.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/jval.h"
#include "core/numfmt.h"
#include "core/stamp.h"
#include "domain/audit/audit.h"
#include "domain/market/market.h"
#include "domain/market/market_orders.h"
#include "domain/market/market_orders_internal.h"
#include "domain/units/units.h"
#include "domain/workflow/workflow.h"

struct co_line {
	int64_t listing_id, quantity, seen_price;
	int64_t product_id, producer_id, price, weight;
	const char *name, *unit_name;
	int order;			/* index into orders */
	int input;			/* index in the request's lines */
};

struct co_shop {
	int64_t producer_id;
	const char *producer, *structure, *code;
	bool has_shop, cod, transfer;
	const char *bank_bin, *bank_account, *account_name;
};

struct co_order {
	struct co_shop shop;
	const char *payment;
	int64_t weight, goods, shipping, fee, total;
	int64_t id;
	char reference[MARKET_REF_LEN], token[MARKET_TOKEN_LEN];
	int first_line;			/* a line of it, for problems */
};

struct checkout {
	struct arena *a;
	const char *lang;
	struct co_line lines[MARKET_CHECKOUT_LINES];
	size_t nlines;
	struct co_order orders[MARKET_CHECKOUT_LINES];
	size_t norders;
	const char *name, *phone, *address, *note;
	struct unit commune, province;
	bool commune_ok;
	int64_t confirm_total;		/* -1: not given */
	bool price_changed;
	int64_t goods, shipping, total;
};

/* A column's text in the arena; NULL stays NULL (a shop without a bank). */
static const char *
col(struct arena *a, struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);

	return s != NULL ? arena_strdup(a, s) : NULL;
}

static void
problem(struct market_problems *pr, const struct errinfo *one)
{
	if (pr->n < MARKET_PROBLEMS_MAX)
		pr->p[pr->n++] = *one;
}

/* A positive integer of o[key] within max, else -1. */
static int64_t
positive(const json_t *o, const char *key, int64_t max)
{
	json_t *v = json_object_get(o, key);
	int64_t n;

	if (json_is_integer(v))
		n = json_integer_value(v);
	else if (json_is_string(v) && json_string_length(v) > 0 &&
	    json_string_length(v) < 19 && strspn(json_string_value(v),
	    "0123456789") == json_string_length(v))
		n = strtoll(json_string_value(v), NULL, 10);
	else
		return -1;
	return n >= 1 && n <= max ? n : -1;
}

/* A text of o[key]: trimmed of nothing (the web layer NFC-checked it),
 * required and at most max bytes, else a problem naming field. */
static const char *
text_of(const json_t *o, const char *key, const char *field, size_t max,
    bool required, struct market_problems *pr, const char *vi,
    const char *en)
{
	const char *s = jval_str(o, key);
	struct errinfo one;
	char vm[160], em[160];

	if (s != NULL && strlen(s) > max) {
		snprintf(vm, sizeof(vm), "%s: quá dài (tối đa %zu ký tự)", vi,
		    max);
		snprintf(em, sizeof(em), "%s: too long (at most %zu bytes)",
		    en, max);
		err_set_texts(&one, ERR_INVALID, "market.too_long", field, vm,
		    em);
		problem(pr, &one);
		return NULL;
	}
	if (required && (s == NULL || strspn(s, " \t\n") == strlen(s))) {
		snprintf(vm, sizeof(vm), "Cần điền “%s”", vi);
		snprintf(em, sizeof(em), "“%s” is required", en);
		err_set_texts(&one, ERR_INVALID, "market.required", field, vm,
		    em);
		problem(pr, &one);
		return NULL;
	}
	return s;
}

/* The request's lines into c->lines: every bad one a problem. */
static void
read_lines(struct checkout *c, const json_t *lines, struct market_problems *pr)
{
	struct errinfo one;
	size_t i;
	json_t *l;

	if (!json_is_array(lines) || json_array_size(lines) == 0 ||
	    json_array_size(lines) > MARKET_CHECKOUT_LINES) {
		err_set(&one, ERR_INVALID, "market.no_lines", "lines",
		    "Giỏ hàng trống hoặc quá %d dòng", "The cart is empty or "
		    "has more than %d lines", MARKET_CHECKOUT_LINES);
		problem(pr, &one);
		return;
	}
	json_array_foreach(lines, i, l) {
		struct co_line *x = &c->lines[c->nlines];

		x->input = (int)i;
		x->listing_id = positive(l, "listing_id", INT64_MAX / 2);
		x->quantity = positive(l, "quantity", MARKET_QUANTITY_MAX);
		x->seen_price = positive(l, "price_vnd", MARKET_PRICE_MAX);
		if (x->listing_id < 0) {
			err_set(&one, ERR_INVALID, "market.bad_listing",
			    arena_printf(c->a, "lines[%zu].listing_id", i),
			    "Dòng %zu: không rõ sản phẩm", "Line %zu: which "
			    "product is not said", i + 1);
			problem(pr, &one);
		}
		if (x->quantity < 0) {
			err_set(&one, ERR_INVALID, "market.bad_quantity",
			    arena_printf(c->a, "lines[%zu].quantity", i),
			    "Dòng %zu: số lượng phải là số nguyên từ 1 đến "
			    "%lld", "Line %zu: the quantity must be a whole "
			    "number from 1 to %lld", i + 1,
			    (long long)MARKET_QUANTITY_MAX);
			problem(pr, &one);
		}
		if (x->seen_price < 0) {
			err_set(&one, ERR_INVALID, "market.bad_price",
			    arena_printf(c->a, "lines[%zu].price_vnd", i),
			    "Dòng %zu: thiếu giá người mua đã thấy",
			    "Line %zu: the price the buyer saw is missing",
			    i + 1);
			problem(pr, &one);
		}
		for (size_t j = 0; j < c->nlines && x->listing_id > 0; j++)
			if (c->lines[j].listing_id == x->listing_id) {
				err_set(&one, ERR_INVALID, "market.duplicate_line",
				    arena_printf(c->a, "lines[%zu].listing_id",
				    i), "Dòng %zu: sản phẩm đã có ở dòng trên",
				    "Line %zu: the product is already on a line "
				    "above", i + 1);
				problem(pr, &one);
				x->listing_id = -1;
			}
		c->nlines++;
	}
}

/* The buyer: name, phone, address line, a 2025 commune. */
static void
read_buyer(struct db *db, struct checkout *c, const json_t *b,
    struct market_problems *pr)
{
	struct errinfo one, ignored;
	const char *s, *structure = "2025", *code;

	c->name = text_of(b, "name", "buyer.name", MARKET_NAME_MAX, true, pr,
	    "Họ và tên", "Name");
	s = text_of(b, "phone", "buyer.phone", 40, true, pr, "Số điện thoại",
	    "Phone");
	if (s != NULL) {
		char *out = arena_alloc(c->a, MARKET_PHONE_LEN);

		if (market_phone_normalise(s, out)) {
			c->phone = out;
		} else {
			err_set(&one, ERR_INVALID, "market.bad_phone",
			    "buyer.phone", "Số điện thoại không đúng: di động "
			    "gồm 10 chữ số (ví dụ 0912 345 678), cố định 11 "
			    "chữ số bắt đầu bằng 02", "The phone number is not "
			    "valid: a mobile has 10 digits (e.g. 0912 345 678), "
			    "a landline 11 starting with 02");
			problem(pr, &one);
		}
	}
	c->address = text_of(b, "address", "buyer.address", MARKET_ADDRESS_MAX,
	    true, pr, "Địa chỉ", "Address");
	s = text_of(b, "commune", "buyer.commune", 40, true, pr, "Xã, phường",
	    "Commune");
	if (s == NULL)
		return;
	code = s;
	if (strchr(s, ':') != NULL && !units_split_ref(c->a, s, &structure,
	    &code))
		structure = "";
	if (strcmp(structure, "2025") == 0 && units_get(db, c->a, "2025", code,
	    &c->commune, &ignored) == ERR_OK &&
	    strcmp(c->commune.level, "commune") == 0 &&
	    c->commune.parent_code != NULL &&
	    units_get(db, c->a, "2025", c->commune.parent_code, &c->province,
	    &ignored) == ERR_OK) {
		c->commune_ok = true;
		return;
	}
	err_set(&one, ERR_INVALID, "market.bad_commune", "buyer.commune",
	    "Hãy chọn xã, phường theo đơn vị hành chính từ 1/7/2025",
	    "Choose the commune or ward among the units in force since 1 July "
	    "2025");
	problem(pr, &one);
}

/* The order of producer_id in c->orders (a new one if none yet). */
static struct co_order *
order_of(struct checkout *c, const struct co_shop *shop, int line)
{
	for (size_t i = 0; i < c->norders; i++)
		if (c->orders[i].shop.producer_id == shop->producer_id)
			return &c->orders[i];
	c->orders[c->norders].shop = *shop;
	c->orders[c->norders].first_line = line;
	return &c->orders[c->norders++];
}

/* Each line's listing, as it is now: a listing that does not exist or
 * does not sell today is a problem of its line. */
static enum err
read_listings(struct db *db, struct checkout *c, struct market_problems *pr,
    struct errinfo *ei)
{
	char today[DATE_LEN];
	struct errinfo one;

	date_today(today);
	for (size_t i = 0; i < c->nlines; i++) {
		struct co_line *x = &c->lines[i];
		struct db_stmt *st;
		struct market_cert cert;
		struct co_shop shop = { 0 };
		const char *status = NULL, *variant;
		int rc;

		if (x->listing_id <= 0)
			continue;
		st = db_stmt(db, STMT_MO_LISTING_GET);
		db_bind_int(st, 1, x->listing_id);
		if ((rc = db_step(st, ei)) < 0)
			return ei->err;
		if (rc == 1) {
			x->product_id = db_col_int(st, 1);
			x->producer_id = db_col_int(st, 2);
			variant = db_col_text(st, 3);
			x->unit_name = col(c->a, st, 4);
			x->price = db_col_int(st, 5);
			x->weight = db_col_int(st, 7);
			status = col(c->a, st, 8);
			x->name = variant != NULL && variant[0] ?
			    arena_printf(c->a, "%s - %s", db_col_text(st, 9),
			    variant) : col(c->a, st, 9);
			shop.producer_id = x->producer_id;
			shop.producer = col(c->a, st, 10);
			shop.structure = col(c->a, st, 11);
			shop.code = col(c->a, st, 12);
			shop.has_shop = !db_col_null(st, 13);
			shop.cod = db_col_int(st, 13) == 1;
			shop.transfer = db_col_int(st, 14) == 1;
			shop.bank_bin = col(c->a, st, 15);
			shop.bank_account = col(c->a, st, 16);
			shop.account_name = col(c->a, st, 17);
		}
		db_end_reads(db);
		if (rc == 1 && market_product_certificate(db, x->product_id,
		    &cert) && shop.has_shop &&
		    market_sellable(status, cert.expires_on, cert.revoked_on,
		    today) == MARKET_SELLS) {
			x->order = (int)(order_of(c, &shop, (int)i) - c->orders);
			continue;
		}
		x->listing_id = -1;
		err_set(&one, ERR_INVALID, "market.not_for_sale",
		    arena_printf(c->a, "lines[%d].listing_id", x->input),
		    "Dòng %d: sản phẩm này hiện không bán",
		    "Line %d: this product is not on sale now", x->input + 1);
		problem(pr, &one);
	}
	return ERR_OK;
}

/* Each order's shipping by its producer's rule for the buyer's province
 * (none: a problem naming its first line), and its payment. */
static enum err
price_orders(struct db *db, struct checkout *c, const json_t *in,
    struct market_problems *pr, struct errinfo *ei)
{
	const json_t *payments = json_object_get(in, "payments");
	const char *dflt = jval_str(in, "payment");
	char today[DATE_LEN];
	struct errinfo one;

	date_today(today);
	for (size_t i = 0; i < c->nlines; i++) {
		struct co_line *x = &c->lines[i];
		struct co_order *o;

		if (x->listing_id <= 0)
			continue;
		o = &c->orders[x->order];
		o->weight += x->weight * x->quantity;
		o->goods += x->price * x->quantity;
		if (x->price != x->seen_price)
			c->price_changed = true;
	}
	for (size_t i = 0; i < c->norders; i++) {
		struct co_order *o = &c->orders[i];
		const struct co_line *first = &c->lines[o->first_line];
		char key[24];
		const char *pay;
		struct market_ship_rule r;
		struct db_stmt *st = db_stmt(db, STMT_MO_SHIPPING_RULE);
		int rc;

		db_bind_int(st, 1, o->shop.producer_id);
		db_bind_text(st, 2, c->commune_ok ? c->province.code : "");
		if ((rc = db_step(st, ei)) == 1) {
			r.first_grams = db_col_int(st, 0);
			r.first_fee_vnd = db_col_int(st, 1);
			r.step_grams = db_col_int(st, 2);
			r.step_fee_vnd = db_col_int(st, 3);
		}
		db_end_reads(db);
		if (rc < 0)
			return ei->err;
		if (rc == 1) {
			o->shipping = market_shipping_fee(&r, o->weight);
		} else if (c->commune_ok) {
			err_set(&one, ERR_INVALID, "market.no_shipping",
			    arena_printf(c->a, "lines[%d].listing_id",
			    first->input), "%s không giao hàng đến %s",
			    "%s does not ship to %s", o->shop.producer,
			    c->province.full_name);
			problem(pr, &one);
		}
		snprintf(key, sizeof(key), "%lld",
		    (long long)o->shop.producer_id);
		pay = jval_str(payments, key);
		if (pay == NULL)
			pay = dflt;
		if (pay == NULL)
			pay = o->shop.cod ? "cod" : "transfer";
		if ((strcmp(pay, "cod") == 0 && o->shop.cod) ||
		    (strcmp(pay, "transfer") == 0 && o->shop.transfer)) {
			o->payment = strcmp(pay, "cod") == 0 ? "cod" :
			    "transfer";
		} else {
			err_set(&one, ERR_INVALID, "market.bad_payment",
			    arena_printf(c->a, "payments.%s", key),
			    "%s không nhận cách thanh toán này",
			    "%s does not take this payment", o->shop.producer);
			problem(pr, &one);
		}
		o->total = o->goods + o->shipping;
		if (market_fee_on(db, today, o->goods, &o->fee, ei) != ERR_OK)
			return ei->err;
		c->goods += o->goods;
		c->shipping += o->shipping;
		c->total += o->total;
	}
	return ERR_OK;
}

/* The lines and totals as the buyer reads them (the 409's quote, the
 * checkout page's summary). */
static json_t *
quote_of(const struct checkout *c)
{
	json_t *orders = json_array(), *q;
	char b[NUMFMT_LEN];

	for (size_t i = 0; i < c->norders; i++) {
		const struct co_order *o = &c->orders[i];
		json_t *lines = json_array();

		for (size_t j = 0; j < c->nlines; j++) {
			const struct co_line *x = &c->lines[j];

			if (x->listing_id <= 0 || x->order != (int)i)
				continue;
			json_array_append_new(lines, json_pack("{s:I, s:s, s:s,"
			    " s:I, s:I, s:I, s:I, s:b, s:s, s:s}", "listing_id",
			    (json_int_t)x->listing_id, "name", x->name,
			    "unit_name", x->unit_name, "quantity",
			    (json_int_t)x->quantity, "price_vnd",
			    (json_int_t)x->price, "seen_price_vnd",
			    (json_int_t)x->seen_price, "amount_vnd",
			    (json_int_t)(x->price * x->quantity), "changed",
			    x->price != x->seen_price, "price_text",
			    arena_strdup(c->a, numfmt_vnd(b, x->price,
			    c->lang)), "amount_text", arena_strdup(c->a,
			    numfmt_vnd(b, x->price * x->quantity, c->lang))));
		}
		json_array_append_new(orders, json_pack("{s:I, s:s, s:o, s:I, "
		    "s:I, s:I, s:s, s:s, s:s, s:b, s:b}", "producer_id",
		    (json_int_t)o->shop.producer_id, "producer", o->shop.producer,
		    "lines", lines, "goods_vnd", (json_int_t)o->goods,
		    "shipping_vnd", (json_int_t)o->shipping, "total_vnd",
		    (json_int_t)o->total, "payment", o->payment ? o->payment :
		    "cod", "shipping_text", arena_strdup(c->a, numfmt_vnd(b,
		    o->shipping, c->lang)), "total_text", arena_strdup(c->a,
		    numfmt_vnd(b, o->total, c->lang)), "accepts_cod",
		    o->shop.cod, "accepts_transfer", o->shop.transfer));
	}
	q = json_pack("{s:o, s:I, s:I, s:I, s:s}", "orders", orders,
	    "goods_vnd", (json_int_t)c->goods, "shipping_vnd",
	    (json_int_t)c->shipping, "total_vnd", (json_int_t)c->total,
	    "total_text", numfmt_vnd(b, c->total, c->lang));
	return q;
}

static int
by_listing(const void *a, const void *b)
{
	const struct co_line *x = *(const struct co_line *const *)a;
	const struct co_line *y = *(const struct co_line *const *)b;

	return (x->listing_id > y->listing_id) - (x->listing_id < y->listing_id);
}

/* Every line's stock taken, in listing order. */
static enum err
take_stock(struct db *db, struct checkout *c, struct errinfo *ei)
{
	const struct co_line *sorted[MARKET_CHECKOUT_LINES];
	enum err e;

	for (size_t i = 0; i < c->nlines; i++)
		sorted[i] = &c->lines[i];
	qsort(sorted, c->nlines, sizeof(sorted[0]), by_listing);
	for (size_t i = 0; i < c->nlines; i++) {
		const struct co_line *x = sorted[i];
		struct db_stmt *st = db_stmt(db, STMT_MO_STOCK_TAKE);

		db_bind_int(st, 1, x->quantity);
		db_bind_int(st, 2, x->listing_id);
		db_bind_int(st, 3, x->quantity);
		if ((e = db_exec(st, ei)) != ERR_OK)
			return e;
		if (db_changes(db) == 0)
			return err_set(ei, ERR_CONFLICT, "market.out_of_stock",
			    arena_printf(c->a, "lines[%d].quantity", x->input),
			    "Không còn đủ hàng: %s (tin bán %lld)",
			    "Not enough left in stock: %s (listing %lld)",
			    x->name, (long long)x->listing_id);
	}
	return ERR_OK;
}

/* A reference no order holds yet: "OCOP" + 8 of 32 letters and digits
 * without 0, O, 1, I (read aloud and typed into a bank's app). */
static enum err
new_reference(struct db *db, char out[MARKET_REF_LEN], struct errinfo *ei)
{
	static const char alpha[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

	for (int tries = 0; tries < 8; tries++) {
		struct db_stmt *st;
		int rc;

		memcpy(out, "OCOP", 4);
		for (int i = 0; i < 8; i++)
			out[4 + i] = alpha[randombytes_uniform(32)];
		out[12] = '\0';
		st = db_stmt(db, STMT_MO_REFERENCE_TAKEN);
		db_bind_text(st, 1, out);
		rc = db_step(st, ei);
		db_end_reads(db);
		if (rc < 0)
			return ei->err;
		if (rc == 0)
			return ERR_OK;
	}
	return err_set(ei, ERR_SYS, "market.reference", NULL,
	    "Không tạo được mã đơn hàng", "Could not make an order reference");
}

/* Write one order: reference, token, workflow instance, row, lines,
 * audit entry. */
static enum err
place_order(struct db *db, struct checkout *c, struct co_order *o,
    const char *checkout, int64_t buyer_id, const char *now,
    struct errinfo *ei)
{
	const struct wf_procedure *proc;
	struct audit_actor who;
	char hash[STAMP_SHA256_HEX];
	unsigned char raw[32];
	struct db_stmt *st;
	int64_t iid;
	int rc;
	enum err e;

	if ((e = new_reference(db, o->reference, ei)) != ERR_OK)
		return e;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(o->token, sizeof(o->token), raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	stamp_sha256_hex(o->token, strlen(o->token), hash);
	market_buyer_actor(o->reference, buyer_id, &who);
	if ((e = wf_load(db, MARKET_ORDER_PROCEDURE, 0, &proc, ei)) != ERR_OK ||
	    (e = wf_start(db, &who, proc, "market_order", o->shop.structure,
	    o->shop.code, NULL, &iid, ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_MO_ORDER_INSERT);
	db_bind_text(st, 1, o->reference);
	db_bind_text(st, 2, hash);
	db_bind_text(st, 3, checkout);
	db_bind_int(st, 4, o->shop.producer_id);
	if (buyer_id > 0)
		db_bind_int(st, 5, buyer_id);
	else
		db_bind_null(st, 5);
	db_bind_text(st, 6, c->name);
	db_bind_text(st, 7, c->phone);
	db_bind_text(st, 8, c->address);
	db_bind_text(st, 9, "2025");
	db_bind_text(st, 10, c->commune.code);
	db_bind_text(st, 11, c->province.code);
	db_bind_text(st, 12, o->payment);
	db_bind_text(st, 13, proc->initial);
	db_bind_int(st, 14, iid);
	db_bind_int(st, 15, o->weight);
	db_bind_int(st, 16, o->goods);
	db_bind_int(st, 17, o->shipping);
	db_bind_int(st, 18, o->total);
	db_bind_int(st, 19, o->fee);
	db_bind_text(st, 20, c->note);
	db_bind_text(st, 21, now);
	db_bind_text(st, 22, now);
	if ((rc = db_step(st, ei)) != 1)
		return rc < 0 ? ei->err : err_set(ei, ERR_DB, "db.error", NULL,
		    "mo_order_insert: không có id", "mo_order_insert: no id");
	o->id = db_col_int(st, 0);
	while ((rc = db_step(st, ei)) == 1)
		;
	if (rc < 0)
		return ei->err;
	for (size_t i = 0; i < c->nlines; i++) {
		const struct co_line *x = &c->lines[i];

		if (&c->orders[x->order] != o)
			continue;
		st = db_stmt(db, STMT_MO_LINE_INSERT);
		db_bind_int(st, 1, o->id);
		db_bind_int(st, 2, x->listing_id);
		db_bind_int(st, 3, x->product_id);
		db_bind_text(st, 4, x->name);
		db_bind_text(st, 5, x->unit_name);
		db_bind_int(st, 6, x->price);
		db_bind_int(st, 7, x->quantity);
		db_bind_int(st, 8, x->weight);
		db_bind_int(st, 9, x->price * x->quantity);
		if ((e = db_exec(st, ei)) != ERR_OK)
			return e;
	}
	return audit_record(db, &who, "market.order_place", o->shop.structure,
	    o->shop.code, json_pack("{s:s, s:s, s:I, s:s, s:I}", "reference",
	    o->reference, "checkout", checkout, "producer_id",
	    (json_int_t)o->shop.producer_id, "payment", o->payment,
	    "total_vnd", (json_int_t)o->total), ei, "market_order:%lld",
	    (long long)o->id);
}

/* The answer: the orders with their links, totals, and for a transfer
 * what the buyer's bank app needs. */
static json_t *
answer_of(struct checkout *c, const char *checkout)
{
	json_t *q = quote_of(c), *orders = json_object_get(q, "orders"), *o;
	size_t i;

	json_object_set_new(q, "checkout", json_string(checkout));
	json_array_foreach(orders, i, o) {
		const struct co_order *x = &c->orders[i];

		json_object_set_new(o, "id", json_integer(x->id));
		json_object_set_new(o, "reference", json_string(x->reference));
		json_object_set_new(o, "token", json_string(x->token));
		json_object_set_new(o, "link", json_string(arena_printf(c->a,
		    "/cho/don/%s", x->token)));
		json_object_set_new(o, "fee_vnd", json_integer(x->fee));
		json_object_set_new(o, "state", json_string("placed"));
		if (strcmp(x->payment, "transfer") == 0)
			json_object_set_new(o, "vietqr", market_vietqr_of(
			    x->shop.bank_bin, x->shop.bank_account,
			    x->shop.account_name, x->total, x->reference));
	}
	return q;
}

/* What the checkout does inside the write transaction (the caller's, or
 * the group commit's with a savepoint around it): the listings as they
 * are now, prices, shipping, the problems, the stock, the orders. */
enum err
market_checkout_in_tx(struct db *db, struct checkout *c, json_t *in,
    int64_t buyer_id, json_t **out, json_t **quote,
    struct market_problems *probs, struct errinfo *ei)
{
	char checkout[33], now[STAMP_TIME_LEN];
	unsigned char raw[12];
	enum err e;

	if ((e = read_listings(db, c, probs, ei)) == ERR_OK &&
	    (e = price_orders(db, c, in, probs, ei)) == ERR_OK) {
		if (probs->n > 0) {
			*ei = probs->p[0];
			e = ERR_INVALID;
		} else if (c->price_changed || (c->confirm_total >= 0 &&
		    c->confirm_total != c->total)) {
			*quote = quote_of(c);
			e = err_set(ei, ERR_CONFLICT, "market.price_changed",
			    "lines", "Giá đã thay đổi: tổng mới là %s, hãy xác "
			    "nhận lại", "Prices have changed: the new total is "
			    "%s; please confirm again", jval_str(*quote,
			    "total_text"));
		}
	}
	if (e == ERR_OK && (e = take_stock(db, c, ei)) == ERR_OK) {
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2base64(checkout, sizeof(checkout), raw, sizeof(raw),
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		stamp_now(now);
		for (size_t i = 0; i < c->norders && e == ERR_OK; i++)
			e = place_order(db, c, &c->orders[i], checkout,
			    buyer_id, now, ei);
	}
	if (e == ERR_OK)
		*out = answer_of(c, checkout);
	return e;
}

enum err
market_checkout(struct db *db, const char *lang, json_t *in,
    int64_t buyer_id, json_t **out, json_t **quote,
    struct market_problems *probs, struct errinfo *ei)
{
	struct checkout *c = calloc(1, sizeof(*c));
	enum err e;

	*out = *quote = NULL;
	probs->n = 0;
	if (c == NULL)
		abort();
	c->a = arena_new(8192);
	c->lang = lang;
	c->confirm_total = -1;
	if (!json_is_object(in)) {
		e = err_set(ei, ERR_MALFORMED, "market.bad_body", NULL,
		    "Cần một đối tượng JSON", "A JSON object is expected");
		goto done;
	}
	read_lines(c, json_object_get(in, "lines"), probs);
	read_buyer(db, c, json_object_get(in, "buyer"), probs);
	c->note = text_of(in, "note", "note", MARKET_NOTE_MAX, false, probs,
	    "Ghi chú", "Note");
	if (json_object_get(in, "confirm_total") != NULL &&
	    !json_is_null(json_object_get(in, "confirm_total")) &&
	    (c->confirm_total = positive(in, "confirm_total", INT64_MAX / 4)) <
	    0) {
		struct errinfo one;

		err_set(&one, ERR_INVALID, "market.bad_total", "confirm_total",
		    "Tổng tiền xác nhận không hợp lệ",
		    "The confirmed total is not valid");
		problem(probs, &one);
	}
	/* The commune was read outside: a read snapshot left open would make
	 * SQLite refuse the write transaction at once (busy snapshot). */
	db_end_reads(db);
	/* In ntm serve the group commit's writer takes it (one fsync for
	 * the checkouts that arrive together); else its own transaction. */
	if (market_checkout_queued(c, in, buyer_id, out, quote, probs, ei,
	    &e))
		goto done;
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	e = market_checkout_in_tx(db, c, in, buyer_id, out, quote, probs, ei);
	e = db_finish(db, e, ei);
	if (e != ERR_OK && *out != NULL) {
		json_decref(*out);
		*out = NULL;
	}
done:
	arena_free(c->a);
	free(c);
	return e;
}

enum err
market_cart_quote(struct db *db, const char *lang, json_t *lines,
    const char *commune, json_t **out, struct market_problems *probs,
    struct errinfo *ei)
{
	struct checkout *c = calloc(1, sizeof(*c));
	json_t *buyer = json_pack("{s:s?}", "commune", commune), *in;
	struct market_problems ignored = { .n = 0 };
	enum err e;

	if (c == NULL)
		abort();
	*out = NULL;
	probs->n = 0;
	c->a = arena_new(8192);
	c->lang = lang;
	in = json_pack("{s:O}", "lines", lines);
	read_lines(c, lines, probs);
	if (commune != NULL && commune[0] != '\0')
		read_buyer(db, c, buyer, &ignored);
	if ((e = read_listings(db, c, probs, ei)) == ERR_OK &&
	    (e = price_orders(db, c, in, probs, ei)) == ERR_OK) {
		*out = quote_of(c);
		json_object_set_new(*out, "shipping_known",
		    json_boolean(c->commune_ok));
	}
	db_end_reads(db);
	json_decref(in);
	json_decref(buyer);
	arena_free(c->a);
	free(c);
	return e;
}
