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
 *   4. CSRF: every write authenticated by the cookie carries the
 *      session's token (X-CSRF-Token header or _csrf field), else 403;
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
			    "Bearer <khóa API>'");
		if (auth_token_get(w->db, r->arena, authz + 7, p, ei) != ERR_OK)
			return ei->err;
		w->who = p;
		return ERR_OK;
	}
	if (sid != NULL) {
		enum err e = auth_session_get(w->db, r->arena, sid, p, ei);

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
		    "biểu mẫu gửi lên không đọc được");
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
		    "một biểu mẫu");
	w->body = json_loadb(r->body.data, r->body.len, JSON_REJECT_DUPLICATES,
	    &jerr);
	if (w->body == NULL)
		return err_set(ei, ERR_MALFORMED, "request.bad_json", NULL,
		    "JSON không hợp lệ (dòng %d, cột %d): %.80s", jerr.line,
		    jerr.column, jerr.text);
	if (!json_is_object(w->body))
		return err_set(ei, ERR_MALFORMED, "request.bad_json", NULL,
		    "nội dung JSON phải là một đối tượng {…}");
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
				    name, "trường %s phải là chuỗi", name);
			v = json_string_value(j);
			if (strlen(v) != json_string_length(j))
				return err_set(ei, ERR_MALFORMED, "request.bad_utf8",
				    name, "trường %s chứa ký tự NUL", name);
		}
	} else
		v = http_form(r, name);
	if (v == NULL || v[0] == '\0') {
		if (required)
			return err_set(ei, ERR_INVALID, "request.missing", name,
			    "thiếu trường %s", name);
		return ERR_OK;
	}
	if (strlen(v) > max)
		return err_set(ei, ERR_INVALID, "request.too_long", name,
		    "trường %s dài quá %zu byte", name, max);
	buf_init(&b, max * 4);
	if (text_nfc(v, strlen(v), &b) != ERR_OK) {
		buf_free(&b);
		return err_set(ei, ERR_MALFORMED, "request.bad_utf8", name,
		    "trường %s không phải UTF-8 hợp lệ", name);
	}
	for (size_t i = 0; i < b.len; i++) {
		unsigned char c = (unsigned char)b.data[i];

		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
			buf_free(&b);
			return err_set(ei, ERR_INVALID, "request.bad_field", name,
			    "trường %s chứa ký tự điều khiển", name);
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
		    "rồi thử lại");
	return ERR_OK;
}

/* "STRUCTURE:CODE" into its parts. */
static enum err
split_unit(struct req *r, const char *field, const char *v, const char **s,
    const char **c, struct errinfo *ei)
{
	if (!units_split_ref(r->arena, v, s, c))
		return err_set(ei, ERR_INVALID, "request.bad_unit", field,
		    "%s phải có dạng CẤU_TRÚC:MÃ, ví dụ 2025:01", field);
	return ERR_OK;
}

/* 5. The scope of the route's unit or user. */
static enum err
check_scope(struct req *r, struct web *w, struct errinfo *ei)
{
	const struct route *rt = w->route;
	unsigned mask = rt->roles & ~ROLES_SIGNED_IN;
	const char *s = NULL, *c = NULL, *v;
	struct unit u;
	enum err e;

	if (mask == 0)
		mask = ROLES_ALL;
	switch (rt->scope) {
	case SCOPE_NONE:
		return ERR_OK;
	case SCOPE_TARGET_USER: {
		const char *id = http_param(r, "id");
		char *end;
		long long n = id ? strtoll(id, &end, 10) : 0;

		if (id == NULL || *end != '\0' || n <= 0)
			return err_set(ei, ERR_NOTFOUND, "users.not_found", "id",
			    "không có tài khoản '%.20s'", id ? id : "");
		return auth_can_manage(w->db, w->who, n, ei);
	}
	case SCOPE_PATH_UNIT:
		s = http_param(r, "structure");
		c = http_param(r, "code");
		break;
	case SCOPE_BODY_UNIT:
		if ((e = web_field(r, w, "unit", 64, true, &v, ei)) != ERR_OK ||
		    (e = split_unit(r, "unit", v, &s, &c, ei)) != ERR_OK)
			return e;
		break;
	case SCOPE_QUERY_UNIT:
		if ((v = http_query(r, "unit")) == NULL || v[0] == '\0')
			return ERR_OK;	/* the handler keeps to the scope */
		if ((e = split_unit(r, "unit", v, &s, &c, ei)) != ERR_OK)
			return e;
		break;
	}
	if (units_get(w->db, r->arena, s, c, &u, ei) != ERR_OK)
		return err_set(ei, rt->scope == SCOPE_PATH_UNIT ? ERR_NOTFOUND :
		    ERR_INVALID, "units.not_found", rt->scope == SCOPE_PATH_UNIT ?
		    "code" : "unit", "không có đơn vị %.20s:%.20s", s, c);
	if (!auth_can(w->db, w->who, mask, s, c, &w->acting))
		return err_set(ei, ERR_FORBIDDEN, "auth.out_of_scope",
		    rt->scope == SCOPE_PATH_UNIT ? "code" : "unit",
		    "đơn vị %s nằm ngoài phạm vi của bạn", u.full_name);
	w->unit_structure = s;
	w->unit_code = c;
	return ERR_OK;
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
	    "cơ sở dữ liệu tạm thời không truy cập được");
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
	if (rt->roles != ROLES_PUBLIC) {
		if (w->who == NULL) {
			if (!w->json && !is_write(r->method)) {
				struct buf next;

				buf_init(&next, 4096);
				url_query_add(&next, "next", web_here(r));
				w->redirect = arena_printf(r->arena, "/login?%s",
				    buf_cstr(&next));
				buf_free(&next);
			}
			return err_set(ei, ERR_UNAUTH, "auth.required", NULL,
			    "hãy đăng nhập để tiếp tục");
		}
		if ((rt->roles & ~ROLES_SIGNED_IN) != 0 &&
		    !holds_role(w->who, rt->roles))
			return err_set(ei, ERR_FORBIDDEN, "auth.forbidden", NULL,
			    "vai trò của bạn không được làm việc này");
	}
	if (is_write(r->method)) {
		if ((e = parse_body(r, w, ei)) != ERR_OK)
			return e;
		if (w->who != NULL && !w->who->via_token &&
		    !(rt->flags & ROUTE_NOCSRF) &&
		    (e = check_csrf(r, w, ei)) != ERR_OK)
			return e;
	}
	if (w->who != NULL && (e = check_scope(r, w, ei)) != ERR_OK)
		return refused_or_unavailable(w, e, ei);
	return ERR_OK;
}

const char *
web_session_cookie_name(void)
{
	return SESSION_COOKIE;
}
