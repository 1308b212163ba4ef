/*
 * rep_xlsx.c - the message table of the report forms' Excel templates
 * (keys rep_x_*: what the workbook of domain/reporting/rep_xlsx.c says).
 *
 * One entry per string a person reads: key, Vietnamese, English.  Every
 * module's table is listed in messages.c; core/msg.h looks keys up.
 */
#include "core/msg.h"

const struct msg msg_table_rep_xlsx[] = {
	{ "rep_x_sheet", "Báo cáo", "Report" },
	{ "rep_x_stt", "STT", "No." },
	{ "rep_x_element", "Chỉ tiêu", "Item" },
	{ "rep_x_unit_of", "Đơn vị tính", "Unit of measure" },
	{ "rep_x_unit_line", "Đơn vị báo cáo: {1}", "Reporting unit: {1}" },
	{ "rep_x_units_in", "{1} ({2} đơn vị)", "{1} ({2} units)" },
	{ "rep_x_units_count", "{1} đơn vị", "{1} units" },
	{ "rep_x_period_line", "Kỳ báo cáo: {1}", "Reporting period: {1}" },
	{ "rep_x_month", "Tháng {1} năm {2}", "Month {1} of {2}" },
	{ "rep_x_quarter", "Quý {1} năm {2}", "Quarter {1} of {2}" },
	{ "rep_x_half1", "6 tháng đầu năm {1}", "First half of {1}" },
	{ "rep_x_half2", "6 tháng cuối năm {1}", "Second half of {1}" },
	{ "rep_x_year", "Năm {1}", "Year {1}" },
	{ "rep_x_legend", "Ô nền trắng: nhập số liệu. Ô nền xám: tự tính hoặc "
	  "do hệ thống điền, đã khóa. Không thêm, xóa hay chuyển hàng, cột: "
	  "tệp được đọc lại theo đúng vị trí.",
	  "White cells: enter the figures. Grey cells: computed or filled in "
	  "by the platform, locked. Do not add, delete or move rows or "
	  "columns: the file is read back by position." },
	{ "rep_x_dv_title", "Giá trị không hợp lệ", "Value not valid" },
	{ "rep_x_dv_number", "Cần một số trong giới hạn của chỉ tiêu (không "
	  "âm, trừ khi chỉ tiêu cho phép).", "A number within the item's "
	  "bounds is needed (not negative unless the item allows it)." },
	{ "rep_x_dv_yes", "Chọn “Có” hoặc “Không”.", "Choose “Yes” or “No”." },
	{ NULL, NULL, NULL }
};
