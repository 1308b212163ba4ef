/*
 * map_geom.c - projection, simplification and the reading back of a
 * shape's path.  Pure functions: the build-time tool (src/tools/geoprep.c)
 * projects and simplifies the boundaries with them, the unit tests check
 * the result with them; the server only reads the generated table.
 */
#include "domain/maps/map_geom.h"

#include <math.h>
#include <stdlib.h>

double
map_merc(double lat)
{
	return log(tan(M_PI / 4.0 + lat * M_PI / 360.0));
}

void
map_project(const struct map_layer *l, double lon, double lat, double *x,
    double *y)
{
	*x = (lon - l->lon0) * M_PI / 180.0 * l->scale;
	*y = (l->ymax - map_merc(lat)) * l->scale;
}

/* Distance of p from the segment a-b. */
static double
seg_dist(struct map_pt p, struct map_pt a, struct map_pt b)
{
	double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy, t;

	if (len2 == 0.0)
		return hypot(p.x - a.x, p.y - a.y);
	t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2;
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	return hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/* Iterative, with an explicit stack: the longest coast has thousands of
 * points and recursion depth would follow them. */
void
map_simplify(const struct map_pt *p, size_t n, double tol,
    unsigned char *keep)
{
	size_t *stack, top = 0;

	for (size_t i = 0; i < n; i++)
		keep[i] = 0;
	if (n == 0)
		return;
	keep[0] = keep[n - 1] = 1;
	if (n < 3)
		return;
	stack = malloc(2 * n * sizeof *stack);
	if (stack == NULL)
		abort();
	stack[top++] = 0;
	stack[top++] = n - 1;
	while (top > 0) {
		size_t b = stack[--top], a = stack[--top], far = a;
		double dmax = 0;

		for (size_t i = a + 1; i < b; i++) {
			double d = seg_dist(p[i], p[a], p[b]);

			if (d > dmax) {
				dmax = d;
				far = i;
			}
		}
		if (dmax > tol && far != a) {
			keep[far] = 1;
			stack[top++] = a;
			stack[top++] = far;
			stack[top++] = far;
			stack[top++] = b;
		}
	}
	free(stack);
}

double
map_ring_area(const struct map_pt *p, size_t n)
{
	double s = 0;

	for (size_t i = 0; i + 1 < n; i++)
		s += p[i].x * p[i + 1].y - p[i + 1].x * p[i].y;
	if (n > 1)
		s += p[n - 1].x * p[0].y - p[0].x * p[n - 1].y;
	return s / 2.0;
}

/* Whether the edge a-b crosses the horizontal ray going right from (x, y). */
static int
crosses(double ax, double ay, double bx, double by, double x, double y)
{
	return (ay > y) != (by > y) &&
	    x < ax + (y - ay) * (bx - ax) / (by - ay);
}

int
map_path_contains(const char *d, double x, double y)
{
	double sx = 0, sy = 0, px = 0, py = 0;
	int inside = 0, rel = 0;
	const char *s = d;
	char *end;

	while (*s != '\0') {
		if (*s == 'M' || *s == 'l' || *s == ' ') {
			rel = *s == 'M' ? 0 : *s == 'l' ? 1 : rel;
			s++;
			continue;
		}
		if (*s == 'z') {
			inside ^= crosses(px, py, sx, sy, x, y);
			s++;
			continue;
		}
		{
			long a = strtol(s, &end, 10), b;

			if (end == s)
				return 0;	/* not a path the tool wrote */
			s = end;
			if (*s == ' ')
				s++;
			b = strtol(s, &end, 10);
			if (end == s)
				return 0;
			s = end;
			if (!rel) {
				px = sx = (double)a;
				py = sy = (double)b;
				rel = 1;
			} else {
				double nx = px + (double)a, ny = py + (double)b;

				inside ^= crosses(px, py, nx, ny, x, y);
				px = nx;
				py = ny;
			}
		}
	}
	return inside;
}
