/*
 * http.c - libmicrohttpd glue: daemon start/stop with limits, one struct
 * req per request in its own arena, body collection with a hard limit,
 * response queueing, and the access log.  See http.h.
 *
 * MHD runs its internal thread pool (one epoll/poll loop per worker); the
 * dispatch function runs on those workers, so it must be thread-safe.  The
 * daemon is bound to the host given (127.0.0.1 by default): nginx faces the
 * network, never MHD (see DEPENDENCIES.md).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <microhttpd.h>

#include "core/text.h"
#include "core/xalloc.h"
#include "http/http.h"

#define HTTP_DRAIN_MAX (16u * 1024 * 1024)

/* A response made once, sent many times (http.h). */
struct http_prepared {
	atomic_uint refs;
	struct MHD_Response *resp;	/* one MHD reference, ours */
	int status;
	size_t len;
};

struct http_server {
	struct MHD_Daemon *d;
	struct http_server_opts o;
	http_dispatch_fn fn;
	void *ctx;
	unsigned short port;
	atomic_uint deferred;	/* connections suspended by http_defer */
};

uint64_t
http_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

const char *
http_query(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct query_each {
	void (*fn)(void *, const char *, const char *);
	void *ctx;
};

static enum MHD_Result
query_each_cb(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct query_each *qe = cls;

	(void)kind;
	qe->fn(qe->ctx, key, value != NULL ? value : "");
	return MHD_YES;
}

static enum MHD_Result
query_each_raw_cb(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct query_each *qe = cls;

	(void)kind;
	qe->fn(qe->ctx, key, value);
	return MHD_YES;
}

void
http_query_each_raw(struct req *r,
    void (*fn)(void *ctx, const char *name, const char *value), void *ctx)
{
	struct query_each qe = { fn, ctx };

	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND,
	    query_each_raw_cb, &qe);
}

void
http_query_each(struct req *r,
    void (*fn)(void *ctx, const char *name, const char *value), void *ctx)
{
	struct query_each qe = { fn, ctx };

	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, query_each_cb,
	    &qe);
}

