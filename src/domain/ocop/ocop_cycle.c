/*
 * ocop_cycle.c - the OCOP cycle of a product: transitions of its workflow
 * instance (procedures/ocop-product-2025.json, ocop-product-pre2025.json;
 * docs/OCOP.md section 2).
 *
 * The engine checks role, level and state (the procedure is data); this
 * file adds what OCOP asks of the early steps: the producer's own-record
 * rule, a reason where the procedure requires one, and on "forward" the
 * commune's four assessments of 1489/QĐ-TTg (origin of the product and its
 * materials, local labour, origin of the idea, local identity), each "met"
 * or "not_met", kept in the timeline event's detail and the history.  The
 * later waves (rounds, certificates) call ocop_product_act with their
 * transitions the same way.
 */
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/stamp.h"
#include "domain/ocop/ocop_internal.h"
#include "domain/ocop/ocop_rounds.h"
#include "domain/workflow/workflow.h"

const char *const ocop_assessment_keys[OCOP_ASSESSMENTS] = {
	"origin", "labour", "idea", "identity"
};

static bool
blank(const char *s)
{
	return s == NULL || s[0] == '\0';
}

/* The four assessments as a new object, or ERR_INVALID naming the first
 * missing or bad one (field "assessments.<key>"). */
static enum err
check_assessments(json_t *in, json_t **out, struct errinfo *ei)
{
	json_t *o = json_object();

	for (size_t i = 0; i < OCOP_ASSESSMENTS; i++) {
		const char *k = ocop_assessment_keys[i];
		const char *v = json_is_object(in) ?
		    json_string_value(json_object_get(in, k)) : NULL;

		if (v == NULL || (strcmp(v, "met") != 0 &&
		    strcmp(v, "not_met") != 0)) {
			json_decref(o);
			return err_set(ei, ERR_INVALID, "ocop.assessment_missing",
			    k, "Cần ghi kết quả cả bốn nội dung xã đánh giá",
			    "Record all four of the commune's assessments");
		}
		json_object_set_new(o, k, json_string(v));
	}
	*out = o;
	return ERR_OK;
}

enum err
ocop_step_check(struct db *db, struct arena *a, const struct principal *p,
    int64_t id, const char *transition, const char *note,
    struct ocop_step *out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_PRODUCT_GET);
	int64_t iid = 0;
	enum err e;

	db_bind_int(st, 1, id);
	if (db_step(st, ei) == 1)
		iid = db_col_int(st, 12);
	if (iid == 0)
		return err_set(ei, ERR_NOTFOUND, "ocop.no_product", "id",
		    "Không có sản phẩm này", "No such product");
	out->product_id = id;
	if ((e = wf_instance_get(db, a, iid, &out->inst, ei)) != ERR_OK ||
	    (e = wf_load(db, out->inst.procedure_id,
	    out->inst.procedure_version, &out->proc, ei)) != ERR_OK ||
	    (e = wf_check(db, p, out->proc, &out->inst, transition, &out->t,
	    &out->b, ei)) != ERR_OK)
		return e;
	if (out->t->req.reason && blank(note))
		return err_set(ei, ERR_INVALID, "ocop.reason_required", "note",
		    "Cần ghi lý do", "A reason is required");
	return ERR_OK;
}

enum err
ocop_step_take(struct db *db, struct arena *a, const struct principal *p,
    const struct ocop_step *s, const char *note, json_t *detail,
    struct errinfo *ei)
{
	struct audit_actor who;
	struct db_stmt *st;
	char now[STAMP_TIME_LEN];
	int64_t id = s->product_id;
	enum err e;

	auth_actor(p, s->b, &who);
	if ((e = wf_advance(db, &who, s->proc, &s->inst, s->t,
	    arena_printf(a, "ocop_product:%lld", (long long)id),
	    blank(note) ? NULL : note, detail, NULL, ei)) != ERR_OK)
		return e;
	if (s->t->to != NULL) {
		stamp_now(now);
		st = db_stmt(db, STMT_OCOP_PRODUCT_SET_STATE);
		db_bind_text(st, 1, s->t->to);
		db_bind_text(st, 2, now);
		db_bind_int(st, 3, id);
		if ((e = db_exec(st, ei)) != ERR_OK ||
		    (e = ocop_history_add(db, p, id, "state", s->inst.state,
		    s->t->to, ei)) != ERR_OK)
			return e;
	}
	if (detail != NULL) {
		char *txt = json_dumps(detail, JSON_SORT_KEYS | JSON_COMPACT);

		e = ocop_history_add(db, p, id, "assessments", NULL, txt, ei);
		free(txt);
		if (e != ERR_OK)
			return e;
	}
	if (!blank(note) && (e = ocop_history_add(db, p, id, "note", NULL,
	    note, ei)) != ERR_OK)
		return e;
	return ERR_OK;
}

enum err
ocop_product_act(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t id, const char *transition,
    const char *note, json_t *assessments, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	const char *structure, *code;
	struct ocop_step step;
	json_t *detail = NULL;
	int64_t producer_id;
	enum err e;

	if (blank(transition)) {
		e = err_set(ei, ERR_INVALID, "ocop.no_transition", "transition",
		    "Cần chọn thao tác", "Choose an action");
		goto done;
	}
	/* Steps that write a certificate row go through the certificates
	 * (ocop_certificates.h), never bare: a revoked cycle with a valid
	 * certificate would tell the public the opposite of the truth. */
	if (strcmp(transition, "revoke") == 0 ||
	    strcmp(transition, "record_certificate") == 0 ||
	    strcmp(transition, "expiring") == 0 ||
	    strcmp(transition, "expire") == 0) {
		e = err_set(ei, ERR_CONFLICT, "ocop.certificate_step",
		    "transition", "Thao tác này thực hiện trên giấy chứng nhận",
		    "This step is taken on the certificate");
		goto done;
	}
	if ((e = ocop_product_unit_of(db, a, id, &structure, &code,
	    &producer_id, ei)) != ERR_OK ||
	    (e = ocop_check_owner(db, p, acting, producer_id, ei)) != ERR_OK)
		goto done;
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	if ((e = ocop_step_check(db, a, p, id, transition, note, &step,
	    ei)) == ERR_OK && strcmp(step.t->id, "forward") == 0)
		e = check_assessments(assessments, &detail, ei);
	if (e == ERR_OK)	/* the rounds' rules (ocop_rounds.h) */
		e = ocop_round_step_rule(db, a, p, id, step.t->id, ei);
	if (e == ERR_OK &&
	    (e = ocop_step_take(db, a, p, &step, note, detail, ei)) == ERR_OK)
		e = db_meta_bump(db, OCOP_META_VERSION, ei);
	e = db_finish(db, e, ei);
done:
	json_decref(detail);
	arena_free(a);
	return e;
}
