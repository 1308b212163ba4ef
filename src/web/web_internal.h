/*
 * web_internal.h - what the web layer's own files share: rendering and the
 * application state (templates, messages).  Not for handlers.
 */
#ifndef NTM_WEB_INTERNAL_H
#define NTM_WEB_INTERNAL_H

#include "http/template.h"
#include "web/web.h"

bool web_route_match(struct req *r, const struct route *rt, const char *path,
    bool api);
/* Serialise view as JSON, or render the route's template in the layout. */
void web_render_view(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei);
/* The one place an error becomes a response (JSON body or HTML page). */
/* view: what the handler had built (may be NULL); a ROUTE_FORM page is
 * shown again with it, the error and the submitted fields. */
void web_render_error(struct req *r, struct web *w, const struct errinfo *ei,
    json_t *view);
const struct tmpl_set *web_templates(void);
/* The id of the input of a form field, "f-" and the field with every
 * character but [A-Za-z0-9_-] as '-' ("values.3.1" -> "f-values-3-1");
 * JSON null for no field. */
json_t *web_field_anchor(const char *field);
/* The current page as an encoded local URL: path and query ("lang" left
 * out), e.g. "/audit?unit=2025%3A01". */
const char *web_here(struct req *r);
/* The layout's navigation for the caller (web_home.c): [{label, href,
 * current}], each entry shown when its route admits the caller's roles. */
json_t *web_nav(struct req *r, const struct web *w);
/* The caller, roles, body, CSRF and scope checks of access.c. */
enum err web_access_check(struct req *r, struct web *w, struct errinfo *ei);
const char *web_session_cookie_name(void);
/* A cached page (blob, len bytes: see render_page): render the layout
 * around it for this user into r->out.  false if the entry cannot be
 * used. */
bool web_respond_page_cached(struct req *r, struct web *w, const char *blob,
    size_t len);
/* A versioned document (criteria set, procedure, scorecard...) as NFC text
 * in the arena: text itself (web_nfc_document: at most max bytes before
 * normalising, ERR_MALFORMED "request.bad_utf8" if not UTF-8), or the
 * API's body as sent, less a "_csrf" member a form script added
 * (web_body_document): the same text imported again is the same version. */
enum err web_nfc_document(struct req *r, const char *text, size_t len,
    size_t max, const char **out, size_t *outlen, struct errinfo *ei);
enum err web_body_document(struct req *r, struct web *w, size_t max,
    const char **out, size_t *outlen, struct errinfo *ei);
/* Finish a JSON response whose body is set: ETag, 304 on a match. */
void web_respond_json_cached(struct req *r, const char etag[24]);

#endif
