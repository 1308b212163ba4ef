/*
 * rep_plan.c - plan versus actual (rep_plan.h): which plan slot a slot is
 * measured against, the share achieved, and the plan of a report (the
 * unit's plan report for the year) or of an aggregate (the maintained
 * aggregate of the plans).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/msg.h"
#include "domain/reporting/rep_plan.h"
#include "domain/reporting/rep_report.h"
#include "domain/reporting/rep_store.h"

#define SLOT_NAME_MAX	(2 * REP_ID_MAX + 2)
#define PLAN_FORMS_MAX	8	/* distinct plan forms one form names */

long
rep_plan_slot(const struct rep_form *f, size_t slot,
    const struct rep_form *plan)
{
	char name[SLOT_NAME_MAX];
	const struct rep_element *el, *pe;
	long cat, pcat, ps;

	if ((el = rep_slot_element(f, slot, &cat)) == NULL ||
	    el->plan_form == NULL || plan == NULL ||
	    strcmp(el->plan_form, plan->id) != 0 ||
	    (ps = rep_slot(plan, el->plan_element)) < 0 ||
	    (pe = rep_slot_element(plan, (size_t)ps, &pcat)) == NULL ||
	    pcat >= 0 || pe->kind == REP_TEXT)
		return -1;
	if (cat < 0)
		return ps;
	if (pe->breakdown == NULL)
		return -1;
	snprintf(name, sizeof(name), "%s.%s", pe->id,
	    el->breakdown->categories[cat].id);
	return rep_slot(plan, name);
}

bool
rep_plan_share(const struct rep_value *plan, const struct rep_value *actual,
    double *share)
{
	if (plan == NULL || actual == NULL || !plan->present ||
	    !actual->present || plan->num == 0)
		return false;
	*share = 100.0 * actual->num / plan->num;
	return true;
}

/* One plan form and its values for the unit and year (NULL: none). */
struct plan {
	const char *id;
	const struct rep_form *f;
	struct rep_value *vals;
};

/* The unit's own plan report of form id for the year. */
static enum err
plan_report(struct db *db, struct arena *a, const char *id,
    const struct unit *u, const char *year, struct plan *pl,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_REP_REPORT_FIND);
	int64_t rid = 0;
	int version = 0, rc;
	enum err e;

	db_bind_text(st, 1, id);
	db_bind_text(st, 2, u->structure);
	db_bind_text(st, 3, u->code);
	db_bind_text(st, 4, year);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1) {
		rid = db_col_int(st, 0);
		version = (int)db_col_int(st, 1);
	}
	db_end_reads(db);
	if (rid == 0)
		return ERR_OK;
	if ((e = rep_form_load(db, id, version, &pl->f, ei)) != ERR_OK)
		return e == ERR_NOTFOUND ? ERR_OK : e;
	pl->vals = rep_values_new(pl->f, a);
	return rep_report_load_values(db, a, pl->f, rid, pl->vals, ei);
}

/* The maintained aggregate of form id for the unit and year. */
static enum err
plan_aggregate(struct db *db, struct arena *a, const char *id,
    const struct unit *u, const char *year, struct plan *pl,
    struct errinfo *ei)
{
	struct db_stmt *st;
	struct rep_acc *acc;
	long slot;
	int rc;
	enum err e;

	if ((e = rep_form_load(db, id, 0, &pl->f, ei)) != ERR_OK)
		return e == ERR_NOTFOUND ? ERR_OK : e;
	acc = rep_acc_new(pl->f, a);
	st = db_stmt(db, STMT_REP_AGG_OF);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, u->structure);
	db_bind_text(st, 3, u->code);
	db_bind_text(st, 4, year);
	while ((rc = db_step(st, ei)) == 1) {
		if ((slot = rep_slot(pl->f, db_col_text(st, 0))) < 0)
			continue;
		acc[slot].num = strtod(db_col_text(st, 1), NULL);
		acc[slot].den = strtod(db_col_text(st, 2), NULL);
		acc[slot].n = (long)db_col_int(st, 3);
	}
	db_end_reads(db);
	if (rc < 0)
		return ei->err;
	pl->vals = rep_values_new(pl->f, a);
	rep_acc_values(pl->f, acc, pl->vals);
	return ERR_OK;
}

