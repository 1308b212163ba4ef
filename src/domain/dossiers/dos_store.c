/*
 * dos_store.c - dossiers in the database: loading one with its workflow
 * instance and procedure (and only its unit, for the router's scope
 * rule), creating a recognition dossier or a revocation case and what a
 * new one defaults to, the fields the unit may change, comments.
 * Transitions are in dos_act.c, attachments in dos_files.c, views and
 * lists in dos_view.c, the revocation watch in dos_watch.c, PDFs in
 * dos_pdf.c.
 *
 * A dossier is one row of dossier beside its workflow instance (the engine
 * keeps the state, the row version and the timeline); both are written in
 * the same transaction with their audit entries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/msg.h"
#include "core/stamp.h"
#include "domain/criteria/criteria_store.h"
#include "domain/dossiers/dos_internal.h"
#include "domain/surveys/surveys_store.h"
#include "domain/units/units.h"

const char *const dos_titles[] = { "ntm", "advanced", "model", "modern",
	NULL };

static const char *
dup_col(struct arena *a, struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);

	return s != NULL ? arena_strdup(a, s) : NULL;
}

enum err
dos_bump(struct db *db, bool titles, struct errinfo *ei)
{
	enum err e;

	if ((e = db_meta_bump(db, DOS_META_VERSION, ei)) != ERR_OK || !titles)
		return e;
	/* A title changes what the criteria pages show ("recognised"). */
	return db_meta_bump(db, CRIT_META_VERSION, ei);
}

enum err
dos_written(struct db *db, const struct audit_actor *who, const char *action,
    const struct dos *d, int64_t id, json_t *after, struct errinfo *ei)
{
	enum err e = audit_record(db, who, action, d ? d->structure : NULL,
	    d ? d->code : NULL, after, ei, "dossier:%lld", (long long)id);

	return e == ERR_OK ? dos_bump(db, false, ei) : e;
}

enum err
dos_stale(struct errinfo *ei)
{
	return err_set(ei, ERR_CONFLICT, "workflow.stale", "row_version",
	    "Hồ sơ đã được người khác xử lý từ khi mở trang; hãy tải lại",
	    "Someone else has acted on the dossier since the page was "
	    "opened; reload it");
}

size_t
dos_chars(const char *s)
{
	size_t n = 0;

	for (; s != NULL && *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

const struct wf_text *
dos_kind_text(const struct wf_procedure *proc, const char *kind)
{
	for (size_t i = 0; kind != NULL && i < proc->nkinds; i++)
		if (strcmp(proc->kinds[i].id, kind) == 0)
			return &proc->kinds[i].name;
	return NULL;
}

const char *
dos_kind_name(const struct wf_procedure *proc, const char *kind,
    const char *lang)
{
	const struct wf_text *t = dos_kind_text(proc, kind);

	return t != NULL ? wf_text(t, lang) : NULL;
}

/* ERR_NOTFOUND "dossiers.not_found" naming dossier id. */
static enum err
not_found(int64_t id, struct errinfo *ei)
{
	return err_set(ei, ERR_NOTFOUND, "dossiers.not_found", "id",
	    "Không có hồ sơ số %lld", "There is no dossier %lld",
	    (long long)id);
}

enum err
dos_unit_of(struct db *db, struct arena *a, int64_t id,
    const char **structure, const char **code, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_DOS_UNIT_OF);
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) == 1) {
		*structure = dup_col(a, st, 0);
		*code = dup_col(a, st, 1);
	}
	db_end_reads(db);
	if (rc != 1)
		return rc < 0 ? ei->err : not_found(id, ei);
	return ERR_OK;
}

