/*
 * web_surveys_design.c - the designer of a questionnaire (routes in
 * web_surveys.c): the page lists every question with its type, whether
 * it is required, its condition and which answers count as satisfied;
 * it edits the whole JSON document in a text area, or adds one question
 * from a plain form (type, text, options one per line, satisfied
 * options, a condition), and starts a campaign.  No JavaScript: every
 * change is a form post and a new page.
 *
 * The store validates a document (surveys.h); its errors name the JSON
 * path ("questions[2].options[1].id"), the add-question form's name the
 * form field.  The rules - how a question is built from the form
 * (surv_def_add_question), a new campaign's defaults
 * (surv_campaign_defaults) - are the domain's; this file reads the form
 * and shows the page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "web/web_surveys_internal.h"

const char *
survw_value_label(struct web *w, struct arena *a, const struct surv_question *q,
    const char *v)
{
	switch (q->type) {
	case SURV_SINGLE:
	case SURV_MULTI:
		for (size_t i = 0; i < q->n_options; i++)
			if (strcmp(q->options[i].id, v) == 0)
				return q->options[i].text;
		return v;
	case SURV_YESNO:
		return msg_get(w->lang, strcmp(v, "yes") == 0 ? "yes" : "no");
	case SURV_SCALE5:
		if (v[0] >= '1' && v[0] <= '5' && v[1] == '\0')
			return msg_get(w->lang, arena_printf(a, "surv_scale_%c",
			    v[0]));
		return v;
	case SURV_NUMBER:
	case SURV_TEXT:
		break;
	}
	return v;
}

const char *
survw_condition_text(struct web *w, struct arena *a, const struct surv_def *d,
    const struct surv_question *q)
{
	const struct surv_question *on;
	const char *args[2], *values = "";

	if (q->show_q < 0 || (size_t)q->show_q >= d->n_questions)
		return NULL;
	on = &d->questions[q->show_q];
	for (size_t i = 0; i < q->n_show_values; i++) {
		const char *one[2] = { values, survw_value_label(w, a, on,
		    q->show_values[i]) };

		values = msg_formata(a, w->lang, i == 0 ? "surv_cond_value" :
		    "surv_cond_or_value", one, 2);
	}
	args[0] = arena_printf(a, "%ld", q->show_q + 1);
	args[1] = values;
	return msg_formata(a, w->lang, "surv_cond_text", args, 2);
}

/* Which answers count as satisfied, for people; NULL when none does. */
static const char *
satisfied_text(struct web *w, struct arena *a, const struct surv_question *q)
{
	const char *s = NULL;

	if (!q->counts)
		return NULL;
	switch (q->type) {
	case SURV_SCALE5: {
		const char *args[2] = { arena_printf(a, "%d", q->satisfied_from),
		    msg_get(w->lang, arena_printf(a, "surv_scale_%d",
		    q->satisfied_from)) };

		return msg_formata(a, w->lang, "surv_from_grade", args, 2);
	}
	case SURV_YESNO:
		return msg_get(w->lang, q->satisfied_yes ? "yes" : "no");
	case SURV_SINGLE:
	case SURV_MULTI:
		for (size_t i = 0; i < q->n_options; i++)
			if (q->options[i].satisfied)
				s = s ? arena_printf(a, "%s; %s", s,
				    q->options[i].text) : q->options[i].text;
		return s;
	case SURV_NUMBER:
	case SURV_TEXT:
		break;
	}
	return NULL;
}

