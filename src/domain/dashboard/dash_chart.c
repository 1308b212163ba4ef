/*
 * dash_chart.c - a panel's "chart" object (dashboard.h) laid out by
 * core/chart.h in an arena, for the PDF (printout_chart).  The page draws
 * the same object through web_chart_json; both read the same keys, so
 * paper and screen show the same chart.
 */
#include <math.h>
#include <string.h>

#include "core/arena.h"
#include "core/chart.h"
#include "core/jval.h"
#include "domain/dashboard/dash_pdf.h"

#define DASH_CHART_ITEMS	200	/* bars, points or rows drawn at most */
#define DASH_CHART_SERIES	8

static double
num(const json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *
text(struct arena *a, const json_t *v)
{
	if (json_is_integer(v))
		return arena_printf(a, "%lld", (long long)json_integer_value(v));
	return json_is_string(v) ? json_string_value(v) : "";
}

static struct chart *
bars(struct arena *a, const struct chart_frame *f, const json_t *arr)
{
	size_t n = json_array_size(arr), i;
	struct chart_bar *b;
	json_t *it;

	if (n == 0 || n > DASH_CHART_ITEMS)
		return NULL;
	b = arena_alloc(a, n * sizeof(*b));
	json_array_foreach(arr, i, it) {
		b[i].label = text(a, json_object_get(it, "label"));
		b[i].value = num(json_object_get(it, "value"));
	}
	return chart_bars(a, f, b, n);
}

static struct chart *
lines(struct arena *a, const struct chart_frame *f, const json_t *spec)
{
	const json_t *x = json_object_get(spec, "x");
	const json_t *ser = json_object_get(spec, "series");
	size_t nx = json_array_size(x), ns = json_array_size(ser);
	const char **xl;
	struct chart_series *s;

	if (nx == 0 || ns == 0 || nx > DASH_CHART_ITEMS ||
	    ns > DASH_CHART_SERIES)
		return NULL;
	xl = arena_alloc(a, nx * sizeof(*xl));
	s = arena_alloc(a, ns * sizeof(*s));
	for (size_t i = 0; i < nx; i++)
		xl[i] = text(a, json_array_get(x, i));
	for (size_t k = 0; k < ns; k++) {
		const json_t *it = json_array_get(ser, k);
		double *v = arena_alloc(a, nx * sizeof(*v));

		for (size_t i = 0; i < nx; i++)
			v[i] = num(json_array_get(json_object_get(it, "values"),
			    i));
		s[k].name = jval_str(it, "name");
		s[k].values = v;
	}
	return chart_lines(a, f, xl, nx, s, ns);
}

static struct chart *
stacked(struct arena *a, const struct chart_frame *f, const json_t *spec)
{
	const json_t *seg = json_object_get(spec, "segments");
	const json_t *rows = json_object_get(spec, "rows");
	size_t ns = json_array_size(seg), nr = json_array_size(rows);
	const char **names;
	struct chart_stack_row *row;

	if (ns == 0 || nr == 0 || ns > DASH_CHART_SERIES ||
	    nr > DASH_CHART_ITEMS)
		return NULL;
	names = arena_alloc(a, ns * sizeof(*names));
	row = arena_alloc(a, nr * sizeof(*row));
	for (size_t k = 0; k < ns; k++)
		names[k] = text(a, json_array_get(seg, k));
	for (size_t i = 0; i < nr; i++) {
		const json_t *it = json_array_get(rows, i);
		double *v = arena_alloc(a, ns * sizeof(*v));

		for (size_t k = 0; k < ns; k++)
			v[k] = num(json_array_get(json_object_get(it, "values"),
			    k));
		row[i].label = text(a, json_object_get(it, "label"));
		row[i].segments = v;
	}
	return chart_stacked(a, f, names, ns, row, nr);
}

struct chart *
dash_chart(struct arena *a, const json_t *spec, const char *id,
    const char *title, const char *lang, int width)
{
	const char *kind = jval_str(spec, "kind");
	struct chart_frame f;

	if (!json_is_object(spec) || kind == NULL)
		return NULL;
	memset(&f, 0, sizeof(f));
	f.id = id;
	f.title = title;
	f.lang = lang;
	f.width = width;
	f.unit = jval_str(spec, "unit");
	f.decimals = (int)jval_int(spec, "decimals", 0);
	f.threshold = num(json_object_get(spec, "threshold"));
	f.max = num(json_object_get(spec, "max"));
	f.caption = jval_str(spec, "caption");
	if (strcmp(kind, "bars") == 0)
		return bars(a, &f, json_object_get(spec, "bars"));
	if (strcmp(kind, "line") == 0)
		return lines(a, &f, spec);
	if (strcmp(kind, "stacked") == 0)
		return stacked(a, &f, spec);
	return NULL;
}
