/*
 * access.c - the router's checks of who is calling and what they may do,
 * run before any handler from the route's declaration alone:
 *
 *   1. who: an "Authorization: Bearer" API token (a bad one is 401 even
 *      on a public page), else the session cookie (a stale one is just
 *      anonymous), else anonymous;
 *   2. the route's roles: 401 for anonymous (an HTML page redirects to
 *      the login page instead), 403 without one of the roles;
 *   3. the body: a form (parsed by MHD) or a JSON object;
 *   4. CSRF: a write from a browser (anything but an API token) that
 *      says where it comes from (Origin, else Referer) must come from
 *      this site's own host, else 403 - this is what guards the login
 *      forms, which have no session yet; and every write authenticated
 *      by the cookie carries the session's token (X-CSRF-Token header or
 *      _csrf field), else 403;
 *   5. the scope: the unit of the path, the body or the query, or the
 *      user of the path, must be inside the scope of one of the caller's
 *      bindings with a role of the route's mask, else 403.
 *
 * A handler therefore cannot forget a check: it never performs them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "core/text.h"
#include "core/url.h"
#include "domain/units/units.h"
#include "web/replicas.h"
#include "web/web_internal.h"

#define SESSION_COOKIE "ntm_session"

static bool
is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* 1. Who is calling. */
static enum err
identify(struct req *r, struct web *w, struct errinfo *ei)
{
	const char *authz = http_header(r, "Authorization");
	const char *sid = http_cookie(r, SESSION_COOKIE);
	struct principal *p = arena_alloc(r->arena, sizeof(*p));

	if (authz != NULL) {
		if (strncasecmp(authz, "Bearer ", 7) != 0)
			return err_set(ei, ERR_UNAUTH, "auth.bad_token",
			    "Authorization", "chỉ chấp nhận 'Authorization: "
			    "Bearer <khóa API>'",
			    "only 'Authorization: Bearer <API token>' is "
			    "accepted");
		if (auth_token_get_rw(w->db, web_db_writer(w, ei), r->arena,
		    authz + 7, p, ei) != ERR_OK)
			return ei->err;
		w->who = p;
		return ERR_OK;
	}
	if (sid != NULL) {
		enum err e = auth_session_get_rw(w->db, web_db_writer(w, ei),
		    r->arena, sid, p, ei);

		if (e == ERR_OK) {
			w->who = p;
			w->session_id = arena_strdup(r->arena, sid);
		} else if (e != ERR_UNAUTH)
			return e;	/* the database failed: 503, not "signed out" */
		err_clear(ei);	/* a stale cookie is just anonymous */
	}
	return ERR_OK;
}

static bool
holds_role(const struct principal *p, unsigned mask)
{
	for (size_t i = 0; i < p->nroles; i++)
		if (mask & ROLE_BIT(p->roles[i].role))
			return true;
	return false;
}

/* 3. The body as a form or a JSON object. */
static enum err
parse_body(struct req *r, struct web *w, struct errinfo *ei)
{
	const char *ct = http_header(r, "Content-Type");
	json_error_t jerr;

	if (r->form_bad || r->form_too_many)
		return err_set(ei, ERR_MALFORMED, "request.bad_form", NULL,
		    "biểu mẫu gửi lên không đọc được",
		    "the submitted form cannot be read");
	if (r->is_form || r->body.len == 0)
		return ERR_OK;
	/* An upload may be the file itself (the paths web_body_limit lets
	 * grow): the handler reads r->body and the content decides its type. */
	if ((ct == NULL || strncasecmp(ct, "application/json", 16) != 0) &&
	    web_body_limit(r->method, r->path) != 0)
		return ERR_OK;
	if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0)
		return err_set(ei, ERR_MALFORMED, "request.bad_content_type",
		    "Content-Type", "nội dung phải là application/json hoặc "
		    "một biểu mẫu",
		    "the body must be application/json or a form");
	w->body = json_loadb(r->body.data, r->body.len, JSON_REJECT_DUPLICATES,
	    &jerr);
	if (w->body == NULL)
		return err_set(ei, ERR_MALFORMED, "request.bad_json", NULL,
		    "JSON không hợp lệ (dòng %d, cột %d): %.80s",
		    "invalid JSON (line %d, column %d): %.80s", jerr.line,
		    jerr.column, jerr.text);
	if (!json_is_object(w->body))
		return err_set(ei, ERR_MALFORMED, "request.bad_json", NULL,
		    "nội dung JSON phải là một đối tượng {…}",
		    "the JSON body must be an object {…}");
	return ERR_OK;
}

