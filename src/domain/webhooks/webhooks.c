/*
 * webhooks.c - webhook subscriptions: register, read, pause, resume,
 * delete, rotate the secret (webhooks.h).  Each write is one transaction
 * with its audit entry; only the owner acts on a subscription (the router
 * has already checked that the subscription's unit is in the caller's
 * scope).  The secret is 32 bytes from libsodium's randombytes, written
 * as 64 hex digits: receivers key their HMAC with that text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/jval.h"
#include "core/stamp.h"
#include "core/msg.h"
#include "domain/changes/changes.h"
#include "domain/webhooks/webhooks.h"

static void
new_secret(char out[WEBHOOK_SECRET_HEX + 1])
{
	unsigned char raw[WEBHOOK_SECRET_HEX / 2];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, WEBHOOK_SECRET_HEX + 1, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
}

size_t
webhooks_problems(const struct webhook_in *in, struct errinfo *probs,
    size_t max)
{
	size_t n = 0;
	uint64_t mask;

	if (n < max && webhooks_url_check(in->url, NULL, &probs[n]) != ERR_OK)
		n++;
	if (n < max && in->kinds != NULL && strlen(in->kinds) >
	    WEBHOOK_KINDS_MAX) {
		err_set(&probs[n++], ERR_INVALID, "changes.bad_kind", "kinds",
		    "danh sách loại thay đổi quá dài",
		    "the list of kinds of change is too long");
	} else if (n < max && changes_kinds_mask(in->kinds, &mask, &probs[n]) !=
	    ERR_OK)
		n++;
	return n;
}

enum err
webhooks_create(struct db *db, const struct audit_actor *who,
    const struct webhook_in *in, int64_t *id,
    char secret[WEBHOOK_SECRET_HEX + 1], struct errinfo *ei)
{
	struct errinfo probs[WEBHOOK_PROBLEMS_MAX];
	struct db_stmt *st;
	char at[STAMP_TIME_LEN];
	int64_t head;
	enum err e;

	if (webhooks_problems(in, probs, WEBHOOK_PROBLEMS_MAX) > 0) {
		*ei = probs[0];
		return ERR_INVALID;
	}
	if (who == NULL || who->user_id <= 0)
		return err_set(ei, ERR_FORBIDDEN, "webhooks.not_yours", NULL,
		    "chỉ một tài khoản mới đăng ký được webhook",
		    "only an account can register a webhook");
	new_secret(secret);
	stamp_now(at);
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	/* Start after the newest change: a subscription hears what happens
	 * from now on (the history is GET /api/v1/changes). */
	st = db_stmt(db, STMT_WEBHOOKS_FEED_HEAD);
	if (db_step(st, ei) != 1) {
		e = ERR_DB;
		goto out;
	}
	head = db_col_int(st, 0);
	db_end_reads(db);
	st = db_stmt(db, STMT_WEBHOOKS_INSERT);
	db_bind_int(st, 1, who->user_id);
	db_bind_text(st, 2, in->structure);
	db_bind_text(st, 3, in->code);
	db_bind_text(st, 4, in->url);
	db_bind_text(st, 5, in->kinds != NULL ? in->kinds : "");
	db_bind_text(st, 6, secret);
	db_bind_int(st, 7, head);
	db_bind_text(st, 8, at);
	if (db_step(st, ei) != 1) {
		db_end_reads(db);
		e = ERR_DB;
		goto out;
	}
	*id = db_col_int(st, 0);
	db_end_reads(db);
	/* The audit keeps where it goes, never the secret. */
	e = audit_record(db, who, "webhooks.create", in->structure, in->code,
	    json_pack("{s:s, s:s}", "url", in->url, "kinds", in->kinds != NULL ?
	    in->kinds : ""), ei, "webhook:%lld", (long long)*id);
out:
	return db_finish(db, e, ei);
}

enum err
webhooks_unit_of(struct db *db, struct arena *a, int64_t id,
    const char **structure, const char **code, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_WEBHOOKS_UNIT_OF);
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) < 0)
		return ERR_DB;
	if (rc == 0) {
		db_end_reads(db);
		return err_set(ei, ERR_NOTFOUND, "webhooks.not_found", "id",
		    "không có webhook số %lld", "there is no webhook %lld",
		    (long long)id);
	}
	*structure = arena_strdup(a, db_col_text(st, 0));
	*code = arena_strdup(a, db_col_text(st, 1));
	db_end_reads(db);
	return ERR_OK;
}

/* A subscription's row (columns of webhooks.sql) as JSON. */
static json_t *
sub_json(struct db_stmt *st, const char *lang)
{
	const char *state = db_col_text(st, 6);
	char key[32];
	json_t *o;

	snprintf(key, sizeof(key), "wh_state_%s", state);
	o = json_pack("{s:I, s:s, s:s, s:s, s:s++, s:s, s:s, s:s, s:I}",
	    "id", (json_int_t)db_col_int(st, 0),
	    "url", db_col_text(st, 4),
	    "kinds", db_col_text(st, 5),
	    "state", state,
	    "unit", db_col_text(st, 2), ":", db_col_text(st, 3),
	    "unit_name", db_col_text(st, 12),
	    "state_name", msg_get(lang, key),
	    "created_at", db_col_text(st, 8),
	    "cursor", (json_int_t)db_col_int(st, 7));
	json_object_set_new(o, "active", json_boolean(strcmp(state, "active") ==
	    0));
	json_object_set_new(o, "last_delivered_at", jval_string(
	    db_col_text(st, 9)));
	json_object_set_new(o, "last_failure", jval_string(db_col_text(st, 10)));
	json_object_set_new(o, "last_failure_at", jval_string(
	    db_col_text(st, 11)));
	json_object_set_new(o, "href", json_sprintf("/webhooks/%lld",
	    (long long)db_col_int(st, 0)));
	return o;
}

