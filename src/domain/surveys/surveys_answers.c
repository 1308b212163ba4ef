/*
 * surveys_answers.c - one household's answers checked against a
 * questionnaire (surv_answers_check), written back as the JSON stored with
 * a response (surv_answers_json), and read from an HTML form's fields
 * (surv_answers_from_form).  Pure: no database, no HTTP.
 *
 * Visibility is decided in question order, which the parser makes
 * possible by allowing a condition only on an earlier question: question
 * i is visible when it has no show_if, or when its show_if question is
 * visible and answered with one of the listed values (for a multi
 * question: any chosen option listed).  Answers to hidden questions and
 * to unknown ids are dropped without a word - a form that kept a value in
 * a field the resident later hid must not be refused for it.
 *
 * Values are accepted in the shapes that JSON clients and HTML forms
 * send: strings for every type ("4", "yes", "91,5"), JSON numbers and
 * booleans where they make sense.  An empty string (and an empty multi
 * array) is "not answered".  Free text is NFC, CR LF and CR become LF,
 * blanks at both ends are trimmed, and control characters other than
 * newline and tab are refused; its limit (max_length, bytes) is checked
 * after all that and is ERR_LIMIT.  Every refusal names "answers.<id>"
 * and quotes the question's text in the message (in Vietnamese and in
 * English), since that is what the resident sees.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/text.h"
#include "domain/surveys/surveys.h"

#define QTEXT_SHOWN	150	/* bytes of a question's text in a message */

/*
 * Fail with e for question q: field "answers.<id>", the message
 * "answers.<id>: câu “<text>” <detail>" (in English "question “<text>”
 * <detail>") with the text shortened with "…"; vi and en are the detail's
 * formats over the same arguments.
 */
static enum err
qfail(struct errinfo *ei, enum err e, const char *code,
    const struct surv_question *q, const char *vi, const char *en, ...)
    __attribute__((format(printf, 5, 7), format(printf, 6, 7)));

static enum err
qfail(struct errinfo *ei, enum err e, const char *code,
    const struct surv_question *q, const char *vi, const char *en, ...)
{
	enum { MSG = sizeof(((struct errinfo *)0)->message) };
	char field[SURV_ID_MAX + 16], detail[2][MSG], msg[2][2 * MSG];
	size_t tn = text_utf8_cut(q->text, QTEXT_SHOWN);
	const char *more = q->text[tn] != '\0' ? "…" : "";
	va_list ap, aq;

	snprintf(field, sizeof(field), "answers.%s", q->id);
	va_start(ap, en);
	va_copy(aq, ap);
	vsnprintf(detail[0], MSG, vi, ap);
	vsnprintf(detail[1], MSG, en, aq);
	va_end(aq);
	va_end(ap);
	snprintf(msg[0], sizeof(msg[0]), "%s: câu “%.*s%s” %s", field, (int)tn,
	    q->text, more, detail[0]);
	snprintf(msg[1], sizeof(msg[1]), "%s: question “%.*s%s” %s", field,
	    (int)tn, q->text, more, detail[1]);
	/* err_set_texts cuts both to the message size on a character. */
	return err_set_texts(ei, e, code, field, msg[0], msg[1]);
}

