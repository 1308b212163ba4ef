/*
 * web_home.c - the home pages, the navigation, the health check and the
 * language switch.
 *   GET /, /api/v1/        the public home (what the platform is, national
 *                          counts, the modules); the same for everyone
 *   GET /home, /api/v1/home  what waits for the signed-in caller: the
 *                          inbox of domain/home (home_inbox), where every
 *                          role lands after signing in
 *   GET /s, /api/v1/s      the citizens' list of open surveys and published
 *                          results, by commune or province name (no login)
 *   GET /healthz           {"status":"ok"} when the database answers
 *   GET /lang/{lang}       remember the language in a cookie, go back
 * and web_nav, the navigation of the layout: each entry is shown when the
 * route it leads to would admit the caller (that route's .roles, read from
 * the route tables), so the navigation offers what a role may do and
 * nothing it may not.
 */
#include <stdio.h>
#include <string.h>

#include "core/jval.h"
#include "core/url.h"
#include "domain/home/home.h"
#include "domain/units/units.h"
#include "web/web_internal.h"

static enum err home_page(struct req *, struct web *, json_t *, struct errinfo *);
static enum err healthz(struct req *, struct web *, json_t *, struct errinfo *);
static enum err lang_switch(struct req *, struct web *, json_t *, struct errinfo *);
static enum err inbox_page(struct req *, struct web *, json_t *, struct errinfo *);
static enum err public_surveys_page(struct req *, struct web *, json_t *, struct errinfo *);

static const struct qfield lang_query[] = {
	{ "next", Q_TEXT, 0, 0, 1000, NULL },
};

static const struct qfield public_surveys_query[] = {
	{ "q", Q_TEXT, 0, 0, 200, NULL },	/* a commune or province name */
	{ "unit", Q_TEXT, 0, 0, 64, NULL },	/* one of the matches offered */
};

const struct route home_routes[] = {
	{ .method = "GET", .pattern = "/", .flags = ROUTE_HTML | ROUTE_API,
	  .tmpl = "home", .fn = home_page, .version_key = "units_version" },
	{ .method = "GET", .pattern = "/home",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_ANY_ACCOUNT,
	  .tmpl = "inbox", .fn = inbox_page, .roles = ROLES_SIGNED_IN },
	{ .method = "GET", .pattern = "/s", .flags = ROUTE_HTML | ROUTE_API,
	  .tmpl = "surveys/public", .fn = public_surveys_page,
	  QUERY(public_surveys_query), .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/healthz", .flags = ROUTE_RAW | ROUTE_NODB,
	  .fn = healthz },
	{ .method = "GET", .pattern = "/lang/{lang}",
	  .flags = ROUTE_RAW | ROUTE_NODB, .fn = lang_switch, QUERY(lang_query) },
	{ .method = NULL }
};

static json_t *
counts_json(const struct unit_counts *c, bool with_districts)
{
	json_t *o = json_pack("{s:I, s:I, s:I}",
	    "provinces", (json_int_t)c->provinces,
	    "communes", (json_int_t)c->communes,
	    "rural_communes", (json_int_t)c->rural_communes);

	if (with_districts)
		json_object_set_new(o, "districts", json_integer(c->districts));
	return o;
}

/* The public portal: what citizens and the press read without signing
 * in, each a link with a line saying what it holds. */
static const struct {
	const char *href, *key;
} portal[] = {
	{ "/units/2025/VN/dashboard", "leg_portal_dashboard" },
	{ "/maps", "leg_portal_maps" },
	{ "/recognitions", "leg_portal_register" },
	{ "/van-ban", "leg_portal_library" },
	{ "/du-lieu-mo", "leg_portal_open_data" },
};

static void
home_portal(struct web *w, json_t *view)
{
	json_t *list = json_array();
	char key[64];

	for (size_t i = 0; i < sizeof(portal) / sizeof(portal[0]); i++) {
		snprintf(key, sizeof(key), "%s_text", portal[i].key);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "href",
		    portal[i].href, "label", msg_get(w->lang, portal[i].key),
		    "text", msg_get(w->lang, key)));
	}
	json_object_set_new(view, "portal", list);
}