enum err
web_field(struct req *r, struct web *w, const char *name, size_t max,
    bool required, const char **out, struct errinfo *ei)
{
	const char *v = NULL;
	struct buf b;

	*out = NULL;
	if (w->body != NULL) {
		json_t *j = json_object_get(w->body, name);

		if (j != NULL && !json_is_null(j)) {
			if (!json_is_string(j))
				return err_set(ei, ERR_INVALID, "request.bad_field",
				    name, "trường %s phải là chuỗi",
				    "field %s must be a string", name);
			v = json_string_value(j);
			if (strlen(v) != json_string_length(j))
				return err_set(ei, ERR_MALFORMED, "request.bad_utf8",
				    name, "trường %s chứa ký tự NUL",
				    "field %s holds a NUL character", name);
		}
	} else
		v = http_form(r, name);
	if (v == NULL || v[0] == '\0') {
		/* Said with the name the page gives the field (web_label_for):
		 * "Cần điền “Mật khẩu”", never "password". */
		if (required)
			return err_set_texts(ei, ERR_INVALID,
			    "request.missing", name, arena_printf(r->arena,
			    "Cần điền “%s”", web_label_for(w, "vi", name)),
			    arena_printf(r->arena, "“%s” is required",
			    web_label_for(w, "en", name)));
		return ERR_OK;
	}
	if (strlen(v) > max)
		return err_set_texts(ei, ERR_INVALID, "request.too_long", name,
		    arena_printf(r->arena, "“%s” dài quá %zu byte",
		    web_label_for(w, "vi", name), max), arena_printf(r->arena,
		    "“%s” is longer than %zu bytes", web_label_for(w, "en", name),
		    max));
	buf_init(&b, max * 4);
	if (text_nfc(v, strlen(v), &b) != ERR_OK) {
		buf_free(&b);
		return err_set_texts(ei, ERR_MALFORMED, "request.bad_utf8",
		    name, arena_printf(r->arena, "“%s” không phải văn bản "
		    "UTF-8 hợp lệ", web_label_for(w, "vi", name)), arena_printf(
		    r->arena, "“%s” is not valid UTF-8 text", web_label_for(w, "en",
		    name)));
	}
	for (size_t i = 0; i < b.len; i++) {
		unsigned char c = (unsigned char)b.data[i];

		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
			buf_free(&b);
			return err_set_texts(ei, ERR_INVALID,
			    "request.bad_field", name, arena_printf(r->arena,
			    "“%s” chứa ký tự điều khiển", web_label_for(w, "vi",
			    name)), arena_printf(r->arena,
			    "“%s” holds a control character", web_label_for(w, "en",
			    name)));
		}
	}
	*out = arena_strndup(r->arena, buf_cstr(&b), b.len);
	buf_free(&b);
	return ERR_OK;
}

/* 4. The session's CSRF token on a cookie-authenticated write. */
static enum err
check_csrf(struct req *r, struct web *w, struct errinfo *ei)
{
	const char *given = http_header(r, "X-CSRF-Token");
	const char *want = w->who->csrf_token;

	if (given == NULL && w->body != NULL)
		given = json_string_value(json_object_get(w->body, "_csrf"));
	if (given == NULL)
		given = http_form(r, "_csrf");
	if (given == NULL || want == NULL || strlen(given) != strlen(want) ||
	    sodium_memcmp(given, want, strlen(want)) != 0)
		return err_set(ei, ERR_FORBIDDEN, "auth.csrf", "_csrf",
		    "thiếu hoặc sai mã chống giả mạo (CSRF); hãy tải lại trang "
		    "rồi thử lại",
		    "the anti-forgery (CSRF) token is missing or wrong; "
		    "reload the page and try again");
	return ERR_OK;
}

/* The host of an absolute http(s) URL ("https://h:8443/x" gives "h"),
 * lower-cased into out; false if u is not one. */
