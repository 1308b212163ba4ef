/*
 * rep_completeness.c - who has reported a form for a period under a unit,
 * on time or late, and who has not (rep_completeness.h).
 *
 * The units that must fill the form are those of the form's levels below
 * the unit: its direct children of a level are listed one by one (the
 * communes of a province, the provinces of the nation: one indexed read
 * of the units under a parent, each joined to its report by the report's
 * unique key); a level further down (the nation's communes) is counted
 * per parent in one GROUP BY, which gives the national table per
 * province.  A report counts as submitted when its state is "submitted"
 * or "approved"; on time when its latest submission (submitted_at, UTC)
 * fell on or before the due date; "missing" otherwise (new, draft or
 * returned), and late to submit once the due date has passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/reporting/rep_completeness.h"
#include "domain/reporting/rep_store.h"
#include "domain/units/units.h"

static const char *period_words(struct arena *a, const char *lang,
    const struct rep_period *p);

struct counts {
	long expected, submitted, on_time, late, missing, approved;
};

/* What one completeness call works on. */
struct comp {
	struct db *db;
	const struct rep_form *f;
	struct unit u;
	char period[REP_PERIOD_TEXT];
	char due[DATE_LEN], today[DATE_LEN];
	bool due_passed;
	const char *lang;
};

static void periods_around(const struct comp *c, struct arena *a,
    const struct rep_period *p, long today, json_t *view);

static json_t *
counts_json(const struct counts *c)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}",
	    "expected", (json_int_t)c->expected,
	    "submitted", (json_int_t)c->submitted,
	    "on_time", (json_int_t)c->on_time, "late", (json_int_t)c->late,
	    "missing", (json_int_t)c->missing,
	    "approved", (json_int_t)c->approved);
}

/* The status of a report in state (NULL: none) submitted at (ISO UTC). */
static const char *
status_of(const struct comp *c, const char *state, const char *submitted_at)
{
	if (state == NULL || (strcmp(state, "submitted") != 0 &&
	    strcmp(state, "approved") != 0))
		return "missing";
	if (strcmp(state, "approved") == 0)
		return "approved";
	return submitted_at != NULL && strncmp(submitted_at, c->due,
	    DATE_LEN - 1) <= 0 ? "on_time" : "late";
}

static const char *
word(const char *lang, const char *prefix, const char *value)
{
	char key[64];

	snprintf(key, sizeof(key), "%s%s", prefix, value);
	return msg_get(lang, key);
}

/* Count one report into k. */
static void
count_one(const struct comp *c, struct counts *k, const char *state,
    const char *submitted_at)
{
	const char *st = status_of(c, state, submitted_at);

	k->expected++;
	if (strcmp(st, "missing") == 0) {
		k->missing++;
		return;
	}
	k->submitted++;
	if (strcmp(st, "approved") == 0)
		k->approved++;
	if (submitted_at != NULL && strncmp(submitted_at, c->due,
	    DATE_LEN - 1) <= 0)
		k->on_time++;
	else
		k->late++;
}

static json_t *
completeness_href(const struct comp *c, const char *structure,
    const char *code)
{
	return json_sprintf("/reports/%s/completeness?unit=%s:%s&period=%s",
	    c->f->id, structure, code, c->period);
}

/* The direct children of the unit at level lv, one by one, into lvl
 * (units, counts, late) and by code into byc (code -> unit row), when
 * byc is not NULL. */
