/*
 * msg.h - the one way ntm speaks two languages: every string a person
 * reads is an entry of the message table (key, Vietnamese, English), one
 * table per module in src/messages/, looked up here by any layer - the
 * templates ({{t.key}}), handlers, and the pure engines that explain a
 * result in words (an indicator's "Cần ≥ 80 %, có 75 %").
 *
 * A language is "vi" or "en"; anything else (NULL included) is Vietnamese.
 * Texts that a document carries in both languages (a criterion's name and
 * name_en, a procedure state's name) are chosen with msg_pick; error
 * messages are written in both languages where they arise (core/err.h).
 *
 * The tables are static data; the lookup index is built once, on first
 * use, and is safe to read from every thread.
 */
#ifndef NTM_CORE_MSG_H
#define NTM_CORE_MSG_H

#include <stdbool.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"

struct msg {
	const char *key, *vi, *en;
};

/* Every module's table, each ending with a NULL key (src/messages/). */
extern const struct msg *const msg_tables[];

/* Does lang stand for English? */
bool msg_is_en(const char *lang);
/* The text of key in lang; the key itself when it has none (a missing
 * entry shows up on the page, and tests/unit/msg_test.c finds it). */
const char *msg_get(const char *lang, const char *key);
/* Every text of lang as a JSON object key -> text (borrowed, immutable). */
const json_t *msg_all(const char *lang);
/* en when lang is English and en is given, else vi. */
const char *msg_pick(const char *lang, const char *vi, const char *en);
/*
 * The text of key with "{1}" … "{9}" replaced by args[0] … args[8]
 * (strings: numbers are formatted by the caller, as people read them in
 * lang).  Appended to b; ERR_LIMIT as buf_append.  Placeholders keep the
 * order free, so a translation may move them.
 */
enum err msg_format(struct buf *b, const char *lang, const char *key,
    const char *const *args, size_t nargs)
    __attribute__((warn_unused_result));
/* The same, as a string in arena a. */
const char *msg_formata(struct arena *a, const char *lang, const char *key,
    const char *const *args, size_t nargs);

#endif
