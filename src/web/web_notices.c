/*
 * web_notices.c - people's notices and how they get them (domain/notices,
 * docs/NOTIFICATIONS.md):
 *   GET  /me/notifications, /api/v1/me/notifications     my settings and
 *                                          my notices; whether mail is on
 *   POST /me/notifications                 set my address, preference and
 *                                          the language of my mail
 *   GET|POST /users/{id}/notifications     the same for an account the
 *                                          caller manages (an admin)
 * and the parts other pages show: the settings on /me (web_notices_me),
 * the notices list on the home (web_notices_home).
 */
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/msg.h"
#include "domain/notices/notices.h"
#include "web/web_internal.h"

#define NTC_MANAGERS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR) | \
    ROLE_BIT(ROLE_PROVINCE_OFFICER) | ROLE_BIT(ROLE_COMMUNE_OFFICER))

static enum err my_page(struct req *, struct web *, json_t *, struct errinfo *);
static enum err my_save(struct req *, struct web *, json_t *, struct errinfo *);
static enum err user_page(struct req *, struct web *, json_t *, struct errinfo *);
static enum err user_save(struct req *, struct web *, json_t *, struct errinfo *);

const struct route notices_routes[] = {
	{ .method = "GET", .pattern = "/me/notifications",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_ANY_ACCOUNT,
	  .tmpl = "notices/settings", .fn = my_page, .roles = ROLES_SIGNED_IN },
	{ .method = "POST", .pattern = "/me/notifications",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM | ROUTE_ANY_ACCOUNT,
	  .tmpl = "notices/settings", .fn = my_save, .roles = ROLES_SIGNED_IN,
	  .form_view = my_page },
	{ .method = "GET", .pattern = "/users/{id}/notifications",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "notices/settings",
	  .fn = user_page, .roles = NTC_MANAGERS, .scope = &scope_target_user },
	{ .method = "POST", .pattern = "/users/{id}/notifications",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM,
	  .tmpl = "notices/settings", .fn = user_save, .roles = NTC_MANAGERS,
	  .scope = &scope_target_user, .form_view = user_page },
	{ .method = NULL }
};

/* The settings of user_id as the page and the API show them, with the
 * choices of the form. */
static enum err
settings_view(struct req *r, struct web *w, json_t *view, int64_t user_id,
    const char *action, struct errinfo *ei)
{
	static const char *const prefs[] = { "immediate", "digest", "none" };
	struct notice_settings s;
	json_t *choices = json_array(), *langs = json_array();
	enum err e;

	if ((e = notices_settings_get(w->db, r->arena, user_id, &s, ei)) !=
	    ERR_OK) {
		json_decref(choices);
		json_decref(langs);
		return e;
	}
	for (size_t i = 0; i < 3; i++)
		json_array_append_new(choices, json_pack("{s:s, s:s, s:b}",
		    "value", prefs[i], "label", msg_get(w->lang, arena_printf(
		    r->arena, "ntc_pref_%s", prefs[i])), "selected",
		    strcmp(s.pref, prefs[i]) == 0));
	json_array_append_new(langs, json_pack("{s:s, s:s, s:b}", "value", "vi",
	    "label", msg_get(w->lang, "ntc_lang_vi"), "selected",
	    strcmp(s.lang, "vi") == 0));
	json_array_append_new(langs, json_pack("{s:s, s:s, s:b}", "value", "en",
	    "label", msg_get(w->lang, "ntc_lang_en"), "selected",
	    strcmp(s.lang, "en") == 0));
	json_object_set_new(view, "settings", json_pack("{s:s?, s:s, s:s, s:s, "
	    "s:o, s:o, s:s}", "email", s.email, "pref", s.pref, "lang", s.lang,
	    "pref_label", msg_get(w->lang, s.email == NULL ? "ntc_pref_unset" :
	    arena_printf(r->arena, "ntc_pref_%s", s.pref)), "prefs", choices,
	    "langs", langs, "action", action));
	json_object_set_new(view, "mail_on", json_boolean(notices_mail_on()));
	return ERR_OK;
}

