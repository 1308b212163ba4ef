/*
 * rep_form.c - reading and validating a report form ("ntm-form/1",
 * docs/REPORTING.md) into a struct rep_form.
 *
 * The parser does not stop at the first fault: every member is checked
 * and every fault recorded (rep_problems) with its JSON path, so a
 * coordinator fixes a form in one round.  Checks that depend on an
 * earlier member (a weight naming an element, a formula naming slots)
 * run only when that member was sound, so one mistake is reported once,
 * not again by everything that refers to it.
 *
 * The order: the top-level members, the breakdowns, the elements (their
 * own members), then the slot index, the weights, the formulas (compiled
 * by the criteria module's engine, domain/criteria/formula.h) and their
 * cycles, and the rules.  Texts are normalised to NFC in the document the
 * form keeps.  Unknown keys are refused: a misspelt "blocking" would
 * otherwise silently turn a rule into a warning.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/jdoc.h"
#include "core/jdoc_fault.h"
#include "core/jpath.h"
#include "core/text.h"
#include "domain/criteria/formula.h"
#include "domain/dossiers/dossiers.h"
#include "domain/reporting/rep_internal.h"

const char *const rep_kind_names[REP_KIND__MAX + 1] = { "number", "money",
	"percent", "text", "yes_no", NULL };
const char *const rep_agg_names[REP_AGG__MAX + 1] = { "none", "sum",
	"average", "formula", NULL };
const char *const rep_over_time_names[REP_TIME__MAX + 1] = { "last", "sum",
	"none", NULL };
const char *const rep_auto_names[REP_AUTO__MAX + 1] = { "",
	"criteria.units_met", "criteria.criteria_met", "surveys.satisfaction",
	"dossiers.titles_granted", NULL };

/* The words of the kinds in messages (Vietnamese). */
static const char *const kind_vi[REP_KIND__MAX] = { "số", "tiền",
	"tỷ lệ phần trăm", "văn bản", "có/không" };

struct fparse {
	struct rep_form *f;
	struct arena *a;
	struct rep_problems *pr;
	struct errinfo *ei;
	enum err err;		/* the first fault */
	size_t *doc_index;	/* element i is elements[doc_index[i]] */
};

/* ---- faults ---- */

/* Keep the fault one among the form's problems; the first one is also
 * the parse's error (ps->err, *ps->ei). */
static void
record(struct fparse *ps, const struct errinfo *one)
{
	rep_problem_add(ps->pr, one);
	if (ps->err == ERR_OK) {
		ps->err = ERR_INVALID;
		if (ps->ei != NULL)
			*ps->ei = *one;
	}
}

static void
bad(struct fparse *ps, const char *path, const char *code, const char *vi,
    const char *en, ...) __attribute__((format(printf, 4, 6),
    format(printf, 5, 6)));

/* Record one fault at path (a JSON path; "" for the document). */
static void
bad(struct fparse *ps, const char *path, const char *code, const char *vi,
    const char *en, ...)
{
	struct errinfo one;
	va_list ap;

	va_start(ap, en);
	jdoc_faultv(&one, code, path, "biểu mẫu", "form", vi, en, ap);
	va_end(ap);
	record(ps, &one);
}

static void
missing(struct fparse *ps, const char *path)
{
	bad(ps, path, "reporting.missing_field", "thiếu trường bắt buộc",
	    "a required field is missing");
}

/* The member key of obj, its JSON path written into path; NULL when
 * absent or null, a fault then when need. */
static json_t *
member(struct fparse *ps, json_t *obj, const char *base, const char *key,
    bool need, char path[REP_PATH_LEN])
{
	json_t *v = json_object_get(obj, key);

	jpath_key(path, base, key);
	if (v == NULL || json_is_null(v)) {
		if (need)
			missing(ps, path);
		return NULL;
	}
	return v;
}

/* Item i of the list name (at the document's top), its path written into
 * base: false after a fault when it is not an object. */
static bool
list_object(struct fparse *ps, json_t *o, const char *name, size_t i,
    char base[REP_PATH_LEN])
{
	jpath_index(base, name, i);
	if (!json_is_object(o)) {
		bad(ps, base, "reporting.bad_value", "cần một đối tượng",
		    "an object is expected");
		return false;
	}
	return true;
}

/* Refuse every key of obj that is not in allowed. */
static void
only_keys(struct fparse *ps, json_t *obj, const char *base,
    const char *const *allowed)
{
	char path[REP_PATH_LEN];
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v)
		if (jpath_name_index(allowed, key) < 0)
			bad(ps, jpath_key(path, base, key), "reporting.unknown_field",
			    "trường không được hỗ trợ (lỗi chính tả?)",
			    "not a supported field (a misspelling?)");
}

/* ---- typed members ---- */

/* v as NFC text of at most max bytes, written back into v; NULL when
 * absent, null or empty.  false after a fault. */
static bool
text_value(struct fparse *ps, json_t *v, const char *path, size_t max,
    const char **out)
{
	struct buf b;
	size_t len;
	bool ok = false;

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return true;
	if (!json_is_string(v)) {
		bad(ps, path, "reporting.bad_value", "cần một chuỗi",
		    "a string is expected");
		return false;
	}
	len = json_string_length(v);
	if (memchr(json_string_value(v), '\0', len) != NULL) {
		bad(ps, path, "reporting.bad_value", "chuỗi có byte NUL",
		    "the string holds a NUL byte");
		return false;
	}
	if (len > 4 * max + 16) {
		bad(ps, path, "reporting.too_long",
		    "chuỗi dài %zu byte, tối đa %zu",
		    "the string is %zu bytes long, at most %zu", len, max);
		return false;
	}
	buf_init(&b, 3 * len + 16);
	if (text_nfc(json_string_value(v), len, &b) != ERR_OK)
		bad(ps, path, "reporting.bad_value",
		    "chuỗi không phải UTF-8 hợp lệ",
		    "the string is not valid UTF-8");
	else if (b.len > max)
		bad(ps, path, "reporting.too_long",
		    "chuỗi dài %zu byte, tối đa %zu",
		    "the string is %zu bytes long, at most %zu", b.len, max);
	else {
		ok = true;
		if (b.len > 0) {
			*out = arena_strndup(ps->a, buf_cstr(&b), b.len);
			if (b.len != len)
				json_string_setn(v, *out, b.len);
		}
	}
	buf_free(&b);
	return ok;
}

static const char *
opt_text(struct fparse *ps, json_t *obj, const char *base, const char *key,
    size_t max)
{
	char path[REP_PATH_LEN];
	const char *s;

	text_value(ps, json_object_get(obj, key), jpath_key(path, base, key), max,
	    &s);
	return s;
}

