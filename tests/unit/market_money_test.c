/*
 * market_money_test.c - bank statements (market_money.h): encodings
 * (UTF-8 with and without BOM, UTF-16 LE and BE, Windows-1258),
 * separators, amounts and dates as banks write them, the header below
 * the account's details, duplicated lines; reconciliation on a test
 * database holding orders inserted by SQL (matched, partial, excess,
 * unmatched, the same file twice, another producer's orders untouched,
 * a bad row writing nothing); the statement's totals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/jval.h"
#include "domain/market/market_money.h"
#include "testdb.h"

static void
amounts(void **state)
{
	int64_t v;

	(void)state;
	assert_true(market_bankcsv_amount("1.250.000", &v));
	assert_int_equal(v, 1250000);
	assert_true(market_bankcsv_amount("1,250,000", &v));
	assert_int_equal(v, 1250000);
	assert_true(market_bankcsv_amount("1250000", &v));
	assert_int_equal(v, 1250000);
	assert_true(market_bankcsv_amount("1.250.000,00", &v));
	assert_int_equal(v, 1250000);
	assert_true(market_bankcsv_amount("1,250,000.00", &v));
	assert_int_equal(v, 1250000);
	assert_true(market_bankcsv_amount("+1 250 000 VND", &v));
	assert_int_equal(v, 1250000);
	assert_true(market_bankcsv_amount("50.000 \xc4\x91", &v));
	assert_int_equal(v, 50000);
	assert_true(market_bankcsv_amount("120000.0", &v));
	assert_int_equal(v, 120000);
	assert_true(market_bankcsv_amount("", &v));
	assert_int_equal(v, 0);
	assert_false(market_bankcsv_amount("12,5", &v));	/* xu */
	assert_false(market_bankcsv_amount("abc", &v));
	assert_false(market_bankcsv_amount("1.2.3,4,5", &v));
}

static void
dates(void **state)
{
	char d[11];

	(void)state;
	assert_true(market_bankcsv_date("05/11/2026", d));
	assert_string_equal(d, "2026-11-05");
	assert_true(market_bankcsv_date("5/1/2026 14:02:11", d));
	assert_string_equal(d, "2026-01-05");
	assert_true(market_bankcsv_date("05-11-2026", d));
	assert_string_equal(d, "2026-11-05");
	assert_true(market_bankcsv_date("2026-11-05", d));
	assert_true(market_bankcsv_date("2026-11-05T10:00:00", d));
	assert_string_equal(d, "2026-11-05");
	assert_false(market_bankcsv_date("31/02/2026", d));
	assert_false(market_bankcsv_date("11/2026", d));
	assert_false(market_bankcsv_date("hôm qua", d));
}

/* A statement as Vietcombank-like internet banking exports it: the
 * account's details first, then the header. */
static const char vcb[] =
    "SAO KÊ TÀI KHOẢN\n"
    "Số tài khoản:,0011001800879\n"
    "\n"
    "STT,Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có (VND),"
    "Nội dung\n"
    "1,05/11/2026,FT001,,\"1.250.000\",MBVCB.123 DH NTMAB12CD thanh toan\n"
    "2,05/11/2026,FT002,\"200.000\",,Phi dich vu\n"
    "3,06/11/2026,FT003,,\"300.000\",chuyen tien NTM-XY 34Z\n"
    "4,06/11/2026,FT003,,\"300.000\",chuyen tien NTM-XY 34Z\n"
    ",Tổng cộng,,\"200.000\",\"1.850.000\",\n";

