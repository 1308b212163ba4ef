/*
 * surveys_svg.c - the satisfaction rates of a campaign as an SVG chart
 * for pages (surv_rates_svg, surveys_export.h), drawn by core/chart.h like
 * every chart of the platform.
 *
 * One bar per rate: first the overall rate ("Tỷ lệ hài lòng chung",
 * "Overall satisfaction", bold), then every question that counts for
 * satisfaction, in the questionnaire's order.  A bar is its label
 * (wrapped to the width, at most three lines, the last one cut with "…";
 * the whole text is in the bar's <title>), the rate on a 0..100 % scale
 * with the 95 % interval as a whisker, and the rate written at the right
 * ("87,5 %": the decimal mark of the language).  The threshold is a
 * dashed line over the bars, labelled; a bar at or above it is green,
 * below it orange, and the numbers say the same for those who cannot tell
 * colours apart.  The chart's own words are messages of the table in the
 * language asked for; every text is escaped by the chart module.
 */
#include <math.h>
#include <string.h>

#include "core/arena.h"
#include "core/chart.h"
#include "core/msg.h"
#include "domain/surveys/surveys_export_internal.h"

#define WIDTH_MIN	200
#define WIDTH_MAX	4000

/* A number of the results; NAN when absent or not a number. */
static double
num(json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* A bar of rate (a results object or a question) with its interval. */
static void
bar_of(json_t *o, const char *label, struct chart_bar *b)
{
	json_t *ci = json_object_get(o, "ci");

	memset(b, 0, sizeof(*b));
	b->label = label;
	b->value = num(json_object_get(o, "rate"));
	b->lo = num(json_array_get(ci, 0));
	b->hi = num(json_array_get(ci, 1));
	b->has_interval = isfinite(b->lo) && isfinite(b->hi);
}

/*
 * results: the JSON of surv_results; width: 200..4000 px; lang: of the
 * chart's words and numbers.  ERR_INVALID for a width out of range or
 * results without "questions"; ERR_LIMIT when out fills up (out is then
 * as it was).
 */
enum err
surv_rates_svg(json_t *results, int width, const char *lang,
    struct buf *out, struct errinfo *ei)
{
	json_t *questions, *q;
	struct chart_frame f;
	struct chart_bar *bars;
	struct arena *a;
	size_t i, n = 0;
	enum err e;

	if (width < WIDTH_MIN || width > WIDTH_MAX)
		return err_set(ei, ERR_INVALID, "surveys.chart_width", "width",
		    "Chiều rộng biểu đồ phải từ %d đến %d",
		    "The chart's width must be from %d to %d", WIDTH_MIN,
		    WIDTH_MAX);
	if ((e = surv_export_check(results, false, NULL, ei)) != ERR_OK)
		return e;
	questions = json_object_get(results, "questions");

	a = arena_new(64 * 1024);
	bars = arena_alloc(a, (json_array_size(questions) + 1) *
	    sizeof(*bars));
	bar_of(results, msg_get(lang, "surv_rate"), &bars[n]);
	bars[n++].emphasis = 1;
	json_array_foreach(questions, i, q) {
		json_t *counts = json_object_get(q, "counts");
		const char *label = json_string_value(json_object_get(q, "text"));

		if (json_is_false(counts) || (counts == NULL &&
		    !json_is_number(json_object_get(q, "rate"))))
			continue;
		if (label == NULL)
			label = json_string_value(json_object_get(q, "id"));
		bar_of(q, label != NULL ? label : "", &bars[n++]);
	}
	memset(&f, 0, sizeof(f));
	f.id = "surv-rates";
	f.title = msg_get(lang, "surv_svg_title");
	f.caption = msg_get(lang, "surv_svg_caption");
	f.lang = lang;
	f.width = width;
	f.unit = "%";
	f.decimals = 1;
	f.threshold = num(json_object_get(json_object_get(results,
	    "campaign"), "threshold"));
	f.max = 100;
	e = chart_svg(chart_bars(a, &f, bars, n), out);
	arena_free(a);
	if (e != ERR_OK)
		return err_set(ei, ERR_LIMIT, "surveys.export_too_large", NULL,
		    "Biểu đồ vượt quá giới hạn kích thước",
		    "The chart is larger than allowed");
	return ERR_OK;
}
