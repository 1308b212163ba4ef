/*
 * jdoc.c - see jdoc.h.
 */
#include <stdio.h>

#include "core/jdoc.h"
#include "core/msg.h"
#include "core/text.h"

enum err
jdoc_load(const char *text, size_t len, size_t max, const char *module,
    const char *what, json_t **out, struct errinfo *ei)
{
	const char *what_vi = msg_get("vi", what);
	const char *what_en = msg_get("en", what);
	char code[48], why[sizeof(((json_error_t *)0)->text) + 8];
	json_error_t jerr;

	*out = NULL;
	if (len > max) {
		snprintf(code, sizeof(code), "%s.too_large", module);
		return err_set(ei, ERR_MALFORMED, code, "",
		    "%s%.0s dài %zu byte, tối đa %zu",
		    "the %.0s%s is %zu bytes long, at most %zu", what_vi,
		    what_en, len, max);
	}
	if (!text_utf8_valid(text, len)) {
		snprintf(code, sizeof(code), "%s.bad_utf8", module);
		return err_set(ei, ERR_MALFORMED, code, "",
		    "%s%.0s không phải UTF-8 hợp lệ",
		    "the %.0s%s is not valid UTF-8", what_vi, what_en);
	}
	if ((*out = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr)) !=
	    NULL)
		return ERR_OK;
	/* jansson's text quotes the input and may cut a character. */
	text_utf8_scrub(jerr.text, why, sizeof(why));
	snprintf(code, sizeof(code), "%s.bad_json", module);
	return err_set(ei, ERR_MALFORMED, code, "",
	    "JSON không hợp lệ ở dòng %d, cột %d: %.*s",
	    "invalid JSON at line %d, column %d: %.*s", jerr.line, jerr.column,
	    (int)text_utf8_cut(why, 200), why);
}