enum err
dos_load(struct db *db, struct arena *a, int64_t id, struct dos *d,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_DOS_GET);
	enum err e;
	int rc;

	memset(d, 0, sizeof(*d));
	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) != 1) {
		db_end_reads(db);
		return rc < 0 ? ei->err : not_found(id, ei);
	}
	d->id = db_col_int(st, 0);
	d->kind = dup_col(a, st, 1);
	d->instance_id = db_col_int(st, 2);
	d->structure = dup_col(a, st, 3);
	d->code = dup_col(a, st, 4);
	d->set_id = dup_col(a, st, 5);
	d->year = (int)db_col_int(st, 6);
	d->title = dup_col(a, st, 7);
	d->campaign_id = db_col_null(st, 8) ? 0 : db_col_int(st, 8);
	d->snapshot = dup_col(a, st, 9);
	d->snapshot_version = (int)db_col_int(st, 10);
	d->snapshot_at = dup_col(a, st, 11);
	d->satisfaction = dup_col(a, st, 12);
	d->justification = dup_col(a, st, 13);
	d->council_round = (int)db_col_int(st, 14);
	d->decision_no = dup_col(a, st, 15);
	d->decision_date = dup_col(a, st, 16);
	d->decision_signer = dup_col(a, st, 17);
	d->revokes = db_col_null(st, 18) ? 0 : db_col_int(st, 18);
	d->is_open = db_col_int(st, 19) != 0;
	d->created_at = dup_col(a, st, 20);
	d->created_by = dup_col(a, st, 21);
	d->unit_name = dup_col(a, st, 22);
	d->unit_level = dup_col(a, st, 23);
	d->parent_name = dup_col(a, st, 24);
	db_end_reads(db);
	if ((e = wf_instance_get(db, a, d->instance_id, &d->in, ei)) != ERR_OK ||
	    (e = wf_load(db, d->in.procedure_id, d->in.procedure_version,
	    &d->proc, ei)) != ERR_OK)
		return e;
	if ((d->state = wf_state_find(d->proc, d->in.state)) == NULL)
		return err_set(ei, ERR_DB, "dossiers.bad_state", NULL,
		    "Trạng thái \"%s\" không có trong quy trình %s",
		    "The state \"%s\" is not one of the procedure %s",
		    d->in.state, d->proc->id);
	return ERR_OK;
}

const struct role_binding *
dos_may_attach(struct db *db, const struct principal *p, const struct dos *d)
{
	const struct role_binding *b;

	if (p == NULL || d->in.terminal)
		return NULL;
	if (d->state->editable && (b = wf_may_create(db, p, d->proc,
	    d->structure, d->code)) != NULL)
		return b;
	for (size_t i = 0; i < d->proc->ntransitions; i++) {
		const struct wf_transition *t = &d->proc->transitions[i];

		if (wf_transition_from(t, d->in.state) && (b = wf_may(db, p, t,
		    d->structure, d->code)) != NULL)
			return b;
	}
	return NULL;
}

int
dos_title_held(struct db *db, const char *structure, const char *code,
    const char *title, struct arena *a, const char **set_id, int *year,
    int64_t *granted_by, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_DOS_RECOGNITION_HELD);
	int rc;

	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, title);
	if ((rc = db_step(st, ei)) == 1) {
		if (set_id != NULL)
			*set_id = dup_col(a, st, 0);
		if (year != NULL)
			*year = (int)db_col_int(st, 1);
		if (granted_by != NULL)
			*granted_by = db_col_null(st, 4) ? 0 : db_col_int(st, 4);
	}
	db_end_reads(db);
	return rc < 0 ? -1 : rc;
}

/* ---- create ---- */

