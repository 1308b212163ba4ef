/*
 * surveys_submit.c - storing responses: checked in the caller's thread,
 * written durably before they are acknowledged, many per transaction.
 *
 * A submission is prepared where it arrives (the campaign read, the
 * answers checked against its questionnaire, the stored JSON and the tally
 * keys built) and becomes a job.  Jobs are written by one writer thread
 * with its own connection (surv_queue_start): it takes every job waiting,
 * writes them in one transaction - each spends its code, inserts its
 * response and comments; a job refused for its own reason (a spent code)
 * writes nothing and does not disturb the others - adds the batch's
 * tallies once, commits (one fsync for the batch: group commit), and only
 * then wakes the submitters.  Without the writer each job is its own
 * transaction.
 *
 * A submitter either waits for its job (surv_submit) or hands it over
 * with a function the writer calls after the commit (surv_submit_queue:
 * the web layer suspends the HTTP connection meanwhile, so one worker
 * thread keeps many submissions in flight and the batches grow).
 *
 * Caps (issue 13): a campaign takes at most as many responses as it has
 * households, in either mode; the writer checks the campaign's count, its
 * own batch's included, under the campaign's row lock, before a code is
 * spent.  Open mode limits each client to SURV_OPEN_PER_HOUR responses an
 * hour, the client known only by a keyed BLAKE2b hash of its address: the
 * key is random, held in this process's memory and replaced every hour,
 * and the rows of hours that have passed are deleted, so a stored hash
 * cannot be linked to an address once its hour has ended.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/batchq.h"
#include "core/xalloc.h"
#include "core/date.h"
#include "core/hash.h"
#include "db/db_worker.h"
#include "domain/surveys/surveys_store_internal.h"

#define BATCH_MAX	512	/* jobs in one transaction */

struct tally_key {
	char *village, *question, *answer;
};

struct surv_job {
	int64_t campaign_id;
	const char *mode;		/* "codes" / "open" */
	char code[SURV_CODE_LEN + 1];
	const char *channel, *answers_text;
	char client_hash[33];		/* open mode: keyed hash, hex */
	char hour[14];			/* open mode: YYYY-MM-DDTHH, UTC */
	char day[DATE_LEN];
	struct tally_key *keys;		/* question/answer; village is the code's */
	size_t n_keys;
	struct { const char *question, *text; } *comments;
	size_t n_comments;
	/* results */
	bool done;
	enum err e;
	struct errinfo ei;
	char village[32];
	struct surv_job *next;
	struct arena *arena;		/* holds the job itself */
	surv_done_fn on_done;		/* NULL: a submitter waits on done */
	void *done_arg;
};

/* ---- preparing a job (the caller's thread) ---- */

/*
 * Parsed questionnaires of campaigns, by campaign id and document: a
 * campaign's copy never changes, but two databases in one process (tests)
 * may reuse ids.
 */
#define DEF_CACHE 64
static pthread_mutex_t def_lock = PTHREAD_MUTEX_INITIALIZER;
static struct { int64_t id; char *doc; struct surv_def *def; } def_cache[DEF_CACHE];

static const struct surv_def *
campaign_def(int64_t id, const char *doc, struct errinfo *ei)
{
	size_t slot = (size_t)id % DEF_CACHE;
	struct surv_def *def = NULL;

	pthread_mutex_lock(&def_lock);
	if (def_cache[slot].def != NULL && def_cache[slot].id == id &&
	    strcmp(def_cache[slot].doc, doc) == 0)
		def = def_cache[slot].def;
	pthread_mutex_unlock(&def_lock);
	if (def != NULL)
		return def;
	if (surv_def_parse(doc, strlen(doc), &def, ei) != ERR_OK)
		return NULL;
	pthread_mutex_lock(&def_lock);
	/* The entry replaced may be in use by another thread: keep it
	 * (leaked) rather than free it under a reader; replacements are
	 * rare (a new campaign hashing to the same slot). */
	def_cache[slot].id = id;
	def_cache[slot].doc = strdup(doc);
	def_cache[slot].def = def;
	pthread_mutex_unlock(&def_lock);
	return def;
}

