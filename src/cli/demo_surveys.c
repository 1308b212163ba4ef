/*
 * demo_surveys.c - the surveys part of "ntm demo": two campaigns of the
 * shipped satisfaction questionnaire, so a new user sees the whole cycle.
 *
 *  - Xã Sóc Sơn (2025:00376), open until 31/12 of this year, codes issued
 *    per demo village and some responses in: a campaign in progress;
 *  - Xã Bà Nà (2025:20308), closed, with its results public.
 *
 * Responses go through surv_submit like any citizen's; the answers are a
 * deterministic function of the response number (about 9 in 10 households
 * satisfied), with a few comments.  "sample" mode (the tests) keeps the
 * numbers small.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/date.h"
#include "domain/surveys/surveys_store.h"

static const char *const comments[] = {
	"Đề nghị sửa đoạn đường liên thôn bị xuống cấp.",
	"Cần thêm đèn chiếu sáng ở đường vào thôn.",
	"Rác thải cần được thu gom thường xuyên hơn.",
	"Mong có thêm lớp học nghề cho thanh niên.",
};

/* The answers of response k: grades 4-5 mostly, a "no" now and then. */
static json_t *
answers_for(const struct surv_def *d, unsigned k)
{
	json_t *a = json_object();
	bool unhappy = k % 11 == 3;

	for (size_t i = 0; i < d->n_questions; i++) {
		const struct surv_question *q = &d->questions[i];
		unsigned h = (k * 2654435761u) ^ (unsigned)(i * 40503u);

		switch (q->type) {
		case SURV_SCALE5:
			json_object_set_new(a, q->id, json_integer(unhappy ?
			    2 + (int)(h % 2) : h % 9 == 0 ? 3 : 4 + (int)(h % 2)));
			break;
		case SURV_YESNO:
			json_object_set_new(a, q->id, json_string(unhappy ? "no" :
			    "yes"));
			break;
		case SURV_SINGLE:
			json_object_set_new(a, q->id, json_string(q->options[
			    h % q->n_options].id));
			break;
		case SURV_NUMBER:
			json_object_set_new(a, q->id, json_integer(q->has_min ?
			    (json_int_t)q->min : 1));
			break;
		case SURV_TEXT:
			if (unhappy || k % 7 == 0)
				json_object_set_new(a, q->id, json_string(
				    comments[k % 4]));
			break;
		case SURV_MULTI:
			break;
		}
	}
	return a;
}

static enum err
run_campaign(struct db *db, int64_t survey, const struct surv_def *d,
    const char *code, const char *title, int64_t households, int codes_n,
    int responses, bool close, struct errinfo *ei)
{
	static const char *const villages[] = { "00376-01", "00376-02" };
	struct arena *a = arena_new(1024);
	struct surv_campaign_in in;
	char opens[DATE_LEN], closes[DATE_LEN];
	int64_t id;
	int done = 0;
	enum err e;

	/* The programme's defaults, over this calendar year. */
	surv_campaign_defaults(a, "2025", code, title, &in);
	date_today(opens);
	memcpy(opens + 4, "-01-01", 7);
	memcpy(closes, opens, 4);
	memcpy(closes + 4, "-12-31", 7);
	in.survey_id = survey;
	in.title = title;
	in.households = households;
	in.min_coverage = 60;
	in.opens_on = opens;
	in.closes_on = closes;
	e = surv_campaign_create(db, NULL, &in, &id, ei);
	arena_free(a);
	if (e != ERR_OK)
		return e;
	/* Sóc Sơn has two demo villages: a batch each; Bà Nà one batch. */
	for (int v = 0; v < (strcmp(code, "00376") == 0 ? 2 : 1); v++) {
		json_t *batch, *list, *c;
		size_t i;

		if ((e = surv_codes_issue(db, NULL, id, codes_n,
		    strcmp(code, "00376") == 0 ? villages[v] : NULL, &batch,
		    ei)) != ERR_OK)
			return e;
		list = json_object_get(batch, "codes");
		json_array_foreach(list, i, c) {
			struct surv_submission s = { .campaign_id = id,
			    .code = json_string_value(c), .channel = i % 3 ?
			    "web" : "paper" };

			if (done >= responses * (v + 1) /
			    (strcmp(code, "00376") == 0 ? 2 : 1))
				break;
			s.answers = answers_for(d, (unsigned)done);
			e = surv_submit(db, &s, ei);
			json_decref(s.answers);
			if (e != ERR_OK) {
				json_decref(batch);
				return e;
			}
			done++;
		}
		json_decref(batch);
	}
	if (close)
		e = surv_campaign_close(db, NULL, id, ei);
	printf("Demo survey: %s, %d responses%s (/campaigns/%lld)\n", title,
	    done, close ? ", closed, results public" : ", open",
	    (long long)id);
	return e;
}

int
demo_surveys(struct db *db, const char *mode)
{
	struct surv_def *d = NULL;
	struct errinfo ei;
	json_t *list, *it, *s;
	int64_t template = 0;
	bool sample = strcmp(mode, "sample") == 0;
	size_t i;
	enum err e;

	err_clear(&ei);
	if (strcmp(mode, "none") == 0)
		return EXIT_OK;
	if (surv_list(db, NULL, NULL, 100, 0, &list, &ei) != ERR_OK)
		return cli_fail("demo", &ei);
	json_array_foreach(json_object_get(list, "items"), i, it)
		if (json_is_true(json_object_get(it, "is_template")))
			template = json_integer_value(json_object_get(it, "id"));
	json_decref(list);
	if (surv_campaign_list(db, NULL, NULL, 1, 0, &list, &ei) != ERR_OK)
		return cli_fail("demo", &ei);
	i = (size_t)json_integer_value(json_object_get(list, "total"));
	json_decref(list);
	if (i > 0)
		return EXIT_OK;	/* the demo campaigns exist already */
	if (template == 0)
		return EXIT_OK;	/* no template shipped */
	if ((e = surv_get(db, template, &s, &ei)) != ERR_OK)
		return cli_fail("demo", &ei);
	e = surv_def_from_json(json_object_get(s, "document"), &d, &ei);
	json_decref(s);
	if (e == ERR_OK)
		e = run_campaign(db, template, d, "00376",
		    "Lấy ý kiến sự hài lòng của người dân xã Sóc Sơn (minh họa)",
		    sample ? 60 : 2400, sample ? 30 : 600, sample ? 20 : 700,
		    false, &ei);
	if (e == ERR_OK)
		e = run_campaign(db, template, d, "20308",
		    "Lấy ý kiến sự hài lòng của người dân xã Bà Nà (minh họa)",
		    sample ? 40 : 800, sample ? 40 : 800, sample ? 30 : 620,
		    true, &ei);
	surv_def_free(d);
	return e == ERR_OK ? EXIT_OK : cli_fail("demo", &ei);
}