static bool
in_list(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* Does proc apply to a unit of (structure, level), title and set? */
static bool
applies(const struct wf_procedure *proc, const char *kind,
    const char *structure, const char *level, const char *title,
    const char *set_id)
{
	return strcmp(proc->kind, kind) == 0 &&
	    in_list(proc->structures, proc->nstructures, structure) &&
	    (proc->level == NULL || strcmp(proc->level, level) == 0) &&
	    (proc->ntitles == 0 || in_list(proc->titles, proc->ntitles,
	    title)) && (proc->nsets == 0 || in_list(proc->sets, proc->nsets,
	    set_id));
}

/* A procedure the client named or chose by default that cannot be used
 * is a fault of the request's procedure_id (422), not a missing page. */
static enum err
as_procedure_fault(enum err e, struct errinfo *ei)
{
	if (e != ERR_NOTFOUND)
		return e;
	ei->err = ERR_INVALID;
	snprintf(ei->field, sizeof(ei->field), "procedure_id");
	return ERR_INVALID;
}

/* The name of criteria set id in lang, or id when it cannot be read. */
static const char *
set_name(struct db *db, const char *id, const char *lang)
{
	const struct crit_set *set;
	struct errinfo ignored;

	if (id == NULL || crit_store_load(db, id, 0, &set, &ignored) != ERR_OK)
		return id != NULL ? id : "";
	return msg_pick(lang, set->name, set->name_en);
}

/* The label of a title in lang ("Xã đạt chuẩn nông thôn mới"). */
static const char *
title_label(struct arena *a, const char *title, const char *lang)
{
	return msg_get(lang, arena_printf(a, "dos_title_%s", title));
}

/* No procedure of kind for u, title and set: said with their names, as
 * the form shows them (422 "dossiers.no_procedure", field set_id). */
static enum err
no_procedure(struct db *db, struct arena *a, const struct unit *u,
    const char *title, const char *set_id, struct errinfo *ei)
{
	return err_set_texts(ei, ERR_INVALID, "dossiers.no_procedure",
	    "set_id", arena_printf(a, "Không có quy trình nào để xét danh "
	    "hiệu “%s” theo “%s” cho %s: hãy chọn danh hiệu hoặc bộ tiêu chí "
	    "khác", title_label(a, title, "vi"), set_name(db, set_id, "vi"),
	    u->full_name), arena_printf(a, "No procedure applies to the title "
	    "“%s” under “%s” for %s: choose another title or criteria set",
	    title_label(a, title, "en"), set_name(db, set_id, "en"),
	    u->full_name));
}

static enum err
pick(struct db *db, struct arena *a, const char *kind,
    const char *procedure_id, const struct unit *u, const char *title,
    const char *set_id, const struct wf_procedure **proc,
    struct errinfo *ei)
{
	enum err e;

	if (procedure_id == NULL || procedure_id[0] == '\0') {
		e = wf_pick(db, kind, u->structure, u->level, title, set_id,
		    proc, ei);
		if (e == ERR_NOTFOUND && strcmp(kind, "recognition") == 0)
			return no_procedure(db, a, u, title, set_id, ei);
		return as_procedure_fault(e, ei);
	}
	if ((e = wf_load(db, procedure_id, 0, proc, ei)) != ERR_OK)
		return as_procedure_fault(e, ei);
	if (!applies(*proc, kind, u->structure, u->level, title, set_id))
		return err_set_texts(ei, ERR_INVALID,
		    "dossiers.procedure_mismatch", "procedure_id",
		    arena_printf(a, "Quy trình “%s” không áp dụng cho %s, danh "
		    "hiệu “%s”, “%s”", wf_text(&(*proc)->name, "vi"),
		    u->full_name, title_label(a, title, "vi"), set_name(db,
		    set_id, "vi")), arena_printf(a, "The procedure “%s” does "
		    "not apply to %s, the title “%s”, “%s”", wf_text(
		    &(*proc)->name, "en"), u->full_name, title_label(a, title,
		    "en"), set_name(db, set_id, "en")));
	return ERR_OK;
}

static enum err
check_campaign(struct db *db, int64_t campaign_id, const char *structure,
    const char *code, struct errinfo *ei)
{
	struct surv_outcome o;
	struct errinfo why;
	char cs[16], cc[32];
	bool has_outcome, ok;
	enum err e;

	if ((e = surv_campaign_unit(db, campaign_id, cs, cc, ei)) != ERR_OK) {
		if (e == ERR_NOTFOUND)
			return err_set(ei, ERR_INVALID, "dossiers.bad_campaign",
			    "campaign_id", "Không tìm thấy đợt khảo sát đã "
			    "chọn: hãy chọn lại trong danh sách", "The survey "
			    "campaign chosen was not found: choose it again "
			    "from the list");
		return e;
	}
	if (strcmp(cs, structure) != 0 || strcmp(cc, code) != 0)
		return err_set(ei, ERR_INVALID, "dossiers.bad_campaign",
		    "campaign_id", "Đợt khảo sát đã chọn không phải của đơn vị "
		    "này: hãy chọn một đợt của đơn vị", "The survey campaign "
		    "chosen is not one of this unit: choose one of the unit's");
	/* A result whose numbers cannot be is refused from the start (an
	 * open campaign may have no outcome yet: its counts are checked). */
	has_outcome = surv_campaign_outcome(db, campaign_id, &o, ei) == ERR_OK;
	if (!has_outcome && (ei->err == ERR_DB || ei->err == ERR_UNAVAILABLE))
		return ei->err;
	err_clear(ei);
	if ((e = dos_survey_plausible(db, campaign_id, has_outcome ? &o : NULL,
	    &ok, &why, ei)) != ERR_OK)
		return e;
	if (!ok) {
		*ei = why;
		snprintf(ei->field, sizeof(ei->field), "campaign_id");
		return ei->err;
	}
	return ERR_OK;
}

static enum err
open_exists(struct db *db, const char *structure, const char *code,
    const char *title, const char *kind, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_DOS_OPEN_OF);
	int64_t other;
	int rc;

	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, title);
	db_bind_text(st, 4, kind);
	rc = db_step(st, ei);
	other = rc == 1 ? db_col_int(st, 0) : 0;
	db_end_reads(db);
	if (rc < 0)
		return ei->err;
	if (rc == 1)
		return err_set(ei, ERR_CONFLICT, "dossiers.exists", "title",
		    "Đơn vị đã có hồ sơ số %lld đang xử lý cho danh hiệu này",
		    "The unit already has the dossier %lld open for this title",
		    (long long)other);
	return ERR_OK;
}

