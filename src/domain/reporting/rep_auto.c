/*
 * rep_auto.c - the automatic figures of reports (rep_auto.h): read from
 * the criteria evaluations and roll-ups (kept by criteria_store.c), the
 * survey campaigns (surv_campaign_outcome) and the titles decided
 * (unit_recognition, written by a dossier's decision), with the words
 * that say how each figure was obtained.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/msg.h"
#include "core/numfmt.h"
#include "core/stamp.h"
#include "domain/criteria/criteria_store.h"
#include "domain/reporting/rep_auto.h"
#include "domain/reporting/rep_cold.h"
#include "domain/reporting/rep_report.h"
#include "domain/reporting/rep_store.h"
#include "domain/surveys/surveys.h"
#include "domain/surveys/surveys_store.h"
#include "domain/units/units.h"

#define SLOT_NAME_MAX	(2 * REP_ID_MAX + 2)

/* The criteria set's name in lang, or its id. */
static const char *
set_name(struct db *db, const char *set_id, const char *lang)
{
	const struct crit_set *s;
	struct errinfo ei;

	if (crit_store_load(db, set_id, 0, &s, &ei) != ERR_OK)
		return set_id;
	return msg_pick(lang, s->name, s->name_en);
}

static const char *
fmt(struct arena *a, const char *lang, const char *key,
    const char *const *args, size_t n)
{
	return msg_formata(a, lang, key, args, n);
}

static void
put(struct rep_value *v, double x)
{
	memset(v, 0, sizeof(*v));
	v->present = true;
	v->automatic = true;
	v->num = x;
}

/* A unit counts one by one (its own evaluation) at the commune and
 * village levels; above, its figures are its units' (the roll-up). */
static bool
unit_is_base(const struct unit *u)
{
	return strcmp(u->level, "commune") == 0 ||
	    strcmp(u->level, "village") == 0;
}

/* Runs st, a statement keyed by (structure, code, set, year) as the roll-up
 * and the evaluation reads both are: db_step's answer (1 a row, 0 none,
 * negative an error in ei). */
static int
step_unit_set_year(struct db_stmt *st, const struct unit *u,
    const char *set_id, int year, struct errinfo *ei)
{
	db_bind_text(st, 1, u->structure);
	db_bind_text(st, 2, u->code);
	db_bind_text(st, 3, set_id);
	db_bind_int(st, 4, year);
	return db_step(st, ei);
}

/* criteria.units_met and criteria.criteria_met. */
static enum err
from_criteria(struct db *db, struct arena *a, const struct rep_element *el,
    const struct unit *u, int year, const char *lang, struct rep_value *v,
    const char **how, struct errinfo *ei)
{
	char ys[8], n1[NUMFMT_LEN], n2[NUMFMT_LEN];
	const char *sn = set_name(db, el->auto_set, lang);
	struct db_stmt *st;
	int rc;

	snprintf(ys, sizeof(ys), "%d", year);
	if (el->auto_source == REP_AUTO_CRITERIA_UNITS_MET &&
	    !unit_is_base(u)) {
		st = db_stmt(db, STMT_RAUTO_ROLLUP);
		if ((rc = step_unit_set_year(st, u, el->auto_set, year,
		    ei)) < 0)
			return ei->err;
		if (rc == 1) {
			const char *args[] = { numfmt_int(n1, db_col_int(st, 1),
			    lang), numfmt_int(n2, db_col_int(st, 0), lang), ys,
			    sn };

			put(v, (double)db_col_int(st, 1));
			*how = fmt(a, lang, "rauto_units_met_scope", args, 4);
		}
		db_end_reads(db);
		if (rc == 0) {
			const char *args[] = { ys, sn };

			*how = fmt(a, lang, "rauto_no_rollup", args, 2);
		}
		return ERR_OK;
	}
	st = db_stmt(db, STMT_RAUTO_EVAL);
	if ((rc = step_unit_set_year(st, u, el->auto_set, year, ei)) < 0)
		return ei->err;
	if (rc == 1) {
		const char *status = db_col_text(st, 0);
		long long met = db_col_int(st, 1), total = db_col_int(st, 2);

		if (el->auto_source == REP_AUTO_CRITERIA_UNITS_MET) {
			const char *args[] = { ys, sn, msg_get(lang,
			    strcmp(status, "met") == 0 ? "rauto_status_met" :
			    strcmp(status, "not_met") == 0 ?
			    "rauto_status_not_met" : "rauto_status_incomplete") };

			put(v, strcmp(status, "met") == 0 ? 1 : 0);
			*how = fmt(a, lang, "rauto_units_met_one", args, 3);
		} else {
			const char *args[] = { numfmt_int(n1, met, lang),
			    numfmt_int(n2, total, lang), ys, sn };

			put(v, (double)met);
			*how = fmt(a, lang, "rauto_criteria_met", args, 4);
		}
	}
	db_end_reads(db);
	if (rc == 0) {
		const char *args[] = { ys, sn };

		*how = fmt(a, lang, "rauto_no_eval", args, 2);
	}
	return ERR_OK;
}

