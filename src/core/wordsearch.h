/*
 * wordsearch.h - the word-prefix search of the in-memory indexes (the OCOP
 * register, the market's catalog): keys are folded text (text_fold), a
 * query matches when each of its words starts a word of a key.  Before any
 * string is read, a bit filter of the first 1, 2 and 3 bytes of every word
 * of an entry's keys passes over most entries with three integers (a
 * query over 20,000 products went from ~30 ms to ~0.3 ms,
 * bench/ocop_register.sh).
 */
#ifndef NTM_CORE_WORDSEARCH_H
#define NTM_CORE_WORDSEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WS_MASKS	3	/* word prefixes of 1, 2 and 3 bytes */
#define WS_QWORDS_MAX	8	/* the words of a query that count */

/* A letter or digit of folded text (bytes >= 0x80: letters text_fold
 * kept). */
bool ws_word_char(char c);
/* m[k] |= the bit of the first k + 1 bytes of every word of s. */
void ws_masks(const char *s, uint64_t m[WS_MASKS]);
/* Does a word of hay start with w (n bytes)?  later: only a word after
 * hay's first. */
bool ws_word_prefix(const char *hay, const char *w, size_t n, bool later);

/* A folded query split into words, with the bits its words need. */
struct ws_query {
	const char *w[WS_QWORDS_MAX];
	size_t len[WS_QWORDS_MAX], n;
	uint64_t m[WS_MASKS];
};
void ws_query_split(const char *q, struct ws_query *out);
/* Can an entry whose keys have the masks m match every word of q? */
static inline bool
ws_may_match(const uint64_t m[WS_MASKS], const struct ws_query *q)
{
	return (m[0] & q->m[0]) == q->m[0] && (m[1] & q->m[1]) == q->m[1] &&
	    (m[2] & q->m[2]) == q->m[2];
}

#endif
