/*
 * home_surveys.c - the surveys' part of the home, and the citizens' list.
 *
 * For officials (and village teams, who enter the paper questionnaires of
 * their commune's campaigns): the campaigns of the units in their scope
 * that are open - urgent when they close within HOME_SOON_DAYS - or about
 * to open (surv_campaign_list, the module's own list, per binding).
 *
 * For citizens, with no sign-in (home_public_surveys): the open campaigns
 * and the published results, nationwide or around a unit found by name
 * (units search), each linking to the public form /s/ID or the public
 * results.  Nothing but what the survey pages already publish.
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/home/home.h"
#include "domain/surveys/surveys_store.h"
#include "domain/units/units.h"

#define HOME_SURV_ROLES	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR) | \
    ROLE_BIT(ROLE_PROVINCE_OFFICER) | ROLE_BIT(ROLE_COMMUNE_OFFICER) | \
    ROLE_BIT(ROLE_VILLAGE_OFFICER))
#define HOME_SURV_LIST	200	/* campaigns read per scope */

/* Days from today to iso (negative: past); 0 when unreadable. */
static long
days_to(const char *today, const char *iso)
{
	long a, b;

	return iso != NULL && date_parse(today, &a) && date_parse(iso, &b) ?
	    b - a : 0;
}

static bool
seen_id(json_t *ids, int64_t id)
{
	json_t *x;
	size_t i;

	json_array_foreach(ids, i, x)
		if (json_integer_value(x) == id)
			return true;
	json_array_append_new(ids, json_integer(id));
	return false;
}

static enum err
collect(struct home_ctx *c, struct errinfo *ei)
{
	json_t *ids = json_array(), *open = json_array(), *it;
	json_t *item;
	int64_t soon = 0;
	size_t i;
	enum err e = ERR_OK;

	for (size_t b = 0; b < c->nbindings && e == ERR_OK; b++) {
		const struct role_binding *rb = c->bindings[b];
		const char *code = rb->unit_code;
		bool village = rb->role == ROLE_VILLAGE_OFFICER;
		json_t *list;
		struct unit u;

		/* A village team works on its commune's campaigns. */
		if (village) {
			if (units_get(c->db, c->a, rb->structure, code, &u,
			    ei) != ERR_OK || u.parent_code == NULL)
				continue;
			code = u.parent_code;
		}
		if ((e = surv_campaign_list(c->db, rb->structure, code,
		    HOME_SURV_LIST, 0, &list, ei)) != ERR_OK)
			break;
		json_array_foreach(json_object_get(list, "items"), i, it) {
			const char *state = jval_str(it, "state");
			long left = days_to(c->today, jval_str(it, "closes_on"));
			bool urgent;
			const char *detail;
			char n[24];
			const char *args[2] = { n, NULL };

			if (state == NULL || (strcmp(state, "open") != 0 &&
			    strcmp(state, "scheduled") != 0) ||
			    seen_id(ids, jval_int(it, "id", 0)))
				continue;
			urgent = strcmp(state, "open") == 0 &&
			    left <= HOME_SOON_DAYS;
			soon += urgent;
			snprintf(n, sizeof(n), "%ld", left);
			args[1] = date_display(c->a, jval_str(it, strcmp(state,
			    "open") == 0 ? "closes_on" : "opens_on"), c->lang);
			detail = msg_formata(c->a, c->lang, strcmp(state,
			    "open") != 0 ? "home_campaign_opens" : urgent ?
			    "home_campaign_closes_soon" : "home_campaign_closes",
			    args, 2);
			json_array_append_new(open, json_pack("{s:s, s:s, s:s, "
			    "s:b}", "label", arena_printf(c->a, "%s · %s",
			    jval_str(it, "title"), jval_str(it, "unit_name")),
			    "detail", detail, "href", arena_printf(c->a,
			    village ? "/campaigns/%lld/entry" : "/campaigns/%lld",
			    (long long)jval_int(it, "id", 0)), "urgent", urgent));
		}
		json_decref(list);
	}
	if (e == ERR_OK && (item = home_item_add(c, "surveys",
	    "surveys.open_campaigns", msg_get(c->lang, "home_campaigns_open"),
	    (int64_t)json_array_size(open), json_array_size(open) == 1 ?
	    jval_str(json_array_get(open, 0), "href") : "/campaigns",
	    soon > 0)) != NULL)
		json_array_foreach(open, i, it)
			home_entry_add(item, jval_str(it, "label"),
			    jval_str(it, "detail"), jval_str(it, "href"),
			    json_is_true(json_object_get(it, "urgent")));
	json_decref(ids);
	json_decref(open);
	return e;
}

const struct home_provider home_surveys = {
	"surveys", HOME_SURV_ROLES, collect
};

/* ---- the citizens' list ------------------------------------------------ */

/* Append the public campaigns of scope (structure, code; NULL: all) to
 * open and results, skipping ids already listed. */
