/*
 * market_search.c - the catalog's copy in memory and its search, facets
 * and sitemap list (market_catalog.h).
 *
 * The copy holds one entry per active listing whose product's newest
 * certificate is not revoked, sorted once (stars, folded name, id), with
 * the folded keys packed one entry after the other and three word-prefix
 * masks per entry, so most entries are passed over by reading three
 * integers (domain/ocop/ocop_copy.h builds it and ranks a search, for
 * the OCOP register too: here are what an entry is and the filters).  The
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
#define SLUG_MAX	60

/* ---- the copy -------------------------------------------------------------- */

static struct vcopy copy = VCOPY_INIT(ocop_copy_free);

static struct mks_entry *
entry(const struct ocop_copy *ix, size_t i)
{
	return &((struct mks_entry *)ix->entries)[i];
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

	return ocop_copy_order(a->stars, a->fname, a->id, b->stars, b->fname,
	    b->id);
}

static uint64_t *
entry_keys(void *pe, const char **k[OCOP_COPY_KEYS])
{
	struct mks_entry *e = pe;

	k[0] = &e->fname;
	k[1] = &e->fother;
	k[2] = &e->fdesc;
	return e->m;
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
read_entry(struct ocop_copy *ix, struct db_stmt *st, void *pe)
{
	struct mks_entry *e = pe;
	struct arena *a = ix->mem;
	const char *desc;
	char *slug;

	e->id = db_col_int(st, 0);
	e->product_id = db_col_int(st, 1);
	e->name = ocop_copy_col(ix, st, 2);
	e->group = (int)db_col_int(st, 3);
	e->variant = ocop_copy_col(ix, st, 4);
	e->unit = ocop_copy_col(ix, st, 5);
	e->price = db_col_int(st, 6);
	e->producer_id = db_col_int(st, 7);
	e->producer = ocop_copy_col(ix, st, 8);
	e->commune = ocop_copy_col(ix, st, 9);
	e->province_code = ocop_copy_col(ix, st, 10);
	e->province_name = ocop_copy_col(ix, st, 11);
	/* The listing's own words, else the product's. */
	desc = db_col_null(st, 12) || db_col_text(st, 12)[0] == '\0' ?
	    db_col_text(st, 13) : db_col_text(st, 12);
	e->description = arena_strdup(a, desc != NULL ? desc : "");
	e->code = ocop_copy_col(ix, st, 14);
	e->stars = (int)db_col_int(st, 15);
	e->expires_on = ocop_copy_col(ix, st, 16);
	e->updated_at = ocop_copy_col(ix, st, 17);
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
	e->province = ocop_copy_province(ix, e->province_code);
}

static const struct ocop_copy_kind catalog_kind = {
	STMT_MARKET_CATALOG_INDEX, sizeof(struct mks_entry), read_entry,
	entry_cmp, entry_keys
};

static enum err
index_build(void *db, struct vcopy_ref *ref, struct errinfo *ei)
{
	return ocop_copy_build(db, &catalog_kind, ref, ei);
}

enum err
mks_acquire(struct db *db, struct vcopy_ref **ref, struct errinfo *ei)
{
	char market[64] = "", ocop[64] = "", units[64] = "";
	char version[VCOPY_VERSION_MAX];

	if (db_meta_get(db, MARKET_META_VERSION, market, sizeof(market),
	    ei) < 0 ||
	    db_meta_get(db, OCOP_META_VERSION, ocop, sizeof(ocop), ei) < 0 ||
	    db_meta_get(db, "units_version", units, sizeof(units), ei) < 0)
		return ei->err;
	snprintf(version, sizeof(version), "%s/%s/%s", market, ocop, units);
	return vcopy_acquire(&copy, version, index_build, db, ref, ei);
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
mks_find(const struct ocop_copy *ix, int64_t id, long day)
{
	for (size_t i = 0; i < ix->n; i++)
		if (entry(ix, i)->id == id)
			return entry(ix, i)->expires_day >= day ? entry(ix, i) :
			    NULL;
	return NULL;
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
	    "group_name", ocop_copy_group_name(e->group, lang),
	    "producer", e->producer, "commune", e->commune,
	    "province", e->province_name, "province_code", e->province_code,
	    "thumb", th, "stock", (json_int_t)stock, "in_stock", stock > 0,
	    "href", href,
	    "certificate", "code", e->code, "expires_on", e->expires_on,
	    "verify_href", verify);
}

/* ---- search ---------------------------------------------------------------- */

/* The entry's rank for the folded query (market_catalog.h), or
 * OCOP_NOT_MATCHED: the best rank every word reaches. */
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
			return OCOP_NOT_MATCHED;
		worst = 3;
	}
	return qw->n > 0 ? worst : OCOP_NOT_MATCHED;
}

/* The folded query (malloc'd; "" when it cannot be folded), NULL for
 * none. */
static char *
fold_query(const char *text)
{
	struct buf b;

	if (text == NULL || text[0] == '\0')
		return NULL;
	buf_init(&b, 4 * strlen(text) + 16);
	if (text_fold(text, strlen(text), &b) == ERR_OK &&
	    buf_putc(&b, '\0') == ERR_OK)
		return buf_detach(&b, NULL);
	buf_free(&b);
	return xstrdup("");
}

struct item_ctx {
	struct db *db;
	const char *lang;
};

static json_t *
search_item(const void *en, void *vctx)
{
	const struct item_ctx *c = vctx;

	return mks_item(c->db, en, c->lang);
}

enum err
market_search(struct db *db, const struct market_search_q *f,
    const char *lang, json_t **out, struct errinfo *ei)
{
	struct vcopy_ref *ref;
	const struct ocop_copy *ix;
	struct ocop_search s;
	struct item_ctx ctx = { db, lang };
	char today[DATE_LEN];
	long day;
	enum err e;

	if ((e = mks_acquire(db, &ref, ei)) != ERR_OK)
		return e;
	ix = ref->data;
	day = mks_today(today);
	ocop_search_begin(&s, ix, fold_query(f->q), f->province, NRANKS);
	for (size_t i = 0; i < ix->n; i++) {
		const struct mks_entry *en = entry(ix, i);

		if (en->expires_day < day ||
		    (s.prov != -2 && en->province != s.prov) ||
		    (f->stars > 0 && en->stars < f->stars) ||
		    (f->group > 0 && en->group != f->group))
			continue;
		if (ws_may_match(en->m, &s.qw))
			ocop_search_rank(&s, i, s.qlen > 0 ?
			    rank_of(en, s.q, s.qlen, &s.qw) : 0);
	}
	/* Stock is read live per item (mks_item), the page only. */
	*out = json_pack("{s:o, s:I, s:s}", "items", ocop_search_page(&s, ix,
	    f->offset, f->limit, search_item, &ctx), "total",
	    (json_int_t)s.total, "date", today);
	ocop_search_end(&s);
	mks_release(ref);
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
	const struct ocop_copy *ix;
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
		const struct mks_entry *en = entry(ix, i);

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
		    "name", ocop_copy_group_name(g, lang), "count", (json_int_t)groups[g]));
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
	const struct ocop_copy *ix;
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
	for (size_t i = 0; i < ix->n; i++) {
		const struct mks_entry *en = entry(ix, i);

		if (en->expires_day >= day) {
			by_id[n++] = en;
			if (en->province >= 0)
				pseen[en->province] = true;
			if (en->group >= 1 && en->group <= OCOP_GROUPS)
				gseen[en->group] = true;
		}
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
	known = ocop_copy_province(ref->data, code) >= 0;
	mks_release(ref);
	return known;
}
