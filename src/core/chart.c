/*
 * chart.c - the layout of the server's charts (core/chart.h): bars, trend
 * lines and stacked distributions turned into primitives (rectangles,
 * lines, polylines, texts) in the chart's own pixels.  chart_svg.c writes
 * them as SVG for pages, printout_chart draws them on a PDF, so a page and
 * its printout show the same picture.
 *
 * Text is measured by counting characters (an average glyph taken as
 * 0.55 em, bold 0.6 em), close enough for Vietnamese in a sans-serif font
 * and the same rule the survey chart used; labels that would not fit are
 * wrapped (at most three lines) or cut with "…", never overlapped.  The
 * chart's words ("ngưỡng") are messages (src/messages/chart.c); numbers
 * go through numfmt in the chart's language.
 */
#include <math.h>
#include <string.h>

#include "core/arena.h"
#include "core/chart_internal.h"
#include "core/msg.h"
#include "core/numfmt.h"

#define FONT_PX		13.0
#define SMALL_PX	12.0
#define LINE_PX		16.0
#define BAR_PX		14.0
#define ROW_GAP_PX	10.0
#define SIDE_PX		8.0
#define PLOT_PX		160.0	/* a trend's plot height */
#define LABEL_LINES	3
#define WIDTH_DEFAULT	640
#define WIDTH_MIN	120
#define WIDTH_MAX	4000
#define SIDE_SHARE	0.35	/* labels this short (of the width) stand beside the bar */

#define C_TEXT		0x222222u
#define C_MUTED		0x555555u
#define C_BAR		0x2e7d32u
#define C_UNDER		0xe65100u
#define C_THRESHOLD	0xc62828u
#define C_TRACK		0xeeeeeeu
#define C_AXIS		0x888888u
#define C_GRID		0xddddddu

/* Series and segments: distinguishable, and dark enough for white text
 * on the first ones (Okabe-Ito after the house green and blue). */
static const unsigned palette[] = {
	0x2e7d32u, 0x1565c0u, 0xe69f00u, 0xcc79a7u, 0x56b4e9u, 0xd55e00u,
	0x6a1b9au, 0x795548u,
};
#define N_PALETTE	(sizeof(palette) / sizeof(palette[0]))

/* ---- text measure ---------------------------------------------------- */

