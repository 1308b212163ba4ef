/*
 * web_criteria.c - the HTTP API and pages of the NTM criteria module: the
 * route table, the helpers its files share (web_criteria_internal.h), and
 * the bulk upload of indicator values.
 *
 *   GET  /criteria-sets                         list (public)
 *   POST /criteria-sets                         import a document
 *   POST /criteria-sets/from-table              a document from a CSV table
 *   GET  /criteria-sets/{id}?version=N          one set (public)
 *   POST /criteria-sets/{id}/thresholds         national thresholds: a new
 *                                               version
 *        (those five in web_criteria_sets.c)
 *   /units/{structure}/{code}/attributes, overrides/{set_id},
 *        indicators/{set_id}/{year}, evaluation/…, rollup/…
 *        (web_criteria_units.c)
 *        and their exports evaluation/…/export.csv|xlsx and
 *        rollup/…/export.csv|xlsx?list=units|children|close|criteria|
 *        distribution (the table as the page shows it, in its sort)
 *   GET|POST /indicators/import                 CSV of indicator values
 *
 * Every handler fills a view from the store (criteria_store.h); the JSON
 * API returns the store's result, and the page adds only what a
 * logic-less template needs to show it (labels, marks, links, widths).
 * Who may call what is the router's, from the table below (roles, and
 * the unit of the path as the scope of every write); handlers never
 * admit or refuse, they pass the binding that admitted the request as the
 * audit actor (web_actor).  The bulk upload names its units row by row:
 * the router's rule is applied to each row (import_row_admitted).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/url.h"
#include "domain/legal/legal.h"
#include "web/web_criteria_internal.h"
#include "web/web_doc.h"

static enum err import_page(struct req *, struct web *, json_t *, struct errinfo *);
static enum err import_post(struct req *, struct web *, json_t *, struct errinfo *);

static const struct qfield version_query[] = {
	{ "version", Q_INT, 1, 1000000, 0, NULL },
};

static const struct qfield import_query[] = {
	{ "change_note", Q_TEXT, 0, 0, CRITW_NOTE_MAX, NULL },
};

static const struct qfield attr_query[] = {
	{ "year", Q_INT, CRITW_YEAR_MIN, CRITW_YEAR_MAX, 0, NULL },
};

/* The sortable columns of a roll-up's lists (critw_sort_keys), and the
 * list an export holds. */
static const char *const sort_choices[] = { "name", "evaluated", "met",
	"share", "avg", "result", "criteria", NULL };
static const char *const dir_choices[] = { "asc", "desc", NULL };
static const char *const list_choices[] = { "units", "children", "close",
	"criteria", "distribution", NULL };

static const struct qfield rollup_query[] = {
	{ "sort", Q_CHOICE, 0, 0, 0, sort_choices },
	{ "dir", Q_CHOICE, 0, 0, 0, dir_choices },
};

static const struct qfield rollup_export_query[] = {
	{ "list", Q_CHOICE, 0, 0, 0, list_choices },
	{ "sort", Q_CHOICE, 0, 0, 0, sort_choices },
	{ "dir", Q_CHOICE, 0, 0, 0, dir_choices },
};

/* The evaluation of a unit against a set for a year (the entry page's
 * JSON adds the form's fields and "values"). */
#define EVAL_INDICATOR DOC_OBJ("\"id\", \"name\", \"type\", \"met\"", \
	DOC_P("id", DOC_STR) ", " DOC_P("name", DOC_STR) ", " \
	DOC_P("type", DOC_STR) ", " DOC_P("unit", DOC_STR_NULL) ", " \
	DOC_P("value", DOC_ANY) ", " DOC_P("op", DOC_STR_NULL) ", " \
	DOC_P("threshold", DOC_ANY) ", " \
	DOC_P("threshold_status", DOC_STR_NULL) ", " \
	DOC_P("met", DOC_BOOL_NULL) ", " DOC_P("reason", DOC_STR_NULL) ", " \
	DOC_P("explanation", DOC_STR_NULL) ", " DOC_P("gap", DOC_NUM_NULL))
