/*
 * geoprep.c - the province boundaries, projected and simplified once, at
 * build time: reads a TopoJSON of data/geo/ and writes the C table of one
 * struct map_layer (domain/maps/map_geom.h) that the server draws from.
 *
 *   geoprep NAME STRUCTURE WIDTH TOLERANCE FILE.topo.json > NAME.c
 *
 * Why here and not on a read: projecting and simplifying ~9,000 points is
 * the same work every time; done at build time the server only copies
 * path text, and the result is checked by tests/unit/maps_test.c.
 *
 * Borders stay shared: TopoJSON stores each border once (an arc), every
 * arc is simplified once with its ends kept, so two neighbours get the
 * same simplified line and no gap or overlap opens between them.  The
 * islets of Hoàng Sa and Trường Sa (east of 110.5° E) are far smaller
 * than a unit of the view box; they are kept as dots, apart from the
 * provinces' paths, so they never vanish in the simplification.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/maps/map_geom.h"

#define ISLANDS_LON 110.5	/* east of it: an archipelago's islet */
#define HOANG_SA_LAT 14.0	/* north of it: Hoàng Sa, else Trường Sa */
#define MIN_AREA 3.0		/* smaller islands (sq units) are left out */

struct arc {
	struct map_pt *p;	/* projected */
	long *ix, *iy;		/* simplified, rounded */
	size_t n, nk;
};

struct text {
	char *s;
	size_t len, cap;
};

static struct map_layer layer;
static struct arc *arcs;
static size_t narcs;

