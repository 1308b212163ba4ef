/*
 * http.h - the request/response facade over libmicrohttpd.
 *
 * This is the whole HTTP interface the rest of ntm sees (a dozen functions),
 * so the server library can be swapped without touching a handler.  MHD
 * parses the request (never hand-written here), enforces connection,
 * memory and time limits, and runs a pool of worker threads; http.c turns
 * each complete request into a struct req with its own arena and hands it
 * to one dispatch function, which fills in the response.
 *
 * Ownership: a struct req and everything in its arena live until the
 * response has been sent.  The body buffer is bounded by
 * http_server_opts.max_body; a larger body becomes r->too_large.
 */
#ifndef NTM_HTTP_HTTP_H
#define NTM_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"

#define HTTP_MAX_PARAMS		8
#define HTTP_MAX_HEADERS	16
#define HTTP_MAX_FORM		160
#define HTTP_MAX_FIELD		(1024 * 1024)
/* The request line's target (path and query, as sent) and its number of
 * query arguments: a longer or fuller one is answered 414 at once (with
 * r->uri_too_long set), before MHD spends its per-connection memory on
 * the arguments.  8 KB, as nginx in front (deploy/nginx.conf refuses
 * request lines over 8 KB before they reach ntm): it must fit, with the
 * headers, in conn_memory. */
#define HTTP_MAX_URI		8192
#define HTTP_MAX_QUERY_ARGS	100
/* The request line, headers and cookies must leave this much of the
 * per-connection memory (http_server_opts.conn_memory) free for the
 * response's head; a request that leaves less is answered 431 at once.
 * A target refused 414 needs less: the router's error answer has a head
 * of ~500 bytes (no Location, no cookie). */
#define HTTP_HEAD_RESERVE	4096
#define HTTP_REFUSAL_RESERVE	1024

struct req {
	struct arena *arena;
	const char *method;
	const char *path;	/* decoded by MHD; no query string */
	struct buf body;	/* request body, bounded */
	bool too_large;		/* the body exceeded its limit */
	bool uri_too_long;	/* HTTP_MAX_URI or HTTP_MAX_QUERY_ARGS passed:
				 * the query was dropped unread */
	size_t target_len;	/* the request target as sent; http.c only */
	bool head_refused;	/* answered 414/431 by http.c itself */
	uint64_t start_us;	/* set when the access log is on */

	/* Form fields (application/x-www-form-urlencoded or
	 * multipart/form-data), parsed by MHD's post processor.  The arrays
	 * (HTTP_MAX_FORM entries, in the arena) exist for a form only:
	 * index them below nform. */
	size_t nform;
	const char **form_names;
	const char **form_values;
	size_t *form_lens;		/* bytes of each value */
	const char **form_filenames;	/* NULL: not a file */
	const char **form_types;	/* the part's claimed type */
	bool is_form;
	bool form_too_many;	/* more fields than HTTP_MAX_FORM */
	bool form_bad;		/* the post processor refused the body */
	void *form_state;	/* http.c only */

	/* Path parameters captured by the router ({structure} etc.). */
	size_t nparams;
	const char *param_names[HTTP_MAX_PARAMS];
	const char *param_values[HTTP_MAX_PARAMS];

	/* The response. */
	int status;
	const char *content_type;
	struct buf out;		/* body, bounded by max_response */
	const void *out_static;	/* or a body that outlives the request */
	size_t out_static_len;
	/* out_static's owner, if it has one: out_release(out_release_arg)
	 * is called once, when the response no longer needs the body (after
	 * it has been sent, or at once if it never is).  NULL: the body
	 * outlives every response (compiled in). */
	void (*out_release)(void *arg);
	void *out_release_arg;
	/* Or a file to send from its start (a bulk export spooled to an
	 * unlinked temporary file, so its size is not bounded by memory):
	 * out_fd_len bytes; the server owns and closes out_fd (set
	 * out_fd_set to use it). */
	bool out_fd_set;
	int out_fd;
	size_t out_fd_len;
	/* Or a whole response made beforehand (http_prepare): status,
	 * headers and body above are then ignored. */
	struct http_prepared *prepared;
	size_t nheaders;
	const char *header_names[HTTP_MAX_HEADERS];
	const char *header_values[HTTP_MAX_HEADERS];

	void *conn;		/* the MHD connection; http.c only */
	void *app;		/* per-request state of the web layer */

	/* Deferred responses (http_defer). */
	bool deferred;		/* this pass's response is discarded */
	bool resumed;		/* a second pass, after http_resume */
	void *defer_data;	/* the deferring handler's, kept between passes */
	void *server;		/* http.c only */
};

