/*
 * ocop_scorecard.c - the OCOP scorecard document (ntm-scorecard/1) read
 * into a struct ocop_scorecard with every fault named by its JSON path,
 * and the scoring arithmetic on it: a member's sheet to a total, totals
 * to the rounded mean, the stars and the disagreement flag.  Pure: no
 * database, no HTTP; the store (ocop_scorecard_store.c), the web layer
 * and the evaluation rounds call it.  See ocop_scorecard.h and
 * docs/OCOP.md section 3.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jdoc.h"
#include "core/jdoc_fault.h"
#include "core/jpath.h"
#include "core/msg.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "domain/ocop/ocop_scorecard.h"

#define PATH_LEN	64	/* errinfo.field */

const char *const ocop_sc_status_names[OCOP_STATUS__MAX + 1] = {
	"verified", "carried_over", "to_complete", "local", NULL,
};

/* ---- faults ---- */

struct sparse {
	struct rep_problems *pr;
	struct errinfo *ei;
	enum err err;			/* the first fault */
};

static void
add_problem(struct sparse *ps, struct errinfo *one)
{
	if (ps->pr != NULL) {
		if (ps->pr->n < ps->pr->cap)
			ps->pr->items[ps->pr->n++] = *one;
		else
			ps->pr->more++;
	}
	if (ps->err == ERR_OK) {
		ps->err = one->err;
		if (ps->ei != NULL)
			*ps->ei = *one;
	}
}

static void
bad(struct sparse *ps, const char *path, const char *code, const char *vi,
    const char *en, ...) __attribute__((format(printf, 4, 6),
    format(printf, 5, 6)));

/* One fault at path ("" for the whole document), the path in front of
 * both messages. */
static void
bad(struct sparse *ps, const char *path, const char *code, const char *vi,
    const char *en, ...)
{
	struct errinfo one;
	va_list ap;

	va_start(ap, en);
	jdoc_faultv(&one, code, path, "bảng điểm", "scorecard", vi, en, ap);
	va_end(ap);
	add_problem(ps, &one);
}

static void
bad_plain(struct sparse *ps, const char *path, const char *code,
    const char *vi, const char *en, ...) __attribute__((format(printf, 4, 6),
    format(printf, 5, 6)));

/* One fault of a score sheet at path, its message naming the part or
 * sub-criterion in words (a page shows it; the path stays in field). */
static void
bad_plain(struct sparse *ps, const char *path, const char *code,
    const char *vi, const char *en, ...)
{
	struct errinfo one;
	va_list ap;

	va_start(ap, en);
	err_setv(&one, ERR_INVALID, code, path, vi, en, ap);
	va_end(ap);
	add_problem(ps, &one);
}

static void
only_keys(struct sparse *ps, json_t *obj, const char *base,
    const char *const *allowed)
{
	char path[PATH_LEN];
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v)
		if (jpath_name_index(allowed, key) < 0)
			bad(ps, jpath_key(path, base, key),
			    "ocop_scorecard.unknown_field",
			    "trường không được hỗ trợ (lỗi chính tả?)",
			    "not a supported field (a misspelling?)");
}

static void
missing(struct sparse *ps, const char *path)
{
	bad(ps, path, "ocop_scorecard.missing_field", "thiếu trường bắt buộc",
	    "a required field is missing");
}

/* ---- typed members ---- */

/* A text member (non-empty, at most OCOP_SC_TEXT_MAX bytes); NULL when
 * absent (a fault when required) or after a fault. */
static const char *
text_member(struct sparse *ps, json_t *obj, const char *base,
    const char *key, bool required)
{
	char path[PATH_LEN];
	json_t *v = json_object_get(obj, key);
	const char *s;

	jpath_key(path, base, key);
	if (v == NULL || json_is_null(v)) {
		if (required)
			missing(ps, path);
		return NULL;
	}
	if (!json_is_string(v) || (s = json_string_value(v))[0] == '\0' ||
	    json_string_length(v) > OCOP_SC_TEXT_MAX) {
		bad(ps, path, "ocop_scorecard.bad_text",
		    "cần một đoạn chữ (1 đến %d byte)",
		    "must be a text (1 to %d bytes)", OCOP_SC_TEXT_MAX);
		return NULL;
	}
	return s;
}

/* A number of points (0 to 100, at most two decimals) into *out in
 * hundredths.  Returns false after a fault. */
static bool
points_value(json_t *v, long *out)
{
	double d, h;

	if (!json_is_number(v))
		return false;
	d = json_number_value(v);
	if (!isfinite(d) || d < 0 || d > 1e6)
		return false;
	h = d * 100.0;
	if (fabs(h - round(h)) > 1e-6)
		return false;
	*out = (long)llround(h);
	return true;
}

/* A points member: -1 when null and nullable; false after a fault. */
static bool
points_member(struct sparse *ps, json_t *obj, const char *base,
    const char *key, bool nullable, long *out)
{
	char path[PATH_LEN];
	json_t *v = json_object_get(obj, key);

	jpath_key(path, base, key);
	if (v == NULL || json_is_null(v)) {
		if (nullable) {
			*out = -1;
			return true;
		}
		missing(ps, path);
		return false;
	}
	if (!points_value(v, out) || *out > OCOP_SC_TOTAL) {
		bad(ps, path, "ocop_scorecard.bad_points",
		    "cần một số điểm từ 0 đến 100, nhiều nhất hai chữ số thập "
		    "phân%s", "must be a number of points from 0 to 100, with at "
		    "most two decimals%s", nullable ? " (hoặc null: chưa nhập)" :
		    "");
		return false;
	}
	return true;
}

