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
	{ "rep_aggregate_method", "Số liệu tổng hợp là tổng các báo cáo "
	  "của các xã thuộc đơn vị (báo cáo của chính tỉnh không cộng vào). "
	  "Báo cáo của xã trước ngày 01/07/2025 được tính vào các xã mới theo "
	  "bảng chuyển đổi: xã chia cho k xã mới góp vào mỗi xã 1/k, vì bảng "
	  "không có diện tích hay dân số.",
	  "The aggregate is the sum of the reports of the unit's communes (a "
	  "province's own report is not added to it). A report of a commune "
	  "from before 1 July 2025 counts in the new communes through the "
	  "mapping: a commune split among k new communes gives each 1/k, since "
	  "the mapping holds no area or population." },
	{ NULL, NULL, NULL }
};
