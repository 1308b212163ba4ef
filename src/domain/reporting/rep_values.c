/*
 * rep_values.c - the values a unit enters for a period: reading them
 * (JSON, or text typed in a field or a spreadsheet cell), computing the
 * derived slots, and validating them against the form's bounds and rules.
 *
 * Every fault of a set of values is collected (rep_problems), each with
 * the field "values.<slot>" for machines and a message that names the
 * element as the page shows it - its name and, for a category, the
 * category's ("Vốn đã giải ngân — Ngân sách trung ương: …") - never the
 * path.  Rules are comparisons of two formulas compiled with the form
 * (rep_form.c) and checked with the criteria engine's tolerance
 * (crit_compare), so 0.1 + 0.2 == 0.3 holds.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "domain/criteria/formula.h"
#include "domain/reporting/rep_internal.h"

const char *const rep_rule_state_names[] = { "ok", "violated", "skipped",
	NULL };

struct rep_value *
rep_values_new(const struct rep_form *f, struct arena *a)
{
	return arena_alloc(a, (f->n_slots + 1) * sizeof(struct rep_value));
}

/* A slot's label in both languages. */
struct label {
	const char *vi, *en;
};

static struct label
label_of(const struct rep_form *f, size_t slot, struct arena *a)
{
	struct label l = { rep_slot_label(f, slot, "vi", a),
		rep_slot_label(f, slot, "en", a) };

	return l;
}

/* Fault on slot: "<label>: <what>" in each language. */
static enum err
value_fault(const struct rep_form *f, size_t slot, struct arena *a,
    struct errinfo *ei, const char *code, const char *vi, const char *en)
{
	char field[REP_PATH_LEN], name[REP_SLOT_NAME];
	struct label l = label_of(f, slot, a);

	snprintf(field, sizeof(field), "values.%s",
	    rep_slot_name(f, slot, name, sizeof(name)));
	return err_set(ei, ERR_INVALID, code, field, "%s%.0s: %s%.0s",
	    "%.0s%s: %.0s%s", l.vi, l.en, vi, en);
}

/* Is x whole? */
static bool
whole(double x)
{
	return floor(x) == x;
}

/* Check a number against slot's element: magnitude, whole, bounds. */
static enum err
check_number(const struct rep_form *f, size_t slot, double x,
    struct arena *a, struct errinfo *ei)
{
	const struct rep_element *el = rep_slot_element(f, slot, NULL);
	char vi[160], en[160], num[NUMFMT_LEN];

	if (!isfinite(x) || fabs(x) > (el->kind == REP_MONEY ? REP_MONEY_MAX :
	    REP_NUMBER_MAX))
		return value_fault(f, slot, a, ei, "reporting.out_of_range",
		    "số quá lớn (tối đa 10^15)",
		    "the number is too large (at most 10^15)");
	if (el->integer && !whole(x))
		return value_fault(f, slot, a, ei, "reporting.not_whole",
		    el->kind == REP_MONEY ? "số tiền phải là số nguyên đồng" :
		    "phải là số nguyên", el->kind == REP_MONEY ?
		    "money is written in whole đồng" :
		    "a whole number is needed");
	if (el->has_min && x < el->min) {
		if (el->min == 0)
			return value_fault(f, slot, a, ei, "reporting.negative",
			    "không thể là số âm", "cannot be negative");
		snprintf(vi, sizeof(vi), "phải từ %s trở lên",
		    numfmt_num(num, el->min, "vi"));
		snprintf(en, sizeof(en), "must be at least %s",
		    numfmt_num(num, el->min, "en"));
		return value_fault(f, slot, a, ei, "reporting.out_of_range",
		    vi, en);
	}
	if (el->has_max && x > el->max) {
		snprintf(vi, sizeof(vi), "không được quá %s",
		    numfmt_num(num, el->max, "vi"));
		snprintf(en, sizeof(en), "must be at most %s",
		    numfmt_num(num, el->max, "en"));
		return value_fault(f, slot, a, ei, "reporting.out_of_range",
		    vi, en);
	}
	return ERR_OK;
}

/* May slot be entered at all? */
static enum err
check_enterable(const struct rep_form *f, size_t slot, struct arena *a,
    struct errinfo *ei)
{
	long c;
	const struct rep_element *el = rep_slot_element(f, slot, &c);

