/*
 * web_surveys_public.c - the form citizens answer (routes in
 * web_surveys.c): GET /s/{id} shows a campaign's questionnaire as plain
 * HTML inputs, POST /s/{id} stores one anonymous response, and
 * /s/{id}/thanks says it was received.  No login, no JavaScript, a few
 * KB: it must work on a cheap phone over slow mobile data.
 *
 * Conditions ("show when question 3 is No") cannot hide a question
 * without a script, so every question is shown, a conditional one marked
 * "(chỉ trả lời nếu …)"; the check (surveys.h) drops answers to questions
 * that were hidden by the answers given.
 *
 * The same form serves the data entry of paper questionnaires
 * (web_surveys_campaigns.c) through survw_form_view and survw_submit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/date.h"
#include "web/web_surveys_internal.h"

/* The submitted values of a form field (every one, for checkboxes). */
static json_t *
submitted(struct req *r, const char *field)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->nform; i++)
		if (strcmp(r->form_names[i], field) == 0)
			json_array_append_new(a, jval_string(r->form_values[i]));
	return a;
}

static bool
in_list(json_t *list, const char *v)
{
	json_t *x;
	size_t i;

	json_array_foreach(list, i, x)
		if (json_is_string(x) && strcmp(json_string_value(x), v) == 0)
			return true;
	return false;
}

static json_t *
option(const char *value, const char *label, json_t *typed)
{
	return json_pack("{s:o, s:o, s:b}", "value", jval_string(value),
	    "label", jval_string(label), "checked", in_list(typed, value));
}

static json_t *
question_form(struct req *r, struct web *w, const struct surv_def *d,
    size_t i)
{
	const struct surv_question *q = &d->questions[i];
	const char *field = arena_printf(r->arena, "a.%s", q->id);
	const char *cond = survw_condition_text(w, r->arena, d, q);
	json_t *typed = submitted(r, field), *opts = json_array(), *o;

	switch (q->type) {
	case SURV_SINGLE:
	case SURV_MULTI:
		for (size_t j = 0; j < q->n_options; j++)
			json_array_append_new(opts, option(
			    q->options[j].id, q->options[j].text, typed));
		break;
	case SURV_SCALE5:
		for (int g = 1; g <= 5; g++) {
			const char *v = arena_printf(r->arena, "%d", g);

			json_array_append_new(opts, option(v,
			    arena_printf(r->arena, "%d – %s", g, msg_get(w->lang,
			    arena_printf(r->arena, "surv_scale_%d", g))), typed));
		}
		break;
	case SURV_YESNO:
		json_array_append_new(opts, option("yes",
		    msg_get(w->lang, "yes"), typed));
		json_array_append_new(opts, option("no",
		    msg_get(w->lang, "no"), typed));
		break;
	case SURV_NUMBER:
	case SURV_TEXT:
		break;
	}
	o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:b, s:o, s:o}",
	    "n", (json_int_t)i + 1, "id", jval_string(q->id),
	    "field", jval_string(field), "text", jval_string(q->text),
	    "help", jval_string(q->help), "required", q->required,
	    "condition", jval_string(cond ? arena_printf(r->arena, "(%s %s)",
	    msg_get(w->lang, "surv_only_if"), cond) : NULL),
	    "options", opts);
	json_object_set_new(o, "is_radio", json_boolean(q->type == SURV_SINGLE ||
	    q->type == SURV_SCALE5 || q->type == SURV_YESNO));
	json_object_set_new(o, "is_multi", json_boolean(q->type == SURV_MULTI));
	json_object_set_new(o, "is_number",
	    json_boolean(q->type == SURV_NUMBER));
	json_object_set_new(o, "is_text", json_boolean(q->type == SURV_TEXT));
	/* Required marks only on questions always shown: a conditional one
	 * is required only when its condition holds. */
	json_object_set_new(o, "required_always",
	    json_boolean(q->required && q->show_q < 0));
	if (q->type == SURV_TEXT)
		json_object_set_new(o, "max_length",
		    json_integer((json_int_t)q->max_length));
	if (q->type == SURV_NUMBER) {
		if (q->has_min)
			json_object_set_new(o, "min", jval_string(arena_printf(
			    r->arena, "%.10g", q->min)));
		if (q->has_max)
			json_object_set_new(o, "max", jval_string(arena_printf(
			    r->arena, "%.10g", q->max)));
	}
	if (json_array_size(typed) > 0)
		json_object_set(o, "value", json_array_get(typed, 0));
	else
		json_object_set_new(o, "value", json_null());
	json_decref(typed);
	return o;
}