static bool
status_member(struct sparse *ps, json_t *obj, const char *base,
    enum ocop_sc_status *out)
{
	char path[PATH_LEN];
	const char *s = text_member(ps, obj, base, "status", true);
	int i;

	if (s == NULL)
		return false;
	if ((i = jpath_name_index(ocop_sc_status_names, s)) < 0) {
		bad(ps, jpath_key(path, base, "status"), "ocop_scorecard.bad_status",
		    "trạng thái “%s” không có (verified, carried_over, "
		    "to_complete, local)", "no status “%s” (verified, "
		    "carried_over, to_complete, local)", s);
		return false;
	}
	*out = (enum ocop_sc_status)i;
	return true;
}

/* An array member of 1..max entries (0.. when empty_ok); NULL when
 * absent and not required, or after a fault. */
static json_t *
array_member(struct sparse *ps, json_t *obj, const char *base,
    const char *key, size_t max, bool required)
{
	char path[PATH_LEN];
	json_t *v = json_object_get(obj, key);

	jpath_key(path, base, key);
	if (v == NULL || json_is_null(v)) {
		if (required)
			missing(ps, path);
		return NULL;
	}
	if (!json_is_array(v) || (required && json_array_size(v) == 0) ||
	    json_array_size(v) > max) {
		bad(ps, path, "ocop_scorecard.bad_list",
		    "cần một danh sách (%s%zu mục)", "must be a list (%s%zu "
		    "entries)", required ? "1 đến " : "đến ", max);
		return NULL;
	}
	return v;
}

static bool
code_valid(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9'))
			continue;
		if (i > 0 && (c == '.' || c == '-' || c == '_'))
			continue;
		return false;
	}
	return true;
}

/* ---- the document ---- */

static void
parse_head(struct sparse *ps, json_t *doc, struct ocop_scorecard *sc)
{
	static const char *const keys[] = { "format", "id", "version",
		"title", "title_en", "source", "parts", "groups", "bands",
		"spread", "rounding", "note", "note_en", NULL };
	static const char *const src_keys[] = { "decision", "date", "signer",
		"replaces", "sources", "status", NULL };
	const char *fmt, *id;
	json_t *v, *src;

	only_keys(ps, doc, "", keys);
	fmt = text_member(ps, doc, "", "format", true);
	if (fmt != NULL && strcmp(fmt, OCOP_SC_FORMAT) != 0)
		bad(ps, "format", "ocop_scorecard.bad_format",
		    "định dạng phải là “%s”", "the format must be “%s”",
		    OCOP_SC_FORMAT);
	id = text_member(ps, doc, "", "id", true);
	if (id != NULL && !text_id_valid(id, OCOP_SC_ID_MAX))
		bad(ps, "id", "ocop_scorecard.bad_id", "mã bảng điểm chỉ gồm "
		    "chữ thường không dấu, số, “.”, “_”, “-” (tối đa %d ký tự)",
		    "a scorecard id is lower-case letters, digits, “.”, “_”, "
		    "“-” (at most %d characters)", OCOP_SC_ID_MAX);
	else
		sc->id = id;
	v = json_object_get(doc, "version");
	if (v == NULL)
		missing(ps, "version");
	else if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > 100000)
		bad(ps, "version", "ocop_scorecard.bad_version",
		    "phiên bản là số nguyên từ 1", "the version is a whole "
		    "number from 1");
	else
		sc->version = (int)json_integer_value(v);
	sc->title = text_member(ps, doc, "", "title", true);
	sc->title_en = text_member(ps, doc, "", "title_en", false);
	text_member(ps, doc, "", "note", false);
	text_member(ps, doc, "", "note_en", false);
	src = json_object_get(doc, "source");
	if (src == NULL) {
		missing(ps, "source");
		return;
	}
	if (!json_is_object(src)) {
		bad(ps, "source", "ocop_scorecard.bad_source", "cần văn bản "
		    "pháp lý: {decision, date, sources}", "must be the legal "
		    "source: {decision, date, sources}");
		return;
	}
	only_keys(ps, src, "source", src_keys);
	sc->decision = text_member(ps, src, "source", "decision", true);
	sc->date = text_member(ps, src, "source", "date", true);
	text_member(ps, src, "source", "signer", false);
	if ((v = array_member(ps, src, "source", "sources", 20, true)) !=
	    NULL) {
		size_t i;
		json_t *s;
		char path[PATH_LEN];

		json_array_foreach(v, i, s)
			if (!json_is_string(s) || json_string_length(s) == 0)
				bad(ps, jpath_index(path, "source.sources", i),
				    "ocop_scorecard.bad_text", "cần một đoạn "
				    "chữ", "must be a text");
	}
}

