/*
 * jdoc_fault.c - the wording of a fault of a JSON document (jdoc_fault.h),
 * shared by the parsers of criteria sets, questionnaires, report forms
 * and OCOP scorecards so that a person reads every such fault the same
 * way: where it is, then what is wrong.
 */
#include "core/jdoc_fault.h"

void
jdoc_faultv(struct errinfo *ei, const char *code, const char *path,
    const char *doc_vi, const char *doc_en, const char *vi, const char *en,
    va_list ap)
{
	err_setv(ei, ERR_INVALID, code, path, vi, en, ap);
	if (path[0] != '\0')
		err_prefix(ei, "%s: ", "%s: ", path);
	else	/* each language its own name: %.0s prints nothing */
		err_prefix(ei, "%s: %.0s", "%.0s%s: ", doc_vi, doc_en);
}

enum err
jdoc_bad(struct errinfo *ei, const char *code, const char *path,
    const char *vi, const char *en, ...)
{
	va_list ap;

	va_start(ap, en);
	jdoc_faultv(ei, code, path, "tài liệu", "document", vi, en, ap);
	va_end(ap);
	return ERR_INVALID;
}
