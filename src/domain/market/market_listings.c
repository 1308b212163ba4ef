/*
 * market_listings.c - a producer's listings of certified products
 * (market_listings.h): every problem of a listing's form at once, the
 * rule that only a product that sells may be listed or activated
 * (market_sellable), edits checked against the version read, and each
 * listing as the producer reads it (why it is hidden, in words).  Also
 * the numbers as people write them ("120.000 đ", "1,5 kg") and the
 * own-record rule the shop's other files share.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "core/stamp.h"
#include "domain/market/market_listings.h"
#include "domain/ocop/ocop_registry.h"
#include "domain/ocop/ocop_row.h"

/* ---- numbers as people write them ---------------------------------------- */

#define NUM_HUGE	1000000000000000LL	/* past every limit, no overflow */

/* Skip spaces, including the no-break spaces numfmt writes. */
static const char *
skip_space(const char *s)
{
	for (;;) {
		if (*s == ' ' || *s == '\t')
			s++;
		else if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0)
			s += 2;
		else if ((unsigned char)s[0] == 0xe2 &&
		    (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0xaf)
			s += 3;
		else
			return s;
	}
}

/* The length of a group separator at s (".", ",", a space, a no-break
 * space), 0 if none. */
static size_t
group_sep(const char *s)
{
	if (*s == '.' || *s == ',' || *s == ' ')
		return 1;
	if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0)
		return 2;
	if ((unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0xaf)
		return 3;
	return 0;
}

/* A whole number with optional thousands groups ("1.200.000", "1 200",
 * "1200"), at *s; advances *s past it.  false when there is none or its
 * groups are not of three digits. */
static bool
grouped(const char **s, int64_t *out)
{
	const char *p = *s;
	int64_t v = 0;
	size_t digits = 0, sep;
	bool groups = false;

	while (*p >= '0' && *p <= '9') {
		v = v < NUM_HUGE ? v * 10 + (*p - '0') : NUM_HUGE;
		p++;
		digits++;
	}
	if (digits == 0)
		return false;
	while ((sep = group_sep(p)) != 0 && p[sep] >= '0' && p[sep] <= '9') {
		const char *q = p + sep;
		size_t n = 0;

		if (!groups && digits > 3)
			break;	/* "1200.5": not a group */
		while (q[n] >= '0' && q[n] <= '9')
			n++;
		if (n != 3)
			break;
		for (size_t i = 0; i < 3; i++)
			v = v < NUM_HUGE ? v * 10 + (q[i] - '0') : NUM_HUGE;
		groups = true;
		p = q + 3;
	}
	*s = p;
	*out = v;
	return true;
}

/* Does s (after spaces) end with one of the words (case-insensitive for
 * ASCII)?  Advances past it. */
static bool
word(const char **s, const char *const *words)
{
	const char *p = skip_space(*s);

	for (size_t i = 0; words[i] != NULL; i++) {
		size_t n = strlen(words[i]);

		if (strncasecmp(p, words[i], n) == 0) {
			*s = p + n;
			return true;
		}
	}
	return false;
}

static int64_t
parse_amount(const char *text, const char *const *suffixes)
{
	const char *s;
	int64_t v;
	bool neg = false;

	if (text == NULL)
		return MARKET_NUM_MISSING;
	s = skip_space(text);
	if (*s == '\0')
		return MARKET_NUM_MISSING;
	if (*s == '-') {
		neg = true;
		s = skip_space(s + 1);
	}
	if (!grouped(&s, &v))
		return MARKET_NUM_BAD;
	if (suffixes != NULL)
		(void)word(&s, suffixes);
	if (*skip_space(s) != '\0')
		return MARKET_NUM_BAD;
	return neg ? -v : v;
}

int64_t
market_parse_vnd(const char *text)
{
	static const char *const money[] = { "đồng", "đ", "₫", "vnđ", "vnd",
		"dong", "d", NULL };

	return parse_amount(text, money);
}

int64_t
market_parse_count(const char *text)
{
	return parse_amount(text, NULL);
}

