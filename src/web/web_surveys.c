/*
 * web_surveys.c - the HTTP API and pages of citizen satisfaction surveys:
 * the route table, the scopes of its records, the helpers the module's
 * files share (web_surveys_internal.h), and the questionnaires.
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
 * Access is the router's rule (web.h), from the table below: its roles,
 * and the unit of what a route acts on - a questionnaire's (a template is
 * shared: every official reads it, the country's officials change it), a
 * campaign's (a village team also enters the paper questionnaires of its
 * commune's campaigns), or the unit named in the body when a record is
 * created.  The public form and the results resolve the campaign for
 * everyone (ROUTE_SCOPE_SOFT): the form is anyone's, and the results
 * follow the publication rule of the store (surv_results_readable).
 * Writes pass the binding that admitted them as the audit actor;
 * responses are anonymous.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/numfmt.h"
#include "core/text.h"
#include "core/url.h"
#include "web/web_surveys_internal.h"
#include "web/web_doc.h"

/* ---- the scopes of the module's records ---------------------------------- */

/* A unit read from the store, into the target (the router checks it). */
static void
target_unit(struct req *r, struct scope_target *t, const char *structure,
    const char *code)
{
	t->structure = arena_strdup(r->arena, structure);
	t->code = arena_strdup(r->arena, code);
	t->field = "id";
}

/* {id} of /surveys/{id}...: the questionnaire's unit; a template is
 * shared for reads. */
static enum err
resolve_survey(struct req *r, struct web *w, struct scope_target *t,
    struct errinfo *ei)
{
	char s[16], c[32];
	enum err e;

	if ((e = web_path_id(r, "id", "surveys.not_found", &t->id, ei)) !=
	    ERR_OK ||
	    (e = surv_unit(w->db, t->id, s, c, &t->shared, ei)) != ERR_OK)
		return e;
	target_unit(r, t, s, c);
	return ERR_OK;
}

/* {id} of /campaigns/{id}... and /s/{id}: the campaign's unit. */
static enum err
resolve_campaign(struct req *r, struct web *w, struct scope_target *t,
    struct errinfo *ei)
{
	char s[16], c[32];
	enum err e;

	if ((e = web_path_id(r, "id", "surveys.campaign_not_found", &t->id,
	    ei)) != ERR_OK)
		return e;
	/* The second pass of a deferred submission (web_surveys_public.c)
	 * only answers with the writer's result: the first pass resolved
	 * the campaign, and nothing is read again on the submission path. */
	if (r->resumed && r->defer_data != NULL)
		return ERR_OK;
	if ((e = surv_campaign_unit(w->db, t->id, s, c, ei)) != ERR_OK)
		return e;
	target_unit(r, t, s, c);
	return ERR_OK;
}

/* {id} of /surveys/{id}/results: what the route shows is the results of
 * the questionnaire's newest campaign, so the target is that campaign
 * (its id and unit), not the questionnaire. */
static enum err
resolve_newest_campaign(struct req *r, struct web *w, struct scope_target *t,
    struct errinfo *ei)
{
	char s[16], c[32];
	bool tmpl;
	int64_t sid;
	enum err e;

	if ((e = web_path_id(r, "id", "surveys.not_found", &sid, ei)) !=
	    ERR_OK ||
	    (e = surv_unit(w->db, sid, s, c, &tmpl, ei)) != ERR_OK ||
	    (e = surv_campaign_newest(w->db, sid, &t->id, ei)) != ERR_OK ||
	    (e = surv_campaign_unit(w->db, t->id, s, c, ei)) != ERR_OK)
		return e;
	target_unit(r, t, s, c);
	return ERR_OK;
}

const struct scope survw_scope_survey = { "survey", resolve_survey };
const struct scope survw_scope_campaign = { "campaign", resolve_campaign };
const struct scope survw_scope_newest_campaign = { "survey_newest_campaign",
	resolve_newest_campaign };

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

