/*
 * criteria_eval_store.c - a unit's evaluation inputs from the database,
 * re-evaluation with the roll-up adjustment, full recomputes and the
 * roll-up scopes.
 *
 * A roll-up row holds counts; an evaluation change subtracts the old
 * evaluation and adds the new one in every scope the unit counts in.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/stamp.h"
#include "core/xalloc.h"
#include "domain/criteria/criteria_store_internal.h"
#include "domain/dx/dx.h"
#include "domain/units/units.h"

/* ---- units ---- */

/* The province (from unit_scope) that holds code of structure, into
 * *province (arena text); left as it is when unit_scope has none. */
static enum err
province_of(struct db *db, struct arena *a, const char *structure,
    const char *code, const char **province, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_PROVINCE_OF);
	int rc;

	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, structure);
	if ((rc = db_step(st, ei)) == 1)
		*province = arena_strdup(a, db_col_text(st, 0));
	else if (rc < 0)
		return ei->err;
	db_end_reads(db);
	return ERR_OK;
}

enum err
crit_unit_get(struct db *db, struct arena *a, const char *structure,
    const char *code, struct crit_unit *out, struct errinfo *ei)
{
	struct unit u;
	enum err e;

	if ((e = units_get(db, a, structure, code, &u, ei)) != ERR_OK)
		return e;
	memset(out, 0, sizeof(*out));
	out->structure = u.structure;
	out->code = u.code;
	out->full_name = u.full_name;
	out->level = u.level;
	out->unit_class = u.unit_class;
	out->region7 = u.region7_code;
	if (strcmp(u.level, "province") == 0) {
		out->province = u.code;
		return ERR_OK;
	}
	if ((e = province_of(db, a, structure, code, &out->province,
	    ei)) != ERR_OK)
		return e;
	/* A village is not in unit_scope (roll-ups stop at the commune):
	 * its province is its commune's, which a province's own set needs. */
	if (out->province == NULL && strcmp(u.level, "village") == 0 &&
	    u.parent_code != NULL)
		return province_of(db, a, structure, u.parent_code,
		    &out->province, ei);
	return ERR_OK;
}

enum err
crit_unit_fits(const struct crit_set *s, const struct crit_unit *u,
    struct errinfo *ei)
{
	bool class_ok = s->n_unit_classes == 0;

	/* A template is a starting point a province copies, never a
	 * standard a unit is held to. */
	if (s->is_template)
		return err_set(ei, ERR_INVALID, "criteria.template", "set_id",
		    "Bộ tiêu chí '%s' là bộ mẫu để tỉnh sao chép, không dùng "
		    "để đánh giá", "The set '%s' is a template for provinces "
		    "to copy; it is not used to evaluate", s->id);
	if (s->province != NULL && (u->province == NULL ||
	    strcmp(u->province, s->province) != 0))
		return err_set(ei, ERR_INVALID, "criteria.other_province", "unit",
		    "Bộ tiêu chí '%s' là bộ riêng của một tỉnh khác; %s không "
		    "thuộc tỉnh đó", "The set '%s' is another province's own "
		    "set; %s is not in that province", s->id, u->full_name);
	if (strcmp(u->structure, s->structure) != 0)
		return err_set(ei, ERR_INVALID, "criteria.wrong_structure", "unit",
		    "Bộ tiêu chí '%s' áp dụng cho đơn vị theo cấu trúc %s, "
		    "không phải %s",
		    "The set '%s' applies to units of the %s structure, "
		    "not %s", s->id, s->structure, u->structure);
	if (strcmp(u->level, s->level) != 0)
		return err_set(ei, ERR_INVALID, "criteria.wrong_level", "unit",
		    "Bộ tiêu chí '%s' áp dụng cho cấp %s; %s là cấp %s",
		    "The set '%s' applies to the %s level; %s is at the %s "
		    "level", s->id,
		    s->level, u->full_name, u->level);
	for (size_t i = 0; i < s->n_unit_classes && !class_ok; i++)
		class_ok = u->unit_class != NULL &&
		    strcmp(u->unit_class, s->unit_classes[i]) == 0;
	if (!class_ok)
		return err_set(ei, ERR_INVALID, "criteria.wrong_class", "unit",
		    "Bộ tiêu chí '%s' không áp dụng cho %s (loại %s)",
		    "The set '%s' does not apply to %s (class %s)", s->id,
		    u->full_name, u->unit_class ? u->unit_class : "không rõ");
	return ERR_OK;
}

enum err
crit_year_fits(const struct crit_set *s, int year, struct errinfo *ei)
{
	if (year < s->year_from || year > s->year_to)
		return err_set(ei, ERR_INVALID, "criteria.bad_year", "year",
		    "Năm %d ngoài thời kỳ của bộ tiêu chí '%s' (%d–%d)",
		    "The year %d is outside the period of the set '%s' "
		    "(%d–%d)", year,
		    s->id, s->year_from, s->year_to);
	return ERR_OK;
}