int64_t
market_parse_grams(const char *text)
{
	static const char *const kilos[] = { "kg", "ký", "kí", "cân", "kilogam",
		NULL };
	static const char *const grams[] = { "gram", "gam", "gr", "g", NULL };
	const char *s, *p;
	int64_t whole = 0, frac = 0, scale = 1000;
	size_t n = 0;

	if (text == NULL)
		return MARKET_NUM_MISSING;
	s = skip_space(text);
	if (*s == '\0')
		return MARKET_NUM_MISSING;
	if (*s == '-')		/* "-5 g": read as a number, refused as one */
		return parse_amount(text, grams);
	/* Kilograms: "1,5 kg", "2.25kg", "3 kg" */
	p = s;
	while (*p >= '0' && *p <= '9' && n < 13) {
		whole = whole * 10 + (*p - '0');
		p++;
		n++;
	}
	if (n > 0 && n < 13) {
		const char *q = p;

		if (*q == ',' || *q == '.') {
			size_t d = 0;

			q++;
			while (q[d] >= '0' && q[d] <= '9')
				d++;
			if (d >= 1 && d <= 3) {
				for (size_t i = 0; i < d; i++) {
					scale /= 10;
					frac += (q[i] - '0') * scale;
				}
				q += d;
			} else
				q = p;	/* not a decimal: grams below */
		}
		if (word(&q, kilos) && *skip_space(q) == '\0')
			return whole * 1000 + frac;
	}
	/* Grams: "500", "500 g", "1.000 g" */
	return parse_amount(text, grams);
}

/* ---- the own-record rule ---------------------------------------------------- */

enum err
market_check_owner(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t producer_id,
    const char *field, struct errinfo *ei)
{
	if (acting == NULL || acting->role != ROLE_PRODUCER)
		return ERR_OK;
	if (p != NULL && ocop_represents(db, producer_id, p->user_id))
		return ERR_OK;
	return err_set(ei, ERR_FORBIDDEN, "market.not_yours", field,
	    "Tài khoản này không đại diện cho cơ sở sản xuất của cửa hàng này",
	    "This account does not represent this shop's producer");
}

enum err
market_producer_unit(struct db *db, struct arena *a, int64_t producer_id,
    const char *field, const char **structure, const char **code,
    struct errinfo *ei)
{
	const struct ocop_missing none = { "market.no_producer", field,
		"Không tìm thấy cơ sở sản xuất", "No such producer" };
	const struct ocop_unit_cols cols = { STMT_MARKET_PRODUCER_GET, 2, -1,
		&none };

	return ocop_row_unit(db, a, &cols, producer_id, structure, code, NULL,
	    ei);
}

/* ---- the problems of a listing's form -------------------------------------- */

/* One problem whose messages were written here in both languages. */
static size_t
add_texts(struct errinfo *out, size_t n, size_t max, const char *code,
    const char *field, const char *vi, const char *en)
{
	struct errinfo one;

	err_set_texts(&one, ERR_INVALID, code, field, vi, en);
	return err_list_add(out, n, max, &one);
}

/* The problem of a number field, if any: required (create), not a
 * number, not above zero (or below zero when zero_ok), past max
 * (vi_max, en_max: the limit as people read it). */
static size_t
num_problem(int64_t v, bool required, bool zero_ok, int64_t max,
    const char *field, const char *vi_name, const char *en_name,
    const char *vi_max, const char *en_max, struct errinfo *out, size_t n,
    size_t cap)
{
	char vi[256], en[256];
	const char *code;

	if (v == MARKET_NUM_MISSING) {
		if (!required)
			return n;
		code = "market.required";
		snprintf(vi, sizeof(vi), "Cần điền %s", vi_name);
		snprintf(en, sizeof(en), "The %s is required", en_name);
	} else if (v == MARKET_NUM_BAD) {
		code = "market.bad_number";
		snprintf(vi, sizeof(vi), "Hãy ghi %s bằng một số, ví dụ %s",
		    vi_name, strcmp(field, "weight_grams") == 0 ? "500 g, 1,5 kg"
		    : strcmp(field, "price_vnd") == 0 ? "120.000" : "12");
		snprintf(en, sizeof(en), "Write the %s as a number, e.g. %s",
		    en_name, strcmp(field, "weight_grams") == 0 ? "500 g, 1.5 kg"
		    : strcmp(field, "price_vnd") == 0 ? "120,000" : "12");
	} else if (v < 0 || (v == 0 && !zero_ok)) {
		code = "market.not_positive";
		snprintf(vi, sizeof(vi), zero_ok ? "Không ghi %s âm" :
		    "Hãy ghi %s lớn hơn 0", vi_name);
		snprintf(en, sizeof(en), zero_ok ? "The %s cannot be negative" :
		    "The %s must be above zero", en_name);
	} else if (v > max) {
		code = "market.too_large";
		snprintf(vi, sizeof(vi), "Hãy ghi %s tối đa %s", vi_name, vi_max);
		snprintf(en, sizeof(en), "The %s is at most %s", en_name, en_max);
	} else
		return n;
	return add_texts(out, n, cap, code, field, vi, en);
}

