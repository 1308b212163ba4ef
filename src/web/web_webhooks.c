/*
 * web_webhooks.c - webhook subscriptions over HTTP (domain/webhooks;
 * docs/EXCHANGE.md section 4):
 *   GET  /webhooks                    the caller's subscriptions and the
 *                                     form of a new one
 *   POST /webhooks                    register one (url, kinds, unit); the
 *                                     answer shows its secret, this once
 *   GET  /webhooks/{id}               one subscription and its deliveries:
 *                                     recent, failing, parked
 *   POST /webhooks/{id}/pause|resume|rotate|delete   the owner's actions
 *   DELETE /webhooks/{id}             the same as delete (API)
 *   POST /webhooks/{id}/deliveries/{did}/retry       send a parked or
 *                                     failing delivery again now
 * A coordinator (national) or a province officer: the router checks the
 * body's unit (a new one) or the subscription's unit against the
 * caller's scope; the domain lets only the owner see and act.
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "domain/changes/changes.h"
#include "domain/webhooks/webhooks.h"
#include "web/web_internal.h"

static enum err
resolve_webhook(struct req *r, struct web *w, struct scope_target *t,
    struct errinfo *ei)
{
	enum err e;

	t->field = "id";
	if ((e = web_path_id(r, "id", "webhooks.not_found", &t->id, ei)) !=
	    ERR_OK)
		return e;
	return webhooks_unit_of(w->db, r->arena, t->id, &t->structure,
	    &t->code, ei);
}

static const struct scope whw_scope_webhook = { "webhook", resolve_webhook };

static const struct qfield list_query[] = { QF_LIMIT, QF_OFFSET };

/* An ISO time as people read it: the date in their form, then hh:mm UTC. */
static const char *
time_text(struct arena *a, const char *iso, const char *lang)
{
	if (iso == NULL || strlen(iso) < 16)
		return NULL;
	return arena_printf(a, "%s %.5s UTC", date_display(a, iso, lang),
	    iso + 11);
}

/* The kinds of a subscription in words. */
static const char *
kinds_text(struct req *r, struct web *w, const char *kinds)
{
	char *out = "";

	if (kinds == NULL || kinds[0] == '\0')
		return msg_get(w->lang, "wh_every_kind");
	for (size_t i = 0; changes_kind_names[i] != NULL; i++) {
		const char *k = changes_kind_names[i], *p = kinds;
		size_t n = strlen(k);
		char key[64];

		while ((p = strstr(p, k)) != NULL && ((p != kinds && p[-1] !=
		    ',') || (p[n] != '\0' && p[n] != ',')))
			p += n;
		if (p == NULL)
			continue;
		snprintf(key, sizeof(key), "wh_kind_%s", k);
		out = arena_printf(r->arena, "%s%s%s", out, out[0] != '\0' ?
		    ", " : "", msg_get(w->lang, key));
	}
	return out;
}

/* The *_text fields people read, next to the ISO times of o. */
static void
add_texts(struct req *r, struct web *w, json_t *o)
{
	static const char *const keys[][2] = {
		{ "created_at", "created_text" },
		{ "last_delivered_at", "last_delivered_text" },
		{ "last_failure_at", "last_failure_text" },
		{ "next_at", "next_text" },
		{ "sent_at", "sent_text" },
	};

	if (!json_is_object(o))
		return;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *t = time_text(r->arena, jval_str(o, keys[i][0]),
		    w->lang);

		if (t != NULL)
			json_object_set_new(o, keys[i][1], json_string(t));
	}
	if (json_object_get(o, "kinds") != NULL)
		json_object_set_new(o, "kinds_text", json_string(kinds_text(r, w,
		    jval_str(o, "kinds"))));
}

static void
add_texts_all(struct req *r, struct web *w, json_t *list)
{
	size_t i;
	json_t *o;

	json_array_foreach(list, i, o)
		add_texts(r, w, o);
}

/* The kinds of change as checkboxes: [{name, label, checked}]. */
static json_t *
kind_choices(struct req *r, struct web *w, const char *kinds)
{
	json_t *a = json_array();

	for (size_t i = 0; changes_kind_names[i] != NULL; i++) {
		const char *k = changes_kind_names[i];
		char key[64], field[64];
		const char *posted;
		bool on;

		snprintf(key, sizeof(key), "wh_kind_%s", k);
		snprintf(field, sizeof(field), "kind_%s", k);
		posted = http_form(r, field);
		on = posted != NULL || (kinds != NULL && strstr(kinds, k) != NULL);
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:b}", "name",
		    k, "field", field, "label", msg_get(w->lang, key), "checked",
		    on));
	}
	return a;
}

