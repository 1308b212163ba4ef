/*
 * wf_instance.c - instances moving through a procedure: who may take a
 * transition, starting an instance, taking a transition (optimistic
 * concurrency on the row version), the timeline, and deadlines.
 *
 * Everything here runs inside the caller's transaction: the owning module
 * (dossiers) checks what a transition requires, writes its own rows and
 * calls wf_advance in the same transaction, so the move, its event, its
 * audit entry and the module's effect commit together or not at all.
 *
 * Single-row lookups are stepped to their end rather than left open: a
 * caller may be iterating a statement of its own, and db_end_reads would
 * end that one too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#include "core/date.h"
#include "core/msg.h"
#include "core/stamp.h"
#include "core/text.h"
#include "domain/units/units.h"
#include "domain/workflow/wf_internal.h"

/* ---- deadlines ---- */

int
wf_days_left(const char *due_on)
{
	char today[DATE_LEN];
	long due, now;

	if (!date_parse(due_on, &due) || !date_parse(date_today(today), &now))
		return INT32_MIN;
	return (int)(due - now);
}

/* The deadline of entering s today into out, or NULL. */
static const char *
due_of(const struct wf_state *s, char out[DATE_LEN])
{
	char today[DATE_LEN];
	long now;

	if (s->due_days < 0 || !date_parse(date_today(today), &now))
		return NULL;
	date_format(now + s->due_days, out);
	return out;
}

/* ---- who may act ---- */

/* The level of unit (structure, code) into out ("" if unknown). */
static void
unit_level(struct db *db, const char *structure, const char *code,
    char out[16])
{
	struct db_stmt *st = db_stmt(db, STMT_WF_UNIT_LEVEL);

	out[0] = '\0';
	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	if (db_step(st, NULL) == 1) {
		snprintf(out, 16, "%s", db_col_text(st, 0));
		while (db_step(st, NULL) == 1)
			;
	}
}

/* The parent of unit (structure, code) into out ("" if none). */
static void
unit_parent(struct db *db, const char *structure, const char *code,
    char out[16])
{
	struct db_stmt *st = db_stmt(db, STMT_WF_UNIT_PARENT);

	out[0] = '\0';
	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	if (db_step(st, NULL) == 1) {
		if (!db_col_null(st, 0))
			snprintf(out, 16, "%s", db_col_text(st, 0));
		while (db_step(st, NULL) == 1)
			;
	}
}

/* Is binding b the unit directly above (structure, code)?  Its parent
 * in the same structure, or - for a unit whose parent is the country -
 * the country of either structure. */
static bool
is_above(struct db *db, const struct role_binding *b, const char *structure,
    const char *code)
{
	char parent[16], lv[16];

	unit_parent(db, structure, code, parent);
	if (parent[0] == '\0')
		return false;
	if (strcmp(b->structure, structure) == 0 &&
	    strcmp(b->unit_code, parent) == 0)
		return true;
	if (strcmp(parent, "VN") != 0)
		return false;
	unit_level(db, b->structure, b->unit_code, lv);
	return strcmp(lv, "country") == 0;
}

/*
 * For a procedure whose successors act (wf_procedure.successors_act): may
 * b, a binding of the 2025 structure, act at level for the pre-2025 unit
 * (structure, code), which no one holds since 1 July 2025?  At "unit" a
 * unit of the same level whose area took the old one's, wholly or in part
 * (its scope holds it through the lineage); at "above" a province whose
 * scope holds it.
 */
static bool
successor_may(struct db *db, const struct role_binding *b,
    enum wf_level level, const char *structure, const char *code)
{
	char lv[16], old_lv[16];

	if (strcmp(structure, "pre2025") != 0 ||
	    strcmp(b->structure, "2025") != 0 ||
	    !auth_unit_in_scope(db, b->structure, b->unit_code, structure,
	    code))
		return false;
	unit_level(db, b->structure, b->unit_code, lv);
	if (level == WF_LEVEL_ABOVE)
		return strcmp(lv, "province") == 0;
	unit_level(db, structure, code, old_lv);
	return level == WF_LEVEL_UNIT && strcmp(lv, old_lv) == 0;
}

