/*
 * dos_act.c - transitions of a dossier: what each requires (attachments,
 * checks), the data it carries (appraisals, reasons, a vote, a decision),
 * and its effects (the snapshot frozen at submission, a new council round,
 * the title granted or ended), all in one transaction with the workflow
 * event and the audit entries.
 *
 * Order of refusals, so a client learns the most basic fault first: the
 * router's (401 not signed in, 403 a role or a unit outside the caller's
 * scope); then not allowed from this state (409) or not granted to this
 * user by the procedure (403 "workflow.forbidden": its role and level are
 * data, so the engine checks them here); a stale row version on a move
 * (409); a missing or bad field the transition carries (422 naming it);
 * a missing attachment (422 "attachments.<kind>"); a failed check (422
 * "checks.<name>"), which a written justification may override where the
 * procedure says so.
 *
 * Stays (appraise, vote) are independent of each other: they are taken
 * at the row version read inside the transaction, so two council members
 * voting at once both succeed.  Moves are taken at the row version the
 * client read: of two appraisers forwarding the same dossier one wins.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/stamp.h"
#include "domain/criteria/criteria_store.h"
#include "domain/dossiers/dos_internal.h"
#include "domain/surveys/surveys_store.h"

/* ---- what a transition carries ---- */

static bool
blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

static const char *
criterion_of(const struct crit_set *s, const char *id)
{
	for (size_t i = 0; i < s->n_criteria; i++)
		if (strcmp(s->criteria[i].id, id) == 0)
			return s->criteria[i].name;
	return NULL;
}

/* Is v a criterion's appraisal with no choice made (no "appraisal", or
 * null or "")?  The page sends every criterion it shows, chosen or not. */
static bool
unchosen(json_t *v)
{
	json_t *ap = json_object_get(v, "appraisal");

	return json_is_object(v) && (ap == NULL || json_is_null(ap) ||
	    (json_is_string(ap) && json_string_length(ap) == 0));
}

/* One criterion's part of an appraisal ({"appraisal", "note",
 * "version"}) or of a return (a reason), v, under field "criteria.<k>";
 * name: the criterion as the page shows it ("1. Quy hoạch"). */
static enum err
check_criterion(const struct wf_transition *t, const char *name, json_t *v,
    const char *field, struct errinfo *ei)
{
	json_t *ap, *note, *ver;

	if (!t->req.appraisal) {	/* a return reason */
		if (!json_is_string(v) ||
		    strlen(json_string_value(v)) > DOS_TEXT_MAX)
			return err_set(ei, ERR_INVALID, "dossiers.bad_reason",
			    field, "Lý do của tiêu chí %s phải là văn bản (tối "
			    "đa %d byte)", "The reason for criterion %s is a "
			    "text (at most %d bytes)", name, DOS_TEXT_MAX);
		return ERR_OK;
	}
	ap = json_object_get(v, "appraisal");
	note = json_object_get(v, "note");
	ver = json_object_get(v, "version");
	if (!json_is_string(ap) || (strcmp(json_string_value(ap),
	    "confirmed") != 0 && strcmp(json_string_value(ap),
	    "disputed") != 0))
		return err_set(ei, ERR_INVALID, "dossiers.bad_appraisal", field,
		    "Tiêu chí %s: chọn \"Xác nhận\" hoặc \"Có ý kiến khác\"",
		    "Criterion %s: choose \"Confirmed\" or \"Disputed\"", name);
	if (note != NULL && !json_is_null(note) && (!json_is_string(note) ||
	    strlen(json_string_value(note)) > DOS_TEXT_MAX))
		return err_set(ei, ERR_INVALID, "dossiers.bad_appraisal", field,
		    "Tiêu chí %s: ý kiến phải là văn bản (tối đa %d byte)",
		    "Criterion %s: the note is a text (at most %d bytes)", name,
		    DOS_TEXT_MAX);
	if (ver != NULL && !json_is_null(ver) && (!json_is_string(ver) ||
	    json_string_length(ver) != 16))
		return err_set(ei, ERR_INVALID, "dossiers.bad_version", field,
		    "Tiêu chí %s: phiên bản thẩm tra gửi kèm không hợp lệ",
		    "Criterion %s: the appraisal version sent is not valid",
		    name);
	if (strcmp(json_string_value(ap), "disputed") == 0 &&
	    blank(json_string_value(note)))
		return err_set(ei, ERR_INVALID, "dossiers.bad_appraisal", field,
		    "Tiêu chí %s: cần ghi ý kiến khi không xác nhận",
		    "Criterion %s: a dispute needs a note", name);
	return ERR_OK;
}

