/*
 * web_criteria_units.c - the criteria pages of one unit, under
 * /units/{structure}/{code}/ (routes in web_criteria.c):
 *
 *   attributes                       commune group, ethnic-minority area
 *   overrides/{set_id}               a province's delegated thresholds
 *   indicators/{set_id}/{year}       the entry form (GET; PUT for the API,
 *                                    POST for the form, one field v.<id>
 *                                    per indicator, then 303 back to it)
 *   evaluation/{set_id}/{year}       the evaluation, history (public)
 *   rollup/{set_id}/{year}           a province's or the country's
 *                                    roll-up (public)
 *
 * The router has checked roles, CSRF and, for writes, that the path's
 * unit is in the caller's scope.  The store validates everything else and
 * names the offending field ("values.<id>", "year", "unit", ...); a
 * refused entry form comes back with that message next to its field and
 * what was typed.
 */
#include <stdio.h>
#include <string.h>

#include "core/jval.h"
#include "core/numfmt.h"
#include "core/text.h"
#include "domain/units/units.h"
#include "web/web_criteria_internal.h"

static void before_reorganisation_display(struct req *r, struct web *w,
    json_t *view);

static const char *
param(struct req *r, const char *name)
{
	return http_param(r, name);
}

/* "/units/S/C/<what>/<set>/<year>" (year 0: none), encoded. */
static const char *
unit_link(struct req *r, const char *structure, const char *code,
    const char *what, const char *set_id, int year)
{
	char y[16];
	const char *segs[] = { "units", structure, code, what, set_id, y };
	size_t n = 3;

	snprintf(y, sizeof(y), "%d", year);
	if (what != NULL)
		n = set_id == NULL ? 4 : year > 0 ? 6 : 5;
	return critw_path(r->arena, segs, n);
}

/* The unit of the path, into the view as "unit"; 404 if unknown. */
static enum err
unit_head(struct req *r, struct web *w, json_t *view, struct unit *u,
    struct errinfo *ei)
{
	enum err e;

	if ((e = units_get(w->db, r->arena, param(r, "structure"),
	    param(r, "code"), u, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "unit", json_pack(
	    "{s:s, s:s, s:s, s:s, s:s}", "structure", u->structure, "code",
	    u->code, "full_name", u->full_name, "level", u->level, "href",
	    unit_link(r, u->structure, u->code, NULL, NULL, 0)));
	return ERR_OK;
}

/* [{value, label, selected}] with an empty first choice. */
static json_t *
choices(struct web *w, struct arena *a, const char *const *values,
    const char *prefix, const char *current)
{
	json_t *out = json_array();

	json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "value", "",
	    "label", "—", "selected", current == NULL));
	for (; *values != NULL; values++)
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "value",
		    *values, "label", critw_label(w, a, prefix, *values),
		    "selected", current != NULL && strcmp(current, *values) == 0));
	return out;
}

/* ---- attributes ------------------------------------------------------------ */

enum err
critw_attributes_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct unit u;
	json_t *res, *in_force;
	enum err e;

	if ((e = unit_head(r, w, view, &u, ei)) != ERR_OK ||
	    (e = crit_store_attributes(w->db, u.structure, u.code,
	    (int)web_qint(w, "year", 0), &res, ei)) != ERR_OK)
		return e;
	jval_merge(view, res);
	json_object_set_new(view, "title", jval_string(arena_printf(r->arena,
	    "%s · %s", msg_get(w->lang, "crit_attributes"), u.full_name)));
	if (w->json)
		return ERR_OK;
	in_force = json_object_get(view, "in_force");
	json_object_set_new(view, "is_commune", json_boolean(
	    strcmp(u.level, "commune") == 0));
	json_object_set_new(view, "can_edit", json_boolean(
	    strcmp(u.level, "commune") == 0 &&
	    web_can(w, CRITW_PROVINCE_WRITERS, u.structure, u.code)));
	json_object_set_new(view, "groups", choices(w, r->arena,
	    crit_variant_codes(CRIT_BY_COMMUNE_GROUP), "crit_variant_",
	    jval_str(in_force, "commune_group")));
	json_object_set_new(view, "areas", choices(w, r->arena,
	    crit_ethnic_areas, "crit_area_", jval_str(in_force,
	    "ethnic_area")));
	/* a refused form shows what it was sent */
	critw_mark_chosen(r, json_object_get(view, "groups"), "value",
	    "commune_group");
	critw_mark_chosen(r, json_object_get(view, "areas"), "value",
	    "ethnic_area");
	return ERR_OK;
}

