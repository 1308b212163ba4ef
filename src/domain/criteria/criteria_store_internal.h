/*
 * criteria_store_internal.h - what the criteria store's files share:
 * loading a unit's evaluation inputs, re-evaluating a unit and adjusting
 * roll-ups.  Not for other modules (they use criteria_store.h).
 */
#ifndef NTM_DOMAIN_CRITERIA_STORE_INTERNAL_H
#define NTM_DOMAIN_CRITERIA_STORE_INTERNAL_H

#include "domain/criteria/criteria_store.h"

/* A unit as the rules see it. */
struct crit_unit {
	const char *structure, *code, *full_name, *level, *unit_class;
	const char *region7, *province;	/* province: its code, or NULL */
};

/* Roll-ups being rebuilt in memory (a full recompute); NULL elsewhere:
 * each change is then written through to the rollup table. */
struct crit_batch;

/* Tell every process (response caches) that criteria data changed. */
enum err crit_bump_version(struct db *db, struct errinfo *ei);
/* The end of a criteria write begun with db_begin, whose outcome is e:
 * when it went well the version token is bumped; then commit, or roll
 * back on any error (db_finish).  Returns the final outcome. */
enum err crit_write_end(struct db *db, enum err e, struct errinfo *ei);

enum err crit_unit_get(struct db *db, struct arena *a, const char *structure,
    const char *code, struct crit_unit *out, struct errinfo *ei);
/* ERR_INVALID naming field "unit" when the set does not apply to u. */
enum err crit_unit_fits(const struct crit_set *s, const struct crit_unit *u,
    struct errinfo *ei);
/* ERR_INVALID "criteria.bad_year" naming "year". */
enum err crit_year_fits(const struct crit_set *s, int year,
    struct errinfo *ei);

/* How many units s applies to (its structure, level, class) lie inside
 * the scope (structure, code); remembered per process until the units
 * change. */
enum err crit_units_in_scope(struct db *db, const struct crit_set *s,
    const char *structure, const char *code, int64_t *count,
    struct errinfo *ei);

/* The variant of u in year ("1".."3" from unit_attribute, or its region7
 * code), NULL when unknown. */
const char *crit_variant_of(struct db *db, struct arena *a,
    const struct crit_set *s, const struct crit_unit *u, int year);

/* Everything crit_evaluate needs for u in year.  *has_data: some value
 * is stored (or a children_share count exists). */
enum err crit_input_load(struct db *db, struct arena *a,
    const struct crit_set *s, const struct crit_unit *u, int year,
    struct crit_eval_input *in, bool *has_data, struct errinfo *ei);

/* A stored value (JSON literal text) back into a crit_value. */
enum err crit_value_from_stored(const struct crit_set *s, size_t slot,
    const char *text, struct arena *a, struct crit_value *out,
    struct errinfo *ei);
/* The JSON literal to store for v (in a). */
const char *crit_value_to_stored(const struct crit_set *s, size_t slot,
    const struct crit_value *v, struct arena *a);

/* Re-evaluate u for (s, year) from stored inputs: store or delete its
 * evaluation, adjust roll-ups (through batch when not NULL) and, when
 * cascade is set, re-evaluate the sets counting s's results in the scopes
 * touched.  *changed (may be NULL) tells whether the evaluation changed. */
enum err crit_reevaluate(struct db *db, const struct crit_set *s,
    const struct crit_unit *u, int year, struct crit_batch *batch,
    bool cascade, bool *changed, struct errinfo *ei);

/* crit_store_recompute inside the caller's transaction. */
enum err crit_recompute_tx(struct db *db, const char *set_id, int year,
    long *units, struct errinfo *ei);

struct crit_batch *crit_batch_new(void);
enum err crit_batch_flush(struct db *db, struct crit_batch *b,
    struct errinfo *ei);
void crit_batch_free(struct crit_batch *b);

/* Whether t counts the results of the set set_id (a children_share
 * indicator of it). */
bool crit_set_counts(const struct crit_set *t, const char *set_id);

/* arr (an array of *cap elements of size bytes in a, holding n) with room
 * for one more: when full, a copy step elements larger (the old one stays
 * in the arena until it is freed).  For lists read row by row. */
void *crit_grow(struct arena *a, void *arr, size_t n, size_t *cap,
    size_t size, size_t step);

/* The end of a read of rows into the JSON array rows (a new reference),
 * rc being the last db_step's: a failed read (rc < 0) releases rows and
 * returns its error; otherwise rows goes to *out. */
enum err crit_rows_end(int rc, json_t *rows, json_t **out,
    struct errinfo *ei);
/* The same with rows set as member key of obj. */
enum err crit_rows_into(int rc, json_t *rows, json_t *obj, const char *key,
    struct errinfo *ei);

/* A roll-up row: the counts of the units evaluated in a scope, and per
 * number of criteria met (dist) and per criterion (passed, failed). */
struct crit_rollup_row {
	long evaluated, met, not_met, incomplete, revocation, met_sum;
	long *dist, *passed, *failed;	/* malloc'd: crit_rollup_free */
	size_t ndist, ncrit;		/* passed and failed have ncrit */
};
/* The row of scope (ss, sc) for (set_id, year); all zeros when there is
 * none.  Free it with crit_rollup_free. */
enum err crit_rollup_read(struct db *db, const char *ss, const char *sc,
    const char *set_id, int year, struct crit_rollup_row *r,
    struct errinfo *ei);
void crit_rollup_free(struct crit_rollup_row *r);

/* Every stored set's newest version (parsed, cached); *n of them. */
enum err crit_sets_newest(struct db *db, struct arena *a,
    const struct crit_set ***out, size_t *n, struct errinfo *ei);

/* crit_store_import inside the caller's transaction. */
enum err crit_import_tx(struct db *db, const struct audit_actor *who,
    const char *text, size_t len, const char *change_note, int *version,
    bool *created, struct errinfo *ei);

#endif
