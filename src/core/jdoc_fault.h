/*
 * jdoc_fault.h - one fault of a JSON document a person wrote (a criteria
 * set, a questionnaire, a report form, a scorecard), worded the same way
 * by every parser of such documents: the JSON path of the member at
 * fault in front of both messages, or the document's name when the fault
 * is the whole document's.
 */
#ifndef NTM_CORE_JDOC_FAULT_H
#define NTM_CORE_JDOC_FAULT_H

#include <stdarg.h>

#include "core/err.h"

/* Sets *ei to ERR_INVALID with code, field path and the messages vi and
 * en (printf formats over ap), each prefixed "path: " - or, for the
 * document itself (path ""), "doc_vi: " and "doc_en: " ("biểu mẫu",
 * "form"). */
void jdoc_faultv(struct errinfo *ei, const char *code, const char *path,
    const char *doc_vi, const char *doc_en, const char *vi, const char *en,
    va_list ap) __attribute__((format(printf, 6, 0), format(printf, 7, 0)));
/* The same for a document with no name of its own ("tài liệu",
 * "document": a criteria set, a questionnaire); returns ERR_INVALID, so
 * that a parser returns it at once. */
enum err jdoc_bad(struct errinfo *ei, const char *code, const char *path,
    const char *vi, const char *en, ...)
    __attribute__((format(printf, 4, 6), format(printf, 5, 6)));

#endif