enum err
survw_form_view(struct req *r, struct web *w, json_t *view, json_t *c,
    struct errinfo *ei)
{
	struct surv_def *d;
	json_t *qs = json_array();
	const char *code = http_form(r, "code");
	enum err e;

	if ((e = surv_def_from_json(json_object_get(c, "document"), &d, ei)) !=
	    ERR_OK) {
		json_decref(qs);
		return e;
	}
	for (size_t i = 0; i < d->n_questions; i++)
		json_array_append_new(qs, question_form(r, w, d, i));
	json_object_set_new(view, "description", jval_string(d->description));
	surv_def_free(d);
	json_object_set_new(view, "questions", qs);
	json_object_set_new(view, "code", jval_string(code));
	json_object_set_new(view, "is_codes", json_boolean(
	    jval_str(c, "mode") != NULL && strcmp(jval_str(c, "mode"),
	    "codes") == 0));
	json_object_set_new(view, "answer_max", json_integer(
	    SURV_ANSWER_TEXT_MAX));
	return ERR_OK;
}

/* Put the message of a refused submission (in the request's language)
 * next to its question. */
static void
mark_error(struct web *w, json_t *view, const struct errinfo *ei)
{
	const char *msg = err_message(ei, w->lang);
	json_t *q;
	size_t i;

	if (strcmp(ei->field, "code") == 0) {
		json_object_set_new(view, "code_error", jval_string(msg));
		return;
	}
	if (strncmp(ei->field, "answers.", 8) != 0)
		return;
	/* Next to the question its name is said already: "answers.q3: "
	 * is left out there. */
	if (strncmp(msg, ei->field, strlen(ei->field)) == 0 &&
	    strncmp(msg + strlen(ei->field), ": ", 2) == 0)
		msg += strlen(ei->field) + 2;
	json_array_foreach(json_object_get(view, "questions"), i, q)
		if (jval_str(q, "id") != NULL &&
		    strcmp(jval_str(q, "id"), ei->field + 8) == 0)
			json_object_set_new(q, "field_error", jval_string(msg));
}

/* A response waiting for its group commit on a suspended connection:
 * the writer's answer, read by the second pass (see survw_public_post). */
struct posted {
	enum err e;
	struct errinfo ei;
	const char *code;	/* the household code spent (r's arena) */
};

/* The writer's thread, after the commit (surv_submit_queue). */
static void
posted_done(void *arg, enum err e, const struct errinfo *ei)
{
	struct req *r = arg;
	struct posted *p = r->defer_data;

	p->e = e;
	if (e != ERR_OK)
		p->ei = *ei;
	http_resume(r);
}

/* The submission of the request: its code, and its answers - the JSON
 * "answers" object, or the form's "a.<id>" fields read against the
 * campaign's questionnaire (*answers: a new reference). */
static enum err
read_submission(struct req *r, struct web *w, int64_t campaign_id,
    const char **code, json_t **answers, struct errinfo *ei)
{
	const struct surv_def *d;
	json_t *a;
	enum err e;

	*answers = NULL;
	if ((e = web_field(r, w, "code", SURVW_CODE_TYPED_MAX, false, code,
	    ei)) != ERR_OK)
		return e;
	if (w->body == NULL) {
		if ((e = surv_campaign_def(w->db, campaign_id, &d, ei)) !=
		    ERR_OK)
			return e;
		return surv_answers_from_form(d, r->form_names, r->form_values,
		    r->nform, answers, ei);
	}
	a = json_object_get(w->body, "answers");
	if (a != NULL && !json_is_object(a))
		return err_set(ei, ERR_INVALID, "request.bad_field", "answers",
		    "answers phải là một đối tượng {\"mã câu\": câu trả lời}",
		    "answers must be an object {\"question id\": answer}");
	*answers = a != NULL ? json_incref(a) : json_object();
	return ERR_OK;
}