static bool
url_host(const char *u, char *out, size_t size)
{
	const char *h, *end;
	size_t n;

	if (strncasecmp(u, "https://", 8) == 0)
		h = u + 8;
	else if (strncasecmp(u, "http://", 7) == 0)
		h = u + 7;
	else
		return false;
	end = h + strcspn(h, "/?#");
	if (memchr(h, '@', (size_t)(end - h)) != NULL)
		return false;	/* user info: never sent by a browser */
	if (*h == '[')
		n = strcspn(h, "]") + 1;	/* an IPv6 literal */
	else
		n = strcspn(h, ":/?#");
	if (n == 0 || n >= size || n > (size_t)(end - h))
		return false;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)(h[i] >= 'A' && h[i] <= 'Z' ? h[i] - 'A' + 'a' :
		    h[i]);
	out[n] = '\0';
	return true;
}

/*
 * 4a. Where a browser's write comes from.  A browser says it in Origin
 * (every POST of a current browser), else in Referer; the page that sent
 * it must be on this site's host (the Host header; behind nginx the name
 * it serves).  Ports are not compared: nginx passes the host without the
 * port, and cookies are not bound to ports either.  A write that names no
 * origin at all is a program's (curl, a script), which a browser cannot
 * be made to send in someone's name: let through, as are API tokens.
 */
static enum err
check_origin(struct req *r, struct errinfo *ei)
{
	const char *origin = http_header(r, "Origin");
	const char *referer = http_header(r, "Referer");
	const char *host = http_header(r, "Host");
	const char *from = origin != NULL ? origin : referer;
	char want[256], got[256];

	if (from == NULL)
		return ERR_OK;
	if (host != NULL && url_host(arena_printf(r->arena, "http://%s", host),
	    want, sizeof(want)) && url_host(from, got, sizeof(got)) &&
	    strcmp(want, got) == 0)
		return ERR_OK;
	return err_set(ei, ERR_FORBIDDEN, "auth.csrf",
	    origin != NULL ? "Origin" : "Referer",
	    "yêu cầu gửi từ một trang khác bị từ chối (chống giả mạo CSRF); "
	    "hãy mở trang từ địa chỉ của hệ thống rồi thử lại",
	    "a request sent from another site is refused (anti-forgery, "
	    "CSRF); open the page from this site's address and try again");
}

/* "STRUCTURE:CODE" into its parts. */
static enum err
split_unit(struct req *r, const char *field, const char *v, const char **s,
    const char **c, struct errinfo *ei)
{
	if (!units_split_ref(r->arena, v, s, c))
		return err_set(ei, ERR_INVALID, "request.bad_unit", field,
		    "Không nhận ra đơn vị: hãy tìm đơn vị theo tên rồi chọn",
		    "The unit is not recognised: search for it by name and "
		    "choose it");
	return ERR_OK;
}

/* The router's own scopes: a unit named by the request, a user. */

static enum err
resolve_path_unit(struct req *r, struct web *w, struct scope_target *t,
    struct errinfo *ei)
{
	(void)w;
	(void)ei;
	t->structure = http_param(r, "structure");
	t->code = http_param(r, "code");
	t->field = "code";
	return ERR_OK;
}

static enum err
resolve_body_unit(struct req *r, struct web *w, struct scope_target *t,
    struct errinfo *ei)
{
	const char *v;
	enum err e;

	t->field = "unit";
	if ((e = web_field(r, w, "unit", 64, true, &v, ei)) != ERR_OK)
		return e;
	return split_unit(r, "unit", v, &t->structure, &t->code, ei);
}

static enum err
resolve_query_unit(struct req *r, struct web *w, struct scope_target *t,
    struct errinfo *ei)
{
	const char *v = http_query(r, "unit");

	(void)w;
	t->field = "unit";
	if (v == NULL || v[0] == '\0')
		return ERR_OK;	/* no unit: the handler keeps to the scope */
	return split_unit(r, "unit", v, &t->structure, &t->code, ei);
}

/* A user has no unit of its own: the rule is auth_can_manage (every
 * binding of the user is one the caller could grant). */
static enum err
resolve_target_user(struct req *r, struct web *w, struct scope_target *t,
    struct errinfo *ei)
{
	enum err e;

	if ((e = web_path_id(r, "id", "users.not_found", &t->id, ei)) != ERR_OK)
		return e;
	t->field = "id";
	return auth_can_manage(w->db, w->who, t->id, ei);
}

