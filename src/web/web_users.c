/*
 * web_users.c - managing accounts within one's scope:
 *   GET  /users, /api/v1/users            accounts the caller may see
 *   POST /users, /api/v1/users            create (body: username, full_name,
 *                                         password, role, unit "S:CODE")
 *   POST /users/{id}/disable|enable       (API and form)
 * The router checks that the body's unit, or the path's user, is inside
 * the caller's scope; the domain checks which roles the caller may grant.
 */
#include <stdlib.h>
#include <string.h>

#include "domain/units/units.h"
#include "web/web_internal.h"

#define MANAGERS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR) | \
    ROLE_BIT(ROLE_PROVINCE_OFFICER) | ROLE_BIT(ROLE_COMMUNE_OFFICER))

static enum err users_page(struct req *, struct web *, json_t *, struct errinfo *);
static enum err user_create(struct req *, struct web *, json_t *, struct errinfo *);
static enum err user_disable(struct req *, struct web *, json_t *, struct errinfo *);
static enum err user_enable(struct req *, struct web *, json_t *, struct errinfo *);

static const struct qfield list_query[] = {
	QF_LIMIT,
	{ "offset", Q_INT, 0, 100000000, 0, NULL },
};

const struct route users_routes[] = {
	{ .method = "GET", .pattern = "/users", .flags = ROUTE_HTML | ROUTE_API,
	  .tmpl = "users/list", .fn = users_page, QUERY(list_query),
	  .roles = MANAGERS },
	{ .method = "POST", .pattern = "/users",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "users/list",
	  .fn = user_create, QUERY(list_query), .roles = MANAGERS,
	  .scope = &scope_body_unit, .form_view = users_page },
	{ .method = "POST", .pattern = "/users/{id}/disable",
	  .flags = ROUTE_HTML | ROUTE_API, .fn = user_disable,
	  .roles = MANAGERS, .scope = &scope_target_user },
	{ .method = "POST", .pattern = "/users/{id}/enable",
	  .flags = ROUTE_HTML | ROUTE_API, .fn = user_enable,
	  .roles = MANAGERS, .scope = &scope_target_user },
	{ .method = NULL }
};

static json_t *
user_json(struct req *r, struct web *w, const struct user_info *u)
{
	json_t *roles = json_array();

	for (size_t i = 0; i < u->nroles; i++) {
		struct unit unit;
		struct errinfo ei;
		bool found = units_get(w->db, r->arena, u->roles[i].structure,
		    u->roles[i].unit_code, &unit, &ei) == ERR_OK;

		json_array_append_new(roles, json_pack("{s:s, s:s, s:s, s:s, s:s}",
		    "role", role_names[u->roles[i].role], "role_label",
		    web_role_label(w->lang, role_names[u->roles[i].role]),
		    "structure", u->roles[i].structure,
		    "unit_code", u->roles[i].unit_code,
		    "unit_name", found ? unit.full_name : u->roles[i].unit_code));
	}
	struct errinfo ei;

	return json_pack("{s:I, s:s, s:s, s:b, s:s, s:o, s:b}", "id",
	    (json_int_t)u->id, "username", u->username, "full_name",
	    u->full_name, "disabled", u->disabled, "created_at", u->created_at,
	    "roles", roles, "manageable",
	    auth_can_manage(w->db, w->who, u->id, &ei) == ERR_OK);
}

static enum err
users_view(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct user_info *list;
	size_t n;
	int64_t total, limit = web_qint(w, "limit", 50),
	    offset = web_qint(w, "offset", 0);
	json_t *items = json_array(), *roles = json_array(),
	    *choices = json_array();
	const char *typed = http_form(r, "role");
	enum err e;

	if ((e = auth_user_list(w->db, r->arena, w->who, limit, offset, &list,
	    &n, &total, ei)) != ERR_OK) {
		json_decref(items);
		json_decref(roles);
		return e;
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, user_json(r, w, &list[i]));
	/* The form offers only the roles this caller may grant. */
	for (int i = 0; i < ROLE__MAX; i++)
		if (auth_grantable_roles(w->who) & ROLE_BIT(i)) {
			json_array_append_new(roles, json_string(role_names[i]));
			json_array_append_new(choices, json_pack("{s:s, s:s, "
			    "s:b}", "value", role_names[i], "label",
			    web_role_label(w->lang, role_names[i]), "selected", typed != NULL &&
			    strcmp(typed, role_names[i]) == 0));
		}
	json_object_set_new(view, "items", items);
	json_object_set_new(view, "total", json_integer(total));
	json_object_set_new(view, "limit", json_integer(limit));
	json_object_set_new(view, "offset", json_integer(offset));
	json_object_set_new(view, "roles", roles);
	json_object_set_new(view, "role_choices", choices);
	json_object_set_new(view, "title", json_string(msg_get(w->lang, "users")));
	return ERR_OK;
}

static enum err
users_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	enum err e;
	const char *mine = w->who != NULL && w->who->nroles > 0 ?
	    arena_printf(r->arena, "%s:%s", w->who->roles[0].structure,
	    w->who->roles[0].unit_code) : NULL;

	if ((e = users_view(r, w, view, ei)) != ERR_OK)
		return e;
	return web_unit_picker(r, w, view, "unit_picker", "unit", mine, NULL,
	    ei);
}

static enum err
user_create(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *username, *full_name, *password, *role_name;
	struct user_info u;
	struct errinfo one;
	int role = -1;
	int64_t id;
	enum err e;

	if ((e = users_view(r, w, view, ei)) != ERR_OK)
		return e;
	/* Every problem of the form at once (web_problem). */
	if (web_field(r, w, "username", AUTH_USERNAME_MAX, true, &username,
	    &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "full_name", 200, true, &full_name, &one) !=
	    ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "password", AUTH_PASSWORD_MAX, true, &password,
	    &one) != ERR_OK)
		web_problem(w, &one, NULL);
	else if (strlen(password) < AUTH_PASSWORD_MIN) {
		err_set(&one, ERR_INVALID, "auth.bad_password", "password",
		    "Mật khẩu cần ít nhất %d ký tự",
		    "The password needs at least %d characters",
		    AUTH_PASSWORD_MIN);
		web_problem(w, &one, NULL);
	}
	if (web_field(r, w, "role", 32, true, &role_name, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	else if ((role = auth_role_from_name(role_name)) < 0) {
		err_set(&one, ERR_INVALID, "users.bad_role", "role",
		    "Không có vai trò này", "There is no such role");
		web_problem(w, &one, NULL);
	}
	if ((e = web_problems(w, ei)) != ERR_OK)
		return e;
	if ((e = auth_user_create(w->db, w->who, username, full_name, password,
	    (enum role)role, w->unit_structure, w->unit_code, &id, ei)) != ERR_OK ||
	    (e = auth_user_get(w->db, r->arena, id, &u, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "created", user_json(r, w, &u));
	w->redirect = "/users?saved=1";
	return users_view(r, w, view, ei);	/* the list with the new one */
}

static enum err
set_disabled(struct req *r, struct web *w, json_t *view, bool disabled,
    struct errinfo *ei)
{
	long long id = strtoll(http_param(r, "id"), NULL, 10);
	struct user_info u;
	enum err e;

	if ((e = auth_user_set_disabled(w->db, w->who, id, disabled, ei)) != ERR_OK ||
	    (e = auth_user_get(w->db, r->arena, id, &u, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "user", user_json(r, w, &u));
	w->redirect = "/users";
	return ERR_OK;
}

static enum err
user_disable(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return set_disabled(r, w, view, true, ei);
}

static enum err
user_enable(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return set_disabled(r, w, view, false, ei);
}
