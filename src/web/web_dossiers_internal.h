/*
 * web_dossiers_internal.h - what the files of the recognition dossiers web
 * module share: the role masks of its routes, the handlers the route table
 * in web_dossiers.c names from the other files, and small helpers (ids of
 * a path, labels, links, the caller's bindings).  Not for other modules.
 *
 *   web_dossiers.c             route table, helpers, the lists, creating a
 *                              dossier, the public register, the
 *                              compliance watch and opening a revocation
 *   web_dossiers_view.c        one dossier: the page, its action forms,
 *                              taking a transition, comments, updates
 *   web_dossiers_files.c       attachments (upload, download, removal) and
 *                              the printable PDFs
 *   web_dossiers_procedures.c  the procedures as readable pages, import
 *
 * Access is the router's: every route that acts on one dossier declares
 * the scope dosw_scope_dossier (the dossier's unit, read from the path's
 * {id}), and the router admits the caller only when a binding with a role
 * of the route holds that unit.  The one exception is data: what the
 * procedure grants per transition (role and level) is checked by the
 * workflow engine (wf_may, wf_may_create) inside the domain calls.
 */
#ifndef NTM_WEB_DOSSIERS_INTERNAL_H
#define NTM_WEB_DOSSIERS_INTERNAL_H

#include "domain/dossiers/dossiers.h"
#include "domain/workflow/workflow.h"
#include "web/web_internal.h"

/* Who reads dossiers: the officials of the levels a dossier climbs. */
#define DOSW_READERS	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR) | \
    ROLE_BIT(ROLE_PROVINCE_OFFICER) | ROLE_BIT(ROLE_COMMUNE_OFFICER) | \
    ROLE_BIT(ROLE_APPRAISER))
/* Who may take a transition of some procedure (the shipped procedures
 * name these three; the domain checks the one a transition needs). */
#define DOSW_ACTORS	(ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
    ROLE_BIT(ROLE_COMMUNE_OFFICER) | ROLE_BIT(ROLE_APPRAISER))
/* Who starts a recognition dossier: the commune itself. */
#define DOSW_CREATORS	ROLE_BIT(ROLE_COMMUNE_OFFICER)
/* Who watches compliance and proposes revocations: the province. */
#define DOSW_WATCHERS	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR) | \
    ROLE_BIT(ROLE_PROVINCE_OFFICER) | ROLE_BIT(ROLE_APPRAISER))
#define DOSW_REVOKERS	(ROLE_BIT(ROLE_PROVINCE_OFFICER) | ROLE_BIT(ROLE_APPRAISER))
/* Who imports procedures. */
#define DOSW_PROCEDURE_WRITERS	(ROLE_BIT(ROLE_ADMIN) | \
    ROLE_BIT(ROLE_COORDINATOR))

#define DOSW_PROCEDURE_MAX	(256u * 1024)	/* bytes of a document */

/* The dossier the path's {id} names: its unit, for the router. */
extern const struct scope dosw_scope_dossier;

/* ---- web_dossiers.c ---- */
enum err dosw_list_page(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err dosw_list_form_view(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err dosw_create(struct req *, struct web *, json_t *, struct errinfo *);
enum err dosw_register_csv(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei);
enum err dosw_register_xlsx(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei);
enum err dosw_watch_csv(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei);
enum err dosw_watch_xlsx(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei);
enum err dosw_register_page(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err dosw_watch_page(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err dosw_watch_form_view(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err dosw_revocation_open(struct req *, struct web *, json_t *,
    struct errinfo *);

/* ---- web_dossiers_view.c ---- */
enum err dosw_page(struct req *, struct web *, json_t *, struct errinfo *);
enum err dosw_form_view(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err dosw_act(struct req *, struct web *, json_t *, struct errinfo *);
enum err dosw_comment(struct req *, struct web *, json_t *, struct errinfo *);
enum err dosw_update(struct req *, struct web *, json_t *, struct errinfo *);

/* ---- web_dossiers_files.c ---- */
enum err dosw_attach(struct req *, struct web *, json_t *, struct errinfo *);
enum err dosw_attachment_get(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err dosw_attachment_remove(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err dosw_summary_pdf(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err dosw_decision_pdf(struct req *, struct web *, json_t *,
    struct errinfo *);

/* ---- web_dossiers_procedures.c ---- */
enum err dosw_procedures_page(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err dosw_procedures_form_view(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err dosw_procedure_import(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err dosw_procedure_page(struct req *, struct web *, json_t *,
    struct errinfo *);

/* ---- writes on one dossier (web_dossiers_view.c) ---- */

/* Before a write on the dossier the router admitted: *id, and for a page
 * the dossier's page (on which a refusal is shown with its form). */
enum err dosw_begin_write(struct req *r, struct web *w, json_t *view,
    int64_t *id, struct errinfo *ei);
/* After a write: the page again (303 to it with ?done=done, then anchor,
 * which may be "") or the JSON of the dossier as it is now. */
enum err dosw_written(struct req *r, struct web *w, json_t *view,
    int64_t id, const char *done, const char *anchor, struct errinfo *ei);

/* A refused form of the dossier's page (not for JSON): the problem in ei
 * listed at the top (partials/errors.html), linked to the input it is
 * about in that form - form: a transition's id, or "comment", "update",
 * "attach" - unless the handler listed its problems already; a stale
 * version offers to reload.  Returns e. */
enum err dosw_refused(struct req *r, struct web *w, json_t *view,
    const char *form, enum err e, const struct errinfo *ei);

/* ---- helpers (web_dossiers.c) ---- */

/* The label of a title ("ntm" -> "Đạt chuẩn nông thôn mới"). */
const char *dosw_title_label(struct web *w, const char *title);
/* A unit of a domain result ("STRUCTURE:CODE", or an object with
 * structure, code, name/full_name) as a display name and its
 * "STRUCTURE:CODE" (either may be NULL). */
void dosw_unit(struct req *r, const json_t *u, const char **name,
    const char **ref);
/* A list item's state ({id, name, holder, due_on, days_left, overdue})
 * made readable in place: holder_label, due_text, days_text, is_overdue. */
void dosw_state_display(struct req *r, struct web *w, json_t *state);
/* The titles as choices [{value, label, selected}] (first: "—" when
 * any is true). */
json_t *dosw_title_choices(struct web *w, const char *current, bool any);
/* The form view of a list page: the page its handler built ("items" in
 * view), else page built now (for a form the router refused). */
enum err dosw_page_once(route_fn page, struct req *r, struct web *w,
    json_t *view, struct errinfo *ei);

#endif
