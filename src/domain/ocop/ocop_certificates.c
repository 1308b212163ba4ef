/*
 * ocop_certificates.c - OCOP certificates: their numbers and codes, the
 * status on a day, issue inside a caller's transaction, recording a paper
 * certificate on one product, and the public view (ocop_certificates.h).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/stamp.h"
#include "domain/ocop/ocop_certificates.h"
#include "domain/ocop/ocop_internal.h"

#define CENTRAL_PREFIX	"TW"	/* Trung ương: the central level's numbers */

static bool
blank(const char *s)
{
	return s == NULL || s[0] == '\0';
}

/* ---- status and dates ----------------------------------------------------- */

enum ocop_cert_status
ocop_cert_status_on(const char *expires_on, const char *revoked_on,
    const char *today)
{
	long e, t;

	if (!blank(revoked_on))
		return OCOP_CERT_REVOKED;
	if (!date_parse(expires_on, &e) || !date_parse(today, &t))
		return OCOP_CERT_EXPIRED;	/* unreadable: never "valid" */
	if (t > e)
		return OCOP_CERT_EXPIRED;
	return e - t < OCOP_CERT_WARN_DAYS ? OCOP_CERT_EXPIRING :
	    OCOP_CERT_VALID;
}

static const char *const status_keys[] = { "valid", "expiring", "expired",
	"revoked" };
static const char *const status_vi[] = { "Còn hiệu lực",
	"Còn hiệu lực, sắp hết hạn", "Đã hết hạn", "Đã bị thu hồi" };
static const char *const status_en[] = { "Valid", "Valid, expiring soon",
	"Expired", "Revoked" };

const char *
ocop_cert_status_key(enum ocop_cert_status s)
{
	return status_keys[s];
}

const char *
ocop_cert_status_name(enum ocop_cert_status s, const char *lang)
{
	return lang != NULL && strcmp(lang, "en") == 0 ? status_en[s] :
	    status_vi[s];
}

static const char *
level_name(const char *level, const char *lang)
{
	bool en = lang != NULL && strcmp(lang, "en") == 0;

	if (level != NULL && strcmp(level, "central") == 0)
		return en ? "Central" : "Trung ương";
	if (level != NULL && strcmp(level, "district") == 0)
		return en ? "District (before 1 July 2025)" :
		    "Huyện (trước 01/7/2025)";
	return en ? "Province" : "Tỉnh";
}

