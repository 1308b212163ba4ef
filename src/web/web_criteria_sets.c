/*
 * web_criteria_sets.c - the criteria sets over HTTP (routes in
 * web_criteria.c): the list, importing a document (API body or the
 * page's form, text area or file), a document from an annex-style CSV
 * table, the readable page of one version with its history, and national
 * thresholds (a new version with its legal source).  The store
 * (criteria_store.h) validates; errors name the JSON path, the CSV line
 * or the form field.
 */
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/text.h"
#include "web/web_criteria_internal.h"

/* The choices of the new-set-from-a-table form, list by list. */
static const struct {
	const char *key, *field, *value, *label;
} table_choices[] = {
	{ "structures", "structure", "2025", "structure_2025" },
	{ "structures", "structure", "pre2025", "structure_pre2025" },
	{ "levels", "level", "commune", "level_commune" },
	{ "levels", "level", "district", "level_district" },
	{ "levels", "level", "province", "level_province" },
	{ "unit_classes", "unit_class", "", "crit_class_any" },
	{ "unit_classes", "unit_class", "rural", "crit_class_rural" },
	{ "unit_classes", "unit_class", "urban", "crit_class_urban" },
	{ "unit_classes", "unit_class", "special_zone",
	  "crit_class_special_zone" },
	{ "variant_bys", "variant_by", "none", "crit_by_none" },
	{ "variant_bys", "variant_by", "region7", "crit_by_region7" },
	{ "variant_bys", "variant_by", "commune_group",
	  "crit_by_commune_group" },
};

enum err
critw_sets_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *list, *items, *it, *choices;
	size_t i;
	enum err e;

	if ((e = crit_store_list(w->db, &list, ei)) != ERR_OK)
		return e;
	jval_merge(view, list);
	json_object_set_new(view, "title",
	    jval_string(msg_get(w->lang, "crit_sets")));
	if (w->json)
		return ERR_OK;
	items = json_object_get(view, "items");
	json_array_foreach(items, i, it) {
		const char *id = jval_str(it, "id"), *p = jval_str(it, "profile");
		const char *segs[] = { "criteria-sets", id };

		json_object_set_new(it, "href", jval_string(critw_path(r->arena,
		    segs, 2)));
		json_object_set_new(it, "is_demo", json_boolean(p != NULL &&
		    strcmp(p, "demo") == 0));
		json_object_set_new(it, "level_label", jval_string(critw_label(w,
		    r->arena, "level_", jval_str(it, "level"))));
		json_object_set_new(it, "structure_label", jval_string(
		    critw_label(w, r->arena, "crit_structure_", jval_str(it,
		    "structure"))));
	}
	json_object_set_new(view, "can_manage",
	    json_boolean(web_holds(w, CRITW_SET_WRITERS)));
	choices = json_array();
	for (const char *const *k = crit_kind_names; *k; k++)
		json_array_append_new(choices, json_pack("{s:s, s:s}", "value",
		    *k, "label", critw_label(w, r->arena, "crit_kind_", *k)));
	json_object_set_new(view, "kinds", choices);
	critw_mark_chosen(r, choices, "value", "kind");
	/* the table form's other lists, each showing what a refused form
	 * was sent */
	for (size_t k = 0; k < sizeof(table_choices) /
	    sizeof(table_choices[0]); k++) {
		const char *key = table_choices[k].key;
		json_t *l = json_object_get(view, key);

		if (l == NULL) {
			l = json_array();
			json_object_set_new(view, key, l);
		}
		json_array_append_new(l, json_pack("{s:s, s:s}", "value",
		    table_choices[k].value, "label", msg_get(w->lang,
		    table_choices[k].label)));
		if (k + 1 == sizeof(table_choices) / sizeof(table_choices[0]) ||
		    strcmp(table_choices[k + 1].key, key) != 0)
			critw_mark_chosen(r, l, "value", table_choices[k].field);
	}
	return ERR_OK;
}

