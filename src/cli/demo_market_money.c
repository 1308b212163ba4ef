/*
 * demo_market_money.c - the money part of ntm demo (docs/MARKET.md
 * section 6), after the orders' demo: the platform's fee row (a DEMO
 * decision at rate 0: the real fee is not known) and one bank statement
 * uploaded by htx that pays one transfer order in full, another in part,
 * and has a line of no order.  Without two unpaid transfer orders of one
 * of htx's producers (the orders' demo not run) it uploads nothing and
 * says so.  Running it again keeps what exists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
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

/* Two unpaid transfer orders of one producer htx represents. */
static bool
two_orders(struct db *db, struct demo_order o[2], struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MM_DEMO_TRANSFER_ORDERS);
	struct demo_order cur;
	int n = 0, rc;

	db_bind_text(st, 1, "htx");
	while (n < 2 && (rc = db_step(st, ei)) == 1) {
		cur.id = db_col_int(st, 0);
		snprintf(cur.reference, sizeof cur.reference, "%s",
		    db_col_text(st, 1));
		cur.total = db_col_int(st, 2);
		cur.producer = db_col_int(st, 3);
		if (n == 1 && cur.producer != o[0].producer)
			n = 0;	/* start again with this producer */
		o[n++] = cur;
	}
	db_end_reads(db);
	return n == 2;
}

static enum err
statement(struct db *db, struct arena *a, const struct demo_order o[2],
    struct errinfo *ei)
{
	struct principal htx;
	char today[DATE_LEN], dmy[16];
	struct buf csv;
	json_t *res = NULL;
	enum err e;

	if ((e = demo_principal(db, a, "htx", &htx, ei)) != ERR_OK)
		return e;
	date_today(today);
	snprintf(dmy, sizeof dmy, "%.2s/%.2s/%.4s", today + 8, today + 5,
	    today);
	/* As an internet bank exports it: the account first, semicolons,
	 * amounts with dots, the references as buyers typed them. */
	buf_init(&csv, 4096);
	if (buf_printf(&csv, "SAO KÊ TÀI KHOẢN (DEMO);;;;\r\n"
	    "Số tài khoản: 0011001234567;;;;\r\n"
	    "Ngày giao dịch;Số tham chiếu;Ghi nợ;Ghi có;Diễn giải\r\n"
	    "%s;DEMO0001;;%lld;MBVCB.8812 %s thanh toan don hang\r\n"
	    "%s;DEMO0002;;%lld;CK %s tra truoc mot phan\r\n"
	    "%s;DEMO0003;15000;;Phi quan ly tai khoan\r\n"
	    "%s;DEMO0004;;250000;NGUYEN VAN A chuyen tien\r\n",
	    dmy, (long long)o[0].total, o[0].reference, dmy,
	    (long long)(o[1].total / 2 > 0 ? o[1].total / 2 : 1),
	    o[1].reference, dmy, dmy) != ERR_OK) {
		buf_free(&csv);
		return err_set(ei, ERR_LIMIT, "market.demo", NULL,
		    "sao kê demo quá dài", "the demo statement is too long");
	}
	e = market_bank_upload(db, &htx, &htx.roles[0], o[0].producer,
	    "sao-ke-demo.csv", csv.data, csv.len, &res, ei);
	json_decref(res);
	buf_free(&csv);
	return e;
}

int
demo_market_money(struct db *db)
{
	struct arena *a = arena_new(4096);
	struct db_stmt *st;
	struct demo_order o[2];
	struct errinfo ei;
	int64_t uploads = 0;
	enum err e;

	err_clear(&ei);
	if ((e = fee_row(db, &ei)) != ERR_OK)
		goto fail;
	st = db_stmt(db, STMT_MM_DEMO_ANY_UPLOAD);
	if (db_step(st, &ei) == 1)
		uploads = db_col_int(st, 0);
	db_end_reads(db);
	if (uploads > 0) {
		arena_free(a);
		return EXIT_OK;
	}
	if (!two_orders(db, o, &ei)) {
		printf("Market money: the platform's fee row (DEMO, 0 %%); no "
		    "bank statement (no unpaid transfer orders of htx's "
		    "producers yet).\n");
		arena_free(a);
		return EXIT_OK;
	}
	if ((e = statement(db, a, o, &ei)) != ERR_OK)
		goto fail;
	printf("Market money: the platform's fee row (DEMO, 0 %%); a bank "
	    "statement of htx paying order %s in full, %s in part, with a "
	    "transfer of no order; /cua-hang/doi-soat and /cua-hang/sao-ke "
	    "as htx.\n", o[0].reference, o[1].reference);
	arena_free(a);
	return EXIT_OK;
fail:
	arena_free(a);
	return cli_fail("demo", &ei);
}
