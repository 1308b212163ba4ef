/*
 * surveys_results.c - results from the tallies (never from the responses:
 * a million responses read as fast as ten), the outcome other modules
 * use, the responses for exports, and comment moderation.
 *
 * Every reader goes through the disclosure rule (surveys.h,
 * surv_group_villages; docs/SURVEYS.md "Anonymity against the survey's
 * owner"): until the close, counts only - nothing one household's answer
 * changes; after it, answers only in groups of at least SURV_GROUP_MIN
 * responses, individual responses shuffled, without time or free text.
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

#include <sodium.h>

#include "core/jval.h"
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

/*
 * What the results of one campaign are built from: its campaign (without
 * the questionnaire), the questionnaire, the tallies, and the group
 * candidates of the disclosure rule (surv_group_villages): every village
 * codes were issued for, and the responses of no village as one more
 * candidate (code "") when there are villages at all.
 */
struct res_ctx {
	struct arena *a;
	struct surv_def *d;
	json_t *camp, *tallies;
	bool closed;		/* state "closed": final */
	bool publishable;	/* closed and at least SURV_GROUP_MIN */
	size_t n, n_named;
	const char **code, **name;
	int64_t *codes, *responses;
	int *group;
};

static void
ctx_free(struct res_ctx *c)
{
	json_decref(c->camp);
	json_decref(c->tallies);
	surv_def_free(c->d);
	arena_free(c->a);
}

/* A count of candidate i: a village's from its tallies; the responses of
 * no village are the whole campaign's less every village's. */
static int64_t
cand_count(const struct res_ctx *c, size_t i, const char *question,
    const char *answer)
{
	int64_t n;

	if (c->code[i][0] != '\0')
		return count_of(c->tallies, c->code[i], question, answer);
	n = count_of(c->tallies, "", question, answer);
	for (size_t k = 0; k < c->n; k++)
		if (c->code[k][0] != '\0')
			n -= count_of(c->tallies, c->code[k], question, answer);
	return n;
}

static enum err
load_candidates(struct db *db, int64_t campaign_id, struct res_ctx *c,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_CODE_VILLAGES);
	size_t cap = 16, n = 0;
	int64_t none_codes = 0, sum = 0;
	int rc;

	c->code = arena_alloc(c->a, cap * sizeof(*c->code));
	c->name = arena_alloc(c->a, cap * sizeof(*c->name));
	c->codes = arena_alloc(c->a, cap * sizeof(*c->codes));
	db_bind_int(st, 1, campaign_id);
	while ((rc = db_step(st, ei)) == 1) {
		const char *v = db_col_text(st, 0);

		if (v[0] == '\0') {
			none_codes = db_col_int(st, 2);
			continue;
		}
		if (n + 1 >= cap) {	/* one left for the candidate "" */
			const char **code = arena_alloc(c->a, 2 * cap *
			    sizeof(*code)), **name = arena_alloc(c->a, 2 *
			    cap * sizeof(*name));
			int64_t *codes = arena_alloc(c->a, 2 * cap *
			    sizeof(*codes));

			memcpy(code, c->code, n * sizeof(*code));
			memcpy(name, c->name, n * sizeof(*name));
			memcpy(codes, c->codes, n * sizeof(*codes));
			c->code = code;
			c->name = name;
			c->codes = codes;
			cap *= 2;
		}
		c->code[n] = arena_strdup(c->a, v);
		c->name[n] = db_col_null(st, 1) ? c->code[n] :
		    arena_strdup(c->a, db_col_text(st, 1));
		c->codes[n++] = db_col_int(st, 2);
	}
	db_end_reads(db);
	if (rc < 0)
		return ei->err;
	c->n_named = n;
	c->responses = arena_alloc(c->a, (n + 1) * sizeof(*c->responses));
	c->group = arena_alloc(c->a, (n + 1) * sizeof(*c->group));
	for (size_t i = 0; i < n; i++)
		sum += c->responses[i] = count_of(c->tallies, c->code[i], "", "");
	if (n > 0 && (none_codes > 0 || count_of(c->tallies, "", "", "") >
	    sum)) {
		c->code[n] = "";
		c->name[n] = NULL;	/* named in the caller's language */
		c->codes[n] = none_codes;
		c->responses[n] = count_of(c->tallies, "", "", "") - sum;
		n++;
	}
	c->n = n;
	/* The candidates hold every response when there are villages; the
	 * rule's total is the campaign's either way. */
	(void)surv_group_villages(c->responses, n, c->group);
	c->publishable = c->closed && count_of(c->tallies, "", "", "") >=
	    SURV_GROUP_MIN;
	return ERR_OK;
}

static enum err
ctx_load(struct db *db, int64_t campaign_id, struct res_ctx *c,
    struct errinfo *ei)
{
	enum err e;

