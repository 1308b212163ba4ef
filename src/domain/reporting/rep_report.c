/*
 * rep_report.c - reports in the database: saving a unit's values of a
 * form for a period (one transaction: values, their history, the
 * maintained aggregates, the audit entry), reading a report with its
 * flags, previous period and warnings, and reading or rebuilding the
 * aggregates.  See rep_report.h; the rules are the engine's
 * (rep_values_from_json, rep_validate, rep_acc_add): nothing here decides
 * what a value or a rule means.
 *
 * Aggregates.  Only the reports of the finest level a form is filled at
 * count (a commune's, for the shipped forms): a province's own report is
 * compared with the sum of its communes, never added to it.  A write
 * adds its new values and takes back its old ones (share s, then -s) in
 * every scope the unit counts in (agg_targets); the database does the
 * additions (rep_agg_add), so concurrent writers of one province never
 * lose each other's change.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/msg.h"
#include "core/stamp.h"
#include "core/xalloc.h"
#include "domain/reporting/rep_approval.h"
#include "domain/reporting/rep_auto.h"
#include "domain/reporting/rep_cold.h"
#include "domain/reporting/rep_overtime.h"
#include "domain/reporting/rep_plan.h"
#include "domain/reporting/rep_report.h"
#include "domain/reporting/rep_store.h"
#include "domain/units/units.h"

#define SLOT_NAME_MAX	(2 * REP_ID_MAX + 2)
#define TARGETS_MAX	64	/* scopes one unit counts in */

/* What one report call works on: the form, the unit, the period. */
struct ctx {
	struct db *db;
	struct arena *a;
	const struct rep_form *f;
	struct unit u;
	struct rep_period p;
	char period[REP_PERIOD_TEXT];
	int64_t report_id;	/* 0: none yet */
	const char *state;	/* "new" before the first save */
	const char *updated_at;
	struct rep_agg_sink *sink;	/* NULL: aggregates written at once */
};

/* A scope a unit's report counts in, with its share. */
struct target {
	const char *structure, *code;
	double share;
};

/* ---- loading ---- */

static enum err
load_form(struct db *db, const char *form_id, int version,
    const struct rep_form **f, struct errinfo *ei)
{
	size_t n = strspn(form_id, "abcdefghijklmnopqrstuvwxyz0123456789._-");
	enum err e;

	/* An id that cannot be one is not looked up, nor echoed. */
	if (form_id[n] != '\0' || n == 0 || n > REP_ID_MAX)
		return err_set(ei, ERR_NOTFOUND, "reporting.unknown_form",
		    "form", "không có biểu mẫu báo cáo này",
		    "there is no such report form");
	e = rep_form_load(db, form_id, version, f, ei);
	if (e == ERR_NOTFOUND && version == 0)
		return err_set(ei, ERR_NOTFOUND, "reporting.unknown_form",
		    "form", "không có biểu mẫu báo cáo '%s'",
		    "there is no report form '%s'", form_id);
	return e;
}

/* The report row of c (if any): its id, version, state. */
static enum err
find_report(struct ctx *c, const char *form_id, int *version,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(c->db, STMT_REP_REPORT_FIND);
	int rc;

	db_bind_text(st, 1, form_id);
	db_bind_text(st, 2, c->u.structure);
	db_bind_text(st, 3, c->u.code);
	db_bind_text(st, 4, c->period);
	c->report_id = 0;
	c->state = "new";
	c->updated_at = NULL;
	*version = 0;
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1) {
		c->report_id = db_col_int(st, 0);
		*version = (int)db_col_int(st, 1);
		c->state = arena_strdup(c->a, db_col_text(st, 2));
		c->updated_at = arena_strdup(c->a, db_col_text(st, 4));
	}
	db_end_reads(c->db);
	return ERR_OK;
}

/*
 * Open c: the period read, the unit found and fit for the form, the
 * report row (if any) and its form version (else the newest).  started:
 * refuse a period that is not open yet (a write; rep_form_period_opens).
 */
static enum err
ctx_open(struct ctx *c, struct db *db, struct arena *a, const char *form_id,
    const char *structure, const char *code, const char *period,
    bool started, struct errinfo *ei)
{
	char today[DATE_LEN];
	long day;
	int version;
	enum err e;

	memset(c, 0, sizeof(*c));
	c->db = db;
	c->a = a;
	if ((e = rep_period_parse(period, "period", &c->p, ei)) != ERR_OK)
		return e;
	rep_period_format(&c->p, c->period);
	if ((e = load_form(db, form_id, 0, &c->f, ei)) != ERR_OK ||
	    (e = units_get(db, a, structure, code, &c->u, ei)) != ERR_OK ||
	    (e = find_report(c, form_id, &version, ei)) != ERR_OK)
		return e;
	if (version != 0 && version != c->f->version &&
	    (e = load_form(db, form_id, version, &c->f, ei)) != ERR_OK)
		return e;
	if ((e = rep_form_period_check(c->f, &c->p, "period", ei)) != ERR_OK)
		return e;
	if (strcmp(c->u.structure, c->f->structure) != 0)
		return err_set(ei, ERR_INVALID, "reporting.wrong_structure",
		    "code", "biểu mẫu '%s' dành cho đơn vị theo cấu trúc %s, "
		    "không phải %s", "the form '%s' is for units of the %s "
		    "structure, not %s", c->f->title, c->f->structure,
		    c->u.structure);
	if (!rep_form_filled_by(c->f, c->u.level))
		return err_set(ei, ERR_INVALID, "reporting.wrong_level", "code",
		    "%s không lập biểu mẫu '%s' (cấp %s)",
		    "%s does not fill the form '%s' (%s level)",
		    c->u.full_name, c->f->title, c->u.level);
	date_parse(date_today(today), &day);
	if (started && day < rep_form_period_opens(c->f, &c->p)) {
		char opens[DATE_LEN];

		date_format(rep_form_period_opens(c->f, &c->p), opens);
		return err_set(ei, ERR_INVALID, "reporting.not_started",
		    "period", "kỳ báo cáo %s chưa mở (mở từ ngày %s)%.0s",
		    "the reporting period %s is not open yet (it opens on "
		    "%.0s%s)", c->period, date_display(c->a, opens, "vi"),
		    opens);
	}
	return ERR_OK;
}

