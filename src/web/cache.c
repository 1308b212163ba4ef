/*
 * cache.c - see cache.h.  One mutex per table guards its slots; it is held
 * only to compare a key and take a reference (never to copy a body).
 * Bodies and answers are reference counted, so replacing a slot never
 * pulls a body from under a response still being sent.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/hash.h"
#include "core/xalloc.h"
#include "db/db.h"
#include "web/cache.h"

/* A body and its reference count; pub.body points into data. */
struct val {
	struct web_cached pub;
	atomic_uint refs;
	char data[];
};

struct entry {
	char *key;
	char version[64];
	struct val *v;
	int64_t built_ms;	/* when v was stored (monotonic) */
	uint64_t flight;	/* its builder's number, 0: none */
	int64_t flight_ms;	/* when that flight began */
};

struct answer_slot {
	char *key;
	size_t len;
	const char *version_key;
	bool dated;
	char version[64];
	struct http_prepared *resp;
};

static struct entry slots[WEB_CACHE_SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct answer_slot answers[WEB_ANSWER_SLOTS];
static pthread_mutex_t answers_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t stale_ms = 5000;	/* web_cache_set_stale */
static uint64_t flights;	/* the last flight number given (under lock) */

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
web_cache_set_stale(unsigned seconds)
{
	stale_ms = (int64_t)seconds * 1000;
}

/* The tokens read last (web_cache_token): few keys exist. */
struct token_memo {
	char key[64];
	char version[64];
	int rc;
	int64_t read_ms;
};
static struct token_memo token_memo[16];
static unsigned token_next;	/* the slot to take next (under token_lock) */
static pthread_mutex_t token_lock = PTHREAD_MUTEX_INITIALIZER;

static struct token_memo *
token_slot(const char *key)
{
	for (size_t i = 0; i < sizeof(token_memo) / sizeof(token_memo[0]); i++)
		if (strcmp(token_memo[i].key, key) == 0)
			return &token_memo[i];
	return NULL;
}

int
web_cache_token(struct db *db, const char *key, bool fresh, char *out,
    size_t outlen, struct errinfo *ei)
{
	struct token_memo *m;
	int64_t now;
	int rc;

	if (stale_ms == 0 || strcmp(db_backend(db), "postgresql") != 0 ||
	    strlen(key) >= sizeof(token_memo[0].key))
		return db_meta_get(db, key, out, outlen, ei);
	now = now_ms();
	if (!fresh) {
		pthread_mutex_lock(&token_lock);
		m = token_slot(key);
		if (m != NULL && now - m->read_ms < WEB_TOKEN_REUSE_MS &&
		    now - m->read_ms < stale_ms) {
			snprintf(out, outlen, "%s", m->version);
			rc = m->rc;
			pthread_mutex_unlock(&token_lock);
			return rc;
		}
		pthread_mutex_unlock(&token_lock);
	}
	rc = db_meta_get(db, key, out, outlen, ei);
	if (rc < 0 || strlen(out) >= sizeof(token_memo[0].version))
		return rc;
	pthread_mutex_lock(&token_lock);
	if ((m = token_slot(key)) == NULL) {
		m = &token_memo[token_next++ %
		    (sizeof(token_memo) / sizeof(token_memo[0]))];
		snprintf(m->key, sizeof(m->key), "%s", key);
	}
	snprintf(m->version, sizeof(m->version), "%s", out);
	m->rc = rc;
	m->read_ms = now;
	pthread_mutex_unlock(&token_lock);
	return rc;
}

static uint64_t
fnv1a(const char *p, size_t n)
{
	return hash_fnv1a(HASH_FNV1A_INIT, p, n);
}

static struct val *
val_of(const struct web_cached *c)
{
	return (struct val *)(void *)((char *)(uintptr_t)c -
	    offsetof(struct val, pub));
}

static void
val_unref(struct val *v)
{
	if (v != NULL && atomic_fetch_sub_explicit(&v->refs, 1,
	    memory_order_acq_rel) == 1)
		free(v);
}

/* MHD's free callback for a body handed to a response. */
static void
val_release(void *arg)
{
	val_unref(arg);
}

static struct entry *
slot_of(const char *key)
{
	return &slots[fnv1a(key, strlen(key)) % WEB_CACHE_SLOTS];
}

/* Whether an anonymous reader is given e's stale body (under lock). */
static bool
stale_serves(const struct entry *e, int64_t now)
{
	return now - e->built_ms < stale_ms || (e->flight != 0 &&
	    now - e->flight_ms < WEB_CACHE_FLIGHT_MAX_MS);
}

enum web_cache_found
web_cache_lookup(const char *key, const char *version, bool stale_ok,
    const struct web_cached **out, uint64_t *flight)
{
	struct entry *e = slot_of(key);
	enum web_cache_found found = WEB_CACHE_MISS;
	int64_t now = stale_ok ? now_ms() : 0;

	*flight = 0;
	pthread_mutex_lock(&lock);
	if (e->v != NULL && strcmp(e->key, key) == 0) {
		if (strcmp(e->version, version) == 0)
			found = WEB_CACHE_HIT;
		else if (stale_ok && stale_serves(e, now))
			found = WEB_CACHE_STALE;
		else if (stale_ok) {
			*flight = e->flight = ++flights;
			e->flight_ms = now;
		}
		if (found != WEB_CACHE_MISS) {
			atomic_fetch_add_explicit(&e->v->refs, 1,
			    memory_order_relaxed);
			*out = &e->v->pub;
		}
	}
	pthread_mutex_unlock(&lock);
	return found;
}

bool
web_cache_get(const char *key, const char *version,
    const struct web_cached **out)
{
	uint64_t flight;

	return web_cache_lookup(key, version, false, out, &flight) ==
	    WEB_CACHE_HIT;
}

void
web_cache_flight_end(const char *key, uint64_t flight)
{
	struct entry *e = slot_of(key);

	pthread_mutex_lock(&lock);
	if (flight != 0 && e->flight == flight)
		e->flight = 0;
	pthread_mutex_unlock(&lock);
}

void
web_cache_release(const struct web_cached *c)
{
	if (c != NULL)
		val_unref(val_of(c));
}

void
web_cache_respond(struct req *r, const struct web_cached *c)
{
	buf_reset(&r->out);
	r->out_static = c->body;
	r->out_static_len = c->len;
	r->out_release = val_release;
	r->out_release_arg = val_of(c);
}

const struct web_cached *
web_cache_put(const char *key, const char *version, const char *body,
    size_t len, char etag[24])
{
	struct entry *e = slot_of(key);
	struct val *v, *old;
	char *k;

	/* The ETag names the version and the bytes, never just one. */
	snprintf(etag, 24, "\"%016llx\"", (unsigned long long)(fnv1a(body,
	    len) ^ fnv1a(version, strlen(version))));
	if (len > WEB_CACHE_MAX_BODY || strlen(version) >= sizeof(e->version))
		return NULL;
	v = xmalloc(sizeof(*v) + len + 1);
	atomic_init(&v->refs, 2);	/* the table's and the caller's */
	memcpy(v->data, body, len);
	v->data[len] = '\0';
	v->pub.body = v->data;
	v->pub.len = len;
	memcpy(v->pub.etag, etag, 24);
	k = xstrdup(key);
	pthread_mutex_lock(&lock);
	free(e->key);
	e->key = k;
	snprintf(e->version, sizeof(e->version), "%s", version);
	old = e->v;
	e->v = v;
	e->built_ms = now_ms();
	e->flight = 0;		/* whoever built it, the wait is over */
	pthread_mutex_unlock(&lock);
	val_unref(old);
	return &v->pub;
}

bool
web_answer_get(const char *key, size_t len, struct web_answer *out)
{
	struct answer_slot *a = &answers[fnv1a(key, len) % WEB_ANSWER_SLOTS];
	bool hit = false;

	pthread_mutex_lock(&answers_lock);
	if (a->resp != NULL && a->len == len && memcmp(a->key, key, len) == 0) {
		http_prepared_ref(a->resp);
		out->resp = a->resp;
		out->version_key = a->version_key;
		out->dated = a->dated;
		memcpy(out->version, a->version, sizeof(out->version));
		hit = true;
	}
	pthread_mutex_unlock(&answers_lock);
	return hit;
}

void
web_answer_put(const char *key, size_t len, const char *version_key,
    bool dated, const char *version, struct http_prepared *resp)
{
	struct answer_slot *a = &answers[fnv1a(key, len) % WEB_ANSWER_SLOTS];
	struct http_prepared *old;
	char *k;

	if (http_prepared_len(resp) > WEB_CACHE_MAX_BODY || (version != NULL &&
	    strlen(version) >= sizeof(a->version)))
		return;
	k = xmalloc(len);
	memcpy(k, key, len);
	http_prepared_ref(resp);
	pthread_mutex_lock(&answers_lock);
	free(a->key);
	a->key = k;
	a->len = len;
	a->version_key = version_key;
	a->dated = dated;
	snprintf(a->version, sizeof(a->version), "%s",
	    version != NULL ? version : "");
	old = a->resp;
	a->resp = resp;
	pthread_mutex_unlock(&answers_lock);
	http_prepared_unref(old);
}

void
web_cache_clear(void)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < WEB_CACHE_SLOTS; i++) {
		free(slots[i].key);
		val_unref(slots[i].v);
		memset(&slots[i], 0, sizeof(slots[i]));
	}
	pthread_mutex_unlock(&lock);
	pthread_mutex_lock(&answers_lock);
	for (size_t i = 0; i < WEB_ANSWER_SLOTS; i++) {
		free(answers[i].key);
		http_prepared_unref(answers[i].resp);
		memset(&answers[i], 0, sizeof(answers[i]));
	}
	pthread_mutex_unlock(&answers_lock);
}
