/*
 * rep_approval.c - submitting, approving, returning and reopening a
 * report through the workflow engine (rep_approval.h).
 *
 * Who may take which step is the procedure's (wf_check: the role and the
 * level, "unit" for the unit's own officer, "above" for its parent's);
 * what a step requires of the report is checked here: on submission every
 * required element the unit's level fills is present and no blocking
 * rule is violated (rep_validate for_submit, every problem at once); a
 * return or a reopening carries a reason when the transition says
 * "requires": {"reason": true}.  The engine moves the instance and writes
 * its event and audit entry; rep_report.state follows in the same
 * transaction (the state of the procedure mapped onto the four the store
 * knows: a "settled" state is "approved", which the writer refuses).
 */
#include <stdio.h>
#include <string.h>

#include "core/jval.h"
#include "core/msg.h"
#include "core/stamp.h"
#include "core/text.h"
#include "domain/reporting/rep_approval.h"
#include "domain/reporting/rep_auto.h"
#include "domain/reporting/rep_report.h"
#include "domain/reporting/rep_store.h"
#include "domain/units/units.h"
#include "domain/workflow/workflow.h"

/* The approval side of one report. */
struct rapp {
	struct arena *a;
	const struct rep_form *f;
	struct unit u;
	char period[REP_PERIOD_TEXT];
	int64_t id;		/* 0: no report saved */
	const char *state;	/* "new" before the first save */
	int64_t row_version;
	int64_t instance;	/* 0: none yet */
	const char *submitted_at, *approved_at;
	const struct wf_procedure *proc;
	struct wf_instance in;	/* read, or in memory before the first move */
};

static const char *
col_text(struct db_stmt *st, struct arena *a, int i)
{
	return db_col_null(st, i) ? NULL : arena_strdup(a, db_col_text(st, i));
}

/* The report row of (form, unit, period) into r (id 0 if none). */
static enum err
report_row(struct db *db, struct rapp *r, const char *form_id, int *version,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_RAPP_REPORT_GET);
	int rc;

	db_bind_text(st, 1, form_id);
	db_bind_text(st, 2, r->u.structure);
	db_bind_text(st, 3, r->u.code);
	db_bind_text(st, 4, r->period);
	r->id = 0;
	r->state = "new";
	*version = 0;
	if ((rc = db_step(st, ei)) == 1) {
		r->id = db_col_int(st, 0);
		*version = (int)db_col_int(st, 1);
		r->state = arena_strdup(r->a, db_col_text(st, 2));
		r->row_version = db_col_int(st, 3);
		r->instance = db_col_null(st, 4) ? 0 : db_col_int(st, 4);
		r->submitted_at = col_text(st, r->a, 5);
		r->approved_at = col_text(st, r->a, 6);
		while ((rc = db_step(st, ei)) == 1)
			;
	}
	return rc < 0 ? ei->err : ERR_OK;
}

/* The procedure of r: its instance's, else the form's own "workflow",
 * else the newest of kind "report" for the unit. */
static enum err
procedure_of(struct db *db, struct rapp *r, struct errinfo *ei)
{
	if (r->instance != 0) {
		enum err e = wf_instance_get(db, r->a, r->instance, &r->in, ei);

		return e != ERR_OK ? e : wf_load(db, r->in.procedure_id,
		    r->in.procedure_version, &r->proc, ei);
	}
	if (r->f->workflow != NULL)
		return wf_load(db, r->f->workflow, 0, &r->proc, ei);
	return wf_pick(db, REP_APPROVAL_KIND, r->u.structure, r->u.level, NULL,
	    NULL, &r->proc, ei);
}

/*
 * Open r: period, form (the report's version, else the newest), unit,
 * report row, procedure and instance (in memory in its initial state
 * when the report has none yet).
 */
static enum err
rapp_open(struct db *db, struct rapp *r, const char *form_id,
    const char *structure, const char *code, const char *period,
    struct errinfo *ei)
{
	struct rep_period p;
	size_t n = strspn(form_id, "abcdefghijklmnopqrstuvwxyz0123456789._-");
	int version;
	enum err e;

