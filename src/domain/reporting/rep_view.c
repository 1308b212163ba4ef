/*
 * rep_view.c - the model of the report pages (rep_view.h): the officer's
 * list of reports waiting, and one report laid out for entry and print -
 * its elements under their group headings, each value written for people
 * beside the previous period's and the plan's, the automatic and computed
 * figures marked, the history of each value in words.
 *
 * It reads what rep_report_get already gives (values, slots with their
 * flags, previous, plans, history) and the form version the report is
 * under; the only reads of its own are the list's (src/db/sql/
 * rep_pages.sql: a unit's reports of a form, a province's communes with
 * their report of one period).  The page handlers (src/web/
 * web_reports_pages.c) add nothing but links and the request's own state.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "domain/reporting/rep_store.h"
#include "domain/reporting/rep_view.h"
#include "domain/units/units.h"

/* ---- words ---- */

static const char *
roman(int n)
{
	static const char *const r[] = { "", "I", "II", "III", "IV", "V",
		"VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
		"XV", "XVI", "XVII", "XVIII", "XIX", "XX" };

	return n >= 0 && n <= 20 ? r[n] : "";
}

const char *
rep_view_period_words(struct arena *a, const char *lang, const char *text)
{
	struct rep_period p;
	struct errinfo ei;
	const char *args[2];

	if (text == NULL || rep_period_parse(text, "period", &p, &ei) != ERR_OK)
		return text;
	args[0] = arena_printf(a, "%d", p.index);
	args[1] = arena_printf(a, "%d", p.year);
	switch (p.type) {
	case REP_MONTH:
		return msg_formata(a, lang, "rep_x_month", args, 2);
	case REP_QUARTER:
		args[0] = roman(p.index);
		return msg_formata(a, lang, "rep_x_quarter", args, 2);
	case REP_HALF_YEAR:
		return msg_formata(a, lang, p.index == 1 ? "rep_x_half1" :
		    "rep_x_half2", args + 1, 1);
	default:
		return msg_formata(a, lang, "rep_x_year", args + 1, 1);
	}
}

/* Who made a change, as the page shows it: the person's name, else the
 * login (an account since removed), else a dash. */
static const char *
person_text(const json_t *h)
{
	const char *s = jval_str(h, "full_name");

	if (s == NULL)
		s = jval_str(h, "username");
	return s != NULL ? s : "—";
}

static const char *
state_label(struct arena *a, const char *lang, const char *state)
{
	return msg_get(lang, arena_printf(a, "rpage_state_%s", state != NULL ?
	    state : "new"));
}

/* Is a report in this state still to be sent? */
static bool
state_open(const char *state)
{
	return state == NULL || strcmp(state, "new") == 0 ||
	    strcmp(state, "draft") == 0 || strcmp(state, "returned") == 0;
}

static long
today_days(void)
{
	char t[DATE_LEN];
	long d = 0;

	date_parse(date_today(t), &d);
	return d;
}

static const char *
day_text(struct arena *a, const char *lang, long day)
{
	char d[DATE_LEN];

	date_format(day, d);
	return date_display(a, d, lang);
}

/* An ISO time as "31/12/2026 14:05" (UTC, as stored). */
static const char *
time_text(struct arena *a, const char *lang, const char *iso)
{
	if (iso == NULL)
		return NULL;
	if (strlen(iso) >= 16 && iso[10] == 'T')
		return arena_printf(a, "%s %.5s", date_display(a, iso, lang),
		    iso + 11);
	return date_display(a, iso, lang);
}

/* ---- values written for people ---- */

/* The value of a slot in a values object as rep_values_json writes it;
 * a breakdown's total (cat < 0) is the sum of the categories present.
 * NULL when absent; a new reference otherwise. */
static json_t *
value_of(json_t *values, const struct rep_element *el, long cat)
{
	json_t *v = json_object_get(values, el->id), *c;
	const char *k;
	double sum = 0;
	bool any = false;

	if (el->breakdown == NULL)
		return v != NULL && !json_is_null(v) ? json_incref(v) : NULL;
	if (!json_is_object(v))
		return NULL;
	if (cat >= 0) {
		c = json_object_get(v, el->breakdown->categories[cat].id);
		return json_is_number(c) ? json_incref(c) : NULL;
	}
	json_object_foreach(v, k, c)
		if (json_is_number(c)) {
			sum += json_number_value(c);
			any = true;
		}
	return any ? json_real(sum) : NULL;
}

