/*
 * workflow_test.c - the workflow engine over a real SQLite database with
 * the real units and every procedure shipped in procedures/.
 *
 * The heart is data-driven: for every procedure file, every state and
 * every transition, a transition is allowed exactly from the states its
 * document lists (else 409 "workflow.not_allowed"), and taking it on a
 * real instance (walked there along the shortest path) moves it where the
 * document says, with the deadline of the new state; for every
 * transition, every role and every kind of binding (the unit itself,
 * another commune, its district, another district, its province in either
 * structure, another province, the country), the engine allows exactly
 * what the document's roles and level say (else 403).  The expectation
 * is read from the JSON document, not from the parsed procedure.
 *
 * Then: parser errors name their JSON path; versions are immutable and an
 * instance keeps its version; two moves from the same row version, the
 * second is stale; deadlines, NTM_TODAY and days left; the timeline and
 * the audit trail.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "core/files.h"
#include "domain/units/units.h"
#include "domain/workflow/workflow.h"
#include "testdb.h"

#define MAX_FILES 16

struct fixture {
	char dir[64];
	const char *pg;
	struct db *db;
	char *files[MAX_FILES];
	size_t nfiles;
	struct arena *a;
};

static struct fixture *fx;

/* A kind of binding relative to the instance's commune. */
struct bkind {
	const char *kind;
	const char *structure, *code;
};

/* Xã Bắc Sơn (pre2025 00379, Sóc Sơn district 016, Hà Nội 01) went
 * whole into Xã Trung Giã (2025 00385); Xã Sóc Sơn (2025 00376) was formed
 * from communes of district 016 only. */
static const struct bkind kinds_pre2025[] = {
	{ "self", "pre2025", "00379" },
	{ "other_commune", "pre2025", "00382" },
	{ "own_district", "pre2025", "016" },
	{ "other_district", "pre2025", "017" },
	{ "own_province", "pre2025", "01" },
	{ "cross_province", "2025", "01" },
	{ "other_province", "pre2025", "04" },
	{ "other_cross_province", "2025", "04" },
	{ "country", "pre2025", "VN" },
	{ "successor_commune", "2025", "00385" },
	{ "other_2025_commune", "2025", "00376" },
	{ NULL, NULL, NULL }
};
static const struct bkind kinds_2025[] = {
	{ "self", "2025", "00376" },
	{ "other_commune", "2025", "00382" },
	{ "own_district", "pre2025", "016" },
	{ "other_district", "pre2025", "017" },
	{ "own_province", "2025", "01" },
	{ "cross_province", "pre2025", "01" },
	{ "other_province", "2025", "04" },
	{ "other_cross_province", "pre2025", "04" },
	{ "country", "2025", "VN" },
	{ NULL, NULL, NULL }
};

static const struct bkind *
kinds_of(const char *structure)
{
	return strcmp(structure, "2025") == 0 ? kinds_2025 : kinds_pre2025;
}

static const struct bkind *
kind_named(const char *structure, const char *kind)
{
	for (const struct bkind *k = kinds_of(structure); k->kind; k++)
		if (strcmp(k->kind, kind) == 0)
			return k;
	fail_msg("no binding kind %s", kind);
	return NULL;
}

/* The specification of levels, independent of the engine ("above": the
 * instance's parent - a 2025 commune's province, a pre-2025 commune's
 * district - in its own structure; in a procedure whose successors act,
 * for a pre-2025 commune also the 2025 commune its area went into at
 * "unit" and the 2025 province holding it at "above"). */
static bool
level_admits(const char *level, const char *kind, const char *structure,
    bool successors)
{
	bool old = successors && strcmp(structure, "pre2025") == 0;

	if (strcmp(level, "above") == 0)
		return strcmp(kind, strcmp(structure, "2025") == 0 ?
		    "own_province" : "own_district") == 0 ||
		    (old && strcmp(kind, "cross_province") == 0);
	if (strcmp(level, "unit") == 0)
		return strcmp(kind, "self") == 0 ||
		    (old && strcmp(kind, "successor_commune") == 0);
	if (strcmp(level, "district") == 0)
		return strcmp(kind, "own_district") == 0;
	if (strcmp(level, "province") == 0)
		return strcmp(kind, "own_province") == 0 ||
		    strcmp(kind, "cross_province") == 0;
	if (strcmp(level, "country") == 0)
		return strcmp(kind, "country") == 0;
	fail_msg("unknown level %s", level);
	return false;
}

static const char *
kind_for_level(const char *level, const char *structure)
{
	if (strcmp(level, "above") == 0)
		return strcmp(structure, "2025") == 0 ? "own_province" :
		    "own_district";
	return strcmp(level, "unit") == 0 ? "self" :
	    strcmp(level, "district") == 0 ? "own_district" :
	    strcmp(level, "province") == 0 ? "own_province" : "country";
}

static void
principal_one(struct principal *p, int role, const char *structure,
    const char *code)
{
	memset(p, 0, sizeof(*p));
	p->username = "tester";
	p->nroles = 1;
	p->roles[0].role = (enum role)role;
	p->roles[0].structure = structure;
	p->roles[0].unit_code = code;
}

static struct audit_actor
actor_of(const struct role_binding *b)
{
	struct audit_actor a = { 0, "tester", role_names[b->role],
	    b->structure, b->unit_code };

	return a;
}

