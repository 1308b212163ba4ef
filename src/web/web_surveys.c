/*
 * web_surveys.c - the HTTP API and pages of citizen satisfaction surveys:
 * the route table, the helpers the module's files share
 * (web_surveys_internal.h), and the questionnaires.
 *
 *   GET  /surveys                      list: the caller's and the templates
 *   POST /surveys                      new: a document, a file, or a copy
 *   GET  /surveys/{id}/export          the document as a download
 *   GET  /surveys/{id}                 the designer page, and
 *   POST /surveys/{id}                 replacing the document or adding a
 *                                      question: web_surveys_design.c
 *   GET  /surveys/{id}/results         results of the newest campaign
 *   campaigns, codes, data entry       web_surveys_campaigns.c
 *   /s/{id}                            web_surveys_public.c
 *   results, exports, comments         web_surveys_results.c
 *
 * Roles are the router's, from the table below.  A survey's or a
 * campaign's unit comes from the database, not the request, so the scope
 * of those routes is checked here with auth_can (403 like the router's).
 * Writes pass the caller as the audit actor; responses are anonymous.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/text.h"
#include "core/url.h"
#include "web/web_surveys_internal.h"

static const struct qfield list_query[] = {
	QF_LIMIT,
	QF_OFFSET,
};

static const struct qfield campaigns_query[] = {
	{ "unit", Q_TEXT, 0, 0, 64, NULL },
	QF_LIMIT,
	QF_OFFSET,
};

static const struct qfield batch_query[] = {
	{ "batch", Q_INT, 0, 1000000000, 0, NULL },
};

static const struct qfield pdf_query[] = {
	{ "batch", Q_INT, 0, 1000000000, 0, NULL },
	{ "part", Q_INT, 1, 1000, 0, NULL },
};

static const struct qfield entry_query[] = {
	{ "saved", Q_INT, 0, 1, 0, NULL },
};

static const struct qfield code_query[] = {
	{ "code", Q_TEXT, 0, 0, SURVW_CODE_TYPED_MAX, NULL },
};

const struct route surveys_routes[] = {
	/* questionnaires (this file) */
	{ .method = "GET", .pattern = "/surveys",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "surveys/list",
	  .fn = survw_list_page, QUERY(list_query),
	  .roles = ROLES_SIGNED_IN },
	{ .method = "POST", .pattern = "/surveys",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "surveys/list",
	  .fn = survw_create, QUERY(list_query), .roles = SURVW_OFFICIALS,
	  .scope = &scope_body_unit, .form_view = survw_list_form_view },
	{ .method = "GET", .pattern = "/surveys/{id}",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "surveys/design",
	  .fn = survw_design_page, .roles = SURVW_OFFICIALS },
	{ .method = "POST", .pattern = "/surveys/{id}",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "surveys/design",
	  .fn = survw_update, .roles = SURVW_OFFICIALS,
	  .form_view = survw_design_form_view },
	{ .method = "GET", .pattern = "/surveys/{id}/export",
	  .flags = ROUTE_RAW, .fn = survw_export, .roles = SURVW_OFFICIALS },
	{ .method = "GET", .pattern = "/surveys/{id}/results",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "surveys/results",
	  .fn = survw_survey_results, .roles = ROLES_PUBLIC },
	/* campaigns (web_surveys_campaigns.c) */
	{ .method = "POST", .pattern = "/surveys/{id}/campaigns",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "surveys/design",
	  .fn = survw_campaign_create, .roles = SURVW_OFFICIALS,
	  .scope = &scope_body_unit, .form_view = survw_design_form_view },
	{ .method = "GET", .pattern = "/campaigns",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "surveys/campaigns",
	  .fn = survw_campaigns_page, QUERY(campaigns_query),
	  .roles = SURVW_OFFICIALS, .scope = &scope_query_unit },
	{ .method = "GET", .pattern = "/campaigns/{id}",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "surveys/campaign",
	  .fn = survw_campaign_page, QUERY(batch_query),
	  .roles = SURVW_OFFICIALS },
	{ .method = "POST", .pattern = "/campaigns/{id}/close",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "surveys/campaign",
	  .fn = survw_campaign_close, QUERY(batch_query),
	  .roles = SURVW_OFFICIALS, .form_view = survw_campaign_form_view },
	{ .method = "POST", .pattern = "/campaigns/{id}/codes",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "surveys/campaign",
	  .fn = survw_codes_issue, QUERY(batch_query),
	  .roles = SURVW_OFFICIALS, .form_view = survw_campaign_form_view },
	{ .method = "GET", .pattern = "/campaigns/{id}/codes.pdf",
	  .flags = ROUTE_RAW, .fn = survw_codes_pdf, QUERY(pdf_query),
	  .roles = SURVW_OFFICIALS },
	{ .method = "GET", .pattern = "/campaigns/{id}/entry",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "surveys/entry",
	  .fn = survw_entry_page, QUERY(entry_query), .roles = SURVW_ENTRY },
	{ .method = "POST", .pattern = "/campaigns/{id}/entry",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "surveys/entry",
	  .fn = survw_entry_post, QUERY(entry_query), .roles = SURVW_ENTRY,
	  .form_view = survw_entry_form_view },
	/* results (web_surveys_results.c) */
	{ .method = "GET", .pattern = "/campaigns/{id}/results",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "surveys/results",
	  .fn = survw_results_page, .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/campaigns/{id}/results.csv",
	  .flags = ROUTE_RAW, .fn = survw_results_csv, .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/campaigns/{id}/results.xlsx",
	  .flags = ROUTE_RAW, .fn = survw_results_xlsx, .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/campaigns/{id}/responses",
	  .flags = ROUTE_API, .fn = survw_responses, .roles = SURVW_OFFICIALS },
	{ .method = "POST", .pattern = "/campaigns/{id}/comments/{cid}/hide",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "surveys/results",
	  .fn = survw_comment_hide, .roles = SURVW_OFFICIALS },
	{ .method = "POST", .pattern = "/campaigns/{id}/comments/{cid}/show",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "surveys/results",
	  .fn = survw_comment_show, .roles = SURVW_OFFICIALS },
	/*
	 * The public form (web_surveys_public.c).  Citizens have no session,
	 * so the POST needs no CSRF token (ROUTE_NOCSRF): access.c asks for
	 * one only on writes authenticated by a session cookie anyway, and a
	 * response does nothing as the signed-in user - it is anonymous, the
	 * same whoever sends it - so a forged cross-site submission gains
	 * nothing a direct one would not.
	 */
	{ .method = "GET", .pattern = "/s/{id}",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "surveys/form",
	  .fn = survw_public_page, QUERY(code_query),
	  .roles = ROLES_PUBLIC },
	{ .method = "POST", .pattern = "/s/{id}",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM | ROUTE_NOCSRF,
	  .tmpl = "surveys/form", .fn = survw_public_post, QUERY(code_query),
	  .roles = ROLES_PUBLIC, .form_view = survw_public_form_view },
	{ .method = "GET", .pattern = "/s/{id}/thanks",
	  .flags = ROUTE_HTML, .tmpl = "surveys/thanks",
	  .fn = survw_thanks_page, .roles = ROLES_PUBLIC },
	{ .method = NULL }
};

