/*
 * web_market_catalog.c - the marketplace's public catalog (docs/MARKET.md
 * section 4, domain/market/market_catalog.h): the search API, one
 * listing's public JSON, the catalog's home /cho (search, browse by
 * province, group and stars, results) and the product page
 * /cho/san-pham/{id}-{slug} (web_market_catalog_page.c), /sitemap.xml
 * and /robots.txt.
 *
 * Access: no account.  The pages need no JavaScript: the search is a GET
 * form, browsing and paging are links.  /cho is cached like the
 * verification page (its body depends on the marketplace, OCOP and units
 * versions and today alone: it shows no stock); the product page and the
 * API read stock live, so they are built at each request (the index makes
 * that cheap).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/url.h"
#include "domain/market/market_catalog.h"
#include "domain/ocop/ocop_registry.h"
#include "web/web.h"
#include "web/web_internal.h"
#include "web/web_market_catalog.h"
#include "web/web_pager.h"

#define PAGE_DEFAULT	24

/* Every parameter as text: the handler checks them all and reports every
 * problem at once (the router would stop at the first). */
static const struct qfield search_query[] = {
	{ "q", Q_TEXT, 0, 0, MARKET_SEARCH_Q_MAX, NULL },
	{ "province", Q_TEXT, 0, 0, 16, NULL },
	{ "group", Q_TEXT, 0, 0, 16, NULL },
	{ "stars", Q_TEXT, 0, 0, 16, NULL },
	{ "limit", Q_TEXT, 0, 0, 16, NULL },
	{ "offset", Q_TEXT, 0, 0, 16, NULL } };

/* The filters the pager's links keep. */
static const char *const keep[] = { "q", "province", "group", "stars",
	"limit", NULL };

/* A whole number in [min, max] from text, or false. */
static bool
int_in(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long x;

	if (s == NULL || s[0] < '0' || s[0] > '9')
		return false;
	x = strtoll(s, &end, 10);
	if (*end != '\0' || x < min || x > max)
		return false;
	*out = x;
	return true;
}

static void
bad(struct web *w, const char *field, const char *vi, const char *en)
{
	struct errinfo one;

	err_set_texts(&one, ERR_INVALID, "market.bad_parameter", field, vi,
	    en);
	web_problem(w, &one, NULL);
}

enum err
mcatw_filters(struct web *w, struct market_search_q *f, struct errinfo *ei)
{
	const char *s;
	int64_t x;

	memset(f, 0, sizeof(*f));
	f->q = web_qtext(w, "q");
	f->limit = PAGE_DEFAULT;
	if ((s = web_qtext(w, "province")) != NULL) {
		if (strncmp(s, "2025:", 5) == 0)
			s += 5;
		if (!market_province_known(w->db, s, ei)) {
			if (ei->err == ERR_DB || ei->err == ERR_UNAVAILABLE)
				return ei->err;
			bad(w, "province", "Không có tỉnh, thành phố này",
			    "There is no such province");
		}
		f->province = s;
	}
	if ((s = web_qtext(w, "group")) != NULL) {
		if (int_in(s, 1, OCOP_GROUPS, &x))
			f->group = (int)x;
		else
			bad(w, "group", "Nhóm sản phẩm phải từ 1 đến 6",
			    "The product group must be from 1 to 6");
	}
	if ((s = web_qtext(w, "stars")) != NULL) {
		if (int_in(s, 1, 5, &x))
			f->stars = (int)x;
		else
			bad(w, "stars", "Số sao phải từ 1 đến 5",
			    "Stars must be from 1 to 5");
	}
	if ((s = web_qtext(w, "limit")) != NULL) {
		if (int_in(s, 1, MARKET_SEARCH_LIMIT_MAX, &x))
			f->limit = x;
		else
			bad(w, "limit", "Số kết quả mỗi trang phải từ 1 đến 100",
			    "The page size must be from 1 to 100");
	}
	if ((s = web_qtext(w, "offset")) != NULL) {
		if (int_in(s, 0, 1000000000, &x))
			f->offset = x;
		else
			bad(w, "offset", "Vị trí bắt đầu phải là số nguyên không âm",
			    "The offset must be a whole number, 0 or more");
	}
	return web_problems(w, ei);
}

