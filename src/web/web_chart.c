/*
 * web_chart.c - a horizontal bar chart as SVG for pages (web_chart.h):
 * the OCOP register's statistics and the marketplace's.
 *
 * A chart is an <svg role="img"> whose <title> says what it counts; the
 * page's table gives the same numbers, so nothing is only in the
 * picture.  Short labels (provinces, stars) stand left of their bars;
 * long ones (the sixth group's name) get a line of their own above the
 * bar.  The value is written after the bar in the page's number format.
 * Drawn 340 px wide with 13-px text, the width of a phone
 * (docs/DEVELOPING.md, "Pages people read").  Labels longer than a line
 * are cut with "…" (the table has them whole).  Every text is escaped.
 */
#include <string.h>

#include "core/buf.h"
#include "core/jval.h"
#include "core/numfmt.h"
#include "http/template.h"
#include "web/web.h"
#include "web/web_chart.h"

#define W_PX		340
#define SIDE_PX		4
#define FONT_PX		13
#define LABEL_PX	16	/* the label's line */
#define BAR_PX		14
#define GAP_PX		8
#define VALUE_PX	56	/* room for the count after the longest bar */
#define LABEL_CHARS	46	/* ~0.55 em a character at 13 px in 332 px */
#define SIDE_CHARS	14	/* labels this short stand beside the bar */
#define SIDE_LABEL_PX	104	/* their column */
#define C_BAR		"#2e7d32"

/* Append s escaped, cut to max characters with "…". */
static enum err
put_label(struct buf *b, const char *s, size_t max)
{
	size_t chars = 0, i = 0, len = strlen(s);
	enum err e;

	for (; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && ++chars > max)
			break;
	if (i >= len)
		return html_escape(s, len, b);
	/* cut one character earlier for the ellipsis */
	while (i > 0 && ((unsigned char)s[--i] & 0xc0) == 0x80)
		;
	if ((e = html_escape(s, i, b)) != ERR_OK)
		return e;
	return buf_puts(b, "…");
}

const char *
web_bar_chart(struct req *r, struct web *w, const char *id, const char *title,
    json_t *rows, const char *label_key, const char *value_key)
{
	size_t n = json_array_size(rows), i;
	json_int_t max = 0;
	size_t longest = 0;
	bool side;
	int row_px, h, span, bar_x;
	struct buf b;
	json_t *it;
	enum err e = ERR_OK;
	const char *out;

	json_array_foreach(rows, i, it) {
		const char *l = jval_str(it, label_key);
		size_t chars = 0;

		for (; l != NULL && *l != '\0'; l++)
			chars += ((unsigned char)*l & 0xc0) != 0x80;
		if (chars > longest)
			longest = chars;
		if (jval_int(it, value_key, 0) > max)
			max = jval_int(it, value_key, 0);
	}
	side = longest <= SIDE_CHARS;
	row_px = side ? BAR_PX + GAP_PX : LABEL_PX + BAR_PX + GAP_PX;
	h = (int)n * row_px + GAP_PX;
	bar_x = side ? SIDE_PX + SIDE_LABEL_PX : SIDE_PX;
	span = W_PX - bar_x - SIDE_PX - VALUE_PX;
	buf_init(&b, 256 * 1024);
	e = buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "role=\"img\" aria-labelledby=\"%s\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
	    "font-size=\"%d\"><title id=\"%s\">", id, W_PX, h, W_PX, h,
	    FONT_PX, id);
	if (e == ERR_OK)
		e = html_escape(title, strlen(title), &b);
	if (e == ERR_OK)
		e = buf_puts(&b, "</title>");
	json_array_foreach(rows, i, it) {
		json_int_t c = jval_int(it, value_key, 0);
		int y = GAP_PX + (int)i * row_px;
		int bw = max > 0 ? (int)(c * span / max) : 0;
		int bar_y = side ? y : y + LABEL_PX;
		const char *label = jval_str(it, label_key);

		if (e == ERR_OK)
			e = buf_printf(&b, "<text x=\"%d\" y=\"%d\">", SIDE_PX,
			    side ? y + BAR_PX - 2 : y + FONT_PX - 1);
		if (e == ERR_OK)
			e = put_label(&b, label != NULL ? label : "",
			    LABEL_CHARS);
		if (e == ERR_OK)
			e = buf_printf(&b, "</text><rect x=\"%d\" y=\"%d\" "
			    "width=\"%d\" height=\"%d\" fill=\"%s\"/>"
			    "<text x=\"%d\" y=\"%d\">%s</text>", bar_x,
			    bar_y, bw > 0 ? bw : 1, BAR_PX, C_BAR,
			    bar_x + bw + 6, bar_y + BAR_PX - 2,
			    numfmt_int_a(r->arena, c, w->lang));
	}
	if (e == ERR_OK)
		e = buf_puts(&b, "</svg>");
	out = e == ERR_OK ? arena_strdup(r->arena, buf_cstr(&b)) : "";
	buf_free(&b);
	return out;
}

