/*
 * rep_cold.h - a report's figures packed into one value, and the nation's
 * aggregate recomputed from the reports themselves ("cold"), not from the
 * maintained aggregates: what checks that those are right, and what the
 * benchmark times (docs/REPORTING.md section 12).
 *
 * The pack (rep_report.packed, migration 0016) holds the numbers of a
 * report's values, one 8-byte little-endian IEEE double per slot of the
 * report's form version in slot order, NaN where the slot has no number
 * (no value, or a text).  The writer sets it in the transaction that
 * changes a value (rep_report_put_in, rep_auto_fill), so reading a year of
 * reports costs one row a report instead of one a value.
 */
#ifndef NTM_DOMAIN_REPORTING_COLD_H
#define NTM_DOMAIN_REPORTING_COLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "db/db.h"
#include "domain/reporting/reporting.h"

/* The pack of vals (f's slots) in a: *len bytes. */
unsigned char *rep_pack(const struct rep_form *f, const struct rep_value *vals,
    struct arena *a, size_t *len);

/* vals (from rep_values_new) from a pack of f's slots: false (vals
 * untouched) when its length is not f's. */
bool rep_unpack(const struct rep_form *f, const void *pack, size_t len,
    struct rep_value *vals);

/* Store the pack of vals as report id's (inside the writer's
 * transaction). */
enum err rep_pack_write(struct db *db, const struct rep_form *f, int64_t id,
    const struct rep_value *vals, struct errinfo *ei);

/*
 * Into vals (from rep_values_new) the figures of the nation (2025:VN) for
 * period p of form f, computed from every report of f's finest level: a
 * unit of the 2025 structure counts in full, a pre-2025 unit by the
 * shares of its area the lineage carries into the 2025 units
 * (rep_lineage_shares).  For a period longer than f's (a year of a
 * monthly form) each of its periods is summed, then the sums are combined
 * by the elements' over_time (rep_over_time).  Both exactly as the
 * maintained aggregates count them (rep_aggregate_get,
 * rep_overtime_aggregate), so the two must agree.  *reports the number of
 * reports read.  A report without a pack (saved before migration 0016) is
 * read from its values.
 */
enum err rep_cold_national(struct db *db, const struct rep_form *f,
    const struct rep_period *p, struct rep_value *vals, long *reports,
    struct errinfo *ei);

/*
 * The nation's figures of form_id for period (text) two ways - cold from
 * the reports, and as the maintained aggregates give them
 * (rep_aggregate_get) - as *out {form, period, reports, cold, maintained,
 * differences: [slot...]}: a slot whose figures differ by more than a
 * millionth (or is present in one only).  What `ntm forms check` prints.
 */
enum err rep_cold_check(struct db *db, const char *form_id,
    const char *period, json_t **out, struct errinfo *ei);

#endif
