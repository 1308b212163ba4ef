/*
 * ocop_import.c - a province's OCOP list imported in one transaction
 * (ocop_import.h).  Two passes over the rows read by ocop_import_table.c:
 * the first checks every row and lists every problem (the placement
 * through the lineage, the producer's kind, the group, the stars, the
 * certificate through ocop_cert_problems, the importer's scope, and the
 * duplicates in the file and in the database); the second, only when no
 * row is bad, writes each row through the registry and the certificates
 * (ocop_producer_create, ocop_product_insert, ocop_certificate_issue and
 * the cycle's record_certificate), then one audit entry with the counts.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/msg.h"
#include "core/stamp.h"
#include "core/strset.h"
#include "domain/ocop/ocop_certificates.h"
#include "domain/ocop/ocop_import.h"
#include "domain/ocop/ocop_import_table.h"
#include "domain/ocop/ocop_internal.h"
#include "domain/units/units.h"

/* Under the three-level path (148 before 1489/QĐ-TTg) the district
 * certified 3 stars; from this day the province does. */
#define TWO_LEVELS_FROM	"2025-07-01"

struct import {
	struct db *db;
	const struct principal *p;
	struct arena *a;
	const char *lang, *name;
	const struct oi_table *t;
	json_t *errors;
	struct strset numbers, products;
	const struct wf_procedure *proc;	/* a new product's cycle */
	const struct wf_transition *record;	/* its record_certificate */
	struct errinfo first;		/* the first problem, for the summary */
	long first_row;
	size_t nproblems;		/* all of them, listed or not */
};

/* One good row, ready to write. */
struct row {
	const struct oi_row *src;
	const char *commune, *province, *province_name;
	struct role_binding b;		/* the importer's, that admits it */
	struct ocop_producer_in producer;
	struct ocop_product_in product;
	int stars;			/* 0: not yet rated */
	struct ocop_cert_in cert;
};

static bool
blank(const char *s)
{
	return s == NULL || s[0] == '\0';
}

/* Record one problem of row r in column col. */
static void
bad(struct import *im, const struct oi_row *r, int col,
    const struct errinfo *one)
{
	if (im->nproblems++ == 0) {
		im->first = *one;
		im->first_row = r->line;
	}
	if (json_array_size(im->errors) >= OCOP_IMPORT_PROBLEMS_MAX)
		return;
	json_array_append_new(im->errors, json_pack("{s:I, s:s, s:s, s:s,"
	    " s:s}", "row", (json_int_t)r->line, "column", im->t->header[col],
	    "field", oi_col_names[col], "code", one->code,
	    "message", err_message(one, im->lang)));
}

/* The search key of s, in the import's arena. */
static const char *
fold(struct import *im, const char *s)
{
	char *f = ocop_fold(s);
	const char *out = arena_strdup(im->a, f);

	free(f);
	return out;
}

/* ---- the row's values ----------------------------------------------------- */

/* The group: its number 1-6, or its name (either language), diacritics
 * and case forgiven.  0: none. */
static int
group_of(struct import *im, const char *s)
{
	const char *k = fold(im, s);
	char *end;
	long v = strtol(s, &end, 10);

	if (!blank(s) && *end == '\0' && ocop_group_find((int)v) != NULL)
		return (int)v;
	for (size_t i = 0; i < OCOP_GROUPS; i++)
		if (strcmp(k, fold(im, ocop_groups[i].vi)) == 0 ||
		    strcmp(k, fold(im, ocop_groups[i].en)) == 0)
			return ocop_groups[i].code;
	return 0;
}

/* The producer's kind: its key or its name (either language).  *kind NULL
 * for an empty cell; false when it is none of the four. */
