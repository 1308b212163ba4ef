/*
 * chart_internal.h - what chart.c (the layout) and chart_svg.c (the SVG
 * emitter) share: the laid-out chart itself.  Nothing outside core/chart*
 * includes this; other emitters read the primitives (chart_prims).
 */
#ifndef NTM_CORE_CHART_INTERNAL_H
#define NTM_CORE_CHART_INTERNAL_H

#include "core/chart.h"

/* A run of primitives read out as one thing (a bar and its label, a
 * point of a line): the SVG wraps it in <g> with tip as its <title>. */
struct chart_group {
	size_t first, n;
	const char *tip;
};

struct chart {
	struct arena *a;
	struct chart_frame f;	/* strings copied into a */
	double w, h;
	struct chart_prim *prims;
	size_t n, cap;
	struct chart_group *groups;
	size_t ng, gcap;
};

#endif
