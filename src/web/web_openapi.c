/*
 * web_openapi.c - GET /api/v1/openapi.json: the OpenAPI 3.1 description
 * of the whole API, generated from the route tables themselves (paths,
 * methods, path and query parameters with their types and limits, who may
 * call each, the scope rule, the cache token, the error shape) plus the
 * route_doc a module declares next to its table.  So the description
 * cannot drift from the code: a route added to a table is described.
 *
 * Described: every route with ROUTE_API at "/api/v1" + pattern, and every
 * file download (ROUTE_RAW without ROUTE_API: CSV, XLSX, PDF, SVG...) at
 * its own path, with the media types it answers.  Pages are not.
 *
 * The document is the same for the whole process (the tables are const):
 * it is built once, at its first request, and served as a string.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/web.h"
#include "web/web_internal.h"

#ifndef NTM_VERSION
#define NTM_VERSION "dev"
#endif

static enum err openapi_get(struct req *, struct web *, json_t *,
    struct errinfo *);

static const struct route_doc openapi_doc = {
	.summary = "Mô tả OpenAPI 3.1 của toàn bộ API / this OpenAPI "
	    "3.1 description of the whole API",
	.response = "{\"type\": \"object\", \"required\": [\"openapi\", "
	    "\"info\", \"paths\"], \"properties\": {\"openapi\": {\"type\": "
	    "\"string\"}, \"info\": {\"type\": \"object\"}, \"paths\": "
	    "{\"type\": \"object\"}}}",
};

const struct route openapi_routes[] = {
	{ .method = "GET", .pattern = "/openapi.json",
	  .flags = ROUTE_API | ROUTE_RAW | ROUTE_NODB, .fn = openapi_get,
	  .roles = ROLES_PUBLIC, .doc = &openapi_doc },
	{ .method = NULL }
};

static const char error_schema[] =
    "{\"type\": \"object\", \"required\": [\"error\"],"
    " \"additionalProperties\": false, \"properties\": {\"error\":"
    " {\"type\": \"object\", \"required\": [\"code\", \"message\", \"field\"],"
    " \"additionalProperties\": false, \"properties\": {"
    "  \"code\": {\"type\": \"string\", \"description\": \"module.reason\"},"
    "  \"message\": {\"type\": \"string\", \"description\":"
    "   \"in the caller's language (Vietnamese first)\"},"
    "  \"field\": {\"type\": [\"string\", \"null\"], \"description\":"
    "   \"the machine name of the field at fault, or null\"},"
    "  \"problems\": {\"type\": \"array\", \"description\":"
    "   \"every problem of a refused form (the first is also code/message/field)\","
    "   \"items\": {\"type\": \"object\", \"required\": [\"code\", \"field\","
    "    \"message\"], \"properties\": {\"code\": {\"type\": \"string\"},"
    "    \"field\": {\"type\": [\"string\", \"null\"]},"
    "    \"message\": {\"type\": \"string\"}}}}}}}}";

static const char description[] =
    "API của nền tảng Nông thôn mới và OCOP: cùng các trang web, dưới "
    "dạng JSON. Lỗi luôn có dạng {\"error\": {code, message, field}}. "
    "Khóa API (Authorization: Bearer) có thể chỉ được đọc và chỉ trong "
    "một đơn vị hành chính.\n\n"
    "The API of the New Rural Development and OCOP platform: the same "
    "pages, as JSON. Errors are always {\"error\": {code, message, "
    "field}}. Write with the session cookie and its X-CSRF-Token header, "
    "or with an API token (Authorization: Bearer), which may be limited "
    "to reading and to one administrative unit. x-ntm-roles names who may "
    "call an operation, x-ntm-scope the rule that finds the unit it acts "
    "on (the caller's role must hold that unit in its scope), x-ntm-cache "
    "the version token its answer depends on (ETag).";

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char *doc_text;
static size_t doc_len;

static json_t *
schema_or_generic(const char *text, json_t *op, const char *what)
{
	json_error_t jerr;
	json_t *s;

	if (text == NULL)
		return json_pack("{s:s}", "type", "object");
	if ((s = json_loads(text, 0, &jerr)) != NULL)
		return s;
	/* A module's schema text that is not JSON: said in the document
	 * (the e2e test fails on it), never a crash of the server. */
	json_object_set_new(op, "x-ntm-doc-error", json_sprintf("%s: %s", what,
	    jerr.text));
	return json_pack("{s:s}", "type", "object");
}


