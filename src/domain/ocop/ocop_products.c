/*
 * ocop_products.c - OCOP products: registration, edits with their history,
 * one product with its timeline and actions, and the list filtered by a
 * unit's subtree (through the lineage for pre-2025 units), stars, group
 * and a diacritic-insensitive name (ocop_registry.h).
 *
 * Registering a product starts its workflow instance (the procedure of
 * kind ocop_product for the producer's commune) and writes the product,
 * its first history row and the audit entry in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/msg.h"
#include "core/stamp.h"
#include "domain/ocop/ocop_internal.h"
#include "domain/ocop/ocop_row.h"
#include "domain/workflow/workflow.h"

static size_t
check_len(const char *v, const char *field, size_t max, struct errinfo *out,
    size_t n, size_t cap)
{
	struct errinfo one;

	if (v != NULL && strlen(v) > max) {
		err_set(&one, ERR_INVALID, "ocop.too_long", field,
		    "Nội dung dài quá %zu byte", "The text is longer than %zu "
		    "bytes", max);
		n = err_list_add(out, n, cap, &one);
	}
	return n;
}

size_t
ocop_product_problems(const struct ocop_product_in *in, struct errinfo *out,
    size_t max)
{
	struct errinfo one;
	size_t n = 0;

	if (in->name == NULL || in->name[0] == '\0') {
		err_set(&one, ERR_INVALID, "ocop.required", "name",
		    "Cần điền tên sản phẩm", "The product's name is required");
		n = err_list_add(out, n, max, &one);
	} else
		n = check_len(in->name, "name", OCOP_NAME_MAX, out, n, max);
	if (ocop_group_find(in->group) == NULL) {
		err_set(&one, ERR_INVALID, "ocop.bad_group", "group",
		    "Hãy chọn nhóm sản phẩm (1 đến 6)",
		    "Choose the product group (1 to 6)");
		n = err_list_add(out, n, max, &one);
	}
	n = check_len(in->subgroup, "subgroup", OCOP_NAME_MAX, out, n, max);
	n = check_len(in->description, "description", OCOP_TEXT_MAX, out, n,
	    max);
	n = check_len(in->ingredients, "ingredients", OCOP_TEXT_MAX, out, n,
	    max);
	n = check_len(in->standards, "standards", OCOP_TEXT_MAX, out, n, max);
	n = check_len(in->business_plan, "business_plan", OCOP_TEXT_MAX, out,
	    n, max);
	return n;
}

static int
atoi_safe(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *end == '\0' && v > 0 && v < 100 ? (int)v : 0;
}

static const char *
nz(const char *s)
{
	return s == NULL || s[0] == '\0' ? NULL : s;
}

/* The product's own fields, 8 parameters from i (the insert's and the
 * update's order): name, search key, group, subgroup, description,
 * ingredients, standards, business plan. */
static void
bind_fields(struct db_stmt *st, int i, const struct ocop_product_in *in,
    const char *key)
{
	db_bind_text(st, i, in->name);
	db_bind_text(st, i + 1, key);
	db_bind_int(st, i + 2, in->group);
	db_bind_text(st, i + 3, nz(in->subgroup));
	db_bind_text(st, i + 4, nz(in->description));
	db_bind_text(st, i + 5, nz(in->ingredients));
	db_bind_text(st, i + 6, nz(in->standards));
	db_bind_text(st, i + 7, nz(in->business_plan));
}

enum err
ocop_history_add(struct db *db, const struct principal *p,
    int64_t product_id, const char *field, const char *old_value,
    const char *new_value, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_HISTORY_ADD);
	char now[STAMP_TIME_LEN];

	stamp_now(now);
	db_bind_int(st, 1, product_id);
	db_bind_text(st, 2, now);
	if (p != NULL && p->user_id > 0)
		db_bind_int(st, 3, p->user_id);
	else
		db_bind_null(st, 3);
	db_bind_text(st, 4, p != NULL ? p->username : NULL);
	db_bind_text(st, 5, field);
	db_bind_text(st, 6, old_value);
	db_bind_text(st, 7, new_value);
	return db_exec(st, ei);
}

