/*
 * web_ocop_registry.c - /ocop/producers and /ocop/products (JSON under
 * /api/v1/ocop/...): OCOP producers, products, their history and the
 * transitions of the OCOP cycle (docs/OCOP.md sections 1 and 2,
 * domain/ocop/ocop_registry.h).
 *
 * Access, the one rule: each route says who (.roles) and what it acts on
 * (.scope: the unit of the query or body, or of the producer or product
 * the path names, resolved by ocopw_scope_producer/_product).  The
 * domain adds the producer's own-record rule (a producer account writes
 * only its own producer's products) and the procedure's per-transition
 * roles and levels (the workflow engine).  Each handler parses, calls one
 * domain function and fills the view.
 */
#include <stdlib.h>

#include "core/jval.h"
#include "http/http.h"
#include "domain/ocop/ocop_registry.h"
#include "domain/units/units.h"
#include "web/web.h"
#include "web/web_internal.h"
#include "web/web_ocop_internal.h"
#include "web/web_photos.h"

/* Who takes a step of the cycle: what each may take is the procedure's
 * (the workflow engine checks it).  The coordinator and the admin joined
 * with the evaluation rounds (the central level's steps, the expiry). */
#define OCOPW_ACTORS	(ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
	ROLE_BIT(ROLE_COMMUNE_OFFICER) | ROLE_BIT(ROLE_OCOP_EVALUATOR) | \
	ROLE_BIT(ROLE_PRODUCER) | ROLE_BIT(ROLE_ADMIN) | \
	ROLE_BIT(ROLE_COORDINATOR))

static const struct qfield producers_query[] = {
	{ "unit", Q_TEXT, 0, 0, 64, NULL }, { "q", Q_TEXT, 0, 0, 200, NULL },
	QF_LIMIT, QF_OFFSET };
static const char *const state_choices[] = { "registered", "business_plan",
	"returned", "commune_checked", "provincial_round", "rated", "not_rated",
	"central_round", "certified", "expiring", "expired", "revoked",
	"withdrawn", "district_round", NULL };
static const struct qfield products_query[] = {
	{ "unit", Q_TEXT, 0, 0, 64, NULL }, { "q", Q_TEXT, 0, 0, 200, NULL },
	{ "stars", Q_INT, 1, 5, 0, NULL }, { "group", Q_INT, 1, 6, 0, NULL },
	{ "state", Q_CHOICE, 0, 0, 0, state_choices },
	{ "producer_id", Q_INT, 1, INT64_MAX / 2, 0, NULL },
	QF_LIMIT, QF_OFFSET };

static enum err
resolve_producer(struct req *r, struct web *w, struct scope_target *t,
    struct errinfo *ei)
{
	enum err e;

	t->field = "id";
	if ((e = web_path_id(r, "id", "ocop.not_found", &t->id, ei)) != ERR_OK)
		return e;
	return ocop_producer_unit_of(w->db, r->arena, t->id, &t->structure,
	    &t->code, ei);
}

static enum err
resolve_product(struct req *r, struct web *w, struct scope_target *t,
    struct errinfo *ei)
{
	enum err e;

	t->field = "id";
	if ((e = web_path_id(r, "id", "ocop.product_not_found", &t->id, ei)) !=
	    ERR_OK)
		return e;
	return ocop_product_unit_of(w->db, r->arena, t->id, &t->structure,
	    &t->code, NULL, ei);
}

const struct scope ocopw_scope_producer = { "ocop_producer",
	resolve_producer };
const struct scope ocopw_scope_product = { "ocop_product", resolve_product };

/* The unit a list keeps to: the query's (admitted by the router), else
 * the caller's own binding of a route role. */
static void
list_unit(struct web *w, const char **structure, const char **code)
{
	struct audit_actor who;

	if (w->target.structure != NULL) {
		*structure = w->target.structure;
		*code = w->target.code;
		return;
	}
	web_actor(w, &who);
	*structure = who.structure;
	*code = who.unit_code;
	if (*structure == NULL)
		*structure = *code = "-";	/* no binding: nothing */
}

static void
add_problems(struct web *w, const struct errinfo *p, size_t n)
{
	for (size_t i = 0; i < n && i < 8; i++)
		web_problem(w, &p[i], NULL);
}

/* ---- producers ----------------------------------------------------------- */