/* Start the instance and insert the dossier n of kind (revokes: the
 * dossier whose title it may end, or 0), inside the caller's
 * transaction. */
static enum err
insert(struct db *db, const struct audit_actor *who,
    const struct wf_procedure *proc, const char *kind,
    const struct dos_new *n, int64_t revokes, int64_t *id,
    struct errinfo *ei)
{
	struct dos d = { .structure = n->structure, .code = n->code };
	struct db_stmt *st;
	int64_t instance;
	char now[32];
	enum err e;
	int rc;

	if ((e = open_exists(db, n->structure, n->code, n->title, kind,
	    ei)) != ERR_OK ||
	    (e = wf_start(db, who, proc, "dossier", n->structure, n->code,
	    n->note, &instance, ei)) != ERR_OK)
		return e;
	stamp_now(now);
	st = db_stmt(db, STMT_DOS_INSERT);
	db_bind_text(st, 1, kind);
	db_bind_int(st, 2, instance);
	db_bind_text(st, 3, n->structure);
	db_bind_text(st, 4, n->code);
	db_bind_text(st, 5, n->set_id);
	db_bind_int(st, 6, n->year);
	db_bind_text(st, 7, n->title);
	if (n->campaign_id > 0)
		db_bind_int(st, 8, n->campaign_id);
	else
		db_bind_null(st, 8);
	if (revokes > 0)
		db_bind_int(st, 9, revokes);
	else
		db_bind_null(st, 9);
	db_bind_text(st, 10, now);
	audit_bind_actor(st, 11, who);
	rc = db_step(st, ei);
	if (rc == 1)
		*id = db_col_int(st, 0);
	db_end_reads(db);
	if (rc != 1)
		return rc < 0 ? ei->err : err_set(ei, ERR_DB, "dossiers.insert",
		    NULL, "Không lưu được hồ sơ", "The dossier was not stored");
	return dos_written(db, who, "dossier.create", &d, *id, json_pack(
	    "{s:s, s:s?, s:i, s:s?, s:s, s:i}", "kind", kind, "set_id",
	    n->set_id, "year", n->year, "title", n->title, "procedure",
	    proc->id, "version", proc->version), ei);
}

/* A recognition dossier is not started for a title the unit holds
 * under the same criteria set (409 naming the decision, number and
 * date; read inside the write's transaction; a second open dossier is
 * open_exists's).  A dossier
 * under another set - the next period's - is a re-recognition and
 * goes ahead. */
