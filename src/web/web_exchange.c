/*
 * web_exchange.c - bulk exchange files (docs/EXCHANGE.md section 5), for
 * officials (admin, coordinators, province and commune officers) and their
 * API tokens:
 *
 *   GET /api/v1/exchange               the catalog: every data set with
 *                                      its columns (name, type, unit,
 *                                      meaning), period and formats
 *   GET /exchange/{dataset}.csv        a data set for ?unit=S:CODE (its
 *   GET /exchange/{dataset}.json       subtree; default: the caller's own
 *                                      unit) and ?from=&to= (years or
 *                                      dates, as the data set compares);
 *                                      under /api/v1 too, where a refusal
 *                                      is the JSON error of API.md
 *   GET /trao-doi                      the page: pick a data set, a unit
 *                                      by name, a period, a format, and
 *                                      download (a 303 to the file)
 *
 * The router checks the unit against the caller's scope (scope_query_unit)
 * before anything is read.  The file is written row by row to an unlinked
 * temporary file and sent from it, so the nation's largest file takes a
 * row of memory, not the file's size (the response buffer holds 16 MB).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/jval.h"
#include "core/msg.h"
#include "core/url.h"
#include "domain/exchange/exchange.h"
#include "domain/webhooks/webhooks.h"
#include "http/http.h"
#include "web/web.h"
#include "web/web_internal.h"

/* Who reads the files: the officials who read every module's data of
 * their scope (reports, values, dossiers, OCOP) - not a producer, a
 * village team or an appraiser, whose routes show them less. */
#define XCW_READERS	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR) | \
    ROLE_BIT(ROLE_PROVINCE_OFFICER) | ROLE_BIT(ROLE_COMMUNE_OFFICER))

static const char *const xcw_formats[] = { "csv", "json", NULL };

static const struct qfield xcw_file_query[] = {
	{ "unit", Q_TEXT, 0, 0, 64, NULL },
	{ "from", Q_TEXT, 0, 0, 10, NULL },
	{ "to", Q_TEXT, 0, 0, 10, NULL },
};

static const struct qfield xcw_page_query[] = {
	{ "unit", Q_TEXT, 0, 0, 64, NULL },
	{ "dataset", Q_TEXT, 0, 0, 64, NULL },
	{ "from", Q_TEXT, 0, 0, 10, NULL },
	{ "to", Q_TEXT, 0, 0, 10, NULL },
	{ "format", Q_CHOICE, 0, 0, 0, xcw_formats },
	{ "download", Q_TEXT, 0, 0, 8, NULL },
};

/* The unit read: the one asked (checked by the router), else the
 * caller's first binding with a role of the routes. */
static bool
xcw_unit(const struct web *w, const char **s, const char **c)
{
	if (w->unit_structure != NULL) {
		*s = w->unit_structure;
		*c = w->unit_code;
		return true;
	}
	for (size_t i = 0; w->who != NULL && i < w->who->nroles; i++)
		if (ROLE_BIT(w->who->roles[i].role) & XCW_READERS) {
			*s = w->who->roles[i].structure;
			*c = w->who->roles[i].unit_code;
			return true;
		}
	return false;
}

static enum err
xcw_catalog(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)r;
	(void)ei;
	json_object_set_new(view, "datasets", xc_catalog(w->lang));
	return ERR_OK;
}

static enum err
xcw_file(struct req *r, struct web *w, enum xc_format fmt,
    struct errinfo *ei)
{
	const char *slug = http_param(r, "dataset");
	const struct xc_dataset *d;
	struct xc_request q = { .from = web_qtext(w, "from"),
	    .to = web_qtext(w, "to"), .lang = w->lang };
	struct stat sb;
	FILE *f;
	long rows;
	int fd;
	enum err e;

	if (slug == NULL || (d = xc_find(slug)) == NULL)
		return err_set(ei, ERR_NOTFOUND, "exchange.not_found",
		    "dataset", "không có bộ dữ liệu này",
		    "there is no such data set");
	if (!xcw_unit(w, &q.structure, &q.code))
		return err_set(ei, ERR_FORBIDDEN, "auth.out_of_scope", "unit",
		    "tài khoản không gắn với đơn vị nào",
		    "the account is bound to no unit");
	if ((e = xc_request_check(&q, ei)) != ERR_OK)
		return e;
	if ((f = tmpfile()) == NULL)
		return err_set(ei, ERR_SYS, NULL, NULL, "không tạo được tệp "
		    "tạm", "no temporary file could be made");
	if ((e = xc_write(w->db, d, &q, fmt, f, &rows, ei)) != ERR_OK) {
		fclose(f);
		return e;
	}
	fd = dup(fileno(f));
	fclose(f);
	if (fd < 0 || fstat(fd, &sb) != 0) {
		if (fd >= 0)
			close(fd);
		return err_set(ei, ERR_SYS, NULL, NULL, "không đọc lại được "
		    "tệp tạm", "the temporary file cannot be read back");
	}
	http_clear_body(r);
	r->status = 200;
	r->content_type = fmt == XC_CSV ? "text/csv; charset=utf-8" :
	    "application/json; charset=utf-8";
	http_add_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"%s-%s-%s.%s\"", d->slug, q.structure,
	    q.code, fmt == XC_CSV ? "csv" : "json"));
	http_add_header(r, "Cache-Control", "private, no-store");
	http_add_header(r, "X-Rows", arena_printf(r->arena, "%ld", rows));
	r->out_fd_set = true;
	r->out_fd = fd;
	r->out_fd_len = (size_t)sb.st_size;
	return ERR_OK;
}

