/*
 * dos_view.c - what a dossier page and the lists show: the whole dossier
 * with the actions this viewer may take now (what the procedure grants
 * the viewer) and what each still misses (dos_get: the router has already
 * admitted the viewer to the dossier), and the dossiers in a viewer's
 * scope, by state, province, year and deadline (dos_list).
 *
 * The list applies in SQL what narrows rows cheaply (unit, province,
 * year, title, kind, open, overdue) and then, in C, the viewer's scope
 * (auth_can with the readers' roles, which follows the 2025 lineage), the
 * state filter and the page; the counts per state, with the names of the
 * states, are over the visible rows whatever the state filter, so tabs
 * can show them.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/hash.h"
#include "core/msg.h"
#include "domain/criteria/criteria_store.h"
#include "domain/dossiers/dos_internal.h"
#include "domain/units/units.h"
#include "domain/surveys/surveys_store.h"

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
parsed_or_null(const char *text)
{
	json_t *j = text != NULL ? json_loads(text, 0, NULL) : NULL;

	return j != NULL ? j : json_null();
}

static json_t *
state_json(const struct wf_state *s, const char *due_on, bool terminal,
    const char *lang)
{
	int left = wf_days_left(due_on);
	bool has_due = due_on != NULL && left != INT32_MIN;

	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:b, s:b, s:b, s:o}",
	    "id", s->id, "name", wf_text(&s->name, lang),
	    "holder", wf_level_names[s->holder],
	    "due_on", str_or_null(due_on),
	    "days_left", has_due ? json_integer(left) : json_null(),
	    "overdue", has_due && !terminal && left < 0,
	    "terminal", terminal, "editable", s->editable && !terminal,
	    "outcome", str_or_null(s->outcome));
}

static json_t *
attachments_json(struct db *db, const struct principal *p,
    const struct dos *d, bool may_attach, const char *lang,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_DOS_ATTACHMENTS_OF);
	json_t *list = json_array();
	int rc;

	db_bind_int(st, 1, d->id);
	while ((rc = db_step(st, ei)) == 1) {
		const char *kind = db_col_text(st, 1);
		const char *kname = dos_kind_name(d->proc, kind, lang);
		bool live = db_col_null(st, 9);

		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, "
		    "s:s, s:I, s:s, s:s, s:s?, s:o, s:s?, s:b}",
		    "id", (json_int_t)db_col_int(st, 0), "kind", kind,
		    "kind_name", kname != NULL ? kname : kind,
		    "filename", db_col_text(st, 2), "mime", db_col_text(st, 3),
		    "size", (json_int_t)db_col_int(st, 4),
		    "sha256", db_col_text(st, 5), "created_at",
		    db_col_text(st, 6), "created_by", db_col_text(st, 8),
		    "removed_at", str_or_null(db_col_text(st, 9)),
		    "removed_by", db_col_text(st, 10),
		    "removable", live && may_attach && p != NULL &&
		    db_col_int(st, 7) == p->user_id));
	}
	db_end_reads(db);
	if (rc < 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}

/* Kinds some transition requires, each with whether a live one is there. */
static json_t *
required_json(const json_t *attachments, const struct dos *d,
    const char *lang)
{
	json_t *req = json_array();

	for (size_t i = 0; i < d->proc->ntransitions; i++) {
		const struct wf_transition *t = &d->proc->transitions[i];

		for (size_t k = 0; k < t->req.nattachments; k++) {
			const char *kind = t->req.attachments[k];
			const char *name = dos_kind_name(d->proc, kind, lang);
			bool seen = false, present = false;
			size_t j;
			json_t *it;

			json_array_foreach(req, j, it)
				seen |= strcmp(json_string_value(json_object_get(
				    it, "kind")), kind) == 0;
			if (seen)
				continue;
			json_array_foreach(attachments, j, it)
				present |= strcmp(json_string_value(
				    json_object_get(it, "kind")), kind) == 0 &&
				    json_is_null(json_object_get(it,
				    "removed_at"));
			json_array_append_new(req, json_pack("{s:s, s:s, s:b, "
			    "s:s, s:s}", "kind", kind, "name", name ? name : kind,
			    "present", present, "for", t->id, "for_name",
			    wf_text(&t->name, lang)));
		}
	}
	return req;
}

