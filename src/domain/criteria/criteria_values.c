/*
 * criteria_values.c - entering indicator values and unit attributes (one
 * transaction each, re-evaluating before commit), the bulk CSV import,
 * and the read views: the entry form, the evaluation, the roll-up.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/msg.h"
#include "core/stamp.h"
#include "core/strset.h"
#include "domain/criteria/criteria_store_internal.h"
#include "domain/dx/dx.h"

/* Write one value (or delete it when !v->present). */
static enum err
store_value(struct db *db, struct arena *a, const struct crit_set *s,
    size_t slot, const struct crit_unit *u, int year,
    const struct crit_value *v, const struct audit_actor *who,
    const char *now, struct errinfo *ei)
{
	const char *id = slot < s->n_indicators ? s->indicators[slot].id :
	    s->inputs[slot - s->n_indicators].id;
	struct db_stmt *st;

	if (!v->present) {
		st = db_stmt(db, STMT_CRIT_VALUE_DELETE);
		db_bind_text(st, 1, u->structure);
		db_bind_text(st, 2, u->code);
		db_bind_text(st, 3, s->id);
		db_bind_int(st, 4, year);
		db_bind_text(st, 5, id);
		return db_exec(st, ei);
	}
	st = db_stmt(db, STMT_CRIT_VALUE_UPSERT);
	db_bind_text(st, 1, u->structure);
	db_bind_text(st, 2, u->code);
	db_bind_text(st, 3, s->id);
	db_bind_int(st, 4, year);
	db_bind_text(st, 5, id);
	db_bind_text(st, 6, crit_value_to_stored(s, slot, v, a));
	db_bind_text(st, 7, now);
	audit_bind_actor(st, 8, who);
	return db_exec(st, ei);
}

enum err
crit_store_put_values(struct db *db, const struct audit_actor *who,
    const char *structure, const char *code, const char *set_id, int year,
    json_t *values, struct errinfo *ei)
{
	struct arena *a = arena_new(32 * 1024);
	const struct crit_set *s;
	struct crit_unit u;
	struct crit_value *parsed;
	size_t *slots;
	const char *key;
	json_t *v;
	size_t n = 0;
	char now[32];
	enum err e;

	if (!json_is_object(values)) {
		arena_free(a);
		return err_set(ei, ERR_INVALID, "criteria.values_required",
		    "values", "Cần một đối tượng \"values\": {mã chỉ tiêu: giá "
		    "trị}",
		    "An object \"values\": {indicator id: value} is needed");
	}
	if ((e = db_begin(db, ei)) != ERR_OK) {
		arena_free(a);
		return e;
	}
	if ((e = crit_store_load(db, set_id, 0, &s, ei)) != ERR_OK ||
	    (e = crit_unit_get(db, a, structure, code, &u, ei)) != ERR_OK ||
	    (e = crit_unit_fits(s, &u, ei)) != ERR_OK ||
	    (e = crit_year_fits(s, year, ei)) != ERR_OK)
		goto out;
	parsed = arena_alloc(a, (json_object_size(values) + 1) *
	    sizeof(*parsed));
	slots = arena_alloc(a, (json_object_size(values) + 1) * sizeof(*slots));
	json_object_foreach(values, key, v) {
		if ((e = crit_slot_find(s, key, &slots[n], ei)) != ERR_OK ||
		    (e = crit_value_from_json(s, slots[n], v, a, &parsed[n],
		    ei)) != ERR_OK)
			goto out;
		n++;
	}
	stamp_now(now);
	for (size_t i = 0; i < n && e == ERR_OK; i++)
		e = store_value(db, a, s, slots[i], &u, year, &parsed[i],
		    who, now, ei);
	if (e != ERR_OK)
		goto out;
	e = audit_record(db, who, "criteria.values", structure, code,
	    json_incref(values), ei, "indicators:%s/%d", set_id, year);
	if (e == ERR_OK)
		e = crit_reevaluate(db, s, &u, year, NULL, true, NULL, ei);
out:
	e = crit_write_end(db, e, ei);
	arena_free(a);
	return e;
}

static json_t *
unit_json(const struct crit_unit *u)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?}",
	    "structure", u->structure, "code", u->code, "full_name",
	    u->full_name, "level", u->level, "unit_class", u->unit_class,
	    "region7_code", u->region7, "province_code", u->province);
}

/* The set as the pages and the API name it, with what it can evaluate:
 * criteria_evaluable (crit_criterion_evaluable), criteria_pending (no
 * indicator issued in the set yet) and watch, the legal source to follow
 * for them (crit_watch_source; null when the set names none). */
static json_t *
set_json(const struct crit_set *s)
{
	json_t *watch = crit_watch_source(s);

	return json_pack("{s:s, s:i, s:s, s:s?, s:s, s:s?, s:s?, s:b, s:I, "
	    "s:I, s:I, s:o}",
	    "id", s->id, "version", s->version, "name", s->name, "name_en",
	    s->name_en, "kind", s->kind, "status", s->status, "profile",
	    s->profile, "demo", s->profile != NULL &&
	    strcmp(s->profile, "demo") == 0,
	    "criteria_total", (json_int_t)s->n_criteria,
	    "criteria_evaluable", (json_int_t)crit_criteria_evaluable(s),
	    "criteria_pending", (json_int_t)crit_criteria_pending(s),
	    "watch", watch ? watch : json_null());
}

static enum err
history_json(struct db *db, const char *structure, const char *code,
    const char *set_id, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_EVAL_HISTORY);
	json_t *h = json_array();
	int rc;

	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, set_id);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(h, json_pack("{s:I, s:I, s:s, s:I, s:I, s:b}",
		    "year", (json_int_t)db_col_int(st, 0),
		    "set_version", (json_int_t)db_col_int(st, 1),
		    "status", db_col_text(st, 2),
		    "criteria_met", (json_int_t)db_col_int(st, 3),
		    "criteria_total", (json_int_t)db_col_int(st, 4),
		    "revocation_rule", db_col_int(st, 5) != 0));
	return crit_rows_end(rc, h, out, ei);
}

