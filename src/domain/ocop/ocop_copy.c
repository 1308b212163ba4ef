/*
 * ocop_copy.c - the copy in memory of OCOP-certified products and its
 * ranked search (ocop_copy.h), the one build both the public register
 * and the market's catalog use.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/msg.h"
#include "core/wordsearch.h"
#include "core/xalloc.h"
#include "domain/ocop/ocop_copy.h"
#include "domain/ocop/ocop_registry.h"

void
ocop_copy_free(void *p)
{
	struct ocop_copy *c = p;

	arena_free(c->mem);
	free(c);
}

void *
ocop_copy_entry(const struct ocop_copy *c, size_t i)
{
	return (char *)c->entries + i * c->size;
}

int
ocop_copy_order(int stars_a, const char *fname_a, int64_t id_a,
    int stars_b, const char *fname_b, int64_t id_b)
{
	int c;

	if (stars_a != stars_b)
		return stars_b - stars_a;
	if ((c = strcmp(fname_a, fname_b)) != 0)
		return c;
	return id_a < id_b ? -1 : id_a > id_b;
}

const char *
ocop_copy_col(struct ocop_copy *c, struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);

	return arena_strdup(c->mem, s != NULL ? s : "");
}

int
ocop_copy_province(const struct ocop_copy *c, const char *code)
{
	for (size_t i = 0; code != NULL && code[0] != '\0' && i < c->nprov;
	    i++)
		if (strcmp(c->prov[i].code, code) == 0)
			return (int)i;
	return -1;
}

/* Room for one more of n items of size bytes at *arr, doubling *cap from
 * first: rows are counted growing the arrays (the copy is rebuilt
 * rarely), the old array stays in the arena. */
static void *
grow(struct arena *a, void *arr, size_t n, size_t *cap, size_t size,
    size_t first)
{
	void *na;

	if (n < *cap)
		return arr;
	*cap = *cap ? *cap * 2 : first;
	na = arena_alloc(a, *cap * size);
	if (n > 0)
		memcpy(na, arr, n * size);
	return na;
}

static int
read_provinces(struct db *db, struct ocop_copy *c, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_REGISTER_PROVINCES);
	size_t cap = 0;
	int rc;

	while ((rc = db_step(st, ei)) == 1) {
		c->prov = grow(c->mem, c->prov, c->nprov, &cap,
		    sizeof(*c->prov), 64);
		c->prov[c->nprov].code = ocop_copy_col(c, st, 0);
		c->prov[c->nprov++].name = ocop_copy_col(c, st, 1);
	}
	return rc;
}

static int
read_entries(struct db *db, const struct ocop_copy_kind *k,
    struct ocop_copy *c, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, k->rows);
	size_t cap = 0;
	int rc;

	while ((rc = db_step(st, ei)) == 1) {
		c->entries = grow(c->mem, c->entries, c->n, &cap, k->size,
		    1024);
		k->read(c, st, ocop_copy_entry(c, c->n++));
	}
	return rc;
}

/* The folded keys every search scans, copied one entry after the other in
 * the entries' order: a search then reads memory in sequence instead of
 * jumping to strings scattered by the sort (with the word masks, a query
 * over 20,000 products went from ~30 ms to ~0.3 ms,
 * bench/ocop_register.sh). */
static void
pack_keys(const struct ocop_copy_kind *k, struct ocop_copy *c)
{
	size_t total = 1, off = 0;
	char *blob;

	for (size_t i = 0; i < c->n; i++) {
		const char **keys[OCOP_COPY_KEYS];

		k->keys(ocop_copy_entry(c, i), keys);
		for (size_t j = 0; j < OCOP_COPY_KEYS; j++)
			total += strlen(*keys[j]) + 1;
	}
	blob = arena_alloc(c->mem, total);
	for (size_t i = 0; i < c->n; i++) {
		const char **keys[OCOP_COPY_KEYS];
		uint64_t *m = k->keys(ocop_copy_entry(c, i), keys);

		memset(m, 0, WS_MASKS * sizeof(*m));
		for (size_t j = 0; j < OCOP_COPY_KEYS; j++) {
			size_t len = strlen(*keys[j]) + 1;

			memcpy(blob + off, *keys[j], len);
			*keys[j] = blob + off;
			off += len;
			ws_masks(*keys[j], m);
		}
	}
}

enum err
ocop_copy_build(struct db *db, const struct ocop_copy_kind *k,
    struct vcopy_ref *ref, struct errinfo *ei)
{
	struct ocop_copy *c = xcalloc(1, sizeof(*c));
	int rc;

	c->ref = ref;
	c->size = k->size;
	c->mem = arena_new(256 * 1024);
	if ((rc = read_provinces(db, c, ei)) >= 0)
		rc = read_entries(db, k, c, ei);
	db_end_reads(db);
	if (rc < 0) {
		ocop_copy_free(c);
		return ei->err;
	}
	if (c->n > 0)
		qsort(c->entries, c->n, k->size, k->cmp);
	pack_keys(k, c);
	ref->data = c;
	return ERR_OK;
}

const char *
ocop_copy_group_name(int code, const char *lang)
{
	const struct ocop_group *g = ocop_group_find(code);

	return g == NULL ? "" : msg_pick(lang, g->vi, g->en);
}

/* ---- ranked search -------------------------------------------------------- */

void
ocop_search_begin(struct ocop_search *s, const struct ocop_copy *c,
    char *q, const char *province, int nranks)
{
	assert(nranks > 0 && nranks <= OCOP_RANKS_MAX);
	memset(s, 0, sizeof(*s));
	s->q = q != NULL ? q : xstrdup("");
	s->qlen = strlen(s->q);
	ws_query_split(s->q, &s->qw);
	s->prov = -2;
	if (province != NULL && province[0] != '\0')
		s->prov = ocop_copy_province(c, province);
	s->rank = xcalloc(c->n + 1, 1);
	memset(s->rank, OCOP_NOT_MATCHED, c->n);
	s->n = c->n;
	s->nranks = nranks;
}

void
ocop_search_rank(struct ocop_search *s, size_t i, unsigned char rank)
{
	assert(i < s->n && (rank == OCOP_NOT_MATCHED || rank < s->nranks));
	s->rank[i] = rank;
	if (rank != OCOP_NOT_MATCHED) {
		s->counts[rank]++;
		s->total++;
	}
}

json_t *
ocop_search_page(const struct ocop_search *s, const struct ocop_copy *c,
    int64_t offset, int64_t limit,
    json_t *(*item)(const void *entry, void *ctx), void *ctx)
{
	json_t *items = json_array();
	int64_t skip = offset, need = limit > 0 ? limit : 20;

	for (int r = 0; r < s->nranks && need > 0; r++) {
		if ((int64_t)s->counts[r] <= skip) {
			skip -= (int64_t)s->counts[r];
			continue;
		}
		for (size_t i = 0; i < s->n && need > 0; i++) {
			if (s->rank[i] != r)
				continue;
			if (skip > 0) {
				skip--;
				continue;
			}
			json_array_append_new(items, item(ocop_copy_entry(c, i),
			    ctx));
			need--;
		}
	}
	return items;
}

void
ocop_search_end(struct ocop_search *s)
{
	free(s->rank);
	free(s->q);
	s->rank = NULL;
	s->q = NULL;
}