/* A value as people read it: "1.234.567", "91,5", "Có", the text; NULL
 * when absent.  The unit (đồng, %) is the page's, beside it. */
static const char *
value_text(const struct rep_element *el, const json_t *v, const char *lang,
    struct arena *a)
{
	double x;

	if (v == NULL || json_is_null(v))
		return NULL;
	if (el->kind == REP_TEXT)
		return json_is_string(v) ? arena_strdup(a, json_string_value(v)) :
		    NULL;
	if (el->kind == REP_YES_NO)
		return msg_get(lang, json_is_true(v) || (json_is_number(v) &&
		    json_number_value(v) != 0) ? "rpage_yes" : "rpage_no");
	if (!json_is_number(v))
		return NULL;
	x = json_number_value(v);
	if (el->kind == REP_MONEY || el->integer)
		return numfmt_int_a(a, llround(x), lang);
	if (el->kind == REP_PERCENT)
		return numfmt_pct_figure_a(a, x, lang);
	return numfmt_num_a(a, x, lang);
}

/* A value as an input field holds it: money and whole numbers grouped
 * ("1.234.567", which the form reads back), other numbers not. */
static const char *
input_text(const struct rep_element *el, const json_t *v, const char *lang,
    struct arena *a)
{
	if (v == NULL || json_is_null(v))
		return "";
	if (el->kind == REP_TEXT)
		return json_is_string(v) ? json_string_value(v) : "";
	if (!json_is_number(v))
		return "";
	if (el->kind == REP_MONEY || el->integer)
		return numfmt_int_a(a, llround(json_number_value(v)), lang);
	return numfmt_input_a(a, json_number_value(v), lang);
}

/* A stored JSON literal (history) written for people, "—" for none. */
static const char *
literal_text(const struct rep_element *el, const json_t *v, const char *lang,
    struct arena *a)
{
	const char *s = value_text(el, v, lang, a);

	return s != NULL ? s : "—";
}

/* ---- the plan beside a reported value ---- */

/*
 * The plan value an element (category cat) of the reported form is
 * measured against, among the year's plan reports (rep_report_get's
 * "plans"), as text; NULL when there is none.  The pairing is the form's
 * when it names one (the element's "plan": {form, element}, parsed into
 * plan_form and plan_element; a category is matched by its id, as
 * rep_plan_slot does); otherwise the element of the same id in a plan
 * form.
 */
static const char *
plan_text(struct db *db, const struct rep_form *f, size_t el_index, long cat,
    json_t *plans, const char *lang, struct arena *a)
{
	const struct rep_element *el = &f->elements[el_index];
	json_t *plan, *v;
	const char *id = el->id;
	size_t i;

	/* The form's own pairing ("plan": {form, element}, rep_plan.h) names
	 * the plan's element; without one, an element of the same id. */
	if (el->plan_element != NULL)
		id = el->plan_element;
	json_array_foreach(plans, i, plan) {
		const struct rep_form *pf;
		const struct rep_element *pel = NULL;
		struct errinfo ei;
		char base[2 * REP_ID_MAX + 2];
		const char *dot;
		const char *plan_id = jval_str(json_object_get(plan, "form"),
		    "id");
		long pcat = cat;

		if (el->plan_form != NULL && (plan_id == NULL ||
		    strcmp(plan_id, el->plan_form) != 0))
			continue;
		if (rep_form_load(db, plan_id, 0, &pf, &ei) != ERR_OK)
			continue;
		snprintf(base, sizeof(base), "%s", id);
		if ((dot = strchr(base, '.')) != NULL)
			base[dot - base] = '\0';
		for (size_t k = 0; k < pf->n_elements; k++)
			if (strcmp(pf->elements[k].id, base) == 0)
				pel = &pf->elements[k];
		if (pel == NULL || pel->kind != el->kind)
			continue;
		if (dot != NULL && pel->breakdown != NULL) {
			pcat = -1;
			for (size_t k = 0; k < pel->breakdown->n_categories; k++)
				if (strcmp(pel->breakdown->categories[k].id,
				    dot + 1) == 0)
					pcat = (long)k;
		} else if (cat >= 0 && pel->breakdown != NULL &&
		    el->breakdown != NULL) {
			pcat = -1;	/* the same category by id */
			for (size_t k = 0; k < pel->breakdown->n_categories; k++)
				if (strcmp(pel->breakdown->categories[k].id,
				    el->breakdown->categories[cat].id) == 0)
					pcat = (long)k;
			if (pcat < 0)
				continue;
		} else if ((cat >= 0) != (pel->breakdown != NULL && pcat >= 0))
			continue;
		if ((v = value_of(json_object_get(plan, "values"), pel,
		    pel->breakdown != NULL ? pcat : -1)) == NULL)
			continue;
		{
			const char *s = value_text(el, v, lang, a);

			json_decref(v);
			if (s != NULL)
				return s;
		}
	}
	return NULL;
}

