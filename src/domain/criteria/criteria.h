/*
 * criteria.h - criteria sets as data (format "ntm-criteria/1", see
 * ../shared/design/CRITERIA-FORMAT.md and docs/CRITERIA.md) and their
 * evaluation.  Pure: no database, no HTTP.  The store (criteria_store.h)
 * keeps documents, values and results; this engine only parses, validates
 * and evaluates.
 *
 * Extensions to the shared format, all optional:
 *   set:        "name_en", "status", "source", "profile" ("demo" marks a
 *               version whose thresholds are illustrative, not law),
 *               "inputs": [{"id","name","unit"}] named formula inputs,
 *               "groups" are free text on criteria ("group").
 *   criterion:  "name_en", "group", "status", "source", "note".
 *   indicator:  "name_en", "status", "source", "note", "min", "max",
 *               "delegated_to": "province", "formula" (references written
 *               [id], e.g. "100 * [hh_clean] / [hh_total]"),
 *               children_share: "of_set", "status" is the wanted child
 *               status ("met") - so its wording status goes in
 *               "wording_status" for that type only.
 *   threshold:  "status" ("verified", "recalled", "demo", "proposal" - a
 *               methodological proposal of the platform, e.g. the readiness
 *               index's, never law ...), "source",
 *               "note" (e.g. the recalled number a coordinator must check).
 *   Scoring (issue 19; a set of kind dx_readiness, or any set that wants an
 *   index besides met / not met):
 *   set:        "scoring": {"method": "weighted", "total": 100 (optional: the
 *               weights must add up to it, else criteria.bad_weights naming
 *               "scoring.total"), "levels": [{"id", "name", "name_en",
 *               "min"}...] (at least one; ascending "min", the first 0, none
 *               above the sum of the weights: criteria.bad_levels; ids
 *               unique), "source", "status", "note"}.
 *   indicator:  "weight" (a number >= 0; required on every indicator of a
 *               set with "scoring", refused without it), "observed": the
 *               name of a platform source (crit_observed_names), on a number
 *               or boolean without "formula" - the value is computed by the
 *               platform, never entered: crit_value_from_json/_text refuse
 *               it (even null) with criteria.observed naming "values.<id>",
 *               as they refuse a formula's with criteria.derived; the store
 *               passes measured values to crit_evaluate directly.
 *   applies_to: "province": a province code, two digits ("01") - the set is
 *               that province's own (smart_village, ntm_commune_modern);
 *               only its units use it (the store checks; the format checks
 *               the code's shape only).
 *   set:        "template": true marks a starting set a province copies
 *               (never evaluated itself), "derived_from": the template id a
 *               province's set was copied from.
 *
 * Validation errors are ERR_INVALID (ERR_MALFORMED for text that is not
 * JSON) with errinfo.field = the JSON path of the problem, e.g.
 * "criteria[2].indicators[0].thresholds[1].variant", and a code from
 * "criteria.*" (criteria.duplicate_id, criteria.unknown_type,
 * criteria.unknown_variant, criteria.unknown_reference, criteria.cycle, ...);
 * the message, in both languages, starts with the path.
 *
 * Ownership: crit_set_parse returns a set the caller frees with
 * crit_set_free; every string in it lives as long as the set.  A set is
 * immutable after parsing and may be shared between threads.
 */
#ifndef NTM_DOMAIN_CRITERIA_H
#define NTM_DOMAIN_CRITERIA_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

struct buf;

#include "core/arena.h"
#include "core/err.h"

#define CRIT_FORMAT		"ntm-criteria/1"
#define CRIT_DOC_MAX		(4 * 1024 * 1024)	/* bytes of a document */
#define CRIT_ID_MAX		64	/* bytes of a set, criterion or indicator id */
#define CRIT_LABEL_MAX		2100	/* an indicator as messages name it: id, name */
#define CRIT_TEXT_MAX		2000	/* bytes of a name or note */
#define CRIT_ENUM_TEXT_MAX	200	/* bytes of an enum value */