const struct scope scope_path_unit = { "path_unit", resolve_path_unit };
const struct scope scope_body_unit = { "body_unit", resolve_body_unit };
const struct scope scope_query_unit = { "query_unit", resolve_query_unit };
const struct scope scope_target_user = { "target_user", resolve_target_user };

/* A binding of p with a role of mask whose unit lies inside (s, c). */
static const struct role_binding *
binding_inside(struct db *db, const struct principal *p, unsigned mask,
    const char *s, const char *c)
{
	for (size_t i = 0; p != NULL && i < p->nroles; i++)
		if ((mask & ROLE_BIT(p->roles[i].role)) &&
		    auth_unit_in_scope(db, s, c, p->roles[i].structure,
		    p->roles[i].unit_code))
			return &p->roles[i];
	return NULL;
}

bool
web_route_admits(const struct route *rt, const struct principal *p)
{
	unsigned mask = rt->roles & ~ROLES_SIGNED_IN;

	if (mask == 0)
		return (rt->flags & ROUTE_ANY_ACCOUNT) != 0 ||
		    holds_role(p, ROLES_STAFF);
	return holds_role(p, mask);
}

/* The roles of a route as a mask of ROLE_BITs (the staff for signed-in:
 * a buyer's binding at the country must not open any unit's data). */
static unsigned
route_mask(const struct route *rt)
{
	unsigned mask = rt->roles & ~ROLES_SIGNED_IN;

	return mask == 0 ? ROLES_STAFF : mask;
}

/* 5. The scope of what the route acts on. */
static enum err
check_scope(struct req *r, struct web *w, struct errinfo *ei)
{
	const struct route *rt = w->route;
	struct scope_target *t = &w->target;
	struct unit u;
	enum err e;

	if ((e = rt->scope->resolve(r, w, t, ei)) != ERR_OK) {
		w->form_target_bad = e == ERR_INVALID &&
		    rt->scope == &scope_body_unit;
		return e;
	}
	if (t->structure == NULL || t->code == NULL) {
		w->in_scope = w->who != NULL;
		return ERR_OK;
	}
	if (units_get(w->db, r->arena, t->structure, t->code, &u, ei) != ERR_OK) {
		w->form_target_bad = rt->scope == &scope_body_unit;
		return err_set(ei, rt->scope == &scope_path_unit ? ERR_NOTFOUND :
		    ERR_INVALID, "units.not_found", t->field,
		    "không có đơn vị %.20s:%.20s", "there is no unit %.20s:%.20s",
		    t->structure, t->code);
	}
	w->unit_structure = t->structure;
	w->unit_code = t->code;
	w->in_scope = w->who != NULL && (auth_can(w->db, w->who, route_mask(rt),
	    t->structure, t->code, &w->acting) || (rt->inside_roles &&
	    (w->acting = binding_inside(w->db, w->who, rt->inside_roles,
	    t->structure, t->code)) != NULL));
	if (w->in_scope || (rt->flags & ROUTE_SCOPE_SOFT) ||
	    (t->shared && !is_write(r->method) && w->who != NULL))
		return ERR_OK;
	/* A record's unit is not named: an outsider must not learn where
	 * a dossier or a campaign of a given id belongs. */
	if (t->id != 0)
		return err_set(ei, ERR_FORBIDDEN, "auth.out_of_scope", t->field,
		    "mục này thuộc đơn vị nằm ngoài phạm vi của bạn",
		    "this belongs to a unit outside your scope");
	return err_set(ei, ERR_FORBIDDEN, "auth.out_of_scope", t->field,
	    "đơn vị %s nằm ngoài phạm vi của bạn",
	    "%s is outside your scope", u.full_name);
}

/*
 * The scope rule reads units and lineage; a database that failed during
 * those reads looks like "not in scope".  Before answering 403, make sure
 * the database answers: if not, the truth is 503.
 */
static enum err
refused_or_unavailable(struct web *w, enum err e, struct errinfo *ei)
{
	struct errinfo ping;
	struct db_stmt *st;

	if (e != ERR_FORBIDDEN && e != ERR_NOTFOUND)
		return e;
	db_end_reads(w->db);
	if ((st = db_stmt_try(w->db, STMT_DB_PING, &ping)) != NULL &&
	    db_step(st, &ping) == 1)
		return e;
	return err_set(ei, ERR_UNAVAILABLE, "server.unavailable", NULL,
	    "cơ sở dữ liệu tạm thời không truy cập được",
	    "the database is temporarily unavailable");
}