/* The year's plan reports, every value labelled, for the page's list. */
static void
plans_view(struct db *db, json_t *report, const char *level,
    const char *lang, struct arena *a)
{
	json_t *plan, *out = json_array();
	size_t i;

	json_array_foreach(json_object_get(report, "plans"), i, plan) {
		const struct rep_form *pf;
		struct errinfo ei;
		json_t *items = json_array(), *vals = json_object_get(plan,
		    "values");

		if (rep_form_load(db, jval_str(json_object_get(plan, "form"),
		    "id"), 0, &pf, &ei) != ERR_OK) {
			json_decref(items);
			continue;
		}
		for (size_t k = 0; k < pf->n_elements; k++) {
			const struct rep_element *el = &pf->elements[k];
			json_t *v;
			const char *s;

			if (!rep_element_filled_by(pf, el, level) ||
			    (v = value_of(vals, el, -1)) == NULL)
				continue;
			s = value_text(el, v, lang, a);
			json_decref(v);
			json_array_append_new(items, json_pack("{s:s, s:s?, s:s?}",
			    "label", msg_pick(lang, el->name, el->name_en),
			    "value_text", s, "measure", el->unit != NULL ?
			    msg_pick(lang, el->unit, el->unit_en) : NULL));
		}
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:o}",
		    "title", jval_str(json_object_get(plan, "form"), "title"),
		    "period_label", rep_view_period_words(a, lang, jval_str(plan,
		    "period")), "state_label", state_label(a, lang, jval_str(plan,
		    "state")), "items", items));
	}
	json_object_set_new(report, "plan_list", out);
}

/* ---- one report ---- */

struct entry_ctx {
	struct db *db;
	const struct rep_form *f;
	json_t *report, *slots, *typed, *problems, *prev, *plans;
	const char *lang, *level;
	bool editable;
	struct arena *a;
};

/* The changes of one slot (every change when slot is NULL), newest
 * first, in words. */
static json_t *
history_of(const struct entry_ctx *c, const char *slot)
{
	json_t *out = json_array(), *h;
	size_t n = json_array_size(json_object_get(c->report, "history"));

	for (size_t i = n; i-- > 0;) {
		const struct rep_element *el;
		long s, cat;

		h = json_array_get(json_object_get(c->report, "history"), i);
		if (slot != NULL && strcmp(jval_str(h, "slot"), slot) != 0)
			continue;
		if ((s = rep_slot(c->f, jval_str(h, "slot"))) < 0 ||
		    (el = rep_slot_element(c->f, (size_t)s, &cat)) == NULL)
			continue;
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s, s:s}", "label", rep_slot_label(c->f, (size_t)s,
		    c->lang, c->a), "at_text", time_text(c->a, c->lang,
		    jval_str(h, "at")), "who", person_text(h), "old_text", literal_text(el,
		    json_object_get(h, "old"), c->lang, c->a), "new_text",
		    literal_text(el, json_object_get(h, "new"), c->lang, c->a),
		    "state_label", state_label(c->a, c->lang, jval_str(h,
		    "state"))));
	}
	return out;
}

/* The fields of one slot: its input (typed again after a refusal, or the
 * stored value), its figure, previous and plan, its problem. */
