/*
 * web_surveys_campaigns.c - survey campaigns over HTTP (routes in
 * web_surveys.c): starting one from a questionnaire, the list in the
 * caller's scope, the organisers' page (state, the public link and its QR
 * code, codes issued and spent, coverage so far, issuing codes, cancelling
 * and replacing a lost code, closing),
 * the printable code sheets (PDF), and the data entry of paper
 * questionnaires by the village teams.
 *
 * The router admits the caller to the campaign of the path (its scope,
 * survw_scope_campaign: the officials of its unit, and for data entry the
 * village teams inside it); a new campaign's unit is its body's.  The
 * handlers here parse, call the store and render.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/date.h"
#include "core/numfmt.h"
#include "domain/units/units.h"
#include "web/web_surveys_internal.h"

/* An integer field given as a number or text ("120"). */
static enum err
body_int(struct req *r, struct web *w, const char *name, long min, long max,
    bool required, long dflt, long *out, struct errinfo *ei)
{
	bool present;
	double x;
	enum err e;

	*out = dflt;
	if ((e = survw_body_number(r, w, name, required, &x, &present, ei)) !=
	    ERR_OK || !present)
		return e;
	/* The range first: converting a double beyond long's range (1e23)
	 * to long is undefined behaviour (UBSan, make sanitize). */
	if (!(x >= (double)min && x <= (double)max))
		return err_set(ei, ERR_INVALID, "request.out_of_range", name,
		    "trường %s phải từ %ld đến %ld",
		    "field %s must be from %ld to %ld", name, min, max);
	if (x != (double)(long)x)
		return err_set(ei, ERR_INVALID, "request.bad_number", name,
		    "trường %s phải là số nguyên",
		    "field %s must be a whole number", name);
	*out = (long)x;
	return ERR_OK;
}

/* The new campaign of the body, over the programme's defaults
 * (surv_campaign_defaults) for what it leaves out. */
static enum err
read_campaign(struct req *r, struct web *w, struct surv_campaign_in *in,
    struct errinfo *ei)
{
	const char *mode;
	long households, posting;
	bool present;
	enum err e;

	surv_campaign_defaults(r->arena, NULL, NULL, NULL, in);
	if ((e = web_field(r, w, "title", SURV_TEXT_MAX, true, &in->title,
	    ei)) != ERR_OK ||
	    (e = body_int(r, w, "households", 1, 100000000, true, 0,
	    &households, ei)) != ERR_OK ||
	    (e = survw_body_number(r, w, "min_coverage", true,
	    &in->min_coverage, &present, ei)) != ERR_OK ||
	    (e = survw_body_number(r, w, "threshold", true, &in->threshold,
	    &present, ei)) != ERR_OK ||
	    (e = web_field(r, w, "opens_on", 10, true, &in->opens_on, ei)) !=
	    ERR_OK ||
	    (e = web_field(r, w, "closes_on", 10, true, &in->closes_on, ei)) !=
	    ERR_OK ||
	    (e = body_int(r, w, "posting_days", 0, 3650, false,
	    in->posting_days, &posting, ei)) != ERR_OK ||
	    (e = web_field(r, w, "mode", 8, false, &mode, ei)) != ERR_OK)
		return e;
	in->households = households;
	in->posting_days = (int)posting;
	if (mode != NULL)
		in->mode = mode;	/* checked by the store */
	in->structure = w->unit_structure;
	in->code = w->unit_code;
	return ERR_OK;
}

static enum err
create_campaign(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct surv_campaign_in in;
	struct audit_actor who;
	json_t *c;
	int64_t sid, id;
	enum err e;

	if ((e = web_path_id(r, "id", "surveys.not_found", &sid, ei)) != ERR_OK)
		return e;
	/* The page first, so that a refused form is shown again in full;
	 * it checks the questionnaire is one the caller reads. */
	if (!w->json && (e = survw_design_page(r, w, view, ei)) != ERR_OK)
		return e;
	if (w->json && (e = survw_survey_readable(w, sid, "id", ei)) !=
	    ERR_OK)
		return e;
	if ((e = read_campaign(r, w, &in, ei)) != ERR_OK)
		return e;
	in.survey_id = sid;
	web_actor(w, &who);
	if ((e = surv_campaign_create(w->db, &who, &in, &id, ei)) != ERR_OK)
		return e;
	if ((e = surv_campaign_get(w->db, id, &c, ei)) != ERR_OK)
		return e;
	json_object_clear(view);
	json_object_set_new(view, "created", c);
	w->redirect = arena_printf(r->arena, "/campaigns/%lld", (long long)id);
	return ERR_OK;
}

