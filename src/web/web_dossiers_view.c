/*
 * web_dossiers_view.c - one dossier (routes in web_dossiers.c): the page
 * with its state, holder and deadline, the frozen evaluation beside the
 * live one per criterion with the appraisal and the comments, the
 * satisfaction result, the attachments, the council's votes, the
 * decision, the timeline, and a form for every transition the viewer may
 * take now (dos_get's "actions"), each with exactly the inputs the
 * procedure says it needs; taking a transition, commenting, and the
 * fields the commune may change.
 *
 * Every action form carries the row version the viewer read: when someone
 * else acted in between, the domain refuses with 409 "workflow.stale" and
 * the page (or the JSON) says to reload.  A refused form comes back on the
 * dossier's page with the message, the same text as the JSON error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/date.h"
#include "core/numfmt.h"
#include "web/web_dossiers_internal.h"

/* The procedure version a dossier follows (NULL if it cannot be loaded:
 * the page then shows the actions without their inputs' hints). */
static const struct wf_procedure *
dossier_procedure(struct web *w, const json_t *d)
{
	const json_t *p = json_object_get(d, "procedure");
	const struct wf_procedure *proc = NULL;
	const char *id = NULL;
	int64_t version = 0;
	struct errinfo ei;

	if (json_is_object(p)) {
		id = jval_str(p, "id");
		version = jval_int(p, "version", 0);
	} else if (json_is_string(p))
		id = json_string_value(p);
	if (id == NULL)
		id = jval_str(d, "procedure_id");
	if (version == 0)
		version = jval_int(d, "procedure_version", 0);
	if (id == NULL || wf_load(w->db, id, (int)version, &proc, &ei) !=
	    ERR_OK)
		return NULL;
	return proc;
}

/* The met state of a criterion in an evaluation result (crit_result_json:
 * "met": true/false/null), or of a dossier criterion ("status"). */
static void
mark_of(json_t *into, const char *prefix, const json_t *c)
{
	const json_t *m = json_object_get(c, "met");
	const char *s = jval_str(c, "status");
	char k1[40], k2[40], k3[40];
	bool met = false, failed = false;

	if (json_is_boolean(m)) {
		met = json_is_true(m);
		failed = !met;
	} else if (s != NULL) {
		met = strcmp(s, "met") == 0 || strcmp(s, "1") == 0;
		failed = strcmp(s, "not_met") == 0 || strcmp(s, "failed") == 0 ||
		    strcmp(s, "0") == 0;
	}
	snprintf(k1, sizeof(k1), "%s_met", prefix);
	snprintf(k2, sizeof(k2), "%s_failed", prefix);
	snprintf(k3, sizeof(k3), "%s_unknown", prefix);
	json_object_set_new(into, k1, json_boolean(met));
	json_object_set_new(into, k2, json_boolean(failed));
	json_object_set_new(into, k3, json_boolean(!met && !failed));
}

/* Keys a template reads inside a section are set (null when absent), so
 * that the lookup never finds the dossier's own key of that name. */
static void
dflt(json_t *o, const char *const *keys)
{
	for (; json_is_object(o) && *keys != NULL; keys++)
		if (json_object_get(o, *keys) == NULL)
			json_object_set_new(o, *keys, json_null());
}

/* x (a percentage) with one decimal, a comma in Vietnamese. */
static const char *
pct(struct arena *a, const json_t *x, const char *lang)
{
	if (!json_is_number(x))
		return NULL;
	return numfmt_pct_figure_a(a, json_number_value(x), lang);
}

static const json_t *
criterion_in(const json_t *evaluation, const char *id)
{
	const json_t *c;
	size_t i;

	if (id == NULL)
		return NULL;
	json_array_foreach(json_object_get(evaluation, "criteria"), i, c)
		if (jval_str(c, "id") != NULL && strcmp(jval_str(c, "id"), id) == 0)
			return c;
	return NULL;
}

static const char *
status_label(struct web *w, const char *status)
{
	if (status == NULL)
		return NULL;
	if (strcmp(status, "met") == 0)
		return msg_get(w->lang, "crit_status_met");
	if (strcmp(status, "not_met") == 0)
		return msg_get(w->lang, "crit_status_not_met");
	if (strcmp(status, "incomplete") == 0)
		return msg_get(w->lang, "crit_status_incomplete");
	return status;
}

static const char *
size_text(struct arena *a, int64_t n, const char *lang)
{
	return numfmt_bytes_a(a, (long long)n, lang);
}

