/*
 * err.c - filling struct errinfo and the one table that maps enum err to
 * HTTP statuses.  Nothing else in ntm decides a status code.
 */
#include <stdio.h>
#include <string.h>

#include "core/err.h"

static const struct {
	const char *name;
	int status;
	const char *code;
} err_table[ERR__MAX] = {
	[ERR_OK] = { "ERR_OK", 200, "ok" },
	[ERR_MALFORMED] = { "ERR_MALFORMED", 400, "request.malformed" },
	[ERR_INVALID] = { "ERR_INVALID", 422, "request.invalid" },
	[ERR_UNAUTH] = { "ERR_UNAUTH", 401, "auth.required" },
	[ERR_FORBIDDEN] = { "ERR_FORBIDDEN", 403, "auth.forbidden" },
	[ERR_NOTFOUND] = { "ERR_NOTFOUND", 404, "not_found" },
	[ERR_METHOD] = { "ERR_METHOD", 405, "request.method_not_allowed" },
	[ERR_CONFLICT] = { "ERR_CONFLICT", 409, "conflict" },
	[ERR_LIMIT] = { "ERR_LIMIT", 413, "request.too_large" },
	[ERR_MEDIA] = { "ERR_MEDIA", 415, "request.bad_media_type" },
	[ERR_RATE] = { "ERR_RATE", 429, "rate_limited" },
	[ERR_DB] = { "ERR_DB", 500, "server.database" },
	[ERR_SYS] = { "ERR_SYS", 500, "server.system" },
	[ERR_UNAVAILABLE] = { "ERR_UNAVAILABLE", 503, "server.unavailable" },
};

/* Drop a UTF-8 sequence that a cut left incomplete at the end of s. */
static void
utf8_trim_tail(char *s)
{
	size_t n = strlen(s), i = n, want;
	unsigned char c;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	c = (unsigned char)s[i - 1];
	want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (n - (i - 1) < want)
		s[i - 1] = '\0';
}

enum err
err_setv(struct errinfo *ei, enum err e, const char *code, const char *field,
    const char *vi, const char *en, va_list ap)
{
	va_list aq;

	if (ei == NULL)
		return e;
	ei->err = e;
	snprintf(ei->code, sizeof(ei->code), "%s",
	    code != NULL ? code : err_default_code(e));
	snprintf(ei->field, sizeof(ei->field), "%s", field != NULL ? field : "");
	va_copy(aq, ap);
	if (vi != NULL)
		vsnprintf(ei->message, sizeof(ei->message), vi, ap);
	else
		ei->message[0] = '\0';
	if (en != NULL)
		vsnprintf(ei->message_en, sizeof(ei->message_en), en, aq);
	else
		snprintf(ei->message_en, sizeof(ei->message_en), "%s",
		    ei->message);
	va_end(aq);
	utf8_trim_tail(ei->message);
	utf8_trim_tail(ei->message_en);
	return e;
}

enum err
err_set(struct errinfo *ei, enum err e, const char *code, const char *field,
    const char *vi, const char *en, ...)
{
	va_list ap;

	va_start(ap, en);
	err_setv(ei, e, code, field, vi, en, ap);
	va_end(ap);
	return e;
}

enum err
err_set_texts(struct errinfo *ei, enum err e, const char *code,
    const char *field, const char *vi, const char *en)
{
	return err_set(ei, e, code, field, "%s%.0s", "%.0s%s", vi, en);
}

/* dst = prefix + dst, cut to size at a UTF-8 boundary. */
static void
prepend(char *dst, size_t size, const char *prefix)
{
	char tmp[sizeof(((struct errinfo *)0)->message)];
	size_t lp = strlen(prefix), ld = strlen(dst);

	if (lp > size - 1)
		lp = size - 1;
	if (ld > size - 1 - lp)
		ld = size - 1 - lp;
	memcpy(tmp, prefix, lp);
	memcpy(tmp + lp, dst, ld);
	tmp[lp + ld] = '\0';
	memcpy(dst, tmp, lp + ld + 1);
	utf8_trim_tail(dst);
}

void
err_prefix(struct errinfo *ei, const char *vi, const char *en, ...)
{
	char p[2][128];
	va_list ap, aq;

	if (ei == NULL)
		return;
	va_start(ap, en);
	va_copy(aq, ap);
	vsnprintf(p[0], sizeof(p[0]), vi, ap);
	vsnprintf(p[1], sizeof(p[1]), en, aq);
	va_end(aq);
	va_end(ap);
	prepend(ei->message, sizeof(ei->message), p[0]);
	prepend(ei->message_en, sizeof(ei->message_en), p[1]);
}

const char *
err_message(const struct errinfo *ei, const char *lang)
{
	if (lang != NULL && strcmp(lang, "en") == 0 && ei->message_en[0])
		return ei->message_en;
	return ei->message;
}

void
err_clear(struct errinfo *ei)
{
	if (ei != NULL)
		memset(ei, 0, sizeof(*ei));
}

size_t
err_list_add(struct errinfo *out, size_t n, size_t max,
    const struct errinfo *one)
{
	if (n < max)
		out[n] = *one;
	return n + 1;
}

int
err_http_status(enum err e)
{
	if (e < 0 || e >= ERR__MAX)
		return 500;
	return err_table[e].status;
}

const char *
err_name(enum err e)
{
	if (e < 0 || e >= ERR__MAX)
		return "ERR_?";
	return err_table[e].name;
}

const char *
err_default_code(enum err e)
{
	if (e < 0 || e >= ERR__MAX)
		return "server.error";
	return err_table[e].code;
}