/* Is slot one a person enters (not a total, formula or automatic)? */
static bool
slot_entered(const struct rep_form *f, size_t slot)
{
	long cat;
	const struct rep_element *el = rep_slot_element(f, slot, &cat);

	if (el == NULL || el->formula != NULL ||
	    el->auto_source != REP_AUTO_NONE)
		return false;
	return el->breakdown == NULL ? cat < 0 : cat >= 0;
}

/* The stored values of report id into vals (computed). */
static enum err
load_values(struct db *db, struct arena *a, const struct rep_form *f,
    int64_t id, struct rep_value *vals, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_REP_VALUES_OF);

	db_bind_int(st, 1, id);
	return rep_report_read_values(db, st, a, f, vals, ei);
}

enum err
rep_report_read_values(struct db *db, struct db_stmt *st, struct arena *a,
    const struct rep_form *f, struct rep_value *vals, struct errinfo *ei)
{
	json_t *one, *v;
	struct errinfo skip;
	long slot;
	int rc;

	while ((rc = db_step(st, ei)) == 1) {
		const char *name = db_col_text(st, 0);

		if ((slot = rep_slot(f, name)) < 0)
			continue;
		if (db_col_int(st, 2) != 0) {	/* the platform's figure */
			rep_auto_load(f, (size_t)slot, db_col_text(st, 1), vals);
			continue;
		}
		v = json_loads(db_col_text(st, 1), JSON_DECODE_ANY, NULL);
		if (v == NULL)
			continue;
		one = json_object();
		json_object_set_new(one, name, v);
		(void)rep_values_from_json(f, NULL, one, a, vals, NULL, &skip);
		json_decref(one);
	}
	db_end_reads(db);
	if (rc < 0)
		return ei->err;
	rep_values_compute(f, vals);
	return ERR_OK;
}

enum err
rep_report_load_values(struct db *db, struct arena *a,
    const struct rep_form *f, int64_t report_id, struct rep_value *vals,
    struct errinfo *ei)
{
	return load_values(db, a, f, report_id, vals, ei);
}

/* ---- aggregates ---- */

int
rep_finest_level(const struct rep_form *f)
{
	for (int l = UNIT_LEVEL__MAX - 1; l >= 0; l--)
		if (f->levels & (1u << l))
			return l;
	return -1;
}

static void
target_add(struct target *t, size_t *n, const char *s, const char *c,
    double share)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(t[i].structure, s) == 0 && strcmp(t[i].code, c) == 0) {
			t[i].share += share;
			return;
		}
	if (*n < TARGETS_MAX) {
		t[*n].structure = s;
		t[*n].code = c;
		t[(*n)++].share = share;
	}
}

/* u and its ancestors into t with share. */
static enum err
target_chain(struct db *db, struct arena *a, const struct unit *u,
    double share, struct target *t, size_t *n, struct errinfo *ei)
{
	struct unit_list anc;
	enum err e;

	target_add(t, n, u->structure, u->code, share);
	if ((e = units_ancestors(db, a, u, &anc, ei)) != ERR_OK)
		return e;
	for (size_t i = 0; i < anc.n; i++)
		target_add(t, n, anc.items[i].structure, anc.items[i].code,
		    share);
	return ERR_OK;
}

/*
 * The scopes u's report counts in: u, its ancestors, and for a pre-2025
 * unit each 2025 unit its area went into (share by rep_lineage_shares)
 * with their ancestors; a scope reached twice (two parts of a split
 * commune in one province) gets the sum of the shares.
 */
static enum err
agg_targets(struct db *db, struct arena *a, const struct unit *u,
    struct target *t, size_t *n, struct errinfo *ei)
{
	struct unit_link *succ;
	struct unit su;
	double *shares;
	size_t ns;
	enum err e;

