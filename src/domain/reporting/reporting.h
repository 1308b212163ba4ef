/*
 * reporting.h - planning and progress reporting: report forms as
 * versioned data (format "ntm-form/1", docs/REPORTING.md), the periods
 * they are filled for, the values a unit enters for a period and their
 * validation, and the aggregation of values upward (children into their
 * parent, pre-2025 units into the 2025 ones through the lineage, periods
 * into a longer period).  Pure: no database, no HTTP; the store
 * (rep_store.h) comes on top of it the way criteria_store.h comes on top
 * of criteria.h.
 *
 * A form is a list of data elements (number, money in whole VND,
 * percentage, text, yes/no), each optionally broken down by a category
 * (capital by source), with rules between elements written as comparisons
 * of formulas ("[capital_disbursed] <= [capital_allocated]"), compiled by
 * the criteria module's expression engine (domain/criteria/formula.h).
 *
 * Slots.  Every number a form holds has a slot: an element without a
 * breakdown has one; an element broken down by a category with n
 * categories has 1 + n: its total (the sum of its categories, never
 * entered) and then one per category.  A slot is named "<element>" or
 * "<element>.<category>"; formulas and rules reference slots by name
 * ([capital_plan] is the total, [capital_plan.central] one source), and
 * errors about a value name the field "values.<slot name>".
 *
 * Errors.  Every refusal is ERR_INVALID (ERR_MALFORMED for text that is
 * not JSON, not UTF-8 or too large) with a "reporting.*" code, the JSON
 * path (or value field) in errinfo.field, and a message in Vietnamese and
 * English that starts with it.  Parsing and validation do not stop at the
 * first fault: they collect every one (struct rep_problems), and also
 * return the first in ei, so a caller that shows one shows the first.
 *
 * Ownership: rep_form_parse returns a form the caller frees with
 * rep_form_free; every string in it lives as long as the form.  A form is
 * immutable after parsing and may be shared between threads.  Everything
 * else returned here lives in the arena the caller gives.
 */
#ifndef NTM_DOMAIN_REPORTING_H
#define NTM_DOMAIN_REPORTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/err.h"
#include "domain/criteria/criteria.h"
#include "domain/units/units.h"

#define REP_FORMAT		"ntm-form/1"
#define REP_DOC_MAX		(1024 * 1024)	/* bytes of a form document */
#define REP_ID_MAX		64	/* bytes of an id */
#define REP_TEXT_MAX		2000	/* bytes of a name, note, message */
#define REP_VALUE_TEXT_MAX	8000	/* most bytes a text element may allow */
#define REP_VALUE_TEXT_DEFAULT	2000	/* ... when it says nothing */
#define REP_ELEMENTS_MAX	500
#define REP_CATEGORIES_MAX	50	/* per breakdown */
#define REP_RULES_MAX		500
#define REP_DUE_DAYS_MAX	366
#define REP_MONEY_MAX		1e15	/* VND of one value (exact in a double) */
#define REP_NUMBER_MAX		1e15	/* magnitude of any entered number */
#define REP_YEAR_MIN		DATE_USER_MIN_YEAR
#define REP_YEAR_MAX		DATE_USER_MAX_YEAR
#define REP_PERIOD_TEXT		8	/* "2026-07", "2026Q3" and the NUL */

/* ---- every problem at once ---- */

/* The problems of one document or one set of values.  items live in the
 * arena given to rep_problems_init; past cap the rest are counted in
 * more (never dropped silently: a caller says "and N more"). */
struct rep_problems {
	struct errinfo *items;
	size_t n, cap, more;
};
void rep_problems_init(struct rep_problems *pr, struct arena *a, size_t cap);
/* The problems as [{code, field, message, message_en}] (new reference). */
json_t *rep_problems_json(const struct rep_problems *pr);

/* ---- periods ---- */