static size_t
u8_chars(const char *s)
{
	size_t n = 0;

	for (; s != NULL && *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static size_t
u8_len(unsigned char c)
{
	return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static double
text_px(const char *s, double font_px, int bold)
{
	return (double)u8_chars(s) * font_px * (bold ? 0.6 : 0.55);
}

/* How many characters fit in px. */
static size_t
chars_in(double px, double font_px, int bold)
{
	double n = px / (font_px * (bold ? 0.6 : 0.55));

	return n < 2 ? 2 : (size_t)n;
}

/* The first k characters of s and "…". */
static const char *
head(struct arena *a, const char *s, size_t k)
{
	size_t i = 0, chars = 0, len = strlen(s);
	char *o;

	while (i < len && chars < k) {
		i += u8_len((unsigned char)s[i]);
		chars++;
	}
	if (i > len)
		i = len;
	o = arena_alloc(a, i + sizeof("…"));
	memcpy(o, s, i);
	memcpy(o + i, "…", sizeof("…"));
	return o;
}

/* s cut to max characters, the last one "…". */
static const char *
cut(struct arena *a, const char *s, size_t max)
{
	return u8_chars(s) <= max ? s : head(a, s, max - 1);
}

/* s ended with "…" within cpl characters: text was left out after it. */
static const char *
ellipsis(struct arena *a, const char *s, size_t cpl)
{
	size_t n = u8_chars(s);

	return head(a, s, n < cpl ? n : cpl - 1);
}

/*
 * s in at most max lines of at most cpl characters, broken at spaces
 * (inside a word longer than a line); the last line ends with "…" when
 * text was left out.  Returns the number of lines.
 */
static int
wrap(struct arena *a, const char *s, size_t cpl, int max, const char *lines[])
{
	size_t len = strlen(s), pos = 0;
	int n = 0;

	while (pos < len && s[pos] == ' ')
		pos++;
	while (pos < len) {
		size_t i = pos, chars = 0, brk = 0;

		if (n == max) {
			lines[n - 1] = ellipsis(a, lines[n - 1], cpl);
			break;
		}
		while (i < len && chars < cpl) {
			if (s[i] == ' ')
				brk = i;
			i += u8_len((unsigned char)s[i]);
			chars++;
		}
		if (i > len)
			i = len;
		if (i < len && s[i] != ' ' && brk > pos)
			i = brk;
		lines[n++] = arena_strndup(a, s + pos, i - pos);
		pos = i;
		while (pos < len && s[pos] == ' ')
			pos++;
	}
	return n;
}

/* ---- numbers --------------------------------------------------------- */

/* A value as people read it: "87,5 %", "1.234", "—" when not known. */
static const char *
fmt_value(const struct chart *c, double v)
{
	char b[NUMFMT_LEN];

	if (!isfinite(v))
		return "—";
	numfmt_fixed(b, v, c->f.decimals, c->f.lang);
	if (c->f.unit == NULL || c->f.unit[0] == '\0')
		return arena_strdup(c->a, b);
	return arena_printf(c->a, "%s\xc2\xa0%s", b, c->f.unit);
}

static const char *
fmt_tick(const struct chart *c, const struct chart_scale *s, double v)
{
	char b[NUMFMT_LEN];
	int d = s->step >= 1 ? 0 : (int)ceil(-log10(s->step) - 1e-9);

	if (d > 9)
		d = 9;
	if (fabs(v) < s->step * 1e-9)
		v = 0;	/* not "-0" */
	return arena_strdup(c->a, numfmt_fixed(b, v, d, c->f.lang));
}

void
chart_nice_scale(double lo, double hi, int max_ticks, struct chart_scale *s)
{
	static const double mult[] = { 1, 2, 5 };
	double raw, mag, step = 1, a = 0, b = 1;
	int i, found = 0;

	if (max_ticks < 1)
		max_ticks = 1;
	if (!isfinite(lo))
		lo = isfinite(hi) ? fmin(hi, 0) : 0;
	if (!isfinite(hi))
		hi = lo;
	if (lo > hi) {
		double t = lo;

		lo = hi;
		hi = t;
	}
	if (hi == lo) {
		if (lo == 0)
			hi = 1;
		else if (lo > 0)
			lo = 0;
		else
			hi = 0;
	}
	raw = (hi - lo) / max_ticks;
	mag = pow(10, floor(log10(raw)));
	while (!found) {
		for (i = 0; i < 3 && !found; i++) {
			step = mult[i] * mag;
			a = floor(lo / step + 1e-9);
			b = ceil(hi / step - 1e-9);
			if (b - a <= max_ticks)
				found = 1;
		}
		mag *= 10;
	}
	if (b <= a)
		b = a + 1;
	s->lo = a * step;
	s->hi = b * step;
	s->step = step;
	s->ticks = (int)(b - a);
}

/* ---- primitives ------------------------------------------------------ */

static struct chart_prim *
add(struct chart *c, enum chart_prim_kind kind)
{
	struct chart_prim *p;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct chart_prim *np = arena_alloc(c->a, cap * sizeof(*np));

		if (c->n)
			memcpy(np, c->prims, c->n * sizeof(*np));
		c->prims = np;
		c->cap = cap;
	}
	p = &c->prims[c->n++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->font_px = FONT_PX;
	p->stroke_px = 1;
	p->rgb = C_TEXT;
	return p;
}

static void
rect(struct chart *c, double x, double y, double w, double h, unsigned rgb,
    const char *href)
{
	struct chart_prim *p = add(c, CHART_RECT);

	p->x = x;
	p->y = y;
	p->w = w;
	p->h = h;
	p->rgb = rgb;
	p->href = href;
}

static void
line(struct chart *c, double x, double y, double dx, double dy, unsigned rgb,
    double stroke, int dashed)
{
	struct chart_prim *p = add(c, CHART_LINE);

	p->x = x;
	p->y = y;
	p->w = dx;
	p->h = dy;
	p->rgb = rgb;
	p->stroke_px = stroke;
	p->dashed = dashed;
}

static struct chart_prim *
text(struct chart *c, double x, double y, const char *s, int anchor)
{
	struct chart_prim *p = add(c, CHART_TEXT);

	p->x = x;
	p->y = y;
	p->text = s;
	p->anchor = anchor;
	return p;
}

static size_t
group_begin(const struct chart *c)
{
	return c->n;
}

static void
group_end(struct chart *c, size_t first, const char *tip)
{
	if (c->ng == c->gcap) {
		size_t cap = c->gcap ? c->gcap * 2 : 32;
		struct chart_group *ng = arena_alloc(c->a, cap * sizeof(*ng));

		if (c->ng)
			memcpy(ng, c->groups, c->ng * sizeof(*ng));
		c->groups = ng;
		c->gcap = cap;
	}
	c->groups[c->ng].first = first;
	c->groups[c->ng].n = c->n - first;
	c->groups[c->ng].tip = tip;
	c->ng++;
}

static const char *
dup(struct arena *a, const char *s)
{
	return s != NULL ? arena_strdup(a, s) : NULL;
}

static struct chart *
chart_new(struct arena *a, const struct chart_frame *f)
{
	struct chart *c = arena_alloc(a, sizeof(*c));

	c->a = a;
	c->f = *f;
	c->f.id = dup(a, f->id != NULL && f->id[0] != '\0' ? f->id : "chart");
	c->f.title = dup(a, f->title);
	c->f.lang = dup(a, f->lang != NULL ? f->lang : "vi");
	c->f.unit = dup(a, f->unit);
	c->f.caption = dup(a, f->caption);
	if (c->f.width <= 0)
		c->f.width = WIDTH_DEFAULT;
	if (c->f.width < WIDTH_MIN)
		c->f.width = WIDTH_MIN;
	if (c->f.width > WIDTH_MAX)
		c->f.width = WIDTH_MAX;
	if (c->f.decimals < 0)
		c->f.decimals = 0;
	if (c->f.decimals > 9)
		c->f.decimals = 9;
	c->w = c->f.width;
	return c;
}

/* The caption (two lines at most) from y; returns the y under it. */
static double
put_caption(struct chart *c, double y)
{
	const char *lines[LABEL_LINES];
	int i, n;

	if (c->f.caption == NULL || c->f.caption[0] == '\0')
		return y;
	n = wrap(c->a, c->f.caption, chars_in(c->w - 2 * SIDE_PX, FONT_PX,
	    0), 2, lines);
	for (i = 0; i < n; i++) {
		y += LINE_PX;
		text(c, SIDE_PX, y - 4, lines[i], -1)->rgb = C_MUTED;
	}
	return y + 4;
}

/* A legend of names, coloured by the palette, packed in rows. */
static double
put_legend(struct chart *c, double y, const char *const *names, size_t n)
{
	double x = SIDE_PX, room = c->w - 2 * SIDE_PX;
	size_t i;

	if (n == 0)
		return y;
	y += LINE_PX + 2;
	for (i = 0; i < n; i++) {
		const char *s = cut(c->a, names[i] ? names[i] : "",
		    chars_in(room - 18, FONT_PX, 0));
		double w = 16 + text_px(s, FONT_PX, 0) + 12;

		if (x > SIDE_PX && x + w - 12 > c->w - SIDE_PX) {
			x = SIDE_PX;
			y += LINE_PX + 2;
		}
		rect(c, x, y - 11, 12, 12, palette[i % N_PALETTE], NULL);
		text(c, x + 16, y - 1, s, -1);
		x += w;
	}
	return y + 6;
}

/* The threshold's words: "ngưỡng 90,0 %". */
static const char *
threshold_words(const struct chart *c)
{
	return arena_printf(c->a, "%s %s", msg_get(c->f.lang,
	    "chart_threshold"), fmt_value(c, c->f.threshold));
}

/* A text of width tw placed around x, kept inside the margins: its
 * start. */
static double
inside(const struct chart *c, double x, double tw)
{
	double s = x - tw / 2;

	if (s + tw > c->w - SIDE_PX)
		s = c->w - SIDE_PX - tw;
	if (s < SIDE_PX)
		s = SIDE_PX;
	return s;
}

/* ---- horizontal rows (bars and stacked) ------------------------------- */

struct rows {
	int side;		/* labels beside the bars */
	double label_w;		/* their column */
	double x0, x1;		/* the bars' extent */
	struct chart_scale s;
};

static double
xof(const struct rows *r, double v)
{
	if (v < r->s.lo)
		v = r->s.lo;
	if (v > r->s.hi)
		v = r->s.hi;
	return r->x0 + (r->x1 - r->x0) * (v - r->s.lo) / (r->s.hi - r->s.lo);
}

/* Columns for labels (longest: their widest) and values (value_w); the
 * most ticks whose values fit side by side under the bars. */
static void
rows_plan(struct chart *c, struct rows *r, double longest, double value_w,
    double lo, double hi)
{
	int ticks, i;

	r->side = longest <= c->w * SIDE_SHARE;
	r->label_w = r->side ? longest + 8 : 0;
	r->x0 = SIDE_PX + r->label_w;
	r->x1 = c->w - SIDE_PX - value_w - 6;
	if (r->x1 < r->x0 + 40)
		r->x1 = r->x0 + 40;
	for (ticks = 5; ; ticks--) {
		double tw = 0;

		chart_nice_scale(lo, hi, ticks, &r->s);
		for (i = 0; i <= r->s.ticks; i++)
			tw = fmax(tw, text_px(fmt_tick(c, &r->s, r->s.lo + i *
			    r->s.step), SMALL_PX, 0));
		if (ticks == 1 || (tw + 8) * r->s.ticks <= r->x1 - r->x0)
			break;
	}
}

/* A row's label from y; returns the y of its bar. */
static double
row_label(struct chart *c, const struct rows *r, double y, const char *label,
    const char *href, int bold)
{
	const char *lines[LABEL_LINES];
	int i, n;
	struct chart_prim *p;

	label = label != NULL ? label : "";
	if (r->side) {
		p = text(c, SIDE_PX, y + BAR_PX - 3, cut(c->a, label,
		    chars_in(r->label_w - 4, FONT_PX, bold)), -1);
		p->bold = bold;
		p->href = href;
		return y;
	}
	n = wrap(c->a, label, chars_in(c->w - 2 * SIDE_PX, FONT_PX, bold),
	    LABEL_LINES, lines);
	for (i = 0; i < n; i++) {
		y += LINE_PX;
		p = text(c, SIDE_PX, y - 4, lines[i], -1);
		p->bold = bold;
		p->href = href;
	}
	return y + 2;
}

/* The value axis under the rows at y; returns the chart's height. */
static double
row_axis(struct chart *c, const struct rows *r, double y)
{
	int i;

	line(c, r->x0, y, r->x1 - r->x0, 0, C_AXIS, 1, 0);
	for (i = 0; i <= r->s.ticks; i++) {
		double v = r->s.lo + i * r->s.step, x = xof(r, v);
		const char *t = fmt_tick(c, &r->s, v);
		struct chart_prim *p;

		line(c, x, y, 0, 4, C_AXIS, 1, 0);
		p = text(c, inside(c, x, text_px(t, SMALL_PX, 0)) +
		    text_px(t, SMALL_PX, 0) / 2, y + 16, t, 0);
		p->font_px = SMALL_PX;
		p->rgb = C_MUTED;
	}
	return y + 22;
}

/* The threshold's label over the rows (a line of its own). */
static double
threshold_label(struct chart *c, double x, double y)
{
	const char *t = threshold_words(c);
	double tw = text_px(t, FONT_PX, 0);

	y += LINE_PX;
	text(c, inside(c, x, tw), y - 4, t, -1)->rgb = C_THRESHOLD;
	return y;
}

struct chart *
chart_bars(struct arena *a, const struct chart_frame *f,
    const struct chart_bar *bars, size_t n)
{
	struct chart *c = chart_new(a, f);
	struct rows r;
	double y = 4, lo = 0, hi = 0, longest = 0, value_w = 0;
	double thr = c->f.threshold;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct chart_bar *b = &bars[i];
		double lw = text_px(b->label, FONT_PX, b->emphasis);
		double vw = text_px(fmt_value(c, b->value), FONT_PX,
		    b->emphasis);

		if (isfinite(b->value)) {
			lo = fmin(lo, b->value);
			hi = fmax(hi, b->value);
		}
		if (b->has_interval && isfinite(b->lo) && isfinite(b->hi)) {
			lo = fmin(lo, b->lo);
			hi = fmax(hi, b->hi);
		}
		longest = fmax(longest, lw);
		value_w = fmax(value_w, vw);
	}
	if (isfinite(thr))
		hi = fmax(hi, thr);
	if (isfinite(c->f.max))
		hi = fmax(hi, c->f.max);
	rows_plan(c, &r, longest, value_w, lo, hi);

	y = put_caption(c, y);
	if (isfinite(thr))
		y = threshold_label(c, xof(&r, thr), y);
	y += 4;
	for (i = 0; i < n; i++) {
		const struct chart_bar *b = &bars[i];
		size_t g = group_begin(c);
		const char *v = fmt_value(c, b->value), *tip;
		double by = row_label(c, &r, y, b->label, b->href, b->emphasis);
		double ym = by + BAR_PX / 2;
		struct chart_prim *p;

		rect(c, r.x0, by, r.x1 - r.x0, BAR_PX, C_TRACK, b->href);
		if (isfinite(b->value)) {
			double z = xof(&r, 0), e = xof(&r, b->value);

			if (fabs(e - z) >= 0.5)
				rect(c, fmin(z, e), by, fabs(e - z), BAR_PX,
				    isfinite(thr) && b->value < thr ? C_UNDER :
				    C_BAR, b->href);
		}
		tip = arena_printf(a, "%s: %s", b->label ? b->label : "", v);
		if (b->has_interval && isfinite(b->lo) && isfinite(b->hi)) {
			double l = xof(&r, b->lo), h = xof(&r, b->hi);

			line(c, l, ym, h - l, 0, C_TEXT, 1.5, 0);
			line(c, l, ym - 4, 0, 8, C_TEXT, 1.5, 0);
			line(c, h, ym - 4, 0, 8, C_TEXT, 1.5, 0);
			tip = arena_printf(a, "%s (%s – %s)", tip,
			    fmt_value(c, b->lo), fmt_value(c, b->hi));
		}
		if (isfinite(thr))	/* over the bar, not across labels */
			line(c, xof(&r, thr), by - 3, 0, BAR_PX + 6,
			    C_THRESHOLD, 1.5, 1);
		p = text(c, c->w - SIDE_PX, ym + 4.5, v, 1);
		p->bold = b->emphasis;
		group_end(c, g, tip);
		y = by + BAR_PX + ROW_GAP_PX;
	}
	c->h = ceil(row_axis(c, &r, y));
	return c;
}

struct chart *
chart_stacked(struct arena *a, const struct chart_frame *f,
    const char *const *segment_names, size_t n_segments,
    const struct chart_stack_row *rows, size_t n_rows)
{
	struct chart *c = chart_new(a, f);
	struct rows r;
	double y = 4, hi = 0, longest = 0, value_w = 0;
	double *total = arena_alloc(a, (n_rows + 1) * sizeof(*total));
	size_t i, j;

	for (i = 0; i < n_rows; i++) {
		int known = 0;

		total[i] = 0;
		for (j = 0; j < n_segments; j++)
			if (isfinite(rows[i].segments[j])) {
				total[i] += fmax(rows[i].segments[j], 0);
				known = 1;
			}
		if (!known)
			total[i] = NAN;
		else
			hi = fmax(hi, total[i]);
		longest = fmax(longest, text_px(rows[i].label, FONT_PX, 0));
		value_w = fmax(value_w, text_px(fmt_value(c, total[i]),
		    FONT_PX, 0));
	}
	if (isfinite(c->f.max))
		hi = fmax(hi, c->f.max);
	rows_plan(c, &r, longest, value_w, 0, hi);

	y = put_caption(c, y);
	y = put_legend(c, y, segment_names, n_segments);
	y += 4;
	for (i = 0; i < n_rows; i++) {
		const struct chart_stack_row *row = &rows[i];
		size_t g = group_begin(c);
		double by = row_label(c, &r, y, row->label, row->href, 0);
		double at = 0;
		const char *tip = arena_printf(a, "%s:",
		    row->label ? row->label : "");

		rect(c, r.x0, by, r.x1 - r.x0, BAR_PX, C_TRACK, row->href);
		for (j = 0; j < n_segments; j++) {
			double v = row->segments[j], x, w;
			const char *vs = fmt_value(c, v);
			unsigned rgb = palette[j % N_PALETTE];

			tip = arena_printf(a, "%s%s %s %s", tip, j ? ";" : "",
			    segment_names[j] ? segment_names[j] : "", vs);
			if (!isfinite(v) || v <= 0)
				continue;
			x = xof(&r, at);
			w = xof(&r, at + v) - x;
			at += v;
			rect(c, x, by, w, BAR_PX, rgb, row->href);
			if (text_px(vs, SMALL_PX, 0) + 4 <= w) {
				struct chart_prim *p = text(c, x + w / 2,
				    by + BAR_PX - 3, vs, 0);

				p->font_px = SMALL_PX;
				/* white on the dark colours, dark on light */
				p->rgb = ((rgb >> 16) * 299 + ((rgb >> 8) & 0xff)
				    * 587 + (rgb & 0xff) * 114) / 1000 < 140 ?
				    0xffffffu : C_TEXT;
			}
		}
		text(c, c->w - SIDE_PX, by + BAR_PX / 2 + 4.5,
		    fmt_value(c, total[i]), 1);
		group_end(c, g, tip);
		y = by + BAR_PX + ROW_GAP_PX;
	}
	c->h = ceil(row_axis(c, &r, y));
	return c;
}

/* ---- trend lines ------------------------------------------------------ */

struct chart *
chart_lines(struct arena *a, const struct chart_frame *f,
    const char *const *x_labels, size_t n_x,
    const struct chart_series *series, size_t n_series)
{
	struct chart *c = chart_new(a, f);
	struct chart_scale s;
	const char **names = arena_alloc(a, (n_series + 1) * sizeof(*names));
	const char **xl;
	double y = 4, lo = 0, hi = 0, tick_w = 0, xw = 0, L, R, top, bottom;
	double spacing, thr = c->f.threshold;
	int values_above = 0;
	size_t i, k, every;

#define XOF(i) (n_x == 1 ? (L + c->w - R) / 2 : \
	L + (double)(i) * (c->w - R - L) / (double)(n_x - 1))
#define YOF(v) (bottom - ((v) - s.lo) / (s.hi - s.lo) * PLOT_PX)

	for (k = 0; k < n_series; k++) {
		names[k] = series[k].name;
		for (i = 0; i < n_x; i++) {
			double v = series[k].values[i];

			if (isfinite(v)) {
				lo = fmin(lo, v);
				hi = fmax(hi, v);
			}
		}
	}
	if (isfinite(thr))
		hi = fmax(hi, thr);
	if (isfinite(c->f.max))
		hi = fmax(hi, c->f.max);
	chart_nice_scale(lo, hi, 4, &s);
	for (i = 0; i <= (size_t)s.ticks; i++)
		tick_w = fmax(tick_w, text_px(fmt_tick(c, &s, s.lo + i *
		    s.step), SMALL_PX, 0));
	/* x labels are short (years, months): a long one is cut to a third
	 * of the width */
	xl = arena_alloc(a, (n_x + 1) * sizeof(*xl));
	for (i = 0; i < n_x; i++) {
		xl[i] = cut(a, x_labels[i] ? x_labels[i] : "",
		    chars_in(c->w / 3, SMALL_PX, 0));
		xw = fmax(xw, text_px(xl[i], SMALL_PX, 0));
	}
	L = SIDE_PX + fmax(tick_w + 6, xw / 2);
	R = SIDE_PX + xw / 2;
	spacing = n_x > 1 ? (c->w - R - L) / (double)(n_x - 1) : c->w;

	y = put_caption(c, y);
	if (n_series > 1)
		y = put_legend(c, y, names, n_series);
	if (n_series == 1) {
		double vw = 0;

		for (i = 0; i < n_x; i++)
			vw = fmax(vw, text_px(fmt_value(c, series[0].values[i]),
			    SMALL_PX, 0));
		values_above = vw + 4 <= spacing;
	}
	top = y + (values_above ? 20 : 10);
	bottom = top + PLOT_PX;

	/* the grid and its values */
	for (i = 0; i <= (size_t)s.ticks; i++) {
		double v = s.lo + i * s.step;
		struct chart_prim *p;

		line(c, L, YOF(v), c->w - R - L, 0, i == 0 ? C_AXIS : C_GRID,
		    1, 0);
		p = text(c, L - 6, YOF(v) + 4, fmt_tick(c, &s, v), 1);
		p->font_px = SMALL_PX;
		p->rgb = C_MUTED;
	}
	/* x labels: as many as fit, the newest always */
	every = (size_t)ceil((xw + 6) / spacing);
	if (every < 1)
		every = 1;
	for (i = 0; i < n_x; i++) {
		struct chart_prim *p;

		if ((n_x - 1 - i) % every != 0)
			continue;
		p = text(c, XOF(i), bottom + 16, xl[i], 0);
		p->font_px = SMALL_PX;
		p->rgb = C_MUTED;
	}
	if (isfinite(thr)) {
		const char *t = threshold_words(c);

		line(c, L, YOF(thr), c->w - R - L, 0, C_THRESHOLD, 1.5, 1);
		text(c, c->w - SIDE_PX, YOF(thr) - 4, t, 1)->rgb = C_THRESHOLD;
	}
	/* each series: runs of known values, a gap where one is not */
	for (k = 0; k < n_series; k++) {
		unsigned rgb = palette[k % N_PALETTE];

		for (i = 0; i < n_x; i++) {
			size_t j = i, m;
			double *pts;
			struct chart_prim *p;

			if (!isfinite(series[k].values[i]))
				continue;
			while (j + 1 < n_x && isfinite(series[k].values[j + 1]))
				j++;
			if (j > i) {
				pts = arena_alloc(a, 2 * (j - i + 1) *
				    sizeof(*pts));
				for (m = i; m <= j; m++) {
					pts[2 * (m - i)] = XOF(m);
					pts[2 * (m - i) + 1] =
					    YOF(series[k].values[m]);
				}
				p = add(c, CHART_POLYLINE);
				p->pts = pts;
				p->n_pts = j - i + 1;
				p->rgb = rgb;
				p->stroke_px = 2.5;
			}
			i = j;
		}
		for (i = 0; i < n_x; i++) {
			double v = series[k].values[i];
			size_t g;
			const char *vs = fmt_value(c, v);

			if (!isfinite(v))
				continue;
			g = group_begin(c);
			rect(c, XOF(i) - 3, YOF(v) - 3, 6, 6, rgb, NULL);
			if (values_above) {
				/* the ends lean inwards, clear of the axis */
				int an = n_x == 1 ? 0 : i == 0 ? -1 :
				    i == n_x - 1 ? 1 : 0;
				struct chart_prim *p = text(c, XOF(i) - an * 3,
				    YOF(v) - 7, vs, an);

				p->font_px = SMALL_PX;
			}
			group_end(c, g, arena_printf(a, "%s%s%s: %s",
			    series[k].name ? series[k].name : "",
			    series[k].name ? ", " : "", x_labels[i], vs));
		}
	}
	c->h = ceil(bottom + 24);
	return c;
#undef XOF
#undef YOF
}

double
chart_width(const struct chart *c)
{
	return c->w;
}

double
chart_height(const struct chart *c)
{
	return c->h;
}

size_t
chart_prims(const struct chart *c, const struct chart_prim **out)
{
	*out = c->prims;
	return c->n;
}
