/*
 * xalloc.h - allocation that aborts on out-of-memory (STYLE.md: out of
 * memory aborts; client input never reaches this path as a decision).
 */
#ifndef NTM_CORE_XALLOC_H
#define NTM_CORE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
