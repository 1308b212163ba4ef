/*
 * ocop_producers.c - OCOP producers and their representatives, the product
 * groups of 148/QĐ-TTg and the own-record rule (ocop_registry.h).
 *
 * A producer is a row of ocop_producer in a 2025 commune; its name has a
 * folded search key (text_fold) so lists find "Hợp tác xã" by "hop tac".
 * Each write is one transaction with its audit entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/stamp.h"
#include "core/text.h"
#include "domain/ocop/ocop_internal.h"
#include "domain/ocop/ocop_row.h"
#include "domain/units/units.h"

const struct ocop_group ocop_groups[OCOP_GROUPS] = {
	{ 1, "Thực phẩm", "Food" },
	{ 2, "Đồ uống", "Beverages" },
	{ 3, "Dược liệu và sản phẩm từ dược liệu",
	  "Medicinal herbs and herbal products" },
	{ 4, "Hàng thủ công mỹ nghệ", "Handicrafts" },
	{ 5, "Sinh vật cảnh", "Ornamental plants and animals" },
	{ 6, "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
	  "Community tourism, eco-tourism and tourist-spot services" },
};

const char *const ocop_producer_kinds[] = { "cooperative", "enterprise",
	"business_household", "cooperative_group", NULL };

const struct ocop_group *
ocop_group_find(int code)
{
	for (size_t i = 0; i < OCOP_GROUPS; i++)
		if (ocop_groups[i].code == code)
			return &ocop_groups[i];
	return NULL;
}

char *
ocop_fold(const char *s)
{
	struct buf b;
	char *out;

	buf_init(&b, 4 * OCOP_NAME_MAX + 16);
	if (s == NULL || text_fold(s, strlen(s), &b) != ERR_OK ||
	    buf_putc(&b, '\0') != ERR_OK) {
		buf_free(&b);
		out = strdup("");
		if (out == NULL)
			abort();
		return out;
	}
	out = buf_detach(&b, NULL);
	return out;
}

static bool
kind_known(const char *k)
{
	for (size_t i = 0; ocop_producer_kinds[i] != NULL; i++)
		if (strcmp(ocop_producer_kinds[i], k) == 0)
			return true;
	return false;
}

size_t
ocop_producer_problems(struct db *db, const struct ocop_producer_in *in,
    struct errinfo *out, size_t max)
{
	struct errinfo one;
	size_t n = 0;

	if (in->name == NULL || in->name[0] == '\0') {
		err_set(&one, ERR_INVALID, "ocop.required", "name",
		    "Cần điền tên chủ thể", "The producer's name is required");
		n = err_list_add(out, n, max, &one);
	} else if (strlen(in->name) > OCOP_NAME_MAX) {
		err_set(&one, ERR_INVALID, "ocop.too_long", "name",
		    "Tên dài quá %d byte", "The name is longer than %d bytes",
		    OCOP_NAME_MAX);
		n = err_list_add(out, n, max, &one);
	}
	if (in->kind != NULL && in->kind[0] != '\0' && !kind_known(in->kind)) {
		err_set(&one, ERR_INVALID, "ocop.bad_kind", "kind",
		    "Hãy chọn loại hình chủ thể trong danh sách",
		    "Choose the kind of producer from the list");
		n = err_list_add(out, n, max, &one);
	}
	if (in->phone != NULL && strlen(in->phone) > 32) {
		err_set(&one, ERR_INVALID, "ocop.bad_phone", "phone",
		    "Số điện thoại dài quá 32 ký tự",
		    "The phone number is longer than 32 characters");
		n = err_list_add(out, n, max, &one);
	}
	if (in->tax_code != NULL && in->tax_code[0] != '\0') {
		size_t len = strlen(in->tax_code);
		bool ok = len >= 10 && len <= 14;

		for (size_t i = 0; ok && i < len; i++)
			ok = (in->tax_code[i] >= '0' && in->tax_code[i] <= '9') ||
			    in->tax_code[i] == '-';
		if (!ok) {
			err_set(&one, ERR_INVALID, "ocop.bad_tax_code",
			    "tax_code", "Mã số thuế gồm 10 hoặc 13 chữ số",
			    "A tax code has 10 or 13 digits");
			n = err_list_add(out, n, max, &one);
		}
	}
	if (in->address != NULL && strlen(in->address) > OCOP_TEXT_MAX) {
		err_set(&one, ERR_INVALID, "ocop.too_long", "address",
		    "Địa chỉ dài quá %d byte",
		    "The address is longer than %d bytes", OCOP_TEXT_MAX);
		n = err_list_add(out, n, max, &one);
	}
	if (db != NULL && in->structure != NULL) {
		struct arena *a = arena_new(1024);
		struct unit u;

		if (units_get(db, a, in->structure, in->code, &u, &one) !=
		    ERR_OK || strcmp(u.structure, "2025") != 0 ||
		    strcmp(u.level, "commune") != 0) {
			err_set(&one, ERR_INVALID, "ocop.bad_unit", "unit",
			    "Chủ thể phải thuộc một xã, phường (từ 01/7/2025)",
			    "A producer belongs to a commune (from 1 July "
			    "2025)");
			n = err_list_add(out, n, max, &one);
		}
		arena_free(a);
	}
	return n;
}

static const char *
empty_null(const char *s)
{
	return s == NULL || s[0] == '\0' ? NULL : s;
}

static enum err
first_problem(size_t n, struct errinfo *p, struct errinfo *ei)
{
	if (n == 0)
		return ERR_OK;
	*ei = p[0];
	return p[0].err;
}

enum err
ocop_producer_create(struct db *db, const struct audit_actor *who,
    const struct ocop_producer_in *in, int64_t link_user, int64_t *id,
    struct errinfo *ei)
{
	struct errinfo probs[8];
	char now[STAMP_TIME_LEN];
	struct db_stmt *st;
	/* inside a caller's transaction (the import) or one of its own */
	bool own = !db_in_transaction(db);
	char *key;
	enum err e;

	if ((e = first_problem(ocop_producer_problems(db, in, probs, 8), probs,
	    ei)) != ERR_OK)
		return e;
	stamp_now(now);
	key = ocop_fold(in->name);
	if (own && (e = db_begin(db, ei)) != ERR_OK) {
		free(key);
		return e;
	}
	st = db_stmt(db, STMT_OCOP_PRODUCER_INSERT);
	db_bind_text(st, 1, in->name);
	db_bind_text(st, 2, key);
	db_bind_text(st, 3, empty_null(in->kind));
	db_bind_text(st, 4, in->structure);
	db_bind_text(st, 5, in->code);
	db_bind_text(st, 6, empty_null(in->address));
	db_bind_text(st, 7, empty_null(in->phone));
	db_bind_text(st, 8, empty_null(in->tax_code));
	db_bind_text(st, 9, now);
	db_bind_text(st, 10, now);
	audit_bind_actor(st, 11, who);
	if (db_step(st, ei) != 1) {
		e = ei->err != ERR_OK ? ei->err : ERR_DB;
		goto out;
	}
	*id = db_col_int(st, 0);
	db_end_reads(db);
	if (link_user > 0) {
		st = db_stmt(db, STMT_OCOP_PRODUCER_USER_ADD);
		db_bind_int(st, 1, *id);
		db_bind_int(st, 2, link_user);
		if ((e = db_exec(st, ei)) != ERR_OK)
			goto out;
	}
	if ((e = db_meta_bump(db, OCOP_META_VERSION, ei)) != ERR_OK)
		goto out;
	e = audit_record(db, who, "ocop.producer_create", in->structure,
	    in->code, json_pack("{s:s, s:s*}", "name", in->name, "kind",
	    empty_null(in->kind)), ei, "ocop_producer:%lld", (long long)*id);
