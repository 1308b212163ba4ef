/*
 * ocop_copy.h - a copy in memory of OCOP-certified products with its word
 * search: what the public register (ocop_register.c) and the market's
 * catalog (market/market_search.c) are both built of.
 *
 * A copy holds one entry per row of a statement, sorted once in the
 * kind's order, with the 2025 provinces; the entries' folded search keys
 * are packed one entry after the other with their word masks
 * (core/wordsearch.h), so a search reads memory in sequence and passes
 * over most entries by reading three integers.  Each kind says what an
 * entry is (struct ocop_copy_kind); the copy is shared between requests
 * through core/vcopy.h (ocop_copy_build is a kind's build, ocop_copy_free
 * its free).  Everything of a copy lives in its arena.
 *
 * A search (struct ocop_search) ranks the entries its caller's filters
 * keep and walks only the ranks that cover the page asked for.
 */
#ifndef NTM_DOMAIN_OCOP_COPY_H
#define NTM_DOMAIN_OCOP_COPY_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/vcopy.h"
#include "core/wordsearch.h"
#include "db/db.h"

#define OCOP_COPY_KEYS		3	/* folded search keys of an entry */
#define OCOP_NOT_MATCHED	0xff	/* the rank of an entry not found */
#define OCOP_RANKS_MAX		8

struct ocop_province {
	const char *code, *name;
};

struct ocop_copy {
	struct vcopy_ref *ref;		/* what holds it (core/vcopy.h) */
	struct arena *mem;		/* everything below */
	void *entries;			/* n entries of the kind, in its order */
	size_t n, size;			/* size: of an entry */
	struct ocop_province *prov;	/* the 2025 provinces by code */
	size_t nprov;
};

/* What the entries of a copy are. */
struct ocop_copy_kind {
	enum stmt_id rows;		/* one row per entry, no parameter */
	size_t size;			/* of an entry */
	/* Fill entry from the row st (strings into c->mem; the provinces
	 * are read already). */
	void (*read)(struct ocop_copy *c, struct db_stmt *st, void *entry);
	int (*cmp)(const void *a, const void *b);	/* the order (qsort) */
	/* Point k at the entry's folded key fields; its word masks. */
	uint64_t *(*keys)(void *entry, const char **k[OCOP_COPY_KEYS]);
};

/* Build the copy of kind k (a struct ocop_copy) into ref->data, reading
 * db; on error nothing is kept and the reads are ended. */
enum err ocop_copy_build(struct db *db, const struct ocop_copy_kind *k,
    struct vcopy_ref *ref, struct errinfo *ei);
/* Free a copy (the free function of its struct vcopy). */
void ocop_copy_free(void *c);
/* Entry i of c. */
void *ocop_copy_entry(const struct ocop_copy *c, size_t i);
/* The order of both copies: stars (most first), folded name, id (a
 * kind's cmp compares its entries' fields with it). */
int ocop_copy_order(int stars_a, const char *fname_a, int64_t id_a,
    int stars_b, const char *fname_b, int64_t id_b);
/* Column i of the row st copied into the copy's arena ("" for NULL). */
const char *ocop_copy_col(struct ocop_copy *c, struct db_stmt *st, int i);
/* The slot of the province of code, -1 for none (or no code). */
int ocop_copy_province(const struct ocop_copy *c, const char *code);

/* The name of OCOP group code in lang ("" for none), as both copies show
 * it. */
const char *ocop_copy_group_name(int code, const char *lang);

/* A search of a copy: the folded query split into words, the province
 * asked for, and the rank of each entry (OCOP_NOT_MATCHED or below the
 * search's number of ranks) with how many entries have each. */
struct ocop_search {
	char *q;			/* the folded query, "" for none */
	size_t qlen;
	struct ws_query qw;
	int prov;			/* -2 any, -1 none such, else a slot */
	unsigned char *rank;
	size_t n, counts[OCOP_RANKS_MAX], total;
	int nranks;
};

/* Begin a search of c's entries, none matched yet, with ranks 0 to
 * nranks - 1 (at most OCOP_RANKS_MAX): q is the folded query (malloc'd,
 * taken; NULL for none), province a code (NULL or "" for any).
 * ocop_search_end releases it. */
void ocop_search_begin(struct ocop_search *s, const struct ocop_copy *c,
    char *q, const char *province, int nranks);
/* Entry i matched with rank. */
void ocop_search_rank(struct ocop_search *s, size_t i, unsigned char rank);
/* The page as a new array of item(entry, ctx): offset matches skipped,
 * then limit (20 when not above 0), the ranks in order and the copy's
 * order within each (only the ranks that cover the page are walked). */
json_t *ocop_search_page(const struct ocop_search *s,
    const struct ocop_copy *c, int64_t offset, int64_t limit,
    json_t *(*item)(const void *entry, void *ctx), void *ctx);
void ocop_search_end(struct ocop_search *s);

#endif