static json_t *
slot_view(const struct entry_ctx *c, size_t el_index, long cat)
{
	const struct rep_element *el = &c->f->elements[el_index];
	size_t s = el->slot + (size_t)(cat + 1);
	char name[2 * REP_ID_MAX + 2];
	const char *field, *anchor, *typed, *cur_text;
	json_t *cur = NULL, *prev, *o, *slot;
	size_t i;
	char *p;

	rep_slot_name(c->f, s, name, sizeof(name));
	field = arena_printf(c->a, "values.%s", name);
	anchor = arena_printf(c->a, "f-values-%s", name);
	for (p = (char *)anchor; *p != '\0'; p++)
		if (*p == '.')
			*p = '-';
	json_array_foreach(c->slots, i, slot)
		if (strcmp(jval_str(slot, "slot"), name) == 0)
			cur = json_object_get(slot, "value");
	cur_text = value_text(el, cur, c->lang, c->a);
	prev = value_of(c->prev, el, cat);
	typed = jval_str(c->typed, field);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?}",
	    "field", field, "anchor", anchor, "label", cat >= 0 ?
	    msg_pick(c->lang, el->breakdown->categories[cat].name,
	    el->breakdown->categories[cat].name_en) : msg_pick(c->lang, el->name,
	    el->name_en), "input", typed != NULL ? typed : input_text(el, cur,
	    c->lang, c->a), "value_text", cur_text, "previous_text",
	    value_text(el, prev, c->lang, c->a), "plan_text", plan_text(c->db,
	    c->f, el_index, cat, c->plans, c->lang, c->a), "error",
	    jval_str(c->problems, field));
	json_decref(prev);
	if (el->kind == REP_YES_NO) {
		const char *t = typed;
		bool yes = t != NULL ? (strcmp(t, "có") == 0) : (cur != NULL &&
		    (json_is_true(cur) || (json_is_number(cur) &&
		    json_number_value(cur) != 0)));
		bool no = t != NULL ? (strcmp(t, "không") == 0) : (cur != NULL &&
		    !yes && !json_is_null(cur));

		json_object_set_new(o, "yes_selected", json_boolean(yes));
		json_object_set_new(o, "no_selected", json_boolean(no));
	}
	if (typed != NULL)
		json_object_set_new(o, "typed", json_true());
	return o;
}

static void
bounds_view(const struct rep_element *el, json_t *o, struct arena *a)
{
	json_object_set_new(o, "data_kind", json_string(rep_kind_names[
	    el->kind]));
	if (el->has_min)
		json_object_set_new(o, "data_min", json_string(arena_printf(a,
		    "%.15g", el->min)));
	if (el->has_max)
		json_object_set_new(o, "data_max", json_string(arena_printf(a,
		    "%.15g", el->max)));
	if (el->integer)
		json_object_set_new(o, "data_integer", json_true());
}

static json_t *
element_view(const struct entry_ctx *c, size_t el_index, int number)
{
	const struct rep_element *el = &c->f->elements[el_index];
	bool automatic = el->auto_source != REP_AUTO_NONE;
	bool computed = el->formula != NULL;
	json_t *o = slot_view(c, el_index, -1), *hist, *all;
	char name[2 * REP_ID_MAX + 2];

	json_object_set_new(o, "number", json_integer(number));
	json_object_set_new(o, "measure", jval_string(el->unit != NULL ?
	    msg_pick(c->lang, el->unit, el->unit_en) : NULL));
	json_object_set_new(o, "automatic", json_boolean(automatic));
	json_object_set_new(o, "computed", json_boolean(computed));
	json_object_set_new(o, el->kind == REP_TEXT ? "kind_text" :
	    el->kind == REP_YES_NO ? "kind_yes_no" : "kind_number", json_true());
	if (el->kind == REP_MONEY)
		json_object_set_new(o, "kind_money", json_true());
	if (el->required)
		json_object_set_new(o, "required", json_true());
	if (el->kind == REP_TEXT)
		json_object_set_new(o, "max_length", json_integer(
		    (json_int_t)el->text_max));
	bounds_view(el, o, c->a);
	/* inputs: an entered element the caller may write */
	json_object_set_new(o, "enter", json_boolean(c->editable &&
	    !automatic && !computed && el->breakdown == NULL));
	all = json_array();
	if (el->breakdown != NULL) {
		json_t *cats = json_array();

		for (size_t k = 0; k < el->breakdown->n_categories; k++) {
			json_t *cv = slot_view(c, el_index, (long)k);

			bounds_view(el, cv, c->a);
			json_object_set_new(cv, "enter", json_boolean(
			    c->editable));
			json_object_set(cv, "element_anchor", json_object_get(o,
			    "anchor"));
			json_array_extend(all, hist = history_of(c,
			    rep_slot_name(c->f, el->slot + k + 1, name,
			    sizeof(name))));
			json_decref(hist);
			json_array_append_new(cats, cv);
		}
		json_object_set_new(o, "categories", cats);
		json_object_set_new(o, "has_breakdown", json_true());
	} else {
		json_array_extend(all, hist = history_of(c, rep_slot_name(c->f,
		    el->slot, name, sizeof(name))));
		json_decref(hist);
	}
	json_object_set_new(o, "history", all);
	return o;
}