enum err
critw_attributes_post(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const char *structure = param(r, "structure"), *code = param(r, "code");
	const char *group = NULL, *area, *source;
	json_t *jg = w->body ? json_object_get(w->body, "commune_group") : NULL;
	struct audit_actor who;
	long year;
	bool has_year;
	enum err e;

	struct errinfo one;

	/* Every field checked, every problem listed at once. */
	if (critw_body_int(r, w, "year", CRITW_YEAR_MIN, CRITW_YEAR_MAX,
	    true, &year, &has_year, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (json_is_integer(jg))	/* "commune_group": 2 is meant as "2" */
		group = arena_printf(r->arena, "%lld",
		    (long long)json_integer_value(jg));
	else if (web_field(r, w, "commune_group", 8, false, &group, &one) !=
	    ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "ethnic_area", 16, false, &area, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "source_document", CRITW_NOTE_MAX, false, &source,
	    &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if ((e = web_problems(w, ei)) != ERR_OK)
		return e;
	web_actor(w, &who);
	if ((e = crit_store_set_attributes(w->db, &who, structure, code,
	    (int)year, group, area, source, ei)) != ERR_OK)
		return e;
	w->redirect = web_here(r);
	return critw_attributes_page(r, w, view, ei);
}

/* ---- provincial thresholds --------------------------------------------------- */

enum err
critw_overrides_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const char *set_id = param(r, "set_id");
	const struct crit_set *s;
	struct unit u;
	json_t *res, *deleg, *it;
	size_t i;
	enum err e;

	if ((e = unit_head(r, w, view, &u, ei)) != ERR_OK ||
	    (e = crit_store_load(w->db, set_id, 0, &s, ei)) != ERR_OK ||
	    (e = crit_store_overrides(w->db, set_id, u.structure, u.code, &res,
	    ei)) != ERR_OK)
		return e;
	jval_merge(view, res);
	json_object_set_new(view, "set", json_pack("{s:s, s:i, s:s, s:s}",
	    "id", s->id, "version", s->version, "name", s->name, "href",
	    critw_path(r->arena, (const char *[]){ "criteria-sets", s->id },
	    2)));
	deleg = json_array();
	for (size_t k = 0; k < s->n_indicators; k++) {
		const struct crit_indicator *x = &s->indicators[k];

		if (x->delegated && (x->type == CRIT_NUMBER ||
		    x->type == CRIT_CHILDREN_SHARE))
			json_array_append_new(deleg, json_pack(
			    "{s:s, s:s, s:s?, s:s}", "id", x->id, "name",
			    x->name, "unit", x->unit, "op",
			    crit_op_names[x->op]));
	}
	json_object_set_new(view, "delegated", deleg);
	json_object_set_new(view, "title", jval_string(arena_printf(r->arena,
	    "%s · %s", msg_get(w->lang, "crit_overrides"), u.full_name)));
	if (w->json)
		return ERR_OK;
	json_array_foreach(json_object_get(view, "items"), i, it) {
		const char *v = jval_str(it, "variant");

		json_object_set_new(it, "variant_label", jval_string(v && v[0] ?
		    critw_label(w, r->arena, "crit_variant_", v) :
		    msg_get(w->lang, "crit_all_variants")));
		json_object_set_new(it, "value_text", jval_string(
		    critw_value_text(r->arena, w, json_object_get(it, "value"),
		    NULL)));
	}
	json_array_foreach(deleg, i, it)
		json_object_set_new(it, "op", jval_string(critw_op_sign(
		    jval_str(it, "op"))));
	json_object_set_new(view, "variants", critw_variants(w, r->arena,
	    s->variant_by));
	critw_mark_chosen(r, deleg, "id", "indicator");
	/* the form's address, named outside the list of delegated
	 * indicators (each has its own "unit": "%") */
	json_object_set_new(view, "form_action", jval_string(arena_printf(
	    r->arena, "%s/overrides/%s", jval_str(json_object_get(view, "unit"),
	    "href"), s->id)));
	critw_mark_chosen(r, json_object_get(view, "variants"), "code",
	    "variant");
	json_object_set_new(view, "can_edit", json_boolean(
	    strcmp(u.level, "province") == 0 &&
	    web_can(w, CRITW_PROVINCE_WRITERS, u.structure, u.code)));
	return ERR_OK;
}

enum err
critw_overrides_post(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const char *ind, *variant, *source, *text;
	struct audit_actor who;
	json_t *value;
	enum err e;

	struct errinfo one;

	/* Every field checked, every problem listed at once. */
	value = NULL;
	if (web_field(r, w, "indicator", CRIT_ID_MAX, true, &ind, &one) !=
	    ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "variant", 16, false, &variant, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (w->body != NULL) {
		if ((value = json_object_get(w->body, "value")) == NULL) {
			err_set(&one, ERR_INVALID, "request.missing", "value",
			    "thiếu trường value (một số, hoặc null để xóa)",
			    "the field value is missing (a number, or null "
			    "to delete)");
			web_problem(w, &one, NULL);
		} else
			json_incref(value);
	} else {
		double x;

		if (web_field(r, w, "value", 64, false, &text, &one) != ERR_OK)
			web_problem(w, &one, NULL);
		else if (text == NULL)	/* an empty value deletes */
			value = json_null();
		else if (critw_parse_number(text, "value", &x, &one) !=
		    ERR_OK)
			web_problem(w, &one, NULL);
		else
			value = json_real(x);
	}
	if (web_field(r, w, "source_document", CRITW_NOTE_MAX, false, &source,
	    &one) != ERR_OK)
		web_problem(w, &one, NULL);
	else if (source == NULL && value != NULL && !json_is_null(value)) {
		/* the domain's rule, said here too so that it is listed with
		 * the others */
		err_set(&one, ERR_INVALID, "criteria.source_required",
		    "source_document", "Cần ghi quyết định của tỉnh ban hành "
		    "ngưỡng này", "The province's decision that sets this "
		    "threshold is needed");
		web_problem(w, &one, NULL);
	}
	if ((e = web_problems(w, ei)) != ERR_OK) {
		json_decref(value);
		return e;
	}
	web_actor(w, &who);
	e = crit_store_override(w->db, &who, param(r, "set_id"),
	    param(r, "structure"), param(r, "code"), ind, variant, value,
	    source, ei);
	json_decref(value);
	if (e != ERR_OK)
		return e;
	w->redirect = web_here(r);
	return critw_overrides_page(r, w, view, ei);
}

/* ---- the entry form --------------------------------------------------------- */

/* What a field shows: text, and for selects which option is chosen. */
static void
set_input(json_t *o, const char *text)
{
	json_t *opts = json_object_get(o, "options"), *opt;
	size_t i;

	if (text == NULL || !text_utf8_valid(text, strlen(text)))
		text = "";
	json_object_set_new(o, "input", jval_string(text));
	json_object_set_new(o, "sel_true", json_boolean(strcmp(text, "true") ==
	    0));
	json_object_set_new(o, "sel_false", json_boolean(strcmp(text,
	    "false") == 0));
	json_array_foreach(opts, i, opt)
		json_object_set_new(opt, "selected", json_boolean(strcmp(
		    jval_str(opt, "value"), text) == 0));
}

/* A stored value as the text its field shows. */
static const char *
input_text(struct req *r, struct web *w, const json_t *v)
{
	if (json_is_true(v))
		return "true";
	if (json_is_false(v))
		return "false";
	if (json_is_number(v))	/* read back by text_decimal: not grouped */
		return numfmt_input_a(r->arena, json_number_value(v), w->lang);
	return json_string_value(v);
}

/* The threshold as read: "≥ 8,5 %", or NULL when there is none. */
static const char *
threshold_text(struct req *r, struct web *w, const json_t *ind)
{
	const json_t *t = json_object_get(ind, "threshold");
	const char *unit = jval_str(ind, "unit");

	if (!json_is_number(t))
		return NULL;
	return arena_printf(r->arena, "%s %s%s%s", critw_op_sign(jval_str(ind,
	    "op")), critw_num_text(r->arena, json_number_value(t), w->lang),
	    unit ? " " : "", unit ? unit : "");
}

/* What the pages add to one indicator of an evaluation. */
static void
indicator_display(struct req *r, struct web *w, json_t *ind)
{
	const char *reason = jval_str(ind, "reason");
	const char *ts = jval_str(ind, "threshold_status");

	critw_marks(ind);
	json_object_set_new(ind, "value_text", jval_string(critw_value_text(
	    r->arena, w, json_object_get(ind, "value"), jval_str(ind, "unit"))));
	json_object_set_new(ind, "threshold_text", jval_string(
	    threshold_text(r, w, ind)));
	json_object_set_new(ind, "not_configured", json_boolean(reason != NULL &&
	    strcmp(reason, "not_configured") == 0));
	json_object_set_new(ind, "threshold_badge", critw_badge(w, r->arena,
	    ts));
}

/* Links every criteria page of a unit shows. */
static void
unit_links(struct req *r, struct web *w, json_t *view, int year)
{
	const json_t *u = json_object_get(view, "unit");
	const json_t *set = json_object_get(view, "set");
	const char *s = jval_str(u, "structure"), *c = jval_str(u, "code");
	const char *prov = jval_str(u, "province_code"), *id = jval_str(set, "id");

	json_object_set_new(view, "links", json_pack(
	    "{s:s, s:s, s:s, s:s, s:s?, s:s}",
	    "unit", unit_link(r, s, c, NULL, NULL, 0),
	    "entry", unit_link(r, s, c, "indicators", id, year),
	    "evaluation", unit_link(r, s, c, "evaluation", id, year),
	    "attributes", unit_link(r, s, c, "attributes", NULL, 0),
	    "rollup", prov ? unit_link(r, s, prov, "rollup", id, year) : NULL,
	    "set", critw_path(r->arena, (const char *[]){ "criteria-sets", id },
	    2)));
	json_object_set_new(view, "can_enter", json_boolean(web_can(w,
	    CRITW_VALUE_WRITERS, s, c)));
	json_object_set_new(view, "demo", json_incref(json_object_get(set,
	    "demo")));
	{
		/* "the commune group is not known" only where it matters */
		const struct crit_set *cs = NULL;
		struct errinfo ignored;
		enum crit_variant_by by = crit_store_load(w->db, id, 0, &cs,
		    &ignored) == ERR_OK ? cs->variant_by : CRIT_BY_NONE;

		json_object_set_new(view, "no_variant", json_boolean(
		    by != CRIT_BY_NONE && json_is_null(json_object_get(view,
		    "variant"))));
		json_object_set_new(view, "by_group", json_boolean(
		    by == CRIT_BY_COMMUNE_GROUP));
	}
}

/* An indicator the platform measures (the store's "observed" object,
 * issue 19; the engine's "observed": "<source>" when the store gives
 * no more): shown read-only beside the typed ones, with how it was
 * computed; it has no field (a typed value is refused). */
static void
observed_display(json_t *ind)
{
	const json_t *obs = json_object_get(ind, "observed");

	json_object_set_new(ind, "is_observed", json_boolean(json_is_object(
	    obs) || json_is_string(obs)));
	if (json_is_object(obs))
		json_object_set_new(ind, "observed_method", jval_string(
		    jval_str(obs, "method")));
}

static void
entry_display(struct req *r, struct web *w, json_t *view, int year)
{
	const json_t *values = json_object_get(view, "values");
	json_t *c, *ind, *in;
	size_t i, j;

	json_array_foreach(json_object_get(view, "criteria"), i, c) {
		critw_marks(c);
		json_array_foreach(json_object_get(c, "indicators"), j, ind) {
			const char *id = jval_str(ind, "id");
			json_t *ch = json_object_get(ind, "choices"), *x;
			size_t k;

			indicator_display(r, w, ind);
			json_object_set_new(ind, "field", jval_string(
			    arena_printf(r->arena, "v.%s", id)));
			json_object_set_new(ind, "field_error", json_null());
			json_object_set_new(ind, "wording_badge", critw_badge(w,
			    r->arena, jval_str(ind, "wording_status")));
			if (json_is_array(ch)) {
				json_t *opts = json_array();

				json_array_foreach(ch, k, x)
					json_array_append_new(opts, json_pack(
					    "{s:O, s:b}", "value", x,
					    "selected", 0));
				json_object_set_new(ind, "options", opts);
			}
			set_input(ind, input_text(r, w, json_object_get(values,
			    id)));
			observed_display(ind);
		}
	}
	json_array_foreach(json_object_get(view, "inputs"), i, in) {
		json_object_set_new(in, "field", jval_string(arena_printf(
		    r->arena, "v.%s", jval_str(in, "id"))));
		json_object_set_new(in, "field_error", json_null());
		set_input(in, input_text(r, w, json_object_get(in, "value")));
	}
	before_reorganisation_display(r, w, view);
	unit_links(r, w, view, year);
	json_object_set_new(view, "status_label", jval_string(critw_label(w,
	    r->arena, "crit_status_", jval_str(view, "status"))));
}

/*
 * What the set can evaluate, on every page of a unit, a set and a year
 * (API and page): each criterion without an indicator in the set gets
 * "pending" (its indicators are not issued in this set yet: the pages say
 * so instead of an unexplained "unknown"), and the view "watch_text" and
 * "watch_url", the legal source to follow for them (the set's own
 * legal_basis, never a number made up here).
 */
static void
coverage_display(struct req *r, struct web *w, json_t *view)
{
	json_t *set = json_object_get(view, "set"), *c;
	const json_t *watch = json_object_get(set, "watch");
	const struct crit_set *s = NULL;
	struct errinfo ignored;
	const char *doc = jval_str(watch, "document");
	const char *annex = jval_str(watch, "annex");
	size_t i;

	if (crit_store_load(w->db, jval_str(set, "id"), (int)json_integer_value(
	    json_object_get(set, "version")), &s, &ignored) != ERR_OK)
		return;
	json_array_foreach(json_object_get(view, "criteria"), i, c) {
		const char *id = jval_str(c, "id");
		bool pending = false;

		for (size_t k = 0; id != NULL && k < s->n_criteria; k++)
			if (strcmp(s->criteria[k].id, id) == 0)
				pending = s->criteria[k].n == 0;
		json_object_set_new(c, "pending", json_boolean(pending));
	}
	if (w->json || doc == NULL)
		return;
	json_object_set_new(view, "watch_text", jval_string(annex != NULL &&
	    annex[0] ? arena_printf(r->arena, "%s, %s %s", annex,
	    msg_get(w->lang, "crit_decision"), doc) : doc));
	json_object_set_new(view, "watch_url", jval_string(critw_safe_url(
	    jval_str(watch, "url"))));
	json_object_set_new(view, "has_pending", json_boolean(
	    json_integer_value(json_object_get(set, "criteria_pending")) > 0));
}

/* The sortable columns of a roll-up's lists: the query's word, the key
 * of the rows it sorts by. */
static const struct {
	const char *word, *key;
} sort_keys[] = {
	{ "name", "full_name" }, { "evaluated", "evaluated" },
	{ "met", "met" }, { "share", "met_share" },
	{ "avg", "avg_criteria_met" }, { "result", "status_rank" },
	{ "criteria", "criteria_met" },
};

static const char *
sort_key(const char *word)
{
	for (size_t i = 0; word != NULL && i < sizeof(sort_keys) /
	    sizeof(sort_keys[0]); i++)
		if (strcmp(sort_keys[i].word, word) == 0)
			return sort_keys[i].key;
	return NULL;
}

/* ?sort=&dir= (validated by the route's QUERY table) on the lists. */
static void
rollup_sort(struct web *w, json_t *view)
{
	const char *key = sort_key(web_qtext(w, "sort"));
	const char *dir = web_qtext(w, "dir");
	bool desc = dir != NULL && strcmp(dir, "desc") == 0;

	json_t *units = json_object_get(view, "units"), *u;
	size_t i;

	if (key == NULL)
		return;
	/* a result sorts as people rank it (met, not met, not enough data),
	 * not by its code; the rank is dropped once sorted */
	json_array_foreach(units, i, u) {
		const char *st = jval_str(u, "status");

		json_object_set_new(u, "status_rank", json_integer(st == NULL ? 3 :
		    strcmp(st, "met") == 0 ? 0 : strcmp(st, "not_met") == 0 ? 1 :
		    2));
	}
	crit_rows_sort(json_object_get(view, "children"), key, desc);
	crit_rows_sort(json_object_get(view, "close_to_standard"), key, desc);
	crit_rows_sort(units, key, desc);
	json_array_foreach(units, i, u)
		json_object_del(u, "status_rank");
}

/*
 * The three pages of a unit, a set and a year (entry, evaluation,
 * roll-up) share their shape: the year from the path, the store's view,
 * a title "<page> · <unit>", and the page's own display for HTML.
 */
enum unit_page { PAGE_ENTRY, PAGE_EVALUATION, PAGE_ROLLUP };

static void entry_display(struct req *r, struct web *w, json_t *view,
    int year);
static void evaluation_display(struct req *r, struct web *w, json_t *view,
    int year);
static void rollup_display(struct req *r, struct web *w, json_t *view,
    int year);

static enum err
unit_year_page(struct req *r, struct web *w, json_t *view, enum unit_page pg,
    struct errinfo *ei)
{
	static const char *const titles[] = { "crit_entry", "crit_evaluation",
	    "crit_rollup" };
	const char *structure = param(r, "structure"), *code = param(r, "code"),
	    *set = param(r, "set_id");
	json_t *res;
	int year;
	enum err e;

	if ((e = critw_path_year(r, &year, ei)) != ERR_OK)
		return e;
	if (pg == PAGE_ENTRY)
		e = crit_store_get_values(w->db, structure, code, set, year,
		    w->lang, &res, ei);
	else if (pg == PAGE_EVALUATION)
		e = crit_store_evaluation(w->db, structure, code, set, year,
		    (int)web_qint(w, "version", 0), w->lang, &res, ei);
	else
		e = crit_store_rollup(w->db, structure, code, set, year,
		    w->lang, &res, ei);
	if (e != ERR_OK)
		return e;
	jval_merge(view, res);
	json_object_set_new(view, "title", jval_string(arena_printf(r->arena,
	    "%s · %s", msg_get(w->lang, titles[pg]), jval_str(json_object_get(
	    view, pg == PAGE_ROLLUP ? "scope" : "unit"), "full_name"))));
	if (pg == PAGE_ROLLUP)
		rollup_sort(w, view);
	coverage_display(r, w, view);
	if (w->json)
		return ERR_OK;
	if (pg == PAGE_ENTRY)
		entry_display(r, w, view, year);
	else if (pg == PAGE_EVALUATION)
		evaluation_display(r, w, view, year);
	else
		rollup_display(r, w, view, year);
	return ERR_OK;
}

static enum err
entry_view(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return unit_year_page(r, w, view, PAGE_ENTRY, ei);
}

enum err
critw_entry_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return entry_view(r, w, view, ei);
}

/* A refused form keeps the page its handler built (the marks and what
 * was typed); only a form the router refused is built here. */
enum err
critw_entry_form_view(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	if (json_object_get(view, "criteria") != NULL)
		return ERR_OK;
	return entry_view(r, w, view, ei);
}

enum err
critw_entry_put(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct audit_actor who;
	int year;
	enum err e;

	if ((e = critw_path_year(r, &year, ei)) != ERR_OK)
		return e;
	web_actor(w, &who);
	if ((e = crit_store_put_values(w->db, &who, param(r, "structure"),
	    param(r, "code"), param(r, "set_id"), year, w->body ?
	    json_object_get(w->body, "values") : NULL, ei)) != ERR_OK)
		return e;
	return entry_view(r, w, view, ei);
}

/* Put msg next to the field named by "values.<id>", and list it in the
 * view's "problems" [{anchor, message}] that the top of the form shows,
 * each linked to its field. */
static void
mark_error(struct req *r, json_t *view, const char *field, const char *msg)
{
	const char *id;
	json_t *c, *ind, *problems = json_object_get(view, "problems");
	size_t i, j;

	if (!json_is_array(problems)) {
		problems = json_array();
		json_object_set_new(view, "problems", problems);
	}
	if (strncmp(field, "values.", 7) != 0) {
		json_array_append_new(problems, json_pack("{s:n, s:s}", "anchor",
		    "message", msg));
		return;
	}
	id = field + 7;
	json_array_append_new(problems, json_pack("{s:s, s:s}", "anchor",
	    arena_printf(r->arena, "v.%s", id), "message", msg));
	json_array_foreach(json_object_get(view, "criteria"), i, c)
		json_array_foreach(json_object_get(c, "indicators"), j, ind)
			if (strcmp(jval_str(ind, "id"), id) == 0)
				json_object_set_new(ind, "field_error",
				    jval_string(msg));
	json_array_foreach(json_object_get(view, "inputs"), i, ind)
		if (strcmp(jval_str(ind, "id"), id) == 0)
			json_object_set_new(ind, "field_error", jval_string(msg));
}

/* The form's fields shown again as typed. */
static void
echo_inputs(struct req *r, json_t *view)
{
	json_t *c, *ind;
	size_t i, j;

	json_array_foreach(json_object_get(view, "criteria"), i, c)
		json_array_foreach(json_object_get(c, "indicators"), j, ind) {
			const char *v = http_form(r, jval_str(ind, "field"));

			if (v != NULL)
				set_input(ind, v);
		}
	json_array_foreach(json_object_get(view, "inputs"), i, ind) {
		const char *v = http_form(r, jval_str(ind, "field"));

		if (v != NULL)
			set_input(ind, v);
	}
}

/*
 * The form's v.<id> fields as the values object put_values takes.  Every
 * field is read: each bad one is marked on the page (mark_error), and the
 * error returned is the first, its message saying how many there are, so
 * the person sees every problem at once.
 */
static enum err
form_values(struct req *r, struct web *w, json_t *view, json_t *values,
    struct errinfo *ei)
{
	const struct crit_set *s;
	struct errinfo first = { 0 };
	size_t bad = 0;
	enum err e;

	if ((e = crit_store_load(w->db, param(r, "set_id"), 0, &s, ei)) !=
	    ERR_OK)
		return e;
	for (size_t i = 0; i < r->nform; i++) {
		const char *name = r->form_names[i], *id, *text;
		struct crit_value v;
		struct errinfo one;
		size_t slot;

		if (strncmp(name, "v.", 2) != 0)
			continue;
		id = name + 2;
		if (json_object_get(values, id) != NULL)
			continue;	/* a repeated field: the first counts */
		e = web_field(r, w, name, CRIT_TEXT_MAX, false, &text, &one);
		if (e == ERR_OK)
			e = crit_slot_find(s, id, &slot, &one);
		if (e == ERR_OK)
			e = crit_value_from_text(s, slot, text ? text : "",
			    r->arena, &v, &one);
		if (e != ERR_OK) {
			snprintf(one.field, sizeof(one.field), "values.%.50s",
			    id);
			mark_error(r, view, one.field, err_message(&one,
			    w->lang));
			if (bad++ == 0)
				first = one;
			json_object_set_new(values, id, json_null());
			continue;
		}
		json_object_set_new(values, id, v.present ?
		    crit_value_json(s, slot, &v) : json_null());
	}
	if (bad == 0)
		return ERR_OK;
	*ei = first;
	if (bad > 1)
		err_prefix(ei, "%zu chỉ tiêu chưa hợp lệ; ",
		    "%zu indicators are not valid; ", bad);
	return ei->err;
}

enum err
critw_entry_post(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct audit_actor who;
	json_t *values;
	int year;
	enum err e;

	if ((e = entry_view(r, w, view, ei)) != ERR_OK ||
	    (e = critw_path_year(r, &year, ei)) != ERR_OK)
		return e;
	values = json_object();
	/* A form without a field changes nothing: no write, no audit entry. */
	if ((e = form_values(r, w, view, values, ei)) == ERR_OK &&
	    json_object_size(values) > 0) {
		web_actor(w, &who);
		if ((e = crit_store_put_values(w->db, &who, param(r, "structure"),
		    param(r, "code"), param(r, "set_id"), year, values, ei)) !=
		    ERR_OK)
			mark_error(r, view, ei->field,
			    err_message(ei, w->lang));
	}
	json_decref(values);
	if (e != ERR_OK) {
		echo_inputs(r, view);
		return e;
	}
	w->redirect = web_here(r);	/* the page again, with its marks */
	return ERR_OK;
}

/* The old units a 2025 unit was formed from, each with its results year
 * by year and a link to its last evaluated year. */
static void
before_reorganisation_display(struct req *r, struct web *w, json_t *view)
{
	json_t *h, *last;
	size_t i, j;

	json_array_foreach(json_object_get(view, "before_reorganisation"), i, h) {
		json_t *years = json_object_get(h, "history");

		json_array_foreach(years, j, last)
			json_object_set_new(last, "status_label", jval_string(
			    critw_label(w, r->arena, "crit_status_",
			    jval_str(last, "status"))));
		last = json_array_get(years, json_array_size(years) - 1);
		json_object_set_new(h, "href", jval_string(unit_link(r,
		    jval_str(h, "structure"), jval_str(h, "code"), "evaluation",
		    jval_str(h, "set_id"), (int)json_integer_value(
		    json_object_get(last, "year")))));
		json_object_set_new(h, "partial", json_boolean(strcmp(jval_str(h,
		    "relation"), "partial") == 0));
	}
}

/* ---- evaluation ------------------------------------------------------------- */

static void
evaluation_display(struct req *r, struct web *w, json_t *view, int year)
{
	const json_t *u = json_object_get(view, "unit");
	const char *id = jval_str(json_object_get(view, "set"), "id");
	const char *status = jval_str(view, "status");
	json_t *c, *ind, *h;
	size_t i, j;

	json_array_foreach(json_object_get(view, "criteria"), i, c) {
		critw_marks(c);
		json_array_foreach(json_object_get(c, "indicators"), j, ind)
			indicator_display(r, w, ind);
	}
	json_array_foreach(json_object_get(view, "history"), i, h) {
		int y = (int)json_integer_value(json_object_get(h, "year"));

		json_object_set_new(h, "href", jval_string(unit_link(r,
		    jval_str(u, "structure"), jval_str(u, "code"), "evaluation", id,
		    y)));
		json_object_set_new(h, "current", json_boolean(y == year));
		json_object_set_new(h, "status_label", jval_string(critw_label(w,
		    r->arena, "crit_status_", jval_str(h, "status"))));
	}
	before_reorganisation_display(r, w, view);
	unit_links(r, w, view, year);
	json_object_set_new(view, "status_label", jval_string(critw_label(w,
	    r->arena, "crit_status_", status)));
	json_object_set_new(view, "status_cls", jval_string(status ? status :
	    "incomplete"));
}

enum err
critw_evaluation_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return unit_year_page(r, w, view, PAGE_EVALUATION, ei);
}

/* ---- roll-up ----------------------------------------------------------------- */

static double
share(json_int_t part, json_int_t whole)
{
	return whole > 0 ? (double)(part * 1000 / whole) / 10.0 : 0.0;
}

/*
 * The column headers of the roll-up's lists as links that sort them
 * (server-side, no script needed): "sorts": {word: {href, close, mark,
 * aria}} (close: the same, back at the close-to-standard list),
 * the current column's link reversing its order; and each list's
 * downloads, "exports": {list: {csv, xlsx}}, in the order shown.
 */
static void
rollup_links(struct req *r, struct web *w, json_t *view, const char *here)
{
	static const char *const lists[] = { "units", "children", "close",
		"criteria", "distribution" };
	const char *cur = web_qtext(w, "sort"), *dir = web_qtext(w, "dir");
	bool desc = dir != NULL && strcmp(dir, "desc") == 0;
	const char *order = cur != NULL ? arena_printf(r->arena,
	    "&sort=%s&dir=%s", cur, desc ? "desc" : "asc") : "";
	json_t *sorts = json_object(), *exports = json_object();

	for (size_t i = 0; i < sizeof(sort_keys) / sizeof(sort_keys[0]); i++) {
		const char *word = sort_keys[i].word;
		bool on = cur != NULL && strcmp(cur, word) == 0;

		json_object_set_new(sorts, word, json_pack("{s:s, s:s, s:s, s:s}",
		    "href", arena_printf(r->arena, "%s?sort=%s&dir=%s#list",
		    here, word, on && !desc ? "desc" : "asc"),
		    "close", arena_printf(r->arena, "%s?sort=%s&dir=%s#close",
		    here, word, on && !desc ? "desc" : "asc"),
		    "mark", on ? (desc ? " ▼" : " ▲") : "",
		    "aria", on ? (desc ? "descending" : "ascending") : "none"));
	}
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		json_object_set_new(exports, lists[i], json_pack("{s:s, s:s}",
		    "csv", arena_printf(r->arena, "%s/export.csv?list=%s%s", here,
		    lists[i], order), "xlsx", arena_printf(r->arena,
		    "%s/export.xlsx?list=%s%s", here, lists[i], order)));
	json_object_set_new(view, "sorts", sorts);
	json_object_set_new(view, "exports", exports);
}

/* The shares and averages as text (critw_num_text: core/numfmt); the
 * counts are printed by the template with {{%x}}. */
static void
rollup_display(struct req *r, struct web *w, json_t *view, int year)
{
	const char *id = jval_str(json_object_get(view, "set"), "id");
	const json_t *scope = json_object_get(view, "scope");
	json_int_t evaluated = json_integer_value(json_object_get(view,
	    "evaluated"));
	json_t *x;
	size_t i;

	json_array_foreach(json_object_get(view, "distribution"), i, x) {
		double p = share(json_integer_value(json_object_get(x, "units")),
		    evaluated);

		json_object_set_new(x, "pct", json_real(p));
		json_object_set_new(x, "pct_text", jval_string(critw_num_text(
		    r->arena, p, w->lang)));
	}
	json_array_foreach(json_object_get(view, "criteria"), i, x)
		json_object_set_new(x, "pct_text", jval_string(critw_num_text(
		    r->arena, json_number_value(json_object_get(x, "pass_rate")),
		    w->lang)));
	json_array_foreach(json_object_get(view, "children"), i, x) {
		json_object_set_new(x, "href", jval_string(unit_link(r,
		    jval_str(x, "structure"), jval_str(x, "code"), "rollup", id,
		    year)));
		json_object_set_new(x, "met_share_text", jval_string(
		    critw_num_text(r->arena, json_number_value(json_object_get(x,
		    "met_share")), w->lang)));
		json_object_set_new(x, "avg_text", jval_string(critw_num_text(
		    r->arena, json_number_value(json_object_get(x,
		    "avg_criteria_met")), w->lang)));
	}
	json_array_foreach(json_object_get(view, "units"), i, x) {
		json_object_set_new(x, "href", jval_string(unit_link(r,
		    jval_str(x, "structure"), jval_str(x, "code"), "evaluation", id,
		    year)));
		json_object_set_new(x, "status_label", jval_string(critw_label(w,
		    r->arena, "crit_status_", jval_str(x, "status"))));
	}
	json_array_foreach(json_object_get(view, "close_to_standard"), i, x) {
		json_t *f;
		size_t k;
		const char *names = NULL;

		json_object_set_new(x, "href", jval_string(unit_link(r,
		    jval_str(x, "structure"), jval_str(x, "code"), "evaluation", id,
		    year)));
		json_array_foreach(json_object_get(x, "failed"), k, f) {
			const char *one = arena_printf(r->arena, "%s. %s%s",
			    jval_str(f, "id"), jval_str(f, "name"), json_is_true(
			    json_object_get(f, "unknown")) ? arena_printf(r->arena,
			    " (%s)", msg_get(w->lang, "crit_no_data")) : "");

			names = names ? arena_printf(r->arena, "%s; %s", names,
			    one) : one;
		}
		json_object_set_new(x, "failed_text", jval_string(names));
	}
	json_array_foreach(json_object_get(view, "years"), i, x) {
		int y = (int)json_integer_value(json_object_get(x, "year"));

		json_object_set_new(x, "href", jval_string(unit_link(r,
		    jval_str(scope, "structure"), jval_str(scope, "code"), "rollup",
		    id, y)));
		json_object_set_new(x, "current", json_boolean(y == year));
	}
	json_object_set_new(view, "met_share_text", jval_string(critw_num_text(
	    r->arena, json_number_value(json_object_get(view, "met_share")),
	    w->lang)));
	json_object_set_new(view, "avg_text", jval_string(critw_num_text(
	    r->arena, json_number_value(json_object_get(view,
	    "avg_criteria_met")), w->lang)));
	json_object_set_new(view, "has_revocation_flags", json_boolean(
	    json_integer_value(json_object_get(view, "revocation_flags")) > 0));
	json_object_set_new(view, "scope_href", jval_string(unit_link(r,
	    jval_str(scope, "structure"), jval_str(scope, "code"), NULL, NULL, 0)));
	json_object_set_new(view, "set_href", jval_string(critw_path(r->arena,
	    (const char *[]){ "criteria-sets", id }, 2)));
	json_object_set_new(view, "demo", json_incref(json_object_get(
	    json_object_get(view, "set"), "demo")));
	rollup_links(r, w, view, unit_link(r, jval_str(scope, "structure"),
	    jval_str(scope, "code"), "rollup", id, year));
}

enum err
critw_rollup_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return unit_year_page(r, w, view, PAGE_ROLLUP, ei);
}

