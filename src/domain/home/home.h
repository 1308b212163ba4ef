/*
 * home.h - what waits for a person: the inbox of the signed-in home page
 * (/home) and the citizens' public list of surveys (/s).
 *
 * The home does not own any data.  It asks each module, through a small
 * registry of inbox providers (home.c: home_providers[]), what that module
 * has waiting for the caller, and each provider answers with the module's
 * own domain functions, read-only, kept to the scope of the caller's
 * bindings (the same functions, with the same scope rule, as the module's
 * own lists).  A later module (reports, OCOP certificates...) adds its
 * items by writing one provider and adding one line to home_providers[]:
 * docs/DEVELOPING.md, "The home's inbox".
 *
 * What a provider returns is data for people: every label is from the
 * message table in the caller's language, every item a link (href) with a
 * count; no internal identifier (role key, unit code, record id) is ever
 * part of a label.  Results are new json_t references.
 */
#ifndef NTM_DOMAIN_HOME_H
#define NTM_DOMAIN_HOME_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/auth/auth.h"

#define HOME_ENTRIES_MAX	10	/* entries listed under one item */
#define HOME_SOON_DAYS		14	/* a campaign closing within: soon */

/* What a provider is given: the caller, the bindings of the caller with a
 * role the provider serves (never empty: a provider none of whose roles
 * the caller holds is not called), the language, today (YYYY-MM-DD) and
 * an arena for strings that live until the inbox is built. */
struct home_ctx {
	struct db *db;
	const struct principal *p;
	const struct role_binding *bindings[AUTH_MAX_ROLES];
	size_t nbindings;
	const char *lang;
	const char *today;
	int year;			/* today's */
	struct arena *a;
	json_t *items;			/* append with home_item_add */
	json_t *glance;			/* append with home_glance_add */
};

/*
 * An inbox provider: one module's part of the home.
 *   id       stable name ("dossiers"): the "provider" of each item
 *   roles    the roles it serves (ROLE_BIT mask)
 *   collect  append the items waiting for c->p (home_item_add), and, for
 *            a module that has one, the status of each bound unit at a
 *            glance (home_glance_add); read-only, scoped to c->bindings.
 *            An error fails the whole home (nothing is hidden silently).
 */
struct home_provider {
	const char *id;
	unsigned roles;
	enum err (*collect)(struct home_ctx *c, struct errinfo *ei);
};

/* The registry, NULL-terminated, in the order the home shows them. */
extern const struct home_provider *const home_providers[];
extern const struct home_provider home_dossiers;	/* home_dossiers.c */
extern const struct home_provider home_surveys;		/* home_surveys.c */
extern const struct home_provider home_criteria;	/* home_criteria.c */
extern const struct home_provider home_reports;		/* home_reports.c */
extern const struct home_provider home_ocop_registry;	/* ocop/ocop_home.c */
extern const struct home_provider home_ocop_certificates; /* ocop/ocop_home.c */
extern const struct home_provider home_ocop_rounds;	/* ocop/ocop_home.c */
extern const struct home_provider home_webhooks;	/* home_webhooks.c */

/*
 * A new item of provider prov in c->items and returned (borrowed):
 * {"provider", "kind", "label", "count", "href", "urgent", "entries": []}.
 * kind is a stable machine name ("dossiers.at_step"); label the text a
 * person reads.  Items with a count of 0 are not added (NULL returned).
 */
json_t *home_item_add(struct home_ctx *c, const char *prov, const char *kind,
    const char *label, int64_t count, const char *href, bool urgent);
/* One entry under an item (at most HOME_ENTRIES_MAX; past it the item's
 * "more" counts the others): {"label", "detail", "href", "urgent"}. */
void home_entry_add(json_t *item, const char *label, const char *detail,
    const char *href, bool urgent);
/* A unit's status at a glance: {"unit_name", "label", "met", "total",
 * "year", "set_name", "href"}; met of total (criteria of a commune, or
 * communes of a province meeting the standard). */
void home_glance_add(struct home_ctx *c, const char *unit_name,
    const char *label, int64_t met, int64_t total, int year,
    const char *set_name, const char *href);
/* The name of unit (structure, code) for people, in c->a (the code when
 * the unit is unknown: never happens for a binding). */
const char *home_unit_name(struct home_ctx *c, const char *structure,
    const char *code);
/* The role as people call it, in lang. */
const char *home_role_name(const char *lang, enum role r);

/*
 * The inbox of p: {"user": {full_name, roles: [{role_name, unit_name}]},
 * "items": [...], "total": the sum of the counts, "glance": [...]}.
 */
enum err home_inbox(struct db *db, const struct principal *p,
    const char *lang, json_t **out, struct errinfo *ei);

/*
 * The citizens' list (no sign-in): the open campaigns and the published
 * results (closed campaigns whose results are posted), nationwide, or -
 * with q, a unit's name as people type it - those of the first commune or
 * province the units search finds and of the province around it; unit_ref
 * ("2025:CODE", one of the matches offered) chooses the unit instead
 * (ERR_NOTFOUND "home.unit_not_found" naming "unit" when it is none):
 * {"place" (q), "unit": {name, province_name} | null, "matches": [{name, href}],
 *  "open": [{title, unit_name, closes_text, href}], "results": [{title,
 *  unit_name, closed_text, href}], "open_total", "results_total"}.
 */
enum err home_public_surveys(struct db *db, struct arena *a, const char *q,
    const char *unit_ref, const char *lang, json_t **out, struct errinfo *ei);

#endif
