/*
 * dash_ocop.c - the OCOP panel of a dashboard: the products of the public
 * register today (a valid certificate) by stars, for the nation or a
 * 2025 province, linking to the page that lists the same products.
 *
 * It reads the register's copy in memory (ocop_register.h, kept by the
 * ocop_version and units_version tokens), so it adds up exactly as
 * /ocop/statistics (the nation) and /ocop/register?province= (a
 * province) do.  The register places products in the 34 provinces of
 * 2025 and knows no commune or old province: the panel is the nation's
 * and the 2025 provinces' only.
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
	if (strcmp(c->structure, "2025") != 0 ||
	    (c->level != DASH_NATION && c->level != DASH_PROVINCE))
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