enum err
surv_campaign_def(struct db *db, int64_t campaign_id,
    const struct surv_def **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_CAMPAIGN_STATE);
	char *doc;
	enum err e;

	db_bind_int(st, 1, campaign_id);
	if ((e = surv_step_row(db, st, SURV_CAMPAIGN, campaign_id, ei)) !=
	    ERR_OK)
		return e;
	doc = strdup(db_col_text(st, 4));
	db_end_reads(db);
	if (doc == NULL)
		return err_set(ei, ERR_SYS, "surveys.memory", NULL, "Hết bộ nhớ",
		    "Out of memory");
	*out = campaign_def(campaign_id, doc, ei);
	free(doc);
	return *out != NULL ? ERR_OK : ei->err;
}

static void
add_key(struct surv_job *j, const char *question, const char *answer)
{
	struct tally_key *k = &j->keys[j->n_keys++];

	k->question = arena_strdup(j->arena, question);
	k->answer = arena_strdup(j->arena, answer);
}

/* The tally keys of one response: responses; per question answered,
 * satisfied and each answer chosen. */
static void
build_keys(struct surv_job *j, const struct surv_def *d,
    const struct surv_answer *ans)
{
	size_t cap = 1;

	for (size_t i = 0; i < d->n_questions; i++)
		cap += 3 + (d->questions[i].type == SURV_MULTI ?
		    d->questions[i].n_options : 1);
	j->keys = arena_alloc(j->arena, cap * sizeof(*j->keys));
	add_key(j, "", "");
	for (size_t i = 0; i < d->n_questions; i++) {
		const struct surv_question *q = &d->questions[i];
		const struct surv_answer *a = &ans[i];

		if (!a->present)
			continue;
		add_key(j, q->id, "");
		if (a->satisfied == 1)
			add_key(j, q->id, "+");
		switch (q->type) {
		case SURV_SINGLE:
		case SURV_YESNO:
			add_key(j, q->id, a->text);
			break;
		case SURV_MULTI:
			for (size_t k = 0; k < a->n_choices; k++)
				add_key(j, q->id, a->choices[k]);
			break;
		case SURV_SCALE5: {
			char g[4];

			snprintf(g, sizeof(g), "%d", a->grade);
			add_key(j, q->id, g);
			break;
		}
		case SURV_TEXT:
			add_key(j, "#comments", "");	/* kept as a comment */
			break;
		case SURV_NUMBER:
			break;
		}
	}
}

/* ---- open mode's clients: a keyed hash of the address, per hour ---- */

static struct {
	pthread_mutex_t lock;
	char hour[14];
	unsigned char key[crypto_generichash_KEYBYTES];
} rate_key = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* The current hour, "YYYY-MM-DDTHH" (UTC). */
static void
hour_now(char out[14])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 14, "%Y-%m-%dT%H", &tm);
}

/*
 * The hour now and the client's key in the rate table: BLAKE2b-128 of the
 * address under the key of this hour (a new random key when the hour has
 * changed; the old one is wiped).  The address itself is never kept.
 */
static void
rate_client(const char *address, char hour[14], char out[33])
{
	unsigned char h[16];

	if (address == NULL)
		address = "";
	hour_now(hour);
	pthread_mutex_lock(&rate_key.lock);
	if (strcmp(rate_key.hour, hour) != 0) {
		randombytes_buf(rate_key.key, sizeof(rate_key.key));
		memcpy(rate_key.hour, hour, 14);
	}
	crypto_generichash(h, sizeof(h), (const unsigned char *)address,
	    strlen(address), rate_key.key, sizeof(rate_key.key));
	pthread_mutex_unlock(&rate_key.lock);
	sodium_bin2hex(out, 33, h, sizeof(h));
	sodium_memzero(h, sizeof(h));
}

static enum err
prepare(struct db *db, const struct surv_submission *s, struct surv_job *j,
    struct errinfo *ei)
{
	const struct surv_def *def;
	struct surv_answer *ans;
	struct db_stmt *st;
	const char *state, *doc;
	json_t *stored;
	char *text;
	enum err e;

