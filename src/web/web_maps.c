/*
 * web_maps.c - the province maps (issue 18; domain/maps/maps.h):
 *   /maps                                   what can be mapped, by name
 *   /maps/{structure}/{indicator}/{year}    the map and the same numbers
 *                                           as a table (page and JSON)
 *   /maps/{structure}/{indicator}/{year}.svg  the map alone
 *   /maps/{structure}/{indicator}/{year}.csv  the numbers (BOM, guarded)
 * Public; cached per the version tokens of what the maps read
 * (MAP_META_VERSION) and the day (the date the map states).
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csvw.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/maps/maps.h"
#include "http/http.h"
#include "web/web.h"
#include "web/web_internal.h"

#define MAP_SVG_MAX (96 * 1024)

/* The year of the path: 422 naming "year" unless it is one. */
static enum err
path_year(struct req *r, int *year, struct errinfo *ei)
{
	const char *s = http_param(r, "year");
	char *end;
	long y = s ? strtol(s, &end, 10) : 0;

	if (s == NULL || end == s || *end != '\0' || y < 1900 || y > 2200)
		return err_set(ei, ERR_INVALID, "maps.bad_year", "year",
		    "năm “%s” không hợp lệ", "the year “%s” is not valid",
		    s ? s : "");
	*year = (int)y;
	return ERR_OK;
}

static enum err
values_of(struct req *r, struct web *w, json_t **out, struct errinfo *ei)
{
	int year;
	enum err e;

	/* an unknown structure is 404 whatever the year says */
	if ((e = path_year(r, &year, ei)) != ERR_OK) {
		const char *s = http_param(r, "structure");
		json_t *years;

		if (map_years(w->db, s, http_param(r, "indicator"), &years,
		    ei) == ERR_NOTFOUND)
			return ERR_NOTFOUND;
		json_decref(years);
		return path_year(r, &year, ei);
	}
	return map_values(w->db, http_param(r, "structure"),
	    http_param(r, "indicator"), year, w->lang, out, ei);
}

static enum err
mapw_index(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *cat, *it, *s, *y;
	size_t i, j, k;
	enum err e;

	(void)r;
	if ((e = map_catalog(w->db, w->lang, &cat, ei)) != ERR_OK)
		return e;
	/* each year a link, newest first, with its address */
	json_array_foreach(cat, i, it)
		json_array_foreach(json_object_get(it, "structures"), j, s) {
			json_t *links = json_array();
			json_t *years = json_object_get(s, "years");

			for (k = json_array_size(years); k-- > 0;) {
				y = json_array_get(years, k);
				json_array_append_new(links, json_pack("{s:I, s:s}",
				    "year", json_integer_value(y), "href",
				    arena_printf(r->arena, "/maps/%s/%s/%lld",
				    jval_str(s, "structure"), jval_str(it, "indicator"),
				    (long long)json_integer_value(y))));
			}
			json_object_set_new(s, "links", links);
		}
	json_object_set_new(view, "indicators", cat);
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "map_index_title")));
	return ERR_OK;
}

/* Each province's class by its label, for the table. */
static void
class_labels(json_t *view)
{
	json_t *classes = json_object_get(view, "classes"), *p, *cl;
	size_t i;

	json_array_foreach(json_object_get(view, "provinces"), i, p) {
		cl = json_object_get(p, "class");
		json_object_set_new(p, "class_label", json_string(json_is_integer(cl) ?
		    jval_str(json_array_get(classes, (size_t)json_integer_value(cl)),
		    "label") : ""));
	}
}