static const struct ocop_missing no_product = { "ocop.product_not_found",
	"id", "Không tìm thấy sản phẩm", "No such product" };

enum err
ocop_product_unit_of(struct db *db, struct arena *a, int64_t id,
    const char **structure, const char **code, int64_t *producer_id,
    struct errinfo *ei)
{
	static const struct ocop_unit_cols cols = { STMT_OCOP_PRODUCT_GET, 9,
		1, &no_product };

	return ocop_row_unit(db, a, &cols, id, structure, code, producer_id,
	    ei);
}

enum err
ocop_product_insert(struct db *db, const struct principal *p,
    const struct audit_actor *who, const struct wf_procedure *proc,
    int64_t producer_id, const char *structure, const char *code,
    const struct ocop_product_in *in, int64_t *id, struct errinfo *ei)
{
	char now[STAMP_TIME_LEN], gbuf[8];
	struct db_stmt *st;
	int64_t iid;
	char *key = ocop_fold(in->name);
	enum err e;

	stamp_now(now);
	if ((e = wf_start(db, who, proc, "ocop_product", structure, code,
	    NULL, &iid, ei)) != ERR_OK)
		goto out;
	st = db_stmt(db, STMT_OCOP_PRODUCT_INSERT);
	db_bind_int(st, 1, producer_id);
	bind_fields(st, 2, in, key);
	db_bind_text(st, 10, structure);
	db_bind_text(st, 11, code);
	db_bind_text(st, 12, proc->initial);
	db_bind_int(st, 13, iid);
	db_bind_text(st, 14, now);
	db_bind_text(st, 15, now);
	if (db_step(st, ei) != 1) {
		e = ei->err != ERR_OK ? ei->err : ERR_DB;
		goto out;
	}
	*id = db_col_int(st, 0);
	db_end_reads(db);
	snprintf(gbuf, sizeof(gbuf), "%d", in->group);
	if ((e = ocop_history_add(db, p, *id, "name", NULL, in->name, ei)) ==
	    ERR_OK &&
	    (e = ocop_history_add(db, p, *id, "group", NULL, gbuf, ei)) ==
	    ERR_OK)
		e = ocop_history_add(db, p, *id, "state", NULL, proc->initial,
		    ei);
out:
	free(key);
	return e;
}

enum err
ocop_product_create(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t producer_id,
    const struct ocop_product_in *in, int64_t *id, struct errinfo *ei)
{
	struct arena *a = arena_new(2048);
	const struct wf_procedure *proc;
	const struct role_binding *b;
	struct audit_actor who;
	struct errinfo probs[8];
	const char *structure, *code;
	enum err e;

	if (ocop_product_problems(in, probs, 8) > 0) {
		*ei = probs[0];
		e = probs[0].err;
		goto out;
	}
	if ((e = ocop_producer_unit_of(db, a, producer_id, &structure, &code,
	    ei)) != ERR_OK ||
	    (e = ocop_check_owner(db, p, acting, producer_id, ei)) != ERR_OK ||
	    (e = wf_pick(db, OCOP_PROCEDURE_KIND, structure, "commune", NULL,
	    NULL, &proc, ei)) != ERR_OK)
		goto out;
	if ((b = wf_may_create(db, p, proc, structure, code)) == NULL) {
		e = err_set(ei, ERR_FORBIDDEN, "ocop.forbidden", "producer_id",
		    "Tài khoản này không đăng ký được sản phẩm ở xã này",
		    "This account may not register products in this commune");
		goto out;
	}
	auth_actor(p, b, &who);
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto out;
	if ((e = ocop_product_insert(db, p, &who, proc, producer_id,
	    structure, code, in, id, ei)) != ERR_OK ||
	    (e = db_meta_bump(db, OCOP_META_VERSION, ei)) != ERR_OK)
		goto fin;
	e = audit_record(db, &who, "ocop.product_create", structure, code,
	    json_pack("{s:s, s:i, s:I}", "name", in->name, "group", in->group,
	    "producer_id", (json_int_t)producer_id), ei, "ocop_product:%lld",
	    (long long)*id);
fin:
	e = db_finish(db, e, ei);
out:
	arena_free(a);
	return e;
}