out:
	free(key);
	return own ? db_finish(db, e, ei) : e;
}

enum err
ocop_producer_update(struct db *db, const struct audit_actor *who,
    int64_t id, const struct ocop_producer_in *in, struct errinfo *ei)
{
	struct errinfo probs[8];
	struct ocop_producer_in chk = *in;
	char now[STAMP_TIME_LEN];
	struct db_stmt *st;
	char *key;
	enum err e;

	chk.structure = NULL;	/* the commune does not change */
	if ((e = first_problem(ocop_producer_problems(db, &chk, probs, 8),
	    probs, ei)) != ERR_OK)
		return e;
	stamp_now(now);
	key = ocop_fold(in->name);
	if ((e = db_begin(db, ei)) != ERR_OK) {
		free(key);
		return e;
	}
	st = db_stmt(db, STMT_OCOP_PRODUCER_UPDATE);
	db_bind_text(st, 1, in->name);
	db_bind_text(st, 2, key);
	db_bind_text(st, 3, empty_null(in->kind));
	db_bind_text(st, 4, empty_null(in->address));
	db_bind_text(st, 5, empty_null(in->phone));
	db_bind_text(st, 6, empty_null(in->tax_code));
	db_bind_text(st, 7, now);
	db_bind_int(st, 8, id);
	if ((e = db_exec(st, ei)) != ERR_OK)
		goto out;
	if (db_changes(db) == 0) {
		e = err_set(ei, ERR_NOTFOUND, "ocop.not_found", "id",
		    "Không tìm thấy chủ thể", "No such producer");
		goto out;
	}
	if ((e = db_meta_bump(db, OCOP_META_VERSION, ei)) != ERR_OK)
		goto out;
	e = audit_record(db, who, "ocop.producer_update", in->structure,
	    in->code, json_pack("{s:s}", "name", in->name), ei,
	    "ocop_producer:%lld", (long long)id);
out:
	free(key);
	return db_finish(db, e, ei);
}