/* surveys.satisfaction: the latest campaign closed by the period's end. */
static enum err
from_survey(struct db *db, struct arena *a, const struct unit *u,
    const struct rep_period *p, const char *lang, struct rep_value *v,
    const char **how, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_RAUTO_CAMPAIGN);
	struct surv_outcome out;
	char end[DATE_LEN], today[DATE_LEN], pct[NUMFMT_LEN], n[NUMFMT_LEN];
	const char *closes;
	int64_t id;
	json_t *brief;
	int rc;
	enum err e;

	date_format(rep_period_end(p), end);
	date_today(today);
	db_bind_text(st, 1, u->structure);
	db_bind_text(st, 2, u->code);
	db_bind_text(st, 3, end);
	db_bind_text(st, 4, end);
	db_bind_text(st, 5, today);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	id = rc == 1 ? db_col_int(st, 0) : 0;
	closes = rc == 1 ? arena_strdup(a, db_col_text(st, 1)) : NULL;
	db_end_reads(db);
	if (id == 0) {
		*how = msg_get(lang, "rauto_no_survey");
		return ERR_OK;
	}
	if ((e = surv_campaign_outcome(db, id, &out, ei)) != ERR_OK)
		return e;
	{
		const char *title = "";
		const char *args[4];

		if (surv_campaign_brief(db, id, &brief, ei) == ERR_OK) {
			const char *t = json_string_value(json_object_get(brief,
			    "title"));

			title = arena_strdup(a, t != NULL ? t : "");
			json_decref(brief);
		}
		args[0] = title;
		args[1] = date_display(a, closes, lang);
		args[2] = numfmt_int(n, out.responses, lang);
		if (!out.closed || out.responses < SURV_GROUP_MIN) {
			*how = fmt(a, lang, "rauto_survey_few", args, 3);
			return ERR_OK;
		}
		put(v, out.rate);
		args[3] = numfmt_pct(pct, out.rate, lang);
		*how = fmt(a, lang, "rauto_survey", args, 4);
	}
	return ERR_OK;
}

/* dossiers.titles_granted: decisions dated inside the period. */
static enum err
from_titles(struct db *db, struct arena *a, const struct rep_element *el,
    const struct unit *u, const struct rep_period *p, const char *lang,
    struct rep_value *v, const char **how, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_RAUTO_TITLES);
	char from[DATE_LEN], to[DATE_LEN], n[NUMFMT_LEN];
	const char *args[4];
	long long count;
	int rc;

	date_format(rep_period_start(p), from);
	date_format(rep_period_end(p), to);
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	db_bind_text(st, 3, el->auto_title != NULL ? el->auto_title : "%");
	db_bind_text(st, 4, u->structure);
	db_bind_text(st, 5, u->code);
	db_bind_text(st, 6, u->structure);
	db_bind_text(st, 7, u->code);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	count = rc == 1 ? db_col_int(st, 0) : 0;
	db_end_reads(db);
	put(v, (double)count);
	args[0] = numfmt_int(n, count, lang);
	args[1] = el->auto_title != NULL ? msg_get(lang, arena_printf(a,
	    "dos_pdf_title_%s", el->auto_title)) : msg_get(lang,
	    "rauto_title_any");
	args[2] = date_display(a, from, lang);
	args[3] = date_display(a, to, lang);
	*how = fmt(a, lang, unit_is_base(u) ? "rauto_titles_one" :
	    "rauto_titles_scope", args, 4);
	return ERR_OK;
}