/* The evaluation (frozen and live) and the criteria table. */
static void
criteria_display(struct req *r, struct web *w, json_t *view)
{
	json_t *ev = json_object_get(view, "evaluation");
	json_t *snap = json_object_get(ev, "snapshot");
	json_t *live = json_object_get(ev, "live");
	json_t *rows = json_object_get(view, "criteria"), *c;
	size_t i;

	if (json_is_object(snap))
		json_object_set_new(snap, "status_label", jval_string(status_label(w,
		    jval_str(snap, "status"))));
	if (json_is_object(live))
		json_object_set_new(live, "status_label", jval_string(status_label(w,
		    jval_str(live, "status"))));
	if (json_is_object(ev))
		json_object_set_new(ev, "snapshot_text", jval_string(date_display(
		    r->arena, jval_str(ev, "snapshot_at"), w->lang)));
	/* Without the dossier's own rows, the live evaluation's criteria. */
	if (json_array_size(rows) == 0 && json_is_object(live)) {
		rows = json_array();
		json_array_foreach(json_object_get(live, "criteria"), i, c)
			json_array_append_new(rows, json_pack("{s:O, s:O}", "id",
			    json_object_get(c, "id"), "name",
			    json_object_get(c, "name")));
		json_object_set_new(view, "criteria", rows);
	}
	json_array_foreach(rows, i, c) {
		const char *id = jval_str(c, "id"), *ap = jval_str(c, "appraisal");
		const json_t *sc = criterion_in(snap, id);
		const json_t *lc = criterion_in(live, id);
		json_t *cm;
		size_t j;

		const char *ss = jval_str(c, "snapshot_status");
		const char *ls = jval_str(c, "status");
		json_t *tmp;

		/* the frozen and live marks: from the evaluations themselves,
		 * else from the row's snapshot_status and status */
		tmp = json_pack("{s:s}", "status", ss ? ss : "");
		mark_of(c, "snap", sc != NULL ? sc : tmp);
		json_decref(tmp);
		json_object_set_new(c, "has_snap", json_boolean(sc != NULL ||
		    ss != NULL));
		tmp = json_pack("{s:s}", "status", ls ? ls : "");
		mark_of(c, "live", lc != NULL ? lc : tmp);
		json_decref(tmp);
		json_object_set_new(c, "has_live", json_boolean(lc != NULL ||
		    ls != NULL));
		json_object_set_new(c, "is_confirmed", json_boolean(ap != NULL &&
		    strcmp(ap, "confirmed") == 0));
		json_object_set_new(c, "is_disputed", json_boolean(ap != NULL &&
		    strcmp(ap, "disputed") == 0));
		static const char *const ck[] = { "appraisal", "note",
		    "comments", NULL };
		static const char *const mk[] = { "criterion", "username",
		    NULL };

		dflt(c, ck);
		json_array_foreach(json_object_get(c, "comments"), j, cm) {
			dflt(cm, mk);
			json_object_set_new(cm, "at_text", jval_string(date_display(
			    r->arena, jval_str(cm, "at"), w->lang)));
			json_object_set_new(cm, "is_reason", json_boolean(
			    jval_str(cm, "kind") != NULL && strcmp(jval_str(cm,
			    "kind"), "return_reason") == 0));
		}
	}
	{
		static const char *const mk[] = { "criterion", "username",
		    NULL };

		json_array_foreach(json_object_get(view, "comments"), i, c) {
			dflt(c, mk);
			json_object_set_new(c, "at_text", jval_string(date_display(
			    r->arena, jval_str(c, "at"), w->lang)));
		}
	}
}

/* The satisfaction result: rates as people read them. */
static void
satisfaction_display(struct req *r, struct web *w, json_t *view)
{
	json_t *sat = json_object_get(view, "satisfaction");
	static const char *const parts[] = { "frozen", "live", NULL };

	for (size_t i = 0; json_is_object(sat) && parts[i] != NULL; i++) {
		json_t *o = json_object_get(sat, parts[i]);

		if (!json_is_object(o))
			continue;
		json_object_set_new(o, "rate_text", jval_string(pct(r->arena,
		    json_object_get(o, "rate"), w->lang)));
		json_object_set_new(o, "coverage_text", jval_string(pct(r->arena,
		    json_object_get(o, "coverage"), w->lang)));
		json_object_set_new(o, "is_met", json_boolean(
		    json_is_true(json_object_get(o, "met"))));
	}
}

/* The villages' evaluations beside the smart-village evidence: each
 * status in words (crit_status_*) and whether it is met. */
static void
smart_display(struct req *r, struct web *w, json_t *view)
{
	json_t *c, *v;
	size_t i, j;

	json_array_foreach(json_object_get(json_object_get(view,
	    "smart_villages"), "communes"), i, c)
		json_array_foreach(json_object_get(c, "villages"), j, v) {
			const char *st = jval_str(v, "status");

			json_object_set_new(v, "is_met", json_boolean(st != NULL &&
			    strcmp(st, "met") == 0));
			if (st != NULL)
				json_object_set_new(v, "status_label", jval_string(
				    arena_printf(r->arena, "%s", msg_get(w->lang,
				    arena_printf(r->arena, "crit_status_%s",
				    st)))));
		}
}

/* The live attachments with their links, and the kinds of the upload
 * form (the domain names both in the viewer's language). */
static void
files_display(struct req *r, struct web *w, json_t *view, int64_t id)
{
	json_t *a, *kinds = json_array(), *live = json_array();
	size_t i;

	json_array_foreach(json_object_get(view, "attachments"), i, a) {
		int64_t aid = jval_int(a, "id", 0);

		if (jval_str(a, "removed_at") != NULL)
			continue;	/* kept for the record, not listed */
		json_array_append(live, a);
		json_object_set_new(a, "href", jval_string(arena_printf(r->arena,
		    "/dossiers/%lld/attachments/%lld", (long long)id,
		    (long long)aid)));
		json_object_set_new(a, "remove_href", jval_string(arena_printf(
		    r->arena, "/dossiers/%lld/attachments/%lld/remove",
		    (long long)id, (long long)aid)));
		json_object_set_new(a, "size_text", jval_string(size_text(r->arena,
		    jval_int(a, "size", 0), w->lang)));
		json_object_set_new(a, "at_text", jval_string(date_display(r->arena,
		    jval_str(a, "created_at"), w->lang)));
	}
	json_array_foreach(json_object_get(view, "kinds"), i, a)
		json_array_append_new(kinds, json_pack("{s:O, s:O}", "value",
		    json_object_get(a, "id"), "label", json_object_get(a,
		    "name")));
	json_object_set_new(view, "kinds", kinds);
	json_object_set_new(view, "files", live);
}