static int
month_days(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

bool
ocop_cert_default_expiry(const char *issued_on, char out[DATE_LEN])
{
	char ymd[32];
	int y, m, d;
	long days;

	if (!date_parse(issued_on, NULL))
		return false;
	/* date_parse checked the shape: "YYYY-MM-DD", digits where due */
	y = (int)strtol(issued_on, NULL, 10);
	m = (int)strtol(issued_on + 5, NULL, 10);
	d = (int)strtol(issued_on + 8, NULL, 10);
	y += OCOP_CERT_MONTHS / 12;
	m += OCOP_CERT_MONTHS % 12;
	if (m > 12) {
		m -= 12;
		y++;
	}
	if (d > month_days(y, m))
		d = month_days(y, m);
	snprintf(ymd, sizeof ymd, "%04d-%02d-%02d", y, m, d);
	if (!date_parse(ymd, &days))
		return false;
	date_format(days - 1, out);
	return true;
}

/* ---- input ---------------------------------------------------------------- */

static size_t
add(struct errinfo *out, size_t n, size_t max, enum err e, const char *code,
    const char *field, const char *vi, const char *en)
{
	if (n < max)
		err_set_texts(&out[n], e, code, field, vi, en);
	return n + 1;
}

size_t
ocop_cert_problems(const struct ocop_cert_in *in, struct errinfo *out,
    size_t max)
{
	size_t n = 0;
	long issued = 0, expires = 0;
	bool have_issued;

	if (in->number != NULL && (blank(in->number) ||
	    strlen(in->number) > OCOP_CERT_NUMBER_MAX))
		n = add(out, n, max, ERR_INVALID, "ocop.bad_certificate_number",
		    "number", "Cần ghi số giấy chứng nhận (tối đa 60 ký tự)",
		    "Give the certificate's number (at most 60 characters)");
	if (in->level == NULL || (strcmp(in->level, "province") != 0 &&
	    strcmp(in->level, "central") != 0 &&
	    strcmp(in->level, "district") != 0))
		n = add(out, n, max, ERR_INVALID, "ocop.bad_level", "level",
		    "Cần chọn cấp cấp giấy chứng nhận",
		    "Choose the level that issued the certificate");
	if (in->stars < 3 || in->stars > 5)
		n = add(out, n, max, ERR_INVALID, "ocop.bad_certificate_stars",
		    "stars", "Giấy chứng nhận OCOP ghi từ 3 đến 5 sao",
		    "An OCOP certificate holds 3 to 5 stars");
	else if (in->level != NULL && strcmp(in->level, "central") == 0 &&
	    in->stars != 5)
		n = add(out, n, max, ERR_INVALID, "ocop.bad_certificate_stars",
		    "stars", "Cấp Trung ương công nhận sản phẩm 5 sao",
		    "The central level recognises 5-star products");
	else if (in->level != NULL && strcmp(in->level, "central") != 0 &&
	    in->stars == 5)
		n = add(out, n, max, ERR_INVALID, "ocop.bad_certificate_stars",
		    "stars", "Sản phẩm 5 sao do cấp Trung ương công nhận",
		    "5-star products are recognised by the central level");
	if (!isnan(in->score) && (in->score < 0 || in->score > 100))
		n = add(out, n, max, ERR_INVALID, "ocop.bad_score", "score",
		    "Điểm từ 0 đến 100", "A score is 0 to 100");
	have_issued = in->issued_on != NULL;
	if (!have_issued && in->source != NULL &&
	    strcmp(in->source, "round") != 0)
		n = add(out, n, max, ERR_INVALID, "ocop.bad_date", "issued_on",
		    "Cần ghi ngày cấp giấy chứng nhận",
		    "Give the certificate's issue date");
	if (have_issued && !date_parse_user(in->issued_on, &issued))
		n = add(out, n, max, ERR_INVALID, "ocop.bad_date", "issued_on",
		    "Ngày cấp không đúng (năm-tháng-ngày)",
		    "The issue date is not a date (YYYY-MM-DD)");
	if (in->expires_on != NULL) {
		if (!date_parse_user(in->expires_on, &expires))
			n = add(out, n, max, ERR_INVALID, "ocop.bad_date",
			    "expires_on",
			    "Ngày hết hạn không đúng (năm-tháng-ngày)",
			    "The expiry date is not a date (YYYY-MM-DD)");
		else if (have_issued && issued != 0 && expires <= issued)
			n = add(out, n, max, ERR_INVALID, "ocop.bad_date",
			    "expires_on", "Ngày hết hạn phải sau ngày cấp",
			    "The expiry date must come after the issue date");
	}
	return n;
}

/* ---- issue ---------------------------------------------------------------- */

/* The verification code of a number given by an issuer: the issuer's code,
 * '-', the number folded to A-Z, 0-9, runs of anything else as one '-'. */
static const char *
given_code(struct arena *a, const char *issuer, const char *number)
{
	char *folded = ocop_fold(number);
	char *out = arena_alloc(a, strlen(issuer) + strlen(folded) + 2);
	size_t n = strlen(issuer);
	bool dash = true;

	memcpy(out, issuer, n);
	out[n++] = '-';
	for (const char *s = folded; *s != '\0'; s++) {
		if (isalnum((unsigned char)*s)) {
			out[n++] = (char)toupper((unsigned char)*s);
			dash = false;
		} else if (!dash) {
			out[n++] = '-';
			dash = true;
		}
	}
	if (dash && n > 0 && out[n - 1] == '-' && n > strlen(issuer) + 1)
		n--;
	out[n] = '\0';
	free(folded);
	return out;
}

static bool
exists(struct db *db, enum stmt_id id, const char *a, const char *b,
    const char *c, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, id);

	db_bind_text(st, 1, a);
	if (b != NULL)
		db_bind_text(st, 2, b);
	if (c != NULL)
		db_bind_text(st, 3, c);
	return db_step(st, ei) == 1;
}

