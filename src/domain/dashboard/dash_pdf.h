/*
 * dash_pdf.h - a dashboard on A4 for a meeting (dash_pdf.c).
 */
#ifndef NTM_DOMAIN_DASH_PDF_H
#define NTM_DOMAIN_DASH_PDF_H

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

/* The dashboard d (dash_build's object) as an A4 PDF appended to out, in
 * lang: the unit, year and date, then each panel: its figures, its chart
 * and the chart's numbers, its table.  ERR_LIMIT "dashboard.too_large"
 * when out is full, ERR_SYS "dashboard.pdf_failed" when cairo fails. */
enum err dash_pdf(const json_t *d, const char *lang, struct buf *out,
    struct errinfo *ei);

#endif