	st = db_stmt(db, STMT_SURV_CAMPAIGN_STATE);
	db_bind_int(st, 1, s->campaign_id);
	if ((e = surv_step_row(db, st, SURV_CAMPAIGN, s->campaign_id, ei)) !=
	    ERR_OK)
		return e;
	j->mode = arena_strdup(j->arena, db_col_text(st, 0));
	state = surv_campaign_state(db_col_text(st, 1), db_col_text(st, 2),
	    db_col_text(st, 3));
	doc = arena_strdup(j->arena, db_col_text(st, 4));
	db_end_reads(db);
	if (strcmp(state, "open") != 0)
		return surv_err_not_open(ei, state);
	if (strcmp(j->mode, "codes") == 0) {
		if (s->code == NULL || s->code[0] == '\0')
			return surv_err_code(ei, SURV_CODE_MISSING);
		if (!surv_code_normalise(s->code, j->code))
			return surv_err_code(ei, SURV_CODE_MALFORMED);
	}
	if ((def = campaign_def(s->campaign_id, doc, ei)) == NULL)
		return ERR_DB;
	ans = arena_alloc(j->arena, (def->n_questions + 1) * sizeof(*ans));
	if ((e = surv_answers_check(def, s->answers, j->arena, ans, ei)) !=
	    ERR_OK)
		return e;
	stored = surv_answers_json(def, ans);
	text = json_dumps(stored, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(stored);
	j->answers_text = arena_strdup(j->arena, text ? text : "{}");
	free(text);
	build_keys(j, def, ans);
	j->comments = arena_alloc(j->arena, (def->n_questions + 1) *
	    sizeof(*j->comments));
	for (size_t i = 0; i < def->n_questions; i++)
		if (ans[i].present && def->questions[i].type == SURV_TEXT) {
			j->comments[j->n_comments].question =
			    def->questions[i].id;
			j->comments[j->n_comments++].text = ans[i].text;
		}
	j->campaign_id = s->campaign_id;
	j->channel = s->channel != NULL && strcmp(s->channel, "paper") == 0 ?
	    "paper" : "web";
	if (strcmp(j->mode, "open") == 0)
		rate_client(s->client_key, j->hour, j->client_hash);
	date_today(j->day);
	return ERR_OK;
}

/* ---- writing jobs (the writer's transaction) ---- */

/* Tallies of a batch, summed before they are written: in order of
 * first appearance, found through a hash index (a batch adds ~80 keys a
 * response into a few hundred distinct ones). */
struct tally {
	int64_t campaign_id;
	const char *village, *question, *answer;
	uint64_t hash;
	int64_t n;
};

struct tallies {
	struct tally *t;
	size_t n, cap;
	uint32_t *slot;		/* index + 1 into t; 0: empty */
	size_t nslot;		/* a power of two, > 2 * cap */
};

/* The campaign's count of responses sent online (SURV_TALLY_WEB). */
static char web_question[] = SURV_TALLY_WEB, no_answer[] = "";
static const struct tally_key web_key = { NULL, web_question, no_answer };

static void
tally_add(struct tallies *ts, int64_t campaign_id, const char *village,
    const struct tally_key *k)
{
	uint64_t h = hash_fnv1a_str(hash_fnv1a_str(hash_fnv1a_str(
	    HASH_FNV1A_INIT ^ (uint64_t)campaign_id, village), k->question),
	    k->answer);
	size_t i;

	if (2 * (ts->n + 1) >= ts->nslot) {
		size_t nslot = ts->nslot ? ts->nslot * 2 : 1024;

		free(ts->slot);
		if ((ts->slot = calloc(nslot, sizeof(*ts->slot))) == NULL)
			abort();
		ts->nslot = nslot;
		for (size_t t = 0; t < ts->n; t++) {
			for (i = ts->t[t].hash & (nslot - 1); ts->slot[i] != 0;
			    i = (i + 1) & (nslot - 1))
				;
			ts->slot[i] = (uint32_t)t + 1;
		}
	}
	for (i = h & (ts->nslot - 1); ts->slot[i] != 0;
	    i = (i + 1) & (ts->nslot - 1)) {
		struct tally *t = &ts->t[ts->slot[i] - 1];

		if (t->hash == h && t->campaign_id == campaign_id &&
		    strcmp(t->village, village) == 0 &&
		    strcmp(t->question, k->question) == 0 &&
		    strcmp(t->answer, k->answer) == 0) {
			t->n++;
			return;
		}
	}
	if (ts->n == ts->cap) {
		ts->cap = ts->cap ? ts->cap * 2 : 256;
		ts->t = xrealloc(ts->t, ts->cap * sizeof(*ts->t));
	}
	ts->slot[i] = (uint32_t)ts->n + 1;
	ts->t[ts->n].campaign_id = campaign_id;
	ts->t[ts->n].village = village;
	ts->t[ts->n].question = k->question;
	ts->t[ts->n].answer = k->answer;
	ts->t[ts->n].hash = h;
	ts->t[ts->n++].n = 1;
}

/* The responses of campaign_id in ts so far (its key '', '', ''). */
static int64_t
tally_responses(const struct tallies *ts, int64_t campaign_id)
{
	uint64_t h = hash_fnv1a_str(hash_fnv1a_str(hash_fnv1a_str(
	    HASH_FNV1A_INIT ^ (uint64_t)campaign_id, ""), ""), "");

	if (ts->nslot == 0)
		return 0;
	for (size_t i = h & (ts->nslot - 1); ts->slot[i] != 0;
	    i = (i + 1) & (ts->nslot - 1)) {
		const struct tally *t = &ts->t[ts->slot[i] - 1];

		if (t->hash == h && t->campaign_id == campaign_id &&
		    t->village[0] == '\0' && t->question[0] == '\0' &&
		    t->answer[0] == '\0')
			return t->n;
	}
	return 0;
}

static enum err
tallies_write(struct db *db, const struct tallies *ts, struct errinfo *ei)
{
	enum err e = ERR_OK;

	for (size_t i = 0; i < ts->n && e == ERR_OK; i++) {
		struct db_stmt *st = db_stmt(db, STMT_SURV_TALLY_ADD);

		db_bind_int(st, 1, ts->t[i].campaign_id);
		db_bind_text(st, 2, ts->t[i].village);
		db_bind_text(st, 3, ts->t[i].question);
		db_bind_text(st, 4, ts->t[i].answer);
		db_bind_int(st, 5, ts->t[i].n);
		e = db_exec(st, ei);
	}
	return e;
}

/* The state of a campaign, read once per batch (the batch is one
 * transaction: closing cannot happen in between). */
struct batch_state {
	int64_t campaign_id;
	bool open;
	int64_t households;	/* of campaign_id */
	int64_t stored;		/* its responses committed before the batch */
	bool purged;		/* the rate table's past hours deleted */
};

static enum err
campaign_open(struct db *db, struct batch_state *bs, int64_t id, bool *open,
    struct errinfo *ei)
{
	struct db_stmt *st;
	int rc;

