/*
 * render.c - turning a handler's view, or an error, into the response.
 *
 * JSON: the view as compact JSON.  HTML: the route's template rendered
 * with the view plus the page frame (messages "t", language, paths), then
 * placed into the layout template.  Errors always carry the same
 * {"error":{"code","message","field"}} whether shown as JSON or as a page.
 */
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/url.h"
#include "web/cache.h"
#include "web/web_internal.h"

/* Re-add every query argument but "lang" (valid UTF-8 only). */
static void
keep_arg(void *ctx, const char *name, const char *value)
{
	struct buf *q = ctx;

	if (strcmp(name, "lang") == 0 || !text_utf8_valid(name, strlen(name)) ||
	    !text_utf8_valid(value, strlen(value)))
		return;
	/* Past the bound the argument is dropped from the page's address:
	 * web_here then gives a shorter link back, never a broken one. */
	if (url_query_add(q, name, value) != ERR_OK)
		return;
}

const char *
web_here(struct req *r)
{
	struct buf u, q;
	const char *s;

	/* Three times the longest request line MHD accepts: the encoded
	 * path always fits; a query that does not is left off. */
	buf_init(&u, 3 * 32 * 1024 + 4096);
	buf_init(&q, 4096);
	if (url_encode(r->path, true, &u) != ERR_OK)
		buf_reset(&u);
	http_query_each(r, keep_arg, &q);
	if (q.len > 0 && u.len > 0 && buf_putc(&u, '?') == ERR_OK &&
	    buf_append(&u, q.data, q.len) != ERR_OK)
		u.data[--u.len] = '\0';	/* drop the '?' again */
	s = u.len > 0 ? arena_strndup(r->arena, buf_cstr(&u), u.len) : "/";
	buf_free(&u);
	buf_free(&q);
	return s;
}

/* The current page encoded as a query value: the language switch's next. */
static json_t *
here_param(struct req *r)
{
	struct buf v;
	json_t *j;

	buf_init(&v, 3 * 4096);
	url_encode(web_here(r), false, &v);
	j = json_string(buf_cstr(&v));
	buf_free(&v);
	return j;
}

/* Fields every page template may use besides the view's own. */
static json_t *
page_context(struct req *r, struct web *w, json_t *view)
{
	json_t *ctx = json_object();
	const char *other = strcmp(w->lang, "vi") == 0 ? "en" : "vi";

	if (view != NULL)
		json_object_update(ctx, view);
	json_object_set(ctx, "t", (json_t *)msg_all(w->lang));
	json_object_set_new(ctx, "lang", json_string(w->lang));
	json_object_set_new(ctx, "other_lang", json_string(other));
	json_object_set_new(ctx, "other_lang_name",
	    json_string(msg_get(w->lang, "other_lang_name")));
	json_object_set_new(ctx, "path", json_string(r->path));
	json_object_set_new(ctx, "here", here_param(r));
	/* After a save the handler redirects to its page with ?saved=1
	 * (post/redirect/get): partials/errors.html says it saved. */
	if (json_object_get(ctx, "saved") == NULL && http_query(r, "saved") !=
	    NULL && strcmp(http_query(r, "saved"), "1") == 0)
		json_object_set_new(ctx, "saved", json_true());
	json_object_set_new(ctx, "version", json_string(NTM_VERSION));
	json_object_set_new(ctx, "nav", web_nav(r, w));
	if (w->who != NULL) {
		json_t *roles = json_array();

		for (size_t i = 0; i < w->who->nroles; i++)
			json_array_append_new(roles, json_pack("{s:s, s:s, s:s}",
			    "role", role_names[w->who->roles[i].role],
			    "structure", w->who->roles[i].structure,
			    "unit_code", w->who->roles[i].unit_code));
		json_object_set_new(ctx, "me", json_pack("{s:I, s:s, s:s, s:o}",
		    "id", (json_int_t)w->who->user_id, "username",
		    w->who->username, "full_name", w->who->full_name,
		    "roles", roles));
		if (w->who->csrf_token != NULL)
			json_object_set_new(ctx, "csrf",
			    json_string(w->who->csrf_token));
	}
	return ctx;
}

/*
 * A cached page (ROUTE_PAGE_CACHE) is the layout's view fields as JSON, a
 * NUL, then the rendered body: what the layout needs besides the user.
 */
static const char *const layout_fields[] = { "title", "q", "structure",
	"meta", NULL };

static void
page_cache_put(struct web *w, json_t *ctx, const struct buf *body)
{
	json_t *head = json_object();
	struct buf blob;
	char *text, etag[24];

	for (size_t i = 0; layout_fields[i] != NULL; i++) {
		json_t *v = json_object_get(ctx, layout_fields[i]);

		if (v != NULL)
			json_object_set(head, layout_fields[i], v);
	}
	text = json_dumps(head, JSON_COMPACT);
	json_decref(head);
	buf_init(&blob, WEB_CACHE_MAX_BODY);
	if (text != NULL && buf_puts(&blob, text) == ERR_OK &&
	    buf_append(&blob, "", 1) == ERR_OK &&
	    buf_append(&blob, body->data, body->len) == ERR_OK)
		web_cache_release(web_cache_put(w->cache_key,
		    w->cache_version, blob.data, blob.len, etag));
	free(text);
	buf_free(&blob);
}