enum err
ocop_certificate_issue(struct db *db, struct arena *a,
    const struct principal *p, int64_t product_id,
    const struct ocop_cert_in *in, int64_t *id, const char **code,
    struct errinfo *ei)
{
	char issued[DATE_LEN], expires[DATE_LEN], now[STAMP_TIME_LEN];
	char score[32];
	const char *structure, *commune, *issuer, *number, *cert_code;
	const char *old_stars = NULL, *new_stars;
	int64_t producer_id, replaces = 0, new_id = 0;
	bool central = strcmp(in->level, "central") == 0;
	struct db_stmt *st;
	enum err e;

	if ((e = ocop_product_unit_of(db, a, product_id, &structure, &commune,
	    &producer_id, ei)) != ERR_OK)
		return e;
	if (in->issued_on != NULL)
		snprintf(issued, sizeof issued, "%s", in->issued_on);
	else
		date_today(issued);
	if (in->expires_on != NULL)
		snprintf(expires, sizeof expires, "%s", in->expires_on);
	else if (!ocop_cert_default_expiry(issued, expires))
		return err_set(ei, ERR_INVALID, "ocop.bad_date", "issued_on",
		    "Ngày cấp không đúng", "The issue date is not a date");

	/* The issuer: the country for the central level, else the province
	 * above the product's 2025 commune. */
	if (central) {
		issuer = "VN";
	} else {
		st = db_stmt(db, STMT_OCOP_CERT_PARENT);
		db_bind_text(st, 1, structure);
		db_bind_text(st, 2, commune);
		if (db_step(st, ei) != 1 || db_col_null(st, 0))
			return err_set(ei, ERR_DB, "ocop.no_province", "id",
			    "Không tìm thấy tỉnh của sản phẩm",
			    "The product's province was not found");
		issuer = arena_strdup(a, db_col_text(st, 0));
	}

	if (in->number == NULL) {
		st = db_stmt(db, STMT_OCOP_CERT_SEQ_NEXT);
		db_bind_text(st, 1, issuer);
		db_bind_int(st, 2, strtol(issued, NULL, 10));
		if (db_step(st, ei) != 1)
			return ei->err != ERR_OK ? ei->err : ERR_DB;
		number = arena_printf(a, "OCOP-%s-%.4s-%05lld",
		    central ? CENTRAL_PREFIX : issuer, issued,
		    (long long)db_col_int(st, 0));
		db_end_reads(db);
		cert_code = number;
	} else {
		number = in->number;
		cert_code = given_code(a, issuer, number);
	}
	if (exists(db, STMT_OCOP_CERT_NUMBER_USED, structure, issuer, number,
	    ei) || exists(db, STMT_OCOP_CERT_CODE_USED, cert_code, NULL, NULL,
	    ei))
		return err_set(ei, ERR_CONFLICT, "ocop.certificate_exists",
		    "number", "Số giấy chứng nhận %s đã có trên hệ thống",
		    "Certificate number %s is already recorded", number);

	st = db_stmt(db, STMT_OCOP_CERT_CURRENT);
	db_bind_int(st, 1, product_id);
	if (db_step(st, ei) == 1)
		replaces = db_col_int(st, 0);

