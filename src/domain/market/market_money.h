/*
 * market_money.h - the producer's money: bank statements uploaded and
 * reconciled with the orders, the statement of a period, the programme's
 * statistics (docs/MARKET.md sections 6 and 7; issue 17).
 *
 * Transfers go straight from the buyer's bank to the producer's account
 * (VietQR, market_vietqr.h): the platform never holds the money, so what a
 * producer knows of them is its bank's statement.  It uploads the CSV the
 * bank's internet banking exports; each credit becomes one
 * market_transfer, once (line_key), matched to the order whose reference
 * its description carries; market_order.paid_vnd is the sum of the
 * transfers matched to it.  Tables: migration 0019 (market_bank_upload,
 * market_transfer, market_order, market_order_line).
 *
 * Who: a producer account acts only for the producer(s) it represents
 * (ocop_producer_user), else ERR_FORBIDDEN "market.not_yours"; province
 * and commune officers and the coordinator read in their scope (the
 * router checks it on the producer's commune).
 */
#ifndef NTM_DOMAIN_MARKET_MONEY_H
#define NTM_DOMAIN_MARKET_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/auth/auth.h"

/* The largest statement file taken (a year of a busy shop is < 1 MB). */
#define MARKET_BANKCSV_MAX	(4u * 1024 * 1024)

/* ---- the bank's CSV (market_bankcsv.c), pure ---------------------------- */

/* One credit of a statement. */
struct market_bankline {
	long line;		/* the file's line, for messages */
	char booked_on[11];	/* YYYY-MM-DD */
	int64_t amount_vnd;	/* > 0 */
	const char *description;	/* NFC UTF-8, may be "" */
	const char *bank_ref;	/* the bank's transaction number, "" none */
	char line_key[72];	/* "ref:" + bank_ref, else the SHA-256 hex of
				 * booked_on|amount|description */
};

struct market_bankfile {
	const char *encoding;	/* "utf-8", "utf-16le", "utf-16be",
				 * "windows-1258" */
	char sep;		/* ',' or ';' */
	long rows;		/* data rows under the header */
	size_t ncredits;
	struct market_bankline *credits;	/* in a */
};

/*
 * Read a bank statement of len bytes (market_bankfile above) into out,
 * memory in a.  Encoding: a byte order mark (UTF-8, UTF-16 LE or BE),
 * else valid UTF-8, else Windows-1258 (Vietnamese Windows; its
 * combining tones are composed to NFC).  Separator: ',' or ';', the one
 * the header row has more of.  The header row is the first of the first
 * 40 rows that names a date, a credit and a description column (banks put
 * the account's details above it); names as Vietnamese banks export them,
 * compared without accents or case:
 *   date:        Ngày giao dịch, Ngày GD, Ngày hạch toán, Ngày, Date,
 *                Transaction date, Ngày ghi sổ, Ngày hiệu lực
 *   credit:      Số tiền ghi có, Ghi có, Số tiền có, Có, Credit,
 *                Credit amount, Tiền vào
 *   description: Nội dung, Diễn giải, Nội dung giao dịch, Mô tả,
 *                Nội dung chi tiết, Description, Details, Remark
 *   reference:   Số tham chiếu, Mã giao dịch, Số giao dịch, Số bút toán,
 *                Mã GD, Số CT, Reference, Transaction ID, Ref (optional)
 * ("(VND)" after a name is ignored).  Amounts "1.250.000", "1,250,000",
 * "1250000", "1.250.000,00", "+1 250 000 VND"; dates "dd/mm/yyyy",
 * "dd-mm-yyyy" or ISO "yyyy-mm-dd", a time after them ignored.  A row
 * with an empty or zero credit is a debit: skipped.  Errors, nothing
 * returned: ERR_INVALID "market.bank_column" naming the missing column
 * (field "file"), "market.bank_row" naming the row and what is wrong
 * with it, "market.bank_encoding", "market.bank_empty"; ERR_LIMIT over
 * MARKET_BANKCSV_MAX.
 */
enum err market_bankcsv_read(struct arena *a, const void *data, size_t len,
    struct market_bankfile *out, struct errinfo *ei);

/* An amount as a bank writes it into *vnd (whole dong; a decimal part
 * must be zero).  false if it is none; "" and "0" are 0. */
