/*
 * surveys_store_test.c - the survey store over a real SQLite database with
 * the real units: a campaign with household codes takes one response per
 * code (a spent code is 409, an unknown one 404, nothing stored), the
 * tallies give the results (rates, coverage, villages), answers to hidden
 * questions are dropped, and with the group-commit writer running many
 * threads racing for the same codes store exactly one response per code
 * and lose none.  Also the units of the records (the scopes of their
 * routes), a new campaign's defaults, and the publication rule.
 */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/surveys/surveys_store.h"
#include "domain/units/units.h"
#include "testdb.h"

struct fixture {
	char dir[64], path[128];
	struct db *db;
	int64_t survey, campaign;
};

static const char questionnaire[] =
    "{\"format\":\"ntm-survey/1\",\"title\":\"Khảo sát thử\","
    "\"questions\":["
    "{\"id\":\"q1\",\"type\":\"scale5\",\"text\":\"Đường giao thông\","
    "\"required\":true,\"satisfied_from\":4},"
    "{\"id\":\"q2\",\"type\":\"yesno\",\"text\":\"Hài lòng chung?\","
    "\"required\":true,\"satisfied\":\"yes\"},"
    "{\"id\":\"q3\",\"type\":\"text\",\"text\":\"Vì sao không?\","
    "\"show_if\":{\"question\":\"q2\",\"equals\":\"no\"}}]}";

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct units_import_stats st = { 0 };
	struct surv_campaign_in in = { 0 };
	struct errinfo ei;

	if (f == NULL || testdb_open("survstore", f->dir, f->path, &f->db) != 0)
		return -1;
	if (db_begin(f->db, &ei) != ERR_OK ||
	    units_import_national(f->db, "data/admin", &st, &ei) != ERR_OK ||
	    db_commit(f->db, &ei) != ERR_OK ||
	    surv_create(f->db, NULL, "2025", "00376", questionnaire,
	    strlen(questionnaire), &f->survey, &ei) != ERR_OK) {
		fprintf(stderr, "setup: %s (%s)\n", ei.message, ei.field);
		return -1;
	}
	in.survey_id = f->survey;
	in.structure = "2025";
	in.code = "00376";
	in.title = "Khảo sát sự hài lòng năm 2026";
	in.households = 100;
	in.min_coverage = 60;
	in.threshold = 80;
	in.opens_on = "2020-01-01";
	in.closes_on = "2099-12-31";
	in.posting_days = 10;
	in.mode = "codes";
	if (surv_campaign_create(f->db, NULL, &in, &f->campaign, &ei) != ERR_OK) {
		fprintf(stderr, "setup: %s (%s)\n", ei.message, ei.field);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int rc = testdb_remove(f->db, f->dir);

	free(f);
	return rc;
}

static json_t *
issue(struct fixture *f, int n)
{
	struct errinfo ei;
	json_t *out = NULL;

	assert_int_equal(surv_codes_issue(f->db, NULL, f->campaign, n, NULL,
	    &out, &ei), ERR_OK);
	return out;
}

static enum err
submit(struct db *db, int64_t campaign, const char *code, const char *answers,
    struct errinfo *ei)
{
	json_t *a = json_loads(answers, 0, NULL);
	struct surv_submission s = { .campaign_id = campaign, .code = code,
	    .answers = a, .channel = "web" };
	enum err e;

	assert_non_null(a);
	e = surv_submit(db, &s, ei);
	json_decref(a);
	return e;
}

static json_t *
results(struct fixture *f)
{
	struct errinfo ei;
	json_t *r = NULL;

	assert_int_equal(surv_results(f->db, f->campaign, true, "vi", &r, &ei), ERR_OK);
	return r;
}

