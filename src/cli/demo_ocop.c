/*
 * demo_ocop.c - the OCOP part of "ntm demo" (docs/OCOP.md): producers in
 * Hà Nội (Sóc Sơn, represented by the demo producer account htx) and Đà
 * Nẵng, with products at the early steps of the OCOP cycle - registered,
 * business plan submitted, returned by the commune with a reason, checked
 * by the commune and sent to the province - each written through the
 * domain (ocop_registry.h) as the accounts that would act.  The Đà Nẵng
 * steps have no demo account of their commune: they are taken as a
 * commune officer of that commune named "ntm demo" (no user).  Running
 * the demo again keeps what exists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/auth/auth_internal.h"
#include "domain/ocop/ocop_registry.h"

int64_t
demo_user_id(struct db *db, const char *username)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_DEMO_USER);
	int64_t id = 0;

	db_bind_text(st, 1, username);
	if (db_step(st, NULL) == 1)
		id = db_col_int(st, 0);
	db_end_reads(db);
	return id;
}

enum err
demo_principal(struct db *db, struct arena *a, const char *username,
    struct principal *p, struct errinfo *ei)
{
	int64_t id = demo_user_id(db, username);

	if (id == 0)
		return err_set(ei, ERR_NOTFOUND, "ocop.demo_user", NULL,
		    "thiếu tài khoản demo %s", "the demo account %s is missing",
		    username);
	return auth_principal_load(db, a, id, p, ei);
}

struct demo_product {
	const char *name, *subgroup, *ingredients, *standards;
	int group;
	const char *steps[3];	/* transitions, in order */
	const char *note;	/* of the return */
};

static const struct demo_product socson_products[] = {
	{ "Mật ong hoa nhãn Sóc Sơn", "Thực phẩm thô, sơ chế",
	  "Mật ong nguyên chất từ hoa nhãn", "TCVN 5267-1:2008", 1,
	  { "submit_plan", "forward", NULL }, NULL },
	{ "Trà hoa cúc Sóc Sơn", "Chè và các sản phẩm từ chè",
	  "Hoa cúc sấy", NULL, 2, { "submit_plan", "return", NULL },
	  "Phương án sản xuất chưa có phần tiêu thụ sản phẩm" },
	{ "Gà đồi Sóc Sơn", "Thực phẩm tươi sống", NULL, "VietGAP", 1,
	  { "submit_plan", NULL, NULL }, NULL },
	{ "Rượu nếp cái hoa vàng", "Đồ uống có cồn", "Gạo nếp cái hoa vàng",
	  NULL, 2, { NULL, NULL, NULL }, NULL },
};

static const struct demo_product danang_products[] = {
	{ "Nước mắm Nam Ô", "Nước chấm, mắm", "Cá cơm, muối biển",
	  "TCVN 5107:2018", 1, { "submit_plan", "forward", NULL }, NULL },
	{ "Mây tre đan Hải Vân", "Thủ công mỹ nghệ gia dụng", "Mây, tre",
	  NULL, 4, { "submit_plan", NULL, NULL }, NULL },
};

static enum err
add_products(struct db *db, const struct principal *owner,
    const struct principal *officer, int64_t producer,
    const struct demo_product *d, size_t n, struct errinfo *ei)
{
	json_t *as = json_pack("{s:s, s:s, s:s, s:s}", "origin", "met",
	    "labour", "met", "idea", "met", "identity", "met");
	enum err e = ERR_OK;

	for (size_t i = 0; i < n && e == ERR_OK; i++) {
		struct ocop_product_in in = { .name = d[i].name,
			.subgroup = d[i].subgroup, .ingredients = d[i].ingredients,
			.standards = d[i].standards, .group = d[i].group };
		int64_t id;

		if ((e = ocop_product_create(db, owner, &owner->roles[0],
		    producer, &in, &id, ei)) != ERR_OK)
			break;
		for (size_t k = 0; k < 3 && d[i].steps[k] != NULL && e == ERR_OK;
		    k++) {
			bool by_owner = strcmp(d[i].steps[k], "submit_plan") == 0;
			const struct principal *p = by_owner ? owner : officer;

			e = ocop_product_act(db, p, &p->roles[0], id,
			    d[i].steps[k], d[i].note, as, ei);
		}
	}
	json_decref(as);
	return e;
}

static enum err
run(struct db *db, struct arena *a, struct errinfo *ei)
{
	struct principal htx, socson;
	struct principal dn = { .user_id = 0, .username = "ntm demo",
		.full_name = "ntm demo", .nroles = 1,
		.roles = { { ROLE_COMMUNE_OFFICER, "2025", "20194" } } };
	struct audit_actor who = { 0 }, dnwho = { .username = "ntm demo",
		.role = "commune_officer", .structure = "2025",
		.unit_code = "20194" };
	struct ocop_producer_in p1 = { .name = "Hợp tác xã Nông nghiệp Sóc Sơn",
		.kind = "cooperative", .address = "Xã Sóc Sơn, Hà Nội",
		.phone = "0243 885 0000", .structure = "2025", .code = "00376" };
	struct ocop_producer_in p2 = { .name = "Hộ kinh doanh Nguyễn Văn An",
		.kind = "business_household", .structure = "2025",
		.code = "00376" };
	struct ocop_producer_in p3 = { .name = "Hợp tác xã Nước mắm Nam Ô",
		.kind = "cooperative", .tax_code = "0401234567",
		.address = "Phường Hải Vân, Đà Nẵng", .structure = "2025",
		.code = "20194" };
	int64_t id1, id2, id3;
	enum err e;

	if ((e = demo_principal(db, a, "htx", &htx, ei)) != ERR_OK ||
	    (e = demo_principal(db, a, "socson", &socson, ei)) != ERR_OK)
		return e;
	auth_actor(&socson, &socson.roles[0], &who);
	if ((e = ocop_producer_create(db, &who, &p1, htx.user_id, &id1, ei)) !=
	    ERR_OK ||
	    (e = ocop_producer_create(db, &who, &p2, 0, &id2, ei)) != ERR_OK ||
	    (e = ocop_producer_create(db, &dnwho, &p3, 0, &id3, ei)) != ERR_OK)
		return e;
	if ((e = add_products(db, &htx, &socson, id1, socson_products,
	    sizeof(socson_products) / sizeof(socson_products[0]), ei)) !=
	    ERR_OK)
		return e;
	{
		struct ocop_product_in in = { .name = "Bánh chưng Phù Linh",
			.group = 1, .subgroup = "Thực phẩm chế biến" };
		int64_t pid;

		if ((e = ocop_product_create(db, &socson, &socson.roles[0], id2,
		    &in, &pid, ei)) != ERR_OK)
			return e;
	}
	return add_products(db, &dn, &dn, id3, danang_products,
	    sizeof(danang_products) / sizeof(danang_products[0]), ei);
}

int
demo_ocop(struct db *db)
{
	bool wrote;
	int rc = demo_once(db, STMT_OCOP_DEMO_ANY, false, run, &wrote);

	if (wrote)
		printf("OCOP: 3 producers (Sóc Sơn, Hà Nội; Hải Vân, Đà Nẵng), 7 "
		    "products at the early steps; the producer account htx "
		    "represents the Sóc Sơn cooperative.\n");
	return rc;
}
