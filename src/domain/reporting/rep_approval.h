/*
 * rep_approval.h - the approval of reports through the shared workflow
 * engine (domain/workflow/workflow.h): a unit's officer submits its
 * report, the level directly above approves it or returns it with a
 * reason, an approved report is locked (its state is "approved", which
 * the writer refuses), and only the approver may reopen it, with a
 * reason.  The procedure is data (procedures/report-approval.json, kind
 * "report", or the form's own "workflow"); docs/REPORTING.md section 9.
 *
 * A report's workflow instance is started by its first transition (the
 * report exists once saved); rep_report.state and row_version are kept in
 * step with the instance in the same transaction as the move, its event
 * and its audit entry (wf_advance: "workflow.<transition>" on
 * "report:<id>").
 */
#ifndef NTM_DOMAIN_REPORTING_APPROVAL_H
#define NTM_DOMAIN_REPORTING_APPROVAL_H

#include <stdint.h>

#include <jansson.h>

#include "db/db.h"
#include "domain/auth/auth.h"
#include "domain/reporting/reporting.h"

#define REP_APPROVAL_KIND	"report"	/* the procedures' kind */
#define REP_REASON_MAX		4000		/* bytes of a reason */

/* One action asked for. */
struct rep_approval_req {
	const char *action;	/* "submit", "approve", "return", "reopen" */
	const char *reason;	/* NULL or "": none */
	int64_t row_version;	/* the report's row version read; < 0: any */
};

/*
 * Take an action on the report of form_id, unit (structure, code) and
 * period as p, in one transaction.  Errors: 404 "reporting.unknown_form"
 * (form), "workflow.no_transition" (an unknown action); 409
 * "reporting.no_report" (nothing saved yet, field state),
 * "workflow.not_allowed" (not from the report's state, naming it),
 * "reporting.stale" (row_version); 403 "workflow.forbidden" (the role or
 * level the procedure needs: a commune officer reopening, an officer of
 * another province approving); 422 "reporting.reason_required" (field
 * reason) and, on submission, every missing required element and every
 * violated blocking rule in pr (each naming values.<slot>).  On success
 * *out (new reference) is {state, row_version, action}.
 */
enum err rep_approval_act(struct db *db, const struct principal *p,
    const char *form_id, const char *structure, const char *code,
    const char *period, const struct rep_approval_req *req,
    const char *lang, json_t **out, struct rep_problems *pr,
    struct errinfo *ei);

/*
 * The approval of a report as the report's view shows it, set as
 * view["approval"]: {state, state_name, row_version, procedure:{id,
 * version}, locked, submitted_at, submitted_by, approved_at, approved_by,
 * returned_at, returned_by, returned_reason, actions:[{id, name,
 * reason_required, primary}] (what p may take now), timeline:[...]}.
 * Reads only.
 */
enum err rep_approval_view(struct db *db, const struct principal *p,
    const char *form_id, const char *structure, const char *code,
    const char *period, const char *lang, json_t *view, struct errinfo *ei);

/*
 * May the report's unit still change its figures?  The one place that
 * decides (the writer's 409s, the entry page's inputs, the automatic
 * figures kept live): a report with a workflow instance follows its
 * procedure's "editable" flag for the instance's state (a "settled" state
 * never is); one without (report_id 0, or saved but never moved) by its
 * store state: "new", "draft" and "returned" are editable.
 */
/*
 * Set key_name to the full name of the login at key of each object of arr
 * (arr an array, or one object), looked up once per login; an unknown
 * login leaves it unset.  The pages show the name, the JSON keeps both.
 */
enum err rep_person_names(struct db *db, json_t *arr, const char *key,
    const char *key_name, struct errinfo *ei);

enum err rep_report_editable(struct db *db, int64_t report_id,
    const char *state, bool *editable, struct errinfo *ei);

#endif