static enum err
not_twice(struct db *db, struct arena *a, const struct unit *u,
    const struct dos_new *n, struct errinfo *ei)
{
	struct db_stmt *st;
	int rc;

	st = db_stmt(db, STMT_DOS_RECOGNITION_HELD);
	db_bind_text(st, 1, u->structure);
	db_bind_text(st, 2, u->code);
	db_bind_text(st, 3, n->title);
	while ((rc = db_step(st, ei)) == 1) {
		const char *set = db_col_text(st, 0);

		if (set != NULL && n->set_id != NULL &&
		    strcmp(set, n->set_id) == 0) {
			const char *no = arena_printf(a, "%s",
			    db_col_text(st, 2) ? db_col_text(st, 2) : "");
			const char *date = arena_printf(a, "%s",
			    db_col_text(st, 3) ? db_col_text(st, 3) : "");

			db_end_reads(db);
			return err_set(ei, ERR_CONFLICT,
			    "dossiers.already_recognised", NULL,
			    "%s đã được công nhận danh hiệu này theo quyết định "
			    "số %s ngày %s: không lập hồ sơ mới (trừ hồ sơ "
			    "công nhận lại theo bộ tiêu chí giai đoạn sau)",
			    "%s already holds this title by decision %s of %s: "
			    "no new dossier (except a re-recognition under a "
			    "later period's criteria set)", u->full_name, no,
			    date_display(a, date, "vi") ? date_display(a, date,
			    "vi") : date);
		}
	}
	db_end_reads(db);
	return rc < 0 ? ei->err : ERR_OK;
}

/* Start the dossier n of kind on unit u (revokes: the dossier whose
 * title it may end, or 0) by p, if the procedure lets p start it (else
 * ERR_FORBIDDEN "dossiers.forbidden", the message of the kind from the
 * message table): one transaction, the actor the binding it allows. */
static enum err
start(struct db *db, struct arena *a, const struct principal *p,
    const struct wf_procedure *proc, const char *kind, const struct unit *u,
    const struct dos_new *n, int64_t revokes, int64_t *id,
    struct errinfo *ei)
{
	const struct role_binding *b;
	struct dos_new row = *n;
	struct audit_actor who;
	enum err e;

	if ((b = wf_may_create(db, p, proc, u->structure, u->code)) == NULL) {
		const char *key = arena_printf(a, "dos_err_not_starter_%s", kind);

		return err_set_texts(ei, ERR_FORBIDDEN, "dossiers.forbidden", NULL,
		    msg_formata(a, "vi", key, &u->full_name, 1),
		    msg_formata(a, "en", key, &u->full_name, 1));
	}
	row.structure = u->structure;
	row.code = u->code;
	auth_actor(p, b, &who);
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	if (strcmp(kind, "recognition") == 0)
		e = not_twice(db, a, u, n, ei);
	if (e == ERR_OK)
		e = insert(db, &who, proc, kind, &row, revokes, id, ei);
	return db_finish(db, e, ei);
}

static enum err
check_title(const char *title, struct errinfo *ei)
{
	for (size_t i = 0; title != NULL && dos_titles[i] != NULL; i++)
		if (strcmp(dos_titles[i], title) == 0)
			return ERR_OK;
	return err_set(ei, ERR_INVALID, "dossiers.bad_title", "title",
	    "Hãy chọn danh hiệu trong danh sách",
	    "Choose the title from the list");
}

static enum err
check_note(const char *note, struct errinfo *ei)
{
	if (note != NULL && strlen(note) > DOS_TEXT_MAX)
		return err_set(ei, ERR_INVALID, "dossiers.too_long", "note",
		    "Ghi chú dài quá %d byte", "The note is longer than %d "
		    "bytes", DOS_TEXT_MAX);
	return ERR_OK;
}

static enum err
check_unit(struct db *db, struct arena *a, const char *structure,
    const char *code, struct unit *u, struct errinfo *ei)
{
	if (structure == NULL || code == NULL ||
	    units_get(db, a, structure, code, u, ei) != ERR_OK)
		return err_set(ei, ERR_INVALID, "dossiers.bad_unit", "unit",
		    "Không tìm thấy đơn vị đã chọn: hãy chọn lại theo tên",
		    "The unit chosen was not found: choose it again by name");
	return ERR_OK;
}

/* What both kinds of dossier check first: a title of the list, a note of
 * bounded size, a unit that exists (into u, strings in a). */
