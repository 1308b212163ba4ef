/*
 * web_reports_approval.c - the approval of reports and their
 * completeness over HTTP (docs/REPORTING.md section 9, docs/API.md):
 *
 *   POST /reports/{form}/{structure}/{code}/{period}/submit   the unit
 *   POST …/approve, …/return, …/reopen                         the level above
 *   GET  /reports/{form}/completeness?unit=S:CODE&period=P     who reported
 *
 * The route table admits callers with a role of the step and the unit
 * in scope; which of them may take the step (the unit's own officer, the
 * officer of the level directly above) is the procedure's, checked by the
 * workflow engine inside the domain call (403 "workflow.forbidden").  The
 * completeness view depends only on the reports' states (the workflow's
 * version token) once the period's due date has passed: it is then
 * cached, JSON and page alike.
 */
#include <string.h>

#include "core/jval.h"
#include "domain/reporting/rep_approval.h"
#include "domain/reporting/rep_completeness.h"
#include "domain/workflow/workflow.h"
#include "web/web.h"

#define RAPPW_SUBMITTERS	(ROLE_BIT(ROLE_COMMUNE_OFFICER) | \
    ROLE_BIT(ROLE_PROVINCE_OFFICER))
#define RAPPW_APPROVERS		(ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
    ROLE_BIT(ROLE_COORDINATOR))
#define RAPPW_READERS		(RAPPW_SUBMITTERS | RAPPW_APPROVERS | \
    ROLE_BIT(ROLE_ADMIN))

#define REPORT_PATH "/reports/{form}/{structure}/{code}/{period}"

/* The body's row_version (optional): a JSON integer. */
static enum err
body_row_version(struct web *w, int64_t *out, struct errinfo *ei)
{
	json_t *j = w->body ? json_object_get(w->body, "row_version") : NULL;

	*out = -1;
	if (j == NULL || json_is_null(j))
		return ERR_OK;
	if (!json_is_integer(j) || json_integer_value(j) < 0)
		return err_set(ei, ERR_INVALID, "request.bad_number",
		    "row_version", "phiên bản báo cáo phải là một số nguyên",
		    "the report's row version must be a whole number");
	*out = json_integer_value(j);
	return ERR_OK;
}

/* Take the step named by the last segment of the path. */
static enum err
act(struct req *r, struct web *w, json_t *view, const char *action,
    struct errinfo *ei)
{
	struct rep_approval_req req = { .action = action };
	struct rep_problems pr;
	json_t *out;
	enum err e;

	if ((e = body_row_version(w, &req.row_version, ei)) != ERR_OK ||
	    (e = web_field(r, w, "reason", REP_REASON_MAX, false, &req.reason,
	    ei)) != ERR_OK)
		return e;
	rep_problems_init(&pr, r->arena, 200);
	e = rep_approval_act(w->db, w->who, http_param(r, "form"),
	    http_param(r, "structure"), http_param(r, "code"),
	    http_param(r, "period"), &req, w->lang, &out, &pr, ei);
	if ((e = web_problem_list(w, pr.items, pr.n, e, ei)) != ERR_OK)
		return e;
	if (!w->json) {		/* the entry page's button: back to it */
		json_decref(out);
		w->redirect = arena_printf(r->arena, "/reports/%s/%s/%s/%s?done="
		    "%s", http_param(r, "form"), http_param(r, "structure"),
		    http_param(r, "code"), http_param(r, "period"), action);
		return ERR_OK;
	}
	jval_merge(view, out);
	return ERR_OK;
}

static enum err
rappw_submit(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return act(r, w, view, "submit", ei);
}

static enum err
rappw_approve(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return act(r, w, view, "approve", ei);
}

static enum err
rappw_return(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return act(r, w, view, "return", ei);
}

static enum err
rappw_reopen(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return act(r, w, view, "reopen", ei);
}

static enum err
rappw_completeness(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const char *period = web_qtext(w, "period");
	json_t *out;
	enum err e;

	if (w->unit_structure == NULL || w->unit_code == NULL)
		return err_set(ei, ERR_INVALID, "reporting.unit_required",
		    "unit", "cần chọn đơn vị (unit=cấu trúc:mã)",
		    "choose a unit (unit=structure:code)");
	if (period == NULL)
		return err_set(ei, ERR_INVALID, "reporting.bad_period",
		    "period", "cần chọn kỳ báo cáo", "choose a reporting period");
	if ((e = rep_completeness(w->db, http_param(r, "form"),
	    w->unit_structure, w->unit_code, period, w->lang, &out, ei)) !=
	    ERR_OK)
		return e;
	/* Before its due date the view depends on today: not cached. */
	if (!rep_completeness_cacheable(out))
		w->cache_key = NULL;
	jval_merge(view, out);
	return ERR_OK;
}

static const struct qfield completeness_query[] = {
	{ "unit", Q_TEXT, 0, 0, 64, NULL },
	{ "period", Q_TEXT, 0, 0, 16, NULL },
};

const struct route report_approval_routes[] = {
	{ .method = "POST", .pattern = REPORT_PATH "/submit",
	  .flags = ROUTE_API | ROUTE_HTML | ROUTE_FORM, .tmpl = "reports/entry",
	  .fn = rappw_submit, .roles = RAPPW_SUBMITTERS, .scope = &scope_path_unit,
	  .form_view = rpage_entry_page },
	{ .method = "POST", .pattern = REPORT_PATH "/approve",
	  .flags = ROUTE_API | ROUTE_HTML | ROUTE_FORM, .tmpl = "reports/entry",
	  .fn = rappw_approve, .roles = RAPPW_APPROVERS, .scope = &scope_path_unit,
	  .form_view = rpage_entry_page },
	{ .method = "POST", .pattern = REPORT_PATH "/return",
	  .flags = ROUTE_API | ROUTE_HTML | ROUTE_FORM, .tmpl = "reports/entry",
	  .fn = rappw_return, .roles = RAPPW_APPROVERS, .scope = &scope_path_unit,
	  .form_view = rpage_entry_page },
	{ .method = "POST", .pattern = REPORT_PATH "/reopen",
	  .flags = ROUTE_API | ROUTE_HTML | ROUTE_FORM, .tmpl = "reports/entry",
	  .fn = rappw_reopen, .roles = RAPPW_APPROVERS, .scope = &scope_path_unit,
	  .form_view = rpage_entry_page },
	{ .method = "GET", .pattern = "/reports/{form}/completeness",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_PAGE_CACHE,
	  .tmpl = "reports/completeness", .fn = rappw_completeness,
	  QUERY(completeness_query), .version_key = WF_META_VERSION,
	  .roles = RAPPW_READERS, .scope = &scope_query_unit },
	{ 0 }
};