/* [{structure, code, full_name, relation, set_id, history: [{year,
 * status, criteria_met, criteria_total}]}]: the results of the old units
 * u was formed from, so a 2025 commune's page continues their story. */
static enum err
predecessors_json(struct db *db, const struct crit_unit *u, json_t **out,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_EVAL_PREDECESSORS);
	json_t *list = json_array(), *cur = NULL;
	int rc;

	db_bind_text(st, 1, u->structure);
	db_bind_text(st, 2, u->code);
	while ((rc = db_step(st, ei)) == 1) {
		const char *code = db_col_text(st, 1), *set = db_col_text(st, 4);

		if (cur == NULL || strcmp(code, json_string_value(
		    json_object_get(cur, "code"))) != 0 || strcmp(set,
		    json_string_value(json_object_get(cur, "set_id"))) != 0) {
			cur = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[]}",
			    "structure", db_col_text(st, 0), "code", code,
			    "full_name", db_col_text(st, 2), "relation",
			    db_col_text(st, 3), "set_id", set, "history");
			json_array_append_new(list, cur);
		}
		json_array_append_new(json_object_get(cur, "history"), json_pack(
		    "{s:I, s:s, s:I, s:I}", "year", (json_int_t)db_col_int(st, 5),
		    "status", db_col_text(st, 6), "criteria_met",
		    (json_int_t)db_col_int(st, 7), "criteria_total",
		    (json_int_t)db_col_int(st, 8)));
	}
	return crit_rows_end(rc, list, out, ei);
}

/* The live evaluation of u; *out is crit_result_json plus context. */
static enum err
evaluate_unit(struct db *db, struct arena *a, const struct crit_set *s,
    const struct crit_unit *u, int year, const char *lang, json_t **out,
    struct crit_eval_input *in, struct errinfo *ei)
{
	struct crit_result res;
	json_t *hist = NULL;
	bool has_data;
	enum err e;

	if ((e = crit_unit_fits(s, u, ei)) != ERR_OK ||
	    (e = crit_year_fits(s, year, ei)) != ERR_OK ||
	    (e = crit_input_load(db, a, s, u, year, in, &has_data, ei)) !=
	    ERR_OK || (e = crit_evaluate(s, in, a, &res, ei)) != ERR_OK ||
	    (e = history_json(db, u->structure, u->code, s->id, &hist, ei)) !=
	    ERR_OK)
		return e;
	*out = crit_result_json(s, in, &res, lang);
	json_object_set_new(*out, "unit", unit_json(u));
	json_object_set_new(*out, "set", set_json(s));
	json_object_set_new(*out, "has_data", json_boolean(has_data));
	json_object_set_new(*out, "recognised", json_boolean(in->recognised));
	json_object_set_new(*out, "history", hist);
	if ((e = predecessors_json(db, u, &hist, ei)) != ERR_OK) {
		json_decref(*out);
		*out = NULL;
		return e;
	}
	json_object_set_new(*out, "before_reorganisation", hist);
	return ERR_OK;
}

enum err
crit_store_evaluation(struct db *db, const char *structure, const char *code,
    const char *set_id, int year, int version, const char *lang,
    json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(64 * 1024);
	const struct crit_set *s;
	struct crit_unit u;
	struct crit_eval_input in;
	enum err e;

	if ((e = crit_store_load(db, set_id, version, &s, ei)) == ERR_OK &&
	    (e = crit_unit_get(db, a, structure, code, &u, ei)) == ERR_OK)
		e = evaluate_unit(db, a, s, &u, year, lang, out, &in, ei);
	db_end_reads(db);
	arena_free(a);
	return e;
}

/* Add what the entry form needs to each indicator of an evaluation. */
static void
form_fields(const struct crit_set *s, json_t *ev)
{
	json_t *crits = json_object_get(ev, "criteria"), *c;
	size_t i, j;

	json_array_foreach(crits, i, c) {
		json_t *inds = json_object_get(c, "indicators"), *ind;

		json_array_foreach(inds, j, ind) {
			long slot = crit_slot(s, json_string_value(
			    json_object_get(ind, "id")));
			const struct crit_indicator *x;
			json_t *choices;

			if (slot < 0 || (size_t)slot >= s->n_indicators)
				continue;
			x = &s->indicators[slot];
			json_object_set_new(ind, "derived",
			    json_boolean(x->formula != NULL ||
			    x->type == CRIT_CHILDREN_SHARE));
			json_object_set_new(ind, "wording_status",
			    x->status ? json_string(x->status) : json_null());
			json_object_set_new(ind, "is_boolean",
			    json_boolean(x->type == CRIT_BOOLEAN));
			json_object_set_new(ind, "is_enum",
			    json_boolean(x->type == CRIT_ENUM));
			json_object_set_new(ind, "is_number",
			    json_boolean(x->type == CRIT_NUMBER &&
			    x->formula == NULL));
			if (x->formula != NULL)
				json_object_set_new(ind, "formula",
				    json_string(x->formula));
			if (x->type != CRIT_ENUM)
				continue;
			choices = json_array();
			for (size_t k = 0; k < x->n_values; k++)
				json_array_append_new(choices, json_string(
				    x->values[k]));
			json_object_set_new(ind, "choices", choices);
		}
	}
}

/* What the entry form shows of each observed indicator: how the platform
 * measured it ({source, method, numerator, denominator}, replacing the
 * evaluation's bare source name); never an input. */
