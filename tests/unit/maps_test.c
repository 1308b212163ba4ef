/*
 * maps_test.c - unit tests of the maps' geometry and drawing
 * (domain/maps/): the projection puts known places inside their
 * province, the simplification keeps every province and its shape, both
 * archipelagos are present and named, and the SVG stays small, escaped
 * and linked.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "domain/maps/map_geom.h"
#include "domain/maps/maps.h"

static const struct map_shape *
shape(const struct map_layer *l, const char *code)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->shapes[i].code, code) == 0)
			return &l->shapes[i];
	return NULL;
}

/* Whether (lon, lat) lands inside the province code and no other. */
static void
lands_in(const struct map_layer *l, double lon, double lat, const char *code)
{
	double x, y;

	map_project(l, lon, lat, &x, &y);
	assert_true(x > 0 && x < l->width && y > 0 && y < l->height);
	for (size_t i = 0; i < l->n; i++) {
		int in = map_path_contains(l->shapes[i].d, x, y);

		if (strcmp(l->shapes[i].code, code) == 0 && !in)
			fail_msg("(%g, %g) is not in %s", lon, lat, code);
		if (strcmp(l->shapes[i].code, code) != 0 && in)
			fail_msg("(%g, %g) is in %s, not %s", lon, lat,
			    l->shapes[i].code, code);
	}
}

static void
test_projection(void **state)
{
	const struct map_layer *l = &map_layer_2025;
	double x, y, x2, y2;

	(void)state;
	/* the corner of the extent is the origin of the view box */
	map_project(l, l->lon0, 2 * atan(exp(l->ymax)) * 180 / M_PI - 90, &x, &y);
	assert_true(fabs(x) < 1e-9 && fabs(y) < 1e-6);
	/* east is right, north is up */
	map_project(l, 106, 16, &x, &y);
	map_project(l, 107, 17, &x2, &y2);
	assert_true(x2 > x && y2 < y);
	/* city centres land in their province (2025) */
	lands_in(l, 105.8542, 21.0285, "01");	/* Hà Nội, Hoàn Kiếm */
	lands_in(l, 106.7009, 10.7769, "79");	/* Hồ Chí Minh, Bến Thành */
	lands_in(l, 108.2022, 16.0544, "48");	/* Đà Nẵng */
	lands_in(l, 105.7469, 10.0452, "92");	/* Cần Thơ, Ninh Kiều */
	lands_in(l, 107.5909, 16.4637, "46");	/* Huế, the citadel */
	lands_in(l, 103.9650, 10.2899, "91");	/* Phú Quốc (An Giang) */
	/* and before 2025 */
	lands_in(&map_layer_pre2025, 105.8542, 21.0285, "01");
	lands_in(&map_layer_pre2025, 106.6881, 20.8449, "31");	/* Hải Phòng */
	lands_in(&map_layer_pre2025, 108.3380, 15.8801, "49");	/* Hội An, Quảng Nam */
}

/* Every province is there once, with its shape: the simplified area
 * within 5 % of the source's (the most, 3 %, is Quảng Ninh: the islets
 * of Hạ Long bay under 12 km² are left out), enough points to be
 * recognised. */
static void
shapes_kept(const struct map_layer *l, size_t n)
{
	assert_int_equal(l->n, n);
	for (size_t i = 0; i < l->n; i++) {
		const struct map_shape *s = &l->shapes[i];

		assert_non_null(s->d);
		assert_true(s->d[0] == 'M');
		assert_ptr_equal(shape(l, s->code), s);
		assert_true(s->npoints >= 8);
		assert_true(s->npoints < s->npoints_src);
		assert_true(s->area_src > 0);
		if (fabs(s->area - s->area_src) > 0.05 * s->area_src)
			fail_msg("%s: area %g, source %g", s->name, s->area,
			    s->area_src);
	}
}

static void
test_shapes(void **state)
{
	(void)state;
	shapes_kept(&map_layer_2025, 34);
	shapes_kept(&map_layer_pre2025, 63);
	/* the 34 are the 63 merged whole: the same land */
	{
		double a34 = 0, a63 = 0;

		for (size_t i = 0; i < map_layer_2025.n; i++)
			a34 += map_layer_2025.shapes[i].area;
		for (size_t i = 0; i < map_layer_pre2025.n; i++)
			a63 += map_layer_pre2025.shapes[i].area;
		assert_true(fabs(a34 - a63) < 0.01 * a63);
	}
}

static void
islands_present(const struct map_layer *l)
{
	double x, y;

	assert_int_equal(l->nislands, 2);
	/* Hoàng Sa of Đà Nẵng, around 112° E 16.5° N */
	assert_string_equal(l->islands[0].name, "Hoàng Sa");
	assert_string_equal(l->islands[0].province, "48");
	assert_true(l->islands[0].nislets >= 5);
	map_project(l, 112.0, 16.5, &x, &y);
	assert_true(fabs(l->islands[0].x - x) < 20 * l->per_px &&
	    fabs(l->islands[0].y - y) < 20 * l->per_px);
	/* Trường Sa of Khánh Hòa, around 114° E 9.5° N */
	assert_string_equal(l->islands[1].name, "Trường Sa");
	assert_string_equal(l->islands[1].province, "56");
	assert_true(l->islands[1].nislets >= 20);
	map_project(l, 114.0, 9.5, &x, &y);
	assert_true(fabs(l->islands[1].x - x) < 40 * l->per_px &&
	    fabs(l->islands[1].y - y) < 40 * l->per_px);
	assert_true(l->islands[1].ymax <= l->height + 2 * l->per_px);
}

