/*
 * web_ocop_rounds.c - /ocop/rounds (JSON under /api/v1/ocop/rounds): the
 * OCOP evaluation rounds (docs/OCOP.md section 6, domain/ocop/
 * ocop_rounds.h).
 *
 *   GET  /ocop/rounds                          list; the page opens one
 *   GET  /ocop/rounds/mine                     an evaluator's own rounds
 *   POST /ocop/rounds                          open a round
 *   GET  /ocop/rounds/{id}                     a round: members, products,
 *                                              who submitted, results
 *   POST /ocop/rounds/{id}/members             add an evaluator
 *   POST /ocop/rounds/{id}/products            add a product
 *   GET  /ocop/rounds/{id}/products/{pid}/sheets  the member's scoring
 *                                              screen (and the sheets one
 *                                              may see)
 *   POST /ocop/rounds/{id}/products/{pid}/sheets  save a draft
 *   POST /ocop/rounds/{id}/products/{pid}/submit  submit (final)
 *   POST /ocop/rounds/{id}/close               the chair closes
 *
 * Access: the router admits the roles that take part in rounds within the
 * round's unit (evaluators and province officers bound inside it too: a
 * central round's unit is the country); the domain applies the round's
 * own rule - managers, members, chair - and the procedure's states.
 * Each handler parses, calls one domain function and fills the view.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/numfmt.h"
#include "core/text.h"
#include "domain/ocop/ocop_registry.h"
#include "domain/ocop/ocop_rounds.h"
#include "domain/ocop/ocop_scorecard_store.h"
#include "web/web.h"
#include "web/web_internal.h"

#define OCRW_MANAGERS	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR) | \
	ROLE_BIT(ROLE_PROVINCE_OFFICER))
#define OCRW_READERS	(OCRW_MANAGERS | ROLE_BIT(ROLE_OCOP_EVALUATOR))
#define OCRW_INSIDE	(ROLE_BIT(ROLE_OCOP_EVALUATOR) | \
	ROLE_BIT(ROLE_PROVINCE_OFFICER))
#define OCRW_SCORE_MAX	16	/* bytes of one typed score */

static const struct qfield list_query[] = { QF_LIMIT, QF_OFFSET };

static enum err
resolve_round(struct req *r, struct web *w, struct scope_target *t,
    struct errinfo *ei)
{
	enum err e;

	t->field = "id";
	if ((e = web_path_id(r, "id", "ocop.round_not_found", &t->id, ei)) !=
	    ERR_OK)
		return e;
	return ocop_round_unit_of(w->db, r->arena, t->id, &t->structure,
	    &t->code, ei);
}

static const struct scope ocrw_scope_round = { "ocop_round", resolve_round };

/* A whole number of the body: a JSON integer, or a field's digits. */
static int64_t
body_int(struct req *r, struct web *w, const char *name)
{
	json_t *v = w->body != NULL ? json_object_get(w->body, name) : NULL;
	const char *s = NULL;
	struct errinfo ignored;
	char *end;
	long long n;

	if (json_is_integer(v))
		return json_integer_value(v);
	if (web_field(r, w, name, 20, false, &s, &ignored) != ERR_OK ||
	    s == NULL || s[0] == '\0')
		return 0;
	n = strtoll(s, &end, 10);
	return *end == '\0' && n > 0 ? n : 0;
}

static const char *
stars_text(struct req *r, json_t *stars)
{
	char buf[32] = "";
	size_t n = 0;

	for (json_int_t i = 0; i < json_integer_value(stars) && i < 5; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "★");
	return arena_strdup(r->arena, buf);
}

static const char *
points_text(struct req *r, struct web *w, json_t *v)
{
	return json_is_number(v) ? numfmt_num_a(r->arena, json_number_value(v),
	    w->lang) : "—";
}

/* The band note of the round's scorecard (every page showing stars). */
static void
band_note(struct web *w, json_t *view, const char *id, int version)
{
	const struct ocop_scorecard *sc;
	struct errinfo ignored;

	if (ocop_scorecard_load(w->db, id, version, &sc, &ignored) == ERR_OK &&
	    sc->bands_note != NULL)
		json_object_set_new(view, "band_note", json_string(msg_pick(
		    w->lang, sc->bands_note, sc->bands_note_en)));
}

/* ---- the list and opening ------------------------------------------------ */