static const char *
jstr(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static bool
json_has(json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return true;
	return false;
}

static enum err
collect(void *ctx, const char *path, struct errinfo *ei)
{
	struct fixture *f = ctx;

	(void)ei;
	if (f->nfiles < MAX_FILES)
		f->files[f->nfiles++] = strdup(path);
	return ERR_OK;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct units_import_stats st = { 0 };
	struct errinfo ei;
	int imported = 0;

	/* NTM_WF_TEST_PG=postgresql://...: the same tests on an empty
	 * PostgreSQL database (by hand; make test runs SQLite). */
	if (f != NULL && (f->pg = getenv("NTM_WF_TEST_PG")) != NULL) {
		if (db_open(f->pg, DB_CREATE, &f->db, &ei) != ERR_OK ||
		    db_migrate(f->db, NULL, &ei) != ERR_OK ||
		    db_prepare_all(f->db, &ei) != ERR_OK) {
			fprintf(stderr, "setup: %s\n", ei.message);
			return -1;
		}
	} else if (f == NULL ||
	    testdb_open("workflow", f->dir, NULL, &f->db) != 0)
		return -1;
	if (db_begin(f->db, &ei) != ERR_OK ||
	    units_import_national(f->db, "data/admin", &st, &ei) != ERR_OK ||
	    db_commit(f->db, &ei) != ERR_OK ||
	    wf_import_dir(f->db, "procedures", "test", &imported, &ei) !=
	    ERR_OK ||
	    files_each("procedures", ".json", collect, f, &ei) != ERR_OK) {
		fprintf(stderr, "setup: %s (%s)\n", ei.message, ei.field);
		return -1;
	}
	if (imported != (int)f->nfiles || imported < 4) {
		fprintf(stderr, "setup: %d procedures imported of %zu\n",
		    imported, f->nfiles);
		return -1;
	}
	f->a = arena_new(64 * 1024);
	fx = f;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int rc = 0;

	if (f->pg != NULL)
		db_close(f->db);
	else
		rc = testdb_remove(f->db, f->dir);
	for (size_t i = 0; i < f->nfiles; i++)
		free(f->files[i]);
	arena_free(f->a);
	wf_cache_free();
	free(f);
	return rc;
}

/* The stored procedure of a file and its document as written. */
static const struct wf_procedure *
load_file(struct fixture *f, const char *path, json_t **doc)
{
	const struct wf_procedure *p;
	struct errinfo ei;
	json_error_t jerr;

	*doc = json_load_file(path, 0, &jerr);
	assert_non_null(*doc);
	/* the file's own version: a procedure may ship several */
	assert_int_equal(wf_load(f->db, json_string_value(json_object_get(*doc,
	    "id")), (int)json_integer_value(json_object_get(*doc, "version")),
	    &p, &ei), ERR_OK);
	return p;
}

static json_t *
doc_transition(json_t *doc, const char *id)
{
	size_t i;
	json_t *t;

	json_array_foreach(json_object_get(doc, "transitions"), i, t)
		if (strcmp(jstr(t, "id"), id) == 0)
			return t;
	fail_msg("no transition %s", id);
	return NULL;
}

static json_t *
doc_state(json_t *doc, const char *id)
{
	size_t i;
	json_t *s;

	json_array_foreach(json_object_get(doc, "states"), i, s)
		if (strcmp(jstr(s, "id"), id) == 0)
			return s;
	fail_msg("no state %s", id);
	return NULL;
}

/* Take transition tid on instance id as a principal allowed by the
 * document (its first role at its level), in one transaction. */
static enum err
take(struct fixture *f, const struct wf_procedure *proc, json_t *doc,
    int64_t id, const char *tid, struct errinfo *ei)
{
	json_t *jt = doc_transition(doc, tid);
	const char *level = json_string_value(json_object_get(jt, "level"));
	const struct bkind *k;
	const struct wf_transition *t;
	const struct role_binding *b;
	struct principal p;
	struct wf_instance in;
	struct audit_actor who;
	char ref[32];
	enum err e;

	if ((e = wf_instance_get(f->db, f->a, id, &in, ei)) != ERR_OK)
		return e;
	k = kind_named(in.structure, kind_for_level(level, in.structure));
	principal_one(&p, auth_role_from_name(json_string_value(
	    json_array_get(json_object_get(jt, "roles"), 0))), k->structure,
	    k->code);
	if ((e = db_begin(f->db, ei)) != ERR_OK)
		return e;
	if ((e = wf_check(f->db, &p, proc, &in, tid, &t, &b, ei)) == ERR_OK) {
		who = actor_of(b);
		snprintf(ref, sizeof(ref), "test:%lld", (long long)id);
		e = wf_advance(f->db, &who, proc, &in, t, ref, "ghi chú", NULL,
		    NULL, ei);
	}
	return db_finish(f->db, e, ei);
}

static int64_t
start(struct fixture *f, const struct wf_procedure *proc)
{
	const char *structure = proc->structures[0];
	const char *code = kind_named(structure, "self")->code;
	struct errinfo ei;
	int64_t id = 0;

	assert_int_equal(db_begin(f->db, &ei), ERR_OK);
	assert_int_equal(wf_start(f->db, NULL, proc, "test", structure, code,
	    NULL, &id, &ei), ERR_OK);
	assert_int_equal(db_commit(f->db, &ei), ERR_OK);
	return id;
}

/* Shortest paths from the initial state: via[s] the transition entering
 * s, prev[s] the state before (-1 for the initial one). */
static void
paths(const struct wf_procedure *p, int via[], int prev[])
{
	int queue[WF_MAX_STATES], head = 0, tail = 0;

	for (size_t i = 0; i < p->nstates; i++)
		via[i] = prev[i] = -2;
	for (size_t i = 0; i < p->nstates; i++)
		if (strcmp(p->states[i].id, p->initial) == 0) {
			prev[i] = -1;
			queue[tail++] = (int)i;
		}
	while (head < tail) {
		int s = queue[head++];

		for (size_t t = 0; t < p->ntransitions; t++) {
			const struct wf_transition *tr = &p->transitions[t];
			int to;

			if (tr->to == NULL ||
			    !wf_transition_from(tr, p->states[s].id))
				continue;
			to = (int)(wf_state_find(p, tr->to) - p->states);
			if (prev[to] != -2)
				continue;
			prev[to] = s;
			via[to] = (int)t;
			queue[tail++] = to;
		}
	}
}

/* A new instance walked to state s. */
static int64_t
instance_at(struct fixture *f, const struct wf_procedure *p, json_t *doc,
    int s)
{
	int via[WF_MAX_STATES], prev[WF_MAX_STATES], route[WF_MAX_STATES];
	int n = 0;
	int64_t id = start(f, p);
	struct errinfo ei;

	paths(p, via, prev);
	assert_true(prev[s] != -2);
	for (int k = s; prev[k] != -1; k = prev[k])
		route[n++] = via[k];
	while (n-- > 0) {
		enum err e = take(f, p, doc, id, p->transitions[route[n]].id,
		    &ei);

		if (e != ERR_OK)
			fail_msg("%s: walking to %s, %s: %s", p->id,
			    p->states[s].id, p->transitions[route[n]].id,
			    ei.message);
	}
	return id;
}

static void
expect_due(const char *due_on, json_t *state)
{
	json_t *d = json_object_get(state, "due_days");
	if (d == NULL || json_is_null(d)) {
		assert_null(due_on);
		return;
	}
	assert_non_null(due_on);
	assert_int_equal(wf_days_left(due_on), json_integer_value(d));
}

/* Counts of what the data-driven tests checked. */
struct tally {
	long ok, refused;
};

/*
 * Transition jt from state js of procedure p: refused with 409 unless the
 * document lists the state in "from" (and it is not terminal); else taken
 * on a real instance walked to that state, landing where "to" says with
 * the deadline of the state it enters.
 */
static void
state_transition(struct fixture *f, const struct wf_procedure *p,
    json_t *doc, json_t *js, json_t *jt, struct tally *n)
{
	const char *sid = jstr(js, "id"), *tid = jstr(jt, "id");
	bool terminal = json_is_true(json_object_get(js, "terminal"));
	bool from = !terminal && json_has(json_object_get(jt, "from"), sid);
	json_t *to = json_object_get(jt, "to");
	struct wf_instance in = { 0 }, after;
	const struct wf_transition *t;
	const struct bkind *k;
	struct principal pr;
	struct errinfo ei;
	enum err e;
	int64_t id;

	/* In memory, by someone the document allows: the state decides. */
	in.procedure_id = p->id;
	in.procedure_version = p->version;
	in.structure = p->structures[0];
	in.code = kind_named(in.structure, "self")->code;
	in.state = sid;
	in.terminal = terminal;
	k = kind_named(in.structure, kind_for_level(jstr(jt, "level"),
	    in.structure));
	principal_one(&pr, auth_role_from_name(json_string_value(
	    json_array_get(json_object_get(jt, "roles"), 0))), k->structure,
	    k->code);
	e = wf_check(f->db, &pr, p, &in, tid, &t, NULL, &ei);
	if (!from) {
		if (e != ERR_CONFLICT || strcmp(ei.code,
		    "workflow.not_allowed") != 0)
			fail_msg("%s: %s from %s: want 409, got %d %s", p->id,
			    tid, sid, e, ei.code);
		n->refused++;
		return;
	}
	if (e != ERR_OK)
		fail_msg("%s: %s from %s: %s", p->id, tid, sid, ei.message);

	/* On a real instance in that state. */
	id = instance_at(f, p, doc, (int)(wf_state_find(p, sid) - p->states));
	if (take(f, p, doc, id, tid, &ei) != ERR_OK)
		fail_msg("%s: %s from %s: %s", p->id, tid, sid, ei.message);
	n->ok++;
	assert_int_equal(wf_instance_get(f->db, f->a, id, &after, &ei), ERR_OK);
	if (json_is_null(to)) {
		assert_string_equal(after.state, sid);
	} else {
		json_t *dst = doc_state(doc, json_string_value(to));

		assert_string_equal(after.state, json_string_value(to));
		assert_int_equal(after.terminal,
		    json_is_true(json_object_get(dst, "terminal")));
		expect_due(after.due_on, dst);
	}
}

static void
test_every_state_and_transition(void **state)
{
	struct fixture *f = *state;
	struct tally n = { 0, 0 };

	for (size_t fi = 0; fi < f->nfiles; fi++) {
		json_t *doc, *js, *jt;
		const struct wf_procedure *p = load_file(f, f->files[fi], &doc);
		size_t i, j;

		json_array_foreach(json_object_get(doc, "states"), i, js)
			json_array_foreach(json_object_get(doc, "transitions"),
			    j, jt)
				state_transition(f, p, doc, js, jt, &n);
		json_decref(doc);
	}
	/* The 4 shipped procedures: 46 (state, transition) pairs taken,
	 * 219 refused. */
	assert_true(n.ok >= 46);
	assert_true(n.refused >= 219);
}

/* May role r through a binding of kind k create, and take each
 * transition, on the commune (structure, code)?  Exactly what the
 * document's roles and levels say. */
static void
role_at_kind(struct fixture *f, const struct wf_procedure *p, json_t *doc,
    const char *structure, const struct bkind *k, int r, struct tally *n)
{
	const char *code = kind_named(structure, "self")->code;
	json_t *create = json_object_get(doc, "create"), *jt;
	struct principal pr;
	size_t j;
	bool want;

	principal_one(&pr, r, k->structure, k->code);
	want = json_has(json_object_get(create, "roles"), role_names[r]) &&
	    level_admits(jstr(create, "level"), k->kind, structure,
	    json_is_true(json_object_get(doc, "successors_act")));
	if ((wf_may_create(f->db, &pr, p, structure, code) != NULL) != want)
		fail_msg("%s: create by %s at %s:%s (%s): want %d", p->id,
		    role_names[r], k->structure, k->code, k->kind, want);
	json_array_foreach(json_object_get(doc, "transitions"), j, jt) {
		struct wf_instance in = { 0 };
		const struct wf_transition *t;
		struct errinfo ei;
		enum err e;

		want = json_has(json_object_get(jt, "roles"), role_names[r]) &&
		    level_admits(jstr(jt, "level"), k->kind, structure,
		    json_is_true(json_object_get(doc, "successors_act")));
		in.procedure_id = p->id;
		in.structure = structure;
		in.code = code;
		in.state = json_string_value(json_array_get(json_object_get(jt,
		    "from"), 0));
		e = wf_check(f->db, &pr, p, &in, jstr(jt, "id"), &t, NULL, &ei);
		if (want && e == ERR_OK)
			n->ok++;
		else if (!want && e == ERR_FORBIDDEN &&
		    strcmp(ei.code, "workflow.forbidden") == 0)
			n->refused++;
		else
			fail_msg("%s: %s by %s at %s:%s (%s) on %s:%s: want "
			    "%s, "
			    "got %d %s", p->id, jstr(jt, "id"), role_names[r],
			    k->structure, k->code, k->kind, structure, code,
			    want ? "ok" : "403", e, ei.message);
	}
}

static void
test_roles_and_levels(void **state)
{
	struct fixture *f = *state;
	struct tally n = { 0, 0 };

	for (size_t fi = 0; fi < f->nfiles; fi++) {
		json_t *doc;
		const struct wf_procedure *p = load_file(f, f->files[fi], &doc);

		for (size_t si = 0; si < p->nstructures; si++)
			for (const struct bkind *k =
			    kinds_of(p->structures[si]); k->kind != NULL; k++)
				for (int r = 0; r < ROLE__MAX; r++)
					role_at_kind(f, p, doc,
					    p->structures[si], k, r, &n);
		json_decref(doc);
	}
	assert_true(n.ok > 50);
	assert_true(n.refused > 1000);
}

/* The cases a person would try first, spelled out. */
static void
test_named_cases(void **state)
{
	struct fixture *f = *state;
	const struct wf_procedure *p;
	const struct wf_transition *t;
	struct wf_instance in = { .procedure_id = "commune-ntm-2021-2025",
	    .procedure_version = 1, .structure = "pre2025", .code = "00379" };
	struct principal pr;
	struct errinfo ei;

	assert_int_equal(wf_load(f->db, "commune-ntm-2021-2025", 0, &p, &ei),
	    ERR_OK);
	/* A commune officer of the commune may submit, not appraise. */
	principal_one(&pr, ROLE_COMMUNE_OFFICER, "pre2025", "00379");
	in.state = "draft";
	assert_int_equal(wf_check(f->db, &pr, p, &in, "submit", &t, NULL, &ei),
	    ERR_OK);
	in.state = "district_appraisal";
	assert_int_equal(wf_check(f->db, &pr, p, &in, "appraise", &t, NULL,
	    &ei), ERR_FORBIDDEN);
	/* the role and the unit by their names, never a key or a code */
	assert_non_null(strstr(ei.message, "Cán bộ thẩm tra, thẩm định"));
	assert_null(strstr(ei.message, "appraiser"));
	assert_null(strstr(ei.message, "00379"));
	assert_non_null(strstr(ei.message, "cấp huyện"));
	assert_non_null(strstr(err_message(&ei, "en"), "district level"));
	assert_non_null(strstr(err_message(&ei, "en"), "Appraiser"));
	/* Nor may one of the neighbouring commune submit. */
	principal_one(&pr, ROLE_COMMUNE_OFFICER, "pre2025", "00382");
	in.state = "draft";
	assert_int_equal(wf_check(f->db, &pr, p, &in, "submit", &t, NULL, &ei),
	    ERR_FORBIDDEN);
	/* An appraiser of the district may appraise; of another, not. */
	in.state = "district_appraisal";
	principal_one(&pr, ROLE_APPRAISER, "pre2025", "016");
	assert_int_equal(wf_check(f->db, &pr, p, &in, "appraise", &t, NULL,
	    &ei), ERR_OK);
	principal_one(&pr, ROLE_APPRAISER, "pre2025", "017");
	assert_int_equal(wf_check(f->db, &pr, p, &in, "appraise", &t, NULL,
	    &ei), ERR_FORBIDDEN);
	/* A province appraiser is not the district (level, not scope). */
	principal_one(&pr, ROLE_APPRAISER, "pre2025", "01");
	assert_int_equal(wf_check(f->db, &pr, p, &in, "appraise", &t, NULL,
	    &ei), ERR_FORBIDDEN);
	/* The province decides: its officer in either structure, not
	 * another province's, not an admin (not named by the procedure). */
	in.state = "awaiting_decision";
	principal_one(&pr, ROLE_PROVINCE_OFFICER, "pre2025", "01");
	assert_int_equal(wf_check(f->db, &pr, p, &in, "decide", &t, NULL, &ei),
	    ERR_OK);
	principal_one(&pr, ROLE_PROVINCE_OFFICER, "2025", "01");
	assert_int_equal(wf_check(f->db, &pr, p, &in, "decide", &t, NULL, &ei),
	    ERR_OK);
	principal_one(&pr, ROLE_PROVINCE_OFFICER, "pre2025", "04");
	assert_int_equal(wf_check(f->db, &pr, p, &in, "decide", &t, NULL, &ei),
	    ERR_FORBIDDEN);
	assert_string_equal(ei.code, "workflow.forbidden");
	principal_one(&pr, ROLE_ADMIN, "2025", "VN");
	assert_int_equal(wf_check(f->db, &pr, p, &in, "decide", &t, NULL, &ei),
	    ERR_FORBIDDEN);
	/* Not from this state, whoever asks; unknown transitions are 404. */
	principal_one(&pr, ROLE_PROVINCE_OFFICER, "pre2025", "01");
	assert_int_equal(wf_check(f->db, &pr, p, &in, "forward", &t, NULL,
	    &ei), ERR_CONFLICT);
	assert_string_equal(ei.code, "workflow.not_allowed");
	assert_non_null(strstr(ei.message, "Chờ Chủ tịch UBND tỉnh"));
	assert_int_equal(wf_check(f->db, &pr, p, &in, "fly", &t, NULL, &ei),
	    ERR_NOTFOUND);
	assert_string_equal(ei.code, "workflow.no_transition");
}

/* ---- the parser ---- */

static const char base_doc[] =
    "{\"format\":\"ntm-procedure/1\",\"id\":\"t-proc\",\"version\":1,"
    "\"name\":\"Thử\",\"kind\":\"recognition\",\"legal_basis\":\"QĐ thử\","
    "\"applies_to\":{\"structures\":[\"2025\"],\"level\":\"commune\","
    "\"titles\":[\"ntm\"],\"sets\":[\"t-set\"]},"
    "\"create\":{\"roles\":[\"commune_officer\"],\"level\":\"unit\"},"
    "\"initial\":\"a\","
    "\"attachment_kinds\":[{\"id\":\"report\",\"name\":\"Báo cáo\"}],"
    "\"states\":["
    "{\"id\":\"a\",\"name\":\"A\",\"holder\":\"unit\",\"due_days\":null,"
    "\"editable\":true},"
    "{\"id\":\"b\",\"name\":\"B\",\"holder\":\"province\",\"due_days\":10},"
    "{\"id\":\"z\",\"name\":\"Z\",\"holder\":\"province\",\"terminal\":true,"
    "\"outcome\":\"recognised\"}],"
    "\"transitions\":["
    "{\"id\":\"go\",\"name\":\"Đi\",\"from\":[\"a\"],\"to\":\"b\","
    "\"roles\":[\"commune_officer\"],\"level\":\"unit\",\"requires\":"
    "{\"attachments\":[\"report\"],\"checks\":[\"evaluation_met\"]}},"
    "{\"id\":\"note\",\"name\":\"Ghi\",\"from\":[\"b\"],\"to\":null,"
    "\"roles\":[\"appraiser\"],\"level\":\"province\"},"
    "{\"id\":\"end\",\"name\":\"Xong\",\"from\":[\"b\"],\"to\":\"z\","
    "\"roles\":[\"province_officer\"],\"level\":\"province\","
    "\"effect\":\"recognise\"}]}";

/* Parse base_doc changed by the JSON of set at the path (a, b): set
 * replaces member key of the object at "section[index]" (index -1: the
 * document itself); NULL set removes the member. */
static enum err
parse_changed(const char *section, int index, const char *key,
    const char *set, struct errinfo *ei)
{
	json_t *doc = json_loads(base_doc, 0, NULL), *obj = doc;
	struct wf_procedure *p = NULL;
	char *text;
	enum err e;

	assert_non_null(doc);
	if (section != NULL) {
		obj = json_object_get(doc, section);
		if (index >= 0)
			obj = json_array_get(obj, (size_t)index);
	}
	assert_non_null(obj);
	if (set == NULL)
		json_object_del(obj, key);
	else
		json_object_set_new(obj, key, json_loads(set, JSON_DECODE_ANY,
		    NULL));
	text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	e = wf_procedure_parse(text, strlen(text), &p, ei);
	free(text);
	json_decref(doc);
	wf_procedure_free(p);
	return e;
}

static void
expect_fault(const char *section, int index, const char *key,
    const char *set, const char *field)
{
	struct errinfo ei;

	err_clear(&ei);
	if (parse_changed(section, index, key, set, &ei) != ERR_INVALID)
		fail_msg("%s: accepted (%s)", field, ei.message);
	assert_string_equal(ei.code, "workflow.bad_procedure");
	if (strcmp(ei.field, field) != 0)
		fail_msg("want field %s, got %s (%s)", field, ei.field,
		    ei.message);
	assert_int_equal(strncmp(ei.message, field, strlen(field)), 0);
	/* In English as well, naming the same path, in other words. */
	assert_int_equal(strncmp(err_message(&ei, "en"), field,
	    strlen(field)), 0);
	assert_string_not_equal(err_message(&ei, "en"), ei.message);
}

static void
test_parser_names_the_path(void **state)
{
	struct wf_procedure *p;
	struct errinfo ei;

	(void)state;
	assert_int_equal(wf_procedure_parse(base_doc, strlen(base_doc), &p,
	    &ei), ERR_OK);
	assert_int_equal(p->nstates, 3);
	assert_int_equal(p->transitions[0].roles,
	    ROLE_BIT(ROLE_COMMUNE_OFFICER));
	assert_int_equal(p->states[1].due_days, 10);
	assert_int_equal(p->states[0].due_days, -1);
	assert_null(p->transitions[1].to);
	assert_string_equal(wf_text(&p->states[0].name, "en"), "A");
	wf_procedure_free(p);

	expect_fault("transitions", 0, "from", "[\"x\"]",
	    "transitions[0].from[0]");
	expect_fault("transitions", 1, "to", "\"nowhere\"",
	    "transitions[1].to");
	expect_fault("transitions", 0, "roles", "[\"mayor\"]",
	    "transitions[0].roles[0]");
	expect_fault("transitions", 0, "requires",
	    "{\"checks\":[\"looks_fine\"]}",
	    "transitions[0].requires.checks[0]");
	expect_fault("transitions", 0, "requires",
	    "{\"attachments\":[\"photo\"]}",
	    "transitions[0].requires.attachments[0]");
	expect_fault("transitions", 0, "requries", "{}",
	    "transitions[0].requries");
	expect_fault("transitions", 2, "id", "\"go\"", "transitions[2].id");
	expect_fault("states", 1, "id", "\"a\"", "states[1].id");
	expect_fault(NULL, -1, "legal_basis", NULL, "legal_basis");
	expect_fault(NULL, -1, "legal_basis", "\"  \"", "legal_basis");
	expect_fault(NULL, -1, "initial", "\"q\"", "initial");
	expect_fault("states", 1, "due_days", "-3", "states[1].due_days");
	expect_fault("states", 2, "outcome", "\"won\"", "states[2].outcome");
	expect_fault("states", 2, "due_days", "5", "states[2].due_days");
	expect_fault("create", -1, "level", "\"galaxy\"", "create.level");
	expect_fault("applies_to", -1, "structures", "[\"1975\"]",
	    "applies_to.structures[0]");
	expect_fault("transitions", 0, "requires",
	    "{\"checks\":[\"council_majority\"]}",
	    "transitions[0].requires.quorum");
	expect_fault("transitions", 1, "effect", "\"recognise\"",
	    "transitions[1].effect");
	/* b's only way out now leaves from a: b is a dead end (its note
	 * transition stays). */
	expect_fault("transitions", 2, "from", "[\"a\"]", "states[1]");
	/* A way out that only goes round: b -> c -> b, no terminal. */
	{
		json_t *doc = json_loads(base_doc, 0, NULL);
		json_t *ts = json_object_get(doc, "transitions");
		char *text;

		json_array_append_new(json_object_get(doc, "states"), json_pack(
		    "{s:s, s:s, s:s}", "id", "c", "name", "C", "holder",
		    "province"));
		json_object_set_new(json_array_get(ts, 2), "from",
		    json_pack("[s]", "a"));
		json_array_append_new(ts, json_pack("{s:s, s:s, s:[s], s:s, "
		    "s:[s], s:s}", "id", "to_c", "name", "C", "from", "b", "to",
		    "c", "roles", "appraiser", "level", "province"));
		json_array_append_new(ts, json_pack("{s:s, s:s, s:[s], s:s, "
		    "s:[s], s:s}", "id", "to_b", "name", "B", "from", "c", "to",
		    "b", "roles", "appraiser", "level", "province"));
		text = json_dumps(doc, JSON_COMPACT);
		assert_int_equal(wf_procedure_parse(text, strlen(text), &p,
		    &ei), ERR_INVALID);
		assert_string_equal(ei.field, "states[1]");
		assert_non_null(strstr(ei.message, "kết thúc"));
		free(text);
		json_decref(doc);
	}
	/* A state nothing leads to. */
	{
		json_t *doc = json_loads(base_doc, 0, NULL);
		char *text;

		json_array_append_new(json_object_get(doc, "states"), json_pack(
		    "{s:s, s:s, s:s, s:b, s:s}", "id", "lost", "name", "Lạc",
		    "holder", "unit", "terminal", 1, "outcome", "withdrawn"));
		text = json_dumps(doc, JSON_COMPACT);
		assert_int_equal(wf_procedure_parse(text, strlen(text), &p,
		    &ei), ERR_INVALID);
		assert_string_equal(ei.field, "states[3]");
		assert_non_null(strstr(ei.message, "lost"));
		free(text);
		json_decref(doc);
	}
	/* Settled: not on a terminal state, no deadline. */
	expect_fault("states", 2, "settled", "true", "states[2].settled");
	expect_fault("states", 1, "settled", "true", "states[1].due_days");
	expect_fault("states", 0, "settled", "\"yes\"", "states[0].settled");
	expect_fault("transitions", 0, "level", "\"upstairs\"",
	    "transitions[0].level");
	expect_fault("applies_to", -1, "level", "\"every\"",
	    "applies_to.level");
	/* A procedure with no terminal state whose end is a settled state
	 * that may be left again (an approved report, reopened), a step
	 * taken by the level above, for units of any level. */
	{
		json_t *doc = json_loads(base_doc, 0, NULL);
		json_t *states = json_object_get(doc, "states");
		json_t *ts = json_object_get(doc, "transitions");
		char *text;

		json_object_set_new(json_object_get(doc, "applies_to"), "level",
		    json_string("any"));
		json_array_remove(states, 2);
		json_array_remove(ts, 2);
		json_array_append_new(states, json_pack("{s:s, s:s, s:s, s:b}",
		    "id", "ok", "name", "OK", "holder", "above", "settled", 1));
		json_array_append_new(ts, json_pack("{s:s, s:s, s:[s], s:s, "
		    "s:[s], s:s}", "id", "approve", "name", "Duyệt", "from", "b",
		    "to", "ok", "roles", "province_officer", "level", "above"));
		json_array_append_new(ts, json_pack("{s:s, s:s, s:[s], s:s, "
		    "s:[s], s:s}", "id", "reopen", "name", "Mở lại", "from", "ok",
		    "to", "a", "roles", "province_officer", "level", "above"));
		text = json_dumps(doc, JSON_COMPACT);
		assert_int_equal(wf_procedure_parse(text, strlen(text), &p,
		    &ei), ERR_OK);
		assert_true(p->states[2].settled);
		assert_false(p->states[2].terminal);
		assert_int_equal(p->states[2].holder, WF_LEVEL_ABOVE);
		assert_int_equal(p->transitions[2].level, WF_LEVEL_ABOVE);
		assert_string_equal(p->level, "any");
		wf_procedure_free(p);
		free(text);
		/* Without the flag nothing ends: the end must be settled. */
		json_object_del(json_array_get(states, 2), "settled");
		text = json_dumps(doc, JSON_COMPACT);
		assert_int_equal(wf_procedure_parse(text, strlen(text), &p,
		    &ei), ERR_INVALID);
		assert_string_equal(ei.field, "states");
		free(text);
		json_decref(doc);
	}
	/* Not JSON at all. */
	assert_int_equal(wf_procedure_parse("{\"format\":", 10, &p, &ei),
	    ERR_MALFORMED);
}

/* The level "above" on real units: a 2025 commune's province officer and
 * only theirs; a province's report by the country (either structure's
 * VN), never by the province itself; any level started. */
static void
test_level_above(void **state)
{
	struct fixture *f = *state;
	const struct wf_procedure *p;
	const struct wf_transition *t;
	struct principal pr;
	struct errinfo ei;
	int64_t id = 0;

	assert_int_equal(wf_pick(f->db, "report", "2025", "province", NULL,
	    NULL, &p, &ei), ERR_OK);
	t = wf_transition_find(p, "approve");
	assert_non_null(t);
	principal_one(&pr, ROLE_PROVINCE_OFFICER, "2025", "01");
	assert_non_null(wf_may(f->db, &pr, t, "2025", "00376"));
	assert_null(wf_may(f->db, &pr, t, "2025", "01"));
	principal_one(&pr, ROLE_PROVINCE_OFFICER, "2025", "48");
	assert_null(wf_may(f->db, &pr, t, "2025", "00376"));
	principal_one(&pr, ROLE_PROVINCE_OFFICER, "pre2025", "01");
	assert_null(wf_may(f->db, &pr, t, "2025", "00376"));
	principal_one(&pr, ROLE_COORDINATOR, "2025", "VN");
	assert_non_null(wf_may(f->db, &pr, t, "2025", "01"));
	assert_null(wf_may(f->db, &pr, t, "2025", "00376"));
	principal_one(&pr, ROLE_COORDINATOR, "pre2025", "VN");
	assert_non_null(wf_may(f->db, &pr, t, "2025", "01"));
	assert_int_equal(db_begin(f->db, &ei), ERR_OK);
	assert_int_equal(wf_start(f->db, NULL, p, "test", "2025", "01", NULL,
	    &id, &ei), ERR_OK);
	assert_int_equal(db_commit(f->db, &ei), ERR_OK);
	assert_true(id > 0);
	assert_true(wf_state_find(p, "approved")->settled);
}

/* ---- versions ---- */

static char *
doc_with(const char *id, int version, int due_b)
{
	json_t *doc = json_loads(base_doc, 0, NULL);
	char *text;

	json_object_set_new(doc, "id", json_string(id));
	json_object_set_new(doc, "version", json_integer(version));
	json_object_set_new(json_array_get(json_object_get(doc, "states"), 1),
	    "due_days", json_integer(due_b));
	text = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	return text;
}

static void
test_versions(void **state)
{
	struct fixture *f = *state;
	char *v1 = doc_with("t-versions", 1, 10), *v1b = doc_with("t-versions",
	    1, 12), *v2 = doc_with("t-versions", 2, 12);
	const struct wf_procedure *p1, *p2, *p;
	struct wf_instance in;
	struct errinfo ei;
	bool created;
	int version;
	int64_t id;
	json_t *j;

	assert_int_equal(wf_import(f->db, NULL, v1, strlen(v1), "first",
	    &version, &created, &ei), ERR_OK);
	assert_true(created);
	assert_int_equal(version, 1);
	/* The same content again: nothing new. */
	assert_int_equal(wf_import(f->db, NULL, v1, strlen(v1), NULL, &version,
	    &created, &ei), ERR_OK);
	assert_false(created);
	/* Other content under a stored version: refused. */
	assert_int_equal(wf_import(f->db, NULL, v1b, strlen(v1b), NULL,
	    &version, &created, &ei), ERR_CONFLICT);
	assert_string_equal(ei.code, "workflow.version_exists");
	assert_false(created);

	assert_int_equal(wf_load(f->db, "t-versions", 0, &p1, &ei), ERR_OK);
	assert_int_equal(db_begin(f->db, &ei), ERR_OK);
	assert_int_equal(wf_start(f->db, NULL, p1, "test", "2025", "00376",
	    "mở", &id, &ei), ERR_OK);
	assert_int_equal(db_commit(f->db, &ei), ERR_OK);

	/* Version 2 inside a caller's transaction. */
	assert_int_equal(db_begin(f->db, &ei), ERR_OK);
	assert_int_equal(wf_import(f->db, NULL, v2, strlen(v2), "hạn mới",
	    &version, &created, &ei), ERR_OK);
	assert_int_equal(db_commit(f->db, &ei), ERR_OK);
	assert_true(created);
	/* Older than the newest: refused. */
	{
		char *old = doc_with("t-versions", 1, 30);

		assert_int_equal(wf_import(f->db, NULL, old, strlen(old), NULL,
		    &version, &created, &ei), ERR_CONFLICT);
		free(old);
	}
	assert_int_equal(wf_load(f->db, "t-versions", 0, &p2, &ei), ERR_OK);
	assert_int_equal(p2->version, 2);
	assert_int_equal(p2->states[1].due_days, 12);
	assert_int_equal(wf_instance_get(f->db, f->a, id, &in, &ei), ERR_OK);
	assert_int_equal(in.procedure_version, 1);
	assert_int_equal(wf_load(f->db, in.procedure_id, in.procedure_version,
	    &p, &ei), ERR_OK);
	assert_ptr_equal(p, p1);
	assert_int_equal(p->states[1].due_days, 10);
	/* The newer procedure cannot move an instance of the older. */
	assert_int_equal(db_begin(f->db, &ei), ERR_OK);
	assert_int_equal(wf_advance(f->db, NULL, p2, &in,
	    wf_transition_find(p2, "go"), NULL, NULL, NULL, NULL, &ei),
	    ERR_INVALID);
	db_rollback(f->db);

	assert_int_equal(wf_get(f->db, "t-versions", 0, &j, &ei), ERR_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 2);
	assert_int_equal(json_array_size(json_object_get(j, "versions")), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j,
	    "procedure"), "id")), "t-versions");
	json_decref(j);
	assert_int_equal(wf_get(f->db, "t-versions", 1, &j, &ei), ERR_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 1);
	json_decref(j);
	assert_int_equal(wf_get(f->db, "t-versions", 7, &j, &ei), ERR_NOTFOUND);
	assert_int_equal(wf_load(f->db, "nope", 0, &p, &ei), ERR_NOTFOUND);
	assert_string_equal(ei.code, "workflow.not_found");
	free(v1);
	free(v1b);
	free(v2);
}

