/*
 * surveys_results.c - results from the tallies (never from the responses:
 * a million responses read as fast as ten), the outcome other modules
 * use, the responses for exports, and comment moderation.
 *
 * Rates: a question's rate is satisfied / answered; the overall rate is
 * the average of the rates of the questions that count (docs/SURVEYS.md),
 * its interval computed as a proportion of the responses.  Intervals use
 * the households in scope for the finite-population correction.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/msg.h"
#include "domain/surveys/surveys_store_internal.h"

/* The tallies of one campaign: {village: {question: {answer: n}}}. */
static enum err
load_tallies(struct db *db, int64_t campaign_id, json_t **out,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_TALLY_OF);
	json_t *t = json_object();
	int rc;

	db_bind_int(st, 1, campaign_id);
	while ((rc = db_step(st, ei)) == 1) {
		const char *v = db_col_text(st, 0), *qid = db_col_text(st, 1);
		json_t *vo = json_object_get(t, v), *qo;

		if (vo == NULL)
			json_object_set_new(t, v, vo = json_object());
		if ((qo = json_object_get(vo, qid)) == NULL)
			json_object_set_new(vo, qid, qo = json_object());
		json_object_set_new(qo, db_col_text(st, 2),
		    json_integer(db_col_int(st, 3)));
	}
	db_end_reads(db);
	if (rc < 0) {
		json_decref(t);
		return ei->err;
	}
	*out = t;
	return ERR_OK;
}

static int64_t
count_of(json_t *tallies, const char *village, const char *question,
    const char *answer)
{
	return json_integer_value(json_object_get(json_object_get(
	    json_object_get(tallies, village), question), answer));
}

static double
pct(double x)
{
	return round(x * 1000.0) / 10.0;	/* percent, one decimal */
}

static json_t *
ci_json(struct surv_ci c)
{
	return json_pack("[f, f]", pct(c.lo), pct(c.hi));
}

/* Mean rate over the counting questions of village v; *n_q of them. */
static double
mean_rate(const struct surv_def *d, json_t *tallies, const char *v, int *n_q)
{
	double sum = 0;

	*n_q = 0;
	for (size_t i = 0; i < d->n_questions; i++) {
		const struct surv_question *q = &d->questions[i];
		int64_t answered = count_of(tallies, v, q->id, "");

		if (!q->counts || answered == 0)
			continue;
		sum += (double)count_of(tallies, v, q->id, "+") /
		    (double)answered;
		(*n_q)++;
	}
	return *n_q ? sum / *n_q : 0.0;
}

/* One option's count: {id, text, count}. */
static json_t *
option_json(json_t *tallies, const struct surv_question *q, const char *id,
    const char *text)
{
	return json_pack("{s:s, s:s, s:I}", "id", id, "text", text, "count",
	    (json_int_t)count_of(tallies, "", q->id, id));
}

static json_t *
question_json(const struct surv_question *q, json_t *tallies,
    int64_t households, const char *lang)
{
	int64_t answered = count_of(tallies, "", q->id, ""),
	    satisfied = count_of(tallies, "", q->id, "+");
	json_t *opts = json_array(), *o;

	switch (q->type) {
	case SURV_SINGLE:
	case SURV_MULTI:
		for (size_t k = 0; k < q->n_options; k++)
			json_array_append_new(opts, option_json(tallies, q,
			    q->options[k].id, q->options[k].text));
		break;
	case SURV_SCALE5:
		for (int g = 1; g <= 5; g++) {
			char id[4];

			snprintf(id, sizeof(id), "%d", g);
			json_array_append_new(opts, option_json(tallies, q, id,
			    id));
		}
		break;
	case SURV_YESNO:
		json_array_append_new(opts, option_json(tallies, q, "yes",
		    msg_get(lang, "yes")));
		json_array_append_new(opts, option_json(tallies, q, "no",
		    msg_get(lang, "no")));
		break;
	default:
		break;
	}
	o = json_pack("{s:s, s:s, s:s, s:b, s:I, s:o}", "id", q->id, "text",
	    q->text, "type", surv_qtype_names[q->type], "counts", q->counts,
	    "answered", (json_int_t)answered, "options", opts);
	if (q->counts) {
		struct surv_ci c = surv_proportion_ci(satisfied, answered,
		    households);

		json_object_set_new(o, "satisfied", json_integer(satisfied));
		json_object_set_new(o, "rate", json_real(pct(c.p)));
		json_object_set_new(o, "ci", ci_json(c));
	}
	return o;
}

