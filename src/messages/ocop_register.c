/*
 * ocop_register.c - the message table of the public OCOP register and
 * its statistics (keys ocreg_*; docs/OCOP.md section 7).
 *
 * One entry per string a person reads: key, Vietnamese, English.
 */
#include "core/msg.h"

const struct msg msg_table_ocop_register[] = {
	{ "ocreg_title", "Danh sách sản phẩm OCOP", "Register of OCOP products" },
	{ "ocreg_intro", "Các sản phẩm OCOP đang có giấy chứng nhận còn hiệu lực, "
	  "theo hồ sơ trên nền tảng này. Tìm không cần dấu: “mat ong” tìm "
	  "được “Mật ong”.",
	  "OCOP products holding a valid certificate, from this platform's "
	  "records. Search without diacritics: “mat ong” finds “Mật ong”." },
	{ "ocreg_search", "Tìm sản phẩm, chủ thể hoặc địa phương",
	  "Search a product, producer or place" },
	{ "ocreg_province", "Tỉnh, thành phố", "Province" },
	{ "ocreg_all_provinces", "Cả nước", "Nationwide" },
	{ "ocreg_stars", "Hạng sao", "Stars" },
	{ "ocreg_all_stars", "Mọi hạng sao", "Any stars" },
	{ "ocreg_stars_n", "sao", "stars" },
	{ "ocreg_group", "Nhóm sản phẩm", "Product group" },
	{ "ocreg_all_groups", "Mọi nhóm", "Every group" },
	{ "ocreg_filter", "Tìm", "Search" },
	{ "ocreg_product", "Sản phẩm", "Product" },
	{ "ocreg_producer", "Chủ thể", "Producer" },
	{ "ocreg_place", "Địa phương", "Place" },
	{ "ocreg_commune", "Xã, phường", "Commune" },
	{ "ocreg_range", "Sản phẩm", "Products" },
	{ "ocreg_none", "Không có sản phẩm nào khớp với điều kiện tìm.",
	  "No product matches." },
	{ "ocreg_statistics_link", "Thống kê sản phẩm OCOP",
	  "OCOP statistics" },
	{ "ocreg_back", "Danh sách sản phẩm OCOP", "Register of OCOP products" },
	{ "ocreg_certificate", "Giấy chứng nhận", "Certificate" },
	{ "ocreg_number", "Số giấy chứng nhận", "Certificate number" },
	{ "ocreg_verify", "Kiểm tra giấy chứng nhận", "Verify the certificate" },
	{ "ocreg_level", "Cấp công nhận", "Recognised by" },
	{ "ocreg_level_province", "Cấp tỉnh", "Province" },
	{ "ocreg_level_central", "Cấp Trung ương", "Central level" },
	{ "ocreg_level_district", "Cấp huyện (trước 01/7/2025)",
	  "District (before 1 July 2025)" },
	{ "ocreg_issued", "Ngày cấp", "Issued on" },
	{ "ocreg_expires", "Có hiệu lực đến hết ngày", "Valid until" },
	{ "ocreg_status", "Tình trạng", "Status" },
	{ "ocreg_description", "Giới thiệu sản phẩm", "About the product" },
	{ "ocreg_standards", "Tiêu chuẩn, chứng nhận", "Standards held" },
	{ "ocreg_photos", "Ảnh sản phẩm", "Photos" },
	{ "ocreg_photo_alt", "Ảnh sản phẩm", "Photo of the product" },
	{ "ocreg_no_photos", "Chưa có ảnh sản phẩm.", "No photo yet." },
	{ "ocreg_stats_title", "Thống kê sản phẩm OCOP",
	  "OCOP products in figures" },
	{ "ocreg_stats_intro", "Số sản phẩm đang có giấy chứng nhận OCOP còn "
	  "hiệu lực, theo tỉnh, hạng sao và nhóm sản phẩm.",
	  "Products holding a valid OCOP certificate, by province, stars and "
	  "product group." },
	{ "ocreg_stats_date", "Số liệu ngày", "Figures of" },
	{ "ocreg_stats_source", "Nguồn: hồ sơ trên nền tảng này. Đây không "
	  "phải số liệu toàn quốc: chỉ tính các giấy chứng nhận đã được ghi "
	  "nhận trên nền tảng.",
	  "Source: this platform's records. This is not the national count: "
	  "only the certificates recorded on the platform are counted." },
	{ "ocreg_total", "Tổng số", "Total" },
	{ "ocreg_count", "Số sản phẩm", "Products" },
	{ "ocreg_by_province", "Theo tỉnh, thành phố", "By province" },
	{ "ocreg_by_stars", "Theo hạng sao", "By stars" },
	{ "ocreg_by_group", "Theo nhóm sản phẩm", "By product group" },
	{ "ocreg_unplaced", "Xã trước sắp xếp 2025 (chưa xác định tỉnh mới)",
	  "Communes before the 2025 reorganisation (province not placed)" },
	{ "ocreg_chart_province", "Số sản phẩm OCOP còn hiệu lực theo tỉnh, "
	  "thành phố", "Certified OCOP products by province" },
	{ "ocreg_chart_stars", "Số sản phẩm OCOP còn hiệu lực theo hạng sao",
	  "Certified OCOP products by stars" },
	{ "ocreg_chart_group", "Số sản phẩm OCOP còn hiệu lực theo nhóm sản "
	  "phẩm", "Certified OCOP products by product group" },
	{ "ocreg_table_note", "Bảng dưới đây ghi cùng các số liệu của biểu đồ.",
	  "The table below gives the chart's figures." },
	{ NULL, NULL, NULL }
};