static void
parse_parts(struct sparse *ps, json_t *doc, struct ocop_scorecard *sc)
{
	static const char *const keys[] = { "code", "name", "name_en", "max",
		"status", "sections", NULL };
	static const char *const skeys[] = { "name", "name_en", "max", NULL };
	char base[PATH_LEN], sbase[PATH_LEN], path[PATH_LEN];
	json_t *arr = array_member(ps, doc, "", "parts", OCOP_SC_PARTS_MAX,
	    true), *p, *secs, *s;
	size_t i, j, k;
	long sum = 0;
	bool all = true;

	if (arr == NULL)
		return;
	json_array_foreach(arr, i, p) {
		struct ocop_sc_part *pt = &sc->parts[sc->n_parts];
		long ssum = 0;
		bool sall = true;

		jpath_index(base, "parts", i);
		if (!json_is_object(p)) {
			bad(ps, base, "ocop_scorecard.bad_part", "cần một phần "
			    "{code, name, max, status, sections}", "must be a "
			    "part {code, name, max, status, sections}");
			all = false;
			continue;
		}
		only_keys(ps, p, base, keys);
		pt->code = text_member(ps, p, base, "code", true);
		if (pt->code != NULL && !code_valid(pt->code, 4)) {
			bad(ps, jpath_key(path, base, "code"), "ocop_scorecard.bad_code",
			    "mã phần là 1 đến 4 chữ hoặc số (A, B, C)",
			    "a part's code is 1 to 4 letters or digits (A, B, C)");
			pt->code = NULL;
		}
		for (k = 0; pt->code != NULL && k < sc->n_parts; k++)
			if (sc->parts[k].code != NULL &&
			    strcmp(sc->parts[k].code, pt->code) == 0) {
				bad(ps, jpath_key(path, base, "code"),
				    "ocop_scorecard.duplicate", "phần “%s” đã "
				    "có ở trên", "part “%s” is already above",
				    pt->code);
				pt->code = NULL;
			}
		pt->name = text_member(ps, p, base, "name", true);
		pt->name_en = text_member(ps, p, base, "name_en", false);
		if (!points_member(ps, p, base, "max", false, &pt->max))
			all = false;
		else
			sum += pt->max;
		status_member(ps, p, base, &pt->status);
		if ((secs = array_member(ps, p, base, "sections",
		    OCOP_SC_SECTIONS_MAX, false)) != NULL)
			json_array_foreach(secs, j, s) {
				struct ocop_sc_section *se =
				    &pt->sections[pt->n_sections++];

				jpath_index(sbase, jpath_key(path, base, "sections"), j);
				if (!json_is_object(s)) {
					bad(ps, sbase, "ocop_scorecard.bad_section",
					    "cần một mục {name, max}", "must be a "
					    "section {name, max}");
					se->max = -1;
					sall = false;
					continue;
				}
				only_keys(ps, s, sbase, skeys);
				se->name = text_member(ps, s, sbase, "name", true);
				se->name_en = text_member(ps, s, sbase, "name_en",
				    false);
				if (!points_member(ps, s, sbase, "max", true,
				    &se->max)) {
					se->max = -1;
					sall = false;
				} else if (se->max < 0)
					sall = false;
				else if (pt->code != NULL && se->max > pt->max) {
					bad(ps, jpath_key(path, sbase, "max"),
					    "ocop_scorecard.section_above_part",
					    "mục được %g điểm, nhiều hơn cả phần "
					    "%s (%g)", "the section has %g "
					    "points, more than its whole part %s "
					    "(%g)", se->max / 100.0, pt->code,
					    pt->max / 100.0);
					sall = false;
				} else
					ssum += se->max;
			}
		if (sall && pt->n_sections > 0 && pt->code != NULL &&
		    ssum != pt->max)
			bad(ps, jpath_key(path, base, "sections"),
			    "ocop_scorecard.sections_sum", "tổng điểm các mục "
			    "của phần %s là %g, khác điểm tối đa %g của phần",
			    "the sections of part %s add up to %g, not the "
			    "part's maximum %g", pt->code, ssum / 100.0,
			    pt->max / 100.0);
		sc->n_parts++;
	}
	if (all && sum != OCOP_SC_TOTAL)
		bad(ps, "parts", "ocop_scorecard.parts_sum", "tổng điểm tối đa "
		    "các phần là %g, phải là 100", "the parts' maxima add up to "
		    "%g, not 100", sum / 100.0);
}

static long
part_of(const struct ocop_scorecard *sc, const char *code)
{
	for (size_t i = 0; i < sc->n_parts; i++)
		if (sc->parts[i].code != NULL &&
		    strcmp(sc->parts[i].code, code) == 0)
			return (long)i;
	return -1;
}

/* The sub-criteria of a group or subgroup at base: each part covered
 * exactly (the items of a part add up to its maximum, those of a section
 * with a maximum to it), or none at all. */
