/*
 * web_dossiers.c - the HTTP API and pages of appraisal and recognition
 * (issue 7): the route table, the helpers the module's files share
 * (web_dossiers_internal.h), the lists of dossiers, creating one, the
 * public register of titles, the compliance watch and opening a
 * revocation case.
 *
 *   GET  /dossiers                       lists for every level (filters,
 *                                        counts by state, overdue tab)
 *   POST /dossiers                       a commune starts a dossier
 *   /dossiers/{id}...                    one dossier: web_dossiers_view.c
 *   /dossiers/{id}/attachments..., PDFs  web_dossiers_files.c
 *   GET  /recognitions                   the public register (no sign-in)
 *   GET  /recognitions.csv, .xlsx        the register as filtered, to download
 *   GET  /recognitions/watch             continuous compliance (province)
 *   GET  /recognitions/watch.csv, .xlsx  the watch list as filtered
 *   POST /recognitions/revocations       open a revocation case
 *   /procedures...                       web_dossiers_procedures.c
 *
 * Access is the router's, from the table below: the roles of each route,
 * and the unit of what it acts on - for one dossier, its unit, which the
 * resolver dosw_scope_dossier reads - inside the caller's scope.  The one
 * exception is data: what a procedure grants per transition (role and
 * level) the workflow engine checks, since the procedure says it.  The
 * decision PDF is public once decided (ROUTE_SCOPE_SOFT: the domain's
 * publication rule decides what an outsider may have).  Every write is
 * one domain call, one transaction and its audit entry.  Pages: the same
 * view as the JSON, with labels and links added only for HTML.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/date.h"
#include "core/numfmt.h"
#include "core/text.h"
#include "core/url.h"
#include "domain/units/units.h"
#include "web/web_dossiers_internal.h"
#include "web/web_doc.h"
#include "web/web_pager.h"

static const char *const dossier_kinds[] = { "recognition", "revocation",
	NULL };

static const struct qfield list_query[] = {
	{ "state", Q_TEXT, 0, 0, 64, NULL },
	{ "province", Q_TEXT, 0, 0, 64, NULL },
	{ "unit", Q_TEXT, 0, 0, 64, NULL },
	{ "year", Q_INT, 2000, 2100, 0, NULL },
	{ "title", Q_CHOICE, 0, 0, 0, dos_titles },
	{ "overdue", Q_INT, 0, 1, 0, NULL },
	QF_LIMIT,
	QF_OFFSET,
	{ "kind", Q_CHOICE, 0, 0, 0, dossier_kinds },
	{ "at_step", Q_INT, 0, 1, 0, NULL },
};

/* The order of the register and the watch list: a column (the domain's
 * words) and a direction. */
static const char *const sort_dirs[] = { "asc", "desc", NULL };

static const struct qfield register_query[] = {
	{ "year", Q_INT, 2000, 2100, 0, NULL },
	{ "title", Q_CHOICE, 0, 0, 0, dos_titles },
	{ "province", Q_TEXT, 0, 0, 64, NULL },
	{ "name", Q_TEXT, 0, 0, 200, NULL },
	QF_LIMIT,
	QF_OFFSET,
	{ "sort", Q_CHOICE, 0, 0, 0, dos_register_sorts },
	{ "dir", Q_CHOICE, 0, 0, 0, sort_dirs },
};

static const struct qfield watch_query[] = {
	{ "province", Q_TEXT, 0, 0, 64, NULL },
	{ "title", Q_CHOICE, 0, 0, 0, dos_titles },
	QF_LIMIT,
	QF_OFFSET,
	{ "sort", Q_CHOICE, 0, 0, 0, dos_watch_sorts },
	{ "dir", Q_CHOICE, 0, 0, 0, sort_dirs },
};

static const struct qfield procedure_query[] = {
	{ "version", Q_INT, 1, 1000000, 0, NULL },
};

static const struct qfield dossier_query[] = {
	{ "done", Q_TEXT, 0, 0, 40, NULL },
};

/* An upload sent as the raw body names its kind and file in the query. */
static const struct qfield attach_query[] = {
	{ "done", Q_TEXT, 0, 0, 40, NULL },
	{ "kind", Q_TEXT, 0, 0, 64, NULL },
	{ "filename", Q_TEXT, 0, 0, 1024, NULL },
};

static const struct qfield import_query[] = {
	{ "change_note", Q_TEXT, 0, 0, 1000, NULL },
};

/* The dossier of the path's {id} and its unit, for the router's scope
 * rule: 404 "dossiers.not_found" when there is none. */
static enum err
resolve_dossier(struct req *r, struct web *w, struct scope_target *t,
    struct errinfo *ei)
{
	enum err e;

	t->field = "id";
	if ((e = web_path_id(r, "id", "dossiers.not_found", &t->id, ei)) !=
	    ERR_OK)
		return e;
	return dos_unit_of(w->db, r->arena, t->id, &t->structure, &t->code,
	    ei);
}

const struct scope dosw_scope_dossier = { "dossier", resolve_dossier };

/* A dossier's state as every view gives it. */
#define DOS_STATE DOC_OBJ("\"id\", \"name\"", DOC_P("id", DOC_STR) ", " \
	DOC_P("name", DOC_STR) ", " DOC_P("holder", DOC_STR_NULL) ", " \
	DOC_P("due_on", DOC_STR_NULL) ", " DOC_P("overdue", DOC_BOOL) ", " \
	DOC_P("terminal", DOC_BOOL))
#define DOS_UNIT DOC_OBJ("\"structure\", \"code\", \"name\"", \
	DOC_P("structure", DOC_STRUCTURE) ", " DOC_P("code", DOC_STR) ", " \
	DOC_P("name", DOC_STR))

static const struct route_doc list_doc = {
	.summary = "Hồ sơ công nhận trong phạm vi / recognition dossiers in "
	    "the caller's scope",
	.response = DOC_LIST(DOC_OBJ("\"id\", \"kind\", \"unit\", \"title\", "
	    "\"year\", \"state\"", DOC_P("id", DOC_INT) ", "
	    DOC_P("kind", DOC_STR) ", " DOC_P("unit", DOS_UNIT) ", "
	    DOC_P("title", DOC_STR) ", " DOC_P("year", DOC_INT) ", "
	    DOC_P("set_id", DOC_STR_NULL) ", " DOC_P("state", DOS_STATE) ", "
	    DOC_P("updated_at", DOC_STR) ", " DOC_P("created_at", DOC_STR) ", "
	    DOC_P("is_open", DOC_BOOL))),
};