	if (bs->campaign_id == id) {
		*open = bs->open;
		return ERR_OK;
	}
	st = db_stmt(db, STMT_SURV_CAMPAIGN_STATE);
	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	*open = rc == 1 && strcmp(surv_campaign_state(db_col_text(st, 1),
	    db_col_text(st, 2), db_col_text(st, 3)), "open") == 0;
	db_end_reads(db);
	bs->campaign_id = id;
	bs->open = *open;
	if (*open) {
		struct surv_counts c;
		enum err e;

		/* Read under the row lock lock_campaigns took: a concurrent
		 * writer's responses are committed, and counted, already. */
		if ((e = surv_campaign_counts(db, id, &c, ei)) != ERR_OK) {
			bs->campaign_id = 0;
			return e;
		}
		bs->households = c.households;
		bs->stored = c.responses;
	}
	return ERR_OK;
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Take the row lock of every campaign of the batch, in the order of their
 * ids (two writers - two processes on one PostgreSQL - then never wait
 * for each other in a cycle), before anything is read: the responses are
 * then checked against the households one writer after the other.
 */
static enum err
lock_campaigns(struct db *db, struct surv_job *jobs, struct errinfo *ei)
{
	int64_t ids[BATCH_MAX];
	size_t n = 0;
	enum err e = ERR_OK;

	for (struct surv_job *j = jobs; j != NULL && n < BATCH_MAX; j = j->next)
		ids[n++] = j->campaign_id;
	qsort(ids, n, sizeof(ids[0]), cmp_id);
	for (size_t i = 0; i < n && e == ERR_OK; i++) {
		struct db_stmt *st;

		if (i > 0 && ids[i] == ids[i - 1])
			continue;
		st = db_stmt(db, STMT_SURV_CAMPAIGN_LOCK);
		db_bind_int(st, 1, ids[i]);
		e = db_exec(st, ei);
	}
	return e;
}

/* Spend j's code: one statement when it is there to spend. */
static enum err
spend_code(struct db *db, struct surv_job *j, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_CODE_SPEND_RETURNING);
	int rc;