/*
 * Check a submission and store it: the store reads the code in "codes"
 * mode and the client key in "open" mode.  With defer (the JSON API while
 * the group-commit writer runs) the request does not wait in its worker
 * thread: the connection is suspended (http_defer), the job handed to the
 * writer, and ERR_OK returned with r->defer_data set; the response is
 * made by the second pass, once the batch has committed.  r->defer_data
 * also carries the receipt's code: the one sent, when the job spends one.
 */
static enum err
submit(struct req *r, struct web *w, json_t *view, int64_t campaign_id,
    const char *channel, const char *client_key, bool defer,
    struct errinfo *ei)
{
	struct surv_submission sub = { 0 };
	struct posted *p = arena_alloc(r->arena, sizeof(*p));
	struct surv_job *job;
	json_t *answers = NULL;
	enum err e;

	memset(p, 0, sizeof(*p));
	if ((e = read_submission(r, w, campaign_id, &sub.code, &answers,
	    ei)) != ERR_OK)
		goto out;
	sub.campaign_id = campaign_id;
	sub.answers = answers;
	sub.channel = channel;
	sub.client_key = client_key;
	if ((e = surv_submit_prepare(w->db, &sub, &job, ei)) != ERR_OK)
		goto out;
	p->code = surv_job_spends_code(job) ? sub.code : NULL;
	r->defer_data = p;
	/* The job holds copies of all it needs: the request's JSON may go.
	 * Suspended before the job is handed over, so the writer's answer
	 * cannot come first. */
	if (!defer || !surv_queue_running() || !http_defer(r)) {
		e = surv_submit_wait(w->db, job, ei);
		goto out;
	}
	r->body.len = 0;	/* not parsed again */
	surv_submit_queue(job, posted_done, r);
out:
	if (e != ERR_OK)
		mark_error(w, view, ei);
	json_decref(answers);
	return e;
}

enum err
survw_submit(struct req *r, struct web *w, json_t *view, int64_t campaign_id,
    const char *channel, const char *client_key, struct errinfo *ei)
{
	return submit(r, w, view, campaign_id, channel, client_key, false, ei);
}

/* ---- every problem of a refused form at once ---------------------------- */

/* The message of an error on answers.<id> without its "answers.<id>: "
 * prefix (the field path is for machines), capitalised: "Câu “…” chưa
 * được trả lời".  In r's arena. */
static const char *
plain_message(struct req *r, const char *msg, const char *field)
{
	size_t n = strlen(field);
	char *out;

	if (strncmp(msg, field, n) == 0 && strncmp(msg + n, ": ", 2) == 0)
		msg += n + 2;
	out = arena_strdup(r->arena, msg);
	/* "câu"/"question": the first letter is ASCII in both languages. */
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
	return out;
}

/* A valid answer of q, put in place of a refused one so that the check
 * goes on to the next question. */
static json_t *
stand_in(const struct surv_question *q)
{
	switch (q->type) {
	case SURV_SCALE5:
		return json_integer(3);
	case SURV_YESNO:
		return json_string("yes");
	case SURV_SINGLE:
		return json_string(q->n_options > 0 ? q->options[0].id : "");
	case SURV_MULTI:
		return json_pack("[s]", q->n_options > 0 ? q->options[0].id : "");
	case SURV_NUMBER:
		return json_real(q->has_min ? q->min : q->has_max ? q->max : 0);
	case SURV_TEXT:
		break;
	}
	return json_string("-");
}

