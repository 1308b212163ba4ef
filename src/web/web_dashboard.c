/*
 * web_dashboard.c - a unit's dashboard (issue 18; domain/dashboard):
 *
 *   GET /units/{structure}/{code}/dashboard[?year=]   page and JSON
 *   GET /units/{structure}/{code}/dashboard.pdf       A4 for a meeting
 *
 * The page and its JSON are public.  They are cached per data version
 * of every module a panel reads (DASH_META_VERSION) and per day (a
 * dossier turns overdue at midnight), in two variants: the one everyone
 * gets, with no officer-only line, and the one of a signed-in officer
 * who may read the unit's dossiers (dash_staff: the late dossiers named,
 * the reporting panel), which the router keys apart (view_variant) and
 * never serves to anyone else.  The PDF is made afresh, with the same
 * rule.
 *
 * The page renders every panel the same way from its JSON: figures, the
 * chart as SVG, the numbers of the chart as a table (screen readers,
 * print), the panel's table, its map, its links.
 */
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/dashboard/dashboard.h"
#include "domain/dashboard/dash_pdf.h"
#include "domain/maps/maps.h"
#include "web/web.h"
#include "web/web_chart.h"
#include "web/web_dashboard.h"
#include "web/web_dossiers_internal.h"

static enum err dashw_page(struct req *, struct web *, json_t *,
    struct errinfo *);
static enum err dashw_pdf(struct req *, struct web *, json_t *,
    struct errinfo *);

/* Whether the caller sees the officer-only lines of the unit's panels
 * (late dossiers named, reporting): a signed-in officer who may read the
 * unit's dossiers.  The page and its JSON are cached per answer. */
static bool
dash_staff(struct req *r, struct web *w)
{
	return w->who != NULL && web_can(w, DOSW_READERS, http_param(r,
	    "structure"), http_param(r, "code"));
}

static const char *
dash_variant(struct req *r, struct web *w)
{
	return dash_staff(r, w) ? "staff" : NULL;
}

static const struct qfield dash_query[] = {
	{ "year", Q_INT, 2000, 2100, 0, NULL },
};

const struct route dashboard_routes[] = {
	{ .method = "GET", .pattern = "/units/{structure}/{code}/dashboard",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_PAGE_CACHE | ROUTE_DATED,
	  .tmpl = "dashboard/dashboard", .fn = dashw_page, QUERY(dash_query),
	  .version_key = DASH_META_VERSION, .view_variant = dash_variant,
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/units/{structure}/{code}/dashboard.pdf",
	  .flags = ROUTE_RAW, .fn = dashw_pdf, QUERY(dash_query),
	  .roles = ROLES_PUBLIC },
	{ .method = NULL }
};

/* The panel's table as cells in column order (a logic-less template
 * cannot look a row up by a column's key); a row's href links its first
 * cell, its note is a line under it (a narrow phone keeps two columns). */
#define DASH_SHORT_CELL	18	/* characters: a cell kept on one line */

