/*
 * wf_doc.c - reading and validating a procedure document (format
 * "ntm-procedure/1", docs/WORKFLOW.md) into a struct wf_procedure.
 *
 * The document is checked completely before a procedure exists: the
 * top-level fields, the attachment kinds, the states, the transitions
 * (every state, role, check and attachment kind they name must exist),
 * then the graph: every state reachable from the initial one, every
 * non-terminal state with a way out and a path to some terminal state.
 * The first fault stops the parse with ERR_INVALID
 * "workflow.bad_procedure", errinfo.field set to its JSON path
 * ("transitions[4].from[0]") and a message in both languages starting
 * with it.
 *
 * Unknown keys are refused: procedures are written by hand, and a
 * misspelt "requries" silently ignored would let a dossier through
 * without its checks.  Texts are stored in NFC, written back into the
 * procedure's copy of the document.  Every string lives in one arena.
 * The readers of single members are in wf_doc_fields.c.
 */
#include <stdlib.h>
#include <string.h>

#include "core/jdoc.h"
#include "core/msg.h"
#include "domain/workflow/wf_internal.h"

#define NOTE_MAX_B	4000	/* bytes of status_note */

const char *const wf_level_names[WF_LEVELS] = {
	"unit", "district", "province", "country", "above"
};

const char *const wf_check_names[] = {
	"evaluation_met", "satisfaction_met", "appraisal_complete",
	"council_majority", "revocation_rule", "smart_village_met", NULL
};

/* "expired": a subject whose standing lapsed with time (an OCOP
 * certificate past its last valid day), neither withdrawn nor revoked. */
static const char *const outcome_names[] = {
	"recognised", "revoked", "rejected", "withdrawn", "expired", NULL
};
static const char *const effect_names[] = { "recognise", "revoke", NULL };
static const char *const structure_names[] = { "pre2025", "2025", NULL };
static const struct wf_text structure_what = { "cấu trúc đơn vị",
	"unit structure" };
static const struct wf_text kind_what = {
	"loại tài liệu (attachment_kinds)", "attachment kind (attachment_kinds)"
};
static const struct wf_text check_what = { "điều kiện kiểm tra", "check" };
static const char *const unit_levels[] = {
	"country", "province", "district", "commune", "village", "any", NULL
};

static const char *const top_keys[] = {
	"format", "id", "version", "name", "name_en", "kind", "legal_basis",
	"status_note", "applies_to", "create", "initial", "attachment_kinds",
	"states", "transitions", "successors_act", NULL
};
static const char *const applies_keys[] = {
	"structures", "level", "titles", "sets", NULL
};
static const char *const create_keys[] = { "roles", "level", NULL };
static const char *const kind_keys[] = { "id", "name", "name_en", NULL };
static const char *const state_keys[] = {
	"id", "name", "name_en", "holder", "due_days", "editable", "terminal",
	"outcome", "settled", NULL
};
static const char *const transition_keys[] = {
	"id", "name", "name_en", "from", "to", "roles", "level", "primary",
	"effect", "requires", NULL
};
static const char *const requires_keys[] = {
	"attachments", "checks", "reason", "justification_may_override",
	"appraisal", "decision", "vote", "quorum", NULL
};

/* ---- sections ---- */