static enum err
children(struct comp *c, const char *lv, json_t *lvl, json_t *byc,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(c->db, STMT_RAPP_CHILDREN_REPORTS);
	struct counts k = { 0 };
	json_t *units = json_array(), *late = json_array();
	bool provinces = strcmp(lv, "province") == 0;
	int rc;

	db_bind_text(st, 1, c->f->id);
	db_bind_text(st, 2, c->period);
	db_bind_text(st, 3, c->u.structure);
	db_bind_text(st, 4, c->u.code);
	db_bind_text(st, 5, lv);
	while ((rc = db_step(st, ei)) == 1) {
		const char *code = db_col_text(st, 0);
		const char *state = db_col_null(st, 3) ? NULL :
		    db_col_text(st, 3);
		const char *sub = db_col_null(st, 4) ? NULL :
		    db_col_text(st, 4);
		const char *status = status_of(c, state, sub);
		json_t *row;

		count_one(c, &k, state, sub);
		row = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, "
		    "s:s?, s:b, s:b, s:b, s:b}",
		    "structure", c->u.structure, "code", code,
		    "name", db_col_text(st, 2),
		    "state", state ? state : "new",
		    "state_name", word(c->lang, "rapp_state_",
		    state ? state : "new"),
		    "status", status,
		    "status_name", word(c->lang, "rapp_status_", status),
		    "submitted_at", sub,
		    "approved_at", db_col_null(st, 5) ? NULL :
		    db_col_text(st, 5),
		    "on_time", sub != NULL && strcmp(status, "missing") != 0 &&
		    strncmp(sub, c->due, DATE_LEN - 1) <= 0,
		    "late", strcmp(status, "late") == 0 ||
		    (strcmp(status, "approved") == 0 && (sub == NULL ||
		    strncmp(sub, c->due, DATE_LEN - 1) > 0)),
		    "missing", strcmp(status, "missing") == 0,
		    "approved", strcmp(status, "approved") == 0);
		if (provinces) {
			json_object_set_new(row, "href",
			    completeness_href(c, c->u.structure, code));
			/* the name without "Tỉnh"/"Thành phố": the order */
			json_object_set_new(row, "short_name",
			    json_string(db_col_text(st, 1)));
		}
		if (strcmp(status, "missing") == 0 && c->due_passed)
			json_array_append_new(late, json_pack("{s:s, s:s}",
			    "code", code, "name", db_col_text(st, 2)));
		if (byc != NULL)
			json_object_set(byc, code, row);
		json_array_append_new(units, row);
	}
	if (rc < 0) {
		json_decref(units);
		json_decref(late);
		return ei->err;
	}
	json_object_set_new(lvl, "units", units);
	json_object_set_new(lvl, "counts", counts_json(&k));
	json_object_set_new(lvl, "late", late);
	return ERR_OK;
}

/*
 * The nation's level lv further down (communes), counted per province in
 * one query, into lvl (counts, late: the provinces with communes late)
 * and the table of provinces (their own report from byc).
 */
static enum err
per_province(struct comp *c, const char *lv, json_t *lvl, json_t *byc,
    json_t *view, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(c->db, STMT_RAPP_COUNTS_BY_PARENT);
	struct counts all = { 0 };
	json_t *table = json_array(), *late = json_array();
	int rc;

	db_bind_text(st, 1, c->due);
	db_bind_text(st, 2, c->f->id);
	db_bind_text(st, 3, c->period);
	db_bind_text(st, 4, c->u.structure);
	db_bind_text(st, 5, lv);
	while ((rc = db_step(st, ei)) == 1) {
		const char *code = db_col_null(st, 0) ? "" : db_col_text(st, 0);
		json_t *own = json_object_get(byc, code);
		struct counts k = {
			.expected = db_col_int(st, 1),
			.submitted = db_col_int(st, 2),
			.on_time = db_col_int(st, 3),
			.approved = db_col_int(st, 4),
		};
		json_t *row;

		k.late = k.submitted - k.on_time;
		k.missing = k.expected - k.submitted;
		all.expected += k.expected;
		all.submitted += k.submitted;
		all.on_time += k.on_time;
		all.late += k.late;
		all.missing += k.missing;
		all.approved += k.approved;
		row = counts_json(&k);
		json_object_set_new(row, "code", json_string(code));
		json_object_set_new(row, "name", own ? json_copy(json_object_get(
		    own, "name")) : json_string(code));
		json_object_set_new(row, "short_name", own ? json_copy(
		    json_object_get(own, "short_name")) : json_string(code));
		json_object_set_new(row, "href", completeness_href(c,
		    c->u.structure, code));
		if (own != NULL && rep_form_filled_by(c->f, "province")) {
			json_object_set(row, "status", json_object_get(own,
			    "status"));
			json_object_set(row, "status_name", json_object_get(own,
			    "status_name"));
		}
		if (k.missing > 0 && c->due_passed)
			json_array_append_new(late, json_pack("{s:s, s:O, s:I}",
			    "code", code, "name", json_object_get(row, "name"),
			    "missing", (json_int_t)k.missing));
		json_array_append_new(table, row);
	}
	if (rc < 0) {
		json_decref(table);
		json_decref(late);
		return ei->err;
	}
	json_object_set_new(lvl, "counts", counts_json(&all));
	json_object_set_new(lvl, "late", late);
	json_object_set_new(view, "provinces", table);
	return ERR_OK;
}

/* Sort the national table by province name, as the list of provinces
 * is (the query groups by code). */
