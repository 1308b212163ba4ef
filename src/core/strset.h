/*
 * strset.h - a set of strings (open addressing, FNV-1a), for "seen
 * before?" checks such as duplicate codes within one import file.
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

#endif