static const char *
met_name(json_t *met)
{
	return json_is_true(met) ? "met" : json_is_false(met) ? "not_met" :
	    "unknown";
}

static json_t *
criterion_status(json_t *ev, const char *id)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(ev, "criteria"), i, c)
		if (strcmp(json_string_value(json_object_get(c, "id")), id) == 0)
			return json_string(met_name(json_object_get(c, "met")));
	return json_null();
}

const char *
dos_criterion_version(const char *appraisal, const char *note,
    const char *by, const char *at, char out[17])
{
	uint64_t h = HASH_FNV1A_INIT;

	h = hash_fnv1a_str(h, appraisal != NULL ? appraisal : "");
	h = hash_fnv1a_str(h, note != NULL ? note : "");
	h = hash_fnv1a_str(h, by != NULL ? by : "");
	h = hash_fnv1a_str(h, at != NULL ? at : "");
	snprintf(out, 17, "%016llx", (unsigned long long)h);
	return out;
}

/* criteria [{id, name, status, snapshot_status, appraisal, note,
 * appraised_by, appraised_at, comments, version}] and the general
 * comments. */
static enum err
criteria_json(struct db *db, const struct dos *d, json_t *live,
    json_t *snapshot, const char *lang, json_t **crits, json_t **general,
    struct errinfo *ei)
{
	const struct crit_set *s;
	struct db_stmt *st;
	json_t *byid = json_object();
	char ver[17];
	enum err e;
	int rc;

	*crits = json_array();
	*general = json_array();
	if ((e = crit_store_load(db, d->set_id, d->snapshot_version > 0 ?
	    d->snapshot_version : 0, &s, ei)) != ERR_OK &&
	    (e = crit_store_load(db, d->set_id, 0, &s, ei)) != ERR_OK) {
		json_decref(byid);
		return e;
	}
	for (size_t i = 0; i < s->n_criteria; i++) {
		const struct crit_criterion *c = &s->criteria[i];
		json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:n, s:n, s:n, s:n, "
		    "s:[], s:s}", "id", c->id, "name", msg_pick(lang, c->name,
		    c->name_en),
		    "status", criterion_status(live, c->id), "snapshot_status",
		    criterion_status(snapshot, c->id), "appraisal", "note",
		    "appraised_by", "appraised_at", "comments", "version",
		    dos_criterion_version(NULL, NULL, NULL, NULL, ver));

		json_array_append_new(*crits, o);
		json_object_set(byid, c->id, o);
	}
	st = db_stmt(db, STMT_DOS_CRITERIA_OF);
	db_bind_int(st, 1, d->id);
	while ((rc = db_step(st, ei)) == 1) {
		json_t *o = json_object_get(byid, db_col_text(st, 0));

		if (o == NULL)
			continue;
		json_object_set_new(o, "appraisal", str_or_null(
		    db_col_text(st, 1)));
		json_object_set_new(o, "note", str_or_null(db_col_text(st, 2)));
		json_object_set_new(o, "appraised_by", str_or_null(
		    db_col_text(st, 3)));
		json_object_set_new(o, "appraised_at", str_or_null(
		    db_col_text(st, 4)));
		json_object_set_new(o, "version", json_string(
		    dos_criterion_version(db_col_text(st, 1), db_col_text(st,
		    2), db_col_text(st, 3), db_col_text(st, 4), ver)));
	}
	db_end_reads(db);
	if (rc < 0)
		goto fail;
	st = db_stmt(db, STMT_DOS_COMMENTS_OF);
	db_bind_int(st, 1, d->id);
	while ((rc = db_step(st, ei)) == 1) {
		const char *cid = db_col_text(st, 1);
		json_t *o = cid != NULL ? json_object_get(byid, cid) : NULL;
		json_t *c = json_pack("{s:I, s:o, s:s, s:s, s:s, s:o}",
		    "id", (json_int_t)db_col_int(st, 0), "criterion",
		    str_or_null(cid), "kind", db_col_text(st, 2),
		    "body", db_col_text(st, 3), "at", db_col_text(st, 4),
		    "username", str_or_null(db_col_text(st, 5)));

		if (o != NULL)
			json_array_append_new(json_object_get(o, "comments"), c);
		else
			json_array_append_new(*general, c);
	}
	db_end_reads(db);
	if (rc < 0)
		goto fail;
	json_decref(byid);
	return ERR_OK;
