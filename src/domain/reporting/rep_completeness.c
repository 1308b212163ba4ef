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
	return json_is_true(json_object_get(view, "due_passed"));
}
