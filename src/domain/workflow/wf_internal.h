/*
 * wf_internal.h - what the files of the workflow engine share: the parsed
 * procedure with the arena its strings live in, the readers of a
 * document's members, the version token.  Not for other modules (they
 * use workflow.h).
 */
#ifndef NTM_DOMAIN_WF_INTERNAL_H
#define NTM_DOMAIN_WF_INTERNAL_H

#include "domain/workflow/workflow.h"

#define WF_DOC_MAX	(256 * 1024)	/* bytes of a procedure document */
#define WF_ID_MAX	64		/* bytes of an id */

/* A parsed procedure: the public struct first, so a pointer to it is a
 * pointer to this (wf_procedure_free). */
struct wf_proc_priv {
	struct wf_procedure p;
	struct arena *a;	/* every string of p */
};

/* ---- reading a document (wf_doc.c, wf_doc_fields.c) ---- */

#define WF_PATH_LEN	((int)sizeof(((struct errinfo *)0)->field))
#define WF_NAME_MAX	300		/* bytes of a name */

struct wf_parse {
	struct wf_procedure *p;		/* being filled */
	struct arena *a;		/* its strings */
	struct errinfo *ei;
};

/* Fail with ERR_INVALID "workflow.bad_procedure" naming path, the message
 * "path: text" in both languages (vi and en: formats over the same
 * arguments, as err_set). */
enum err wfp_bad(struct wf_parse *ps, const char *path, const char *vi,
    const char *en, ...)
    __attribute__((format(printf, 3, 5), format(printf, 4, 5)));
/* base.key and base[i] into buf (WF_PATH_LEN bytes, cut on a character). */
const char *wfp_at(char *buf, const char *base, const char *key);
const char *wfp_at_index(char *buf, const char *base, size_t i);
/* The index of s in a NULL-terminated list, or -1. */
int wfp_index_of(const char *const *names, const char *s);
/* Refuse a key of obj that is not in allowed. */
enum err wfp_only_keys(struct wf_parse *ps, json_t *obj, const char *base,
    const char *const *allowed);
enum err wfp_need_object(struct wf_parse *ps, json_t *v, const char *path);
/* Text members: NFC, at most max bytes; opt gives NULL for absent, null
 * or "", req refuses those and blank text. */
enum err wfp_text_value(struct wf_parse *ps, json_t *v, const char *path,
    size_t max, const char **out);
enum err wfp_opt_text(struct wf_parse *ps, json_t *obj, const char *base,
    const char *key, size_t max, const char **out);
enum err wfp_req_text(struct wf_parse *ps, json_t *obj, const char *base,
    const char *key, size_t max, const char **out);
/* name and name_en (English falls back to the Vietnamese). */
enum err wfp_names(struct wf_parse *ps, json_t *obj, const char *base,
    struct wf_text *t);
enum err wfp_id_value(struct wf_parse *ps, json_t *v, const char *path,
    const char **out);
enum err wfp_req_id(struct wf_parse *ps, json_t *obj, const char *base,
    const char *key, const char **out);
enum err wfp_opt_bool(struct wf_parse *ps, json_t *obj, const char *base,
    const char *key, bool *out);
/* An optional integer in lo..hi (dflt when absent or null). */
enum err wfp_opt_int(struct wf_parse *ps, json_t *obj, const char *base,
    const char *key, long lo, long hi, long dflt, long *out);
enum err wfp_level_value(struct wf_parse *ps, json_t *obj, const char *base,
    const char *key, enum wf_level *out);
/* A list of ids (at most max, no duplicates; required non-empty when
 * need); each one of allowed when allowed is not NULL (what names it in
 * both languages). */
enum err wfp_id_list(struct wf_parse *ps, json_t *obj, const char *base,
    const char *key, bool need, size_t max, const char *const *allowed,
    const struct wf_text *what, const char **out, size_t *n);
/* "roles": a non-empty list of role names, as a ROLE_BIT mask. */
enum err wfp_role_mask(struct wf_parse *ps, json_t *obj, const char *base,
    unsigned *mask);

/* ---- the version token ---- */

/* Set WF_META_VERSION to a new token (inside the caller's transaction). */
enum err wf_bump_version(struct db *db, struct errinfo *ei);

#endif
