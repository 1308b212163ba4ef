/*
 * web_market_checkout.c - the marketplace's buyer and producer pages for
 * orders (docs/MARKET.md section 5): the cart /cho/gio-hang, the checkout
 * /cho/dat-hang, the order by its private link /cho/don/{token}, and the
 * producer's /cua-hang/don and /cua-hang/don/{id}.  Plain forms, no
 * JavaScript, read on a 360 px phone; the JSON twins are in
 * web_market_orders.c and call the same domain functions.
 *
 * The cart is a cookie (cho_gio): listing id, quantity and the price the
 * buyer saw, "12.2.120000_15.1.45000", read again and priced anew on every
 * page (market_cart_quote), so a forged cookie buys nothing the checkout
 * would not sell.  Order pages carry X-Robots-Tag: noindex (a private
 * link must not reach a search engine).
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/market/market.h"
#include "domain/market/market_orders.h"
#include "domain/units/units.h"
#include "http/http.h"
#include "web/web.h"
#include "web/web_internal.h"
#include "web/web_market_internal.h"

#define CART_COOKIE	"cho_gio"
#define CART_LINES	20

/* The cart's lines as checkout takes them: [{listing_id, quantity,
 * price_vnd}]; a malformed cookie is an empty cart. */
static json_t *
cart_read(struct req *r)
{
	const char *c = http_cookie(r, CART_COOKIE);
	json_t *lines = json_array();

	while (c != NULL && *c != '\0' && json_array_size(lines) < CART_LINES) {
		char *end;
		long long id, q, p;

		id = strtoll(c, &end, 10);
		if (*end != '.')
			break;
		q = strtoll(end + 1, &end, 10);
		if (*end != '.')
			break;
		p = strtoll(end + 1, &end, 10);
		if (id <= 0 || q <= 0 || q > MARKET_QUANTITY_MAX || p <= 0 ||
		    p > MARKET_PRICE_MAX || (*end != '_' && *end != '\0'))
			break;
		json_array_append_new(lines, json_pack("{s:I, s:I, s:I}",
		    "listing_id", (json_int_t)id, "quantity", (json_int_t)q,
		    "price_vnd", (json_int_t)p));
		c = *end == '_' ? end + 1 : end;
	}
	return lines;
}

/* The cart cookie holding lines; no lines (NULL or empty) removes it. */
static void
cart_write(struct req *r, const json_t *lines)
{
	struct buf b;
	json_t *l;
	size_t i;

	buf_init(&b, 2048);
	json_array_foreach(lines, i, l)
		if (buf_printf(&b, "%s%lld.%lld.%lld", i ? "_" : "",
		    (long long)jval_int(l, "listing_id", 0),
		    (long long)jval_int(l, "quantity", 0),
		    (long long)jval_int(l, "price_vnd", 0)) != ERR_OK)
			break;
	http_add_header(r, "Set-Cookie", arena_printf(r->arena,
	    "%s=%s; Path=/; Max-Age=%d; SameSite=Lax; HttpOnly", CART_COOKIE,
	    buf_cstr(&b), b.len ? 2592000 : 0));
	buf_free(&b);
}

/* The cart priced now into view ("cart"), grouped by producer. */
static void
cart_view(struct req *r, struct web *w, json_t *view, const char *commune)
{
	json_t *lines = cart_read(r), *q = NULL;
	struct market_problems probs;
	struct errinfo ei;

	if (json_array_size(lines) > 0 && market_cart_quote(w->db, w->lang,
	    lines, commune, &q, &probs, &ei) == ERR_OK &&
	    json_array_size(json_object_get(q, "orders")) > 0)
		json_object_set_new(view, "cart", q);
	else
		json_decref(q);
	json_decref(lines);
}

static enum err
cart_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)ei;
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "mo_cart_title")));
	cart_view(r, w, view, NULL);
	return ERR_OK;
}

/* POST /cho/gio-hang: add a listing (listing_id, quantity, price_vnd),
 * change the quantities (q_<listing id>), or remove one (remove). */
