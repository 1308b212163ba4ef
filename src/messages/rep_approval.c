/*
 * rep_approval.c - the message table of the approval of reports and of
 * their completeness (keys rapp_*: domain/reporting/rep_approval.c,
 * rep_completeness.c, web/web_reports_approval.c and
 * templates/reports/completeness.html), plus the names the procedures
 * page gives to the workflow engine's level "above" and to procedures
 * for units of any level (dos_level_above, dos_ulevel_any: the keys that
 * page builds from the engine's words).
 *
 * One entry per string a person reads: key, Vietnamese, English.  Every
 * module's table is listed in messages.c; core/msg.h looks keys up.
 */
#include "core/msg.h"

const struct msg msg_table_rep_approval[] = {
	{ "rapp_state_new", "Chưa lập", "Not started" },
	{ "rapp_state_draft", "Đang lập", "Draft" },
	{ "rapp_state_submitted", "Đã nộp, chờ phê duyệt",
	  "Submitted, awaiting approval" },
	{ "rapp_state_returned", "Bị trả lại để sửa", "Returned for correction" },
	{ "rapp_state_approved", "Đã phê duyệt", "Approved" },
	{ "rapp_status_on_time", "Nộp đúng hạn", "Submitted on time" },
	{ "rapp_status_late", "Nộp muộn", "Submitted late" },
	{ "rapp_status_missing", "Chưa nộp", "Not submitted" },
	{ "rapp_status_approved", "Đã phê duyệt", "Approved" },
	{ "rapp_level_country", "Trung ương", "National" },
	{ "rapp_level_province", "Tỉnh, thành phố", "Provinces" },
	{ "rapp_level_district", "Huyện", "Districts" },
	{ "rapp_level_commune", "Xã, phường", "Communes and wards" },
	{ "rapp_level_village", "Thôn", "Villages" },
	{ "rapp_title", "Tình hình nộp báo cáo", "Report completeness" },
	{ "rapp_period", "Kỳ báo cáo", "Reporting period" },
	{ "rapp_due", "Hạn nộp", "Due date" },
	{ "rapp_due_passed", "Đã quá hạn nộp", "The due date has passed" },
	{ "rapp_due_open", "Chưa đến hạn nộp", "Not yet due" },
	{ "rapp_own", "Báo cáo của chính đơn vị", "The unit's own report" },
	{ "rapp_unit", "Đơn vị", "Unit" },
	{ "rapp_state", "Trạng thái", "State" },
	{ "rapp_expected", "Phải nộp", "Expected" },
	{ "rapp_submitted", "Đã nộp", "Submitted" },
	{ "rapp_on_time", "Đúng hạn", "On time" },
	{ "rapp_late", "Muộn", "Late" },
	{ "rapp_missing", "Chưa nộp", "Missing" },
	{ "rapp_approved", "Đã duyệt", "Approved" },
	{ "rapp_by_province", "Theo tỉnh, thành phố", "By province" },
	{ "rapp_province", "Tỉnh, thành phố", "Province" },
	{ "rapp_reminders", "Cần nhắc nộp báo cáo", "Reminders: not yet submitted" },
	{ "rapp_no_reminders", "Không có đơn vị nào chậm nộp.",
	  "No unit is late." },
	{ "rapp_missing_count", "chưa nộp", "not submitted" },
	{ "rapp_view", "Xem chi tiết", "Details" },
	{ "rapp_utc_note", "Thời điểm nộp tính theo giờ UTC; báo cáo bị trả "
	  "lại được tính là chưa nộp.", "Submission times are in UTC; a "
	  "returned report counts as not submitted." },
	{ "rapp_period_month", "Tháng {1}/{2}", "Month {1} of {2}" },
	{ "rapp_period_quarter", "Quý {1}/{2}", "Quarter {1} of {2}" },
	{ "rapp_period_half", "6 tháng thứ {1} năm {2}", "Half {1} of {2}" },
	{ "rapp_period_year", "Năm {1}", "Year {1}" },
	{ "rapp_home_returned", "Báo cáo bị trả lại, cần sửa và nộp lại",
	  "Reports returned for correction" },
	{ "rapp_home_late", "Báo cáo quá hạn chưa nộp", "Reports overdue" },
	{ "rapp_home_due", "Báo cáo cần nộp", "Reports to submit" },
	{ "rapp_home_due_on", "hạn nộp {1}", "due {1}" },
	{ "rapp_home_waiting", "Báo cáo chờ phê duyệt",
	  "Reports awaiting your approval" },
	{ "rapp_home_late_below", "Đơn vị cấp dưới chưa nộp báo cáo đã quá hạn",
	  "Units below that have not submitted an overdue report" },
	{ "rapp_home_missing", "{1} đơn vị chưa nộp", "{1} units have not "
	  "submitted" },
	{ "dos_level_above", "Cấp trên trực tiếp", "The level directly above" },
	{ "dos_ulevel_any", "Mọi cấp", "Any level" },
	{ NULL, NULL, NULL }
};