/* The new-campaign form of a refused request shows what was typed. */
static void
echo_campaign_form(struct req *r, json_t *view)
{
	static const char *const fields[] = { "unit", "title", "households",
	    "min_coverage", "threshold", "opens_on", "closes_on",
	    "posting_days", NULL };
	json_t *d = json_object_get(view, "campaign_defaults");
	const char *mode = http_form(r, "mode");

	if (!json_is_object(d))
		return;
	for (size_t i = 0; fields[i] != NULL; i++) {
		const char *v = http_form(r, fields[i]);

		if (v != NULL)
			json_object_set_new(d, fields[i], jval_string(v));
	}
	json_object_set_new(d, "open", json_boolean(mode != NULL &&
	    strcmp(mode, "open") == 0));
}

enum err
survw_campaign_create(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	enum err e = create_campaign(r, w, view, ei);

	if (e != ERR_OK && !w->json)
		echo_campaign_form(r, view);
	return e;
}

/* ---- the list ------------------------------------------------------------- */

/* Add campaign list items to the page: links and labels. */
static void
items_display(struct req *r, struct web *w, json_t *items)
{
	json_t *it;
	size_t i;

	json_array_foreach(items, i, it) {
		json_int_t id = json_integer_value(json_object_get(it, "id"));

		json_object_set_new(it, "href", jval_string(arena_printf(r->arena,
		    "/campaigns/%lld", (long long)id)));
		json_object_set_new(it, "state_label", jval_string(
		    msg_get(w->lang, surv_state_key(jval_str(it, "state")))));
		json_object_set_new(it, "dates", jval_string(arena_printf(r->arena,
		    "%s – %s", date_display(r->arena, jval_str(it, "opens_on"),
		    w->lang), date_display(r->arena, jval_str(it, "closes_on"),
		    w->lang))));
	}
}

static int
by_id_desc(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a,
	    "id"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b,
	    "id"));

	return x < y ? 1 : x > y ? -1 : 0;
}

/*
 * The campaigns of every official binding of the caller, newest first,
 * one page of them.  A caller with one binding (the usual case) is one
 * query; several bindings are merged (up to 500 of each).
 */
static enum err
list_bindings(struct req *r, struct web *w, int64_t limit, int64_t offset,
    json_t **out, struct errinfo *ei)
{
	const struct principal *p = w->who;
	json_t *all = json_array(), *seen = json_object(), *page = json_array();
	json_t **sorted = NULL;
	size_t nb = 0, i, n;
	enum err e = ERR_OK;

	for (i = 0; i < p->nroles; i++)
		if (SURVW_OFFICIALS & ROLE_BIT(p->roles[i].role))
			nb++;
	for (i = 0; i < p->nroles && e == ERR_OK; i++) {
		const struct role_binding *b = &p->roles[i];
		bool country = strcmp(b->unit_code, "VN") == 0;
		json_t *l, *it;
		size_t j;

		if (!(SURVW_OFFICIALS & ROLE_BIT(b->role)))
			continue;
		if (nb == 1 || country) {
			json_decref(all);
			json_decref(seen);
			json_decref(page);
			return surv_campaign_list(w->db, country ? NULL :
			    b->structure, country ? NULL : b->unit_code, limit,
			    offset, out, ei);
		}
		if ((e = surv_campaign_list(w->db, b->structure, b->unit_code,
		    500, 0, &l, ei)) != ERR_OK)
			break;
		json_array_foreach(json_object_get(l, "items"), j, it) {
			const char *k = arena_printf(r->arena, "%lld",
			    (long long)json_integer_value(json_object_get(it,
			    "id")));

			if (json_object_get(seen, k) == NULL) {
				json_object_set_new(seen, k, json_true());
				json_array_append(all, it);
			}
		}
		json_decref(l);
	}
	n = json_array_size(all);
	if (e == ERR_OK && n > 0) {
		sorted = arena_alloc(r->arena, n * sizeof(*sorted));
		for (i = 0; i < n; i++)
			sorted[i] = json_array_get(all, i);
		qsort(sorted, n, sizeof(*sorted), by_id_desc);
		for (i = (size_t)offset; i < n && i < (size_t)(offset + limit);
		    i++)
			json_array_append(page, sorted[i]);
	}
	json_decref(seen);
	json_decref(all);
	if (e != ERR_OK) {
		json_decref(page);
		return e;
	}
	*out = json_pack("{s:o, s:I}", "items", page, "total", (json_int_t)n);
	return ERR_OK;
}

