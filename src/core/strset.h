/*
 * strset.h - a set of strings (open addressing, FNV-1a), for "seen
 * before?" checks such as duplicate codes within one import file; each
 * string may carry a value (a small map: what an import already knows of a
 * unit, say).
 *
 * Ownership: the set copies what it stores and frees it in strset_free.
 */
#ifndef NTM_CORE_STRSET_H
#define NTM_CORE_STRSET_H

#include <stdbool.h>
#include <stddef.h>

struct strset {
	char **slots;
	size_t cap, n;
};

void strset_init(struct strset *s);
void strset_free(struct strset *s);
/* Add s; false if it was already there. */
bool strset_add(struct strset *set, const char *s);
/* Add key with value, or replace the value of a key already there. */
void strset_put(struct strset *set, const char *key, const char *value);
/* The value of key ("" when it was added by strset_add), NULL if absent;
 * valid until the key's next strset_put or strset_free. */
const char *strset_get(const struct strset *set, const char *key);

#endif
