/*
 * web_market_shop.c - the producer's shop as JSON (/api/v1/market/shop...;
 * docs/MARKET.md section 3, domain/market/market_listings.h): the shop
 * (GET/PUT), its shipping rules (GET/PUT the whole set), its listings
 * (GET mine, POST; GET/PATCH one) and their photos.  The pages /cua-hang...
 * are web_market_shop_pages.c and share the resolvers and field readers
 * (web_market_shop_internal.h).
 *
 * Access: a route says who (producers write; officers read in their
 * scope) and what (the shop's producer: ?producer_id=, the body's
 * producer_id or product_id, else the only producer the account
 * represents; a listing of the path).  The resolver refuses a producer
 * account acting for a producer it does not represent (403
 * market.not_yours) before the unit's scope is checked.
 */
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "http/http.h"
#include "domain/market/market_listings.h"
#include "domain/ocop/ocop_registry.h"
#include "web/web.h"
#include "web/web_internal.h"
#include "web/web_market_shop_internal.h"
#include "web/web_photos.h"

/* ---- the producer a request is about ----------------------------------------- */

/* A positive whole number of the body (JSON integer or digits) or the
 * form; 0 when absent or not one. */
static int64_t
body_id(struct req *r, struct web *w, const char *name)
{
	const char *v = NULL;
	char *end;
	long long n;

	if (w->body != NULL) {
		json_t *j = json_object_get(w->body, name);

		if (json_is_integer(j))
			return json_integer_value(j) > 0 ?
			    json_integer_value(j) : 0;
		v = json_is_string(j) ? json_string_value(j) : NULL;
	} else if (r->is_form)
		v = http_form(r, name);
	if (v == NULL || v[0] < '0' || v[0] > '9')
		return 0;
	n = strtoll(v, &end, 10);
	return *end == '\0' && n > 0 && n < INT64_MAX / 2 ? n : 0;
}

/* Does the caller hold a role of mask other than the producer's? */
static bool
holds_other(const struct web *w, unsigned mask)
{
	for (size_t i = 0; w->who != NULL && i < w->who->nroles; i++)
		if (w->who->roles[i].role != ROLE_PRODUCER &&
		    (mask & ROLE_BIT(w->who->roles[i].role)))
			return true;
	return false;
}

static bool
holds_producer(const struct web *w)
{
	for (size_t i = 0; w->who != NULL && i < w->who->nroles; i++)
		if (w->who->roles[i].role == ROLE_PRODUCER)
			return true;
	return false;
}

/* A producer account for a producer of its own commune that it does not
 * represent: refused here (a neighbour's shop is not one's own); outside
 * its commune the router's scope refuses it. */
static enum err
own_producer(struct web *w, int64_t producer_id, const char *structure,
    const char *code, const char *field, struct errinfo *ei)
{
	const struct role_binding *b = NULL;

	if (!holds_producer(w) || holds_other(w, w->route->roles) ||
	    !auth_can(w->db, w->who, ROLE_BIT(ROLE_PRODUCER), structure, code,
	    &b))
		return ERR_OK;
	return market_check_owner(w->db, w->who, b, producer_id, field, ei);
}

enum err
mshopw_producer_of(struct req *r, struct web *w, int64_t *out,
    struct errinfo *ei)
{
	int64_t pid = web_qint(w, "producer_id", 0), product;
	json_t *mine;
	enum err e;

	if (pid == 0)
		pid = body_id(r, w, "producer_id");
	if (pid == 0 && (product = body_id(r, w, "product_id")) > 0) {
		struct arena *a = arena_new(256);
		const char *s, *c;
		struct errinfo ig;

		/* the product's own producer (a missing product: the domain
		 * says so, naming product_id) */
		if (ocop_product_unit_of(w->db, a, product, &s, &c, &pid,
		    &ig) != ERR_OK)
			pid = 0;
		arena_free(a);
	}
	if (pid == 0 && w->who != NULL) {
		if ((e = ocop_producers_of_user(w->db, w->who->user_id, &mine,
		    ei)) != ERR_OK)
			return e;
		if (json_array_size(mine) == 1)
			pid = jval_int(json_array_get(mine, 0), "id", 0);
		json_decref(mine);
	}
	if (pid == 0)
		return err_set(ei, ERR_INVALID, "market.choose_producer",
		    "producer_id", "Hãy chọn cơ sở sản xuất của cửa hàng",
		    "Choose the shop's producer");
	*out = pid;
	return ERR_OK;
}

static enum err
resolve_shop(struct req *r, struct web *w, struct scope_target *t,
    struct errinfo *ei)
{
	int64_t pid;
	enum err e;