static bool
kind_of(struct import *im, const char *s, const char **kind)
{
	const char *k = fold(im, s);

	*kind = NULL;
	if (blank(s))
		return true;
	for (size_t i = 0; ocop_producer_kinds[i] != NULL; i++) {
		const char *key = ocop_producer_kinds[i];
		const char *mk = arena_printf(im->a, "ocop_kind_%s", key);

		if (strcmp(s, key) == 0 ||
		    strcmp(k, fold(im, msg_get("vi", mk))) == 0 ||
		    strcmp(k, fold(im, msg_get("en", mk))) == 0) {
			*kind = key;
			return true;
		}
	}
	return false;
}

/* The 2025 commune of a 2025 unit: (structure, code) must be a commune. */
static bool
commune_2025(struct import *im, const char *code, struct row *w)
{
	struct errinfo ignored;
	struct unit u;

	if (units_get(im->db, im->a, "2025", code, &u, &ignored) != ERR_OK ||
	    strcmp(u.level, "commune") != 0)
		return false;
	w->commune = u.code;
	w->province = u.parent_code;
	w->province_name = u.parent_name != NULL ? u.parent_name : "";
	return true;
}

/* Place the row in its 2025 commune: as is, or a pre-2025 commune through
 * the lineage (one successor commune, else the person chooses). */
static bool
place(struct import *im, const struct oi_row *r, struct row *w)
{
	const char *structure = r->cell[OI_STRUCTURE];
	const char *code = r->cell[OI_COMMUNE];
	struct unit_link *links;
	struct errinfo one;
	struct unit old;
	size_t n, ncommunes = 0;
	const char *only = NULL;
	char names[240] = "";
	size_t used = 0;

	if (strcmp(structure, "2025") != 0 && strcmp(structure, "pre2025") != 0) {
		err_set(&one, ERR_INVALID, "ocop.import_structure", "structure",
		    "Ghi 2025 (xã, phường từ 01/7/2025) hoặc pre2025 (trước "
		    "01/7/2025), không phải “%.40s”", "Write 2025 (communes from "
		    "1 July 2025) or pre2025 (before), not “%.40s”", structure);
		bad(im, r, OI_STRUCTURE, &one);
		return false;
	}
	if (strcmp(structure, "2025") == 0) {
		if (commune_2025(im, code, w))
			return true;
		err_set(&one, ERR_INVALID, "ocop.import_commune", "commune_code",
		    "Không có xã, phường (từ 01/7/2025) nào mã “%.20s”",
		    "No commune (from 1 July 2025) has the code “%.20s”", code);
		bad(im, r, OI_COMMUNE, &one);
		return false;
	}
	if (units_get(im->db, im->a, "pre2025", code, &old, &one) != ERR_OK ||
	    strcmp(old.level, "commune") != 0) {
		err_set(&one, ERR_INVALID, "ocop.import_commune", "commune_code",
		    "Không có xã, phường (trước 01/7/2025) nào mã “%.20s”",
		    "No commune (before 1 July 2025) has the code “%.20s”", code);
		bad(im, r, OI_COMMUNE, &one);
		return false;
	}
	if (units_successors(im->db, im->a, "pre2025", code, &links, &n,
	    &one) != ERR_OK)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(links[i].structure, "2025") != 0 ||
		    links[i].level == NULL ||
		    strcmp(links[i].level, "commune") != 0)
			continue;
		ncommunes++;
		only = links[i].code;
		used += (size_t)snprintf(names + used, used < sizeof names ?
		    sizeof names - used : 0, "%s%s", used ? ", " : "",
		    links[i].full_name);
		if (used >= sizeof names)
			used = sizeof names - 1;
	}
	if (ncommunes == 1 && commune_2025(im, only, w))
		return true;
	if (ncommunes > 1)
		err_set(&one, ERR_INVALID, "ocop.import_split", "commune_code",
		    "%s (trước 01/7/2025) đã chia về nhiều xã, phường: %s. Hãy "
		    "chọn một: ghi structure 2025 và mã xã, phường mới",
		    "%s (before 1 July 2025) was split among several communes: "
		    "%s. Choose one: write structure 2025 and the new commune's "
		    "code", old.full_name, names);
	else
		err_set(&one, ERR_INVALID, "ocop.import_no_successor",
		    "commune_code", "Chưa ghi nhận %s (trước 01/7/2025) sáp "
		    "nhập vào xã, phường nào", "No commune is recorded as taking "
		    "%s (before 1 July 2025)", old.full_name);
	bad(im, r, OI_COMMUNE, &one);
	return false;
}

