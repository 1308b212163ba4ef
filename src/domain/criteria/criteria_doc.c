/*
 * criteria_doc.c - reading and validating a criteria document (format
 * "ntm-criteria/1", docs/CRITERIA.md) into a struct crit_set.
 *
 * The document is checked completely before a set exists: every field of
 * the shared format and of ntm's extensions (criteria.h), every reference
 * (formula inputs, revocation key criteria), the formulas' grammar and the
 * absence of cycles among them, and that no two threshold entries of an
 * indicator could both decide the same (variant, year).  The first problem
 * found stops the parse with ERR_INVALID, errinfo.field set to its JSON
 * path ("criteria[2].indicators[0].thresholds[1].variant"), a code
 * "criteria.<reason>" and a message, in Vietnamese and in English, that
 * starts with the path.  Text that is not JSON, not UTF-8 or larger than
 * CRIT_DOC_MAX is ERR_MALFORMED.  Unknown keys are accepted (forward
 * compatibility) and stay in set->doc.
 *
 * Everything the set points to - its strings copied out of the document,
 * arrays, compiled formulas, the id index - lives in one arena, so
 * crit_set_free is a json_decref and an arena_free.  The parse visits the
 * document in a fixed order (top-level fields, inputs, criteria in order,
 * then set pass rule, revocation, formulas) so the error reported for a
 * given document is always the same one.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/hash.h"
#include "core/jdoc.h"
#include "core/jdoc_fault.h"
#include "core/text.h"
#include "domain/criteria/criteria_internal.h"

#define PATH_LEN	160	/* a JSON path in messages (errinfo.field keeps 63) */

const char *const crit_kind_names[] = {
	"ntm_commune", "ntm_commune_advanced", "ntm_commune_model",
	"ntm_commune_modern", "ntm_district", "ntm_province", "smart_village",
	"dx_readiness", "custom", NULL
};
static const char *const structure_names[] = { "2025", "pre2025", NULL };
static const char *const level_names[] = {
	"country", "province", "district", "commune", "village", NULL
};
static const char *const unit_class_names[] = {
	"rural", "urban", "special_zone", NULL
};
const char *const crit_variant_by_names[] = {
	[CRIT_BY_NONE] = "none", [CRIT_BY_REGION7] = "region7",
	[CRIT_BY_COMMUNE_GROUP] = "commune_group", NULL
};
static const char *const rule_names[] = { "all", "at_least", NULL };
static const char *const delegated_names[] = { "province", NULL };

struct parse {
	struct crit_set *s;
	struct arena *a;
	struct errinfo *ei;
	struct crit_idmap crits;	/* criterion id -> index */
	size_t n_ind;			/* indicators filled so far */
};

/* ---- the id map (shared with criteria_eval.c through the header) ---- */

/* The slot of key in m's table. */
static size_t
idmap_slot(const struct crit_idmap *m, const char *key)
{
	return (size_t)hash_fnv1a(HASH_FNV1A_INIT, key, strlen(key)) &
	    (m->cap - 1);
}

void
crit_idmap_init(struct crit_idmap *m, struct arena *a, size_t n)
{
	size_t cap = 8;

	while (cap < 2 * n + 2)
		cap *= 2;
	m->cap = cap;
	m->keys = arena_alloc(a, cap * sizeof(*m->keys));
	m->vals = arena_alloc(a, cap * sizeof(*m->vals));
}

long
crit_idmap_get(const struct crit_idmap *m, const char *key)
{
	size_t i;

	if (m->cap == 0)
		return -1;
	for (i = idmap_slot(m, key); m->keys[i] != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	return -1;
}

bool
crit_idmap_put(struct crit_idmap *m, const char *key, long val)
{
	size_t i;

	for (i = idmap_slot(m, key); m->keys[i] != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0)
			return false;
	m->keys[i] = key;
	m->vals[i] = val;
	return true;
}

/* ---- errors and paths ---- */

/*
 * Fail with ERR_INVALID, code and field path; the message, in Vietnamese
 * and in English (vi and en: printf formats over the same arguments), is
 * "path: text" ("tài liệu: " / "document: " for the document itself):
 * the wording every document parser shares (core/jdoc_fault.h).
 */
#define bad(p, ...)	jdoc_bad((p)->ei, __VA_ARGS__)

/* base.key into buf (key alone when base is the document). */
static const char *
at(char *buf, const char *base, const char *key)
{
	/* Using the result tells gcc that truncation (a path longer than
	 * any field can show anyway) is expected. */
	if (snprintf(buf, PATH_LEN, "%s%s%s", base, base[0] != '\0' ? "." : "",
	    key) >= PATH_LEN)
		buf[PATH_LEN - 1] = '\0';
	return buf;
}

/* base[i] into buf. */
static const char *
at_index(char *buf, const char *base, size_t i)
{
	if (snprintf(buf, PATH_LEN, "%s[%zu]", base, i) >= PATH_LEN)
		buf[PATH_LEN - 1] = '\0';
	return buf;
}

/* "a, b, c" of a NULL-terminated list (for messages). */
static const char *
list_names(char *buf, size_t size, const char *const *names)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; names[i] != NULL && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s",
		    i > 0 ? ", " : "", names[i]);
	return buf;
}

/* criteria.missing_field at path. */
static enum err
missing(struct parse *p, const char *path)
{
	return bad(p, "criteria.missing_field", path, "thiếu trường bắt buộc",
	    "a required field is missing");
}

/* ---- typed members ---- */

/* The member key of obj into *out (its path base.key into path), which
 * must be there and not null. */
static enum err
required(struct parse *p, json_t *obj, const char *base, const char *key,
    char *path, json_t **out)
{
	at(path, base, key);
	*out = json_object_get(obj, key);
	if (*out == NULL || json_is_null(*out))
		return missing(p, path);
	return ERR_OK;
}

/* v must be a string of at most max bytes, valid UTF-8 without NUL;
 * *out is its copy in the set's arena. */
static enum err
text_value(struct parse *p, json_t *v, const char *path, size_t max,
    const char **out)
{
	const char *str;
	size_t len;

	if (!json_is_string(v))
		return bad(p, "criteria.bad_value", path, "cần một chuỗi",
		    "a string is needed");
	str = json_string_value(v);
	len = json_string_length(v);
	if (len > max)
		return bad(p, "criteria.too_long", path,
		    "chuỗi dài %zu byte, tối đa %zu",
		    "the text is %zu bytes long, at most %zu", len, max);
	if (memchr(str, '\0', len) != NULL || !text_utf8_valid(str, len))
		return bad(p, "criteria.bad_value", path,
		    "chuỗi có byte NUL hoặc UTF-8 không hợp lệ",
		    "the text has a NUL byte or is not valid UTF-8");
	*out = arena_strndup(p->a, str, len);
	return ERR_OK;
}

/* An optional text member: absent or null gives NULL. */
static enum err
opt_text(struct parse *p, json_t *obj, const char *base, const char *key,
    const char **out)
{
	char path[PATH_LEN];
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return ERR_OK;
	return text_value(p, v, at(path, base, key), CRIT_TEXT_MAX, out);
}

/* A required, non-empty text member. */
static enum err
req_text(struct parse *p, json_t *obj, const char *base, const char *key,
    const char **out)
{
	char path[PATH_LEN];
	json_t *v;
	enum err e;

	if ((e = required(p, obj, base, key, path, &v)) != ERR_OK ||
	    (e = text_value(p, v, path, CRIT_TEXT_MAX, out)) != ERR_OK)
		return e;
	if ((*out)[0] == '\0')
		return bad(p, "criteria.empty", path, "không được để trống",
		    "must not be empty");
	return ERR_OK;
}