enum err
survw_campaigns_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	int64_t limit = web_qint(w, "limit", 50), offset = web_qint(w,
	    "offset", 0);
	json_t *list;
	enum err e;

	if (w->unit_structure != NULL)	/* ?unit=, checked by the router */
		e = strcmp(w->unit_code, "VN") == 0 ?
		    surv_campaign_list(w->db, NULL, NULL, limit, offset, &list,
		    ei) : surv_campaign_list(w->db, w->unit_structure,
		    w->unit_code, limit, offset, &list, ei);
	else
		e = list_bindings(r, w, limit, offset, &list, ei);
	if (e != ERR_OK)
		return e;
	jval_merge(view, list);
	json_object_set_new(view, "title",
	    jval_string(msg_get(w->lang, "surv_campaigns")));
	if (!w->json)
		items_display(r, w, json_object_get(view, "items"));
	return ERR_OK;
}

/* ---- one campaign ---------------------------------------------------------- */

/* The full public link of campaign id. */
static const char *
public_link(struct req *r, int64_t id)
{
	return arena_printf(r->arena, "%s/s/%lld", survw_public_base(r),
	    (long long)id);
}

/* "K7M2Q9XD" as "K7M2-Q9XD". */
static const char *
code_display(struct arena *a, const char *code)
{
	if (code == NULL || strlen(code) != SURV_CODE_LEN)
		return code;
	return arena_printf(a, "%.4s-%s", code, code + 4);
}

/* An SVG from an export function for inline use: the XML declaration
 * (if any) dropped; NULL unless it is an <svg> element. */
static const char *
inline_svg(struct arena *a, const struct buf *b)
{
	const char *s = buf_cstr(b), *at = strstr(s, "<svg");

	return at != NULL ? arena_strdup(a, at) : NULL;
}