	memset(c, 0, sizeof(*c));
	c->a = arena_new(4096);
	if ((e = surv_campaign_get(db, campaign_id, &c->camp, ei)) != ERR_OK)
		return e;
	if ((e = surv_def_from_json(json_object_get(c->camp, "document"),
	    &c->d, ei)) != ERR_OK ||
	    (e = load_tallies(db, campaign_id, &c->tallies, ei)) != ERR_OK)
		return e;
	json_object_del(c->camp, "document");
	c->closed = strcmp(jval_str(c->camp, "state"), "closed") == 0;
	return load_candidates(db, campaign_id, c, ei);
}

/* The rate of the candidates in group g (SURV_GROUP_POOLED: the pool),
 * *n_q the questions it averages. */
static double
group_rate(const struct res_ctx *c, int g, int *n_q)
{
	double sum = 0;

	*n_q = 0;
	for (size_t q = 0; q < c->d->n_questions; q++) {
		const struct surv_question *qu = &c->d->questions[q];
		int64_t answered = 0, satisfied = 0;

		if (!qu->counts)
			continue;
		for (size_t i = 0; i < c->n; i++)
			if (c->group[i] == g) {
				answered += cand_count(c, i, qu->id, "");
				satisfied += cand_count(c, i, qu->id, "+");
			}
		if (answered > 0) {
			sum += (double)satisfied / (double)answered;
			(*n_q)++;
		}
	}
	return *n_q ? sum / *n_q : 0.0;
}

static json_t *
group_json(const char *code, const char *name, int64_t codes,
    int64_t responses)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:f}", "code", code, "name",
	    name, "codes", (json_int_t)codes, "responses",
	    (json_int_t)responses, "coverage", codes ?
	    pct((double)responses / (double)codes) : 0.0);
}

/*
 * The villages of the results.  Not publishable (open, or too few): the
 * counts of each village, nothing that an answer changes.  Publishable:
 * the groups of the disclosure rule, each with its rate, the pool last
 * ({"code": "*", "members": [names]}); *map (if not NULL) gets
 * {candidate code: its group's code}.
 */
static json_t *
villages_json(const struct res_ctx *c, const char *lang, json_t **map)
{
	json_t *list = json_array(), *pooled = json_array(), *o;
	int64_t pool_codes = 0, pool_resp = 0;
	int nq;

	if (map != NULL)
		*map = json_object();
	for (size_t i = 0; i < c->n; i++) {
		const char *name = c->name[i] != NULL ? c->name[i] :
		    msg_get(lang, "surv_no_village_group");

		if (!c->publishable) {
			if (c->code[i][0] != '\0')
				json_array_append_new(list, group_json(
				    c->code[i], name, c->codes[i],
				    c->responses[i]));
			continue;
		}
		if (c->group[i] == SURV_GROUP_POOLED) {
			json_array_append_new(pooled, json_string(name));
			pool_codes += c->codes[i];
			pool_resp += c->responses[i];
			if (map != NULL)
				json_object_set_new(*map, c->code[i],
				    json_string(SURV_GROUP_POOL_CODE));
			continue;
		}
		o = group_json(c->code[i], name, c->codes[i], c->responses[i]);
		double rate = group_rate(c, c->group[i], &nq);
		json_object_set_new(o, "rate", nq ? json_real(pct(rate)) :
		    json_null());
		json_array_append_new(list, o);
		if (map != NULL)
			json_object_set_new(*map, c->code[i],
			    json_string(c->code[i]));
	}
	if (json_array_size(pooled) > 0) {
		double rate = group_rate(c, SURV_GROUP_POOLED, &nq);

		o = group_json(SURV_GROUP_POOL_CODE, msg_get(lang,
		    "surv_pooled_group"), pool_codes, pool_resp);
		json_object_set_new(o, "rate", nq && pool_resp > 0 ?
		    json_real(pct(rate)) : json_null());
		json_object_set_new(o, "members", pooled);
		json_array_append_new(list, o);
	} else
		json_decref(pooled);
	return list;
}

/* The whole results of c (every figure), for surv_results to disclose
 * and for the outcome. */
