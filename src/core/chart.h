/*
 * chart.h - the server's charts, one module for every page and printout
 * that draws (issue 18): horizontal bars, trend lines and stacked
 * distributions.  Pure: numbers and labels in, a drawing out; the drawing
 * is emitted as SVG for pages (chart_svg) or onto a cairo context for PDF
 * (printout_chart, domain/printout/printout.h), so a page and its printout
 * show the same chart.
 *
 * Every text is XML-escaped by the SVG emitter; numbers are written by
 * numfmt in the chart's language ("87,5 %" in Vietnamese); the SVG has a
 * viewBox and no fixed size, so it shrinks to a 360-px phone, and its
 * labels are wrapped or abbreviated, never overlapped.  A value NAN is
 * "not known": drawn as a gap (lines) or "—" (bars), never as zero.
 */
#ifndef NTM_CORE_CHART_H
#define NTM_CORE_CHART_H

#include <math.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

struct arena;

/* What every chart has. */
struct chart_frame {
	const char *id;		/* unique in the page (aria-labelledby) */
	const char *title;	/* drawn and read out; may be NULL */
	const char *lang;	/* "vi" or "en": numbers and the chart's words */
	int width;		/* viewBox width in px; 0: 640 */
	const char *unit;	/* suffix after numbers ("%", "₫") or NULL */
	int decimals;		/* digits after the decimal mark */
	double threshold;	/* a dashed reference line, NAN for none */
	double max;		/* the scale's top, NAN: from the data */
	const char *caption;	/* a line drawn above the chart (what is
				 * counted, in what unit) or NULL; the title
				 * is only read out, the page heads the chart */
};

/* A value axis from lo to hi in "nice" steps (1, 2 or 5 × 10^k) with at
 * most max_ticks intervals (1 if less is asked); lo <= data min, hi >= data
 * max.  A range of one value (or NAN ends) still gets a non-empty axis. */
struct chart_scale {
	double lo, hi, step;
	int ticks;		/* number of intervals */
};
void chart_nice_scale(double lo, double hi, int max_ticks,
    struct chart_scale *s);

/* One bar: its label, value and optional link (the page it summarises). */
struct chart_bar {
	const char *label;
	double value;
	const char *href;	/* NULL: no link */
	int emphasis;		/* drawn bold (a total, the unit itself) */
	int has_interval;	/* lo..hi drawn as a whisker (a 95 % interval) */
	double lo, hi;
};

/* One line of a trend: values[i] at x_labels[i]. */
struct chart_series {
	const char *name;
	const double *values;
};

/* One stacked row: segments[j] of the row, named by the chart's
 * segment names (same order and count in every row). */
struct chart_stack_row {
	const char *label;
	const double *segments;
	const char *href;
};

/* A laid-out chart (arena memory): primitives in page coordinates.
 * A threshold colours the bars under it orange (the value written after
 * the bar says the same for those who cannot tell colours apart) and is
 * labelled "ngưỡng 90,0 %" over its line. */
struct chart;

struct chart *chart_bars(struct arena *a, const struct chart_frame *f,
    const struct chart_bar *bars, size_t n);
struct chart *chart_lines(struct arena *a, const struct chart_frame *f,
    const char *const *x_labels, size_t n_x,
    const struct chart_series *series, size_t n_series);
struct chart *chart_stacked(struct arena *a, const struct chart_frame *f,
    const char *const *segment_names, size_t n_segments,
    const struct chart_stack_row *rows, size_t n_rows);

/* The drawing's size in px (viewBox). */
double chart_width(const struct chart *c);
double chart_height(const struct chart *c);

/* Append the chart as one <svg> element (role="img", <title>, a legend
 * where there are several series or segments). */
enum err chart_svg(const struct chart *c, struct buf *out) BUF_MUST_USE;

/* The primitives, for other emitters (printout_chart). */
enum chart_prim_kind { CHART_RECT, CHART_LINE, CHART_POLYLINE, CHART_TEXT };
struct chart_prim {
	enum chart_prim_kind kind;
	double x, y, w, h;		/* RECT; LINE: (x,y)-(x+w,y+h) */
	const double *pts;		/* POLYLINE: n_pts (x, y) pairs */
	size_t n_pts;
	const char *text;		/* TEXT, anchored at (x, y) */
	int anchor;			/* TEXT: -1 start, 0 middle, 1 end */
	int bold, dashed;
	double font_px, stroke_px;
	unsigned rgb;			/* 0xRRGGBB, fill or stroke */
	const char *href;		/* link around the primitive, or NULL */
};
size_t chart_prims(const struct chart *c, const struct chart_prim **out);

#endif
