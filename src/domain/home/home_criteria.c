/*
 * home_criteria.c - the criteria's part of the home: for each unit the
 * caller is bound to, its standing against the current criteria set at a
 * glance, and - for those who enter or follow up the values - the
 * indicator years still to fill in.
 *
 * The current set of a unit is the communes' national set of its
 * structure (kind "ntm_commune") whose period holds this year, else the
 * newest period before it (a pre-2025 unit's last period is 2021-2025);
 * its year is this year, or the last year of that period.  A commune is
 * shown by its own evaluation (criteria met of the set's total), and the
 * years of the period up to that year with an indicator still without a
 * value (crit_store_evaluation: the year's status "incomplete", or no
 * data); a province, a pre-2025 district or the country by its roll-up
 * (communes meeting the standard, and those whose year is incomplete or
 * not entered).
 */
#include <stdio.h>
#include <string.h>

#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "domain/criteria/criteria_store.h"
#include "domain/home/home.h"
#include "domain/units/units.h"

#define HOME_CRIT_ROLES	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR) | \
    ROLE_BIT(ROLE_PROVINCE_OFFICER) | ROLE_BIT(ROLE_COMMUNE_OFFICER) | \
    ROLE_BIT(ROLE_APPRAISER))
/* Who enters or follows up indicator values (the writers of values):
 * only they are told which years are still to fill in; appraisers see
 * the status alone. */
#define HOME_CRIT_WRITERS	(ROLE_BIT(ROLE_ADMIN) | \
    ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
    ROLE_BIT(ROLE_COMMUNE_OFFICER))

struct current_set {
	const char *id, *name;
	int year, from;
};

/* The communes' set of structure for this year (see the top); false if
 * there is none. */
static bool
current_set(struct home_ctx *c, json_t *sets, const char *structure,
    struct current_set *out)
{
	json_t *s;
	size_t i;
	bool found = false;

	json_array_foreach(json_object_get(sets, "items"), i, s) {
		json_t *y = json_object_get(s, "years");
		int from = (int)jval_int(y, "from", 0), to = (int)jval_int(y,
		    "to", 0), year;

		if (jval_str(s, "kind") == NULL ||
		    strcmp(jval_str(s, "kind"), "ntm_commune") != 0 ||
		    jval_str(s, "structure") == NULL ||
		    strcmp(jval_str(s, "structure"), structure) != 0 ||
		    from > c->year)
			continue;
		year = to < c->year ? to : c->year;
		if (found && year <= out->year)
			continue;
		out->id = arena_strdup(c->a, jval_str(s, "id"));
		out->name = arena_strdup(c->a, jval_str(s, "name"));
		out->year = year;
		out->from = from;
		found = true;
	}
	return found;
}

/* The set's name in c->lang, from an evaluation's or roll-up's "set"
 * (which carries name_en where the set has one), in c->a. */
static const char *
set_name(struct home_ctx *c, json_t *result, const struct current_set *cs)
{
	json_t *set = json_object_get(result, "set");
	const char *vi = jval_str(set, "name");

	return arena_strdup(c->a, msg_pick(c->lang, vi != NULL ? vi :
	    cs->name, jval_str(set, "name_en")));
}

/* A commune: its evaluation and the years still to fill in. */
static enum err
commune(struct home_ctx *c, const char *structure, const char *code,
    const char *name, const struct current_set *cs, json_t *incomplete,
    struct errinfo *ei)
{
	json_t *ev, *h;
	size_t i;
	enum err e;

	if ((e = crit_store_evaluation(c->db, structure, code, cs->id,
	    cs->year, 0, c->lang, &ev, ei)) != ERR_OK) {
		/* The set is not for every commune-level unit (a ward's
		 * class, another province's own set): nothing of it waits
		 * for this unit's officer. */
		if (e == ERR_INVALID && (strcmp(ei->code,
		    "criteria.wrong_class") == 0 || strcmp(ei->code,
		    "criteria.wrong_level") == 0 || strcmp(ei->code,
		    "criteria.other_province") == 0)) {
			err_clear(ei);
			return ERR_OK;
		}
		return e;
	}
	home_glance_add(c, name, msg_get(c->lang, "home_glance_criteria"),
	    jval_int(ev, "criteria_met", 0), jval_int(ev, "criteria_total", 0),
	    cs->year, set_name(c, ev, cs), arena_printf(c->a,
	    "/units/%s/%s/evaluation/%s/%d", structure, code, cs->id,
	    cs->year));
	for (int y = cs->from; y <= cs->year; y++) {
		const char *status = NULL;

		json_array_foreach(json_object_get(ev, "history"), i, h)
			if (jval_int(h, "year", 0) == y)
				status = jval_str(h, "status");
		if (status == NULL || strcmp(status, "incomplete") == 0)
			json_array_append_new(incomplete, json_pack(
			    "{s:s, s:s, s:s}", "label", arena_printf(c->a,
			    "%s · %s %d", name, msg_get(c->lang, "home_year"), y),
			    "detail", msg_get(c->lang, status == NULL ?
			    "home_year_empty" : "home_year_incomplete"),
			    "href", arena_printf(c->a,
			    "/units/%s/%s/indicators/%s/%d", structure, code,
			    cs->id, y)));
	}
	json_decref(ev);
	return ERR_OK;
}

