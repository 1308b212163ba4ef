/*
 * web_auth.c - signing in and out, the signed-in user, passwords, API
 * tokens:
 *   GET  /login                       the login form
 *   POST /login                       form login: cookie, then 303 to next
 *   POST /api/v1/session              JSON login: cookie + {user, csrf_token}
 *   DELETE /api/v1/session, POST /logout
 *   GET  /me, /api/v1/me              who am I, my roles
 *   POST /me/password                 change my password
 *   GET|POST /tokens, DELETE /api/v1/tokens/{id}, POST /tokens/{id}/revoke
 * The router has already identified the caller and checked roles and CSRF.
 */
#include <stdlib.h>
#include <string.h>

#include "core/url.h"
#include "domain/units/units.h"
#include "web/web_doc.h"
#include "web/web_internal.h"

static enum err login_page(struct req *, struct web *, json_t *, struct errinfo *);
static enum err login_form(struct req *, struct web *, json_t *, struct errinfo *);
static enum err session_create(struct req *, struct web *, json_t *, struct errinfo *);
static enum err session_delete(struct req *, struct web *, json_t *, struct errinfo *);
static enum err me_page(struct req *, struct web *, json_t *, struct errinfo *);
static enum err password_change(struct req *, struct web *, json_t *, struct errinfo *);
static enum err tokens_page(struct req *, struct web *, json_t *, struct errinfo *);
static enum err token_create(struct req *, struct web *, json_t *, struct errinfo *);
static enum err token_revoke(struct req *, struct web *, json_t *, struct errinfo *);

static const struct qfield next_query[] = {
	{ "next", Q_TEXT, 0, 0, 1000, NULL },
};

#define TOKEN_LIMITS DOC_P("read_only", DOC_BOOL) ", " \
	DOC_P("unit", "{\"type\": [\"string\", \"null\"], \"pattern\": " \
	"\"^(pre2025|2025):[A-Za-z0-9_.-]+$\"}")

static const struct route_doc tokens_doc = {
	.summary = "Các khóa API của bạn và giới hạn của chúng / your API "
	    "tokens and their limits",
	.response = DOC_LIST(DOC_OBJ("\"id\", \"name\", \"created_at\", "
	    "\"active\", \"read_only\", \"unit\"", DOC_P("id", DOC_INT) ", "
	    DOC_P("name", DOC_STR) ", " DOC_P("created_at", DOC_INT) ", "
	    DOC_P("last_used_at", DOC_INT_NULL) ", "
	    DOC_P("revoked_at", DOC_INT_NULL) ", " DOC_P("active", DOC_BOOL)
	    ", " TOKEN_LIMITS ", " DOC_P("unit_name", DOC_STR))),
};

static const struct route_doc token_create_doc = {
	.summary = "Tạo khóa API, có thể chỉ đọc và chỉ trong một đơn vị (khóa "
	    "chỉ hiện một lần) / make an API token, optionally read-only and "
	    "limited to one unit (the token is shown this once)",
	.request = DOC_OBJ("\"name\"", DOC_P("name", "{\"type\": \"string\", "
	    "\"minLength\": 1, \"maxLength\": 100}") ", "
	    DOC_P("read_only", DOC_BOOL) ", " DOC_P("unit", DOC_UNIT_REF)),
	.response = DOC_OBJ("\"created\"", DOC_P("created", DOC_OBJ("\"id\", "
	    "\"name\", \"token\", \"read_only\", \"unit\"", DOC_P("id", DOC_INT)
	    ", " DOC_P("name", DOC_STR) ", " DOC_P("token", DOC_STR) ", "
	    TOKEN_LIMITS))),
};

