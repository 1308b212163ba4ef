/*
 * criteria_sets.c - criteria set versions in the database: import, the
 * per-process cache of parsed versions, lists, national amendments and
 * provincial thresholds.
 */
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/stamp.h"
#include "core/files.h"
#include "domain/criteria/criteria_store_internal.h"
#include "domain/docstore/docstore.h"
#include "domain/units/units.h"

/* Criteria set versions (domain/docstore): parsed once per process. */
static void
free_set(void *s)
{
	crit_set_free(s);
}

static void *
parse_set(const char *text, size_t len, struct errinfo *ei)
{
	struct crit_set *s;

	return crit_set_parse(text, len, &s, ei) == ERR_OK ? s : NULL;
}

static struct docstore sets = {
	.code = "criteria", .id_field = "set_id",
	.name_vi = "bộ tiêu chí", .name_en = "criteria set",
	.object_kind = "criteria_set", .action = "criteria.import",
	.versions = STMT_CRIT_SET_VERSIONS, .document = STMT_CRIT_SET_DOCUMENT,
	.insert = STMT_CRIT_SET_INSERT,
	.parse = parse_set, .free_obj = free_set,
	.cache = DOCSTORE_CACHE(free_set),
};

void
crit_store_cache_free(void)
{
	docstore_cache_free(&sets);
}

enum err
crit_bump_version(struct db *db, struct errinfo *ei)
{
	return db_meta_bump(db, CRIT_META_VERSION, ei);
}

enum err
crit_write_end(struct db *db, enum err e, struct errinfo *ei)
{
	if (e == ERR_OK)
		e = crit_bump_version(db, ei);
	return db_finish(db, e, ei);
}

enum err
crit_store_load(struct db *db, const char *set_id, int version,
    const struct crit_set **out, struct errinfo *ei)
{
	const void *s;
	enum err e = docstore_load(&sets, db, set_id, version, &s, ei);

	*out = e == ERR_OK ? s : NULL;
	return e;
}

enum err
crit_sets_newest(struct db *db, struct arena *a, const struct crit_set ***out,
    size_t *n, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_SET_LIST);
	char **ids = NULL;
	size_t cap = 0;
	int rc;
	enum err e = ERR_OK;

	*n = 0;
	while ((rc = db_step(st, ei)) == 1) {
		ids = crit_grow(a, ids, *n, &cap, sizeof(*ids), 16);
		ids[(*n)++] = arena_strdup(a, db_col_text(st, 0));
	}
	if (rc < 0)
		return ei->err;
	*out = arena_alloc(a, (*n + 1) * sizeof(**out));
	for (size_t i = 0; i < *n && e == ERR_OK; i++)
		e = crit_store_load(db, ids[i], 0, &(*out)[i], ei);
	return e;
}

/* Recompute the set's evaluations in every year with data. */
static enum err
recompute_all(struct db *db, const char *set_id, struct errinfo *ei)
{
	long units = 0;

	return crit_recompute_tx(db, set_id, 0, &units, ei);
}

/* The columns of criteria_set beyond the store's own (docstore.h). */
static void
bind_set(struct db_stmt *st, int i, const void *obj)
{
	const struct crit_set *s = obj;

	db_bind_text(st, i, s->name);
	db_bind_text(st, i + 1, s->kind);
	db_bind_text(st, i + 2, s->structure);
	db_bind_text(st, i + 3, s->level);
	db_bind_int(st, i + 4, s->year_from);
	db_bind_int(st, i + 5, s->year_to);
	db_bind_text(st, i + 6, s->profile);
}

/* Insert a validated set version; *created false if identical exists. */
static enum err
insert_version(struct db *db, const struct audit_actor *who,
    const struct crit_set *s, const char *text, size_t len,
    const char *change_note, bool *created, struct errinfo *ei)
{
	struct docstore_put put = { .id = s->id, .version = s->version,
	    .text = text, .len = len, .change_note = change_note, .obj = s,
	    .bind_extra = bind_set };

	return docstore_put(&sets, db, who, &put, created, ei);
}

static enum err
import_text(struct db *db, const struct audit_actor *who, const char *text,
    size_t len, const char *change_note, int *version, bool *created,
    struct errinfo *ei)
{
	struct crit_set *s;
	enum err e;