enum rep_period_type { REP_MONTH, REP_QUARTER, REP_HALF_YEAR, REP_YEAR,
	REP_PERIOD_TYPE__MAX };
/* "month", "quarter", "half_year", "year" */
extern const char *const rep_period_type_names[REP_PERIOD_TYPE__MAX + 1];

/* A period: its type, year and index within the year (month 1-12,
 * quarter 1-4, half 1-2, year 1).  Written "2026-07", "2026Q3", "2026H1",
 * "2026" (docs/REPORTING.md). */
struct rep_period {
	enum rep_period_type type;
	int year, index;
};

/* Parse text (exactly one of the four forms, year REP_YEAR_MIN to
 * REP_YEAR_MAX): ERR_INVALID "reporting.bad_period" naming field. */
enum err rep_period_parse(const char *text, const char *field,
    struct rep_period *out, struct errinfo *ei);
/* p as text into out; returns out. */
const char *rep_period_format(const struct rep_period *p,
    char out[REP_PERIOD_TEXT]);
/* Periods per year of a type (12, 4, 2, 1). */
int rep_periods_per_year(enum rep_period_type t);
/* First and last day (core/date.h day numbers) of p. */
long rep_period_start(const struct rep_period *p);
long rep_period_end(const struct rep_period *p);
/* The period before p (2026-01 -> 2025-12); false before REP_YEAR_MIN. */
bool rep_period_prev(const struct rep_period *p, struct rep_period *out);
/* The next period; false after REP_YEAR_MAX. */
bool rep_period_next(const struct rep_period *p, struct rep_period *out);
/* Every period of type t in year, in order, into out (at most 12);
 * returns their number. */
int rep_periods_of_year(enum rep_period_type t, int year,
    struct rep_period out[12]);
/* The periods of type inner that make up outer, in order (2026Q3 of
 * months: 2026-07, 08, 09); 0 when inner is longer than outer. */
int rep_periods_within(const struct rep_period *outer,
    enum rep_period_type inner, struct rep_period out[12]);
/* Has p started on day today (today >= its first day)? */
bool rep_period_started(const struct rep_period *p, long today);
/* -1, 0, 1: p before, same as, after q (by first day, then end). */
int rep_period_cmp(const struct rep_period *p, const struct rep_period *q);

/* ---- forms ---- */

enum rep_kind { REP_NUMBER, REP_MONEY, REP_PERCENT, REP_TEXT, REP_YES_NO,
	REP_KIND__MAX };
/* "number", "money", "percent", "text", "yes_no" */
extern const char *const rep_kind_names[REP_KIND__MAX + 1];

/* How an element's values of several units make the value of the unit
 * above: summed, averaged (weighted by another element's value in each
 * unit, or by unit), recomputed from the aggregated inputs of its
 * formula, or not at all. */
enum rep_agg { REP_AGG_NONE, REP_AGG_SUM, REP_AGG_AVERAGE, REP_AGG_FORMULA,
	REP_AGG__MAX };
extern const char *const rep_agg_names[REP_AGG__MAX + 1];

/* How values of several periods make the value of the longer period that
 * holds them: the value of the latest period that has one (stocks and
 * "since the start of the year" figures), their sum (flows), or none. */
enum rep_over_time { REP_TIME_LAST, REP_TIME_SUM, REP_TIME_NONE,
	REP_TIME__MAX };
extern const char *const rep_over_time_names[REP_TIME__MAX + 1];

/* Figures the platform already knows, filled in by the store and marked
 * so, never entered. */
enum rep_auto { REP_AUTO_NONE, REP_AUTO_CRITERIA_UNITS_MET,
	REP_AUTO_CRITERIA_MET, REP_AUTO_SURVEY_SATISFACTION,
	REP_AUTO_TITLES_GRANTED, REP_AUTO__MAX };
/* "", "criteria.units_met", "criteria.criteria_met",
 * "surveys.satisfaction", "dossiers.titles_granted" */
