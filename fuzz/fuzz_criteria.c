/*
 * fuzz_criteria.c - libFuzzer target for the criteria engine: the input is
 * parsed as a criteria document (crit_set_parse) and, when it is one,
 * evaluated with no values, with every slot filled and with every
 * override set, and rendered; the same bytes are also read as an annex
 * table (crit_doc_from_csv) and as a typed value of each slot
 * (crit_value_from_text).
 *
 * Besides memory safety it checks the engine's promises: a refused
 * document leaves no set, is ERR_INVALID or ERR_MALFORMED with a
 * "criteria.*" code and a message that starts with its path (in both
 * languages when it is ERR_INVALID); a parsed
 * set's own document parses again; evaluation within the set's years
 * succeeds, its counts add up and the status follows them; a table that
 * converts gives a document that parses, and a table that does not names
 * its line ("dòng N", and "line N" in English).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "domain/criteria/criteria.h"

static void
check_refusal(enum err e, const struct errinfo *ei)
{
	if (e != ERR_INVALID && e != ERR_MALFORMED)
		abort();
	if (strncmp(ei->code, "criteria.", 9) != 0 || ei->message[0] == '\0')
		abort();
	if (ei->field[0] != '\0' &&
	    strncmp(ei->message, ei->field, strlen(ei->field)) != 0)
		abort();
	/* The engine's own refusals are in English too, at the same path. */
	if (e == ERR_INVALID && (ei->message_en[0] == '\0' ||
	    strncmp(ei->message_en, ei->field, strlen(ei->field)) != 0))
		abort();
}

static void
evaluate(const struct crit_set *s, const char *variant, int year,
    const struct crit_value *vals, const struct crit_override *ovs)
{
	struct arena *a = arena_new(4096);
	struct crit_eval_input in;
	struct crit_result r;
	struct errinfo ei;
	json_t *j;
	char *text;
	int sum = 0;
	size_t i;

	memset(&in, 0, sizeof(in));
	in.variant = variant;
	in.year = year;
	in.values = vals;
	in.overrides = ovs;
	in.recognised = true;
	if (crit_evaluate(s, &in, a, &r, &ei) != ERR_OK)
		abort();
	if (r.criteria_met + r.criteria_failed + r.criteria_unknown !=
	    r.criteria_total || r.criteria_total != (int)s->n_criteria)
		abort();
	if (s->at_least == 0 &&
	    ((r.status == CRIT_MET) != (r.criteria_met == r.criteria_total)))
		abort();
	for (i = 0; i < s->n_criteria; i++) {
		const struct crit_criterion_result *c = &r.criteria[i];

		if (c->n_met + c->n_failed + c->n_unknown !=
		    (int)s->criteria[i].n)
			abort();
		sum += c->met > 0;
	}
	if (sum != r.criteria_met)
		abort();
	for (i = 0; i < s->n_indicators; i++) {
		const struct crit_ind_result *ir = &r.indicators[i];

		if (ir->met < -1 || ir->met > 1 || ir->gap < 0 ||
		    (ir->met == 1) != (ir->reason == CRIT_R_MET))
			abort();
	}
	if (r.revocation_flag && !r.revocation_rule)
		abort();
	/* A scored set's score stays within its weights and reaches a level
	 * (levels[0].min is 0). */
	if (s->scored) {
		struct crit_score sc;

		if (crit_score(s, &r, a, &sc, &ei) != ERR_OK ||
		    !(sc.score >= 0) || sc.score > sc.weight_total + 1e-6 ||
		    sc.unscored < 0 || sc.level < 0 ||
		    (size_t)sc.level >= s->n_levels || sc.to_next < 0)
			abort();
	}
	j = crit_result_json(s, &in, &r, year % 2 ? "en" : "vi");
	if ((text = json_dumps(j, 0)) == NULL)
		abort();
	free(text);
	json_decref(j);
	arena_free(a);
}

static void
fuzz_set(const uint8_t *data, size_t size)
{
	struct crit_set *s = NULL, *s2 = NULL;
	struct crit_value *vals, *full;
	struct crit_override *ovs;
	struct errinfo ei;
	struct arena *a;
	char cell[65];
	enum err e;
	size_t i, n;

	if ((e = crit_set_parse((const char *)data, size, &s, &ei)) != ERR_OK) {
		if (s != NULL)
			abort();
		check_refusal(e, &ei);
		return;
	}
	if (crit_set_from_json(s->doc, &s2, &ei) != ERR_OK)
		abort();
	crit_set_free(s2);

	n = crit_slots(s);
	vals = calloc(n + 1, sizeof(*vals));
	full = calloc(n + 1, sizeof(*full));
	ovs = calloc(s->n_indicators + 1, sizeof(*ovs));
	if (vals == NULL || full == NULL || ovs == NULL)
		abort();
	for (i = 0; i < n; i++) {
		full[i].present = true;
		full[i].num = (double)(i % 101);
		full[i].boolean = i % 2;
		if (i < s->n_indicators && s->indicators[i].n_values > 0)
			full[i].text = s->indicators[i].values[i %
			    s->indicators[i].n_values];
	}
	for (i = 0; i < s->n_indicators; i++) {
		ovs[i].present = i % 3 == 0;
		ovs[i].value = (double)i;
	}
	evaluate(s, NULL, s->year_from, vals, NULL);
	evaluate(s, "2", s->year_to, full, NULL);
	evaluate(s, "DBSH", s->year_to, full, ovs);
	evaluate(s, "1", s->year_from, NULL, ovs);

	/* The first bytes as a typed value for a few slots. */
	n = size < sizeof(cell) - 1 ? size : sizeof(cell) - 1;
	memcpy(cell, data, n);
	cell[n] = '\0';
	a = arena_new(1024);
	for (i = 0; i < crit_slots(s) && i < 8; i++) {
		struct crit_value v;
		json_t *j;

		if (crit_value_from_text(s, i, cell, a, &v, &ei) == ERR_OK) {
			j = crit_value_json(s, i, &v);
			json_decref(j);
		} else if (strncmp(ei.field, "values.", 7) != 0)
			abort();
	}
	arena_free(a);
	free(vals);
	free(full);
	free(ovs);
	crit_set_free(s);
}

static void
fuzz_csv(const uint8_t *data, size_t size)
{
	static json_t *meta;
	struct crit_set *s = NULL;
	struct errinfo ei;
	json_t *doc = NULL;

	if (meta == NULL)
		meta = json_pack("{s:s, s:i, s:s, s:s, s:{s:s, s:s}, "
		    "s:{s:i, s:i}, s:s}", "id", "fuzz", "version", 1, "name",
		    "Fuzz", "kind", "custom", "applies_to", "structure", "2025",
		    "level", "commune", "years", "from", 2026, "to", 2030,
		    "variant_by", "commune_group");
	if (crit_doc_from_csv((const char *)data, size, meta, &doc, &ei) ==
	    ERR_OK) {
		if (crit_set_from_json(doc, &s, &ei) != ERR_OK)
			abort();
		crit_set_free(s);
		json_decref(doc);
	} else {
		if (doc != NULL)
			abort();
		if (strncmp(ei.field, "line ", 5) != 0 &&
		    ei.err != ERR_MALFORMED)
			abort();
		if (strncmp(ei.field, "line ", 5) == 0 &&
		    strncmp(ei.message, "dòng ", 6) != 0)
			abort();
		if (strncmp(ei.field, "line ", 5) == 0 &&
		    strncmp(ei.code, "criteria.", 9) == 0 &&
		    strncmp(ei.message_en, "line ", 5) != 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_set(data, size);
	fuzz_csv(data, size);
	return 0;
}