#define EVALUATION DOC_OBJ("\"set_id\", \"set_version\", \"year\", " \
	"\"status\", \"criteria_met\", \"criteria_total\", \"criteria\", " \
	"\"failed\", \"unknown\", \"unit\"", \
	DOC_P("set_id", DOC_STR) ", " DOC_P("set_version", DOC_INT) ", " \
	DOC_P("year", DOC_INT) ", " DOC_P("variant", DOC_STR_NULL) ", " \
	DOC_P("status", DOC_STR) ", " DOC_P("criteria_met", DOC_INT) ", " \
	DOC_P("criteria_total", DOC_INT) ", " \
	DOC_P("criteria", DOC_ARR(DOC_OBJ("\"id\", \"name\", \"met\", " \
	"\"indicators\"", DOC_P("id", DOC_STR) ", " DOC_P("name", DOC_STR) \
	", " DOC_P("met", DOC_BOOL_NULL) ", " \
	DOC_P("indicators", DOC_ARR(EVAL_INDICATOR))))) ", " \
	DOC_P("failed", DOC_ARR(DOC_STR)) ", " \
	DOC_P("unknown", DOC_ARR(DOC_STR)) ", " \
	DOC_P("revocation_rule", DOC_BOOL) ", " \
	DOC_P("unit", DOC_OBJ("\"structure\", \"code\", \"full_name\", " \
	"\"level\"", DOC_P("structure", DOC_STRUCTURE) ", " \
	DOC_P("code", DOC_STR) ", " DOC_P("full_name", DOC_STR) ", " \
	DOC_P("level", DOC_STR))) ", " \
	DOC_P("recognised", DOC_BOOL) ", " DOC_P("has_data", DOC_BOOL) ", " \
	DOC_P("history", DOC_ARR(DOC_OBJ("\"year\", \"status\"", \
	DOC_P("year", DOC_INT) ", " DOC_P("status", DOC_STR) ", " \
	DOC_P("criteria_met", DOC_INT) ", " DOC_P("criteria_total", DOC_INT)))))

static const struct route_doc entry_doc = {
	.summary = "Giá trị chỉ tiêu của một đơn vị và đánh giá theo bộ tiêu "
	    "chí / a unit's indicator values and their evaluation",
	.response = EVALUATION,
};

static const struct route_doc entry_put_doc = {
	.summary = "Ghi giá trị chỉ tiêu (chỉ tiêu không nêu giữ nguyên, null "
	    "xóa) / save indicator values (those not named keep theirs, null "
	    "clears)",
	.request = DOC_OBJ("\"values\"", DOC_P("values",
	    "{\"type\": \"object\", \"additionalProperties\": {\"type\": "
	    "[\"number\", \"boolean\", \"string\", \"null\"]}}")),
	.response = EVALUATION,
};

static const struct route_doc evaluation_doc = {
	.summary = "Đánh giá một đơn vị theo bộ tiêu chí trong một năm / a "
	    "unit's evaluation against a criteria set for a year",
	.response = EVALUATION,
};

static const struct route_doc rollup_doc = {
	.summary = "Tổng hợp đánh giá các đơn vị trong phạm vi / the roll-up "
	    "of the evaluations inside a unit",
	.response = DOC_OBJ("\"scope\", \"year\", \"units_in_scope\", "
	    "\"evaluated\", \"met\"", DOC_P("scope", DOC_OBJECT) ", "
	    DOC_P("year", DOC_INT) ", " DOC_P("units_in_scope", DOC_INT) ", "
	    DOC_P("evaluated", DOC_INT) ", " DOC_P("met", DOC_INT) ", "
	    DOC_P("not_met", DOC_INT) ", " DOC_P("incomplete", DOC_INT) ", "
	    DOC_P("criteria", DOC_ARR(DOC_OBJ("\"id\", \"passed\", "
	    "\"failed\"", DOC_P("id", DOC_STR) ", " DOC_P("passed", DOC_INT)
	    ", " DOC_P("failed", DOC_INT) ", " DOC_P("unknown", DOC_INT))))),
};

#define UNIT_PATH "/units/{structure}/{code}"