static const char *
vote_label(struct web *w, const char *v)
{
	char key[32];

	if (v == NULL || strlen(v) > 16)
		return v;
	snprintf(key, sizeof(key), "dos_vote_%s", v);
	return msg_get(w->lang, key);
}

static void
council_display(struct req *r, struct web *w, json_t *view)
{
	json_t *c = json_object_get(view, "council"), *v;
	size_t i;

	if (!json_is_object(c))
		return;
	json_array_foreach(json_object_get(c, "votes"), i, v) {
		static const char *const vk[] = { "opinion", NULL };

		dflt(v, vk);
		json_object_set_new(v, "vote_label", jval_string(vote_label(w,
		    jval_str(v, "vote"))));
		json_object_set_new(v, "at_text", jval_string(date_display(r->arena,
		    jval_str(v, "at"), w->lang)));
	}
	json_object_set_new(view, "has_votes", json_boolean(
	    json_array_size(json_object_get(c, "votes")) > 0));
}

static void
timeline_display(struct req *r, struct web *w, json_t *view)
{
	json_t *ev;
	size_t i;

	json_array_foreach(json_object_get(view, "timeline"), i, ev) {
		static const char *const tk[] = { "note", "role", "username",
		    NULL };
		const char *at = jval_str(ev, "at");

		dflt(ev, tk);
		if (jval_str(ev, "role") != NULL && strlen(jval_str(ev, "role")) < 24)
			json_object_set_new(ev, "role_label", jval_string(
			    web_role_label(w->lang, jval_str(ev, "role"))));

		json_object_set_new(ev, "at_text", jval_string(at != NULL &&
		    strlen(at) >= 16 ? arena_printf(r->arena, "%s %.5s",
		    date_display(r->arena, at, w->lang), at + 11) : at));
		json_object_set_new(ev, "moved", json_boolean(
		    jval_str(ev, "from") != NULL && jval_str(ev, "to") != NULL &&
		    strcmp(jval_str(ev, "from"), jval_str(ev, "to")) != 0));
	}
}

/* A requirement of an action as the domain lists it ("needs"), for when
 * the procedure itself cannot be read. */
static bool
needs(const json_t *action, const char *what)
{
	return json_is_true(json_object_get(json_object_get(action, "needs"),
	    what));
}

/* The missing items of an action as readable lines (the domain wrote
 * each one's message in the viewer's language). */
static json_t *
missing_lines(const json_t *action)
{
	json_t *out = json_array(), *m;
	size_t i;

	json_array_foreach(json_object_get(action, "missing"), i, m)
		if (jval_str(m, "message") != NULL)
			json_array_append_new(out, json_string(jval_str(m,
			    "message")));
	return out;
}

/* Every action the viewer may take, with the inputs its form needs. */
/* The indicators of criterion id in the live evaluation as people read
 * them: [{name, text}] ("Tỷ lệ …", the evaluation's explanation with
 * the value and the threshold). */
static json_t *
ev_values(json_t *ev, const char *id)
{
	const json_t *c = criterion_in(json_object_get(ev, "live"), id);
	json_t *out = json_array(), *ind;
	size_t i;

	json_array_foreach(json_object_get(c, "indicators"), i, ind) {
		const char *name = jval_str(ind, "name"),
		    *text = jval_str(ind, "explanation");

		if (name != NULL && text != NULL)
			json_array_append_new(out, json_pack("{s:s, s:s}",
			    "name", name, "text", text));
	}
	return out;
}

