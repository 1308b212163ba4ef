/*
 * ocop_scorecard.h - OCOP scorecards as data (format ntm-scorecard/1,
 * docs/OCOP.md section 3) and the pure arithmetic of scoring on them.
 *
 * A scorecard says, for one legal text (148/QĐ-TTg, 2023), the parts
 * (A, B, C) with their maxima summing to 100, each part's sections, and
 * per product group (1-6) and optional subgroup the sub-criteria with
 * their maxima - which a coordinator completes: a group with no
 * sub-criteria is scored by part.  It carries the star bands (with their
 * status and the note every page showing stars prints), the spread of the
 * members' totals above which a product is flagged for discussion, and
 * the rounding of the mean.  Every number carries a status: "verified",
 * "carried_over" (from an older text, not yet confirmed), "to_complete"
 * (null until a coordinator enters it) or "local" (a setting of this
 * software, not a legal number).
 *
 * Everything here is pure (no database, no HTTP) so that the evaluation
 * rounds build on it: one member's score sheet in, the total and every
 * problem out (ocop_sheet_score); several members' totals in, the mean,
 * the stars and the disagreement flag out (ocop_aggregate).
 *
 * Points are kept as exact integers in hundredths of a point ("centi-
 * points": 69.95 is 6995); a score with more than two decimals is
 * refused, so no binary fraction ever decides a star.  The mean is
 * rounded half-up to the scorecard's decimals (1 in the shipped card)
 * before banding.
 *
 * Faults are collected, never only the first: parsing and scoring put
 * every fault in a struct rep_problems (domain/reporting/reporting.h),
 * each with the JSON path it names in field and at the start of both
 * messages, and also return the first in ei.
 *
 * Ownership: ocop_scorecard_parse returns a scorecard the caller frees
 * with ocop_scorecard_free; it is immutable and may be shared between
 * threads.
 */
#ifndef NTM_DOMAIN_OCOP_SCORECARD_H
#define NTM_DOMAIN_OCOP_SCORECARD_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/err.h"
#include "domain/reporting/reporting.h"	/* struct rep_problems */

#define OCOP_SC_FORMAT		"ntm-scorecard/1"
#define OCOP_SC_DOC_MAX		(512 * 1024)	/* bytes of a document */
#define OCOP_SC_ID_MAX		64
#define OCOP_SC_TEXT_MAX	2000
#define OCOP_SC_PARTS_MAX	8
#define OCOP_SC_SECTIONS_MAX	12	/* per part */
#define OCOP_SC_GROUPS_MAX	12
#define OCOP_SC_SUBGROUPS_MAX	30	/* per group */
#define OCOP_SC_ITEMS_MAX	200	/* per group or subgroup */
#define OCOP_SC_BANDS_MAX	10
#define OCOP_SC_MEMBERS_MAX	30	/* members' sheets in one preview */
#define OCOP_SC_TOTAL		10000	/* 100 points, in hundredths */

enum ocop_sc_status { OCOP_VERIFIED, OCOP_CARRIED_OVER, OCOP_TO_COMPLETE,
	OCOP_LOCAL, OCOP_STATUS__MAX };
/* "verified", "carried_over", "to_complete", "local" */
extern const char *const ocop_sc_status_names[OCOP_STATUS__MAX + 1];

struct ocop_sc_section {
	const char *name, *name_en;
	long max;			/* hundredths; -1: to complete */
};

struct ocop_sc_part {
	const char *code;		/* "A" */
	const char *name, *name_en;
	long max;			/* hundredths */
	enum ocop_sc_status status;
	size_t n_sections;
	struct ocop_sc_section sections[OCOP_SC_SECTIONS_MAX];
};

struct ocop_sc_item {
	const char *no;			/* "A.1.2": how pages and errors name it */
	const char *name, *name_en;
	size_t part;			/* index in parts */
	int section;			/* index in the part's sections, -1 none */
	long max;			/* hundredths */
};

/* The sub-criteria of a group or subgroup (n_items 0: scored by part). */
struct ocop_sc_items {
	size_t n_items;
	struct ocop_sc_item *items;
};

struct ocop_sc_subgroup {
	const char *code, *name, *name_en;
	struct ocop_sc_items it;
};

struct ocop_sc_group {
	int code;			/* 1-6 in 148/QĐ-TTg's order */
	const char *name, *name_en;
	struct ocop_sc_items it;
	size_t n_subgroups;
	struct ocop_sc_subgroup *subgroups;
};

struct ocop_sc_band {
	int stars;
	long min;			/* hundredths: stars when score >= min */
	const char *meaning, *meaning_en;
};

