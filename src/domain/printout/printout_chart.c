/*
 * printout_chart.c - a chart of core/chart.h drawn on a printout's cairo
 * context (printout_chart, printout.h): the same primitives the page's
 * SVG is made of, so a dashboard and its PDF show the same picture.
 *
 * The chart is laid out in pixels of a 340-px phone drawing; it is scaled
 * as a whole to the width asked (on A4, 1 px becomes about 1.5 pt for a
 * full-width chart), so the proportions of text and bars stay those of
 * the page.  A text is anchored at its baseline like SVG's, measured by
 * pango to honour start / middle / end.
 */
#include <pango/pangocairo.h>

#include "core/chart.h"
#include "domain/printout/printout.h"

#define FONT	"DejaVu Sans,Noto Sans,Sans"

static void
rgb(cairo_t *cr, unsigned c)
{
	cairo_set_source_rgb(cr, ((c >> 16) & 0xff) / 255.0,
	    ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}

static void
stroke(cairo_t *cr, const struct chart_prim *p)
{
	static const double dash[] = { 4, 3 };

	rgb(cr, p->rgb);
	cairo_set_line_width(cr, p->stroke_px);
	cairo_set_dash(cr, dash, p->dashed ? 2 : 0, 0);
	cairo_stroke(cr);
	cairo_set_dash(cr, dash, 0, 0);
}

static void
text(cairo_t *cr, PangoLayout *l, const struct chart_prim *p)
{
	PangoFontDescription *fd = pango_font_description_from_string(FONT);
	int w, h;
	double base;

	pango_font_description_set_absolute_size(fd,
	    p->font_px * PANGO_SCALE);
	pango_font_description_set_weight(fd, p->bold ? PANGO_WEIGHT_BOLD :
	    PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(l, p->text != NULL ? p->text : "", -1);
	pango_layout_get_size(l, &w, &h);
	base = (double)pango_layout_get_baseline(l) / PANGO_SCALE;
	rgb(cr, p->rgb);
	cairo_move_to(cr, p->x - (p->anchor + 1) * ((double)w / PANGO_SCALE) /
	    2, p->y - base);
	pango_cairo_show_layout(cr, l);
}

double
printout_chart(cairo_t *cr, const struct chart *c, double x, double y,
    double width_pt)
{
	const struct chart_prim *p;
	size_t n = chart_prims(c, &p), i, j;
	double k = width_pt / chart_width(c);
	PangoLayout *l;

	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_scale(cr, k, k);
	l = pango_cairo_create_layout(cr);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	for (i = 0; i < n; i++) {
		switch (p[i].kind) {
		case CHART_RECT:
			rgb(cr, p[i].rgb);
			cairo_rectangle(cr, p[i].x, p[i].y, p[i].w, p[i].h);
			cairo_fill(cr);
			break;
		case CHART_LINE:
			cairo_move_to(cr, p[i].x, p[i].y);
			cairo_rel_line_to(cr, p[i].w, p[i].h);
			stroke(cr, &p[i]);
			break;
		case CHART_POLYLINE:
			for (j = 0; j < p[i].n_pts; j++)
				(j ? cairo_line_to : cairo_move_to)(cr,
				    p[i].pts[2 * j], p[i].pts[2 * j + 1]);
			stroke(cr, &p[i]);
			break;
		case CHART_TEXT:
			text(cr, l, &p[i]);
			break;
		}
	}
	g_object_unref(l);
	cairo_restore(cr);
	return chart_height(c) * k;
}