static enum err
cart_post(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *lines = cart_read(r), *out = json_array(), *l;
	int64_t add = mow_int(r, w, "listing_id", 0);
	int64_t remove = mow_int(r, w, "remove", 0);
	size_t i;

	(void)view;
	(void)ei;
	json_array_foreach(lines, i, l) {
		int64_t id = jval_int(l, "listing_id", 0);
		int64_t q = mow_int(r, w, arena_printf(r->arena, "q_%lld",
		    (long long)id), jval_int(l, "quantity", 1));

		if (id == remove || id == add || q < 1)
			continue;
		if (q > MARKET_QUANTITY_MAX)
			q = MARKET_QUANTITY_MAX;
		json_object_set_new(l, "quantity", json_integer(q));
		json_array_append(out, l);
	}
	if (add > 0 && json_array_size(out) < CART_LINES) {
		int64_t q = mow_int(r, w, "quantity", 1);
		int64_t p = mow_int(r, w, "price_vnd", 0);

		if (q >= 1 && q <= MARKET_QUANTITY_MAX && p >= 1 &&
		    p <= MARKET_PRICE_MAX)
			json_array_append_new(out, json_pack("{s:I, s:I, s:I}",
			    "listing_id", (json_int_t)add, "quantity",
			    (json_int_t)q, "price_vnd", (json_int_t)p));
	}
	cart_write(r, out);
	json_decref(lines);
	json_decref(out);
	w->redirect = "/cho/gio-hang";
	return ERR_OK;
}

/* ---- checkout ----------------------------------------------------------- */

static const char *
form_or_query(struct req *r, const char *name)
{
	const char *v = http_form(r, name);

	return v != NULL ? v : http_query(r, name);
}

/* The communes of a 2025 province as choices, by name. */
static void
commune_choices(struct req *r, struct web *w, json_t *view,
    const char *province, const char *current)
{
	const char *structure, *code;
	struct unit_query uq = { .structure = "2025", .level = "commune",
		.limit = 500 };
	struct unit_list l;
	struct errinfo ignored;
	json_t *a = json_array();

	if (province != NULL && units_split_ref(r->arena, province, &structure,
	    &code) && strcmp(structure, "2025") == 0) {
		uq.parent = code;
		if (units_list(w->db, r->arena, &uq, &l, &ignored) == ERR_OK)
			for (size_t i = 0; i < l.n; i++) {
				const char *ref = arena_printf(r->arena,
				    "2025:%s", l.items[i].code);

				json_array_append_new(a, json_pack("{s:s, s:s, "
				    "s:b}", "value", ref, "label",
				    l.items[i].full_name, "selected", current &&
				    strcmp(current, ref) == 0));
			}
	}
	if (json_array_size(a) > 0)
		json_object_set_new(view, "communes", a);
	else
		json_decref(a);
}

static enum err
checkout_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *province = form_or_query(r, "province");
	const char *commune = form_or_query(r, "commune");
	json_t *orders, *o;
	size_t i;

	(void)ei;
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "mo_checkout_title")));
	cart_view(r, w, view, commune);
	/* A signed-in buyer account starts from its name and phone (its
	 * username); checkout then records the account (buyer_id). */
	if (w->who != NULL && web_holds(w, ROLE_BIT(ROLE_BUYER)) &&
	    http_form(r, "name") == NULL)
		json_object_set_new(view, "form", json_pack("{s:s, s:s}", "name",
		    w->who->full_name, "phone", w->who->username));
	web_unit_choices(r, w, view, "provinces", "province", province);
	commune_choices(r, w, view, province, commune);
	/* The payments each producer takes, the buyer's choice kept. */
	orders = json_object_get(json_object_get(view, "cart"), "orders");
	json_array_foreach(orders, i, o) {
		const char *k = arena_printf(r->arena, "pay_%lld",
		    (long long)jval_int(o, "producer_id", 0));
		const char *v = http_form(r, k);
		bool cod = json_is_true(json_object_get(o, "accepts_cod"));

		json_object_set_new(o, "pay_field", json_string(k));
		json_object_set_new(o, "pay_cod", json_boolean(cod &&
		    (v == NULL || strcmp(v, "cod") == 0)));
		json_object_set_new(o, "pay_transfer", json_boolean(v != NULL ?
		    strcmp(v, "transfer") == 0 : !cod));
	}
	return ERR_OK;
}

static void
body_text(struct req *r, json_t *o, const char *key, const char *field)
{
	const char *v = http_form(r, field);

	if (v != NULL)
		json_object_set_new(o, key, jval_string(v));
}