static const struct route_doc create_doc = {
	.summary = "Lập hồ sơ công nhận / open a recognition dossier",
	.request = DOC_OBJ("\"unit\", \"set_id\", \"year\", \"title\"",
	    DOC_P("unit", DOC_UNIT_REF) ", " DOC_P("set_id", DOC_STR) ", "
	    DOC_P("year", "{\"type\": \"integer\", \"minimum\": 2000, "
	    "\"maximum\": 2100}") ", " DOC_P("title", DOC_STR) ", "
	    DOC_P("procedure_id", DOC_STR) ", "
	    DOC_P("campaign_id", DOC_INT) ", " DOC_P("note", DOC_STR)),
	.response = DOC_OBJ("\"created\"", DOC_P("created", DOC_OBJ("\"id\"",
	    DOC_P("id", DOC_INT)))),
};

static const struct route_doc dossier_doc = {
	.summary = "Một hồ sơ: trạng thái, đánh giá, minh chứng, diễn biến / "
	    "a dossier: its state, evaluation, attachments, timeline",
	.response = DOC_OBJ("\"id\", \"kind\", \"title\", \"year\", \"unit\", "
	    "\"state\", \"row_version\", \"timeline\"", DOC_P("id", DOC_INT)
	    ", " DOC_P("kind", DOC_STR) ", " DOC_P("title", DOC_STR) ", "
	    DOC_P("year", DOC_INT) ", " DOC_P("unit", DOS_UNIT) ", "
	    DOC_P("state", DOS_STATE) ", " DOC_P("row_version", DOC_INT) ", "
	    DOC_P("is_open", DOC_BOOL) ", " DOC_P("decision", DOC_OBJ_NULL)
	    ", " DOC_P("attachments", DOC_ARR(DOC_OBJ("\"id\", \"kind\", "
	    "\"filename\"", DOC_P("id", DOC_INT) ", " DOC_P("kind", DOC_STR)
	    ", " DOC_P("filename", DOC_STR) ", " DOC_P("size", DOC_INT) ", "
	    DOC_P("sha256", DOC_STR)))) ", "
	    DOC_P("timeline", DOC_ARR(DOC_OBJ("\"seq\", \"transition\", "
	    "\"to\", \"at\"", DOC_P("seq", DOC_INT) ", "
	    DOC_P("transition", DOC_STR) ", " DOC_P("from", DOC_STR_NULL) ", "
	    DOC_P("to", DOC_STR) ", " DOC_P("at", DOC_STR))))),
};

static const struct route_doc register_doc = {
	.summary = "Sổ công nhận: các quyết định công nhận đã ban hành / the "
	    "register of recognition decisions",
	.response = DOC_LIST(DOC_OBJ("\"unit\", \"title\", \"year\", "
	    "\"decision_no\", \"decision_date\"", DOC_P("unit", DOS_UNIT) ", "
	    DOC_P("title", DOC_STR) ", " DOC_P("set_id", DOC_STR_NULL) ", "
	    DOC_P("year", DOC_INT) ", " DOC_P("decision_no", DOC_STR) ", "
	    DOC_P("decision_date", DOC_DATE) ", " DOC_P("signer", DOC_STR_NULL)
	    ", " DOC_P("dossier_id", DOC_INT_NULL) ", "
	    DOC_P("revoked", DOC_OBJ_NULL))),
};

