/*
 * surveys_def.c - reading and validating a questionnaire (format
 * "ntm-survey/1", docs/SURVEYS.md) into a struct surv_def.
 *
 * The document is checked completely before a definition exists: the
 * top-level fields, then each question in order (id, type, text, the
 * fields its type allows, its condition).  The first problem found stops
 * the parse with ERR_INVALID, errinfo.field set to its JSON path
 * ("questions[2].options[1].id"), a code "surveys.<reason>" and a
 * message in Vietnamese and in English that starts with the path.  Text that is not JSON,
 * not UTF-8 or larger than SURV_DOC_MAX is ERR_MALFORMED.
 *
 * Unlike criteria documents, unknown keys are refused
 * (surveys.unexpected_field): questionnaires are written by hand by
 * officials, and "satisfied_form" silently ignored would make a question
 * stop counting for satisfaction without anyone noticing.
 *
 * Every string is stored in NFC.  The definition works on its own deep
 * copy of the document and writes the normalised strings back into it, so
 * def->doc (what the store saves and exports) is NFC as well, whatever
 * keyboard the text came from.
 *
 * Everything the definition points to lives in one arena, so
 * surv_def_free is a json_decref and an arena_free.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/jdoc.h"
#include "core/jdoc_fault.h"
#include "core/text.h"
#include "domain/surveys/surveys.h"

/* A JSON path: exactly what errinfo.field can hold, so the field and the
 * start of the message always agree. */
#define PATH_LEN	((int)sizeof(((struct errinfo *)0)->field))

/* Indexed by enum surv_qtype. */
const char *const surv_qtype_names[] = {
	"single", "multi", "scale5", "yesno", "number", "text", NULL
};

static const char *const top_keys[] = {
	"format", "title", "description", "questions", NULL
};
static const char *const question_keys[] = {
	"id", "type", "text", "help", "required", "options", "satisfied",
	"satisfied_from", "min", "max", "max_length", "show_if", NULL
};
static const char *const option_keys[] = { "id", "text", NULL };
static const char *const show_if_keys[] = { "question", "equals", "in", NULL };
static const char *const grade_names[] = { "1", "2", "3", "4", "5", NULL };

struct parse {
	struct surv_def *d;
	struct arena *a;
	struct errinfo *ei;
	json_t *questions;	/* the array, for forward-reference lookups */
};

/* ---- errors and paths ---- */

/*
 * Fail with ERR_INVALID, code and field path; the message, in Vietnamese
 * and in English (vi and en: printf formats over the same arguments), is
 * "path: text" ("tài liệu: " / "document: " for the document itself):
 * the wording every document parser shares (core/jdoc_fault.h).
 */
#define bad(p, ...)	jdoc_bad((p)->ei, __VA_ARGS__)

/* Copy path into buf, cut to PATH_LEN - 1 bytes on a character boundary
 * (an unknown key may be long and not ASCII). */
static const char *
fit(char *buf, const char *path)
{
	size_t n = text_utf8_cut(path, PATH_LEN - 1);

	memcpy(buf, path, n);
	buf[n] = '\0';
	return buf;
}

/* base.key into buf (key alone when base is the document). */
static const char *
at(char *buf, const char *base, const char *key)
{
	char tmp[PATH_LEN * 4];

	if (snprintf(tmp, sizeof(tmp), "%s%s%s", base,
	    base[0] != '\0' ? "." : "", key) >= (int)sizeof(tmp))
		tmp[sizeof(tmp) - 1] = '\0';
	return fit(buf, tmp);
}

/* base[i] into buf. */
static const char *
at_index(char *buf, const char *base, size_t i)
{
	char tmp[PATH_LEN * 2];

	if (snprintf(tmp, sizeof(tmp), "%s[%zu]", base, i) >= (int)sizeof(tmp))
		tmp[sizeof(tmp) - 1] = '\0';
	return fit(buf, tmp);
}

/* "a, b, c" of a NULL-terminated list (for messages). */
static const char *
list_names(char *buf, size_t size, const char *const *names)
{
	size_t i, n = 0;
	int k;

	buf[0] = '\0';
	for (i = 0; names[i] != NULL && n < size; i++) {
		k = snprintf(buf + n, size - n, "%s%s", i > 0 ? ", " : "",
		    names[i]);
		if (k < 0)
			break;
		n += (size_t)k;
	}
	return buf;
}

