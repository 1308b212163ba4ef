/*
 * dos_options.c - what the form of a new recognition dossier offers a
 * commune officer, in words: the criteria sets that apply to the unit
 * (named by the recognition procedures that apply to it, the default the
 * one dos_defaults chooses), and the unit's satisfaction campaigns by
 * title (closed ones, whose results are published, first).  The page
 * shows these as lists of names; the API still takes set_id and
 * campaign_id.  The choice of a default is a programme rule, so it is
 * made here and not by the web layer.
 */
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "domain/criteria/criteria_store.h"
#include "domain/dossiers/dos_internal.h"
#include "domain/surveys/surveys_store.h"
#include "domain/units/units.h"

#define DOS_CAMPAIGN_CHOICES	200	/* campaigns of one unit offered */

/* Is a set of id already in the array of choices? */
static bool
listed(const json_t *sets, const char *id)
{
	const json_t *s;
	size_t i;

	json_array_foreach(sets, i, s)
		if (strcmp(json_string_value(json_object_get(s, "id")), id) == 0)
			return true;
	return false;
}

/* Is s one of the strings of the JSON array a? */
static bool
in_array(const json_t *a, const char *s)
{
	const json_t *x;
	size_t i;

	json_array_foreach(a, i, x)
		if (json_is_string(x) && strcmp(json_string_value(x), s) == 0)
			return true;
	return false;
}

/* The sets named by every recognition procedure (newest versions) that
 * applies to u - title NULL: any title, else that one - appended to sets
 * (each once, by name in lang; title: the first title of the first
 * procedure naming it). */
static enum err
sets_of(struct db *db, const struct unit *u, const char *title,
    const char *lang, json_t *sets, struct errinfo *ei)
{
	json_t *list, *p, *id;
	size_t i, j;
	enum err e;

	if ((e = wf_list(db, &list, ei)) != ERR_OK)
		return e;
	json_array_foreach(json_object_get(list, "items"), i, p) {
		const json_t *to = json_object_get(p, "applies_to");
		const json_t *titles = json_object_get(to, "titles");
		const char *level = jval_str(to, "level");

		if (jval_str(p, "kind") == NULL || strcmp(jval_str(p, "kind"),
		    "recognition") != 0 || !in_array(json_object_get(to,
		    "structures"), u->structure) || (level != NULL &&
		    strcmp(level, u->level) != 0) || (title != NULL &&
		    json_array_size(titles) > 0 && !in_array(titles, title)))
			continue;
		json_array_foreach(json_object_get(to, "sets"), j, id) {
			const struct crit_set *set;
			struct errinfo ignored;

			if (!json_is_string(id) || listed(sets,
			    json_string_value(id)) || crit_store_load(db,
			    json_string_value(id), 0, &set, &ignored) != ERR_OK)
				continue;
			json_array_append_new(sets, json_pack("{s:s, s:s, s:s?, "
			    "s:i, s:i, s:b}", "id", set->id, "name",
			    msg_pick(lang, set->name, set->name_en), "title",
			    title != NULL ? title : json_string_value(
			    json_array_get(titles, 0)), "year_from",
			    set->year_from, "year_to", set->year_to, "selected",
			    false));
		}
	}
	json_decref(list);
	return ERR_OK;
}

/* This year (the platform's day, core/date.h). */
static int
this_year(void)
{
	char today[DATE_LEN];

	date_today(today);
	return (today[0] - '0') * 1000 + (today[1] - '0') * 100 +
	    (today[2] - '0') * 10 + (today[3] - '0');
}

/* How far year is from the period [from, to] (0: inside). */
static int
distance(int year, int from, int to)
{
	return year < from ? from - year : year > to ? year - to : 0;
}

enum err
dos_defaults(struct db *db, const char *structure, const char *code,
    struct dos_defaults *out, struct errinfo *ei)
{
	struct arena *a = arena_new(2048);
	json_t *sets = json_array(), *s, *best = NULL;
	int year = this_year();
	struct unit u;
	size_t i;
	enum err e;

	memset(out, 0, sizeof(*out));
	out->title = "ntm";
	if ((e = units_get(db, a, structure, code, &u, ei)) != ERR_OK ||
	    (e = sets_of(db, &u, out->title, "vi", sets, ei)) != ERR_OK)
		goto out;
	/* The set whose period holds this year, else the nearest one (a
	 * tie: the later period, the one recognitions move to). */
	json_array_foreach(sets, i, s) {
		int d = distance(year, (int)jval_int(s, "year_from", 0),
		    (int)jval_int(s, "year_to", 0));

		if (best == NULL || d < distance(year, (int)jval_int(best,
		    "year_from", 0), (int)jval_int(best, "year_to", 0)) ||
		    (d == distance(year, (int)jval_int(best, "year_from", 0),
		    (int)jval_int(best, "year_to", 0)) && jval_int(s,
		    "year_from", 0) > jval_int(best, "year_from", 0)))
			best = s;
	}
	if (best == NULL) {
		e = err_set_texts(ei, ERR_NOTFOUND, "dossiers.no_set", "set_id",
		    arena_printf(a, "Chưa có bộ tiêu chí nào để xét công nhận "
		    "%s", u.full_name), arena_printf(a, "No criteria set applies "
		    "to a recognition of %s yet", u.full_name));
		goto out;
	}
	{
		const struct crit_set *set;

		/* the set's id as the store keeps it (lives as long as the
		 * cache, as the header says) */
		if ((e = crit_store_load(db, jval_str(best, "id"), 0, &set,
		    ei)) != ERR_OK)
			goto out;
		out->set_id = set->id;
		out->year = year < set->year_from ? set->year_from :
		    year > set->year_to ? set->year_to : year;
	}
out:
	json_decref(sets);
	db_end_reads(db);
	arena_free(a);
	return e;
}

