/*
 * web_audit.c - reading the audit trail within one's scope:
 *   GET /audit, /api/v1/audit?unit=STRUCTURE:CODE&since=DATE
 * Admins and coordinators see every entry; others the entries whose unit
 * is inside the scope of one of their bindings (and, with ?unit=, inside
 * that unit, which the router checked is in scope).
 */
#include <stdlib.h>
#include <string.h>

#include "domain/audit/audit.h"
#include "domain/units/units.h"
#include "web/web_internal.h"

static enum err audit_page(struct req *, struct web *, json_t *, struct errinfo *);

static const struct qfield audit_query[] = {
	{ "unit", Q_TEXT, 0, 0, 64, NULL },
	{ "since", Q_TEXT, 0, 0, 32, NULL },
	QF_LIMIT,
	{ "offset", Q_INT, 0, 100000000, 0, NULL },
};

const struct route audit_routes[] = {
	{ .method = "GET", .pattern = "/audit", .flags = ROUTE_HTML | ROUTE_API,
	  .tmpl = "audit/list", .fn = audit_page, QUERY(audit_query),
	  .roles = ROLES_SIGNED_IN, .scope = &scope_query_unit },
	{ .method = NULL }
};

struct visibility {
	struct web *w;
	bool everything;
};

static bool
visible(void *ctx, const char *structure, const char *code)
{
	struct visibility *v = ctx;
	struct web *w = v->w;

	if (w->unit_code != NULL)	/* ?unit=: that unit's subtree only */
		return structure != NULL && auth_unit_in_scope(w->db,
		    w->unit_structure, w->unit_code, structure, code);
	if (v->everything)
		return true;
	return structure != NULL && auth_can(w->db, w->who, ROLES_STAFF,
	    structure, code, NULL);
}

/* A stored summary (compact JSON) written again with spaces between its
 * items ("a": 1, "b": 2); a summary that is not JSON (cut at its
 * maximum) as it is.  In arena a. */
static const char *
spaced_json(struct arena *a, const char *summary)
{
	json_t *j = json_loads(summary, JSON_DECODE_ANY, NULL);
	char *s;
	const char *out = summary;

	if (j == NULL)
		return summary;
	if ((s = json_dumps(j, JSON_ENCODE_ANY)) != NULL) {
		out = arena_strdup(a, s);
		free(s);
	}
	json_decref(j);
	return out;
}

static enum err
audit_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct visibility vis = { .w = w };
	struct audit_query q = {
		.since = web_qtext(w, "since"),
		.limit = web_qint(w, "limit", 50),
		.offset = web_qint(w, "offset", 0),
		.visible = visible, .ctx = &vis,
	};
	struct audit_list list;
	json_t *items;
	enum err e;

	for (size_t i = 0; i < w->who->nroles; i++)
		vis.everything = vis.everything ||
		    w->who->roles[i].role == ROLE_ADMIN ||
		    w->who->roles[i].role == ROLE_COORDINATOR;
	if ((e = audit_list(w->db, r->arena, &q, &list, ei)) != ERR_OK)
		return e;
	items = json_array();
	for (size_t i = 0; i < list.n; i++) {
		const struct audit_entry *a = &list.items[i];
		json_t *o = json_pack("{s:I, s:s, s:s, s:s}", "seq",
		    (json_int_t)a->seq, "at", a->at, "action", a->action,
		    "object", a->object);

#define OPT(k, v) json_object_set_new(o, k, (v) ? json_string(v) : json_null())
		OPT("username", a->username);
		OPT("role", a->role);
		OPT("actor_unit", a->actor_unit_code);
		OPT("structure", a->structure);
		OPT("unit_code", a->unit_code);
		OPT("before", a->before);
		OPT("after", a->after);
		OPT("hash", a->hash);
#undef OPT
		/* What the page shows: the summary with a space after each
		 * comma and colon, so that a long one (a report's values)
		 * wraps between its items, never inside one. */
		if (!w->json && a->after != NULL)
			json_object_set_new(o, "after_text", json_string(
			    spaced_json(r->arena, a->after)));
		/* What the page shows: the role's label, the unit's name. */
		if (!w->json && a->role != NULL && strlen(a->role) < 32)
			json_object_set_new(o, "role_label", json_string(
			    web_role_label(w->lang, a->role)));
		if (!w->json && a->structure != NULL && a->unit_code != NULL) {
			struct unit u;
			struct errinfo ignored;

			json_object_set_new(o, "unit_name", json_string(units_get(
			    w->db, r->arena, a->structure, a->unit_code, &u,
			    &ignored) == ERR_OK ? u.full_name : a->unit_code));
		}
		json_array_append_new(items, o);
	}
	json_object_set_new(view, "items", items);
	json_object_set_new(view, "total", json_integer(list.total));
	json_object_set_new(view, "title", json_string(msg_get(w->lang, "audit")));
	return web_unit_picker(r, w, view, "unit_picker", "unit", NULL, NULL,
	    ei);
}