static int
by_name(const void *x, const void *y)
{
	json_t *const *a = x, *const *b = y;
	const char *sa = json_string_value(json_object_get(*a, "short_name"));
	const char *sb = json_string_value(json_object_get(*b, "short_name"));

	return strcmp(sa ? sa : "", sb ? sb : "");
}

static void
sort_table(json_t *view)
{
	json_t *t = json_object_get(view, "provinces"), *rows[128];
	size_t n = json_array_size(t);

	if (n == 0 || n > 128)
		return;
	for (size_t i = 0; i < n; i++)
		rows[i] = json_incref(json_array_get(t, i));
	qsort(rows, n, sizeof(rows[0]), by_name);
	json_array_clear(t);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(t, rows[i]);
}

/* The unit's own report, when its level fills the form. */
static enum err
own_report(struct comp *c, json_t *view, struct errinfo *ei)
{
	struct db_stmt *st;
	const char *state = NULL, *sub = NULL, *status;
	int rc;

	if (!rep_form_filled_by(c->f, c->u.level)) {
		json_object_set_new(view, "own", json_null());
		return ERR_OK;
	}
	st = db_stmt(c->db, STMT_RAPP_REPORT_GET);
	db_bind_text(st, 1, c->f->id);
	db_bind_text(st, 2, c->u.structure);
	db_bind_text(st, 3, c->u.code);
	db_bind_text(st, 4, c->period);
	if ((rc = db_step(st, ei)) == 1) {
		state = db_col_text(st, 2);
		sub = db_col_null(st, 5) ? NULL : db_col_text(st, 5);
		status = status_of(c, state, sub);
		json_object_set_new(view, "own", json_pack("{s:s, s:s, s:s, "
		    "s:s, s:s?}", "state", state, "state_name", word(c->lang,
		    "rapp_state_", state), "status", status, "status_name",
		    word(c->lang, "rapp_status_", status), "submitted_at",
		    sub));
		while ((rc = db_step(st, ei)) == 1)
			;
	} else if (rc == 0)
		json_object_set_new(view, "own", json_pack("{s:s, s:s, s:s, "
		    "s:s, s:n}", "state", "new", "state_name", word(c->lang,
		    "rapp_state_", "new"), "status", "missing", "status_name",
		    word(c->lang, "rapp_status_", "missing"), "submitted_at"));
	return rc < 0 ? ei->err : ERR_OK;
}

enum err
rep_completeness(struct db *db, const char *form_id, const char *structure,
    const char *code, const char *period, const char *lang, json_t **out,
    struct errinfo *ei)
{
	struct arena *a = arena_new(8 * 1024);
	struct comp c = { .db = db, .lang = lang };
	struct rep_period p;
	json_t *view = NULL, *levels, *byc = json_object();
	size_t n = strspn(form_id, "abcdefghijklmnopqrstuvwxyz0123456789._-");
	long now;
	int ulv = -1;
	enum err e;