/* Where a campaign comes in the list: closed (results out) first. */
static int
state_rank(const char *state)
{
	if (state != NULL && strcmp(state, "closed") == 0)
		return 0;
	if (state != NULL && strcmp(state, "open") == 0)
		return 1;
	return 2;
}

/* One campaign as a choice: its title and where it stands, in words. */
static json_t *
campaign_choice(struct arena *a, const json_t *c, const char *lang,
    int64_t current)
{
	const char *state = jval_str(c, "state"), *when, *key, *args[2];
	int64_t id = jval_int(c, "id", 0);

	switch (state_rank(state)) {
	case 0:
		key = "dos_campaign_closed";
		when = jval_str(c, "closed_at") ? jval_str(c, "closed_at") :
		    jval_str(c, "closes_on");
		break;
	case 1:
		key = "dos_campaign_open";
		when = jval_str(c, "closes_on");
		break;
	default:
		key = "dos_campaign_scheduled";
		when = jval_str(c, "opens_on");
		break;
	}
	args[0] = jval_str(c, "title") ? jval_str(c, "title") : "";
	args[1] = when ? date_display(a, when, lang) : "";
	return json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)id,
	    "label", msg_formata(a, lang, key, args, 2), "state",
	    state ? state : "", "selected", current > 0 && id == current);
}

enum err
dos_campaign_choices(struct db *db, const char *structure, const char *code,
    const char *lang, int64_t current, json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	json_t *list, *c;
	size_t i;
	enum err e;

	*out = json_array();
	if ((e = surv_campaign_list(db, structure, code, DOS_CAMPAIGN_CHOICES,
	    0, &list, ei)) != ERR_OK) {
		arena_free(a);
		json_decref(*out);
		*out = NULL;
		return e;
	}
	/* The unit's own campaigns (the list also holds those of units in
	 * its scope), closed first, then open, then to come; newest first
	 * within each (the list's order). */
	for (int rank = 0; rank < 3; rank++)
		json_array_foreach(json_object_get(list, "items"), i, c) {
			const char *s = jval_str(c, "structure"),
			    *k = jval_str(c, "unit_code");

			if (s == NULL || k == NULL || strcmp(s, structure) != 0 ||
			    strcmp(k, code) != 0 ||
			    state_rank(jval_str(c, "state")) != rank)
				continue;
			json_array_append_new(*out, campaign_choice(a, c, lang,
			    current));
		}
	json_decref(list);
	arena_free(a);
	return ERR_OK;
}

enum err
dos_new_options(struct db *db, const char *structure, const char *code,
    const char *lang, json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(2048);
	struct dos_defaults d;
	struct errinfo ignored;
	struct unit u;
	json_t *sets, *campaigns;
	enum err e;

	*out = NULL;
	if ((e = units_get(db, a, structure, code, &u, ei)) != ERR_OK)
		goto out;
	if (dos_defaults(db, u.structure, u.code, &d, &ignored) != ERR_OK)
		memset(&d, 0, sizeof(d));
	sets = json_array();
	if ((e = sets_of(db, &u, NULL, lang, sets, ei)) != ERR_OK) {
		json_decref(sets);
		goto out;
	}
	for (size_t i = 0; d.set_id != NULL && i < json_array_size(sets); i++)
		json_object_set_new(json_array_get(sets, i), "selected",
		    json_boolean(strcmp(jval_str(json_array_get(sets, i), "id"),
		    d.set_id) == 0));
	if ((e = dos_campaign_choices(db, u.structure, u.code, lang, 0,
	    &campaigns, ei)) != ERR_OK) {
		json_decref(sets);
		goto out;
	}
	/* A dossier may start without a campaign: it is linked later, before
	 * the submission that checks the satisfaction result. */
	*out = json_pack("{s:{s:s, s:s, s:s}, s:s?, s:s?, s:i, s:o, s:o, "
	    "s:b}", "unit", "structure", u.structure, "code", u.code, "name",
	    u.full_name, "title", d.title, "set_id", d.set_id, "year", d.year,
	    "sets", sets, "campaigns", campaigns, "campaign_optional", true);
out:
	db_end_reads(db);
	arena_free(a);
	return e;
}