static enum err
producers_list(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *s, *c;
	json_t *out;
	enum err e;

	(void)r;
	list_unit(w, &s, &c);
	if ((e = ocop_producer_list(w->db, s, c, web_qtext(w, "q"),
	    web_qint(w, "limit", 50), web_qint(w, "offset", 0), w->lang, &out,
	    ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	return ERR_OK;
}

static void
producer_fields(struct req *r, struct web *w, struct ocop_producer_in *in)
{
	struct errinfo one;

	if (web_field(r, w, "name", OCOP_NAME_MAX, false, &in->name, &one) !=
	    ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "kind", 40, false, &in->kind, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "address", OCOP_TEXT_MAX, false, &in->address,
	    &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "phone", 64, false, &in->phone, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "tax_code", 32, false, &in->tax_code, &one) !=
	    ERR_OK)
		web_problem(w, &one, NULL);
}

static enum err
producer_create(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct ocop_producer_in in = { 0 };
	struct errinfo probs[8];
	struct audit_actor who;
	int64_t id;
	json_t *out;
	enum err e;

	producer_fields(r, w, &in);
	in.structure = w->unit_structure;
	in.code = w->unit_code;
	add_problems(w, probs, ocop_producer_problems(w->db, &in, probs, 8));
	if ((e = web_problems(w, ei)) != ERR_OK)
		return e;
	web_actor(w, &who);
	if ((e = ocop_producer_create(w->db, &who, &in, w->acting != NULL &&
	    w->acting->role == ROLE_PRODUCER ? w->who->user_id : 0, &id,
	    ei)) != ERR_OK ||
	    (e = ocop_producer_get(w->db, id, w->lang, &out, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "created", out);
	w->redirect = arena_printf(r->arena, "/ocop/producers/%lld",
	    (long long)id);
	return ERR_OK;
}

static enum err
producer_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out;
	enum err e;

	(void)r;
	if ((e = ocop_producer_get(w->db, w->target.id, w->lang, &out, ei)) !=
	    ERR_OK)
		return e;
	jval_merge(view, out);
	if (!w->json)
		ocopw_producer_page(r, w, view);
	return ERR_OK;
}

static enum err
producer_edit(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out;
	enum err e;

	if ((e = ocop_producer_get(w->db, w->target.id, w->lang, &out, ei)) !=
	    ERR_OK)
		return e;
	jval_merge(view, out);
	ocopw_producer_edit_page(r, w, view);
	return ERR_OK;
}

static enum err
producer_update(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct ocop_producer_in in = { 0 };
	struct errinfo probs[8];
	struct audit_actor who;
	enum err e;

	producer_fields(r, w, &in);
	add_problems(w, probs, ocop_producer_problems(w->db, &in, probs, 8));
	if ((e = web_problems(w, ei)) != ERR_OK)
		return e;
	if ((e = ocop_check_owner(w->db, w->who, w->acting, w->target.id,
	    ei)) != ERR_OK)
		return e;
	in.structure = w->target.structure;
	in.code = w->target.code;
	web_actor(w, &who);
	if ((e = ocop_producer_update(w->db, &who, w->target.id, &in, ei)) !=
	    ERR_OK)
		return e;
	w->redirect = arena_printf(r->arena, "/ocop/producers/%lld?saved=1",
	    (long long)w->target.id);
	return producer_page(r, w, view, ei);
}

/* ---- products ------------------------------------------------------------ */

static void
product_fields(struct req *r, struct web *w, struct ocop_product_in *in)
{
	static const char *const texts[] = { "subgroup", "description",
		"ingredients", "standards", "business_plan" };
	const char **dst[] = { &in->subgroup, &in->description,
		&in->ingredients, &in->standards, &in->business_plan };
	json_t *g = w->body != NULL ? json_object_get(w->body, "group") : NULL;
	struct errinfo one;
	const char *gs;

	if (web_field(r, w, "name", OCOP_NAME_MAX, false, &in->name, &one) !=
	    ERR_OK)
		web_problem(w, &one, NULL);
	for (size_t i = 0; i < 5; i++)
		if (web_field(r, w, texts[i], i == 0 ? OCOP_NAME_MAX :
		    OCOP_TEXT_MAX, false, dst[i], &one) != ERR_OK)
			web_problem(w, &one, NULL);
	if (json_is_integer(g))
		in->group = (int)json_integer_value(g);
	else if (g == NULL || json_is_string(g)) {
		if (web_field(r, w, "group", 4, false, &gs, &one) == ERR_OK &&
		    gs != NULL) {
			char *end;
			long v = strtol(gs, &end, 10);

			in->group = *end == '\0' && v >= 1 && v <= 6 ? (int)v :
			    0;
		}
	}
}

static enum err
product_create(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct ocop_product_in in = { 0 };
	struct errinfo probs[8];
	int64_t id;
	json_t *out;
	enum err e;

	product_fields(r, w, &in);
	add_problems(w, probs, ocop_product_problems(&in, probs, 8));
	if ((e = web_problems(w, ei)) != ERR_OK)
		return e;
	if ((e = ocop_product_create(w->db, w->who, w->acting, w->target.id,
	    &in, &id, ei)) != ERR_OK ||
	    (e = ocop_product_get(w->db, w->who, id, w->lang, &out, ei)) !=
	    ERR_OK)
		return e;
	json_object_set_new(view, "created", out);
	w->redirect = arena_printf(r->arena, "/ocop/products/%lld",
	    (long long)id);
	return ERR_OK;
}

static enum err
products_list(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct ocop_filter f = { 0 };
	json_t *out;
	enum err e;

	list_unit(w, &f.structure, &f.code);
	f.stars = (int)web_qint(w, "stars", 0);
	f.group = (int)web_qint(w, "group", 0);
	f.state = web_qtext(w, "state");
	f.producer_id = web_qint(w, "producer_id", 0);
	f.q = web_qtext(w, "q");
	f.limit = web_qint(w, "limit", 50);
	f.offset = web_qint(w, "offset", 0);
	if ((e = ocop_product_list(w->db, &f, w->lang, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	if (!w->json)
		ocopw_list_page(r, w, view);
	return ERR_OK;
}

static enum err
product_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out;
	enum err e;

	(void)r;
	if ((e = ocop_product_get(w->db, w->who, w->target.id, w->lang, &out,
	    ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	if (!w->json)
		ocopw_product_page(r, w, view);
	return ERR_OK;
}

/* The product page for other files' forms (the certificates'). */
enum err
ocopw_product_view(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return product_page(r, w, view, ei);
}

static enum err
product_update(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct ocop_product_in in = { 0 };
	struct errinfo probs[8];
	json_t *rv = w->body != NULL ? json_object_get(w->body, "row_version") :
	    NULL;
	enum err e;

	product_fields(r, w, &in);
	add_problems(w, probs, ocop_product_problems(&in, probs, 8));
	if ((e = web_problems(w, ei)) != ERR_OK)
		return e;
	if ((e = ocop_product_update(w->db, w->who, w->acting, w->target.id,
	    &in, json_is_integer(rv) ? json_integer_value(rv) : 0, ei)) !=
	    ERR_OK)
		return e;
	w->redirect = arena_printf(r->arena, "/ocop/products/%lld?saved=1",
	    (long long)w->target.id);
	return product_page(r, w, view, ei);
}

static enum err
product_history(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	json_t *out;
	enum err e;

	(void)r;
	if ((e = ocop_product_history(w->db, w->target.id, w->lang, &out, ei)) !=
	    ERR_OK)
		return e;
	jval_merge(view, out);
	return ERR_OK;
}

static enum err
product_act(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *tr = http_param(r, "transition"), *note = NULL;
	json_t *as = w->body != NULL ? json_object_get(w->body, "assessments") :
	    NULL, *built = NULL;
	struct errinfo one;
	enum err e;

	if (web_field(r, w, "note", OCOP_TEXT_MAX, false, &note, &one) !=
	    ERR_OK)
		web_problem(w, &one, NULL);
	if (!json_is_object(as)) {	/* a form: one field per assessment */
		built = json_object();
		for (size_t i = 0; i < OCOP_ASSESSMENTS; i++) {
			const char *v = NULL;

			if (web_field(r, w, ocop_assessment_keys[i], 16, false,
			    &v, &one) == ERR_OK && v != NULL)
				json_object_set_new(built,
				    ocop_assessment_keys[i], json_string(v));
		}
		as = built;
	}
	if ((e = web_problems(w, ei)) == ERR_OK)
		e = ocop_product_act(w->db, w->who, w->acting, w->target.id, tr,
		    note, as, ei);
	json_decref(built);
	if (e != ERR_OK)
		return e;
	w->redirect = arena_printf(r->arena, "/ocop/products/%lld?saved=1",
	    (long long)w->target.id);
	return product_page(r, w, view, ei);
}

/* ---- photos ---------------------------------------------------------------- */

/* One more photo of the product of the path; what its bytes are is the
 * domain's to decide. */
static enum err
photo_add(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *filename;
	const void *data;
	size_t len;
	int64_t pid;
	enum err e;

	if ((e = web_photo_upload(r, w, "ocop.bad_upload", &data, &len,
	    &filename, ei)) != ERR_OK ||
	    (e = ocop_photo_add(w->db, w->who, w->acting, w->target.id,
	    filename, data, len, &pid, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "created", json_pack("{s:I}", "id",
	    (json_int_t)pid));
	w->redirect = arena_printf(r->arena, "/ocop/products/%lld?saved=1",
	    (long long)w->target.id);
	return ERR_OK;
}

static enum err
photo_list(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out;
	enum err e;

	(void)r;
	if ((e = ocop_photo_list(w->db, w->target.id, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	return ERR_OK;
}

/* A photo or its thumbnail (the route's address says which), for the
 * signed-in readers of the product: kept by no shared cache. */
static enum err
photo_get(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct ocop_photo ph = { 0 };
	int64_t pid;
	enum err e;

	(void)view;
	if ((e = web_path_id(r, "pid", "ocop.photo_not_found", &pid, ei)) !=
	    ERR_OK ||
	    (e = ocop_photo_get(w->db, r->arena, w->target.id, pid,
	    web_photo_thumb(w), &ph, ei)) != ERR_OK)
		return e;
	return web_photo_send(r, "private, no-cache", ph.mime, ph.sha256,
	    ph.data, ph.len);
}

const struct route ocop_registry_routes[] = {
	{ .method = "GET", .pattern = "/ocop/producers",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "ocop/producers",
	  .fn = producers_list, QUERY(producers_query), .roles = OCOPW_READERS,
	  .scope = &scope_query_unit },
	{ .method = "POST", .pattern = "/ocop/producers",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "ocop/products",
	  .fn = producer_create, QUERY(products_query), .roles = OCOPW_WRITERS,
	  .scope = &scope_body_unit, .form_view = products_list },
	{ .method = "GET", .pattern = "/ocop/producers/{id}",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "ocop/producer",
	  .fn = producer_page, .roles = OCOPW_READERS,
	  .scope = &ocopw_scope_producer },
	{ .method = "GET", .pattern = "/ocop/producers/{id}/edit",
	  .flags = ROUTE_HTML, .tmpl = "ocop/producer_edit",
	  .fn = producer_edit, .roles = OCOPW_WRITERS,
	  .scope = &ocopw_scope_producer },
	{ .method = "POST", .pattern = "/ocop/producers/{id}",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM,
	  .tmpl = "ocop/producer_edit", .fn = producer_update,
	  .roles = OCOPW_WRITERS, .scope = &ocopw_scope_producer,
	  .form_view = producer_edit },
	{ .method = "POST", .pattern = "/ocop/producers/{id}/products",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "ocop/producer",
	  .fn = product_create, .roles = OCOPW_WRITERS,
	  .scope = &ocopw_scope_producer, .form_view = producer_page },
	{ .method = "GET", .pattern = "/ocop/products",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "ocop/products",
	  .fn = products_list, QUERY(products_query), .roles = OCOPW_READERS,
	  .scope = &scope_query_unit },
	{ .method = "GET", .pattern = "/ocop/products/{id}",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "ocop/product",
	  .fn = product_page, .roles = OCOPW_READERS,
	  .scope = &ocopw_scope_product },
	{ .method = "POST", .pattern = "/ocop/products/{id}",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "ocop/product",
	  .fn = product_update, .roles = OCOPW_WRITERS,
	  .scope = &ocopw_scope_product, .form_view = product_page },
	{ .method = "GET", .pattern = "/ocop/products/{id}/history",
	  .flags = ROUTE_API, .fn = product_history, .roles = OCOPW_READERS,
	  .scope = &ocopw_scope_product },
	{ .method = "POST", .pattern = "/ocop/products/{id}/actions/{transition}",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "ocop/product",
	  .fn = product_act, .roles = OCOPW_ACTORS,
	  .scope = &ocopw_scope_product, .form_view = product_page },
	{ .method = "POST", .pattern = "/ocop/products/{id}/photos",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "ocop/product",
	  .fn = photo_add, QUERY(web_photo_query), .roles = OCOPW_WRITERS,
	  .scope = &ocopw_scope_product, .form_view = product_page },
	{ .method = "GET", .pattern = "/ocop/products/{id}/photos",
	  .flags = ROUTE_API, .fn = photo_list, .roles = OCOPW_READERS,
	  .scope = &ocopw_scope_product },
	{ .method = "GET", .pattern = "/ocop/products/{id}/photos/{pid}",
	  .flags = ROUTE_RAW | ROUTE_API, .fn = photo_get,
	  .roles = OCOPW_READERS, .scope = &ocopw_scope_product },
	{ .method = "GET", .pattern = "/ocop/products/{id}/photos/{pid}/thumb",
	  .flags = ROUTE_RAW | ROUTE_API, .fn = photo_get,
	  .roles = OCOPW_READERS, .scope = &ocopw_scope_product },
	{ .method = NULL }
};
