/*
 * ocop_cert_life.c - what happens to a certificate after it is issued
 * (ocop_certificates.h; docs/OCOP.md section 4): revocation with a reason,
 * the calendar's sweep that moves a product's cycle to "expiring" 90 days
 * before its certificate's last valid day and to "expired" the day after,
 * and the list of certificates expiring soon that the home's reminders
 * show.  The certificate's own status is always computed from its dates
 * (ocop_cert_status_on); the sweep keeps the product's cycle in step with
 * it so that the cycle's next steps (re-evaluation, a new plan) open.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "domain/ocop/ocop_certificates.h"
#include "domain/ocop/ocop_internal.h"

/* Nothing but white space: no reason given. */
static bool
blank(const char *s)
{
	if (s != NULL)
		for (; *s != '\0'; s++)
			if (!isspace((unsigned char)*s))
				return false;
	return true;
}

enum err
ocop_certificate_unit(struct db *db, struct arena *a, const char *code,
    int64_t *product_id, const char **structure, const char **unit_code,
    int64_t *producer_id, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_CERT_UNIT);
	int rc;

	db_bind_text(st, 1, code);
	if ((rc = db_step(st, ei)) != 1) {
		db_end_reads(db);
		return rc < 0 ? ei->err : err_set(ei, ERR_NOTFOUND,
		    "ocop.no_certificate", "code",
		    "Không có giấy chứng nhận OCOP nào mang số này",
		    "No OCOP certificate has this number");
	}
	*product_id = db_col_int(st, 0);
	*structure = arena_strdup(a, db_col_text(st, 1));
	*unit_code = arena_strdup(a, db_col_text(st, 2));
	if (producer_id != NULL)
		*producer_id = db_col_int(st, 3);
	db_end_reads(db);
	return ERR_OK;
}

/* ---- revocation ----------------------------------------------------------- */

/* The checked step taken by p (its note) and recorded, inside the
 * caller's transaction: the audit entry action by the step's binding on
 * the object "kind:id" with summary (stolen), and the version token. */
static enum err
step_recorded(struct db *db, struct arena *a, const struct principal *p,
    const struct ocop_step *step, const char *note, const char *action,
    json_t *summary, const char *kind, int64_t id, struct errinfo *ei)
{
	struct audit_actor who;
	enum err e;

	if ((e = ocop_step_take(db, a, p, step, note, NULL, ei)) != ERR_OK) {
		json_decref(summary);
		return e;
	}
	auth_actor(p, step->b, &who);
	if ((e = audit_record(db, &who, action, step->inst.structure,
	    step->inst.code, summary, ei, "%s:%lld", kind, (long long)id)) !=
	    ERR_OK)
		return e;
	return db_meta_bump(db, OCOP_META_VERSION, ei);
}

/* The certificate code of product_id that may be revoked: its id. */
static enum err
revocable(struct db *db, int64_t product_id, const char *code, int64_t *id,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_CERT_FOR_WRITE);
	int rc;

	db_bind_text(st, 1, code);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 0 || db_col_int(st, 1) != product_id)
		return err_set(ei, ERR_NOTFOUND, "ocop.no_certificate", "code",
		    "Sản phẩm này không có giấy chứng nhận mang số này",
		    "This product has no certificate with this number");
	if (!db_col_null(st, 2))
		return err_set(ei, ERR_CONFLICT, "ocop.already_revoked", "code",
		    "Giấy chứng nhận này đã bị thu hồi",
		    "This certificate has already been revoked");
	if (!db_col_null(st, 3))
		return err_set(ei, ERR_CONFLICT, "ocop.replaced", "code",
		    "Giấy chứng nhận này đã được thay bằng giấy chứng nhận mới",
		    "This certificate has been replaced by a newer one");
	*id = db_col_int(st, 0);
	db_end_reads(db);
	return ERR_OK;
}

