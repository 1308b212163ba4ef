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
	{ NULL, NULL, NULL }
};
