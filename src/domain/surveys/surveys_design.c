/*
 * surveys_design.c - a question built from what an official types in the
 * designer's plain form (surv_def_add_question, surveys.h): a type, a
 * text, the options one a line, which options count as satisfied (their
 * text or their number), a condition on an earlier question written as
 * its answer reads ("Có", an option's text, a grade).  The programme's
 * rules of a question stay in one place: what the form gives is turned
 * into the ntm-survey/1 format here, and the result is validated like
 * any document when it is stored (surveys_def.c).
 *
 * Pure: no database, no HTTP.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/jval.h"
#include "core/text.h"
#include "domain/surveys/surveys.h"

/* The non-empty lines of text, trimmed (a new array). */
static json_t *
lines_of(const char *text)
{
	json_t *out = json_array();
	const char *p = text;

	while (p != NULL && *p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *s = p;

		while (n > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' ' ||
		    s[n - 1] == '\t'))
			n--;
		if (n > 0)
			json_array_append_new(out, json_stringn(s, n));
		p = nl ? nl + 1 : NULL;
	}
	return out;
}

/* "yes", "no" or NULL for what people type ("Có", "khong", "yes"). */
static const char *
yes_no(const char *typed)
{
	struct buf b;
	const char *out = NULL;

	buf_init(&b, 256);
	if (typed != NULL && text_fold(typed, strlen(typed), &b) == ERR_OK) {
		const char *f = buf_cstr(&b);

		if (strcmp(f, "co") == 0 || strcmp(f, "yes") == 0 ||
		    strcmp(f, "true") == 0)
			out = "yes";
		else if (strcmp(f, "khong") == 0 || strcmp(f, "no") == 0 ||
		    strcmp(f, "false") == 0)
			out = "no";
	}
	buf_free(&b);
	return out;
}

/* The index of the option of options a satisfied line names: its number
 * (1 = the first) or its exact text; -1 if none. */
static long
option_named(json_t *options, const char *line)
{
	char *end;
	long n = strtol(line, &end, 10);

	if (*end == '\0' && n >= 1 && (size_t)n <= json_array_size(options))
		return n - 1;
	for (size_t j = 0; j < json_array_size(options); j++)
		if (strcmp(jval_str(json_array_get(options, j), "text"),
		    line) == 0)
			return (long)j;
	return -1;
}

/* The options of q (single, multi) "o1".."oN" from in->options, and those
 * in->satisfied names. */
static enum err
add_options(const struct surv_question_in *in, json_t *q, struct errinfo *ei)
{
	json_t *lines = lines_of(in->options), *options, *satisfied, *l;
	size_t i;
	long hit;

	if (json_array_size(lines) < 2 || json_array_size(lines) >
	    SURV_OPTIONS_MAX) {
		json_decref(lines);
		return err_set(ei, ERR_INVALID, "surveys.bad_options", "options",
		    "cần từ 2 đến %d lựa chọn, mỗi dòng một lựa chọn",
		    "needs 2 to %d options, one a line", SURV_OPTIONS_MAX);
	}
	options = json_array();
	json_array_foreach(lines, i, l) {
		char id[24];

		snprintf(id, sizeof(id), "o%zu", i + 1);
		json_array_append_new(options, json_pack("{s:s, s:O}", "id", id,
		    "text", l));
	}
	json_object_set_new(q, "options", options);
	json_decref(lines);
	lines = lines_of(in->satisfied);
	satisfied = json_array();
	json_array_foreach(lines, i, l) {
		if ((hit = option_named(options, json_string_value(l))) < 0) {
			err_set(ei, ERR_INVALID, "surveys.unknown_option",
			    "satisfied", "“%.60s” không phải một lựa chọn của "
			    "câu này (ghi đúng nội dung hoặc số thứ tự)",
			    "“%.60s” is not one of this question's options "
			    "(write its text exactly, or its number)",
			    json_string_value(l));
			json_decref(lines);
			json_decref(satisfied);
			return ERR_INVALID;
		}
		json_array_append_new(satisfied, json_string(jval_str(
		    json_array_get(options, (size_t)hit), "id")));
	}
	json_decref(lines);
	if (json_array_size(satisfied) > 0)
		json_object_set_new(q, "satisfied", satisfied);
	else
		json_decref(satisfied);
	return ERR_OK;
}

/* What counts as satisfied, and the bounds, of the types without
 * options. */
