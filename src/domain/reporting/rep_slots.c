/*
 * rep_slots.c - the slots of a form (one per element, plus one per
 * category of a broken-down element: see reporting.h), their names and
 * labels, and the list of problems every parser and validator of the
 * module fills.
 *
 * The index is the slot names sorted, searched by bisection: a form has
 * at most REP_ELEMENTS_MAX x (1 + REP_CATEGORIES_MAX) slots, and a lookup
 * is a few string comparisons.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/msg.h"
#include "domain/reporting/rep_internal.h"

struct slot_entry {
	const char *name;
	size_t slot;
};

struct rep_priv {
	struct slot_entry *by_name;	/* sorted by name */
	size_t *elem_of;		/* slot -> element index */
};

void
rep_problems_init(struct rep_problems *pr, struct arena *a, size_t cap)
{
	memset(pr, 0, sizeof(*pr));
	pr->cap = cap;
	pr->items = arena_alloc(a, (cap + 1) * sizeof(*pr->items));
}

void
rep_problem_add(struct rep_problems *pr, const struct errinfo *one)
{
	if (pr == NULL)
		return;
	if (pr->n < pr->cap)
		pr->items[pr->n++] = *one;
	else
		pr->more++;
}

json_t *
rep_problems_json(const struct rep_problems *pr)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < pr->n; i++) {
		const struct errinfo *e = &pr->items[i];

		json_array_append_new(arr, json_pack("{s:s, s:s?, s:s, s:s}",
		    "code", e->code, "field", e->field[0] ? e->field : NULL,
		    "message", e->message, "message_en", e->message_en));
	}
	return arr;
}

static int
by_name(const void *x, const void *y)
{
	return strcmp(((const struct slot_entry *)x)->name,
	    ((const struct slot_entry *)y)->name);
}

void
rep_slots_index(struct rep_form *f)
{
	struct rep_priv *pv = arena_alloc(f->arena, sizeof(*pv));
	size_t i, k, n = 0;

	pv->by_name = arena_alloc(f->arena, (f->n_slots + 1) *
	    sizeof(*pv->by_name));
	pv->elem_of = arena_alloc(f->arena, (f->n_slots + 1) *
	    sizeof(*pv->elem_of));
	for (i = 0; i < f->n_elements; i++) {
		const struct rep_element *el = &f->elements[i];

		for (k = 0; k < el->n_slots; k++) {
			pv->elem_of[el->slot + k] = i;
			pv->by_name[n].slot = el->slot + k;
			pv->by_name[n++].name = k == 0 ? el->id :
			    arena_printf(f->arena, "%s.%s", el->id,
			    el->breakdown->categories[k - 1].id);
		}
	}
	qsort(pv->by_name, n, sizeof(*pv->by_name), by_name);
	f->priv = pv;
}

long
rep_slot(const struct rep_form *f, const char *name)
{
	const struct rep_priv *pv = f->priv;
	struct slot_entry key = { name, 0 }, *hit;

	if (name == NULL || pv == NULL)
		return -1;
	hit = bsearch(&key, pv->by_name, f->n_slots, sizeof(key), by_name);
	return hit != NULL ? (long)hit->slot : -1;
}

const struct rep_element *
rep_slot_element(const struct rep_form *f, size_t slot, long *category)
{
	const struct rep_priv *pv = f->priv;
	const struct rep_element *el;

	if (slot >= f->n_slots)
		return NULL;
	el = &f->elements[pv->elem_of[slot]];
	if (category != NULL)
		*category = (long)(slot - el->slot) - 1;
	return el;
}

const char *
rep_slot_name(const struct rep_form *f, size_t slot, char *out, size_t size)
{
	long c;
	const struct rep_element *el = rep_slot_element(f, slot, &c);

	if (el == NULL)
		snprintf(out, size, "?");
	else if (c < 0)
		snprintf(out, size, "%s", el->id);
	else
		snprintf(out, size, "%s.%s", el->id,
		    el->breakdown->categories[c].id);
	return out;
}

const char *
rep_slot_label(const struct rep_form *f, size_t slot, const char *lang,
    struct arena *a)
{
	long c;
	const struct rep_element *el = rep_slot_element(f, slot, &c);
	const char *name;

	if (el == NULL)
		return "?";
	name = msg_pick(lang, el->name, el->name_en);
	if (c < 0)
		return name;
	return arena_printf(a, "%s — %s", name, msg_pick(lang,
	    el->breakdown->categories[c].name,
	    el->breakdown->categories[c].name_en));
}
