/*
 * web_market_buyers.c - buyer accounts of the marketplace: registration
 * (page /cho/tai-khoan/dang-ky, API POST /market/buyers), the account's
 * orders (page /cho/tai-khoan, API GET /market/my/orders) and one of them
 * (/cho/tai-khoan/don/{id}, /market/my/orders/{id}).  The orders are the
 * caller's own (buyer_id = the account): any signed-in account may look
 * (staff buy too), which is why these routes carry ROUTE_ANY_ACCOUNT.
 */
#include <string.h>

#include "core/jval.h"
#include "core/msg.h"
#include "domain/market/market_buyers.h"
#include "web/web_internal.h"
#include "web/web_market_internal.h"

static const struct qfield my_orders_query[] = { QF_LIMIT, QF_OFFSET };

/* The body's text field: the JSON body's string, else the form's. */
static const char *
field(struct req *r, struct web *w, const char *name)
{
	if (w->body != NULL)
		return jval_str(w->body, name);
	return http_form(r, name);
}

static enum err
register_do(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct market_problems probs;
	char username[MARKET_PHONE_LEN];
	int64_t id;
	enum err e;

	e = market_buyer_register(w->db, field(r, w, "name"),
	    field(r, w, "phone"), field(r, w, "password"), &probs, &id,
	    username, ei);
	if (e == ERR_INVALID && probs.n > 0) {
		mow_problems(w, &probs);
		return web_problems(w, ei);
	}
	if (e != ERR_OK)
		return e;
	if (w->json) {
		json_object_set_new(view, "id", json_integer(id));
		json_object_set_new(view, "username", json_string(username));
		return ERR_OK;
	}
	/* Signing in is the ordinary login (the phone, then the password),
	 * which then leads to the account's orders. */
	w->redirect = "/login?next=%2Fcho%2Ftai-khoan";
	return ERR_OK;
}

static enum err
register_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)r;
	(void)ei;
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "mb_register_title")));
	return ERR_OK;
}

static enum err
my_orders(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out;
	enum err e;

	(void)r;
	if ((e = market_buyer_orders(w->db, w->who->user_id,
	    web_qint(w, "limit", 50), web_qint(w, "offset", 0), w->lang, &out,
	    ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	if (!w->json) {
		json_object_set_new(view, "title", json_string(msg_get(w->lang,
		    "mb_orders_title")));
		json_object_set_new(view, "who", jval_string(w->who->full_name));
	}
	return ERR_OK;
}

static enum err
my_order(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out;
	int64_t id;
	enum err e;

	if ((e = web_path_id(r, "id", "market.no_order", &id, ei)) != ERR_OK ||
	    (e = market_buyer_order(w->db, w->who->user_id, id, w->lang, &out,
	    ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	if (!w->json)
		json_object_set_new(view, "title", json_string(msg_get(w->lang,
		    "mb_order_title")));
	return ERR_OK;
}

const struct route market_buyer_routes[] = {
	{ .method = "POST", .pattern = "/market/buyers",
	  .flags = ROUTE_API | ROUTE_NOCSRF, .fn = register_do,
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/market/my/orders", .flags = ROUTE_API |
	  ROUTE_ANY_ACCOUNT, .fn = my_orders, QUERY(my_orders_query),
	  .roles = ROLES_SIGNED_IN },
	{ .method = "GET", .pattern = "/market/my/orders/{id}",
	  .flags = ROUTE_API | ROUTE_ANY_ACCOUNT, .fn = my_order,
	  .roles = ROLES_SIGNED_IN },
	{ .method = "GET", .pattern = "/cho/tai-khoan/dang-ky",
	  .flags = ROUTE_HTML, .tmpl = "market/buyer_register",
	  .fn = register_page, .roles = ROLES_PUBLIC },
	{ .method = "POST", .pattern = "/cho/tai-khoan/dang-ky",
	  .flags = ROUTE_HTML | ROUTE_NOCSRF | ROUTE_FORM,
	  .tmpl = "market/buyer_register", .fn = register_do,
	  .roles = ROLES_PUBLIC, .form_view = register_page },
	{ .method = "GET", .pattern = "/cho/tai-khoan", .flags = ROUTE_HTML |
	  ROUTE_ANY_ACCOUNT, .tmpl = "market/buyer_orders", .fn = my_orders,
	  QUERY(my_orders_query), .roles = ROLES_SIGNED_IN },
	{ .method = "GET", .pattern = "/cho/tai-khoan/don/{id}",
	  .flags = ROUTE_HTML | ROUTE_ANY_ACCOUNT, .tmpl = "market/buyer_order",
	  .fn = my_order, .roles = ROLES_SIGNED_IN },
	{ .method = NULL }
};