static void
parse_items(struct sparse *ps, json_t *obj, const char *base,
    const struct ocop_scorecard *sc, struct ocop_sc_items *it)
{
	static const char *const keys[] = { "no", "name", "name_en", "part",
		"section", "max", NULL };
	char ibase[PATH_LEN], path[PATH_LEN], abase[PATH_LEN];
	json_t *arr = array_member(ps, obj, base, "items", OCOP_SC_ITEMS_MAX,
	    false), *x, *v;
	long psum[OCOP_SC_PARTS_MAX] = { 0 };
	long ssum[OCOP_SC_PARTS_MAX][OCOP_SC_SECTIONS_MAX];
	bool ok = true;
	size_t i, k;

	if (arr == NULL || json_array_size(arr) == 0)
		return;
	memset(ssum, 0, sizeof(ssum));
	jpath_key(abase, base, "items");
	it->items = xcalloc(json_array_size(arr), sizeof(*it->items));
	json_array_foreach(arr, i, x) {
		struct ocop_sc_item *m = &it->items[it->n_items];
		const char *part;
		long pi = -1;

		jpath_index(ibase, abase, i);
		if (!json_is_object(x)) {
			bad(ps, ibase, "ocop_scorecard.bad_item", "cần một tiêu "
			    "chí {no, name, part, max}", "must be a "
			    "sub-criterion {no, name, part, max}");
			ok = false;
			continue;
		}
		only_keys(ps, x, ibase, keys);
		m->no = text_member(ps, x, ibase, "no", true);
		if (m->no != NULL && !code_valid(m->no, 16)) {
			bad(ps, jpath_key(path, ibase, "no"), "ocop_scorecard.bad_code",
			    "số thứ tự tiêu chí là 1 đến 16 chữ, số, “.”, “-”",
			    "a sub-criterion's number is 1 to 16 letters, "
			    "digits, “.”, “-”");
			m->no = NULL;
		}
		for (k = 0; m->no != NULL && k < it->n_items; k++)
			if (it->items[k].no != NULL &&
			    strcmp(it->items[k].no, m->no) == 0) {
				bad(ps, jpath_key(path, ibase, "no"),
				    "ocop_scorecard.duplicate", "tiêu chí “%s” "
				    "đã có ở trên", "sub-criterion “%s” is "
				    "already above", m->no);
				m->no = NULL;
			}
		m->name = text_member(ps, x, ibase, "name", true);
		m->name_en = text_member(ps, x, ibase, "name_en", false);
		if ((part = text_member(ps, x, ibase, "part", true)) != NULL &&
		    (pi = part_of(sc, part)) < 0)
			bad(ps, jpath_key(path, ibase, "part"), "ocop_scorecard.no_part",
			    "không có phần “%s” trong bảng điểm",
			    "no part “%s” in the scorecard", part);
		m->section = -1;
		v = json_object_get(x, "section");
		if (v != NULL && !json_is_null(v) && pi >= 0) {
			if (!json_is_integer(v) || json_integer_value(v) < 1 ||
			    (size_t)json_integer_value(v) >
			    sc->parts[pi].n_sections)
				bad(ps, jpath_key(path, ibase, "section"),
				    "ocop_scorecard.no_section", "phần %s có "
				    "%zu mục: cần số thứ tự mục từ 1 đến %zu",
				    "part %s has %zu sections: the section's "
				    "number is 1 to %zu", sc->parts[pi].code,
				    sc->parts[pi].n_sections,
				    sc->parts[pi].n_sections);
			else
				m->section = (int)json_integer_value(v) - 1;
		}
		if (!points_member(ps, x, ibase, "max", false, &m->max) ||
		    pi < 0 || m->no == NULL) {
			ok = false;
			continue;
		}
		m->part = (size_t)pi;
		psum[pi] += m->max;
		if (m->section >= 0)
			ssum[pi][m->section] += m->max;
		it->n_items++;
	}
	if (!ok)
		return;
	for (k = 0; k < sc->n_parts; k++) {
		const struct ocop_sc_part *pt = &sc->parts[k];

		if (pt->code == NULL)
			continue;
		if (psum[k] != pt->max)
			bad(ps, abase, "ocop_scorecard.items_sum", "các tiêu chí "
			    "của phần %s cộng lại %g điểm, khác điểm tối đa %g "
			    "của phần", "the sub-criteria of part %s add up to "
			    "%g points, not the part's maximum %g", pt->code,
			    psum[k] / 100.0, pt->max / 100.0);
		for (i = 0; i < pt->n_sections; i++)
			if (pt->sections[i].max >= 0 && ssum[k][i] != 0 &&
			    ssum[k][i] != pt->sections[i].max)
				bad(ps, abase, "ocop_scorecard.items_sum",
				    "các tiêu chí của mục “%s” (phần %s) cộng "
				    "lại %g điểm, khác điểm tối đa %g của mục",
				    "the sub-criteria of section “%s” (part %s) "
				    "add up to %g points, not the section's "
				    "maximum %g", pt->sections[i].name ?
				    pt->sections[i].name : "?", pt->code,
				    ssum[k][i] / 100.0,
				    pt->sections[i].max / 100.0);
	}
}

