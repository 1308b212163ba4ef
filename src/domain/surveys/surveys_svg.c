/*
 * surveys_svg.c - the satisfaction rates of a campaign as an SVG chart
 * for pages (surv_rates_svg, surveys_export.h).
 *
 * One row per rate: first the overall rate ("Tỷ lệ hài lòng chung",
 * "Overall satisfaction"), then every question that counts for
 * satisfaction, in the questionnaire's order.  A row is its label (wrapped to the width, at
 * most three lines, the last one cut with "…"; the whole text is in the
 * row's <title>), then a horizontal bar on a 0..100 % scale with the 95 %
 * interval as a whisker and the rate written at the right ("87,5 %": the
 * decimal mark of the language).  The chart's own words are messages of
 * the table in the language asked for.  The threshold is a dashed vertical line over all rows;
 * a bar at or above it is green, below it orange, and the numbers say the
 * same for those who cannot tell colours apart.  An axis at the bottom.
 *
 * Labels are wrapped by counting characters (an average glyph is taken as
 * 0.55 em), which is close enough for Vietnamese in a sans-serif font;
 * the viewBox keeps the drawing scalable, so the page can shrink it to a
 * 360-px phone.  Every text is XML-escaped, control characters dropped.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/msg.h"
#include "core/numfmt.h"
#include "domain/surveys/surveys_export_internal.h"

#define FONT_PX		13
#define LINE_PX		16
#define BAR_PX		14
#define ROW_GAP_PX	12
#define SIDE_PX		8
#define VALUE_PX	70	/* room for "100,0 %" right of the bars */
#define LABEL_LINES	3
#define WIDTH_MIN	200
#define WIDTH_MAX	4000

#define C_MET		"#2e7d32"
#define C_UNMET		"#e65100"
#define C_THRESHOLD	"#c62828"

/* A rate, its interval and its label. */
struct bar {
	const char *label;
	double rate, lo, hi;	/* NAN when not known */
	int bold;
};

/* Append s (len bytes) XML-escaped; C0 controls other than TAB, LF, CR
 * are not allowed in XML and are dropped. */
static enum err
xml_escape(struct buf *out, const char *s, size_t len)
{
	size_t i, from = 0;
	const char *rep;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			rep = c < 0x20 && c != '\t' && c != '\n' && c != '\r' ?
			    "" : NULL;
		}
		if (rep == NULL)
			continue;
		if (buf_append(out, s + from, i - from) != ERR_OK ||
		    buf_puts(out, rep) != ERR_OK)
			return ERR_LIMIT;
		from = i + 1;
	}
	return buf_append(out, s + from, len - from);
}

