/*
 * chart_test.c - unit tests for core/chart.c and chart_svg.c:
 *  - nice scales: 1, 2 or 5 × 10^k steps covering the data in at most the
 *    ticks asked, a flat or empty range still an axis;
 *  - a value not known is a gap in a line (two polylines, no point) and
 *    "—" on a bar, never zero;
 *  - every text is escaped (a label holding markup and quotes);
 *  - numbers in the chart's language ("87,5 %" / "87.5 %");
 *  - drawn 340 px wide (what a 360-px phone shows), every text of bars,
 *    lines and stacked rows stays inside the viewBox, long labels
 *    wrapped or cut with "…";
 *  - the threshold line and its words, the interval's whisker;
 *  - web_chart_json draws a dashboard panel's chart object of each kind,
 *    "" for what is not one; printout_chart draws the same chart on a PDF.
 * CHART_KEEP_SVG=1 writes the drawings to /tmp/ntm-chart-*.svg to look at.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/chart.h"
#include "domain/printout/printout.h"
#include "http/http.h"
#include "web/web.h"
#include "web/web_chart.h"

#define NB "\xc2\xa0"

static size_t
count(const char *s, const char *needle)
{
	size_t n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

static size_t
u8_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Every text's estimated extent (0.6 em a character: wider than the
 * layout's own 0.55 em, so the check has a margin of its own) and every
 * rectangle inside the drawing. */
static void
assert_inside(const struct chart *c)
{
	const struct chart_prim *p;
	size_t n = chart_prims(c, &p), i;
	double w = chart_width(c), h = chart_height(c);

	for (i = 0; i < n; i++) {
		if (p[i].kind == CHART_TEXT) {
			double tw = (double)u8_chars(p[i].text) * p[i].font_px *
			    (p[i].bold ? 0.6 : 0.55);
			double x0 = p[i].anchor < 0 ? p[i].x : p[i].anchor == 0 ?
			    p[i].x - tw / 2 : p[i].x - tw;

			if (x0 < -0.5 || x0 + tw > w + 0.5 ||
			    p[i].y - p[i].font_px < -0.5 || p[i].y > h + 0.5)
				fail_msg("text \"%s\" at %.1f..%.1f, y %.1f "
				    "outside %.0f x %.0f", p[i].text, x0, x0 + tw,
				    p[i].y, w, h);
		} else if (p[i].kind == CHART_RECT) {
			assert_true(p[i].x >= -0.5 && p[i].x + p[i].w <= w + 0.5);
			assert_true(p[i].y >= -0.5 && p[i].y + p[i].h <= h + 0.5);
		}
	}
}

static const char *
svg(struct arena *a, const struct chart *c, const char *keep)
{
	struct buf b;
	char *s;

	buf_init(&b, 1024 * 1024);
	assert_int_equal(chart_svg(c, &b), ERR_OK);
	s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	assert_memory_equal(s, "<svg ", 5);
	assert_non_null(strstr(s, "</svg>"));
	if (getenv("CHART_KEEP_SVG") != NULL) {
		char path[128];
		FILE *f;

		snprintf(path, sizeof(path), "/tmp/ntm-chart-%s.svg", keep);
		f = fopen(path, "w");
		if (f != NULL) {
			fputs(s, f);
			fclose(f);
		}
	}
	return s;
}

static struct chart_frame
frame(const char *lang)
{
	struct chart_frame f;

	memset(&f, 0, sizeof(f));
	f.id = "c1";
	f.title = "Xã đạt chuẩn";
	f.lang = lang;
	f.width = 340;
	f.threshold = NAN;
	f.max = NAN;
	return f;
}

