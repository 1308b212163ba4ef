/*
 * replicas.c - read replicas (replicas.h): which database a request
 * reads, the standbys' state, read-your-writes by WAL position.
 *
 * One thread asks every standby its state each REPLICA_CHECK_MS (one
 * query); requests only read that state (atomics), so choosing a standby
 * costs no round trip.  A stale state is a cautious one: a standby has
 * replayed at least what it last said, and one found dead by a request is
 * skipped until it answers the checker again.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/xalloc.h"
#include "web/replicas.h"
#include "web/web_internal.h"

#define REPLICA_MAX		8
#define REPLICA_CHECK_MS	100
#define WAL_COOKIE		"ntm_wal"
/* How long a browser keeps the position: far beyond any lag a standby
 * may have before it is skipped. */
#define WAL_COOKIE_AGE		"3600"

struct replica {
	char *url;
	_Atomic bool usable;		/* streaming, in recovery, lag in bound */
	_Atomic uint64_t replayed;
	struct db *checker;		/* the checker thread's connection */
	bool warned;			/* its last failure is logged */
};

static struct replica replicas[REPLICA_MAX];
static int nreplicas;
static double max_lag = 5.0;
static pthread_t checker_thread;
static bool checker_running;
static pthread_mutex_t stop_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t stop_cv = PTHREAD_COND_INITIALIZER;
static bool stopping;
static pthread_key_t conns_key;
static _Atomic unsigned rr;		/* round robin over the standbys */

/*
 * GET routes that write (not read-only although their method says so),
 * found by reading the handlers (the write paths that take db_begin, and
 * the touches of auth, which web_db_writer sends to the primary):
 *   /me/notifications  marks the user's notices seen (notices_home)
 * and /healthz, which must answer for the primary (nginx takes a server
 * whose primary is gone out of its upstream).
 * The home page (/home) marks them too, but only when new ones came: it
 * stays on the standby and such a visit is answered again from the
 * primary (below).  One missed here is answered the same way, and logged.
 */
static const char *const writing_gets[] = {
	"/me/notifications",
	"/healthz",
	NULL
};
static _Atomic unsigned retries_logged;

/* The request of this thread. */
static _Thread_local int cur = -1;		/* -1: the primary */
static _Thread_local bool cur_retry;		/* answered again (primary) */

struct conns {
	struct db *db[REPLICA_MAX];
};

static void
conns_free(void *p)
{
	struct conns *c = p;

	for (int i = 0; i < REPLICA_MAX; i++)
		db_close(c->db[i]);
	free(c);
}

bool
web_replicas_enabled(void)
{
	return nreplicas > 0;
}

/* Ask standby i its state; the checker thread and start-up only. */
static void
check_one(struct replica *rp)
{
	struct db_standby st;
	struct errinfo ei;
	bool ok;

	err_clear(&ei);
	if (rp->checker == NULL &&
	    db_open(rp->url, DB_EXISTING, &rp->checker, &ei) != ERR_OK)
		rp->checker = NULL;
	ok = rp->checker != NULL &&
	    db_standby_state(rp->checker, &st, &ei) == ERR_OK;
	if (ok && st.in_recovery && st.streaming && st.lag_s <= max_lag) {
		atomic_store(&rp->replayed, st.replayed);
		atomic_store(&rp->usable, true);
		if (rp->warned)
			fprintf(stderr, "ntm serve: standby %s: in use again\n",
			    db_target_safe(rp->url));
		rp->warned = false;
		return;
	}
	atomic_store(&rp->usable, false);
	if (!ok && rp->checker != NULL) {
		db_close(rp->checker);
		rp->checker = NULL;
	}
	if (!rp->warned)
		fprintf(stderr, "ntm serve: standby %s: skipped (%s)\n",
		    db_target_safe(rp->url), !ok ? err_message(&ei, "en") :
		    !st.in_recovery ? "not in recovery: a primary" :
		    !st.streaming ? "not streaming from the primary" :
		    "lagging beyond --read-lag");
	rp->warned = true;
}

enum err
web_replicas_init(const char *urls, double max_lag_s, struct errinfo *ei)
{
	char *list = xstrdup(urls), *save = NULL;

	max_lag = max_lag_s;
	for (char *u = strtok_r(list, ",", &save); u != NULL;
	    u = strtok_r(NULL, ",", &save)) {
		if (!db_target_is_pg(u) || nreplicas == REPLICA_MAX) {
			free(list);
			return err_set(ei, ERR_INVALID, "serve.read_db",
			    "read-db", "--read-db: tối đa %d địa chỉ "
			    "postgresql://", "--read-db: at most %d "
			    "postgresql:// URLs", REPLICA_MAX);
		}
		replicas[nreplicas++].url = xstrdup(u);
	}
	free(list);
	pthread_key_create(&conns_key, conns_free);
	for (int i = 0; i < nreplicas; i++)
		check_one(&replicas[i]);
	return ERR_OK;
}

static void *
checker_main(void *arg)
{
	struct timespec until;

	(void)arg;
	pthread_mutex_lock(&stop_mu);
	while (!stopping) {
		pthread_mutex_unlock(&stop_mu);
		for (int i = 0; i < nreplicas; i++)
			check_one(&replicas[i]);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += REPLICA_CHECK_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_mutex_lock(&stop_mu);
		if (!stopping)
			pthread_cond_timedwait(&stop_cv, &stop_mu, &until);
	}
	pthread_mutex_unlock(&stop_mu);
	return NULL;
}

