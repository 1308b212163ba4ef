/*
 * market_buyers.c - buyer accounts: registration through the accounts
 * module (its username rules, argon2id hashing, audit) and the buyer's
 * own orders.  See market_buyers.h.
 */
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/numfmt.h"
#include "domain/auth/auth.h"
#include "domain/market/market_buyers.h"
#include "domain/market/market_orders_internal.h"
#include "domain/workflow/workflow.h"

/* The binding of every buyer: the country, which no staff mask names. */
#define BUYER_STRUCTURE	"2025"
#define BUYER_UNIT	"VN"

static void
problem(struct market_problems *probs, const struct errinfo *e)
{
	if (probs->n < MARKET_PROBLEMS_MAX)
		probs->p[probs->n++] = *e;
}

enum err
market_buyer_register(struct db *db, const char *name, const char *phone,
    const char *password, struct market_problems *probs, int64_t *id,
    char username[MARKET_PHONE_LEN], struct errinfo *ei)
{
	struct errinfo pe;
	size_t n;
	enum err e;

	probs->n = 0;
	username[0] = '\0';
	n = name != NULL ? strlen(name) : 0;
	if (n == 0 || n > MARKET_NAME_MAX) {
		err_set(&pe, ERR_INVALID, "market.bad_name", "name",
		    "Hãy ghi họ tên (tối đa %d ký tự)",
		    "Give your name (at most %d characters)", MARKET_NAME_MAX);
		problem(probs, &pe);
	}
	if (phone == NULL || !market_phone_normalise(phone, username)) {
		err_set(&pe, ERR_INVALID, "market.bad_phone", "phone",
		    "Số điện thoại không đúng (ví dụ 0912 345 678)",
		    "The phone number is not valid (e.g. 0912 345 678)");
		problem(probs, &pe);
	}
	n = password != NULL ? strlen(password) : 0;
	if (n < AUTH_PASSWORD_MIN || n > AUTH_PASSWORD_MAX) {
		err_set(&pe, ERR_INVALID, "auth.bad_password", "password",
		    "mật khẩu dài từ %d đến %d ký tự",
		    "the password must be %d to %d characters long",
		    AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX);
		problem(probs, &pe);
	}
	if (probs->n > 0) {
		*ei = probs->p[0];
		return ERR_INVALID;
	}
	/* One transaction: the account, its binding and the audit entry. */
	e = auth_user_create(db, NULL, username, name, password, ROLE_BUYER,
	    BUYER_STRUCTURE, BUYER_UNIT, id, ei);
	if (e == ERR_CONFLICT &&
	    strcmp(ei->code, "users.username_taken") == 0)
		/* The accepted trade-off (docs/MARKET.md): this answer tells
		 * that the phone has an account, as any sign-up must. */
		return err_set(ei, ERR_CONFLICT, "market.phone_registered",
		    "phone", "Số điện thoại này đã có tài khoản: hãy đăng nhập",
		    "This phone number already has an account: sign in");
	return e;
}

enum err
market_buyer_orders(struct db *db, int64_t buyer_id, int64_t limit,
    int64_t offset, const char *lang, json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	const struct wf_procedure *proc;
	struct db_stmt *st;
	json_t *items = json_array();
	int64_t total = 0;
	enum err e;
	int rc;

	*out = NULL;
	if ((e = wf_load(db, MARKET_ORDER_PROCEDURE, 0, &proc, ei)) != ERR_OK)
		goto fail;
	st = db_stmt(db, STMT_MB_MY_ORDERS);
	db_bind_int(st, 1, buyer_id);
	db_bind_int(st, 2, limit);
	db_bind_int(st, 3, offset);
	while ((rc = db_step(st, ei)) == 1) {
		const char *state = db_col_text(st, 3);
		const struct wf_state *s = wf_state_find(proc, state);
		int64_t t = db_col_int(st, 4);

		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, "
		    "s:s, s:I, s:s, s:s, s:s}", "id",
		    (json_int_t)db_col_int(st, 0), "reference",
		    db_col_text(st, 1), "producer", db_col_text(st, 2), "state",
		    state, "state_name", s != NULL ? wf_text(&s->name, lang) :
		    state, "total_vnd", (json_int_t)t, "total_text",
		    numfmt_vnd_a(a, t, lang), "placed_at", db_col_text(st, 5),
		    "placed_text", date_display(a, db_col_text(st, 5), lang)));
	}
	if (rc < 0) {
		db_end_reads(db);
		e = ei->err;
		goto fail;
	}
	st = db_stmt(db, STMT_MB_MY_ORDERS_COUNT);
	db_bind_int(st, 1, buyer_id);
	if ((rc = db_step(st, ei)) == 1)
		total = db_col_int(st, 0);
	db_end_reads(db);
	if (rc < 0) {
		e = ei->err;
		goto fail;
	}
	*out = json_pack("{s:o, s:I}", "items", items, "total",
	    (json_int_t)total);
	arena_free(a);
	return ERR_OK;
fail:
	json_decref(items);
	arena_free(a);
	return e;
}

enum err
market_buyer_order(struct db *db, int64_t buyer_id, int64_t id,
    const char *lang, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_MB_ORDER_IS_MINE);
	int rc;

	*out = NULL;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, buyer_id);
	rc = db_step(st, ei);
	db_end_reads(db);
	if (rc < 0)
		return ei->err;
	if (rc == 0)
		return err_set(ei, ERR_NOTFOUND, "market.no_order", NULL,
		    "Không có đơn hàng này", "There is no such order");
	return market_order_by_id(db, id, lang, out, ei);
}