/* The product's current values (for the history of an update). */
struct current {
	int64_t producer_id, instance_id, row_version;
	const char *name, *subgroup, *description, *ingredients, *standards;
	const char *business_plan, *state, *structure, *code;
	int group;
};

static enum err
load_current(struct db *db, struct arena *a, int64_t id, struct current *c,
    struct errinfo *ei)
{
	struct db_stmt *st;
	enum err e;

	if ((e = ocop_row_get(db, STMT_OCOP_PRODUCT_GET, id, &no_product, &st,
	    ei)) != ERR_OK)
		return e;
#define T(i) (db_col_text(st, (i)) ? arena_strdup(a, db_col_text(st, (i))) : NULL)
	c->producer_id = db_col_int(st, 1);
	c->name = T(2);
	c->group = (int)db_col_int(st, 3);
	c->subgroup = T(4);
	c->description = T(5);
	c->ingredients = T(6);
	c->standards = T(7);
	c->business_plan = T(8);
	c->structure = T(9);
	c->code = T(10);
	c->state = T(11);
	c->instance_id = db_col_int(st, 12);
	c->row_version = db_col_int(st, 15);
#undef T
	db_end_reads(db);
	return ERR_OK;
}

static bool
same(const char *x, const char *y)
{
	x = nz(x);
	y = nz(y);
	return (x == NULL && y == NULL) ||
	    (x != NULL && y != NULL && strcmp(x, y) == 0);
}

static enum err
record_change(struct db *db, const struct principal *p, int64_t id,
    const char *field, const char *old_value, const char *new_value,
    struct errinfo *ei)
{
	if (same(old_value, new_value))
		return ERR_OK;
	return ocop_history_add(db, p, id, field, nz(old_value),
	    nz(new_value), ei);
}

enum err
ocop_product_update(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t id,
    const struct ocop_product_in *in, int64_t row_version,
    struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	const struct wf_procedure *proc;
	const struct wf_state *s;
	struct wf_instance inst;
	struct audit_actor who;
	struct errinfo probs[8];
	struct current c = { 0 };
	char now[STAMP_TIME_LEN], g0[8], g1[8];
	struct db_stmt *st;
	char *key = NULL;
	enum err e;

	if (ocop_product_problems(in, probs, 8) > 0) {
		*ei = probs[0];
		e = probs[0].err;
		goto out;
	}
	if ((e = load_current(db, a, id, &c, ei)) != ERR_OK ||
	    (e = ocop_check_owner(db, p, acting, c.producer_id, ei)) !=
	    ERR_OK ||
	    (e = wf_instance_get(db, a, c.instance_id, &inst, ei)) != ERR_OK ||
	    (e = wf_load(db, inst.procedure_id, inst.procedure_version, &proc,
	    ei)) != ERR_OK)
		goto out;
	s = wf_state_find(proc, inst.state);
	if (s == NULL || !s->editable) {
		e = err_set(ei, ERR_CONFLICT, "ocop.not_editable", "state",
		    "Sản phẩm đang ở bước “%s”, không sửa được",
		    "The product is at “%s” and cannot be changed",
		    s != NULL ? s->name.vi : inst.state);
		goto out;
	}
	if (row_version > 0 && row_version != c.row_version) {
		e = err_set(ei, ERR_CONFLICT, "ocop.stale", "row_version",
		    "Sản phẩm vừa được người khác sửa; hãy tải lại trang",
		    "Someone else changed the product; reload the page");
		goto out;
	}
	auth_actor(p, acting, &who);
	stamp_now(now);
	key = ocop_fold(in->name);
	snprintf(g0, sizeof(g0), "%d", c.group);
	snprintf(g1, sizeof(g1), "%d", in->group);
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto out;
	st = db_stmt(db, STMT_OCOP_PRODUCT_UPDATE);
	bind_fields(st, 1, in, key);
	db_bind_text(st, 9, now);
	db_bind_int(st, 10, id);
	db_bind_int(st, 11, c.row_version);
	if ((e = db_exec(st, ei)) != ERR_OK)
		goto fin;
	if (db_changes(db) == 0) {
		e = err_set(ei, ERR_CONFLICT, "ocop.stale", "row_version",
		    "Sản phẩm vừa được người khác sửa; hãy tải lại trang",
		    "Someone else changed the product; reload the page");
		goto fin;
	}
	if ((e = record_change(db, p, id, "name", c.name, in->name, ei)) ||
	    (e = record_change(db, p, id, "group", g0, g1, ei)) ||
	    (e = record_change(db, p, id, "subgroup", c.subgroup,
	    in->subgroup, ei)) ||
	    (e = record_change(db, p, id, "description", c.description,
	    in->description, ei)) ||
	    (e = record_change(db, p, id, "ingredients", c.ingredients,
	    in->ingredients, ei)) ||
	    (e = record_change(db, p, id, "standards", c.standards,
	    in->standards, ei)) ||
	    (e = record_change(db, p, id, "business_plan", c.business_plan,
	    in->business_plan, ei)) ||
	    (e = db_meta_bump(db, OCOP_META_VERSION, ei)) != ERR_OK)
		goto fin;
	e = audit_record(db, &who, "ocop.product_update", c.structure, c.code,
	    json_pack("{s:s, s:i}", "name", in->name, "group", in->group), ei,
	    "ocop_product:%lld", (long long)id);
fin:
	e = db_finish(db, e, ei);
out:
	free(key);
	arena_free(a);
	return e;
}

