/*
 * dx_picture.c - the national picture of a dx_readiness set in a year:
 * every commune's score, level and ranks, every province's and the
 * nation's counts (dx.h).
 *
 * One read of the typed values, one grouped query per observed source,
 * then every commune is evaluated and scored in memory.  Pictures are
 * shared: kept per (set, version, year) with the DX_META_VERSION token
 * they were built at, reference counted so a rebuild never frees one a
 * request still reads.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "domain/criteria/criteria_store.h"
#include "domain/criteria/criteria_store_internal.h"
#include "domain/dx/dx_internal.h"

#define DX_TOKEN_MAX	128
#define DX_CACHE_MAX	16	/* pictures kept (sets x years) */
#define DX_TOL		1e-9	/* scores closer than this tie */

struct pic {
	struct dx_picture pub;	/* first: a dx_picture * is a pic * */
	struct arena *a;
	int refs;		/* the cache's own counts as one */
	char set_id[CRIT_ID_MAX + 1];
	int version, year;
	char token[DX_TOKEN_MAX];
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pic *cache[DX_CACHE_MAX];

enum err
dx_current_set(struct db *db, int year, char *id, size_t size,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_DX_CURRENT_SET);
	int rc;

	db_bind_int(st, 1, year);
	db_bind_int(st, 2, year);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1)
		snprintf(id, size, "%s", db_col_text(st, 0));
	db_end_reads(db);
	if (rc == 0)
		return err_set(ei, ERR_NOTFOUND, "dx.no_set", "set",
		    "Chưa có bộ chỉ số chuyển đổi số cấp xã cho năm %d",
		    "No commune digital-readiness set covers %d", year);
	return ERR_OK;
}

double
dx_round1(double x)
{
	return round(x * 10.0) / 10.0;
}

/* ---- building ---- */

struct build {
	const struct crit_set *s;
	struct arena *a;
	struct dx_commune *c;
	size_t n;
	struct crit_value *vals;	/* n * slots */
	bool *assessed;
	size_t slot;		/* the observed indicator being filled */
};

static int
code_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct dx_commune *)elem)->code);
}

/* The index of a commune by code (the communes are in code order). */
static long
commune_index(const struct build *b, const char *code)
{
	const struct dx_commune *c = b->n == 0 ? NULL :
	    bsearch(code, b->c, b->n, sizeof(*b->c), code_cmp);

	return c == NULL ? -1 : (long)(c - b->c);
}

static enum err
read_communes(struct db *db, struct build *b, struct errinfo *ei)
{
	const struct crit_set *s = b->s;
	const char *cls = s->n_unit_classes == 1 ? s->unit_classes[0] : NULL;
	struct db_stmt *st = db_stmt(db, STMT_DX_COMMUNES);
	size_t cap = 0;
	int rc;

	db_bind_text(st, 1, s->structure);
	db_bind_text(st, 2, s->level);
	db_bind_text(st, 3, cls);
	db_bind_text(st, 4, cls);
	while ((rc = db_step(st, ei)) == 1) {
		struct dx_commune *c;

		b->c = crit_grow(b->a, b->c, b->n, &cap, sizeof(*b->c), 1024);
		c = &b->c[b->n++];
		c->code = arena_strdup(b->a, db_col_text(st, 0));
		c->name = arena_strdup(b->a, db_col_text(st, 1));
		c->province = arena_strdup(b->a, db_col_text(st, 2));
		c->level = -1;
		c->score = NAN;
	}
	return rc < 0 ? ei->err : ERR_OK;
}

