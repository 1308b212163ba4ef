/*
 * criteria_store.h - criteria sets, indicator values, unit attributes and
 * provincial thresholds in the database, and the evaluations and roll-ups
 * kept from them.
 *
 * Every write is one transaction with its audit entry, and re-evaluates
 * what it affects before it commits: a value changes one unit's
 * evaluation; an attribute, that unit in every year from it; a provincial
 * threshold, the province's units; a new version of a set, every unit
 * with data for it.  A changed evaluation adjusts the roll-up of every
 * scope the unit counts in (unit_scope) by the difference, so reading a
 * national roll-up never recomputes the country.  Sets whose
 * children_share indicators count this set's results (district and
 * province sets) are re-evaluated for the scopes touched.
 *
 * Writers pass the actor for the audit trail.  Whether a caller may write
 * is decided before the store is called, by the router (roles and scope
 * of the route, web/access.c); the one place the store asks is the bulk
 * import, whose rows name their units (crit_unit_admitted_fn).
 * Results (json_t) are new references the caller releases.
 */
#ifndef NTM_DOMAIN_CRITERIA_STORE_H
#define NTM_DOMAIN_CRITERIA_STORE_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/audit/audit.h"
#include "domain/criteria/criteria.h"

#define CRIT_META_VERSION	"criteria_version"	/* bumped by every write */
#define CRIT_CLOSE_MISSING	2	/* "close to the standard": missing 1..2 */
#define CRIT_CLOSE_LIST_MAX	100	/* of them listed in a roll-up */
#define CRIT_IMPORT_ERRORS_MAX	200	/* bad rows reported per import */

/* A set version by id; version 0 is the newest.  The parsed set is cached
 * for the life of the process (versions never change) and must not be
 * freed.  ERR_NOTFOUND "criteria.not_found". */
enum err crit_store_load(struct db *db, const char *set_id, int version,
    const struct crit_set **out, struct errinfo *ei);

/* Free the cache of parsed versions (at exit, so leak checkers see a
 * clean process; never while another thread may use a set). */
void crit_store_cache_free(void);

/* Store a document as a new version.  The same id and version with the
 * same content: ERR_OK, *created false (init is idempotent); the same
 * version with other content, or a version not newer than the newest:
 * ERR_CONFLICT "criteria.version_exists".  Evaluations of the set are
 * recomputed when the new version is the newest. */
enum err crit_store_import(struct db *db, const struct audit_actor *who,
    const char *text, size_t len, const char *change_note, int *version,
    bool *created, struct errinfo *ei);

/* Every *.json file of dir (not its subfolders), in name order, each
 * recorded with change_note; used by init (criteria/) and demo
 * (criteria/demo/).  *imported counts new versions. */
enum err crit_store_import_dir(struct db *db, const char *dir,
    const char *change_note, int *imported, struct errinfo *ei);

/* {"items":[{id, version, versions, name, kind, structure, level,
 * years:{from,to}, profile, created_at, province: {code, full_name} | null
 * (a province's own set), template}], "total"} */
enum err crit_store_list(struct db *db, json_t **out, struct errinfo *ei);
/* {"set": document, "version", "versions":[{version, name, profile,
 * change_note, created_at}], "sha256"} for version (0: newest). */
enum err crit_store_get(struct db *db, const char *set_id, int version,
    json_t **out, struct errinfo *ei);

/* National thresholds: a new version of set_id whose thresholds for the
 * indicators named in changes are replaced.  changes:
 * {"3.1": [{"variant":"1","value":8.5}, ...], ...}; source_document (the
 * legal basis, required) is recorded in the new version's legal_basis and
 * in every entry changed. */
enum err crit_store_amend(struct db *db, const struct audit_actor *who,
    const char *set_id, json_t *changes, const char *source_document,
    const char *note, int *version, struct errinfo *ei);

/* A province's threshold for a delegated indicator (value NULL deletes).
 * It must fill a national threshold that is not configured or tighten it. */
enum err crit_store_override(struct db *db, const struct audit_actor *who,
    const char *set_id, const char *structure, const char *province_code,
    const char *indicator_id, const char *variant, json_t *value,
    const char *source_document, struct errinfo *ei);
