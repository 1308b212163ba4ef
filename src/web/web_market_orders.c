/*
 * web_market_orders.c - the marketplace's checkout and orders as JSON
 * under /api/v1/market/... (docs/API.md, docs/MARKET.md section 5;
 * domain/market/market_orders.h).  The pages (/cho/gio-hang,
 * /cho/dat-hang, /cho/don/{token}, /cua-hang/don...) are in
 * web_market_checkout.c and call the same domain functions.
 *
 * Access: the buyer's routes are public (no account in most cases) and
 * reach an order only through its private token; the producer's routes
 * admit producer accounts (.roles) and the domain keeps each to the
 * producers it represents (403 market.not_yours), while the workflow
 * engine checks each step's role and level.  Each handler parses, calls
 * one domain function and fills the view.
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/jval.h"
#include "domain/market/market_orders.h"
#include "domain/market/market_vietqr.h"
#include "http/http.h"
#include "web/web.h"
#include "web/web_internal.h"
#include "web/web_market_internal.h"

void
mow_problems(struct web *w, const struct market_problems *p)
{
	for (size_t i = 0; i < p->n; i++)
		web_problem(w, &p->p[i], NULL);
}

static enum err
checkout(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct market_problems probs;
	json_t *out = NULL, *quote = NULL;
	enum err e;

	(void)r;
	e = market_checkout(w->db, w->lang, w->body, w->who != NULL ?
	    w->who->user_id : 0, &out, &quote, &probs, ei);
	if (e == ERR_INVALID && probs.n > 0) {
		mow_problems(w, &probs);
		return web_problems(w, ei);
	}
	if (quote != NULL)
		json_object_set_new(view, "quote", quote);
	if (e != ERR_OK)
		return e;
	jval_merge(view, out);
	return ERR_OK;
}

static enum err
order_get(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out;
	enum err e;

	if ((e = market_order_by_token(w->db, http_param(r, "token"), w->lang,
	    &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	return ERR_OK;
}

static enum err
buyer_step(struct req *r, struct web *w, json_t *view, const char *t,
    struct errinfo *ei)
{
	enum err e;

	if ((e = market_order_buyer_act(w->db, http_param(r, "token"), t,
	    ei)) != ERR_OK)
		return e;
	return order_get(r, w, view, ei);
}

static enum err
order_cancel(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return buyer_step(r, w, view, "buyer_cancel", ei);
}

static enum err
order_received(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return buyer_step(r, w, view, "receive", ei);
}

/* An integer of the body: a JSON number or a form's digits; dflt when
 * absent, -2 when not a number. */
int64_t
mow_int(struct req *r, struct web *w, const char *name, int64_t dflt)
{
	json_t *v = json_object_get(w->body, name);
	const char *s = v == NULL ? http_form(r, name) : NULL;
	char *end;
	long long n;

	if (json_is_integer(v))
		return json_integer_value(v);
	if (v != NULL)
		s = json_string_value(v);
	if (s == NULL || s[0] == '\0')
		return v == NULL && http_form(r, name) == NULL ? dflt : -2;
	n = strtoll(s, &end, 10);
	return *end == '\0' ? n : -2;
}