	*n = 0;
	if ((e = target_chain(db, a, u, 1, t, n, ei)) != ERR_OK)
		return e;
	if (strcmp(u->structure, "pre2025") != 0)
		return ERR_OK;
	if ((e = units_successors(db, a, u->structure, u->code, &succ, &ns,
	    ei)) != ERR_OK)
		return e;
	if (ns == 0)
		return ERR_OK;
	shares = arena_alloc(a, ns * sizeof(*shares));
	if ((e = rep_lineage_shares(succ, ns, NULL, shares, ei)) != ERR_OK)
		return e;
	for (size_t i = 0; i < ns; i++) {
		if (units_get(db, a, succ[i].structure, succ[i].code, &su,
		    ei) != ERR_OK)
			continue;	/* a successor not loaded: nowhere */
		if ((e = target_chain(db, a, &su, shares[i], t, n, ei)) !=
		    ERR_OK)
			return e;
	}
	return ERR_OK;
}

enum err
rep_report_share_in(struct db *db, struct arena *a, const struct unit *u,
    const char *structure, const char *code, double *share,
    struct errinfo *ei)
{
	struct target t[TARGETS_MAX];
	size_t n;
	enum err e;

	*share = 0;
	if ((e = agg_targets(db, a, u, t, &n, ei)) != ERR_OK)
		return e;
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].structure, structure) == 0 &&
		    strcmp(t[i].code, code) == 0)
			*share = t[i].share;
	return ERR_OK;
}

static const char *
num_text(char *buf, size_t size, double v)
{
	snprintf(buf, size, "%.17g", v);
	return buf;
}

/*
 * Adjust the aggregates of every target by the report's new values
 * (share s) minus its old ones (-s; old NULL for a new report).  Only a
 * report of the form's finest level counts.
 */
static enum err
agg_apply(struct ctx *c, const struct rep_value *old,
    const struct rep_value *new, struct errinfo *ei)
{
	struct target t[TARGETS_MAX];
	struct rep_acc *acc;
	char name[SLOT_NAME_MAX], num[40], den[40];
	size_t n;
	enum err e;

	if (units_level_from_name(c->u.level) != rep_finest_level(c->f))
		return ERR_OK;
	if ((e = agg_targets(c->db, c->a, &c->u, t, &n, ei)) != ERR_OK)
		return e;
	acc = rep_acc_new(c->f, c->a);
	for (size_t i = 0; i < n; i++) {
		memset(acc, 0, c->f->n_slots * sizeof(*acc));
		if (new != NULL)
			rep_acc_add(c->f, acc, new, t[i].share);
		if (old != NULL)
			rep_acc_add(c->f, acc, old, -t[i].share);
		if (c->sink != NULL) {
			if ((e = c->sink->add(c->sink, c->f, t[i].structure,
			    t[i].code, c->period, acc, ei)) != ERR_OK)
				return e;
			continue;
		}
		for (size_t s = 0; s < c->f->n_slots; s++) {
			struct db_stmt *st;

			if (acc[s].n == 0 && acc[s].num == 0 && acc[s].den == 0)
				continue;
			st = db_stmt(c->db, STMT_REP_AGG_ADD);
			db_bind_text(st, 1, c->f->id);
			db_bind_text(st, 2, t[i].structure);
			db_bind_text(st, 3, t[i].code);
			db_bind_text(st, 4, c->period);
			db_bind_text(st, 5, rep_slot_name(c->f, s, name,
			    sizeof(name)));
			db_bind_text(st, 6, num_text(num, sizeof(num),
			    acc[s].num));
			db_bind_text(st, 7, num_text(den, sizeof(den),
			    acc[s].den));
			db_bind_int(st, 8, acc[s].n);
			if ((e = db_exec(st, ei)) != ERR_OK)
				return e;
		}
	}
	return ERR_OK;
}

enum err
rep_report_agg_adjust(struct db *db, struct arena *a,
    const struct rep_form *f, const struct unit *u, const char *period,
    const struct rep_value *old, const struct rep_value *new,
    struct errinfo *ei)
{
	struct ctx c;

	memset(&c, 0, sizeof(c));
	c.db = db;
	c.a = a;
	c.f = f;
	c.u = *u;
	snprintf(c.period, sizeof(c.period), "%s", period);
	return agg_apply(&c, old, new, ei);
}

/* ---- saving ---- */

const char *
rep_value_literal(const struct rep_form *f, size_t slot,
    const struct rep_value *v, struct arena *a)
{
	json_t *j;
	char *s;
	const char *out;

	if (!v->present)
		return NULL;
	j = rep_value_json(f, slot, v);
	s = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
	json_decref(j);
	if (s == NULL)
		return NULL;
	out = arena_strdup(a, s);
	free(s);
	return out;
}

static enum err
report_create(struct ctx *c, const char *now, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(c->db, STMT_REP_REPORT_INSERT);
	int rc;

	db_bind_text(st, 1, c->f->id);
	db_bind_int(st, 2, c->f->version);
	db_bind_text(st, 3, c->u.structure);
	db_bind_text(st, 4, c->u.code);
	db_bind_text(st, 5, c->period);
	db_bind_text(st, 6, now);
	db_bind_text(st, 7, now);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	c->report_id = db_col_int(st, 0);
	c->state = "draft";
	db_end_reads(c->db);
	return ERR_OK;
}

