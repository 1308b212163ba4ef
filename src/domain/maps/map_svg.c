/*
 * map_svg.c - a map as one <svg>: the provinces of the values' structure
 * from the generated geometry (map_geom.h), each filled with its class's
 * colour and a link to its dashboard; the title, the legend with every
 * class stated, the source and date, and the islets of Hoàng Sa and
 * Trường Sa with their names.  No script, no style sheet, no ids (a page
 * may hold several maps); every text escaped.
 *
 * Layout (view box 340 wide, as shown on a 360-px phone so that the text
 * stays at 12 px and more): two lines of title, the geometry, the legend
 * in the open sea north-east of the coast, two lines of source.
 */
#include <math.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/msg.h"
#include "domain/maps/map_geom.h"
#include "domain/maps/maps.h"
#include "http/template.h"

#define TOP 44		/* the title's band above the geometry */
#define FOOT 56		/* the source's band below it */
#define NODATA "#d9d9d9"
#define SVG_MAX (96 * 1024)

static enum err
esc(struct buf *o, const char *s)
{
	return html_escape(s ? s : "", strlen(s ? s : ""), o);
}

/* A line of text at (x, y): size in px, anchor "start"/"middle"/"end". */
static enum err
text(struct buf *o, int x, int y, int size, const char *anchor, bool bold,
    const char *s)
{
	enum err e = buf_printf(o, "<text x=\"%d\" y=\"%d\" font-size=\"%d\"",
	    x, y, size);

	if (e == ERR_OK && strcmp(anchor, "start") != 0)
		e = buf_printf(o, " text-anchor=\"%s\"", anchor);
	if (e == ERR_OK && bold)
		e = buf_puts(o, " font-weight=\"bold\"");
	if (e == ERR_OK)
		e = buf_putc(o, '>');
	if (e == ERR_OK)
		e = esc(o, s);
	return e != ERR_OK ? e : buf_puts(o, "</text>");
}

/*
 * s cut at spaces into lines of about width px at font size px (a glyph
 * taken as 0.6 of the size, bold Vietnamese included, so nothing runs
 * past the right edge of a 340-px map): into line[0..max), each size
 * bytes; the last line takes the rest.  Returns the number of lines.
 */
static int
wrap(const char *s, int width, int size, char line[][160], int max)
{
	int per_line = (int)(width / (0.6 * size)), n = 0;

	s = s ? s : "";
	while (n < max) {
		const char *brk = NULL, *p = s;
		int chars = 0;

		for (; *p != '\0'; p++) {
			if (((unsigned char)*p & 0xC0) == 0x80)
				continue;	/* inside a UTF-8 sequence */
			if (*p == ' ') {
				if (chars > per_line && brk != NULL)
					break;
				brk = p;
			}
			chars++;
		}
		if (*p == '\0' && chars <= per_line)
			brk = NULL;
		if (brk == NULL || n == max - 1) {
			snprintf(line[n++], 160, "%s", s);
			break;
		}
		snprintf(line[n++], 160, "%.*s", (int)(brk - s), s);
		s = brk + 1;
	}
	return n;
}

/* The province of values with code, or NULL. */
static json_t *
province(const json_t *values, const char *code)
{
	json_t *p;
	size_t i;

	json_array_foreach(json_object_get(values, "provinces"), i, p)
		if (strcmp(json_string_value(json_object_get(p, "code")), code) == 0)
			return p;
	return NULL;
}

static const char *
colour(const json_t *values, const json_t *p)
{
	json_t *c = json_object_get(p, "class");

	if (!json_is_integer(c))
		return NODATA;
	return json_string_value(json_object_get(json_array_get(
	    json_object_get(values, "classes"), (size_t)json_integer_value(c)),
	    "colour"));
}

static enum err
provinces(struct buf *o, const json_t *values, const struct map_layer *l)
{
	const char *hl = json_string_value(json_object_get(values, "highlight"));
	enum err e = buf_printf(o, "<g transform=\"translate(0 %d) scale(%g)\" "
	    "stroke=\"#fff\" stroke-width=\"%g\" stroke-linejoin=\"round\">", TOP,
	    1.0 / l->per_px, 0.5 * l->per_px);

	for (size_t i = 0; i < l->n && e == ERR_OK; i++) {
		const json_t *p = province(values, l->shapes[i].code);
		const char *href = p ? json_string_value(json_object_get(p, "href")) : NULL;

		if (href != NULL) {
			e |= buf_puts(o, "<a href=\"");
			e |= esc(o, href);
			e |= buf_puts(o, "\">");
		}
		e |= buf_printf(o, "<path d=\"%s\" fill=\"%s\"><title>", l->shapes[i].d,
		    p ? colour(values, p) : NODATA);
		e |= esc(o, p ? json_string_value(json_object_get(p, "name")) :
		    l->shapes[i].name);
		if (p != NULL) {
			e |= buf_puts(o, ": ");
			e |= esc(o, json_string_value(json_object_get(p, "display")));
		}
		e |= buf_puts(o, "</title></path>");
		if (href != NULL)
			e |= buf_puts(o, "</a>");
	}
	/* The dashboard's own province, outlined on top of its neighbours
	 * (values' "highlight"): where am I, at a glance. */
	for (size_t i = 0; i < l->n && e == ERR_OK && hl != NULL; i++)
		if (strcmp(l->shapes[i].code, hl) == 0)
			e |= buf_printf(o, "<path d=\"%s\" fill=\"none\" "
			    "stroke=\"#1b1b1b\" stroke-width=\"%g\" "
			    "pointer-events=\"none\"/>", l->shapes[i].d,
			    2.0 * l->per_px);
	return e != ERR_OK ? ERR_LIMIT : buf_puts(o, "</g>");
}

