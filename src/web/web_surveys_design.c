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
 * form field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/jval.h"
#include "core/text.h"
#include "web/web_surveys_internal.h"

/* Defaults of a new campaign, from the practice the programme's
 * reference describes (ntm-ocop-facts.md §4): 90 % satisfied, results
 * posted for 10 days, about 20 days to run.  The coverage differs by
 * level and province: 70 % is a starting point the official changes. */
#define DEFAULT_THRESHOLD	90
#define DEFAULT_COVERAGE	70
#define DEFAULT_POSTING_DAYS	10
#define DEFAULT_RUN_DAYS	20

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
	const char *s;

	if (q->show_q < 0 || (size_t)q->show_q >= d->n_questions)
		return NULL;
	on = &d->questions[q->show_q];
	s = arena_printf(a, "%s %ld %s ", msg_get(w->lang, "surv_cond_question"),
	    q->show_q + 1, msg_get(w->lang, "surv_cond_is"));
	for (size_t i = 0; i < q->n_show_values; i++)
		s = arena_printf(a, "%s%s«%s»", s, i == 0 ? "" : arena_printf(a,
		    " %s ", msg_get(w->lang, "surv_or")), survw_value_label(w, a, on,
		    q->show_values[i]));
	return s;
}

/* Which answers count as satisfied, for people; NULL when none does. */
static const char *
satisfied_text(struct web *w, struct arena *a, const struct surv_question *q)
{
	const char *s = NULL;

	if (!q->counts)
		return NULL;
	switch (q->type) {
	case SURV_SCALE5:
		return arena_printf(a, "%s %d (%s)", msg_get(w->lang,
		    "surv_from_grade"), q->satisfied_from, msg_get(w->lang,
		    arena_printf(a, "surv_scale_%d", q->satisfied_from)));
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

static void
today_plus(char out[11], int days)
{
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* What the page shows besides surv_get's fields. */
static void
design_display(struct req *r, struct web *w, json_t *view)
{
	json_t *doc = json_object_get(view, "document"), *qs, *types, *ids;
	const char *us = jval_str(view, "structure"), *uc = jval_str(view,
	    "unit_code");
	struct surv_def *d = NULL;
	struct errinfo ei;
	char today[11], closes[11];
	char *text;

	json_object_set_new(view, "title", jval_string(jval_str(view, "title")));
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
		json_object_set_new(view, "doc_error", jval_string(ei.message));
	json_object_set_new(view, "questions", qs);
	json_object_set_new(view, "question_ids", ids);
	types = json_array();
	for (int t = 0; surv_qtype_names[t] != NULL; t++)
		json_array_append_new(types, json_pack("{s:s, s:o, s:b}",
		    "value", surv_qtype_names[t], "label", jval_string(msg_get(
		    w->lang, arena_printf(r->arena, "surv_type_%s",
		    surv_qtype_names[t]))), "selected", http_form(r, "q_type") !=
		    NULL && strcmp(http_form(r, "q_type"),
		    surv_qtype_names[t]) == 0));
	json_object_set_new(view, "types", types);
	json_object_set_new(view, "can_edit", json_boolean(web_can(w,
	    SURVW_OFFICIALS, us, uc)));
	json_object_set_new(view, "can_run",
	    json_boolean(web_holds(w, SURVW_OFFICIALS)));
	/* A new campaign: the survey's unit, unless it is the country's. */
	today_plus(today, 0);
	today_plus(closes, DEFAULT_RUN_DAYS);
	json_object_set_new(view, "campaign_defaults", json_pack(
	    "{s:o, s:o, s:n, s:b, s:i, s:i, s:s, s:s, s:i}",
	    "unit", jval_string(uc != NULL && strcmp(uc, "VN") != 0 ?
	    arena_printf(r->arena, "%s:%s", us, uc) :
	    survw_default_unit(r, w)),
	    "title", jval_string(arena_printf(r->arena, "%s %.4s",
	    jval_str(view, "title") ? jval_str(view, "title") : "", today)),
	    "households", "open", 0,
	    "threshold", DEFAULT_THRESHOLD, "min_coverage", DEFAULT_COVERAGE,
	    "opens_on", today, "closes_on", closes,
	    "posting_days", DEFAULT_POSTING_DAYS));
	json_object_set_new(view, "links", json_pack("{s:o, s:o, s:o, s:o}",
	    "self", jval_string(arena_printf(r->arena, "/surveys/%lld",
	    (long long)json_integer_value(json_object_get(view, "id")))),
	    "campaigns", jval_string(arena_printf(r->arena,
	    "/surveys/%lld/campaigns#campaign",
	    (long long)json_integer_value(json_object_get(view, "id")))),
	    "export", jval_string(arena_printf(r->arena, "/surveys/%lld/export",
	    (long long)json_integer_value(json_object_get(view, "id")))),
	    "results", jval_string(arena_printf(r->arena, "/surveys/%lld/results",
	    (long long)json_integer_value(json_object_get(view, "id"))))));
}

enum err
survw_design_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	json_t *s;
	int64_t id;
	enum err e;

	if ((e = web_path_id(r, "id", "surveys.not_found", &id, ei)) != ERR_OK ||
	    (e = survw_survey_get(w, id, SURVW_OFFICIALS, false, &s, ei)) !=
	    ERR_OK)
		return e;
	jval_merge(view, s);
	if (!w->json)
		design_display(r, w, view);
	return ERR_OK;
}

/* A refused form keeps the page its handler built (with what was typed);
 * only a form the router refused is built here. */
enum err
survw_design_form_view(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	if (json_object_get(view, "questions") != NULL)
		return ERR_OK;
	return survw_design_page(r, w, view, ei);
}

/* ---- adding a question from the form ------------------------------------- */

/* The non-empty lines of text, trimmed, in the arena. */
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

/* "yes", "no" or NULL for what people type ("Có", "khong", "yes"). */
static const char *
yes_no(const char *typed)
{
	struct buf b;
	const char *out = NULL;

	buf_init(&b, 256);
	if (text_fold(typed, strlen(typed), &b) == ERR_OK) {
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

/* The options of q (type single/multi) from "q_options", satisfied ones
 * from "q_satisfied" (their text or number, one a line). */
static enum err
add_options(struct req *r, struct web *w, json_t *q, struct errinfo *ei)
{
	const char *opts, *sat;
	json_t *lines, *options, *satisfied, *l;
	size_t i, j;
	enum err e;

	if ((e = web_field(r, w, "q_options", SURV_OPTIONS_MAX *
	    (SURV_TEXT_MAX + 2), true, &opts, ei)) != ERR_OK ||
	    (e = web_field(r, w, "q_satisfied", SURV_OPTIONS_MAX *
	    (SURV_TEXT_MAX + 2), false, &sat, ei)) != ERR_OK)
		return e;
	lines = lines_of(opts);
	if (json_array_size(lines) < 2 || json_array_size(lines) >
	    SURV_OPTIONS_MAX) {
		json_decref(lines);
		return err_set_vi(ei, ERR_INVALID, "surveys.bad_options", "q_options",
		    "cần từ 2 đến %d lựa chọn, mỗi dòng một lựa chọn",
		    SURV_OPTIONS_MAX);
	}
	options = json_array();
	json_array_foreach(lines, i, l)
		json_array_append_new(options, json_pack("{s:s, s:O}", "id",
		    arena_printf(r->arena, "o%zu", i + 1), "text", l));
	json_object_set_new(q, "options", options);
	json_decref(lines);
	lines = lines_of(sat);
	satisfied = json_array();
	json_array_foreach(lines, i, l) {
		const char *t = json_string_value(l);
		char *end;
		long n = strtol(t, &end, 10);
		long hit = -1;

		if (*end == '\0' && n >= 1 && (size_t)n <= json_array_size(options))
			hit = n - 1;
		for (j = 0; hit < 0 && j < json_array_size(options); j++)
			if (strcmp(jval_str(json_array_get(options, j), "text"),
			    t) == 0)
				hit = (long)j;
		if (hit < 0) {
			json_decref(lines);
			json_decref(satisfied);
			return err_set_vi(ei, ERR_INVALID, "surveys.unknown_option",
			    "q_satisfied", "“%.60s” không phải một lựa chọn "
			    "của câu này (ghi đúng nội dung hoặc số thứ tự)", t);
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

/* The condition "q_show_question" / "q_show_value", the value turned
 * into what the format wants (an option id, "yes"/"no", a grade). */
static enum err
add_condition(struct req *r, struct web *w, json_t *questions, json_t *q,
    struct errinfo *ei)
{
	const char *on, *value, *type, *v;
	json_t *target = NULL, *it, *opt;
	size_t i;
	enum err e;

	if ((e = web_field(r, w, "q_show_question", SURV_ID_MAX, false, &on,
	    ei)) != ERR_OK || on == NULL)
		return e;
	if ((e = web_field(r, w, "q_show_value", SURV_TEXT_MAX, true, &value,
	    ei)) != ERR_OK)
		return e;
	json_array_foreach(questions, i, it)
		if (jval_str(it, "id") != NULL && strcmp(jval_str(it, "id"), on) == 0)
			target = it;
	if (target == NULL)
		return err_set_vi(ei, ERR_INVALID, "surveys.bad_reference",
		    "q_show_question", "không có câu hỏi “%.32s”", on);
	type = jval_str(target, "type");
	v = value;
	if (type != NULL && strcmp(type, "yesno") == 0 && yes_no(value) != NULL)
		v = yes_no(value);
	json_array_foreach(json_object_get(target, "options"), i, opt)
		if (jval_str(opt, "text") != NULL &&
		    strcmp(jval_str(opt, "text"), value) == 0)
			v = jval_str(opt, "id");
	json_object_set_new(q, "show_if", json_pack("{s:s, s:s}", "question",
	    on, "equals", v));
	return ERR_OK;
}

/* doc with one more question from the form's q_* fields (a new reference
 * in *out). */
static enum err
add_question(struct req *r, struct web *w, json_t *doc, json_t **out,
    struct errinfo *ei)
{
	const char *type, *text, *help, *v;
	json_t *d = json_deep_copy(doc), *questions, *q;
	size_t n, k;
	bool present;
	double x;
	int t;
	enum err e;

	*out = NULL;
	if (!json_is_object(d))
		d = json_pack("{s:s, s:s}", "format", SURV_FORMAT, "title", "?");
	if (!json_is_array(questions = json_object_get(d, "questions"))) {
		json_object_set_new(d, "questions", json_array());
		questions = json_object_get(d, "questions");
	}
	if ((e = web_field(r, w, "q_type", 16, true, &type, ei)) != ERR_OK ||
	    (e = web_field(r, w, "q_text", SURV_TEXT_MAX, true, &text, ei)) !=
	    ERR_OK ||
	    (e = web_field(r, w, "q_help", SURV_TEXT_MAX, false, &help, ei)) !=
	    ERR_OK)
		goto fail;
	for (t = 0; surv_qtype_names[t] != NULL; t++)
		if (strcmp(surv_qtype_names[t], type) == 0)
			break;
	if (surv_qtype_names[t] == NULL) {
		e = err_set_vi(ei, ERR_INVALID, "surveys.bad_type", "q_type",
		    "loại câu hỏi “%.16s” không được hỗ trợ", type);
		goto fail;
	}
	/* The next free id q<k>. */
	n = json_array_size(questions);
	for (k = n + 1;; k++) {
		const char *id = arena_printf(r->arena, "q%zu", k);
		json_t *it;
		size_t i;
		bool used = false;

		json_array_foreach(questions, i, it)
			used = used || (jval_str(it, "id") != NULL &&
			    strcmp(jval_str(it, "id"), id) == 0);
		if (!used)
			break;
	}
	q = json_pack("{s:s, s:s, s:s, s:b}", "id", arena_printf(r->arena,
	    "q%zu", k), "type", type, "text", text, "required",
	    flag(r, w, "q_required"));
	if (help != NULL)
		json_object_set_new(q, "help", json_string(help));
	json_array_append_new(questions, q);
	switch ((enum surv_qtype)t) {
	case SURV_SINGLE:
	case SURV_MULTI:
		e = add_options(r, w, q, ei);
		break;
	case SURV_YESNO:
		if ((e = web_field(r, w, "q_satisfied_yesno", 16, false, &v,
		    ei)) == ERR_OK && v != NULL) {
			if (yes_no(v) == NULL)
				e = err_set_vi(ei, ERR_INVALID, "surveys.bad_value",
				    "q_satisfied_yesno", "chọn “Có” hoặc “Không”");
			else
				json_object_set_new(q, "satisfied",
				    json_string(yes_no(v)));
		}
		break;
	case SURV_SCALE5:
		if ((e = survw_body_number(r, w, "q_satisfied_from", false, &x,
		    &present, ei)) == ERR_OK && present) {
			if (x < 1 || x > 5 || x != (int)x)
				e = err_set_vi(ei, ERR_INVALID, "surveys.bad_value",
				    "q_satisfied_from", "chọn một mức từ 1 đến 5");
			else
				json_object_set_new(q, "satisfied_from",
				    json_integer((int)x));
		}
		break;
	case SURV_NUMBER:
		if ((e = survw_body_number(r, w, "q_min", false, &x, &present,
		    ei)) == ERR_OK && present)
			json_object_set_new(q, "min", json_real(x));
		if (e == ERR_OK && (e = survw_body_number(r, w, "q_max", false,
		    &x, &present, ei)) == ERR_OK && present)
			json_object_set_new(q, "max", json_real(x));
		break;
	case SURV_TEXT:
		if ((e = survw_body_number(r, w, "q_max_length", false, &x,
		    &present, ei)) == ERR_OK && present) {
			if (x < 1 || x > 100000 || x != (long)x)
				e = err_set_vi(ei, ERR_INVALID, "surveys.bad_value",
				    "q_max_length", "độ dài tối đa phải là số "
				    "nguyên dương");
			else
				json_object_set_new(q, "max_length",
				    json_integer((long)x));
		}
		break;
	}
	if (e == ERR_OK)
		e = add_condition(r, w, questions, q, ei);
	if (e != ERR_OK)
		goto fail;
	*out = d;
	return ERR_OK;
fail:
	json_decref(d);
	return e;
}

enum err
survw_update(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct audit_actor who;
	const char *action, *text = NULL;
	json_t *s, *doc = NULL;
	size_t len = 0;
	int64_t id;
	char *dumped;
	enum err e;

	if ((e = web_path_id(r, "id", "surveys.not_found", &id, ei)) != ERR_OK ||
	    (e = survw_survey_get(w, id, SURVW_OFFICIALS, true, &s, ei)) !=
	    ERR_OK)
		return e;
	jval_merge(view, s);
	if (!w->json)
		design_display(r, w, view);
	if ((e = web_field(r, w, "action", 16, false, &action, ei)) != ERR_OK)
		return e;
	if (action != NULL && strcmp(action, "add") == 0) {
		if ((e = add_question(r, w, json_object_get(view, "document"),
		    &doc, ei)) != ERR_OK)
			return e;
		dumped = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(doc);
		if (dumped == NULL)
			return err_set_vi(ei, ERR_SYS, NULL, NULL,
			    "không tạo được bảng hỏi");
		text = arena_strdup(r->arena, dumped);
		len = strlen(text);
		free(dumped);
	} else if ((e = survw_document_text(r, w, &text, &len, ei)) != ERR_OK)
		return e;
	survw_actor(w, SURVW_OFFICIALS, jval_str(view, "structure"),
	    jval_str(view, "unit_code"), &who);
	if ((e = surv_update(w->db, &who, id, text, len, ei)) != ERR_OK) {
		/* The text area shows what was sent, to be corrected. */
		if (action == NULL || strcmp(action, "add") != 0)
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