bool
web_respond_page_cached(struct req *r, struct web *w, const char *blob,
    size_t len)
{
	static const char mark[] = "\x1e";	/* where the body goes */
	size_t head_len = strnlen(blob, len), pre;
	struct buf page;
	json_t *ctx, *head;
	struct errinfo ei;
	const char *at;
	enum err e;

	if (head_len == len ||
	    (head = json_loadb(blob, head_len, 0, NULL)) == NULL)
		return false;
	/* The layout is rendered around a one-byte mark, and the cached body
	 * spliced in there: a 40 KB body is copied once, not run through
	 * the JSON and template layers. */
	ctx = page_context(r, w, head);
	json_decref(head);
	json_object_set_new(ctx, "body", json_string(mark));
	buf_init(&page, r->out.max);
	e = tmpl_render(web_templates(), "layout", ctx, &page, &ei);
	json_decref(ctx);
	if (e != ERR_OK || (at = strstr(buf_cstr(&page), mark)) == NULL) {
		buf_free(&page);
		return false;
	}
	pre = (size_t)(at - page.data);
	{
		struct buf out;

		buf_init(&out, r->out.max);
		e = buf_append(&out, page.data, pre);
		if (e == ERR_OK)
			e = buf_append(&out, blob + head_len + 1,
			    len - head_len - 1);
		if (e == ERR_OK)
			e = buf_append(&out, at + 1, page.len - pre - 1);
		buf_free(&page);
		if (e != ERR_OK) {
			buf_free(&out);
			return false;
		}
		buf_free(&r->out);
		r->out = out;
	}
	r->content_type = "text/html; charset=utf-8";
	r->status = 200;
	http_add_header(r, "Cache-Control", "no-cache");
	return true;
}

/* Render template name with ctx, then the layout around it, into r->out. */
static enum err
render_page(struct req *r, struct web *w, const char *name, json_t *ctx,
    struct errinfo *ei)
{
	struct buf body;
	enum err e;

	buf_init(&body, r->out.max);
	e = tmpl_render(web_templates(), name, ctx, &body, ei);
	if (e == ERR_OK && w->cache_key != NULL && !w->json)
		page_cache_put(w, ctx, &body);
	if (e == ERR_OK) {
		json_object_set_new(ctx, "body", json_stringn(buf_cstr(&body),
		    body.len));
		buf_reset(&r->out);
		e = tmpl_render(web_templates(), "layout", ctx, &r->out, ei);
	}
	buf_free(&body);
	return e;
}

void
web_render_view(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	enum err e;

	if (w->json) {
		char *s = json_dumps(view, JSON_COMPACT | JSON_REAL_PRECISION(15));

		buf_reset(&r->out);
		e = s != NULL ? buf_puts(&r->out, s) : ERR_SYS;
		free(s);
		if (e != ERR_OK) {
			err_set(ei, e, NULL, NULL, "không tạo được câu trả lời",
			    "the answer could not be built");
			web_render_error(r, w, ei, NULL);
			return;
		}
		r->content_type = "application/json";
		if (w->cache_key != NULL) {
			const struct web_cached *c;
			char etag[24];

			c = web_cache_put(w->cache_key, w->cache_version,
			    r->out.data, r->out.len, etag);
			/* Sent from the cache like a hit: one copy of the body
			 * in memory, whoever keeps it. */
			if (c != NULL)
				web_cache_respond(r, c);
			web_respond_json_cached(r, etag);
			return;
		}
	} else {
		json_t *ctx = page_context(r, w, view);

		e = render_page(r, w, w->route->tmpl, ctx, ei);
		json_decref(ctx);
		if (e != ERR_OK) {
			web_render_error(r, w, ei, NULL);
			return;
		}
		r->content_type = "text/html; charset=utf-8";
	}
	r->status = 200;
	http_add_header(r, "Cache-Control", "no-cache");
}

/* The submitted form fields, secrets left out, to fill the form again. */
static json_t *
form_echo(struct req *r, struct web *w)
{
	json_t *o = json_object();

	for (size_t i = 0; i < r->nform; i++) {
		const char *k = r->form_names[i];

		if (strstr(k, "password") != NULL || strcmp(k, "_csrf") == 0)
			continue;
		json_object_set_new(o, k, json_string(r->form_values[i]));
	}
	if (w->body != NULL) {
		const char *k;
		json_t *v;

		json_object_foreach(w->body, k, v)
			if (json_is_string(v) && strstr(k, "password") == NULL &&
			    strcmp(k, "_csrf") != 0)
				json_object_set(o, k, v);
	}
	return o;
}

