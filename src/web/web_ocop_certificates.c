/*
 * web_ocop_certificates.c - OCOP certificates over HTTP (docs/OCOP.md
 * section 4, domain/ocop/ocop_certificates.h): recording a paper
 * certificate on a product, a certificate's public view by its code (JSON),
 * the public verification page a QR code leads to, that QR code as SVG,
 * the printable certificate (PDF), revocation with a reason, and what the
 * product page shows of its certificates.
 *
 * Access: recording and revoking are the province officer's writes on
 * the product's unit (the router's scope); the cycle's transitions
 * record_certificate and revoke then check role, level and state.  (The
 * procedure also names coordinators for revoke, at the province level,
 * which no coordinator's binding holds: see docs/OCOP.md section 4.)  The
 * PDF is for the province officer, the coordinators and the producer (its
 * own products: ocop_check_owner).  The public view, the page and the QR
 * code need no account: anyone holding a product may check it.
 *
 * The verification page is what a phone opens from a label, many times
 * for each certificate: a plain page without JavaScript, answered from
 * the router's cache of anonymous answers.  Its status depends on today
 * as well as on the data (a certificate expires at midnight), so its
 * route is ROUTE_DATED: today joins the OCOP version token the cache
 * compares.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "core/url.h"
#include "domain/ocop/ocop_certificates.h"
#include "domain/ocop/ocop_registry.h"
#include "domain/surveys/surveys_export.h"
#include "http/template.h"
#include "web/web.h"
#include "web/web_internal.h"
#include "web/web_ocop_internal.h"
#include "web/web_surveys_internal.h"
#include "web/web_doc.h"

/* The province keeps the list of its products' certificates, the
 * ministry's 5-star ones included, and revokes them. */
#define CERT_RECORDERS	ROLE_BIT(ROLE_PROVINCE_OFFICER)
#define CERT_REVOKERS	CERT_RECORDERS
#define CERT_PRINTERS	(ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
	ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_PRODUCER))
#define QR_MODULE_PX	5

static enum err
no_certificate(struct errinfo *ei, const char *field)
{
	return err_set(ei, ERR_NOTFOUND, "ocop.no_certificate", field,
	    "Không có giấy chứng nhận OCOP nào mang số này",
	    "No OCOP certificate has this number");
}

/* The path's {code}, or ERR_NOTFOUND. */
static enum err
path_code(struct req *r, const char *field, const char **code,
    struct errinfo *ei)
{
	*code = http_param(r, "code");
	if (*code == NULL || (*code)[0] == '\0' ||
	    strlen(*code) > OCOP_CERT_CODE_MAX)
		return no_certificate(ei, field);
	return ERR_OK;
}

/* The certificate's product, for the router: its commune. */
static enum err
resolve_certificate(struct req *r, struct web *w, struct scope_target *t,
    struct errinfo *ei)
{
	const char *code;
	enum err e;

	t->field = "code";
	if ((e = path_code(r, "code", &code, ei)) != ERR_OK)
		return e;
	return ocop_certificate_unit(w->db, r->arena, code, &t->id,
	    &t->structure, &t->code, NULL, ei);
}

static const struct scope scope_certificate = { "ocop_certificate",
	resolve_certificate };