/* The id member key of obj (text_id_valid): required when need, else
 * absent or null leaves *out as it is. */
static enum err
id_member(struct parse *p, json_t *obj, const char *base, const char *key,
    bool need, const char **out)
{
	char path[PATH_LEN];
	json_t *v = json_object_get(obj, key);
	enum err e;

	if (!need && (v == NULL || json_is_null(v)))
		return ERR_OK;
	if ((e = required(p, obj, base, key, path, &v)) != ERR_OK ||
	    (e = text_value(p, v, path, CRIT_TEXT_MAX, out)) != ERR_OK)
		return e;
	if (!text_id_valid(*out, CRIT_ID_MAX))
		return bad(p, "criteria.bad_id", path,
		    "mã “%.*s” không hợp lệ (chữ thường, số, . _ -; bắt đầu "
		    "bằng chữ hoặc số; tối đa %d byte)",
		    "the id “%.*s” is not valid (lower-case letters, "
		    "digits, . _ -; starting with a letter or digit; at most "
		    "%d bytes)", 80, *out, CRIT_ID_MAX);
	return ERR_OK;
}

/*
 * A member whose value is one of names (NULL-terminated).  Absent or null:
 * dflt, or criteria.missing_field when dflt < 0.  A value not listed fails
 * with code.
 */
static enum err
choice(struct parse *p, json_t *obj, const char *base, const char *key,
    const char *const *names, int dflt, const char *code, int *out)
{
	char path[PATH_LEN], list[200];
	json_t *v = json_object_get(obj, key);
	const char *str;
	int i;

	at(path, base, key);
	if (v == NULL || json_is_null(v)) {
		if (dflt < 0)
			return missing(p, path);
		*out = dflt;
		return ERR_OK;
	}
	if (!json_is_string(v))
		return bad(p, "criteria.bad_value", path, "cần một chuỗi",
		    "a string is needed");
	str = json_string_value(v);
	for (i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], str) == 0) {
			*out = i;
			return ERR_OK;
		}
	return bad(p, code, path, "giá trị “%.*s” không được hỗ trợ (chỉ: %s)",
	    "the value “%.*s” is not supported (only: %s)",
	    60, str, list_names(list, sizeof(list), names));
}

static enum err
int_value(struct parse *p, json_t *v, const char *path, long lo, long hi,
    const char *code, int *out)
{
	json_int_t n;

	if (!json_is_integer(v))
		return bad(p, "criteria.bad_value", path, "cần một số nguyên",
		    "an integer is needed");
	n = json_integer_value(v);
	if (n < lo || n > hi)
		return bad(p, code, path, "%lld nằm ngoài khoảng %ld–%ld",
		    "%lld is outside %ld–%ld",
		    (long long)n, lo, hi);
	*out = (int)n;
	return ERR_OK;
}

static enum err
num_value(struct parse *p, json_t *v, const char *path, double *out)
{
	if (!json_is_number(v))
		return bad(p, "criteria.bad_value", path, "cần một số",
		    "a number is needed");
	*out = json_number_value(v);
	if (!isfinite(*out))
		return bad(p, "criteria.bad_value", path, "số không hữu hạn",
		    "the number is not finite");
	return ERR_OK;
}

/* A required number member. */
static enum err
req_num(struct parse *p, json_t *obj, const char *base, const char *key,
    double *out)
{
	char path[PATH_LEN];
	json_t *v;
	enum err e;

	if ((e = required(p, obj, base, key, path, &v)) != ERR_OK)
		return e;
	return num_value(p, v, path, out);
}

/* A required object member. */
static enum err
req_object(struct parse *p, json_t *obj, const char *base, const char *key,
    json_t **out)
{
	char path[PATH_LEN];
	enum err e;

	if ((e = required(p, obj, base, key, path, out)) != ERR_OK)
		return e;
	if (!json_is_object(*out))
		return bad(p, "criteria.bad_value", path, "cần một đối tượng",
		    "an object is needed");
	return ERR_OK;
}

/* An optional array member: absent or null gives NULL. */
static enum err
opt_array(struct parse *p, json_t *obj, const char *base, const char *key,
    json_t **out)
{
	char path[PATH_LEN];

	*out = json_object_get(obj, key);
	if (*out == NULL || json_is_null(*out)) {
		*out = NULL;
		return ERR_OK;
	}
	if (!json_is_array(*out))
		return bad(p, "criteria.bad_value", at(path, base, key),
		    "cần một mảng",
		    "a list is needed");
	return ERR_OK;
}

/* A field that this kind of indicator must not have. */
static enum err
forbid(struct parse *p, json_t *obj, const char *base, const char *key,
    const char *why_vi, const char *why_en)
{
	char path[PATH_LEN];
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return ERR_OK;
	return bad(p, "criteria.unexpected_field", at(path, base, key),
	    "không dùng cho %s%.0s", "%.0snot allowed on %s", why_vi, why_en);
}

/*
 * "pass_rule" of obj: {"type":"all"} (or absent) gives 0, {"type":
 * "at_least","count":N} gives N, 1 <= N <= n_items.
 */
static enum err
pass_rule(struct parse *p, json_t *obj, const char *base, size_t n_items,
    int *at_least)
{
	char path[PATH_LEN], cpath[PATH_LEN];
	json_t *v;
	int type;
	enum err e;

	*at_least = 0;
	if ((v = json_object_get(obj, "pass_rule")) == NULL || json_is_null(v))
		return ERR_OK;
	at(path, base, "pass_rule");
	if (!json_is_object(v))
		return bad(p, "criteria.bad_value", path, "cần một đối tượng",
		    "an object is needed");
	if ((e = choice(p, v, path, "type", rule_names, -1,
	    "criteria.unknown_value", &type)) != ERR_OK)
		return e;
	if (type == 0)
		return ERR_OK;
	at(cpath, path, "count");
	if (json_object_get(v, "count") == NULL)
		return missing(p, cpath);
	if (n_items == 0)
		return bad(p, "criteria.bad_value", cpath,
		    "không có mục nào để đếm",
		    "there is nothing to count");
	return int_value(p, json_object_get(v, "count"), cpath, 1,
	    (long)(n_items > INT_MAX ? INT_MAX : n_items), "criteria.bad_value",
	    at_least);
}

/* ---- thresholds ---- */

static bool
years_overlap(const struct crit_threshold *a, const struct crit_threshold *b)
{
	int alo = a->from_year ? a->from_year : INT_MIN;
	int ahi = a->to_year ? a->to_year : INT_MAX;
	int blo = b->from_year ? b->from_year : INT_MIN;
	int bhi = b->to_year ? b->to_year : INT_MAX;

	return (alo > blo ? alo : blo) <= (ahi < bhi ? ahi : bhi);
}

static bool
same_variant(const struct crit_threshold *a, const struct crit_threshold *b)
{
	if (a->variant == NULL || b->variant == NULL)
		return a->variant == b->variant;
	return strcmp(a->variant, b->variant) == 0;
}