enum err
mow_review(struct req *r, struct web *w, struct errinfo *ei)
{
	struct market_problems probs;
	struct errinfo one;
	const char *body = NULL;
	enum err e;

	if (web_field(r, w, "body", MARKET_REVIEW_MAX * 4, false, &body,
	    &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if ((e = web_problems(w, ei)) != ERR_OK)
		return e;
	e = market_order_review(w->db, http_param(r, "token"),
	    mow_int(r, w, "listing_id", 0), mow_int(r, w, "rating", 0), body,
	    &probs, ei);
	if (e == ERR_INVALID && probs.n > 0) {
		mow_problems(w, &probs);
		return web_problems(w, ei);
	}
	return e;
}

static enum err
order_review(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	enum err e;

	if ((e = mow_review(r, w, ei)) != ERR_OK)
		return e;
	return order_get(r, w, view, ei);
}

static enum err
order_vietqr(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out;
	const char *payload;
	enum err e;

	(void)view;
	if ((e = market_order_by_token(w->db, http_param(r, "token"), w->lang,
	    &out, ei)) != ERR_OK)
		return e;
	payload = jval_str(json_object_get(json_object_get(out, "order"),
	    "vietqr"), "payload");
	if (payload == NULL) {
		json_decref(out);
		return err_set(ei, ERR_NOTFOUND, "market.no_vietqr", "token",
		    "Đơn hàng này không thanh toán bằng chuyển khoản",
		    "This order is not paid by transfer");
	}
	buf_reset(&r->out);
	e = market_vietqr_svg(&r->out, payload);
	json_decref(out);
	if (e != ERR_OK)
		return e;
	r->status = 200;
	r->content_type = "image/svg+xml";
	http_add_header(r, "Cache-Control", "private, no-store");
	http_add_header(r, "X-Robots-Tag", "noindex");
	return ERR_OK;
}

/* ---- the producer ------------------------------------------------------- */

static const char *const order_states[] = { "placed", "confirmed", "shipped",
	"delivered", "cancelled", "returned", NULL };
const struct qfield mow_shop_query[3] = {
	{ "state", Q_CHOICE, 0, 0, 0, order_states }, QF_LIMIT, QF_OFFSET };

static enum err
shop_orders(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out;
	enum err e;

	(void)r;
	if ((e = market_shop_orders(w->db, w->who, web_qtext(w, "state"),
	    web_qint(w, "limit", 50), web_qint(w, "offset", 0), w->lang, &out,
	    ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	return ERR_OK;
}

enum err
mow_shop_order(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out;
	int64_t id;
	enum err e;

	if ((e = web_path_id(r, "id", "market.no_order", &id, ei)) != ERR_OK ||
	    (e = market_shop_order(w->db, w->who, id, w->lang, &out, ei)) !=
	    ERR_OK)
		return e;
	jval_merge(view, out);
	return ERR_OK;
}

static enum err
shop_transition(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct errinfo one;
	const char *t = NULL, *note = NULL;
	int64_t id, rv;
	enum err e;

	if ((e = web_path_id(r, "id", "market.no_order", &id, ei)) != ERR_OK)
		return e;
	if (web_field(r, w, "transition", 64, true, &t, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "note", 2000, false, &note, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	rv = mow_int(r, w, "row_version", -1);
	if (rv < -1) {
		err_set(&one, ERR_INVALID, "market.bad_row_version",
		    "row_version", "Phiên bản không hợp lệ",
		    "The row version is not valid");
		web_problem(w, &one, NULL);
	}
	if ((e = web_problems(w, ei)) != ERR_OK ||
	    (e = market_shop_order_act(w->db, w->who, id, t, rv, note, ei)) !=
	    ERR_OK)
		return e;
	return mow_shop_order(r, w, view, ei);
}

const struct route market_order_routes[] = {
	{ .method = "POST", .pattern = "/market/checkout",
	  .flags = ROUTE_API | ROUTE_NOCSRF, .fn = checkout,
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/market/orders/{token}",
	  .flags = ROUTE_API, .fn = order_get, .roles = ROLES_PUBLIC },
	{ .method = "POST", .pattern = "/market/orders/{token}/cancel",
	  .flags = ROUTE_API | ROUTE_NOCSRF, .fn = order_cancel,
	  .roles = ROLES_PUBLIC },
	{ .method = "POST", .pattern = "/market/orders/{token}/received",
	  .flags = ROUTE_API | ROUTE_NOCSRF, .fn = order_received,
	  .roles = ROLES_PUBLIC },
	{ .method = "POST", .pattern = "/market/orders/{token}/reviews",
	  .flags = ROUTE_API | ROUTE_NOCSRF, .fn = order_review,
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/market/orders/{token}/vietqr.svg",
	  .flags = ROUTE_API | ROUTE_RAW, .fn = order_vietqr,
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/market/shop/orders",
	  .flags = ROUTE_API, .fn = shop_orders, QUERY(mow_shop_query),
	  .roles = MOW_PRODUCERS },
	{ .method = "GET", .pattern = "/market/shop/orders/{id}",
	  .flags = ROUTE_API, .fn = mow_shop_order, .roles = MOW_PRODUCERS },
	{ .method = "POST", .pattern = "/market/shop/orders/{id}/transitions",
	  .flags = ROUTE_API, .fn = shop_transition, .roles = MOW_PRODUCERS },
	{ .method = NULL }
};
