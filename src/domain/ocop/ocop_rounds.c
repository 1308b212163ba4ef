/*
 * ocop_rounds.c - OCOP evaluation rounds: open, members, products, the
 * members' sheets, the chair's close (contract in ocop_rounds.h;
 * docs/OCOP.md section 6).
 *
 * Every write is one transaction with its audit entry.  The arithmetic is
 * the scorecard engine's (ocop_sheet_score for a sheet, ocop_aggregate
 * for a product's result); the product's steps are the cycle's
 * (ocop_step_take), taken with the binding the round's own rule admitted
 * once the procedure has said that the product's state allows them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/msg.h"
#include "core/stamp.h"
#include "db/db_rows.h"
#include "domain/audit/audit.h"
#include "domain/ocop/ocop_certificates.h"
#include "domain/ocop/ocop_internal.h"
#include "domain/ocop/ocop_rounds.h"
#include "domain/ocop/ocop_scorecard_store.h"

#define DEFAULT_SCORECARD	"ocop-148-2023"
#define COUNTRY_STRUCTURE	"2025"
#define COUNTRY_CODE		"VN"
#define MANAGERS	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR) | \
	ROLE_BIT(ROLE_PROVINCE_OFFICER))
#define CENTRAL_MANAGERS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR))
#define EVALUATOR	ROLE_BIT(ROLE_OCOP_EVALUATOR)
#define UNSCORED_MAX	10	/* products a refused close names */

/* A round as read (strings in the caller's arena). */
struct round {
	int64_t id, chair_id;
	const char *level, *structure, *code, *name, *scorecard_id, *state;
	const char *opened_at, *closed_at, *unit_name, *chair_name;
	int scorecard_version;
	bool central, open;
};

static bool
blank(const char *s)
{
	return s == NULL || s[0] == '\0';
}

static const char *
adup(struct arena *a, const char *s)
{
	return s == NULL ? NULL : arena_strdup(a, s);
}

static void
round_from_row(struct db_stmt *st, struct arena *a, struct round *r)
{
	r->id = db_col_int(st, 0);
	r->level = adup(a, db_col_text(st, 1));
	r->structure = adup(a, db_col_text(st, 2));
	r->code = adup(a, db_col_text(st, 3));
	r->name = adup(a, db_col_text(st, 4));
	r->scorecard_id = adup(a, db_col_text(st, 5));
	r->scorecard_version = (int)db_col_int(st, 6);
	r->state = adup(a, db_col_text(st, 7));
	r->chair_id = db_col_int(st, 8);
	r->opened_at = adup(a, db_col_text(st, 9));
	r->closed_at = adup(a, db_col_text(st, 10));
	r->unit_name = adup(a, db_col_text(st, 11));
	r->chair_name = adup(a, db_col_text(st, 12));
	r->central = strcmp(r->level, "central") == 0;
	r->open = strcmp(r->state, "open") == 0;
}

static enum err
round_load(struct db *db, struct arena *a, int64_t id, struct round *r,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_ROUND_GET);
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 0)
		return err_set(ei, ERR_NOTFOUND, "ocop.round_not_found", "id",
		    "Không có kỳ đánh giá này", "No such evaluation round");
	round_from_row(st, a, r);
	return ERR_OK;
}

/* The binding of p that manages r (opens, adds members and products):
 * the province's officer, a coordinator or an administrator over it; for
 * a central round a coordinator or an administrator. */
static const struct role_binding *
manager_binding(struct db *db, const struct principal *p,
    const char *level_central, const char *structure, const char *code)
{
	const struct role_binding *b = NULL;

	if (level_central != NULL)
		return auth_can(db, p, CENTRAL_MANAGERS, COUNTRY_STRUCTURE,
		    COUNTRY_CODE, &b) ? b : NULL;
	return auth_can(db, p, MANAGERS, structure, code, &b) ? b : NULL;
}

static const struct role_binding *
round_manager(struct db *db, const struct principal *p, const struct round *r)
{
	return manager_binding(db, p, r->central ? "central" : NULL,
	    r->structure, r->code);
}

static enum err
forbidden(struct errinfo *ei)
{
	return err_set(ei, ERR_FORBIDDEN, "ocop.round_forbidden", "id",
	    "Chỉ cán bộ cấp tỉnh của tỉnh này, điều phối viên hoặc quản trị "
	    "viên quản lý kỳ đánh giá", "Only the province's officer, a "
	    "coordinator or an administrator manages this round");
}

/* Is id in the round: a member (has: STMT_OCOP_ROUND_MEMBER_HAS, a
 * user's id) or a product (STMT_OCOP_ROUND_PRODUCT_HAS)? */
static bool
round_has(struct db *db, enum stmt_id has, int64_t round_id, int64_t id)
{
	struct db_stmt *st = db_stmt(db, has);
	struct errinfo ei;

	db_bind_int(st, 1, round_id);
	db_bind_int(st, 2, id);
	return db_step(st, &ei) == 1;
}

/* May user_id sit on a round at (structure, code)?  An ocop_evaluator:
 * of the province (bound to it or inside it) for a provincial round, of
 * anywhere for the central council. */
static bool
eligible(struct db *db, int64_t user_id, bool central, const char *structure,
    const char *code)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_ROUND_EVALUATOR_UNITS);
	struct errinfo ei;
	bool ok = false;
	int rc;

	db_bind_int(st, 1, user_id);
	while (!ok && (rc = db_step(st, &ei)) == 1)
		ok = central || auth_unit_in_scope(db, structure, code,
		    db_col_text(st, 0), db_col_text(st, 1));
	return ok;
}

static enum err
not_evaluator(struct errinfo *ei, const char *field)
{
	return err_set(ei, ERR_INVALID, "ocop.not_evaluator", field,
	    "Người này không phải thành viên hội đồng đánh giá OCOP của cấp "
	    "này", "This person is not an OCOP evaluator of this level");
}

/* The audit entry of a write of round id (action by who on the unit
 * structure/code, summary stolen) and the version token the register
 * and pages compare. */
static enum err
round_written(struct db *db, const struct audit_actor *who,
    const char *action, const char *structure, const char *code, int64_t id,
    json_t *summary, struct errinfo *ei)
{
	enum err e = audit_record(db, who, action, structure, code, summary,
	    ei, "ocop_round:%lld", (long long)id);

	return e == ERR_OK ? db_meta_bump(db, OCOP_META_VERSION, ei) : e;
}

/* ---- open ----------------------------------------------------------- */