/* A number of the results; NAN when absent or not a number. */
static double
num(json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* The message key in lang, XML-escaped. */
static enum err
put_msg(struct buf *out, const char *lang, const char *key)
{
	const char *t = msg_get(lang, key);

	return xml_escape(out, t, strlen(t));
}

/* Bytes of the UTF-8 sequence starting with lead byte c. */
static size_t
u8_len(unsigned char c)
{
	return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/*
 * Split s into at most LABEL_LINES lines of at most cpl characters,
 * breaking at spaces (inside a word that is longer than a line).  starts
 * and lens receive the lines; returns their number; *cut is set when text
 * was left out (the caller ends the last line with "…").
 */
static int
wrap(const char *s, size_t cpl, size_t starts[], size_t lens[], int *cut)
{
	size_t len = strlen(s), pos = 0;
	int n = 0;

	*cut = 0;
	while (pos < len && s[pos] == ' ')
		pos++;
	while (pos < len) {
		size_t i = pos, chars = 0, brk = 0;

		if (n == LABEL_LINES) {
			*cut = 1;
			break;
		}
		/* Take characters until the line is full or the text ends. */
		while (i < len && chars < cpl) {
			if (s[i] == ' ')
				brk = i;
			i += u8_len((unsigned char)s[i]);
			chars++;
		}
		if (i > len)
			i = len;
		if (i < len && s[i] != ' ' && brk > pos)
			i = brk;	/* break at the last space */
		starts[n] = pos;
		lens[n] = i - pos;
		n++;
		pos = i;
		while (pos < len && s[pos] == ' ')
			pos++;
	}
	return n;
}

/* The x of percentage v on the bars' scale. */
static double
xof(double v, double x0, double x1)
{
	if (v < 0)
		v = 0;
	if (v > 100)
		v = 100;
	return x0 + (x1 - x0) * v / 100.0;
}

static enum err
put_bar(struct buf *o, const struct bar *b, double threshold, int width,
    const char *lang, double *y)
{
	double x0 = SIDE_PX, x1 = width - VALUE_PX, ym;
	size_t cpl, starts[LABEL_LINES], lens[LABEL_LINES];
	char pct[NUMFMT_LEN], lo[NUMFMT_LEN], hi[NUMFMT_LEN];
	int i, n, cut, e = 0;	/* e: any append failed */

	cpl = (size_t)((width - 2 * SIDE_PX) / (FONT_PX * 0.55));
	if (cpl < 8)
		cpl = 8;
	n = wrap(b->label, cpl, starts, lens, &cut);
	numfmt_pct(pct, b->rate, lang);
	numfmt_pct(lo, b->lo, lang);
	numfmt_pct(hi, b->hi, lang);

	e |= buf_puts(o, "<g><title>");
	e |= xml_escape(o, b->label, strlen(b->label));
	e |= buf_printf(o, ": %s", pct);
	if (!isnan(b->lo) && !isnan(b->hi)) {
		e |= buf_puts(o, " (");
		e |= put_msg(o, lang, "surv_ci");
		e |= buf_printf(o, ": %s – %s)", lo, hi);
	}
	e |= buf_puts(o, "</title>");
	for (i = 0; i < n; i++) {
		*y += LINE_PX;
		e |= buf_printf(o, "<text x=\"%d\" y=\"%.1f\"%s>", SIDE_PX,
		    *y - 4, b->bold ? " font-weight=\"bold\"" : "");
		e |= xml_escape(o, b->label + starts[i], lens[i]);
		if (cut && i == n - 1)
			e |= buf_puts(o, "…");
		e |= buf_puts(o, "</text>");
	}
	*y += 2;
	ym = *y + BAR_PX / 2.0;
	e |= buf_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	    "height=\"%d\" fill=\"#eee\"/>", x0, *y, x1 - x0, BAR_PX);
	if (!isnan(b->rate))
		e |= buf_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" "
		    "width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", x0, *y,
		    xof(b->rate, x0, x1) - x0, BAR_PX,
		    !isnan(threshold) && b->rate < threshold ? C_UNMET : C_MET);
	if (!isnan(b->lo) && !isnan(b->hi)) {
		double a = xof(b->lo, x0, x1), z = xof(b->hi, x0, x1);

		e |= buf_printf(o, "<path d=\"M%.1f %.1fH%.1fM%.1f %.1fv%dM%.1f "
		    "%.1fv%d\" stroke=\"#222\" stroke-width=\"1.5\"/>", a, ym, z,
		    a, ym - 4, 8, z, ym - 4, 8);
	}
	e |= buf_printf(o, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\"%s>"
	    "%s</text></g>", width - SIDE_PX, ym + 4.5,
	    b->bold ? " font-weight=\"bold\"" : "", pct);
	*y += BAR_PX + ROW_GAP_PX;
	return e ? ERR_LIMIT : ERR_OK;
}

/*
 * results: the JSON of surv_results; width: 200..4000 px; lang: of the
 * chart's words and numbers.  ERR_INVALID
 * for a width out of range or results without "questions"; ERR_LIMIT when
 * out fills up (out is then as it was).
 */
enum err
surv_rates_svg(json_t *results, int width, const char *lang,
    struct buf *out, struct errinfo *ei)
{
	json_t *questions, *q, *ci, *campaign;
	struct buf body;
	struct bar b;
	double y = 0, top, threshold, x0 = SIDE_PX, x1 = width - VALUE_PX;
	size_t i, start = out->len;
	char pct[NUMFMT_LEN];
	int t, e = 0;		/* any append failed */
	enum err ce;

