/*
 * routes.c - the router: the list of module route tables, matching, the
 * central checks every route gets before its handler, and the single place
 * where a view or an error becomes a response (JSON or HTML).
 *
 * Adding a module adds one line to route_tables[] below.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "core/text.h"
#include "http/template.h"
#include "web/cache.h"
#include "web/web.h"
#include "web/replicas.h"
#include "web/web_internal.h"
#include "web/web_market_money.h"
#include "web/web_market_internal.h"

const struct route *const web_route_tables[] = {
	home_routes,
	auth_routes,
	users_routes,
	audit_routes,
	units_routes,
	criteria_routes,
	surveys_routes,
	dossiers_routes,
	report_file_routes,	/* before reports_routes: {period}.xlsx */
	reports_routes,
	report_approval_routes,
	report_page_routes,
	ocop_scorecard_routes,
	ocop_registry_routes,
	ocop_certificate_routes,
	ocop_import_routes,
	ocop_register_routes,
	ocop_round_routes,
	market_catalog_routes,
	static_routes,
	market_shop_routes,
	market_shop_page_routes,
	market_order_routes,
	market_checkout_routes,
	market_money_routes,
	market_stats_routes,
	market_buyer_routes,
	maps_routes,
	opendata_routes,
	legal_routes,
	dashboard_routes,
	dx_api_routes,
	dx_page_routes,
	criteria_province_routes,
	pilots_routes,
	changes_routes,
	notices_routes,
	webhooks_routes,
	openapi_routes,
	exchange_routes,
	import_routes,
	NULL
};

#define API_PREFIX "/api/v1"
#define MAX_SEGMENTS 16

static const char csp[] =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

/*
 * Match path against pattern segment by segment; "{name}" captures one
 * non-empty segment into r.  Returns true on a match.
 */
static bool
pattern_match(struct req *r, const char *pattern, const char *path)
{
	const char *p = pattern, *s = path;

	r->nparams = 0;
	while (*p != '\0' || *s != '\0') {
		if (*p != '/' || *s != '/')
			return false;
		p++;
		s++;
		if (*p == '{') {
			const char *pend = strchr(p, '}');
			const char *send = strchr(s, '/');
			size_t slen = send ? (size_t)(send - s) : strlen(s);
			/* "{name}.xlsx": a literal tail after the capture */
			size_t tail = pend ? strcspn(pend + 1, "/") : 0;

			if (pend == NULL || slen <= tail ||
			    r->nparams >= HTTP_MAX_PARAMS ||
			    strncmp(s + slen - tail, pend + 1, tail) != 0)
				return false;
			r->param_names[r->nparams] = arena_strndup(r->arena,
			    p + 1, (size_t)(pend - p - 1));
			r->param_values[r->nparams++] = arena_strndup(r->arena,
			    s, slen - tail);
			p = pend + 1 + tail;
			s += slen;
		} else {
			const char *pend = strchr(p, '/');
			const char *send = strchr(s, '/');
			size_t plen = pend ? (size_t)(pend - p) : strlen(p);
			size_t slen = send ? (size_t)(send - s) : strlen(s);

			if (plen != slen || strncmp(p, s, plen) != 0)
				return false;
			p += plen;
			s += slen;
		}
	}
	return true;
}

bool
web_route_match(struct req *r, const struct route *rt, const char *path,
    bool api)
{
	if (api && !(rt->flags & ROUTE_API))
		return false;
	if (!api && !(rt->flags & (ROUTE_HTML | ROUTE_RAW)))
		return false;
	/* "/" as an API pattern is the API root "/api/v1". */
	if (api && strcmp(rt->pattern, "/") == 0)
		return strcmp(path, "") == 0 || strcmp(path, "/") == 0;
	return pattern_match(r, rt->pattern, path);
}