const char *
crit_variant_of(struct db *db, struct arena *a, const struct crit_set *s,
    const struct crit_unit *u, int year)
{
	struct errinfo ei;
	struct db_stmt *st;
	const char *v = NULL;

	if (s->variant_by == CRIT_BY_REGION7)
		return u->region7;
	if (s->variant_by != CRIT_BY_COMMUNE_GROUP)
		return NULL;
	st = db_stmt(db, STMT_CRIT_ATTR_AT);
	db_bind_text(st, 1, u->structure);
	db_bind_text(st, 2, u->code);
	db_bind_int(st, 3, year);
	if (db_step(st, &ei) == 1 && !db_col_null(st, 1))
		v = arena_strdup(a, db_col_text(st, 1));
	db_end_reads(db);
	return v;
}

void *
crit_grow(struct arena *a, void *arr, size_t n, size_t *cap, size_t size,
    size_t step)
{
	void *grown;

	if (n < *cap)
		return arr;
	grown = arena_alloc(a, (*cap + step) * size);
	if (*cap > 0)
		memcpy(grown, arr, *cap * size);
	*cap += step;
	return grown;
}

enum err
crit_rows_end(int rc, json_t *rows, json_t **out, struct errinfo *ei)
{
	if (rc < 0) {
		json_decref(rows);
		return ei->err;
	}
	*out = rows;
	return ERR_OK;
}

enum err
crit_rows_into(int rc, json_t *rows, json_t *obj, const char *key,
    struct errinfo *ei)
{
	enum err e = crit_rows_end(rc, rows, &rows, ei);

	if (e == ERR_OK)
		json_object_set_new(obj, key, rows);
	return e;
}

/* ---- stored values ---- */

enum err
crit_value_from_stored(const struct crit_set *s, size_t slot, const char *text,
    struct arena *a, struct crit_value *out, struct errinfo *ei)
{
	json_t *j;
	enum err e;

	/* The common cases without a JSON parser: numbers and booleans. */
	if (strcmp(text, "true") == 0 || strcmp(text, "false") == 0) {
		memset(out, 0, sizeof(*out));
		out->present = true;
		out->boolean = text[0] == 't';
		return ERR_OK;
	}
	if ((text[0] >= '0' && text[0] <= '9') || text[0] == '-') {
		char *end;
		double d = strtod(text, &end);

		if (*end == '\0' && isfinite(d)) {
			memset(out, 0, sizeof(*out));
			out->present = true;
			out->num = d;
			return ERR_OK;
		}
	}
	if ((j = json_loads(text, JSON_DECODE_ANY, NULL)) == NULL)
		return err_set(ei, ERR_DB, "criteria.stored_value", "value",
		    "Giá trị lưu không đọc được: %.40s",
		    "A stored value cannot be read: %.40s", text);
	e = crit_value_from_json(s, slot, j, a, out, ei);
	json_decref(j);
	return e;
}

const char *
crit_value_to_stored(const struct crit_set *s, size_t slot,
    const struct crit_value *v, struct arena *a)
{
	json_t *j = crit_value_json(s, slot, v);
	const char *out;
	char *text;

	if (json_is_real(j) || json_is_integer(j)) {
		double d = json_number_value(j);

		json_decref(j);
		return arena_printf(a, "%.15g", d);
	}
	text = json_dumps(j, JSON_ENCODE_ANY);
	json_decref(j);
	out = arena_strdup(a, text ? text : "null");
	free(text);
	return out;
}

/* ---- units in a scope ---- */

/*
 * How many units a set applies to inside a scope changes only with the
 * units themselves, so counts are remembered per process under the
 * "units_version" token (a count over the whole country reads ~8,000
 * index entries; a roll-up page would otherwise pay it on every miss).
 */
#define SCOPE_MEMO_SLOTS 1024

struct scope_memo {
	char key[160];
	int64_t count;
};

static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;
static struct scope_memo memo[SCOPE_MEMO_SLOTS];

enum err
crit_units_in_scope(struct db *db, const struct crit_set *s,
    const char *structure, const char *code, int64_t *count,
    struct errinfo *ei)
{
	const char *cls = s->n_unit_classes == 1 ? s->unit_classes[0] : NULL;
	struct db_stmt *st;
	char key[160];
	size_t h;
	int rc;

	/* A province's own set counts its province's units only: the
	 * country's are the province's, another province has none. */
	if (s->province != NULL && strcmp(code, s->province) != 0) {
		if (strcmp(code, "VN") != 0) {
			*count = 0;
			return ERR_OK;
		}
		code = s->province;
	}
	st = db_stmt(db, STMT_META_GET);

