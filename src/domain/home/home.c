/*
 * home.c - the inbox of the signed-in home: the registry of inbox
 * providers and the helpers they share.
 *
 * home_inbox calls, in the order of home_providers[], every provider one
 * of whose roles the caller holds, with the caller's bindings of those
 * roles; each appends its items (what waits: a label, a count, a link,
 * the first entries) and its status at a glance.  The registry is the one
 * place a module joins the home, as a route table is the one place it
 * joins the web: see home.h and docs/DEVELOPING.md.
 */
#include <string.h>

#include "core/date.h"
#include "core/msg.h"
#include "domain/home/home.h"
#include "domain/units/units.h"

/* Later modules (reports, OCOP certificates, the marketplace) add their
 * provider here, in the order the home shows them. */
const struct home_provider *const home_providers[] = {
	&home_dossiers,
	&home_criteria,
	&home_surveys,
	&home_reports,
	&home_ocop_registry,
	&home_ocop_certificates,
	&home_ocop_rounds,
	&home_webhooks,
	NULL
};

json_t *
home_item_add(struct home_ctx *c, const char *prov, const char *kind,
    const char *label, int64_t count, const char *href, bool urgent)
{
	json_t *it;

	if (count <= 0)
		return NULL;
	it = json_pack("{s:s, s:s, s:s, s:I, s:s, s:b, s:[]}",
	    "provider", prov, "kind", kind, "label", label,
	    "count", (json_int_t)count, "href", href, "urgent", urgent,
	    "entries");
	json_array_append_new(c->items, it);
	return it;
}

void
home_entry_add(json_t *item, const char *label, const char *detail,
    const char *href, bool urgent)
{
	json_t *list = json_object_get(item, "entries");

	if (json_array_size(list) >= HOME_ENTRIES_MAX) {
		json_object_set_new(item, "more", json_integer(
		    json_integer_value(json_object_get(item, "more")) + 1));
		return;
	}
	json_array_append_new(list, json_pack("{s:s, s:s?, s:s, s:b}",
	    "label", label, "detail", detail, "href", href, "urgent", urgent));
}

void
home_glance_add(struct home_ctx *c, const char *unit_name, const char *label,
    int64_t met, int64_t total, int year, const char *set_name,
    const char *href)
{
	json_array_append_new(c->glance, json_pack("{s:s, s:s, s:I, s:I, s:i, "
	    "s:s, s:s, s:i}", "unit_name", unit_name, "label", label,
	    "met", (json_int_t)met, "total", (json_int_t)total, "year", year,
	    "set_name", set_name, "href", href,
	    "percent", total > 0 ? (int)(met * 100 / total) : 0));
}

const char *
home_unit_name(struct home_ctx *c, const char *structure, const char *code)
{
	struct unit u;
	struct errinfo ei;

	if (strcmp(code, "VN") == 0)
		return msg_get(c->lang, "home_country");
	if (units_get(c->db, c->a, structure, code, &u, &ei) != ERR_OK)
		return code;
	/* A pre-2025 unit says so: two communes may share a name across
	 * the reorganisation. */
	return strcmp(structure, "pre2025") == 0 ?
	    arena_printf(c->a, "%s (%s)", u.full_name, msg_get(c->lang,
	    "home_before_2025")) : u.full_name;
}

const char *
home_role_name(const char *lang, enum role r)
{
	static const char *const keys[ROLE__MAX] = {
		[ROLE_ADMIN] = "role_admin",
		[ROLE_COORDINATOR] = "role_coordinator",
		[ROLE_PROVINCE_OFFICER] = "role_province_officer",
		[ROLE_COMMUNE_OFFICER] = "role_commune_officer",
		[ROLE_VILLAGE_OFFICER] = "role_village_officer",
		[ROLE_APPRAISER] = "role_appraiser",
		[ROLE_OCOP_EVALUATOR] = "role_ocop_evaluator",
		[ROLE_PRODUCER] = "role_producer",
		[ROLE_BUYER] = "role_buyer",
	};

	return (unsigned)r < ROLE__MAX ? msg_get(lang, keys[r]) : "";
}

enum err
home_inbox(struct db *db, const struct principal *p, const char *lang,
    json_t **out, struct errinfo *ei)
{
	char today[DATE_LEN];
	struct home_ctx c;
	json_t *roles, *it;
	json_int_t total = 0;
	size_t i;
	enum err e = ERR_OK;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.db = db;
	c.p = p;
	c.lang = lang;
	c.today = date_today(today);
	c.year = (today[0] - '0') * 1000 + (today[1] - '0') * 100 +
	    (today[2] - '0') * 10 + (today[3] - '0');
	c.a = arena_new(8192);
	c.items = json_array();
	c.glance = json_array();
	for (size_t k = 0; home_providers[k] != NULL && e == ERR_OK; k++) {
		const struct home_provider *hp = home_providers[k];

		c.nbindings = 0;
		for (size_t b = 0; b < p->nroles; b++)
			if (hp->roles & ROLE_BIT(p->roles[b].role))
				c.bindings[c.nbindings++] = &p->roles[b];
		if (c.nbindings > 0)
			e = hp->collect(&c, ei);
	}
	if (e != ERR_OK)
		goto out;
	roles = json_array();
	for (size_t b = 0; b < p->nroles; b++)
		json_array_append_new(roles, json_pack("{s:s, s:s}",
		    "role_name", home_role_name(lang, p->roles[b].role),
		    "unit_name", home_unit_name(&c, p->roles[b].structure,
		    p->roles[b].unit_code)));
	json_array_foreach(c.items, i, it)
		total += json_integer_value(json_object_get(it, "count"));
	*out = json_pack("{s:{s:s, s:o}, s:O, s:I, s:O}",
	    "user", "full_name", p->full_name, "roles", roles,
	    "items", c.items, "total", total, "glance", c.glance);
out:
	json_decref(c.items);
	json_decref(c.glance);
	arena_free(c.a);
	return e;
}
