/*
 * dashboard.c - dash_build: a unit's dashboard (dashboard.h).  It finds
 * the unit and its level, the chain of units above it (each linking to
 * its own dashboard), the years with data (the years of its roll-ups, or
 * of its own evaluations and its predecessors' for a commune), then asks
 * every builder of dash_panels[] that applies to the level for its panel.
 * Builders read maintained rows only, so this costs the same for the
 * nation as for a commune.  The helpers every builder uses to make a
 * panel's JSON are here too (dash_internal.h).
 */
#include <math.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "db/db.h"
#include "domain/dashboard/dash_internal.h"
#include "domain/units/units.h"

json_t *
dash_href(const char *structure, const char *code)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "/units/%s/%s/dashboard", structure, code);
	return json_string(buf);
}

json_t *
dash_panel_new(const struct dash_ctx *c, const char *key,
    const char *title_key, const char *link)
{
	return json_pack("{s:s, s:s, s:s?, s:[]}", "key", key, "title",
	    msg_get(c->lang, title_key), "link", link, "figures");
}

void
dash_figure(json_t *panel, const char *key, const char *label, double value,
    const char *display, double of, const char *note)
{
	json_t *f = json_pack("{s:s, s:s, s:o, s:s}", "key", key, "label",
	    label, "value", isnan(value) ? json_null() : json_real(value),
	    "display", display != NULL ? display : "—");

	/* Whole numbers stay integers in the JSON (counts compare as such). */
	if (!isnan(value) && value == floor(value) && fabs(value) < 1e15)
		json_object_set_new(f, "value", json_integer((json_int_t)value));
	if (of >= 0)
		json_object_set_new(f, "of", json_integer((json_int_t)of));
	if (note != NULL)
		json_object_set_new(f, "note", json_string(note));
	json_array_append_new(json_object_get(panel, "figures"), f);
}

void
dash_empty(const struct dash_ctx *c, json_t *panel, const char *empty_key)
{
	json_object_set_new(panel, "empty", json_string(msg_get(c->lang,
	    empty_key)));
}

json_t *
dash_table(json_t *panel, const char *const *keys, const char *const *labels,
    size_t n)
{
	json_t *cols = json_array(), *t;

	for (size_t i = 0; i < n; i++)
		json_array_append_new(cols, json_pack("{s:s, s:s}", "key",
		    keys[i], "label", labels[i]));
	t = json_pack("{s:o, s:[]}", "columns", cols, "rows");
	json_object_set_new(panel, "table", t);
	return t;
}

static enum dash_level
level_of(const char *level)
{
	if (strcmp(level, "country") == 0)
		return DASH_NATION;
	if (strcmp(level, "province") == 0)
		return DASH_PROVINCE;
	if (strcmp(level, "district") == 0)
		return DASH_DISTRICT;
	if (strcmp(level, "commune") == 0)
		return DASH_COMMUNE;
	return 0;
}

static const char *
level_key(enum dash_level l)
{
	switch (l) {
	case DASH_NATION: return "country";
	case DASH_PROVINCE: return "province";
	case DASH_DISTRICT: return "district";
	default: return "commune";
	}
}

/* Add year to the sorted set years (a JSON array of integers). */
static void
year_add(json_t *years, int year)
{
	size_t i, n = json_array_size(years);

	for (i = 0; i < n; i++) {
		int y = (int)json_integer_value(json_array_get(years, i));

		if (y == year)
			return;
		if (y > year)
			break;
	}
	json_array_insert_new(years, i, json_integer(year));
}

/* The years with data of the unit: its roll-ups' (a scope), or its own
 * evaluations' and those of the old units it was formed from (a
 * commune). */
static enum err
years_of(struct db *db, const struct unit *u, enum dash_level level,
    json_t *years, struct errinfo *ei)
{
	static const enum stmt_id commune[] = { STMT_DASH_UNIT_EVALS,
		STMT_DASH_LINEAGE_EVALS };
	int rc = 0;

	for (size_t k = 0; k < (level == DASH_COMMUNE ? 2u : 1u); k++) {
		struct db_stmt *st = db_stmt(db, level == DASH_COMMUNE ?
		    commune[k] : STMT_DASH_ROLLUP_YEARS);

		db_bind_text(st, 1, u->structure);
		db_bind_text(st, 2, u->code);
		while ((rc = db_step(st, ei)) == 1)
			year_add(years, (int)db_col_int(st, 1));
		if (rc < 0)
			return ei->err;
	}
	return ERR_OK;
}

/* The units above u, country first, each with its dashboard. */
static enum err
parents_of(struct db *db, struct arena *a, const struct unit *u,
    json_t *unit, const char **province, struct errinfo *ei)
{
	struct unit_list anc;
	json_t *parents = json_array();
	enum err e;

	if ((e = units_ancestors(db, a, u, &anc, ei)) != ERR_OK) {
		json_decref(parents);
		return e;
	}
	for (size_t i = 0; i < anc.n; i++) {
		const struct unit *p = &anc.items[i];

		if (strcmp(p->level, "province") == 0)
			*province = p->code;
		json_array_append_new(parents, json_pack("{s:s, s:s, s:s, s:o}",
		    "code", p->code, "name", p->name, "level", p->level,
		    "href", dash_href(u->structure, p->code)));
	}
	json_object_set_new(unit, "parents", parents);
	return ERR_OK;
}

