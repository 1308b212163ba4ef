/*
 * web_dashboard_draw.c - a dashboard panel's map (web_dash_map), SVG
 * text in the request's arena drawn by maps.h.
 */
#include "core/arena.h"
#include "core/buf.h"
#include "domain/maps/maps.h"
#include "http/http.h"
#include "web/web.h"
#include "web/web_dashboard.h"

#define DASH_MAP_SVG_MAX	(96 * 1024)	/* maps.h: at most 60 KB */

/* The map is the panel's picture, not its substance (the figures and the
 * map page's table hold the numbers): a map that cannot be drawn - no
 * data that year, a structure without geometry - is left out, not an
 * error of the dashboard. */
const char *
web_dash_map(struct req *r, struct web *w, const char *structure,
    const char *indicator, int year, const char *highlight)
{
	struct errinfo ei;
	struct buf b;
	json_t *v;
	const char *svg = "";

	if (map_values(w->db, structure, indicator, year, w->lang, &v, &ei) !=
	    ERR_OK)
		return "";
	if (highlight != NULL)
		json_object_set_new(v, "highlight", json_string(highlight));
	buf_init(&b, DASH_MAP_SVG_MAX);
	if (map_svg(v, w->lang, &b, &ei) == ERR_OK)
		svg = arena_strndup(r->arena, buf_cstr(&b), b.len);
	buf_free(&b);
	json_decref(v);
	return svg;
}