static json_t *
product_row(struct db *db, struct db_stmt *st, const char *lang)
{
	const struct ocop_group *g = ocop_group_find((int)db_col_int(st, 3));
	char ref[128];

	(void)db;
	snprintf(ref, sizeof(ref), "%s:%s", db_col_text(st, 9),
	    db_col_text(st, 10));
	return json_pack("{s:I, s:I, s:s, s:s, s:i, s:s, s:s*, s:s*, s:s*, "
	    "s:s*, s:s*, s:s, s:s, s:s, s:I, s:o, s:o, s:I, s:s, s:s}",
	    "id", (json_int_t)db_col_int(st, 0),
	    "producer_id", (json_int_t)db_col_int(st, 1),
	    "producer", db_col_text(st, 18), "name", db_col_text(st, 2),
	    "group", (int)db_col_int(st, 3),
	    "group_name", g == NULL ? "" : msg_pick(lang, g->vi, g->en),
	    "subgroup", db_col_text(st, 4), "description", db_col_text(st, 5),
	    "ingredients", db_col_text(st, 6), "standards", db_col_text(st, 7),
	    "business_plan", db_col_text(st, 8), "unit", ref,
	    "commune", db_col_text(st, 19), "state", db_col_text(st, 11),
	    "instance_id", (json_int_t)db_col_int(st, 12),
	    "stars", db_col_null(st, 13) ? json_null() :
	    json_integer(db_col_int(st, 13)),
	    "score", db_col_null(st, 14) ? json_null() :
	    json_real(strtod(db_col_text(st, 14), NULL)),
	    "row_version", (json_int_t)db_col_int(st, 15),
	    "created_at", db_col_text(st, 16),
	    "updated_at", db_col_text(st, 17));
}

/* state_name from the product's procedure (every row of a list). */
static void
name_state(struct db *db, json_t *o, const char *lang)
{
	const struct wf_procedure *proc;
	struct errinfo ei;
	const struct wf_state *s;

	if (wf_pick(db, OCOP_PROCEDURE_KIND, "2025", "commune", NULL, NULL,
	    &proc, &ei) != ERR_OK)
		return;
	s = wf_state_find(proc, jval_str(o, "state"));
	json_object_set_new(o, "state_name", json_string(s != NULL ?
	    wf_text(&s->name, lang) : jval_str(o, "state")));
}