enum err
rep_view_entry(struct db *db, json_t *report, json_t *typed,
    json_t *problems, bool editable, const char *lang, struct arena *a,
    struct errinfo *ei)
{
	json_t *form = json_object_get(report, "form"), *groups = json_array();
	json_t *unit = json_object_get(report, "unit"), *group = NULL, *wn;
	const char *heading = NULL, *due = jval_str(report, "due");
	struct entry_ctx c;
	long due_day = 0;
	int ngroup = 0, nel = 0;
	size_t i;
	enum err e;

	memset(&c, 0, sizeof(c));
	if ((e = rep_form_load(db, jval_str(form, "id"), (int)json_integer_value(
	    json_object_get(form, "version")), &c.f, ei)) != ERR_OK) {
		json_decref(groups);
		return e;
	}
	c.db = db;
	c.report = report;
	c.slots = json_object_get(report, "slots");
	c.typed = typed;
	c.problems = problems;
	c.prev = json_object_get(json_object_get(report, "previous"), "values");
	c.plans = json_object_get(report, "plans");
	c.lang = lang;
	c.level = jval_str(unit, "level");
	/* Closed to its writers (rep_report_editable: approved, or under
	 * review): the writer refuses, so the page offers no inputs. */
	c.editable = editable && json_is_true(json_object_get(report,
	    "state_editable"));
	c.a = a;
	for (i = 0; i < c.f->n_elements; i++) {
		const struct rep_element *el = &c.f->elements[i];
		const char *g = el->group != NULL ? el->group : "";

		if (!rep_element_filled_by(c.f, el, c.level))
			continue;
		if (group == NULL || strcmp(g, heading) != 0) {
			group = json_pack("{s:s, s:s, s:[]}", "heading",
			    el->group != NULL ? msg_pick(c.lang, el->group,
			    el->group_en) : "",
			    "number", roman(++ngroup), "elements");
			json_array_append_new(groups, group);
			heading = g;
			nel = 0;
		}
		json_array_append_new(json_object_get(group, "elements"),
		    element_view(&c, i, ++nel));
	}
	json_object_set_new(report, "groups", groups);
	json_object_set_new(report, "editable", json_boolean(c.editable));
	json_object_set_new(report, "approved_lock", json_boolean(
	    !json_is_true(json_object_get(report, "state_editable"))));
	json_object_set_new(report, "period_label", jval_string(
	    rep_view_period_words(a, lang, jval_str(report, "period"))));
	if (due != NULL && date_parse(due, &due_day))
		json_object_set_new(report, "due_text", jval_string(
		    date_display(a, due, lang)));
	json_object_set_new(report, "late", json_boolean(due_day > 0 &&
	    due_day < today_days() && state_open(jval_str(report, "state"))));
	json_object_set_new(report, "state_label", jval_string(state_label(a,
	    lang, jval_str(report, "state"))));
	json_object_set_new(report, "updated_text", jval_string(time_text(a,
	    lang, jval_str(report, "updated_at"))));
	if (json_is_object(json_object_get(report, "previous")))
		json_object_set_new(report, "previous_label", jval_string(
		    rep_view_period_words(a, lang, jval_str(json_object_get(
		    report, "previous"), "period"))));
	json_array_foreach(json_object_get(report, "warnings"), i, wn) {
		char *an = arena_printf(a, "f-%s", jval_str(wn, "field") ?
		    jval_str(wn, "field") : "");

		for (char *p = an; *p != '\0'; p++)
			if (*p == '.')
				*p = '-';
		json_object_set_new(wn, "anchor", json_string(an));
	}
	plans_view(db, report, c.level, lang, a);
	json_object_set_new(report, "history_all", history_of(&c, NULL));
	return ERR_OK;
}

/*
 * With some typed values refused, the rules are still checked on the
 * others - the report's entered values with the typed values that read
 * on top - so that a blocking rule broken is listed with them: every
 * problem at once.  (When every value reads, rep_report_put checks the
 * rules itself.)
 */
static void
rules_too(const struct rep_form *f, json_t *report, json_t *good,
    struct arena *a, struct rep_problems *pr)
{
	const char *level = jval_str(json_object_get(report, "unit"), "level");
	struct rep_value *vals = rep_values_new(f, a);
	json_t *obj = json_object(), *s, *v;
	struct rep_problems ignored;
	struct errinfo ei;
	const char *k;
	size_t i;