/* Find the route for (method, path).  ERR_NOTFOUND or ERR_METHOD. */
static enum err
route_find(struct req *r, bool *api, const struct route **out,
    struct errinfo *ei)
{
	const char *path = r->path, *method = r->method;
	bool path_known = false;
	struct buf allow;

	*api = strncmp(path, API_PREFIX, strlen(API_PREFIX)) == 0 &&
	    (path[strlen(API_PREFIX)] == '/' || path[strlen(API_PREFIX)] == '\0');
	if (*api)
		path += strlen(API_PREFIX);
	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	for (size_t t = 0; web_route_tables[t] != NULL; t++) {
		for (const struct route *rt = web_route_tables[t]; rt->pattern; rt++) {
			if (!web_route_match(r, rt, path, *api))
				continue;
			path_known = true;
			if (strcmp(rt->method, method) == 0) {
				*out = rt;
				return ERR_OK;
			}
		}
	}
	r->nparams = 0;
	if (path_known) {
		/* 405 with the methods the path does have. */
		buf_init(&allow, 256);
		for (size_t t = 0; web_route_tables[t] != NULL; t++)
			for (const struct route *rt = web_route_tables[t];
			    rt->pattern; rt++)
				if (web_route_match(r, rt, path, *api) &&
				    buf_printf(&allow, "%s%s%s", allow.len ?
				    ", " : "", rt->method, strcmp(rt->method,
				    "GET") ? "" : ", HEAD") != ERR_OK)
					break;	/* 256 bytes hold every method */
		r->nparams = 0;
		http_add_header(r, "Allow", arena_strndup(r->arena,
		    buf_cstr(&allow), allow.len));
		buf_free(&allow);
		return err_set(ei, ERR_METHOD, NULL, NULL,
		    "phương thức %.10s không được hỗ trợ ở địa chỉ này",
		    "method %.10s is not supported at this address", method);
	}
	return err_set(ei, ERR_NOTFOUND, "request.not_found", NULL,
	    "không tìm thấy trang hoặc tài nguyên",
	    "page or resource not found");
}

/* Validate the route's declared query parameters into w. */
static enum err
query_validate(struct req *r, struct web *w, struct errinfo *ei)
{
	const struct qfield *f = w->route->query;
	size_t n = w->route->nquery;

	w->qtext = n ? arena_alloc(r->arena, n * sizeof(*w->qtext)) : NULL;
	w->qint = n ? arena_alloc(r->arena, n * sizeof(*w->qint)) : NULL;
	for (size_t i = 0; i < n; i++) {
		const char *v;

		w->qtext[i] = NULL;
		w->qint[i] = 0;
		v = http_query(r, f[i].name);
		if (v == NULL || v[0] == '\0')
			continue;
		if (!text_utf8_valid(v, strlen(v)))
			return err_set(ei, ERR_MALFORMED, "request.bad_utf8",
			    f[i].name, "tham số %s không phải UTF-8 hợp lệ",
			    "parameter %s is not valid UTF-8", f[i].name);
		switch (f[i].type) {
		case Q_INT: {
			char *end;
			long long x;

			x = strtoll(v, &end, 10);
			if (*end != '\0' || end == v || v[0] == ' ' || v[0] == '+')
				return err_set(ei, ERR_MALFORMED,
				    "request.bad_number", f[i].name,
				    "tham số %s phải là số nguyên",
				    "parameter %s must be a whole number",
				    f[i].name);
			if (x < f[i].min || x > f[i].max)
				return err_set(ei, ERR_INVALID,
				    "request.out_of_range", f[i].name,
				    "tham số %s phải từ %lld đến %lld",
				    "parameter %s must be from %lld to %lld",
				    f[i].name, (long long)f[i].min,
				    (long long)f[i].max);
			w->qint[i] = x;
			w->qtext[i] = v;
			break;
		}
		case Q_CHOICE: {
			bool ok = false;

			for (const char *const *c = f[i].choices; *c; c++)
				ok = ok || strcmp(*c, v) == 0;
			if (!ok)
				return err_set(ei, ERR_INVALID,
				    "request.bad_choice", f[i].name,
				    "giá trị của tham số %s không hợp lệ",
				    "the value of parameter %s is not one of "
				    "its choices", f[i].name);
			w->qtext[i] = v;
			break;
		}
		case Q_TEXT: {
			struct buf b;

			if (strlen(v) > f[i].max_len)
				return err_set(ei, ERR_INVALID, "request.too_long",
				    f[i].name, "tham số %s dài quá %zu byte",
				    "parameter %s is longer than %zu bytes",
				    f[i].name, f[i].max_len);
			buf_init(&b, f[i].max_len * 4);
			if (text_nfc(v, strlen(v), &b) != ERR_OK) {
				buf_free(&b);
				return err_set(ei, ERR_MALFORMED,
				    "request.bad_utf8", f[i].name,
				    "tham số %s không hợp lệ",
				    "parameter %s is not valid", f[i].name);
			}
			w->qtext[i] = arena_strndup(r->arena, buf_cstr(&b), b.len);
			buf_free(&b);
			break;
		}
		}
	}
	return ERR_OK;
}