static void
reads_a_statement(void **state)
{
	struct arena *a = arena_new(4096);
	struct market_bankfile f;
	struct errinfo ei;

	(void)state;
	assert_int_equal(market_bankcsv_read(a, vcb, strlen(vcb), &f, &ei),
	    ERR_OK);
	assert_string_equal(f.encoding, "utf-8");
	assert_int_equal(f.rows, 5);
	assert_int_equal(f.ncredits, 3);	/* the debit and total skipped */
	assert_string_equal(f.credits[0].booked_on, "2026-11-05");
	assert_int_equal(f.credits[0].amount_vnd, 1250000);
	assert_string_equal(f.credits[0].bank_ref, "FT001");
	assert_string_equal(f.credits[0].line_key, "ref:FT001");
	assert_int_equal(f.credits[0].line, 5);
	/* The same transaction number twice: one key. */
	assert_string_equal(f.credits[1].line_key, f.credits[2].line_key);
	arena_free(a);
}

/* s as UTF-16 with its BOM, little or big endian (ASCII and BMP only). */
static size_t
utf16(const char *s, bool le, unsigned char *out)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;

	out[n++] = le ? 0xFF : 0xFE;
	out[n++] = le ? 0xFE : 0xFF;
	while (*p != '\0') {
		unsigned cp;

		if (*p < 0x80)
			cp = *p++;
		else if ((*p & 0xE0) == 0xC0) {
			cp = (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
			p += 2;
		} else {
			cp = (unsigned)(p[0] & 0x0F) << 12 |
			    (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
			p += 3;
		}
		out[n++] = (unsigned char)(le ? cp & 0xFF : cp >> 8);
		out[n++] = (unsigned char)(le ? cp >> 8 : cp & 0xFF);
	}
	return n;
}

static void
encodings_and_separators(void **state)
{
	struct arena *a = arena_new(4096);
	struct market_bankfile f;
	struct errinfo ei;
	unsigned char u16[2048];
	char bom[1024];
	size_t n;
	/* Semicolons (a spreadsheet in a comma-decimal locale), ISO dates,
	 * "Diễn giải" and "Ghi có". */
	static const char semi[] =
	    "Ngày;Diễn giải;Ghi có;Ghi nợ\n"
	    "2026-11-07;NTMAB12CD;500000;\n";
	/* Windows-1258: precomposed vowels (0xE0 "à", 0xF4 "ô") and
	 * combining tones (0xCC grave, 0xEC acute, 0xF2 dot below). */
	static const unsigned char cp1258[] =
	    "Ng\xE0y giao di\xF2" "ch,S\xF4\xEC ti\xEA\xCCn ghi c\xF3,"
	    "N\xF4\xF2i dung\n"
	    "08/11/2026,\"75.000\",Ti\xEA\xCCn h\xE0ng NTMXY34Z\n";

	(void)state;
	n = utf16(semi, true, u16);
	assert_int_equal(market_bankcsv_read(a, u16, n, &f, &ei), ERR_OK);
	assert_string_equal(f.encoding, "utf-16le");
	assert_int_equal(f.sep, ';');
	assert_int_equal(f.ncredits, 1);
	assert_int_equal(f.credits[0].amount_vnd, 500000);
	assert_string_equal(f.credits[0].description, "NTMAB12CD");
	/* no transaction number: a digest of date, amount, description */
	assert_int_equal(strlen(f.credits[0].line_key), 64);
	n = utf16(semi, false, u16);
	assert_int_equal(market_bankcsv_read(a, u16, n, &f, &ei), ERR_OK);
	assert_string_equal(f.encoding, "utf-16be");
	assert_int_equal(f.credits[0].amount_vnd, 500000);
	snprintf(bom, sizeof bom, "\xEF\xBB\xBF%s", semi);
	assert_int_equal(market_bankcsv_read(a, bom, strlen(bom), &f, &ei),
	    ERR_OK);
	assert_string_equal(f.encoding, "utf-8");
	assert_int_equal(market_bankcsv_read(a, cp1258, sizeof cp1258 - 1, &f,
	    &ei), ERR_OK);
	assert_string_equal(f.encoding, "windows-1258");
	assert_int_equal(f.ncredits, 1);
	assert_int_equal(f.credits[0].amount_vnd, 75000);
	/* composed to NFC: "Tiền hàng" */
	assert_string_equal(f.credits[0].description,
	    "Ti\xe1\xbb\x81n h\xc3\xa0ng NTMXY34Z");
	arena_free(a);
}

static void
refuses_what_it_cannot_read(void **state)
{
	struct arena *a = arena_new(4096);
	struct market_bankfile f;
	struct errinfo ei;
	static const char nocredit[] = "Ngày giao dịch,Nội dung,Số dư\n"
	    "05/11/2026,abc,100\n";
	static const char badrow[] = "Ngày giao dịch,Ghi có,Nội dung\n"
	    "05/11/2026,100.000,a\n"
	    "06/11/2026,mot tram,b\n";
	static const char baddate[] = "Ngày giao dịch,Ghi có,Nội dung\n"
	    "32/11/2026,100.000,a\n";

	(void)state;
	assert_int_equal(market_bankcsv_read(a, nocredit, strlen(nocredit), &f,
	    &ei), ERR_INVALID);
	assert_string_equal(ei.code, "market.bank_column");
	assert_non_null(strstr(ei.message, "Số tiền ghi có"));
	assert_int_equal(market_bankcsv_read(a, badrow, strlen(badrow), &f,
	    &ei), ERR_INVALID);
	assert_string_equal(ei.code, "market.bank_row");
	assert_non_null(strstr(ei.message, "dòng 3"));
	assert_int_equal(market_bankcsv_read(a, baddate, strlen(baddate), &f,
	    &ei), ERR_INVALID);
	assert_non_null(strstr(ei.message_en, "line 2"));
	arena_free(a);
}

static void
references_in_descriptions(void **state)
{
	(void)state;
	assert_true(market_reference_in("MBVCB.1 DH NTMAB12CD tt", "NTMAB12CD"));
	assert_true(market_reference_in("ntm ab12-cd", "NTMAB12CD"));
	assert_true(market_reference_in("NTM-AB12-CD", "NTMAB12CD"));
	assert_false(market_reference_in("NTMAB12C", "NTMAB12CD"));
	assert_false(market_reference_in("anything", ""));
}

/* ---- reconciliation on a database ---------------------------------------- */

static const char seed[] =
    "PRAGMA foreign_keys = OFF;"
    "INSERT INTO unit (structure, code, name, full_name, level, level_rank, "
    "  unit_type, search_name) VALUES "
    "  ('2025', '00376', 'Sóc Sơn', 'Xã Sóc Sơn', 'commune', 3, 'xa', "
    "   'soc son'),"
    "  ('2025', '01', 'Hà Nội', 'Thành phố Hà Nội', 'province', 1, 'tp', "
    "   'ha noi');"
    "INSERT INTO ocop_producer (id, name, search_name, structure, code, "
    "  created_at, updated_at) VALUES "
    "  (1, 'HTX A', 'htx a', '2025', '00376', 'x', 'x'),"
    "  (2, 'HTX B', 'htx b', '2025', '00376', 'x', 'x');"
    "INSERT INTO market_order (id, reference, access_hash, checkout, "
    "  producer_id, buyer_name, buyer_phone, address, structure, code, "
    "  province_code, payment, state, instance_id, weight_grams, goods_vnd, "
    "  shipping_vnd, total_vnd, fee_vnd, placed_at, updated_at, "
    "  delivered_at) VALUES "
    "  (10, 'NTMAB12CD', 'h1', 'c1', 1, 'An', '0900000000', 'x', '2025', "
    "   '00376', '01', 'transfer', 'delivered', 10, 500, 1200000, 50000, "
    "   1250000, 12000, 'x', 'x', '2026-11-06T08:00:00Z'),"
    "  (11, 'NTMXY34Z', 'h2', 'c2', 1, 'An', '0900000000', 'x', '2025', "
    "   '00376', '01', 'transfer', 'delivered', 11, 500, 500000, 0, "
    "   500000, 5000, 'x', 'x', '2026-11-07T08:00:00Z'),"
    "  (12, 'NTMCOD77', 'h3', 'c3', 1, 'An', '0900000000', 'x', '2025', "
    "   '00376', '01', 'cod', 'delivered', 12, 500, 100000, 30000, "
    "   130000, 1000, 'x', 'x', '2026-11-08T08:00:00Z'),"
    "  (13, 'NTMBB99', 'h4', 'c4', 2, 'An', '0900000000', 'x', '2025', "
    "   '00376', '01', 'transfer', 'placed', 13, 500, 300000, 0, "
    "   300000, 0, 'x', 'x', NULL);"
    "INSERT INTO ocop_product (id, producer_id, name, search_name, "
    "  product_group, structure, code, state, instance_id, stars, "
    "  created_at, updated_at) VALUES "
    "  (1, 1, 'Chè', 'che', 2, '2025', '00376', 'certified', 100, 4, 'x', "
    "   'x'),"
    "  (2, 1, 'Mật ong', 'mat ong', 1, '2025', '00376', 'certified', 101, "
    "   3, 'x', 'x');"
    "INSERT INTO market_order_line (order_id, listing_id, product_id, name, "
    "  unit_name, price_vnd, quantity, weight_grams, amount_vnd) VALUES "
    "  (10, 1, 1, 'Chè', 'hộp', 600000, 2, 250, 1200000),"
    "  (11, 1, 1, 'Chè', 'hộp', 250000, 1, 250, 250000),"
    "  (11, 2, 2, 'Mật ong', 'chai', 250000, 1, 250, 250000),"
    "  (12, 2, 2, 'Mật ong', 'chai', 100000, 1, 250, 100000);";

static int64_t
paid_of(struct db *db, int64_t id)
{
	json_t *t;
	struct errinfo ei;
	int64_t paid = -1;
	size_t i;
	json_t *it;

	assert_int_equal(market_transfers(db, id == 13 ? 2 : 1, NULL, NULL, &t,
	    &ei), ERR_OK);
	json_array_foreach(t, i, it) {
		json_t *o = json_object_get(it, "order");

		if (json_is_object(o) && jval_int(o, "id", 0) == id)
			paid = jval_int(o, "paid_vnd", 0);
	}
	json_decref(t);
	return paid;
}

static void
reconciles(void **state)
{
	char dir[64];
	struct db *db;
	struct errinfo ei;
	json_t *res, *st, *tot;
	/* The producer of order 13 is 2: a transfer naming it in producer
	 * 1's statement matches nothing. */
	static const char file2[] = "Ngày giao dịch,Ghi có,Nội dung,Mã GD\n"
	    "07/11/2026,200.000,NTMXY34Z lan 2,T9\n"
	    "07/11/2026,300.000,NTMBB99,T10\n"
	    "07/11/2026,abc,NTMBB99,T11\n";

	(void)state;
	assert_int_equal(testdb_open("market-money", dir, NULL, &db), 0);
	assert_int_equal(db_exec_script(db, seed, &ei), ERR_OK);

	assert_int_equal(market_bank_upload(db, NULL, NULL, 1, "vcb.csv", vcb,
	    strlen(vcb), &res, &ei), ERR_OK);
	assert_int_equal(jval_int(res, "credits", 0), 3);
	assert_int_equal(jval_int(res, "known", 0), 1);	/* FT003 twice */
	assert_int_equal(jval_int(res, "matched", 0), 1);
	assert_int_equal(jval_int(res, "partial", 0), 1);
	assert_int_equal(jval_int(res, "unmatched", 0), 0);
	json_decref(res);
	assert_int_equal(paid_of(db, 10), 1250000);
	assert_int_equal(paid_of(db, 11), 300000);

	/* The same file again changes nothing. */
	assert_int_equal(market_bank_upload(db, NULL, NULL, 1, "vcb.csv", vcb,
	    strlen(vcb), &res, &ei), ERR_OK);
	assert_int_equal(jval_int(res, "known", 0), 3);
	assert_int_equal(jval_int(res, "new", 0), 0);
	json_decref(res);
	assert_int_equal(paid_of(db, 11), 300000);

	/* A file with an unreadable row writes nothing. */
	assert_int_equal(market_bank_upload(db, NULL, NULL, 1, "b.csv", file2,
	    strlen(file2), &res, &ei), ERR_INVALID);
	assert_non_null(strstr(ei.message, "dòng 4"));
	assert_int_equal(paid_of(db, 11), 300000);

	/* Without it: order 11 completed, 13 (another producer's) not
	 * touched, its transfer unmatched. */
	assert_int_equal(market_bank_upload(db, NULL, NULL, 1, "b.csv", file2,
	    strlen(file2) - strlen("07/11/2026,abc,NTMBB99,T11\n"), &res, &ei),
	    ERR_OK);
	assert_int_equal(jval_int(res, "matched", 0), 1);
	assert_int_equal(jval_int(res, "unmatched", 0), 1);
	json_decref(res);
	assert_int_equal(paid_of(db, 11), 500000);

	/* The statement of November: three delivered orders. */
	assert_int_equal(market_statement(db, 1, "2026-11-01", "2026-11-30",
	    &st, &ei), ERR_OK);
	tot = json_object_get(st, "totals");
	assert_int_equal(jval_int(tot, "orders", 0), 3);
	assert_int_equal(jval_int(tot, "goods_vnd", 0), 1800000);
	assert_int_equal(jval_int(tot, "sales_vnd", 0), 1880000);
	assert_int_equal(jval_int(tot, "fee_vnd", 0), 18000);
	assert_int_equal(jval_int(tot, "owed_vnd", 0), 1862000);
	assert_int_equal(jval_int(tot, "transfer_vnd", 0), 1750000);
	assert_int_equal(jval_int(tot, "cod_vnd", 0), 130000);
	assert_int_equal(jval_int(tot, "outstanding_vnd", 0), 0);
	assert_int_equal(json_array_size(json_object_get(st, "unmatched")), 1);
	assert_int_equal(jval_int(st, "unmatched_vnd", 0), 300000);
	json_decref(st);
	/* Statistics: the three in province 01; order 11 in both groups
	 * and both ratings, with the goods of its lines there. */
	assert_int_equal(market_stats(db, "2026-11-01", "2026-11-30", NULL,
	    "vi", &st, &ei), ERR_OK);
	assert_int_equal(jval_int(st, "orders", 0), 3);
	assert_int_equal(jval_int(st, "goods_vnd", 0), 1800000);
	tot = json_array_get(json_object_get(st, "by_province"), 0);
	assert_string_equal(jval_str(tot, "key"), "01");
	assert_string_equal(jval_str(tot, "name"), "Thành phố Hà Nội");
	assert_int_equal(jval_int(tot, "orders", 0), 3);
	tot = json_array_get(json_object_get(st, "by_group"), 0);	/* 1 */
	assert_int_equal(jval_int(tot, "orders", 0), 2);
	assert_int_equal(jval_int(tot, "goods_vnd", 0), 350000);
	tot = json_array_get(json_object_get(st, "by_stars"), 1);	/* 4 */
	assert_string_equal(jval_str(tot, "key"), "4");
	assert_int_equal(jval_int(tot, "orders", 0), 2);
	assert_int_equal(jval_int(tot, "goods_vnd", 0), 1450000);
	assert_int_equal(jval_int(json_array_get(json_object_get(tot,
	    "months"), 0), "orders", 0), 2);
	json_decref(st);
	assert_int_equal(market_stats(db, "2026-11-01", "2026-11-30", "02",
	    "vi", &st, &ei), ERR_OK);
	assert_int_equal(jval_int(st, "orders", 0), 0);
	json_decref(st);
	assert_int_equal(testdb_remove(db, dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(amounts),
		cmocka_unit_test(dates),
		cmocka_unit_test(reads_a_statement),
		cmocka_unit_test(encodings_and_separators),
		cmocka_unit_test(refuses_what_it_cannot_read),
		cmocka_unit_test(references_in_descriptions),
		cmocka_unit_test(reconciles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