	db_bind_text(st, 1, "units_version");
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	snprintf(key, sizeof(key), "%.40s|%s|%s|%s|%s|%s", rc == 1 ?
	    db_col_text(st, 0) : "0", structure, code, s->structure, s->level,
	    cls ? cls : "*");
	db_end_reads(db);
	h = (size_t)(hash_fnv1a_str(HASH_FNV1A_INIT, key) % SCOPE_MEMO_SLOTS);
	pthread_mutex_lock(&memo_lock);
	if (strcmp(memo[h].key, key) == 0) {
		*count = memo[h].count;
		pthread_mutex_unlock(&memo_lock);
		return ERR_OK;
	}
	pthread_mutex_unlock(&memo_lock);
	st = db_stmt(db, STMT_CRIT_UNITS_IN_SCOPE);
	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, s->structure);
	db_bind_text(st, 4, s->level);
	db_bind_text(st, 5, cls);
	db_bind_text(st, 6, cls);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	*count = db_col_int(st, 0);
	db_end_reads(db);
	pthread_mutex_lock(&memo_lock);
	snprintf(memo[h].key, sizeof(memo[h].key), "%s", key);
	memo[h].count = *count;
	pthread_mutex_unlock(&memo_lock);
	return ERR_OK;
}

/* ---- inputs ---- */

/* Share (0..100) of u's units of child set cs in status want, counted by
 * the roll-up of cs over u; present false when u has none. */
static enum err
children_share(struct db *db, const struct crit_set *cs, const char *want,
    const struct crit_unit *u, int year, struct crit_value *out,
    struct errinfo *ei)
{
	struct db_stmt *st;
	int64_t total = 0, count = 0;
	int rc;
	enum err e;

	memset(out, 0, sizeof(*out));
	if ((e = crit_units_in_scope(db, cs, u->structure, u->code, &total,
	    ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_CRIT_ROLLUP_GET);
	db_bind_text(st, 1, u->structure);
	db_bind_text(st, 2, u->code);
	db_bind_text(st, 3, cs->id);
	db_bind_int(st, 4, year);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1)
		count = db_col_int(st, strcmp(want, "met") == 0 ? 1 :
		    strcmp(want, "not_met") == 0 ? 2 : 3);
	db_end_reads(db);
	if (total > 0 && rc == 1) {
		out->present = true;
		out->num = 100.0 * (double)count / (double)total;
	}
	return ERR_OK;
}

/* The observed indicators' values (dx_observe: what the platform
 * measured of u's use of it in year); a value it has counted makes data. */
static enum err
observed_load(struct db *db, struct arena *a, const struct crit_set *s,
    const struct crit_unit *u, int year, struct crit_value *vals,
    bool *has_data, struct errinfo *ei)
{
	struct dx_observation *obs;
	enum err e;

	if ((e = dx_observe_set(db, a, s, u->structure, u->code, year, &obs,
	    ei)) != ERR_OK || obs == NULL)
		return e;
	for (size_t i = 0; i < s->n_indicators; i++) {
		if (s->indicators[i].observed == NULL || !obs[i].present)
			continue;
		memset(&vals[i], 0, sizeof(vals[i]));
		vals[i].present = true;
		if (s->indicators[i].type == CRIT_BOOLEAN)
			vals[i].boolean = obs[i].value > 0;
		else
			vals[i].num = obs[i].value;
		*has_data = true;
	}
	return ERR_OK;
}

enum err
crit_input_load(struct db *db, struct arena *a, const struct crit_set *s,
    const struct crit_unit *u, int year, struct crit_eval_input *in,
    bool *has_data, struct errinfo *ei)
{
	struct crit_value *vals = arena_alloc(a, (crit_slots(s) + 1) *
	    sizeof(*vals));
	struct crit_override *ovr = NULL;
	struct db_stmt *st;
	bool any_delegated = false;
	int rc;
	enum err e;

	memset(in, 0, sizeof(*in));
	*has_data = false;
	in->year = year;
	in->values = vals;
	in->variant = crit_variant_of(db, a, s, u, year);
	st = db_stmt(db, STMT_CRIT_VALUES_OF);
	db_bind_text(st, 1, u->structure);
	db_bind_text(st, 2, u->code);
	db_bind_text(st, 3, s->id);
	db_bind_int(st, 4, year);
	while ((rc = db_step(st, ei)) == 1) {
		long slot = crit_slot(s, db_col_text(st, 0));

		/* Ids dropped by a newer version of the set stay stored. */
		if (slot < 0)
			continue;
		*has_data = true;
		if ((size_t)slot < s->n_indicators &&
		    (s->indicators[slot].formula != NULL ||
		    s->indicators[slot].observed != NULL))
			continue;	/* derived or observed: never read back */
		if ((e = crit_value_from_stored(s, (size_t)slot,
		    db_col_text(st, 1), a, &vals[slot], ei)) != ERR_OK)
			return e;
	}
	if (rc < 0)
		return ei->err;
	if ((e = observed_load(db, a, s, u, year, vals, has_data, ei)) !=
	    ERR_OK)
		return e;
	for (size_t i = 0; i < s->n_indicators; i++) {
		const struct crit_indicator *ind = &s->indicators[i];
		const struct crit_set *cs;

		any_delegated |= ind->delegated;
		if (ind->type != CRIT_CHILDREN_SHARE)
			continue;
		if (crit_store_load(db, ind->of_set, 0, &cs, ei) != ERR_OK) {
			err_clear(ei);	/* the child set is not stored yet */
			continue;
		}
		if ((e = children_share(db, cs, ind->child_status, u, year,
		    &vals[i], ei)) != ERR_OK)
			return e;
		*has_data |= vals[i].present;
	}
	if (any_delegated && u->province != NULL) {
		ovr = arena_alloc(a, (s->n_indicators + 1) * sizeof(*ovr));
		st = db_stmt(db, STMT_CRIT_OVERRIDE_FOR);
		db_bind_text(st, 1, s->id);
		db_bind_text(st, 2, u->structure);
		db_bind_text(st, 3, u->province);
		db_bind_text(st, 4, in->variant ? in->variant : "");
		while ((rc = db_step(st, ei)) == 1) {
			long slot = crit_slot(s, db_col_text(st, 0));
			struct crit_value v;

			if (slot < 0 || (size_t)slot >= s->n_indicators ||
			    ovr[slot].present)
				continue;
			if (crit_value_from_stored(s, (size_t)slot,
			    db_col_text(st, 1), a, &v, ei) != ERR_OK) {
				err_clear(ei);
				continue;
			}
			ovr[slot].present = true;
			ovr[slot].value = v.num;
			ovr[slot].source = arena_strdup(a, db_col_text(st, 2));
		}
		if (rc < 0)
			return ei->err;
		in->overrides = ovr;
	}
	st = db_stmt(db, STMT_CRIT_RECOGNISED);
	db_bind_text(st, 1, u->structure);
	db_bind_text(st, 2, u->code);
	db_bind_text(st, 3, s->id);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	in->recognised = rc == 1;
	db_end_reads(db);
	return ERR_OK;
}

/* ---- roll-up rows ---- */

struct evsum {
	bool present;
	int version, met, failed, unknown, total, revocation;
	const char *status, *bits;
};

/* *arr (of *n counts) with at least want, the new ones 0. */
static void
grow(long **arr, size_t *n, size_t want)
{
	if (want <= *n)
		return;
	*arr = xrealloc(*arr, want * sizeof(long));
	memset(*arr + *n, 0, (want - *n) * sizeof(long));
	*n = want;
}

static void
parse_counts(const char *text, long **arr, size_t *n)
{
	size_t i = 0;
	const char *p = text;

	while (p != NULL && *p != '\0') {
		char *end;
		long v = strtol(p, &end, 10);

		grow(arr, n, i + 1);
		(*arr)[i++] = v;
		p = *end == ',' ? end + 1 : NULL;
	}
}

static char *
format_counts(struct arena *a, const long *arr, size_t n)
{
	char *out = arena_alloc(a, n * 21 + 1);
	size_t len = 0;

	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, 22, i ? ",%ld" : "%ld",
		    arr[i]);
	out[len] = '\0';
	return out;
}