static const char *
req_text(struct fparse *ps, json_t *obj, const char *base, const char *key,
    size_t max)
{
	char path[REP_PATH_LEN];
	const char *s;

	jpath_key(path, base, key);
	if (!text_value(ps, json_object_get(obj, key), path, max, &s))
		return NULL;
	if (s == NULL || strspn(s, " \t\r\n") == strlen(s)) {
		missing(ps, path);
		return NULL;
	}
	return s;
}

/* An id: [a-z0-9][a-z0-9_-]*, at most REP_ID_MAX bytes; with dots too
 * when dots (a criteria set's id may have them; an element's or a
 * category's may not: "<element>.<category>" names a slot). */
static const char *
req_id(struct fparse *ps, json_t *obj, const char *base, const char *key,
    bool dots)
{
	char path[REP_PATH_LEN];
	json_t *v;
	const char *s;

	if ((v = member(ps, obj, base, key, true, path)) == NULL)
		return NULL;
	s = json_string_value(v);
	if (s == NULL || !text_id_valid(s, REP_ID_MAX) ||
	    json_string_length(v) != strlen(s) ||
	    (!dots && strchr(s, '.') != NULL)) {
		bad(ps, path, "reporting.bad_id",
		    "mã không hợp lệ (chữ thường không dấu, số, %s_ -; tối "
		    "đa %d byte)", "not a valid id (lower-case letters "
		    "without marks, digits, %s_ -; at most %d bytes)",
		    dots ? ". " : "", REP_ID_MAX);
		return NULL;
	}
	return arena_strdup(ps->a, s);
}

/* One of names (index), or -1 after a fault (or dflt when absent). */
static int
opt_enum(struct fparse *ps, json_t *obj, const char *base, const char *key,
    const char *const *names, int dflt, const char *list)
{
	char path[REP_PATH_LEN];
	json_t *v = json_object_get(obj, key);
	int i;

	if (v == NULL || json_is_null(v))
		return dflt;
	jpath_key(path, base, key);
	if (!json_is_string(v) ||
	    (i = jpath_name_index(names, json_string_value(v))) < 0 ||
	    names[i][0] == '\0') {
		bad(ps, path, "reporting.unknown_value",
		    "phải là một trong: %s", "must be one of: %s", list);
		return -1;
	}
	return i;
}

static bool
opt_bool(struct fparse *ps, json_t *obj, const char *base, const char *key,
    bool dflt)
{
	char path[REP_PATH_LEN];
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return dflt;
	if (!json_is_boolean(v)) {
		bad(ps, jpath_key(path, base, key), "reporting.bad_value",
		    "cần true hoặc false", "true or false is expected");
		return dflt;
	}
	return json_is_true(v);
}

/* A required true/false. */
static bool
req_bool(struct fparse *ps, json_t *obj, const char *base, const char *key)
{
	char path[REP_PATH_LEN];
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v)) {
		missing(ps, jpath_key(path, base, key));
		return false;
	}
	return opt_bool(ps, obj, base, key, false);
}

/* An integer in lo..hi; dflt when absent (need: a fault then). */
static long
int_member(struct fparse *ps, json_t *obj, const char *base, const char *key,
    bool need, long lo, long hi, long dflt)
{
	char path[REP_PATH_LEN];
	json_t *v;

	if ((v = member(ps, obj, base, key, need, path)) == NULL)
		return dflt;
	if (!json_is_integer(v)) {
		bad(ps, path, "reporting.bad_value", "cần một số nguyên",
		    "an integer is expected");
		return dflt;
	}
	if (json_integer_value(v) < lo || json_integer_value(v) > hi) {
		bad(ps, path, "reporting.bad_value",
		    "%lld nằm ngoài khoảng %ld–%ld",
		    "%lld is outside %ld–%ld",
		    (long long)json_integer_value(v), lo, hi);
		return dflt;
	}
	return (long)json_integer_value(v);
}

/* An optional number into *out; false when absent or after a fault. */
static bool
opt_number(struct fparse *ps, json_t *obj, const char *base, const char *key,
    double *out)
{
	char path[REP_PATH_LEN];
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return false;
	if (!json_is_number(v) || !isfinite(json_number_value(v)) ||
	    fabs(json_number_value(v)) > REP_NUMBER_MAX) {
		bad(ps, jpath_key(path, base, key), "reporting.bad_value",
		    "cần một số (độ lớn tối đa 10^15)",
		    "a number is expected (magnitude at most 10^15)");
		return false;
	}
	*out = json_number_value(v);
	return true;
}

/* The array member key of obj (need: a fault when absent; a fault when
 * not an array or longer than max); NULL when none. */
static json_t *
array_member(struct fparse *ps, json_t *obj, const char *base,
    const char *key, bool need, size_t max)
{
	char path[REP_PATH_LEN];
	json_t *v;

	if ((v = member(ps, obj, base, key, need, path)) == NULL)
		return NULL;
	if (!json_is_array(v)) {
		bad(ps, path, "reporting.bad_value", "cần một danh sách",
		    "a list is expected");
		return NULL;
	}
	if (json_array_size(v) > max) {
		bad(ps, path, "reporting.too_many",
		    "%zu mục, tối đa %zu", "%zu entries, at most %zu",
		    json_array_size(v), max);
		return NULL;
	}
	if (need && json_array_size(v) == 0) {
		bad(ps, path, "reporting.empty", "danh sách rỗng",
		    "the list is empty");
		return NULL;
	}
	return v;
}

/* ---- the parts ---- */

static void
parse_legal(struct fparse *ps, json_t *doc)
{
	static const char *const keys[] = { "document", "date", "title",
		"status", "url", "note", NULL };
	struct rep_form *f = ps->f;
	char base[REP_PATH_LEN];
	json_t *arr = array_member(ps, doc, "", "legal_basis", true, 20), *o;
	size_t i;

	if (arr == NULL)
		return;
	f->legal = arena_alloc(ps->a, json_array_size(arr) * sizeof(*f->legal));
	json_array_foreach(arr, i, o) {
		struct rep_legal *l = &f->legal[f->n_legal++];

		if (!list_object(ps, o, "legal_basis", i, base))
			continue;
		only_keys(ps, o, base, keys);
		l->document = req_text(ps, o, base, "document", REP_TEXT_MAX);
		l->date = opt_text(ps, o, base, "date", 40);
		l->title = opt_text(ps, o, base, "title", REP_TEXT_MAX);
		l->status = opt_text(ps, o, base, "status", 40);
		l->url = opt_text(ps, o, base, "url", REP_TEXT_MAX);
		l->note = opt_text(ps, o, base, "note", REP_TEXT_MAX);
	}
}

