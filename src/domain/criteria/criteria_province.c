/*
 * criteria_province.c - a province's own criteria sets (issue 19): the
 * smart-village and modern-commune sets each province defines within the
 * national frame.  A province copies a shipped template (criteria/
 * templates/), then revises its copy like any set; the store keeps the
 * copy as an ordinary set whose applies_to.province limits it to the
 * province's units (crit_unit_fits).  The last part reads the villages'
 * evaluations back for the model-commune rule (at least one smart
 * village: 319/QĐ-TTg), the feed a dossier shows and the workflow check
 * smart_village_met asks.  Contract in criteria_store.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/msg.h"
#include "domain/criteria/criteria_store_internal.h"
#include "domain/units/units.h"

#define VILLAGES_MAX	500	/* of a commune, listed */

/* The province (structure, code) into *u: 404 unknown, 422 not one. */
static enum err
province_unit(struct db *db, struct arena *a, const char *structure,
    const char *code, struct unit *u, struct errinfo *ei)
{
	enum err e;

	if ((e = units_get(db, a, structure, code, u, ei)) != ERR_OK)
		return e;
	if (strcmp(u->level, "province") != 0)
		return err_set(ei, ERR_INVALID, "criteria.not_province", "code",
		    "%s không phải một tỉnh: bộ tiêu chí riêng do tỉnh ban hành",
		    "%s is not a province: a province issues its own sets",
		    u->full_name);
	return ERR_OK;
}

/* A set as the province's list shows it. */
static json_t *
set_item(const struct crit_set *s, const char *lang)
{
	return json_pack("{s:s, s:i, s:s, s:s?, s:s, s:s, s:{s:i, s:i}, s:s?, "
	    "s:s?, s:s?}", "id", s->id, "version", s->version,
	    "name", msg_pick(lang, s->name, s->name_en), "name_en", s->name_en,
	    "kind", s->kind, "level", s->level, "years", "from", s->year_from,
	    "to", s->year_to, "status", s->status, "derived_from",
	    s->derived_from, "profile", s->profile);
}

enum err
crit_store_province_sets(struct db *db, const char *structure,
    const char *code, const char *lang, json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(16 * 1024);
	const struct crit_set **sets;
	struct unit u;
	json_t *own, *templates;
	size_t n;
	enum err e;

	if ((e = province_unit(db, a, structure, code, &u, ei)) != ERR_OK ||
	    (e = crit_sets_newest(db, a, &sets, &n, ei)) != ERR_OK) {
		arena_free(a);
		return e;
	}
	own = json_array();
	templates = json_array();
	for (size_t i = 0; i < n; i++)
		if (sets[i]->province != NULL &&
		    strcmp(sets[i]->province, code) == 0 &&
		    strcmp(sets[i]->structure, structure) == 0)
			json_array_append_new(own, set_item(sets[i], lang));
	for (size_t i = 0; i < n; i++) {
		json_t *it;
		const char *copy = NULL;

		if (!sets[i]->is_template ||
		    strcmp(sets[i]->structure, structure) != 0)
			continue;
		for (size_t j = 0; j < n && copy == NULL; j++)
			if (sets[j]->province != NULL && sets[j]->derived_from &&
			    strcmp(sets[j]->province, code) == 0 &&
			    strcmp(sets[j]->derived_from, sets[i]->id) == 0)
				copy = sets[j]->id;
		it = set_item(sets[i], lang);
		json_object_set_new(it, "copy", copy ? json_string(copy) :
		    json_null());
		json_array_append_new(templates, it);
	}
	*out = json_pack("{s:{s:s, s:s, s:s}, s:o, s:o}", "province",
	    "structure", u.structure, "code", u.code, "full_name", u.full_name,
	    "own", own, "templates", templates);
	arena_free(a);
	return ERR_OK;
}

/* The length of name without its suffix (a template's "(bộ mẫu)"). */
static int
stem(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	if (n > k && strcmp(name + n - k, suffix) == 0)
		n -= k;
	return (int)n;
}