/* The per-criterion part of an appraisal or a return: an object by
 * criterion id, every id one of the dossier's set.  Criteria left
 * without a choice are named all at once (the field: the first). */
static enum err
check_criteria(struct db *db, const struct dos *d,
    const struct wf_transition *t, json_t *criteria, struct errinfo *ei)
{
	const struct crit_set *s;
	char vi[sizeof(ei->message)], en[sizeof(ei->message_en)];
	char first[64] = "", list[sizeof(ei->message)] = "";
	size_t nlist = 0;
	enum err e;

	if (!json_is_object(criteria))
		return err_set(ei, ERR_INVALID, "dossiers.bad_criteria",
		    "criteria", "Kết quả thẩm tra phải ghi theo từng tiêu chí",
		    "The appraisal is given criterion by criterion");
	if ((e = crit_store_load(db, d->set_id, 0, &s, ei)) != ERR_OK)
		return e;
	/* In the set's order, so the message reads as the page. */
	for (size_t i = 0; i < s->n_criteria; i++) {
		const char *k = s->criteria[i].id;
		json_t *v = json_object_get(criteria, k);
		char field[64], name[160];

		if (v == NULL)
			continue;
		snprintf(field, sizeof(field), "criteria.%s", k);
		snprintf(name, sizeof(name), "%s. %s", k, s->criteria[i].name);
		if (t->req.appraisal && unchosen(v)) {
			size_t used = strlen(list);

			if (first[0] == '\0')
				snprintf(first, sizeof(first), "%s", field);
			if (used + strlen(name) + 8 < sizeof(list) - 80)
				snprintf(list + used, sizeof(list) - used, "%s%s",
				    nlist > 0 ? "; " : "", name);
			else if (used + 8 < sizeof(list) - 80 &&
			    strstr(list, "…") == NULL)
				snprintf(list + used, sizeof(list) - used, "; …");
			nlist++;
			continue;
		}
		if ((e = check_criterion(t, name, v, field, ei)) != ERR_OK)
			return e;
	}
	{
		const char *k;
		json_t *v;

		json_object_foreach(criteria, k, v) {
			char field[64];

			if (criterion_of(s, k) != NULL)
				continue;
			snprintf(field, sizeof(field), "criteria.%s", k);
			return err_set(ei, ERR_INVALID,
			    "dossiers.bad_criterion", field,
			    "Bộ tiêu chí của hồ sơ không có tiêu chí số %s",
			    "The dossier's criteria set has no criterion %s", k);
		}
	}
	if (nlist > 0) {
		snprintf(vi, sizeof(vi), "Chưa chọn kết quả thẩm tra của %zu "
		    "tiêu chí: %s", nlist, list);
		snprintf(en, sizeof(en), "No appraisal chosen for %zu "
		    "criteria: %s", nlist, list);
		return err_set_texts(ei, ERR_INVALID, "dossiers.unchosen", first,
		    vi, en);
	}
	return ERR_OK;
}

/* A council member's vote and opinion. */
static enum err
check_vote(const struct dos_action *act, struct errinfo *ei)
{
	if (act->vote == NULL || (strcmp(act->vote, "approve") != 0 &&
	    strcmp(act->vote, "reject") != 0 &&
	    strcmp(act->vote, "abstain") != 0))
		return err_set(ei, ERR_INVALID, "dossiers.bad_vote", "vote",
		    "Hãy chọn một trong: tán thành, không tán thành, không "
		    "biểu quyết", "Choose one of: approve, reject, abstain");
	if (act->opinion != NULL && strlen(act->opinion) > DOS_TEXT_MAX)
		return err_set(ei, ERR_INVALID, "dossiers.too_long", "opinion",
		    "Ý kiến dài quá %d byte", "The opinion is longer than %d "
		    "bytes", DOS_TEXT_MAX);
	return ERR_OK;
}

