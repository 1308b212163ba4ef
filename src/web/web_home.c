/*
 * web_home.c - the home page (what the platform is, national counts, the
 * modules), the health check and the language switch.
 *   GET /, /api/v1/        home view
 *   GET /healthz           {"status":"ok"} when the database answers
 *   GET /lang/{lang}       remember the language in a cookie, go back
 */
#include <string.h>

#include "core/url.h"
#include "domain/units/units.h"
#include "web/web.h"

static enum err home_page(struct req *, struct web *, json_t *, struct errinfo *);
static enum err healthz(struct req *, struct web *, json_t *, struct errinfo *);
static enum err lang_switch(struct req *, struct web *, json_t *, struct errinfo *);

static const struct qfield lang_query[] = {
	{ "next", Q_TEXT, 0, 0, 1000, NULL },
};

const struct route home_routes[] = {
	{ .method = "GET", .pattern = "/", .flags = ROUTE_HTML | ROUTE_API,
	  .tmpl = "home", .fn = home_page, .version_key = "units_version" },
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
	return ERR_OK;
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