enum err
ocop_round_open(struct db *db, const struct principal *p,
    const struct ocop_round_in *in, int64_t *id, struct rep_problems *pr,
    struct errinfo *ei)
{
	const struct ocop_scorecard *sc = NULL;
	const struct role_binding *b;
	struct audit_actor who;
	struct errinfo one;
	struct db_stmt *st;
	char now[STAMP_TIME_LEN], lv[16] = "";
	const char *structure = in->structure, *code = in->code;
	bool central = in->level != NULL && strcmp(in->level, "central") == 0;
	size_t nbad = 0;
	enum err e;

#define BAD(call) do { (void)(call); nbad++; \
	if (pr != NULL && pr->n < pr->cap) pr->items[pr->n++] = one; \
	if (nbad == 1) *ei = one; } while (0)
	if (in->level == NULL || (!central && strcmp(in->level, "province") !=
	    0))
		BAD(err_set(&one, ERR_INVALID, "ocop.bad_level", "level",
		    "Cần chọn cấp của kỳ đánh giá (tỉnh hoặc Trung ương)",
		    "Choose the round's level (province or central)"));
	if (central) {
		structure = COUNTRY_STRUCTURE;
		code = COUNTRY_CODE;
	} else if (in->level != NULL) {
		struct db_stmt *u = db_stmt(db, STMT_UNITS_GET);

		if (structure != NULL && code != NULL) {
			db_bind_text(u, 1, structure);
			db_bind_text(u, 2, code);
			if (db_step(u, &one) == 1)
				snprintf(lv, sizeof(lv), "%s", db_col_text(u,
				    5));
		}
		if (strcmp(lv, "province") != 0 || strcmp(structure, "2025")
		    != 0)
			BAD(err_set(&one, ERR_INVALID, "ocop.not_province",
			    "unit", "Kỳ đánh giá cấp tỉnh cần một tỉnh, thành "
			    "phố (theo đơn vị hành chính từ 2025)", "A "
			    "provincial round needs a province (of the 2025 "
			    "structure)"));
	}
	if (blank(in->name) || strlen(in->name) > OCOP_ROUND_NAME_MAX)
		BAD(err_set(&one, ERR_INVALID, "ocop.round_name", "name",
		    "Cần tên kỳ đánh giá (tối đa %d ký tự)", "The round needs "
		    "a name (at most %d characters)", OCOP_ROUND_NAME_MAX));
	if (ocop_scorecard_load(db, blank(in->scorecard_id) ?
	    DEFAULT_SCORECARD : in->scorecard_id, in->scorecard_version, &sc,
	    &one) != ERR_OK)
		BAD(0);
	if (in->chair_id <= 0 || (structure != NULL && code != NULL &&
	    in->level != NULL && !eligible(db, in->chair_id, central,
	    structure, code)))
		BAD(not_evaluator(&one, "chair_id"));
#undef BAD
	db_end_reads(db);
	if (nbad > 0)
		return ERR_INVALID;
	if ((b = manager_binding(db, p, central ? "central" : NULL, structure,
	    code)) == NULL)
		return forbidden(ei);
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	stamp_now(now);
	st = db_stmt(db, STMT_OCOP_ROUND_INSERT);
	db_bind_text(st, 1, central ? "central" : "province");
	db_bind_text(st, 2, structure);
	db_bind_text(st, 3, code);
	db_bind_text(st, 4, in->name);
	db_bind_text(st, 5, sc->id);
	db_bind_int(st, 6, sc->version);
	db_bind_int(st, 7, in->chair_id);
	db_bind_text(st, 8, now);
	db_bind_int(st, 9, p->user_id);
	if (db_step(st, ei) != 1) {
		e = ERR_DB;
		goto out;
	}
	*id = db_col_int(st, 0);
	db_end_reads(db);	/* a RETURNING row left open would hold the commit */
	st = db_stmt(db, STMT_OCOP_ROUND_MEMBER_ADD);
	db_bind_int(st, 1, *id);
	db_bind_int(st, 2, in->chair_id);
	db_bind_text(st, 3, now);
	if ((e = db_exec(st, ei)) != ERR_OK)
		goto out;
	auth_actor(p, b, &who);
	e = round_written(db, &who, "ocop.round_open", structure, code, *id,
	    json_pack("{s:s, s:s, s:s, s:i, s:I}", "level", central ?
	    "central" : "province", "name", in->name, "scorecard_id", sc->id,
	    "scorecard_version", sc->version, "chair_id",
	    (json_int_t)in->chair_id), ei);
out:
	return db_finish(db, e, ei);
}

/* ---- members and products --------------------------------------------- */

/* The round, open, and the binding of its manager p. */
static enum err
managed_open(struct db *db, struct arena *a, const struct principal *p,
    int64_t round_id, struct round *r, const struct role_binding **b,
    struct errinfo *ei)
{
	enum err e;

	if ((e = round_load(db, a, round_id, r, ei)) != ERR_OK)
		return e;
	if ((*b = round_manager(db, p, r)) == NULL)
		return forbidden(ei);
	if (!r->open)
		return err_set(ei, ERR_CONFLICT, "ocop.round_closed", "id",
		    "Kỳ đánh giá đã kết thúc", "The round is closed");
	return ERR_OK;
}

/* A member or a product joins round_id (statement add: round, id, time),
 * inside the caller's transaction, with its audit entry (action, the id
 * under key) and the version token (round_written). */
static enum err
round_link(struct db *db, const struct principal *p,
    const struct role_binding *b, const struct round *r, enum stmt_id add,
    int64_t round_id, const char *action, const char *key, int64_t id,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, add);
	struct audit_actor who;
	char now[STAMP_TIME_LEN];
	enum err e;

	stamp_now(now);
	db_bind_int(st, 1, round_id);
	db_bind_int(st, 2, id);
	db_bind_text(st, 3, now);
	if ((e = db_exec(st, ei)) != ERR_OK)
		return e;
	auth_actor(p, b, &who);
	return round_written(db, &who, action, r->structure, r->code, round_id,
	    json_pack("{s:I}", key, (json_int_t)id), ei);
}

/* What may join a round (round_join): ERR_OK for id, or why not; p acts
 * under b, the binding that manages the open round r. */
typedef enum err (*join_rule)(struct db *db, struct arena *a,
    const struct principal *p, const struct role_binding *b,
    const struct round *r, int64_t id, struct errinfo *ei);

/* id joins round_id (round_link's add, action and key) in one
 * transaction: the round open and managed by p, then its rule. */
