/*
 * web_imports.c - the one upload page for the imports that exist
 * (docs/EXCHANGE.md section 6):
 *
 *   GET  /nhap-du-lieu?kind=…          the page: pick what the file holds,
 *                                      then the file (and, for reports,
 *                                      the form and period)
 *   POST /imports/units                administrative units (the CSV of
 *                                      `ntm import units`; admin and
 *                                      coordinators)
 *   POST /imports/indicator-values     indicator values (the criteria CSV)
 *   POST /imports/reports              a filled report workbook
 *                                      (?form=&period= or form fields)
 *   POST /imports/ocop                 a province's OCOP list
 *   POST /imports/problems.csv         the error report of a refused file
 *                                      as CSV (the page posts it back)
 *
 * The importers are those of their modules, unchanged (units_import_file,
 * crit_values_import, rep_upload_store, ocop_import), each all or nothing;
 * this file only adapts what each refuses into one format, a list of
 * problems {row, column, field, code, message} (row and column as the
 * file names them, null when the problem is the whole file's).  The JSON
 * error lists them in "problems" (and "rows"); the page shows them as a
 * table with a CSV download.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/csvw.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/audit/audit.h"
#include "domain/auth/auth.h"
#include "domain/criteria/criteria_store.h"
#include "domain/ocop/ocop_import.h"
#include "domain/reporting/rep_store.h"
#include "domain/reporting/rep_upload.h"
#include "domain/units/units.h"
#include "web/web.h"

#define IMW_UNITS	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR))
#define IMW_VALUES	(IMW_UNITS | ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
    ROLE_BIT(ROLE_COMMUNE_OFFICER))
#define IMW_REPORTS	(ROLE_BIT(ROLE_COMMUNE_OFFICER) | \
    ROLE_BIT(ROLE_PROVINCE_OFFICER))

struct imw_kind {
	const char *kind;	/* ?kind= and the address /imports/{kind} */
	const char *label_key, *help_key;
	unsigned roles;
	const char *accept;	/* the file input's accept */
};

static const struct imw_kind imw_kinds[] = {
	{ "units", "im_kind_units", "im_help_units", IMW_UNITS,
	  ".csv,text/csv" },
	{ "indicator-values", "im_kind_values", "im_help_values", IMW_VALUES,
	  ".csv,text/csv" },
	{ "reports", "im_kind_reports", "im_help_reports", IMW_REPORTS,
	  ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml"
	  ".sheet" },
	{ "ocop", "im_kind_ocop", "im_help_ocop", OCOP_IMPORT_ROLES,
	  ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument"
	  ".spreadsheetml.sheet" },
};
#define IMW_NKINDS	(sizeof(imw_kinds) / sizeof(imw_kinds[0]))

static const struct imw_kind *
imw_kind(const char *kind)
{
	for (size_t i = 0; kind != NULL && i < IMW_NKINDS; i++)
		if (strcmp(imw_kinds[i].kind, kind) == 0)
			return &imw_kinds[i];
	return NULL;
}

/* ---- the one problem format ------------------------------------------- */

static json_t *
problem(json_t *row, json_t *column, const char *field, const char *code,
    const char *message)
{
	return json_pack("{s:o, s:o, s:o, s:s, s:s}", "row", row != NULL ?
	    row : json_null(), "column", column != NULL ? column :
	    json_null(), "field", jval_string(field), "code",
	    code != NULL && code[0] != '\0' ? code : "request.invalid",
	    "message", message != NULL ? message : "");
}

/* A row or column of an importer's list as the problem's: an integer
 * stays one, a string stays one, anything else is null. */
static json_t *
cell(const json_t *v)
{
	if (json_is_integer(v))
		return json_integer(json_integer_value(v));
	if (json_is_string(v) && json_string_length(v) > 0)
		return json_string(json_string_value(v));
	return json_null();
}

