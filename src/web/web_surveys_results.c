/*
 * web_surveys_results.c - the results of a campaign (routes in
 * web_surveys.c): the page and its JSON (responses, coverage against the
 * households, the satisfaction rate overall and per question with 95 %
 * intervals, the thresholds, villages, the chart, the comments), the CSV
 * and XLSX downloads, the raw responses for the organisers, and moderating
 * comments.
 *
 * Who sees what: the router resolves the campaign for everyone
 * (ROUTE_SCOPE_SOFT); its organisers (survw_organiser: the officials whose
 * scope holds its unit) always see its results, with hidden comments and
 * their buttons; anyone else by the store's publication rule
 * (surv_results_readable: once the campaign has closed), and never hidden
 * comments.  What the results hold is the store's disclosure rule
 * (surv_results: counts only until the close, groups of at least
 * SURV_GROUP_MIN after it), the same for organisers and public: nothing
 * here decides it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/date.h"
#include "web/web_surveys_internal.h"

#define CHART_WIDTH		340	/* px: text of 13 px stays above 12 px on a 360-px phone */
#define COMMENTS_SHOWN		200	/* the organisers' page */
#define EXPORT_COMMENTS		100000	/* the XLSX's sheet of comments */

/* The results of the target campaign as the caller may see them now (a
 * new reference): the publication rule is the store's. */
static enum err
results_get(struct web *w, bool organiser, bool with_comments, json_t **out,
    struct errinfo *ei)
{
	json_t *res;
	enum err e;

	*out = NULL;
	if ((e = surv_results(w->db, w->target.id, with_comments, w->lang, &res,
	    ei)) != ERR_OK)
		return e;
	if ((e = surv_results_readable(jval_str(json_object_get(res,
	    "campaign"), "state"), organiser, ei)) != ERR_OK) {
		json_decref(res);
		return e;
	}
	*out = res;
	return ERR_OK;
}

/* "87,5 % (95 %: 84,1 – 90,2)" pieces for a rate and its interval. */
static void
rate_texts(struct req *r, struct web *w, json_t *o)
{
	json_t *rate = json_object_get(o, "rate"), *ci = json_object_get(o, "ci");

	json_object_set_new(o, "rate_text", jval_string(json_is_number(rate) ?
	    survw_pct(r->arena, json_number_value(rate), w->lang) : NULL));
	json_object_set_new(o, "ci_text", jval_string(json_array_size(ci) == 2 ?
	    arena_printf(r->arena, "%s – %s", survw_pct(r->arena,
	    json_number_value(json_array_get(ci, 0)), w->lang),
	    survw_pct(r->arena, json_number_value(json_array_get(ci, 1)),
	    w->lang)) : NULL));
}

static const char *
question_text(json_t *questions, const char *id)
{
	json_t *q;
	size_t i;

	json_array_foreach(questions, i, q)
		if (id != NULL && jval_str(q, "id") != NULL &&
		    strcmp(jval_str(q, "id"), id) == 0)
			return jval_str(q, "text");
	return id;
}