static void
test_islands(void **state)
{
	(void)state;
	islands_present(&map_layer_2025);
	/* the pre-2025 layer: Đà Nẵng (48) and Khánh Hòa (56) as well */
	islands_present(&map_layer_pre2025);
}

static void
test_simplify(void **state)
{
	struct map_pt line[] = { { 0, 0 }, { 1, 0.1 }, { 2, -0.1 }, { 3, 0 },
		{ 4, 5 }, { 5, 0 } };
	unsigned char keep[6];

	(void)state;
	map_simplify(line, 6, 0.5, keep);
	/* the wiggle goes, the spike and the ends stay */
	assert_int_equal(keep[0], 1);
	assert_int_equal(keep[1] + keep[2], 0);
	assert_int_equal(keep[4], 1);
	assert_int_equal(keep[5], 1);
	/* a unit square, clockwise in a y-down box */
	{
		struct map_pt sq[] = { { 0, 0 }, { 1, 0 }, { 1, 1 }, { 0, 1 } };

		assert_true(fabs(fabs(map_ring_area(sq, 4)) - 1.0) < 1e-12);
		assert_true(map_path_contains("M0 0l10 0 0 10-10 0z", 5, 5));
		assert_false(map_path_contains("M0 0l10 0 0 10-10 0z", 15, 5));
		/* a hole (even-odd) */
		assert_false(map_path_contains(
		    "M0 0l10 0 0 10-10 0zM2 2l6 0 0 6-6 0z", 5, 5));
	}
}

/* The values of every 2025 province: a hostile name for one. */
static json_t *
values(void)
{
	json_t *rows = json_array();

	for (size_t i = 0; i < map_layer_2025.n; i++) {
		const struct map_shape *s = &map_layer_2025.shapes[i];
		char href[64];

		snprintf(href, sizeof href, "/units/2025/%s/dashboard", s->code);
		json_array_append_new(rows, json_pack("{s:s, s:s, s:f, s:s, s:i, s:s}",
		    "code", s->code, "name", i == 0 ? "<script>alert(1)</script>" :
		    s->name, "value", 70.0 + (double)i / 2, "display", "70 %",
		    "class", (int)(i % 3), "href", href));
	}
	return json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:[{s:f, s:f, s:s, s:s, s:i},"
	    "{s:f, s:f, s:s, s:s, s:i}, {s:f, s:f, s:s, s:s, s:i}], s:o}",
	    "indicator", "ntm_met_share", "title", "Tỷ lệ \"xã\" & <đạt>",
	    "unit", "Tỷ lệ (%)", "year", 2025, "structure", "2025",
	    "source", "thử", "as_of", "2026-12-04",
	    "classes", "lo", 70.0, "hi", 75.0, "label", "70 – 75", "colour", "#edf8e9",
	    "count", 12, "lo", 75.0, "hi", 80.0, "label", "75 – 80", "colour", "#74c476",
	    "count", 11, "lo", 80.0, "hi", 85.0, "label", "80 – 85", "colour", "#006d2c",
	    "count", 11, "provinces", rows);
}

static void
test_svg(void **state)
{
	json_t *v = values();
	struct buf b;
	struct errinfo ei;

	(void)state;
	buf_init(&b, 256 * 1024);
	assert_int_equal(map_svg(v, "vi", &b, &ei), ERR_OK);
	assert_true(b.len <= 60 * 1024);
	assert_non_null(strstr(b.data, "Quần đảo Hoàng Sa"));
	assert_non_null(strstr(b.data, "Quần đảo Trường Sa"));
	assert_null(strstr(b.data, "<script"));
	assert_non_null(strstr(b.data, "&lt;script&gt;"));
	assert_non_null(strstr(b.data, "&lt;đạt&gt;"));
	for (size_t i = 0; i < map_layer_2025.n; i++) {
		char href[64];

		snprintf(href, sizeof href, "href=\"/units/2025/%s/dashboard\"",
		    map_layer_2025.shapes[i].code);
		assert_non_null(strstr(b.data, href));
	}
	assert_non_null(strstr(b.data, "#006d2c"));
	assert_non_null(strstr(b.data, "Open Development Vietnam"));
	assert_non_null(strstr(b.data, "04/12/2026"));
	buf_reset(&b);
	assert_int_equal(map_svg(v, "en", &b, &ei), ERR_OK);
	assert_non_null(strstr(b.data, "Hoàng Sa archipelago"));
	buf_free(&b);
	json_decref(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_projection),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_islands),
		cmocka_unit_test(test_simplify),
		cmocka_unit_test(test_svg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