static enum err
parse_head(struct wf_parse *ps, json_t *root)
{
	struct wf_procedure *p = ps->p;
	json_t *v, *ap, *cr;
	long version;
	enum err e;

	if ((e = wfp_only_keys(ps, root, "", top_keys)) != ERR_OK)
		return e;
	v = json_object_get(root, "format");
	if (!json_is_string(v) || strcmp(json_string_value(v), WF_FORMAT) != 0)
		return wfp_bad(ps, "format", "cần \"%s\"", "\"%s\" is expected",
		    WF_FORMAT);
	if ((e = wfp_req_id(ps, root, "", "id", &p->id)) != ERR_OK)
		return e;
	if (json_object_get(root, "version") == NULL)
		return wfp_bad(ps, "version", "thiếu trường bắt buộc",
		    "a required field is missing");
	if ((e = wfp_opt_int(ps, root, "", "version", 1, 100000, 0,
	    &version)) != ERR_OK)
		return e;
	p->version = (int)version;
	if ((e = wfp_names(ps, root, "", &p->name)) != ERR_OK ||
	    (e = wfp_req_id(ps, root, "", "kind", &p->kind)) != ERR_OK ||
	    (e = wfp_req_text(ps, root, "", "legal_basis", 1000,
	    &p->legal_basis)) != ERR_OK ||
	    (e = wfp_opt_text(ps, root, "", "status_note", NOTE_MAX_B,
	    &p->status_note)) != ERR_OK ||
	    (e = wfp_opt_bool(ps, root, "", "successors_act",
	    &p->successors_act)) != ERR_OK)
		return e;

	ap = json_object_get(root, "applies_to");
	if ((e = wfp_need_object(ps, ap, "applies_to")) != ERR_OK ||
	    (e = wfp_only_keys(ps, ap, "applies_to", applies_keys)) != ERR_OK ||
	    (e = wfp_id_list(ps, ap, "applies_to", "structures", true, 2,
	    structure_names, &structure_what, p->structures,
	    &p->nstructures)) != ERR_OK ||
	    (e = wfp_req_id(ps, ap, "applies_to", "level",
	    &p->level)) != ERR_OK)
		return e;
	if (wfp_index_of(unit_levels, p->level) < 0)
		return wfp_bad(ps, "applies_to.level",
		    "cấp đơn vị không có: “%s”", "there is no unit level “%s”",
		    p->level);
	if ((e = wfp_id_list(ps, ap, "applies_to", "titles", false, WF_MAX_LIST,
	    NULL, NULL, p->titles, &p->ntitles)) != ERR_OK ||
	    (e = wfp_id_list(ps, ap, "applies_to", "sets", false, WF_MAX_LIST,
	    NULL, NULL, p->sets, &p->nsets)) != ERR_OK)
		return e;

	cr = json_object_get(root, "create");
	if ((e = wfp_need_object(ps, cr, "create")) != ERR_OK ||
	    (e = wfp_only_keys(ps, cr, "create", create_keys)) != ERR_OK ||
	    (e = wfp_role_mask(ps, cr, "create", &p->create_roles)) != ERR_OK ||
	    (e = wfp_level_value(ps, cr, "create", "level",
	    &p->create_level)) != ERR_OK)
		return e;
	return wfp_req_id(ps, root, "", "initial", &p->initial);
}

static enum err
parse_kinds(struct wf_parse *ps, json_t *root)
{
	char path[WF_PATH_LEN];
	json_t *arr = json_object_get(root, "attachment_kinds"), *o;
	size_t i;
	enum err e;

	if (arr == NULL || json_is_null(arr))
		return ERR_OK;
	if (!json_is_array(arr))
		return wfp_bad(ps, "attachment_kinds", "cần một mảng",
		    "an array is expected");
	if (json_array_size(arr) > WF_MAX_KINDS)
		return wfp_bad(ps, "attachment_kinds", "tối đa %d loại",
		    "at most %d kinds", WF_MAX_KINDS);
	json_array_foreach(arr, i, o) {
		struct wf_kind *k = &ps->p->kinds[i];

		wfp_at_index(path, "attachment_kinds", i);
		if ((e = wfp_need_object(ps, o, path)) != ERR_OK ||
		    (e = wfp_only_keys(ps, o, path, kind_keys)) != ERR_OK ||
		    (e = wfp_req_id(ps, o, path, "id", &k->id)) != ERR_OK ||
		    (e = wfp_names(ps, o, path, &k->name)) != ERR_OK)
			return e;
		for (size_t j = 0; j < i; j++)
			if (strcmp(ps->p->kinds[j].id, k->id) == 0)
				return wfp_bad(ps, wfp_at(path, path, "id"),
				    "mã “%s” trùng lặp", "the id “%s” is repeated",
				    k->id);
		ps->p->nkinds = i + 1;
	}
	return ERR_OK;
}

static enum err
parse_state(struct wf_parse *ps, json_t *o, const char *path,
    struct wf_state *s)
{
	char sub[WF_PATH_LEN];
	const char *outcome = NULL;
	long due;
	enum err e;