const char *
http_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *
http_cookie(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *
http_form(const struct req *r, const char *name)
{
	for (size_t i = 0; i < r->nform; i++)
		if (strcmp(r->form_names[i], name) == 0)
			return r->form_values[i];
	return NULL;
}

const char *
http_param(const struct req *r, const char *name)
{
	for (size_t i = 0; i < r->nparams; i++)
		if (strcmp(r->param_names[i], name) == 0)
			return r->param_values[i];
	return NULL;
}

const char *
http_client_addr(struct req *r)
{
	const union MHD_ConnectionInfo *ci;
	char text[INET6_ADDRSTRLEN];
	const struct sockaddr *sa;

	ci = MHD_get_connection_info(r->conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || (sa = ci->client_addr) == NULL)
		return "";
	if (sa->sa_family == AF_INET && inet_ntop(AF_INET,
	    &((const struct sockaddr_in *)(const void *)sa)->sin_addr, text,
	    sizeof(text)) != NULL)
		return arena_strdup(r->arena, text);
	if (sa->sa_family == AF_INET6 && inet_ntop(AF_INET6,
	    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, text,
	    sizeof(text)) != NULL)
		return arena_strdup(r->arena, text);
	return "";
}

void
http_add_header(struct req *r, const char *name, const char *value)
{
	if (r->nheaders >= HTTP_MAX_HEADERS)
		abort();	/* a programming error: the bound is static */
	r->header_names[r->nheaders] = name;
	r->header_values[r->nheaders++] = value;
}

const void *
http_form_file(const struct req *r, const char *name, size_t *len,
    const char **filename, const char **type)
{
	for (size_t i = 0; i < r->nform; i++) {
		if (strcmp(r->form_names[i], name) != 0)
			continue;
		if (r->form_filenames[i] == NULL ||
		    (r->form_filenames[i][0] == '\0' && r->form_lens[i] == 0))
			return NULL;	/* a text field, or no file chosen */
		if (len != NULL)
			*len = r->form_lens[i];
		if (filename != NULL)
			*filename = r->form_filenames[i];
		if (type != NULL)
			*type = r->form_types[i];
		return r->form_values[i];
	}
	return NULL;
}

/* Per-request form state: the post processor and the field being read
 * (MHD may hand a value over in several pieces). */
struct form_state {
	struct MHD_PostProcessor *pp;
	struct buf value;
	char *key, *filename, *type;
	size_t field_max;	/* bytes of a text field */
	size_t file_max;	/* bytes of a file part */
};

/* Keep the field being read (the post processor's pieces are joined). */
static void
form_keep(struct req *r, struct form_state *fs)
{
	size_t n = r->nform;

	if (n >= HTTP_MAX_FORM) {
		r->form_too_many = true;
		return;
	}
	r->form_names[n] = fs->key;
	r->form_values[n] = arena_strndup(r->arena, buf_cstr(&fs->value),
	    fs->value.len);
	r->form_lens[n] = fs->value.len;
	r->form_filenames[n] = fs->filename;
	r->form_types[n] = fs->type;
	r->nform = n + 1;
}

static enum MHD_Result
form_field(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *content_type,
    const char *transfer_encoding, const char *data, uint64_t off, size_t size)
{
	struct req *r = cls;
	struct form_state *fs = r->form_state;

	(void)kind;
	(void)transfer_encoding;
	if (off == 0 || fs->key == NULL || strcmp(fs->key, key) != 0) {
		/* A new field: store the one before. */
		if (fs->key != NULL)
			form_keep(r, fs);
		fs->key = arena_strdup(r->arena, key);
		fs->filename = filename ? arena_strdup(r->arena, filename) :
		    NULL;
		fs->type = content_type ? arena_strdup(r->arena, content_type) :
		    NULL;
		buf_reset(&fs->value);
	}
	if (size > 0 && (fs->value.len + size > (fs->filename != NULL ?
	    fs->file_max : fs->field_max) ||
	    buf_append(&fs->value, data, size) != ERR_OK))
		r->too_large = true;
	return MHD_YES;
}

static void
form_finish(struct req *r)
{
	struct form_state *fs = r->form_state;

	if (fs == NULL)
		return;
	if (fs->pp != NULL) {
		MHD_destroy_post_processor(fs->pp);
		fs->pp = NULL;
	}
	if (fs->key != NULL) {
		form_keep(r, fs);
		fs->key = NULL;
	}
	buf_free(&fs->value);
}

/* Forms are parsed by MHD's post processor, not by hand. */
static void
form_start(struct req *r, struct MHD_Connection *c, size_t limit)
{
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	struct form_state *fs;

	if (ct == NULL || (strncasecmp(ct, "application/x-www-form-urlencoded", 33)
	    != 0 && strncasecmp(ct, "multipart/form-data", 19) != 0))
		return;
	fs = arena_alloc(r->arena, sizeof(*fs));
	r->form_names = arena_alloc(r->arena, HTTP_MAX_FORM *
	    sizeof(*r->form_names));
	r->form_values = arena_alloc(r->arena, HTTP_MAX_FORM *
	    sizeof(*r->form_values));
	r->form_lens = arena_alloc(r->arena, HTTP_MAX_FORM *
	    sizeof(*r->form_lens));
	r->form_filenames = arena_alloc(r->arena, HTTP_MAX_FORM *
	    sizeof(*r->form_filenames));
	r->form_types = arena_alloc(r->arena, HTTP_MAX_FORM *
	    sizeof(*r->form_types));
	fs->field_max = HTTP_MAX_FIELD;
	fs->file_max = limit;
	buf_init(&fs->value, limit > HTTP_MAX_FIELD ? limit : HTTP_MAX_FIELD);
	fs->pp = MHD_create_post_processor(c, 16 * 1024, form_field, r);
	r->form_state = fs;
	r->is_form = true;
	if (fs->pp == NULL)
		r->form_bad = true;
}

/* A request from its request line on (on_uri); req_start completes it
 * when MHD has its headers. */
static struct req *
req_alloc(struct http_server *s, struct MHD_Connection *c)
{
	struct arena *a = arena_new(16 * 1024);
	struct req *r = arena_alloc(a, sizeof(*r));

	memset(r, 0, sizeof(*r));
	r->arena = a;
	r->server = s;
	r->conn = c;
	if (s->o.access_log)	/* only the access log reads it */
		r->start_us = http_now_us();
	r->status = 200;
	buf_init(&r->body, 0);
	buf_init(&r->out, 0);
	return r;
}

static void
req_start(struct req *r, const char *url, const char *method, size_t limit)
{
	struct http_server *s = r->server;

	r->method = arena_strdup(r->arena, method);
	r->path = arena_strdup(r->arena, url);
	buf_init(&r->body, limit);
	buf_init(&r->out, s->o.max_response);
}

/* Let go of the response body r holds (not yet handed to MHD). */
static void
req_drop_response(struct req *r)
{
	http_prepared_unref(r->prepared);
	r->prepared = NULL;
	if (r->out_release != NULL)
		r->out_release(r->out_release_arg);
	r->out_release = NULL;
	r->out_release_arg = NULL;
	r->out_static = NULL;
	r->out_static_len = 0;
	if (r->out_fd_set)
		close(r->out_fd);
	r->out_fd_set = false;
	buf_reset(&r->out);
}

void
http_clear_body(struct req *r)
{
	req_drop_response(r);
}

static void
req_free(struct req *r)
{
	form_finish(r);
	req_drop_response(r);
	buf_free(&r->body);
	buf_free(&r->out);
	arena_free(r->arena);
}

/* s as a JSON string into b (quotes included): the escapes json_dumps
 * would write.  s is valid UTF-8 (checked by the caller).  ERR_LIMIT past
 * b's maximum. */
static enum err
json_str(struct buf *b, const char *s)
{
	const char *run = s;
	enum err e = buf_putc(b, '"');

	for (; e == ERR_OK && *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		if ((e = buf_append(b, run, (size_t)(s - run))) != ERR_OK)
			break;
		run = s + 1;
		if (ch == '"' || ch == '\\')
			e = buf_printf(b, "\\%c", ch);
		else if (ch == '\n')
			e = buf_puts(b, "\\n");
		else if (ch == '\t')
			e = buf_puts(b, "\\t");
		else if (ch == '\r')
			e = buf_puts(b, "\\r");
		else
			e = buf_printf(b, "\\u%04x", ch);
	}
	if (e == ERR_OK)
		e = buf_append(b, run, (size_t)(s - run));
	return e == ERR_OK ? buf_putc(b, '"') : e;
}

/* One JSON line per request: {"ts", "method", "path", "status", "bytes",
 * "us"}, written with one call (no JSON library: this runs for every
 * request). */
static void
access_log(const struct req *r, int status, size_t bytes)
{
	/* The time stamp changes once a second: formatted once a second. */
	static _Thread_local time_t ts_at = (time_t)-1;
	static _Thread_local char ts[32];
	time_t now = time(NULL);
	struct tm tm;
	struct buf b;

	if (!text_utf8_valid(r->method, strlen(r->method)) ||
	    !text_utf8_valid(r->path, strlen(r->path)))
		return;	/* a path that is not UTF-8: not worth a log line */
	if (now != ts_at) {
		gmtime_r(&now, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
		ts_at = now;
	}
	/* Bounded by the worst escape (\u00XX: 6 bytes a byte). */
	buf_init(&b, 6 * (strlen(r->method) + strlen(r->path)) + 256);
	/* The bound holds the line: a failure would only lose it. */
	if (buf_printf(&b, "{\"ts\":\"%s\",\"method\":", ts) == ERR_OK &&
	    json_str(&b, r->method) == ERR_OK &&
	    buf_puts(&b, ",\"path\":") == ERR_OK &&
	    json_str(&b, r->path) == ERR_OK &&
	    buf_printf(&b, ",\"status\":%d,\"bytes\":%zu,\"us\":%llu}\n",
	    status, bytes,
	    (unsigned long long)(http_now_us() - r->start_us)) == ERR_OK)
		fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
}

/* An MHD response of r's response fields; the body moves into it. */
static struct MHD_Response *
make_response(struct req *r, size_t *len)
{
	struct MHD_Response *resp;

	if (r->out_fd_set) {
		/* MHD closes the file when the response is destroyed. */
		*len = r->out_fd_len;
		resp = MHD_create_response_from_fd((uint64_t)*len, r->out_fd);
		if (resp == NULL)
			close(r->out_fd);
		r->out_fd_set = false;
	} else if (r->out_static != NULL) {
		*len = r->out_static_len;
		if (r->out_release != NULL) {
			/* MHD calls out_release when its last use ends. */
			resp = MHD_create_response_from_buffer_with_free_callback_cls(
			    *len, (void *)(uintptr_t)r->out_static, r->out_release,
			    r->out_release_arg);
			if (resp != NULL)
				r->out_release = NULL;
		} else
			resp = MHD_create_response_from_buffer(*len,
			    (void *)(uintptr_t)r->out_static,
			    MHD_RESPMEM_PERSISTENT);
	} else {
		char *body = buf_detach(&r->out, len);

		resp = MHD_create_response_from_buffer_with_free_callback(*len,
		    body, free);
		if (resp == NULL)
			free(body);
	}
	if (resp == NULL)
		return NULL;
	if (r->content_type != NULL)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	for (size_t i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->header_names[i],
		    r->header_values[i]);
	return resp;
}

struct http_prepared *
http_prepare(struct req *r)
{
	struct http_prepared *p;
	struct MHD_Response *resp;
	size_t len;

	if (r->prepared != NULL) {
		http_prepared_ref(r->prepared);
		return r->prepared;
	}
	if ((resp = make_response(r, &len)) == NULL)
		return NULL;
	p = xmalloc(sizeof(*p));
	atomic_init(&p->refs, 2);	/* the caller's and r's */
	p->resp = resp;
	p->status = r->status;
	p->len = len;
	r->prepared = p;
	return p;
}

void
http_respond_prepared(struct req *r, struct http_prepared *p)
{
	http_prepared_ref(p);
	http_prepared_unref(r->prepared);
	r->prepared = p;
}

void
http_prepared_ref(struct http_prepared *p)
{
	atomic_fetch_add_explicit(&p->refs, 1, memory_order_relaxed);
}

void
http_prepared_unref(struct http_prepared *p)
{
	if (p == NULL || atomic_fetch_sub_explicit(&p->refs, 1,
	    memory_order_acq_rel) != 1)
		return;
	/* MHD keeps the response (and its body) while a connection is
	 * still sending it. */
	MHD_destroy_response(p->resp);
	free(p);
}

int
http_prepared_status(const struct http_prepared *p)
{
	return p->status;
}

size_t
http_prepared_len(const struct http_prepared *p)
{
	return p->len;
}

static enum MHD_Result
respond(struct http_server *s, struct MHD_Connection *c, struct req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	int status;
	size_t len;

	if (r->prepared != NULL) {
		/* MHD takes a reference of its own for the sending. */
		status = r->prepared->status;
		len = r->prepared->len;
		ret = MHD_queue_response(c, (unsigned)status,
		    r->prepared->resp);
	} else {
		if ((resp = make_response(r, &len)) == NULL)
			return MHD_NO;
		status = r->status;
		ret = MHD_queue_response(c, (unsigned)status, resp);
		MHD_destroy_response(resp);
	}
	if (s->o.access_log)
		access_log(r, status, len);
	return ret;
}

bool
http_defer(struct req *r)
{
	struct http_server *s = r->server;

	if (s == NULL || r->conn == NULL || r->deferred)
		return false;
	/* Suspended before the caller hands the work over, so that
	 * http_resume can never come first. */
	MHD_suspend_connection(r->conn);
	atomic_fetch_add(&s->deferred, 1);
	r->deferred = true;
	return true;
}

void
http_resume(struct req *r)
{
	MHD_resume_connection(r->conn);
}

/* The second pass of a deferred request starts with a blank response. */
static void
req_resumed(struct req *r)
{
	struct http_server *s = r->server;

	atomic_fetch_sub(&s->deferred, 1);
	r->deferred = false;
	r->resumed = true;
	r->status = 200;
	r->content_type = NULL;
	req_drop_response(r);
	r->nheaders = 0;
	r->nparams = 0;
	r->app = NULL;
}

/*
 * The request target, seen by MHD's URI log callback before MHD parses
 * the query: a target longer than HTTP_MAX_URI or with more than
 * HTTP_MAX_QUERY_ARGS arguments is refused here.  MHD keeps one record per
 * argument in the connection's memory pool (conn_memory, 16 KiB), and
 * when the pool runs out while it parses the request line, MHD 0.9.75 to
 * 0.9.77 queue a 431 and then go on reading headers into the buffer they
 * just freed: the client waits for the idle timeout (30 s) and gets
 * nothing.  So the query of a refused target is cut at its "?" (MHD
 * parses no argument: this callback runs on the request line in MHD's
 * own read buffer, before it splits the query off), and the request,
 * made here with r->uri_too_long set, is answered 414 by the router.
 */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct req *r = req_alloc(cls, c);
	const char *q = strchr(uri, '?');
	size_t nargs = 0;

	r->target_len = strlen(uri);
	for (const char *p = q; p != NULL && *p != '\0'; p++)
		if (*p == '&' || *p == '?')
			nargs++;
	r->uri_too_long = r->target_len > HTTP_MAX_URI ||
	    nargs > HTTP_MAX_QUERY_ARGS;
	/* The byte after "?" ends the query MHD is about to parse. */
	if (r->uri_too_long && q != NULL)
		((char *)(uintptr_t)q)[1] = '\0';
	return r;
}

/*
 * What the request's head takes of MHD's per-connection pool, from above:
 * the request line as sent, every header line and cookie as received,
 * and a record (HTTP_POOL_RECORD bytes, MHD's 56 rounded up to its 16-byte
 * alignment) per header, cookie and argument.  MHD answers 431 itself
 * when a record no longer fits; but when the records fit and the
 * response's head then does not, it closes the connection without an
 * answer (one-word headers: about 370 to 435 of them did so).  A head
 * that leaves less than HTTP_HEAD_RESERVE is refused here instead, with
 * the smallest answer there is; only one that leaves less than that
 * answer's own head (~130 bytes) still gets nothing.
 */
#define HTTP_POOL_RECORD 64

static enum MHD_Result
head_size_add(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	size_t *n = cls;
	size_t len = strlen(key) + (value != NULL ? strlen(value) : 0);

	/* An argument's bytes are in the request line already. */
	*n += HTTP_POOL_RECORD + (kind == MHD_GET_ARGUMENT_KIND ? 0 : len + 4);
	return MHD_YES;
}

static size_t
head_size(struct MHD_Connection *c, const struct req *r)
{
	size_t n = strlen(r->method) + r->target_len + 16;

	MHD_get_connection_values(c, MHD_HEADER_KIND | MHD_COOKIE_KIND |
	    MHD_GET_ARGUMENT_KIND, head_size_add, &n);
	return n;
}

/* 414 (the target) or 431 (the headers) with the least head MHD can
 * send: the pool is nearly full. */
static enum MHD_Result
refuse_head(struct MHD_Connection *c, unsigned status)
{
	static const char body414[] = "414 URI too long\n";
	static const char body431[] = "431 request header fields too large\n";
	const char *body = status == 414 ? body414 : body431;
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(strlen(body),
	    (void *)(uintptr_t)body, MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type",
	    "text/plain; charset=utf-8");
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct http_server *s = cls;
	struct req *r = *con_cls;

	(void)version;
	if (r == NULL)	/* on_uri makes it: never, but cheap */
		r = *con_cls = req_alloc(s, c);
	if (r->method == NULL) {
		const char *cl;
		size_t limit = s->o.body_limit ? s->o.body_limit(method, url) :
		    0;

		if (limit == 0)
			limit = s->o.max_body;
		req_start(r, url, method, limit);
		if (head_size(c, r) + (r->uri_too_long ? HTTP_REFUSAL_RESERVE :
		    HTTP_HEAD_RESERVE) > s->o.conn_memory) {
			unsigned status = r->uri_too_long ? 414 : 431;

			r->head_refused = true;
			if (s->o.access_log)
				access_log(r, (int)status, 0);
			return refuse_head(c, status);
		}
		form_start(r, c, limit);
		/* A declared oversized body is never stored.  Up to
		 * HTTP_DRAIN_MAX it is read and dropped so the client gets
		 * to read the 413 (a connection closed with unread data is
		 * reset); beyond that the 413 goes out at once. */
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl != NULL) {
			unsigned long long n = strtoull(cl, NULL, 10);

			r->too_large = n > limit;
			if (n <= HTTP_DRAIN_MAX)
				return MHD_YES;
		} else
			return MHD_YES;
	}
	if (r->head_refused) {	/* answered: the rest is dropped */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		struct form_state *fs = r->form_state;

		if (r->too_large)
			;	/* drained, never stored */
		else if (fs != NULL && fs->pp != NULL) {
			if (MHD_post_process(fs->pp, upload_data,
			    *upload_data_size) != MHD_YES)
				r->form_bad = true;
		} else if (buf_append(&r->body, upload_data,
		    *upload_data_size) != ERR_OK)
			r->too_large = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->deferred)
		req_resumed(r);	/* http_resume: the second pass */
	else
		form_finish(r);
	s->fn(r, s->ctx);
	if (r->deferred)
		return MHD_YES;	/* suspended: http_resume calls again */
	return respond(s, c, r);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	if (*con_cls != NULL)
		req_free(*con_cls);
	*con_cls = NULL;
}