static json_t *
expl_entry(const struct rep_form *f, const struct rep_element *el,
    const struct rep_value *v, const char *how, const char *lang,
    struct arena *a)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:s}", "slot", el->id, "label",
	    rep_slot_label(f, el->slot, lang, a), "source",
	    rep_auto_names[el->auto_source], "value", rep_value_json(f,
	    el->slot, v), "how", how != NULL ? how : "");
}

enum err
rep_auto_compute(struct db *db, struct arena *a, const struct rep_form *f,
    const struct unit *u, const struct rep_period *p, const char *lang,
    struct rep_value *vals, json_t *expl, struct errinfo *ei)
{
	enum err e = ERR_OK;

	for (size_t i = 0; i < f->n_elements; i++) {
		const struct rep_element *el = &f->elements[i];
		struct rep_value *v = &vals[el->slot];
		const char *how = NULL;

		if (el->auto_source == REP_AUTO_NONE ||
		    !rep_element_filled_by(f, el, u->level))
			continue;
		memset(v, 0, sizeof(*v));
		switch (el->auto_source) {
		case REP_AUTO_CRITERIA_UNITS_MET:
		case REP_AUTO_CRITERIA_MET:
			e = from_criteria(db, a, el, u, p->year, lang, v, &how,
			    ei);
			break;
		case REP_AUTO_SURVEY_SATISFACTION:
			e = from_survey(db, a, u, p, lang, v, &how, ei);
			break;
		case REP_AUTO_TITLES_GRANTED:
			e = from_titles(db, a, el, u, p, lang, v, &how, ei);
			break;
		default:
			break;
		}
		if (e != ERR_OK)
			return e;
		if (expl != NULL)
			json_array_append_new(expl, expl_entry(f, el, v, how,
			    lang, a));
	}
	return ERR_OK;
}

json_t *
rep_auto_frozen_json(const struct rep_form *f, const struct unit *u,
    const struct rep_value *vals, const char *lang, struct arena *a)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < f->n_elements; i++) {
		const struct rep_element *el = &f->elements[i];

		if (el->auto_source == REP_AUTO_NONE ||
		    !rep_element_filled_by(f, el, u->level))
			continue;
		json_array_append_new(arr, expl_entry(f, el, &vals[el->slot],
		    msg_get(lang, "rauto_frozen"), lang, a));
	}
	return arr;
}

bool
rep_auto_load(const struct rep_form *f, size_t slot, const char *lit,
    struct rep_value *vals)
{
	json_t *j = json_loads(lit, JSON_DECODE_ANY, NULL);
	long cat;
	const struct rep_element *el = rep_slot_element(f, slot, &cat);
	bool ok = j != NULL && json_is_number(j) && el != NULL &&
	    el->auto_source != REP_AUTO_NONE;

	if (ok)
		put(&vals[slot], json_number_value(j));
	json_decref(j);
	return ok;
}