static void *
xalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (p == NULL) {
		fputs("geoprep: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static void
text_puts(struct text *t, const char *s)
{
	size_t k = strlen(s);

	if (t->len + k + 1 > t->cap) {
		t->cap = (t->cap + k + 1) * 2;
		t->s = realloc(t->s, t->cap);
		if (t->s == NULL)
			exit(1);
	}
	memcpy(t->s + t->len, s, k + 1);
	t->len += k;
}

/* A number of a path: after a letter or before a minus sign no
 * separator is needed, else one space. */
static void
text_num(struct text *t, long v, int after_letter)
{
	char tmp[32];

	snprintf(tmp, sizeof tmp, "%s%ld", after_letter || v < 0 ? "" : " ", v);
	text_puts(t, tmp);
}

static void
die(const char *what)
{
	fprintf(stderr, "geoprep: %s\n", what);
	exit(1);
}

/* Decode, project and simplify every arc. */
static void
read_arcs(json_t *topo, double tol)
{
	json_t *tr = json_object_get(topo, "transform"), *ja = json_object_get(topo, "arcs"), *a;
	double sx = json_real_value(json_array_get(json_object_get(tr, "scale"), 0));
	double sy = json_real_value(json_array_get(json_object_get(tr, "scale"), 1));
	double tx = json_real_value(json_array_get(json_object_get(tr, "translate"), 0));
	double ty = json_real_value(json_array_get(json_object_get(tr, "translate"), 1));
	size_t i, j;

	if (!json_is_array(ja) || sx <= 0 || sy <= 0)
		die("not a quantized TopoJSON");
	narcs = json_array_size(ja);
	arcs = xalloc(narcs * sizeof *arcs);
	json_array_foreach(ja, i, a) {
		struct arc *c = &arcs[i];
		unsigned char *keep;
		json_int_t qx = 0, qy = 0;
		json_t *pt;

		c->n = json_array_size(a);
		c->p = xalloc(c->n * sizeof *c->p);
		json_array_foreach(a, j, pt) {
			qx += json_integer_value(json_array_get(pt, 0));
			qy += json_integer_value(json_array_get(pt, 1));
			map_project(&layer, (double)qx * sx + tx,
			    (double)qy * sy + ty, &c->p[j].x, &c->p[j].y);
		}
		keep = xalloc(c->n);
		if (c->n > 3 && c->p[0].x == c->p[c->n - 1].x &&
		    c->p[0].y == c->p[c->n - 1].y) {
			/* a closed ring: split at its farthest point so that
			 * at least three points stay */
			size_t far = 1;
			double dmax = 0;

			for (j = 1; j < c->n; j++) {
				double d = hypot(c->p[j].x - c->p[0].x,
				    c->p[j].y - c->p[0].y);
				if (d > dmax) {
					dmax = d;
					far = j;
				}
			}
			map_simplify(c->p, far + 1, tol, keep);
			map_simplify(c->p + far, c->n - far, tol, keep + far);
			keep[far] = 1;
		} else {
			map_simplify(c->p, c->n, tol, keep);
		}
		c->ix = xalloc(c->n * sizeof *c->ix);
		c->iy = xalloc(c->n * sizeof *c->iy);
		for (j = 0; j < c->n; j++)
			if (keep[j]) {
				c->ix[c->nk] = lround(c->p[j].x);
				c->iy[c->nk] = lround(c->p[j].y);
				c->nk++;
			}
		free(keep);
	}
}

/* A ring of arc indices (negative: ~i reversed): its source points (src)
 * and its simplified integer points (pts, consecutive repeats dropped). */
struct ring {
	struct map_pt *src, *pts;
	size_t nsrc, n;
};

static void
ring_build(json_t *ja, struct ring *r)
{
	size_t i, cap_s = 0, cap = 0;
	json_t *v;

	json_array_foreach(ja, i, v) {
		json_int_t k = json_integer_value(v);
		struct arc *c = &arcs[k >= 0 ? k : ~k];

		cap_s += c->n;
		cap += c->nk;
	}
	r->src = xalloc(cap_s * sizeof *r->src);
	r->pts = xalloc(cap * sizeof *r->pts);
	r->nsrc = r->n = 0;
	json_array_foreach(ja, i, v) {
		json_int_t k = json_integer_value(v);
		struct arc *c = &arcs[k >= 0 ? k : ~k];
		size_t j;

		for (j = (i > 0); j < c->n; j++)
			r->src[r->nsrc++] = c->p[k >= 0 ? j : c->n - 1 - j];
		for (j = 0; j < c->nk; j++) {
			size_t m = k >= 0 ? j : c->nk - 1 - j;
			struct map_pt q = { (double)c->ix[m], (double)c->iy[m] };

			if (r->n > 0 && r->pts[r->n - 1].x == q.x &&
			    r->pts[r->n - 1].y == q.y)
				continue;
			r->pts[r->n++] = q;
		}
	}
	if (r->n > 1 && r->pts[0].x == r->pts[r->n - 1].x &&
	    r->pts[0].y == r->pts[r->n - 1].y)
		r->n--;
}

static void
ring_path(const struct ring *r, struct text *t)
{
	text_puts(t, "M");
	text_num(t, lround(r->pts[0].x), 1);
	text_num(t, lround(r->pts[0].y), 0);
	text_puts(t, "l");
	for (size_t j = 1; j < r->n; j++) {
		text_num(t, lround(r->pts[j].x - r->pts[j - 1].x), j == 1);
		text_num(t, lround(r->pts[j].y - r->pts[j - 1].y), 0);
	}
	text_puts(t, "z");
}

static void
put_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
}

/* The centre of a ring's source points (for labels and islets). */
static struct map_pt
ring_centre(const struct ring *r)
{
	struct map_pt c = { 0, 0 };

	for (size_t j = 0; j < r->nsrc; j++) {
		c.x += r->src[j].x;
		c.y += r->src[j].y;
	}
	c.x /= (double)(r->nsrc ? r->nsrc : 1);
	c.y /= (double)(r->nsrc ? r->nsrc : 1);
	return c;
}

struct islands {
	struct text dots;
	double sx, sy, ymin, ymax;
	int n;
	const char *province;
};

static void
islet_add(struct islands *is, struct map_pt c, const char *province)
{
	text_puts(&is->dots, "M");
	text_num(&is->dots, lround(c.x) - 1, 1);
	text_num(&is->dots, lround(c.y) - 1, 0);
	text_puts(&is->dots, "h2v2h-2z");
	if (is->n == 0 || c.y < is->ymin)
		is->ymin = c.y;
	if (is->n == 0 || c.y > is->ymax)
		is->ymax = c.y;
	is->sx += c.x;
	is->sy += c.y;
	is->n++;
	is->province = province;
}

int
main(int argc, char **argv)
{
	json_t *topo, *geoms, *g;
	json_error_t jerr;
	struct islands isl[2] = { { { 0 }, 0, 0, 0, 0, 0, "" }, { { 0 }, 0, 0, 0, 0, 0, "" } };
	double width, tol, lon1, lat0, lat1;
	size_t i, nshapes = 0;
	const char *name;

	if (argc != 6)
		die("usage: geoprep NAME STRUCTURE WIDTH TOLERANCE FILE.topo.json");
	name = argv[1];
	width = strtod(argv[3], NULL);
	tol = strtod(argv[4], NULL);
	if ((topo = json_load_file(argv[5], 0, &jerr)) == NULL)
		die(jerr.text);
	/* the extent: the quantization box of the file */
	{
		json_t *tr = json_object_get(topo, "transform");
		double sx = json_real_value(json_array_get(json_object_get(tr, "scale"), 0));
		double sy = json_real_value(json_array_get(json_object_get(tr, "scale"), 1));
		json_int_t mx = 0, my = 0;
		json_t *a, *pt;
		size_t j, k;

		json_array_foreach(json_object_get(topo, "arcs"), j, a) {
			json_int_t x = 0, y = 0;

			json_array_foreach(a, k, pt) {
				x += json_integer_value(json_array_get(pt, 0));
				y += json_integer_value(json_array_get(pt, 1));
				mx = x > mx ? x : mx;
				my = y > my ? y : my;
			}
		}
		layer.lon0 = json_real_value(json_array_get(json_object_get(tr, "translate"), 0));
		lat0 = json_real_value(json_array_get(json_object_get(tr, "translate"), 1));
		lon1 = layer.lon0 + (double)mx * sx;
		lat1 = lat0 + (double)my * sy;
	}
	layer.scale = width / ((lon1 - layer.lon0) * M_PI / 180.0);
	layer.ymax = map_merc(lat1);
	layer.width = (int)lround(width);
	layer.height = (int)ceil((map_merc(lat1) - map_merc(lat0)) * layer.scale);
	read_arcs(topo, tol);

	geoms = json_object_get(json_object_get(json_object_get(topo, "objects"),
	    "provinces"), "geometries");
	if (!json_is_array(geoms))
		die("no object \"provinces\"");
	printf("/* Generated by src/tools/geoprep.c from %s: do not edit. */\n"
	    "#include \"domain/maps/map_geom.h\"\n\n"
	    "static const struct map_shape shapes[] = {\n", argv[5]);
	json_array_foreach(geoms, i, g) {
		json_t *props = json_object_get(g, "properties"), *polys, *poly;
		const char *code = json_string_value(json_object_get(props, "province_code"));
		const char *pname = json_string_value(json_object_get(props, "name"));
		struct text d = { 0 };
		double area_src = 0, area = 0, best = -1;
		struct map_pt centre = { 0, 0 };
		long np = 0, np_src = 0;
		size_t p, best_i = 0;

		if (code == NULL || pname == NULL)
			die("a province without province_code or name");
		polys = json_object_get(g, "arcs");
		if (strcmp(json_string_value(json_object_get(g, "type")), "Polygon") == 0) {
			polys = json_pack("[O]", polys);
		} else
			json_incref(polys);
		/* the largest polygon is never left out */
		json_array_foreach(polys, p, poly) {
			struct ring r;

			ring_build(json_array_get(poly, 0), &r);
			if (fabs(map_ring_area(r.src, r.nsrc)) > best) {
				best = fabs(map_ring_area(r.src, r.nsrc));
				best_i = p;
			}
			free(r.src);
			free(r.pts);
		}
		json_array_foreach(polys, p, poly) {
			json_t *rj;
			size_t k;
			struct ring outer;
			struct map_pt c;

			ring_build(json_array_get(poly, 0), &outer);
			c = ring_centre(&outer);
			if (c.x > (ISLANDS_LON - layer.lon0) * M_PI / 180.0 * layer.scale) {
				double lon = layer.lon0 + c.x / layer.scale * 180.0 / M_PI;
				double lat = 2.0 * atan(exp(layer.ymax - c.y / layer.scale)) * 180.0 / M_PI - 90.0;

				(void)lon;
				islet_add(&isl[lat > HOANG_SA_LAT ? 0 : 1], c, code);
				free(outer.src);
				free(outer.pts);
				continue;
			}
			free(outer.src);
			free(outer.pts);
			json_array_foreach(poly, k, rj) {
				struct ring r;
				double as;

				ring_build(rj, &r);
				as = fabs(map_ring_area(r.src, r.nsrc));
				if (k == 0 && p == best_i)
					centre = ring_centre(&r);
				area_src += k == 0 ? as : -as;
				np_src += (long)r.nsrc;
				if ((p == best_i && k == 0) ||
				    (r.n >= 3 && fabs(map_ring_area(r.pts, r.n)) >= MIN_AREA)) {
					ring_path(&r, &d);
					area += (k == 0 ? 1 : -1) * fabs(map_ring_area(r.pts, r.n));
					np += (long)r.n;
				} else if (k == 0) {
					free(r.src);
					free(r.pts);
					break;	/* an islet: its holes go with it */
				}
				free(r.src);
				free(r.pts);
			}
		}
		json_decref(polys);
		printf("\t{ ");
		put_string(code);
		printf(", ");
		put_string(pname);
		printf(",\n\t  \"%s\",\n\t  %ld, %ld, %ld, %ld, %.1f, %.1f },\n",
		    d.s ? d.s : "", np, np_src, lround(centre.x), lround(centre.y),
		    area_src, area);
		free(d.s);
		nshapes++;
	}
	printf("};\n\nstatic const struct map_island islands[] = {\n");
	for (i = 0; i < 2; i++) {
		if (isl[i].n == 0)
			die(i == 0 ? "no islet of Hoàng Sa" : "no islet of Trường Sa");
		printf("\t{ \"%s\", \"%s\", %ld, %ld, \"%s\", %d, %ld, %ld },\n",
		    i == 0 ? "Hoàng Sa" : "Trường Sa", isl[i].province,
		    lround(isl[i].sx / isl[i].n), lround(isl[i].sy / isl[i].n),
		    isl[i].dots.s, isl[i].n, lround(isl[i].ymin) - 1,
		    lround(isl[i].ymax) + 1);
		free(isl[i].dots.s);
	}
	printf("};\n\nconst struct map_layer %s = {\n\t\"%s\", %d, %d, %.17g, %.17g, %.17g,\n"
	    "\tshapes, %zu, islands, 2\n};\n", name, argv[2], layer.width,
	    layer.height, layer.lon0, layer.ymax, layer.scale, nshapes);
	json_decref(topo);
	for (i = 0; i < narcs; i++) {
		free(arcs[i].p);
		free(arcs[i].ix);
		free(arcs[i].iy);
	}
	free(arcs);
	return 0;
}