static size_t
text_problem(const char *s, size_t maxlen, bool required, const char *field,
    const char *vi_name, const char *en_name, struct errinfo *out, size_t n,
    size_t cap)
{
	char vi[256], en[256];

	if (required && (s == NULL || s[0] == '\0')) {
		snprintf(vi, sizeof(vi), "Cần điền %s", vi_name);
		snprintf(en, sizeof(en), "The %s is required", en_name);
		return add_texts(out, n, cap, "market.required", field, vi, en);
	}
	if (s != NULL && strlen(s) > maxlen) {
		snprintf(vi, sizeof(vi), "Hãy ghi %s ngắn hơn %zu byte",
		    vi_name, maxlen);
		snprintf(en, sizeof(en), "The %s is longer than %zu bytes",
		    en_name, maxlen);
		return add_texts(out, n, cap, "market.too_long", field, vi, en);
	}
	return n;
}

static bool
status_known(const char *s)
{
	return strcmp(s, "active") == 0 || strcmp(s, "paused") == 0 ||
	    strcmp(s, "closed") == 0;
}

size_t
market_listing_problems(const struct market_listing_in *in, bool create,
    struct errinfo *out, size_t max)
{
	struct errinfo one;
	size_t n = 0;

	if (create && in->product_id <= 0) {
		err_set(&one, ERR_INVALID, "market.required", "product_id",
		    "Hãy chọn sản phẩm được bán", "Choose the product to sell");
		n = err_list_add(out, n, max, &one);
	}
	n = text_problem(in->unit_name, MARKET_UNIT_MAX, create, "unit_name",
	    "đơn vị bán", "unit sold", out, n, max);
	if (!create && in->unit_name != NULL && in->unit_name[0] == '\0')
		n = text_problem(NULL, 0, true, "unit_name", "đơn vị bán",
		    "unit sold", out, n, max);
	n = text_problem(in->variant, MARKET_VARIANT_MAX, false, "variant",
	    "quy cách", "variant", out, n, max);
	n = text_problem(in->description, MARKET_TEXT_MAX, false,
	    "description", "mô tả", "description", out, n, max);
	n = num_problem(in->price_vnd, create, false, MARKET_PRICE_MAX,
	    "price_vnd", "giá bán", "price", "1.000.000.000 ₫",
	    "1,000,000,000 VND", out, n, max);
	n = num_problem(in->stock, create, true, MARKET_STOCK_MAX, "stock",
	    "số lượng còn", "stock", "1.000.000", "1,000,000", out, n, max);
	n = num_problem(in->weight_grams, create, false, MARKET_WEIGHT_MAX,
	    "weight_grams", "khối lượng một đơn vị", "weight of a unit",
	    "1.000 kg", "1,000 kg", out, n, max);
	if (in->status != NULL && in->status[0] != '\0' &&
	    !status_known(in->status)) {
		err_set(&one, ERR_INVALID, "market.bad_status", "status",
		    "Trạng thái là đang bán, tạm ngừng hoặc ngừng bán",
		    "The status is active, paused or closed");
		n = err_list_add(out, n, max, &one);
	} else if (create && in->status != NULL &&
	    strcmp(in->status, "closed") == 0) {
		err_set(&one, ERR_INVALID, "market.bad_status", "status",
		    "Tin bán mới là đang bán hoặc tạm ngừng",
		    "A new listing is active or paused");
		n = err_list_add(out, n, max, &one);
	}
	return n;
}

static enum err
first_problem(size_t n, const struct errinfo *p, struct errinfo *ei)
{
	if (n == 0)
		return ERR_OK;
	*ei = p[0];
	return p[0].err;
}