const struct route dossiers_routes[] = {
	/* lists and creation (this file) */
	{ .method = "GET", .pattern = "/dossiers",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "dossiers/list",
	  .fn = dosw_list_page, QUERY(list_query), .roles = DOSW_READERS,
	  .scope = &scope_query_unit, .doc = &list_doc },
	{ .method = "POST", .pattern = "/dossiers",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "dossiers/list",
	  .fn = dosw_create, QUERY(list_query), .roles = DOSW_CREATORS,
	  .scope = &scope_body_unit, .form_view = dosw_list_form_view,
	  .doc = &create_doc },
	/* one dossier (web_dossiers_view.c) */
	{ .method = "GET", .pattern = "/dossiers/{id}",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "dossiers/dossier",
	  .fn = dosw_page, QUERY(dossier_query), .roles = DOSW_READERS,
	  .scope = &dosw_scope_dossier, .doc = &dossier_doc },
	{ .method = "POST", .pattern = "/dossiers/{id}",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM,
	  .tmpl = "dossiers/dossier", .fn = dosw_update,
	  QUERY(dossier_query), .roles = DOSW_CREATORS,
	  .scope = &dosw_scope_dossier, .form_view = dosw_form_view },
	{ .method = "POST", .pattern = "/dossiers/{id}/actions/{transition}",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM,
	  .tmpl = "dossiers/dossier", .fn = dosw_act, QUERY(dossier_query),
	  .roles = DOSW_ACTORS, .scope = &dosw_scope_dossier,
	  .form_view = dosw_form_view },
	{ .method = "POST", .pattern = "/dossiers/{id}/comments",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM,
	  .tmpl = "dossiers/dossier", .fn = dosw_comment,
	  QUERY(dossier_query), .roles = DOSW_READERS,
	  .scope = &dosw_scope_dossier, .form_view = dosw_form_view },
	/* attachments and PDFs (web_dossiers_files.c) */
	{ .method = "POST", .pattern = "/dossiers/{id}/attachments",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM,
	  .tmpl = "dossiers/dossier", .fn = dosw_attach,
	  QUERY(attach_query), .roles = DOSW_ACTORS,
	  .scope = &dosw_scope_dossier, .form_view = dosw_form_view },
	{ .method = "GET", .pattern = "/dossiers/{id}/attachments/{aid}",
	  .flags = ROUTE_RAW | ROUTE_API, .fn = dosw_attachment_get,
	  .roles = DOSW_READERS, .scope = &dosw_scope_dossier },
	{ .method = "DELETE", .pattern = "/dossiers/{id}/attachments/{aid}",
	  .flags = ROUTE_API, .fn = dosw_attachment_remove,
	  .roles = DOSW_ACTORS, .scope = &dosw_scope_dossier },
	{ .method = "POST", .pattern = "/dossiers/{id}/attachments/{aid}/remove",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM,
	  .tmpl = "dossiers/dossier", .fn = dosw_attachment_remove,
	  QUERY(dossier_query), .roles = DOSW_ACTORS,
	  .scope = &dosw_scope_dossier, .form_view = dosw_form_view },
	{ .method = "GET", .pattern = "/dossiers/{id}/summary.pdf",
	  .flags = ROUTE_RAW | ROUTE_API, .fn = dosw_summary_pdf,
	  .roles = DOSW_READERS, .scope = &dosw_scope_dossier },
	/* public once decided: the handler applies the domain's rule */
	{ .method = "GET", .pattern = "/dossiers/{id}/decision.pdf",
	  .flags = ROUTE_RAW | ROUTE_API | ROUTE_SCOPE_SOFT,
	  .fn = dosw_decision_pdf, .roles = ROLES_PUBLIC,
	  .scope = &dosw_scope_dossier },
	/* the register and the compliance watch (this file) */
	{ .method = "GET", .pattern = "/recognitions",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_PAGE_CACHE,
	  .tmpl = "dossiers/register",
	  .fn = dosw_register_page, QUERY(register_query),
	  .version_key = DOS_META_VERSION, .roles = ROLES_PUBLIC,
	  .doc = &register_doc },
	{ .method = "GET", .pattern = "/recognitions.csv",
	  .flags = ROUTE_RAW, .fn = dosw_register_csv, QUERY(register_query),
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/recognitions.xlsx",
	  .flags = ROUTE_RAW, .fn = dosw_register_xlsx,
	  QUERY(register_query), .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/recognitions/watch",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "dossiers/watch",
	  .fn = dosw_watch_page, QUERY(watch_query),
	  .roles = DOSW_WATCHERS },
	{ .method = "GET", .pattern = "/recognitions/watch.csv",
	  .flags = ROUTE_RAW, .fn = dosw_watch_csv, QUERY(watch_query),
	  .roles = DOSW_WATCHERS },
	{ .method = "GET", .pattern = "/recognitions/watch.xlsx",
	  .flags = ROUTE_RAW, .fn = dosw_watch_xlsx, QUERY(watch_query),
	  .roles = DOSW_WATCHERS },
	{ .method = "POST", .pattern = "/recognitions/revocations",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM,
	  .tmpl = "dossiers/watch", .fn = dosw_revocation_open,
	  QUERY(watch_query), .roles = DOSW_REVOKERS,
	  .scope = &scope_body_unit, .form_view = dosw_watch_form_view },
	/* procedures (web_dossiers_procedures.c) */
	{ .method = "GET", .pattern = "/procedures",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "dossiers/procedures",
	  .fn = dosw_procedures_page, .roles = ROLES_PUBLIC },
	{ .method = "POST", .pattern = "/procedures",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM,
	  .tmpl = "dossiers/procedures", .fn = dosw_procedure_import,
	  QUERY(import_query), .roles = DOSW_PROCEDURE_WRITERS,
	  .form_view = dosw_procedures_form_view },
	{ .method = "GET", .pattern = "/procedures/{id}",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "dossiers/procedure",
	  .fn = dosw_procedure_page, QUERY(procedure_query),
	  .roles = ROLES_PUBLIC },
	{ .method = NULL }
};

/* ---- helpers shared by the module's files -------------------------------- */

const char *
dosw_title_label(struct web *w, const char *title)
{
	char key[40];

	if (title == NULL || strlen(title) > 20)
		return title;
	snprintf(key, sizeof(key), "dos_title_%s", title);
	return msg_get(w->lang, key);
}

void
dosw_unit(struct req *r, const json_t *u, const char **name,
    const char **ref)
{
	const char *s, *c;

	*name = *ref = NULL;
	if (json_is_string(u)) {
		*ref = json_string_value(u);
		*name = *ref;
		return;
	}
	if (!json_is_object(u))
		return;
	s = jval_str(u, "structure");
	c = jval_str(u, "code");
	if (s != NULL && c != NULL)
		*ref = arena_printf(r->arena, "%s:%s", s, c);
	*name = jval_str(u, "full_name");
	if (*name == NULL)
		*name = jval_str(u, "name");
	if (*name == NULL)
		*name = *ref;
}

static const char *
holder_label(struct web *w, const char *holder)
{
	if (holder == NULL)
		return NULL;
	if (strcmp(holder, "unit") == 0)
		return msg_get(w->lang, "dos_holder_unit");
	if (strcmp(holder, "district") == 0)
		return msg_get(w->lang, "dos_holder_district");
	if (strcmp(holder, "province") == 0)
		return msg_get(w->lang, "dos_holder_province");
	if (strcmp(holder, "country") == 0)
		return msg_get(w->lang, "dos_holder_country");
	return holder;
}

void
dosw_state_display(struct req *r, struct web *w, json_t *state)
{
	json_t *dl = json_object_get(state, "days_left");
	const char *due = jval_str(state, "due_on");

	if (!json_is_object(state))
		return;
	json_object_set_new(state, "holder_label", jval_string(holder_label(w,
	    jval_str(state, "holder"))));
	json_object_set_new(state, "due_text", jval_string(date_display(r->arena,
	    due, w->lang)));
	json_object_set_new(state, "is_overdue", json_boolean(
	    json_is_true(json_object_get(state, "overdue"))));
	if (json_is_integer(dl) && due != NULL) {
		json_int_t d = json_integer_value(dl);
		const char *n = arena_printf(r->arena, "%lld",
		    (long long)(d >= 0 ? d : -d));

		json_object_set_new(state, "days_text", jval_string(msg_formata(
		    r->arena, w->lang, d >= 0 ? "dos_days_left" : "dos_days_late",
		    &n, 1)));
	}
}

json_t *
dosw_title_choices(struct web *w, const char *current, bool any)
{
	json_t *out = json_array();

	if (any)
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "value",
		    "", "label", "—", "selected", current == NULL));
	for (size_t i = 0; dos_titles[i] != NULL; i++)
		json_array_append_new(out, json_pack("{s:s, s:o, s:b}", "value",
		    dos_titles[i], "label", jval_string(dosw_title_label(w,
		    dos_titles[i])), "selected", current != NULL &&
		    strcmp(current, dos_titles[i]) == 0));
	return out;
}