static enum err
observed_fields(struct db *db, struct arena *a, const struct crit_set *s,
    const struct crit_unit *u, int year, const char *lang, json_t *ev,
    struct errinfo *ei)
{
	json_t *crits = json_object_get(ev, "criteria"), *c;
	struct dx_observation *obs;
	size_t i, j;
	enum err e;

	if ((e = dx_observe_set(db, a, s, u->structure, u->code, year, &obs,
	    ei)) != ERR_OK || obs == NULL)
		return e;
	json_array_foreach(crits, i, c) {
		json_t *inds = json_object_get(c, "indicators"), *ind;

		json_array_foreach(inds, j, ind) {
			long slot = crit_slot(s, json_string_value(
			    json_object_get(ind, "id")));
			const struct dx_observation *o;
			char text[512];

			if (slot < 0 || (size_t)slot >= s->n_indicators ||
			    s->indicators[slot].observed == NULL)
				continue;
			o = &obs[slot];
			json_object_set_new(ind, "observed", json_pack("{s:s, "
			    "s:s, s:o, s:o}", "source",
			    s->indicators[slot].observed, "method",
			    dx_observation_text(s->indicators[slot].observed, o,
			    year, lang, text, sizeof(text)), "numerator",
			    o->present && o->numerator >= 0 ?
			    json_integer(o->numerator) : json_null(),
			    "denominator", o->present && o->denominator >= 0 ?
			    json_integer(o->denominator) : json_null()));
			json_object_set_new(ind, "derived", json_true());
			json_object_set_new(ind, "is_number", json_false());
			json_object_set_new(ind, "is_boolean", json_false());
		}
	}
	return ERR_OK;
}

enum err
crit_store_get_values(struct db *db, const char *structure, const char *code,
    const char *set_id, int year, const char *lang, json_t **out,
    struct errinfo *ei)
{
	struct arena *a = arena_new(64 * 1024);
	const struct crit_set *s;
	struct crit_unit u;
	struct crit_eval_input in;
	json_t *values, *inputs;
	enum err e;

	if ((e = crit_store_load(db, set_id, 0, &s, ei)) != ERR_OK ||
	    (e = crit_unit_get(db, a, structure, code, &u, ei)) != ERR_OK ||
	    (e = evaluate_unit(db, a, s, &u, year, lang, out, &in, ei)) !=
	    ERR_OK)
		goto out;
	values = json_object();
	for (size_t i = 0; i < crit_slots(s); i++) {
		const char *id = i < s->n_indicators ? s->indicators[i].id :
		    s->inputs[i - s->n_indicators].id;

		if (in.values[i].present && (i >= s->n_indicators ||
		    (s->indicators[i].formula == NULL &&
		    s->indicators[i].observed == NULL &&
		    s->indicators[i].type != CRIT_CHILDREN_SHARE)))
			json_object_set_new(values, id,
			    crit_value_json(s, i, &in.values[i]));
	}
	json_object_set_new(*out, "values", values);
	inputs = json_array();
	for (size_t i = 0; i < s->n_inputs; i++) {
		size_t slot = s->n_indicators + i;

		json_array_append_new(inputs, json_pack("{s:s, s:s, s:s?, s:o}",
		    "id", s->inputs[i].id, "name", s->inputs[i].name, "unit",
		    s->inputs[i].unit, "value", crit_value_json(s, slot,
		    &in.values[slot])));
	}
	json_object_set_new(*out, "inputs", inputs);
	form_fields(s, *out);
	if ((e = observed_fields(db, a, s, &u, year, lang, *out, ei)) !=
	    ERR_OK) {
		json_decref(*out);
		*out = NULL;
	}
out:
	db_end_reads(db);
	arena_free(a);
	return e;
}

/* ---- attributes ---- */

const char *const crit_ethnic_areas[] = { "KV_I", "KV_II", "KV_III", NULL };

static bool
in_list(const char *v, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(v, *list) == 0)
			return true;
	return false;
}

/* Re-evaluate u for s in every year from `from` on that u has values in
 * (the first 64 of them: a set spans at most a few years). */
static enum err
reevaluate_years(struct db *db, const struct crit_set *s,
    const struct crit_unit *u, int from, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_VALUE_YEARS_OF_UNIT);
	int years[64], rc;
	size_t ny = 0;
	enum err e = ERR_OK;

	db_bind_text(st, 1, u->structure);
	db_bind_text(st, 2, u->code);
	db_bind_text(st, 3, s->id);
	while ((rc = db_step(st, ei)) == 1 && ny < 64)
		if (db_col_int(st, 0) >= from)
			years[ny++] = (int)db_col_int(st, 0);
	if (rc < 0)
		return ei->err;
	db_end_reads(db);
	for (size_t k = 0; k < ny && e == ERR_OK; k++)
		e = crit_reevaluate(db, s, u, years[k], NULL, true, NULL, ei);
	return e;
}

/* Re-evaluate u in every set keyed by commune group, from year on. */
static enum err
reevaluate_attrs(struct db *db, struct arena *a, const struct crit_unit *u,
    int year, struct errinfo *ei)
{
	const struct crit_set **sets;
	size_t n;
	enum err e;

	if ((e = crit_sets_newest(db, a, &sets, &n, ei)) != ERR_OK)
		return e;
	for (size_t i = 0; i < n && e == ERR_OK; i++)
		if (sets[i]->variant_by == CRIT_BY_COMMUNE_GROUP)
			e = reevaluate_years(db, sets[i], u, year, ei);
	return e;
}

enum err
crit_store_reevaluate_unit(struct db *db, const char *structure,
    const char *code, const char *set_id, struct errinfo *ei)
{
	struct arena *a = arena_new(8 * 1024);
	const struct crit_set *s;
	struct crit_unit u;
	enum err e;

	if ((e = crit_store_load(db, set_id, 0, &s, ei)) == ERR_OK &&
	    (e = crit_unit_get(db, a, structure, code, &u, ei)) == ERR_OK)
		e = reevaluate_years(db, s, &u, 0, ei);
	arena_free(a);
	return e;
}

