/*
 * shacache.h - a process-wide cache of parsed documents keyed by the
 * SHA-256 of their text.  A stored version of a criteria set or a
 * procedure never changes, so an entry stays valid for the life of the
 * process; keying by content (not id and version) keeps two databases in
 * one process (tests) apart.  Thread-safe.  Few entries: a linear scan.
 */
#ifndef NTM_CORE_SHACACHE_H
#define NTM_CORE_SHACACHE_H

#include <pthread.h>
#include <stddef.h>

struct shacache_entry {
	char sha[65];
	void *obj;
};

struct shacache {
	pthread_mutex_t lock;
	void (*free_obj)(void *obj);
	struct shacache_entry *e;
	size_t n, cap;
};
#define SHACACHE_INIT(free_fn) { PTHREAD_MUTEX_INITIALIZER, (free_fn), \
	NULL, 0, 0 }

/* The object cached for sha, or NULL. */
const void *shacache_find(struct shacache *c, const char *sha);
/* Cache obj (taking it) unless another thread did first, in which case obj
 * is freed; returns the cached object. */
const void *shacache_add(struct shacache *c, const char *sha, void *obj);
/* Free every object (at exit, never while another thread may use one). */
void shacache_clear(struct shacache *c);

#endif
