/*
 * criteria_values.c - entering indicator values and unit attributes (one
 * transaction each, re-evaluating before commit), the bulk CSV import,
 * and the read views: the entry form, the evaluation, the roll-up.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/stamp.h"
#include "core/csv.h"
#include "core/strset.h"
#include "domain/criteria/criteria_store_internal.h"

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
	long *slots;
	const char *key;
	json_t *v;
	size_t n = 0;
	char now[32];
	enum err e;

	if (!json_is_object(values)) {
		arena_free(a);
		return err_set_vi(ei, ERR_INVALID, "criteria.values_required",
		    "values", "Cần một đối tượng \"values\": {mã chỉ tiêu: giá "
		    "trị}");
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
		long slot = crit_slot(s, key);

		if (slot < 0) {
			e = err_set_vi(ei, ERR_INVALID, "criteria.unknown_indicator",
			    "", "Bộ tiêu chí '%s' không có chỉ tiêu '%.64s'",
			    s->id, key);
			snprintf(ei->field, sizeof(ei->field), "values.%.50s", key);
			goto out;
		}
		if ((e = crit_value_from_json(s, (size_t)slot, v, a, &parsed[n],
		    ei)) != ERR_OK)
			goto out;
		slots[n++] = slot;
	}
	stamp_now(now);
	for (size_t i = 0; i < n && e == ERR_OK; i++)
		e = store_value(db, a, s, (size_t)slots[i], &u, year, &parsed[i],
		    who, now, ei);
	if (e != ERR_OK)
		goto out;
	e = audit_record(db, who, "criteria.values", structure, code,
	    json_incref(values), ei, "indicators:%s/%d", set_id, year);
	if (e == ERR_OK)
		e = crit_reevaluate(db, s, &u, year, NULL, true, NULL, ei);
	if (e == ERR_OK)
		e = crit_bump_version(db, ei);
out:
	e = db_finish(db, e, ei);
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

static json_t *
set_json(const struct crit_set *s)
{
	return json_pack("{s:s, s:i, s:s, s:s?, s:s, s:s?, s:s?, s:b}",
	    "id", s->id, "version", s->version, "name", s->name, "name_en",
	    s->name_en, "kind", s->kind, "status", s->status, "profile",
	    s->profile, "demo", s->profile != NULL &&
	    strcmp(s->profile, "demo") == 0);
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
	if (rc < 0) {
		json_decref(h);
		return ei->err;
	}
	*out = h;
	return ERR_OK;
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
	if (rc < 0) {
		json_decref(list);
		return ei->err;
	}
	*out = list;
	return ERR_OK;
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
out:
	db_end_reads(db);
	arena_free(a);
	return e;
}

/* ---- attributes ---- */

static bool
in_list(const char *v, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(v, *list) == 0)
			return true;
	return false;
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
	for (size_t i = 0; i < n && e == ERR_OK; i++) {
		struct db_stmt *st;
		int years[64], rc;
		size_t ny = 0;

		if (sets[i]->variant_by != CRIT_BY_COMMUNE_GROUP)
			continue;
		st = db_stmt(db, STMT_CRIT_VALUE_YEARS_OF_UNIT);
		db_bind_text(st, 1, u->structure);
		db_bind_text(st, 2, u->code);
		db_bind_text(st, 3, sets[i]->id);
		while ((rc = db_step(st, ei)) == 1 && ny < 64)
			if (db_col_int(st, 0) >= year)
				years[ny++] = (int)db_col_int(st, 0);
		if (rc < 0)
			return ei->err;
		db_end_reads(db);
		for (size_t k = 0; k < ny && e == ERR_OK; k++)
			e = crit_reevaluate(db, sets[i], u, years[k], NULL, true,
			    NULL, ei);
	}
	return e;
}

