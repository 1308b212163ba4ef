/*
 * wordsearch.c - the word-prefix search of the in-memory indexes
 * (wordsearch.h).
 */
#include "core/wordsearch.h"

#include <string.h>

bool
ws_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    (unsigned char)c >= 0x80;
}

/* The bit of a word's first n bytes, or 0 when the word is shorter. */
static uint64_t
prefix_bit(const char *w, size_t n)
{
	unsigned h = 0;

	for (size_t i = 0; i < n; i++) {
		if (!ws_word_char(w[i]))
			return 0;
		h = h * 31u + (unsigned char)w[i];
	}
	return UINT64_C(1) << (h & 63);
}

void
ws_masks(const char *s, uint64_t m[WS_MASKS])
{
	for (const char *p = s; *p != '\0'; p++)
		if (ws_word_char(*p) && (p == s || !ws_word_char(p[-1])))
			for (size_t k = 0; k < WS_MASKS; k++)
				m[k] |= prefix_bit(p, k + 1);
}

bool
ws_word_prefix(const char *hay, const char *w, size_t n, bool later)
{
	for (const char *p = hay; *p != '\0'; p++)
		if (*p == *w && (p == hay ? !later : !ws_word_char(p[-1])) &&
		    strncmp(p, w, n) == 0)
			return true;
	return false;
}

void
ws_query_split(const char *q, struct ws_query *out)
{
	memset(out, 0, sizeof(*out));
	for (const char *p = q; *p != '\0' && out->n < WS_QWORDS_MAX;) {
		while (*p != '\0' && !ws_word_char(*p))
			p++;
		if (*p == '\0')
			break;
		out->w[out->n] = p;
		while (ws_word_char(*p))
			p++;
		out->len[out->n] = (size_t)(p - out->w[out->n]);
		for (size_t b = 0; b < WS_MASKS && b < out->len[out->n]; b++)
			out->m[b] |= prefix_bit(out->w[out->n], b + 1);
		out->n++;
	}
}