enum err
ocop_certificate_revoke(struct db *db, const struct principal *p,
    int64_t product_id, const char *code, const char *reason,
    struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	struct ocop_step step;
	struct db_stmt *st;
	char today[DATE_LEN];
	int64_t cid = 0;
	enum err e;

	db_end_reads(db);	/* the router's lookups: not an old snapshot */
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	/* Who and when first (403, 409), then what was written (422). */
	if ((e = revocable(db, product_id, code, &cid, ei)) == ERR_OK &&
	    (e = ocop_step_check(db, a, p, product_id, "revoke",
	    blank(reason) ? "-" : reason, &step, ei)) == ERR_OK &&
	    blank(reason))
		e = err_set(ei, ERR_INVALID, "ocop.reason_required", "reason",
		    "Cần ghi lý do thu hồi", "Give the reason for revoking");
	if (e == ERR_OK && strlen(reason) > OCOP_CERT_REASON_MAX)
		e = err_set(ei, ERR_INVALID, "ocop.reason_too_long", "reason",
		    "Lý do thu hồi dài quá %d ký tự",
		    "The reason is longer than %d characters",
		    OCOP_CERT_REASON_MAX);
	if (e == ERR_OK) {
		st = db_stmt(db, STMT_OCOP_CERT_REVOKE);
		db_bind_text(st, 1, date_today(today));
		db_bind_text(st, 2, reason);
		if (p != NULL && p->user_id > 0)
			db_bind_int(st, 3, p->user_id);
		else
			db_bind_null(st, 3);
		db_bind_int(st, 4, cid);
		e = db_exec(st, ei);
	}
	if (e == ERR_OK)
		e = step_recorded(db, a, p, &step, reason,
		    "ocop.certificate_revoke", json_pack("{s:s, s:s, s:s}",
		    "code", code, "revoked_on", today, "reason", reason),
		    "ocop_certificate", cid, ei);
	e = db_finish(db, e, ei);
done:
	arena_free(a);
	return e;
}

/* ---- the calendar ----------------------------------------------------------- */

const struct principal *
ocop_system_principal(void)
{
	/* The procedures give the calendar's steps to the admin of the
	 * country: the platform acts as that, named "system" in the audit
	 * trail and the history, with no user row. */
	static const struct principal sys = {
		.user_id = 0, .username = "system", .full_name = "Hệ thống",
		.nroles = 1,
		.roles = { { ROLE_ADMIN, "2025", "VN" } },
	};

	return &sys;
}

/* One product's move (transition) in its own transaction. */
static enum err
move_one(struct db *db, int64_t product_id, const char *transition,
    const char *expires_on, struct errinfo *ei)
{
	const struct principal *sys = ocop_system_principal();
	struct arena *a = arena_new(2048);
	struct ocop_step step;
	enum err e;

	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	if ((e = ocop_step_check(db, a, sys, product_id, transition, NULL,
	    &step, ei)) == ERR_OK)
		e = step_recorded(db, a, sys, &step, NULL,
		    "ocop.certificate_calendar", json_pack("{s:s, s:s}",
		    "transition", transition, "expires_on", expires_on),
		    "ocop_product", product_id, ei);
	e = db_finish(db, e, ei);
done:
	arena_free(a);
	return e;
}

struct due {
	int64_t id;
	char state[16];
	char expires_on[DATE_LEN];
};