static void
check_scale(double lo, double hi, int ticks)
{
	struct chart_scale s;
	double m;

	chart_nice_scale(lo, hi, ticks, &s);
	assert_true(s.ticks >= 1 && s.ticks <= (ticks < 1 ? 1 : ticks));
	assert_true(s.lo <= lo + 1e-9 && s.hi >= hi - 1e-9);
	assert_true(fabs(s.lo + s.ticks * s.step - s.hi) < s.step * 1e-6);
	m = s.step / pow(10, floor(log10(s.step) + 1e-9));
	assert_true(fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 ||
	    fabs(m - 5) < 1e-9);
}

static void
test_nice_scale(void **state)
{
	struct chart_scale s;

	(void)state;
	chart_nice_scale(0, 100, 5, &s);
	assert_true(s.lo == 0 && s.hi == 100 && s.step == 20 && s.ticks == 5);
	chart_nice_scale(0, 87.5, 4, &s);
	assert_true(s.lo == 0 && s.hi == 100 && s.step == 50);
	chart_nice_scale(0, 1234, 4, &s);
	assert_true(s.lo == 0 && s.step == 500 && s.hi == 1500);
	chart_nice_scale(0, 0.37, 4, &s);
	assert_true(s.step == 0.1 && fabs(s.hi - 0.4) < 1e-12);
	chart_nice_scale(-12, 30, 5, &s);
	assert_true(s.lo == -20 && s.hi == 30 && s.step == 10);
	check_scale(-12, 30, 5);
	/* flat, empty and upside-down ranges still give an axis */
	chart_nice_scale(0, 0, 4, &s);
	assert_true(s.lo == 0 && s.hi > 0 && s.ticks >= 1);
	chart_nice_scale(7, 7, 4, &s);
	assert_true(s.lo == 0 && s.hi >= 7);
	chart_nice_scale(NAN, NAN, 4, &s);
	assert_true(s.lo == 0 && s.hi > 0);
	chart_nice_scale(30, 10, 0, &s);
	assert_true(s.ticks == 1 && s.lo <= 10 && s.hi >= 30);
	check_scale(0, 1, 5);
	check_scale(0, 9.99, 3);
	check_scale(3, 3.0004, 4);
	check_scale(0, 5467, 5);
	check_scale(0, 1e9, 4);
	check_scale(-0.5, 0.25, 2);
}

static void
test_bars_escape_nan_lang(void **state)
{
	struct arena *a = arena_new(64 * 1024);
	struct chart_frame f = frame("vi");
	struct chart_bar b[] = {
		{ .label = "Hà Nội", .value = 87.5, .href = "/units/2025/01?a=1&b=2" },
		{ .label = "<script>alert(\"x\")</script> & 'khác'", .value = 42 },
		{ .label = "Chưa có", .value = NAN },
		{ .label = "Cả nước", .value = 60.4, .emphasis = 1 },
	};
	const struct chart_prim *p;
	size_t n, i;
	const char *s;
	int rects_of_unknown = 0;

	(void)state;
	f.unit = "%";
	f.decimals = 1;
	f.title = "Tỷ lệ <đạt> \"chuẩn\"";
	s = svg(a, chart_bars(a, &f, b, 4), "bars-vi");
	assert_null(strstr(s, "<script"));
	assert_non_null(strstr(s, "&lt;script&gt;alert(&quot;x&quot;)"));
	assert_non_null(strstr(s, "&amp; &#39;khác&#39;"));
	assert_non_null(strstr(s, "Tỷ lệ &lt;đạt&gt; &quot;chuẩn&quot;"));
	assert_non_null(strstr(s, "href=\"/units/2025/01?a=1&amp;b=2\""));
	assert_non_null(strstr(s, "role=\"img\""));
	assert_non_null(strstr(s, "aria-labelledby=\"c1\""));
	assert_non_null(strstr(s, "viewBox=\"0 0 340 "));
	assert_non_null(strstr(s, "87,5" NB "%"));
	assert_non_null(strstr(s, "font-weight=\"bold\">60,4" NB "%"));
	/* not known: "—", and no bar drawn for it (only the track) */
	assert_non_null(strstr(s, "Chưa có: —"));
	assert_non_null(strstr(s, ">—</text>"));
	assert_int_equal(count(s, "<g>"), 4);
	n = chart_prims(chart_bars(a, &f, &b[2], 1), &p);
	for (i = 0; i < n; i++)
		rects_of_unknown += p[i].kind == CHART_RECT;
	assert_int_equal(rects_of_unknown, 1);	/* the track */
	/* English: a decimal point */
	f.lang = "en";
	s = svg(a, chart_bars(a, &f, b, 4), "bars-en");
	assert_non_null(strstr(s, "87.5" NB "%"));
	assert_null(strstr(s, "87,5"));
	arena_free(a);
}