/* The index of parameter name in the route's table; a handler asking for
 * a parameter its route does not declare is a programming error. */
static size_t
query_index(const struct web *w, const char *name)
{
	for (size_t i = 0; i < w->route->nquery; i++)
		if (strcmp(w->route->query[i].name, name) == 0)
			return i;
	abort();
}

bool
web_qhas(const struct web *w, const char *name)
{
	for (size_t i = 0; i < w->route->nquery; i++)
		if (strcmp(w->route->query[i].name, name) == 0)
			return true;
	return false;
}

const char *
web_qtext(const struct web *w, const char *name)
{
	return w->qtext[query_index(w, name)];
}

int64_t
web_qint(const struct web *w, const char *name, int64_t dflt)
{
	size_t i = query_index(w, name);

	return w->qtext[i] != NULL ? w->qint[i] : dflt;
}

/* The token a cached view is valid for: the version read (value of rc,
 * db_meta_get's answer) and, for a dated view, "|" and today. */
const char *
web_version_token(struct arena *a, int rc, const char *version, bool dated)
{
	char today[DATE_LEN];

	if (!dated)
		return arena_strdup(a, rc == 1 ? version : "0");
	return arena_printf(a, "%s|%s", rc == 1 ? version : "0",
	    date_today(today));
}

/*
 * For a cacheable JSON view: the key (language, path, the route's
 * validated query parameters in table order) and the data version.  On a
 * hit the response is complete and true is returned.
 */
static bool
cache_lookup(struct req *r, struct web *w, struct errinfo *ei)
{
	const struct web_cached *c;
	char version[128];	/* longer than any token the cache keeps */
	enum web_cache_found found;
	struct buf key;
	bool ok;
	enum err e;
	int rc;

	if ((rc = web_cache_token(w->db, w->route->version_key, w->who != NULL,
	    version, sizeof(version), ei)) < 0)
		return false;
	w->cache_version = web_version_token(r->arena, rc, version,
	    (w->route->flags & ROUTE_DATED) != 0);
	buf_init(&key, 8192);
	/* JSON and page bodies of one path are two entries. */
	e = buf_printf(&key, "%c|%s|%s?", w->json ? 'J' : 'H', w->lang,
	    r->path);
	for (size_t i = 0; e == ERR_OK && i < w->route->nquery; i++)
		if (w->qtext[i] != NULL)
			e = buf_printf(&key, "%s=%s&", w->route->query[i].name,
			    w->qtext[i]);
	if (e == ERR_OK && w->route->view_variant != NULL) {
		const char *v = w->route->view_variant(r, w);

		if (v != NULL)
			e = buf_printf(&key, "|%s", v);
	}
	if (e != ERR_OK) {	/* a key too long: answered uncached */
		buf_free(&key);
		w->cache_version = NULL;
		return false;
	}
	w->cache_key = arena_strndup(r->arena, buf_cstr(&key), key.len);
	buf_free(&key);
	/* Only an anonymous reader may be given a stale body (cache.h). */
	found = web_cache_lookup(w->cache_key, w->cache_version, w->who == NULL,
	    &c, &w->cache_flight);
	if (found == WEB_CACHE_MISS)
		return false;
	if (w->json) {
		/* The body is sent from the cache, not copied. */
		web_cache_respond(r, c);
		web_respond_json_cached(r, c->etag);
		ok = true;
	} else {
		ok = web_respond_page_cached(r, w, c->body, c->len);
		web_cache_release(c);
	}
	/* A stale answer is not kept as the current version's. */
	if (ok && found == WEB_CACHE_STALE)
		w->cache_version = NULL;
	return ok;	/* false: rendered afresh below */
}

