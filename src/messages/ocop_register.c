/*
 * ocop_register.c - the message table of the public OCOP register and
 * its statistics (keys ocr_*; docs/OCOP.md section 6).
 *
 * One entry per string a person reads: key, Vietnamese, English.
 */
#include "core/msg.h"

const struct msg msg_table_ocop_register[] = {
	{ "ocr_title", "Danh sách sản phẩm OCOP", "Register of OCOP products" },
	{ "ocr_intro", "Các sản phẩm OCOP đang có giấy chứng nhận còn hiệu lực, "
	  "theo hồ sơ trên nền tảng này. Tìm không cần dấu: “mat ong” tìm "
	  "được “Mật ong”.",
	  "OCOP products holding a valid certificate, from this platform's "
	  "records. Search without diacritics: “mat ong” finds “Mật ong”." },
	{ "ocr_search", "Tìm sản phẩm, chủ thể hoặc địa phương",
	  "Search a product, producer or place" },
	{ "ocr_province", "Tỉnh, thành phố", "Province" },
	{ "ocr_all_provinces", "Cả nước", "Nationwide" },
	{ "ocr_stars", "Hạng sao", "Stars" },
	{ "ocr_all_stars", "Mọi hạng sao", "Any stars" },
	{ "ocr_stars_n", "sao", "stars" },
	{ "ocr_group", "Nhóm sản phẩm", "Product group" },
	{ "ocr_all_groups", "Mọi nhóm", "Every group" },
	{ "ocr_filter", "Tìm", "Search" },
	{ "ocr_product", "Sản phẩm", "Product" },
	{ "ocr_producer", "Chủ thể", "Producer" },
	{ "ocr_place", "Địa phương", "Place" },
	{ "ocr_commune", "Xã, phường", "Commune" },
	{ "ocr_range", "Sản phẩm", "Products" },
	{ "ocr_none", "Không có sản phẩm nào khớp với điều kiện tìm.",
	  "No product matches." },
	{ "ocr_statistics_link", "Thống kê sản phẩm OCOP",
	  "OCOP statistics" },
	{ "ocr_back", "Danh sách sản phẩm OCOP", "Register of OCOP products" },
	{ "ocr_certificate", "Giấy chứng nhận", "Certificate" },
	{ "ocr_number", "Số giấy chứng nhận", "Certificate number" },
	{ "ocr_verify", "Kiểm tra giấy chứng nhận", "Verify the certificate" },
	{ "ocr_level", "Cấp công nhận", "Recognised by" },
	{ "ocr_level_province", "Cấp tỉnh", "Province" },
	{ "ocr_level_central", "Cấp Trung ương", "Central level" },
	{ "ocr_level_district", "Cấp huyện (trước 01/7/2025)",
	  "District (before 1 July 2025)" },
	{ "ocr_issued", "Ngày cấp", "Issued on" },
	{ "ocr_expires", "Có hiệu lực đến hết ngày", "Valid until" },
	{ "ocr_status", "Tình trạng", "Status" },
	{ "ocr_description", "Giới thiệu sản phẩm", "About the product" },
	{ "ocr_standards", "Tiêu chuẩn, chứng nhận", "Standards held" },
	{ "ocr_photos", "Ảnh sản phẩm", "Photos" },
	{ "ocr_photo_alt", "Ảnh sản phẩm", "Photo of the product" },
	{ "ocr_no_photos", "Chưa có ảnh sản phẩm.", "No photo yet." },
	{ "ocr_stats_title", "Thống kê sản phẩm OCOP",
	  "OCOP products in figures" },
	{ "ocr_stats_intro", "Số sản phẩm đang có giấy chứng nhận OCOP còn "
	  "hiệu lực, theo tỉnh, hạng sao và nhóm sản phẩm.",
	  "Products holding a valid OCOP certificate, by province, stars and "
	  "product group." },
	{ "ocr_stats_date", "Số liệu ngày", "Figures of" },
	{ "ocr_stats_source", "Nguồn: hồ sơ trên nền tảng này. Đây không "
	  "phải số liệu toàn quốc: chỉ tính các giấy chứng nhận đã được ghi "
	  "nhận trên nền tảng.",
	  "Source: this platform's records. This is not the national count: "
	  "only the certificates recorded on the platform are counted." },
	{ "ocr_total", "Tổng số", "Total" },
	{ "ocr_count", "Số sản phẩm", "Products" },
	{ "ocr_by_province", "Theo tỉnh, thành phố", "By province" },
	{ "ocr_by_stars", "Theo hạng sao", "By stars" },
	{ "ocr_by_group", "Theo nhóm sản phẩm", "By product group" },
	{ "ocr_unplaced", "Xã trước sắp xếp 2025 (chưa xác định tỉnh mới)",
	  "Communes before the 2025 reorganisation (province not placed)" },
	{ "ocr_chart_province", "Số sản phẩm OCOP còn hiệu lực theo tỉnh, "
	  "thành phố", "Certified OCOP products by province" },
	{ "ocr_chart_stars", "Số sản phẩm OCOP còn hiệu lực theo hạng sao",
	  "Certified OCOP products by stars" },
	{ "ocr_chart_group", "Số sản phẩm OCOP còn hiệu lực theo nhóm sản "
	  "phẩm", "Certified OCOP products by product group" },
	{ "ocr_table_note", "Bảng dưới đây ghi cùng các số liệu của biểu đồ.",
	  "The table below gives the chart's figures." },
	{ NULL, NULL, NULL }
};
