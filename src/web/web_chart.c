/*
 * web_chart.c - charts on pages (web_chart.h): the statistics pages' bar
 * chart (the OCOP register's and the marketplace's) and a dashboard
 * panel's chart from its JSON, both laid out and escaped by core/chart.h.
 *
 * A chart is an <svg role="img"> whose <title> says what it shows; the
 * page's table gives the same numbers, so nothing is only in the picture.
 */
#include <math.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/chart.h"
#include "core/jval.h"
#include "http/http.h"
#include "web/web.h"
#include "web/web_chart.h"

#define SVG_MAX		(256 * 1024)
#define ITEMS_MAX	1000	/* bars, rows, points: more is not a chart */
#define SERIES_MAX	16

/* The chart as SVG text in the arena, "" if it could not be written. */
static const char *
svg_text(struct req *r, const struct chart *c)
{
	struct buf b;
	const char *out = "";

	if (c == NULL)
		return "";
	buf_init(&b, SVG_MAX);
	if (chart_svg(c, &b) == ERR_OK)
		out = arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	return out;
}

static void
frame_init(struct chart_frame *f, struct web *w, const char *id,
    const char *title)
{
	memset(f, 0, sizeof(*f));
	f->id = id;
	f->title = title;
	f->lang = w->lang;
	f->width = WEB_CHART_PX;
	f->threshold = NAN;
	f->max = NAN;
}

const char *
web_bar_chart(struct req *r, struct web *w, const char *id, const char *title,
    json_t *rows, const char *label_key, const char *value_key)
{
	size_t n = json_array_size(rows), i;
	struct chart_bar *bars;
	struct chart_frame f;
	json_t *it;

	if (n > ITEMS_MAX)
		return "";
	bars = arena_alloc(r->arena, (n + 1) * sizeof(*bars));
	json_array_foreach(rows, i, it) {
		const char *l = jval_str(it, label_key);

		bars[i].label = l != NULL ? l : "";
		bars[i].value = (double)jval_int(it, value_key, 0);
	}
	frame_init(&f, w, id, title);
	return svg_text(r, chart_bars(r->arena, &f, bars, n));
}

/* A number of the spec, NAN when null, absent or not a number. */
static double
num(const json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* A label: a string, or a number written plainly (a year). */
static const char *
label(struct req *r, const json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(r->arena, "%lld",
		    (long long)json_integer_value(v));
	return "";
}

/* values[0..n) of a JSON array of numbers or nulls, NAN past its end. */
static double *
values(struct req *r, const json_t *arr, size_t n)
{
	double *v = arena_alloc(r->arena, (n + 1) * sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = num(json_array_get(arr, i));
	return v;
}

static struct chart *
bars_of(struct req *r, const struct chart_frame *f, const json_t *arr)
{
	size_t n = json_array_size(arr), i;
	struct chart_bar *b = arena_alloc(r->arena, (n + 1) * sizeof(*b));
	json_t *it;

	if (n == 0 || n > ITEMS_MAX)
		return NULL;
	json_array_foreach(arr, i, it) {
		b[i].label = label(r, json_object_get(it, "label"));
		b[i].value = num(json_object_get(it, "value"));
		b[i].href = jval_str(it, "href");
		b[i].emphasis = json_is_true(json_object_get(it, "emphasis"));
		b[i].lo = num(json_object_get(it, "lo"));
		b[i].hi = num(json_object_get(it, "hi"));
		b[i].has_interval = isfinite(b[i].lo) && isfinite(b[i].hi);
	}
	return chart_bars(r->arena, f, b, n);
}

static struct chart *
lines_of(struct req *r, const struct chart_frame *f, const json_t *spec)
{
	const json_t *x = json_object_get(spec, "x");
	const json_t *ser = json_object_get(spec, "series");
	size_t nx = json_array_size(x), ns = json_array_size(ser), i;
	const char **xl;
	struct chart_series *s;

	if (nx == 0 || ns == 0 || nx > ITEMS_MAX || ns > SERIES_MAX)
		return NULL;
	xl = arena_alloc(r->arena, (nx + 1) * sizeof(*xl));
	s = arena_alloc(r->arena, (ns + 1) * sizeof(*s));
	for (i = 0; i < nx; i++)
		xl[i] = label(r, json_array_get(x, i));
	for (i = 0; i < ns; i++) {
		const json_t *it = json_array_get(ser, i);

		s[i].name = jval_str(it, "name");
		s[i].values = values(r, json_object_get(it, "values"), nx);
	}
	return chart_lines(r->arena, f, xl, nx, s, ns);
}

static struct chart *
stacked_of(struct req *r, const struct chart_frame *f, const json_t *spec)
{
	const json_t *seg = json_object_get(spec, "segments");
	const json_t *rows = json_object_get(spec, "rows");
	size_t ns = json_array_size(seg), nr = json_array_size(rows), i;
	const char **names;
	struct chart_stack_row *row;

	if (ns == 0 || nr == 0 || ns > SERIES_MAX || nr > ITEMS_MAX)
		return NULL;
	names = arena_alloc(r->arena, (ns + 1) * sizeof(*names));
	row = arena_alloc(r->arena, (nr + 1) * sizeof(*row));
	for (i = 0; i < ns; i++)
		names[i] = label(r, json_array_get(seg, i));
	for (i = 0; i < nr; i++) {
		const json_t *it = json_array_get(rows, i);

		row[i].label = label(r, json_object_get(it, "label"));
		row[i].segments = values(r, json_object_get(it, "values"), ns);
		row[i].href = jval_str(it, "href");
	}
	return chart_stacked(r->arena, f, names, ns, row, nr);
}

const char *
web_chart_json(struct req *r, struct web *w, const char *id,
    const char *title, const json_t *spec)
{
	const char *kind = jval_str(spec, "kind");
	struct chart_frame f;
	struct chart *c = NULL;

	if (!json_is_object(spec) || kind == NULL)
		return "";
	frame_init(&f, w, id, title);
	f.unit = jval_str(spec, "unit");
	f.decimals = (int)jval_int(spec, "decimals", 0);
	f.threshold = num(json_object_get(spec, "threshold"));
	f.max = num(json_object_get(spec, "max"));
	f.caption = jval_str(spec, "caption");
	if (strcmp(kind, "bars") == 0)
		c = bars_of(r, &f, json_object_get(spec, "bars"));
	else if (strcmp(kind, "line") == 0)
		c = lines_of(r, &f, spec);
	else if (strcmp(kind, "stacked") == 0)
		c = stacked_of(r, &f, spec);
	return svg_text(r, c);
}
