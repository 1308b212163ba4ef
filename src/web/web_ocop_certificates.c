/*
 * web_ocop_certificates.c - OCOP certificates over HTTP (docs/OCOP.md
 * section 4, domain/ocop/ocop_certificates.h): recording a paper
 * certificate on a product, and a certificate's public view by its code.
 *
 * Access: recording is the province officer's write on the product's
 * unit (the router's scope); the cycle's transition record_certificate
 * then checks role, level and state.  The public view
 * needs no account: anyone holding a product may check its certificate.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "domain/ocop/ocop_certificates.h"
#include "domain/ocop/ocop_registry.h"
#include "web/web.h"
#include "web/web_internal.h"
#include "web/web_ocop_internal.h"

/* The province keeps the list of its products' certificates, the
 * ministry's 5-star ones included. */
#define CERT_RECORDERS	ROLE_BIT(ROLE_PROVINCE_OFFICER)

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

static enum err
certificate_record(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct ocop_cert_in in = { .score = NAN, .source = "record" };
	struct errinfo probs[8], one;
	double stars = 0;
	char *code = NULL;
	json_t *out;
	enum err e;

	if (web_field(r, w, "number", OCOP_CERT_NUMBER_MAX, false, &in.number,
	    &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "level", 16, false, &in.level, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "issued_on", 16, false, &in.issued_on, &one) !=
	    ERR_OK)
		web_problem(w, &one, NULL);
	if (web_field(r, w, "expires_on", 16, false, &in.expires_on, &one) !=
	    ERR_OK)
		web_problem(w, &one, NULL);
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
	e = ocop_certificate_get(w->db, code, w->lang, &out, ei);
	free(code);
	if (e != ERR_OK)
		return e;
	json_object_set_new(view, "certificate", out);
	return ERR_OK;
}

static enum err
certificate_public(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const char *code = http_param(r, "code");
	json_t *out;
	enum err e;

	if (code == NULL || strlen(code) > OCOP_CERT_CODE_MAX)
		return err_set(ei, ERR_NOTFOUND, "ocop.no_certificate", "code",
		    "Không có giấy chứng nhận OCOP nào mang số này",
		    "No OCOP certificate has this number");
	if ((e = ocop_certificate_get(w->db, code, w->lang, &out, ei)) !=
	    ERR_OK)
		return e;
	jval_merge(view, out);
	return ERR_OK;
}

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

const struct route ocop_certificate_routes[] = {
	{ .method = "POST", .pattern = "/ocop/products/{id}/certificates",
	  .flags = ROUTE_API, .fn = certificate_record,
	  .roles = CERT_RECORDERS, .scope = &ocopw_scope_product },
	{ .method = "GET", .pattern = "/ocop/products/{id}/certificates",
	  .flags = ROUTE_API, .fn = product_certificates,
	  .roles = OCOPW_READERS, .scope = &ocopw_scope_product },
	{ .method = "GET", .pattern = "/ocop/certificates/{code}",
	  .flags = ROUTE_API, .fn = certificate_public,
	  .roles = ROLES_PUBLIC },
	{ .method = NULL }
};
