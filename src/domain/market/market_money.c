/*
 * market_money.c - bank statements uploaded and reconciled with the
 * producer's orders (market_money.h; docs/MARKET.md section 6).  The file
 * is read first (market_bankcsv.c: any unreadable row refuses it whole),
 * then one transaction keeps it, records each credit not seen before and
 * raises the orders' paid_vnd.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/jval.h"
#include "core/stamp.h"
#include "db/db_rows.h"
#include "domain/audit/audit.h"
#include "domain/market/market_listings.h"
#include "domain/market/market_money.h"
#include "domain/ocop/ocop_registry.h"


/* s upper-cased with everything but ASCII letters and digits dropped:
 * what a bank's description keeps of a reference, whatever it inserted. */
static char *
squeeze(const char *s)
{
	char *o = malloc(strlen(s) + 1), *q = o;

	if (o == NULL)
		abort();
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 128 && isalnum((unsigned char)*s))
			*q++ = (char)toupper((unsigned char)*s);
	*q = '\0';
	return o;
}

bool
market_reference_in(const char *description, const char *reference)
{
	char *d = squeeze(description), *r = squeeze(reference);
	bool in = r[0] != '\0' && strstr(d, r) != NULL;

	free(d);
	free(r);
	return in;
}

/* The producer's orders, read once per upload. */
struct order {
	int64_t id, total, paid, added;
	char *reference, *key;	/* key: squeezed */
};

static enum err
load_orders(struct db *db, int64_t producer_id, struct order **out,
    size_t *n, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MM_ORDERS_OF_PRODUCER);
	struct order *o = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	db_bind_int(st, 1, producer_id);
	while ((rc = db_step(st, ei)) == 1) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			if ((o = realloc(o, cap * sizeof *o)) == NULL)
				abort();
		}
		o[*n].id = db_col_int(st, 0);
		o[*n].reference = strdup(db_col_text(st, 1));
		o[*n].key = squeeze(o[*n].reference);
		o[*n].total = db_col_int(st, 2);
		o[*n].paid = db_col_int(st, 3);
		o[*n].added = 0;
		(*n)++;
	}
	*out = o;
	return rc < 0 ? ei->err : ERR_OK;
}

static void
free_orders(struct order *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(o[i].reference);
		free(o[i].key);
	}
	free(o);
}

/* The order whose reference the description carries: the longest such
 * reference (the most specific), NULL when none. */
static struct order *
match(struct order *o, size_t n, const char *description)
{
	char *d = squeeze(description);
	struct order *best = NULL;

	for (size_t i = 0; i < n; i++)
		if (o[i].key[0] != '\0' && strstr(d, o[i].key) != NULL &&
		    (best == NULL || strlen(o[i].key) > strlen(best->key)))
			best = &o[i];
	free(d);
	return best;
}

static const char *
outcome_of(const struct order *o, int64_t before)
{
	if (o == NULL)
		return "unmatched";
	if (before >= o->total)
		return "excess";
	if (o->paid == o->total)
		return "matched";
	return o->paid < o->total ? "partial" : "excess";
}

/* Has this producer's transfer key been seen (earlier uploads, or
 * earlier in this file: both are in the table by now)? */
static int
known(struct db *db, int64_t producer_id, const char *key,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MM_TRANSFER_KNOWN);
	int rc;

	db_bind_int(st, 1, producer_id);
	db_bind_text(st, 2, key);
	rc = db_step(st, ei);
	return rc;
}

static enum err
store_file(struct db *db, int64_t producer_id, const struct principal *p,
    const char *filename, const void *data, size_t len,
    const struct market_bankfile *bf, const char *now, int64_t *upload_id,
    struct errinfo *ei)
{
	char sha[STAMP_SHA256_HEX];
	struct db_stmt *st = db_stmt(db, STMT_MM_BLOB_INSERT);
	enum err e;
	int rc;

