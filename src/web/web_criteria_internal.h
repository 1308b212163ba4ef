/*
 * web_criteria_internal.h - what the two files of the criteria web module
 * share: the role masks of its routes, the handlers the route table in
 * web_criteria.c names from web_criteria_units.c, and small helpers
 * (the year of a path, numbers from forms, display text).  Not for other
 * modules.
 */
#ifndef NTM_WEB_CRITERIA_INTERNAL_H
#define NTM_WEB_CRITERIA_INTERNAL_H

#include "domain/audit/audit.h"
#include "domain/criteria/criteria_store.h"
#include "web/web_internal.h"

/* Who may write what (route roles; the router checks them and the scope). */
#define CRITW_SET_WRITERS	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR))
#define CRITW_PROVINCE_WRITERS	(CRITW_SET_WRITERS | \
    ROLE_BIT(ROLE_PROVINCE_OFFICER))
#define CRITW_VALUE_WRITERS	(CRITW_PROVINCE_WRITERS | \
    ROLE_BIT(ROLE_COMMUNE_OFFICER))

#define CRITW_YEAR_MIN		1990
#define CRITW_YEAR_MAX		2100

#define CRITW_NOTE_MAX		1000	/* bytes of a change note or a source */

/* web_criteria_sets.c: the sets. */
enum err critw_sets_page(struct req *, struct web *, json_t *,
    struct errinfo *);
/* An imported document: the API's body as sent, or the form's "document"
 * text or "file" upload, with its change note ("change_note"); every
 * problem of the form listed at once. */
enum err critw_document_read(struct req *r, struct web *w, const char **text,
    size_t *len, const char **note, struct errinfo *ei);
enum err critw_set_import(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err critw_set_from_table(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err critw_set_page(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err critw_set_amend(struct req *, struct web *, json_t *,
    struct errinfo *);

/* web_criteria_units.c: the per-unit pages and writes. */
enum err critw_attributes_page(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err critw_attributes_post(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err critw_overrides_page(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err critw_overrides_post(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err critw_entry_page(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err critw_entry_form_view(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err critw_entry_put(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err critw_entry_post(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err critw_evaluation_page(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err critw_rollup_page(struct req *, struct web *, json_t *,
    struct errinfo *);
/* The tables of those pages as CSV and XLSX downloads. */
enum err critw_evaluation_csv(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err critw_evaluation_xlsx(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err critw_rollup_csv(struct req *, struct web *, json_t *,
    struct errinfo *);
enum err critw_rollup_xlsx(struct req *, struct web *, json_t *,
    struct errinfo *);

/* The path's {year}: 400 if not an integer, 422 outside 1990..2100,
 * both naming "year". */
enum err critw_path_year(struct req *r, int *year, struct errinfo *ei);
/* An integer field of the body (JSON number or string, form text).
 * *present false when absent or empty (ERR_INVALID if required). */
enum err critw_body_int(struct req *r, struct web *w, const char *name,
    long min, long max, bool required, long *out, bool *present,
    struct errinfo *ei);
/* A number typed in a form ("8,5" or "8.5"): ERR_INVALID naming field. */
enum err critw_parse_number(const char *text, const char *field,
    double *out, struct errinfo *ei);
/* A number as people read it in lang ("8,5" in Vietnamese), in a. */
const char *critw_num_text(struct arena *a, double x, const char *lang);
/* The display text of an indicator value (JSON) for the pages. */
const char *critw_value_text(struct arena *a, struct web *w,
    const json_t *v, const char *unit);
/* Add is_met / is_failed / is_unknown from o's "met" (true/false/null). */
void critw_marks(json_t *o);
/* An encoded local path built from segments (each percent-encoded). */
const char *critw_path(struct arena *a, const char *const *segs, size_t n);
/* A text field of a form or JSON body, else its alternative (a file
 * upload): ERR_INVALID naming name when both are missing or empty. */
enum err critw_form_text(struct req *r, struct web *w, const char *name,
    const char *alt, const char **out, struct errinfo *ei);
/* The message of key prefix+value, or value itself when there is none. */
void critw_mark_chosen(struct req *r, json_t *options, const char *key,
    const char *field);
const char *critw_label(struct web *w, struct arena *a, const char *prefix,
    const char *value);
/* {label, cls} for a wording or threshold status ("verified", "demo",
 * ...), or JSON null. */
json_t *critw_badge(struct web *w, struct arena *a, const char *status);
/* The variants of a set that varies by by: [{code, label}], empty for
 * none. */
json_t *critw_variants(struct web *w, struct arena *a,
    enum crit_variant_by by);
/* ">=" as "≥" and so on. */
const char *critw_op_sign(const char *op);
/* url if it is an http(s) address (safe to put in an href), else NULL. */
const char *critw_safe_url(const char *url);

#endif