	if ((e = wfp_need_object(ps, o, path)) != ERR_OK ||
	    (e = wfp_only_keys(ps, o, path, state_keys)) != ERR_OK ||
	    (e = wfp_req_id(ps, o, path, "id", &s->id)) != ERR_OK ||
	    (e = wfp_names(ps, o, path, &s->name)) != ERR_OK ||
	    (e = wfp_level_value(ps, o, path, "holder",
	    &s->holder)) != ERR_OK ||
	    (e = wfp_opt_int(ps, o, path, "due_days", 1, 3650, -1, &due)) !=
	    ERR_OK ||
	    (e = wfp_opt_bool(ps, o, path, "editable",
	    &s->editable)) != ERR_OK ||
	    (e = wfp_opt_bool(ps, o, path, "terminal",
	    &s->terminal)) != ERR_OK ||
	    (e = wfp_opt_bool(ps, o, path, "settled",
	    &s->settled)) != ERR_OK ||
	    (e = wfp_opt_text(ps, o, path, "outcome", 40, &outcome)) != ERR_OK)
		return e;
	s->due_days = (int)due;
	if (s->terminal && outcome == NULL)
		return wfp_bad(ps, wfp_at(sub, path, "outcome"),
		    "bước kết thúc cần kết quả: recognised, revoked, "
		    "rejected, withdrawn hoặc expired", "a terminal state needs "
		    "an outcome: recognised, revoked, rejected, withdrawn or "
		    "expired");
	if (!s->terminal && outcome != NULL)
		return wfp_bad(ps, wfp_at(sub, path, "outcome"),
		    "chỉ bước kết thúc (terminal) mới có kết quả",
		    "only a terminal state has an outcome");
	if (outcome != NULL && wfp_index_of(outcome_names, outcome) < 0)
		return wfp_bad(ps, wfp_at(sub, path, "outcome"),
		    "kết quả không có: “%s” (recognised, revoked, "
		    "rejected, withdrawn, expired)", "there is no outcome “%s” "
		    "(recognised, revoked, rejected, withdrawn, expired)",
		    outcome);
	if (s->terminal && s->settled)
		return wfp_bad(ps, wfp_at(sub, path, "settled"),
		    "bước kết thúc đã đóng, không cần “settled”",
		    "a terminal state is closed: it is not “settled”");
	if (s->settled && s->due_days >= 0)
		return wfp_bad(ps, wfp_at(sub, path, "due_days"),
		    "bước đã chốt (settled) không có thời hạn",
		    "a settled state has no deadline");
	if (s->terminal && s->due_days >= 0)
		return wfp_bad(ps, wfp_at(sub, path, "due_days"),
		    "bước kết thúc không có thời hạn",
		    "a terminal state has no deadline");
	s->outcome = outcome;
	return ERR_OK;
}

static enum err
parse_states(struct wf_parse *ps, json_t *root)
{
	char path[WF_PATH_LEN];
	json_t *arr = json_object_get(root, "states"), *o;
	size_t i;
	enum err e;

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return wfp_bad(ps, "states",
		    "cần một mảng các bước, ít nhất một",
		    "an array of states is expected, at least one");
	if (json_array_size(arr) > WF_MAX_STATES)
		return wfp_bad(ps, "states", "tối đa %d bước",
		    "at most %d states", WF_MAX_STATES);
	json_array_foreach(arr, i, o) {
		wfp_at_index(path, "states", i);
		if ((e = parse_state(ps, o, path, &ps->p->states[i])) != ERR_OK)
			return e;
		if (wf_state_find(ps->p, ps->p->states[i].id) != NULL)
			return wfp_bad(ps, wfp_at(path, path, "id"),
			    "mã “%s” trùng lặp", "the id “%s” is repeated",
			    ps->p->states[i].id);
		ps->p->nstates = i + 1;
	}
	if (wf_state_find(ps->p, ps->p->initial) == NULL)
		return wfp_bad(ps, "initial", "không có bước “%s”",
		    "there is no state “%s”", ps->p->initial);
	if (wf_state_find(ps->p, ps->p->initial)->terminal)
		return wfp_bad(ps, "initial",
		    "bước đầu không thể là bước kết thúc",
		    "the initial state cannot be a terminal one");
	return ERR_OK;
}

static enum err
parse_requires(struct wf_parse *ps, json_t *o, const char *base,
    struct wf_requires *r)
{
	const char *kinds[WF_MAX_KINDS + 1];
	char path[WF_PATH_LEN], sub[WF_PATH_LEN];
	bool majority = false, overridable = false;
	long quorum;
	enum err e;