/* Records named by a word rather than a number: their {id} is text
 * ("ntm-xa-2026-2030"); every other {id}, and {aid} {pid} {nid}, is a
 * row's number (web_path_id: 404 for anything else). */
static const char *const named_records[] = {
	"/criteria-sets/{id}", "/procedures/{id}", "/scorecards/{id}", NULL
};

static bool
id_is_text(const char *pattern, const char *at)
{
	for (size_t i = 0; named_records[i] != NULL; i++) {
		const char *seg = named_records[i];
		size_t n = strlen(seg) - strlen("{id}");

		if ((size_t)(at - pattern) >= n && strncmp(at - n, seg, n) == 0)
			return true;
	}
	return false;
}

/* at: where "{name}" begins in pattern. */
static json_t *
path_param(const char *pattern, const char *at, const char *name)
{
	json_t *schema;

	if (strcmp(name, "structure") == 0)
		schema = json_pack("{s:s, s:[s,s]}", "type", "string", "enum",
		    "pre2025", "2025");
	else if (strcmp(name, "code") == 0)
		schema = json_pack("{s:s, s:s, s:i}", "type", "string",
		    "pattern", "^[A-Za-z0-9_.-]+$", "maxLength", 40);
	else if ((strcmp(name, "id") == 0 && !id_is_text(pattern, at)) ||
	    strcmp(name, "aid") == 0 || strcmp(name, "pid") == 0 ||
	    strcmp(name, "nid") == 0)
		schema = json_pack("{s:s, s:i}", "type", "integer", "minimum", 1);
	else if (strcmp(name, "year") == 0)
		schema = json_pack("{s:s, s:i, s:i}", "type", "integer",
		    "minimum", 1000, "maximum", 9999);
	else
		schema = json_pack("{s:s, s:i}", "type", "string", "minLength", 1);
	return json_pack("{s:s, s:s, s:b, s:o}", "name", name, "in", "path",
	    "required", 1, "schema", schema);
}

static json_t *
query_param(const struct qfield *q)
{
	json_t *schema;

	switch (q->type) {
	case Q_INT:
		schema = json_pack("{s:s, s:I, s:I}", "type", "integer",
		    "minimum", (json_int_t)q->min, "maximum", (json_int_t)q->max);
		break;
	case Q_CHOICE:
		schema = json_pack("{s:s, s:[]}", "type", "string", "enum");
		for (size_t i = 0; q->choices != NULL && q->choices[i]; i++)
			json_array_append_new(json_object_get(schema, "enum"),
			    json_string(q->choices[i]));
		break;
	default:
		schema = json_pack("{s:s}", "type", "string");
		if (q->max_len > 0)
			json_object_set_new(schema, "maxLength",
			    json_integer((json_int_t)q->max_len));
		break;
	}
	return json_pack("{s:s, s:s, s:b, s:o}", "name", q->name, "in", "query",
	    "required", 0, "schema", schema);
}

static json_t *
roles_value(unsigned roles)
{
	json_t *a;

	if (roles == ROLES_PUBLIC)
		return json_string("public");
	if (roles == ROLES_SIGNED_IN)
		return json_string("signed-in");
	a = json_array();
	for (int i = 0; i < ROLE__MAX; i++)
		if (roles & ROLE_BIT(i))
			json_array_append_new(a, json_string(role_names[i]));
	return a;
}

static bool
is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