void
web_respond_json_cached(struct req *r, const char etag[24])
{
	const char *inm = http_header(r, "If-None-Match");
	char *tag = arena_strndup(r->arena, etag, strnlen(etag, 24));

	r->content_type = "application/json";
	http_add_header(r, "ETag", tag);
	http_add_header(r, "Cache-Control", "no-cache");
	if (inm != NULL && (strcmp(inm, "*") == 0 || strstr(inm, tag) != NULL)) {
		http_clear_body(r);
		r->status = 304;
	} else
		r->status = 200;
}

static void
security_headers(struct req *r)
{
	http_add_header(r, "Content-Security-Policy", csp);
	http_add_header(r, "X-Content-Type-Options", "nosniff");
	http_add_header(r, "Referrer-Policy", "same-origin");
	http_add_header(r, "X-Frame-Options", "DENY");
}

/* The language: ?lang= wins, then the cookie, then Vietnamese. */
static const char *
pick_lang(struct req *r)
{
	const char *l = http_query(r, "lang");

	if (l == NULL)
		l = http_cookie(r, "lang");
	return (l != NULL && strcmp(l, "en") == 0) ? "en" : "vi";
}

static bool
wants_json(struct req *r, bool api)
{
	const char *accept;

	if (api)
		return true;
	accept = http_header(r, "Accept");
	return accept != NULL && strncmp(accept, "application/json", 16) == 0;
}