static enum err
rounds_list(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *s = NULL, *c = NULL;
	int64_t member = 0;
	json_t *out, *evals = NULL;
	enum err e;
	size_t i;

	/* coordinators and administrators see every round, a province's
	 * officer the province's, an evaluator those it sits on */
	if (!web_holds(w, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR))) {
		const struct role_binding *b = NULL;

		for (i = 0; w->who != NULL && i < w->who->nroles; i++)
			if (w->who->roles[i].role == ROLE_PROVINCE_OFFICER) {
				b = &w->who->roles[i];
				break;
			}
		if (b != NULL) {
			s = b->structure;
			c = b->unit_code;
		} else {
			member = w->who != NULL ? w->who->user_id : -1;
		}
	}
	if ((e = ocop_round_list(w->db, s, c, member, web_qint(w, "limit", 50),
	    web_qint(w, "offset", 0), w->lang, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);		/* releases out */
	if (w->json)
		return ERR_OK;
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "ocr_title")));
	if (web_holds(w, OCRW_MANAGERS)) {
		json_object_set_new(view, "may_open", json_true());
		web_unit_choices(r, w, view, "provinces", "province", s == NULL ?
		    NULL : arena_printf(r->arena, "%s:%s", s, c));
		if (ocop_round_evaluators(w->db, s == NULL, s, c, &evals, ei) ==
		    ERR_OK) {
			json_object_set(view, "evaluators", json_object_get(evals,
			    "items"));
			json_decref(evals);
		}
		json_object_set_new(view, "central_ok", json_boolean(web_holds(w,
		    ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR))));
	}
	return ERR_OK;
}

/* /ocop/rounds/mine: an evaluator's own rounds (the navigation's entry:
 * the header has no room for one more entry of every reader's). */
