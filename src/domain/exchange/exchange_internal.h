/*
 * exchange_internal.h - the writer the data sets' rows go through, and
 * the data sets written by a module's function (exchange_modules.c).
 */
#ifndef NTM_DOMAIN_EXCHANGE_INTERNAL_H
#define NTM_DOMAIN_EXCHANGE_INTERNAL_H

#include "core/buf.h"
#include "core/csvw.h"
#include "domain/exchange/exchange.h"

struct xc_writer {
	const struct xc_dataset *d;
	enum xc_format fmt;
	FILE *f;
	struct buf out;		/* flushed to f every 64 KB */
	struct csvw csv;
	long rows;
};

/* Bind q to st: the unit pairs times, then the period (exchange.sql). */
void xc_bind(struct db_stmt *st, int pairs, enum xc_period period,
    const struct xc_request *q);

enum err xc_write_surveys(struct db *db, const struct xc_request *q,
    struct xc_writer *w, struct errinfo *ei);
enum err xc_write_dx(struct db *db, const struct xc_request *q,
    struct xc_writer *w, struct errinfo *ei);

#endif