/* The whole file refused (no row known): one problem. */
static json_t *
file_problem(const struct errinfo *ei, const char *lang)
{
	return problem(NULL, NULL, ei->field[0] ? ei->field : "file",
	    ei->code, err_message(ei, lang));
}

/*
 * The refusal ei with its problems: the JSON error lists every one
 * ("problems", and "rows" through the view's "errors"); the page shows
 * them as a table (error.rows) under one summary at the top.
 */
static enum err
imw_refuse(struct web *w, json_t *view, json_t *problems,
    struct errinfo *ei)
{
	enum err e = ei->err != ERR_OK ? ei->err : ERR_INVALID;
	struct errinfo first = *ei;
	json_t *p;
	size_t i;

	if (json_array_size(problems) == 0)
		json_array_append_new(problems, file_problem(ei, w->lang));
	json_object_set_new(view, "errors", problems);
	if (!w->json) {
		/* posted back by the page's "download as CSV" */
		char *text = json_dumps(problems, JSON_COMPACT);

		json_object_set_new(view, "problems_json", jval_string(text));
		free(text);
	}
	if (!w->json) {
		struct errinfo sum;

		err_set(&sum, e, ei->code[0] ? ei->code : "imports.rejected",
		    "file", "Tệp chưa được nhập (không ghi gì): %zu lỗi, "
		    "xem bảng bên dưới", "The file was not imported (nothing "
		    "written): %zu problems, see the table below",
		    json_array_size(problems));
		web_problem(w, &sum, "f-file");
		return web_problems(w, ei);
	}
	json_array_foreach(problems, i, p) {
		struct errinfo one;

		err_set_texts(&one, e, jval_str(p, "code"), jval_str(p,
		    "field"), jval_str(p, "message"), jval_str(p, "message"));
		web_problem(w, &one, NULL);
		json_object_set(json_array_get(w->problems,
		    json_array_size(w->problems) - 1), "row",
		    json_object_get(p, "row"));
		json_object_set(json_array_get(w->problems,
		    json_array_size(w->problems) - 1), "column",
		    json_object_get(p, "column"));
	}
	(void)web_problems(w, ei);
	*ei = first;	/* the importer's own status and code stand */
	return e;
}

/* ---- the page ---------------------------------------------------------- */

static enum err
imw_page_for(struct req *r, struct web *w, json_t *view,
    const struct imw_kind *k, struct errinfo *ei)
{
	json_t *kinds = json_array();

	(void)r;
	for (size_t i = 0; i < IMW_NKINDS; i++) {
		if (!web_holds(w, imw_kinds[i].roles))
			continue;
		if (k == NULL)
			k = &imw_kinds[i];
		json_array_append_new(kinds, json_pack("{s:s, s:s, s:b}",
		    "value", imw_kinds[i].kind, "label", msg_get(w->lang,
		    imw_kinds[i].label_key), "checked", k == &imw_kinds[i]));
	}
	json_object_set_new(view, "kinds", kinds);
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "im_title")));
	if (k == NULL || !web_holds(w, k->roles))
		return ERR_OK;	/* nothing this account may import */
	json_object_set_new(view, "chosen", json_pack("{s:s, s:s, s:s, s:s,"
	    " s:b}", "kind", k->kind, "label", msg_get(w->lang, k->label_key),
	    "help", msg_get(w->lang, k->help_key), "accept", k->accept,
	    "reports", strcmp(k->kind, "reports") == 0));
	if (strcmp(k->kind, "reports") == 0) {
		json_t *forms, *it, *choices = json_array();
		size_t i;

		if (rep_forms_list(w->db, &forms, ei) != ERR_OK) {
			json_decref(choices);
			return ei->err;
		}
		json_array_foreach(json_is_array(forms) ? forms :
		    json_object_get(forms, "items"), i, it)
			json_array_append_new(choices, json_pack("{s:O, s:O}",
			    "value", json_object_get(it, "id"), "label",
			    json_object_get(it, strcmp(w->lang, "en") == 0 &&
			    json_is_string(json_object_get(it, "title_en")) ?
			    "title_en" : "title")));
		json_decref(forms);
		json_object_set_new(view, "report_forms", choices);
	}
	return ERR_OK;
}