static enum err
round_join(struct db *db, const struct principal *p, int64_t round_id,
    join_rule rule, enum stmt_id add, const char *action, const char *key,
    int64_t id, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	const struct role_binding *b;
	struct round r;
	enum err e;

	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	if ((e = managed_open(db, a, p, round_id, &r, &b, ei)) == ERR_OK &&
	    (e = rule(db, a, p, b, &r, id, ei)) == ERR_OK)
		e = round_link(db, p, b, &r, add, round_id, action, key, id, ei);
	e = db_finish(db, e, ei);
done:
	arena_free(a);
	return e;
}

/* A member is an evaluator of the round's level (join_rule). */
static enum err
member_rule(struct db *db, struct arena *a, const struct principal *p,
    const struct role_binding *b, const struct round *r, int64_t user_id,
    struct errinfo *ei)
{
	(void)a;
	(void)p;
	(void)b;
	if (user_id <= 0 || !eligible(db, user_id, r->central, r->structure,
	    r->code))
		return not_evaluator(ei, "user_id");
	return ERR_OK;
}

enum err
ocop_round_add_member(struct db *db, const struct principal *p,
    int64_t round_id, int64_t user_id, struct errinfo *ei)
{
	return round_join(db, p, round_id, member_rule,
	    STMT_OCOP_ROUND_MEMBER_ADD, "ocop.round_member", "user_id", user_id,
	    ei);
}

/* The step t of the product's cycle, its state checked by the procedure,
 * taken by p under binding b (the round's own rule admitted it). */
static enum err
round_step(struct db *db, struct arena *a, const struct principal *p,
    const struct role_binding *b, int64_t product_id, const char *transition,
    const char *note, struct errinfo *ei)
{
	struct ocop_step s = { .product_id = product_id, .b = b };
	struct db_stmt *st = db_stmt(db, STMT_OCOP_PRODUCT_GET);
	const struct wf_state *from;
	int64_t iid = 0;
	enum err e;

	db_bind_int(st, 1, product_id);
	if (db_step(st, ei) == 1)
		iid = db_col_int(st, 12);
	if (iid == 0)
		return err_set(ei, ERR_NOTFOUND, "ocop.product_not_found",
		    "product_id", "Không có sản phẩm này", "No such product");
	if ((e = wf_instance_get(db, a, iid, &s.inst, ei)) != ERR_OK ||
	    (e = wf_load(db, s.inst.procedure_id, s.inst.procedure_version,
	    &s.proc, ei)) != ERR_OK)
		return e;
	s.t = wf_transition_find(s.proc, transition);
	if (s.t == NULL || !wf_transition_from(s.t, s.inst.state)) {
		from = wf_state_find(s.proc, s.inst.state);
		return err_set_texts(ei, ERR_CONFLICT, "ocop.round_product_state",
		    "product_id", arena_printf(a, "Sản phẩm đang ở bước “%s”: "
		    "không đưa vào kỳ đánh giá này được", from ? from->name.vi :
		    s.inst.state), arena_printf(a, "The product is at “%s”: it "
		    "cannot take this round's step", from ? from->name.en :
		    s.inst.state));
	}
	return ocop_step_take(db, a, p, &s, note, NULL, ei);
}

/* The product's score (hundredths; -1: none) and its state. */
static long
product_score(struct db *db, struct arena *a, int64_t id, const char **state,
    const char **structure, const char **code, int *group,
    const char **subgroup)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_PRODUCT_GET);
	struct errinfo ei;
	long score = -1;

	db_bind_int(st, 1, id);
	if (db_step(st, &ei) != 1)
		return -2;
	if (!db_col_null(st, 14))
		score = lround(strtod(db_col_text(st, 14), NULL) * 100.0);
	if (state != NULL)
		*state = adup(a, db_col_text(st, 11));
	if (structure != NULL)
		*structure = adup(a, db_col_text(st, 9));
	if (code != NULL)
		*code = adup(a, db_col_text(st, 10));
	if (group != NULL)
		*group = (int)db_col_int(st, 3);
	if (subgroup != NULL)
		*subgroup = adup(a, db_col_text(st, 4));
	return score;
}

/* A product joins a round (join_rule): not in another open round; of
 * the province for a provincial round, its cycle moved there; rated 90
 * or more at the province for the central one. */
static enum err
product_rule(struct db *db, struct arena *a, const struct principal *p,
    const struct role_binding *b, const struct round *r, int64_t product_id,
    struct errinfo *ei)
{
	const char *state = NULL, *ps = NULL, *pc = NULL, *tr = NULL;
	struct db_stmt *st;
	long score;

	score = product_score(db, a, product_id, &state, &ps, &pc, NULL, NULL);
	if (score == -2)
		return err_set(ei, ERR_NOTFOUND, "ocop.product_not_found",
		    "product_id", "Không có sản phẩm này", "No such product");
	st = db_stmt(db, STMT_OCOP_ROUND_PRODUCT_OPEN);
	db_bind_int(st, 1, product_id);
	if (db_step(st, ei) == 1)
		return err_set(ei, ERR_CONFLICT, "ocop.in_round", "product_id",
		    "Sản phẩm đang ở một kỳ đánh giá chưa kết thúc",
		    "The product is in a round that is still open");
	if (!r->central) {
		/* the province's own products, sent by their commune */
		if (!auth_unit_in_scope(db, r->structure, r->code, ps, pc))
			return err_set(ei, ERR_INVALID, "ocop.other_province",
			    "product_id", "Sản phẩm không thuộc tỉnh của kỳ "
			    "đánh giá", "The product is not of the round's "
			    "province");
		tr = "open_provincial";
	} else if (strcmp(state, "central_round") != 0) {
		/* the rule of 1489/QĐ-TTg, checked here, not only declared */
		if (strcmp(state, "rated") == 0 && score < OCOP_CENTRAL_MIN)
			return err_set(ei, ERR_CONFLICT, "ocop.below_central",
			    "product_id", "Chỉ sản phẩm đạt từ 90 điểm ở cấp "
			    "tỉnh mới được đánh giá cấp Trung ương",
			    "Only a product scoring 90 points or more at the "
			    "province may go to the central round");
		tr = "to_central";
	}
	return tr != NULL ? round_step(db, a, p, b, product_id, tr, NULL, ei) :
	    ERR_OK;
}

enum err
ocop_round_add_product(struct db *db, const struct principal *p,
    int64_t round_id, int64_t product_id, struct errinfo *ei)
{
	return round_join(db, p, round_id, product_rule,
	    STMT_OCOP_ROUND_PRODUCT_ADD, "ocop.round_product", "product_id",
	    product_id, ei);
}

/* ---- sheets ------------------------------------------------------------- */

static enum err
not_member(struct errinfo *ei)
{
	return err_set(ei, ERR_FORBIDDEN, "ocop.round_not_member", "id",
	    "Bạn không phải thành viên hội đồng của kỳ đánh giá này",
	    "You do not sit on this round's council");
}