static bool
listed(const char *const *names, const char *s)
{
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return true;
	return false;
}

/* Refuse any key of obj not in allowed (typos are caught, not ignored). */
static enum err
only_keys(struct parse *p, json_t *obj, const char *base,
    const char *const *allowed)
{
	char path[PATH_LEN], list[200];
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		if (!listed(allowed, key))
			return bad(p, "surveys.unexpected_field",
			    at(path, base, key), "trường không được hỗ trợ "
			    "(chỉ: %s)",
			    "field not supported (only: %s)",
			    list_names(list, sizeof(list), allowed));
	}
	return ERR_OK;
}

/* ---- typed members ---- */

static bool
absent(json_t *v)
{
	return v == NULL || json_is_null(v);
}

/*
 * v must be a string; its NFC form (written back into v, which belongs to
 * the definition's copy of the document) must hold at most max bytes and
 * no NUL.  *out is its copy in the definition's arena.
 */
static enum err
text_value(struct parse *p, json_t *v, const char *path, size_t max,
    const char **out)
{
	const char *str;
	struct buf b;
	size_t len;
	enum err e;

	if (!json_is_string(v))
		return bad(p, "surveys.bad_value", path, "cần một chuỗi",
		    "needs a string");
	str = json_string_value(v);
	len = json_string_length(v);
	/* NFC never makes Vietnamese longer; anything 4 times the limit is
	 * refused before normalising it. */
	if (len > 4 * max + 16)
		return bad(p, "surveys.too_long", path,
		    "chuỗi dài %zu byte, tối đa %zu",
		    "the string is %zu bytes long, at most %zu", len, max);
	if (memchr(str, '\0', len) != NULL)
		return bad(p, "surveys.bad_value", path, "chuỗi có byte NUL",
		    "the string holds a NUL byte");
	buf_init(&b, 3 * len + 16);
	if ((e = text_nfc(str, len, &b)) != ERR_OK) {
		buf_free(&b);
		return bad(p, "surveys.bad_value", path,
		    "chuỗi không phải UTF-8 hợp lệ",
		    "the string is not valid UTF-8");
	}
	if (b.len > max) {
		buf_free(&b);
		return bad(p, "surveys.too_long", path,
		    "chuỗi dài %zu byte, tối đa %zu",
		    "the string is %zu bytes long, at most %zu", b.len, max);
	}
	*out = arena_strndup(p->a, buf_cstr(&b), b.len);
	if (b.len != len || memcmp(*out, str, len) != 0)
		json_string_setn(v, *out, b.len);
	buf_free(&b);
	return ERR_OK;
}

/*
 * A text member key of obj: required, it must be there and hold more than
 * blanks (surveys.missing_field, surveys.empty); optional, absent, null
 * or "" gives NULL.
 */
static enum err
text_member(struct parse *p, json_t *obj, const char *base, const char *key,
    size_t max, bool required, const char **out)
{
	char path[PATH_LEN];
	json_t *v = json_object_get(obj, key);
	enum err e;
	size_t i;

	*out = NULL;
	at(path, base, key);
	if (absent(v))
		return !required ? ERR_OK : bad(p, "surveys.missing_field", path,
		    "thiếu trường bắt buộc", "a required field is missing");
	if ((e = text_value(p, v, path, max, out)) != ERR_OK)
		return e;
	for (i = 0; (*out)[i] == ' ' || (*out)[i] == '\t' ||
	    (*out)[i] == '\n' || (*out)[i] == '\r'; i++)
		;
	if (required && (*out)[i] == '\0')
		return bad(p, "surveys.empty", path, "không được để trống",
		    "must not be empty");
	if ((*out)[0] == '\0')
		*out = NULL;
	return ERR_OK;
}

/* The member key of obj, at path, which must be there and be a string
 * (*v: borrowed). */