enum err
crit_store_set_attributes(struct db *db, const struct audit_actor *who,
    const char *structure, const char *code, int year,
    const char *commune_group, const char *ethnic_area,
    const char *source_document, struct errinfo *ei)
{
	struct arena *a = arena_new(16 * 1024);
	struct crit_unit u;
	struct db_stmt *st;
	char now[32];
	enum err e;

	if (commune_group != NULL && commune_group[0] == '\0')
		commune_group = NULL;
	if (ethnic_area != NULL && ethnic_area[0] == '\0')
		ethnic_area = NULL;
	if (commune_group != NULL && !in_list(commune_group,
	    crit_variant_codes(CRIT_BY_COMMUNE_GROUP))) {
		arena_free(a);
		return err_set(ei, ERR_INVALID, "criteria.bad_group",
		    "commune_group", "Nhóm xã phải là 1, 2 hoặc 3",
		    "The commune group must be 1, 2 or 3");
	}
	if (ethnic_area != NULL && !in_list(ethnic_area, crit_ethnic_areas)) {
		arena_free(a);
		return err_set(ei, ERR_INVALID, "criteria.bad_area",
		    "ethnic_area", "Khu vực vùng DTTS&MN phải là KV_I, KV_II "
		    "hoặc KV_III",
		    "The ethnic-minority area must be KV_I, KV_II or KV_III");
	}
	if (year < 2000 || year > 2100) {
		arena_free(a);
		return err_set(ei, ERR_INVALID, "criteria.bad_year", "year",
		    "Năm %d không hợp lệ",
		    "The year %d is not valid", year);
	}
	if ((e = db_begin(db, ei)) != ERR_OK) {
		arena_free(a);
		return e;
	}
	if ((e = crit_unit_get(db, a, structure, code, &u, ei)) != ERR_OK)
		goto out;
	if (strcmp(u.level, "commune") != 0) {
		e = err_set(ei, ERR_INVALID, "criteria.not_commune", "unit",
		    "Nhóm xã chỉ gán cho đơn vị cấp xã; %s là cấp %s",
		    "Only a commune has a commune group; %s is at the %s "
		    "level",
		    u.full_name, u.level);
		goto out;
	}
	stamp_now(now);
	st = db_stmt(db, STMT_CRIT_ATTR_UPSERT);
	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	db_bind_int(st, 3, year);
	db_bind_text(st, 4, commune_group);
	db_bind_text(st, 5, ethnic_area);
	db_bind_text(st, 6, source_document && source_document[0] ?
	    source_document : NULL);
	db_bind_text(st, 7, now);
	audit_bind_actor(st, 8, who);
	if ((e = db_exec(st, ei)) != ERR_OK)
		goto out;
	e = audit_record(db, who, "criteria.attributes", structure, code,
	    json_pack("{s:s?, s:s?}", "commune_group", commune_group,
	    "ethnic_area", ethnic_area), ei, "unit_attribute:%d", year);
	if (e == ERR_OK)
		e = reevaluate_attrs(db, a, &u, year, ei);
out:
	e = crit_write_end(db, e, ei);
	arena_free(a);
	return e;
}

enum err
crit_store_attributes(struct db *db, const char *structure, const char *code,
    int year, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_ATTR_HISTORY);
	json_t *hist = json_array(), *in_force = json_null();
	int rc;

	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	while ((rc = db_step(st, ei)) == 1) {
		json_t *row = json_pack("{s:I, s:s?, s:s?, s:s?, s:s}",
		    "year", (json_int_t)db_col_int(st, 0),
		    "commune_group", db_col_text(st, 1),
		    "ethnic_area", db_col_text(st, 2),
		    "source_document", db_col_text(st, 3),
		    "updated_at", db_col_text(st, 4));

		if (year == 0 || db_col_int(st, 0) <= year) {
			json_decref(in_force);
			in_force = json_incref(row);
		}
		json_array_append_new(hist, row);
	}
	if (rc < 0) {
		json_decref(hist);
		json_decref(in_force);
		return ei->err;
	}
	*out = json_pack("{s:o, s:o}", "in_force", in_force, "history", hist);
	return ERR_OK;
}

/* ---- roll-ups ---- */

static double
round1(double x)
{
	return round(x * 10.0) / 10.0;
}

/* round1(100 * part / whole), 0 for an empty whole. */
static double
percent(long part, long whole)
{
	return whole > 0 ? round1(100.0 * (double)part / (double)whole) : 0.0;
}

/* "children": the roll-up of each child scope, and "units": the
 * evaluation of each unit directly under the scope (the first 1000). */
static enum err
rollup_children(struct db *db, const char *structure, const char *code,
    const char *set_id, int year, json_t *out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_ROLLUP_CHILDREN);
	json_t *children = json_array(), *units;
	int rc;
	enum err e;

	db_bind_text(st, 1, set_id);
	db_bind_int(st, 2, year);
	db_bind_text(st, 3, structure);
	db_bind_text(st, 4, code);
	while ((rc = db_step(st, ei)) == 1) {
		long ev = (long)db_col_int(st, 3), met = (long)db_col_int(st, 4);

		json_array_append_new(children, json_pack(
		    "{s:s, s:s, s:s, s:I, s:I, s:f, s:f, s:I}",
		    "structure", db_col_text(st, 0), "code", db_col_text(st, 1),
		    "full_name", db_col_text(st, 2), "evaluated", (json_int_t)ev,
		    "met", (json_int_t)met, "met_share", percent(met, ev),
		    "avg_criteria_met", ev ? round1((double)db_col_int(st, 7) /
		    (double)ev) : 0.0,
		    "revocation_flags", (json_int_t)db_col_int(st, 8)));
	}
	if ((e = crit_rows_into(rc, children, out, "children", ei)) != ERR_OK)
		return e;
	units = json_array();
	st = db_stmt(db, STMT_CRIT_EVAL_CHILDREN);
	db_bind_text(st, 1, set_id);
	db_bind_int(st, 2, year);
	db_bind_text(st, 3, structure);
	db_bind_text(st, 4, code);
	db_bind_int(st, 5, 1000);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(units, json_pack(
		    "{s:s, s:s, s:s, s:s, s:I, s:I, s:b}",
		    "structure", db_col_text(st, 0), "code", db_col_text(st, 1),
		    "full_name", db_col_text(st, 2), "status", db_col_text(st, 3),
		    "criteria_met", (json_int_t)db_col_int(st, 4),
		    "criteria_total", (json_int_t)db_col_int(st, 5),
		    "revocation_rule", db_col_int(st, 6) != 0));
	return crit_rows_into(rc, units, out, "units", ei);
}

