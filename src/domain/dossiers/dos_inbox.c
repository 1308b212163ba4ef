/*
 * dos_inbox.c - the dossiers waiting for a person, asked of the database
 * rather than decided dossier by dossier: the home's "at your step" and
 * "overdue below", and the list's ?at_step=1.
 *
 * "At your step" is what the procedure grants (the rule of wf_may, which
 * enables the buttons of the dossier page): a transition out of the
 * dossier's current state names one of the roles of a binding of the
 * caller, and the binding's unit is at the transition's level relative
 * to the dossier's unit (the unit itself; a district or province whose
 * scope holds it; the country).  Procedures are data, so the states a
 * binding may act in are found here, procedure version by version (a few
 * of them, parsed once per process); then one prepared statement per
 * such state (dos_at_state) counts the open dossiers in it within the
 * bindings' units and returns the first few, deadline first.  Scope is
 * the database's unit_scope, as the list's province filter reads it.
 *
 * The cost no longer grows with the number of open dossiers: the home
 * used to load up to 200 of them whole (dos_get each) to keep those with
 * an action, and counted only those 200.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/xalloc.h"
#include "domain/dossiers/dos_internal.h"

#define SLOTS		4	/* bindings one statement takes */
#define MAX_VERSIONS	64	/* procedure versions with open dossiers */

/* Where a binding may act on a transition of level lv: exact (the unit
 * itself), inside (its scope), any (the country), or nowhere. */
enum reach { REACH_NONE, REACH_EXACT, REACH_INSIDE, REACH_ANY };

struct slot {
	enum reach reach;
	const char *structure, *code;
};

/* The level ("country", "province"...) of a binding's unit into out. */
static void
binding_level(struct db *db, const struct role_binding *b, char out[16])
{
	struct db_stmt *st = db_stmt(db, STMT_WF_UNIT_LEVEL);

	out[0] = '\0';
	db_bind_text(st, 1, b->structure);
	db_bind_text(st, 2, b->unit_code);
	if (db_step(st, NULL) == 1) {
		snprintf(out, 16, "%s", db_col_text(st, 0));
		while (db_step(st, NULL) == 1)
			;
	}
}

/* How binding b (its unit at level blv) reaches the units on which t may
 * be taken (wf_may's rule). */
static enum reach
reach_of(const struct role_binding *b, const char *blv,
    const struct wf_transition *t)
{
	if (!(t->roles & ROLE_BIT(b->role)))
		return REACH_NONE;
	if (t->level == WF_LEVEL_UNIT)
		return REACH_EXACT;
	if (t->level == WF_LEVEL_COUNTRY)
		return strcmp(blv, "country") == 0 ? REACH_ANY : REACH_NONE;
	return strcmp(wf_level_names[t->level], blv) == 0 ? REACH_INSIDE :
	    REACH_NONE;
}

/* Run dos_at_state for state of proc over slots[0..n) (n <= SLOTS, or
 * any), appending its rows to rows and its count to *total. */
static enum err
at_state(struct db *db, const struct wf_procedure *proc, const char *state,
    bool any, const struct slot *slots, size_t n, int64_t limit,
    json_t *rows, int64_t *total, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_DOS_AT_STATE);
	int rc;

	db_bind_text(st, 1, proc->id);
	db_bind_int(st, 2, proc->version);
	db_bind_text(st, 3, state);
	db_bind_int(st, 4, any);
	for (size_t k = 0; k < SLOTS; k++) {
		int at = 5 + (int)k * 5;
		const struct slot *sl = k < n ? &slots[k] : NULL;

		db_bind_text(st, at, sl ? sl->structure : NULL);
		db_bind_text(st, at + 1, sl ? sl->code : NULL);
		db_bind_int(st, at + 2, sl != NULL && sl->reach == REACH_INSIDE);
		db_bind_text(st, at + 3, sl ? sl->structure : NULL);
		db_bind_text(st, at + 4, sl ? sl->code : NULL);
	}
	db_bind_int(st, 25, limit);
	while ((rc = db_step(st, ei)) == 1) {
		*total = db_col_int(st, 17);
		json_array_append_new(rows, dos_list_row(st));
	}
	db_end_reads(db);
	return rc < 0 ? ei->err : ERR_OK;
}