static void
test_list_and_pick(void **state)
{
	struct fixture *f = *state;
	const struct wf_procedure *p;
	struct errinfo ei;
	json_t *list, *it;
	size_t i;
	bool seen = false;

	assert_int_equal(wf_list(f->db, &list, &ei), ERR_OK);
	assert_true(json_integer_value(json_object_get(list, "total")) >= 4);
	json_array_foreach(json_object_get(list, "items"), i, it)
		if (strcmp(jstr(it, "id"), "commune-revocation") == 0) {
			seen = true;
			assert_string_equal(jstr(it, "kind"), "revocation");
			assert_int_equal(json_array_size(json_object_get(
			    json_object_get(it, "applies_to"), "sets")), 3);
		}
	assert_true(seen);
	json_decref(list);

	assert_int_equal(wf_pick(f->db, "recognition", "pre2025", "commune",
	    "ntm", "ntm-xa-2021-2025", &p, &ei), ERR_OK);
	assert_string_equal(p->id, "commune-ntm-2021-2025");
	assert_int_equal(wf_pick(f->db, "recognition", "2025", "commune", "ntm",
	    "ntm-xa-2026-2030", &p, &ei), ERR_OK);
	assert_string_equal(p->id, "commune-ntm-2026-2030");
	assert_int_equal(wf_pick(f->db, "recognition", "pre2025", "commune",
	    "model", "ntm-xa-kieu-mau-2021-2025", &p, &ei), ERR_OK);
	assert_string_equal(p->id, "commune-model-2021-2025");
	assert_int_equal(wf_pick(f->db, "revocation", "2025", "commune", "ntm",
	    "ntm-xa-2026-2030", &p, &ei), ERR_OK);
	assert_string_equal(p->id, "commune-revocation");
	assert_int_equal(wf_pick(f->db, "recognition", "2025", "commune",
	    "advanced", NULL, &p, &ei), ERR_NOTFOUND);
	assert_string_equal(ei.code, "workflow.no_procedure");
	assert_int_equal(wf_pick(f->db, "recognition", "pre2025", "district",
	    "ntm", NULL, &p, &ei), ERR_NOTFOUND);
}