static void rollup_row_size(struct crit_rollup_row *r, size_t ncrit);

static void
rollup_row_apply(struct crit_rollup_row *r, const struct evsum *ev, int sign)
{
	size_t nb;

	if (!ev->present)
		return;
	r->evaluated += sign;
	if (strcmp(ev->status, "met") == 0)
		r->met += sign;
	else if (strcmp(ev->status, "not_met") == 0)
		r->not_met += sign;
	else
		r->incomplete += sign;
	r->revocation += sign * ev->revocation;
	r->met_sum += sign * ev->met;
	grow(&r->dist, &r->ndist, (size_t)ev->total + 1);
	if (ev->met >= 0 && ev->met <= ev->total)
		r->dist[ev->met] += sign;
	nb = strlen(ev->bits);
	rollup_row_size(r, nb);
	for (size_t k = 0; k < nb; k++) {
		if (ev->bits[k] == '1')
			r->passed[k] += sign;
		else if (ev->bits[k] == '0')
			r->failed[k] += sign;
	}
}

void
crit_rollup_free(struct crit_rollup_row *r)
{
	free(r->dist);
	free(r->passed);
	free(r->failed);
}

/* failed must be as long as passed: both grow through this. */
static void
rollup_row_size(struct crit_rollup_row *r, size_t ncrit)
{
	size_t n = r->ncrit;

	grow(&r->passed, &r->ncrit, ncrit);
	grow(&r->failed, &n, r->ncrit);
}

