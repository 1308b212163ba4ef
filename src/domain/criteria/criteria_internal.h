/*
 * criteria_internal.h - what the files of domain/criteria share, not for
 * callers: the id index of a parsed set, the compiled formulas and the
 * small numeric helpers both the parser and the evaluator need.
 *
 * Ownership: everything here lives in the set's arena (set->arena) and
 * goes with crit_set_free.
 */
#ifndef NTM_DOMAIN_CRITERIA_INTERNAL_H
#define NTM_DOMAIN_CRITERIA_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/criteria/criteria.h"
#include "domain/criteria/formula.h"

/* Relative tolerance of the boundary comparisons (95.0 >= 95 after float
 * arithmetic) and of the revocation shares. */
#define CRIT_EPS	1e-9

/* Most threshold entries one indicator may have (the ambiguity check is
 * quadratic; real sets have at most 7 variants x a few year ranges). */
#define CRIT_THRESHOLDS_MAX	500

/*
 * A string -> long map with open addressing, sized once (no growth): the
 * keys are strings owned by the set (or by a caller's document for the
 * parse-only criteria map), the map itself lives in an arena.
 */
struct crit_idmap {
	const char **keys;
	long *vals;
	size_t cap;		/* a power of two, more than twice the entries */
};

void crit_idmap_init(struct crit_idmap *m, struct arena *a, size_t n);
/* The value of key, or -1. */
long crit_idmap_get(const struct crit_idmap *m, const char *key);
/* Add key -> val; false (and nothing changed) if key was there already. */
bool crit_idmap_put(struct crit_idmap *m, const char *key, long val);

struct crit_priv {
	struct crit_idmap slots;	/* indicator and input ids -> slot */
	/* Indicators with a formula, each after every formula indicator it
	 * references (a topological order; cycles are refused at parse). */
	const size_t *order;
	size_t n_order;
};

/*
 * Compile text (the "formula" of the indicator at field, a JSON path used
 * in errors) against the slots of s, which must already be indexed
 * (s->priv->slots) with every indicator filled in.  References must name
 * a number or children_share indicator or an input.  Errors:
 * criteria.bad_formula (syntax, too deep), criteria.unknown_reference,
 * criteria.bad_reference (a boolean or enum indicator).
 */
enum err crit_formula_compile(const struct crit_set *s, struct arena *a,
    const char *text, const char *field, struct crit_formula **out,
    struct errinfo *ei);

/* A text in both languages (for messages built from parts). */
struct crit_words {
	const char *vi, *en;
};
/* What a variant of each variant_by is called in messages, with its codes
 * ("mã vùng (TDMNPB, …)", "region code (TDMNPB, …)"); indexed by enum
 * crit_variant_by. */
extern const struct crit_words crit_variant_words[];

/* A variant code as a small number (1-based position in its list: region
 * codes and commune groups are never mixed in one set), 0 if unknown:
 * threshold selection compares numbers, not strings. */
int crit_variant_number(const char *variant);

#endif