enum crit_type { CRIT_BOOLEAN, CRIT_NUMBER, CRIT_ENUM, CRIT_CHILDREN_SHARE };
enum crit_op { CRIT_OP_NONE, CRIT_GE, CRIT_GT, CRIT_LE, CRIT_LT, CRIT_EQ };
enum crit_variant_by { CRIT_BY_NONE, CRIT_BY_REGION7, CRIT_BY_COMMUNE_GROUP };

extern const char *const crit_type_names[];	/* "boolean", ... */
/* The kinds of set ("ntm_commune", ...) and the names of enum
 * crit_variant_by ("none", "region7", "commune_group"), NULL-terminated. */
extern const char *const crit_kind_names[];
extern const char *const crit_variant_by_names[];
extern const char *const crit_op_names[];	/* "", ">=", ">", "<=", "<", "==" */
extern const char *const crit_op_signs[];	/* as people read them: "≥" */

struct crit_threshold {
	const char *variant;	/* NULL: every variant */
	int from_year, to_year;	/* 0: unbounded on that side */
	bool configured;	/* false: "value": null, not configured yet */
	double value;
	const char *status, *source, *note;	/* may be NULL */
	int variant_no;		/* variant as a number (crit_variant_number);
				 * 0 with variant NULL */
};

struct crit_formula;	/* compiled formula, private to the engine */
struct crit_priv;	/* the set's private index, see criteria_internal.h */

struct crit_indicator {
	const char *id, *name, *name_en, *unit, *status, *source, *note;
	enum crit_type type;
	enum crit_op op;	/* number, children_share */
	struct crit_threshold *thresholds;
	size_t n_thresholds;
	const char **values, **passing;	/* enum */
	size_t n_values, n_passing;
	const char *of_set, *child_status;	/* children_share */
	const char *formula;	/* NULL: entered, not derived */
	struct crit_formula *compiled;
	bool delegated;		/* a province may fill or tighten it */
	bool percent;		/* unit "%" or children_share: 0..100 */
	bool has_min, has_max;
	double min, max;
	size_t criterion;	/* index into set->criteria */
	double weight;		/* points at full credit (sets with scoring) */
	const char *observed;	/* a crit_observed_names entry, or NULL */
};

/* A named input of formulas: entered like an indicator, never evaluated. */
struct crit_input {
	const char *id, *name, *unit;
};

struct crit_criterion {
	const char *id, *name, *name_en, *group, *status, *source, *note;
	int at_least;		/* 0: all indicators must be met */
	size_t first, n;	/* set->indicators[first .. first + n) */
};

/* A level of a scored set: reached when the score is >= min. */
struct crit_level {
	const char *id, *name, *name_en;
	double min;
};

/* The names of the sources an "observed" indicator may read, NULL-
 * terminated: what the platform measures itself (docs/DIGITAL.md):
 * "reports_on_time_share", "dossiers_on_time_share",
 * "ocop_producers_selling_share", "market_online_orders",
 * "survey_online_share", "smart_villages_met". */
extern const char *const crit_observed_names[];

struct crit_set {
	const char *id, *name, *name_en, *kind, *status, *source, *profile;
	int version;
	const char *structure, *level;	/* applies_to */
	const char **unit_classes;
	size_t n_unit_classes;
	int year_from, year_to;
	enum crit_variant_by variant_by;
	int at_least;		/* set pass rule; 0: all criteria */
	bool has_revocation;
	double fail_share_from, fail_share_below, fail_share_always;
	const char **key_criteria;
	size_t n_key_criteria;
	struct crit_criterion *criteria;
	size_t n_criteria;
	struct crit_indicator *indicators;	/* all, in document order */
	size_t n_indicators;
	struct crit_input *inputs;
	size_t n_inputs;
	/* Scoring (NULL levels / n_levels 0: the set is not scored). */
	bool scored;
	double score_total;	/* "scoring.total"; 0: not stated */
	struct crit_level *levels;	/* ascending min, levels[0].min == 0 */
	size_t n_levels;
	const char *province;	/* applies_to.province, or NULL: national */
	bool is_template;	/* "template": true */
	const char *derived_from;	/* the template's id, or NULL */
	json_t *doc;		/* the validated document (owned by the set) */
	struct arena *arena;	/* private */
	/* Added by the engine: private (id index for crit_slot, formula
	 * evaluation order).  NULL in a set not made by crit_set_parse. */
	struct crit_priv *priv;
};