/* Write one changed slot and its history row. */
static enum err
value_write(struct ctx *c, const struct audit_actor *who, const char *slot,
    const char *was, const char *now_value, const char *now,
    struct errinfo *ei)
{
	struct db_stmt *st;
	enum err e;

	if (now_value == NULL) {
		st = db_stmt(c->db, STMT_REP_VALUE_DELETE);
		db_bind_int(st, 1, c->report_id);
		db_bind_text(st, 2, slot);
	} else {
		st = db_stmt(c->db, STMT_REP_VALUE_UPSERT);
		db_bind_int(st, 1, c->report_id);
		db_bind_text(st, 2, slot);
		db_bind_text(st, 3, now_value);
		db_bind_text(st, 4, now);
	}
	if ((e = db_exec(st, ei)) != ERR_OK)
		return e;
	st = db_stmt(c->db, STMT_REP_VALUE_HISTORY_ADD);
	db_bind_int(st, 1, c->report_id);
	db_bind_text(st, 2, slot);
	db_bind_text(st, 3, was);
	db_bind_text(st, 4, now_value);
	db_bind_text(st, 5, now);
	audit_bind_actor(st, 6, who);
	db_bind_text(st, 7, who != NULL ? who->role : NULL);
	db_bind_text(st, 8, who != NULL ? who->structure : NULL);
	db_bind_text(st, 9, who != NULL ? who->unit_code : NULL);
	db_bind_text(st, 10, c->state);
	return db_exec(st, ei);
}

/* Read and check the new values (every problem in pr): ERR_OK or
 * ERR_INVALID, nothing written either way. */
static enum err
check_values(struct ctx *c, json_t *values, struct rep_value *vals,
    struct rep_problems *pr, struct errinfo *ei)
{
	enum err e;

	if (!json_is_object(values))
		return err_set(ei, ERR_INVALID, "reporting.values_required",
		    "values", "cần một đối tượng \"values\": {phần tử: giá "
		    "trị}", "an object \"values\": {element: value} is needed");
	if ((e = rep_values_from_json(c->f, c->u.level, values, c->a, vals,
	    pr, ei)) != ERR_OK)
		return e;
	rep_values_compute(c->f, vals);
	return rep_validate(c->f, c->u.level, vals, false, c->a, NULL, pr,
	    NULL, ei);
}

/* Write every changed entered slot; *changed lists them. */
static enum err
write_changes(struct ctx *c, const struct audit_actor *who,
    const struct rep_value *old, const struct rep_value *vals,
    const char *now, json_t *changed, struct errinfo *ei)
{
	char name[SLOT_NAME_MAX];
	enum err e;

	for (size_t s = 0; s < c->f->n_slots; s++) {
		const char *was, *is;

		if (!slot_entered(c->f, s))
			continue;
		was = rep_value_literal(c->f, s, &old[s], c->a);
		is = rep_value_literal(c->f, s, &vals[s], c->a);
		if (was == is || (was != NULL && is != NULL &&
		    strcmp(was, is) == 0))
			continue;
		rep_slot_name(c->f, s, name, sizeof(name));
		if ((e = value_write(c, who, name, was, is, now, ei)) != ERR_OK)
			return e;
		json_object_set_new(changed, name, is != NULL ?
		    json_loads(is, JSON_DECODE_ANY, NULL) : json_null());
	}
	return ERR_OK;
}

enum err
rep_report_put_in(struct db *db, const struct audit_actor *who,
    const char *form_id, const char *structure, const char *code,
    const char *period, json_t *values, const char *lang, json_t *changed,
    struct rep_agg_sink *sink, struct rep_problems *pr, struct errinfo *ei)
{
	struct arena *a = arena_new(64 * 1024);
	struct rep_value *old, *vals;
	struct ctx c;
	json_t *autos = json_object();
	char now[32];
	size_t n_auto = 0;
	bool had, editable;
	enum err e;