static void
actions_display(struct req *r, json_t *view, int64_t id,
    const struct wf_procedure *proc)
{
	json_t *actions = json_object_get(view, "actions"), *a;
	json_t *rows = json_object_get(view, "criteria");
	int64_t rv = jval_int(view, "row_version", 0);
	size_t i;

	json_array_foreach(actions, i, a) {
		const char *tid = jval_str(a, "id");
		const struct wf_transition *t = proc != NULL && tid != NULL ?
		    wf_transition_find(proc, tid) : NULL;
		const struct wf_state *to = t != NULL && t->to != NULL ?
		    wf_state_find(proc, t->to) : NULL;
		bool reason = t ? t->req.reason : needs(a, "reason");
		bool appraisal = t ? t->req.appraisal : needs(a, "appraisal");
		bool decision = t ? t->req.decision : needs(a, "decision");
		bool vote = t ? t->req.vote : needs(a, "vote");
		bool justify = t ? t->req.justification_may_override :
		    needs(a, "justification_may_override");
		json_t *crit = json_array(), *c;
		size_t j;

		json_object_set_new(a, "href", jval_string(arena_printf(r->arena,
		    "/dossiers/%lld/actions/%s", (long long)id, tid)));
		json_object_set_new(a, "row_version", json_integer(rv));
		json_object_set_new(a, "need_reason", json_boolean(reason));
		json_object_set_new(a, "need_appraisal", json_boolean(appraisal));
		json_object_set_new(a, "need_decision", json_boolean(decision));
		json_object_set_new(a, "need_vote", json_boolean(vote));
		json_object_set_new(a, "may_justify", json_boolean(justify));
		json_object_set_new(a, "is_primary", json_boolean(
		    (t != NULL && t->primary) ||
		    json_is_true(json_object_get(a, "primary"))));
		/* A return to the commune takes reasons per criterion. */
		json_object_set_new(a, "per_criterion", json_boolean(
		    reason && to != NULL && to->editable));
		json_object_set_new(a, "missing_lines", missing_lines(a));
		/* No choice is made for the appraiser: a criterion shows
		 * its evaluation beside two choices, none checked until it
		 * has been appraised. */
		if (appraisal || (reason && to != NULL && to->editable))
			json_array_foreach(rows, j, c) {
				const char *ap = jval_str(c, "appraisal");

				json_array_append_new(crit, json_pack(
				    "{s:O, s:O, s:b, s:b, s:o, s:o, s:s, s:o, "
				    "s:o, s:o, s:o, s:o}", "id",
				    json_object_get(c, "id"), "name",
				    json_object_get(c, "name"), "confirmed",
				    ap != NULL && strcmp(ap, "confirmed") == 0,
				    "disputed", ap != NULL &&
				    strcmp(ap, "disputed") == 0, "note",
				    jval_str(c, "note") ? json_string(jval_str(c,
				    "note")) : json_string(""), "version",
				    jval_str(c, "version") ? json_string(jval_str(
				    c, "version")) : json_string(""), "form_id",
				    tid, "ev_met", json_boolean(json_is_true(
				    json_object_get(c, "live_met"))), "ev_failed",
				    json_boolean(json_is_true(json_object_get(c,
				    "live_failed"))), "ev_unknown", json_boolean(
				    !json_is_true(json_object_get(c, "live_met")) &&
				    !json_is_true(json_object_get(c,
				    "live_failed"))), "ev_values", ev_values(
				    json_object_get(view, "evaluation"), jval_str(c,
				    "id")), "unchosen", json_false()));
			}
		json_object_set_new(a, "criteria_inputs", crit);
	}
	json_object_set_new(view, "has_actions", json_boolean(
	    json_array_size(actions) > 0));
}

/* The fields of a transition's form a refusal puts back as typed. */
static const char *const typed_fields[] = { "note", "justification",
	"decision_no", "decision_date", "decision_signer", "opinion", "vote",
	NULL };

/* A council member's vote as the form's radio buttons know it:
 * typed.vote_<choice> is true for the one sent. */
static const char *const vote_choices[] = { "vote_approve", "vote_reject",
	"vote_abstain", NULL };

/* Every action's "typed" (what its form shows in its inputs): empty, so
 * that a lookup inside an action never reads the dossier's own keys. */
static void
typed_empty(json_t *view)
{
	json_t *a;
	size_t i;

	json_array_foreach(json_object_get(view, "actions"), i, a) {
		json_t *t = json_object();

		for (size_t k = 0; typed_fields[k] != NULL; k++)
			json_object_set_new(t, typed_fields[k], json_string(""));
		for (size_t k = 0; vote_choices[k] != NULL; k++)
			json_object_set_new(t, vote_choices[k], json_false());
		json_object_set_new(a, "typed", t);
	}
}

/* The update form's campaigns: the unit's, by title (the domain's list),
 * the linked one chosen - or a refused form's choice. */