extern const char *const rep_auto_names[REP_AUTO__MAX + 1];

struct rep_category {
	const char *id, *name, *name_en, *status, *note;
};

struct rep_breakdown {
	const char *id, *name, *name_en, *status, *source, *note;
	struct rep_category *categories;
	size_t n_categories;
};

struct rep_element {
	const char *id, *name, *name_en, *unit, *group, *status, *source,
	    *note;
	const char *unit_en, *group_en;	/* NULL: the Vietnamese shown */
	enum rep_kind kind;
	const struct rep_breakdown *breakdown;	/* NULL: none */
	bool integer;		/* number: whole numbers only (money always) */
	bool required;		/* needed to submit */
	bool has_min, has_max;	/* bounds of an entered value (see doc) */
	double min, max;
	size_t text_max;	/* text: bytes */
	enum rep_agg agg;
	long weight;		/* average: the weighting element, -1: by unit */
	enum rep_over_time over_time;
	enum rep_auto auto_source;
	const char *auto_set;	/* criteria.*: the criteria set id */
	const char *auto_title;	/* dossiers.titles_granted: NULL any */
	const char *plan_form;	/* "plan": the yearly form and element this */
	const char *plan_element; /* one is measured against; NULL: none */
	const char *formula;	/* NULL: entered (or auto) */
	const struct crit_formula *compiled;
	unsigned levels;	/* the levels that fill it (a subset of the
				 * form's); 0: every level of the form */
	size_t slot;		/* its first slot (the total if broken down) */
	size_t n_slots;		/* 1 + its categories */
};

struct rep_rule {
	const char *id, *check, *message, *message_en;
	enum crit_op op;	/* never CRIT_OP_NONE; "!=" is ne */
	bool ne;		/* the check is "!=" */
	bool blocking;		/* a violation refuses the values */
	const struct crit_formula *left, *right;
	long first_slot;	/* the first slot the rule names: its field */
};

struct rep_legal {
	const char *document, *date, *title, *status, *url, *note;
};

struct rep_form {
	const char *id, *title, *title_en, *status, *note, *profile;
	int version;
	enum rep_period_type period_type;
	unsigned levels;	/* bits (1 << enum unit_level) that fill it */
	const char *structure;	/* the units' structure: "2025" or "pre2025" */
	int year_from, year_to;
	int due_days;		/* after the period's last day ... */
	bool due_from_start;	/* ... or after its first ("due_from") */
	const char *workflow;	/* approval procedure id, NULL: the default */
	struct rep_legal *legal;
	size_t n_legal;
	struct rep_breakdown *breakdowns;
	size_t n_breakdowns;
	struct rep_element *elements;
	size_t n_elements;
	struct rep_rule *rules;
	size_t n_rules;
	size_t n_slots;
	const size_t *formula_order;	/* formula elements, inputs first */
	size_t n_formula_order;
	json_t *doc;		/* the validated document (owned; NFC) */
	struct arena *arena;	/* private */
	void *priv;		/* private: the slot index */
};

/* Parse and validate a document (text of len bytes).  On a fault: the
 * first in ei, every one in pr (may be NULL), *out NULL. */
enum err rep_form_parse(const char *text, size_t len, struct rep_form **out,
    struct rep_problems *pr, struct errinfo *ei);
/* The same from a parsed document (borrowed: the form keeps a copy). */
enum err rep_form_from_json(json_t *doc, struct rep_form **out,
    struct rep_problems *pr, struct errinfo *ei);
void rep_form_free(struct rep_form *f);

/* The slot named name ("capital_plan", "capital_plan.central"), or -1. */
long rep_slot(const struct rep_form *f, const char *name);
/* The element of slot and the category within it (-1: the total). */
const struct rep_element *rep_slot_element(const struct rep_form *f,
    size_t slot, long *category);
/* The slot's name into out (at most 2 * REP_ID_MAX + 2 bytes); returns
 * out. */
