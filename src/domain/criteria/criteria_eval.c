/*
 * criteria_eval.c - evaluating a parsed criteria set for one unit and one
 * year, turning the result into the API's JSON, and the entered values
 * (checked against their indicator before they are stored).
 *
 * Evaluation is a pure function of (set, variant, year, values, overrides,
 * recognised); docs/CRITERIA.md states the rules.  In short:
 *   1. formula indicators are computed first, in the order the parser
 *      recorded (every formula after those it references);
 *   2. each indicator is met (1), not met (0) or unknown (-1) with a
 *      reason; for numbers the threshold comes from a provincial override
 *      (delegated indicators only) or from the most specific threshold
 *      entry that matches the unit's variant and the year;
 *   3. each criterion, then the set, applies its pass rule (all, or at
 *      least N) over tri-state values: false as soon as the rule cannot
 *      be satisfied any more, true when it is, unknown otherwise;
 *   4. the revocation rule of 18/2022/QĐ-TTg looks at the share of failed
 *      criteria.
 * Threshold problems (no variant, not configured) take precedence over a
 * missing value as the reason of an unknown indicator: entering a value
 * would not decide it.
 *
 * Explanations are the message table's (crit_why_*, src/messages/
 * criteria.c) in the language asked for, with the numbers written as
 * people read them there (crit_number_text: a decimal comma in
 * Vietnamese); JSON numbers stay numbers.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/text.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "domain/criteria/criteria_internal.h"

/* The name tables end with NULL so the parser can search them. */
const char *const crit_type_names[] = {
	[CRIT_BOOLEAN] = "boolean", [CRIT_NUMBER] = "number",
	[CRIT_ENUM] = "enum", [CRIT_CHILDREN_SHARE] = "children_share", NULL
};
const char *const crit_op_names[] = {
	[CRIT_OP_NONE] = "", [CRIT_GE] = ">=", [CRIT_GT] = ">",
	[CRIT_LE] = "<=", [CRIT_LT] = "<", [CRIT_EQ] = "==", NULL
};
const char *const crit_reason_names[] = {
	[CRIT_R_MET] = "met", [CRIT_R_FAILED] = "failed",
	[CRIT_R_NO_VALUE] = "no_value",
	[CRIT_R_NOT_CONFIGURED] = "not_configured",
	[CRIT_R_NO_VARIANT] = "no_variant",
	[CRIT_R_INPUT_MISSING] = "input_missing",
	[CRIT_R_DIV_ZERO] = "div_zero", NULL
};
const char *const crit_status_names[] = {
	[CRIT_MET] = "met", [CRIT_NOT_MET] = "not_met",
	[CRIT_INCOMPLETE] = "incomplete", NULL
};

const char *const crit_op_signs[] = {
	[CRIT_OP_NONE] = "", [CRIT_GE] = "≥", [CRIT_GT] = ">",
	[CRIT_LE] = "≤", [CRIT_LT] = "<", [CRIT_EQ] = "="
};

static const char *const region7_codes[] = {
	"TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL", NULL
};
static const char *const group_codes[] = { "1", "2", "3", NULL };
static const char *const no_codes[] = { NULL };

const struct crit_words crit_variant_words[] = {
	[CRIT_BY_NONE] = { "nhóm/vùng", "group/region" },
	[CRIT_BY_REGION7] = {
		"mã vùng (TDMNPB, DBSH, BTB, DHNTB, TN, DNB, DBSCL)",
		"region code (TDMNPB, DBSH, BTB, DHNTB, TN, DNB, DBSCL)" },
	[CRIT_BY_COMMUNE_GROUP] = { "nhóm xã (1, 2, 3)",
		"commune group (1, 2, 3)" },
};

const char *const *
crit_variant_codes(enum crit_variant_by by)
{
	switch (by) {
	case CRIT_BY_REGION7:
		return region7_codes;
	case CRIT_BY_COMMUNE_GROUP:
		return group_codes;
	default:
		return no_codes;
	}
}

int
crit_variant_number(const char *variant)
{
	const char *const *lists[] = { region7_codes, group_codes };

	if (variant == NULL)
		return 0;
	for (size_t l = 0; l < 2; l++)
		for (int k = 0; lists[l][k] != NULL; k++)
			if (strcmp(lists[l][k], variant) == 0)
				return k + 1;
	return 0;
}

bool
crit_variant_valid(const struct crit_set *s, const char *variant)
{
	const char *const *c;

	if (variant == NULL)
		return false;
	for (c = crit_variant_codes(s->variant_by); *c != NULL; c++)
		if (strcmp(*c, variant) == 0)
			return true;
	return false;
}

bool
crit_near(double a, double b)
{
	double m = fmax(1.0, fmax(fabs(a), fabs(b)));

	return fabs(a - b) <= CRIT_EPS * m;
}

bool
crit_tightens(enum crit_op op, double value, double national)
{
	switch (op) {
	case CRIT_GE:
	case CRIT_GT:
		return value > national || crit_near(value, national);
	case CRIT_LE:
	case CRIT_LT:
		return value < national || crit_near(value, national);
	default:
		return crit_near(value, national);
	}
}

