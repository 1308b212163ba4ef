/*
 * surveys_test.c - unit tests of the survey domain (domain/surveys/
 * surveys.h): the questionnaire parser (every rule, good and bad, with the
 * JSON path each refusal names), answers checked against a questionnaire
 * (every type and its boundaries, hidden questions, chains of conditions,
 * required questions, NFC of decomposed Vietnamese, ERR_LIMIT for long
 * text), answers read from HTML form fields, the confidence interval
 * against values computed by hand, the shipped template
 * surveys/templates/ntm-hai-long.json, and a question built from the
 * designer's form (surv_def_add_question).  Every refusal carries its
 * message in both languages.
 *
 * Documents are written with single quotes (q() turns them into double
 * quotes) to keep them readable.
 */
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
#include "core/text.h"
#include "domain/surveys/surveys.h"

/* s with every ' turned into " (caller frees). */
static char *
q(const char *s)
{
	char *d = strdup(s), *p;

	assert_non_null(d);
	for (p = d; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	return d;
}

#define HEAD "{'format':'ntm-survey/1','title':'Khảo sát','questions':["
#define TAIL "]}"
/* A document whose only question is the given object. */
#define ONE(qobj) HEAD qobj TAIL

static struct surv_def *
parse_ok(const char *single_quoted)
{
	struct surv_def *d = NULL;
	struct errinfo ei;
	char *t = q(single_quoted);
	enum err e;

	memset(&ei, 0, sizeof(ei));
	e = surv_def_parse(t, strlen(t), &d, &ei);
	if (e != ERR_OK)
		print_error("parse: %s %s: %s\n", ei.code, ei.field, ei.message);
	assert_int_equal(e, ERR_OK);
	assert_non_null(d);
	free(t);
	return d;
}

static void
check_err(enum err got, const struct errinfo *ei, enum err want,
    const char *field, const char *code)
{
	if (got != want || strcmp(ei->field, field) != 0 ||
	    strcmp(ei->code, code) != 0)
		print_error("got %d %s %s: %s\n", got, ei->code, ei->field,
		    ei->message);
	assert_int_equal(got, want);
	assert_int_equal(ei->err, want);
	assert_string_equal(ei->field, field);
	assert_string_equal(ei->code, code);
	/* The message starts with the place (when there is one) and is
	 * UTF-8 the web layer can show, in Vietnamese and in English (a
	 * real translation: the two differ wherever the module writes the
	 * message; the document-level ones of core/jdoc have no place). */
	if (field[0] != '\0') {
		assert_int_equal(strncmp(ei->message, field, strlen(field)), 0);
		assert_int_equal(strncmp(ei->message_en, field, strlen(field)),
		    0);
		assert_string_not_equal(ei->message, ei->message_en);
	}
	assert_true(text_utf8_valid(ei->message, strlen(ei->message)));
	assert_true(text_utf8_valid(ei->message_en, strlen(ei->message_en)));
	assert_true(ei->message_en[0] != '\0');
	assert_true(text_utf8_valid(ei->field, strlen(ei->field)));
}

static void
parse_err_raw(const char *text, size_t len, enum err want, const char *field,
    const char *code)
{
	struct surv_def *d = (struct surv_def *)1;
	struct errinfo ei;

	memset(&ei, 0, sizeof(ei));
	check_err(surv_def_parse(text, len, &d, &ei), &ei, want, field, code);
	assert_null(d);
}

static void
parse_err(const char *single_quoted, const char *field, const char *code)
{
	char *t = q(single_quoted);

	parse_err_raw(t, strlen(t), ERR_INVALID, field, code);
	free(t);
}

/* ---- parsing ---- */

static const char full_doc[] =
    "{'format':'ntm-survey/1','title':'Khảo sát hài lòng',"
    "'description':'Mô tả','questions':["
    " {'id':'q1','type':'scale5','text':'Giao thông?','required':true,"
    "  'satisfied_from':4,'help':'1 = rất không hài lòng'},"
    " {'id':'q2','type':'yesno','text':'Hài lòng chung?','satisfied':'yes'},"
    " {'id':'q3','type':'single','text':'Chọn một',"
    "  'options':[{'id':'a','text':'A'},{'id':'b','text':'B'},"
    "  {'id':'c','text':'C'}],'satisfied':['a','b']},"
    " {'id':'q4','type':'multi','text':'Chọn nhiều',"
    "  'options':[{'id':'x','text':'X'},{'id':'y','text':'Y'}]},"
    " {'id':'q5','type':'number','text':'Số người','min':0,'max':100},"
    " {'id':'q6','type':'text','text':'Vì sao?','max_length':500,"
    "  'show_if':{'question':'q2','equals':'no'}},"
    " {'id':'q7','type':'text','text':'Góp ý',"
    "  'show_if':{'question':'q1','in':[1,'2']}},"
    " {'id':'q8','type':'yesno','text':'Khác','satisfied':'no',"
    "  'show_if':{'question':'q4','in':['y']}}]}";

static void
test_parse_fields(void **state)
{
	struct surv_def *d = parse_ok(full_doc);
	const struct surv_question *qq;

	(void)state;
	assert_string_equal(d->title, "Khảo sát hài lòng");
	assert_string_equal(d->description, "Mô tả");
	assert_int_equal(d->n_questions, 8);
	assert_non_null(d->doc);

	qq = &d->questions[0];
	assert_string_equal(qq->id, "q1");
	assert_int_equal(qq->type, SURV_SCALE5);
	assert_string_equal(qq->text, "Giao thông?");
	assert_string_equal(qq->help, "1 = rất không hài lòng");
	assert_true(qq->required);
	assert_true(qq->counts);
	assert_int_equal(qq->satisfied_from, 4);
	assert_int_equal(qq->show_q, -1);

	qq = &d->questions[1];
	assert_int_equal(qq->type, SURV_YESNO);
	assert_false(qq->required);
	assert_true(qq->counts);
	assert_true(qq->satisfied_yes);
	assert_null(qq->help);

	qq = &d->questions[2];
	assert_int_equal(qq->type, SURV_SINGLE);
	assert_int_equal(qq->n_options, 3);
	assert_string_equal(qq->options[2].id, "c");
	assert_string_equal(qq->options[2].text, "C");
	assert_true(qq->options[0].satisfied);
	assert_true(qq->options[1].satisfied);
	assert_false(qq->options[2].satisfied);
	assert_true(qq->counts);

	qq = &d->questions[3];
	assert_int_equal(qq->type, SURV_MULTI);
	assert_int_equal(qq->n_options, 2);
	assert_false(qq->counts);	/* no "satisfied": does not count */

	qq = &d->questions[4];
	assert_int_equal(qq->type, SURV_NUMBER);
	assert_true(qq->has_min && qq->has_max);
	assert_true(qq->min == 0 && qq->max == 100);
	assert_false(qq->counts);

	qq = &d->questions[5];
	assert_int_equal(qq->type, SURV_TEXT);
	assert_int_equal(qq->max_length, 500);
	assert_int_equal(qq->show_q, 1);
	assert_int_equal(qq->n_show_values, 1);
	assert_string_equal(qq->show_values[0], "no");

	/* Grades as numbers or strings, canonical "1".."5". */
	qq = &d->questions[6];
	assert_int_equal(qq->max_length, SURV_ANSWER_TEXT_MAX);
	assert_int_equal(qq->show_q, 0);
	assert_int_equal(qq->n_show_values, 2);
	assert_string_equal(qq->show_values[0], "1");
	assert_string_equal(qq->show_values[1], "2");

	qq = &d->questions[7];
	assert_false(qq->satisfied_yes);
	assert_int_equal(qq->show_q, 3);

	assert_int_equal(surv_question_index(d, "q1"), 0);
	assert_int_equal(surv_question_index(d, "q8"), 7);
	assert_int_equal(surv_question_index(d, "q9"), -1);
	assert_int_equal(surv_question_index(d, ""), -1);
	assert_string_equal(surv_qtype_names[SURV_SINGLE], "single");
	assert_string_equal(surv_qtype_names[SURV_TEXT], "text");
	assert_null(surv_qtype_names[SURV_TEXT + 1]);
	surv_def_free(d);
	surv_def_free(NULL);
}

/* Nulls count as absent; a minimal question gets the defaults. */
static void
test_parse_defaults(void **state)
{
	struct surv_def *d = parse_ok("{'format':'ntm-survey/1','title':'T',"
	    "'description':null,'questions':[{'id':'0','type':'number',"
	    "'text':'N','required':null,'min':null,'help':'',"
	    "'show_if':null}]}");

	(void)state;
	assert_null(d->description);
	assert_false(d->questions[0].required);
	assert_false(d->questions[0].has_min);
	assert_false(d->questions[0].has_max);
	assert_null(d->questions[0].help);
	assert_int_equal(d->questions[0].show_q, -1);
	surv_def_free(d);
}

static void
test_parse_malformed(void **state)
{
	char *big;

	(void)state;
	parse_err_raw("", 0, ERR_MALFORMED, "", "surveys.bad_json");
	parse_err_raw("{\"format\":", 10, ERR_MALFORMED, "", "surveys.bad_json");
	parse_err_raw("{\"a\":1,\"a\":2}", 13, ERR_MALFORMED, "",
	    "surveys.bad_json");
	parse_err_raw("{\"title\":\"\xff\"}", 13, ERR_MALFORMED, "",
	    "surveys.bad_utf8");
	big = malloc(SURV_DOC_MAX + 2);
	assert_non_null(big);
	memset(big, ' ', SURV_DOC_MAX + 1);
	big[0] = '{';
	big[SURV_DOC_MAX] = '}';
	parse_err_raw(big, SURV_DOC_MAX + 1, ERR_MALFORMED, "",
	    "surveys.too_large");
	free(big);
	/* Not an object: parsed, but invalid. */
	parse_err("[]", "", "surveys.bad_value");
	/* jansson's message quotes the input near the error and may cut a
	 * character in two: the message stays UTF-8 (found by the fuzzer). */
	parse_err_raw("{\"title\": \"\xc4\x90nu\\\xcc\x9b\"}", 20,
	    ERR_MALFORMED, "", "surveys.bad_json");
	/* A bare string is not a JSON document for jansson. */
	parse_err_raw("\"x\"", 3, ERR_MALFORMED, "", "surveys.bad_json");
}

static void
test_parse_top(void **state)
{
	(void)state;
	parse_err("{'title':'T','questions':[]}", "format",
	    "surveys.missing_field");
	parse_err("{'format':'ntm-survey/2','title':'T','questions':[]}",
	    "format", "surveys.bad_format");
	parse_err("{'format':1,'title':'T','questions':[]}", "format",
	    "surveys.bad_format");
	parse_err("{'format':'ntm-survey/1','titel':'T','questions':[]}",
	    "titel", "surveys.unexpected_field");
	parse_err("{'format':'ntm-survey/1','questions':[]}", "title",
	    "surveys.missing_field");
	parse_err("{'format':'ntm-survey/1','title':' \\n ','questions':[]}",
	    "title", "surveys.empty");
	parse_err("{'format':'ntm-survey/1','title':5,'questions':[]}", "title",
	    "surveys.bad_value");
	parse_err("{'format':'ntm-survey/1','title':'T','description':[],"
	    "'questions':[]}", "description", "surveys.bad_value");
	parse_err("{'format':'ntm-survey/1','title':'T'}", "questions",
	    "surveys.missing_field");
	parse_err("{'format':'ntm-survey/1','title':'T','questions':{}}",
	    "questions", "surveys.bad_value");
	parse_err("{'format':'ntm-survey/1','title':'T','questions':[]}",
	    "questions", "surveys.empty");
}

/* Lengths at and past each limit (bytes, after NFC). */
static void
test_parse_limits(void **state)
{
	char doc[8192], title[SURV_TITLE_MAX + 2], text[SURV_TEXT_MAX + 2];
	struct surv_def *d;
	size_t i;

	(void)state;
	memset(title, 'T', sizeof(title));
	title[SURV_TITLE_MAX] = '\0';
	snprintf(doc, sizeof(doc), "{'format':'ntm-survey/1','title':'%s',"
	    "'questions':[{'id':'a','type':'text','text':'x'}]}", title);
	d = parse_ok(doc);
	assert_int_equal(strlen(d->title), SURV_TITLE_MAX);
	surv_def_free(d);
	title[SURV_TITLE_MAX] = 'T';
	title[SURV_TITLE_MAX + 1] = '\0';
	snprintf(doc, sizeof(doc), "{'format':'ntm-survey/1','title':'%s',"
	    "'questions':[{'id':'a','type':'text','text':'x'}]}", title);
	parse_err(doc, "title", "surveys.too_long");
	/* 100 "ệ" (3 bytes each in NFC) is 300 bytes: fits. */
	title[0] = '\0';
	for (i = 0; i < 100; i++)
		strcat(title, "ệ");
	snprintf(doc, sizeof(doc), "{'format':'ntm-survey/1','title':'%s',"
	    "'questions':[{'id':'a','type':'text','text':'x'}]}", title);
	d = parse_ok(doc);
	surv_def_free(d);

	memset(text, 'x', sizeof(text));
	text[SURV_TEXT_MAX] = '\0';
	snprintf(doc, sizeof(doc), ONE("{'id':'a','type':'text','text':'%s'}"),
	    text);
	d = parse_ok(doc);
	surv_def_free(d);
	text[SURV_TEXT_MAX] = 'x';
	text[SURV_TEXT_MAX + 1] = '\0';
	snprintf(doc, sizeof(doc), ONE("{'id':'a','type':'text','text':'%s'}"),
	    text);
	parse_err(doc, "questions[0].text", "surveys.too_long");
	snprintf(doc, sizeof(doc), ONE("{'id':'a','type':'text','text':'t',"
	    "'help':'%s'}"), text);
	parse_err(doc, "questions[0].help", "surveys.too_long");
}

static void
test_parse_question_count(void **state)
{
	char *doc = malloc(64 * 1024), *p;
	struct surv_def *d;
	size_t n, i;

	(void)state;
	assert_non_null(doc);
	for (n = SURV_QUESTIONS_MAX; n <= SURV_QUESTIONS_MAX + 1; n++) {
		p = doc + snprintf(doc, 100, "%s", HEAD);
		for (i = 0; i < n; i++)
			p += snprintf(p, 100, "%s{'id':'q%zu','type':'yesno',"
			    "'text':'Câu %zu'}", i > 0 ? "," : "", i, i);
		snprintf(p, 10, "%s", TAIL);
		if (n == SURV_QUESTIONS_MAX) {
			d = parse_ok(doc);
			assert_int_equal(d->n_questions, SURV_QUESTIONS_MAX);
			assert_int_equal(surv_question_index(d, "q99"), 99);
			surv_def_free(d);
		} else
			parse_err(doc, "questions", "surveys.too_many");
	}
	free(doc);
}

static void
test_parse_question_fields(void **state)
{
	(void)state;
	parse_err(ONE("5"), "questions[0]", "surveys.bad_value");
	parse_err(ONE("{'id':'a','type':'yesno','text':'t','satisfied_form':"
	    "'yes'}"), "questions[0].satisfied_form",
	    "surveys.unexpected_field");
	parse_err(ONE("{'type':'yesno','text':'t'}"), "questions[0].id",
	    "surveys.missing_field");
	parse_err(ONE("{'id':5,'type':'yesno','text':'t'}"), "questions[0].id",
	    "surveys.bad_value");
	parse_err(ONE("{'id':'a','text':'t'}"), "questions[0].type",
	    "surveys.missing_field");
	parse_err(ONE("{'id':'a','type':'rating','text':'t'}"),
	    "questions[0].type", "surveys.bad_type");
	parse_err(ONE("{'id':'a','type':['yesno'],'text':'t'}"),
	    "questions[0].type", "surveys.bad_value");
	parse_err(ONE("{'id':'a','type':'yesno'}"), "questions[0].text",
	    "surveys.missing_field");
	parse_err(ONE("{'id':'a','type':'yesno','text':''}"),
	    "questions[0].text", "surveys.empty");
	parse_err(ONE("{'id':'a','type':'yesno','text':'t','help':1}"),
	    "questions[0].help", "surveys.bad_value");
	parse_err(ONE("{'id':'a','type':'yesno','text':'t','required':'yes'}"),
	    "questions[0].required", "surveys.bad_value");
	parse_err(HEAD "{'id':'a','type':'yesno','text':'t'},"
	    "{'id':'b','type':'yesno','text':'t'},"
	    "{'id':'a','type':'yesno','text':'t'}" TAIL, "questions[2].id",
	    "surveys.duplicate_id");
	/* the exports' own columns */
	parse_err(ONE("{'id':'village','type':'yesno','text':'t'}"),
	    "questions[0].id", "surveys.reserved_id");
	parse_err(ONE("{'id':'day','type':'yesno','text':'t'}"),
	    "questions[0].id", "surveys.reserved_id");
}

static void
test_parse_ids(void **state)
{
	static const char *const bad_ids[] = {
		"Q1", "_a", ".a", "-a", "a b", "", "câu1", "a/b",
		"a23456789012345678901234567890123",	/* 33 bytes */
		NULL
	};
	static const char *const good_ids[] = {
		"a", "0", "q1", "a.b-c_d", "9_",
		"a2345678901234567890123456789012",	/* 32 bytes */
		NULL
	};
	char doc[512];
	struct surv_def *d;
	size_t i;

	(void)state;
	for (i = 0; bad_ids[i] != NULL; i++) {
		snprintf(doc, sizeof(doc), ONE("{'id':'%s','type':'yesno',"
		    "'text':'t'}"), bad_ids[i]);
		parse_err(doc, "questions[0].id", "surveys.bad_id");
		snprintf(doc, sizeof(doc), ONE("{'id':'q','type':'single',"
		    "'text':'t','options':[{'id':'ok','text':'A'},"
		    "{'id':'%s','text':'B'}]}"), bad_ids[i]);
		parse_err(doc, "questions[0].options[1].id", "surveys.bad_id");
	}
	for (i = 0; good_ids[i] != NULL; i++) {
		snprintf(doc, sizeof(doc), ONE("{'id':'%s','type':'yesno',"
		    "'text':'t'}"), good_ids[i]);
		d = parse_ok(doc);
		assert_string_equal(d->questions[0].id, good_ids[i]);
		surv_def_free(d);
	}
}

static void
test_parse_options(void **state)
{
	char doc[8192], *p;
	struct surv_def *d;
	int n, i;

	(void)state;
	parse_err(ONE("{'id':'a','type':'single','text':'t'}"),
	    "questions[0].options", "surveys.missing_field");
	parse_err(ONE("{'id':'a','type':'multi','text':'t','options':{}}"),
	    "questions[0].options", "surveys.bad_value");
	parse_err(ONE("{'id':'a','type':'single','text':'t',"
	    "'options':[{'id':'x','text':'X'}]}"), "questions[0].options",
	    "surveys.too_few");
	parse_err(ONE("{'id':'a','type':'single','text':'t',"
	    "'options':['x','y']}"), "questions[0].options[0]",
	    "surveys.bad_value");
	parse_err(ONE("{'id':'a','type':'single','text':'t',"
	    "'options':[{'id':'x','text':'X'},{'id':'y','text':'Y',"
	    "'value':1}]}"), "questions[0].options[1].value",
	    "surveys.unexpected_field");
	parse_err(ONE("{'id':'a','type':'single','text':'t',"
	    "'options':[{'id':'x','text':'X'},{'id':'x','text':'Y'}]}"),
	    "questions[0].options[1].id", "surveys.duplicate_id");
	parse_err(ONE("{'id':'a','type':'multi','text':'t',"
	    "'options':[{'id':'x','text':'X'},{'id':'y'}]}"),
	    "questions[0].options[1].text", "surveys.missing_field");
	parse_err(ONE("{'id':'a','type':'multi','text':'t',"
	    "'options':[{'id':'x','text':'X'},{'id':'y','text':' '}]}"),
	    "questions[0].options[1].text", "surveys.empty");
	/* Options are refused where they mean nothing. */
	parse_err(ONE("{'id':'a','type':'scale5','text':'t',"
	    "'options':[{'id':'x','text':'X'},{'id':'y','text':'Y'}]}"),
	    "questions[0].options", "surveys.not_allowed");
	parse_err(ONE("{'id':'a','type':'yesno','text':'t','options':[]}"),
	    "questions[0].options", "surveys.not_allowed");

	/* 50 options fit, 51 do not. */
	for (n = SURV_OPTIONS_MAX; n <= SURV_OPTIONS_MAX + 1; n++) {
		p = doc + snprintf(doc, sizeof(doc), HEAD "{'id':'a',"
		    "'type':'multi','text':'t','options':[");
		for (i = 0; i < n; i++)
			p += snprintf(p, 64, "%s{'id':'o%d','text':'O'}",
			    i > 0 ? "," : "", i);
		snprintf(p, 16, "]}" TAIL);
		if (n == SURV_OPTIONS_MAX) {
			d = parse_ok(doc);
			assert_int_equal(d->questions[0].n_options, n);
			surv_def_free(d);
		} else
			parse_err(doc, "questions[0].options",
			    "surveys.too_many");
	}
}

static void
test_parse_satisfied(void **state)
{
	struct surv_def *d;

	(void)state;
#define OPTS "'options':[{'id':'a','text':'A'},{'id':'b','text':'B'}]"
	parse_err(ONE("{'id':'q','type':'single','text':'t'," OPTS ","
	    "'satisfied':['a','z']}"), "questions[0].satisfied[1]",
	    "surveys.unknown_option");
	parse_err(ONE("{'id':'q','type':'single','text':'t'," OPTS ","
	    "'satisfied':'a'}"), "questions[0].satisfied", "surveys.bad_value");
	parse_err(ONE("{'id':'q','type':'multi','text':'t'," OPTS ","
	    "'satisfied':[]}"), "questions[0].satisfied", "surveys.empty");
	parse_err(ONE("{'id':'q','type':'multi','text':'t'," OPTS ","
	    "'satisfied':[1]}"), "questions[0].satisfied[0]",
	    "surveys.bad_value");
	parse_err(ONE("{'id':'q','type':'multi','text':'t'," OPTS ","
	    "'satisfied':['a','a']}"), "questions[0].satisfied[1]",
	    "surveys.duplicate_id");
	parse_err(ONE("{'id':'q','type':'yesno','text':'t',"
	    "'satisfied':'maybe'}"), "questions[0].satisfied",
	    "surveys.bad_value");
	parse_err(ONE("{'id':'q','type':'yesno','text':'t','satisfied':true}"),
	    "questions[0].satisfied", "surveys.bad_value");
	parse_err(ONE("{'id':'q','type':'scale5','text':'t','satisfied':[4]}"),
	    "questions[0].satisfied", "surveys.not_allowed");
	parse_err(ONE("{'id':'q','type':'number','text':'t','satisfied':[1]}"),
	    "questions[0].satisfied", "surveys.not_allowed");
	parse_err(ONE("{'id':'q','type':'text','text':'t','satisfied':'x'}"),
	    "questions[0].satisfied", "surveys.not_allowed");
	parse_err(ONE("{'id':'q','type':'scale5','text':'t',"
	    "'satisfied_from':0}"), "questions[0].satisfied_from",
	    "surveys.out_of_range");
	parse_err(ONE("{'id':'q','type':'scale5','text':'t',"
	    "'satisfied_from':6}"), "questions[0].satisfied_from",
	    "surveys.out_of_range");
	parse_err(ONE("{'id':'q','type':'scale5','text':'t',"
	    "'satisfied_from':4.5}"), "questions[0].satisfied_from",
	    "surveys.bad_value");
	parse_err(ONE("{'id':'q','type':'scale5','text':'t',"
	    "'satisfied_from':'4'}"), "questions[0].satisfied_from",
	    "surveys.bad_value");
	parse_err(ONE("{'id':'q','type':'yesno','text':'t',"
	    "'satisfied_from':4}"), "questions[0].satisfied_from",
	    "surveys.not_allowed");
	parse_err(ONE("{'id':'q','type':'single','text':'t'," OPTS ","
	    "'satisfied_from':1}"), "questions[0].satisfied_from",
	    "surveys.not_allowed");

	/* Both ends of satisfied_from; a multi with every option. */
	d = parse_ok(HEAD "{'id':'q','type':'scale5','text':'t',"
	    "'satisfied_from':1},{'id':'r','type':'scale5','text':'t',"
	    "'satisfied_from':5},{'id':'s','type':'multi','text':'t'," OPTS ","
	    "'satisfied':['b','a']}" TAIL);
	assert_int_equal(d->questions[0].satisfied_from, 1);
	assert_int_equal(d->questions[1].satisfied_from, 5);
	assert_true(d->questions[2].options[0].satisfied);
	assert_true(d->questions[2].options[1].satisfied);
	surv_def_free(d);
}

static void
test_parse_number_text(void **state)
{
	struct surv_def *d;

	(void)state;
	parse_err(ONE("{'id':'q','type':'number','text':'t','min':5,'max':4}"),
	    "questions[0].max", "surveys.out_of_range");
	parse_err(ONE("{'id':'q','type':'number','text':'t','min':'1'}"),
	    "questions[0].min", "surveys.bad_value");
	parse_err(ONE("{'id':'q','type':'number','text':'t','max':true}"),
	    "questions[0].max", "surveys.bad_value");
	parse_err(ONE("{'id':'q','type':'text','text':'t','min':1}"),
	    "questions[0].min", "surveys.not_allowed");
	parse_err(ONE("{'id':'q','type':'scale5','text':'t','max':1}"),
	    "questions[0].max", "surveys.not_allowed");
	parse_err(ONE("{'id':'q','type':'text','text':'t','max_length':0}"),
	    "questions[0].max_length", "surveys.out_of_range");
	parse_err(ONE("{'id':'q','type':'text','text':'t',"
	    "'max_length':10001}"), "questions[0].max_length",
	    "surveys.out_of_range");
	parse_err(ONE("{'id':'q','type':'text','text':'t','max_length':2.5}"),
	    "questions[0].max_length", "surveys.bad_value");
	parse_err(ONE("{'id':'q','type':'number','text':'t',"
	    "'max_length':10}"), "questions[0].max_length",
	    "surveys.not_allowed");

	d = parse_ok(HEAD "{'id':'q','type':'number','text':'t','min':-1.5,"
	    "'max':-1.5},{'id':'r','type':'text','text':'t','max_length':1},"
	    "{'id':'s','type':'text','text':'t','max_length':10000},"
	    "{'id':'u','type':'number','text':'t','max':7}" TAIL);
	assert_true(d->questions[0].min == -1.5 && d->questions[0].max == -1.5);
	assert_int_equal(d->questions[1].max_length, 1);
	assert_int_equal(d->questions[2].max_length, SURV_ANSWER_TEXT_LIMIT);
	assert_false(d->questions[3].has_min);
	assert_true(d->questions[3].has_max);
	surv_def_free(d);
}

#define YN(id) "{'id':'" id "','type':'yesno','text':'t'}"
#define SC(id) "{'id':'" id "','type':'scale5','text':'t'}"
#define SG(id) "{'id':'" id "','type':'single','text':'t'," OPTS "}"

static void
test_parse_show_if(void **state)
{
	struct surv_def *d;

	(void)state;
	parse_err(HEAD YN("a") ",{'id':'b','type':'text','text':'t',"
	    "'show_if':'a'}" TAIL, "questions[1].show_if", "surveys.bad_value");
	parse_err(HEAD YN("a") ",{'id':'b','type':'text','text':'t',"
	    "'show_if':{'question':'a','equals':'no','when':1}}" TAIL,
	    "questions[1].show_if.when", "surveys.unexpected_field");
	parse_err(HEAD YN("a") ",{'id':'b','type':'text','text':'t',"
	    "'show_if':{'equals':'no'}}" TAIL, "questions[1].show_if.question",
	    "surveys.missing_field");
	parse_err(HEAD YN("a") ",{'id':'b','type':'text','text':'t',"
	    "'show_if':{'question':'zz','equals':'no'}}" TAIL,
	    "questions[1].show_if.question", "surveys.bad_reference");
	/* A later question, and the question itself. */
	parse_err(HEAD "{'id':'b','type':'text','text':'t',"
	    "'show_if':{'question':'a','equals':'no'}}," YN("a") TAIL,
	    "questions[0].show_if.question", "surveys.forward_reference");
	parse_err(HEAD YN("a") ",{'id':'b','type':'yesno','text':'t',"
	    "'show_if':{'question':'b','equals':'no'}}" TAIL,
	    "questions[1].show_if.question", "surveys.forward_reference");
	parse_err(HEAD YN("a") ",{'id':'b','type':'text','text':'t',"
	    "'show_if':{'question':'a','equals':'no','in':['no']}}" TAIL,
	    "questions[1].show_if", "surveys.bad_condition");
	parse_err(HEAD YN("a") ",{'id':'b','type':'text','text':'t',"
	    "'show_if':{'question':'a'}}" TAIL, "questions[1].show_if.equals",
	    "surveys.missing_field");
	/* Values must be answers the question can have. */
	parse_err(HEAD YN("a") ",{'id':'b','type':'text','text':'t',"
	    "'show_if':{'question':'a','equals':'khong'}}" TAIL,
	    "questions[1].show_if.equals", "surveys.bad_value");
	parse_err(HEAD SG("a") ",{'id':'b','type':'text','text':'t',"
	    "'show_if':{'question':'a','equals':'c'}}" TAIL,
	    "questions[1].show_if.equals", "surveys.unknown_option");
	parse_err(HEAD SG("a") ",{'id':'b','type':'text','text':'t',"
	    "'show_if':{'question':'a','in':['a',2]}}" TAIL,
	    "questions[1].show_if.in[1]", "surveys.bad_value");
	parse_err(HEAD SC("a") ",{'id':'b','type':'text','text':'t',"
	    "'show_if':{'question':'a','in':[1,6]}}" TAIL,
	    "questions[1].show_if.in[1]", "surveys.bad_value");
	parse_err(HEAD SC("a") ",{'id':'b','type':'text','text':'t',"
	    "'show_if':{'question':'a','in':['0']}}" TAIL,
	    "questions[1].show_if.in[0]", "surveys.bad_value");
	parse_err(HEAD SC("a") ",{'id':'b','type':'text','text':'t',"
	    "'show_if':{'question':'a','equals':4.0}}" TAIL,
	    "questions[1].show_if.equals", "surveys.bad_value");
	parse_err(HEAD SC("a") ",{'id':'b','type':'text','text':'t',"
	    "'show_if':{'question':'a','in':[4,'4']}}" TAIL,
	    "questions[1].show_if.in[1]", "surveys.duplicate_id");
	parse_err(HEAD SC("a") ",{'id':'b','type':'text','text':'t',"
	    "'show_if':{'question':'a','in':[]}}" TAIL,
	    "questions[1].show_if.in", "surveys.empty");
	parse_err(HEAD SC("a") ",{'id':'b','type':'text','text':'t',"
	    "'show_if':{'question':'a','in':4}}" TAIL,
	    "questions[1].show_if.in", "surveys.bad_value");
	parse_err(HEAD "{'id':'a','type':'number','text':'t'},"
	    "{'id':'b','type':'text','text':'t',"
	    "'show_if':{'question':'a','equals':0}}" TAIL,
	    "questions[1].show_if.equals", "surveys.bad_condition");
	parse_err(HEAD "{'id':'a','type':'text','text':'t'},"
	    "{'id':'b','type':'text','text':'t',"
	    "'show_if':{'question':'a','equals':'x'}}" TAIL,
	    "questions[1].show_if.equals", "surveys.bad_condition");

	/* yesno conditions accept JSON booleans; canonical "yes"/"no". */
	d = parse_ok(HEAD YN("a") ",{'id':'b','type':'text','text':'t',"
	    "'show_if':{'question':'a','in':[false,'yes']}}" TAIL);
	assert_int_equal(d->questions[1].show_q, 0);
	assert_string_equal(d->questions[1].show_values[0], "no");
	assert_string_equal(d->questions[1].show_values[1], "yes");
	surv_def_free(d);
}

/* Decomposed (NFD) Vietnamese is stored as NFC, in the fields and in
 * d->doc; the caller's document is not changed. */
static void
test_parse_nfc(void **state)
{
	/* "Đường" with ư = u + U+031B and ờ = o + U+031B + U+0300. */
	const char nfd[] = "\xc4\x90u\xcc\x9bo\xcc\x9b\xcc\x80ng";
	const char nfc[] = "Đường";
	struct surv_def *d = NULL;
	struct errinfo ei;
	json_t *doc, *opt;
	char *dump;

	(void)state;
	assert_string_not_equal(nfd, nfc);
	doc = json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:s, s:[{s:s, "
	    "s:s}, {s:s, s:s}]}]}", "format", SURV_FORMAT, "title", nfd,
	    "description", nfd, "questions", "id", "q", "type", "single",
	    "text", nfd, "help", nfd, "options", "id", "a", "text", nfd, "id",
	    "b", "text", "B");
	assert_non_null(doc);
	assert_int_equal(surv_def_from_json(doc, &d, &ei), ERR_OK);
	assert_string_equal(d->title, nfc);
	assert_string_equal(d->description, nfc);
	assert_string_equal(d->questions[0].text, nfc);
	assert_string_equal(d->questions[0].help, nfc);
	assert_string_equal(d->questions[0].options[0].text, nfc);
	assert_ptr_not_equal(d->doc, doc);
	assert_string_equal(json_string_value(json_object_get(d->doc, "title")),
	    nfc);
	opt = json_array_get(json_object_get(json_array_get(json_object_get(
	    d->doc, "questions"), 0), "options"), 0);
	assert_string_equal(json_string_value(json_object_get(opt, "text")),
	    nfc);
	/* The caller's document still holds what the caller put there, and
	 * only the caller holds it. */
	assert_string_equal(json_string_value(json_object_get(doc, "title")),
	    nfd);
	assert_int_equal(doc->refcount, 1);
	/* What the store would save parses again to the same thing. */
	dump = json_dumps(d->doc, 0);
	surv_def_free(d);
	d = NULL;
	assert_int_equal(surv_def_parse(dump, strlen(dump), &d, &ei), ERR_OK);
	assert_string_equal(d->title, nfc);
	surv_def_free(d);
	free(dump);
	json_decref(doc);

	assert_int_equal(surv_def_from_json(NULL, &d, &ei), ERR_INVALID);
	assert_null(d);
}

/* A long, non-ASCII unknown key: the path is cut on a character
 * boundary to fit errinfo.field, and the message starts with it. */
static void
test_parse_long_key(void **state)
{
	char doc[1024], key[400];
	struct surv_def *d = NULL;
	struct errinfo ei;
	size_t i;

	(void)state;
	key[0] = '\0';
	for (i = 0; i < 100; i++)
		strcat(key, "ệ");
	snprintf(doc, sizeof(doc), ONE("{'id':'a','type':'text','text':'t',"
	    "'%s':1}"), key);
	for (i = 0; doc[i] != '\0'; i++)
		if (doc[i] == '\'')
			doc[i] = '"';
	assert_int_equal(surv_def_parse(doc, strlen(doc), &d, &ei),
	    ERR_INVALID);
	assert_string_equal(ei.code, "surveys.unexpected_field");
	assert_true(strlen(ei.field) < sizeof(ei.field));
	assert_true(text_utf8_valid(ei.field, strlen(ei.field)));
	assert_int_equal(strncmp(ei.field, "questions[0].ệ", 16), 0);
	assert_int_equal(strncmp(ei.message, ei.field, strlen(ei.field)), 0);
	assert_true(text_utf8_valid(ei.message, strlen(ei.message)));
}

/* NUL bytes inside strings: jansson refuses them in text (bad_json), a
 * caller may still build them (json_stringn). */
static void
test_nul(void **state)
{
	struct surv_def *d = NULL;
	struct errinfo ei;
	struct arena *a;
	struct surv_answer ans[2];
	json_t *doc, *j;

	(void)state;
	parse_err_raw("{\"format\":\"a\\u0000\"}", 19, ERR_MALFORMED, "",
	    "surveys.bad_json");
	doc = json_pack("{s:s, s:s%, s:[{s:s, s:s, s:s}]}", "format",
	    SURV_FORMAT, "title", "T\0x", (size_t)3, "questions", "id", "q",
	    "type", "text", "text", "t");
	memset(&ei, 0, sizeof(ei));
	check_err(surv_def_from_json(doc, &d, &ei), &ei, ERR_INVALID, "title",
	    "surveys.bad_value");
	assert_null(d);
	json_decref(doc);
	doc = json_pack("{s:s, s:s, s:[{s:s%, s:s, s:s}]}", "format",
	    SURV_FORMAT, "title", "T", "questions", "id", "a\0b", (size_t)3,
	    "type", "text", "text", "t");
	check_err(surv_def_from_json(doc, &d, &ei), &ei, ERR_INVALID,
	    "questions[0].id", "surveys.bad_id");
	json_decref(doc);

	d = parse_ok(ONE("{'id':'q','type':'text','text':'t'}"));
	a = arena_new(1024);
	j = json_pack("{s:s%}", "q", "a\0b", (size_t)3);
	check_err(surv_answers_check(d, j, a, ans, &ei), &ei, ERR_INVALID,
	    "answers.q", "surveys.bad_text");
	json_decref(j);
	arena_free(a);
	surv_def_free(d);
}

/* The standard template ships and parses (it is what officials copy). */
static void
test_template(void **state)
{
	static const char *const areas[] = {
		"giao_thong", "thuy_loi", "dien", "truong_hoc",
		"co_so_van_hoa", "cho_thuong_mai", "thong_tin", "nha_o",
		"thu_nhap", "giam_ngheo", "y_te", "giao_duc", "van_hoa",
		"moi_truong", "an_toan_thuc_pham", "an_ninh_trat_tu",
		"he_thong_chinh_tri", NULL
	};
	const struct surv_question *qq;
	struct surv_def *d = NULL;
	struct errinfo ei;
	char *text;
	long len, k;
	FILE *f;
	size_t i;

	(void)state;
	f = fopen("surveys/templates/ntm-hai-long.json", "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = malloc((size_t)len + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	if (surv_def_parse(text, (size_t)len, &d, &ei) != ERR_OK)
		print_error("template: %s %s\n", ei.field, ei.message);
	assert_non_null(d);
	free(text);

	/* Honest about its origin. */
	assert_non_null(strstr(d->description, "NOT FOUND"));
	assert_non_null(strstr(d->description, "Mặt trận Tổ quốc"));
	assert_non_null(strstr(d->description, "Mẫu"));
	for (i = 0; areas[i] != NULL; i++) {
		k = surv_question_index(d, areas[i]);
		assert_true(k >= 0);
		qq = &d->questions[k];
		assert_int_equal(qq->type, SURV_SCALE5);
		assert_int_equal(qq->satisfied_from, 4);
		assert_true(qq->counts);
	}
	k = surv_question_index(d, "hai_long_chung");
	assert_true(k >= 0);
	qq = &d->questions[k];
	assert_int_equal(qq->type, SURV_YESNO);
	assert_true(qq->counts && qq->satisfied_yes);
	assert_string_equal(qq->text, "Ông/bà có hài lòng với kết quả xây "
	    "dựng nông thôn mới của xã không?");
	qq = &d->questions[surv_question_index(d, "ly_do")];
	assert_int_equal(qq->type, SURV_TEXT);
	assert_int_equal(qq->show_q, k);
	assert_string_equal(qq->show_values[0], "no");
	assert_string_equal(qq->text, "Nếu không, vì sao?");
	qq = &d->questions[surv_question_index(d, "gop_y")];
	assert_int_equal(qq->type, SURV_TEXT);
	assert_false(qq->required);
	assert_false(qq->counts);
	assert_int_equal(d->n_questions, 20);
	surv_def_free(d);
}

/* ---- answers ---- */

struct fixture {
	struct surv_def *d;
	struct arena *a;
	struct surv_answer ans[SURV_QUESTIONS_MAX];
	struct errinfo ei;
};

static const char answers_doc[] =
    "{'format':'ntm-survey/1','title':'Khảo sát','questions':["
    " {'id':'q1','type':'scale5','text':'Đường giao thông','required':true,"
    "  'satisfied_from':4},"
    " {'id':'q2','type':'yesno','text':'Hài lòng chung?','satisfied':'yes'},"
    " {'id':'q3','type':'single','text':'Nguồn nước',"
    "  'options':[{'id':'may','text':'Nước máy'},{'id':'gieng','text':'Giếng'},"
    "  {'id':'khac','text':'Khác'}],'satisfied':['may']},"
    " {'id':'q4','type':'multi','text':'Dịch vụ dùng',"
    "  'options':[{'id':'dien','text':'Điện'},{'id':'net','text':'Internet'},"
    "  {'id':'cho','text':'Chợ'}],'satisfied':['net','cho']},"
    " {'id':'q5','type':'number','text':'Số người','min':0,'max':30},"
    " {'id':'q6','type':'text','text':'Góp ý','max_length':20},"
    " {'id':'q7','type':'multi','text':'Không tính',"
    "  'options':[{'id':'a','text':'A'},{'id':'b','text':'B'}]}]}";

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->d = parse_ok(answers_doc);
	f->a = arena_new(4096);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	surv_def_free(f->d);
	arena_free(f->a);
	free(f);
	return 0;
}

/* Check the single-quoted answers object; returns the error. */
static enum err
check(struct fixture *f, const char *single_quoted)
{
	char *t = q(single_quoted);
	json_error_t jerr;
	json_t *j = json_loads(t, JSON_DECODE_ANY, &jerr);
	enum err e;

	if (j == NULL)
		print_error("bad test JSON: %s\n", jerr.text);
	assert_non_null(j);
	memset(&f->ei, 0, sizeof(f->ei));
	e = surv_answers_check(f->d, j, f->a, f->ans, &f->ei);
	json_decref(j);
	free(t);
	return e;
}

static void
check_ok(struct fixture *f, const char *single_quoted)
{
	enum err e = check(f, single_quoted);

	if (e != ERR_OK)
		print_error("check: %s %s: %s\n", f->ei.code, f->ei.field,
		    f->ei.message);
	assert_int_equal(e, ERR_OK);
}

static void
check_bad(struct fixture *f, const char *single_quoted, enum err want,
    const char *field, const char *code)
{
	check_err(check(f, single_quoted), &f->ei, want, field, code);
}

/* The stored JSON of the last check, compact with sorted keys. */
static void
assert_json(struct fixture *f, const char *single_quoted)
{
	json_t *j = surv_answers_json(f->d, f->ans);
	char *got = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	char *want = q(single_quoted);

	assert_string_equal(got, want);
	free(got);
	free(want);
	json_decref(j);
}

static void
test_answers_types(void **state)
{
	struct fixture *f = *state;

	check_ok(f, "{'q1':4,'q2':'yes','q3':'gieng','q4':['net','dien'],"
	    "'q5':3,'q6':'Tốt','q7':['a']}");
	assert_true(f->ans[0].present);
	assert_int_equal(f->ans[0].grade, 4);
	assert_int_equal(f->ans[0].satisfied, 1);
	assert_string_equal(f->ans[1].text, "yes");
	assert_int_equal(f->ans[1].satisfied, 1);
	assert_string_equal(f->ans[2].text, "gieng");
	assert_int_equal(f->ans[2].satisfied, 0);
	assert_int_equal(f->ans[3].n_choices, 2);
	assert_string_equal(f->ans[3].choices[0], "net");
	assert_string_equal(f->ans[3].choices[1], "dien");
	assert_int_equal(f->ans[3].satisfied, 1);	/* any chosen */
	assert_true(f->ans[4].number == 3);
	assert_int_equal(f->ans[4].satisfied, -1);	/* does not count */
	assert_string_equal(f->ans[5].text, "Tốt");
	assert_int_equal(f->ans[5].satisfied, -1);
	assert_int_equal(f->ans[6].satisfied, -1);
	/* the text answer (q6) is a comment, stored apart */
	assert_json(f, "{'q1':4,'q2':'yes','q3':'gieng','q4':['net','dien'],"
	    "'q5':3,'q7':['a']}");

	/* The shapes HTML forms send: every value a string. */
	check_ok(f, "{'q1':'2','q2':'no','q3':'may','q4':['dien'],"
	    "'q5':'12,5','q6':'  x  '}");
	assert_int_equal(f->ans[0].grade, 2);
	assert_int_equal(f->ans[0].satisfied, 0);
	assert_int_equal(f->ans[1].satisfied, 0);
	assert_int_equal(f->ans[2].satisfied, 1);
	assert_int_equal(f->ans[3].satisfied, 0);
	assert_true(f->ans[4].number == 12.5);
	assert_string_equal(f->ans[5].text, "x");
	assert_false(f->ans[6].present);
	assert_json(f, "{'q1':2,'q2':'no','q3':'may','q4':['dien'],"
	    "'q5':12.5}");

	/* Booleans for yes/no, a grade string with blanks, a real number. */
	check_ok(f, "{'q1':' 5 ','q2':true,'q5':29.75}");
	assert_int_equal(f->ans[0].grade, 5);
	assert_string_equal(f->ans[1].text, "yes");
	assert_true(f->ans[4].number == 29.75);
	check_ok(f, "{'q1':1,'q2':false,'q5':'-0'}");
	assert_string_equal(f->ans[1].text, "no");
	assert_int_equal(f->ans[1].satisfied, 0);
	assert_true(f->ans[4].number == 0);
}

/* Empty values are "not answered"; unknown ids are dropped. */
static void
test_answers_empty_unknown(void **state)
{
	struct fixture *f = *state;
	size_t i;

	check_ok(f, "{'q1':5,'q2':'','q3':'','q4':[],'q5':'','q6':'   ',"
	    "'q7':null,'zz':'x','q1.x':1}");
	for (i = 1; i < f->d->n_questions; i++) {
		assert_false(f->ans[i].present);
		assert_int_equal(f->ans[i].satisfied, -1);
	}
	assert_json(f, "{'q1':5}");
	/* The required question, empty in each form. */
	check_bad(f, "{'q1':''}", ERR_INVALID, "answers.q1", "surveys.required");
	check_bad(f, "{'q1':null}", ERR_INVALID, "answers.q1",
	    "surveys.required");
	check_bad(f, "{}", ERR_INVALID, "answers.q1", "surveys.required");
	/* The message names the question by its text. */
	assert_non_null(strstr(f->ei.message, "Đường giao thông"));
	/* No answers at all. */
	memset(&f->ei, 0, sizeof(f->ei));
	check_err(surv_answers_check(f->d, NULL, f->a, f->ans, &f->ei), &f->ei,
	    ERR_INVALID, "answers.q1", "surveys.required");
	check_bad(f, "[4]", ERR_INVALID, "answers", "surveys.bad_value");
	check_bad(f, "'q1'", ERR_INVALID, "answers", "surveys.bad_value");
}

static void
test_answers_bad(void **state)
{
	struct fixture *f = *state;

	/* scale5 */
	check_bad(f, "{'q1':0}", ERR_INVALID, "answers.q1",
	    "surveys.out_of_range");
	check_bad(f, "{'q1':6}", ERR_INVALID, "answers.q1",
	    "surveys.out_of_range");
	check_bad(f, "{'q1':'0'}", ERR_INVALID, "answers.q1",
	    "surveys.out_of_range");
	check_bad(f, "{'q1':'6'}", ERR_INVALID, "answers.q1",
	    "surveys.out_of_range");
	check_bad(f, "{'q1':'45'}", ERR_INVALID, "answers.q1",
	    "surveys.out_of_range");
	check_bad(f, "{'q1':4.5}", ERR_INVALID, "answers.q1",
	    "surveys.bad_answer");
	check_bad(f, "{'q1':true}", ERR_INVALID, "answers.q1",
	    "surveys.bad_answer");
	check_bad(f, "{'q1':[4]}", ERR_INVALID, "answers.q1",
	    "surveys.bad_answer");
	/* yesno */
	check_bad(f, "{'q1':4,'q2':'có'}", ERR_INVALID, "answers.q2",
	    "surveys.bad_answer");
	check_bad(f, "{'q1':4,'q2':'YES'}", ERR_INVALID, "answers.q2",
	    "surveys.bad_answer");
	check_bad(f, "{'q1':4,'q2':1}", ERR_INVALID, "answers.q2",
	    "surveys.bad_answer");
	/* single */
	check_bad(f, "{'q1':4,'q3':'song'}", ERR_INVALID, "answers.q3",
	    "surveys.unknown_option");
	check_bad(f, "{'q1':4,'q3':['may']}", ERR_INVALID, "answers.q3",
	    "surveys.bad_answer");
	check_bad(f, "{'q1':4,'q3':0}", ERR_INVALID, "answers.q3",
	    "surveys.bad_answer");
	/* multi */
	check_bad(f, "{'q1':4,'q4':'net'}", ERR_INVALID, "answers.q4",
	    "surveys.bad_answer");
	check_bad(f, "{'q1':4,'q4':['net','net']}", ERR_INVALID, "answers.q4",
	    "surveys.duplicate_answer");
	check_bad(f, "{'q1':4,'q4':['net','tv']}", ERR_INVALID, "answers.q4",
	    "surveys.unknown_option");
	check_bad(f, "{'q1':4,'q4':['net',1]}", ERR_INVALID, "answers.q4",
	    "surveys.bad_answer");
	check_bad(f, "{'q1':4,'q4':['a','b','c','d']}", ERR_INVALID,
	    "answers.q4", "surveys.bad_answer");
	/* number: bounds are inclusive */
	check_ok(f, "{'q1':4,'q5':0}");
	check_ok(f, "{'q1':4,'q5':30}");
	check_ok(f, "{'q1':4,'q5':'30,0'}");
	check_bad(f, "{'q1':4,'q5':-0.5}", ERR_INVALID, "answers.q5",
	    "surveys.out_of_range");
	check_bad(f, "{'q1':4,'q5':30.01}", ERR_INVALID, "answers.q5",
	    "surveys.out_of_range");
	check_bad(f, "{'q1':4,'q5':'31'}", ERR_INVALID, "answers.q5",
	    "surveys.out_of_range");
	check_bad(f, "{'q1':4,'q5':'1e1'}", ERR_INVALID, "answers.q5",
	    "surveys.bad_answer");
	check_bad(f, "{'q1':4,'q5':'1.000,5'}", ERR_INVALID, "answers.q5",
	    "surveys.bad_answer");
	check_bad(f, "{'q1':4,'q5':'nan'}", ERR_INVALID, "answers.q5",
	    "surveys.bad_answer");
	check_bad(f, "{'q1':4,'q5':'5,'}", ERR_INVALID, "answers.q5",
	    "surveys.bad_answer");
	check_bad(f, "{'q1':4,'q5':true}", ERR_INVALID, "answers.q5",
	    "surveys.bad_answer");
	/* text */
	check_bad(f, "{'q1':4,'q6':5}", ERR_INVALID, "answers.q6",
	    "surveys.bad_answer");
	check_bad(f, "{'q1':4,'q6':'a\\u0007b'}", ERR_INVALID, "answers.q6",
	    "surveys.bad_text");
	check_bad(f, "{'q1':4,'q6':'a\\u007fb'}", ERR_INVALID, "answers.q6",
	    "surveys.bad_text");
	check_bad(f, "{'q1':4,'q6':'a\\u0085b'}", ERR_INVALID, "answers.q6",
	    "surveys.bad_text");
	/* The first problem in question order is the one reported. */
	check_bad(f, "{'q6':5,'q1':9}", ERR_INVALID, "answers.q1",
	    "surveys.out_of_range");
}

/* Text: the limit is bytes after NFC, CR LF folding and trimming; over
 * it is ERR_LIMIT naming the question. */
static void
test_answers_text(void **state)
{
	struct fixture *f = *state;
	/* "Đường" decomposed: 11 bytes NFD, 8 bytes NFC. */
	const char nfd[] = "\xc4\x90u\xcc\x9bo\xcc\x9b\xcc\x80ng";
	char big[20000];
	json_t *j;

	check_ok(f, "{'q1':4,'q6':'12345678901234567890'}");	/* 20 */
	assert_int_equal(strlen(f->ans[5].text), 20);
	check_bad(f, "{'q1':4,'q6':'123456789012345678901'}", ERR_LIMIT,
	    "answers.q6", "surveys.too_long");
	assert_non_null(strstr(f->ei.message, "Góp ý"));
	/* Blanks at the ends do not count. */
	check_ok(f, "{'q1':4,'q6':'  12345678901234567890 \\n'}");
	/* Tabs and newlines are kept, CR LF and CR become LF. */
	check_ok(f, "{'q1':4,'q6':'a\\tb\\r\\nc\\rd'}");
	assert_string_equal(f->ans[5].text, "a\tb\nc\nd");
	/* 2 x "Đường" + space = 23 bytes NFD, 17 bytes NFC: fits. */
	j = json_pack("{s:i, s:s++}", "q1", 4, "q6", nfd, " ", nfd);
	assert_int_equal(surv_answers_check(f->d, j, f->a, f->ans, &f->ei),
	    ERR_OK);
	assert_string_equal(f->ans[5].text, "Đường Đường");
	json_decref(j);
	/* Far over the limit: refused before normalising. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	j = json_pack("{s:i, s:s}", "q1", 4, "q6", big);
	memset(&f->ei, 0, sizeof(f->ei));
	check_err(surv_answers_check(f->d, j, f->a, f->ans, &f->ei), &f->ei,
	    ERR_LIMIT, "answers.q6", "surveys.too_long");
	json_decref(j);
}

/* Hidden questions: their answers are dropped, even invalid ones, and a
 * required hidden question is not required; conditions chain. */
static void
test_answers_show_if(void **state)
{
	struct surv_def *d = parse_ok(HEAD
	    "{'id':'a','type':'yesno','text':'Hài lòng?','required':true},"
	    "{'id':'b','type':'single','text':'Vì sao?','required':true,"
	    " 'options':[{'id':'x','text':'X'},{'id':'y','text':'Y'},"
	    " {'id':'z','text':'Z'}],'show_if':{'question':'a','equals':'no'}},"
	    "{'id':'c','type':'scale5','text':'Mức?','required':true,"
	    " 'show_if':{'question':'b','in':['x','y']}},"
	    "{'id':'d','type':'text','text':'Chi tiết','required':true,"
	    " 'show_if':{'question':'c','in':[1,2]}},"
	    "{'id':'e','type':'multi','text':'Đã dùng',"
	    " 'options':[{'id':'x','text':'X'},{'id':'y','text':'Y'}]},"
	    "{'id':'f','type':'number','text':'Bao nhiêu','required':true,"
	    " 'show_if':{'question':'e','equals':'y'}}" TAIL);
	struct fixture fx, *f = &fx;

	(void)state;
	memset(f, 0, sizeof(*f));
	f->d = d;
	f->a = arena_new(4096);

	/* a = yes hides b, so c and d too: their answers, even wrong ones,
	 * are dropped, and their being required does not matter. */
	check_ok(f, "{'a':'yes','b':'nope','c':9,'d':5}");
	assert_true(f->ans[0].present);
	assert_false(f->ans[1].present);
	assert_false(f->ans[2].present);
	assert_false(f->ans[3].present);
	assert_int_equal(f->ans[1].satisfied, -1);
	assert_json(f, "{'a':'yes'}");

	/* a = no shows b (required). */
	check_bad(f, "{'a':'no'}", ERR_INVALID, "answers.b", "surveys.required");
	assert_non_null(strstr(f->ei.message, "Vì sao?"));
	/* b = z hides c and d. */
	check_ok(f, "{'a':'no','b':'z','c':'oops','d':[]}");
	assert_json(f, "{'a':'no','b':'z'}");
	/* b = x shows c (required); c = 4 hides d. */
	check_bad(f, "{'a':'no','b':'x'}", ERR_INVALID, "answers.c",
	    "surveys.required");
	check_ok(f, "{'a':'no','b':'x','c':4,'d':'bỏ'}");
	assert_json(f, "{'a':'no','b':'x','c':4}");
	/* c = 2 (string) shows d (required). */
	check_bad(f, "{'a':'no','b':'y','c':'2'}", ERR_INVALID, "answers.d",
	    "surveys.required");
	check_ok(f, "{'a':'no','b':'y','c':'2','d':'Xa quá'}");
	assert_json(f, "{'a':'no','b':'y','c':2}");	/* d: a comment */
	/* A hidden question's bad answer is dropped even when it names
	 * the question shown later. */
	check_ok(f, "{'a':true,'d':'x'}");
	assert_json(f, "{'a':'yes'}");

	/* multi condition: any chosen option listed. */
	check_ok(f, "{'a':'yes','e':['x'],'f':'abc'}");
	assert_json(f, "{'a':'yes','e':['x']}");
	check_bad(f, "{'a':'yes','e':['x','y']}", ERR_INVALID, "answers.f",
	    "surveys.required");
	check_ok(f, "{'a':'yes','e':['x','y'],'f':7}");
	assert_json(f, "{'a':'yes','e':['x','y'],'f':7}");
	/* An unanswered condition question hides. */
	check_ok(f, "{'a':'yes','e':[],'f':7}");
	assert_json(f, "{'a':'yes'}");

	surv_def_free(d);
	arena_free(f->a);
}

/* What the store saves checks again to the same answers. */
static void
test_answers_roundtrip(void **state)
{
	struct fixture *f = *state;
	char *first, *second;
	json_t *j;

	check_ok(f, "{'q1':'3','q2':true,'q3':' khac ','q4':['cho'],"
	    "'q5':'7,25','q6':' Ổn\\r\\n ','q7':['b','a']}");
	j = surv_answers_json(f->d, f->ans);
	first = json_dumps(j, JSON_SORT_KEYS);
	assert_int_equal(surv_answers_check(f->d, j, f->a, f->ans, &f->ei),
	    ERR_OK);
	json_decref(j);
	j = surv_answers_json(f->d, f->ans);
	second = json_dumps(j, JSON_SORT_KEYS);
	assert_string_equal(first, second);
	json_decref(j);
	free(first);
	free(second);
}

/* A question with a long text: the message quotes a prefix cut on a
 * character boundary. */
static void
test_answers_long_question_text(void **state)
{
	char doc[4096], text[1001];
	struct fixture fx, *f = &fx;
	size_t i;

	(void)state;
	text[0] = '\0';
	for (i = 0; i < 333; i++)
		strcat(text, "ệ");	/* 999 bytes */
	snprintf(doc, sizeof(doc), ONE("{'id':'q','type':'yesno',"
	    "'required':true,'text':'%s'}"), text);
	memset(f, 0, sizeof(*f));
	f->d = parse_ok(doc);
	f->a = arena_new(1024);
	check_bad(f, "{}", ERR_INVALID, "answers.q", "surveys.required");
	assert_non_null(strstr(f->ei.message, "…"));
	/* The English names the question the same way, cut the same way. */
	assert_non_null(strstr(f->ei.message_en, "answers.q: question “ệ"));
	assert_non_null(strstr(f->ei.message_en, "…”"));
	surv_def_free(f->d);
	arena_free(f->a);
}

/* ---- HTML forms ---- */

static enum err
form(const struct surv_def *d, const char *const *nv, json_t **out,
    struct errinfo *ei)
{
	const char *names[32], *values[32];
	size_t n = 0;

	for (; nv[2 * n] != NULL; n++) {
		names[n] = nv[2 * n];
		values[n] = nv[2 * n + 1];
	}
	memset(ei, 0, sizeof(*ei));
	return surv_answers_from_form(d, names, values, n, out, ei);
}

static void
assert_form(const struct surv_def *d, const char *const *nv,
    const char *want_single_quoted)
{
	struct errinfo ei;
	json_t *j = NULL;
	char *got, *want;

	if (form(d, nv, &j, &ei) != ERR_OK)
		print_error("form: %s %s: %s\n", ei.code, ei.field, ei.message);
	assert_non_null(j);
	got = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	want = q(want_single_quoted);
	assert_string_equal(got, want);
	free(got);
	free(want);
	json_decref(j);
}

static void
test_form(void **state)
{
	struct fixture *f = *state;
	struct surv_def *d2;
	struct errinfo ei;
	json_t *j = (json_t *)1;

	{
		const char *const nv[] = {
			"code", "K7M2-Q9XD", "_csrf", "t",
			"a.q1", "4", "a.q2", "yes", "a.q3", "may",
			"a.q4", "net", "a.q4", "dien", "a.q4", "net",
			"a.q5", "12,5", "a.q6", "Đường xa\r\nquá",
			"a.zz", "x", "b.q1", "5", NULL
		};
		assert_form(f->d, nv, "{'q1':'4','q2':'yes','q3':'may',"
		    "'q4':['net','dien'],'q5':'12,5','q6':'Đường xa\\r\\nquá'}");
		/* ... which the check takes. */
		assert_int_equal(form(f->d, nv, &j, &ei), ERR_OK);
		assert_int_equal(surv_answers_check(f->d, j, f->a, f->ans,
		    &ei), ERR_OK);
		assert_int_equal(f->ans[0].grade, 4);
		assert_true(f->ans[4].number == 12.5);
		assert_string_equal(f->ans[5].text, "Đường xa\nquá");
		json_decref(j);
	}
	{
		/* Checkboxes, mixed with a repeated field; unticked and
		 * empty values skipped; unknown options passed on so the
		 * check refuses them. */
		const char *const nv[] = {
			"a.q4.cho", "on", "a.q4.net", "off", "a.q4", "",
			"a.q4.dien", "1", "a.q4", "cho", "a.q7.a", "0",
			"a.q4.tv", "on", "a.q1", "", "a.q4", "tv", NULL
		};
		assert_form(f->d, nv, "{'q4':['cho','dien','tv']}");
	}
	{
		/* A single answer sent twice is refused. */
		const char *const nv[] = { "a.q3", "may", "a.q3", "gieng",
		    NULL };
		assert_int_equal(form(f->d, nv, &j, &ei), ERR_INVALID);
		assert_null(j);
		check_err(ERR_INVALID, &ei, ERR_INVALID, "answers.q3",
		    "surveys.bad_answer");
	}
	{
		const char *const nv[] = { "a.q6", "\xc3\x28", NULL };
		assert_int_equal(form(f->d, nv, &j, &ei), ERR_MALFORMED);
		check_err(ERR_MALFORMED, &ei, ERR_MALFORMED, "answers.q6",
		    "surveys.bad_utf8");
	}
	{
		/* Nothing at all: an empty object. */
		const char *const nv[] = { NULL };
		assert_form(f->d, nv, "{}");
	}

	/* Ids with dots: "a.x.y" is question "x.y" when there is one,
	 * otherwise option "y" of multi question "x". */
	d2 = parse_ok(HEAD "{'id':'x','type':'multi','text':'t',"
	    "'options':[{'id':'y','text':'Y'},{'id':'y.z','text':'YZ'}]},"
	    "{'id':'x.y','type':'yesno','text':'t'},"
	    "{'id':'m.n','type':'multi','text':'t',"
	    "'options':[{'id':'o','text':'O'},{'id':'p','text':'P'}]}" TAIL);
	{
		const char *const nv[] = {
			"a.x.y", "no", "a.x.y.z", "on", "a.m.n.p", "on",
			"a.m.n.q", "on", NULL
		};
		assert_form(d2, nv, "{'m.n':['p'],'x':['y.z'],'x.y':'no'}");
	}
	surv_def_free(d2);
}

/* ---- statistics ---- */

#define EPS 1e-9

static void
assert_ci(struct surv_ci ci, double p, double lo, double hi, double eps)
{
	if (fabs(ci.p - p) > eps || fabs(ci.lo - lo) > eps ||
	    fabs(ci.hi - hi) > eps)
		print_error("ci: got p %.12f [%.12f, %.12f], want p %.12f "
		    "[%.12f, %.12f]\n", ci.p, ci.lo, ci.hi, p, lo, hi);
	assert_true(fabs(ci.p - p) <= eps);
	assert_true(fabs(ci.lo - lo) <= eps);
	assert_true(fabs(ci.hi - hi) <= eps);
	assert_true(ci.lo <= ci.p && ci.p <= ci.hi);
	assert_true(ci.lo >= 0 && ci.hi <= 1);
}

static void
test_ci(void **state)
{
	struct surv_ci a, b;

	(void)state;
	/*
	 * k = 90, n = 100, N unknown.  z = 1.959963984540054,
	 * z^2 = 3.841458820694125.  p = 0.9, m = n = 100.
	 *   z^2/m = 0.038414588; denominator 1.038414588
	 *   centre = (0.9 + 0.019207294) / 1.038414588 = 0.885202
	 *   p(1-p)/m = 0.0009; z^2/(4m^2) = 0.0000960365
	 *   h = 1.959964 * sqrt(0.0009960365) / 1.038414588
	 *     = 1.959964 * 0.0315600 / 1.038414588 = 0.0595683
	 *   [0.825634, 0.944771]: the 0.8256-0.9448 of the literature.
	 * Reference (Python, same formula): 0.8256343384950865,
	 * 0.9447708629393249.
	 */
	assert_ci(surv_proportion_ci(90, 100, 0), 0.9, 0.8256343384950865,
	    0.9447708629393249, 1e-12);
	assert_ci(surv_proportion_ci(90, 100, 0), 0.9, 0.8256, 0.9448, 1e-4);

	/*
	 * k = 45, n = 50 of N = 100 households: the finite-population
	 * correction gives m = n (N-1)/(N-n) = 50 * 99 / 50 = 99.
	 *   z^2/m = 0.038802614; denominator 1.038802614
	 *   centre = (0.9 + 0.019401307) / 1.038802614 = 0.885059
	 *   p(1-p)/m = 0.09/99 = 0.000909091; z^2/(4m^2) = 0.0000979865
	 *   h = 1.959964 * sqrt(0.001007077) / 1.038802614
	 *     = 1.959964 * 0.0317345 / 1.038802614 = 0.0598751
	 *   [0.825184, 0.944934].  Without the correction (m = 50) the
	 *   interval is [0.786398, 0.956524]: surveying half the commune
	 *   makes it much narrower.
	 */
	assert_ci(surv_proportion_ci(45, 50, 100), 0.9, 0.8251835861259107,
	    0.9449338442198274, 1e-12);
	assert_ci(surv_proportion_ci(45, 50, 0), 0.9, 0.7863976856252035,
	    0.9565242350681096, 1e-12);

	/*
	 * k = n = 50 (everyone satisfied), N unknown: p = 1, and Wilson's
	 * lower end is n / (n + z^2) = 50 / 53.841458821 = 0.928652;
	 * the upper end is 1.
	 */
	assert_ci(surv_proportion_ci(50, 50, 0), 1, 50 / (50 + 3.8414588206941254),
	    1, 1e-12);
	/*
	 * k = 0 of 50: p = 0, lower end 0, upper end z^2 / (n + z^2) =
	 * 3.841459 / 53.841459 = 0.071348.
	 */
	assert_ci(surv_proportion_ci(0, 50, 0), 0, 0,
	    3.8414588206941254 / (50 + 3.8414588206941254), 1e-12);

	/* Everyone in scope answered: no sampling error, zero width. */
	assert_ci(surv_proportion_ci(180, 200, 200), 0.9, 0.9, 0.9, 0);
	/* More answers than households (a wrong household count): the same,
	 * rather than a negative variance. */
	assert_ci(surv_proportion_ci(9, 10, 5), 0.9, 0.9, 0.9, 0);
	assert_ci(surv_proportion_ci(1, 1, 1), 1, 1, 1, 0);
	/* Nothing answered: we know nothing. */
	assert_ci(surv_proportion_ci(0, 0, 100), 0, 0, 1, 0);
	assert_ci(surv_proportion_ci(0, 0, 0), 0, 0, 1, 0);
	/* N = 1 with n = 0 is the case above; N = 1 never divides by 0. */
	assert_ci(surv_proportion_ci(0, 0, 1), 0, 0, 1, 0);

	/*
	 * 180 of 200 answered out of 250 households: m = 200 * 249 / 50 =
	 * 996; [0.879804, 0.917122] (Python reference).
	 */
	assert_ci(surv_proportion_ci(180, 200, 250), 0.9, 0.8798044495804943,
	    0.9171218960621638, 1e-12);
	/* 95 of 100 out of 120: m = 100 * 119 / 20 = 595. */
	assert_ci(surv_proportion_ci(95, 100, 120), 0.95, 0.9294204889586254,
	    0.9648061750645481, 1e-12);

	/* The correction only ever narrows, and less as N grows. */
	a = surv_proportion_ci(90, 100, 1000);
	b = surv_proportion_ci(90, 100, 0);
	assert_true(a.hi - a.lo < b.hi - b.lo);
	b = surv_proportion_ci(90, 100, 100000);
	assert_true(a.hi - a.lo < b.hi - b.lo);
	assert_true(fabs((b.hi - b.lo) - (0.9447708629393249 -
	    0.8256343384950865)) < 1e-3);

	/* Out-of-range inputs stay within 0..1. */
	assert_ci(surv_proportion_ci(120, 100, 0), 1, 100 / (100 +
	    3.8414588206941254), 1, 1e-12);
	assert_ci(surv_proportion_ci(-5, 100, 0), 0, 0, 3.8414588206941254 /
	    (100 + 3.8414588206941254), 1e-12);
	assert_ci(surv_proportion_ci(5, -1, 0), 0, 0, 1, 0);
	(void)EPS;
}

/* ---- a question from the designer's form (surv_def_add_question) ---- */

/* doc (single-quoted) with the question of in; the new question, checked
 * by the parser as the store will (*out: the document, caller's). */
static json_t *
added(const char *doc_single_quoted, const struct surv_question_in *in,
    json_t **out)
{
	struct surv_def *d;
	struct errinfo ei;
	char *t = q(doc_single_quoted);
	json_t *doc = json_loads(t, 0, NULL);

	memset(&ei, 0, sizeof(ei));
	assert_non_null(doc);
	if (surv_def_add_question(doc, in, out, &ei) != ERR_OK)
		print_error("add: %s %s: %s\n", ei.code, ei.field, ei.message);
	assert_non_null(*out);
	assert_int_equal(surv_def_from_json(*out, &d, &ei), ERR_OK);
	surv_def_free(d);
	json_decref(doc);
	free(t);
	return json_array_get(json_object_get(*out, "questions"),
	    json_array_size(json_object_get(*out, "questions")) - 1);
}

static void
assert_question(json_t *qn, const char *want_single_quoted)
{
	char *got = json_dumps(qn, JSON_COMPACT | JSON_SORT_KEYS);
	char *want = q(want_single_quoted);

	assert_string_equal(got, want);
	free(got);
	free(want);
}

static void
add_bad(const struct surv_question_in *in, const char *field,
    const char *code)
{
	struct errinfo ei;
	json_t *doc = json_loads("{}", 0, NULL), *out = (json_t *)1;

	memset(&ei, 0, sizeof(ei));
	/* The form shows the message beside its field: no path before it. */
	assert_int_equal(surv_def_add_question(doc, in, &out, &ei),
	    ERR_INVALID);
	assert_string_equal(ei.field, field);
	assert_string_equal(ei.code, code);
	assert_true(text_utf8_valid(ei.message_en, strlen(ei.message_en)));
	assert_string_not_equal(ei.message, ei.message_en);
	assert_null(out);
	json_decref(doc);
}

static void
test_add_question(void **state)
{
	static const char *doc = ONE("{'id':'q1','type':'yesno','text':'Có nước?'}"
	    ",{'id':'q3','type':'single','text':'Chợ','options':["
	    "{'id':'a','text':'Tốt'},{'id':'b','text':'Kém'}]}");
	struct surv_question_in in;
	json_t *out, *qn;

	(void)state;
	/* Options one a line (blank lines and blanks dropped), satisfied by
	 * text and by number, a condition on a yes/no question written in
	 * Vietnamese: the id is the first q<k> free (q3 is taken). */
	memset(&in, 0, sizeof(in));
	in.type = "single";
	in.text = "Chất lượng chợ";
	in.required = true;
	in.options = " Tốt\n\nBình thường \r\nKém\n";
	in.satisfied = "Tốt\n2";
	in.show_question = "q1";
	in.show_value = "Có";
	qn = added(doc, &in, &out);
	assert_question(qn, "{'id':'q4','options':[{'id':'o1','text':'Tốt'},"
	    "{'id':'o2','text':'Bình thường'},{'id':'o3','text':'Kém'}],"
	    "'required':true,'satisfied':['o1','o2'],'show_if':{'equals':"
	    "'yes','question':'q1'},'text':'Chất lượng chợ','type':'single'}");
	json_decref(out);
	/* A condition on a single-choice question: the option's text
	 * becomes its id; a scale's lowest satisfied grade; a text's limit. */
	memset(&in, 0, sizeof(in));
	in.type = "scale5";
	in.text = "Hài lòng?";
	in.has_satisfied_from = true;
	in.satisfied_from = 4;
	in.show_question = "q3";
	in.show_value = "Kém";
	qn = added(doc, &in, &out);
	assert_question(qn, "{'id':'q4','required':false,'satisfied_from':4,"
	    "'show_if':{'equals':'b','question':'q3'},'text':'Hài lòng?',"
	    "'type':'scale5'}");
	json_decref(out);
	memset(&in, 0, sizeof(in));
	in.type = "text";
	in.text = "Ý kiến";
	in.help = "Không bắt buộc";
	in.has_max_length = true;
	in.max_length = 500;
	qn = added(doc, &in, &out);
	assert_question(qn, "{'help':'Không bắt buộc','id':'q4','max_length':"
	    "500,'required':false,'text':'Ý kiến','type':'text'}");
	json_decref(out);
	memset(&in, 0, sizeof(in));
	in.type = "yesno";
	in.text = "Có điện?";
	in.satisfied_yesno = "khong";
	qn = added(doc, &in, &out);
	assert_question(qn, "{'id':'q4','required':false,'satisfied':'no',"
	    "'text':'Có điện?','type':'yesno'}");
	json_decref(out);
	/* Not a questionnaire at all: one is started. */
	memset(&in, 0, sizeof(in));
	in.type = "number";
	in.text = "Số người";
	in.has_min = in.has_max = true;
	in.min = 1;
	in.max = 30;
	qn = added("[]", &in, &out);
	assert_question(qn, "{'id':'q1','max':30.0,'min':1.0,'required':false,"
	    "'text':'Số người','type':'number'}");
	json_decref(out);
}

static void
test_add_question_bad(void **state)
{
	struct surv_question_in in;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.text = "Câu";
	in.type = "bogus";
	add_bad(&in, "type", "surveys.bad_type");
	in.type = "multi";
	in.options = "Chỉ một";
	add_bad(&in, "options", "surveys.bad_options");
	in.options = NULL;
	add_bad(&in, "options", "surveys.bad_options");
	in.options = "A\nB";
	in.satisfied = "C";
	add_bad(&in, "satisfied", "surveys.unknown_option");
	in.satisfied = "3";	/* a number past the options */
	add_bad(&in, "satisfied", "surveys.unknown_option");
	in.satisfied = NULL;
	in.show_question = "q9";
	in.show_value = "x";
	add_bad(&in, "show_question", "surveys.bad_reference");
	in.show_value = NULL;
	add_bad(&in, "show_value", "request.missing");
	memset(&in, 0, sizeof(in));
	in.text = "Câu";
	in.type = "yesno";
	in.satisfied_yesno = "có lẽ";
	add_bad(&in, "satisfied_yesno", "surveys.bad_value");
	in.type = "scale5";
	in.has_satisfied_from = true;
	in.satisfied_from = 6;
	add_bad(&in, "satisfied_from", "surveys.bad_value");
	in.satisfied_from = 3.5;
	add_bad(&in, "satisfied_from", "surveys.bad_value");
	in.type = "text";
	in.has_max_length = true;
	in.max_length = SURV_ANSWER_TEXT_LIMIT + 1;
	add_bad(&in, "max_length", "surveys.bad_value");
	in.max_length = 0;
	add_bad(&in, "max_length", "surveys.bad_value");
}

/* The disclosure rule: no group under SURV_GROUP_MIN responses, and none
 * recoverable as the whole minus the groups shown. */
static void
test_group_villages(void **state)
{
	int g[6];

	(void)state;
	{	/* big villages alone, small ones pooled (2 + 3 = 5) */
		int64_t r[] = { 12, 2, 7, 3 };

		assert_true(surv_group_villages(r, 4, g));
		assert_int_equal(g[0], 0);
		assert_int_equal(g[1], SURV_GROUP_POOLED);
		assert_int_equal(g[2], 2);
		assert_int_equal(g[3], SURV_GROUP_POOLED);
	}
	{	/* a pool of 1 takes the smallest village shown (6) */
		int64_t r[] = { 9, 1, 6, 0 };

		assert_true(surv_group_villages(r, 4, g));
		assert_int_equal(g[0], 0);
		assert_int_equal(g[1], SURV_GROUP_POOLED);
		assert_int_equal(g[2], SURV_GROUP_POOLED);
		assert_int_equal(g[3], SURV_GROUP_POOLED);
	}
	{	/* every village big enough: no pool */
		int64_t r[] = { 5, 5 };

		assert_true(surv_group_villages(r, 2, g));
		assert_int_equal(g[0], 0);
		assert_int_equal(g[1], 1);
	}
	{	/* too few in all: nothing may be shown */
		int64_t r[] = { 2, 2 };

		assert_false(surv_group_villages(r, 2, g));
		assert_int_equal(g[0], SURV_GROUP_POOLED);
		assert_int_equal(g[1], SURV_GROUP_POOLED);
	}
	{	/* only zeros pooled: the pool is empty, nothing to take */
		int64_t r[] = { 8, 0 };

		assert_true(surv_group_villages(r, 2, g));
		assert_int_equal(g[0], 0);
		assert_int_equal(g[1], SURV_GROUP_POOLED);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_fields),
		cmocka_unit_test(test_parse_defaults),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_top),
		cmocka_unit_test(test_parse_limits),
		cmocka_unit_test(test_parse_question_count),
		cmocka_unit_test(test_parse_question_fields),
		cmocka_unit_test(test_parse_ids),
		cmocka_unit_test(test_parse_options),
		cmocka_unit_test(test_parse_satisfied),
		cmocka_unit_test(test_parse_number_text),
		cmocka_unit_test(test_parse_show_if),
		cmocka_unit_test(test_parse_nfc),
		cmocka_unit_test(test_parse_long_key),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_template),
		cmocka_unit_test_setup_teardown(test_answers_types, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_answers_empty_unknown,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_answers_bad, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_answers_text, setup,
		    teardown),
		cmocka_unit_test(test_answers_show_if),
		cmocka_unit_test_setup_teardown(test_answers_roundtrip, setup,
		    teardown),
		cmocka_unit_test(test_answers_long_question_text),
		cmocka_unit_test_setup_teardown(test_form, setup, teardown),
		cmocka_unit_test(test_ci),
		cmocka_unit_test(test_add_question),
		cmocka_unit_test(test_add_question_bad),
		cmocka_unit_test(test_group_villages),
	};

	return cmocka_run_group_tests_name("surveys", tests, NULL, NULL);
}