static enum err
no_product(struct errinfo *ei)
{
	return err_set(ei, ERR_NOTFOUND, "ocop.round_no_product", "product_id",
	    "Sản phẩm không có trong kỳ đánh giá này",
	    "The product is not in this round");
}

/* The sub-criteria that score a product of group and subgroup on sc: the
 * subgroup's, else the group's (none: by part).  A subgroup the card does
 * not know (the registry's subgroup is free text) is its group's. */
static const struct ocop_sc_items *
items_for(const struct ocop_scorecard *sc, int group, const char *subgroup)
{
	const struct ocop_sc_items *it = NULL;
	struct errinfo ei;

	if (ocop_sc_items_for(sc, group, subgroup, "subgroup", &it, &ei) !=
	    ERR_OK && ocop_sc_items_for(sc, group, NULL, "group", &it, &ei) !=
	    ERR_OK)
		return NULL;
	return it;
}

/* The part totals as {"A": points, ...}. */
static json_t *
parts_json(const struct ocop_scorecard *sc, const struct ocop_sheet_total *t)
{
	json_t *o = json_object();

	for (size_t i = 0; i < sc->n_parts; i++)
		json_object_set_new(o, sc->parts[i].code,
		    ocop_points_json(t->parts[i]));
	return o;
}

static char *
dump(json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);

	json_decref(v);
	return s;
}

enum err
ocop_round_sheet_put(struct db *db, const struct principal *p,
    int64_t round_id, int64_t product_id, json_t *scores, bool submit,
    struct rep_problems *pr, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	const struct ocop_scorecard *sc;
	const struct role_binding *b;
	const char *subgroup = NULL;
	struct ocop_sheet_total tot;
	struct audit_actor who;
	struct round r;
	struct db_stmt *st;
	char now[STAMP_TIME_LEN], *sj = NULL, *pj = NULL;
	int group = 0;
	enum err e;

	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	if ((e = round_load(db, a, round_id, &r, ei)) != ERR_OK)
		goto out;
	if (p == NULL || !round_has(db, STMT_OCOP_ROUND_MEMBER_HAS, round_id,
	    p->user_id)) {
		e = not_member(ei);
		goto out;
	}
	if (!r.open) {
		e = err_set(ei, ERR_CONFLICT, "ocop.round_closed", "id",
		    "Kỳ đánh giá đã kết thúc: không chấm điểm được nữa",
		    "The round is closed: no more scoring");
		goto out;
	}
	if (!round_has(db, STMT_OCOP_ROUND_PRODUCT_HAS, round_id,
	    product_id)) {
		e = no_product(ei);
		goto out;
	}
	st = db_stmt(db, STMT_OCOP_ROUND_SHEET_GET);
	db_bind_int(st, 1, round_id);
	db_bind_int(st, 2, product_id);
	db_bind_int(st, 3, p->user_id);
	if (db_step(st, ei) == 1 && db_col_int(st, 3) == 1) {
		e = err_set(ei, ERR_CONFLICT, "ocop.sheet_submitted", "id",
		    "Phiếu chấm đã nộp, không sửa được nữa",
		    "The sheet was submitted and can no longer change");
		goto out;
	}
	(void)product_score(db, a, product_id, NULL, NULL, NULL, &group,
	    &subgroup);
	if ((e = ocop_scorecard_load(db, r.scorecard_id, r.scorecard_version,
	    &sc, ei)) != ERR_OK)
		goto out;
	if ((e = ocop_sheet_score(sc, items_for(sc, group, subgroup), scores,
	    "scores", &tot, pr, ei)) != ERR_OK)
		goto out;
	stamp_now(now);
	sj = json_dumps(scores, JSON_COMPACT | JSON_SORT_KEYS);
	pj = dump(parts_json(sc, &tot));
	st = db_stmt(db, STMT_OCOP_ROUND_SHEET_PUT);
	db_bind_int(st, 1, round_id);
	db_bind_int(st, 2, product_id);
	db_bind_int(st, 3, p->user_id);
	db_bind_text(st, 4, sj);
	db_bind_text(st, 5, pj);
	db_bind_int(st, 6, tot.total);
	db_bind_int(st, 7, submit ? 1 : 0);
	db_bind_text(st, 8, submit ? now : NULL);
	db_bind_text(st, 9, now);
	if ((e = db_exec(st, ei)) != ERR_OK)
		goto out;
	b = auth_acting_binding(db, p, EVALUATOR, r.structure, r.code);
	auth_actor(p, b, &who);
	/* the scores stay out of the audit summary until the round closes:
	 * the trail is read by people who must not see them before */
	e = round_written(db, &who, submit ? "ocop.sheet_submit" :
	    "ocop.sheet_save", r.structure, r.code, round_id,
	    json_pack("{s:I}", "product_id", (json_int_t)product_id), ei);
out:
	e = db_finish(db, e, ei);
done:
	free(sj);
	free(pj);
	arena_free(a);
	return e;
}

/* ---- close ---------------------------------------------------------------- */

/* The submitted totals of a product (at most OCOP_ROUND_MEMBERS_MAX). */
static size_t
submitted_totals(struct db *db, int64_t round_id, int64_t product_id,
    long *totals)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_ROUND_TOTALS);
	struct errinfo ei;
	size_t n = 0;

	db_bind_int(st, 1, round_id);
	db_bind_int(st, 2, product_id);
	while (n < OCOP_ROUND_MEMBERS_MAX && db_step(st, &ei) == 1)
		totals[n++] = (long)db_col_int(st, 0);
	return n;
}

/* The round's products (ids and names) into arrays of the arena. */
static size_t
round_products(struct db *db, struct arena *a, int64_t round_id,
    int64_t **ids, const char ***names)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_ROUND_PRODUCTS);
	struct errinfo ei;
	size_t n = 0, cap = 16;

	*ids = arena_alloc(a, cap * sizeof(**ids));
	*names = arena_alloc(a, cap * sizeof(**names));
	db_bind_int(st, 1, round_id);
	while (db_step(st, &ei) == 1) {
		if (n == cap) {
			int64_t *ni = arena_alloc(a, 2 * cap * sizeof(*ni));
			const char **nn = arena_alloc(a, 2 * cap *
			    sizeof(*nn));

			memcpy(ni, *ids, n * sizeof(*ni));
			memcpy(nn, *names, n * sizeof(*nn));
			*ids = ni;
			*names = nn;
			cap *= 2;
		}
		(*ids)[n] = db_col_int(st, 0);
		(*names)[n++] = adup(a, db_col_text(st, 1));
	}
	return n;
}

