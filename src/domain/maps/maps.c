/*
 * maps.c - a map's values: one indicator for every province of a
 * structure in a year, cut into classes (maps.h).  The indicators are
 * the table below; each reads a maintained aggregate through its module
 * (maps_criteria.c, ...), so a map costs a few indexed reads.
 *
 * Classes: at most MAP_CLASSES intervals of equal width in a "nice" step
 * (1, 2, 2.5 or 5 × 10^k; whole numbers for counts and money) from below
 * the smallest value to above the largest, so that the legend reads
 * "70 – 75 %" rather than quantiles' odd bounds; an interval holds its
 * lower bound and not its upper one, the last holds both.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "db/db.h"
#include "domain/maps/map_geom.h"
#include "domain/maps/maps.h"
#include "domain/maps/maps_internal.h"

#define MAP_CLASSES 5

enum err map_criteria_years(struct db *db, const char *structure, int *out,
    size_t *n, struct errinfo *ei);
enum err map_read_met_share(struct map_read *m, struct errinfo *ei);
enum err map_read_criteria_avg(struct map_read *m, struct errinfo *ei);
enum err map_ocop_years(struct db *db, const char *structure, int *out,
    size_t *n, struct errinfo *ei);
enum err map_read_ocop(struct map_read *m, struct errinfo *ei);
enum err map_survey_years(struct db *db, const char *structure, int *out,
    size_t *n, struct errinfo *ei);
enum err map_read_satisfaction(struct map_read *m, struct errinfo *ei);
enum err map_market_years(struct db *db, const char *structure, int *out,
    size_t *n, struct errinfo *ei);
enum err map_read_market(struct map_read *m, struct errinfo *ei);
enum err map_dx_years(struct db *db, const char *structure, int *out,
    size_t *n, struct errinfo *ei);
enum err map_read_dx_score(struct map_read *m, struct errinfo *ei);
enum err map_read_dx_advanced(struct map_read *m, struct errinfo *ei);

const struct map_indicator map_indicators[] = {
	{ "ntm_met_share", "map_ind_ntm_met_share", "map_unit_pct",
	  "map_src_criteria", MAP_PCT, map_criteria_years, map_read_met_share },
	{ "criteria_avg", "map_ind_criteria_avg", "map_unit_criteria",
	  "map_src_criteria", MAP_DEC1, map_criteria_years, map_read_criteria_avg },
	{ "satisfaction_rate", "map_ind_satisfaction_rate", "map_unit_pct",
	  "map_src_surveys", MAP_PCT, map_survey_years, map_read_satisfaction },
	{ "ocop_products", "map_ind_ocop_products", "map_unit_products",
	  "map_src_ocop", MAP_INT, map_ocop_years, map_read_ocop },
	{ "market_sales", "map_ind_market_sales", "map_unit_vnd",
	  "map_src_market", MAP_VND, map_market_years, map_read_market },
	{ "dx_score", "map_ind_dx_score", "map_unit_dx_score",
	  "map_src_dx", MAP_DEC1, map_dx_years, map_read_dx_score },
	{ "dx_advanced_share", "map_ind_dx_advanced_share", "map_unit_pct",
	  "map_src_dx", MAP_PCT, map_dx_years, map_read_dx_advanced },
};
const size_t map_indicators_n = sizeof map_indicators / sizeof map_indicators[0];

const char *const map_indicator_keys[] = { "ntm_met_share", "criteria_avg",
	"satisfaction_rate", "ocop_products", "market_sales",
	"dx_score", "dx_advanced_share", NULL };

/* Greens (ColorBrewer, 5 classes): light is low. */
static const char *const palette[MAP_CLASSES] = { "#edf8e9", "#bae4b3",
	"#74c476", "#31a354", "#006d2c" };

double
map_round1(double x)
{
	return round(x * 10.0) / 10.0;
}

double
map_share(long part, long whole)
{
	return whole > 0 ? map_round1(100.0 * (double)part / (double)whole) : NAN;
}

static const struct map_indicator *
indicator_of(const char *key)
{
	for (size_t i = 0; i < map_indicators_n; i++)
		if (strcmp(map_indicators[i].key, key) == 0)
			return &map_indicators[i];
	return NULL;
}

static const struct map_layer *
layer_of(const char *structure)
{
	if (strcmp(structure, "2025") == 0)
		return &map_layer_2025;
	if (strcmp(structure, "pre2025") == 0)
		return &map_layer_pre2025;
	return NULL;
}