	json_array_foreach(json_object_get(report, "slots"), i, s)
		if (json_is_true(json_object_get(s, "entered")) &&
		    !json_is_null(json_object_get(s, "value")))
			json_object_set(obj, jval_str(s, "slot"),
			    json_object_get(s, "value"));
	json_object_foreach(good, k, v)
		json_object_set(obj, k, v);
	rep_problems_init(&ignored, a, 16);
	if (rep_values_from_json(f, level, obj, a, vals, &ignored, &ei) ==
	    ERR_OK) {
		rep_values_compute(f, vals);
		rep_validate(f, level, vals, false, a, NULL, pr, NULL, &ei);
	}
	json_decref(obj);
}

enum err
rep_view_values_from_form(struct db *db, json_t *report, json_t *typed,
    struct arena *a, json_t **values, struct rep_problems *pr,
    struct errinfo *ei)
{
	json_t *form = json_object_get(report, "form");
	const struct rep_form *f;
	struct errinfo one, first;
	const char *k;
	json_t *v, *out;
	size_t bad = 0;
	enum err e;

	*values = NULL;
	if ((e = rep_form_load(db, jval_str(form, "id"), (int)json_integer_value(
	    json_object_get(form, "version")), &f, ei)) != ERR_OK)
		return e;
	out = json_object();
	json_object_foreach(typed, k, v) {
		struct rep_value val;
		long s = strncmp(k, "values.", 7) == 0 ? rep_slot(f, k + 7) : -1;

		if (s < 0)
			e = err_set(&one, ERR_INVALID, "reporting.unknown_element",
			    k, "không có ô này", "no such cell");
		else
			e = rep_value_from_text(f, (size_t)s, json_string_value(v),
			    a, &val, &one);
		if (e != ERR_OK) {
			if (bad++ == 0)
				first = one;
			if (pr != NULL && pr->n < pr->cap)
				pr->items[pr->n++] = one;
			else if (pr != NULL)
				pr->more++;
			continue;
		}
		json_object_set_new(out, k + 7, rep_value_json(f, (size_t)s,
		    &val));
	}
	if (bad > 0) {
		if (pr != NULL)
			rules_too(f, report, out, a, pr);
		json_decref(out);
		*ei = first;
		return ei->err;
	}
	*values = out;
	return ERR_OK;
}

/* ---- the list ---- */

/* The latest started period of form f on day today, within its years;
 * false when none has started. */
static bool
latest_period(const struct rep_form *f, long today, struct rep_period *out)
{
	struct rep_period ps[12];
	char t[DATE_LEN];
	int year, n;

	date_format(today, t);
	year = (int)strtol(t, NULL, 10);
	if (year > f->year_to)
		year = f->year_to;
	for (; year >= f->year_from; year--) {
		n = rep_periods_of_year(f->period_type, year, ps);
		while (n-- > 0)
			if (rep_period_started(&ps[n], today)) {
				*out = ps[n];
				return true;
			}
	}
	return false;
}

struct item {
	long start;
	json_t *j;
};

static int
item_cmp(const void *x, const void *y)
{
	const struct item *p = x, *q = y;

	return p->start < q->start ? 1 : p->start > q->start ? -1 : 0;
}

static const char *
report_href(struct arena *a, const char *form, const char *structure,
    const char *code, const char *period)
{
	return arena_printf(a, "/reports/%s/%s/%s/%s", form, structure, code,
	    period);
}

/* The states of a unit's reports of form f: {period: state}. */
static enum err
unit_states(struct db *db, const char *form_id, const char *structure,
    const char *code, json_t *out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_RPAGE_UNIT_REPORTS);
	int rc;

	db_bind_text(st, 1, form_id);
	db_bind_text(st, 2, structure);
	db_bind_text(st, 3, code);
	while ((rc = db_step(st, ei)) == 1)
		json_object_set_new(out, db_col_text(st, 0), json_string(
		    db_col_text(st, 1)));
	db_end_reads(db);
	return rc < 0 ? ei->err : ERR_OK;
}

/* One list entry of form f, unit u, period p. */
static json_t *
list_entry(const struct rep_form *f, const struct unit *u,
    const struct rep_period *p, const char *state, long today,
    const char *lang, struct arena *a)
{
	char text[REP_PERIOD_TEXT];
	long due = rep_form_due(f, p);

	rep_period_format(p, text);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s}",
	    "unit_name", u->full_name, "form_title", msg_pick(lang, f->title,
	    f->title_en), "period_label", rep_view_period_words(a, lang, text),
	    "state", state != NULL ? state : "new", "state_label",
	    state_label(a, lang, state), "due_text", day_text(a, lang, due),
	    "late", due < today && state_open(state), "href", report_href(a,
	    f->id, u->structure, u->code, text));
}