enum err
crit_rollup_read(struct db *db, const char *ss, const char *sc,
    const char *set_id, int year, struct crit_rollup_row *r, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_ROLLUP_GET);
	int rc;

	memset(r, 0, sizeof(*r));
	db_bind_text(st, 1, ss);
	db_bind_text(st, 2, sc);
	db_bind_text(st, 3, set_id);
	db_bind_int(st, 4, year);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1) {
		size_t nf = 0;

		r->evaluated = (long)db_col_int(st, 0);
		r->met = (long)db_col_int(st, 1);
		r->not_met = (long)db_col_int(st, 2);
		r->incomplete = (long)db_col_int(st, 3);
		r->revocation = (long)db_col_int(st, 4);
		r->met_sum = (long)db_col_int(st, 5);
		parse_counts(db_col_text(st, 6), &r->dist, &r->ndist);
		parse_counts(db_col_text(st, 7), &r->passed, &r->ncrit);
		parse_counts(db_col_text(st, 8), &r->failed, &nf);
		if (nf > r->ncrit)
			grow(&r->passed, &r->ncrit, nf);
		grow(&r->failed, &nf, r->ncrit);
	}
	db_end_reads(db);
	return ERR_OK;
}

static enum err
rollup_row_write(struct db *db, struct arena *a, const char *ss,
    const char *sc, const char *set_id, int year, const struct crit_rollup_row *r,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_ROLLUP_PUT);

	db_bind_text(st, 1, ss);
	db_bind_text(st, 2, sc);
	db_bind_text(st, 3, set_id);
	db_bind_int(st, 4, year);
	db_bind_int(st, 5, r->evaluated);
	db_bind_int(st, 6, r->met);
	db_bind_int(st, 7, r->not_met);
	db_bind_int(st, 8, r->incomplete);
	db_bind_int(st, 9, r->revocation);
	db_bind_int(st, 10, r->met_sum);
	db_bind_text(st, 11, format_counts(a, r->dist, r->ndist));
	db_bind_text(st, 12, format_counts(a, r->passed, r->ncrit));
	db_bind_text(st, 13, format_counts(a, r->failed, r->ncrit));
	return db_exec(st, ei);
}

/* ---- batches (a full recompute builds roll-ups in memory) ---- */

#define BATCH_BUCKETS 4096

struct batch_entry {
	struct batch_entry *next;
	char *ss, *sc, *set_id;
	int year;
	struct crit_rollup_row row;
};

struct crit_batch {
	struct batch_entry *buckets[BATCH_BUCKETS];
};

struct crit_batch *
crit_batch_new(void)
{
	return xcalloc(1, sizeof(struct crit_batch));
}

static struct crit_rollup_row *
batch_row(struct crit_batch *b, const char *ss, const char *sc,
    const char *set_id, int year)
{
	uint64_t h = hash_fnv1a_str(hash_fnv1a_str(HASH_FNV1A_INIT, sc), ss);
	struct batch_entry *e;

	h = hash_fnv1a(h, &year, sizeof(year)) % BATCH_BUCKETS;
	for (e = b->buckets[h]; e != NULL; e = e->next)
		if (e->year == year && strcmp(e->sc, sc) == 0 &&
		    strcmp(e->ss, ss) == 0 && strcmp(e->set_id, set_id) == 0)
			return &e->row;
	e = xcalloc(1, sizeof(*e));
	e->ss = xstrdup(ss);
	e->sc = xstrdup(sc);
	e->set_id = xstrdup(set_id);
	e->year = year;
	e->next = b->buckets[h];
	b->buckets[h] = e;
	return &e->row;
}

enum err
crit_batch_flush(struct db *db, struct crit_batch *b, struct errinfo *ei)
{
	struct arena *a = arena_new(64 * 1024);
	enum err e = ERR_OK;

	for (size_t i = 0; i < BATCH_BUCKETS && e == ERR_OK; i++)
		for (struct batch_entry *x = b->buckets[i]; x && e == ERR_OK;
		    x = x->next)
			e = rollup_row_write(db, a, x->ss, x->sc, x->set_id,
			    x->year, &x->row, ei);
	arena_free(a);
	return e;
}

void
crit_batch_free(struct crit_batch *b)
{
	if (b == NULL)
		return;
	for (size_t i = 0; i < BATCH_BUCKETS; i++)
		for (struct batch_entry *x = b->buckets[i], *next; x; x = next) {
			next = x->next;
			crit_rollup_free(&x->row);
			free(x->ss);
			free(x->sc);
			free(x->set_id);
			free(x);
		}
	free(b);
}

/* ---- re-evaluation ---- */

struct scope {
	const char *structure, *code, *level;
};

static enum err
scopes_of(struct db *db, struct arena *a, const struct crit_unit *u,
    struct scope **out, size_t *n, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_SCOPES_OF);
	struct scope *sc = arena_alloc(a, 16 * sizeof(*sc));
	int rc;

	*n = 0;
	db_bind_text(st, 1, u->structure);
	db_bind_text(st, 2, u->code);
	while ((rc = db_step(st, ei)) == 1 && *n < 16) {
		sc[*n].structure = arena_strdup(a, db_col_text(st, 0));
		sc[*n].code = arena_strdup(a, db_col_text(st, 1));
		sc[(*n)++].level = arena_strdup(a, db_col_text(st, 2));
	}
	if (rc < 0)
		return ei->err;
	db_end_reads(db);
	*out = sc;
	return ERR_OK;
}