static void
test_bars_threshold_interval(void **state)
{
	struct arena *a = arena_new(64 * 1024);
	struct chart_frame f = frame("vi");
	struct chart_bar b[] = {
		{ .label = "Tỷ lệ hài lòng chung", .value = 92, .emphasis = 1,
		  .has_interval = 1, .lo = 88.1, .hi = 95.2 },
		{ .label = "Anh/chị có hài lòng với chất lượng đường giao thông "
		  "nông thôn trên địa bàn xã trong năm qua không, xin cho biết "
		  "mức độ cụ thể và lý do vì sao anh chị chọn như vậy", .value =
		  66.7, .has_interval = 1, .lo = 50, .hi = 80 },
	};
	const struct chart_prim *p;
	const struct chart *c;
	size_t n, i;
	int dashed = 0, orange = 0, whiskers = 0, cut = 0;
	const char *s;

	(void)state;
	f.unit = "%";
	f.decimals = 1;
	f.threshold = 90;
	f.max = 100;
	f.caption = "Tỷ lệ hài lòng (%) · khoảng tin cậy 95%";
	c = chart_bars(a, &f, b, 2);
	s = svg(a, c, "bars-threshold");
	assert_non_null(strstr(s, "ngưỡng 90,0" NB "%"));
	assert_non_null(strstr(s, "(88,1" NB "% – 95,2" NB "%)"));
	n = chart_prims(c, &p);
	for (i = 0; i < n; i++) {
		dashed += p[i].kind == CHART_LINE && p[i].dashed;
		orange += p[i].kind == CHART_RECT && p[i].rgb == 0xe65100;
		whiskers += p[i].kind == CHART_LINE && p[i].stroke_px == 1.5 &&
		    !p[i].dashed;
		cut += p[i].kind == CHART_TEXT && strstr(p[i].text, "…") != NULL;
	}
	assert_int_equal(dashed, 2);	/* over each bar */
	assert_int_equal(orange, 1);	/* 66,7 is under 90 */
	assert_int_equal(whiskers, 6);	/* a line and two ends, twice */
	assert_int_equal(cut, 1);	/* the long question: three lines, "…" */
	assert_inside(c);
	arena_free(a);
}