/*
 * Every problem of a submitted form to an open campaign, not only the
 * first: the household code (in "codes" mode) and each question the questionnaire's own check
 * (surv_answers_check) refuses - run again with a stand-in for each
 * refused answer until it passes.  The final word stays with the
 * submission, which checks everything again.  The answers are the
 * form's (given NULL) or the JSON "answers" object given, code the
 * household code sent.  *errors: [{code, field, message, href}] (messages
 * in the request's language, naming the question as the page shows it,
 * never its field path), a new reference; empty when the form may be
 * submitted.
 */
static enum err
form_problems(struct req *r, struct web *w, int64_t campaign_id,
    const json_t *given, const char *code, json_t **errors,
    struct errinfo *ei)
{
	const struct surv_def *d;
	json_t *answers = NULL, *list = json_array();
	struct surv_answer *out;
	struct errinfo one;
	json_t *c;
	enum err e;

	*errors = list;
	if ((e = surv_campaign_brief(w->db, campaign_id, &c, ei)) != ERR_OK)
		return e;
	/* A campaign not open refuses every answer for that reason alone
	 * (the submission says it: closed, not open yet). */
	if (jval_str(c, "state") == NULL ||
	    strcmp(jval_str(c, "state"), "open") != 0) {
		json_decref(c);
		return ERR_OK;
	}
	if (jval_str(c, "mode") != NULL && strcmp(jval_str(c, "mode"),
	    "codes") == 0) {
		err_clear(&one);
		if (code == NULL || code[0] == '\0')
			json_array_append_new(list, json_pack("{s:s, s:s, s:s, "
			    "s:s}", "code", "surveys.code_required", "field",
			    "code", "message", msg_get(w->lang,
			    "surv_err_code_missing"), "href", "#code"));
		else if (surv_code_check(w->db, campaign_id, code, &one) !=
		    ERR_OK)
			json_array_append_new(list, json_pack("{s:s, s:s, s:s, "
			    "s:s}", "code", one.code, "field", "code", "message",
			    err_message(&one, w->lang), "href", "#code"));
	}
	json_decref(c);
	if ((e = surv_campaign_def(w->db, campaign_id, &d, ei)) != ERR_OK)
		return e;
	err_clear(&one);
	if (given != NULL)
		answers = json_deep_copy(given);	/* stand-ins go in */
	else if (surv_answers_from_form(d, r->form_names, r->form_values,
	    r->nform, &answers, &one) != ERR_OK) {
		/* A form no page makes (a repeated radio field): that one
		 * problem is all there is to say. */
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}",
		    "code", one.code, "field", one.field, "message",
		    plain_message(r, err_message(&one, w->lang), one.field),
		    "href", "#main"));
		return ERR_OK;
	}
	out = arena_alloc(r->arena, (d->n_questions + 1) * sizeof(*out));
	for (size_t round = 0; round <= d->n_questions; round++) {
		long qi;

		err_clear(&one);
		if (surv_answers_check(d, answers, r->arena, out, &one) == ERR_OK)
			break;
		if (strncmp(one.field, "answers.", 8) != 0 ||
		    (qi = surv_question_index(d, one.field + 8)) < 0) {
			json_array_append_new(list, json_pack("{s:s, s:s, s:s, "
			    "s:s}", "code", one.code, "field", one.field,
			    "message", err_message(&one, w->lang), "href",
			    "#main"));
			break;
		}
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}",
		    "code", one.code, "field", one.field, "message",
		    plain_message(r, err_message(&one, w->lang), one.field),
		    "href", arena_printf(r->arena, "#q-%s",
		    d->questions[qi].id)));
		json_object_set_new(answers, d->questions[qi].id,
		    stand_in(&d->questions[qi]));
	}
	json_decref(answers);
	return ERR_OK;
}

/*
 * A JSON submission refused for its code or an answer: every problem in
 * the error's "problems" (docs/API.md), found as for the page's form
 * (form_problems: the code, then each question in order), each {code,
 * field, message} with the message naming the question, not its path.
 * The error itself stays the one the submission gave (refused); it is
 * listed first when the search does not find it.  Only the refused path
 * pays for the search: an accepted submission reads nothing more.  The
 * code is checked as the public form's first step checks it (belongs to
 * the campaign or not, never whether it was used).
 */