enum err
ocop_certificates_sweep(struct db *db, struct ocop_sweep *out,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_OCOP_CERT_SWEEP_DUE);
	char today[DATE_LEN], warn[DATE_LEN];
	struct due *due = NULL;
	size_t n = 0, cap = 0;
	long t;
	int rc;
	enum err e = ERR_OK;

	memset(out, 0, sizeof(*out));
	date_today(today);
	if (!date_parse(today, &t))
		return err_set(ei, ERR_SYS, "ocop.bad_today", NULL,
		    "Ngày hôm nay không đọc được", "Today is not a date");
	date_format(t + OCOP_CERT_WARN_DAYS, warn);
	/* Read the list first: each move is its own transaction. */
	db_end_reads(db);
	db_bind_text(st, 1, warn);
	db_bind_text(st, 2, today);
	while ((rc = db_step(st, ei)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((due = realloc(due, cap * sizeof(*due))) == NULL)
				abort();
		}
		due[n].id = db_col_int(st, 0);
		snprintf(due[n].state, sizeof(due[n].state), "%s",
		    db_col_text(st, 1));
		snprintf(due[n].expires_on, sizeof(due[n].expires_on), "%s",
		    db_col_text(st, 2));
		n++;
	}
	db_end_reads(db);
	if (rc < 0) {
		free(due);
		return ei->err;
	}
	for (size_t i = 0; i < n && e == ERR_OK; i++) {
		bool past = strcmp(due[i].expires_on, today) < 0;
		const char *tr = past ? "expire" : "expiring";

		if (!past && strcmp(due[i].state, "certified") != 0)
			continue;
		e = move_one(db, due[i].id, tr, due[i].expires_on, ei);
		if (e == ERR_CONFLICT || e == ERR_FORBIDDEN) {
			/* moved by someone meanwhile, or a procedure without
			 * the step: the next run sees its new state */
			out->skipped++;
			err_clear(ei);
			e = ERR_OK;
		} else if (e == ERR_OK) {
			if (past)
				out->expired++;
			else
				out->expiring++;
		}
	}
	free(due);
	return e;
}

/* ---- reminders ---------------------------------------------------------------- */

static void
bind_expiring(struct db_stmt *st, const char *today, const char *warn,
    const char *structure, const char *code, int64_t producer_id)
{
	db_bind_text(st, 1, today);
	db_bind_text(st, 2, warn);
	ocop_bind_unit(st, 3, structure, code);
	if (producer_id > 0) {
		db_bind_int(st, 12, producer_id);
		db_bind_int(st, 13, producer_id);
	} else {
		db_bind_null(st, 12);
		db_bind_null(st, 13);
	}
}

enum err
ocop_certificates_expiring(struct db *db, const char *structure,
    const char *code, int64_t producer_id, int limit, json_t **out,
    struct errinfo *ei)
{
	struct db_stmt *st;
	char today[DATE_LEN], warn[DATE_LEN];
	json_t *items;
	int64_t total = 0;
	long t;
	int rc;

	if (!date_parse(date_today(today), &t))
		return err_set(ei, ERR_SYS, "ocop.bad_today", NULL,
		    "Ngày hôm nay không đọc được", "Today is not a date");
	date_format(t + OCOP_CERT_WARN_DAYS, warn);
	st = db_stmt(db, STMT_OCOP_CERT_EXPIRING_COUNT);
	bind_expiring(st, today, warn, structure, code, producer_id);
	if ((rc = db_step(st, ei)) == 1)
		total = db_col_int(st, 0);
	db_end_reads(db);
	if (rc < 0)
		return ei->err;
	items = json_array();
	if (total > 0 && limit > 0) {
		st = db_stmt(db, STMT_OCOP_CERT_EXPIRING_LIST);
		bind_expiring(st, today, warn, structure, code, producer_id);
		db_bind_int(st, 14, limit);
		while ((rc = db_step(st, ei)) == 1)
			json_array_append_new(items, json_pack("{s:s, s:s, s:s,"
			    " s:I, s:s, s:s}", "code", db_col_text(st, 0),
			    "number", db_col_text(st, 1),
			    "expires_on", db_col_text(st, 2),
			    "product_id", (json_int_t)db_col_int(st, 3),
			    "product", db_col_text(st, 4),
			    "producer", db_col_text(st, 5)));
		db_end_reads(db);
		if (rc < 0) {
			json_decref(items);
			return ei->err;
		}
	}
	*out = json_pack("{s:I, s:o}", "total", (json_int_t)total, "items",
	    items);
	return ERR_OK;
}