/* The document of the province's copy of template t (a new reference). */
static json_t *
copy_document(const struct crit_set *t, const struct unit *prov,
    const char *id)
{
	json_t *doc = json_deep_copy(t->doc), *applies;
	char name[CRIT_TEXT_MAX + 200];

	json_object_set_new(doc, "id", json_string(id));
	json_object_set_new(doc, "version", json_integer(1));
	json_object_set_new(doc, "template", json_false());
	json_object_set_new(doc, "derived_from", json_string(t->id));
	json_object_del(doc, "profile");	/* "template" no longer */
	snprintf(name, sizeof(name), "%.*s – %s", stem(t->name, " (bộ mẫu)"),
	    t->name, prov->full_name);
	json_object_set_new(doc, "name", json_string(name));
	if (t->name_en != NULL) {
		snprintf(name, sizeof(name), "%.*s – %s", stem(t->name_en,
		    " (template)"), t->name_en, prov->name_en ? prov->name_en :
		    prov->full_name);
		json_object_set_new(doc, "name_en", json_string(name));
	}
	snprintf(name, sizeof(name), "Bộ tiêu chí riêng của %s, sao chép từ bộ "
	    "mẫu %s của nền tảng: các chỉ tiêu là đề xuất của nền tảng để tỉnh "
	    "xác nhận; ngưỡng do tỉnh điền theo quyết định của UBND tỉnh.",
	    prov->full_name, t->id);
	json_object_set_new(doc, "note", json_string(name));
	applies = json_object_get(doc, "applies_to");
	json_object_set_new(applies, "province", json_string(prov->code));
	return doc;
}

enum err
crit_store_from_template(struct db *db, const struct audit_actor *who,
    const char *structure, const char *code, const char *template_id,
    char *id, int *version, struct errinfo *ei)
{
	struct arena *a = arena_new(16 * 1024);
	const struct crit_set *t, *old;
	struct unit prov;
	json_t *doc;
	char *text, note[300];
	bool created = false;
	enum err e;

	id[0] = '\0';
	if ((e = province_unit(db, a, structure, code, &prov, ei)) != ERR_OK)
		goto done;
	if (template_id == NULL || template_id[0] == '\0' ||
	    crit_store_load(db, template_id, 0, &t, ei) != ERR_OK ||
	    !t->is_template || strcmp(t->structure, structure) != 0) {
		e = err_set(ei, ERR_INVALID, "criteria.not_template", "template",
		    "Không có bộ tiêu chí mẫu “%.64s” để sao chép",
		    "There is no template “%.64s” to copy",
		    template_id ? template_id : "");
		goto done;
	}
	if (strlen(t->id) + 1 + strlen(code) > CRIT_ID_MAX) {
		e = err_set(ei, ERR_INVALID, "criteria.bad_id", "template",
		    "Mã bộ tiêu chí sao chép quá dài",
		    "The copy's id would be too long");
		goto done;
	}
	memcpy(id, t->id, strlen(t->id));
	id[strlen(t->id)] = '-';
	memcpy(id + strlen(t->id) + 1, code, strlen(code) + 1);
	if (crit_store_load(db, id, 0, &old, ei) == ERR_OK) {
		e = err_set(ei, ERR_CONFLICT, "criteria.copy_exists", "template",
		    "%s đã có bộ tiêu chí sao chép từ mẫu này (%s): hãy sửa "
		    "bộ đó", "%s already has its copy of this template "
		    "(%s): revise that one", prov.full_name, id);
		goto done;
	}
	err_clear(ei);
	doc = copy_document(t, &prov, id);
	text = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	snprintf(note, sizeof(note), "Sao chép từ bộ mẫu %s", t->id);
	if ((e = db_begin(db, ei)) == ERR_OK) {
		e = crit_import_tx(db, who, text, strlen(text), note, version,
		    &created, ei);
		e = db_finish(db, e, ei);
	}
	free(text);
done:
	arena_free(a);
	return e;
}

enum err
crit_store_province_owns(struct db *db, const char *set_id,
    const char *structure, const char *code, struct errinfo *ei)
{
	const struct crit_set *s;
	enum err e;

	if ((e = crit_store_load(db, set_id, 0, &s, ei)) != ERR_OK)
		return e;
	if (s->province == NULL || strcmp(s->province, code) != 0 ||
	    strcmp(s->structure, structure) != 0)
		return err_set(ei, ERR_FORBIDDEN, "criteria.not_yours", "id",
		    "Bộ tiêu chí “%s” không phải bộ riêng của tỉnh này: tỉnh chỉ "
		    "sửa bộ của mình", "The set “%s” is not this province's "
		    "own: a province revises only its own sets", s->name);
	return ERR_OK;
}