	if (el->formula != NULL)
		return value_fault(f, slot, a, ei, "reporting.derived",
		    "được tính theo công thức, không nhập",
		    "is computed by its formula, not entered");
	if (el->auto_source != REP_AUTO_NONE)
		return value_fault(f, slot, a, ei, "reporting.derived",
		    "do nền tảng tự điền, không nhập",
		    "is filled in by the platform, not entered");
	if (el->breakdown != NULL && c < 0)
		return value_fault(f, slot, a, ei, "reporting.derived",
		    "tổng được cộng từ các nguồn: nhập từng nguồn",
		    "the total is the sum of its parts: enter each part");
	return ERR_OK;
}

/* One JSON value for one (enterable) slot. */
static enum err
slot_from_json(const struct rep_form *f, size_t slot, json_t *v,
    struct arena *a, struct rep_value *out, struct errinfo *ei)
{
	const struct rep_element *el = rep_slot_element(f, slot, NULL);
	struct rep_value r = { 0 };
	struct buf b;
	enum err e;

	if (v == NULL || json_is_null(v)) {
		*out = r;
		return ERR_OK;
	}
	switch (el->kind) {
	case REP_YES_NO:
		if (!json_is_boolean(v))
			return value_fault(f, slot, a, ei,
			    "reporting.bad_value", "cần có (true) hoặc không "
			    "(false)", "yes (true) or no (false) is needed");
		r.num = json_is_true(v);
		break;
	case REP_TEXT:
		if (!json_is_string(v))
			return value_fault(f, slot, a, ei,
			    "reporting.bad_value", "cần một đoạn văn bản",
			    "a text is needed");
		if (json_string_length(v) == 0)
			break;
		if (memchr(json_string_value(v), '\0',
		    json_string_length(v)) != NULL ||
		    json_string_length(v) > 4 * el->text_max)
			goto too_long;
		buf_init(&b, 4 * el->text_max + 16);
		if ((e = text_nfc(json_string_value(v), json_string_length(v),
		    &b)) != ERR_OK || b.len > el->text_max) {
			buf_free(&b);
			if (e == ERR_MALFORMED)
				return value_fault(f, slot, a, ei,
				    "reporting.bad_value",
				    "văn bản không phải UTF-8 hợp lệ",
				    "the text is not valid UTF-8");
			goto too_long;
		}
		r.text = arena_strndup(a, buf_cstr(&b), b.len);
		buf_free(&b);
		break;
	default:
		if (!json_is_number(v))
			return value_fault(f, slot, a, ei,
			    "reporting.bad_value", "cần một số",
			    "a number is needed");
		r.num = json_number_value(v);
		if ((e = check_number(f, slot, r.num, a, ei)) != ERR_OK)
			return e;
		break;
	}
	r.present = el->kind != REP_TEXT || r.text != NULL;
	*out = r;
	return ERR_OK;
too_long:
	{
		char vi[120], en[120];

		snprintf(vi, sizeof(vi), "văn bản dài quá %zu byte",
		    el->text_max);
		snprintf(en, sizeof(en), "the text is longer than %zu bytes",
		    el->text_max);
		return value_fault(f, slot, a, ei, "reporting.too_long", vi,
		    en);
	}
}

/* Note one fault; returns it for chaining. */
static void
note(struct rep_problems *pr, enum err *first, struct errinfo *ei,
    const struct errinfo *one)
{
	rep_problem_add(pr, one);
	if (*first == ERR_OK) {
		*first = one->err;
		if (ei != NULL)
			*ei = *one;
	}
}

static void
unknown(const struct rep_form *f, const char *name, struct rep_problems *pr,
    enum err *first, struct errinfo *ei)
{
	struct errinfo one;
	char field[REP_PATH_LEN];

	/* name is what was sent: cut at a character's boundary, so the
	 * field and the message stay UTF-8 */
	snprintf(field, sizeof(field), "values.%.*s",
	    (int)text_utf8_cut(name, 50), name);
	err_set(&one, ERR_INVALID, "reporting.unknown_element", field,
	    "Biểu mẫu “%.200s%.0s” không có chỉ tiêu “%.*s”",
	    "The form “%.0s%.200s” has no element “%.*s”", f->title,
	    msg_pick("en", f->title, f->title_en),
	    (int)text_utf8_cut(name, 64), name);
	note(pr, first, ei, &one);
}