/* Characters (not bytes) of UTF-8 s. */
static size_t
chars_of(const char *s)
{
	size_t n = 0;

	for (; s != NULL && *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Whether every cell of column key is short ("96,3 %", "Đạt", "4 sao"):
 * such a column stays on one line and takes no more room than it needs,
 * so a panel's table reads on a 360-px phone without scrolling. */
static bool
short_column(json_t *rows, const char *key)
{
	json_t *row;
	size_t i;

	json_array_foreach(rows, i, row)
		if (chars_of(jval_str(row, key)) > DASH_SHORT_CELL)
			return false;
	return true;
}

static json_t *
table_view(json_t *table)
{
	json_t *cols = json_object_get(table, "columns"), *rows = json_array();
	json_t *in = json_object_get(table, "rows"), *row, *col;
	bool is_short[16] = { false };
	size_t i, j;

	json_array_foreach(cols, j, col)
		if (j > 0 && j < 16)
			is_short[j] = short_column(in, jval_str(col, "key"));
	json_array_foreach(in, i, row) {
		json_t *cells = json_array();

		json_array_foreach(cols, j, col) {
			const char *v = jval_str(row, jval_str(col, "key"));

			json_array_append_new(cells, json_pack("{s:s, s:s?, s:s?, "
			    "s:b}", "text", v != NULL ? v : "", "href", j == 0 ?
			    jval_str(row, "href") : NULL, "note", j == 0 ?
			    jval_str(row, "note") : NULL, "short", j < 16 &&
			    is_short[j]));
		}
		json_array_append_new(rows, json_pack("{s:o}", "cells", cells));
	}
	return json_pack("{s:O, s:o}", "columns", cols, "rows", rows);
}

/* The link of a panel's "map_link" to its indicator's map page, for the
 * dashboard's year or, when that map has no such year, its newest. */
static void
map_link(struct req *r, struct web *w, json_t *p, const char *structure,
    int year)
{
	const char *ind = jval_str(p, "map_link");
	struct errinfo ei;
	json_t *years, *y, *links;
	int pick = 0;
	size_t i;

	if (map_years(w->db, structure, ind, &years, &ei) != ERR_OK)
		return;
	json_array_foreach(years, i, y)	/* ascending: the newest last */
		if (pick != year)
			pick = (int)json_integer_value(y);
	json_decref(years);
	if (pick == 0)
		return;
	if ((links = json_object_get(p, "links")) == NULL) {
		links = json_array();
		json_object_set_new(p, "links", links);
	}
	json_array_append_new(links, json_pack("{s:s, s:s}", "label",
	    msg_get(w->lang, "dash_map_link"), "href", arena_printf(r->arena,
	    "/maps/%s/%s/%d", structure, ind, pick)));
}

/* What the template needs besides the panel's JSON: the chart drawn,
 * its numbers as a table, the table's cells, the map (of the dashboard's
 * structure and year) with the link to its page and table. */
static void
panel_view(struct req *r, struct web *w, json_t *p, const json_t *unit,
    int year)
{
	const char *structure = jval_str(unit, "structure");
	/* a province's own outline on the provinces' map */
	const char *here = jval_str(unit, "level") != NULL &&
	    strcmp(jval_str(unit, "level"), "province") == 0 ?
	    jval_str(unit, "code") : NULL;
	json_t *chart = json_object_get(p, "chart");
	const char *key = jval_str(p, "key");

	if (chart != NULL) {
		json_object_set_new(p, "chart_svg", json_string(web_chart_json(r,
		    w, arena_printf(r->arena, "chart-%s", key), jval_str(p,
		    "title"), chart)));
		json_object_set_new(p, "chart_table", dash_chart_numbers(chart,
		    w->lang));
	}
	if (json_object_get(p, "table") != NULL)
		json_object_set_new(p, "table_view", table_view(
		    json_object_get(p, "table")));
	if (jval_str(p, "map_link") != NULL)
		map_link(r, w, p, structure, year);
	if (jval_str(p, "map") != NULL) {
		const char *svg = web_dash_map(r, w, structure, jval_str(p,
		    "map"), year, here);

		if (svg[0] != '\0') {
			json_object_set_new(p, "map_svg", json_string(svg));
			json_object_set_new(p, "map_href", json_string(
			    arena_printf(r->arena, "/maps/%s/%s/%d", structure,
			    jval_str(p, "map"), year)));
		}
	}
}

static enum err
dashw_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out, *p, *years, *unit;
	int year = (int)web_qint(w, "year", 0);
	size_t i;
	enum err e;

	if ((e = dash_build(w->db, http_param(r, "structure"), http_param(r,
	    "code"), year, w->lang, dash_staff(r, w), &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	if (w->json)
		return ERR_OK;
	unit = json_object_get(view, "unit");
	json_object_set_new(view, "title", json_string(arena_printf(r->arena,
	    "%s · %s", msg_get(w->lang, "dash_title"), jval_str(unit,
	    "name"))));
	json_object_set_new(view, "as_of_text", json_string(date_display(
	    r->arena, jval_str(view, "as_of"), w->lang)));
	years = json_array();
	json_array_foreach(json_object_get(view, "years"), i, p)
		json_array_append_new(years, json_pack("{s:O, s:b}", "year", p,
		    "selected", json_integer_value(p) == jval_int(view, "year",
		    0)));
	json_object_set_new(view, "year_options", years);
	json_object_set_new(view, "pdf_href", json_string(year != 0 ?
	    arena_printf(r->arena, "/units/%s/%s/dashboard.pdf?year=%d",
	    jval_str(unit, "structure"), jval_str(unit, "code"), year) :
	    arena_printf(r->arena, "/units/%s/%s/dashboard.pdf",
	    jval_str(unit, "structure"), jval_str(unit, "code"))));
	json_array_foreach(json_object_get(view, "panels"), i, p)
		panel_view(r, w, p, unit, (int)jval_int(view, "year", 0));
	return ERR_OK;
}

/* The PDF: officer-only lines for a signed-in officer holding the unit -
 * one who may read the dossiers' list of that unit (DOSW_READERS). */
static enum err
dashw_pdf(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *structure = http_param(r, "structure");
	const char *code = http_param(r, "code");
	bool staff = dash_staff(r, w);
	json_t *out;
	enum err e;

	(void)view;
	if ((e = dash_build(w->db, structure, code, (int)web_qint(w, "year", 0),
	    w->lang, staff, &out, ei)) != ERR_OK)
		return e;
	buf_reset(&r->out);
	e = dash_pdf(out, w->lang, &r->out, ei);
	json_decref(out);
	if (e != ERR_OK)
		return e;
	r->status = 200;
	r->content_type = "application/pdf";
	http_add_header(r, "Content-Disposition", arena_printf(r->arena,
	    "inline; filename=\"tong-quan-%s-%s.pdf\"", structure, code));
	http_add_header(r, "Cache-Control", staff ? "private, no-store" :
	    "no-cache");
	return ERR_OK;
}
