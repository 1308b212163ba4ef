/*
 * ocop_home.c - the OCOP registry's inbox provider (docs/DEVELOPING.md,
 * "The home's inbox"): for a commune officer, the products of its commune
 * waiting for the commune's check (business plan submitted); for a
 * producer account, its producers' products the commune returned.  Read
 * only, through the module's own list (ocop_product_list), kept to the
 * caller's bindings and represented producers.
 */
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/home/home.h"
#include "domain/ocop/ocop_certificates.h"
#include "domain/ocop/ocop_registry.h"
#include "domain/ocop/ocop_rounds.h"

static enum err
add_list(struct home_ctx *c, const struct ocop_filter *f, const char *kind,
    const char *key, const char *href, struct errinfo *ei)
{
	json_t *list, *item, *it;
	size_t i;
	enum err e;

	if ((e = ocop_product_list(c->db, f, c->lang, &list, ei)) != ERR_OK)
		return e;
	item = home_item_add(c, "ocop", kind, msg_get(c->lang, key),
	    jval_int(list, "total", 0), href, false);
	json_array_foreach(json_object_get(list, "items"), i, it)
		if (item != NULL)
			home_entry_add(item, jval_str(it, "name"),
			    jval_str(it, "producer"), arena_printf(c->a,
			    "/ocop/products/%lld", (long long)jval_int(it, "id",
			    0)), false);
	json_decref(list);
	return ERR_OK;
}

static enum err
collect(struct home_ctx *c, struct errinfo *ei)
{
	json_t *mine = NULL, *it;
	size_t i;
	enum err e = ERR_OK;

	for (size_t b = 0; b < c->nbindings && e == ERR_OK; b++) {
		const struct role_binding *rb = c->bindings[b];
		struct ocop_filter f = { .structure = rb->structure,
			.code = rb->unit_code, .state = "business_plan",
			.limit = HOME_ENTRIES_MAX };

		if (rb->role == ROLE_COMMUNE_OFFICER)
			e = add_list(c, &f, "ocop.to_check", "ocop_home_to_check",
			    "/ocop/products?state=business_plan", ei);
	}
	if (e != ERR_OK)
		return e;
	for (size_t b = 0; b < c->nbindings; b++)
		if (c->bindings[b]->role == ROLE_PRODUCER) {
			if ((e = ocop_producers_of_user(c->db, c->p->user_id, &mine,
			    ei)) != ERR_OK)
				return e;
			break;
		}
	json_array_foreach(mine, i, it) {
		struct ocop_filter f = { .producer_id = jval_int(it, "id", 0),
			.state = "returned", .limit = HOME_ENTRIES_MAX };

		if ((e = add_list(c, &f, "ocop.returned", "ocop_home_returned",
		    arena_printf(c->a, "/ocop/producers/%lld",
		    (long long)jval_int(it, "id", 0)), ei)) != ERR_OK)
			break;
	}
	json_decref(mine);
	return e;
}

const struct home_provider home_ocop_registry = { "ocop",
    ROLE_BIT(ROLE_COMMUNE_OFFICER) | ROLE_BIT(ROLE_PRODUCER), collect };

/* ---- certificates expiring (ocop_cert_life.c) ------------------------------ */

/* One item of the certificates expiring within 90 days in a unit (or of a
 * producer): each entry the product, its producer and the last valid day,
 * linking to the product. */
static enum err
add_expiring(struct home_ctx *c, const char *structure, const char *code,
    int64_t producer_id, struct errinfo *ei)
{
	json_t *list, *item, *it;
	const char *arg[1];
	size_t i;
	enum err e;

	if ((e = ocop_certificates_expiring(c->db, structure, code,
	    producer_id, HOME_ENTRIES_MAX, &list, ei)) != ERR_OK)
		return e;
	item = home_item_add(c, "ocop_certificates", "ocop.certificate_expiring",
	    msg_get(c->lang, "occ_home_expiring"), jval_int(list, "total", 0),
	    "/ocop/products?state=expiring", true);
	json_array_foreach(json_object_get(list, "items"), i, it) {
		if (item == NULL)
			break;
		arg[0] = date_display(c->a, jval_str(it, "expires_on"),
		    c->lang);
		home_entry_add(item, jval_str(it, "product"), arena_printf(c->a,
		    "%s · %s", jval_str(it, "producer"), msg_formata(c->a,
		    c->lang, "occ_home_expires", arg, 1)), arena_printf(c->a,
		    "/ocop/products/%lld", (long long)jval_int(it, "product_id",
		    0)), true);
	}
	json_decref(list);
	return ERR_OK;
}

static enum err
collect_expiring(struct home_ctx *c, struct errinfo *ei)
{
	json_t *mine = NULL, *it;
	size_t i;
	enum err e = ERR_OK;
	bool producer = false;

	for (size_t b = 0; b < c->nbindings && e == ERR_OK; b++) {
		const struct role_binding *rb = c->bindings[b];

		if (rb->role == ROLE_COMMUNE_OFFICER ||
		    rb->role == ROLE_PROVINCE_OFFICER)
			e = add_expiring(c, rb->structure, rb->unit_code, 0, ei);
		else if (rb->role == ROLE_PRODUCER)
			producer = true;
	}
	if (e != ERR_OK || !producer)
		return e;
	/* A producer account: the products of the producers it represents,
	 * wherever its binding is. */
	if ((e = ocop_producers_of_user(c->db, c->p->user_id, &mine, ei)) !=
	    ERR_OK)
		return e;
	json_array_foreach(mine, i, it)
		if ((e = add_expiring(c, NULL, NULL, jval_int(it, "id", 0),
		    ei)) != ERR_OK)
			break;
	json_decref(mine);
	return e;
}

const struct home_provider home_ocop_certificates = { "ocop_certificates",
    ROLE_BIT(ROLE_COMMUNE_OFFICER) | ROLE_BIT(ROLE_PROVINCE_OFFICER) |
    ROLE_BIT(ROLE_PRODUCER), collect_expiring };
/* The rounds' provider: for an evaluator, the sheets waiting in the open
 * rounds it sits on (one entry a product, linking to its scoring screen;
 * the item to the list of its rounds). */
static enum err
collect_rounds(struct home_ctx *c, struct errinfo *ei)
{
	json_t *w, *it, *item;
	size_t i;
	enum err e;

	if ((e = ocop_round_waiting(c->db, c->p->user_id, HOME_ENTRIES_MAX, &w,
	    ei)) != ERR_OK)
		return e;
	item = home_item_add(c, "ocop_rounds", "ocop.to_score", msg_get(c->lang,
	    "ocr_home_to_score"), jval_int(w, "total", 0), "/ocop/rounds",
	    false);
	json_array_foreach(json_object_get(w, "items"), i, it)
		if (item != NULL)
			home_entry_add(item, jval_str(it, "product"), jval_str(it,
			    "round"), arena_printf(c->a,
			    "/ocop/rounds/%lld/products/%lld/sheets",
			    (long long)jval_int(it, "round_id", 0),
			    (long long)jval_int(it, "product_id", 0)), false);
	json_decref(w);
	return ERR_OK;
}

const struct home_provider home_ocop_rounds = { "ocop_rounds",
    ROLE_BIT(ROLE_OCOP_EVALUATOR), collect_rounds };