static const char *
empty_null(const char *s)
{
	return s == NULL || s[0] == '\0' ? NULL : s;
}

/* ---- whether a product sells ------------------------------------------------ */

/* The sale rule for a product listed with status on day (NULL: today). */
static enum market_sellable
product_sellable_on(struct db *db, int64_t product_id, const char *status,
    const char *day, struct market_cert *c)
{
	char today[DATE_LEN];
	bool has = market_product_certificate(db, product_id, c);

	if (day == NULL)
		day = date_today(today);
	return market_sellable(status, has ? c->expires_on : NULL,
	    has ? c->revoked_on : NULL, day);
}

static enum market_sellable
product_sellable(struct db *db, int64_t product_id, const char *status,
    struct market_cert *c)
{
	return product_sellable_on(db, product_id, status, NULL, c);
}

static enum err
not_certified(enum market_sellable s, struct errinfo *ei)
{
	return err_set_texts(ei, ERR_CONFLICT, "market.not_certified",
	    "product_id", market_sellable_reason(s, "vi"),
	    market_sellable_reason(s, "en"));
}

/* ---- create and update -------------------------------------------------------- */

struct product_ref {
	int64_t id, producer_id;
	const char *name, *structure, *code, *province;
};

static enum err
product_ref(struct db *db, struct arena *a, int64_t id, struct product_ref *o,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MARKET_PRODUCT_GET);
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1) {
		o->id = id;
		o->producer_id = db_col_int(st, 1);
		o->name = arena_strdup(a, db_col_text(st, 2));
		o->structure = arena_strdup(a, db_col_text(st, 3));
		o->code = arena_strdup(a, db_col_text(st, 4));
		o->province = arena_strdup(a, db_col_text(st, 5) != NULL ?
		    db_col_text(st, 5) : db_col_text(st, 4));
	}
	db_end_reads(db);
	if (rc == 0)
		return err_set(ei, ERR_INVALID, "market.no_product",
		    "product_id", "Không có sản phẩm này",
		    "There is no such product");
	return ERR_OK;
}

static bool
shop_open(struct db *db, int64_t producer_id)
{
	struct db_stmt *st = db_stmt(db, STMT_MARKET_SHOP_GET);
	int rc;

	db_bind_int(st, 1, producer_id);
	rc = db_step(st, NULL);
	db_end_reads(db);
	return rc == 1;
}

static json_t *
listing_summary(const struct market_listing_in *in, const char *status)
{
	json_t *o = json_object();

	if (in->price_vnd >= 0)
		json_object_set_new(o, "price_vnd", json_integer(in->price_vnd));
	if (in->stock >= 0)
		json_object_set_new(o, "stock", json_integer(in->stock));
	if (in->weight_grams >= 0)
		json_object_set_new(o, "weight_grams",
		    json_integer(in->weight_grams));
	if (in->unit_name != NULL)
		json_object_set_new(o, "unit_name", json_string(in->unit_name));
	if (in->variant != NULL)
		json_object_set_new(o, "variant", json_string(in->variant));
	if (status != NULL)
		json_object_set_new(o, "status", json_string(status));
	return o;
}

enum err
market_listing_create(struct db *db, const struct principal *p,
    const struct role_binding *acting, const struct market_listing_in *in,
    int64_t *id, struct errinfo *ei)
{
	return market_listing_create_on(db, p, acting, in, NULL, id, ei);
}

/* Store the listing of pr in one transaction: its row (listed at now),
 * the catalog's version and the audit entry; *id is the new listing's. */
