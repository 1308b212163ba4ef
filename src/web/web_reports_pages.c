/*
 * web_reports_pages.c - the pages of planning and progress reporting
 * (docs/REPORTING.md section 9), beside the API of web_reports.c:
 *
 *   GET  /reports                                   what waits for the
 *        officer (?form=&period= choose the communes' table of a province)
 *   GET  /reports/{form}/{structure}/{code}/{period}        the entry page
 *   POST /reports/{form}/{structure}/{code}/{period}        save the draft
 *   GET  /reports/{form}/{structure}/{code}/{period}/print  the print view
 *        (A4, no navigation)
 *
 * The page's approval buttons (submit, approve, return and reopen with a
 * reason) post to the approval routes (web_reports_approval.c), which
 * serve pages too: each step is the engine's (rep_approval_act), and the
 * buttons offered are the steps the engine says the caller may take now.
 *
 * The entry page saves through rep_report_put, the same domain call as
 * the API's PUT (one transaction with the history, the aggregates and
 * the audit entry): the form's typed texts are read by the rule of typed
 * values (rep_view_values_from_form: "1.234.567", "91,5", có/không),
 * every problem of every field listed at once at the top and beside its
 * field, the typed values kept, nothing written.  Who may do what is the
 * route table's (the router checks the unit of the path); the page only
 * decides what it offers (inputs or figures: web_can).  The model of each
 * page is rep_view.c's.
 */
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/reporting/rep_approval.h"
#include "domain/reporting/rep_report.h"
#include "domain/reporting/rep_view.h"
#include "web/web.h"

/* The same roles as the API of reports (web_reports.c). */
#define RPAGE_WRITERS	(ROLE_BIT(ROLE_COMMUNE_OFFICER) | \
    ROLE_BIT(ROLE_PROVINCE_OFFICER))
#define RPAGE_READERS	(RPAGE_WRITERS | ROLE_BIT(ROLE_ADMIN) | \
    ROLE_BIT(ROLE_COORDINATOR))

#define RPAGE_PATH "/reports/{form}/{structure}/{code}/{period}"

static const struct qfield list_query[] = {
	{ "form", Q_TEXT, 0, 0, 64, NULL },
	{ "period", Q_TEXT, 0, 0, 16, NULL },
};

static const struct qfield entry_query[] = {
	{ "saved", Q_TEXT, 0, 0, 4, NULL },
	{ "done", Q_TEXT, 0, 0, 16, NULL },
};

/* The approval on the page: the buttons of the steps the caller may take
 * now (approval.actions), a line for each fact (submitted, approved,
 * returned: who, when, the reason) and the notice of a step just taken
 * (?done=). */
static void
approval_on_page(struct req *r, struct web *w, json_t *out, const char *path)
{
	static const char *const facts[][3] = {
		{ "submitted", "rpage_submitted_by", NULL },
		{ "approved", "rpage_approved_by", NULL },
		{ "returned", "rpage_returned_by", "returned_reason" },
	};
	json_t *ap = json_object_get(out, "approval"), *act, *actions = json_array(),
	    *lines = json_array();
	/* Only the GET page declares ?done= (entry_query); the print view and
	 * the POST routes that come back to the page have no query table. */
	const char *done = w->route->nquery > 0 ? web_qtext(w, "done") : NULL;
	size_t i;

	json_array_foreach(json_object_get(ap, "actions"), i, act) {
		const char *id = jval_str(act, "id");

		if (id == NULL)
			continue;
		json_array_append_new(actions, json_pack("{s:s, s:s?, s:s?, s:s}",
		    "href", arena_printf(r->arena, "%s/%s", path, id), "label",
		    jval_str(act, "name"), "reason", json_is_true(json_object_get(
		    act, "reason_required")) ? msg_get(w->lang, "rpage_reason") :
		    NULL, "key", id));
	}
	for (i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		const char *at = jval_str(ap, arena_printf(r->arena, "%s_at",
		    facts[i][0]));
		const char *by = jval_str(ap, arena_printf(r->arena,
		    "%s_by_name", facts[i][0]));
		const char *why = facts[i][2] ? jval_str(ap, facts[i][2]) : NULL;

		if (by == NULL)	/* an account since removed: its login */
			by = jval_str(ap, arena_printf(r->arena, "%s_by",
			    facts[i][0]));
		if (at == NULL)
			continue;
		json_array_append_new(lines, json_pack("{s:s, s:s, s:s?, s:s?}",
		    "label", msg_get(w->lang, facts[i][1]), "when",
		    date_display(r->arena, at, w->lang), "who", by, "reason",
		    why));
	}
	json_object_set_new(out, "actions", actions);
	json_object_set_new(out, "approval_lines", lines);
	if (done != NULL && (strcmp(done, "submit") == 0 || strcmp(done,
	    "approve") == 0 || strcmp(done, "return") == 0 || strcmp(done,
	    "reopen") == 0))
		json_object_set_new(out, "done_text", json_string(msg_get(
		    w->lang, arena_printf(r->arena, "rpage_done_%s", done))));
}