const char *rep_slot_name(const struct rep_form *f, size_t slot, char *out,
    size_t size);
/* An element as a message names it: its name in lang, and the category's
 * ("Vốn kế hoạch — Ngân sách trung ương"); in a. */
const char *rep_slot_label(const struct rep_form *f, size_t slot,
    const char *lang, struct arena *a);

/* Is period p one of the form's: its type, a year of the form?
 * ERR_INVALID "reporting.wrong_period" naming field otherwise. */
enum err rep_form_period_check(const struct rep_form *f,
    const struct rep_period *p, const char *field, struct errinfo *ei);
/* The day p's report is due: its last day + due_days (its first day +
 * due_days with "due_from": "start": a year's plan is due early in the
 * year it plans). */
long rep_form_due(const struct rep_form *f, const struct rep_period *p);
/* The first day the form's report for p may be written: p's first day;
 * for a plan (due counted from the start, "due_from": "start") the first
 * day of the period before, because the year's plan is drafted in the
 * year before it (the budget estimates are prepared then). */
long rep_form_period_opens(const struct rep_form *f,
    const struct rep_period *p);
/* Does a unit of this level fill the form?  And this element of it (an
 * element may be for some of the form's levels only: a commune says
 * whether it aims at a title, a province how many of its communes do)? */
bool rep_form_filled_by(const struct rep_form *f, const char *level);
bool rep_element_filled_by(const struct rep_form *f,
    const struct rep_element *el, const char *level);

/* ---- values ---- */

/* One slot's value.  num holds numbers, money, percentages and yes/no
 * (1 or 0); text a text element's. */
struct rep_value {
	bool present;
	bool derived;		/* computed: a formula or a breakdown total */
	bool automatic;		/* filled by the platform (auto) */
	bool aggregated;	/* an aggregate (a yes/no is then a count) */
	double num;
	const char *text;
};

/* n_slots empty values in a. */
struct rep_value *rep_values_new(const struct rep_form *f, struct arena *a);

/*
 * The values someone entered, from a JSON object {"<element>": value} -
 * a number, true/false, a string for a text element, an object
 * {"<category>": number} for a broken-down element, null to clear - into
 * vals (n_slots, from rep_values_new; slots not named keep their value).
 * Every fault is collected (field "values.<slot>"): unknown element or
 * category, wrong type, a number that is not whole where it must be,
 * outside the element's bounds (negative where none is possible), text too
 * long or not UTF-8, a value for a computed or automatic element, a value
 * for an element units of level (NULL: any) do not fill.
 * ERR_INVALID with the first in ei; vals then unspecified.
 */
enum err rep_values_from_json(const struct rep_form *f, const char *level,
    json_t *obj, struct arena *a, struct rep_value *vals,
    struct rep_problems *pr, struct errinfo *ei);
/* A value typed in a form field or a spreadsheet cell for one slot: ""
 * clears; numbers as "1234567", "91,5" or "91.5"; yes/no as có/không,
 * true/false, 1/0.  Faults as above, in ei. */
enum err rep_value_from_text(const struct rep_form *f, size_t slot,
    const char *text, struct arena *a, struct rep_value *out,
    struct errinfo *ei);
/* The value of a slot as JSON (null when absent); a broken-down element's
 * whole value with rep_values_json. */
json_t *rep_value_json(const struct rep_form *f, size_t slot,
    const struct rep_value *v);
/* All values as {"<element>": value | {"<category>": value}} (absent
 * ones left out; totals and computed values included). */
json_t *rep_values_json(const struct rep_form *f, const struct rep_value *vals);

/* Fill the derived slots: each broken-down element's total (the sum of
 * its categories present; absent when none is), then formula elements in
 * dependency order (absent when an input is, or on a division by zero). */
void rep_values_compute(const struct rep_form *f, struct rep_value *vals);