static enum err
string_member(struct parse *p, json_t *obj, const char *key,
    const char *path, json_t **v)
{
	*v = json_object_get(obj, key);
	if (absent(*v))
		return bad(p, "surveys.missing_field", path,
		    "thiếu trường bắt buộc", "a required field is missing");
	if (!json_is_string(*v))
		return bad(p, "surveys.bad_value", path, "cần một chuỗi",
		    "needs a string");
	return ERR_OK;
}

static enum err
req_id(struct parse *p, json_t *obj, const char *base, const char *key,
    const char **out)
{
	char path[PATH_LEN];
	json_t *v;
	enum err e;

	if ((e = string_member(p, obj, key, at(path, base, key), &v)) !=
	    ERR_OK)
		return e;
	if (!text_id_valid(json_string_value(v), SURV_ID_MAX) ||
	    json_string_length(v) != strlen(json_string_value(v)))
		return bad(p, "surveys.bad_id", path, "mã “%.*s” không hợp lệ "
		    "(chữ thường không dấu, số, . _ -; bắt đầu bằng chữ hoặc "
		    "số; tối đa %d byte)",
		    "the id “%.*s” is not valid (lower-case letters without "
		    "marks, digits, . _ -; starting with a letter or digit; "
		    "at most %d bytes)",
		    (int)text_utf8_cut(json_string_value(v),
		    60), json_string_value(v), SURV_ID_MAX);
	*out = arena_strdup(p->a, json_string_value(v));
	return ERR_OK;
}

/* An optional boolean member (absent or null: false). */
static enum err
opt_bool(struct parse *p, json_t *obj, const char *base, const char *key,
    bool *out)
{
	char path[PATH_LEN];
	json_t *v = json_object_get(obj, key);

	*out = false;
	if (absent(v))
		return ERR_OK;
	if (!json_is_boolean(v))
		return bad(p, "surveys.bad_value", at(path, base, key),
		    "cần true hoặc false",
		    "needs true or false");
	*out = json_is_true(v);
	return ERR_OK;
}

/* An optional finite number member. */
static enum err
opt_num(struct parse *p, json_t *obj, const char *base, const char *key,
    bool *has, double *out)
{
	char path[PATH_LEN];
	json_t *v = json_object_get(obj, key);

	*has = false;
	*out = 0;
	if (absent(v))
		return ERR_OK;
	if (!json_is_number(v) || !isfinite(json_number_value(v)))
		return bad(p, "surveys.bad_value", at(path, base, key),
		    "cần một số",
		    "needs a number");
	*has = true;
	*out = json_number_value(v);
	return ERR_OK;
}

/* An integer in lo..hi. */
static enum err
int_value(struct parse *p, json_t *v, const char *path, long lo, long hi,
    long *out)
{
	json_int_t n;

	if (!json_is_integer(v))
		return bad(p, "surveys.bad_value", path, "cần một số nguyên",
		    "needs a whole number");
	n = json_integer_value(v);
	if (n < lo || n > hi)
		return bad(p, "surveys.out_of_range", path,
		    "%lld nằm ngoài khoảng %ld–%ld",
		    "%lld is outside %ld–%ld", (long long)n, lo, hi);
	*out = (long)n;
	return ERR_OK;
}

/* A member this type of question must not have. */
static enum err
forbid(struct parse *p, json_t *obj, const char *base, const char *key,
    enum surv_qtype t)
{
	char path[PATH_LEN];

	if (absent(json_object_get(obj, key)))
		return ERR_OK;
	return bad(p, "surveys.not_allowed", at(path, base, key),
	    "không dùng cho câu hỏi loại %s",
	    "not used by a question of type %s", surv_qtype_names[t]);
}

/* ---- questions ---- */

static long
option_index(const struct surv_question *q, const char *id)
{
	size_t i;

	for (i = 0; i < q->n_options; i++)
		if (strcmp(q->options[i].id, id) == 0)
			return (long)i;
	return -1;
}

