/*
 * web_market_shop_pages.c - the producer's shop pages (docs/MARKET.md
 * section 3): /cua-hang (the shop's home: listings with their state in
 * words, what waits, the menu), /cua-hang/thanh-toan (payments and bank
 * account), /cua-hang/van-chuyen (shipping rules), /cua-hang/tin-ban/moi
 * (a new listing: the producer's certified products by name, the others
 * shown disabled with why) and /cua-hang/tin-ban/{id} (edit, photos,
 * pause/close).  Plain forms, no JavaScript needed; every refused form
 * lists every problem at the top and keeps what was typed.  The same
 * domain functions as the JSON API (web_market_shop.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "http/http.h"
#include "domain/market/market_listings.h"
#include "domain/ocop/ocop_registry.h"
#include "domain/market/market_vietqr.h"
#include "web/web.h"
#include "web/web_market_shop_internal.h"

/* The shop's menu: the other parts of the marketplace ADD their lines
 * here (the orders to handle, the statement), each a message key and a
 * page. */
static const struct shop_menu {
	const char *key, *href;
} shop_menu[] = {
	{ "mshop_menu_new", "/cua-hang/tin-ban/moi" },
	{ "mshop_menu_shipping", "/cua-hang/van-chuyen" },
	{ "mshop_menu_payments", "/cua-hang/thanh-toan" },
	{ "mo_menu_orders", "/cua-hang/don" },
	{ "mm_menu_reconcile", "/cua-hang/doi-soat" },
	{ "mm_menu_statement", "/cua-hang/sao-ke" },
};

/* "?producer_id=N": every link of the pages keeps the producer chosen. */
static const char *
qs(struct req *r, int64_t pid)
{
	return arena_printf(r->arena, "?producer_id=%lld", (long long)pid);
}

static void
common(struct req *r, struct web *w, json_t *view, int64_t pid,
    const char *title_key)
{
	json_t *mine;
	struct errinfo ig;

	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    title_key)));
	json_object_set_new(view, "producer_id", json_integer(pid));
	json_object_set_new(view, "qs", json_string(qs(r, pid)));
	json_object_set_new(view, "home_href", json_string(arena_printf(
	    r->arena, "/cua-hang%s", qs(r, pid))));
	if (w->who != NULL && ocop_producers_of_user(w->db, w->who->user_id,
	    &mine, &ig) == ERR_OK) {
		json_t *it;
		size_t i;

		json_array_foreach(mine, i, it) {
			json_object_set_new(it, "href", json_string(arena_printf(
			    r->arena, "/cua-hang?producer_id=%lld", (long long)
			    jval_int(it, "id", 0))));
			json_object_set_new(it, "current", json_boolean(
			    jval_int(it, "id", 0) == pid));
		}
		if (json_array_size(mine) > 1)
			json_object_set_new(view, "switch", mine);
		else
			json_decref(mine);
	}
}

/* ---- the shop's home ---------------------------------------------------------- */

/* /cua-hang names no producer: the account's only one, else a choice. */
static enum err
resolve_home(struct req *r, struct web *w, struct scope_target *t,
    struct errinfo *ei)
{
	struct errinfo ig;

	if (mshopw_scope_shop.resolve(r, w, t, &ig) == ERR_OK)
		return ERR_OK;
	if (strcmp(ig.code, "market.choose_producer") != 0) {
		*ei = ig;
		return ig.err;
	}
	t->structure = t->code = NULL;	/* the page offers the choice */
	return ERR_OK;
}

static const struct scope scope_home = { "market_shop", resolve_home };

