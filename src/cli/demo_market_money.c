/*
 * demo_market_money.c - the money part of ntm demo (docs/MARKET.md
 * section 6), after the orders' demo: the platform's fee row (a DEMO
 * decision at rate 0: the real fee is not known) and one bank statement
 * paying one unpaid transfer order in full (a delivered one if there is
 * one: the statement of the period shows it received), with a transfer of
 * no order, and a second in part - one statement when both are one
 * producer's, else one for each - uploaded as the shop and orders demos
 * act for producers (no account: the demo itself).  With fewer than two
 * such orders (the orders' demo not run) it uploads nothing and says so.
 * Running it again keeps what exists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/stamp.h"
#include "domain/auth/auth.h"
#include "domain/market/market_money.h"

#define DEMO_FEE_SOURCE "DEMO — chưa có quyết định về phí sàn Chợ OCOP; " \
	"tỷ lệ 0 % chỉ để minh hoạ, không phải mức phí thật"

static enum err
fee_row(struct db *db, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MM_DEMO_FEE);
	char now[STAMP_TIME_LEN];
	enum err e;

	stamp_now(now);
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	db_bind_text(st, 1, "2025-01-01");
	db_bind_text(st, 2, DEMO_FEE_SOURCE);
	db_bind_text(st, 3, now);
	return db_finish(db, db_exec(st, ei), ei);
}

struct demo_order {
	int64_t id, total, producer;
	char reference[64];
};

/* Up to two unpaid transfer orders, a delivered one first. */
static int
unpaid_orders(struct db *db, struct demo_order o[2], struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MM_DEMO_TRANSFER_ORDERS);
	int n = 0;

	while (n < 2 && db_step(st, ei) == 1) {
		o[n].id = db_col_int(st, 0);
		snprintf(o[n].reference, sizeof o[n].reference, "%s",
		    db_col_text(st, 1));
		o[n].total = db_col_int(st, 2);
		o[n].producer = db_col_int(st, 3);
		n++;
	}
	db_end_reads(db);
	return n;
}

/*
 * The statement of one producer as an internet bank exports it (the
 * account first, semicolons, the references as buyers typed them): full
 * (may be NULL) paid in full with a transfer of no order beside it, part
 * (may be NULL) paid half.  Uploaded as the demo itself.
 */
static enum err
statement(struct db *db, int64_t producer, const struct demo_order *full,
    const struct demo_order *part, struct errinfo *ei)
{
	char today[DATE_LEN], dmy[16];
	struct buf csv;
	json_t *res = NULL;
	enum err e = ERR_OK;

	date_today(today);
	snprintf(dmy, sizeof dmy, "%.2s/%.2s/%.4s", today + 8, today + 5,
	    today);
	buf_init(&csv, 4096);
	if (buf_printf(&csv, "SAO KÊ TÀI KHOẢN (DEMO);;;;\r\n"
	    "Số tài khoản: 0011001234567;;;;\r\n"
	    "Ngày giao dịch;Số tham chiếu;Ghi nợ;Ghi có;Diễn giải\r\n"
	    "%s;DEMO%lld-3;15000;;Phi quan ly tai khoan\r\n", dmy,
	    (long long)producer) != ERR_OK)
		e = ERR_LIMIT;
	if (e == ERR_OK && full != NULL &&
	    buf_printf(&csv, "%s;DEMO%lld-1;;%lld;MBVCB.8812 %s thanh toan "
	    "don hang\r\n%s;DEMO%lld-4;;250000;NGUYEN VAN A chuyen tien\r\n",
	    dmy, (long long)full->id, (long long)full->total, full->reference,
	    dmy, (long long)producer) != ERR_OK)
		e = ERR_LIMIT;
	if (e == ERR_OK && part != NULL &&
	    buf_printf(&csv, "%s;DEMO%lld-2;;%lld;CK %s tra truoc mot phan\r\n",
	    dmy, (long long)part->id, (long long)(part->total / 2 > 0 ?
	    part->total / 2 : 1), part->reference) != ERR_OK)
		e = ERR_LIMIT;
	if (e != ERR_OK)
		e = err_set(ei, ERR_LIMIT, "market.demo", NULL,
		    "sao kê demo quá dài", "the demo statement is too long");
	else
		e = market_bank_upload(db, NULL, NULL, producer,
		    "sao-ke-demo.csv", csv.data, csv.len, &res, ei);
	json_decref(res);
	buf_free(&csv);
	return e;
}

int
demo_market_money(struct db *db)
{
	struct db_stmt *st;
	struct demo_order o[2];
	struct errinfo ei;
	int64_t uploads = 0;
	int n;
	enum err e;

	err_clear(&ei);
	if ((e = fee_row(db, &ei)) != ERR_OK)
		goto fail;
	st = db_stmt(db, STMT_MM_DEMO_ANY_UPLOAD);
	if (db_step(st, &ei) == 1)
		uploads = db_col_int(st, 0);
	db_end_reads(db);
	if (uploads > 0)
		return EXIT_OK;
	if ((n = unpaid_orders(db, o, &ei)) < 2) {
		printf("Market money: the platform's fee row (DEMO, 0 %%); no "
		    "bank statement (fewer than two unpaid transfer "
		    "orders).\n");
		return EXIT_OK;
	}
	/* One statement when both orders are one producer's, else one
	 * each. */
	if (o[0].producer == o[1].producer)
		e = statement(db, o[0].producer, &o[0], &o[1], &ei);
	else if ((e = statement(db, o[0].producer, &o[0], NULL, &ei)) ==
	    ERR_OK)
		e = statement(db, o[1].producer, NULL, &o[1], &ei);
	if (e != ERR_OK)
		goto fail;
	printf("Market money: the platform's fee row (DEMO, 0 %%); bank "
	    "statements paying order %s in full (with a transfer of no "
	    "order) and %s in part; /cua-hang/doi-soat and /cua-hang/sao-ke "
	    "as the producers' accounts.\n", o[0].reference, o[1].reference);
	return EXIT_OK;
fail:
	return cli_fail("demo", &ei);
}
