/*
 * demo_market_shop.c - the producers' shops of "ntm demo" (docs/MARKET.md
 * section 3): every demo producer holding a certified product (the
 * recorded certificates of demo_ocop_certs.c and the rounds' of
 * demo_ocop_rounds.c) opens a shop with a bank account (real NAPAS BINs,
 * clearly demo holders and numbers), a whole-country shipping rule and a
 * cheaper one for its own province, and lists each product (food and
 * drinks in two sizes), each listing with a photo drawn here with cairo.
 * One listing is paused, one sold out, and the product whose certificate
 * has expired keeps the listing made while it was valid, so the shop
 * shows why it is hidden.  Through the domain functions, as a producer
 * would ("ntm demo", no user).  Running the demo again keeps what exists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/date.h"
#include "domain/market/market_listings.h"

struct demo_offer {
	const char *variant, *unit;
	int64_t grams, price;
};

/* What a product of each group of 148/QĐ-TTg is sold as: the first
 * offer, and for food and drinks a second, larger one. */
static const struct demo_offer offers[6][2] = {
	{ { "Hộp 500 g", "hộp", 600, 120000 },
	  { "Thùng 6 hộp", "thùng", 3800, 680000 } },
	{ { "Gói 200 g", "gói", 250, 150000 },
	  { "Hộp quà 500 g", "hộp", 700, 390000 } },
	{ { "Hộp 100 g", "hộp", 300, 450000 }, { NULL, NULL, 0, 0 } },
	{ { "Chiếc, hộp gỗ", "chiếc", 1500, 850000 }, { NULL, NULL, 0, 0 } },
	{ { "Chậu nhỏ", "chậu", 2000, 300000 }, { NULL, NULL, 0, 0 } },
	{ { "Vé một người", "vé", 1, 200000 }, { NULL, NULL, 0, 0 } },
};

static const char *const banks[] = { "970436", "970415", "970418",
	"970405" };		/* Vietcombank, VietinBank, BIDV, Agribank */
static const char *const holders[] = { "NGUYEN THI DEMO", "TRAN VAN DEMO",
	"LE THI DEMO", "PHAM VAN DEMO" };

struct demo_product {
	int64_t id, producer_id;
	char name[256], producer[256], province[16];
	int group;
};

static cairo_status_t
png_write(void *closure, const unsigned char *data, unsigned int len)
{
	return buf_append(closure, data, len) == ERR_OK ?
	    CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* A plain picture of the product: a coloured ground, a jar and its name. */
static enum err
draw_photo(const char *name, int n, struct buf *png)
{
	static const double colours[][3] = { { .85, .93, .80 },
		{ .98, .90, .75 }, { .86, .90, .97 }, { .96, .86, .86 } };
	const double *c = colours[n % 4];
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    480, 360);
	cairo_t *cr = cairo_create(s);
	cairo_status_t st;

	cairo_set_source_rgb(cr, c[0], c[1], c[2]);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, .08, .33, .18);
	cairo_rectangle(cr, 180, 90, 120, 150);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, .95, .80, .30);
	cairo_rectangle(cr, 170, 70, 140, 28);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, .1, .1, .1);
	cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_BOLD);
	cairo_set_font_size(cr, 22);
	cairo_move_to(cr, 24, 300);
	cairo_show_text(cr, name);
	cairo_set_font_size(cr, 16);
	cairo_move_to(cr, 24, 330);
	cairo_show_text(cr, "OCOP · ảnh minh họa (demo)");
	cairo_destroy(cr);
	st = cairo_surface_write_to_png_stream(s, png_write, png);
	cairo_surface_destroy(s);
	return st == CAIRO_STATUS_SUCCESS ? ERR_OK : ERR_SYS;
}

static size_t
products(struct db *db, struct demo_product *out, size_t max)
{
	struct db_stmt *st = db_stmt(db, STMT_MARKET_DEMO_PRODUCTS);
	size_t n = 0;

	while (n < max && db_step(st, NULL) == 1) {
		struct demo_product *p = &out[n++];

		p->id = db_col_int(st, 0);
		p->producer_id = db_col_int(st, 1);
		snprintf(p->name, sizeof(p->name), "%s", db_col_text(st, 2));
		snprintf(p->producer, sizeof(p->producer), "%s",
		    db_col_text(st, 3));
		snprintf(p->province, sizeof(p->province), "%s",
		    db_col_text(st, 6) != NULL ? db_col_text(st, 6) : "");
		p->group = (int)db_col_int(st, 7);
	}
	db_end_reads(db);
	return n;
}

