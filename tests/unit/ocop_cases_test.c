/*
 * ocop_cases_test.c - the data-driven cases of the OCOP scorecard
 * (docs/OCOP.md section 3): every *.json file of tests/ocop-cases/ (or
 * $NTM_OCOP_CASES_DIR) is one case, run in name order.  Every case works
 * on a scorecard: "scorecard" (a document), or the shipped
 * scorecards/ocop-148-2023.json changed by "set": {"<path>": value} and
 * "delete": ["<path>"] (paths like "parts[0].max", "groups[0].items").
 * A case has "description" and "kind":
 *
 *   "scorecard"  "expect_problems": [{"field", "code"}] - every fault of
 *                the document, in order (empty: it parses).
 *   "stars"      "scores": {"<points as text>": stars | -1 (refused)}:
 *                ocop_stars on each score, as written (no rounding).
 *   "aggregate"  "totals": [points]; "expect": {"mean", "stars",
 *                "spread", "flagged"} (ocop_aggregate, the mean rounded
 *                as the scorecard says).
 *   "preview"    "body": the preview's body; "expect": a subset of the
 *                answer, or "expect_problems": [{"field", "code",
 *                "message_has": a text the Vietnamese message contains}].
 *
 * Every problem's message must exist in both languages and differ between
 * them; a document's problems start with their JSON path (a coordinator
 * reads them), a sheet's name the member and the part or sub-criterion in
 * words instead (an evaluator reads them on the scoring page).  Numbers compare within 1e-9.
 */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "domain/ocop/ocop_scorecard.h"

#define SHIPPED "scorecards/ocop-148-2023.json"

struct ctx {
	const char *file;
	char why[600];
	struct arena *a;
};

static int
failf(struct ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
failf(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->why[0] != '\0')
		return 1;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	return 1;
}

static bool
same(json_t *got, json_t *want)
{
	if (json_is_number(got) && json_is_number(want))
		return fabs(json_number_value(got) - json_number_value(want)) <=
		    1e-9;
	if (json_is_object(want)) {
		const char *k;
		json_t *v;

		if (!json_is_object(got))
			return false;
		json_object_foreach(want, k, v)
			if (!same(json_object_get(got, k), v))
				return false;
		return true;
	}
	if (json_is_array(want)) {
		size_t i;
		json_t *v;

		if (!json_is_array(got) ||
		    json_array_size(got) != json_array_size(want))
			return false;
		json_array_foreach(want, i, v)
			if (!same(json_array_get(got, i), v))
				return false;
		return true;
	}
	return got != NULL && json_equal(got, want);
}

/* The parent of path's last step in doc, and that step (a key, or an
 * index when *is_index). */
static json_t *
walk(json_t *doc, const char *path, char *last, size_t *index, bool *is_index)
{
	char step[128];
	const char *p = path;
	json_t *cur = doc, *parent = NULL;

	while (*p != '\0') {
		size_t n = 0;

		*is_index = false;
		if (*p == '[') {
			*index = strtoul(p + 1, NULL, 10);
			*is_index = true;
			p = strchr(p, ']') + 1;
		} else {
			while (p[n] != '\0' && p[n] != '.' && p[n] != '[')
				n++;
			memcpy(step, p, n);
			step[n] = '\0';
			p += n;
		}
		if (*p == '.')
			p++;
		parent = cur;
		if (!*is_index)
			snprintf(last, 128, "%s", step);
		cur = *is_index ? json_array_get(parent, *index) :
		    json_object_get(parent, step);
		if (*p != '\0' && cur == NULL)
			return NULL;
	}
	return parent;
}

static json_t *
scorecard_doc(struct ctx *c, json_t *cs)
{
	json_t *doc = json_object_get(cs, "scorecard"), *v, *set, *del;
	json_error_t jerr;
	const char *k;
	size_t i, index;
	char last[128];
	bool is_index;

	if (doc != NULL)
		return json_incref(doc);
	if ((doc = json_load_file(SHIPPED, 0, &jerr)) == NULL) {
		failf(c, "%s: %s", SHIPPED, jerr.text);
		return NULL;
	}
	set = json_object_get(cs, "set");
	json_object_foreach(set, k, v) {
		json_t *parent = walk(doc, k, last, &index, &is_index);

		if (parent == NULL) {
			failf(c, "set: no “%s”", k);
			continue;
		}
		if (is_index)
			json_array_set(parent, index, v);
		else
			json_object_set(parent, last, v);
	}
	del = json_object_get(cs, "delete");
	json_array_foreach(del, i, v) {
		json_t *parent = walk(doc, json_string_value(v), last, &index,
		    &is_index);

		if (parent == NULL)
			failf(c, "delete: no “%s”", json_string_value(v));
		else if (is_index)
			json_array_remove(parent, index);
		else
			json_object_del(parent, last);
	}
	return doc;
}