static enum err
update_choices(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const json_t *u = json_object_get(view, "unit");
	const char *posted = http_form(r, "campaign_id");
	int64_t current = jval_int(json_object_get(view, "satisfaction"),
	    "campaign_id", 0);
	json_t *choices;
	enum err e;

	if (posted != NULL && posted[0] != '\0')
		current = strtoll(posted, NULL, 10);
	if ((e = dos_campaign_choices(w->db, jval_str(u, "structure"),
	    jval_str(u, "code"), w->lang, current, &choices, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "campaign_choices", choices);
	json_object_set_new(view, "has_campaign", json_boolean(jval_int(
	    json_object_get(view, "satisfaction"), "campaign_id", 0) > 0));
	return ERR_OK;
}

/* The dossier's page and JSON. */
static enum err
build(struct req *r, struct web *w, json_t *view, int64_t id,
    struct errinfo *ei)
{
	const struct wf_procedure *proc;
	const char *name, *ref, *done;
	json_t *d, *st;
	enum err e;

	if ((e = dos_get(w->db, w->who, id, w->lang, &d, ei)) != ERR_OK)
		return e;
	jval_merge(view, d);
	if (w->json)
		return ERR_OK;
	proc = dossier_procedure(w, view);
	dosw_unit(r, json_object_get(view, "unit"), &name, &ref);
	json_object_set_new(view, "unit_name", jval_string(name));
	json_object_set_new(view, "unit_ref", jval_string(ref));
	json_object_set(view, "title_id", json_object_get(view, "title"));
	json_object_set_new(view, "title_label", jval_string(dosw_title_label(w,
	    jval_str(view, "title"))));
	json_object_set_new(view, "is_revocation", json_boolean(
	    jval_str(view, "kind") != NULL && strcmp(jval_str(view, "kind"),
	    "revocation") == 0));
	/* the layout's <title>: the unit and the dossier's number */
	json_object_set_new(view, "title", jval_string(arena_printf(r->arena,
	    "%s %lld · %s", msg_get(w->lang, "dos_dossier"), (long long)id,
	    name ? name : "")));
	st = json_object_get(view, "state");
	dosw_state_display(r, w, st);
	json_object_set_new(view, "is_terminal", json_boolean(
	    json_is_true(json_object_get(st, "terminal"))));
	if (proc != NULL) {
		const struct wf_state *s = wf_state_find(proc,
		    jval_str(st, "id") ? jval_str(st, "id") : "");

		json_object_set_new(view, "procedure_name", jval_string(wf_text(
		    &proc->name, w->lang)));
		json_object_set_new(view, "procedure_href", jval_string(arena_printf(
		    r->arena, "/procedures/%s?version=%d", proc->id,
		    proc->version)));
		json_object_set_new(view, "is_editable", json_boolean(s != NULL &&
		    s->editable));
		if (s != NULL && s->terminal)
			json_object_set_new(view, "is_terminal", json_true());
	}
	criteria_display(r, w, view);
	files_display(r, w, view, id);
	smart_display(r, w, view);
	council_display(r, w, view);
	satisfaction_display(r, w, view);
	timeline_display(r, w, view);
	actions_display(r, view, id, proc);
	json_object_set_new(view, "links", json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}",
	    "self", jval_string(arena_printf(r->arena, "/dossiers/%lld",
	    (long long)id)),
	    "summary", jval_string(arena_printf(r->arena,
	    "/dossiers/%lld/summary.pdf", (long long)id)),
	    "decision", jval_string(arena_printf(r->arena,
	    "/dossiers/%lld/decision.pdf", (long long)id)),
	    "attach", jval_string(arena_printf(r->arena,
	    "/dossiers/%lld/attachments", (long long)id)),
	    "comment", jval_string(arena_printf(r->arena,
	    "/dossiers/%lld/comments", (long long)id)),
	    "unit_dossiers", jval_string(ref ? arena_printf(r->arena,
	    "/dossiers?unit=%s", ref) : NULL)));
	{
		json_t *dec = json_object_get(view, "decision");

		json_object_set_new(view, "is_decided", json_boolean(
		    json_is_object(dec) && (jval_str(dec, "no") != NULL ||
		    jval_str(dec, "decision_no") != NULL)));
		if (json_is_object(dec))
			json_object_set_new(dec, "date_text", jval_string(date_display(
			    r->arena, jval_str(dec, "date") ? jval_str(dec, "date") :
			    jval_str(dec, "decision_date"), w->lang)));
	}
	{
		json_t *sat = json_object_get(view, "satisfaction");
		int64_t cid = jval_int(sat, "campaign_id", 0);

		if (cid > 0)
			json_object_set_new(sat, "href", jval_string(arena_printf(
			    r->arena, "/campaigns/%lld/results", (long long)cid)));
	}
	if ((done = web_qtext(w, "done")) != NULL)
		json_object_set_new(view, "done", jval_string(done));
	json_object_set_new(view, "can_attach", json_boolean(
	    json_is_true(json_object_get(view, "may_attach"))));
	json_object_set_new(view, "can_update", json_boolean(
	    web_holds(w, DOSW_CREATORS) && json_is_true(json_object_get(view,
	    "is_editable"))));
	typed_empty(view);
	if (json_is_true(json_object_get(view, "can_update")))
		return update_choices(r, w, view, ei);
	return ERR_OK;
}

enum err
dosw_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	return build(r, w, view, w->target.id, ei);
}

/* A refused form keeps the page its handler built.  A form the router
 * refused is shown on the dossier's page only to a reader of the dossier
 * (what the page offers): a refusal for the scope shows nothing of what
 * it refused. */
enum err
dosw_form_view(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const char *s, *c;
	int64_t id;
	enum err e;

	if (json_object_get(view, "state") != NULL)
		return ERR_OK;
	if ((e = web_path_id(r, "id", "dossiers.not_found", &id, ei)) !=
	    ERR_OK || (e = dos_unit_of(w->db, r->arena, id, &s, &c, ei)) !=
	    ERR_OK)
		return e;
	if (!web_can(w, DOSW_READERS, s, c))
		return ERR_FORBIDDEN;
	return build(r, w, view, id, ei);
}

/* ---- writes ---------------------------------------------------------------- */

enum err
dosw_begin_write(struct req *r, struct web *w, json_t *view, int64_t *id,
    struct errinfo *ei)
{
	*id = w->target.id;
	if (!w->json)
		return build(r, w, view, *id, ei);
	return ERR_OK;
}

/* ERR_INVALID: campaign_id is not one of a campaign. */
static enum err
bad_campaign(struct errinfo *ei)
{
	return err_set(ei, ERR_INVALID, "request.bad_number", "campaign_id",
	    "Hãy chọn đợt khảo sát trong danh sách",
	    "Choose the survey campaign from the list");
}

/* The row version the client read: a JSON integer or the form's text. */
static enum err
row_version(struct req *r, struct web *w, int64_t *out, struct errinfo *ei)
{
	json_t *j = w->body ? json_object_get(w->body, "row_version") : NULL;
	const char *s;
	char *end;
	enum err e;

	if (json_is_integer(j)) {
		*out = json_integer_value(j);
		return ERR_OK;
	}
	if ((e = web_field(r, w, "row_version", 20, true, &s, ei)) != ERR_OK)
		return e;
	*out = strtoll(s, &end, 10);
	if (*end != '\0' || *out <= 0)
		return err_set(ei, ERR_INVALID, "request.bad_number",
		    "row_version", "Biểu mẫu thiếu phiên bản hồ sơ đã mở: hãy "
		    "tải lại trang", "The form lacks the version of the dossier "
		    "it was opened at: reload the page");
	return ERR_OK;
}

