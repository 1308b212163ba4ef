/*
 * outbox.c - the durable outbox and its sender (outbox.h).
 *
 * A round of the sender (outbox_run_once):
 *   1. the jobs that are due run (the webhooks' fan-out of new changes,
 *      the notices' sweep), each in its own transactions;
 *   2. the due items are claimed in one short write transaction (a lease
 *      of OUTBOX_LEASE_S seconds: on PostgreSQL every write transaction
 *      holds the advisory write lock, so two servers never claim the same
 *      item); those of a channel that cannot send now (mail without a
 *      mail server) are put off OUTBOX_DEFER_S instead, no attempt
 *      counted;
 *   3. they are sent with no transaction open (a slow receiver holds no
 *      lock), grouped by channel, a channel's send_batch in parallel;
 *   4. the outcomes are recorded in one write transaction: delivered, or
 *      failed and due again after OUTBOX_FIRST_RETRY_S * 2^(attempts-1)
 *      seconds, or parked once OUTBOX_GIVE_UP_S has passed since the
 *      first attempt (or at once for a permanent refusal).
 * A sender that dies between 2 and 4 leaves its items claimed; another
 * round takes them when the lease ends, so nothing is lost and an item
 * may be sent twice: receivers de-duplicate by its id.
 *
 * An idle round reads one indexed row and writes nothing, so a server
 * with nothing to send never takes the write lock.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/stamp.h"
#include "core/xalloc.h"
#include "db/db_worker.h"
#include "domain/outbox/outbox.h"

/* The ways out and the jobs, in the order a round runs them. */
static const struct outbox_channel *const outbox_channels_shipped[] = {
	&outbox_channel_webhook,
	&outbox_channel_mail,
	NULL
};
static const struct outbox_channel *const *outbox_channels =
    outbox_channels_shipped;

void
outbox_channels_for_test(const struct outbox_channel *const *list)
{
	outbox_channels = list != NULL ? list : outbox_channels_shipped;
}

static const struct outbox_job *const outbox_jobs[] = {
	&outbox_job_webhooks,
	&outbox_job_notices,
	NULL
};

#define OUTBOX_ERROR_MAX	500	/* bytes of last_error kept */

/* Seconds from the environment (tests make time pass faster), or dflt. */
static int64_t
env_seconds(const char *name, int64_t dflt)
{
	const char *s = getenv(name);
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return dflt;
	v = strtoll(s, &end, 10);
	return (*end == '\0' && v >= 0 && v <= 7 * 24 * 3600) ? v : dflt;
}

static int64_t
first_retry_s(void)
{
	return env_seconds("NTM_OUTBOX_RETRY_S", OUTBOX_FIRST_RETRY_S);
}

static int64_t
lease_s(void)
{
	return env_seconds("NTM_OUTBOX_LEASE_S", OUTBOX_LEASE_S);
}

enum err
outbox_put(struct db *db, const char *channel, const char *key,
    int64_t target, const char *payload, int64_t not_before,
    bool *created, struct errinfo *ei)
{
	struct db_stmt *st;
	char now[STAMP_TIME_LEN];
	int64_t due = not_before > 0 ? not_before : (int64_t)time(NULL);
	enum err e;

	stamp_now(now);
	st = db_stmt(db, STMT_OUTBOX_PUT);
	db_bind_text(st, 1, channel);
	db_bind_text(st, 2, key);
	db_bind_int(st, 3, target);
	db_bind_text(st, 4, payload);
	db_bind_int(st, 5, due);
	db_bind_text(st, 6, now);
	if ((e = db_exec(st, ei)) != ERR_OK)
		return e;
	if (created != NULL)
		*created = db_changes(db) > 0;
	return ERR_OK;
}