enum err
crit_store_reevaluate_unit(struct db *db, const char *structure,
    const char *code, const char *set_id, struct errinfo *ei)
{
	struct arena *a = arena_new(8 * 1024);
	const struct crit_set *s;
	struct crit_unit u;
	struct db_stmt *st;
	int years[64], rc;
	size_t ny = 0;
	enum err e;

	if ((e = crit_store_load(db, set_id, 0, &s, ei)) != ERR_OK ||
	    (e = crit_unit_get(db, a, structure, code, &u, ei)) != ERR_OK)
		goto out;
	st = db_stmt(db, STMT_CRIT_VALUE_YEARS_OF_UNIT);
	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, set_id);
	while ((rc = db_step(st, ei)) == 1 && ny < 64)
		years[ny++] = (int)db_col_int(st, 0);
	if (rc < 0) {
		e = ei->err;
		goto out;
	}
	db_end_reads(db);
	for (size_t k = 0; k < ny && e == ERR_OK; k++)
		e = crit_reevaluate(db, s, &u, years[k], NULL, true, NULL, ei);
out:
	arena_free(a);
	return e;
}

enum err
crit_store_set_attributes(struct db *db, const struct audit_actor *who,
    const char *structure, const char *code, int year,
    const char *commune_group, const char *ethnic_area,
    const char *source_document, struct errinfo *ei)
{
	static const char *const groups[] = { "1", "2", "3", NULL };
	static const char *const areas[] = { "KV_I", "KV_II", "KV_III", NULL };
	struct arena *a = arena_new(16 * 1024);
	struct crit_unit u;
	struct db_stmt *st;
	char now[32];
	enum err e;

	if (commune_group != NULL && commune_group[0] == '\0')
		commune_group = NULL;
	if (ethnic_area != NULL && ethnic_area[0] == '\0')
		ethnic_area = NULL;
	if (commune_group != NULL && !in_list(commune_group, groups)) {
		arena_free(a);
		return err_set_vi(ei, ERR_INVALID, "criteria.bad_group",
		    "commune_group", "Nhóm xã phải là 1, 2 hoặc 3");
	}
	if (ethnic_area != NULL && !in_list(ethnic_area, areas)) {
		arena_free(a);
		return err_set_vi(ei, ERR_INVALID, "criteria.bad_area",
		    "ethnic_area", "Khu vực vùng DTTS&MN phải là KV_I, KV_II "
		    "hoặc KV_III");
	}
	if (year < 2000 || year > 2100) {
		arena_free(a);
		return err_set_vi(ei, ERR_INVALID, "criteria.bad_year", "year",
		    "Năm %d không hợp lệ", year);
	}
	if ((e = db_begin(db, ei)) != ERR_OK) {
		arena_free(a);
		return e;
	}
	if ((e = crit_unit_get(db, a, structure, code, &u, ei)) != ERR_OK)
		goto out;
	if (strcmp(u.level, "commune") != 0) {
		e = err_set_vi(ei, ERR_INVALID, "criteria.not_commune", "unit",
		    "Nhóm xã chỉ gán cho đơn vị cấp xã; %s là cấp %s",
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
	if (e == ERR_OK)
		e = crit_bump_version(db, ei);
out:
	e = db_finish(db, e, ei);
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

static void
parse_list(const char *text, long *out, size_t max, size_t *n)
{
	const char *p = text;

	*n = 0;
	while (p != NULL && *p != '\0' && *n < max) {
		char *end;

		out[(*n)++] = strtol(p, &end, 10);
		p = *end == ',' ? end + 1 : NULL;
	}
}

static enum err
rollup_children(struct db *db, const char *structure, const char *code,
    const char *set_id, int year, json_t *out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_ROLLUP_CHILDREN);
	json_t *children = json_array(), *units;
	int rc;

	db_bind_text(st, 1, set_id);
	db_bind_int(st, 2, year);
	db_bind_text(st, 3, structure);
	db_bind_text(st, 4, code);
	while ((rc = db_step(st, ei)) == 1) {
		int64_t ev = db_col_int(st, 3), met = db_col_int(st, 4);

		json_array_append_new(children, json_pack(
		    "{s:s, s:s, s:s, s:I, s:I, s:f, s:f, s:I}",
		    "structure", db_col_text(st, 0), "code", db_col_text(st, 1),
		    "full_name", db_col_text(st, 2), "evaluated", (json_int_t)ev,
		    "met", (json_int_t)met, "met_share", ev ? round1(100.0 *
		    (double)met / (double)ev) : 0.0, "avg_criteria_met", ev ?
		    round1((double)db_col_int(st, 7) / (double)ev) : 0.0,
		    "revocation_flags", (json_int_t)db_col_int(st, 8)));
	}
	if (rc < 0) {
		json_decref(children);
		return ei->err;
	}
	json_object_set_new(out, "children", children);
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
	if (rc < 0) {
		json_decref(units);
		return ei->err;
	}
	json_object_set_new(out, "units", units);
	return ERR_OK;
}

static enum err
rollup_close(struct db *db, const struct crit_set *s, const char *structure,
    const char *code, int year, json_t *out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_EVAL_CLOSE);
	json_t *close = json_array();
	int rc;

	db_bind_text(st, 1, s->id);
	db_bind_int(st, 2, year);
	db_bind_int(st, 3, CRIT_CLOSE_MISSING);
	db_bind_text(st, 4, structure);
	db_bind_text(st, 5, code);
	db_bind_int(st, 6, CRIT_CLOSE_LIST_MAX);
	while ((rc = db_step(st, ei)) == 1) {
		const char *bits = db_col_text(st, 6);
		json_t *failed = json_array();

		for (size_t k = 0; bits[k] != '\0' && k < s->n_criteria; k++)
			if (bits[k] == '0')
				json_array_append_new(failed, json_pack(
				    "{s:s, s:s}", "id", s->criteria[k].id,
				    "name", s->criteria[k].name));
		json_array_append_new(close, json_pack(
		    "{s:s, s:s, s:s, s:s?, s:I, s:I, s:I, s:o}",
		    "structure", db_col_text(st, 0), "code", db_col_text(st, 1),
		    "full_name", db_col_text(st, 2), "parent_name",
		    db_col_text(st, 7), "criteria_met",
		    (json_int_t)db_col_int(st, 3), "criteria_total",
		    (json_int_t)db_col_int(st, 4), "missing",
		    (json_int_t)db_col_int(st, 5), "failed", failed));
	}
	if (rc < 0) {
		json_decref(close);
		return ei->err;
	}
	json_object_set_new(out, "close_to_standard", close);
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

enum err
crit_store_rollup(struct db *db, const char *structure, const char *code,
    const char *set_id, int year, const char *lang, json_t **out,
    struct errinfo *ei)
{
	struct arena *a = arena_new(16 * 1024);
	const struct crit_set *s;
	struct crit_unit u;
	struct db_stmt *st;
	long dist[128], passed[128], failed[128];
	size_t ndist = 0, np = 0, nf = 0;
	int64_t in_scope = 0, evaluated = 0, met = 0, not_met = 0,
	    incomplete = 0, revocation = 0, met_sum = 0;
	json_t *d, *crits, *years;
	int rc;
	enum err e;

	(void)lang;
	if ((e = crit_store_load(db, set_id, 0, &s, ei)) != ERR_OK ||
	    (e = crit_unit_get(db, a, structure, code, &u, ei)) != ERR_OK ||
	    (e = crit_year_fits(s, year, ei)) != ERR_OK)
		goto out;
	if (strcmp(u.level, "commune") == 0 || strcmp(u.level, "village") == 0) {
		e = err_set_vi(ei, ERR_INVALID, "criteria.not_scope", "unit",
		    "Tổng hợp theo tỉnh, huyện (trước 2025) hoặc cả nước; %s "
		    "là cấp %s", u.full_name, u.level);
		goto out;
	}
	if ((e = crit_units_in_scope(db, s, structure, code, &in_scope, ei)) !=
	    ERR_OK)
		goto out;
	st = db_stmt(db, STMT_CRIT_ROLLUP_GET);
	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, set_id);
	db_bind_int(st, 4, year);
	if ((rc = db_step(st, ei)) < 0) {
		e = ei->err;
		goto out;
	}
	if (rc == 1) {
		evaluated = db_col_int(st, 0);
		met = db_col_int(st, 1);
		not_met = db_col_int(st, 2);
		incomplete = db_col_int(st, 3);
		revocation = db_col_int(st, 4);
		met_sum = db_col_int(st, 5);
		parse_list(db_col_text(st, 6), dist, 128, &ndist);
		parse_list(db_col_text(st, 7), passed, 128, &np);
		parse_list(db_col_text(st, 8), failed, 128, &nf);
	}
	db_end_reads(db);
	*out = json_pack("{s:o, s:o, s:i, s:I, s:I, s:I, s:I, s:I, s:f, s:f, "
	    "s:f, s:I}",
	    "scope", json_pack("{s:s, s:s, s:s, s:s}", "structure", structure,
	    "code", code, "full_name", u.full_name, "level", u.level),
	    "set", set_json(s), "year", year,
	    "units_in_scope", (json_int_t)in_scope,
	    "evaluated", (json_int_t)evaluated, "met", (json_int_t)met,
	    "not_met", (json_int_t)not_met, "incomplete", (json_int_t)incomplete,
	    "met_share", in_scope ? round1(100.0 * (double)met /
	    (double)in_scope) : 0.0,
	    "met_share_of_evaluated", evaluated ? round1(100.0 * (double)met /
	    (double)evaluated) : 0.0,
	    "avg_criteria_met", evaluated ? round1((double)met_sum /
	    (double)evaluated) : 0.0,
	    "revocation_flags", (json_int_t)revocation);
	d = json_array();
	for (size_t k = s->n_criteria + 1; k-- > 0;)
		json_array_append_new(d, json_pack("{s:I, s:I}", "criteria_met",
		    (json_int_t)k, "units", (json_int_t)(k < ndist ? dist[k] :
		    0)));
	json_object_set_new(*out, "distribution", d);

	crits = json_array();
	for (size_t k = 0; k < s->n_criteria; k++) {
		long p = k < np ? passed[k] : 0, f = k < nf ? failed[k] : 0;

		json_array_append_new(crits, json_pack(
		    "{s:s, s:s, s:s?, s:I, s:I, s:I, s:f}",
		    "id", s->criteria[k].id, "name", s->criteria[k].name,
		    "name_en", s->criteria[k].name_en, "passed", (json_int_t)p,
		    "failed", (json_int_t)f, "unknown",
		    (json_int_t)(evaluated - p - f), "pass_rate", evaluated ?
		    round1(100.0 * (double)p / (double)evaluated) : 0.0));
	}
	json_object_set_new(*out, "criteria", crits);
	if ((e = rollup_close(db, s, structure, code, year, *out, ei)) !=
	    ERR_OK || (e = rollup_children(db, structure, code, set_id, year,
	    *out, ei)) != ERR_OK)
		goto fail;
	years = json_array();
	st = db_stmt(db, STMT_CRIT_ROLLUP_YEARS);
	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, set_id);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(years, json_pack("{s:I, s:I, s:I}",
		    "year", (json_int_t)db_col_int(st, 0),
		    "evaluated", (json_int_t)db_col_int(st, 1),
		    "met", (json_int_t)db_col_int(st, 2)));
	json_object_set_new(*out, "years", years);
	if (rc < 0) {
		e = ei->err;
		goto fail;
	}
	goto out;
fail:
	json_decref(*out);
	*out = NULL;
out:
	db_end_reads(db);
	arena_free(a);
	return e;
}