static void
test_one_response_per_code(void **state)
{
	struct fixture *f = *state;
	json_t *codes = issue(f, 3), *r;
	const char *c0 = json_string_value(json_array_get(json_object_get(codes,
	    "codes"), 0));
	char typed[16];
	struct errinfo ei;

	/* Typed as on paper: lower case with the dash. */
	snprintf(typed, sizeof(typed), "%.4s-%s", c0, c0 + 4);
	for (char *p = typed; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	assert_int_equal(submit(f->db, f->campaign, typed,
	    "{\"q1\":5,\"q2\":\"yes\"}", &ei), ERR_OK);
	assert_int_equal(submit(f->db, f->campaign, c0,
	    "{\"q1\":1,\"q2\":\"no\"}", &ei), ERR_CONFLICT);
	assert_string_equal(ei.code, "surveys.code_spent");
	assert_int_equal(submit(f->db, f->campaign, "ZZZZ-ZZZZ",
	    "{\"q1\":1,\"q2\":\"no\"}", &ei), ERR_NOTFOUND);
	/* A missing required answer names it; nothing is spent. */
	assert_int_equal(submit(f->db, f->campaign, json_string_value(
	    json_array_get(json_object_get(codes, "codes"), 1)),
	    "{\"q2\":\"yes\"}", &ei), ERR_INVALID);
	assert_string_equal(ei.field, "answers.q1");
	assert_int_equal(surv_code_check(f->db, f->campaign, json_string_value(
	    json_array_get(json_object_get(codes, "codes"), 1)), &ei), ERR_OK);
	r = results(f);
	assert_int_equal(json_integer_value(json_object_get(r, "responses")), 1);
	json_decref(r);
	json_decref(codes);
}

static void
test_results_from_tallies(void **state)
{
	struct fixture *f = *state;
	json_t *codes = issue(f, 10), *r, *q1, *q2, *comments;
	const char *answers[] = {
		"{\"q1\":5,\"q2\":\"yes\"}", "{\"q1\":4,\"q2\":\"yes\"}",
		"{\"q1\":4,\"q2\":\"yes\"}",
		"{\"q1\":3,\"q2\":\"no\",\"q3\":\"<b>đường</b> xấu\"}",
		/* q3 is hidden when q2 is yes: dropped */
		"{\"q1\":2,\"q2\":\"yes\",\"q3\":\"không được lưu\"}",
	};
	struct errinfo ei;

	for (size_t i = 0; i < 5; i++)
		assert_int_equal(submit(f->db, f->campaign, json_string_value(
		    json_array_get(json_object_get(codes, "codes"), i)),
		    answers[i], &ei), ERR_OK);
	/* While open: counts only (the disclosure rule). */
	r = results(f);
	assert_int_equal(json_integer_value(json_object_get(r, "responses")), 5);
	assert_true(json_is_null(json_object_get(r, "rate")));
	assert_null(json_object_get(json_array_get(json_object_get(r,
	    "questions"), 0), "rate"));
	assert_int_equal(json_array_size(json_object_get(r, "comments")), 0);
	assert_int_equal(surv_comments(f->db, f->campaign, true, 10, 0, &q1,
	    &ei), ERR_CONFLICT);
	assert_string_equal(ei.code, "surveys.not_closed");
	json_decref(r);
	/* After its closing day (2099-12-31): published, 5 responses. */
	setenv("NTM_TODAY", "2100-01-01", 1);
	r = results(f);
	unsetenv("NTM_TODAY");
	assert_int_equal(json_integer_value(json_object_get(r, "responses")), 5);
	q1 = json_array_get(json_object_get(r, "questions"), 0);
	q2 = json_array_get(json_object_get(r, "questions"), 1);
	/* q1: 3 of 5 graded 4 or 5 = 60 %; q2: 4 of 5 yes = 80 %. */
	assert_true(json_number_value(json_object_get(q1, "rate")) == 60.0);
	assert_true(json_number_value(json_object_get(q2, "rate")) == 80.0);
	/* overall: the mean, 70 %; coverage 5 of 100 households. */
	assert_true(json_number_value(json_object_get(r, "rate")) == 70.0);
	/* its interval is the rate's own (0.7 over 5 of 100 households) */
	{
		json_t *ci = json_object_get(r, "ci");
		struct surv_ci want = surv_rate_ci(0.7, 5, 100);

		assert_true(json_number_value(json_array_get(ci, 0)) <= 70.0);
		assert_true(json_number_value(json_array_get(ci, 1)) >= 70.0);
		assert_true(fabs(json_number_value(json_array_get(ci, 0)) -
		    round(want.lo * 1000) / 10) < 1e-9);
	}
	assert_true(json_number_value(json_object_get(r, "coverage")) == 5.0);
	assert_false(json_is_true(json_object_get(r, "met")));
	comments = json_object_get(r, "comments");
	assert_int_equal(json_array_size(comments), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    comments, 0), "body")), "<b>đường</b> xấu");
	json_decref(r);
	json_decref(codes);
}

struct racer {
	const char *path;
	int64_t campaign;
	json_t *codes;
	int ok, spent, other;
};

static void *
race(void *arg)
{
	struct racer *r = arg;
	struct db *db;
	struct errinfo ei;

	if (db_open(r->path, DB_EXISTING, &db, &ei) != ERR_OK ||
	    db_prepare_all(db, &ei) != ERR_OK)
		return NULL;
	for (size_t i = 0; i < json_array_size(r->codes); i++) {
		enum err e = submit(db, r->campaign, json_string_value(
		    json_array_get(r->codes, i)), "{\"q1\":4,\"q2\":\"yes\"}",
		    &ei);

		if (e == ERR_OK)
			r->ok++;
		else if (e == ERR_CONFLICT)
			r->spent++;
		else
			r->other++;
	}
	db_close(db);
	return NULL;
}