enum err
crit_store_province_import(struct db *db, const struct audit_actor *who,
    const char *structure, const char *code, const char *text, size_t len,
    const char *change_note, char *id, int *version, bool *created,
    struct errinfo *ei)
{
	struct arena *a = arena_new(8 * 1024);
	struct crit_set *s = NULL;
	const struct crit_set *old;
	struct unit prov;
	enum err e;

	id[0] = '\0';
	if ((e = province_unit(db, a, structure, code, &prov, ei)) != ERR_OK ||
	    (e = crit_set_parse(text, len, &s, ei)) != ERR_OK)
		goto done;
	snprintf(id, CRIT_ID_MAX + 1, "%s", s->id);
	if (s->province == NULL || strcmp(s->province, code) != 0 ||
	    strcmp(s->structure, structure) != 0) {
		e = err_set(ei, ERR_INVALID, "criteria.wrong_province",
		    "applies_to.province", "Bộ tiêu chí của %s phải ghi "
		    "applies_to.province là “%s”, không phải “%s”",
		    "A set of %s must give applies_to.province “%s”, not "
		    "“%s”", prov.full_name, code, s->province ? s->province :
		    "");
		goto done;
	}
	/* Only the kinds the national frame leaves to the province: a
	 * province's own readiness index or NTM set would rate its own
	 * communes by its own, lighter rules (and could stand in for the
	 * national set). */
	if (strcmp(s->kind, "smart_village") != 0 &&
	    strcmp(s->kind, "ntm_commune_modern") != 0) {
		e = err_set(ei, ERR_INVALID, "criteria.province_kind", "kind",
		    "Tỉnh chỉ ban hành bộ tiêu chí thôn thông minh "
		    "(smart_village) hoặc xã nông thôn mới hiện đại "
		    "(ntm_commune_modern), không phải “%s”",
		    "A province issues only smart-village (smart_village) or "
		    "modern-commune (ntm_commune_modern) sets, not “%s”",
		    s->kind);
		goto done;
	}
	if (s->is_template) {
		e = err_set(ei, ERR_INVALID, "criteria.template", "template",
		    "Bộ tiêu chí riêng của tỉnh không phải bộ mẫu (template: "
		    "false)", "A province's own set is not a template "
		    "(template: false)");
		goto done;
	}
	if (crit_store_load(db, s->id, 0, &old, ei) == ERR_OK) {
		if ((e = crit_store_province_owns(db, s->id, structure, code,
		    ei)) != ERR_OK)
			goto done;
	} else if (ei->err != ERR_NOTFOUND) {
		e = ei->err;
		goto done;
	}
	err_clear(ei);
	if ((e = db_begin(db, ei)) == ERR_OK) {
		e = crit_import_tx(db, who, text, len, change_note, version,
		    created, ei);
		e = db_finish(db, e, ei);
	}
done:
	crit_set_free(s);
	arena_free(a);
	return e;
}

/* ---- the villages' evaluations, for the model commune ---- */

/* The newest smart_village set of the province (not a template). */
static const struct crit_set *
smart_set_of(const struct crit_set **sets, size_t n, const char *structure,
    const char *province)
{
	const struct crit_set *best = NULL;

	for (size_t i = 0; i < n && province != NULL; i++)
		if (!sets[i]->is_template && sets[i]->province != NULL &&
		    strcmp(sets[i]->kind, "smart_village") == 0 &&
		    strcmp(sets[i]->province, province) == 0 &&
		    strcmp(sets[i]->structure, structure) == 0 &&
		    (best == NULL || sets[i]->year_to > best->year_to))
			best = sets[i];
	return best;
}

/* One commune's villages and their newest evaluation of s; *met counts
 * the met ones. */
