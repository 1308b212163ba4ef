/*
 * web_reports.c - the HTTP API of planning and progress reporting
 * (docs/REPORTING.md, docs/API.md):
 *
 *   GET /reports/forms                                     the forms
 *   GET /reports/{form}/{structure}/{code}/{period}        a report
 *   PUT /reports/{form}/{structure}/{code}/{period}        save values
 *   GET /reports/{form}/{structure}/{code}/{period}/aggregate
 *                                                          the maintained
 *                                                          aggregate
 *
 * API only for now (the entry pages come with the approval).  Who may
 * call what is the route table's: reports and aggregates are read by the
 * officers and coordinators holding the unit in scope, written by the
 * commune and province officers holding it (the router checks the unit
 * of the path); each handler makes one domain call (rep_report.h) and
 * returns its view.
 */
#include <string.h>

#include "core/jval.h"
#include "domain/reporting/rep_approval.h"
#include "domain/reporting/rep_report.h"
#include "domain/reporting/rep_store.h"
#include "web/web.h"
#include "web/web_doc.h"

/* Who may read reports and aggregates, and who may write a report. */
#define REPW_WRITERS	(ROLE_BIT(ROLE_COMMUNE_OFFICER) | \
    ROLE_BIT(ROLE_PROVINCE_OFFICER))
#define REPW_READERS	(REPW_WRITERS | ROLE_BIT(ROLE_ADMIN) | \
    ROLE_BIT(ROLE_COORDINATOR))

#define REPORT_PATH "/reports/{form}/{structure}/{code}/{period}"

static const char *
param(struct req *r, const char *name)
{
	return http_param(r, name);
}

static enum err
repw_forms(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out;
	enum err e;

	(void)r;
	if ((e = rep_forms_list(w->db, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	return ERR_OK;
}

static enum err
repw_report(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out;
	enum err e;

	if ((e = rep_report_get(w->db, param(r, "form"), param(r, "structure"),
	    param(r, "code"), param(r, "period"), w->lang, &out, ei)) !=
	    ERR_OK)
		return e;
	jval_merge(view, out);
	/* Its approval: state, who and when, what the caller may do now. */
	return rep_approval_view(w->db, w->who, param(r, "form"),
	    param(r, "structure"), param(r, "code"), param(r, "period"),
	    w->lang, view, ei);
}

static enum err
repw_put(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct audit_actor who;
	struct rep_problems pr;
	json_t *out;
	enum err e;

	web_actor(w, &who);
	rep_problems_init(&pr, r->arena, 200);
	e = rep_report_put(w->db, &who, param(r, "form"), param(r,
	    "structure"), param(r, "code"), param(r, "period"), w->body ?
	    json_object_get(w->body, "values") : NULL, w->lang, &out, &pr, ei);
	if ((e = web_problem_list(w, pr.items, pr.n, e, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	return ERR_OK;
}

static enum err
repw_aggregate(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	json_t *out;
	enum err e;

	if ((e = rep_aggregate_get(w->db, param(r, "form"), param(r,
	    "structure"), param(r, "code"), param(r, "period"), w->lang, &out,
	    ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	return ERR_OK;
}

/* A unit's report of a form for a period. */
#define REPORT DOC_OBJ("\"form\", \"unit\", \"period\", \"due\", \"state\", " \
	"\"values\", \"slots\"", \
	DOC_P("form", DOC_OBJ("\"id\", \"version\", \"title\"", \
	DOC_P("id", DOC_STR) ", " DOC_P("version", DOC_INT) ", " \
	DOC_P("title", DOC_STR))) ", " \
	DOC_P("unit", DOC_UNIT) ", " \
	DOC_P("period", "{\"type\": \"string\", \"pattern\": " \
	"\"^[0-9]{4}(H[12]|Q[1-4]|-[01][0-9])?$\"}") ", " \
	DOC_P("due", DOC_DATE) ", " DOC_P("state", DOC_STR) ", " \
	DOC_P("updated_at", DOC_STR_NULL) ", " \
	DOC_P("values", DOC_OBJECT) ", " \
	DOC_P("slots", DOC_ARR(DOC_OBJ("\"slot\", \"label\", \"entered\"", \
	DOC_P("slot", DOC_STR) ", " DOC_P("label", DOC_STR) ", " \
	DOC_P("value", DOC_ANY) ", " DOC_P("entered", DOC_BOOL) ", " \
	DOC_P("computed", DOC_BOOL) ", " DOC_P("automatic", DOC_BOOL)))) ", " \
	DOC_P("rules", DOC_ARR(DOC_OBJ("\"id\", \"state\"", \
	DOC_P("id", DOC_STR) ", " DOC_P("state", DOC_STR) ", " \
	DOC_P("blocking", DOC_BOOL)))) ", " \
	DOC_P("warnings", DOC_ARR(DOC_OBJECT)) ", " \
	DOC_P("approval", DOC_OBJ("\"state\"", DOC_P("state", DOC_STR) ", " \
	DOC_P("row_version", DOC_INT) ", " DOC_P("locked", DOC_BOOL))))

static const struct route_doc forms_doc = {
	.summary = "Các biểu mẫu báo cáo (phiên bản mới nhất) / the report "
	    "forms, newest version of each",
	.response = DOC_LIST(DOC_OBJ("\"id\", \"version\", \"title\", "
	    "\"period_type\", \"levels\"", DOC_P("id", DOC_STR) ", "
	    DOC_P("version", DOC_INT) ", " DOC_P("title", DOC_STR) ", "
	    DOC_P("title_en", DOC_STR_NULL) ", "
	    DOC_P("period_type", DOC_STR) ", "
	    DOC_P("levels", DOC_ARR(DOC_STR)) ", "
	    DOC_P("years", DOC_OBJ("\"from\", \"to\"", DOC_P("from", DOC_INT)
	    ", " DOC_P("to", DOC_INT))) ", " DOC_P("due_days", DOC_INT))),
};

static const struct route_doc report_doc = {
	.summary = "Báo cáo của một đơn vị theo biểu mẫu và kỳ / a unit's "
	    "report of a form for a period",
	.response = REPORT,
};

static const struct route_doc report_put_doc = {
	.summary = "Lưu bản nháp báo cáo (ô không nêu giữ nguyên, null xóa) / "
	    "save a report's draft (slots not named keep theirs, null clears)",
	.request = DOC_OBJ("\"values\"", DOC_P("values", DOC_OBJECT)),
	.response = REPORT,
};

const struct route reports_routes[] = {
	{ .method = "GET", .pattern = "/reports/forms", .flags = ROUTE_API,
	  .fn = repw_forms, .roles = ROLES_SIGNED_IN, .doc = &forms_doc },
	{ .method = "GET", .pattern = REPORT_PATH, .flags = ROUTE_API,
	  .fn = repw_report, .roles = REPW_READERS,
	  .scope = &scope_path_unit, .doc = &report_doc },
	{ .method = "PUT", .pattern = REPORT_PATH, .flags = ROUTE_API,
	  .fn = repw_put, .roles = REPW_WRITERS, .scope = &scope_path_unit,
	  .doc = &report_put_doc },
	{ .method = "GET", .pattern = REPORT_PATH "/aggregate",
	  .flags = ROUTE_API, .fn = repw_aggregate, .roles = REPW_READERS,
	  .scope = &scope_path_unit },
	{ 0 }
};
