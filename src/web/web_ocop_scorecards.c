/*
 * web_ocop_scorecards.c - the HTTP API and pages of the OCOP scorecards
 * (docs/OCOP.md section 3):
 *
 *   GET  /ocop/scorecards                  list (public)
 *   GET  /ocop/scorecards/{id}?version=N   one scorecard (public): parts,
 *                                          sections, groups, star bands
 *                                          with their "carried over" note
 *   PUT  /ocop/scorecards/{id}             a new version (coordinators;
 *                                          every fault with its path)
 *   GET  /ocop/scorecards/{id}/sheet       the scoring sheet (page)
 *   POST /ocop/scorecards/{id}/preview     members' scores in, totals,
 *                                          mean, stars, flag out; stores
 *                                          nothing
 *
 * Who may preview: the people who score or check scores - evaluators,
 * commune and province officers, coordinators, administrators - never an
 * anonymous caller, so the route is no open CPU sink; its work is bounded
 * by OCOP_SC_MEMBERS_MAX sheets and OCSW_BODY_MAX bytes of body.
 * Producers and citizens read the scorecard (public) but do not score.
 * The arithmetic and every rule are the domain's (ocop_scorecard.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/numfmt.h"
#include "core/text.h"
#include "domain/ocop/ocop_scorecard_store.h"
#include "web/web_internal.h"

#define OCSW_WRITERS	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR))
#define OCSW_SCORERS	(OCSW_WRITERS | ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
	ROLE_BIT(ROLE_COMMUNE_OFFICER) | ROLE_BIT(ROLE_OCOP_EVALUATOR))
#define OCSW_BODY_MAX	(64 * 1024)	/* bytes of a preview's body */
#define OCSW_SHEET_ROWS	7		/* members on the page's sheet */

static const struct qfield version_query[] = {
	{ "version", Q_INT, 1, 1000000, 0, NULL },
};

static const struct qfield put_query[] = {
	{ "change_note", Q_TEXT, 0, 0, 2000, NULL },
};

/* The scorecard of the path, at ?version= or the newest. */
static enum err
load_card(struct req *r, struct web *w, const struct ocop_scorecard **out,
    struct errinfo *ei)
{
	return ocop_scorecard_load(w->db, http_param(r, "id"),
	    (int)web_qint(w, "version", 0), out, ei);
}

static enum err
ocsw_list(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *out;
	enum err e;

	(void)r;
	if ((e = ocop_scorecards_list(w->db, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	if (!w->json)
		json_object_set_new(view, "title", json_string(msg_get(w->lang,
		    "ocs_title")));
	return ERR_OK;
}

static const char *
status_label(const char *lang, enum ocop_sc_status st)
{
	static const char *const keys[OCOP_STATUS__MAX] = {
		"ocs_status_verified", "ocs_status_carried_over",
		"ocs_status_to_complete", "ocs_status_local",
	};

	return msg_get(lang, keys[st]);
}

static const char *
points_text(struct req *r, struct web *w, long h)
{
	return numfmt_num_a(r->arena, (double)h / 100.0, w->lang);
}

static const char *
stars_text(struct req *r, int stars)
{
	char buf[32] = "";
	size_t n = 0;

	for (int i = 0; i < stars && i < 5; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "★");
	return arena_strdup(r->arena, buf);
}

/* What the page shows of a scorecard, in the caller's language. */
static json_t *
card_show(struct req *r, struct web *w, const struct ocop_scorecard *sc)
{
	const char *lang = w->lang;
	json_t *parts = json_array(), *groups = json_array(),
	    *bands = json_array();
	size_t i, j;

	for (i = 0; i < sc->n_parts; i++) {
		const struct ocop_sc_part *p = &sc->parts[i];
		json_t *secs = json_array();

		for (j = 0; j < p->n_sections; j++)
			json_array_append_new(secs, json_pack("{s:s, s:s}",
			    "name", msg_pick(lang, p->sections[j].name,
			    p->sections[j].name_en), "max_text",
			    p->sections[j].max < 0 ? msg_get(lang,
			    "ocs_to_complete") : points_text(r, w,
			    p->sections[j].max)));
		json_array_append_new(parts, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:o}", "code", p->code, "name", msg_pick(lang, p->name,
		    p->name_en), "max_text", points_text(r, w, p->max),
		    "status_text", status_label(lang, p->status), "sections",
		    secs));
	}
	for (i = 0; i < sc->n_groups; i++) {
		const struct ocop_sc_group *g = &sc->groups[i];

		json_array_append_new(groups, json_pack("{s:i, s:s, s:s}",
		    "number", g->code, "name", msg_pick(lang, g->name,
		    g->name_en), "scoring", g->it.n_items == 0 ?
		    msg_get(lang, "ocs_by_part") : arena_printf(r->arena,
		    "%zu %s", g->it.n_items, msg_get(lang,
		    "ocs_items_count"))));
	}
	for (i = 0; i < sc->n_bands; i++) {
		const struct ocop_sc_band *b = &sc->bands[i];

		json_array_append_new(bands, json_pack("{s:s, s:s, s:s?}",
		    "stars_text", stars_text(r, b->stars), "from_text",
		    points_text(r, w, b->min), "meaning", b->meaning == NULL ?
		    NULL : msg_pick(lang, b->meaning, b->meaning_en)));
	}
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:s?, s:s, s:s, "
	    "s:s}", "title", msg_pick(lang, sc->title, sc->title_en),
	    "decision", sc->decision, "date", date_display(r->arena, sc->date,
	    lang), "parts", parts,
	    "groups", groups, "bands", bands, "band_note",
	    sc->bands_note == NULL ? NULL : msg_pick(lang, sc->bands_note,
	    sc->bands_note_en), "bands_status_text", status_label(lang,
	    sc->bands_status), "spread_text", points_text(r, w,
	    sc->spread_max), "spread_status_text", status_label(lang,
	    sc->spread_status));
}