static enum err
parse_options(struct parse *p, struct surv_question *q, json_t *obj,
    const char *base)
{
	char path[PATH_LEN], opath[PATH_LEN];
	json_t *arr = json_object_get(obj, "options"), *o;
	size_t i, j;
	enum err e;

	at(path, base, "options");
	if (absent(arr))
		return bad(p, "surveys.missing_field", path, "câu hỏi loại %s "
		    "cần danh sách lựa chọn",
		    "a question of type %s needs a list of options",
		    surv_qtype_names[q->type]);
	if (!json_is_array(arr))
		return bad(p, "surveys.bad_value", path, "cần một mảng",
		    "needs an array");
	q->n_options = json_array_size(arr);
	if (q->n_options < 2)
		return bad(p, "surveys.too_few", path,
		    "cần ít nhất 2 lựa chọn, có %zu",
		    "needs at least 2 options, has %zu", q->n_options);
	if (q->n_options > SURV_OPTIONS_MAX)
		return bad(p, "surveys.too_many", path,
		    "tối đa %d lựa chọn, có %zu",
		    "at most %d options, has %zu",
		    SURV_OPTIONS_MAX, q->n_options);
	q->options = arena_alloc(p->a, q->n_options * sizeof(*q->options));
	json_array_foreach(arr, i, o) {
		struct surv_option *op = &q->options[i];

		at_index(opath, path, i);
		if (!json_is_object(o))
			return bad(p, "surveys.bad_value", opath,
			    "cần một đối tượng {\"id\", \"text\"}",
			    "needs an object {\"id\", \"text\"}");
		if ((e = only_keys(p, o, opath, option_keys)) != ERR_OK ||
		    (e = req_id(p, o, opath, "id", &op->id)) != ERR_OK)
			return e;
		for (j = 0; j < i; j++)
			if (strcmp(q->options[j].id, op->id) == 0)
				return bad(p, "surveys.duplicate_id",
				    at(path, opath, "id"), "mã lựa chọn “%s” "
				    "trùng với lựa chọn %zu",
				    "the option id “%s” is the same as option "
				    "%zu", op->id, j + 1);
		if ((e = text_member(p, o, opath, "text", SURV_TEXT_MAX, true,
		    &op->text)) != ERR_OK)
			return e;
	}
	return ERR_OK;
}

/* "satisfied": option ids (single, multi) or "yes"/"no" (yesno). */
static enum err
parse_satisfied(struct parse *p, struct surv_question *q, json_t *obj,
    const char *base)
{
	char path[PATH_LEN], ipath[PATH_LEN];
	json_t *v = json_object_get(obj, "satisfied"), *it;
	const char *id;
	size_t i;
	long k;

	if (absent(v))
		return ERR_OK;
	at(path, base, "satisfied");
	if (q->type == SURV_YESNO) {
		if (!json_is_string(v) || (strcmp(json_string_value(v),
		    "yes") != 0 && strcmp(json_string_value(v), "no") != 0))
			return bad(p, "surveys.bad_value", path,
			    "cần \"yes\" hoặc \"no\"",
			    "needs \"yes\" or \"no\"");
		q->satisfied_yes = strcmp(json_string_value(v), "yes") == 0;
		q->counts = true;
		return ERR_OK;
	}
	if (!json_is_array(v))
		return bad(p, "surveys.bad_value", path,
		    "cần một mảng mã lựa chọn",
		    "needs an array of option ids");
	if (json_array_size(v) == 0)
		return bad(p, "surveys.empty", path,
		    "cần ít nhất một lựa chọn được tính là hài lòng",
		    "needs at least one option that counts as satisfied");
	json_array_foreach(v, i, it) {
		at_index(ipath, path, i);
		if (!json_is_string(it))
			return bad(p, "surveys.bad_value", ipath,
			    "cần một mã lựa chọn",
			    "needs an option id");
		id = json_string_value(it);
		if ((k = option_index(q, id)) < 0)
			return bad(p, "surveys.unknown_option", ipath,
			    "không có lựa chọn “%.*s”",
			    "there is no option “%.*s”",
			    (int)text_utf8_cut(id, 60),
			    id);
		if (q->options[k].satisfied)
			return bad(p, "surveys.duplicate_id", ipath,
			    "lựa chọn “%s” nêu hai lần",
			    "the option “%s” is given twice", id);
		q->options[k].satisfied = true;
	}
	q->counts = true;
	return ERR_OK;
}

/*
 * One value of a condition on question r, as the canonical string an
 * answer is compared with: an option id, "yes"/"no" (true/false
 * accepted), a grade "1".."5" (the integers 1..5 accepted).
 */