static enum err
old_evaluation(struct db *db, struct arena *a, const char *set_id,
    const struct crit_unit *u, int year, struct evsum *ev, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_EVAL_GET);
	int rc;

	memset(ev, 0, sizeof(*ev));
	db_bind_text(st, 1, u->structure);
	db_bind_text(st, 2, u->code);
	db_bind_text(st, 3, set_id);
	db_bind_int(st, 4, year);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1) {
		ev->present = true;
		ev->version = (int)db_col_int(st, 0);
		ev->status = arena_strdup(a, db_col_text(st, 1));
		ev->met = (int)db_col_int(st, 2);
		ev->failed = (int)db_col_int(st, 3);
		ev->unknown = (int)db_col_int(st, 4);
		ev->total = (int)db_col_int(st, 5);
		ev->bits = arena_strdup(a, db_col_text(st, 6));
		ev->revocation = (int)db_col_int(st, 7);
	}
	db_end_reads(db);
	return ERR_OK;
}

static bool
evsum_equal(const struct evsum *x, const struct evsum *y)
{
	if (x->present != y->present)
		return false;
	if (!x->present)
		return true;
	return x->version == y->version && x->met == y->met &&
	    x->failed == y->failed && x->unknown == y->unknown &&
	    x->total == y->total && x->revocation == y->revocation &&
	    strcmp(x->status, y->status) == 0 && strcmp(x->bits, y->bits) == 0;
}

static enum err
write_evaluation(struct db *db, const struct crit_set *s,
    const struct crit_unit *u, int year, const struct evsum *ev,
    struct errinfo *ei)
{
	struct db_stmt *st;
	char now[32];

	if (!ev->present) {
		st = db_stmt(db, STMT_CRIT_EVAL_DELETE);
		db_bind_text(st, 1, u->structure);
		db_bind_text(st, 2, u->code);
		db_bind_text(st, 3, s->id);
		db_bind_int(st, 4, year);
		return db_exec(st, ei);
	}
	stamp_now(now);
	st = db_stmt(db, STMT_CRIT_EVAL_UPSERT);
	db_bind_text(st, 1, u->structure);
	db_bind_text(st, 2, u->code);
	db_bind_text(st, 3, s->id);
	db_bind_int(st, 4, year);
	db_bind_int(st, 5, ev->version);
	db_bind_text(st, 6, ev->status);
	db_bind_int(st, 7, ev->met);
	db_bind_int(st, 8, ev->failed);
	db_bind_int(st, 9, ev->unknown);
	db_bind_int(st, 10, ev->total);
	db_bind_text(st, 11, ev->bits);
	db_bind_int(st, 12, ev->revocation);
	db_bind_text(st, 13, now);
	return db_exec(st, ei);
}

static enum err
adjust_rollups(struct db *db, struct arena *a, const char *set_id, int year,
    const struct scope *sc, size_t nsc, const struct evsum *old,
    const struct evsum *new, struct crit_batch *batch, struct errinfo *ei)
{
	size_t ncrit = 0;
	enum err e = ERR_OK;

	if (old->present)
		ncrit = strlen(old->bits);
	if (new->present && strlen(new->bits) > ncrit)
		ncrit = strlen(new->bits);
	for (size_t i = 0; i < nsc && e == ERR_OK; i++) {
		struct crit_rollup_row tmp, *r = &tmp;

		if (batch != NULL)
			r = batch_row(batch, sc[i].structure, sc[i].code, set_id,
			    year);
		else if ((e = crit_rollup_read(db, sc[i].structure, sc[i].code,
		    set_id, year, r, ei)) != ERR_OK)
			break;
		rollup_row_size(r, ncrit);
		rollup_row_apply(r, old, -1);
		rollup_row_apply(r, new, +1);
		if (batch == NULL) {
			e = rollup_row_write(db, a, sc[i].structure, sc[i].code,
			    set_id, year, r, ei);
			crit_rollup_free(r);
		}
	}
	return e;
}

bool
crit_set_counts(const struct crit_set *t, const char *set_id)
{
	for (size_t i = 0; i < t->n_indicators; i++)
		if (t->indicators[i].type == CRIT_CHILDREN_SHARE &&
		    strcmp(t->indicators[i].of_set, set_id) == 0)
			return true;
	return false;
}

/* Re-evaluate the sets that count s's results, in the scopes of u. */
static enum err
cascade_up(struct db *db, struct arena *a, const struct crit_set *s, int year,
    const struct scope *sc, size_t nsc, struct errinfo *ei)
{
	const struct crit_set **sets;
	size_t n;
	enum err e;

	if ((e = crit_sets_newest(db, a, &sets, &n, ei)) != ERR_OK)
		return e;
	for (size_t i = 0; i < n && e == ERR_OK; i++) {
		const struct crit_set *t = sets[i];

		if (!crit_set_counts(t, s->id) || year < t->year_from ||
		    year > t->year_to)
			continue;
		for (size_t k = 0; k < nsc && e == ERR_OK; k++) {
			struct crit_unit x;

			if (strcmp(sc[k].structure, t->structure) != 0 ||
			    strcmp(sc[k].level, t->level) != 0)
				continue;
			if ((e = crit_unit_get(db, a, sc[k].structure,
			    sc[k].code, &x, ei)) == ERR_OK)
				e = crit_reevaluate(db, t, &x, year, NULL, true,
				    NULL, ei);
		}
	}
	return e;
}