size_t
web_body_limit(const char *method, const char *path)
{
	static const char tail[] = "/attachments", up[] = "/upload";
	size_t n = strlen(path), t = sizeof(tail) - 1, u = sizeof(up) - 1;

	if (strcmp(method, "POST") == 0 && n >= t &&
	    strcmp(path + n - t, tail) == 0)
		return WEB_UPLOAD_MAX;
	/* a filled report workbook: /api/v1/reports/{form}/upload */
	if (strcmp(method, "POST") == 0 && n >= u &&
	    strcmp(path + n - u, up) == 0 && strstr(path, "/reports/") != NULL)
		return WEB_UPLOAD_MAX;
	/* an OCOP product photo: /api/v1/ocop/products/{id}/photos */
	if (strcmp(method, "POST") == 0 && n >= 7 &&
	    strcmp(path + n - 7, "/photos") == 0 &&
	    strstr(path, "/ocop/products/") != NULL)
		return WEB_UPLOAD_MAX;
	/* a file of the one upload page: /imports/{kind},
	 * /api/v1/imports/{kind} (web_imports.c) */
	if (strcmp(method, "POST") == 0 && (strncmp(path, "/imports/", 9) == 0 ||
	    strncmp(path, "/api/v1/imports/", 16) == 0) &&
	    strstr(path, "problems.csv") == NULL)
		return WEB_UPLOAD_MAX;
	/* a province's OCOP list: /ocop/import, /api/v1/ocop/import */
	if (strcmp(method, "POST") == 0 && n >= 12 &&
	    strcmp(path + n - 12, "/ocop/import") == 0)
		return WEB_UPLOAD_MAX;
	/* a listing's photo: /api/v1/market/shop/listings/{id}/photos and
	 * its page /cua-hang/tin-ban/{id}/anh */
	if (strcmp(method, "POST") == 0 && ((n >= 7 &&
	    strcmp(path + n - 7, "/photos") == 0 &&
	    strstr(path, "/market/shop/listings/") != NULL) || (n >= 4 &&
	    strcmp(path + n - 4, "/anh") == 0 &&
	    strncmp(path, "/cua-hang/tin-ban/", 18) == 0)))
		return WEB_UPLOAD_MAX;
	/* a bank statement: /api/v1/market/shop/bank-uploads and its page
	 * /cua-hang/doi-soat */
	if (strcmp(method, "POST") == 0 && ((n >= 25 &&
	    strcmp(path + n - 25, "/market/shop/bank-uploads") == 0) ||
	    strcmp(path, "/cua-hang/doi-soat") == 0))
		return WEB_UPLOAD_MAX;
	/* a pilot's progress note with its photo, and one more photo:
	 * /pilots/{id}/notes, /api/v1/pilots/{id}/notes/{nid}/photos */
	if (strcmp(method, "POST") == 0 && strstr(path, "/pilots/") != NULL &&
	    ((n >= 6 && strcmp(path + n - 6, "/notes") == 0) || (n >= 7 &&
	    strcmp(path + n - 7, "/photos") == 0)))
		return WEB_UPLOAD_MAX;
	return 0;
}

/*
 * Whole answers to anonymous reads (the answers table of cache.h).  A GET
 * or HEAD with no body, no Authorization, no session cookie and no
 * If-None-Match is answered with the response an identical earlier
 * request got, while the version token that response depends on still
 * reads the same, before any routing.  Only responses that are a function
 * of the request alone are kept: a route's cached view (JSON or page) for
 * an anonymous caller, and the static files.  The key holds all they can
 * depend on: JSON or page, the language, the path, every query argument
 * in order (length-prefixed, so no two argument lists share a key).
 */
#define ANSWER_KEY_MAX 2048

struct answer_key {
	size_t len;
	bool ok;
	char buf[ANSWER_KEY_MAX];
};

static void
answer_key_add(struct answer_key *k, const char *s, bool prefixed)
{
	size_t n = s != NULL ? strlen(s) : 0;
	int m = 0;

	if (!k->ok)
		return;
	if (prefixed)
		m = snprintf(k->buf + k->len, sizeof(k->buf) - k->len,
		    s != NULL ? "%zu:" : "-", n);
	if (m < 0 || k->len + (size_t)m + n + 1 > sizeof(k->buf)) {
		k->ok = false;
		return;
	}
	k->len += (size_t)m;
	memcpy(k->buf + k->len, s != NULL ? s : "", n);
	k->len += n;
	if (!prefixed)
		k->buf[k->len++] = '\0';
}

static void
answer_key_arg(void *ctx, const char *name, const char *value)
{
	answer_key_add(ctx, name, true);
	answer_key_add(ctx, value, true);
}

/* k for r if r may be answered from (and recorded in) the answers table;
 * false if it may not. */