static enum err
parse_threshold(struct parse *p, json_t *t, const char *path,
    const struct crit_indicator *ind, struct crit_threshold *out)
{
	const struct crit_set *s = p->s;
	char fpath[PATH_LEN];
	json_t *v;
	enum err e;

	if (!json_is_object(t))
		return bad(p, "criteria.bad_value", path, "cần một đối tượng",
		    "an object is needed");
	if ((v = json_object_get(t, "variant")) != NULL && !json_is_null(v)) {
		at(fpath, path, "variant");
		if (s->variant_by == CRIT_BY_NONE)
			return bad(p, "criteria.unknown_variant", fpath,
			    "bộ tiêu chí không phân theo vùng hay nhóm xã "
			    "(variant_by \"none\")",
			    "the set has no regions or commune groups "
			    "(variant_by \"none\")");
		if ((e = text_value(p, v, fpath, CRIT_TEXT_MAX, &out->variant)) !=
		    ERR_OK)
			return e;
		if (!crit_variant_valid(s, out->variant))
			return bad(p, "criteria.unknown_variant", fpath,
			    "“%s” không phải %s%.0s hợp lệ",
			    "“%s” is not a valid %.0s%s", out->variant,
			    crit_variant_words[s->variant_by].vi,
			    crit_variant_words[s->variant_by].en);
		out->variant_no = crit_variant_number(out->variant);
	}
	if ((v = json_object_get(t, "from_year")) != NULL && !json_is_null(v) &&
	    (e = int_value(p, v, at(fpath, path, "from_year"), s->year_from,
	    s->year_to, "criteria.bad_year", &out->from_year)) != ERR_OK)
		return e;
	if ((v = json_object_get(t, "to_year")) != NULL && !json_is_null(v) &&
	    (e = int_value(p, v, at(fpath, path, "to_year"), s->year_from,
	    s->year_to, "criteria.bad_year", &out->to_year)) != ERR_OK)
		return e;
	if (out->from_year != 0 && out->to_year != 0 &&
	    out->from_year > out->to_year)
		return bad(p, "criteria.bad_year", at(fpath, path, "to_year"),
		    "to_year %d trước from_year %d",
		    "to_year %d is before from_year %d", out->to_year,
		    out->from_year);
	at(fpath, path, "value");
	if ((v = json_object_get(t, "value")) == NULL)
		return bad(p, "criteria.missing_field", fpath,
		    "thiếu trường bắt buộc (null nếu chưa cấu hình)",
		    "a required field is missing (null when not configured "
		    "yet)");
	if (!json_is_null(v)) {
		if ((e = num_value(p, v, fpath, &out->value)) != ERR_OK)
			return e;
		out->configured = true;
		if (ind->percent && (out->value < 0 || out->value > 100))
			return bad(p, "criteria.bad_value", fpath,
			    "tỷ lệ phần trăm phải trong khoảng 0–100",
			    "a percentage must be within 0–100");
		if (ind->has_min && out->value < ind->min)
			return bad(p, "criteria.bad_value", fpath,
			    "nhỏ hơn min của chỉ tiêu",
			    "less than the indicator's min");
		if (ind->has_max && out->value > ind->max)
			return bad(p, "criteria.bad_value", fpath,
			    "lớn hơn max của chỉ tiêu",
			    "greater than the indicator's max");
	}
	if ((e = opt_text(p, t, path, "status", &out->status)) != ERR_OK ||
	    (e = opt_text(p, t, path, "source", &out->source)) != ERR_OK ||
	    (e = opt_text(p, t, path, "note", &out->note)) != ERR_OK)
		return e;
	return ERR_OK;
}

static enum err
parse_thresholds(struct parse *p, json_t *arr, const char *base,
    struct crit_indicator *ind)
{
	char path[PATH_LEN], tpath[PATH_LEN];
	size_t i, j, n = json_array_size(arr);
	struct crit_threshold *ts;
	enum err e;

	at(path, base, "thresholds");
	if (n > CRIT_THRESHOLDS_MAX)
		return bad(p, "criteria.too_many", path,
		    "quá nhiều mục ngưỡng (%zu, tối đa %d)",
		    "too many threshold entries (%zu, at most %d)", n,
		    CRIT_THRESHOLDS_MAX);
	ts = arena_alloc(p->a, (n > 0 ? n : 1) * sizeof(*ts));
	for (i = 0; i < n; i++) {
		at_index(tpath, path, i);
		if ((e = parse_threshold(p, json_array_get(arr, i), tpath, ind,
		    &ts[i])) != ERR_OK)
			return e;
		for (j = 0; j < i; j++) {
			bool yi = ts[i].from_year || ts[i].to_year;
			bool yj = ts[j].from_year || ts[j].to_year;

			if (yi == yj && same_variant(&ts[i], &ts[j]) &&
			    years_overlap(&ts[i], &ts[j]))
				return bad(p, "criteria.ambiguous_threshold",
				    tpath, "cùng phạm vi (nhóm/vùng và năm) "
				    "với thresholds[%zu]: không biết mục nào "
				    "quyết định",
				    "the same scope (group/region and "
				    "years) as thresholds[%zu]: which entry "
				    "decides is unclear", j);
		}
	}
	ind->thresholds = ts;
	ind->n_thresholds = n;
	return ERR_OK;
}

/* ---- indicators ---- */

/* "values" and "passing" of an enum indicator. */
static enum err
parse_enum(struct parse *p, json_t *obj, const char *base,
    struct crit_indicator *ind)
{
	char path[PATH_LEN], epath[PATH_LEN];
	json_t *arr;
	size_t i, j, n;
	enum err e;

	at(path, base, "values");
	if ((e = opt_array(p, obj, base, "values", &arr)) != ERR_OK)
		return e;
	if (arr == NULL)
		return bad(p, "criteria.missing_field", path,
		    "chỉ tiêu dạng enum cần danh sách values",
		    "an enum indicator needs a values list");
	if ((n = json_array_size(arr)) == 0)
		return bad(p, "criteria.empty", path, "danh sách values rỗng",
		    "the values list is empty");
	ind->values = arena_alloc(p->a, n * sizeof(*ind->values));
	for (i = 0; i < n; i++) {
		at_index(epath, path, i);
		if ((e = text_value(p, json_array_get(arr, i), epath,
		    CRIT_ENUM_TEXT_MAX, &ind->values[i])) != ERR_OK)
			return e;
		if (ind->values[i][0] == '\0')
			return bad(p, "criteria.empty", epath,
			    "giá trị không được để trống",
			    "a value must not be empty");
		for (j = 0; j < i; j++)
			if (strcmp(ind->values[i], ind->values[j]) == 0)
				return bad(p, "criteria.duplicate_value", epath,
				    "“%s” lặp lại values[%zu]",
				    "“%s” repeats values[%zu]", ind->values[i],
				    j);
	}
	ind->n_values = n;

	at(path, base, "passing");
	if ((e = opt_array(p, obj, base, "passing", &arr)) != ERR_OK)
		return e;
	if (arr == NULL)
		return bad(p, "criteria.missing_field", path,
		    "chỉ tiêu dạng enum cần danh sách passing",
		    "an enum indicator needs a passing list");
	n = json_array_size(arr);
	ind->passing = arena_alloc(p->a, (n > 0 ? n : 1) *
	    sizeof(*ind->passing));
	for (i = 0; i < n; i++) {
		at_index(epath, path, i);
		if ((e = text_value(p, json_array_get(arr, i), epath,
		    CRIT_ENUM_TEXT_MAX, &ind->passing[i])) != ERR_OK)
			return e;
		for (j = 0; j < ind->n_values; j++)
			if (strcmp(ind->passing[i], ind->values[j]) == 0)
				break;
		if (j == ind->n_values)
			return bad(p, "criteria.unknown_value", epath,
			    "“%s” không có trong values",
			    "“%s” is not in values", ind->passing[i]);
		for (j = 0; j < i; j++)
			if (strcmp(ind->passing[i], ind->passing[j]) == 0)
				return bad(p, "criteria.duplicate_value", epath,
				    "“%s” lặp lại passing[%zu]",
				    "“%s” repeats passing[%zu]",
				    ind->passing[i], j);
	}
	ind->n_passing = n;
	return ERR_OK;
}