	stamp_now(now);
	snprintf(score, sizeof score, "%.1f", in->score);
	st = db_stmt(db, STMT_OCOP_CERT_INSERT);
	db_bind_text(st, 1, cert_code);
	db_bind_text(st, 2, number);
	db_bind_int(st, 3, product_id);
	db_bind_text(st, 4, in->level);
	db_bind_int(st, 5, in->stars);
	db_bind_text(st, 6, isnan(in->score) ? NULL : score);
	db_bind_text(st, 7, issued);
	db_bind_text(st, 8, expires);
	db_bind_text(st, 9, structure);
	db_bind_text(st, 10, issuer);
	db_bind_text(st, 11, in->source);
	if (in->round_id > 0)
		db_bind_int(st, 12, in->round_id);
	else
		db_bind_null(st, 12);
	if (replaces > 0)
		db_bind_int(st, 13, replaces);
	else
		db_bind_null(st, 13);
	db_bind_text(st, 14, now);
	if (p != NULL && p->user_id > 0)
		db_bind_int(st, 15, p->user_id);
	else
		db_bind_null(st, 15);
	if (db_step(st, ei) != 1)
		return ei->err != ERR_OK ? ei->err : ERR_DB;
	new_id = db_col_int(st, 0);
	db_end_reads(db);	/* a RETURNING statement left open blocks COMMIT */

	/* The product's rating is its newest certificate's. */
	st = db_stmt(db, STMT_OCOP_PRODUCT_GET);
	db_bind_int(st, 1, product_id);
	if (db_step(st, ei) == 1 && !db_col_null(st, 13))
		old_stars = arena_strdup(a, db_col_text(st, 13));
	new_stars = arena_printf(a, "%d", in->stars);
	st = db_stmt(db, STMT_OCOP_PRODUCT_SET_RATING);
	db_bind_int(st, 1, in->stars);
	db_bind_text(st, 2, isnan(in->score) ? NULL : score);
	db_bind_text(st, 3, now);
	db_bind_int(st, 4, product_id);
	if ((e = db_exec(st, ei)) != ERR_OK ||
	    (e = ocop_history_add(db, p, product_id, "certificate", NULL,
	    number, ei)) != ERR_OK)
		return e;
	if ((old_stars == NULL || strcmp(old_stars, new_stars) != 0) &&
	    (e = ocop_history_add(db, p, product_id, "stars", old_stars,
	    new_stars, ei)) != ERR_OK)
		return e;
	if (id != NULL)
		*id = new_id;
	if (code != NULL)
		*code = cert_code;
	return ERR_OK;
}

enum err
ocop_certificate_record(struct db *db, const struct principal *p,
    int64_t product_id, const struct ocop_cert_in *in, char **code,
    struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	struct ocop_step step;
	struct audit_actor who;
	struct ocop_cert_in rec = *in;
	const char *c = NULL;
	int64_t cid = 0;
	enum err e;

	rec.source = "record";
	rec.round_id = 0;
	if (ocop_cert_problems(&rec, ei, 1) > 0) {
		e = ei->err;
		goto done;
	}
	db_end_reads(db);	/* the router's lookups: not an old snapshot */
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	if ((e = ocop_step_check(db, a, p, product_id, "record_certificate",
	    NULL, &step, ei)) == ERR_OK &&
	    (e = ocop_certificate_issue(db, a, p, product_id, &rec, &cid, &c,
	    ei)) == ERR_OK &&
	    (e = ocop_step_take(db, a, p, &step, NULL, NULL, ei)) == ERR_OK) {
		auth_actor(p, step.b, &who);
		e = audit_record(db, &who, "ocop.certificate_record",
		    step.inst.structure, step.inst.code,
		    json_pack("{s:s, s:i, s:s}", "code", c, "stars",
		    rec.stars, "level", rec.level), ei,
		    "ocop_certificate:%lld", (long long)cid);
	}
	if (e == ERR_OK)
		e = db_meta_bump(db, OCOP_META_VERSION, ei);
	e = db_finish(db, e, ei);
	if (e == ERR_OK && code != NULL && (*code = strdup(c)) == NULL)
		abort();
done:
	arena_free(a);
	return e;
}