/*
 * The per-criterion part of a form: "a.<id>" = confirmed | disputed with
 * "an.<id>" its note and "av.<id>" the version of the appraisal the page
 * showed (an appraisal), or "r.<id>" = a reason (a return).  Every
 * criterion the appraisal form shows sends its "av.<id>": one without a
 * choice goes to the domain with none, which names it.  NULL when the
 * form has none.
 */
static enum err
form_criteria(struct req *r, struct web *w, json_t **out,
    struct errinfo *ei)
{
	json_t *o = json_object();
	enum err e = ERR_OK;

	*out = NULL;
	for (size_t i = 0; i < r->nform && e == ERR_OK; i++) {
		const char *k = r->form_names[i], *v, *note, *ver;

		if (strncmp(k, "av.", 3) == 0 && k[3] != '\0') {
			const char *id = k + 3;

			if ((e = web_field(r, w, k, 16, false, &ver, ei)) !=
			    ERR_OK ||
			    (e = web_field(r, w, arena_printf(r->arena, "a.%s",
			    id), 16, false, &v, ei)) != ERR_OK ||
			    (e = web_field(r, w, arena_printf(r->arena, "an.%s",
			    id), DOS_TEXT_MAX, false, &note, ei)) != ERR_OK)
				break;
			json_object_set_new(o, id, json_pack("{s:o, s:o, s:o}",
			    "appraisal", v != NULL ? json_string(v) : json_null(),
			    "note", note != NULL ? json_string(note) :
			    json_null(), "version", ver != NULL ?
			    json_string(ver) : json_null()));
		} else if (strncmp(k, "a.", 2) == 0 && k[2] != '\0') {
			if (json_object_get(o, k + 2) != NULL ||
			    http_form(r, arena_printf(r->arena, "av.%s",
			    k + 2)) != NULL)
				continue;	/* taken with its version */
			if ((e = web_field(r, w, k, 16, false, &v, ei)) != ERR_OK ||
			    v == NULL)
				continue;
			if ((e = web_field(r, w, arena_printf(r->arena, "an.%s",
			    k + 2), DOS_TEXT_MAX, false, &note, ei)) != ERR_OK)
				break;
			json_object_set_new(o, k + 2, json_pack("{s:s, s:o}",
			    "appraisal", v, "note", jval_string(note)));
		} else if (strncmp(k, "r.", 2) == 0 && k[2] != '\0') {
			if ((e = web_field(r, w, k, DOS_TEXT_MAX, false, &v,
			    ei)) != ERR_OK || v == NULL)
				continue;
			json_object_set_new(o, k + 2, json_string(v));
		}
	}
	if (e != ERR_OK || json_object_size(o) == 0) {
		json_decref(o);
		return e;
	}
	*out = o;
	return ERR_OK;
}

/* The per-criterion part of a transition: the JSON body's "criteria"
 * object, or the form's fields (form_criteria).  NULL when none. */
static enum err
action_criteria(struct req *r, struct web *w, json_t **out,
    struct errinfo *ei)
{
	json_t *c;

	*out = NULL;
	if (w->body == NULL)
		return form_criteria(r, w, out, ei);
	c = json_object_get(w->body, "criteria");
	if (c != NULL && !json_is_null(c) && !json_is_object(c))
		return err_set(ei, ERR_INVALID, "request.bad_field", "criteria",
		    "Kết quả thẩm tra phải ghi theo từng tiêu chí",
		    "The appraisal is given criterion by criterion");
	*out = json_is_object(c) ? json_incref(c) : NULL;
	return ERR_OK;
}

/* The fields of a transition (all optional here: the domain says which
 * the transition needs). */
static enum err
action_fields(struct req *r, struct web *w, struct dos_action *a,
    struct errinfo *ei)
{
	enum err e;

	if ((e = row_version(r, w, &a->row_version, ei)) != ERR_OK ||
	    (e = web_field(r, w, "note", DOS_TEXT_MAX, false, &a->note, ei)) !=
	    ERR_OK ||
	    (e = web_field(r, w, "justification", DOS_JUSTIFICATION_MAX, false,
	    &a->justification, ei)) != ERR_OK ||
	    (e = web_field(r, w, "decision_no", 100, false, &a->decision_no,
	    ei)) != ERR_OK ||
	    (e = web_field(r, w, "decision_date", 10, false, &a->decision_date,
	    ei)) != ERR_OK ||
	    (e = web_field(r, w, "decision_signer", 200, false,
	    &a->decision_signer, ei)) != ERR_OK ||
	    (e = web_field(r, w, "vote", 16, false, &a->vote, ei)) != ERR_OK)
		return e;
	return web_field(r, w, "opinion", DOS_TEXT_MAX, false, &a->opinion,
	    ei);
}