enum err
ocop_product_get(struct db *db, const struct principal *p, int64_t id,
    const char *lang, json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(2048);
	struct db_stmt *st = db_stmt(db, STMT_OCOP_PRODUCT_GET);
	const struct wf_procedure *proc;
	const struct wf_state *s;
	struct wf_instance inst;
	json_t *o = NULL, *tl = NULL, *acts;
	enum err e = ERR_OK;
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) < 0) {
		e = ei->err;
		goto out;
	}
	if (rc == 0) {
		db_end_reads(db);
		e = err_set(ei, ERR_NOTFOUND, "ocop.product_not_found", "id",
		    "Không tìm thấy sản phẩm", "No such product");
		goto out;
	}
	o = product_row(db, st, lang);
	db_end_reads(db);
	if ((e = wf_instance_get(db, a, jval_int(o, "instance_id", 0), &inst,
	    ei)) != ERR_OK || (e = wf_load(db, inst.procedure_id,
	    inst.procedure_version, &proc, ei)) != ERR_OK ||
	    (e = wf_events(db, proc, inst.id, lang, &tl, ei)) != ERR_OK)
		goto out;
	s = wf_state_find(proc, inst.state);
	json_object_set_new(o, "state_name", json_string(s != NULL ?
	    wf_text(&s->name, lang) : inst.state));
	json_object_set_new(o, "editable", json_boolean(s != NULL &&
	    s->editable));
	json_object_set_new(o, "procedure", json_string(proc->id));
	json_object_set_new(o, "timeline", tl);
	acts = json_array();
	for (size_t i = 0; p != NULL && i < proc->ntransitions; i++) {
		const struct wf_transition *t = &proc->transitions[i];

		if (!wf_transition_from(t, inst.state) ||
		    wf_may(db, p, t, inst.structure, inst.code) == NULL)
			continue;
		json_array_append_new(acts, json_pack("{s:s, s:s, s:b, s:b}",
		    "id", t->id, "name", wf_text(&t->name, lang),
		    "requires_reason", t->req.reason,
		    "assessments", strcmp(t->id, "forward") == 0));
	}
	json_object_set_new(o, "actions", acts);
out:
	db_end_reads(db);
	arena_free(a);
	if (e != ERR_OK) {
		json_decref(o);
		return e;
	}
	*out = o;
	return ERR_OK;
}

/* An optional integer filter, bound twice from i (0: NULL, any). */
static void
bind_opt(struct db_stmt *st, int i, int64_t v)
{
	for (int k = 0; k < 2; k++)
		if (v > 0)
			db_bind_int(st, i + k, v);
		else
			db_bind_null(st, i + k);
}

static void
bind_filter(struct db_stmt *st, const struct ocop_filter *f, const char *like)
{
	ocop_bind_unit(st, 1, f->structure, f->code);
	bind_opt(st, 10, f->stars);
	bind_opt(st, 12, f->group);
	db_bind_text(st, 14, f->state);
	db_bind_text(st, 15, f->state);
	bind_opt(st, 16, f->producer_id);
	db_bind_text(st, 18, like);
	db_bind_text(st, 19, like);
}

enum err
ocop_product_list(struct db *db, const struct ocop_filter *f,
    const char *lang, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st;
	char *like = ocop_like(f->q);
	json_t *items = json_array(), *it;
	int64_t total = 0;
	size_t i;
	int rc;

	st = db_stmt(db, STMT_OCOP_PRODUCT_COUNT);
	bind_filter(st, f, like);
	if ((rc = db_step(st, ei)) == 1)
		total = db_col_int(st, 0);
	db_end_reads(db);
	if (rc < 0)
		goto fail;
	st = db_stmt(db, STMT_OCOP_PRODUCT_LIST);
	bind_filter(st, f, like);
	db_bind_int(st, 20, f->limit > 0 ? f->limit : 50);
	db_bind_int(st, 21, f->offset);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(items, product_row(db, st, lang));
	db_end_reads(db);
	if (rc < 0)
		goto fail;
	json_array_foreach(items, i, it)
		name_state(db, it, lang);
	free(like);
	*out = json_pack("{s:o, s:I}", "items", items, "total",
	    (json_int_t)total);
	return ERR_OK;
fail:
	free(like);
	json_decref(items);
	return ei->err;
}