/* A value for an element units of level do not fill. */
static void
not_for_level(const struct rep_form *f, size_t slot, const char *level,
    struct arena *a, struct rep_problems *pr, enum err *first,
    struct errinfo *ei)
{
	struct errinfo one;
	char vi[160], en[160], key[48];

	/* the level as people name it ("Xã, phường"), not its key */
	snprintf(key, sizeof(key), "level_%s", level);
	snprintf(vi, sizeof(vi), "không dành cho cấp %s", msg_get("vi", key));
	snprintf(en, sizeof(en), "is not filled in at the level %s",
	    msg_get("en", key));
	value_fault(f, slot, a, &one, "reporting.not_for_level", vi, en);
	note(pr, first, ei, &one);
}

enum err
rep_values_from_json(const struct rep_form *f, const char *level, json_t *obj,
    struct arena *a, struct rep_value *vals, struct rep_problems *pr,
    struct errinfo *ei)
{
	struct errinfo one;
	enum err first = ERR_OK;
	const char *key, *ck;
	json_t *v, *cv;
	long slot, cslot;

	if (!json_is_object(obj)) {
		err_set(&one, ERR_INVALID, "reporting.bad_value", "values",
		    "values: cần một đối tượng {mã chỉ tiêu: giá trị}",
		    "values: an object {element id: value} is expected");
		note(pr, &first, ei, &one);
		return first;
	}
	json_object_foreach(obj, key, v) {
		const struct rep_element *el;

		if ((slot = rep_slot(f, key)) < 0) {
			unknown(f, key, pr, &first, ei);
			continue;
		}
		el = rep_slot_element(f, (size_t)slot, NULL);
		if (!rep_element_filled_by(f, el, level)) {
			not_for_level(f, (size_t)slot, level, a, pr, &first, ei);
			continue;
		}
		if (el->breakdown == NULL || el->slot != (size_t)slot ||
		    !json_is_object(v)) {
			/* One slot: a plain element, or "elem.cat" named
			 * directly (the form of spreadsheets and CSV). */
			if (check_enterable(f, (size_t)slot, a, &one) !=
			    ERR_OK || slot_from_json(f, (size_t)slot, v, a,
			    &vals[slot], &one) != ERR_OK)
				note(pr, &first, ei, &one);
			continue;
		}
		json_object_foreach(v, ck, cv) {
			char name[REP_SLOT_NAME];

			snprintf(name, sizeof(name), "%s.%s", key, ck);
			if ((cslot = rep_slot(f, name)) < 0 ||
			    strchr(ck, '.') != NULL) {
				unknown(f, name, pr, &first, ei);
				continue;
			}
			if (slot_from_json(f, (size_t)cslot, cv, a,
			    &vals[cslot], &one) != ERR_OK)
				note(pr, &first, ei, &one);
		}
	}
	return first;
}

/* Money and whole numbers as people type them: digits, optionally in
 * groups of three separated by ".", "," or a space ("1.234.567",
 * "1 234 567"): a whole number has no decimals, so a separator before
 * exactly three digits can only group them.  false if t is not one. */
static bool
whole_text(const char *t, double *out)
{
	char sep = 0, digits_only[32];
	size_t n = 0, run = 0, i;
	bool neg = false, grouped = false;

	if (*t == '-') {
		neg = true;
		t++;
	}
	for (i = 0; t[i] != '\0'; i++) {
		char c = t[i];

		if (c >= '0' && c <= '9') {
			if (n >= sizeof(digits_only) - 1)
				return false;
			digits_only[n++] = c;
			run++;
			continue;
		}
		if (c != '.' && c != ',' && c != ' ')
			return false;
		if ((sep != 0 && c != sep) || run == 0 || run > 3 ||
		    (grouped && run != 3))
			return false;
		sep = c;
		grouped = true;
		run = 0;
	}
	if (n == 0 || (grouped && run != 3))
		return false;
	digits_only[n] = '\0';
	*out = strtod(digits_only, NULL);
	if (neg)
		*out = -*out;
	return true;
}

/* Yes or no typed in Vietnamese or English, any case, with or without
 * marks. */
