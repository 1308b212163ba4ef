/*
 * workflow.h - the one state-machine engine of every approval workflow
 * (recognition dossiers now; report approval and OCOP rounds reuse it).
 *
 * A procedure is data: a document of format "ntm-procedure/1"
 * (docs/WORKFLOW.md) naming its states, the transitions between them, the
 * role and the administrative level that may take each one, what each
 * requires, and the deadline of each state in days.  Procedures are
 * versioned like criteria sets: a stored version never changes, an
 * amendment is a new version, and an instance keeps the version it started
 * with.  Shipped procedures live in procedures/ and are loaded by init.
 *
 * An instance is one subject (a dossier, a report) moving through one
 * procedure version for one administrative unit.  The owning module checks
 * what a transition requires (attachments, evaluation, votes...) and then
 * calls wf_advance inside its own transaction: the instance moves only if
 * its row version is still the one the caller read (else ERR_CONFLICT
 * "workflow.stale": of two appraisers acting on the same state one wins,
 * the other gets 409), the event joins the instance's timeline and the
 * audit trail, and the new state's deadline is set.
 *
 * Who may take a transition: a user holding one of its roles through a
 * binding whose unit is at the transition's level relative to the
 * instance's unit and whose scope contains that unit:
 *   unit      the instance's unit itself (a commune officer of the commune)
 *   district  a pre-2025 district containing it
 *   province  a province containing it (either structure, via the lineage)
 *   country   the country VN
 *   above     the unit's parent (a commune's province, a province's
 *             country): the level directly above, whatever it is
 * Admins act only where a procedure names the admin role.
 *
 * Parsed procedures are cached for the life of the process (a version never
 * changes) and must not be freed by callers.  Strings of results live in
 * the caller's arena; json_t results are new references.
 */
#ifndef NTM_DOMAIN_WORKFLOW_H
#define NTM_DOMAIN_WORKFLOW_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/audit/audit.h"
#include "domain/auth/auth.h"

#define WF_FORMAT		"ntm-procedure/1"
#define WF_MAX_STATES		24
#define WF_MAX_TRANSITIONS	48
#define WF_MAX_FROM		8
#define WF_MAX_LIST		12	/* attachments, checks, titles, sets... */
#define WF_MAX_KINDS		16	/* attachment kinds of a procedure */
#define WF_NOTE_MAX		4000	/* bytes of an event's note */
#define WF_META_VERSION		"workflow_version"	/* bumped by every write */

/* WF_LEVEL_ABOVE: the unit directly above the instance's (its parent: a
 * commune's province in the 2025 structure, a province's country). */
enum wf_level { WF_LEVEL_UNIT, WF_LEVEL_DISTRICT, WF_LEVEL_PROVINCE,
	WF_LEVEL_COUNTRY, WF_LEVEL_ABOVE };
#define WF_LEVELS	5
extern const char *const wf_level_names[WF_LEVELS];	/* "unit", ... */

struct wf_text {			/* a name in both languages */
	const char *vi, *en;
};

struct wf_state {
	const char *id;
	struct wf_text name;
	enum wf_level holder;		/* who holds the subject in this state */
	int due_days;			/* calendar days; -1: no deadline */
	bool terminal;
	bool editable;			/* the unit may change attachments here */
	bool settled;			/* the subject's data is locked here (an
					 * approved report); an end the
					 * procedure may rest in, like a
					 * terminal state, but not closed */
	const char *outcome;		/* terminal: "recognised", "revoked",
					 * "rejected", "withdrawn", "expired";
					 * else NULL */
};

/* What a transition needs before it may be taken.  The engine parses and
 * validates these; the owning module enforces them (it knows what an
 * attachment or an evaluation is). */
struct wf_requires {
	const char *attachments[WF_MAX_LIST];	/* attachment kind ids */
	size_t nattachments;
	/* Named checks the module evaluates: "evaluation_met",
	 * "satisfaction_met", "appraisal_complete", "council_majority",
	 * "revocation_rule", "smart_village_met" (wf_check_names lists
	 * them). */
	const char *checks[WF_MAX_LIST];
	size_t nchecks;
	bool reason;			/* a note (the reasons) is required */
	bool justification_may_override;	/* failed checks of evaluation
					 * or satisfaction may be overridden by
					 * a written justification */
	bool appraisal;			/* carries a per-criterion appraisal */
	bool decision;			/* carries decision no, date, signer */
	bool vote;			/* carries one council member's vote */
	int quorum;			/* council_majority: votes needed; 0 */
};
extern const char *const wf_check_names[];	/* NULL-terminated */

