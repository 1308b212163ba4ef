/*
 * home_dossiers.c - the dossiers' part of the home: the recognition and
 * revocation dossiers waiting at the caller's step, and those overdue at
 * a step below (or beside) the caller's.
 *
 * "At the caller's step" is what the procedure grants, not a guess from
 * the role: a dossier is listed when a transition out of its state may
 * be taken by the caller (the workflow's wf_may, the same rule that
 * enables the buttons of the dossier page).  dos_inbox asks the database
 * for those, state by state, counting them there: the home reads the
 * HOME_ENTRIES_MAX it lists, whatever the number of open dossiers, and
 * its link opens the whole list (/dossiers?at_step=1).
 */
#include <stdio.h>
#include <string.h>

#include "core/jval.h"
#include "core/msg.h"
#include "domain/dossiers/dossiers.h"
#include "domain/home/home.h"

/* The readers of dossiers (the roles of GET /dossiers). */
#define HOME_DOS_ROLES	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR) | \
    ROLE_BIT(ROLE_PROVINCE_OFFICER) | ROLE_BIT(ROLE_COMMUNE_OFFICER) | \
    ROLE_BIT(ROLE_APPRAISER))
/* "Xã Sóc Sơn · Xã đạt chuẩn nông thôn mới 2026" */
static const char *
dossier_label(struct home_ctx *c, json_t *d)
{
	char key[64];
	const char *title = jval_str(d, "title");

	snprintf(key, sizeof(key), "dos_title_%s", title ? title : "");
	return arena_printf(c->a, "%s · %s %lld",
	    jval_str(json_object_get(d, "unit"), "name"),
	    msg_get(c->lang, key), (long long)jval_int(d, "year", 0));
}

/* "Tỉnh thẩm tra · còn 20 ngày" / "… · quá hạn 3 ngày" */
static const char *
dossier_detail(struct home_ctx *c, json_t *d)
{
	json_t *s = json_object_get(d, "state");
	json_t *left = json_object_get(s, "days_left");
	char n[24];
	const char *args[1] = { n };
	const char *due;

	if (!json_is_integer(left))
		return jval_str(s, "name");
	snprintf(n, sizeof(n), "%lld", (long long)(json_integer_value(left) < 0 ?
	    -json_integer_value(left) : json_integer_value(left)));
	due = msg_formata(c->a, c->lang, json_integer_value(left) < 0 ?
	    "dos_days_late" : "dos_days_left", args, 1);
	return arena_printf(c->a, "%s · %s", jval_str(s, "name"), due);
}

/* The entries of item: one per dossier of list (at most
 * HOME_ENTRIES_MAX are kept by home_entry_add); late: every one urgent. */
static void
entries(struct home_ctx *c, json_t *item, json_t *list, bool late)
{
	json_t *d;
	size_t i;

	json_array_foreach(list, i, d) {
		bool over = late || json_is_true(json_object_get(
		    json_object_get(d, "state"), "overdue"));

		if (over)
			json_object_set_new(item, "urgent", json_true());
		home_entry_add(item, dossier_label(c, d), dossier_detail(c, d),
		    arena_printf(c->a, "/dossiers/%lld", (long long)jval_int(d,
		    "id", 0)), over);
	}
}

/* Two questions to the database (dos_inbox): the dossiers at the
 * caller's step and the overdue ones below, each counted there and read
 * only as far as the home shows them. */
static enum err
collect(struct home_ctx *c, struct errinfo *ei)
{
	json_t *box, *mine, *late, *item;
	enum err e;

	if ((e = dos_inbox(c->db, c->p, HOME_DOS_ROLES, HOME_ENTRIES_MAX,
	    c->lang, &box, ei)) != ERR_OK)
		return e;
	mine = json_object_get(box, "at_step");
	late = json_object_get(box, "overdue_below");
	if ((item = home_item_add(c, "dossiers", "dossiers.at_step",
	    msg_get(c->lang, "home_dossiers_at_step"), jval_int(mine, "total",
	    0), "/dossiers?at_step=1", false)) != NULL)
		entries(c, item, json_object_get(mine, "items"), false);
	if ((item = home_item_add(c, "dossiers", "dossiers.overdue_below",
	    msg_get(c->lang, "home_dossiers_overdue"), jval_int(late, "total",
	    0), "/dossiers?overdue=1", true)) != NULL)
		entries(c, item, json_object_get(late, "items"), true);
	json_decref(box);
	return ERR_OK;
}

const struct home_provider home_dossiers = {
	"dossiers", HOME_DOS_ROLES, collect
};