static enum err
show_value(struct parse *p, const struct surv_question *r, json_t *v,
    const char *path, const char **out)
{
	const char *s;

	switch (r->type) {
	case SURV_SINGLE:
	case SURV_MULTI:
		if (!json_is_string(v))
			return bad(p, "surveys.bad_value", path,
			    "cần một mã lựa chọn của câu “%s”",
			    "needs an option id of question “%s”", r->id);
		s = json_string_value(v);
		if (option_index(r, s) < 0)
			return bad(p, "surveys.unknown_option", path,
			    "câu “%s” không có lựa chọn “%.*s”",
			    "question “%s” has no option “%.*s”", r->id,
			    (int)text_utf8_cut(s, 60), s);
		*out = r->options[option_index(r, s)].id;
		return ERR_OK;
	case SURV_YESNO:
		if (json_is_boolean(v)) {
			*out = json_is_true(v) ? "yes" : "no";
			return ERR_OK;
		}
		if (json_is_string(v) && (strcmp(json_string_value(v),
		    "yes") == 0 || strcmp(json_string_value(v), "no") == 0)) {
			*out = json_string_value(v)[0] == 'y' ? "yes" : "no";
			return ERR_OK;
		}
		return bad(p, "surveys.bad_value", path,
		    "cần \"yes\" hoặc \"no\" (câu “%s” là câu có/không)",
		    "needs \"yes\" or \"no\" (question “%s” is a yes/no "
		    "question)", r->id);
	case SURV_SCALE5:
		if (json_is_integer(v) && json_integer_value(v) >= 1 &&
		    json_integer_value(v) <= 5) {
			*out = grade_names[json_integer_value(v) - 1];
			return ERR_OK;
		}
		if (json_is_string(v) && json_string_length(v) == 1 &&
		    json_string_value(v)[0] >= '1' &&
		    json_string_value(v)[0] <= '5') {
			*out = grade_names[json_string_value(v)[0] - '1'];
			return ERR_OK;
		}
		return bad(p, "surveys.bad_value", path,
		    "cần một mức từ 1 đến 5 (câu “%s” là thang 5 mức)",
		    "needs a grade from 1 to 5 (question “%s” is a 5-grade "
		    "scale)", r->id);
	case SURV_NUMBER:
	case SURV_TEXT:
		break;
	}
	return bad(p, "surveys.bad_condition", path, "không đặt điều kiện "
	    "theo câu “%s” (loại %s)",
	    "cannot depend on question “%s” (of type %s)",
	    r->id, surv_qtype_names[r->type]);
}

/* The id of question j in the raw array, or NULL. */
static const char *
raw_id(struct parse *p, size_t j)
{
	json_t *o = json_array_get(p->questions, j);

	return json_is_object(o) && json_is_string(json_object_get(o, "id")) ?
	    json_string_value(json_object_get(o, "id")) : NULL;
}

/* "show_if": {"question": id, "equals": v} or {"question": id, "in": [...]};
 * the question must come before question qi. */
