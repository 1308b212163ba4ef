/*
 * web.h - route tables, the central checks, and what a handler sees.
 *
 * Each module declares a const table of routes (web_<module>.c).  A route
 * pattern such as "/units/{structure}/{code}" serves two addresses from
 * one handler: the HTML page at the pattern itself and the JSON API at
 * "/api/v1" + pattern (if the route has ROUTE_API).  The handler builds a
 * view (a json_t object); the router serialises it as JSON, or renders
 * the route's template with it inside the layout.  So the API and the page
 * can never disagree, and every page is testable as JSON.
 *
 * Before a handler runs the router has: matched method and path, captured
 * path parameters (valid UTF-8 checked), validated every query parameter
 * named in the route's field table (type, range, length, choices; NFC),
 * and opened the worker's database connection.  Errors from anywhere are
 * rendered in one place (web_render_error) as the JSON error body of
 * API.md or as the HTML error page, with the same message.
 */
#ifndef NTM_WEB_WEB_H
#define NTM_WEB_WEB_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "core/msg.h"
#include "db/db.h"
#include "domain/audit/audit.h"
#include "domain/auth/auth.h"
#include "http/http.h"

enum route_flag {
	ROUTE_HTML = 1 << 0,	/* serves the page at the pattern */
	ROUTE_API = 1 << 1,	/* serves JSON at /api/v1 + pattern */
	ROUTE_RAW = 1 << 2,	/* the handler writes the response itself */
	ROUTE_NODB = 1 << 3,	/* needs no database connection */
	ROUTE_NOCSRF = 1 << 4,	/* a write that needs no session's CSRF
				 * token: logging in, and the public survey
				 * form (citizens have no session) */
	ROUTE_FORM = 1 << 5,	/* HTML errors re-render the route's own
				 * template with the error and the form */
	ROUTE_PAGE_CACHE = 1 << 6,	/* with version_key: the page's body
				 * depends on that token alone, never on
				 * the user, so it is cached like JSON (the
				 * layout around it is rendered per user) */
	ROUTE_SCOPE_SOFT = 1 << 7,	/* the scope decides what is shown, not
				 * whether: the target is resolved for
				 * everyone (anonymous too) and an outsider
				 * is admitted with w->in_scope false (a
				 * campaign's results, public once closed) */
	ROUTE_DATED = 1 << 8,	/* with version_key: the view also depends
				 * on today (date_today, $NTM_TODAY), which
				 * joins the token the caches compare (a
				 * certificate's status changes at
				 * midnight) */
	ROUTE_ANY_ACCOUNT = 1 << 9,	/* with ROLES_SIGNED_IN: a buyer
				 * account too (its own session, password,
				 * tokens); other signed-in routes are the
				 * staff's (ROLES_STAFF) */
};

/* Who may call a route (struct route.roles): 0 is everyone, anonymous
 * citizens included; ROLES_SIGNED_IN any signed-in user; otherwise a mask
 * of ROLE_BIT(role) (domain/auth/auth.h) of which the user must hold one. */
#define ROLES_PUBLIC		0u
#define ROLES_SIGNED_IN		(1u << 31)

/*
 * Access, the one rule: a route declares who may call it (roles) and what
 * it acts on (scope).  Before the handler runs, the router finds the unit
 * of that target - in the path, the body, the query, or the stored record
 * the path names (a survey, a campaign, a dossier: the module's resolver
 * reads it) - and refuses (403, nothing done) unless one of the caller's
 * bindings with a role of the route holds that unit in its scope.  Handlers
 * and domain functions never decide whether a request is allowed; they use
 * the admitted target and binding (struct web.target, .acting).  The one
 * exception is data: what a workflow procedure grants per transition (role
 * and level) is checked by the workflow engine, which reads the procedure.
 */
struct web;

struct scope_target {
	int64_t id;		/* the record's id ({id} of the path), or 0 */
	const char *structure, *code;	/* its unit; NULL: no unit involved */
	const char *field;	/* what a refusal names: "code", "unit", "id" */
	/* A record every caller with a role of the route may read although
	 * its unit is outside their scope (a questionnaire template); writes
	 * still need the scope. */
	bool shared;
};

struct scope {
	const char *name;	/* in `ntm routes`: "path_unit", "campaign"... */
	/* Fill t from the request: ERR_NOTFOUND for a record that does not
	 * exist, ERR_INVALID/ERR_MALFORMED for a unit badly named. */
	enum err (*resolve)(struct req *r, struct web *w,
	    struct scope_target *t, struct errinfo *ei);
};