static json_t *
results_full(const struct res_ctx *c, const char *lang)
{
	int64_t responses = count_of(c->tallies, "", "", ""), households;
	double coverage, rate, min_cov, threshold;
	json_t *questions = json_array();
	struct surv_ci ci;
	int nq;

	households = json_integer_value(json_object_get(c->camp, "households"));
	min_cov = json_number_value(json_object_get(c->camp, "min_coverage"));
	threshold = json_number_value(json_object_get(c->camp, "threshold"));
	for (size_t i = 0; i < c->d->n_questions; i++)
		json_array_append_new(questions, question_json(
		    &c->d->questions[i], c->tallies, households, lang));
	rate = mean_rate(c->d, c->tallies, "", &nq);
	ci = surv_rate_ci(rate, responses, households);
	coverage = households ? 100.0 * (double)responses / (double)households :
	    0.0;
	return json_pack("{s:O, s:I, s:f, s:o, s:o, s:b, s:b, s:b, s:o}",
	    "campaign", c->camp, "responses", (json_int_t)responses,
	    "coverage", round(coverage * 10.0) / 10.0,
	    "rate", nq ? json_real(pct(rate)) : json_null(),
	    "ci", nq ? ci_json(ci) : json_null(),
	    "coverage_met", coverage + 1e-9 >= min_cov,
	    "rate_met", nq > 0 && 100.0 * rate + 1e-9 >= threshold,
	    "met", nq > 0 && coverage + 1e-9 >= min_cov &&
	    100.0 * rate + 1e-9 >= threshold,
	    "questions", questions);
}

/* Results that are not publishable keep their counts only: no rate, no
 * answer counted by question or option, nothing an answer changes. */
static void
counts_only(json_t *res)
{
	json_t *q;
	size_t i;

	json_object_set_new(res, "rate", json_null());
	json_object_set_new(res, "ci", json_null());
	json_object_set_new(res, "rate_met", json_null());
	json_object_set_new(res, "met", json_null());
	json_array_foreach(json_object_get(res, "questions"), i, q) {
		json_object_del(q, "answered");
		json_object_del(q, "satisfied");
		json_object_del(q, "rate");
		json_object_del(q, "ci");
		json_object_del(q, "options");
	}
}

/* Comments of c as its readers may see them: only once publishable, the
 * village of each replaced by its group's code. */
static enum err
comments_read(struct db *db, int64_t campaign_id, json_t *map,
    bool include_hidden, int64_t limit, int64_t offset, json_t **out,
    struct errinfo *ei);

enum err
surv_results(struct db *db, int64_t campaign_id, bool with_comments,
    const char *lang, json_t **out, struct errinfo *ei)
{
	struct res_ctx c;
	json_t *res = NULL, *map = NULL;
	enum err e;

	*out = NULL;
	if ((e = ctx_load(db, campaign_id, &c, ei)) != ERR_OK)
		goto out;
	res = results_full(&c, lang);
	json_object_set_new(res, "villages", villages_json(&c, lang, &map));
	json_object_set_new(res, "published", json_boolean(c.publishable));
	json_object_set_new(res, "suppressed", json_boolean(c.closed &&
	    !c.publishable));
	json_object_set_new(res, "min_group", json_integer(SURV_GROUP_MIN));
	if (!c.publishable)
		counts_only(res);
	if (with_comments) {
		json_t *cm;

		if (c.publishable) {
			if ((e = comments_read(db, campaign_id, map, false, 50, 0,
			    &cm, ei)) != ERR_OK)
				goto out;
			json_object_set_new(res, "comments", json_incref(
			    json_object_get(cm, "items")));
			json_decref(cm);
		} else
			json_object_set_new(res, "comments", json_array());
	}
	*out = res;
	res = NULL;
out:
	json_decref(res);
	json_decref(map);
	ctx_free(&c);
	return e;
}

enum err
surv_campaign_outcome(struct db *db, int64_t campaign_id,
    struct surv_outcome *out, struct errinfo *ei)
{
	struct res_ctx c;
	json_t *r, *ci;
	enum err e;

	memset(out, 0, sizeof(*out));
	if ((e = ctx_load(db, campaign_id, &c, ei)) != ERR_OK) {
		ctx_free(&c);
		return e;
	}
	r = results_full(&c, NULL);
	out->responses = json_integer_value(json_object_get(r, "responses"));
	out->households = json_integer_value(json_object_get(json_object_get(r,
	    "campaign"), "households"));
	out->coverage = json_number_value(json_object_get(r, "coverage"));
	out->coverage_met = json_is_true(json_object_get(r, "coverage_met"));
	out->closed = c.closed;
	/* The rate is final, and read, only once the campaign has closed:
	 * until then it would tell its owner how each new answer went. */
	if (c.closed) {
		out->rate = json_number_value(json_object_get(r, "rate"));
		ci = json_object_get(r, "ci");
		out->ci.p = out->rate / 100.0;
		out->ci.lo = json_number_value(json_array_get(ci, 0)) / 100.0;
		out->ci.hi = json_number_value(json_array_get(ci, 1)) / 100.0;
		out->rate_met = json_is_true(json_object_get(r, "rate_met"));
		out->met = json_is_true(json_object_get(r, "met"));
	}
	json_decref(r);
	ctx_free(&c);
	return ERR_OK;
}

