/*
 * stamp.c - see stamp.h.
 */
#include <time.h>

#include <sodium.h>

#include "core/stamp.h"

void
stamp_now(char out[STAMP_TIME_LEN])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, STAMP_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
stamp_sha256_hex(const void *p, size_t n, char out[STAMP_SHA256_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, p, n);
	sodium_bin2hex(out, STAMP_SHA256_HEX, h, sizeof(h));
}