/* /reports: the reports of the caller's units, and a province's
 * communes' for a form and period. */
static enum err
list_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct role_binding b[AUTH_MAX_ROLES];
	size_t n = 0;
	json_t *out;
	enum err e;

	for (size_t i = 0; w->who != NULL && i < w->who->nroles; i++)
		if (RPAGE_READERS & ROLE_BIT(w->who->roles[i].role))
			b[n++] = w->who->roles[i];
	if ((e = rep_view_list(w->db, b, n, web_qtext(w, "form"),
	    web_qtext(w, "period"), w->lang, r->arena, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "rpage_list_title")));
	json_object_set_new(view, "report_css", json_true());
	return ERR_OK;
}

/* The fields of the posted form that are values: {"values.<slot>":
 * text}; NULL for a GET. */
static json_t *
typed_fields(struct req *r)
{
	json_t *o;

	if (strcmp(r->method, "POST") != 0)
		return NULL;
	o = json_object();
	for (size_t i = 0; i < r->nform; i++)
		if (strncmp(r->form_names[i], "values.", 7) == 0)
			json_object_set_new(o, r->form_names[i], jval_string(
			    r->form_values[i]));
	return o;
}

/* The problems of a refused form by field: {field: message}. */
static json_t *
problems_by_field(const struct web *w)
{
	json_t *o = json_object(), *p;
	size_t i;

	json_array_foreach(w->problems, i, p)
		if (jval_str(p, "field") != NULL && json_object_get(o,
		    jval_str(p, "field")) == NULL)
			json_object_set(o, jval_str(p, "field"),
			    json_object_get(p, "message"));
	return o;
}

static enum err
report_of_path(struct req *r, struct web *w, json_t **out,
    struct errinfo *ei)
{
	return rep_report_get(w->db, http_param(r, "form"), http_param(r,
	    "structure"), http_param(r, "code"), http_param(r, "period"),
	    w->lang, out, ei);
}

/* The entry page (and the page around a refused form, here and on the
 * approval routes, and the print view's model). */