enum err
outbox_retry(struct db *db, int64_t id, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OUTBOX_RETRY);
	enum err e;

	db_bind_int(st, 1, (int64_t)time(NULL));
	db_bind_int(st, 2, id);
	if ((e = db_exec(st, ei)) != ERR_OK)
		return e;
	if (db_changes(db) == 0)
		return err_set(ei, ERR_NOTFOUND, "outbox.not_found", "id",
		    "không có mục chờ gửi %lld", "no item %lld waiting to be sent",
		    (long long)id);
	return ERR_OK;
}

/* Jobs --------------------------------------------------------------- */

/* When each job last ran in this process.  Jobs are safe to run on several
 * servers at once (their writes are keyed and cursor-guarded), so the
 * period is kept in memory, never written. */
static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t jobs_last[8];

static void
run_jobs(struct db *db, bool all)
{
	int64_t now = (int64_t)time(NULL);

	for (size_t i = 0; outbox_jobs[i] != NULL && i < 8; i++) {
		const struct outbox_job *j = outbox_jobs[i];
		struct errinfo ei;
		bool due;

		pthread_mutex_lock(&jobs_lock);
		due = all || now - jobs_last[i] >= j->period_s;
		if (due)
			jobs_last[i] = now;
		pthread_mutex_unlock(&jobs_lock);
		if (!due || j->run == NULL)
			continue;
		err_clear(&ei);
		if (j->run(db, &ei) != ERR_OK) {
			/* A job's failure must not stop delivery; it runs again
			 * next period, and the operator sees why. */
			if (db_in_transaction(db))
				db_rollback(db);
			fprintf(stderr, "ntm: outbox job %s: %s\n", j->name,
			    err_message(&ei, "en"));
		}
		db_end_reads(db);
	}
}

/* Claiming, sending, recording --------------------------------------- */

struct claimed {
	struct outbox_item *items;
	int64_t *first;		/* first_attempt_at, 0: never */
	size_t n;
};

static const struct outbox_channel *
channel_named(const char *name)
{
	for (size_t i = 0; outbox_channels[i] != NULL; i++)
		if (strcmp(outbox_channels[i]->name, name) == 0)
			return outbox_channels[i];
	return NULL;
}

static enum err
claim(struct db *db, struct arena *a, size_t max, struct claimed *c,
    struct errinfo *ei)
{
	int64_t now = (int64_t)time(NULL);
	struct db_stmt *st;
	enum err e;
	int rc;

	c->n = 0;
	st = db_stmt(db, STMT_OUTBOX_ANY_DUE);
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, now);
	rc = db_step(st, ei);
	db_end_reads(db);
	if (rc <= 0)
		return rc < 0 ? ei->err : ERR_OK;
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	c->items = arena_alloc(a, max * sizeof(*c->items));
	c->first = arena_alloc(a, max * sizeof(*c->first));
	st = db_stmt(db, STMT_OUTBOX_DUE);
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, (int64_t)max);
	while ((rc = db_step(st, ei)) == 1 && c->n < max) {
		struct outbox_item *it = &c->items[c->n];

		it->id = db_col_int(st, 0);
		it->channel = arena_strdup(a, db_col_text(st, 1));
		it->key = arena_strdup(a, db_col_text(st, 2));
		it->target = db_col_int(st, 3);
		it->payload = arena_strdup(a, db_col_text(st, 4));
		it->attempts = (int)db_col_int(st, 5);
		it->created_at = arena_strdup(a, db_col_text(st, 6));
		c->first[c->n] = db_col_null(st, 7) ? 0 : db_col_int(st, 7);
		c->n++;
	}
	db_end_reads(db);
	e = rc < 0 ? ei->err : ERR_OK;
	for (size_t i = 0, kept = 0, n = c->n; e == ERR_OK && i < n; i++) {
		const struct outbox_channel *ch =
		    channel_named(c->items[i].channel);

		if (ch != NULL && ch->ready != NULL && !ch->ready()) {
			/* Not tried: it waits, and no attempt counts. */
			st = db_stmt(db, STMT_OUTBOX_DEFER);
			db_bind_int(st, 1, now + OUTBOX_DEFER_S);
			db_bind_int(st, 2, c->items[i].id);
			e = db_exec(st, ei);
			c->n--;
			continue;
		}
		st = db_stmt(db, STMT_OUTBOX_CLAIM);
		db_bind_int(st, 1, now + lease_s());
		db_bind_int(st, 2, c->items[i].id);
		e = db_exec(st, ei);
		c->items[kept] = c->items[i];
		c->first[kept++] = c->first[i];
	}
	if (e != ERR_OK)
		c->n = 0;
	return db_finish(db, e, ei);
}

