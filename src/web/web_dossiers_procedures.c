/*
 * web_dossiers_procedures.c - the workflow procedures as readable pages
 * (routes in web_dossiers.c):
 *
 *   GET  /procedures            every procedure, newest version each
 *   POST /procedures            a coordinator or admin imports a document
 *                               (ntm-procedure/1) as a new version: the
 *                               API's body is the document itself (with
 *                               ?change_note=), the page's form has a text
 *                               area and a file field
 *   GET  /procedures/{id}       one version (?version=N, default the
 *                               newest): its states with holder and
 *                               deadline, its transitions with the roles,
 *                               level and what each requires, the
 *                               attachment kinds, and the versions
 *
 * The JSON is the engine's (wf_list, wf_get); the page reads the parsed
 * procedure (wf_load) so that every name is shown in the chosen language.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/date.h"
#include "core/text.h"
#include "core/url.h"
#include "web/web_dossiers_internal.h"

static const char *
level_label(struct web *w, enum wf_level l)
{
	char key[40];

	snprintf(key, sizeof(key), "dos_level_%s", wf_level_names[l]);
	return msg_get(w->lang, key);
}

/* A word of the procedure's data as the message table says it (key
 * prefix + value: "dos_ulevel_commune" -> "Xã"), else the value. */
static const char *
word(struct web *w, const char *prefix, const char *value)
{
	char key[64];
	const char *t;

	if (value == NULL || snprintf(key, sizeof(key), "%s%s", prefix,
	    value) >= (int)sizeof(key))
		return value;
	t = msg_get(w->lang, key);
	return strcmp(t, key) == 0 ? value : t;
}

static const char *
roles_text(struct req *r, struct web *w, unsigned roles)
{
	struct buf b;
	const char *s;

	buf_init(&b, 1024);
	for (int i = 0; i < ROLE__MAX; i++)
		if (roles & ROLE_BIT(i)) {
			char key[48];

			snprintf(key, sizeof(key), "dos_role_%s", role_names[i]);
			if (buf_printf(&b, "%s%s", b.len ? ", " : "",
			    msg_get(w->lang, key)) != ERR_OK)
				break;	/* eight role names fit in 1 KB */
		}
	s = arena_strndup(r->arena, buf_cstr(&b), b.len);
	buf_free(&b);
	return s;
}

static const char *
state_name(struct web *w, const struct wf_procedure *p, const char *id)
{
	const struct wf_state *s = id ? wf_state_find(p, id) : NULL;

	return s != NULL ? wf_text(&s->name, w->lang) : id;
}

static const char *
kind_name(struct web *w, const struct wf_procedure *p, const char *id)
{
	for (size_t i = 0; i < p->nkinds; i++)
		if (strcmp(p->kinds[i].id, id) == 0)
			return wf_text(&p->kinds[i].name, w->lang);
	return id;
}

/* What a transition requires, one readable line each. */
static json_t *
requires_lines(struct req *r, struct web *w, const struct wf_procedure *p,
    const struct wf_transition *t)
{
	const struct wf_requires *q = &t->req;
	json_t *out = json_array();

	for (size_t i = 0; i < q->nattachments; i++)
		json_array_append_new(out, jval_string(arena_printf(r->arena,
		    "%s: %s", msg_get(w->lang, "dos_req_file"), kind_name(w, p,
		    q->attachments[i]))));
	for (size_t i = 0; i < q->nchecks; i++) {
		char key[64];

		snprintf(key, sizeof(key), "dos_check_%.40s", q->checks[i]);
		json_array_append_new(out, jval_string(msg_get(w->lang, key)));
	}
	if (q->quorum > 0)
		json_array_append_new(out, jval_string(arena_printf(r->arena,
		    "%s: %d", msg_get(w->lang, "dos_req_quorum"), q->quorum)));
	if (q->reason)
		json_array_append_new(out, jval_string(msg_get(w->lang,
		    "dos_req_reason")));
	if (q->appraisal)
		json_array_append_new(out, jval_string(msg_get(w->lang,
		    "dos_req_appraisal")));
	if (q->decision)
		json_array_append_new(out, jval_string(msg_get(w->lang,
		    "dos_req_decision")));
	if (q->vote)
		json_array_append_new(out, jval_string(msg_get(w->lang,
		    "dos_req_vote")));
	if (q->justification_may_override)
		json_array_append_new(out, jval_string(msg_get(w->lang,
		    "dos_req_justification")));
	if (t->effect != NULL) {
		char key[48];

		snprintf(key, sizeof(key), "dos_effect_%.20s", t->effect);
		json_array_append_new(out, jval_string(msg_get(w->lang, key)));
	}
	return out;
}