/* ---- helpers shared by the module's files ------------------------------- */

void
survw_actor(struct web *w, unsigned mask, const char *structure,
    const char *code, struct audit_actor *out)
{
	const struct role_binding *b;

	memset(out, 0, sizeof(*out));
	if (w->who == NULL)
		return;
	out->user_id = w->who->user_id;
	out->username = w->who->username;
	b = auth_acting_binding(w->db, w->who, mask,
	    structure ? structure : "2025", code ? code : "VN");
	if (b != NULL) {
		out->role = role_names[b->role];
		out->structure = b->structure;
		out->unit_code = b->unit_code;
	}
}

enum err
survw_campaign_owner(struct web *w, int64_t id, char s[16], char c[32],
    bool *owner, struct errinfo *ei)
{
	enum err e;

	*owner = false;
	if ((e = surv_campaign_unit(w->db, id, s, c, ei)) != ERR_OK)
		return e;
	*owner = web_can(w, SURVW_OFFICIALS, s, c);
	return ERR_OK;
}

enum err
survw_require_owner(struct web *w, int64_t id, struct errinfo *ei)
{
	char s[16], c[32];
	bool owner;
	enum err e;

	if ((e = survw_campaign_owner(w, id, s, c, &owner, ei)) != ERR_OK)
		return e;
	if (!owner)
		return err_set_vi(ei, ERR_FORBIDDEN, "auth.out_of_scope", NULL,
		    "đợt khảo sát này thuộc đơn vị nằm ngoài phạm vi của bạn");
	return ERR_OK;
}