	if ((e = crit_set_parse(text, len, &s, ei)) != ERR_OK)
		return e;
	if (version != NULL)
		*version = s->version;
	e = insert_version(db, who, s, text, len, change_note, created, ei);
	if (e == ERR_OK && *created)
		e = recompute_all(db, s->id, ei);
	if (e == ERR_OK && *created)
		e = crit_bump_version(db, ei);
	crit_set_free(s);
	return e;
}

enum err
crit_import_tx(struct db *db, const struct audit_actor *who, const char *text,
    size_t len, const char *change_note, int *version, bool *created,
    struct errinfo *ei)
{
	return import_text(db, who, text, len, change_note, version, created,
	    ei);
}

enum err
crit_store_import(struct db *db, const struct audit_actor *who,
    const char *text, size_t len, const char *change_note, int *version,
    bool *created, struct errinfo *ei)
{
	enum err e;

	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	e = import_text(db, who, text, len, change_note, version, created, ei);
	e = db_finish(db, e, ei);
	return e;
}

enum err
crit_store_import_dir(struct db *db, const char *dir,
    const char *change_note, int *imported, struct errinfo *ei)
{
	return docstore_import_dir(&sets, db, dir, CRIT_DOC_MAX,
	    crit_store_import, change_note, imported, ei);
}

/* {"items": items, "total": their count} into *out after a read of rows
 * (crit_rows_end). */
static enum err
items_end(int rc, json_t *items, json_t **out, struct errinfo *ei)
{
	enum err e = crit_rows_end(rc, items, &items, ei);

	if (e == ERR_OK)
		*out = json_pack("{s:o, s:I}", "items", items, "total",
		    (json_int_t)json_array_size(items));
	return e;
}

/* Each listed set's "province" ({code, full_name} of a province's own
 * set, else null) and "template" (issue 19).  A set that fails to load
 * keeps null and false: the list still shows it. */
static void
mark_province_sets(struct db *db, json_t *items)
{
	struct arena *a = arena_new(8 * 1024);
	struct errinfo ei;
	json_t *it;
	size_t i;

	json_array_foreach(items, i, it) {
		const struct crit_set *s;
		struct unit u;
		json_t *prov = json_null();

		if (crit_store_load(db, json_string_value(json_object_get(it,
		    "id")), 0, &s, &ei) != ERR_OK)
			s = NULL;
		if (s != NULL && s->province != NULL && units_get(db, a,
		    s->structure, s->province, &u, &ei) == ERR_OK)
			prov = json_pack("{s:s, s:s}", "code", u.code,
			    "full_name", u.full_name);
		json_object_set_new(it, "province", prov);
		json_object_set_new(it, "template", json_boolean(s != NULL &&
		    s->is_template));
	}
	arena_free(a);
}

enum err
crit_store_list(struct db *db, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_SET_LIST);
	json_t *items = json_array();
	int rc;

	while ((rc = db_step(st, ei)) == 1) {
		json_array_append_new(items, json_pack(
		    "{s:s, s:I, s:I, s:s, s:s, s:s, s:s, s:{s:I, s:I}, s:s?, s:s}",
		    "id", db_col_text(st, 0), "version", (json_int_t)db_col_int(st, 1),
		    "versions", (json_int_t)db_col_int(st, 11),
		    "name", db_col_text(st, 2), "kind", db_col_text(st, 3),
		    "structure", db_col_text(st, 4), "level", db_col_text(st, 5),
		    "years", "from", (json_int_t)db_col_int(st, 6),
		    "to", (json_int_t)db_col_int(st, 7),
		    "profile", db_col_text(st, 8),
		    "created_at", db_col_text(st, 10)));
	}
	if (rc >= 0)
		mark_province_sets(db, items);
	return items_end(rc, items, out, ei);
}

enum err
crit_store_get(struct db *db, const char *set_id, int version, json_t **out,
    struct errinfo *ei)
{
	const struct crit_set *s;
	struct db_stmt *st;
	json_t *versions = json_array();
	char sha[65];
	int v = 0, rc;
	enum err e;

	if ((e = crit_store_load(db, set_id, version, &s, ei)) != ERR_OK ||
	    (e = docstore_version(&sets, db, set_id, version, &v, sha,
	    ei)) != ERR_OK) {
		json_decref(versions);
		return e;
	}
	st = db_stmt(db, STMT_CRIT_SET_VERSIONS);
	db_bind_text(st, 1, set_id);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(versions, json_pack(
		    "{s:I, s:s, s:s?, s:s?, s:s}",
		    "version", (json_int_t)db_col_int(st, 0),
		    "name", db_col_text(st, 2), "profile", db_col_text(st, 3),
		    "change_note", db_col_text(st, 4),
		    "created_at", db_col_text(st, 5)));
	if ((e = crit_rows_end(rc, versions, &versions, ei)) != ERR_OK)
		return e;
	*out = json_pack("{s:s, s:i, s:s, s:O, s:o}", "id", s->id, "version", v,
	    "sha256", sha, "set", s->doc, "versions", versions);
	return ERR_OK;
}

