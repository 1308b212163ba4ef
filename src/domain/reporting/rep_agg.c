/*
 * rep_agg.c - aggregation: the values of many units as the value of the
 * unit above them, the pre-2025 units' values carried into the 2025 units
 * through the lineage, and the values of several periods as the value of
 * the longer period that holds them.
 *
 * Across units an aggregate is kept as running sums (struct rep_acc: a
 * numerator, a denominator and a count per slot), never as a finished
 * figure: a sum and a weighted average are both sum(w * x) / sum(w) with
 * w = 1 for a sum's denominator, so a contribution can be added, taken
 * back (share -s) and merged from child scopes, and a store can keep a
 * province's and the nation's aggregates up to date on every write with
 * a few additions instead of rebuilding them (docs/REPORTING.md).
 * Figures computed by a formula are recomputed from the aggregated
 * inputs (the share of capital disbursed of a province is its disbursed
 * over its allocated capital, not the mean of its communes' shares).
 */
#include <math.h>
#include <string.h>

#include "domain/reporting/rep_internal.h"

struct rep_acc *
rep_acc_new(const struct rep_form *f, struct arena *a)
{
	return arena_alloc(a, (f->n_slots + 1) * sizeof(struct rep_acc));
}

/* The slot holding the weight of slot (of element el, category c) in
 * one unit's values: the weighting element's same category when it is
 * broken down by the same categories, else its total. */
static size_t
weight_slot(const struct rep_form *f, const struct rep_element *el, long c)
{
	const struct rep_element *w = &f->elements[el->weight];

	if (c >= 0 && w->breakdown == el->breakdown)
		return w->slot + 1 + (size_t)c;
	return w->slot;
}

void
rep_acc_add(const struct rep_form *f, struct rep_acc *acc,
    const struct rep_value *vals, double share)
{
	size_t i, k;
	long sign = share > 0 ? 1 : share < 0 ? -1 : 0;

	for (i = 0; i < f->n_elements; i++) {
		const struct rep_element *el = &f->elements[i];

		if (el->agg != REP_AGG_SUM && el->agg != REP_AGG_AVERAGE)
			continue;
		for (k = 0; k < el->n_slots; k++) {
			const struct rep_value *v = &vals[el->slot + k];
			struct rep_acc *ac = &acc[el->slot + k];
			double w = share;

			if (!v->present)
				continue;
			if (el->agg == REP_AGG_AVERAGE && el->weight >= 0) {
				size_t ws = weight_slot(f, el, (long)k - 1);

				if (!vals[ws].present)
					continue;
				w = share * vals[ws].num;
			}
			if (el->agg == REP_AGG_SUM) {
				ac->num += share * v->num;
				ac->den += share;
			} else {
				ac->num += w * v->num;
				ac->den += w;
			}
			ac->n += sign;
		}
	}
}

void
rep_acc_merge(const struct rep_form *f, struct rep_acc *a,
    const struct rep_acc *b)
{
	for (size_t i = 0; i < f->n_slots; i++) {
		a[i].num += b[i].num;
		a[i].den += b[i].den;
		a[i].n += b[i].n;
	}
}

void
rep_acc_values(const struct rep_form *f, const struct rep_acc *acc,
    struct rep_value *vals)
{
	size_t i, k;

	memset(vals, 0, f->n_slots * sizeof(*vals));
	for (i = 0; i < f->n_elements; i++) {
		const struct rep_element *el = &f->elements[i];

		if (el->agg != REP_AGG_SUM && el->agg != REP_AGG_AVERAGE)
			continue;
		for (k = 0; k < el->n_slots; k++) {
			const struct rep_acc *ac = &acc[el->slot + k];
			struct rep_value *v = &vals[el->slot + k];

			if (ac->n <= 0)
				continue;
			v->aggregated = true;
			if (el->agg == REP_AGG_SUM) {
				v->present = true;
				v->num = el->kind == REP_MONEY ?
				    round(ac->num) : ac->num;
			} else if (ac->den > 0) {
				v->present = true;
				v->num = ac->num / ac->den;
			}
		}
	}
	rep_values_compute(f, vals);
	for (i = 0; i < f->n_elements; i++) {
		const struct rep_element *el = &f->elements[i];

		if (el->agg == REP_AGG_NONE)
			for (k = 0; k < el->n_slots; k++)
				memset(&vals[el->slot + k], 0, sizeof(*vals));
		else
			for (k = 0; k < el->n_slots; k++)
				vals[el->slot + k].aggregated = true;
	}
}

enum err
rep_lineage_shares(const struct unit_link *succ, size_t n,
    const double *known, double *shares, struct errinfo *ei)
{
	double given = 0, rest;
	size_t i, unknown = 0, last = 0;

	if (n == 0)
		return err_set(ei, ERR_INVALID, "reporting.bad_shares",
		    "lineage", "đơn vị không có đơn vị kế thừa nào",
		    "the unit has no successor");
	if (n == 1 && (succ == NULL || succ[0].relation == NULL ||
	    strcmp(succ[0].relation, "partial") != 0 || known == NULL ||
	    known[0] <= 0)) {
		shares[0] = 1;
		return ERR_OK;
	}
	for (i = 0; i < n; i++) {
		if (known != NULL && known[i] > 0 && isfinite(known[i]))
			given += known[i];
		else
			unknown++;
	}
	if (given > 1 + 1e-9 || (unknown == 0 && fabs(given - 1) > 1e-9))
		return err_set(ei, ERR_INVALID, "reporting.bad_shares",
		    "lineage", "tỷ lệ chia cộng lại bằng %.6g, phải bằng 1",
		    "the shares add up to %.6g, they must add up to 1",
		    given);
	rest = unknown > 0 ? (1 - given) / (double)unknown : 0;
	given = 0;
	for (i = 0; i < n; i++) {
		shares[i] = known != NULL && known[i] > 0 &&
		    isfinite(known[i]) ? known[i] : rest;
		given += shares[i];
		last = i;
	}
	/* The last part takes the rounding remainder: the parts of a
	 * split unit count exactly once in a scope that holds them all. */
	shares[last] += 1 - given;
	return ERR_OK;
}

void
rep_over_time(const struct rep_form *f, const struct rep_value *const *vals,
    size_t n, struct rep_value *out)
{
	size_t i, k, p;

	memset(out, 0, f->n_slots * sizeof(*out));
	for (i = 0; i < f->n_elements; i++) {
		const struct rep_element *el = &f->elements[i];

		switch (el->over_time) {
		case REP_TIME_LAST:
			/* The latest period with any value of the element,
			 * all its parts from that one period. */
			for (p = n; p-- > 0;) {
				bool any = false;

				if (vals[p] == NULL)
					continue;
				for (k = 0; k < el->n_slots; k++)
					any |= vals[p][el->slot + k].present;
				if (!any)
					continue;
				for (k = 0; k < el->n_slots; k++)
					out[el->slot + k] =
					    vals[p][el->slot + k];
				break;
			}
			break;
		case REP_TIME_SUM:
			for (p = 0; p < n; p++)
				for (k = 0; vals[p] != NULL &&
				    k < el->n_slots; k++)
					if (vals[p][el->slot + k].present) {
						out[el->slot + k].present =
						    true;
						out[el->slot + k].num +=
						    vals[p][el->slot + k].num;
					}
			break;
		default:
			break;
		}
	}
	rep_values_compute(f, out);
}
