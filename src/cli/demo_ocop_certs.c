/*
 * demo_ocop_certs.c - the certified OCOP products of "ntm demo" (docs/
 * OCOP.md section 7): producers and products in seven provinces (Hà Nội,
 * Đà Nẵng, Thái Nguyên, Lào Cai, Quảng Ngãi, Đồng Tháp, An Giang), each
 * with a paper certificate recorded through the core
 * (ocop_certificate_record: the cycle's record_certificate and the
 * certificate, one transaction) as a province officer would - the demo
 * accounts hanoi and danang for theirs, elsewhere an officer of that
 * province named "ntm demo" (no user).  The products are created as a
 * commune officer of their commune named "ntm demo".
 *
 * Dates are counted back from today ($NTM_TODAY moves it), so the demo
 * always shows certificates that are valid, two expiring within 90 days,
 * one expired, and a 5-star one recognised by the central level; the
 * public register (/ocop/register) then lists all but the expired one.
 * Running the demo again keeps what exists (any certificate: skip).
 * NTM_DEMO_OCOP_CERTS=none leaves them out (a test that moves the calendar
 * over a demo of its own certificates only).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/date.h"
#include "domain/auth/auth_internal.h"
#include "domain/ocop/ocop_certificates.h"
#include "domain/ocop/ocop_registry.h"

struct demo_cert_product {
	const char *province;	/* 2025 code; "01", "48": demo accounts */
	const char *commune;	/* 2025 code */
	const char *producer, *kind;
	const char *name, *description, *standards;
	int group, stars;
	const char *level, *number;
	int age_days;		/* issued this many days before today */
};

/* 36 months are 1,095 or 1,096 days: 1,066 days ago expires in about a
 * month, 1,036 in about two, 1,200 is past. */
static const struct demo_cert_product products[] = {
	{ "01", "00577", "Hợp tác xã Gốm sứ Bát Tràng", "cooperative",
	  "Bình hút lộc men rạn Bát Tràng",
	  "Bình gốm vuốt tay, men rạn cổ, nung lò ga ở làng gốm Bát Tràng.",
	  "TCVN 7452:2004", 4, 4, "province", "215/QĐ-UBND", 420 },
	{ "01", "00577", "Hợp tác xã Gốm sứ Bát Tràng", "cooperative",
	  "Bộ ấm chén men lam Bát Tràng",
	  "Bộ ấm chén vẽ tay men lam, mười hai món, hộp quà bằng gỗ.", NULL,
	  4, 3, "province", "216/QĐ-UBND", 1200 },
	{ "48", "20308", "Hộ kinh doanh Lê Văn Tám", "business_household",
	  "Mật ong rừng Bà Nà",
	  "Mật ong khai thác từ rừng tự nhiên vùng núi Bà Nà, lọc lạnh.",
	  "TCVN 5267-1:2008", 1, 3, "province", "98/QĐ-UBND", 1066 },
	{ "48", "20320", "Cơ sở Bánh tráng Túy Loan", "business_household",
	  "Bánh tráng nướng Túy Loan",
	  "Bánh tráng gạo, mè đen, tráng tay theo cách làng Túy Loan.", NULL,
	  1, 3, "province", "99/QĐ-UBND", 300 },
	{ "19", "05503", "Hợp tác xã Chè Tân Cương", "cooperative",
	  "Chè búp Tân Cương",
	  "Chè xanh búp non, sao bằng chảo gang, vùng chè Tân Cương.",
	  "VietGAP", 2, 4, "province", "1502/QĐ-UBND", 510 },
	{ "19", "05503", "Hợp tác xã Chè Tân Cương", "cooperative",
	  "Chè móc câu đặc biệt Tân Cương",
	  "Chè móc câu một tôm hai lá, đóng túi hút chân không.", NULL, 2, 4,
	  "province", "1503/QĐ-UBND", 180 },
	{ "15", "02869", "Hợp tác xã Chè Shan tuyết Bản Liền", "cooperative",
	  "Chè Shan tuyết Bản Liền",
	  "Chè Shan tuyết cây cổ thụ, canh tác hữu cơ trên núi cao.",
	  "Hữu cơ TCVN 11041-6:2018", 2, 4, "province", "47/QĐ-UBND", 640 },
	{ "51", "23365", "Công ty Cổ phần Sâm Ngọc Linh Quảng Ngãi",
	  "enterprise", "Sâm Ngọc Linh tươi",
	  "Sâm Ngọc Linh trồng dưới tán rừng, có truy xuất nguồn gốc.",
	  "TCCS 01:2023", 3, 5, "central", "1860/QĐ-BNNMT", 240 },
	{ "82", "28360", "Hợp tác xã Nông nghiệp Cái Bè", "cooperative",
	  "Gạo thơm Cái Bè",
	  "Gạo thơm hạt dài, trồng theo quy trình giảm phát thải.", "VietGAP",
	  1, 3, "province", "311/QĐ-UBND", 150 },
	{ "91", "31078", "Công ty TNHH Nước mắm Hưng Thịnh Phú Quốc",
	  "enterprise", "Nước mắm cá cơm Phú Quốc 40 độ đạm",
	  "Nước mắm nhĩ ủ chượp trong thùng gỗ từ cá cơm và muối biển.",
	  "TCVN 5107:2018", 1, 4, "province", "2044/QĐ-UBND", 1036 },
};