/* A decision: its number, a real date not after today, its signer. */
static enum err
check_decision(const struct dos_action *act, struct errinfo *ei)
{
	char today[DATE_LEN];

	if (blank(act->decision_no) || strlen(act->decision_no) >
	    DOS_DECISION_NO_MAX)
		return err_set(ei, ERR_INVALID, "dossiers.decision_no",
		    "decision_no", "Cần số quyết định (tối đa %d byte)",
		    "The decision number is required (at most %d bytes)",
		    DOS_DECISION_NO_MAX);
	if (!date_parse_user(act->decision_date, NULL))
		return err_set(ei, ERR_INVALID, "dossiers.decision_date",
		    "decision_date", "Ngày quyết định phải là ngày hợp lệ dạng "
		    "YYYY-MM-DD, năm %d–%d", "The decision date is a real date, "
		    "YYYY-MM-DD, in %d–%d", DATE_USER_MIN_YEAR,
		    DATE_USER_MAX_YEAR);
	if (strcmp(act->decision_date, date_today(today)) > 0) {
		/* as people read dates: 31/12/2026 in Vietnamese */
		struct arena *a = arena_new(256);
		err_set(ei, ERR_INVALID, "dossiers.decision_date",
		    "decision_date", "Ngày quyết định %s chưa đến (hôm nay %s)%.0s%.0s",
		    "The decision date %.0s%.0s%s is still to come (today is %s)",
		    date_display(a, act->decision_date, "vi"), date_display(a, today, "vi"),
		    act->decision_date, today);
		arena_free(a);
		return ERR_INVALID;
	}
	if (blank(act->decision_signer) ||
	    strlen(act->decision_signer) > DOS_SIGNER_MAX)
		return err_set(ei, ERR_INVALID, "dossiers.decision_signer",
		    "decision_signer", "Cần ghi người ký quyết định (tối đa %d "
		    "byte)", "The signer of the decision is required (at most "
		    "%d bytes)", DOS_SIGNER_MAX);
	return ERR_OK;
}

/* Check the fields t carries in act; ERR_INVALID naming the first bad. */
static enum err
check_fields(struct db *db, const struct dos *d, const struct wf_transition *t,
    const struct dos_action *act, struct errinfo *ei)
{
	enum err e;

	if (act->note != NULL && strlen(act->note) > DOS_TEXT_MAX)
		return err_set(ei, ERR_INVALID, "dossiers.too_long", "note",
		    "Ghi chú dài quá %d byte", "The note is longer than %d "
		    "bytes", DOS_TEXT_MAX);
	if (t->req.reason && blank(act->note))
		return err_set(ei, ERR_INVALID, "dossiers.reason_required",
		    "note", "Cần ghi rõ lý do", "The reasons are required");
	if (act->justification != NULL && strlen(act->justification) >
	    DOS_JUSTIFICATION_MAX)
		return err_set(ei, ERR_INVALID, "dossiers.too_long",
		    "justification", "Giải trình dài quá %d byte",
		    "The justification is longer than %d bytes",
		    DOS_JUSTIFICATION_MAX);
	if ((t->req.appraisal || t->req.reason) && act->criteria != NULL &&
	    !json_is_null(act->criteria) &&
	    (e = check_criteria(db, d, t, act->criteria, ei)) != ERR_OK)
		return e;
	if (t->req.appraisal && (!json_is_object(act->criteria) ||
	    json_object_size(act->criteria) == 0))
		return err_set(ei, ERR_INVALID, "dossiers.bad_criteria",
		    "criteria", "Cần ghi kết quả thẩm tra của các tiêu chí",
		    "An appraisal of the criteria is required");
	if (t->req.vote && (e = check_vote(act, ei)) != ERR_OK)
		return e;
	if (t->req.decision && (e = check_decision(act, ei)) != ERR_OK)
		return e;
	return ERR_OK;
}

/* ---- writes ---- */

/* Every criterion sent with the version it was read at still has it
 * (read inside the write's transaction): else someone else appraised it
 * since, a conflict naming the criterion as the page does. */