	db_bind_int(st, 1, j->campaign_id);
	db_bind_text(st, 2, j->code);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1) {
		if (!db_col_null(st, 0))
			snprintf(j->village, sizeof(j->village), "%s",
			    db_col_text(st, 0));
		db_end_reads(db);
		return ERR_OK;
	}
	db_end_reads(db);
	st = db_stmt(db, STMT_SURV_CODE_GET);
	db_bind_int(st, 1, j->campaign_id);
	db_bind_text(st, 2, j->code);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	db_end_reads(db);
	j->e = surv_err_code(&j->ei, rc == 0 ? SURV_CODE_UNKNOWN :
	    SURV_CODE_SPENT);
	return ERR_OK;
}

/*
 * Write one job.  Its own refusals (code, closing, rate) come before any
 * write of it and leave the transaction usable: j->e is set and ERR_OK is
 * returned.  A database error is returned (the batch fails).
 */
static enum err
write_job(struct db *db, struct surv_job *j, struct batch_state *bs,
    struct tallies *ts, struct errinfo *ei)
{
	struct db_stmt *st;
	char id[33];
	bool open = false;
	int rc;
	enum err e;

	j->village[0] = '\0';
	if ((e = campaign_open(db, bs, j->campaign_id, &open, ei)) != ERR_OK)
		return e;
	if (!open) {
		j->e = surv_err_not_open(&j->ei, "closed");
		return ERR_OK;
	}
	if (bs->stored + tally_responses(ts, j->campaign_id) >=
	    bs->households) {
		j->e = err_set(&j->ei, ERR_CONFLICT, "surveys.full", NULL,
		    "Đợt khảo sát đã nhận đủ %lld phiếu, bằng số hộ trong "
		    "phạm vi: không nhận thêm phiếu nào",
		    "The survey has received %lld answers, as many as there "
		    "are households in scope: it takes no more",
		    (long long)bs->households);
		return ERR_OK;
	}
	if (strcmp(j->mode, "codes") == 0) {
		if ((e = spend_code(db, j, ei)) != ERR_OK || j->e != ERR_OK)
			return e;
	} else {
		if (!bs->purged) {
			char now[14];

			hour_now(now);
			st = db_stmt(db, STMT_SURV_RATE_PURGE);
			db_bind_text(st, 1, now);
			if ((e = db_exec(st, ei)) != ERR_OK)
				return e;
			bs->purged = true;
		}
		st = db_stmt(db, STMT_SURV_RATE_GET);
		db_bind_int(st, 1, j->campaign_id);
		db_bind_text(st, 2, j->client_hash);
		db_bind_text(st, 3, j->hour);
		if ((rc = db_step(st, ei)) < 0)
			return ei->err;
		rc = rc == 1 && db_col_int(st, 0) >= SURV_OPEN_PER_HOUR;
		db_end_reads(db);
		if (rc) {
			j->e = err_set(&j->ei, ERR_RATE, "surveys.rate", NULL,
			    "Quá nhiều phiếu từ cùng một nơi trong một giờ; "
			    "hãy thử lại sau",
			    "Too many answers have come from the same place "
			    "this hour; please try again later");
			return ERR_OK;
		}
		st = db_stmt(db, STMT_SURV_RATE_ADD);
		db_bind_int(st, 1, j->campaign_id);
		db_bind_text(st, 2, j->client_hash);
		db_bind_text(st, 3, j->hour);
		if ((e = db_exec(st, ei)) != ERR_OK)
			return e;
	}
	surv_random_id(id);
	st = db_stmt(db, STMT_SURV_RESPONSE_INSERT);
	db_bind_text(st, 1, id);
	db_bind_int(st, 2, j->campaign_id);
	db_bind_text(st, 3, j->village);
	db_bind_text(st, 4, j->day);
	db_bind_text(st, 5, j->channel);
	db_bind_text(st, 6, j->answers_text);
	if ((e = db_exec(st, ei)) != ERR_OK)
		return e;
	for (size_t i = 0; i < j->n_comments; i++) {
		surv_random_id(id);
		st = db_stmt(db, STMT_SURV_COMMENT_INSERT);
		db_bind_text(st, 1, id);
		db_bind_int(st, 2, j->campaign_id);
		db_bind_text(st, 3, j->comments[i].question);
		db_bind_text(st, 4, j->village);
		db_bind_text(st, 5, j->comments[i].text);
		if ((e = db_exec(st, ei)) != ERR_OK)
			return e;
	}
	for (size_t i = 0; i < j->n_keys; i++) {
		tally_add(ts, j->campaign_id, "", &j->keys[i]);
		if (j->village[0] != '\0')
			tally_add(ts, j->campaign_id, j->village, &j->keys[i]);
	}
	/* Responses sent online, for the whole campaign only (never per
	 * village): the share the commune's digital readiness observes
	 * (dx_observe) without reading a response. */
	if (strcmp(j->channel, "web") == 0)
		tally_add(ts, j->campaign_id, "", &web_key);
	j->e = ERR_OK;
	return ERR_OK;
}

