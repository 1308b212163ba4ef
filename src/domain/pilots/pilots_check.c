/*
 * pilots_check.c - every problem of a pilot as a form or the API sent it,
 * at once, each naming the field the person must fix (pilot_problems),
 * and the shared readings: the place (a commune or village of the 2025
 * structure and its province), the funding sources (the capital sources
 * of the annual plan form, so a pilot's money is named as the reports
 * name it), decimals and the folded search key.
 */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/msg.h"
#include "core/text.h"
#include "domain/criteria/criteria_store.h"
#include "domain/market/market_listings.h"
#include "domain/pilots/pilots_internal.h"
#include "domain/reporting/rep_store.h"
#include "domain/reporting/reporting.h"
#include "domain/units/units.h"

static const char *const kinds[] = { "smart_village", "smart_commune", NULL };
static const char *const statuses[] = { "planned", "running", "finished",
	"stopped", NULL };

static bool
one_of(const char *s, const char *const *list)
{
	for (size_t i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

static bool
blank(const char *s)
{
	return s == NULL || s[0] == '\0';
}

const char *
pilot_fold(struct arena *a, const char *s)
{
	struct buf b;
	const char *out = "";

	buf_init(&b, 64 * 1024);
	if (s != NULL && text_fold(s, strlen(s), &b) == ERR_OK)
		out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

bool
pilot_decimal(const char *s, double *v)
{
	return !blank(s) && text_decimal(s, strlen(s), v);
}

enum err
pilot_place_of(struct db *db, struct arena *a, const char *unit,
    struct pilot_place *out, struct errinfo *ei)
{
	struct unit u;
	struct unit_list anc;
	struct errinfo ignored;
	const char *s, *c;

	if (!units_split_ref(a, unit, &s, &c) || strcmp(s, "2025") != 0 ||
	    units_get(db, a, s, c, &u, &ignored) != ERR_OK ||
	    (strcmp(u.level, "commune") != 0 &&
	    strcmp(u.level, "village") != 0) ||
	    units_ancestors(db, a, &u, &anc, &ignored) != ERR_OK)
		return err_set(ei, ERR_INVALID, "pilots.bad_unit", "unit",
		    "Hãy chọn xã hoặc thôn nơi thí điểm (tìm theo tên)",
		    "Choose the commune or village of the pilot (search by "
		    "name)");
	out->structure = s;
	out->code = c;
	out->province_code = NULL;
	for (size_t i = 0; i < anc.n; i++)
		if (strcmp(anc.items[i].level, "province") == 0)
			out->province_code = anc.items[i].code;
	if (out->province_code == NULL)
		return err_set(ei, ERR_INVALID, "pilots.bad_unit", "unit",
		    "Không xác định được tỉnh của đơn vị này",
		    "The province of this unit cannot be found");
	return ERR_OK;
}

/* The capital sources of the plan form, NULL if it is not loaded. */
static const struct rep_breakdown *
funding_sources(struct db *db)
{
	const struct rep_form *f;
	struct errinfo ignored;

	if (rep_form_load(db, PILOT_FUNDING_FORM, 0, &f, &ignored) != ERR_OK)
		return NULL;
	for (size_t i = 0; i < f->n_breakdowns; i++)
		if (strcmp(f->breakdowns[i].id, PILOT_FUNDING_BREAKDOWN) == 0)
			return &f->breakdowns[i];
	return NULL;
}

const char *
pilot_funding_name(struct db *db, const char *id, const char *lang)
{
	const struct rep_breakdown *b = funding_sources(db);

	for (size_t i = 0; b != NULL && id != NULL && i < b->n_categories; i++)
		if (strcmp(b->categories[i].id, id) == 0)
			return msg_pick(lang, b->categories[i].name,
			    b->categories[i].name_en);
	return NULL;
}

/* Number indicator id of the readiness set, NULL if none (or the set is
 * not loaded). */
static const struct crit_indicator *
dx_indicator(struct db *db, const char *id)
{
	const struct crit_set *set;
	struct errinfo ignored;

	if (blank(id) || crit_store_load(db, PILOT_DX_SET, 0, &set,
	    &ignored) != ERR_OK)
		return NULL;
	for (size_t i = 0; i < set->n_indicators; i++)
		if (strcmp(set->indicators[i].id, id) == 0 &&
		    set->indicators[i].type == CRIT_NUMBER)
			return &set->indicators[i];
	return NULL;
}

/* The commune's value of readiness indicator id in the year of date (a
 * village's: its commune's), as text; NULL when there is none. */
static const char *
dx_value(struct db *db, struct arena *a, const char *unit, const char *id,
    const char *date)
{
	struct errinfo ignored;
	const char *s, *c, *out = NULL;
	struct unit u;
	json_t *vals = NULL, *v;
	long days;

	if (blank(date) || !date_parse_user(date, &days) ||
	    !units_split_ref(a, unit, &s, &c) || units_get(db, a, s, c, &u,
	    &ignored) != ERR_OK)
		return NULL;
	if (strcmp(u.level, "village") == 0 && u.parent_code != NULL)
		c = u.parent_code;
	if (crit_store_get_values(db, s, c, PILOT_DX_SET, (int)((date[0] -
	    '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 +
	    (date[3] - '0')), "vi", &vals, &ignored) != ERR_OK)
		return NULL;
	v = json_object_get(json_object_get(vals, "values"), id);
	if (json_is_number(v))
		out = arena_printf(a, "%.15g", json_number_value(v));
	json_decref(vals);
	return out;
}

const struct pilot_in *
pilot_resolved(struct db *db, struct arena *a, const struct pilot_in *in)
{
	struct pilot_in *copy = NULL;

	for (size_t i = 0; i < in->n_indicators; i++) {
		const struct pilot_indicator_in *x = &in->indicators[i];
		const struct crit_indicator *d = dx_indicator(db,
		    x->dx_indicator);
		struct pilot_indicator_in *y;

		if (d == NULL)
			continue;
		if (copy == NULL) {
			copy = arena_alloc(a, sizeof(*copy));
			*copy = *in;
			copy->indicators = arena_alloc(a, in->n_indicators *
			    sizeof(*copy->indicators));
			memcpy(copy->indicators, in->indicators,
			    in->n_indicators * sizeof(*copy->indicators));
		}
		y = &copy->indicators[i];
		if (blank(y->name))
			y->name = d->name;
		if (blank(y->unit))
			y->unit = d->unit != NULL ? d->unit : "";
		if (blank(y->before))
			y->before = dx_value(db, a, in->unit, d->id,
			    y->before_date);
		if (blank(y->after))
			y->after = dx_value(db, a, in->unit, d->id,
			    y->after_date);
	}
	return copy != NULL ? copy : in;
}

void
pilot_choices(struct db *db, const char *lang, json_t *view)
{
	const struct crit_set *set;
	struct errinfo ignored;
	json_t *dx = json_array();
	const struct rep_breakdown *b = funding_sources(db);
	json_t *k = json_array(), *s = json_array(), *f = json_array();
	char key[64];

	for (size_t i = 0; kinds[i] != NULL; i++) {
		snprintf(key, sizeof(key), "pil_kind_%s", kinds[i]);
		json_array_append_new(k, json_pack("{s:s, s:s}", "value",
		    kinds[i], "label", msg_get(lang, key)));
	}
	for (size_t i = 0; statuses[i] != NULL; i++) {
		snprintf(key, sizeof(key), "pil_status_%s", statuses[i]);
		json_array_append_new(s, json_pack("{s:s, s:s}", "value",
		    statuses[i], "label", msg_get(lang, key)));
	}
	for (size_t i = 0; b != NULL && i < b->n_categories; i++)
		json_array_append_new(f, json_pack("{s:s, s:s}", "value",
		    b->categories[i].id, "label", msg_pick(lang,
		    b->categories[i].name, b->categories[i].name_en)));
	if (crit_store_load(db, PILOT_DX_SET, 0, &set, &ignored) == ERR_OK)
		for (size_t i = 0; i < set->n_indicators; i++)
			if (set->indicators[i].type == CRIT_NUMBER)
				json_array_append_new(dx, json_pack("{s:s, s:s}",
				    "value", set->indicators[i].id, "label",
				    msg_pick(lang, set->indicators[i].name,
				    set->indicators[i].name_en)));
	json_object_set_new(view, "dx_indicators", dx);
	json_object_set_new(view, "kinds", k);
	json_object_set_new(view, "statuses", s);
	json_object_set_new(view, "fundings", f);
}

/* Room for one more problem? */
#define ADD(...) do { if (n < max) err_set(&out[n], __VA_ARGS__); n++; \
	} while (0)

/* The problems of one text field: required and at most max bytes. */
static size_t
text_problems(const char *s, const char *field, const char *vi,
    const char *en, size_t limit, bool required, struct errinfo *out,
    size_t n, size_t max)
{
	if (required && blank(s))
		ADD(ERR_INVALID, "pilots.required", field,
		    "Cần điền “%s”%.0s", "%.0s“%s” is required", vi, en);
	else if (s != NULL && strlen(s) > limit)
		ADD(ERR_INVALID, "pilots.too_long", field,
		    "“%s”%.0s dài quá %zu byte", "%.0s“%s” is longer than %zu "
		    "bytes", vi, en, limit);
	return n;
}

/* A date people typed: required or not. */
static size_t
date_problems(const char *s, const char *field, bool required, long *days,
    struct errinfo *out, size_t n, size_t max)
{
	*days = -1;
	if (blank(s)) {
		if (required)
			ADD(ERR_INVALID, "pilots.required", field,
			    "Cần điền ngày (năm-tháng-ngày)",
			    "A date is required (year-month-day)");
	} else if (!date_parse_user(s, days))
		ADD(ERR_INVALID, "pilots.bad_date", field,
		    "Ngày không hợp lệ (năm-tháng-ngày, ví dụ 2026-03-15)",
		    "Not a valid date (year-month-day, e.g. 2026-03-15)");
	return n;
}

static size_t
indicator_problems(struct db *db, const struct pilot_indicator_in *x,
    size_t i, struct arena *a, struct errinfo *out, size_t n, size_t max)
{
	const char *f;
	double v;
	long d1, d2;

	if (!blank(x->dx_indicator) && dx_indicator(db, x->dx_indicator) ==
	    NULL)
		ADD(ERR_INVALID, "pilots.bad_dx_indicator", arena_printf(a,
		    "indicators.%zu.dx_indicator", i + 1),
		    "Chỉ số %zu: hãy chọn chỉ số trong bộ chỉ số chuyển đổi số",
		    "Indicator %zu: choose an indicator of the digital readiness "
		    "set", i + 1);
	f = arena_printf(a, "indicators.%zu.name", i + 1);
	n = text_problems(x->name, f, "Tên chỉ số", "Indicator name",
	    PILOT_TITLE_MAX, true, out, n, max);
	f = arena_printf(a, "indicators.%zu.unit", i + 1);
	n = text_problems(x->unit, f, "Đơn vị tính", "Unit of measure", 40,
	    true, out, n, max);
	f = arena_printf(a, "indicators.%zu.before", i + 1);
	if (!pilot_decimal(x->before, &v))
		ADD(ERR_INVALID, "pilots.bad_number", f,
		    "Chỉ số %zu: cần giá trị trước khi thí điểm (một số)",
		    "Indicator %zu: the value before the pilot is required (a "
		    "number)", i + 1);
	f = arena_printf(a, "indicators.%zu.before_date", i + 1);
	n = date_problems(x->before_date, f, true, &d1, out, n, max);
	f = arena_printf(a, "indicators.%zu.after", i + 1);
	if (!blank(x->after) && !pilot_decimal(x->after, &v))
		ADD(ERR_INVALID, "pilots.bad_number", f,
		    "Chỉ số %zu: giá trị sau thí điểm phải là một số",
		    "Indicator %zu: the value after the pilot must be a number",
		    i + 1);
	f = arena_printf(a, "indicators.%zu.after_date", i + 1);
	n = date_problems(x->after_date, f, !blank(x->after), &d2, out, n,
	    max);
	if (d1 >= 0 && d2 >= 0 && d2 < d1)
		ADD(ERR_INVALID, "pilots.date_order", f,
		    "Chỉ số %zu: ngày đo sau phải sau ngày đo trước",
		    "Indicator %zu: the date after must follow the date before",
		    i + 1);
	return n;
}

size_t
pilot_problems(struct db *db, struct arena *a, const struct pilot_in *in,
    struct errinfo *out, size_t max)
{
	struct pilot_place pl;
	size_t n = 0;
	long start, review;
	int64_t cost;

	in = pilot_resolved(db, a, in);
	if (n < max && pilot_place_of(db, a, in->unit, &pl, &out[n]) !=
	    ERR_OK)
		n++;
	if (!one_of(in->kind, kinds))
		ADD(ERR_INVALID, "pilots.bad_kind", "kind",
		    "Hãy chọn loại mô hình: thôn thông minh hoặc xã thông minh",
		    "Choose the kind of model: smart village or smart commune");
	if (!blank(in->status) && !one_of(in->status, statuses))
		ADD(ERR_INVALID, "pilots.bad_status", "status",
		    "Hãy chọn tình trạng trong danh sách",
		    "Choose the status from the list");
	n = text_problems(in->title, "title", "Tên mô hình",
	    "Name of the pilot", PILOT_TITLE_MAX, true, out, n, max);
	n = text_problems(in->deployed, "deployed", "Nội dung triển khai",
	    "What was deployed", PILOT_TEXT_MAX, true, out, n, max);
	cost = blank(in->cost) ? MARKET_NUM_MISSING :
	    market_parse_vnd(in->cost);
	if (cost < 0)
		ADD(ERR_INVALID, "pilots.bad_cost", "cost",
		    "Kinh phí là một số đồng (ví dụ 1.200.000.000)",
		    "The cost is a whole number of đồng (e.g. 1,200,000,000)");
	if (pilot_funding_name(db, in->funding, "vi") == NULL)
		ADD(ERR_INVALID, "pilots.bad_funding", "funding",
		    "Hãy chọn nguồn vốn trong danh sách",
		    "Choose the funding source from the list");
	n = date_problems(in->start_date, "start_date", true, &start, out, n,
	    max);
	n = date_problems(in->review_date, "review_date", true, &review, out,
	    n, max);
	if (start >= 0 && review >= 0 && review < start)
		ADD(ERR_INVALID, "pilots.date_order", "review_date",
		    "Ngày đánh giá phải sau ngày bắt đầu",
		    "The review date must follow the start date");
	n = text_problems(in->resp_unit, "resp_unit",
	    "Đơn vị chịu trách nhiệm", "Responsible unit", PILOT_TITLE_MAX,
	    true, out, n, max);
	n = text_problems(in->resp_person, "resp_person", "Người phụ trách",
	    "Person in charge", PILOT_TITLE_MAX, true, out, n, max);
	n = text_problems(in->worked, "worked", "Điều đã làm được",
	    "What worked", PILOT_TEXT_MAX, false, out, n, max);
	n = text_problems(in->not_worked, "not_worked", "Điều chưa làm được",
	    "What did not work", PILOT_TEXT_MAX, false, out, n, max);
	n = text_problems(in->advice, "advice", "Lời khuyên", "Advice",
	    PILOT_TEXT_MAX, false, out, n, max);
	if (in->n_indicators > PILOT_INDICATORS_MAX)
		ADD(ERR_INVALID, "pilots.too_many_indicators", "indicators",
		    "Nhiều nhất %d chỉ số", "At most %d indicators",
		    PILOT_INDICATORS_MAX);
	else
		for (size_t i = 0; i < in->n_indicators; i++)
			n = indicator_problems(db, &in->indicators[i], i, a,
			    out, n, max);
	return n < max ? n : max;
}
