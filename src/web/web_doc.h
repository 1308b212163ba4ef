/*
 * web_doc.h - pieces of JSON Schema text for the route_doc a module
 * declares next to its route table (struct route_doc, web.h; the OpenAPI
 * document of web_openapi.c).  String literals that concatenate at
 * compile time, so a schema reads like the JSON it describes:
 *
 *   DOC_OBJ("\"id\", \"name\"", DOC_P("id", DOC_INT) ", "
 *       DOC_P("name", DOC_STR))
 *
 * A schema names the fields a client may rely on (required) and their
 * types; the views carry more (labels, page-only texts), which the
 * schemas leave open (no additionalProperties).  tests/e2e/api/
 * openapi.test.js checks real replies against them.
 */
#ifndef NTM_WEB_WEB_DOC_H
#define NTM_WEB_WEB_DOC_H

#define DOC_STR		"{\"type\": \"string\"}"
#define DOC_INT		"{\"type\": \"integer\"}"
#define DOC_NUM		"{\"type\": \"number\"}"
#define DOC_BOOL	"{\"type\": \"boolean\"}"
#define DOC_ANY		"{}"
#define DOC_OBJECT	"{\"type\": \"object\"}"
#define DOC_STR_NULL	"{\"type\": [\"string\", \"null\"]}"
#define DOC_INT_NULL	"{\"type\": [\"integer\", \"null\"]}"
#define DOC_NUM_NULL	"{\"type\": [\"number\", \"null\"]}"
#define DOC_BOOL_NULL	"{\"type\": [\"boolean\", \"null\"]}"
#define DOC_OBJ_NULL	"{\"type\": [\"object\", \"null\"]}"
/* "2026-12-31" and "2026-12-31T08:00:00Z" */
#define DOC_DATE	"{\"type\": \"string\", \"format\": \"date\"}"
#define DOC_TIME	"{\"type\": \"string\", \"format\": \"date-time\"}"
#define DOC_STRUCTURE	"{\"type\": \"string\", \"enum\": [\"pre2025\", \"2025\"]}"
/* A unit as "STRUCTURE:CODE", what bodies and queries take. */
#define DOC_UNIT_REF	"{\"type\": \"string\", \"pattern\": " \
	"\"^(pre2025|2025):[A-Za-z0-9_.-]+$\"}"

/* "name": schema */
#define DOC_P(name, schema)	"\"" name "\": " schema
/* An object: req is the quoted names, comma-separated ("" for none). */
#define DOC_OBJ(req, props)	"{\"type\": \"object\", \"required\": [" req \
	"], \"properties\": {" props "}}"
#define DOC_ARR(items)		"{\"type\": \"array\", \"items\": " items "}"
/* The lists of API.md: {"items": [...], "total": N}. */
#define DOC_LIST(item)		DOC_OBJ("\"items\", \"total\"", \
	DOC_P("items", DOC_ARR(item)) ", " DOC_P("total", DOC_INT))

/* A unit as most views name it. */
#define DOC_UNIT	DOC_OBJ("\"structure\", \"code\", \"name\"", \
	DOC_P("structure", DOC_STRUCTURE) ", " DOC_P("code", DOC_STR) ", " \
	DOC_P("name", DOC_STR) ", " DOC_P("full_name", DOC_STR) ", " \
	DOC_P("level", DOC_STR))

#endif