static int
check_problems(struct ctx *c, const struct rep_problems *pr, json_t *want,
    bool path_first)
{
	size_t i;
	json_t *w;

	for (i = 0; i < pr->n; i++) {
		const struct errinfo *e = &pr->items[i];

		if (e->message[0] == '\0' || e->message_en[0] == '\0' ||
		    strcmp(e->message, e->message_en) == 0)
			return failf(c, "problem %zu (%s): messages", i,
			    e->code);
		if (path_first && e->field[0] != '\0' && (strncmp(e->message, e->field,
		    strlen(e->field)) != 0 || strncmp(e->message_en, e->field,
		    strlen(e->field)) != 0))
			return failf(c, "problem %zu: message “%s” does not start "
			    "with its field “%s”", i, e->message, e->field);
	}
	if (pr->n != json_array_size(want)) {
		char got[400] = "";
		size_t off = 0;

		for (i = 0; i < pr->n && off < sizeof(got) - 1; i++)
			off += (size_t)snprintf(got + off, sizeof(got) - off,
			    "%s@%s ", pr->items[i].code, pr->items[i].field);
		return failf(c, "%zu problems, expected %zu: %s", pr->n,
		    json_array_size(want), got);
	}
	json_array_foreach(want, i, w) {
		const char *f = json_string_value(json_object_get(w, "field"));
		const char *code = json_string_value(json_object_get(w, "code"));
		const char *has = json_string_value(json_object_get(w,
		    "message_has"));

		if (has != NULL && strstr(pr->items[i].message, has) == NULL)
			return failf(c, "problem %zu: “%s” does not say “%s”", i,
			    pr->items[i].message, has);
		if ((f != NULL && strcmp(f, pr->items[i].field) != 0) ||
		    (code != NULL && strcmp(code, pr->items[i].code) != 0))
			return failf(c, "problem %zu: %s at “%s”, expected %s at "
			    "“%s”: %s", i, pr->items[i].code, pr->items[i].field,
			    code ? code : "?", f ? f : "?",
			    pr->items[i].message_en);
	}
	return 0;
}

static long
hundredths(json_t *v)
{
	return (long)llround(json_number_value(v) * 100.0);
}

static int
run_case(struct ctx *c, json_t *cs)
{
	const char *kind = json_string_value(json_object_get(cs, "kind"));
	json_t *doc = scorecard_doc(c, cs), *v, *want;
	struct ocop_scorecard *sc = NULL;
	struct rep_problems pr;
	struct errinfo ei;
	enum err e;
	int rc = 0;

	if (doc == NULL || kind == NULL) {
		json_decref(doc);
		return failf(c, "no kind or no scorecard");
	}
	rep_problems_init(&pr, c->a, 100);
	e = ocop_scorecard_from_json(doc, &sc, &pr, &ei);
	json_decref(doc);
	if (strcmp(kind, "scorecard") == 0) {
		rc = check_problems(c, &pr, json_object_get(cs,
		    "expect_problems"), true);
		if (rc == 0 && (e == ERR_OK) != (pr.n == 0))
			rc = failf(c, "result and problems disagree");
		ocop_scorecard_free(sc);
		return rc;
	}
	if (e != ERR_OK)
		return failf(c, "scorecard refused: %s", ei.message_en);
	if (strcmp(kind, "stars") == 0) {
		const char *k;

		json_object_foreach(json_object_get(cs, "scores"), k, v) {
			char *end;
			double d = strtod(k, &end);
			int got = ocop_stars(sc, (long)llround(d * 100.0));

			if (*end != '\0')
				rc = failf(c, "score “%s” is no number", k);
			else if (got != json_integer_value(v))
				rc = failf(c, "%s points: %d stars, expected %d",
				    k, got, (int)json_integer_value(v));
		}
	} else if (strcmp(kind, "aggregate") == 0) {
		long totals[OCOP_SC_MEMBERS_MAX];
		struct ocop_aggregate ag;
		json_t *got;
		size_t i, n = 0;

		json_array_foreach(json_object_get(cs, "totals"), i, v)
			if (n < OCOP_SC_MEMBERS_MAX)
				totals[n++] = hundredths(v);
		ocop_aggregate(sc, totals, n, &ag);
		got = json_pack("{s:o, s:i, s:o, s:b}", "mean",
		    ocop_points_json(ag.mean), "stars", ag.stars, "spread",
		    ocop_points_json(ag.spread), "flagged", ag.flagged);
		want = json_object_get(cs, "expect");
		if (!same(got, want)) {
			char *g = json_dumps(got, JSON_COMPACT);

			rc = failf(c, "got %s", g);
			free(g);
		}
		json_decref(got);
	} else if (strcmp(kind, "preview") == 0) {
		json_t *got = NULL;

		e = ocop_preview(sc, json_object_get(cs, "body"), "vi", &got,
		    &pr, &ei);
		if ((want = json_object_get(cs, "expect_problems")) != NULL)
			rc = check_problems(c, &pr, want, false);
		else if (e != ERR_OK)
			rc = failf(c, "refused: %s", ei.message_en);
		else if (!same(got, json_object_get(cs, "expect"))) {
			char *g = json_dumps(got, JSON_COMPACT);

			rc = failf(c, "got %s", g);
			free(g);
		}
		if (rc == 0 && (e == ERR_OK) != (pr.n == 0))
			rc = failf(c, "result and problems disagree");
		json_decref(got);
	} else
		rc = failf(c, "unknown kind “%s”", kind);
	ocop_scorecard_free(sc);
	return rc;
}

static int
by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void
test_cases(void **state)
{
	const char *dir = getenv("NTM_OCOP_CASES_DIR");
	char **names = NULL, path[1024];
	size_t n = 0, cap = 0, i, len;
	int failed = 0;
	struct dirent *de;
	json_error_t jerr;
	DIR *d;

	(void)state;
	if (dir == NULL)
		dir = "tests/ocop-cases";
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof(*names));
			assert_non_null(names);
		}
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		struct ctx c = { .file = names[i], .a = arena_new(4096) };
		json_t *cs;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if ((cs = json_load_file(path, JSON_REJECT_DUPLICATES,
		    &jerr)) == NULL) {
			failf(&c, "not JSON: line %d: %s", jerr.line, jerr.text);
			failed++;
		} else if (run_case(&c, cs) != 0 || c.why[0] != '\0')
			failed++;
		if (c.why[0] != '\0')
			print_error("%s: %s\n", names[i], c.why);
		json_decref(cs);
		arena_free(c.a);
		free(names[i]);
	}
	free(names);
	print_message("ocop cases: %zu run, %d failed\n", n, failed);
	assert_true(n > 0);
	assert_int_equal(failed, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
