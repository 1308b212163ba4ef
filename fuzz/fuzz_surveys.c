/*
 * fuzz_surveys.c - libFuzzer target for the survey domain: the input is a
 * questionnaire, optionally followed by a line "---" and a response.  The
 * questionnaire is parsed (surv_def_parse); when it is one, the response
 * is checked against it - as a JSON answers object when it parses as
 * JSON, otherwise as HTML form fields "name=value&name=value" through
 * surv_answers_from_form - and so are answers made up from the
 * questionnaire itself (every question answered with its first, middle
 * and last possible value, as JSON and as form fields), which reach the
 * conditions and satisfaction rules whatever the response part holds.
 * The first bytes also feed surv_proportion_ci.
 *
 * Besides memory safety it checks the module's promises: a refused
 * questionnaire leaves no definition, is ERR_INVALID or ERR_MALFORMED
 * with a "surveys.*" code and a message in each language that starts
 * with its path, all UTF-8; a parsed definition's own document parses again; refused answers
 * name "answers..." with ERR_INVALID, ERR_LIMIT or ERR_MALFORMED; checked
 * answers are consistent (satisfied only for counting, present answers;
 * nothing present for a hidden question) and what is stored checks again
 * to the same JSON; intervals are ordered within 0..1.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/text.h"
#include "domain/surveys/surveys.h"

#define SEP "\n---\n"
#define FIELDS_MAX 256

static void
check_errinfo(const struct errinfo *ei)
{
	if (strncmp(ei->code, "surveys.", 8) != 0 || ei->message[0] == '\0' ||
	    ei->message_en[0] == '\0')
		abort();
	if (!text_utf8_valid(ei->message, strlen(ei->message)) ||
	    !text_utf8_valid(ei->message_en, strlen(ei->message_en)) ||
	    !text_utf8_valid(ei->field, strlen(ei->field)))
		abort();
	if (ei->field[0] != '\0' &&
	    (strncmp(ei->message, ei->field, strlen(ei->field)) != 0 ||
	    strncmp(ei->message_en, ei->field, strlen(ei->field)) != 0))
		abort();
}

/* Is question i visible given the checked answers before it? */
static bool
visible(const struct surv_def *d, const struct surv_answer *ans, size_t i,
    const bool *vis)
{
	const struct surv_question *q = &d->questions[i];
	const struct surv_answer *r;
	size_t j, k;
	char g[2];

	if (q->show_q < 0)
		return true;
	if (!vis[q->show_q] || !ans[q->show_q].present)
		return false;
	r = &ans[q->show_q];
	for (j = 0; j < q->n_show_values; j++) {
		switch (d->questions[q->show_q].type) {
		case SURV_SINGLE:
		case SURV_YESNO:
			if (strcmp(r->text, q->show_values[j]) == 0)
				return true;
			break;
		case SURV_MULTI:
			for (k = 0; k < r->n_choices; k++)
				if (strcmp(r->choices[k], q->show_values[j]) ==
				    0)
					return true;
			break;
		case SURV_SCALE5:
			g[0] = (char)('0' + r->grade);
			g[1] = '\0';
			if (strcmp(g, q->show_values[j]) == 0)
				return true;
			break;
		default:
			abort();	/* the parser refuses these */
		}
	}
	return false;
}

/* The stored row of ans, which must hold no free text (a text answer is a
 * comment, stored apart: docs/SURVEYS.md), with the text answers put back. */
static json_t *
stored_with_text(const struct surv_def *d, const struct surv_answer *ans)
{
	json_t *j = surv_answers_json(d, ans);
	size_t i;

	for (i = 0; i < d->n_questions; i++) {
		const struct surv_question *q = &d->questions[i];

		if (q->type != SURV_TEXT)
			continue;
		if (json_object_get(j, q->id) != NULL)
			abort();
		if (ans[i].present &&
		    json_object_set_new(j, q->id, json_string(ans[i].text)) != 0)
			abort();
	}
	return j;
}

