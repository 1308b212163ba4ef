/*
 * dash_ocop.c - the OCOP panel of a dashboard: the products of the public
 * register today (a valid certificate) by stars, for the nation or a
 * 2025 province, linking to the page that lists the same products.
 *
 * It reads the register's copy in memory (ocop_register.h, kept by the
 * ocop_version and units_version tokens), so it adds up exactly as
 * /ocop/statistics (the nation) and /ocop/register?province= (a
 * province) do.  A 2025 commune's panel lists its products, when it has
 * any (the register's list filtered by the product's commune).  The
 * register knows no old unit: no panel before 2025.
 */
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "domain/dashboard/dash_internal.h"
#include "domain/dashboard/dash_modules.h"
#include "domain/ocop/ocop_register.h"

#define STARS_MIN	3	/* the register holds 3 to 5 stars */
#define STARS_MAX	5

/* The count of products in the register today of province (NULL: all)
 * with stars (0: any), as the register's list counts them. */
static enum err
register_count(const struct dash_ctx *c, const char *province, int stars,
    long *count, char today[DATE_LEN], struct errinfo *ei)
{
	struct ocop_reg_filter f = { .province = province, .stars = stars,
		.limit = 1 };
	json_t *out;
	enum err e;

	if ((e = ocop_register_list(c->db, &f, c->lang, &out, ei)) != ERR_OK)
		return e;
	*count = (long)jval_int(out, "total", 0);
	snprintf(today, DATE_LEN, "%s", jval_str(out, "date"));
	json_decref(out);
	return ERR_OK;
}

/* The counts by stars (index 3..5) and in all: the statistics' for the
 * nation, the register's list filtered by province otherwise. */
static enum err
counts_of(const struct dash_ctx *c, long by_stars[STARS_MAX + 1],
    long *total, char today[DATE_LEN], struct errinfo *ei)
{
	json_t *st, *it;
	size_t i;
	enum err e;

	if (c->level == DASH_PROVINCE) {
		for (int s = STARS_MIN; s <= STARS_MAX; s++)
			if ((e = register_count(c, c->code, s, &by_stars[s],
			    today, ei)) != ERR_OK)
				return e;
		return register_count(c, c->code, 0, total, today, ei);
	}
	if ((e = ocop_register_statistics(c->db, c->lang, &st, ei)) != ERR_OK)
		return e;
	json_array_foreach(json_object_get(st, "by_stars"), i, it) {
		long s = (long)jval_int(it, "stars", 0);

		if (s >= STARS_MIN && s <= STARS_MAX)
			by_stars[s] = (long)jval_int(it, "count", 0);
	}
	*total = (long)jval_int(st, "total", 0);
	snprintf(today, DATE_LEN, "%s", jval_str(st, "date"));
	json_decref(st);
	return ERR_OK;
}

#define DASH_OCOP_LISTED	50	/* a commune's products listed */

/* A commune: its products in the register today, each linked to its
 * page in the register; no panel when it has none. */
static enum err
commune_products(const struct dash_ctx *c, json_t **panel,
    struct errinfo *ei)
{
	static const char *const keys[] = { "product", "stars", "producer" };
	struct arena *a = arena_new(2048);
	struct ocop_reg_filter f = { .limit = DASH_OCOP_LISTED };
	const char *labels[3];
	json_t *out, *t, *it;
	size_t i;
	long total;
	enum err e;

	f.unit = arena_printf(a, "%s:%s", c->structure, c->code);
	if ((e = ocop_register_list(c->db, &f, c->lang, &out, ei)) != ERR_OK)
		goto done;
	total = (long)jval_int(out, "total", 0);
	if (total > 0) {
		*panel = dash_panel_new(c, "ocop_products", "dp_ocop_title",
		    arena_printf(a, "/ocop/register?province=%s",
		    c->province_code));
		dash_figure(*panel, "total", msg_get(c->lang,
		    "dp_ocop_total"), (double)total, numfmt_int_a(a, total,
		    c->lang), -1, NULL);
		labels[0] = msg_get(c->lang, "dp_ocop_col_product");
		labels[1] = msg_get(c->lang, "dp_ocop_col_stars");
		labels[2] = msg_get(c->lang, "dp_ocop_col_producer");
		t = dash_table(*panel, keys, labels, 3);
		json_array_foreach(json_object_get(out, "items"), i, it) {
			const char *n = arena_printf(a, "%lld", (long long)
			    jval_int(it, "stars", 0));

			json_array_append_new(json_object_get(t, "rows"),
			    json_pack("{s:s, s:s, s:s, s:s}", "product",
			    jval_str(it, "name"), "stars", msg_formata(a,
			    c->lang, "dp_ocop_stars", &n, 1), "producer",
			    jval_str(it, "producer"), "href", jval_str(it,
			    "href")));
		}
	}
	json_decref(out);
done:
	arena_free(a);
	return e;
}

enum err
dash_ocop(const struct dash_ctx *c, json_t **panel, struct errinfo *ei)
{
	long by_stars[STARS_MAX + 1] = { 0 }, total = 0;
	char today[DATE_LEN] = "";
	struct arena *a;
	const char *link, *as_of;
	json_t *p, *bars;
	enum err e;

	*panel = NULL;
	if (strcmp(c->structure, "2025") != 0)
		return ERR_OK;
	if (c->level == DASH_COMMUNE)
		return commune_products(c, panel, ei);
	if (c->level != DASH_NATION && c->level != DASH_PROVINCE)
		return ERR_OK;
	if ((e = counts_of(c, by_stars, &total, today, ei)) != ERR_OK)
		return e;
	a = arena_new(2048);
	link = c->level == DASH_NATION ? "/ocop/statistics" :
	    arena_printf(a, "/ocop/register?province=%s", c->code);
	p = dash_panel_new(c, "ocop_products", "dp_ocop_title", link);
	if (total == 0) {
		dash_empty(c, p, "dp_ocop_empty");
		goto out;
	}
	as_of = date_display(a, today, c->lang);
	dash_figure(p, "total", msg_get(c->lang, "dp_ocop_total"),
	    (double)total, numfmt_int_a(a, total, c->lang), -1,
	    msg_formata(a, c->lang, "dp_ocop_as_of", &as_of, 1));
	bars = json_array();
	for (int s = STARS_MAX; s >= STARS_MIN; s--) {
		const char *n = arena_printf(a, "%d", s);
		const char *label = msg_formata(a, c->lang, "dp_ocop_stars", &n,
		    1);
		/* each bar opens the register at that rating */
		const char *href = c->level == DASH_NATION ?
		    arena_printf(a, "/ocop/register?stars=%d", s) :
		    arena_printf(a, "/ocop/register?province=%s&stars=%d",
		    c->code, s);

		dash_figure(p, arena_printf(a, "stars_%d", s), label,
		    (double)by_stars[s], numfmt_int_a(a, by_stars[s], c->lang),
		    -1, NULL);
		json_array_append_new(bars, json_pack("{s:s, s:I, s:s}",
		    "label", label, "value", (json_int_t)by_stars[s], "href",
		    href));
	}
	json_object_set_new(p, "chart", json_pack("{s:s, s:i, s:s, s:o}",
	    "kind", "bars", "decimals", 0, "caption", msg_get(c->lang,
	    "dp_ocop_chart"), "bars", bars));
out:
	arena_free(a);
	json_object_set_new(p, "map_link", json_string("ocop_products"));
	*panel = p;
	return ERR_OK;
}