/* The list and the form (also the view of a refused form). */
static enum err
list_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out;
	enum err e;

	if ((e = webhooks_list(w->db, w->who->user_id, w->lang,
	    web_qint(w, "limit", 100), web_qint(w, "offset", 0), &out, ei)) !=
	    ERR_OK)
		return e;
	jval_merge(view, out);
	if (!w->json) {
		const char *current = NULL;

		json_object_set_new(view, "title", json_string(msg_get(w->lang,
		    "wh_title")));
		add_texts_all(r, w, json_object_get(view, "items"));
		add_texts(r, w, json_object_get(view, "created"));

		/* The unit of the caller's webhook role: their province, or
		 * the country. */
		for (size_t i = 0; i < w->who->nroles && current == NULL; i++)
			if (ROLE_BIT(w->who->roles[i].role) & WEBHOOK_ROLES)
				current = arena_printf(r->arena, "%s:%s",
				    w->who->roles[i].structure,
				    w->who->roles[i].unit_code);
		json_object_set_new(view, "kinds_choices", kind_choices(r, w,
		    NULL));
		if ((e = web_unit_picker(r, w, view, "unit_picker", "unit",
		    current, NULL, ei)) != ERR_OK)
			return e;
	}
	return ERR_OK;
}

/* kinds from the body: a JSON "kinds" text, or the form's checkboxes. */
static const char *
posted_kinds(struct req *r, struct web *w, struct errinfo *one, bool *bad)
{
	const char *kinds = NULL;
	char *list;
	size_t len = 0;

	*bad = web_field(r, w, "kinds", WEBHOOK_KINDS_MAX, false, &kinds, one) !=
	    ERR_OK;
	if (*bad || kinds != NULL || w->json)
		return kinds != NULL ? kinds : "";
	list = arena_alloc(r->arena, WEBHOOK_KINDS_MAX + 1);
	for (size_t i = 0; changes_kind_names[i] != NULL; i++) {
		char field[64];
		int n;

		snprintf(field, sizeof(field), "kind_%s", changes_kind_names[i]);
		if (http_form(r, field) == NULL)
			continue;
		n = snprintf(list + len, WEBHOOK_KINDS_MAX + 1 - len, "%s%s",
		    len > 0 ? "," : "", changes_kind_names[i]);
		if (n < 0 || (size_t)n >= WEBHOOK_KINDS_MAX + 1 - len)
			break;
		len += (size_t)n;
	}
	return list;
}

static enum err
create(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct webhook_in in = { 0 };
	struct errinfo one, probs[WEBHOOK_PROBLEMS_MAX];
	struct audit_actor who;
	char secret[WEBHOOK_SECRET_HEX + 1];
	json_t *sub;
	size_t n;
	int64_t id;
	bool bad;
	enum err e;

	if (web_field(r, w, "url", WEBHOOK_URL_MAX, true, &in.url, &one) !=
	    ERR_OK)
		web_problem(w, &one, NULL);
	in.kinds = posted_kinds(r, w, &one, &bad);
	if (bad)
		web_problem(w, &one, NULL);
	in.structure = w->unit_structure;
	in.code = w->unit_code;
	if (in.url != NULL) {
		n = webhooks_problems(&in, probs, WEBHOOK_PROBLEMS_MAX);
		for (size_t i = 0; i < n; i++)
			if (!bad || strcmp(probs[i].field, "kinds") != 0)
				web_problem(w, &probs[i], NULL);
	}
	if ((e = web_problems(w, ei)) != ERR_OK)
		return e;
	web_actor(w, &who);
	if ((e = webhooks_create(w->db, &who, &in, &id, secret, ei)) != ERR_OK ||
	    (e = webhooks_get(w->db, w->who->user_id, id, w->lang, &sub, ei)) !=
	    ERR_OK)
		return e;
	/* Shown this once: the page answers with it, never redirects. */
	json_object_set_new(sub, "secret", json_string(secret));
	json_object_set_new(view, "created", sub);
	http_add_header(r, "Cache-Control", "no-store");
	return w->json ? ERR_OK : list_page(r, w, view, ei);
}

static enum err
sub_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *sub, *dl;
	enum err e;

	if ((e = webhooks_get(w->db, w->who->user_id, w->target.id, w->lang,
	    &sub, ei)) != ERR_OK)
		return e;
	if ((e = webhooks_deliveries(w->db, w->who->user_id, w->target.id,
	    w->lang, web_qint(w, "limit", 50), &dl, ei)) != ERR_OK) {
		json_decref(sub);
		return e;
	}
	json_object_set_new(view, "webhook", sub);
	jval_merge(view, dl);
	if (!w->json) {
		static const char *const lists[] = { "recent", "failing",
			"parked" };

		json_object_set_new(view, "title", json_string(msg_get(w->lang,
		    "wh_one_title")));
		add_texts(r, w, sub);
		for (size_t i = 0; i < 3; i++)
			add_texts_all(r, w, json_object_get(view, lists[i]));
	}
	return ERR_OK;
}