/*
 * The first binding of p with a role of mask at level relative to the
 * unit: the unit itself, its parent (above), or a district/province/
 * country unit whose scope (across structures through the lineage) holds
 * it; with successors, also what successor_may admits.
 */
static const struct role_binding *
may(struct db *db, const struct principal *p, unsigned mask,
    enum wf_level level, bool successors, const char *structure,
    const char *code)
{
	char lv[16];

	if (p == NULL || structure == NULL || code == NULL)
		return NULL;
	for (size_t i = 0; i < p->nroles; i++) {
		const struct role_binding *b = &p->roles[i];

		if (!(mask & ROLE_BIT(b->role)) || b->structure == NULL ||
		    b->unit_code == NULL)
			continue;
		if (level == WF_LEVEL_UNIT || level == WF_LEVEL_ABOVE) {
			if (level == WF_LEVEL_UNIT ? strcmp(b->structure,
			    structure) == 0 && strcmp(b->unit_code, code) == 0 :
			    is_above(db, b, structure, code))
				return b;
			if (successors && successor_may(db, b, level,
			    structure, code))
				return b;
			continue;
		}
		unit_level(db, b->structure, b->unit_code, lv);
		if (level == WF_LEVEL_COUNTRY) {
			if (strcmp(lv, "country") == 0)
				return b;
			continue;
		}
		if (strcmp(lv, wf_level_names[level]) == 0 &&
		    auth_unit_in_scope(db, b->structure, b->unit_code,
		    structure, code))
			return b;
	}
	return NULL;
}

const struct role_binding *
wf_may(struct db *db, const struct principal *p,
    const struct wf_transition *t, const char *structure, const char *code)
{
	return may(db, p, t->roles, t->level, t->successors_act, structure,
	    code);
}

const struct role_binding *
wf_may_create(struct db *db, const struct principal *p,
    const struct wf_procedure *proc, const char *structure, const char *code)
{
	return may(db, p, proc->create_roles, proc->create_level,
	    proc->successors_act, structure, code);
}

/* The role names of mask as people read them in lang, joined by sep
 * ("Cán bộ tỉnh hoặc Văn phòng Điều phối") into buf. */
static void
role_list(unsigned mask, const char *lang, const char *sep, char *buf,
    size_t size)
{
	char key[64];

	size_t n = 0;
	int k;

	buf[0] = '\0';
	for (int r = 0; r < ROLE__MAX && n < size; r++) {
		if (!(mask & ROLE_BIT(r)))
			continue;
		snprintf(key, sizeof(key), "role_%s", role_names[r]);
		k = snprintf(buf + n, size - n, "%s%s", n ? sep : "",
		    msg_get(lang, key));
		if (k < 0)
			break;
		n += (size_t)k;
	}
}

/* Where a binding must be, per level (what a refusal says). */
static const struct wf_text level_where[WF_LEVELS] = {
	{ "của chính đơn vị", "of the unit itself" },
	{ "cấp huyện", "at the district level" },
	{ "cấp tỉnh", "at the province level" },
	{ "cấp trung ương", "at the national level" },
	{ "của cấp trên trực tiếp", "of the level directly above" },
};

/* ERR_FORBIDDEN "workflow.forbidden": the roles and the level t needs on
 * the instance's unit, in both languages, as people read them (role and
 * unit by name: no keys or codes). */
static enum err
forbidden(struct db *db, const struct wf_transition *t,
    const struct wf_instance *in, struct errinfo *ei)
{
	char roles_vi[200], roles_en[200], vi[320], en[320];
	struct arena *a = arena_new(1024);
	struct errinfo ignored;
	struct unit u;
	const char *where = in->code;

	if (units_get(db, a, in->structure, in->code, &u, &ignored) == ERR_OK)
		where = u.full_name;
	role_list(t->roles, "vi", " hoặc ", roles_vi, sizeof(roles_vi));
	role_list(t->roles, "en", " or ", roles_en, sizeof(roles_en));
	snprintf(vi, sizeof(vi), "“%s” cần vai trò %s %s, phụ trách %s",
	    t->name.vi, roles_vi, level_where[t->level].vi, where);
	snprintf(en, sizeof(en), "“%s” needs the role %s %s, responsible "
	    "for %s", t->name.en, roles_en, level_where[t->level].en, where);
	arena_free(a);
	return err_set_texts(ei, ERR_FORBIDDEN, "workflow.forbidden",
	    "transition", vi, en);
}

