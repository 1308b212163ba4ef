/*
 * dos_store.c - dossiers in the database: loading one with its workflow
 * instance and procedure, who may read it, creating a recognition dossier
 * or a revocation case, the fields the unit may change, comments.
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
#include <time.h>

#include "core/stamp.h"
#include "domain/auth/auth_internal.h"
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

void
dos_actor(const struct principal *p, const struct role_binding *b,
    struct audit_actor *out)
{
	auth_actor(p, b, out);
}

enum err
dos_audit(struct db *db, const struct audit_actor *who, const char *action,
    const struct dos *d, int64_t id, json_t *after, struct errinfo *ei)
{
	return audit_record(db, who, action, d ? d->structure : NULL,
	    d ? d->code : NULL, after, ei, "dossier:%lld", (long long)id);
}

size_t
dos_chars(const char *s)
{
	size_t n = 0;

	for (; s != NULL && *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

bool
dos_date_valid(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int y, m, dd;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	dd = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || dd < 1 || dd > mdays[m - 1])
		return false;
	return !(m == 2 && dd == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)));
}

const char *
dos_kind_name(const struct wf_procedure *proc, const char *kind,
    const char *lang)
{
	for (size_t i = 0; kind != NULL && i < proc->nkinds; i++)
		if (strcmp(proc->kinds[i].id, kind) == 0)
			return wf_text(&proc->kinds[i].name, lang);
	return NULL;
}

bool
dos_sees_all(const struct principal *p)
{
	for (size_t i = 0; p != NULL && i < p->nroles; i++)
		if (p->roles[i].role == ROLE_ADMIN ||
		    p->roles[i].role == ROLE_COORDINATOR)
			return true;
	return false;
}

bool
dos_may_read(struct db *db, const struct principal *p, const char *structure,
    const char *code)
{
	if (p == NULL)
		return false;
	return dos_sees_all(p) || auth_can(db, p, ROLES_ALL, structure, code,
	    NULL);
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
		return rc < 0 ? ei->err : err_set_vi(ei, ERR_NOTFOUND,
		    "dossiers.not_found", "id", "Không có hồ sơ số %lld",
		    (long long)id);
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
		return err_set_vi(ei, ERR_DB, "dossiers.bad_state", NULL,
		    "Trạng thái \"%s\" không có trong quy trình %s",
		    d->in.state, d->proc->id);
	return ERR_OK;
}

enum err
dos_load_readable(struct db *db, struct arena *a, const struct principal *p,
    int64_t id, struct dos *d, struct errinfo *ei)
{
	enum err e;

	if (p == NULL)
		return err_set_vi(ei, ERR_UNAUTH, "auth.required", NULL,
		    "Cần đăng nhập");
	if ((e = dos_load(db, a, id, d, ei)) != ERR_OK)
		return e;
	if (!dos_may_read(db, p, d->structure, d->code))
		return err_set_vi(ei, ERR_FORBIDDEN, "dossiers.forbidden", NULL,
		    "Hồ sơ số %lld không thuộc phạm vi của tài khoản này",
		    (long long)id);
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

static enum err
pick(struct db *db, const char *kind, const char *procedure_id,
    const struct unit *u, const char *title, const char *set_id,
    const struct wf_procedure **proc, struct errinfo *ei)
{
	enum err e;

	if (procedure_id == NULL || procedure_id[0] == '\0') {
		if ((e = wf_pick(db, kind, u->structure, u->level, title, set_id,
		    proc, ei)) == ERR_NOTFOUND) {
			ei->err = e = ERR_INVALID;
			snprintf(ei->field, sizeof(ei->field), "procedure_id");
		}
		return e;
	}
	if ((e = wf_load(db, procedure_id, 0, proc, ei)) != ERR_OK) {
		if (e == ERR_NOTFOUND) {
			ei->err = e = ERR_INVALID;
			snprintf(ei->field, sizeof(ei->field), "procedure_id");
		}
		return e;
	}
	if (!applies(*proc, kind, u->structure, u->level, title, set_id))
		return err_set_vi(ei, ERR_INVALID, "dossiers.procedure_mismatch",
		    "procedure_id", "Quy trình %s không áp dụng cho %s, "
		    "danh hiệu %s, bộ tiêu chí %s", procedure_id, u->full_name,
		    title, set_id);
	return ERR_OK;
}

static enum err
check_campaign(struct db *db, int64_t campaign_id, const char *structure,
    const char *code, struct errinfo *ei)
{
	char cs[16], cc[32];
	enum err e;

	if ((e = surv_campaign_unit(db, campaign_id, cs, cc, ei)) != ERR_OK) {
		if (e == ERR_NOTFOUND)
			return err_set_vi(ei, ERR_INVALID, "dossiers.bad_campaign",
			    "campaign_id", "Không có đợt khảo sát số %lld",
			    (long long)campaign_id);
		return e;
	}
	if (strcmp(cs, structure) != 0 || strcmp(cc, code) != 0)
		return err_set_vi(ei, ERR_INVALID, "dossiers.bad_campaign",
		    "campaign_id", "Đợt khảo sát số %lld không phải của đơn vị "
		    "này", (long long)campaign_id);
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
		return err_set_vi(ei, ERR_CONFLICT, "dossiers.exists", "title",
		    "Đơn vị đã có hồ sơ số %lld đang xử lý cho danh hiệu này",
		    (long long)other);
	return ERR_OK;
}

/* Start the instance and insert the dossier, inside the caller's
 * transaction. */