static enum err
read_typed(struct db *db, struct build *b, int year, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_DX_VALUES_ALL);
	size_t slots = crit_slots(b->s);
	long i = -1;
	const char *last = NULL;
	int rc;

	db_bind_text(st, 1, b->s->id);
	db_bind_int(st, 2, year);
	db_bind_text(st, 3, b->s->structure);
	while ((rc = db_step(st, ei)) == 1) {
		const char *code = db_col_text(st, 0);
		long slot = crit_slot(b->s, db_col_text(st, 1));

		if (last == NULL || strcmp(last, code) != 0) {
			i = commune_index(b, code);
			last = i >= 0 ? b->c[i].code : NULL;
		}
		if (i < 0 || slot < 0 || ((size_t)slot < b->s->n_indicators &&
		    (b->s->indicators[slot].formula != NULL ||
		    b->s->indicators[slot].observed != NULL)))
			continue;	/* derived or observed: never read back */
		if (crit_value_from_stored(b->s, (size_t)slot,
		    db_col_text(st, 2), b->a, &b->vals[(size_t)i * slots +
		    (size_t)slot], ei) != ERR_OK) {
			err_clear(ei);	/* a value the set no longer takes */
			continue;
		}
		b->assessed[i] = true;
	}
	return rc < 0 ? ei->err : ERR_OK;
}

static void
fill_observed(void *ctx, const char *code, const struct dx_observation *o)
{
	struct build *b = ctx;
	long i = commune_index(b, code);
	struct crit_value *v;

	if (i < 0 || !o->present)
		return;
	v = &b->vals[(size_t)i * crit_slots(b->s) + b->slot];
	memset(v, 0, sizeof(*v));
	v->present = true;
	if (b->s->indicators[b->slot].type == CRIT_BOOLEAN)
		v->boolean = o->value > 0;
	else
		v->num = o->value;
	b->assessed[i] = true;
}

static enum err
read_observed(struct db *db, struct build *b, int year, struct errinfo *ei)
{
	enum err e = ERR_OK;

	for (size_t k = 0; k < b->s->n_indicators && e == ERR_OK; k++) {
		if (b->s->indicators[k].observed == NULL)
			continue;
		b->slot = k;
		e = dx_observe_all(db, b->s->indicators[k].observed,
		    b->s->structure, year, fill_observed, b, ei);
	}
	return e;
}

/* Score every assessed commune in memory. */
static enum err
score_all(struct build *b, int year, struct errinfo *ei)
{
	struct arena *scratch = NULL;
	size_t slots = crit_slots(b->s);
	enum err e = ERR_OK;

	for (size_t i = 0; i < b->n && e == ERR_OK; i++) {
		struct crit_eval_input in;
		struct crit_result res;
		struct crit_score sc;

		if (!b->assessed[i])
			continue;
		if (scratch == NULL || arena_used(scratch) > (1u << 20)) {
			arena_free(scratch);
			scratch = arena_new(64 * 1024);
		}
		memset(&in, 0, sizeof(in));
		in.year = year;
		in.values = &b->vals[i * slots];
		if ((e = crit_evaluate(b->s, &in, scratch, &res, ei)) != ERR_OK ||
		    (e = crit_score(b->s, &res, scratch, &sc, ei)) != ERR_OK)
			break;
		/* as shown (0.1): what ranks and averages read, so communes
		 * shown with the same score share a rank */
		b->c[i].score = dx_round1(sc.score);
		b->c[i].complete = sc.complete;
		b->c[i].level = sc.level;
	}
	arena_free(scratch);
	return e;
}

/* Best first: score descending, then code. */
static int
by_score(const void *x, const void *y)
{
	const struct dx_commune *a = *(struct dx_commune *const *)x;
	const struct dx_commune *b = *(struct dx_commune *const *)y;

	if (a->score > b->score + DX_TOL)
		return -1;
	if (b->score > a->score + DX_TOL)
		return 1;
	return strcmp(a->code, b->code);
}

/* Ranks in the nation and in each province; ties share a rank. */
static void
rank_all(struct build *b)
{
	struct dx_commune **o = xmalloc((b->n + 1) * sizeof(*o));
	size_t m = 0;

	for (size_t i = 0; i < b->n; i++)
		if (!isnan(b->c[i].score))
			o[m++] = &b->c[i];
	qsort(o, m, sizeof(*o), by_score);
	for (size_t k = 0; k < m; k++)
		o[k]->rank = k > 0 && fabs(o[k - 1]->score - o[k]->score) <=
		    DX_TOL ? o[k - 1]->rank : (int)k + 1;
	/* Province ranks: from each province's best commune, walk the
	 * national order through the province's others (34 walks). */
	for (size_t k = 0; k < m; k++) {
		int seen = 0, prev_rank = 0;
		double prev = NAN;

		if (o[k]->province_rank != 0)
			continue;
		for (size_t j = k; j < m; j++) {
			struct dx_commune *d = o[j];

			if (strcmp(d->province, o[k]->province) != 0)
				continue;
			seen++;
			d->province_rank = seen > 1 && fabs(prev - d->score) <=
			    DX_TOL ? prev_rank : seen;
			prev = d->score;
			prev_rank = d->province_rank;
		}
	}
	free(o);
}