static enum err
open_shop(struct db *db, const struct demo_product *p, size_t k,
    struct errinfo *ei)
{
	struct audit_actor who = { .username = "ntm demo", .role = "producer" };
	char account[32];
	struct market_shop_in in = { .accepts_cod = true,
		.accepts_transfer = true, .bank_bin = banks[k % 4],
		.account_name = holders[k % 4], .bank_account = account };
	struct market_rule_in rules[2] = {
		{ NULL, 1000, 35000, 500, 5000 },
		{ p->province, 1000, 20000, 1000, 4000 },
	};
	char intro[512];
	enum err e;

	snprintf(account, sizeof(account), "99990000%04zu", k + 1);
	snprintf(intro, sizeof(intro), "Cửa hàng của %s trên Chợ OCOP (dữ "
	    "liệu minh họa).", p->producer);
	in.intro = intro;
	if ((e = market_shop_put(db, &who, p->producer_id, &in, ei)) != ERR_OK)
		return e;
	return market_rules_put(db, &who, p->producer_id, rules,
	    p->province[0] != '\0' ? 2 : 1, ei);
}

/* A day the product sold on, for one that no longer does: 100 days
 * before its certificate's last valid day. */
static const char *
listed_on(struct db *db, int64_t product_id, char out[DATE_LEN])
{
	struct market_cert c;
	char today[DATE_LEN];
	long d = 0, t = 0;

	if (!market_product_certificate(db, product_id, &c) ||
	    c.revoked_on[0] != '\0' || !date_parse(c.expires_on, &d) ||
	    !date_parse(date_today(today), &t) || d >= t)
		return NULL;	/* sells today, or revoked: as usual */
	date_format(d - 100, out);
	return out;
}

static enum err
list_one(struct db *db, const struct demo_product *p,
    const struct demo_offer *o, int n, int *photos, struct errinfo *ei)
{
	struct market_listing_in in = { .product_id = p->id,
		.variant = o->variant, .unit_name = o->unit,
		.price_vnd = o->price + (n % 3) * 10000,
		.stock = n == 2 ? 0 : 20 + (n * 7) % 60,
		.weight_grams = o->grams,
		.description = "Sản phẩm OCOP đã được chứng nhận, đóng gói cẩn "
		    "thận, giao trong 2 đến 5 ngày (dữ liệu minh họa).",
		.status = n == 5 ? "paused" : "active" };
	char day[DATE_LEN];
	struct buf png;
	int64_t id, photo;
	enum err e;

	if ((e = market_listing_create_on(db, NULL, NULL, &in,
	    listed_on(db, p->id, day), &id, ei)) != ERR_OK)
		return e;
	buf_init(&png, 2 * 1024 * 1024);
	if ((e = draw_photo(p->name, n, &png)) == ERR_OK &&
	    (e = market_photo_add(db, NULL, NULL, id, "anh-minh-hoa.png",
	    buf_cstr(&png), png.len, &photo, ei)) == ERR_OK)
		(*photos)++;
	buf_free(&png);
	return e;
}

int
demo_market_shop(struct db *db)
{
	struct demo_product ps[64];
	struct db_stmt *st = db_stmt(db, STMT_MARKET_DEMO_ANY);
	struct errinfo ei;
	size_t n, shops = 0;
	int listings = 0, photos = 0;
	enum err e = ERR_OK;
	int64_t any = 0;

	err_clear(&ei);
	if (db_step(st, &ei) == 1)
		any = db_col_int(st, 0);
	db_end_reads(db);
	if (any > 0)
		return EXIT_OK;
	n = products(db, ps, sizeof(ps) / sizeof(ps[0]));
	for (size_t i = 0; i < n && e == ERR_OK; i++) {
		const struct demo_offer *o = offers[ps[i].group >= 1 &&
		    ps[i].group <= 6 ? ps[i].group - 1 : 0];

		if ((i == 0 || ps[i].producer_id != ps[i - 1].producer_id) &&
		    (e = open_shop(db, &ps[i], shops++, &ei)) != ERR_OK)
			break;
		for (int k = 0; k < 2 && e == ERR_OK && o[k].variant != NULL;
		    k++) {
			e = list_one(db, &ps[i], &o[k], listings, &photos, &ei);
			/* a product that does not sell (revoked): no listing */
			if (e == ERR_CONFLICT) {
				err_clear(&ei);
				e = ERR_OK;
				break;
			}
			listings++;
		}
	}
	if (e != ERR_OK)
		return cli_fail("demo", &ei);
	if (shops > 0)
		printf("Market: %zu shops of certified producers, %d listings "
		    "(one paused, one sold out, one hidden by its expired "
		    "certificate), %d photos; try /cua-hang\n", shops,
		    listings, photos);
	return EXIT_OK;
}