/* ---- instances ---- */

static const char *
meta_version(struct fixture *f, char out[80])
{
	struct db_stmt *st = db_stmt(f->db, STMT_META_GET);

	out[0] = '\0';
	db_bind_text(st, 1, WF_META_VERSION);
	if (db_step(st, NULL) == 1)
		snprintf(out, 80, "%s", db_col_text(st, 0));
	db_end_reads(f->db);
	return out;
}

static void
test_stale_row_version(void **state)
{
	struct fixture *f = *state;
	const struct wf_procedure *p;
	struct wf_instance a, b, now;
	struct audit_actor who = { 0, "tester", "appraiser", "2025", "01" };
	struct errinfo ei;
	int64_t id, rv = 0;
	char m1[80], m2[80];

	assert_int_equal(wf_load(f->db, "commune-ntm-2026-2030", 0, &p, &ei),
	    ERR_OK);
	id = start(f, p);
	assert_int_equal(wf_instance_get(f->db, f->a, id, &a, &ei), ERR_OK);
	assert_int_equal(db_begin(f->db, &ei), ERR_OK);
	assert_int_equal(wf_advance(f->db, NULL, p, &a, wf_transition_find(p,
	    "submit"), NULL, NULL, NULL, NULL, &ei), ERR_OK);
	assert_int_equal(db_commit(f->db, &ei), ERR_OK);

	/* Two appraisers read the dossier at the same row version. */
	assert_int_equal(wf_instance_get(f->db, f->a, id, &a, &ei), ERR_OK);
	assert_int_equal(wf_instance_get(f->db, f->a, id, &b, &ei), ERR_OK);
	meta_version(f, m1);
	assert_int_equal(db_begin(f->db, &ei), ERR_OK);
	assert_int_equal(wf_advance(f->db, &who, p, &a, wf_transition_find(p,
	    "forward"), "dossier:1", NULL, NULL, &rv, &ei), ERR_OK);
	assert_int_equal(db_commit(f->db, &ei), ERR_OK);
	assert_int_equal(rv, a.row_version + 1);
	assert_string_not_equal(meta_version(f, m2), m1);

	assert_int_equal(db_begin(f->db, &ei), ERR_OK);
	assert_int_equal(wf_advance(f->db, &who, p, &b, wf_transition_find(p,
	    "return"), "dossier:1", "thiếu", NULL, &rv, &ei), ERR_CONFLICT);
	assert_string_equal(ei.code, "workflow.stale");
	db_rollback(f->db);
	/* A stay from a state that moved on is stale too. */
	assert_int_equal(db_begin(f->db, &ei), ERR_OK);
	assert_int_equal(wf_advance(f->db, &who, p, &b, wf_transition_find(p,
	    "appraise"), "dossier:1", NULL, NULL, NULL, &ei), ERR_CONFLICT);
	assert_string_equal(ei.code, "workflow.stale");
	db_rollback(f->db);

	assert_int_equal(wf_instance_get(f->db, f->a, id, &now, &ei), ERR_OK);
	assert_string_equal(now.state, "council_review");
	assert_int_equal(now.row_version, a.row_version + 1);

	/* Two votes (stays) at the same row version both count. */
	assert_int_equal(db_begin(f->db, &ei), ERR_OK);
	assert_int_equal(wf_advance(f->db, &who, p, &now, wf_transition_find(p,
	    "vote"), "dossier:1", NULL, NULL, &rv, &ei), ERR_OK);
	assert_int_equal(wf_advance(f->db, &who, p, &now, wf_transition_find(p,
	    "vote"), "dossier:1", NULL, NULL, &rv, &ei), ERR_OK);
	assert_int_equal(db_commit(f->db, &ei), ERR_OK);
	assert_int_equal(rv, now.row_version);
}