	*out = NULL;
	if (form_id[n] != '\0' || n == 0 || n > REP_ID_MAX) {
		e = err_set(ei, ERR_NOTFOUND, "reporting.unknown_form", "form",
		    "không có biểu mẫu báo cáo này",
		    "there is no such report form");
		goto out;
	}
	if ((e = rep_period_parse(period, "period", &p, ei)) != ERR_OK)
		goto out;
	rep_period_format(&p, c.period);
	e = rep_form_load(db, form_id, 0, &c.f, ei);
	if (e == ERR_NOTFOUND)
		e = err_set(ei, ERR_NOTFOUND, "reporting.unknown_form", "form",
		    "không có biểu mẫu báo cáo '%s'",
		    "there is no report form '%s'", form_id);
	if (e != ERR_OK ||
	    (e = rep_form_period_check(c.f, &p, "period", ei)) != ERR_OK ||
	    (e = units_get(db, a, structure, code, &c.u, ei)) != ERR_OK)
		goto out;
	if (strcmp(c.u.structure, c.f->structure) != 0) {
		e = err_set(ei, ERR_INVALID, "reporting.wrong_structure", "unit",
		    "biểu mẫu '%s' dành cho đơn vị theo cấu trúc %s, không "
		    "phải %s", "the form '%s' is for units of the %s structure, "
		    "not %s", c.f->title, c.f->structure, c.u.structure);
		goto out;
	}
	date_format(rep_form_due(c.f, &p), c.due);
	date_today(c.today);
	c.due_passed = date_parse(c.today, &now) && now > rep_form_due(c.f,
	    &p);
	view = json_pack("{s:{s:s, s:i, s:s}, s:{s:s, s:s, s:s, s:s}, s:s, "
	    "s:s, s:s, s:b}",
	    "form", "id", c.f->id, "version", c.f->version, "title",
	    msg_pick(lang, c.f->title, c.f->title_en),
	    "unit", "structure", c.u.structure, "code", c.u.code, "name",
	    c.u.full_name, "level", c.u.level,
	    "period", c.period, "due", c.due, "today", c.today,
	    "due_passed", c.due_passed);
	/* for people: "Tháng 1/2026", "05/02/2026" */
	json_object_set_new(view, "period_name", json_string(period_words(a,
	    lang, &p)));
	json_object_set_new(view, "due_text", json_string(date_display(a,
	    c.due, lang)));
	periods_around(&c, a, &p, now, view);
	if ((e = own_report(&c, view, ei)) != ERR_OK)
		goto out;
	for (int i = 0; i < UNIT_LEVEL__MAX; i++)
		if (strcmp(unit_level_names[i], c.u.level) == 0)
			ulv = i;
	levels = json_array();
	json_object_set_new(view, "levels", levels);
	/* The levels below the unit that fill the form, highest first: the
	 * next one down listed unit by unit, one further (the nation's
	 * communes) counted per province. */
	for (int i = ulv + 1; ulv >= 0 && i < UNIT_LEVEL__MAX; i++) {
		const char *lv = unit_level_names[i];
		json_t *lvl;

		if (!(c.f->levels & (1u << i)))
			continue;
		lvl = json_pack("{s:s, s:s}", "level", lv, "level_name",
		    word(lang, "rapp_level_", lv));
		json_array_append_new(levels, lvl);
		if (i == ulv + 1 || (strcmp(c.u.level, "province") == 0 &&
		    strcmp(c.u.structure, "2025") == 0))
			e = children(&c, lv, lvl, byc, ei);
		else if (strcmp(c.u.level, "country") == 0) {
			json_t *tmp = json_object();

			if (json_object_size(byc) == 0)
				e = children(&c, "province", tmp, byc, ei);
			json_decref(tmp);
			if (e == ERR_OK)
				e = per_province(&c, lv, lvl, byc, view, ei);
		}
		if (e != ERR_OK)
			goto out;
	}
	sort_table(view);
out:
	db_end_reads(db);
	if (e == ERR_OK)
		*out = view;
	else
		json_decref(view);
	json_decref(byc);
	arena_free(a);
	return e;
}

bool
rep_completeness_cacheable(const json_t *view)
{
	return json_is_true(json_object_get(view, "due_passed")) &&
	    json_is_true(json_object_get(view, "next_open"));
}

/* Links to the period before and after (one of the form's years, and
 * started), for the page: view["previous"], view["next"] = {name, href}. */
static void
periods_around(const struct comp *c, struct arena *a,
    const struct rep_period *p, long today, json_t *view)
{
	struct rep_period q;
	char pt[REP_PERIOD_TEXT];

	if (rep_period_prev(p, &q) && q.year >= c->f->year_from) {
		rep_period_format(&q, pt);
		json_object_set_new(view, "previous", json_pack("{s:s, s:s, s:o}",
		    "period", pt, "name", period_words(a, c->lang, &q), "href",
		    json_sprintf("/reports/%s/completeness?unit=%s:%s&period=%s",
		    c->f->id, c->u.structure, c->u.code, pt)));
	}
	/* the view no longer changes with today once the next period (if
	 * any) has started: rep_completeness_cacheable */
	json_object_set_new(view, "next_open", json_boolean(
	    !rep_period_next(p, &q) || q.year > c->f->year_to ||
	    rep_period_started(&q, today)));
	if (rep_period_next(p, &q) && q.year <= c->f->year_to &&
	    rep_period_started(&q, today)) {
		rep_period_format(&q, pt);
		json_object_set_new(view, "next", json_pack("{s:s, s:s, s:o}",
		    "period", pt, "name", period_words(a, c->lang, &q), "href",
		    json_sprintf("/reports/%s/completeness?unit=%s:%s&period=%s",
		    c->f->id, c->u.structure, c->u.code, pt)));
	}
}

/* ---- reminders ---- */

/* A period in words: "Tháng 7/2026", "Quý 3/2026", "6 tháng đầu năm 2026",
 * "Năm 2026". */
