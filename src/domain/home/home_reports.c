/*
 * home_reports.c - the reports' part of the home: what the approval of
 * reports waits for (docs/REPORTING.md section 9).
 *
 *   a unit's officer (commune or province)  its own reports returned by the
 *                                           level above, late, or due now
 *   a province officer, the coordinator     the reports of the level below
 *                                           waiting for their approval, and
 *                                           how many units below have not
 *                                           submitted the latest period due
 *
 * Every figure comes from the reporting module's own read-only functions
 * (rep_completeness.h: rep_reminders_*), a few indexed reads a binding,
 * kept to the caller's bindings; each item links to the completeness page
 * of the unit and period, where the reports are listed.
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/home/home.h"
#include "domain/reporting/rep_completeness.h"

#define HOME_REP_OWNERS		(ROLE_BIT(ROLE_COMMUNE_OFFICER) | \
    ROLE_BIT(ROLE_PROVINCE_OFFICER))
#define REP_HOME_DUE_SOON_DAYS	3	/* NOTICES_DUE_SOON_DAYS */
#define HOME_REP_APPROVERS	(ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
    ROLE_BIT(ROLE_COORDINATOR))

/* The completeness page of a unit and period: where a reminder leads. */
static const char *
page_of(struct home_ctx *c, const char *form, const struct role_binding *b,
    const char *period)
{
	return arena_printf(c->a, "/reports/%s/completeness?unit=%s:%s&period=%s",
	    form, b->structure, b->unit_code, period);
}

/* The own reports of binding b that need its officer: returned, late,
 * due (one item each, the reports as entries). */
static enum err
own(struct home_ctx *c, const struct role_binding *b, struct errinfo *ei)
{
	static const char *const kinds[] = { "returned", "late", "due" };
	json_t *list, *it;
	size_t i;
	enum err e;

	if ((e = rep_reminders_own(c->db, b->structure, b->unit_code, c->year,
	    c->lang, &list, ei)) != ERR_OK)
		return e;
	for (size_t k = 0; k < 3; k++) {
		char key[48], kind[48];
		int64_t n = 0;
		json_t *item;
		const char *first = NULL;

		json_array_foreach(list, i, it)
			if (strcmp(jval_str(it, "status"), kinds[k]) == 0) {
				n++;
				if (first == NULL)
					first = page_of(c, jval_str(it, "form"), b,
					    jval_str(it, "period"));
			}
		snprintf(key, sizeof(key), "rapp_home_%s", kinds[k]);
		snprintf(kind, sizeof(kind), "reports.%s", kinds[k]);
		item = home_item_add(c, "reports", kind, msg_get(c->lang, key), n,
		    first ? first : "/home", k < 2);
		json_array_foreach(list, i, it) {
			const char *args[1] = { date_display(c->a,
			    jval_str(it, "due"), c->lang) };
			long due, today;
			/* A report due within REP_HOME_DUE_SOON_DAYS is
			 * urgent: it becomes a notice (domain/notices). */
			bool soon = k == 2 && date_parse(jval_str(it, "due"),
			    &due) && date_parse(c->today, &today) &&
			    due - today <= REP_HOME_DUE_SOON_DAYS;

			if (item == NULL ||
			    strcmp(jval_str(it, "status"), kinds[k]) != 0)
				continue;
			home_entry_add(item, arena_printf(c->a, "%s · %s",
			    jval_str(it, "form_title"), jval_str(it,
			    "period_name")), msg_formata(c->a, c->lang,
			    "rapp_home_due_on", args, 1), page_of(c, jval_str(it,
			    "form"), b, jval_str(it, "period")), k < 2 || soon);
		}
	}
	json_decref(list);
	return ERR_OK;
}

/* The reports below binding b waiting for its approval, and the units
 * below late with the latest period due. */
static enum err
below(struct home_ctx *c, const struct role_binding *b, struct errinfo *ei)
{
	json_t *w, *late, *it, *item;
	size_t i;
	enum err e;

	if ((e = rep_reminders_waiting(c->db, b->structure, b->unit_code,
	    HOME_ENTRIES_MAX, c->lang, &w, ei)) != ERR_OK)
		return e;
	it = json_array_get(json_object_get(w, "items"), 0);
	item = home_item_add(c, "reports", "reports.waiting", msg_get(c->lang,
	    "rapp_home_waiting"), jval_int(w, "total", 0), it ? jval_str(it,
	    "href") : "/home", false);
	json_array_foreach(json_object_get(w, "items"), i, it)
		if (item != NULL)
			home_entry_add(item, arena_printf(c->a, "%s · %s",
			    jval_str(it, "unit_name"), jval_str(it,
			    "period_name")), jval_str(it, "form_title"),
			    jval_str(it, "href"), false);
	json_decref(w);
	if ((e = rep_reminders_late_children(c->db, b->structure, b->unit_code,
	    c->year, c->lang, &late, ei)) != ERR_OK)
		return e;
	json_array_foreach(late, i, it) {
		char n[24];
		const char *args[1] = { n };

		snprintf(n, sizeof(n), "%lld", (long long)jval_int(it, "missing",
		    0));
		item = home_item_add(c, "reports", "reports.late_below",
		    msg_get(c->lang, "rapp_home_late_below"), jval_int(it,
		    "missing", 0), jval_str(it, "href"), true);
		if (item != NULL)
			home_entry_add(item, arena_printf(c->a, "%s · %s",
			    jval_str(it, "form_title"), jval_str(it,
			    "period_name")), msg_formata(c->a, c->lang,
			    "rapp_home_missing", args, 1), jval_str(it, "href"),
			    true);
	}
	json_decref(late);
	return ERR_OK;
}

static enum err
collect(struct home_ctx *c, struct errinfo *ei)
{
	enum err e = ERR_OK;

	for (size_t i = 0; i < c->nbindings && e == ERR_OK; i++) {
		const struct role_binding *b = c->bindings[i];

		if (ROLE_BIT(b->role) & HOME_REP_OWNERS)
			e = own(c, b, ei);
		if (e == ERR_OK && (ROLE_BIT(b->role) & HOME_REP_APPROVERS))
			e = below(c, b, ei);
	}
	return e;
}

const struct home_provider home_reports = {
	"reports", HOME_REP_OWNERS | HOME_REP_APPROVERS, collect
};