static enum err
add_type_fields(const struct surv_question_in *in, enum surv_qtype t,
    json_t *q, struct errinfo *ei)
{
	switch (t) {
	case SURV_SINGLE:
	case SURV_MULTI:
		return add_options(in, q, ei);
	case SURV_YESNO:
		if (in->satisfied_yesno == NULL)
			break;
		if (yes_no(in->satisfied_yesno) == NULL)
			return err_set(ei, ERR_INVALID, "surveys.bad_value",
			    "satisfied_yesno", "chọn “Có” hoặc “Không”",
			    "choose “Yes” or “No”");
		json_object_set_new(q, "satisfied",
		    json_string(yes_no(in->satisfied_yesno)));
		break;
	case SURV_SCALE5:
		if (!in->has_satisfied_from)
			break;
		if (in->satisfied_from < 1 || in->satisfied_from > 5 ||
		    in->satisfied_from != (int)in->satisfied_from)
			return err_set(ei, ERR_INVALID, "surveys.bad_value",
			    "satisfied_from", "chọn một mức từ 1 đến 5",
			    "choose a grade from 1 to 5");
		json_object_set_new(q, "satisfied_from",
		    json_integer((int)in->satisfied_from));
		break;
	case SURV_NUMBER:
		if (in->has_min)
			json_object_set_new(q, "min", json_real(in->min));
		if (in->has_max)
			json_object_set_new(q, "max", json_real(in->max));
		break;
	case SURV_TEXT:
		if (!in->has_max_length)
			break;
		if (in->max_length < 1 || in->max_length > SURV_ANSWER_TEXT_LIMIT ||
		    in->max_length != (long)in->max_length)
			return err_set(ei, ERR_INVALID, "surveys.bad_value",
			    "max_length", "độ dài tối đa phải là số nguyên từ 1 "
			    "đến %d", "the longest answer must be a whole number "
			    "from 1 to %d", SURV_ANSWER_TEXT_LIMIT);
		json_object_set_new(q, "max_length",
		    json_integer((long)in->max_length));
		break;
	}
	return ERR_OK;
}

/* The condition: show q only when question in->show_question has the
 * answer in->show_value, turned into what the format wants (an option's
 * id, "yes"/"no", a grade). */
static enum err
add_condition(const struct surv_question_in *in, json_t *questions,
    json_t *q, struct errinfo *ei)
{
	const char *type, *v = in->show_value;
	json_t *target = NULL, *it, *opt;
	size_t i;

	if (in->show_question == NULL)
		return ERR_OK;
	if (in->show_value == NULL)
		return err_set(ei, ERR_INVALID, "request.missing", "show_value",
		    "cần câu trả lời của câu điều kiện",
		    "the answer the condition asks for is missing");
	json_array_foreach(questions, i, it)
		if (jval_str(it, "id") != NULL &&
		    strcmp(jval_str(it, "id"), in->show_question) == 0)
			target = it;
	if (target == NULL)
		return err_set(ei, ERR_INVALID, "surveys.bad_reference",
		    "show_question", "không có câu hỏi “%.32s”",
		    "there is no question “%.32s”", in->show_question);
	type = jval_str(target, "type");
	if (type != NULL && strcmp(type, "yesno") == 0 &&
	    yes_no(in->show_value) != NULL)
		v = yes_no(in->show_value);
	json_array_foreach(json_object_get(target, "options"), i, opt)
		if (jval_str(opt, "text") != NULL &&
		    strcmp(jval_str(opt, "text"), in->show_value) == 0)
			v = jval_str(opt, "id");
	json_object_set_new(q, "show_if", json_pack("{s:s, s:s}", "question",
	    in->show_question, "equals", v));
	return ERR_OK;
}

/* The first id "q<k>" (k from the number of questions + 1) that no
 * question of questions has, into id. */
static void
next_id(json_t *questions, char id[24])
{
	for (size_t k = json_array_size(questions) + 1;; k++) {
		json_t *it;
		size_t i;
		bool used = false;

		snprintf(id, 24, "q%zu", k);
		json_array_foreach(questions, i, it)
			used = used || (jval_str(it, "id") != NULL &&
			    strcmp(jval_str(it, "id"), id) == 0);
		if (!used)
			return;
	}
}

enum err
surv_def_add_question(json_t *doc, const struct surv_question_in *in,
    json_t **out, struct errinfo *ei)
{
	json_t *d = json_deep_copy(doc), *questions, *q;
	char id[24];
	int t;
	enum err e;

	*out = NULL;
	for (t = 0; surv_qtype_names[t] != NULL; t++)
		if (in->type != NULL && strcmp(surv_qtype_names[t], in->type) == 0)
			break;
	if (surv_qtype_names[t] == NULL) {
		json_decref(d);
		return err_set(ei, ERR_INVALID, "surveys.bad_type", "type",
		    "loại câu hỏi “%.16s” không được hỗ trợ",
		    "the question type “%.16s” is not supported",
		    in->type != NULL ? in->type : "");
	}
	if (!json_is_object(d)) {
		json_decref(d);
		d = json_pack("{s:s, s:s}", "format", SURV_FORMAT, "title", "?");
	}
	if (!json_is_array(questions = json_object_get(d, "questions"))) {
		json_object_set_new(d, "questions", json_array());
		questions = json_object_get(d, "questions");
	}
	next_id(questions, id);
	q = json_pack("{s:s, s:s, s:s, s:b}", "id", id, "type", in->type,
	    "text", in->text != NULL ? in->text : "", "required", in->required);
	if (in->help != NULL)
		json_object_set_new(q, "help", json_string(in->help));
	json_array_append_new(questions, q);
	if ((e = add_type_fields(in, (enum surv_qtype)t, q, ei)) != ERR_OK ||
	    (e = add_condition(in, questions, q, ei)) != ERR_OK) {
		json_decref(d);
		return e;
	}
	*out = d;
	return ERR_OK;
}