static enum err
shop_home(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *shop, *list, *items, *it, *hidden, *sold_out, *menu;
	struct errinfo ig;
	int64_t pid;
	size_t i;
	enum err e;

	if (mshopw_producer_of(r, w, &pid, &ig) != ERR_OK) {
		json_t *mine;

		json_object_set_new(view, "title", json_string(msg_get(w->lang,
		    "mshop_title")));
		if (w->who != NULL && ocop_producers_of_user(w->db,
		    w->who->user_id, &mine, &ig) == ERR_OK) {
			json_array_foreach(mine, i, it)
				json_object_set_new(it, "href", json_string(
				    arena_printf(r->arena, "/cua-hang?"
				    "producer_id=%lld", (long long)jval_int(it,
				    "id", 0))));
			json_object_set_new(view, "choose", mine);
			json_object_set_new(view, "choosing", json_true());
		}
		return ERR_OK;
	}
	if ((e = market_shop_get(w->db, pid, w->lang, &shop, ei)) != ERR_OK)
		return e;
	jval_merge(view, shop);
	if ((e = market_listing_list(w->db, pid, 500, 0, w->lang, &list,
	    ei)) != ERR_OK)
		return e;
	items = json_object_get(list, "items");
	hidden = json_array();
	sold_out = json_array();
	json_array_foreach(items, i, it) {
		const char *state;

		json_object_set_new(it, "href", json_string(arena_printf(
		    r->arena, "/cua-hang/tin-ban/%lld", (long long)jval_int(it,
		    "id", 0))));
		/* the state in words: on sale, or why hidden (with the day),
		 * or the producer's pause */
		state = jval_str(it, "hidden_text") != NULL &&
		    strcmp(jval_str(it, "status"), "active") == 0 ?
		    jval_str(it, "hidden_text") : jval_str(it, "reason");
		json_object_set_new(it, "state_text", json_string(
		    strcmp(jval_str(it, "status"), "closed") == 0 ?
		    jval_str(it, "status_name") : state));
		if (!json_is_true(json_object_get(it, "selling")) &&
		    strcmp(jval_str(it, "status"), "active") == 0)
			json_array_append(hidden, it);
		if (json_is_true(json_object_get(it, "sold_out")) &&
		    strcmp(jval_str(it, "status"), "closed") != 0)
			json_array_append(sold_out, it);
	}
	json_object_set(view, "listings", items);
	json_decref(list);
	json_object_set_new(view, "hidden", hidden);
	json_object_set_new(view, "sold_out_list", sold_out);
	json_object_set_new(view, "nothing_waits", json_boolean(
	    json_array_size(hidden) == 0 && json_array_size(sold_out) == 0));
	menu = json_array();
	for (i = 0; i < sizeof(shop_menu) / sizeof(shop_menu[0]); i++)
		json_array_append_new(menu, json_pack("{s:s, s:s}", "label",
		    msg_get(w->lang, shop_menu[i].key), "href", arena_printf(
		    r->arena, "%s%s", shop_menu[i].href, qs(r, pid))));
	json_object_set_new(view, "menu", menu);
	common(r, w, view, pid, "mshop_title");
	return ERR_OK;
}

/* ---- payments ------------------------------------------------------------------- */

/* The banks that take VietQR transfers as <option>s, by name. */
static json_t *
bank_choices(struct web *w, const char *selected)
{
	struct market_bank banks[128];
	size_t n = market_banks(banks, 128);
	json_t *a = json_array();

	json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", "",
	    "label", msg_get(w->lang, "mshop_no_bank"), "selected",
	    selected == NULL || selected[0] == '\0'));
	for (size_t i = 0; i < n && i < 128; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value",
		    banks[i].bin, "label", banks[i].short_name, "selected",
		    selected != NULL && strcmp(selected, banks[i].bin) == 0));
	return a;
}

static enum err
payments_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	static const char *const keep[] = { "intro", "bank_bin",
		"bank_account", "account_name" };
	json_t *shop, *form;
	int64_t pid;
	enum err e;

	if ((e = mshopw_producer_of(r, w, &pid, ei)) != ERR_OK ||
	    (e = market_shop_get(w->db, pid, w->lang, &shop, ei)) != ERR_OK)
		return e;
	form = json_object();
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		json_object_set(form, keep[i], json_object_get(shop, keep[i]));
	if (json_is_true(json_object_get(shop, "accepts_cod")))
		json_object_set_new(form, "accepts_cod", json_string("1"));
	if (json_is_true(json_object_get(shop, "accepts_transfer")))
		json_object_set_new(form, "accepts_transfer", json_string("1"));
	json_object_set_new(view, "banks", bank_choices(w, strcmp(r->method,
	    "POST") == 0 ? http_form(r, "bank_bin") : jval_str(form,
	    "bank_bin")));
	json_object_set_new(view, "form", form);	/* a refusal: what was typed */
	json_object_set(view, "producer", json_object_get(shop, "producer"));
	json_decref(shop);
	common(r, w, view, pid, "mshop_payments_title");
	return ERR_OK;
}

