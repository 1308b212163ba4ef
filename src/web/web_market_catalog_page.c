/*
 * web_market_catalog_page.c - a listing's public page /cho/san-pham/{id}
 * (a readable slug may follow the id; any other address of the listing is
 * sent to the canonical one): photos, price, stock read live, the
 * producer and its place, the star badge and the link to the
 * certificate's verification page, the description, shipping, reviews,
 * the "add to cart" form (POST /cho/gio-hang, the orders' route), and
 * what search engines and chat apps read: the title, the description,
 * the canonical link, Open Graph and schema.org Product data as JSON-LD.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "core/text.h"
#include "domain/market/market.h"
#include "web/web_market_catalog.h"

#define META_DESC_MAX	160	/* bytes: what a result snippet shows */

/* The JSON-LD of a listing, as text safe inside <script>: jansson's
 * escaping, then every '<', '>' and '&' as \uXXXX (only strings can hold
 * them), so "</script>" in a name cannot end the element. */
static const char *
json_ld(struct req *r, json_t *ld)
{
	char *text = json_dumps(ld, JSON_COMPACT | JSON_ESCAPE_SLASH);
	struct buf b;
	const char *out;

	if (text == NULL)
		return "";
	buf_init(&b, 6 * strlen(text) + 16);
	for (const char *p = text; *p != '\0'; p++) {
		enum err e;

		if (*p == '<')
			e = buf_puts(&b, "\\u003c");
		else if (*p == '>')
			e = buf_puts(&b, "\\u003e");
		else if (*p == '&')
			e = buf_puts(&b, "\\u0026");
		else
			e = buf_putc(&b, *p);
		if (e != ERR_OK)
			break;
	}
	out = arena_strndup(r->arena, b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
	free(text);
	return out;
}

static const char *
grams_text(struct req *r, const char *lang, json_int_t g)
{
	if (g >= 1000 && g % 1000 == 0)
		return arena_printf(r->arena, "%s kg", numfmt_int_a(r->arena,
		    g / 1000, lang));
	return arena_printf(r->arena, "%s g", numfmt_int_a(r->arena, g, lang));
}

/* "Hà Nội: 30.000 ₫ đến 1 kg, thêm 5.000 ₫ mỗi 500 g". */
static void
shipping_texts(struct req *r, struct web *w, json_t *view)
{
	json_t *rules = json_object_get(view, "shipping"), *it;
	size_t i;

	json_array_foreach(rules, i, it) {
		const char *where = jval_str(it, "province");

		json_object_set_new(it, "text", json_string(arena_printf(r->arena,
		    "%s: %s %s %s, %s %s %s %s", where != NULL ? where :
		    msg_pick(w->lang, "Các tỉnh, thành phố khác",
		    "Every other province"),
		    numfmt_vnd_a(r->arena, jval_int(it, "first_fee_vnd", 0),
		    w->lang), msg_pick(w->lang, "đến", "up to"),
		    grams_text(r, w->lang, jval_int(it, "first_grams", 0)),
		    msg_pick(w->lang, "thêm", "plus"),
		    numfmt_vnd_a(r->arena, jval_int(it, "step_fee_vnd", 0),
		    w->lang), msg_pick(w->lang, "mỗi", "per"),
		    grams_text(r, w->lang, jval_int(it, "step_grams", 0)))));
	}
	json_object_set_new(view, "has_shipping", json_boolean(
	    json_array_size(rules) > 0));
}

static void
product_words(struct web *w, json_t *view)
{
	const char *l = w->lang;

	json_object_set_new(view, "mw", json_pack("{s:s, s:s, s:s, s:s, s:s,"
	    " s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "price", msg_pick(l, "Giá", "Price"),
	    "per", msg_pick(l, "mỗi", "per"),
	    "producer", msg_pick(l, "Chủ thể sản xuất", "Producer"),
	    "verify", msg_pick(l, "Kiểm tra giấy chứng nhận OCOP",
	    "Check the OCOP certificate"),
	    "description", msg_pick(l, "Mô tả", "Description"),
	    "shipping", msg_pick(l, "Giao hàng", "Shipping"),
	    "no_shipping", msg_pick(l, "Cơ sở chưa công bố phí giao hàng.",
	    "The producer has not published shipping fees yet."),
	    "payments", msg_pick(l, "Thanh toán", "Payment"),
	    "cod", msg_pick(l, "Trả tiền khi nhận hàng", "Cash on delivery"),
	    "transfer", msg_pick(l, "Chuyển khoản ngân hàng (mã VietQR)",
	    "Bank transfer (VietQR code)"),
	    "reviews", msg_pick(l, "Đánh giá của người mua", "Buyers' reviews"),
	    "no_reviews", msg_pick(l, "Chưa có đánh giá.", "No review yet."),
	    "quantity", msg_pick(l, "Số lượng", "Quantity"),
	    "add", msg_pick(l, "Thêm vào giỏ hàng", "Add to cart"),
	    "back", msg_pick(l, "Về Chợ OCOP", "Back to the OCOP market"),
	    "expires", msg_pick(l, "Giấy chứng nhận còn hiệu lực đến",
	    "Certificate valid until")));
}

/* meta description: the listing's own words, cut on a character, else
 * what it is and where it comes from. */
static const char *
meta_description(struct req *r, struct web *w, json_t *v)
{
	const char *d = jval_str(v, "description");
	size_t n;

	if (d == NULL || d[0] == '\0')
		return arena_printf(r->arena, "%s – %s, %s, %s. %s %s.",
		    jval_str(v, "name"), jval_str(v, "stars_text"),
		    jval_str(v, "producer"), jval_str(v, "province"),
		    msg_pick(w->lang, "Giá", "Price"), jval_str(v, "price_text"));
	n = text_utf8_cut(d, META_DESC_MAX);
	return n < strlen(d) ? arena_printf(r->arena, "%.*s…", (int)n, d) :
	    d;
}

static void
seo(struct req *r, struct web *w, json_t *v)
{
	const char *base = survw_public_base(r);
	const char *url = arena_printf(r->arena, "%s%s", base, jval_str(v,
	    "href"));
	const char *desc = meta_description(r, w, v);
	const char *image = arena_printf(r->arena, "%s%s", base, "/static/"
	    "favicon.svg");
	const char *title = jval_str(v, "name");
	json_t *images = json_array(), *ph, *ld, *offer;
	size_t i;
	json_int_t stock = jval_int(v, "stock", 0);
	json_t *rating = json_object_get(v, "rating");

	json_array_foreach(json_object_get(v, "photos"), i, ph)
		json_array_append_new(images, json_string(arena_printf(r->arena,
		    "%s%s", base, jval_str(ph, "thumb"))));
	if (json_array_size(images) > 0)
		image = json_string_value(json_array_get(images, 0));
	else
		json_array_append_new(images, json_string(image));
	offer = json_pack("{s:s, s:s, s:s, s:s, s:s}", "@type", "Offer",
	    "price", arena_printf(r->arena, "%lld", (long long)jval_int(v,
	    "price_vnd", 0)), "priceCurrency", "VND", "availability",
	    stock > 0 ? "https://schema.org/InStock" :
	    "https://schema.org/OutOfStock", "url", url);
	ld = json_pack("{s:s, s:s, s:s, s:o, s:s, s:{s:s, s:s}, s:o}",
	    "@context", "https://schema.org", "@type", "Product",
	    "name", title, "image", images, "description", desc,
	    "brand", "@type", "Brand", "name", jval_str(v, "producer"),
	    "offers", offer);
	if (json_is_object(rating))
		json_object_set_new(ld, "aggregateRating", json_pack("{s:s, s:O,"
		    " s:O, s:i, s:i}", "@type", "AggregateRating",
		    "ratingValue", json_object_get(rating, "average"),
		    "reviewCount", json_object_get(rating, "count"),
		    "bestRating", 5, "worstRating", 1));
	if (jval_str(v, "variant") != NULL && jval_str(v, "variant")[0])
		title = arena_printf(r->arena, "%s – %s", title, jval_str(v,
		    "variant"));
	json_object_set_new(v, "title", json_string(title));
	json_object_set_new(v, "meta", json_pack("{s:s, s:s, s:s, s:[{s:s,"
	    " s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}]}",
	    "description", desc, "canonical", url,
	    "jsonld", json_ld(r, ld), "og",
	    "p", "og:title", "c", title, "p", "og:description", "c", desc,
	    "p", "og:image", "c", image, "p", "og:url", "c", url,
	    "p", "og:type", "c", "product"));
	json_decref(ld);
}

enum err
mcatw_product(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *ref = http_param(r, "ref");
	int64_t id = mcatw_ref_id(ref);
	json_t *out, *it;
	json_int_t stock, n;
	const char *canonical;
	size_t i;
	enum err e;

	if (id <= 0)
		return err_set(ei, ERR_NOTFOUND, "market.no_listing", "id",
		    "Không có sản phẩm này trên Chợ OCOP",
		    "There is no such product on the OCOP market");
	if ((e = market_catalog_listing(w->db, id, w->lang, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	canonical = jval_str(view, "href");
	if (strcmp(arena_printf(r->arena, "/cho/san-pham/%s", ref),
	    canonical) != 0) {
		w->redirect = arena_strdup(r->arena, canonical);
		return ERR_OK;
	}
	product_words(w, view);
	n = jval_int(view, "stars", 0);
	json_object_set_new(view, "stars_mark", json_string(mcatw_stars_mark(
	    n)));
	json_object_set_new(view, "stars_text", json_string(mcatw_stars_text(r,
	    w->lang, n)));
	stock = jval_int(view, "stock", 0);
	json_object_set_new(view, "stock_text", json_string(stock > 0 ?
	    arena_printf(r->arena, "%s %s %s", msg_pick(w->lang, "Còn",
	    "In stock:"), numfmt_int_a(r->arena, stock, w->lang),
	    jval_str(view, "unit")) : msg_pick(w->lang, "Hết hàng",
	    "Out of stock")));
	json_object_set_new(view, "expires_text", json_string(date_display(
	    r->arena, jval_str(json_object_get(view, "certificate"),
	    "expires_on"), w->lang)));
	json_array_foreach(json_object_get(view, "photos"), i, it) {
		int64_t pw = jval_int(it, "width", 0), phh = jval_int(it,
		    "height", 0), big = pw > phh ? pw : phh;

		/* the thumbnail's own size: the page reserves its space */
		if (big > 320) {
			pw = pw * 320 / big;
			phh = phh * 320 / big;
		}
		json_object_set_new(it, "tw", json_integer(pw));
		json_object_set_new(it, "th", json_integer(phh));
		json_object_set_new(it, "eager", json_boolean(i == 0));
	}
	json_object_set_new(view, "has_photos", json_boolean(json_array_size(
	    json_object_get(view, "photos")) > 0));
	json_array_foreach(json_object_get(view, "reviews"), i, it) {
		json_int_t rt = jval_int(it, "rating", 0);

		json_object_set_new(it, "mark", json_string(mcatw_stars_mark(
		    rt)));
		json_object_set_new(it, "rating_text", json_string(arena_printf(
		    r->arena, "%lld/5", (long long)rt)));
		json_object_set_new(it, "date_text", json_string(date_display(
		    r->arena, arena_strndup(r->arena, jval_str(it,
		    "created_at"), 10), w->lang)));
	}
	json_object_set_new(view, "has_reviews", json_boolean(json_array_size(
	    json_object_get(view, "reviews")) > 0));
	json_object_set_new(view, "max_quantity", json_integer(stock <
	    MARKET_QUANTITY_MAX ? stock : MARKET_QUANTITY_MAX));
	shipping_texts(r, w, view);
	seo(r, w, view);
	return ERR_OK;
}