enum err
dosw_written(struct req *r, struct web *w, json_t *view, int64_t id,
    const char *done, const char *anchor, struct errinfo *ei)
{
	json_t *d;
	enum err e;

	json_object_clear(view);
	if (!w->json) {
		w->redirect = arena_printf(r->arena, "/dossiers/%lld?done=%s%s",
		    (long long)id, done, anchor);
		return ERR_OK;
	}
	if ((e = dos_get(w->db, w->who, id, w->lang, &d, ei)) != ERR_OK)
		return e;
	jval_merge(view, d);
	return ERR_OK;
}

/* The message of a stale row version, the same on the page and in JSON. */
static enum err
stale(enum err e, struct errinfo *ei)
{
	if (e == ERR_CONFLICT && strcmp(ei->code, "workflow.stale") == 0)
		err_set(ei, ERR_CONFLICT, "workflow.stale", "row_version",
		    "người khác vừa xử lý hồ sơ này: hãy tải lại trang để xem "
		    "trạng thái mới rồi thử lại", "someone else has just acted "
		    "on this dossier: reload the page to see its new state, "
		    "then try again");
	return e;
}

/* A refused transition's form comes back as it was typed: its fields,
 * the choices and notes sent on its criteria; every criterion left
 * without a choice is marked and listed at the top (web_problem), named
 * as the page names it and linked to its choice. */
static void
keep_typed(struct req *r, struct web *w, json_t *view, const char *tr,
    json_t *sent, const struct errinfo *ei)
{
	json_t *a, *c, *typed;
	size_t i, j;
	bool unchosen = strcmp(ei->code, "dossiers.unchosen") == 0;

	json_array_foreach(json_object_get(view, "actions"), i, a) {
		if (jval_str(a, "id") == NULL || strcmp(jval_str(a, "id"), tr) != 0)
			continue;
		typed = json_object_get(a, "typed");
		for (size_t k = 0; typed != NULL && typed_fields[k] != NULL; k++) {
			const char *v = http_form(r, typed_fields[k]);

			if (v != NULL)
				json_object_set_new(typed, typed_fields[k],
				    json_string(v));
		}
		for (size_t k = 0; typed != NULL && vote_choices[k] != NULL; k++) {
			const char *v = http_form(r, "vote");

			json_object_set_new(typed, vote_choices[k], json_boolean(
			    v != NULL && strcmp(v, vote_choices[k] + 5) == 0));
		}
		json_array_foreach(json_object_get(a, "criteria_inputs"), j, c) {
			const char *cid = jval_str(c, "id");
			json_t *v = cid != NULL ? json_object_get(sent, cid) : NULL;
			const char *ap = jval_str(v, "appraisal");
			struct errinfo one;

			if (!json_is_object(v))
				continue;
			json_object_set_new(c, "confirmed", json_boolean(ap != NULL &&
			    strcmp(ap, "confirmed") == 0));
			json_object_set_new(c, "disputed", json_boolean(ap != NULL &&
			    strcmp(ap, "disputed") == 0));
			json_object_set_new(c, "note", json_string(jval_str(v,
			    "note") ? jval_str(v, "note") : ""));
			if (!unchosen || (ap != NULL && ap[0] != '\0'))
				continue;
			json_object_set_new(c, "unchosen", json_true());
			err_set_texts(&one, ERR_INVALID, "dossiers.unchosen",
			    arena_printf(r->arena, "criteria.%s", cid),
			    arena_printf(r->arena, "%s %s. %s", msg_get("vi",
			    "dos_choose_for"), cid, jval_str(c, "name") ?
			    jval_str(c, "name") : ""), arena_printf(r->arena,
			    "%s %s. %s", msg_get("en", "dos_choose_for"), cid,
			    jval_str(c, "name") ? jval_str(c, "name") : ""));
			web_problem(w, &one, arena_printf(r->arena, "ap-%s-%s",
			    tr, cid));
		}
	}
}

/* The input of form a problem about field is linked to (see
 * dossiers/dossier.html for the ids). */
static const char *
anchor_of(struct req *r, const char *form, bool appraising, const char *field)
{
	static const struct { const char *field, *prefix; } act[] = {
		{ "note", "note-" }, { "justification", "just-" },
		{ "decision_no", "dno-" }, { "decision_date", "ddate-" },
		{ "decision_signer", "dsigner-" }, { "opinion", "opinion-" },
		{ "vote", "vote-" },
	};

	if (field == NULL || field[0] == '\0')
		field = "";
	if (strncmp(field, "attachments.", 12) == 0 ||
	    strcmp(form, "attach") == 0)
		return strcmp(field, "kind") == 0 ? "kind" :
		    strcmp(field, "file") == 0 ? "file" : "files";
	if (strcmp(field, "checks.evaluation_met") == 0)
		return "evaluation";
	if (strcmp(field, "checks.satisfaction_met") == 0 ||
	    strcmp(field, "campaign_id") == 0)
		return strcmp(form, "update") == 0 ? "u-campaign" :
		    "satisfaction";
	if (strcmp(form, "comment") == 0)
		return strcmp(field, "criterion") == 0 ? "c-criterion" :
		    "c-body";
	if (strcmp(form, "update") == 0)
		return strcmp(field, "justification") == 0 ? "u-just" :
		    "update";
	if (strncmp(field, "criteria.", 9) == 0)	/* appraisal or reason */
		return arena_printf(r->arena, appraising ? "ap-%s-%s" : "r-%.0s%s",
		    form, field + 9);
	for (size_t i = 0; i < sizeof(act) / sizeof(act[0]); i++)
		if (strcmp(field, act[i].field) == 0)
			return arena_printf(r->arena, "%s%s", act[i].prefix, form);
	return arena_printf(r->arena, "act-%s", form);
}