static enum err
rounds_mine(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out;
	enum err e;

	(void)r;
	if ((e = ocop_round_list(w->db, NULL, NULL, w->who != NULL ?
	    w->who->user_id : -1, web_qint(w, "limit", 50), web_qint(w,
	    "offset", 0), w->lang, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);		/* releases out */
	if (!w->json)
		json_object_set_new(view, "title", json_string(msg_get(w->lang,
		    "ocr_title")));
	return ERR_OK;
}

static enum err
round_create(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct ocop_round_in in = { 0 };
	struct rep_problems pr;
	const char *unit = NULL, *colon;
	struct errinfo one;
	int64_t id = 0;
	json_t *out;
	enum err e;
	size_t i;

	if (web_field(r, w, "level", 16, false, &in.level, &one) != ERR_OK ||
	    web_field(r, w, "unit", 64, false, &unit, &one) != ERR_OK ||
	    web_field(r, w, "name", OCOP_ROUND_NAME_MAX, false, &in.name,
	    &one) != ERR_OK || web_field(r, w, "scorecard_id",
	    OCOP_SC_ID_MAX, false, &in.scorecard_id, &one) != ERR_OK)
		web_problem(w, &one, NULL);
	if ((e = web_problems(w, ei)) != ERR_OK)
		return e;
	if (unit != NULL && (colon = strchr(unit, ':')) != NULL) {
		in.structure = arena_strndup(r->arena, unit, (size_t)(colon -
		    unit));
		in.code = colon + 1;
	}
	in.scorecard_version = (int)body_int(r, w, "scorecard_version");
	in.chair_id = body_int(r, w, "chair_id");
	rep_problems_init(&pr, r->arena, 20);
	if ((e = ocop_round_open(w->db, w->who, &in, &id, &pr, ei)) != ERR_OK) {
		for (i = 0; i < pr.n; i++)
			web_problem(w, &pr.items[i], NULL);
		return pr.n > 0 ? web_problems(w, ei) : e;
	}
	if ((e = ocop_round_get(w->db, w->who, id, w->lang, &out, ei)) !=
	    ERR_OK)
		return e;
	json_object_set_new(view, "created", out);
	w->redirect = arena_printf(r->arena, "/ocop/rounds/%lld?saved=1",
	    (long long)id);
	return ERR_OK;
}

/* ---- one round ----------------------------------------------------------- */

/* What the round page adds: results in words, the choices of members and
 * products a manager may add, the scoring links of a member. */
static void
round_page(struct req *r, struct web *w, json_t *view)
{
	json_t *it, *out, *evals = NULL, *choices, *m;
	struct ocop_filter f = { .limit = 200 };
	struct errinfo ei;
	size_t i, j;
	bool central = strcmp(jval_str(view, "level") ? jval_str(view,
	    "level") : "", "central") == 0;
	const char *unit = jval_str(view, "unit"), *colon;

	json_object_set_new(view, "title", json_string(jval_str(view,
	    "name")));
	band_note(w, view, jval_str(view, "scorecard_id"),
	    (int)jval_int(view, "scorecard_version", 0));
	json_array_foreach(json_object_get(view, "products"), i, it) {
		json_object_set_new(it, "mean_text", json_string(points_text(r,
		    w, json_object_get(it, "mean"))));
		json_object_set_new(it, "stars_text", json_string(stars_text(r,
		    json_object_get(it, "stars"))));
		json_object_set_new(it, "round_id", json_integer(jval_int(view,
		    "id", 0)));
		json_object_set_new(it, "to_score", json_boolean(
		    json_is_true(json_object_get(view, "is_member")) &&
		    json_is_true(json_object_get(view, "open")) &&
		    strcmp(jval_str(it, "my_sheet") ? jval_str(it, "my_sheet") :
		    "", "submitted") != 0));
	}
	if (!json_is_true(json_object_get(view, "may_manage")) || unit == NULL ||
	    (colon = strchr(unit, ':')) == NULL)
		return;
	f.structure = arena_strndup(r->arena, unit, (size_t)(colon - unit));
	f.code = colon + 1;
	if (ocop_round_evaluators(w->db, central, f.structure, f.code, &evals,
	    &ei) == ERR_OK) {
		choices = json_array();
		json_array_foreach(json_object_get(evals, "items"), i, it) {
			bool in = false;

			json_array_foreach(json_object_get(view, "members"), j,
			    m)
				in = in || jval_int(m, "id", 0) == jval_int(it,
				    "id", 0);
			if (!in)
				json_array_append(choices, it);
		}
		json_object_set_new(view, "member_choices", choices);
		json_decref(evals);
	}
	if (central)
		f.structure = f.code = NULL;
	f.state = central ? "rated" : "commune_checked";
	if (ocop_product_list(w->db, &f, w->lang, &out, &ei) == ERR_OK) {
		choices = json_array();
		json_array_foreach(json_object_get(out, "items"), i, it)
			if (!central || json_number_value(json_object_get(it,
			    "score")) >= OCOP_CENTRAL_MIN / 100.0)
				json_array_append(choices, it);
		json_object_set_new(view, "product_choices", choices);
		json_decref(out);
	}
}

static enum err
round_get(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out;
	enum err e;

	if ((e = ocop_round_get(w->db, w->who, w->target.id, w->lang, &out,
	    ei)) != ERR_OK)
		return e;
	jval_merge(view, out);		/* releases out */
	if (!w->json)
		round_page(r, w, view);
	return ERR_OK;
}

static enum err
round_add_member(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	enum err e;

	if ((e = ocop_round_add_member(w->db, w->who, w->target.id,
	    body_int(r, w, "user_id"), ei)) != ERR_OK)
		return e;
	w->redirect = arena_printf(r->arena, "/ocop/rounds/%lld?saved=1",
	    (long long)w->target.id);
	return round_get(r, w, view, ei);
}

static enum err
round_add_product(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	enum err e;

	if ((e = ocop_round_add_product(w->db, w->who, w->target.id,
	    body_int(r, w, "product_id"), ei)) != ERR_OK)
		return e;
	w->redirect = arena_printf(r->arena, "/ocop/rounds/%lld?saved=1",
	    (long long)w->target.id);
	return round_get(r, w, view, ei);
}

static enum err
round_close(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	enum err e;

	if ((e = ocop_round_close(w->db, w->who, w->target.id, ei)) != ERR_OK)
		return e;
	w->redirect = arena_printf(r->arena, "/ocop/rounds/%lld?saved=1",
	    (long long)w->target.id);
	return round_get(r, w, view, ei);
}

/* ---- the scoring screen ---------------------------------------------------- */

static enum err
product_id(struct req *r, int64_t *pid, struct errinfo *ei)
{
	return web_path_id(r, "pid", "ocop.round_no_product", pid, ei);
}

/* The value of a score as typed back in the form: the form's, else the
 * stored sheet's. */
static const char *
typed(struct req *r, struct web *w, const char *name, json_t *stored)
{
	const char *v = NULL;
	struct errinfo ignored;

	if (!w->json && web_field(r, w, name,
	    OCRW_SCORE_MAX, false, &v, &ignored) == ERR_OK && v != NULL)
		return v;
	return json_is_number(stored) ? numfmt_input_a(r->arena,
	    json_number_value(stored), w->lang) : "";
}

/* The inputs of the screen: one per sub-criterion when the scorecard has
 * them for the product's group, else one per part. */
static void
sheet_inputs(struct req *r, struct web *w, json_t *view)
{
	json_t *rows = json_array(), *it, *mine = json_object_get(json_object_get(
	    view, "mine"), "scores");
	bool by_items = json_is_true(json_object_get(view, "by_items"));
	const char *key, *field;
	size_t i;

	json_array_foreach(json_object_get(view, by_items ? "items" : "parts"),
	    i, it) {
		key = jval_str(it, by_items ? "no" : "code");
		field = by_items ? arena_printf(r->arena, "scores.items.%s", key) :
		    arena_printf(r->arena, "scores.%s", key);
		json_array_append_new(rows, json_pack("{s:s, s:o, s:s, s:s, "
		    "s:s, s:s}", "name", arena_printf(r->arena, "%s%s", by_items ?
		    "i_" : "s_", key), "id", web_field_anchor(field), "label",
		    key, "text", jval_str(it, "name"), "max_text", points_text(r,
		    w, json_object_get(it, "max")), "value", typed(r, w,
		    arena_printf(r->arena, "%s%s", by_items ? "i_" : "s_", key),
		    by_items ? json_object_get(json_object_get(mine, "items"),
		    key) : json_object_get(mine, key))));
	}
	json_object_set_new(view, "inputs", rows);
}

static void
sheets_page(struct req *r, struct web *w, json_t *view)
{
	json_t *s, *p = json_object_get(view, "provisional");
	size_t i;

	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "ocr_sheet_title")));
	json_array_foreach(json_object_get(view, "sheets"), i, s)
		json_object_set_new(s, "total_text", json_string(points_text(r, w,
		    json_object_get(s, "total"))));
	if (p != NULL) {
		json_object_set_new(p, "mean_text", json_string(points_text(r, w,
		    json_object_get(p, "mean"))));
		json_object_set_new(p, "spread_text", json_string(points_text(r,
		    w, json_object_get(p, "spread"))));
		json_object_set_new(p, "stars_text", json_string(stars_text(r,
		    json_object_get(p, "stars"))));
	}
	json_object_set_new(view, "may_score", json_boolean(
	    json_is_true(json_object_get(view, "is_member")) &&
	    json_is_true(json_object_get(view, "open")) &&
	    !json_is_true(json_object_get(json_object_get(view, "mine"),
	    "submitted"))));
	sheet_inputs(r, w, view);
}