struct ocop_scorecard {
	json_t *doc;			/* the document as parsed */
	const char *id, *title, *title_en;
	int version;
	const char *decision, *date;	/* of the legal source */
	size_t n_parts;
	struct ocop_sc_part parts[OCOP_SC_PARTS_MAX];
	size_t n_groups;
	struct ocop_sc_group groups[OCOP_SC_GROUPS_MAX];
	size_t n_bands;			/* highest min first */
	struct ocop_sc_band bands[OCOP_SC_BANDS_MAX];
	enum ocop_sc_status bands_status;
	const char *bands_note, *bands_note_en;
	long spread_max;		/* hundredths: flagged when above */
	enum ocop_sc_status spread_status;
	int mean_decimals;		/* 0, 1 or 2; half-up */
};

/* Parse a document (text of len bytes): every fault in pr (may be NULL),
 * the first in ei (ERR_MALFORMED for text that is no JSON document,
 * ERR_INVALID otherwise; codes "ocop_scorecard.*"). */
enum err ocop_scorecard_parse(const char *text, size_t len,
    struct ocop_scorecard **out, struct rep_problems *pr, struct errinfo *ei);
/* The same from a parsed document (borrowed: the scorecard keeps a
 * reference). */
enum err ocop_scorecard_from_json(json_t *doc, struct ocop_scorecard **out,
    struct rep_problems *pr, struct errinfo *ei);
void ocop_scorecard_free(struct ocop_scorecard *sc);

/* The group of that code, or NULL. */
const struct ocop_sc_group *ocop_sc_group(const struct ocop_scorecard *sc,
    int code);
/* The sub-criteria that score group (subgroup may be NULL): the
 * subgroup's when it has some, else the group's (possibly none).
 * ERR_INVALID "ocop_scorecard.no_group" / "no_subgroup" naming field. */
enum err ocop_sc_items_for(const struct ocop_scorecard *sc, int group,
    const char *subgroup, const char *field, const struct ocop_sc_items **out,
    struct errinfo *ei);

/* One member's sheet scored. */
struct ocop_sheet_total {
	long parts[OCOP_SC_PARTS_MAX];	/* hundredths */
	long total;			/* hundredths */
	bool by_items;
};

/*
 * Score one sheet: {"A": 35, "B": 20, "C": 30} (by part) or {"items":
 * {"A.1.1": 3, ...}} (by sub-criterion, every one of items; the part
 * totals are their sums).  Every score above its maximum, negative, not
 * a number, with more than two decimals, missing or unknown is a problem
 * at "<path>.<key>" (path: "members[0]") whose message names the part or
 * the sub-criterion by its number and name.  items may be NULL (scored by
 * part only).
 */
enum err ocop_sheet_score(const struct ocop_scorecard *sc,
    const struct ocop_sc_items *items, json_t *sheet, const char *path,
    struct ocop_sheet_total *out, struct rep_problems *pr,
    struct errinfo *ei);

/* The stars of score (hundredths, 0 to OCOP_SC_TOTAL); -1 outside. */
int ocop_stars(const struct ocop_scorecard *sc, long score);

/* The mean of n totals (hundredths) rounded half-up to sc's decimals,
 * in hundredths; 0 when n is 0. */
long ocop_mean(const struct ocop_scorecard *sc, const long *totals, size_t n);

/* What a round concludes from its members' totals. */
struct ocop_aggregate {
	long mean;			/* rounded, hundredths */
	int stars;
	long spread;			/* max - min, hundredths */
	bool flagged;			/* spread > sc->spread_max */
};
/* n >= 1 totals, each 0 to OCOP_SC_TOTAL. */
void ocop_aggregate(const struct ocop_scorecard *sc, const long *totals,
    size_t n, struct ocop_aggregate *out);

/* Points in hundredths as a JSON number (6995 -> 69.95). */
json_t *ocop_points_json(long hundredths);

/*
 * A preview: body {"group": 1, "subgroup": "...", "members": [sheet,
 * ...]} (group optional: by part) scored member by member, all problems
 * at once ("members[i].A", "members[i].items.A.1.1"); on success *out
 * {"members": [{"total", "parts": {"A": ..}}], "mean", "stars",
 * "spread", "flagged", "spread_max", "bands_status", "band_note"} in lang
 * (new reference).  ERR_INVALID "ocop_scorecard.too_many_members" past
 * OCOP_SC_MEMBERS_MAX, "no_members" for none.
 */
enum err ocop_preview(const struct ocop_scorecard *sc, json_t *body,
    const char *lang, json_t **out, struct rep_problems *pr,
    struct errinfo *ei);

#endif