/* Check answers against d and the promises about the result. */
static void
check_answers(const struct surv_def *d, json_t *answers)
{
	struct surv_answer ans[SURV_QUESTIONS_MAX], ans2[SURV_QUESTIONS_MAX];
	bool vis[SURV_QUESTIONS_MAX];
	struct arena *a = arena_new(4096);
	struct errinfo ei;
	char *s1, *s2;
	json_t *j, *j2;
	enum err e;
	size_t i;

	memset(&ei, 0, sizeof(ei));
	e = surv_answers_check(d, answers, a, ans, &ei);
	if (e != ERR_OK) {
		if (e != ERR_INVALID && e != ERR_LIMIT && e != ERR_MALFORMED)
			abort();
		check_errinfo(&ei);
		if (strncmp(ei.field, "answers", 7) != 0)
			abort();
		arena_free(a);
		return;
	}
	for (i = 0; i < d->n_questions; i++) {
		const struct surv_question *q = &d->questions[i];

		vis[i] = visible(d, ans, i, vis);
		if (!vis[i] && ans[i].present)
			abort();
		if (vis[i] && q->required && !ans[i].present)
			abort();
		if (ans[i].satisfied < -1 || ans[i].satisfied > 1)
			abort();
		if ((ans[i].satisfied != -1) != (q->counts && ans[i].present))
			abort();
		if (ans[i].present && q->type == SURV_SCALE5 &&
		    (ans[i].grade < 1 || ans[i].grade > 5))
			abort();
		if (ans[i].present && q->type == SURV_TEXT &&
		    (strlen(ans[i].text) > q->max_length ||
		    !text_utf8_valid(ans[i].text, strlen(ans[i].text))))
			abort();
	}
	/* What is stored checks again to the same (its free text, kept in
	 * the comments table, put back). */
	j = stored_with_text(d, ans);
	if (surv_answers_check(d, j, a, ans2, &ei) != ERR_OK)
		abort();
	j2 = stored_with_text(d, ans2);
	s1 = json_dumps(j, JSON_SORT_KEYS);
	s2 = json_dumps(j2, JSON_SORT_KEYS);
	if (s1 == NULL || s2 == NULL || strcmp(s1, s2) != 0)
		abort();
	free(s1);
	free(s2);
	json_decref(j);
	json_decref(j2);
	arena_free(a);
}

/* Form fields through surv_answers_from_form, then the check. */
static void
check_form(const struct surv_def *d, const char *const *names,
    const char *const *values, size_t n)
{
	struct errinfo ei;
	json_t *obj = NULL;
	enum err e;

	memset(&ei, 0, sizeof(ei));
	e = surv_answers_from_form(d, names, values, n, &obj, &ei);
	if (e != ERR_OK) {
		if (obj != NULL || (e != ERR_INVALID && e != ERR_MALFORMED))
			abort();
		check_errinfo(&ei);
		return;
	}
	if (!json_is_object(obj))
		abort();
	check_answers(d, obj);
	json_decref(obj);
}

/* "name=value&name=value" (no decoding) as form fields. */
static void
fuzz_form_text(const struct surv_def *d, const char *text, size_t len)
{
	const char *names[FIELDS_MAX], *values[FIELDS_MAX];
	char *copy = malloc(len + 1), *p, *amp, *eq;
	size_t n = 0;

	if (copy == NULL)
		abort();
	memcpy(copy, text, len);
	copy[len] = '\0';
	for (p = copy; p != NULL && n < FIELDS_MAX; p = amp) {
		if ((amp = strchr(p, '&')) != NULL)
			*amp++ = '\0';
		if ((eq = strchr(p, '=')) != NULL)
			*eq++ = '\0';
		names[n] = p;
		values[n++] = eq != NULL ? eq : "";
	}
	check_form(d, names, values, n);
	free(copy);
}

/*
 * Answers made up from d: variant 0 the first possible value of each
 * question, 1 a middle one, 2 the last; as JSON and as form fields.
 */