static void
test_deadlines(void **state)
{
	struct fixture *f = *state;
	const struct wf_procedure *p;
	struct wf_instance in;
	struct errinfo ei;
	char buf[DATE_LEN];
	int64_t id;

	/* Deadlines count from core/date's today, which the tests move. */
	setenv("NTM_TODAY", "2026-02-20", 1);
	assert_string_equal(date_today(buf), "2026-02-20");
	/* 2026 is not a leap year. */
	assert_int_equal(wf_days_left("2026-03-02"), 10);
	assert_int_equal(wf_days_left("2026-02-20"), 0);
	assert_int_equal(wf_days_left("2026-02-13"), -7);
	assert_int_equal(wf_days_left(NULL), INT32_MIN);
	assert_int_equal(wf_days_left("2026-02-30"), INT32_MIN);

	assert_int_equal(wf_load(f->db, "commune-ntm-2021-2025", 0, &p, &ei),
	    ERR_OK);
	id = start(f, p);
	assert_int_equal(wf_instance_get(f->db, f->a, id, &in, &ei), ERR_OK);
	assert_null(in.due_on);			/* draft: no deadline */
	assert_int_equal(db_begin(f->db, &ei), ERR_OK);
	assert_int_equal(wf_advance(f->db, NULL, p, &in, wf_transition_find(p,
	    "submit"), NULL, NULL, NULL, NULL, &ei), ERR_OK);
	assert_int_equal(db_commit(f->db, &ei), ERR_OK);
	assert_int_equal(wf_instance_get(f->db, f->a, id, &in, &ei), ERR_OK);
	assert_string_equal(in.due_on, "2026-03-12");	/* 20 days */
	assert_false(in.terminal);

	/* A month later it is overdue. */
	setenv("NTM_TODAY", "2026-03-20", 1);
	assert_int_equal(wf_days_left(in.due_on), -8);
	/* Leap years: 2028-02-20 + 20 days. */
	setenv("NTM_TODAY", "2028-02-20", 1);
	assert_int_equal(db_begin(f->db, &ei), ERR_OK);
	assert_int_equal(wf_advance(f->db, NULL, p, &in, wf_transition_find(p,
	    "return"), NULL, "thiếu biên bản", NULL, NULL, &ei), ERR_OK);
	assert_int_equal(db_commit(f->db, &ei), ERR_OK);
	assert_int_equal(wf_instance_get(f->db, f->a, id, &in, &ei), ERR_OK);
	assert_string_equal(in.due_on, "2028-03-21");	/* returned: 30 days */
	/* A malformed override is ignored. */
	setenv("NTM_TODAY", "tomorrow", 1);
	assert_string_not_equal(date_today(buf), "tomorrow");
	unsetenv("NTM_TODAY");
}

