/*
 * wf_doc_fields.c - the typed members of a procedure document, for the
 * parser in wf_doc.c: every reader checks one member and, on a fault,
 * fails with ERR_INVALID "workflow.bad_procedure" naming its JSON path
 * ("transitions[4].requires.checks[0]") at the start of the message.
 * Texts are normalised to NFC and written back into the document, so the
 * procedure's copy of it is NFC as well.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "domain/workflow/wf_internal.h"

/* ---- errors and paths ---- */

enum err
wfp_bad(struct wf_parse *ps, const char *path, const char *vi,
    const char *en, ...)
{
	va_list ap;

	va_start(ap, en);
	err_setv(ps->ei, ERR_INVALID, "workflow.bad_procedure", path, vi, en,
	    ap);
	va_end(ap);
	if (path[0] != '\0')
		err_prefix(ps->ei, "%s: ", "%s: ", path);
	else
		err_prefix(ps->ei, "quy trình: ", "procedure: ");
	return ERR_INVALID;
}

/* base.key into buf, cut on a character boundary to fit errinfo.field. */
const char *
wfp_at(char *buf, const char *base, const char *key)
{
	char tmp[WF_PATH_LEN * 4];
	size_t n;

	snprintf(tmp, sizeof(tmp), "%s%s%s", base, base[0] ? "." : "", key);
	n = text_utf8_cut(tmp, WF_PATH_LEN - 1);
	memcpy(buf, tmp, n);
	buf[n] = '\0';
	return buf;
}

const char *
wfp_at_index(char *buf, const char *base, size_t i)
{
	char tmp[WF_PATH_LEN * 2];
	size_t n;

	snprintf(tmp, sizeof(tmp), "%s[%zu]", base, i);
	n = text_utf8_cut(tmp, WF_PATH_LEN - 1);
	memcpy(buf, tmp, n);
	buf[n] = '\0';
	return buf;
}

int
wfp_index_of(const char *const *names, const char *s)
{
	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

enum err
wfp_only_keys(struct wf_parse *ps, json_t *obj, const char *base,
    const char *const *allowed)
{
	char path[WF_PATH_LEN];
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v)
		if (wfp_index_of(allowed, key) < 0)
			return wfp_bad(ps, wfp_at(path, base, key),
			    "trường không được hỗ trợ (lỗi chính tả?)",
			    "not a supported field (a misspelling?)");
	return ERR_OK;
}

enum err
wfp_need_object(struct wf_parse *ps, json_t *v, const char *path)
{
	if (v == NULL || json_is_null(v))
		return wfp_bad(ps, path, "thiếu trường bắt buộc",
		    "a required field is missing");
	if (!json_is_object(v))
		return wfp_bad(ps, path, "cần một đối tượng",
		    "an object is expected");
	return ERR_OK;
}

/* ---- typed members ---- */

/* v as NFC text of at most max bytes, written back into v; NULL when
 * absent, null or empty. */
enum err
wfp_text_value(struct wf_parse *ps, json_t *v, const char *path, size_t max,
    const char **out)
{
	struct buf b;
	size_t len;

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return ERR_OK;
	if (!json_is_string(v))
		return wfp_bad(ps, path, "cần một chuỗi", "a string is expected");
	len = json_string_length(v);
	if (len > 4 * max + 16)
		return wfp_bad(ps, path, "chuỗi dài %zu byte, tối đa %zu",
		    "the string is %zu bytes long, at most %zu", len, max);
	if (memchr(json_string_value(v), '\0', len) != NULL)
		return wfp_bad(ps, path, "chuỗi có byte NUL",
		    "the string holds a NUL byte");
	buf_init(&b, 3 * len + 16);
	if (text_nfc(json_string_value(v), len, &b) != ERR_OK) {
		buf_free(&b);
		return wfp_bad(ps, path, "chuỗi không phải UTF-8 hợp lệ",
		    "the string is not valid UTF-8");
	}
	if (b.len > max) {
		buf_free(&b);
		return wfp_bad(ps, path, "chuỗi dài %zu byte, tối đa %zu",
		    "the string is %zu bytes long, at most %zu", b.len, max);
	}
	if (b.len > 0) {
		*out = arena_strndup(ps->a, buf_cstr(&b), b.len);
		if (b.len != len)
			json_string_setn(v, *out, b.len);
	}
	buf_free(&b);
	return ERR_OK;
}