static void
parse_groups(struct sparse *ps, json_t *doc, struct ocop_scorecard *sc)
{
	static const char *const keys[] = { "code", "name", "name_en",
		"status", "items", "subgroups", NULL };
	static const char *const skeys[] = { "code", "name", "name_en",
		"items", NULL };
	char base[PATH_LEN], sbase[PATH_LEN], path[PATH_LEN];
	json_t *arr = array_member(ps, doc, "", "groups", OCOP_SC_GROUPS_MAX,
	    true), *g, *subs, *s, *v;
	enum ocop_sc_status st;
	size_t i, j, k;

	if (arr == NULL)
		return;
	json_array_foreach(arr, i, g) {
		struct ocop_sc_group *gr = &sc->groups[sc->n_groups];

		jpath_index(base, "groups", i);
		if (!json_is_object(g)) {
			bad(ps, base, "ocop_scorecard.bad_group", "cần một nhóm "
			    "sản phẩm {code, name, status}", "must be a product "
			    "group {code, name, status}");
			continue;
		}
		only_keys(ps, g, base, keys);
		v = json_object_get(g, "code");
		if (v == NULL)
			missing(ps, jpath_key(path, base, "code"));
		else if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > 99)
			bad(ps, jpath_key(path, base, "code"), "ocop_scorecard.bad_code",
			    "mã nhóm là số nguyên từ 1 đến 99", "a group's code "
			    "is a whole number from 1 to 99");
		else if (ocop_sc_group(sc, (int)json_integer_value(v)) != NULL)
			bad(ps, jpath_key(path, base, "code"), "ocop_scorecard.duplicate",
			    "nhóm %d đã có ở trên", "group %d is already above",
			    (int)json_integer_value(v));
		else
			gr->code = (int)json_integer_value(v);
		gr->name = text_member(ps, g, base, "name", true);
		gr->name_en = text_member(ps, g, base, "name_en", false);
		status_member(ps, g, base, &st);
		parse_items(ps, g, base, sc, &gr->it);
		if ((subs = array_member(ps, g, base, "subgroups",
		    OCOP_SC_SUBGROUPS_MAX, false)) != NULL &&
		    json_array_size(subs) > 0) {
			gr->subgroups = xcalloc(json_array_size(subs),
			    sizeof(*gr->subgroups));
			json_array_foreach(subs, j, s) {
				struct ocop_sc_subgroup *sg =
				    &gr->subgroups[gr->n_subgroups];

				jpath_index(sbase, jpath_key(path, base, "subgroups"), j);
				if (!json_is_object(s)) {
					bad(ps, sbase, "ocop_scorecard.bad_group",
					    "cần một phân nhóm {code, name}",
					    "must be a subgroup {code, name}");
					continue;
				}
				only_keys(ps, s, sbase, skeys);
				sg->code = text_member(ps, s, sbase, "code",
				    true);
				if (sg->code != NULL && !code_valid(sg->code,
				    16)) {
					bad(ps, jpath_key(path, sbase, "code"),
					    "ocop_scorecard.bad_code", "mã phân "
					    "nhóm là 1 đến 16 chữ, số, “.”, “-”",
					    "a subgroup's code is 1 to 16 "
					    "letters, digits, “.”, “-”");
					sg->code = NULL;
				}
				for (k = 0; sg->code != NULL &&
				    k < gr->n_subgroups; k++)
					if (gr->subgroups[k].code != NULL &&
					    strcmp(gr->subgroups[k].code,
					    sg->code) == 0) {
						bad(ps, jpath_key(path, sbase, "code"),
						    "ocop_scorecard.duplicate",
						    "phân nhóm “%s” đã có ở trên",
						    "subgroup “%s” is already "
						    "above", sg->code);
						sg->code = NULL;
					}
				sg->name = text_member(ps, s, sbase, "name",
				    true);
				sg->name_en = text_member(ps, s, sbase,
				    "name_en", false);
				parse_items(ps, s, sbase, sc, &sg->it);
				gr->n_subgroups++;
			}
		}
		if (gr->code > 0)
			sc->n_groups++;
		else {
			for (j = 0; j < gr->n_subgroups; j++)
				free(gr->subgroups[j].it.items);
			free(gr->subgroups);
			free(gr->it.items);
			memset(gr, 0, sizeof(*gr));
		}
	}
}

static void
parse_bands(struct sparse *ps, json_t *doc, struct ocop_scorecard *sc)
{
	static const char *const keys[] = { "status", "note", "note_en",
		"edges", NULL };
	static const char *const ekeys[] = { "stars", "min", "meaning",
		"meaning_en", NULL };
	char base[PATH_LEN], path[PATH_LEN];
	json_t *b = json_object_get(doc, "bands"), *arr, *e, *v;
	size_t i;
	bool ok = true;

	if (b == NULL) {
		missing(ps, "bands");
		return;
	}
	if (!json_is_object(b)) {
		bad(ps, "bands", "ocop_scorecard.bad_bands", "cần các hạng sao "
		    "{status, note, edges}", "must be the star bands {status, "
		    "note, edges}");
		return;
	}
	only_keys(ps, b, "bands", keys);
	status_member(ps, b, "bands", &sc->bands_status);
	sc->bands_note = text_member(ps, b, "bands", "note",
	    sc->bands_status != OCOP_VERIFIED);
	sc->bands_note_en = text_member(ps, b, "bands", "note_en", false);
	if ((arr = array_member(ps, b, "bands", "edges", OCOP_SC_BANDS_MAX,
	    true)) == NULL)
		return;
	json_array_foreach(arr, i, e) {
		struct ocop_sc_band *bd = &sc->bands[sc->n_bands];

		jpath_index(base, "bands.edges", i);
		if (!json_is_object(e)) {
			bad(ps, base, "ocop_scorecard.bad_band", "cần một hạng "
			    "{stars, min}", "must be a band {stars, min}");
			ok = false;
			continue;
		}
		only_keys(ps, e, base, ekeys);
		v = json_object_get(e, "stars");
		if (v == NULL) {
			missing(ps, jpath_key(path, base, "stars"));
			ok = false;
		} else if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > 5) {
			bad(ps, jpath_key(path, base, "stars"), "ocop_scorecard.bad_stars",
			    "số sao là số nguyên từ 1 đến 5", "the stars are a "
			    "whole number from 1 to 5");
			ok = false;
		} else
			bd->stars = (int)json_integer_value(v);
		if (!points_member(ps, e, base, "min", false, &bd->min))
			ok = false;
		bd->meaning = text_member(ps, e, base, "meaning", false);
		bd->meaning_en = text_member(ps, e, base, "meaning_en", false);
		if (ok && sc->n_bands > 0 &&
		    (bd->min >= sc->bands[sc->n_bands - 1].min ||
		    bd->stars >= sc->bands[sc->n_bands - 1].stars)) {
			bad(ps, base, "ocop_scorecard.band_order", "các hạng đi "
			    "từ nhiều sao xuống ít sao, ngưỡng giảm dần",
			    "bands go from most stars to fewest, with "
			    "decreasing minimums");
			ok = false;
		}
		sc->n_bands++;
	}
	if (ok && sc->n_bands > 0 && sc->bands[sc->n_bands - 1].min != 0)
		bad(ps, "bands.edges", "ocop_scorecard.band_floor", "hạng thấp "
		    "nhất phải bắt đầu từ 0 điểm", "the lowest band must start "
		    "at 0 points");
}