static enum err
insert(struct db *db, const struct audit_actor *who,
    const struct wf_procedure *proc, const char *kind, const char *structure,
    const char *code, const char *set_id, int year, const char *title,
    int64_t campaign_id, int64_t revokes, const char *note, int64_t *id,
    struct errinfo *ei)
{
	struct db_stmt *st;
	int64_t instance;
	char now[32];
	enum err e;
	int rc;

	if ((e = open_exists(db, structure, code, title, kind, ei)) != ERR_OK ||
	    (e = wf_start(db, who, proc, "dossier", structure, code, note,
	    &instance, ei)) != ERR_OK)
		return e;
	stamp_now(now);
	st = db_stmt(db, STMT_DOS_INSERT);
	db_bind_text(st, 1, kind);
	db_bind_int(st, 2, instance);
	db_bind_text(st, 3, structure);
	db_bind_text(st, 4, code);
	db_bind_text(st, 5, set_id);
	db_bind_int(st, 6, year);
	db_bind_text(st, 7, title);
	if (campaign_id > 0)
		db_bind_int(st, 8, campaign_id);
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
		return rc < 0 ? ei->err : err_set_vi(ei, ERR_DB, "dossiers.insert",
		    NULL, "Không lưu được hồ sơ");
	{
		struct dos d = { .structure = structure, .code = code };

		e = dos_audit(db, who, "dossier.create", &d, *id, json_pack(
		    "{s:s, s:s?, s:i, s:s?, s:s, s:i}", "kind", kind, "set_id",
		    set_id, "year", year, "title", title, "procedure", proc->id,
		    "version", proc->version), ei);
	}
	return e == ERR_OK ? dos_bump(db, false, ei) : e;
}

static bool
title_valid(const char *t)
{
	for (size_t i = 0; t != NULL && dos_titles[i] != NULL; i++)
		if (strcmp(dos_titles[i], t) == 0)
			return true;
	return false;
}

enum err
dos_create(struct db *db, const struct principal *p, const struct dos_new *n,
    const char *lang, int64_t *id, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	const struct wf_procedure *proc;
	const struct crit_set *set;
	const struct role_binding *b;
	struct audit_actor who;
	struct unit u;
	enum err e;

	(void)lang;
	if (p == NULL) {
		e = err_set_vi(ei, ERR_UNAUTH, "auth.required", NULL,
		    "Cần đăng nhập");
		goto out;
	}
	if (!title_valid(n->title)) {
		e = err_set_vi(ei, ERR_INVALID, "dossiers.bad_title", "title",
		    "Danh hiệu phải là một trong: ntm, advanced, model, modern");
		goto out;
	}
	if (n->note != NULL && strlen(n->note) > DOS_TEXT_MAX) {
		e = err_set_vi(ei, ERR_INVALID, "dossiers.too_long", "note",
		    "Ghi chú dài quá %d byte", DOS_TEXT_MAX);
		goto out;
	}
	if (n->structure == NULL || n->code == NULL ||
	    (e = units_get(db, a, n->structure, n->code, &u, ei)) != ERR_OK) {
		e = err_set_vi(ei, ERR_INVALID, "dossiers.bad_unit", "unit",
		    "Không có đơn vị %s:%s", n->structure ? n->structure : "",
		    n->code ? n->code : "");
		goto out;
	}
	if (n->set_id == NULL || (e = crit_store_load(db, n->set_id, 0, &set,
	    ei)) != ERR_OK) {
		e = err_set_vi(ei, ERR_INVALID, "dossiers.bad_set", "set_id",
		    "Không có bộ tiêu chí %s", n->set_id ? n->set_id : "");
		goto out;
	}
	if (strcmp(set->structure, u.structure) != 0 ||
	    strcmp(set->level, u.level) != 0) {
		e = err_set_vi(ei, ERR_INVALID, "dossiers.bad_unit", "unit",
		    "Bộ tiêu chí %s không áp dụng cho %s", set->id,
		    u.full_name);
		goto out;
	}
	if (n->year < set->year_from || n->year > set->year_to) {
		e = err_set_vi(ei, ERR_INVALID, "dossiers.bad_year", "year",
		    "Năm phải trong giai đoạn %d-%d của bộ tiêu chí",
		    set->year_from, set->year_to);
		goto out;
	}
	if ((e = pick(db, "recognition", n->procedure_id, &u, n->title,
	    n->set_id, &proc, ei)) != ERR_OK)
		goto out;
	if ((b = wf_may_create(db, p, proc, u.structure, u.code)) == NULL) {
		e = err_set_vi(ei, ERR_FORBIDDEN, "dossiers.forbidden", NULL,
		    "Chỉ cán bộ của %s được lập hồ sơ này", u.full_name);
		goto out;
	}
	if (n->campaign_id > 0 && (e = check_campaign(db, n->campaign_id,
	    u.structure, u.code, ei)) != ERR_OK)
		goto out;
	dos_actor(p, b, &who);
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto out;
	e = insert(db, &who, proc, "recognition", u.structure, u.code,
	    n->set_id, n->year, n->title, n->campaign_id, 0, n->note, id, ei);
	e = db_finish(db, e, ei);
out:
	db_end_reads(db);
	arena_free(a);
	return e;
}