static void
test_race_with_group_commit(void **state)
{
	struct fixture *f = *state;
	json_t *codes = issue(f, 20), *r;
	struct racer racers[8];
	pthread_t th[8];
	struct errinfo ei;
	int ok = 0, spent = 0, other = 0;

	assert_int_equal(surv_queue_start(f->path, &ei), ERR_OK);
	for (int i = 0; i < 8; i++) {
		racers[i] = (struct racer){ f->path, f->campaign,
		    json_object_get(codes, "codes"), 0, 0, 0 };
		assert_int_equal(pthread_create(&th[i], NULL, race, &racers[i]),
		    0);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		ok += racers[i].ok;
		spent += racers[i].spent;
		other += racers[i].other;
	}
	surv_queue_stop();
	/* Each of the 20 codes won once; the 140 others were refused. */
	assert_int_equal(ok, 20);
	assert_int_equal(spent, 140);
	assert_int_equal(other, 0);
	r = results(f);
	assert_int_equal(json_integer_value(json_object_get(r, "responses")), 20);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    json_object_get(r, "campaign"), "codes"), "spent")), 20);
	json_decref(r);
	json_decref(codes);
}

static void
test_closed_and_open_mode(void **state)
{
	struct fixture *f = *state;
	struct surv_campaign_in in = { 0 };
	json_t *codes = issue(f, 1), *out = NULL;
	struct errinfo ei;
	int64_t open_id;
	int ok = 0;

	assert_int_equal(surv_campaign_close(f->db, NULL, f->campaign, &ei),
	    ERR_OK);
	assert_int_equal(submit(f->db, f->campaign, json_string_value(
	    json_array_get(json_object_get(codes, "codes"), 0)),
	    "{\"q1\":4,\"q2\":\"yes\"}", &ei), ERR_CONFLICT);
	assert_string_equal(ei.code, "surveys.closed");
	assert_int_equal(surv_codes_issue(f->db, NULL, f->campaign, 1, NULL,
	    &out, &ei), ERR_CONFLICT);
	json_decref(codes);

	in.survey_id = f->survey;
	in.structure = "2025";
	in.code = "00376";
	in.title = "Thí điểm mở";
	in.households = 50;
	in.opens_on = "2020-01-01";
	in.closes_on = "2099-12-31";
	in.mode = "open";
	assert_int_equal(surv_campaign_create(f->db, NULL, &in, &open_id, &ei),
	    ERR_OK);
	for (int i = 0; i < SURV_OPEN_PER_HOUR + 3; i++) {
		json_t *a = json_loads("{\"q1\":5,\"q2\":\"yes\"}", 0, NULL);
		struct surv_submission s = { .campaign_id = open_id,
		    .answers = a, .channel = "web", .client_key = "10.0.0.1" };
		enum err e = surv_submit(f->db, &s, &ei);

		json_decref(a);
		if (e == ERR_OK)
			ok++;
		else
			assert_int_equal(e, ERR_RATE);
	}
	assert_int_equal(ok, SURV_OPEN_PER_HOUR);
	/* bad campaign fields name the field */
	in.households = 0;
	assert_int_equal(surv_campaign_create(f->db, NULL, &in, &open_id, &ei),
	    ERR_INVALID);
	assert_string_equal(ei.field, "households");
	in.households = 10;
	in.closes_on = "2019-02-30";
	assert_int_equal(surv_campaign_create(f->db, NULL, &in, &open_id, &ei),
	    ERR_INVALID);
	assert_string_equal(ei.field, "closes_on");
}

static void
test_code_normalise(void **state)
{
	char out[SURV_CODE_LEN + 1];

	(void)state;
	assert_true(surv_code_normalise("k7m2-q9xd", out));
	assert_string_equal(out, "K7M2Q9XD");
	assert_true(surv_code_normalise(" K7M2 Q9XD ", out));
	assert_false(surv_code_normalise("K7M2-Q9X", out));	/* short */
	assert_false(surv_code_normalise("K7M2-Q9XD1", out));	/* long */
	assert_false(surv_code_normalise("K7M2-Q9X0", out));	/* 0 is not used */
	assert_false(surv_code_normalise("K7M2'Q9XD", out));
}

/* The units of a questionnaire and of a campaign (the scopes of their
 * routes), unknown ids in both languages. */