/* The columns the certificate's fields are read from. */
static int
cert_col(const char *field)
{
	if (strcmp(field, "number") == 0)
		return OI_NUMBER;
	if (strcmp(field, "issued_on") == 0)
		return OI_ISSUED;
	if (strcmp(field, "expires_on") == 0)
		return OI_EXPIRES;
	return OI_STARS;
}

/* The stars, and for 3-5 the certificate (its level from the stars, the
 * structure and the issue date). */
static bool
stars_and_certificate(struct import *im, const struct oi_row *r,
    struct row *w)
{
	const char *s = r->cell[OI_STARS];
	struct errinfo one, probs[8];
	size_t n;

	w->stars = 0;
	if (!blank(s)) {
		if (strlen(s) != 1 || s[0] < '1' || s[0] > '5') {
			err_set(&one, ERR_INVALID, "ocop.import_stars", "stars",
			    "Số sao từ 1 đến 5, hoặc để trống khi chưa xếp hạng "
			    "(không phải “%.20s”)", "Stars are 1 to 5, or empty "
			    "when not yet rated (not “%.20s”)", s);
			bad(im, r, OI_STARS, &one);
			return false;
		}
		w->stars = s[0] - '0';
	}
	if (w->stars < 3) {
		if (blank(r->cell[OI_NUMBER]))
			return true;
		err_set(&one, ERR_INVALID, "ocop.import_no_certificate",
		    "certificate_no", "Giấy chứng nhận OCOP chỉ cấp cho sản "
		    "phẩm từ 3 sao: ghi số sao, hoặc bỏ số giấy chứng nhận",
		    "OCOP certificates are for products of 3 stars or more: "
		    "give the stars, or leave the certificate number out");
		bad(im, r, OI_NUMBER, &one);
		return false;
	}
	w->cert = (struct ocop_cert_in){ .number = r->cell[OI_NUMBER],
	    .stars = w->stars, .score = NAN, .source = "import",
	    .issued_on = blank(r->cell[OI_ISSUED]) ? NULL : r->cell[OI_ISSUED],
	    .expires_on = blank(r->cell[OI_EXPIRES]) ? NULL :
	    r->cell[OI_EXPIRES] };
	if (w->stars == 5)
		w->cert.level = "central";
	else if (w->stars == 3 &&
	    strcmp(r->cell[OI_STRUCTURE], "pre2025") == 0 &&
	    w->cert.issued_on != NULL &&
	    date_parse(w->cert.issued_on, NULL) &&
	    strcmp(w->cert.issued_on, TWO_LEVELS_FROM) < 0)
		w->cert.level = "district";
	else
		w->cert.level = "province";
	n = ocop_cert_problems(&w->cert, probs, 8);
	for (size_t i = 0; i < n && i < 8; i++)
		bad(im, r, cert_col(probs[i].field), &probs[i]);
	return n == 0;
}

/* Is the certificate's number or the product already in the file or the
 * database?  Each duplicate listed. */
