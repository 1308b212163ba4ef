/*
 * maps.c - the message table of the province maps (keys map_*; issue 18,
 * docs/ARCHITECTURE.md "Maps").
 *
 * One entry per string a person reads: key, Vietnamese, English.
 */
#include "core/msg.h"

const struct msg msg_table_maps[] = {
	{ "map_ind_ntm_met_share", "Tỷ lệ xã đạt chuẩn nông thôn mới",
	  "Share of communes meeting the NTM standard" },
	{ "map_ind_criteria_avg", "Số tiêu chí đạt bình quân mỗi xã",
	  "Average number of criteria met per commune" },
	{ "map_ind_satisfaction_rate", "Tỷ lệ người dân hài lòng",
	  "Residents' satisfaction" },
	{ "map_ind_ocop_products", "Sản phẩm OCOP đạt 3 sao trở lên",
	  "OCOP products rated 3 stars or more" },
	{ "map_ind_market_sales", "Doanh số sàn OCOP (đơn đã giao)",
	  "OCOP marketplace sales (orders delivered)" },
	{ "map_src_market", "đơn hàng đã giao trên sàn OCOP, theo tỉnh nhận hàng",
	  "orders delivered on the OCOP marketplace, by the delivery province" },
	{ "map_unit_vnd", "Giá trị hàng (₫)", "Goods value (VND)" },
	{ "map_unit_pct", "Tỷ lệ (%)", "Share (%)" },
	{ "map_unit_products", "Số sản phẩm", "Products" },
	{ "map_src_surveys", "kết quả các đợt khảo sát sự hài lòng đã kết thúc",
	  "results of the closed satisfaction surveys" },
	{ "map_src_ocop", "danh sách sản phẩm OCOP có giấy chứng nhận còn hiệu lực",
	  "register of OCOP products with a valid certificate" },
	{ "map_unit_criteria", "Tiêu chí / xã", "Criteria per commune" },
	{ "map_src_criteria", "đánh giá tiêu chí nông thôn mới trên nền tảng",
	  "NTM criteria evaluations on this platform" },
	{ "map_structure_2025", "34 tỉnh, thành phố (từ 1/7/2025)",
	  "34 provinces (from 1 July 2025)" },
	{ "map_structure_pre2025", "63 tỉnh, thành phố (trước 1/7/2025)",
	  "63 provinces (before 1 July 2025)" },
	{ "map_year", "năm", "year" },
	{ "map_source", "Nguồn", "Source" },
	{ "map_as_of", "Số liệu ngày", "Data as of" },
	{ "map_geo_credit", "Ranh giới: Open Development Vietnam (CC BY-SA 4.0)",
	  "Boundaries: Open Development Vietnam (CC BY-SA 4.0)" },
	{ "map_no_data", "Chưa có số liệu", "No data" },
	{ "map_hoang_sa", "Quần đảo Hoàng Sa", "Hoàng Sa archipelago" },
	{ "map_truong_sa", "Quần đảo Trường Sa", "Trường Sa archipelago" },
	{ "map_index_title", "Bản đồ các tỉnh, thành phố", "Maps of the provinces" },
	{ "map_index_intro", "Chọn chỉ tiêu, cơ cấu đơn vị hành chính và năm. "
	  "Mỗi bản đồ có bảng số liệu đi kèm; bấm vào một tỉnh để xem trang "
	  "tổng quan của tỉnh đó.",
	  "Choose an indicator, an administrative structure and a year. Each "
	  "map comes with its table of figures; select a province to open its "
	  "dashboard." },
	{ "map_no_year", "chưa có số liệu", "no data yet" },
	{ "map_caption", "Bấm vào một tỉnh để mở trang tổng quan của tỉnh. "
	  "Mỗi lớp gồm cận dưới, không gồm cận trên (lớp cuối gồm cả hai).",
	  "Select a province to open its dashboard. Each class includes its "
	  "lower bound, not its upper one (the last includes both)." },
	{ "map_table_title", "Số liệu của bản đồ", "The map's figures" },
	{ "map_col_province", "Tỉnh, thành phố", "Province" },
	{ "map_col_code", "Mã", "Code" },
	{ "map_col_class", "Lớp", "Class" },
	{ "map_legend", "Chú giải", "Legend" },
	{ "map_provinces_n", "tỉnh, thành phố", "provinces" },
	{ "map_download_svg", "Tải bản đồ (SVG)", "Download the map (SVG)" },
	{ "map_download_csv", "Tải số liệu (CSV)", "Download the figures (CSV)" },
	{ "map_other", "Bản đồ khác", "Other maps" },
	{ NULL, NULL, NULL }
};