/*
 * MHD's own percent-decoding, except that a decoded NUL byte becomes 0xFF:
 * a C string would silently end at the NUL ("ha%00noi" searching "ha"),
 * while 0xFF is invalid UTF-8, which the router refuses with a 400 naming
 * the path or the parameter.
 */
static size_t
unescape(void *cls, struct MHD_Connection *c, char *s)
{
	size_t n = MHD_http_unescape(s);

	(void)cls;
	(void)c;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0')
			s[i] = (char)0xff;
	return n;
}

struct http_server *
http_server_start(const struct http_server_opts *o, http_dispatch_fn fn,
    void *ctx)
{
	struct http_server *s = xcalloc(1, sizeof(*s));
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(o->port);
	if (inet_pton(AF_INET, o->host, &sa.sin_addr) != 1) {
		fprintf(stderr, "ntm: --listen: '%s' is not an IPv4 address\n",
		    o->host);
		free(s);
		return NULL;
	}
	s->o = *o;
	s->fn = fn;
	s->ctx = ctx;
	atomic_init(&s->deferred, 0);
	s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO |
	    MHD_USE_ERROR_LOG | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME, o->port, NULL, NULL, on_request, s,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    /* One thread: MHD's own polling thread serves (a pool of one
	     * is refused with a warning). */
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)(o->threads > 1 ?
	    o->threads : 0),
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)o->max_connections,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)o->timeout_s,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)o->conn_memory,
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)1024,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
	    MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
	    MHD_OPTION_END);
	if (s->d == NULL) {
		fprintf(stderr, "ntm: cannot listen on %s:%u (in use, or not "
		    "allowed)\n", o->host, (unsigned)o->port);
		free(s);
		return NULL;
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : o->port;
	return s;
}

unsigned short
http_server_port(const struct http_server *s)
{
	return s->port;
}

void
http_server_stop(struct http_server *s)
{
	if (s == NULL)
		return;
	/* Stop accepting first, then let the workers finish what they hold:
	 * deferred requests are waited for (up to 30 s; their waits are
	 * short), as MHD must not be stopped with suspended connections. */
	MHD_quiesce_daemon(s->d);
	for (int i = 0; i < 30000 && atomic_load(&s->deferred) > 0; i++)
		usleep(1000);
	MHD_stop_daemon(s->d);
	free(s);
}