static void
campaign_display(struct req *r, struct web *w, json_t *view, int64_t id)
{
	const char *state = jval_str(view, "state");
	json_t *codes = json_object_get(view, "codes");
	json_int_t households = json_integer_value(json_object_get(view,
	    "households"));
	json_int_t responses = json_integer_value(json_object_get(view,
	    "responses"));
	const char *link = public_link(r, id);
	struct errinfo ei;
	struct buf qr;

	json_object_set_new(view, "state_label",
	    jval_string(msg_get(w->lang, surv_state_key(state))));
	json_object_set_new(view, "is_open", json_boolean(state != NULL &&
	    strcmp(state, "open") == 0));
	json_object_set_new(view, "is_closed", json_boolean(state != NULL &&
	    strcmp(state, "closed") == 0));
	json_object_set_new(view, "is_codes", json_boolean(
	    jval_str(view, "mode") != NULL && strcmp(jval_str(view, "mode"),
	    "codes") == 0));
	json_object_set_new(view, "link_full", jval_string(link));
	json_object_set_new(view, "coverage_text", jval_string(survw_pct(
	    r->arena, households > 0 ? 100.0 * (double)responses /
	    (double)households : 0.0, w->lang)));
	json_object_set_new(view, "codes_unused", json_integer(
	    json_integer_value(json_object_get(codes, "issued")) -
	    json_integer_value(json_object_get(codes, "spent"))));
	json_object_set_new(view, "dates", jval_string(arena_printf(r->arena,
	    "%s – %s", date_display(r->arena, jval_str(view, "opens_on"),
	    w->lang), date_display(r->arena, jval_str(view, "closes_on"),
	    w->lang))));
	json_object_set_new(view, "min_coverage_text", jval_string(survw_pct(
	    r->arena, json_number_value(json_object_get(view, "min_coverage")),
	    w->lang)));
	json_object_set_new(view, "threshold_text", jval_string(survw_pct(
	    r->arena, json_number_value(json_object_get(view, "threshold")),
	    w->lang)));
	buf_init(&qr, 256 * 1024);
	if (surv_qr_svg(link, 4, &qr, &ei) == ERR_OK)
		json_object_set_new(view, "qr_svg", jval_string(inline_svg(
		    r->arena, &qr)));
	buf_free(&qr);
	json_object_set_new(view, "links", json_pack(
	    "{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "self", jval_string(arena_printf(r->arena, "/campaigns/%lld",
	    (long long)id)),
	    "public", jval_string(arena_printf(r->arena, "/s/%lld",
	    (long long)id)),
	    "entry", jval_string(arena_printf(r->arena, "/campaigns/%lld/entry",
	    (long long)id)),
	    "results", jval_string(arena_printf(r->arena,
	    "/campaigns/%lld/results", (long long)id)),
	    "close", jval_string(arena_printf(r->arena, "/campaigns/%lld/close",
	    (long long)id)),
	    "codes", jval_string(arena_printf(r->arena, "/campaigns/%lld/codes",
	    (long long)id)),
	    "replace", jval_string(arena_printf(r->arena,
	    "/campaigns/%lld/codes/replace", (long long)id)),
	    "survey", jval_string(arena_printf(r->arena, "/surveys/%lld",
	    (long long)json_integer_value(json_object_get(view,
	    "survey_id"))))));
}

/* The links of the code sheets of batch: one PDF per SURVW_PDF_CODES of
 * its n codes. */
static json_t *
sheet_links(struct req *r, int64_t id, int64_t batch, size_t n)
{
	size_t nparts = (n + SURVW_PDF_CODES - 1) / SURVW_PDF_CODES;
	json_t *pdf = json_array();

	for (size_t i = 1; i <= nparts; i++)
		json_array_append_new(pdf, jval_string(arena_printf(r->arena,
		    "/campaigns/%lld/codes.pdf?batch=%lld%s", (long long)id,
		    (long long)batch, nparts > 1 ? arena_printf(r->arena,
		    "&part=%zu", i) : "")));
	return pdf;
}

/* Every batch of the campaign with the links that print its sheets again
 * (all its codes: which were used is not told, docs/SURVEYS.md). */
static void
batches_display(struct req *r, struct web *w, json_t *view, int64_t id)
{
	json_t *list, *it, *out = json_array();
	struct errinfo ei;
	size_t i;

	if (surv_code_batches(w->db, id, &list, &ei) == ERR_OK) {
		json_array_foreach(json_object_get(list, "items"), i, it) {
			int64_t b = jval_int(it, "batch", 0), n = jval_int(it,
			    "codes", 0);
			json_t *links = sheet_links(r, id, b, (size_t)n), *parts =
			    json_array(), *x;
			size_t k;

			json_array_foreach(links, k, x)
				json_array_append_new(parts, json_pack("{s:I, s:O}",
				    "part", (json_int_t)k + 1, "href", x));
			json_array_append_new(out, json_pack("{s:I, s:o, s:o, "
			    "s:o, s:b, s:o}", "number", (json_int_t)b,
			    "codes_text", jval_string(numfmt_int_a(r->arena, n,
			    w->lang)), "village", jval_string(jval_str(it,
			    "village_name")), "pdf", parts, "several",
			    json_array_size(links) > 1, "href", jval_string(
			    arena_printf(r->arena, "/campaigns/%lld?batch=%lld#batch",
			    (long long)id, (long long)b))));
			json_decref(links);
		}
		json_decref(list);
	}
	json_object_set_new(view, "batches", out);
}