	if (form_id[n] != '\0' || n == 0 || n > REP_ID_MAX)
		return err_set(ei, ERR_NOTFOUND, "reporting.unknown_form",
		    "form", "không có biểu mẫu báo cáo này",
		    "there is no such report form");
	if ((e = rep_period_parse(period, "period", &p, ei)) != ERR_OK)
		return e;
	rep_period_format(&p, r->period);
	e = rep_form_load(db, form_id, 0, &r->f, ei);
	if (e == ERR_NOTFOUND)
		return err_set(ei, ERR_NOTFOUND, "reporting.unknown_form",
		    "form", "không có biểu mẫu báo cáo '%s'",
		    "there is no report form '%s'", form_id);
	if (e != ERR_OK ||
	    (e = units_get(db, r->a, structure, code, &r->u, ei)) != ERR_OK ||
	    (e = report_row(db, r, form_id, &version, ei)) != ERR_OK)
		return e;
	if (version != 0 && version != r->f->version &&
	    (e = rep_form_load(db, form_id, version, &r->f, ei)) != ERR_OK)
		return e;
	if ((e = rep_form_period_check(r->f, &p, "period", ei)) != ERR_OK ||
	    (e = procedure_of(db, r, ei)) != ERR_OK)
		return e;
	if (r->instance == 0) {
		memset(&r->in, 0, sizeof(r->in));
		r->in.procedure_id = r->proc->id;
		r->in.procedure_version = r->proc->version;
		r->in.subject = "report";
		r->in.structure = r->u.structure;
		r->in.code = r->u.code;
		r->in.state = r->proc->initial;
	}
	return ERR_OK;
}

/* The store's state for a procedure state: a settled one is "approved"
 * (locked); the store's own words stay; else an editable state is
 * "returned" and any other "submitted" (with the level above). */
static const char *
store_state(const struct wf_state *s)
{
	static const char *const own[] = { "draft", "submitted", "returned",
		NULL };

	if (s->settled)
		return "approved";
	for (size_t i = 0; own[i] != NULL; i++)
		if (strcmp(s->id, own[i]) == 0)
			return own[i];
	return s->editable ? "returned" : "submitted";
}

/* The full name of one login into memo (JSON null when unknown). */
static enum err
person_name(struct db *db, json_t *memo, const char *login,
    struct errinfo *ei)
{
	struct db_stmt *st;
	json_t *name = json_null();
	int rc;

	if (json_object_get(memo, login) != NULL)
		return ERR_OK;
	st = db_stmt(db, STMT_RAPP_PERSON_NAME);
	db_bind_text(st, 1, login);
	if ((rc = db_step(st, ei)) == 1) {
		json_decref(name);
		name = jval_string(db_col_text(st, 0));
		while ((rc = db_step(st, ei)) == 1)
			;
	}
	json_object_set_new(memo, login, name);
	return rc < 0 ? ei->err : ERR_OK;
}

enum err
rep_person_names(struct db *db, json_t *arr, const char *key,
    const char *key_name, struct errinfo *ei)
{
	json_t *memo = json_object(), *o, *one = NULL, *name;
	enum err e = ERR_OK;
	size_t i;

	if (json_is_object(arr)) {
		one = json_array();
		json_array_append(one, arr);
		arr = one;
	}
	json_array_foreach(arr, i, o) {
		const char *login = jval_str(o, key);

		if (login == NULL)
			continue;
		if ((e = person_name(db, memo, login, ei)) != ERR_OK)
			break;
		if (json_is_string(name = json_object_get(memo, login)))
			json_object_set(o, key_name, name);
	}
	json_decref(one);
	json_decref(memo);
	return e;
}

/* Editable by the store state alone (a report without an instance). */
static bool
state_word_editable(const char *state)
{
	return state == NULL || strcmp(state, "new") == 0 ||
	    strcmp(state, "draft") == 0 || strcmp(state, "returned") == 0;
}

enum err
rep_report_editable(struct db *db, int64_t report_id, const char *state,
    bool *editable, struct errinfo *ei)
{
	struct arena *a;
	struct db_stmt *st;
	struct wf_instance in;
	const struct wf_procedure *proc;
	const struct wf_state *s;
	int64_t instance = 0;
	enum err e;
	int rc;

	*editable = state_word_editable(state);
	if (report_id == 0)
		return ERR_OK;
	st = db_stmt(db, STMT_RAPP_REPORT_INSTANCE);
	db_bind_int(st, 1, report_id);
	if ((rc = db_step(st, ei)) == 1) {
		instance = db_col_null(st, 0) ? 0 : db_col_int(st, 0);
		while ((rc = db_step(st, ei)) == 1)
			;
	}
	if (rc < 0)
		return ei->err;
	if (instance == 0)
		return ERR_OK;
	a = arena_new(4096);
	if ((e = wf_instance_get(db, a, instance, &in, ei)) == ERR_OK &&
	    (e = wf_load(db, in.procedure_id, in.procedure_version, &proc,
	    ei)) == ERR_OK && (s = wf_state_find(proc, in.state)) != NULL)
		*editable = s->editable && !s->settled;
	arena_free(a);
	return e;
}

