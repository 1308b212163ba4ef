/*
 * text.h - UTF-8 validation, NFC normalisation and the Vietnamese search
 * fold, over utf8proc.
 *
 * Vietnamese arrives both precomposed (NFC) and decomposed (NFD, from some
 * keyboards); everything ntm stores is NFC.  The search key ("fold") is what
 * users type on a phone without diacritics: lower case, no tone or vowel
 * marks, "đ"/"Đ" as "d", every run of whitespace or punctuation as one
 * space, trimmed.  "Thành phố Đà Nẵng" folds to "thanh pho da nang".
 * Letters outside Vietnamese (digits, other scripts) are kept, lower-cased.
 *
 * Functions append to out (see buf.h) and return ERR_MALFORMED for invalid
 * UTF-8 (out then holds an unspecified prefix) or ERR_LIMIT when out is full.
 */
#ifndef NTM_CORE_TEXT_H
#define NTM_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

bool text_utf8_valid(const char *s, size_t len);
/* The longest prefix of s (at most max bytes) that ends on a character
 * boundary of UTF-8 text. */
size_t text_utf8_cut(const char *s, size_t max);
/* s as UTF-8 into out (size bytes, NUL-terminated): every byte that does
 * not start a valid sequence becomes "?".  For messages quoting input
 * that may stop in the middle of a character (jansson's error text). */
const char *text_utf8_scrub(const char *s, char *out, size_t size);
/* A decimal number written by a person (len bytes of t): optional sign,
 * digits, at most one decimal separator ("." or "," - Vietnamese writes
 * 91,5) followed by digits.  No exponents, thousands separators, hex,
 * inf or nan.  false if t is not one. */
bool text_decimal(const char *t, size_t len, double *out);
/* An identifier of a rule or a question: [a-z0-9][a-z0-9._-]*, 1..max
 * bytes. */
bool text_id_valid(const char *s, size_t max);
enum err text_nfc(const char *s, size_t len, struct buf *out);
/*
 * Bidirectional control characters: the embeddings and overrides
 * (U+202A-U+202E) and isolates (U+2066-U+2069), which turn the text after
 * them around, and the marks (U+200E, U+200F, U+061C).
 * text_bidi_control: the bytes of the embedding, override or isolate s
 * (len bytes) starts with, 0 if none.  text_strip_bidi: s without any of
 * them, all marks included, in place; returns its new length.
 */
size_t text_bidi_control(const char *s, size_t len);
size_t text_strip_bidi(char *s);
enum err text_fold(const char *s, size_t len, struct buf *out);

#endif
