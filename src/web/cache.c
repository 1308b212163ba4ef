/*
 * cache.c - see cache.h.  One mutex guards the table; it is held only to
 * compare a key and copy a body (a few microseconds for 30 KB).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "web/cache.h"

struct entry {
	char *key;
	char version[64];
	char etag[24];
	char *body;
	size_t len;
};

static struct entry slots[WEB_CACHE_SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t
fnv1a(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	while (n--)
		h = (h ^ (unsigned char)*p++) * 1099511628211ULL;
	return h;
}

bool
web_cache_get(const char *key, const char *version, struct buf *out,
    char etag[24])
{
	struct entry *e = &slots[fnv1a(key, strlen(key)) % WEB_CACHE_SLOTS];
	bool hit = false;

	pthread_mutex_lock(&lock);
	if (e->key != NULL && strcmp(e->key, key) == 0 &&
	    strcmp(e->version, version) == 0 &&
	    buf_append(out, e->body, e->len) == ERR_OK) {
		memcpy(etag, e->etag, 24);
		hit = true;
	}
	pthread_mutex_unlock(&lock);
	return hit;
}

void
web_cache_put(const char *key, const char *version, const char *body,
    size_t len, char etag[24])
{
	struct entry *e = &slots[fnv1a(key, strlen(key)) % WEB_CACHE_SLOTS];

	/* The ETag names the version and the bytes, never just one. */
	snprintf(etag, 24, "\"%016llx\"", (unsigned long long)(fnv1a(body,
	    len) ^ fnv1a(version, strlen(version))));
	if (len > WEB_CACHE_MAX_BODY || strlen(version) >= sizeof(e->version))
		return;
	pthread_mutex_lock(&lock);
	free(e->key);
	free(e->body);
	e->key = xstrdup(key);
	snprintf(e->version, sizeof(e->version), "%s", version);
	memcpy(e->etag, etag, 24);
	e->body = xmalloc(len);
	memcpy(e->body, body, len);
	e->len = len;
	pthread_mutex_unlock(&lock);
}

void
web_cache_clear(void)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < WEB_CACHE_SLOTS; i++) {
		free(slots[i].key);
		free(slots[i].body);
		memset(&slots[i], 0, sizeof(slots[i]));
	}
	pthread_mutex_unlock(&lock);
}