/* The owner's action named by the path's last segment. */
static enum err
act(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *path = w->route->pattern, *action;
	char secret[WEBHOOK_SECRET_HEX + 1];
	struct audit_actor who;
	json_t *sub;
	enum err e;

	action = strcmp(r->method, "DELETE") == 0 ? "delete" :
	    strrchr(path, '/') + 1;
	web_actor(w, &who);
	if ((e = webhooks_act(w->db, &who, w->target.id, action, secret, ei)) !=
	    ERR_OK)
		return e;
	if (strcmp(action, "delete") == 0) {
		json_object_set_new(view, "deleted", json_integer(w->target.id));
		w->redirect = "/webhooks?saved=1";
		return ERR_OK;
	}
	if ((e = webhooks_get(w->db, w->who->user_id, w->target.id, w->lang,
	    &sub, ei)) != ERR_OK)
		return e;
	if (strcmp(action, "rotate") == 0) {
		json_object_set_new(sub, "secret", json_string(secret));
		json_object_set_new(view, "created", sub);
		http_add_header(r, "Cache-Control", "no-store");
		/* The new secret is shown this once, on the list. */
		return w->json ? ERR_OK : list_page(r, w, view, ei);
	}
	json_object_set_new(view, "webhook", sub);
	w->redirect = arena_printf(r->arena, "/webhooks/%lld?saved=1",
	    (long long)w->target.id);
	return ERR_OK;
}

static enum err
retry(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct audit_actor who;
	int64_t did;
	enum err e;

	if ((e = web_path_id(r, "did", "webhooks.delivery_not_found", &did,
	    ei)) != ERR_OK)
		return e;
	web_actor(w, &who);
	if ((e = webhooks_retry(w->db, &who, w->target.id, did, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "retried", json_integer(did));
	w->redirect = arena_printf(r->arena, "/webhooks/%lld?saved=1",
	    (long long)w->target.id);
	return ERR_OK;
}

static const struct qfield sub_query[] = { QF_LIMIT };

static const struct route_doc create_doc = {
	"Register a webhook: every change of the kinds inside the unit is "
	"POSTed, signed, to the URL; the answer holds the secret, once",
	"{\"type\":\"object\",\"required\":[\"url\",\"unit\"],\"properties\":{"
	"\"url\":{\"type\":\"string\",\"maxLength\":2000},"
	"\"kinds\":{\"type\":\"string\",\"description\":\"comma-separated "
	"kinds of change; empty: every kind\"},"
	"\"unit\":{\"type\":\"string\",\"description\":\"STRUCTURE:CODE\"}}}",
	NULL,
};

const struct route webhooks_routes[] = {
	{ .method = "GET", .pattern = "/webhooks",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "webhooks/list",
	  .fn = list_page, QUERY(list_query), .roles = WEBHOOK_ROLES },
	{ .method = "POST", .pattern = "/webhooks",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "webhooks/list",
	  .fn = create, QUERY(list_query), .roles = WEBHOOK_ROLES,
	  .scope = &scope_body_unit,
	  .form_view = list_page, .doc = &create_doc },
	{ .method = "GET", .pattern = "/webhooks/{id}",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "webhooks/webhook",
	  .fn = sub_page, QUERY(sub_query), .roles = WEBHOOK_ROLES,
	  .scope = &whw_scope_webhook },
	{ .method = "POST", .pattern = "/webhooks/{id}/pause",
	  .flags = ROUTE_HTML | ROUTE_API, .fn = act, .roles = WEBHOOK_ROLES,
	  .scope = &whw_scope_webhook },
	{ .method = "POST", .pattern = "/webhooks/{id}/resume",
	  .flags = ROUTE_HTML | ROUTE_API, .fn = act, .roles = WEBHOOK_ROLES,
	  .scope = &whw_scope_webhook },
	{ .method = "POST", .pattern = "/webhooks/{id}/rotate",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "webhooks/list", .fn = act,
	  QUERY(list_query), .roles = WEBHOOK_ROLES,
	  .scope = &whw_scope_webhook },
	{ .method = "POST", .pattern = "/webhooks/{id}/delete",
	  .flags = ROUTE_HTML | ROUTE_API, .fn = act, .roles = WEBHOOK_ROLES,
	  .scope = &whw_scope_webhook },
	{ .method = "DELETE", .pattern = "/webhooks/{id}",
	  .flags = ROUTE_API, .fn = act, .roles = WEBHOOK_ROLES,
	  .scope = &whw_scope_webhook },
	{ .method = "POST", .pattern = "/webhooks/{id}/deliveries/{did}/retry",
	  .flags = ROUTE_HTML | ROUTE_API, .fn = retry, .roles = WEBHOOK_ROLES,
	  .scope = &whw_scope_webhook },
	{ .method = NULL }
};
