/*
 * home_dossiers.c - the dossiers' part of the home: the recognition and
 * revocation dossiers waiting at the caller's step, and those overdue at
 * a step below (or beside) the caller's.
 *
 * "At the caller's step" is what the procedure grants, not a guess from
 * the role: a dossier is listed when dos_get names at least one
 * transition the caller may take now (the workflow's wf_may, the same
 * rule that enables the buttons of the dossier page).  The dossiers
 * looked at are those dos_list shows the caller (open ones, in the scope
 * of the caller's readers' bindings).
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
/* Dossiers whose actions are computed for one home: past it the list page
 * (linked) tells the rest. */
#define HOME_DOS_MAX	200

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

/* May the caller take a transition of dossier id now? */
static enum err
at_step(struct home_ctx *c, int64_t id, bool *yes, struct errinfo *ei)
{
	json_t *d;
	enum err e;

	*yes = false;
	if ((e = dos_get(c->db, c->p, id, c->lang, &d, ei)) != ERR_OK)
		return e;
	*yes = json_array_size(json_object_get(d, "actions")) > 0;
	json_decref(d);
	return ERR_OK;
}

static enum err
collect(struct home_ctx *c, struct errinfo *ei)
{
	struct dos_filter f = { .open_only = true, .limit = HOME_DOS_MAX,
	    .roles = HOME_DOS_ROLES };
	json_t *list, *d, *mine = json_array(), *late = json_array();
	json_t *item;
	size_t i;
	enum err e;

	if ((e = dos_list(c->db, c->p, &f, c->lang, &list, ei)) != ERR_OK)
		goto out;
	json_array_foreach(json_object_get(list, "items"), i, d) {
		bool yes;

		if ((e = at_step(c, jval_int(d, "id", 0), &yes, ei)) != ERR_OK)
			break;
		if (yes)
			json_array_append(mine, d);
		else if (json_is_true(json_object_get(json_object_get(d,
		    "state"), "overdue")))
			json_array_append(late, d);
	}
	json_decref(list);
	if (e != ERR_OK)
		goto out;
	if ((item = home_item_add(c, "dossiers", "dossiers.at_step",
	    msg_get(c->lang, "home_dossiers_at_step"),
	    (int64_t)json_array_size(mine), "/dossiers", false)) != NULL)
		json_array_foreach(mine, i, d) {
			bool over = json_is_true(json_object_get(
			    json_object_get(d, "state"), "overdue"));

			if (over)
				json_object_set_new(item, "urgent", json_true());
			home_entry_add(item, dossier_label(c, d),
			    dossier_detail(c, d), arena_printf(c->a,
			    "/dossiers/%lld", (long long)jval_int(d, "id", 0)),
			    over);
		}
	if ((item = home_item_add(c, "dossiers", "dossiers.overdue_below",
	    msg_get(c->lang, "home_dossiers_overdue"),
	    (int64_t)json_array_size(late), "/dossiers?overdue=1", true)) !=
	    NULL)
		json_array_foreach(late, i, d)
			home_entry_add(item, dossier_label(c, d),
			    dossier_detail(c, d), arena_printf(c->a,
			    "/dossiers/%lld", (long long)jval_int(d, "id", 0)),
			    true);
out:
	json_decref(mine);
	json_decref(late);
	return e;
}

const struct home_provider home_dossiers = {
	"dossiers", HOME_DOS_ROLES, collect
};