enum err crit_store_overrides(struct db *db, const char *set_id,
    const char *structure, const char *province_code, json_t **out,
    struct errinfo *ei);

/* The ethnic-minority area classes a commune may have (NULL-terminated). */
extern const char *const crit_ethnic_areas[];
/* Attributes of a commune from year on: commune_group "1".."3" (the
 * variant codes of CRIT_BY_COMMUNE_GROUP) or NULL, ethnic_area one of
 * crit_ethnic_areas or NULL. */
enum err crit_store_set_attributes(struct db *db, const struct audit_actor *who,
    const char *structure, const char *code, int year,
    const char *commune_group, const char *ethnic_area,
    const char *source_document, struct errinfo *ei);
/* {"in_force": {year, commune_group, ethnic_area, source_document} | null,
 *  "history": [...]} for year (0: the latest) */
enum err crit_store_attributes(struct db *db, const char *structure,
    const char *code, int year, json_t **out, struct errinfo *ei);

/* Set (or, with JSON null, clear) the values named in values (an object
 * {"indicator id": value}); values not named stay.  Checks that the unit
 * fits the set (structure, level, class) and the year its range; every
 * bad value is ERR_INVALID naming "values.<id>"; nothing is written then. */
enum err crit_store_put_values(struct db *db, const struct audit_actor *who,
    const char *structure, const char *code, const char *set_id, int year,
    json_t *values, struct errinfo *ei);
/* {"unit":{…}, "set":{id, version, name, profile}, "year", "variant",
 *  "values": {id: value}, "indicators": [{id, name, type, unit, op,
 *  threshold, …, value}]} - what the entry form shows. */
enum err crit_store_get_values(struct db *db, const char *structure,
    const char *code, const char *set_id, int year, const char *lang,
    json_t **out, struct errinfo *ei);

/* The live evaluation (crit_result_json) of a unit, with "unit" and
 * "history" (its evaluations of the set year by year) and "recognised".
 * version 0: the newest version of the set. */
enum err crit_store_evaluation(struct db *db, const char *structure,
    const char *code, const char *set_id, int year, int version,
    const char *lang, json_t **out, struct errinfo *ei);

/* The roll-up of a scope (a province, a pre-2025 district, or the country
 * "VN") for a set and year; see docs/API.md for the shape.  Criteria are
 * named in lang (name_en where the set has one; "name_en" is kept). */
enum err crit_store_rollup(struct db *db, const char *structure,
    const char *code, const char *set_id, int year, const char *lang,
    json_t **out, struct errinfo *ei);

/*
 * Whether the caller may write values of the unit (structure, code).  A
 * file names many units, row by row, so no route can resolve them before
 * the import runs: the web layer supplies this callback, which applies
 * the router's own rule (the route's roles, auth_can) to each row's unit.
 */
typedef bool (*crit_unit_admitted_fn)(void *ctx, const char *structure,
    const char *code);
struct crit_import_stats {
	long rows, units, evaluations;
};
/* A bulk import of values: CSV with header
 * "structure,code,set_id,year,indicator,value" (structure may be left out:
 * "code,set_id,year,indicator,value" means 2025).  All or nothing: every
 * bad row is reported in *errors ([{line, field, message}], the message
 * in lang, at most CRIT_IMPORT_ERRORS_MAX rows) and nothing is written;
 * ei then says how many rows are bad and quotes the first.  A row whose
 * unit admitted refuses is bad (admitted NULL: every unit, for the
 * command line).  dry_run checks and evaluates, then rolls back. */
enum err crit_values_import(struct db *db, const struct audit_actor *who,
    FILE *f, const char *name, const char *lang, bool dry_run,
    crit_unit_admitted_fn admitted, void *ctx, struct crit_import_stats *st,
    json_t **errors, struct errinfo *ei);

/* Rebuild unit_scope from the units and the lineage (init, after units). */
enum err crit_store_build_scopes(struct db *db, struct errinfo *ei);

/* Recompute every evaluation of set_id (year 0: every year with data)
 * from stored values and rebuild its roll-ups; inside the caller's
 * transaction if one is open, else in its own.  *units counts the
 * evaluations written. */