static const char *
period_words(struct arena *a, const char *lang, const struct rep_period *p)
{
	char y[16], i[16];
	const char *args[2] = { i, y };
	static const char *const keys[] = { "rapp_period_month",
		"rapp_period_quarter", "rapp_period_half", "rapp_period_year" };
	int k = p->type == REP_MONTH ? 0 : p->type == REP_QUARTER ? 1 :
	    p->type == REP_HALF_YEAR ? 2 : 3;

	snprintf(y, sizeof(y), "%d", p->year);
	snprintf(i, sizeof(i), "%d", p->index);
	if (k == 3)
		return msg_formata(a, lang, keys[k], args + 1, 1);
	return msg_formata(a, lang, keys[k], args, 2);
}

/* The newest version of every form, loaded (cached: never freed). */
static enum err
each_form(struct db *db, const struct rep_form **forms, size_t *n,
    size_t max, struct errinfo *ei)
{
	json_t *list, *it;
	size_t i;
	enum err e;

	*n = 0;
	if ((e = rep_forms_list(db, &list, ei)) != ERR_OK)
		return e;
	json_array_foreach(json_object_get(list, "items"), i, it) {
		if (*n >= max)
			break;
		if ((e = rep_form_load(db, jval_str(it, "id"), 0, &forms[*n],
		    ei)) != ERR_OK)
			break;
		(*n)++;
	}
	json_decref(list);
	return e;
}

#define FORMS_MAX	32

/* What both reminder lists start from and end with: the unit asked
 * about, today, the forms, the list being made and its arena. */
struct reminders {
	struct arena *a;
	struct unit u;
	long now;
	const struct rep_form *forms[FORMS_MAX];
	size_t nf;
	json_t *items;
};

/* Fills r for the unit structure:code; r must go to reminders_end
 * whatever this returns. */
static enum err
reminders_begin(struct reminders *r, struct db *db, const char *structure,
    const char *code, struct errinfo *ei)
{
	char today[DATE_LEN];
	enum err e;

	memset(r, 0, sizeof(*r));
	r->a = arena_new(8 * 1024);
	r->items = json_array();
	date_parse(date_today(today), &r->now);
	if ((e = units_get(db, r->a, structure, code, &r->u, ei)) != ERR_OK)
		return e;
	return each_form(db, r->forms, &r->nf, FORMS_MAX, ei);
}

/* Ends the reads; on success (e ERR_OK) *out gets the list. Returns e. */
static enum err
reminders_end(struct reminders *r, struct db *db, enum err e, json_t **out)
{
	db_end_reads(db);
	if (e == ERR_OK)
		*out = r->items;
	else
		json_decref(r->items);
	arena_free(r->a);
	return e;
}

enum err
rep_reminders_own(struct db *db, const char *structure, const char *code,
    int year, const char *lang, json_t **out, struct errinfo *ei)
{
	struct reminders r;
	enum err e;

	*out = NULL;
	if ((e = reminders_begin(&r, db, structure, code, ei)) != ERR_OK)
		goto out;
	for (size_t fi = 0; fi < r.nf; fi++) {
		const struct rep_form *f = r.forms[fi];
		struct rep_period ps[12];
		json_t *states = json_object();
		struct db_stmt *st;
		int np, rc;

		if (strcmp(f->structure, structure) != 0 ||
		    !rep_form_filled_by(f, r.u.level) || year < f->year_from ||
		    year > f->year_to) {
			json_decref(states);
			continue;
		}
		st = db_stmt(db, STMT_RAPP_UNIT_REPORTS);
		db_bind_text(st, 1, f->id);
		db_bind_text(st, 2, structure);
		db_bind_text(st, 3, code);
		while ((rc = db_step(st, ei)) == 1)
			json_object_set_new(states, db_col_text(st, 0),
			    json_string(db_col_text(st, 1)));
		if (rc < 0) {
			json_decref(states);
			e = ei->err;
			goto out;
		}
		np = rep_periods_of_year(f->period_type, year, ps);
		for (int k = 0; k < np; k++) {
			char pt[REP_PERIOD_TEXT], due[DATE_LEN];
			const char *state, *status;
			long d = rep_form_due(f, &ps[k]);

			if (!rep_period_started(&ps[k], r.now))
				continue;
			rep_period_format(&ps[k], pt);
			state = jval_str(states, pt);
			if (state != NULL && strcmp(state, "returned") == 0)
				status = "returned";
			else if (state != NULL && (strcmp(state, "submitted") ==
			    0 || strcmp(state, "approved") == 0))
				continue;
			else
				status = r.now > d ? "late" : "due";
			date_format(d, due);
			json_array_append_new(r.items, json_pack("{s:s, s:s, "
			    "s:s, s:s, s:s, s:s}", "form", f->id, "form_title",
			    msg_pick(lang, f->title, f->title_en), "period", pt,
			    "period_name", period_words(r.a, lang, &ps[k]),
			    "status", status, "due", due));
		}
		json_decref(states);
	}
out:
	return reminders_end(&r, db, e, out);
}