static const struct qfield imw_report_query[] = {
	{ "form", Q_TEXT, 0, 0, 64, NULL },
	{ "period", Q_TEXT, 0, 0, 16, NULL },
};

static const struct qfield imw_page_query[] = {
	{ "kind", Q_TEXT, 0, 0, 32, NULL },
};

static enum err
imw_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return imw_page_for(r, w, view, imw_kind(web_qtext(w, "kind")), ei);
}

/* The page around a POST's form: the kind of the route's address. */
static const struct imw_kind *
imw_route_kind(const struct web *w)
{
	const char *p = strrchr(w->route->pattern, '/');

	return imw_kind(p != NULL ? p + 1 : NULL);
}

static enum err
imw_form_view(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return imw_page_for(r, w, view, imw_route_kind(w), ei);
}

/* The file of the request: a multipart form's "file" part or the raw
 * body; a refusal is a problem of the whole file. */
static enum err
imw_file(struct req *r, struct web *w, const void **data, size_t *len,
    const char **name, struct errinfo *ei)
{
	*name = msg_get(w->lang, "im_the_file");
	switch (web_upload_file(r, w, data, len, name)) {
	case WEB_UPLOAD_JSON:
		return err_set(ei, ERR_MEDIA, "imports.body", "file",
		    "Gửi tệp bằng biểu mẫu multipart (trường file) hoặc gửi "
		    "nguyên nội dung tệp", "Send the file as a multipart form "
		    "(field file) or as the body itself");
	case WEB_UPLOAD_NONE:
		return err_set(ei, ERR_INVALID, "request.missing", "file",
		    "Hãy chọn tệp", "Choose the file");
	default:
		return ERR_OK;
	}
}

/* ---- the importers, adapted ------------------------------------------- */

/* A bad row of the units' file as one problem of the list. */
struct imw_units_ctx {
	json_t *problems;
	const char *lang;
};

static void
imw_units_problem(void *ctx, const struct units_problem *p)
{
	struct imw_units_ctx *c = ctx;

	json_array_append_new(c->problems, problem(json_integer(p->line),
	    p->column > 0 && p->field != NULL ? json_string(p->field) : NULL,
	    p->field, p->code, strcmp(c->lang, "en") == 0 ? p->message_en :
	    p->message_vi));
}

/* Units: the command line's importer on a temporary copy of the file, in
 * one transaction, listing every bad row (units_import_file_all). */
