/*
 * market_statement.c - the producer's statement of a period
 * (market_money.h; docs/MARKET.md section 6): one line per order
 * delivered in it, every figure the order's own, every total the sum of
 * its column, so an accountant can trace each number to its orders.
 */
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "domain/market/market_money.h"

/* The columns summed into totals, in the order of the line's keys. */
static const char *const sums[] = { "goods_vnd", "shipping_vnd", "sales_vnd",
	"fee_vnd", "owed_vnd", "transfer_vnd", "cod_vnd", "outstanding_vnd",
	NULL };

static json_t *
line_of(struct db_stmt *st)
{
	int64_t goods = db_col_int(st, 4), ship = db_col_int(st, 5);
	int64_t fee = db_col_int(st, 6), paid = db_col_int(st, 8);
	int64_t sales = goods + ship;
	bool cod = strcmp(db_col_text(st, 7), "cod") == 0;
	/* Cash on delivery: the carrier collected the whole sum when it
	 * delivered; a transfer order's money is what the bank showed. */
	int64_t cod_vnd = cod ? sales : 0;

	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:s, s:I, s:I, "
	    "s:I, s:I}", "date", db_col_text(st, 3), "reference",
	    db_col_text(st, 1), "order_id", (json_int_t)db_col_int(st, 0),
	    "goods_vnd", (json_int_t)goods, "shipping_vnd", (json_int_t)ship,
	    "sales_vnd", (json_int_t)sales, "fee_vnd", (json_int_t)fee,
	    "payment", db_col_text(st, 7), "owed_vnd",
	    (json_int_t)(sales - fee), "transfer_vnd", (json_int_t)paid,
	    "cod_vnd", (json_int_t)cod_vnd, "outstanding_vnd",
	    (json_int_t)(sales - cod_vnd - paid));
}

static enum err
read_orders(struct db *db, int64_t producer_id, const char *from,
    const char *to, json_t *res, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MM_STATEMENT_ORDERS);
	json_t *lines = json_object_get(res, "lines");
	json_t *returned = json_object_get(res, "returned");
	json_t *totals = json_object_get(res, "totals");
	int64_t t[8] = { 0 };
	int rc, i;

	db_bind_int(st, 1, producer_id);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	while ((rc = db_step(st, ei)) == 1) {
		json_t *l;

		if (strcmp(db_col_text(st, 2), "returned") == 0) {
			/* Not a sale: listed apart with what was received,
			 * which the producer owes back. */
			json_array_append_new(returned, json_pack("{s:s, s:s, "
			    "s:I, s:I, s:I}", "date", db_col_text(st, 3),
			    "reference", db_col_text(st, 1), "order_id",
			    (json_int_t)db_col_int(st, 0), "total_vnd",
			    (json_int_t)db_col_int(st, 9), "transfer_vnd",
			    (json_int_t)db_col_int(st, 8)));
			continue;
		}
		l = line_of(st);
		for (i = 0; sums[i] != NULL; i++)
			t[i] += jval_int(l, sums[i], 0);
		json_array_append_new(lines, l);
	}
	if (rc < 0)
		return ei->err;
	json_object_set_new(totals, "orders",
	    json_integer((json_int_t)json_array_size(lines)));
	for (i = 0; sums[i] != NULL; i++)
		json_object_set_new(totals, sums[i], json_integer(t[i]));
	return ERR_OK;
}

static enum err
read_unmatched(struct db *db, int64_t producer_id, const char *from,
    const char *to, json_t *res, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MM_STATEMENT_UNMATCHED);
	json_t *list = json_object_get(res, "unmatched");
	int64_t sum = 0;
	int rc;

	db_bind_int(st, 1, producer_id);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	while ((rc = db_step(st, ei)) == 1) {
		sum += db_col_int(st, 1);
		json_array_append_new(list, json_pack("{s:s, s:I, s:s}",
		    "booked_on", db_col_text(st, 0), "amount_vnd",
		    (json_int_t)db_col_int(st, 1), "description",
		    db_col_text(st, 2)));
	}
	if (rc < 0)
		return ei->err;
	json_object_set_new(res, "unmatched_vnd", json_integer(sum));
	return ERR_OK;
}

enum err
market_statement(struct db *db, int64_t producer_id, const char *from,
    const char *to, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MM_PRODUCER_NAME);
	json_t *res;
	enum err e;
	int rc;

	*out = NULL;
	if (!date_parse(from, NULL) || !date_parse(to, NULL) ||
	    strcmp(from, to) > 0)
		return err_set(ei, ERR_INVALID, "market.bad_period", "from",
		    "Kỳ sao kê không hợp lệ: “từ ngày” phải trước “đến ngày”",
		    "The period is not valid: “from” must come before “to”");
	db_bind_int(st, 1, producer_id);
	if ((rc = db_step(st, ei)) != 1) {
		db_end_reads(db);
		return rc < 0 ? ei->err : err_set(ei, ERR_NOTFOUND,
		    "ocop.not_found", "producer", "Không tìm thấy chủ thể",
		    "No such producer");
	}
	res = json_pack("{s:{s:I, s:s}, s:s, s:s, s:[], s:{}, s:[], s:[]}",
	    "producer", "id", (json_int_t)producer_id, "name",
	    db_col_text(st, 0), "from", from, "to", to, "lines", "totals",
	    "returned", "unmatched");
	if ((e = read_orders(db, producer_id, from, to, res, ei)) == ERR_OK)
		e = read_unmatched(db, producer_id, from, to, res, ei);
	db_end_reads(db);
	if (e != ERR_OK) {
		json_decref(res);
		return e;
	}
	*out = res;
	return ERR_OK;
}