enum err
survw_survey_get(struct web *w, int64_t id, unsigned mask, bool write,
    json_t **out, struct errinfo *ei)
{
	json_t *s;
	enum err e;

	*out = NULL;
	if ((e = surv_get(w->db, id, &s, ei)) != ERR_OK)
		return e;
	if ((!write && json_is_true(json_object_get(s, "is_template"))) ||
	    web_can(w, mask, jval_str(s, "structure"),
	    jval_str(s, "unit_code"))) {
		*out = s;
		return ERR_OK;
	}
	json_decref(s);
	return err_set_vi(ei, ERR_FORBIDDEN, "auth.out_of_scope", NULL,
	    write ? "bảng hỏi này thuộc đơn vị nằm ngoài phạm vi của bạn "
	    "(mẫu chỉ sửa được ở cấp trung ương)" :
	    "bảng hỏi này thuộc đơn vị nằm ngoài phạm vi của bạn");
}

/* A host as a client may send it: letters, digits, '.', '-', ':' and
 * brackets (IPv6), at most 255 bytes. */
static bool
host_ok(const char *h)
{
	size_t n = 0;

	if (h == NULL || h[0] == '\0')
		return false;
	for (; h[n] != '\0'; n++)
		if (!isalnum((unsigned char)h[n]) && strchr(".-:[]", h[n]) == NULL)
			return false;
	return n <= 255;
}

const char *
survw_public_base(struct req *r)
{
	const char *env = getenv("NTM_PUBLIC_URL");
	const char *host = http_header(r, "Host");
	const char *proto = http_header(r, "X-Forwarded-Proto");

	if (env != NULL && (strncmp(env, "https://", 8) == 0 ||
	    strncmp(env, "http://", 7) == 0) && env[strspn(env,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	    "-._~:/[]@%")] == '\0') {
		size_t n = strlen(env);

		while (n > 0 && env[n - 1] == '/')
			n--;
		return arena_strndup(r->arena, env, n);
	}
	if (!host_ok(host))
		return "";
	return arena_printf(r->arena, "%s://%s", proto != NULL &&
	    strcmp(proto, "https") == 0 ? "https" : "http", host);
}

const char *
survw_client_key(struct req *r)
{
	const char *behind = getenv("NTM_BEHIND_PROXY");
	const char *xff = http_header(r, "X-Forwarded-For");

	if (behind != NULL && strcmp(behind, "1") == 0 && xff != NULL) {
		/* nginx appends the address it saw: the last entry is the
		 * only one a client cannot choose. */
		const char *last = strrchr(xff, ',');

		last = last ? last + 1 : xff;
		while (*last == ' ')
			last++;
		if (last[0] != '\0' && strlen(last) <= 64)
			return arena_strdup(r->arena, last);
	}
	return http_client_addr(r);
}

const char *
survw_pct(struct arena *a, double x, const char *lang)
{
	char *s;

	if (!isfinite(x))
		return "—";
	s = arena_printf(a, "%.1f", x);
	if (strcmp(lang, "vi") == 0)
		for (char *p = s; *p; p++)
			if (*p == '.')
				*p = ',';
	return s;
}