long
crit_slot(const struct crit_set *s, const char *id)
{
	size_t i;

	if (id == NULL)
		return -1;
	if (s->priv != NULL)
		return crit_idmap_get(&s->priv->slots, id);
	for (i = 0; i < s->n_indicators; i++)
		if (strcmp(s->indicators[i].id, id) == 0)
			return (long)i;
	for (i = 0; i < s->n_inputs; i++)
		if (strcmp(s->inputs[i].id, id) == 0)
			return (long)(s->n_indicators + i);
	return -1;
}

size_t
crit_slots(const struct crit_set *s)
{
	return s->n_indicators + s->n_inputs;
}

enum err
crit_slot_find(const struct crit_set *s, const char *id, size_t *slot,
    struct errinfo *ei)
{
	long k = crit_slot(s, id);
	char field[64];

	if (k < 0) {
		snprintf(field, sizeof(field), "values.%.50s", id);
		return err_set(ei, ERR_INVALID, "criteria.unknown_indicator",
		    field, "Bộ tiêu chí '%s' không có chỉ tiêu '%.64s'",
		    "The set '%s' has no indicator '%.64s'", s->id, id);
	}
	*slot = (size_t)k;
	return ERR_OK;
}

static const char *
slot_id(const struct crit_set *s, size_t slot)
{
	if (slot < s->n_indicators)
		return s->indicators[slot].id;
	return s->inputs[slot - s->n_indicators].id;
}

/* ---- entered values ---- */

/* What a message calls slot: the indicator as the pages show it
 * ("3.1 Tỷ lệ hộ dùng nước sạch"), an input by its name - never the
 * field path "values.3.1" (that is the error's field, for machines). */
static const char *
slot_label(const struct crit_set *s, size_t slot, char *buf, size_t size)
{
	if (slot < s->n_indicators)
		snprintf(buf, size, "%s %s", s->indicators[slot].id,
		    s->indicators[slot].name);
	else if (slot < crit_slots(s))
		snprintf(buf, size, "%s", s->inputs[slot - s->n_indicators].name);
	else
		snprintf(buf, size, "%zu", slot);
	return buf;
}


/* Range checks of a number for slot (finite; 0..100 for a percentage;
 * the indicator's min and max). */
static enum err
check_number(const struct crit_set *s, size_t slot, double x,
    const char *field, struct errinfo *ei)
{
	const struct crit_indicator *ind = NULL;
	char what[CRIT_LABEL_MAX];
	bool percent;

	slot_label(s, slot, what, sizeof(what));
	if (!isfinite(x))
		return err_set(ei, ERR_INVALID, "criteria.bad_value", field,
		    "%s: số không hữu hạn",
		    "%s: the number is not finite", what);
	if (slot < s->n_indicators) {
		ind = &s->indicators[slot];
		percent = ind->percent;
	} else {
		const char *u = s->inputs[slot - s->n_indicators].unit;

		percent = u != NULL && strcmp(u, "%") == 0;
	}
	if (percent && (x < 0 || x > 100))
		return err_set(ei, ERR_INVALID, "criteria.out_of_range", field,
		    "%s: tỷ lệ phần trăm phải trong khoảng 0–100",
		    "%s: a percentage must be within 0–100", what);
	if (ind != NULL && ind->has_min && x < ind->min)
		return err_set(ei, ERR_INVALID, "criteria.out_of_range", field,
		    "%s: nhỏ hơn giá trị tối thiểu %.10g",
		    "%s: less than the minimum %.10g", what, ind->min);
	if (ind != NULL && ind->has_max && x > ind->max)
		return err_set(ei, ERR_INVALID, "criteria.out_of_range", field,
		    "%s: lớn hơn giá trị tối đa %.10g",
		    "%s: greater than the maximum %.10g", what, ind->max);
	return ERR_OK;
}

/* The slot must exist and be neither derived nor observed; field gets
 * "values.<id>". */
static enum err
check_slot(const struct crit_set *s, size_t slot, char *field, size_t size,
    struct errinfo *ei)
{
	if (slot >= crit_slots(s)) {
		snprintf(field, size, "values");
		return err_set(ei, ERR_INVALID, "criteria.unknown_reference",
		    "values", "values: không có chỉ tiêu số %zu",
		    "values: there is no indicator number %zu", slot);
	}
	snprintf(field, size, "values.%s", slot_id(s, slot));
	if (slot < s->n_indicators && s->indicators[slot].formula != NULL)
		return err_set(ei, ERR_INVALID, "criteria.derived", field,
		    "%s: chỉ tiêu được tính theo công thức, không nhập trực "
		    "tiếp",
		    "%s: the indicator is computed by its formula, not "
		    "entered", slot_label(s, slot, (char[CRIT_LABEL_MAX]){ 0 },
		    CRIT_LABEL_MAX));
	if (slot < s->n_indicators && s->indicators[slot].observed != NULL)
		return err_set(ei, ERR_INVALID, "criteria.observed", field,
		    "%s: chỉ tiêu do nền tảng đo (%s), không nhập tay",
		    "%s: the indicator is measured by the platform (%s), not "
		    "entered", slot_label(s, slot, (char[CRIT_LABEL_MAX]){ 0 },
		    CRIT_LABEL_MAX), s->indicators[slot].observed);
	return ERR_OK;
}

