/*
 * market_shop.c - a producer's shop and its shipping rules
 * (market_listings.h): the bank account a buyer's transfer needs, the
 * payments accepted, where the producer ships and for how much.  Every
 * problem of a form at once; each write one transaction with its audit
 * entry and the "market" version bump (the catalog shows the shop).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "core/stamp.h"
#include "db/db_rows.h"
#include "domain/market/market_listings.h"
#include "domain/market/market_vietqr.h"

/* One problem of a form (err_set's code, field and messages, ERR_INVALID)
 * after the n found: kept while out has room, counted always. */
static size_t problem(struct errinfo *out, size_t n, size_t max,
    const char *code, const char *field, const char *vi, const char *en, ...)
    __attribute__((format(printf, 6, 8), format(printf, 7, 8)));

static size_t
problem(struct errinfo *out, size_t n, size_t max, const char *code,
    const char *field, const char *vi, const char *en, ...)
{
	struct errinfo one;
	va_list ap;

	va_start(ap, en);
	err_setv(&one, ERR_INVALID, code, field, vi, en, ap);
	va_end(ap);
	return err_list_add(out, n, max, &one);
}

static bool
all_digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);

	if (n < min || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool
blank(const char *s)
{
	return s == NULL || s[0] == '\0';
}

/* ---- the shop --------------------------------------------------------------- */

/* Is value, a field a shop that takes bank transfers must fill, missing
 * while the shop takes them?  Then the problem, naming what transfers
 * need in words, is added after the *n found. */
static bool
transfer_needs(const struct market_shop_in *in, const char *value,
    const char *field, const char *vi, const char *en, struct errinfo *out,
    size_t *n, size_t max)
{
	struct errinfo one;
	char v[128], e[128];

	if (!in->accepts_transfer || !blank(value))
		return false;
	snprintf(v, sizeof(v), "Nhận chuyển khoản cần %s", vi);
	snprintf(e, sizeof(e), "Bank transfers need %s", en);
	err_set_texts(&one, ERR_INVALID, "market.required", field, v, e);
	*n = err_list_add(out, *n, max, &one);
	return true;
}

size_t
market_shop_problems(const struct market_shop_in *in, struct errinfo *out,
    size_t max)
{
	size_t n = 0;

	if (in->intro != NULL && strlen(in->intro) > MARKET_INTRO_MAX)
		n = problem(out, n, max, "market.too_long", "intro",
		    "Hãy ghi lời giới thiệu ngắn hơn %d byte",
		    "The introduction is longer than %d bytes",
		    MARKET_INTRO_MAX);
	if (!in->accepts_cod && !in->accepts_transfer)
		n = problem(out, n, max, "market.no_payment", "accepts_cod",
		    "Hãy nhận ít nhất một cách thanh toán: tiền mặt khi nhận "
		    "hàng hoặc chuyển khoản",
		    "Accept at least one payment: cash on delivery or bank "
		    "transfer");
	/* The bank's NAPAS BIN: one of the banks that take VietQR transfers
	 * (data/banks.csv, market_bank_by_bin). */
	if (!transfer_needs(in, in->bank_bin, "bank_bin", "chọn ngân hàng",
	    "the bank", out, &n, max) && !blank(in->bank_bin) &&
	    (!all_digits(in->bank_bin, 6, 6) ||
	    !market_bank_by_bin(in->bank_bin, NULL)))
		n = problem(out, n, max, "market.bad_bank", "bank_bin",
		    "Hãy chọn ngân hàng trong danh sách các ngân hàng nhận "
		    "chuyển khoản VietQR",
		    "Choose the bank from the list of banks that take VietQR "
		    "transfers");
	if (!transfer_needs(in, in->bank_account, "bank_account",
	    "số tài khoản", "the account number", out, &n, max) &&
	    !blank(in->bank_account) && !all_digits(in->bank_account, 4, 19))
		n = problem(out, n, max, "market.bad_account", "bank_account",
		    "Số tài khoản gồm 4 đến 19 chữ số, không có dấu cách",
		    "An account number has 4 to 19 digits, without spaces");
	if (!transfer_needs(in, in->account_name, "account_name",
	    "tên chủ tài khoản", "the account holder's name", out, &n, max) &&
	    in->account_name != NULL &&
	    strlen(in->account_name) > MARKET_HOLDER_MAX)
		n = problem(out, n, max, "market.too_long", "account_name",
		    "Tên chủ tài khoản dài quá %d byte",
		    "The holder's name is longer than %d bytes",
		    MARKET_HOLDER_MAX);
	return n;
}

static const char *
empty_null(const char *s)
{
	return blank(s) ? NULL : s;
}

struct producer {
	char name[256], structure[16], code[32];
};

static enum err
producer_read(struct db *db, int64_t id, struct producer *o,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MARKET_PRODUCER_GET);
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1) {
		snprintf(o->name, sizeof(o->name), "%s", db_col_text(st, 1));
		snprintf(o->structure, sizeof(o->structure), "%s",
		    db_col_text(st, 2));
		snprintf(o->code, sizeof(o->code), "%s", db_col_text(st, 3));
	}
	db_end_reads(db);
	if (rc == 0)
		return err_set(ei, ERR_NOTFOUND, "market.no_producer",
		    "producer_id", "Không tìm thấy cơ sở sản xuất",
		    "No such producer");
	return ERR_OK;
}