enum err
survw_body_number(struct req *r, struct web *w, const char *name,
    bool required, double *out, bool *present, struct errinfo *ei)
{
	json_t *j = w->body ? json_object_get(w->body, name) : NULL;
	char buf[64], *end;
	const char *s;
	size_t n = 0;
	enum err e;
	double x;

	*present = false;
	if (json_is_number(j)) {
		*out = json_number_value(j);
		*present = true;
		return ERR_OK;
	}
	if (j != NULL && !json_is_null(j) && !json_is_string(j))
		return err_set_vi(ei, ERR_INVALID, "request.bad_number", name,
		    "trường %s phải là một số", name);
	if ((e = web_field(r, w, name, 32, required, &s, ei)) != ERR_OK ||
	    s == NULL)
		return e;
	for (; *s == ' '; s++)
		;
	for (; *s != '\0' && n < sizeof(buf) - 1; s++)
		buf[n++] = *s == ',' ? '.' : *s;
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	x = n > 0 ? strtod(buf, &end) : 0;
	if (n == 0 || *end != '\0' || !isfinite(x))
		return err_set_vi(ei, ERR_INVALID, "request.bad_number", name,
		    "trường %s phải là một số, ví dụ 90 hoặc 92,5", name);
	*out = x;
	*present = true;
	return ERR_OK;
}

const char *
survw_state_label(struct web *w, const char *state)
{
	if (state == NULL)
		return NULL;
	if (strcmp(state, "open") == 0)
		return msg_get(w->lang, "surv_state_open");
	if (strcmp(state, "closed") == 0)
		return msg_get(w->lang, "surv_state_closed");
	if (strcmp(state, "scheduled") == 0)
		return msg_get(w->lang, "surv_state_scheduled");
	return state;
}

/* ---- the list ------------------------------------------------------------ */

/* surv_list's filter: the caller's official scope. */
static bool
visible(void *ctx, const char *structure, const char *code)
{
	return web_can(ctx, SURVW_OFFICIALS, structure, code);
}

const char *
survw_default_unit(struct req *r, const struct web *w)
{
	if (w->who == NULL)
		return NULL;
	for (size_t i = 0; i < w->who->nroles; i++)
		if (SURVW_OFFICIALS & ROLE_BIT(w->who->roles[i].role))
			return arena_printf(r->arena, "%s:%s",
			    w->who->roles[i].structure,
			    w->who->roles[i].unit_code);
	return NULL;
}

enum err
survw_list_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	json_t *list, *it, *templates, *own;
	size_t i;
	enum err e;

	if ((e = surv_list(w->db, visible, w, web_qint(w, "limit", 50),
	    web_qint(w, "offset", 0), &list, ei)) != ERR_OK)
		return e;
	jval_merge(view, list);
	json_object_set_new(view, "title",
	    jval_string(msg_get(w->lang, "surv_surveys")));
	if (w->json)
		return ERR_OK;
	templates = json_array();
	own = json_array();
	json_array_foreach(json_object_get(view, "items"), i, it) {
		json_object_set_new(it, "href", jval_string(arena_printf(r->arena,
		    "/surveys/%lld", (long long)json_integer_value(
		    json_object_get(it, "id")))));
		json_array_append(json_is_true(json_object_get(it,
		    "is_template")) ? templates : own, it);
	}
	json_object_set_new(view, "templates", templates);
	json_object_set_new(view, "own", own);
	json_object_set_new(view, "can_create",
	    json_boolean(web_holds(w, SURVW_OFFICIALS)));
	json_object_set_new(view, "default_unit",
	    jval_string(survw_default_unit(r, w)));
	return ERR_OK;
}

/* A refused form keeps the page its handler built; only a form the
 * router refused is built here. */
enum err
survw_list_form_view(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	if (json_object_get(view, "own") != NULL)
		return ERR_OK;
	return survw_list_page(r, w, view, ei);
}

enum err
survw_document_text(struct req *r, struct web *w, const char **out, size_t *len,
    struct errinfo *ei)
{
	json_t *d = w->body ? json_object_get(w->body, "document") : NULL;
	enum err e;