fail:
	json_decref(byid);
	json_decref(*crits);
	json_decref(*general);
	*crits = *general = NULL;
	return ei->err;
}

static json_t *
council_json(struct db *db, const struct dos *d, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_DOS_VOTES_OF);
	json_t *votes = json_array();
	int approve = 0, reject = 0, abstain = 0, quorum = 0, rc;

	for (size_t i = 0; i < d->proc->ntransitions; i++)
		for (size_t k = 0; k < d->proc->transitions[i].req.nchecks; k++)
			if (strcmp(d->proc->transitions[i].req.checks[k],
			    "council_majority") == 0)
				quorum = d->proc->transitions[i].req.quorum;
	db_bind_int(st, 1, d->id);
	db_bind_int(st, 2, d->council_round);
	while ((rc = db_step(st, ei)) == 1) {
		const char *v = db_col_text(st, 1);

		approve += strcmp(v, "approve") == 0;
		reject += strcmp(v, "reject") == 0;
		abstain += strcmp(v, "abstain") == 0;
		json_array_append_new(votes, json_pack("{s:s, s:s, s:o, s:s}",
		    "username", db_col_text(st, 0), "vote", v, "opinion",
		    str_or_null(db_col_text(st, 2)), "at", db_col_text(st, 3)));
	}
	db_end_reads(db);
	if (rc < 0) {
		json_decref(votes);
		return NULL;
	}
	return json_pack("{s:i, s:o, s:{s:i, s:i, s:i, s:i}, s:i}",
	    "round", d->council_round, "votes", votes, "tally",
	    "approve", approve, "reject", reject, "abstain", abstain,
	    "cast", approve + reject + abstain, "quorum", quorum);
}

/* The transitions p may take now (the procedure's grant: wf_may), each
 * with what it still misses. */
static enum err
actions_json(struct db *db, const struct principal *p, const struct dos *d,
    const char *lang, json_t **live, json_t **out, struct errinfo *ei)
{
	json_t *list = json_array();
	enum err e = ERR_OK;

	for (size_t i = 0; i < d->proc->ntransitions && !d->in.terminal; i++) {
		const struct wf_transition *t = &d->proc->transitions[i];
		struct dos_missing m;

		if (!wf_transition_from(t, d->in.state) ||
		    wf_may(db, p, t, d->structure, d->code) == NULL)
			continue;
		if ((e = dos_requirements(db, d, t, lang, live, &m, ei)) !=
		    ERR_OK)
			break;
		json_array_append_new(list, json_pack("{s:s, s:s, s:o, s:b, "
		    "s:b, s:o, s:b, s:b, s:{s:b, s:b, s:b, s:b}}",
		    "id", t->id, "name", wf_text(&t->name, lang),
		    "to", str_or_null(t->to), "primary", t->primary,
		    "stay", t->to == NULL, "missing", m.items,
		    "ready", !m.blocking && !m.overridable,
		    "may_override", !m.blocking && m.overridable,
		    "needs", "reason", t->req.reason, "appraisal",
		    t->req.appraisal, "decision", t->req.decision, "vote",
		    t->req.vote));
	}
	if (e != ERR_OK) {
		json_decref(list);
		return e;
	}
	*out = list;
	return ERR_OK;
}