/* Adds the level l (named v, at path) to the bits *levels: a fault when
 * the list named it already. */
static void
add_level(struct fparse *ps, const char *path, const json_t *v, int l,
    unsigned *levels)
{
	if (*levels & (1u << l))
		bad(ps, path, "reporting.duplicate_value",
		    "cấp “%s” đã có trong danh sách",
		    "the level “%s” is listed already", json_string_value(v));
	else
		*levels |= 1u << l;
}

static void
parse_levels(struct fparse *ps, json_t *doc)
{
	json_t *arr = array_member(ps, doc, "", "levels", true,
	    UNIT_LEVEL__MAX), *v;
	char path[REP_PATH_LEN];
	size_t i;
	int l;

	json_array_foreach(arr, i, v) {
		jpath_index(path, "levels", i);
		if (!json_is_string(v) ||
		    (l = units_level_from_name(json_string_value(v))) < 0)
			bad(ps, path, "reporting.unknown_value",
			    "phải là một trong: country, province, district, "
			    "commune, village", "must be one of: country, "
			    "province, district, commune, village");
		else
			add_level(ps, path, v, l, &ps->f->levels);
	}
}

static void
parse_top(struct fparse *ps, json_t *doc)
{
	static const char *const keys[] = { "format", "id", "version",
		"title", "title_en", "status", "note", "profile",
		"legal_basis", "period_type", "levels", "structure", "years",
		"due_days", "due_from", "workflow", "breakdowns", "elements", "rules",
		NULL };
	static const char *const structures[] = { "2025", "pre2025", NULL };
	static const char *const froms[] = { "end", "start", NULL };
	struct rep_form *f = ps->f;
	json_t *v, *years;
	int i;

	only_keys(ps, doc, "", keys);
	v = json_object_get(doc, "format");
	if (v == NULL)
		missing(ps, "format");
	else if (!json_is_string(v) || strcmp(json_string_value(v),
	    REP_FORMAT) != 0)
		bad(ps, "format", "reporting.bad_format",
		    "phải là \"%s\"", "must be \"%s\"", REP_FORMAT);
	f->id = req_id(ps, doc, "", "id", true);
	f->version = (int)int_member(ps, doc, "", "version", true, 1,
	    1000000, 0);
	f->title = req_text(ps, doc, "", "title", REP_TEXT_MAX);
	f->title_en = opt_text(ps, doc, "", "title_en", REP_TEXT_MAX);
	f->status = opt_text(ps, doc, "", "status", REP_TEXT_MAX);
	f->note = opt_text(ps, doc, "", "note", 4 * REP_TEXT_MAX);
	f->profile = opt_text(ps, doc, "", "profile", 40);
	parse_legal(ps, doc);
	if (json_object_get(doc, "period_type") == NULL)
		missing(ps, "period_type");
	i = opt_enum(ps, doc, "", "period_type", rep_period_type_names, 0,
	    "month, quarter, half_year, year");
	f->period_type = i < 0 ? REP_YEAR : (enum rep_period_type)i;
	parse_levels(ps, doc);
	if (json_object_get(doc, "structure") == NULL)
		missing(ps, "structure");
	i = opt_enum(ps, doc, "", "structure", structures, 0,
	    "2025, pre2025");
	f->structure = structures[i < 0 ? 0 : i];
	f->due_days = (int)int_member(ps, doc, "", "due_days", true, 0,
	    REP_DUE_DAYS_MAX, 0);
	f->due_from_start = opt_enum(ps, doc, "", "due_from", froms, 0,
	    "end, start") == 1;
	if ((v = json_object_get(doc, "workflow")) != NULL &&
	    !json_is_null(v))
		f->workflow = req_id(ps, doc, "", "workflow", true);
	years = json_object_get(doc, "years");
	if (years == NULL || json_is_null(years))
		missing(ps, "years");
	else if (!json_is_object(years))
		bad(ps, "years", "reporting.bad_value", "cần một đối tượng",
		    "an object is expected");
	else {
		static const char *const ykeys[] = { "from", "to", NULL };

		only_keys(ps, years, "years", ykeys);
		f->year_from = (int)int_member(ps, years, "years", "from", true,
		    REP_YEAR_MIN, REP_YEAR_MAX, 0);
		f->year_to = (int)int_member(ps, years, "years", "to", true,
		    REP_YEAR_MIN, REP_YEAR_MAX, 0);
		if (f->year_from && f->year_to && f->year_from > f->year_to)
			bad(ps, "years.to", "reporting.bad_year",
			    "năm cuối %d trước năm đầu %d",
			    "the last year %d is before the first %d",
			    f->year_to, f->year_from);
	}
}

static void
parse_breakdowns(struct fparse *ps, json_t *doc)
{
	static const char *const keys[] = { "id", "name", "name_en",
		"status", "source", "note", "categories", NULL };
	static const char *const ckeys[] = { "id", "name", "name_en",
		"status", "note", NULL };
	struct rep_form *f = ps->f;
	char base[REP_PATH_LEN], cbase[REP_PATH_LEN], path[REP_PATH_LEN];
	json_t *arr = array_member(ps, doc, "", "breakdowns", false, 20), *o,
	    *cats, *c;
	size_t i, j, k;

	if (arr == NULL)
		return;
	f->breakdowns = arena_alloc(ps->a, (json_array_size(arr) + 1) *
	    sizeof(*f->breakdowns));
	json_array_foreach(arr, i, o) {
		struct rep_breakdown *b = &f->breakdowns[f->n_breakdowns];

		if (!list_object(ps, o, "breakdowns", i, base))
			continue;
		only_keys(ps, o, base, keys);
		b->id = req_id(ps, o, base, "id", false);
		b->name = req_text(ps, o, base, "name", REP_TEXT_MAX);
		b->name_en = opt_text(ps, o, base, "name_en", REP_TEXT_MAX);
		b->status = opt_text(ps, o, base, "status", REP_TEXT_MAX);
		b->source = opt_text(ps, o, base, "source", REP_TEXT_MAX);
		b->note = opt_text(ps, o, base, "note", REP_TEXT_MAX);
		for (k = 0; b->id != NULL && k < f->n_breakdowns; k++)
			if (f->breakdowns[k].id != NULL &&
			    strcmp(f->breakdowns[k].id, b->id) == 0)
				bad(ps, jpath_key(path, base, "id"),
				    "reporting.duplicate_id",
				    "mã “%s” đã dùng cho breakdowns[%zu]",
				    "the id “%s” is already used by "
				    "breakdowns[%zu]", b->id, k);
		cats = array_member(ps, o, base, "categories", true,
		    REP_CATEGORIES_MAX);
		b->categories = arena_alloc(ps->a, (json_array_size(cats) + 1) *
		    sizeof(*b->categories));
		json_array_foreach(cats, j, c) {
			struct rep_category *cat =
			    &b->categories[b->n_categories];

			jpath_index(cbase, jpath_key(path, base, "categories"), j);
			if (!json_is_object(c)) {
				bad(ps, cbase, "reporting.bad_value",
				    "cần một đối tượng",
				    "an object is expected");
				continue;
			}
			only_keys(ps, c, cbase, ckeys);
			cat->id = req_id(ps, c, cbase, "id", false);
			cat->name = req_text(ps, c, cbase, "name",
			    REP_TEXT_MAX);
			cat->name_en = opt_text(ps, c, cbase, "name_en",
			    REP_TEXT_MAX);
			cat->status = opt_text(ps, c, cbase, "status",
			    REP_TEXT_MAX);
			cat->note = opt_text(ps, c, cbase, "note",
			    REP_TEXT_MAX);
			if (cat->id == NULL)
				continue;
			for (k = 0; k < b->n_categories; k++)
				if (strcmp(b->categories[k].id, cat->id) == 0)
					break;
			if (k < b->n_categories) {
				bad(ps, jpath_key(path, cbase, "id"),
				    "reporting.duplicate_id",
				    "mã “%s” đã dùng cho nguồn/loại thứ %zu",
				    "the id “%s” is already used by "
				    "category %zu", cat->id, k + 1);
				continue;
			}
			b->n_categories++;
		}
		if (b->id != NULL)
			f->n_breakdowns++;
	}
}