static enum err
imw_units(struct req *r, struct web *w, const void *data, size_t len,
    const char *name, json_t *view, json_t *problems, struct errinfo *ei)
{
	char dir[] = "/tmp/ntm-import-XXXXXX", path[64];
	struct units_import_stats st = { 0 };
	struct imw_units_ctx ctx = { problems, w->lang };
	struct audit_actor who;
	FILE *f;
	enum err e;

	(void)r;
	if (mkdtemp(dir) == NULL)
		return err_set(ei, ERR_SYS, NULL, "file", "không tạo được tệp "
		    "tạm", "no temporary file could be made");
	snprintf(path, sizeof(path), "%s/units.csv", dir);
	if ((f = fopen(path, "wb")) == NULL ||
	    fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		unlink(path);
		rmdir(dir);
		return err_set(ei, ERR_SYS, NULL, "file", "không ghi được tệp "
		    "tạm", "the temporary file cannot be written");
	}
	web_actor(w, &who);
	if ((e = db_begin(w->db, ei)) == ERR_OK &&
	    (e = units_import_file_all(w->db, path, imw_units_problem, &ctx,
	    &st, ei)) == ERR_OK)
		e = audit_record(w->db, &who, "units.import", NULL, NULL,
		    json_pack("{s:I, s:I, s:I}", "units", (json_int_t)st.units,
		    "lineage", (json_int_t)st.lineage, "regions",
		    (json_int_t)st.regions), ei, "file:%.100s", name);
	e = db_finish(w->db, e, ei);
	unlink(path);
	rmdir(dir);
	if (e != ERR_OK) {
		/* The temporary path is never shown: the messages start at
		 * their line ("line 4, column 7 (parent_code): ..."). */
		const char *en = strstr(ei->message_en, ": line "), *vi =
		    strstr(ei->message, ": dòng ");
		char vi_text[sizeof(ei->message)], en_text[sizeof(ei->message_en)];
		char code[sizeof(ei->code)], field[sizeof(ei->field)];

		snprintf(vi_text, sizeof(vi_text), "%s", vi != NULL ? vi + 2 :
		    ei->message);
		snprintf(en_text, sizeof(en_text), "%s", en != NULL ? en + 2 :
		    ei->message_en);
		memcpy(code, ei->code, sizeof(code));
		memcpy(field, ei->field, sizeof(field));
		err_set_texts(ei, e, code, field, vi_text, en_text);
		/* A fault of the whole file (no row listed): one problem. */
		if (json_array_size(problems) == 0)
			json_array_append_new(problems, problem(NULL, NULL,
			    "file", ei->code, err_message(ei, w->lang)));
		return e;
	}
	json_object_set_new(view, "result", json_pack("{s:I, s:I, s:I}",
	    "units", (json_int_t)st.units, "lineage", (json_int_t)st.lineage,
	    "regions", (json_int_t)st.regions));
	return ERR_OK;
}

static bool
imw_values_admitted(void *ctx, const char *structure, const char *code)
{
	const struct web *w = ctx;

	return w->who != NULL && auth_can(w->db, w->who, IMW_VALUES,
	    structure, code, NULL);
}

/* Indicator values: the criteria CSV import; its list [{line, field,
 * message}] names the header's column as field. */
static enum err
imw_values(struct req *r, struct web *w, const void *data, size_t len,
    const char *name, json_t *view, json_t *problems, struct errinfo *ei)
{
	struct crit_import_stats st = { 0 };
	struct audit_actor who;
	json_t *errors = NULL, *it;
	char *copy;
	size_t i;
	FILE *f;
	enum err e;

	(void)name;
	copy = arena_alloc(r->arena, len + 1);
	memcpy(copy, data, len);
	if ((f = fmemopen(copy, len, "r")) == NULL)
		return err_set(ei, ERR_SYS, NULL, "file", "không đọc được tệp",
		    "the file cannot be read");
	web_actor(w, &who);
	e = crit_values_import(w->db, &who, f, msg_get(w->lang, "im_the_file"),
	    w->lang, false, imw_values_admitted, w, &st, &errors, ei);
	fclose(f);
	if (e != ERR_OK) {
		json_array_foreach(errors, i, it)
			json_array_append_new(problems, problem(
			    cell(json_object_get(it, "line")),
			    cell(json_object_get(it, "field")),
			    jval_str(it, "field"), ei->code,
			    jval_str(it, "message")));
		json_decref(errors);
		return e;
	}
	json_decref(errors);
	json_object_set_new(view, "result", json_pack("{s:I, s:I, s:I}",
	    "rows", (json_int_t)st.rows, "units", (json_int_t)st.units,
	    "evaluations", (json_int_t)st.evaluations));
	return ERR_OK;
}

static bool
imw_report_unit(void *ctx, const char *structure, const char *code,
    struct audit_actor *actor)
{
	struct web *w = ctx;
	const struct role_binding *b = NULL;

	if (w->who == NULL || !auth_can(w->db, w->who, IMW_REPORTS, structure,
	    code, &b))
		return false;
	auth_actor(w->who, b, actor);
	return true;
}