static enum err
check_versions(struct db *db, const struct dos *d, json_t *criteria,
    struct errinfo *ei)
{
	const struct crit_set *s;
	struct db_stmt *st;
	json_t *now = json_object(), *v;
	const char *k;
	char ver[17];
	enum err e = ERR_OK;
	int rc;

	st = db_stmt(db, STMT_DOS_CRITERIA_OF);
	db_bind_int(st, 1, d->id);
	while ((rc = db_step(st, ei)) == 1)
		json_object_set_new(now, db_col_text(st, 0), json_string(
		    dos_criterion_version(db_col_text(st, 1), db_col_text(st, 2),
		    db_col_text(st, 3), db_col_text(st, 4), ver)));
	db_end_reads(db);
	if (rc < 0) {
		json_decref(now);
		return ei->err;
	}
	json_object_foreach(criteria, k, v) {
		const char *sent = json_string_value(json_object_get(v,
		    "version")), *cur = json_string_value(json_object_get(now,
		    k)), *name;
		char field[64];

		if (sent == NULL)
			continue;	/* a client that does not send one */
		if (cur == NULL)
			cur = dos_criterion_version(NULL, NULL, NULL, NULL, ver);
		if (strcmp(sent, cur) == 0)
			continue;
		snprintf(field, sizeof(field), "criteria.%s", k);
		name = k;
		if (crit_store_load(db, d->set_id, 0, &s, NULL) == ERR_OK &&
		    criterion_of(s, k) != NULL)
			name = criterion_of(s, k);
		e = err_set(ei, ERR_CONFLICT, "dossiers.criterion_changed",
		    field, "Tiêu chí %s. %s vừa được người khác thẩm tra sau khi "
		    "bạn mở trang: xem kết quả mới rồi chọn lại",
		    "Criterion %s. %s was appraised by someone else after you "
		    "opened the page: read the new appraisal and choose again",
		    k, name);
		break;
	}
	json_decref(now);
	return e;
}

static enum err
write_criteria(struct db *db, const struct dos *d,
    const struct wf_transition *t, const struct audit_actor *who,
    const struct dos_action *act, const char *now, struct errinfo *ei)
{
	const char *k;
	json_t *v;
	enum err e = ERR_OK;

	if (!json_is_object(act->criteria))
		return ERR_OK;
	if (t->req.appraisal && (e = check_versions(db, d, act->criteria,
	    ei)) != ERR_OK)
		return e;
	json_object_foreach(act->criteria, k, v) {
		struct db_stmt *st;

		if (t->req.appraisal) {
			const char *note = json_string_value(
			    json_object_get(v, "note"));

			st = db_stmt(db, STMT_DOS_CRITERION_UPSERT);
			db_bind_int(st, 1, d->id);
			db_bind_text(st, 2, k);
			db_bind_text(st, 3, json_string_value(
			    json_object_get(v, "appraisal")));
			db_bind_text(st, 4, blank(note) ? NULL : note);
			audit_bind_actor(st, 5, who);
			db_bind_text(st, 6, now);
			e = db_exec(st, ei);
		} else if (t->req.reason && !blank(json_string_value(v))) {
			st = db_stmt(db, STMT_DOS_COMMENT_INSERT);
			db_bind_int(st, 1, d->id);
			db_bind_text(st, 2, k);
			db_bind_text(st, 3, "return_reason");
			db_bind_text(st, 4, json_string_value(v));
			db_bind_text(st, 5, now);
			audit_bind_actor(st, 6, who);
			db_bind_text(st, 7, who->username);
			e = db_step(st, ei) < 0 ? ei->err : ERR_OK;
			db_end_reads(db);
		}
		if (e != ERR_OK)
			return e;
	}
	return ERR_OK;
}

static json_t *
outcome_json(int64_t campaign, const struct surv_outcome *o)
{
	return json_pack("{s:I, s:I, s:I, s:f, s:f, s:{s:f, s:f}, s:b, s:b, "
	    "s:b, s:b}", "campaign_id", (json_int_t)campaign, "responses",
	    (json_int_t)o->responses, "households", (json_int_t)o->households,
	    "coverage", o->coverage, "rate", o->rate, "ci", "lo", o->ci.lo,
	    "hi", o->ci.hi, "coverage_met", o->coverage_met, "rate_met",
	    o->rate_met, "met", o->met, "closed", o->closed);
}