static const struct rep_breakdown *
find_breakdown(const struct rep_form *f, const char *id)
{
	for (size_t i = 0; i < f->n_breakdowns; i++)
		if (strcmp(f->breakdowns[i].id, id) == 0)
			return &f->breakdowns[i];
	return NULL;
}

/* The members of an element that depend only on itself. */
struct elem_raw {
	const char *weight;	/* the weight's id, resolved later */
	bool sound;		/* id, kind and breakdown are usable */
};

static void
parse_auto(struct fparse *ps, struct rep_element *el, json_t *o,
    const char *base)
{
	static const char *const keys[] = { "source", "set", "title", NULL };
	char ab[REP_PATH_LEN], path[REP_PATH_LEN];
	json_t *v = json_object_get(o, "auto");
	int i;

	if (v == NULL || json_is_null(v))
		return;
	jpath_key(ab, base, "auto");
	if (!json_is_object(v)) {
		bad(ps, ab, "reporting.bad_value", "cần một đối tượng",
		    "an object is expected");
		return;
	}
	only_keys(ps, v, ab, keys);
	if (json_object_get(v, "source") == NULL) {
		missing(ps, jpath_key(path, ab, "source"));
		return;
	}
	i = opt_enum(ps, v, ab, "source", rep_auto_names, 0,
	    "criteria.units_met, criteria.criteria_met, "
	    "surveys.satisfaction, dossiers.titles_granted");
	if (i <= 0)
		return;
	el->auto_source = (enum rep_auto)i;
	if (el->auto_source == REP_AUTO_CRITERIA_UNITS_MET ||
	    el->auto_source == REP_AUTO_CRITERIA_MET)
		el->auto_set = req_id(ps, v, ab, "set", true);
	else if (json_object_get(v, "set") != NULL)
		bad(ps, jpath_key(path, ab, "set"), "reporting.unexpected_field",
		    "chỉ nguồn criteria.* có bộ tiêu chí",
		    "only a criteria.* source names a criteria set");
	if (el->auto_source == REP_AUTO_TITLES_GRANTED) {
		const char *t = opt_text(ps, v, ab, "title", REP_ID_MAX);

		if (t != NULL && jpath_name_index(dos_titles, t) < 0)
			bad(ps, jpath_key(path, ab, "title"),
			    "reporting.unknown_value", "phải là một trong: "
			    "ntm, advanced, model, modern", "must be one of: "
			    "ntm, advanced, model, modern");
		el->auto_title = t;
	} else if (json_object_get(v, "title") != NULL)
		bad(ps, jpath_key(path, ab, "title"), "reporting.unexpected_field",
		    "chỉ nguồn dossiers.titles_granted có danh hiệu",
		    "only dossiers.titles_granted names a title");
	/* What each source yields: a count, or a percentage. */
	if (el->auto_source == REP_AUTO_SURVEY_SATISFACTION ?
	    el->kind != REP_PERCENT : el->kind != REP_NUMBER)
		bad(ps, jpath_key(path, base, "kind"), "reporting.bad_auto",
		    "nguồn %s cho ra %s, chỉ tiêu phải có kind %s",
		    "the source %s yields %s, so the kind must be %s",
		    rep_auto_names[el->auto_source],
		    el->auto_source == REP_AUTO_SURVEY_SATISFACTION ?
		    "a percentage" : "a count",
		    el->auto_source == REP_AUTO_SURVEY_SATISFACTION ?
		    "percent" : "number");
	if (el->breakdown != NULL || el->formula != NULL)
		bad(ps, ab, "reporting.bad_auto",
		    "chỉ tiêu tự động không có phân tổ hay công thức",
		    "an automatic element has no breakdown and no formula");
	if (el->auto_source != REP_AUTO_SURVEY_SATISFACTION)
		el->integer = true;
}

static void
parse_bounds(struct fparse *ps, struct rep_element *el, json_t *o,
    const char *base)
{
	char path[REP_PATH_LEN];
	double x;

	/* Nothing can be negative unless the element says so; a
	 * percentage is 0-100 unless it says otherwise (a growth rate). */
	el->has_min = el->kind != REP_TEXT && el->kind != REP_YES_NO;
	el->min = 0;
	el->has_max = el->kind == REP_PERCENT;
	el->max = el->has_max ? 100 : 0;
	if (opt_number(ps, o, base, "min", &x)) {
		if (el->kind == REP_TEXT || el->kind == REP_YES_NO)
			bad(ps, jpath_key(path, base, "min"),
			    "reporting.unexpected_field",
			    "chỉ tiêu dạng %s%.0s không có giới hạn",
			    "a %.0s%s element has no bounds", kind_vi[el->kind],
			    rep_kind_names[el->kind]);
		else if (el->kind == REP_MONEY && x < 0)
			bad(ps, jpath_key(path, base, "min"), "reporting.bad_value",
			    "số tiền không thể âm", "money cannot be negative");
		else
			el->min = x;
	}
	if (opt_number(ps, o, base, "max", &x)) {
		if (el->kind == REP_TEXT || el->kind == REP_YES_NO)
			bad(ps, jpath_key(path, base, "max"),
			    "reporting.unexpected_field",
			    "chỉ tiêu dạng %s%.0s không có giới hạn",
			    "a %.0s%s element has no bounds", kind_vi[el->kind],
			    rep_kind_names[el->kind]);
		else {
			el->has_max = true;
			el->max = x;
		}
	}
	if (el->has_min && el->has_max && el->min > el->max)
		bad(ps, jpath_key(path, base, "max"), "reporting.bad_value",
		    "max nhỏ hơn min", "max is below min");
}