enum err
dosw_refused(struct req *r, struct web *w, json_t *view, const char *form,
    enum err e, const struct errinfo *ei)
{
	if (e == ERR_OK || w->json)
		return e;
	if (json_array_size(w->problems) == 0) {
		const json_t *a;
		bool appraising = false;
		size_t i;

		json_array_foreach(json_object_get(view, "actions"), i, a)
			if (jval_str(a, "id") != NULL && strcmp(jval_str(a, "id"),
			    form) == 0)
				appraising = json_is_true(json_object_get(a,
				    "need_appraisal"));
		web_problem(w, ei, anchor_of(r, form, appraising, ei->field));
	}
	if (strcmp(ei->code, "workflow.stale") == 0)
		json_object_set_new(view, "is_stale", json_true());
	return e;
}

enum err
dosw_act(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct dos_action a = { 0 };
	const char *tr = http_param(r, "transition");
	int64_t id;
	enum err e;

	if ((e = dosw_begin_write(r, w, view, &id, ei)) != ERR_OK)
		return e;
	if (tr == NULL || strlen(tr) > 64)
		return err_set(ei, ERR_NOTFOUND, "workflow.no_transition",
		    "transition", "không có bước xử lý này",
		    "there is no such transition");
	a.transition = tr;
	if ((e = action_fields(r, w, &a, ei)) == ERR_OK &&
	    (e = action_criteria(r, w, &a.criteria, ei)) == ERR_OK) {
		/* The page above was read in a snapshot: a write starts
		 * afresh (a statement left open would make SQLite refuse the
		 * write lock). */
		db_end_reads(w->db);
		e = stale(dos_act(w->db, w->who, id, &a, ei), ei);
	}
	if (e != ERR_OK && !w->json)
		keep_typed(r, w, view, tr, a.criteria, ei);
	json_decref(a.criteria);
	if (e != ERR_OK)
		return dosw_refused(r, w, view, tr, e, ei);
	return dosw_written(r, w, view, id, tr, "", ei);
}

enum err
dosw_comment(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct audit_actor who;
	const char *criterion, *body;
	int64_t id;
	enum err e;

	struct errinfo one;

	if ((e = dosw_begin_write(r, w, view, &id, ei)) != ERR_OK)
		return e;
	if (web_field(r, w, "criterion", 32, false, &criterion, &one) != ERR_OK)
		web_problem(w, &one, w->json ? NULL : "c-criterion");
	if (web_field(r, w, "body", DOS_TEXT_MAX, true, &body, &one) != ERR_OK)
		web_problem(w, &one, w->json ? NULL : "c-body");
	if ((e = web_problems(w, ei)) != ERR_OK)
		return dosw_refused(r, w, view, "comment", e, ei);
	web_actor(w, &who);
	db_end_reads(w->db);
	if ((e = dos_comment(w->db, &who, id, criterion, body, ei)) != ERR_OK)
		return dosw_refused(r, w, view, "comment", e, ei);
	return dosw_written(r, w, view, id, "comment", "", ei);
}

/* campaign_id of an update: a number links (*out > 0), null (JSON) or
 * "none" unlinks (-1), absent or empty keeps (0). */
static enum err
update_campaign(struct req *r, struct web *w, int64_t *out,
    struct errinfo *ei)
{
	json_t *j = w->body ? json_object_get(w->body, "campaign_id") : NULL;
	const char *s;
	char *end;
	enum err e;

	*out = 0;
	if (json_is_integer(j))
		*out = json_integer_value(j);
	else if (w->body != NULL && j != NULL && json_is_null(j))
		*out = -1;
	else if ((e = web_field(r, w, "campaign_id", 20, false, &s, ei)) !=
	    ERR_OK)
		return e;
	else if (s != NULL && strcmp(s, "none") == 0)
		*out = -1;
	else if (s != NULL) {
		*out = strtoll(s, &end, 10);
		if (*end != '\0' || *out <= 0)
			return bad_campaign(ei);
	}
	if (*out < -1)
		return bad_campaign(ei);
	return ERR_OK;
}

enum err
dosw_update(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *just;
	int64_t id, rv, campaign;
	enum err e;

	struct errinfo one;

	if ((e = dosw_begin_write(r, w, view, &id, ei)) != ERR_OK)
		return e;
	if (row_version(r, w, &rv, &one) != ERR_OK)
		web_problem(w, &one, w->json ? NULL : "update");
	if (web_field(r, w, "justification", DOS_JUSTIFICATION_MAX, false,
	    &just, &one) != ERR_OK)
		web_problem(w, &one, w->json ? NULL : "u-just");
	if (update_campaign(r, w, &campaign, &one) != ERR_OK)
		web_problem(w, &one, w->json ? NULL : "u-campaign");
	if ((e = web_problems(w, ei)) != ERR_OK)
		return dosw_refused(r, w, view, "update", e, ei);
	db_end_reads(w->db);
	if ((e = dos_update(w->db, w->who, id, rv, campaign, just, ei)) !=
	    ERR_OK)
		return dosw_refused(r, w, view, "update", stale(e, ei), ei);
	return dosw_written(r, w, view, id, "update", "", ei);
}
