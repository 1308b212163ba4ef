/*
 * shacache.c - see shacache.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "core/shacache.h"

static void *
lookup(struct shacache *c, const char *sha)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->e[i].sha, sha) == 0)
			return c->e[i].obj;
	return NULL;
}

const void *
shacache_find(struct shacache *c, const char *sha)
{
	void *obj;

	pthread_mutex_lock(&c->lock);
	obj = lookup(c, sha);
	pthread_mutex_unlock(&c->lock);
	return obj;
}

const void *
shacache_add(struct shacache *c, const char *sha, void *obj)
{
	void *found;

	pthread_mutex_lock(&c->lock);
	if ((found = lookup(c, sha)) != NULL)
		c->free_obj(obj);
	else {
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 16;
			c->e = xrealloc(c->e, c->cap * sizeof(*c->e));
		}
		snprintf(c->e[c->n].sha, sizeof(c->e[c->n].sha), "%s", sha);
		c->e[c->n++].obj = obj;
		found = obj;
	}
	pthread_mutex_unlock(&c->lock);
	return found;
}

void
shacache_clear(struct shacache *c)
{
	pthread_mutex_lock(&c->lock);
	for (size_t i = 0; i < c->n; i++)
		c->free_obj(c->e[i].obj);
	free(c->e);
	c->e = NULL;
	c->n = c->cap = 0;
	pthread_mutex_unlock(&c->lock);
}