typedef void (*http_dispatch_fn)(struct req *r, void *ctx);

struct http_server_opts {
	const char *host;	/* "127.0.0.1" */
	unsigned short port;
	unsigned threads;	/* worker threads (MHD thread pool) */
	unsigned max_connections;
	unsigned timeout_s;	/* idle connection timeout */
	size_t conn_memory;	/* per-connection header memory */
	size_t max_body;	/* request body bytes */
	size_t max_response;	/* response body bytes */
	bool access_log;	/* one JSON line per request on stdout */
	/* The body limit of one request, decided from its method and path
	 * before the body is read (uploads get more than max_body); NULL or
	 * a 0 result: max_body. */
	size_t (*body_limit)(const char *method, const char *path);
};

struct http_server;

/* Start serving; NULL with a message on stderr if the port cannot be bound. */
struct http_server *http_server_start(const struct http_server_opts *o,
    http_dispatch_fn fn, void *ctx);
unsigned short http_server_port(const struct http_server *s);
void http_server_stop(struct http_server *s);

/* Request accessors.  Values are decoded by MHD and may be invalid UTF-8:
 * callers validate what they use. */
const char *http_query(struct req *r, const char *name);
const char *http_header(struct req *r, const char *name);
const char *http_cookie(struct req *r, const char *name);
const char *http_param(const struct req *r, const char *name);
/* Call fn for every query argument in order (decoded name and value). */
/* A form field (NULL if absent; the first of repeated names). */
const char *http_form(const struct req *r, const char *name);
/* A file part of a multipart form: its bytes (NULL if the field is absent,
 * is not a file, or no file was chosen), *len, and the file name the
 * client claimed (*filename; display only, never a path) and its claimed
 * type (*type, may be NULL).  Either out-pointer may be NULL. */
const void *http_form_file(const struct req *r, const char *name,
    size_t *len, const char **filename, const char **type);
void http_query_each(struct req *r,
    void (*fn)(void *ctx, const char *name, const char *value), void *ctx);
/* The same, but value is NULL for an argument without "=" ("?a" rather
 * than "?a="), as http_query tells them apart. */
void http_query_each_raw(struct req *r,
    void (*fn)(void *ctx, const char *name, const char *value), void *ctx);

/* The peer's IP address as text (in r's arena), "" if unknown.  Behind
 * nginx this is nginx's own address: whoever needs the client's must be
 * told it runs behind a proxy and read the header nginx sets. */
const char *http_client_addr(struct req *r);

/*
 * Deferred responses, for a handler that waits for something slow that
 * another thread finishes (a survey response waiting for its group
 * commit): http_defer suspends the connection, so its worker thread goes
 * on serving the other connections meanwhile, and whatever response this
 * pass of the dispatch function leaves is discarded.  Whoever finishes
 * the wait calls http_resume (any thread, exactly once, after
 * http_defer); the dispatch function is then called again on the
 * connection's worker with r->resumed set, r->defer_data as the handler
 * left it and the response fields reset, and that response is sent.  The
 * request (arena, form fields, body) lives on between the passes.
 * http_defer returns false when the request cannot be deferred (the
 * caller then waits in place).
 */
bool http_defer(struct req *r);
void http_resume(struct req *r);

/* Response helpers. */
void http_add_header(struct req *r, const char *name, const char *value);
/* Drop the response body set so far (out, out_static or a prepared
 * response), releasing what it holds. */
void http_clear_body(struct req *r);
uint64_t http_now_us(void);

/*
 * Prepared responses: a response made once and sent many times (a cached
 * answer).  Its status, headers and body are fixed when it is made, so
 * answering with it copies and allocates nothing.  Reference counted and
 * thread-safe: every reference from http_prepare or http_prepared_ref is
 * dropped with http_prepared_unref; a response being sent holds one of
 * its own, so the body lives until the last connection sending it is
 * done with it, whoever drops theirs first.
 */
struct http_prepared;

/* r's response as it stands (status, content type, headers, body) made
 * into a prepared response, which r is then answered with; the body moves
 * into it (r->out's buffer, or r->out_static with its out_release).  The
 * caller owns the reference returned.  NULL (r unchanged) if it cannot be
 * made. */
struct http_prepared *http_prepare(struct req *r);
/* Answer r with p (a reference of r's own is taken). */
void http_respond_prepared(struct req *r, struct http_prepared *p);
void http_prepared_ref(struct http_prepared *p);
void http_prepared_unref(struct http_prepared *p);	/* NULL: nothing */
int http_prepared_status(const struct http_prepared *p);
size_t http_prepared_len(const struct http_prepared *p);

#endif
