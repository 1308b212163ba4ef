/*
 * strset.c - see strset.h.  The table doubles at half load.  A slot holds
 * its key and value in one allocation: "key\0value\0" (strcmp on the slot
 * compares the key).
 */
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/strset.h"
#include "core/xalloc.h"

static size_t
hash(const char *s)
{
	return (size_t)hash_fnv1a(HASH_FNV1A_INIT, s, strlen(s));
}

void
strset_init(struct strset *s)
{
	s->slots = NULL;
	s->cap = s->n = 0;
}

void
strset_free(struct strset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slots[i]);
	free(s->slots);
	strset_init(s);
}

static void
put(char **slots, size_t cap, char *s)
{
	size_t i = hash(s) & (cap - 1);

	while (slots[i] != NULL)
		i = (i + 1) & (cap - 1);
	slots[i] = s;
}

/* The slot of key, or the empty slot where it would go (room made first). */
static char **
slot_of(struct strset *set, const char *key)
{
	size_t i;

	if (set->n * 2 >= set->cap) {
		size_t ncap = set->cap ? set->cap * 2 : 64;
		char **nslots = xcalloc(ncap, sizeof(char *));

		for (size_t k = 0; k < set->cap; k++)
			if (set->slots[k] != NULL)
				put(nslots, ncap, set->slots[k]);
		free(set->slots);
		set->slots = nslots;
		set->cap = ncap;
	}
	for (i = hash(key) & (set->cap - 1); set->slots[i] != NULL;
	    i = (i + 1) & (set->cap - 1))
		if (strcmp(set->slots[i], key) == 0)
			break;
	return &set->slots[i];
}

static char *
entry(const char *key, const char *value)
{
	size_t k = strlen(key) + 1, v = strlen(value) + 1;
	char *e = xmalloc(k + v);

	memcpy(e, key, k);
	memcpy(e + k, value, v);
	return e;
}

bool
strset_add(struct strset *set, const char *s)
{
	char **slot = slot_of(set, s);

	if (*slot != NULL)
		return false;
	*slot = entry(s, "");
	set->n++;
	return true;
}

void
strset_put(struct strset *set, const char *key, const char *value)
{
	char **slot = slot_of(set, key);

	if (*slot == NULL)
		set->n++;
	free(*slot);
	*slot = entry(key, value);
}

const char *
strset_get(const struct strset *set, const char *key)
{
	if (set->cap == 0)
		return NULL;
	for (size_t i = hash(key) & (set->cap - 1); set->slots[i] != NULL;
	    i = (i + 1) & (set->cap - 1))
		if (strcmp(set->slots[i], key) == 0)
			return set->slots[i] + strlen(set->slots[i]) + 1;
	return NULL;
}