static void
parse_spread(struct sparse *ps, json_t *doc, struct ocop_scorecard *sc)
{
	static const char *const keys[] = { "max", "status", "note", NULL };
	static const char *const rkeys[] = { "mean_decimals", "mode", NULL };
	json_t *s = json_object_get(doc, "spread"), *r, *v;
	const char *mode;

	if (s == NULL)
		missing(ps, "spread");
	else if (!json_is_object(s))
		bad(ps, "spread", "ocop_scorecard.bad_spread", "cần độ chênh "
		    "{max, status}", "must be the spread {max, status}");
	else {
		only_keys(ps, s, "spread", keys);
		points_member(ps, s, "spread", "max", false, &sc->spread_max);
		status_member(ps, s, "spread", &sc->spread_status);
		text_member(ps, s, "spread", "note", false);
	}
	r = json_object_get(doc, "rounding");
	if (r == NULL) {
		missing(ps, "rounding");
		return;
	}
	if (!json_is_object(r)) {
		bad(ps, "rounding", "ocop_scorecard.bad_rounding", "cần cách làm "
		    "tròn {mean_decimals, mode}", "must be the rounding "
		    "{mean_decimals, mode}");
		return;
	}
	only_keys(ps, r, "rounding", rkeys);
	v = json_object_get(r, "mean_decimals");
	if (v == NULL)
		missing(ps, "rounding.mean_decimals");
	else if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > 2)
		bad(ps, "rounding.mean_decimals", "ocop_scorecard.bad_rounding",
		    "số chữ số thập phân là 0, 1 hoặc 2", "the decimals are 0, "
		    "1 or 2");
	else
		sc->mean_decimals = (int)json_integer_value(v);
	mode = text_member(ps, r, "rounding", "mode", true);
	if (mode != NULL && strcmp(mode, "half_up") != 0)
		bad(ps, "rounding.mode", "ocop_scorecard.bad_rounding",
		    "chỉ hỗ trợ cách làm tròn “half_up” (5 làm tròn lên)",
		    "only “half_up” rounding is supported");
}

void
ocop_scorecard_free(struct ocop_scorecard *sc)
{
	if (sc == NULL)
		return;
	for (size_t i = 0; i < sc->n_groups; i++) {
		for (size_t j = 0; j < sc->groups[i].n_subgroups; j++)
			free(sc->groups[i].subgroups[j].it.items);
		free(sc->groups[i].subgroups);
		free(sc->groups[i].it.items);
	}
	json_decref(sc->doc);
	free(sc);
}

enum err
ocop_scorecard_from_json(json_t *doc, struct ocop_scorecard **out,
    struct rep_problems *pr, struct errinfo *ei)
{
	struct sparse ps = { pr, ei, ERR_OK };
	struct ocop_scorecard *sc;

	*out = NULL;
	if (!json_is_object(doc)) {
		bad(&ps, "", "ocop_scorecard.not_object", "cần một đối tượng "
		    "JSON", "must be a JSON object");
		return ps.err;
	}
	sc = xcalloc(1, sizeof(*sc));
	sc->doc = json_incref(doc);
	sc->mean_decimals = 1;
	parse_head(&ps, doc, sc);
	parse_parts(&ps, doc, sc);
	parse_groups(&ps, doc, sc);
	parse_bands(&ps, doc, sc);
	parse_spread(&ps, doc, sc);
	if (ps.err != ERR_OK) {
		ocop_scorecard_free(sc);
		return ps.err;
	}
	*out = sc;
	return ERR_OK;
}

enum err
ocop_scorecard_parse(const char *text, size_t len,
    struct ocop_scorecard **out, struct rep_problems *pr, struct errinfo *ei)
{
	struct sparse ps = { pr, ei, ERR_OK };
	struct errinfo one;
	json_t *doc = NULL;
	enum err e;

	*out = NULL;
	if ((e = jdoc_load(text, len, OCOP_SC_DOC_MAX, "ocop_scorecard",
	    "doc_scorecard", &doc, &one)) != ERR_OK) {
		add_problem(&ps, &one);
		return e;
	}
	e = ocop_scorecard_from_json(doc, out, pr, ei);
	json_decref(doc);
	return e;
}

/* ---- scoring ---- */

const struct ocop_sc_group *
ocop_sc_group(const struct ocop_scorecard *sc, int code)
{
	for (size_t i = 0; i < sc->n_groups; i++)
		if (sc->groups[i].code == code)
			return &sc->groups[i];
	return NULL;
}

enum err
ocop_sc_items_for(const struct ocop_scorecard *sc, int group,
    const char *subgroup, const char *field, const struct ocop_sc_items **out,
    struct errinfo *ei)
{
	const struct ocop_sc_group *g = ocop_sc_group(sc, group);

	*out = NULL;
	if (g == NULL)
		return err_set(ei, ERR_INVALID, "ocop_scorecard.no_group", field,
		    "bảng điểm không có nhóm sản phẩm %d", "the scorecard has "
		    "no product group %d", group);
	*out = &g->it;
	if (subgroup == NULL || subgroup[0] == '\0')
		return ERR_OK;
	for (size_t i = 0; i < g->n_subgroups; i++)
		if (strcmp(g->subgroups[i].code, subgroup) == 0) {
			if (g->subgroups[i].it.n_items > 0)
				*out = &g->subgroups[i].it;
			return ERR_OK;
		}
	return err_set(ei, ERR_INVALID, "ocop_scorecard.no_subgroup",
	    "subgroup", "nhóm “%s” không có phân nhóm “%.40s”", "group “%s” "
	    "has no subgroup “%.40s”", g->name, subgroup);
}