static enum err
ocsw_get(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const struct ocop_scorecard *sc;
	json_t *out;
	enum err e;

	if ((e = load_card(r, w, &sc, ei)) != ERR_OK ||
	    (e = ocop_scorecard_get(w->db, sc->id, sc->version, &out, ei)) !=
	    ERR_OK)
		return e;
	jval_merge(view, out);
	if (!w->json) {
		json_object_set_new(view, "title", json_string(msg_pick(w->lang,
		    sc->title, sc->title_en)));
		json_object_set_new(view, "show", card_show(r, w, sc));
		json_object_set_new(view, "id", jval_string(sc->id));
		json_object_set_new(view, "may_score", json_boolean(
		    web_holds(w, OCSW_SCORERS)));
	}
	return ERR_OK;
}

/* PUT: the body is the document itself, stored as sent (NFC). */
static enum err
ocsw_put(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct audit_actor who;
	struct rep_problems pr;
	const char *id = http_param(r, "id"), *doc_id, *text;
	bool created = false;
	int version = 0;
	enum err e;
	size_t i, len;

	doc_id = jval_str(w->body, "id");
	if (doc_id != NULL && strcmp(doc_id, id) != 0)
		return err_set(ei, ERR_INVALID, "ocop_scorecard.id_mismatch",
		    "id", "id: mã bảng điểm trong tài liệu khác mã trên đường "
		    "dẫn", "id: the document's scorecard id is not the path's");
	web_actor(w, &who);
	rep_problems_init(&pr, r->arena, 100);
	if ((e = web_body_document(r, w, OCOP_SC_DOC_MAX, &text, &len, ei)) != ERR_OK)
		return e;
	e = ocop_scorecards_import(w->db, &who, text, len, web_qtext(w,
	    "change_note"), &version, &created, &pr, ei);
	if (e != ERR_OK) {
		for (i = 0; i < pr.n; i++)
			web_problem(w, &pr.items[i], NULL);
		if (pr.n > 0)
			return web_problems(w, ei);
		return e;
	}
	json_object_set_new(view, "id", jval_string(id));
	json_object_set_new(view, "version", json_integer(version));
	json_object_set_new(view, "created", json_boolean(created));
	return ERR_OK;
}

/* The sheet's rows as the page shows them, with what was typed. */
static json_t *
sheet_rows(struct req *r, struct web *w, const struct ocop_scorecard *sc)
{
	json_t *rows = json_array(), *cells;
	char name[32], field[48];

	for (int i = 0; i < OCSW_SHEET_ROWS; i++) {
		cells = json_array();
		for (size_t k = 0; k < sc->n_parts; k++) {
			const char *v = NULL;
			struct errinfo ignored;

			snprintf(name, sizeof(name), "m%d_%s", i + 1,
			    sc->parts[k].code);
			snprintf(field, sizeof(field), "members[%d].%s", i,
			    sc->parts[k].code);
			if (!w->json)
				web_field(r, w, name, 32, false, &v, &ignored);
			json_array_append_new(cells, json_pack("{s:s, s:o, "
			    "s:s, s:s, s:s, s:s}", "name", name, "id",
			    web_field_anchor(field), "part", sc->parts[k].code,
			    "part_name", msg_pick(w->lang, sc->parts[k].name,
			    sc->parts[k].name_en), "value", v ? v : "",
			    "max_text", points_text(r, w, sc->parts[k].max)));
		}
		json_array_append_new(rows, json_pack("{s:i, s:o}", "number",
		    i + 1, "cells", cells));
	}
	return rows;
}