static enum err
check_new(struct db *db, struct arena *a, const char *title,
    const char *note, const char *structure, const char *code,
    struct unit *u, struct errinfo *ei)
{
	enum err e;

	if ((e = check_title(title, ei)) != ERR_OK ||
	    (e = check_note(note, ei)) != ERR_OK)
		return e;
	return check_unit(db, a, structure, code, u, ei);
}

/* The criteria set of a new dossier, for the unit u and the year. */
static enum err
check_set(struct db *db, struct arena *a, const char *set_id, int year,
    const struct unit *u, struct errinfo *ei)
{
	const struct crit_set *set;

	if (set_id == NULL || crit_store_load(db, set_id, 0, &set, ei) !=
	    ERR_OK)
		return err_set(ei, ERR_INVALID, "dossiers.bad_set", "set_id",
		    "Không tìm thấy bộ tiêu chí đã chọn: hãy chọn lại trong "
		    "danh sách", "The criteria set chosen was not found: "
		    "choose it again from the list");
	if (strcmp(set->structure, u->structure) != 0 ||
	    strcmp(set->level, u->level) != 0)
		return err_set_texts(ei, ERR_INVALID, "dossiers.bad_set",
		    "set_id", arena_printf(a, "“%s” không áp dụng cho %s",
		    set->name, u->full_name), arena_printf(a, "“%s” does not "
		    "apply to %s", msg_pick("en", set->name, set->name_en),
		    u->full_name));
	if (year < set->year_from || year > set->year_to)
		return err_set(ei, ERR_INVALID, "dossiers.bad_year", "year",
		    "Năm phải trong giai đoạn %d-%d của bộ tiêu chí",
		    "The year is within the set's period %d-%d",
		    set->year_from, set->year_to);
	return ERR_OK;
}

size_t
dos_new_problems(struct db *db, const struct dos_new *n, struct errinfo *out,
    size_t max)
{
	struct arena *a = arena_new(4096);
	const struct wf_procedure *proc;
	struct unit u;
	bool title_ok, unit_ok, set_ok = false;
	size_t k = 0;

	/* each check writes into the next free slot; a slot is kept when its
	 * check refused */
#define DOS_PROBLEM(call)	(k < max && (call) != ERR_OK ? (k++, false) : true)
	title_ok = DOS_PROBLEM(check_title(n->title, &out[k]));
	(void)DOS_PROBLEM(check_note(n->note, &out[k]));
	unit_ok = DOS_PROBLEM(check_unit(db, a, n->structure, n->code, &u,
	    &out[k]));
	if (unit_ok)
		set_ok = DOS_PROBLEM(check_set(db, a, n->set_id, n->year, &u,
		    &out[k]));
	if (unit_ok && title_ok && set_ok)
		(void)DOS_PROBLEM(pick(db, a, "recognition", n->procedure_id, &u,
		    n->title, n->set_id, &proc, &out[k]));
	if (unit_ok && n->campaign_id > 0)
		(void)DOS_PROBLEM(check_campaign(db, n->campaign_id, u.structure,
		    u.code, &out[k]));
#undef DOS_PROBLEM
	db_end_reads(db);
	arena_free(a);
	return k;
}

enum err
dos_create(struct db *db, const struct principal *p, const struct dos_new *n,
    int64_t *id, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	const struct wf_procedure *proc;
	struct unit u;
	enum err e;

	if ((e = check_new(db, a, n->title, n->note, n->structure, n->code, &u,
	    ei)) != ERR_OK ||
	    (e = check_set(db, a, n->set_id, n->year, &u, ei)) != ERR_OK ||
	    (e = pick(db, a, "recognition", n->procedure_id, &u, n->title,
	    n->set_id, &proc, ei)) != ERR_OK ||
	    (n->campaign_id > 0 && (e = check_campaign(db, n->campaign_id,
	    u.structure, u.code, ei)) != ERR_OK))
		goto out;
	e = start(db, a, p, proc, "recognition", &u, n, 0, id, ei);
out:
	db_end_reads(db);
	arena_free(a);
	return e;
}