static enum err
xcw_csv(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)view;
	return xcw_file(r, w, XC_CSV, ei);
}

static enum err
xcw_json(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)view;
	return xcw_file(r, w, XC_JSON, ei);
}

/* The page: the form, or (download=1) a 303 to the file asked. */
static enum err
xcw_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *ds = web_qtext(w, "dataset"), *fmt = web_qtext(w, "format"),
	    *from = web_qtext(w, "from"), *to = web_qtext(w, "to"), *s, *c;
	json_t *sets = json_array(), *formats = json_array();
	char current[80] = "";

	if (fmt == NULL)
		fmt = "csv";
	if (xcw_unit(w, &s, &c))
		snprintf(current, sizeof(current), "%s:%s", s, c);
	if (web_qtext(w, "download") != NULL && ds != NULL) {
		struct xc_request q = { .from = from, .to = to };
		struct buf qs;

		if (xc_find(ds) == NULL) {
			json_decref(sets);
			json_decref(formats);
			return err_set(ei, ERR_INVALID, "exchange.not_found",
			    "dataset", "không có bộ dữ liệu này",
			    "there is no such data set");
		}
		if (xc_request_check(&q, ei) != ERR_OK) {
			web_problem(w, ei, NULL);
		} else {
			buf_init(&qs, 1024);
			if (url_query_add(&qs, "unit", current) == ERR_OK &&
			    (from == NULL || from[0] == '\0' ||
			    url_query_add(&qs, "from", from) == ERR_OK) &&
			    (to == NULL || to[0] == '\0' ||
			    url_query_add(&qs, "to", to) == ERR_OK))
				w->redirect = arena_printf(r->arena,
				    "/exchange/%s.%s?%s", ds, fmt,
				    buf_cstr(&qs));
			buf_free(&qs);
			if (w->redirect != NULL) {
				json_decref(sets);
				json_decref(formats);
				return ERR_OK;
			}
		}
	}
	for (const struct xc_dataset *d = xc_datasets; d->slug != NULL; d++)
		json_array_append_new(sets, json_pack("{s:s, s:s, s:b, s:s}",
		    "value", d->slug, "label", msg_get(w->lang, d->title_key),
		    "selected", ds != NULL && strcmp(ds, d->slug) == 0,
		    "period", msg_get(w->lang, d->period == XC_PERIOD_NONE ?
		    "xc_period_none" : d->period == XC_PERIOD_YEAR ?
		    "xc_period_year" : "xc_period_date")));
	for (size_t i = 0; xcw_formats[i] != NULL; i++)
		json_array_append_new(formats, json_pack("{s:s, s:s, s:b}",
		    "value", xcw_formats[i], "label", i == 0 ?
		    "CSV (Excel)" : "JSON", "checked",
		    strcmp(fmt, xcw_formats[i]) == 0));
	json_object_set_new(view, "datasets", sets);
	json_object_set_new(view, "formats", formats);
	json_object_set_new(view, "from", jval_string(from));
	json_object_set_new(view, "to", jval_string(to));
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "xc_title")));
	/* The webhooks' page is reached from here, not the header. */
	json_object_set_new(view, "webhooks_link",
	    json_boolean(web_holds(w, WEBHOOK_ROLES)));
	if (web_problems(w, ei) != ERR_OK)
		return ei->err;
	return web_unit_picker(r, w, view, "unit_picker", "unit",
	    current[0] != '\0' ? current : NULL, NULL, ei);
}

const struct route exchange_routes[] = {
	{ .method = "GET", .pattern = "/exchange", .flags = ROUTE_API,
	  .fn = xcw_catalog, .roles = XCW_READERS },
	{ .method = "GET", .pattern = "/exchange/{dataset}.csv",
	  .flags = ROUTE_RAW | ROUTE_API, .fn = xcw_csv, QUERY(xcw_file_query),
	  .roles = XCW_READERS, .scope = &scope_query_unit },
	{ .method = "GET", .pattern = "/exchange/{dataset}.json",
	  .flags = ROUTE_RAW | ROUTE_API, .fn = xcw_json, QUERY(xcw_file_query),
	  .roles = XCW_READERS, .scope = &scope_query_unit },
	{ .method = "GET", .pattern = "/trao-doi", .flags = ROUTE_HTML,
	  .tmpl = "exchange/page", .fn = xcw_page, QUERY(xcw_page_query),
	  .roles = XCW_READERS, .scope = &scope_query_unit },
	{ .method = NULL }
};
