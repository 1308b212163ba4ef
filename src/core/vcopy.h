/*
 * vcopy.h - a copy in memory shared by the server's threads and rebuilt
 * when the data it was read from changes (a version token the caller
 * reads from the database, e.g. db_meta_get of the tokens it depends on).
 *
 * A request acquires the copy for its version: the current one when the
 * token is unchanged, else a copy built (outside the lock: other requests
 * go on with the old one) and made current.  Holders keep a reference
 * while they read; the last holder frees a replaced copy.  The copy is a
 * cache, not state, so several server processes on one database stay
 * correct: each rebuilds when the token it reads moves.
 */
#ifndef NTM_CORE_VCOPY_H
#define NTM_CORE_VCOPY_H

#include <pthread.h>

#include "core/err.h"

#define VCOPY_VERSION_MAX	192

struct vcopy_ref {
	char version[VCOPY_VERSION_MAX];
	void *data;
	int refs;
};

struct vcopy {
	pthread_mutex_t lock;
	struct vcopy_ref *current;
	void (*free_data)(void *data);
};

#define VCOPY_INIT(free_fn) { PTHREAD_MUTEX_INITIALIZER, NULL, (free_fn) }

/* Builds the copy for ref->version into ref->data (the copy may keep ref
 * to release itself later); ctx as given to acquire. */
typedef enum err (*vcopy_build_fn)(void *ctx, struct vcopy_ref *ref,
    struct errinfo *ei);

/* The copy of version (built by build when the current one is of another
 * version, or none); the caller releases it. */
enum err vcopy_acquire(struct vcopy *vc, const char *version,
    vcopy_build_fn build, void *ctx, struct vcopy_ref **out,
    struct errinfo *ei);
void vcopy_release(struct vcopy *vc, struct vcopy_ref *ref);
/* Forget the current copy (tests that change the data behind the token's
 * back); holders keep theirs until they release it. */
void vcopy_reset(struct vcopy *vc);

#endif