static void
results_display(struct req *r, struct web *w, json_t *view, int64_t id,
    bool organiser)
{
	json_t *camp = json_object_get(view, "campaign"), *q, *v, *cm;
	const char *state = jval_str(camp, "state");
	struct errinfo ei;
	struct buf svg;
	size_t i;

	json_object_set_new(view, "title", jval_string(jval_str(camp, "title")));
	json_object_set_new(view, "organiser", json_boolean(organiser));
	json_object_set_new(view, "provisional", json_boolean(state == NULL ||
	    strcmp(state, "closed") != 0));
	json_object_set_new(view, "state_label",
	    jval_string(msg_get(w->lang, surv_state_key(state))));
	rate_texts(r, w, view);
	json_object_set_new(view, "coverage_text", jval_string(survw_pct(r->arena,
	    json_number_value(json_object_get(view, "coverage")), w->lang)));
	json_object_set_new(view, "min_coverage_text", jval_string(survw_pct(
	    r->arena, json_number_value(json_object_get(camp, "min_coverage")),
	    w->lang)));
	json_object_set_new(view, "threshold_text", jval_string(survw_pct(
	    r->arena, json_number_value(json_object_get(camp, "threshold")),
	    w->lang)));
	json_object_set_new(view, "dates", jval_string(arena_printf(r->arena,
	    "%s – %s", date_display(r->arena, jval_str(camp, "opens_on"),
	    w->lang), date_display(r->arena, jval_str(camp, "closes_on"),
	    w->lang))));
	json_array_foreach(json_object_get(view, "questions"), i, q) {
		json_object_set_new(q, "n", json_integer((json_int_t)i + 1));
		rate_texts(r, w, q);
	}
	json_array_foreach(json_object_get(view, "villages"), i, v) {
		json_object_set_new(v, "coverage_text", jval_string(survw_pct(
		    r->arena, json_number_value(json_object_get(v, "coverage")),
		    w->lang)));
		rate_texts(r, w, v);
	}
	json_array_foreach(json_object_get(view, "comments"), i, cm) {
		const char *cid = jval_str(cm, "id");

		json_object_set_new(cm, "question", jval_string(question_text(
		    json_object_get(view, "questions"), jval_str(cm,
		    "question_id"))));
		json_object_set_new(cm, "hide_action", jval_string(arena_printf(
		    r->arena, "/campaigns/%lld/comments/%s/%s", (long long)id,
		    cid ? cid : "", json_is_true(json_object_get(cm, "hidden")) ?
		    "show" : "hide")));
	}
	/* The chart.  surv_rates_svg escapes every text it writes (labels
	 * come from the questionnaire), which is why the template may print
	 * it raw - {{{chart_svg}}} - and the only reason. */
	buf_init(&svg, 512 * 1024);
	if (json_is_true(json_object_get(view, "published")) &&
	    surv_rates_svg(view, CHART_WIDTH, w->lang, &svg, &ei) == ERR_OK) {
		const char *at = strstr(buf_cstr(&svg), "<svg");

		json_object_set_new(view, "chart_svg", jval_string(at));
	}
	buf_free(&svg);
	json_object_set_new(view, "links", json_pack("{s:o, s:o, s:o, s:o}",
	    "csv", jval_string(arena_printf(r->arena,
	    "/campaigns/%lld/results.csv", (long long)id)),
	    "xlsx", jval_string(arena_printf(r->arena,
	    "/campaigns/%lld/results.xlsx", (long long)id)),
	    "campaign", jval_string(arena_printf(r->arena, "/campaigns/%lld",
	    (long long)id)),
	    "public", jval_string(arena_printf(r->arena, "/s/%lld",
	    (long long)id))));
}

/* The results of the target campaign into view, as the caller may see
 * them. */
static enum err
results_view(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	int64_t id = w->target.id;
	bool organiser = survw_organiser(w);
	json_t *res, *all;
	enum err e;

	if ((e = results_get(w, organiser, true, &res, ei)) != ERR_OK)
		return e;
	if (organiser && json_is_true(json_object_get(res, "published"))) {
		/* The organisers moderate: hidden comments too, marked. */
		if ((e = surv_comments(w->db, id, true, COMMENTS_SHOWN, 0, &all,
		    ei)) != ERR_OK) {
			json_decref(res);
			return e;
		}
		json_object_set(res, "comments", json_object_get(all, "items"));
		json_object_set(res, "comments_total", json_object_get(all,
		    "total"));
		json_decref(all);
	}
	jval_merge(view, res);
	if (!w->json)
		results_display(r, w, view, id, organiser);
	return ERR_OK;
}

enum err
survw_results_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return results_view(r, w, view, ei);
}

/*
 * GET /surveys/{id}/results: the results of the survey's newest campaign,
 * the route's target (the page sends the browser to that campaign's
 * results).
 */