static enum err
public_campaigns(struct db *db, struct arena *a, const char *structure,
    const char *code, const char *lang, const char *today, json_t *ids,
    json_t *open, json_t *results, struct errinfo *ei)
{
	json_t *list, *it;
	size_t i;
	enum err e;

	if ((e = surv_campaign_list(db, structure, code, HOME_SURV_LIST, 0,
	    &list, ei)) != ERR_OK)
		return e;
	json_array_foreach(json_object_get(list, "items"), i, it) {
		const char *state = jval_str(it, "state");
		int64_t id = jval_int(it, "id", 0);

		if (state == NULL)
			continue;
		if (strcmp(state, "open") == 0 && !seen_id(ids, id))
			json_array_append_new(open, json_pack("{s:s, s:s, s:s, "
			    "s:s}", "title", jval_str(it, "title"), "unit_name",
			    jval_str(it, "unit_name"), "closes_text",
			    date_display(a, jval_str(it, "closes_on"), lang),
			    "href", arena_printf(a, "/s/%lld", (long long)id)));
		else if (strcmp(state, "closed") == 0 &&
		    days_to(today, jval_str(it, "posted_until")) >= 0 &&
		    !seen_id(ids, id))
			json_array_append_new(results, json_pack("{s:s, s:s, "
			    "s:s, s:s}", "title", jval_str(it, "title"),
			    "unit_name", jval_str(it, "unit_name"), "posted_text",
			    date_display(a, jval_str(it, "posted_until"), lang),
			    "href", arena_printf(a, "/campaigns/%lld/results",
			    (long long)id)));
	}
	json_decref(list);
	return ERR_OK;
}

enum err
home_public_surveys(struct db *db, struct arena *a, const char *q,
    const char *unit_ref, const char *lang, json_t **out, struct errinfo *ei)
{
	char today[DATE_LEN];
	json_t *ids = json_array(), *open = json_array(), *results =
	    json_array(), *matches = json_array(), *unit = json_null();
	struct unit_list found = { 0 };
	struct unit chosen;
	const char *us, *uc;
	enum err e = ERR_OK;

	*out = NULL;
	date_today(today);
	if (unit_ref != NULL && unit_ref[0] != '\0') {
		/* A unit chosen among the matches: "2025:CODE". */
		if (!units_split_ref(a, unit_ref, &us, &uc) ||
		    strcmp(us, "2025") != 0 ||
		    units_get(db, a, us, uc, &chosen, ei) != ERR_OK) {
			e = err_set(ei, ERR_NOTFOUND, "home.unit_not_found",
			    "unit", "không tìm thấy xã hoặc tỉnh đã chọn; hãy "
			    "tìm lại theo tên", "the commune or province chosen "
			    "was not found; search for it by name again");
			goto out;
		}
		found.items = &chosen;
		found.n = 1;
	}
	if (found.n > 0 || (q != NULL && q[0] != '\0')) {
		struct unit_query uq = { .structure = "2025", .q = q,
		    .limit = 8 };
		const struct unit *pick = NULL;

		if (found.n == 0 &&
		    (e = units_list(db, a, &uq, &found, ei)) != ERR_OK)
			goto out;
		for (size_t i = 0; i < found.n; i++) {
			const struct unit *u = &found.items[i];

			if (strcmp(u->level, "commune") != 0 &&
			    strcmp(u->level, "province") != 0)
				continue;
			if (pick == NULL)
				pick = u;
			json_array_append_new(matches, json_pack("{s:s, s:s?, "
			    "s:s, s:b}", "name", u->full_name, "province_name",
			    strcmp(u->level, "commune") == 0 ? u->parent_name :
			    NULL, "href", arena_printf(a, "/s?unit=2025:%s", u->code),
			    "chosen", u == pick));
		}
		if (pick != NULL) {
			bool is_commune = strcmp(pick->level, "commune") == 0;

			json_decref(unit);
			unit = json_pack("{s:s, s:s?}", "name", pick->full_name,
			    "province_name", is_commune ? pick->parent_name :
			    NULL);
			/* Its own campaigns first, then its province's. */
			if ((e = public_campaigns(db, a, "2025", pick->code,
			    lang, today, ids, open, results, ei)) != ERR_OK ||
			    (is_commune && pick->parent_code != NULL &&
			    (e = public_campaigns(db, a, "2025",
			    pick->parent_code, lang, today, ids, open, results,
			    ei)) != ERR_OK))
				goto out;
		}
	} else if ((e = public_campaigns(db, a, NULL, NULL, lang, today, ids,
	    open, results, ei)) != ERR_OK)
		goto out;
	*out = json_pack("{s:s?, s:O, s:O, s:O, s:O, s:I, s:I}", "place", q,
	    "unit", unit, "matches", matches, "open", open, "results", results,
	    "open_total", (json_int_t)json_array_size(open), "results_total",
	    (json_int_t)json_array_size(results));
out:
	json_decref(ids);
	json_decref(open);
	json_decref(results);
	json_decref(matches);
	json_decref(unit);
	return e;
}