static bool
blank(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* On submission: the required elements and the blocking rules. */
static enum err
check_submit(struct db *db, struct rapp *r, const char *lang,
    struct rep_problems *pr, struct errinfo *ei)
{
	struct rep_value *vals = rep_values_new(r->f, r->a);
	enum err e;

	(void)lang;
	if ((e = rep_report_load_values(db, r->a, r->f, r->id, vals, ei)) !=
	    ERR_OK)
		return e;
	return rep_validate(r->f, r->u.level, vals, true, r->a, NULL, pr, NULL,
	    ei);
}

/* Start the instance (the report's first move) and tie the report to
 * it; r->in is then the stored instance. */
static enum err
start_instance(struct db *db, struct rapp *r, const struct audit_actor *who,
    struct errinfo *ei)
{
	struct db_stmt *st;
	int64_t id;
	enum err e;

	if ((e = wf_start(db, who, r->proc, "report", r->u.structure, r->u.code,
	    NULL, &id, ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_RAPP_REPORT_LINK);
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, r->id);
	if ((e = db_exec(st, ei)) != ERR_OK)
		return e;
	if (db_changes(db) == 0)	/* another request started one first */
		return err_set(ei, ERR_CONFLICT, "reporting.stale",
		    "row_version", "báo cáo vừa được người khác xử lý; hãy tải "
		    "lại trang và thử lại", "someone else has just acted on "
		    "this report; reload the page and try again");
	r->instance = id;
	return wf_instance_get(db, r->a, id, &r->in, ei);
}

/* rep_report follows the instance into state to (row version checked). */
static enum err
report_move(struct db *db, struct rapp *r, const struct wf_state *to,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_RAPP_REPORT_MOVE);
	const char *state = store_state(to);
	bool submitted = strcmp(state, "submitted") == 0;
	bool approved = strcmp(state, "approved") == 0;
	char now[STAMP_TIME_LEN];
	enum err e;

	stamp_now(now);
	db_bind_text(st, 1, state);
	db_bind_int(st, 2, submitted);
	db_bind_text(st, 3, now);
	db_bind_int(st, 4, approved);
	db_bind_text(st, 5, now);
	db_bind_int(st, 6, !approved);
	db_bind_int(st, 7, r->id);
	db_bind_int(st, 8, r->row_version);
	if ((e = db_exec(st, ei)) != ERR_OK)
		return e;
	if (db_changes(db) == 0)
		return err_set(ei, ERR_CONFLICT, "reporting.stale",
		    "row_version", "báo cáo vừa được người khác xử lý; hãy tải "
		    "lại trang và thử lại", "someone else has just acted on "
		    "this report; reload the page and try again");
	r->state = state;
	r->row_version++;
	return ERR_OK;
}

/* The checks of the request before anything moves. */
static enum err
check_request(struct rapp *r, const struct rep_approval_req *req,
    const struct wf_transition *t, struct errinfo *ei)
{
	if (req->row_version >= 0 && req->row_version != r->row_version)
		return err_set(ei, ERR_CONFLICT, "reporting.stale",
		    "row_version", "báo cáo đã thay đổi (phiên bản %lld, không "
		    "phải %lld); hãy tải lại trang", "the report has changed "
		    "(version %lld, not %lld); reload the page",
		    (long long)r->row_version, (long long)req->row_version);
	if (t->req.reason && blank(req->reason)) {
		char vi[200], en[200];

		snprintf(vi, sizeof(vi), "“%s” cần ghi lý do", t->name.vi);
		snprintf(en, sizeof(en), "“%s” needs a reason", t->name.en);
		return err_set_texts(ei, ERR_INVALID,
		    "reporting.reason_required", "reason", vi, en);
	}
	if (req->reason != NULL && strlen(req->reason) > REP_REASON_MAX)
		return err_set(ei, ERR_INVALID, "reporting.reason_too_long",
		    "reason", "lý do dài %zu byte, tối đa %d",
		    "the reason is %zu bytes long, at most %d",
		    strlen(req->reason), REP_REASON_MAX);
	return ERR_OK;
}

/* ERR_CONFLICT "reporting.no_report": nothing saved yet. */
static enum err
no_report(struct rapp *r, struct errinfo *ei)
{
	return err_set(ei, ERR_CONFLICT, "reporting.no_report", "state",
	    "báo cáo kỳ %s của %s chưa được lưu (trạng thái: chưa lập): hãy "
	    "nhập và lưu trước", "the %s report of %s has not been saved "
	    "(state: new): enter and save it first", r->period,
	    r->u.full_name);
}

enum err
rep_approval_act(struct db *db, const struct principal *p,
    const char *form_id, const char *structure, const char *code,
    const char *period, const struct rep_approval_req *req,
    const char *lang, json_t **out, struct rep_problems *pr,
    struct errinfo *ei)
{
	struct rapp r = { .a = arena_new(16 * 1024) };
	const struct wf_transition *t;
	const struct role_binding *b;
	const struct wf_state *to;
	struct audit_actor who;
	char ref[48];
	json_t *detail = NULL;
	bool own = !db_in_transaction(db);
	enum err e = ERR_OK;

	*out = NULL;
	/* Its own transaction, or inside the caller's (the demo's). */
	if (own) {
		db_end_reads(db);
		e = db_begin(db, ei);
	}
	if (e != ERR_OK)
		goto done;
	if ((e = rapp_open(db, &r, form_id, structure, code, period, ei)) !=
	    ERR_OK)
		goto out;
	if ((e = wf_check(db, p, r.proc, &r.in, req->action ? req->action : "",
	    &t, &b, ei)) != ERR_OK)
		goto out;
	if (r.id == 0) {
		e = no_report(&r, ei);
		goto out;
	}
	if (t->to == NULL) {	/* a stay: the report procedures have none */
		e = err_set_texts(ei, ERR_INVALID, "reporting.not_a_move",
		    "transition", "bước này không đổi trạng thái báo cáo",
		    "this step does not change the report's state");
		goto out;
	}
	to = wf_state_find(r.proc, t->to);
	if ((e = check_request(&r, req, t, ei)) != ERR_OK)
		goto out;
	if (strcmp(store_state(to), "submitted") == 0 &&
	    (e = check_submit(db, &r, lang, pr, ei)) != ERR_OK)
		goto out;
	auth_actor(p, b, &who);
	/* The platform's figures are frozen with the submission: an approved
	 * report keeps what it was approved with (rep_auto.h). */
	if (strcmp(store_state(to), "submitted") == 0 &&
	    (e = rep_auto_fill(db, &who, r.f->id, structure, code, r.period,
	    NULL, ei)) != ERR_OK)
		goto out;
	if (r.instance == 0 && (e = start_instance(db, &r, &who, ei)) != ERR_OK)
		goto out;
	snprintf(ref, sizeof(ref), "report:%lld", (long long)r.id);
	detail = json_pack("{s:s, s:i, s:s}", "form", r.f->id, "version",
	    r.f->version, "period", r.period);
	if ((e = wf_advance(db, &who, r.proc, &r.in, t, ref,
	    blank(req->reason) ? NULL : req->reason, detail, NULL, ei)) !=
	    ERR_OK ||
	    (e = report_move(db, &r, to, ei)) != ERR_OK)
		goto out;
	*out = json_pack("{s:s, s:I, s:s, s:s}", "state", r.state,
	    "row_version", (json_int_t)r.row_version, "action", t->id,
	    "state_name", wf_text(&to->name, lang));
out:
	if (own)
		e = db_finish(db, e, ei);
	if (e != ERR_OK) {
		json_decref(*out);
		*out = NULL;
	}
done:
	json_decref(detail);
	arena_free(r.a);
	return e;
}

/* ---- the view ---- */

/* Who and when of the latest event of each kind, from the timeline. */
static void
timeline_facts(json_t *events, json_t *ap)
{
	size_t i;
	json_t *ev;

	json_array_foreach(events, i, ev) {
		const char *tr = json_string_value(json_object_get(ev,
		    "transition"));
		json_t *at = json_object_get(ev, "at");
		json_t *by = json_object_get(ev, "username");

		if (tr == NULL)
			continue;
		if (strcmp(tr, "submit") == 0) {
			json_object_set(ap, "submitted_at", at);
			json_object_set(ap, "submitted_by", by);
		} else if (strcmp(tr, "approve") == 0) {
			json_object_set(ap, "approved_at", at);
			json_object_set(ap, "approved_by", by);
		} else if (strcmp(tr, "return") == 0 ||
		    strcmp(tr, "reopen") == 0) {
			json_object_set(ap, "returned_at", at);
			json_object_set(ap, "returned_by", by);
			json_object_set(ap, "returned_reason",
			    json_object_get(ev, "note"));
		}
	}
}

/* The transitions p may take now on r. */
static json_t *
actions_json(struct db *db, const struct principal *p, const struct rapp *r,
    const char *lang)
{
	json_t *items = json_array();

	if (p == NULL || r->id == 0 || r->in.terminal)
		return items;
	for (size_t i = 0; i < r->proc->ntransitions; i++) {
		const struct wf_transition *t = &r->proc->transitions[i];

		if (!wf_transition_from(t, r->in.state) || t->to == NULL ||
		    wf_may(db, p, t, r->u.structure, r->u.code) == NULL)
			continue;
		json_array_append_new(items, json_pack("{s:s, s:s, s:b, s:b}",
		    "id", t->id, "name", wf_text(&t->name, lang),
		    "reason_required", t->req.reason, "primary", t->primary));
	}
	return items;
}

enum err
rep_approval_view(struct db *db, const struct principal *p,
    const char *form_id, const char *structure, const char *code,
    const char *period, const char *lang, json_t *view, struct errinfo *ei)
{
	struct rapp r = { .a = arena_new(16 * 1024) };
	const struct wf_state *s;
	json_t *ap, *events = NULL;
	enum err e;

	e = rapp_open(db, &r, form_id, structure, code, period, ei);
	if (e == ERR_NOTFOUND && r.proc == NULL &&
	    strcmp(ei->code, "workflow.no_procedure") == 0) {
		/* No approval procedure stored (a database older than
		 * procedures/report-approval.json): the report has none. */
		json_object_set_new(view, "approval", json_pack("{s:s, s:n, "
		    "s:[], s:[]}", "state", r.state, "procedure", "actions",
		    "timeline"));
		e = ERR_OK;
		goto out;
	}
	if (e != ERR_OK)
		goto out;
	s = wf_state_find(r.proc, r.in.state);
	ap = json_pack("{s:s, s:s, s:I, s:{s:s, s:i}, s:b, s:n, s:n, s:n, s:n, "
	    "s:n, s:n, s:n}",
	    "state", r.id == 0 ? "new" : r.state,
	    "state_name", r.id == 0 ? msg_get(lang, "rapp_state_new") :
	    s ? wf_text(&s->name, lang) : r.state,
	    "row_version", (json_int_t)(r.id == 0 ? 0 : r.row_version),
	    "procedure", "id", r.proc->id, "version", r.proc->version,
	    "locked", r.id != 0 && strcmp(r.state, "approved") == 0,
	    "submitted_at", "submitted_by", "approved_at", "approved_by",
	    "returned_at", "returned_by", "returned_reason");
	if (r.instance != 0) {
		if ((e = wf_events(db, r.proc, r.instance, lang, &events, ei)) !=
		    ERR_OK) {
			json_decref(ap);
			goto out;
		}
		timeline_facts(events, ap);
		if ((e = rep_person_names(db, ap, "submitted_by",
		    "submitted_by_name", ei)) != ERR_OK ||
		    (e = rep_person_names(db, ap, "approved_by",
		    "approved_by_name", ei)) != ERR_OK ||
		    (e = rep_person_names(db, ap, "returned_by",
		    "returned_by_name", ei)) != ERR_OK ||
		    (e = rep_person_names(db, events, "username", "full_name",
		    ei)) != ERR_OK) {
			json_decref(ap);
			json_decref(events);
			goto out;
		}
		/* the reason of a return stays shown only while returned */
		if (strcmp(r.state, "returned") != 0)
			json_object_set_new(ap, "returned_reason", json_null());
		if (strcmp(r.state, "approved") != 0) {
			json_object_set_new(ap, "approved_at", json_null());
			json_object_set_new(ap, "approved_by", json_null());
			json_object_del(ap, "approved_by_name");
		}
	}
	json_object_set_new(ap, "actions", actions_json(db, p, &r, lang));
	json_object_set_new(ap, "timeline", events ? events : json_array());
	json_object_set_new(view, "approval", ap);
out:
	db_end_reads(db);
	arena_free(r.a);
	return e;
}