struct wf_transition {
	const char *id;
	struct wf_text name;
	const char *from[WF_MAX_FROM];
	size_t nfrom;
	const char *to;			/* NULL for a stay (a vote, a note) */
	unsigned roles;			/* ROLE_BIT mask */
	enum wf_level level;
	struct wf_requires req;
	/* "recognise", "revoke" (the owning module applies it when the
	 * transition commits), or NULL. */
	const char *effect;
	bool primary;			/* shown as the main button */
	bool successors_act;		/* the procedure's, copied (wf_may) */
};

struct wf_kind {			/* an attachment kind */
	const char *id;
	struct wf_text name;
};

struct wf_procedure {
	const char *id;
	int version;
	struct wf_text name;
	const char *kind;		/* "recognition", "revocation", ... */
	const char *legal_basis;	/* required: the decision it follows */
	const char *status_note;	/* what is verified and what is not */
	/* For a unit of the pre-2025 structure (abolished on 1 July 2025):
	 * the 2025 units its area went into act for it - at level "unit"
	 * a binding of the same level whose scope holds it through the
	 * lineage, at "above" such a province (wf_instance.c may()). */
	bool successors_act;
	/* What it applies to. */
	const char *structures[2];
	size_t nstructures;
	const char *level;		/* unit level: "commune", ..., or "any" */
	const char *titles[WF_MAX_LIST];	/* "ntm", "advanced", ... */
	size_t ntitles;
	const char *sets[WF_MAX_LIST];	/* criteria set ids */
	size_t nsets;
	/* Who may start an instance. */
	unsigned create_roles;
	enum wf_level create_level;
	const char *initial;		/* state id */
	struct wf_state states[WF_MAX_STATES];
	size_t nstates;
	struct wf_transition transitions[WF_MAX_TRANSITIONS];
	size_t ntransitions;
	struct wf_kind kinds[WF_MAX_KINDS];
	size_t nkinds;
	json_t *doc;			/* the document as stored */
};

/* ---- procedures (pure: no database) ---------------------------------- */

/* Parse and validate a document.  ERR_MALFORMED for bad JSON; ERR_INVALID
 * "workflow.bad_procedure" naming the JSON path of the first fault
 * (states[2].due_days, transitions[4].from[0]: unknown state "x", an
 * unreachable state, a non-terminal state with no way out, an unknown role
 * or check, a duplicate id...).  *out is heap-allocated; wf_procedure_free. */
enum err wf_procedure_parse(const char *text, size_t len,
    struct wf_procedure **out, struct errinfo *ei);
void wf_procedure_free(struct wf_procedure *p);

const struct wf_state *wf_state_find(const struct wf_procedure *p,
    const char *id);
const struct wf_transition *wf_transition_find(const struct wf_procedure *p,
    const char *id);
bool wf_transition_from(const struct wf_transition *t, const char *state);
const char *wf_text(const struct wf_text *t, const char *lang);

/* ---- procedures in the database --------------------------------------- */

/* A version by id (0: the newest); cached, never freed by the caller.
 * ERR_NOTFOUND "workflow.not_found". */
enum err wf_load(struct db *db, const char *id, int version,
    const struct wf_procedure **out, struct errinfo *ei);
void wf_cache_free(void);

/* Store a document as a new version (same id+version+content: ERR_OK,
 * *created false; other content or an older version: ERR_CONFLICT
 * "workflow.version_exists").  Inside the caller's transaction if one is
 * open, else its own, with the audit entry "workflow.import". */
enum err wf_import(struct db *db, const struct audit_actor *who,
    const char *text, size_t len, const char *change_note, int *version,
    bool *created, struct errinfo *ei);
/* Every *.json file of dir in name order (init: procedures/). */
enum err wf_import_dir(struct db *db, const char *dir, const char *note,
    int *imported, struct errinfo *ei);