/* ---- reading -------------------------------------------------------------- */

enum err
ocop_certificate_get(struct db *db, const char *code, const char *lang,
    json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_CERT_GET);
	char today[DATE_LEN];
	const struct ocop_group *g;
	enum ocop_cert_status s;
	int r;

	db_bind_text(st, 1, code);
	if ((r = db_step(st, ei)) != 1) {
		db_end_reads(db);
		if (r < 0)
			return ei->err;
		return err_set(ei, ERR_NOTFOUND, "ocop.no_certificate", "code",
		    "Không có giấy chứng nhận OCOP nào mang số này",
		    "No OCOP certificate has this number");
	}
	s = ocop_cert_status_on(db_col_text(st, 6), db_col_text(st, 7),
	    date_today(today));
	g = ocop_group_find((int)db_col_int(st, 12));
	*out = json_pack("{s:s, s:s, s:s, s:s, s:i, s:o, s:s, s:s, s:s, s:s,"
	    " s:o, s:o, s:s, s:o, s:{s:I, s:s, s:i, s:o}, s:s, s:s, s:o, s:s}",
	    "code", db_col_text(st, 0), "number", db_col_text(st, 1),
	    "level", db_col_text(st, 2),
	    "level_name", level_name(db_col_text(st, 2), lang),
	    "stars", (int)db_col_int(st, 3),
	    "score", db_col_null(st, 4) ? json_null() :
	    json_real(strtod(db_col_text(st, 4), NULL)),
	    "issued_on", db_col_text(st, 5), "expires_on", db_col_text(st, 6),
	    "status", ocop_cert_status_key(s),
	    "status_name", ocop_cert_status_name(s, lang),
	    "revoked_on", jval_string(db_col_text(st, 7)),
	    "revoked_reason", jval_string(db_col_text(st, 8)),
	    "source", db_col_text(st, 9),
	    "replaced_by", jval_string(db_col_text(st, 17)),
	    "product", "id", (json_int_t)db_col_int(st, 10),
	    "name", db_col_text(st, 11), "group", (int)db_col_int(st, 12),
	    "group_name", g == NULL ? json_null() :
	    json_string(lang != NULL && strcmp(lang, "en") == 0 ? g->en :
	    g->vi),
	    "producer", db_col_text(st, 13), "commune", db_col_text(st, 14),
	    "province", jval_string(db_col_text(st, 15)),
	    "issuer", db_col_text(st, 16));
	db_end_reads(db);
	return *out != NULL ? ERR_OK : err_set(ei, ERR_SYS, "ocop.memory", "",
	    "Hết bộ nhớ", "Out of memory");
}

enum err
ocop_certificate_list(struct db *db, int64_t product_id, const char *lang,
    json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_CERT_LIST);
	json_t *items = json_array();
	char today[DATE_LEN];
	enum ocop_cert_status s;
	int r;

	date_today(today);
	db_bind_int(st, 1, product_id);
	while ((r = db_step(st, ei)) == 1) {
		s = ocop_cert_status_on(db_col_text(st, 5),
		    db_col_text(st, 6), today);
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s,"
		    " s:i, s:s, s:s, s:s, s:s}",
		    "code", db_col_text(st, 0), "number", db_col_text(st, 1),
		    "level", db_col_text(st, 2),
		    "level_name", level_name(db_col_text(st, 2), lang),
		    "stars", (int)db_col_int(st, 3),
		    "issued_on", db_col_text(st, 4),
		    "expires_on", db_col_text(st, 5),
		    "status", ocop_cert_status_key(s),
		    "status_name", ocop_cert_status_name(s, lang)));
	}
	db_end_reads(db);
	if (r < 0) {
		json_decref(items);
		return ei->err;
	}
	*out = json_pack("{s:o}", "items", items);
	return ERR_OK;
}