static void
parse_aggregate(struct fparse *ps, struct rep_element *el, json_t *o,
    const char *base, struct elem_raw *raw)
{
	char path[REP_PATH_LEN];
	json_t *w = json_object_get(o, "weight");
	int i;

	jpath_key(path, base, "aggregate");
	if (json_object_get(o, "aggregate") == NULL) {
		/* Only a text (never aggregated) and a formula (recomputed)
		 * have an obvious way; every other element says its own. */
		if (el->kind == REP_TEXT)
			el->agg = REP_AGG_NONE;
		else if (el->formula != NULL)
			el->agg = REP_AGG_FORMULA;
		else
			missing(ps, path);
	} else if ((i = opt_enum(ps, o, base, "aggregate", rep_agg_names, 0,
	    "none, sum, average, formula")) >= 0) {
		el->agg = (enum rep_agg)i;
		if (el->kind == REP_TEXT && el->agg != REP_AGG_NONE)
			bad(ps, path, "reporting.bad_aggregate",
			    "văn bản không tổng hợp được: chỉ “none”",
			    "a text cannot be aggregated: only “none”");
		else if (el->agg == REP_AGG_FORMULA && el->formula == NULL)
			bad(ps, path, "reporting.bad_aggregate",
			    "“formula” chỉ dành cho chỉ tiêu có công thức",
			    "“formula” is for an element with a formula");
		else if (el->formula != NULL && el->agg != REP_AGG_FORMULA &&
		    el->agg != REP_AGG_NONE)
			bad(ps, path, "reporting.bad_aggregate",
			    "chỉ tiêu có công thức được tính lại từ số tổng "
			    "hợp: “formula” hoặc “none”",
			    "an element with a formula is recomputed from the "
			    "aggregated values: “formula” or “none”");
		else if (el->agg == REP_AGG_AVERAGE && el->breakdown != NULL)
			bad(ps, path, "reporting.bad_aggregate",
			    "chỉ tiêu phân tổ được cộng (“sum”) hoặc không "
			    "tổng hợp (“none”)", "an element with a breakdown "
			    "is summed (“sum”) or not aggregated (“none”)");
		else if (el->agg == REP_AGG_SUM && el->kind == REP_PERCENT)
			bad(ps, path, "reporting.bad_aggregate",
			    "cộng các tỷ lệ phần trăm không có nghĩa: dùng "
			    "“average” (có trọng số) hoặc một công thức",
			    "adding percentages means nothing: use “average” "
			    "(weighted) or a formula");
	}
	if (w != NULL && !json_is_null(w)) {
		if (el->agg != REP_AGG_AVERAGE)
			bad(ps, jpath_key(path, base, "weight"),
			    "reporting.unexpected_field",
			    "chỉ “average” có trọng số",
			    "only “average” has a weight");
		else
			raw->weight = req_id(ps, o, base, "weight", false);
	}
	i = opt_enum(ps, o, base, "over_time", rep_over_time_names,
	    REP_TIME_LAST, "last, sum, none");
	if (i >= 0)
		el->over_time = (enum rep_over_time)i;
	if (el->over_time == REP_TIME_SUM && el->kind != REP_NUMBER &&
	    el->kind != REP_MONEY)
		bad(ps, jpath_key(path, base, "over_time"), "reporting.bad_aggregate",
		    "chỉ số và tiền cộng dồn được qua các kỳ",
		    "only numbers and money add up over periods");
	if (el->over_time == REP_TIME_SUM && el->formula != NULL)
		bad(ps, jpath_key(path, base, "over_time"), "reporting.bad_aggregate",
		    "chỉ tiêu có công thức được tính lại, không cộng dồn",
		    "an element with a formula is recomputed, not added up");
}

/* The element's own levels: a list of the form's levels, no repeats
 * (the form's levels are parsed before the elements). */
static void
parse_element_levels(struct fparse *ps, struct rep_element *el, json_t *o,
    const char *base)
{
	char lb[REP_PATH_LEN], path[REP_PATH_LEN];
	json_t *arr = array_member(ps, o, base, "levels", false,
	    UNIT_LEVEL__MAX), *v;
	size_t i;
	int l;

	if (arr == NULL)
		return;
	jpath_key(lb, base, "levels");
	if (json_array_size(arr) == 0)
		bad(ps, lb, "reporting.empty", "danh sách rỗng (bỏ trường này "
		    "nếu mọi cấp đều điền)", "the list is empty (leave the "
		    "field out when every level fills it)");
	json_array_foreach(arr, i, v) {
		jpath_index(path, lb, i);
		if (!json_is_string(v) ||
		    (l = units_level_from_name(json_string_value(v))) < 0 ||
		    !(ps->f->levels & (1u << l)))
			bad(ps, path, "reporting.unknown_value",
			    "không phải một cấp điền biểu mẫu này (levels của "
			    "biểu mẫu)", "not a level that fills this form "
			    "(the form's levels)");
		else
			add_level(ps, path, v, l, &el->levels);
	}
}

/* "plan": {"form", "element"}: the element of a yearly form this one is
 * measured against (plan versus actual, rep_plan.h).  The other form is
 * not known here: a pair that names nothing shows no plan. */
static void
parse_plan(struct fparse *ps, struct rep_element *el, json_t *o,
    const char *base)
{
	static const char *const keys[] = { "form", "element", NULL };
	char pb[REP_PATH_LEN], path[REP_PATH_LEN];
	json_t *v = json_object_get(o, "plan");

	if (v == NULL || json_is_null(v))
		return;
	jpath_key(pb, base, "plan");
	if (!json_is_object(v)) {
		bad(ps, pb, "reporting.bad_value", "cần một đối tượng {form, "
		    "element}", "an object {form, element} is expected");
		return;
	}
	only_keys(ps, v, pb, keys);
	el->plan_form = req_id(ps, v, pb, "form", true);
	el->plan_element = req_id(ps, v, pb, "element", false);
	if (el->kind == REP_TEXT || el->kind == REP_YES_NO)
		bad(ps, jpath_key(path, base, "plan"), "reporting.unexpected_field",
		    "chỉ số, tiền, tỷ lệ mới so với kế hoạch",
		    "only a number, money or percentage is compared with a "
		    "plan");
}