static enum err
mapw_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct buf svg;
	json_t *v;
	enum err e;

	if ((e = values_of(r, w, &v, ei)) != ERR_OK)
		return e;
	jval_merge(view, v);
	if (w->json)
		return ERR_OK;
	buf_init(&svg, MAP_SVG_MAX);
	if ((e = map_svg(view, w->lang, &svg, ei)) == ERR_OK) {
		json_object_set_new(view, "svg", json_string(buf_cstr(&svg)));
		json_object_set_new(view, "base", json_string(arena_printf(
		    r->arena, "/maps/%s/%s/%lld", jval_str(view, "structure"),
		    jval_str(view, "indicator"), (long long)jval_int(view, "year", 0))));
		json_object_set_new(view, "structure_label", json_string(msg_get(
		    w->lang, strcmp(jval_str(view, "structure"), "2025") == 0 ?
		    "map_structure_2025" : "map_structure_pre2025")));
		class_labels(view);
		json_object_set_new(view, "heading", json_string(arena_printf(
		    r->arena, "%s · %lld", jval_str(view, "title"),
		    (long long)jval_int(view, "year", 0))));
	}
	buf_free(&svg);
	return e;
}

static enum err
mapw_svg(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *v;
	enum err e;

	(void)view;
	if ((e = values_of(r, w, &v, ei)) != ERR_OK)
		return e;
	buf_reset(&r->out);
	e = map_svg(v, w->lang, &r->out, ei);
	json_decref(v);
	if (e != ERR_OK)
		return e;
	r->status = 200;
	r->content_type = "image/svg+xml; charset=utf-8";
	return ERR_OK;
}

/* One row a province: name, code, value (plain digits), class. */
static enum err
mapw_csv(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct csvw c;
	json_t *v, *p, *classes;
	size_t i;
	enum err e;

	(void)view;
	if ((e = values_of(r, w, &v, ei)) != ERR_OK)
		return e;
	buf_reset(&r->out);
	classes = json_object_get(v, "classes");
	e = csvw_init(&c, &r->out, CSVW_EXCEL);
	e = e ? e : csvw_cellz(&c, msg_get(w->lang, "map_col_province"));
	e = e ? e : csvw_cellz(&c, msg_get(w->lang, "map_col_code"));
	e = e ? e : csvw_cellz(&c, jval_str(v, "unit"));
	e = e ? e : csvw_cellz(&c, msg_get(w->lang, "map_col_class"));
	e = e ? e : csvw_end_row(&c);
	json_array_foreach(json_object_get(v, "provinces"), i, p) {
		json_t *val = json_object_get(p, "value"), *cl = json_object_get(p, "class");

		e = e ? e : csvw_cellz(&c, jval_str(p, "name"));
		e = e ? e : csvw_cellz(&c, jval_str(p, "code"));
		e = e ? e : json_is_number(val) ? csvw_num(&c, json_number_value(val)) :
		    csvw_cellz(&c, "");
		e = e ? e : csvw_cellz(&c, json_is_integer(cl) ? jval_str(
		    json_array_get(classes, (size_t)json_integer_value(cl)), "label") : "");
		e = e ? e : csvw_end_row(&c);
	}
	if (e == ERR_OK) {
		r->status = 200;
		r->content_type = "text/csv; charset=utf-8";
		http_add_header(r, "Content-Disposition", arena_printf(r->arena,
		    "attachment; filename=\"ban-do-%s-%s-%lld.csv\"", jval_str(v,
		    "indicator"), jval_str(v, "structure"), (long long)jval_int(v,
		    "year", 0)));
	} else
		e = err_set(ei, e, "maps.csv", "", "không ghi được tệp CSV",
		    "the CSV file could not be written");
	json_decref(v);
	return e;
}

const struct route maps_routes[] = {
	{ .method = "GET", .pattern = "/maps",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_PAGE_CACHE, .tmpl = "maps/index",
	  .fn = mapw_index, .version_key = MAP_META_VERSION,
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/maps/{structure}/{indicator}/{year}.svg",
	  .flags = ROUTE_RAW | ROUTE_DATED, .fn = mapw_svg,
	  .version_key = MAP_META_VERSION, .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/maps/{structure}/{indicator}/{year}.csv",
	  .flags = ROUTE_RAW | ROUTE_DATED, .fn = mapw_csv,
	  .version_key = MAP_META_VERSION, .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/maps/{structure}/{indicator}/{year}",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_PAGE_CACHE | ROUTE_DATED,
	  .tmpl = "maps/map", .fn = mapw_page,
	  .version_key = MAP_META_VERSION, .roles = ROLES_PUBLIC },
	{ .method = NULL }
};