/* The reports of unit u and form f for periods up to before (the oldest
 * listed) that are still open - a draft, a returned report - into all. */
static void
older_open(const struct rep_form *f, const struct unit *u,
    const struct rep_period *before, json_t *states, long today,
    const char *lang, struct arena *a, struct item *all, size_t *nall,
    size_t max)
{
	const char *k;
	json_t *v;

	json_object_foreach(states, k, v) {
		struct rep_period p;
		struct errinfo ignored;
		const char *state = json_string_value(v);

		if (*nall >= max || state == NULL || strcmp(state, "new") == 0 ||
		    !state_open(state) || rep_period_parse(k, "period", &p,
		    &ignored) != ERR_OK || rep_period_cmp(&p, before) > 0)
			continue;
		all[*nall].start = rep_period_start(&p);
		all[(*nall)++].j = list_entry(f, u, &p, state, today, lang, a);
	}
}

/* The communes of unit u with their report of f for period p. */
static enum err
children_view(struct db *db, const struct rep_form *f, const struct unit *u,
    const struct rep_period *p, long today, const char *lang,
    struct arena *a, json_t *out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_RPAGE_CHILDREN_REPORTS);
	char text[REP_PERIOD_TEXT];
	json_t *rows = json_array();
	long due = rep_form_due(f, p), sent = 0, total = 0;
	int rc;

	rep_period_format(p, text);
	db_bind_text(st, 1, f->id);
	db_bind_text(st, 2, text);
	db_bind_text(st, 3, u->structure);
	db_bind_text(st, 4, u->code);
	while ((rc = db_step(st, ei)) == 1) {
		const char *state = db_col_text(st, 2);

		total++;
		if (!state_open(state))
			sent++;
		json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:b, "
		    "s:s?, s:s}", "name", db_col_text(st, 1), "state", state ?
		    state : "new", "state_label", state_label(a, lang, state),
		    "late", due < today && state_open(state), "updated_text",
		    time_text(a, lang, db_col_text(st, 3)), "href", report_href(a,
		    f->id, u->structure, db_col_text(st, 0), text)));
	}
	db_end_reads(db);
	if (rc < 0) {
		json_decref(rows);
		return ei->err;
	}
	{
		const char *args[2] = { numfmt_int_a(a, sent, lang),
			numfmt_int_a(a, total, lang) };

		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s, s:o}", "unit_name", u->full_name, "form_title",
		    msg_pick(lang, f->title, f->title_en), "period_label",
		    rep_view_period_words(a, lang, text), "due_text",
		    day_text(a, lang, due), "summary", msg_formata(a, lang,
		    "rpage_children_summary", args, 2), "rows", rows));
	}
	return ERR_OK;
}

/* The forms communes fill, newest version of each; the chosen one. */
static const struct rep_form *
commune_forms(struct db *db, json_t *list, const char *form_id,
    const char *lang, json_t *choices)
{
	const struct rep_form *chosen = NULL, *first = NULL, *f;
	struct errinfo ei;
	json_t *it;
	size_t i;

	json_array_foreach(json_object_get(list, "items"), i, it) {
		if (rep_form_load(db, jval_str(it, "id"), 0, &f, &ei) != ERR_OK ||
		    !rep_form_filled_by(f, "commune"))
			continue;
		if (form_id != NULL && strcmp(form_id, f->id) == 0)
			chosen = f;
		if (first == NULL || (first->period_type == REP_YEAR &&
		    f->period_type != REP_YEAR))
			first = f;
		json_array_append_new(choices, json_pack("{s:s, s:s}", "value",
		    f->id, "label", msg_pick(lang, f->title, f->title_en)));
	}
	if (chosen == NULL)
		chosen = first;
	json_array_foreach(choices, i, it)
		json_object_set_new(it, "selected", json_boolean(chosen != NULL &&
		    strcmp(jval_str(it, "value"), chosen->id) == 0));
	return chosen;
}

enum err
rep_view_list(struct db *db, const struct role_binding *b, size_t n,
    const char *form_id, const char *period, const char *lang,
    struct arena *a, json_t **out, struct errinfo *ei)
{
	long today = today_days();
	json_t *list = NULL, *items = json_array(), *children = json_array();
	json_t *form_choices = json_array(), *period_choices = json_array();
	json_t *it;
	struct item *all = arena_alloc(a, (n * 16 * REP_VIEW_RECENT + 1) *
	    sizeof(*all));
	size_t nall = 0, i;
	const struct rep_form *cf = NULL;
	struct rep_period cp;
	bool have_cp = false;
	enum err e;

