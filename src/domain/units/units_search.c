/*
 * units_search.c - search over the national unit table from an in-memory
 * index, so that any query, even one letter that matches thousands of
 * units, answers in tens of microseconds.
 *
 * The index is a read-only copy of unit_search (the folded keys, sorted)
 * and of the list fields of every unit, one per structure.  It is a cache,
 * not state: every search reads the "units_version" counter that each
 * unit import bumps in the same transaction, and rebuilds the copy when it
 * changed, so several server processes on one database stay correct.
 * Requests hold a reference while they read; the last holder frees a
 * replaced copy (core/vcopy.h).
 *
 * Ranking without sorting: units are numbered in code order, so a search
 * marks each matching unit's best rank (0 exact name or code, 1 name or
 * code prefix, 2 a later word of the name, 3 the full name) in an array
 * indexed by unit, counts the 4 x 5 (rank, level) buckets, and walks only
 * the buckets that cover the requested page, in unit order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vcopy.h"
#include "core/xalloc.h"
#include "domain/units/units.h"
#include "domain/units/units_internal.h"

#define NRANKS 4
#define NOT_MATCHED 0xff

struct idx_unit {
	const char *structure, *code, *name, *full_name, *level, *unit_type;
	const char *parent_code, *parent_name;
	unsigned char level_rank;
	bool is_rural;
	int64_t children_count;
};

struct idx_key {
	const char *key;
	uint32_t unit;
	unsigned char weight;
};

struct idx_structure {
	struct idx_unit *units;
	size_t nunits;
	struct idx_key *keys;
	size_t nkeys;
};

struct units_index {
	struct vcopy_ref *ref;		/* what holds it (core/vcopy.h) */
	struct idx_structure s[2];	/* [0] "2025", [1] "pre2025" */
	struct arena *mem;
};

static void
index_free(void *p)
{
	struct units_index *ix = p;

	arena_free(ix->mem);
	free(ix);
}

static struct vcopy copy = VCOPY_INIT(index_free);

static int
structure_slot(const char *s)
{
	return strcmp(s, "2025") == 0 ? 0 : 1;
}

static int
unit_cmp(const void *a, const void *b)
{
	return strcmp(((const struct idx_unit *)a)->code,
	    ((const struct idx_unit *)b)->code);
}

static int
key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct idx_key *)a)->key,
	    ((const struct idx_key *)b)->key);
}

static const char *
dup_col(struct arena *a, struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);

	return s != NULL ? arena_strdup(a, s) : NULL;
}

/* The unit numbered by code in slot s, or -1. */
static long
find_unit(const struct idx_structure *s, const char *code)
{
	size_t lo = 0, hi = s->nunits;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->units[mid].code, code);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Count rows of a statement's result (a first pass to size the arrays). */
static size_t
count_rows(struct db *db, enum stmt_id id, size_t counts[2], struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, id);
	size_t n = 0;
	int rc;

	counts[0] = counts[1] = 0;
	while ((rc = db_step(st, ei)) == 1) {
		counts[structure_slot(db_col_text(st, 0))]++;
		n++;
	}
	return rc < 0 ? (size_t)-1 : n;
}

static enum err
index_build(void *vdb, struct vcopy_ref *ref, struct errinfo *ei)
{
	struct db *db = vdb;
	struct units_index *ix = NULL;
	struct db_stmt *st;
	size_t nu[2], nk[2], fill[2] = { 0, 0 };
	int rc;

	if (count_rows(db, STMT_UNITS_INDEX_UNITS, nu, ei) == (size_t)-1 ||
	    count_rows(db, STMT_UNITS_INDEX_KEYS, nk, ei) == (size_t)-1)
		return ei->err;
	ix = xcalloc(1, sizeof(*ix));
	ix->ref = ref;
	ix->mem = arena_new(1024 * 1024);
	for (int s = 0; s < 2; s++) {
		ix->s[s].units = arena_alloc(ix->mem, sizeof(struct idx_unit) * (nu[s] + 1));
		ix->s[s].keys = arena_alloc(ix->mem, sizeof(struct idx_key) * (nk[s] + 1));
	}
	st = db_stmt(db, STMT_UNITS_INDEX_UNITS);
	while ((rc = db_step(st, ei)) == 1) {
		int s = structure_slot(db_col_text(st, 0));
		struct idx_unit *u;

		if (fill[s] >= nu[s])	/* rows added since the count */
			continue;
		u = &ix->s[s].units[fill[s]++];
		u->structure = s == 0 ? "2025" : "pre2025";
		u->code = dup_col(ix->mem, st, 1);
		u->name = dup_col(ix->mem, st, 2);
		u->full_name = dup_col(ix->mem, st, 3);
		u->level = dup_col(ix->mem, st, 4);
		u->level_rank = (unsigned char)db_col_int(st, 5);
		u->unit_type = dup_col(ix->mem, st, 6);
		u->parent_code = dup_col(ix->mem, st, 7);
		u->parent_name = dup_col(ix->mem, st, 8);
		u->is_rural = db_col_int(st, 9) != 0;
		u->children_count = db_col_int(st, 10);
	}
	if (rc < 0)
		goto fail;
	for (int s = 0; s < 2; s++) {
		ix->s[s].nunits = fill[s];
		qsort(ix->s[s].units, fill[s], sizeof(struct idx_unit), unit_cmp);
		fill[s] = 0;
	}
	st = db_stmt(db, STMT_UNITS_INDEX_KEYS);
	while ((rc = db_step(st, ei)) == 1) {
		int s = structure_slot(db_col_text(st, 0));
		long u = find_unit(&ix->s[s], db_col_text(st, 3));
		struct idx_key *k;

		if (u < 0 || fill[s] >= nk[s])
			continue;
		k = &ix->s[s].keys[fill[s]++];
		k->key = dup_col(ix->mem, st, 1);
		k->weight = (unsigned char)db_col_int(st, 2);
		k->unit = (uint32_t)u;
	}
	if (rc < 0)
		goto fail;
	for (int s = 0; s < 2; s++) {
		ix->s[s].nkeys = fill[s];
		/* Byte order, the order the range scan below relies on. */
		qsort(ix->s[s].keys, fill[s], sizeof(struct idx_key), key_cmp);
	}
	ref->data = ix;
	return ERR_OK;
fail:
	index_free(ix);
	return ei->err;
}