static json_t *
security(const struct route *rt)
{
	bool csrf = is_write(rt->method) && !(rt->flags & ROUTE_NOCSRF);
	json_t *s = json_array();

	if (rt->roles == ROLES_PUBLIC)
		json_array_append_new(s, json_object());	/* anonymous too */
	json_array_append_new(s, csrf ? json_pack("{s:[], s:[]}", "session",
	    "csrf") : json_pack("{s:[]}", "session"));
	json_array_append_new(s, json_pack("{s:[]}", "bearer"));
	return s;
}

/* A file's media type by its path's extension (or what it holds). */
static const char *
file_media_type(const char *pattern)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".csv", "text/csv" },
		{ ".xlsx", "application/vnd.openxmlformats-officedocument."
		    "spreadsheetml.sheet" },
		{ ".pdf", "application/pdf" },
		{ ".svg", "image/svg+xml" },
		{ ".xml", "application/xml" },
		{ ".txt", "text/plain" },
		{ ".json", "application/json" },
		{ "/healthz", "application/json" },
		{ "/thumb", "image/*" },
		{ "/photos/{id}", "image/*" },
		{ "/photos/{pid}", "image/*" },
	};
	size_t n = strlen(pattern);

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t e = strlen(types[i].ext);

		if (n >= e && strcmp(pattern + n - e, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

/* The error answers, each once in components.responses. */
static const struct {
	const char *status, *name, *what;
} errors[] = {
	{ "400", "Error400", "malformed: not a number, invalid UTF-8, bad JSON" },
	{ "401", "Error401", "not signed in (where it is needed), or a bad or revoked "
	    "API token (on any route)" },
	{ "403", "Error403", "a role or scope that may not do this; a write from another "
	    "site or without the CSRF token; a write with a read-only API "
	    "token (auth.token_read_only)" },
	{ "404", "Error404", "no such record or unit" },
	{ "409", "Error409", "the record changed meanwhile, or the step is not allowed in "
	    "its state" },
	{ "422", "Error422", "well-formed but invalid: every problem named in field and "
	    "problems" },
	{ "429", "Error429", "too many attempts: wait and try again" },
	{ "503", "Error503", "the database cannot be reached" },
};

static void
error_response(json_t *res, const char *status)
{
	json_object_set_new(res, status, json_pack("{s:s+}", "$ref",
	    "#/components/responses/Error", status));
}

static json_t *
error_responses(void)
{
	json_t *o = json_object();

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		json_object_set_new(o, errors[i].name,
		    json_pack("{s:s, s:{s:{s:{s:s}}}}", "description",
		    errors[i].what, "content", "application/json", "schema",
		    "$ref", "#/components/schemas/Error"));
	return o;
}

static json_t *
responses(const struct route *rt, json_t *op, bool has_params)
{
	const struct route_doc *d = rt->doc;
	bool write = is_write(rt->method);
	json_t *res = json_object(), *ok;

	/* A file; this document is written raw but is JSON. */
	if ((rt->flags & ROUTE_RAW) && rt->fn != openapi_get)
		ok = json_pack("{s:s, s:{s:{s:{s:s, s:s}}}}", "description",
		    "the file", "content", file_media_type(rt->pattern),
		    "schema", "type", "string", "format", "binary");
	else
		ok = json_pack("{s:s, s:{s:{s:o}}}", "description", d &&
		    d->summary ? d->summary : "the view, as JSON", "content",
		    "application/json", "schema", schema_or_generic(d ?
		    d->response : NULL, op, "response"));
	json_object_set_new(res, "200", ok);
	error_response(res, "400");
	error_response(res, "401");	/* a bad token, on any route */
	if (rt->roles != ROLES_PUBLIC || rt->scope != NULL || write)
		error_response(res, "403");
	if (has_params || rt->scope != NULL)
		error_response(res, "404");
	if (write)
		error_response(res, "409");
	if (write || rt->nquery > 0)
		error_response(res, "422");
	if (rt->flags & ROUTE_NOCSRF)
		error_response(res, "429");
	error_response(res, "503");
	return res;
}

static json_t *
request_body(const struct route *rt, json_t *op, const char *path)
{
	const struct route_doc *d = rt->doc;
	json_t *content = json_object();
	json_t *schema = schema_or_generic(d ? d->request : NULL, op, "request");

	json_object_set_new(content, "application/json", json_pack("{s:O}",
	    "schema", schema));
	if (rt->flags & ROUTE_FORM)
		json_object_set_new(content, "application/x-www-form-urlencoded",
		    json_pack("{s:O}", "schema", schema));
	/* An upload: the file as the body itself, or in a form. */
	if (web_body_limit(rt->method, path) != 0) {
		json_object_set_new(content, "multipart/form-data", json_pack(
		    "{s:{s:s}}", "schema", "type", "object"));
		json_object_set_new(content, "application/octet-stream",
		    json_pack("{s:{s:s, s:s}}", "schema", "type", "string",
		    "format", "binary"));
	}
	json_decref(schema);
	return json_pack("{s:b, s:o}", "required", 0, "content", content);
}

/* "get /api/v1/units/{structure}" -> "get_api_v1_units_structure". */
static json_t *
operation_id(const char *method, const char *path)
{
	char id[300];
	size_t n = 0;

	for (const char *m = method; *m && n < 10; m++)
		id[n++] = (char)(*m >= 'A' && *m <= 'Z' ? *m + 32 : *m);
	for (const char *p = path; *p && n < sizeof(id) - 2; p++) {
		char c = *p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9'))
			id[n++] = c;
		else if (c == '{' || c == '}')
			continue;
		else if (n > 0 && id[n - 1] != '_')
			id[n++] = '_';
	}
	while (n > 0 && id[n - 1] == '_')
		n--;
	id[n] = '\0';
	return json_string(id);
}

static json_t *
operation(const struct route *rt, const char *path)
{
	json_t *op = json_object(), *params = json_array();
	const char *p = rt->pattern;
	char tag[64];
	size_t tl;

	json_object_set_new(op, "operationId", operation_id(rt->method, path));
	json_object_set_new(op, "summary", json_string(rt->doc &&
	    rt->doc->summary ? rt->doc->summary : path));
	/* The first segment of the pattern groups the operations. */
	tl = strcspn(p + 1, "/.");
	snprintf(tag, sizeof(tag), "%.*s", (int)(tl > 60 ? 60 : tl), p + 1);
	json_object_set_new(op, "tags", json_pack("[s]", tag[0] ? tag : "api"));
	for (const char *s = strchr(p, '{'); s != NULL; s = strchr(s + 1, '{')) {
		const char *e = strchr(s, '}');
		char name[64];

		if (e == NULL)
			break;
		snprintf(name, sizeof(name), "%.*s", (int)(e - s - 1), s + 1);
		json_array_append_new(params, path_param(p, s, name));
	}
	for (size_t i = 0; i < rt->nquery; i++)
		json_array_append_new(params, query_param(&rt->query[i]));
	json_object_set_new(op, "x-ntm-roles", roles_value(rt->roles));
	if (rt->inside_roles)
		json_object_set_new(op, "x-ntm-inside-roles",
		    roles_value(rt->inside_roles));
	if (rt->scope != NULL)
		json_object_set_new(op, "x-ntm-scope",
		    json_string(rt->scope->name));
	if (rt->version_key != NULL)
		json_object_set_new(op, "x-ntm-cache",
		    json_string(rt->version_key));
	json_object_set_new(op, "security", security(rt));
	if (strcmp(rt->method, "POST") == 0 || strcmp(rt->method, "PUT") == 0 ||
	    strcmp(rt->method, "PATCH") == 0)
		json_object_set_new(op, "requestBody", request_body(rt, op, path));
	json_object_set_new(op, "responses", responses(rt, op,
	    json_array_size(params) > 0 && strchr(p, '{') != NULL));
	if (json_array_size(params) > 0)
		json_object_set_new(op, "parameters", params);
	else
		json_decref(params);
	return op;
}

static json_t *
components(void)
{
	json_t *err = json_loads(error_schema, 0, NULL);

	return json_pack("{s:{s:o}, s:o, s:{s:{s:s, s:s, s:s, s:s}, "
	    "s:{s:s, s:s, s:s, s:s}, s:{s:s, s:s, s:s}}}",
	    "schemas", "Error", err ? err : json_object(),
	    "responses", error_responses(),
	    "securitySchemes",
	    "session", "type", "apiKey", "in", "cookie", "name",
	    web_session_cookie_name(), "description",
	    "the session of POST /api/v1/session (signing in)",
	    "csrf", "type", "apiKey", "in", "header", "name", "X-CSRF-Token",
	    "description", "the session's csrf_token, on every write "
	    "authenticated by the cookie",
	    "bearer", "type", "http", "scheme", "bearer", "description",
	    "an API token (POST /api/v1/tokens): may be read-only and limited "
	    "to one unit");
}

static void
add_operation(json_t *paths, const struct route *rt, int api)
{
	char path[256], method[16];
	json_t *item;
	size_t i;

	snprintf(path, sizeof(path), "%s%s", api ? "/api/v1" : "",
	    rt->pattern);
	for (i = 0; rt->method[i] && i < sizeof(method) - 1; i++)
		method[i] = (char)(rt->method[i] >= 'A' && rt->method[i] <= 'Z' ?
		    rt->method[i] + 32 : rt->method[i]);
	method[i] = '\0';
	if ((item = json_object_get(paths, path)) == NULL) {
		item = json_object();
		json_object_set_new(paths, path, item);
	}
	/* The first route of a (method, path) is the one the router calls. */
	if (json_object_get(item, method) == NULL)
		json_object_set_new(item, method, operation(rt, path));
}

json_t *
web_openapi_document(void)
{
	json_t *doc, *paths = json_object();

	/* Each address as `ntm routes` lists it: the API's, and a file's
	 * own path (a ROUTE_RAW route answers there too). */
	for (size_t t = 0; web_route_tables[t] != NULL; t++)
		for (const struct route *rt = web_route_tables[t]; rt->pattern;
		    rt++)
			for (int api = 0; api < 2; api++)
				if (api ? (rt->flags & ROUTE_API) != 0 :
				    (rt->flags & ROUTE_RAW) != 0)
					add_operation(paths, rt, api);
	doc = json_pack("{s:s, s:{s:s, s:s, s:s}, s:[{s:s, s:s}], s:o, s:o}",
	    "openapi", "3.1.0",
	    "info", "title", "ntm: Nông thôn mới và OCOP / New Rural "
	    "Development and OCOP", "version", NTM_VERSION, "description",
	    description,
	    "servers", "url", "/", "description",
	    "this server (paths are full: /api/v1/...)",
	    "paths", paths, "components", components());
	return doc;
}

static void
build_once(void)
{
	json_t *doc = web_openapi_document();

	doc_text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	doc_len = doc_text ? strlen(doc_text) : 0;
	json_decref(doc);
}

static enum err
openapi_get(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)w;
	(void)view;
	pthread_once(&once, build_once);
	if (doc_text == NULL)
		return err_set(ei, ERR_SYS, "openapi.build", NULL,
		    "không tạo được mô tả API", "the API description could "
		    "not be made");
	buf_reset(&r->out);
	if (buf_append(&r->out, doc_text, doc_len) != ERR_OK)
		return err_set(ei, ERR_LIMIT, "openapi.build", NULL,
		    "không gửi được mô tả API", "the API description could "
		    "not be sent");
	r->status = 200;
	r->content_type = "application/json";
	http_add_header(r, "Cache-Control", "public, max-age=300");
	return ERR_OK;
}
