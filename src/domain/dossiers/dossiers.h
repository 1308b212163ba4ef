/*
 * dossiers.h - appraisal and recognition: the dossier that climbs the
 * levels from a commune's self-assessment to the province's decision, and
 * the revocation case that can take the title away again.
 *
 * A dossier is one workflow instance (domain/workflow) for a unit, a
 * criteria set, a year and a title (ntm, advanced, model, modern).  It
 * carries the unit's evaluation from the criteria module (frozen at
 * submission, the live one shown beside it), the satisfaction result of
 * one survey campaign (surv_campaign_outcome), attachments, comments and
 * return reasons per criterion, the appraising level's verdict per
 * criterion, and the council's votes.
 *
 * Who may call: the router admits a request before these functions run
 * (the route's roles, and the dossier's unit - dos_unit_of - inside the
 * scope of the caller's binding); they do not ask again.  What they check
 * is what the procedure, which is data, grants: who may start a dossier,
 * change it, attach files and take each transition (role and level,
 * wf_may_create and wf_may: ERR_FORBIDDEN 403 "dossiers.forbidden" or
 * "workflow.forbidden").  Lists keep to the viewer's scope: that is what
 * a list shows.  Every write is one transaction with its audit entry,
 * whose actor is the binding the procedure names, or the one the router
 * admitted.  A transition is refused
 * with ERR_CONFLICT 409 when the procedure does not allow it from the
 * current state or the row version the client read is stale, and with
 * ERR_INVALID 422 naming the missing item ("attachments.self_assessment",
 * "checks.evaluation_met", "criteria.5", "decision_no", "note").
 *
 * A decided recognition writes unit_recognition (the title takes effect:
 * the criteria module reports the unit "recognised"); a decided revocation
 * ends it (revoked_at, revocation_no).  Results are json_t (new
 * references) whose shapes docs/API.md documents.
 */
#ifndef NTM_DOMAIN_DOSSIERS_H
#define NTM_DOMAIN_DOSSIERS_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/auth/auth.h"

#define DOS_ATTACHMENT_MAX	(10u * 1024 * 1024)	/* bytes of a file */
#define DOS_ATTACHMENTS_MAX	60	/* live attachments per dossier */
#define DOS_FILENAME_MAX	200	/* bytes of a displayed file name */
#define DOS_TEXT_MAX		4000	/* bytes of a note, reason, opinion */
#define DOS_JUSTIFICATION_MAX	8000
#define DOS_META_VERSION	"dossiers_version"	/* bumped by writes */

extern const char *const dos_titles[];	/* "ntm", "advanced", "model",
					 * "modern", NULL */

/* A new recognition dossier (kind "recognition").  procedure_id NULL: the
 * newest procedure that applies (wf_pick).  One open dossier per unit and
 * title: a second is ERR_CONFLICT "dossiers.exists" naming the first. */
struct dos_new {
	const char *structure, *code;
	const char *set_id;
	int year;
	const char *title;
	const char *procedure_id;
	int64_t campaign_id;	/* 0: none yet (set later, before submit) */
	const char *note;
};
enum err dos_create(struct db *db, const struct principal *p,
    const struct dos_new *n, int64_t *id, struct errinfo *ei);
/* Every problem of n that dos_create would refuse one at a time (title,
 * note, unit, criteria set and year, procedure, campaign), into out[0..]
 * (at most max): how many.  For a form that lists them all at once; the
 * conflicts (an open dossier, a title held) are dos_create's, read in its
 * transaction. */
size_t dos_new_problems(struct db *db, const struct dos_new *n,
    struct errinfo *out, size_t max);

/* What a new recognition dossier of unit (structure, code) starts from
 * before its officer chooses (dos_options.c): the title "ntm"; among the
 * criteria sets named by the recognition procedures of that title that
 * apply to the unit, the one whose period holds this year, else the
 * nearest (a tie: the later); the year of that period nearest to today.
 * ERR_NOTFOUND "dossiers.no_set" when no procedure names a set. */
struct dos_defaults {
	const char *title, *set_id;	/* static or cached: never freed */
	int year;
};
enum err dos_defaults(struct db *db, const char *structure, const char *code,
    struct dos_defaults *out, struct errinfo *ei);

/* What the form of a new recognition dossier of unit (structure, code)
 * offers, in lang (dos_options.c): {"unit":{structure, code, name},
 * "title", "set_id", "year" (dos_defaults; null set_id when none
 * applies), "sets":[{id, name, title, year_from, year_to, selected}] (the
 * sets named by the recognition procedures that apply to the unit),
 * "campaigns": dos_campaign_choices, "campaign_optional": true (a dossier
 * starts without one and links it before it is submitted)}. */