/* One score v against max at path, naming what is scored (label).  */
static bool
score_value(struct sparse *ps, json_t *v, long max, const char *path,
    const char *label, long *out)
{
	if (v == NULL || json_is_null(v)) {
		bad_plain(ps, path, "ocop_scorecard.score_missing", "%s: chưa có "
		    "điểm", "%s: no score", label);
		return false;
	}
	if (!json_is_number(v)) {
		bad_plain(ps, path, "ocop_scorecard.score_not_number", "%s: điểm "
		    "phải là một số", "%s: the score must be a number", label);
		return false;
	}
	if (json_number_value(v) < 0) {
		bad_plain(ps, path, "ocop_scorecard.score_negative", "%s: điểm không "
		    "được âm", "%s: the score cannot be negative", label);
		return false;
	}
	if (!points_value(v, out)) {
		bad_plain(ps, path, "ocop_scorecard.score_decimals", "%s: điểm có "
		    "nhiều nhất hai chữ số thập phân", "%s: a score has at most "
		    "two decimals", label);
		return false;
	}
	if (*out > max) {
		bad_plain(ps, path, "ocop_scorecard.score_above_max", "%s: %g điểm "
		    "vượt điểm tối đa %g", "%s: %g points is above the maximum "
		    "of %g", label, *out / 100.0, max / 100.0);
		return false;
	}
	return true;
}

static void
item_label(char *buf, size_t size, const struct ocop_sc_item *m)
{
	char name[200];
	size_t n = text_utf8_cut(m->name, sizeof(name) - 1);

	memcpy(name, m->name, n);
	name[n] = '\0';
	snprintf(buf, size, "%s %s", m->no, name);
}

enum err
ocop_sheet_score(const struct ocop_scorecard *sc,
    const struct ocop_sc_items *items, json_t *sheet, const char *path,
    struct ocop_sheet_total *out, struct rep_problems *pr,
    struct errinfo *ei)
{
	struct sparse ps = { pr, ei, ERR_OK };
	char p[PATH_LEN], ipath[PATH_LEN], label[260];
	json_t *its, *v;
	const char *key;
	size_t i;
	long s;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(sheet)) {
		bad_plain(&ps, path, "ocop_scorecard.bad_sheet", "cần điểm của từng "
		    "phần ({\"A\": .., \"B\": .., \"C\": ..}) hoặc từng tiêu "
		    "chí ({\"items\": {..}})", "must be the score of each part "
		    "({\"A\": .., \"B\": .., \"C\": ..}) or of each "
		    "sub-criterion ({\"items\": {..}})");
		return ps.err;
	}
	its = json_object_get(sheet, "items");
	if (its != NULL) {
		if (items == NULL || items->n_items == 0) {
			bad_plain(&ps, jpath_key(p, path, "items"), "ocop_scorecard.no_items",
			    "nhóm sản phẩm này chưa có tiêu chí chi tiết: chấm "
			    "theo phần", "this product group has no "
			    "sub-criteria yet: score it by part");
			return ps.err;
		}
		if (!json_is_object(its)) {
			bad_plain(&ps, jpath_key(p, path, "items"), "ocop_scorecard.bad_sheet",
			    "cần điểm của từng tiêu chí {\"A.1.1\": ..}",
			    "must be the score of each sub-criterion "
			    "{\"A.1.1\": ..}");
			return ps.err;
		}
		json_object_foreach(sheet, key, v)
			if (strcmp(key, "items") != 0)
				bad_plain(&ps, jpath_key(p, path, key),
				    "ocop_scorecard.unknown_field", "chấm theo "
				    "tiêu chí thì không ghi điểm phần",
				    "a sheet scored by sub-criterion has no "
				    "part scores");
		jpath_key(p, path, "items");
		json_object_foreach(its, key, v) {
			for (i = 0; i < items->n_items; i++)
				if (strcmp(items->items[i].no, key) == 0)
					break;
			if (i == items->n_items)
				bad_plain(&ps, jpath_key(ipath, p, key),
				    "ocop_scorecard.no_item", "không có tiêu "
				    "chí này trong bảng điểm", "no such "
				    "sub-criterion in the scorecard");
		}
		for (i = 0; i < items->n_items; i++) {
			const struct ocop_sc_item *m = &items->items[i];

			item_label(label, sizeof(label), m);
			if (score_value(&ps, json_object_get(its, m->no),
			    m->max, jpath_key(ipath, p, m->no), label, &s))
				out->parts[m->part] += s;
		}
		out->by_items = true;
	} else {
		json_object_foreach(sheet, key, v)
			if (part_of(sc, key) < 0)
				bad_plain(&ps, jpath_key(p, path, key),
				    "ocop_scorecard.no_part", "không có phần "
				    "này trong bảng điểm", "no such part in "
				    "the scorecard");
		for (i = 0; i < sc->n_parts; i++) {
			const struct ocop_sc_part *pt = &sc->parts[i];

			snprintf(label, sizeof(label), "%s %s", pt->code,
			    pt->name);
			if (score_value(&ps, json_object_get(sheet, pt->code),
			    pt->max, jpath_key(p, path, pt->code), label, &s))
				out->parts[i] = s;
		}
	}
	for (i = 0; i < sc->n_parts; i++)
		out->total += out->parts[i];
	return ps.err;
}

int
ocop_stars(const struct ocop_scorecard *sc, long score)
{
	if (score < 0 || score > OCOP_SC_TOTAL)
		return -1;
	for (size_t i = 0; i < sc->n_bands; i++)
		if (score >= sc->bands[i].min)
			return sc->bands[i].stars;
	return -1;
}