/* The evaluation and the satisfaction result as they are now, kept. */
static enum err
freeze(struct db *db, const struct dos *d, const char *now, struct errinfo *ei)
{
	json_t *live = NULL, *sat = NULL;
	char *ltext = NULL, *stext = NULL;
	struct surv_outcome o;
	struct db_stmt *st;
	enum err e;

	if (crit_store_evaluation(db, d->structure, d->code, d->set_id,
	    d->year, 0, "vi", &live, ei) != ERR_OK) {
		if (ei->err == ERR_DB || ei->err == ERR_UNAVAILABLE)
			return ei->err;
		err_clear(ei);
		live = NULL;
	}
	if (d->campaign_id > 0 && surv_campaign_outcome(db, d->campaign_id, &o,
	    ei) == ERR_OK)
		sat = outcome_json(d->campaign_id, &o);
	err_clear(ei);
	if (live != NULL)
		ltext = json_dumps(live, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (sat != NULL)
		stext = json_dumps(sat, JSON_COMPACT | JSON_PRESERVE_ORDER);
	st = db_stmt(db, STMT_DOS_FREEZE);
	db_bind_text(st, 1, ltext);
	if (live != NULL)
		db_bind_int(st, 2, json_integer_value(json_object_get(live,
		    "set_version")));
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, now);
	db_bind_text(st, 4, stext);
	db_bind_int(st, 5, d->id);
	e = db_exec(st, ei);
	free(ltext);
	free(stext);
	json_decref(live);
	json_decref(sat);
	return e;
}

/* Does entering state `to` open a council round (a vote is taken there)? */
static bool
opens_round(const struct wf_procedure *proc, const char *from, const char *to)
{
	if (to == NULL || strcmp(from, to) == 0)
		return false;
	for (size_t i = 0; i < proc->ntransitions; i++)
		if (proc->transitions[i].req.vote &&
		    wf_transition_from(&proc->transitions[i], to))
			return true;
	return false;
}

static enum err
effect(struct db *db, const struct dos *d, const struct wf_transition *t,
    const struct dos_action *act, struct errinfo *ei)
{
	struct db_stmt *st;
	char today[DATE_LEN];
	enum err e;

	if (t->effect == NULL)
		return ERR_OK;
	if (strcmp(t->effect, "recognise") == 0) {
		st = db_stmt(db, STMT_DOS_RECOGNITION_UPSERT);
		db_bind_text(st, 1, d->structure);
		db_bind_text(st, 2, d->code);
		db_bind_text(st, 3, d->set_id);
		db_bind_int(st, 4, d->year);
		db_bind_text(st, 5, act->decision_no);
		db_bind_text(st, 6, act->decision_date);
		db_bind_text(st, 7, d->title);
		db_bind_text(st, 8, act->decision_signer);
		db_bind_int(st, 9, d->id);
		if ((e = db_exec(st, ei)) != ERR_OK)
			return e;
		/* The revocation flag of later years depends on the title. */
		return crit_store_reevaluate_unit(db, d->structure, d->code,
		    d->set_id, ei);
	}
	if (strcmp(t->effect, "revoke") == 0) {
		st = db_stmt(db, STMT_DOS_RECOGNITION_REVOKE);
		db_bind_text(st, 1, act->decision_date != NULL ?
		    act->decision_date : date_today(today));
		db_bind_text(st, 2, act->decision_no);
		db_bind_int(st, 3, d->id);
		db_bind_text(st, 4, d->structure);
		db_bind_text(st, 5, d->code);
		db_bind_text(st, 6, d->set_id);
		if ((e = db_exec(st, ei)) != ERR_OK)
			return e;
		if (db_changes(db) == 0)
			return err_set(ei, ERR_CONFLICT, "dossiers.no_title",
			    NULL, "%s không còn giữ danh hiệu để thu hồi",
			    "%s no longer holds a title to revoke",
			    d->unit_name);
		return crit_store_reevaluate_unit(db, d->structure, d->code,
		    d->set_id, ei);
	}
	return err_set(ei, ERR_INVALID, "dossiers.bad_effect", NULL,
	    "Quy trình có hiệu lực \"%s\" chưa được hỗ trợ",
	    "The procedure's effect \"%s\" is not supported", t->effect);
}