/* Write jobs (a list) in one transaction; every job gets its result. */
static void
write_batch(struct db *db, struct surv_job *jobs)
{
	struct tallies ts = { 0 };
	struct batch_state bs = { 0, false, 0, 0, false };
	struct errinfo ei;
	enum err e;

	err_clear(&ei);
	if ((e = db_begin(db, &ei)) == ERR_OK)
		e = lock_campaigns(db, jobs, &ei);
	for (struct surv_job *j = jobs; j != NULL && e == ERR_OK; j = j->next)
		e = write_job(db, j, &bs, &ts, &ei);
	if (e == ERR_OK)
		e = tallies_write(db, &ts, &ei);
	/* Every village tally key points into a job: written before free. */
	e = db_finish(db, e, &ei);
	for (struct surv_job *j = jobs; j != NULL; j = j->next)
		if (e != ERR_OK) {	/* nothing of the batch was kept */
			j->e = e;
			j->ei = ei;
		}
	free(ts.t);
	free(ts.slot);
}

/* ---- the writer thread ---- */

/*
 * Two threads: the writer commits batches; the notifier answers the
 * handed-over jobs of each committed batch (resuming an HTTP connection
 * costs a wake-up of its worker, ~20-90 us here), so the writer starts the
 * next batch at once instead of waiting for those.
 */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t work, done, answered;
	pthread_t thread, notifier;
	bool running, stopping, writer_gone;
	struct surv_job *head, *tail;
	struct surv_job *to_answer;	/* committed, callbacks not yet run */
	struct db *db;
} q = { .lock = PTHREAD_MUTEX_INITIALIZER, .work = PTHREAD_COND_INITIALIZER,
	.done = PTHREAD_COND_INITIALIZER,
	.answered = PTHREAD_COND_INITIALIZER };

static void *
notifier(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&q.lock);
	for (;;) {
		struct surv_job *list;

		while (q.to_answer == NULL && !q.writer_gone)
			pthread_cond_wait(&q.answered, &q.lock);
		if (q.to_answer == NULL)
			break;	/* the writer has stopped and all is answered */
		list = q.to_answer;
		q.to_answer = NULL;
		pthread_mutex_unlock(&q.lock);
		/* Read next first: the job lives in its own arena. */
		for (struct surv_job *j = list, *next; j != NULL; j = next) {
			next = j->next;
			j->on_done(j->done_arg, j->e, &j->ei);
			arena_free(j->arena);
		}
		pthread_mutex_lock(&q.lock);
	}
	pthread_mutex_unlock(&q.lock);
	return NULL;
}

static void *
writer(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&q.lock);
	for (;;) {
		struct surv_job *batch, *last;
		struct surv_job *waiting, *handed;

		BATCHQ_TAKE(q, batch, last, BATCH_MAX);
		if (batch == NULL)
			break;	/* stopping, and nothing left to write */
		pthread_mutex_unlock(&q.lock);
		write_batch(q.db, batch);
		/* Handed-over jobs go to the notifier; the waiting ones are
		 * woken together. */
		waiting = NULL;
		handed = NULL;
		for (struct surv_job *j = batch, *next; j != NULL; j = next) {
			next = j->next;
			if (j->on_done != NULL) {
				j->next = handed;
				handed = j;
			} else {
				j->next = waiting;
				waiting = j;
			}
		}
		pthread_mutex_lock(&q.lock);
		if (waiting != NULL) {
			for (struct surv_job *j = waiting; j != NULL; j = j->next)
				j->done = true;
			pthread_cond_broadcast(&q.done);
		}
		if (handed != NULL) {
			struct surv_job *end = handed;

			while (end->next != NULL)
				end = end->next;
			end->next = q.to_answer;
			q.to_answer = handed;
			pthread_cond_signal(&q.answered);
		}
	}
	q.writer_gone = true;
	pthread_cond_signal(&q.answered);
	pthread_mutex_unlock(&q.lock);
	return NULL;
}