/* The units of the scope close to the standard (not met, and missing -
 * failed or without data - at most CRIT_CLOSE_MISSING criteria, each with
 * the criteria it misses ("unknown": no data for it), named in
 * lang), the first CRIT_CLOSE_LIST_MAX of them, and how many there are. */
static enum err
rollup_close(struct db *db, const struct crit_set *s, const char *structure,
    const char *code, int year, const char *lang, json_t *out,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_EVAL_CLOSE);
	json_t *close = json_array();
	int rc;
	enum err e;

	db_bind_text(st, 1, s->id);
	db_bind_int(st, 2, year);
	db_bind_int(st, 3, CRIT_CLOSE_MISSING);
	db_bind_text(st, 4, structure);
	db_bind_text(st, 5, code);
	db_bind_int(st, 6, CRIT_CLOSE_LIST_MAX);
	while ((rc = db_step(st, ei)) == 1) {
		const char *bits = db_col_text(st, 6);
		json_t *failed = json_array();

		/* every criterion not met: failed ('0') or without data */
		for (size_t k = 0; bits[k] != '\0' && k < s->n_criteria; k++)
			if (bits[k] != '1')
				json_array_append_new(failed, json_pack(
				    "{s:s, s:s, s:b}", "id", s->criteria[k].id,
				    "name", msg_pick(lang, s->criteria[k].name,
				    s->criteria[k].name_en), "unknown",
				    bits[k] != '0'));
		json_array_append_new(close, json_pack(
		    "{s:s, s:s, s:s, s:s?, s:I, s:I, s:I, s:o}",
		    "structure", db_col_text(st, 0), "code", db_col_text(st, 1),
		    "full_name", db_col_text(st, 2), "parent_name",
		    db_col_text(st, 7), "criteria_met",
		    (json_int_t)db_col_int(st, 3), "criteria_total",
		    (json_int_t)db_col_int(st, 4), "missing",
		    (json_int_t)(db_col_int(st, 4) - db_col_int(st, 3)),
		    "failed", failed));
	}
	if ((e = crit_rows_into(rc, close, out, "close_to_standard", ei)) !=
	    ERR_OK)
		return e;
	/* The whole work list's size; the list itself is capped. */
	st = db_stmt(db, STMT_CRIT_EVAL_CLOSE_COUNT);
	db_bind_text(st, 1, s->id);
	db_bind_int(st, 2, year);
	db_bind_int(st, 3, CRIT_CLOSE_MISSING);
	db_bind_text(st, 4, structure);
	db_bind_text(st, 5, code);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	json_object_set_new(out, "close_to_standard_total",
	    json_integer(db_col_int(st, 0)));
	db_end_reads(db);
	return ERR_OK;
}

/* The roll-up's head: the scope, the set, the counts and shares. */
static json_t *
rollup_totals(const struct crit_set *s, const struct crit_unit *scope,
    int year, int64_t in_scope, const struct crit_rollup_row *c)
{
	return json_pack("{s:o, s:o, s:i, s:I, s:I, s:I, s:I, s:I, s:f, s:f, "
	    "s:f, s:I}",
	    "scope", json_pack("{s:s, s:s, s:s, s:s}", "structure",
	    scope->structure, "code", scope->code, "full_name",
	    scope->full_name, "level", scope->level),
	    "set", set_json(s), "year", year,
	    "units_in_scope", (json_int_t)in_scope,
	    "evaluated", (json_int_t)c->evaluated, "met", (json_int_t)c->met,
	    "not_met", (json_int_t)c->not_met,
	    "incomplete", (json_int_t)c->incomplete,
	    "met_share", percent(c->met, (long)in_scope),
	    "met_share_of_evaluated", percent(c->met, c->evaluated),
	    "avg_criteria_met", c->evaluated ? round1((double)c->met_sum /
	    (double)c->evaluated) : 0.0,
	    "revocation_flags", (json_int_t)c->revocation);
}

/* [{criteria_met, units}] from all criteria met down to none. */
static json_t *
rollup_distribution(const struct crit_set *s, const struct crit_rollup_row *c)
{
	json_t *d = json_array();

	for (size_t k = s->n_criteria + 1; k-- > 0;)
		json_array_append_new(d, json_pack("{s:I, s:I}", "criteria_met",
		    (json_int_t)k, "units", (json_int_t)(k < c->ndist ?
		    c->dist[k] : 0)));
	return d;
}