	wfp_at(path, base, "requires");
	if (o == NULL || json_is_null(o))
		return ERR_OK;
	if ((e = wfp_need_object(ps, o, path)) != ERR_OK ||
	    (e = wfp_only_keys(ps, o, path, requires_keys)) != ERR_OK)
		return e;
	for (size_t i = 0; i < ps->p->nkinds; i++)
		kinds[i] = ps->p->kinds[i].id;
	kinds[ps->p->nkinds] = NULL;
	if ((e = wfp_id_list(ps, o, path, "attachments", false, WF_MAX_LIST,
	    kinds, &kind_what, r->attachments,
	    &r->nattachments)) != ERR_OK ||
	    (e = wfp_id_list(ps, o, path, "checks", false, WF_MAX_LIST,
	    wf_check_names, &check_what, r->checks, &r->nchecks)) !=
	    ERR_OK ||
	    (e = wfp_opt_bool(ps, o, path, "reason", &r->reason)) != ERR_OK ||
	    (e = wfp_opt_bool(ps, o, path, "justification_may_override",
	    &r->justification_may_override)) != ERR_OK ||
	    (e = wfp_opt_bool(ps, o, path, "appraisal",
	    &r->appraisal)) != ERR_OK ||
	    (e = wfp_opt_bool(ps, o, path, "decision",
	    &r->decision)) != ERR_OK ||
	    (e = wfp_opt_bool(ps, o, path, "vote", &r->vote)) != ERR_OK ||
	    (e = wfp_opt_int(ps, o, path, "quorum", 1, 200, 0,
	    &quorum)) != ERR_OK)
		return e;
	r->quorum = (int)quorum;
	for (size_t i = 0; i < r->nchecks; i++) {
		majority |= strcmp(r->checks[i], "council_majority") == 0;
		overridable |= strcmp(r->checks[i], "evaluation_met") == 0 ||
		    strcmp(r->checks[i], "satisfaction_met") == 0 ||
		    strcmp(r->checks[i], "revocation_rule") == 0;
	}
	if (majority && r->quorum == 0)
		return wfp_bad(ps, wfp_at(sub, path, "quorum"),
		    "council_majority cần số phiếu tối thiểu (quorum)",
		    "council_majority needs a quorum");
	if (!majority && r->quorum > 0)
		return wfp_bad(ps, wfp_at(sub, path, "quorum"),
		    "quorum chỉ dùng với điều kiện council_majority",
		    "quorum goes only with the check council_majority");
	if (r->justification_may_override && !overridable)
		return wfp_bad(ps, wfp_at(sub, path,
		    "justification_may_override"),
		    "không có điều kiện nào (evaluation_met, satisfaction_met, "
		    "revocation_rule) để giải trình thay thế",
		    "there is no check (evaluation_met, satisfaction_met, "
		    "revocation_rule) that a justification could override");
	return ERR_OK;
}

static enum err
parse_transition(struct wf_parse *ps, json_t *o, const char *path,
    struct wf_transition *t)
{
	char sub[WF_PATH_LEN], fpath[WF_PATH_LEN];
	json_t *to;
	enum err e;