enum err
webhooks_get(struct db *db, int64_t user_id, int64_t id, const char *lang,
    json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_WEBHOOKS_GET);
	enum err e = ERR_OK;
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) < 0)
		e = ERR_DB;
	else if (rc == 0)
		e = err_set(ei, ERR_NOTFOUND, "webhooks.not_found", "id",
		    "không có webhook số %lld", "there is no webhook %lld",
		    (long long)id);
	else if (db_col_int(st, 1) != user_id)
		e = err_set(ei, ERR_FORBIDDEN, "webhooks.not_yours", "id",
		    "webhook này do người khác đăng ký",
		    "this webhook was registered by someone else");
	else
		*out = sub_json(st, lang);
	db_end_reads(db);
	return e;
}

enum err
webhooks_list(struct db *db, int64_t user_id, const char *lang,
    int64_t limit, int64_t offset, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_WEBHOOKS_COUNT_OF_OWNER);
	json_t *items = json_array();
	int64_t total = 0;
	int rc;

	db_bind_int(st, 1, user_id);
	if (db_step(st, ei) == 1)
		total = db_col_int(st, 0);
	st = db_stmt(db, STMT_WEBHOOKS_OF_OWNER);
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, limit);
	db_bind_int(st, 3, offset);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(items, sub_json(st, lang));
	db_end_reads(db);
	if (rc < 0) {
		json_decref(items);
		return ERR_DB;
	}
	*out = json_pack("{s:o, s:I}", "items", items, "total",
	    (json_int_t)total);
	return ERR_OK;
}

/* Inside a transaction: is who the owner of id?  Its unit into s, c. */
static enum err
owned(struct db *db, const struct audit_actor *who, int64_t id,
    char s[32], char c[64], struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_WEBHOOKS_UNIT_OF);
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) < 0)
		return ERR_DB;
	if (rc == 0)
		return err_set(ei, ERR_NOTFOUND, "webhooks.not_found", "id",
		    "không có webhook số %lld", "there is no webhook %lld",
		    (long long)id);
	snprintf(s, 32, "%s", db_col_text(st, 0));
	snprintf(c, 64, "%s", db_col_text(st, 1));
	rc = db_col_int(st, 2) == (who != NULL ? who->user_id : -1);
	db_end_reads(db);
	if (!rc)
		return err_set(ei, ERR_FORBIDDEN, "webhooks.not_yours", "id",
		    "webhook này do người khác đăng ký",
		    "this webhook was registered by someone else");
	return ERR_OK;
}

enum err
webhooks_act(struct db *db, const struct audit_actor *who, int64_t id,
    const char *action, char secret[WEBHOOK_SECRET_HEX + 1],
    struct errinfo *ei)
{
	struct db_stmt *st;
	char s[32], c[64], audit_action[48];
	enum err e;

	if (strcmp(action, "pause") != 0 && strcmp(action, "resume") != 0 &&
	    strcmp(action, "delete") != 0 && (strcmp(action, "rotate") != 0 ||
	    secret == NULL))
		return err_set(ei, ERR_INVALID, "webhooks.bad_action", "action",
		    "không có thao tác này", "there is no such action");
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	if ((e = owned(db, who, id, s, c, ei)) != ERR_OK)
		goto out;
	if (strcmp(action, "rotate") == 0) {
		new_secret(secret);
		st = db_stmt(db, STMT_WEBHOOKS_SET_SECRET);
		db_bind_text(st, 1, secret);
		db_bind_int(st, 2, id);
	} else if (strcmp(action, "delete") == 0) {
		/* Its queued deliveries stay in the outbox: the channel parks
		 * them (the subscription is gone), and the page shows why. */
		st = db_stmt(db, STMT_WEBHOOKS_DELETE);
		db_bind_int(st, 1, id);
	} else {
		st = db_stmt(db, STMT_WEBHOOKS_SET_STATE);
		db_bind_text(st, 1, strcmp(action, "pause") == 0 ? "paused" :
		    "active");
		db_bind_int(st, 2, id);
	}
	if ((e = db_exec(st, ei)) != ERR_OK)
		goto out;
	snprintf(audit_action, sizeof(audit_action), "webhooks.%s", action);
	e = audit_record(db, who, audit_action, s, c, NULL, ei, "webhook:%lld",
	    (long long)id);
out:
	return db_finish(db, e, ei);
}

void
webhooks_sign(const char *secret, long long ts, const char *body, size_t len,
    char out[WEBHOOK_SIGNATURE_LEN + 1])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char prefix[32];
	int n = snprintf(prefix, sizeof(prefix), "%lld.", ts);

	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
	    strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)prefix,
	    (unsigned long long)n);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(out, "sha256=", 7);
	sodium_bin2hex(out + 7, WEBHOOK_SIGNATURE_LEN + 1 - 7, mac, sizeof(mac));
}

char *
webhooks_body(int64_t delivery_id, int64_t sub_id, const char *payload)
{
	json_t *change = json_loads(payload, 0, NULL), *o;
	char *s;

	if (change == NULL)
		return NULL;
	o = json_pack("{s:I, s:I, s:o}", "id", (json_int_t)delivery_id,
	    "subscription", (json_int_t)sub_id, "change", change);
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}