/* The verification page's address of code, as the public reaches it. */
static const char *
verify_url(struct req *r, const char *code)
{
	struct buf b;
	const char *out;

	buf_init(&b, 512);
	if (url_encode(code, false, &b) != ERR_OK) {
		buf_free(&b);
		return NULL;
	}
	out = arena_printf(r->arena, "%s/ocop/verify/%s", survw_public_base(r),
	    buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* ---- recording --------------------------------------------------------------- */

/* After a certificate was recorded or revoked: the certificate of code in
 * the view (the API's answer), and the product's certificates as the
 * page to go back to. */
static enum err
certificate_written(struct req *r, struct web *w, json_t *view,
    const char *code, struct errinfo *ei)
{
	json_t *out;
	enum err e;

	if ((e = ocop_certificate_get(w->db, code, w->lang, &out, ei)) !=
	    ERR_OK)
		return e;
	json_object_set_new(view, "certificate", out);
	w->redirect = arena_printf(r->arena, "/ocop/products/%lld?saved=1"
	    "#certificates", (long long)w->target.id);
	return ERR_OK;
}

/* An integer or number field: a JSON number, or the text of a form. */
static bool
number_field(struct req *r, struct web *w, const char *name, double *out)
{
	json_t *j = w->body != NULL ? json_object_get(w->body, name) : NULL;
	const char *s = NULL;
	struct errinfo one;
	char *end;

	if (json_is_number(j)) {
		*out = json_number_value(j);
		return true;
	}
	if (j != NULL && !json_is_null(j) && !json_is_string(j))
		return false;
	if (web_field(r, w, name, 16, false, &s, &one) != ERR_OK)
		return false;
	if (s == NULL || s[0] == '\0')
		return true;		/* left as it was: absent */
	*out = strtod(s, &end);
	return *end == '\0';
}

/* A form's optional text: an empty field is absent. */
static void
optional_field(struct req *r, struct web *w, const char *name, size_t max,
    const char **out)
{
	struct errinfo one;

	if (web_field(r, w, name, max, false, out, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	else if (*out != NULL && (*out)[0] == '\0')
		*out = NULL;
}

static enum err
certificate_record(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct ocop_cert_in in = { .score = NAN, .source = "record" };
	struct errinfo probs[8], one;
	double stars = 0;
	char *code = NULL;
	enum err e;

	if (web_field(r, w, "number", OCOP_CERT_NUMBER_MAX, false, &in.number,
	    &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "level", 16, false, &in.level, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "issued_on", 16, false, &in.issued_on, &one) !=
	    ERR_OK)
		web_problem(w, &one, NULL);
	optional_field(r, w, "expires_on", 16, &in.expires_on);
	if (!number_field(r, w, "stars", &stars) || stars != floor(stars))
		stars = 0;
	in.stars = (int)stars;
	if (!number_field(r, w, "score", &in.score))
		in.score = -1;		/* not a number: refused below */
	if (in.number == NULL)
		in.number = "";
	for (size_t i = 0, n = ocop_cert_problems(&in, probs, 8); i < n &&
	    i < 8; i++)
		web_problem(w, &probs[i], NULL);
	if ((e = web_problems(w, ei)) != ERR_OK)
		return e;
	if ((e = ocop_certificate_record(w->db, w->who, w->target.id, &in,
	    &code, ei)) != ERR_OK)
		return e;
	e = certificate_written(r, w, view, code, ei);
	free(code);
	return e;
}

/* ---- revocation ---------------------------------------------------------------- */

static enum err
certificate_revoke(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const char *code, *reason = NULL;
	struct errinfo one;
	enum err e;

	if ((e = path_code(r, "code", &code, ei)) != ERR_OK)
		return e;
	if (web_field(r, w, "reason", OCOP_CERT_REASON_MAX, false, &reason,
	    &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if ((e = web_problems(w, ei)) != ERR_OK)
		return e;
	if ((e = ocop_certificate_revoke(w->db, w->who, w->target.id, code,
	    reason, ei)) != ERR_OK)
		return e;
	return certificate_written(r, w, view, code, ei);
}

/* ---- the public view --------------------------------------------------------------- */

static enum err
certificate_public(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const char *code;
	json_t *out;
	enum err e;

	if ((e = path_code(r, "code", &code, ei)) != ERR_OK ||
	    (e = ocop_certificate_get(w->db, code, w->lang, &out, ei)) !=
	    ERR_OK)
		return e;
	jval_merge(view, out);
	return ERR_OK;
}

/* What the verification page adds to the public view: the status in large
 * words and its tone, the dates as people read them, the links. */
static void
verify_words(struct req *r, struct web *w, json_t *v)
{
	const char *status = jval_str(v, "status"), *lang = w->lang;
	const char *replaced = jval_str(v, "replaced_by");
	const char *word, *tone, *stars_arg[1], *days_arg[1];
	char today[DATE_LEN];
	long t, e;
	bool revoked = strcmp(status, "revoked") == 0;

	if (revoked) {
		word = "occ_status_revoked";
		tone = "bad";
	} else if (replaced != NULL) {
		word = "occ_status_replaced";
		tone = "warn";
	} else if (strcmp(status, "expired") == 0) {
		word = "occ_status_expired";
		tone = "bad";
	} else if (strcmp(status, "expiring") == 0) {
		word = "occ_status_expiring";
		tone = "warn";
	} else {
		word = "occ_status_valid";
		tone = "good";
	}
	json_object_set_new(v, "title", json_string(msg_get(lang,
	    "occ_verify_title")));
	json_object_set_new(v, "status_word", json_string(msg_get(lang,
	    word)));
	json_object_set_new(v, "status_tone", json_string(tone));
	json_object_set_new(v, "is_revoked", json_boolean(revoked));
	json_object_set_new(v, "is_expired", json_boolean(!revoked &&
	    strcmp(status, "expired") == 0));
	if (!revoked && replaced == NULL && strcmp(status, "expiring") == 0 &&
	    date_parse(date_today(today), &t) &&
	    date_parse(jval_str(v, "expires_on"), &e)) {
		days_arg[0] = numfmt_int_a(r->arena, e - t + 1, lang);
		json_object_set_new(v, "expiring_note", json_string(
		    msg_formata(r->arena, lang, "occ_expiring_note", days_arg,
		    1)));
	}
	stars_arg[0] = numfmt_int_a(r->arena, jval_int(v, "stars", 0), lang);
	json_object_set_new(v, "stars_text", json_string(msg_formata(
	    r->arena, lang, "occ_stars_n", stars_arg, 1)));
	json_object_set_new(v, "issued_text", json_string(date_display(
	    r->arena, jval_str(v, "issued_on"), lang)));
	json_object_set_new(v, "expires_text", json_string(date_display(
	    r->arena, jval_str(v, "expires_on"), lang)));
	if (jval_str(v, "revoked_on") != NULL)
		json_object_set_new(v, "revoked_text", json_string(date_display(
		    r->arena, jval_str(v, "revoked_on"), lang)));
	if (replaced != NULL)
		json_object_set_new(v, "replaced_href", json_string(
		    arena_printf(r->arena, "/ocop/verify/%s", replaced)));
	json_object_set_new(v, "qr_href", json_string(arena_printf(r->arena,
	    "/ocop/verify/%s/qr.svg", jval_str(v, "code"))));
}

static enum err
verify_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *code;
	json_t *out;
	enum err e;

	if ((e = path_code(r, NULL, &code, ei)) != ERR_OK)
		return e;
	if ((e = ocop_certificate_get(w->db, code, w->lang, &out, ei)) !=
	    ERR_OK) {
		if (e == ERR_NOTFOUND)	/* no field: nothing to point at */
			return no_certificate(ei, NULL);
		return e;
	}
	jval_merge(view, out);		/* takes out */
	verify_words(r, w, view);
	return ERR_OK;
}

/* The 404 page: what to do when no certificate has the number. */
static enum err
verify_not_found(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	(void)r;
	(void)ei;
	json_object_set_new(view, "not_found", json_true());
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "occ_not_found_title")));
	return ERR_OK;
}

static const struct qfield verify_query[] = {
	{ "code", Q_TEXT, 0, 0, OCOP_CERT_CODE_MAX + 20, NULL } };

/* The form "check a number": its answer is the page of that number (the
 * number as printed, spaces and case forgiven). */
static enum err
verify_form(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *q = web_qtext(w, "code");
	char code[OCOP_CERT_CODE_MAX + 1];
	size_t n = 0;

	(void)ei;
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "occ_verify_title")));
	if (q == NULL || q[0] == '\0')
		return ERR_OK;
	for (; *q != '\0' && n < OCOP_CERT_CODE_MAX; q++)
		if (isalnum((unsigned char)*q) || *q == '-')
			code[n++] = (char)toupper((unsigned char)*q);
	code[n] = '\0';
	w->redirect = arena_printf(r->arena, "/ocop/verify/%s", n > 0 ? code :
	    "-");
	return ERR_OK;
}