/* Set the product's stars and score (history rows). */
static enum err
rate_product(struct db *db, const struct principal *p, int64_t id,
    int stars, long score, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_ROUND_PRODUCT_RATE);
	char now[STAMP_TIME_LEN], sbuf[24], pbuf[8];
	enum err e;

	stamp_now(now);
	snprintf(sbuf, sizeof(sbuf), "%ld.%02ld", score / 100, score % 100);
	snprintf(pbuf, sizeof(pbuf), "%d", stars);
	db_bind_int(st, 1, stars);
	db_bind_text(st, 2, sbuf);
	db_bind_text(st, 3, now);
	db_bind_int(st, 4, id);
	if ((e = db_exec(st, ei)) != ERR_OK ||
	    (e = ocop_history_add(db, p, id, "stars", NULL, pbuf, ei)) !=
	    ERR_OK)
		return e;
	return ocop_history_add(db, p, id, "score", NULL, sbuf, ei);
}

/* A certificate for the product's stars (3-5) in the caller's
 * transaction. */
static enum err
issue(struct db *db, struct arena *a, const struct principal *p,
    int64_t product_id, const char *level, int stars, long score,
    int64_t round_id, struct errinfo *ei)
{
	struct ocop_cert_in in = { .level = level, .stars = stars,
		.score = score / 100.0, .source = "round",
		.round_id = round_id };
	struct errinfo probs[8];

	if (stars < 3)
		return err_set(ei, ERR_CONFLICT, "ocop.no_certificate_stars",
		    "transition", "Sản phẩm dưới 3 sao không được cấp giấy "
		    "chứng nhận OCOP", "A product below 3 stars gets no OCOP "
		    "certificate");
	if (ocop_cert_problems(&in, probs, 8) > 0) {
		*ei = probs[0];
		return ei->err;
	}
	return ocop_certificate_issue(db, a, p, product_id, &in, NULL, NULL,
	    ei);
}

/* One product's result at the close: ocop_aggregate of the submitted
 * totals, the product's stars and score, its step of the cycle, and for
 * a central round the certificate. */
static enum err
close_product(struct db *db, struct arena *a, const struct principal *p,
    const struct role_binding *b, const struct round *r,
    const struct ocop_scorecard *sc, int64_t pid, const long *totals,
    size_t n, json_t *summary, struct errinfo *ei)
{
	struct ocop_aggregate ag;
	struct db_stmt *st;
	const char *tr, *note = NULL;
	int stars;
	enum err e;

	ocop_aggregate(sc, totals, n, &ag);
	stars = ag.stars;
	if (!r->central) {
		if (stars < 1) {
			tr = "not_rate";
			note = "Điểm dưới hạng thấp nhất của bảng điểm "
			    "(below the lowest band)";
		} else {
			tr = "rate";
			if (stars > OCOP_PROVINCE_MAX_STARS)
				stars = OCOP_PROVINCE_MAX_STARS;
		}
	} else if (ag.mean >= OCOP_CENTRAL_MIN) {
		tr = "certify_central";
		stars = 5;
	} else {
		tr = "central_not_5";
		note = "Dưới 90 điểm ở cấp Trung ương: giữ hạng của cấp tỉnh "
		    "(below 90 points at the central round: the province's "
		    "stars stay)";
		stars = -1;
	}
	st = db_stmt(db, STMT_OCOP_ROUND_PRODUCT_RESULT);
	db_bind_int(st, 1, ag.mean);
	if (ag.stars >= 1)
		db_bind_int(st, 2, ag.stars);
	else
		db_bind_null(st, 2);
	db_bind_int(st, 3, ag.spread);
	db_bind_int(st, 4, ag.flagged ? 1 : 0);
	db_bind_text(st, 5, tr);
	db_bind_int(st, 6, r->id);
	db_bind_int(st, 7, pid);
	if ((e = db_exec(st, ei)) != ERR_OK)
		return e;
	/* central: the certificate sets the product's stars and score */
	if (!r->central && stars >= 1 && (e = rate_product(db, p, pid, stars,
	    ag.mean, ei)) != ERR_OK)
		return e;
	if ((e = round_step(db, a, p, b, pid, tr, note, ei)) != ERR_OK)
		return e;
	if (r->central) {
		long keep = -1;
		int kept = 0;

		if (stars < 0) {	/* central_not_5: the province's */
			st = db_stmt(db, STMT_OCOP_ROUND_PRODUCT_PROVINCIAL);
			db_bind_int(st, 1, pid);
			if (db_step(st, ei) == 1) {
				keep = (long)db_col_int(st, 0);
				kept = (int)db_col_int(st, 1);
			}
			if (kept > OCOP_PROVINCE_MAX_STARS)
				kept = OCOP_PROVINCE_MAX_STARS;
		}
		if ((e = issue(db, a, p, pid, "central", stars > 0 ? stars :
		    kept, stars > 0 ? ag.mean : keep, r->id, ei)) != ERR_OK)
			return e;
	}
	json_array_append_new(summary, json_pack("{s:I, s:o, s:i, s:o, s:b, "
	    "s:s}", "product_id", (json_int_t)pid, "mean",
	    ocop_points_json(ag.mean), "stars", ag.stars, "spread",
	    ocop_points_json(ag.spread), "flagged", ag.flagged, "outcome", tr));
	return ERR_OK;
}