static void
procedure_display(struct req *r, struct web *w, json_t *view,
    const struct wf_procedure *p)
{
	json_t *states = json_array(), *trans = json_array(), *kinds =
	    json_array(), *titles = json_array();

	for (size_t i = 0; i < p->nstates; i++) {
		const struct wf_state *s = &p->states[i];

		json_array_append_new(states, json_pack(
		    "{s:s, s:o, s:o, s:o, s:b, s:b, s:b}",
		    "id", s->id, "name", jval_string(wf_text(&s->name, w->lang)),
		    "holder", jval_string(level_label(w, s->holder)),
		    "due", s->due_days >= 0 ? json_integer(s->due_days) :
		    json_null(), "terminal", s->terminal, "editable",
		    s->editable, "initial", strcmp(s->id, p->initial) == 0));
	}
	for (size_t i = 0; i < p->ntransitions; i++) {
		const struct wf_transition *t = &p->transitions[i];
		struct buf from;

		buf_init(&from, 2048);
		for (size_t j = 0; j < t->nfrom; j++)
			if (buf_printf(&from, "%s%s", j ? ", " : "",
			    state_name(w, p, t->from[j])) != ERR_OK)
				break;	/* WF_MAX_FROM names fit in 2 KB */
		json_array_append_new(trans, json_pack(
		    "{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
		    "id", t->id, "name", jval_string(wf_text(&t->name, w->lang)),
		    "from", jval_string(arena_strndup(r->arena, buf_cstr(&from),
		    from.len)), "to", jval_string(t->to ? state_name(w, p, t->to) :
		    NULL), "roles", jval_string(roles_text(r, w, t->roles)),
		    "level", jval_string(level_label(w, t->level)), "requires",
		    requires_lines(r, w, p, t), "primary", t->primary));
		buf_free(&from);
	}
	for (size_t i = 0; i < p->nkinds; i++)
		json_array_append_new(kinds, json_pack("{s:s, s:o}", "id",
		    p->kinds[i].id, "name", jval_string(wf_text(&p->kinds[i].name,
		    w->lang))));
	for (size_t i = 0; i < p->ntitles; i++)
		json_array_append_new(titles, jval_string(dosw_title_label(w,
		    p->titles[i])));
	json_object_set_new(view, "page", json_pack(
	    "{s:s, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "id", p->id, "version", p->version,
	    "name", jval_string(wf_text(&p->name, w->lang)),
	    "legal_basis", jval_string(p->legal_basis),
	    "status_note", jval_string(p->status_note),
	    "level", jval_string(word(w, "dos_ulevel_", p->level)),
	    "structures", jval_string(p->nstructures == 2 ? arena_printf(r->arena,
	    "%s, %s", word(w, "dos_structure_", p->structures[0]), word(w,
	    "dos_structure_", p->structures[1])) : p->nstructures ? word(w,
	    "dos_structure_", p->structures[0]) : NULL),
	    "creator", jval_string(arena_printf(r->arena, "%s (%s)",
	    roles_text(r, w, p->create_roles), level_label(w,
	    p->create_level))),
	    "states", states, "transitions", trans, "kinds", kinds,
	    "titles", titles));
	json_object_set_new(view, "title", jval_string(wf_text(&p->name,
	    w->lang)));
}