static int
yes_no_text(const char *t)
{
	static const char *const yes[] = { "co", "true", "1", "yes", "x",
		NULL };
	static const char *const no[] = { "khong", "false", "0", "no", NULL };
	struct buf b;
	int r = -1;

	buf_init(&b, 64);
	if (text_fold(t, strlen(t), &b) == ERR_OK) {
		for (int i = 0; yes[i] != NULL; i++)
			if (strcmp(buf_cstr(&b), yes[i]) == 0)
				r = 1;
		for (int i = 0; no[i] != NULL; i++)
			if (strcmp(buf_cstr(&b), no[i]) == 0)
				r = 0;
	}
	buf_free(&b);
	return r;
}

enum err
rep_value_from_text(const struct rep_form *f, size_t slot, const char *text,
    struct arena *a, struct rep_value *out, struct errinfo *ei)
{
	const struct rep_element *el;
	char *t;
	size_t len;
	double x;
	int yn;
	json_t *v;
	enum err e;

	if (slot >= f->n_slots)
		return err_set(ei, ERR_INVALID, "reporting.unknown_element",
		    "values", "không có ô này", "no such cell");
	if ((e = check_enterable(f, slot, a, ei)) != ERR_OK)
		return e;
	el = rep_slot_element(f, slot, NULL);
	t = arena_strdup(a, text != NULL ? text : "");
	while (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n')
		t++;
	len = strlen(t);
	while (len > 0 && (t[len - 1] == ' ' || t[len - 1] == '\t' ||
	    t[len - 1] == '\r' || t[len - 1] == '\n'))
		t[--len] = '\0';
	if (len == 0) {
		memset(out, 0, sizeof(*out));
		return ERR_OK;
	}
	if (el->kind == REP_TEXT) {
		v = json_stringn_nocheck(text, strlen(text));
		e = slot_from_json(f, slot, v, a, out, ei);
		json_decref(v);
		return e;
	}
	if (el->kind == REP_YES_NO) {
		if ((yn = yes_no_text(t)) < 0)
			return value_fault(f, slot, a, ei, "reporting.bad_value",
			    "cần “có” hoặc “không”", "“yes” or “no” is needed");
		memset(out, 0, sizeof(*out));
		out->present = true;
		out->num = yn;
		return ERR_OK;
	}
	if (el->kind == REP_PERCENT && t[len - 1] == '%') {
		t[--len] = '\0';
		while (len > 0 && t[len - 1] == ' ')
			t[--len] = '\0';
	}
	if (!(el->integer ? whole_text(t, &x) : text_decimal(t, len, &x)))
		return value_fault(f, slot, a, ei, "reporting.bad_number",
		    el->integer ? "cần một số nguyên (có thể tách nhóm ba chữ "
		    "số: 1.234.567)" : "cần một số (dấu thập phân là dấu phẩy "
		    "hoặc dấu chấm: 91,5)", el->integer ? "a whole number is "
		    "needed (digits may be grouped by three: 1,234,567)" :
		    "a number is needed (decimal comma or point: 91.5)");
	if ((e = check_number(f, slot, x, a, ei)) != ERR_OK)
		return e;
	memset(out, 0, sizeof(*out));
	out->present = true;
	out->num = x;
	return ERR_OK;
}

json_t *
rep_value_json(const struct rep_form *f, size_t slot,
    const struct rep_value *v)
{
	const struct rep_element *el = rep_slot_element(f, slot, NULL);

	if (el == NULL || !v->present)
		return json_null();
	switch (el->kind) {
	case REP_TEXT:
		return jval_string(v->text);
	case REP_YES_NO:
		/* An aggregate counts the units saying yes. */
		if (!v->aggregated)
			return json_boolean(v->num != 0);
		break;
	default:
		break;
	}
	if (whole(v->num) && fabs(v->num) < 9e15)
		return json_integer((json_int_t)v->num);
	return json_real(v->num);
}

json_t *
rep_values_json(const struct rep_form *f, const struct rep_value *vals)
{
	json_t *out = json_object(), *parts;
	size_t i, k;

	for (i = 0; i < f->n_elements; i++) {
		const struct rep_element *el = &f->elements[i];

		if (el->breakdown == NULL) {
			if (vals[el->slot].present)
				json_object_set_new(out, el->id, rep_value_json(f,
				    el->slot, &vals[el->slot]));
			continue;
		}
		parts = json_object();
		for (k = 1; k < el->n_slots; k++)
			if (vals[el->slot + k].present)
				json_object_set_new(parts,
				    el->breakdown->categories[k - 1].id,
				    rep_value_json(f, el->slot + k,
				    &vals[el->slot + k]));
		if (json_object_size(parts) > 0)
			json_object_set_new(out, el->id, parts);
		else
			json_decref(parts);
	}
	return out;
}

void
rep_values_compute(const struct rep_form *f, struct rep_value *vals)
{
	double *num = xcalloc(f->n_slots + 1, sizeof(*num)), x;
	bool *have = xcalloc(f->n_slots + 1, sizeof(*have));
	size_t i, k;

	for (i = 0; i < f->n_elements; i++) {
		const struct rep_element *el = &f->elements[i];
		struct rep_value *t = &vals[el->slot];

		if (el->breakdown == NULL)
			continue;
		memset(t, 0, sizeof(*t));
		t->derived = true;
		for (k = 1; k < el->n_slots; k++)
			if (vals[el->slot + k].present) {
				t->present = true;
				t->num += vals[el->slot + k].num;
			}
	}
	for (i = 0; i < f->n_slots; i++) {
		num[i] = vals[i].num;
		have[i] = vals[i].present;
	}
	for (i = 0; i < f->n_formula_order; i++) {
		const struct rep_element *el =
		    &f->elements[f->formula_order[i]];
		struct rep_value *t = &vals[el->slot];

		memset(t, 0, sizeof(*t));
		t->derived = true;
		if (crit_formula_eval(el->compiled, num, have, &x) ==
		    CRIT_R_MET) {
			t->present = true;
			t->num = x;
		}
		num[el->slot] = t->num;
		have[el->slot] = t->present;
	}
	free(num);
	free(have);
}

/* Evaluate one side of a rule; false when a value it needs is absent or
 * it divides by zero. */
static bool
side(const struct crit_formula *cf, const double *num, const bool *have,
    double *out)
{
	return crit_formula_eval(cf, num, have, out) == CRIT_R_MET;
}

enum err
rep_validate(const struct rep_form *f, const char *level,
    const struct rep_value *vals, bool for_submit, struct arena *a, struct rep_rule_result *results,
    struct rep_problems *problems, struct rep_problems *warnings,
    struct errinfo *ei)
{
	double *num = xcalloc(f->n_slots + 1, sizeof(*num));
	bool *have = xcalloc(f->n_slots + 1, sizeof(*have));
	struct errinfo one;
	enum err first = ERR_OK;
	size_t i;