enum err
surv_queue_start(const char *db_target, struct errinfo *ei)
{
	enum err e;

	if (q.running)
		return ERR_OK;
	if ((e = db_open_worker(db_target, &q.db, ei)) != ERR_OK)
		return e;
	/* The writer reads the pages of the codes it spends and of the
	 * responses' B-trees, keys random by design (a million codes: ~50 MB
	 * of pages): a larger page cache than SQLite's 2 MB default saves a
	 * pread for most of them.  Memory, not durability. */
	if (strcmp(db_backend(q.db), "sqlite") == 0)
		(void)db_exec_script(q.db, "PRAGMA cache_size = -65536;", ei);
	q.stopping = false;
	q.writer_gone = false;
	if (pthread_create(&q.notifier, NULL, notifier, NULL) != 0) {
		db_close(q.db);
		q.db = NULL;
		return err_set(ei, ERR_SYS, "surveys.thread", NULL,
		    "Không khởi động được luồng ghi phiếu",
		    "The thread that writes responses could not start");
	}
	if (pthread_create(&q.thread, NULL, writer, NULL) != 0) {
		pthread_mutex_lock(&q.lock);
		q.writer_gone = true;
		pthread_cond_signal(&q.answered);
		pthread_mutex_unlock(&q.lock);
		pthread_join(q.notifier, NULL);
		db_close(q.db);
		q.db = NULL;
		return err_set(ei, ERR_SYS, "surveys.thread", NULL,
		    "Không khởi động được luồng ghi phiếu",
		    "The thread that writes responses could not start");
	}
	q.running = true;
	return ERR_OK;
}

void
surv_queue_stop(void)
{
	if (!q.running)
		return;
	pthread_mutex_lock(&q.lock);
	q.stopping = true;
	pthread_cond_signal(&q.work);
	pthread_mutex_unlock(&q.lock);
	pthread_join(q.thread, NULL);
	pthread_join(q.notifier, NULL);	/* answers what was committed */
	db_close(q.db);
	q.db = NULL;
	q.running = false;
}

bool
surv_queue_running(void)
{
	return q.running;
}

enum err
surv_submit_prepare(struct db *db, const struct surv_submission *s,
    struct surv_job **out, struct errinfo *ei)
{
	struct arena *a = arena_new(8 * 1024);
	struct surv_job *j = arena_alloc(a, sizeof(*j));
	enum err e;

	memset(j, 0, sizeof(*j));
	j->arena = a;
	if ((e = prepare(db, s, j, ei)) != ERR_OK) {
		arena_free(a);
		return e;
	}
	*out = j;
	return ERR_OK;
}

/* Append j to the queue and wake the writer (q.lock held). */
static void
enqueue(struct surv_job *j)
{
	BATCHQ_PUSH(q, j);
}

void
surv_submit_queue(struct surv_job *j, surv_done_fn done, void *arg)
{
	j->on_done = done;
	j->done_arg = arg;
	pthread_mutex_lock(&q.lock);
	enqueue(j);
	pthread_mutex_unlock(&q.lock);
}

enum err
surv_submit_wait(struct db *db, struct surv_job *j, struct errinfo *ei)
{
	enum err e;

	if (q.running) {
		pthread_mutex_lock(&q.lock);
		enqueue(j);
		while (!j->done)
			pthread_cond_wait(&q.done, &q.lock);
		pthread_mutex_unlock(&q.lock);
	} else
		write_batch(db, j);
	e = j->e;
	if (e != ERR_OK && ei != NULL)
		*ei = j->ei;
	arena_free(j->arena);
	return e;
}

bool
surv_job_spends_code(const struct surv_job *j)
{
	return strcmp(j->mode, "codes") == 0;
}

enum err
surv_submit(struct db *db, const struct surv_submission *s,
    struct errinfo *ei)
{
	struct surv_job *j;
	enum err e;

	if ((e = surv_submit_prepare(db, s, &j, ei)) != ERR_OK)
		return e;
	return surv_submit_wait(db, j, ei);
}