static enum err
parse_minmax(struct parse *p, json_t *obj, const char *base,
    struct crit_indicator *ind)
{
	char path[PATH_LEN];
	json_t *v;
	enum err e;

	if ((v = json_object_get(obj, "min")) != NULL && !json_is_null(v)) {
		if ((e = num_value(p, v, at(path, base, "min"), &ind->min)) !=
		    ERR_OK)
			return e;
		ind->has_min = true;
		if (ind->percent && (ind->min < 0 || ind->min > 100))
			return bad(p, "criteria.bad_value", path,
			    "tỷ lệ phần trăm phải trong khoảng 0–100",
			    "a percentage must be within 0–100");
	}
	if ((v = json_object_get(obj, "max")) != NULL && !json_is_null(v)) {
		if ((e = num_value(p, v, at(path, base, "max"), &ind->max)) !=
		    ERR_OK)
			return e;
		ind->has_max = true;
		if (ind->percent && (ind->max < 0 || ind->max > 100))
			return bad(p, "criteria.bad_value", path,
			    "tỷ lệ phần trăm phải trong khoảng 0–100",
			    "a percentage must be within 0–100");
		if (ind->has_min && ind->min > ind->max)
			return bad(p, "criteria.bad_value", path,
			    "max nhỏ hơn min",
			    "max is less than min");
	}
	return ERR_OK;
}

/* "weight": required (a number >= 0) on every indicator of a scored set,
 * meaningless without "scoring". */
static enum err
parse_weight(struct parse *p, json_t *obj, const char *base,
    struct crit_indicator *ind)
{
	char path[PATH_LEN];
	json_t *v = json_object_get(obj, "weight");
	enum err e;

	if (!p->s->scored)
		return forbid(p, obj, base, "weight",
		    "bộ tiêu chí không có cách tính điểm (scoring)",
		    "a set without scoring");
	at(path, base, "weight");
	if (v == NULL || json_is_null(v))
		return bad(p, "criteria.missing_field", path,
		    "bộ tiêu chí có tính điểm: mỗi chỉ tiêu cần trọng số "
		    "(weight, số điểm khi đạt đủ)",
		    "the set is scored: every indicator needs a weight (its "
		    "points at full credit)");
	if ((e = num_value(p, v, path, &ind->weight)) != ERR_OK)
		return e;
	if (ind->weight < 0)
		return bad(p, "criteria.bad_value", path,
		    "trọng số không được âm",
		    "a weight must not be negative");
	return ERR_OK;
}

/* "observed": one of crit_observed_names, on a number or boolean that
 * has no formula - the platform computes the value, nobody enters it. */
static enum err
parse_observed(struct parse *p, json_t *obj, const char *base,
    struct crit_indicator *ind)
{
	char path[PATH_LEN];
	json_t *v = json_object_get(obj, "observed");
	int k;
	enum err e;

	if (v == NULL || json_is_null(v))
		return ERR_OK;
	at(path, base, "observed");
	if ((e = choice(p, obj, base, "observed", crit_observed_names, -1,
	    "criteria.unknown_value", &k)) != ERR_OK)
		return e;
	if (ind->type != CRIT_NUMBER && ind->type != CRIT_BOOLEAN)
		return bad(p, "criteria.unexpected_field", path,
		    "chỉ tiêu đo trên nền tảng phải là dạng số (number) hoặc "
		    "đạt/không đạt (boolean)",
		    "an observed indicator must be a number or a boolean");
	if (ind->formula != NULL)
		return bad(p, "criteria.unexpected_field", path,
		    "chỉ tiêu đo trên nền tảng không có công thức (formula): "
		    "giá trị do nền tảng tính",
		    "an observed indicator has no formula: the platform "
		    "computes its value");
	ind->observed = crit_observed_names[k];
	return ERR_OK;
}