	t->field = "producer_id";
	if ((e = mshopw_producer_of(r, w, &pid, ei)) != ERR_OK ||
	    (e = market_producer_unit(w->db, r->arena, pid, "producer_id",
	    &t->structure, &t->code, ei)) != ERR_OK)
		return e;
	return own_producer(w, pid, t->structure, t->code, "producer_id", ei);
}

static enum err
resolve_listing(struct req *r, struct web *w, struct scope_target *t,
    struct errinfo *ei)
{
	int64_t pid;
	enum err e;

	t->field = "id";
	if ((e = web_path_id(r, "id", "market.listing_not_found", &t->id,
	    ei)) != ERR_OK ||
	    (e = market_listing_unit_of(w->db, r->arena, t->id, &pid,
	    &t->structure, &t->code, ei)) != ERR_OK ||
	    (e = own_producer(w, pid, t->structure, t->code, "id", ei)) !=
	    ERR_OK)
		return e;
	return ERR_OK;
}

const struct scope mshopw_scope_shop = { "market_shop", resolve_shop };
const struct scope mshopw_scope_listing = { "market_listing",
	resolve_listing };

/* ---- fields ------------------------------------------------------------------- */

/* A number of a JSON body: an integer (held past every limit, so that
 * nothing overflows later), or text as people write it. */
static int64_t
json_num(json_t *j, char kind)
{
	const char *v;

	if (j == NULL || json_is_null(j))
		return MARKET_NUM_MISSING;
	if (json_is_integer(j)) {
		json_int_t x = json_integer_value(j);

		return x > 1000000000000000LL ? 1000000000000000LL :
		    x < -1000000000000000LL ? -1000000000000000LL : x;
	}
	if (!json_is_string(j) || json_string_length(j) > 64)
		return MARKET_NUM_BAD;
	v = json_string_value(j);
	return kind == 'v' ? market_parse_vnd(v) : kind == 'g' ?
	    market_parse_grams(v) : market_parse_count(v);
}

int64_t
mshopw_num(struct req *r, struct web *w, const char *name, char kind)
{
	const char *v = NULL;

	if (w->body != NULL)
		return json_num(json_object_get(w->body, name), kind);
	if (r->is_form)
		v = http_form(r, name);
	if (v != NULL && strlen(v) > 64)
		return MARKET_NUM_BAD;
	return kind == 'v' ? market_parse_vnd(v) : kind == 'g' ?
	    market_parse_grams(v) : market_parse_count(v);
}

bool
mshopw_flag(struct req *r, struct web *w, const char *name, bool dflt)
{
	const char *v;

	if (w->body != NULL) {
		json_t *j = json_object_get(w->body, name);

		if (j == NULL || json_is_null(j))
			return dflt;
		if (json_is_boolean(j))
			return json_is_true(j);
		if (json_is_integer(j))
			return json_integer_value(j) != 0;
		v = json_is_string(j) ? json_string_value(j) : "";
	} else
		v = r->is_form ? http_form(r, name) : NULL;
	return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0 &&
	    strcmp(v, "false") != 0;
}

void
mshopw_add_problems(struct web *w, const struct errinfo *p, size_t n)
{
	for (size_t i = 0; i < n && i < MARKET_PROBLEMS_MAX; i++)
		web_problem(w, &p[i], NULL);
}

static void
text(struct req *r, struct web *w, const char *name, size_t max,
    const char **out)
{
	struct errinfo one;

	/* the domain names a text too long with the page's words; the web
	 * layer only stops what is far past it */
	if (web_field(r, w, name, max * 4 + 64, false, out, &one) != ERR_OK)
		web_problem(w, &one, NULL);
}

void
mshopw_listing_fields(struct req *r, struct web *w,
    struct market_listing_in *in)
{
	in->product_id = body_id(r, w, "product_id");
	text(r, w, "variant", MARKET_VARIANT_MAX, &in->variant);
	text(r, w, "unit_name", MARKET_UNIT_MAX, &in->unit_name);
	text(r, w, "description", MARKET_TEXT_MAX, &in->description);
	text(r, w, "status", 16, &in->status);
	in->price_vnd = mshopw_num(r, w, "price_vnd", 'v');
	in->stock = mshopw_num(r, w, "stock", 'n');
	in->weight_grams = mshopw_num(r, w, "weight_grams", 'g');
}