enum err
dos_revocation_open(struct db *db, const struct principal *p,
    const char *structure, const char *code, const char *title,
    const char *note, const char *lang, int64_t *id, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	const struct wf_procedure *proc;
	const struct role_binding *b;
	struct audit_actor who;
	struct db_stmt *st;
	struct unit u;
	const char *set_id = NULL;
	int64_t granted_by = 0;
	int year = 0, trig = 0, failed, total, rc;
	enum err e;

	(void)lang;
	if (p == NULL) {
		e = err_set_vi(ei, ERR_UNAUTH, "auth.required", NULL,
		    "Cần đăng nhập");
		goto out;
	}
	if (!title_valid(title)) {
		e = err_set_vi(ei, ERR_INVALID, "dossiers.bad_title", "title",
		    "Danh hiệu phải là một trong: ntm, advanced, model, modern");
		goto out;
	}
	if (note != NULL && strlen(note) > DOS_TEXT_MAX) {
		e = err_set_vi(ei, ERR_INVALID, "dossiers.too_long", "note",
		    "Ghi chú dài quá %d byte", DOS_TEXT_MAX);
		goto out;
	}
	if (structure == NULL || code == NULL ||
	    units_get(db, a, structure, code, &u, ei) != ERR_OK) {
		e = err_set_vi(ei, ERR_INVALID, "dossiers.bad_unit", "unit",
		    "Không có đơn vị %s:%s", structure ? structure : "",
		    code ? code : "");
		goto out;
	}
	st = db_stmt(db, STMT_DOS_RECOGNITION_HELD);
	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, title);
	if ((rc = db_step(st, ei)) == 1) {
		set_id = arena_strdup(a, db_col_text(st, 0));
		year = (int)db_col_int(st, 1);
		granted_by = db_col_null(st, 4) ? 0 : db_col_int(st, 4);
	}
	db_end_reads(db);
	if (rc < 0) {
		e = ei->err;
		goto out;
	}
	if (rc == 0) {
		e = err_set_vi(ei, ERR_CONFLICT, "dossiers.no_title", "title",
		    "%s không giữ danh hiệu này", u.full_name);
		goto out;
	}
	if ((e = pick(db, "revocation", NULL, &u, title, set_id, &proc,
	    ei)) != ERR_OK)
		goto out;
	if ((b = wf_may_create(db, p, proc, u.structure, u.code)) == NULL) {
		e = err_set_vi(ei, ERR_FORBIDDEN, "dossiers.forbidden", NULL,
		    "Tài khoản này không được đề nghị thu hồi danh hiệu của %s",
		    u.full_name);
		goto out;
	}
	/* The case is about the newest evaluation that triggers the rule
	 * (or, without one, the year of the recognition). */
	if ((e = dos_rule_triggered(db, structure, code, set_id, year, &trig,
	    &failed, &total, ei)) != ERR_OK)
		goto out;
	dos_actor(p, b, &who);
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto out;
	e = insert(db, &who, proc, "revocation", u.structure, u.code, set_id,
	    trig > 0 ? trig : year, title, 0, granted_by, note, id, ei);
	e = db_finish(db, e, ei);