/* [{id, name (in lang), name_en, passed, failed, unknown, pass_rate}]. */
static json_t *
rollup_criteria(const struct crit_set *s, const struct crit_rollup_row *c,
    const char *lang)
{
	json_t *crits = json_array();

	for (size_t k = 0; k < s->n_criteria; k++) {
		long p = k < c->ncrit ? c->passed[k] : 0;
		long f = k < c->ncrit ? c->failed[k] : 0;

		json_array_append_new(crits, json_pack(
		    "{s:s, s:s, s:s?, s:I, s:I, s:I, s:f}",
		    "id", s->criteria[k].id, "name", msg_pick(lang,
		    s->criteria[k].name, s->criteria[k].name_en),
		    "name_en", s->criteria[k].name_en, "passed", (json_int_t)p,
		    "failed", (json_int_t)f, "unknown",
		    (json_int_t)(c->evaluated - p - f), "pass_rate",
		    percent(p, c->evaluated)));
	}
	return crits;
}

/* "years": [{year, evaluated, met}] of the scope's roll-ups of the set. */
static enum err
rollup_years(struct db *db, const char *structure, const char *code,
    const char *set_id, json_t *out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_ROLLUP_YEARS);
	json_t *years = json_array();
	int rc;

	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, set_id);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(years, json_pack("{s:I, s:I, s:I}",
		    "year", (json_int_t)db_col_int(st, 0),
		    "evaluated", (json_int_t)db_col_int(st, 1),
		    "met", (json_int_t)db_col_int(st, 2)));
	return crit_rows_into(rc, years, out, "years", ei);
}

/* ERR_INVALID naming "unit" unless u can be a roll-up's scope. */
static enum err
scope_fits(const struct crit_unit *u, struct errinfo *ei)
{
	if (strcmp(u->level, "commune") == 0 || strcmp(u->level, "village") == 0)
		return err_set(ei, ERR_INVALID, "criteria.not_scope", "unit",
		    "Tổng hợp theo tỉnh, huyện (trước 2025) hoặc cả nước; %s "
		    "là cấp %s", "Roll-ups are by province, district (before "
		    "2025) or the country; %s is at the %s level", u->full_name,
		    u->level);
	return ERR_OK;
}

enum err
crit_store_rollup(struct db *db, const char *structure, const char *code,
    const char *set_id, int year, const char *lang, json_t **out,
    struct errinfo *ei)
{
	struct arena *a = arena_new(16 * 1024);
	struct crit_rollup_row c = { 0 };
	const struct crit_set *s;
	struct crit_unit scope;
	int64_t in_scope = 0;
	enum err e;

	*out = NULL;
	if ((e = crit_store_load(db, set_id, 0, &s, ei)) != ERR_OK ||
	    (e = crit_unit_get(db, a, structure, code, &scope, ei)) != ERR_OK ||
	    (e = crit_year_fits(s, year, ei)) != ERR_OK ||
	    (e = scope_fits(&scope, ei)) != ERR_OK ||
	    (e = crit_units_in_scope(db, s, structure, code, &in_scope, ei)) !=
	    ERR_OK ||
	    (e = crit_rollup_read(db, structure, code, set_id, year, &c, ei)) !=
	    ERR_OK)
		goto out;
	*out = rollup_totals(s, &scope, year, in_scope, &c);
	json_object_set_new(*out, "distribution", rollup_distribution(s, &c));
	json_object_set_new(*out, "criteria", rollup_criteria(s, &c, lang));
	if ((e = rollup_close(db, s, structure, code, year, lang, *out, ei)) !=
	    ERR_OK || (e = rollup_children(db, structure, code, set_id, year,
	    *out, ei)) != ERR_OK ||
	    (e = rollup_years(db, structure, code, set_id, *out, ei)) !=
	    ERR_OK) {
		json_decref(*out);
		*out = NULL;
	}
out:
	crit_rollup_free(&c);
	db_end_reads(db);
	arena_free(a);
	return e;
}

/* ---- bulk import ---- */

/* The columns of an import file, in the header's words. */
enum import_col { COL_STRUCTURE, COL_CODE, COL_SET, COL_YEAR, COL_INDICATOR,
	COL_VALUE, COL__MAX };
static const char *const import_cols[COL__MAX] = { "structure", "code",
	"set_id", "year", "indicator", "value" };

/* A (unit, set, year) the import wrote a value of: re-evaluated once,
 * after every row is written. */
struct import_row {
	const char *structure, *code, *set_id;
	int year;
};

/* One row, checked: what store_value needs. */
struct import_value {
	const char *structure, *code;
	const struct crit_set *set;
	const struct crit_unit *unit;
	int year;
	size_t slot;
	struct crit_value v;
};

/* One import in progress. */
struct import {
	struct db *db;
	const struct audit_actor *who;
	struct arena *a;		/* lives as long as the import */
	const char *name;		/* the file's, in messages */
	const char *lang;		/* of the rows' messages */
	crit_unit_admitted_fn admitted;
	void *ctx;
	int col[COL__MAX];		/* header position of each column; -1 */
	char now[32];
	struct crit_import_stats *stats;
	json_t *errors;			/* [{line, field, message}] */
	struct errinfo first;		/* the first bad row's error */
	long first_line;
	/* Files list a unit's values together: the set and the unit of the
	 * previous row are reused rather than looked up again. */
	const struct crit_set *set;
	struct crit_unit unit;
	char unit_key[160];		/* "structure|code" of unit; "" none */
	/* Every (unit, set, year) written, once. */
	struct strset seen;
	struct import_row *touched;
	size_t ntouched, cap;
};

/* Record a bad row: its line, the column at fault and rei's message in
 * the import's language (at most CRIT_IMPORT_ERRORS_MAX rows listed). */
static void
row_error(struct import *im, long line, const char *field,
    const struct errinfo *rei)
{
	if (json_array_size(im->errors) == 0) {
		im->first = *rei;
		im->first_line = line;
	}
	if (json_array_size(im->errors) < CRIT_IMPORT_ERRORS_MAX)
		json_array_append_new(im->errors, json_pack("{s:I, s:s, s:s}",
		    "line", (json_int_t)line, "field", field, "message",
		    err_message(rei, im->lang)));
}