static enum err
listing_store(struct db *db, const struct audit_actor *who,
    const struct product_ref *pr, const struct market_listing_in *in,
    const char *status, const char *now, int64_t *id, struct errinfo *ei)
{
	struct db_stmt *st;
	enum err e;
	int rc;

	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_MARKET_LISTING_INSERT);
	db_bind_int(st, 1, pr->id);
	db_bind_int(st, 2, pr->producer_id);
	db_bind_text(st, 3, empty_null(in->variant));
	db_bind_text(st, 4, in->unit_name);
	db_bind_int(st, 5, in->price_vnd);
	db_bind_int(st, 6, in->stock);
	db_bind_int(st, 7, in->weight_grams);
	db_bind_text(st, 8, empty_null(in->description));
	db_bind_text(st, 9, status);
	db_bind_text(st, 10, pr->structure);
	db_bind_text(st, 11, pr->code);
	db_bind_text(st, 12, pr->province);
	db_bind_text(st, 13, now);
	db_bind_text(st, 14, now);
	audit_bind_actor(st, 15, who);
	rc = db_step(st, ei);
	if (rc == 1)
		*id = db_col_int(st, 0);
	db_end_reads(db);
	if (rc != 1)
		e = rc < 0 ? ei->err : err_set(ei, ERR_DB, "market.insert", NULL,
		    "Không lưu được tin bán", "The listing was not stored");
	else if ((e = db_meta_bump(db, MARKET_META_VERSION, ei)) == ERR_OK)
		e = audit_record(db, who, "market.listing_create",
		    pr->structure, pr->code, json_pack("{s:I, s:s, s:o}",
		    "product_id", (json_int_t)pr->id, "product", pr->name,
		    "listing", listing_summary(in, status)), ei,
		    "market_listing:%lld", (long long)*id);
	return db_finish(db, e, ei);
}

enum err
market_listing_create_on(struct db *db, const struct principal *p,
    const struct role_binding *acting, const struct market_listing_in *in,
    const char *day, int64_t *id, struct errinfo *ei)
{
	struct errinfo probs[MARKET_PROBLEMS_MAX];
	struct arena *a = arena_new(1024);
	const char *status = in->status != NULL && in->status[0] != '\0' ?
	    in->status : "active";
	char now[STAMP_TIME_LEN];
	struct product_ref pr = { 0 };
	struct audit_actor who;
	struct market_cert cert;
	enum market_sellable s;
	enum err e;

	if ((e = first_problem(market_listing_problems(in, true, probs,
	    MARKET_PROBLEMS_MAX), probs, ei)) != ERR_OK ||
	    (e = product_ref(db, a, in->product_id, &pr, ei)) != ERR_OK ||
	    (e = market_check_owner(db, p, acting, pr.producer_id,
	    "product_id", ei)) != ERR_OK)
		goto out;
	if (!shop_open(db, pr.producer_id)) {
		e = err_set(ei, ERR_CONFLICT, "market.no_shop", "product_id",
		    "Hãy mở cửa hàng (cách thanh toán) trước khi đăng tin bán",
		    "Open the shop (its payments) before listing a product");
		goto out;
	}
	s = product_sellable_on(db, pr.id, "active", day, &cert);
	if (s != MARKET_SELLS) {
		e = not_certified(s, ei);
		goto out;
	}
	auth_actor(p, acting, &who);
	stamp_now(now);
	if (day != NULL)	/* listed that day (the demo's past) */
		snprintf(now, sizeof(now), "%.10sT09:00:00Z", day);
	e = listing_store(db, &who, &pr, in, status, now, id, ei);
out:
	arena_free(a);
	return e;
}

/* What a listing is now (for an edit). */
struct listing_now {
	int64_t product_id, producer_id, price, stock, weight, version;
	const char *variant, *unit_name, *description, *status;
	const char *structure, *code;
};

/* An arena copy of a column that may be NULL. */
static const char *
dup_or_null(struct arena *a, const char *s)
{
	return s == NULL ? NULL : arena_strdup(a, s);
}

static enum err
listing_now(struct db *db, struct arena *a, int64_t id, struct listing_now *o,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MARKET_LISTING_GET);
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1) {
		o->product_id = db_col_int(st, 1);
		o->producer_id = db_col_int(st, 2);
		o->variant = dup_or_null(a, db_col_text(st, 4));
		o->unit_name = arena_strdup(a, db_col_text(st, 5));
		o->price = db_col_int(st, 6);
		o->stock = db_col_int(st, 7);
		o->weight = db_col_int(st, 8);
		o->description = dup_or_null(a, db_col_text(st, 9));
		o->status = arena_strdup(a, db_col_text(st, 10));
		o->version = db_col_int(st, 11);
		o->structure = arena_strdup(a, db_col_text(st, 14));
		o->code = arena_strdup(a, db_col_text(st, 15));
	}
	db_end_reads(db);
	if (rc == 0)
		return err_set(ei, ERR_NOTFOUND, "market.listing_not_found",
		    "id", "Không tìm thấy tin bán", "No such listing");
	return ERR_OK;
}