const struct route criteria_routes[] = {
	{ .method = "GET", .pattern = "/criteria-sets",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "criteria/list",
	  .fn = critw_sets_page, .version_key = CRIT_META_VERSION,
	  .roles = ROLES_PUBLIC },
	{ .method = "POST", .pattern = "/criteria-sets",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "criteria/list",
	  .fn = critw_set_import, QUERY(import_query), .roles = CRITW_SET_WRITERS,
	  .form_view = critw_sets_page },
	{ .method = "POST", .pattern = "/criteria-sets/from-table",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "criteria/list",
	  .fn = critw_set_from_table, .roles = CRITW_SET_WRITERS,
	  .form_view = critw_sets_page },
	{ .method = "GET", .pattern = "/criteria-sets/{id}",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "criteria/set",
	  .fn = critw_set_page, QUERY(version_query),
	  .version_key = CRIT_META_VERSION "+" LEGAL_META_VERSION,
	  .roles = ROLES_PUBLIC },
	{ .method = "POST", .pattern = "/criteria-sets/{id}/thresholds",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "criteria/set",
	  .fn = critw_set_amend, QUERY(version_query), .roles = CRITW_SET_WRITERS,
	  .form_view = critw_set_page },
	{ .method = "GET", .pattern = UNIT_PATH "/attributes",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "criteria/attributes",
	  .fn = critw_attributes_page, QUERY(attr_query),
	  .roles = ROLES_SIGNED_IN },
	{ .method = "POST", .pattern = UNIT_PATH "/attributes",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM,
	  .tmpl = "criteria/attributes", .fn = critw_attributes_post,
	  QUERY(attr_query), .roles = CRITW_PROVINCE_WRITERS,
	  .scope = &scope_path_unit, .form_view = critw_attributes_page },
	{ .method = "GET", .pattern = UNIT_PATH "/overrides/{set_id}",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "criteria/overrides",
	  .fn = critw_overrides_page, .roles = ROLES_SIGNED_IN },
	{ .method = "POST", .pattern = UNIT_PATH "/overrides/{set_id}",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM,
	  .tmpl = "criteria/overrides", .fn = critw_overrides_post,
	  .roles = CRITW_PROVINCE_WRITERS, .scope = &scope_path_unit,
	  .form_view = critw_overrides_page },
	{ .method = "GET", .pattern = UNIT_PATH "/indicators/{set_id}/{year}",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "criteria/entry",
	  .fn = critw_entry_page, .roles = ROLES_SIGNED_IN, .doc = &entry_doc },
	{ .method = "PUT", .pattern = UNIT_PATH "/indicators/{set_id}/{year}",
	  .flags = ROUTE_API, .fn = critw_entry_put,
	  .roles = CRITW_VALUE_WRITERS, .scope = &scope_path_unit,
	  .doc = &entry_put_doc },
	{ .method = "POST", .pattern = UNIT_PATH "/indicators/{set_id}/{year}",
	  .flags = ROUTE_HTML | ROUTE_FORM, .tmpl = "criteria/entry",
	  .fn = critw_entry_post, .roles = CRITW_VALUE_WRITERS,
	  .scope = &scope_path_unit, .form_view = critw_entry_form_view },
	{ .method = "GET", .pattern = UNIT_PATH "/evaluation/{set_id}/{year}",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "criteria/evaluation",
	  .fn = critw_evaluation_page, QUERY(version_query),
	  .version_key = CRIT_META_VERSION, .roles = ROLES_PUBLIC,
	  .doc = &evaluation_doc },
	{ .method = "GET", .pattern = UNIT_PATH
	  "/evaluation/{set_id}/{year}/export.csv",
	  .flags = ROUTE_RAW, .fn = critw_evaluation_csv,
	  QUERY(version_query), .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = UNIT_PATH
	  "/evaluation/{set_id}/{year}/export.xlsx",
	  .flags = ROUTE_RAW, .fn = critw_evaluation_xlsx,
	  QUERY(version_query), .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = UNIT_PATH "/rollup/{set_id}/{year}",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_PAGE_CACHE,
	  .tmpl = "criteria/rollup", QUERY(rollup_query),
	  .fn = critw_rollup_page, .version_key = CRIT_META_VERSION,
	  .roles = ROLES_PUBLIC, .doc = &rollup_doc },
	{ .method = "GET", .pattern = UNIT_PATH
	  "/rollup/{set_id}/{year}/export.csv",
	  .flags = ROUTE_RAW, .fn = critw_rollup_csv,
	  QUERY(rollup_export_query), .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = UNIT_PATH
	  "/rollup/{set_id}/{year}/export.xlsx",
	  .flags = ROUTE_RAW, .fn = critw_rollup_xlsx,
	  QUERY(rollup_export_query), .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/indicators/import",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "criteria/import",
	  .fn = import_page, .roles = CRITW_VALUE_WRITERS },
	{ .method = "POST", .pattern = "/indicators/import",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "criteria/import",
	  .fn = import_post, .roles = CRITW_VALUE_WRITERS,
	  .form_view = import_page },
	{ .method = NULL }
};

/* ---- helpers shared with web_criteria_units.c ---------------------------- */

