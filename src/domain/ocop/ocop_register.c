/*
 * ocop_register.c - the public OCOP register from a copy in memory
 * (ocop_register.h): the list with its filters and ranked search, one
 * product's public view, and the statistics.
 *
 * The copy holds one entry per product whose newest certificate is not
 * revoked (ocop_register_index), sorted once by stars (most first), folded
 * name and id, and the 2025 provinces.  It is a cache, not state: every
 * request reads the OCOP and units version tokens (db_meta_get, cheap on
 * both backends) and rebuilds the copy when either changed, so several
 * server processes on one database stay correct; requests hold a
 * reference while they read, the last holder frees a replaced copy
 * (core/vcopy.h, shared with the unit search and the market's
 * catalog).  Whether a certificate is valid depends on the day, so it is
 * checked at each request, never stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/msg.h"
#include "core/vcopy.h"
#include "core/wordsearch.h"
#include "core/xalloc.h"
#include "domain/ocop/ocop_certificates.h"
#include "domain/ocop/ocop_internal.h"
#include "domain/ocop/ocop_register.h"

#define NRANKS		5
#define NOT_MATCHED	0xff

struct reg_entry {
	int64_t id;
	const char *name, *fname, *producer, *fproducer, *commune, *fplace;
	const char *unit;		/* "STRUCTURE:CODE" of its commune */
	const char *province_code, *province_name;
	const char *code, *number, *level, *issued_on, *expires_on;
	long expires_day;		/* date_parse of expires_on */
	uint64_t m[WS_MASKS];		/* word_masks of the folded keys */
	int group, stars, province;	/* province: slot, -1 none */
};

struct reg_province {
	const char *code, *name;
};

struct reg_index {
	struct vcopy_ref *ref;		/* what holds it (core/vcopy.h) */
	struct arena *mem;
	struct reg_entry *e;
	size_t n;
	struct reg_province *prov;
	size_t nprov;
};

static void
index_free(void *p)
{
	struct reg_index *ix = p;

	arena_free(ix->mem);
	free(ix);
}

static struct vcopy copy = VCOPY_INIT(index_free);

static const char *
dup_col(struct arena *a, struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);

	return arena_strdup(a, s != NULL ? s : "");
}

static const char *
fold_a(struct arena *a, const char *s)
{
	char *f = ocop_fold(s);
	const char *out = arena_strdup(a, f);

	free(f);
	return out;
}