static bool
answer_key(struct req *r, struct answer_key *k)
{
	bool api;

	if (!web_cache_enabled() || r->resumed || r->body.len > 0 ||
	    r->too_large || r->uri_too_long || r->is_form ||
	    (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) ||
	    http_header(r, "Authorization") != NULL ||
	    http_header(r, "If-None-Match") != NULL ||
	    http_cookie(r, web_session_cookie_name()) != NULL)
		return false;
	api = strncmp(r->path, API_PREFIX, strlen(API_PREFIX)) == 0 &&
	    (r->path[strlen(API_PREFIX)] == '/' ||
	    r->path[strlen(API_PREFIX)] == '\0');
	k->len = 0;
	k->ok = true;
	answer_key_add(k, wants_json(r, api) ? "J" : "H", false);
	answer_key_add(k, pick_lang(r), false);
	answer_key_add(k, r->path, false);
	/* A static file is sent gzip-compressed or not (web_static.c). */
	if (strncmp(r->path, "/static/", 8) == 0)
		answer_key_add(k, web_accepts_gzip(http_header(r,
		    "Accept-Encoding")) ? "gzip" : "", false);
	http_query_each_raw(r, answer_key_arg, k);
	return k->ok;
}

/* Answer r from the table if it holds a current answer for k. */
static bool
answer_lookup(struct req *r, const struct answer_key *k)
{
	struct web_answer a;
	struct errinfo ei;
	char version[128];
	struct db *db;
	bool ok = true;
	int rc;

	if (!web_answer_get(k->buf, k->len, &a))
		return false;
	if (a.version_key != NULL) {
		err_clear(&ei);
		if ((db = web_db(&ei)) == NULL)
			ok = false;	/* the router reports it */
		else {
			rc = web_cache_token(db, a.version_key, false,
			    version, sizeof(version), &ei);
			ok = rc >= 0 && strcmp(web_version_token(r->arena, rc,
			    version, a.dated), a.version) == 0;
			db_end_reads(db);
		}
	}
	if (ok)
		http_respond_prepared(r, a.resp);
	http_prepared_unref(a.resp);
	return ok;
}

/* After the router: keep r's answer if it is one the table may hold. */
static void
answer_record(struct req *r, struct web *w, const struct route *rt,
    const struct answer_key *k)
{
	struct http_prepared *p;
	bool fixed = rt == &static_routes[0] && r->out_static != NULL;

	if (r->status != 200 || r->deferred || w->who != NULL ||
	    w->redirect != NULL || rt == NULL)
		return;
	if (!fixed && (rt->version_key == NULL || w->cache_key == NULL ||
	    w->cache_version == NULL))
		return;
	for (size_t i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->header_names[i], "Set-Cookie") == 0)
			return;
	if ((p = http_prepare(r)) == NULL)
		return;
	web_answer_put(k->buf, k->len, fixed ? NULL : rt->version_key,
	    !fixed && (rt->flags & ROUTE_DATED) != 0,
	    fixed ? NULL : w->cache_version, p);
	http_prepared_unref(p);
}

/* What a signed-in caller is answered (a page, JSON, a file, an error)
 * is theirs alone: no browser or proxy cache may keep it.  Anonymous
 * answers keep what their handler chose (public, or no-cache with an
 * ETag); static files never identify the caller (ROUTE_NODB). */
static void
private_answer(struct req *r, const struct web *w)
{
	static const char private[] = "private, no-store";
	bool set = false;

	if (w->who == NULL)
		return;
	for (size_t i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->header_names[i], "Cache-Control") == 0) {
			r->header_values[i] = private;
			set = true;
		}
	if (!set)
		http_add_header(r, "Cache-Control", private);
}