/* ERR_CONFLICT "workflow.not_allowed": t is not taken from state. */
static enum err
not_allowed(const struct wf_procedure *proc, const struct wf_transition *t,
    const char *state, struct errinfo *ei)
{
	const struct wf_state *s = wf_state_find(proc, state);
	char vi[320], en[320];

	snprintf(vi, sizeof(vi), "Không thể “%s” khi hồ sơ đang ở bước “%s”",
	    t->name.vi, s ? s->name.vi : state);
	snprintf(en, sizeof(en), "“%s” cannot be taken in the state “%s”",
	    t->name.en, s ? s->name.en : state);
	return err_set_texts(ei, ERR_CONFLICT, "workflow.not_allowed",
	    "transition", vi, en);
}

enum err
wf_check(struct db *db, const struct principal *p,
    const struct wf_procedure *proc, const struct wf_instance *in,
    const char *transition, const struct wf_transition **t,
    const struct role_binding **used, struct errinfo *ei)
{
	const struct role_binding *b;

	*t = wf_transition_find(proc, transition);
	if (used != NULL)
		*used = NULL;
	if (*t == NULL)
		return err_set(ei, ERR_NOTFOUND, "workflow.no_transition",
		    "transition", "Quy trình '%s' không có bước chuyển '%s'",
		    "The procedure '%s' has no transition '%s'", proc->id,
		    transition ? transition : "");
	if (in->terminal || !wf_transition_from(*t, in->state))
		return not_allowed(proc, *t, in->state, ei);
	if ((b = wf_may(db, p, *t, in->structure, in->code)) == NULL)
		return forbidden(db, *t, in, ei);
	if (used != NULL)
		*used = b;
	return ERR_OK;
}

/* ---- instances ---- */

/* Append event seq of instance id (inside the transaction). */
static enum err
add_event(struct db *db, const struct audit_actor *who, int64_t id,
    const char *transition, const char *from, const char *to,
    const char *note, json_t *detail, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_WF_EVENT_NEXT_SEQ);
	char now[32], *dtext = NULL;
	int64_t seq;
	int rc;
	enum err e;

	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) != 1)
		return rc < 0 ? ei->err : err_set(ei, ERR_DB, "db.error", NULL,
		    "wf_event_next_seq: không có kết quả",
		    "wf_event_next_seq: no result");
	seq = db_col_int(st, 0);
	while (db_step(st, NULL) == 1)
		;
	if (detail != NULL && !json_is_null(detail))
		dtext = json_dumps(detail, JSON_COMPACT | JSON_PRESERVE_ORDER |
		    JSON_ENCODE_ANY);
	stamp_now(now);
	st = db_stmt(db, STMT_WF_EVENT_INSERT);
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, seq);
	db_bind_text(st, 3, transition);
	db_bind_text(st, 4, from);
	db_bind_text(st, 5, to);
	db_bind_text(st, 6, now);
	audit_bind_actor(st, 7, who);
	db_bind_text(st, 8, who ? who->username : NULL);
	db_bind_text(st, 9, who ? who->role : NULL);
	db_bind_text(st, 10, who ? who->structure : NULL);
	db_bind_text(st, 11, who ? who->unit_code : NULL);
	db_bind_text(st, 12, note != NULL && note[0] != '\0' ? note : NULL);
	db_bind_text(st, 13, dtext);
	e = db_exec(st, ei);
	free(dtext);
	return e;
}

/* The audit entry of a workflow action: states and an excerpt of the
 * note (the event keeps the whole). */