static enum err
villages_json(struct db *db, int64_t campaign_id, const struct surv_def *d,
    json_t *tallies, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_CODE_VILLAGES);
	json_t *list = json_array();
	int rc;

	db_bind_int(st, 1, campaign_id);
	while ((rc = db_step(st, ei)) == 1) {
		const char *v = db_col_text(st, 0);
		int64_t codes = db_col_int(st, 2),
		    responses = count_of(tallies, v, "", "");	/* = spent */
		int nq;
		double rate = mean_rate(d, tallies, v, &nq);

		if (v[0] == '\0')
			continue;	/* codes issued without a village */
		json_array_append_new(list, json_pack(
		    "{s:s, s:s?, s:I, s:I, s:f, s:o}", "code", v, "name",
		    db_col_text(st, 1), "codes", (json_int_t)codes,
		    "responses", (json_int_t)responses, "coverage", codes ?
		    pct((double)responses / (double)codes) : 0.0, "rate",
		    nq ? json_real(pct(rate)) : json_null()));
	}
	db_end_reads(db);
	if (rc < 0) {
		json_decref(list);
		return ei->err;
	}
	*out = list;
	return ERR_OK;
}

enum err
surv_results(struct db *db, int64_t campaign_id, bool with_comments,
    const char *lang, json_t **out, struct errinfo *ei)
{
	struct surv_def *d = NULL;
	json_t *camp, *tallies = NULL, *questions, *villages = NULL, *doc;
	int64_t responses, households;
	double coverage, rate, min_cov, threshold;
	struct surv_ci ci;
	int nq;
	enum err e;

	if ((e = surv_campaign_get(db, campaign_id, &camp, ei)) != ERR_OK)
		return e;
	doc = json_object_get(camp, "document");
	if ((e = surv_def_from_json(doc, &d, ei)) != ERR_OK ||
	    (e = load_tallies(db, campaign_id, &tallies, ei)) != ERR_OK ||
	    (e = villages_json(db, campaign_id, d, tallies, &villages, ei)) !=
	    ERR_OK)
		goto out;
	households = json_integer_value(json_object_get(camp, "households"));
	min_cov = json_number_value(json_object_get(camp, "min_coverage"));
	threshold = json_number_value(json_object_get(camp, "threshold"));
	responses = count_of(tallies, "", "", "");
	questions = json_array();
	for (size_t i = 0; i < d->n_questions; i++)
		json_array_append_new(questions, question_json(&d->questions[i],
		    tallies, households, lang));
	rate = mean_rate(d, tallies, "", &nq);
	ci = surv_rate_ci(rate, responses, households);
	coverage = households ? 100.0 * (double)responses / (double)households :
	    0.0;
	json_object_del(camp, "document");
	*out = json_pack("{s:o, s:I, s:f, s:o, s:o, s:b, s:b, s:b, s:o, s:o}",
	    "campaign", camp, "responses", (json_int_t)responses,
	    "coverage", round(coverage * 10.0) / 10.0,
	    "rate", nq ? json_real(pct(rate)) : json_null(),
	    "ci", nq ? ci_json(ci) : json_null(),
	    "coverage_met", coverage + 1e-9 >= min_cov,
	    "rate_met", nq > 0 && 100.0 * rate + 1e-9 >= threshold,
	    "met", nq > 0 && coverage + 1e-9 >= min_cov &&
	    100.0 * rate + 1e-9 >= threshold,
	    "questions", questions, "villages", villages);
	camp = NULL;
	villages = NULL;
	if (with_comments) {
		json_t *c;

		if ((e = surv_comments(db, campaign_id, false, 50, 0, &c, ei)) !=
		    ERR_OK) {
			json_decref(*out);
			*out = NULL;
			goto out;
		}
		json_object_set_new(*out, "comments", json_incref(
		    json_object_get(c, "items")));
		json_decref(c);
	}
out:
	json_decref(camp);
	json_decref(villages);
	json_decref(tallies);
	surv_def_free(d);
	return e;
}

enum err
surv_campaign_outcome(struct db *db, int64_t campaign_id,
    struct surv_outcome *out, struct errinfo *ei)
{
	json_t *r, *ci;
	enum err e;