static bool
unique(struct import *im, const struct oi_row *r, struct row *w)
{
	const char *issuer = w->stars == 5 ? "VN" : w->province;
	const char *pkey = arena_printf(im->a, "%s|%s|%s", w->commune,
	    fold(im, w->producer.name), fold(im, w->product.name));
	struct errinfo one;
	struct db_stmt *st;
	bool ok = true;

	if (w->stars >= 3) {
		const char *nkey = arena_printf(im->a, "%s|%s", issuer,
		    w->cert.number);

		st = db_stmt(im->db, STMT_OCOP_CERT_NUMBER_USED);
		db_bind_text(st, 1, "2025");
		db_bind_text(st, 2, issuer);
		db_bind_text(st, 3, w->cert.number);
		if (!strset_add(&im->numbers, nkey)) {
			err_set(&one, ERR_CONFLICT, "ocop.import_duplicate",
			    "certificate_no", "Số giấy chứng nhận “%s” đã có "
			    "ở một dòng trước trong tệp", "The certificate "
			    "number “%s” is on an earlier row of the file",
			    w->cert.number);
			bad(im, r, OI_NUMBER, &one);
			ok = false;
		} else if (db_step(st, &one) == 1) {
			err_set(&one, ERR_CONFLICT, "ocop.certificate_exists",
			    "certificate_no", "Số giấy chứng nhận “%s” đã có "
			    "trên hệ thống", "The certificate number “%s” is "
			    "already recorded", w->cert.number);
			bad(im, r, OI_NUMBER, &one);
			ok = false;
		}
		db_end_reads(im->db);
	}
	if (!strset_add(&im->products, pkey)) {
		err_set(&one, ERR_CONFLICT, "ocop.import_duplicate",
		    "product_name", "Sản phẩm “%s” của “%s” đã có ở một dòng "
		    "trước trong tệp", "The product “%s” of “%s” is on an "
		    "earlier row of the file", w->product.name,
		    w->producer.name);
		bad(im, r, OI_PRODUCT, &one);
		return false;
	}
	st = db_stmt(im->db, STMT_OCOP_IMPORT_PRODUCER_FIND);
	db_bind_text(st, 1, "2025");
	db_bind_text(st, 2, w->commune);
	db_bind_text(st, 3, fold(im, w->producer.name));
	if (db_step(st, &one) == 1) {
		int64_t producer = db_col_int(st, 0);

		st = db_stmt(im->db, STMT_OCOP_IMPORT_PRODUCT_EXISTS);
		db_bind_int(st, 1, producer);
		db_bind_text(st, 2, fold(im, w->product.name));
		if (db_step(st, &one) == 1) {
			err_set(&one, ERR_CONFLICT, "ocop.import_exists",
			    "product_name", "Sản phẩm “%s” của “%s” đã có trên "
			    "hệ thống", "The product “%s” of “%s” is already "
			    "recorded", w->product.name, w->producer.name);
			bad(im, r, OI_PRODUCT, &one);
			ok = false;
		}
	}
	db_end_reads(im->db);
	return ok;
}

/* May the importer take the cycle's record_certificate on a product of
 * the row's commune?  The procedure's own rule (roles and level), asked
 * before anything is written, so that a refusal is listed with the rest. */
static bool
may_record(struct import *im, const struct row *w)
{
	return im->record != NULL && wf_may(im->db, im->p, im->record, "2025",
	    w->commune) != NULL;
}