static enum err
advance_as(struct fixture *f, const struct audit_actor *who,
    const struct wf_procedure *p, int64_t id, const char *tid,
    const char *note, json_t *detail, struct errinfo *ei)
{
	struct wf_instance in;
	enum err e;

	if ((e = wf_instance_get(f->db, f->a, id, &in, ei)) != ERR_OK ||
	    (e = db_begin(f->db, ei)) != ERR_OK)
		return e;
	e = wf_advance(f->db, who, p, &in, wf_transition_find(p, tid),
	    "dossier:77", note, detail, NULL, ei);
	return db_finish(f->db, e, ei);
}

static void
test_timeline_and_audit(void **state)
{
	struct fixture *f = *state;
	const struct wf_procedure *p;
	struct audit_actor commune = { 0, "bacson", "commune_officer",
	    "pre2025", "00379" };
	struct audit_actor district = { 0, "socson_tt", "appraiser", "pre2025",
	    "016" };
	struct audit_query q = { .limit = 1 };
	struct audit_list last;
	struct errinfo ei;
	int64_t id, before = 0, after = 0, bad = 0, other;
	json_t *ev, *e, *detail = json_pack("{s:s}", "k", "v");
	char *note = malloc(WF_NOTE_MAX + 2);

	assert_int_equal(audit_verify(f->db, &before, &bad, &ei), ERR_OK);
	assert_int_equal(wf_load(f->db, "commune-ntm-2021-2025", 0, &p, &ei),
	    ERR_OK);
	assert_int_equal(db_begin(f->db, &ei), ERR_OK);
	assert_int_equal(wf_start(f->db, &commune, p, "dossier", "pre2025",
	    "00379", "lập hồ sơ", &id, &ei), ERR_OK);
	/* Not a commune, or no unit at all: nothing written. */
	assert_int_equal(wf_start(f->db, &commune, p, "dossier", "pre2025",
	    "016", NULL, &other, &ei), ERR_INVALID);
	assert_string_equal(ei.code, "workflow.not_applicable");
	assert_int_equal(wf_start(f->db, &commune, p, "dossier", "2025",
	    "00376", NULL, &other, &ei), ERR_INVALID);
	assert_int_equal(wf_start(f->db, &commune, p, "dossier", "pre2025",
	    "99999", NULL, &other, &ei), ERR_NOTFOUND);
	assert_int_equal(db_commit(f->db, &ei), ERR_OK);

	assert_int_equal(advance_as(f, &commune, p, id, "submit", NULL, detail,
	    &ei), ERR_OK);
	assert_int_equal(advance_as(f, &district, p, id, "return",
	    "Thiếu biên bản niêm yết", NULL, &ei), ERR_OK);
	assert_int_equal(advance_as(f, &commune, p, id, "submit", "đã bổ sung",
	    NULL, &ei), ERR_OK);
	assert_int_equal(advance_as(f, &district, p, id, "appraise", NULL,
	    NULL, &ei), ERR_OK);
	/* A note too long is refused before anything is written. */
	memset(note, 'a', WF_NOTE_MAX + 1);
	note[WF_NOTE_MAX + 1] = '\0';
	assert_int_equal(advance_as(f, &district, p, id, "appraise", note, NULL,
	    &ei), ERR_INVALID);
	assert_string_equal(ei.field, "note");

	assert_int_equal(wf_events(f->db, p, id, "vi", &ev, &ei), ERR_OK);
	assert_int_equal(json_array_size(ev), 5);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(json_integer_value(json_object_get(
		    json_array_get(ev, i), "seq")), (json_int_t)i + 1);
	e = json_array_get(ev, 0);
	assert_string_equal(json_string_value(json_object_get(e, "transition")),
	    "create");
	assert_string_equal(json_string_value(json_object_get(e,
	    "transition_name")), "Tạo hồ sơ");
	assert_true(json_is_null(json_object_get(e, "from")));
	assert_string_equal(json_string_value(json_object_get(e, "to")),
	    "draft");
	assert_string_equal(json_string_value(json_object_get(e, "note")),
	    "lập hồ sơ");
	e = json_array_get(ev, 1);
	assert_string_equal(json_string_value(json_object_get(e, "from_name")),
	    "Xã tự đánh giá, lập hồ sơ");
	assert_string_equal(json_string_value(json_object_get(e, "to_name")),
	    "Huyện thẩm tra");
	assert_string_equal(json_string_value(json_object_get(e, "username")),
	    "bacson");
	assert_string_equal(json_string_value(json_object_get(e, "actor_unit")),
	    "pre2025:00379");
	assert_string_equal(json_string_value(json_object_get(json_object_get(e,
	    "detail"), "k")), "v");
	e = json_array_get(ev, 2);
	assert_string_equal(json_string_value(json_object_get(e, "transition")),
	    "return");
	assert_string_equal(json_string_value(json_object_get(e, "role")),
	    "appraiser");
	assert_string_equal(json_string_value(json_object_get(e, "note")),
	    "Thiếu biên bản niêm yết");
	e = json_array_get(ev, 4);		/* a stay */
	assert_string_equal(json_string_value(json_object_get(e, "from")),
	    json_string_value(json_object_get(e, "to")));
	json_decref(ev);
	assert_int_equal(wf_events(f->db, p, id, "en", &ev, &ei), ERR_OK);
	assert_string_equal(json_string_value(json_object_get(json_array_get(ev,
	    1), "to_name")), "Appraisal by the district");
	assert_string_equal(json_string_value(json_object_get(json_array_get(ev,
	    0), "transition_name")), "Created");
	json_decref(ev);

	/* One audit entry per write, the chain intact. */
	assert_int_equal(audit_verify(f->db, &after, &bad, &ei), ERR_OK);
	assert_int_equal(after, before + 5);
	assert_int_equal(audit_list(f->db, f->a, &q, &last, &ei), ERR_OK);
	assert_int_equal(last.n, 1);
	assert_string_equal(last.items[0].action, "workflow.appraise");
	assert_string_equal(last.items[0].object, "dossier:77");
	assert_string_equal(last.items[0].unit_code, "00379");
	assert_string_equal(last.items[0].username, "socson_tt");
	json_decref(detail);
	free(note);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parser_names_the_path),
		cmocka_unit_test(test_every_state_and_transition),
		cmocka_unit_test(test_roles_and_levels),
		cmocka_unit_test(test_level_above),
		cmocka_unit_test(test_named_cases),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_list_and_pick),
		cmocka_unit_test(test_stale_row_version),
		cmocka_unit_test(test_deadlines),
		cmocka_unit_test(test_timeline_and_audit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