enum err
dosw_page_once(route_fn page, struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	if (json_object_get(view, "items") != NULL)
		return ERR_OK;
	return page(r, w, view, ei);
}

static enum err
not_integer(const char *name, struct errinfo *ei)
{
	return err_set(ei, ERR_INVALID, "request.bad_number", name,
	    "“%s”%.0s phải là một số nguyên", "%.0s“%s” is a whole number",
	    web_label("vi", name), web_label("en", name));
}

/* An integer field of the body: a JSON integer or text digits; *out
 * unchanged when absent or empty (and not required). */
static enum err
body_int(struct req *r, struct web *w, const char *name, int64_t min,
    int64_t max, bool required, int64_t *out, struct errinfo *ei)
{
	json_t *j = w->body ? json_object_get(w->body, name) : NULL;
	const char *s;
	char *end;
	long long n;
	enum err e;

	if (json_is_integer(j)) {
		n = json_integer_value(j);
		goto range;
	}
	if (j != NULL && !json_is_null(j) && !json_is_string(j))
		return not_integer(name, ei);
	if ((e = web_field(r, w, name, 20, required, &s, ei)) != ERR_OK)
		return e;
	if (s == NULL)
		return ERR_OK;
	n = strtoll(s, &end, 10);
	if (!isdigit((unsigned char)s[0]) || *end != '\0')
		return not_integer(name, ei);
range:
	if (n < min || n > max)
		return err_set(ei, ERR_INVALID, "request.out_of_range", name,
		    "“%s”%.0s phải từ %lld đến %lld",
		    "%.0s“%s” is from %lld to %lld", web_label("vi", name),
		    web_label("en", name), (long long)min, (long long)max);
	*out = n;
	return ERR_OK;
}

/* ---- the lists ------------------------------------------------------------- */

/* "?a=1&b=2" of the list's filters with one changed (value NULL: left
 * out), for the tabs and the counts. */
static const char *
list_link(struct req *r, struct web *w, const char *name, const char *value)
{
	static const char *const keep[] = { "state", "province", "unit", "year",
	    "title", "overdue", "kind", NULL };
	struct buf q;
	const char *s;

	buf_init(&q, 4096);
	for (size_t i = 0; keep[i] != NULL; i++) {
		const char *v = strcmp(keep[i], name) == 0 ? value :
		    web_qtext(w, keep[i]);

		/* Each value is bounded by the route's query table: they
		 * all fit in 4 KB. */
		if (v != NULL && v[0] != '\0' &&
		    url_query_add(&q, keep[i], v) != ERR_OK)
			break;
	}
	s = arena_printf(r->arena, "/dossiers%s%s", q.len ? "?" : "",
	    buf_cstr(&q));
	buf_free(&q);
	return s;
}

/* The list's address at another offset (the pages before and after). */
static json_t *
page_href(struct req *r, struct web *w, int64_t offset)
{
	const char *base = list_link(r, w, "offset", NULL);

	return jval_string(arena_printf(r->arena, "%s%soffset=%lld", base,
	    strchr(base, '?') ? "&" : "?", (long long)offset));
}

/* The counts by state as links that filter by it, named by the list. */
static json_t *
state_counts(struct req *r, struct web *w, const json_t *view)
{
	const json_t *names = json_object_get(view, "state_names");
	const char *k, *current = web_qtext(w, "state");
	json_t *counts = json_array(), *n;

	json_object_foreach(json_object_get(view, "counts"), k, n) {
		const char *label = jval_str(names, k);

		json_array_append_new(counts, json_pack("{s:s, s:o, s:O, s:o, s:b}",
		    "state", k, "label", jval_string(label ? label : k), "n", n,
		    "href", jval_string(list_link(r, w, "state", k)), "current",
		    current != NULL && strcmp(current, k) == 0));
	}
	return counts;
}

static void
list_display(struct req *r, struct web *w, json_t *view)
{
	json_t *items = json_object_get(view, "items"), *it, *tabs;
	size_t i;
	int64_t total = jval_int(view, "total", 0);
	int64_t limit = web_qint(w, "limit", 50), offset = web_qint(w,
	    "offset", 0);

	json_array_foreach(items, i, it) {
		const char *name, *ref;

		dosw_unit(r, json_object_get(it, "unit"), &name, &ref);
		json_object_set_new(it, "unit_name", jval_string(name));
		json_object_set_new(it, "unit_parent", jval_str(json_object_get(
		    it, "unit"), "parent") ? jval_string(jval_str(
		    json_object_get(it, "unit"), "parent")) : json_null());
		json_object_set_new(it, "href", jval_string(arena_printf(r->arena,
		    "/dossiers/%lld", (long long)jval_int(it, "id", 0))));
		json_object_set_new(it, "title_label", jval_string(
		    dosw_title_label(w, jval_str(it, "title"))));
		json_object_set_new(it, "is_revocation", json_boolean(
		    jval_str(it, "kind") != NULL && strcmp(jval_str(it, "kind"),
		    "revocation") == 0));
		dosw_state_display(r, w, json_object_get(it, "state"));
	}
	json_object_set_new(view, "state_counts", state_counts(r, w, view));
	tabs = json_pack("{s:o, s:o, s:b, s:b}",
	    "all", jval_string(list_link(r, w, "overdue", NULL)),
	    "overdue", jval_string(list_link(r, w, "overdue", "1")),
	    "is_overdue", web_qint(w, "overdue", 0) == 1,
	    "is_all", web_qint(w, "overdue", 0) != 1);
	json_object_set_new(view, "tabs", tabs);
	json_object_set_new(view, "state_all", jval_string(list_link(r, w,
	    "state", NULL)));
	json_object_set_new(view, "titles", dosw_title_choices(w,
	    web_qtext(w, "title"), true));
	json_object_set_new(view, "filter", json_pack("{s:o, s:o, s:o, s:o}",
	    "year", jval_string(web_qtext(w, "year")), "unit",
	    jval_string(web_qtext(w, "unit")), "province",
	    jval_string(web_qtext(w, "province")), "state",
	    jval_string(web_qtext(w, "state"))));
	if (offset > 0)
		json_object_set_new(view, "prev_href", page_href(r, w,
		    offset > limit ? offset - limit : 0));
	if (offset + limit < total)
		json_object_set_new(view, "next_href", page_href(r, w,
		    offset + limit));
}