/* The satisfaction result of d's campaign as it is now, or JSON null. */
static json_t *
satisfaction_live(struct db *db, const struct dos *d)
{
	struct surv_outcome so;
	struct errinfo ei;

	if (d->campaign_id <= 0 || surv_campaign_outcome(db, d->campaign_id,
	    &so, &ei) != ERR_OK)
		return json_null();
	/* No rate before the close (surv_campaign_outcome): null, not 0. */
	return json_pack("{s:I, s:I, s:f, s:o, s:b, s:b, s:b, s:b}",
	    "responses", (json_int_t)so.responses, "households",
	    (json_int_t)so.households, "coverage", so.coverage, "rate",
	    so.closed ? json_real(so.rate) : json_null(),
	    "coverage_met", so.coverage_met, "rate_met", so.rate_met, "met",
	    so.met, "closed", so.closed);
}

/* The dossier's own fields: who and what it is about, where it stands. */
static json_t *
head_json(struct db *db, const struct dos *d, const char *lang)
{
	const struct crit_set *set;
	struct errinfo ei;
	json_t *o = json_object(), *kinds = json_array();

	if (crit_store_load(db, d->set_id, 0, &set, &ei) != ERR_OK)
		set = NULL;
	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "kind", json_string(d->kind));
	json_object_set_new(o, "title", json_string(d->title));
	json_object_set_new(o, "year", json_integer(d->year));
	json_object_set_new(o, "unit", json_pack("{s:s, s:s, s:s, s:s?, s:o}",
	    "structure", d->structure, "code", d->code, "name", d->unit_name,
	    "level", d->unit_level, "parent", str_or_null(d->parent_name)));
	json_object_set_new(o, "set", json_pack("{s:s, s:o, s:o}", "id",
	    d->set_id, "name", set != NULL ? json_string(msg_pick(lang,
	    set->name, set->name_en)) : json_null(), "version", set != NULL ?
	    json_integer(set->version) : json_null()));
	json_object_set_new(o, "procedure", json_pack("{s:s, s:i, s:s, s:o}",
	    "id", d->proc->id, "version", d->proc->version, "name",
	    wf_text(&d->proc->name, lang), "legal_basis",
	    str_or_null(d->proc->legal_basis)));
	json_object_set_new(o, "state", state_json(d->state, d->in.due_on,
	    d->in.terminal, lang));
	json_object_set_new(o, "state_since", str_or_null(d->in.state_since));
	json_object_set_new(o, "row_version", json_integer(d->in.row_version));
	json_object_set_new(o, "is_open", json_boolean(d->is_open));
	json_object_set_new(o, "created_at", str_or_null(d->created_at));
	json_object_set_new(o, "created_by", str_or_null(d->created_by));
	json_object_set_new(o, "justification", str_or_null(d->justification));
	for (size_t i = 0; i < d->proc->nkinds; i++)
		json_array_append_new(kinds, json_pack("{s:s, s:s}", "id",
		    d->proc->kinds[i].id, "name", wf_text(&d->proc->kinds[i].name,
		    lang)));
	json_object_set_new(o, "kinds", kinds);
	json_object_set_new(o, "decision", d->decision_no != NULL ? json_pack(
	    "{s:s, s:s?, s:s?}", "no", d->decision_no, "date", d->decision_date,
	    "signer", d->decision_signer) : json_null());
	json_object_set_new(o, "revokes", d->revokes > 0 ?
	    json_integer(d->revokes) : json_null());
	return o;
}

/* The evaluation frozen at submission beside the live one (stolen), and
 * the satisfaction result likewise. */