const struct route auth_routes[] = {
	{ .method = "GET", .pattern = "/login", .flags = ROUTE_HTML,
	  .tmpl = "auth/login", .fn = login_page, QUERY(next_query) },
	{ .method = "POST", .pattern = "/login",
	  .flags = ROUTE_HTML | ROUTE_NOCSRF | ROUTE_FORM, .tmpl = "auth/login",
	  .fn = login_form, QUERY(next_query), .form_view = login_page },
	{ .method = "POST", .pattern = "/session", .flags = ROUTE_API | ROUTE_NOCSRF,
	  .fn = session_create },
	{ .method = "DELETE", .pattern = "/session", .flags = ROUTE_API |
	  ROUTE_ANY_ACCOUNT,
	  .fn = session_delete, .roles = ROLES_SIGNED_IN },
	{ .method = "POST", .pattern = "/logout", .flags = ROUTE_HTML |
	  ROUTE_ANY_ACCOUNT,
	  .fn = session_delete, .roles = ROLES_SIGNED_IN },
	{ .method = "GET", .pattern = "/me", .flags = ROUTE_HTML | ROUTE_API |
	  ROUTE_ANY_ACCOUNT,
	  .tmpl = "auth/me", .fn = me_page, .roles = ROLES_SIGNED_IN },
	{ .method = "POST", .pattern = "/me/password",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM | ROUTE_ANY_ACCOUNT,
	  .tmpl = "auth/me",
	  .fn = password_change, .roles = ROLES_SIGNED_IN, .form_view = me_page },
	{ .method = "GET", .pattern = "/tokens", .flags = ROUTE_HTML | ROUTE_API |
	  ROUTE_ANY_ACCOUNT,
	  .tmpl = "auth/tokens", .fn = tokens_page, .roles = ROLES_SIGNED_IN,
	  .doc = &tokens_doc },
	{ .method = "POST", .pattern = "/tokens",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM | ROUTE_ANY_ACCOUNT,
	  .tmpl = "auth/tokens",
	  .fn = token_create, .roles = ROLES_SIGNED_IN, .form_view = tokens_page,
	  .doc = &token_create_doc },
	{ .method = "DELETE", .pattern = "/tokens/{id}", .flags = ROUTE_API |
	  ROUTE_ANY_ACCOUNT,
	  .fn = token_revoke, .roles = ROLES_SIGNED_IN },
	{ .method = "POST", .pattern = "/tokens/{id}/revoke",
	  .flags = ROUTE_HTML | ROUTE_ANY_ACCOUNT,
	  .fn = token_revoke, .roles = ROLES_SIGNED_IN },
	{ .method = NULL }
};

/* A local path to go to after login ("/" followed by no "/" or "\");
 * without one, the caller's home: what waits for them (/home). */
static const char *
safe_next(const char *p)
{
	if (p == NULL || p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return "/home";
	/* No control character (a tab is dropped by URL parsers, so
	 * "/\t/evil.example" would leave the site) and no backslash. */
	for (const char *s = p; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f || *s == '\\')
			return "/home";
	return p;
}

static json_t *
user_json(struct req *r, struct web *w, const struct principal *p)
{
	json_t *roles = json_array();

	for (size_t i = 0; i < p->nroles; i++) {
		const struct role_binding *b = &p->roles[i];
		struct unit u;
		struct errinfo ei;
		bool found = units_get(w->db, r->arena, b->structure,
		    b->unit_code, &u, &ei) == ERR_OK;

		json_array_append_new(roles, json_pack("{s:s, s:s, s:s, s:s, s:s}",
		    "role", role_names[b->role], "role_label",
		    web_role_label(w->lang, role_names[b->role]),
		    "structure", b->structure,
		    "unit_code", b->unit_code, "unit_name",
		    found ? u.full_name : b->unit_code));
	}
	return json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)p->user_id,
	    "username", p->username, "full_name", p->full_name, "roles", roles);
}

static void
set_session_cookie(struct req *r, const char *sid, int max_age)
{
	const char *proto = http_header(r, "X-Forwarded-Proto");
	bool secure = web_cookies_secure() ||
	    (proto != NULL && strcmp(proto, "https") == 0);

	http_add_header(r, "Set-Cookie", arena_printf(r->arena,
	    "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s",
	    web_session_cookie_name(), sid, max_age, secure ? "; Secure" : ""));
	http_add_header(r, "Cache-Control", "private, no-store");
}

static enum err
login_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)r;
	(void)ei;
	json_object_set_new(view, "next", json_string(safe_next(web_qtext(w,
	    "next"))));
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "login")));
	return ERR_OK;
}