/* The archipelagos: their islets in their province's colour, outlined so
 * that a light class still shows, and their names. */
static enum err
islands(struct buf *o, const json_t *values, const struct map_layer *l,
    const char *lang)
{
	enum err e = ERR_OK;

	for (size_t i = 0; i < l->nislands && e == ERR_OK; i++) {
		const struct map_island *is = &l->islands[i];
		const json_t *p = province(values, is->province);
		bool north = i == 0 && strcmp(is->name, "Hoàng Sa") == 0;
		/* the southern label ends at the right edge: the islets
		 * spread to it */
		int px = l->per_px, w = l->width / px;
		int x = north ? is->x / px : w - 2;
		int y = TOP + (north ? is->ymax / px + 14 : is->ymin / px - 18);
		const char *anchor = north ? "middle" : "end";

		e |= buf_printf(o, "<path transform=\"translate(0 %d) scale(%g)\" "
		    "d=\"%s\" fill=\"%s\" stroke=\"#555\" stroke-width=\"%g\"/>", TOP,
		    1.0 / px, is->dots, p ? colour(values, p) : NODATA, 0.4 * px);
		e |= text(o, x, y, 12, anchor, true, msg_get(lang, north ?
		    "map_hoang_sa" : "map_truong_sa"));
		e |= text(o, x, y + 13, 12, anchor, false, p ? json_string_value(
		    json_object_get(p, "name")) : "");
	}
	return e != ERR_OK ? ERR_LIMIT : ERR_OK;
}

static enum err
legend(struct buf *o, const json_t *values, const char *lang)
{
	const json_t *classes = json_object_get(values, "classes"), *c;
	int x = 190, y = TOP + 8;
	enum err e = text(o, x, y + 10, 12, "start", true, json_string_value(
	    json_object_get(values, "unit")));
	size_t i;

	y += 18;
	json_array_foreach(classes, i, c) {
		e |= buf_printf(o, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" "
		    "fill=\"%s\" stroke=\"#555\" stroke-width=\".5\"/>", x, y,
		    json_string_value(json_object_get(c, "colour")));
		e |= text(o, x + 20, y + 11, 12, "start", false, json_string_value(
		    json_object_get(c, "label")));
		y += 18;
	}
	e |= buf_printf(o, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" "
	    "fill=\"%s\" stroke=\"#555\" stroke-width=\".5\"/>", x, y, NODATA);
	e |= text(o, x + 20, y + 11, 12, "start", false, msg_get(lang, "map_no_data"));
	return e != ERR_OK ? ERR_LIMIT : ERR_OK;
}

enum err
map_svg(const json_t *values, const char *lang, struct buf *out,
    struct errinfo *ei)
{
	const char *structure = json_string_value(json_object_get(values, "structure"));
	const struct map_layer *l = structure && strcmp(structure, "pre2025") == 0 ?
	    &map_layer_pre2025 : &map_layer_2025;
	int w = l->width / l->per_px, gh = (l->height + l->per_px - 1) / l->per_px;
	int h = TOP + gh + FOOT;
	char sub[160], src[200], asof[160], tl[2][160], sl[2][160];
	int nt, ns, extra, y;
	const char *title = json_string_value(json_object_get(values, "title"));
	struct arena *a;
	enum err e;

	snprintf(sub, sizeof sub, "%s · %s %d", msg_get(lang, strcmp(l->structure,
	    "2025") == 0 ? "map_structure_2025" : "map_structure_pre2025"),
	    msg_get(lang, "map_year"), (int)json_integer_value(json_object_get(
	    values, "year")));
	snprintf(src, sizeof src, "%s: %s", msg_get(lang, "map_source"),
	    json_string_value(json_object_get(values, "source")));
	a = arena_new(1024);
	snprintf(asof, sizeof asof, "%s %s", msg_get(lang, "map_as_of"),
	    date_display(a, json_string_value(json_object_get(values, "as_of")),
	    lang));
	arena_free(a);
	nt = wrap(title, w, 14, tl, 2);
	ns = wrap(src, w, 12, sl, 2);
	extra = 17 * (nt - 1);	/* a title on two lines pushes all down */
	h += extra + 16 * (ns - 1);
	e = buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" role=\"img\" class=\"map\" "
	    "font-family=\"system-ui,sans-serif\" fill=\"#1b1b1b\"><title>",
	    w, h);
	e |= esc(out, title);
	e |= buf_puts(out, " · ");
	e |= esc(out, sub);
	e |= buf_puts(out, "</title>");
	for (int i = 0; i < nt; i++)
		e |= text(out, 0, 16 + 17 * i, 14, "start", true, tl[i]);
	e |= text(out, 0, 33 + extra, 12, "start", false, sub);
	e |= buf_printf(out, "<g transform=\"translate(0 %d)\">", extra);
	e |= provinces(out, values, l);
	e |= islands(out, values, l, lang);
	e |= legend(out, values, lang);
	e |= buf_puts(out, "</g>");
	y = TOP + extra + gh;
	for (int i = 0; i < ns; i++)
		e |= text(out, 0, y += 16, 12, "start", false, sl[i]);
	e |= text(out, 0, y += 16, 12, "start", false, asof);
	e |= text(out, 0, y + 16, 12, "start", false,
	    msg_get(lang, "map_geo_credit"));
	e |= buf_puts(out, "</svg>");
	if (e != ERR_OK || out->len > SVG_MAX)
		return err_set(ei, ERR_LIMIT, "maps.too_large", "",
		    "bản đồ quá lớn", "the map is too large");
	return ERR_OK;
}