static enum err
stale(struct errinfo *ei)
{
	return err_set(ei, ERR_CONFLICT, "market.stale", "row_version",
	    "Tin bán vừa được sửa ở nơi khác: hãy tải lại trang rồi sửa lại",
	    "The listing was just changed elsewhere: reload the page and edit "
	    "it again");
}

enum err
market_listing_update(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t id,
    const struct market_listing_in *in, int64_t row_version,
    struct errinfo *ei)
{
	struct errinfo probs[MARKET_PROBLEMS_MAX];
	struct arena *a = arena_new(1024);
	struct listing_now now_l = { 0 };
	char now[STAMP_TIME_LEN];
	struct audit_actor who;
	struct market_cert cert;
	struct db_stmt *st;
	const char *status;
	enum err e;

	if ((e = first_problem(market_listing_problems(in, false, probs,
	    MARKET_PROBLEMS_MAX), probs, ei)) != ERR_OK ||
	    (e = listing_now(db, a, id, &now_l, ei)) != ERR_OK ||
	    (e = market_check_owner(db, p, acting, now_l.producer_id, "id",
	    ei)) != ERR_OK)
		goto out;
	if (row_version > 0 && row_version != now_l.version) {
		e = stale(ei);
		goto out;
	}
	status = in->status != NULL && in->status[0] != '\0' ? in->status :
	    now_l.status;
	/* activating (or keeping active while editing) needs the product
	 * selling; pausing or closing never does */
	if (strcmp(status, "active") == 0 &&
	    strcmp(now_l.status, "active") != 0) {
		enum market_sellable s = product_sellable(db, now_l.product_id,
		    "active", &cert);

		if (s != MARKET_SELLS) {
			e = not_certified(s, ei);
			goto out;
		}
	}
	auth_actor(p, acting, &who);
	stamp_now(now);
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto out;
	st = db_stmt(db, STMT_MARKET_LISTING_UPDATE);
	db_bind_text(st, 1, in->variant != NULL ? empty_null(in->variant) :
	    now_l.variant);
	db_bind_text(st, 2, in->unit_name != NULL ? in->unit_name :
	    now_l.unit_name);
	db_bind_int(st, 3, in->price_vnd != MARKET_NUM_MISSING ? in->price_vnd :
	    now_l.price);
	db_bind_int(st, 4, in->stock != MARKET_NUM_MISSING ? in->stock :
	    now_l.stock);
	db_bind_int(st, 5, in->weight_grams != MARKET_NUM_MISSING ?
	    in->weight_grams : now_l.weight);
	db_bind_text(st, 6, in->description != NULL ?
	    empty_null(in->description) : now_l.description);
	db_bind_text(st, 7, status);
	db_bind_text(st, 8, now);
	db_bind_int(st, 9, id);
	db_bind_int(st, 10, now_l.version);
	if ((e = db_exec(st, ei)) != ERR_OK)
		goto fin;
	if (db_changes(db) == 0) {	/* changed between the read and now */
		e = stale(ei);
		goto fin;
	}
	if ((e = db_meta_bump(db, MARKET_META_VERSION, ei)) != ERR_OK)
		goto fin;
	e = audit_record(db, &who, "market.listing_update", now_l.structure,
	    now_l.code, listing_summary(in, in->status), ei,
	    "market_listing:%lld", (long long)id);
fin:
	e = db_finish(db, e, ei);
out:
	arena_free(a);
	return e;
}

/* ---- reading ------------------------------------------------------------------- */

static const char *
status_name(const char *status, const char *lang)
{
	if (strcmp(status, "active") == 0)
		return msg_pick(lang, "Đang bán", "Active");
	if (strcmp(status, "paused") == 0)
		return msg_pick(lang, "Tạm ngừng", "Paused");
	return msg_pick(lang, "Ngừng bán", "Closed");
}

/* The listing's row (market_listing_get/_list columns) without what
 * needs other reads. */