static json_t *
event_detail(const struct wf_transition *t, const struct dos_action *act,
    const struct dos *d, const char *justification, json_t *overridden)
{
	json_t *o = json_object();

	if (justification != NULL) {
		json_object_set_new(o, "justification",
		    json_string(justification));
		json_object_set(o, "overridden", overridden);
	}
	if ((t->req.appraisal || t->req.reason) &&
	    json_is_object(act->criteria) &&
	    json_object_size(act->criteria) > 0)
		json_object_set(o, "criteria", act->criteria);
	if (t->req.vote) {
		json_object_set_new(o, "vote", json_string(act->vote));
		json_object_set_new(o, "round", json_integer(d->council_round));
		if (!blank(act->opinion))
			json_object_set_new(o, "opinion",
			    json_string(act->opinion));
	}
	if (t->req.decision)
		json_object_set_new(o, "decision", json_pack("{s:s, s:s, s:s}",
		    "no", act->decision_no, "date", act->decision_date,
		    "signer", act->decision_signer));
	if (json_object_size(o) == 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The checks failed: refuse, or accept a justification where allowed.
 * *used: the justification that overrides (NULL when none was needed). */
static enum err
judge(const struct dos *d, const struct dos_action *act,
    const struct dos_missing *m, const char **used, struct errinfo *ei)
{
	/* the first missing item's message and a remark: cut to fit */
	char vi[sizeof(ei->message) + 64], en[sizeof(ei->message_en) + 64];
	const char *j;

	*used = NULL;
	if (m->blocking) {
		*ei = m->first_blocking;
		return ei->err;
	}
	if (!m->overridable)
		return ERR_OK;
	j = !blank(act->justification) ? act->justification :
	    d->justification;
	if (!blank(j) && dos_chars(j) >= DOS_JUSTIFICATION_MIN) {
		*used = j;
		return ERR_OK;
	}
	if (!blank(act->justification))
		return err_set(ei, ERR_INVALID, "dossiers.justification",
		    "justification", "Giải trình cần ít nhất %d ký tự",
		    "A justification has at least %d characters",
		    DOS_JUSTIFICATION_MIN);
	snprintf(vi, sizeof(vi), "%s (có thể trình kèm văn bản giải trình)",
	    m->first.message);
	snprintf(en, sizeof(en), "%s (a written justification may go with "
	    "it)", m->first.message_en);
	return err_set_texts(ei, ERR_INVALID, "dossiers.missing",
	    m->first.field, vi, en);
}

/* The rows t writes on d beside the move to `to` (NULL: a stay), by who:
 * appraisals or reasons, a vote, a decision, the justification used, the
 * results frozen when the dossier leaves the unit's hands, a new council
 * round. */
static enum err
write_data(struct db *db, const struct dos *d, const struct wf_transition *t,
    const struct wf_state *to, const struct audit_actor *who,
    const struct dos_action *act, const char *just, struct errinfo *ei)
{
	struct db_stmt *st;
	char now[32];
	enum err e;

	stamp_now(now);
	if ((e = write_criteria(db, d, t, who, act, now, ei)) != ERR_OK)
		return e;
	if (t->req.vote) {
		st = db_stmt(db, STMT_DOS_VOTE_UPSERT);
		db_bind_int(st, 1, d->id);
		db_bind_int(st, 2, d->council_round);
		audit_bind_actor(st, 3, who);
		db_bind_text(st, 4, who->username);
		db_bind_text(st, 5, act->vote);
		db_bind_text(st, 6, blank(act->opinion) ? NULL : act->opinion);
		db_bind_text(st, 7, now);
		if ((e = db_exec(st, ei)) != ERR_OK)
			return e;
	}
	if (t->req.decision) {
		st = db_stmt(db, STMT_DOS_SET_DECISION);
		db_bind_text(st, 1, act->decision_no);
		db_bind_text(st, 2, act->decision_date);
		db_bind_text(st, 3, act->decision_signer);
		db_bind_int(st, 4, d->id);
		if ((e = db_exec(st, ei)) != ERR_OK)
			return e;
	}
	if (just != NULL && just != d->justification) {
		st = db_stmt(db, STMT_DOS_SET_JUSTIFICATION);
		db_bind_text(st, 1, just);
		db_bind_int(st, 2, d->id);
		if ((e = db_exec(st, ei)) != ERR_OK)
			return e;
	}
	/* Leaving the unit's hands: the evaluation and the satisfaction
	 * result are frozen as they are now. */
	if (to != NULL && d->state->editable && !to->editable &&
	    !to->terminal && (e = freeze(db, d, now, ei)) != ERR_OK)
		return e;
	if (opens_round(d->proc, d->in.state, t->to)) {
		st = db_stmt(db, STMT_DOS_ROUND_NEXT);
		db_bind_int(st, 1, d->id);
		if ((e = db_exec(st, ei)) != ERR_OK)
			return e;
	}
	return ERR_OK;
}

/* The move itself (or the stay) with its event, then its effect, and the
 * dossier closed when it ends. */
static enum err
advance(struct db *db, const struct dos *d, struct wf_instance *at,
    const struct wf_transition *t, const struct wf_state *to,
    const struct audit_actor *who, const struct dos_action *act,
    const char *just, const struct dos_missing *m, struct errinfo *ei)
{
	json_t *overridden = json_array(), *detail, *it;
	struct db_stmt *st;
	char ref[48];
	size_t i;
	enum err e;

	json_array_foreach(m->items, i, it)
		json_array_append(overridden, json_object_get(it, "item"));
	detail = event_detail(t, act, d, just, overridden);
	json_decref(overridden);
	snprintf(ref, sizeof(ref), "dossier:%lld", (long long)d->id);
	e = wf_advance(db, who, d->proc, at, t, ref, blank(act->note) ? NULL :
	    act->note, detail, NULL, ei);
	json_decref(detail);
	if (e != ERR_OK || (e = effect(db, d, t, act, ei)) != ERR_OK)
		return e;
	if (to != NULL && to->terminal) {
		st = db_stmt(db, STMT_DOS_CLOSE);
		db_bind_int(st, 1, d->id);
		if ((e = db_exec(st, ei)) != ERR_OK)
			return e;
	}
	return dos_bump(db, t->effect != NULL, ei);
}

enum err
dos_act(struct db *db, const struct principal *p, int64_t id,
    const struct dos_action *act, struct errinfo *ei)
{
	struct arena *a = arena_new(16 * 1024);
	const struct wf_transition *t;
	const struct role_binding *b;
	const struct wf_state *to = NULL;
	struct dos_missing m = { 0 };
	struct audit_actor who;
	struct wf_instance at;
	struct dos d;
	const char *just = NULL;
	enum err e;

	if (act == NULL || blank(act->transition)) {
		e = err_set(ei, ERR_INVALID, "dossiers.no_transition",
		    "transition", "Cần chọn thao tác", "Choose a transition");
		goto done;
	}
	if ((e = dos_begin_on(db, a, id, &d, ei)) != ERR_OK)
		goto done;
	/* What the procedure grants (role and level) is data: checked here. */
	if ((e = wf_check(db, p, d.proc, &d.in, act->transition, &t, &b,
	    ei)) != ERR_OK)
		goto out;
	at = d.in;
	if (t->to != NULL) {
		/* A move: at the version the client read. */
		if (act->row_version != d.in.row_version) {
			e = dos_stale(ei);
			goto out;
		}
		at.row_version = act->row_version;
		to = wf_state_find(d.proc, t->to);
	}
	auth_actor(p, b, &who);
	if ((e = check_fields(db, &d, t, act, ei)) != ERR_OK ||
	    (e = dos_requirements(db, &d, t, NULL, NULL, &m, ei)) != ERR_OK ||
	    (e = judge(&d, act, &m, &just, ei)) != ERR_OK ||
	    (e = write_data(db, &d, t, to, &who, act, just, ei)) != ERR_OK)
		goto out;
	e = advance(db, &d, &at, t, to, &who, act, just, &m, ei);
out:
	e = db_finish(db, e, ei);
	json_decref(m.items);
done:
	arena_free(a);
	return e;
}
