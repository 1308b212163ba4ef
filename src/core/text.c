/*
 * text.c - UTF-8 validation, NFC normalisation and the Vietnamese search
 * fold; see text.h.
 *
 * Validation is our own (Unicode 15 table 3-7, well-formed byte
 * sequences: no overlongs, no surrogates, nothing above U+10FFFF) so it can
 * skip ASCII eight bytes at a time; U+0000 is valid UTF-8 and accepted.
 * NFC and the fold go through utf8proc.  Both functions validate the whole
 * input before writing anything, and on any error put out back to the
 * length it had on entry, so a caller never sees half a result.
 *
 * The fold works one code point at a time: lower-case it, take its
 * canonical decomposition, drop the non-spacing and enclosing marks (the
 * Vietnamese tone and vowel marks are all Mn) and any other mark that
 * normalisation may reorder, turn đ into d, keep letters, digits and
 * spacing marks (Mc, which belong inside words in Indic scripts), and
 * treat everything else - spaces, punctuation, symbols, controls,
 * zero-width characters and the BOM (Cf) - as a separator.  Runs of
 * separators become one space; leading and trailing ones vanish.  The key
 * is thus the same for NFC and NFD input, and folding a key changes
 * nothing.  ASCII never reaches utf8proc.  The fold is called for every
 * imported name and every search query, so it writes through a small
 * stack buffer rather than calling buf_append per character.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/buf.h"
#include "core/text.h"
#include "core/xalloc.h"

/* Code points of a stack buffer for text_nfc before it goes to the heap. */
#define NFC_STACK	256
/* Bytes of the fold's output staging buffer. */
#define FOLD_CHUNK	256
/* Longest canonical decomposition of one code point is 4 (3 for Hangul). */
#define FOLD_DECOMP	16

/*
 * Return the length of the all-ASCII prefix of s[0..len).  Reads eight
 * bytes at a time through memcpy (no alignment or aliasing assumptions).
 */
static size_t
ascii_prefix(const unsigned char *s, size_t len)
{
	size_t i = 0;
	uint64_t w;

	while (len - i >= 8) {
		memcpy(&w, s + i, 8);
		if (w & UINT64_C(0x8080808080808080))
			break;
		i += 8;
	}
	while (i < len && s[i] < 0x80)
		i++;
	return i;
}

/*
 * Return the length (2 to 4) of the well-formed UTF-8 sequence that starts
 * with the non-ASCII byte s[0] in s[0..n), or 0 if it is ill-formed or cut
 * short.  Second-byte ranges follow table 3-7 of the Unicode standard,
 * which is what rules out overlongs (C0, C1, E0 80..9F, F0 80..8F),
 * surrogates (ED A0..BF) and code points above U+10FFFF (F4 90.., F5..FF).
 */
static size_t
utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, i;

	if (c >= 0xC2 && c <= 0xDF)
		need = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (n < need || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < need; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return need;
}

/*
 * Decode the well-formed sequence of length n at s (as checked by
 * utf8_seq_len) into a code point.
 */
static int32_t
utf8_decode(const unsigned char *s, size_t n)
{
	switch (n) {
	case 2:
		return (int32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
	case 3:
		return (int32_t)(s[0] & 0x0F) << 12 | (int32_t)(s[1] & 0x3F) << 6 |
		    (s[2] & 0x3F);
	default:
		return (int32_t)(s[0] & 0x07) << 18 |
		    (int32_t)(s[1] & 0x3F) << 12 | (int32_t)(s[2] & 0x3F) << 6 |
		    (s[3] & 0x3F);
	}
}

/*
 * True if s[0..len) is well-formed UTF-8.  s may be NULL when len is 0.
 */
bool
text_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		i += ascii_prefix(p + i, len - i);
		if (i == len)
			break;
		if ((n = utf8_seq_len(p + i, len - i)) == 0)
			return false;
		i += n;
	}
	return true;
}

/* Put out back to the length it had on entry to a failing call. */
static enum err
out_rollback(struct buf *out, size_t len0, enum err e)
{
	out->len = len0;
	if (out->data != NULL)
		out->data[len0] = '\0';
	return e;
}

/*
 * Append the NFC form of s[0..len) to out.  ASCII is its own NFC and is
 * copied as is; anything else goes through utf8proc (decompose, then
 * compose, with the Unicode stability rules).  Returns ERR_MALFORMED for
 * invalid UTF-8 and ERR_LIMIT if out cannot hold the result; out is then
 * unchanged.
 */
