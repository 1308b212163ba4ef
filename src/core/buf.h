/*
 * buf.h - growable byte buffers with a hard maximum fixed at creation
 * (after curl's dynbuf).  Growing past the maximum fails with ERR_LIMIT and
 * leaves the buffer as it was, so a hostile input can never make ntm
 * allocate without bound.  The contents are always NUL-terminated.
 *
 * Ownership: the buffer owns data; buf_free releases it.  A zeroed struct
 * buf must be initialised with buf_init before use.
 */
#ifndef NTM_CORE_BUF_H
#define NTM_CORE_BUF_H

#include <stddef.h>

#include "core/err.h"

struct buf {
	char *data;	/* NUL-terminated once anything was added; may be NULL */
	size_t len;
	size_t cap;
	size_t max;	/* the most bytes len may ever reach */
};

void buf_init(struct buf *b, size_t max);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);		/* len = 0, keeps the memory */
/* Each returns ERR_LIMIT (b unchanged) past the maximum: a caller must
 * handle it (the compiler checks that the result is used). */
#define BUF_MUST_USE	__attribute__((warn_unused_result))
enum err buf_append(struct buf *b, const void *p, size_t n) BUF_MUST_USE;
enum err buf_puts(struct buf *b, const char *s) BUF_MUST_USE;
enum err buf_putc(struct buf *b, char c) BUF_MUST_USE;
enum err buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3))) BUF_MUST_USE;
/* Always a valid C string (""), even for an empty buffer. */
const char *buf_cstr(const struct buf *b);
/* Hand the data over to the caller (who must free() it); b becomes empty. */
char *buf_detach(struct buf *b, size_t *lenp);
/* Append the whole file at path: ERR_SYS if it cannot be read, ERR_LIMIT
 * (buffer unchanged) if it would pass the maximum. */
enum err buf_read_file(struct buf *b, const char *path) BUF_MUST_USE;

#endif
