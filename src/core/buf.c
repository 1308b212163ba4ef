/*
 * buf.c - bounded growable buffers; see buf.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xalloc.h"

void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Make room for n more bytes plus the terminating NUL. */
static enum err
buf_reserve(struct buf *b, size_t n)
{
	size_t need, ncap;

	if (n > b->max || b->len > b->max - n)
		return ERR_LIMIT;
	need = b->len + n + 1;
	if (need <= b->cap)
		return ERR_OK;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap = ncap > (size_t)-1 / 2 ? need : ncap * 2;
	if (ncap - 1 > b->max)	/* not "> max + 1": max may be SIZE_MAX */
		ncap = b->max + 1;
	b->data = xrealloc(b->data, ncap);
	b->cap = ncap;
	return ERR_OK;
}

enum err
buf_append(struct buf *b, const void *p, size_t n)
{
	if (buf_reserve(b, n) != ERR_OK)
		return ERR_LIMIT;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return ERR_OK;
}

enum err
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

enum err
buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

enum err
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return ERR_SYS;
	if (buf_reserve(b, (size_t)n) != ERR_OK)
		return ERR_LIMIT;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return ERR_OK;
}

const char *
buf_cstr(const struct buf *b)
{
	return b->data != NULL ? b->data : "";
}

char *
buf_detach(struct buf *b, size_t *lenp)
{
	char *p = b->data;

	if (p == NULL)
		p = xstrdup("");
	if (lenp != NULL)
		*lenp = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

enum err
buf_read_file(struct buf *b, const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t before = b->len, got;
	char chunk[16384];
	enum err e = ERR_OK;

	if (f == NULL)
		return ERR_SYS;
	while (e == ERR_OK && (got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		e = buf_append(b, chunk, got);
	if (e == ERR_OK && ferror(f))
		e = ERR_SYS;
	fclose(f);
	if (e != ERR_OK) {
		b->len = before;	/* as it was */
		if (b->data != NULL)
			b->data[before] = '\0';
	}
	return e;
}
