/*
 * exchange.c - the message table of bulk exchange and the one upload page
 * (keys xc_*; docs/EXCHANGE.md sections 5 and 6).
 *
 * One entry per string a person reads: key, Vietnamese, English.
 */
#include "core/msg.h"

const struct msg msg_table_exchange[] = {
	{ "xc_nav", "Trao đổi dữ liệu", "Data exchange" },
	{ "xc_title", "Trao đổi dữ liệu", "Data exchange" },
	{ "xc_intro", "Tải dữ liệu của một đơn vị và các đơn vị trực thuộc, "
	  "trong một khoảng thời gian, dưới dạng CSV (mở được bằng Excel) "
	  "hoặc JSON. Tên cột cố định, được mô tả trong tài liệu trao đổi "
	  "dữ liệu.", "Download a unit's data and its subordinate units' for "
	  "a period, as CSV (opens in Excel) or JSON. Column names are fixed "
	  "and described in the data exchange documentation." },
	{ "xc_dataset", "Bộ dữ liệu", "Data set" },
	{ "xc_unit", "Đơn vị", "Unit" },
	{ "xc_from", "Từ (năm hoặc ngày)", "From (year or date)" },
	{ "xc_to", "Đến (năm hoặc ngày)", "To (year or date)" },
	{ "xc_period_hint", "Ví dụ 2026 hoặc 2026-03-31; để trống để lấy "
	  "tất cả.", "For example 2026 or 2026-03-31; leave empty for all." },
	{ "xc_format", "Định dạng", "Format" },
	{ "xc_download", "Tải về", "Download" },
	{ "xc_period_none", "không lọc theo thời gian", "no period filter" },
	{ "xc_period_year", "lọc theo năm", "filtered by year" },
	{ "xc_period_date", "lọc theo ngày", "filtered by date" },
	{ "xc_import_link", "Nhập dữ liệu từ tệp", "Import data from a file" },
	{ "xc_webhooks_link", "Webhook: báo thay đổi cho hệ thống khác",
	  "Webhooks: changes sent to another system" },
	{ "xc_tokens_link", "Khóa API cho phần mềm kết nối",
	  "API tokens for connected software" },
	{ "xc_units", "Đơn vị hành chính (cả trước 01/7/2025)",
	  "Administrative units (pre-2025 too)" },
	{ "xc_lineage", "Chuyển đổi đơn vị hành chính",
	  "Lineage of the administrative units" },
	{ "xc_values", "Số liệu chỉ tiêu", "Indicator values" },
	{ "xc_evaluations", "Kết quả đánh giá tiêu chí",
	  "Criteria evaluations" },
	{ "xc_reports", "Báo cáo định kỳ (số liệu từng chỉ tiêu)",
	  "Periodic reports (every figure)" },
	{ "xc_dossiers", "Hồ sơ công nhận, thu hồi", "Recognition and "
	  "revocation dossiers" },
	{ "xc_producers", "Chủ thể OCOP", "OCOP producers" },
	{ "xc_products", "Sản phẩm OCOP", "OCOP products" },
	{ "xc_certificates", "Giấy chứng nhận OCOP", "OCOP certificates" },
	{ "xc_surveys", "Kết quả khảo sát (đã công bố)",
	  "Survey results (published)" },
	{ "xc_market", "Đơn hàng chợ OCOP theo tháng",
	  "OCOP market orders by month" },
	{ "xc_dx", "Mức độ sẵn sàng chuyển đổi số", "Digital readiness" },
	{ "im_title", "Nhập dữ liệu từ tệp", "Import data from a file" },
	{ "im_intro", "Chọn loại dữ liệu, rồi chọn tệp. Tệp được kiểm tra "
	  "toàn bộ: nếu có một dòng sai thì không có gì được ghi, và mọi lỗi "
	  "được liệt kê trong một bảng (dòng, cột, trường, lỗi) có thể tải "
	  "về.", "Choose what the file holds, then the file. The whole file "
	  "is checked: when one row is wrong nothing is written, and every "
	  "problem is listed in one table (row, column, field, problem) you "
	  "can download." },
	{ "im_kind", "Loại dữ liệu", "What the file holds" },
	{ "im_choose", "Chọn", "Choose" },
	{ "im_kind_units", "Đơn vị hành chính (CSV)",
	  "Administrative units (CSV)" },
	{ "im_kind_values", "Số liệu chỉ tiêu (CSV)", "Indicator values (CSV)" },
	{ "im_kind_reports", "Báo cáo định kỳ (tệp Excel đã điền)",
	  "Periodic report (the filled Excel file)" },
	{ "im_kind_ocop", "Danh sách sản phẩm OCOP (CSV hoặc Excel)",
	  "OCOP product list (CSV or Excel)" },
	{ "im_help_units", "Tệp CSV có dòng tiêu đề structure,code,name,"
	  "full_name,level,unit_type,parent_code (xem tài liệu nhập đơn vị).",
	  "A CSV file with the header structure,code,name,full_name,level,"
	  "unit_type,parent_code (see the units import documentation)." },
	{ "im_help_values", "Tệp CSV có dòng tiêu đề structure,code,set_id,"
	  "year,indicator,value; mỗi đơn vị phải thuộc phạm vi của bạn.",
	  "A CSV file with the header structure,code,set_id,year,indicator,"
	  "value; every unit must be inside your scope." },
	{ "im_help_reports", "Tệp Excel tải từ trang báo cáo, đã điền số liệu; "
	  "có thể gồm nhiều đơn vị.", "The Excel file downloaded from the "
	  "report page, filled in; it may hold several units." },
	{ "im_help_ocop", "Mỗi dòng một sản phẩm: tên sản phẩm, chủ thể, xã, "
	  "nhóm, số sao, số giấy chứng nhận, ngày cấp.", "One row a product: "
	  "its name, producer, commune, group, stars, certificate number and "
	  "day of issue." },
	{ "im_the_file", "Tệp đã chọn", "The chosen file" },
	{ "im_file", "Tệp", "File" },
	{ "im_form", "Mẫu báo cáo", "Report form" },
	{ "im_period", "Kỳ báo cáo (không bắt buộc, ví dụ 2026-07)",
	  "Reporting period (optional, e.g. 2026-07)" },
	{ "im_button", "Nhập", "Import" },
	{ "im_done", "Đã nhập xong.", "Imported." },
	{ "im_problems", "Các lỗi trong tệp", "Problems in the file" },
	{ "im_row", "Dòng", "Row" },
	{ "im_column", "Cột", "Column" },
	{ "im_field", "Trường", "Field" },
	{ "im_message", "Lỗi", "Problem" },
	{ "im_download_csv", "Tải bảng lỗi (CSV)",
	  "Download the problems (CSV)" },
	{ "im_none", "Tài khoản của bạn không có quyền nhập loại dữ liệu nào.",
	  "Your account may not import any kind of data." },
	{ "im_nav", "Nhập dữ liệu", "Import data" },
	{ NULL, NULL, NULL }
};