/* A province, a district or the country: its roll-up. */
static enum err
scope(struct home_ctx *c, const char *structure, const char *code,
    const char *name, const struct current_set *cs, json_t *incomplete,
    struct errinfo *ei)
{
	json_t *ru;
	int64_t in_scope, missing;
	const char *href = arena_printf(c->a, "/units/%s/%s/rollup/%s/%d",
	    structure, code, cs->id, cs->year);
	enum err e;

	if ((e = crit_store_rollup(c->db, structure, code, cs->id, cs->year,
	    c->lang, &ru, ei)) != ERR_OK)
		return e;
	in_scope = jval_int(ru, "units_in_scope", 0);
	missing = jval_int(ru, "incomplete", 0) + in_scope -
	    jval_int(ru, "evaluated", 0);
	home_glance_add(c, name, msg_get(c->lang, "home_glance_communes"),
	    jval_int(ru, "met", 0), in_scope, cs->year, set_name(c, ru, cs),
	    href);
	if (missing > 0) {
		char n[NUMFMT_LEN];
		const char *args[2] = { n, NULL };
		char y[8];

		numfmt_int(n, missing, c->lang);	/* "1.185" */
		snprintf(y, sizeof(y), "%d", cs->year);
		args[1] = y;
		json_array_append_new(incomplete, json_pack("{s:s, s:s, s:s, "
		    "s:I}", "label", arena_printf(c->a, "%s · %s %d", name,
		    msg_get(c->lang, "home_year"), cs->year), "detail",
		    msg_formata(c->a, c->lang, "home_communes_incomplete",
		    args, 2), "href", href, "count", (json_int_t)missing));
	}
	json_decref(ru);
	return ERR_OK;
}

static enum err
collect(struct home_ctx *c, struct errinfo *ei)
{
	json_t *sets, *incomplete = json_array(), *ignored = json_array();
	json_t *it, *item, *todo;
	int64_t count = 0;
	size_t i;
	enum err e;

	if ((e = crit_store_list(c->db, &sets, ei)) != ERR_OK) {
		json_decref(incomplete);
		json_decref(ignored);
		return e;
	}
	for (size_t b = 0; b < c->nbindings && e == ERR_OK; b++) {
		const struct role_binding *rb = c->bindings[b];
		struct current_set cs = { 0 };
		struct unit u;
		bool seen = false;
		const char *name, *level;

		for (size_t k = 0; k < b; k++)
			seen |= strcmp(c->bindings[k]->structure,
			    rb->structure) == 0 && strcmp(
			    c->bindings[k]->unit_code, rb->unit_code) == 0;
		if (seen)
			continue;
		if (strcmp(rb->unit_code, "VN") == 0)
			level = "country";
		else if (units_get(c->db, c->a, rb->structure, rb->unit_code,
		    &u, ei) == ERR_OK)
			level = u.level;
		else
			continue;	/* a binding's unit always exists */
		if (!current_set(c, sets, strcmp(level, "country") == 0 ?
		    "2025" : rb->structure, &cs))
			continue;
		name = home_unit_name(c, rb->structure, rb->unit_code);
		todo = (HOME_CRIT_WRITERS & ROLE_BIT(rb->role)) ? incomplete :
		    ignored;
		if (strcmp(level, "commune") == 0)
			e = commune(c, rb->structure, rb->unit_code, name, &cs,
			    todo, ei);
		else if (strcmp(level, "village") != 0)
			e = scope(c, strcmp(level, "country") == 0 ? "2025" :
			    rb->structure, rb->unit_code, name, &cs, todo, ei);
	}
	json_decref(sets);
	if (e == ERR_OK) {
		json_array_foreach(incomplete, i, it)
			count += jval_int(it, "count", 1);
		item = home_item_add(c, "criteria", "criteria.incomplete_years",
		    msg_get(c->lang, "home_criteria_incomplete"), count,
		    json_array_size(incomplete) > 0 ? jval_str(json_array_get(
		    incomplete, 0), "href") : "/criteria-sets", false);
		json_array_foreach(incomplete, i, it)
			if (item != NULL)
				home_entry_add(item, jval_str(it, "label"),
				    jval_str(it, "detail"), jval_str(it, "href"),
				    false);
	}
	json_decref(incomplete);
	json_decref(ignored);
	return e;
}

const struct home_provider home_criteria = {
	"criteria", HOME_CRIT_ROLES, collect
};