enum err
wfp_opt_text(struct wf_parse *ps, json_t *obj, const char *base,
    const char *key, size_t max, const char **out)
{
	char path[WF_PATH_LEN];

	return wfp_text_value(ps, json_object_get(obj, key), wfp_at(path, base,
	    key), max, out);
}

enum err
wfp_req_text(struct wf_parse *ps, json_t *obj, const char *base,
    const char *key, size_t max, const char **out)
{
	char path[WF_PATH_LEN];
	enum err e;

	wfp_at(path, base, key);
	if ((e = wfp_text_value(ps, json_object_get(obj, key), path, max,
	    out)) != ERR_OK)
		return e;
	if (*out == NULL || strspn(*out, " \t\r\n") == strlen(*out))
		return wfp_bad(ps, path, "thiếu trường bắt buộc",
		    "a required field is missing");
	return ERR_OK;
}

/* A name in both languages from key and key_en (English falls back to
 * the Vietnamese). */
enum err
wfp_names(struct wf_parse *ps, json_t *obj, const char *base, struct wf_text *t)
{
	enum err e;

	if ((e = wfp_req_text(ps, obj, base, "name", WF_NAME_MAX,
	    &t->vi)) != ERR_OK ||
	    (e = wfp_opt_text(ps, obj, base, "name_en", WF_NAME_MAX, &t->en)) !=
	    ERR_OK)
		return e;
	if (t->en == NULL)
		t->en = t->vi;
	return ERR_OK;
}

enum err
wfp_id_value(struct wf_parse *ps, json_t *v, const char *path, const char **out)
{
	if (v == NULL || json_is_null(v))
		return wfp_bad(ps, path, "thiếu trường bắt buộc",
		    "a required field is missing");
	if (!json_is_string(v) || !text_id_valid(json_string_value(v),
	    WF_ID_MAX) || json_string_length(v) != strlen(json_string_value(v)))
		return wfp_bad(ps, path,
		    "mã không hợp lệ (chữ thường không dấu, "
		    "số, . _ -; tối đa %d byte)", "not a valid id (lower-case "
		    "letters without marks, digits, . _ -; at most %d bytes)",
		    WF_ID_MAX);
	*out = arena_strdup(ps->a, json_string_value(v));
	return ERR_OK;
}

enum err
wfp_req_id(struct wf_parse *ps, json_t *obj, const char *base, const char *key,
    const char **out)
{
	char path[WF_PATH_LEN];

	return wfp_id_value(ps, json_object_get(obj, key), wfp_at(path, base,
	    key), out);
}

enum err
wfp_opt_bool(struct wf_parse *ps, json_t *obj, const char *base,
    const char *key, bool *out)
{
	char path[WF_PATH_LEN];
	json_t *v = json_object_get(obj, key);

	*out = false;
	if (v == NULL || json_is_null(v))
		return ERR_OK;
	if (!json_is_boolean(v))
		return wfp_bad(ps, wfp_at(path, base, key),
		    "cần true hoặc false", "true or false is expected");
	*out = json_is_true(v);
	return ERR_OK;
}

enum err
wfp_opt_int(struct wf_parse *ps, json_t *obj, const char *base, const char *key,
    long lo, long hi, long dflt, long *out)
{
	char path[WF_PATH_LEN];
	json_t *v = json_object_get(obj, key);

	*out = dflt;
	if (v == NULL || json_is_null(v))
		return ERR_OK;
	wfp_at(path, base, key);
	if (!json_is_integer(v))
		return wfp_bad(ps, path, "cần một số nguyên",
		    "an integer is expected");
	if (json_integer_value(v) < lo || json_integer_value(v) > hi)
		return wfp_bad(ps, path, "%lld nằm ngoài khoảng %ld–%ld",
		    "%lld is outside %ld–%ld", (long long)json_integer_value(v),
		    lo, hi);
	*out = (long)json_integer_value(v);
	return ERR_OK;
}