static void
test_lines_gaps(void **state)
{
	struct arena *a = arena_new(64 * 1024);
	struct chart_frame f = frame("vi");
	const char *x[] = { "2021", "2022", "2023", "2024", "2025", "2026" };
	double met[] = { 10, 20.5, NAN, 40, 55, 61 };
	double other[] = { NAN, 5, 6, 7, NAN, NAN };
	struct chart_series one[] = { { "Xã đạt chuẩn", met } };
	struct chart_series two[] = { { "Đạt chuẩn", met },
		{ "Nâng cao <b>", other } };
	const struct chart_prim *p;
	const struct chart *c;
	size_t n, i;
	int polylines = 0, points = 0;
	const char *s;

	(void)state;
	f.unit = "%";
	f.decimals = 1;
	c = chart_lines(a, &f, x, 6, one, 1);
	s = svg(a, c, "lines-one");
	n = chart_prims(c, &p);
	for (i = 0; i < n; i++) {
		if (p[i].kind == CHART_POLYLINE) {
			polylines++;
			assert_true(p[i].n_pts == 2 || p[i].n_pts == 3);
		}
		points += p[i].kind == CHART_RECT;
	}
	/* 2023 not known: two runs (2021-22, 2024-26), five points */
	assert_int_equal(polylines, 2);
	assert_int_equal(points, 5);
	assert_int_equal(count(s, "<g>"), 5);
	assert_null(strstr(s, "2023: "));
	assert_non_null(strstr(s, "2022: 20,5" NB "%"));
	assert_inside(c);
	/* two series: a legend, escaped names; a lone point is a point */
	c = chart_lines(a, &f, x, 6, two, 2);
	s = svg(a, c, "lines-two");
	assert_non_null(strstr(s, "Nâng cao &lt;b&gt;"));
	assert_null(strstr(s, "<b>"));
	assert_inside(c);
	/* many years at 340 px: labels thinned, the newest kept */
	{
		const char *xs[30];
		double v[30];
		struct chart_series s30 = { "Xã", v };
		int labels = 0, newest = 0;

		for (i = 0; i < 30; i++) {
			xs[i] = arena_printf(a, "%zu", 1996 + i);
			v[i] = (double)i;
		}
		f.unit = NULL;
		f.decimals = 0;
		c = chart_lines(a, &f, xs, 30, &s30, 1);
		n = chart_prims(c, &p);
		for (i = 0; i < n; i++)
			if (p[i].kind == CHART_TEXT && strlen(p[i].text) == 4 &&
			    p[i].text[0] == '2' && p[i].text[1] == '0') {
				labels++;
				newest |= strcmp(p[i].text, "2025") == 0;
			}
		assert_true(labels < 30 && newest);
		assert_inside(c);
	}
	arena_free(a);
}

static void
test_stacked(void **state)
{
	struct arena *a = arena_new(64 * 1024);
	struct chart_frame f = frame("vi");
	const char *seg[] = { "Đạt 19 tiêu chí", "15–18 tiêu chí",
		"10–14 tiêu chí", "Dưới 10 tiêu chí" };
	double r1[] = { 120, 40, 12, 3 }, r2[] = { 5, NAN, 0, 1 };
	double r3[] = { NAN, NAN, NAN, NAN };
	struct chart_stack_row rows[] = {
		{ "Thành phố Hà Nội", r1, "/units/2025/01/dashboard" },
		{ "Tỉnh Lai Châu", r2, NULL },
		{ "Tỉnh chưa có số liệu", r3, NULL },
	};
	const struct chart *c;
	const char *s;

	(void)state;
	c = chart_stacked(a, &f, seg, 4, rows, 3);
	s = svg(a, c, "stacked");
	assert_non_null(strstr(s, ">175</text>"));	/* the row's total */
	assert_non_null(strstr(s, ">6</text>"));
	assert_non_null(strstr(s, ">—</text>"));	/* nothing known */
	assert_non_null(strstr(s, "15–18 tiêu chí —"));
	assert_non_null(strstr(s, "Dưới 10 tiêu chí"));	/* the legend */
	assert_int_equal(count(s, "<g>"), 3);
	assert_inside(c);
	arena_free(a);
}