enum err
survw_survey_results(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	if (!w->json) {
		w->redirect = arena_printf(r->arena, "/campaigns/%lld/results",
		    (long long)w->target.id);
		return ERR_OK;
	}
	return results_view(r, w, view, ei);
}

/* The export of a download (the CSV takes no language: it is data). */
enum export { EXPORT_CSV, EXPORT_XLSX };

/* A download of the target campaign's results: once it has closed, the
 * same for everyone (surv_responses: shuffled, grouped, no time, no free
 * text - that is in the comments alone; the XLSX has the visible ones on
 * a sheet of their own, not linked to the responses). */
static enum err
download(struct req *r, struct web *w, enum export kind, const char *type,
    const char *ext, struct errinfo *ei)
{
	json_t *res = NULL, *rows = NULL;
	bool organiser = survw_organiser(w);
	int64_t id = w->target.id;
	enum err e;

	if ((e = results_get(w, organiser, false, &res, ei)) != ERR_OK ||
	    (e = surv_responses(w->db, id, &rows, ei)) != ERR_OK)
		goto out;
	if (kind == EXPORT_XLSX) {	/* the visible comments, a sheet */
		json_t *cm;

		if ((e = surv_comments(w->db, id, false, EXPORT_COMMENTS, 0,
		    &cm, ei)) != ERR_OK)
			goto out;
		json_object_set(res, "comments", json_object_get(cm, "items"));
		json_decref(cm);
	}
	buf_reset(&r->out);
	if ((e = kind == EXPORT_CSV ? surv_responses_csv(res,
	    json_object_get(rows, "items"), &r->out, ei) :
	    surv_results_xlsx(res, json_object_get(rows, "items"), w->lang,
	    &r->out, ei)) != ERR_OK)
		goto out;
	r->status = 200;
	r->content_type = type;
	http_add_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"survey-results-%lld.%s\"", (long long)id,
	    ext));
	http_add_header(r, "Cache-Control", "no-store");
out:
	json_decref(res);
	json_decref(rows);
	return e;
}

enum err
survw_results_csv(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	(void)view;
	return download(r, w, EXPORT_CSV, "text/csv; charset=utf-8", "csv",
	    ei);
}

enum err
survw_results_xlsx(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	(void)view;
	return download(r, w, EXPORT_XLSX, "application/"
	    "vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
	    ei);
}

/* GET /api/v1/campaigns/{id}/responses: the responses of the campaign
 * (for its officials) once it has closed - each its group and its
 * answers, shuffled, nothing else (surv_responses). */
enum err
survw_responses(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	json_t *rows;
	enum err e;

	(void)r;
	if ((e = surv_responses(w->db, w->target.id, &rows, ei)) != ERR_OK)
		return e;
	jval_merge(view, rows);
	return ERR_OK;
}

/* Hide or show one comment (the moderation of the campaign's officials). */
static enum err
comment_set(struct req *r, struct web *w, json_t *view, bool hidden,
    struct errinfo *ei)
{
	const char *cid = http_param(r, "cid");
	struct audit_actor who;
	int64_t id = w->target.id;
	size_t n;
	enum err e;

	n = cid ? strspn(cid, "0123456789abcdef") : 0;
	if (cid == NULL || n == 0 || n > 64 || cid[n] != '\0')
		return err_set(ei, ERR_NOTFOUND, "surveys.comment_not_found",
		    "cid", "Không có ý kiến này", "There is no such comment");
	web_actor(w, &who);
	if ((e = surv_comment_hide(w->db, &who, id, cid, hidden, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "id", json_string(cid));
	json_object_set_new(view, "hidden", json_boolean(hidden));
	w->redirect = arena_printf(r->arena, "/campaigns/%lld/results#comments",
	    (long long)id);
	return ERR_OK;
}

enum err
survw_comment_hide(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return comment_set(r, w, view, true, ei);
}

enum err
survw_comment_show(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return comment_set(r, w, view, false, ei);
}