	if ((e = ctx_open(&c, db, a, form_id, structure, code, period, true,
	    ei)) != ERR_OK)
		goto out;
	c.sink = sink;
	if ((e = rep_report_editable(db, c.report_id, c.state, &editable,
	    ei)) != ERR_OK)
		goto out;
	if (!editable && strcmp(c.state, "approved") == 0) {
		e = err_set(ei, ERR_CONFLICT, "reporting.approved", "state",
		    "báo cáo kỳ %s của %s đã được phê duyệt: không sửa được "
		    "nữa (cần mở lại)", "the %s report of %s is approved: it "
		    "cannot be changed (it must be reopened)", c.period,
		    c.u.full_name);
		goto out;
	}
	/* Under review the figures hold still: the approver decides on what
	 * was submitted; a return gives the report back to its unit. */
	if (!editable) {
		e = err_set(ei, ERR_CONFLICT, "reporting.submitted", "state",
		    "báo cáo kỳ %s của %s đã nộp và đang chờ phê duyệt: không "
		    "sửa được (cấp trên trả lại thì sửa được)", "the %s report "
		    "of %s is submitted and awaits approval: it cannot be "
		    "changed (it can once the level above returns it)",
		    c.period, c.u.full_name);
		goto out;
	}
	old = rep_values_new(c.f, a);
	vals = rep_values_new(c.f, a);
	had = c.report_id != 0;
	if (had && (e = load_values(db, a, c.f, c.report_id, old, ei)) !=
	    ERR_OK)
		goto out;
	memcpy(vals, old, c.f->n_slots * sizeof(*vals));
	/* The platform's figures as of now (rep_auto.h), before the rules. */
	if ((e = rep_auto_compute(db, a, c.f, &c.u,
	    &c.p, lang, vals, NULL, ei)) != ERR_OK)
		goto out;
	if ((e = check_values(&c, values, vals, pr, ei)) != ERR_OK)
		goto out;
	stamp_now(now);
	if (!had)
		e = report_create(&c, now, ei);
	if (e == ERR_OK)
		e = write_changes(&c, who, old, vals, now, changed, ei);
	if (e == ERR_OK)
		e = rep_auto_write(db, who, c.f, c.report_id, c.state, old, vals,
		    now, autos, &n_auto, ei);
	if (e == ERR_OK && (json_object_size(changed) > 0 || n_auto > 0)) {
		struct db_stmt *st = db_stmt(db, STMT_REP_REPORT_TOUCH);

		db_bind_text(st, 1, now);
		db_bind_int(st, 2, c.report_id);
		if ((e = db_exec(st, ei)) == ERR_OK)
			e = rep_pack_write(db, c.f, c.report_id, vals, ei);
		if (e == ERR_OK)
			e = agg_apply(&c, had ? old : NULL, vals, ei);
	}
	if (e == ERR_OK)
		e = audit_record(db, who, "reporting.save", c.u.structure,
		    c.u.code, json_pack("{s:s, s:i, s:s, s:O, s:O}", "form",
		    c.f->id, "version", c.f->version, "period", c.period,
		    "changed", changed, "automatic", autos), ei, "report:%lld",
		    (long long)c.report_id);
out:
	json_decref(autos);
	arena_free(a);
	return e;
}

enum err
rep_report_put(struct db *db, const struct audit_actor *who,
    const char *form_id, const char *structure, const char *code,
    const char *period, json_t *values, const char *lang, json_t **out,
    struct rep_problems *pr, struct errinfo *ei)
{
	json_t *changed = json_object();
	bool own = !db_in_transaction(db);
	enum err e = ERR_OK;

	if (out != NULL)
		*out = NULL;
	/* A read left open before (the router's) would hold an old snapshot
	 * that SQLite cannot turn into a write: end it first.  Inside the
	 * caller's transaction (several saves at once: the demo), the caller
	 * commits or rolls back. */
	if (own) {
		db_end_reads(db);
		e = db_begin(db, ei);
	}
	if (e == ERR_OK) {
		e = rep_report_put_in(db, who, form_id, structure, code, period,
		    values, lang, changed, NULL, pr, ei);
		if (own)
			e = db_finish(db, e, ei);
	}
	if (e == ERR_OK && out != NULL && (e = rep_report_get(db, form_id,
	    structure, code, period, lang, out, ei)) == ERR_OK)
		json_object_set(*out, "changed", changed);
	json_decref(changed);
	return e;
}

/* ---- reading ---- */

static json_t *
unit_json(const struct unit *u)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "structure", u->structure,
	    "code", u->code, "name", u->full_name, "level", u->level);
}

/* Every slot of the unit's level with its value and flags. */
static json_t *
slots_json(const struct ctx *c, const struct rep_value *vals,
    const char *lang)
{
	json_t *arr = json_array();
	char name[SLOT_NAME_MAX];
	long cat;

	for (size_t s = 0; s < c->f->n_slots; s++) {
		const struct rep_element *el = rep_slot_element(c->f, s, &cat);

		if (el == NULL || !rep_element_filled_by(c->f, el, c->u.level))
			continue;
		json_array_append_new(arr, json_pack("{s:s, s:s, s:o, s:b, "
		    "s:b, s:b}", "slot", rep_slot_name(c->f, s, name,
		    sizeof(name)), "label", rep_slot_label(c->f, s, lang, c->a),
		    "value", rep_value_json(c->f, s, &vals[s]), "entered",
		    slot_entered(c->f, s), "computed", el->formula != NULL ||
		    (el->breakdown != NULL && cat < 0), "automatic",
		    el->auto_source != REP_AUTO_NONE || vals[s].automatic));
	}
	return arr;
}