static void
json_problems(struct req *r, struct web *w, int64_t id,
    const struct errinfo *refused)
{
	const json_t *given = json_object_get(w->body, "answers");
	json_t *list = NULL, *p;
	struct errinfo ignored;
	bool found = false;
	size_t i;

	json_t *none;
	enum err e;

	/* the questionnaire's and the code's refusals, not a malformed
	 * request (a code that is no string: that alone is said) */
	if (strncmp(refused->code, "surveys.", 8) != 0 ||
	    (strcmp(refused->field, "code") != 0 &&
	    strncmp(refused->field, "answers.", 8) != 0))
		return;
	if (given != NULL && !json_is_object(given))
		return;
	none = json_object();
	e = form_problems(r, w, id, given != NULL ? given : none,
	    jval_str(w->body, "code"), &list, &ignored);
	json_decref(none);
	if (e != ERR_OK || json_array_size(list) == 0) {
		json_decref(list);
		return;
	}
	if (w->problems == NULL)
		w->problems = json_array();
	json_array_foreach(list, i, p)
		if (strcmp(jval_str(p, "field"), refused->field) == 0)
			found = true;
	if (!found)
		json_array_append_new(w->problems, json_pack("{s:s, s:s, s:s}",
		    "code", refused->code, "field", refused->field, "message",
		    plain_message(r, err_message(refused, w->lang),
		    refused->field)));
	json_array_foreach(list, i, p)
		json_array_append_new(w->problems, json_pack("{s:O, s:O, s:O}",
		    "code", json_object_get(p, "code"), "field",
		    json_object_get(p, "field"), "message",
		    json_object_get(p, "message")));
	json_decref(list);
}

/* Mark every problem next to its question and list them at the top. */
static void
mark_problems(struct web *w, json_t *view, json_t *errors)
{
	json_t *it, *q;
	size_t i, k;

	json_array_foreach(errors, i, it) {
		const char *field = jval_str(it, "field");

		if (strcmp(field, "code") == 0)
			json_object_set(view, "code_error",
			    json_object_get(it, "message"));
		else if (strncmp(field, "answers.", 8) == 0)
			json_array_foreach(json_object_get(view, "questions"),
			    k, q)
				if (jval_str(q, "id") != NULL &&
				    strcmp(jval_str(q, "id"), field + 8) == 0)
					json_object_set(q, "field_error",
					    json_object_get(it, "message"));
	}
	json_object_set(view, "errors", errors);
	(void)w;
}

/* ---- the public pages ------------------------------------------------------- */

/* What anyone may read of campaign id (not its counts): a new reference. */
static enum err
public_campaign(struct web *w, int64_t id, json_t **out, struct errinfo *ei)
{
	static const char *const keys[] = { "id", "title", "unit_name",
	    "structure", "unit_code", "opens_on", "closes_on", "state", "mode",
	    "document", NULL };
	json_t *c;
	enum err e;

	char structure[16], code[32];
	bool is_template = false;

	if ((e = surv_campaign_get(w->db, id, &c, ei)) != ERR_OK)
		return e;
	*out = json_object();
	for (size_t i = 0; keys[i] != NULL; i++)
		if (json_object_get(c, keys[i]) != NULL)
			json_object_set(*out, keys[i], json_object_get(c, keys[i]));
	/* A campaign that runs a template as it is: the template's
	 * description is a note to the officials who copy it. */
	if (surv_unit(w->db, jval_int(c, "survey_id", 0), structure, code,
	    &is_template, ei) != ERR_OK)
		err_clear(ei);
	json_object_set_new(*out, "from_template", json_boolean(is_template));
	json_decref(c);
	return ERR_OK;
}