static void
scope_add(struct dx_scope *sc, const struct dx_commune *c)
{
	sc->communes++;
	if (isnan(c->score))
		return;
	sc->assessed++;
	sc->score_avg = sc->assessed == 1 ? c->score : sc->score_avg +
	    (c->score - sc->score_avg) / (double)sc->assessed;
	if (c->level >= 0)
		sc->by_level[c->level]++;
}

static enum err
summarise(struct db *db, struct build *b, struct dx_picture *p,
    struct errinfo *ei)
{
	struct db_stmt *st;
	size_t cap = 0, nl = b->s->n_levels;
	int rc;

	p->nation.code = "VN";
	p->nation.name = "Việt Nam";
	p->nation.score_avg = NAN;
	p->nation.by_level = arena_alloc(b->a, (nl + 1) * sizeof(long));
	st = db_stmt(db, STMT_DX_COUNTRY);
	db_bind_text(st, 1, b->s->structure);
	if ((rc = db_step(st, ei)) == 1) {
		p->nation.code = arena_strdup(b->a, db_col_text(st, 0));
		p->nation.name = arena_strdup(b->a, db_col_text(st, 1));
		while ((rc = db_step(st, ei)) == 1)
			;
	}
	if (rc < 0)
		return ei->err;
	st = db_stmt(db, STMT_DX_PROVINCES);
	db_bind_text(st, 1, b->s->structure);
	while ((rc = db_step(st, ei)) == 1) {
		struct dx_scope *sc;

		p->provinces = crit_grow(b->a, p->provinces, p->n_provinces,
		    &cap, sizeof(*p->provinces), 64);
		sc = &p->provinces[p->n_provinces++];
		memset(sc, 0, sizeof(*sc));
		sc->code = arena_strdup(b->a, db_col_text(st, 0));
		sc->name = arena_strdup(b->a, db_col_text(st, 1));
		sc->score_avg = NAN;
		sc->by_level = arena_alloc(b->a, (nl + 1) * sizeof(long));
	}
	if (rc < 0)
		return ei->err;
	for (size_t i = 0; i < b->n; i++) {
		size_t lo = 0, hi = p->n_provinces;

		scope_add(&p->nation, &b->c[i]);
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			int c = strcmp(p->provinces[mid].code, b->c[i].province);

			if (c == 0) {
				scope_add(&p->provinces[mid], &b->c[i]);
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return ERR_OK;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static enum err
build(struct db *db, const struct crit_set *s, int year, struct pic *p,
    struct errinfo *ei)
{
	struct build b = { .s = s, .a = p->a };
	double t0 = now_ms();
	enum err e;

	if ((e = read_communes(db, &b, ei)) != ERR_OK)
		goto out;
	b.vals = arena_alloc(b.a, (b.n * crit_slots(s) + 1) * sizeof(*b.vals));
	b.assessed = arena_alloc(b.a, b.n + 1);
	if ((e = read_typed(db, &b, year, ei)) != ERR_OK ||
	    (e = read_observed(db, &b, year, ei)) != ERR_OK)
		goto out;
	p->pub.eval_ms = now_ms();
	if ((e = score_all(&b, year, ei)) != ERR_OK)
		goto out;
	rank_all(&b);
	p->pub.eval_ms = now_ms() - p->pub.eval_ms;
	rank_all(&b);
	p->pub.set = s;
	p->pub.year = year;
	p->pub.communes = b.c;
	p->pub.n_communes = b.n;
	e = summarise(db, &b, &p->pub, ei);
out:
	db_end_reads(db);
	p->pub.build_ms = now_ms() - t0;
	return e;
}

/* ---- the cache ---- */

static void
pic_unref_locked(struct pic *p)
{
	if (p != NULL && --p->refs == 0) {
		arena_free(p->a);
		free(p);
	}
}

void
dx_picture_release(const struct dx_picture *pub)
{
	if (pub == NULL)
		return;
	pthread_mutex_lock(&cache_lock);
	pic_unref_locked((struct pic *)(uintptr_t)pub);
	pthread_mutex_unlock(&cache_lock);
}

void
dx_cache_free(void)
{
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < DX_CACHE_MAX; i++) {
		pic_unref_locked(cache[i]);
		cache[i] = NULL;
	}
	pthread_mutex_unlock(&cache_lock);
}

/* The cached picture of the key at token, with a reference; NULL. */
static struct pic *
cache_find(const char *set_id, int version, int year, const char *token)
{
	struct pic *hit = NULL;

	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < DX_CACHE_MAX && hit == NULL; i++)
		if (cache[i] != NULL && cache[i]->version == version &&
		    cache[i]->year == year &&
		    strcmp(cache[i]->set_id, set_id) == 0 &&
		    strcmp(cache[i]->token, token) == 0) {
			hit = cache[i];
			hit->refs++;
		}
	pthread_mutex_unlock(&cache_lock);
	return hit;
}

/* Keep p in the cache in place of the key's older picture (or the
 * least useful slot). */
static void
cache_put(struct pic *p)
{
	size_t slot = DX_CACHE_MAX;

	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < DX_CACHE_MAX && slot == DX_CACHE_MAX; i++)
		if (cache[i] == NULL || (cache[i]->version == p->version &&
		    cache[i]->year == p->year &&
		    strcmp(cache[i]->set_id, p->set_id) == 0))
			slot = i;
	if (slot == DX_CACHE_MAX)
		slot = (size_t)p->year % DX_CACHE_MAX;
	pic_unref_locked(cache[slot]);
	cache[slot] = p;
	p->refs++;
	pthread_mutex_unlock(&cache_lock);
}