/* Send every claimed item; results[i], permanent[i], errors[i]. */
static void
send_all(struct db *db, struct claimed *c, enum err *results,
    bool *permanent, struct errinfo *errors)
{
	bool *done = xcalloc(c->n ? c->n : 1, sizeof(*done));

	for (size_t i = 0; i < c->n; i++) {
		const struct outbox_channel *ch;
		struct outbox_item *batch;
		size_t *where, nb = 0;

		if (done[i])
			continue;
		if ((ch = channel_named(c->items[i].channel)) == NULL ||
		    (ch->send == NULL && ch->send_batch == NULL)) {
			results[i] = err_set(&errors[i], ERR_INVALID,
			    "outbox.no_channel", NULL, "không có kênh gửi '%s'",
			    "no way out named '%s'", c->items[i].channel);
			permanent[i] = true;
			done[i] = true;
			continue;
		}
		/* This channel's items, in order, as one batch. */
		batch = xcalloc(c->n, sizeof(*batch));
		where = xcalloc(c->n, sizeof(*where));
		for (size_t k = i; k < c->n; k++)
			if (!done[k] && strcmp(c->items[k].channel, ch->name) == 0) {
				batch[nb] = c->items[k];
				where[nb++] = k;
				done[k] = true;
			}
		if (ch->send_batch != NULL) {
			enum err *r = xcalloc(nb, sizeof(*r));
			bool *p = xcalloc(nb, sizeof(*p));
			struct errinfo *er = xcalloc(nb, sizeof(*er));

			ch->send_batch(db, batch, nb, r, p, er);
			for (size_t k = 0; k < nb; k++) {
				results[where[k]] = r[k];
				permanent[where[k]] = p[k];
				errors[where[k]] = er[k];
			}
			free(r);
			free(p);
			free(er);
		} else {
			for (size_t k = 0; k < nb; k++) {
				err_clear(&errors[where[k]]);
				results[where[k]] = ch->send(db, &batch[k],
				    &permanent[where[k]], &errors[where[k]]);
			}
		}
		db_end_reads(db);
		free(batch);
		free(where);
	}
	free(done);
}

/* The next attempt after a failure, or -1 to park. */
static int64_t
next_attempt(int64_t now, int64_t first, int attempts_after)
{
	int64_t delay = first_retry_s();

	for (int k = 1; k < attempts_after && delay < OUTBOX_GIVE_UP_S; k++)
		delay *= 2;
	if (first == 0)
		first = now;
	if (now + delay - first > OUTBOX_GIVE_UP_S)
		return -1;
	return now + delay;
}

static enum err
record(struct db *db, const struct claimed *c, const enum err *results,
    const bool *permanent, const struct errinfo *errors, size_t *sent,
    size_t *failed, struct errinfo *ei)
{
	int64_t now = (int64_t)time(NULL);
	char iso[STAMP_TIME_LEN];
	enum err e;

	stamp_now(iso);
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	for (size_t i = 0; e == ERR_OK && i < c->n; i++) {
		struct db_stmt *st;

		if (results[i] == ERR_OK) {
			st = db_stmt(db, STMT_OUTBOX_DELIVERED);
			db_bind_text(st, 1, iso);
			db_bind_int(st, 2, now);
			db_bind_int(st, 3, c->items[i].id);
			(*sent)++;
		} else {
			int64_t next = permanent[i] ? -1 : next_attempt(now,
			    c->first[i], c->items[i].attempts + 1);
			char msg[OUTBOX_ERROR_MAX];

			snprintf(msg, sizeof(msg), "%s",
			    err_message(&errors[i], "vi"));
			st = db_stmt(db, STMT_OUTBOX_FAILED);
			db_bind_text(st, 1, next < 0 ? "parked" : "queued");
			db_bind_int(st, 2, next < 0 ? now : next);
			db_bind_text(st, 3, msg);
			db_bind_int(st, 4, now);
			db_bind_int(st, 5, c->items[i].id);
			(*failed)++;
		}
		e = db_exec(st, ei);
	}
	return db_finish(db, e, ei);
}