enum err
ocop_round_close(struct db *db, const struct principal *p, int64_t round_id,
    struct errinfo *ei)
{
	struct arena *a = arena_new(8192);
	const struct ocop_scorecard *sc;
	const struct role_binding *b;
	const char **names, *missing = "";
	struct audit_actor who;
	struct round r;
	struct db_stmt *st;
	json_t *summary = json_array();
	long totals[OCOP_ROUND_MEMBERS_MAX];
	char now[STAMP_TIME_LEN];
	int64_t *ids;
	size_t n, i, nmiss = 0;
	enum err e;

	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	if ((e = round_load(db, a, round_id, &r, ei)) != ERR_OK)
		goto out;
	if (p == NULL || p->user_id != r.chair_id) {
		e = err_set(ei, ERR_FORBIDDEN, "ocop.not_chair", "id",
		    "Chỉ chủ tịch hội đồng kết thúc kỳ đánh giá",
		    "Only the council's chair closes the round");
		goto out;
	}
	if (!r.open) {
		e = err_set(ei, ERR_CONFLICT, "ocop.round_closed", "id",
		    "Kỳ đánh giá đã kết thúc", "The round is closed");
		goto out;
	}
	if ((e = ocop_scorecard_load(db, r.scorecard_id, r.scorecard_version,
	    &sc, ei)) != ERR_OK)
		goto out;
	n = round_products(db, a, round_id, &ids, &names);
	if (n == 0) {
		e = err_set(ei, ERR_CONFLICT, "ocop.round_empty", "id",
		    "Kỳ đánh giá chưa có sản phẩm nào",
		    "The round has no product");
		goto out;
	}
	for (i = 0; i < n; i++)
		if (submitted_totals(db, round_id, ids[i], totals) == 0 &&
		    nmiss++ < UNSCORED_MAX)
			missing = arena_printf(a, "%s%s“%s”", missing,
			    nmiss > 1 ? ", " : "", names[i]);
	if (nmiss > 0) {
		e = err_set(ei, ERR_CONFLICT, "ocop.round_unscored", "id",
		    "Chưa thành viên nào nộp phiếu chấm cho: %s",
		    "No member has submitted a sheet for: %s", missing);
		goto out;
	}
	/* the chair acts as an evaluator of the round's unit */
	b = auth_acting_binding(db, p, EVALUATOR, r.structure, r.code);
	for (i = 0; i < n && e == ERR_OK; i++) {
		size_t k = submitted_totals(db, round_id, ids[i], totals);

		e = close_product(db, a, p, b, &r, sc, ids[i], totals, k,
		    summary, ei);
		if (e != ERR_OK)
			err_prefix(ei, "“%s”: ", "“%s”: ", names[i]);
	}
	if (e != ERR_OK)
		goto out;
	stamp_now(now);
	st = db_stmt(db, STMT_OCOP_ROUND_CLOSE);
	db_bind_text(st, 1, now);
	db_bind_int(st, 2, round_id);
	if ((e = db_exec(st, ei)) != ERR_OK)
		goto out;
	if (db_changes(db) != 1) {
		e = err_set(ei, ERR_CONFLICT, "ocop.round_closed", "id",
		    "Kỳ đánh giá đã kết thúc", "The round is closed");
		goto out;
	}
	auth_actor(p, b, &who);
	e = round_written(db, &who, "ocop.round_close", r.structure, r.code,
	    round_id, json_pack("{s:O}", "results", summary), ei);
out:
	e = db_finish(db, e, ei);
done:
	json_decref(summary);
	arena_free(a);
	return e;
}

/* The certificate of a certify step: the product's last closed
 * provincial result gives its stars and score. */
static enum err
certify(struct db *db, struct arena *a, const struct principal *p,
    int64_t product_id, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_ROUND_PRODUCT_PROVINCIAL);
	int64_t round_id;
	long mean;
	int stars;

	db_bind_int(st, 1, product_id);
	if (db_step(st, ei) != 1)
		return err_set(ei, ERR_CONFLICT, "ocop.no_round_result",
		    "transition", "Sản phẩm chưa có kết quả của kỳ đánh giá "
		    "cấp tỉnh", "The product has no result of a provincial "
		    "round");
	mean = (long)db_col_int(st, 0);
	stars = (int)db_col_int(st, 1);
	round_id = db_col_int(st, 2);
	if (stars > OCOP_PROVINCE_MAX_STARS)
		stars = OCOP_PROVINCE_MAX_STARS;
	return issue(db, a, p, product_id, "province", stars, mean, round_id,
	    ei);
}

static const char *const round_steps[] = { "open_provincial", "rate",
	"not_rate", "certify_central", "central_not_5", NULL };

enum err
ocop_round_step_rule(struct db *db, struct arena *a,
    const struct principal *p, int64_t product_id, const char *transition,
    struct errinfo *ei)
{
	for (size_t i = 0; round_steps[i] != NULL; i++)
		if (strcmp(round_steps[i], transition) == 0)
			return err_set(ei, ERR_CONFLICT, "ocop.round_step",
			    "transition", "Bước này do kỳ đánh giá thực hiện "
			    "(đưa sản phẩm vào kỳ, hoặc chủ tịch hội đồng kết "
			    "thúc kỳ)", "This step is taken by an evaluation "
			    "round (adding the product to a round, or its "
			    "chair closing it)");
	if (strcmp(transition, "to_central") == 0 &&
	    product_score(db, a, product_id, NULL, NULL, NULL, NULL, NULL) <
	    OCOP_CENTRAL_MIN)
		return err_set(ei, ERR_CONFLICT, "ocop.below_central",
		    "transition", "Chỉ sản phẩm đạt từ 90 điểm ở cấp tỉnh mới "
		    "được đề nghị đánh giá cấp Trung ương", "Only a product "
		    "scoring 90 points or more at the province may go to the "
		    "central round");
	if (strcmp(transition, "certify") == 0)
		return certify(db, a, p, product_id, ei);
	return ERR_OK;
}

/* ---- reading --------------------------------------------------------------- */

static json_t *
round_json(const struct round *r, const char *lang)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, "
	    "s:b, s:I, s:s, s:s, s:s?}", "id", (json_int_t)r->id, "level",
	    r->level, "level_name", msg_get(lang, r->central ?
	    "ocr_level_central" : "ocr_level_province"), "unit",
	    r->structure, "unit_name", r->unit_name, "name", r->name,
	    "scorecard_id", r->scorecard_id, "scorecard_version",
	    r->scorecard_version, "state", r->state, "state_name",
	    msg_get(lang, r->open ? "ocr_state_open" : "ocr_state_closed"),
	    "open", r->open, "chair_id", (json_int_t)r->chair_id, "chair",
	    r->chair_name, "opened_at", r->opened_at, "closed_at",
	    r->closed_at);
}

/* "S:C" of the round, as the other lists give units. */
static void
unit_ref(json_t *o, const struct round *r)
{
	char ref[96];

	snprintf(ref, sizeof(ref), "%s:%s", r->structure, r->code);
	json_object_set_new(o, "unit", json_string(ref));
}

/* state_name of a product from the cycle's newest procedure. */
static const char *
state_name(struct db *db, const char *state, const char *lang)
{
	const struct wf_procedure *proc;
	const struct wf_state *s;
	struct errinfo ei;

	if (wf_pick(db, OCOP_PROCEDURE_KIND, "2025", "commune", NULL, NULL,
	    &proc, &ei) != ERR_OK || (s = wf_state_find(proc, state)) == NULL)
		return state;
	return wf_text(&s->name, lang);
}

static json_t *
points_or_null(struct db_stmt *st, int col)
{
	return db_col_null(st, col) ? json_null() :
	    ocop_points_json((long)db_col_int(st, col));
}