enum err
web_access_check(struct req *r, struct web *w, struct errinfo *ei)
{
	const struct route *rt = w->route;
	enum err e;

	if (rt->flags & ROUTE_NODB)
		return ERR_OK;
	if ((e = identify(r, w, ei)) != ERR_OK)
		return e;
	/* A token for exchange limited to reading: no write at all, of any
	 * route, before anything is parsed. */
	if (is_write(r->method) && w->who != NULL && w->who->via_token &&
	    w->who->read_only)
		return err_set(ei, ERR_FORBIDDEN, "auth.token_read_only", NULL,
		    "khóa API này chỉ được đọc",
		    "this API token may only read");
	if (rt->roles != ROLES_PUBLIC) {
		if (w->who == NULL) {
			if (!w->json && !is_write(r->method)) {
				struct buf next;

				/* A page address too long to carry back
				 * leads to the plain login page. */
				buf_init(&next, 4096);
				w->redirect = url_query_add(&next, "next",
				    web_here(r)) == ERR_OK ? arena_printf(
				    r->arena, "/login?%s", buf_cstr(&next)) :
				    "/login";
				buf_free(&next);
			}
			return err_set(ei, ERR_UNAUTH, "auth.required", NULL,
			    "hãy đăng nhập để tiếp tục",
			    "sign in to continue");
		}
		if (!web_route_admits(rt, w->who))
			return err_set(ei, ERR_FORBIDDEN, "auth.forbidden", NULL,
			    "vai trò của bạn không được làm việc này",
			    "your role may not do this");
	}
	if (is_write(r->method)) {
		if ((w->who == NULL || !w->who->via_token) &&
		    (e = check_origin(r, ei)) != ERR_OK)
			return e;
		if ((e = parse_body(r, w, ei)) != ERR_OK)
			return e;
		if (w->who != NULL && !w->who->via_token &&
		    !(rt->flags & ROUTE_NOCSRF) &&
		    (e = check_csrf(r, w, ei)) != ERR_OK)
			return e;
	}
	if (rt->scope != NULL && (w->who != NULL ||
	    (rt->flags & ROUTE_SCOPE_SOFT)) && (e = check_scope(r, w, ei)) !=
	    ERR_OK)
		return refused_or_unavailable(w, e, ei);
	return ERR_OK;
}

const char *
web_session_cookie_name(void)
{
	return SESSION_COOKIE;
}

enum err
web_path_id(struct req *r, const char *name, const char *code, int64_t *id,
    struct errinfo *ei)
{
	const char *v = http_param(r, name);
	char *end;
	long long n;

	if (v == NULL || v[0] < '0' || v[0] > '9')
		goto bad;
	n = strtoll(v, &end, 10);
	if (*end != '\0' || n <= 0 || n > INT64_MAX / 2)
		goto bad;
	*id = n;
	return ERR_OK;
bad:
	return err_set(ei, ERR_NOTFOUND, code, name, "không tìm thấy '%.20s'",
	    "'%.20s' was not found", v ? v : "");
}

void
web_actor(const struct web *w, struct audit_actor *out)
{
	const struct role_binding *b = w->acting;

	memset(out, 0, sizeof(*out));
	if (w->who == NULL)
		return;
	if (b == NULL)
		for (size_t i = 0; i < w->who->nroles && b == NULL; i++)
			if (route_mask(w->route) & ROLE_BIT(w->who->roles[i].role))
				b = &w->who->roles[i];
	auth_actor(w->who, b, out);
}

bool
web_holds(const struct web *w, unsigned mask)
{
	for (size_t i = 0; w->who != NULL && i < w->who->nroles; i++)
		if (mask & ROLE_BIT(w->who->roles[i].role))
			return true;
	return false;
}

bool
web_can(const struct web *w, unsigned mask, const char *structure,
    const char *code)
{
	return w->who != NULL && structure != NULL && code != NULL &&
	    auth_can(w->db, w->who, mask, structure, code, NULL);
}