	stamp_sha256_hex(data, len, sha);
	db_bind_text(st, 1, sha);
	db_bind_int(st, 2, (int64_t)len);
	db_bind_blob(st, 3, data, len);
	if ((e = db_exec(st, ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_MM_UPLOAD_INSERT);
	db_bind_int(st, 1, producer_id);
	db_bind_text(st, 2, filename);
	db_bind_text(st, 3, sha);
	db_bind_text(st, 4, bf->encoding);
	db_bind_int(st, 5, bf->rows);
	db_bind_text(st, 6, now);
	if (p != NULL)
		db_bind_int(st, 7, p->user_id);
	else
		db_bind_null(st, 7);
	if ((rc = db_step(st, ei)) != 1)
		return rc < 0 ? ei->err : err_set(ei, ERR_DB, "market.db",
		    NULL, "Không lưu được tệp", "The file could not be saved");
	*upload_id = db_col_int(st, 0);
	db_end_reads(db);
	return ERR_OK;
}

static json_t *
order_json(const struct order *o)
{
	if (o == NULL)
		return json_null();
	return json_pack("{s:I, s:s, s:I, s:I, s:I}", "id", (json_int_t)o->id,
	    "reference", o->reference, "total_vnd", (json_int_t)o->total,
	    "paid_vnd", (json_int_t)o->paid, "missing_vnd",
	    (json_int_t)(o->total > o->paid ? o->total - o->paid : 0));
}

/* Each credit of bf: known, or recorded and matched. */
static enum err
record_credits(struct db *db, int64_t producer_id, int64_t upload_id,
    const struct market_bankfile *bf, struct order *orders, size_t norders,
    const char *now, json_t *res, struct errinfo *ei)
{
	json_t *list = json_object_get(res, "transfers");
	int64_t counts[5] = { 0 };	/* known, matched, partial, excess,
					 * unmatched */
	static const char *const names[5] = { "known", "matched", "partial",
		"excess", "unmatched" };
	enum err e = ERR_OK;

	for (size_t i = 0; i < bf->ncredits && e == ERR_OK; i++) {
		const struct market_bankline *l = &bf->credits[i];
		struct order *o;
		const char *outcome;
		struct db_stmt *st;
		int64_t before;
		int rc, k;

		if ((rc = known(db, producer_id, l->line_key, ei)) < 0)
			return ei->err;
		if (rc == 1) {
			counts[0]++;
			json_array_append_new(list, json_pack("{s:I, s:s, s:I, "
			    "s:s, s:n, s:o, s:b}", "line", (json_int_t)l->line,
			    "booked_on", l->booked_on, "amount_vnd",
			    (json_int_t)l->amount_vnd, "description",
			    l->description, "outcome", "order", json_null(),
			    "known", 1));
			continue;
		}
		o = match(orders, norders, l->description);
		before = o != NULL ? o->paid : 0;
		if (o != NULL) {
			o->paid += l->amount_vnd;
			o->added += l->amount_vnd;
		}
		outcome = outcome_of(o, before);
		for (k = 1; k < 5 && strcmp(names[k], outcome) != 0; k++)
			;
		counts[k]++;
		st = db_stmt(db, STMT_MM_TRANSFER_INSERT);
		db_bind_int(st, 1, producer_id);
		db_bind_int(st, 2, upload_id);
		db_bind_text(st, 3, l->line_key);
		db_bind_text(st, 4, l->booked_on);
		db_bind_int(st, 5, l->amount_vnd);
		db_bind_text(st, 6, l->description);
		if (o != NULL)
			db_bind_int(st, 7, o->id);
		else
			db_bind_null(st, 7);
		db_bind_text(st, 8, outcome);
		db_bind_text(st, 9, now);
		e = db_exec(st, ei);
		json_array_append_new(list, json_pack("{s:I, s:s, s:I, s:s, "
		    "s:s, s:o, s:b}", "line", (json_int_t)l->line, "booked_on",
		    l->booked_on, "amount_vnd", (json_int_t)l->amount_vnd,
		    "description", l->description, "outcome", outcome,
		    "order", order_json(o), "known", 0));
	}
	for (int k = 0; k < 5; k++)
		json_object_set_new(res, names[k], json_integer(counts[k]));
	json_object_set_new(res, "new", json_integer((json_int_t)
	    bf->ncredits - counts[0]));
	return e;
}

/* The order's figures in the answer are those after the whole file. */
static void
refresh_orders(json_t *res, const struct order *orders, size_t n)
{
	json_t *t, *o;
	size_t i, j;

	json_array_foreach(json_object_get(res, "transfers"), i, t) {
		o = json_object_get(t, "order");
		if (!json_is_object(o))
			continue;
		for (j = 0; j < n; j++)
			if (orders[j].id == jval_int(o, "id", 0))
				json_object_set_new(t, "order",
				    order_json(&orders[j]));
	}
}

enum err
market_bank_upload(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t producer_id,
    const char *filename, const void *data, size_t len, json_t **out,
    struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	struct market_bankfile bf;
	struct order *orders = NULL;
	size_t norders = 0;
	struct audit_actor who;
	const char *structure, *code;
	char now[STAMP_TIME_LEN];
	int64_t upload_id = 0;
	json_t *res = NULL;
	enum err e;

	*out = NULL;
	if ((e = market_check_owner(db, p, acting, producer_id, "producer_id",
	    ei)) != ERR_OK ||
	    (e = ocop_producer_unit_of(db, a, producer_id, &structure, &code,
	    ei)) != ERR_OK ||
	    (e = market_bankcsv_read(a, data, len, &bf, ei)) != ERR_OK)
		goto out;
	stamp_now(now);
	res = json_pack("{s:s, s:I, s:I, s:[]}", "encoding", bf.encoding,
	    "rows", (json_int_t)bf.rows, "credits", (json_int_t)bf.ncredits,
	    "transfers");
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto out;
	if ((e = store_file(db, producer_id, p, filename, data, len, &bf, now,
	    &upload_id, ei)) == ERR_OK &&
	    (e = load_orders(db, producer_id, &orders, &norders, ei)) ==
	    ERR_OK)
		e = record_credits(db, producer_id, upload_id, &bf, orders,
		    norders, now, res, ei);
	for (size_t i = 0; i < norders && e == ERR_OK; i++) {
		struct db_stmt *st;

		if (orders[i].added == 0)
			continue;
		st = db_stmt(db, STMT_MM_ORDER_PAID_ADD);
		db_bind_int(st, 1, orders[i].added);
		db_bind_int(st, 2, orders[i].id);
		db_bind_int(st, 3, producer_id);
		e = db_exec(st, ei);
	}
	if (e == ERR_OK) {
		json_object_set_new(res, "upload_id", json_integer(upload_id));
		auth_actor(p, acting, &who);
		e = audit_record(db, &who, "market.bank_upload", structure, code,
		    json_pack("{s:I, s:s, s:I, s:I, s:I}", "producer_id",
		    (json_int_t)producer_id, "filename", filename, "credits",
		    (json_int_t)bf.ncredits, "new", jval_int(res, "new", 0),
		    "matched", jval_int(res, "matched", 0)), ei,
		    "market_bank_upload:%lld", (long long)upload_id);
	}
	e = db_finish(db, e, ei);
	if (e == ERR_OK) {
		refresh_orders(res, orders, norders);
		*out = res;
		res = NULL;
	}
out:
	free_orders(orders, norders);
	json_decref(res);
	arena_free(a);
	return e;
}

enum err
market_bank_uploads(struct db *db, int64_t producer_id, json_t **out,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MM_UPLOADS);
	json_t *items = json_array();
	int rc;

	db_bind_int(st, 1, producer_id);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:I, "
		    "s:s, s:I}", "id", (json_int_t)db_col_int(st, 0),
		    "filename", db_col_text(st, 1), "encoding",
		    db_col_text(st, 2), "line_count",
		    (json_int_t)db_col_int(st, 3), "created_at",
		    db_col_text(st, 4), "transfers",
		    (json_int_t)db_col_int(st, 5)));
	return db_rows_done(db, rc, items, out, ei);
}