static void
results_json(json_t *o, const struct dos *d, json_t *snap, json_t *live,
    json_t *sat_live)
{
	json_object_set_new(o, "evaluation", json_pack("{s:o, s:o, s:o, s:o}",
	    "snapshot", snap, "snapshot_at", str_or_null(d->snapshot_at),
	    "snapshot_version", d->snapshot_version > 0 ?
	    json_integer(d->snapshot_version) : json_null(),
	    "live", live != NULL ? live : json_null()));
	json_object_set_new(o, "satisfaction", json_pack("{s:o, s:o, s:o}",
	    "campaign_id", d->campaign_id > 0 ? json_integer(d->campaign_id) :
	    json_null(), "frozen", parsed_or_null(d->satisfaction), "live",
	    sat_live));
}

enum err
dos_get(struct db *db, const struct principal *p, int64_t id,
    const char *lang, json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(16 * 1024);
	json_t *live = NULL, *snap = NULL, *atts = NULL, *crits = NULL;
	json_t *general = NULL, *council = NULL, *actions = NULL;
	json_t *timeline = NULL, *o;
	struct dos d;
	bool may_attach;
	enum err e;

	*out = NULL;
	if ((e = dos_load(db, a, id, &d, ei)) != ERR_OK)
		goto out;
	if (crit_store_evaluation(db, d.structure, d.code, d.set_id, d.year, 0,
	    lang, &live, ei) != ERR_OK)
		live = NULL;
	err_clear(ei);
	snap = parsed_or_null(d.snapshot);
	may_attach = dos_may_attach(db, p, &d) != NULL;
	if ((atts = attachments_json(db, p, &d, may_attach, lang, ei)) ==
	    NULL ||
	    (e = criteria_json(db, &d, live, snap, lang, &crits, &general,
	    ei)) != ERR_OK || (council = council_json(db, &d, ei)) == NULL ||
	    (e = actions_json(db, p, &d, lang, &live, &actions, ei)) !=
	    ERR_OK || (e = wf_events(db, d.proc, d.instance_id, lang,
	    &timeline, ei)) != ERR_OK) {
		if (e == ERR_OK)
			e = ei->err != ERR_OK ? ei->err : ERR_DB;
		goto out;
	}
	o = head_json(db, &d, lang);
	results_json(o, &d, snap, live, satisfaction_live(db, &d));
	snap = live = NULL;
	json_object_set_new(o, "required_attachments", required_json(atts, &d,
	    lang));
	json_object_set_new(o, "attachments", atts);
	json_object_set_new(o, "criteria", crits);
	json_object_set_new(o, "comments", general);
	json_object_set_new(o, "council", council);
	json_object_set_new(o, "may_attach", json_boolean(may_attach));
	json_object_set_new(o, "actions", actions);
	json_object_set_new(o, "timeline", timeline);
	atts = crits = general = council = actions = timeline = NULL;
	/* A procedure asking for a smart village's evidence shows, beside
	 * it, the platform's evaluation of the commune's villages. */
	if (dos_kind_text(d.proc, "smart_village") != NULL) {
		json_t *sv = NULL;

		if (crit_store_smart_villages(db, d.structure, d.code, lang, &sv,
		    ei) != ERR_OK) {
			json_decref(o);
			e = ei->err;
			goto out;
		}
		json_object_set_new(o, "smart_villages", sv);
	}
	*out = o;
out:
	db_end_reads(db);
	json_decref(live);
	json_decref(snap);
	json_decref(atts);
	json_decref(crits);
	json_decref(general);
	json_decref(council);
	json_decref(actions);
	json_decref(timeline);
	arena_free(a);
	return e;
}

/* ---- lists ---- */