/* The set's own spelling of an enum answer (exact, else the one answer
 * whose search fold matches), or NULL. */
static const char *
enum_match(const struct crit_indicator *ind, const char *text, size_t len)
{
	struct buf want, k;
	const char *found = NULL;
	size_t i, n = 0;

	for (i = 0; i < ind->n_values; i++)
		if (strlen(ind->values[i]) == len &&
		    memcmp(ind->values[i], text, len) == 0)
			return ind->values[i];
	buf_init(&want, 4 * CRIT_ENUM_TEXT_MAX);
	buf_init(&k, 4 * CRIT_ENUM_TEXT_MAX);
	if (text_fold(text, len, &want) == ERR_OK && want.len > 0) {
		for (i = 0; i < ind->n_values; i++) {
			buf_reset(&k);
			if (text_fold(ind->values[i], strlen(ind->values[i]),
			    &k) == ERR_OK &&
			    strcmp(buf_cstr(&k), buf_cstr(&want)) == 0) {
				found = ind->values[i];
				n++;
			}
		}
	}
	buf_free(&want);
	buf_free(&k);
	return n == 1 ? found : NULL;
}

enum err
crit_value_from_json(const struct crit_set *s, size_t slot, json_t *v,
    struct arena *a, struct crit_value *out, struct errinfo *ei)
{
	const struct crit_indicator *ind;
	char field[CRIT_ID_MAX + 16], what[CRIT_LABEL_MAX];
	const char *str, *canon;
	enum err e;

	memset(out, 0, sizeof(*out));
	if ((e = check_slot(s, slot, field, sizeof(field), ei)) != ERR_OK)
		return e;
	slot_label(s, slot, what, sizeof(what));
	if (v == NULL || json_is_null(v))
		return ERR_OK;
	ind = slot < s->n_indicators ? &s->indicators[slot] : NULL;
	if (ind != NULL && ind->type == CRIT_BOOLEAN) {
		if (!json_is_boolean(v))
			return err_set(ei, ERR_INVALID, "criteria.bad_value",
			    field, "%s: cần true hoặc false",
			    "%s: true or false is needed", what);
		out->boolean = json_is_true(v);
	} else if (ind != NULL && ind->type == CRIT_ENUM) {
		if (!json_is_string(v))
			return err_set(ei, ERR_INVALID, "criteria.bad_value",
			    field, "%s: cần một chuỗi",
			    "%s: a string is needed", what);
		str = json_string_value(v);
		if (json_string_length(v) > CRIT_ENUM_TEXT_MAX ||
		    (canon = enum_match(ind, str, json_string_length(v))) ==
		    NULL || strcmp(canon, str) != 0)
			return err_set(ei, ERR_INVALID, "criteria.unknown_value",
			    field, "%s: “%.*s” không có trong danh sách lựa "
			    "chọn", "%s: “%.*s” is not one of the choices",
			    what, 60, str);
		out->text = arena_strdup(a, canon);
	} else {
		if (!json_is_number(v))
			return err_set(ei, ERR_INVALID, "criteria.bad_value",
			    field, "%s: cần một số",
			    "%s: a number is needed", what);
		out->num = json_number_value(v);
		if ((e = check_number(s, slot, out->num, field, ei)) != ERR_OK)
			return e;
	}
	out->present = true;
	return ERR_OK;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * A decimal number written by a person: optional sign, digits, at most one
 * decimal separator ("." or ",") followed by digits, and when percent a
 * trailing "%" (spaces allowed before it).  No exponents, no thousands
 * separators, no hex, no inf/nan.
 */
static bool
parse_decimal(const char *t, size_t len, bool percent, double *out)
{
	if (percent && len > 0 && t[len - 1] == '%') {
		len--;
		while (len > 0 && is_space(t[len - 1]))
			len--;
	}
	return text_decimal(t, len, out);
}

/* Folded answers a boolean cell may hold. */
static const char *const yes_words[] = { "true", "1", "co", "dat", NULL };
static const char *const no_words[] = {
	"false", "0", "khong", "khong dat", "chua dat", NULL
};

enum err
crit_value_from_text(const struct crit_set *s, size_t slot, const char *text,
    struct arena *a, struct crit_value *out, struct errinfo *ei)
{
	const struct crit_indicator *ind;
	char field[CRIT_ID_MAX + 16], what[CRIT_LABEL_MAX];
	const char *canon;
	struct buf fold;
	size_t len, i;
	bool percent;
	enum err e;