enum err
critw_path_year(struct req *r, int *year, struct errinfo *ei)
{
	const char *v = http_param(r, "year");
	char *end;
	long n;

	if (v == NULL || !isdigit((unsigned char)v[0]))
		return err_set(ei, ERR_MALFORMED, "request.bad_number", "year",
		    "năm '%.12s' phải là số nguyên",
		    "the year '%.12s' must be an integer", v ? v : "");
	n = strtol(v, &end, 10);
	if (*end != '\0')
		return err_set(ei, ERR_MALFORMED, "request.bad_number", "year",
		    "năm '%.12s' phải là số nguyên",
		    "the year '%.12s' must be an integer", v);
	if (n < CRITW_YEAR_MIN || n > CRITW_YEAR_MAX)
		return err_set(ei, ERR_INVALID, "request.out_of_range", "year",
		    "năm phải từ %d đến %d",
		    "the year must be from %d to %d", CRITW_YEAR_MIN,
		    CRITW_YEAR_MAX);
	*year = (int)n;
	return ERR_OK;
}

/*
 * A form field as a message names it: the label the form shows, in both
 * languages (the error's field keeps the name, for machines).  A message
 * takes both and prints one: "%s...%.0s" in Vietnamese, "%.0s%s..." in
 * English.
 */
static const struct {
	const char *name, *vi, *en;
} field_labels[] = {
	{ "year", "Năm", "The year" },
	{ "version", "Phiên bản", "The version" },
	{ "year_from", "Năm bắt đầu", "The first year" },
	{ "year_to", "Năm kết thúc", "The last year" },
	{ "value", "Giá trị", "The value" },
	{ "document", "Tài liệu bộ tiêu chí", "The criteria document" },
	{ "csv", "Bảng số liệu (CSV)", "The CSV table" },
};

static const char *
label_vi(const char *name)
{
	for (size_t i = 0; i < sizeof(field_labels) / sizeof(field_labels[0]);
	    i++)
		if (strcmp(field_labels[i].name, name) == 0)
			return field_labels[i].vi;
	return name;
}

static const char *
label_en(const char *name)
{
	for (size_t i = 0; i < sizeof(field_labels) / sizeof(field_labels[0]);
	    i++)
		if (strcmp(field_labels[i].name, name) == 0)
			return field_labels[i].en;
	return name;
}

enum err
critw_body_int(struct req *r, struct web *w, const char *name, long min,
    long max, bool required, long *out, bool *present, struct errinfo *ei)
{
	json_t *j = w->body ? json_object_get(w->body, name) : NULL;
	const char *s;
	long long n;
	enum err e;

	*present = false;
	if (json_is_integer(j))
		n = json_integer_value(j);
	else if (j != NULL && !json_is_null(j) && !json_is_string(j))
		return err_set(ei, ERR_INVALID, "request.bad_field", name,
		    "%s phải là số nguyên%.0s", "%.0s%s must be an integer",
		    label_vi(name), label_en(name));
	else {
		char *end;

		if ((e = web_field(r, w, name, 32, required, &s, ei)) != ERR_OK)
			return e;
		if (s == NULL)
			return ERR_OK;
		n = strtoll(s, &end, 10);
		if (*end != '\0' || end == s)
			return err_set(ei, ERR_INVALID, "request.bad_number", name,
			    "%s phải là số nguyên%.0s",
			    "%.0s%s must be an integer", label_vi(name),
			    label_en(name));
	}
	if (n < min || n > max)
		return err_set(ei, ERR_INVALID, "request.out_of_range", name,
		    "%s%.0s phải từ %ld đến %ld",
		    "%.0s%s must be from %ld to %ld", label_vi(name),
		    label_en(name), min, max);
	*out = (long)n;
	*present = true;
	return ERR_OK;
}

enum err
critw_parse_number(const char *text, const char *field, double *out,
    struct errinfo *ei)
{
	char buf[64], *end;
	size_t n = 0;
	double x;

	while (*text == ' ')
		text++;
	for (; *text != '\0' && n < sizeof(buf) - 1; text++)
		buf[n++] = *text == ',' ? '.' : *text;
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	if (*text != '\0' || n == 0)
		return err_set(ei, ERR_INVALID, "request.bad_number", field,
		    "%s phải là một số%.0s", "%.0s%s must be a number",
		    label_vi(field), label_en(field));
	x = strtod(buf, &end);
	if (*end != '\0' || !isfinite(x))
		return err_set(ei, ERR_INVALID, "request.bad_number", field,
		    "%s phải là một số, ví dụ 8,5%.0s",
		    "%.0s%s must be a number, e.g. 8.5", label_vi(field),
		    label_en(field));
	*out = x;
	return ERR_OK;
}

