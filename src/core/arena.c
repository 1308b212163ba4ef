/*
 * arena.c - a chain of blocks; a request that needs more than one block
 * gets another, and an allocation bigger than a block gets a block of its
 * own.  See arena.h.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/xalloc.h"

#define ARENA_ALIGN 16

struct arena_block {
	struct arena_block *next;
	size_t size;
	size_t used;
	_Alignas(ARENA_ALIGN) unsigned char mem[];
};

struct arena {
	struct arena_block *head;
	size_t block_size;
	size_t total;
};

static struct arena_block *
block_new(size_t size)
{
	struct arena_block *b = xmalloc(sizeof(*b) + size);

	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

struct arena *
arena_new(size_t block_size)
{
	struct arena *a = xcalloc(1, sizeof(*a));

	a->block_size = block_size < 256 ? 256 : block_size;
	a->head = block_new(a->block_size);
	return a;
}

void
arena_free(struct arena *a)
{
	struct arena_block *b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	size_t off;
	void *p;

	if (n > SIZE_MAX / 2) {		/* cannot be satisfied: as OOM */
		fputs("ntm: arena: impossible allocation\n", stderr);
		abort();
	}
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (n == 0)
		n = ARENA_ALIGN;
	off = b->used;
	if (n > b->size - off) {
		if (n > a->block_size / 2) {
			/* A big object: its own block behind the head, so the
			 * head's free space is not wasted. */
			struct arena_block *big = block_new(n);

			big->used = n;
			big->next = b->next;
			b->next = big;
			a->total += n;
			memset(big->mem, 0, n);
			return big->mem;
		}
		b = block_new(a->block_size);
		b->next = a->head;
		a->head = b;
		off = 0;
	}
	p = b->mem + off;
	b->used = off + n;
	a->total += n;
	memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

size_t
arena_used(const struct arena *a)
{
	return a->total;
}