/* Deadline first (none last), then the newest dossier: dos_list's order. */
static int
row_cmp(const void *pa, const void *pb)
{
	json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	const char *da = jval_str(a, "due_on"), *db_ = jval_str(b, "due_on");
	json_int_t ia = jval_int(a, "id", 0), ib = jval_int(b, "id", 0);
	int c;

	if ((da == NULL) != (db_ == NULL))
		return da == NULL ? 1 : -1;
	if (da != NULL && (c = strcmp(da, db_)) != 0)
		return c;
	return ia > ib ? -1 : ia < ib;
}

/* Keep the first limit of rows in row_cmp's order. */
static void
first_rows(json_t *rows, int64_t limit)
{
	size_t n = json_array_size(rows);
	json_t **v;

	if (n < 2)
		return;
	v = xcalloc(n, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(rows, i));
	qsort(v, n, sizeof(*v), row_cmp);
	json_array_clear(rows);
	for (size_t i = 0; i < n; i++) {
		if ((int64_t)i < limit)
			json_array_append(rows, v[i]);
		json_decref(v[i]);
	}
	free(v);
}

/* The dossiers of state of proc where the bindings of p (of roles) may
 * act, counted into *total, the first limit into rows. */
static enum err
state_rows(struct db *db, const struct principal *p, unsigned roles,
    char (*levels)[16], const struct wf_procedure *proc,
    const struct wf_state *s, int64_t limit, json_t *rows, int64_t *total,
    struct errinfo *ei)
{
	struct slot slots[AUTH_MAX_ROLES];
	size_t n = 0;
	bool any = false;
	int64_t count = 0;
	enum err e;

	for (size_t i = 0; i < p->nroles; i++) {
		const struct role_binding *b = &p->roles[i];
		enum reach best = REACH_NONE;

		if (!(roles & ROLE_BIT(b->role)) || b->structure == NULL ||
		    b->unit_code == NULL)
			continue;
		for (size_t k = 0; k < proc->ntransitions; k++) {
			const struct wf_transition *t = &proc->transitions[k];
			enum reach r;

			if (!wf_transition_from(t, s->id))
				continue;
			r = reach_of(b, levels[i], t);
			if (r > best)
				best = r;
		}
		if (best == REACH_ANY)
			any = true;
		else if (best != REACH_NONE)
			slots[n++] = (struct slot){ best, b->structure,
			    b->unit_code };
	}
	if (!any && n == 0)
		return ERR_OK;
	/* Up to SLOTS bindings in one statement, so that a dossier inside
	 * two of them is counted once; a person with more bindings acting
	 * at one state is asked in groups (one dossier in the scopes of two
	 * groups would then count twice). */
	for (size_t k = 0; any ? k == 0 : k < n; k += SLOTS) {
		size_t m = any ? 0 : n - k < SLOTS ? n - k : SLOTS;

		count = 0;
		if ((e = at_state(db, proc, s->id, any, slots + k, m, limit,
		    rows, &count, ei)) != ERR_OK)
			return e;
		*total += count;
	}
	return ERR_OK;
}