	memset(out, 0, sizeof(*out));
	if ((e = check_slot(s, slot, field, sizeof(field), ei)) != ERR_OK)
		return e;
	slot_label(s, slot, what, sizeof(what));
	if (text == NULL)
		return ERR_OK;
	len = strlen(text);
	while (len > 0 && is_space(*text)) {
		text++;
		len--;
	}
	while (len > 0 && is_space(text[len - 1]))
		len--;
	if (len == 0)
		return ERR_OK;
	if (len > CRIT_TEXT_MAX || !text_utf8_valid(text, len))
		return err_set(ei, ERR_INVALID, "criteria.bad_value", field,
		    "%s: giá trị quá dài hoặc không phải UTF-8",
		    "%s: the value is too long or not UTF-8", what);
	ind = slot < s->n_indicators ? &s->indicators[slot] : NULL;
	if (ind != NULL && ind->type == CRIT_BOOLEAN) {
		buf_init(&fold, 64);
		e = text_fold(text, len, &fold);
		for (i = 0; e == ERR_OK && yes_words[i] != NULL; i++)
			if (strcmp(buf_cstr(&fold), yes_words[i]) == 0)
				out->present = out->boolean = true;
		for (i = 0; e == ERR_OK && no_words[i] != NULL; i++)
			if (strcmp(buf_cstr(&fold), no_words[i]) == 0)
				out->present = true;
		buf_free(&fold);
		if (!out->present)
			return err_set(ei, ERR_INVALID, "criteria.bad_value",
			    field, "%s: cần Có/Không hoặc Đạt/Không đạt",
			    "%s: Yes/No or Met/Not met is needed "
			    "(có/không, đạt/không đạt)", what);
		return ERR_OK;
	}
	if (ind != NULL && ind->type == CRIT_ENUM) {
		if (len > CRIT_ENUM_TEXT_MAX ||
		    (canon = enum_match(ind, text, len)) == NULL)
			return err_set(ei, ERR_INVALID, "criteria.unknown_value",
			    field, "%s: “%.*s” không có trong danh sách lựa "
			    "chọn", "%s: “%.*s” is not one of the choices",
			    what, (int)(len > 60 ? 60 : len), text);
		out->text = arena_strdup(a, canon);
		out->present = true;
		return ERR_OK;
	}
	if (ind != NULL)
		percent = ind->percent;
	else {
		const char *u = s->inputs[slot - s->n_indicators].unit;

		percent = u != NULL && strcmp(u, "%") == 0;
	}
	if (!parse_decimal(text, len, percent, &out->num))
		return err_set(ei, ERR_INVALID, "criteria.bad_number", field,
		    "%s: “%.*s” không phải một số (viết 91,5 hoặc 91.5)",
		    "%s: “%.*s” is not a number (write 91.5 or 91,5)", what,
		    (int)(len > 40 ? 40 : len), text);
	if ((e = check_number(s, slot, out->num, field, ei)) != ERR_OK)
		return e;
	out->present = true;
	return ERR_OK;
}

/* A number as JSON: an integer when it is one (95, not 95.0). */
static json_t *
num_json(double x)
{
	if (x == floor(x) && fabs(x) < 9007199254740992.0)
		return json_integer((json_int_t)x);
	return json_real(x);
}

json_t *
crit_value_json(const struct crit_set *s, size_t slot,
    const struct crit_value *v)
{
	const struct crit_indicator *ind;

	if (v == NULL || !v->present || slot >= crit_slots(s))
		return json_null();
	ind = slot < s->n_indicators ? &s->indicators[slot] : NULL;
	if (ind != NULL && ind->type == CRIT_BOOLEAN)
		return json_boolean(v->boolean);
	if (ind != NULL && ind->type == CRIT_ENUM)
		return v->text != NULL ? json_string(v->text) : json_null();
	return isfinite(v->num) ? num_json(v->num) : json_null();
}

/* ---- evaluation ---- */

/*
 * The threshold entry of ind for (variant, year): among the entries that
 * match (no variant or this one; year within its bounds), the most
 * specific - variant and years (4) > variant (3) > years (2) > neither
 * (1).  -1 if none; then *no_variant says whether that is because the
 * unit's variant is unknown while some entry names a variant.
 */
static int
select_threshold(const struct crit_indicator *ind, int vno, int year,
    bool *no_variant)
{
	int best = -1, best_spec = 0, spec;
	bool any_variant = false;
	size_t k;

	for (k = 0; k < ind->n_thresholds; k++) {
		const struct crit_threshold *t = &ind->thresholds[k];

		if (t->variant_no != 0) {
			any_variant = true;
			if (t->variant_no != vno)
				continue;
		}
		if ((t->from_year != 0 && year < t->from_year) ||
		    (t->to_year != 0 && year > t->to_year))
			continue;
		spec = 1 + (t->variant_no != 0 ? 2 : 0) +
		    (t->from_year != 0 || t->to_year != 0 ? 1 : 0);
		if (spec > best_spec) {
			best_spec = spec;
			best = (int)k;
		}
	}
	*no_variant = best < 0 && vno == 0 && any_variant;
	return best;
}

/* Compare x op t; on failure *gap is how far short (>= 0). */
static bool
compare(enum crit_op op, double x, double t, double *gap)
{
	bool near = crit_near(x, t), met;

	switch (op) {
	case CRIT_GE:
		met = x > t || near;
		*gap = t - x;
		break;
	case CRIT_GT:
		met = x > t && !near;
		*gap = t - x;
		break;
	case CRIT_LE:
		met = x < t || near;
		*gap = x - t;
		break;
	case CRIT_LT:
		met = x < t && !near;
		*gap = x - t;
		break;
	default:
		met = near;
		*gap = fabs(x - t);
		break;
	}
	if (met || near || *gap < 0)
		*gap = 0;
	return met;
}

/* Tri-state pass rule over counts: at_least 0 is "all of n". */
static int
rule(int at_least, int n, int n_met, int n_failed, int n_unknown)
{
	if (at_least <= 0) {
		if (n == 0)
			return -1;
		if (n_failed > 0)
			return 0;
		return n_unknown > 0 ? -1 : 1;
	}
	if (n_met >= at_least)
		return 1;
	if (n_met + n_unknown < at_least)
		return 0;
	return -1;
}

static void
eval_indicator(const struct crit_set *s, const struct crit_eval_input *in,
    size_t i, int vno, const double *vals, const bool *have,
    const enum crit_reason *why, struct crit_ind_result *r)
{
	const struct crit_indicator *ind = &s->indicators[i];
	const struct crit_value *v = in->values != NULL ? &in->values[i] : NULL;
	const struct crit_override *ov;
	bool no_variant;
	int k;

	r->trace = -1;
	r->met = -1;
	if (ind->type == CRIT_BOOLEAN || ind->type == CRIT_ENUM) {
		if (v == NULL || !v->present ||
		    (ind->type == CRIT_ENUM && v->text == NULL)) {
			r->reason = CRIT_R_NO_VALUE;
			return;
		}
		r->value = *v;
		if (ind->type == CRIT_BOOLEAN)
			r->met = v->boolean;
		else {
			r->met = 0;
			for (k = 0; (size_t)k < ind->n_passing; k++)
				if (strcmp(ind->passing[k], v->text) == 0)
					r->met = 1;
		}
		r->reason = r->met ? CRIT_R_MET : CRIT_R_FAILED;
		return;
	}

	if (have[i]) {
		r->value.present = true;
		r->value.num = vals[i];
	}
	ov = in->overrides != NULL && ind->delegated ? &in->overrides[i] : NULL;
	if (ov != NULL && ov->present && isfinite(ov->value)) {
		r->has_threshold = true;
		r->threshold = ov->value;
		r->trace = -2;
	} else if ((k = select_threshold(ind, vno, in->year,
	    &no_variant)) >= 0) {
		r->trace = k;
		if (ind->thresholds[k].configured) {
			r->has_threshold = true;
			r->threshold = ind->thresholds[k].value;
		}
	} else if (no_variant) {
		r->reason = CRIT_R_NO_VARIANT;
		return;
	}
	if (!r->has_threshold)
		r->reason = CRIT_R_NOT_CONFIGURED;
	else if (!have[i])
		r->reason = ind->compiled != NULL ? why[i] : CRIT_R_NO_VALUE;
	else {
		r->met = compare(ind->op, vals[i], r->threshold, &r->gap);
		r->reason = r->met ? CRIT_R_MET : CRIT_R_FAILED;
	}
}

enum err
crit_evaluate(const struct crit_set *s, const struct crit_eval_input *in,
    struct arena *a, struct crit_result *out, struct errinfo *ei)
{
	size_t n = crit_slots(s), i, j, k;
	const char *variant;
	int vno;
	enum crit_reason *why;
	double *vals, share, x;
	bool *have, key_failed = false;