static const char *
display(struct arena *a, enum map_fmt f, double v, const char *lang)
{
	switch (f) {
	case MAP_PCT:
		return numfmt_pct_a(a, v, lang);
	case MAP_DEC1:
		return numfmt_num_a(a, v, lang);
	case MAP_INT:
		return isfinite(v) ? numfmt_int_a(a, llround(v), lang) :
		    numfmt_num_a(a, v, lang);
	case MAP_VND:
		return isfinite(v) ? numfmt_vnd_a(a, llround(v), lang) :
		    numfmt_num_a(a, v, lang);
	}
	return "";
}

/* The smallest nice step >= raw; counts and money step by whole units. */
static double
nice_step(double raw, bool whole)
{
	static const double m[] = { 1, 2, 2.5, 5, 10 };
	double p = pow(10.0, floor(log10(raw)));

	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
		double s = m[i] * p;

		if (whole && (m[i] == 2.5 || s < 1))
			continue;
		if (s >= raw - 1e-9 * p)
			return s;
	}
	return 10 * p;
}

/* The bounds of the classes of the finite values of v: *k intervals
 * from lo in steps of step. */
static void
cut(const double *v, size_t n, bool whole, double *lo, double *step, int *k)
{
	double min = INFINITY, max = -INFINITY;

	*k = 0;
	for (size_t i = 0; i < n; i++)
		if (isfinite(v[i])) {
			min = v[i] < min ? v[i] : min;
			max = v[i] > max ? v[i] : max;
		}
	if (!isfinite(min))
		return;
	if (max - min < 1e-9) {
		*lo = min;
		*step = 0;
		*k = 1;
		return;
	}
	*step = nice_step((max - min) / MAP_CLASSES, whole);
	*lo = floor(min / *step + 1e-9) * *step;
	*k = (int)ceil((max - *lo) / *step - 1e-9);
	while (*k > MAP_CLASSES) {	/* floor() pushed it over: widen */
		*step = nice_step(*step * 1.01, whole);
		*lo = floor(min / *step + 1e-9) * *step;
		*k = (int)ceil((max - *lo) / *step - 1e-9);
	}
	if (*k < 1)
		*k = 1;
}

static int
class_of(double v, double lo, double step, int k)
{
	int c;

	if (!isfinite(v) || k == 0)
		return -1;
	if (step <= 0)
		return 0;
	c = (int)floor((v - lo) / step + 1e-9);
	return c < 0 ? 0 : c >= k ? k - 1 : c;
}

/* "70,0 – 75,0 %" (the sign once, after the upper bound); counts say
 * the whole numbers a class holds: "3", "4 – 5" (the upper bound is the
 * next class's, but the last's). */
static const char *
class_label(struct arena *a, enum map_fmt f, double lo, double hi, bool last,
    const char *lang)
{
	bool whole = f == MAP_INT || f == MAP_VND;

	if (whole && !last)
		hi -= 1;
	if (hi <= lo)
		return display(a, f, lo, lang);
	return arena_printf(a, "%s – %s", f == MAP_PCT ?
	    numfmt_pct_figure_a(a, lo, lang) : display(a, f, lo, lang),
	    display(a, f, hi, lang));
}

static json_t *
classes_json(struct arena *a, const struct map_indicator *ind, const double *v,
    size_t n, const char *lang, double lo, double step, int k)
{
	json_t *cl = json_array();

	for (int c = 0; c < k; c++) {
		double clo = lo + c * step, chi = step > 0 ? clo + step : lo;
		const char *l = class_label(a, ind->fmt, clo, chi, c == k - 1, lang);
		long count = 0;

		for (size_t i = 0; i < n; i++)
			count += class_of(v[i], lo, step, k) == c;
		/* spread the palette over fewer classes */
		json_array_append_new(cl, json_pack("{s:f, s:f, s:s, s:s, s:I}",
		    "lo", clo, "hi", chi, "label", l, "colour",
		    palette[k == 1 ? 2 : c * (MAP_CLASSES - 1) / (k - 1)],
		    "count", (json_int_t)count));
	}
	return cl;
}

enum err
map_years(struct db *db, const char *structure, const char *indicator,
    json_t **out, struct errinfo *ei)
{
	const struct map_indicator *ind = indicator_of(indicator);
	int years[MAP_YEARS_MAX];
	size_t n = 0;
	enum err e;

	*out = NULL;
	if (layer_of(structure) == NULL)
		return err_set(ei, ERR_NOTFOUND, "maps.bad_structure", "structure",
		    "không có cơ cấu đơn vị hành chính “%s”",
		    "there is no administrative structure “%s”", structure);
	if (ind == NULL)
		return err_set(ei, ERR_INVALID, "maps.bad_indicator", "indicator",
		    "không có chỉ tiêu bản đồ “%s”", "there is no map indicator “%s”",
		    indicator);
	if ((e = ind->years(db, structure, years, &n, ei)) != ERR_OK)
		return e;
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*out, json_integer(years[i]));
	return ERR_OK;
}