enum err
market_transfers(struct db *db, int64_t producer_id, const char *from,
    const char *to, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MM_TRANSFERS);
	json_t *items = json_array();
	int rc;

	db_bind_int(st, 1, producer_id);
	db_bind_text(st, 2, from != NULL ? from : "0000-00-00");
	db_bind_text(st, 3, to != NULL ? to : "9999-99-99");
	while ((rc = db_step(st, ei)) == 1) {
		json_t *o = json_null();

		if (!db_col_null(st, 5)) {
			int64_t total = db_col_int(st, 7), paid = db_col_int(st,
			    8);

			o = json_pack("{s:I, s:s, s:I, s:I, s:I}", "id",
			    (json_int_t)db_col_int(st, 5), "reference",
			    db_col_text(st, 6), "total_vnd", (json_int_t)total,
			    "paid_vnd", (json_int_t)paid, "missing_vnd",
			    (json_int_t)(total > paid ? total - paid : 0));
		}
		json_array_append_new(items, json_pack("{s:I, s:s, s:I, s:s, "
		    "s:s, s:o}", "id", (json_int_t)db_col_int(st, 0),
		    "booked_on", db_col_text(st, 1), "amount_vnd",
		    (json_int_t)db_col_int(st, 2), "description",
		    db_col_text(st, 3), "outcome", db_col_text(st, 4), "order",
		    o));
	}
	return db_rows_done(db, rc, items, out, ei);
}