static bool
absent(json_t *v)
{
	return v == NULL || json_is_null(v);
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* s[0..*len) without blanks at both ends: returns the new start. */
static const char *
trim(const char *s, size_t *len)
{
	while (*len > 0 && is_blank(*s)) {
		s++;
		(*len)--;
	}
	while (*len > 0 && is_blank(s[*len - 1]))
		(*len)--;
	return s;
}

static long
option_index(const struct surv_question *q, const char *id, size_t len)
{
	size_t i;

	for (i = 0; i < q->n_options; i++)
		if (strlen(q->options[i].id) == len &&
		    memcmp(q->options[i].id, id, len) == 0)
			return (long)i;
	return -1;
}


/*
 * The text of v (a JSON string) trimmed, into *s and *len; false when v is
 * not a string.  Used by the types whose answers are short codes.
 */
static bool
short_string(json_t *v, const char **s, size_t *len)
{
	if (!json_is_string(v))
		return false;
	*len = json_string_length(v);
	*s = trim(json_string_value(v), len);
	return true;
}

/* True when s[0..len) holds a control character other than tab and
 * newline (C0, DEL, C1); CR is allowed here and rewritten later. */
static bool
has_control(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < len; i++) {
		if (u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' && u[i] != '\r')
			return true;
		if (u[i] == 0x7F)
			return true;
		if (u[i] == 0xC2 && i + 1 < len && u[i + 1] >= 0x80 &&
		    u[i + 1] <= 0x9F)
			return true;
	}
	return false;
}

static enum err
answer_text(const struct surv_question *q, json_t *v, struct arena *a,
    struct surv_answer *out, struct errinfo *ei)
{
	const char *s;
	struct buf b;
	size_t len, i, n;
	char *t;

	if (!json_is_string(v))
		return qfail(ei, ERR_INVALID, "surveys.bad_answer", q,
		    "cần một đoạn chữ", "needs some text");
	s = json_string_value(v);
	len = json_string_length(v);
	/* Far over the limit: refused before any work (NFC and trimming
	 * cannot shrink text to a quarter). */
	if (len > 4 * q->max_length + 64)
		return qfail(ei, ERR_LIMIT, "surveys.too_long", q,
		    "quá dài: %zu byte, tối đa %zu",
		    "is too long: %zu bytes, at most %zu", len, q->max_length);
	if (has_control(s, len))
		return qfail(ei, ERR_INVALID, "surveys.bad_text", q,
		    "có ký tự điều khiển không được phép",
		    "holds control characters, which are not allowed");
	buf_init(&b, 3 * len + 16);
	if (text_nfc(s, len, &b) != ERR_OK) {
		buf_free(&b);
		return qfail(ei, ERR_MALFORMED, "surveys.bad_utf8", q,
		    "không phải UTF-8 hợp lệ", "is not valid UTF-8 text");
	}
	/* CR LF and lone CR become LF (browsers send CR LF from a
	 * <textarea>). */
	t = arena_alloc(a, b.len + 1);
	for (i = 0, n = 0; i < b.len; i++) {
		if (b.data[i] == '\r') {
			t[n++] = '\n';
			if (i + 1 < b.len && b.data[i + 1] == '\n')
				i++;
		} else
			t[n++] = b.data[i];
	}
	buf_free(&b);
	s = trim(t, &n);
	if (n == 0)
		return ERR_OK;
	if (n > q->max_length)
		return qfail(ei, ERR_LIMIT, "surveys.too_long", q,
		    "quá dài: %zu byte, tối đa %zu",
		    "is too long: %zu bytes, at most %zu", n, q->max_length);
	out->text = arena_strndup(a, s, n);
	out->present = true;
	return ERR_OK;
}

static enum err
answer_multi(const struct surv_question *q, json_t *v, struct arena *a,
    struct surv_answer *out, struct errinfo *ei)
{
	json_t *it;
	size_t i, j, len;
	const char *s;
	long k;

	if (!json_is_array(v))
		return qfail(ei, ERR_INVALID, "surveys.bad_answer", q,
		    "cần một danh sách lựa chọn", "needs a list of choices");
	if (json_array_size(v) == 0)
		return ERR_OK;
	if (json_array_size(v) > q->n_options)
		return qfail(ei, ERR_INVALID, "surveys.bad_answer", q,
		    "có %zu lựa chọn, câu hỏi chỉ có %zu",
		    "has %zu choices, but the question has only %zu",
		    json_array_size(v), q->n_options);
	out->choices = arena_alloc(a, json_array_size(v) *
	    sizeof(*out->choices));
	json_array_foreach(v, i, it) {
		if (!short_string(it, &s, &len))
			return qfail(ei, ERR_INVALID, "surveys.bad_answer", q,
			    "cần các mã lựa chọn", "needs the ids of the choices");
		if ((k = option_index(q, s, len)) < 0)
			return qfail(ei, ERR_INVALID, "surveys.unknown_option",
			    q, "không có lựa chọn “%.*s”", "has no choice “%.*s”",
			    (int)text_utf8_cut(json_string_value(it), 60),
			    json_string_value(it));
		for (j = 0; j < out->n_choices; j++)
			if (strcmp(out->choices[j], q->options[k].id) == 0)
				return qfail(ei, ERR_INVALID,
				    "surveys.duplicate_answer", q,
				    "lựa chọn “%s” được chọn hai lần",
				    "has the choice “%s” twice", q->options[k].id);
		out->choices[out->n_choices++] = arena_strdup(a,
		    q->options[k].id);
	}
	out->present = true;
	return ERR_OK;
}

/* The value v (not absent) of visible question q into out. */
static enum err
answer_value(const struct surv_question *q, json_t *v, struct arena *a,
    struct surv_answer *out, struct errinfo *ei)
{
	const char *s;
	size_t len;
	double x;
	long k;

	switch (q->type) {
	case SURV_SINGLE:
		if (!short_string(v, &s, &len))
			return qfail(ei, ERR_INVALID, "surveys.bad_answer", q,
			    "cần một mã lựa chọn", "needs one choice");
		if (len == 0)
			return ERR_OK;
		if ((k = option_index(q, s, len)) < 0)
			return qfail(ei, ERR_INVALID, "surveys.unknown_option",
			    q, "không có lựa chọn “%.*s”", "has no choice “%.*s”",
			    (int)text_utf8_cut(s, len < 60 ? len : 60), s);
		out->text = arena_strdup(a, q->options[k].id);
		break;
	case SURV_MULTI:
		return answer_multi(q, v, a, out, ei);
	case SURV_YESNO:
		if (json_is_boolean(v)) {
			out->text = json_is_true(v) ? "yes" : "no";
			break;
		}
		if (!short_string(v, &s, &len))
			return qfail(ei, ERR_INVALID, "surveys.bad_answer", q,
			    "cần \"yes\" hoặc \"no\"", "needs \"yes\" or \"no\"");
		if (len == 0)
			return ERR_OK;
		if (len == 3 && memcmp(s, "yes", 3) == 0)
			out->text = "yes";
		else if (len == 2 && memcmp(s, "no", 2) == 0)
			out->text = "no";
		else
			return qfail(ei, ERR_INVALID, "surveys.bad_answer", q,
			    "cần \"yes\" hoặc \"no\"", "needs \"yes\" or \"no\"");
		break;
	case SURV_SCALE5:
		if (json_is_integer(v)) {
			if (json_integer_value(v) < 1 ||
			    json_integer_value(v) > 5)
				return qfail(ei, ERR_INVALID,
				    "surveys.out_of_range", q, "mức %lld "
				    "nằm ngoài 1–5", "has the grade %lld, outside "
				    "1–5", (long long)json_integer_value(v));
			out->grade = (int)json_integer_value(v);
			break;
		}
		if (!short_string(v, &s, &len))
			return qfail(ei, ERR_INVALID, "surveys.bad_answer", q,
			    "cần một mức từ 1 đến 5", "needs a grade from 1 to 5");
		if (len == 0)
			return ERR_OK;
		if (len != 1 || s[0] < '1' || s[0] > '5')
			return qfail(ei, ERR_INVALID, "surveys.out_of_range",
			    q, "cần một mức từ 1 đến 5",
			    "needs a grade from 1 to 5");
		out->grade = s[0] - '0';
		break;
	case SURV_NUMBER:
		if (json_is_number(v)) {
			x = json_number_value(v);
			if (!isfinite(x))
				return qfail(ei, ERR_INVALID,
				    "surveys.bad_answer", q, "cần một số",
				    "needs a number");
		} else if (short_string(v, &s, &len)) {
			if (len == 0)
				return ERR_OK;
			if (!text_decimal(s, len, &x))
				return qfail(ei, ERR_INVALID,
				    "surveys.bad_answer", q, "cần một số "
				    "(ví dụ 12 hoặc 91,5)", "needs a number "
				    "(for example 12 or 91.5)");
		} else
			return qfail(ei, ERR_INVALID, "surveys.bad_answer", q,
			    "cần một số", "needs a number");
		if (q->has_min && x < q->min)
			return qfail(ei, ERR_INVALID, "surveys.out_of_range", q,
			    "%.15g nhỏ hơn giá trị tối thiểu %.15g",
			    "%.15g is below the smallest allowed, %.15g", x,
			    q->min);
		if (q->has_max && x > q->max)
			return qfail(ei, ERR_INVALID, "surveys.out_of_range", q,
			    "%.15g lớn hơn giá trị tối đa %.15g",
			    "%.15g is above the largest allowed, %.15g", x,
			    q->max);
		out->number = x;
		break;
	case SURV_TEXT:
		return answer_text(q, v, a, out, ei);
	}
	out->present = true;
	return ERR_OK;
}

/* Does answer ans (of question r) make a question with condition values
 * vals visible? */
static bool
condition_holds(const struct surv_question *r, const struct surv_answer *ans,
    const char *const *vals, size_t n)
{
	char grade[2];
	size_t i, j;

	if (!ans->present)
		return false;
	for (i = 0; i < n; i++) {
		switch (r->type) {
		case SURV_SINGLE:
		case SURV_YESNO:
			if (strcmp(ans->text, vals[i]) == 0)
				return true;
			break;
		case SURV_MULTI:
			for (j = 0; j < ans->n_choices; j++)
				if (strcmp(ans->choices[j], vals[i]) == 0)
					return true;
			break;
		case SURV_SCALE5:
			grade[0] = (char)('0' + ans->grade);
			grade[1] = '\0';
			if (strcmp(grade, vals[i]) == 0)
				return true;
			break;
		case SURV_NUMBER:
		case SURV_TEXT:
			break;
		}
	}
	return false;
}

/* 1 when a present answer to a counting question is satisfied, else 0. */
static int
is_satisfied(const struct surv_question *q, const struct surv_answer *ans)
{
	size_t i;
	long k;

	switch (q->type) {
	case SURV_SINGLE:
		k = option_index(q, ans->text, strlen(ans->text));
		return k >= 0 && q->options[k].satisfied;
	case SURV_MULTI:
		for (i = 0; i < ans->n_choices; i++) {
			k = option_index(q, ans->choices[i],
			    strlen(ans->choices[i]));
			if (k >= 0 && q->options[k].satisfied)
				return 1;
		}
		return 0;
	case SURV_YESNO:
		return (strcmp(ans->text, "yes") == 0) == q->satisfied_yes;
	case SURV_SCALE5:
		return ans->grade >= q->satisfied_from;
	case SURV_NUMBER:
	case SURV_TEXT:
		break;
	}
	return 0;
}

enum err
surv_answers_check(const struct surv_def *d, json_t *answers,
    struct arena *a, struct surv_answer *out, struct errinfo *ei)
{
	bool visible[SURV_QUESTIONS_MAX];
	const struct surv_question *q;
	size_t i;
	enum err e;

	if (d->n_questions > SURV_QUESTIONS_MAX)	/* the parser's limit */
		return err_set(ei, ERR_SYS, "surveys.bad_definition", "",
		    "bảng hỏi có quá nhiều câu hỏi",
		    "the questionnaire has too many questions");
	memset(out, 0, d->n_questions * sizeof(*out));
	if (answers != NULL && !json_is_null(answers) &&
	    !json_is_object(answers))
		return err_set(ei, ERR_INVALID, "surveys.bad_value", "answers",
		    "answers: câu trả lời phải là một đối tượng JSON "
		    "{\"mã câu hỏi\": giá trị}", "answers: the answers must be "
		    "a JSON object {\"question id\": value}");
	for (i = 0; i < d->n_questions; i++) {
		q = &d->questions[i];
		out[i].satisfied = -1;
		visible[i] = q->show_q < 0 || (visible[q->show_q] &&
		    condition_holds(&d->questions[q->show_q], &out[q->show_q],
		    q->show_values, q->n_show_values));
		if (!visible[i])
			continue;
		if (json_is_object(answers)) {
			json_t *v = json_object_get(answers, q->id);

			if (!absent(v) &&
			    (e = answer_value(q, v, a, &out[i], ei)) != ERR_OK)
				return e;
		}
		if (!out[i].present) {
			if (q->required)
				return qfail(ei, ERR_INVALID,
				    "surveys.required", q,
				    "là câu bắt buộc, chưa được trả lời",
				    "needs an answer: please answer it");
			continue;
		}
		if (q->counts)
			out[i].satisfied = is_satisfied(q, &out[i]);
	}
	return ERR_OK;
}

/* A JSON number: an integer when the value is one (91 not 91.0). */
static json_t *
number_json(double x)
{
	if (x == floor(x) && fabs(x) < 9007199254740992.0)
		return json_integer((json_int_t)x);
	return json_real(x);
}

json_t *
surv_answers_json(const struct surv_def *d, const struct surv_answer *ans)
{
	const struct surv_question *q;
	json_t *o = json_object(), *v, *arr;
	size_t i, j;

	for (i = 0; i < d->n_questions; i++) {
		q = &d->questions[i];
		if (!ans[i].present)
			continue;
		switch (q->type) {
		case SURV_TEXT:
			continue;	/* a comment, stored apart */
		case SURV_SINGLE:
		case SURV_YESNO:
			v = json_string(ans[i].text);
			break;
		case SURV_MULTI:
			arr = json_array();
			for (j = 0; j < ans[i].n_choices; j++)
				json_array_append_new(arr,
				    json_string(ans[i].choices[j]));
			v = arr;
			break;
		case SURV_SCALE5:
			v = json_integer(ans[i].grade);
			break;
		case SURV_NUMBER:
		default:
			v = number_json(ans[i].number);
			break;
		}
		json_object_set_new(o, q->id, v);
	}
	return o;
}

/* ---- HTML forms ---- */

/* A checkbox's value that means "ticked". */
static bool
ticked(const char *v)
{
	static const char *const off[] = { "", "0", "off", "false", "no",
	    NULL };
	size_t i;

	for (i = 0; off[i] != NULL; i++)
		if (strcmp(v, off[i]) == 0)
			return false;
	return true;
}

/* Append option id s to the multi answer of q in obj, once. */
static void
add_choice(json_t *obj, const struct surv_question *q, const char *s)
{
	json_t *arr = json_object_get(obj, q->id), *it;
	size_t i;

	if (arr == NULL) {
		arr = json_array();
		json_object_set_new(obj, q->id, arr);
	}
	json_array_foreach(arr, i, it)
		if (strcmp(json_string_value(it), s) == 0)
			return;
	json_array_append_new(arr, json_string(s));
}

/*
 * "a.<qid>.<option id>": the multi question and option a checkbox name
 * stands for, trying each "." as the separator (ids may hold dots).
 */
static bool
checkbox(const struct surv_def *d, const char *rest,
    const struct surv_question **qp, const char **opt)
{
	char qid[SURV_ID_MAX + 1];
	const char *dot;
	size_t n;
	long k;

	for (dot = strchr(rest, '.'); dot != NULL; dot = strchr(dot + 1, '.')) {
		n = (size_t)(dot - rest);
		if (n > SURV_ID_MAX)
			return false;
		memcpy(qid, rest, n);
		qid[n] = '\0';
		if ((k = surv_question_index(d, qid)) < 0 ||
		    d->questions[k].type != SURV_MULTI)
			continue;
		if ((k = option_index(&d->questions[k], dot + 1,
		    strlen(dot + 1))) < 0)
			continue;
		*qp = &d->questions[surv_question_index(d, qid)];
		*opt = (*qp)->options[k].id;
		return true;
	}
	return false;
}

enum err
surv_answers_from_form(const struct surv_def *d, const char *const *names,
    const char *const *values, size_t n, json_t **out, struct errinfo *ei)
{
	const struct surv_question *q;
	const char *name, *val, *opt;
	json_t *obj = json_object();
	enum err e = ERR_OK;
	size_t i;
	long k;

	*out = NULL;
	for (i = 0; i < n; i++) {
		name = names[i];
		val = values != NULL && values[i] != NULL ? values[i] : "";
		if (name == NULL || strncmp(name, "a.", 2) != 0)
			continue;
		if ((k = surv_question_index(d, name + 2)) < 0) {
			if (checkbox(d, name + 2, &q, &opt) && ticked(val))
				add_choice(obj, q, opt);
			continue;
		}
		q = &d->questions[k];
		if (!text_utf8_valid(val, strlen(val))) {
			e = qfail(ei, ERR_MALFORMED, "surveys.bad_utf8", q,
			    "không phải UTF-8 hợp lệ", "is not valid UTF-8 text");
			goto out;
		}
		if (val[0] == '\0')
			continue;
		if (q->type == SURV_MULTI) {
			add_choice(obj, q, val);
			continue;
		}
		if (json_object_get(obj, q->id) != NULL) {
			e = qfail(ei, ERR_INVALID, "surveys.bad_answer", q,
			    "có nhiều hơn một câu trả lời",
			    "has more than one answer");
			goto out;
		}
		json_object_set_new(obj, q->id, json_string(val));
	}
out:
	if (e != ERR_OK) {
		json_decref(obj);
		return e;
	}
	*out = obj;
	return ERR_OK;
}