/* Both logins: check, create the session, set the cookie. */
static enum err
do_login(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *username, *password;
	struct principal *p = arena_alloc(r->arena, sizeof(*p));
	char sid[AUTH_SECRET_CHARS], csrf[AUTH_SECRET_CHARS];
	struct errinfo one;
	enum err e;

	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "login")));
	/* Both fields checked, both problems listed at once. */
	if (web_field(r, w, "username", AUTH_USERNAME_MAX * 4, true, &username,
	    &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "password", AUTH_PASSWORD_MAX, true, &password,
	    &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if ((e = web_problems(w, ei)) != ERR_OK)
		return e;
	if ((e = auth_login(w->db, r->arena, username, password, p, sid, csrf,
	    ei)) != ERR_OK)
		return e;
	w->who = p;
	set_session_cookie(r, sid, AUTH_SESSION_MAX_S);
	json_object_set_new(view, "user", user_json(r, w, p));
	json_object_set_new(view, "csrf_token", json_string(csrf));
	return ERR_OK;
}

static enum err
login_form(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *next = web_qtext(w, "next");
	enum err e;

	if (next == NULL && web_field(r, w, "next", 1000, false, &next,
	    NULL) != ERR_OK)
		next = NULL;
	json_object_set_new(view, "next", json_string(safe_next(next)));
	if ((e = do_login(r, w, view, ei)) != ERR_OK) {
		json_object_set_new(view, "next", json_string(safe_next(next)));
		return e;
	}
	{
		struct buf loc;

		/* next arrives decoded; the Location header needs it encoded. */
		buf_init(&loc, 4096);
		w->redirect = url_encode_local(safe_next(next), &loc) == ERR_OK ?
		    arena_strndup(r->arena, buf_cstr(&loc), loc.len) : "/home";
		buf_free(&loc);
	}
	return ERR_OK;
}

static enum err
session_create(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return do_login(r, w, view, ei);
}

static enum err
session_delete(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	enum err e;

	if (w->session_id != NULL &&
	    (e = auth_session_end(w->db, w->who, w->session_id, ei)) != ERR_OK)
		return e;
	set_session_cookie(r, "", 0);
	json_object_set_new(view, "signed_out", json_true());
	w->redirect = "/";
	return ERR_OK;
}

static enum err
me_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)ei;
	json_object_set_new(view, "user", user_json(r, w, w->who));
	/* A client on an API token reads its limits here (its roles above
	 * are already narrowed to its unit). */
	if (w->who->via_token)
		json_object_set_new(view, "token", json_pack("{s:b, s:o}",
		    "read_only", w->who->read_only, "unit",
		    w->who->limit_structure ? json_sprintf("%s:%s",
		    w->who->limit_structure, w->who->limit_code) : json_null()));
	if (w->who->csrf_token != NULL)
		json_object_set_new(view, "csrf_token",
		    json_string(w->who->csrf_token));
	json_object_set_new(view, "title", json_string(w->who->full_name));
	web_notices_me(r, w, view);	/* the mail settings' section */
	return ERR_OK;
}

static enum err
password_change(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *old_pw, *new_pw;
	enum err e;

	struct errinfo one;

	me_page(r, w, view, ei);
	/* Both fields checked, both problems listed at once. */
	if (web_field(r, w, "old_password", AUTH_PASSWORD_MAX, true, &old_pw,
	    &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "new_password", AUTH_PASSWORD_MAX, true, &new_pw,
	    &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if ((e = web_problems(w, ei)) != ERR_OK ||
	    (e = auth_password_change(w->db, w->who, old_pw, new_pw,
	    w->session_id, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "password_changed", json_true());
	w->redirect = "/me";
	return ERR_OK;
}

/* What a token is limited to, for its row: the unit's name. */
static void
token_limits(struct req *r, struct web *w, json_t *item,
    const struct token_info *t)
{
	struct unit u;
	struct errinfo ignored;

	json_object_set_new(item, "read_only", json_boolean(t->read_only));
	if (t->structure == NULL) {
		json_object_set_new(item, "unit", json_null());
		return;
	}
	json_object_set_new(item, "unit", json_sprintf("%s:%s", t->structure,
	    t->code));
	if (units_get(w->db, r->arena, t->structure, t->code, &u, &ignored) ==
	    ERR_OK)
		json_object_set_new(item, "unit_name", json_string(u.full_name));
}

static enum err
tokens_view(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct token_info *t;
	size_t n;
	json_t *items;
	enum err e;

	if ((e = auth_token_list(w->db, r->arena, w->who, &t, &n, ei)) != ERR_OK)
		return e;
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_pack("{s:I, s:s, s:I, s:o, s:o, s:b}",
		    "id", (json_int_t)t[i].id, "name", t[i].name,
		    "created_at", (json_int_t)t[i].created_at,
		    "last_used_at", t[i].last_used_at ?
		    json_integer(t[i].last_used_at) : json_null(),
		    "revoked_at", t[i].revoked_at ?
		    json_integer(t[i].revoked_at) : json_null(),
		    "active", t[i].revoked_at == 0);

		token_limits(r, w, item, &t[i]);
		json_array_append_new(items, item);
	}
	json_object_set_new(view, "items", items);
	json_object_set_new(view, "total", json_integer((json_int_t)n));
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "tokens")));
	return ERR_OK;
}