static const struct route_doc results_doc = {
	.summary = "Kết quả một đợt khảo sát (công khai khi đã đóng; câu trả "
	    "lời ẩn danh, nhóm nhỏ bị ẩn) / a survey campaign's results "
	    "(public once closed; answers anonymous, small groups suppressed)",
	.response = DOC_OBJ("\"campaign\", \"published\"",
	    DOC_P("campaign", DOC_OBJ("\"id\", \"title\", \"structure\", "
	    "\"unit_code\", \"state\"", DOC_P("id", DOC_INT) ", "
	    DOC_P("survey_id", DOC_INT) ", " DOC_P("title", DOC_STR) ", "
	    DOC_P("structure", DOC_STRUCTURE) ", " DOC_P("unit_code", DOC_STR)
	    ", " DOC_P("unit_name", DOC_STR) ", " DOC_P("state", DOC_STR) ", "
	    DOC_P("opens_on", DOC_DATE) ", " DOC_P("closes_on", DOC_DATE))) ", "
	    DOC_P("responses", DOC_INT) ", " DOC_P("coverage", DOC_NUM_NULL)
	    ", " DOC_P("rate", DOC_NUM_NULL) ", "
	    DOC_P("ci", "{\"type\": [\"array\", \"null\"], \"items\": "
	    "{\"type\": \"number\"}}") ", "
	    DOC_P("coverage_met", DOC_BOOL_NULL) ", "
	    DOC_P("rate_met", DOC_BOOL_NULL) ", " DOC_P("met", DOC_BOOL_NULL)
	    ", " DOC_P("questions", DOC_ARR(DOC_OBJ("\"id\", \"text\", "
	    "\"type\"", DOC_P("id", DOC_STR) ", " DOC_P("text", DOC_STR) ", "
	    DOC_P("type", DOC_STR) ", " DOC_P("answered", DOC_INT) ", "
	    DOC_P("rate", DOC_NUM_NULL) ", "
	    DOC_P("options", DOC_ARR(DOC_OBJ("\"id\", \"count\"",
	    DOC_P("id", DOC_STR) ", " DOC_P("text", DOC_STR) ", "
	    DOC_P("count", DOC_INT))))))) ", "
	    DOC_P("published", DOC_BOOL) ", " DOC_P("suppressed", DOC_BOOL)),
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
	  .fn = survw_design_page, .roles = SURVW_OFFICIALS,
	  .scope = &survw_scope_survey },
	{ .method = "POST", .pattern = "/surveys/{id}",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "surveys/design",
	  .fn = survw_update, .roles = SURVW_OFFICIALS,
	  .scope = &survw_scope_survey, .form_view = survw_design_form_view },
	{ .method = "GET", .pattern = "/surveys/{id}/export",
	  .flags = ROUTE_RAW, .fn = survw_export, .roles = SURVW_OFFICIALS,
	  .scope = &survw_scope_survey },
	{ .method = "GET", .pattern = "/surveys/{id}/results",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_SCOPE_SOFT,
	  .tmpl = "surveys/results", .fn = survw_survey_results,
	  .roles = ROLES_PUBLIC, .scope = &survw_scope_newest_campaign },
	/* campaigns (web_surveys_campaigns.c).  A new campaign's unit is
	 * the body's; the questionnaire it copies must be one the caller
	 * reads (survw_survey_readable). */
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
	  .roles = SURVW_OFFICIALS, .scope = &survw_scope_campaign },
	{ .method = "POST", .pattern = "/campaigns/{id}/close",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "surveys/campaign",
	  .fn = survw_campaign_close, QUERY(batch_query),
	  .roles = SURVW_OFFICIALS, .scope = &survw_scope_campaign,
	  .form_view = survw_campaign_form_view },
	{ .method = "POST", .pattern = "/campaigns/{id}/codes",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "surveys/campaign",
	  .fn = survw_codes_issue, QUERY(batch_query),
	  .roles = SURVW_OFFICIALS, .scope = &survw_scope_campaign,
	  .form_view = survw_campaign_form_view },
	{ .method = "POST", .pattern = "/campaigns/{id}/codes/replace",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "surveys/campaign",
	  .fn = survw_code_replace, QUERY(batch_query),
	  .roles = SURVW_OFFICIALS,
	  .scope = &survw_scope_campaign,
	  .form_view = survw_campaign_form_view },
	{ .method = "GET", .pattern = "/campaigns/{id}/codes.pdf",
	  .flags = ROUTE_RAW, .fn = survw_codes_pdf, QUERY(pdf_query),
	  .roles = SURVW_OFFICIALS, .scope = &survw_scope_campaign },
	/* data entry: the officials of the campaign's unit, and the village
	 * teams of villages inside it */
	{ .method = "GET", .pattern = "/campaigns/{id}/entry",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "surveys/entry",
	  .fn = survw_entry_page, QUERY(entry_query), .roles = SURVW_ENTRY,
	  .scope = &survw_scope_campaign,
	  .inside_roles = ROLE_BIT(ROLE_VILLAGE_OFFICER) },
	{ .method = "POST", .pattern = "/campaigns/{id}/entry",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "surveys/entry",
	  .fn = survw_entry_post, QUERY(entry_query), .roles = SURVW_ENTRY,
	  .scope = &survw_scope_campaign,
	  .inside_roles = ROLE_BIT(ROLE_VILLAGE_OFFICER),
	  .form_view = survw_entry_form_view },
	/* results (web_surveys_results.c): anyone once published */
	{ .method = "GET", .pattern = "/campaigns/{id}/results",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_SCOPE_SOFT,
	  .tmpl = "surveys/results", .fn = survw_results_page,
	  .roles = ROLES_PUBLIC, .scope = &survw_scope_campaign,
	  .doc = &results_doc },
	{ .method = "GET", .pattern = "/campaigns/{id}/results.csv",
	  .flags = ROUTE_RAW | ROUTE_SCOPE_SOFT, .fn = survw_results_csv,
	  .roles = ROLES_PUBLIC, .scope = &survw_scope_campaign },
	{ .method = "GET", .pattern = "/campaigns/{id}/results.xlsx",
	  .flags = ROUTE_RAW | ROUTE_SCOPE_SOFT, .fn = survw_results_xlsx,
	  .roles = ROLES_PUBLIC, .scope = &survw_scope_campaign },
	{ .method = "GET", .pattern = "/campaigns/{id}/responses",
	  .flags = ROUTE_API, .fn = survw_responses, .roles = SURVW_OFFICIALS,
	  .scope = &survw_scope_campaign },
	{ .method = "POST", .pattern = "/campaigns/{id}/comments/{cid}/hide",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "surveys/results",
	  .fn = survw_comment_hide, .roles = SURVW_OFFICIALS,
	  .scope = &survw_scope_campaign },
	{ .method = "POST", .pattern = "/campaigns/{id}/comments/{cid}/show",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "surveys/results",
	  .fn = survw_comment_show, .roles = SURVW_OFFICIALS,
	  .scope = &survw_scope_campaign },
	/*
	 * The public form (web_surveys_public.c), anyone's: the campaign is
	 * resolved for everyone (an unknown one is 404 before the handler).
	 * Citizens have no session, so the POST needs no CSRF token
	 * (ROUTE_NOCSRF): access.c asks for one only on writes authenticated
	 * by a session cookie anyway, and a response does nothing as the
	 * signed-in user - it is anonymous, the same whoever sends it - so a
	 * forged cross-site submission gains nothing a direct one would not.
	 */
	{ .method = "GET", .pattern = "/s/{id}",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_SCOPE_SOFT,
	  .tmpl = "surveys/form", .fn = survw_public_page, QUERY(code_query),
	  .roles = ROLES_PUBLIC, .scope = &survw_scope_campaign },
	{ .method = "POST", .pattern = "/s/{id}",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM | ROUTE_NOCSRF |
	  ROUTE_SCOPE_SOFT, .tmpl = "surveys/form", .fn = survw_public_post,
	  QUERY(code_query), .roles = ROLES_PUBLIC,
	  .scope = &survw_scope_campaign, .form_view = survw_public_form_view },
	{ .method = "GET", .pattern = "/s/{id}/thanks",
	  .flags = ROUTE_HTML | ROUTE_SCOPE_SOFT, .tmpl = "surveys/thanks",
	  .fn = survw_thanks_page, .roles = ROLES_PUBLIC,
	  .scope = &survw_scope_campaign },
	{ .method = NULL }
};