/* The scopes of the router itself (access.c).  Modules add theirs for
 * their records (web_surveys.c: survw_scope_campaign...). */
extern const struct scope scope_path_unit;	/* {structure}/{code} */
extern const struct scope scope_body_unit;	/* body "unit": "S:CODE" */
extern const struct scope scope_query_unit;	/* ?unit=S:CODE, if given */
extern const struct scope scope_target_user;	/* {id}: a user the caller
						 * may manage */

enum qtype { Q_TEXT, Q_INT, Q_CHOICE };

/* One query parameter a route accepts, validated centrally. */
struct qfield {
	const char *name;
	enum qtype type;
	int64_t min, max;		/* Q_INT */
	size_t max_len;			/* Q_TEXT: bytes */
	const char *const *choices;	/* Q_CHOICE: NULL-terminated */
};

/* The fields most tables share. */
#define QF_LIMIT	{ "limit", Q_INT, 1, 500, 0, NULL }
#define QF_OFFSET	{ "offset", Q_INT, 0, 1000000000, 0, NULL }
/* In a route: its query table and the table's length. */
#define QUERY(table)	.query = (table), \
	.nquery = sizeof(table) / sizeof((table)[0])

struct web;
typedef enum err (*route_fn)(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei);

struct route {
	const char *method;
	const char *pattern;
	unsigned flags;
	const char *tmpl;		/* template for HTML */
	route_fn fn;
	const struct qfield *query;	/* QUERY(table), or none */
	size_t nquery;
	/* The meta key of the version token the view depends on alone
	 * (e.g. "units_version"): its JSON is then cached per process and
	 * served with an ETag.  NULL: never cached. */
	const char *version_key;
	/* With version_key: what else the view depends on, besides the token
	 * and the query - a short word joined to its cache key (e.g. "staff"
	 * when the caller may see officer-only lines), NULL for the view
	 * everyone gets.  Anonymous callers must always get NULL. */
	const char *(*view_variant)(struct req *r, struct web *w);
	unsigned roles;			/* ROLES_PUBLIC, ROLES_SIGNED_IN, mask */
	const struct scope *scope;	/* NULL: no unit involved */
	/* Roles also admitted when their binding lies INSIDE the target's
	 * unit (a village team on its commune's campaign). */
	unsigned inside_roles;
	/* ROUTE_FORM: builds the page around the form (the GET handler of
	 * the same page), so a refused form is shown again in full even
	 * when the router refused it before the handler ran. */
	route_fn form_view;
	/* What the API description says of it beyond what the table tells
	 * (GET /api/v1/openapi.json, web_openapi.c); NULL: the generic. */
	const struct route_doc *doc;
};

/* A route's part of the OpenAPI document, declared by its module next to
 * its table: a one-line summary and the JSON Schemas (as JSON text) of
 * the request body and of the reply's view; NULL for what is not said. */
struct route_doc {
	const char *summary;
	const char *request;
	const char *response;
};

/* Per-request state of the web layer (r->app). */
struct web {
	struct db *db;
	const char *lang;		/* "vi" or "en" */
	bool json;
	const struct route *route;
	const char **qtext;	/* [route->nquery]: NULL when absent */
	int64_t *qint;		/* [route->nquery] */
	const char *cache_key;		/* set when the response may be cached */
	const char *cache_version;
	uint64_t cache_flight;		/* this request builds cache_key's body */

	/* Set by the router's checks. */
	struct principal *who;		/* NULL: anonymous */
	const char *session_id;		/* the cookie's, when signed in by it */
	const struct role_binding *acting;	/* the binding that allowed it */
	struct scope_target target;	/* what the route's scope resolved */
	bool in_scope;			/* the caller holds target's unit */
	bool admitted;			/* every check of the router passed */
	/* Every check passed but the unit a form names (scope_body_unit) is
	 * missing or unknown: a 422 of that form, shown again like any other
	 * (the page itself shows only the caller's own scope). */
	bool form_target_bad;
	const char *unit_structure, *unit_code;	/* = target's unit, checked */
	json_t *body;			/* a JSON request body (object) */
	const char *redirect;		/* HTML: 303 here instead of a page */
	json_t *problems;	/* web_problem: every problem of a form */
};


/* A text field of the body (JSON string or form field): UTF-8 checked,
 * NFC, at most max bytes, no control characters but tab and newline.
 * ERR_INVALID naming the field when required and missing. */