static enum err
ocsw_sheet(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const struct ocop_scorecard *sc;
	enum err e;

	if ((e = load_card(r, w, &sc, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "title", json_string(msg_get(w->lang,
	    "ocs_sheet_title")));
	json_object_set_new(view, "id", jval_string(sc->id));
	json_object_set_new(view, "sc_version", json_integer(sc->version));
	json_object_set_new(view, "show", card_show(r, w, sc));
	json_object_set_new(view, "rows", sheet_rows(r, w, sc));
	json_object_set_new(view, "ocop_sheet_js", json_true());
	return ERR_OK;
}

/* The page's form as a preview body: members up to the last row with a
 * score; a score is read as a decimal ("35,5" too), else kept as typed
 * (the domain then says it is not a number). */
static json_t *
form_body(struct req *r, struct web *w, const struct ocop_scorecard *sc)
{
	json_t *members = json_array(), *m;
	char name[32];
	int last = -1;

	for (int i = 0; i < OCSW_SHEET_ROWS; i++) {
		bool any = false;

		m = json_object();
		for (size_t k = 0; k < sc->n_parts; k++) {
			const char *v = NULL;
			struct errinfo ignored;
			double d;

			snprintf(name, sizeof(name), "m%d_%s", i + 1,
			    sc->parts[k].code);
			if (web_field(r, w, name, 32, false, &v, &ignored) !=
			    ERR_OK || v == NULL || v[0] == '\0')
				continue;
			any = true;
			json_object_set_new(m, sc->parts[k].code,
			    text_decimal(v, strlen(v), &d) ? json_real(d) :
			    json_string(v));
		}
		json_array_append_new(members, m);
		if (any)
			last = i;
	}
	while ((int)json_array_size(members) > last + 1)
		json_array_remove(members, json_array_size(members) - 1);
	return json_pack("{s:o}", "members", members);
}

static enum err
ocsw_preview(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const struct ocop_scorecard *sc;
	struct rep_problems pr;
	json_t *body, *out = NULL, *m;
	enum err e;
	size_t i;

	if (r->body.len > OCSW_BODY_MAX)
		return err_set(ei, ERR_LIMIT, "ocop_scorecard.too_large", "members",
		    "nội dung gửi quá lớn (tối đa %d KB)", "the request is too "
		    "large (at most %d KB)", OCSW_BODY_MAX / 1024);
	if ((e = load_card(r, w, &sc, ei)) != ERR_OK)
		return e;
	body = w->json ? json_incref(w->body) : form_body(r, w, sc);
	rep_problems_init(&pr, r->arena, 100);
	e = ocop_preview(sc, body, w->lang, &out, &pr, ei);
	json_decref(body);
	if (e != ERR_OK) {
		for (i = 0; i < pr.n; i++)
			web_problem(w, &pr.items[i], NULL);
		return pr.n > 0 ? web_problems(w, ei) : e;
	}
	if (!w->json) {
		if ((e = ocsw_sheet(r, w, view, ei)) != ERR_OK) {
			json_decref(out);
			return e;
		}
		json_array_foreach(json_object_get(out, "members"), i, m)
			json_object_set_new(m, "number", json_integer(
			    (json_int_t)i + 1));
		json_object_set_new(out, "stars_text", jval_string(stars_text(r,
		    (int)jval_int(out, "stars", 0))));
		json_object_set_new(view, "result", out);
		return ERR_OK;
	}
	jval_merge(view, out);		/* releases out */
	return ERR_OK;
}

const struct route ocop_scorecard_routes[] = {
	{ .method = "GET", .pattern = "/ocop/scorecards",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "ocop/scorecards",
	  .fn = ocsw_list, .version_key = OCOP_SC_META_VERSION,
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/ocop/scorecards/{id}",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "ocop/scorecard",
	  .fn = ocsw_get, QUERY(version_query), .roles = ROLES_PUBLIC },
	{ .method = "PUT", .pattern = "/ocop/scorecards/{id}",
	  .flags = ROUTE_API, .fn = ocsw_put, QUERY(put_query),
	  .roles = OCSW_WRITERS },
	{ .method = "GET", .pattern = "/ocop/scorecards/{id}/sheet",
	  .flags = ROUTE_HTML, .tmpl = "ocop/sheet", .fn = ocsw_sheet,
	  QUERY(version_query), .roles = OCSW_SCORERS },
	{ .method = "POST", .pattern = "/ocop/scorecards/{id}/preview",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "ocop/sheet",
	  .fn = ocsw_preview, QUERY(version_query), .roles = OCSW_SCORERS,
	  .form_view = ocsw_sheet },
	{ 0 }
};