static json_t *
question_view(struct web *w, struct arena *a, const struct surv_def *d,
    size_t i)
{
	const struct surv_question *q = &d->questions[i];
	json_t *o = json_object(), *opts = json_array();

	json_object_set_new(o, "n", json_integer((json_int_t)i + 1));
	json_object_set_new(o, "id", jval_string(q->id));
	json_object_set_new(o, "text", jval_string(q->text));
	json_object_set_new(o, "help", jval_string(q->help));
	json_object_set_new(o, "type_label", jval_string(msg_get(w->lang,
	    arena_printf(a, "surv_type_%s", surv_qtype_names[q->type]))));
	json_object_set_new(o, "required", json_boolean(q->required));
	for (size_t j = 0; j < q->n_options; j++)
		json_array_append_new(opts, json_pack("{s:o, s:o, s:b}", "id",
		    jval_string(q->options[j].id), "text",
		    jval_string(q->options[j].text), "satisfied",
		    q->options[j].satisfied));
	json_object_set_new(o, "options", opts);
	json_object_set_new(o, "satisfied_text",
	    jval_string(satisfied_text(w, a, q)));
	json_object_set_new(o, "condition",
	    jval_string(survw_condition_text(w, a, d, q)));
	if (q->type == SURV_NUMBER)
		json_object_set_new(o, "range", jval_string(
		    q->has_min && q->has_max ? arena_printf(a, "%.10g – %.10g",
		    q->min, q->max) : q->has_min ? arena_printf(a, "≥ %.10g",
		    q->min) : q->has_max ? arena_printf(a, "≤ %.10g", q->max) :
		    NULL));
	if (q->type == SURV_TEXT)
		json_object_set_new(o, "max_length",
		    json_integer((json_int_t)q->max_length));
	return o;
}

/* The new-campaign form, filled with the programme's defaults: the
 * questionnaire's unit, else the caller's. */
static json_t *
campaign_defaults(struct req *r, struct web *w, json_t *view)
{
	struct surv_campaign_in in;

	surv_campaign_defaults(r->arena, jval_str(view, "structure"),
	    jval_str(view, "unit_code"), jval_str(view, "title"), &in);
	return json_pack("{s:o, s:s, s:n, s:b, s:i, s:i, s:s, s:s, s:i}",
	    "unit", jval_string(in.structure != NULL ? arena_printf(r->arena,
	    "%s:%s", in.structure, in.code) : survw_default_unit(r, w)),
	    "title", in.title, "households", "open", strcmp(in.mode,
	    "open") == 0, "threshold", (int)in.threshold, "min_coverage",
	    (int)in.min_coverage, "opens_on", in.opens_on, "closes_on",
	    in.closes_on, "posting_days", in.posting_days);
}

/* The links of the designer page of survey id. */
static json_t *
design_links(struct req *r, json_int_t id)
{
	return json_pack("{s:o, s:o, s:o, s:o}",
	    "self", jval_string(arena_printf(r->arena, "/surveys/%lld",
	    (long long)id)),
	    "campaigns", jval_string(arena_printf(r->arena,
	    "/surveys/%lld/campaigns#campaign", (long long)id)),
	    "export", jval_string(arena_printf(r->arena, "/surveys/%lld/export",
	    (long long)id)),
	    "results", jval_string(arena_printf(r->arena,
	    "/surveys/%lld/results", (long long)id)));
}

/* The question types of the add-question form, the one sent selected. */
static json_t *
type_choices(struct req *r, struct web *w)
{
	const char *sent = http_form(r, "q_type");
	json_t *types = json_array();

	for (int t = 0; surv_qtype_names[t] != NULL; t++)
		json_array_append_new(types, json_pack("{s:s, s:o, s:b}",
		    "value", surv_qtype_names[t], "label", jval_string(msg_get(
		    w->lang, arena_printf(r->arena, "surv_type_%s",
		    surv_qtype_names[t]))), "selected", sent != NULL &&
		    strcmp(sent, surv_qtype_names[t]) == 0));
	return types;
}