/* The units the caller may start a dossier for (the units of the
 * bindings of DOSW_CREATORS), by name: [{ref, name, checked}], the one a
 * refused form named checked, else the first. */
static json_t *
create_units(struct req *r, struct web *w, const char **chosen)
{
	const char *posted = http_form(r, "unit");
	json_t *out = json_array();
	size_t first = 0;
	bool found = false;

	*chosen = NULL;
	for (size_t i = 0; w->who != NULL && i < w->who->nroles; i++) {
		const struct role_binding *b = &w->who->roles[i];
		const char *ref;
		struct unit u;
		struct errinfo ignored;

		if (!(DOSW_CREATORS & ROLE_BIT(b->role)) || units_get(w->db,
		    r->arena, b->structure, b->unit_code, &u, &ignored) !=
		    ERR_OK)
			continue;
		ref = arena_printf(r->arena, "%s:%s", u.structure, u.code);
		if (posted != NULL && strcmp(posted, ref) == 0) {
			found = true;
			*chosen = ref;
		}
		json_array_append_new(out, json_pack("{s:s, s:s, s:s?, s:b}",
		    "ref", ref, "name", u.full_name, "parent", u.parent_name,
		    "checked", posted != NULL && strcmp(posted, ref) == 0));
	}
	if (!found && json_array_size(out) > first) {
		json_object_set_new(json_array_get(out, first), "checked",
		    json_true());
		*chosen = jval_str(json_array_get(out, first), "ref");
	}
	return out;
}

/* Mark the choice of value in choices [{id, selected}] (by id, as
 * text), when value is given; else keep what the domain chose. */
static void
select_posted(json_t *choices, const char *value)
{
	json_t *c;
	size_t i;

	if (value == NULL || value[0] == '\0')
		return;
	json_array_foreach(choices, i, c) {
		json_t *id = json_object_get(c, "id");
		const char *s = json_is_string(id) ? json_string_value(id) : NULL;
		char n[32];

		if (json_is_integer(id)) {
			snprintf(n, sizeof(n), "%lld",
			    (long long)json_integer_value(id));
			s = n;
		}
		json_object_set_new(c, "selected", json_boolean(s != NULL &&
		    strcmp(s, value) == 0));
	}
}

/* The create form (what the page offers, in words): the caller's own
 * units to choose from, and for each what the domain says a new dossier
 * of it offers - the criteria sets that apply with the default chosen,
 * the year, the unit's survey campaigns by title; a refused form's
 * choices kept. */
static void
create_form(struct req *r, struct web *w, json_t *view)
{
	const char *chosen, *title = http_form(r, "title");
	json_t *units = create_units(r, w, &chosen), *u, *sets = json_array(),
	    *groups = json_array(), *o, *first = NULL;
	size_t i;

	json_object_set_new(view, "can_create", json_boolean(
	    json_array_size(units) > 0));
	json_array_foreach(units, i, u) {
		const char *s, *c, *ref = jval_str(u, "ref");
		struct errinfo ignored;
		json_t *set;
		size_t j;

		if (!units_split_ref(r->arena, ref, &s, &c) ||
		    dos_new_options(w->db, s, c, w->lang, &o, &ignored) !=
		    ERR_OK)
			continue;
		/* the sets of every unit, each once; the default is the
		 * chosen unit's */
		json_array_foreach(json_object_get(o, "sets"), j, set) {
			bool seen = false;
			json_t *x;
			size_t k;

			json_array_foreach(sets, k, x)
				seen |= strcmp(jval_str(x, "id"), jval_str(set,
				    "id")) == 0;
			if (!seen)
				json_array_append(sets, set);
		}
		json_array_append_new(groups, json_pack("{s:s, s:O, s:b}",
		    "unit_name", jval_str(u, "name"), "campaigns",
		    json_object_get(o, "campaigns"), "multi",
		    json_array_size(units) > 1));
		if (chosen != NULL && strcmp(chosen, ref) == 0) {
			json_decref(first);
			first = json_incref(o);
		} else if (first == NULL)
			first = json_incref(o);
		json_decref(o);
	}
	json_array_foreach(sets, i, o)
		json_object_set_new(o, "selected", json_boolean(first != NULL &&
		    jval_str(first, "set_id") != NULL && strcmp(jval_str(o,
		    "id"), jval_str(first, "set_id")) == 0));
	select_posted(sets, http_form(r, "set_id"));
	json_array_foreach(groups, i, o)
		select_posted(json_object_get(o, "campaigns"), http_form(r,
		    "campaign_id"));
	json_object_set_new(view, "create", json_pack("{s:o, s:o, s:o, s:o, "
	    "s:o, s:b}", "units", units, "sets", sets, "campaign_groups",
	    groups, "year", first != NULL ? json_incref(json_object_get(first,
	    "year")) : json_null(), "titles", dosw_title_choices(w, title !=
	    NULL ? title : first != NULL ? jval_str(first, "title") : "ntm",
	    false), "one_unit", json_array_size(units) == 1));
	json_decref(first);
}

/* The unit filter: a commune chosen by name (the picker's search works
 * without JavaScript); its own id, since the create form below has a
 * unit too, and only the query's unit chosen (not a posted one). */
static enum err
filter_picker(struct req *r, struct web *w, json_t *view, const char *unit,
    struct errinfo *ei)
{
	json_t *p;
	const char *posted = http_form(r, "unit");
	enum err e;

	if ((e = web_unit_picker(r, w, view, "filter_picker", "unit", unit,
	    "commune", ei)) != ERR_OK || (p = json_object_get(view,
	    "filter_picker")) == NULL)
		return e;
	json_object_set_new(p, "id", json_string("f-filter-unit"));
	json_object_set_new(p, "label", json_string(msg_get(w->lang,
	    "dos_filter_unit")));
	if (posted != NULL && (unit == NULL || strcmp(posted, unit) != 0))
		json_object_del(p, "chosen");
	return ERR_OK;
}