static void
parse_element(struct fparse *ps, json_t *o, const char *base,
    struct rep_element *el, struct elem_raw *raw)
{
	static const char *const keys[] = { "id", "name", "name_en", "kind",
		"unit", "group", "status", "source", "note", "breakdown",
		"integer", "required", "min", "max", "max_length", "aggregate",
		"weight", "over_time", "auto", "formula", "levels", "plan",
		"unit_en", "group_en", NULL };
	char path[REP_PATH_LEN];
	const char *bid;
	int i;

	el->weight = -1;
	only_keys(ps, o, base, keys);
	el->id = req_id(ps, o, base, "id", false);
	el->name = req_text(ps, o, base, "name", REP_TEXT_MAX);
	el->name_en = opt_text(ps, o, base, "name_en", REP_TEXT_MAX);
	el->unit = opt_text(ps, o, base, "unit", 100);
	el->group = opt_text(ps, o, base, "group", REP_TEXT_MAX);
	el->unit_en = opt_text(ps, o, base, "unit_en", 100);
	el->group_en = opt_text(ps, o, base, "group_en", REP_TEXT_MAX);
	el->status = opt_text(ps, o, base, "status", REP_TEXT_MAX);
	el->source = opt_text(ps, o, base, "source", REP_TEXT_MAX);
	el->note = opt_text(ps, o, base, "note", REP_TEXT_MAX);
	el->required = opt_bool(ps, o, base, "required", false);
	if (json_object_get(o, "kind") == NULL) {
		missing(ps, jpath_key(path, base, "kind"));
		return;
	}
	if ((i = opt_enum(ps, o, base, "kind", rep_kind_names, 0,
	    "number, money, percent, text, yes_no")) < 0)
		return;
	el->kind = (enum rep_kind)i;
	el->integer = el->kind == REP_MONEY || el->kind == REP_YES_NO ||
	    opt_bool(ps, o, base, "integer", false);
	if (json_object_get(o, "integer") != NULL && el->kind != REP_NUMBER)
		bad(ps, jpath_key(path, base, "integer"), "reporting.unexpected_field",
		    "chỉ chỉ tiêu dạng số có “integer” (tiền luôn là số "
		    "nguyên đồng)", "only a number element has “integer” "
		    "(money is always whole đồng)");
	el->text_max = (size_t)int_member(ps, o, base, "max_length", false, 1,
	    REP_VALUE_TEXT_MAX, REP_VALUE_TEXT_DEFAULT);
	if (json_object_get(o, "max_length") != NULL && el->kind != REP_TEXT)
		bad(ps, jpath_key(path, base, "max_length"),
		    "reporting.unexpected_field",
		    "chỉ chỉ tiêu văn bản có độ dài tối đa",
		    "only a text element has a maximum length");
	if ((bid = opt_text(ps, o, base, "breakdown", REP_ID_MAX)) != NULL) {
		if (el->kind != REP_NUMBER && el->kind != REP_MONEY)
			bad(ps, jpath_key(path, base, "breakdown"),
			    "reporting.unexpected_field",
			    "chỉ số và tiền được phân tổ",
			    "only numbers and money are broken down");
		else if ((el->breakdown = find_breakdown(ps->f, bid)) == NULL)
			bad(ps, jpath_key(path, base, "breakdown"),
			    "reporting.unknown_reference",
			    "không có phân tổ nào mang mã “%s” trong "
			    "breakdowns", "no breakdown has the id “%s” in "
			    "breakdowns", bid);
	}
	el->formula = opt_text(ps, o, base, "formula", REP_TEXT_MAX);
	if (el->formula != NULL && (el->kind == REP_TEXT ||
	    el->kind == REP_YES_NO || el->breakdown != NULL))
		bad(ps, jpath_key(path, base, "formula"), "reporting.unexpected_field",
		    "chỉ số, tiền, tỷ lệ không phân tổ mới có công thức",
		    "only a number, money or percentage without a breakdown "
		    "has a formula");
	if (el->formula != NULL && el->required)
		bad(ps, jpath_key(path, base, "required"), "reporting.unexpected_field",
		    "chỉ tiêu có công thức không nhập nên không “required”",
		    "an element with a formula is not entered, so it is not "
		    "“required”");
	parse_bounds(ps, el, o, base);
	parse_auto(ps, el, o, base);
	if (el->auto_source != REP_AUTO_NONE && el->required)
		bad(ps, jpath_key(path, base, "required"), "reporting.unexpected_field",
		    "chỉ tiêu tự động không nhập nên không “required”",
		    "an automatic element is not entered, so it is not "
		    "“required”");
	parse_aggregate(ps, el, o, base, raw);
	parse_element_levels(ps, el, o, base);
	parse_plan(ps, el, o, base);
	el->n_slots = 1 + (el->breakdown ? el->breakdown->n_categories : 0);
	raw->sound = el->id != NULL && el->name != NULL;
}

static void
parse_elements(struct fparse *ps, json_t *doc, struct elem_raw **raws)
{
	struct rep_form *f = ps->f;
	char base[REP_PATH_LEN], path[REP_PATH_LEN];
	json_t *arr = array_member(ps, doc, "", "elements", true,
	    REP_ELEMENTS_MAX), *o;
	size_t i, k;

	*raws = arena_alloc(ps->a, (json_array_size(arr) + 1) *
	    sizeof(**raws));
	f->elements = arena_alloc(ps->a, (json_array_size(arr) + 1) *
	    sizeof(*f->elements));
	ps->doc_index = arena_alloc(ps->a, (json_array_size(arr) + 1) *
	    sizeof(*ps->doc_index));
	json_array_foreach(arr, i, o) {
		struct rep_element *el = &f->elements[f->n_elements];
		struct elem_raw *raw = &(*raws)[f->n_elements];

		if (!list_object(ps, o, "elements", i, base))
			continue;
		memset(raw, 0, sizeof(*raw));
		parse_element(ps, o, base, el, raw);
		if (!raw->sound)
			continue;
		for (k = 0; k < f->n_elements; k++)
			if (strcmp(f->elements[k].id, el->id) == 0)
				break;
		if (k < f->n_elements) {
			bad(ps, jpath_key(path, base, "id"), "reporting.duplicate_id",
			    "mã “%s” đã dùng cho elements[%zu]",
			    "the id “%s” is already used by elements[%zu]",
			    el->id, k);
			continue;
		}
		el->slot = f->n_slots;
		f->n_slots += el->n_slots;
		ps->doc_index[f->n_elements] = i;
		f->n_elements++;
	}
}

/* The JSON path of a member of an element (its index in the document,
 * which differs from its index in the form once one was skipped). */
