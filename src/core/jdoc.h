/*
 * jdoc.h - reading a JSON document that a person wrote or a program sent
 * (a criteria set, a questionnaire): bounded, valid UTF-8, no duplicate
 * keys, and an error a person can act on.
 */
#ifndef NTM_CORE_JDOC_H
#define NTM_CORE_JDOC_H

#include <stddef.h>

#include <jansson.h>

#include "core/err.h"

/* Parse len bytes of text (at most max) into *out (a new reference).
 * Errors are ERR_MALFORMED with the code "<module>.too_large",
 * "<module>.bad_utf8" or "<module>.bad_json" and a message in both
 * languages naming what the document is - what is a message key
 * ("doc_survey": "bảng hỏi", "questionnaire"; a text that is no key is
 * used as it is) - and, for bad JSON, the line and column; the message
 * stays UTF-8 even when jansson's quote of the input does not. */
enum err jdoc_load(const char *text, size_t len, size_t max,
    const char *module, const char *what, json_t **out, struct errinfo *ei);

#endif