static enum err
payments_save(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	int64_t pid;
	enum err e;

	(void)view;
	if ((e = mshopw_shop_save(r, w, &pid, ei)) != ERR_OK)
		return e;
	w->redirect = arena_printf(r->arena, "/cua-hang%s&saved=1", qs(r, pid));
	return ERR_OK;
}

/* ---- shipping rules ------------------------------------------------------------- */

#define RULE_ROWS_BLANK	3

/* One row of the rules' form: [{value, label, selected}] of the
 * destinations (the rest of the country first, then the 34 provinces),
 * and the four numbers as text. */
static json_t *
rule_row(struct req *r, struct web *w, size_t i, const char *province,
    const char *const nums[4], bool blank)
{
	static const char *const names[] = { "first_grams", "first_fee_vnd",
		"step_grams", "step_fee_vnd" };
	json_t *row = json_pack("{s:I, s:I}", "i", (json_int_t)i, "n",
	    (json_int_t)i + 1), *choices, *c;
	json_t *provinces = json_object();
	size_t k;

	web_unit_choices(r, w, provinces, "p", "province", province);
	choices = json_array();
	if (blank)
		json_array_append_new(choices, json_pack("{s:s, s:s, s:b}",
		    "value", "", "label", msg_get(w->lang, "mshop_no_line"),
		    "selected", province == NULL || province[0] == '\0'));
	json_array_append_new(choices, json_pack("{s:s, s:s, s:b}", "value",
	    "rest", "label", msg_get(w->lang, "mshop_rest"), "selected",
	    province != NULL && strcmp(province, "rest") == 0));
	json_array_foreach(json_object_get(provinces, "p"), k, c)
		json_array_append(choices, c);
	json_decref(provinces);
	json_object_set_new(row, "choices", choices);
	for (k = 0; k < 4; k++)
		json_object_set_new(row, names[k], json_string(nums[k] != NULL ?
		    nums[k] : ""));
	return row;
}

/* The rows as typed (a refused save: the rows the API read, in its
 * order, so that each problem's line matches), or as stored. */
static void
rule_rows(struct req *r, struct web *w, json_t *view, int64_t pid)
{
	static const char *const names[] = { "first_grams", "first_fee_vnd",
		"step_grams", "step_fee_vnd" };
	json_t *rows = json_array(), *rules;
	struct errinfo ig;
	size_t n = 0;

	if (strcmp(r->method, "POST") == 0) {
		for (size_t i = 0; i < MARKET_RULES_MAX; i++) {
			const char *nums[4], *p;
			bool any = false;

			for (size_t k = 0; k < 4; k++) {
				nums[k] = http_form(r, arena_printf(r->arena,
				    "rules.%zu.%s", i, names[k]));
				any = any || (nums[k] != NULL && nums[k][0] !=
				    '\0');
			}
			if (!any)
				continue;
			p = http_form(r, arena_printf(r->arena,
			    "rules.%zu.province", i));
			json_array_append_new(rows, rule_row(r, w, n++, p, nums,
			    true));
		}
	} else if (market_rules_get(w->db, pid, w->lang, &rules, &ig) ==
	    ERR_OK) {
		json_t *it;
		size_t i;

		json_array_foreach(rules, i, it) {
			const char *nums[4] = { jval_str(it, "first_grams_text"),
				numfmt_int_a(r->arena, jval_int(it,
				"first_fee_vnd", 0), w->lang),
				jval_str(it, "step_grams_text"),
				numfmt_int_a(r->arena, jval_int(it,
				"step_fee_vnd", 0), w->lang) };
			const char *p = jval_str(it, "province");

			json_array_append_new(rows, rule_row(r, w, n++,
			    p != NULL ? p : "rest", nums, true));
		}
		json_decref(rules);
	}
	for (size_t b = 0; b < RULE_ROWS_BLANK && n < MARKET_RULES_MAX; b++) {
		const char *none[4] = { NULL, NULL, NULL, NULL };

		json_array_append_new(rows, rule_row(r, w, n++, "", none, true));
	}
	json_object_set_new(view, "rows", rows);
}