static void
public_display(struct req *r, struct web *w, json_t *view, int64_t id)
{
	const char *state = jval_str(view, "state");

	json_object_set_new(view, "is_open", json_boolean(state != NULL &&
	    strcmp(state, "open") == 0));
	json_object_set_new(view, "is_closed", json_boolean(state != NULL &&
	    strcmp(state, "closed") == 0));
	json_object_set_new(view, "is_scheduled", json_boolean(state != NULL &&
	    strcmp(state, "scheduled") == 0));
	json_object_set_new(view, "closes_text", jval_string(date_display(r->arena,
	    jval_str(view, "closes_on"), w->lang)));
	json_object_set_new(view, "opens_text", jval_string(date_display(r->arena,
	    jval_str(view, "opens_on"), w->lang)));
	json_object_set_new(view, "action", jval_string(arena_printf(r->arena,
	    "/s/%lld", (long long)id)));
	json_object_set_new(view, "results_href", jval_string(arena_printf(
	    r->arena, "/campaigns/%lld/results", (long long)id)));
	json_object_set_new(view, "public", json_true());
}

/* A template's description speaks to the officials who copy it ("a
 * model to adapt, not an official form..."): the citizen's first screen
 * is the code box and the questions, so the note moves to
 * "officials_note", shown only to the officials of the campaign - for a
 * campaign of the template itself, or of a copy that kept the template's
 * description word for word.  A description the officials wrote for
 * their households is shown to everyone. */
static bool
no_unit(void *ctx, const char *structure, const char *code)
{
	(void)ctx;
	(void)structure;
	(void)code;
	return false;
}

/* Is text the description of a template (a copy whose officials have not
 * written their own)? */
static bool
template_description(struct web *w, const char *text)
{
	json_t *list, *it, *t;
	struct errinfo ei;
	bool same = false;
	size_t i;

	if (surv_list(w->db, no_unit, NULL, 50, 0, &list, &ei) != ERR_OK)
		return false;
	json_array_foreach(json_object_get(list, "items"), i, it) {
		if (same || !json_is_true(json_object_get(it, "is_template")) ||
		    surv_get(w->db, jval_int(it, "id", 0), &t, &ei) != ERR_OK)
			continue;
		same = jval_str(json_object_get(t, "document"),
		    "description") != NULL && strcmp(jval_str(json_object_get(t,
		    "document"), "description"), text) == 0;
		json_decref(t);
	}
	json_decref(list);
	return same;
}

static void
officials_note(struct web *w, json_t *view)
{
	json_t *desc = json_object_get(view, "description");

	if (!json_is_string(desc) ||
	    (!json_is_true(json_object_get(view, "from_template")) &&
	    !template_description(w, json_string_value(desc))))
		return;
	if (web_can(w, SURVW_OFFICIALS, jval_str(view, "structure"),
	    jval_str(view, "unit_code")))
		json_object_set(view, "officials_note", desc);
	json_object_del(view, "description");
}

/* The view of GET /s/{id} into view. */
static enum err
public_view(struct req *r, struct web *w, json_t *view, int64_t id,
    struct errinfo *ei)
{
	json_t *c;
	enum err e;

	if ((e = public_campaign(w, id, &c, ei)) != ERR_OK)
		return e;
	jval_merge(view, c);
	if (w->json)
		return ERR_OK;
	public_display(r, w, view, id);
	if ((e = survw_form_view(r, w, view, view, ei)) != ERR_OK)
		return e;
	officials_note(w, view);
	/* The code of the sheet's QR link (?code=) fills the field. */
	if (json_is_null(json_object_get(view, "code")))
		json_object_set_new(view, "code",
		    jval_string(web_qtext(w, "code")));
	return ERR_OK;
}

enum err
survw_public_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const char *typed = web_qtext(w, "code");
	int64_t id = w->target.id;
	struct errinfo check;
	enum err e;

	if ((e = public_view(r, w, view, id, ei)) != ERR_OK)
		return e;
	/* A code from the sheet's QR: say at once if it cannot answer, so
	 * nobody fills in the form for nothing (the submission checks
	 * again).  Not an error of the page: the form stays usable. */
	if (typed != NULL && jval_str(view, "state") != NULL &&
	    strcmp(jval_str(view, "state"), "open") == 0 &&
	    strcmp(jval_str(view, "mode"), "codes") == 0) {
		err_clear(&check);
		if (surv_code_check(w->db, id, typed, &check) != ERR_OK) {
			const char *msg = err_message(&check, w->lang);

			json_object_set_new(view, "code_error", jval_string(msg));
			if (w->json)
				json_object_set_new(view, "code_check",
				    json_pack("{s:s, s:s}", "code", check.code,
				    "message", msg));
		}
	}
	return ERR_OK;
}