/* Where the settings' form of user_id posts. */
static const char *
action_of(struct req *r, int64_t user_id, bool mine)
{
	return mine ? "/me/notifications" : arena_printf(r->arena,
	    "/users/%lld/notifications", (long long)user_id);
}

/* The page of user_id: settings, the form's action, the notices. */
static enum err
page_of(struct req *r, struct web *w, json_t *view, int64_t user_id,
    bool mine, struct errinfo *ei)
{
	json_t *list;
	enum err e;

	if ((e = settings_view(r, w, view, user_id, action_of(r, user_id,
	    mine), ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "title", json_string(msg_get(w->lang, mine ?
	    "ntc_title" : "ntc_user_title")));
	/* Only one's own page marks the notices seen. */
	if (mine) {
		if ((e = notices_home(w->db, r->arena, user_id, w->lang, &list,
		    ei)) != ERR_OK)
			return e;
		json_object_set(view, "notices", json_object_get(list,
		    "notices"));
		json_decref(list);
	}
	return ERR_OK;
}

static enum err
my_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return page_of(r, w, view, w->who->user_id, true, ei);
}

static enum err
target_id(struct req *r, int64_t *id, struct errinfo *ei)
{
	return web_path_id(r, "id", "users.not_found", id, ei);
}

static enum err
user_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	int64_t id;
	enum err e;

	if ((e = target_id(r, &id, ei)) != ERR_OK)
		return e;
	return page_of(r, w, view, id, id == w->who->user_id, ei);
}

/* Check every field, then store: every problem at once, nothing saved
 * when there is one. */
static enum err
save(struct req *r, struct web *w, json_t *view, int64_t user_id,
    const char *back, struct errinfo *ei)
{
	const char *raw_email, *raw_pref, *raw_lang, *email, *pref, *lang;
	struct errinfo one;
	enum err e;

	if (web_field(r, w, "email", 2 * NOTICES_EMAIL_MAX, false, &raw_email,
	    &one) != ERR_OK || notices_email_check(r->arena, raw_email, &email,
	    &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "pref", 16, false, &raw_pref, &one) != ERR_OK ||
	    notices_pref_check(raw_pref != NULL && raw_pref[0] != '\0' ?
	    raw_pref : "digest", &pref, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "lang", 8, false, &raw_lang, &one) != ERR_OK ||
	    notices_lang_check(raw_lang, &lang, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if ((e = web_problems(w, ei)) != ERR_OK ||
	    (e = notices_settings_put(w->db, w->who, user_id, email, pref,
	    lang, ei)) != ERR_OK)
		return e;
	w->redirect = arena_printf(r->arena, "%s?saved=1", back);
	return settings_view(r, w, view, user_id, back, ei);
}

static enum err
my_save(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return save(r, w, view, w->who->user_id, "/me/notifications", ei);
}

static enum err
user_save(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	int64_t id;
	enum err e;

	if ((e = target_id(r, &id, ei)) != ERR_OK)
		return e;
	return save(r, w, view, id, arena_printf(r->arena,
	    "/users/%lld/notifications", (long long)id), ei);
}

/* ---- parts of other pages ---- */

void
web_notices_me(struct req *r, struct web *w, json_t *view)
{
	struct errinfo ei;

	/* A failure leaves the section out; the page itself still shows. */
	if (settings_view(r, w, view, w->who->user_id, "/me/notifications",
	    &ei) != ERR_OK)
		json_object_del(view, "settings");
}

enum err
web_notices_home(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	json_t *list;
	enum err e;

	if ((e = notices_home(w->db, r->arena, w->who->user_id, w->lang, &list,
	    ei)) != ERR_OK)
		return e;
	jval_merge(view, list);
	return ERR_OK;
}