enum err
ocop_round_get(struct db *db, const struct principal *p, int64_t round_id,
    const char *lang, json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	json_t *o, *members = json_array(), *products = json_array(), *it;
	struct db_stmt *st;
	struct round r;
	bool member;
	enum err e;
	size_t i;

	if ((e = round_load(db, a, round_id, &r, ei)) != ERR_OK)
		goto done;
	o = round_json(&r, lang);
	unit_ref(o, &r);
	member = p != NULL && round_has(db, STMT_OCOP_ROUND_MEMBER_HAS,
	    round_id, p->user_id);
	st = db_stmt(db, STMT_OCOP_ROUND_MEMBERS);
	db_bind_int(st, 1, round_id);
	while (db_step(st, ei) == 1)
		json_array_append_new(members, json_pack("{s:I, s:s, s:s, s:I, "
		    "s:b}", "id", (json_int_t)db_col_int(st, 0), "username",
		    db_col_text(st, 1), "full_name", db_col_text(st, 2),
		    "submitted", (json_int_t)db_col_int(st, 3), "chair",
		    db_col_int(st, 0) == r.chair_id));
	st = db_stmt(db, STMT_OCOP_ROUND_PRODUCTS);
	db_bind_int(st, 1, round_id);
	while (db_step(st, ei) == 1) {
		const struct ocop_group *g = ocop_group_find((int)db_col_int(st,
		    2));

		it = json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:s, s:I, "
		    "s:o, s:o, s:o, s:o, s:o}", "id",
		    (json_int_t)db_col_int(st, 0), "name", db_col_text(st, 1),
		    "producer", db_col_text(st, 11), "group",
		    (int)db_col_int(st, 2), "group_name", g == NULL ? "" :
		    msg_pick(lang, g->vi, g->en), "state", db_col_text(st, 4),
		    "state_name", "", "submitted",
		    (json_int_t)db_col_int(st, 10), "mean", points_or_null(st,
		    5), "stars", db_col_null(st, 6) ? json_null() :
		    json_integer(db_col_int(st, 6)), "spread",
		    points_or_null(st, 7), "flagged", db_col_null(st, 8) ?
		    json_null() : json_boolean(db_col_int(st, 8)), "outcome",
		    jval_string(db_col_text(st, 9)));
		json_array_append_new(products, it);
	}
	/* names after the list's statement is done with */
	json_array_foreach(products, i, it)
		json_object_set_new(it, "state_name", json_string(state_name(db,
		    jval_str(it, "state"), lang)));
	if (member)
		json_array_foreach(products, i, it) {
			st = db_stmt(db, STMT_OCOP_ROUND_SHEET_GET);
			db_bind_int(st, 1, round_id);
			db_bind_int(st, 2, jval_int(it, "id", 0));
			db_bind_int(st, 3, p->user_id);
			json_object_set_new(it, "my_sheet", db_step(st, ei) ==
			    1 ? json_string(db_col_int(st, 3) ? "submitted" :
			    "draft") : json_string("none"));
		}
	db_end_reads(db);
	json_object_set_new(o, "members", members);
	json_object_set_new(o, "products", products);
	members = products = NULL;
	json_object_set_new(o, "may_manage", json_boolean(r.open &&
	    round_manager(db, p, &r) != NULL));
	json_object_set_new(o, "is_member", json_boolean(member));
	json_object_set_new(o, "is_chair", json_boolean(p != NULL &&
	    p->user_id == r.chair_id));
	*out = o;
done:
	json_decref(members);
	json_decref(products);
	arena_free(a);
	return e;
}

enum err
ocop_round_list(struct db *db, const char *structure, const char *code,
    int64_t member_id, int64_t limit, int64_t offset, const char *lang,
    json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	struct db_stmt *st = db_stmt(db, STMT_OCOP_ROUND_LIST);
	json_t *items = json_array(), *o;
	struct round r;
	int rc;

	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, structure);
	db_bind_text(st, 3, code);
	db_bind_int(st, 4, member_id);
	db_bind_int(st, 5, member_id);
	db_bind_int(st, 6, limit);
	db_bind_int(st, 7, offset);
	while ((rc = db_step(st, ei)) == 1) {
		round_from_row(st, a, &r);
		o = round_json(&r, lang);
		unit_ref(o, &r);
		json_array_append_new(items, o);
	}
	arena_free(a);
	return db_rows_done_object(db, rc, items, -1, out, ei);
}

/* What a page needs to score on sc: the parts and the items. */
static void
card_parts(json_t *o, const struct ocop_scorecard *sc,
    const struct ocop_sc_items *items, const char *lang)
{
	json_t *parts = json_array(), *its = json_array();
	size_t i;

	for (i = 0; i < sc->n_parts; i++)
		json_array_append_new(parts, json_pack("{s:s, s:s, s:o}",
		    "code", sc->parts[i].code, "name", msg_pick(lang,
		    sc->parts[i].name, sc->parts[i].name_en), "max",
		    ocop_points_json(sc->parts[i].max)));
	for (i = 0; items != NULL && i < items->n_items; i++)
		json_array_append_new(its, json_pack("{s:s, s:s, s:s, s:o}",
		    "no", items->items[i].no, "name", msg_pick(lang,
		    items->items[i].name, items->items[i].name_en), "part",
		    sc->parts[items->items[i].part].code, "max",
		    ocop_points_json(items->items[i].max)));
	json_object_set_new(o, "parts", parts);
	json_object_set_new(o, "by_items", json_boolean(items != NULL &&
	    items->n_items > 0));
	json_object_set_new(o, "items", its);
}

static json_t *
loads_or_null(const char *s)
{
	return s == NULL ? json_null() : json_loads(s, 0, NULL);
}

/* The result so far of the submitted sheets (what the close will
 * compute, if nobody else submits): {mean, stars, spread, flagged,
 * band_note}, or nothing when none was submitted. */
static void
provisional(json_t *o, const struct ocop_scorecard *sc, const char *lang)
{
	long totals[OCOP_ROUND_MEMBERS_MAX];
	struct ocop_aggregate ag;
	size_t n = 0, i;
	json_t *s;

	json_array_foreach(json_object_get(o, "sheets"), i, s)
		if (json_is_true(json_object_get(s, "submitted")) &&
		    n < OCOP_ROUND_MEMBERS_MAX)
			totals[n++] = lround(json_number_value(json_object_get(s,
			    "total")) * 100.0);
	if (n == 0)
		return;
	ocop_aggregate(sc, totals, n, &ag);
	json_object_set_new(o, "provisional", json_pack("{s:o, s:i, s:o, s:b, "
	    "s:s?}", "mean", ocop_points_json(ag.mean), "stars", ag.stars,
	    "spread", ocop_points_json(ag.spread), "flagged", ag.flagged,
	    "band_note", sc->bands_note == NULL ? NULL : msg_pick(lang,
	    sc->bands_note, sc->bands_note_en)));
}