/* Bind the filters of f to the list statement (its parameters 1-17). */
static void
bind_filter(struct db_stmt *st, const struct dos_filter *f, const char *us,
    const char *uc, const char *ps, const char *pc, const char *today)
{
	const char *title = f->title && f->title[0] ? f->title : NULL;
	const char *kind = f->kind && f->kind[0] ? f->kind : NULL;

	db_bind_text(st, 1, us);
	db_bind_text(st, 2, us);
	db_bind_text(st, 3, uc);
	dos_bind_province(st, 4, ps, pc);
	db_bind_int(st, 9, f->year);
	db_bind_int(st, 10, f->year);
	db_bind_text(st, 11, title);
	db_bind_text(st, 12, title);
	db_bind_text(st, 13, kind);
	db_bind_text(st, 14, kind);
	db_bind_int(st, 15, f->open_only);
	db_bind_int(st, 16, f->overdue_only);
	db_bind_text(st, 17, today);
}

/* The rows of the list statement matching f, before the scope (those
 * at p's step: dos_at_step_rows). */
static enum err
list_rows(struct db *db, struct arena *a, const struct principal *p,
    const struct dos_filter *f, json_t *rows, struct errinfo *ei)
{
	const char *us = NULL, *uc = NULL, *ps = NULL, *pc = NULL;
	char today[DATE_LEN];
	struct db_stmt *st;
	int rc;

	if ((f->unit != NULL && f->unit[0] && !units_split_ref(a, f->unit, &us,
	    &uc)) || (f->province != NULL && f->province[0] &&
	    !units_split_ref(a, f->province, &ps, &pc)))
		return us == NULL && f->unit != NULL && f->unit[0] ?
		    err_set(ei, ERR_INVALID, "dossiers.bad_unit", "unit",
		    "Không tìm thấy đơn vị đã chọn: hãy tìm và chọn lại theo tên",
		    "The unit chosen was not found: search for it by name and "
		    "choose it again") :
		    err_set(ei, ERR_INVALID, "dossiers.bad_unit", "province",
		    "Không tìm thấy tỉnh đã chọn: hãy chọn lại trong danh sách",
		    "The province chosen was not found: choose it again from "
		    "the list");
	if (f->at_step)	/* asked of the database by state (dos_inbox.c) */
		return dos_at_step_rows(db, p, f->roles != 0 ? f->roles : ROLES_STAFF,
		    DOS_LIST_MAX, rows, NULL, ei);
	st = db_stmt(db, STMT_DOS_LIST);
	bind_filter(st, f, us, uc, ps, pc, date_today(today));
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(rows, dos_list_row(st));
	db_end_reads(db);
	return rc < 0 ? ei->err : ERR_OK;
}

json_t *
dos_list_row(struct db_stmt *st)
{
	return json_pack("{s:I, s:s, s:s, s:s, "
	    "s:s, s:s, s:I, s:s, s:s, s:I, s:s, s:o, s:b, s:s, s:b, "
	    "s:s, s:o}", "id", (json_int_t)db_col_int(st, 0),
	    "kind", db_col_text(st, 1), "structure", db_col_text(st, 2),
	    "code", db_col_text(st, 3), "name", db_col_text(st, 4),
	    "title", db_col_text(st, 5), "year",
	    (json_int_t)db_col_int(st, 6), "set_id", db_col_text(st, 7),
	    "procedure_id", db_col_text(st, 8), "procedure_version",
	    (json_int_t)db_col_int(st, 9), "state", db_col_text(st, 10),
	    "due_on", str_or_null(db_col_text(st, 11)), "terminal",
	    db_col_int(st, 12) != 0, "state_since", db_col_text(st, 13),
	    "is_open", db_col_int(st, 14) != 0, "created_at",
	    db_col_text(st, 15), "parent",
	    str_or_null(db_col_text(st, 16)));
}

/* The procedure version of a list row and its current state, or false. */
static bool
row_state(struct db *db, json_t *row, const struct wf_procedure **proc,
    const struct wf_state **s)
{
	struct errinfo ei;

	return wf_load(db, json_string_value(json_object_get(row,
	    "procedure_id")), (int)json_integer_value(json_object_get(row,
	    "procedure_version")), proc, &ei) == ERR_OK &&
	    (*s = wf_state_find(*proc, json_string_value(json_object_get(row,
	    "state")))) != NULL;
}