static enum err
err_not_closed(struct errinfo *ei)
{
	return err_set(ei, ERR_CONFLICT, "surveys.not_closed", NULL,
	    "Từng phiếu trả lời và ý kiến chỉ xem được sau khi đợt khảo sát "
	    "kết thúc; trong khi đợt khảo sát diễn ra chỉ có số lượng.",
	    "Individual responses and comments can be read once the campaign "
	    "has closed; while it runs there are counts only.");
}

/* Unbiased shuffle (Fisher-Yates over randombytes_uniform). */
static void
shuffle(json_t *rows)
{
	size_t n = json_array_size(rows);

	for (size_t i = n; i > 1; i--) {
		size_t k = randombytes_uniform((uint32_t)i);
		json_t *a = json_incref(json_array_get(rows, i - 1));

		json_array_set(rows, i - 1, json_array_get(rows, k));
		json_array_set_new(rows, k, a);
	}
}

enum err
surv_responses(struct db *db, int64_t campaign_id, json_t **out,
    struct errinfo *ei)
{
	struct res_ctx c;
	struct db_stmt *st;
	json_t *rows = json_array(), *map = NULL;
	int rc = 0;
	enum err e;

	*out = NULL;
	if ((e = ctx_load(db, campaign_id, &c, ei)) != ERR_OK)
		goto out;
	if (!c.closed) {
		e = err_not_closed(ei);
		goto out;
	}
	json_decref(villages_json(&c, NULL, &map));
	if (c.publishable) {
		st = db_stmt(db, STMT_SURV_RESPONSE_LIST);
		db_bind_int(st, 1, campaign_id);
		while ((rc = db_step(st, ei)) == 1) {
			json_t *a = json_loads(db_col_text(st, 1), 0, NULL);
			const char *g = jval_str(map, db_col_text(st, 0));

			if (a == NULL)
				a = json_object();
			/* Free text lives in the comments alone (a row
			 * stored before migration 0008 may still hold it). */
			for (size_t q = 0; q < c.d->n_questions; q++)
				if (c.d->questions[q].type == SURV_TEXT)
					json_object_del(a, c.d->questions[q].id);
			json_object_set_new(a, "village", json_string(g != NULL ?
			    g : ""));
			json_array_append_new(rows, a);
		}
		db_end_reads(db);
		if (rc < 0) {
			e = ei->err;
			goto out;
		}
		shuffle(rows);
	}
	*out = json_pack("{s:O, s:I, s:b, s:i}", "items", rows, "total",
	    (json_int_t)json_array_size(rows), "suppressed", !c.publishable,
	    "min_group", SURV_GROUP_MIN);
out:
	json_decref(rows);
	json_decref(map);
	ctx_free(&c);
	return e;
}

static enum err
comments_read(struct db *db, int64_t campaign_id, json_t *map,
    bool include_hidden, int64_t limit, int64_t offset, json_t **out,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_COMMENT_LIST);
	json_t *items = json_array();
	int64_t total = 0;
	int rc;

	db_bind_int(st, 1, campaign_id);
	db_bind_int(st, 2, include_hidden);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset);
	while ((rc = db_step(st, ei)) == 1) {
		const char *g = jval_str(map, db_col_text(st, 2));

		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:b}",
		    "id", db_col_text(st, 0), "question_id", db_col_text(st, 1),
		    "village", g != NULL ? g : "", "body",
		    db_col_text(st, 3), "hidden", db_col_int(st, 4) != 0));
	}
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
surv_comments(struct db *db, int64_t campaign_id, bool include_hidden,
    int64_t limit, int64_t offset, json_t **out, struct errinfo *ei)
{
	struct res_ctx c;
	json_t *map = NULL;
	enum err e;

	*out = NULL;
	if ((e = ctx_load(db, campaign_id, &c, ei)) == ERR_OK) {
		if (!c.closed)
			e = err_not_closed(ei);
		else if (!c.publishable)
			*out = json_pack("{s:[], s:i}", "items", "total", 0);
		else {
			json_decref(villages_json(&c, NULL, &map));
			e = comments_read(db, campaign_id, map,
			    include_hidden, limit, offset, out, ei);
		}
	}
	json_decref(map);
	ctx_free(&c);
	return e;
}

enum err
surv_comment_hide(struct db *db, const struct audit_actor *who,
    int64_t campaign_id, const char *comment_id, bool hidden,
    struct errinfo *ei)
{
	struct db_stmt *st;
	json_t *c;
	bool closed;
	enum err e;

	/* Comments are read, and so moderated, once the campaign has
	 * closed (surv_comments). */
	if ((e = surv_campaign_brief(db, campaign_id, &c, ei)) != ERR_OK)
		return e;
	closed = strcmp(jval_str(c, "state"), "closed") == 0;
	json_decref(c);
	if (!closed)
		return err_not_closed(ei);
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
