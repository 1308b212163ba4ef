/*
 * dash_pdf.c - a dashboard on A4 for a meeting: drawn from the same
 * object as the page (dash_build), so the paper and the screen agree.
 * Each panel is a heading, its figures as "label: value" lines, its chart
 * (core/chart.h drawn by printout_chart, as on the page) with the chart's
 * numbers under it, and its table.  Text is laid out by
 * pango in DejaVu Sans with a cursor that turns the page when the next
 * line would not fit.
 */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/chart.h"
#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "domain/dashboard/dash_pdf.h"
#include "domain/dashboard/dashboard.h"
#include "domain/printout/printout.h"

#define MARGIN	48.0
#define BODY_W	(PRINTOUT_A4_W - 2 * MARGIN)
#define BOTTOM	(PRINTOUT_A4_H - MARGIN)
#define FONT	"DejaVu Sans,Noto Sans,Sans"

/* The document and its cursor. */
struct sheet {
	struct printout doc;
	double y;
	const char *lang;
	struct arena *a;
};

/* Lay text out at size pt in width w; its height. */
static double
lay(struct sheet *s, const char *text, double pt, bool bold, double w)
{
	char desc[96];
	PangoFontDescription *fd;
	int width, height;

	snprintf(desc, sizeof(desc), FONT "%s %.1f", bold ? " Bold" : "", pt);
	fd = pango_font_description_from_string(desc);
	pango_layout_set_font_description(s->doc.layout, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(s->doc.layout, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(s->doc.layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(s->doc.layout, text, -1);
	pango_layout_get_size(s->doc.layout, &width, &height);
	return (double)height / PANGO_SCALE;
}

/* Cells side by side (widths: fractions of the body) at the cursor; a new
 * page first when the line would not fit. */
static void
line(struct sheet *s, const char *const *cells, const double *widths,
    size_t n, double pt, bool bold, double gap)
{
	double h = 0, x = MARGIN;

	for (size_t i = 0; i < n; i++) {
		double c = lay(s, cells[i], pt, bold, widths[i] * BODY_W - 4);

		if (c > h)
			h = c;
	}
	if (s->y + h > BOTTOM) {
		cairo_show_page(s->doc.cr);
		s->y = MARGIN;
	}
	for (size_t i = 0; i < n; i++) {
		lay(s, cells[i], pt, bold, widths[i] * BODY_W - 4);
		cairo_move_to(s->doc.cr, x, s->y);
		pango_cairo_show_layout(s->doc.cr, s->doc.layout);
		x += widths[i] * BODY_W;
	}
	s->y += h + gap;
}

static void
para(struct sheet *s, const char *text, double pt, bool bold, double gap)
{
	static const double full[] = { 1.0 };

	line(s, &text, full, 1, pt, bold, gap);
}

static void
figures(struct sheet *s, const json_t *panel)
{
	static const double w[] = { 0.6, 0.4 };
	json_t *f;
	size_t i;

	json_array_foreach(json_object_get(panel, "figures"), i, f) {
		const char *cells[2] = { jval_str(f, "label"), jval_str(f,
			"display") };

		if (cells[0] == NULL || cells[1] == NULL)
			continue;
		line(s, cells, w, 2, 10, false, 2);
	}
}

/* The chart drawn across the body (a new page first if it would not fit
 * in the rest of this one). */
static void
chart(struct sheet *s, const json_t *panel)
{
	struct chart_frame f = { .id = "chart", .lang = s->lang, .width = 480 };
	struct chart *c = chart_json(s->a, &f, json_object_get(panel, "chart"));
	double h;

	if (c == NULL)
		return;
	h = chart_height(c) * BODY_W / chart_width(c);
	if (s->y + h > BOTTOM) {
		cairo_show_page(s->doc.cr);
		s->y = MARGIN;
	}
	s->y += printout_chart(s->doc.cr, c, MARGIN, s->y, BODY_W) + 4;
}

/* A chart's numbers (dash_chart_numbers, as the page shows them): a
 * header of its series when it has several, then label and values. */
static void
chart_numbers(struct sheet *s, const json_t *chart)
{
	json_t *t = dash_chart_numbers(chart, s->lang), *row, *c;
	json_t *cols = json_object_get(t, "columns");
	size_t n = json_array_size(cols) + 1, i, j;
	const char **cells = arena_alloc(s->a, n * sizeof(*cells));
	double *w = arena_alloc(s->a, n * sizeof(*w));

	w[0] = n == 2 ? 0.6 : 0.4;
	for (j = 1; j < n; j++)
		w[j] = (1.0 - w[0]) / (double)(n - 1);
	if (n > 2) {
		cells[0] = "";
		json_array_foreach(cols, j, c)
			cells[j + 1] = jval_str(c, "label") != NULL ?
			    jval_str(c, "label") : "";
		line(s, cells, w, n, 8, true, 1);
	}
	json_array_foreach(json_object_get(t, "rows"), i, row) {
		cells[0] = jval_str(row, "label") != NULL ? jval_str(row,
		    "label") : "";
		json_array_foreach(json_object_get(row, "cells"), j, c)
			if (j + 1 < n)
				cells[j + 1] = jval_str(c, "text");
		line(s, cells, w, n, 8.5, false, 1);
	}
	json_decref(t);
	s->y += 4;
}

static void
table(struct sheet *s, const json_t *panel)
{
	json_t *t = json_object_get(panel, "table"), *cols, *row, *c;
	size_t n, i, j;
	const char **cells;
	double *w;

	if (t == NULL)
		return;
	cols = json_object_get(t, "columns");
	if ((n = json_array_size(cols)) == 0)
		return;
	if (jval_str(panel, "table_title") != NULL)
		para(s, jval_str(panel, "table_title"), 9, true, 2);
	cells = arena_alloc(s->a, n * sizeof(*cells));
	w = arena_alloc(s->a, n * sizeof(*w));
	json_array_foreach(cols, j, c) {
		cells[j] = jval_str(c, "label") != NULL ? jval_str(c, "label") :
		    "";
		w[j] = 1.0 / (double)n;
	}
	line(s, cells, w, n, 8.5, true, 2);
	json_array_foreach(json_object_get(t, "rows"), i, row) {
		json_array_foreach(cols, j, c) {
			const char *v = jval_str(row, jval_str(c, "key"));

			cells[j] = v != NULL ? v : "";
		}
		line(s, cells, w, n, 8.5, false, 1);
	}
	s->y += 4;
}

enum err
dash_pdf(const json_t *d, const char *lang, struct buf *out,
    struct errinfo *ei)
{
	struct sheet s = { .lang = lang, .a = arena_new(8192), .y = MARGIN };
	json_t *unit = json_object_get(d, "unit"), *p;
	const char *title = arena_printf(s.a, "%s · %s", msg_get(lang,
	    "dash_title"), jval_str(unit, "name"));
	size_t i;
	enum err e;

	printout_open(&s.doc, out, title);
	para(&s, title, 16, true, 4);
	para(&s, arena_printf(s.a, "%s %lld · %s %s", msg_get(lang,
	    "dash_year"), (long long)jval_int(d, "year", 0), msg_get(lang,
	    "dash_as_of"), date_display(s.a, jval_str(d, "as_of"), lang)), 9,
	    false, 10);
	json_array_foreach(json_object_get(d, "panels"), i, p) {
		para(&s, jval_str(p, "title"), 12, true, 4);
		if (jval_str(p, "empty") != NULL) {
			para(&s, jval_str(p, "empty"), 9, false, 8);
			continue;
		}
		figures(&s, p);
		s.y += 4;
		if (json_object_get(p, "chart") != NULL) {
			chart(&s, p);
			chart_numbers(&s, json_object_get(p, "chart"));
		}
		table(&s, p);
		s.y += 6;
	}
	e = printout_close(&s.doc, "dashboard.too_large",
	    "dashboard.pdf_failed", ei);
	arena_free(s.a);
	return e;
}