static int
header_index(const struct csv_record *h, const char *name)
{
	for (size_t i = 0; i < h->nfields; i++)
		if (strcmp(h->fields[i], name) == 0)
			return (int)i;
	return -1;
}

/* The header line: where each column is.  Every column but structure
 * (2025 when absent) is required. */
static enum err
read_import_header(struct import *im, struct csv_reader *r,
    struct errinfo *ei)
{
	struct csv_record rec;
	int rc;

	if ((rc = csv_read(r, &rec, ei)) != 1)
		return rc == 0 ? err_set(ei, ERR_INVALID, "criteria.empty_file",
		    "file", "%s: tệp trống", "%s: the file is empty",
		    im->name) : ei->err;
	for (int i = 0; i < COL__MAX; i++)
		if ((im->col[i] = header_index(&rec, import_cols[i])) < 0 &&
		    i != COL_STRUCTURE)
			return err_set(ei, ERR_INVALID, "criteria.bad_header",
			    "header", "%s: dòng 1: thiếu cột \"%s\" (cần: "
			    "structure,code,set_id,year,indicator,value)",
			    "%s: line 1: the column \"%s\" is missing (needed: "
			    "structure,code,set_id,year,indicator,value)",
			    im->name, import_cols[i]);
	return ERR_OK;
}

/* The text of column c in rec ("" when the row is shorter). */
static const char *
import_cell(const struct import *im, const struct csv_record *rec,
    enum import_col c)
{
	return im->col[c] >= 0 && (size_t)im->col[c] < rec->nfields ?
	    rec->fields[im->col[c]] : "";
}

/* The row's set, the previous row's when it is the same. */
static enum err
import_set(struct import *im, const char *set_id,
    const struct crit_set **out, struct errinfo *ei)
{
	enum err e;

	if (im->set == NULL || strcmp(im->set->id, set_id) != 0) {
		if ((e = crit_store_load(im->db, set_id, 0, &im->set, ei)) !=
		    ERR_OK) {
			im->set = NULL;
			return e;
		}
	}
	*out = im->set;
	return ERR_OK;
}

/* The row's unit, the previous row's when it is the same. */
static enum err
import_unit(struct import *im, const char *structure, const char *code,
    const struct crit_unit **out, struct errinfo *ei)
{
	char key[sizeof(im->unit_key)];
	enum err e;

	snprintf(key, sizeof(key), "%s|%s", structure, code);
	if (im->unit_key[0] == '\0' || strcmp(key, im->unit_key) != 0) {
		im->unit_key[0] = '\0';
		if ((e = crit_unit_get(im->db, im->a, structure, code,
		    &im->unit, ei)) != ERR_OK)
			return e;
		snprintf(im->unit_key, sizeof(im->unit_key), "%s", key);
	}
	*out = &im->unit;
	return ERR_OK;
}

/*
 * Read and check one row into *iv (its strings in ra): the year, the set,
 * the unit (which the set must fit, in a year of the set, and which the
 * caller must be admitted to), the indicator and the value.  false after
 * recording the row's error.
 */
static bool
check_row(struct import *im, const struct csv_record *rec, struct arena *ra,
    struct import_value *iv)
{
	const char *year = import_cell(im, rec, COL_YEAR);
	const char *field = "year";
	struct errinfo rei;
	char *end;
	long y;

	memset(iv, 0, sizeof(*iv));
	err_clear(&rei);
	iv->structure = import_cell(im, rec, COL_STRUCTURE);
	if (iv->structure[0] == '\0')
		iv->structure = "2025";
	iv->code = import_cell(im, rec, COL_CODE);
	y = strtol(year, &end, 10);
	if (year[0] == '\0' || *end != '\0' || y < INT_MIN || y > INT_MAX) {
		err_set(&rei, ERR_INVALID, "criteria.bad_year", "year",
		    "Năm \"%.20s\" không phải số",
		    "The year \"%.20s\" is not a number", year);
		goto bad;
	}
	iv->year = (int)y;
	field = "set_id";
	if (import_set(im, import_cell(im, rec, COL_SET), &iv->set, &rei) !=
	    ERR_OK)
		goto bad;
	field = "code";
	if (import_unit(im, iv->structure, iv->code, &iv->unit, &rei) !=
	    ERR_OK || crit_unit_fits(iv->set, iv->unit, &rei) != ERR_OK)
		goto bad;
	field = "year";
	if (crit_year_fits(iv->set, iv->year, &rei) != ERR_OK)
		goto bad;
	field = "code";
	if (im->admitted != NULL &&
	    !im->admitted(im->ctx, iv->structure, iv->code)) {
		err_set(&rei, ERR_FORBIDDEN, "auth.out_of_scope", "code",
		    "Không có quyền nhập số liệu cho %s",
		    "You may not enter values for %s", iv->unit->full_name);
		goto bad;
	}
	field = "indicator";
	if (crit_slot_find(iv->set, import_cell(im, rec, COL_INDICATOR),
	    &iv->slot, &rei) != ERR_OK)
		goto bad;
	field = "value";
	if (crit_value_from_text(iv->set, iv->slot, import_cell(im, rec,
	    COL_VALUE), ra, &iv->v, &rei) != ERR_OK)
		goto bad;
	return true;
bad:
	row_error(im, rec->line, field, &rei);
	return false;
}

/* Remember that (unit, set, year) of iv changed, once. */
static void
touch(struct import *im, const struct import_value *iv)
{
	struct import_row *t;
	char key[256];

	snprintf(key, sizeof(key), "%s|%s|%s|%d", iv->structure, iv->code,
	    iv->set->id, iv->year);
	if (!strset_add(&im->seen, key))
		return;
	im->touched = crit_grow(im->a, im->touched, im->ntouched, &im->cap,
	    sizeof(*im->touched), 256);
	t = &im->touched[im->ntouched++];
	t->structure = arena_strdup(im->a, iv->structure);
	t->code = arena_strdup(im->a, iv->code);
	t->set_id = arena_strdup(im->a, iv->set->id);
	t->year = iv->year;
}

