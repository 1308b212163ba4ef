/*
 * dos_internal.h - what the files of domain/dossiers share: a dossier
 * loaded with its workflow instance and procedure, the checks a
 * transition may require, and small helpers.  Not for other
 * modules (they use dossiers.h).
 */
#ifndef NTM_DOMAIN_DOS_INTERNAL_H
#define NTM_DOMAIN_DOS_INTERNAL_H

#include "domain/audit/audit.h"
#include "domain/criteria/criteria.h"
#include "domain/dossiers/dossiers.h"
#include "domain/workflow/workflow.h"

#define DOS_JUSTIFICATION_MIN	20	/* characters of an overriding one */
#define DOS_DECISION_NO_MAX	100	/* bytes of a decision number */
#define DOS_SIGNER_MAX		200

/* A dossier as stored, with its instance and procedure (strings in the
 * arena of dos_load). */
struct dos {
	int64_t id, instance_id, campaign_id, revokes, created_by_id;
	const char *kind, *structure, *code, *set_id, *title;
	int year;
	const char *snapshot, *snapshot_at, *satisfaction, *justification;
	int snapshot_version;
	int council_round;
	const char *decision_no, *decision_date, *decision_signer;
	bool is_open;
	const char *created_at, *created_by;
	const char *unit_name, *unit_level, *parent_name;
	struct wf_instance in;
	const struct wf_procedure *proc;
	const struct wf_state *state;
};

/* Load dossier id (ERR_NOTFOUND "dossiers.not_found").  Who may read it
 * is the router's question, answered before any caller runs. */
enum err dos_load(struct db *db, struct arena *a, int64_t id, struct dos *d,
    struct errinfo *ei);

/* Begin a write on dossier id: the transaction, then the dossier (into d,
 * strings in a); on failure nothing is left open. */
enum err dos_begin_on(struct db *db, struct arena *a, int64_t id,
    struct dos *d, struct errinfo *ei);

/* The binding of p under which the procedure lets p add attachments now
 * (the unit's users while the state is editable, and whoever may take a
 * transition from the current state), or NULL. */
const struct role_binding *dos_may_attach(struct db *db,
    const struct principal *p, const struct dos *d);

/* Bump DOS_META_VERSION (and the criteria token when titles changed). */
enum err dos_bump(struct db *db, bool titles, struct errinfo *ei);
/* The end of every write on dossier id (d: its unit; may be NULL): the
 * audit entry of action (after: stolen, may be NULL), then the version
 * token bumped. */
enum err dos_written(struct db *db, const struct audit_actor *who,
    const char *action, const struct dos *d, int64_t id, json_t *after,
    struct errinfo *ei);

/* The name of an attachment kind of the procedure in both languages, or
 * NULL when the procedure has no such kind; dos_kind_name: in lang. */
const struct wf_text *dos_kind_text(const struct wf_procedure *proc,
    const char *kind);
const char *dos_kind_name(const struct wf_procedure *proc, const char *kind,
    const char *lang);
/* Live attachments of kind. */
int dos_count_kind(struct db *db, int64_t id, const char *kind);
/* Whether the numbers of campaign_id's result can be (o: its outcome, or
 * NULL when there is none yet): *ok, else *why is ERR_INVALID
 * "dossiers.impossible_survey" naming the number ("responses", "codes",
 * "households", "coverage", "ci") and saying why in both languages.
 * Returns a database error (in *ei), else ERR_OK. */
struct surv_outcome;
enum err dos_survey_plausible(struct db *db, int64_t campaign_id,
    const struct surv_outcome *o, bool *ok, struct errinfo *why,
    struct errinfo *ei);
/* Does unit (structure, code) hold title (a recognition not revoked)?
 * 1 yes (*set_id in a, *year, *granted_by: the dossier or 0; each may be
 * NULL), 0 no, -1 the database failed (ei). */
int dos_title_held(struct db *db, const char *structure, const char *code,
    const char *title, struct arena *a, const char **set_id, int *year,
    int64_t *granted_by, struct errinfo *ei);
/* The province filter of the list statements of dossiers.sql (NULL, or
 * the unit is (ps, pc) or lies in its scope, unit_scope): its five
 * parameters from first on. */
/* Lists (dos_view.c, dos_inbox.c).  A row of the list statements
 * (dos_list, dos_at_state: the same 17 columns) as JSON; the list item of
 * such a row (its procedure and state loaded), or NULL. */
#define DOS_LIST_MAX	20000	/* rows a list reads (the statements' LIMIT) */
json_t *dos_list_row(struct db_stmt *st);
json_t *dos_list_item(struct db *db, json_t *row, const char *lang);
/* The open dossiers whose current state has a transition p may take
 * (through a binding of roles), asked of the database state by state:
 * the first limit of them (deadline first) appended to rows as
 * dos_list_row, and how many there are in *total (if total != NULL). */
enum err dos_at_step_rows(struct db *db, const struct principal *p,
    unsigned roles, int64_t limit, json_t *rows, int64_t *total,
    struct errinfo *ei);

void dos_bind_province(struct db_stmt *st, int first, const char *ps,
    const char *pc);
/* The refusal of a stale row version (ERR_CONFLICT "workflow.stale"). */
enum err dos_stale(struct errinfo *ei);

/* Characters (code points) of UTF-8 text. */
size_t dos_chars(const char *s);

/* ---- checks (dos_checks.c) ---- */

/* What a transition still needs; filled by dos_requirements. */
struct dos_missing {
	json_t *items;		/* [{item, kind, message, overridable}] */
	bool blocking;		/* something not overridable is missing */
	bool overridable;	/* failed checks that a justification covers */
	/* The refusal of the first missing item, and of the first one no
	 * justification overrides: ERR_INVALID "dossiers.missing" naming
	 * the item, in both languages (err ERR_OK: none). */
	struct errinfo first, first_blocking;
};

/* Evaluate the attachments and checks t requires on d (read-only; the
 * live evaluation is read once and kept in *live when live != NULL).
 * The items' messages are in lang. */
enum err dos_requirements(struct db *db, const struct dos *d,
    const struct wf_transition *t, const char *lang, json_t **live,
    struct dos_missing *m, struct errinfo *ei);

/* The revocation rule on d's unit: the newest evaluation after
 * after_year that triggers the rule of set_id.  *year 0 when none. */
enum err dos_rule_triggered(struct db *db, const char *structure,
    const char *code, const char *set_id, int after_year, int *year,
    int *failed, int *total, struct errinfo *ei);
/* The set's revocation rule from a stored evaluation's counts and
 * criteria bits ('1', '0', '?' per criterion). */
bool dos_rule_from_bits(const struct crit_set *s, int failed, int total,
    const char *bits);

/* The version of one criterion's appraisal as stored (every argument may
 * be NULL: not appraised yet), 16 hex digits into out[17]: the page sends
 * back the version it showed, and an appraisal made since is a conflict
 * (dos_act), not a silent overwrite. */
const char *dos_criterion_version(const char *appraisal, const char *note,
    const char *by, const char *at, char out[17]);

#endif