/* ---- the QR code and the PDF --------------------------------------------------------- */

/* The address the QR code carries, also as the SVG's title (read aloud,
 * shown on hover, and checkable without a QR decoder): inserted after the
 * opening <svg ...> tag of r->out. */
static enum err
svg_title(struct req *r, const char *url, struct errinfo *ei)
{
	const char *gt = memchr(r->out.data, '>', r->out.len);
	size_t head = gt != NULL ? (size_t)(gt - r->out.data) + 1 : 0;
	struct buf t;
	char *rest;
	enum err e;

	if (head == 0)
		return ERR_OK;
	buf_init(&t, 4096);
	rest = arena_strndup(r->arena, r->out.data + head, r->out.len - head);
	if ((e = buf_puts(&t, "<title>")) == ERR_OK &&
	    (e = html_escape(url, strlen(url), &t)) == ERR_OK &&
	    (e = buf_puts(&t, "</title>")) == ERR_OK) {
		r->out.len = head;
		r->out.data[head] = '\0';
		if (buf_append(&r->out, t.data, t.len) != ERR_OK ||
		    buf_puts(&r->out, rest) != ERR_OK)
			e = ERR_LIMIT;
	}
	buf_free(&t);
	return e == ERR_OK ? ERR_OK : err_set(ei, e, "ocop.qr_failed", NULL,
	    "Không tạo được mã QR", "The QR code could not be made");
}