static enum err
parse_show_if(struct parse *p, struct surv_question *q, size_t qi,
    json_t *obj, const char *base)
{
	char path[PATH_LEN], vpath[PATH_LEN], ipath[PATH_LEN];
	json_t *s = json_object_get(obj, "show_if"), *eq, *in, *it;
	const struct surv_question *r;
	const char *rid, *other;
	size_t i, j;
	enum err e;

	q->show_q = -1;
	if (absent(s))
		return ERR_OK;
	at(path, base, "show_if");
	if (!json_is_object(s))
		return bad(p, "surveys.bad_value", path, "cần một đối tượng "
		    "{\"question\", \"equals\"} hoặc {\"question\", \"in\"}",
		    "needs an object {\"question\", \"equals\"} or "
		    "{\"question\", \"in\"}");
	if ((e = only_keys(p, s, path, show_if_keys)) != ERR_OK ||
	    (e = req_id(p, s, path, "question", &rid)) != ERR_OK)
		return e;
	at(vpath, path, "question");
	q->show_q = surv_question_index(p->d, rid);
	if (q->show_q < 0 || (size_t)q->show_q >= qi) {
		q->show_q = -1;
		for (j = qi; j < json_array_size(p->questions); j++)
			if ((other = raw_id(p, j)) != NULL &&
			    strcmp(other, rid) == 0)
				return bad(p, "surveys.forward_reference",
				    vpath, "câu “%s” phải đứng trước câu này "
				    "để làm điều kiện",
				    "question “%s” must come before this one "
				    "to be its condition", rid);
		return bad(p, "surveys.bad_reference", vpath,
		    "không có câu hỏi “%s”",
		    "there is no question “%s”", rid);
	}
	r = &p->d->questions[q->show_q];
	eq = json_object_get(s, "equals");
	in = json_object_get(s, "in");
	if (!absent(eq) && !absent(in))
		return bad(p, "surveys.bad_condition", path,
		    "chỉ dùng một trong hai: \"equals\" hoặc \"in\"",
		    "use only one of \"equals\" and \"in\"");
	if (absent(eq) && absent(in))
		return bad(p, "surveys.missing_field", at(vpath, path, "equals"),
		    "cần \"equals\" (một giá trị) hoặc \"in\" (danh sách)",
		    "needs \"equals\" (one value) or \"in\" (a list)");
	if (!absent(eq)) {
		q->n_show_values = 1;
		q->show_values = arena_alloc(p->a, sizeof(*q->show_values));
		return show_value(p, r, eq, at(vpath, path, "equals"),
		    &q->show_values[0]);
	}
	at(vpath, path, "in");
	if (!json_is_array(in))
		return bad(p, "surveys.bad_value", vpath, "cần một mảng",
		    "needs an array");
	if (json_array_size(in) == 0)
		return bad(p, "surveys.empty", vpath, "danh sách rỗng",
		    "the list is empty");
	if (json_array_size(in) > SURV_OPTIONS_MAX)
		return bad(p, "surveys.too_many", vpath, "tối đa %d giá trị",
		    "at most %d values",
		    SURV_OPTIONS_MAX);
	q->n_show_values = json_array_size(in);
	q->show_values = arena_alloc(p->a,
	    q->n_show_values * sizeof(*q->show_values));
	json_array_foreach(in, i, it) {
		at_index(ipath, vpath, i);
		if ((e = show_value(p, r, it, ipath, &q->show_values[i])) !=
		    ERR_OK)
			return e;
		for (j = 0; j < i; j++)
			if (strcmp(q->show_values[j], q->show_values[i]) == 0)
				return bad(p, "surveys.duplicate_id", ipath,
				    "giá trị “%s” nêu hai lần",
				    "the value “%s” is given twice",
				    q->show_values[i]);
	}
	return ERR_OK;
}