static json_t *
listing_row(struct db_stmt *st, const char *lang)
{
	char price[NUMFMT_LEN], stock[NUMFMT_LEN];
	int64_t grams = db_col_int(st, 8);
	char weight[NUMFMT_LEN + 8];
	json_t *o;

	if (grams >= 1000 && grams % 100 == 0) {
		char k[NUMFMT_LEN];

		numfmt_num(k, (double)grams / 1000.0, lang);
		snprintf(weight, sizeof(weight), "%s kg", k);
	} else {
		char g[NUMFMT_LEN];

		numfmt_int(g, grams, lang);
		snprintf(weight, sizeof(weight), "%s g", g);
	}
	numfmt_vnd(price, db_col_int(st, 6), lang);
	numfmt_int(stock, db_col_int(st, 7), lang);
	o = json_pack("{s:I, s:I, s:I, s:s, s:s*, s:s, s:I, s:s, s:I, s:s, "
	    "s:b, s:I, s:s, s:s*, s:s, s:s, s:I, s:s, s:s}",
	    "id", (json_int_t)db_col_int(st, 0),
	    "product_id", (json_int_t)db_col_int(st, 1),
	    "producer_id", (json_int_t)db_col_int(st, 2),
	    "product", db_col_text(st, 3), "variant", db_col_text(st, 4),
	    "unit_name", db_col_text(st, 5),
	    "price_vnd", (json_int_t)db_col_int(st, 6), "price_text", price,
	    "stock", (json_int_t)db_col_int(st, 7), "stock_text", stock,
	    "sold_out", db_col_int(st, 7) == 0,
	    "weight_grams", (json_int_t)grams, "weight_text", weight,
	    "description", db_col_text(st, 9), "status", db_col_text(st, 10),
	    "status_name", status_name(db_col_text(st, 10), lang),
	    "row_version", (json_int_t)db_col_int(st, 11),
	    "created_at", db_col_text(st, 12),
	    "updated_at", db_col_text(st, 13));
	/* texts left empty are null, not missing */
	if (json_object_get(o, "variant") == NULL)
		json_object_set_new(o, "variant", json_null());
	if (json_object_get(o, "description") == NULL)
		json_object_set_new(o, "description", json_null());
	return o;
}

/* The sale rule, the certificate and the photos of a listing row. */
static enum err
listing_decorate(struct db *db, json_t *o, const char *lang,
    struct errinfo *ei)
{
	struct arena *a = arena_new(512);
	struct market_cert c;
	enum market_sellable s;
	struct db_stmt *st;
	json_t *photos = json_array();
	bool has;
	char today[DATE_LEN];
	int rc;

	has = market_product_certificate(db, jval_int(o, "product_id", 0), &c);
	date_today(today);
	s = market_sellable(jval_str(o, "status"), has ? c.expires_on : NULL,
	    has ? c.revoked_on : NULL, today);
	json_object_set_new(o, "sellable", json_string(market_sellable_key(s)));
	json_object_set_new(o, "selling", json_boolean(s == MARKET_SELLS));
	json_object_set_new(o, "reason", json_string(
	    market_sellable_reason(s, lang)));
	if (has) {
		json_t *cert = json_pack("{s:s, s:i, s:s, s:s, s:o}", "code",
		    c.code, "stars", c.stars, "expires_on", c.expires_on,
		    "expires_text", date_display(a, c.expires_on, lang),
		    "revoked_on", c.revoked_on[0] != '\0' ?
		    json_string(c.revoked_on) : json_null());

		json_object_set_new(cert, "verify_href", json_string(
		    arena_printf(a, "/ocop/verify/%s", c.code)));
		json_object_set_new(o, "certificate", cert);
		/* why hidden, with the day, as the shop's home says it */
		if (s == MARKET_CERT_EXPIRED)
			json_object_set_new(o, "hidden_text", json_string(
			    msg_is_en(lang) ? arena_printf(a, "Hidden: the "
			    "certificate expired on %s", date_display(a,
			    c.expires_on, lang)) : arena_printf(a, "Ẩn: giấy "
			    "chứng nhận hết hạn ngày %s", date_display(a,
			    c.expires_on, lang))));
		else if (s == MARKET_CERT_REVOKED)
			json_object_set_new(o, "hidden_text", json_string(
			    msg_is_en(lang) ? arena_printf(a, "Hidden: the "
			    "certificate was revoked on %s", date_display(a,
			    c.revoked_on, lang)) : arena_printf(a, "Ẩn: giấy "
			    "chứng nhận bị thu hồi ngày %s", date_display(a,
			    c.revoked_on, lang))));
	} else
		json_object_set_new(o, "certificate", json_null());
	if (s == MARKET_NO_CERTIFICATE)
		json_object_set_new(o, "hidden_text", json_string(msg_pick(lang,
		    "Ẩn: sản phẩm chưa có giấy chứng nhận OCOP",
		    "Hidden: the product holds no OCOP certificate")));
	st = db_stmt(db, STMT_MARKET_PHOTO_LIST);
	db_bind_int(st, 1, jval_int(o, "id", 0));
	while ((rc = db_step(st, ei)) == 1) {
		int64_t pid = db_col_int(st, 0);

		json_array_append_new(photos, json_pack("{s:I, s:s, s:s, s:I, "
		    "s:I}", "id", (json_int_t)pid,
		    "href", arena_printf(a, "/api/v1/market/photos/%lld",
		    (long long)pid),
		    "thumb_href", arena_printf(a,
		    "/api/v1/market/photos/%lld/thumb", (long long)pid),
		    "width", (json_int_t)db_col_int(st, 4),
		    "height", (json_int_t)db_col_int(st, 5)));
	}
	db_end_reads(db);
	json_object_set_new(o, "photos", photos);
	arena_free(a);
	return rc < 0 ? ei->err : ERR_OK;
}

