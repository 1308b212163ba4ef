/*
 * fuzz_rep_xlsx.c - libFuzzer target for the reading of uploaded report
 * templates (domain/reporting/rep_xlsx.c): any bytes as a workbook read
 * against a small built-in form.
 *
 * Besides memory safety it checks the reader's promises: on success there
 * is at least one report, each with a unit ref, a level the form has, a
 * period of the form, values that the engine reads again without a
 * fault; on a refusal the result is empty, there is at least one problem,
 * every problem names the field "file" and has both messages (valid
 * UTF-8, whatever the file quotes into them), and the
 * first is the one in ei.  The corpus (fuzz/corpus/rep_xlsx/) starts from
 * templates written by rep_xlsx_write for this form, filled and empty,
 * deflated and stored (so that mutations reach the XML).
 */
#include <stdint.h>
#include <string.h>

#include "core/text.h"
#include "domain/reporting/rep_xlsx.h"

static const char form_text[] =
    "{\"format\":\"ntm-form/1\",\"id\":\"fuzz-form\",\"version\":1,"
    "\"title\":\"T\",\"legal_basis\":[{\"document\":\"D\"}],"
    "\"period_type\":\"month\",\"levels\":[\"commune\",\"province\"],"
    "\"structure\":\"2025\",\"years\":{\"from\":2026,\"to\":2030},"
    "\"due_days\":5,\"breakdowns\":[{\"id\":\"src\",\"name\":\"N\","
    "\"categories\":[{\"id\":\"a\",\"name\":\"A\"},{\"id\":\"b\","
    "\"name\":\"B\"}]}],\"elements\":["
    "{\"id\":\"c\",\"group\":\"G1\",\"name\":\"C\",\"kind\":\"number\","
    "\"aggregate\":\"sum\",\"auto\":{\"source\":\"criteria.criteria_met\","
    "\"set\":\"s\"},\"levels\":[\"commune\"]},"
    "{\"id\":\"m\",\"group\":\"G2\",\"name\":\"M\",\"kind\":\"money\","
    "\"breakdown\":\"src\",\"aggregate\":\"sum\"},"
    "{\"id\":\"d\",\"group\":\"G2\",\"name\":\"D\",\"kind\":\"money\","
    "\"breakdown\":\"src\",\"aggregate\":\"sum\"},"
    "{\"id\":\"r\",\"group\":\"G2\",\"name\":\"R\",\"kind\":\"percent\","
    "\"formula\":\"100 * [d] / [m]\"},"
    "{\"id\":\"n\",\"name\":\"N\",\"kind\":\"number\",\"integer\":true,"
    "\"aggregate\":\"sum\"},"
    "{\"id\":\"y\",\"name\":\"Y\",\"kind\":\"yes_no\",\"aggregate\":\"sum\","
    "\"levels\":[\"commune\"]},"
    "{\"id\":\"q\",\"name\":\"Q\",\"kind\":\"number\",\"formula\":"
    "\"[y] + [n]\"},"
    "{\"id\":\"t\",\"group\":\"G1\",\"name\":\"T\",\"kind\":\"text\","
    "\"max_length\":20}],"
    "\"rules\":[{\"id\":\"r1\",\"check\":\"[d] <= [m]\",\"message\":\"v\","
    "\"message_en\":\"e\",\"blocking\":true}]}";

static struct rep_form *form;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rep_xlsx_result res;
	struct rep_problems pr;
	struct errinfo ei = { 0 };
	struct arena *a;
	enum err e;

	if (form == NULL && rep_form_parse(form_text, sizeof(form_text) - 1,
	    &form, NULL, &ei) != ERR_OK)
		__builtin_trap();
	a = arena_new(65536);
	rep_problems_init(&pr, a, 64);
	e = rep_xlsx_read(form, data, size, a, &res, &pr, &ei);
	if (e != ERR_OK) {
		if (res.n != 0 || res.reports != NULL || pr.n == 0 ||
		    strcmp(ei.field, "file") != 0 || !ei.message[0] ||
		    !ei.message_en[0] || strcmp(pr.items[0].code, ei.code) != 0)
			__builtin_trap();
		for (size_t i = 0; i < pr.n; i++)
			if (strcmp(pr.items[i].field, "file") != 0 ||
			    !pr.items[i].message[0] || !pr.items[i].message_en[0] ||
			    !text_utf8_valid(pr.items[i].message,
			    strlen(pr.items[i].message)) ||
			    !text_utf8_valid(pr.items[i].message_en,
			    strlen(pr.items[i].message_en)))
				__builtin_trap();
		arena_free(a);
		return 0;
	}
	if (res.n == 0 || pr.n != 0)
		__builtin_trap();
	for (size_t i = 0; i < res.n; i++) {
		const struct rep_xlsx_report *r = &res.reports[i];
		struct rep_value *v = rep_values_new(form, a);

		if (r->unit_ref == NULL || !rep_form_filled_by(form, r->level) ||
		    rep_form_period_check(form, &r->period, "p", &ei) != ERR_OK ||
		    rep_values_from_json(form, r->level, r->values, a, v, NULL,
		    &ei) != ERR_OK)
			__builtin_trap();
	}
	rep_xlsx_result_free(&res);
	arena_free(a);
	return 0;
}