/* The codes of ?batch= (the page lists the first SURVW_PAGE_CODES), with
 * the links of the sheets: one PDF per SURVW_PDF_CODES codes.  Never
 * which code was spent: its owner would learn which household answered
 * (docs/SURVEYS.md). */
static enum err
batch_display(struct req *r, struct web *w, json_t *view, int64_t id,
    int64_t batch, struct errinfo *ei)
{
	json_t *list, *it, *shown, *parts, *links;
	size_t i;
	enum err e;

	if ((e = surv_codes_list(w->db, id, batch, &list, ei)) != ERR_OK)
		return e;
	shown = json_array();
	json_array_foreach(json_object_get(list, "items"), i, it) {
		if (!w->json && i >= SURVW_PAGE_CODES)
			continue;
		json_array_append_new(shown, json_pack("{s:o, s:o, s:o}",
		    "code", jval_string(jval_str(it, "code")), "display",
		    jval_string(code_display(r->arena, jval_str(it, "code"))),
		    "village", jval_string(jval_str(it, "village_name"))));
	}
	links = sheet_links(r, id, batch, json_array_size(json_object_get(list,
	    "items")));
	parts = json_array();
	json_array_foreach(links, i, it)
		json_array_append_new(parts, json_pack("{s:I, s:O}", "part",
		    (json_int_t)i + 1, "href", it));
	json_object_set_new(view, "batch", json_pack("{s:I, s:o, s:I, s:I, s:o, s:b}",
	    "number", (json_int_t)batch, "codes", shown,
	    "total", json_integer_value(json_object_get(list, "total")),
	    "more", (json_int_t)(json_array_size(json_object_get(list,
	    "items")) - json_array_size(shown)), "pdf", parts,
	    "several", json_array_size(links) > 1));
	json_decref(links);
	json_decref(list);
	return ERR_OK;
}

/* The villages of the campaign's unit, for the issue form. */
static void
villages_display(struct req *r, struct web *w, json_t *view)
{
	struct unit_query q = { .structure = jval_str(view, "structure"),
	    .level = "village", .parent = jval_str(view, "unit_code"),
	    .limit = 200 };
	struct unit_list l;
	struct errinfo ei;
	json_t *a = json_array();

	if (q.structure != NULL && q.parent != NULL &&
	    units_list(w->db, r->arena, &q, &l, &ei) == ERR_OK)
		for (size_t i = 0; i < l.n; i++)
			json_array_append_new(a, json_pack("{s:o, s:o}", "value",
			    jval_string(arena_printf(r->arena, "%s:%s",
			    l.items[i].structure, l.items[i].code)), "name",
			    jval_string(l.items[i].name)));
	json_object_set_new(view, "villages", a);
}

enum err
survw_campaign_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	int64_t id = w->target.id, batch = web_qint(w, "batch", 0);
	json_t *c;
	enum err e;

	if ((e = surv_campaign_get(w->db, id, &c, ei)) != ERR_OK)
		return e;
	jval_merge(view, c);
	if (!w->json) {
		campaign_display(r, w, view, id);
		villages_display(r, w, view);
		batches_display(r, w, view, id);
	}
	if (batch > 0)
		return batch_display(r, w, view, id, batch, ei);
	return ERR_OK;
}

/* Only for a caller the router admitted to the campaign: a refusal shows
 * nothing of it. */
enum err
survw_campaign_form_view(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	if (json_object_get(view, "state") != NULL || !w->in_scope)
		return ERR_OK;
	return survw_campaign_page(r, w, view, ei);
}