enum err
text_nfc(const char *s, size_t len, struct buf *out)
{
	const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
	utf8proc_int32_t stack[NFC_STACK], *cps = stack;
	utf8proc_ssize_t n, nbytes;
	size_t len0 = out->len;
	enum err e = ERR_OK;

	if (ascii_prefix((const unsigned char *)s, len) == len)
		return buf_append(out, s, len);
	if (!text_utf8_valid(s, len))
		return ERR_MALFORMED;
	/* utf8proc counts in ssize_t and needs 4 bytes per code point. */
	if (len > (size_t)PTRDIFF_MAX / 16)
		return ERR_LIMIT;

	n = utf8proc_decompose((const utf8proc_uint8_t *)s,
	    (utf8proc_ssize_t)len, cps, NFC_STACK, opt);
	/* reencode writes a NUL after the text: one spare code point. */
	if (n >= 0 && n + 1 > NFC_STACK) {
		cps = xmalloc(((size_t)n + 1) * sizeof(*cps));
		n = utf8proc_decompose((const utf8proc_uint8_t *)s,
		    (utf8proc_ssize_t)len, cps, n + 1, opt);
	}
	/* The input was validated and nothing here allocates: cannot fail. */
	if (n < 0 || (nbytes = utf8proc_reencode(cps, n, opt)) < 0) {
		e = ERR_SYS;
		goto out;
	}
	e = buf_append(out, cps, (size_t)nbytes);
out:
	if (cps != stack)
		free(cps);
	if (e != ERR_OK)
		return out_rollback(out, len0, e);
	return ERR_OK;
}

/*
 * The fold's output state: a staging buffer flushed into out, and whether
 * a separator is pending (written only before the next kept character, so
 * runs collapse and the ends are trimmed).
 */
struct fold {
	struct buf *out;
	char chunk[FOLD_CHUNK];
	size_t n;
	int any;	/* something was written already */
	int sep;	/* a separator was seen since the last kept char */
};

static enum err
fold_flush(struct fold *f)
{
	enum err e;

	e = buf_append(f->out, f->chunk, f->n);
	f->n = 0;
	return e;
}

/*
 * Stage the UTF-8 bytes of one kept code point, preceded by a space if a
 * separator run came between it and the previous kept one.
 */
static enum err
fold_emit(struct fold *f, int32_t cp)
{
	enum err e;

	/* Room for a space and a four-byte sequence. */
	if (f->n > FOLD_CHUNK - 5 && (e = fold_flush(f)) != ERR_OK)
		return e;
	if (f->sep && f->any)
		f->chunk[f->n++] = ' ';
	f->sep = 0;
	f->any = 1;
	if (cp < 0x80)
		f->chunk[f->n++] = (char)cp;
	else
		f->n += (size_t)utf8proc_encode_char(cp,
		    (utf8proc_uint8_t *)f->chunk + f->n);
	return ERR_OK;
}

/*
 * Fold one non-ASCII code point (see the top of the file).  Lower-casing
 * comes first, so the decomposition is that of the small letter; it is
 * done again on each part, which costs little and keeps the key lower
 * case even if some capital decomposes to another capital.
 */
static enum err
fold_cp(struct fold *f, int32_t cp)
{
	utf8proc_int32_t d[FOLD_DECOMP];
	utf8proc_ssize_t n, i;
	enum err e;
	int32_t c;

	n = utf8proc_decompose_char(utf8proc_tolower(cp), d, FOLD_DECOMP,
	    UTF8PROC_DECOMPOSE, NULL);
	if (n < 0 || n > FOLD_DECOMP) {
		/* Cannot happen for a valid code point; treat as a gap. */
		f->sep = 1;
		return ERR_OK;
	}
	for (i = 0; i < n; i++) {
		c = utf8proc_tolower(d[i]);
		/*
		 * đ, and ð: text converted from the old Vietnamese 8-bit
		 * encodings often has Ð (U+00D0) where Đ was meant.
		 */
		if (c == 0x0111 || c == 0x00F0)
			c = 'd';
		/*
		 * A few spacing marks (musical symbols) reorder under
		 * normalisation: dropping every reorderable mark is what
		 * makes the key the same for NFC and NFD input.
		 */
		if (utf8proc_get_property(c)->combining_class != 0)
			continue;
		switch (utf8proc_category(c)) {
		case UTF8PROC_CATEGORY_MN:
		case UTF8PROC_CATEGORY_ME:
			continue;
		case UTF8PROC_CATEGORY_LU:
		case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LT:
		case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO:
		case UTF8PROC_CATEGORY_MC:
		case UTF8PROC_CATEGORY_ND:
		case UTF8PROC_CATEGORY_NL:
		case UTF8PROC_CATEGORY_NO:
			if ((e = fold_emit(f, c)) != ERR_OK)
				return e;
			break;
		default:
			f->sep = 1;
			break;
		}
	}
	return ERR_OK;
}