static enum err
parse_question(struct parse *p, json_t *obj, const char *base, size_t qi)
{
	struct surv_question *q = &p->d->questions[qi];
	char path[PATH_LEN];
	json_t *v;
	size_t j;
	enum err e;
	long n;
	int t;

	if (!json_is_object(obj))
		return bad(p, "surveys.bad_value", base, "cần một đối tượng",
		    "needs an object");
	if ((e = only_keys(p, obj, base, question_keys)) != ERR_OK ||
	    (e = req_id(p, obj, base, "id", &q->id)) != ERR_OK)
		return e;
	for (j = 0; j < qi; j++)
		if (strcmp(p->d->questions[j].id, q->id) == 0)
			return bad(p, "surveys.duplicate_id", at(path, base,
			    "id"), "mã câu hỏi “%s” trùng với câu %zu",
			    "the question id “%s” is the same as question %zu",
			    q->id,
			    j + 1);
	/* Exports put a response's village and day beside its answers. */
	if (strcmp(q->id, "village") == 0 || strcmp(q->id, "day") == 0)
		return bad(p, "surveys.reserved_id", at(path, base, "id"),
		    "mã “%s” dành cho cột thôn/ngày của bảng xuất",
		    "the id “%s” is kept for the village/day columns of the "
		    "exports", q->id);

	if ((e = string_member(p, obj, "type", at(path, base, "type"), &v)) !=
	    ERR_OK)
		return e;
	for (t = 0; surv_qtype_names[t] != NULL; t++)
		if (strcmp(surv_qtype_names[t], json_string_value(v)) == 0)
			break;
	if (surv_qtype_names[t] == NULL) {
		char list[120];

		return bad(p, "surveys.bad_type", path, "loại “%.*s” không "
		    "được hỗ trợ (chỉ: %s)",
		    "the type “%.*s” is not supported (only: %s)",
		    (int)text_utf8_cut(json_string_value(v),
		    40), json_string_value(v), list_names(list, sizeof(list),
		    surv_qtype_names));
	}
	q->type = (enum surv_qtype)t;

	if ((e = text_member(p, obj, base, "text", SURV_TEXT_MAX, true,
	    &q->text)) != ERR_OK ||
	    (e = text_member(p, obj, base, "help", SURV_TEXT_MAX, false,
	    &q->help)) != ERR_OK ||
	    (e = opt_bool(p, obj, base, "required", &q->required)) != ERR_OK)
		return e;

	/* Options and what counts as satisfied. */
	if (q->type == SURV_SINGLE || q->type == SURV_MULTI) {
		if ((e = parse_options(p, q, obj, base)) != ERR_OK)
			return e;
	} else if ((e = forbid(p, obj, base, "options", q->type)) != ERR_OK)
		return e;
	if (q->type == SURV_SCALE5) {
		if ((e = forbid(p, obj, base, "satisfied", q->type)) != ERR_OK)
			return e;
		v = json_object_get(obj, "satisfied_from");
		if (!absent(v)) {
			if ((e = int_value(p, v, at(path, base,
			    "satisfied_from"), 1, 5, &n)) != ERR_OK)
				return e;
			q->satisfied_from = (int)n;
			q->counts = true;
		}
	} else {
		if ((e = forbid(p, obj, base, "satisfied_from", q->type)) !=
		    ERR_OK)
			return e;
		if (q->type == SURV_NUMBER || q->type == SURV_TEXT) {
			if ((e = forbid(p, obj, base, "satisfied", q->type)) !=
			    ERR_OK)
				return e;
		} else if ((e = parse_satisfied(p, q, obj, base)) != ERR_OK)
			return e;
	}

	/* Number bounds. */
	if (q->type == SURV_NUMBER) {
		if ((e = opt_num(p, obj, base, "min", &q->has_min, &q->min)) !=
		    ERR_OK ||
		    (e = opt_num(p, obj, base, "max", &q->has_max, &q->max)) !=
		    ERR_OK)
			return e;
		if (q->has_min && q->has_max && q->min > q->max)
			return bad(p, "surveys.out_of_range", at(path, base,
			    "max"), "max (%.15g) nhỏ hơn min (%.15g)",
			    "max (%.15g) is less than min (%.15g)", q->max,
			    q->min);
	} else if ((e = forbid(p, obj, base, "min", q->type)) != ERR_OK ||
	    (e = forbid(p, obj, base, "max", q->type)) != ERR_OK)
		return e;

	/* Text length. */
	if (q->type == SURV_TEXT) {
		q->max_length = SURV_ANSWER_TEXT_MAX;
		v = json_object_get(obj, "max_length");
		if (!absent(v)) {
			if ((e = int_value(p, v, at(path, base, "max_length"),
			    1, SURV_ANSWER_TEXT_LIMIT, &n)) != ERR_OK)
				return e;
			q->max_length = (size_t)n;
		}
	} else if ((e = forbid(p, obj, base, "max_length", q->type)) != ERR_OK)
		return e;

	return parse_show_if(p, q, qi, obj, base);
}