void
web_render_error(struct req *r, struct web *w, const struct errinfo *ei,
    json_t *view)
{
	json_t *err, *body;
	enum err e = ei->err == ERR_OK ? ERR_SYS : ei->err;
	const char *code = ei->code[0] ? ei->code : err_default_code(e);
	const char *fallback = msg_get(w->lang, "error_unknown");
	const char *msg = ei->message[0] ? err_message(ei, w->lang) : fallback;

	r->status = err_http_status(e);
	if (e == ERR_LIMIT && strcmp(code, "request.uri_too_long") == 0)
		r->status = 414;	/* a 413 names the body */
	err = json_pack("{s:s, s:s, s:o}", "code", code, "message", msg,
	    "field", ei->field[0] ? json_string(ei->field) : json_null());
	if (err == NULL)	/* a message that is not UTF-8: never shown */
		err = json_pack("{s:s, s:s, s:n}", "code", code, "message",
		    fallback, "field");
	/* A handler that refused many rows at once (a bulk import) lists
	 * them in its view's "errors": they travel as "rows". */
	if (view != NULL && json_is_array(json_object_get(view, "errors")))
		json_object_set(err, "rows", json_object_get(view, "errors"));
	/* A refusal that carries what the person must see to try again (the
	 * marketplace's new prices: market.price_changed) has it in the
	 * view's "quote". */
	if (view != NULL && json_is_object(json_object_get(view, "quote")))
		json_object_set(err, "quote", json_object_get(view, "quote"));
	/* Every problem of a form (web_problem): all in "problems", each
	 * with its field for machines; the page links each to its input. */
	if (w != NULL && json_array_size(w->problems) > 0) {
		json_t *all = json_array(), *p;
		size_t i;

		json_array_foreach(w->problems, i, p) {
			json_t *one = json_pack("{s:O, s:O, s:O}",
			    "code", json_object_get(p, "code"), "field",
			    json_object_get(p, "field"), "message",
			    json_object_get(p, "message"));

			/* a row of an uploaded file (the one import error
			 * report, web_imports.c): where it is */
			if (json_object_get(p, "row") != NULL) {
				json_object_set(one, "row",
				    json_object_get(p, "row"));
				json_object_set(one, "column",
				    json_object_get(p, "column"));
			}
			json_array_append_new(all, one);
		}
		json_object_set_new(err, "problems", all);
	}
	body = json_pack("{s:o}", "error", err);
	buf_reset(&r->out);
	if (w == NULL || w->json) {
		char *s = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15));

		/* An error body is small: r->out's bound (megabytes) holds it. */
		if (buf_puts(&r->out, s ? s : "{}") != ERR_OK)
			buf_reset(&r->out);
		free(s);
		r->content_type = "application/json";
	} else {
		bool form = w->route != NULL && (w->route->flags & ROUTE_FORM) &&
		    w->route->tmpl != NULL;
		json_t *ctx = page_context(r, w, form ? view : NULL);
		struct errinfo ei2;

		json_object_set(ctx, "error", err);
		json_object_set_new(ctx, "status", json_integer(r->status));
		/* The summary at the top of the form lists every problem,
		 * each a link to its input (partials/errors.html); one error
		 * alone is a list of one. */
		if (json_array_size(w->problems) > 0)
			json_object_set(ctx, "problem_links", w->problems);
		else if (form && view != NULL && json_array_size(
		    json_object_get(view, "problems")) > 0)
			/* a form that marks its own rows (the indicator
			 * entry: each problem also beside its input) */
			json_object_set(ctx, "problem_links",
			    json_object_get(view, "problems"));
		else
			json_object_set_new(ctx, "problem_links", json_pack("[{s:s, "
			    "s:o}]", "message", msg, "anchor",
			    web_field_anchor(ei->field)));
		if (form)
			json_object_set_new(ctx, "form", form_echo(r, w));
		/* A refused form keeps the unit it named, even when the page
		 * around it was not built (a caller refused by the router):
		 * unit names are public. */
		if (form && w->db != NULL && json_object_get(ctx,
		    "unit_picker") == NULL && http_form(r, "unit") != NULL) {
			struct errinfo ignored;

			web_unit_picker(r, w, ctx, "unit_picker", "unit", NULL,
			    NULL, &ignored);
		}
		if (json_object_get(ctx, "title") == NULL || !form)
			json_object_set_new(ctx, "title", json_string(msg));
		if (render_page(r, w, form ? w->route->tmpl : "error", ctx,
		    &ei2) != ERR_OK) {
			buf_reset(&r->out);
			if (buf_puts(&r->out, "error") != ERR_OK)
				buf_reset(&r->out);
			r->content_type = "text/plain; charset=utf-8";
		} else {
			r->content_type = "text/html; charset=utf-8";
		}
		json_decref(ctx);
	}
	json_decref(body);
	http_add_header(r, "Cache-Control", "no-store");
	if (r->status == 503)
		web_retry_after(r);
}

/* A 503 (the database is away, busy or failing over to its standby) says
 * when to try again: a second, about one health check of the failover
 * monitor, so a client's retries follow the switch closely. */
void
web_retry_after(struct req *r)
{
	http_add_header(r, "Retry-After", "1");
}