static enum err
audit(struct db *db, const struct audit_actor *who, const char *action,
    const char *object, const struct wf_instance *in, const char *from,
    const char *to, int64_t row_version, const char *note,
    struct errinfo *ei)
{
	json_t *before = from[0] ? json_pack("{s:s}", "state", from) : NULL;
	json_t *after = json_pack("{s:s, s:I}", "state", to, "row_version",
	    (json_int_t)row_version);
	struct audit_event ev = { .action = action, .object = object,
	    .structure = in->structure, .unit_code = in->code,
	    .before = before, .after = after };
	enum err e;

	if (note != NULL && note[0] != '\0')
		json_object_set_new(after, "note", json_stringn(note,
		    text_utf8_cut(note, 600)));
	e = audit_append(db, who, &ev, ei);
	json_decref(before);
	json_decref(after);
	return e;
}

static enum err
check_note(const char *note, struct errinfo *ei)
{
	if (note != NULL && strlen(note) > WF_NOTE_MAX)
		return err_set(ei, ERR_INVALID, "workflow.note_too_long",
		    "note", "Ghi chú dài %zu byte, tối đa %d",
		    "The note is %zu bytes long, at most %d", strlen(note),
		    WF_NOTE_MAX);
	if (note != NULL && !text_utf8_valid(note, strlen(note)))
		return err_set(ei, ERR_INVALID, "workflow.bad_note", "note",
		    "Ghi chú không phải UTF-8 hợp lệ",
		    "The note is not valid UTF-8");
	return ERR_OK;
}

/* ERR_INVALID "workflow.not_applicable": proc is not for the unit
 * (structure, code) of level lv. */
static enum err
not_applicable(const struct wf_procedure *proc, const char *structure,
    const char *code, const char *lv, struct errinfo *ei)
{
	char vi[320], en[320];

	snprintf(vi, sizeof(vi), "Quy trình “%s” áp dụng cho cấp %s, không "
	    "áp dụng cho đơn vị %s:%s (cấp %s)", proc->name.vi, proc->level,
	    structure, code, lv);
	snprintf(en, sizeof(en), "The procedure “%s” applies to the level %s, "
	    "not to the unit %s:%s (level %s)", proc->name.en, proc->level,
	    structure, code, lv);
	return err_set_texts(ei, ERR_INVALID, "workflow.not_applicable", "unit",
	    vi, en);
}

enum err
wf_start(struct db *db, const struct audit_actor *who,
    const struct wf_procedure *proc, const char *subject,
    const char *structure, const char *code, const char *note,
    int64_t *id, struct errinfo *ei)
{
	const struct wf_state *s = wf_state_find(proc, proc->initial);
	struct wf_instance in = { 0 };
	struct db_stmt *st;
	char lv[16], now[32], due[DATE_LEN], object[64];
	bool applies = false;
	int rc;
	enum err e;

	*id = 0;
	if ((e = check_note(note, ei)) != ERR_OK)
		return e;
	unit_level(db, structure, code, lv);
	if (lv[0] == '\0')
		return err_set(ei, ERR_NOTFOUND, "workflow.unit_not_found",
		    "unit", "Không có đơn vị %s:%s", "There is no unit %s:%s",
		    structure, code);
	for (size_t i = 0; i < proc->nstructures; i++)
		applies |= strcmp(proc->structures[i], structure) == 0;
	if (!applies || (strcmp(lv, proc->level) != 0 &&
	    strcmp(proc->level, "any") != 0))
		return not_applicable(proc, structure, code, lv, ei);
	stamp_now(now);
	st = db_stmt(db, STMT_WF_INSTANCE_INSERT);
	db_bind_text(st, 1, proc->id);
	db_bind_int(st, 2, proc->version);
	db_bind_text(st, 3, subject);
	db_bind_text(st, 4, structure);
	db_bind_text(st, 5, code);
	db_bind_text(st, 6, s->id);
	db_bind_text(st, 7, now);
	db_bind_text(st, 8, due_of(s, due));
	db_bind_text(st, 9, now);
	if ((rc = db_step(st, ei)) != 1)
		return rc < 0 ? ei->err : err_set(ei, ERR_DB, "db.error", NULL,
		    "wf_instance_insert: không có id",
		    "wf_instance_insert: no id");
	*id = db_col_int(st, 0);
	while ((rc = db_step(st, ei)) == 1)
		;
	if (rc < 0)
		return ei->err;
	in.structure = structure;
	in.code = code;
	snprintf(object, sizeof(object), "wf_instance:%lld", (long long)*id);
	if ((e = add_event(db, who, *id, "create", "", s->id, note, NULL,
	    ei)) != ERR_OK ||
	    (e = audit(db, who, "workflow.start", object, &in, "", s->id, 1,
	    note, ei)) != ERR_OK)
		return e;
	return wf_bump_version(db, ei);
}

