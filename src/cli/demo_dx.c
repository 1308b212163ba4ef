/*
 * demo_dx.c - the digital-readiness part of ntm demo: typed values of the
 * national dx set for 2026 for the communes of four provinces (Hà Nội, Hồ
 * Chí Minh City, Đà Nẵng, Lào Cai; "sample": Hà Nội and Đà Nẵng), so the
 * national map, the by-level table and the ranking read.  Observed
 * indicators get nothing here: they come from what the demo's communes
 * did on the platform (reports, orders, surveys).
 *
 * A commune's "maturity" (0..1, from a hash of its code, pulled up in the
 * cities and down in the mountains) sets how close each typed value comes
 * to its threshold, with some noise per indicator: a believable spread
 * over the four levels.  Illustrative values, marked as such by the
 * import's file name; never figures of any real commune.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/hash.h"
#include "domain/criteria/criteria_store.h"
#include "domain/dx/dx.h"

#define DX_DEMO_YEAR	2026

static const struct {
	const char *code;
	double lift;		/* added to a commune's maturity */
} provinces[] = {
	{ "01", 0.15 },		/* Hà Nội */
	{ "79", 0.18 },		/* Hồ Chí Minh City */
	{ "48", 0.10 },		/* Đà Nẵng */
	{ "15", -0.20 },	/* Lào Cai */
};

static double
unit01(const char *a, const char *b, unsigned salt)
{
	uint64_t h = hash_fnv1a_str(14695981039346656037ULL, a);

	if (b != NULL)
		h = hash_fnv1a_str(h, b);
	h = hash_fnv1a(h, &salt, sizeof(salt));
	return (double)(h % 1000000) / 1000000.0;
}

static double
clamp(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* One commune's rows: every typed indicator (not observed, not derived). */
static void
commune_rows(FILE *out, const struct crit_set *s, const char *code,
    double maturity)
{
	for (size_t i = 0; i < s->n_indicators; i++) {
		const struct crit_indicator *ind = &s->indicators[i];
		double noise = unit01(code, ind->id, 2) - 0.5, t, v;
		int k;

		if (ind->observed != NULL || ind->formula != NULL ||
		    ind->type == CRIT_CHILDREN_SHARE)
			continue;
		fprintf(out, "2025,%s,%s,%d,%s,", code, s->id, DX_DEMO_YEAR,
		    ind->id);
		if (ind->type == CRIT_BOOLEAN) {
			fprintf(out, "%s\n", maturity + noise * 0.6 > 0.45 ?
			    "true" : "false");
			continue;
		}
		k = crit_threshold_index(ind, NULL, DX_DEMO_YEAR);
		t = k >= 0 && ind->thresholds[k].configured ?
		    ind->thresholds[k].value : 50;
		v = t * clamp(0.35 + 0.85 * maturity + 0.35 * noise, 0.05, 1.3);
		if (ind->percent || (ind->unit && strcmp(ind->unit, "%") == 0))
			v = clamp(v, 0, 100);
		if (ind->has_max)
			v = clamp(v, ind->has_min ? ind->min : 0, ind->max);
		fprintf(out, "%.1f\n", round(v * 10) / 10);
	}
}

int
demo_dx(struct db *db, const char *mode)
{
	struct arena *a = arena_new(1 << 20);
	const struct crit_set *s;
	struct crit_unit_row *units = NULL;
	struct crit_import_stats st = { 0 };
	struct errinfo ei;
	char id[CRIT_ID_MAX + 1], *buf = NULL;
	size_t n = 0, len = 0;
	double t0 = cli_seconds();
	FILE *out;
	enum err e;

	err_clear(&ei);
	if ((e = dx_current_set(db, DX_DEMO_YEAR, id, sizeof(id), &ei)) !=
	    ERR_OK || (e = crit_store_load(db, id, 0, &s, &ei)) != ERR_OK ||
	    (e = crit_store_units_of_set(db, a, s, &units, &n, &ei)) != ERR_OK)
		goto done;
	out = open_memstream(&buf, &len);
	fputs("structure,code,set_id,year,indicator,value\n", out);
	for (size_t i = 0; i < n; i++)
		for (size_t p = 0; p < sizeof(provinces) / sizeof(provinces[0]);
		    p++) {
			if (units[i].province == NULL || strcmp(units[i].province,
			    provinces[p].code) != 0)
				continue;
			if (strcmp(mode, "sample") == 0 && p != 0 && p != 2)
				continue;
			commune_rows(out, s, units[i].code, clamp(unit01(
			    units[i].code, NULL, 1) * 0.9 + provinces[p].lift,
			    0, 1));
		}
	fclose(out);
	if ((e = demo_values_import(db, buf, len, "demo-dx-2026.csv", &st,
	    &ei)) != ERR_OK)
		goto done;
	printf("Demo digital readiness: %ld values, %ld communes of %s "
	    "(illustrative) in %.1f s\n", st.rows, st.units, id,
	    cli_seconds() - t0);
done:
	free(buf);
	arena_free(a);
	return e == ERR_OK ? EXIT_OK : cli_fail("demo", &ei);
}