	*out = NULL;
	if ((e = rep_forms_list(db, &list, ei)) != ERR_OK)
		goto fail;
	for (size_t k = 0; k < n; k++) {
		struct unit u;
		bool dup = false;

		for (size_t j = 0; j < k; j++)
			dup = dup || (strcmp(b[j].structure, b[k].structure) == 0 &&
			    strcmp(b[j].unit_code, b[k].unit_code) == 0);
		if (dup || (e = units_get(db, a, b[k].structure, b[k].unit_code,
		    &u, ei)) != ERR_OK) {
			if (e == ERR_NOTFOUND)
				e = ERR_OK;	/* a binding of a unit gone */
			if (e != ERR_OK)
				goto fail;
			continue;
		}
		json_array_foreach(json_object_get(list, "items"), i, it) {
			const struct rep_form *f;
			struct rep_period p;
			json_t *states;

			if ((e = rep_form_load(db, jval_str(it, "id"), 0, &f,
			    ei)) != ERR_OK)
				goto fail;
			if (strcmp(f->structure, u.structure) != 0 ||
			    !rep_form_filled_by(f, u.level) ||
			    !latest_period(f, today, &p))
				continue;
			states = json_object();
			if ((e = unit_states(db, f->id, u.structure, u.code,
			    states, ei)) != ERR_OK) {
				json_decref(states);
				goto fail;
			}
			for (int r = 0; r < REP_VIEW_RECENT && nall < n * 16 *
			    REP_VIEW_RECENT && p.year >= f->year_from; r++) {
				char text[REP_PERIOD_TEXT];

				rep_period_format(&p, text);
				all[nall].start = rep_period_start(&p);
				all[nall++].j = list_entry(f, &u, &p, jval_str(
				    states, text), today, lang, a);
				if (!rep_period_prev(&p, &p))
					break;
			}
			/* Older reports still open (a draft, a returned one)
			 * wait as well. */
			older_open(f, &u, &p, states, today, lang, a, all,
			    &nall, n * 16 * REP_VIEW_RECENT);
			json_decref(states);
		}
		/* A province (or a district) also sees its communes. */
		if (strcmp(u.level, "province") == 0 ||
		    strcmp(u.level, "district") == 0) {
			if (cf == NULL) {
				cf = commune_forms(db, list, form_id, lang,
				    form_choices);
				if (cf == NULL)
					continue;
				have_cp = latest_period(cf, today, &cp);
				if (have_cp) {
					struct rep_period q = cp, asked;
					struct errinfo ignored;

					if (period != NULL && rep_period_parse(
					    period, "period", &asked, &ignored) ==
					    ERR_OK && rep_form_period_check(cf,
					    &asked, "period", &ignored) == ERR_OK &&
					    rep_period_started(&asked, today))
						cp = asked;
					for (int r = 0; r < 12 && q.year >=
					    cf->year_from; r++) {
						char text[REP_PERIOD_TEXT];

						rep_period_format(&q, text);
						json_array_append_new(period_choices,
						    json_pack("{s:s, s:s, s:b}",
						    "value", text, "label",
						    rep_view_period_words(a, lang,
						    text), "selected",
						    rep_period_cmp(&q, &cp) == 0));
						if (!rep_period_prev(&q, &q))
							break;
					}
				}
			}
			if (have_cp && (e = children_view(db, cf, &u, &cp, today,
			    lang, a, children, ei)) != ERR_OK)
				goto fail;
		}
	}
	qsort(all, nall, sizeof(*all), item_cmp);
	for (i = 0; i < nall; i++)
		json_array_append_new(items, all[i].j);
	*out = json_pack("{s:o, s:o, s:o, s:o, s:b, s:b}", "items", items,
	    "children", children, "form_choices", form_choices,
	    "period_choices", period_choices, "has_children",
	    json_array_size(children) > 0, "has_items", nall > 0);
	json_decref(list);
	return ERR_OK;
fail:
	for (i = 0; i < nall; i++)
		json_decref(all[i].j);
	json_decref(list);
	json_decref(items);
	json_decref(children);
	json_decref(form_choices);
	json_decref(period_choices);
	return e;
}