/* ERR_NOTFOUND "workflow.instance_not_found" naming instance id. */
static enum err
no_instance(int64_t id, struct errinfo *ei)
{
	return err_set(ei, ERR_NOTFOUND, "workflow.instance_not_found", "id",
	    "Không có quy trình đang xử lý số %lld",
	    "There is no workflow instance %lld", (long long)id);
}

enum err
wf_instance_get(struct db *db, struct arena *a, int64_t id,
    struct wf_instance *out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_WF_INSTANCE_GET);
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) != 1)
		return rc < 0 ? ei->err : no_instance(id, ei);
	out->id = db_col_int(st, 0);
	out->procedure_id = arena_strdup(a, db_col_text(st, 1));
	out->procedure_version = (int)db_col_int(st, 2);
	out->subject = arena_strdup(a, db_col_text(st, 3));
	out->structure = arena_strdup(a, db_col_text(st, 4));
	out->code = arena_strdup(a, db_col_text(st, 5));
	out->state = arena_strdup(a, db_col_text(st, 6));
	out->row_version = db_col_int(st, 7);
	out->state_since = arena_strdup(a, db_col_text(st, 8));
	out->due_on = db_col_null(st, 9) ? NULL :
	    arena_strdup(a, db_col_text(st, 9));
	out->terminal = db_col_int(st, 10) != 0;
	out->created_at = arena_strdup(a, db_col_text(st, 11));
	while ((rc = db_step(st, ei)) == 1)
		;
	return rc < 0 ? ei->err : ERR_OK;
}

static enum err
stale(struct errinfo *ei)
{
	return err_set(ei, ERR_CONFLICT, "workflow.stale", "row_version",
	    "Hồ sơ vừa được người khác xử lý; hãy tải lại trang và thử lại",
	    "Someone else has just acted on this; reload the page and try "
	    "again");
}

/* A stay moves nothing, but must not act on a state that moved on since
 * the caller read it (a vote recorded after the review was closed). */
static enum err
check_current(struct db *db, const struct wf_instance *in,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_WF_INSTANCE_ROW_VERSION);
	bool same;
	int rc;

	db_bind_int(st, 1, in->id);
	if ((rc = db_step(st, ei)) != 1)
		return rc < 0 ? ei->err : no_instance(in->id, ei);
	same = db_col_int(st, 0) == in->row_version &&
	    strcmp(db_col_text(st, 1), in->state) == 0;
	while ((rc = db_step(st, ei)) == 1)
		;
	if (rc < 0)
		return ei->err;
	return same ? ERR_OK : stale(ei);
}

enum err
wf_advance(struct db *db, const struct audit_actor *who,
    const struct wf_procedure *proc, const struct wf_instance *in,
    const struct wf_transition *t, const char *subject_ref,
    const char *note, json_t *detail, int64_t *new_row_version,
    struct errinfo *ei)
{
	const struct wf_state *to = t->to ? wf_state_find(proc, t->to) : NULL;
	int64_t rv = in->row_version;
	char now[32], due[DATE_LEN], action[96], object[96];
	struct db_stmt *st;
	enum err e;