	if ((e = wfp_need_object(ps, o, path)) != ERR_OK ||
	    (e = wfp_only_keys(ps, o, path, transition_keys)) != ERR_OK ||
	    (e = wfp_req_id(ps, o, path, "id", &t->id)) != ERR_OK ||
	    (e = wfp_names(ps, o, path, &t->name)) != ERR_OK ||
	    (e = wfp_id_list(ps, o, path, "from", true, WF_MAX_FROM, NULL, NULL,
	    t->from, &t->nfrom)) != ERR_OK)
		return e;
	if (strcmp(t->id, "create") == 0)
		return wfp_bad(ps, wfp_at(sub, path, "id"),
		    "“create” là tên của sự kiện tạo hồ sơ, không dùng cho "
		    "bước chuyển", "“create” names the event that opens a "
		    "dossier, not a transition");
	wfp_at(sub, path, "from");
	for (size_t i = 0; i < t->nfrom; i++) {
		const struct wf_state *s = wf_state_find(ps->p, t->from[i]);

		wfp_at_index(fpath, sub, i);
		if (s == NULL)
			return wfp_bad(ps, fpath, "không có bước “%s”",
			    "there is no state “%s”", t->from[i]);
		if (s->terminal)
			return wfp_bad(ps, fpath,
			    "“%s” là bước kết thúc, không thể chuyển tiếp",
			    "“%s” is a terminal state: nothing leaves it",
			    t->from[i]);
	}
	to = json_object_get(o, "to");
	if (to == NULL)
		return wfp_bad(ps, wfp_at(sub, path, "to"),
		    "thiếu trường bắt buộc (null khi ở lại bước hiện tại)",
		    "a required field is missing (null to stay in the state)");
	t->to = NULL;
	if (!json_is_null(to)) {
		if ((e = wfp_id_value(ps, to, wfp_at(sub, path, "to"),
		    &t->to)) != ERR_OK)
			return e;
		if (wf_state_find(ps->p, t->to) == NULL)
			return wfp_bad(ps, sub, "không có bước “%s”",
			    "there is no state “%s”", t->to);
	}
	if ((e = wfp_role_mask(ps, o, path, &t->roles)) != ERR_OK ||
	    (e = wfp_level_value(ps, o, path, "level", &t->level)) != ERR_OK ||
	    (e = wfp_opt_bool(ps, o, path, "primary", &t->primary)) != ERR_OK ||
	    (e = wfp_opt_text(ps, o, path, "effect", 40, &t->effect)) != ERR_OK)
		return e;
	if (t->effect != NULL && wfp_index_of(effect_names, t->effect) < 0)
		return wfp_bad(ps, wfp_at(sub, path, "effect"),
		    "hiệu lực không có: “%s” (recognise, revoke)",
		    "there is no effect “%s” (recognise, revoke)", t->effect);
	if (t->effect != NULL && (t->to == NULL ||
	    !wf_state_find(ps->p, t->to)->terminal))
		return wfp_bad(ps, wfp_at(sub, path, "effect"),
		    "hiệu lực chỉ dùng cho bước chuyển tới một bước kết thúc",
		    "an effect belongs to a transition into a terminal state");
	return parse_requires(ps, json_object_get(o, "requires"), path,
	    &t->req);
}

static enum err
parse_transitions(struct wf_parse *ps, json_t *root)
{
	char path[WF_PATH_LEN];
	json_t *arr = json_object_get(root, "transitions"), *o;
	size_t i;
	enum err e;

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return wfp_bad(ps, "transitions",
		    "cần một mảng các bước chuyển, ít nhất một",
		    "an array of transitions is expected, at least one");
	if (json_array_size(arr) > WF_MAX_TRANSITIONS)
		return wfp_bad(ps, "transitions", "tối đa %d bước chuyển",
		    "at most %d transitions", WF_MAX_TRANSITIONS);
	json_array_foreach(arr, i, o) {
		struct wf_transition *t = &ps->p->transitions[i];

		wfp_at_index(path, "transitions", i);
		if ((e = parse_transition(ps, o, path, t)) != ERR_OK)
			return e;
		t->successors_act = ps->p->successors_act;
		if (wf_transition_find(ps->p, t->id) != NULL)
			return wfp_bad(ps, wfp_at(path, path, "id"),
			    "mã “%s” trùng lặp", "the id “%s” is repeated",
			    t->id);
		ps->p->ntransitions = i + 1;
	}
	return ERR_OK;
}

static size_t
state_index(const struct wf_procedure *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->nstates; i++)
		if (strcmp(p->states[i].id, id) == 0)
			break;
	return i;
}

/*
 * The graph: forward from the initial state over moves (every state must
 * be reached), backward from the ends - terminal and settled states -
 * (every state must reach one: a non-terminal state with no way out, or
 * only ways round in a circle, would strand a dossier).  A settled state
 * (an approved report) is an end the subject may rest in, though a
 * transition may leave it (reopening).
 */
