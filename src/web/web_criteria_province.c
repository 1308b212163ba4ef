/*
 * web_criteria_province.c - a province's own criteria sets over HTTP
 * (issue 19; docs/DIGITAL.md section 5): the page listing the province's
 * sets and the templates it may copy, the copy of a template, a new
 * version of an own set as a document, and the thresholds of an own set.
 * The router admits a province officer of the path's province (or the
 * admin and the coordinator); the store decides whether a set is the
 * province's own (criteria_province.c).
 */
#include <string.h>

#include "core/jval.h"
#include "web/web_criteria_internal.h"

#define PROV_PATH	"/units/{structure}/{code}/criteria-sets"

/* Who writes a province's own sets: the router checks the path's unit. */
#define CPROV_WRITERS	CRITW_PROVINCE_WRITERS

static const char *
param(struct req *r, const char *name)
{
	const char *v = http_param(r, name);

	return v != NULL ? v : "";
}

/* The page's links and forms for one set of the list. */
static void
set_links(struct req *r, struct web *w, json_t *it, const char *base)
{
	const char *id = jval_str(it, "id");

	/* the set's name where a nested list has its own "name" */
	json_object_set_new(it, "set_name", jval_string(jval_str(it, "name")));

	json_object_set_new(it, "href", jval_string(critw_path(r->arena,
	    (const char *[]){ "criteria-sets", id }, 2)));
	json_object_set_new(it, "kind_label", jval_string(critw_label(w,
	    r->arena, "crit_kind_", jval_str(it, "kind"))));
	json_object_set_new(it, "level_label", jval_string(critw_label(w,
	    r->arena, "level_", jval_str(it, "level"))));
	json_object_set_new(it, "thresholds_action", jval_string(arena_printf(
	    r->arena, "%s/%s/thresholds", base, critw_path(r->arena,
	    (const char *[]){ id }, 1) + 1)));
}

/* The indicators of an own set whose threshold a form may set (numbers),
 * named by their number and name. */
static json_t *
number_indicators(struct web *w, const char *set_id)
{
	const struct crit_set *s;
	struct errinfo ei;
	json_t *out = json_array();

	if (crit_store_load(w->db, set_id, 0, &s, &ei) != ERR_OK)
		return out;
	for (size_t k = 0; k < s->n_indicators; k++) {
		const struct crit_indicator *x = &s->indicators[k];

		if (x->type == CRIT_NUMBER && x->formula == NULL &&
		    x->observed == NULL)
			json_array_append_new(out, json_pack("{s:s, s:s, s:s?}",
			    "id", x->id, "name", msg_pick(w->lang, x->name,
			    x->name_en), "unit", x->unit));
	}
	return out;
}

static enum err
province_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *structure = param(r, "structure"), *code = param(r, "code");
	json_t *res, *it;
	const char *base;
	bool can;
	size_t i;
	enum err e;

	if ((e = crit_store_province_sets(w->db, structure, code, w->lang, &res,
	    ei)) != ERR_OK)
		return e;
	jval_merge(view, res);
	json_object_set_new(view, "title", jval_string(arena_printf(r->arena,
	    "%s · %s", msg_get(w->lang, "cprov_title"), jval_str(
	    json_object_get(view, "province"), "full_name"))));
	if (w->json)
		return ERR_OK;
	base = arena_printf(r->arena, "/units/%s/%s/criteria-sets",
	    critw_path(r->arena, (const char *[]){ structure }, 1) + 1,
	    critw_path(r->arena, (const char *[]){ code }, 1) + 1);
	can = web_can(w, CPROV_WRITERS, structure, code);
	json_object_set_new(view, "can_edit", json_boolean(can));
	json_object_set_new(view, "copy_action", jval_string(arena_printf(
	    r->arena, "%s/from-template", base)));
	json_object_set_new(view, "import_action", jval_string(base));
	json_array_foreach(json_object_get(view, "own"), i, it) {
		set_links(r, w, it, base);
		if (can)
			json_object_set_new(it, "indicators",
			    number_indicators(w, jval_str(it, "id")));
	}
	json_array_foreach(json_object_get(view, "templates"), i, it) {
		set_links(r, w, it, base);
		json_object_set_new(it, "can_copy", json_boolean(can &&
		    json_is_null(json_object_get(it, "copy"))));
	}
	return ERR_OK;
}

/* Where the page goes after a write: the set's own page, version shown. */
static void
to_set(struct req *r, struct web *w, const char *id, int version)
{
	w->redirect = arena_printf(r->arena, "%s?version=%d", critw_path(
	    r->arena, (const char *[]){ "criteria-sets", id }, 2), version);
}

static enum err
from_template(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *tmpl;
	char id[CRIT_ID_MAX + 1];
	struct audit_actor who;
	int version = 0;
	enum err e;

	if ((e = web_field(r, w, "template", CRIT_ID_MAX, true, &tmpl, ei)) !=
	    ERR_OK)
		return e;
	web_actor(w, &who);
	if ((e = crit_store_from_template(w->db, &who, param(r, "structure"),
	    param(r, "code"), tmpl, id, &version, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "id", jval_string(id));
	json_object_set_new(view, "version", json_integer(version));
	json_object_set_new(view, "derived_from", jval_string(tmpl));
	to_set(r, w, id, version);
	return ERR_OK;
}

static enum err
import_own(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *text, *note;
	char id[CRIT_ID_MAX + 1];
	struct audit_actor who;
	bool created = false;
	int version = 0;
	size_t len;
	enum err e;

	if ((e = critw_document_read(r, w, &text, &len, &note, ei)) != ERR_OK)
		return e;
	web_actor(w, &who);
	if ((e = crit_store_province_import(w->db, &who, param(r, "structure"),
	    param(r, "code"), text, len, note, id, &version, &created, ei)) !=
	    ERR_OK) {
		if (!w->json)
			web_problem(w, ei, "f-document");
		return e;
	}
	json_object_set_new(view, "id", jval_string(id));
	json_object_set_new(view, "version", json_integer(version));
	json_object_set_new(view, "created", json_boolean(created));
	to_set(r, w, id, version);
	return ERR_OK;
}

/* The thresholds of an own set: the national amendment's handler, once
 * the store says the set is the path province's own. */
static enum err
amend_own(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	enum err e;

	if ((e = crit_store_province_owns(w->db, param(r, "id"),
	    param(r, "structure"), param(r, "code"), ei)) != ERR_OK)
		return e;
	return critw_set_amend(r, w, view, ei);
}

static const struct qfield import_query[] = {
	{ "change_note", Q_TEXT, 0, 0, CRITW_NOTE_MAX, NULL },
};

const struct route criteria_province_routes[] = {
	{ .method = "GET", .pattern = PROV_PATH,
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "criteria/province",
	  .fn = province_page, .roles = ROLES_PUBLIC },
	{ .method = "POST", .pattern = PROV_PATH "/from-template",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM,
	  .tmpl = "criteria/province", .fn = from_template,
	  .roles = CPROV_WRITERS, .scope = &scope_path_unit,
	  .form_view = province_page },
	{ .method = "POST", .pattern = PROV_PATH,
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM,
	  .tmpl = "criteria/province", .fn = import_own, QUERY(import_query),
	  .roles = CPROV_WRITERS, .scope = &scope_path_unit,
	  .form_view = province_page },
	{ .method = "POST", .pattern = PROV_PATH "/{id}/thresholds",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM,
	  .tmpl = "criteria/province", .fn = amend_own,
	  .roles = CPROV_WRITERS, .scope = &scope_path_unit,
	  .form_view = province_page },
	{ .method = NULL }
};