static enum err
shipping_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	int64_t pid;
	enum err e;

	if ((e = mshopw_producer_of(r, w, &pid, ei)) != ERR_OK)
		return e;
	rule_rows(r, w, view, pid);
	common(r, w, view, pid, "mshop_shipping_title");
	return ERR_OK;
}

static enum err
shipping_save(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	int64_t pid;
	enum err e;

	(void)view;
	if ((e = mshopw_rules_save(r, w, &pid, ei)) != ERR_OK)
		return e;
	w->redirect = arena_printf(r->arena, "/cua-hang/van-chuyen%s&saved=1",
	    qs(r, pid));
	return ERR_OK;
}

/* ---- listings ------------------------------------------------------------------- */

static enum err
new_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *chosen = strcmp(r->method, "POST") == 0 ?
	    http_form(r, "product_id") : NULL;
	json_t *products, *it, *form;
	int64_t pid;
	size_t i;
	enum err e;

	if ((e = mshopw_producer_of(r, w, &pid, ei)) != ERR_OK ||
	    (e = market_products_for_listing(w->db, pid, w->lang, &products,
	    ei)) != ERR_OK)
		return e;
	json_array_foreach(products, i, it)
		json_object_set_new(it, "checked", json_boolean(chosen != NULL &&
		    strtoll(chosen, NULL, 10) == jval_int(it, "id", 0)));
	json_object_set_new(view, "products", products);
	form = json_pack("{s:s}", "status", "active");
	json_object_set_new(view, "form", form);
	common(r, w, view, pid, "mshop_new_title");
	return ERR_OK;
}

static enum err
listing_create(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	int64_t id;
	enum err e;

	(void)view;
	if ((e = mshopw_listing_create(r, w, &id, ei)) != ERR_OK)
		return e;
	w->redirect = arena_printf(r->arena, "/cua-hang/tin-ban/%lld?saved=1",
	    (long long)id);
	return ERR_OK;
}

static enum err
listing_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *l, *form;
	const char *status;
	enum err e;

	if ((e = market_listing_get(w->db, w->target.id, w->lang, &l, ei)) !=
	    ERR_OK)
		return e;
	form = json_pack("{s:s*, s:s*, s:s*, s:s, s:s, s:s}",
	    "variant", jval_str(l, "variant"),
	    "unit_name", jval_str(l, "unit_name"),
	    "description", jval_str(l, "description"),
	    "price_vnd", numfmt_int_a(r->arena, jval_int(l, "price_vnd", 0),
	    w->lang),
	    "stock", numfmt_int_a(r->arena, jval_int(l, "stock", 0), w->lang),
	    "weight_grams", jval_str(l, "weight_text"));
	jval_merge(view, l);
	json_object_set_new(view, "form", form);
	status = jval_str(view, "status");
	json_object_set_new(view, "can_pause", json_boolean(
	    strcmp(status, "active") == 0));
	json_object_set_new(view, "can_activate", json_boolean(
	    strcmp(status, "active") != 0));
	json_object_set_new(view, "can_close", json_boolean(
	    strcmp(status, "closed") != 0));
	json_object_set_new(view, "state_text", json_string(
	    jval_str(view, "hidden_text") != NULL && strcmp(status, "active") ==
	    0 ? jval_str(view, "hidden_text") : jval_str(view, "reason")));
	common(r, w, view, jval_int(view, "producer_id", 0),
	    "mshop_listing_title");
	json_object_set(view, "title", json_object_get(view, "product"));
	return ERR_OK;
}

/* The edit form (every field: a cleared one is refused, not kept) or a
 * state button (status alone). */
