/*
 * exchange.h - bulk exchange files (issue 20, docs/EXCHANGE.md section 5):
 * every module's data for a unit's subtree and a period, as CSV and JSON
 * with stable column names, for other systems and for staff.
 *
 * A data set is an entry of xc_datasets[] (exchange.c): its slug (the
 * file name), its columns (name, type, unit, meaning - the documented
 * list; a column is never renamed, a new one is appended), what its
 * period filters (years or dates, or nothing), and either one statement
 * of src/db/sql/exchange.sql or a function reading a module's own public
 * function (surveys' published results, the digital readiness picture).
 *
 * Unlike the open data sets (domain/opendata), these files are scoped
 * (the caller's subtree) and may be the whole nation's indicator values:
 * rows are written one at a time to a FILE (the web layer spools it to an
 * unlinked temporary file and sends that), so memory stays bounded by a
 * row whatever the size.
 *
 * What never appears: a person's name or contact (no buyer, no signer, no
 * producer's phone), a survey response or comment, a draft report.
 */
#ifndef NTM_DOMAIN_EXCHANGE_H
#define NTM_DOMAIN_EXCHANGE_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "core/err.h"
#include "db/db.h"

enum xc_period { XC_PERIOD_NONE, XC_PERIOD_YEAR, XC_PERIOD_DATE };

struct xc_column {
	const char *name;	/* snake_case English, stable */
	char type;		/* 't' text, 'i' integer, 'n' number; 'e'/'c':
				 * text, the element / category part of a
				 * report slot ("capital.central") */
	const char *unit;	/* "VND", "%", "date", ""... */
	const char *meaning;	/* one English line (the catalog, the docs) */
};

struct xc_request;
struct xc_writer;

struct xc_dataset {
	const char *slug;		/* "indicator_values" */
	const char *title_key;		/* message key of its title */
	enum xc_period period;
	const char *period_of;		/* what from/to compare (English) */
	const struct xc_column *cols;	/* ends with name NULL */
	/* One statement (parameters: the unit's structure and code, pairs
	 * times; then from twice and to twice when the set has a period),
	 * its columns those of cols in order ... */
	enum stmt_id stmt;
	int unit_pairs;
	/* ... or a function writing the rows itself. */
	enum err (*write)(struct db *db, const struct xc_request *q,
	    struct xc_writer *w, struct errinfo *ei);
};

extern const struct xc_dataset xc_datasets[];	/* ends with slug NULL */

const struct xc_dataset *xc_find(const char *slug);

/* A request: the unit whose subtree is read, and the period (NULL: open)
 * as given ("2026" or "2026-03-31"); xc_request_check makes the years and
 * dates the data set compares. */
struct xc_request {
	const char *structure, *code;
	const char *from, *to;
	const char *lang;
	/* Filled by xc_request_check. */
	int year_from, year_to;		/* 0: open */
	char date_from[11], date_to[11];	/* "": open */
};

/* Check from/to (YYYY or YYYY-MM-DD, from <= to): ERR_INVALID naming
 * "from" or "to" (every problem at once is the caller's: both are
 * checked, the first reported). */
enum err xc_request_check(struct xc_request *q, struct errinfo *ei);

enum xc_format { XC_CSV, XC_JSON };

/* Write the whole file of d for q to f: CSV (UTF-8 BOM, header of the
 * column names, formula guard, CRLF) or JSON ({"dataset", "unit", "from",
 * "to", "columns": [names], "rows": [{column: cell}...]}).  *rows: the
 * rows written. */
enum err xc_write(struct db *db, const struct xc_dataset *d,
    const struct xc_request *q, enum xc_format fmt, FILE *f, long *rows,
    struct errinfo *ei);

/* The catalog: [{dataset, title, period, period_of, formats: ["csv",
 * "json"], columns: [{name, type, unit, meaning}]}]. */
json_t *xc_catalog(const char *lang);

/* For the module writers (exchange_modules.c): one row, cells in column
 * order, each a json value (string, integer, real or null). */
enum err xc_write_row(struct xc_writer *w, json_t *cells);

#endif
