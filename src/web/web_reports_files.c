/*
 * web_reports_files.c - report forms as files (docs/REPORTING.md section
 * 9, docs/API.md "Reports"):
 *
 *   GET  /reports/{form}/{structure}/{code}/{period}.xlsx   the unit's form
 *        for the period as the Excel template, filled with its values;
 *        ?communes=1 on a province: one column per commune
 *   GET  /reports/{form}/{structure}/{code}/{period}.csv    the same as CSV
 *   POST /api/v1/reports/{form}/upload    a filled workbook (one unit or
 *        many), as the raw body or a multipart form's "file" part;
 *        ?period=… refuses a column of another period.  All or nothing.
 *
 * Downloads are read like the report itself (the officers and
 * coordinators holding the path's unit).  An upload names its units in
 * the file, so the route admits the writers' roles and every unit of the
 * file is checked here against the caller's bindings with those roles
 * (auth_can, the router's own rule) before anything is written: one unit
 * outside the scope and nothing is stored (403 naming it).  These routes
 * come before reports_routes in routes.c: "{period}.xlsx" must not be read
 * as a period.
 */
#include <string.h>

#include "core/jval.h"
#include "domain/auth/auth.h"
#include "domain/reporting/rep_upload.h"
#include "web/web.h"

#define RFW_WRITERS	(ROLE_BIT(ROLE_COMMUNE_OFFICER) | \
    ROLE_BIT(ROLE_PROVINCE_OFFICER))
#define RFW_READERS	(RFW_WRITERS | ROLE_BIT(ROLE_ADMIN) | \
    ROLE_BIT(ROLE_COORDINATOR))

#define RFW_PATH "/reports/{form}/{structure}/{code}/{period}"

#define XLSX_TYPE \
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static const char *const yes_no[] = { "0", "1", NULL };
static const struct qfield file_query[] = {
	{ "communes", Q_CHOICE, 0, 0, 0, yes_no },
};
static const struct qfield upload_query[] = {
	{ "period", Q_TEXT, 0, 0, 16, NULL },
};

/* Load the file of the path (the query's communes). */
static enum err
file_of(struct req *r, struct web *w, struct rep_file *rf,
    struct errinfo *ei)
{
	const char *c = web_qtext(w, "communes");

	return rep_file_load(w->db, r->arena, http_param(r, "form"),
	    http_param(r, "structure"), http_param(r, "code"),
	    http_param(r, "period"), c != NULL && strcmp(c, "1") == 0, rf, ei);
}

static void
send_file(struct req *r, const char *type, const char *name,
    const char *ext)
{
	r->status = 200;
	r->content_type = type;
	http_add_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"%s.%s\"", name, ext));
	http_add_header(r, "Cache-Control", "private, no-store");
}

/* One download: the file of the path's report written by write, sent
 * with its type and the file name's extension. */
static enum err
send_report_file(struct req *r, struct web *w, enum err (*write)(
    const struct rep_file *, const char *, struct buf *, struct errinfo *),
    const char *type, const char *ext, struct errinfo *ei)
{
	struct rep_file rf;
	enum err e;

	if ((e = file_of(r, w, &rf, ei)) != ERR_OK)
		return e;
	buf_reset(&r->out);
	if ((e = write(&rf, w->lang, &r->out, ei)) != ERR_OK) {
		buf_reset(&r->out);
		return e;
	}
	send_file(r, type, rf.name, ext);
	return ERR_OK;
}

static enum err
rfw_xlsx(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)view;
	return send_report_file(r, w, rep_file_xlsx, XLSX_TYPE, "xlsx", ei);
}

static enum err
rfw_csv(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)view;
	return send_report_file(r, w, rep_file_csv, "text/csv; charset=utf-8",
	    "csv", ei);
}

/* May the caller store the report of (structure, code)?  The router's
 * rule (auth_can) with the route's roles, for each unit of the file. */
static bool
allow_unit(void *ctx, const char *structure, const char *code,
    struct audit_actor *actor)
{
	struct web *w = ctx;
	const struct role_binding *b = NULL;

	if (w->who == NULL || !auth_can(w->db, w->who, RFW_WRITERS, structure,
	    code, &b))
		return false;
	auth_actor(w->who, b, actor);
	return true;
}

/* The file: a multipart form's "file" part, or the raw body. */
static enum err
upload_of(struct req *r, struct web *w, const void **data, size_t *len,
    struct errinfo *ei)
{
	const char *filename, *type;

	if (r->is_form)
		*data = http_form_file(r, "file", len, &filename, &type);
	else if (w->body != NULL)
		return err_set(ei, ERR_MEDIA, "reporting.bad_upload", "file",
		    "gửi tệp Excel (.xlsx) bằng biểu mẫu multipart (trường "
		    "file) hoặc gửi nguyên nội dung tệp",
		    "send the Excel file (.xlsx) as a multipart form (field "
		    "file) or as the body itself");
	else {
		*data = r->body.data;
		*len = r->body.len;
	}
	if (*data == NULL || *len == 0)
		return err_set(ei, ERR_INVALID, "request.missing", "file",
		    "hãy chọn tệp Excel (.xlsx) đã điền",
		    "choose the filled Excel file (.xlsx)");
	return ERR_OK;
}

static enum err
rfw_upload(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct rep_problems pr;
	const void *data = NULL;
	size_t len = 0;
	json_t *out = NULL, *cells = NULL;
	enum err e;

	if ((e = upload_of(r, w, &data, &len, ei)) != ERR_OK)
		return e;
	rep_problems_init(&pr, r->arena, REP_UPLOAD_PROBLEMS_MAX);
	e = rep_upload_store(w->db, http_param(r, "form"), web_qtext(w,
	    "period"), data, len, allow_unit, w, w->lang, &out, &cells, &pr,
	    ei);
	if (e != ERR_OK) {
		/* every bad cell, by sheet, cell and unit, in the error's
		 * "rows"; every problem in its "problems" */
		if (cells != NULL)
			json_object_set_new(view, "errors", cells);
		for (size_t i = 0; i < pr.n; i++)
			web_problem(w, &pr.items[i], NULL);
		if (pr.n > 0)
			(void)web_problems(w, ei);
		return ei->err != ERR_OK ? ei->err : e;
	}
	jval_merge(view, out);
	return ERR_OK;
}

const struct route report_file_routes[] = {
	{ .method = "GET", .pattern = RFW_PATH ".xlsx",
	  .flags = ROUTE_RAW | ROUTE_API, .fn = rfw_xlsx,
	  .roles = RFW_READERS, .scope = &scope_path_unit, QUERY(file_query) },
	{ .method = "GET", .pattern = RFW_PATH ".csv",
	  .flags = ROUTE_RAW | ROUTE_API, .fn = rfw_csv,
	  .roles = RFW_READERS, .scope = &scope_path_unit, QUERY(file_query) },
	{ .method = "POST", .pattern = "/reports/{form}/upload",
	  .flags = ROUTE_API, .fn = rfw_upload, .roles = RFW_WRITERS,
	  QUERY(upload_query) },
	{ 0 }
};
