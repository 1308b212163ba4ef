/*
 * ocop_cert_sweeper.c - the calendar's sweep of OCOP certificates run by
 * `ntm serve` (ocop_certificates_sweep, ocop_cert_life.c): once at start,
 * before the server says it listens (so that what it serves on its first
 * request already follows the calendar), then every interval from a
 * thread of its own, it opens the database on a connection of its own,
 * moves the products whose certificates are expiring or expired, and logs
 * one line when it moved any.  Like the
 * audit checkpointer: a database that went away between two sweeps costs
 * nothing to recover from.
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "domain/ocop/ocop_certificates.h"

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool running, stop;
	const char *target;
	unsigned interval_s;
} sw = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void
sweep_tick(void)
{
	struct ocop_sweep res;
	struct errinfo ei;
	struct db *db;
	enum err e;

	err_clear(&ei);
	if ((e = db_open(sw.target, DB_EXISTING, &db, &ei)) == ERR_OK) {
		if ((e = db_prepare_all(db, &ei)) == ERR_OK)
			e = ocop_certificates_sweep(db, &res, &ei);
		db_close(db);
	}
	if (e != ERR_OK)
		fprintf(stderr, "ntm serve: OCOP certificate sweep failed: %s\n",
		    err_message(&ei, "en"));
	else if (res.expiring + res.expired + res.skipped > 0)
		fprintf(stderr, "ntm serve: OCOP certificates: %d expiring, %d "
		    "expired, %d skipped\n", res.expiring, res.expired,
		    res.skipped);
}

static void *
sweeper(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&sw.lock);
	while (!sw.stop) {
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)sw.interval_s;
		while (!sw.stop && pthread_cond_timedwait(&sw.wake, &sw.lock,
		    &until) == 0)
			;	/* woken early without stop: wait on */
		if (sw.stop)
			break;
		pthread_mutex_unlock(&sw.lock);
		sweep_tick();
		pthread_mutex_lock(&sw.lock);
	}
	pthread_mutex_unlock(&sw.lock);
	return NULL;
}

enum err
ocop_sweeper_start(const char *target, unsigned interval_s,
    struct errinfo *ei)
{
	sw.target = target;
	sweep_tick();
	pthread_mutex_lock(&sw.lock);
	sw.interval_s = interval_s > 0 ? interval_s : 1;
	sw.stop = false;
	pthread_cond_init(&sw.wake, NULL);
	sw.running = pthread_create(&sw.thread, NULL, sweeper, NULL) == 0;
	pthread_mutex_unlock(&sw.lock);
	if (!sw.running)
		return err_set(ei, ERR_SYS, "ocop.sweeper", NULL,
		    "không khởi động được luồng rà soát giấy chứng nhận OCOP",
		    "cannot start the OCOP certificate sweep thread");
	return ERR_OK;
}

void
ocop_sweeper_stop(void)
{
	pthread_mutex_lock(&sw.lock);
	if (!sw.running) {
		pthread_mutex_unlock(&sw.lock);
		return;
	}
	sw.stop = true;
	pthread_cond_signal(&sw.wake);
	pthread_mutex_unlock(&sw.lock);
	pthread_join(sw.thread, NULL);
	pthread_cond_destroy(&sw.wake);
	sw.running = false;
}