enum err crit_set_parse(const char *text, size_t len, struct crit_set **out,
    struct errinfo *ei);
/* doc is borrowed (the set keeps its own reference). */
enum err crit_set_from_json(json_t *doc, struct crit_set **out,
    struct errinfo *ei);
void crit_set_free(struct crit_set *s);

/* Index of an indicator (0 .. n_indicators-1) or an input
 * (n_indicators .. n_indicators+n_inputs-1) by id; -1 if unknown. */
long crit_slot(const struct crit_set *s, const char *id);
size_t crit_slots(const struct crit_set *s);	/* n_indicators + n_inputs */
/* The slot of id into *slot, or ERR_INVALID "criteria.unknown_indicator"
 * naming "values.<id>" when s has no indicator or input id. */
enum err crit_slot_find(const struct crit_set *s, const char *id,
    size_t *slot, struct errinfo *ei);
/* The variant codes of a variant_by (NULL-terminated; none: empty). */
const char *const *crit_variant_codes(enum crit_variant_by by);
/* Whether variant is one of the set's variants (region7 codes TDMNPB, DBSH,
 * BTB, DHNTB, TN, DNB, DBSCL; commune groups "1", "2", "3"). */
bool crit_variant_valid(const struct crit_set *s, const char *variant);
/* Whether a provincial value tightens (or equals) the national one under
 * op (for ">=": value >= national). */
bool crit_tightens(enum crit_op op, double value, double national);

/* One entered value.  present false: none entered. */
struct crit_value {
	bool present;
	double num;		/* number, children_share, inputs */
	bool boolean;		/* boolean */
	const char *text;	/* enum */
};

/* A value for slot from JSON (true/false, a number, an enum string, null
 * for "clear").  Errors name the field "values.<id>": ERR_INVALID for a
 * wrong type, a percentage outside 0..100, outside min/max, an enum value
 * not listed, a value for a derived (formula) indicator.  Strings live in
 * a. */
enum err crit_value_from_json(const struct crit_set *s, size_t slot,
    json_t *v, struct arena *a, struct crit_value *out, struct errinfo *ei);
/* The same from a CSV cell or form field: "" clears; booleans accept
 * "true/false", "1/0", "có/không", "đạt/không đạt" (any case, NFC); numbers
 * accept "91.5" and "91,5". */
enum err crit_value_from_text(const struct crit_set *s, size_t slot,
    const char *text, struct arena *a, struct crit_value *out,
    struct errinfo *ei);
json_t *crit_value_json(const struct crit_set *s, size_t slot,
    const struct crit_value *v);	/* json null when not present */

/* A provincial threshold for a delegated indicator. */
struct crit_override {
	bool present;
	double value;
	const char *source;	/* its legal document */
};

struct crit_eval_input {
	const char *variant;	/* region7 code or commune group; NULL unknown */
	int year;
	const struct crit_value *values;	/* crit_slots(s) entries, or NULL */
	const struct crit_override *overrides;	/* n_indicators, or NULL */
	bool recognised;	/* the unit holds the title this set confers */
};

