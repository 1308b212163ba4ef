/*
 * chart_svg.c - a laid-out chart (chart.c) written as one <svg> element
 * for pages (chart_svg, core/chart.h).
 *
 * The element has role="img" and a <title> (the chart's title, else its
 * caption) named by aria-labelledby; each bar, stacked row or point of a
 * line is a <g> whose <title> reads its label and value, so a screen
 * reader and a mouse pointer get the numbers; the page's table has them
 * too.  A viewBox and width/height of the drawing: the page's stylesheet
 * (.chart svg {max-width:100%; height:auto}) shrinks it to a phone.
 * Every text and link is XML-escaped here, control characters dropped,
 * so callers may put any label in.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/chart_internal.h"

#define FONT_PX		13.0
#define C_TEXT		0x222222u

/* Append s XML-escaped; C0 controls other than TAB, LF, CR are not
 * allowed in XML and are dropped. */
static int
esc(struct buf *o, const char *s)
{
	size_t i, from = 0, len = s != NULL ? strlen(s) : 0;
	const char *rep;
	int e = 0;

	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		switch (ch) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			rep = ch < 0x20 && ch != '\t' && ch != '\n' &&
			    ch != '\r' ? "" : NULL;
		}
		if (rep == NULL)
			continue;
		e |= buf_append(o, s + from, i - from) != ERR_OK;
		e |= buf_puts(o, rep) != ERR_OK;
		from = i + 1;
	}
	e |= buf_append(o, s + from, len - from) != ERR_OK;
	return e;
}

/* A coordinate, one decimal at most, no trailing ".0". */
static const char *
num(char b[32], double v)
{
	if (!isfinite(v))
		v = 0;
	v = round(v * 10) / 10;
	if (v == 0)
		v = 0;	/* not "-0" */
	if (v == floor(v))
		snprintf(b, 32, "%.0f", v);
	else
		snprintf(b, 32, "%.1f", v);
	return b;
}

static int
prim(struct buf *o, const struct chart_prim *p)
{
	char a[32], b[32], c[32], d[32];
	int e = 0;
	size_t i;

	if (p->href != NULL) {
		e |= buf_puts(o, "<a href=\"") != ERR_OK;
		e |= esc(o, p->href);
		e |= buf_puts(o, "\">") != ERR_OK;
	}
	switch (p->kind) {
	case CHART_RECT:
		e |= buf_printf(o, "<rect x=\"%s\" y=\"%s\" width=\"%s\" "
		    "height=\"%s\" fill=\"#%06x\"/>", num(a, p->x), num(b, p->y),
		    num(c, p->w), num(d, p->h), p->rgb) != ERR_OK;
		break;
	case CHART_LINE:
		e |= buf_printf(o, "<path d=\"M%s %sl%s %s\" stroke=\"#%06x\"",
		    num(a, p->x), num(b, p->y), num(c, p->w), num(d, p->h),
		    p->rgb) != ERR_OK;
		if (p->stroke_px != 1)
			e |= buf_printf(o, " stroke-width=\"%s\"",
			    num(a, p->stroke_px)) != ERR_OK;
		if (p->dashed)
			e |= buf_puts(o, " stroke-dasharray=\"4 3\"") != ERR_OK;
		e |= buf_puts(o, "/>") != ERR_OK;
		break;
	case CHART_POLYLINE:
		e |= buf_puts(o, "<polyline points=\"") != ERR_OK;
		for (i = 0; i < p->n_pts; i++)
			e |= buf_printf(o, "%s%s,%s", i ? " " : "",
			    num(a, p->pts[2 * i]), num(b, p->pts[2 * i + 1])) !=
			    ERR_OK;
		e |= buf_printf(o, "\" fill=\"none\" stroke=\"#%06x\" "
		    "stroke-width=\"%s\" stroke-linejoin=\"round\"/>", p->rgb,
		    num(a, p->stroke_px)) != ERR_OK;
		break;
	case CHART_TEXT:
		e |= buf_printf(o, "<text x=\"%s\" y=\"%s\"", num(a, p->x),
		    num(b, p->y)) != ERR_OK;
		if (p->anchor != -1)
			e |= buf_puts(o, p->anchor == 0 ?
			    " text-anchor=\"middle\"" : " text-anchor=\"end\"") !=
			    ERR_OK;
		if (p->bold)
			e |= buf_puts(o, " font-weight=\"bold\"") != ERR_OK;
		if (p->font_px != FONT_PX)
			e |= buf_printf(o, " font-size=\"%s\"",
			    num(a, p->font_px)) != ERR_OK;
		if (p->rgb != C_TEXT)
			e |= buf_printf(o, " fill=\"#%06x\"", p->rgb) != ERR_OK;
		e |= buf_puts(o, ">") != ERR_OK;
		e |= esc(o, p->text);
		e |= buf_puts(o, "</text>") != ERR_OK;
		break;
	}
	if (p->href != NULL)
		e |= buf_puts(o, "</a>") != ERR_OK;
	return e;
}

enum err
chart_svg(const struct chart *c, struct buf *out)
{
	size_t start = out->len, i, g = 0;
	const char *title = c->f.title != NULL ? c->f.title : c->f.caption;
	char w[32], h[32];
	int e = 0;

	num(w, c->w);
	num(h, c->h);
	e |= buf_puts(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "role=\"img\"") != ERR_OK;
	if (title != NULL) {
		e |= buf_puts(out, " aria-labelledby=\"") != ERR_OK;
		e |= esc(out, c->f.id);
		e |= buf_puts(out, "\"") != ERR_OK;
	}
	e |= buf_printf(out, " width=\"%s\" height=\"%s\" "
	    "viewBox=\"0 0 %s %s\" "
	    "font-family=\"DejaVu Sans,Noto Sans,Arial,sans-serif\" "
	    "font-size=\"13\" fill=\"#222222\">", w, h, w, h) != ERR_OK;
	if (title != NULL) {
		e |= buf_puts(out, "<title id=\"") != ERR_OK;
		e |= esc(out, c->f.id);
		e |= buf_puts(out, "\">") != ERR_OK;
		e |= esc(out, title);
		e |= buf_puts(out, "</title>") != ERR_OK;
	}
	for (i = 0; i < c->n; i++) {
		while (g < c->ng && c->groups[g].n == 0)
			g++;
		if (g < c->ng && c->groups[g].first == i) {
			e |= buf_puts(out, "<g><title>") != ERR_OK;
			e |= esc(out, c->groups[g].tip);
			e |= buf_puts(out, "</title>") != ERR_OK;
		}
		e |= prim(out, &c->prims[i]);
		if (g < c->ng && i + 1 == c->groups[g].first + c->groups[g].n) {
			e |= buf_puts(out, "</g>") != ERR_OK;
			g++;
		}
	}
	e |= buf_puts(out, "</svg>") != ERR_OK;
	if (e) {
		/* as it was: never half an element on a page */
		out->len = start;
		if (out->data != NULL)
			out->data[start] = '\0';
		return ERR_LIMIT;
	}
	return ERR_OK;
}