enum err
dosw_list_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct dos_filter f = { 0 };
	json_t *list;
	enum err e;

	f.kind = web_qtext(w, "kind");
	f.state = web_qtext(w, "state");
	f.province = web_qtext(w, "province");
	f.unit = web_qtext(w, "unit");
	f.year = (int)web_qint(w, "year", 0);
	f.title = web_qtext(w, "title");
	f.overdue_only = web_qint(w, "overdue", 0) == 1;
	f.at_step = web_qint(w, "at_step", 0) == 1;
	f.limit = web_qint(w, "limit", 50);
	f.offset = web_qint(w, "offset", 0);
	f.roles = DOSW_READERS;
	if ((e = dos_list(w->db, w->who, &f, w->lang, &list, ei)) != ERR_OK)
		return e;
	jval_merge(view, list);
	json_object_set_new(view, "title", jval_string(msg_get(w->lang,
	    f.overdue_only ? "dos_overdue_title" : "dos_dossiers")));
	if (w->json)
		return ERR_OK;
	list_display(r, w, view);
	create_form(r, w, view);
	web_unit_choices(r, w, view, "province_choices", "province",
	    f.province);
	return filter_picker(r, w, view, f.unit, ei);
}

enum err
dosw_list_form_view(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return dosw_page_once(dosw_list_page, r, w, view, ei);
}

/* Is a problem about field listed already? */
static bool
has_problem(const struct web *w, const char *field)
{
	const json_t *p;
	size_t i;

	json_array_foreach(w->problems, i, p)
		if (jval_str(p, "field") != NULL && strcmp(jval_str(p, "field"),
		    field) == 0)
			return true;
	return false;
}