enum err dos_new_options(struct db *db, const char *structure,
    const char *code, const char *lang, json_t **out, struct errinfo *ei);
/* The satisfaction campaigns of unit (structure, code) as choices in
 * lang: [{id, label ("<title> · đã kết thúc 12/03/2026"), state,
 * selected (id == current)}], closed ones (results published) first,
 * then open, then to come; newest first within each. */
enum err dos_campaign_choices(struct db *db, const char *structure,
    const char *code, const char *lang, int64_t current, json_t **out,
    struct errinfo *ei);

/* The unit of dossier id (strings in a): what the router's scope rule
 * needs to admit a request on it.  ERR_NOTFOUND "dossiers.not_found". */
enum err dos_unit_of(struct db *db, struct arena *a, int64_t id,
    const char **structure, const char **code, struct errinfo *ei);

/* A revocation case for a unit's title (kind "revocation"), started by the
 * level the revocation procedure names; revokes: the recognition dossier
 * (0 when the title was recorded outside the platform).  Refused when the
 * unit does not hold the title or a case is already open. */
enum err dos_revocation_open(struct db *db, const struct principal *p,
    const char *structure, const char *code, const char *title,
    const char *note, int64_t *id, struct errinfo *ei);

/* Set the fields the unit may change while the dossier is editable (by
 * whoever the procedure lets start one): campaign_id (>0 to link, -1 to
 * unlink, 0 to keep), justification (NULL: keep). */
enum err dos_update(struct db *db, const struct principal *p, int64_t id,
    int64_t row_version, int64_t campaign_id, const char *justification,
    struct errinfo *ei);

/* The whole dossier, for viewer p (NULL: no one, e.g. a print): unit,
 * set, procedure, state (holder, due_on, days_left, overdue),
 * row_version, evaluation {snapshot, snapshot_at, live}, satisfaction
 * {campaign_id, frozen, live}, attachments, required_attachments,
 * criteria [{id, name, status, appraisal, note, comments}], comments,
 * council {round, votes, tally, quorum}, decision, actions (the
 * transitions this viewer may take now, each with what is still missing),
 * timeline. */
enum err dos_get(struct db *db, const struct principal *p, int64_t id,
    const char *lang, json_t **out, struct errinfo *ei);

/* One transition.  row_version: what the client read (required). */
struct dos_action {
	const char *transition;
	int64_t row_version;
	const char *note;		/* reasons, remarks */
	const char *justification;	/* overrides failed checks if allowed */
	/* appraise: {"<criterion id>": {"appraisal": "confirmed"|"disputed",
	 *  "note": "..."}} covering every criterion of the set;
	 * return: {"<criterion id>": "reason"} (optional, beside note). */
	json_t *criteria;
	const char *decision_no, *decision_date, *decision_signer;
	const char *vote, *opinion;	/* a council member's vote */
};
enum err dos_act(struct db *db, const struct principal *p, int64_t id,
    const struct dos_action *a, struct errinfo *ei);

/* A comment by who (the reader the router admitted) on the dossier or on
 * one criterion (criterion NULL), while it is open. */
enum err dos_comment(struct db *db, const struct audit_actor *who,
    int64_t id, const char *criterion, const char *body, struct errinfo *ei);

/* Attachments.  The content decides the type (libmagic): PDF, JPEG or PNG
 * only, else ERR_MEDIA 415 naming what it is; larger than
 * DOS_ATTACHMENT_MAX: ERR_LIMIT 413; kind must be one of the procedure's
 * kinds (422 "kind").  The file name is kept for display only (cut,
 * control characters and path separators removed); the bytes are stored
 * once per SHA-256. */
enum err dos_attach(struct db *db, const struct principal *p, int64_t id,
    const char *kind, const char *filename, const void *data, size_t len,
    int64_t *attachment_id, struct errinfo *ei);
struct dos_file {
	const char *filename, *mime, *sha256;
	const void *data;	/* in the caller's arena */
	size_t len;
};
enum err dos_attachment_get(struct db *db, struct arena *a, int64_t id,
    int64_t attachment_id, struct dos_file *out, struct errinfo *ei);
/* Only whoever attached it, while the procedure still lets them attach. */
enum err dos_attachment_remove(struct db *db, const struct principal *p,
    int64_t id, int64_t attachment_id, struct errinfo *ei);

/* Lists ---------------------------------------------------------------- */

