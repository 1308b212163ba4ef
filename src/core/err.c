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

enum err
err_setv(struct errinfo *ei, enum err e, const char *code, const char *field,
    const char *fmt, va_list ap)
{
	if (ei == NULL)
		return e;
	ei->err = e;
	snprintf(ei->code, sizeof(ei->code), "%s",
	    code != NULL ? code : err_default_code(e));
	snprintf(ei->field, sizeof(ei->field), "%s", field != NULL ? field : "");
	if (fmt != NULL)
		vsnprintf(ei->message, sizeof(ei->message), fmt, ap);
	else
		ei->message[0] = '\0';
	return e;
}

enum err
err_set(struct errinfo *ei, enum err e, const char *code, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_setv(ei, e, code, field, fmt, ap);
	va_end(ap);
	return e;
}

void
err_clear(struct errinfo *ei)
{
	if (ei != NULL)
		memset(ei, 0, sizeof(*ei));
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