enum err
wfp_level_value(struct wf_parse *ps, json_t *obj, const char *base,
    const char *key, enum wf_level *out)
{
	char path[WF_PATH_LEN];
	json_t *v = json_object_get(obj, key);

	wfp_at(path, base, key);
	if (v == NULL || json_is_null(v))
		return wfp_bad(ps, path, "thiếu trường bắt buộc",
		    "a required field is missing");
	/* wf_level_names has exactly WF_LEVELS entries, no NULL at its end. */
	for (int i = 0; json_is_string(v) && i < WF_LEVELS; i++)
		if (strcmp(wf_level_names[i], json_string_value(v)) == 0) {
			*out = (enum wf_level)i;
			return ERR_OK;
		}
	return wfp_bad(ps, path,
	    "cấp phải là unit, district, province, country hoặc above",
	    "the level is one of unit, district, province, country, above");
}

/* A list of ids (optional unless need), at most max, no duplicates; each
 * must be one of allowed when given (what names what it may be). */
enum err
wfp_id_list(struct wf_parse *ps, json_t *obj, const char *base, const char *key,
    bool need, size_t max, const char *const *allowed,
    const struct wf_text *what, const char **out, size_t *n)
{
	char path[WF_PATH_LEN], ipath[WF_PATH_LEN];
	json_t *arr = json_object_get(obj, key), *v;
	size_t i;
	enum err e;

	*n = 0;
	wfp_at(path, base, key);
	if (arr == NULL || json_is_null(arr)) {
		if (need)
			return wfp_bad(ps, path, "thiếu trường bắt buộc",
			    "a required field is missing");
		return ERR_OK;
	}
	if (!json_is_array(arr))
		return wfp_bad(ps, path, "cần một mảng", "an array is expected");
	if (need && json_array_size(arr) == 0)
		return wfp_bad(ps, path, "cần ít nhất một phần tử",
		    "at least one element is expected");
	if (json_array_size(arr) > max)
		return wfp_bad(ps, path, "tối đa %zu phần tử",
		    "at most %zu elements", max);
	json_array_foreach(arr, i, v) {
		wfp_at_index(ipath, path, i);
		if ((e = wfp_id_value(ps, v, ipath, &out[i])) != ERR_OK)
			return e;
		if (allowed != NULL && wfp_index_of(allowed, out[i]) < 0)
			return wfp_bad(ps, ipath, "%s%.0s không có: “%s”",
			    "%.0sthere is no %s “%s”", what->vi, what->en,
			    out[i]);
		for (size_t j = 0; j < i; j++)
			if (strcmp(out[j], out[i]) == 0)
				return wfp_bad(ps, ipath, "“%s” trùng lặp",
				    "“%s” is repeated", out[i]);
		*n = i + 1;
	}
	return ERR_OK;
}

enum err
wfp_role_mask(struct wf_parse *ps, json_t *obj, const char *base,
    unsigned *mask)
{
	const char *roles[ROLE__MAX + 1], *known[ROLE__MAX + 1];
	size_t n;
	enum err e;

	/* role_names has no NULL at its end; the lists here do. */
	for (int r = 0; r < ROLE__MAX; r++)
		known[r] = role_names[r];
	known[ROLE__MAX] = NULL;
	*mask = 0;
	static const struct wf_text role = { "vai trò", "role" };

	if ((e = wfp_id_list(ps, obj, base, "roles", true, ROLE__MAX,
	    known, &role, roles, &n)) != ERR_OK)
		return e;
	for (size_t i = 0; i < n; i++)
		*mask |= ROLE_BIT(auth_role_from_name(roles[i]));
	return ERR_OK;
}