/* Import text as a new version; the view gets {id, version, created}. */
static enum err
import_document(struct req *r, struct web *w, json_t *view,
    const char *text, size_t len, const char *id, const char *note,
    struct errinfo *ei)
{
	struct audit_actor who;
	bool created = false;
	int version = 0;
	enum err e;

	web_actor(w, &who);
	if ((e = crit_store_import(w->db, &who, text, len, note, &version,
	    &created, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "id", jval_string(id));
	json_object_set_new(view, "version", json_integer(version));
	json_object_set_new(view, "created", json_boolean(created));
	{
		const char *segs[] = { "criteria-sets", id };

		w->redirect = arena_printf(r->arena, "%s?version=%d",
		    critw_path(r->arena, segs, 2), version);
	}
	return ERR_OK;
}

/* The "id" of a document's text ("" if it has none: the import refuses
 * it then). */
static const char *
doc_id(struct req *r, const char *text, size_t len)
{
	json_t *d = json_loadb(text, len, 0, NULL);
	const char *id = json_string_value(json_object_get(d, "id"));
	const char *s = arena_strdup(r->arena, id ? id : "");

	json_decref(d);
	return s;
}

enum err
critw_document_read(struct req *r, struct web *w, const char **text,
    size_t *len, const char **note, struct errinfo *ei)
{
	enum err e;

	if (w->body != NULL) {
		/* The API's body is the document itself, kept as sent (NFC):
		 * the same text imported again is the same version. */
		if ((e = web_body_document(r, w, CRIT_DOC_MAX, text, len,
		    ei)) != ERR_OK)
			return e;
		*note = web_qtext(w, "change_note");
		return ERR_OK;
	}
	struct errinfo one;

	/* every problem of the form at once */
	if (critw_form_text(r, w, "document", "file", text, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "change_note", CRITW_NOTE_MAX, false, note,
	    &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if ((e = web_problems(w, ei)) != ERR_OK)
		return e;
	*len = strlen(*text);
	if (*note == NULL)
		*note = web_qtext(w, "change_note");
	return ERR_OK;
}

enum err
critw_set_import(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *text, *note;
	size_t len = 0;
	enum err e;

	if ((e = critw_document_read(r, w, &text, &len, &note, ei)) != ERR_OK)
		return e;
	if ((e = import_document(r, w, view, text, len, doc_id(r, text, len),
	    note, ei)) != ERR_OK && !w->json)
		web_problem(w, ei, "f-document");	/* a problem of the text */
	return e;
}

/* meta of from-table from the form's fields. */
static enum err
form_meta(struct req *r, struct web *w, json_t **out, struct errinfo *ei)
{
	const char *id, *name, *kind, *structure, *level, *unit_class,
	    *variant_by, *basis;
	long version, from, to;
	bool pv, pf, pt;
	json_t *m, *applies;
	enum err e;

	struct errinfo one;

	/* Every field checked; each problem listed (web_problem). */
#define META_FIELD(call) do { if ((call) != ERR_OK) web_problem(w, &one, \
	NULL); } while (0)
	META_FIELD(web_field(r, w, "id", CRIT_ID_MAX, true, &id, &one));
	META_FIELD(critw_body_int(r, w, "version", 1, 1000000, true, &version,
	    &pv, &one));
	META_FIELD(web_field(r, w, "name", CRIT_TEXT_MAX, true, &name, &one));
	META_FIELD(web_field(r, w, "kind", 64, true, &kind, &one));
	META_FIELD(web_field(r, w, "structure", 16, true, &structure, &one));
	META_FIELD(web_field(r, w, "level", 16, true, &level, &one));
	META_FIELD(web_field(r, w, "unit_class", 16, false, &unit_class,
	    &one));
	META_FIELD(critw_body_int(r, w, "year_from", CRITW_YEAR_MIN,
	    CRITW_YEAR_MAX, true, &from, &pf, &one));
	META_FIELD(critw_body_int(r, w, "year_to", CRITW_YEAR_MIN,
	    CRITW_YEAR_MAX, true, &to, &pt, &one));
	META_FIELD(web_field(r, w, "variant_by", 32, false, &variant_by,
	    &one));
	META_FIELD(web_field(r, w, "legal_basis", CRITW_NOTE_MAX, false,
	    &basis, &one));
#undef META_FIELD
	if ((e = web_problems(w, ei)) != ERR_OK)
		return e;
	applies = json_pack("{s:s, s:s}", "structure", structure, "level",
	    level);
	if (unit_class != NULL)
		json_object_set_new(applies, "unit_class",
		    json_pack("[s]", unit_class));
	m = json_pack("{s:s, s:I, s:s, s:s, s:o, s:{s:I, s:I}, s:s}",
	    "id", id, "version", (json_int_t)version, "name", name,
	    "kind", kind, "applies_to", applies, "years",
	    "from", (json_int_t)from, "to", (json_int_t)to,
	    "variant_by", variant_by ? variant_by : "none");
	if (basis != NULL)
		json_object_set_new(m, "legal_basis", json_pack("[{s:s}]",
		    "document", basis));
	*out = m;
	return ERR_OK;
}

enum err
critw_set_from_table(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *meta = NULL, *doc = NULL;
	const char *csv, *note, *id, *text;
	char *dumped;
	enum err e;

	if (w->body != NULL) {
		meta = json_incref(json_object_get(w->body, "meta"));
		if (!json_is_object(meta)) {
			json_decref(meta);
			return err_set(ei, ERR_INVALID, "request.missing", "meta",
			    "cần \"meta\": {id, version, name, kind, "
			    "applies_to, years, variant_by, legal_basis}",
			    "\"meta\" is needed: {id, version, name, kind, "
			    "applies_to, years, variant_by, legal_basis}");
		}
		e = web_field(r, w, "csv", CRIT_DOC_MAX, true, &csv, ei);
	} else {
		struct errinfo one;

		/* the table's fields and the table, every problem at once */
		if (form_meta(r, w, &meta, &one) != ERR_OK)
			meta = NULL;	/* listed in w->problems */
		if (critw_form_text(r, w, "csv", "file", &csv, &one) != ERR_OK)
			web_problem(w, &one, NULL);
		e = web_problems(w, ei);
	}
	if (e == ERR_OK)
		e = web_field(r, w, "change_note", CRITW_NOTE_MAX, false, &note, ei);
	if (e == ERR_OK && (e = crit_doc_from_csv(csv, strlen(csv), meta, &doc,
	    ei)) != ERR_OK && !w->json)
		web_problem(w, ei, "f-csv");	/* a problem of the table */
	json_decref(meta);
	if (e != ERR_OK)
		return e;
	id = arena_strdup(r->arena, jval_str(doc, "id") ? jval_str(doc, "id") : "");
	dumped = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (dumped == NULL)
		return err_set(ei, ERR_SYS, NULL, NULL, "không tạo được tài liệu",
		    "the document could not be made");
	text = arena_strdup(r->arena, dumped);
	free(dumped);
	return import_document(r, w, view, text, strlen(text), id,
	    note ? note : msg_get("vi", "crit_from_table_note"), ei);
}

/* ---- one set ------------------------------------------------------------- */

static const char *
years_text(struct arena *a, const json_t *t)
{
	json_int_t from = json_integer_value(json_object_get(t, "from_year"));
	json_int_t to = json_integer_value(json_object_get(t, "to_year"));

	if (from && to)
		return arena_printf(a, "%lld–%lld", (long long)from,
		    (long long)to);
	if (from)
		return arena_printf(a, "%lld–", (long long)from);
	if (to)
		return arena_printf(a, "–%lld", (long long)to);
	return NULL;
}

static json_t *
threshold_view(struct req *r, struct web *w, const json_t *t,
    const char *unit)
{
	const json_t *v = json_object_get(t, "value");
	const char *variant = jval_str(t, "variant"), *status = jval_str(t, "status");
	json_t *o = json_object();

	json_object_set_new(o, "variant", jval_string(variant ? critw_label(w,
	    r->arena, "crit_variant_", variant) : msg_get(w->lang,
	    "crit_all_variants")));
	json_object_set_new(o, "years", jval_string(years_text(r->arena, t)));
	json_object_set_new(o, "configured", json_boolean(json_is_number(v)));
	json_object_set_new(o, "value_text", jval_string(critw_value_text(
	    r->arena, w, v, unit)));
	json_object_set_new(o, "badge", critw_badge(w, r->arena, status));
	json_object_set_new(o, "is_demo", json_boolean(status != NULL &&
	    strcmp(status, "demo") == 0));
	json_object_set_new(o, "source", jval_string(jval_str(t, "source")));
	json_object_set_new(o, "note", jval_string(jval_str(t, "note")));
	return o;
}

static const char *
joined(struct arena *a, const json_t *list)
{
	const char *s = NULL;
	size_t i;
	json_t *x;

	json_array_foreach(list, i, x)
		if (json_is_string(x))
			s = s ? arena_printf(a, "%s, %s", s, json_string_value(x)) :
			    json_string_value(x);
	return s;
}

/*
 * The value of key when every entry of ts has the same one (and there are
 * two entries or more), as a new reference; the entries then lose theirs.
 * JSON null otherwise.
 */
static json_t *
common(json_t *ts, const char *key)
{
	json_t *first = json_object_get(json_array_get(ts, 0), key), *t, *v;
	size_t i;

	if (json_array_size(ts) < 2 || first == NULL || json_is_null(first))
		return json_null();
	json_array_foreach(ts, i, t)
		if ((v = json_object_get(t, key)) == NULL || !json_equal(v, first))
			return json_null();
	json_incref(first);
	json_array_foreach(ts, i, t)
		json_object_set_new(t, key, json_null());
	return first;
}

static json_t *
indicator_view(struct req *r, struct web *w, const json_t *ind)
{
	const char *type = jval_str(ind, "type"), *unit = jval_str(ind, "unit");
	const char *status = jval_str(ind, type && strcmp(type,
	    "children_share") == 0 ? "wording_status" : "status");
	const char *deleg = jval_str(ind, "delegated_to");
	json_t *o = json_object(), *ts = json_array(), *t;
	size_t i;

	if (unit == NULL && type != NULL && strcmp(type, "children_share") == 0)
		unit = "%";
	json_object_set_new(o, "id", jval_string(jval_str(ind, "id")));
	json_object_set_new(o, "name", jval_string(jval_str(ind, "name")));
	json_object_set_new(o, "name_en", jval_string(jval_str(ind, "name_en")));
	json_object_set_new(o, "type_label", jval_string(critw_label(w, r->arena,
	    "crit_type_", type)));
	json_object_set_new(o, "unit", jval_string(unit));
	json_object_set_new(o, "op", jval_string(critw_op_sign(jval_str(ind, "op"))));
	json_object_set_new(o, "badge", critw_badge(w, r->arena, status));
	json_object_set_new(o, "source", jval_string(jval_str(ind, "source")));
	json_object_set_new(o, "note", jval_string(jval_str(ind, "note")));
	json_object_set_new(o, "formula", jval_string(jval_str(ind, "formula")));
	json_object_set_new(o, "delegated", json_boolean(deleg != NULL));
	json_object_set_new(o, "values", jval_string(joined(r->arena,
	    json_object_get(ind, "values"))));
	json_object_set_new(o, "passing", jval_string(joined(r->arena,
	    json_object_get(ind, "passing"))));
	json_object_set_new(o, "of_set", jval_string(jval_str(ind, "of_set")));
	json_array_foreach(json_object_get(ind, "thresholds"), i, t)
		json_array_append_new(ts, threshold_view(r, w, t, unit));
	/* A note or source every entry repeats is shown once, under the
	 * table (the shipped 2021-2025 set would be twice as heavy). */
	json_object_set_new(o, "common_note", common(ts, "note"));
	json_object_set_new(o, "common_source", common(ts, "source"));
	json_object_set_new(o, "common_badge", common(ts, "badge"));
	json_object_set_new(o, "has_thresholds", json_boolean(
	    json_array_size(ts) > 0));
	json_object_set_new(o, "needs_threshold", json_boolean(type != NULL &&
	    (strcmp(type, "number") == 0 || strcmp(type, "children_share") ==
	    0)));
	json_object_set_new(o, "thresholds", ts);
	return o;
}

/* The enum of a document's "variant_by" (absent: none). */
static enum crit_variant_by
variant_by_of(const char *name)
{
	for (int i = 0; name != NULL && crit_variant_by_names[i] != NULL; i++)
		if (strcmp(crit_variant_by_names[i], name) == 0)
			return (enum crit_variant_by)i;
	return CRIT_BY_NONE;
}

/* The page's reading of the document (the JSON has the document itself). */
static void
set_display(struct req *r, struct web *w, json_t *view)
{
	const json_t *doc = json_object_get(view, "set"), *c, *x;
	const char *id = jval_str(view, "id"), *profile = jval_str(doc, "profile");
	const char *vb = jval_str(doc, "variant_by");
	const json_t *applies = json_object_get(doc, "applies_to");
	json_t *crits = json_array(), *legal = json_array(), *amend_inds;
	json_t *versions = json_object_get(view, "versions"), *v;
	json_int_t shown = json_integer_value(json_object_get(view, "version"));
	json_int_t newest = 0;
	size_t i, j;

	json_array_foreach(json_object_get(doc, "criteria"), i, c) {
		json_t *co = json_object(), *inds = json_array();
		const json_t *rule = json_object_get(c, "pass_rule");

		json_array_foreach(json_object_get(c, "indicators"), j, x)
			json_array_append_new(inds, indicator_view(r, w, x));
		json_object_set_new(co, "id", jval_string(jval_str(c, "id")));
		json_object_set_new(co, "name", jval_string(jval_str(c, "name")));
		json_object_set_new(co, "name_en", jval_string(jval_str(c,
		    "name_en")));
		json_object_set_new(co, "group", jval_string(jval_str(c, "group")));
		json_object_set_new(co, "badge", critw_badge(w, r->arena, jval_str(c,
		    "status")));
		json_object_set_new(co, "source", jval_string(jval_str(c, "source")));
		json_object_set_new(co, "note", jval_string(jval_str(c, "note")));
		json_object_set_new(co, "at_least", json_integer_value(
		    json_object_get(rule, "count")) > 0 ? json_incref(
		    json_object_get(rule, "count")) : json_null());
		json_object_set_new(co, "empty", json_boolean(
		    json_array_size(inds) == 0));
		json_object_set_new(co, "indicators", inds);
		json_array_append_new(crits, co);
	}
	json_array_foreach(json_object_get(doc, "legal_basis"), i, x)
		json_array_append_new(legal, json_pack(
		    "{s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}",
		    "document", jval_str(x, "document"), "date", jval_str(x, "date"),
		    "effective", jval_str(x, "effective"), "annex",
		    jval_str(x, "annex"), "note", jval_str(x, "note"), "url",
		    critw_safe_url(jval_str(x, "url"))));
	json_array_foreach(versions, i, v) {
		json_int_t n = json_integer_value(json_object_get(v, "version"));
		const char *segs[] = { "criteria-sets", id };
		const char *p = jval_str(v, "profile");

		if (n > newest)
			newest = n;
		json_object_set_new(v, "href", jval_string(arena_printf(r->arena,
		    "%s?version=%lld", critw_path(r->arena, segs, 2),
		    (long long)n)));
		json_object_set_new(v, "current", json_boolean(n == shown));
		json_object_set_new(v, "is_demo", json_boolean(p != NULL &&
		    strcmp(p, "demo") == 0));
	}
	json_object_set_new(view, "criteria", crits);
	json_object_set_new(view, "legal", legal);
	json_object_set_new(view, "name", jval_string(jval_str(doc, "name")));
	json_object_set_new(view, "name_en", jval_string(jval_str(doc, "name_en")));
	json_object_set_new(view, "note", jval_string(jval_str(doc, "note")));
	json_object_set_new(view, "source", jval_string(jval_str(doc, "source")));
	json_object_set_new(view, "kind", jval_string(jval_str(doc, "kind")));
	json_object_set_new(view, "badge", critw_badge(w, r->arena, jval_str(doc,
	    "status")));
	json_object_set_new(view, "demo", json_boolean(profile != NULL &&
	    strcmp(profile, "demo") == 0));
	json_object_set_new(view, "applies", json_pack("{s:s?, s:s?, s:s?}",
	    "structure", critw_label(w, r->arena, "crit_structure_",
	    jval_str(applies, "structure")), "level", critw_label(w,
	    r->arena, "level_", jval_str(applies, "level")), "unit_class",
	    joined(r->arena, json_object_get(applies, "unit_class"))));
	json_object_set_new(view, "years", json_incref(json_object_get(doc,
	    "years")));
	json_object_set_new(view, "variant_by_label", jval_string(critw_label(w,
	    r->arena, "crit_by_", vb ? vb : "none")));
	json_object_set_new(view, "revocation", json_incref(
	    json_object_get(doc, "revocation")));
	json_object_set_new(view, "is_newest", json_boolean(shown == newest));
	json_object_set_new(view, "title", jval_string(jval_str(doc, "name")));
	/* The national-threshold form: numeric indicators and the variants. */
	amend_inds = json_array();
	json_array_foreach(json_object_get(doc, "criteria"), i, c)
		json_array_foreach(json_object_get(c, "indicators"), j, x) {
			const char *t = jval_str(x, "type");

			if (t != NULL && (strcmp(t, "number") == 0 ||
			    strcmp(t, "children_share") == 0))
				json_array_append_new(amend_inds, json_pack(
				    "{s:s?, s:s?}", "id", jval_str(x, "id"),
				    "name", jval_str(x, "name")));
		}
	json_object_set_new(view, "amend", json_pack("{s:b, s:o, s:o}",
	    "allowed", web_holds(w, CRITW_SET_WRITERS) && shown == newest,
	    "indicators", amend_inds, "variants", critw_variants(w, r->arena,
	    variant_by_of(vb))));
	critw_mark_chosen(r, amend_inds, "id", "indicator");
	critw_mark_chosen(r, json_object_get(json_object_get(view, "amend"),
	    "variants"), "code", "variant");
}

enum err
critw_set_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *res;
	enum err e;

	if ((e = crit_store_get(w->db, http_param(r, "id"),
	    (int)web_qint(w, "version", 0), &res, ei)) != ERR_OK)
		return e;
	jval_merge(view, res);
	if (w->json)
		json_object_set_new(view, "title", jval_string(jval_str(
		    json_object_get(view, "set"), "name")));
	else
		set_display(r, w, view);
	/* each criterion's source in the legal library (/van-ban) */
	return web_legal_sources(w, view, "criteria_set", json_object_get(view,
	    "set"), w->json ? NULL : "criteria", ei);
}

/*
 * The form's one (indicator, variant, value) as a change: the indicator's
 * current entries with the entry of that variant and no year bounds
 * replaced (or added).  Every field is checked; each problem goes to the
 * form's list (web_problem), named as the form names it, and *out stays
 * NULL then.
 */
static enum err
form_changes(struct req *r, struct web *w, const char *set_id,
    json_t **out, struct errinfo *ei)
{
	const struct crit_set *s;
	const char *ind_id, *variant, *value_text;
	const json_t *c, *x, *t;
	json_t *entries = NULL, *entry;
	struct errinfo one;
	double value = 0;
	bool value_ok = false;
	size_t i, j;
	enum err e;

	*out = NULL;
	if ((e = crit_store_load(w->db, set_id, 0, &s, ei)) != ERR_OK)
		return e;
	if (web_field(r, w, "indicator", CRIT_ID_MAX, true, &ind_id, &one) !=
	    ERR_OK) {
		web_problem(w, &one, NULL);
		ind_id = NULL;
	}
	if (web_field(r, w, "variant", 16, false, &variant, &one) != ERR_OK) {
		web_problem(w, &one, NULL);
		variant = NULL;
	} else if (variant != NULL && !crit_variant_valid(s, variant)) {
		err_set(&one, ERR_INVALID, "criteria.unknown_variant", "variant",
		    "bộ tiêu chí không có vùng/nhóm “%s”",
		    "the set has no region/group “%s”", critw_label(w,
		    r->arena, "crit_variant_", variant));
		web_problem(w, &one, NULL);
	}
	if (web_field(r, w, "value", 64, true, &value_text, &one) != ERR_OK ||
	    critw_parse_number(value_text, "value", &value, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	else
		value_ok = true;
	json_array_foreach(json_object_get(s->doc, "criteria"), i, c)
		json_array_foreach(json_object_get(c, "indicators"), j, x) {
			const char *id = jval_str(x, "id");
			size_t k;

			if (ind_id == NULL || id == NULL || strcmp(id, ind_id) != 0)
				continue;
			entries = json_array();
			json_array_foreach(json_object_get(x, "thresholds"), k, t) {
				const char *tv = jval_str(t, "variant");
				bool same = (variant == NULL) ? tv == NULL :
				    tv != NULL && strcmp(tv, variant) == 0;

				if (same && json_object_get(t, "from_year") == NULL &&
				    json_object_get(t, "to_year") == NULL)
					continue;
				json_array_append_new(entries, json_deep_copy(t));
			}
		}
	if (entries == NULL && ind_id != NULL) {
		err_set(&one, ERR_INVALID, "criteria.unknown_indicator",
		    "indicator", "bộ tiêu chí không có chỉ tiêu “%.64s”",
		    "the set has no indicator “%.64s”", ind_id);
		web_problem(w, &one, NULL);
	}
	if (entries == NULL || !value_ok || json_array_size(w->problems) > 0) {
		json_decref(entries);
		return ERR_OK;		/* the problems are listed */
	}
	entry = json_pack("{s:f}", "value", value);
	if (variant != NULL)
		json_object_set_new(entry, "variant", jval_string(variant));
	json_array_append_new(entries, entry);
	*out = json_pack("{s:o}", ind_id, entries);
	return ERR_OK;
}

enum err
critw_set_amend(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *id = http_param(r, "id"), *source, *note;
	struct audit_actor who;
	json_t *changes = NULL;
	int version = 0;
	enum err e;

	struct errinfo one;

	/* Every field checked, every problem listed at once (the form's
	 * top, each linked to its input; the API's error.problems). */
	if (w->body != NULL)
		changes = json_incref(json_object_get(w->body, "changes"));
	else if ((e = form_changes(r, w, id, &changes, ei)) != ERR_OK)
		return e;
	if (web_field(r, w, "source_document", CRITW_NOTE_MAX, true, &source,
	    &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "note", CRITW_NOTE_MAX, false, &note, &one) !=
	    ERR_OK)
		web_problem(w, &one, NULL);
	if ((e = web_problems(w, ei)) != ERR_OK) {
		json_decref(changes);
		return e;
	}
	web_actor(w, &who);
	e = crit_store_amend(w->db, &who, id, changes, source, note, &version,
	    ei);
	json_decref(changes);
	if (e != ERR_OK)
		return e;
	json_object_set_new(view, "id", jval_string(id));
	json_object_set_new(view, "version", json_integer(version));
	{
		const char *segs[] = { "criteria-sets", id };

		w->redirect = arena_printf(r->arena, "%s?version=%d",
		    critw_path(r->arena, segs, 2), version);
	}
	return ERR_OK;
}