	*out = NULL;
	if (json_is_object(d)) {
		char *s = json_dumps(d, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

		if (s == NULL)
			return err_set_vi(ei, ERR_SYS, NULL, NULL,
			    "không đọc được tài liệu");
		*out = arena_strdup(r->arena, s);
		free(s);
		*len = strlen(*out);
		return ERR_OK;
	}
	if ((e = web_field(r, w, "document", SURV_DOC_MAX, false, out, ei)) !=
	    ERR_OK)
		return e;
	if (*out == NULL && w->body == NULL && (e = web_field(r, w, "file",
	    SURV_DOC_MAX, false, out, ei)) != ERR_OK)
		return e;
	if (*out == NULL)
		return err_set_vi(ei, ERR_INVALID, "request.missing", "document",
		    "thiếu bảng hỏi: dán nội dung JSON, chọn tệp hoặc chọn "
		    "một mẫu");
	*len = strlen(*out);	/* web_field's NFC text */
	return ERR_OK;
}

/* The id of a survey to copy ("template"), 0 when none. */
static enum err
template_id(struct req *r, struct web *w, int64_t *id, struct errinfo *ei)
{
	json_t *j = w->body ? json_object_get(w->body, "template") : NULL;
	const char *s;
	char *end;
	enum err e;

	*id = 0;
	if (json_is_integer(j)) {
		*id = json_integer_value(j);
		return ERR_OK;
	}
	if (j != NULL && !json_is_null(j) && !json_is_string(j))
		return err_set_vi(ei, ERR_INVALID, "request.bad_field", "template",
		    "template phải là số của một bảng hỏi");
	if ((e = web_field(r, w, "template", 20, false, &s, ei)) != ERR_OK ||
	    s == NULL)
		return e;
	*id = strtoll(s, &end, 10);
	if (*end != '\0' || *id <= 0)
		return err_set_vi(ei, ERR_INVALID, "request.bad_field", "template",
		    "template phải là số của một bảng hỏi");
	return ERR_OK;
}

enum err
survw_create(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct audit_actor who;
	const char *text;
	json_t *src = NULL, *s;
	size_t len = 0;
	int64_t tid, id;
	enum err e;

	if (!w->json && (e = survw_list_page(r, w, view, ei)) != ERR_OK)
		return e;
	if ((e = template_id(r, w, &tid, ei)) != ERR_OK)
		return e;
	if (tid > 0) {
		/* A copy: of a template, or of a survey the caller may read. */
		char *d;

		if ((e = survw_survey_get(w, tid, SURVW_OFFICIALS, false, &src,
		    ei)) != ERR_OK) {
			if (e == ERR_NOTFOUND)
				ei->err = e = ERR_INVALID;
			snprintf(ei->field, sizeof(ei->field), "template");
			return e;
		}
		d = json_dumps(json_object_get(src, "document"), JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER);
		json_decref(src);
		if (d == NULL)
			return err_set_vi(ei, ERR_SYS, NULL, NULL,
			    "không đọc được bảng hỏi mẫu");
		text = arena_strdup(r->arena, d);
		len = strlen(text);
		free(d);
	} else if ((e = survw_document_text(r, w, &text, &len, ei)) != ERR_OK)
		return e;
	survw_actor(w, SURVW_OFFICIALS, w->unit_structure, w->unit_code, &who);
	if ((e = surv_create(w->db, &who, w->unit_structure, w->unit_code, text,
	    len, &id, ei)) != ERR_OK)
		return e;
	if ((e = surv_get(w->db, id, &s, ei)) != ERR_OK)
		return e;
	json_object_clear(view);
	json_object_set_new(view, "created", s);
	w->redirect = arena_printf(r->arena, "/surveys/%lld", (long long)id);
	return ERR_OK;
}

enum err
survw_export(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *s;
	char *text;
	int64_t id;
	enum err e;

	(void)view;
	if ((e = web_path_id(r, "id", "surveys.not_found", &id, ei)) != ERR_OK ||
	    (e = survw_survey_get(w, id, SURVW_OFFICIALS, false, &s, ei)) !=
	    ERR_OK)
		return e;
	text = json_dumps(json_object_get(s, "document"), JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER);
	json_decref(s);
	if (text == NULL)
		return err_set_vi(ei, ERR_SYS, NULL, NULL, "không xuất được bảng hỏi");
	buf_reset(&r->out);
	e = buf_puts(&r->out, text);
	if (e == ERR_OK)
		e = buf_putc(&r->out, '\n');
	free(text);
	if (e != ERR_OK)
		return err_set_vi(ei, e, NULL, NULL, "bảng hỏi quá lớn để xuất");
	r->status = 200;
	r->content_type = "application/json";
	http_add_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"survey-%lld.json\"", (long long)id));
	http_add_header(r, "Cache-Control", "no-store");
	return ERR_OK;
}
