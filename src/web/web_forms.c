/*
 * web_forms.c - what every form shares (web.h): the names people read for
 * fields, every problem of a refused form at once, and the unit picker
 * (a unit chosen by searching its name, never by typing its code).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/text.h"
#include "domain/units/units.h"
#include "web/web_internal.h"

#define PICKER_MATCHES	8	/* units offered for a typed name */

const char *
web_label(const char *lang, const char *name)
{
	char key[80];
	const char *t;

	if (name == NULL)
		return "";
	if (snprintf(key, sizeof(key), "field_%s", name) >= (int)sizeof(key))
		return name;
	t = msg_get(lang, key);
	return strcmp(t, key) == 0 ? name : t;
}

/* The label of a field on the page of w's route: "field_<first segment
 * of the route>_<name>" when the module names it apart (the dossiers'
 * "kind" is a kind of document, the criteria sets' a kind of set), else
 * web_label. */
const char *
web_label_for(const struct web *w, const char *lang, const char *name)
{
	char key[96];
	const char *pat, *t;
	size_t seg;

	if (name != NULL && w != NULL && w->route != NULL &&
	    (pat = w->route->pattern) != NULL && pat[0] == '/') {
		seg = strcspn(pat + 1, "/");
		if (snprintf(key, sizeof(key), "field_%.*s_%s", (int)seg, pat + 1,
		    name) < (int)sizeof(key) &&
		    strcmp(t = msg_get(lang, key), key) != 0)
			return t;
	}
	return web_label(lang, name);
}

/* A role as the pages name it ("Cán bộ xã"), never its key: the message
 * dos_role_<role>; the key itself only for a role no message names. */
const char *
web_role_label(const char *lang, const char *role)
{
	char key[48];
	const char *t;

	if (role == NULL || snprintf(key, sizeof(key), "dos_role_%s", role) >=
	    (int)sizeof(key))
		return "";
	t = msg_get(lang, key);
	return t == key || strcmp(t, key) == 0 ? role : t;
}

json_t *
web_field_anchor(const char *field)
{
	char id[80];
	size_t n;

	if (field == NULL || field[0] == '\0')
		return json_null();
	n = (size_t)snprintf(id, sizeof(id), "f-");
	for (const char *p = field; *p != '\0' && n + 1 < sizeof(id); p++)
		id[n++] = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ? *p :
		    '-';
	id[n] = '\0';
	return json_string(id);
}

void
web_problem(struct web *w, const struct errinfo *one, const char *anchor)
{
	json_t *p;

	if (w->problems == NULL)
		w->problems = json_array();
	p = json_pack("{s:s, s:o, s:s, s:s, s:s, s:o}", "code",
	    one->code[0] ? one->code : err_default_code(one->err), "field",
	    one->field[0] ? json_string(one->field) : json_null(), "message",
	    err_message(one, w->lang), "message_vi", err_message(one, "vi"),
	    "message_en", err_message(one, "en"), "anchor", anchor != NULL ?
	    json_string(anchor) : web_field_anchor(one->field));
	if (p == NULL)		/* a message that is not UTF-8 */
		return;
	json_object_set_new(p, "kind", json_integer(one->err));
	json_array_append_new(w->problems, p);
}

enum err
web_problems(struct web *w, struct errinfo *ei)
{
	json_t *first = json_array_get(w->problems, 0);
	const char *field;

	if (first == NULL)
		return ERR_OK;
	field = jval_str(first, "field");
	/* The first problem stands for all in ei (status, code, field); the
	 * response lists every one (web_render_error). */
	return err_set_texts(ei, (enum err)json_integer_value(
	    json_object_get(first, "kind")), jval_str(first, "code"), field,
	    jval_str(first, "message_vi"), jval_str(first, "message_en"));
}

enum err
web_problem_list(struct web *w, const struct errinfo *items, size_t n,
    enum err e, struct errinfo *ei)
{
	if (e != ERR_INVALID || n == 0)
		return e;
	for (size_t i = 0; i < n; i++)
		web_problem(w, &items[i], NULL);
	return web_problems(w, ei) != ERR_OK ? ei->err : e;
}

static json_t *
unit_choice(const struct unit *u, bool checked)
{
	return json_pack("{s:s, s:s, s:s, s:s?, s:b}", "ref", u->code,
	    "full_name", u->full_name, "level", u->level, "parent_name",
	    u->parent_name, "checked", checked);
}

enum err
web_unit_picker(struct req *r, struct web *w, json_t *view, const char *key,
    const char *name, const char *current, const char *level,
    struct errinfo *ei)
{
	char qname[80];
	const char *q, *ref, *s, *c;
	json_t *p = json_object(), *matches = json_array(), *o;
	struct unit u;
	struct errinfo ignored;

