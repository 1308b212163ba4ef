/*
 * formula.h - the expression engine of the criteria module, shared with
 * every module whose rules are data (report forms: computed elements and
 * validation rules).  A formula ("100 * [hh_clean] / [hh_total]") is
 * compiled once into a short program in reverse Polish order over numbered
 * slots; evaluation runs it with a fixed-size stack, so no text is
 * interpreted at evaluation time and a hostile document can make it
 * neither recurse nor allocate.  Grammar and limits: criteria_formula.c.
 *
 * The caller says what a reference [id] may name through struct
 * crit_formula_refs: its resolver maps an id to a slot, and the words and
 * error-code prefix of the refusals are the caller's ("criteria.",
 * "reporting."), so each module's messages speak of its own things.
 *
 * Ownership: a compiled formula lives in the arena given to the compiler.
 */
#ifndef NTM_DOMAIN_CRITERIA_FORMULA_H
#define NTM_DOMAIN_CRITERIA_FORMULA_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/criteria/criteria.h"

/* Ops of a compiled formula, in reverse Polish order. */
enum crit_fop { CRIT_FOP_NUM, CRIT_FOP_SLOT, CRIT_FOP_ADD, CRIT_FOP_SUB,
	CRIT_FOP_MUL, CRIT_FOP_DIV, CRIT_FOP_NEG };

struct crit_fop_ins {
	enum crit_fop op;
	double num;		/* CRIT_FOP_NUM */
	long slot;		/* CRIT_FOP_SLOT */
};

/* The deepest evaluation stack a formula may need. */
#define CRIT_FORMULA_STACK	64

struct crit_formula {
	const struct crit_fop_ins *ins;
	size_t n_ins;
	const long *refs;	/* distinct slots, in order of first use */
	size_t n_refs;
};

/* What references may name, and how refusals speak of it. */
struct crit_formula_refs {
	const char *module;	/* error codes' prefix: "criteria" */
	/* What an unknown reference is not ("chỉ tiêu hay đầu vào",
	 * "indicator or input") and what a reference of the wrong type is
	 * ("chỉ tiêu", "indicator"). */
	const char *unknown_vi, *unknown_en;
	const char *thing_vi, *thing_en;
	/* The slot of id (>= 0); -1 when nothing has this id; -2 when it
	 * names something that is not a number, *type_name (a static) saying
	 * what it is ("boolean"). */
	long (*resolve)(const void *ctx, const char *id,
	    const char **type_name);
	const void *ctx;
};

/*
 * Compile text (the formula at field, a JSON path used in errors) with the
 * references r resolves.  Errors (ERR_INVALID, codes "<module>.*"):
 * bad_formula (syntax with its byte position, too deep, too complex),
 * unknown_reference, bad_reference.  Every message starts with field.
 */
enum err crit_formula_compile_refs(const struct crit_formula_refs *r,
    struct arena *a, const char *text, const char *field,
    struct crit_formula **out, struct errinfo *ei);

/*
 * Evaluate f over vals/have (one entry per slot).  Returns CRIT_R_MET with
 * *out set, CRIT_R_INPUT_MISSING if a referenced slot has no value, or
 * CRIT_R_DIV_ZERO for a division by zero or a result that is not finite.
 */
enum crit_reason crit_formula_eval(const struct crit_formula *f,
    const double *vals, const bool *have, double *out);

/* The first referenced slot without a value, or -1. */
long crit_formula_missing(const struct crit_formula *f, const bool *have);

/* a == b within a relative 1e-9 (absolute near zero): boundaries hold
 * after floating-point arithmetic (0.1 * 3 <= 0.3). */
bool crit_near(double a, double b);

/* x op t with that tolerance (">=" holds when near; ">" does not). */
bool crit_compare(enum crit_op op, double x, double t);

#endif