static enum err
parse_indicator(struct parse *p, json_t *obj, const char *base,
    size_t criterion)
{
	struct crit_indicator *ind = &p->s->indicators[p->n_ind];
	char path[PATH_LEN];
	json_t *v, *arr;
	int type, op, i;
	enum err e;
	bool numeric;

	if (!json_is_object(obj))
		return bad(p, "criteria.bad_value", base, "cần một đối tượng",
		    "an object is needed");
	ind->criterion = criterion;
	if ((e = id_member(p, obj, base, "id", true, &ind->id)) != ERR_OK)
		return e;
	if (!crit_idmap_put(&p->s->priv->slots, ind->id, (long)p->n_ind))
		return bad(p, "criteria.duplicate_id", at(path, base, "id"),
		    "mã “%s” đã dùng cho một chỉ tiêu hoặc đầu vào khác",
		    "the id “%s” is already used by another indicator or "
		    "input",
		    ind->id);
	if ((e = req_text(p, obj, base, "name", &ind->name)) != ERR_OK ||
	    (e = opt_text(p, obj, base, "name_en", &ind->name_en)) != ERR_OK ||
	    (e = opt_text(p, obj, base, "source", &ind->source)) != ERR_OK ||
	    (e = opt_text(p, obj, base, "note", &ind->note)) != ERR_OK ||
	    (e = opt_text(p, obj, base, "unit", &ind->unit)) != ERR_OK)
		return e;
	if ((e = choice(p, obj, base, "type", crit_type_names, -1,
	    "criteria.unknown_type", &type)) != ERR_OK)
		return e;
	ind->type = (enum crit_type)type;
	numeric = ind->type == CRIT_NUMBER || ind->type == CRIT_CHILDREN_SHARE;
	ind->percent = ind->type == CRIT_CHILDREN_SHARE ||
	    (ind->unit != NULL && strcmp(ind->unit, "%") == 0);

	/* op: required for numbers, meaningless otherwise. */
	at(path, base, "op");
	v = json_object_get(obj, "op");
	if (numeric) {
		if (v == NULL || json_is_null(v))
			return bad(p, "criteria.missing_field", path,
			    "chỉ tiêu dạng %s cần phép so sánh op (>=, >, <=, "
			    "<, ==)",
			    "a %s indicator needs a comparison op (>=, >, "
			    "<=, <, ==)", crit_type_names[type]);
		if (!json_is_string(v))
			return bad(p, "criteria.bad_value", path,
			    "cần một chuỗi",
			    "a string is needed");
		op = CRIT_OP_NONE;
		for (i = CRIT_GE; i <= CRIT_EQ; i++)
			if (strcmp(crit_op_names[i], json_string_value(v)) == 0)
				op = i;
		if (op == CRIT_OP_NONE)
			return bad(p, "criteria.unknown_op", path,
			    "phép so sánh “%.*s” không được hỗ trợ (chỉ: >=, "
			    ">, <=, <, ==)",
			    "the comparison “%.*s” is not supported (only: "
			    ">=, >, <=, <, ==)", 20, json_string_value(v));
		ind->op = (enum crit_op)op;
	} else if ((e = forbid(p, obj, base, "op", "chỉ tiêu đạt/không đạt "
	    "hay dạng lựa chọn", "a met/not met or choice indicator")) !=
	    ERR_OK)
		return e;

	/* The type's own fields, and the others' refused. */
	if (ind->type == CRIT_CHILDREN_SHARE) {
		if ((e = id_member(p, obj, base, "of_set", true,
		    &ind->of_set)) != ERR_OK)
			return e;
		if ((e = choice(p, obj, base, "status", crit_status_names, -1,
		    "criteria.unknown_value", &i)) != ERR_OK)
			return e;
		ind->child_status = crit_status_names[i];
		if ((e = opt_text(p, obj, base, "wording_status",
		    &ind->status)) != ERR_OK)
			return e;
	} else {
		if ((e = opt_text(p, obj, base, "status", &ind->status)) !=
		    ERR_OK ||
		    (e = forbid(p, obj, base, "of_set",
		    "chỉ tiêu không phải children_share",
		    "an indicator that is not children_share")) != ERR_OK)
			return e;
	}
	if (ind->type == CRIT_ENUM) {
		if ((e = parse_enum(p, obj, base, ind)) != ERR_OK)
			return e;
	} else if ((e = forbid(p, obj, base, "values",
	    "chỉ tiêu không phải enum", "an indicator that is not enum")) !=
	    ERR_OK ||
	    (e = forbid(p, obj, base, "passing",
	    "chỉ tiêu không phải enum", "an indicator that is not enum")) !=
	    ERR_OK)
		return e;
	if (ind->type == CRIT_NUMBER) {
		if ((e = parse_minmax(p, obj, base, ind)) != ERR_OK ||
		    (e = opt_text(p, obj, base, "formula", &ind->formula)) !=
		    ERR_OK)
			return e;
	} else if ((e = forbid(p, obj, base, "min",
	    "chỉ tiêu không phải dạng số",
	    "an indicator that is not a number")) != ERR_OK ||
	    (e = forbid(p, obj, base, "max",
	    "chỉ tiêu không phải dạng số",
	    "an indicator that is not a number")) != ERR_OK ||
	    (e = forbid(p, obj, base, "formula",
	    "chỉ tiêu không phải dạng số (number)",
	    "an indicator that is not a number")) != ERR_OK)
		return e;
	if (numeric) {
		if ((v = json_object_get(obj, "delegated_to")) != NULL &&
		    !json_is_null(v)) {
			if ((e = choice(p, obj, base, "delegated_to",
			    delegated_names, -1, "criteria.unknown_value",
			    &i)) != ERR_OK)
				return e;
			ind->delegated = true;
		}
		if ((e = opt_array(p, obj, base, "thresholds", &arr)) != ERR_OK)
			return e;
		if (arr != NULL &&
		    (e = parse_thresholds(p, arr, base, ind)) != ERR_OK)
			return e;
	} else {
		if ((e = forbid(p, obj, base, "delegated_to",
		    "chỉ tiêu không có ngưỡng số",
		    "an indicator without numeric thresholds")) != ERR_OK ||
		    (e = opt_array(p, obj, base, "thresholds", &arr)) != ERR_OK)
			return e;
		if (arr != NULL && json_array_size(arr) > 0)
			return bad(p, "criteria.unexpected_field",
			    at(path, base, "thresholds"),
			    "chỉ tiêu đạt/không đạt hay dạng lựa chọn không "
			    "có ngưỡng",
			    "a met/not met or choice indicator has no "
			    "thresholds");
	}
	if ((e = parse_weight(p, obj, base, ind)) != ERR_OK ||
	    (e = parse_observed(p, obj, base, ind)) != ERR_OK)
		return e;
	p->n_ind++;
	return ERR_OK;
}

/* ---- criteria, inputs, revocation ---- */

static enum err
parse_criterion(struct parse *p, json_t *obj, const char *base, size_t ci)
{
	struct crit_criterion *c = &p->s->criteria[ci];
	char path[PATH_LEN], ipath[PATH_LEN];
	json_t *arr;
	size_t i, n;
	enum err e;

	if (!json_is_object(obj))
		return bad(p, "criteria.bad_value", base, "cần một đối tượng",
		    "an object is needed");
	if ((e = id_member(p, obj, base, "id", true, &c->id)) != ERR_OK)
		return e;
	if (!crit_idmap_put(&p->crits, c->id, (long)ci))
		return bad(p, "criteria.duplicate_id", at(path, base, "id"),
		    "mã tiêu chí “%s” bị trùng",
		    "the criterion id “%s” is used twice", c->id);
	if ((e = req_text(p, obj, base, "name", &c->name)) != ERR_OK ||
	    (e = opt_text(p, obj, base, "name_en", &c->name_en)) != ERR_OK ||
	    (e = opt_text(p, obj, base, "group", &c->group)) != ERR_OK ||
	    (e = opt_text(p, obj, base, "status", &c->status)) != ERR_OK ||
	    (e = opt_text(p, obj, base, "source", &c->source)) != ERR_OK ||
	    (e = opt_text(p, obj, base, "note", &c->note)) != ERR_OK)
		return e;
	at(path, base, "indicators");
	if ((e = opt_array(p, obj, base, "indicators", &arr)) != ERR_OK)
		return e;
	if (arr == NULL)
		return bad(p, "criteria.missing_field", path,
		    "thiếu danh sách chỉ tiêu (có thể là [] khi chưa biết)",
		    "the list of indicators is missing ([] while they are "
		    "not known)");
	n = json_array_size(arr);
	c->first = p->n_ind;
	for (i = 0; i < n; i++) {
		at_index(ipath, path, i);
		if ((e = parse_indicator(p, json_array_get(arr, i), ipath, ci)) !=
		    ERR_OK)
			return e;
	}
	c->n = n;
	return pass_rule(p, obj, base, n, &c->at_least);
}

static enum err
parse_inputs(struct parse *p, json_t *arr, size_t n_indicators)
{
	struct crit_set *s = p->s;
	char path[PATH_LEN], fpath[PATH_LEN];
	size_t i;
	json_t *obj;
	enum err e;

	s->n_inputs = json_array_size(arr);
	s->inputs = arena_alloc(p->a, (s->n_inputs > 0 ? s->n_inputs : 1) *
	    sizeof(*s->inputs));
	for (i = 0; i < s->n_inputs; i++) {
		struct crit_input *in = &s->inputs[i];

		at_index(path, "inputs", i);
		obj = json_array_get(arr, i);
		if (!json_is_object(obj))
			return bad(p, "criteria.bad_value", path,
			    "cần một đối tượng",
			    "an object is needed");
		if ((e = id_member(p, obj, path, "id", true, &in->id)) !=
		    ERR_OK ||
		    (e = opt_text(p, obj, path, "name", &in->name)) != ERR_OK ||
		    (e = opt_text(p, obj, path, "unit", &in->unit)) != ERR_OK)
			return e;
		if (in->name == NULL || in->name[0] == '\0')
			in->name = in->id;
		if (!crit_idmap_put(&s->priv->slots, in->id,
		    (long)(n_indicators + i)))
			return bad(p, "criteria.duplicate_id",
			    at(fpath, path, "id"), "mã đầu vào “%s” bị trùng",
			    "the input id “%s” is used twice",
			    in->id);
	}
	return ERR_OK;
}