/* Check row r into w: every problem listed; true when it has none. */
static bool
check_row(struct import *im, const struct oi_row *r, struct row *w)
{
	struct errinfo one, probs[8];
	const struct role_binding *b;
	size_t before = im->nproblems, n;
	bool placed;

	memset(w, 0, sizeof *w);
	w->src = r;
	w->producer.name = r->cell[OI_PRODUCER];
	w->product.name = r->cell[OI_PRODUCT];
	w->product.group = group_of(im, r->cell[OI_GROUP]);
	n = ocop_product_problems(&w->product, probs, 8);
	for (size_t i = 0; i < n && i < 8; i++) {
		if (strcmp(probs[i].field, "group") != 0)
			bad(im, r, OI_PRODUCT, &probs[i]);
		else if (blank(r->cell[OI_GROUP]))
			bad(im, r, OI_GROUP, &probs[i]);
		else {
			err_set(&one, ERR_INVALID, "ocop.bad_group", "group",
			    "Không có nhóm sản phẩm “%.60s”: ghi số nhóm 1 đến 6 "
			    "hoặc tên nhóm (Thực phẩm, Đồ uống…)", "There is no "
			    "product group “%.60s”: write the group's number 1 to "
			    "6 or its name (Thực phẩm, Đồ uống…)",
			    r->cell[OI_GROUP]);
			bad(im, r, OI_GROUP, &one);
		}
	}
	if (!kind_of(im, r->cell[OI_TYPE], &w->producer.kind)) {
		err_set(&one, ERR_INVALID, "ocop.bad_kind", "producer_type",
		    "Loại hình “%.40s” không có: hợp tác xã, doanh nghiệp, hộ "
		    "kinh doanh, tổ hợp tác, hoặc để trống", "No producer type "
		    "“%.40s”: cooperative, enterprise, business household, "
		    "cooperative group, or empty", r->cell[OI_TYPE]);
		bad(im, r, OI_TYPE, &one);
	}
	n = ocop_producer_problems(NULL, &w->producer, probs, 8);
	for (size_t i = 0; i < n && i < 8; i++)
		if (strcmp(probs[i].field, "kind") != 0)
			bad(im, r, OI_PRODUCER, &probs[i]);
	if ((placed = place(im, r, w))) {
		w->producer.structure = "2025";
		w->producer.code = w->commune;
		if (!auth_can(im->db, im->p, OCOP_IMPORT_ROLES, "2025",
		    w->commune, &b)) {
			err_set(&one, ERR_FORBIDDEN, "auth.out_of_scope",
			    "commune_code", "Xã, phường này thuộc %s, ngoài "
			    "tỉnh, thành phố của bạn", "This commune is in %s, "
			    "outside your province", w->province_name);
			bad(im, r, OI_COMMUNE, &one);
			placed = false;
		} else
			w->b = *b;
	}
	if (stars_and_certificate(im, r, w) && placed && w->stars >= 3 &&
	    !may_record(im, w)) {
		err_set(&one, ERR_FORBIDDEN, "ocop.import_not_recorder",
		    "stars", "Giấy chứng nhận OCOP do cán bộ tỉnh, thành phố "
		    "(%s) ghi nhận: hãy để cán bộ tỉnh nhập dòng này",
		    "OCOP certificates are recorded by the province's officer "
		    "(%s): let the province import this row",
		    w->province_name);
		bad(im, r, OI_STARS, &one);
	}
	if (im->nproblems == before && placed)
		(void)unique(im, r, w);
	return im->nproblems == before;
}

/* ---- writing -------------------------------------------------------------- */

struct counts {
	long producers, products, certificates, rated, registered;
	json_t *provinces;		/* [{province, products, stars5...}] */
	json_t *by_code;		/* province code -> its entry */
};

static void
count(struct counts *c, const struct row *w)
{
	json_t *p = json_object_get(c->by_code, w->province);
	const char *key = w->stars == 0 ? "unrated" :
	    (const char *[]){ "", "stars1", "stars2", "stars3", "stars4",
	    "stars5" }[w->stars];

	if (p == NULL) {
		p = json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:i}",
		    "province", w->province_name, "products", 0, "stars5", 0,
		    "stars4", 0, "stars3", 0, "stars2", 0, "stars1", 0,
		    "unrated", 0);
		json_array_append_new(c->provinces, p);
		json_object_set(c->by_code, w->province, p);
	}
	json_object_set_new(p, "products", json_integer(json_integer_value(
	    json_object_get(p, "products")) + 1));
	json_object_set_new(p, key, json_integer(json_integer_value(
	    json_object_get(p, key)) + 1));
	c->products++;
	if (w->stars >= 3)
		c->certificates++;
	else if (w->stars > 0)
		c->rated++;
	else
		c->registered++;
}