enum err
dosw_procedure_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const char *id = http_param(r, "id");
	const struct wf_procedure *p;
	json_t *out, *v;
	size_t i;
	int version = (int)web_qint(w, "version", 0);
	enum err e;

	if (id == NULL || strlen(id) > 64)
		return err_set(ei, ERR_NOTFOUND, "workflow.not_found", "id",
		    "không có quy trình này", "there is no such procedure");
	if ((e = wf_get(w->db, id, version, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	/* its legal basis in the legal library (/van-ban) */
	if ((e = web_legal_sources(w, view, "procedure", json_object_get(view,
	    "procedure"), NULL, ei)) != ERR_OK)
		return e;
	if (w->json)
		return ERR_OK;
	if ((e = wf_load(w->db, id, (int)jval_int(view, "version", version), &p,
	    ei)) != ERR_OK)
		return e;
	procedure_display(r, w, view, p);
	json_array_foreach(json_object_get(view, "versions"), i, v) {
		int64_t n = jval_int(v, "version", 0);

		json_object_set_new(v, "href", jval_string(arena_printf(r->arena,
		    "/procedures/%s?version=%lld", p->id, (long long)n)));
		json_object_set_new(v, "current", json_boolean(n == p->version));
		json_object_set_new(v, "at_text", jval_string(date_display(r->arena,
		    jval_str(v, "created_at"), w->lang)));
	}
	return ERR_OK;
}

enum err
dosw_procedures_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	json_t *out, *it;
	size_t i;
	enum err e;

	if ((e = wf_list(w->db, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	json_object_set_new(view, "title", jval_string(msg_get(w->lang,
	    "dos_procedures")));
	if (w->json)
		return ERR_OK;
	json_array_foreach(json_object_get(view, "items"), i, it) {
		json_object_set_new(it, "name", jval_string(msg_pick(w->lang,
		    jval_str(it, "name"), jval_str(it, "name_en"))));
		json_object_set_new(it, "href", jval_string(arena_printf(r->arena,
		    "/procedures/%s", jval_str(it, "id") ? jval_str(it, "id") : "")));
		json_object_set_new(it, "kind_label", jval_string(word(w,
		    "dos_pkind_", jval_str(it, "kind"))));
	}
	json_object_set_new(view, "can_import", json_boolean(web_holds(w,
	    DOSW_PROCEDURE_WRITERS)));
	return ERR_OK;
}

enum err
dosw_procedures_form_view(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return dosw_page_once(dosw_procedures_page, r, w, view, ei);
}

/* The document of an import: the API's body as sent, its "document" (an
 * object or its text), or the form's text or file; NFC. */
static enum err
document_text(struct req *r, struct web *w, const char **out, size_t *len,
    struct errinfo *ei)
{
	const char *raw = NULL;
	size_t rawlen = 0;
	char *dumped = NULL;
	enum err e;

	if (w->body != NULL) {
		json_t *d = json_object_get(w->body, "document");

		if (json_is_string(d)) {
			raw = json_string_value(d);
			rawlen = json_string_length(d);
		} else if (json_is_object(d) ||
		    json_object_get(w->body, "_csrf") != NULL) {
			json_object_del(w->body, "_csrf");
			dumped = json_dumps(json_is_object(d) ? d : w->body,
			    JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			raw = dumped;
			rawlen = dumped ? strlen(dumped) : 0;
		} else {
			raw = r->body.data;
			rawlen = r->body.len;
		}
	} else {
		const char *s;

		if ((e = web_field(r, w, "document", DOSW_PROCEDURE_MAX, false,
		    &s, ei)) != ERR_OK)
			return e;
		if (s == NULL)
			s = http_form_file(r, "file", &rawlen, NULL, NULL);
		else
			rawlen = strlen(s);
		raw = s;
	}
	if (raw == NULL || rawlen == 0) {
		free(dumped);
		return err_set(ei, ERR_INVALID, "request.missing", "document",
		    "thiếu quy trình: dán nội dung JSON hoặc chọn tệp",
		    "the procedure is missing: paste its JSON or choose a file");
	}
	if (rawlen > DOSW_PROCEDURE_MAX) {
		free(dumped);
		return err_set(ei, ERR_LIMIT, "workflow.too_large", "document",
		    "quy trình dài quá %u byte", "the procedure is longer than "
		    "%u bytes", DOSW_PROCEDURE_MAX);
	}
	e = web_nfc_document(r, raw, rawlen, DOSW_PROCEDURE_MAX, out, len, ei);
	free(dumped);
	return e;
}

enum err
dosw_procedure_import(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct audit_actor who;
	const char *text = NULL, *note = NULL, *id;
	json_t *d;
	size_t len = 0;
	bool created = false;
	int version = 0;
	enum err e;

	if (!w->json && (e = dosw_procedures_page(r, w, view, ei)) != ERR_OK)
		return e;
	if ((e = document_text(r, w, &text, &len, ei)) != ERR_OK)
		return e;
	if (w->body == NULL && (e = web_field(r, w, "change_note", 1000, false,
	    &note, ei)) != ERR_OK)
		return e;
	if (note == NULL)
		note = web_qtext(w, "change_note");
	web_actor(w, &who);
	db_end_reads(w->db);
	if ((e = wf_import(w->db, &who, text, len, note, &version, &created,
	    ei)) != ERR_OK)
		return e;
	d = json_loadb(text, len, 0, NULL);
	id = arena_strdup(r->arena, json_string_value(json_object_get(d,
	    "id")) ? json_string_value(json_object_get(d, "id")) : "");
	json_decref(d);
	json_object_clear(view);
	json_object_set_new(view, "id", jval_string(id));
	json_object_set_new(view, "version", json_integer(version));
	json_object_set_new(view, "created", json_boolean(created));
	{
		struct buf b;

		buf_init(&b, 1024);
		url_encode(id, false, &b);
		w->redirect = arena_printf(r->arena, "/procedures/%s?version=%d",
		    buf_cstr(&b), version);
		buf_free(&b);
	}
	return ERR_OK;
}