enum err web_field(struct req *r, struct web *w, const char *name,
    size_t max, bool required, const char **out, struct errinfo *ei);

/*
 * Forms in the officer's words (web_forms.c; docs/DEVELOPING.md "Pages
 * people read").
 *
 * web_label: what the page calls field name ("field_<name>" of the
 * message tables), name itself when it has no entry.
 *
 * Every problem of a form at once: a handler checks each field, and for
 * each refusal calls web_problem(w, &one, anchor) (anchor: the id of the
 * page's input, NULL for the field name with '.' as '-'), then returns
 * web_problems(w, ei) - ERR_OK when there was none, else ERR_INVALID with
 * the first problem in ei.  The JSON error lists them all in "problems"
 * ({code, field, message}); the page lists them at the top, each linked
 * to its input (templates/partials/errors.html, which auth/error_box
 * includes), and shows the form again with what was typed.
 *
 * web_unit_picker: the view of a unit chosen by searching its name
 * (templates/partials/unit_picker.html): view[key] = {name, q, chosen,
 * matches...}.  The typed search comes in the query as "<name>_q"; the
 * choice posts as name = "STRUCTURE:CODE" (what the API takes); current is
 * the unit shown as chosen when the request names none (NULL: none).
 * level: only units of that level ("commune"), NULL any.
 */
const char *web_label(const char *lang, const char *name);
const char *web_label_for(const struct web *w, const char *lang,
    const char *name);
const char *web_role_label(const char *lang, const char *role);
void web_problem(struct web *w, const struct errinfo *one, const char *anchor);
enum err web_problems(struct web *w, struct errinfo *ei);
/* A domain call's result e with the n problems it listed (items): when e
 * is ERR_INVALID with problems, each becomes a web_problem and the result
 * is web_problems'; otherwise e as it is. */
enum err web_problem_list(struct web *w, const struct errinfo *items,
    size_t n, enum err e, struct errinfo *ei);
enum err web_unit_picker(struct req *r, struct web *w, json_t *view,
    const char *key, const char *name, const char *current, const char *level,
    struct errinfo *ei);
/* The units of level (2025 structure: the 34 provinces) as choices of a
 * <select> by name: view[key] = [{value "2025:01", label, selected}],
 * selected = current. */
void web_unit_choices(struct req *r, struct web *w, json_t *view,
    const char *key, const char *level, const char *current);

/* The validated value of a query parameter declared in the route's table
 * (asking for one it does not declare aborts: a programming error). */
const char *web_qtext(const struct web *w, const char *name);
/* Whether the route declares query parameter name: for a helper shared by
 * routes that do and routes that do not. */
bool web_qhas(const struct web *w, const char *name);
int64_t web_qint(const struct web *w, const char *name, int64_t dflt);

/* The path's {name} as a positive id: ERR_NOTFOUND with code (e.g.
 * "surveys.not_found") naming name otherwise. */
enum err web_path_id(struct req *r, const char *name, const char *code,
    int64_t *id, struct errinfo *ei);
/* The audit actor of the caller: the binding that admitted the request
 * (w->acting), else the first binding with a role of the route. */
void web_actor(const struct web *w, struct audit_actor *out);
/* Do the route's roles admit principal p (non-NULL)?  ROLES_SIGNED_IN:
 * a staff role, or any account with ROUTE_ANY_ACCOUNT. */
bool web_route_admits(const struct route *rt, const struct principal *p);
/* Does the caller hold a role of mask anywhere?  (What a page offers.) */
bool web_holds(const struct web *w, unsigned mask);
/* Would a binding of the caller with a role of mask hold (structure,
 * code)?  For what a page offers (a button), never to admit a request. */
bool web_can(const struct web *w, unsigned mask, const char *structure,
    const char *code);

/* Application wiring (app.c). */
struct web_app_opts {
	const char *db_target;
	bool secure_cookies;
	bool no_cache;		/* build every view (benchmarks, debugging) */
};
enum err web_app_init(const struct web_app_opts *o, struct errinfo *ei);
void web_app_free(void);
void web_dispatch(struct req *r, void *ctx);	/* http_dispatch_fn */
/* The body limit of a request before routing (http_server_opts.body_limit):
 * WEB_UPLOAD_MAX for a POST to an attachments collection, else 0 (the
 * server's max_body). */