	if (width < WIDTH_MIN || width > WIDTH_MAX)
		return err_set(ei, ERR_INVALID, "surveys.chart_width", "width",
		    "Chiều rộng biểu đồ phải từ %d đến %d",
		    "The chart's width must be from %d to %d", WIDTH_MIN,
		    WIDTH_MAX);
	if ((ce = surv_export_check(results, false, NULL, ei)) != ERR_OK)
		return ce;
	questions = json_object_get(results, "questions");
	campaign = json_object_get(results, "campaign");
	threshold = num(json_object_get(campaign, "threshold"));

	/* The rows first (their height decides the picture's). */
	buf_init(&body, out->max);
	y = LINE_PX + 6;	/* the caption */
	top = y;
	ci = json_object_get(results, "ci");
	b.label = msg_get(lang, "surv_rate");
	b.rate = num(json_object_get(results, "rate"));
	b.lo = num(json_array_get(ci, 0));
	b.hi = num(json_array_get(ci, 1));
	b.bold = 1;
	e |= put_bar(&body, &b, threshold, width, lang, &y);
	json_array_foreach(questions, i, q) {
		json_t *counts = json_object_get(q, "counts");

		if (json_is_false(counts) || (counts == NULL &&
		    !json_is_number(json_object_get(q, "rate"))))
			continue;
		ci = json_object_get(q, "ci");
		b.label = json_string_value(json_object_get(q, "text"));
		if (b.label == NULL)
			b.label = json_string_value(json_object_get(q, "id"));
		if (b.label == NULL)
			b.label = "";
		b.rate = num(json_object_get(q, "rate"));
		b.lo = num(json_array_get(ci, 0));
		b.hi = num(json_array_get(ci, 1));
		b.bold = 0;
		e |= put_bar(&body, &b, threshold, width, lang, &y);
	}

	/* The threshold over the rows, then the axis. */
	if (!isnan(threshold)) {
		numfmt_pct(pct, threshold, lang);
		e |= buf_printf(&body, "<path d=\"M%.1f %.1fV%.1f\" stroke=\""
		    C_THRESHOLD "\" stroke-width=\"1.5\" "
		    "stroke-dasharray=\"4 3\"/>", xof(threshold, x0, x1), top,
		    y - ROW_GAP_PX + 4);
	}
	e |= buf_printf(&body, "<path d=\"M%.1f %.1fH%.1f\" stroke=\"#888\"/>",
	    x0, y, x1);
	for (t = 0; t <= 100; t += 25)
		e |= buf_printf(&body, "<path d=\"M%.1f %.1fv4\" stroke=\"#888\"/>"
		    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
		    "font-size=\"13\" fill=\"#555\">%d</text>", xof(t, x0, x1), y,
		    xof(t, x0, x1), y + 16, t);
	y += 22;

	e |= buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%.0f\" viewBox=\"0 0 %d %.0f\" "
	    "font-family=\"DejaVu Sans,Noto Sans,Arial,sans-serif\" "
	    "font-size=\"%d\" role=\"img\" aria-label=\"", width, ceil(y),
	    width, ceil(y), FONT_PX);
	e |= put_msg(out, lang, "surv_svg_label");
	e |= buf_puts(out, "\"><title>");
	e |= put_msg(out, lang, "surv_svg_title");
	if (!isnan(threshold)) {
		e |= buf_puts(out, ", ");
		e |= put_msg(out, lang, "surv_svg_threshold");
		e |= buf_printf(out, " %s", pct);
	}
	e |= buf_printf(out, "</title><text x=\"%d\" y=\"%d\" font-size=\"13\" "
	    "fill=\"#555\">", SIDE_PX, LINE_PX);
	e |= put_msg(out, lang, "surv_svg_caption");
	if (!isnan(threshold)) {
		e |= buf_puts(out, " · <tspan fill=\"" C_THRESHOLD "\">");
		e |= put_msg(out, lang, "surv_svg_threshold");
		e |= buf_printf(out, " %s</tspan>", pct);
	}
	e |= buf_puts(out, "</text>");
	e |= buf_append(out, body.data, body.len);
	e |= buf_puts(out, "</svg>");
	buf_free(&body);
	if (e) {
		surv_export_undo(out, start);
		return err_set(ei, ERR_LIMIT, "surveys.export_too_large", NULL,
		    "Biểu đồ vượt quá giới hạn kích thước",
		    "The chart is larger than allowed");
	}
	return ERR_OK;
}