/* ---- bulk import ---- */

struct import_row {
	const char *structure, *code, *set_id;
	int year;
};

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
			bool counts = false;

			for (size_t j = 0; j < dep->n_indicators; j++)
				counts |= dep->indicators[j].type ==
				    CRIT_CHILDREN_SHARE && strcmp(
				    dep->indicators[j].of_set, t[i].set_id) == 0;
			if (!counts || t[i].year < dep->year_from ||
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

static void
row_error(json_t *errors, long line, const char *field, const char *msg)
{
	if (json_array_size(errors) < CRIT_IMPORT_ERRORS_MAX)
		json_array_append_new(errors, json_pack("{s:I, s:s, s:s}",
		    "line", (json_int_t)line, "field", field, "message", msg));
}

static int
header_index(const struct csv_record *h, const char *name)
{
	for (size_t i = 0; i < h->nfields; i++)
		if (strcmp(h->fields[i], name) == 0)
			return (int)i;
	return -1;
}

enum err
crit_values_import(struct db *db, const struct audit_actor *who, FILE *f,
    const char *name, bool dry_run, crit_may_write_fn may_write, void *ctx,
    struct crit_import_stats *stats, json_t **errors, struct errinfo *ei)
{
	struct arena *a = arena_new(256 * 1024);
	struct csv_reader *r = csv_reader_new(f, name);
	struct csv_record rec;
	struct strset seen;
	struct import_row *touched = NULL;
	size_t ntouched = 0, cap = 0;
	int col[6], rc;
	char now[32];
	enum err e;

	memset(stats, 0, sizeof(*stats));
	strset_init(&seen);
	*errors = json_array();
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	if ((rc = csv_read(r, &rec, ei)) != 1) {
		e = rc == 0 ? err_set_vi(ei, ERR_INVALID, "criteria.empty_file",
		    "file", "%s: tệp trống", name) : ei->err;
		goto out;
	}
	{
		static const char *const names[] = { "structure", "code",
		    "set_id", "year", "indicator", "value" };

		for (int i = 0; i < 6; i++)
			col[i] = header_index(&rec, names[i]);
		for (int i = 1; i < 6; i++)
			if (col[i] < 0) {
				e = err_set_vi(ei, ERR_INVALID,
				    "criteria.bad_header", "header",
				    "%s: dòng 1: thiếu cột \"%s\" (cần: "
				    "structure,code,set_id,year,indicator,"
				    "value)", name, names[i]);
				goto out;
			}
	}
	stamp_now(now);
	/* Files list a unit's values together: the set and the unit of the
	 * previous row are reused rather than looked up again. */
	const struct crit_set *prev_set = NULL;
	struct crit_unit prev_unit = { 0 };
	bool prev_unit_ok = false;
	char prev_unit_key[160] = "";

	while ((rc = csv_read(r, &rec, ei)) == 1) {
		struct arena *ra = arena_new(4096);
		const struct crit_set *s;
		struct crit_unit u;
		char unit_key[160];
		struct crit_value v;
		struct errinfo rei;
		const char *structure = col[0] >= 0 && (size_t)col[0] <
		    rec.nfields && rec.fields[col[0]][0] ? rec.fields[col[0]] :
		    "2025";
		const char *cell[6];
		char *end, key[256];
		long year, slot;

		stats->rows++;
		for (int i = 1; i < 6; i++)
			cell[i] = (size_t)col[i] < rec.nfields ?
			    rec.fields[col[i]] : "";
		err_clear(&rei);
		year = strtol(cell[3], &end, 10);
		if (cell[3][0] == '\0' || *end != '\0') {
			row_error(*errors, rec.line, "year",
			    arena_printf(ra, "Năm \"%.20s\" không phải số", cell[3]));
			goto next;
		}
		if (prev_set != NULL && strcmp(prev_set->id, cell[2]) == 0)
			s = prev_set;
		else if (crit_store_load(db, cell[2], 0, &s, &rei) != ERR_OK) {
			row_error(*errors, rec.line, "set_id", rei.message);
			goto next;
		}
		prev_set = s;
		snprintf(unit_key, sizeof(unit_key), "%s|%s", structure, cell[1]);
		if (!prev_unit_ok || strcmp(unit_key, prev_unit_key) != 0) {
			prev_unit_ok = false;
			if (crit_unit_get(db, a, structure, cell[1], &prev_unit,
			    &rei) != ERR_OK) {
				row_error(*errors, rec.line, "code", rei.message);
				goto next;
			}
			prev_unit_ok = true;
			snprintf(prev_unit_key, sizeof(prev_unit_key), "%s",
			    unit_key);
		}
		u = prev_unit;
		if (crit_unit_fits(s, &u, &rei) != ERR_OK) {
			row_error(*errors, rec.line, "code", rei.message);
			goto next;
		}
		if (crit_year_fits(s, (int)year, &rei) != ERR_OK) {
			row_error(*errors, rec.line, "year", rei.message);
			goto next;
		}
		if (may_write != NULL && !may_write(ctx, structure, cell[1])) {
			row_error(*errors, rec.line, "code", arena_printf(ra,
			    "Không có quyền nhập số liệu cho %s", u.full_name));
			goto next;
		}
		if ((slot = crit_slot(s, cell[4])) < 0) {
			row_error(*errors, rec.line, "indicator", arena_printf(ra,
			    "Bộ tiêu chí '%s' không có chỉ tiêu '%.64s'", s->id,
			    cell[4]));
			goto next;
		}
		if (crit_value_from_text(s, (size_t)slot, cell[5], ra, &v,
		    &rei) != ERR_OK) {
			row_error(*errors, rec.line, "value", rei.message);
			goto next;
		}
		if (json_array_size(*errors) > 0)
			goto next;	/* nothing is written once a row failed */
		if (store_value(db, ra, s, (size_t)slot, &u, (int)year, &v, who,
		    now, &rei) != ERR_OK) {
			row_error(*errors, rec.line, "value", rei.message);
			goto next;
		}
		snprintf(key, sizeof(key), "%s|%s|%s|%ld", structure, cell[1],
		    s->id, year);
		if (strset_add(&seen, key)) {
			if (ntouched == cap) {
				void *grown = arena_alloc(a, (cap + 256) *
				    sizeof(*touched));

				if (cap)
					memcpy(grown, touched, cap *
					    sizeof(*touched));
				touched = grown;
				cap += 256;
			}
			touched[ntouched].structure = arena_strdup(a, structure);
			touched[ntouched].code = arena_strdup(a, cell[1]);
			touched[ntouched].set_id = arena_strdup(a, s->id);
			touched[ntouched++].year = (int)year;
		}
next:
		arena_free(ra);
	}
	if (rc < 0) {
		row_error(*errors, csv_line(r), "file", ei->message);
		err_clear(ei);
	}
	if (json_array_size(*errors) > 0) {
		e = err_set_vi(ei, ERR_INVALID, "criteria.import_rows", "file",
		    "%s: %zu dòng lỗi, không ghi dòng nào (dòng %lld: %s)", name,
		    json_array_size(*errors), (long long)json_integer_value(
		    json_object_get(json_array_get(*errors, 0), "line")),
		    json_string_value(json_object_get(json_array_get(*errors, 0),
		    "message")));
		goto out;
	}
	stats->units = (long)ntouched;
	for (size_t i = 0; i < ntouched && e == ERR_OK; i++) {
		struct arena *ua = arena_new(8 * 1024);
		const struct crit_set *s;
		struct crit_unit u;
		bool changed = false;

		if ((e = crit_store_load(db, touched[i].set_id, 0, &s, ei)) ==
		    ERR_OK && (e = crit_unit_get(db, ua, touched[i].structure,
		    touched[i].code, &u, ei)) == ERR_OK)
			e = crit_reevaluate(db, s, &u, touched[i].year, NULL,
			    false, &changed, ei);
		stats->evaluations += changed;
		arena_free(ua);
	}
	/* District and province sets counting these results: once per set
	 * and year, not once per unit. */
	if (e == ERR_OK)
		e = recompute_dependants(db, a, touched, ntouched, ei);
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
	strset_free(&seen);
	csv_reader_free(r);
	arena_free(a);
	return e;
}