/* Count row's state in counts, naming it in names (lang) the first time
 * it is seen. */
static void
count_state(struct db *db, json_t *row, json_t *counts, json_t *names,
    const char *lang)
{
	const char *state = json_string_value(json_object_get(row, "state"));
	const struct wf_procedure *proc;
	const struct wf_state *s;
	json_t *n = json_object_get(counts, state);

	json_object_set_new(counts, state, json_integer(json_integer_value(n) +
	    1));
	if (json_object_get(names, state) == NULL && row_state(db, row, &proc,
	    &s))
		json_object_set_new(names, state, json_string(wf_text(&s->name,
		    lang)));
}

json_t *
dos_list_item(struct db *db, json_t *row, const char *lang)
{
	const struct wf_procedure *proc;
	const struct wf_state *s;

	if (!row_state(db, row, &proc, &s))
		return NULL;
	return json_pack("{s:O, s:O, s:{s:O, s:O, s:O, s:O}, s:O, s:O, s:O, "
	    "s:o, s:O, s:O, s:O, s:s, s:O, s:O}",
	    "id", json_object_get(row, "id"), "kind",
	    json_object_get(row, "kind"), "unit", "structure",
	    json_object_get(row, "structure"), "code",
	    json_object_get(row, "code"), "name", json_object_get(row, "name"),
	    "parent", json_object_get(row, "parent"), "title",
	    json_object_get(row, "title"), "year", json_object_get(row, "year"),
	    "set_id", json_object_get(row, "set_id"), "state", state_json(s,
	    json_string_value(json_object_get(row, "due_on")),
	    json_is_true(json_object_get(row, "terminal")), lang),
	    "updated_at", json_object_get(row, "state_since"),
	    "created_at", json_object_get(row, "created_at"),
	    "is_open", json_object_get(row, "is_open"),
	    "procedure", wf_text(&proc->name, lang),
	    "procedure_id", json_object_get(row, "procedure_id"),
	    "procedure_version", json_object_get(row, "procedure_version"));
}

enum err
dos_list(struct db *db, const struct principal *p, const struct dos_filter *f,
    const char *lang, json_t **out, struct errinfo *ei)
{
	static const struct dos_filter none = { 0 };
	struct arena *a = arena_new(8192);
	json_t *rows = json_array(), *items = json_array();
	json_t *counts = json_object(), *names = json_object(), *it;
	int64_t total = 0, limit, offset;
	unsigned roles;
	size_t i;
	enum err e;

	*out = NULL;
	if (f == NULL)
		f = &none;
	roles = f->roles != 0 ? f->roles : ROLES_STAFF;
	limit = f->limit > 0 ? f->limit : 50;
	offset = f->offset > 0 ? f->offset : 0;
	if ((e = list_rows(db, a, p, f, rows, ei)) != ERR_OK)
		goto out;
	json_array_foreach(rows, i, it) {
		const char *state = json_string_value(json_object_get(it,
		    "state"));
		json_t *item;

		/* A list shows what lies in the viewer's scope. */
		if (!auth_can(db, p, roles, json_string_value(json_object_get(
		    it, "structure")), json_string_value(json_object_get(it,
		    "code")), NULL))
			continue;
		count_state(db, it, counts, names, lang);
		if (f->state != NULL && f->state[0] &&
		    strcmp(f->state, state) != 0)
			continue;
		total++;
		if (total <= offset || (int64_t)json_array_size(items) >= limit)
			continue;
		if ((item = dos_list_item(db, it, lang)) != NULL)
			json_array_append_new(items, item);
	}
	*out = json_pack("{s:O, s:I, s:O, s:O}", "items", items, "total",
	    (json_int_t)total, "counts", counts, "state_names", names);
out:
	json_decref(rows);
	json_decref(items);
	json_decref(counts);
	json_decref(names);
	arena_free(a);
	return e;
}