out:
	db_end_reads(db);
	arena_free(a);
	return e;
}

/* ---- the unit's fields ---- */

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

	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	if ((e = dos_load_readable(db, a, p, id, &d, ei)) != ERR_OK)
		goto out;
	if ((b = wf_may_create(db, p, d.proc, d.structure, d.code)) == NULL) {
		e = err_set_vi(ei, ERR_FORBIDDEN, "dossiers.forbidden", NULL,
		    "Chỉ cán bộ của %s được sửa hồ sơ", d.unit_name);
		goto out;
	}
	if (row_version != d.in.row_version) {
		e = err_set_vi(ei, ERR_CONFLICT, "workflow.stale", "row_version",
		    "Hồ sơ đã thay đổi từ khi mở trang; hãy tải lại");
		goto out;
	}
	if (d.in.terminal || !d.state->editable) {
		e = err_set_vi(ei, ERR_CONFLICT, "dossiers.not_editable", NULL,
		    "Hồ sơ đang ở bước \"%s\": không sửa được",
		    wf_text(&d.state->name, "vi"));
		goto out;
	}
	if (justification != NULL && strlen(justification) >
	    DOS_JUSTIFICATION_MAX) {
		e = err_set_vi(ei, ERR_INVALID, "dossiers.too_long",
		    "justification", "Giải trình dài quá %d byte",
		    DOS_JUSTIFICATION_MAX);
		goto out;
	}
	if (campaign_id > 0 && (e = check_campaign(db, campaign_id,
	    d.structure, d.code, ei)) != ERR_OK)
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
	dos_actor(p, b, &who);
	if ((e = dos_audit(db, &who, "dossier.update", &d, id, json_pack(
	    "{s:I, s:s}", "campaign_id", (json_int_t)(campaign_id != 0 ?
	    campaign_id : d.campaign_id), "justification", justification !=
	    NULL ? "set" : "kept"), ei)) == ERR_OK)
		e = dos_bump(db, false, ei);
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

enum err
dos_comment(struct db *db, const struct principal *p, int64_t id,
    const char *criterion, const char *body, struct errinfo *ei)
{
	struct arena *a = arena_new(8192);
	struct audit_actor who;
	struct db_stmt *st;
	struct dos d;
	char now[32];
	enum err e;
	int rc;

	if (body == NULL || body[strspn(body, " \t\r\n")] == '\0') {
		e = err_set_vi(ei, ERR_INVALID, "dossiers.empty", "body",
		    "Hãy nhập nội dung ý kiến");
		goto done;
	}
	if (strlen(body) > DOS_TEXT_MAX) {
		e = err_set_vi(ei, ERR_INVALID, "dossiers.too_long", "body",
		    "Ý kiến dài quá %d byte", DOS_TEXT_MAX);
		goto done;
	}
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	if ((e = dos_load_readable(db, a, p, id, &d, ei)) != ERR_OK)
		goto out;
	if (!d.is_open) {
		e = err_set_vi(ei, ERR_CONFLICT, "dossiers.closed", NULL,
		    "Hồ sơ đã kết thúc: không thêm ý kiến được");
		goto out;
	}
	if (criterion != NULL && criterion[0] != '\0' &&
	    !criterion_known(db, d.set_id, criterion)) {
		e = err_set_vi(ei, ERR_INVALID, "dossiers.bad_criterion",
		    "criterion", "Bộ tiêu chí %s không có tiêu chí %s",
		    d.set_id, criterion);
		goto out;
	}
	stamp_now(now);
	st = db_stmt(db, STMT_DOS_COMMENT_INSERT);
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, criterion != NULL && criterion[0] ? criterion :
	    NULL);
	db_bind_text(st, 3, "comment");
	db_bind_text(st, 4, body);
	db_bind_text(st, 5, now);
	db_bind_int(st, 6, p->user_id);
	db_bind_text(st, 7, p->username);
	rc = db_step(st, ei);
	db_end_reads(db);
	if (rc < 0) {
		e = ei->err;
		goto out;
	}
	dos_actor(p, auth_acting_binding(db, p, ROLES_ALL, d.structure,
	    d.code), &who);
	if ((e = dos_audit(db, &who, "dossier.comment", &d, id, NULL, ei)) ==
	    ERR_OK)
		e = dos_bump(db, false, ei);
out:
	e = db_finish(db, e, ei);
done:
	arena_free(a);
	return e;
}