enum err
web_replicas_start(struct errinfo *ei)
{
	if (nreplicas == 0)
		return ERR_OK;
	if (pthread_create(&checker_thread, NULL, checker_main, NULL) != 0)
		return err_set(ei, ERR_SYS, "serve.read_db", NULL,
		    "không khởi động được luồng theo dõi bản sao",
		    "cannot start the standbys' checker thread");
	checker_running = true;
	return ERR_OK;
}

void
web_replicas_stop(void)
{
	if (checker_running) {
		pthread_mutex_lock(&stop_mu);
		stopping = true;
		pthread_cond_signal(&stop_cv);
		pthread_mutex_unlock(&stop_mu);
		pthread_join(checker_thread, NULL);
		checker_running = false;
	}
	for (int i = 0; i < nreplicas; i++) {
		db_close(replicas[i].checker);
		free(replicas[i].url);
		replicas[i].checker = NULL;
		replicas[i].url = NULL;
	}
	nreplicas = 0;
}

int
web_replica_current(void)
{
	return cur;
}

struct db *
web_replica_db(int i, struct errinfo *ei)
{
	struct conns *c = pthread_getspecific(conns_key);

	if (c == NULL) {
		c = xcalloc(1, sizeof(*c));
		pthread_setspecific(conns_key, c);
	}
	/* Statements are prepared lazily on a standby: a request uses few. */
	if (c->db[i] == NULL &&
	    db_open(replicas[i].url, DB_EXISTING, &c->db[i], ei) != ERR_OK)
		c->db[i] = NULL;
	return c->db[i];
}

void
web_replica_fail(void)
{
	if (cur >= 0)
		atomic_store(&replicas[cur].usable, false);
	cur = -1;
}

struct db *
web_db_writer(struct web *w, struct errinfo *ei)
{
	struct db *db;

	(void)ei;
	if (cur < 0)
		return w->db;
	return (db = web_db_primary(NULL)) != NULL ? db : w->db;
}

/* The position the caller's last write left (its cookie), 0: none. */
static uint64_t
wal_needed(struct req *r)
{
	const char *c = http_cookie(r, WAL_COOKIE);
	char *end;
	unsigned long long v;

	if (c == NULL || strlen(c) != 16)
		return 0;
	v = strtoull(c, &end, 16);
	return *end == '\0' ? (uint64_t)v : 0;
}

static bool
is_read(const char *method)
{
	return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

/* The standby for r, -1 for the primary. */
static int
choose(struct req *r)
{
	uint64_t need;
	unsigned start;

	if (nreplicas == 0 || !is_read(r->method))
		return -1;
	need = wal_needed(r);
	start = atomic_fetch_add(&rr, 1);
	for (int k = 0; k < nreplicas; k++) {
		int i = (int)((start + (unsigned)k) % (unsigned)nreplicas);

		if (atomic_load(&replicas[i].usable) &&
		    atomic_load(&replicas[i].replayed) >= need)
			return i;
	}
	return -1;
}

void
web_replica_route(struct req *r, const struct route *rt)
{
	(void)r;
	if (cur < 0)
		return;
	for (size_t i = 0; writing_gets[i] != NULL; i++)
		if (strcmp(rt->pattern, writing_gets[i]) == 0) {
			cur = -1;
			return;
		}
}

/* After a write: the position that covers it, for the caller's next
 * reads (any server process reads the same cookie). */
static void
set_wal_cookie(struct req *r)
{
	struct errinfo ei;
	struct db *db;
	uint64_t pos;
	char *v;

	err_clear(&ei);
	if ((db = web_db_primary(&ei)) == NULL ||
	    db_wal_position(db, &pos, &ei) != ERR_OK || pos == 0)
		return;
	v = arena_alloc(r->arena, 128);
	snprintf(v, 128, WAL_COOKIE "=%016llx; Path=/; Max-Age="
	    WAL_COOKIE_AGE "; HttpOnly; SameSite=Lax%s",
	    (unsigned long long)pos, web_cookies_secure() ? "; Secure" : "");
	http_add_header(r, "Set-Cookie", v);
}

void
web_dispatch(struct req *r, void *ctx)
{
	size_t nheaders = r->nheaders, nparams = r->nparams;

	cur = choose(r);
	cur_retry = false;
	web_route_dispatch(r, ctx);
	/* A read that failed on its standby: once more from the primary.
	 * Nothing was written (a standby refuses writes) and nothing sent. */
	if (cur >= 0 && r->status >= 500 && !r->deferred && !r->out_fd_set &&
	    r->prepared == NULL) {
		/* The first few only: a lost standby fails every read. */
		if (atomic_fetch_add(&retries_logged, 1) < 20)
			fprintf(stderr, "ntm serve: %s %s: %d on standby %s, "
			    "answered from the primary\n", r->method, r->path,
			    r->status, db_target_safe(replicas[cur].url));
		cur = -1;
		cur_retry = true;
		r->nheaders = nheaders;
		r->nparams = nparams;
		r->status = 200;
		r->content_type = NULL;
		r->out.len = 0;
		if (r->out_release != NULL)
			r->out_release(r->out_release_arg);
		r->out_release = NULL;
		r->out_static = NULL;
		r->out_static_len = 0;
		web_route_dispatch(r, ctx);
	}
	if (nreplicas > 0 && !r->deferred && (!is_read(r->method) || cur_retry))
		set_wal_cookie(r);
	cur = -1;
}