enum err
dos_at_step_rows(struct db *db, const struct principal *p, unsigned roles,
    int64_t limit, json_t *rows, int64_t *total, struct errinfo *ei)
{
	struct { char id[128]; int version; } pv[MAX_VERSIONS];
	char levels[AUTH_MAX_ROLES][16];
	struct db_stmt *st;
	json_t *found = json_array();
	size_t npv = 0;
	int64_t count = 0;
	int rc;
	enum err e = ERR_OK;

	if (total != NULL)
		*total = 0;
	if (p == NULL || p->nroles == 0)
		goto out;
	for (size_t i = 0; i < p->nroles && i < AUTH_MAX_ROLES; i++)
		if (p->roles[i].structure != NULL &&
		    p->roles[i].unit_code != NULL)
			binding_level(db, &p->roles[i], levels[i]);
		else
			levels[i][0] = '\0';
	st = db_stmt(db, STMT_DOS_OPEN_PROCEDURES);
	while ((rc = db_step(st, ei)) == 1 && npv < MAX_VERSIONS) {
		snprintf(pv[npv].id, sizeof(pv[npv].id), "%s",
		    db_col_text(st, 0));
		pv[npv++].version = (int)db_col_int(st, 1);
	}
	db_end_reads(db);
	if (rc < 0) {
		e = ei->err;
		goto out;
	}
	for (size_t i = 0; i < npv && e == ERR_OK; i++) {
		const struct wf_procedure *proc;
		struct errinfo skip;

		if (wf_load(db, pv[i].id, pv[i].version, &proc, &skip) !=
		    ERR_OK)
			continue;	/* as dos_list: a row it cannot read */
		for (size_t k = 0; k < proc->nstates && e == ERR_OK; k++)
			if (!proc->states[k].terminal)
				e = state_rows(db, p, roles, levels, proc,
				    &proc->states[k], limit, found, &count, ei);
	}
	if (e != ERR_OK)
		goto out;
	first_rows(found, limit);
	json_array_extend(rows, found);
	if (total != NULL)
		*total = count;
out:
	json_decref(found);
	return e;
}

/* The overdue dossiers in the scope of p's bindings (of roles) that are
 * not at p's step, counted, the first limit as list items into items. */
static enum err
overdue_below(struct db *db, const struct principal *p, unsigned roles,
    int64_t limit, const char *lang, json_t *items, int64_t *total,
    struct errinfo *ei)
{
	struct dos_filter f = { .open_only = true, .overdue_only = true,
	    .roles = roles, .limit = DOS_LIST_MAX };
	json_t *list, *it;
	size_t i;
	enum err e;

	*total = 0;
	/* the overdue ones only, a filter of the database (few: a list of
	 * what went wrong), each tested against the procedure's grant */
	if ((e = dos_list(db, p, &f, lang, &list, ei)) != ERR_OK)
		return e;
	json_array_foreach(json_object_get(list, "items"), i, it) {
		const struct wf_procedure *proc;
		const char *state = jval_str(json_object_get(it, "state"), "id");
		json_t *u = json_object_get(it, "unit");
		struct errinfo skip;
		bool mine = false;

		if (wf_load(db, jval_str(it, "procedure_id"), (int)jval_int(it,
		    "procedure_version", 0), &proc, &skip) == ERR_OK)
			for (size_t k = 0; k < proc->ntransitions && !mine; k++) {
				const struct wf_transition *t =
				    &proc->transitions[k];
				const struct role_binding *b;

				mine = wf_transition_from(t, state) &&
				    (b = wf_may(db, p, t, jval_str(u, "structure"),
				    jval_str(u, "code"))) != NULL &&
				    (roles & ROLE_BIT(b->role));
			}
		if (mine)
			continue;
		if (++*total <= limit)
			json_array_append(items, it);
	}
	json_decref(list);
	return ERR_OK;
}

enum err
dos_inbox(struct db *db, const struct principal *p, unsigned roles,
    int64_t limit, const char *lang, json_t **out, struct errinfo *ei)
{
	json_t *rows = json_array(), *mine = json_array(), *late = json_array();
	json_t *r;
	int64_t nmine = 0, nlate = 0;
	size_t i;
	enum err e;

	*out = NULL;
	if ((e = dos_at_step_rows(db, p, roles, limit, rows, &nmine, ei)) !=
	    ERR_OK || (e = overdue_below(db, p, roles, limit, lang, late,
	    &nlate, ei)) != ERR_OK)
		goto out;
	json_array_foreach(rows, i, r) {
		json_t *item = dos_list_item(db, r, lang);

		if (item != NULL)
			json_array_append_new(mine, item);
	}
	*out = json_pack("{s:{s:O, s:I}, s:{s:O, s:I}}",
	    "at_step", "items", mine, "total", (json_int_t)nmine,
	    "overdue_below", "items", late, "total", (json_int_t)nlate);
out:
	json_decref(rows);
	json_decref(mine);
	json_decref(late);
	return e;
}