enum err
dos_revocation_open(struct db *db, const struct principal *p,
    const char *structure, const char *code, const char *title,
    const char *note, int64_t *id, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	const struct wf_procedure *proc;
	struct dos_new row = { .title = title, .note = note };
	struct unit u;
	int64_t granted_by = 0;
	int year = 0, trig = 0, failed, total, rc;
	enum err e;

	if ((e = check_new(db, a, title, note, structure, code, &u, ei)) !=
	    ERR_OK)
		goto out;
	if ((rc = dos_title_held(db, structure, code, title, a, &row.set_id,
	    &year, &granted_by, ei)) <= 0) {
		e = rc < 0 ? ei->err : err_set(ei, ERR_CONFLICT,
		    "dossiers.no_title", "title", "%s không giữ danh hiệu này",
		    "%s does not hold this title", u.full_name);
		goto out;
	}
	/* The case is about the newest evaluation that triggers the rule
	 * (or, without one, the year of the recognition). */
	if ((e = pick(db, a, "revocation", NULL, &u, title, row.set_id, &proc,
	    ei)) != ERR_OK ||
	    (e = dos_rule_triggered(db, structure, code, row.set_id, year,
	    &trig, &failed, &total, ei)) != ERR_OK)
		goto out;
	row.year = trig > 0 ? trig : year;
	e = start(db, a, p, proc, "revocation", &u, &row, granted_by, id, ei);
out:
	db_end_reads(db);
	arena_free(a);
	return e;
}

/* ---- the unit's fields ---- */

enum err
dos_begin_on(struct db *db, struct arena *a, int64_t id, struct dos *d,
    struct errinfo *ei)
{
	enum err e;

	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	if ((e = dos_load(db, a, id, d, ei)) != ERR_OK)
		return db_finish(db, e, ei);
	return ERR_OK;
}

/* What the unit may change now, and the binding the procedure lets do it. */
static enum err
check_update(struct db *db, const struct principal *p, const struct dos *d,
    int64_t row_version, const char *justification,
    const struct role_binding **b, struct errinfo *ei)
{
	if ((*b = wf_may_create(db, p, d->proc, d->structure, d->code)) ==
	    NULL)
		return err_set(ei, ERR_FORBIDDEN, "dossiers.forbidden", NULL,
		    "Chỉ cán bộ của %s được sửa hồ sơ",
		    "Only the officers of %s may change the dossier",
		    d->unit_name);
	if (row_version != d->in.row_version)
		return dos_stale(ei);
	if (d->in.terminal || !d->state->editable) {
		char vi[256], en[256];

		snprintf(vi, sizeof(vi), "Hồ sơ đang ở bước \"%s\": không sửa "
		    "được", d->state->name.vi);
		snprintf(en, sizeof(en), "The dossier is at the step \"%s\": "
		    "it cannot be changed", d->state->name.en);
		return err_set_texts(ei, ERR_CONFLICT, "dossiers.not_editable",
		    NULL, vi, en);
	}
	if (justification != NULL && strlen(justification) >
	    DOS_JUSTIFICATION_MAX)
		return err_set(ei, ERR_INVALID, "dossiers.too_long",
		    "justification", "Giải trình dài quá %d byte",
		    "The justification is longer than %d bytes",
		    DOS_JUSTIFICATION_MAX);
	return ERR_OK;
}

enum err
dos_update(struct db *db, const struct principal *p, int64_t id,
    int64_t row_version, int64_t campaign_id, const char *justification,
    struct errinfo *ei)
{
	struct arena *a = arena_new(8192);
	const struct role_binding *b;
	struct audit_actor who;
	struct db_stmt *st;
	struct dos d;
	enum err e;