static const char *
elem_path(struct fparse *ps, char *buf, const struct rep_element *el,
    const char *key)
{
	return jpath_printf(buf, "elements[%zu].%s",
	    ps->doc_index[el - ps->f->elements], key);
}

static void
resolve_weights(struct fparse *ps, struct elem_raw *raws)
{
	struct rep_form *f = ps->f;
	char path[REP_PATH_LEN];
	size_t i;
	long k;

	for (i = 0; i < f->n_elements; i++) {
		struct rep_element *el = &f->elements[i];
		const struct rep_element *w;

		if (raws[i].weight == NULL)
			continue;
		elem_path(ps, path, el, "weight");
		k = rep_slot(f, raws[i].weight);
		w = k >= 0 ? rep_slot_element(f, (size_t)k, NULL) : NULL;
		if (w == NULL || strcmp(w->id, raws[i].weight) != 0)
			bad(ps, path, "reporting.unknown_reference",
			    "không có chỉ tiêu nào mang mã “%s”",
			    "no element has the id “%s”", raws[i].weight);
		else if (w == el)
			bad(ps, path, "reporting.bad_reference",
			    "chỉ tiêu không thể là trọng số của chính nó",
			    "an element cannot weight itself");
		else if (w->kind != REP_NUMBER && w->kind != REP_MONEY)
			bad(ps, path, "reporting.bad_reference",
			    "trọng số phải là chỉ tiêu dạng số hoặc tiền, "
			    "“%s” là dạng %s%.0s", "the weight must be a "
			    "number or money element, “%s” is %.0s%s", w->id,
			    kind_vi[w->kind], rep_kind_names[w->kind]);
		else
			el->weight = (long)(w - f->elements);
	}
}

/* ---- formulas and rules ---- */

static long
form_resolve(const void *ctx, const char *id, const char **type_name)
{
	const struct rep_form *f = ctx;
	long slot = rep_slot(f, id);
	const struct rep_element *el;

	if (slot < 0)
		return -1;
	el = rep_slot_element(f, (size_t)slot, NULL);
	if (el->kind == REP_TEXT) {
		*type_name = "text";
		return -2;
	}
	return slot;
}

static bool
compile(struct fparse *ps, const char *text, const char *field,
    const struct crit_formula **out)
{
	const struct crit_formula_refs r = { "reporting", "chỉ tiêu",
		"element", "chỉ tiêu", "element", form_resolve, ps->f };
	struct crit_formula *cf = NULL;
	struct errinfo one;

	if (crit_formula_compile_refs(&r, ps->a, text, field, &cf, &one) !=
	    ERR_OK) {
		record(ps, &one);
		return false;
	}
	*out = cf;
	return true;
}

/* Compile the formulas, refuse cycles among them and keep an order in
 * which each formula element comes after those it reads (an iterative
 * depth-first search: a long chain cannot exhaust the stack). */
static void
compile_formulas(struct fparse *ps)
{
	struct rep_form *f = ps->f;
	char path[REP_PATH_LEN];
	unsigned char *color;	/* 0 new, 1 on the path, 2 done */
	size_t *stack, *pos, *order, n_order = 0, i, top, n = f->n_elements;

	/* A formula that does not compile is left out of the cycle check
	 * (the form is refused anyway); the others are still checked. */
	for (i = 0; i < n; i++)
		if (f->elements[i].formula != NULL)
			(void)compile(ps, f->elements[i].formula, elem_path(ps,
			    path, &f->elements[i], "formula"),
			    &f->elements[i].compiled);
	color = arena_alloc(ps->a, n + 1);
	stack = arena_alloc(ps->a, (n + 1) * sizeof(*stack));
	pos = arena_alloc(ps->a, (n + 1) * sizeof(*pos));
	order = arena_alloc(ps->a, (n + 1) * sizeof(*order));
	for (i = 0; i < n; i++) {
		if (f->elements[i].compiled == NULL || color[i] != 0)
			continue;
		top = 0;
		stack[0] = i;
		pos[0] = 0;
		color[i] = 1;
		while (top != (size_t)-1) {
			size_t u = stack[top], r;
			const struct crit_formula *cf = f->elements[u].compiled;
			const struct rep_element *re;

			if (pos[top] == cf->n_refs) {
				color[u] = 2;
				order[n_order++] = u;
				top--;
				continue;
			}
			re = rep_slot_element(f, (size_t)cf->refs[pos[top]++],
			    NULL);
			r = (size_t)(re - f->elements);
			if (re->compiled == NULL || color[r] == 2)
				continue;
			if (color[r] == 1) {
				bad(ps, elem_path(ps, path, re, "formula"),
				    "reporting.cycle", "công thức của “%s” phụ "
				    "thuộc vòng tròn vào chính nó (qua “%s”)",
				    "the formula of “%s” depends on itself in "
				    "a cycle (through “%s”)", re->id,
				    f->elements[u].id);
				return;
			}
			color[r] = 1;
			stack[++top] = r;
			pos[top] = 0;
		}
	}
	f->formula_order = order;
	f->n_formula_order = n_order;
}

/* The comparison of a check: the one operator outside the references.
 * *at its byte offset, *len its length; false if there is not exactly
 * one. */
static bool
find_op(const char *s, enum crit_op *op, bool *ne, size_t *at_, size_t *len)
{
	size_t i, found = 0;
	int depth = 0;

	for (i = 0; s[i] != '\0'; i++) {
		char c = s[i], d = s[i + 1];

		if (c == '[')
			depth++;
		else if (c == ']')
			depth--;
		if (depth != 0 || (c != '<' && c != '>' && c != '=' &&
		    c != '!'))
			continue;
		if (found++)
			return false;
		*at_ = i;
		*ne = false;
		*len = d == '=' ? 2 : 1;
		if (c == '<')
			*op = d == '=' ? CRIT_LE : CRIT_LT;
		else if (c == '>')
			*op = d == '=' ? CRIT_GE : CRIT_GT;
		else if (d != '=')
			return false;	/* "=" or "!" alone */
		else {
			*op = CRIT_EQ;
			*ne = c == '!';
		}
		i += *len - 1;
	}
	return found == 1;
}

static void
parse_rule(struct fparse *ps, json_t *o, const char *base,
    struct rep_rule *ru)
{
	static const char *const keys[] = { "id", "check", "message",
		"message_en", "blocking", NULL };
	char path[REP_PATH_LEN];
	size_t opat = 0, oplen = 0;
	char *side;