	memset(out, 0, sizeof(*out));
	if (in->year < s->year_from || in->year > s->year_to)
		return err_set(ei, ERR_INVALID, "criteria.bad_year", "year",
		    "year: năm %d nằm ngoài phạm vi của bộ tiêu chí (%d–%d)",
		    "year: the year %d is outside the set's years (%d–%d)",
		    in->year, s->year_from, s->year_to);
	variant = s->variant_by != CRIT_BY_NONE &&
	    crit_variant_valid(s, in->variant) ? in->variant : NULL;
	vno = crit_variant_number(variant);

	/* Slot values: entered ones, then formulas in dependency order. */
	vals = arena_alloc(a, (n + 1) * sizeof(*vals));
	have = arena_alloc(a, (n + 1) * sizeof(*have));
	why = arena_alloc(a, (n + 1) * sizeof(*why));
	for (i = 0; i < n; i++) {
		const struct crit_value *v = in->values != NULL ?
		    &in->values[i] : NULL;

		if (i < s->n_indicators &&
		    (s->indicators[i].formula != NULL ||
		    s->indicators[i].type == CRIT_BOOLEAN ||
		    s->indicators[i].type == CRIT_ENUM)) {
			why[i] = CRIT_R_INPUT_MISSING;
			continue;
		}
		if (v != NULL && v->present && isfinite(v->num)) {
			vals[i] = v->num;
			have[i] = true;
		}
	}
	for (k = 0; s->priv != NULL && k < s->priv->n_order; k++) {
		i = s->priv->order[k];
		why[i] = crit_formula_eval(s->indicators[i].compiled, vals, have,
		    &x);
		if (why[i] == CRIT_R_MET) {
			vals[i] = x;
			have[i] = true;
		}
	}