void
mshopw_shop_fields(struct req *r, struct web *w, struct market_shop_in *in)
{
	text(r, w, "intro", MARKET_INTRO_MAX, &in->intro);
	text(r, w, "bank_bin", 16, &in->bank_bin);
	text(r, w, "bank_account", 32, &in->bank_account);
	text(r, w, "account_name", MARKET_HOLDER_MAX, &in->account_name);
	in->accepts_cod = mshopw_flag(r, w, "accepts_cod", true);
	in->accepts_transfer = mshopw_flag(r, w, "accepts_transfer", false);
}

/* ---- the shop ------------------------------------------------------------------ */

static const struct qfield shop_query[] = {
	{ "producer_id", Q_INT, 1, INT64_MAX / 2, 0, NULL } };
static const struct qfield listings_query[] = {
	{ "producer_id", Q_INT, 1, INT64_MAX / 2, 0, NULL },
	QF_LIMIT, QF_OFFSET };

static enum err
shop_get(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	int64_t pid;
	json_t *out;
	enum err e;

	if ((e = mshopw_producer_of(r, w, &pid, ei)) != ERR_OK ||
	    (e = market_shop_get(w->db, pid, w->lang, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	return ERR_OK;
}

/* Whether a write to the shop (its settings or its shipping rules) may
 * go on once its fields were read: no problem with them, the shop's
 * producer found (*pid) and the caller's own (a producer account acts
 * only for the producers it represents); *who is then the actor. */
static enum err
shop_write_admitted(struct req *r, struct web *w, int64_t *pid,
    struct audit_actor *who, struct errinfo *ei)
{
	enum err e;

	if ((e = web_problems(w, ei)) != ERR_OK ||
	    (e = mshopw_producer_of(r, w, pid, ei)) != ERR_OK ||
	    (e = market_check_owner(w->db, w->who, w->acting, *pid,
	    "producer_id", ei)) != ERR_OK)
		return e;
	web_actor(w, who);
	return ERR_OK;
}

/* The shop's form or JSON saved for its producer (*pid): every problem
 * at once, the own-record rule, one transaction. */
enum err
mshopw_shop_save(struct req *r, struct web *w, int64_t *pid,
    struct errinfo *ei)
{
	struct market_shop_in in = { 0 };
	struct errinfo probs[MARKET_PROBLEMS_MAX];
	struct audit_actor who;
	enum err e;

	mshopw_shop_fields(r, w, &in);
	mshopw_add_problems(w, probs, market_shop_problems(&in, probs,
	    MARKET_PROBLEMS_MAX));
	if ((e = shop_write_admitted(r, w, pid, &who, ei)) != ERR_OK)
		return e;
	return market_shop_put(w->db, &who, *pid, &in, ei);
}

static enum err
shop_put(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	int64_t pid;
	enum err e;

	if ((e = mshopw_shop_save(r, w, &pid, ei)) != ERR_OK)
		return e;
	return shop_get(r, w, view, ei);
}

/* ---- shipping rules ------------------------------------------------------------ */

static int64_t
rule_num(json_t *o, const char *name, char kind)
{
	return json_num(json_object_get(o, name), kind);
}

size_t
mshopw_rules_fields(struct req *r, struct web *w, struct market_rule_in *in,
    size_t max)
{
	static const char *const nums[] = { "first_grams", "first_fee_vnd",
		"step_grams", "step_fee_vnd" };
	static const char kinds[] = { 'g', 'v', 'g', 'v' };
	size_t n = 0;

	if (w->body != NULL) {
		json_t *rules = json_object_get(w->body, "rules"), *it;
		size_t i;
		struct errinfo one;

		if (!json_is_array(rules)) {
			err_set(&one, ERR_INVALID, "market.required", "rules",
			    "Cần danh sách quy tắc vận chuyển (rules)",
			    "The shipping rules (rules) are required");
			web_problem(w, &one, NULL);
			return 0;
		}
		json_array_foreach(rules, i, it) {
			json_t *pv;

			if (n >= max)
				return n + 1;	/* too many: the domain says */
			pv = json_object_get(it, "province");
			if (pv == NULL || json_is_null(pv))
				pv = json_object_get(it, "province_code");
			in[n].province = json_is_string(pv) ?
			    arena_strdup(r->arena, json_string_value(pv)) :
			    json_is_null(pv) || pv == NULL ? NULL : "?";
			in[n].first_grams = rule_num(it, nums[0], kinds[0]);
			in[n].first_fee_vnd = rule_num(it, nums[1], kinds[1]);
			in[n].step_grams = rule_num(it, nums[2], kinds[2]);
			in[n].step_fee_vnd = rule_num(it, nums[3], kinds[3]);
			n++;
		}
		return n;
	}
	for (size_t i = 0; i < MARKET_RULES_MAX && n < max; i++) {
		const char *pv = http_form(r, arena_printf(r->arena,
		    "rules.%zu.province", i));
		int64_t v[4];
		bool any = false;

		for (size_t k = 0; k < 4; k++) {
			v[k] = market_parse_grams(NULL);
			{
				const char *t = http_form(r, arena_printf(
				    r->arena, "rules.%zu.%s", i, nums[k]));

				if (t != NULL && strlen(t) > 64)
					v[k] = MARKET_NUM_BAD;
				else
					v[k] = kinds[k] == 'v' ?
					    market_parse_vnd(t) :
					    market_parse_grams(t);
			}
			any = any || v[k] != MARKET_NUM_MISSING;
		}
		if (!any)
			continue;	/* an empty row of the page */
		in[n].province = pv != NULL && strcmp(pv, "rest") == 0 ? NULL :
		    pv;
		in[n].first_grams = v[0];
		in[n].first_fee_vnd = v[1];
		in[n].step_grams = v[2];
		in[n].step_fee_vnd = v[3];
		n++;
	}
	return n;
}

static enum err
rules_get(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	int64_t pid;
	json_t *out;
	enum err e;

	if ((e = mshopw_producer_of(r, w, &pid, ei)) != ERR_OK ||
	    (e = market_rules_get(w->db, pid, w->lang, &out, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "producer_id", json_integer(pid));
	json_object_set_new(view, "rules", out);
	return ERR_OK;
}

enum err
mshopw_rules_save(struct req *r, struct web *w, int64_t *pid,
    struct errinfo *ei)
{
	struct market_rule_in in[MARKET_RULES_MAX + 1];
	struct errinfo probs[MARKET_PROBLEMS_MAX];
	struct audit_actor who;
	size_t n;
	enum err e;

	memset(in, 0, sizeof(in));
	n = mshopw_rules_fields(r, w, in, MARKET_RULES_MAX + 1);
	if (n > MARKET_RULES_MAX + 1)
		n = MARKET_RULES_MAX + 1;
	mshopw_add_problems(w, probs, market_rules_problems(w->db, in, n,
	    probs, MARKET_PROBLEMS_MAX));
	if ((e = shop_write_admitted(r, w, pid, &who, ei)) != ERR_OK)
		return e;
	return market_rules_put(w->db, &who, *pid, in, n, ei);
}

static enum err
rules_put(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	int64_t pid;
	enum err e;

	if ((e = mshopw_rules_save(r, w, &pid, ei)) != ERR_OK)
		return e;
	return rules_get(r, w, view, ei);
}

/* ---- listings ------------------------------------------------------------------- */

static enum err
listings_get(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	int64_t pid;
	json_t *out;
	enum err e;

	if ((e = mshopw_producer_of(r, w, &pid, ei)) != ERR_OK ||
	    (e = market_listing_list(w->db, pid, web_qint(w, "limit", 200),
	    web_qint(w, "offset", 0), w->lang, &out, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "producer_id", json_integer(pid));
	jval_merge(view, out);
	return ERR_OK;
}

enum err
mshopw_listing_create(struct req *r, struct web *w, int64_t *id,
    struct errinfo *ei)
{
	struct market_listing_in in = { 0 };
	struct errinfo probs[MARKET_PROBLEMS_MAX];
	enum err e;

	mshopw_listing_fields(r, w, &in);
	mshopw_add_problems(w, probs, market_listing_problems(&in, true,
	    probs, MARKET_PROBLEMS_MAX));
	if ((e = web_problems(w, ei)) != ERR_OK)
		return e;
	return market_listing_create(w->db, w->who, w->acting, &in, id, ei);
}

static enum err
listing_create(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	int64_t id;
	json_t *out;
	enum err e;

	if ((e = mshopw_listing_create(r, w, &id, ei)) != ERR_OK ||
	    (e = market_listing_get(w->db, id, w->lang, &out, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "created", out);
	return ERR_OK;
}

static enum err
listing_get(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out;
	enum err e;

	(void)r;
	if ((e = market_listing_get(w->db, w->target.id, w->lang, &out, ei)) !=
	    ERR_OK)
		return e;
	jval_merge(view, out);
	return ERR_OK;
}

static enum err
listing_patch(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct market_listing_in in = { 0 };
	struct errinfo probs[MARKET_PROBLEMS_MAX];
	int64_t rv = mshopw_num(r, w, "row_version", 'n');
	enum err e;

	mshopw_listing_fields(r, w, &in);
	in.product_id = 0;	/* a listing keeps its product */
	mshopw_add_problems(w, probs, market_listing_problems(&in, false,
	    probs, MARKET_PROBLEMS_MAX));
	if ((e = web_problems(w, ei)) != ERR_OK ||
	    (e = market_listing_update(w->db, w->who, w->acting, w->target.id,
	    &in, rv > 0 ? rv : 0, ei)) != ERR_OK)
		return e;
	return listing_get(r, w, view, ei);
}

/* ---- photos ------------------------------------------------------------------ */

/* One more photo of the listing of the path; what its bytes are is the
 * domain's to decide. */
enum err
mshopw_photo_add(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const char *filename;
	const void *data;
	size_t len;
	int64_t pid;
	enum err e;

	if ((e = web_photo_upload(r, w, "market.bad_upload", &data, &len,
	    &filename, ei)) != ERR_OK ||
	    (e = market_photo_add(w->db, w->who, w->acting, w->target.id,
	    filename, data, len, &pid, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "created", json_pack("{s:I, s:s, s:s}", "id",
	    (json_int_t)pid, "href", arena_printf(r->arena,
	    "/api/v1/market/photos/%lld", (long long)pid), "thumb_href",
	    arena_printf(r->arena, "/api/v1/market/photos/%lld/thumb",
	    (long long)pid)));
	w->redirect = arena_printf(r->arena, "/cua-hang/tin-ban/%lld?saved=1",
	    (long long)w->target.id);
	return ERR_OK;
}

/* A photo or its thumbnail (the route's address says which): public
 * bytes with a long cache, since a photo's content never changes under
 * its id (a new photo is a new id). */
static enum err
photo_get(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct market_photo ph = { 0 };
	int64_t pid;
	enum err e;

	(void)view;
	if ((e = web_path_id(r, "id", "market.photo_not_found", &pid, ei)) !=
	    ERR_OK ||
	    (e = market_photo_get(w->db, r->arena, pid, web_photo_thumb(w),
	    &ph, ei)) != ERR_OK)
		return e;
	return web_photo_send(r, "public, max-age=31536000, immutable",
	    ph.mime, ph.sha256, ph.data, ph.len);
}

const struct route market_shop_routes[] = {
	{ .method = "GET", .pattern = "/market/shop", .flags = ROUTE_API,
	  .fn = shop_get, QUERY(shop_query), .roles = MSHOPW_READERS,
	  .scope = &mshopw_scope_shop },
	{ .method = "PUT", .pattern = "/market/shop", .flags = ROUTE_API,
	  .fn = shop_put, QUERY(shop_query), .roles = MSHOPW_WRITERS,
	  .scope = &mshopw_scope_shop },
	{ .method = "GET", .pattern = "/market/shop/shipping-rules",
	  .flags = ROUTE_API, .fn = rules_get, QUERY(shop_query),
	  .roles = MSHOPW_READERS, .scope = &mshopw_scope_shop },
	{ .method = "PUT", .pattern = "/market/shop/shipping-rules",
	  .flags = ROUTE_API, .fn = rules_put, QUERY(shop_query),
	  .roles = MSHOPW_WRITERS, .scope = &mshopw_scope_shop },
	{ .method = "GET", .pattern = "/market/shop/listings",
	  .flags = ROUTE_API, .fn = listings_get, QUERY(listings_query),
	  .roles = MSHOPW_READERS, .scope = &mshopw_scope_shop },
	{ .method = "POST", .pattern = "/market/shop/listings",
	  .flags = ROUTE_API, .fn = listing_create, QUERY(shop_query),
	  .roles = MSHOPW_WRITERS, .scope = &mshopw_scope_shop },
	{ .method = "GET", .pattern = "/market/shop/listings/{id}",
	  .flags = ROUTE_API, .fn = listing_get, .roles = MSHOPW_READERS,
	  .scope = &mshopw_scope_listing },
	{ .method = "PATCH", .pattern = "/market/shop/listings/{id}",
	  .flags = ROUTE_API, .fn = listing_patch, .roles = MSHOPW_WRITERS,
	  .scope = &mshopw_scope_listing },
	{ .method = "POST", .pattern = "/market/shop/listings/{id}/photos",
	  .flags = ROUTE_API, .fn = mshopw_photo_add, QUERY(web_photo_query),
	  .roles = MSHOPW_WRITERS, .scope = &mshopw_scope_listing },
	{ .method = "GET", .pattern = "/market/photos/{id}",
	  .flags = ROUTE_RAW | ROUTE_API, .fn = photo_get,
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/market/photos/{id}/thumb",
	  .flags = ROUTE_RAW | ROUTE_API, .fn = photo_get,
	  .roles = ROLES_PUBLIC },
	{ .method = NULL }
};
