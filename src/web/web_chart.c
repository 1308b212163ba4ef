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
#define ITEMS_MAX	1000	/* bars: more is not a chart */

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

const char *
web_chart_json(struct req *r, struct web *w, const char *id,
    const char *title, const json_t *spec)
{
	struct chart_frame f;

	frame_init(&f, w, id, title);
	f.width = WEB_PANEL_CHART_PX;
	return svg_text(r, chart_json(r->arena, &f, spec));
}