/* The rules' outcomes and the non-blocking ones violated, in lang. */
static void
rules_json(const struct ctx *c, const struct rep_value *vals,
    const char *lang, json_t *view)
{
	struct rep_rule_result *res = arena_alloc(c->a, (c->f->n_rules + 1) *
	    sizeof(*res));
	struct rep_problems pr;
	struct errinfo ei;
	json_t *rules = json_array(), *warn = json_array();
	char name[SLOT_NAME_MAX];

	rep_problems_init(&pr, c->a, 16);
	rep_validate(c->f, c->u.level, vals, false, c->a, res, &pr, NULL, &ei);
	for (size_t i = 0; i < c->f->n_rules; i++) {
		const struct rep_rule *r = &c->f->rules[i];

		json_array_append_new(rules, json_pack("{s:s, s:s, s:b}", "id",
		    r->id, "state", rep_rule_state_names[res[i].state],
		    "blocking", r->blocking));
		if (res[i].state != REP_RULE_VIOLATED)
			continue;
		rep_slot_name(c->f, (size_t)(r->first_slot >= 0 ?
		    r->first_slot : 0), name, sizeof(name));
		json_array_append_new(warn, json_pack("{s:s, s:s, s:s, s:s}",
		    "code", "reporting.rule_violated", "field",
		    arena_printf(c->a, "values.%s", name), "rule", r->id,
		    "message", arena_printf(c->a, "%s: %s", rep_slot_label(c->f,
		    (size_t)(r->first_slot >= 0 ? r->first_slot : 0), lang,
		    c->a), msg_pick(lang, r->message, r->message_en))));
	}
	json_object_set_new(view, "rules", rules);
	json_object_set_new(view, "warnings", warn);
}

static enum err
history_json(const struct ctx *c, json_t *view, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(c->db, STMT_REP_VALUE_HISTORY_OF);
	json_t *arr = json_array();
	long total = 0;
	int rc;

	db_bind_int(st, 1, c->report_id);
	while ((rc = db_step(st, ei)) == 1) {
		json_t *was, *is;

		if (total++ >= REP_HISTORY_MAX)
			continue;
		was = db_col_null(st, 1) ? NULL : json_loads(db_col_text(st, 1),
		    JSON_DECODE_ANY, NULL);
		is = db_col_null(st, 2) ? NULL : json_loads(db_col_text(st, 2),
		    JSON_DECODE_ANY, NULL);
		json_array_append_new(arr, json_pack("{s:s, s:o, s:o, s:s, "
		    "s:o, s:o, s:s}", "slot", db_col_text(st, 0), "old",
		    was ? was : json_null(), "new", is ? is : json_null(), "at",
		    db_col_text(st, 3), "username", jval_string(db_col_text(st,
		    4)), "role", jval_string(db_col_text(st, 5)), "state",
		    db_col_text(st, 6)));
	}
	db_end_reads(c->db);
	if (rc >= 0 && rep_person_names(c->db, arr, "username", "full_name",
	    ei) != ERR_OK)
		rc = -1;
	json_object_set_new(view, "history", arr);
	json_object_set_new(view, "history_total", json_integer(total));
	return rc < 0 ? ei->err : ERR_OK;
}

/* The previous period's report of the same unit and form, or null. */
static enum err
previous_json(const struct ctx *c, json_t *view, struct errinfo *ei)
{
	struct ctx pc = *c;
	struct rep_value *vals;
	int version;
	enum err e;

	json_object_set_new(view, "previous", json_null());
	if (!rep_period_prev(&c->p, &pc.p))
		return ERR_OK;
	rep_period_format(&pc.p, pc.period);
	if ((e = find_report(&pc, c->f->id, &version, ei)) != ERR_OK ||
	    pc.report_id == 0)
		return e;
	vals = rep_values_new(c->f, c->a);
	if ((e = load_values(c->db, c->a, c->f, pc.report_id, vals, ei)) !=
	    ERR_OK)
		return e;
	json_object_set_new(view, "previous", json_pack("{s:s, s:s, s:o}",
	    "period", pc.period, "state", pc.state, "values",
	    rep_values_json(c->f, vals)));
	return ERR_OK;
}

/*
 * The unit's plans for the period's year (a report of a form that is not
 * yearly): the reports of every yearly form of the same structure for
 * that year, [{form: {id, title}, period, state, values}] - the annual
 * plan beside the monthly progress.  Which plan element compares with
 * which reported one is not in the form format yet: the page shows both.
 */
static enum err
plans_json(const struct ctx *c, const char *lang, json_t *view,
    struct errinfo *ei)
{
	json_t *forms, *plans = json_array(), *it;
	size_t i;
	enum err e;

	json_object_set_new(view, "plans", plans);
	if (c->f->period_type == REP_YEAR)
		return ERR_OK;
	if ((e = rep_forms_list(c->db, &forms, ei)) != ERR_OK)
		return e;
	json_array_foreach(json_object_get(forms, "items"), i, it) {
		struct ctx pc = *c;
		struct rep_value *vals;
		int version;

		if (strcmp(jval_str(it, "period_type"), "year") != 0 ||
		    strcmp(jval_str(it, "id"), c->f->id) == 0)
			continue;
		if ((e = load_form(c->db, jval_str(it, "id"), 0, &pc.f, ei)) !=
		    ERR_OK)
			break;
		if (strcmp(pc.f->structure, c->u.structure) != 0 ||
		    !rep_form_filled_by(pc.f, c->u.level))
			continue;
		pc.p.type = REP_YEAR;
		pc.p.year = c->p.year;
		pc.p.index = 1;
		rep_period_format(&pc.p, pc.period);
		if ((e = find_report(&pc, pc.f->id, &version, ei)) != ERR_OK)
			break;
		if (pc.report_id == 0)
			continue;
		if (version != pc.f->version && (e = load_form(c->db,
		    pc.f->id, version, &pc.f, ei)) != ERR_OK)
			break;
		vals = rep_values_new(pc.f, c->a);
		if ((e = load_values(c->db, c->a, pc.f, pc.report_id, vals,
		    ei)) != ERR_OK)
			break;
		json_array_append_new(plans, json_pack("{s:{s:s, s:s}, s:s, "
		    "s:s, s:o}", "form", "id", pc.f->id, "title", msg_pick(lang,
		    pc.f->title, pc.f->title_en), "period", pc.period, "state",
		    pc.state, "values", rep_values_json(pc.f, vals)));
	}
	json_decref(forms);
	return e;
}