/* Check every data row and, while none has failed, write it (all or
 * nothing: the caller rolls back if any row is bad).  Every bad row, and
 * a file the CSV reader cannot read on, ends in im->errors. */
static void
import_rows(struct import *im, struct csv_reader *r, struct errinfo *ei)
{
	struct csv_record rec;
	struct errinfo rei;
	int rc;

	while ((rc = csv_read(r, &rec, ei)) == 1) {
		struct arena *ra = arena_new(4096);
		struct import_value iv;

		im->stats->rows++;
		/* Once a row failed nothing is written, but every later row
		 * is still checked so that all bad rows are listed. */
		if (check_row(im, &rec, ra, &iv) &&
		    json_array_size(im->errors) == 0) {
			if (store_value(im->db, ra, iv.set, iv.slot, iv.unit,
			    iv.year, &iv.v, im->who, im->now, &rei) != ERR_OK)
				row_error(im, rec.line, "value", &rei);
			else
				touch(im, &iv);
		}
		arena_free(ra);
	}
	if (rc < 0) {
		row_error(im, csv_line(r), "file", ei);
		err_clear(ei);
	}
}

/* Recompute, once per set and year, the sets counting the results of the
 * n (unit, set, year) of t (district and province sets). */
static enum err
recompute_dependants(struct db *db, struct arena *a,
    const struct import_row *t, size_t n, struct errinfo *ei)
{
	const struct crit_set **sets;
	struct strset done;
	size_t nsets;
	enum err e;

	if (n == 0)
		return ERR_OK;
	if ((e = crit_sets_newest(db, a, &sets, &nsets, ei)) != ERR_OK)
		return e;
	strset_init(&done);
	for (size_t i = 0; i < n && e == ERR_OK; i++)
		for (size_t k = 0; k < nsets && e == ERR_OK; k++) {
			const struct crit_set *dep = sets[k];
			char key[160];
			long units = 0;

			if (!crit_set_counts(dep, t[i].set_id) ||
			    t[i].year < dep->year_from ||
			    t[i].year > dep->year_to)
				continue;
			snprintf(key, sizeof(key), "%s|%d", dep->id, t[i].year);
			if (strset_add(&done, key))
				e = crit_recompute_tx(db, dep->id, t[i].year,
				    &units, ei);
		}
	strset_free(&done);
	return e;
}

/* Re-evaluate every (unit, set, year) written, counting the evaluations
 * that changed, then the sets counting these results. */
static enum err
reevaluate_touched(struct import *im, struct errinfo *ei)
{
	enum err e = ERR_OK;

	for (size_t i = 0; i < im->ntouched && e == ERR_OK; i++) {
		const struct import_row *t = &im->touched[i];
		struct arena *ua = arena_new(8 * 1024);
		const struct crit_set *s;
		struct crit_unit u;
		bool changed = false;

		if ((e = crit_store_load(im->db, t->set_id, 0, &s, ei)) ==
		    ERR_OK && (e = crit_unit_get(im->db, ua, t->structure,
		    t->code, &u, ei)) == ERR_OK)
			e = crit_reevaluate(im->db, s, &u, t->year, NULL, false,
			    &changed, ei);
		im->stats->evaluations += changed;
		arena_free(ua);
	}
	if (e == ERR_OK)
		e = recompute_dependants(im->db, im->a, im->touched,
		    im->ntouched, ei);
	return e;
}

/* The import's refusal: how many rows are bad and the first of them. */
static enum err
rows_refused(const struct import *im, struct errinfo *ei)
{
	return err_set(ei, ERR_INVALID, "criteria.import_rows", "file",
	    "%s: %zu dòng lỗi, không ghi dòng nào (dòng %ld: %s%.0s)",
	    "%s: %zu bad rows, nothing written (line %ld: %.0s%s)", im->name,
	    json_array_size(im->errors), im->first_line, im->first.message,
	    im->first.message_en);
}

enum err
crit_values_import(struct db *db, const struct audit_actor *who, FILE *f,
    const char *name, const char *lang, bool dry_run,
    crit_unit_admitted_fn admitted, void *ctx,
    struct crit_import_stats *stats, json_t **errors, struct errinfo *ei)
{
	struct import im = { .db = db, .who = who, .name = name, .lang = lang,
	    .admitted = admitted, .ctx = ctx, .stats = stats };
	struct csv_reader *r = csv_reader_new(f, name);
	enum err e;

	memset(stats, 0, sizeof(*stats));
	im.a = arena_new(256 * 1024);
	im.errors = *errors = json_array();
	strset_init(&im.seen);
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	if ((e = read_import_header(&im, r, ei)) != ERR_OK)
		goto out;
	stamp_now(im.now);
	import_rows(&im, r, ei);
	if (json_array_size(im.errors) > 0) {
		e = rows_refused(&im, ei);
		goto out;
	}
	stats->units = (long)im.ntouched;
	e = reevaluate_touched(&im, ei);
	if (e == ERR_OK && !dry_run) {
		e = audit_record(db, who, "criteria.import_values", NULL, NULL,
		    json_pack("{s:I, s:I}", "rows", (json_int_t)stats->rows,
		    "units", (json_int_t)stats->units), ei, "import:%.100s",
		    name);
		if (e == ERR_OK)
			e = crit_bump_version(db, ei);
	}
out:
	if (e == ERR_OK && !dry_run)
		e = db_commit(db, ei);
	else
		db_rollback(db);
	db_end_reads(db);
done:
	strset_free(&im.seen);
	csv_reader_free(r);
	arena_free(im.a);
	return e;
}
