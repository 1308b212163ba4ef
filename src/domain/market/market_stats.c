/*
 * market_stats.c - the programme's marketplace statistics (market_money.h;
 * docs/MARKET.md section 7): delivered orders and their goods by province,
 * product group and stars, month by month.  Read from the orders tables
 * directly: a programme's year is some thousands of orders, summed here
 * in one pass over their lines; no roll-up table to keep.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/market/market_money.h"
#include "domain/ocop/ocop_registry.h"

/* The months from from to to, "YYYY-MM". */
static json_t *
months_of(const char *from, const char *to)
{
	json_t *m = json_array();
	int y, mo, ty, tm;
	char s[16];

	y = (from[0] - '0') * 1000 + (from[1] - '0') * 100 +
	    (from[2] - '0') * 10 + (from[3] - '0');
	mo = (from[5] - '0') * 10 + (from[6] - '0');
	ty = (to[0] - '0') * 1000 + (to[1] - '0') * 100 + (to[2] - '0') * 10 +
	    (to[3] - '0');
	tm = (to[5] - '0') * 10 + (to[6] - '0');
	while ((y < ty || (y == ty && mo <= tm)) && json_array_size(m) < 240) {
		snprintf(s, sizeof s, "%04d-%02d", y % 10000, mo % 100);
		json_array_append_new(m, json_string(s));
		if (++mo > 12) {
			mo = 1;
			y++;
		}
	}
	return m;
}

/* The row of key in list (created with name and every month at zero). */
static json_t *
row_of(json_t *list, const char *key, const char *name, json_t *months)
{
	json_t *it, *ms, *mon;
	size_t i;

	json_array_foreach(list, i, it)
		if (strcmp(jval_str(it, "key"), key) == 0)
			return it;
	ms = json_array();
	json_array_foreach(months, i, mon)
		json_array_append_new(ms, json_pack("{s:O, s:i, s:i}", "month",
		    mon, "orders", 0, "goods_vnd", 0));
	it = json_pack("{s:s, s:s, s:o, s:i, s:i}", "key", key, "name", name,
	    "months", ms, "orders", 0, "goods_vnd", 0);
	json_array_append_new(list, it);
	return it;
}

static void
add(json_t *row, const char *month, int64_t orders, int64_t goods)
{
	json_t *it;
	size_t i;

	json_object_set_new(row, "orders", json_integer(jval_int(row, "orders",
	    0) + orders));
	json_object_set_new(row, "goods_vnd", json_integer(jval_int(row,
	    "goods_vnd", 0) + goods));
	json_array_foreach(json_object_get(row, "months"), i, it)
		if (strcmp(jval_str(it, "month"), month) == 0) {
			json_object_set_new(it, "orders", json_integer(
			    jval_int(it, "orders", 0) + orders));
			json_object_set_new(it, "goods_vnd", json_integer(
			    jval_int(it, "goods_vnd", 0) + goods));
		}
}

static int
by_key(const void *a, const void *b)
{
	return strcmp(jval_str(*(json_t *const *)a, "key"),
	    jval_str(*(json_t *const *)b, "key"));
}

static int
by_goods(const void *a, const void *b)
{
	int64_t x = jval_int(*(json_t *const *)a, "goods_vnd", 0);
	int64_t y = jval_int(*(json_t *const *)b, "goods_vnd", 0);

	return x < y ? 1 : x > y ? -1 : by_key(a, b);
}

/* list's rows in cmp's order. */
static void
sort_rows(json_t *list, int (*cmp)(const void *, const void *))
{
	size_t n = json_array_size(list), i;
	json_t **v;

	if (n < 2)
		return;
	v = calloc(n, sizeof *v);
	if (v == NULL)
		abort();
	for (i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(list, i));
	qsort(v, n, sizeof *v, cmp);
	json_array_clear(list);
	for (i = 0; i < n; i++)
		json_array_append_new(list, v[i]);
	free(v);
}

/* Which (group, stars) an order has been counted in already: an order
 * counts once in each, with the goods of its lines there. */
struct seen {
	int64_t order;
	unsigned groups, stars;	/* bit per group 1-6, per stars 0-5 */
};

enum err
market_stats(struct db *db, const char *from, const char *to,
    const char *province, const char *lang, json_t **out,
    struct errinfo *ei)
{
	struct db_stmt *st;
	struct seen s = { 0, 0, 0 };
	json_t *res, *months, *byp, *byg, *bys;
	int64_t orders = 0, goods = 0;
	int rc;

	*out = NULL;
	if (!date_parse(from, NULL) || !date_parse(to, NULL) ||
	    strcmp(from, to) > 0)
		return err_set(ei, ERR_INVALID, "market.bad_period", "from",
		    "Khoảng thời gian không hợp lệ: “từ ngày” phải trước “đến "
		    "ngày”", "The period is not valid: “from” must come "
		    "before “to”");
	months = months_of(from, to);
	res = json_pack("{s:s, s:s, s:s?, s:o, s:[], s:[], s:[]}", "from", from,
	    "to", to, "province", province, "months", months, "by_province",
	    "by_group", "by_stars");
	byp = json_object_get(res, "by_province");
	byg = json_object_get(res, "by_group");
	bys = json_object_get(res, "by_stars");
	st = db_stmt(db, STMT_MM_STATS_LINES);
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	db_bind_text(st, 3, province != NULL ? province : "");
	db_bind_text(st, 4, province != NULL ? province : "");
	while ((rc = db_step(st, ei)) == 1) {
		int64_t id = db_col_int(st, 0), amount = db_col_int(st, 6);
		const char *month = db_col_text(st, 1);
		const struct ocop_group *g = ocop_group_find((int)db_col_int(st,
		    4));
		int stars = db_col_null(st, 5) ? 0 : (int)db_col_int(st, 5);
		char gk[8], sk[8];
		bool first = id != s.order;

		if (first) {
			s.order = id;
			s.groups = s.stars = 0;
			orders++;
			goods += db_col_int(st, 7);
			add(row_of(byp, db_col_text(st, 2), db_col_text(st, 3) !=
			    NULL ? db_col_text(st, 3) : db_col_text(st, 2),
			    months), month, 1, db_col_int(st, 7));
		}
		snprintf(gk, sizeof gk, "%d", g != NULL ? g->code : 0);
		snprintf(sk, sizeof sk, "%d", stars);
		add(row_of(byg, gk, g != NULL ? msg_pick(lang, g->vi, g->en) :
		    "", months), month, (s.groups >> (g != NULL ? g->code : 0) &
		    1) ? 0 : 1, amount);
		s.groups |= 1u << (g != NULL ? g->code : 0);
		add(row_of(bys, sk, sk, months), month, (s.stars >> stars & 1) ?
		    0 : 1, amount);
		s.stars |= 1u << stars;
	}
	db_end_reads(db);
	if (rc < 0) {
		json_decref(res);
		return ei->err;
	}
	sort_rows(byp, by_goods);
	sort_rows(byg, by_key);
	sort_rows(bys, by_key);
	json_object_set_new(res, "orders", json_integer(orders));
	json_object_set_new(res, "goods_vnd", json_integer(goods));
	*out = res;
	return ERR_OK;
}