enum err
survw_campaign_close(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct audit_actor who;
	int64_t id = w->target.id;
	json_t *c;
	enum err e;

	if ((e = survw_campaign_page(r, w, view, ei)) != ERR_OK)
		return e;
	web_actor(w, &who);
	if ((e = surv_campaign_close(w->db, &who, id, ei)) != ERR_OK ||
	    (e = surv_campaign_get(w->db, id, &c, ei)) != ERR_OK)
		return e;
	json_object_clear(view);
	jval_merge(view, c);
	w->redirect = arena_printf(r->arena, "/campaigns/%lld", (long long)id);
	return ERR_OK;
}

/* The village code of the form's "village" ("2025:00376-01", or the code
 * alone), which must be of the campaign's structure; NULL when none. */
static enum err
village_of(struct web *w, const char *village, const char **out,
    struct errinfo *ei)
{
	const char *colon;

	*out = village;
	if (village == NULL || (colon = strchr(village, ':')) == NULL)
		return ERR_OK;
	if (strlen(w->unit_structure) != (size_t)(colon - village) ||
	    strncmp(village, w->unit_structure, (size_t)(colon - village)) != 0)
		return err_set(ei, ERR_INVALID, "surveys.bad_village", "village",
		    "thôn %.40s không thuộc đơn vị của đợt khảo sát",
		    "village %.40s is not in the campaign's unit", village);
	*out = colon + 1;
	return ERR_OK;
}

enum err
survw_codes_issue(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct audit_actor who;
	const char *village, *vcode;
	int64_t id = w->target.id;
	json_t *out;
	long count;
	enum err e;

	if ((e = survw_campaign_page(r, w, view, ei)) != ERR_OK ||
	    (e = body_int(r, w, "count", 1, SURV_CODES_MAX_BATCH, true, 0,
	    &count, ei)) != ERR_OK ||
	    (e = web_field(r, w, "village", 64, false, &village, ei)) != ERR_OK ||
	    (e = village_of(w, village, &vcode, ei)) != ERR_OK)
		return e;
	web_actor(w, &who);
	if ((e = surv_codes_issue(w->db, &who, id, (int)count, vcode, &out,
	    ei)) != ERR_OK)
		return e;
	json_object_clear(view);
	json_object_set_new(out, "pdf", sheet_links(r, id,
	    json_integer_value(json_object_get(out, "batch")), (size_t)count));
	jval_merge(view, out);
	w->redirect = arena_printf(r->arena, "/campaigns/%lld?batch=%lld#batch",
	    (long long)id, (long long)json_integer_value(json_object_get(view,
	    "batch")));
	return ERR_OK;
}

/* Cancel a lost code and issue its replacement (surv_code_replace): the
 * API answers {"code", "cancelled", "batch"}; the page is shown again
 * with the new code to hand to the household. */
enum err
survw_code_replace(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct audit_actor who;
	const char *code, *reason;
	json_t *out;
	enum err e;

	if ((e = survw_campaign_page(r, w, view, ei)) != ERR_OK ||
	    (e = web_field(r, w, "code", 32, true, &code, ei)) != ERR_OK ||
	    (e = web_field(r, w, "reason", SURV_REASON_MAX, true, &reason,
	    ei)) != ERR_OK)
		return e;
	web_actor(w, &who);
	if ((e = surv_code_replace(w->db, &who, w->target.id, code, reason,
	    &out, ei)) != ERR_OK)
		return e;
	if (w->json) {
		json_object_clear(view);
		jval_merge(view, out);
		return ERR_OK;
	}
	/* The counts as they are now; the new code shown once. */
	if ((e = survw_campaign_page(r, w, view, ei)) == ERR_OK)
		json_object_set_new(view, "replaced", json_pack("{s:o, s:o}",
		    "display", jval_string(code_display(r->arena,
		    jval_str(out, "code"))), "cancelled_display",
		    jval_string(code_display(r->arena, jval_str(out,
		    "cancelled")))));
	json_decref(out);
	return e;
}