static enum err
parse_def(struct parse *p, json_t *doc)
{
	struct surv_def *d = p->d;
	char path[PATH_LEN];
	json_t *v;
	size_t i;
	enum err e;

	if (!json_is_object(doc))
		return bad(p, "surveys.bad_value", "",
		    "bảng hỏi phải là một đối tượng JSON",
		    "the questionnaire must be a JSON object");
	if ((e = only_keys(p, doc, "", top_keys)) != ERR_OK)
		return e;
	v = json_object_get(doc, "format");
	if (absent(v))
		return bad(p, "surveys.missing_field", "format",
		    "thiếu trường bắt buộc (\"%s\")",
		    "a required field is missing (\"%s\")", SURV_FORMAT);
	if (!json_is_string(v) || strcmp(json_string_value(v), SURV_FORMAT) != 0)
		return bad(p, "surveys.bad_format", "format",
		    "cần \"%s\"",
		    "needs \"%s\"", SURV_FORMAT);
	if ((e = text_member(p, doc, "", "title", SURV_TITLE_MAX, true,
	    &d->title)) != ERR_OK ||
	    (e = text_member(p, doc, "", "description", SURV_DESCRIPTION_MAX,
	    false, &d->description)) != ERR_OK)
		return e;

	p->questions = json_object_get(doc, "questions");
	if (absent(p->questions))
		return bad(p, "surveys.missing_field", "questions",
		    "thiếu danh sách câu hỏi",
		    "the list of questions is missing");
	if (!json_is_array(p->questions))
		return bad(p, "surveys.bad_value", "questions", "cần một mảng",
		    "needs an array");
	if (json_array_size(p->questions) == 0)
		return bad(p, "surveys.empty", "questions",
		    "cần ít nhất một câu hỏi",
		    "needs at least one question");
	if (json_array_size(p->questions) > SURV_QUESTIONS_MAX)
		return bad(p, "surveys.too_many", "questions",
		    "tối đa %d câu hỏi, có %zu",
		    "at most %d questions, has %zu", SURV_QUESTIONS_MAX,
		    json_array_size(p->questions));
	d->questions = arena_alloc(p->a,
	    json_array_size(p->questions) * sizeof(*d->questions));
	for (i = 0; i < json_array_size(p->questions); i++) {
		at_index(path, "questions", i);
		/* n_questions counts the questions parsed so far, so that
		 * surv_question_index sees only earlier ones. */
		if ((e = parse_question(p, json_array_get(p->questions, i),
		    path, i)) != ERR_OK)
			return e;
		d->n_questions = i + 1;
	}
	return ERR_OK;
}

enum err
surv_def_from_json(json_t *doc, struct surv_def **out, struct errinfo *ei)
{
	struct parse p;
	struct arena *a;
	json_t *copy;
	enum err e;

	*out = NULL;
	if (doc == NULL)
		return err_set(ei, ERR_INVALID, "surveys.bad_value", "",
		    "tài liệu: bảng hỏi phải là một đối tượng JSON",
		    "document: the questionnaire must be a JSON object");
	/* Our own copy: strings are normalised in place, and the caller's
	 * document is never touched. */
	if ((copy = json_deep_copy(doc)) == NULL)
		return err_set(ei, ERR_INVALID, "surveys.bad_value", "",
		    "tài liệu: không sao chép được bảng hỏi",
		    "document: the questionnaire could not be copied");
	memset(&p, 0, sizeof(p));
	a = arena_new(16 * 1024);
	p.a = a;
	p.ei = ei;
	p.d = arena_alloc(a, sizeof(*p.d));
	p.d->arena = a;
	if ((e = parse_def(&p, copy)) != ERR_OK) {
		json_decref(copy);
		arena_free(a);
		return e;
	}
	p.d->doc = copy;
	*out = p.d;
	return ERR_OK;
}

enum err
surv_def_parse(const char *text, size_t len, struct surv_def **out,
    struct errinfo *ei)
{
	json_t *doc;
	enum err e;

	*out = NULL;
	if ((e = jdoc_load(text, len, SURV_DOC_MAX, "surveys", "doc_survey",
	    &doc, ei)) != ERR_OK)
		return e;
	e = surv_def_from_json(doc, out, ei);
	json_decref(doc);
	return e;
}

void
surv_def_free(struct surv_def *d)
{
	if (d == NULL)
		return;
	json_decref(d->doc);
	arena_free(d->arena);
}

/* Linear: a questionnaire has at most SURV_QUESTIONS_MAX questions. */
long
surv_question_index(const struct surv_def *d, const char *id)
{
	size_t i;

	if (d == NULL || id == NULL)
		return -1;
	for (i = 0; i < d->n_questions; i++)
		if (strcmp(d->questions[i].id, id) == 0)
			return (long)i;
	return -1;
}