static void
test_units_of_records(void **state)
{
	struct fixture *f = *state;
	char s[16], c[32];
	bool tmpl = true;
	struct errinfo ei;

	assert_int_equal(surv_unit(f->db, f->survey, s, c, &tmpl, &ei), ERR_OK);
	assert_string_equal(s, "2025");
	assert_string_equal(c, "00376");
	assert_false(tmpl);
	assert_int_equal(surv_campaign_unit(f->db, f->campaign, s, c, &ei),
	    ERR_OK);
	assert_string_equal(c, "00376");
	assert_int_equal(surv_unit(f->db, 999999, s, c, &tmpl, &ei),
	    ERR_NOTFOUND);
	assert_string_equal(ei.code, "surveys.not_found");
	assert_string_equal(ei.field, "id");
	assert_string_not_equal(ei.message, ei.message_en);
	assert_int_equal(surv_campaign_unit(f->db, 999999, s, c, &ei),
	    ERR_NOTFOUND);
	assert_string_equal(ei.code, "surveys.campaign_not_found");
	assert_non_null(strstr(ei.message_en, "999999"));
}

/* The programme's defaults of a new campaign, from today's date. */
static void
test_campaign_defaults(void **state)
{
	struct arena *a = arena_new(1024);
	struct surv_campaign_in in;

	(void)state;
	setenv("NTM_TODAY", "2026-12-20", 1);
	surv_campaign_defaults(a, "2025", "00376", "Khảo sát", &in);
	assert_string_equal(in.structure, "2025");
	assert_string_equal(in.code, "00376");
	assert_string_equal(in.title, "Khảo sát 2026");
	assert_string_equal(in.opens_on, "2026-12-20");
	assert_string_equal(in.closes_on, "2027-01-09");	/* 20 days */
	assert_true(in.threshold == 90 && in.min_coverage == 70);
	assert_int_equal(in.posting_days, 10);
	assert_string_equal(in.mode, "codes");
	assert_int_equal(in.households, 0);
	/* A template's (the country's): the official names the unit. */
	surv_campaign_defaults(a, "2025", "VN", NULL, &in);
	assert_null(in.structure);
	assert_null(in.code);
	assert_string_equal(in.title, " 2026");
	unsetenv("NTM_TODAY");
	arena_free(a);
}

/* The publication rule, the language of the results' words, and the
 * state that follows the calendar (NTM_TODAY moves it). */
static void
test_publication(void **state)
{
	struct fixture *f = *state;
	json_t *codes = issue(f, SURV_GROUP_MIN), *r = NULL, *q2;
	struct errinfo ei;

	for (int i = 0; i < SURV_GROUP_MIN; i++)
		assert_int_equal(submit(f->db, f->campaign, json_string_value(
		    json_array_get(json_object_get(codes, "codes"), i)),
		    "{\"q1\":4,\"q2\":\"yes\"}", &ei), ERR_OK);
	setenv("NTM_TODAY", "2100-01-01", 1);	/* closed: published */

	assert_int_equal(surv_results_readable("open", true, &ei), ERR_OK);
	assert_int_equal(surv_results_readable("closed", false, &ei), ERR_OK);
	assert_int_equal(surv_results_readable("open", false, &ei),
	    ERR_FORBIDDEN);
	assert_string_equal(ei.code, "surveys.not_published");
	assert_int_equal(surv_results_readable("scheduled", false, &ei),
	    ERR_FORBIDDEN);
	assert_string_not_equal(ei.message, ei.message_en);
	assert_int_equal(surv_results(f->db, f->campaign, false, "en", &r, &ei),
	    ERR_OK);
	q2 = json_array_get(json_object_get(r, "questions"), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(q2, "options"), 0), "text")), "Yes");
	json_decref(r);
	r = results(f);
	q2 = json_array_get(json_object_get(r, "questions"), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(q2, "options"), 1), "text")), "Không");
	json_decref(r);
	/* After its closing day (2099-12-31) the campaign takes no answer. */
	assert_int_equal(submit(f->db, f->campaign, json_string_value(
	    json_array_get(json_object_get(codes, "codes"), 0)),
	    "{\"q1\":4,\"q2\":\"yes\"}", &ei), ERR_CONFLICT);
	assert_string_equal(ei.code, "surveys.closed");
	unsetenv("NTM_TODAY");
	json_decref(codes);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_response_per_code,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_results_from_tallies,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_race_with_group_commit,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_closed_and_open_mode,
		    setup, teardown),
		cmocka_unit_test(test_code_normalise),
		cmocka_unit_test_setup_teardown(test_units_of_records, setup,
		    teardown),
		cmocka_unit_test(test_campaign_defaults),
		cmocka_unit_test_setup_teardown(test_publication, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