/* {"items":[{id, version, versions, name, name_en, kind, legal_basis,
 *  applies_to:{structures, level, titles, sets}, created_at}], "total"} */
enum err wf_list(struct db *db, json_t **out, struct errinfo *ei);
/* {"procedure": document, "version", "versions":[{version, change_note,
 *  created_at}], "sha256"} */
enum err wf_get(struct db *db, const char *id, int version, json_t **out,
    struct errinfo *ei);
/* The newest procedure of kind that applies to (structure, unit level,
 * title, set id); ERR_NOTFOUND "workflow.no_procedure" naming them. */
enum err wf_pick(struct db *db, const char *kind, const char *structure,
    const char *level, const char *title, const char *set_id,
    const struct wf_procedure **out, struct errinfo *ei);

/* ---- who may act ------------------------------------------------------ */

/* The binding of p that may take t on an instance of unit (structure,
 * code), or NULL.  Same for starting an instance (wf_may_create). */
const struct role_binding *wf_may(struct db *db, const struct principal *p,
    const struct wf_transition *t, const char *structure, const char *code);
const struct role_binding *wf_may_create(struct db *db,
    const struct principal *p, const struct wf_procedure *proc,
    const char *structure, const char *code);
/* The full check of a transition by id on an instance: ERR_NOTFOUND
 * "workflow.no_transition" (unknown id), ERR_CONFLICT
 * "workflow.not_allowed" (not from this state; the message names the
 * state), ERR_FORBIDDEN "workflow.forbidden" (role, level or scope; the
 * message names the role and level needed).  *t and *used on success. */
struct wf_instance;
enum err wf_check(struct db *db, const struct principal *p,
    const struct wf_procedure *proc, const struct wf_instance *in,
    const char *transition, const struct wf_transition **t,
    const struct role_binding **used, struct errinfo *ei);

/* ---- instances -------------------------------------------------------- */

struct wf_instance {
	int64_t id;
	const char *procedure_id;
	int procedure_version;
	const char *subject;		/* "dossier" */
	const char *structure, *code;
	const char *state;
	int64_t row_version;
	const char *state_since;	/* ISO UTC time */
	const char *due_on;		/* ISO date or NULL */
	bool terminal;
	const char *created_at;
};

/* Start an instance in the procedure's initial state (deadline set),
 * inside the caller's transaction; the event "create" opens the timeline. */
enum err wf_start(struct db *db, const struct audit_actor *who,
    const struct wf_procedure *proc, const char *subject,
    const char *structure, const char *code, const char *note,
    int64_t *id, struct errinfo *ei);
enum err wf_instance_get(struct db *db, struct arena *a, int64_t id,
    struct wf_instance *out, struct errinfo *ei);

/* Take transition t (already checked by wf_check and the module) on
 * instance id read at row_version, inside the caller's transaction.
 * A move sets the state, state_since, due_on (today + due_days of the new
 * state), terminal, and bumps row_version; a stay (t->to NULL) changes
 * nothing but the timeline.  Appends the wf_event (note, detail: a JSON
 * object or NULL, stored as text) and the audit entry
 * "workflow.<transition>" on object "<subject>:<id of the subject>"
 * (subject_ref, e.g. "dossier:12").  ERR_CONFLICT "workflow.stale" if the
 * row version moved on.  *new_row_version (may be NULL) on success. */
enum err wf_advance(struct db *db, const struct audit_actor *who,
    const struct wf_procedure *proc, const struct wf_instance *in,
    const struct wf_transition *t, const char *subject_ref,
    const char *note, json_t *detail, int64_t *new_row_version,
    struct errinfo *ei);

/* The timeline: [{seq, transition, transition_name, from, from_name, to,
 * to_name, at, username, role, actor_unit:"STRUCTURE:CODE", note,
 * detail}] oldest first; names in lang. */
enum err wf_events(struct db *db, const struct wf_procedure *proc,
    int64_t id, const char *lang, json_t **out, struct errinfo *ei);

/* Days from today (date_today: UTC, or $NTM_TODAY) to due_on: negative
 * when overdue; INT32_MIN when there is no deadline. */
int wf_days_left(const char *due_on);

#endif