/* A value as a number (a yes/no plan as 1 or 0, or a count), or null. */
static json_t *
num_or_null(const struct rep_form *f, size_t slot, const struct rep_value *v)
{
	long cat;
	const struct rep_element *el = rep_slot_element(f, slot, &cat);

	if (v == NULL || !v->present)
		return json_null();
	if (el != NULL && el->kind == REP_YES_NO)
		return json_integer((json_int_t)v->num);
	return rep_value_json(f, slot, v);
}

enum err
rep_plan_json(struct db *db, struct arena *a, const struct rep_form *f,
    const struct unit *u, const struct rep_period *p,
    const struct rep_value *vals, bool aggregate, const char *lang,
    json_t *view, struct errinfo *ei)
{
	struct plan plans[PLAN_FORMS_MAX];
	size_t np = 0;
	json_t *items = json_array();
	char year[8], name[SLOT_NAME_MAX], pname[SLOT_NAME_MAX];
	const char *args[1];
	enum err e = ERR_OK;

	json_object_set_new(view, "plan_actual", items);
	snprintf(year, sizeof(year), "%d", p->year);
	for (size_t i = 0; i < f->n_elements; i++) {
		const char *id = f->elements[i].plan_form;
		size_t k;

		if (id == NULL)
			continue;
		for (k = 0; k < np && strcmp(plans[k].id, id) != 0; k++)
			;
		if (k < np || np == PLAN_FORMS_MAX)
			continue;
		memset(&plans[np], 0, sizeof(plans[np]));
		plans[np].id = id;
		e = aggregate ? plan_aggregate(db, a, id, u, year, &plans[np],
		    ei) : plan_report(db, a, id, u, year, &plans[np], ei);
		if (e != ERR_OK)
			return e;
		np++;
	}
	if (np == 0)
		return ERR_OK;
	args[0] = year;
	json_object_set_new(view, "plan_method", json_string(msg_formata(a,
	    lang, aggregate ? "rauto_plan_aggregate" : "rauto_plan_report",
	    args, 1)));
	for (size_t s = 0; s < f->n_slots; s++) {
		long cat, ps = -1;
		const struct rep_element *el = rep_slot_element(f, s, &cat);
		const struct plan *pl = NULL;
		const struct rep_value *pv = NULL;
		double share;
		bool has;

		if (el == NULL || el->plan_form == NULL ||
		    (!aggregate && !rep_element_filled_by(f, el, u->level)))
			continue;
		for (size_t k = 0; k < np; k++)
			if (strcmp(plans[k].id, el->plan_form) == 0)
				pl = &plans[k];
		if (pl != NULL && pl->f != NULL)
			ps = rep_plan_slot(f, s, pl->f);
		if (ps < 0 && cat >= 0)
			continue;	/* a category without its plan */
		if (ps >= 0 && pl->vals != NULL)
			pv = &pl->vals[ps];
		if (cat >= 0 && !vals[s].present && (pv == NULL ||
		    !pv->present))
			continue;	/* a source neither planned nor reported */
		has = rep_plan_share(pv, &vals[s], &share);
		if (ps >= 0)
			rep_slot_name(pl->f, (size_t)ps, pname, sizeof(pname));
		else
			snprintf(pname, sizeof(pname), "%s", el->plan_element);
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:o, s:o, s:o}", "slot", rep_slot_name(f, s, name,
		    sizeof(name)), "label", rep_slot_label(f, s, lang, a),
		    "plan_form", el->plan_form, "plan_slot", pname, "plan",
		    ps >= 0 ? num_or_null(pl->f, (size_t)ps, pv) : json_null(),
		    "actual", num_or_null(f, s, &vals[s]), "share",
		    has ? json_real(share) : json_null()));
	}
	return e;
}