static enum err
listing_save(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct market_listing_in in = { 0 };
	struct errinfo probs[MARKET_PROBLEMS_MAX];
	int64_t rv = mshopw_num(r, w, "row_version", 'n');
	bool edit = http_form(r, "edit") != NULL;
	enum err e;

	(void)view;
	mshopw_listing_fields(r, w, &in);
	if (edit) {
		in.product_id = 1;	/* kept: only the others are checked */
		in.status = NULL;
		if (in.unit_name == NULL)
			in.unit_name = "";
	} else
		in.product_id = 0;
	mshopw_add_problems(w, probs, market_listing_problems(&in, edit,
	    probs, MARKET_PROBLEMS_MAX));
	in.product_id = 0;
	if ((e = web_problems(w, ei)) != ERR_OK ||
	    (e = market_listing_update(w->db, w->who, w->acting, w->target.id,
	    &in, rv > 0 ? rv : 0, ei)) != ERR_OK)
		return e;
	w->redirect = arena_printf(r->arena, "/cua-hang/tin-ban/%lld?saved=1",
	    (long long)w->target.id);
	return ERR_OK;
}

static const struct qfield page_query[] = {
	{ "producer_id", Q_INT, 1, INT64_MAX / 2, 0, NULL } };

const struct route market_shop_page_routes[] = {
	{ .method = "GET", .pattern = "/cua-hang", .flags = ROUTE_HTML,
	  .tmpl = "market/shop_home", .fn = shop_home, QUERY(page_query),
	  .roles = MSHOPW_WRITERS, .scope = &scope_home },
	{ .method = "GET", .pattern = "/cua-hang/thanh-toan",
	  .flags = ROUTE_HTML, .tmpl = "market/shop_payments",
	  .fn = payments_page, QUERY(page_query), .roles = MSHOPW_WRITERS,
	  .scope = &mshopw_scope_shop },
	{ .method = "POST", .pattern = "/cua-hang/thanh-toan",
	  .flags = ROUTE_HTML | ROUTE_FORM, .tmpl = "market/shop_payments",
	  .fn = payments_save, QUERY(page_query), .roles = MSHOPW_WRITERS,
	  .scope = &mshopw_scope_shop, .form_view = payments_page },
	{ .method = "GET", .pattern = "/cua-hang/van-chuyen",
	  .flags = ROUTE_HTML, .tmpl = "market/shop_shipping",
	  .fn = shipping_page, QUERY(page_query), .roles = MSHOPW_WRITERS,
	  .scope = &mshopw_scope_shop },
	{ .method = "POST", .pattern = "/cua-hang/van-chuyen",
	  .flags = ROUTE_HTML | ROUTE_FORM, .tmpl = "market/shop_shipping",
	  .fn = shipping_save, QUERY(page_query), .roles = MSHOPW_WRITERS,
	  .scope = &mshopw_scope_shop, .form_view = shipping_page },
	{ .method = "GET", .pattern = "/cua-hang/tin-ban/moi",
	  .flags = ROUTE_HTML, .tmpl = "market/shop_listing_new",
	  .fn = new_page, QUERY(page_query), .roles = MSHOPW_WRITERS,
	  .scope = &mshopw_scope_shop },
	{ .method = "POST", .pattern = "/cua-hang/tin-ban",
	  .flags = ROUTE_HTML | ROUTE_FORM, .tmpl = "market/shop_listing_new",
	  .fn = listing_create, QUERY(page_query), .roles = MSHOPW_WRITERS,
	  .scope = &mshopw_scope_shop, .form_view = new_page },
	{ .method = "GET", .pattern = "/cua-hang/tin-ban/{id}",
	  .flags = ROUTE_HTML, .tmpl = "market/shop_listing",
	  .fn = listing_page, .roles = MSHOPW_WRITERS,
	  .scope = &mshopw_scope_listing },
	{ .method = "POST", .pattern = "/cua-hang/tin-ban/{id}",
	  .flags = ROUTE_HTML | ROUTE_FORM, .tmpl = "market/shop_listing",
	  .fn = listing_save, .roles = MSHOPW_WRITERS,
	  .scope = &mshopw_scope_listing, .form_view = listing_page },
	{ .method = "POST", .pattern = "/cua-hang/tin-ban/{id}/anh",
	  .flags = ROUTE_HTML | ROUTE_FORM, .tmpl = "market/shop_listing",
	  .fn = mshopw_photo_add, .roles = MSHOPW_WRITERS,
	  .scope = &mshopw_scope_listing, .form_view = listing_page },
	{ .method = NULL }
};
