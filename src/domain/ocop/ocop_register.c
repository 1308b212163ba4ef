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
 * checked at each request, never stored.  The copy's build and its
 * ranked search are ocop_copy.c's, shared with the market's catalog: here
 * are what an entry is, the filters and the ranks.
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
#include "domain/ocop/ocop_copy.h"
#include "domain/ocop/ocop_internal.h"
#include "domain/ocop/ocop_register.h"

#define NRANKS		5

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

static struct vcopy copy = VCOPY_INIT(ocop_copy_free);

static struct reg_entry *
entry(const struct ocop_copy *ix, size_t i)
{
	return &((struct reg_entry *)ix->entries)[i];
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

	return ocop_copy_order(a->stars, a->fname, a->id, b->stars, b->fname,
	    b->id);
}

static uint64_t *
entry_keys(void *pe, const char **k[OCOP_COPY_KEYS])
{
	struct reg_entry *e = pe;

	k[0] = &e->fname;
	k[1] = &e->fproducer;
	k[2] = &e->fplace;
	return e->m;
}

static void
read_entry(struct ocop_copy *ix, struct db_stmt *st, void *pe)
{
	struct reg_entry *e = pe;

	e->id = db_col_int(st, 0);
	e->name = ocop_copy_col(ix, st, 1);
	e->fname = ocop_copy_col(ix, st, 2);
	e->group = (int)db_col_int(st, 3);
	e->producer = ocop_copy_col(ix, st, 4);
	e->fproducer = ocop_copy_col(ix, st, 5);
	e->commune = ocop_copy_col(ix, st, 6);
	e->province_code = db_col_null(st, 7) ? NULL :
	    ocop_copy_col(ix, st, 7);
	e->province_name = db_col_null(st, 8) ? NULL :
	    ocop_copy_col(ix, st, 8);
	e->fplace = fold_a(ix->mem, arena_printf(ix->mem, "%s %s",
	    e->commune, e->province_name ? e->province_name : ""));
	e->code = ocop_copy_col(ix, st, 9);
	e->number = ocop_copy_col(ix, st, 10);
	e->level = ocop_copy_col(ix, st, 11);
	e->stars = (int)db_col_int(st, 12);
	e->issued_on = ocop_copy_col(ix, st, 13);
	e->expires_on = ocop_copy_col(ix, st, 14);
	e->unit = ocop_copy_col(ix, st, 15);
	if (!date_parse(e->expires_on, &e->expires_day))
		e->expires_day = -1;	/* never valid */
	e->province = ocop_copy_province(ix, e->province_code);
}

static const struct ocop_copy_kind register_kind = {
	STMT_OCOP_REGISTER_INDEX, sizeof(struct reg_entry), read_entry,
	entry_cmp, entry_keys
};

static enum err
index_build(void *db, struct vcopy_ref *ref, struct errinfo *ei)
{
	return ocop_copy_build(db, &register_kind, ref, ei);
}

static void
index_release(struct ocop_copy *ix)
{
	vcopy_release(&copy, ix->ref);
}

/* The current copy, rebuilt first if the records changed; the caller
 * releases it. */
static enum err
index_acquire(struct db *db, struct ocop_copy **out, struct errinfo *ei)
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
 * OCOP_NOT_MATCHED. */
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
		return OCOP_NOT_MATCHED;
	for (size_t i = 0; i < qw->n; i++)
		if (!ws_word_prefix(e->fname, qw->w[i], qw->len[i], false) &&
		    !ws_word_prefix(e->fproducer, qw->w[i], qw->len[i], false) &&
		    !ws_word_prefix(e->fplace, qw->w[i], qw->len[i], false))
			return OCOP_NOT_MATCHED;
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
	    "group_name", ocop_copy_group_name(e->group, lang), "stars", e->stars,
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

/* The folded query of the register (malloc'd), trailing spaces cut; NULL
 * for none. */
static char *
fold_query(const char *text)
{
	char *q;
	size_t n;

	if (text == NULL || text[0] == '\0')
		return NULL;
	q = ocop_fold(text);
	n = strlen(q);
	while (n > 0 && q[n - 1] == ' ')
		q[--n] = '\0';
	return q;
}

struct item_ctx {
	const char *today, *lang;
};

static json_t *
list_item(const void *en, void *vctx)
{
	const struct item_ctx *c = vctx;

	return entry_json(en, c->today, c->lang);
}

enum err
ocop_register_list(struct db *db, const struct ocop_reg_filter *f,
    const char *lang, json_t **out, struct errinfo *ei)
{
	struct ocop_copy *ix;
	struct ocop_search s;
	char today[DATE_LEN];
	struct item_ctx ctx = { today, lang };
	long day;
	enum err e;

	if ((e = index_acquire(db, &ix, ei)) != ERR_OK)
		return e;
	day = today_day(date_today(today));
	ocop_search_begin(&s, ix, fold_query(f->q), f->province, NRANKS);
	for (size_t i = 0; i < ix->n; i++) {
		const struct reg_entry *en = entry(ix, i);

		if (!valid_on(en, day) ||
		    (s.prov != -2 && en->province != s.prov) ||
		    (f->stars > 0 && en->stars != f->stars) ||
		    (f->group > 0 && en->group != f->group) ||
		    (f->unit != NULL && strcmp(en->unit, f->unit) != 0))
			continue;
		if (ws_may_match(en->m, &s.qw))
			ocop_search_rank(&s, i, s.qlen > 0 ?
			    rank_of(en, s.q, s.qlen, &s.qw) : 0);
	}
	*out = json_pack("{s:o, s:I, s:s}", "items", ocop_search_page(&s, ix,
	    f->offset, f->limit, list_item, &ctx), "total",
	    (json_int_t)s.total, "date", today);
	ocop_search_end(&s);
	index_release(ix);
	return ERR_OK;
}

/* The entry of product id valid today, or NULL; ix held by the caller. */
static const struct reg_entry *
find_entry(const struct ocop_copy *ix, int64_t id, const char *today)
{
	for (size_t i = 0; i < ix->n; i++)
		if (entry(ix, i)->id == id)
			return valid_on(entry(ix, i), today_day(today)) ?
			    entry(ix, i) : NULL;
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
	struct ocop_copy *ix;
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
	struct ocop_copy *ix;
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
	struct ocop_copy *ix;
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
		const struct reg_entry *en = entry(ix, i);

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
		    "name", ocop_copy_group_name(g, lang), "count", (json_int_t)groups[g]));
	*out = json_pack("{s:s, s:I, s:o, s:I, s:o, s:o}", "date", today,
	    "total", (json_int_t)total, "by_province", prov, "unplaced",
	    (json_int_t)unplaced, "by_stars", st, "by_group", gr);
	return ERR_OK;
}