static enum err
verify_qr(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *code, *url;
	int64_t pid;
	const char *s, *c;
	enum err e;

	(void)view;
	if ((e = path_code(r, "code", &code, ei)) != ERR_OK ||
	    (e = ocop_certificate_unit(w->db, r->arena, code, &pid, &s, &c,
	    NULL, ei)) != ERR_OK)
		return e;
	if ((url = verify_url(r, code)) == NULL)
		return no_certificate(ei, "code");
	buf_reset(&r->out);
	if ((e = surv_qr_svg(url, QR_MODULE_PX, &r->out, ei)) != ERR_OK ||
	    (e = svg_title(r, url, ei)) != ERR_OK)
		return e;
	r->status = 200;
	r->content_type = "image/svg+xml";
	/* The address inside depends on the code and the configured base
	 * only: a day's caching costs nothing. */
	http_add_header(r, "Cache-Control", "public, max-age=86400");
	return ERR_OK;
}

static enum err
certificate_pdf(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const char *code, *s, *c, *url;
	int64_t producer_id;
	enum err e;

	(void)view;
	if ((e = path_code(r, "code", &code, ei)) != ERR_OK ||
	    (e = ocop_product_unit_of(w->db, r->arena, w->target.id, &s, &c,
	    &producer_id, ei)) != ERR_OK ||
	    (e = ocop_check_owner(w->db, w->who, w->acting, producer_id,
	    ei)) != ERR_OK)
		return e;
	if ((url = verify_url(r, code)) == NULL)
		return no_certificate(ei, "code");
	buf_reset(&r->out);
	if ((e = ocop_certificate_pdf(w->db, code, w->lang, url, &r->out,
	    ei)) != ERR_OK)
		return e;
	r->status = 200;
	r->content_type = "application/pdf";
	http_add_header(r, "Content-Disposition", arena_printf(r->arena,
	    "inline; filename=\"ocop-%s.pdf\"", code));
	return ERR_OK;
}

/* ---- the product page --------------------------------------------------------------- */

