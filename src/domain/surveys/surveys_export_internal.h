/*
 * surveys_export_internal.h - what the exporters of surveys_export.h
 * share (surveys_text.c).  Not for other modules.
 */
#ifndef NTM_DOMAIN_SURVEYS_EXPORT_INTERNAL_H
#define NTM_DOMAIN_SURVEYS_EXPORT_INTERNAL_H

#include "domain/surveys/surveys_export.h"

/* The inputs every results export reads: results with a "questions"
 * array (ERR_INVALID surveys.bad_results naming "questions") and, when
 * with_rows, rows an array (ERR_INVALID surveys.bad_rows naming "rows"). */
enum err surv_export_check(json_t *results, bool with_rows, json_t *rows,
    struct errinfo *ei);
/* Put out back as it was at length start (an export that failed leaves
 * nothing half-written). */
void surv_export_undo(struct buf *out, size_t start);
/* Is q (a question of the results) a free-text question?  Its answers
 * are comments, never a column of the responses. */
bool surv_export_is_text(json_t *q);

#endif