/* Called by web_dispatch (replicas.c), which chooses the database. */
void
web_route_dispatch(struct req *r, void *ctx)
{
	struct errinfo ei;
	struct answer_key *key = NULL, keybuf;
	struct web *w;
	const struct route *rt = NULL;
	json_t *view = NULL;
	bool api = false;
	enum err e;

	(void)ctx;
	if (answer_key(r, &keybuf)) {
		if (answer_lookup(r, &keybuf))
			return;
		key = &keybuf;
	}
	w = arena_alloc(r->arena, sizeof(*w));
	err_clear(&ei);
	r->app = w;
	security_headers(r);
	w->lang = pick_lang(r);
	if (r->uri_too_long) {
		/* Its query was dropped unread (http.h): 414, never routed. */
		w->json = wants_json(r, strncmp(r->path, API_PREFIX, 7) == 0);
		e = err_set(&ei, ERR_LIMIT, "request.uri_too_long", NULL,
		    "địa chỉ quá dài: tối đa %d byte và %d tham số",
		    "the address is too long: at most %d bytes and %d "
		    "parameters", HTTP_MAX_URI, HTTP_MAX_QUERY_ARGS);
		goto fail;
	}
	if (!text_utf8_valid(r->path, strlen(r->path))) {
		w->json = wants_json(r, strncmp(r->path, API_PREFIX, 7) == 0);
		e = err_set(&ei, ERR_MALFORMED, "request.bad_utf8", "path",
		    "địa chỉ không phải UTF-8 hợp lệ",
		    "the address is not valid UTF-8");
		goto fail;
	}
	e = route_find(r, &api, &rt, &ei);
	w->json = wants_json(r, api);
	if (e != ERR_OK)
		goto fail;
	w->route = rt;
	web_replica_route(r, rt);	/* a GET that writes: the primary */
	if (r->too_large) {
		e = err_set(&ei, ERR_LIMIT, NULL, NULL,
		    "nội dung yêu cầu quá lớn",
		    "the request body is too large");
		goto fail;
	}
	if ((e = query_validate(r, w, &ei)) != ERR_OK)
		goto fail;
	if (!(rt->flags & ROUTE_NODB) && (w->db = web_db(&ei)) == NULL) {
		e = ei.err;
		goto fail;
	}
	if ((e = web_access_check(r, w, &ei)) != ERR_OK)
		goto fail;
	w->admitted = true;
	if (rt->version_key != NULL && web_cache_enabled() &&
	    (w->json || (rt->flags & ROUTE_PAGE_CACHE)) &&
	    cache_lookup(r, w, &ei))
		goto out;
	/* The checks' reads end here: a write begun with one of them still
	 * open would hold its old snapshot, and SQLite refuses such a write
	 * at once when another connection has committed since (db.h,
	 * db_done).  What the checks found is copied already. */
	if (w->db != NULL && strcmp(r->method, "GET") != 0 &&
	    strcmp(r->method, "HEAD") != 0)
		db_end_reads(w->db);
	view = json_object();
	if ((e = rt->fn(r, w, view, &ei)) != ERR_OK)
		goto fail;
	if (w->redirect != NULL && !w->json) {
		r->status = 303;
		http_add_header(r, "Location", w->redirect);
		http_add_header(r, "Cache-Control", "no-store");
	} else if (!(rt->flags & ROUTE_RAW))
		web_render_view(r, w, view, &ei);
	json_decref(view);
	goto out;
fail:
	if (w->redirect != NULL && !w->json && e == ERR_UNAUTH) {
		/* A page that needs a login sends the browser to it. */
		r->status = 303;
		http_add_header(r, "Location", w->redirect);
		http_add_header(r, "Cache-Control", "no-store");
	} else {
		/* The form is shown again only to a caller the router
		 * admitted: a refused one (401, 403, CSRF) must not see the
		 * page of the record it aimed at. */
		if (!w->json && rt != NULL && (rt->flags & ROUTE_FORM) &&
		    rt->form_view != NULL && w->db != NULL &&
		    (w->admitted || w->form_target_bad)) {
			struct errinfo ignored;

			if (view == NULL)
				view = json_object();
			rt->form_view(r, w, view, &ignored);
		}
		web_render_error(r, w, &ei, view);
	}
	json_decref(view);
out:
	if (w->cache_flight != 0)	/* built (or failed): the next may */
		web_cache_flight_end(w->cache_key, w->cache_flight);
	private_answer(r, w);
	if (key != NULL)
		answer_record(r, w, rt, key);
	json_decref(w->body);
	json_decref(w->problems);
	if (w->db != NULL)
		db_end_reads(w->db);
}