enum err
rep_report_get(struct db *db, const char *form_id, const char *structure,
    const char *code, const char *period, const char *lang, json_t **out,
    struct errinfo *ei)
{
	struct arena *a = arena_new(64 * 1024);
	struct rep_value *vals;
	struct ctx c;
	char due[DATE_LEN];
	json_t *view = NULL, *autos = NULL;
	bool editable;
	enum err e;

	*out = NULL;
	if ((e = ctx_open(&c, db, a, form_id, structure, code, period, false,
	    ei)) != ERR_OK)
		goto out;
	vals = rep_values_new(c.f, a);
	if (c.report_id != 0 && (e = load_values(db, a, c.f, c.report_id,
	    vals, ei)) != ERR_OK)
		goto out;
	/* A report that can still change shows the platform's figures as
	 * they are now; a submitted one what it stored (rep_auto.h). */
	if ((e = rep_report_editable(db, c.report_id, c.state, &editable,
	    ei)) != ERR_OK)
		goto out;
	autos = json_array();
	if (editable) {
		if ((e = rep_auto_compute(db, a, c.f, &c.u, &c.p, lang, vals,
		    autos, ei)) != ERR_OK)
			goto out;
		rep_values_compute(c.f, vals);
	} else {
		json_decref(autos);
		autos = rep_auto_frozen_json(c.f, &c.u, vals, lang, a);
	}
	date_format(rep_form_due(c.f, &c.p), due);
	view = json_pack("{s:{s:s, s:i, s:s}, s:o, s:s, s:s, s:s, s:o, s:o}",
	    "form", "id", c.f->id, "version", c.f->version, "title",
	    msg_pick(lang, c.f->title, c.f->title_en), "unit", unit_json(&c.u),
	    "period", c.period, "due", due, "state", c.state, "updated_at",
	    jval_string(c.updated_at), "values", rep_values_json(c.f, vals));
	json_object_set_new(view, "slots", slots_json(&c, vals, lang));
	json_object_set_new(view, "state_editable", json_boolean(editable));
	json_object_set(view, "automatic", autos);
	rules_json(&c, vals, lang, view);
	if ((e = rep_plan_json(db, a, c.f, &c.u, &c.p, vals, false, lang, view,
	    ei)) == ERR_OK && (e = previous_json(&c, view, ei)) == ERR_OK &&
	    (e = plans_json(&c, lang, view, ei)) == ERR_OK)
		e = history_json(&c, view, ei);
out:
	db_end_reads(db);
	json_decref(autos);
	if (e == ERR_OK)
		*out = view;
	else
		json_decref(view);
	arena_free(a);
	return e;
}

/* The aggregate rows of one unit and period into acc (slots of f). */
static enum err
agg_read(struct db *db, const struct rep_form *f, const char *structure,
    const char *code, const char *period, struct rep_acc *acc,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_REP_AGG_OF);
	long slot;
	int rc;

	db_bind_text(st, 1, f->id);
	db_bind_text(st, 2, structure);
	db_bind_text(st, 3, code);
	db_bind_text(st, 4, period);
	while ((rc = db_step(st, ei)) == 1) {
		if ((slot = rep_slot(f, db_col_text(st, 0))) < 0)
			continue;
		acc[slot].num = strtod(db_col_text(st, 1), NULL);
		acc[slot].den = strtod(db_col_text(st, 2), NULL);
		acc[slot].n = (long)db_col_int(st, 3);
	}
	db_end_reads(db);
	return rc < 0 ? ei->err : ERR_OK;
}

enum err
rep_aggregate_get(struct db *db, const char *form_id, const char *structure,
    const char *code, const char *period, const char *lang, json_t **out,
    struct errinfo *ei)
{
	struct arena *a = arena_new(32 * 1024);
	struct rep_period p;
	const struct rep_form *f;
	struct rep_value *vals;
	struct rep_acc *acc;
	struct unit u;
	char text[REP_PERIOD_TEXT], name[SLOT_NAME_MAX];
	json_t *counted, *periods = NULL;
	long most = 0;
	bool longer;
	enum err e;