/* What the page shows besides surv_get's fields. */
static void
design_display(struct req *r, struct web *w, json_t *view)
{
	json_t *doc = json_object_get(view, "document"), *qs, *ids;
	struct surv_def *d = NULL;
	struct errinfo ei;
	char *text;

	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_object_set_new(view, "document_text", jval_string(text));
	free(text);
	qs = json_array();
	ids = json_array();
	if (surv_def_from_json(doc, &d, &ei) == ERR_OK) {
		for (size_t i = 0; i < d->n_questions; i++) {
			json_array_append_new(qs, question_view(w, r->arena, d,
			    i));
			json_array_append_new(ids, json_pack("{s:o, s:o}", "id",
			    jval_string(d->questions[i].id), "label",
			    jval_string(arena_printf(r->arena, "%zu. %.60s", i + 1,
			    d->questions[i].text))));
		}
		json_object_set_new(view, "description",
		    jval_string(d->description));
		surv_def_free(d);
	} else
		json_object_set_new(view, "doc_error",
		    jval_string(err_message(&ei, w->lang)));
	json_object_set_new(view, "questions", qs);
	json_object_set_new(view, "question_ids", ids);
	json_object_set_new(view, "types", type_choices(r, w));
	json_object_set_new(view, "can_edit", json_boolean(web_can(w,
	    SURVW_OFFICIALS, jval_str(view, "structure"), jval_str(view,
	    "unit_code"))));
	json_object_set_new(view, "can_run",
	    json_boolean(web_holds(w, SURVW_OFFICIALS)));
	json_object_set_new(view, "campaign_defaults",
	    campaign_defaults(r, w, view));
	web_unit_picker(r, w, view, "unit_picker", "unit", jval_str(
	    json_object_get(view, "campaign_defaults"), "unit"), NULL, &ei);
	json_object_set_new(json_object_get(view, "unit_picker"), "label",
	    json_string(msg_get(w->lang, "surv_campaign_unit")));
	json_object_set_new(view, "links", design_links(r,
	    json_integer_value(json_object_get(view, "id"))));
}

/*
 * The questionnaire of the path: the target of the /surveys/{id} routes,
 * admitted by the router; POST /surveys/{id}/campaigns targets the unit
 * of its body, so the questionnaire it shows is checked here by the same
 * rule (survw_survey_readable).
 */
static enum err
design_survey_id(struct req *r, struct web *w, int64_t *id,
    struct errinfo *ei)
{
	enum err e;

	if (w->route->scope == &survw_scope_survey) {
		*id = w->target.id;
		return ERR_OK;
	}
	if ((e = web_path_id(r, "id", "surveys.not_found", id, ei)) != ERR_OK)
		return e;
	return survw_survey_readable(w, *id, "id", ei);
}

enum err
survw_design_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	json_t *s;
	int64_t id;
	enum err e;

	if ((e = design_survey_id(r, w, &id, ei)) != ERR_OK ||
	    (e = surv_get(w->db, id, &s, ei)) != ERR_OK)
		return e;
	jval_merge(view, s);
	if (!w->json)
		design_display(r, w, view);
	return ERR_OK;
}

/* A refused form keeps the page its handler built (with what was typed);
 * only a form the router refused is built here - and only for a caller it
 * admitted to the target: a refusal shows nothing of the record. */
enum err
survw_design_form_view(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	if (json_object_get(view, "questions") != NULL || !w->in_scope)
		return ERR_OK;
	return survw_design_page(r, w, view, ei);
}

/* ---- adding a question from the form ------------------------------------- */

/* A form checkbox or a JSON boolean. */
static bool
flag(struct req *r, struct web *w, const char *name)
{
	json_t *j = w->body ? json_object_get(w->body, name) : NULL;
	const char *v = w->body ? json_string_value(j) : http_form(r, name);

	if (json_is_boolean(j))
		return json_is_true(j);
	return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0 &&
	    strcmp(v, "off") != 0 && strcmp(v, "false") != 0;
}

/* The add-question form's q_* fields into in. */
static enum err
read_question(struct req *r, struct web *w, struct surv_question_in *in,
    struct errinfo *ei)
{
	const size_t lines = SURV_OPTIONS_MAX * (SURV_TEXT_MAX + 2);
	enum err e;