const char *
critw_num_text(struct arena *a, double x, const char *lang)
{
	char buf[40];

	return arena_strdup(a, crit_number_text(buf, sizeof(buf), x, lang));
}

const char *
critw_value_text(struct arena *a, struct web *w, const json_t *v,
    const char *unit)
{
	if (json_is_true(v))
		return msg_get(w->lang, "yes");
	if (json_is_false(v))
		return msg_get(w->lang, "no");
	if (json_is_number(v)) {
		const char *n = critw_num_text(a, json_number_value(v), w->lang);

		return unit != NULL && unit[0] ? arena_printf(a, "%s %s", n,
		    unit) : n;
	}
	if (json_is_string(v))
		return json_string_value(v);
	return NULL;
}

void
critw_marks(json_t *o)
{
	json_t *m = json_object_get(o, "met");

	bool pending = json_is_true(json_object_get(o, "pending"));

	json_object_set_new(o, "is_met", json_boolean(json_is_true(m)));
	json_object_set_new(o, "is_failed", json_boolean(json_is_false(m)));
	/* a criterion without indicators in the set: not "unknown" but
	 * "cannot be evaluated yet", and the page says why */
	json_object_set_new(o, "is_unknown", json_boolean(!json_is_boolean(m) &&
	    !pending));
	json_object_set_new(o, "is_pending", json_boolean(pending));
}

const char *
critw_path(struct arena *a, const char *const *segs, size_t n)
{
	struct buf b;
	const char *s;

	enum err e = ERR_OK;

	/* Three times the longest path MHD accepts (64 KiB a connection):
	 * every segment fits, percent-encoded. */
	buf_init(&b, 256 * 1024);
	for (size_t i = 0; e == ERR_OK && i < n; i++)
		if ((e = buf_putc(&b, '/')) == ERR_OK)
			e = url_encode(segs[i] ? segs[i] : "", false, &b);
	s = e == ERR_OK ? arena_strndup(a, buf_cstr(&b), b.len) : "/";
	buf_free(&b);
	return s;
}

const char *
critw_safe_url(const char *url)
{
	if (url != NULL && (strncmp(url, "https://", 8) == 0 ||
	    strncmp(url, "http://", 7) == 0))
		return url;
	return NULL;
}

enum err
critw_form_text(struct req *r, struct web *w, const char *name, const char *alt,
    const char **out, struct errinfo *ei)
{
	enum err e;

	if ((e = web_field(r, w, name, CRIT_DOC_MAX, false, out, ei)) != ERR_OK)
		return e;
	if (*out == NULL && (e = web_field(r, w, alt, CRIT_DOC_MAX, false, out,
	    ei)) != ERR_OK)
		return e;
	if (*out == NULL)
		return err_set(ei, ERR_INVALID, "request.missing", name,
		    "Thiếu %s (dán nội dung hoặc chọn tệp)%.0s",
		    "%.0s%s is missing (paste the content or choose a file)",
		    label_vi(name), label_en(name));
	return ERR_OK;
}

/* ---- labels ------------------------------------------------------------ */

const char *
critw_label(struct web *w, struct arena *a, const char *prefix,
    const char *value)
{
	const char *key, *m;

	if (value == NULL)
		return NULL;
	key = arena_printf(a, "%s%s", prefix, value);
	m = msg_get(w->lang, key);
	return strcmp(m, key) == 0 ? value : m;
}

json_t *
critw_badge(struct web *w, struct arena *a, const char *status)
{
	const char *cls;

	if (status == NULL)
		return json_null();
	cls = strcmp(status, "verified") == 0 ? "ok" :
	    strcmp(status, "demo") == 0 ? "demo" : "warn";
	return json_pack("{s:s, s:s}", "label", critw_label(w, a, "crit_st_",
	    status), "cls", cls);
}

json_t *
critw_variants(struct web *w, struct arena *a, enum crit_variant_by by)
{
	json_t *out = json_array();

	for (const char *const *c = crit_variant_codes(by); *c != NULL; c++)
		json_array_append_new(out, json_pack("{s:s, s:s}", "code", *c,
		    "label", critw_label(w, a, "crit_variant_", *c)));
	return out;
}