static enum err
parse_revocation(struct parse *p, json_t *r)
{
	struct crit_set *s = p->s;
	char path[PATH_LEN];
	json_t *arr;
	size_t i, j;
	enum err e;

	if (!json_is_object(r))
		return bad(p, "criteria.bad_value", "revocation",
		    "cần một đối tượng",
		    "an object is needed");
	if ((e = req_num(p, r, "revocation", "fail_share_from",
	    &s->fail_share_from)) != ERR_OK ||
	    (e = req_num(p, r, "revocation", "fail_share_below",
	    &s->fail_share_below)) != ERR_OK ||
	    (e = req_num(p, r, "revocation", "fail_share_always",
	    &s->fail_share_always)) != ERR_OK)
		return e;
	if (s->fail_share_from < 0 || s->fail_share_from >= 1)
		return bad(p, "criteria.bad_value", "revocation.fail_share_from",
		    "phải trong khoảng [0, 1)",
		    "must be in [0, 1)");
	if (s->fail_share_below <= s->fail_share_from ||
	    s->fail_share_below > 1)
		return bad(p, "criteria.bad_value",
		    "revocation.fail_share_below",
		    "phải lớn hơn fail_share_from và không quá 1",
		    "must be greater than fail_share_from and at most 1");
	if (s->fail_share_always <= 0 || s->fail_share_always > 1)
		return bad(p, "criteria.bad_value",
		    "revocation.fail_share_always",
		    "phải trong khoảng (0, 1]",
		    "must be in (0, 1]");
	if ((e = opt_array(p, r, "revocation", "key_criteria", &arr)) != ERR_OK)
		return e;
	if (arr == NULL)
		return bad(p, "criteria.missing_field", "revocation.key_criteria",
		    "thiếu trường bắt buộc (có thể là [])",
		    "a required field is missing (it may be [])");
	s->n_key_criteria = json_array_size(arr);
	s->key_criteria = arena_alloc(p->a, (s->n_key_criteria > 0 ?
	    s->n_key_criteria : 1) * sizeof(*s->key_criteria));
	for (i = 0; i < s->n_key_criteria; i++) {
		at_index(path, "revocation.key_criteria", i);
		if ((e = text_value(p, json_array_get(arr, i), path,
		    CRIT_TEXT_MAX, &s->key_criteria[i])) != ERR_OK)
			return e;
		if (crit_idmap_get(&p->crits, s->key_criteria[i]) < 0)
			return bad(p, "criteria.unknown_reference", path,
			    "không có tiêu chí nào mang mã “%.*s”",
			    "no criterion has the id “%.*s”", 64,
			    s->key_criteria[i]);
		for (j = 0; j < i; j++)
			if (strcmp(s->key_criteria[i], s->key_criteria[j]) == 0)
				return bad(p, "criteria.duplicate_value", path,
				    "“%s” lặp lại",
				    "“%s” is repeated", s->key_criteria[i]);
	}
	s->has_revocation = true;
	return ERR_OK;
}

/* ---- formulas ---- */

/* The path of indicator i's field into buf. */
static const char *
indicator_path(char *buf, const struct crit_set *s, size_t i,
    const char *field)
{
	size_t c = s->indicators[i].criterion;

	snprintf(buf, PATH_LEN, "criteria[%zu].indicators[%zu].%s", c,
	    i - s->criteria[c].first, field);
	return buf;
}

/*
 * Compile every formula, refuse cycles among them and record an order in
 * which each formula indicator comes after those it references (an
 * iterative depth-first search: a long chain cannot exhaust the stack).
 */
static enum err
compile_formulas(struct parse *p)
{
	struct crit_set *s = p->s;
	char path[PATH_LEN];
	unsigned char *color;	/* 0 new, 1 on the path, 2 done */
	size_t *stack, *pos, *order, n_order = 0, i, top;
	enum err e;

	for (i = 0; i < s->n_indicators; i++) {
		if (s->indicators[i].formula == NULL)
			continue;
		if ((e = crit_formula_compile(s, p->a, s->indicators[i].formula,
		    indicator_path(path, s, i, "formula"),
		    &s->indicators[i].compiled, p->ei)) != ERR_OK)
			return e;
	}
	color = arena_alloc(p->a, s->n_indicators + 1);
	stack = arena_alloc(p->a, (s->n_indicators + 1) * sizeof(*stack));
	pos = arena_alloc(p->a, (s->n_indicators + 1) * sizeof(*pos));
	order = arena_alloc(p->a, (s->n_indicators + 1) * sizeof(*order));
	for (i = 0; i < s->n_indicators; i++) {
		if (s->indicators[i].compiled == NULL || color[i] != 0)
			continue;
		top = 0;
		stack[top] = i;
		pos[top] = 0;
		color[i] = 1;
		while (top != (size_t)-1) {
			size_t u = stack[top];
			const struct crit_formula *f = s->indicators[u].compiled;
			long r;

			if (pos[top] == f->n_refs) {
				color[u] = 2;
				order[n_order++] = u;
				top--;
				continue;
			}
			r = f->refs[pos[top]++];
			if ((size_t)r >= s->n_indicators ||
			    s->indicators[r].compiled == NULL ||
			    color[r] == 2)
				continue;
			if (color[r] == 1)
				return bad(p, "criteria.cycle",
				    indicator_path(path, s, (size_t)r,
				    "formula"), "công thức của “%s” phụ thuộc "
				    "vòng tròn vào chính nó (qua “%s”)",
				    "the formula of “%s” depends on itself "
				    "in a cycle (through “%s”)",
				    s->indicators[r].id, s->indicators[u].id);
			color[r] = 1;
			top++;
			stack[top] = (size_t)r;
			pos[top] = 0;
		}
	}
	s->priv->order = order;
	s->priv->n_order = n_order;
	return ERR_OK;
}

/* ---- a province's own set, templates, scoring ---- */

/* "applies_to.province": the province code the set belongs to (two
 * digits, as the units register writes it); whether that province
 * exists is the store's business, not the format's. */
static enum err
parse_province(struct parse *p, json_t *applies)
{
	const char *code;
	enum err e;

	if ((e = opt_text(p, applies, "applies_to", "province", &code)) !=
	    ERR_OK)
		return e;
	if (code == NULL)
		return ERR_OK;
	if (strlen(code) != 2 || code[0] < '0' || code[0] > '9' ||
	    code[1] < '0' || code[1] > '9')
		return bad(p, "criteria.bad_value", "applies_to.province",
		    "mã tỉnh “%.*s” không hợp lệ (hai chữ số, ví dụ \"01\")",
		    "the province code “%.*s” is not valid (two digits, e.g. "
		    "\"01\")", 20, code);
	p->s->province = code;
	return ERR_OK;
}

/* "template" (a boolean) and "derived_from" (the template's id). */
static enum err
parse_lineage(struct parse *p, json_t *doc)
{
	json_t *v = json_object_get(doc, "template");

	if (v != NULL && !json_is_null(v)) {
		if (!json_is_boolean(v))
			return bad(p, "criteria.bad_value", "template",
			    "cần true hoặc false",
			    "true or false is needed");
		p->s->is_template = json_is_true(v);
	}
	return id_member(p, doc, "", "derived_from", false,
	    &p->s->derived_from);
}

static const char *const scoring_methods[] = { "weighted", NULL };