	memset(out, 0, sizeof(*out));
	if ((e = surv_results(db, campaign_id, false, NULL, &r, ei)) != ERR_OK)
		return e;
	out->responses = json_integer_value(json_object_get(r, "responses"));
	out->households = json_integer_value(json_object_get(json_object_get(r,
	    "campaign"), "households"));
	out->coverage = json_number_value(json_object_get(r, "coverage"));
	out->rate = json_number_value(json_object_get(r, "rate"));
	ci = json_object_get(r, "ci");
	out->ci.p = out->rate / 100.0;
	out->ci.lo = json_number_value(json_array_get(ci, 0)) / 100.0;
	out->ci.hi = json_number_value(json_array_get(ci, 1)) / 100.0;
	out->coverage_met = json_is_true(json_object_get(r, "coverage_met"));
	out->rate_met = json_is_true(json_object_get(r, "rate_met"));
	out->met = json_is_true(json_object_get(r, "met"));
	out->closed = strcmp(json_string_value(json_object_get(json_object_get(
	    r, "campaign"), "state")), "closed") == 0;
	json_decref(r);
	return ERR_OK;
}

enum err
surv_responses(struct db *db, int64_t campaign_id, json_t **out,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_RESPONSE_LIST);
	json_t *rows = json_array();
	int rc;

	db_bind_int(st, 1, campaign_id);
	while ((rc = db_step(st, ei)) == 1) {
		json_t *a = json_loads(db_col_text(st, 2), 0, NULL);

		if (a == NULL)
			a = json_object();
		json_object_set_new(a, "village", json_string(db_col_text(st,
		    0)));
		json_object_set_new(a, "day", json_string(db_col_text(st, 1)));
		json_array_append_new(rows, a);
	}
	db_end_reads(db);
	if (rc < 0) {
		json_decref(rows);
		return ei->err;
	}
	*out = rows;
	return ERR_OK;
}

enum err
surv_comments(struct db *db, int64_t campaign_id, bool include_hidden,
    int64_t limit, int64_t offset, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_COMMENT_LIST);
	json_t *items = json_array();
	int64_t total = 0;
	int rc;

	db_bind_int(st, 1, campaign_id);
	db_bind_int(st, 2, include_hidden);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:b}",
		    "id", db_col_text(st, 0), "question_id", db_col_text(st, 1),
		    "village_code", db_col_text(st, 2), "body",
		    db_col_text(st, 3), "hidden", db_col_int(st, 4) != 0));
	db_end_reads(db);
	if (rc < 0) {
		json_decref(items);
		return ei->err;
	}
	/* The total from the tally and the (few) hidden ones: never a
	 * count over every comment. */
	st = db_stmt(db, STMT_SURV_COMMENT_TOTAL);
	db_bind_int(st, 1, campaign_id);
	if ((rc = db_step(st, ei)) == 1)
		total = db_col_int(st, 0);
	db_end_reads(db);
	if (rc == 1 && !include_hidden) {
		st = db_stmt(db, STMT_SURV_COMMENT_HIDDEN_COUNT);
		db_bind_int(st, 1, campaign_id);
		if ((rc = db_step(st, ei)) == 1)
			total -= db_col_int(st, 0);
	}
	return surv_list_done(db, rc < 0 ? rc : 0, items, total, out, ei);
}

enum err
surv_comment_hide(struct db *db, const struct audit_actor *who,
    int64_t campaign_id, const char *comment_id, bool hidden,
    struct errinfo *ei)
{
	struct db_stmt *st;
	enum err e;

	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_SURV_COMMENT_HIDE);
	db_bind_int(st, 1, hidden);
	db_bind_int(st, 2, campaign_id);
	db_bind_text(st, 3, comment_id);
	if ((e = db_exec(st, ei)) == ERR_OK && db_changes(db) != 1)
		e = err_set(ei, ERR_NOTFOUND, "surveys.comment_not_found", "id",
		    "Không có ý kiến này", "There is no such comment");
	if (e == ERR_OK)
		e = audit_record(db, who, hidden ? "survey.comment_hide" :
		    "survey.comment_show", NULL, NULL, NULL, ei,
		    "survey_comment:%lld/%.40s", (long long)campaign_id,
		    comment_id);
	return db_finish(db, e, ei);
}