/* A refused form shows the choice it was sent: the option of options
 * whose key equals the form's field is "selected". */
void
critw_mark_chosen(struct req *r, json_t *options, const char *key,
    const char *field)
{
	const char *sent = http_form(r, field);
	json_t *o;
	size_t i;

	if (sent == NULL)
		return;
	json_array_foreach(options, i, o) {
		const char *v = jval_str(o, key);

		json_object_set_new(o, "selected", json_boolean(v != NULL &&
		    strcmp(v, sent) == 0));
	}
}

const char *
critw_op_sign(const char *op)
{
	if (op == NULL)
		return "";
	for (int i = CRIT_GE; i <= CRIT_EQ; i++)
		if (strcmp(crit_op_names[i], op) == 0)
			return crit_op_signs[i];
	return op;
}

/* ---- bulk upload of values ------------------------------------------------- */

static enum err
import_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)r;
	(void)ei;
	json_object_set_new(view, "title",
	    jval_string(msg_get(w->lang, "crit_import")));
	json_object_set_new(view, "example", jval_string(
	    "structure,code,set_id,year,indicator,value\n"
	    "2025,00376,ntm-xa-2026-2030,2026,1.1,true\n"
	    "2025,00376,ntm-xa-2026-2030,2026,8.1,\"91,5\"\n"));
	return ERR_OK;
}

/*
 * The router's rule applied to each row of an import: the caller is
 * admitted to write a unit's values when a binding with a role of the
 * route (w->route->roles) holds that unit in its scope - what check_scope
 * does for a route whose path names the unit (web/access.c).  A file
 * names many units, so the router cannot resolve them before the handler
 * runs; crit_values_import asks this for every row and refuses the rows
 * of units outside the caller's scope.
 */
static bool
import_row_admitted(void *ctx, const char *structure, const char *code)
{
	const struct web *w = ctx;

	return w->who != NULL && auth_can(w->db, w->who, w->route->roles,
	    structure, code, NULL);
}

static enum err
import_post(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct crit_import_stats st;
	struct audit_actor who;
	const char *csv, *dry;
	json_t *errors = NULL, *jdry;
	bool dry_run;
	char *copy;
	FILE *f;
	enum err e;

	if ((!w->json && (e = import_page(r, w, view, ei)) != ERR_OK) ||
	    (e = critw_form_text(r, w, "csv", "file", &csv, ei)) != ERR_OK)
		return e;
	jdry = w->body ? json_object_get(w->body, "dry_run") : NULL;
	if (jdry != NULL && !json_is_boolean(jdry))
		return err_set(ei, ERR_INVALID, "request.bad_field", "dry_run",
		    "dry_run phải là true hoặc false",
		    "dry_run must be true or false");
	if (w->body != NULL)
		dry_run = json_is_true(jdry);
	else {
		dry = http_form(r, "dry_run");
		dry_run = dry != NULL && dry[0] != '\0' && strcmp(dry, "0") != 0 &&
		    strcmp(dry, "false") != 0;
	}
	copy = arena_strdup(r->arena, csv);
	if ((f = fmemopen(copy, strlen(copy), "r")) == NULL)
		return err_set(ei, ERR_SYS, NULL, NULL, "không đọc được tệp",
		    "the file cannot be read");
	web_actor(w, &who);
	/* The table named as the form names it ("Bảng CSV: 3 dòng lỗi"). */
	e = crit_values_import(w->db, &who, f, msg_get(w->lang, "crit_csv"),
	    w->lang, dry_run, import_row_admitted, w, &st, &errors, ei);
	fclose(f);
	if (e != ERR_OK) {
		/* Every bad row: on the page and in the JSON error ("rows");
		 * the summary's link goes to the box the table was pasted in,
		 * else to the file chosen. */
		if (json_array_size(errors) > 0)
			json_object_set_new(view, "errors", errors);
		else
			json_decref(errors);
		if (!w->json)
			web_problem(w, ei, http_form(r, "csv") != NULL &&
			    http_form(r, "csv")[0] != '\0' ? "f-csv" : "f-file");
		return e;
	}
	json_decref(errors);
	json_object_set_new(view, "rows", json_integer(st.rows));
	json_object_set_new(view, "units", json_integer(st.units));
	json_object_set_new(view, "evaluations", json_integer(st.evaluations));
	json_object_set_new(view, "dry_run", json_boolean(dry_run));
	if (!w->json)
		json_object_set_new(view, "done", json_true());
	return ERR_OK;
}