/* The start of a write of the producer's shop: none of the n problems
 * of its form in p (else the first into ei), the producer read into pr,
 * the transaction begun. */
static enum err
write_begin(struct db *db, size_t n, const struct errinfo *p,
    int64_t producer_id, struct producer *pr, struct errinfo *ei)
{
	enum err e;

	if (n > 0) {
		*ei = p[0];
		return p[0].err;
	}
	if ((e = producer_read(db, producer_id, pr, ei)) != ERR_OK)
		return e;
	return db_begin(db, ei);
}

enum err
market_shop_put(struct db *db, const struct audit_actor *who,
    int64_t producer_id, const struct market_shop_in *in,
    struct errinfo *ei)
{
	struct errinfo probs[MARKET_PROBLEMS_MAX];
	char now[STAMP_TIME_LEN];
	struct producer pr;
	struct db_stmt *st;
	enum err e;

	if ((e = write_begin(db, market_shop_problems(in, probs,
	    MARKET_PROBLEMS_MAX), probs, producer_id, &pr, ei)) != ERR_OK)
		return e;
	stamp_now(now);
	st = db_stmt(db, STMT_MARKET_SHOP_UPSERT);
	db_bind_int(st, 1, producer_id);
	db_bind_text(st, 2, empty_null(in->intro));
	db_bind_text(st, 3, empty_null(in->bank_bin));
	db_bind_text(st, 4, empty_null(in->bank_account));
	db_bind_text(st, 5, empty_null(in->account_name));
	db_bind_int(st, 6, in->accepts_cod ? 1 : 0);
	db_bind_int(st, 7, in->accepts_transfer ? 1 : 0);
	db_bind_text(st, 8, now);
	db_bind_text(st, 9, now);
	if ((e = db_exec(st, ei)) != ERR_OK ||
	    (e = db_meta_bump(db, MARKET_META_VERSION, ei)) != ERR_OK)
		goto out;
	/* the account number is the producer's own: audited in full, as
	 * what a buyer's transfer will be sent to */
	e = audit_record(db, who, "market.shop_put", pr.structure, pr.code,
	    json_pack("{s:b, s:b, s:s*, s:s*, s:s*}", "accepts_cod",
	    in->accepts_cod, "accepts_transfer", in->accepts_transfer,
	    "bank_bin", empty_null(in->bank_bin), "bank_account",
	    empty_null(in->bank_account), "account_name",
	    empty_null(in->account_name)), ei, "market_shop:%lld",
	    (long long)producer_id);
out:
	return db_finish(db, e, ei);
}

