/*
 * web_units.c - the administrative-unit pages and API:
 *   GET /units, /api/v1/units                  list, filter, search
 *   GET /units/{structure}/{code}, /api/v1/... one unit with its breadcrumb,
 *                                              children, successors and
 *                                              predecessors
 * Each handler builds one view; the router shows it as JSON or HTML.
 */
#include <string.h>

#include "core/url.h"
#include "domain/units/units.h"
#include "web/web.h"
#include "web/web_doc.h"

static const char *const structure_choices[] = { "2025", "pre2025", NULL };
static const char *const level_choices[] = { "country", "province",
	"district", "commune", "village", NULL };

static enum err units_list_page(struct req *, struct web *, json_t *, struct errinfo *);
static enum err units_unit_page(struct req *, struct web *, json_t *, struct errinfo *);

static const struct qfield list_query[] = {
	{ "structure", Q_CHOICE, 0, 0, 0, structure_choices },
	{ "level", Q_CHOICE, 0, 0, 0, level_choices },
	{ "parent", Q_TEXT, 0, 0, 20, NULL },
	{ "q", Q_TEXT, 0, 0, UNITS_QUERY_MAX, NULL },
	{ "limit", Q_INT, 1, UNITS_LIMIT_MAX, 0, NULL },
	{ "offset", Q_INT, 0, 100000000, 0, NULL },
};

static const struct qfield unit_query[] = {
	{ "limit", Q_INT, 1, UNITS_LIMIT_MAX, 0, NULL },
	{ "offset", Q_INT, 0, 100000000, 0, NULL },
};

/* A unit in a list (the search, the children). */
#define UNIT_BRIEF DOC_OBJ("\"structure\", \"code\", \"name\", " \
	"\"full_name\", \"level\"", \
	DOC_P("structure", DOC_STRUCTURE) ", " DOC_P("code", DOC_STR) ", " \
	DOC_P("name", DOC_STR) ", " DOC_P("full_name", DOC_STR) ", " \
	DOC_P("level", DOC_STR) ", " DOC_P("unit_type", DOC_STR_NULL) ", " \
	DOC_P("parent_code", DOC_STR_NULL) ", " \
	DOC_P("parent_name", DOC_STR_NULL) ", " \
	DOC_P("is_rural", DOC_BOOL_NULL) ", " \
	DOC_P("children_count", DOC_INT))

static const struct route_doc list_doc = {
	.summary = "Tìm và liệt kê đơn vị hành chính / search and list "
	    "administrative units",
	.response = DOC_OBJ("\"items\", \"total\", \"limit\", \"offset\"",
	    DOC_P("items", DOC_ARR(UNIT_BRIEF)) ", " DOC_P("total", DOC_INT)
	    ", " DOC_P("limit", DOC_INT) ", " DOC_P("offset", DOC_INT) ", "
	    DOC_P("structure", DOC_STRUCTURE)),
};

static const struct route_doc unit_doc = {
	.summary = "Một đơn vị: cấp trên, cấp dưới, đơn vị trước và sau sắp "
	    "xếp / a unit: its ancestors, children, predecessors and successors",
	.response = DOC_OBJ("\"structure\", \"code\", \"name\", "
	    "\"full_name\", \"level\", \"ancestors\", \"children\", "
	    "\"predecessors\", \"successors\"",
	    DOC_P("structure", DOC_STRUCTURE) ", " DOC_P("code", DOC_STR) ", "
	    DOC_P("name", DOC_STR) ", " DOC_P("full_name", DOC_STR) ", "
	    DOC_P("name_en", DOC_STR_NULL) ", " DOC_P("level", DOC_STR) ", "
	    DOC_P("unit_type", DOC_STR_NULL) ", "
	    DOC_P("parent_code", DOC_STR_NULL) ", "
	    DOC_P("region7_code", DOC_STR_NULL) ", "
	    DOC_P("ancestors", DOC_ARR(DOC_OBJ("\"code\", \"name\", "
	    "\"level\"", DOC_P("code", DOC_STR) ", " DOC_P("name", DOC_STR)
	    ", " DOC_P("level", DOC_STR)))) ", "
	    DOC_P("children", DOC_LIST(UNIT_BRIEF)) ", "
	    DOC_P("predecessors", DOC_ARR(DOC_OBJ("\"structure\", \"code\", "
	    "\"relation\"", DOC_P("structure", DOC_STRUCTURE) ", "
	    DOC_P("code", DOC_STR) ", " DOC_P("full_name", DOC_STR) ", "
	    DOC_P("relation", DOC_STR) ", " DOC_P("partial", DOC_BOOL)))) ", "
	    DOC_P("successors", DOC_ARR(DOC_OBJ("\"structure\", \"code\", "
	    "\"relation\"", DOC_P("structure", DOC_STRUCTURE) ", "
	    DOC_P("code", DOC_STR) ", " DOC_P("full_name", DOC_STR) ", "
	    DOC_P("relation", DOC_STR) ", " DOC_P("partial", DOC_BOOL))))),
};