	only_keys(ps, o, base, keys);
	ru->id = req_id(ps, o, base, "id", false);
	ru->check = req_text(ps, o, base, "check", REP_TEXT_MAX);
	ru->message = req_text(ps, o, base, "message", REP_TEXT_MAX);
	ru->message_en = req_text(ps, o, base, "message_en", REP_TEXT_MAX);
	ru->blocking = req_bool(ps, o, base, "blocking");
	if (ru->check == NULL)
		return;
	jpath_key(path, base, "check");
	if (!find_op(ru->check, &ru->op, &ru->ne, &opat, &oplen)) {
		bad(ps, path, "reporting.bad_check",
		    "cần đúng một phép so sánh (<=, <, >=, >, ==, !=) giữa "
		    "hai công thức", "exactly one comparison (<=, <, >=, >, "
		    "==, !=) between two formulas is needed");
		return;
	}
	/* Each side is compiled from a copy of the whole check with the
	 * other side blanked, so a syntax error's position counts from the
	 * start of the check as written. */
	side = arena_strdup(ps->a, ru->check);
	side[opat] = '\0';
	if (!compile(ps, side, path, &ru->left))
		return;
	side = arena_strdup(ps->a, ru->check);
	memset(side, ' ', opat + oplen);
	if (!compile(ps, side, path, &ru->right))
		return;
	ru->first_slot = ru->left->n_refs > 0 ? ru->left->refs[0] :
	    ru->right->n_refs > 0 ? ru->right->refs[0] : -1;
}

static void
parse_rules(struct fparse *ps, json_t *doc)
{
	struct rep_form *f = ps->f;
	char base[REP_PATH_LEN], path[REP_PATH_LEN];
	json_t *arr = array_member(ps, doc, "", "rules", false,
	    REP_RULES_MAX), *o;
	size_t i, k;

	f->rules = arena_alloc(ps->a, (json_array_size(arr) + 1) *
	    sizeof(*f->rules));
	json_array_foreach(arr, i, o) {
		struct rep_rule *ru = &f->rules[f->n_rules];

		if (!list_object(ps, o, "rules", i, base))
			continue;
		memset(ru, 0, sizeof(*ru));
		ru->first_slot = -1;
		parse_rule(ps, o, base, ru);
		if (ru->id == NULL)
			continue;
		for (k = 0; k < f->n_rules; k++)
			if (strcmp(f->rules[k].id, ru->id) == 0)
				break;
		if (k < f->n_rules) {
			bad(ps, jpath_key(path, base, "id"), "reporting.duplicate_id",
			    "mã “%s” đã dùng cho rules[%zu]",
			    "the id “%s” is already used by rules[%zu]",
			    ru->id, k);
			continue;
		}
		if (ru->left != NULL && ru->right != NULL)
			f->n_rules++;
	}
}

/* ---- the whole ---- */

void
rep_form_free(struct rep_form *f)
{
	if (f == NULL)
		return;
	json_decref(f->doc);
	arena_free(f->arena);
}

enum err
rep_form_from_json(json_t *doc, struct rep_form **out,
    struct rep_problems *pr, struct errinfo *ei)
{
	struct arena *a;
	struct rep_form *f;
	struct fparse ps;
	struct elem_raw *raws = NULL;

	*out = NULL;
	if (ei != NULL)
		err_clear(ei);
	a = arena_new(16384);
	f = arena_alloc(a, sizeof(*f));
	f->arena = a;
	f->doc = json_deep_copy(doc);
	memset(&ps, 0, sizeof(ps));
	ps.f = f;
	ps.a = a;
	ps.pr = pr;
	ps.ei = ei;
	if (!json_is_object(f->doc)) {
		bad(&ps, "", "reporting.bad_value",
		    "tài liệu phải là một đối tượng JSON",
		    "the document must be a JSON object");
		goto out;
	}
	parse_top(&ps, f->doc);
	parse_breakdowns(&ps, f->doc);
	parse_elements(&ps, f->doc, &raws);
	rep_slots_index(f);
	resolve_weights(&ps, raws);
	compile_formulas(&ps);
	parse_rules(&ps, f->doc);
out:
	if (ps.err != ERR_OK) {
		rep_form_free(f);
		return ps.err;
	}
	*out = f;
	return ERR_OK;
}

enum err
rep_form_parse(const char *text, size_t len, struct rep_form **out,
    struct rep_problems *pr, struct errinfo *ei)
{
	json_t *doc = NULL;
	struct errinfo one;
	enum err e;

	*out = NULL;
	if ((e = jdoc_load(text, len, REP_DOC_MAX, "reporting", "doc_form",
	    &doc, &one)) != ERR_OK) {
		rep_problem_add(pr, &one);
		if (ei != NULL)
			*ei = one;
		return e;
	}
	e = rep_form_from_json(doc, out, pr, ei);
	json_decref(doc);
	return e;
}

/* ---- what the form says about periods and units ---- */

enum err
rep_form_period_check(const struct rep_form *f, const struct rep_period *p,
    const char *field, struct errinfo *ei)
{
	char t[REP_PERIOD_TEXT];

	if (p->type != f->period_type)
		return err_set(ei, ERR_INVALID, "reporting.wrong_period", field,
		    "%s: biểu mẫu này báo cáo theo %s, không theo kỳ “%s”",
		    "%s: this form is reported by %s, not for the period "
		    "“%s”", field, rep_period_type_names[f->period_type],
		    rep_period_format(p, t));
	if (p->year < f->year_from || p->year > f->year_to)
		return err_set(ei, ERR_INVALID, "reporting.wrong_period", field,
		    "%s: biểu mẫu này dùng cho các năm %d–%d, không cho kỳ "
		    "“%s”", "%s: this form is for the years %d–%d, not for "
		    "the period “%s”", field, f->year_from, f->year_to,
		    rep_period_format(p, t));
	return ERR_OK;
}

long
rep_form_due(const struct rep_form *f, const struct rep_period *p)
{
	return (f->due_from_start ? rep_period_start(p) : rep_period_end(p)) +
	    f->due_days;
}

long
rep_form_period_opens(const struct rep_form *f, const struct rep_period *p)
{
	struct rep_period before;

	if (f->due_from_start && rep_period_prev(p, &before))
		return rep_period_start(&before);
	return rep_period_start(p);
}

bool
rep_form_filled_by(const struct rep_form *f, const char *level)
{
	int l = level != NULL ? units_level_from_name(level) : -1;

	return l >= 0 && (f->levels & (1u << l)) != 0;
}

bool
rep_element_filled_by(const struct rep_form *f, const struct rep_element *el,
    const char *level)
{
	int l;

	if (level == NULL || el->levels == 0)
		return level == NULL || rep_form_filled_by(f, level);
	l = units_level_from_name(level);
	return l >= 0 && (el->levels & (1u << l)) != 0;
}