/* The provinces of the structure: codes and names, in code order. */
static enum err
provinces(struct db *db, struct arena *a, const char *structure,
    const char ***codes, const char ***names, size_t *n, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MAPS_PROVINCES);
	size_t cap = 64;
	int rc;

	*codes = arena_alloc(a, cap * sizeof **codes);
	*names = arena_alloc(a, cap * sizeof **names);
	*n = 0;
	db_bind_text(st, 1, structure);
	while ((rc = db_step(st, ei)) == 1 && *n < cap) {
		(*codes)[*n] = arena_strdup(a, db_col_text(st, 0));
		(*names)[*n] = arena_strdup(a, db_col_text(st, 1));
		(*n)++;
	}
	return rc < 0 ? ei->err : ERR_OK;
}

enum err
map_values(struct db *db, const char *structure, const char *indicator,
    int year, const char *lang, json_t **out, struct errinfo *ei)
{
	const struct map_indicator *ind = indicator_of(indicator);
	struct arena *a;
	json_t *years = NULL, *rows;
	const char **codes, **names;
	struct map_read m = { 0 };
	char today[DATE_LEN];
	double lo = 0, step = 0;
	size_t n, i, ny;
	int k;
	bool found = false;
	enum err e;

	*out = NULL;
	if ((e = map_years(db, structure, indicator, &years, ei)) != ERR_OK)
		return e;
	ny = json_array_size(years);
	if (year == 0 && ny > 0)
		year = (int)json_integer_value(json_array_get(years, ny - 1));
	for (i = 0; i < ny; i++)
		found |= json_integer_value(json_array_get(years, i)) == year;
	json_decref(years);
	if (!found) {
		db_end_reads(db);
		return err_set(ei, ERR_INVALID, "maps.bad_year", "year",
		    "chỉ tiêu “%s” không có số liệu năm %d",
		    "the indicator “%s” has no data for %d",
		    msg_get(lang, ind->title), year);
	}
	a = arena_new(16 * 1024);
	if ((e = provinces(db, a, structure, &codes, &names, &n, ei)) != ERR_OK)
		goto out;
	m = (struct map_read){ db, structure, year, codes,
	    arena_alloc(a, (n + 1) * sizeof *m.value), n };
	if ((e = ind->read(&m, ei)) != ERR_OK)
		goto out;
	cut(m.value, n, ind->fmt == MAP_INT || ind->fmt == MAP_VND, &lo, &step, &k);
	rows = json_array();
	for (i = 0; i < n; i++) {
		int c = class_of(m.value[i], lo, step, k);

		json_array_append_new(rows, json_pack("{s:s, s:s, s:o, s:s, s:o, s:s}",
		    "code", codes[i], "name", names[i], "value",
		    isfinite(m.value[i]) ? json_real(m.value[i]) : json_null(),
		    "display", display(a, ind->fmt, m.value[i], lang),
		    "class", c >= 0 ? json_integer(c) : json_null(),
		    "href", arena_printf(a, "/units/%s/%s/dashboard", structure,
		    codes[i])));
	}
	*out = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:o, s:o}",
	    "indicator", ind->key, "title", msg_get(lang, ind->title),
	    "unit", msg_get(lang, ind->unit), "year", year,
	    "structure", structure, "source", msg_get(lang, ind->source),
	    "as_of", date_today(today),
	    "classes", classes_json(a, ind, m.value, n, lang, lo, step, k),
	    "provinces", rows);
out:
	db_end_reads(db);
	arena_free(a);
	return e;
}

enum err
map_catalog(struct db *db, const char *lang, json_t **out, struct errinfo *ei)
{
	static const char *const structures[] = { "2025", "pre2025" };
	enum err e = ERR_OK;

	*out = json_array();
	for (size_t i = 0; i < map_indicators_n && e == ERR_OK; i++) {
		json_t *ss = json_array();

		for (size_t s = 0; s < 2 && e == ERR_OK; s++) {
			json_t *years;

			if ((e = map_years(db, structures[s], map_indicators[i].key,
			    &years, ei)) == ERR_OK)
				json_array_append_new(ss, json_pack("{s:s, s:s, s:o}",
				    "structure", structures[s], "label", msg_get(lang,
				    s == 0 ? "map_structure_2025" : "map_structure_pre2025"),
				    "years", years));
		}
		json_array_append_new(*out, json_pack("{s:s, s:s, s:s, s:o}",
		    "indicator", map_indicators[i].key, "title", msg_get(lang,
		    map_indicators[i].title), "unit", msg_get(lang,
		    map_indicators[i].unit), "structures", ss));
	}
	db_end_reads(db);
	if (e != ERR_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return e;
}