/*
 * Append the search key of s[0..len) to out (see text.h and the top of
 * this file).  Returns ERR_MALFORMED for invalid UTF-8 and ERR_LIMIT if
 * out cannot hold the key; out is then unchanged.
 */
enum err
text_fold(const char *s, size_t len, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	struct fold f;
	size_t i, n, len0 = out->len;
	enum err e = ERR_OK;
	unsigned char c;

	if (!text_utf8_valid(s, len))
		return ERR_MALFORMED;
	f.out = out;
	f.n = 0;
	f.any = f.sep = 0;
	for (i = 0; i < len; i += n) {
		c = p[i];
		n = 1;
		if (c < 0x80) {
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c + ('a' - 'A'));
			else if (!((c >= 'a' && c <= 'z') ||
			    (c >= '0' && c <= '9'))) {
				f.sep = 1;
				continue;
			}
			if (f.n > FOLD_CHUNK - 2 && (e = fold_flush(&f)) != ERR_OK)
				goto out;
			if (f.sep && f.any)
				f.chunk[f.n++] = ' ';
			f.chunk[f.n++] = (char)c;
			f.sep = 0;
			f.any = 1;
			continue;
		}
		n = utf8_seq_len(p + i, len - i);
		if ((e = fold_cp(&f, utf8_decode(p + i, n))) != ERR_OK)
			goto out;
	}
	e = fold_flush(&f);
out:
	if (e != ERR_OK)
		return out_rollback(out, len0, e);
	return ERR_OK;
}

/* The longest prefix of s (at most max bytes) that ends on a character
 * boundary of UTF-8 text. */
size_t
text_utf8_cut(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/*
 * s as UTF-8 into out (size bytes, NUL-terminated): every byte that does
 * not start a valid sequence becomes "?".  jansson's error text quotes
 * the input near the error and may stop in the middle of a character.
 */
const char *
text_utf8_scrub(const char *s, char *out, size_t size)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n = 0, len, k;

	while (u[i] != '\0' && n + 5 < size) {
		len = u[i] < 0x80 ? 1 : u[i] >= 0xF0 ? 4 : u[i] >= 0xE0 ? 3 :
		    2;
		for (k = 1; k < len && u[i + k] != '\0'; k++)
			;
		if (k == len && text_utf8_valid(s + i, len)) {
			memcpy(out + n, s + i, len);
			n += len;
			i += len;
		} else {
			out[n++] = '?';
			i++;
		}
	}
	out[n] = '\0';
	return out;
}


bool
text_decimal(const char *t, size_t len, double *out)
{
	char tmp[64];
	size_t i = 0, n = 0, digits = 0;

	if (len == 0 || len >= sizeof(tmp))
		return false;
	if (t[i] == '+' || t[i] == '-')
		tmp[n++] = t[i++];
	for (; i < len && t[i] >= '0' && t[i] <= '9'; i++, digits++)
		tmp[n++] = t[i];
	if (digits == 0)
		return false;
	if (i < len && (t[i] == '.' || t[i] == ',')) {
		tmp[n++] = '.';
		i++;
		for (digits = 0; i < len && t[i] >= '0' && t[i] <= '9';
		    i++, digits++)
			tmp[n++] = t[i];
		if (digits == 0)
			return false;
	}
	if (i != len)
		return false;
	tmp[n] = '\0';
	*out = strtod(tmp, NULL);
	return isfinite(*out);
}

bool
text_id_valid(const char *s, size_t max)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > max)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			continue;
		if (i > 0 && (c == '.' || c == '_' || c == '-'))
			continue;
		return false;
	}
	return true;
}

size_t
text_bidi_control(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len < 3 || u[0] != 0xe2)
		return 0;
	if ((u[1] == 0x80 && u[2] >= 0xaa && u[2] <= 0xae) ||	/* 202A-E */
	    (u[1] == 0x81 && u[2] >= 0xa6 && u[2] <= 0xa9))	/* 2066-9 */
		return 3;
	return 0;
}

size_t
text_strip_bidi(char *s)
{
	size_t len = strlen(s), i = 0, k = 0;
	const unsigned char *u = (const unsigned char *)s;

	while (i < len) {
		size_t n = text_bidi_control(s + i, len - i);

		if (n == 0 && len - i >= 3 && u[i] == 0xe2 && u[i + 1] == 0x80 &&
		    (u[i + 2] == 0x8e || u[i + 2] == 0x8f))	/* LRM, RLM */
			n = 3;
		if (n == 0 && len - i >= 2 && u[i] == 0xd8 && u[i + 1] == 0x9c)
			n = 2;	/* U+061C ARABIC LETTER MARK */
		if (n > 0) {
			i += n;
			continue;
		}
		s[k++] = s[i++];
	}
	s[k] = '\0';
	return k;
}