enum err crit_store_recompute(struct db *db, const char *set_id, int year,
    long *units, struct errinfo *ei);

/* The units a set applies to (its structure, level and class), with
 * their region and province; arrays in a. */
struct crit_unit_row {
	const char *code, *region7, *parent, *province;
};
enum err crit_store_units_of_set(struct db *db, struct arena *a,
    const struct crit_set *s, struct crit_unit_row **out, size_t *n,
    struct errinfo *ei);

/* Re-evaluate every year of one unit's data for set_id (newest version),
 * adjusting the roll-ups: after a title is granted or revoked, since the
 * revocation flag of a year depends on the title held.  Inside the
 * caller's transaction. */
enum err crit_store_reevaluate_unit(struct db *db, const char *structure,
    const char *code, const char *set_id, struct errinfo *ei);

/* Mark a unit recognised under set_id (demo data; the appraisal module). */
enum err crit_store_recognise(struct db *db, const char *structure,
    const char *code, const char *set_id, int year, const char *decision_no,
    const char *decision_date, struct errinfo *ei);

/* ---- a province's own sets (issue 19; criteria_province.c) ----
 *
 * A set with applies_to.province is that province's own (its smart
 * villages, its modern communes): only its units use it (crit_unit_fits
 * refuses the others, crit_store_units_of_set leaves them out), and only
 * its officers (besides the admin and the coordinator) write it.  The
 * sets marked "template" are shipped starting points a province copies;
 * they are never evaluated.  (structure, code) is always the province:
 * ERR_NOTFOUND for an unknown unit, ERR_INVALID "criteria.not_province"
 * naming "code" for a unit that is not a province.
 */

/* {"province": {structure, code, full_name}, "own": [set...], "templates":
 * [set... with "copy": the id of the province's copy or null]}, a set
 * being {id, version, name, name_en, kind, level, years: {from, to},
 * status, derived_from}. */
enum err crit_store_province_sets(struct db *db, const char *structure,
    const char *code, const char *lang, json_t **out, struct errinfo *ei);

/* A copy of the template template_id as the province's own set: id
 * "<template>-<province code>" (into id, CRIT_ID_MAX + 1 bytes), version
 * 1, applies_to.province, derived_from, template false, the province's
 * name after the set's.  ERR_INVALID "criteria.not_template" naming
 * "template" (no such template), ERR_CONFLICT "criteria.copy_exists" when
 * the province has the copy already. */
enum err crit_store_from_template(struct db *db, const struct audit_actor *who,
    const char *structure, const char *code, const char *template_id,
    char *id, int *version, struct errinfo *ei);

/* A new version of one of the province's own sets, as a document (like
 * crit_store_import): its applies_to.province must be the province
 * (ERR_INVALID "criteria.wrong_province" naming "applies_to.province"),
 * it may not be a template ("criteria.template" naming "template"), and
 * its id may not be a national set's or another province's (ERR_FORBIDDEN
 * "criteria.not_yours" naming "id").  Nothing is written on an error. */
enum err crit_store_province_import(struct db *db,
    const struct audit_actor *who, const char *structure, const char *code,
    const char *text, size_t len, const char *change_note, char *id,
    int *version, bool *created, struct errinfo *ei);

/* ERR_OK when set_id is the province's own set, else ERR_FORBIDDEN
 * "criteria.not_yours" naming "id" (a national set, another province's);
 * ERR_NOTFOUND for an unknown set. */
enum err crit_store_province_owns(struct db *db, const char *set_id,
    const char *structure, const char *code, struct errinfo *ei);

/* The platform's evaluation of a commune's villages against their
 * province's smart_village set, for the model-commune rule: a 2025
 * commune itself, a pre-2025 commune through the communes it went into
 * (the lineage).  {"communes": [{structure, code, full_name, set: {id,
 * version, name} | null, villages: [{code, full_name, year, status,
 * criteria_met, criteria_total}], met}], "villages", "met"} - each
 * village's newest evaluation; "met" counts villages whose newest one is
 * met. */
enum err crit_store_smart_villages(struct db *db, const char *structure,
    const char *code, const char *lang, json_t **out, struct errinfo *ei);

#endif
