/*
 * arena.h - request-scoped memory (after h2o/lwan pools).  Everything a
 * request or a command allocates from its arena is released at once by
 * arena_free; handlers and domain code serving a request never call free().
 *
 * Ownership: the creator of an arena frees it.  Allocations are 16-byte
 * aligned.  Out of memory aborts.
 */
#ifndef NTM_CORE_ARENA_H
#define NTM_CORE_ARENA_H

#include <stddef.h>

struct arena;

struct arena *arena_new(size_t block_size);
void arena_free(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);	/* zero-filled */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
size_t arena_used(const struct arena *a);	/* bytes handed out, for tests */

#endif