/* Replace the thresholds of one indicator in doc; ERR_INVALID names
 * "changes.<id>". */
static enum err
amend_indicator(json_t *doc, const char *ind_id, json_t *entries,
    const char *source, struct errinfo *ei)
{
	json_t *crits = json_object_get(doc, "criteria"), *c;
	size_t i, j;

	if (!json_is_array(entries))
		return err_set(ei, ERR_INVALID, "criteria.bad_change",
		    "changes", "Ngưỡng của chỉ tiêu %s phải là một danh sách",
		    "The thresholds of indicator %s must be a list",
		    ind_id);
	json_array_foreach(crits, i, c) {
		json_t *inds = json_object_get(c, "indicators"), *ind;

		json_array_foreach(inds, j, ind) {
			const char *id = json_string_value(
			    json_object_get(ind, "id"));
			json_t *copy, *entry;
			size_t k;

			if (id == NULL || strcmp(id, ind_id) != 0)
				continue;
			copy = json_deep_copy(entries);
			json_array_foreach(copy, k, entry) {
				if (!json_is_object(entry)) {
					json_decref(copy);
					return err_set(ei, ERR_INVALID,
					    "criteria.bad_change", "changes",
					    "Mỗi ngưỡng của %s phải là một đối "
					    "tượng",
					    "Each threshold of %s must be "
					    "an object", ind_id);
				}
				if (json_object_get(entry, "source") == NULL)
					json_object_set_new(entry, "source",
					    json_string(source));
				if (json_object_get(entry, "status") == NULL)
					json_object_set_new(entry, "status",
					    json_string("verified"));
			}
			json_object_set_new(ind, "thresholds", copy);
			return ERR_OK;
		}
	}
	return err_set(ei, ERR_INVALID, "criteria.unknown_indicator", "changes",
	    "Bộ tiêu chí không có chỉ tiêu '%s'",
	    "The set has no indicator '%s'", ind_id);
}

enum err
crit_store_amend(struct db *db, const struct audit_actor *who,
    const char *set_id, json_t *changes, const char *source_document,
    const char *note, int *version, struct errinfo *ei)
{
	const struct crit_set *old;
	json_t *doc, *entries, *basis;
	const char *ind_id;
	char *text, change[600];
	bool created = false;
	enum err e;

	if (source_document == NULL || source_document[0] == '\0')
		return err_set(ei, ERR_INVALID, "criteria.source_required",
		    "source_document", "Cần ghi văn bản pháp lý của ngưỡng "
		    "(số, ngày ban hành)",
		    "The legal document of the threshold is needed "
		    "(number, date issued)");
	if (!json_is_object(changes) || json_object_size(changes) == 0)
		return err_set(ei, ERR_INVALID, "criteria.bad_change", "changes",
		    "Không có ngưỡng nào để sửa",
		    "There is no threshold to change");
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	if ((e = crit_store_load(db, set_id, 0, &old, ei)) != ERR_OK)
		goto out;
	doc = json_deep_copy(old->doc);
	json_object_foreach(changes, ind_id, entries)
		if ((e = amend_indicator(doc, ind_id, entries, source_document,
		    ei)) != ERR_OK) {
			if (strcmp(ei->field, "changes") == 0)
				snprintf(ei->field, sizeof(ei->field),
				    "changes.%.50s", ind_id);
			json_decref(doc);
			goto out;
		}
	json_object_set_new(doc, "version", json_integer(old->version + 1));
	basis = json_object_get(doc, "legal_basis");
	if (!json_is_array(basis)) {
		basis = json_array();
		json_object_set_new(doc, "legal_basis", basis);
	}
	json_array_append_new(basis, json_pack("{s:s, s:s?}", "document",
	    source_document, "note", note));
	text = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	snprintf(change, sizeof(change), "%s%s%s", source_document,
	    note != NULL && note[0] ? ": " : "", note != NULL ? note : "");
	e = import_text(db, who, text, strlen(text), change, version, &created,
	    ei);
	free(text);
out:
	e = db_finish(db, e, ei);
	return e;
}