/* What a history value reads as: a state by its name, a group by its
 * name, the four assessments as "Nguồn gốc…: đạt; …", else the text. */
static char *
readable(const struct wf_procedure *proc, const char *field,
    const char *v, const char *lang)
{
	if (v == NULL)
		return NULL;
	if (strcmp(field, "state") == 0 && proc != NULL) {
		const struct wf_state *st = wf_state_find(proc, v);

		return strdup(st != NULL ? wf_text(&st->name, lang) : v);
	}
	if (strcmp(field, "group") == 0) {
		const struct ocop_group *g = ocop_group_find(atoi_safe(v));

		return strdup(g != NULL ? msg_pick(lang, g->vi, g->en) : v);
	}
	if (strcmp(field, "assessments") == 0) {
		json_t *o = json_loads(v, 0, NULL);
		char buf[1024];
		size_t n = 0;

		buf[0] = '\0';
		for (size_t i = 0; o != NULL && i < OCOP_ASSESSMENTS; i++) {
			const char *k = ocop_assessment_keys[i];
			const char *r = json_string_value(json_object_get(o, k));
			char key[64];
			int w;

			snprintf(key, sizeof(key), "ocop_assess_%s", k);
			w = snprintf(buf + n, sizeof(buf) - n, "%s%s: %s",
			    i > 0 ? "; " : "", msg_get(lang, key), msg_get(lang,
			    r != NULL && strcmp(r, "met") == 0 ? "ocop_met" :
			    "ocop_not_met"));
			if (w < 0 || (size_t)w >= sizeof(buf) - n)
				break;
			n += (size_t)w;
		}
		json_decref(o);
		return strdup(buf);
	}
	return strdup(v);
}

enum err
ocop_product_history(struct db *db, int64_t id, const char *lang,
    json_t **out, struct errinfo *ei)
{
	struct db_stmt *st;
	const struct wf_procedure *proc = NULL;
	json_t *items = json_array(), *it;
	struct errinfo ignored;
	size_t i;
	int rc;

	st = db_stmt(db, STMT_OCOP_HISTORY_LIST);
	db_bind_int(st, 1, id);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s*, s:s*, "
		    "s:s, s:s*, s:s*}", "id", (json_int_t)db_col_int(st, 0),
		    "at", db_col_text(st, 1), "username", db_col_text(st, 2),
		    "full_name", db_col_text(st, 6) != NULL ? db_col_text(st,
		    6) : db_col_text(st, 2), "field", db_col_text(st, 3),
		    "old", db_col_text(st, 4), "new", db_col_text(st, 5)));
	db_end_reads(db);
	if (rc < 0) {
		json_decref(items);
		return ei->err;
	}
	(void)wf_pick(db, OCOP_PROCEDURE_KIND, "2025", "commune", NULL, NULL,
	    &proc, &ignored);
	json_array_foreach(items, i, it) {
		const char *f = jval_str(it, "field");
		char key[64], *o, *n;

		snprintf(key, sizeof(key), "ocop_field_%s", f);
		o = readable(proc, f, jval_str(it, "old"), lang);
		n = readable(proc, f, jval_str(it, "new"), lang);
		json_object_set_new(it, "field_name", json_string(msg_get(lang,
		    key)));
		json_object_set_new(it, "old_text", o ? json_string(o) :
		    json_null());
		json_object_set_new(it, "new_text", n ? json_string(n) :
		    json_null());
		free(o);
		free(n);
	}
	*out = json_pack("{s:o}", "items", items);
	return ERR_OK;
}
