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
	if (e == ERR_INVALID && pr.n > 0) {
		for (size_t i = 0; i < pr.n; i++)
			web_problem(w, &pr.items[i], NULL);
		return web_problems(w, ei) != ERR_OK ? ei->err : e;
	}
	if (e != ERR_OK)
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

const struct route reports_routes[] = {
	{ .method = "GET", .pattern = "/reports/forms", .flags = ROUTE_API,
	  .fn = repw_forms, .roles = ROLES_SIGNED_IN },
	{ .method = "GET", .pattern = REPORT_PATH, .flags = ROUTE_API,
	  .fn = repw_report, .roles = REPW_READERS,
	  .scope = &scope_path_unit },
	{ .method = "PUT", .pattern = REPORT_PATH, .flags = ROUTE_API,
	  .fn = repw_put, .roles = REPW_WRITERS, .scope = &scope_path_unit },
	{ .method = "GET", .pattern = REPORT_PATH "/aggregate",
	  .flags = ROUTE_API, .fn = repw_aggregate, .roles = REPW_READERS,
	  .scope = &scope_path_unit },
	{ 0 }
};
