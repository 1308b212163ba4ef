/*
 * web_ocop_register.c - the public OCOP register (docs/OCOP.md section
 * 7, domain/ocop/ocop_register.h): /ocop/register (the list, its filters
 * and search), /ocop/register/{id} (one product), the product's photo
 * thumbnails, and /ocop/statistics (web_ocop_stats.c draws its page).
 *
 * Access: no account.  Everything shown is what a certificate already
 * makes public (product, producer, commune, stars, certificate), for the
 * products in the register today only: a product not in it is 404, its
 * photos too (the registry's own photo routes stay for signed-in readers).
 * The pages need no JavaScript: the filters are a GET form, the pager
 * links keep them.
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/ocop/ocop_register.h"
#include "domain/ocop/ocop_registry.h"
#include "domain/ocop/ocop_scorecard.h"
#include "domain/ocop/ocop_scorecard_store.h"
#include "web/web.h"
#include "web/web_internal.h"
#include "web/web_ocop_internal.h"
#include "web/web_doc.h"
#include "web/web_pager.h"
#include "web/web_photos.h"

#define PAGE_DEFAULT	20
/* The scorecard whose bands the stars come from (its note is shown). */
#define BANDS_SCORECARD	"ocop-148-2023"

static const struct qfield register_query[] = {
	{ "province", Q_TEXT, 0, 0, 16, NULL },
	{ "stars", Q_INT, 1, 5, 0, NULL }, { "group", Q_INT, 1, 6, 0, NULL },
	{ "q", Q_TEXT, 0, 0, 200, NULL }, QF_LIMIT, QF_OFFSET };

/* The filters the pager's links keep. */
static const char *const keep[] = { "province", "stars", "group", "q",
	"limit", NULL };

/* "2025:01" or "01": the province's code. */
static const char *
province_code(struct web *w)
{
	const char *p = web_qtext(w, "province");

	if (p != NULL && strncmp(p, "2025:", 5) == 0)
		return p + 5;
	return p;
}

static const char *
stars_text(struct req *r, struct web *w, json_int_t n)
{
	return arena_printf(r->arena, "%lld %s", (long long)n, msg_get(w->lang,
	    "ocreg_stars_n"));
}

/* What a person reads of an item: stars and dates in words. */
static void
item_texts(struct req *r, struct web *w, json_t *it)
{
	json_t *c = json_object_get(it, "certificate");

	static const char *const marks[] = { "", "★", "★★", "★★★", "★★★★",
		"★★★★★" };
	json_int_t n = jval_int(it, "stars", 0);

	json_object_set_new(it, "stars_text", json_string(stars_text(r, w,
	    n)));
	json_object_set_new(it, "stars_mark", json_string(marks[n >= 0 &&
	    n <= 5 ? n : 0]));
	json_object_set_new(c, "issued_text", json_string(date_display(
	    r->arena, jval_str(c, "issued_on"), w->lang)));
	json_object_set_new(c, "expires_text", json_string(date_display(
	    r->arena, jval_str(c, "expires_on"), w->lang)));
	json_object_set_new(it, "expiring", json_boolean(strcmp(jval_str(c,
	    "status"), "expiring") == 0));
}

/* The filter form's choices, the current ones selected. */
static void
filter_choices(struct req *r, struct web *w, json_t *view)
{
	const char *prov = province_code(w);
	int64_t stars = web_qint(w, "stars", 0), group = web_qint(w, "group", 0);
	json_t *stats, *p = json_array(), *s = json_array(), *g = json_array();
	json_t *it;
	struct errinfo ei;
	size_t i;

	if (ocop_register_statistics(w->db, w->lang, &stats, &ei) == ERR_OK) {
		json_array_foreach(json_object_get(stats, "by_province"), i, it)
			json_array_append_new(p, json_pack("{s:O, s:O, s:b}",
			    "value", json_object_get(it, "code"), "label",
			    json_object_get(it, "name"), "selected", prov !=
			    NULL && strcmp(prov, jval_str(it, "code")) == 0));
		json_decref(stats);
	}
	for (int n = 5; n >= 3; n--)
		json_array_append_new(s, json_pack("{s:i, s:s, s:b}", "value", n,
		    "label", stars_text(r, w, n), "selected", stars == n));
	for (int n = 0; n < OCOP_GROUPS; n++)
		json_array_append_new(g, json_pack("{s:i, s:s, s:b}", "value",
		    ocop_groups[n].code, "label", msg_pick(w->lang,
		    ocop_groups[n].vi, ocop_groups[n].en), "selected",
		    group == ocop_groups[n].code));
	json_object_set_new(view, "provinces", p);
	json_object_set_new(view, "star_choices", s);
	json_object_set_new(view, "groups", g);
	json_object_set_new(view, "filter_q", jval_string(web_qtext(w, "q")));
}

static enum err
register_list(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct ocop_reg_filter f = {
		.province = province_code(w),
		.stars = (int)web_qint(w, "stars", 0),
		.group = (int)web_qint(w, "group", 0),
		.q = web_qtext(w, "q"),
		.limit = web_qint(w, "limit", PAGE_DEFAULT),
		.offset = web_qint(w, "offset", 0) };
	json_t *out, *it;
	size_t i;
	enum err e;

	if ((e = ocop_register_list(w->db, &f, w->lang, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	if (w->json)
		return ERR_OK;
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "ocreg_title")));
	json_array_foreach(json_object_get(view, "items"), i, it)
		item_texts(r, w, it);
	web_pager(r, w, view, msg_get(w->lang, "ocreg_range"), "/ocop/register",
	    keep, f.offset, f.limit);
	filter_choices(r, w, view);
	return ERR_OK;
}