/* ---- downloads: the tables of the pages as CSV and XLSX ----------------------- */

static json_t *
cell_text(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
cell_of(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_number(v) || json_is_string(v) ? json_deep_copy(v) :
	    json_null();
}

/* The columns of a table, from message keys ("%" as itself). */
static json_t *
columns(struct web *w, const char *const *keys)
{
	json_t *cols = json_array();

	for (; *keys != NULL; keys++)
		json_array_append_new(cols, json_string(strcmp(*keys, "%") == 0 ?
		    "%" : msg_get(w->lang, *keys)));
	return cols;
}

/* The evaluation page's criteria and indicators, one row each. */
static json_t *
evaluation_table(struct req *r, struct web *w, const json_t *view)
{
	static const char *const keys[] = { "crit_criterion", "crit_indicator",
		"crit_value", "crit_threshold", "crit_result", "crit_explanation",
		NULL };
	json_t *rows = json_array(), *c, *ind;
	size_t i, j;

	json_array_foreach(json_object_get(view, "criteria"), i, c) {
		const char *cname = arena_printf(r->arena, "%s. %s", jval_str(c,
		    "id"), jval_str(c, "name"));

		if (json_is_true(json_object_get(c, "pending")))
			json_array_append_new(rows, json_pack("[s, n, n, n, s, s]",
			    cname, msg_get(w->lang, "crit_pending_mark"),
			    msg_get(w->lang, "crit_pending")));
		json_array_foreach(json_object_get(c, "indicators"), j, ind) {
			const char *mark = json_is_true(json_object_get(ind,
			    "is_met")) ? "crit_met" : json_is_true(json_object_get(
			    ind, "is_failed")) ? "crit_failed" : "crit_unknown";
			const char *th = jval_str(ind, "threshold_text");

			if (th == NULL && json_is_true(json_object_get(ind,
			    "not_configured")))
				th = msg_get(w->lang, "crit_not_configured");
			json_array_append_new(rows, json_pack("[s, s, o, o, s, o]",
			    cname, arena_printf(r->arena, "%s %s", jval_str(ind,
			    "id"), jval_str(ind, "name")), cell_text(jval_str(ind,
			    "value_text")), cell_text(th), msg_get(w->lang, mark),
			    cell_text(jval_str(ind, "explanation"))));
		}
	}
	return json_pack("{s:s, s:o, s:o}", "title", jval_str(view, "title"),
	    "columns", columns(w, keys), "rows", rows);
}

/* One list of the roll-up page, in the order shown. */
static json_t *
rollup_table(struct req *r, struct web *w, const json_t *view,
    const char *list)
{
	static const char *const k_units[] = { "name", "crit_result",
		"crit_criteria_met_h", "crit_criteria_total_h", NULL };
	static const char *const k_children[] = { "name", "crit_evaluated",
		"crit_met_count", "%", "crit_avg_short", NULL };
	static const char *const k_close[] = { "name", "crit_parent",
		"crit_criteria_met_h", "crit_criteria_total_h", "crit_missing",
		NULL };
	static const char *const k_criteria[] = { "crit_criterion",
		"crit_met", "%", NULL };
	static const char *const k_dist[] = { "crit_criteria_met_h",
		"units_count", "%", NULL };
	const char *const *keys;
	const char *head;
	json_t *rows = json_array(), *x;
	size_t i;

	if (strcmp(list, "units") == 0) {
		keys = k_units;
		head = "crit_units";
		json_array_foreach(json_object_get(view, "units"), i, x)
			json_array_append_new(rows, json_pack("[o, s?, o, o]",
			    cell_of(x, "full_name"), json_is_true(json_object_get(
			    x, "revocation_rule")) ? arena_printf(r->arena,
			    "%s (%s)", jval_str(x, "status_label"), msg_get(w->lang,
			    "crit_revocation")) : jval_str(x, "status_label"),
			    cell_of(x, "criteria_met"), cell_of(x,
			    "criteria_total")));
	} else if (strcmp(list, "children") == 0) {
		keys = k_children;
		head = "crit_children";
		json_array_foreach(json_object_get(view, "children"), i, x)
			json_array_append_new(rows, json_pack("[o, o, o, o, o]",
			    cell_of(x, "full_name"), cell_of(x, "evaluated"),
			    cell_of(x, "met"), cell_of(x, "met_share"), cell_of(x,
			    "avg_criteria_met")));
	} else if (strcmp(list, "close") == 0) {
		keys = k_close;
		head = "crit_close";
		json_array_foreach(json_object_get(view, "close_to_standard"), i,
		    x)
			json_array_append_new(rows, json_pack("[o, o, o, o, o]",
			    cell_of(x, "full_name"), cell_of(x, "parent_name"),
			    cell_of(x, "criteria_met"), cell_of(x,
			    "criteria_total"), cell_of(x, "failed_text")));
	} else if (strcmp(list, "criteria") == 0) {
		keys = k_criteria;
		head = "crit_pass_rates";
		json_array_foreach(json_object_get(view, "criteria"), i, x)
			json_array_append_new(rows, json_pack("[s, o, o]",
			    arena_printf(r->arena, "%s. %s", jval_str(x, "id"),
			    jval_str(x, "name")), cell_of(x, "passed"), cell_of(x,
			    "pass_rate")));
	} else {
		keys = k_dist;
		head = "crit_distribution";
		json_array_foreach(json_object_get(view, "distribution"), i, x)
			json_array_append_new(rows, json_pack("[o, o, o]",
			    cell_of(x, "criteria_met"), cell_of(x, "units"),
			    cell_of(x, "pct")));
	}
	return json_pack("{s:s, s:o, s:o}", "title", arena_printf(r->arena,
	    "%s · %s", jval_str(view, "title"), msg_get(w->lang, head)),
	    "columns", columns(w, keys), "rows", rows);
}

enum export { EXPORT_CSV, EXPORT_XLSX };

/* The page's view built as for the page, its table, the file. */
static enum err
download(struct req *r, struct web *w, json_t *view, enum unit_page pg,
    enum export kind, struct errinfo *ei)
{
	const char *list = NULL;
	json_t *table;
	enum err e;

	if (pg == PAGE_ROLLUP && (list = web_qtext(w, "list")) == NULL)
		list = "units";
	if ((e = unit_year_page(r, w, view, pg, ei)) != ERR_OK)
		return e;
	table = pg == PAGE_ROLLUP ? rollup_table(r, w, view, list) :
	    evaluation_table(r, w, view);
	buf_reset(&r->out);
	e = kind == EXPORT_CSV ? crit_table_csv(table, &r->out, ei) :
	    crit_table_xlsx(table, &r->out, ei);
	json_decref(table);
	if (e != ERR_OK)
		return e;
	r->status = 200;
	r->content_type = kind == EXPORT_CSV ? "text/csv; charset=utf-8" :
	    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	http_add_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"%s-%s-%s-%s%s%s.%s\"", pg == PAGE_ROLLUP ?
	    "rollup" : "evaluation", param(r, "code"), param(r, "set_id"),
	    param(r, "year"), list ? "-" : "", list ? list : "",
	    kind == EXPORT_CSV ? "csv" : "xlsx"));
	http_add_header(r, "Cache-Control", "no-store");
	return ERR_OK;
}

enum err
critw_evaluation_csv(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return download(r, w, view, PAGE_EVALUATION, EXPORT_CSV, ei);
}

enum err
critw_evaluation_xlsx(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return download(r, w, view, PAGE_EVALUATION, EXPORT_XLSX, ei);
}

enum err
critw_rollup_csv(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return download(r, w, view, PAGE_ROLLUP, EXPORT_CSV, ei);
}

enum err
critw_rollup_xlsx(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return download(r, w, view, PAGE_ROLLUP, EXPORT_XLSX, ei);
}