static enum err
search_api(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct market_search_q f;
	json_t *out;
	enum err e;

	(void)r;
	if ((e = mcatw_filters(w, &f, ei)) != ERR_OK ||
	    (e = market_search(w->db, &f, w->lang, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	return ERR_OK;
}

/* The listing's id from "{id}" or "{id}-{slug}"; *canonical_ok when ref
 * is exactly "{id}-{slug}" of the listing (known later). */
int64_t
mcatw_ref_id(const char *ref)
{
	int64_t id = 0;

	for (const char *p = ref; p != NULL && *p >= '0' && *p <= '9'; p++) {
		if (id > (INT64_MAX - 9) / 10)
			return 0;
		id = id * 10 + (*p - '0');
	}
	return id;
}

static enum err
listing_api(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	int64_t id;
	json_t *out;
	enum err e;

	if ((e = web_path_id(r, "id", "market.no_listing", &id, ei)) !=
	    ERR_OK ||
	    (e = market_catalog_listing(w->db, id, w->lang, &out, ei)) !=
	    ERR_OK)
		return e;
	jval_merge(view, out);
	return ERR_OK;
}

/* ---- the catalog's home ---------------------------------------------------- */

const char *
mcatw_href(struct req *r, struct web *w, const char *const *names,
    const char *const *values, int64_t offset)
{
	struct buf q;
	const char *s;

	buf_init(&q, 4096);
	for (size_t i = 0; names[i] != NULL; i++)
		if (values[i] != NULL && values[i][0] != '\0' &&
		    url_query_add(&q, names[i], values[i]) != ERR_OK)
			break;
	if (offset > 0 && url_query_add(&q, "offset", arena_printf(r->arena,
	    "%lld", (long long)offset)) != ERR_OK)
		buf_reset(&q);
	s = arena_printf(r->arena, "/cho%s%s", q.len ? "?" : "",
	    buf_cstr(&q));
	buf_free(&q);
	(void)w;
	return s;
}

static const char *const marks[] = { "", "★", "★★", "★★★", "★★★★", "★★★★★" };

const char *
mcatw_stars_mark(json_int_t n)
{
	return marks[n >= 0 && n <= 5 ? n : 0];
}

const char *
mcatw_stars_text(struct req *r, const char *lang, json_int_t n)
{
	return arena_printf(r->arena, "%lld %s", (long long)n,
	    msg_pick(lang, "sao OCOP", n == 1 ? "OCOP star" : "OCOP stars"));
}

/* Browse links: every province with listings, the groups, the stars;
 * the current one marked. */
static void
browse_links(struct req *r, struct web *w, json_t *view,
    const struct market_search_q *f)
{
	static const char *const pname[] = { "province", NULL };
	static const char *const gname[] = { "group", NULL };
	static const char *const sname[] = { "stars", NULL };
	json_t *fac, *p = json_array(), *g = json_array(), *s = json_array();
	json_t *it;
	struct errinfo ei;
	size_t i;

	if (market_catalog_facets(w->db, w->lang, &fac, &ei) != ERR_OK) {
		json_decref(p);
		json_decref(g);
		json_decref(s);
		return;
	}
	json_array_foreach(json_object_get(fac, "provinces"), i, it) {
		const char *v[] = { jval_str(it, "code") };

		json_array_append_new(p, json_pack("{s:O, s:s, s:O, s:b}",
		    "label", json_object_get(it, "name"), "href",
		    mcatw_href(r, w, pname, v, 0), "count",
		    json_object_get(it, "count"), "current", f->province !=
		    NULL && strcmp(f->province, v[0]) == 0));
	}
	json_array_foreach(json_object_get(fac, "groups"), i, it) {
		const char *v[] = { arena_printf(r->arena, "%lld",
		    (long long)jval_int(it, "group", 0)) };

		if (jval_int(it, "count", 0) == 0)
			continue;
		json_array_append_new(g, json_pack("{s:O, s:s, s:O, s:b}",
		    "label", json_object_get(it, "name"), "href",
		    mcatw_href(r, w, gname, v, 0), "count",
		    json_object_get(it, "count"), "current",
		    f->group == jval_int(it, "group", 0)));
	}
	json_array_foreach(json_object_get(fac, "stars"), i, it) {
		json_int_t n = jval_int(it, "stars", 0);
		const char *v[] = { arena_printf(r->arena, "%lld",
		    (long long)n) };

		if (jval_int(it, "count", 0) == 0)
			continue;
		json_array_append_new(s, json_pack("{s:s, s:s, s:s, s:O, s:b}",
		    "mark", mcatw_stars_mark(n), "label", n == 5 ?
		    mcatw_stars_text(r, w->lang, n) : arena_printf(r->arena,
		    "%s %s", msg_pick(w->lang, "Từ", "At least"),
		    mcatw_stars_text(r, w->lang, n)), "href",
		    mcatw_href(r, w, sname, v, 0), "count",
		    json_object_get(it, "count"), "current", f->stars == n));
	}
	json_object_set_new(view, "browse_provinces", p);
	json_object_set_new(view, "browse_groups", g);
	json_object_set_new(view, "browse_stars", s);
	json_object_set(view, "catalog_total", json_object_get(fac, "total"));
	json_decref(fac);
}

/* Words of the catalog's pages (both languages, picked here: the market's
 * pages are its own). */
static void
home_words(struct web *w, json_t *view)
{
	const char *l = w->lang;

	json_object_set_new(view, "mw", json_pack("{s:s, s:s, s:s, s:s, s:s,"
	    " s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "intro", msg_pick(l, "Sản phẩm OCOP được chứng nhận, mua trực "
	    "tiếp từ chủ thể sản xuất. Mỗi sản phẩm có đường dẫn kiểm tra "
	    "giấy chứng nhận.", "Certified OCOP products bought straight "
	    "from their producers. Every product links to the check of its "
	    "certificate."),
	    "search", msg_pick(l, "Tìm sản phẩm", "Find a product"),
	    "search_button", msg_pick(l, "Tìm", "Search"),
	    "placeholder", msg_pick(l, "ví dụ: mật ong, chè", "e.g. honey, tea"),
	    "by_province", msg_pick(l, "Theo tỉnh, thành phố", "By province"),
	    "by_group", msg_pick(l, "Theo nhóm sản phẩm", "By product group"),
	    "by_stars", msg_pick(l, "Theo số sao", "By stars"),
	    "all", msg_pick(l, "Tất cả sản phẩm", "Every product"),
	    "none", msg_pick(l, "Không tìm thấy sản phẩm nào. Hãy thử từ khóa "
	    "ngắn hơn, viết có hoặc không dấu, hoặc bỏ bớt bộ lọc.",
	    "No product found. Try a shorter word, with or without "
	    "diacritics, or fewer filters."),
	    "prev", msg_pick(l, "Trang trước", "Previous page"),
	    "next", msg_pick(l, "Trang sau", "Next page"),
	    "results", msg_pick(l, "Kết quả", "Results"),
	    "stats", msg_pick(l, "Thống kê", "Statistics")));
}

static enum err
catalog_home(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct market_search_q f;
	const char *base = survw_public_base(r);
	json_t *out, *it;
	size_t i;
	enum err e;

	if ((e = mcatw_filters(w, &f, ei)) != ERR_OK ||
	    (e = market_search(w->db, &f, w->lang, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	home_words(w, view);
	json_object_set_new(view, "title", json_string(msg_pick(w->lang,
	    "Chợ OCOP", "OCOP market")));
	json_object_set_new(view, "filter_q", jval_string(f.q));
	json_array_foreach(json_object_get(view, "items"), i, it) {
		json_int_t n = jval_int(it, "stars", 0);

		json_object_set_new(it, "stars_mark", json_string(
		    mcatw_stars_mark(n)));
		json_object_set_new(it, "stars_text", json_string(
		    mcatw_stars_text(r, w->lang, n)));
		json_object_set_new(it, "eager", json_boolean(i < 2));
	}
	web_pager(r, w, view, msg_pick(w->lang, "Sản phẩm", "Products"), "/cho",
	    keep, f.offset, f.limit);
	json_object_set_new(view, "filtered", json_boolean(f.province != NULL ||
	    f.group > 0 || f.stars > 0 || (f.q != NULL && f.q[0] != '\0')));
	browse_links(r, w, view, &f);
	{
		/* The search box keeps the browse filters. */
		static const char *const kept[] = { "province", "group",
			"stars" };
		json_t *k = json_array();

		for (size_t j = 0; j < 3; j++)
			if (web_qtext(w, kept[j]) != NULL)
				json_array_append_new(k, json_pack("{s:s, s:s}",
				    "name", kept[j], "value", web_qtext(w,
				    kept[j])));
		json_object_set_new(view, "keep", k);
	}
	{
		static const char *const names[] = { "province", "group",
			"stars", NULL };
		const char *values[] = { web_qtext(w, "province"),
			web_qtext(w, "group"), web_qtext(w, "stars") };
		const char *desc = msg_pick(w->lang,
		    "Chợ OCOP: sản phẩm OCOP được chứng nhận, mua trực tiếp từ "
		    "chủ thể sản xuất, có đường dẫn kiểm tra giấy chứng nhận.",
		    "The OCOP market: certified OCOP products bought straight "
		    "from their producers, each with its certificate's check.");

		json_object_set_new(view, "meta", json_pack("{s:s, s:s, s:[{s:s,"
		    " s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}]}",
		    "description", desc, "canonical", arena_printf(r->arena,
		    "%s%s", base, mcatw_href(r, w, names, values, 0)), "og",
		    "p", "og:title", "c", msg_pick(w->lang, "Chợ OCOP",
		    "OCOP market"), "p", "og:description", "c", desc,
		    "p", "og:type", "c", "website",
		    "p", "og:url", "c", arena_printf(r->arena, "%s/cho", base)));
	}
	return ERR_OK;
}

/* ---- sitemap.xml and robots.txt --------------------------------------------- */

static enum err
xml_text(struct buf *out, const char *s)
{
	enum err e = ERR_OK;

	for (; e == ERR_OK && *s != '\0'; s++)
		switch (*s) {
		case '&': e = buf_puts(out, "&amp;"); break;
		case '<': e = buf_puts(out, "&lt;"); break;
		case '>': e = buf_puts(out, "&gt;"); break;
		case '"': e = buf_puts(out, "&quot;"); break;
		case '\'': e = buf_puts(out, "&apos;"); break;
		default: e = buf_putc(out, *s);
		}
	return e;
}

static enum err
url_entry(struct buf *out, const char *base, const char *path,
    const char *lastmod)
{
	enum err e;

	if ((e = buf_puts(out, "<url><loc>")) != ERR_OK ||
	    (e = xml_text(out, base)) != ERR_OK ||
	    (e = xml_text(out, path)) != ERR_OK ||
	    (e = buf_puts(out, "</loc>")) != ERR_OK)
		return e;
	if (lastmod != NULL && lastmod[0] != '\0' &&
	    ((e = buf_puts(out, "<lastmod>")) != ERR_OK ||
	    (e = xml_text(out, lastmod)) != ERR_OK ||
	    (e = buf_puts(out, "</lastmod>")) != ERR_OK))
		return e;
	return buf_puts(out, "</url>\n");
}

static enum err
sitemap(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *base = survw_public_base(r);
	json_t *sm, *it;
	size_t i;
	enum err e;

	(void)view;
	if ((e = market_catalog_sitemap(w->db, &sm, ei)) != ERR_OK)
		return e;
	buf_reset(&r->out);
	e = buf_puts(&r->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	if (e == ERR_OK)
		e = url_entry(&r->out, base, "/cho", NULL);
	json_array_foreach(json_object_get(sm, "provinces"), i, it)
		if (e == ERR_OK)
			e = url_entry(&r->out, base, arena_printf(r->arena,
			    "/cho?province=%s", json_string_value(it)), NULL);
	json_array_foreach(json_object_get(sm, "groups"), i, it)
		if (e == ERR_OK)
			e = url_entry(&r->out, base, arena_printf(r->arena,
			    "/cho?group=%lld", (long long)json_integer_value(it)),
			    NULL);
	json_array_foreach(json_object_get(sm, "listings"), i, it)
		if (e == ERR_OK)
			e = url_entry(&r->out, base, jval_str(it, "href"),
			    jval_str(it, "lastmod"));
	if (e == ERR_OK)
		e = buf_puts(&r->out, "</urlset>\n");
	json_decref(sm);
	if (e != ERR_OK)
		return err_set(ei, e, "market.sitemap_too_big", NULL,
		    "Sơ đồ trang quá lớn", "The sitemap is too large");
	r->status = 200;
	r->content_type = "application/xml; charset=utf-8";
	http_add_header(r, "Cache-Control", "public, no-cache");
	return ERR_OK;
}

static enum err
robots(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)w;
	(void)view;
	buf_reset(&r->out);
	if (buf_printf(&r->out, "User-agent: *\nAllow: /\nSitemap: %s/sitemap.xml\n",
	    survw_public_base(r)) != ERR_OK)
		return err_set(ei, ERR_LIMIT, "market.robots", NULL,
		    "Không tạo được robots.txt", "robots.txt could not be made");
	r->status = 200;
	r->content_type = "text/plain; charset=utf-8";
	http_add_header(r, "Cache-Control", "public, max-age=3600");
	return ERR_OK;
}

/* The catalog depends on the listings and shops (MARKET_META_VERSION),
 * the certificates (OCOP) and the units' names: the cache's token joins
 * the three (db_meta_get of "a+b+c"), and today (ROUTE_DATED). */
#define CATALOG_VERSION	MARKET_META_VERSION "+" OCOP_META_VERSION \
	"+units_version"

const struct route market_catalog_routes[] = {
	{ .method = "GET", .pattern = "/market/search", .flags = ROUTE_API,
	  .fn = search_api, QUERY(search_query), .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/market/listings/{id}",
	  .flags = ROUTE_API, .fn = listing_api, .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/cho",
	  .flags = ROUTE_HTML | ROUTE_PAGE_CACHE | ROUTE_DATED,
	  .tmpl = "market/catalog_home", .fn = catalog_home,
	  QUERY(search_query), .version_key = CATALOG_VERSION,
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/cho/san-pham/{ref}",
	  .flags = ROUTE_HTML, .tmpl = "market/catalog_product",
	  .fn = mcatw_product, .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/sitemap.xml", .flags = ROUTE_RAW,
	  .fn = sitemap, .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/robots.txt",
	  .flags = ROUTE_RAW | ROUTE_NODB, .fn = robots,
	  .roles = ROLES_PUBLIC },
	{ .method = NULL }
};