static void
fuzz_made_up(const struct surv_def *d, int variant)
{
	static const char *const grades[] = { "1", "2", "3", "4", "5" };
	const char *names[FIELDS_MAX], *values[FIELDS_MAX];
	char nbuf[FIELDS_MAX][SURV_ID_MAX * 2 + 8], vbuf[FIELDS_MAX][32];
	json_t *obj = json_object(), *v;
	size_t i, k, pick, n = 0;
	double x;
	int g;

	for (i = 0; i < d->n_questions; i++) {
		const struct surv_question *q = &d->questions[i];

		pick = q->n_options == 0 ? 0 : variant == 0 ? 0 :
		    variant == 1 ? q->n_options / 2 : q->n_options - 1;
		if (n + q->n_options + 1 >= FIELDS_MAX)
			break;
		switch (q->type) {
		case SURV_SINGLE:
			v = json_string(q->options[pick].id);
			snprintf(nbuf[n], sizeof(nbuf[n]), "a.%s", q->id);
			names[n] = nbuf[n];
			values[n++] = q->options[pick].id;
			break;
		case SURV_MULTI:
			v = json_array();
			for (k = 0; k <= pick; k++) {
				json_array_append_new(v,
				    json_string(q->options[k].id));
				/* checkboxes, and one repeated field */
				snprintf(nbuf[n], sizeof(nbuf[n]), k == 0 ?
				    "a.%s" : "a.%s.%s", q->id,
				    q->options[k].id);
				names[n] = nbuf[n];
				values[n++] = k == 0 ? q->options[k].id : "on";
			}
			break;
		case SURV_SCALE5:
			g = variant == 0 ? 1 : variant == 1 ? 3 : 5;
			v = json_integer(g);
			snprintf(nbuf[n], sizeof(nbuf[n]), "a.%s", q->id);
			names[n] = nbuf[n];
			values[n++] = grades[g - 1];
			break;
		case SURV_YESNO:
			v = json_string(variant == 1 ? "yes" : "no");
			snprintf(nbuf[n], sizeof(nbuf[n]), "a.%s", q->id);
			names[n] = nbuf[n];
			values[n++] = variant == 1 ? "yes" : "no";
			break;
		case SURV_NUMBER:
			x = variant == 0 && q->has_min ? q->min :
			    variant == 2 && q->has_max ? q->max :
			    q->has_min ? q->min : q->has_max ? q->max : 7;
			v = json_real(x);
			/* A form sends a decimal comma, no exponent: only
			 * small values are sent that way. */
			snprintf(nbuf[n], sizeof(nbuf[n]), "a.%s", q->id);
			names[n] = nbuf[n];
			if (fabs(x) < 1e6 && x == floor(x))
				snprintf(vbuf[n], sizeof(vbuf[n]), "%.0f", x);
			else
				snprintf(vbuf[n], sizeof(vbuf[n]), "x");
			values[n] = vbuf[n];
			n++;
			break;
		case SURV_TEXT:
		default:
			v = json_string(variant == 0 ? "Ý kiến" :
			    variant == 1 ? "  \r\n" : "x\r\ny");
			snprintf(nbuf[n], sizeof(nbuf[n]), "a.%s", q->id);
			names[n] = nbuf[n];
			values[n++] = json_string_value(v);
			break;
		}
		json_object_set_new(obj, q->id, v);
	}
	check_answers(d, obj);
	check_form(d, names, values, n);
	json_decref(obj);
}

/* memmem without _GNU_SOURCE. */
static const char *
find(const char *h, size_t hlen, const char *needle)
{
	size_t nlen = strlen(needle), i;

	for (i = 0; i + nlen <= hlen; i++)
		if (memcmp(h + i, needle, nlen) == 0)
			return h + i;
	return NULL;
}

static void
fuzz_ci(const uint8_t *data, size_t size)
{
	int64_t k = size > 0 ? data[0] : 0, n = size > 1 ? data[1] : 0;
	int64_t N = size > 2 ? (int64_t)data[2] * 4 : 0;
	struct surv_ci ci = surv_proportion_ci(k - 8, n, N - 8);

	if (!(ci.lo >= 0 && ci.lo <= ci.p && ci.p <= ci.hi && ci.hi <= 1))
		abort();
	ci = surv_proportion_ci((int64_t)size * 977, (int64_t)size * 1000 + 1,
	    (int64_t)size * 1500 + 2);
	if (!(ci.lo >= 0 && ci.lo <= ci.p && ci.p <= ci.hi && ci.hi <= 1))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *sep;
	struct surv_def *d = NULL, *d2 = NULL;
	size_t dlen = size, rlen = 0;
	struct errinfo ei;
	json_error_t jerr;
	json_t *answers;
	enum err e;
	int v;

	fuzz_ci(data, size);
	sep = find(text, size, SEP);
	if (sep != NULL) {
		dlen = (size_t)(sep - text);
		rlen = size - dlen - strlen(SEP);
	}
	memset(&ei, 0, sizeof(ei));
	if ((e = surv_def_parse(text, dlen, &d, &ei)) != ERR_OK) {
		if (d != NULL || (e != ERR_INVALID && e != ERR_MALFORMED))
			abort();
		check_errinfo(&ei);
		return 0;
	}
	if (d->n_questions == 0 || d->n_questions > SURV_QUESTIONS_MAX)
		abort();
	if (surv_def_from_json(d->doc, &d2, &ei) != ERR_OK)
		abort();
	surv_def_free(d2);

	if (sep != NULL) {
		answers = json_loadb(sep + strlen(SEP), rlen, JSON_DECODE_ANY,
		    &jerr);
		if (answers != NULL) {
			check_answers(d, answers);
			json_decref(answers);
		} else
			fuzz_form_text(d, sep + strlen(SEP), rlen);
	}
	for (v = 0; v < 3; v++)
		fuzz_made_up(d, v);
	check_answers(d, NULL);
	surv_def_free(d);
	return 0;
}
