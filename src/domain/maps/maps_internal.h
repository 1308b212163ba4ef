/*
 * maps_internal.h - what the files of the maps module share: the
 * indicator table (maps_indicators.c) and the reading of one indicator
 * for every province.  Not for other modules (they use maps.h).
 */
#ifndef NTM_DOMAIN_MAPS_INTERNAL_H
#define NTM_DOMAIN_MAPS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct db;

/* How a value is written for people (numfmt), and so how its classes
 * are cut. */
enum map_fmt { MAP_PCT, MAP_DEC1, MAP_INT, MAP_VND };

#define MAP_YEARS_MAX 64

/* One reading: the provinces of the structure in code order, the value
 * of each (NAN: no data) written by the indicator's read. */
struct map_read {
	struct db *db;
	const char *structure;
	int year;
	const char *const *codes;
	double *value;
	size_t n;
};

struct map_indicator {
	const char *key;
	const char *title, *unit, *source;	/* message keys */
	enum map_fmt fmt;
	/* The years with data in structure, ascending (at most
	 * MAP_YEARS_MAX). */
	enum err (*years)(struct db *db, const char *structure, int *out,
	    size_t *n, struct errinfo *ei);
	enum err (*read)(struct map_read *m, struct errinfo *ei);
};

/* The table, in the order of map_indicator_keys. */
extern const struct map_indicator map_indicators[];
extern const size_t map_indicators_n;

/* round(100 * part / whole, 1 decimal) as the roll-up pages write it;
 * NAN for an empty whole. */
double map_share(long part, long whole);
double map_round1(double x);

#endif