enum err
rep_reminders_waiting(struct db *db, const char *structure, const char *code,
    size_t max, const char *lang, json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(4 * 1024);
	struct db_stmt *st = db_stmt(db, STMT_RAPP_CHILDREN_WAITING);
	json_t *items = json_array();
	int64_t total = 0;
	int rc;

	*out = NULL;
	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	db_bind_int(st, 3, (int64_t)max);
	while ((rc = db_step(st, ei)) == 1) {
		const struct rep_form *f;
		struct rep_period p;
		struct errinfo skip;
		const char *form = db_col_text(st, 0);

		total = db_col_int(st, 3);
		if (rep_form_load(db, form, 0, &f, &skip) != ERR_OK ||
		    rep_period_parse(db_col_text(st, 1), "period", &p, &skip) !=
		    ERR_OK)
			continue;
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s, s:o}", "form", form, "form_title", msg_pick(lang,
		    f->title, f->title_en), "period", db_col_text(st, 1),
		    "period_name", period_words(a, lang, &p), "unit_name",
		    db_col_text(st, 2), "href", json_sprintf("/reports/%s/"
		    "completeness?unit=%s:%s&period=%s", form, structure, code,
		    db_col_text(st, 1))));
	}
	db_end_reads(db);
	arena_free(a);
	if (rc < 0) {
		json_decref(items);
		return ei->err;
	}
	*out = json_pack("{s:I, s:o}", "total", (json_int_t)total, "items",
	    items);
	return ERR_OK;
}

enum err
rep_reminders_late_children(struct db *db, const char *structure,
    const char *code, int year, const char *lang, json_t **out,
    struct errinfo *ei)
{
	struct reminders r;
	int ulv = -1;
	enum err e;

	*out = NULL;
	if ((e = reminders_begin(&r, db, structure, code, ei)) != ERR_OK)
		goto out;
	for (int i = 0; i < UNIT_LEVEL__MAX; i++)
		if (strcmp(unit_level_names[i], r.u.level) == 0)
			ulv = i;
	for (size_t fi = 0; ulv >= 0 && fi < r.nf; fi++) {
		const struct rep_form *f = r.forms[fi];
		const char *lv = NULL;
		struct rep_period ps[12];
		struct db_stmt *st;
		int np, last = -1, rc;
		int64_t missing = 0;
		char pt[REP_PERIOD_TEXT];

		/* the first level below that fills the form: the children (a
		 * 2025 province's communes; no district between) */
		for (int i = ulv + 1; lv == NULL && i < UNIT_LEVEL__MAX; i++)
			if (f->levels & (1u << i))
				lv = unit_level_names[i];
		if (lv == NULL || strcmp(f->structure, structure) != 0 ||
		    year < f->year_from || year > f->year_to)
			continue;
		np = rep_periods_of_year(f->period_type, year, ps);
		for (int k = 0; k < np; k++)
			if (r.now > rep_form_due(f, &ps[k]))
				last = k;
		if (last < 0)
			continue;
		rep_period_format(&ps[last], pt);
		st = db_stmt(db, STMT_RAPP_CHILDREN_MISSING);
		db_bind_text(st, 1, f->id);
		db_bind_text(st, 2, pt);
		db_bind_text(st, 3, structure);
		db_bind_text(st, 4, code);
		db_bind_text(st, 5, lv);
		if ((rc = db_step(st, ei)) == 1) {
			missing = db_col_int(st, 0);
			while ((rc = db_step(st, ei)) == 1)
				;
		}
		if (rc < 0) {
			e = ei->err;
			goto out;
		}
		if (missing > 0)
			json_array_append_new(r.items, json_pack("{s:s, s:s, "
			    "s:s, s:s, s:I, s:o}", "form", f->id, "form_title",
			    msg_pick(lang, f->title, f->title_en), "period", pt,
			    "period_name", period_words(r.a, lang, &ps[last]),
			    "missing", (json_int_t)missing, "href",
			    json_sprintf("/reports/%s/completeness?unit=%s:%s&"
			    "period=%s", f->id, structure, code, pt)));
	}
out:
	return reminders_end(&r, db, e, out);
}