static enum err
home_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct unit_counts now, before;
	enum err e;

	(void)r;
	if ((e = units_count(w->db, "2025", &now, ei)) != ERR_OK ||
	    (e = units_count(w->db, "pre2025", &before, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "counts", json_pack("{s:o, s:o}",
	    "2025", counts_json(&now, false),
	    "pre2025", counts_json(&before, true)));
	json_object_set_new(view, "modules", json_pack("[{s:s, s:s}]",
	    "id", "units", "href", "/units/2025/VN"));
	json_object_set_new(view, "title", json_string(msg_get(w->lang, "home")));
	home_portal(w, view);
	return ERR_OK;
}

/* What waits for the caller (domain/home): one domain call. */
static enum err
inbox_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *in;
	enum err e;

	(void)r;
	/* A buyer account has no work here: its orders are its home. */
	if (!web_holds(w, ROLES_STAFF)) {
		if (w->json)
			json_object_set_new(view, "items", json_array());
		else
			w->redirect = "/cho/tai-khoan";
		json_object_set_new(view, "my_orders",
		    json_string("/api/v1/market/my/orders"));
		return ERR_OK;
	}
	if ((e = home_inbox(w->db, w->who, w->lang, &in, ei)) != ERR_OK)
		return e;
	jval_merge(view, in);
	/* The notices: what was noticed, new since the last visit marked. */
	if ((e = web_notices_home(r, w, view, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "home_inbox_title")));
	json_object_set_new(view, "nothing", json_boolean(json_array_size(
	    json_object_get(view, "items")) == 0));
	json_object_set_new(view, "nav", web_nav(r, w));
	return ERR_OK;
}

/* The citizens' surveys: open ones and published results, by place. */
static enum err
public_surveys_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	json_t *list;
	enum err e;

	if ((e = home_public_surveys(w->db, r->arena, web_qtext(w, "q"),
	    web_qtext(w, "unit"), w->lang, &list, ei)) != ERR_OK)
		return e;
	jval_merge(view, list);
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "home_public_surveys_title")));
	return ERR_OK;
}

/*
 * The navigation.  An entry is shown when the route of method GET and
 * pattern gate admits the caller by its roles (ROLES_PUBLIC: everyone,
 * ROLES_SIGNED_IN: a signed-in caller, else a role of the mask anywhere:
 * web_holds); of the entries of one group only the first shown is kept
 * (the dossiers for those who read them, else the public register).
 * Scope is not asked here: a page lists what lies in the caller's scope.
 */
struct nav_entry {
	const char *key;	/* message */
	const char *href;
	const char *gate;	/* the pattern of the route it leads to */
	int group;		/* 0: none */
	enum {
		NAV_EVERYONE,
		NAV_SIGNED_IN,	/* only for a signed-in caller */
		NAV_VISITORS	/* only for a visitor: the market's window
				 * (an official's header has no room left) */
	} audience;
};

static const struct nav_entry nav_entries[] = {
	{ "nav_my_work", "/home", "/home", 0, NAV_SIGNED_IN },
	{ "nav_units", "/units/2025/VN", "/units/{structure}/{code}", 0, NAV_EVERYONE },
	{ "rpage_nav", "/reports", "/reports", 0, NAV_SIGNED_IN },
	{ "nav_dossiers", "/dossiers", "/dossiers", 1, NAV_SIGNED_IN },
	{ "nav_register", "/recognitions", "/recognitions", 1, NAV_EVERYONE },
	/* Officials design and run campaigns; everyone else answers them. */
	{ "nav_surveys", "/surveys", "/campaigns", 2, NAV_SIGNED_IN },
	{ "nav_public_surveys", "/s", "/s", 2, NAV_EVERYONE },
	{ "nav_users", "/users", "/users", 0, NAV_SIGNED_IN },
	{ "ocop_nav", "/ocop/products", "/ocop/products", 0, NAV_SIGNED_IN },
	/* The OCOP list import is a kind of the one upload page now
	 * (/nhap-du-lieu, reached from /trao-doi), and the webhooks and API
	 * tokens are reached from /trao-doi too: the header has no room for
	 * more links at 1366 px. */
	{ "xc_nav", "/trao-doi", "/trao-doi", 0, NAV_SIGNED_IN },
	{ "ocr_nav", "/ocop/rounds/mine", "/ocop/rounds/mine", 0, NAV_SIGNED_IN },
	{ "mshop_nav", "/cua-hang", "/cua-hang", 0, NAV_SIGNED_IN },
	{ "mcat_nav", "/cho", "/cho", 0, NAV_VISITORS },
	{ "leg_nav", "/van-ban", "/van-ban", 0, NAV_VISITORS },
	{ "dxp_nav", "/chuyen-doi-so", "/chuyen-doi-so", 0, NAV_VISITORS },
	{ "pil_nav", "/pilots", "/pilots", 0, NAV_VISITORS },
};