enum err
dosw_create(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct dos_new n = { 0 };
	const char *title, *procedure, *note;
	int64_t year = 0, campaign = 0, id;
	json_t *d;
	enum err e;

	struct errinfo one;

	if (!w->json && (e = dosw_list_page(r, w, view, ei)) != ERR_OK)
		return e;
	/* Every problem of the form at once (the unit is the router's). */
	if (web_field(r, w, "set_id", 64, true, &n.set_id, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (body_int(r, w, "year", 2000, 2100, true, &year, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "title", 20, true, &title, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "procedure_id", 64, false, &procedure, &one) !=
	    ERR_OK)
		web_problem(w, &one, NULL);
	/* the page's "none yet" choice is "": no campaign */
	if (body_int(r, w, "campaign_id", 0, INT64_MAX / 2, false, &campaign,
	    &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "note", DOS_TEXT_MAX, false, &note, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	n.structure = w->unit_structure;
	n.code = w->unit_code;
	n.year = (int)year;
	n.title = title;
	n.procedure_id = procedure;
	n.campaign_id = campaign;
	n.note = note;
	/* and what the domain would refuse one at a time, each field once */
	db_end_reads(w->db);
	{
		struct errinfo dp[8];
		size_t np = dos_new_problems(w->db, &n, dp, 8);

		for (size_t i = 0; i < np; i++)
			if (!has_problem(w, dp[i].field))
				web_problem(w, &dp[i], NULL);
	}
	if ((e = web_problems(w, ei)) != ERR_OK)
		return e;
	if ((e = dos_create(w->db, w->who, &n, &id, ei)) != ERR_OK)
		return e;
	if ((e = dos_get(w->db, w->who, id, w->lang, &d, ei)) != ERR_OK)
		return e;
	json_object_clear(view);
	json_object_set_new(view, "created", d);
	w->redirect = arena_printf(r->arena, "/dossiers/%lld", (long long)id);
	return ERR_OK;
}

/* ---- the public register --------------------------------------------------- */

/* The 2025 provinces as choices for the filters. */
static json_t *
province_choices(struct req *r, struct web *w, const char *current)
{
	struct unit_query q = { .structure = "2025", .level = "province",
	    .limit = 100 };
	struct unit_list l;
	struct errinfo ei;
	json_t *a = json_array();

	json_array_append_new(a, json_pack("{s:s, s:o, s:b}", "value", "",
	    "label", jval_string(msg_get(w->lang, "nationwide")), "selected",
	    current == NULL));
	if (units_list(w->db, r->arena, &q, &l, &ei) == ERR_OK)
		for (size_t i = 0; i < l.n; i++) {
			const char *v = arena_printf(r->arena, "%s:%s",
			    l.items[i].structure, l.items[i].code);

			json_array_append_new(a, json_pack("{s:s, s:o, s:b}",
			    "value", v, "label", jval_string(l.items[i].name),
			    "selected", current != NULL && strcmp(current,
			    v) == 0));
		}
	return a;
}

/* The filters the register's and the watch list's links keep (each
 * declared in the route's query table: web_qtext reads only those). */
static const char *const register_keep[] = { "name", "province", "year",
	"title", "limit", "sort", "dir", NULL };
static const char *const watch_keep[] = { "province", "title", "limit",
	"sort", "dir", NULL };

/*
 * The column headers of a sortable list as links (no script needed):
 * "sorts": {word: {href, mark, aria}}, each link keeping the filters of
 * keep but going back to the first page, the current column's link
 * reversing its order.  def/def_desc: the column the list is in when
 * the query names none (NULL: none marked).
 */
static void
sort_links(struct req *r, struct web *w, json_t *view,
    const char *const keep[], const char *path, const char *const words[],
    const char *def, bool def_desc)
{
	const char *cur = web_qtext(w, "sort"), *dir = web_qtext(w, "dir");
	bool desc = cur != NULL ? dir != NULL && strcmp(dir, "desc") == 0 :
	    def_desc;
	json_t *sorts = json_object();

	if (cur == NULL)
		cur = def;
	for (size_t i = 0; words[i] != NULL; i++) {
		bool on = cur != NULL && strcmp(cur, words[i]) == 0;
		struct buf q;

		buf_init(&q, 4096);
		for (size_t k = 0; keep[k] != NULL; k++) {
			const char *v = web_qtext(w, keep[k]);

			if (strcmp(keep[k], "sort") == 0 ||
			    strcmp(keep[k], "dir") == 0 || v == NULL || v[0] == '\0')
				continue;
			if (url_query_add(&q, keep[k], v) != ERR_OK)
				break;
		}
		if (url_query_add(&q, "sort", words[i]) != ERR_OK ||
		    url_query_add(&q, "dir", on && !desc ? "desc" : "asc") !=
		    ERR_OK)
			buf_reset(&q);
		json_object_set_new(sorts, words[i], json_pack("{s:s, s:s, s:s}",
		    "href", arena_printf(r->arena, "%s?%s", path, buf_cstr(&q)),
		    "mark", on ? (desc ? "\xc2\xa0▼" : "\xc2\xa0▲") : "",
		    "aria", on ? (desc ? "descending" : "ascending") : "none"));
		buf_free(&q);
	}
	json_object_set_new(view, "sorts", sorts);
	/* the filter form keeps the order asked for */
	json_object_set_new(view, "order", web_qtext(w, "sort") == NULL ?
	    json_null() : json_pack("{s:s, s:s}", "sort", web_qtext(w, "sort"),
	    "dir", desc ? "desc" : "asc"));
}

/* "Các mục 1–100 / 5.467" for a page of a paged list, or JSON null when
 * the page shows nothing. */
static json_t *
range_text(struct req *r, struct web *w, int64_t offset, int64_t shown,
    int64_t total)
{
	if (shown <= 0)
		return json_null();
	return jval_string(arena_printf(r->arena, "%s %s–%s / %s",
	    msg_get(w->lang, "dos_register_range"),
	    numfmt_int_a(r->arena, offset + 1, w->lang),
	    numfmt_int_a(r->arena, offset + shown, w->lang),
	    numfmt_int_a(r->arena, total, w->lang)));
}

static const char *
register_link(struct req *r, struct web *w, const char *path,
    int64_t offset)
{
	return web_keep_link(r, w, register_keep, path, offset);
}

static const char *
watch_link(struct req *r, struct web *w, const char *path, int64_t offset)
{
	return web_keep_link(r, w, watch_keep, path, offset);
}

/* The order the query asks for (checked by the route's choices). */
static void
sort_filter(struct web *w, struct dos_filter *f)
{
	const char *dir = web_qtext(w, "dir");

	f->sort = web_qtext(w, "sort");
	f->desc = dir != NULL && strcmp(dir, "desc") == 0;
}

/* The register's filters from the query; limit: the page's. */
static void
register_filter(struct web *w, struct dos_filter *f, int64_t limit,
    int64_t offset)
{
	f->year = (int)web_qint(w, "year", 0);
	f->title = web_qtext(w, "title");
	f->province = web_qtext(w, "province");
	f->name = web_qtext(w, "name");
	f->limit = limit;
	f->offset = offset;
	sort_filter(w, f);
}

enum err
dosw_register_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct dos_filter f = { 0 };
	json_t *list, *it;
	size_t i;
	int64_t limit = web_qint(w, "limit", 100), offset = web_qint(w,
	    "offset", 0), total, shown;
	enum err e;

	register_filter(w, &f, limit, offset);
	if ((e = dos_register(w->db, &f, &list, ei)) != ERR_OK)
		return e;
	jval_merge(view, list);
	json_object_set_new(view, "title", jval_string(msg_get(w->lang,
	    "dos_register")));
	if (w->json)
		return ERR_OK;
	/* Every key a row's template reads is set on the row, null when it
	 * has none: a name missing from a row would be looked up in the
	 * rows around it (the first row the page tests for), and an entry
	 * without a dossier would show another entry's decision. */
	json_array_foreach(json_object_get(view, "items"), i, it) {
		const char *name, *ref;
		json_t *rv = json_object_get(it, "revoked"),
		    *u = json_object_get(it, "unit");
		int64_t did = jval_int(it, "dossier_id", 0);

		dosw_unit(r, u, &name, &ref);
		json_object_set_new(it, "unit_name", jval_string(name));
		json_object_set_new(it, "unit_href", jval_string(arena_printf(
		    r->arena, "/units/%s/%s", jval_str(u, "structure"),
		    jval_str(u, "code"))));
		json_object_set_new(it, "unit_parent", jval_str(u, "parent") ?
		    jval_string(jval_str(u, "parent")) : json_null());
		json_object_set_new(it, "title_label", jval_string(
		    dosw_title_label(w, jval_str(it, "title"))));
		json_object_set_new(it, "date_text", jval_string(date_display(
		    r->arena, jval_str(it, "decision_date"), w->lang)));
		if (json_is_object(rv))
			json_object_set_new(rv, "at_text", jval_string(date_display(
			    r->arena, jval_str(rv, "at"), w->lang)));
		if (jval_str(it, "signer") == NULL)
			json_object_set_new(it, "signer", json_null());
		json_object_set_new(it, "decision_href", did > 0 ? jval_string(
		    arena_printf(r->arena, "/dossiers/%lld/decision.pdf",
		    (long long)did)) : json_null());
	}
	total = jval_int(view, "total", 0);
	shown = (int64_t)json_array_size(json_object_get(view, "items"));
	json_object_set_new(view, "has_items", json_boolean(shown > 0));
	json_object_set_new(view, "range_text", range_text(r, w, offset,
	    shown, total));
	if (offset > 0)
		json_object_set_new(view, "prev_href", jval_string(register_link(
		    r, w, "/recognitions", offset > limit ? offset - limit : 0)));
	if (offset + shown < total)
		json_object_set_new(view, "next_href", jval_string(register_link(
		    r, w, "/recognitions", offset + limit)));
	json_object_set_new(view, "csv_href", jval_string(register_link(r, w,
	    "/recognitions.csv", -1)));
	json_object_set_new(view, "xlsx_href", jval_string(register_link(r, w,
	    "/recognitions.xlsx", -1)));
	sort_links(r, w, view, register_keep, "/recognitions",
	    dos_register_sorts, "decided", true);
	json_object_set_new(view, "titles", dosw_title_choices(w,
	    web_qtext(w, "title"), true));
	json_object_set_new(view, "provinces", province_choices(r, w,
	    web_qtext(w, "province")));
	json_object_set_new(view, "filter_year", jval_string(web_qtext(w,
	    "year")));
	json_object_set_new(view, "filter_name", jval_string(web_qtext(w,
	    "name")));
	return ERR_OK;
}

/* list (stolen) written by write as the response: a CSV or XLSX
 * attachment named name.csv / name.xlsx. */
static enum err
send_table(struct req *r, struct web *w, enum err (*write)(json_t *,
    const char *, struct buf *, struct errinfo *), json_t *list, bool xlsx,
    const char *name, struct errinfo *ei)
{
	enum err e;

	buf_reset(&r->out);
	e = write(list, w->lang, &r->out, ei);
	json_decref(list);
	if (e != ERR_OK)
		return e;
	r->status = 200;
	r->content_type = xlsx ? "application/"
	    "vnd.openxmlformats-officedocument.spreadsheetml.sheet" :
	    "text/csv; charset=utf-8";
	http_add_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"%s.%s\"", name, xlsx ? "xlsx" : "csv"));
	return ERR_OK;
}

/* The register as a download: every entry the filters select (all
 * pages, up to DOSW_EXPORT_MAX). */
#define DOSW_EXPORT_MAX	200000

static enum err
register_download(struct req *r, struct web *w, bool xlsx,
    struct errinfo *ei)
{
	struct dos_filter f = { 0 };
	json_t *list;
	enum err e;

	register_filter(w, &f, DOSW_EXPORT_MAX, 0);
	if ((e = dos_register(w->db, &f, &list, ei)) != ERR_OK)
		return e;
	return send_table(r, w, xlsx ? dos_register_xlsx : dos_register_csv,
	    list, xlsx, "recognitions", ei);
}

enum err
dosw_register_csv(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	(void)view;
	return register_download(r, w, false, ei);
}

enum err
dosw_register_xlsx(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	(void)view;
	return register_download(r, w, true, ei);
}

/* ---- continuous compliance --------------------------------------------------- */

enum err
dosw_watch_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct dos_filter f = { 0 };
	json_t *list, *it;
	size_t i;
	enum err e;

	f.province = web_qtext(w, "province");
	f.title = web_qtext(w, "title");
	f.limit = web_qint(w, "limit", 100);
	f.offset = web_qint(w, "offset", 0);
	f.roles = DOSW_WATCHERS;
	sort_filter(w, &f);
	if ((e = dos_watch(w->db, w->who, &f, &list, ei)) != ERR_OK)
		return e;
	jval_merge(view, list);
	json_object_set_new(view, "title", jval_string(msg_get(w->lang,
	    "dos_watch")));
	if (w->json)
		return ERR_OK;
	json_array_foreach(json_object_get(view, "items"), i, it) {
		const char *name, *ref;
		int64_t open = jval_int(it, "open_case", 0);

		dosw_unit(r, json_object_get(it, "unit"), &name, &ref);
		json_object_set_new(it, "unit_name", jval_string(name));
		json_object_set_new(it, "unit_ref", jval_string(ref));
		json_object_set_new(it, "title_label", jval_string(
		    dosw_title_label(w, jval_str(it, "title"))));
		/* null, not missing: a missing key would be read from the
		 * first row (the template's {{#items.0}}). */
		json_object_set_new(it, "case_href", open > 0 ? jval_string(
		    arena_printf(r->arena, "/dossiers/%lld", (long long)open)) :
		    json_null());
	}
	{
		int64_t limit = f.limit, offset = f.offset,
		    total = jval_int(view, "total", 0), shown = (int64_t)
		    json_array_size(json_object_get(view, "items"));

		json_object_set_new(view, "range_text", range_text(r, w,
		    offset, shown, total));
		if (offset > 0)
			json_object_set_new(view, "prev_href", jval_string(
			    watch_link(r, w, "/recognitions/watch", offset >
			    limit ? offset - limit : 0)));
		if (offset + shown < total)
			json_object_set_new(view, "next_href", jval_string(
			    watch_link(r, w, "/recognitions/watch",
			    offset + limit)));
		json_object_set_new(view, "csv_href", jval_string(watch_link(
		    r, w, "/recognitions/watch.csv", -1)));
		json_object_set_new(view, "xlsx_href", jval_string(
		    watch_link(r, w, "/recognitions/watch.xlsx", -1)));
	}
	sort_links(r, w, view, watch_keep, "/recognitions/watch",
	    dos_watch_sorts, NULL, false);
	json_object_set_new(view, "can_open", json_boolean(web_holds(w,
	    DOSW_REVOKERS)));
	json_object_set_new(view, "provinces", province_choices(r, w,
	    web_qtext(w, "province")));
	json_object_set_new(view, "titles", dosw_title_choices(w,
	    web_qtext(w, "title"), true));
	return ERR_OK;
}