static enum err
register_product(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const struct ocop_scorecard *sc;
	struct errinfo one;
	int64_t id;
	json_t *out;
	enum err e;

	if ((e = web_path_id(r, "id", "ocop.not_in_register", &id, ei)) !=
	    ERR_OK ||
	    (e = ocop_register_product(w->db, id, w->lang, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	/* The stars' bands are carried over from an older decision: every
	 * page that shows stars says so (docs/OCOP.md section 3.1). */
	if (ocop_scorecard_load(w->db, BANDS_SCORECARD, 0, &sc, &one) ==
	    ERR_OK && sc->bands_status != OCOP_VERIFIED &&
	    sc->bands_note != NULL)
		json_object_set_new(view, "band_note", json_string(msg_pick(
		    w->lang, sc->bands_note, sc->bands_note_en)));
	if (w->json)
		return ERR_OK;
	json_object_set(view, "title", json_object_get(view, "name"));
	item_texts(r, w, view);
	json_object_set_new(view, "has_photos", json_boolean(json_array_size(
	    json_object_get(view, "photos")) > 0));
	return ERR_OK;
}

/* A thumbnail of a product in the register: public while it is. */
static enum err
register_thumb(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct ocop_photo ph = { 0 };
	int64_t id, pid;
	enum err e;

	(void)view;
	if ((e = web_path_id(r, "id", "ocop.not_in_register", &id, ei)) !=
	    ERR_OK ||
	    (e = web_path_id(r, "pid", "ocop.photo_not_found", &pid, ei)) !=
	    ERR_OK)
		return e;
	err_clear(ei);
	if (!ocop_register_holds(w->db, id, ei))
		return ei->err != ERR_OK && ei->err != ERR_NOTFOUND ? ei->err :
		    err_set(ei, ERR_NOTFOUND, "ocop.not_in_register", "id",
		    "Sản phẩm này không có trong danh sách sản phẩm OCOP",
		    "This product is not in the OCOP register");
	if ((e = ocop_photo_get(w->db, r->arena, id, pid, true, &ph, ei)) !=
	    ERR_OK)
		return e;
	/* no-cache: a revoked product's photos stop being public at once */
	return web_photo_send(r, "public, no-cache", ph.mime, ph.sha256,
	    ph.data, ph.len);
}

/* A product of the public register. */
#define REG_ITEM_PROPS DOC_P("id", DOC_INT) ", " DOC_P("name", DOC_STR) ", " \
	DOC_P("group", DOC_INT) ", " DOC_P("group_name", DOC_STR) ", " \
	DOC_P("stars", DOC_INT) ", " DOC_P("producer", DOC_STR) ", " \
	DOC_P("commune", DOC_STR_NULL) ", " DOC_P("province", DOC_STR_NULL) \
	", " DOC_P("province_code", DOC_STR_NULL) ", " \
	DOC_P("certificate", DOC_OBJ("\"code\", \"number\", \"level\", " \
	"\"issued_on\", \"expires_on\", \"status\"", \
	DOC_P("code", DOC_STR) ", " DOC_P("number", DOC_STR) ", " \
	DOC_P("level", DOC_STR) ", " DOC_P("issued_on", DOC_DATE) ", " \
	DOC_P("expires_on", DOC_DATE) ", " DOC_P("status", DOC_STR)))
#define REG_ITEM_REQ "\"id\", \"name\", \"group\", \"stars\", \"producer\", " \
	"\"certificate\""

static const struct route_doc register_doc = {
	.summary = "Danh sách công khai sản phẩm OCOP còn hiệu lực / the "
	    "public register of OCOP products certified today",
	.response = DOC_OBJ("\"items\", \"total\", \"date\"",
	    DOC_P("items", DOC_ARR(DOC_OBJ(REG_ITEM_REQ, REG_ITEM_PROPS))) ", "
	    DOC_P("total", DOC_INT) ", " DOC_P("date", DOC_DATE)),
};

static const struct route_doc register_product_doc = {
	.summary = "Một sản phẩm của danh sách công khai OCOP / a product of "
	    "the public OCOP register",
	.response = DOC_OBJ(REG_ITEM_REQ, REG_ITEM_PROPS ", "
	    DOC_P("description", DOC_STR_NULL) ", "
	    DOC_P("photos", DOC_ARR(DOC_OBJECT))),
};

const struct route ocop_register_routes[] = {
	{ .method = "GET", .pattern = "/ocop/register",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "ocop/register",
	  .fn = register_list, QUERY(register_query), .roles = ROLES_PUBLIC,
	  .doc = &register_doc },
	{ .method = "GET", .pattern = "/ocop/register/{id}",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "ocop/register_product",
	  .fn = register_product, .roles = ROLES_PUBLIC,
	  .doc = &register_product_doc },
	{ .method = "GET", .pattern = "/ocop/register/{id}/photos/{pid}/thumb",
	  .flags = ROUTE_RAW | ROUTE_API, .fn = register_thumb,
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/ocop/statistics",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "ocop/statistics",
	  .fn = ocopw_statistics, .roles = ROLES_PUBLIC },
	{ .method = NULL }
};
