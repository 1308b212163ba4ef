/*
 * vcopy.c - a versioned copy shared by threads (vcopy.h): the pattern of
 * the unit search and the OCOP register, once.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vcopy.h"
#include "core/xalloc.h"

static void
drop(struct vcopy *vc, struct vcopy_ref *ref)
{
	vc->free_data(ref->data);
	free(ref);
}

void
vcopy_release(struct vcopy *vc, struct vcopy_ref *ref)
{
	bool last;

	pthread_mutex_lock(&vc->lock);
	last = --ref->refs == 0;
	pthread_mutex_unlock(&vc->lock);
	if (last)
		drop(vc, ref);
}

enum err
vcopy_acquire(struct vcopy *vc, const char *version, vcopy_build_fn build,
    void *ctx, struct vcopy_ref **out, struct errinfo *ei)
{
	struct vcopy_ref *fresh, *old = NULL;
	enum err e;

	pthread_mutex_lock(&vc->lock);
	if (vc->current != NULL && strcmp(vc->current->version, version) == 0) {
		vc->current->refs++;
		*out = vc->current;
		pthread_mutex_unlock(&vc->lock);
		return ERR_OK;
	}
	pthread_mutex_unlock(&vc->lock);

	/* Built outside the lock: requests go on with the old copy. */
	fresh = xcalloc(1, sizeof(*fresh));
	snprintf(fresh->version, sizeof(fresh->version), "%s", version);
	if ((e = build(ctx, fresh, ei)) != ERR_OK) {
		free(fresh);
		return e;
	}
	pthread_mutex_lock(&vc->lock);
	if (vc->current == NULL || strcmp(vc->current->version, version) != 0) {
		old = vc->current;
		fresh->refs = 1;	/* the reference held by current */
		vc->current = fresh;
		fresh = NULL;
	}
	vc->current->refs++;
	*out = vc->current;
	pthread_mutex_unlock(&vc->lock);
	if (fresh != NULL)	/* another thread won the race */
		drop(vc, fresh);
	if (old != NULL)
		vcopy_release(vc, old);
	return ERR_OK;
}

void
vcopy_reset(struct vcopy *vc)
{
	struct vcopy_ref *old;

	pthread_mutex_lock(&vc->lock);
	old = vc->current;
	vc->current = NULL;
	pthread_mutex_unlock(&vc->lock);
	if (old != NULL)
		vcopy_release(vc, old);
}
