/*
 * chart_json.c - a chart described as JSON (a dashboard panel's "chart"
 * object, domain/dashboard/dashboard.h) laid out by chart.c: the one
 * reader of that object, for the page (web_chart_json) and the PDF
 * (printout_chart), so both draw the same chart from the same keys.
 */
#include <math.h>
#include <string.h>

#include "core/arena.h"
#include "core/chart.h"
#include "core/jval.h"

#define ITEMS_MAX	1000	/* bars, rows, points: more is not a chart */
#define SERIES_MAX	16

/* A number of the spec, NAN when null, absent or not a number. */
static double
num(const json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* A label: a string, or a number written plainly (a year). */
static const char *
label(struct arena *a, const json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(a, "%lld",
		    (long long)json_integer_value(v));
	return "";
}

/* values[0..n) of a JSON array of numbers or nulls, NAN past its end. */
static double *
values(struct arena *a, const json_t *arr, size_t n)
{
	double *v = arena_alloc(a, (n + 1) * sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = num(json_array_get(arr, i));
	return v;
}

static struct chart *
bars_of(struct arena *a, const struct chart_frame *f, const json_t *arr)
{
	size_t n = json_array_size(arr), i;
	struct chart_bar *b = arena_alloc(a, (n + 1) * sizeof(*b));
	json_t *it;

	if (n == 0 || n > ITEMS_MAX)
		return NULL;
	json_array_foreach(arr, i, it) {
		b[i].label = label(a, json_object_get(it, "label"));
		b[i].value = num(json_object_get(it, "value"));
		b[i].href = jval_str(it, "href");
		b[i].emphasis = json_is_true(json_object_get(it, "emphasis"));
		b[i].lo = num(json_object_get(it, "lo"));
		b[i].hi = num(json_object_get(it, "hi"));
		b[i].has_interval = isfinite(b[i].lo) && isfinite(b[i].hi);
	}
	return chart_bars(a, f, b, n);
}

static struct chart *
lines_of(struct arena *a, const struct chart_frame *f, const json_t *spec)
{
	const json_t *x = json_object_get(spec, "x");
	const json_t *ser = json_object_get(spec, "series");
	size_t nx = json_array_size(x), ns = json_array_size(ser), i;
	const char **xl;
	struct chart_series *s;

	if (nx == 0 || ns == 0 || nx > ITEMS_MAX || ns > SERIES_MAX)
		return NULL;
	xl = arena_alloc(a, (nx + 1) * sizeof(*xl));
	s = arena_alloc(a, (ns + 1) * sizeof(*s));
	for (i = 0; i < nx; i++)
		xl[i] = label(a, json_array_get(x, i));
	for (i = 0; i < ns; i++) {
		const json_t *it = json_array_get(ser, i);

		s[i].name = jval_str(it, "name");
		s[i].values = values(a, json_object_get(it, "values"), nx);
	}
	return chart_lines(a, f, xl, nx, s, ns);
}

static struct chart *
stacked_of(struct arena *a, const struct chart_frame *f, const json_t *spec)
{
	const json_t *seg = json_object_get(spec, "segments");
	const json_t *rows = json_object_get(spec, "rows");
	size_t ns = json_array_size(seg), nr = json_array_size(rows), i;
	const char **names;
	struct chart_stack_row *row;

	if (ns == 0 || nr == 0 || ns > SERIES_MAX || nr > ITEMS_MAX)
		return NULL;
	names = arena_alloc(a, (ns + 1) * sizeof(*names));
	row = arena_alloc(a, (nr + 1) * sizeof(*row));
	for (i = 0; i < ns; i++)
		names[i] = label(a, json_array_get(seg, i));
	for (i = 0; i < nr; i++) {
		const json_t *it = json_array_get(rows, i);

		row[i].label = label(a, json_object_get(it, "label"));
		row[i].segments = values(a, json_object_get(it, "values"), ns);
		row[i].href = jval_str(it, "href");
	}
	return chart_stacked(a, f, names, ns, row, nr);
}

struct chart *
chart_json(struct arena *a, const struct chart_frame *frame,
    const json_t *spec)
{
	const char *kind = jval_str(spec, "kind");
	struct chart_frame f = *frame;

	if (!json_is_object(spec) || kind == NULL)
		return NULL;
	f.unit = jval_str(spec, "unit");
	f.decimals = (int)jval_int(spec, "decimals", 0);
	f.threshold = num(json_object_get(spec, "threshold"));
	f.max = num(json_object_get(spec, "max"));
	f.caption = jval_str(spec, "caption");
	if (strcmp(kind, "bars") == 0)
		return bars_of(a, &f, json_object_get(spec, "bars"));
	if (strcmp(kind, "line") == 0)
		return lines_of(a, &f, spec);
	if (strcmp(kind, "stacked") == 0)
		return stacked_of(a, &f, spec);
	return NULL;
}