/* One of "scoring.levels": {"id", "name", "name_en", "min"}. */
static enum err
parse_level(struct parse *p, json_t *obj, const char *path, size_t i)
{
	struct crit_level *l = &p->s->levels[i];
	char fpath[PATH_LEN];
	size_t j;
	enum err e;

	if (!json_is_object(obj))
		return bad(p, "criteria.bad_value", path, "cần một đối tượng",
		    "an object is needed");
	if ((e = id_member(p, obj, path, "id", true, &l->id)) != ERR_OK)
		return e;
	for (j = 0; j < i; j++)
		if (strcmp(p->s->levels[j].id, l->id) == 0)
			return bad(p, "criteria.duplicate_id",
			    at(fpath, path, "id"), "mã mức “%s” bị trùng",
			    "the level id “%s” is used twice", l->id);
	if ((e = req_text(p, obj, path, "name", &l->name)) != ERR_OK ||
	    (e = opt_text(p, obj, path, "name_en", &l->name_en)) != ERR_OK ||
	    (e = req_num(p, obj, path, "min", &l->min)) != ERR_OK)
		return e;
	at(fpath, path, "min");
	if (i == 0 && l->min != 0)
		return bad(p, "criteria.bad_levels", fpath,
		    "mức thấp nhất phải bắt đầu từ 0 điểm (mọi đơn vị đều "
		    "có một mức)",
		    "the lowest level must start at 0 points (every unit "
		    "has a level)");
	if (i > 0 && !(l->min > p->s->levels[i - 1].min))
		return bad(p, "criteria.bad_levels", fpath,
		    "các mức phải theo thứ tự điểm tối thiểu tăng dần",
		    "the levels must be in ascending order of their minimum "
		    "score");
	return ERR_OK;
}

/* "scoring": {"method": "weighted", "total"?, "levels": [...], "source",
 * "status", "note"}.  The weights are checked against it once the
 * indicators are read (check_weights). */
static enum err
parse_scoring(struct parse *p, json_t *sc)
{
	struct crit_set *s = p->s;
	char path[PATH_LEN];
	const char *str;
	json_t *v, *arr;
	size_t i;
	int k;
	enum err e;

	if (!json_is_object(sc))
		return bad(p, "criteria.bad_value", "scoring",
		    "cần một đối tượng",
		    "an object is needed");
	if ((e = choice(p, sc, "scoring", "method", scoring_methods, -1,
	    "criteria.unknown_value", &k)) != ERR_OK ||
	    (e = opt_text(p, sc, "scoring", "source", &str)) != ERR_OK ||
	    (e = opt_text(p, sc, "scoring", "status", &str)) != ERR_OK ||
	    (e = opt_text(p, sc, "scoring", "note", &str)) != ERR_OK)
		return e;
	if ((v = json_object_get(sc, "total")) != NULL && !json_is_null(v)) {
		if ((e = num_value(p, v, "scoring.total", &s->score_total)) !=
		    ERR_OK)
			return e;
		if (s->score_total <= 0)
			return bad(p, "criteria.bad_value", "scoring.total",
			    "tổng điểm phải lớn hơn 0",
			    "the total must be greater than 0");
	}
	if ((e = opt_array(p, sc, "scoring", "levels", &arr)) != ERR_OK)
		return e;
	if (arr == NULL || json_array_size(arr) == 0)
		return bad(p, arr == NULL ? "criteria.missing_field" :
		    "criteria.empty", "scoring.levels",
		    "cần ít nhất một mức (id, name, min), mức đầu từ 0 điểm",
		    "at least one level (id, name, min) is needed, the first "
		    "from 0 points");
	s->n_levels = json_array_size(arr);
	s->levels = arena_alloc(p->a, s->n_levels * sizeof(*s->levels));
	for (i = 0; i < s->n_levels; i++)
		if ((e = parse_level(p, json_array_get(arr, i),
		    at_index(path, "scoring.levels", i), i)) != ERR_OK)
			return e;
	s->scored = true;
	return ERR_OK;
}

/* The weights of a scored set add up to "scoring.total" when it is
 * stated, and every level can be reached. */
static enum err
check_weights(struct parse *p)
{
	struct crit_set *s = p->s;
	char path[PATH_LEN], lpath[PATH_LEN];
	double sum = 0;
	size_t i;

	if (!s->scored)
		return ERR_OK;
	for (i = 0; i < s->n_indicators; i++)
		sum += s->indicators[i].weight;
	if (s->score_total > 0 && !crit_near(sum, s->score_total))
		return bad(p, "criteria.bad_weights", "scoring.total",
		    "các trọng số cộng lại được %.10g, không bằng tổng %.10g",
		    "the weights add up to %.10g, not to the total %.10g",
		    sum, s->score_total);
	for (i = 0; i < s->n_levels; i++)
		if (s->levels[i].min > sum && !crit_near(s->levels[i].min, sum))
			return bad(p, "criteria.bad_levels",
			    at(path, at_index(lpath, "scoring.levels", i),
			    "min"), "mức cần %.10g điểm nhưng tổng trọng số "
			    "chỉ là %.10g: không bao giờ đạt được",
			    "the level needs %.10g points but the weights add "
			    "up to %.10g only: it can never be reached",
			    s->levels[i].min, sum);
	return ERR_OK;
}

/* ---- the document ---- */