enum crit_reason {
	CRIT_R_MET,		/* met */
	CRIT_R_FAILED,		/* compared and not met */
	CRIT_R_NO_VALUE,	/* nothing entered */
	CRIT_R_NOT_CONFIGURED,	/* threshold null, or none matches */
	CRIT_R_NO_VARIANT,	/* the unit's group/region is not known */
	CRIT_R_INPUT_MISSING,	/* a formula input has no value */
	CRIT_R_DIV_ZERO,	/* a formula divided by zero */
};
extern const char *const crit_reason_names[];	/* "met", "failed", ... */

struct crit_ind_result {
	int met;		/* 1 met, 0 not met, -1 unknown */
	enum crit_reason reason;
	struct crit_value value;	/* used (computed for formulas) */
	bool has_threshold;
	double threshold;
	int trace;		/* threshold entry index; -1 none; -2 override */
	double gap;		/* failed number: how far short (> 0) */
};

struct crit_criterion_result {
	int met;		/* 1, 0, -1 */
	int n_met, n_failed, n_unknown;
};

enum crit_status { CRIT_MET, CRIT_NOT_MET, CRIT_INCOMPLETE };
extern const char *const crit_status_names[];	/* "met", "not_met", "incomplete" */

/* The score of a scored set (crit_score). */
struct crit_ind_score {
	double points;		/* earned, 0 .. weight */
	bool scored;		/* false: value or threshold unknown, 0 points */
};
struct crit_score {
	double score;		/* earned points, 0 .. sum of weights */
	double weight_total;	/* sum of the weights */
	double unscored;	/* weight of indicators that could not be scored */
	bool complete;		/* unscored == 0: more data cannot move it */
	int level;		/* index into set->levels reached; -1 none */
	int next_level;		/* the next one, -1 at the top */
	double to_next;		/* points still needed for it (> 0), 0 at top */
	struct crit_ind_score *indicators;	/* n_indicators */
	double *criterion_points, *criterion_weights;	/* n_criteria (pillars) */
};

struct crit_result {
	enum crit_status status;
	int criteria_met, criteria_failed, criteria_unknown, criteria_total;
	bool revocation_rule;	/* the set's revocation rule holds */
	bool revocation_flag;	/* ... and the unit is recognised */
	struct crit_criterion_result *criteria;	/* n_criteria */
	struct crit_ind_result *indicators;	/* n_indicators */
};

/* Evaluate: a pure function of its inputs.  Arrays of out live in a.
 * ERR_INVALID only for a year outside the set's years (field "year"). */
enum err crit_evaluate(const struct crit_set *s,
    const struct crit_eval_input *in, struct arena *a,
    struct crit_result *out, struct errinfo *ei);

/*
 * The score of an evaluated scored set (s->scored), a pure function of r:
 *   boolean, enum: the weight when met, else 0;
 *   number ">=" / ">": linear credit from "min" (default 0) to the
 *   threshold, the full weight when met; "<=" / "<": linear from "max" to
 *   the threshold when the indicator has a max, else all or nothing; "==":
 *   all or nothing;
 *   unknown (no value, no threshold): 0 points, counted in "unscored".
 * The level is the highest whose min <= score (scores compared with the
 * tolerance of thresholds).  Arrays live in a.  ERR_INVALID
 * "criteria.not_scored" (field "set") when the set has no scoring.
 * A strict target (">", "<") missed exactly at its threshold earns the
 * linear credit of the threshold itself, capped at the weight.
 */
enum err crit_score(const struct crit_set *s, const struct crit_result *r,
    struct arena *a, struct crit_score *out, struct errinfo *ei);

/* The score in the API shape: {"score", "total", "unscored", "complete",
 * "level": {id, name} | null, "next_level": {id, name, min} | null,
 * "to_next", "pillars": [{id, name, points, weight}], "lifts": [{id,
 * name, points, weight, gain, needs}] - the indicators that would add the
 * most points, gain descending (at most 5), "needs" the threshold that
 * gives the full weight: true, the passing answers, or the threshold}.
 * Lifts are scored indicators only (an unknown one is in "unscored").
 * Names in lang.  Scores are rounded to 0.1.  json null for a set that
 * is not scored. */