static const struct route *
route_of(const char *pattern)
{
	for (size_t t = 0; web_route_tables[t] != NULL; t++)
		for (const struct route *rt = web_route_tables[t];
		    rt->pattern != NULL; rt++)
			if (strcmp(rt->method, "GET") == 0 &&
			    strcmp(rt->pattern, pattern) == 0)
				return rt;
	return NULL;
}

static bool
admits(const struct web *w, const struct route *rt)
{
	if (rt == NULL)
		return false;
	if (rt->roles == ROLES_PUBLIC)
		return true;
	if (w->who == NULL)
		return false;
	return web_route_admits(rt, w->who);
}

json_t *
web_nav(struct req *r, const struct web *w)
{
	json_t *nav = json_array();
	unsigned shown_groups = 0;

	for (size_t i = 0; i < sizeof(nav_entries) / sizeof(nav_entries[0]);
	    i++) {
		const struct nav_entry *n = &nav_entries[i];
		size_t len = strlen(n->href);

		if ((n->audience == NAV_SIGNED_IN && w->who == NULL) ||
		    (n->audience == NAV_VISITORS && w->who != NULL) ||
		    (n->group && (shown_groups & (1u << n->group))) ||
		    !admits(w, route_of(n->gate)))
			continue;
		shown_groups |= n->group ? 1u << n->group : 0;
		json_array_append_new(nav, json_pack("{s:s, s:s, s:b}",
		    "label", msg_get(w->lang, n->key), "href", n->href,
		    "current", r != NULL && strncmp(r->path, n->href, len) ==
		    0 && (r->path[len] == '\0' || r->path[len] == '/')));
	}
	return nav;
}

static enum err
healthz(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct db *db = web_db(ei);
	struct db_stmt *st;

	(void)view;
	w->db = db;	/* so the router ends the ping's read afterwards */
	r->content_type = "application/json";
	http_add_header(r, "Cache-Control", "no-store");
	if (db == NULL || (st = db_stmt_try(db, STMT_DB_PING, ei)) == NULL ||
	    db_step(st, ei) != 1) {
		r->status = 503;
		web_retry_after(r);
		return buf_puts(&r->out, "{\"status\":\"unavailable\"}");
	}
	return buf_puts(&r->out, "{\"status\":\"ok\"}");
}

/* A local path to return to: "/" followed by no second "/" or "\", no
 * control characters (so never another site, never a header injection). */
static bool
safe_next(const char *p)
{
	if (p == NULL || p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return false;
	for (; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return false;
	return true;
}

static enum err
lang_switch(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *lang = http_param(r, "lang");
	const char *next = web_qtext(w, "next");

	(void)view;
	if (strcmp(lang, "vi") != 0 && strcmp(lang, "en") != 0)
		return err_set(ei, ERR_NOTFOUND, "request.bad_lang", "lang",
		    "ngôn ngữ không được hỗ trợ (vi, en)",
		    "language not supported (vi, en)");
	http_add_header(r, "Set-Cookie", arena_printf(r->arena,
	    "lang=%s; Path=/; Max-Age=31536000; SameSite=Lax", lang));
	if (safe_next(next)) {
		struct buf loc;

		/* next may hold raw spaces or non-ASCII: encode what a
		 * Location header cannot carry. */
		buf_init(&loc, 4096);
		if (url_encode_local(next, &loc) == ERR_OK)
			http_add_header(r, "Location", arena_strndup(r->arena,
			    buf_cstr(&loc), loc.len));
		else
			http_add_header(r, "Location", "/");
		buf_free(&loc);
	} else
		http_add_header(r, "Location", "/");
	http_add_header(r, "Cache-Control", "no-store");
	r->status = 303;
	return ERR_OK;
}