bool market_bankcsv_amount(const char *s, int64_t *vnd);
/* A date as a bank writes it into out (YYYY-MM-DD); false if none. */
bool market_bankcsv_date(const char *s, char out[11]);

/* ---- reconciliation (market_money.c) ------------------------------------- */

/* Does description carry reference (case-insensitive; spaces, dashes and
 * other punctuation the bank inserted ignored)? */
bool market_reference_in(const char *description, const char *reference);

/*
 * Upload a statement for producer_id in one transaction: the file kept
 * (attachment_blob), a market_bank_upload row, one market_transfer per
 * credit not seen before (by line_key: across this file and earlier
 * uploads), each matched to the order of this producer whose reference
 * its description carries, paid_vnd of the orders raised.  A file with a
 * row that cannot be read writes nothing (market_bankcsv_read's errors).
 * *out: {upload_id, encoding, rows, credits, known (already seen), new,
 * matched, partial, excess, unmatched, transfers: [{line, booked_on,
 * amount_vnd, description, outcome, order: {id, reference, total_vnd,
 * paid_vnd, missing_vnd} | null, known}]}.
 */
enum err market_bank_upload(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t producer_id,
    const char *filename, const void *data, size_t len, json_t **out,
    struct errinfo *ei);

/* The producer's uploads, newest first: [{id, filename, encoding,
 * line_count, created_at, transfers}]. */
enum err market_bank_uploads(struct db *db, int64_t producer_id,
    json_t **out, struct errinfo *ei);
/* The producer's transfers booked in [from, to] (YYYY-MM-DD; NULL: no
 * bound), newest first, each with its order's reference. */
enum err market_transfers(struct db *db, int64_t producer_id,
    const char *from, const char *to, json_t **out, struct errinfo *ei);


/* ---- the statement of a period (market_statement.c) --------------------- */

/*
 * The producer's statement for orders delivered on a day in [from, to]
 * (YYYY-MM-DD, from <= to): *out = {producer, from, to, lines: [{date,
 * reference, order_id, goods_vnd, shipping_vnd, sales_vnd, fee_vnd,
 * payment, owed_vnd, transfer_vnd, cod_vnd, outstanding_vnd}], totals:
 * {orders, goods_vnd, shipping_vnd, sales_vnd, fee_vnd, owed_vnd,
 * transfer_vnd, cod_vnd, outstanding_vnd}, returned: [{date, reference,
 * order_id, total_vnd, transfer_vnd}], unmatched: [{booked_on,
 * amount_vnd, description}], unmatched_vnd}.  Per line: sales = goods +
 * shipping; owed = sales - fee; cod = sales when paid cash on delivery;
 * transfer = the transfers matched to the order; outstanding = sales -
 * cod - transfer.  Every total is the sum of its column.
 */
enum err market_statement(struct db *db, int64_t producer_id,
    const char *from, const char *to, json_t **out, struct errinfo *ei);

/* The statement (market_statement's JSON) as CSV or XLSX in lang: one
 * row per line, the totals row last (market_statement_export.c). */
enum err market_statement_csv(json_t *st, const char *lang, struct buf *out,
    struct errinfo *ei);
enum err market_statement_xlsx(json_t *st, const char *lang,
    struct buf *out, struct errinfo *ei);

/* ---- programme statistics (market_stats.c) ------------------------------- */

/*
 * Delivered orders with delivered_at's day in [from, to], optionally of
 * one province (2025 code, NULL all): *out = {from, to, province,
 * months: ["YYYY-MM"...], by_province: [{key, name, months: [{month,
 * orders, goods_vnd}], orders, goods_vnd}], by_group: [...],
 * by_stars: [...], orders, goods_vnd}.  An order counts once in its
 * province; in a product group or star rating once for each it holds
 * (with the goods of its lines of that group or rating).
 */
enum err market_stats(struct db *db, const char *from, const char *to,
    const char *province, const char *lang, json_t **out,
    struct errinfo *ei);

/* The statistics (market_stats' JSON) as CSV in lang: one row per
 * dimension, value and month (market_statement_export.c). */
enum err market_stats_csv(json_t *stats, const char *lang, struct buf *out,
    struct errinfo *ei);

#endif