enum err
dx_picture_get(struct db *db, const char *set_id, int version, int year,
    const struct dx_picture **out, struct errinfo *ei)
{
	const struct crit_set *s;
	char token[DX_TOKEN_MAX];
	struct pic *p;
	enum err e;

	*out = NULL;
	if ((e = crit_store_load(db, set_id, version, &s, ei)) != ERR_OK)
		return e;
	if (!s->scored || s->is_template)
		return err_set(ei, ERR_INVALID, "dx.not_scored", "set",
		    "Bộ tiêu chí %s không có cách tính điểm",
		    "The criteria set %s is not scored", s->name);
	if (year < s->year_from || year > s->year_to)
		return err_set(ei, ERR_INVALID, "criteria.bad_year", "year",
		    "Năm %d nằm ngoài giai đoạn %d–%d của bộ tiêu chí",
		    "The year %d is outside the set's years %d–%d", year,
		    s->year_from, s->year_to);
	if (db_meta_get(db, DX_META_VERSION, token, sizeof(token) - DATE_LEN,
	    ei) < 0)
		return ei->err;
	/* Kept per day too: a report or a dossier's step falls due at
	 * midnight. */
	date_today(token + strlen(token));
	if ((p = cache_find(s->id, s->version, year, token)) != NULL) {
		*out = &p->pub;
		return ERR_OK;
	}
	p = xcalloc(1, sizeof(*p));
	p->a = arena_new(256 * 1024);
	p->refs = 1;
	snprintf(p->set_id, sizeof(p->set_id), "%s", s->id);
	p->version = s->version;
	p->year = year;
	snprintf(p->token, sizeof(p->token), "%s", token);
	if ((e = build(db, s, year, p, ei)) != ERR_OK) {
		arena_free(p->a);
		free(p);
		return e;
	}
	cache_put(p);
	*out = &p->pub;
	return ERR_OK;
}