static enum err
checkout_post(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *lines = cart_read(r), *body, *buyer = json_object(),
	    *payments = json_object(), *out = NULL, *quote = NULL, *l;
	bool accept = http_form(r, "accept_prices") != NULL;
	struct market_problems probs;
	size_t i;
	enum err e;

	/* The buyer accepted the prices the page showed: those are what it
	 * saw now (the server still compares them with the listings'). */
	json_array_foreach(lines, i, l) {
		int64_t id = jval_int(l, "listing_id", 0);
		int64_t p = mow_int(r, w, arena_printf(r->arena, "p_%lld",
		    (long long)id), -1);

		if (accept && p > 0)
			json_object_set_new(l, "price_vnd", json_integer(p));
	}
	for (size_t k = 0; k < r->nform; k++)
		if (strncmp(r->form_names[k], "pay_", 4) == 0)
			json_object_set_new(payments, r->form_names[k] + 4,
			    jval_string(r->form_values[k]));
	body_text(r, buyer, "name", "name");
	body_text(r, buyer, "phone", "phone");
	body_text(r, buyer, "address", "address");
	body_text(r, buyer, "commune", "commune");
	body = json_pack("{s:o, s:o, s:o}", "lines", lines, "buyer", buyer,
	    "payments", payments);
	body_text(r, body, "note", "note");
	if (accept && mow_int(r, w, "confirm_total", -1) > 0)
		json_object_set_new(body, "confirm_total",
		    json_integer(mow_int(r, w, "confirm_total", -1)));
	e = market_checkout(w->db, w->lang, body, w->who != NULL ?
	    w->who->user_id : 0, &out, &quote, &probs, ei);
	json_decref(body);
	if (quote != NULL)
		json_object_set_new(view, "quote", quote);
	if (e == ERR_INVALID && probs.n > 0) {
		mow_problems(w, &probs);
		return web_problems(w, ei);
	}
	if (e != ERR_OK)
		return e;
	cart_write(r, NULL);
	json_object_set_new(view, "done", out);
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "mo_done_title")));
	http_add_header(r, "X-Robots-Tag", "noindex");
	return ERR_OK;
}

/* ---- the order by its private link -------------------------------------- */

static enum err
order_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *token = http_param(r, "token");
	json_t *out;
	enum err e;

	http_add_header(r, "X-Robots-Tag", "noindex");
	if ((e = market_order_by_token(w->db, token, w->lang, &out, ei)) !=
	    ERR_OK)
		return e;
	jval_merge(view, out);
	json_object_set_new(view, "token", json_string(token));
	json_object_set_new(view, "title", json_string(arena_printf(r->arena,
	    "%s %s", msg_get(w->lang, "mo_order_title"), jval_str(
	    json_object_get(view, "order"), "reference"))));
	return ERR_OK;
}

static enum err
order_step(struct req *r, struct web *w, const char *t, struct errinfo *ei)
{
	enum err e;

	if ((e = market_order_buyer_act(w->db, http_param(r, "token"), t,
	    ei)) != ERR_OK)
		return e;
	w->redirect = arena_printf(r->arena, "/cho/don/%s",
	    http_param(r, "token"));
	return ERR_OK;
}

static enum err
order_cancel_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	(void)view;
	return order_step(r, w, "buyer_cancel", ei);
}

static enum err
order_received_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	(void)view;
	return order_step(r, w, "receive", ei);
}

static enum err
order_review_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	enum err e;

	(void)view;
	if ((e = mow_review(r, w, ei)) != ERR_OK)
		return e;
	w->redirect = arena_printf(r->arena, "/cho/don/%s?saved=1",
	    http_param(r, "token"));
	return ERR_OK;
}

/* ---- the producer's pages ----------------------------------------------- */

static enum err
shop_list_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *state = web_qtext(w, "state");
	json_t *out, *choices = json_array();
	enum err e;

	(void)r;
	if ((e = market_shop_orders(w->db, w->who, state,
	    web_qint(w, "limit", 50), web_qint(w, "offset", 0), w->lang, &out,
	    ei)) != ERR_OK) {
		json_decref(choices);
		return e;
	}
	jval_merge(view, out);
	for (size_t i = 0; mow_shop_query[0].choices[i] != NULL; i++) {
		const char *s = mow_shop_query[0].choices[i];

		json_array_append_new(choices, json_pack("{s:s, s:s, s:b}",
		    "value", s, "label", msg_get(w->lang, arena_printf(r->arena,
		    "mo_state_%s", s)), "selected", state && !strcmp(state, s)));
	}
	json_object_set_new(view, "states", choices);
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "mo_shop_title")));
	return ERR_OK;
}

