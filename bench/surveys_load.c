/*
 * bench/surveys_load.c - the in-process half of bench/surveys.sh (issue
 * 6): a campaign with a million household codes, the raw-SQLite baseline
 * the HTTP load is compared with, a fill to a million responses through
 * the real writer, and the time to read the results.
 *
 *   build/bench/surveys_load DB setup N CODES [TEMPLATE]
 *     A copy of TEMPLATE (default surveys/templates/ntm-hai-long.json)
 *     owned by the commune 2025:00376, a "codes" campaign of it for that
 *     commune with N households, open from today for a year, and N codes
 *     (surv_codes_issue, batches of 5000) written to the file CODES, one a
 *     line.  Prints the campaign id.
 *   build/bench/surveys_load DB answers CAMPAIGN
 *     The answers the load sends, one JSON object a line (VARIANTS of
 *     them; response i sends variant i % VARIANTS), for the wrk script.
 *   build/bench/surveys_load DB raw CAMPAIGN CODES THREADS SECONDS
 *     The baseline: for each code of CODES in turn, the rows ntm writes
 *     for one response - the code's UPDATE, the survey_response row with
 *     the same stored answers, its comment row when it has one, and one
 *     tally upsert per tally key of the response - written straight with
 *     sqlite3 in one transaction of its own (each response durable when
 *     its COMMIT returns), from THREADS threads with a connection each,
 *     for SECONDS.  The statements are ntm's own (db_stmt_sql), the
 *     pragmas those of src/db/db_sqlite.c (WAL, synchronous=FULL).  Run it
 *     on a copy of the database: it spends the codes.
 *   build/bench/surveys_load DB fill CAMPAIGN TARGET THREADS
 *     Responses through the real path (surv_queue_start, then surv_submit
 *     from THREADS threads with a connection each) on the campaign's
 *     unspent codes until it holds TARGET responses.
 *   build/bench/surveys_load DB results CAMPAIGN [RUNS]
 *     surv_results (with comments, as GET /api/v1/campaigns/{id}/results
 *     asks) once cold, then RUNS (20) times: the median, and the
 *     "responses" figure of the answer.
 *   build/bench/surveys_load DB check CAMPAIGN ACKED
 *     After the server was killed: the responses, spent codes and tally
 *     count of the campaign, and how many codes of the file ACKED (the
 *     acknowledged ones) are not spent - must be 0.
 *   build/bench/surveys_load DB close CAMPAIGN
 *     Close the campaign (its results become public, for the HTTP read).
 *
 * Every mode ends with one line "bench-surveys-MODE k=v ..." for the
 * script.  This program only measures; bench/surveys.sh compares.
 * Exit status: 0 done, 1 failed (message on stderr), 2 usage.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <sqlite3.h>

#include "cli/cli.h"
#include "core/date.h"
#include "domain/surveys/surveys_store_internal.h"

#define VARIANTS	5	/* different answer sets sent in turn */
#define THREADS_MAX	1024
#define RESULTS_RUNS	20
#define DEFAULT_TEMPLATE "surveys/templates/ntm-hai-long.json"
#define UNIT_STRUCTURE	"2025"
#define UNIT_CODE	"00376"	/* Xã Sóc Sơn, Hà Nội */

static const struct audit_actor bench_actor = {
	.user_id = 0, .username = "bench", .role = "bench",
	.structure = "2025", .unit_code = "VN"
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* A whole number in [lo, hi] from arg, or -1. */
static long
parse_long(const char *arg, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < lo || v > hi)
		return -1;
	return v;
}

static int
fail(const char *what, const struct errinfo *ei)
{
	fprintf(stderr, "surveys_load: %s: %s (%s)\n", what, ei->message,
	    ei->code);
	return 1;
}