enum err
survw_public_form_view(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	if (json_object_get(view, "questions") != NULL || w->target.id == 0)
		return ERR_OK;
	return public_view(r, w, view, w->target.id, ei);
}

enum err
survw_public_post(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	int64_t id = w->target.id;
	enum err e;

	/* The questionnaire itself is not read here: the submission uses
	 * the parsed copy the store keeps.  A refused form is built in full
	 * below, with its marks. */
	if (r->resumed && r->defer_data != NULL) {
		/* The second pass of a deferred JSON submission: the
		 * writer's answer. */
		const struct posted *p = r->defer_data;

		if ((e = p->e) != ERR_OK) {
			*ei = p->ei;
			return e;
		}
		goto stored;
	}
	/* A page's form: every problem at once, before anything is sent
	 * to the writer (the API: below, once the submission is refused). */
	if (!w->json) {
		json_t *problems;

		if ((e = form_problems(r, w, id, NULL, http_form(r, "code"),
		    &problems, ei)) != ERR_OK) {
			json_decref(problems);
			return e;
		}
		if (json_array_size(problems) > 0) {
			char n[24];
			const char *args[1] = { n };
			struct errinfo ignored;
			const char *first = jval_str(json_array_get(problems, 0),
			    "field");

			snprintf(n, sizeof(n), "%zu", json_array_size(problems));
			if (public_view(r, w, view, id, &ignored) == ERR_OK)
				mark_problems(w, view, problems);
			json_decref(problems);
			return err_set_texts(ei, ERR_INVALID,
			    "surveys.form_problems", first,
			    msg_formata(r->arena, "vi", "surv_form_problems",
			    args, 1), msg_formata(r->arena, "en",
			    "surv_form_problems", args, 1));
		}
		json_decref(problems);
	}
	/* Only JSON answers are deferred: the no-JS form's refusals are
	 * pages built from the request (below), in one pass. */
	e = submit(r, w, view, id, "web", survw_client_key(r), w->json, ei);
	if (e == ERR_OK && r->deferred)
		return ERR_OK;	/* answered by the second pass */
	if (e != ERR_OK) {
		if (!w->json) {
			struct errinfo refused = *ei, ignored;

			if (public_view(r, w, view, id, &ignored) == ERR_OK)
				mark_error(w, view, &refused);
			*ei = refused;
		} else
			json_problems(r, w, id, ei);
		return e;
	}
stored:
	json_object_clear(view);
	json_object_set_new(view, "stored", json_true());
	/* The receipt names the code spent (what the client sent: nothing
	 * stored links it to the answers), so a data-entry team or an app
	 * with several submissions in flight knows which one was stored. */
	if (r->defer_data != NULL &&
	    ((const struct posted *)r->defer_data)->code != NULL)
		json_object_set_new(view, "code", jval_string(
		    ((const struct posted *)r->defer_data)->code));
	json_object_set_new(view, "message", jval_string(msg_get(w->lang,
	    "surv_thanks_title")));
	w->redirect = arena_printf(r->arena, "/s/%lld/thanks", (long long)id);
	return ERR_OK;
}

enum err
survw_thanks_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	int64_t id = w->target.id;
	json_t *c;
	enum err e;

	if ((e = public_campaign(w, id, &c, ei)) != ERR_OK)
		return e;
	json_object_del(c, "document");
	jval_merge(view, c);
	public_display(r, w, view, id);
	json_object_set(view, "campaign_title", json_object_get(view, "title"));
	json_object_set_new(view, "title", jval_string(msg_get(w->lang,
	    "surv_thanks_title")));
	return ERR_OK;
}