/* Re-evaluate every unit with data for s under the province. */
static enum err
recompute_province(struct db *db, const struct crit_set *s,
    const char *structure, const char *province, struct errinfo *ei)
{
	struct arena *a = arena_new(64 * 1024);
	struct db_stmt *st = db_stmt(db, STMT_CRIT_VALUES_UNITS_IN_SCOPE);
	struct { const char *structure, *code; int year; } *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;
	enum err e = ERR_OK;

	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, province);
	db_bind_text(st, 3, s->id);
	while ((rc = db_step(st, ei)) == 1) {
		rows = crit_grow(a, rows, n, &cap, sizeof(*rows), 256);
		rows[n].structure = arena_strdup(a, db_col_text(st, 0));
		rows[n].code = arena_strdup(a, db_col_text(st, 1));
		rows[n++].year = (int)db_col_int(st, 2);
	}
	if (rc < 0)
		e = ei->err;
	for (size_t i = 0; i < n && e == ERR_OK; i++) {
		struct crit_unit u;

		if ((e = crit_unit_get(db, a, rows[i].structure, rows[i].code,
		    &u, ei)) == ERR_OK)
			e = crit_reevaluate(db, s, &u, rows[i].year, NULL, true,
			    NULL, ei);
	}
	arena_free(a);
	return e;
}

/* ERR_INVALID "criteria.loosens" unless a provincial value for variant
 * ("": every variant) respects every national entry of ind that binds
 * it. */
static enum err
check_tightens(const struct crit_indicator *ind, const char *variant,
    double value, struct errinfo *ei)
{
	for (size_t i = 0; i < ind->n_thresholds; i++) {
		const struct crit_threshold *t = &ind->thresholds[i];
		bool for_variant = t->variant != NULL;

		if (!t->configured || crit_tightens(ind->op, value, t->value))
			continue;
		if (variant[0] != '\0' && for_variant &&
		    strcmp(t->variant, variant) != 0)
			continue;
		/* "%.0s" skips the other language's word for "for". */
		return err_set(ei, ERR_INVALID, "criteria.loosens", "value",
		    "Ngưỡng của tỉnh (%g) nới lỏng ngưỡng quốc gia "
		    "%s %g%s%.0s%s của chỉ tiêu %s; tỉnh chỉ được bổ sung "
		    "hoặc nâng mức", "The provincial threshold (%g) loosens "
		    "the national threshold %s %g%.0s%s%s of indicator %s; a "
		    "province may only fill or tighten it", value,
		    crit_op_names[ind->op], t->value,
		    for_variant ? " cho " : "", for_variant ? " for " : "",
		    for_variant ? t->variant : "", ind->id);
	}
	return ERR_OK;
}