static json_t *
producer_row(struct db_stmt *st, const char *lang)
{
	const char *kind = db_col_text(st, 2);
	char ref[128];

	snprintf(ref, sizeof(ref), "%s:%s", db_col_text(st, 3),
	    db_col_text(st, 4));
	return json_pack("{s:I, s:s, s:s*, s:s*, s:s, s:s, s:s*, s:s*, s:s*, "
	    "s:s, s:s, s:I}",
	    "id", (json_int_t)db_col_int(st, 0), "name", db_col_text(st, 1),
	    "kind", kind, "kind_name", kind == NULL ? NULL : msg_get(lang,
	    kind[0] == 'c' && strcmp(kind, "cooperative") == 0 ?
	    "ocop_kind_cooperative" : strcmp(kind, "enterprise") == 0 ?
	    "ocop_kind_enterprise" : strcmp(kind, "business_household") == 0 ?
	    "ocop_kind_business_household" : "ocop_kind_cooperative_group"),
	    "unit", ref, "commune", db_col_text(st, 11),
	    "address", db_col_text(st, 5), "phone", db_col_text(st, 6),
	    "tax_code", db_col_text(st, 7), "created_at", db_col_text(st, 8),
	    "updated_at", db_col_text(st, 9),
	    "row_version", (json_int_t)db_col_int(st, 10));
}

static const struct ocop_missing no_producer = { "ocop.not_found", "id",
	"Không tìm thấy chủ thể", "No such producer" };

enum err
ocop_producer_get(struct db *db, int64_t id, const char *lang, json_t **out,
    struct errinfo *ei)
{
	struct db_stmt *st;
	json_t *o, *users;
	enum err e;
	int rc;

	if ((e = ocop_row_get(db, STMT_OCOP_PRODUCER_GET, id, &no_producer,
	    &st, ei)) != ERR_OK)
		return e;
	o = producer_row(st, lang);
	users = json_array();
	st = db_stmt(db, STMT_OCOP_PRODUCER_USERS);
	db_bind_int(st, 1, id);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(users, json_pack("{s:I, s:s}", "id",
		    (json_int_t)db_col_int(st, 0), "username",
		    db_col_text(st, 1)));
	db_end_reads(db);
	json_object_set_new(o, "users", users);
	if (rc < 0) {
		json_decref(o);
		return ei->err;
	}
	*out = o;
	return ERR_OK;
}

/* Bind the unit filter (9 parameters from i). */
void
ocop_bind_unit(struct db_stmt *st, int i, const char *structure,
    const char *code)
{
	db_bind_text(st, i, structure);
	db_bind_text(st, i + 1, structure);
	db_bind_text(st, i + 2, code);
	db_bind_text(st, i + 3, structure);
	db_bind_text(st, i + 4, code);
	db_bind_text(st, i + 5, structure);
	db_bind_text(st, i + 6, code);
	db_bind_text(st, i + 7, code);
	db_bind_text(st, i + 8, code);
}

char *
ocop_like(const char *q)
{
	char *k, *p;
	size_t n;

	if (q == NULL || q[0] == '\0')
		return NULL;
	k = ocop_fold(q);
	n = strlen(k);
	if ((p = malloc(n + 3)) == NULL)
		abort();
	p[0] = '%';
	memcpy(p + 1, k, n);
	p[n + 1] = '%';
	p[n + 2] = '\0';
	free(k);
	return p;
}

enum err
ocop_producer_list(struct db *db, const char *structure, const char *code,
    const char *q, int64_t limit, int64_t offset, const char *lang,
    json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_PRODUCER_LIST);
	char *like = ocop_like(q);
	json_t *items = json_array();
	int rc;

	ocop_bind_unit(st, 1, structure, code);
	db_bind_text(st, 10, like);
	db_bind_text(st, 11, like);
	db_bind_int(st, 12, limit > 0 ? limit : 50);
	db_bind_int(st, 13, offset);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(items, producer_row(st, lang));
	db_end_reads(db);
	free(like);
	if (rc < 0) {
		json_decref(items);
		return ei->err;
	}
	*out = json_pack("{s:o}", "items", items);
	return ERR_OK;
}

enum err
ocop_producer_unit_of(struct db *db, struct arena *a, int64_t id,
    const char **structure, const char **code, struct errinfo *ei)
{
	static const struct ocop_unit_cols cols = { STMT_OCOP_PRODUCER_GET, 3,
		-1, &no_producer };

	return ocop_row_unit(db, a, &cols, id, structure, code, NULL, ei);
}

bool
ocop_represents(struct db *db, int64_t producer_id, int64_t user_id)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_PRODUCER_USER_HAS);
	struct errinfo ei;
	int rc;

	db_bind_int(st, 1, producer_id);
	db_bind_int(st, 2, user_id);
	rc = db_step(st, &ei);
	db_end_reads(db);
	return rc == 1;
}

enum err
ocop_check_owner(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t producer_id,
    struct errinfo *ei)
{
	if (acting == NULL || acting->role != ROLE_PRODUCER)
		return ERR_OK;
	if (p != NULL && ocop_represents(db, producer_id, p->user_id))
		return ERR_OK;
	return err_set(ei, ERR_FORBIDDEN, "ocop.not_yours", "id",
	    "Tài khoản này không đại diện cho chủ thể sản phẩm",
	    "This account does not represent the product's producer");
}

enum err
ocop_producers_of_user(struct db *db, int64_t user_id, json_t **out,
    struct errinfo *ei)
{
	return ocop_rows_id_name(db, STMT_OCOP_PRODUCERS_OF_USER, user_id, out,
	    ei);
}