static const struct ocop_missing no_listing = { "market.listing_not_found",
	"id", "Không tìm thấy tin bán", "No such listing" };

enum err
market_listing_get(struct db *db, int64_t id, const char *lang,
    json_t **out, struct errinfo *ei)
{
	struct db_stmt *st;
	json_t *o;
	enum err e;

	if ((e = ocop_row_get(db, STMT_MARKET_LISTING_GET, id, &no_listing,
	    &st, ei)) != ERR_OK)
		return e;
	o = listing_row(st, lang);
	db_end_reads(db);
	if ((e = listing_decorate(db, o, lang, ei)) != ERR_OK) {
		json_decref(o);
		return e;
	}
	*out = o;
	return ERR_OK;
}

enum err
market_listing_list(struct db *db, int64_t producer_id, int64_t limit,
    int64_t offset, const char *lang, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MARKET_LISTING_LIST);
	json_t *items = json_array(), *it;
	size_t i;
	int rc;

	db_bind_int(st, 1, producer_id);
	db_bind_int(st, 2, limit > 0 ? limit : 200);
	db_bind_int(st, 3, offset);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(items, listing_row(st, lang));
	db_end_reads(db);
	if (rc < 0)
		goto bad;
	/* after the list's read: each decoration reads on its own */
	json_array_foreach(items, i, it)
		if (listing_decorate(db, it, lang, ei) != ERR_OK)
			goto bad;
	*out = json_pack("{s:o, s:I}", "items", items, "total",
	    (json_int_t)json_array_size(items));
	return ERR_OK;
bad:
	json_decref(items);
	return ei->err != ERR_OK ? ei->err : ERR_DB;
}

enum err
market_listing_unit_of(struct db *db, struct arena *a, int64_t id,
    int64_t *producer_id, const char **structure, const char **code,
    struct errinfo *ei)
{
	static const struct ocop_unit_cols cols = { STMT_MARKET_LISTING_UNIT, 1,
		0, &no_listing };

	return ocop_row_unit(db, a, &cols, id, structure, code, producer_id,
	    ei);
}

enum err
market_products_for_listing(struct db *db, int64_t producer_id,
    const char *lang, json_t **out, struct errinfo *ei)
{
	json_t *items, *it;
	size_t i;
	enum err e;

	if ((e = ocop_rows_id_name(db, STMT_MARKET_PRODUCTS_OF_PRODUCER,
	    producer_id, &items, ei)) != ERR_OK)
		return e;
	json_array_foreach(items, i, it) {
		struct market_cert c;
		enum market_sellable s = product_sellable(db,
		    jval_int(it, "id", 0), "active", &c);

		json_object_set_new(it, "sellable", json_string(
		    market_sellable_key(s)));
		json_object_set_new(it, "selling", json_boolean(s ==
		    MARKET_SELLS));
		json_object_set_new(it, "reason", json_string(
		    market_sellable_reason(s, lang)));
		if (s == MARKET_SELLS)
			json_object_set_new(it, "stars", json_integer(c.stars));
	}
	*out = items;
	return ERR_OK;
}