/* Labels of every length, every kind, at width: inside. */
static void
inside_at(int width)
{
	struct arena *a = arena_new(64 * 1024);
	struct chart_frame f = frame("vi");
	const char *longl = "Xã Tân Phước Hưng (huyện Phụng Hiệp, tỉnh Hậu "
	    "Giang cũ) sáp nhập ngày 1 tháng 7 năm 2025 theo nghị quyết";
	const char *word = "Khônggianvăntrongmộttừrấtdàikhôngcódấucáchnàocả";
	struct chart_bar b[] = {
		{ .label = longl, .value = 1234567 },
		{ .label = word, .value = 0 },
		{ .label = "", .value = -50 },
	};
	const char *x[] = { longl, word };
	double v[] = { 1, 2 };
	struct chart_series s = { longl, v };
	struct chart_stack_row row = { longl, v, NULL };
	const char *seg[] = { longl, word };
	const struct chart *c;

	f.caption = longl;
	f.unit = "₫";
	f.width = width;
	c = chart_bars(a, &f, b, 3);
	assert_true(chart_width(c) == width && chart_height(c) > 0);
	(void)svg(a, c, "bars-long");
	assert_inside(c);
	c = chart_lines(a, &f, x, 2, &s, 1);
	assert_inside(c);
	c = chart_stacked(a, &f, seg, 2, &row, 1);
	(void)svg(a, c, "stacked-long");
	assert_inside(c);
	/* no bars at all: an empty chart, still valid */
	c = chart_bars(a, &f, b, 0);
	(void)svg(a, c, "empty");
	assert_inside(c);
	arena_free(a);
}

/* The statistics pages' width and the dashboard panels'. */
static void
test_inside_viewbox_360(void **state)
{
	(void)state;
	inside_at(340);
	inside_at(300);
}

/* Counts (decimals 0) get whole ticks: no "0,5" of a dossier. */
static void
test_whole_ticks(void **state)
{
	struct arena *a = arena_new(64 * 1024);
	struct chart_frame f = frame("vi");
	struct chart_bar b[] = { { .label = "Tỉnh thẩm tra", .value = 2 } };
	const char *x[] = { "2024", "2025" };
	double v[] = { 1, 2 };
	struct chart_series s = { "Hồ sơ", v };
	const char *svg1, *svg2;

	(void)state;
	svg1 = svg(a, chart_bars(a, &f, b, 1), "whole-bars");
	svg2 = svg(a, chart_lines(a, &f, x, 2, &s, 1), "whole-lines");
	assert_null(strstr(svg1, ",5<"));
	assert_null(strstr(svg2, ",5<"));
	assert_non_null(strstr(svg1, ">1</text>"));
	f.decimals = 1;
	assert_non_null(strstr(svg(a, chart_bars(a, &f, b, 1), "half"),
	    ">0,5</text>"));
	arena_free(a);
}

static void
test_svg_limit(void **state)
{
	struct arena *a = arena_new(64 * 1024);
	struct chart_frame f = frame("vi");
	struct chart_bar b[] = { { .label = "Hà Nội", .value = 1 } };
	struct buf o;

	(void)state;
	buf_init(&o, 100);
	assert_int_equal(buf_puts(&o, "<p>"), ERR_OK);
	assert_int_equal(chart_svg(chart_bars(a, &f, b, 1), &o), ERR_LIMIT);
	assert_string_equal(buf_cstr(&o), "<p>");	/* as it was */
	buf_free(&o);
	arena_free(a);
}