enum err
crit_reevaluate(struct db *db, const struct crit_set *s,
    const struct crit_unit *u, int year, struct crit_batch *batch,
    bool cascade, bool *changed, struct errinfo *ei)
{
	struct arena *a = arena_new(32 * 1024);
	struct crit_eval_input in;
	struct crit_result res;
	struct evsum old, new = { 0 };
	struct scope *sc = NULL;
	size_t nsc = 0;
	bool has_data;
	enum err e;

	if (changed != NULL)
		*changed = false;
	if ((e = crit_input_load(db, a, s, u, year, &in, &has_data, ei)) !=
	    ERR_OK || (e = old_evaluation(db, a, s->id, u, year, &old, ei)) !=
	    ERR_OK)
		goto out;
	if (has_data) {
		char *bits = arena_alloc(a, s->n_criteria + 1);

		if ((e = crit_evaluate(s, &in, a, &res, ei)) != ERR_OK)
			goto out;
		for (size_t i = 0; i < s->n_criteria; i++)
			bits[i] = res.criteria[i].met == 1 ? '1' :
			    res.criteria[i].met == 0 ? '0' : '?';
		new.present = true;
		new.version = s->version;
		new.status = crit_status_names[res.status];
		new.met = res.criteria_met;
		new.failed = res.criteria_failed;
		new.unknown = res.criteria_unknown;
		new.total = res.criteria_total;
		new.bits = bits;
		new.revocation = res.revocation_flag;
	}
	if (evsum_equal(&old, &new))
		goto out;
	if (changed != NULL)
		*changed = true;
	if ((e = write_evaluation(db, s, u, year, &new, ei)) != ERR_OK ||
	    (e = scopes_of(db, a, u, &sc, &nsc, ei)) != ERR_OK ||
	    (e = adjust_rollups(db, a, s->id, year, sc, nsc, &old, &new, batch,
	    ei)) != ERR_OK)
		goto out;
	if (cascade)
		e = cascade_up(db, a, s, year, sc, nsc, ei);
out:
	arena_free(a);
	return e;
}

/* ---- full recompute ---- */

static bool
children_have_results(struct db *db, const struct crit_set *s, int year)
{
	bool any = false;

	for (size_t i = 0; i < s->n_indicators && !any; i++) {
		struct db_stmt *st;

		if (s->indicators[i].type != CRIT_CHILDREN_SHARE)
			continue;
		st = db_stmt(db, STMT_CRIT_ROLLUP_ANY);
		db_bind_text(st, 1, s->indicators[i].of_set);
		db_bind_int(st, 2, year);
		any = db_step(st, NULL) == 1;
		db_end_reads(db);
	}
	return any;
}

static enum err
recompute_year(struct db *db, const struct crit_set *s, int year, long *units,
    struct errinfo *ei)
{
	struct arena *a = arena_new(256 * 1024);
	struct crit_batch *b = crit_batch_new();
	struct db_stmt *st;
	struct { const char *structure, *code; } *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;
	enum err e = ERR_OK;
	bool by_children = false;

	for (size_t i = 0; i < s->n_indicators; i++)
		by_children |= s->indicators[i].type == CRIT_CHILDREN_SHARE;
	st = db_stmt(db, STMT_CRIT_ROLLUP_CLEAR);
	db_bind_text(st, 1, s->id);
	db_bind_int(st, 2, year);
	if ((e = db_exec(st, ei)) != ERR_OK)
		goto out;
	st = db_stmt(db, STMT_CRIT_EVAL_CLEAR);
	db_bind_text(st, 1, s->id);
	db_bind_int(st, 2, year);
	if ((e = db_exec(st, ei)) != ERR_OK)
		goto out;
	/* Units with values; for a set counting child results, every unit of
	 * its level (its roll-up inputs are counts, not entered values) -
	 * unless no child set has results that year. */
	if (by_children && !children_have_results(db, s, year)) {
		st = db_stmt(db, STMT_CRIT_VALUES_UNITS_YEAR);
		db_bind_text(st, 1, s->id);
		db_bind_int(st, 2, year);
		by_children = false;
	} else if (by_children) {
		const char *cls = s->n_unit_classes == 1 ? s->unit_classes[0] :
		    NULL;

		st = db_stmt(db, STMT_CRIT_UNITS_OF_SET);
		db_bind_text(st, 1, s->structure);
		db_bind_text(st, 2, s->level);
		db_bind_text(st, 3, cls);
		db_bind_text(st, 4, cls);
	} else {
		st = db_stmt(db, STMT_CRIT_VALUES_UNITS_YEAR);
		db_bind_text(st, 1, s->id);
		db_bind_int(st, 2, year);
	}
	while ((rc = db_step(st, ei)) == 1) {
		rows = crit_grow(a, rows, n, &cap, sizeof(*rows), 1024);
		rows[n].structure = by_children ? s->structure :
		    arena_strdup(a, db_col_text(st, 0));
		rows[n++].code = arena_strdup(a, db_col_text(st, by_children ?
		    0 : 1));
	}
	if (rc < 0) {
		e = ei->err;
		goto out;
	}
	for (size_t i = 0; i < n && e == ERR_OK; i++) {
		struct arena *ua = arena_new(8 * 1024);
		struct crit_unit u;
		bool changed = false;

		if ((e = crit_unit_get(db, ua, rows[i].structure, rows[i].code,
		    &u, ei)) == ERR_OK)
			e = crit_reevaluate(db, s, &u, year, b, false, &changed,
			    ei);
		*units += changed;
		arena_free(ua);
	}
	if (e == ERR_OK)
		e = crit_batch_flush(db, b, ei);
out:
	crit_batch_free(b);
	arena_free(a);
	return e;
}