	if ((e = dos_begin_on(db, a, id, &d, ei)) != ERR_OK)
		goto done;
	if ((e = check_update(db, p, &d, row_version, justification, &b,
	    ei)) != ERR_OK ||
	    (campaign_id > 0 && (e = check_campaign(db, campaign_id,
	    d.structure, d.code, ei)) != ERR_OK))
		goto out;
	if (campaign_id != 0) {
		st = db_stmt(db, STMT_DOS_SET_CAMPAIGN);
		if (campaign_id > 0)
			db_bind_int(st, 1, campaign_id);
		else
			db_bind_null(st, 1);
		db_bind_int(st, 2, id);
		if ((e = db_exec(st, ei)) != ERR_OK)
			goto out;
	}
	if (justification != NULL) {
		st = db_stmt(db, STMT_DOS_SET_JUSTIFICATION);
		db_bind_text(st, 1, justification[0] ? justification : NULL);
		db_bind_int(st, 2, id);
		if ((e = db_exec(st, ei)) != ERR_OK)
			goto out;
	}
	auth_actor(p, b, &who);
	e = dos_written(db, &who, "dossier.update", &d, id, json_pack(
	    "{s:I, s:s}", "campaign_id", (json_int_t)(campaign_id != 0 ?
	    campaign_id : d.campaign_id), "justification", justification !=
	    NULL ? "set" : "kept"), ei);
out:
	e = db_finish(db, e, ei);
done:
	arena_free(a);
	return e;
}

/* ---- comments ---- */

/* Is id a criterion of set_id (newest version)? */
static bool
criterion_known(struct db *db, const char *set_id, const char *id)
{
	const struct crit_set *s;
	struct errinfo ei;

	if (crit_store_load(db, set_id, 0, &s, &ei) != ERR_OK)
		return false;
	for (size_t i = 0; i < s->n_criteria; i++)
		if (strcmp(s->criteria[i].id, id) == 0)
			return true;
	return false;
}

/* A comment's body: not blank, not too long. */
static enum err
check_body(const char *body, struct errinfo *ei)
{
	if (body == NULL || body[strspn(body, " \t\r\n")] == '\0')
		return err_set(ei, ERR_INVALID, "dossiers.empty", "body",
		    "Hãy nhập nội dung ý kiến", "The comment is empty");
	if (strlen(body) > DOS_TEXT_MAX)
		return err_set(ei, ERR_INVALID, "dossiers.too_long", "body",
		    "Ý kiến dài quá %d byte", "The comment is longer than %d "
		    "bytes", DOS_TEXT_MAX);
	return ERR_OK;
}

/* Whether d takes a comment on criterion (NULL or "": the whole). */
static enum err
check_commentable(struct db *db, const struct dos *d, const char *criterion,
    struct errinfo *ei)
{
	if (!d->is_open)
		return err_set(ei, ERR_CONFLICT, "dossiers.closed", NULL,
		    "Hồ sơ đã kết thúc: không thêm ý kiến được",
		    "The dossier is closed: it takes no more comments");
	if (criterion != NULL && criterion[0] != '\0' &&
	    !criterion_known(db, d->set_id, criterion))
		return err_set(ei, ERR_INVALID, "dossiers.bad_criterion",
		    "criterion", "Bộ tiêu chí của hồ sơ không có tiêu chí số %s: "
		    "hãy chọn tiêu chí trong danh sách", "The dossier's criteria "
		    "set has no criterion %s: choose one from the list",
		    criterion);
	return ERR_OK;
}

enum err
dos_comment(struct db *db, const struct audit_actor *who, int64_t id,
    const char *criterion, const char *body, struct errinfo *ei)
{
	struct arena *a = arena_new(8192);
	struct db_stmt *st;
	struct dos d;
	char now[32];
	enum err e;
	int rc;

	if ((e = check_body(body, ei)) != ERR_OK ||
	    (e = dos_begin_on(db, a, id, &d, ei)) != ERR_OK)
		goto done;
	if ((e = check_commentable(db, &d, criterion, ei)) != ERR_OK)
		goto out;
	stamp_now(now);
	st = db_stmt(db, STMT_DOS_COMMENT_INSERT);
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, criterion != NULL && criterion[0] ? criterion :
	    NULL);
	db_bind_text(st, 3, "comment");
	db_bind_text(st, 4, body);
	db_bind_text(st, 5, now);
	audit_bind_actor(st, 6, who);
	db_bind_text(st, 7, who != NULL ? who->username : NULL);
	rc = db_step(st, ei);
	db_end_reads(db);
	if (rc < 0) {
		e = ei->err;
		goto out;
	}
	e = dos_written(db, who, "dossier.comment", &d, id, NULL, ei);
out:
	e = db_finish(db, e, ei);
done:
	arena_free(a);
	return e;
}
