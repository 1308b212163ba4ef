/*
 * home_webhooks.c - the home's inbox provider of webhooks: the caller's
 * subscriptions whose deliveries are failing or were given up (parked),
 * each linked to its deliveries page (domain/webhooks/webhooks.h).  The
 * notices (domain/notices) turn it into an e-mail like every inbox item.
 */
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "domain/home/home.h"
#include "domain/webhooks/webhooks.h"

static enum err
collect(struct home_ctx *c, struct errinfo *ei)
{
	json_t *list, *it, *item;
	bool parked = false;
	size_t i;
	enum err e;

	if ((e = webhooks_troubled(c->db, c->p->user_id, &list, ei)) != ERR_OK)
		return e;
	json_array_foreach(list, i, it)
		parked = parked || jval_int(it, "parked", 0) > 0;
	item = home_item_add(c, "webhooks", "webhooks.failing", msg_get(c->lang,
	    "wh_home_failing"), (int64_t)json_array_size(list), "/webhooks",
	    parked);
	json_array_foreach(list, i, it) {
		const char *args[2] = {
			numfmt_int_a(c->a, jval_int(it, "failing", 0), c->lang),
			numfmt_int_a(c->a, jval_int(it, "parked", 0), c->lang),
		};

		if (item != NULL)
			home_entry_add(item, jval_str(it, "url"), msg_formata(c->a,
			    c->lang, "wh_home_detail", args, 2), jval_str(it,
			    "href"), jval_int(it, "parked", 0) > 0);
	}
	json_decref(list);
	return ERR_OK;
}

const struct home_provider home_webhooks = { "webhooks", WEBHOOK_ROLES,
	collect };
