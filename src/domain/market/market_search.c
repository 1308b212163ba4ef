/*
 * market_search.c - the catalog's copy in memory and its search, facets
 * and sitemap list (market_catalog.h).
 *
 * The copy holds one entry per active listing whose product's newest
 * certificate is not revoked, sorted once (stars, folded name, id), with
 * the folded keys packed one entry after the other and three word-prefix
 * masks per entry, so most entries are passed over by reading three
 * integers (the technique of the OCOP register, ocop_register.c).  The
 * copy is shared through core/vcopy.h, keyed on the marketplace, OCOP and
 * units versions; the expiry is checked against today at each request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "core/text.h"
#include "core/wordsearch.h"
#include "core/xalloc.h"
#include "domain/market/market_catalog.h"
#include "domain/market/market_search.h"
#include "domain/ocop/ocop_registry.h"

#define NRANKS		4
#define NOT_MATCHED	0xff
#define SLUG_MAX	60

/* ---- the copy -------------------------------------------------------------- */

static void
index_free(void *p)
{
	struct mks_index *ix = p;

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

/* The folded key of s in the arena ("" when it cannot be folded). */
static const char *
fold_a(struct arena *a, const char *s)
{
	struct buf b;
	const char *out;

	buf_init(&b, 4 * strlen(s) + 16);
	out = text_fold(s, strlen(s), &b) == ERR_OK ?
	    arena_strndup(a, b.data != NULL ? b.data : "", b.len) : "";
	buf_free(&b);
	return out;
}

char *
market_slug(const char *name, const char *variant)
{
	struct buf b, f;
	char *out;
	size_t n = 0;

	buf_init(&f, 1024);
	buf_init(&b, SLUG_MAX + 1);
	if (text_fold(name, strlen(name), &f) == ERR_OK && variant != NULL &&
	    variant[0] != '\0' && buf_putc(&f, ' ') == ERR_OK)
		(void)text_fold(variant, strlen(variant), &f);
	out = xcalloc(1, SLUG_MAX + 1);
	for (size_t i = 0; i < f.len && n < SLUG_MAX; i++) {
		char c = f.data[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[n++] = c;
		else if (n > 0 && out[n - 1] != '-')
			out[n++] = '-';
	}
	while (n > 0 && out[n - 1] == '-')
		out[--n] = '\0';
	buf_free(&f);
	buf_free(&b);
	return out;
}

static int
entry_cmp(const void *pa, const void *pb)
{
	const struct mks_entry *a = pa, *b = pb;
	int c;

	if (a->stars != b->stars)
		return b->stars - a->stars;
	if ((c = strcmp(a->fname, b->fname)) != 0)
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

static int
province_slot(const struct mks_index *ix, const char *code)
{
	for (size_t i = 0; code != NULL && code[0] != '\0' && i < ix->nprov;
	    i++)
		if (strcmp(ix->prov[i].code, code) == 0)
			return (int)i;
	return -1;
}

/* The folded keys in the entries' order: a search reads memory in
 * sequence. */
static void
pack_keys(struct mks_index *ix)
{
	size_t total = 1, off = 0;
	char *blob;

	for (size_t i = 0; i < ix->n; i++)
		total += strlen(ix->e[i].fname) + strlen(ix->e[i].fother) +
		    strlen(ix->e[i].fdesc) + 3;
	blob = arena_alloc(ix->mem, total);
	for (size_t i = 0; i < ix->n; i++) {
		const char **keys[] = { &ix->e[i].fname, &ix->e[i].fother,
			&ix->e[i].fdesc };

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

/* A thumbnail's size: the photo's scaled to OCOP_THUMB_PX at most. */
static void
thumb_size(int w, int h, int *tw, int *th)
{
	int big = w > h ? w : h;

	if (big <= OCOP_THUMB_PX || big <= 0) {
		*tw = w;
		*th = h;
		return;
	}
	*tw = (int)((long)w * OCOP_THUMB_PX / big);
	*th = (int)((long)h * OCOP_THUMB_PX / big);
	if (*tw < 1)
		*tw = 1;
	if (*th < 1)
		*th = 1;
}

static void
read_entry(struct mks_index *ix, struct db_stmt *st, struct mks_entry *e)
{
	struct arena *a = ix->mem;
	const char *desc;
	char *slug;

	e->id = db_col_int(st, 0);
	e->product_id = db_col_int(st, 1);
	e->name = dup_col(a, st, 2);
	e->group = (int)db_col_int(st, 3);
	e->variant = dup_col(a, st, 4);
	e->unit = dup_col(a, st, 5);
	e->price = db_col_int(st, 6);
	e->producer_id = db_col_int(st, 7);
	e->producer = dup_col(a, st, 8);
	e->commune = dup_col(a, st, 9);
	e->province_code = dup_col(a, st, 10);
	e->province_name = dup_col(a, st, 11);
	/* The listing's own words, else the product's. */
	desc = db_col_null(st, 12) || db_col_text(st, 12)[0] == '\0' ?
	    db_col_text(st, 13) : db_col_text(st, 12);
	e->description = arena_strdup(a, desc != NULL ? desc : "");
	e->code = dup_col(a, st, 14);
	e->stars = (int)db_col_int(st, 15);
	e->expires_on = dup_col(a, st, 16);
	e->updated_at = dup_col(a, st, 17);
	if (!date_parse(e->expires_on, &e->expires_day))
		e->expires_day = -1;	/* never valid */
	e->photo_kind = 0;
	if (!db_col_null(st, 18)) {
		e->photo_kind = 1;
		e->photo_id = db_col_int(st, 18);
		thumb_size((int)db_col_int(st, 19), (int)db_col_int(st, 20),
		    &e->tw, &e->th);
	} else if (!db_col_null(st, 21)) {
		e->photo_kind = 2;
		e->photo_id = db_col_int(st, 21);
		thumb_size((int)db_col_int(st, 22), (int)db_col_int(st, 23),
		    &e->tw, &e->th);
	}
	e->fname = fold_a(a, e->name);
	e->fother = fold_a(a, arena_printf(a, "%s %s %s %s", e->variant,
	    e->producer, e->commune, e->province_name));
	e->fdesc = fold_a(a, e->description);
	slug = market_slug(e->name, e->variant);
	e->slug = arena_strdup(a, slug);
	free(slug);
	e->province = province_slot(ix, e->province_code);
}

struct build_ctx {
	struct db *db;
};

/* Rows are counted growing the arrays: the copy is rebuilt rarely. */
static enum err
index_build(void *vctx, struct vcopy_ref *ref, struct errinfo *ei)
{
	struct db *db = ((struct build_ctx *)vctx)->db;
	struct mks_index *ix = xcalloc(1, sizeof(*ix));
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	ix->mem = arena_new(256 * 1024);
	st = db_stmt(db, STMT_OCOP_REGISTER_PROVINCES);
	while ((rc = db_step(st, ei)) == 1) {
		if (ix->nprov == cap) {
			struct mks_province *np;

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
	st = db_stmt(db, STMT_MARKET_CATALOG_INDEX);
	while ((rc = db_step(st, ei)) == 1) {
		if (ix->n == cap) {	/* the old array stays in the arena */
			struct mks_entry *ne;

			cap = cap ? cap * 2 : 1024;
			ne = arena_alloc(ix->mem, cap * sizeof(*ne));
			if (ix->n > 0)
				memcpy(ne, ix->e, ix->n * sizeof(*ne));
			ix->e = ne;
		}
		read_entry(ix, st, &ix->e[ix->n++]);
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

enum err
mks_acquire(struct db *db, struct vcopy_ref **ref, struct errinfo *ei)
{
	char market[64] = "", ocop[64] = "", units[64] = "";
	char version[VCOPY_VERSION_MAX];
	struct build_ctx ctx = { db };

	if (db_meta_get(db, MARKET_META_VERSION, market, sizeof(market),
	    ei) < 0 ||
	    db_meta_get(db, OCOP_META_VERSION, ocop, sizeof(ocop), ei) < 0 ||
	    db_meta_get(db, "units_version", units, sizeof(units), ei) < 0)
		return ei->err;
	snprintf(version, sizeof(version), "%s/%s/%s", market, ocop, units);
	return vcopy_acquire(&copy, version, index_build, &ctx, ref, ei);
}

void
mks_release(struct vcopy_ref *ref)
{
	vcopy_release(&copy, ref);
}

long
mks_today(char today[DATE_LEN])
{
	long t = 0;

	date_parse(date_today(today), &t);
	return t;
}

const struct mks_entry *
mks_find(const struct mks_index *ix, int64_t id, long day)
{
	for (size_t i = 0; i < ix->n; i++)
		if (ix->e[i].id == id)
			return ix->e[i].expires_day >= day ? &ix->e[i] : NULL;
	return NULL;
}

static const char *
group_name(int code, const char *lang)
{
	const struct ocop_group *g = ocop_group_find(code);

	return g == NULL ? "" : msg_pick(lang, g->vi, g->en);
}

json_t *
mks_item(struct db *db, const struct mks_entry *e, const char *lang)
{
	struct db_stmt *st = db_stmt(db, STMT_MARKET_CATALOG_STOCK);
	char price[NUMFMT_LEN], href[128], verify[128], thumb[96];
	int64_t stock = 0;
	json_t *th = json_null();

	db_bind_int(st, 1, e->id);
	if (db_step(st, NULL) == 1)
		stock = db_col_int(st, 0);
	db_end_reads(db);
	snprintf(href, sizeof(href), "/cho/san-pham/%lld%s%s",
	    (long long)e->id, e->slug[0] ? "-" : "", e->slug);
	snprintf(verify, sizeof(verify), "/ocop/verify/%s", e->code);
	if (e->photo_kind != 0) {
		if (e->photo_kind == 1)
			snprintf(thumb, sizeof(thumb),
			    "/api/v1/market/photos/%lld/thumb",
			    (long long)e->photo_id);
		else
			snprintf(thumb, sizeof(thumb),
			    "/ocop/register/%lld/photos/%lld/thumb",
			    (long long)e->product_id, (long long)e->photo_id);
		th = json_pack("{s:s, s:i, s:i}", "url", thumb, "width", e->tw,
		    "height", e->th);
	}
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:s, s:i, s:i, s:s,"
	    " s:s, s:s, s:s, s:s, s:o, s:I, s:b, s:s, s:{s:s, s:s, s:s}}",
	    "id", (json_int_t)e->id, "product_id", (json_int_t)e->product_id,
	    "name", e->name, "variant", e->variant, "unit", e->unit,
	    "price_vnd", (json_int_t)e->price,
	    "price_text", numfmt_vnd(price, e->price, lang),
	    "stars", e->stars, "group", e->group,
	    "group_name", group_name(e->group, lang),
	    "producer", e->producer, "commune", e->commune,
	    "province", e->province_name, "province_code", e->province_code,
	    "thumb", th, "stock", (json_int_t)stock, "in_stock", stock > 0,
	    "href", href,
	    "certificate", "code", e->code, "expires_on", e->expires_on,
	    "verify_href", verify);
}

/* ---- search ---------------------------------------------------------------- */

/* The entry's rank for the folded query (market_catalog.h), or
 * NOT_MATCHED: the best rank every word reaches. */
static unsigned char
rank_of(const struct mks_entry *e, const char *q, size_t qlen,
    const struct ws_query *qw)
{
	unsigned char worst = 1;

	if (strncmp(e->fname, q, qlen) == 0)
		return 0;
	for (size_t i = 0; i < qw->n; i++) {
		if (ws_word_prefix(e->fname, qw->w[i], qw->len[i], false))
			continue;
		if (ws_word_prefix(e->fother, qw->w[i], qw->len[i], false)) {
			if (worst < 2)
				worst = 2;
			continue;
		}
		if (!ws_word_prefix(e->fdesc, qw->w[i], qw->len[i], false))
			return NOT_MATCHED;
		worst = 3;
	}
	return qw->n > 0 ? worst : NOT_MATCHED;
}

enum err
market_search(struct db *db, const struct market_search_q *f,
    const char *lang, json_t **out, struct errinfo *ei)
{
	struct vcopy_ref *ref;
	const struct mks_index *ix;
	struct ws_query qw = { .n = 0 };
	char today[DATE_LEN], *q = NULL;
	unsigned char *rank;
	size_t qlen = 0, counts[NRANKS] = { 0 }, total = 0;
	int64_t skip = f->offset, need = f->limit > 0 ? f->limit : 20;
	int prov = -2;		/* -2: any province */
	long day;
	json_t *items = json_array();
	enum err e;

	if ((e = mks_acquire(db, &ref, ei)) != ERR_OK) {
		json_decref(items);
		return e;
	}
	ix = ref->data;
	day = mks_today(today);
	if (f->province != NULL && f->province[0] != '\0')
		prov = province_slot(ix, f->province);	/* -1: none such */
	if (f->q != NULL && f->q[0] != '\0') {
		struct buf b;

		buf_init(&b, 4 * strlen(f->q) + 16);
		if (text_fold(f->q, strlen(f->q), &b) == ERR_OK &&
		    buf_putc(&b, '\0') == ERR_OK)
			q = buf_detach(&b, NULL);
		else {
			buf_free(&b);
			q = xstrdup("");
		}
		qlen = strlen(q);
		ws_query_split(q, &qw);
	}
	rank = xcalloc(ix->n + 1, 1);
	for (size_t i = 0; i < ix->n; i++) {
		const struct mks_entry *en = &ix->e[i];

		rank[i] = NOT_MATCHED;
		if (en->expires_day < day ||
		    (prov != -2 && en->province != prov) ||
		    (f->stars > 0 && en->stars < f->stars) ||
		    (f->group > 0 && en->group != f->group))
			continue;
		if (!ws_may_match(en->m, &qw))
			continue;
		rank[i] = qlen > 0 ? rank_of(en, q, qlen, &qw) : 0;
		if (rank[i] != NOT_MATCHED) {
			counts[rank[i]]++;
			total++;
		}
	}
	/* Ranks in order, the copy's order within each: only the ranks that
	 * cover the page are walked. */
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
			json_array_append_new(items, mks_item(db, &ix->e[i],
			    lang));
			need--;
		}
	}
	free(rank);
	free(q);
	mks_release(ref);
	*out = json_pack("{s:o, s:I, s:s}", "items", items, "total",
	    (json_int_t)total, "date", today);
	return ERR_OK;
}

/* ---- facets and the sitemap ----------------------------------------------- */

static int
prov_cmp(const void *pa, const void *pb)
{
	return strcmp(json_string_value(json_object_get(*(json_t *const *)pa,
	    "name")), json_string_value(json_object_get(*(json_t *const *)pb,
	    "name")));
}

enum err
market_catalog_facets(struct db *db, const char *lang, json_t **out,
    struct errinfo *ei)
{
	struct vcopy_ref *ref;
	const struct mks_index *ix;
	char today[DATE_LEN];
	long *by_prov, groups[OCOP_GROUPS + 1] = { 0 }, stars[6] = { 0 };
	long total = 0, day;
	json_t **pl, *prov = json_array(), *gr = json_array(), *st;
	size_t np = 0;
	enum err e;

	if ((e = mks_acquire(db, &ref, ei)) != ERR_OK) {
		json_decref(prov);
		json_decref(gr);
		return e;
	}
	ix = ref->data;
	day = mks_today(today);
	by_prov = xcalloc(ix->nprov + 1, sizeof(long));
	for (size_t i = 0; i < ix->n; i++) {
		const struct mks_entry *en = &ix->e[i];

		if (en->expires_day < day)
			continue;
		total++;
		if (en->province >= 0)
			by_prov[en->province]++;
		if (en->group >= 1 && en->group <= OCOP_GROUPS)
			groups[en->group]++;
		if (en->stars >= 1 && en->stars <= 5)
			stars[en->stars]++;
	}
	pl = xcalloc(ix->nprov + 1, sizeof(*pl));
	for (size_t i = 0; i < ix->nprov; i++)
		if (by_prov[i] > 0)
			pl[np++] = json_pack("{s:s, s:s, s:I}", "code",
			    ix->prov[i].code, "name", ix->prov[i].name, "count",
			    (json_int_t)by_prov[i]);
	qsort(pl, np, sizeof(*pl), prov_cmp);
	for (size_t i = 0; i < np; i++)
		json_array_append_new(prov, pl[i]);
	free(pl);
	free(by_prov);
	mks_release(ref);
	for (int g = 1; g <= OCOP_GROUPS; g++)
		json_array_append_new(gr, json_pack("{s:i, s:s, s:I}", "group", g,
		    "name", group_name(g, lang), "count", (json_int_t)groups[g]));
	st = json_array();
	for (int s = 5, acc = 0; s >= 3; s--) {
		acc += (int)stars[s];	/* at least s stars */
		json_array_append_new(st, json_pack("{s:i, s:i}", "stars", s,
		    "count", acc));
	}
	*out = json_pack("{s:I, s:o, s:o, s:o, s:s}", "total",
	    (json_int_t)total, "provinces", prov, "groups", gr, "stars", st,
	    "date", today);
	return ERR_OK;
}

static int
id_cmp(const void *pa, const void *pb)
{
	const struct mks_entry *a = *(const struct mks_entry *const *)pa;
	const struct mks_entry *b = *(const struct mks_entry *const *)pb;

	return a->id < b->id ? -1 : a->id > b->id;
}

enum err
market_catalog_sitemap(struct db *db, json_t **out, struct errinfo *ei)
{
	struct vcopy_ref *ref;
	const struct mks_index *ix;
	const struct mks_entry **by_id;
	char today[DATE_LEN];
	json_t *items = json_array(), *prov = json_array(), *gr = json_array();
	bool *pseen, gseen[OCOP_GROUPS + 1] = { false };
	size_t n = 0;
	long day;
	enum err e;

	if ((e = mks_acquire(db, &ref, ei)) != ERR_OK) {
		json_decref(items);
		json_decref(prov);
		json_decref(gr);
		return e;
	}
	ix = ref->data;
	day = mks_today(today);
	by_id = xcalloc(ix->n + 1, sizeof(*by_id));
	pseen = xcalloc(ix->nprov + 1, sizeof(*pseen));
	for (size_t i = 0; i < ix->n; i++)
		if (ix->e[i].expires_day >= day) {
			by_id[n++] = &ix->e[i];
			if (ix->e[i].province >= 0)
				pseen[ix->e[i].province] = true;
			if (ix->e[i].group >= 1 && ix->e[i].group <= OCOP_GROUPS)
				gseen[ix->e[i].group] = true;
		}
	qsort(by_id, n, sizeof(*by_id), id_cmp);
	for (size_t i = 0; i < n; i++) {
		char href[128];

		snprintf(href, sizeof(href), "/cho/san-pham/%lld%s%s",
		    (long long)by_id[i]->id, by_id[i]->slug[0] ? "-" : "",
		    by_id[i]->slug);
		json_array_append_new(items, json_pack("{s:s, s:s%}", "href",
		    href, "lastmod", by_id[i]->updated_at,
		    strlen(by_id[i]->updated_at) < 10 ?
		    strlen(by_id[i]->updated_at) : (size_t)10));
	}
	for (size_t i = 0; i < ix->nprov; i++)
		if (pseen[i])
			json_array_append_new(prov, json_string(ix->prov[i].code));
	for (int g = 1; g <= OCOP_GROUPS; g++)
		if (gseen[g])
			json_array_append_new(gr, json_integer(g));
	free(by_id);
	free(pseen);
	mks_release(ref);
	*out = json_pack("{s:o, s:o, s:o, s:s}", "listings", items,
	    "provinces", prov, "groups", gr, "date", today);
	return ERR_OK;
}

bool
market_province_known(struct db *db, const char *code, struct errinfo *ei)
{
	struct vcopy_ref *ref;
	bool known;

	if (mks_acquire(db, &ref, ei) != ERR_OK)
		return false;
	known = province_slot(ref->data, code) >= 0;
	mks_release(ref);
	return known;
}
