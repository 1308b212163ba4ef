/*
 * fuzz_procedure.c - libFuzzer target for the workflow procedure parser:
 * the input is parsed as a procedure document (wf_procedure_parse, format
 * "ntm-procedure/1", docs/WORKFLOW.md), the documents administrators
 * import through POST /procedures and `ntm procedures import`.
 *
 * Besides memory safety it checks the parser's promises: a refused
 * document leaves no procedure, is ERR_INVALID or ERR_MALFORMED with a
 * "workflow.*" code and a message in both languages, valid UTF-8, that
 * starts with the JSON path it names; a parsed procedure is what the
 * engine relies on - its initial state exists and is not terminal, every
 * id is found again by its lookup, every transition leaves and enters
 * states of the procedure, an effect ends in a terminal state, every
 * required attachment is one of its kinds, every name reads in both
 * languages - and its own document (as stored, NFC) parses again to the
 * same procedure.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/workflow/workflow.h"

static void
check_text(const char *s)
{
	if (s == NULL || !text_utf8_valid(s, strlen(s)))
		abort();
}

static void
check_refusal(enum err e, const struct errinfo *ei)
{
	if (e != ERR_INVALID && e != ERR_MALFORMED && e != ERR_LIMIT)
		abort();
	if (strncmp(ei->code, "workflow.", 9) != 0 || ei->message[0] == '\0' ||
	    ei->message_en[0] == '\0')
		abort();
	check_text(ei->message);
	check_text(ei->message_en);
	check_text(ei->field);
	if (ei->field[0] != '\0' &&
	    (strncmp(ei->message, ei->field, strlen(ei->field)) != 0 ||
	    strncmp(ei->message_en, ei->field, strlen(ei->field)) != 0))
		abort();
}

static void
check_names(const struct wf_text *t)
{
	check_text(wf_text(t, "vi"));
	check_text(wf_text(t, "en"));
	if (t->vi == NULL || t->vi[0] == '\0')
		abort();
}

static bool
is_kind(const struct wf_procedure *p, const char *id)
{
	for (size_t i = 0; i < p->nkinds; i++)
		if (strcmp(p->kinds[i].id, id) == 0)
			return true;
	return false;
}

static void
check_transition(const struct wf_procedure *p, const struct wf_transition *t)
{
	const struct wf_state *to = t->to ? wf_state_find(p, t->to) : NULL;

	check_names(&t->name);
	if (wf_transition_find(p, t->id) != t || t->nfrom == 0 || t->roles == 0)
		abort();
	for (size_t j = 0; j < t->nfrom; j++) {
		const struct wf_state *from = wf_state_find(p, t->from[j]);

		if (from == NULL || from->terminal ||
		    !wf_transition_from(t, t->from[j]))
			abort();
	}
	if (t->to != NULL && to == NULL)
		abort();
	if (t->effect != NULL && (to == NULL || !to->terminal))
		abort();
	for (size_t k = 0; k < t->req.nattachments; k++)
		if (!is_kind(p, t->req.attachments[k]))
			abort();
	if (t->req.quorum < 0)
		abort();
}

/* What the engine relies on in a parsed procedure. */
static void
check_procedure(const struct wf_procedure *p)
{
	const struct wf_state *initial = wf_state_find(p, p->initial);

	check_names(&p->name);
	if (initial == NULL || initial->terminal || p->nstates == 0 ||
	    p->ntransitions == 0 || p->version < 1 || p->create_roles == 0)
		abort();
	for (size_t i = 0; i < p->nstates; i++) {
		const struct wf_state *s = &p->states[i];

		check_names(&s->name);
		if (wf_state_find(p, s->id) != s ||
		    (s->terminal != (s->outcome != NULL)) ||
		    (s->terminal && s->due_days >= 0))
			abort();
	}
	for (size_t i = 0; i < p->ntransitions; i++)
		check_transition(p, &p->transitions[i]);
	for (size_t i = 0; i < p->nkinds; i++)
		check_names(&p->kinds[i].name);
}

/* The procedure's own document parses again to the same shape. */
static void
check_reparse(const struct wf_procedure *p)
{
	struct wf_procedure *q = NULL;
	struct errinfo ei;
	char *text = json_dumps(p->doc, JSON_COMPACT);

	if (text == NULL)
		abort();
	if (wf_procedure_parse(text, strlen(text), &q, &ei) != ERR_OK)
		abort();
	if (strcmp(q->id, p->id) != 0 || q->version != p->version ||
	    q->nstates != p->nstates || q->ntransitions != p->ntransitions ||
	    q->nkinds != p->nkinds || strcmp(q->initial, p->initial) != 0)
		abort();
	wf_procedure_free(q);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wf_procedure *p = NULL;
	struct errinfo ei;
	enum err e;

	err_clear(&ei);
	if ((e = wf_procedure_parse((const char *)data, size, &p, &ei)) !=
	    ERR_OK) {
		if (p != NULL)
			abort();
		check_refusal(e, &ei);
		return 0;
	}
	check_procedure(p);
	check_reparse(p);
	wf_procedure_free(p);
	return 0;
}