/* ---- helpers shared by the module's files ------------------------------- */

/*
 * The questionnaire a route reads besides its target (the one a new
 * campaign or a copy starts from, while the target is the body's unit):
 * the router's rule applied to it - a template is shared, any other must
 * lie in the scope of a binding with a role of the route.  Its errors name
 * field.
 */
enum err
survw_survey_readable(struct web *w, int64_t id, const char *field,
    struct errinfo *ei)
{
	char s[16], c[32];
	bool tmpl;
	enum err e;

	if ((e = surv_unit(w->db, id, s, c, &tmpl, ei)) != ERR_OK) {
		snprintf(ei->field, sizeof(ei->field), "%s", field);
		return e;
	}
	if (tmpl || web_can(w, SURVW_OFFICIALS, s, c))
		return ERR_OK;
	return err_set(ei, ERR_FORBIDDEN, "auth.out_of_scope", field,
	    "bảng hỏi số %lld thuộc đơn vị nằm ngoài phạm vi của bạn",
	    "questionnaire %lld belongs to a unit outside your scope",
	    (long long)id);
}

bool
survw_organiser(const struct web *w)
{
	/* A public route counts every role as in scope: the organisers are
	 * the officials among them. */
	return w->in_scope && web_can(w, SURVW_OFFICIALS, w->unit_structure,
	    w->unit_code);
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
	return numfmt_pct_figure_a(a, x, lang);
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
		return err_set(ei, ERR_INVALID, "request.bad_number", name,
		    "trường %s phải là một số", "field %s must be a number",
		    name);
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
		return err_set(ei, ERR_INVALID, "request.bad_number", name,
		    "trường %s phải là một số, ví dụ 90 hoặc 92,5",
		    "field %s must be a number, e.g. 90 or 92.5", name);
	*out = x;
	*present = true;
	return ERR_OK;
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
	if (web_unit_picker(r, w, view, "unit_picker", "unit",
	    survw_default_unit(r, w), NULL, ei) != ERR_OK)
		return ei->err;
	json_object_set_new(json_object_get(view, "unit_picker"), "label",
	    json_string(msg_get(w->lang, "surv_owner_unit")));
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
survw_json_text(struct req *r, json_t *doc, const char **out, size_t *len,
    struct errinfo *ei)
{
	char *d = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	if (d == NULL)
		return err_set(ei, ERR_SYS, NULL, NULL,
		    "không viết được bảng hỏi thành JSON",
		    "the questionnaire could not be written as JSON");
	*out = arena_strdup(r->arena, d);
	*len = strlen(*out);
	free(d);
	return ERR_OK;
}

enum err
survw_document_text(struct req *r, struct web *w, const char **out, size_t *len,
    struct errinfo *ei)
{
	json_t *d = w->body ? json_object_get(w->body, "document") : NULL;
	enum err e;

	*out = NULL;
	if (json_is_object(d))
		return survw_json_text(r, d, out, len, ei);
	if ((e = web_field(r, w, "document", SURV_DOC_MAX, false, out, ei)) !=
	    ERR_OK)
		return e;
	if (*out == NULL && w->body == NULL && (e = web_field(r, w, "file",
	    SURV_DOC_MAX, false, out, ei)) != ERR_OK)
		return e;
	if (*out == NULL)
		return err_set(ei, ERR_INVALID, "request.missing", "document",
		    "thiếu bảng hỏi: dán nội dung JSON, chọn tệp hoặc chọn "
		    "một mẫu", "the questionnaire is missing: paste its JSON, "
		    "choose a file or choose a template");
	*len = strlen(*out);	/* web_field's NFC text */
	return ERR_OK;
}

static enum err
err_template(struct errinfo *ei)
{
	return err_set(ei, ERR_INVALID, "request.bad_field", "template",
	    "template phải là số của một bảng hỏi",
	    "template must be the number of a questionnaire");
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
		return err_template(ei);
	if ((e = web_field(r, w, "template", 20, false, &s, ei)) != ERR_OK ||
	    s == NULL)
		return e;
	*id = strtoll(s, &end, 10);
	if (*end != '\0' || *id <= 0)
		return err_template(ei);
	return ERR_OK;
}

enum err
survw_create(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct audit_actor who;
	const char *text;
	json_t *src, *s;
	size_t len = 0;
	int64_t tid, id;
	enum err e;

	if (!w->json && (e = survw_list_page(r, w, view, ei)) != ERR_OK)
		return e;
	if ((e = template_id(r, w, &tid, ei)) != ERR_OK)
		return e;
	if (tid > 0) {
		/* A copy: of a template, or of a survey the caller reads. */
		if ((e = survw_survey_readable(w, tid, "template", ei)) !=
		    ERR_OK) {
			if (e == ERR_NOTFOUND)
				ei->err = e = ERR_INVALID;
			return e;
		}
		if ((e = surv_get(w->db, tid, &src, ei)) != ERR_OK)
			return e;
		e = survw_json_text(r, json_object_get(src, "document"), &text,
		    &len, ei);
		json_decref(src);
		if (e != ERR_OK)
			return e;
	} else if ((e = survw_document_text(r, w, &text, &len, ei)) != ERR_OK)
		return e;
	web_actor(w, &who);
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
	const char *text;
	json_t *s;
	size_t len;
	enum err e;

	(void)view;
	if ((e = surv_get(w->db, w->target.id, &s, ei)) != ERR_OK)
		return e;
	e = survw_json_text(r, json_object_get(s, "document"), &text, &len,
	    ei);
	json_decref(s);
	if (e != ERR_OK)
		return e;
	buf_reset(&r->out);
	if ((e = buf_append(&r->out, text, len)) != ERR_OK ||
	    (e = buf_putc(&r->out, '\n')) != ERR_OK)
		return err_set(ei, e, NULL, NULL, "bảng hỏi quá lớn để xuất",
		    "the questionnaire is too large to export");
	r->status = 200;
	r->content_type = "application/json";
	http_add_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"survey-%lld.json\"",
	    (long long)w->target.id));
	http_add_header(r, "Cache-Control", "no-store");
	return ERR_OK;
}
