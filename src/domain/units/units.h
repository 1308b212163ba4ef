/*
 * units.h - Vietnam's administrative units in both structures.
 *
 * A unit is (structure, code): "pre2025" (country VN -> 63 provinces ->
 * 696 districts -> 10,035 communes) or "2025" (VN -> 34 provinces -> 3,321
 * communes); villages may hang under communes.  The lineage links old units
 * to the new ones they went into, fully or in part.
 *
 * Reads take a db connection and an arena; every string in the results is
 * allocated in that arena.  Errors: ERR_NOTFOUND ("units.not_found") for an
 * unknown structure or code, ERR_INVALID naming the parameter for a bad
 * filter.
 */
#ifndef NTM_DOMAIN_UNITS_H
#define NTM_DOMAIN_UNITS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"

#define UNITS_LIMIT_DEFAULT	50
#define UNITS_LIMIT_MAX		500
#define UNITS_QUERY_MAX		200	/* bytes of a search query */

enum unit_level {
	UNIT_COUNTRY, UNIT_PROVINCE, UNIT_DISTRICT, UNIT_COMMUNE, UNIT_VILLAGE,
	UNIT_LEVEL__MAX
};
extern const char *const unit_level_names[UNIT_LEVEL__MAX];

struct unit {
	const char *structure, *code, *name, *full_name, *name_en;
	const char *level, *unit_type, *unit_class, *parent_code;
	const char *region7_code, *region7_name, *parent_name;
	bool is_rural;
	int64_t children_count;
};

/* A lineage link seen from one side: the unit on the other side. */
struct unit_link {
	const char *structure, *code, *full_name, *level, *relation;
	const char *qa_flag, *parent_full_name;	/* may be NULL */
};

struct unit_query {
	const char *structure;	/* default "2025" */
	const char *level;	/* NULL: any */
	const char *parent;	/* NULL: any */
	const char *q;		/* NULL: no search; NFC text otherwise */
	int64_t limit, offset;
};

struct unit_list {
	struct unit *items;
	size_t n;
	int64_t total;
};

struct unit_counts {
	int64_t provinces, districts, communes, rural_communes;
};

bool units_structure_valid(const char *s);
/* A unit reference "STRUCTURE:CODE" into its parts (copied into a);
 * false if s is not one (NULL, no colon, an empty side). */
bool units_split_ref(struct arena *a, const char *s, const char **structure,
    const char **code);
int units_level_from_name(const char *s);	/* -1 if unknown */

enum err units_get(struct db *db, struct arena *a, const char *structure,
    const char *code, struct unit *out, struct errinfo *ei);
/* The chain from the country down to u's parent, outermost first. */
enum err units_ancestors(struct db *db, struct arena *a, const struct unit *u,
    struct unit_list *out, struct errinfo *ei);
enum err units_list(struct db *db, struct arena *a, const struct unit_query *q,
    struct unit_list *out, struct errinfo *ei);
enum err units_successors(struct db *db, struct arena *a, const char *structure,
    const char *code, struct unit_link **out, size_t *n, struct errinfo *ei);
enum err units_predecessors(struct db *db, struct arena *a,
    const char *structure, const char *code, struct unit_link **out, size_t *n,
    struct errinfo *ei);
enum err units_count(struct db *db, const char *structure,
    struct unit_counts *out, struct errinfo *ei);

/* Import -------------------------------------------------------------- */

struct units_import_stats {
	int64_t regions, units, lineage;
};

/* Import one CSV file of units, regions or lineage; the layout is known
 * from its header (the files of data/admin/ or the generic layout
 * structure,code,name,full_name,level,unit_type,parent_code[,...]; see
 * docs/IMPORT.md).  The caller owns the transaction.  Errors name the
 * file, line and column. */
enum err units_import_file(struct db *db, const char *path,
    struct units_import_stats *st, struct errinfo *ei);
/* One bad row of a file (units_import_file_all): its first fault. */
struct units_problem {
	long line;		/* of the file, the header being line 1 */
	int column;		/* 1-based; 0: the row as a whole */
	const char *field, *code;	/* the column's name; "units.import" */
	const char *message_vi, *message_en;	/* without file and line */
};
typedef void (*units_problem_fn)(void *ctx, const struct units_problem *p);
/* At most this many bad rows are listed; the import stops at the next. */
#define UNITS_PROBLEMS_MAX	200

/* units_import_file, for a person who wants every bad row at once (the
 * upload page): a row with a fault is reported to fn and skipped, the
 * import goes on, and at the end fails with the first fault when there
 * was any (the caller rolls back: nothing is written).  A fault of the
 * file itself (its layout, a missing column) or of the database stops at
 * once, as units_import_file does. */
enum err units_import_file_all(struct db *db, const char *path,
    units_problem_fn fn, void *ctx, struct units_import_stats *st,
    struct errinfo *ei);
/* Import the whole national data set from dir (data/admin): regions, both
 * structures and the lineage, in dependency order, then recount children.
 * The caller owns the transaction. */
enum err units_import_national(struct db *db, const char *dir,
    struct units_import_stats *st, struct errinfo *ei);
/* Recount children_count for a structure after changes. */
enum err units_recount(struct db *db, const char *structure,
    struct errinfo *ei);

#endif