enum err
ocop_round_sheets(struct db *db, const struct principal *p, int64_t round_id,
    int64_t product_id, const char *lang, json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	const struct ocop_scorecard *sc;
	const struct ocop_group *g;
	const char *subgroup = NULL, *pname = NULL;
	json_t *o = NULL, *sheets = json_array(), *mine = json_null(), *s;
	struct db_stmt *st;
	struct round r;
	bool member, visible, mine_done = false;
	int group = 0;
	enum err e;

	if ((e = round_load(db, a, round_id, &r, ei)) != ERR_OK)
		goto done;
	member = p != NULL && round_has(db, STMT_OCOP_ROUND_MEMBER_HAS,
	    round_id, p->user_id);
	if (!member && round_manager(db, p, &r) == NULL) {
		e = not_member(ei);
		goto done;
	}
	if (!round_has(db, STMT_OCOP_ROUND_PRODUCT_HAS, round_id,
	    product_id)) {
		e = no_product(ei);
		goto done;
	}
	(void)product_score(db, a, product_id, NULL, NULL, NULL, &group,
	    &subgroup);
	st = db_stmt(db, STMT_OCOP_PRODUCT_GET);
	db_bind_int(st, 1, product_id);
	if (db_step(st, ei) == 1)
		pname = adup(a, db_col_text(st, 2));
	if ((e = ocop_scorecard_load(db, r.scorecard_id, r.scorecard_version,
	    &sc, ei)) != ERR_OK)
		goto done;
	st = db_stmt(db, STMT_OCOP_ROUND_SHEETS);
	db_bind_int(st, 1, product_id);
	db_bind_int(st, 2, round_id);
	while (db_step(st, ei) == 1) {
		bool has = !db_col_null(st, 2);

		s = json_pack("{s:I, s:s, s:b, s:s?}", "user_id",
		    (json_int_t)db_col_int(st, 0), "full_name",
		    db_col_text(st, 1), "submitted", has && db_col_int(st, 5),
		    "submitted_at", has ? db_col_text(st, 6) : NULL);
		if (has) {
			json_object_set_new(s, "scores", loads_or_null(
			    db_col_text(st, 2)));
			json_object_set_new(s, "parts", loads_or_null(
			    db_col_text(st, 3)));
			json_object_set_new(s, "total", ocop_points_json(
			    (long)db_col_int(st, 4)));
		}
		if (member && db_col_int(st, 0) == p->user_id) {
			mine_done = has && db_col_int(st, 5);
			json_decref(mine);
			mine = json_incref(has ? s : json_null());
		}
		json_array_append_new(sheets, s);
	}
	db_end_reads(db);
	/* the rule of independent scoring: the others' scores stay hidden
	 * from a member until they submitted their own, from everyone else
	 * until the round closed */
	visible = !r.open || mine_done;
	if (!visible) {
		size_t i;

		json_array_foreach(sheets, i, s)
			if (!(member && jval_int(s, "user_id", 0) ==
			    p->user_id)) {
				json_object_del(s, "scores");
				json_object_del(s, "parts");
				json_object_del(s, "total");
			}
	}
	g = ocop_group_find(group);
	o = json_pack("{s:I, s:{s:I, s:s?, s:i, s:s, s:s?}, s:s, s:i, s:b, "
	    "s:b, s:O, s:b, s:o}", "round_id", (json_int_t)round_id,
	    "product", "id", (json_int_t)product_id, "name", pname, "group",
	    group, "group_name", g == NULL ? "" : msg_pick(lang, g->vi, g->en),
	    "subgroup", subgroup, "scorecard_id", r.scorecard_id,
	    "scorecard_version", r.scorecard_version, "open", r.open,
	    "is_member", member, "mine", mine, "others_visible", visible,
	    "sheets", sheets);
	sheets = NULL;
	card_parts(o, sc, items_for(sc, group, subgroup), lang);
	if (visible)
		provisional(o, sc, lang);
	*out = o;
done:
	json_decref(sheets);
	json_decref(mine);
	arena_free(a);
	return e;
}

enum err
ocop_round_unit_of(struct db *db, struct arena *a, int64_t round_id,
    const char **structure, const char **code, struct errinfo *ei)
{
	struct round r;
	enum err e;

	if ((e = round_load(db, a, round_id, &r, ei)) != ERR_OK)
		return e;
	*structure = r.structure;
	*code = r.code;
	return ERR_OK;
}

enum err
ocop_round_waiting(struct db *db, int64_t user_id, int64_t limit,
    json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_ROUND_WAITING_COUNT);
	json_t *items = json_array();
	int64_t total = 0;

	db_bind_int(st, 1, user_id);
	if (db_step(st, ei) == 1)
		total = db_col_int(st, 0);
	st = db_stmt(db, STMT_OCOP_ROUND_WAITING);
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, limit);
	while (db_step(st, ei) == 1)
		json_array_append_new(items, json_pack("{s:I, s:s, s:I, s:s}",
		    "round_id", (json_int_t)db_col_int(st, 0), "round",
		    db_col_text(st, 1), "product_id",
		    (json_int_t)db_col_int(st, 2), "product",
		    db_col_text(st, 3)));
	db_end_reads(db);
	*out = json_pack("{s:o, s:I}", "items", items, "total",
	    (json_int_t)total);
	return ERR_OK;
}

enum err
ocop_round_evaluators(struct db *db, bool central, const char *structure,
    const char *code, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_ROUND_EVALUATORS);
	json_t *items = json_array(), *rows = json_array(), *it;
	int64_t last = 0;
	size_t i;

	while (db_step(st, ei) == 1)
		json_array_append_new(rows, json_pack("{s:I, s:s, s:s, s:s}",
		    "id", (json_int_t)db_col_int(st, 0), "full_name",
		    db_col_text(st, 1), "structure", db_col_text(st, 2), "code",
		    db_col_text(st, 3)));
	db_end_reads(db);
	/* scope checks after the list's statement is done with */
	json_array_foreach(rows, i, it) {
		int64_t id = jval_int(it, "id", 0);

		if (id == last || !(central || auth_unit_in_scope(db, structure,
		    code, jval_str(it, "structure"), jval_str(it, "code"))))
			continue;
		last = id;
		json_array_append_new(items, json_pack("{s:I, s:s}", "id",
		    (json_int_t)id, "full_name", jval_str(it, "full_name")));
	}
	json_decref(rows);
	*out = json_pack("{s:o}", "items", items);
	return ERR_OK;
}