enum err
crit_recompute_tx(struct db *db, const char *set_id, int year, long *units,
    struct errinfo *ei)
{
	struct arena *a = arena_new(16 * 1024);
	const struct crit_set *s, **sets;
	int years[64];
	size_t ny = 0, nsets = 0;
	enum err e;

	*units = 0;
	if ((e = crit_store_load(db, set_id, 0, &s, ei)) != ERR_OK)
		goto out;
	if (year != 0)
		years[ny++] = year;
	else
		for (int y = s->year_from; y <= s->year_to && ny < 64; y++)
			years[ny++] = y;
	for (size_t i = 0; i < ny && e == ERR_OK; i++)
		e = recompute_year(db, s, years[i], units, ei);
	/* Then the sets counting this one's results. */
	if (e == ERR_OK)
		e = crit_sets_newest(db, a, &sets, &nsets, ei);
	for (size_t i = 0; i < nsets && e == ERR_OK; i++) {
		long more = 0;

		if (sets[i] != s && crit_set_counts(sets[i], s->id))
			e = crit_recompute_tx(db, sets[i]->id, year, &more, ei);
	}
out:
	arena_free(a);
	return e;
}

enum err
crit_store_recompute(struct db *db, const char *set_id, int year, long *units,
    struct errinfo *ei)
{
	enum err e;

	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	e = crit_recompute_tx(db, set_id, year, units, ei);
	e = crit_write_end(db, e, ei);
	return e;
}

enum err
crit_store_build_scopes(struct db *db, struct errinfo *ei)
{
	static const enum stmt_id steps[] = {
		STMT_CRIT_SCOPE_CLEAR, STMT_CRIT_SCOPE_PARENTS,
		STMT_CRIT_SCOPE_UP, STMT_CRIT_SCOPE_UP, STMT_CRIT_SCOPE_UP,
		STMT_CRIT_SCOPE_LINEAGE, STMT_CRIT_SCOPE_LINEAGE_COUNTRY,
	};
	enum err e = ERR_OK;

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]) && e == ERR_OK;
	    i++)
		e = db_exec(db_stmt(db, steps[i]), ei);
	return e;
}

enum err
crit_store_units_of_set(struct db *db, struct arena *a,
    const struct crit_set *s, struct crit_unit_row **out, size_t *n,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_UNITS_OF_SET_FULL);
	const char *cls = s->n_unit_classes == 1 ? s->unit_classes[0] : NULL;
	struct crit_unit_row *rows = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	if (s->is_template) {	/* never evaluated: no unit uses it */
		*out = NULL;
		return ERR_OK;
	}
	db_bind_text(st, 1, s->structure);
	db_bind_text(st, 2, s->level);
	db_bind_text(st, 3, cls);
	db_bind_text(st, 4, cls);
	while ((rc = db_step(st, ei)) == 1) {
		/* a province's own set: only that province's units */
		if (s->province != NULL && (db_col_null(st, 3) ||
		    strcmp(db_col_text(st, 3), s->province) != 0))
			continue;
		rows = crit_grow(a, rows, *n, &cap, sizeof(*rows), 1024);
		rows[*n].code = arena_strdup(a, db_col_text(st, 0));
		rows[*n].region7 = db_col_null(st, 1) ? NULL :
		    arena_strdup(a, db_col_text(st, 1));
		rows[*n].parent = db_col_null(st, 2) ? NULL :
		    arena_strdup(a, db_col_text(st, 2));
		rows[(*n)++].province = db_col_null(st, 3) ? NULL :
		    arena_strdup(a, db_col_text(st, 3));
	}
	db_end_reads(db);
	*out = rows;
	return rc < 0 ? ei->err : ERR_OK;
}