	(void)ei;
	if (w->json) {		/* a page's control: not in the API */
		json_decref(p);
		json_decref(matches);
		return ERR_OK;
	}
	snprintf(qname, sizeof(qname), "%s_q", name);
	q = http_query(r, qname);
	if (q != NULL && (strlen(q) > UNITS_QUERY_MAX ||
	    !text_utf8_valid(q, strlen(q))))
		q = NULL;
	/* The unit chosen: a refused form's, the query's, else current. */
	if ((ref = http_form(r, name)) == NULL || ref[0] == '\0')
		ref = http_query(r, name);
	if (ref == NULL || ref[0] == '\0')
		ref = current;
	json_object_set_new(p, "name", json_string(name));
	json_object_set_new(p, "id", web_field_anchor(name));
	json_object_set_new(p, "qname", json_string(qname));
	json_object_set_new(p, "q", jval_string(q));
	json_object_set_new(p, "label", json_string(web_label_for(w, w->lang, name)));
	json_object_set_new(p, "level", jval_string(level));
	if (ref != NULL && units_split_ref(r->arena, ref, &s, &c) &&
	    units_get(w->db, r->arena, s, c, &u, &ignored) == ERR_OK) {
		o = unit_choice(&u, true);
		json_object_set_new(o, "ref", json_string(arena_printf(r->arena,
		    "%s:%s", s, c)));
		json_object_set_new(p, "chosen", o);
	}
	if (q != NULL && q[0] != '\0') {
		struct unit_query uq = {
			.structure = "2025", .level = level, .q = q,
			.limit = PICKER_MATCHES, .offset = 0,
		};
		struct unit_list l;

		if (units_list(w->db, r->arena, &uq, &l, &ignored) == ERR_OK) {
			for (size_t i = 0; i < l.n; i++) {
				o = unit_choice(&l.items[i], false);
				json_object_set_new(o, "ref", json_string(
				    arena_printf(r->arena, "%s:%s",
				    l.items[i].structure, l.items[i].code)));
				json_array_append_new(matches, o);
			}
			json_object_set_new(p, "total", json_integer(l.total));
		}
		json_object_set_new(p, "searched", json_true());
	}
	json_object_set_new(p, "matches", matches);
	json_object_set_new(view, key, p);
	/* The layout loads static/picker.js only where a picker is. */
	json_object_set_new(view, "uses_picker", json_true());
	return ERR_OK;
}

void
web_unit_choices(struct req *r, struct web *w, json_t *view, const char *key,
    const char *level, const char *current)
{
	struct unit_query uq = {
		.structure = "2025", .level = level, .limit = 100, .offset = 0,
	};
	struct unit_list l;
	struct errinfo ignored;
	json_t *a = json_array();

	if (!w->json && units_list(w->db, r->arena, &uq, &l, &ignored) ==
	    ERR_OK)
		for (size_t i = 0; i < l.n; i++) {
			const char *ref = arena_printf(r->arena, "%s:%s",
			    l.items[i].structure, l.items[i].code);

			json_array_append_new(a, json_pack("{s:s, s:s, s:b}",
			    "value", ref, "label", l.items[i].full_name,
			    "selected", current != NULL && strcmp(current, ref) ==
			    0));
		}
	json_object_set_new(view, key, a);
}

enum err
web_nfc_document(struct req *r, const char *text, size_t len, size_t max,
    const char **out, size_t *outlen, struct errinfo *ei)
{
	struct buf b;

	buf_init(&b, max * 2);
	if (text_nfc(text, len, &b) != ERR_OK) {
		buf_free(&b);
		return err_set(ei, ERR_MALFORMED, "request.bad_utf8", "document",
		    "tài liệu không phải UTF-8 hợp lệ hoặc quá lớn",
		    "the document is not valid UTF-8 or is too large");
	}
	*out = arena_strndup(r->arena, buf_cstr(&b), b.len);
	*outlen = b.len;
	buf_free(&b);
	return ERR_OK;
}

enum err
web_body_document(struct req *r, struct web *w, size_t max,
    const char **out, size_t *outlen, struct errinfo *ei)
{
	const char *raw = r->body.data;
	size_t rawlen = r->body.len;
	char *dumped = NULL;
	enum err e;

	if (json_object_get(w->body, "_csrf") != NULL) {
		/* a session's token sent as a field is no part of the
		 * document: stored without it */
		json_object_del(w->body, "_csrf");
		dumped = json_dumps(w->body, JSON_INDENT(1) |
		    JSON_PRESERVE_ORDER);
		raw = dumped;
		rawlen = dumped ? strlen(dumped) : 0;
	}
	e = web_nfc_document(r, raw ? raw : "", rawlen, max, out, outlen, ei);
	free(dumped);
	return e;
}

enum web_upload
web_upload_file(struct req *r, const struct web *w, const void **data,
    size_t *len, const char **name)
{
	*data = NULL;
	*len = 0;
	if (r->is_form) {
		const char *fn = NULL, *type;

		*data = http_form_file(r, "file", len, &fn, &type);
		if (fn != NULL && fn[0] != '\0' &&
		    text_utf8_valid(fn, strlen(fn))) {
			char *n = arena_strndup(r->arena, fn,
			    text_utf8_cut(fn, 100));

			text_strip_bidi(n);
			if (n[0] != '\0')
				*name = n;
		}
	} else if (w->body != NULL)
		return WEB_UPLOAD_JSON;
	else {
		*data = r->body.data;
		*len = r->body.len;
	}
	return *data == NULL || *len == 0 ? WEB_UPLOAD_NONE : WEB_UPLOAD_OK;
}
