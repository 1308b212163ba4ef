/*
 * fuzz_reporting.c - libFuzzer target for the report form parser and the
 * values validator (docs/REPORTING.md): the documents coordinators import
 * and the values officers send.
 *
 * The input is parsed as a form (rep_form_parse).  Besides memory safety
 * it checks the parser's promises: a refused form leaves no form and
 * reports at least one problem, each with a "reporting.*" code and a
 * message in both languages, valid UTF-8, starting with the JSON path it
 * names (the first one also in ei); a parsed form's kept document parses
 * again to the same form, and every slot is found again by its name.
 * When the input is a JSON object but not a form, it is read as the
 * values of a small built-in form instead, computed, validated and
 * aggregated: every problem has a "reporting.*" code and a message in
 * both languages that does not quote its field.  The first bytes are
 * also read as a period, which must print back as read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/reporting/reporting.h"

static const char small_form[] =
    "{\"format\":\"ntm-form/1\",\"id\":\"f\",\"version\":1,\"title\":\"T\","
    "\"legal_basis\":[{\"document\":\"D\"}],\"period_type\":\"month\","
    "\"levels\":[\"commune\"],\"structure\":\"2025\",\"years\":{\"from\":"
    "2026,\"to\":2030},\"due_days\":5,\"breakdowns\":[{\"id\":\"src\","
    "\"name\":\"N\",\"categories\":[{\"id\":\"a\",\"name\":\"A\"},{\"id\":"
    "\"b\",\"name\":\"B\"}]}],\"elements\":["
    "{\"id\":\"m\",\"name\":\"M\",\"kind\":\"money\",\"breakdown\":\"src\","
    "\"aggregate\":\"sum\"},"
    "{\"id\":\"d\",\"name\":\"D\",\"kind\":\"money\",\"breakdown\":\"src\","
    "\"aggregate\":\"sum\",\"over_time\":\"sum\"},"
    "{\"id\":\"r\",\"name\":\"R\",\"kind\":\"percent\",\"formula\":"
    "\"100 * [d] / [m]\"},"
    "{\"id\":\"p\",\"name\":\"P\",\"kind\":\"percent\",\"aggregate\":"
    "\"average\",\"weight\":\"m\"},"
    "{\"id\":\"n\",\"name\":\"N\",\"kind\":\"number\",\"integer\":true,"
    "\"aggregate\":\"sum\",\"required\":true},"
    "{\"id\":\"y\",\"name\":\"Y\",\"kind\":\"yes_no\",\"aggregate\":\"sum\"},"
    "{\"id\":\"t\",\"name\":\"T\",\"kind\":\"text\",\"max_length\":20}],"
    "\"rules\":[{\"id\":\"r1\",\"check\":\"[d] <= [m]\",\"message\":\"v\","
    "\"message_en\":\"e\",\"blocking\":true},{\"id\":\"r2\",\"check\":"
    "\"[d.a] != 3 * [n]\",\"message\":\"v2\",\"message_en\":\"e2\","
    "\"blocking\":false}]}";

static void
check_text(const char *s)
{
	if (s == NULL || !text_utf8_valid(s, strlen(s)))
		abort();
}

static void
check_problem(const struct errinfo *e, bool path_first)
{
	if (strncmp(e->code, "reporting.", 10) != 0 || e->message[0] == '\0' ||
	    e->message_en[0] == '\0')
		abort();
	check_text(e->message);
	check_text(e->message_en);
	check_text(e->field);
	if (path_first && e->field[0] != '\0' &&
	    (strncmp(e->message, e->field, strlen(e->field)) != 0 ||
	    strncmp(e->message_en, e->field, strlen(e->field)) != 0))
		abort();
}

static void
check_form(const struct rep_form *f)
{
	char name[2 * REP_ID_MAX + 2], *text;
	struct rep_form *g = NULL;
	struct errinfo ei;
	size_t i;

	for (i = 0; i < f->n_slots; i++)
		if (rep_slot(f, rep_slot_name(f, i, name, sizeof(name))) !=
		    (long)i)
			abort();
	if ((text = json_dumps(f->doc, JSON_COMPACT)) == NULL)
		abort();
	if (rep_form_parse(text, strlen(text), &g, NULL, &ei) != ERR_OK ||
	    strcmp(g->id, f->id) != 0 || g->n_slots != f->n_slots ||
	    g->n_rules != f->n_rules || g->version != f->version)
		abort();
	free(text);
	rep_form_free(g);
}

/* The input as the values of the built-in form. */
static void
check_values(json_t *obj, struct arena *a)
{
	static struct rep_form *f;
	struct rep_problems pr, warn;
	struct rep_value *v, *out;
	struct rep_acc *acc;
	struct errinfo ei;
	const struct rep_value *periods[2];
	size_t i;

	if (f == NULL && rep_form_parse(small_form, sizeof(small_form) - 1,
	    &f, NULL, &ei) != ERR_OK)
		abort();
	rep_problems_init(&pr, a, 50);
	rep_problems_init(&warn, a, 50);
	v = rep_values_new(f, a);
	rep_values_from_json(f, "commune", obj, a, v, &pr, &ei);
	rep_values_compute(f, v);
	rep_validate(f, "commune", v, true, a, NULL, &pr, &warn, &ei);
	for (i = 0; i < pr.n; i++)
		check_problem(&pr.items[i], false);
	for (i = 0; i < warn.n; i++)
		check_problem(&warn.items[i], false);
	json_decref(rep_values_json(f, v));
	acc = rep_acc_new(f, a);
	rep_acc_add(f, acc, v, 0.5);
	rep_acc_add(f, acc, v, 0.5);
	out = rep_values_new(f, a);
	rep_acc_values(f, acc, out);
	json_decref(rep_values_json(f, out));
	periods[0] = v;
	periods[1] = NULL;
	rep_over_time(f, periods, 2, out);
}

static void
check_period(const uint8_t *data, size_t size)
{
	char text[REP_PERIOD_TEXT + 4], back[REP_PERIOD_TEXT];
	struct rep_period p;
	struct errinfo ei;
	size_t n = size < sizeof(text) - 1 ? size : sizeof(text) - 1;

	memcpy(text, data, n);
	text[n] = '\0';
	if (rep_period_parse(text, "period", &p, &ei) == ERR_OK &&
	    strcmp(rep_period_format(&p, back), text) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(4096);
	struct rep_problems pr;
	struct rep_form *f = NULL;
	struct errinfo ei;
	json_error_t jerr;
	json_t *obj;
	enum err e;
	size_t i;

	check_period(data, size);
	rep_problems_init(&pr, a, 100);
	err_clear(&ei);
	e = rep_form_parse((const char *)data, size, &f, &pr, &ei);
	if (e == ERR_OK) {
		if (pr.n != 0)
			abort();
		check_form(f);
		rep_form_free(f);
		arena_free(a);
		return 0;
	}
	if (f != NULL || pr.n == 0 || (e != ERR_INVALID && e != ERR_MALFORMED))
		abort();
	if (strcmp(ei.code, pr.items[0].code) != 0 ||
	    strcmp(ei.field, pr.items[0].field) != 0)
		abort();
	for (i = 0; i < pr.n; i++)
		check_problem(&pr.items[i], true);
	obj = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
	    &jerr);
	if (json_is_object(obj) && json_object_get(obj, "format") == NULL)
		check_values(obj, a);
	json_decref(obj);
	arena_free(a);
	return 0;
}