	memset(in, 0, sizeof(*in));
	in->required = flag(r, w, "q_required");
	if ((e = web_field(r, w, "q_type", 16, true, &in->type, ei)) !=
	    ERR_OK ||
	    (e = web_field(r, w, "q_text", SURV_TEXT_MAX, true, &in->text,
	    ei)) != ERR_OK ||
	    (e = web_field(r, w, "q_help", SURV_TEXT_MAX, false, &in->help,
	    ei)) != ERR_OK ||
	    (e = web_field(r, w, "q_options", lines, false, &in->options,
	    ei)) != ERR_OK ||
	    (e = web_field(r, w, "q_satisfied", lines, false, &in->satisfied,
	    ei)) != ERR_OK ||
	    (e = web_field(r, w, "q_satisfied_yesno", 16, false,
	    &in->satisfied_yesno, ei)) != ERR_OK ||
	    (e = survw_body_number(r, w, "q_satisfied_from", false,
	    &in->satisfied_from, &in->has_satisfied_from, ei)) != ERR_OK ||
	    (e = survw_body_number(r, w, "q_min", false, &in->min,
	    &in->has_min, ei)) != ERR_OK ||
	    (e = survw_body_number(r, w, "q_max", false, &in->max,
	    &in->has_max, ei)) != ERR_OK ||
	    (e = survw_body_number(r, w, "q_max_length", false,
	    &in->max_length, &in->has_max_length, ei)) != ERR_OK ||
	    (e = web_field(r, w, "q_show_question", SURV_ID_MAX, false,
	    &in->show_question, ei)) != ERR_OK ||
	    (e = web_field(r, w, "q_show_value", SURV_TEXT_MAX, false,
	    &in->show_value, ei)) != ERR_OK)
		return e;
	return ERR_OK;
}

/* The document of the view with the form's question added, as text in r's
 * arena.  The domain's errors name its input ("options"): the form's
 * field is "q_options". */
static enum err
added_question(struct req *r, struct web *w, json_t *view, const char **text,
    size_t *len, struct errinfo *ei)
{
	struct surv_question_in in;
	json_t *doc;
	enum err e;

	if ((e = read_question(r, w, &in, ei)) != ERR_OK)
		return e;
	if ((e = surv_def_add_question(json_object_get(view, "document"), &in,
	    &doc, ei)) != ERR_OK) {
		char field[sizeof(ei->field)];

		/* The domain's field names are short ("satisfied_from"). */
		snprintf(field, sizeof(field), "q_%.32s", ei->field);
		snprintf(ei->field, sizeof(ei->field), "%s", field);
		return e;
	}
	e = survw_json_text(r, doc, text, len, ei);
	json_decref(doc);
	return e;
}

enum err
survw_update(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct audit_actor who;
	const char *action, *text = NULL;
	json_t *s;
	size_t len = 0;
	int64_t id = w->target.id;
	bool add;
	enum err e;

	if ((e = surv_get(w->db, id, &s, ei)) != ERR_OK)
		return e;
	jval_merge(view, s);
	if (!w->json)
		design_display(r, w, view);
	if ((e = web_field(r, w, "action", 16, false, &action, ei)) != ERR_OK)
		return e;
	add = action != NULL && strcmp(action, "add") == 0;
	if ((e = add ? added_question(r, w, view, &text, &len, ei) :
	    survw_document_text(r, w, &text, &len, ei)) != ERR_OK)
		return e;
	web_actor(w, &who);
	if ((e = surv_update(w->db, &who, id, text, len, ei)) != ERR_OK) {
		/* The text area shows what was sent, to be corrected. */
		if (!add)
			json_object_set_new(view, "document_text", jval_string(text));
		return e;
	}
	if ((e = surv_get(w->db, id, &s, ei)) != ERR_OK)
		return e;
	json_object_clear(view);
	jval_merge(view, s);
	w->redirect = arena_printf(r->arena, "/surveys/%lld", (long long)id);
	return ERR_OK;
}