enum err
crit_store_override(struct db *db, const struct audit_actor *who,
    const char *set_id, const char *structure, const char *province_code,
    const char *indicator_id, const char *variant, json_t *value,
    const char *source_document, struct errinfo *ei)
{
	struct arena *a = arena_new(16 * 1024);
	const struct crit_set *s;
	const struct crit_indicator *ind;
	struct crit_unit prov;
	struct crit_value v = { 0 };
	struct db_stmt *st;
	char now[32];
	long slot;
	enum err e;

	if (variant == NULL)
		variant = "";
	if ((e = db_begin(db, ei)) != ERR_OK) {
		arena_free(a);
		return e;
	}
	if ((e = crit_store_load(db, set_id, 0, &s, ei)) != ERR_OK ||
	    (e = crit_unit_get(db, a, structure, province_code, &prov, ei)) !=
	    ERR_OK)
		goto out;
	if (strcmp(prov.level, "province") != 0 ||
	    strcmp(structure, s->structure) != 0) {
		e = err_set(ei, ERR_INVALID, "criteria.not_province", "unit",
		    "Ngưỡng riêng chỉ do tỉnh (cấu trúc %s) ban hành",
		    "Only a province (structure %s) sets its own thresholds",
		    s->structure);
		goto out;
	}
	slot = crit_slot(s, indicator_id);
	if (slot < 0 || (size_t)slot >= s->n_indicators) {
		e = err_set(ei, ERR_INVALID, "criteria.unknown_indicator",
		    "indicator", "Bộ tiêu chí không có chỉ tiêu '%s'",
		    "The set has no indicator '%s'",
		    indicator_id);
		goto out;
	}
	ind = &s->indicators[slot];
	if (!ind->delegated || (ind->type != CRIT_NUMBER &&
	    ind->type != CRIT_CHILDREN_SHARE)) {
		e = err_set(ei, ERR_INVALID, "criteria.not_delegated",
		    "indicator", "Chỉ tiêu %s không giao tỉnh quy định ngưỡng",
		    "Indicator %s is not delegated to the provinces",
		    indicator_id);
		goto out;
	}
	if (variant[0] != '\0' && !crit_variant_valid(s, variant)) {
		e = err_set(ei, ERR_INVALID, "criteria.unknown_variant",
		    "variant", "Không có nhóm/vùng '%s' trong bộ tiêu chí",
		    "The set has no group/region '%s'",
		    variant);
		goto out;
	}
	if (value != NULL && !json_is_null(value)) {
		if (source_document == NULL || source_document[0] == '\0') {
			e = err_set(ei, ERR_INVALID, "criteria.source_required",
			    "source_document", "Cần ghi quyết định của tỉnh "
			    "ban hành ngưỡng này",
			    "The province's decision that sets this "
			    "threshold is needed");
			goto out;
		}
		if ((e = crit_value_from_json(s, (size_t)slot, value, a, &v,
		    ei)) != ERR_OK) {
			snprintf(ei->field, sizeof(ei->field), "value");
			goto out;
		}
		/* A province lies in one region: only its entries bind it. */
		if ((e = check_tightens(ind, variant[0] == '\0' &&
		    s->variant_by == CRIT_BY_REGION7 && prov.region7 != NULL ?
		    prov.region7 : variant, v.num, ei)) != ERR_OK)
			goto out;
		stamp_now(now);
		st = db_stmt(db, STMT_CRIT_OVERRIDE_UPSERT);
		db_bind_text(st, 1, set_id);
		db_bind_text(st, 2, structure);
		db_bind_text(st, 3, province_code);
		db_bind_text(st, 4, indicator_id);
		db_bind_text(st, 5, variant);
		db_bind_text(st, 6, crit_value_to_stored(s, (size_t)slot, &v, a));
		db_bind_text(st, 7, source_document);
		db_bind_text(st, 8, now);
		audit_bind_actor(st, 9, who);
	} else {
		st = db_stmt(db, STMT_CRIT_OVERRIDE_DELETE);
		db_bind_text(st, 1, set_id);
		db_bind_text(st, 2, structure);
		db_bind_text(st, 3, province_code);
		db_bind_text(st, 4, indicator_id);
		db_bind_text(st, 5, variant);
	}
	if ((e = db_exec(st, ei)) != ERR_OK)
		goto out;
	e = audit_record(db, who, "criteria.override", structure, province_code,
	    v.present ? json_pack("{s:f, s:s?}", "value", v.num, "source",
	    source_document) : json_pack("{s:n}", "value"), ei,
	    "criteria_override:%s/%s/%s", set_id, indicator_id,
	    variant[0] ? variant : "*");
	if (e == ERR_OK)
		e = recompute_province(db, s, structure, province_code, ei);
out:
	e = crit_write_end(db, e, ei);
	arena_free(a);
	return e;
}

enum err
crit_store_overrides(struct db *db, const char *set_id, const char *structure,
    const char *province_code, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_OVERRIDE_LIST);
	json_t *items = json_array();
	int rc;

	db_bind_text(st, 1, set_id);
	db_bind_text(st, 2, structure);
	db_bind_text(st, 3, province_code);
	while ((rc = db_step(st, ei)) == 1) {
		json_t *v = json_loads(db_col_text(st, 2), JSON_DECODE_ANY, NULL);

		json_array_append_new(items, json_pack("{s:s, s:s, s:o, s:s, s:s}",
		    "indicator", db_col_text(st, 0), "variant", db_col_text(st, 1),
		    "value", v ? v : json_null(), "source_document",
		    db_col_text(st, 3), "updated_at", db_col_text(st, 4)));
	}
	return items_end(rc, items, out, ei);
}

enum err
crit_store_recognise(struct db *db, const char *structure, const char *code,
    const char *set_id, int year, const char *decision_no,
    const char *decision_date, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_RECOGNITION_ADD);

	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, set_id);
	db_bind_int(st, 4, year);
	db_bind_text(st, 5, decision_no);
	db_bind_text(st, 6, decision_date);
	return db_exec(st, ei);
}
