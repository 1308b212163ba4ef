/*
 * reporting.c - the message table of planning and progress reporting
 * (keys rep_*, and doc_form for the documents' own refusals).
 *
 * One entry per string a person reads: key, Vietnamese, English.  Every
 * module's table is listed in messages.c; core/msg.h looks keys up.
 */
#include "core/msg.h"

const struct msg msg_table_reporting[] = {
	{ "doc_form", "biểu mẫu báo cáo", "report form" },
	{ "rep_total", "Tổng", "Total" },
	{ NULL, NULL, NULL }
};