long
ocop_mean(const struct ocop_scorecard *sc, const long *totals, size_t n)
{
	long long sum = 0, den, q = 1;

	if (n == 0)
		return 0;
	for (int d = sc->mean_decimals; d < 2; d++)
		q *= 10;		/* hundredths per rounding step */
	for (size_t i = 0; i < n; i++)
		sum += totals[i];
	den = (long long)n * q;
	/* half-up on non-negative values: floor(sum / den + 1/2) */
	return (long)(((2 * sum + den) / (2 * den)) * q);
}

void
ocop_aggregate(const struct ocop_scorecard *sc, const long *totals,
    size_t n, struct ocop_aggregate *out)
{
	long lo = totals[0], hi = totals[0];

	for (size_t i = 1; i < n; i++) {
		if (totals[i] < lo)
			lo = totals[i];
		if (totals[i] > hi)
			hi = totals[i];
	}
	out->mean = ocop_mean(sc, totals, n);
	out->stars = ocop_stars(sc, out->mean);
	out->spread = hi - lo;
	out->flagged = out->spread > sc->spread_max;
}

json_t *
ocop_points_json(long h)
{
	if (h % 100 == 0)
		return json_integer(h / 100);
	return json_real((double)h / 100.0);
}

enum err
ocop_preview(const struct ocop_scorecard *sc, json_t *body,
    const char *lang, json_t **out, struct rep_problems *pr,
    struct errinfo *ei)
{
	static const char *const keys[] = { "group", "subgroup", "members",
		NULL };
	struct sparse ps = { pr, ei, ERR_OK };
	const struct ocop_sc_items *items = NULL;
	struct ocop_sheet_total tot[OCOP_SC_MEMBERS_MAX];
	long totals[OCOP_SC_MEMBERS_MAX];
	struct ocop_aggregate ag;
	struct errinfo one;
	char p[PATH_LEN];
	json_t *members, *m, *g, *res, *arr;
	size_t i, k, n;

	*out = NULL;
	if (!json_is_object(body)) {
		bad_plain(&ps, "", "ocop_scorecard.bad_preview", "cần {\"members\": "
		    "[..]}", "must be {\"members\": [..]}");
		return ps.err;
	}
	only_keys(&ps, body, "", keys);
	g = json_object_get(body, "group");
	if (g != NULL && !json_is_null(g)) {
		const char *sub = NULL;
		json_t *s = json_object_get(body, "subgroup");

		if (json_is_string(s))
			sub = json_string_value(s);
		else if (s != NULL && !json_is_null(s))
			bad_plain(&ps, "subgroup", "ocop_scorecard.bad_text", "cần mã "
			    "phân nhóm", "must be a subgroup's code");
		if (!json_is_integer(g))
			bad_plain(&ps, "group", "ocop_scorecard.bad_code", "cần số "
			    "của nhóm sản phẩm", "must be a product group's "
			    "number");
		else if (ocop_sc_items_for(sc, (int)json_integer_value(g), sub,
		    "group", &items, &one) != ERR_OK)
			add_problem(&ps, &one);
	}
	members = json_object_get(body, "members");
	if (!json_is_array(members) || json_array_size(members) == 0) {
		bad_plain(&ps, "members", "ocop_scorecard.no_members", "cần điểm của "
		    "ít nhất một thành viên", "needs the scores of at least "
		    "one member");
		return ps.err;
	}
	if ((n = json_array_size(members)) > OCOP_SC_MEMBERS_MAX) {
		bad_plain(&ps, "members", "ocop_scorecard.too_many_members",
		    "nhiều nhất %d thành viên", "at most %d members",
		    OCOP_SC_MEMBERS_MAX);
		return ps.err;
	}
	json_array_foreach(members, i, m) {
		struct errinfo first;
		size_t before = pr != NULL ? pr->n : 0;

		if (ocop_sheet_score(sc, items, m, jpath_index(p, "members", i),
		    &tot[i], pr, &first) != ERR_OK) {
			/* "Thành viên 2: C Chất lượng sản phẩm: ..." */
			for (k = before; pr != NULL && k < pr->n; k++)
				err_prefix(&pr->items[k], "Thành viên %zu: ",
				    "Member %zu: ", i + 1);
			err_prefix(&first, "Thành viên %zu: ", "Member %zu: ",
			    i + 1);
			if (ps.err == ERR_OK) {
				ps.err = first.err;
				if (ei != NULL)
					*ei = first;
			}
		}
		totals[i] = tot[i].total;
	}
	if (ps.err != ERR_OK)
		return ps.err;
	ocop_aggregate(sc, totals, n, &ag);
	arr = json_array();
	for (i = 0; i < n; i++) {
		json_t *parts = json_object();

		for (k = 0; k < sc->n_parts; k++)
			json_object_set_new(parts, sc->parts[k].code,
			    ocop_points_json(tot[i].parts[k]));
		json_array_append_new(arr, json_pack("{s:o, s:o, s:b}",
		    "total", ocop_points_json(tot[i].total), "parts", parts,
		    "by_items", tot[i].by_items));
	}
	res = json_pack("{s:o, s:o, s:i, s:o, s:b, s:o, s:s, s:s?}",
	    "members", arr, "mean", ocop_points_json(ag.mean), "stars",
	    ag.stars, "spread", ocop_points_json(ag.spread), "flagged",
	    ag.flagged, "spread_max", ocop_points_json(sc->spread_max),
	    "bands_status", ocop_sc_status_names[sc->bands_status],
	    "band_note", sc->bands_note == NULL ? NULL :
	    msg_pick(lang, sc->bands_note, sc->bands_note_en));
	*out = res;
	return ERR_OK;
}