struct dos_filter {
	const char *state;		/* state id, or NULL */
	const char *province;		/* "STRUCTURE:CODE" of a province */
	const char *unit;		/* "STRUCTURE:CODE" */
	int year;			/* 0: any */
	const char *title, *kind;	/* NULL: any */
	const char *name;		/* the register: a unit's name, any
					 * case or marks (folded); NULL: any */
	bool open_only, overdue_only;
	int64_t limit, offset;
	/* The roles whose bindings' scopes the list keeps to (the route's
	 * readers): 0 for every role. */
	unsigned roles;
	/* The register's and the watch list's order: a column's word
	 * (dos_register_sorts, dos_watch_sorts), NULL: the list's own
	 * order (the newest decision first; the units by code); desc:
	 * descending. */
	const char *sort;
	bool desc;
	/* Only the open dossiers at the caller's step: a transition of their
	 * current state is granted to a binding (of roles) of the caller
	 * (asked of the database, not decided row by row). */
	bool at_step;
};
/* The dossiers inside the scope of p's bindings (of f->roles):
 * {"items":[{id, kind, unit, title, year, set_id, state:{id, name,
 * holder, due_on, days_left, overdue}, updated_at, procedure,
 * procedure_id, procedure_version}], "total", "counts":
 * {state: n}, "state_names": {state: its name in lang}}.  overdue_only:
 * the dossiers past their state's deadline, for the level above. */
enum err dos_list(struct db *db, const struct principal *p,
    const struct dos_filter *f, const char *lang, json_t **out,
    struct errinfo *ei);

/* The columns the register and the watch list sort by (NULL-terminated):
 * register "name" (Vietnamese names folded as search folds them: case
 * and marks ignored, then the unit above), "title", "year", "decided";
 * watch "name", "title", "recognised" (the year of the title),
 * "evaluated" (the year whose evaluation triggers the rule), "failed"
 * (criteria failed).  Another word is ERR_INVALID naming "sort". */
extern const char *const dos_register_sorts[];
extern const char *const dos_watch_sorts[];

/* What waits for p (the home): {"at_step": {"items", "total"},
 * "overdue_below": {"items", "total"}}, items as dos_list's (the first
 * limit, deadline first).  At step: the open dossiers whose current state
 * has a transition a binding of p (of roles) may take.  Overdue below:
 * the dossiers past their deadline in the scope of p's bindings (of
 * roles) that are not at p's step.  Both counted in the database, not
 * from a truncated list. */
enum err dos_inbox(struct db *db, const struct principal *p, unsigned roles,
    int64_t limit, const char *lang, json_t **out, struct errinfo *ei);

/* The public register of titles (no sign-in): {"items":[{unit, title,
 * set_id, year, decision_no, decision_date, signer, dossier_id | null,
 * revoked:{no, at} | null}], "total"}, filtered by year, title, province
 * and name (diacritics and case ignored, core/text.h's fold). */
enum err dos_register(struct db *db, const struct dos_filter *f,
    json_t **out, struct errinfo *ei);
/* The same entries as a download appended to out: CSV (core/csvw.h,
 * formula-injection guard) or XLSX (libxlsxwriter; labels in lang). */
enum err dos_register_csv(json_t *list, const char *lang, struct buf *out,
    struct errinfo *ei);
enum err dos_register_xlsx(json_t *list, const char *lang,
    struct buf *out, struct errinfo *ei);
/* The watch list (dos_watch's JSON) the same ways. */
enum err dos_watch_csv(json_t *list, const char *lang, struct buf *out,
    struct errinfo *ei);
enum err dos_watch_xlsx(json_t *list, const char *lang, struct buf *out,
    struct errinfo *ei);

/* Continuous compliance: every unit in the scope of p's bindings (of
 * f->roles) that holds a
 * title whose set has a revocation rule, and whose evaluation of a later
 * year triggers it: {"items":[{unit, title, set_id, recognised_year,
 * decision_no, year, criteria_failed, criteria_total, open_case: id |
 * null}], "total"}. */
enum err dos_watch(struct db *db, const struct principal *p,
    const struct dos_filter *f, json_t **out, struct errinfo *ei);

/* Printable A4 pages (cairo + pango) in lang, appended to out: the
 * dossier summary, and the decision page.  The decision of a decided
 * dossier is public (anyone may print it); before the decision, a reader
 * (the router found the dossier in the caller's scope) learns that it is
 * not decided yet (ERR_CONFLICT "dossiers.not_decided"), anyone else
 * nothing more than that no decision is published (ERR_NOTFOUND
 * "dossiers.not_found"). */
enum err dos_pdf_summary(struct db *db, int64_t id, const char *lang,
    struct buf *out, struct errinfo *ei);
enum err dos_pdf_decision(struct db *db, int64_t id, bool reader,
    const char *lang, struct buf *out, struct errinfo *ei);

/* The MIME type of data as libmagic reads it from the content ("" when it
 * cannot tell): the one content check of uploads (attachments, OCOP
 * product photos). */
enum err dos_sniff(const void *data, size_t len, char *out, size_t size,
    struct errinfo *ei);

#endif