	out->indicators = arena_alloc(a, (s->n_indicators + 1) *
	    sizeof(*out->indicators));
	out->criteria = arena_alloc(a, s->n_criteria * sizeof(*out->criteria));
	for (i = 0; i < s->n_indicators; i++)
		eval_indicator(s, in, i, vno, vals, have, why,
		    &out->indicators[i]);

	for (i = 0; i < s->n_criteria; i++) {
		const struct crit_criterion *c = &s->criteria[i];
		struct crit_criterion_result *cr = &out->criteria[i];

		for (j = c->first; j < c->first + c->n; j++) {
			int m = out->indicators[j].met;

			if (m > 0)
				cr->n_met++;
			else if (m == 0)
				cr->n_failed++;
			else
				cr->n_unknown++;
		}
		cr->met = rule(c->at_least, (int)c->n, cr->n_met, cr->n_failed,
		    cr->n_unknown);
		if (cr->met > 0)
			out->criteria_met++;
		else if (cr->met == 0) {
			out->criteria_failed++;
			for (k = 0; k < s->n_key_criteria; k++)
				if (strcmp(s->key_criteria[k], c->id) == 0)
					key_failed = true;
		} else
			out->criteria_unknown++;
	}
	out->criteria_total = (int)s->n_criteria;
	switch (rule(s->at_least, out->criteria_total, out->criteria_met,
	    out->criteria_failed, out->criteria_unknown)) {
	case 1:
		out->status = CRIT_MET;
		break;
	case 0:
		out->status = CRIT_NOT_MET;
		break;
	default:
		out->status = CRIT_INCOMPLETE;
		break;
	}
	if (s->has_revocation && out->criteria_total > 0) {
		share = (double)out->criteria_failed / out->criteria_total;
		out->revocation_rule =
		    share >= s->fail_share_always - CRIT_EPS ||
		    (key_failed && share >= s->fail_share_from - CRIT_EPS &&
		    share < s->fail_share_below - CRIT_EPS);
	}
	out->revocation_flag = out->revocation_rule && in->recognised;
	return ERR_OK;
}

/* ---- the result as JSON ---- */

/* The longest explanation: a unit (CRIT_TEXT_MAX), an enum answer
 * (CRIT_ENUM_TEXT_MAX), the passing list (EXPLAIN_LIST_MAX), three
 * numbers and the words around them fit with room to spare. */
#define EXPLAIN_MAX		(2 * CRIT_TEXT_MAX + 2 * EXPLAIN_LIST_MAX)
#define EXPLAIN_LIST_MAX	1024	/* bytes of the passing answers shown */

const char *
crit_number_text(char *buf, size_t size, double x, const char *lang)
{
	char n[NUMFMT_LEN];

	snprintf(buf, size, "%s", numfmt_num(n, x, lang));
	return buf;
}

/* Round to the 10 significant digits the explanation shows, so a gap of
 * 95 - 91.7 is 3.3 in JSON as in the text. */
static double
round10(double x)
{
	char buf[40];

	snprintf(buf, sizeof(buf), "%.10g", x);
	return strtod(buf, NULL);
}

/* Whether slot has a value in this evaluation. */
static bool
slot_has(const struct crit_set *s, const struct crit_eval_input *in,
    const struct crit_result *r, size_t slot)
{
	if (slot < s->n_indicators)
		return r->indicators[slot].value.present;
	return in->values != NULL && in->values[slot].present &&
	    isfinite(in->values[slot].num);
}

/* The message key that explains each reason an indicator is not compared
 * (the others are explained by what was compared). */
static const char *const reason_keys[] = {
	[CRIT_R_NO_VALUE] = "crit_why_no_value",
	[CRIT_R_NOT_CONFIGURED] = "crit_why_not_configured",
	[CRIT_R_NO_VARIANT] = "crit_why_no_variant",
	[CRIT_R_DIV_ZERO] = "crit_why_div_zero",
};

/* "Thiếu số liệu đầu vào của công thức: hh_total": the first input of
 * ind's formula without a value. */
static enum err
explain_missing_input(const struct crit_set *s,
    const struct crit_eval_input *in, const struct crit_result *res,
    const struct crit_indicator *ind, const char *lang, struct buf *b)
{
	const char *args[1];

	for (size_t k = 0; ind->compiled != NULL && k < ind->compiled->n_refs;
	    k++) {
		size_t slot = (size_t)ind->compiled->refs[k];

		if (!slot_has(s, in, res, slot)) {
			args[0] = slot_id(s, slot);
			return msg_format(b, lang, "crit_why_input_missing_id",
			    args, 1);
		}
	}
	return msg_format(b, lang, "crit_why_input_missing", NULL, 0);
}

/* "Chưa đạt: “C”; cần một trong: A, B" (or "Đạt: “A”"). */
static enum err
explain_enum(const struct crit_indicator *ind,
    const struct crit_ind_result *r, const char *lang, struct buf *b)
{
	const char *args[2] = { r->value.text, NULL };
	struct buf list;
	enum err e = ERR_OK;

	if (r->met)
		return msg_format(b, lang, "crit_why_enum_met", args, 1);
	/* The passing answers up to EXPLAIN_LIST_MAX bytes, then "…" (a set
	 * may list thousands); the buffer keeps room for the "…". */
	buf_init(&list, EXPLAIN_LIST_MAX + sizeof(", …"));
	for (size_t k = 0; k < ind->n_passing && e == ERR_OK; k++) {
		const char *sep = k > 0 ? ", " : "";

		if (list.len + strlen(sep) + strlen(ind->passing[k]) >
		    EXPLAIN_LIST_MAX) {
			e = buf_printf(&list, "%s…", sep);
			break;
		}
		e = buf_printf(&list, "%s%s", sep, ind->passing[k]);
	}
	args[1] = ind->n_passing > 0 ? buf_cstr(&list) :
	    msg_get(lang, "crit_why_none");
	if (e == ERR_OK)
		e = msg_format(b, lang, "crit_why_enum_failed", args, 2);
	buf_free(&list);
	return e;
}

/* "Cần ≥ 95 %, có 91,5: thiếu 3,5" and its met and provincial forms. */
static enum err
explain_number(const struct crit_indicator *ind,
    const struct crit_ind_result *r, const char *lang, struct buf *b)
{
	const char *unit = ind->unit, *key, *args[3];
	char t[40], x[40], g[40], need[40 + CRIT_TEXT_MAX + 16];
	struct buf inner;
	enum err e;

	if (unit == NULL && ind->type == CRIT_CHILDREN_SHARE)
		unit = "%";
	crit_number_text(t, sizeof(t), r->threshold, lang);
	snprintf(need, sizeof(need), "%s %s%s%s", crit_op_signs[ind->op], t,
	    unit != NULL ? " " : "", unit != NULL ? unit : "");
	args[0] = need;
	args[1] = crit_number_text(x, sizeof(x), r->value.num, lang);
	args[2] = crit_number_text(g, sizeof(g), r->gap, lang);
	if (r->met)
		key = "crit_why_number_met";
	else if (r->gap <= 0)
		key = "crit_why_number_failed";
	else if (ind->op == CRIT_GE || ind->op == CRIT_GT)
		key = "crit_why_number_short";
	else if (ind->op == CRIT_EQ)
		key = "crit_why_number_off";
	else
		key = "crit_why_number_over";
	if (r->trace != -2)
		return msg_format(b, lang, key, args, 3);
	/* A provincial threshold says so after the comparison. */
	buf_init(&inner, EXPLAIN_MAX);
	if ((e = msg_format(&inner, lang, key, args, 3)) == ERR_OK) {
		args[0] = buf_cstr(&inner);
		e = msg_format(b, lang, "crit_why_provincial", args, 1);
	}
	buf_free(&inner);
	return e;
}

/* The explanation of indicator i's result in lang, into b. */
static enum err
explain(const struct crit_set *s, const struct crit_eval_input *in,
    const struct crit_result *res, size_t i, const char *lang, struct buf *b)
{
	const struct crit_indicator *ind = &s->indicators[i];
	const struct crit_ind_result *r = &res->indicators[i];

	switch (r->reason) {
	case CRIT_R_NO_VALUE:
	case CRIT_R_NOT_CONFIGURED:
	case CRIT_R_NO_VARIANT:
	case CRIT_R_DIV_ZERO:
		return msg_format(b, lang, reason_keys[r->reason], NULL, 0);
	case CRIT_R_INPUT_MISSING:
		return explain_missing_input(s, in, res, ind, lang, b);
	default:
		break;
	}
	if (ind->type == CRIT_BOOLEAN)
		return msg_format(b, lang, r->met ? "crit_met" : "crit_failed",
		    NULL, 0);
	if (ind->type == CRIT_ENUM)
		return explain_enum(ind, r, lang, b);
	return explain_number(ind, r, lang, b);
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
met_json(int met)
{
	return met < 0 ? json_null() : json_boolean(met > 0);
}

static json_t *
indicator_json(const struct crit_set *s, const struct crit_eval_input *in,
    const struct crit_result *res, size_t i, const char *lang)
{
	const struct crit_indicator *ind = &s->indicators[i];
	const struct crit_ind_result *r = &res->indicators[i];
	const struct crit_threshold *t = NULL;
	const char *tstatus = NULL, *tsource = NULL;
	bool numeric = ind->type == CRIT_NUMBER ||
	    ind->type == CRIT_CHILDREN_SHARE;
	struct buf b;
	json_t *o = json_object();

	if (r->trace >= 0 && (size_t)r->trace < ind->n_thresholds) {
		t = &ind->thresholds[r->trace];
		tstatus = t->status;
		tsource = t->source;
	} else if (r->trace == -2) {
		tstatus = "province";
		tsource = in->overrides != NULL ? in->overrides[i].source : NULL;
	}
	buf_init(&b, EXPLAIN_MAX);
	/* EXPLAIN_MAX holds every explanation of a parsed set's indicator
	 * (its texts are bounded); only a caller's own over-long enum answer
	 * could pass it, and then the reason's name stands in. */
	if (explain(s, in, res, i, lang, &b) != ERR_OK) {
		buf_reset(&b);
		if (buf_puts(&b, crit_reason_names[r->reason]) != ERR_OK)
			buf_reset(&b);
	}
	json_object_set_new(o, "id", json_string(ind->id));
	json_object_set_new(o, "name", json_string(msg_pick(lang, ind->name,
	    ind->name_en)));
	json_object_set_new(o, "type", json_string(crit_type_names[ind->type]));
	json_object_set_new(o, "unit", str_or_null(ind->unit));
	json_object_set_new(o, "value", crit_value_json(s, i, &r->value));
	json_object_set_new(o, "op", numeric ?
	    json_string(crit_op_names[ind->op]) : json_null());
	json_object_set_new(o, "threshold", r->has_threshold ?
	    num_json(r->threshold) : json_null());
	json_object_set_new(o, "threshold_status", str_or_null(tstatus));
	json_object_set_new(o, "threshold_source", str_or_null(tsource));
	json_object_set_new(o, "met", met_json(r->met));
	json_object_set_new(o, "reason",
	    json_string(crit_reason_names[r->reason]));
	json_object_set_new(o, "explanation", json_string(buf_cstr(&b)));
	json_object_set_new(o, "gap", numeric && r->met == 0 ?
	    num_json(round10(r->gap)) : json_null());
	json_object_set_new(o, "trace", json_integer(r->trace));
	if (ind->observed != NULL)
		json_object_set_new(o, "observed", json_string(ind->observed));
	buf_free(&b);
	return o;
}

/* The score of a scored set's evaluation (crit_score_json). */
static json_t *
score_json(const struct crit_set *s, const struct crit_result *r,
    const char *lang)
{
	struct arena *a = arena_new(1024);
	struct crit_score sc;
	struct errinfo ei;
	json_t *o;

	memset(&ei, 0, sizeof(ei));
	o = crit_score(s, r, a, &sc, &ei) == ERR_OK ?
	    crit_score_json(s, r, &sc, lang) : json_null();
	arena_free(a);
	return o;
}

json_t *
crit_result_json(const struct crit_set *s, const struct crit_eval_input *in,
    const struct crit_result *r, const char *lang)
{
	json_t *o = json_object(), *crits = json_array();
	json_t *failed = json_array(), *unknown = json_array();
	size_t i, j;

	json_object_set_new(o, "set_id", json_string(s->id));
	json_object_set_new(o, "set_version", json_integer(s->version));
	json_object_set_new(o, "year", json_integer(in->year));
	json_object_set_new(o, "variant", str_or_null(in->variant));
	json_object_set_new(o, "status",
	    json_string(crit_status_names[r->status]));
	json_object_set_new(o, "criteria_met", json_integer(r->criteria_met));
	json_object_set_new(o, "criteria_total",
	    json_integer(r->criteria_total));
	for (i = 0; i < s->n_criteria; i++) {
		const struct crit_criterion *c = &s->criteria[i];
		json_t *co = json_object(), *inds = json_array();

		json_object_set_new(co, "id", json_string(c->id));
		json_object_set_new(co, "name", json_string(msg_pick(lang,
		    c->name, c->name_en)));
		json_object_set_new(co, "met", met_json(r->criteria[i].met));
		for (j = c->first; j < c->first + c->n; j++)
			json_array_append_new(inds,
			    indicator_json(s, in, r, j, lang));
		json_object_set_new(co, "indicators", inds);
		json_array_append_new(crits, co);
		if (r->criteria[i].met == 0)
			json_array_append_new(failed, json_string(c->id));
		else if (r->criteria[i].met < 0)
			json_array_append_new(unknown, json_string(c->id));
	}
	json_object_set_new(o, "criteria", crits);
	json_object_set_new(o, "failed", failed);
	json_object_set_new(o, "unknown", unknown);
	json_object_set_new(o, "revocation_rule",
	    json_boolean(r->revocation_rule));
	json_object_set_new(o, "revocation_flag",
	    json_boolean(r->revocation_flag));
	if (s->scored)
		json_object_set_new(o, "score", score_json(s, r, lang));
	return o;
}

int
crit_threshold_index(const struct crit_indicator *ind, const char *variant,
    int year)
{
	bool no_variant;

	return select_threshold(ind, crit_variant_number(variant), year,
	    &no_variant);
}