enum err
survw_codes_pdf(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	struct surv_sheet sheet = { 0 };
	struct surv_sheet_code *codes;
	int64_t id = w->target.id, batch = web_qint(w, "batch", 0);
	int64_t part = web_qint(w, "part", 1);
	json_t *c = NULL, *list = NULL, *items, *it;
	size_t i, n = 0, from, nparts;
	enum err e;

	(void)view;
	if ((e = surv_campaign_get(w->db, id, &c, ei)) != ERR_OK ||
	    (e = surv_codes_list(w->db, id, batch, &list, ei)) != ERR_OK)
		goto out;
	items = json_object_get(list, "items");
	codes = arena_alloc(r->arena, (json_array_size(items) + 1) *
	    sizeof(*codes));
	/* Every code of the batch, spent or not: a sheet that left the
	 * spent ones out would tell who answered (a spent code printed again
	 * is refused when used). */
	json_array_foreach(items, i, it) {
		codes[n].code = code_display(r->arena, jval_str(it, "code"));
		codes[n++].village = jval_str(it, "village_name");
	}
	if (n == 0) {
		e = err_set(ei, ERR_NOTFOUND, "surveys.no_codes", "batch",
		    "không có mã nào để in", "there is no code to print");
		goto out;
	}
	nparts = (n + SURVW_PDF_CODES - 1) / SURVW_PDF_CODES;
	if ((size_t)part > nparts) {
		e = err_set(ei, ERR_NOTFOUND, "surveys.no_part", "part",
		    "đợt cấp mã này chỉ có %zu tệp in",
		    "this batch has only %zu files to print", nparts);
		goto out;
	}
	from = (size_t)(part - 1) * SURVW_PDF_CODES;
	sheet.campaign_title = jval_str(c, "title");
	sheet.unit_name = jval_str(c, "unit_name");
	sheet.link = public_link(r, id);
	sheet.closes = jval_str(c, "closes_on");
	sheet.codes = codes + from;
	sheet.n_codes = n - from < SURVW_PDF_CODES ? n - from : SURVW_PDF_CODES;
	sheet.lang = w->lang;
	buf_reset(&r->out);
	if ((e = surv_sheet_pdf(&sheet, &r->out, ei)) != ERR_OK)
		goto out;
	r->status = 200;
	r->content_type = "application/pdf";
	http_add_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"codes-%lld-%lld%s.pdf\"", (long long)id,
	    (long long)batch, nparts > 1 ? arena_printf(r->arena, "-%lld",
	    (long long)part) : ""));
	http_add_header(r, "Cache-Control", "no-store");
out:
	json_decref(c);
	json_decref(list);
	return e;
}

/* ---- data entry of paper questionnaires ---------------------------------- */

/* The router admitted the officials of the campaign's unit and the
 * village teams of villages inside it (.inside_roles). */
enum err
survw_entry_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	int64_t id = w->target.id;
	json_t *c;
	enum err e;

	if ((e = surv_campaign_get(w->db, id, &c, ei)) != ERR_OK)
		return e;
	jval_merge(view, c);
	json_object_set_new(view, "saved", json_boolean(web_qint(w, "saved",
	    0) == 1));
	if (w->json)
		return ERR_OK;
	campaign_display(r, w, view, id);
	json_object_set_new(view, "action", jval_string(arena_printf(r->arena,
	    "/campaigns/%lld/entry", (long long)id)));
	return survw_form_view(r, w, view, view, ei);
}

enum err
survw_entry_form_view(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	if (json_object_get(view, "questions") != NULL || !w->in_scope)
		return ERR_OK;
	return survw_entry_page(r, w, view, ei);
}

enum err
survw_entry_post(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	int64_t id = w->target.id;
	enum err e;

	/* The page first, so that a refused questionnaire is shown again
	 * with what was typed. */
	if (!w->json && (e = survw_entry_page(r, w, view, ei)) != ERR_OK)
		return e;
	if ((e = survw_submit(r, w, view, id, "paper", NULL, ei)) != ERR_OK)
		return e;
	json_object_clear(view);
	json_object_set_new(view, "stored", json_true());
	json_object_set_new(view, "channel", json_string("paper"));
	w->redirect = arena_printf(r->arena, "/campaigns/%lld/entry?saved=1",
	    (long long)id);
	return ERR_OK;
}