/* The watch list as a download: every unit the filters select. */
static enum err
watch_download(struct req *r, struct web *w, bool xlsx, struct errinfo *ei)
{
	struct dos_filter f = { 0 };
	json_t *list;
	enum err e;

	f.province = web_qtext(w, "province");
	f.title = web_qtext(w, "title");
	f.limit = DOSW_EXPORT_MAX;
	f.roles = DOSW_WATCHERS;
	sort_filter(w, &f);
	if ((e = dos_watch(w->db, w->who, &f, &list, ei)) != ERR_OK)
		return e;
	if ((e = send_table(r, w, xlsx ? dos_watch_xlsx : dos_watch_csv, list,
	    xlsx, "recognitions-watch", ei)) == ERR_OK)
		http_add_header(r, "Cache-Control", "no-store");
	return e;
}

enum err
dosw_watch_csv(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	(void)view;
	return watch_download(r, w, false, ei);
}

enum err
dosw_watch_xlsx(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	(void)view;
	return watch_download(r, w, true, ei);
}

enum err
dosw_watch_form_view(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return dosw_page_once(dosw_watch_page, r, w, view, ei);
}

enum err
dosw_revocation_open(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const char *title, *note;
	int64_t id;
	json_t *d;
	enum err e;

	if (!w->json && (e = dosw_watch_page(r, w, view, ei)) != ERR_OK)
		return e;
	if ((e = web_field(r, w, "title", 20, true, &title, ei)) != ERR_OK ||
	    (e = web_field(r, w, "note", DOS_TEXT_MAX, false, &note, ei)) !=
	    ERR_OK)
		return e;
	db_end_reads(w->db);
	if ((e = dos_revocation_open(w->db, w->who, w->unit_structure,
	    w->unit_code, title, note, &id, ei)) != ERR_OK ||
	    (e = dos_get(w->db, w->who, id, w->lang, &d, ei)) != ERR_OK)
		return e;
	json_object_clear(view);
	json_object_set_new(view, "created", d);
	w->redirect = arena_printf(r->arena, "/dossiers/%lld", (long long)id);
	return ERR_OK;
}