/* A text of the query (the API's ?form=&period=, validated by the
 * router) else of the page's form (web_field: UTF-8, NFC, length). */
static const char *
imw_param(struct req *r, struct web *w, const char *name, size_t max)
{
	const char *v = web_qtext(w, name);
	struct errinfo ignored;

	if ((v == NULL || v[0] == '\0') &&
	    web_field(r, w, name, max, false, &v, &ignored) != ERR_OK)
		v = NULL;
	return v != NULL && v[0] != '\0' ? v : NULL;
}

/* Reports: the workbook upload; its cells [{sheet, cell, row, column,
 * unit, period, code, message}], and problems of the whole file. */
static enum err
imw_reports(struct req *r, struct web *w, const void *data, size_t len,
    const char *name, json_t *view, json_t *problems, struct errinfo *ei)
{
	const char *form = imw_param(r, w, "form", 64),
	    *period = imw_param(r, w, "period", 16);
	struct rep_problems pr;
	json_t *out = NULL, *cells = NULL, *it;
	size_t i;
	enum err e;

	(void)name;
	if (form == NULL)
		return err_set(ei, ERR_INVALID, "request.missing", "form",
		    "Hãy chọn mẫu báo cáo", "Choose the report form");
	rep_problems_init(&pr, r->arena, REP_UPLOAD_PROBLEMS_MAX);
	e = rep_upload_store(w->db, form, period, data, len, imw_report_unit,
	    w, w->lang, &out, &cells, &pr, ei);
	if (e != ERR_OK) {
		json_array_foreach(cells, i, it)
			json_array_append_new(problems, problem(
			    cell(json_object_get(it, "row")),
			    cell(json_object_get(it, "column")),
			    jval_str(it, "cell"), jval_str(it, "code"),
			    jval_str(it, "message")));
		if (json_array_size(cells) == 0)
			for (i = 0; i < pr.n; i++)
				json_array_append_new(problems,
				    file_problem(&pr.items[i], w->lang));
		json_decref(cells);
		return ei->err != ERR_OK ? ei->err : e;
	}
	json_decref(cells);
	json_object_set_new(view, "result", out);
	return ERR_OK;
}

/* OCOP lists: ocop_import's problems are already {row, column, field,
 * code, message}. */
static enum err
imw_ocop(struct req *r, struct web *w, const void *data, size_t len,
    const char *name, json_t *view, json_t *problems, struct errinfo *ei)
{
	json_t *result = NULL, *errors = NULL, *it;
	size_t i;
	enum err e;

	(void)r;
	if ((e = ocop_import(w->db, w->who, data, len, name, w->lang, &result,
	    &errors, ei)) != ERR_OK) {
		json_array_foreach(errors, i, it)
			json_array_append_new(problems, problem(
			    cell(json_object_get(it, "row")),
			    cell(json_object_get(it, "column")),
			    jval_str(it, "field"), jval_str(it, "code"),
			    jval_str(it, "message")));
		json_decref(errors);
		return e;
	}
	json_object_set_new(view, "result", result);
	return ERR_OK;
}

typedef enum err (*imw_fn)(struct req *, struct web *, const void *, size_t,
    const char *, json_t *, json_t *, struct errinfo *);

static enum err
imw_post(struct req *r, struct web *w, json_t *view, imw_fn fn,
    struct errinfo *ei)
{
	const void *data;
	const char *name;
	size_t len;
	json_t *problems = json_array();
	enum err e;

	if (!w->json && (e = imw_form_view(r, w, view, ei)) != ERR_OK) {
		json_decref(problems);
		return e;
	}
	if ((e = imw_file(r, w, &data, &len, &name, ei)) != ERR_OK ||
	    (e = fn(r, w, data, len, name, view, problems, ei)) != ERR_OK)
		return imw_refuse(w, view, problems, ei);
	json_decref(problems);
	if (!w->json)
		json_object_set_new(view, "done", json_true());
	return ERR_OK;
}