#define WEB_UPLOAD_FILE_MAX	(10u * 1024 * 1024)	/* one attachment */
#define WEB_UPLOAD_MAX		(WEB_UPLOAD_FILE_MAX + 64u * 1024)
size_t web_body_limit(const char *method, const char *path);
struct db *web_db(struct errinfo *ei);		/* this thread's connection */
bool web_cache_enabled(void);
bool web_cookies_secure(void);	/* --secure-cookies: always Secure */

/* Module route tables, listed in routes.c. */
extern const struct route *const web_route_tables[];	/* routes.c */
extern const struct route home_routes[];
extern const struct route auth_routes[];
extern const struct route users_routes[];
extern const struct route audit_routes[];
extern const struct route units_routes[];
extern const struct route criteria_routes[];
extern const struct route surveys_routes[];
extern const struct route dossiers_routes[];
extern const struct route reports_routes[];
extern const struct route report_approval_routes[];
extern const struct route report_file_routes[];
extern const struct route report_page_routes[];
extern const struct route ocop_scorecard_routes[];
/* The entry page of a report (web_reports_pages.c): the view the approval
 * routes' buttons come back to when a step is refused. */
enum err rpage_entry_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei);
extern const struct route ocop_registry_routes[];
extern const struct route ocop_certificate_routes[];
extern const struct route ocop_import_routes[];
extern const struct route ocop_register_routes[];
extern const struct route ocop_round_routes[];
extern const struct route static_routes[];
/* Does an Accept-Encoding value (may be NULL) accept gzip? (web_static.c) */
bool web_accepts_gzip(const char *accept_encoding);
extern const struct route market_shop_routes[];
extern const struct route market_shop_page_routes[];
extern const struct route market_catalog_routes[];
extern const struct route maps_routes[];
extern const struct route opendata_routes[];
extern const struct route legal_routes[];
/* The legal library's documents a record's document doc cites (kind
 * "criteria_set", "procedure", "form", "scorecard"; domain/legal), for
 * its page: view's "legal_sources" {whole, basis, items: {item id:
 * docs}} (legal_cites_in) and, when list names an array of view (a set's
 * "criteria"), each element's "source_docs": its own documents, else the
 * record's legal basis; each document {number, slug, title, href}. */
enum err web_legal_sources(struct web *w, json_t *view, const char *kind,
    const json_t *doc, const char *list, struct errinfo *ei);
extern const struct route dashboard_routes[];
extern const struct route dx_api_routes[];
extern const struct route criteria_province_routes[];
extern const struct route pilots_routes[];
extern const struct route changes_routes[];

/* The server's address as the public sees it, no trailing slash:
 * $NTM_PUBLIC_URL when set, else the Host header (checked) with http or
 * https (X-Forwarded-Proto); "" if neither is usable.  (Defined with the
 * surveys, whose links came first; the certificates, the catalog's Open
 * Graph and sitemap use it too.) */
const char *survw_public_base(struct req *r);

/* The file of an upload: a multipart form's "file" part (its file name
 * kept in *name when it is valid UTF-8, cut to 100 bytes, without the
 * characters that turn text around: messages and the audit trail repeat
 * it), or the raw body.  *name keeps the caller's default otherwise.
 * WEB_UPLOAD_JSON: a JSON body was sent instead (the caller answers 415
 * naming its file); WEB_UPLOAD_NONE: no bytes (422, field "file"). */
enum web_upload { WEB_UPLOAD_OK, WEB_UPLOAD_JSON, WEB_UPLOAD_NONE };
enum web_upload web_upload_file(struct req *r, const struct web *w,
    const void **data, size_t *len, const char **name);

/* Digital readiness pages (issue 19, web_dx_pages.c). */
extern const struct route dx_page_routes[];

/* Notices and mail settings (issue 20, web_notices.c): the routes, the
 * settings shown on /me (view "settings", "mail_on") and the notices of
 * the home (view "notices", "notices_new", "mail"). */
extern const struct route notices_routes[];
void web_notices_me(struct req *r, struct web *w, json_t *view);
enum err web_notices_home(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei);
/* Webhook subscriptions (issue 20, web_webhooks.c). */
extern const struct route webhooks_routes[];
/* GET /api/v1/openapi.json (web_openapi.c), and the document it serves
 * built afresh from the route tables (the caller owns it). */
extern const struct route openapi_routes[];
json_t *web_openapi_document(void);
/* Bulk exchange files and the one upload page (issue 20). */
extern const struct route exchange_routes[];
extern const struct route import_routes[];

/* Retry-After on a 503 answer (render.c; issue 21: failover). */
void web_retry_after(struct req *r);

#endif