enum err
rep_auto_write(struct db *db, const struct audit_actor *who,
    const struct rep_form *f, int64_t report_id, const char *state,
    const struct rep_value *old, const struct rep_value *vals,
    const char *now, json_t *changed, size_t *n, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	enum err e = ERR_OK;
	size_t count = 0;

	for (size_t i = 0; i < f->n_elements && e == ERR_OK; i++) {
		const struct rep_element *el = &f->elements[i];
		const char *was, *is;
		struct db_stmt *st;

		if (el->auto_source == REP_AUTO_NONE)
			continue;
		was = rep_value_literal(f, el->slot, &old[el->slot], a);
		is = rep_value_literal(f, el->slot, &vals[el->slot], a);
		if (was == is || (was != NULL && is != NULL &&
		    strcmp(was, is) == 0))
			continue;
		if (is == NULL) {
			st = db_stmt(db, STMT_REP_VALUE_DELETE);
			db_bind_int(st, 1, report_id);
			db_bind_text(st, 2, el->id);
		} else {
			st = db_stmt(db, STMT_RAUTO_VALUE_UPSERT);
			db_bind_int(st, 1, report_id);
			db_bind_text(st, 2, el->id);
			db_bind_text(st, 3, is);
			db_bind_text(st, 4, now);
		}
		if ((e = db_exec(st, ei)) != ERR_OK)
			break;
		st = db_stmt(db, STMT_REP_VALUE_HISTORY_ADD);
		db_bind_int(st, 1, report_id);
		db_bind_text(st, 2, el->id);
		db_bind_text(st, 3, was);
		db_bind_text(st, 4, is);
		db_bind_text(st, 5, now);
		audit_bind_actor(st, 6, who);
		db_bind_text(st, 7, who != NULL ? who->role : NULL);
		db_bind_text(st, 8, who != NULL ? who->structure : NULL);
		db_bind_text(st, 9, who != NULL ? who->unit_code : NULL);
		db_bind_text(st, 10, state);
		if ((e = db_exec(st, ei)) != ERR_OK)
			break;
		count++;
		if (changed != NULL)
			json_object_set_new(changed, el->id, is != NULL ?
			    json_loads(is, JSON_DECODE_ANY, NULL) : json_null());
	}
	if (n != NULL)
		*n = count;
	arena_free(a);
	return e;
}

enum err
rep_auto_fill(struct db *db, const struct audit_actor *who,
    const char *form_id, const char *structure, const char *code,
    const char *period, json_t *changed, struct errinfo *ei)
{
	struct arena *a = arena_new(32 * 1024);
	const struct rep_form *f;
	struct rep_value *old, *vals;
	struct rep_period p;
	struct unit u;
	struct db_stmt *st;
	char text[REP_PERIOD_TEXT], now[32];
	const char *state = NULL;
	int64_t id = 0;
	int version = 0, rc;
	size_t n = 0;
	enum err e;

	if ((e = rep_period_parse(period, "period", &p, ei)) != ERR_OK ||
	    (e = units_get(db, a, structure, code, &u, ei)) != ERR_OK)
		goto out;
	rep_period_format(&p, text);
	st = db_stmt(db, STMT_REP_REPORT_FIND);
	db_bind_text(st, 1, form_id);
	db_bind_text(st, 2, u.structure);
	db_bind_text(st, 3, u.code);
	db_bind_text(st, 4, text);
	if ((rc = db_step(st, ei)) < 0) {
		e = ei->err;
		goto out;
	}
	if (rc == 1) {
		id = db_col_int(st, 0);
		version = (int)db_col_int(st, 1);
		state = arena_strdup(a, db_col_text(st, 2));
	}
	db_end_reads(db);
	if (id == 0) {
		e = err_set(ei, ERR_NOTFOUND, "reporting.no_report", "period",
		    "%s chưa có báo cáo kỳ %s", "%s has no report for %s",
		    u.full_name, text);
		goto out;
	}
	if ((e = rep_form_load(db, form_id, version, &f, ei)) != ERR_OK)
		goto out;
	old = rep_values_new(f, a);
	vals = rep_values_new(f, a);
	if ((e = rep_report_load_values(db, a, f, id, old, ei)) != ERR_OK)
		goto out;
	memcpy(vals, old, f->n_slots * sizeof(*vals));
	if ((e = rep_auto_compute(db, a, f, &u, &p, NULL, vals, NULL, ei)) !=
	    ERR_OK)
		goto out;
	rep_values_compute(f, vals);
	stamp_now(now);
	if ((e = rep_auto_write(db, who, f, id, state, old, vals, now, changed,
	    &n, ei)) == ERR_OK && n > 0 && (e = rep_pack_write(db, f, id, vals,
	    ei)) == ERR_OK)
		e = rep_report_agg_adjust(db, a, f, &u, text, old, vals, ei);
out:
	arena_free(a);
	return e;
}