static int
entry_cmp(const void *pa, const void *pb)
{
	const struct reg_entry *a = pa, *b = pb;
	int c;

	if (a->stars != b->stars)
		return b->stars - a->stars;
	if ((c = strcmp(a->fname, b->fname)) != 0)
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

static int
province_slot(const struct reg_index *ix, const char *code)
{
	for (size_t i = 0; code != NULL && code[0] != '\0' && i < ix->nprov;
	    i++)
		if (strcmp(ix->prov[i].code, code) == 0)
			return (int)i;
	return -1;
}

/* The folded keys every search scans, copied one entry after the other in
 * the entries' order: a search then reads memory in sequence instead of
 * jumping to strings scattered by the sort (with the word masks below,
 * a query over 20,000 products went from ~30 ms to ~0.3 ms,
 * bench/ocop_register.sh). */
static void
pack_keys(struct reg_index *ix)
{
	size_t total = 1, off = 0;
	char *blob;

	for (size_t i = 0; i < ix->n; i++)
		total += strlen(ix->e[i].fname) + strlen(ix->e[i].fproducer) +
		    strlen(ix->e[i].fplace) + 3;
	blob = arena_alloc(ix->mem, total);
	for (size_t i = 0; i < ix->n; i++) {
		const char **keys[] = { &ix->e[i].fname, &ix->e[i].fproducer,
			&ix->e[i].fplace };

		memset(ix->e[i].m, 0, sizeof(ix->e[i].m));
		for (size_t k = 0; k < 3; k++) {
			size_t len = strlen(*keys[k]) + 1;

			memcpy(blob + off, *keys[k], len);
			*keys[k] = blob + off;
			off += len;
			ws_masks(*keys[k], ix->e[i].m);
		}
	}
}

/* Rows are counted growing the arrays: the copy is rebuilt rarely. */
static enum err
index_build(void *vdb, struct vcopy_ref *ref, struct errinfo *ei)
{
	struct db *db = vdb;
	struct reg_index *ix = xcalloc(1, sizeof(*ix));
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	ix->ref = ref;
	ix->mem = arena_new(256 * 1024);
	st = db_stmt(db, STMT_OCOP_REGISTER_PROVINCES);
	while ((rc = db_step(st, ei)) == 1) {
		if (ix->nprov == cap) {
			struct reg_province *np;

			cap = cap ? cap * 2 : 64;
			np = arena_alloc(ix->mem, cap * sizeof(*np));
			if (ix->nprov > 0)
				memcpy(np, ix->prov, ix->nprov * sizeof(*np));
			ix->prov = np;
		}
		ix->prov[ix->nprov].code = dup_col(ix->mem, st, 0);
		ix->prov[ix->nprov++].name = dup_col(ix->mem, st, 1);
	}
	if (rc < 0)
		goto fail;
	cap = 0;
	st = db_stmt(db, STMT_OCOP_REGISTER_INDEX);
	while ((rc = db_step(st, ei)) == 1) {
		struct reg_entry *e;

		if (ix->n == cap) {	/* the old array stays in the arena */
			struct reg_entry *ne;

			cap = cap ? cap * 2 : 1024;
			ne = arena_alloc(ix->mem, cap * sizeof(*ne));
			if (ix->n > 0)
				memcpy(ne, ix->e, ix->n * sizeof(*ne));
			ix->e = ne;
		}
		e = &ix->e[ix->n++];
		e->id = db_col_int(st, 0);
		e->name = dup_col(ix->mem, st, 1);
		e->fname = dup_col(ix->mem, st, 2);
		e->group = (int)db_col_int(st, 3);
		e->producer = dup_col(ix->mem, st, 4);
		e->fproducer = dup_col(ix->mem, st, 5);
		e->commune = dup_col(ix->mem, st, 6);
		e->province_code = db_col_null(st, 7) ? NULL :
		    dup_col(ix->mem, st, 7);
		e->province_name = db_col_null(st, 8) ? NULL :
		    dup_col(ix->mem, st, 8);
		e->fplace = fold_a(ix->mem, arena_printf(ix->mem, "%s %s",
		    e->commune, e->province_name ? e->province_name : ""));
		e->code = dup_col(ix->mem, st, 9);
		e->number = dup_col(ix->mem, st, 10);
		e->level = dup_col(ix->mem, st, 11);
		e->stars = (int)db_col_int(st, 12);
		e->issued_on = dup_col(ix->mem, st, 13);
		e->expires_on = dup_col(ix->mem, st, 14);
		e->unit = dup_col(ix->mem, st, 15);
		if (!date_parse(e->expires_on, &e->expires_day))
			e->expires_day = -1;	/* never valid */
		e->province = province_slot(ix, e->province_code);
	}
	if (rc < 0)
		goto fail;
	db_end_reads(db);
	if (ix->n > 0)
		qsort(ix->e, ix->n, sizeof(*ix->e), entry_cmp);
	pack_keys(ix);
	ref->data = ix;
	return ERR_OK;
fail:
	db_end_reads(db);
	index_free(ix);
	return ei->err;
}

static void
index_release(struct reg_index *ix)
{
	vcopy_release(&copy, ix->ref);
}

/* The current copy, rebuilt first if the records changed; the caller
 * releases it. */
static enum err
index_acquire(struct db *db, struct reg_index **out, struct errinfo *ei)
{
	char ocop[64] = "", units[64] = "", version[VCOPY_VERSION_MAX];
	struct vcopy_ref *ref;
	enum err e;

	if (db_meta_get(db, OCOP_META_VERSION, ocop, sizeof(ocop), ei) < 0 ||
	    db_meta_get(db, "units_version", units, sizeof(units), ei) < 0)
		return ei->err;
	snprintf(version, sizeof(version), "%s/%s", ocop, units);
	if ((e = vcopy_acquire(&copy, version, index_build, db, &ref, ei)) !=
	    ERR_OK)
		return e;
	*out = ref->data;
	return ERR_OK;
}

/* ---- search ----------------------------------------------------------------- */

/* The entry's rank for the folded query q (ocop_register.h), or
 * NOT_MATCHED. */
static unsigned char
rank_of(const struct reg_entry *e, const char *q, size_t qlen,
    const struct ws_query *qw)
{
	if (strncmp(e->fname, q, qlen) == 0)
		return e->fname[qlen] == '\0' ? 0 : 1;
	if (ws_word_prefix(e->fname, q, qlen, true))
		return 2;
	if (ws_word_prefix(e->fproducer, q, qlen, false))
		return 3;
	if (qw->n == 0)
		return NOT_MATCHED;
	for (size_t i = 0; i < qw->n; i++)
		if (!ws_word_prefix(e->fname, qw->w[i], qw->len[i], false) &&
		    !ws_word_prefix(e->fproducer, qw->w[i], qw->len[i], false) &&
		    !ws_word_prefix(e->fplace, qw->w[i], qw->len[i], false))
			return NOT_MATCHED;
	return 4;
}

/* Valid or expiring on today: not past its last valid day (revoked ones
 * are not in the copy). */
static bool
valid_on(const struct reg_entry *e, long today)
{
	return e->expires_day >= today;
}

static long
today_day(const char *today)
{
	long t = 0;

	date_parse(today, &t);
	return t;
}

static const char *
group_name(int code, const char *lang)
{
	const struct ocop_group *g = ocop_group_find(code);

	return g == NULL ? "" : msg_pick(lang, g->vi, g->en);
}

static json_t *
entry_json(const struct reg_entry *e, const char *today, const char *lang)
{
	enum ocop_cert_status s = ocop_cert_status_on(e->expires_on, NULL,
	    today);
	char key[32], href[48], verify[OCOP_CERT_CODE_MAX + 16];

	snprintf(key, sizeof(key), "ocreg_level_%s", e->level);
	snprintf(href, sizeof(href), "/ocop/register/%lld", (long long)e->id);
	snprintf(verify, sizeof(verify), "/ocop/verify/%s", e->code);
	return json_pack("{s:I, s:s, s:i, s:s, s:i, s:s, s:s, s:s?, s:s?, s:s,"
	    " s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}}",
	    "id", (json_int_t)e->id, "name", e->name, "group", e->group,
	    "group_name", group_name(e->group, lang), "stars", e->stars,
	    "producer", e->producer, "commune", e->commune,
	    "province", e->province_name, "province_code", e->province_code,
	    "href", href,
	    "certificate", "code", e->code, "number", e->number,
	    "level", e->level, "level_name", msg_get(lang, key),
	    "issued_on", e->issued_on, "expires_on", e->expires_on,
	    "status", ocop_cert_status_key(s),
	    "status_name", ocop_cert_status_name(s, lang),
	    "verify_href", verify);
}

enum err
ocop_register_list(struct db *db, const struct ocop_reg_filter *f,
    const char *lang, json_t **out, struct errinfo *ei)
{
	struct reg_index *ix;
	struct ws_query qw = { .n = 0 };
	char today[DATE_LEN], *q = NULL;
	unsigned char *rank;
	size_t qlen = 0, counts[NRANKS] = { 0 }, total = 0;
	int64_t skip = f->offset, need = f->limit > 0 ? f->limit : 20;
	int prov = -2;		/* -2: any province */
	long day;
	json_t *items = json_array();
	enum err e;

	if ((e = index_acquire(db, &ix, ei)) != ERR_OK) {
		json_decref(items);
		return e;
	}
	day = today_day(date_today(today));
	if (f->province != NULL && f->province[0] != '\0')
		prov = province_slot(ix, f->province);	/* -1: none such */
	if (f->q != NULL && f->q[0] != '\0') {
		q = ocop_fold(f->q);
		qlen = strlen(q);
		while (qlen > 0 && q[qlen - 1] == ' ')
			q[--qlen] = '\0';
		ws_query_split(q, &qw);
	}
	rank = xcalloc(ix->n + 1, 1);
	for (size_t i = 0; i < ix->n; i++) {
		const struct reg_entry *en = &ix->e[i];

		rank[i] = NOT_MATCHED;
		if (!valid_on(en, day) || (prov != -2 && en->province != prov) ||
		    (f->stars > 0 && en->stars != f->stars) ||
		    (f->group > 0 && en->group != f->group) ||
		    (f->unit != NULL && strcmp(en->unit, f->unit) != 0))
			continue;
		if (!ws_may_match(en->m, &qw))
			continue;
		rank[i] = qlen > 0 ? rank_of(en, q, qlen, &qw) : 0;
		if (rank[i] != NOT_MATCHED) {
			counts[rank[i]]++;
			total++;
		}
	}
	/* Ranks in order, the copy's order (stars, name) within each: only
	 * the ranks that cover the page are walked. */
	for (int r = 0; r < NRANKS && need > 0; r++) {
		if ((int64_t)counts[r] <= skip) {
			skip -= (int64_t)counts[r];
			continue;
		}
		for (size_t i = 0; i < ix->n && need > 0; i++) {
			if (rank[i] != r)
				continue;
			if (skip > 0) {
				skip--;
				continue;
			}
			json_array_append_new(items, entry_json(&ix->e[i], today,
			    lang));
			need--;
		}
	}
	free(rank);
	free(q);
	index_release(ix);
	*out = json_pack("{s:o, s:I, s:s}", "items", items, "total",
	    (json_int_t)total, "date", today);
	return ERR_OK;
}

/* The entry of product id valid today, or NULL; ix held by the caller. */
static const struct reg_entry *
find_entry(const struct reg_index *ix, int64_t id, const char *today)
{
	for (size_t i = 0; i < ix->n; i++)
		if (ix->e[i].id == id)
			return valid_on(&ix->e[i], today_day(today)) ?
			    &ix->e[i] : NULL;
	return NULL;
}

static enum err
not_in_register(struct errinfo *ei)
{
	return err_set(ei, ERR_NOTFOUND, "ocop.not_in_register", "id",
	    "Sản phẩm này không có trong danh sách sản phẩm OCOP đang còn "
	    "hiệu lực", "This product is not in the register of OCOP "
	    "products holding a valid certificate");
}

bool
ocop_register_holds(struct db *db, int64_t id, struct errinfo *ei)
{
	struct reg_index *ix;
	char today[DATE_LEN];
	bool held;

	if (index_acquire(db, &ix, ei) != ERR_OK)
		return false;
	held = find_entry(ix, id, date_today(today)) != NULL;
	index_release(ix);
	return held;
}

enum err
ocop_register_product(struct db *db, int64_t id, const char *lang,
    json_t **out, struct errinfo *ei)
{
	struct reg_index *ix;
	const struct reg_entry *en;
	char today[DATE_LEN];
	struct db_stmt *st;
	json_t *item, *photos = NULL, *thumbs, *it;
	size_t i;
	enum err e;

	if ((e = index_acquire(db, &ix, ei)) != ERR_OK)
		return e;
	en = find_entry(ix, id, date_today(today));
	item = en != NULL ? entry_json(en, today, lang) : NULL;
	index_release(ix);
	if (item == NULL)
		return not_in_register(ei);
	st = db_stmt(db, STMT_OCOP_REGISTER_TEXTS);
	db_bind_int(st, 1, id);
	if (db_step(st, ei) == 1) {
		static const char *const keys[] = { "description", "subgroup",
			"standards" };

		for (int k = 0; k < 3; k++)
			json_object_set_new(item, keys[k], db_col_null(st, k) ?
			    json_null() : json_string(db_col_text(st, k)));
	}
	db_end_reads(db);
	/* Only the thumbnails are public, at the register's own address. */
	thumbs = json_array();
	if (ocop_photo_list(db, id, &photos, ei) == ERR_OK) {
		json_array_foreach(json_object_get(photos, "items"), i, it) {
			json_int_t pid = json_integer_value(json_object_get(it,
			    "id"));
			char href[96];

			snprintf(href, sizeof(href),
			    "/ocop/register/%lld/photos/%lld/thumb",
			    (long long)id, (long long)pid);
			json_array_append_new(thumbs, json_pack("{s:I, s:s}",
			    "id", pid, "thumb_href", href));
		}
		json_decref(photos);
	}
	json_object_set_new(item, "photos", thumbs);
	json_object_set_new(item, "date", json_string(today));
	*out = item;
	return ERR_OK;
}

/* ---- statistics ----------------------------------------------------------- */

enum err
ocop_register_statistics(struct db *db, const char *lang, json_t **out,
    struct errinfo *ei)
{
	struct reg_index *ix;
	char today[DATE_LEN];
	long *by_prov, stars[6] = { 0 }, groups[OCOP_GROUPS + 1] = { 0 };
	long total = 0, unplaced = 0, day;
	json_t *prov, *st, *gr;
	enum err e;

	if ((e = index_acquire(db, &ix, ei)) != ERR_OK)
		return e;
	day = today_day(date_today(today));
	by_prov = xcalloc(ix->nprov + 1, sizeof(long));
	for (size_t i = 0; i < ix->n; i++) {
		const struct reg_entry *en = &ix->e[i];

		if (!valid_on(en, day))
			continue;
		total++;
		if (en->province >= 0)
			by_prov[en->province]++;
		else
			unplaced++;
		if (en->stars >= 0 && en->stars <= 5)
			stars[en->stars]++;
		if (en->group >= 1 && en->group <= OCOP_GROUPS)
			groups[en->group]++;
	}
	prov = json_array();
	for (size_t i = 0; i < ix->nprov; i++)
		json_array_append_new(prov, json_pack("{s:s, s:s, s:I}", "code",
		    ix->prov[i].code, "name", ix->prov[i].name, "count",
		    (json_int_t)by_prov[i]));
	free(by_prov);
	index_release(ix);
	st = json_array();
	for (int s = 5; s >= 3; s--)
		json_array_append_new(st, json_pack("{s:i, s:I}", "stars", s,
		    "count", (json_int_t)stars[s]));
	gr = json_array();
	for (int g = 1; g <= OCOP_GROUPS; g++)
		json_array_append_new(gr, json_pack("{s:i, s:s, s:I}", "group", g,
		    "name", group_name(g, lang), "count", (json_int_t)groups[g]));
	*out = json_pack("{s:s, s:I, s:o, s:I, s:o, s:o}", "date", today,
	    "total", (json_int_t)total, "by_province", prov, "unplaced",
	    (json_int_t)unplaced, "by_stars", st, "by_group", gr);
	return ERR_OK;
}