static void
test_web_chart_json(void **state)
{
	struct req r;
	struct web w;
	json_t *spec;
	const char *s;
	json_error_t je;

	(void)state;
	memset(&r, 0, sizeof(r));
	memset(&w, 0, sizeof(w));
	r.arena = arena_new(64 * 1024);
	w.lang = "vi";
	spec = json_loads("{\"kind\": \"line\", \"unit\": \"%\", "
	    "\"decimals\": 1, \"x\": [2021, 2022, \"2023\"], \"series\": "
	    "[{\"name\": \"Đạt chuẩn\", \"values\": [12.5, null, 40]}]}", 0,
	    &je);
	s = web_chart_json(&r, &w, "p1", "Xu hướng", spec);
	assert_memory_equal(s, "<svg ", 5);
	assert_non_null(strstr(s, "Đạt chuẩn, 2021: 12,5" NB "%"));
	assert_null(strstr(s, "2022: "));	/* null: a gap */
	assert_non_null(strstr(s, "<title id=\"p1\">Xu hướng</title>"));
	json_decref(spec);
	spec = json_loads("{\"kind\": \"bars\", \"bars\": [{\"label\": "
	    "\"Hà <Nội>\", \"value\": 3, \"href\": \"/units/2025/01\"}, "
	    "{\"label\": \"Huế\", \"value\": null}]}", 0, &je);
	s = web_chart_json(&r, &w, "p2", "Hồ sơ", spec);
	assert_non_null(strstr(s, "Hà &lt;Nội&gt;"));
	assert_non_null(strstr(s, "<a href=\"/units/2025/01\">"));
	assert_non_null(strstr(s, "Huế: —"));
	json_decref(spec);
	spec = json_loads("{\"kind\": \"stacked\", \"segments\": [\"Đạt\", "
	    "\"Chưa đạt\"], \"rows\": [{\"label\": \"Cả nước\", "
	    "\"values\": [1200, 1800]}]}", 0, &je);
	s = web_chart_json(&r, &w, "p3", "Phân bố", spec);
	assert_non_null(strstr(s, ">3.000</text>"));
	json_decref(spec);
	/* not a chart: nothing */
	spec = json_loads("{\"kind\": \"pie\", \"bars\": []}", 0, &je);
	assert_string_equal(web_chart_json(&r, &w, "p4", "x", spec), "");
	{
		struct chart_frame f = frame("vi");

		assert_null(chart_json(r.arena, &f, spec));
	}
	json_decref(spec);
	spec = json_loads("{\"kind\": \"bars\", \"bars\": []}", 0, &je);
	assert_string_equal(web_chart_json(&r, &w, "p5", "x", spec), "");
	json_decref(spec);
	assert_string_equal(web_chart_json(&r, &w, "p6", "x", NULL), "");
	arena_free(r.arena);
}

static void
test_printout_chart(void **state)
{
	struct arena *a = arena_new(64 * 1024);
	struct chart_frame f = frame("vi");
	const char *x[] = { "2021", "2022", "2023" };
	double v[] = { 10, NAN, 30 };
	struct chart_series s = { "Xã đạt chuẩn", v };
	struct chart_bar b[] = { { .label = "Hà Nội", .value = 87.5 } };
	struct printout p;
	struct errinfo ei;
	struct buf out;
	const struct chart *c;
	double h;

	(void)state;
	f.threshold = 50;
	buf_init(&out, 4 * 1024 * 1024);
	printout_open(&p, &out, "Biểu đồ");
	c = chart_lines(a, &f, x, 3, &s, 1);
	h = printout_chart(p.cr, c, 40, 40, 510);
	assert_true(fabs(h - chart_height(c) * 510 / 340) < 1e-6);
	c = chart_bars(a, &f, b, 1);
	(void)printout_chart(p.cr, c, 40, 60 + h, 255);
	assert_int_equal(printout_close(&p, "chart.too_large", "chart.failed",
	    &ei), ERR_OK);
	assert_memory_equal(out.data, "%PDF", 4);
	if (getenv("CHART_KEEP_SVG") != NULL) {
		FILE *fp = fopen("/tmp/ntm-chart.pdf", "wb");

		if (fp != NULL) {
			fwrite(out.data, 1, out.len, fp);
			fclose(fp);
		}
	}
	buf_free(&out);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nice_scale),
		cmocka_unit_test(test_bars_escape_nan_lang),
		cmocka_unit_test(test_bars_threshold_interval),
		cmocka_unit_test(test_lines_gaps),
		cmocka_unit_test(test_stacked),
		cmocka_unit_test(test_inside_viewbox_360),
		cmocka_unit_test(test_whole_ticks),
		cmocka_unit_test(test_svg_limit),
		cmocka_unit_test(test_web_chart_json),
		cmocka_unit_test(test_printout_chart),
	};

	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	/* pango's, cairo's and fontconfig's process-long caches, made by
	 * the PDF test: released so LeakSanitizer (make sanitize) reports
	 * only what ntm leaks. */
	printout_shutdown();
	return failed;
}