static enum err
check_graph(struct wf_parse *ps)
{
	const struct wf_procedure *p = ps->p;
	bool fwd[WF_MAX_STATES] = { false }, back[WF_MAX_STATES] = { false };
	bool changed = true, any_terminal = false;
	char path[WF_PATH_LEN];

	fwd[state_index(p, p->initial)] = true;
	for (size_t i = 0; i < p->nstates; i++)
		if ((back[i] = p->states[i].terminal || p->states[i].settled))
			any_terminal = true;
	if (!any_terminal)
		return wfp_bad(ps, "states", "cần ít nhất một bước kết thúc "
		    "(terminal) hoặc đã chốt (settled)", "at least one state "
		    "must be terminal or settled");
	while (changed) {
		changed = false;
		for (size_t i = 0; i < p->ntransitions; i++) {
			const struct wf_transition *t = &p->transitions[i];
			size_t to;

			if (t->to == NULL)
				continue;
			to = state_index(p, t->to);
			for (size_t j = 0; j < t->nfrom; j++) {
				size_t from = state_index(p, t->from[j]);

				if (fwd[from] && !fwd[to])
					fwd[to] = changed = true;
				if (back[to] && !back[from])
					back[from] = changed = true;
			}
		}
	}
	for (size_t i = 0; i < p->nstates; i++) {
		bool out = false;

		if (!fwd[i])
			return wfp_bad(ps, wfp_at_index(path, "states", i),
			    "bước “%s” không thể tới được từ bước đầu “%s”",
			    "the state “%s” cannot be reached from the initial "
			    "state “%s”", p->states[i].id, p->initial);
		if (p->states[i].terminal)
			continue;
		for (size_t k = 0; k < p->ntransitions && !out; k++) {
			const struct wf_transition *t = &p->transitions[k];

			out = t->to != NULL && strcmp(t->to, p->states[i].id) &&
			    wf_transition_from(t, p->states[i].id);
		}
		if (!out)
			return wfp_bad(ps, wfp_at_index(path, "states", i),
			    "bước “%s” không phải bước kết thúc nhưng không có "
			    "bước chuyển nào ra khỏi nó", "the state “%s” is "
			    "not terminal but no transition leaves it",
			    p->states[i].id);
		if (!back[i])
			return wfp_bad(ps, wfp_at_index(path, "states", i),
			    "từ bước “%s” không thể tới một bước kết thúc "
			    "hay đã chốt", "no terminal or settled state can "
			    "be reached from the state “%s”", p->states[i].id);
	}
	return ERR_OK;
}

enum err
wf_procedure_parse(const char *text, size_t len, struct wf_procedure **out,
    struct errinfo *ei)
{
	struct wf_proc_priv *pp;
	struct wf_parse ps;
	json_t *root;
	enum err e;

	*out = NULL;
	if ((e = jdoc_load(text, len, WF_DOC_MAX, "workflow", "doc_procedure",
	    &root, ei)) != ERR_OK)
		return e;
	if (!json_is_object(root)) {
		json_decref(root);
		return err_set(ei, ERR_INVALID, "workflow.bad_procedure", "",
		    "quy trình phải là một đối tượng JSON",
		    "a procedure is a JSON object");
	}
	if ((pp = calloc(1, sizeof(*pp))) == NULL)
		abort();
	pp->a = arena_new(8 * 1024);
	pp->p.doc = root;
	ps.p = &pp->p;
	ps.a = pp->a;
	ps.ei = ei;
	if ((e = parse_head(&ps, root)) != ERR_OK ||
	    (e = parse_kinds(&ps, root)) != ERR_OK ||
	    (e = parse_states(&ps, root)) != ERR_OK ||
	    (e = parse_transitions(&ps, root)) != ERR_OK ||
	    (e = check_graph(&ps)) != ERR_OK) {
		wf_procedure_free(&pp->p);
		return e;
	}
	*out = &pp->p;
	return ERR_OK;
}

void
wf_procedure_free(struct wf_procedure *p)
{
	struct wf_proc_priv *pp = (struct wf_proc_priv *)p;

	if (p == NULL)
		return;
	json_decref(p->doc);
	arena_free(pp->a);
	free(pp);
}

/* ---- lookups ---- */

const struct wf_state *
wf_state_find(const struct wf_procedure *p, const char *id)
{
	for (size_t i = 0; id != NULL && i < p->nstates; i++)
		if (strcmp(p->states[i].id, id) == 0)
			return &p->states[i];
	return NULL;
}

const struct wf_transition *
wf_transition_find(const struct wf_procedure *p, const char *id)
{
	for (size_t i = 0; id != NULL && i < p->ntransitions; i++)
		if (strcmp(p->transitions[i].id, id) == 0)
			return &p->transitions[i];
	return NULL;
}

bool
wf_transition_from(const struct wf_transition *t, const char *state)
{
	for (size_t i = 0; state != NULL && i < t->nfrom; i++)
		if (strcmp(t->from[i], state) == 0)
			return true;
	return false;
}

const char *
wf_text(const struct wf_text *t, const char *lang)
{
	return msg_pick(lang, t->vi, t->en);
}
