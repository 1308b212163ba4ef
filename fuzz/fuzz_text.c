/*
 * fuzz_text.c - libFuzzer target for core/text.c.
 *
 * Beyond "does not crash", it checks what the rest of ntm relies on:
 * text_nfc and text_fold refuse exactly the inputs text_utf8_valid
 * refuses; NFC is idempotent and its output valid; the fold is a fixed
 * point of itself, does not care whether its input was NFC, and its output
 * is valid UTF-8 without ASCII capitals, leading, trailing or doubled
 * spaces; and a buffer too small for the result (its maximum is taken
 * from the first input byte) gives ERR_LIMIT and is left as it was.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"

#define MAX_OUT	(1 << 20)

static void
check_key(const struct buf *k)
{
	size_t i;

	if (!text_utf8_valid(k->data, k->len))
		abort();
	if (k->len == 0)
		return;
	if (k->data[0] == ' ' || k->data[k->len - 1] == ' ')
		abort();
	for (i = 0; i < k->len; i++) {
		if (k->data[i] >= 'A' && k->data[i] <= 'Z')
			abort();
		if (k->data[i] == ' ' && k->data[i + 1] == ' ')
			abort();
		/* Only letters, digits and single spaces in ASCII. */
		if ((unsigned char)k->data[i] < 0x80 && k->data[i] != ' ' &&
		    !(k->data[i] >= 'a' && k->data[i] <= 'z') &&
		    !(k->data[i] >= '0' && k->data[i] <= '9'))
			abort();
	}
}

/* b must hold what it held before: "pre". */
static void
check_untouched(const struct buf *b)
{
	if (b->len != 3 || memcmp(b->data, "pre", 4) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct buf nfc, nfc2, key, key2, small;
	bool valid = text_utf8_valid(s, size);
	enum err e;
	size_t max;

	buf_init(&nfc, MAX_OUT);
	buf_init(&nfc2, MAX_OUT);
	buf_init(&key, MAX_OUT);
	buf_init(&key2, MAX_OUT);

	e = text_nfc(s, size, &nfc);
	if (e != (valid ? ERR_OK : ERR_MALFORMED))
		abort();
	e = text_fold(s, size, &key);
	if (e != (valid ? ERR_OK : ERR_MALFORMED))
		abort();
	if (!valid) {
		if (nfc.len != 0 || key.len != 0)
			abort();
		goto out;
	}
	if (!text_utf8_valid(nfc.data, nfc.len))
		abort();
	check_key(&key);

	/* NFC is idempotent. */
	if (text_nfc(nfc.data, nfc.len, &nfc2) != ERR_OK ||
	    nfc2.len != nfc.len || memcmp(nfc.data, nfc2.data, nfc.len) != 0)
		abort();
	/* The fold ignores the normal form and is its own fixed point. */
	if (text_fold(nfc.data, nfc.len, &key2) != ERR_OK ||
	    key2.len != key.len || memcmp(key.data, key2.data, key.len) != 0)
		abort();
	buf_reset(&key2);
	if (text_fold(key.data, key.len, &key2) != ERR_OK ||
	    key2.len != key.len || memcmp(key.data, key2.data, key.len) != 0)
		abort();

	/* A buffer too small: ERR_LIMIT and nothing changed. */
	max = size > 0 ? 3 + data[0] % 64 : 3;
	buf_init(&small, max);
	if (buf_puts(&small, "pre") != ERR_OK)
		abort();
	e = text_fold(s, size, &small);
	if (key.len > max - 3) {
		if (e != ERR_LIMIT)
			abort();
		check_untouched(&small);
	} else if (e != ERR_OK || small.len != 3 + key.len)
		abort();
	buf_reset(&small);
	if (buf_puts(&small, "pre") != ERR_OK)
		abort();
	e = text_nfc(s, size, &small);
	if (nfc.len > max - 3) {
		if (e != ERR_LIMIT)
			abort();
		check_untouched(&small);
	} else if (e != ERR_OK || small.len != 3 + nfc.len)
		abort();
	buf_free(&small);
out:
	buf_free(&nfc);
	buf_free(&nfc2);
	buf_free(&key);
	buf_free(&key2);
	return 0;
}