/* The producer of the row: found by folded name in its commune, else
 * created with the row's kind. */
static enum err
producer_of(struct import *im, const struct row *w,
    const struct audit_actor *who, struct counts *c, int64_t *id,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(im->db, STMT_OCOP_IMPORT_PRODUCER_FIND);
	int rc;

	db_bind_text(st, 1, "2025");
	db_bind_text(st, 2, w->commune);
	db_bind_text(st, 3, fold(im, w->producer.name));
	rc = db_step(st, ei);
	if (rc == 1)
		*id = db_col_int(st, 0);
	db_end_reads(im->db);
	if (rc < 0)
		return ei->err;
	if (rc == 1)
		return ERR_OK;
	c->producers++;
	return ocop_producer_create(im->db, who, &w->producer, 0, id, ei);
}

/* The stars of a product rated 1 or 2 (no certificate): its rating and a
 * history row. */
static enum err
record_stars(struct import *im, int64_t product, int stars,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(im->db, STMT_OCOP_PRODUCT_SET_RATING);
	char now[STAMP_TIME_LEN];
	enum err e;

	stamp_now(now);
	db_bind_int(st, 1, stars);
	db_bind_null(st, 2);
	db_bind_text(st, 3, now);
	db_bind_int(st, 4, product);
	if ((e = db_exec(st, ei)) != ERR_OK)
		return e;
	return ocop_history_add(im->db, im->p, product, "stars", NULL,
	    arena_printf(im->a, "%d", stars), ei);
}

/* Write one checked row. */
static enum err
write_row(struct import *im, const struct wf_procedure *proc,
    const struct row *w, struct counts *c, struct errinfo *ei)
{
	struct audit_actor who;
	struct ocop_step step;
	int64_t producer, product;
	enum err e;

	auth_actor(im->p, &w->b, &who);
	if ((e = producer_of(im, w, &who, c, &producer, ei)) != ERR_OK ||
	    (e = ocop_product_insert(im->db, im->p, &who, proc, producer,
	    "2025", w->commune, &w->product, &product, ei)) != ERR_OK)
		return e;
	if (w->stars >= 3) {
		if ((e = ocop_step_check(im->db, im->a, im->p, product,
		    "record_certificate", NULL, &step, ei)) != ERR_OK ||
		    (e = ocop_certificate_issue(im->db, im->a, im->p, product,
		    &w->cert, NULL, NULL, ei)) != ERR_OK ||
		    (e = ocop_step_take(im->db, im->a, im->p, &step, NULL, NULL,
		    ei)) != ERR_OK)
			return e;
	} else if (w->stars > 0 &&
	    (e = record_stars(im, product, w->stars, ei)) != ERR_OK)
		return e;
	count(c, w);
	return ERR_OK;
}

/* Write every row (none is bad), then the audit entry with the counts. */
static enum err
write_all(struct import *im, struct row *rows, size_t n, json_t **result,
    struct errinfo *ei)
{
	struct counts c = { .provinces = json_array(),
	    .by_code = json_object() };
	struct audit_actor who;
	enum err e = ERR_OK;