const struct route units_routes[] = {
	{ .method = "GET", .pattern = "/units", .flags = ROUTE_HTML | ROUTE_API,
	  .tmpl = "units/list", .fn = units_list_page, QUERY(list_query),
	  .version_key = "units_version", .roles = ROLES_PUBLIC,
	  .doc = &list_doc },
	{ .method = "GET", .pattern = "/units/{structure}/{code}",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "units/unit",
	  .fn = units_unit_page, QUERY(unit_query),
	  .version_key = "units_version", .roles = ROLES_PUBLIC,
	  .doc = &unit_doc },
	{ .method = NULL }
};

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static const char *
level_label(struct web *w, const char *level)
{
	char key[32];

	snprintf(key, sizeof(key), "level_%s", level ? level : "");
	return msg_get(w->lang, key);
}

/* The summary of a unit used in lists (children, search results). */
static json_t *
unit_brief(struct web *w, const struct unit *u)
{
	json_t *o = json_object();

	json_object_set_new(o, "structure", json_string(u->structure));
	json_object_set_new(o, "code", json_string(u->code));
	json_object_set_new(o, "name", json_string(u->name));
	json_object_set_new(o, "full_name", json_string(u->full_name));
	json_object_set_new(o, "level", json_string(u->level));
	json_object_set_new(o, "level_label", json_string(level_label(w, u->level)));
	json_object_set_new(o, "unit_type", json_string(u->unit_type));
	json_object_set_new(o, "parent_code", str_or_null(u->parent_code));
	json_object_set_new(o, "parent_name", str_or_null(u->parent_name));
	json_object_set_new(o, "is_rural", json_boolean(u->is_rural));
	json_object_set_new(o, "children_count", json_integer(u->children_count));
	return o;
}

static json_t *
links_json(const struct unit_link *l, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:o, s:s, s:b, s:o, s:o}",
		    "structure", l[i].structure, "code", l[i].code,
		    "full_name", l[i].full_name,
		    "level", str_or_null(l[i].level),
		    "relation", l[i].relation,
		    "partial", strcmp(l[i].relation, "partial") == 0,
		    "qa_flag", str_or_null(l[i].qa_flag),
		    "parent_full_name", str_or_null(l[i].parent_full_name)));
	return a;
}

/* Offsets for the previous and next page links (null at the ends), and
 * the 1-based positions from..to of the n items shown. */
static void
paging(json_t *view, int64_t limit, int64_t offset, int64_t total, size_t n)
{
	json_object_set_new(view, "limit", json_integer(limit));
	json_object_set_new(view, "offset", json_integer(offset));
	json_object_set_new(view, "prev_offset", offset > 0 ?
	    json_integer(offset > limit ? offset - limit : 0) : json_null());
	json_object_set_new(view, "next_offset", offset + limit < total ?
	    json_integer(offset + limit) : json_null());
	json_object_set_new(view, "from", json_integer(offset + 1));
	json_object_set_new(view, "to", json_integer(offset + (int64_t)n));
}

static void
structure_switch(json_t *view, const char *structure)
{
	json_object_set_new(view, "structure", json_string(structure));
	json_object_set_new(view, "is_2025", json_boolean(strcmp(structure, "2025") == 0));
}

/* The list's filters as an encoded query string, for the page links. */
static json_t *
base_query(const struct unit_query *q)
{
	struct buf b;
	json_t *j;

	/* The route's query table bounds each value: they fit in 4 KB, and
	 * a failure would only shorten the page links. */
	buf_init(&b, 4096);
	if (url_query_add(&b, "structure", q->structure) != ERR_OK ||
	    (q->q != NULL && url_query_add(&b, "q", q->q) != ERR_OK) ||
	    (q->level != NULL && url_query_add(&b, "level", q->level) !=
	    ERR_OK) || (q->parent != NULL && url_query_add(&b, "parent",
	    q->parent) != ERR_OK))
		buf_reset(&b);
	j = json_string(buf_cstr(&b));
	buf_free(&b);
	return j;
}