json_t *crit_score_json(const struct crit_set *s, const struct crit_result *r,
    const struct crit_score *sc, const char *lang);

/* The evaluation in the API shape (docs/API.md): status, criteria_met,
 * criteria_total, criteria[{id, name, met, indicators[{id, name, type,
 * unit, value, op, threshold, threshold_status, threshold_source, met,
 * reason, explanation, gap, trace, observed (only on an observed
 * indicator: its source)}]}], failed, unknown, revocation_rule,
 * revocation_flag, and for a scored set "score": crit_score_json.
 * lang ("vi" or "en") picks the names (name_en where
 * the set has one) and the explanations (the message table's crit_why_*). */
json_t *crit_result_json(const struct crit_set *s,
    const struct crit_eval_input *in, const struct crit_result *r,
    const char *lang);

/* x as people read it in lang (numfmt_num: up to 10 significant digits,
 * "12.345,5" in Vietnamese, "12,345.5" in English); into buf (40 bytes
 * hold any number), which is returned. */
const char *crit_number_text(char *buf, size_t size, double x,
    const char *lang);

/* A document from an annex-style CSV table: header
 * "criterion,indicator,name,type,unit,op,<variant>..." (one column per
 * variant; a cell is a number, empty for not configured, "Đạt" for a
 * boolean).  meta supplies id, version, name, kind, applies_to, years,
 * variant_by, legal_basis (borrowed).  Errors name the line ("line 7") and
 * column.  Returns a new reference. */
enum err crit_doc_from_csv(const char *csv, size_t len, json_t *meta,
    json_t **out, struct errinfo *ei);

/* The index of ind's threshold entry for (variant, year) by the
 * specificity rule of crit_evaluate; -1 if none matches. */
int crit_threshold_index(const struct crit_indicator *ind,
    const char *variant, int year);

/* ---- what the current set can evaluate (criteria_export.c) ---- */

/* True when criterion k of s can be evaluated with the set as it is: it
 * has indicators, and each is a boolean or an enum, or has at least one
 * national threshold entry with a value (a province's own thresholds are
 * not counted).  A criterion without indicators is one whose indicators
 * are not issued in this set yet. */
bool crit_criterion_evaluable(const struct crit_set *s, size_t k);
/* How many criteria of s are evaluable; how many have no indicator. */
size_t crit_criteria_evaluable(const struct crit_set *s);
size_t crit_criteria_pending(const struct crit_set *s);
/* The legal source to watch for what the set lacks, from its first
 * legal_basis entry: {document, annex?, date?, url?}; NULL when the set
 * names none.  A new reference. */
json_t *crit_watch_source(const struct crit_set *s);

/* ---- exports of the tables the pages show (criteria_export.c) ---- */

/* A table as a page shows it: "title" (text), "columns" [text...] and
 * "rows" [[cell...]...], a cell a string, a number or null (empty).
 * The CSV is UTF-8 with a byte order mark, CRLF, a header row of the
 * columns, the formula-injection guard on every text cell (core/csvw.h);
 * the XLSX one sheet with the title, the header and the rows (numbers as
 * numbers).  Both append to out; on an error out is as it was. */
enum err crit_table_csv(const json_t *table, struct buf *out,
    struct errinfo *ei);
enum err crit_table_xlsx(const json_t *table, struct buf *out,
    struct errinfo *ei);

/* Sort rows (an array of objects) by the value of key, ascending or
 * descending: numbers by value, texts by their folded form (core/text.h:
 * "Đà Nẵng" between "Cà Mau" and "Điện Biên" as people expect, not by
 * byte), ties by "code" then their order.  Rows without key go last. */
void crit_rows_sort(json_t *rows, const char *key, bool desc);

#endif