enum err
dash_build(struct db *db, const char *structure, const char *code, int year,
    const char *lang, bool staff, json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(8192);
	struct dash_ctx c = { .db = db, .structure = structure, .code = code,
		.lang = lang, .staff = staff };
	json_t *years = json_array(), *panels = json_array(), *unit = NULL;
	char today[DATE_LEN];
	struct unit u;
	enum err e;

	*out = NULL;
	if ((e = units_get(db, a, structure, code, &u, ei)) != ERR_OK)
		goto out;
	if ((c.level = level_of(u.level)) == 0) {
		e = err_set(ei, ERR_NOTFOUND, "dashboard.no_dashboard", "code",
		    "%s không có trang tổng quan (chỉ cả nước, tỉnh, huyện và "
		    "xã có)", "%s has no dashboard (only the country, "
		    "provinces, districts and communes have one)", u.full_name);
		goto out;
	}
	c.name = u.full_name;
	c.province_code = c.level == DASH_PROVINCE ? u.code : NULL;
	unit = json_pack("{s:s, s:s, s:s, s:s, s:s}", "structure",
	    u.structure, "code", u.code, "name", u.full_name, "level",
	    level_key(c.level), "href", arena_printf(a, "/units/%s/%s",
	    u.structure, u.code));
	if ((e = parents_of(db, a, &u, unit, &c.province_code, ei)) !=
	    ERR_OK || (e = years_of(db, &u, c.level, years, ei)) != ERR_OK)
		goto out;
	db_end_reads(db);
	c.year = year;
	if (c.year == 0 && json_array_size(years) > 0)
		c.year = (int)json_integer_value(json_array_get(years,
		    json_array_size(years) - 1));
	for (size_t i = 0; dash_panels[i].key != NULL; i++) {
		json_t *p = NULL;

		if (!(dash_panels[i].levels & c.level))
			continue;
		e = dash_panels[i].build(&c, &p, ei);
		db_end_reads(db);
		if (e != ERR_OK) {
			json_decref(p);
			goto out;
		}
		if (p != NULL)
			json_array_append_new(panels, p);
	}
	*out = json_pack("{s:O, s:i, s:O, s:O, s:s}", "unit", unit, "year",
	    c.year, "years", years, "panels", panels, "as_of",
	    date_today(today));
out:
	db_end_reads(db);
	json_decref(unit);
	json_decref(years);
	json_decref(panels);
	arena_free(a);
	return e;
}

/* A number of a chart as people read it, "—" when not known. */
static json_t *
number_cell(struct arena *a, const json_t *v, const char *lang)
{
	return json_pack("{s:s}", "text", json_is_number(v) ? numfmt_num_a(a,
	    json_number_value(v), lang) : "—");
}

json_t *
dash_chart_numbers(const json_t *chart, const char *lang)
{
	const char *kind = jval_str(chart, "kind");
	struct arena *a = arena_new(1024);
	json_t *rows = json_array(), *cols = json_array(), *s, *b, *v;
	size_t i, j;

	if (kind != NULL && strcmp(kind, "line") == 0) {
		json_array_foreach(json_object_get(chart, "series"), j, s)
			json_array_append_new(cols, json_pack("{s:s?}", "label",
			    jval_str(s, "name")));
		json_array_foreach(json_object_get(chart, "x"), i, b) {
			json_t *cells = json_array();

			json_array_foreach(json_object_get(chart, "series"), j, s)
				json_array_append_new(cells, number_cell(a,
				    json_array_get(json_object_get(s, "values"),
				    i), lang));
			json_array_append_new(rows, json_pack("{s:O, s:o}",
			    "label", b, "cells", cells));
		}
	} else if (kind != NULL && strcmp(kind, "bars") == 0) {
		json_array_append_new(cols, json_pack("{s:s}", "label", ""));
		json_array_foreach(json_object_get(chart, "bars"), i, b)
			json_array_append_new(rows, json_pack("{s:O, s:[o]}",
			    "label", json_object_get(b, "label"), "cells",
			    number_cell(a, json_object_get(b, "value"), lang)));
	} else if (kind != NULL && strcmp(kind, "stacked") == 0) {
		json_array_foreach(json_object_get(chart, "segments"), j, s)
			json_array_append_new(cols, json_pack("{s:O}", "label",
			    s));
		json_array_foreach(json_object_get(chart, "rows"), i, b) {
			json_t *cells = json_array();

			json_array_foreach(json_object_get(b, "values"), j, v)
				json_array_append_new(cells, number_cell(a, v,
				    lang));
			json_array_append_new(rows, json_pack("{s:O, s:o}",
			    "label", json_object_get(b, "label"), "cells",
			    cells));
		}
	}
	arena_free(a);
	return json_pack("{s:o, s:o}", "columns", cols, "rows", rows);
}