	*out = NULL;
	if ((e = rep_period_parse(period, "period", &p, ei)) != ERR_OK ||
	    (e = load_form(db, form_id, 0, &f, ei)) != ERR_OK)
		goto out;
	/* A longer period than the form's (a year of a monthly form) is
	 * made from its periods' aggregates (rep_overtime.h). */
	longer = p.type > f->period_type && p.year >= f->year_from &&
	    p.year <= f->year_to;
	if ((!longer && (e = rep_form_period_check(f, &p, "period", ei)) !=
	    ERR_OK) ||
	    (e = units_get(db, a, structure, code, &u, ei)) != ERR_OK)
		goto out;
	rep_period_format(&p, text);
	acc = rep_acc_new(f, a);
	vals = rep_values_new(f, a);
	counted = json_object();
	if (longer) {
		periods = json_array();
		if ((e = rep_overtime_aggregate(db, a, f, u.structure, u.code,
		    &p, vals, periods, counted, &most, ei)) != ERR_OK) {
			json_decref(counted);
			json_decref(periods);
			goto out;
		}
		goto view;
	}
	if ((e = agg_read(db, f, u.structure, u.code, text, acc, ei)) !=
	    ERR_OK) {
		json_decref(counted);
		goto out;
	}
	rep_acc_values(f, acc, vals);
	for (size_t s = 0; s < f->n_slots; s++) {
		if (acc[s].n <= 0)
			continue;
		json_object_set_new(counted, rep_slot_name(f, s, name,
		    sizeof(name)), json_integer(acc[s].n));
		if (acc[s].n > most)
			most = acc[s].n;
	}
view:
	*out = json_pack("{s:{s:s, s:i, s:s}, s:o, s:s, s:o, s:o, s:I, s:s}",
	    "form", "id", f->id, "version", f->version, "title",
	    msg_pick(lang, f->title, f->title_en), "unit", unit_json(&u),
	    "period", text, "values", rep_values_json(f, vals), "counted",
	    counted, "reports", (json_int_t)most, "method",
	    msg_get(lang, "rep_aggregate_method"));
	if ((e = rep_plan_json(db, a, f, &u, &p, vals, true, lang, *out,
	    ei)) != ERR_OK) {
		json_decref(*out);
		*out = NULL;
		json_decref(periods);
		goto out;
	}
	if (periods != NULL) {
		const char *args[3];
		char nb[16], nr[16];
		size_t i, with = 0;
		json_t *it;

		json_array_foreach(periods, i, it)
			with += json_integer_value(json_object_get(it,
			    "reports")) > 0;
		snprintf(nb, sizeof(nb), "%zu", json_array_size(periods));
		snprintf(nr, sizeof(nr), "%zu", with);
		args[0] = text;
		args[1] = nr;
		args[2] = nb;
		json_object_set_new(*out, "periods", periods);
		json_object_set_new(*out, "over_time_method", json_string(
		    msg_formata(a, lang, "rauto_over_time_method", args, 3)));
	}
out:
	arena_free(a);
	return e;
}

/* ---- rebuild ---- */

enum err
rep_aggregates_rebuild(struct db *db, const char *form_id,
    const char *period, long *reports, struct errinfo *ei)
{
	struct arena *a = arena_new(64 * 1024);
	struct db_stmt *st;
	json_t *rows = json_array(), *row;
	size_t i;
	long count = 0;
	int rc;
	enum err e;

	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	st = db_stmt(db, STMT_REP_AGG_CLEAR);
	db_bind_text(st, 1, form_id);
	db_bind_text(st, 2, period);
	if ((e = db_exec(st, ei)) != ERR_OK)
		goto out;
	st = db_stmt(db, STMT_REP_REPORTS_OF_PERIOD);
	db_bind_text(st, 1, form_id);
	db_bind_text(st, 2, period);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(rows, json_pack("{s:I, s:s, s:s}", "id",
		    (json_int_t)db_col_int(st, 0), "structure",
		    db_col_text(st, 2), "code", db_col_text(st, 3)));
	db_end_reads(db);
	if (rc < 0) {
		e = ei->err;
		goto out;
	}
	json_array_foreach(rows, i, row) {
		struct ctx c;
		struct rep_value *vals;

		if ((e = ctx_open(&c, db, a, form_id, jval_str(row,
		    "structure"), jval_str(row, "code"), period, false, ei)) !=
		    ERR_OK)
			goto out;
		vals = rep_values_new(c.f, a);
		if ((e = load_values(db, a, c.f, c.report_id, vals, ei)) !=
		    ERR_OK || (e = agg_apply(&c, NULL, vals, ei)) != ERR_OK)
			goto out;
		count++;
	}
out:
	e = db_finish(db, e, ei);
done:
	if (reports != NULL)
		*reports = count;
	json_decref(rows);
	arena_free(a);
	return e;
}

enum err
rep_aggregates_dump(struct db *db, const char *form_id, const char *period,
    json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_REP_AGG_ALL);
	json_t *arr = json_array();
	int rc;

	db_bind_text(st, 1, form_id);
	db_bind_text(st, 2, period);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:f, "
		    "s:f, s:I}", "structure", db_col_text(st, 0), "code",
		    db_col_text(st, 1), "slot", db_col_text(st, 2), "num",
		    strtod(db_col_text(st, 3), NULL), "den",
		    strtod(db_col_text(st, 4), NULL), "n",
		    (json_int_t)db_col_int(st, 5)));
	db_end_reads(db);
	if (rc < 0) {
		json_decref(arr);
		return ei->err;
	}
	*out = arr;
	return ERR_OK;
}
