/*
 * err.h - the one closed error enum of ntm and the detail that travels with it.
 *
 * Every layer returns an enum err; the detail (a stable machine code such as
 * "units.not_found", the offending field, a Vietnamese message) rides in a
 * struct errinfo owned by the caller.  Only web/ turns an error into HTTP
 * (err_http_status), and it does so in one place.
 *
 * The list follows STYLE.md, with four additions the API conventions need:
 * ERR_MALFORMED (400, as opposed to 422 for well-formed but invalid input),
 * ERR_RATE (429), ERR_METHOD (405) and ERR_UNAVAILABLE (503, a database that went away).
 */
#ifndef NTM_CORE_ERR_H
#define NTM_CORE_ERR_H

#include <stdarg.h>

enum err {
	ERR_OK = 0,
	ERR_MALFORMED,	/* 400: cannot be parsed (bad UTF-8, bad JSON, bad number) */
	ERR_INVALID,	/* 422: parsed, but fails validation */
	ERR_UNAUTH,	/* 401 */
	ERR_FORBIDDEN,	/* 403: role or scope */
	ERR_NOTFOUND,	/* 404 */
	ERR_METHOD,	/* 405: the path exists, the method does not */
	ERR_CONFLICT,	/* 409 */
	ERR_LIMIT,	/* 413: a bounded buffer or a size limit was exceeded */
	ERR_MEDIA,	/* 415: content that is not the type it claims or may be */
	ERR_RATE,	/* 429 */
	ERR_DB,		/* 500: the database failed */
	ERR_SYS,	/* 500: the system failed (I/O, memory) */
	ERR_UNAVAILABLE, /* 503 */
	ERR__MAX
};

struct errinfo {
	enum err err;
	char code[64];		/* "module.reason" */
	char field[64];		/* offending field or parameter, "" if none */
	char message[320];	/* one line, Vietnamese first */
};

/* Fill ei (may be NULL) and return e, so callers can write
 * "return err_set(ei, ERR_INVALID, "units.bad_level", "level", "...")". */
enum err err_set(struct errinfo *ei, enum err e, const char *code,
    const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
enum err err_setv(struct errinfo *ei, enum err e, const char *code,
    const char *field, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));
void err_clear(struct errinfo *ei);

int err_http_status(enum err e);
const char *err_name(enum err e);	/* "ERR_INVALID" etc., for logs */
/* The generic code used when a caller set none ("error.invalid"). */
const char *err_default_code(enum err e);

#endif