	for (size_t i = 0; i < n; i++)
		if ((e = write_row(im, im->proc, &rows[i], &c, ei)) != ERR_OK) {
			/* what the checks cannot see (a number whose
			 * verification code another has, a step the cycle
			 * refuses): on its row; a failing database is not
			 * the file's fault */
			if (e == ERR_INVALID || e == ERR_CONFLICT ||
			    e == ERR_FORBIDDEN)
				bad(im, rows[i].src, strcmp(ei->field,
				    "number") == 0 ? OI_NUMBER : OI_PRODUCT, ei);
			goto out;
		}
	auth_actor(im->p, &rows[0].b, &who);
	*result = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:O}",
	    "rows", (json_int_t)n, "producers_created",
	    (json_int_t)c.producers, "products", (json_int_t)c.products,
	    "certificates", (json_int_t)c.certificates,
	    "rated", (json_int_t)c.rated, "registered",
	    (json_int_t)c.registered, "provinces", c.provinces);
	/* under the importer's unit: its province sees it in its trail */
	if ((e = audit_record(im->db, &who, "ocop.import",
	    rows[0].b.structure, rows[0].b.unit_code,
	    json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "file", im->name,
	    "products", (json_int_t)c.products, "producers_created",
	    (json_int_t)c.producers, "certificates",
	    (json_int_t)c.certificates, "rated", (json_int_t)c.rated,
	    "registered", (json_int_t)c.registered), ei, "import:%.100s",
	    im->name)) == ERR_OK)
		e = db_meta_bump(im->db, OCOP_META_VERSION, ei);
	if (e != ERR_OK) {
		json_decref(*result);
		*result = NULL;
	}
out:
	json_decref(c.provinces);
	json_decref(c.by_code);
	return e;
}

/* The refusal of a file with bad rows: how many, and the first. */
static enum err
rows_refused(const struct import *im, struct errinfo *ei)
{
	return err_set(ei, ERR_INVALID, "ocop.import_rows", "file",
	    "%s: %zu lỗi, không ghi dòng nào (dòng %ld: %s%.0s)",
	    "%s: %zu problems, nothing stored (row %ld: %.0s%s)", im->name,
	    im->nproblems, im->first_row, im->first.message,
	    im->first.message_en);
}

enum err
ocop_import(struct db *db, const struct principal *p, const void *data,
    size_t len, const char *name, const char *lang, json_t **result,
    json_t **errors, struct errinfo *ei)
{
	struct import im = { .db = db, .p = p, .lang = lang, .name = name };
	struct oi_table t;
	struct row *rows;
	enum err e;

	*result = NULL;
	*errors = NULL;
	if (len > OCOP_IMPORT_MAX)
		return err_set(ei, ERR_LIMIT, "ocop.import_too_large", "file",
		    "%s: tệp lớn quá %u MB", "%s: the file is larger than %u MB",
		    name, OCOP_IMPORT_MAX >> 20);
	im.a = arena_new(256 * 1024);
	im.t = &t;
	strset_init(&im.numbers);
	strset_init(&im.products);
	if ((e = oi_table_read(im.a, data, len, name, &t, ei)) != ERR_OK)
		goto done;
	if (t.n == 0) {
		e = err_set(ei, ERR_INVALID, "ocop.import_empty", "file",
		    "%s: không có dòng sản phẩm nào dưới dòng tiêu đề",
		    "%s: no product rows under the header row", name);
		goto done;
	}
	im.errors = json_array();
	rows = arena_alloc(im.a, t.n * sizeof *rows);
	db_end_reads(db);	/* the router's lookups: not an old snapshot */
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	/* the cycle a new product starts, and its step for a certificate */
	if ((e = wf_pick(db, OCOP_PROCEDURE_KIND, "2025", "commune", NULL, NULL,
	    &im.proc, ei)) != ERR_OK) {
		db_rollback(db);
		db_end_reads(db);
		goto done;
	}
	im.record = wf_transition_find(im.proc, "record_certificate");
	for (size_t i = 0; i < t.n; i++)
		(void)check_row(&im, &t.rows[i], &rows[i]);
	if (im.nproblems == 0)
		e = write_all(&im, rows, t.n, result, ei);
	if (im.nproblems > 0)
		e = rows_refused(&im, ei);
	e = db_finish(db, e, ei);
done:
	if (e != ERR_OK && json_array_size(im.errors) > 0) {
		*errors = im.errors;
		im.errors = NULL;
	}
	if (e != ERR_OK && *result != NULL) {
		json_decref(*result);
		*result = NULL;
	}
	json_decref(im.errors);
	strset_free(&im.numbers);
	strset_free(&im.products);
	arena_free(im.a);
	return e;
}
