/*
 * market_checkout_queue.c - the checkout's group commit (market_orders.h;
 * docs/MARKET.md section 5).  A durable commit costs an fsync, and one
 * transaction per checkout is bounded by them; so in ntm serve one writer
 * thread with its own connection takes every checkout waiting (up to
 * BATCH_MAX), runs each inside a SAVEPOINT of one transaction - a checkout
 * refused (out of stock, a price changed, a bad form) is rolled back to
 * its savepoint alone, the others go on - commits once, and only then
 * wakes the buyers' request threads with their answers.  Still one
 * transaction per user action in what matters: a checkout is all or
 * nothing, and acknowledged only once it is durable.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/batchq.h"
#include "db/db_worker.h"
#include "domain/market/market_orders.h"
#include "domain/market/market_orders_internal.h"

#define BATCH_MAX	64

struct co_job {
	struct checkout *c;
	json_t *in;
	int64_t buyer_id;
	json_t *out, *quote;
	struct market_problems *probs;
	struct errinfo ei;
	enum err e;
	bool done;
	struct co_job *next;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t work, done;
	pthread_t thread;
	bool running, stopping;
	struct co_job *head, *tail;
	struct db *db;
} q = { .lock = PTHREAD_MUTEX_INITIALIZER, .work = PTHREAD_COND_INITIALIZER,
	.done = PTHREAD_COND_INITIALIZER };

static enum err
savepoint(struct db *db, enum stmt_id id, struct errinfo *ei)
{
	return db_exec(db_stmt(db, id), ei);
}

/* One checkout of the batch in its savepoint. */
static void
write_job(struct db *db, struct co_job *j)
{
	struct errinfo ei2;

	if ((j->e = savepoint(db, STMT_MO_SAVEPOINT, &j->ei)) != ERR_OK)
		return;
	j->e = market_checkout_in_tx(db, j->c, j->in, j->buyer_id, &j->out,
	    &j->quote, j->probs, &j->ei);
	if (j->e != ERR_OK) {
		json_decref(j->out);
		j->out = NULL;
		db_end_reads(db);
		(void)savepoint(db, STMT_MO_SAVEPOINT_UNDO, &ei2);
	}
	(void)savepoint(db, STMT_MO_SAVEPOINT_RELEASE, &ei2);
}

static void
write_batch(struct db *db, struct co_job *jobs)
{
	struct errinfo ei;
	enum err e;

	err_clear(&ei);
	if ((e = db_begin(db, &ei)) == ERR_OK)
		for (struct co_job *j = jobs; j != NULL; j = j->next)
			write_job(db, j);
	/* Commit what was kept; if the commit fails, nothing of the batch
	 * was kept, and every checkout that had succeeded is told so. */
	if ((e = db_finish(db, e, &ei)) != ERR_OK)
		for (struct co_job *j = jobs; j != NULL; j = j->next)
			if (j->e == ERR_OK || j->out != NULL) {
				json_decref(j->out);
				j->out = NULL;
				j->e = e;
				j->ei = ei;
			}
}

static void *
writer(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&q.lock);
	for (;;) {
		struct co_job *batch, *last;

		BATCHQ_TAKE(q, batch, last, BATCH_MAX);
		if (batch == NULL)
			break;	/* stopping, and nothing left to write */
		pthread_mutex_unlock(&q.lock);
		write_batch(q.db, batch);
		pthread_mutex_lock(&q.lock);
		for (struct co_job *j = batch; j != NULL; j = j->next)
			j->done = true;
		pthread_cond_broadcast(&q.done);
	}
	pthread_mutex_unlock(&q.lock);
	return NULL;
}

bool
market_checkout_queued(struct checkout *c, json_t *in, int64_t buyer_id,
    json_t **out, json_t **quote, struct market_problems *probs,
    struct errinfo *ei, enum err *e)
{
	struct co_job j = { .c = c, .in = in, .buyer_id = buyer_id,
		.probs = probs };

	pthread_mutex_lock(&q.lock);
	if (!q.running || q.stopping) {
		pthread_mutex_unlock(&q.lock);
		return false;
	}
	BATCHQ_PUSH(q, &j);
	while (!j.done)
		pthread_cond_wait(&q.done, &q.lock);
	pthread_mutex_unlock(&q.lock);
	*out = j.out;
	*quote = j.quote;
	*e = j.e;
	if (j.e != ERR_OK)
		*ei = j.ei;
	return true;
}

enum err
market_checkout_queue_start(const char *db_target, struct errinfo *ei)
{
	enum err e;
	/* NTM_MARKET_GROUP_COMMIT=0: one transaction per checkout (the
	 * benchmark's "before"). */
	const char *off = getenv("NTM_MARKET_GROUP_COMMIT");

	if (q.running || (off != NULL && strcmp(off, "0") == 0))
		return ERR_OK;
	if ((e = db_open_worker(db_target, &q.db, ei)) != ERR_OK)
		return e;
	q.stopping = false;
	if (pthread_create(&q.thread, NULL, writer, NULL) != 0) {
		db_close(q.db);
		q.db = NULL;
		return err_set(ei, ERR_SYS, "market.thread", NULL,
		    "Không khởi động được luồng ghi đơn hàng",
		    "The thread that writes orders could not start");
	}
	pthread_mutex_lock(&q.lock);
	q.running = true;
	pthread_mutex_unlock(&q.lock);
	return ERR_OK;
}

void
market_checkout_queue_stop(void)
{
	pthread_mutex_lock(&q.lock);
	if (!q.running) {
		pthread_mutex_unlock(&q.lock);
		return;
	}
	q.stopping = true;
	pthread_cond_signal(&q.work);
	pthread_mutex_unlock(&q.lock);
	pthread_join(q.thread, NULL);
	db_close(q.db);
	q.db = NULL;
	q.running = false;
}