	for (i = 0; i < f->n_slots; i++) {
		num[i] = vals[i].num;
		have[i] = vals[i].present;
	}
	for (i = 0; for_submit && i < f->n_elements; i++) {
		const struct rep_element *el = &f->elements[i];

		if (el->required && !vals[el->slot].present &&
		    rep_element_filled_by(f, el, level)) {
			value_fault(f, el->slot, a, &one, "reporting.required",
			    "cần nhập trước khi gửi báo cáo",
			    "is needed before the report is submitted");
			note(problems, &first, ei, &one);
		}
	}
	for (i = 0; i < f->n_rules; i++) {
		const struct rep_rule *ru = &f->rules[i];
		struct rep_rule_result r = { REP_RULE_SKIPPED, 0, 0 };
		bool holds;

		if (side(ru->left, num, have, &r.left) &&
		    side(ru->right, num, have, &r.right)) {
			holds = crit_compare(ru->op, r.left, r.right);
			if (ru->ne)
				holds = !holds;
			r.state = holds ? REP_RULE_OK : REP_RULE_VIOLATED;
		}
		if (results != NULL)
			results[i] = r;
		if (r.state != REP_RULE_VIOLATED)
			continue;
		if (ru->first_slot >= 0)
			value_fault(f, (size_t)ru->first_slot, a, &one,
			    "reporting.rule_violated", ru->message,
			    ru->message_en);
		else
			err_set(&one, ERR_INVALID, "reporting.rule_violated",
			    "values", "%s%.0s", "%.0s%s", ru->message,
			    ru->message_en);
		if (ru->blocking)
			note(problems, &first, ei, &one);
		else
			rep_problem_add(warnings, &one);
	}
	free(num);
	free(have);
	return first;
}