enum rep_rule_state { REP_RULE_OK, REP_RULE_VIOLATED, REP_RULE_SKIPPED };
extern const char *const rep_rule_state_names[];	/* "ok", ... */

struct rep_rule_result {
	enum rep_rule_state state;
	double left, right;	/* when not skipped */
};

/*
 * Validate computed values (rep_values_compute first): every rule is
 * checked (skipped when a value it needs is absent: a draft may be
 * incomplete), and with for_submit every required element that units
 * of level (NULL: any) fill must be present.  results (n_rules, may be NULL) gets each rule's outcome.
 * A violated blocking rule (field "values.<its first slot>", code
 * "reporting.rule_violated", the rule's own message after the slot's
 * label) and a missing required element ("reporting.required") go to
 * problems and make the result ERR_INVALID (first in ei); a violated
 * rule that does not block goes to warnings (may be NULL) only.
 */
enum err rep_validate(const struct rep_form *f, const char *level,
    const struct rep_value *vals, bool for_submit, struct arena *a, struct rep_rule_result *results,
    struct rep_problems *problems, struct rep_problems *warnings,
    struct errinfo *ei);

/* ---- aggregation ---- */

/* The running aggregate of one slot over units: for a sum, num is the
 * sum (den the weight of the units counted); for an average, num is
 * sum(weight * value) and den sum(weight); n counts contributions (a
 * unit split by the lineage counts once in each part).  Adding and then
 * removing the same contribution (share -s) returns it where it was, so a
 * store can keep aggregates up to date on every write. */
struct rep_acc {
	double num, den;
	long n;
};

/* n_slots zeroed accumulators in a. */
struct rep_acc *rep_acc_new(const struct rep_form *f, struct arena *a);
/*
 * Add one unit's values (computed) into acc with share s: 1 for a unit
 * wholly inside the aggregate, its lineage share for a part of a split
 * pre-2025 unit (rep_lineage_shares), -s to take back an earlier
 * contribution.  Sums add s * value; averages add s * weight * value
 * over s * weight (weight 1 when the element has none; a unit without
 * the weight value adds nothing to that element); NONE, FORMULA and
 * text slots are not accumulated.
 */
void rep_acc_add(const struct rep_form *f, struct rep_acc *acc,
    const struct rep_value *vals, double share);
/* Merge acc b into a (a child scope into its parent). */
void rep_acc_merge(const struct rep_form *f, struct rep_acc *a,
    const struct rep_acc *b);
/* The aggregate values: sums (money rounded to whole VND, yes/no a count
 * of units answering yes), averages, then formula elements recomputed
 * from the aggregated values and breakdown totals; absent where no unit
 * contributed.  vals from rep_values_new. */
void rep_acc_values(const struct rep_form *f, const struct rep_acc *acc,
    struct rep_value *vals);

/*
 * The shares in which a pre-2025 unit's figures go into the 2025 units
 * its area went into (its successors, units_successors): one "full"
 * successor takes all (1); a unit split in parts ("partial") among k
 * successors gives each the share named in known (the same order; NULL
 * or a value <= 0: not known), and the rest equally to the others - the
 * mapping holds no area or population, so without known shares the split
 * is 1/k each.  The shares add up to exactly 1 (the last takes the
 * remainder).  ERR_INVALID "reporting.bad_shares" when known shares add
 * up to more than 1 or n is 0.
 */
enum err rep_lineage_shares(const struct unit_link *succ, size_t n,
    const double *known, double *shares, struct errinfo *ei);

/* The values of several periods (vals[i] for periods in order, NULL for
 * a period without a report) as the longer period's values, element by
 * element by its over_time (LAST: the latest present; SUM: the sum of the
 * present ones; NONE: absent), derived slots recomputed.  out from
 * rep_values_new. */
void rep_over_time(const struct rep_form *f,
    const struct rep_value *const *vals, size_t n, struct rep_value *out);

#endif