static enum err
units_list_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct unit_query q = {
		.structure = web_qtext(w, "structure"),
		.level = web_qtext(w, "level"),
		.parent = web_qtext(w, "parent"),
		.q = web_qtext(w, "q"),
		.limit = web_qint(w, "limit", UNITS_LIMIT_DEFAULT),
		.offset = web_qint(w, "offset", 0),
	};
	struct unit_list list;
	json_t *items;
	enum err e;

	if (q.structure == NULL)
		q.structure = "2025";
	if (q.parent != NULL) {
		struct unit parent;

		if (units_get(w->db, r->arena, q.structure, q.parent, &parent,
		    ei) != ERR_OK)
			return err_set(ei, ERR_INVALID, "units.bad_parent",
			    "parent", "không có đơn vị cấp trên '%.20s' trong "
			    "cấu trúc %s",
			    "there is no parent unit '%.20s' in structure %s",
			    q.parent, q.structure);
		json_object_set_new(view, "parent_name", json_string(parent.full_name));
	}
	if ((e = units_list(w->db, r->arena, &q, &list, ei)) != ERR_OK)
		return e;
	items = json_array();
	for (size_t i = 0; i < list.n; i++)
		json_array_append_new(items, unit_brief(w, &list.items[i]));
	json_object_set_new(view, "items", items);
	json_object_set_new(view, "total", json_integer(list.total));
	paging(view, q.limit, q.offset, list.total, list.n);
	structure_switch(view, q.structure);
	json_object_set_new(view, "q", str_or_null(q.q));
	json_object_set_new(view, "base_query", base_query(&q));
	json_object_set_new(view, "level", str_or_null(q.level));
	json_object_set_new(view, "parent", str_or_null(q.parent));
	json_object_set_new(view, "title", json_string(q.q ? q.q :
	    msg_get(w->lang, "nav_units")));
	return ERR_OK;
}

static enum err
units_unit_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const char *structure = http_param(r, "structure");
	const char *code = http_param(r, "code");
	struct unit u;
	struct unit_list anc, kids;
	struct unit_query cq;
	struct unit_link *succ, *pred;
	size_t nsucc, npred;
	json_t *a;
	enum err e;

	if ((e = units_get(w->db, r->arena, structure, code, &u, ei)) != ERR_OK)
		return e;
	cq = (struct unit_query){ .structure = u.structure, .parent = u.code,
	    .limit = web_qint(w, "limit", UNITS_LIMIT_MAX),
	    .offset = web_qint(w, "offset", 0) };
	if ((e = units_ancestors(w->db, r->arena, &u, &anc, ei)) != ERR_OK ||
	    (e = units_list(w->db, r->arena, &cq, &kids, ei)) != ERR_OK ||
	    (e = units_successors(w->db, r->arena, u.structure, u.code, &succ,
	    &nsucc, ei)) != ERR_OK ||
	    (e = units_predecessors(w->db, r->arena, u.structure, u.code, &pred,
	    &npred, ei)) != ERR_OK)
		return e;

	json_object_set_new(view, "structure", json_string(u.structure));
	json_object_set_new(view, "code", json_string(u.code));
	json_object_set_new(view, "name", json_string(u.name));
	json_object_set_new(view, "full_name", json_string(u.full_name));
	json_object_set_new(view, "name_en", str_or_null(u.name_en));
	json_object_set_new(view, "level", json_string(u.level));
	json_object_set_new(view, "level_label", json_string(level_label(w, u.level)));
	json_object_set_new(view, "unit_type", json_string(u.unit_type));
	json_object_set_new(view, "unit_class", str_or_null(u.unit_class));
	json_object_set_new(view, "parent_code", str_or_null(u.parent_code));
	json_object_set_new(view, "parent_name", str_or_null(u.parent_name));
	json_object_set_new(view, "region7_code", str_or_null(u.region7_code));
	json_object_set_new(view, "region7_name", str_or_null(u.region7_name));
	json_object_set_new(view, "is_rural", json_boolean(u.is_rural));
	json_object_set_new(view, "children_count", json_integer(u.children_count));
	json_object_set_new(view, "successors", links_json(succ, nsucc));
	json_object_set_new(view, "predecessors", links_json(pred, npred));

	a = json_array();
	for (size_t i = 0; i < anc.n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}",
		    "code", anc.items[i].code, "name", anc.items[i].name,
		    "level", anc.items[i].level));
	json_object_set_new(view, "ancestors", a);

	a = json_array();
	for (size_t i = 0; i < kids.n; i++)
		json_array_append_new(a, unit_brief(w, &kids.items[i]));
	json_object_set_new(view, "children", json_pack("{s:o, s:I}",
	    "items", a, "total", (json_int_t)kids.total));
	if (kids.n > 0) {
		const char *kl = kids.items[0].level;

		json_object_set_new(view, "children_level_label", json_string(
		    level_label(w, kl)));
		/* Communes have no children of their own (villages aside):
		 * the page shows the count column only above them. */
		json_object_set_new(view, "children_have_children", json_boolean(
		    strcmp(kl, "province") == 0 || strcmp(kl, "district") == 0));
	}
	structure_switch(view, u.structure);
	/* Which criteria pages the unit page links to (templates/units). */
	json_object_set_new(view, "is_commune", json_boolean(
	    strcmp(u.level, "commune") == 0));
	json_object_set_new(view, "is_scope", json_boolean(
	    strcmp(u.level, "country") == 0 || strcmp(u.level, "province") == 0 ||
	    strcmp(u.level, "district") == 0));
	json_object_set_new(view, "title", json_string(u.full_name));
	return ERR_OK;
}