static enum err
run_round(struct db *db, size_t max, bool all_jobs, size_t *sent,
    size_t *failed, struct errinfo *ei)
{
	struct arena *a = arena_new(64 * 1024);
	struct claimed c = { 0 };
	enum err *results = NULL, e;
	bool *permanent = NULL;
	struct errinfo *errors = NULL;
	size_t s = 0, f = 0;

	run_jobs(db, all_jobs);
	if ((e = claim(db, a, max, &c, ei)) != ERR_OK || c.n == 0)
		goto out;
	results = xcalloc(c.n, sizeof(*results));
	permanent = xcalloc(c.n, sizeof(*permanent));
	errors = xcalloc(c.n, sizeof(*errors));
	send_all(db, &c, results, permanent, errors);
	e = record(db, &c, results, permanent, errors, &s, &f, ei);
out:
	if (sent != NULL)
		*sent = s;
	if (failed != NULL)
		*failed = f;
	free(results);
	free(permanent);
	free(errors);
	arena_free(a);
	return e;
}

enum err
outbox_run_once(struct db *db, size_t max, size_t *sent, size_t *failed,
    struct errinfo *ei)
{
	return run_round(db, max ? max : 1, true, sent, failed, ei);
}

/* The sender thread of `ntm serve` ----------------------------------- */

#define SENDER_BATCH	500

static struct {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool running, stop;
	struct db *db;
} sender = { .lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER };

static void *
sender_main(void *arg)
{
	(void)arg;
	for (;;) {
		size_t sent = 0, failed = 0;
		struct errinfo ei;
		struct timespec until;
		bool stop;

		err_clear(&ei);
		if (run_round(sender.db, SENDER_BATCH, false, &sent, &failed,
		    &ei) != ERR_OK && ei.err != ERR_UNAVAILABLE)
			fprintf(stderr, "ntm: outbox: %s\n",
			    err_message(&ei, "en"));
		pthread_mutex_lock(&sender.lock);
		/* A full batch: more are waiting, go on at once. */
		if (!sender.stop && sent + failed < SENDER_BATCH) {
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += 1;
			pthread_cond_timedwait(&sender.wake, &sender.lock,
			    &until);
		}
		stop = sender.stop;
		pthread_mutex_unlock(&sender.lock);
		if (stop)
			break;
	}
	return NULL;
}

enum err
outbox_sender_start(const char *db_target, struct errinfo *ei)
{
	enum err e;

	if (sender.running)
		return ERR_OK;
	if ((e = db_open_worker(db_target, &sender.db, ei)) != ERR_OK)
		return e;
	sender.stop = false;
	if (pthread_create(&sender.thread, NULL, sender_main, NULL) != 0) {
		db_close(sender.db);
		sender.db = NULL;
		return err_set(ei, ERR_SYS, "outbox.thread", NULL,
		    "không khởi động được luồng gửi",
		    "cannot start the sender thread");
	}
	sender.running = true;
	return ERR_OK;
}

void
outbox_sender_stop(void)
{
	if (!sender.running)
		return;
	pthread_mutex_lock(&sender.lock);
	sender.stop = true;
	pthread_cond_signal(&sender.wake);
	pthread_mutex_unlock(&sender.lock);
	pthread_join(sender.thread, NULL);
	db_close(sender.db);
	sender.db = NULL;
	sender.running = false;
}
