/*
 * webhooks_deliveries.c - a subscription's deliveries as its owner sees
 * them (the outbox's rows of channel "webhook" for that target), a retry
 * by hand, and the subscriptions in trouble for the home (webhooks.h).
 * Read through the outbox's own index by (channel, target, id).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/jval.h"
#include "core/msg.h"
#include "domain/outbox/outbox.h"
#include "domain/webhooks/webhooks.h"

/* One delivery row (columns of webhooks_deliveries_*) as JSON. */
static json_t *
delivery_json(struct db_stmt *st, int64_t sub, const char *lang)
{
	const char *state = db_col_text(st, 1);
	int64_t id = db_col_int(st, 0), attempts = db_col_int(st, 2);
	json_t *change = json_loads(db_col_text(st, 7), 0, NULL), *o;
	const char *kind = change != NULL ? jval_str(change, "kind") : NULL;
	const char *shown = strcmp(state, "sent") == 0 ? "delivered" :
	    strcmp(state, "parked") == 0 ? "parked" : attempts > 0 ?
	    "failing" : "pending";
	char key[64], next[32] = "";
	time_t t = (time_t)db_col_int(st, 3);
	struct tm tm;

	if (strcmp(shown, "failing") == 0 || strcmp(shown, "pending") == 0) {
		gmtime_r(&t, &tm);
		strftime(next, sizeof(next), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	o = json_pack("{s:I, s:s, s:I, s:s}", "id", (json_int_t)id, "state",
	    shown, "attempts", (json_int_t)attempts, "created_at",
	    db_col_text(st, 5));
	snprintf(key, sizeof(key), "wh_dl_%s", shown);
	json_object_set_new(o, "state_name", json_string(msg_get(lang, key)));
	snprintf(key, sizeof(key), "wh_kind_%s", kind != NULL ? kind : "");
	json_object_set_new(o, "kind", jval_string(kind));
	json_object_set_new(o, "kind_name", json_string(kind != NULL ?
	    msg_get(lang, key) : ""));
	json_object_set_new(o, "seq", json_integer(change != NULL ?
	    jval_int(change, "seq", 0) : 0));
	json_object_set_new(o, "error", jval_string(db_col_text(st, 4)));
	json_object_set_new(o, "next_at", next[0] != '\0' ? json_string(next) :
	    json_null());
	json_object_set_new(o, "sent_at", jval_string(db_col_text(st, 6)));
	json_object_set_new(o, "retry_href", json_sprintf(
	    "/webhooks/%lld/deliveries/%lld/retry", (long long)sub,
	    (long long)id));
	json_decref(change);
	return o;
}

static enum err
deliveries_of(struct db *db, enum stmt_id which, int64_t sub, int64_t limit,
    const char *lang, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, which);
	int rc;

	*out = json_array();
	db_bind_int(st, 1, sub);
	db_bind_int(st, 2, limit);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(*out, delivery_json(st, sub, lang));
	return rc < 0 ? ERR_DB : ERR_OK;
}

enum err
webhooks_deliveries(struct db *db, int64_t user_id, int64_t id,
    const char *lang, int64_t limit, json_t **out, struct errinfo *ei)
{
	json_t *sub, *recent = NULL, *failing = NULL, *parked = NULL;
	enum err e;

	if ((e = webhooks_get(db, user_id, id, lang, &sub, ei)) != ERR_OK)
		return e;
	json_decref(sub);
	if ((e = deliveries_of(db, STMT_WEBHOOKS_DELIVERIES_RECENT, id, limit,
	    lang, &recent, ei)) == ERR_OK &&
	    (e = deliveries_of(db, STMT_WEBHOOKS_DELIVERIES_FAILING, id, limit,
	    lang, &failing, ei)) == ERR_OK)
		e = deliveries_of(db, STMT_WEBHOOKS_DELIVERIES_PARKED, id, limit,
		    lang, &parked, ei);
	db_end_reads(db);
	if (e != ERR_OK) {
		json_decref(recent);
		json_decref(failing);
		json_decref(parked);
		return e;
	}
	*out = json_pack("{s:o, s:o, s:o}", "recent", recent, "failing",
	    failing, "parked", parked);
	return ERR_OK;
}

enum err
webhooks_retry(struct db *db, const struct audit_actor *who, int64_t id,
    int64_t did, struct errinfo *ei)
{
	json_t *sub = NULL;
	struct db_stmt *st;
	const char *unit;
	char s[32], c[64];
	enum err e;
	int rc;

	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	if ((e = webhooks_get(db, who != NULL ? who->user_id : 0, id, "vi",
	    &sub, ei)) != ERR_OK)
		goto out;
	st = db_stmt(db, STMT_WEBHOOKS_DELIVERY_TARGET);
	db_bind_int(st, 1, did);
	if ((rc = db_step(st, ei)) < 0) {
		e = ERR_DB;
		goto out;
	}
	rc = rc == 1 && db_col_int(st, 0) == id;
	db_end_reads(db);
	if (!rc) {
		e = err_set(ei, ERR_NOTFOUND, "webhooks.delivery_not_found",
		    "did", "webhook này không có lần gửi %lld",
		    "this webhook has no delivery %lld", (long long)did);
		goto out;
	}
	if ((e = outbox_retry(db, did, ei)) != ERR_OK)
		goto out;
	unit = jval_str(sub, "unit");
	snprintf(s, sizeof(s), "%.*s", (int)(strchr(unit, ':') - unit), unit);
	snprintf(c, sizeof(c), "%s", strchr(unit, ':') + 1);
	e = audit_record(db, who, "webhooks.retry", s, c, json_pack("{s:I}",
	    "delivery", (json_int_t)did), ei, "webhook:%lld", (long long)id);
out:
	json_decref(sub);
	return db_finish(db, e, ei);
}

enum err
webhooks_troubled(struct db *db, int64_t user_id, json_t **out,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_WEBHOOKS_TROUBLED);
	int rc;

	*out = json_array();
	db_bind_int(st, 1, user_id);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(*out, json_pack(
		    "{s:I, s:s, s:s, s:I, s:I, s:o}",
		    "id", (json_int_t)db_col_int(st, 0),
		    "url", db_col_text(st, 1),
		    "unit_name", db_col_text(st, 2),
		    "failing", (json_int_t)db_col_int(st, 3),
		    "parked", (json_int_t)db_col_int(st, 4),
		    "href", json_sprintf("/webhooks/%lld",
		    (long long)db_col_int(st, 0))));
	db_end_reads(db);
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
		return ERR_DB;
	}
	return ERR_OK;
}