static enum err
shop_order_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	enum err e;

	if ((e = mow_shop_order(r, w, view, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "title", json_string(arena_printf(r->arena,
	    "%s %s", msg_get(w->lang, "mo_order_title"), jval_str(
	    json_object_get(view, "order"), "reference"))));
	if (http_query(r, "saved") != NULL)
		json_object_set_new(view, "saved", json_true());
	return ERR_OK;
}

static enum err
shop_order_post(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const char *t = http_form(r, "transition");
	int64_t id;
	enum err e;

	(void)view;
	if ((e = web_path_id(r, "id", "market.no_order", &id, ei)) != ERR_OK ||
	    (e = market_shop_order_act(w->db, w->who, id, t,
	    mow_int(r, w, "row_version", -1), http_form(r, "note"), ei)) !=
	    ERR_OK)
		return e;
	w->redirect = arena_printf(r->arena, "/cua-hang/don/%lld?saved=1",
	    (long long)id);
	return ERR_OK;
}

const struct route market_checkout_routes[] = {
	{ .method = "GET", .pattern = "/cho/gio-hang", .flags = ROUTE_HTML,
	  .tmpl = "market/checkout_cart", .fn = cart_page,
	  .roles = ROLES_PUBLIC },
	{ .method = "POST", .pattern = "/cho/gio-hang",
	  .flags = ROUTE_HTML | ROUTE_NOCSRF | ROUTE_FORM,
	  .tmpl = "market/checkout_cart", .fn = cart_post,
	  .roles = ROLES_PUBLIC, .form_view = cart_page },
	{ .method = "GET", .pattern = "/cho/dat-hang", .flags = ROUTE_HTML,
	  .tmpl = "market/checkout_form", .fn = checkout_page,
	  .roles = ROLES_PUBLIC },
	{ .method = "POST", .pattern = "/cho/dat-hang",
	  .flags = ROUTE_HTML | ROUTE_NOCSRF | ROUTE_FORM,
	  .tmpl = "market/checkout_form", .fn = checkout_post,
	  .roles = ROLES_PUBLIC, .form_view = checkout_page },
	{ .method = "GET", .pattern = "/cho/don/{token}", .flags = ROUTE_HTML,
	  .tmpl = "market/order_page", .fn = order_page,
	  .roles = ROLES_PUBLIC },
	{ .method = "POST", .pattern = "/cho/don/{token}/huy",
	  .flags = ROUTE_HTML | ROUTE_NOCSRF | ROUTE_FORM,
	  .tmpl = "market/order_page", .fn = order_cancel_page,
	  .roles = ROLES_PUBLIC, .form_view = order_page },
	{ .method = "POST", .pattern = "/cho/don/{token}/da-nhan",
	  .flags = ROUTE_HTML | ROUTE_NOCSRF | ROUTE_FORM,
	  .tmpl = "market/order_page", .fn = order_received_page,
	  .roles = ROLES_PUBLIC, .form_view = order_page },
	{ .method = "POST", .pattern = "/cho/don/{token}/danh-gia",
	  .flags = ROUTE_HTML | ROUTE_NOCSRF | ROUTE_FORM,
	  .tmpl = "market/order_page", .fn = order_review_page,
	  .roles = ROLES_PUBLIC, .form_view = order_page },
	{ .method = "GET", .pattern = "/cua-hang/don", .flags = ROUTE_HTML,
	  .tmpl = "market/order_shop_list", .fn = shop_list_page,
	  QUERY(mow_shop_query), .roles = MOW_PRODUCERS },
	{ .method = "GET", .pattern = "/cua-hang/don/{id}", .flags = ROUTE_HTML,
	  .tmpl = "market/order_shop", .fn = shop_order_page,
	  .roles = MOW_PRODUCERS },
	{ .method = "POST", .pattern = "/cua-hang/don/{id}",
	  .flags = ROUTE_HTML | ROUTE_FORM, .tmpl = "market/order_shop",
	  .fn = shop_order_post, .roles = MOW_PRODUCERS,
	  .form_view = shop_order_page },
	{ .method = NULL }
};