static enum err
tokens_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	enum err e;

	if ((e = tokens_view(r, w, view, ei)) != ERR_OK || w->json)
		return e;
	/* The unit a new token is limited to, chosen by its name. */
	return web_unit_picker(r, w, view, "unit_picker", "unit", NULL, NULL,
	    ei);
}

/* "read_only": a JSON boolean, or a form's checkbox ("1", "on"). */
static enum err
read_only_field(struct req *r, struct web *w, bool *out, struct errinfo *ei)
{
	json_t *v = w->body ? json_object_get(w->body, "read_only") : NULL;
	const char *f = w->body ? NULL : http_form(r, "read_only");

	*out = false;
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_boolean(v))
			return err_set(ei, ERR_INVALID, "tokens.bad_read_only",
			    "read_only", "“Chỉ đọc” phải là true hoặc false",
			    "“Read only” must be true or false");
		*out = json_is_true(v);
	} else if (f != NULL)
		*out = strcmp(f, "1") == 0 || strcmp(f, "on") == 0 ||
		    strcmp(f, "true") == 0;
	return ERR_OK;
}

static enum err
token_create(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *name = NULL, *unit = NULL;
	struct token_limit lim = { 0 };
	struct errinfo one;
	char token[AUTH_SECRET_CHARS + 8];
	int64_t id;
	enum err e;

	/* Every problem of the form at once. */
	if (web_field(r, w, "name", 100, true, &name, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (read_only_field(r, w, &lim.read_only, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "unit", 100, false, &unit, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	else if (unit != NULL && unit[0] != '\0' && !units_split_ref(r->arena,
	    unit, &lim.structure, &lim.code)) {
		err_set(&one, ERR_INVALID, "tokens.bad_unit", "unit",
		    "đơn vị phải có dạng CẤU_TRÚC:MÃ (ví dụ 2025:01)",
		    "the unit must read STRUCTURE:CODE (e.g. 2025:01)");
		web_problem(w, &one, NULL);
	}
	if ((e = web_problems(w, ei)) != ERR_OK ||
	    (e = auth_token_create_limited(w->db, w->who, name, &lim, token,
	    &id, ei)) != ERR_OK)
		return e;
	/* Shown this once; only its hash is kept. */
	json_object_set_new(view, "created", json_pack("{s:I, s:s, s:s, s:b, "
	    "s:o}", "id", (json_int_t)id, "name", name, "token", token,
	    "read_only", lim.read_only, "unit", lim.structure ?
	    json_sprintf("%s:%s", lim.structure, lim.code) : json_null()));
	http_add_header(r, "Cache-Control", "no-store");
	/* The page shows the list under the new token; the API answers
	 * with the new token alone (a list grows without bound). */
	return w->json ? ERR_OK : tokens_page(r, w, view, ei);
}

static enum err
token_revoke(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *id = http_param(r, "id");
	char *end;
	long long n = strtoll(id, &end, 10);
	enum err e;

	if (*end != '\0' || n <= 0)
		return err_set(ei, ERR_NOTFOUND, "tokens.not_found", "id",
		    "không có khóa API '%.20s'",
		    "there is no API token '%.20s'", id);
	if ((e = auth_token_revoke(w->db, w->who, n, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "revoked", json_integer(n));
	w->redirect = "/tokens";
	return ERR_OK;
}
