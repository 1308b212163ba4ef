/*
 * hash.h - FNV-1a (64 bit): a fast, stable, non-cryptographic hash for
 * hash tables, cache slots and ETags of content.  Never for anything an
 * attacker could exploit by choosing collisions (SHA-256 is core/stamp.h).
 */
#ifndef NTM_CORE_HASH_H
#define NTM_CORE_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_FNV1A_INIT	UINT64_C(14695981039346656037)

/* h (HASH_FNV1A_INIT to start) continued over n bytes at p. */
static inline uint64_t
hash_fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n--)
		h = (h ^ *s++) * UINT64_C(1099511628211);
	return h;
}

/* The same over a C string, then a 0xff byte (never in UTF-8), so that
 * ("ab", "c") and ("a", "bc") hash differently when chained. */
static inline uint64_t
hash_fnv1a_str(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return (h ^ 0xff) * UINT64_C(1099511628211);
}

#endif