static enum err
sheets_get(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	int64_t pid;
	json_t *out;
	enum err e;

	if ((e = product_id(r, &pid, ei)) != ERR_OK ||
	    (e = ocop_round_sheets(w->db, w->who, w->target.id, pid, w->lang,
	    &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);		/* releases out */
	if (!w->json)
		sheets_page(r, w, view);
	return ERR_OK;
}

/* The page's form as a sheet: s_<part> or i_<sub-criterion> fields, each
 * read as a decimal ("30,5" too), else kept as typed (the domain then says
 * it is not a number); an empty field is left out (missing). */
static json_t *
form_scores(struct req *r, struct web *w, int64_t round_id, int64_t pid)
{
	json_t *sheet = json_object(), *items = json_object(), *cur = NULL, *it;
	bool by_items;
	struct errinfo ignored;
	size_t i;

	if (ocop_round_sheets(w->db, w->who, round_id, pid, w->lang, &cur,
	    &ignored) != ERR_OK)
		return sheet;
	by_items = json_is_true(json_object_get(cur, "by_items"));
	json_array_foreach(json_object_get(cur, by_items ? "items" : "parts"),
	    i, it) {
		const char *key = jval_str(it, by_items ? "no" : "code"), *v;
		double d;

		v = typed(r, w, arena_printf(r->arena, "%s%s", by_items ? "i_" :
		    "s_", key), NULL);
		if (v[0] == '\0')
			continue;
		json_object_set_new(by_items ? items : sheet, key,
		    text_decimal(v, strlen(v), &d) ? json_real(d) :
		    json_string(v));
	}
	if (by_items)
		json_object_set(sheet, "items", items);
	json_decref(items);
	json_decref(cur);
	return sheet;
}

static enum err
sheet_save(struct req *r, struct web *w, json_t *view, bool submit,
    struct errinfo *ei)
{
	struct rep_problems pr;
	json_t *scores;
	int64_t pid;
	enum err e;
	size_t i;

	if ((e = product_id(r, &pid, ei)) != ERR_OK)
		return e;
	scores = w->json ? json_incref(json_object_get(w->body, "scores")) :
	    form_scores(r, w, w->target.id, pid);
	rep_problems_init(&pr, r->arena, 100);
	e = ocop_round_sheet_put(w->db, w->who, w->target.id, pid, scores,
	    submit, &pr, ei);
	json_decref(scores);
	if (e != ERR_OK) {
		for (i = 0; i < pr.n; i++)
			web_problem(w, &pr.items[i], NULL);
		return pr.n > 0 ? web_problems(w, ei) : e;
	}
	w->redirect = arena_printf(r->arena,
	    "/ocop/rounds/%lld/products/%lld/sheets?saved=1",
	    (long long)w->target.id, (long long)pid);
	return sheets_get(r, w, view, ei);
}

static enum err
sheet_draft(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return sheet_save(r, w, view, false, ei);
}

static enum err
sheet_submit(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return sheet_save(r, w, view, true, ei);
}

const struct route ocop_round_routes[] = {
	{ .method = "GET", .pattern = "/ocop/rounds",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "ocop/rounds",
	  .fn = rounds_list, QUERY(list_query), .roles = OCRW_READERS },
	{ .method = "POST", .pattern = "/ocop/rounds",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "ocop/rounds",
	  .fn = round_create, QUERY(list_query), .roles = OCRW_MANAGERS,
	  .form_view = rounds_list },
	{ .method = "GET", .pattern = "/ocop/rounds/mine",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "ocop/rounds",
	  .fn = rounds_mine, QUERY(list_query),
	  .roles = ROLE_BIT(ROLE_OCOP_EVALUATOR) },
	{ .method = "GET", .pattern = "/ocop/rounds/{id}",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "ocop/round",
	  .fn = round_get, .roles = OCRW_READERS,
	  .scope = &ocrw_scope_round, .inside_roles = OCRW_INSIDE },
	{ .method = "POST", .pattern = "/ocop/rounds/{id}/members",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "ocop/round",
	  .fn = round_add_member, .roles = OCRW_MANAGERS,
	  .scope = &ocrw_scope_round, .form_view = round_get },
	{ .method = "POST", .pattern = "/ocop/rounds/{id}/products",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "ocop/round",
	  .fn = round_add_product, .roles = OCRW_MANAGERS,
	  .scope = &ocrw_scope_round, .form_view = round_get },
	{ .method = "GET", .pattern = "/ocop/rounds/{id}/products/{pid}/sheets",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "ocop/round_sheet",
	  .fn = sheets_get, .roles = OCRW_READERS,
	  .scope = &ocrw_scope_round, .inside_roles = OCRW_INSIDE },
	{ .method = "POST", .pattern = "/ocop/rounds/{id}/products/{pid}/sheets",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM,
	  .tmpl = "ocop/round_sheet", .fn = sheet_draft,
	  .roles = ROLE_BIT(ROLE_OCOP_EVALUATOR), .scope = &ocrw_scope_round,
	  .inside_roles = ROLE_BIT(ROLE_OCOP_EVALUATOR),
	  .form_view = sheets_get },
	{ .method = "POST", .pattern = "/ocop/rounds/{id}/products/{pid}/submit",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM,
	  .tmpl = "ocop/round_sheet", .fn = sheet_submit,
	  .roles = ROLE_BIT(ROLE_OCOP_EVALUATOR), .scope = &ocrw_scope_round,
	  .inside_roles = ROLE_BIT(ROLE_OCOP_EVALUATOR),
	  .form_view = sheets_get },
	{ .method = "POST", .pattern = "/ocop/rounds/{id}/close",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "ocop/round",
	  .fn = round_close, .roles = ROLE_BIT(ROLE_OCOP_EVALUATOR),
	  .scope = &ocrw_scope_round,
	  .inside_roles = ROLE_BIT(ROLE_OCOP_EVALUATOR),
	  .form_view = round_get },
	{ 0 }
};