static enum err
parse_meta(struct parse *p, json_t *doc)
{
	struct crit_set *s = p->s;
	char path[PATH_LEN], lpath[PATH_LEN];
	json_t *v, *obj, *arr;
	const char *str;
	size_t i, j;
	int k;
	enum err e;

	if ((v = json_object_get(doc, "format")) == NULL)
		return bad(p, "criteria.missing_field", "format",
		    "thiếu trường bắt buộc (\"%s\")",
		    "a required field is missing (\"%s\")", CRIT_FORMAT);
	if (!json_is_string(v) || strcmp(json_string_value(v), CRIT_FORMAT) != 0)
		return bad(p, "criteria.bad_format", "format",
		    "định dạng phải là \"%s\"",
		    "the format must be \"%s\"", CRIT_FORMAT);
	if ((e = id_member(p, doc, "", "id", true, &s->id)) != ERR_OK)
		return e;
	if ((v = json_object_get(doc, "version")) == NULL)
		return missing(p, "version");
	if ((e = int_value(p, v, "version", 1, INT_MAX, "criteria.bad_value",
	    &s->version)) != ERR_OK)
		return e;
	if ((e = req_text(p, doc, "", "name", &s->name)) != ERR_OK ||
	    (e = opt_text(p, doc, "", "name_en", &s->name_en)) != ERR_OK ||
	    (e = opt_text(p, doc, "", "status", &s->status)) != ERR_OK ||
	    (e = opt_text(p, doc, "", "source", &s->source)) != ERR_OK ||
	    (e = opt_text(p, doc, "", "profile", &s->profile)) != ERR_OK)
		return e;
	if ((e = choice(p, doc, "", "kind", crit_kind_names, -1,
	    "criteria.unknown_value", &k)) != ERR_OK)
		return e;
	s->kind = crit_kind_names[k];

	if ((e = opt_array(p, doc, "", "legal_basis", &arr)) != ERR_OK)
		return e;
	for (i = 0; arr != NULL && i < json_array_size(arr); i++) {
		at_index(lpath, "legal_basis", i);
		obj = json_array_get(arr, i);
		if (!json_is_object(obj))
			return bad(p, "criteria.bad_value", lpath,
			    "cần một đối tượng",
			    "an object is needed");
		if ((e = opt_text(p, obj, lpath, "document", &str)) != ERR_OK ||
		    (e = opt_text(p, obj, lpath, "date", &str)) != ERR_OK ||
		    (e = opt_text(p, obj, lpath, "effective", &str)) != ERR_OK ||
		    (e = opt_text(p, obj, lpath, "url", &str)) != ERR_OK)
			return e;
	}

	if ((e = req_object(p, doc, "", "applies_to", &obj)) != ERR_OK)
		return e;
	if ((e = choice(p, obj, "applies_to", "structure", structure_names, -1,
	    "criteria.unknown_value", &k)) != ERR_OK)
		return e;
	s->structure = structure_names[k];
	if ((e = choice(p, obj, "applies_to", "level", level_names, -1,
	    "criteria.unknown_value", &k)) != ERR_OK)
		return e;
	s->level = level_names[k];
	if ((e = opt_array(p, obj, "applies_to", "unit_class", &arr)) != ERR_OK)
		return e;
	if (arr != NULL) {
		s->n_unit_classes = json_array_size(arr);
		s->unit_classes = arena_alloc(p->a, (s->n_unit_classes + 1) *
		    sizeof(*s->unit_classes));
		for (i = 0; i < s->n_unit_classes; i++) {
			at_index(path, "applies_to.unit_class", i);
			v = json_array_get(arr, i);
			if (!json_is_string(v))
				return bad(p, "criteria.bad_value", path,
				    "cần một chuỗi",
				    "a string is needed");
			for (k = 0; unit_class_names[k] != NULL; k++)
				if (strcmp(unit_class_names[k],
				    json_string_value(v)) == 0)
					break;
			if (unit_class_names[k] == NULL)
				return bad(p, "criteria.unknown_value", path,
				    "giá trị “%.*s” không được hỗ trợ (chỉ: "
				    "rural, urban, special_zone)",
				    "the value “%.*s” is not supported "
				    "(only: rural, urban, special_zone)", 40,
				    json_string_value(v));
			s->unit_classes[i] = unit_class_names[k];
			for (j = 0; j < i; j++)
				if (s->unit_classes[j] == s->unit_classes[i])
					return bad(p, "criteria.duplicate_value",
					    path, "“%s” lặp lại",
					    "“%s” is repeated",
					    s->unit_classes[i]);
		}
	}

	if ((e = parse_province(p, obj)) != ERR_OK ||
	    (e = parse_lineage(p, doc)) != ERR_OK)
		return e;

	if ((e = req_object(p, doc, "", "years", &obj)) != ERR_OK)
		return e;
	if ((v = json_object_get(obj, "from")) == NULL)
		return missing(p, "years.from");
	if ((e = int_value(p, v, "years.from", 1990, 2100, "criteria.bad_year",
	    &s->year_from)) != ERR_OK)
		return e;
	if ((v = json_object_get(obj, "to")) == NULL)
		return missing(p, "years.to");
	if ((e = int_value(p, v, "years.to", 1990, 2100, "criteria.bad_year",
	    &s->year_to)) != ERR_OK)
		return e;
	if (s->year_from > s->year_to)
		return bad(p, "criteria.bad_year", "years.to",
		    "năm kết thúc %d trước năm bắt đầu %d",
		    "the last year %d is before the first year %d", s->year_to,
		    s->year_from);
	if ((e = choice(p, doc, "", "variant_by", crit_variant_by_names, CRIT_BY_NONE,
	    "criteria.unknown_value", &k)) != ERR_OK)
		return e;
	s->variant_by = (enum crit_variant_by)k;
	if ((v = json_object_get(doc, "scoring")) != NULL && !json_is_null(v))
		return parse_scoring(p, v);
	return ERR_OK;
}

/* Indicators in the whole document (well-formed criteria only: anything
 * else fails the parse before the count matters). */
static size_t
count_indicators(json_t *crits)
{
	size_t i, n = 0;
	json_t *arr;

	for (i = 0; i < json_array_size(crits); i++) {
		arr = json_object_get(json_array_get(crits, i), "indicators");
		if (json_is_array(arr))
			n += json_array_size(arr);
	}
	return n;
}

static enum err
parse_set(struct parse *p, json_t *doc)
{
	struct crit_set *s = p->s;
	char path[PATH_LEN];
	json_t *crits, *inputs, *v;
	size_t i;
	enum err e;

	if (!json_is_object(doc))
		return bad(p, "criteria.bad_value", "",
		    "tài liệu phải là một đối tượng JSON",
		    "the document must be a JSON object");
	if ((e = parse_meta(p, doc)) != ERR_OK)
		return e;

	if ((e = opt_array(p, doc, "", "criteria", &crits)) != ERR_OK)
		return e;
	if (crits == NULL)
		return bad(p, "criteria.missing_field", "criteria",
		    "thiếu danh sách tiêu chí",
		    "the list of criteria is missing");
	if ((s->n_criteria = json_array_size(crits)) == 0)
		return bad(p, "criteria.empty", "criteria",
		    "danh sách tiêu chí rỗng",
		    "the list of criteria is empty");
	if ((e = opt_array(p, doc, "", "inputs", &inputs)) != ERR_OK)
		return e;
	s->n_indicators = count_indicators(crits);
	s->priv = arena_alloc(p->a, sizeof(*s->priv));
	crit_idmap_init(&s->priv->slots, p->a,
	    s->n_indicators + json_array_size(inputs));
	crit_idmap_init(&p->crits, p->a, s->n_criteria);
	if (inputs != NULL &&
	    (e = parse_inputs(p, inputs, s->n_indicators)) != ERR_OK)
		return e;

	s->criteria = arena_alloc(p->a, s->n_criteria * sizeof(*s->criteria));
	s->indicators = arena_alloc(p->a, (s->n_indicators > 0 ?
	    s->n_indicators : 1) * sizeof(*s->indicators));
	for (i = 0; i < s->n_criteria; i++) {
		at_index(path, "criteria", i);
		if ((e = parse_criterion(p, json_array_get(crits, i), path, i)) !=
		    ERR_OK)
			return e;
	}
	if ((e = pass_rule(p, doc, "", s->n_criteria, &s->at_least)) != ERR_OK)
		return e;
	if ((v = json_object_get(doc, "revocation")) != NULL &&
	    !json_is_null(v) && (e = parse_revocation(p, v)) != ERR_OK)
		return e;
	if ((e = check_weights(p)) != ERR_OK)
		return e;
	return compile_formulas(p);
}

enum err
crit_set_from_json(json_t *doc, struct crit_set **out, struct errinfo *ei)
{
	struct parse p;
	struct arena *a;
	enum err e;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	a = arena_new(16 * 1024);
	p.a = a;
	p.ei = ei;
	p.s = arena_alloc(a, sizeof(*p.s));
	p.s->arena = a;
	if ((e = parse_set(&p, doc)) != ERR_OK) {
		arena_free(a);
		return e;
	}
	p.s->doc = json_incref(doc);
	*out = p.s;
	return ERR_OK;
}

enum err
crit_set_parse(const char *text, size_t len, struct crit_set **out,
    struct errinfo *ei)
{
	json_t *doc;
	enum err e;

	*out = NULL;
	if ((e = jdoc_load(text, len, CRIT_DOC_MAX, "criteria", "doc_criteria_set",
	    &doc, ei)) != ERR_OK)
		return e;
	e = crit_set_from_json(doc, out, ei);
	json_decref(doc);
	return e;
}

void
crit_set_free(struct crit_set *s)
{
	if (s == NULL)
		return;
	json_decref(s->doc);
	arena_free(s->arena);
}