static enum err
imw_post_units(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return imw_post(r, w, view, imw_units, ei);
}

static enum err
imw_post_values(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return imw_post(r, w, view, imw_values, ei);
}

static enum err
imw_post_reports(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return imw_post(r, w, view, imw_reports, ei);
}

static enum err
imw_post_ocop(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return imw_post(r, w, view, imw_ocop, ei);
}

/* ---- the error report as CSV ------------------------------------------ */

/* The problems the page lists (posted back as JSON: "problems") as CSV:
 * row, column, field, code, message.  Nothing is read or kept: the file
 * is what the client sends, with the formula guard. */
static enum err
imw_problems_csv(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const char *text = NULL;
	json_t *list, *p;
	struct csvw c;
	size_t i;
	enum err e;

	(void)view;
	if ((e = web_field(r, w, "problems", 4u << 20, true, &text, ei)) !=
	    ERR_OK)
		return e;
	if ((list = json_loads(text, 0, NULL)) == NULL || !json_is_array(list)) {
		json_decref(list);
		return err_set(ei, ERR_INVALID, "request.bad_field", "problems",
		    "danh sách lỗi không đọc được",
		    "the list of problems cannot be read");
	}
	buf_reset(&r->out);
	csvw_init(&c, &r->out, CSVW_EXCEL);
	csvw_cellz(&c, "row");
	csvw_cellz(&c, "column");
	csvw_cellz(&c, "field");
	csvw_cellz(&c, "code");
	csvw_cellz(&c, "message");
	csvw_end_row(&c);
	json_array_foreach(list, i, p) {
		json_t *row = json_object_get(p, "row"),
		    *col = json_object_get(p, "column");

		if (json_is_integer(row))
			csvw_int(&c, json_integer_value(row));
		else
			csvw_cellz(&c, json_string_value(row));
		if (json_is_integer(col))
			csvw_int(&c, json_integer_value(col));
		else
			csvw_cellz(&c, json_string_value(col));
		csvw_cellz(&c, jval_str(p, "field"));
		csvw_cellz(&c, jval_str(p, "code"));
		csvw_cellz(&c, jval_str(p, "message"));
		csvw_end_row(&c);
	}
	json_decref(list);
	if (c.err != ERR_OK)
		return err_set(ei, c.err, "imports.too_large", "problems",
		    "danh sách lỗi quá dài", "the list of problems is too long");
	r->status = 200;
	r->content_type = "text/csv; charset=utf-8";
	http_add_header(r, "Content-Disposition",
	    "attachment; filename=\"loi-nhap-du-lieu.csv\"");
	http_add_header(r, "Cache-Control", "private, no-store");
	return ERR_OK;
}

#define IMW_POST(path, handler, roles_) \
	{ .method = "POST", .pattern = path, \
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, \
	  .tmpl = "exchange/import", .fn = handler, .roles = roles_, \
	  .form_view = imw_form_view }

const struct route import_routes[] = {
	{ .method = "GET", .pattern = "/nhap-du-lieu", .flags = ROUTE_HTML,
	  .tmpl = "exchange/import", .fn = imw_page, QUERY(imw_page_query),
	  .roles = ROLES_SIGNED_IN },
	IMW_POST("/imports/units", imw_post_units, IMW_UNITS),
	IMW_POST("/imports/indicator-values", imw_post_values, IMW_VALUES),
	{ .method = "POST", .pattern = "/imports/reports",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM,
	  .tmpl = "exchange/import", .fn = imw_post_reports,
	  QUERY(imw_report_query), .roles = IMW_REPORTS,
	  .form_view = imw_form_view },
	IMW_POST("/imports/ocop", imw_post_ocop, OCOP_IMPORT_ROLES),
	{ .method = "POST", .pattern = "/imports/problems.csv",
	  .flags = ROUTE_RAW, .fn = imw_problems_csv,
	  .roles = ROLES_SIGNED_IN },
	{ .method = NULL }
};