static enum err
product_certificates(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	json_t *out;
	enum err e;

	(void)r;
	if ((e = ocop_certificate_list(w->db, w->target.id, w->lang, &out,
	    ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	return ERR_OK;
}

void
ocopw_certificates_page(struct req *r, struct web *w, json_t *view)
{
	const char *st = w->target.structure, *uc = w->target.code;
	const char *state = jval_str(view, "state");
	bool revoke = st != NULL && web_can(w, CERT_REVOKERS, st, uc) &&
	    state != NULL && (strcmp(state, "certified") == 0 ||
	    strcmp(state, "expiring") == 0);
	/* A producer account prints its own producer's only (the PDF
	 * route's ocop_check_owner): the link is offered as the route
	 * answers. */
	bool print = st != NULL && (web_can(w, CERT_PRINTERS &
	    ~ROLE_BIT(ROLE_PRODUCER), st, uc) ||
	    (web_can(w, ROLE_BIT(ROLE_PRODUCER), st, uc) && w->who != NULL &&
	    ocop_represents(w->db, jval_int(view, "producer_id", 0),
	    w->who->user_id)));
	json_t *list, *it;
	struct errinfo ei;
	size_t i;
	bool first = true;

	if (ocop_certificate_list(w->db, w->target.id, w->lang, &list, &ei) !=
	    ERR_OK)
		return;
	json_array_foreach(json_object_get(list, "items"), i, it) {
		const char *code = jval_str(it, "code");
		bool current = first && strcmp(jval_str(it, "status"),
		    "revoked") != 0;

		json_object_set_new(it, "verify_href", json_string(arena_printf(
		    r->arena, "/ocop/verify/%s", code)));
		if (print)
			json_object_set_new(it, "pdf_href", json_string(
			    arena_printf(r->arena, "/ocop/certificates/%s/"
			    "certificate.pdf", code)));
		json_object_set_new(it, "issued_text", json_string(date_display(
		    r->arena, jval_str(it, "issued_on"), w->lang)));
		json_object_set_new(it, "expires_text", json_string(
		    date_display(r->arena, jval_str(it, "expires_on"),
		    w->lang)));
		/* Only the newest certificate, not revoked, may be revoked
		 * (an older one was replaced by it). */
		json_object_set_new(it, "can_revoke", json_boolean(revoke &&
		    current));
		json_object_set_new(it, "product_id", json_integer(
		    w->target.id));
		if (strcmp(jval_str(it, "status"), "revoked") != 0)
			first = false;
	}
	json_object_set(view, "certificates", json_object_get(list, "items"));
	json_decref(list);
	/* Recording a paper certificate: the province, while the cycle
	 * allows it (the action the workflow offers). */
	json_array_foreach(json_object_get(view, "actions"), i, it)
		if (strcmp(jval_str(it, "id"), "record_certificate") == 0) {
			json_object_set_new(view, "can_record", json_true());
			json_array_remove(json_object_get(view, "actions"), i);
			break;
		}
	/* Revoking goes through the certificate (its reason, its row): the
	 * cycle's bare transition is not offered. */
	json_array_foreach(json_object_get(view, "actions"), i, it)
		if (strcmp(jval_str(it, "id"), "revoke") == 0) {
			json_array_remove(json_object_get(view, "actions"), i);
			break;
		}
	if (json_is_true(json_object_get(view, "can_record")))
		json_object_set_new(view, "cert_levels", json_pack(
		    "[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}]",
		    "value", "province", "label", msg_get(w->lang,
		    "occ_level_province"), "value", "central", "label",
		    msg_get(w->lang, "occ_level_central"), "value", "district",
		    "label", msg_get(w->lang, "occ_level_district")));
}

static const struct route_doc certificate_doc = {
	.summary = "Tra cứu một giấy chứng nhận OCOP / verify an OCOP "
	    "certificate",
	.response = DOC_OBJ("\"code\", \"number\", \"level\", \"stars\", "
	    "\"issued_on\", \"expires_on\", \"status\", \"product\"",
	    DOC_P("code", DOC_STR) ", " DOC_P("number", DOC_STR) ", "
	    DOC_P("level", DOC_STR) ", " DOC_P("stars", DOC_INT) ", "
	    DOC_P("score", DOC_NUM_NULL) ", " DOC_P("issued_on", DOC_DATE) ", "
	    DOC_P("expires_on", DOC_DATE) ", " DOC_P("status", DOC_STR) ", "
	    DOC_P("revoked_on", DOC_STR_NULL) ", "
	    DOC_P("replaced_by", DOC_STR_NULL) ", "
	    DOC_P("product", DOC_OBJ("\"id\", \"name\", \"group\"",
	    DOC_P("id", DOC_INT) ", " DOC_P("name", DOC_STR) ", "
	    DOC_P("group", DOC_INT))) ", " DOC_P("producer", DOC_STR) ", "
	    DOC_P("commune", DOC_STR_NULL) ", " DOC_P("province", DOC_STR_NULL)
	    ", " DOC_P("issuer", DOC_STR_NULL)),
};

const struct route ocop_certificate_routes[] = {
	{ .method = "POST", .pattern = "/ocop/products/{id}/certificates",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "ocop/product",
	  .fn = certificate_record, .roles = CERT_RECORDERS,
	  .scope = &ocopw_scope_product, .form_view = ocopw_product_view },
	{ .method = "GET", .pattern = "/ocop/products/{id}/certificates",
	  .flags = ROUTE_API, .fn = product_certificates,
	  .roles = OCOPW_READERS, .scope = &ocopw_scope_product },
	{ .method = "GET", .pattern = "/ocop/certificates/{code}",
	  .flags = ROUTE_API, .fn = certificate_public,
	  .roles = ROLES_PUBLIC, .doc = &certificate_doc },
	{ .method = "POST",
	  .pattern = "/ocop/products/{id}/certificates/{code}/revoke",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "ocop/product",
	  .fn = certificate_revoke, .roles = CERT_REVOKERS,
	  .scope = &ocopw_scope_product, .form_view = ocopw_product_view },
	{ .method = "GET", .pattern = "/ocop/certificates/{code}/certificate.pdf",
	  .flags = ROUTE_RAW | ROUTE_API, .fn = certificate_pdf,
	  .roles = CERT_PRINTERS, .scope = &scope_certificate },
	{ .method = "GET", .pattern = "/ocop/verify",
	  .flags = ROUTE_HTML, .tmpl = "ocop/verify", .fn = verify_form,
	  QUERY(verify_query), .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/ocop/verify/{code}",
	  .flags = ROUTE_HTML | ROUTE_FORM | ROUTE_PAGE_CACHE | ROUTE_DATED,
	  .tmpl = "ocop/verify", .fn = verify_page,
	  .version_key = OCOP_META_VERSION, .roles = ROLES_PUBLIC,
	  .form_view = verify_not_found },
	{ .method = "GET", .pattern = "/ocop/verify/{code}/qr.svg",
	  .flags = ROUTE_RAW, .fn = verify_qr, .roles = ROLES_PUBLIC },
	{ .method = NULL }
};