/* How many of the producer's listings sell, are hidden, paused... */
static json_t *
counts_of(json_t *items)
{
	json_int_t all = 0, selling = 0, hidden = 0, paused = 0, closed = 0,
	    sold_out = 0;
	json_t *it;
	size_t i;

	json_array_foreach(items, i, it) {
		const char *st = jval_str(it, "status");

		all++;
		if (json_is_true(json_object_get(it, "selling")))
			selling++;
		else if (strcmp(st, "active") == 0)
			hidden++;	/* active but not selling: why hidden */
		if (strcmp(st, "paused") == 0)
			paused++;
		if (strcmp(st, "closed") == 0)
			closed++;
		if (strcmp(st, "closed") != 0 &&
		    json_is_true(json_object_get(it, "sold_out")))
			sold_out++;
	}
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "listings", all,
	    "selling", selling, "hidden", hidden, "paused", paused, "closed",
	    closed, "sold_out", sold_out);
}

enum err
market_shop_get(struct db *db, int64_t producer_id, const char *lang,
    json_t **out, struct errinfo *ei)
{
	struct db_stmt *st;
	struct producer pr;
	json_t *o, *rules, *list;
	enum err e;
	int rc;

	if ((e = producer_read(db, producer_id, &pr, ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_MARKET_SHOP_GET);
	db_bind_int(st, 1, producer_id);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1)
		o = json_pack("{s:I, s:s, s:b, s:s*, s:s*, s:s*, s:s*, s:b, s:b, "
		    "s:I, s:s, s:s}", "producer_id", (json_int_t)producer_id,
		    "producer", pr.name, "open", 1,
		    "intro", db_col_text(st, 2), "bank_bin", db_col_text(st, 3),
		    "bank_account", db_col_text(st, 4),
		    "account_name", db_col_text(st, 5),
		    "accepts_cod", db_col_int(st, 6) != 0,
		    "accepts_transfer", db_col_int(st, 7) != 0,
		    "row_version", (json_int_t)db_col_int(st, 8),
		    "created_at", db_col_text(st, 9),
		    "updated_at", db_col_text(st, 10));
	else
		o = json_pack("{s:I, s:s, s:b, s:n, s:n, s:n, s:n, s:b, s:b}",
		    "producer_id", (json_int_t)producer_id, "producer", pr.name,
		    "open", 0, "intro", "bank_bin", "bank_account",
		    "account_name", "accepts_cod", 1, "accepts_transfer", 0);
	db_end_reads(db);
	{
		struct market_bank b;
		const char *bin = jval_str(o, "bank_bin");

		json_object_set_new(o, "bank_name", bin != NULL &&
		    market_bank_by_bin(bin, &b) ? json_string(b.short_name) :
		    json_null());
	}
	if ((e = market_rules_get(db, producer_id, lang, &rules, ei)) !=
	    ERR_OK)
		goto bad;
	json_object_set_new(o, "shipping_rules", rules);
	if ((e = market_listing_list(db, producer_id, 1000, 0, lang, &list,
	    ei)) != ERR_OK)
		goto bad;
	json_object_set_new(o, "counts", counts_of(json_object_get(list,
	    "items")));
	json_decref(list);
	*out = o;
	return ERR_OK;
bad:
	json_decref(o);
	return e;
}

/* ---- shipping rules ----------------------------------------------------------- */

/* The province code of "01" or "2025:01"; NULL for "" (the rest). */
static const char *
province_code(const char *s)
{
	if (blank(s))
		return NULL;
	if (strncmp(s, "2025:", 5) == 0)
		return s + 5;
	return s;
}

/* Is code one of the 34 provinces of 2025?  Its name into name. */
static bool
province_known(struct db *db, const char *code, char *name, size_t n)
{
	struct db_stmt *st = db_stmt(db, STMT_MARKET_PROVINCE_NAME);
	bool ok;

	db_bind_text(st, 1, code);
	ok = db_step(st, NULL) == 1;
	if (ok && name != NULL)
		snprintf(name, n, "%s", db_col_text(st, 0));
	db_end_reads(db);
	return ok;
}

/* The problem of one number of rule i. */
static size_t
rule_num(int64_t v, bool zero_ok, int64_t max, size_t i, const char *name,
    const char *vi_name, const char *en_name, struct errinfo *out, size_t n,
    size_t cap)
{
	struct errinfo one;
	char field[64], vi[256], en[256];
	const char *code = NULL;

	snprintf(field, sizeof(field), "rules.%zu.%s", i, name);
	if (v == MARKET_NUM_MISSING) {
		code = "market.required";
		snprintf(vi, sizeof(vi), "Dòng %zu: cần điền %s", i + 1,
		    vi_name);
		snprintf(en, sizeof(en), "Line %zu: the %s is required", i + 1,
		    en_name);
	} else if (v == MARKET_NUM_BAD) {
		code = "market.bad_number";
		snprintf(vi, sizeof(vi), "Dòng %zu: hãy ghi %s bằng một số",
		    i + 1, vi_name);
		snprintf(en, sizeof(en), "Line %zu: write the %s as a number",
		    i + 1, en_name);
	} else if (v < 0 || (v == 0 && !zero_ok)) {
		code = zero_ok ? "market.not_positive" : "market.zero_weight";
		snprintf(vi, sizeof(vi), zero_ok ? "Dòng %zu: %s không được âm"
		    : "Dòng %zu: %s phải lớn hơn 0", i + 1, vi_name);
		snprintf(en, sizeof(en), zero_ok ?
		    "Line %zu: the %s cannot be negative" :
		    "Line %zu: the %s must be above zero", i + 1, en_name);
	} else if (v > max) {
		code = "market.too_large";
		snprintf(vi, sizeof(vi), "Dòng %zu: %s quá lớn", i + 1,
		    vi_name);
		snprintf(en, sizeof(en), "Line %zu: the %s is too large", i + 1,
		    en_name);
	}
	if (code == NULL)
		return n;
	err_set_texts(&one, ERR_INVALID, code, field, vi, en);
	return err_list_add(out, n, cap, &one);
}

size_t
market_rules_problems(struct db *db, const struct market_rule_in *in,
    size_t nin, struct errinfo *out, size_t max)
{
	size_t n = 0;

	if (nin > MARKET_RULES_MAX)
		return problem(out, n, max, "market.too_many_rules", "rules",
		    "Tối đa %d quy tắc (34 tỉnh, thành phố và phần còn lại)",
		    "At most %d rules (34 provinces and the rest)",
		    MARKET_RULES_MAX);
	for (size_t i = 0; i < nin; i++) {
		const char *code = province_code(in[i].province);
		char field[64];

		snprintf(field, sizeof(field), "rules.%zu.province", i);
		if (code != NULL && !province_known(db, code, NULL, 0))
			n = problem(out, n, max, "market.bad_province", field,
			    "Dòng %zu: hãy chọn một trong 34 tỉnh, thành phố "
			    "(từ 01/7/2025) hoặc “các tỉnh còn lại”",
			    "Line %zu: choose one of the 34 provinces (from 1 "
			    "July 2025) or \"every other province\"", i + 1);
		else
			for (size_t j = 0; j < i; j++) {
				const char *other = province_code(
				    in[j].province);

				if ((code == NULL && other == NULL) ||
				    (code != NULL && other != NULL &&
				    strcmp(code, other) == 0)) {
					n = problem(out, n, max,
					    "market.duplicate_province", field,
					    "Dòng %zu: nơi nhận này đã có ở dòng "
					    "%zu", "Line %zu: this destination "
					    "is already on line %zu", i + 1,
					    j + 1);
					break;
				}
			}
		n = rule_num(in[i].first_grams, false, MARKET_WEIGHT_MAX * 100,
		    i, "first_grams", "khối lượng đầu", "first weight", out,
		    n, max);
		n = rule_num(in[i].first_fee_vnd, true, MARKET_PRICE_MAX, i,
		    "first_fee_vnd", "phí khối lượng đầu", "first fee", out, n,
		    max);
		n = rule_num(in[i].step_grams, false, MARKET_WEIGHT_MAX * 100,
		    i, "step_grams", "bước khối lượng tiếp theo", "next step",
		    out, n, max);
		n = rule_num(in[i].step_fee_vnd, true, MARKET_PRICE_MAX, i,
		    "step_fee_vnd", "phí mỗi bước", "fee of a step", out, n,
		    max);
	}
	return n;
}

enum err
market_rules_put(struct db *db, const struct audit_actor *who,
    int64_t producer_id, const struct market_rule_in *in, size_t n,
    struct errinfo *ei)
{
	struct errinfo probs[MARKET_PROBLEMS_MAX];
	char now[STAMP_TIME_LEN];
	struct producer pr;
	struct db_stmt *st;
	json_t *sum;
	enum err e;

	if ((e = write_begin(db, market_rules_problems(db, in, n, probs,
	    MARKET_PROBLEMS_MAX), probs, producer_id, &pr, ei)) != ERR_OK)
		return e;
	stamp_now(now);
	st = db_stmt(db, STMT_MARKET_RULES_DELETE);
	db_bind_int(st, 1, producer_id);
	if ((e = db_exec(st, ei)) != ERR_OK)
		goto out;
	sum = json_array();
	for (size_t i = 0; i < n && e == ERR_OK; i++) {
		st = db_stmt(db, STMT_MARKET_RULE_INSERT);
		db_bind_int(st, 1, producer_id);
		db_bind_text(st, 2, province_code(in[i].province));
		db_bind_int(st, 3, in[i].first_grams);
		db_bind_int(st, 4, in[i].first_fee_vnd);
		db_bind_int(st, 5, in[i].step_grams);
		db_bind_int(st, 6, in[i].step_fee_vnd);
		db_bind_text(st, 7, now);
		db_bind_text(st, 8, now);
		e = db_exec(st, ei);
		json_array_append_new(sum, json_pack("{s:s*, s:I, s:I, s:I, "
		    "s:I}", "province_code", province_code(in[i].province),
		    "first_grams", (json_int_t)in[i].first_grams,
		    "first_fee_vnd", (json_int_t)in[i].first_fee_vnd,
		    "step_grams", (json_int_t)in[i].step_grams,
		    "step_fee_vnd", (json_int_t)in[i].step_fee_vnd));
	}
	if (e != ERR_OK ||
	    (e = db_meta_bump(db, MARKET_META_VERSION, ei)) != ERR_OK) {
		json_decref(sum);
		goto out;
	}
	e = audit_record(db, who, "market.shipping_rules_put", pr.structure,
	    pr.code, json_pack("{s:o}", "rules", sum), ei, "market_shop:%lld",
	    (long long)producer_id);
out:
	return db_finish(db, e, ei);
}

/* "500 g", "1,5 kg" as people write a weight. */
static const char *
grams_text(struct arena *a, int64_t g, const char *lang)
{
	if (g >= 1000 && g % 100 == 0)
		return arena_printf(a, "%s kg", numfmt_num_a(a, (double)g /
		    1000.0, lang));
	return arena_printf(a, "%s g", numfmt_int_a(a, g, lang));
}

enum err
market_rules_get(struct db *db, int64_t producer_id, const char *lang,
    json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MARKET_RULES_LIST);
	struct arena *a = arena_new(2048);
	json_t *items = json_array();
	int rc;

	db_bind_int(st, 1, producer_id);
	while ((rc = db_step(st, ei)) == 1) {
		const char *code = db_col_text(st, 1);

		json_array_append_new(items, json_pack("{s:I, s:o, s:o, s:s, "
		    "s:I, s:s, s:I, s:s, s:I, s:s, s:I, s:s}",
		    "id", (json_int_t)db_col_int(st, 0),
		    "province_code", code == NULL ? json_null() :
		    json_string(code),
		    "province", code == NULL ? json_null() : json_string(
		    arena_printf(a, "2025:%s", code)),
		    "province_name", code == NULL ? msg_pick(lang,
		    "Các tỉnh, thành phố còn lại", "Every other province") :
		    db_col_text(st, 2),
		    "first_grams", (json_int_t)db_col_int(st, 3),
		    "first_grams_text", grams_text(a, db_col_int(st, 3), lang),
		    "first_fee_vnd", (json_int_t)db_col_int(st, 4),
		    "first_fee_text", numfmt_vnd_a(a, db_col_int(st, 4), lang),
		    "step_grams", (json_int_t)db_col_int(st, 5),
		    "step_grams_text", grams_text(a, db_col_int(st, 5), lang),
		    "step_fee_vnd", (json_int_t)db_col_int(st, 6),
		    "step_fee_text", numfmt_vnd_a(a, db_col_int(st, 6), lang)));
	}
	arena_free(a);
	return db_rows_done(db, rc, items, out, ei);
}
