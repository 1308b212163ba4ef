/*
 * err.h - the one closed error enum of ntm and the detail that travels with it.
 *
 * Every layer returns an enum err; the detail (a stable machine code such as
 * "units.not_found", the offending field, and the message in Vietnamese and
 * in English) rides in a struct errinfo owned by the caller.  The message is
 * written where the error arises, in both languages at once (err_set takes
 * two formats over the same arguments, both checked by the compiler): the
 * code that knows what went wrong says it, and the router shows the
 * request's language (err_message).  Only web/ turns an error into HTTP
 * (err_http_status), and it does so in one place.
 *
 * The list follows STYLE.md, with four additions the API conventions need:
 * ERR_MALFORMED (400, as opposed to 422 for well-formed but invalid input),
 * ERR_RATE (429), ERR_METHOD (405) and ERR_UNAVAILABLE (503, a database that went away).
 */
#ifndef NTM_CORE_ERR_H
#define NTM_CORE_ERR_H

#include <stdarg.h>
#include <stddef.h>

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
	char message[320];	/* one line, Vietnamese */
	char message_en[320];	/* the same line in English */
};

/* Fill ei (may be NULL) and return e, so callers can write
 *   return err_set(ei, ERR_INVALID, "units.bad_level", "level",
 *       "cấp '%s' không hợp lệ", "level '%s' is not valid", s);
 * vi and en are printf formats over the same arguments. */
enum err err_set(struct errinfo *ei, enum err e, const char *code,
    const char *field, const char *vi, const char *en, ...)
    __attribute__((format(printf, 5, 7), format(printf, 6, 7)));
enum err err_setv(struct errinfo *ei, enum err e, const char *code,
    const char *field, const char *vi, const char *en, va_list ap)
    __attribute__((format(printf, 5, 0), format(printf, 6, 0)));
/* The same with both messages already written (texts, not formats): for
 * messages whose parts differ by language (a name in each language). */
enum err err_set_texts(struct errinfo *ei, enum err e, const char *code,
    const char *field, const char *vi, const char *en);
/* Put "prefix" before both messages of ei (e.g. "dòng 3: ", "line 3: "),
 * keeping err, code and field: for an error reported inside a larger
 * whole (a row of a file, an item of a list). */
void err_prefix(struct errinfo *ei, const char *vi, const char *en, ...)
    __attribute__((format(printf, 2, 4), format(printf, 3, 4)));
/* The message of ei in lang ("en" or anything else for Vietnamese). */
const char *err_message(const struct errinfo *ei, const char *lang);
void err_clear(struct errinfo *ei);
/* Append one to the problems out (room for max) at position n and return
 * n + 1: a form's checks count every problem and keep the first max. */
size_t err_list_add(struct errinfo *out, size_t n, size_t max,
    const struct errinfo *one);

int err_http_status(enum err e);
const char *err_name(enum err e);	/* "ERR_INVALID" etc., for logs */
/* The generic code used when a caller set none ("error.invalid"). */
const char *err_default_code(enum err e);

#endif