/* The whole file at path, NUL-terminated (*len without it), or NULL. */
static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) != NULL) {
		*len = fread(buf, 1, (size_t)n, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

/* The codes of a file, one a line (SURV_CODE_LEN characters): *n of them
 * in one block of SURV_CODE_LEN + 1 bytes each; NULL if unreadable. */
static char (*read_codes(const char *path, size_t *n))[SURV_CODE_LEN + 1]
{
	char (*codes)[SURV_CODE_LEN + 1];
	char *text, *p, *nl;
	size_t len, cap = 0;

	if ((text = read_file(path, &len)) == NULL)
		return NULL;
	for (p = text; *p; p++)
		cap += *p == '\n';
	if ((codes = calloc(cap + 1, sizeof(*codes))) == NULL)
		abort();
	*n = 0;
	for (p = text; *p; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		if (nl - p == SURV_CODE_LEN) {
			memcpy(codes[*n], p, SURV_CODE_LEN);
			codes[(*n)++][SURV_CODE_LEN] = '\0';
		}
	}
	free(text);
	return codes;
}

/* ---- what a response sends, and what it writes -------------------------- */

/*
 * Answers variant v of the questionnaire d, as sent: every scale5 grade
 * 3..5 (mostly satisfied), yes/no mostly yes, the last variant with a
 * comment in the first text question shown whatever the other answers.
 * A new reference.
 */
static json_t *
answers_sent(const struct surv_def *d, int v)
{
	json_t *o = json_object();
	bool commented = false;

	for (size_t i = 0; i < d->n_questions; i++) {
		const struct surv_question *q = &d->questions[i];

		switch (q->type) {
		case SURV_SCALE5:
			json_object_set_new(o, q->id,
			    json_integer(5 - (long)((size_t)v + i) % 3));
			break;
		case SURV_YESNO:
			json_object_set_new(o, q->id, json_string(v % 4 == 3 ?
			    "no" : "yes"));
			break;
		case SURV_SINGLE:
		case SURV_MULTI:
			if (q->n_options > 0) {
				json_t *id = json_string(q->options[(size_t)v %
				    q->n_options].id);

				json_object_set_new(o, q->id, q->type ==
				    SURV_SINGLE ? id : json_pack("[o]", id));
			}
			break;
		case SURV_NUMBER:
			json_object_set_new(o, q->id, json_integer(q->has_min ?
			    (json_int_t)q->min : 1));
			break;
		case SURV_TEXT:	/* one always shown: not dropped */
			if (v == VARIANTS - 1 && !commented && q->show_q < 0) {
				json_object_set_new(o, q->id, json_string(
				    "Đường thôn đoạn gần trường cần sửa lại."));
				commented = true;
			}
			break;
		}
	}
	return o;
}

/* One variant as the store sees it: the stored JSON, the tally keys
 * (question, answer) and the comments (question, text). */
struct variant {
	char *stored;
	const char *(*keys)[2];
	size_t n_keys;
	const char *(*comments)[2];
	size_t n_comments;
};

static void
key_add(struct variant *v, struct arena *a, const char *q, const char *ans)
{
	v->keys[v->n_keys][0] = q;
	v->keys[v->n_keys++][1] = arena_strdup(a, ans);
}

/*
 * Fill v from the checked answers ans of d (strings in a): the keys
 * surveys_submit.c adds for one response - "" "" (a response), then per
 * question answered q "" (answered), q "+" (satisfied) and q <choice>.
 */
static void
variant_build(struct variant *v, const struct surv_def *d,
    const struct surv_answer *ans, struct arena *a)
{
	json_t *stored = surv_answers_json(d, ans);
	size_t cap = 1;

	v->stored = json_dumps(stored, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(stored);
	for (size_t i = 0; i < d->n_questions; i++)
		cap += 3 + d->questions[i].n_options;
	v->keys = arena_alloc(a, cap * sizeof(*v->keys));
	v->comments = arena_alloc(a, (d->n_questions + 1) *
	    sizeof(*v->comments));
	v->n_keys = v->n_comments = 0;
	key_add(v, a, "", "");
	for (size_t i = 0; i < d->n_questions; i++) {
		const struct surv_question *q = &d->questions[i];
		char g[4];

		if (!ans[i].present)
			continue;
		key_add(v, a, q->id, "");
		if (ans[i].satisfied == 1)
			key_add(v, a, q->id, "+");
		switch (q->type) {
		case SURV_SINGLE:
		case SURV_YESNO:
			key_add(v, a, q->id, ans[i].text);
			break;
		case SURV_MULTI:
			for (size_t k = 0; k < ans[i].n_choices; k++)
				key_add(v, a, q->id, ans[i].choices[k]);
			break;
		case SURV_SCALE5:
			snprintf(g, sizeof(g), "%d", ans[i].grade);
			key_add(v, a, q->id, g);
			break;
		case SURV_TEXT:
			v->comments[v->n_comments][0] = q->id;
			v->comments[v->n_comments++][1] = ans[i].text;
			break;
		case SURV_NUMBER:
			break;
		}
	}
}

/* The questionnaire of a campaign (its own copy); NULL on error. */
static struct surv_def *
campaign_def(struct db *db, int64_t campaign, struct errinfo *ei)
{
	struct surv_def *d = NULL;
	json_t *c;

	if (surv_campaign_get(db, campaign, &c, ei) != ERR_OK)
		return NULL;
	if (surv_def_from_json(json_object_get(c, "document"), &d, ei) !=
	    ERR_OK)
		d = NULL;
	json_decref(c);
	return d;
}

/* The VARIANTS variants: sent (new references, may be NULL) and, with
 * out not NULL, as stored; strings in a.  Returns 0 or 1 (error shown). */
static int
variants_make(const struct surv_def *d, struct arena *a, json_t **sent,
    struct variant *out)
{
	struct errinfo ei;

	for (int v = 0; v < VARIANTS; v++) {
		json_t *s = answers_sent(d, v);
		struct surv_answer *ans = arena_alloc(a,
		    (d->n_questions + 1) * sizeof(*ans));

		err_clear(&ei);
		if (surv_answers_check(d, s, a, ans, &ei) != ERR_OK) {
			json_decref(s);
			return fail("answers of the bench", &ei);
		}
		if (out != NULL)
			variant_build(&out[v], d, ans, a);
		if (sent != NULL)
			sent[v] = s;
		else
			json_decref(s);
	}
	return 0;
}

/*
 * The questionnaire of a campaign (*d) and its variants (see
 * variants_make), strings in *a; the caller ends with variants_free, also
 * after an error.  Returns 0 or 1 (error shown).
 */
static int
variants_load(struct db *db, int64_t campaign, struct arena **a,
    struct surv_def **d, json_t **sent, struct variant *out)
{
	struct errinfo ei;

	err_clear(&ei);
	*a = arena_new(64 * 1024);
	if ((*d = campaign_def(db, campaign, &ei)) == NULL)
		return fail("campaign", &ei);
	return variants_make(*d, *a, sent, out);
}

static void
variants_free(struct arena *a, struct surv_def *d, json_t **sent,
    struct variant *out)
{
	for (int v = 0; v < VARIANTS; v++) {
		if (sent != NULL)
			json_decref(sent[v]);
		if (out != NULL)
			free(out[v].stored);
	}
	surv_def_free(d);
	arena_free(a);
}

/* ---- setup -------------------------------------------------------------- */

static int
mode_setup(struct db *db, long n, const char *codes_path, const char *tmpl)
{
	struct surv_campaign_in in = { 0 };
	struct errinfo ei;
	char opens[16], closes[16];
	time_t t = time(NULL);
	struct tm tm;
	int64_t survey, campaign;
	size_t len;
	char *text;
	FILE *out;
	long made = 0;
	double t0;

	err_clear(&ei);
	if ((text = read_file(tmpl, &len)) == NULL) {
		fprintf(stderr, "surveys_load: cannot read %s\n", tmpl);
		return 1;
	}
	if (surv_create(db, &bench_actor, UNIT_STRUCTURE, UNIT_CODE, text, len,
	    &survey, &ei) != ERR_OK) {
		free(text);
		return fail(tmpl, &ei);
	}
	free(text);
	gmtime_r(&t, &tm);
	strftime(opens, sizeof(opens), "%Y-%m-%d", &tm);
	t += 365 * 86400;
	gmtime_r(&t, &tm);
	strftime(closes, sizeof(closes), "%Y-%m-%d", &tm);
	in.survey_id = survey;
	in.structure = UNIT_STRUCTURE;
	in.code = UNIT_CODE;
	in.title = "bench: a million households";
	in.households = n;
	in.min_coverage = 50;
	in.threshold = 80;
	in.opens_on = opens;
	in.closes_on = closes;
	in.posting_days = 30;
	in.mode = "codes";
	if (surv_campaign_create(db, &bench_actor, &in, &campaign, &ei) !=
	    ERR_OK)
		return fail("campaign", &ei);
	if ((out = fopen(codes_path, "w")) == NULL) {
		fprintf(stderr, "surveys_load: cannot write %s\n", codes_path);
		return 1;
	}
	t0 = now_ms();
	while (made < n) {
		int count = n - made < SURV_CODES_MAX_BATCH ? (int)(n - made) :
		    SURV_CODES_MAX_BATCH;
		json_t *res, *c;
		size_t i;

		if (surv_codes_issue(db, &bench_actor, campaign, count, NULL,
		    &res, &ei) != ERR_OK) {
			fclose(out);
			return fail("codes", &ei);
		}
		json_array_foreach(json_object_get(res, "codes"), i, c)
			fprintf(out, "%s\n", json_string_value(c));
		json_decref(res);
		made += count;
	}
	if (fclose(out) != 0) {
		fprintf(stderr, "surveys_load: writing %s failed\n",
		    codes_path);
		return 1;
	}
	printf("bench-surveys-setup campaign=%lld survey=%lld codes=%ld "
	    "issue_s=%.1f\n", (long long)campaign, (long long)survey, made,
	    (now_ms() - t0) / 1e3);
	return 0;
}

/* ---- the raw-SQLite baseline -------------------------------------------- */

/* What the threads of a run share: the file, the campaign, the codes to
 * spend and the index of the next one to take. */
struct work {
	const char *path;
	int64_t campaign;
	char (*codes)[SURV_CODE_LEN + 1];
	size_t n_codes;
	atomic_size_t next;
};

/* The index of the next code in *i; false when none is left. */
static bool
work_take(struct work *w, size_t *i)
{
	*i = atomic_fetch_add(&w->next, 1);
	return *i < w->n_codes;
}

static struct {
	struct work w;
	struct variant v[VARIANTS];
	const char *sql_spend, *sql_response, *sql_comment, *sql_tally;
	char day[11];
	double deadline;
	atomic_long done, busy, failed;
} raw;

/* sqlite3_step to completion; SQLITE_DONE or the error code. */
static int
run(sqlite3_stmt *st)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_reset(st);
	return rc;
}

/* One response as its own transaction; SQLITE_DONE when committed. */
static int
raw_one(sqlite3 *c, sqlite3_stmt **st, const char *code,
    const struct variant *v)
{
	char id[33];
	int rc;

	if ((rc = sqlite3_exec(c, "BEGIN IMMEDIATE", NULL, NULL, NULL)) !=
	    SQLITE_OK)
		return rc;
	sqlite3_bind_int64(st[0], 1, raw.w.campaign);
	sqlite3_bind_text(st[0], 2, code, -1, SQLITE_STATIC);
	if ((rc = run(st[0])) != SQLITE_DONE)
		goto out;
	if (sqlite3_changes(c) != 1) {
		rc = SQLITE_CONSTRAINT;	/* spent: not a response */
		goto out;
	}
	surv_random_id(id);
	sqlite3_bind_text(st[1], 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st[1], 2, raw.w.campaign);
	sqlite3_bind_text(st[1], 3, "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st[1], 4, raw.day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st[1], 5, "web", -1, SQLITE_STATIC);
	sqlite3_bind_text(st[1], 6, v->stored, -1, SQLITE_STATIC);
	if ((rc = run(st[1])) != SQLITE_DONE)
		goto out;
	for (size_t i = 0; i < v->n_comments; i++) {
		surv_random_id(id);
		sqlite3_bind_text(st[2], 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st[2], 2, raw.w.campaign);
		sqlite3_bind_text(st[2], 3, v->comments[i][0], -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st[2], 4, "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st[2], 5, v->comments[i][1], -1,
		    SQLITE_STATIC);
		if ((rc = run(st[2])) != SQLITE_DONE)
			goto out;
	}
	for (size_t i = 0; i < v->n_keys; i++) {
		sqlite3_bind_int64(st[3], 1, raw.w.campaign);
		sqlite3_bind_text(st[3], 2, "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st[3], 3, v->keys[i][0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st[3], 4, v->keys[i][1], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st[3], 5, 1);
		if ((rc = run(st[3])) != SQLITE_DONE)
			goto out;
	}
	rc = sqlite3_exec(c, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ?
	    SQLITE_DONE : sqlite3_errcode(c);
out:
	if (rc != SQLITE_DONE)
		sqlite3_exec(c, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static void *
raw_thread(void *arg)
{
	const char *sql[4] = { raw.sql_spend, raw.sql_response, raw.sql_comment,
	    raw.sql_tally };
	sqlite3_stmt *st[4] = { NULL, NULL, NULL, NULL };
	sqlite3 *c = NULL;
	size_t i;
	int rc;

	(void)arg;
	/* As src/db/db_sqlite.c opens a connection. */
	if (sqlite3_open_v2(raw.w.path, &c, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_busy_timeout(c, 5000) != SQLITE_OK ||
	    sqlite3_exec(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
	    "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;", NULL, NULL,
	    NULL) != SQLITE_OK)
		goto fail;
	for (int k = 0; k < 4; k++)
		if (sqlite3_prepare_v3(c, sql[k], -1, SQLITE_PREPARE_PERSISTENT,
		    &st[k], NULL) != SQLITE_OK)
			goto fail;
	while (now_ms() < raw.deadline && work_take(&raw.w, &i)) {
		rc = raw_one(c, st, raw.w.codes[i], &raw.v[i % VARIANTS]);
		if (rc == SQLITE_DONE)
			atomic_fetch_add(&raw.done, 1);
		else if (rc == SQLITE_BUSY)
			atomic_fetch_add(&raw.busy, 1);
		else
			atomic_fetch_add(&raw.failed, 1);
	}
	goto out;
fail:
	fprintf(stderr, "surveys_load: raw: %s\n", c ? sqlite3_errmsg(c) :
	    "cannot open");
	atomic_fetch_add(&raw.failed, 1);
out:
	for (int k = 0; k < 4; k++)
		sqlite3_finalize(st[k]);
	sqlite3_close(c);
	return NULL;
}

static int
mode_raw(struct db *db, const char *path, int64_t campaign,
    const char *codes_path, long threads, long seconds)
{
	pthread_t tid[THREADS_MAX];
	struct arena *a;
	struct surv_def *d = NULL;
	double t0, ms;
	int rc = 1;

	if (variants_load(db, campaign, &a, &d, NULL, raw.v) != 0)
		goto out;
	if ((raw.w.codes = read_codes(codes_path, &raw.w.n_codes)) == NULL) {
		fprintf(stderr, "surveys_load: cannot read %s\n", codes_path);
		goto out;
	}
	raw.w.path = path;
	raw.w.campaign = campaign;
	raw.sql_spend = db_stmt_sql(STMT_SURV_CODE_SPEND);
	raw.sql_response = db_stmt_sql(STMT_SURV_RESPONSE_INSERT);
	raw.sql_comment = db_stmt_sql(STMT_SURV_COMMENT_INSERT);
	raw.sql_tally = db_stmt_sql(STMT_SURV_TALLY_ADD);
	date_today(raw.day);
	t0 = now_ms();
	raw.deadline = t0 + (double)seconds * 1e3;
	for (long i = 0; i < threads; i++)
		if (pthread_create(&tid[i], NULL, raw_thread, NULL) != 0)
			abort();
	for (long i = 0; i < threads; i++)
		pthread_join(tid[i], NULL);
	ms = now_ms() - t0;
	printf("bench-surveys-raw threads=%ld responses=%ld seconds=%.2f "
	    "rate=%.1f busy=%ld failed=%ld tally_keys=%zu codes_left=%s\n",
	    threads, (long)raw.done, ms / 1e3, (double)raw.done * 1e3 / ms,
	    (long)raw.busy, (long)raw.failed, raw.v[0].n_keys,
	    atomic_load(&raw.w.next) >= raw.w.n_codes ? "no" : "yes");
	rc = raw.failed == 0 ? 0 : 1;
	free(raw.w.codes);
out:
	variants_free(a, d, NULL, raw.v);
	return rc;
}

/* ---- fill through surv_submit ------------------------------------------- */

static struct {
	struct work w;
	json_t *sent[VARIANTS];
	atomic_long done, failed;
} fill;

static void *
fill_thread(void *arg)
{
	struct db *db = NULL;
	struct errinfo ei;
	size_t i;

	(void)arg;
	err_clear(&ei);
	/* As a server's worker opens its connection (db_open and the
	 * statements; cli_open_db's migration check would take the write
	 * lock and meet the writer's). */
	if (db_open(fill.w.path, DB_EXISTING, &db, &ei) != ERR_OK ||
	    db_prepare_all(db, &ei) != ERR_OK) {
		fail("fill", &ei);
		db_close(db);
		atomic_fetch_add(&fill.failed, 1);
		return NULL;
	}
	while (work_take(&fill.w, &i)) {
		struct surv_submission s = {
			.campaign_id = fill.w.campaign, .code = fill.w.codes[i],
			.answers = fill.sent[i % VARIANTS], .channel = "web",
		};

		if (surv_submit(db, &s, &ei) == ERR_OK)
			atomic_fetch_add(&fill.done, 1);
		else if (atomic_fetch_add(&fill.failed, 1) < 5)
			fail(fill.w.codes[i], &ei);
	}
	db_close(db);
	return NULL;
}

/* The campaign's responses (counted rows). */
static int64_t
count_responses(sqlite3 *c, int64_t campaign, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (sqlite3_prepare_v2(c, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, campaign);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

#define SQL_RESPONSES "SELECT COUNT(*) FROM survey_response WHERE " \
	"campaign_id = ?"
#define SQL_SPENT "SELECT COUNT(*) FROM survey_code WHERE campaign_id = ? " \
	"AND spent = 1"
#define SQL_TALLY "SELECT COALESCE((SELECT n FROM survey_tally WHERE " \
	"campaign_id = ? AND village_code = '' AND question_id = '' AND " \
	"answer = ''), 0)"

/* Up to max unspent codes of the campaign, read straight from the file. */
static int
unspent_codes(const char *path, int64_t campaign, size_t max,
    int64_t *stored)
{
	sqlite3_stmt *st;
	sqlite3 *c;
	int rc = 1;

	fill.w.codes = calloc(max + 1, sizeof(*fill.w.codes));
	if (fill.w.codes == NULL)
		abort();
	if (sqlite3_open_v2(path, &c, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		goto out;
	*stored = count_responses(c, campaign, SQL_RESPONSES);
	if (sqlite3_prepare_v2(c, "SELECT code FROM survey_code WHERE "
	    "campaign_id = ? AND spent = 0", -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_int64(st, 1, campaign);
	while (fill.w.n_codes < max && sqlite3_step(st) == SQLITE_ROW)
		snprintf(fill.w.codes[fill.w.n_codes++],
		    sizeof(*fill.w.codes), "%s",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	rc = *stored < 0;
out:
	if (rc != 0)
		fprintf(stderr, "surveys_load: reading codes: %s\n",
		    sqlite3_errmsg(c));
	sqlite3_close(c);
	return rc;
}

static int
mode_fill(struct db *db, const char *path, int64_t campaign, long target,
    long threads)
{
	pthread_t tid[THREADS_MAX];
	struct arena *a;
	struct surv_def *d = NULL;
	struct errinfo ei;
	int64_t before = 0;
	double t0, ms;
	int rc = 1;

	err_clear(&ei);
	if (variants_load(db, campaign, &a, &d, fill.sent, NULL) != 0)
		goto out;
	if (unspent_codes(path, campaign, (size_t)target, &before) != 0)
		goto out;
	if (before < target && (size_t)(target - before) < fill.w.n_codes)
		fill.w.n_codes = (size_t)(target - before);
	if (before >= target)
		fill.w.n_codes = 0;
	fill.w.path = path;
	fill.w.campaign = campaign;
	if (surv_queue_start(path, &ei) != ERR_OK) {
		fail("surv_queue_start", &ei);
		goto out;
	}
	t0 = now_ms();
	for (long i = 0; i < threads; i++)
		if (pthread_create(&tid[i], NULL, fill_thread, NULL) != 0)
			abort();
	for (long i = 0; i < threads; i++)
		pthread_join(tid[i], NULL);
	ms = now_ms() - t0;
	surv_queue_stop();
	printf("bench-surveys-fill threads=%ld before=%lld stored=%ld "
	    "seconds=%.1f rate=%.1f failed=%ld\n", threads, (long long)before,
	    (long)fill.done, ms / 1e3, ms > 0 ? (double)fill.done * 1e3 / ms :
	    0.0, (long)fill.failed);
	rc = fill.failed == 0 ? 0 : 1;
out:
	free(fill.w.codes);
	variants_free(a, d, fill.sent, NULL);
	return rc;
}

/* ---- results, the durability check, closing ----------------------------- */

static int
mode_results(struct db *db, int64_t campaign, long runs)
{
	double ms[RESULTS_RUNS * 50], cold = 0, t0, med;
	struct errinfo ei;
	json_int_t responses = -1;
	json_t *r;

	err_clear(&ei);
	for (long i = -1; i < runs; i++) {
		t0 = now_ms();
		if (surv_results(db, campaign, true, NULL, &r, &ei) != ERR_OK)
			return fail("surv_results", &ei);
		if (i < 0)
			cold = now_ms() - t0;
		else
			ms[i] = now_ms() - t0;
		responses = json_integer_value(json_object_get(r, "responses"));
		json_decref(r);
	}
	qsort(ms, (size_t)runs, sizeof(*ms), cmp_double);
	med = runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
	printf("bench-surveys-results responses=%lld median_ms=%.2f "
	    "min_ms=%.2f max_ms=%.2f cold_ms=%.2f runs=%ld\n",
	    (long long)responses, med, ms[0], ms[runs - 1], cold, runs);
	return 0;
}

static int
mode_check(const char *path, int64_t campaign, const char *acked_path)
{
	char (*acked)[SURV_CODE_LEN + 1];
	sqlite3_stmt *st;
	sqlite3 *c;
	size_t n = 0, missing = 0;
	int64_t responses, spent, tally;

	if ((acked = read_codes(acked_path, &n)) == NULL) {
		fprintf(stderr, "surveys_load: cannot read %s\n", acked_path);
		return 1;
	}
	/* Read-write: the first connection after a kill replays the WAL. */
	if (sqlite3_open_v2(path, &c, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK || sqlite3_prepare_v2(c, "SELECT spent FROM survey_code "
	    "WHERE campaign_id = ? AND code = ?", -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "surveys_load: %s: %s\n", path,
		    sqlite3_errmsg(c));
		sqlite3_close(c);
		free(acked);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, campaign);
		sqlite3_bind_text(st, 2, acked[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW ||
		    sqlite3_column_int(st, 0) != 1) {
			if (missing++ < 5)
				fprintf(stderr, "surveys_load: acknowledged "
				    "code %s is not spent\n", acked[i]);
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	responses = count_responses(c, campaign, SQL_RESPONSES);
	spent = count_responses(c, campaign, SQL_SPENT);
	tally = count_responses(c, campaign, SQL_TALLY);
	sqlite3_close(c);
	free(acked);
	printf("bench-surveys-check acked=%zu missing=%zu responses=%lld "
	    "spent=%lld tally=%lld\n", n, missing, (long long)responses,
	    (long long)spent, (long long)tally);
	return 0;
}

/* ---- the modes ---------------------------------------------------------- */

static int
mode_answers(struct db *db, int64_t campaign)
{
	json_t *sent[VARIANTS] = { NULL };
	struct surv_def *d = NULL;
	struct arena *a;
	int rc = 1;

	if (variants_load(db, campaign, &a, &d, sent, NULL) == 0) {
		for (int v = 0; v < VARIANTS; v++) {
			char *s = json_dumps(sent[v], JSON_COMPACT |
			    JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);

			printf("%s\n", s ? s : "{}");
			free(s);
		}
		rc = 0;
	}
	variants_free(a, d, sent, NULL);
	return rc;
}

/* The arguments of a mode after DB and its name: av[0..ac-1]. */
struct args {
	const char *path;
	int ac;
	char **av;
};

static int
run_setup(struct db *db, const struct args *x)
{
	long n = parse_long(x->av[0], 1, 100000000);

	if (n < 0)
		return 2;
	return mode_setup(db, n, x->av[1], x->ac > 2 ? x->av[2] :
	    DEFAULT_TEMPLATE);
}

/* The campaign id of av[0], or -1. */
static int64_t
campaign_arg(const struct args *x)
{
	return parse_long(x->av[0], 1, 1000000000);
}

static int
run_answers(struct db *db, const struct args *x)
{
	int64_t c = campaign_arg(x);

	return c < 0 ? 2 : mode_answers(db, c);
}

static int
run_raw(struct db *db, const struct args *x)
{
	int64_t c = campaign_arg(x);
	long threads = parse_long(x->av[2], 1, THREADS_MAX),
	    secs = parse_long(x->av[3], 1, 600);

	if (c < 0 || threads < 0 || secs < 0)
		return 2;
	return mode_raw(db, x->path, c, x->av[1], threads, secs);
}

static int
run_fill(struct db *db, const struct args *x)
{
	int64_t c = campaign_arg(x);
	long target = parse_long(x->av[1], 1, 100000000),
	    threads = parse_long(x->av[2], 1, THREADS_MAX);

	if (c < 0 || target < 0 || threads < 0)
		return 2;
	return mode_fill(db, x->path, c, target, threads);
}

static int
run_results(struct db *db, const struct args *x)
{
	int64_t c = campaign_arg(x);
	long runs = x->ac > 1 ? parse_long(x->av[1], 1, RESULTS_RUNS * 50) :
	    RESULTS_RUNS;

	if (c < 0 || runs < 0)
		return 2;
	return mode_results(db, c, runs);
}

static int
run_check(struct db *db, const struct args *x)
{
	int64_t c = campaign_arg(x);

	(void)db;
	return c < 0 ? 2 : mode_check(x->path, c, x->av[1]);
}

static int
run_close(struct db *db, const struct args *x)
{
	int64_t c = campaign_arg(x);
	struct errinfo ei;

	if (c < 0)
		return 2;
	err_clear(&ei);
	if (surv_campaign_close(db, &bench_actor, c, &ei) != ERR_OK)
		return fail("close", &ei);
	printf("bench-surveys-close campaign=%lld\n", (long long)c);
	return 0;
}

/* The modes; open: through ntm (cli_open_db), else the file is left to
 * the mode (check must be the first to open it after a kill). */
static const struct mode {
	const char *name;
	int min, max;		/* arguments after the mode */
	bool open;
	int (*fn)(struct db *, const struct args *);
} modes[] = {
	{ "setup", 2, 3, true, run_setup },
	{ "answers", 1, 1, true, run_answers },
	{ "raw", 4, 4, true, run_raw },
	{ "fill", 3, 3, true, run_fill },
	{ "results", 1, 2, true, run_results },
	{ "check", 2, 2, false, run_check },
	{ "close", 1, 1, true, run_close },
};

int
main(int argc, char **argv)
{
	const struct mode *m = NULL;
	struct args x;
	struct db *db = NULL;
	struct errinfo ei;
	int rc;

	for (size_t i = 0; argc >= 3 && i < sizeof(modes) / sizeof(*modes); i++)
		if (strcmp(argv[2], modes[i].name) == 0)
			m = &modes[i];
	if (m == NULL || argc - 3 < m->min || argc - 3 > m->max)
		goto usage;
	if (sodium_init() < 0) {
		fputs("surveys_load: libsodium failed to start\n", stderr);
		return 1;
	}
	x.path = argv[1];
	x.ac = argc - 3;
	x.av = argv + 3;
	err_clear(&ei);
	if (m->open && cli_open_db(argv[1], &db, &ei) != ERR_OK)
		return fail(argv[1], &ei);
	rc = m->fn(db, &x);
	db_close(db);
	if (rc != 2)
		return rc;
usage:
	fprintf(stderr, "usage: surveys_load DB setup N CODES [TEMPLATE]\n"
	    "       surveys_load DB answers CAMPAIGN\n"
	    "       surveys_load DB raw CAMPAIGN CODES THREADS SECONDS\n"
	    "       surveys_load DB fill CAMPAIGN TARGET THREADS\n"
	    "       surveys_load DB results CAMPAIGN [RUNS]\n"
	    "       surveys_load DB check CAMPAIGN ACKED\n"
	    "       surveys_load DB close CAMPAIGN\n");
	return 2;
}