#define NPRODUCTS (sizeof(products) / sizeof(products[0]))

/* The province officer who records: the demo account of the province if
 * there is one, else "ntm demo" bound to the province. */
static enum err
recorder(struct db *db, struct arena *a, const char *province,
    struct principal *p, struct errinfo *ei)
{
	const char *account = strcmp(province, "01") == 0 ? "hanoi" :
	    strcmp(province, "48") == 0 ? "danang" : NULL;
	int64_t id = account != NULL ? demo_user_id(db, account) : 0;

	if (id > 0)
		return auth_principal_load(db, a, id, p, ei);
	memset(p, 0, sizeof(*p));
	p->username = p->full_name = "ntm demo";
	p->nroles = 1;
	p->roles[0] = (struct role_binding){ ROLE_PROVINCE_OFFICER, "2025",
		province };
	return ERR_OK;
}

static void
days_ago(int days, char out[DATE_LEN])
{
	char today[DATE_LEN];
	long t = 0;

	date_parse(date_today(today), &t);
	date_format(t - days, out);
}

static enum err
add_one(struct db *db, struct arena *a, const struct demo_cert_product *d,
    int64_t *producer, struct errinfo *ei)
{
	struct principal commune = { .username = "ntm demo",
		.full_name = "ntm demo", .nroles = 1,
		.roles = { { ROLE_COMMUNE_OFFICER, "2025", d->commune } } };
	struct audit_actor who = { .username = "ntm demo",
		.role = "commune_officer", .structure = "2025",
		.unit_code = d->commune };
	struct ocop_product_in pin = { .name = d->name,
		.description = d->description, .standards = d->standards,
		.group = d->group };
	struct ocop_cert_in cin = { .number = d->number, .level = d->level,
		.stars = d->stars, .score = NAN, .source = "record" };
	struct principal officer;
	char issued[DATE_LEN];
	int64_t pid;
	enum err e;

	if (*producer == 0) {
		struct ocop_producer_in in = { .name = d->producer,
			.kind = d->kind, .structure = "2025",
			.code = d->commune };

		if ((e = ocop_producer_create(db, &who, &in, 0, producer,
		    ei)) != ERR_OK)
			return e;
	}
	if ((e = ocop_product_create(db, &commune, &commune.roles[0],
	    *producer, &pin, &pid, ei)) != ERR_OK ||
	    (e = recorder(db, a, d->province, &officer, ei)) != ERR_OK)
		return e;
	days_ago(d->age_days, issued);
	cin.issued_on = issued;
	return ocop_certificate_record(db, &officer, pid, &cin, NULL, ei);
}

static enum err
run(struct db *db, struct arena *a, struct errinfo *ei)
{
	int64_t producer = 0;
	enum err e = ERR_OK;

	for (size_t i = 0; i < NPRODUCTS && e == ERR_OK; i++) {
		/* consecutive rows of one producer share it */
		if (i > 0 && strcmp(products[i].producer,
		    products[i - 1].producer) != 0)
			producer = 0;
		e = add_one(db, a, &products[i], &producer, ei);
	}
	return e;
}

bool
demo_ocop_certs_left_out(void)
{
	const char *mode = getenv("NTM_DEMO_OCOP_CERTS");

	return mode != NULL && strcmp(mode, "none") == 0;
}

int
demo_ocop_certs(struct db *db)
{
	bool wrote;
	int rc = demo_once(db, STMT_OCOP_REGISTER_DEMO_ANY,
	    demo_ocop_certs_left_out(), run, &wrote);

	if (wrote)
		printf("OCOP certificates: %zu products with paper certificates "
		    "in Hà Nội, Đà Nẵng, Thái Nguyên, Lào Cai, Quảng Ngãi, Đồng "
		    "Tháp and An Giang (3 to 5 stars; one 5-star recognised by the "
		    "central level, two expiring within 90 days, one expired); "
		    "the public register is /ocop/register, its figures "
		    "/ocop/statistics.\n", NPRODUCTS);
	return rc;
}
