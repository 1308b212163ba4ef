/*
 * map_geom.h - the province geometry as the server draws it: projected
 * and simplified once at build time by src/tools/geoprep.c from
 * the TopoJSON files of data/geo/ into build/gen/geo_*.c (docs/ARCHITECTURE.md
 * "Maps"), and the pure functions both the tool and the tests use.
 */
#ifndef NTM_DOMAIN_MAP_GEOM_H
#define NTM_DOMAIN_MAP_GEOM_H

#include <stddef.h>

/* One province: its SVG path (integer view-box units, relative moves),
 * the centre of its largest ring and its area before and after the
 * simplification (square view-box units). */
struct map_shape {
	const char *code, *name;
	const char *d;
	int npoints, npoints_src;
	int cx, cy;
	double area_src, area;
};

/* An archipelago: its name, the province it belongs to, where its label
 * goes (x, y: the middle of its islets) and its islets as small squares
 * (a path: islets are smaller than a view-box unit at this scale). */
struct map_island {
	const char *name, *province;
	int x, y;
	const char *dots;
	int nislets;
	int ymin, ymax;		/* the islets' extent, for the label */
};

/* A layer: the provinces of one structure and the projection that placed
 * them (map_project). */
struct map_layer {
	const char *structure;
	int width, height;		/* the view box of the geometry */
	double lon0, ymax, scale;	/* x = (lon - lon0) * scale, y = (ymax - merc(lat)) * scale */
	const struct map_shape *shapes;
	size_t n;
	const struct map_island *islands;
	size_t nislands;
};

extern const struct map_layer map_layer_2025, map_layer_pre2025;

/* The Mercator ordinate of a latitude in degrees (radians of the sphere). */
double map_merc(double lat);
/* Where (lon, lat) in degrees lands in the layer's view box. */
void map_project(const struct map_layer *l, double lon, double lat,
    double *x, double *y);

/* A point of a line being simplified. */
struct map_pt {
	double x, y;
};
/* Douglas-Peucker: keep[i] set for the points of p[0..n) to keep within
 * tol of the line; the two ends are always kept. */
void map_simplify(const struct map_pt *p, size_t n, double tol,
    unsigned char *keep);
/* The signed area of a closed ring (shoelace; positive clockwise in a
 * y-down view box). */
double map_ring_area(const struct map_pt *p, size_t n);

/* Whether (x, y) lies inside the path d of a shape (even-odd over its
 * rings), read back from the relative path text the tool wrote. */
int map_path_contains(const char *d, double x, double y);

#endif