	if (strcmp(proc->id, in->procedure_id) != 0 ||
	    proc->version != in->procedure_version)
		return err_set(ei, ERR_INVALID, "workflow.procedure_mismatch",
		    "procedure", "Hồ sơ theo quy trình %s v%d, không phải %s v%d",
		    "The instance follows the procedure %s v%d, not %s v%d",
		    in->procedure_id, in->procedure_version, proc->id,
		    proc->version);
	if (in->terminal || !wf_transition_from(t, in->state))
		return not_allowed(proc, t, in->state, ei);
	if ((e = check_note(note, ei)) != ERR_OK)
		return e;
	if (to != NULL) {
		stamp_now(now);
		st = db_stmt(db, STMT_WF_INSTANCE_MOVE);
		db_bind_text(st, 1, to->id);
		db_bind_text(st, 2, now);
		db_bind_text(st, 3, due_of(to, due));
		db_bind_int(st, 4, to->terminal);
		db_bind_int(st, 5, in->id);
		db_bind_int(st, 6, in->row_version);
		if ((e = db_exec(st, ei)) != ERR_OK)
			return e;
		if (db_changes(db) == 0)
			return stale(ei);
		rv++;
	} else if ((e = check_current(db, in, ei)) != ERR_OK)
		return e;
	snprintf(action, sizeof(action), "workflow.%s", t->id);
	if (subject_ref != NULL)
		snprintf(object, sizeof(object), "%s", subject_ref);
	else
		snprintf(object, sizeof(object), "wf_instance:%lld",
		    (long long)in->id);
	if ((e = add_event(db, who, in->id, t->id, in->state,
	    to ? to->id : in->state, note, detail, ei)) != ERR_OK ||
	    (e = audit(db, who, action, object, in, in->state,
	    to ? to->id : in->state, rv, note, ei)) != ERR_OK ||
	    (e = wf_bump_version(db, ei)) != ERR_OK)
		return e;
	if (new_row_version != NULL)
		*new_row_version = rv;
	return ERR_OK;
}

/* The name of state id in lang, or NULL for "" (before creation). */
static const char *
state_name(const struct wf_procedure *proc, const char *id, const char *lang)
{
	const struct wf_state *s = wf_state_find(proc, id);

	if (id == NULL || id[0] == '\0')
		return NULL;
	return s ? wf_text(&s->name, lang) : id;
}

enum err
wf_events(struct db *db, const struct wf_procedure *proc, int64_t id,
    const char *lang, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_WF_EVENT_LIST);
	json_t *items = json_array();
	int rc;

	db_bind_int(st, 1, id);
	while ((rc = db_step(st, ei)) == 1) {
		const char *tr = db_col_text(st, 1), *from = db_col_text(st, 2);
		const struct wf_transition *t = wf_transition_find(proc, tr);
		const char *as = db_col_text(st, 7), *au = db_col_text(st, 8);
		json_t *detail = NULL, *ev;

		if (!db_col_null(st, 10))
			detail = json_loads(db_col_text(st, 10),
			    JSON_DECODE_ANY, NULL);
		ev = json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s, s:s, s:s, "
		    "s:s?, s:s?, s:o, s:s?, s:o}",
		    "seq", (json_int_t)db_col_int(st, 0),
		    "transition", tr,
		    "transition_name", t ? wf_text(&t->name, lang) :
		    strcmp(tr, "create") == 0 ? msg_get(lang, "wf_event_create") :
		    tr,
		    "from", from[0] ? from : NULL,
		    "from_name", state_name(proc, from, lang),
		    "to", db_col_text(st, 3),
		    "to_name", state_name(proc, db_col_text(st, 3), lang),
		    "at", db_col_text(st, 4),
		    "username", db_col_text(st, 5),
		    "role", db_col_text(st, 6),
		    "actor_unit", as && au ? json_sprintf("%s:%s", as, au) :
		    json_null(),
		    "note", db_col_text(st, 9),
		    "detail", detail ? detail : json_null());
		json_array_append_new(items, ev);
	}
	if (rc < 0) {
		json_decref(items);
		return ei->err;
	}
	*out = items;
	return ERR_OK;
}
