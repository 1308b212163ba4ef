/*
 * web_surveys_internal.h - what the files of the surveys web module share:
 * the role masks of its routes, the handlers the route table in
 * web_surveys.c names from the other files, the scopes of its records,
 * and small helpers (numbers for people, the public base URL, the client
 * of an open-mode submission).  Not for other modules.
 *
 *   web_surveys.c            route table, helpers, list, new, export
 *   web_surveys_design.c     the designer page and its writes
 *   web_surveys_campaigns.c  campaigns, codes, code sheets, data entry
 *   web_surveys_public.c     the public form /s/{id} and its thank-you page
 *   web_surveys_results.c    results, exports, comments
 */
#ifndef NTM_WEB_SURVEYS_INTERNAL_H
#define NTM_WEB_SURVEYS_INTERNAL_H

#include "domain/audit/audit.h"
#include "domain/surveys/surveys.h"
#include "domain/surveys/surveys_export.h"
#include "domain/surveys/surveys_store.h"
#include "web/web_internal.h"

/* The officials who design surveys and run campaigns.  The Fatherland
 * Front's officials use commune or province officer accounts for now. */
#define SURVW_OFFICIALS	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR) | \
    ROLE_BIT(ROLE_PROVINCE_OFFICER) | ROLE_BIT(ROLE_COMMUNE_OFFICER))
/* Data entry of paper questionnaires: the officials and the village
 * teams (a village officer of a village inside the campaign's unit). */
#define SURVW_ENTRY	(SURVW_OFFICIALS | ROLE_BIT(ROLE_VILLAGE_OFFICER))

#define SURVW_CODE_TYPED_MAX	32	/* bytes of a code as typed */
/* Codes in one PDF: 500 codes are 63 A4 pages, about 1.6 MB and 2 s of
 * cairo; a larger batch is printed in parts (?part=N), so that no sheet
 * file outgrows the response limit or holds a worker for long. */
#define SURVW_PDF_CODES		500
#define SURVW_PAGE_CODES	200	/* codes of a batch listed on the page */

/* The scopes of the module's records (web_surveys.c): {id} of
 * /surveys/{id}... is a questionnaire (a template is shared for reads),
 * of /campaigns/{id}... and /s/{id} a campaign; /surveys/{id}/results
 * shows the questionnaire's newest campaign, which is its target. */
extern const struct scope survw_scope_survey;
extern const struct scope survw_scope_campaign;
extern const struct scope survw_scope_newest_campaign;

/* ---- web_surveys.c: questionnaires ---- */
enum err survw_list_page(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_list_form_view(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_create(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_export(struct req *, struct web *, json_t *,
    struct errinfo *);

/* ---- web_surveys_design.c ---- */
enum err survw_design_page(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_design_form_view(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_update(struct req *, struct web *, json_t *,
    struct errinfo *);
/* "câu 3 là «Không»": when question q of d is shown, or NULL if always. */
const char *survw_condition_text(struct web *w, struct arena *a,
    const struct surv_def *d, const struct surv_question *q);
/* The label of value v of question q ("Có", "Hài lòng", an option). */
const char *survw_value_label(struct web *w, struct arena *a,
    const struct surv_question *q, const char *v);

/* ---- web_surveys_campaigns.c ---- */
enum err survw_campaign_create(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_campaigns_page(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_campaign_page(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_campaign_form_view(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_campaign_close(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_codes_issue(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_codes_pdf(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_code_replace(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_entry_page(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_entry_form_view(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_entry_post(struct req *, struct web *, json_t *,
    struct errinfo *);

/* ---- web_surveys_public.c ---- */
enum err survw_public_page(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_public_form_view(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_public_post(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_thanks_page(struct req *, struct web *, json_t *,
    struct errinfo *);
/*
 * The form of a campaign (public and data entry): c is the campaign
 * (surv_campaign_get); puts "form": {questions: [...]} in view with every
 * question's inputs, labels, the "(chỉ trả lời nếu …)" note and, when
 * the request is a refused submission, what was typed.
 */
enum err survw_form_view(struct req *r, struct web *w, json_t *view,
    json_t *c, struct errinfo *ei);
/* Read the submitted answers (JSON "answers" or form fields "a.<id>"),
 * submit them with the code on channel; client_key for open mode.  On an
 * error naming "answers.<id>" the view's question gets the message. */
enum err survw_submit(struct req *r, struct web *w, json_t *view,
    int64_t campaign_id, const char *channel, const char *client_key,
    struct errinfo *ei);

/* ---- web_surveys_results.c ---- */
enum err survw_results_page(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_survey_results(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_results_csv(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_results_xlsx(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_responses(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_comment_hide(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err survw_comment_show(struct req *, struct web *, json_t *,
    struct errinfo *);

/* ---- helpers (web_surveys.c) ---- */

/* Questionnaire id, read by a route whose target is another (the body's
 * unit of a new campaign or copy), by the router's rule: a template, or a
 * unit in the scope of one of the caller's official bindings.
 * ERR_NOTFOUND or ERR_FORBIDDEN "auth.out_of_scope", naming field. */
enum err survw_survey_readable(struct web *w, int64_t id, const char *field,
    struct errinfo *ei);
/* On a route with ROUTE_SCOPE_SOFT: is the caller an organiser of the
 * target campaign (an official whose scope holds its unit)?  What the
 * results show before they are published, and hidden comments. */
bool survw_organiser(const struct web *w);
/* Who submits in open mode: the peer's address, or - when the server is
 * told it is behind nginx ($NTM_BEHIND_PROXY=1) - the address nginx
 * appended last to X-Forwarded-For. */
const char *survw_client_key(struct req *r);
/* x (a percentage) with one decimal as people read it in lang. */
const char *survw_pct(struct arena *a, double x, const char *lang);
/* A number field of the body (JSON number, or text "92,5" / "92.5");
 * *present false when absent or empty (ERR_INVALID if required). */
enum err survw_body_number(struct req *r, struct web *w, const char *name,
    bool required, double *out, bool *present, struct errinfo *ei);
/* The unit the forms suggest: "S:CODE" of the caller's first official
 * binding, or NULL. */
const char *survw_default_unit(struct req *r, const struct web *w);
/* The document of a request: JSON "document" (an object or its text),
 * else the form's "document" text or "file" upload, in r's arena. */
enum err survw_document_text(struct req *r, struct web *w,
    const char **out, size_t *len, struct errinfo *ei);
/* doc as indented JSON text in r's arena (*len bytes). */
enum err survw_json_text(struct req *r, json_t *doc, const char **out,
    size_t *len, struct errinfo *ei);

#endif
