/*
 * fuzz_ocop_scorecard.c - libFuzzer target for the OCOP scorecard parser
 * and the preview's score sheets (docs/OCOP.md section 3): the documents
 * coordinators put and the scores evaluators send.
 *
 * The input is parsed as a scorecard (ocop_scorecard_parse).  Besides
 * memory safety it checks the parser's promises: a refused document
 * leaves no scorecard and reports at least one problem, each with an
 * "ocop_scorecard.*" code and a message in both languages, valid UTF-8,
 * starting with the JSON path it names (the first one also in ei); a
 * parsed scorecard's kept document parses again to the same scorecard,
 * and every score 0..100 gets a star.  When the input is a JSON object
 * that is not a scorecard it is read as a preview's body on a small
 * built-in scorecard with sub-criteria: every problem has an
 * "ocop_scorecard.*" code and a message in both languages; an accepted
 * preview has a mean within 0..100 and its stars.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/text.h"
#include "domain/ocop/ocop_scorecard.h"

static const char small_card[] =
    "{\"format\":\"ntm-scorecard/1\",\"id\":\"s\",\"version\":1,\"title\":"
    "\"T\",\"source\":{\"decision\":\"D\",\"date\":\"2023-02-24\","
    "\"sources\":[\"u\"]},\"parts\":[{\"code\":\"A\",\"name\":\"PA\","
    "\"max\":40,\"status\":\"verified\",\"sections\":[{\"name\":\"S\","
    "\"max\":null}]},{\"code\":\"B\",\"name\":\"PB\",\"max\":25,\"status\":"
    "\"verified\"},{\"code\":\"C\",\"name\":\"PC\",\"max\":35,\"status\":"
    "\"verified\"}],\"groups\":[{\"code\":1,\"name\":\"G\",\"status\":"
    "\"verified\",\"items\":[{\"no\":\"A.1\",\"name\":\"i\",\"part\":\"A\","
    "\"section\":1,\"max\":40},{\"no\":\"B.1\",\"name\":\"j\",\"part\":\"B\","
    "\"max\":25},{\"no\":\"C.1\",\"name\":\"k\",\"part\":\"C\",\"max\":35}]},"
    "{\"code\":2,\"name\":\"H\",\"status\":\"verified\"}],\"bands\":{"
    "\"status\":\"carried_over\",\"note\":\"n\",\"edges\":[{\"stars\":5,"
    "\"min\":90},{\"stars\":4,\"min\":70},{\"stars\":3,\"min\":50},"
    "{\"stars\":2,\"min\":30},{\"stars\":1,\"min\":0}]},\"spread\":{\"max\":"
    "15,\"status\":\"local\"},\"rounding\":{\"mean_decimals\":1,\"mode\":"
    "\"half_up\"}}";

static void
check_text(const char *s)
{
	if (s == NULL || !text_utf8_valid(s, strlen(s)))
		abort();
}

static void
check_problem(const struct errinfo *e, bool path_first)
{
	if (strncmp(e->code, "ocop_scorecard.", 15) != 0 ||
	    e->message[0] == '\0' || e->message_en[0] == '\0')
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
check_card(const struct ocop_scorecard *sc)
{
	struct ocop_scorecard *g = NULL;
	struct errinfo ei;
	char *text;

	for (long s = 0; s <= OCOP_SC_TOTAL; s += 37)
		if (ocop_stars(sc, s) < 1)
			abort();
	if (ocop_stars(sc, OCOP_SC_TOTAL + 1) != -1 || ocop_stars(sc, -1) != -1)
		abort();
	if ((text = json_dumps(sc->doc, JSON_COMPACT)) == NULL)
		abort();
	if (ocop_scorecard_parse(text, strlen(text), &g, NULL, &ei) != ERR_OK ||
	    strcmp(g->id, sc->id) != 0 || g->n_parts != sc->n_parts ||
	    g->n_groups != sc->n_groups || g->n_bands != sc->n_bands)
		abort();
	free(text);
	ocop_scorecard_free(g);
}

static void
check_preview(json_t *body, struct arena *a)
{
	static struct ocop_scorecard *sc;
	struct rep_problems pr;
	struct errinfo ei;
	json_t *out = NULL;
	double mean;

	if (sc == NULL && ocop_scorecard_parse(small_card,
	    sizeof(small_card) - 1, &sc, NULL, &ei) != ERR_OK)
		abort();
	rep_problems_init(&pr, a, 100);
	if (ocop_preview(sc, body, "vi", &out, &pr, &ei) == ERR_OK) {
		if (pr.n != 0)
			abort();
		mean = json_number_value(json_object_get(out, "mean"));
		if (mean < 0 || mean > 100 ||
		    json_integer_value(json_object_get(out, "stars")) < 1)
			abort();
		json_decref(out);
		return;
	}
	if (out != NULL || pr.n == 0)
		abort();
	for (size_t i = 0; i < pr.n; i++)
		check_problem(&pr.items[i], false);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(4096);
	struct rep_problems pr;
	struct ocop_scorecard *sc = NULL;
	struct errinfo ei;
	json_error_t jerr;
	json_t *obj;
	enum err e;
	size_t i;

	rep_problems_init(&pr, a, 100);
	err_clear(&ei);
	e = ocop_scorecard_parse((const char *)data, size, &sc, &pr, &ei);
	if (e == ERR_OK) {
		if (pr.n != 0)
			abort();
		check_card(sc);
		ocop_scorecard_free(sc);
		arena_free(a);
		return 0;
	}
	if (sc != NULL || pr.n == 0 || (e != ERR_INVALID && e != ERR_MALFORMED))
		abort();
	if (strcmp(ei.code, pr.items[0].code) != 0 ||
	    strcmp(ei.field, pr.items[0].field) != 0)
		abort();
	for (i = 0; i < pr.n; i++)
		check_problem(&pr.items[i], true);
	obj = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
	    &jerr);
	if (json_is_object(obj) && json_object_get(obj, "format") == NULL)
		check_preview(obj, a);
	json_decref(obj);
	arena_free(a);
	return 0;
}
