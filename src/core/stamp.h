/*
 * stamp.h - the stamps every module writes: the current UTC time as
 * ISO 8601 text, and SHA-256 digests as lower-case hex (libsodium).
 */
#ifndef NTM_CORE_STAMP_H
#define NTM_CORE_STAMP_H

#include <stddef.h>

#define STAMP_TIME_LEN	32	/* "2026-11-29T03:53:19Z" and its NUL fit */
#define STAMP_SHA256_HEX 65	/* 64 hex digits and a NUL */

/* Now, UTC, "YYYY-MM-DDTHH:MM:SSZ". */
void stamp_now(char out[STAMP_TIME_LEN]);
/* SHA-256 of n bytes at p, as hex. */
void stamp_sha256_hex(const void *p, size_t n, char out[STAMP_SHA256_HEX]);

#endif
