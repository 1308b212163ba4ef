/*
 * demo_smart.c - the smart-village part of ntm demo (docs/DIGITAL.md
 * section 5), after the accounts: Hà Nội's officer copies the shipped
 * smart-village template as the city's own set, gives it thresholds -
 * marked DEMO, since the city's real decision is not in the reference -
 * and enters the 2026 values of the two demo villages of Sóc Sơn: Thôn 1
 * meets the set, Thôn 2 does not.  Running it again keeps what exists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/auth/auth.h"
#include "domain/criteria/criteria_store.h"

#define SMART_TEMPLATE	"thon-thong-minh-2026-2030"
#define SMART_PROVINCE	"01"
#define SMART_YEAR	2026
#define DEMO_NOTE	"Ngưỡng minh họa (demo), không phải quyết định của " \
	"UBND thành phố Hà Nội"

/* The demo thresholds of the template's number indicators. */
static const struct { const char *id; double value; } thresholds[] = {
	{ "1.3", 80 }, { "2.2", 70 }, { "3.1", 30 }, { "3.2", 50 },
	{ "4.2", 80 }, { "4.3", 60 },
};

/* Version 2 of the city's copy: the demo thresholds, profile "demo". */
static enum err
with_thresholds(struct db *db, const struct audit_actor *who, const char *id,
    struct errinfo *ei)
{
	const struct crit_set *s;
	json_t *doc, *c, *ind;
	char *text, got[CRIT_ID_MAX + 1];
	bool created = false;
	int version = 0;
	size_t i, j;
	enum err e;

	if ((e = crit_store_load(db, id, 0, &s, ei)) != ERR_OK)
		return e;
	if (s->version > 1)
		return ERR_OK;
	doc = json_deep_copy(s->doc);
	json_array_foreach(json_object_get(doc, "criteria"), i, c)
		json_array_foreach(json_object_get(c, "indicators"), j, ind) {
			const char *iid = json_string_value(json_object_get(ind,
			    "id"));

			for (size_t k = 0; k < sizeof(thresholds) /
			    sizeof(thresholds[0]); k++)
				if (iid != NULL && strcmp(iid, thresholds[k].id) == 0)
					json_object_set_new(ind, "thresholds",
					    json_pack("[{s:f, s:s, s:s}]", "value",
					    thresholds[k].value, "status", "demo",
					    "note", DEMO_NOTE));
		}
	json_object_set_new(doc, "version", json_integer(2));
	json_object_set_new(doc, "profile", json_string("demo"));
	text = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	e = crit_store_province_import(db, who, "2025", SMART_PROVINCE, text,
	    strlen(text), DEMO_NOTE, got, &version, &created, ei);
	free(text);
	return e;
}

/* The 2026 values of a demo village (met: above every threshold). */
static enum err
village_values(struct db *db, const struct audit_actor *who, const char *id,
    const char *village, bool met, struct errinfo *ei)
{
	json_t *v = json_pack("{s:b, s:b, s:f, s:b, s:f, s:f, s:f, s:b, s:f, "
	    "s:f}", "1.1", 1, "1.2", 1, "1.3", met ? 92.0 : 71.0, "2.1", 1,
	    "2.2", met ? 84.0 : 55.0, "3.1", met ? 38.0 : 12.0, "3.2",
	    met ? 63.0 : 41.0, "4.1", met, "4.2", met ? 88.0 : 74.0, "4.3",
	    met ? 67.0 : 35.0);
	enum err e = crit_store_put_values(db, who, "2025", village, id,
	    SMART_YEAR, v, ei);

	json_decref(v);
	return e;
}

int
demo_smart(struct db *db)
{
	struct arena *a = arena_new(16 * 1024);
	struct principal hanoi;
	struct audit_actor who;
	struct errinfo ei;
	char id[CRIT_ID_MAX + 1];
	int version = 0;
	enum err e;

	err_clear(&ei);
	if ((e = demo_principal(db, a, "hanoi", &hanoi, &ei)) != ERR_OK)
		goto out;
	auth_actor(&hanoi, &hanoi.roles[0], &who);
	e = crit_store_from_template(db, &who, "2025", SMART_PROVINCE,
	    SMART_TEMPLATE, id, &version, &ei);
	if (e == ERR_CONFLICT) {	/* a second run: the copy exists */
		err_clear(&ei);
		e = ERR_OK;
	}
	if (e == ERR_OK)
		e = with_thresholds(db, &who, id, &ei);
	if (e == ERR_OK)
		e = village_values(db, &who, id, "00376-01", true, &ei);
	if (e == ERR_OK)
		e = village_values(db, &who, id, "00376-02", false, &ei);
	if (e == ERR_OK)
		printf("Smart villages: Hà Nội's own set %s (copied from the "
		    "template, DEMO thresholds); Thôn 1 of Sóc Sơn meets it, "
		    "Thôn 2 does not: /units/2025/01/criteria-sets\n", id);
out:
	arena_free(a);
	if (e != ERR_OK)
		return cli_fail("demo", &ei);
	return EXIT_OK;
}