static enum err
commune_villages(struct db *db, struct arena *a, const struct crit_set *s,
    const char *structure, const char *code, json_t *list, long *met,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_VILLAGES_OF);
	struct { const char *code, *name; } *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	while ((rc = db_step(st, ei)) == 1 && n < VILLAGES_MAX) {
		v = crit_grow(a, v, n, &cap, sizeof(*v), 32);
		v[n].code = arena_strdup(a, db_col_text(st, 0));
		v[n++].name = arena_strdup(a, db_col_text(st, 1));
	}
	db_end_reads(db);
	if (rc < 0)
		return ei->err;
	for (size_t i = 0; i < n; i++) {
		json_t *it = json_pack("{s:s, s:s, s:s}", "structure", structure,
		    "code", v[i].code, "full_name", v[i].name);

		if (s != NULL) {
			st = db_stmt(db, STMT_CRIT_EVAL_LATEST);
			db_bind_text(st, 1, structure);
			db_bind_text(st, 2, v[i].code);
			db_bind_text(st, 3, s->id);
			if ((rc = db_step(st, ei)) == 1) {
				const char *status = db_col_text(st, 1);

				json_object_set_new(it, "year",
				    json_integer(db_col_int(st, 0)));
				json_object_set_new(it, "status",
				    json_string(status));
				json_object_set_new(it, "criteria_met",
				    json_integer(db_col_int(st, 2)));
				json_object_set_new(it, "criteria_total",
				    json_integer(db_col_int(st, 3)));
				*met += strcmp(status, "met") == 0;
			}
			db_end_reads(db);
			if (rc < 0) {
				json_decref(it);
				return ei->err;
			}
		}
		json_array_append_new(list, it);
	}
	return ERR_OK;
}

/* The 2025 communes whose villages count for (structure, code). */
static enum err
communes_now(struct db *db, struct arena *a, const char *structure,
    const char *code, struct unit_link **out, size_t *n, struct errinfo *ei)
{
	struct unit u;
	enum err e;

	if (strcmp(structure, "2025") != 0)
		return units_successors(db, a, structure, code, out, n, ei);
	if ((e = units_get(db, a, structure, code, &u, ei)) != ERR_OK)
		return e;
	*out = arena_alloc(a, sizeof(**out));
	memset(*out, 0, sizeof(**out));
	(*out)->structure = u.structure;
	(*out)->code = u.code;
	(*out)->full_name = u.full_name;
	(*out)->level = u.level;
	*n = 1;
	return ERR_OK;
}

enum err
crit_store_smart_villages(struct db *db, const char *structure,
    const char *code, const char *lang, json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(32 * 1024);
	const struct crit_set **sets;
	struct unit_link *cs = NULL;
	size_t nsets, ncs = 0;
	json_t *communes = json_array();
	long met = 0, villages = 0;
	enum err e;

	if ((e = communes_now(db, a, structure, code, &cs, &ncs, ei)) !=
	    ERR_OK || (e = crit_sets_newest(db, a, &sets, &nsets, ei)) !=
	    ERR_OK)
		goto done;
	for (size_t i = 0; i < ncs && e == ERR_OK; i++) {
		struct crit_unit cu;
		const struct crit_set *s;
		json_t *list = json_array(), *c;
		long m = 0;

		if (strcmp(cs[i].level, "commune") != 0 ||
		    (e = crit_unit_get(db, a, cs[i].structure, cs[i].code, &cu,
		    ei)) != ERR_OK) {
			json_decref(list);
			continue;
		}
		s = smart_set_of(sets, nsets, cs[i].structure, cu.province);
		e = commune_villages(db, a, s, cs[i].structure, cs[i].code, list,
		    &m, ei);
		villages += (long)json_array_size(list);
		met += m;
		c = json_pack("{s:s, s:s, s:s, s:o, s:I}", "structure",
		    cs[i].structure, "code", cs[i].code, "full_name",
		    cs[i].full_name, "villages", list, "met", (json_int_t)m);
		json_object_set_new(c, "set", s == NULL ? json_null() :
		    json_pack("{s:s, s:i, s:s}", "id", s->id, "version",
		    s->version, "name", msg_pick(lang, s->name, s->name_en)));
		json_array_append_new(communes, c);
	}
done:
	if (e == ERR_OK)
		*out = json_pack("{s:o, s:I, s:I}", "communes", communes,
		    "villages", (json_int_t)villages, "met", (json_int_t)met);
	else
		json_decref(communes);
	arena_free(a);
	return e;
}