static void
index_release(struct units_index *ix)
{
	vcopy_release(&copy, ix->ref);
}

/* The current index, rebuilt first if the database's units changed.  The
 * caller releases it. */
static enum err
index_acquire(struct db *db, struct units_index **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_META_GET);
	char version[32] = "0";
	struct vcopy_ref *ref;
	enum err e;
	int rc;

	db_bind_text(st, 1, "units_version");
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1)
		snprintf(version, sizeof(version), "%s", db_col_text(st, 0));
	if ((e = vcopy_acquire(&copy, version, index_build, db, &ref, ei)) !=
	    ERR_OK)
		return e;
	*out = ref->data;
	return ERR_OK;
}

void
units_search_reset(void)
{
	vcopy_reset(&copy);
}

/* The first key not below q. */
static size_t
lower_bound(const struct idx_structure *s, const char *q)
{
	size_t lo = 0, hi = s->nkeys;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(s->keys[mid].key, q) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
copy_unit(struct arena *a, const struct idx_unit *iu, struct unit *u)
{
	memset(u, 0, sizeof(*u));
	u->structure = iu->structure;
	u->code = arena_strdup(a, iu->code);
	u->name = arena_strdup(a, iu->name);
	u->full_name = arena_strdup(a, iu->full_name);
	u->level = arena_strdup(a, iu->level);
	u->unit_type = arena_strdup(a, iu->unit_type);
	u->parent_code = iu->parent_code ? arena_strdup(a, iu->parent_code) : NULL;
	u->parent_name = iu->parent_name ? arena_strdup(a, iu->parent_name) : NULL;
	u->is_rural = iu->is_rural;
	u->children_count = iu->children_count;
}

enum err
units_search(struct db *db, struct arena *a, const struct unit_query *q,
    const char *folded, struct unit_list *out, struct errinfo *ei)
{
	struct units_index *ix = NULL;
	const struct idx_structure *s;
	size_t flen = strlen(folded), counts[NRANKS][UNIT_LEVEL__MAX];
	int level = q->level ? units_level_from_name(q->level) : -1;
	int64_t skip = q->offset, need = q->limit;
	unsigned char *best;
	enum err e;

	if ((e = index_acquire(db, &ix, ei)) != ERR_OK)
		return e;
	s = &ix->s[structure_slot(q->structure)];
	best = arena_alloc(a, s->nunits + 1);
	memset(best, NOT_MATCHED, s->nunits);
	for (size_t k = lower_bound(s, folded); k < s->nkeys &&
	    strncmp(s->keys[k].key, folded, flen) == 0; k++) {
		const struct idx_key *key = &s->keys[k];
		const struct idx_unit *u = &s->units[key->unit];
		unsigned char rank = (key->weight == 1 && key->key[flen] == '\0') ?
		    0 : key->weight;

		if (level >= 0 && u->level_rank != level)
			continue;
		if (q->parent != NULL && (u->parent_code == NULL ||
		    strcmp(u->parent_code, q->parent) != 0))
			continue;
		if (rank < best[key->unit])
			best[key->unit] = rank < NRANKS ? rank : NRANKS - 1;
	}
	memset(counts, 0, sizeof(counts));
	out->total = 0;
	for (size_t u = 0; u < s->nunits; u++) {
		if (best[u] != NOT_MATCHED) {
			counts[best[u]][s->units[u].level_rank % UNIT_LEVEL__MAX]++;
			out->total++;
		}
	}
	out->items = arena_alloc(a, sizeof(struct unit) * (size_t)(need > 0 ? need : 1));
	out->n = 0;
	/* Buckets in order (rank, then level); units in code order within. */
	for (int r = 0; r < NRANKS && need > 0; r++) {
		for (int l = 0; l < UNIT_LEVEL__MAX && need > 0; l++) {
			if ((int64_t)counts[r][l] <= skip) {
				skip -= (int64_t)counts[r][l];
				continue;
			}
			for (size_t u = 0; u < s->nunits && need > 0; u++) {
				if (best[u] != r || s->units[u].level_rank != l)
					continue;
				if (skip > 0) {
					skip--;
					continue;
				}
				copy_unit(a, &s->units[u], &out->items[out->n++]);
				need--;
			}
		}
	}
	index_release(ix);
	return ERR_OK;
}