enum err
rpage_entry_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out, *typed, *problems;
	const char *path = arena_printf(r->arena, "/reports/%s/%s/%s/%s",
	    http_param(r, "form"), http_param(r, "structure"), http_param(r,
	    "code"), http_param(r, "period"));
	bool editable = web_can(w, RPAGE_WRITERS, http_param(r, "structure"),
	    http_param(r, "code"));
	enum err e;

	if ((e = report_of_path(r, w, &out, ei)) != ERR_OK)
		return e;
	typed = typed_fields(r);
	problems = problems_by_field(w);
	e = rep_view_entry(w->db, out, typed, problems, editable, w->lang,
	    r->arena, ei);
	json_decref(typed);
	json_decref(problems);
	if (e == ERR_OK)
		e = rep_approval_view(w->db, w->who, http_param(r, "form"),
		    http_param(r, "structure"), http_param(r, "code"),
		    http_param(r, "period"), w->lang, out, ei);
	if (e != ERR_OK) {
		json_decref(out);
		return e;
	}
	approval_on_page(r, w, out, path);
	json_object_set_new(out, "action", json_string(path));
	json_object_set_new(out, "print_href", json_string(arena_printf(
	    r->arena, "%s/print", path)));
	json_object_set_new(out, "entry_href", json_string(path));
	json_object_set_new(out, "title", json_string(arena_printf(r->arena,
	    "%s · %s", jval_str(json_object_get(out, "unit"), "name"),
	    jval_str(out, "period_label"))));
	json_object_set_new(out, "report_css", json_true());
	if (strcmp(w->route->tmpl, "reports/print") == 0)
		json_object_set_new(out, "print_view", json_true());
	else
		json_object_set_new(out, "report_js", json_true());
	jval_merge(view, out);
	return ERR_OK;
}

/* GET: the entry page, or at …/print the print view (another template,
 * the same model). */
static enum err
entry_get(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return rpage_entry_page(r, w, view, ei);
}

/* POST: save the draft - every value read, every problem at once, then
 * rep_report_put (one transaction); back to the page with ?saved=1. */
static enum err
entry_post(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct audit_actor who;
	struct rep_problems pr;
	json_t *report, *typed = typed_fields(r), *values = NULL, *out;
	enum err e;

	(void)view;
	if ((e = report_of_path(r, w, &report, ei)) != ERR_OK) {
		json_decref(typed);
		return e;
	}
	rep_problems_init(&pr, r->arena, 200);
	e = rep_view_values_from_form(w->db, report, typed, r->arena, &values,
	    &pr, ei);
	json_decref(report);
	json_decref(typed);
	/* A form without a value field changes nothing: no write, no audit
	 * entry (as the indicator entry). */
	if (e == ERR_OK && json_object_size(values) > 0) {
		web_actor(w, &who);
		e = rep_report_put(w->db, &who, http_param(r, "form"),
		    http_param(r, "structure"), http_param(r, "code"),
		    http_param(r, "period"), values, w->lang, &out, &pr, ei);
		if (e == ERR_OK)
			json_decref(out);
	}
	json_decref(values);
	if ((e = web_problem_list(w, pr.items, pr.n, e, ei)) != ERR_OK)
		return e;
	w->redirect = arena_printf(r->arena, "/reports/%s/%s/%s/%s?saved=1",
	    http_param(r, "form"), http_param(r, "structure"), http_param(r,
	    "code"), http_param(r, "period"));
	return ERR_OK;
}

const struct route report_page_routes[] = {
	{ .method = "GET", .pattern = "/reports", .flags = ROUTE_HTML |
	  ROUTE_API, .tmpl = "reports/list", .fn = list_page,
	  QUERY(list_query), .roles = RPAGE_READERS },
	{ .method = "GET", .pattern = RPAGE_PATH, .flags = ROUTE_HTML,
	  .tmpl = "reports/entry", .fn = entry_get, QUERY(entry_query),
	  .roles = RPAGE_READERS, .scope = &scope_path_unit },
	{ .method = "POST", .pattern = RPAGE_PATH, .flags = ROUTE_HTML |
	  ROUTE_FORM, .tmpl = "reports/entry", .fn = entry_post,
	  .roles = RPAGE_WRITERS, .scope = &scope_path_unit,
	  .form_view = rpage_entry_page },
	{ .method = "GET", .pattern = RPAGE_PATH "/print", .flags = ROUTE_HTML,
	  .tmpl = "reports/print", .fn = entry_get, .roles = RPAGE_READERS,
	  .scope = &scope_path_unit },
	{ .method = NULL }
};
