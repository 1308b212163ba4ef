/*
 * web_ocop_pages.c - what the OCOP registry pages add to the JSON view
 * (templates/ocop/): labels, choices and what the page offers the
 * caller (web_can: a page offers, the router and the domain decide).  No
 * id, state key or field path reaches the visible text: states, groups,
 * kinds and history fields are shown by their names.
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/ocop/ocop_registry.h"
#include "web/web.h"
#include "web/web_ocop_internal.h"

/* The six groups as <option>s, selected: the form's or the record's. */
static json_t *
group_choices(const char *lang, int selected)
{
	json_t *a = json_array();

	for (int i = 0; i < OCOP_GROUPS; i++)
		json_array_append_new(a, json_pack("{s:i, s:s, s:b}", "value",
		    ocop_groups[i].code, "label", msg_pick(lang,
		    ocop_groups[i].vi, ocop_groups[i].en), "selected",
		    ocop_groups[i].code == selected));
	return a;
}

static int
form_group(const json_t *view, int dflt)
{
	const json_t *f = json_object_get(json_object_get(view, "form"),
	    "group");
	const char *s = json_string_value(f);

	if (s != NULL && s[0] >= '1' && s[0] <= '6' && s[1] == '\0')
		return s[0] - '0';
	return dflt;
}

/* The producer kinds as <option>s, selected: the one given (may be NULL). */
static json_t *
kind_choices(const char *lang, const char *selected)
{
	json_t *a = json_array();

	for (size_t i = 0; ocop_producer_kinds[i] != NULL; i++) {
		char key[64];

		snprintf(key, sizeof(key), "ocop_kind_%s",
		    ocop_producer_kinds[i]);
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value",
		    ocop_producer_kinds[i], "label", msg_get(lang, key),
		    "selected", selected != NULL &&
		    strcmp(selected, ocop_producer_kinds[i]) == 0));
	}
	return a;
}

void
ocopw_list_page(struct req *r, struct web *w, json_t *view)
{
	struct audit_actor who;
	json_t *mine, *filter;
	struct errinfo ei;

	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "ocop_title")));
	filter = json_pack("{s:s*, s:s*}", "q", web_qtext(w, "q"), "state",
	    web_qtext(w, "state"));
	json_object_set_new(view, "filter", filter);
	json_object_set_new(view, "groups", group_choices(w->lang,
	    (int)web_qint(w, "group", 0)));
	json_object_set_new(view, "kinds", kind_choices(w->lang, NULL));
	if (w->who != NULL && ocop_producers_of_user(w->db, w->who->user_id,
	    &mine, &ei) == ERR_OK)
		json_object_set_new(view, "mine", mine);
	/* a producer or commune officer registers a producer in its commune */
	web_actor(w, &who);
	if (who.structure != NULL && web_can(w, ROLE_BIT(ROLE_PRODUCER) |
	    ROLE_BIT(ROLE_COMMUNE_OFFICER), who.structure, who.unit_code) &&
	    (strcmp(who.role, "producer") == 0 ||
	    strcmp(who.role, "commune_officer") == 0)) {
		json_object_set_new(view, "can_register", json_true());
		json_object_set_new(view, "register_unit", json_string(
		    arena_printf(r->arena, "%s:%s", who.structure,
		    who.unit_code)));
	}
}

void
ocopw_producer_edit_page(struct req *r, struct web *w, json_t *view)
{
	static const char *const fields[] = { "name", "kind", "phone",
		"tax_code", "address" };
	/* a refused save: the kind typed (the renderer echoes the rest) */
	const char *kind = strcmp(r->method, "POST") == 0 ?
	    http_form(r, "kind") : jval_str(view, "kind");
	json_t *form = json_object();

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		json_object_set(form, fields[i], json_object_get(view,
		    fields[i]));
	json_object_set_new(view, "form", form);
	json_object_set_new(view, "kinds", kind_choices(w->lang, kind));
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "ocop_edit_producer")));
}

void
ocopw_producer_page(struct req *r, struct web *w, json_t *view)
{
	struct ocop_filter f = { .producer_id = jval_int(view, "id", 0),
		.limit = 100 };
	json_t *list;
	struct errinfo ei;

	(void)r;
	json_object_set(view, "title", json_object_get(view, "name"));
	if (ocop_product_list(w->db, &f, w->lang, &list, &ei) == ERR_OK) {
		json_object_set(view, "products", json_object_get(list,
		    "items"));
		json_decref(list);
	}
	json_object_set_new(view, "groups", group_choices(w->lang,
	    form_group(view, 0)));
	json_object_set_new(view, "can_write", json_boolean(
	    w->target.structure != NULL && web_can(w, OCOPW_WRITERS,
	    w->target.structure, w->target.code)));
}

void
ocopw_producers_page(struct req *r, struct web *w, json_t *view)
{
	json_t *items = json_object_get(view, "items");

	(void)r;
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "ocop_producers_title")));
	json_object_set_new(view, "filter", json_pack("{s:s*}", "q",
	    web_qtext(w, "q")));
	json_object_set_new(view, "more", json_boolean(
	    json_array_size(items) >= (size_t)web_qint(w, "limit", 100)));
}

void
ocopw_product_page(struct req *r, struct web *w, json_t *view)
{
	static const char *const fields[] = { "name", "subgroup", "description",
		"ingredients", "standards", "business_plan" };
	json_t *photos, *hist, *it, *form = json_object_get(view, "form");
	struct errinfo ei;
	size_t i;
	bool can = w->target.structure != NULL && web_can(w, OCOPW_WRITERS,
	    w->target.structure, w->target.code);

	json_object_set(view, "title", json_object_get(view, "name"));
	if (form == NULL) {	/* the record, for the edit form */
		form = json_object();
		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
			json_object_set(form, fields[i], json_object_get(view,
			    fields[i]));
		json_object_set_new(view, "form", form);
	}
	json_object_set_new(view, "groups", group_choices(w->lang,
	    form_group(view, (int)jval_int(view, "group", 0))));
	json_object_set_new(view, "can_write", json_boolean(can));
	json_object_set_new(view, "can_edit", json_boolean(can &&
	    json_is_true(json_object_get(view, "editable"))));
	if (ocop_photo_list(w->db, w->target.id, &photos, &ei) == ERR_OK) {
		json_object_set(view, "photos", json_object_get(photos,
		    "items"));
		json_decref(photos);
	}
	if (ocop_product_history(w->db, w->target.id, w->lang, &hist, &ei) ==
	    ERR_OK) {
		json_array_foreach(json_object_get(hist, "items"), i, it)
			json_object_set_new(it, "at_text", json_string(
			    date_display(r->arena, jval_str(it, "at"),
			    w->lang)));
		json_object_set(view, "history", json_object_get(hist,
		    "items"));
		json_decref(hist);
	}
	json_array_foreach(json_object_get(view, "actions"), i, it) {
		json_object_set(it, "product_id", json_object_get(view, "id"));
		if (json_is_true(json_object_get(it, "assessments"))) {
			json_t *as = json_array();

			for (size_t k = 0; k < OCOP_ASSESSMENTS; k++) {
				char key[64];

				snprintf(key, sizeof(key), "ocop_assess_%s",
				    ocop_assessment_keys[k]);
				json_array_append_new(as, json_pack(
				    "{s:s, s:s}", "key", ocop_assessment_keys[k],
				    "label", msg_get(w->lang, key)));
			}
			json_object_set_new(it, "assessments", as);
		} else
			json_object_del(it, "assessments");
	}
}
