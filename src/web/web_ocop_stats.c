/*
 * web_ocop_stats.c - /ocop/statistics: the products of the public OCOP
 * register today by province (the 34 of the 2025 structure, zeros shown),
 * by stars and by product group (domain/ocop/ocop_register.h), each as a
 * table and as a bar chart drawn here as SVG (no script).
 *
 * A chart is an <svg role="img"> whose <title> says what it counts; the
 * table under it gives the same numbers, so nothing is only in the
 * picture.  Short labels (provinces, stars) stand left of their bars;
 * long ones (the sixth group's name) get a line of their own above the
 * bar.  The count is written after the bar in the page's number format.
 * Drawn 340 px wide with 13-px text, the width of a phone
 * (docs/DEVELOPING.md, "Pages people read").  Labels longer than a line
 * are cut with "…" (the table has them whole).  Every text is escaped.
 */
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "domain/ocop/ocop_register.h"
#include "http/template.h"
#include "web/web.h"
#include "web/web_internal.h"
#include "web/web_ocop_internal.h"

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

/* The chart of rows [{label key, count}] titled title; id: unique in the
 * page (the title's element). */
static const char *
chart_svg(struct req *r, struct web *w, const char *id, const char *title,
    json_t *rows, const char *label_key)
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
		if (jval_int(it, "count", 0) > max)
			max = jval_int(it, "count", 0);
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
		json_int_t c = jval_int(it, "count", 0);
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

/* Each row's count as people read it, and the list's own total. */
static void
count_texts(struct req *r, struct web *w, json_t *rows)
{
	json_t *it;
	size_t i;

	json_array_foreach(rows, i, it)
		json_object_set_new(it, "count_text", json_string(numfmt_int_a(
		    r->arena, jval_int(it, "count", 0), w->lang)));
}

enum err
ocopw_statistics(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	json_t *out, *stars, *it;
	size_t i;
	enum err e;

	if ((e = ocop_register_statistics(w->db, w->lang, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	if (w->json)
		return ERR_OK;
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "ocreg_stats_title")));
	json_object_set_new(view, "date_text", json_string(date_display(
	    r->arena, jval_str(view, "date"), w->lang)));
	json_object_set_new(view, "total_text", json_string(numfmt_int_a(
	    r->arena, jval_int(view, "total", 0), w->lang)));
	if (jval_int(view, "unplaced", 0) > 0)
		json_object_set_new(view, "unplaced_text", json_string(
		    numfmt_int_a(r->arena, jval_int(view, "unplaced", 0),
		    w->lang)));
	stars = json_object_get(view, "by_stars");
	json_array_foreach(stars, i, it)
		json_object_set_new(it, "label", json_string(arena_printf(
		    r->arena, "%lld %s", (long long)jval_int(it, "stars", 0),
		    msg_get(w->lang, "ocreg_stars_n"))));
	count_texts(r, w, json_object_get(view, "by_province"));
	count_texts(r, w, stars);
	count_texts(r, w, json_object_get(view, "by_group"));
	json_object_set_new(view, "province_svg", json_string(chart_svg(r, w,
	    "chart-province", msg_get(w->lang, "ocreg_chart_province"),
	    json_object_get(view, "by_province"), "name")));
	json_object_set_new(view, "stars_svg", json_string(chart_svg(r, w,
	    "chart-stars", msg_get(w->lang, "ocreg_chart_stars"), stars,
	    "label")));
	json_object_set_new(view, "group_svg", json_string(chart_svg(r, w,
	    "chart-group", msg_get(w->lang, "ocreg_chart_group"),
	    json_object_get(view, "by_group"), "name")));
	return ERR_OK;
}
